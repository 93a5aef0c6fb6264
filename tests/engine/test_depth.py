from datetime import date
from zoneinfo import ZoneInfo

from goodterms.engine import depth

from .netbuilder import Net, at


def interactions(n: int) -> Net:
    """n emails to Tim, one a day from 1 Jan 2026."""
    net = Net().person("tim")
    for i in range(n):
        net.interaction(f"2026-01-{i + 1:02d}", "tim")
    return net


def depth_of(net: Net, before: str) -> int:
    return depth(net.snapshot(), "tim", at(before, net.tz), tz=net.tz)


def test_it_is_0_without_interactions() -> None:
    net = Net().person("tim", met_on=date(2020, 1, 1), close=True)
    assert depth_of(net, "2026-11-01") == 0


def test_notes_are_not_interactions() -> None:
    net = Net().person("tim").interaction("2026-10-01", "tim", kind="note")
    assert depth_of(net, "2026-11-01") == 0


def test_it_is_1_after_one_interaction() -> None:
    assert depth_of(interactions(1), "2026-11-01") == 1


def test_it_counts_strictly_before_the_moment() -> None:
    assert depth_of(interactions(1), "2026-01-01") == 0
    assert depth_of(interactions(1), "2026-01-01T00:00:01") == 1


def test_it_is_2_after_3_interactions_and_30_days() -> None:
    net = Net().person("tim")
    for day in ("2026-10-01", "2026-10-02", "2026-10-03"):
        net.interaction(day, "tim")
    assert depth_of(net, "2026-10-30T23:59:59") == 1  # known 29 days and a bit
    assert depth_of(net, "2026-10-31") == 2  # known exactly 30 × 24 hours


def test_met_on_counts_from_the_start_of_that_day_in_the_users_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    net = Net(tz=paris).person("tim", met_on=date(2026, 9, 1))
    for day in ("2026-10-01", "2026-10-02", "2026-10-03"):
        net.interaction(day, "tim")
    assert depth_of(net, "2026-10-01T00:00:01") == 1
    assert depth_of(net, "2026-10-03T12:00") == 2
    assert depth(net.snapshot(), "tim", at("2026-10-01T00:00", paris), tz=paris) == 0


def established(n: int, *, close: bool = False, favors: bool = True) -> Net:
    net = Net().person("tim", met_on=date(2026, 1, 1), close=close)
    for i in range(n):
        net.interaction(f"2026-02-{i + 1:02d}", "tim")
    if favors:
        net.favor("f1", "2026-03-01", "tim").favor("f2", "2026-03-02", "me", to="tim")
    return net


def test_it_is_3_after_6_interactions_180_days_and_a_favor_each_way() -> None:
    assert depth_of(established(6), "2026-06-30") == 3  # 180 days after 1 Jan
    assert depth_of(established(6), "2026-06-29T23:59:59") == 2
    assert depth_of(established(5), "2026-07-30") == 2


def test_it_needs_a_favor_each_way() -> None:
    one_way = established(6, favors=False).favor("f1", "2026-03-01", "tim")
    assert depth_of(one_way, "2026-08-01") == 2


def test_a_request_marked_done_is_not_a_favor() -> None:
    done = (
        established(6, favors=False)
        .favor("f1", "2026-03-01", "tim")
        .request("r1", "2026-03-02", "tim", "me")
        .update("r1", "2026-03-03", "done")
    )
    assert depth_of(done, "2026-08-01") == 2


def test_it_is_4_when_established_and_close() -> None:
    assert depth_of(established(6, close=True), "2026-08-01") == 4


def test_close_alone_does_not_make_it_deep() -> None:
    assert depth_of(established(5, close=True), "2026-08-01") == 2
