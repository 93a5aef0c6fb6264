from .netbuilder import Net


def net() -> Net:
    """A referral acted on at once; the loop with Tim is never closed (a low reminder)."""
    return (
        Net()
        .person("tim")
        .person("dana")
        .offer("2026-01-01", "tim")
        .favor("f1", "2026-11-01T10:00", "tim", kind="intro", refers_to="dana")
        .thanks("2026-11-01T11:00", "tim")
        .interaction("2026-11-01T12:00", "dana")
    )


def test_low_is_raised_to_medium_after_more_than_7_days_overdue() -> None:
    found = net().check("2026-11-22T12:00:01", "no-follow-up")
    assert [(f.state, f.severity) for f in found] == [("overdue", "medium")]


def test_low_stays_low_up_to_7_days_overdue() -> None:
    found = net().check("2026-11-22T12:00:00", "no-follow-up")
    assert [(f.state, f.severity) for f in found] == [("overdue", "low")]


def test_high_stays_high() -> None:
    asked = (
        Net()
        .person("ann")
        .request("r1", "2026-11-01", "ann", "me")
        .update("r1", "2026-11-02", "asked_again")
    )
    assert [f.severity for f in asked.check("2026-12-01", "ignored-request")] == ["high"]


def test_warnings_are_never_raised() -> None:
    old = Net().person("zoe").ask("r1", "2025-01-01", "zoe", size=5)
    assert {f.severity for f in old.check("2026-11-01")} == {"medium"}
