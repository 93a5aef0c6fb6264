from .netbuilder import Net, keys

RULE = "taking-without-giving"


def net() -> Net:
    return Net().person("tim", "Tim Park").meeting("2026-10-01", "tim")


def test_it_warns_about_asking_before_giving() -> None:
    found = net().ask("r1", "2026-11-03", "tim", size=2).check("2026-11-04", RULE)
    assert keys(found) == {(RULE, "tim", "r1", "warning", None, "medium")}


def test_it_lets_a_small_ask_through() -> None:
    assert net().ask("r1", "2026-11-03", "tim", size=1).check("2026-11-04", RULE) == []


def test_an_earlier_offer_is_giving_first() -> None:
    given = net().offer("2026-10-01", "tim").ask("r1", "2026-11-03", "tim", size=4)
    assert given.check("2026-11-04", RULE) == []


def test_an_earlier_favor_is_giving_first() -> None:
    given = net().favor("f1", "2026-10-20", "me", to="tim").ask("r1", "2026-11-03", "tim")
    assert given.check("2026-11-04", RULE) == []


def test_doing_what_they_asked_is_giving_first() -> None:
    given = (
        net()
        .request("q1", "2026-10-10", "tim", "me")
        .update("q1", "2026-10-12", "done")
        .ask("r1", "2026-11-03", "tim")
    )
    assert given.check("2026-11-04", RULE) == []


def test_giving_at_the_same_moment_is_not_before() -> None:
    same = net().offer("2026-11-03", "tim").ask("r1", "2026-11-03", "tim")
    assert [f.subject for f in same.check("2026-11-04", RULE)] == ["r1"]


def test_a_withdrawn_ask_still_counts() -> None:
    found = (
        net()
        .ask("r1", "2026-11-03", "tim")
        .update("r1", "2026-11-03T12:00", "withdrawn")
        .check("2026-11-04", RULE)
    )
    assert [f.subject for f in found] == ["r1"]


def received(n: int, gave: int, start: int = 1) -> Net:
    net = Net().person("tim").offer("2026-01-01", "tim")
    for i in range(n):
        net.favor(f"in{i}", f"2026-10-{start + i:02d}", "tim")
    for i in range(gave):
        net.favor(f"out{i}", f"2026-10-{start + i:02d}T12:00", "me", to="tim")
    return net


def test_it_warns_network_wide_when_taking_much_more_than_giving() -> None:
    found = received(3, 1).check("2026-11-01", RULE)
    assert keys(found) == {(RULE, None, None, "warning", None, "medium")}
    assert "3 favors" in found[0].message


def test_giving_half_as_many_is_enough() -> None:
    assert received(4, 2).check("2026-11-01", RULE) == []


def test_it_needs_at_least_three_favors_received() -> None:
    assert received(2, 0).check("2026-11-01", RULE) == []


def test_it_only_looks_at_the_last_90_days() -> None:
    assert received(3, 0, start=1).check("2026-12-30T00:00", RULE) != []
    assert received(3, 0, start=1).check("2026-12-30T00:00:01", RULE) == []
