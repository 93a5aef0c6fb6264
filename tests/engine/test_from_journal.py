from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from goodterms.engine import Snapshot, snapshot_from_journal_dicts

LONDON = ZoneInfo("Europe/London")


def snap(*lines: dict[str, Any], tz: tzinfo = UTC) -> Snapshot:
    return snapshot_from_journal_dicts(lines, tz)


def test_a_date_alone_is_the_start_of_the_day_in_the_users_zone() -> None:
    thanks = snap({"type": "thanks", "at": "2026-07-01", "from": "me", "to": "tim"}, tz=LONDON)
    assert thanks.thanks[0].at == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)


def test_a_time_without_offset_is_in_the_users_zone() -> None:
    offer = snap({"type": "offer", "at": "2026-07-01T09:00", "from": "me", "to": "tim"}, tz=LONDON)
    assert offer.offers[0].at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_a_time_with_an_offset_keeps_it() -> None:
    line = {"type": "offer", "at": "2026-07-01T09:00+02:00", "from": "me", "to": "tim"}
    assert snap(line, tz=LONDON).offers[0].at == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_interaction_direction_defaults_by_kind() -> None:
    base = {"type": "interaction", "at": "2026-07-01", "with": ["tim"]}
    directions = [
        snap({**base, "kind": kind}).interactions[0].direction
        for kind in ("meeting", "call", "email", "message")
    ]
    assert directions == ["both", "both", "out", "out"]
    given = snap({**base, "kind": "message", "direction": "in"})
    assert given.interactions[0].direction == "in"


def test_favor_size_defaults_by_kind() -> None:
    base = {"type": "favor", "id": "f", "at": "2026-07-01", "from": "tim", "to": "me"}
    kinds = ("advice", "meeting", "intro", "referral")
    sizes = [snap({**base, "kind": kind}).favors[0].size for kind in kinds]
    assert sizes == [1, 2, 3, 4]
    assert snap({**base, "kind": "advice", "size": 5}).favors[0].size == 5


def test_request_size_defaults_to_2_and_a_due_date_means_its_end() -> None:
    line = {
        "type": "request",
        "id": "r",
        "at": "2026-07-01",
        "from": "tim",
        "to": "me",
        "what": "x",
        "due": "2026-07-04",
    }
    [request] = snap(line, tz=LONDON).requests
    assert request.size == 2
    assert request.due == datetime(2026, 7, 4, 23, 59, 59, tzinfo=LONDON)


def test_a_line_without_id_gets_a_stable_one() -> None:
    line = {"type": "thanks", "at": "2026-07-01", "from": "me", "to": "tim"}
    assert snap(line).thanks[0].id == snap(dict(line)).thanks[0].id


def test_it_says_which_line_is_wrong() -> None:
    with pytest.raises(ValueError, match="line 2: unknown type"):
        snap({"type": "person", "id": "tim", "name": "Tim"}, {"type": "favour"})
    with pytest.raises(ValueError, match="line 1: bad favor"):
        snap({"type": "favor", "id": "f"})
