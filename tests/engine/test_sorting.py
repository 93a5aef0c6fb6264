from .netbuilder import Net


def test_it_sorts_overdue_then_due_then_warnings_by_due_then_person() -> None:
    net = (
        Net()
        .person("ann")
        .person("bob")
        .person("cat", label="best friend")
        .request("r-ann", "2026-11-01T10:00", "ann", "me")
        .request("r-bob", "2026-11-01T09:00", "bob", "me")
        .request("r-new", "2026-11-05T09:00", "ann", "me")
        .request("r-bob2", "2026-11-05T09:00", "bob", "me")
        .ask("a-cat", "2026-11-05", "cat", size=5)
    )
    found = net.check("2026-11-06")
    assert [(f.state, f.person, f.rule, f.subject) for f in found] == [
        ("overdue", "bob", "ignored-request", "r-bob"),
        ("overdue", "ann", "ignored-request", "r-ann"),
        ("due", "ann", "ignored-request", "r-new"),
        ("due", "bob", "ignored-request", "r-bob2"),
        ("warning", "cat", "ask-too-big", "a-cat"),
        ("warning", "cat", "misrepresented-relationship", None),
        ("warning", "cat", "taking-without-giving", "a-cat"),
    ]
