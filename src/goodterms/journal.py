"""The journal format (JSON Lines): reading, checking and writing one line.

This module knows the public contract (../shared/JOURNAL.md) and nothing about
storage: `parse_line` turns a text line into a checked `Line` whose values are
typed (aware datetimes, dates, ints) and whose references are listed, so that
the caller can check them against the rest of the file and the store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from goodterms.engine.model import (
    DIRECTIONS,
    FAVOR_DEFAULT_SIZE,
    FAVOR_KINDS,
    INTERACTION_KINDS,
    ME,
    REQUEST_DEFAULT_SIZE,
    THANKS_CHANNELS,
    UPDATE_STATUSES,
    default_direction,
)
from goodterms.timeparse import TimeFormatError, format_moment, parse_date, parse_moment


class LineError(ValueError):
    """Why one journal line is refused."""


# How each field is read. Kinds: text, texts (list of text), date, moment,
# due (a moment; a date alone is the end of the day), bool, minutes (int >= 0),
# size (1-5), choice, person (a person id), party (me or a person id),
# people (non-empty list of person ids), favor, request (ids of those kinds).
@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()


def _f(name: str, kind: str, required: bool = False, choices: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(name, kind, required, choices)


SPECS: dict[str, tuple[FieldSpec, ...]] = {
    "person": (
        _f("id", "text", True),
        _f("name", "text", True),
        _f("emails", "texts"),
        _f("phones", "texts"),
        _f("org", "text"),
        _f("title", "text"),
        _f("location", "text"),
        _f("linkedin", "text"),
        _f("met_on", "date"),
        _f("met_how", "text"),
        _f("introduced_by", "person"),
        _f("label", "text"),
        _f("close", "bool"),
        _f("tags", "texts"),
        _f("notes", "text"),
    ),
    "interaction": (
        _f("id", "text"),
        _f("at", "moment", True),
        _f("with", "people", True),
        _f("kind", "choice", True, INTERACTION_KINDS),
        _f("direction", "choice", False, DIRECTIONS),
        _f("summary", "text"),
        _f("place", "text"),
        _f("initiated_by", "party"),
        _f("time_chosen_by", "party"),
        _f("their_travel_minutes", "minutes"),
    ),
    "favor": (
        _f("id", "text", True),
        _f("at", "moment", True),
        _f("from", "party", True),
        _f("to", "party", True),
        _f("kind", "choice", True, FAVOR_KINDS),
        _f("size", "size"),
        _f("what", "text"),
        _f("refers_to", "person"),
    ),
    "request": (
        _f("id", "text", True),
        _f("at", "moment", True),
        _f("from", "party", True),
        _f("to", "party", True),
        _f("what", "text", True),
        _f("size", "size"),
        _f("due", "due"),
    ),
    "request_update": (
        _f("id", "text"),
        _f("request", "request", True),
        _f("at", "moment", True),
        _f("status", "choice", True, UPDATE_STATUSES),
        _f("note", "text"),
    ),
    "thanks": (
        _f("id", "text"),
        _f("at", "moment", True),
        _f("from", "party", True),
        _f("to", "party", True),
        _f("for", "favor"),
        _f("channel", "choice", False, THANKS_CHANNELS),
    ),
    "offer": (
        _f("id", "text"),
        _f("at", "moment", True),
        _f("from", "party", True),
        _f("to", "party", True),
        _f("what", "text"),
    ),
    "share": (
        _f("id", "text"),
        _f("at", "moment", True),
        _f("contact", "person", True),
        _f("to", "person", True),
        _f("given_by", "person"),
        _f("with_permission", "bool"),
    ),
}
TYPES: tuple[str, ...] = tuple(SPECS)
# Types whose `from`/`to` must have "me" on exactly one side.
ME_ON_ONE_SIDE = ("favor", "request", "thanks", "offer")
# The short prefix of an id derived from a line's content.
ID_PREFIX = {
    "interaction": "i",
    "request_update": "u",
    "thanks": "t",
    "offer": "o",
    "share": "s",
    "person": "p",
    "favor": "f",
    "request": "r",
}
REF_KINDS = {"person": "person", "party": "person", "people": "person", "favor": "favor",
             "request": "request"}


@dataclass(frozen=True)
class LineProblem:
    """A line that could not be read, passed along so that checking can list it."""

    number: int
    reason: str


LineSource = Callable[[Callable[[int], bool] | None], Iterator["Line | LineProblem"]]
"""Opens the lines of a source afresh each time it is called (importing reads them
more than once); given a predicate on line numbers, it may skip the others unread."""


@dataclass(slots=True)
class Line:
    """One checked journal line."""

    type: str
    id: str
    values: dict[str, Any]  # known fields, typed; only those present (plus defaults)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, untouched
    number: int = 0
    derived_id: bool = False
    _digest: str = ""

    def refs(self) -> list[tuple[str, str, str]]:
        """(field, id, type it must be) for each reference to another record."""
        out: list[tuple[str, str, str]] = []
        for spec in SPECS[self.type]:
            target = REF_KINDS.get(spec.kind)
            value = self.values.get(spec.name)
            if target is None or value is None:
                continue
            for ident in value if isinstance(value, list) else [value]:
                if ident != ME:
                    out.append((spec.name, ident, target))
        return out

    def digest(self) -> str:
        """A hash of the line as it will be stored: equal digests, nothing to update."""
        if not self._digest:
            self._digest = content_hash({"type": self.type, "id": self.id,
                                         **to_plain(self.values), "\x00extra": self.extra})
        return self._digest


def content_hash(obj: Mapping[str, Any]) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def derive_id(obj: Mapping[str, Any]) -> str:
    """The id of a line that has none: the same content always gives the same id."""
    kind = str(obj.get("type"))
    return f"{ID_PREFIX.get(kind, 'x')}-{content_hash(obj)[:16]}"


def to_plain(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, datetime | date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise LineError(f"'{name}' must be a text, not {_json_kind(value)}")
    return value


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a text"


def _read_field(spec: FieldSpec, value: Any, tz: tzinfo) -> Any:
    name, kind = spec.name, spec.kind
    if kind == "text":
        text = _text(value, name)
        if spec.required and not text.strip():
            raise LineError(f"'{name}' is empty")
        return text
    if kind == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LineError(f"'{name}' must be a list of texts")
        return list(value)
    if kind == "date":
        try:
            return parse_date(_text(value, name))
        except TimeFormatError as exc:
            raise LineError(f"'{name}': {exc}") from None
    if kind in ("moment", "due"):
        try:
            return parse_moment(_text(value, name), tz, end_of_day=kind == "due")
        except TimeFormatError as exc:
            raise LineError(f"'{name}': {exc}") from None
    if kind == "bool":
        if not isinstance(value, bool):
            raise LineError(f"'{name}' must be true or false")
        return value
    if kind == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise LineError(f"'{name}' must be a whole number of minutes, 0 or more")
        return value
    if kind == "size":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise LineError(f"'{name}' must be a whole number from 1 to 5, not {value!r}")
        return value
    if kind == "choice":
        if value not in spec.choices:
            raise LineError(
                f"unknown {name} {json.dumps(value)} (one of: {', '.join(spec.choices)})"
            )
        return value
    if kind == "people":
        if not isinstance(value, list) or not value:
            raise LineError(f"'{name}' must be a non-empty list of person ids")
        people: list[str] = []
        for item in value:
            ident = _ident(item, name)
            if ident == ME:
                raise LineError(f"'{name}' lists me; list only the other people")
            if ident not in people:
                people.append(ident)
        return people
    if kind == "party":
        return _ident(value, name)
    # person, favor, request: an id of that kind
    ident = _ident(value, name)
    if ident == ME:
        raise LineError(f"'{name}' cannot be me")
    return ident


def _ident(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"'{name}' must be an id (a non-empty text)")
    return value


def check_object(obj: Any, tz: tzinfo, number: int = 0) -> Line:
    """Check one decoded journal object and return it typed, with its id."""
    if not isinstance(obj, dict):
        raise LineError("a journal line must be a JSON object")
    kind = obj.get("type")
    if kind not in SPECS:
        if kind is None:
            raise LineError("the line has no 'type'")
        raise LineError(f"unknown type {json.dumps(kind)} (one of: {', '.join(TYPES)})")
    specs = SPECS[kind]
    known = {s.name for s in specs}
    values: dict[str, Any] = {}
    for spec in specs:
        raw = obj.get(spec.name)
        if raw is None:
            if spec.required:
                raise LineError(f"a {kind} line needs '{spec.name}'")
            continue
        values[spec.name] = _read_field(spec, raw, tz)
    extra = {k: v for k, v in obj.items() if k not in known and k != "type"}
    derived = "id" not in values
    ident = values.pop("id", None) or derive_id(obj)
    if ident == ME:
        raise LineError("'me' is the owner of the network: it cannot be declared or used as an id")
    _apply_defaults(kind, values)
    _check_sides(kind, values)
    return Line(kind, ident, values, extra, number, derived)


def _apply_defaults(kind: str, values: dict[str, Any]) -> None:
    if kind == "interaction":
        values.setdefault("direction", default_direction(values["kind"]))
    elif kind == "favor":
        values.setdefault("size", FAVOR_DEFAULT_SIZE[values["kind"]])
    elif kind == "request":
        values.setdefault("size", REQUEST_DEFAULT_SIZE)


def _check_sides(kind: str, values: Mapping[str, Any]) -> None:
    if kind in ME_ON_ONE_SIDE:
        sides = (values["from"] == ME, values["to"] == ME)
        if all(sides):
            raise LineError(f"a {kind} cannot be from me to me")
        if not any(sides):
            raise LineError(f"a {kind} must be from me or to me ('from' or 'to' must be \"me\")")
    elif kind == "share" and values["contact"] == values["to"]:
        raise LineError("a share passes a contact on to someone else: 'contact' and 'to' differ")


def parse_line(text: str, tz: tzinfo, number: int = 0) -> Line | None:
    """One line of a journal file; None for a blank line."""
    if not text.strip():
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    refuse_nul(obj, text)
    return check_object(obj, tz, number)


def refuse_nul(obj: Any, text: str | None = None) -> None:
    """Raise LineError if a journal object holds the NUL character anywhere: no database
    keeps it in a text, and no person types it, so it is refused, not lost. `text` is
    the object's JSON when at hand (else it is written): JSON writes NUL as \\u0000, so
    a search of the text, at C speed, clears almost every object without a walk."""
    if text is None:
        text = json.dumps(obj, ensure_ascii=False, default=str)
    if "\\u0000" in text.lower() and has_nul(obj):
        raise LineError("a text contains the NUL character (\\u0000)")


def has_nul(value: Any) -> bool:
    """Whether a JSON value holds the NUL character anywhere (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


# ---------------------------------------------------------------- writing

def line_to_object(line: Line, tz: tzinfo) -> dict[str, Any]:
    """The journal object for a line, in the table's field order, extra fields last."""
    obj: dict[str, Any] = {"type": line.type, "id": line.id}
    for spec in SPECS[line.type]:
        if spec.name == "id" or spec.name not in line.values:
            continue
        value = line.values[spec.name]
        if isinstance(value, datetime):
            value = format_moment(value, tz)
        elif isinstance(value, date):
            value = value.isoformat()
        obj[spec.name] = value
    for key, value in line.extra.items():
        if key not in obj:
            obj[key] = value
    return obj


# Characters that some line splitters (Python's str.splitlines, JavaScript) take for
# the end of a line: escaped, so that one object is always one line for any reader.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(obj: Mapping[str, Any]) -> str:
    """One journal line (without the newline): UTF-8 text, no line break inside."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_LINE_BREAKS)


