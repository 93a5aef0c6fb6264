from .netbuilder import Net


def net() -> Net:
    net = Net().person("tim").person("ann").offer("2026-01-01", "tim").offer("2026-01-01", "ann")
    for n, day in enumerate(("2026-10-01", "2026-10-02", "2026-10-03")):
        net.favor(f"f{n}", day, "tim").thanks(day, "tim").interaction(day, "tim")
    return net.favor("f9", "2026-10-04", "ann")


def test_it_keeps_only_that_persons_findings() -> None:
    found = net().check("2026-10-05", person="ann")
    assert {(f.rule, f.person) for f in found} == {
        ("no-thank-you", "ann"),
        ("no-follow-up", "ann"),
    }


def test_it_drops_network_wide_findings() -> None:
    everyone = net().check("2026-10-05")
    assert ("taking-without-giving", None) in {(f.rule, f.person) for f in everyone}
    # Tim's own relationship is fine; the network-wide warning is not his.
    assert net().check("2026-10-05", person="tim") == []
