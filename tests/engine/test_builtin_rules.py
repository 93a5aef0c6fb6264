from goodterms.engine import BUILTIN_RULES, Rule

EXPECTED_DEFAULTS = {
    "ask-too-big": {"slack": 1},
    "no-follow-up": {"acknowledge_days": 2, "act_days": 7, "close_loop_days": 14},
    "ignored-request": {"due_days": 3},
    "never-offered-help": {
        "offer_days": 7,
        "renew_days": 365,
        "active_days": 90,
        "min_meetings": 2,
    },
    "no-thank-you": {"big_favor_size": 4},
    "misrepresented-relationship": {"slack": 1},
    "overused-referral": {"repeat_asks": 3, "repeat_window_days": 30},
    "burdensome-meeting": {"travel_minutes": 15, "new_depth": 1},
    "taking-without-giving": {"min_size": 2, "window_days": 90, "min_received": 3, "ratio": 0.5},
}

CAUSES = {
    "ask-too-big": "inexperience",
    "no-follow-up": "accident",
    "ignored-request": "accident",
    "never-offered-help": "inexperience",
    "no-thank-you": "accident",
    "misrepresented-relationship": "miscommunication",
    "overused-referral": "miscommunication",
    "burdensome-meeting": "inexperience",
    "taking-without-giving": "inexperience",
}


def test_it_has_the_nine_rules_in_rulebook_order() -> None:
    assert [rule.id for rule in BUILTIN_RULES] == list(EXPECTED_DEFAULTS)


def test_each_rule_has_its_thresholds_and_cause() -> None:
    for rule in BUILTIN_RULES:
        assert isinstance(rule, Rule)
        assert dict(rule.defaults) == EXPECTED_DEFAULTS[rule.id]
        assert rule.cause == CAUSES[rule.id]
        assert rule.description and "\n" not in rule.description
