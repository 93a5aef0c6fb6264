from datetime import UTC, date, datetime

import pytest

from goodterms.engine import BUILTIN_RULES, know, run_check

from .netbuilder import Net, at


def busy_day() -> Net:
    """Everything at 10:00 on 3 Nov would give findings of several rules."""
    return (
        Net()
        .person("tim")
        .person("dana")
        .person("sam")
        .favor("f1", "2026-11-03T10:00", "tim", kind="referral", refers_to="dana")
        .request("r1", "2026-11-03T10:00", "tim", "me")
        .ask("a1", "2026-11-03T10:00", "sam", size=5)
        .share("s1", "2026-11-03T10:00", "dana", "sam", given_by="tim")
        .meeting("2026-11-03T10:00", "sam", time_chosen_by="me")
    )


def test_events_after_as_of_do_not_exist() -> None:
    assert busy_day().check("2026-11-03T09:59:59") == []


def test_events_at_the_very_moment_exist() -> None:
    assert {f.rule for f in busy_day().check("2026-11-03T10:00")} == {
        "no-thank-you",
        "no-follow-up",
        "never-offered-help",
        "ignored-request",
        "ask-too-big",
        "taking-without-giving",
        "overused-referral",
        "burdensome-meeting",
    }


def test_a_met_on_date_after_as_of_is_ignored() -> None:
    net = Net().person("tim", "Tim Park", met_on=date(2026, 12, 1))
    assert know(net.snapshot(), at("2026-11-03"), "tim", UTC).startswith(
        "You have no record of meeting Tim Park."
    )


def test_as_of_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        run_check(Net().snapshot(), datetime(2026, 11, 3), tz=UTC, rules=BUILTIN_RULES)
