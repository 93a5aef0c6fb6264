from .netbuilder import Net, keys

RULE = "ask-too-big"


def new_contact() -> Net:
    """Tim: one meeting, so depth 1 (a new contact)."""
    return Net().person("tim", "Tim Park").meeting("2026-11-02T09:00", "tim")


def acquainted() -> Net:
    """Sam: three interactions over more than 30 days, so depth 2."""
    return (
        Net()
        .person("sam", "Sam Ode")
        .meeting("2026-09-01", "sam")
        .interaction("2026-09-15", "sam")
        .call("2026-10-02", "sam")
    )


def test_it_warns_about_an_ask_two_sizes_beyond_the_depth() -> None:
    net = new_contact().ask("r1", "2026-11-03", "tim", size=3, what="an intro to your manager")
    assert keys(net.check("2026-11-04", RULE)) == {(RULE, "tim", "r1", "warning", None, "medium")}


def test_it_accepts_an_ask_one_size_beyond_the_depth() -> None:
    assert new_contact().ask("r1", "2026-11-03", "tim", size=2).check("2026-11-04", RULE) == []


def test_it_warns_about_a_coffee_with_a_stranger() -> None:
    net = Net().person("zoe").ask("r1", "2026-11-03", "zoe", size=2)
    assert [f.subject for f in net.check("2026-11-04", RULE)] == ["r1"]


def test_it_judges_the_depth_before_the_ask() -> None:
    net = acquainted().ask("r1", "2026-09-20", "sam", size=3)
    assert [f.subject for f in net.check("2026-11-04", RULE)] == ["r1"]


def test_it_accepts_the_same_ask_once_the_relationship_is_deeper() -> None:
    assert acquainted().ask("r1", "2026-10-03", "sam", size=3).check("2026-11-04", RULE) == []


def test_a_withdrawn_ask_still_counts() -> None:
    net = (
        new_contact().ask("r1", "2026-11-03", "tim", size=4).update("r1", "2026-11-04", "withdrawn")
    )
    assert [f.subject for f in net.check("2026-11-05", RULE)] == ["r1"]


def test_it_ignores_an_ask_after_as_of() -> None:
    assert (
        new_contact().ask("r1", "2026-11-03", "tim", size=5).check("2026-11-02T12:00", RULE) == []
    )


def test_it_ignores_asks_made_to_me() -> None:
    net = Net().person("zoe").request("r1", "2026-11-03", "zoe", "me", size=5)
    assert net.check("2026-11-04", RULE) == []


def test_it_suggests_a_fitting_ask_and_asking_first() -> None:
    net = new_contact().ask("r1", "2026-11-03", "tim", size=4, what="a referral to Acme")
    [finding] = net.check("2026-11-04", RULE)
    assert "a 20-minute call or a coffee" in finding.action
    assert "ask first whether the ask is all right" in finding.action
    assert "Tim Park" in finding.message


def test_slack_can_be_changed() -> None:
    net = new_contact().ask("r1", "2026-11-03", "tim", size=2)
    found = net.check("2026-11-04", RULE, settings={RULE: {"slack": 0}})
    assert [f.subject for f in found] == ["r1"]
