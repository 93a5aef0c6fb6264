from .netbuilder import Net, at


def net() -> Net:
    return Net().person("ann").request("r1", "2026-11-02T10:00", "ann", "me")


def test_a_disabled_rule_is_skipped() -> None:
    found = net().check("2026-11-03", settings={"ignored-request": {"enabled": False}})
    assert "ignored-request" not in {f.rule for f in found}


def test_a_threshold_can_be_changed() -> None:
    found = net().check(
        "2026-11-03", "ignored-request", settings={"ignored-request": {"due_days": 5}}
    )
    assert [f.due for f in found] == [at("2026-11-07T10:00")]


def test_settings_of_other_rules_do_not_leak() -> None:
    found = net().check("2026-11-03", "ignored-request", settings={"ask-too-big": {"due_days": 9}})
    assert [f.due for f in found] == [at("2026-11-05T10:00")]
