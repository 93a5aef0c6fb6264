from .netbuilder import Net, keys

RULE = "overused-referral"


def net() -> Net:
    return (
        Net()
        .person("tim", "Tim Park")
        .person("dana", "Dana Ruiz")
        .person("sam", "Sam Ode")
        .person("lee", "Lee Chan")
    )


def test_it_warns_about_passing_on_a_contact_without_permission() -> None:
    found = net().share("s1", "2026-11-04", "dana", "sam", given_by="tim").check("2026-11-05", RULE)
    assert keys(found) == {(RULE, "tim", "s1", "warning", None, "medium")}
    assert "Dana Ruiz" in found[0].message and "Sam Ode" in found[0].message


def test_it_accepts_a_share_with_permission() -> None:
    shared = net().share("s1", "2026-11-04", "dana", "sam", given_by="tim", with_permission=True)
    assert shared.check("2026-11-05", RULE) == []


def test_the_giver_falls_back_to_the_favor_that_referred_the_contact() -> None:
    found = (
        net()
        .favor("f1", "2026-11-01", "tim", kind="contact", refers_to="dana")
        .share("s1", "2026-11-04", "dana", "sam")
        .check("2026-11-05", RULE)
    )
    assert [f.person for f in found] == ["tim"]


def test_the_fallback_looks_at_favors_before_the_share_then_who_introduced() -> None:
    found = (
        net()
        .person("dana", "Dana Ruiz", introduced_by="lee")
        .share("s1", "2026-11-04", "dana", "sam")
        .favor("f1", "2026-11-04T12:00", "tim", kind="contact", refers_to="dana")
        .check("2026-11-05", RULE)
    )
    assert [f.person for f in found] == ["lee"]


def test_it_says_nothing_when_nobody_gave_me_the_contact() -> None:
    assert net().share("s1", "2026-11-04", "dana", "sam").check("2026-11-05", RULE) == []


def test_it_warns_once_for_each_person_it_was_passed_to() -> None:
    found = (
        net()
        .share("s1", "2026-11-04", "dana", "sam", given_by="tim")
        .share("s2", "2026-11-05", "dana", "lee", given_by="tim")
        .share("s3", "2026-11-06", "dana", "sam", given_by="tim")
        .check("2026-11-07", RULE)
    )
    assert [f.subject for f in found] == ["s1", "s2"]


def test_it_ignores_a_share_after_as_of() -> None:
    shared = net().share("s1", "2026-11-04", "dana", "sam", given_by="tim")
    assert shared.check("2026-11-03", RULE) == []


def asked(*days: str) -> Net:
    asking = net()
    for n, day in enumerate(days, start=1):
        asking.ask(f"r{n}", day, "tim", size=1)
    return asking


def test_it_warns_about_three_asks_within_30_days_with_the_latest_as_subject() -> None:
    found = asked("2026-10-01", "2026-10-15", "2026-10-31").check("2026-11-05", RULE)
    assert keys(found) == {(RULE, "tim", "r3", "warning", None, "medium")}


def test_three_asks_over_more_than_30_days_are_fine() -> None:
    assert asked("2026-10-01", "2026-10-15", "2026-10-31T00:00:01").check("2026-11-05", RULE) == []


def test_it_gives_one_warning_per_contact() -> None:
    found = asked("2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04").check("2026-11-05", RULE)
    assert [f.subject for f in found] == ["r4"]


def test_a_withdrawn_ask_still_counts() -> None:
    found = (
        asked("2026-10-01", "2026-10-02", "2026-10-03")
        .update("r3", "2026-10-04", "withdrawn")
        .check("2026-11-05", RULE)
    )
    assert [f.subject for f in found] == ["r3"]


def test_the_number_of_asks_can_be_changed() -> None:
    found = asked("2026-10-01", "2026-10-02").check(
        "2026-11-05", RULE, settings={RULE: {"repeat_asks": 2}}
    )
    assert [f.subject for f in found] == ["r2"]
