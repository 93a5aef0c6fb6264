from .netbuilder import Net, at, keys

RULE = "ignored-request"


def net() -> Net:
    return Net().person("ann", "Ann Lee").request("r1", "2026-11-02T10:00", "ann", "me")


def test_it_is_due_three_days_after_the_ask() -> None:
    assert keys(net().check("2026-11-03", RULE)) == {
        (RULE, "ann", "r1", "due", at("2026-11-05T10:00"), "medium")
    }


def test_it_is_due_at_the_due_moment_and_overdue_after() -> None:
    assert [f.state for f in net().check("2026-11-05T10:00:00", RULE)] == ["due"]
    assert [f.state for f in net().check("2026-11-05T10:00:01", RULE)] == ["overdue"]


def test_an_explicit_due_date_overrides_the_default() -> None:
    asked = Net().person("ann").request("r1", "2026-11-02T10:00", "ann", "me", due="2026-11-20")
    assert [f.due for f in asked.check("2026-11-10", RULE)] == [at("2026-11-20")]


def test_it_ends_when_done() -> None:
    assert net().update("r1", "2026-11-04", "done").check("2026-11-10", RULE) == []


def test_it_ends_when_declined() -> None:
    assert net().update("r1", "2026-11-04", "declined").check("2026-11-10", RULE) == []


def test_it_ends_when_withdrawn() -> None:
    assert net().update("r1", "2026-11-04", "withdrawn").check("2026-11-10", RULE) == []


def test_it_ends_even_when_answered_late() -> None:
    assert net().update("r1", "2026-11-20", "done").check("2026-11-21", RULE) == []


def test_it_ignores_an_answer_after_as_of() -> None:
    found = net().update("r1", "2026-11-20", "done").check("2026-11-10", RULE)
    assert [f.state for f in found] == ["overdue"]


def test_asking_again_makes_it_high_and_keeps_the_due_date() -> None:
    found = net().update("r1", "2026-11-04", "asked_again").check("2026-11-04T12:00", RULE)
    assert keys(found) == {(RULE, "ann", "r1", "due", at("2026-11-05T10:00"), "high")}
    assert "2 times" in found[0].message


def test_the_message_counts_every_time_they_asked() -> None:
    found = (
        net()
        .update("r1", "2026-11-04", "asked_again")
        .update("r1", "2026-11-08", "asked_again")
        .check("2026-11-09", RULE)
    )
    assert "Ann Lee has asked you 3 times" in found[0].message


def test_it_raises_severity_when_more_than_7_days_overdue() -> None:
    assert [f.severity for f in net().check("2026-11-12T10:00:01", RULE)] == ["high"]
    assert [f.severity for f in net().check("2026-11-12T10:00:00", RULE)] == ["medium"]


def test_it_ignores_my_own_asks() -> None:
    mine = Net().person("ann").ask("r1", "2026-11-02T10:00", "ann")
    assert mine.check("2026-11-10", RULE) == []


def test_it_offers_a_reply_and_a_clear_no() -> None:
    [finding] = net().check("2026-11-03", RULE)
    assert "Hi Ann" in finding.action
    assert "clear" in finding.action
