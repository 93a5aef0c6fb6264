from .netbuilder import Net, at, keys

RULE = "never-offered-help"


def helped() -> Net:
    return Net().person("tim", "Tim Park").favor("f1", "2026-11-03T10:00", "tim")


def met_twice() -> Net:
    return Net().person("tim").meeting("2026-10-01T09:00", "tim").call("2026-10-08T09:00", "tim")


def test_it_is_due_a_week_after_the_first_favor() -> None:
    assert keys(helped().check("2026-11-04", RULE)) == {
        (RULE, "tim", None, "due", at("2026-11-10T10:00"), "medium")
    }


def test_it_is_due_a_week_after_the_second_meeting_or_call() -> None:
    assert [f.due for f in met_twice().check("2026-10-09", RULE)] == [at("2026-10-15T09:00")]


def test_it_counts_whichever_came_first() -> None:
    net = met_twice().favor("f1", "2026-10-05", "tim")
    assert [f.due for f in net.check("2026-10-09", RULE)] == [at("2026-10-12")]


def test_one_meeting_is_not_enough() -> None:
    assert Net().person("tim").meeting("2026-10-01", "tim").check("2026-12-01", RULE) == []


def test_emails_are_not_meetings_or_calls() -> None:
    net = Net().person("tim").interaction("2026-10-01", "tim").interaction("2026-10-02", "tim")
    assert net.check("2026-12-01", RULE) == []


def test_it_is_overdue_after_the_week_and_raised_a_week_later() -> None:
    assert [(f.state, f.severity) for f in helped().check("2026-11-10T10:00:01", RULE)] == [
        ("overdue", "medium")
    ]
    assert [(f.state, f.severity) for f in helped().check("2026-11-17T10:00:01", RULE)] == [
        ("overdue", "high")
    ]


def test_an_offer_settles_it_even_late() -> None:
    assert helped().offer("2026-11-30", "tim").check("2026-12-01", RULE) == []


def test_an_offer_before_the_favor_settles_it() -> None:
    assert helped().offer("2026-10-01", "tim").check("2026-12-01", RULE) == []


def test_doing_them_a_favor_settles_it() -> None:
    net = helped().favor("f2", "2026-11-05", "me", to="tim")
    assert net.check("2026-12-01", RULE) == []


def test_doing_what_they_asked_settles_it() -> None:
    net = helped().request("r1", "2026-11-04", "tim", "me").update("r1", "2026-11-05", "done")
    assert net.check("2026-12-01", RULE) == []


def test_declining_what_they_asked_does_not_settle_it() -> None:
    net = helped().request("r1", "2026-11-04", "tim", "me").update("r1", "2026-11-05", "declined")
    assert len(net.check("2026-12-01", RULE)) == 1


def test_renewal_is_a_low_reminder_due_at_once() -> None:
    net = helped().offer("2025-11-01", "tim").interaction("2026-10-15", "tim")
    assert keys(net.check("2026-11-05", RULE)) == {
        (RULE, "tim", None, "due", at("2026-11-05"), "low")
    }


def test_renewal_waits_365_days_after_the_last_offer() -> None:
    net = helped().offer("2025-11-05", "tim").interaction("2026-10-15", "tim")
    assert net.check("2026-11-05", RULE) == []
    assert len(net.check("2026-11-05T00:00:01", RULE)) == 1


def test_renewal_counts_the_last_offer() -> None:
    net = (
        helped()
        .offer("2024-11-01", "tim")
        .offer("2026-01-01", "tim")
        .interaction("2026-10-15", "tim")
    )
    assert net.check("2026-11-05", RULE) == []


def test_renewal_needs_contact_in_the_last_90_days() -> None:
    net = helped().offer("2025-06-01", "tim").interaction("2026-08-06", "tim")
    assert net.check("2026-11-05", RULE) == []
    assert len(net.check("2026-11-04", RULE)) == 1
