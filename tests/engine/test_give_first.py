from goodterms.engine import give_first

from .netbuilder import Net, at


def ideas(net: Net, as_of: str = "2026-11-05") -> list[str]:
    return [idea.person for idea in give_first(net.snapshot(), at(as_of), net.tz)]


def test_it_lists_people_who_did_more_for_me_most_owed_first() -> None:
    net = (
        Net()
        .person("ann", "Ann Lee")
        .person("tim", "Tim Park")
        .favor("f1", "2026-10-01", "ann")
        .favor("f2", "2026-10-02", "tim")
        .favor("f3", "2026-10-03", "tim")
    )
    assert ideas(net) == ["tim", "ann"]


def test_it_leaves_out_people_i_gave_as_much() -> None:
    net = (
        Net()
        .person("ann")
        .favor("f1", "2026-10-01", "ann")
        .favor("f2", "2026-10-02", "me", to="ann")
    )
    assert ideas(net) == []


def test_doing_what_they_asked_counts_as_giving() -> None:
    net = (
        Net()
        .person("ann")
        .favor("f1", "2026-10-01", "ann")
        .request("r1", "2026-10-02", "ann", "me")
        .update("r1", "2026-10-03", "done")
    )
    assert ideas(net) == []


def test_it_lists_open_requests_to_me() -> None:
    net = Net().person("ann", "Ann Lee").request("r1", "2026-10-01", "ann", "me", what="a intro")
    [idea] = give_first(net.snapshot(), at("2026-11-05"), net.tz)
    assert idea.person == "ann"
    assert '"a intro"' in idea.reason
    assert idea.suggestion.startswith('Answer Ann: "Hi Ann')


def test_it_leaves_out_answered_requests() -> None:
    for status in ("done", "declined", "withdrawn"):
        net = (
            Net()
            .person("ann")
            .request("r1", "2026-10-01", "ann", "me")
            .update("r1", "2026-10-02", status)
        )
        assert ideas(net) == []


def test_it_ignores_events_after_as_of() -> None:
    net = Net().person("ann").favor("f1", "2026-12-01", "ann")
    assert ideas(net) == []


def test_the_suggestion_offers_help_by_name() -> None:
    net = Net().person("tim", "Tim Park").favor("f1", "2026-10-01", "tim")
    [idea] = give_first(net.snapshot(), at("2026-11-05"), net.tz)
    assert idea.reason == "Tim Park has done you 1 favor and you have done 0 things for Tim."
    assert idea.suggestion.startswith('Ask Tim how you can help: "Hi Tim,')
