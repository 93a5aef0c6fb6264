from goodterms.engine import PLANNED_ASK, Interaction, preflight_ask

from .netbuilder import Net, at


def net() -> Net:
    return Net().person("tim", "Tim Park").meeting("2026-11-02T09:00", "tim")


def planned(net: Net, size: int, **kw: object) -> list[tuple[str, str | None]]:
    found = preflight_ask(
        net.snapshot(),
        at("2026-11-05T12:00"),
        tz=net.tz,
        person="tim",
        what="a referral to Acme",
        size=size,
        **kw,  # type: ignore[arg-type]
    )
    return [(f.rule, f.subject) for f in found]


def test_it_warns_about_a_planned_ask_too_big_and_before_giving() -> None:
    assert planned(net(), 4) == [
        ("ask-too-big", PLANNED_ASK),
        ("taking-without-giving", PLANNED_ASK),
    ]


def test_a_fitting_ask_after_giving_passes() -> None:
    assert planned(net().offer("2026-11-02T10:00", "tim"), 2) == []


def test_the_action_says_what_would_fit_instead() -> None:
    found = preflight_ask(
        net().snapshot(),
        at("2026-11-05T12:00"),
        tz=net().tz,
        person="tim",
        what="a referral to Acme",
        size=4,
    )
    actions = {f.rule: f.action for f in found}
    assert "a 20-minute call or a coffee" in actions["ask-too-big"]
    assert "Give first" in actions["taking-without-giving"]


def test_it_counts_the_planned_ask_among_recent_asks() -> None:
    asked = net().offer("2026-10-01", "tim").ask("r1", "2026-10-20", "tim", size=1)
    asked.ask("r2", "2026-10-28", "tim", size=1)
    assert planned(asked, 1) == [("overused-referral", PLANNED_ASK)]


def test_it_reports_only_findings_about_the_planned_ask() -> None:
    busy = net().ask("r1", "2026-11-03", "tim", size=5).favor("f1", "2026-11-01", "tim")
    assert planned(busy.offer("2026-11-04", "tim"), 2) == []


def test_it_judges_a_planned_meeting_in_the_future() -> None:
    meeting = Interaction(
        id="planned-meeting",
        at=at("2026-11-12T09:00"),
        with_=("tim",),
        kind="meeting",
        time_chosen_by="me",
    )
    found = planned(net().offer("2026-11-02T10:00", "tim"), 2, meeting=meeting)
    assert found == [("burdensome-meeting", "planned-meeting")]


def test_a_planned_meeting_on_their_terms_passes() -> None:
    meeting = Interaction(
        id="planned-meeting",
        at=at("2026-11-12T09:00"),
        with_=("tim",),
        kind="meeting",
        time_chosen_by="tim",
        their_travel_minutes=0,
    )
    assert planned(net().offer("2026-11-02T10:00", "tim"), 2, meeting=meeting) == []


def test_it_does_not_reuse_an_existing_id() -> None:
    taken = net().offer("2026-11-02T10:00", "tim").ask(PLANNED_ASK, "2026-11-03", "tim", size=1)
    assert planned(taken, 4) == [("ask-too-big", f"{PLANNED_ASK}-2")]


def test_a_disabled_rule_is_not_applied() -> None:
    settings = {"taking-without-giving": {"enabled": False}}
    assert planned(net(), 4, settings=settings) == [("ask-too-big", PLANNED_ASK)]
