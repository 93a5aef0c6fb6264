from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .netbuilder import Net, at, keys

END_OF_DAY = at("2026-11-03T23:59:59")


def net() -> Net:
    return Net().person("tim", "Tim Park").favor("f1", "2026-11-03T10:00", "tim")


def test_it_is_due_at_the_end_of_the_day_of_the_favor() -> None:
    assert keys(net().check("2026-11-03T12:00", "no-thank-you")) == {
        ("no-thank-you", "tim", "f1", "due", END_OF_DAY, "medium")
    }


def test_it_is_still_due_at_the_due_moment() -> None:
    [finding] = net().check("2026-11-03T23:59:59", "no-thank-you")
    assert finding.state == "due"


def test_it_is_overdue_one_second_later() -> None:
    [finding] = net().check("2026-11-04T00:00:00", "no-thank-you")
    assert finding.state == "overdue"


def test_it_uses_the_end_of_the_day_in_the_users_time_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    favor_net = Net(tz=new_york).person("tim").favor("f1", "2026-11-03T22:00", "tim")
    # 23:30 in New York is already the next day in UTC, but still the favor's day.
    [finding] = favor_net.check("2026-11-03T23:30", "no-thank-you")
    assert finding.due == datetime(2026, 11, 4, 4, 59, 59, tzinfo=UTC)
    assert finding.state == "due"
    [late] = favor_net.check("2026-11-04T00:00", "no-thank-you")
    assert late.state == "overdue"


def test_it_is_settled_by_a_thanks_naming_the_favor() -> None:
    found = net().thanks("2026-11-03T18:00", "tim", for_="f1").check("2026-11-05", "no-thank-you")
    assert found == []


def test_it_is_settled_by_a_late_thanks() -> None:
    found = net().thanks("2026-11-09T09:00", "tim", for_="f1").check("2026-11-10", "no-thank-you")
    assert found == []


def test_it_ignores_a_thanks_dated_before_the_favor() -> None:
    found = net().thanks("2026-11-02T09:00", "tim", for_="f1").check("2026-11-05", "no-thank-you")
    assert [f.subject for f in found] == ["f1"]


def test_it_ignores_a_named_thanks_to_someone_else() -> None:
    found = (
        net()
        .person("ann")
        .thanks("2026-11-03T18:00", "ann", for_="f1")
        .check("2026-11-05", "no-thank-you")
    )
    assert [f.subject for f in found] == ["f1"]


def test_it_ignores_a_thanks_after_as_of() -> None:
    found = net().thanks("2026-11-06T09:00", "tim", for_="f1").check("2026-11-05", "no-thank-you")
    assert [f.subject for f in found] == ["f1"]


def test_it_ignores_a_favor_after_as_of() -> None:
    assert net().check("2026-11-03T09:59", "no-thank-you") == []


def test_unnamed_thanks_settles_the_oldest_unthanked_favor() -> None:
    found = (
        net()
        .favor("f2", "2026-11-04T10:00", "tim")
        .thanks("2026-11-04T12:00", "tim")
        .check("2026-11-05", "no-thank-you")
    )
    assert [f.subject for f in found] == ["f2"]


def test_unnamed_thanks_includes_a_favor_at_the_same_moment() -> None:
    assert net().thanks("2026-11-03T10:00", "tim").check("2026-11-05", "no-thank-you") == []


def test_unnamed_thanks_before_the_favor_settles_nothing() -> None:
    found = net().thanks("2026-11-02T10:00", "tim").check("2026-11-05", "no-thank-you")
    assert [f.subject for f in found] == ["f1"]


def test_unnamed_thanks_skips_a_favor_already_thanked_by_name() -> None:
    found = (
        net()
        .favor("f2", "2026-11-03T11:00", "tim")
        .thanks("2026-11-03T12:00", "tim", for_="f1")
        .thanks("2026-11-03T13:00", "tim")
        .check("2026-11-05", "no-thank-you")
    )
    assert found == []


def test_every_favor_needs_its_own_thanks() -> None:
    found = (
        net()
        .favor("f2", "2026-11-03T11:00", "tim")
        .thanks("2026-11-03T12:00", "tim")
        .check("2026-11-05", "no-thank-you")
    )
    assert [f.subject for f in found] == ["f2"]


def test_it_suggests_a_note_or_gift_for_a_big_favor() -> None:
    big = Net().person("tim").favor("f1", "2026-11-03T10:00", "tim", kind="referral")
    [finding] = big.check("2026-11-03T12:00", "no-thank-you")
    assert "handwritten note" in finding.action


def test_it_does_not_suggest_a_gift_for_a_small_favor() -> None:
    [finding] = net().check("2026-11-03T12:00", "no-thank-you")
    assert "gift" not in finding.action
    assert finding.action.startswith('Send Tim a thank-you: "Hi Tim,')


def test_it_raises_severity_when_more_than_7_days_overdue() -> None:
    [finding] = net().check("2026-11-11T00:00:00", "no-thank-you")
    assert (finding.state, finding.severity) == ("overdue", "high")


def test_it_keeps_severity_at_exactly_7_days_overdue() -> None:
    [finding] = net().check("2026-11-10T23:59:59", "no-thank-you")
    assert finding.severity == "medium"


def test_it_ignores_favors_i_did() -> None:
    gave = Net().person("tim").favor("f1", "2026-11-03T10:00", "me", to="tim")
    assert gave.check("2026-11-05", "no-thank-you") == []
