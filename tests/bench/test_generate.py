"""The synthetic network generator (bench/generate.py) writes valid, seeded journals."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    name = "goodterms_bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _load()

END = date(2026, 11, 20)
INTERACTION_KINDS = {"meeting", "call", "email", "message", "note"}
FAVOR_KINDS = {
    "advice",
    "intro",
    "referral",
    "contact",
    "job_lead",
    "resume_forward",
    "recommendation",
    "meeting",
    "other",
}
STATUSES = {"done", "declined", "withdrawn", "asked_again"}
CHANNELS = {"email", "note", "call", "in_person", "gift", "message"}
REQUIRED = {
    "person": {"id", "name"},
    "interaction": {"at", "with", "kind"},
    "favor": {"id", "at", "from", "to", "kind"},
    "request": {"id", "at", "from", "to", "what"},
    "request_update": {"request", "at", "status"},
    "thanks": {"at", "from", "to"},
    "offer": {"at", "from", "to"},
    "share": {"at", "contact", "to"},
}
OPTIONAL = {
    "person": {
        "emails", "phones", "org", "title", "location", "linkedin", "met_on", "met_how",
        "introduced_by", "label", "close", "tags", "notes",
    },
    "interaction": {
        "id", "direction", "summary", "place", "initiated_by", "time_chosen_by",
        "their_travel_minutes",
    },
    "favor": {"size", "what", "refers_to"},
    "request": {"size", "due"},
    "request_update": {"id", "note"},
    "thanks": {"id", "for", "channel"},
    "offer": {"id", "what"},
    "share": {"id", "given_by", "with_permission"},
}  # fmt: skip


def _lines(people: int, seed: int = 1, lines_per_person: int = 20) -> list[dict[str, Any]]:
    return list(gen.generate(people, seed=seed, lines_per_person=lines_per_person, end=END))


def _moment(value: str) -> datetime:
    """A journal time: ISO 8601 without an offset, or a date alone (start of that day)."""
    assert isinstance(value, str)
    if "T" in value:
        moment = datetime.fromisoformat(value)
        assert moment.tzinfo is None, value
        return moment
    day = date.fromisoformat(value)
    return datetime(day.year, day.month, day.day)


def validate(lines: list[dict[str, Any]]) -> Counter[str]:
    """Check every line against JOURNAL.md; returns the count of each type."""
    people: set[str] = set()
    favors: dict[str, dict[str, Any]] = {}
    requests: set[str] = set()
    ids: set[str] = set()
    types: Counter[str] = Counter()
    last: datetime | None = None
    events_started = False
    start, stop = datetime(2025, 5, 1), datetime(END.year, END.month, END.day)

    def person(ref: Any) -> None:
        assert ref in people, f"unknown person {ref!r}"

    def me_and_person(line: dict[str, Any]) -> None:
        sides = [line["from"], line["to"]]
        assert sides.count("me") == 1, line
        person(sides[0] if sides[1] == "me" else sides[1])

    for n, line in enumerate(lines, 1):
        kind = line["type"]
        types[kind] += 1
        assert kind in REQUIRED, line
        keys = set(line) - {"type"}
        assert REQUIRED[kind] <= keys, (n, line)
        assert keys <= REQUIRED[kind] | OPTIONAL[kind], (n, line)
        if "id" in line:
            assert isinstance(line["id"], str) and line["id"], line
            assert line["id"] not in ids, f"duplicate id {line['id']} on line {n}"
            assert line["id"] != "me"
            ids.add(line["id"])
        if kind == "person":
            assert not events_started, f"person line {n} after events"
            if "introduced_by" in line:
                person(line["introduced_by"])
            if "met_on" in line:
                date.fromisoformat(line["met_on"])
            if "close" in line:
                assert isinstance(line["close"], bool)
            for field in ("emails", "phones", "tags"):
                if field in line:
                    assert isinstance(line[field], list) and line[field]
            people.add(line["id"])
            continue
        events_started = True
        at = _moment(line["at"])
        assert start <= at < stop, line
        assert last is None or at >= last, f"line {n} is out of time order"
        last = at
        if kind == "interaction":
            assert line["kind"] in INTERACTION_KINDS, line
            assert 1 <= len(line["with"]) <= 2 and len(set(line["with"])) == len(line["with"])
            for p in line["with"]:
                person(p)
            if "direction" in line:
                assert line["direction"] in {"out", "in", "both"}
            for field in ("initiated_by", "time_chosen_by"):
                if field in line and line[field] != "me":
                    person(line[field])
            if "their_travel_minutes" in line:
                assert line["kind"] == "meeting"
                assert isinstance(line["their_travel_minutes"], int)
        elif kind == "favor":
            assert line["kind"] in FAVOR_KINDS, line
            me_and_person(line)
            if "refers_to" in line:
                person(line["refers_to"])
                assert line["refers_to"] not in (line["from"], line["to"])
            favors[line["id"]] = line
        elif kind == "request":
            me_and_person(line)
            if "due" in line:
                assert _moment(line["due"]) >= at.replace(hour=0, minute=0)
            requests.add(line["id"])
        elif kind == "request_update":
            assert line["request"] in requests, line
            assert line["status"] in STATUSES, line
        elif kind == "thanks":
            me_and_person(line)
            if "for" in line:
                favor = favors[line["for"]]
                assert (favor["from"], favor["to"]) == (line["to"], line["from"]), line
                assert at >= _moment(favor["at"])
            if "channel" in line:
                assert line["channel"] in CHANNELS
        elif kind == "offer":
            me_and_person(line)
        elif kind == "share":
            person(line["contact"])
            person(line["to"])
            assert line["contact"] != line["to"]
            if "given_by" in line:
                person(line["given_by"])
            if "with_permission" in line:
                assert isinstance(line["with_permission"], bool)
        if "size" in line:
            assert isinstance(line["size"], int) and 1 <= line["size"] <= 5, line
    return types


@pytest.fixture(scope="module")
def small() -> list[dict[str, Any]]:
    return _lines(50, seed=1)


def test_same_seed_same_journal(small: list[dict[str, Any]]) -> None:
    assert _lines(50, seed=1) == small


def test_other_seed_other_journal(small: list[dict[str, Any]]) -> None:
    assert _lines(50, seed=2) != small


def test_line_count_near_people_times_lines_per_person(small: list[dict[str, Any]]) -> None:
    assert abs(len(small) - 50 * 20) <= 0.15 * 50 * 20
    for people, per in ((50, 10), (120, 20), (30, 40)):
        n = sum(1 for _ in gen.generate(people, seed=3, lines_per_person=per, end=END))
        assert abs(n - people * per) <= 0.15 * people * per, (people, per, n)


def test_every_line_is_valid(small: list[dict[str, Any]]) -> None:
    types = validate(small)
    assert types["person"] == 50
    assert [line["id"] for line in small[:50]] == [f"p{i:06d}" for i in range(50)]


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_other_seeds_and_sizes_are_valid(seed: int) -> None:
    validate(_lines(80, seed=seed, lines_per_person=15))


def test_tiny_networks() -> None:
    for people in (0, 1, 2, 3):
        lines = _lines(people, seed=5)
        validate(lines)
        assert sum(line["type"] == "person" for line in lines) == people
    assert [line["type"] for line in _lines(10, lines_per_person=1)] == ["person"] * 10


def test_variety() -> None:
    """Every type, kind, status and field the journal offers shows up in a bigger network."""
    lines = _lines(300, seed=7)
    types = validate(lines)
    assert set(types) == set(REQUIRED)
    interactions = [x for x in lines if x["type"] == "interaction"]
    assert {x["kind"] for x in interactions} == INTERACTION_KINDS
    assert any(len(x["with"]) == 2 for x in interactions)
    assert any("their_travel_minutes" in x and "time_chosen_by" in x for x in interactions)
    favors = [x for x in lines if x["type"] == "favor"]
    for side in ("from", "to"):
        assert {x["kind"] for x in favors if x[side] == "me"} == FAVOR_KINDS
    assert any("refers_to" in x for x in favors)
    requests = [x for x in lines if x["type"] == "request"]
    assert any(x["from"] == "me" for x in requests) and any(x["to"] == "me" for x in requests)
    assert any("due" in x for x in requests)
    statuses = {x["status"] for x in lines if x["type"] == "request_update"}
    assert statuses == STATUSES
    thanks = [x for x in lines if x["type"] == "thanks"]
    assert any("for" in x for x in thanks) and any("for" not in x for x in thanks)
    shares = [x for x in lines if x["type"] == "share"]
    assert any("given_by" in x for x in shares)
    assert {x.get("with_permission") for x in shares} >= {True, False}
    persons = lines[:300]
    assert 0.1 <= sum("introduced_by" in x for x in persons) / 300 <= 0.3
    assert any(x.get("close") for x in persons)
    assert any("phones" in x for x in persons) and any("tags" in x for x in persons)
    assert any(len(x["at"]) == 10 for x in lines[300:])  # some dates alone
    # About 18 months of events before the end.
    first, last = _moment(lines[300]["at"]), _moment(lines[-1]["at"])
    assert timedelta(days=500) <= last - first <= timedelta(days=548)


def test_mostly_healthy() -> None:
    """Most favors to me are thanked the same day, but not all of them."""
    lines = _lines(300, seed=8)
    favors = {x["id"]: x for x in lines if x["type"] == "favor" and x["to"] == "me"}
    thanked_same_day = set()
    for x in lines:
        if (
            x["type"] == "thanks"
            and x.get("for") in favors
            and x["at"][:10] == favors[x["for"]]["at"][:10]
        ):
            thanked_same_day.add(x["for"])
    # Thanks that name no favor also count, so this is a lower bound.
    share = len(thanked_same_day) / len(favors)
    assert 0.4 <= share < 1.0, share


def test_write_matches_json_dumps(tmp_path: Path) -> None:
    stream = io.StringIO()
    n = gen.write(stream, 20, seed=4)
    text = stream.getvalue()
    expected = "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        for line in gen.generate(20, seed=4)
    )
    assert text == expected
    assert n == text.count("\n")
    path = tmp_path / "network.jsonl"
    assert gen.write(path, 20, seed=4) == n
    assert path.read_text(encoding="utf-8") == text
    assert "ö" in text or "é" in text or "ø" in text  # names are not escaped


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "n.jsonl"
    assert gen.main(["--people", "15", "--seed", "9", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines == list(gen.generate(15, seed=9))
    assert gen.main(["--people", "15", "--seed", "9", "--end", "2025-01-01"]) == 0
    printed = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert printed == list(gen.generate(15, seed=9, end=date(2025, 1, 1)))
    assert printed[-1]["at"] < "2025-01-01"
