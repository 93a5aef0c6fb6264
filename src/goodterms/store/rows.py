"""Between journal lines and database rows, both ways, for every kind of line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from goodterms.engine.model import ME
from goodterms.journal import Line
from goodterms.store import models as m

# Plain fields copied as they are between a line's values and the row.
PLAIN: dict[str, tuple[str, ...]] = {
    "person": ("name", "emails", "phones", "org", "title", "location", "linkedin", "met_on",
               "met_how", "label", "close", "tags", "notes"),
    "interaction": ("at", "kind", "direction", "summary", "place", "their_travel_minutes"),
    "favor": ("at", "kind", "size", "what"),
    "request": ("at", "what", "size", "due"),
    "request_update": ("at", "status", "note"),
    "thanks": ("at", "channel"),
    "offer": ("at", "what"),
    "share": ("at", "with_permission"),
}
# Defaults a row takes where the line says nothing.
EMPTY: dict[str, Any] = {
    "emails": [], "phones": [], "tags": [], "with_permission": False,
}
TEXT_FIELDS = {"org", "title", "location", "linkedin", "met_how", "label", "notes", "summary",
               "place", "what", "note", "channel"}
# Reference fields: journal field -> (row attribute, map it resolves in, may be me).
REFS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "person": {"introduced_by": ("introduced_by_id", "person", False)},
    "interaction": {
        "initiated_by": ("initiated_by_id", "person", True),
        "time_chosen_by": ("time_chosen_by_id", "person", True),
    },
    "favor": {"from": ("from_person_id", "person", True), "to": ("to_person_id", "person", True),
              "refers_to": ("refers_to_id", "person", False)},
    "request": {"from": ("from_person_id", "person", True), "to": ("to_person_id", "person", True)},
    "request_update": {"request": ("request_id", "request", False)},
    "thanks": {"from": ("from_person_id", "person", True), "to": ("to_person_id", "person", True),
               "for": ("favor_id", "favor", False)},
    "offer": {"from": ("from_person_id", "person", True), "to": ("to_person_id", "person", True)},
    "share": {"contact": ("contact_id", "person", False), "to": ("to_id", "person", False),
              "given_by": ("given_by_id", "person", False)},
}
# For "me or a person" fields that are not from/to, a flag says "me".
ME_FLAGS = {"initiated_by": "initiated_by_me", "time_chosen_by": "time_chosen_by_me"}

Maps = Mapping[str, Mapping[str, int]]  # kind -> ident -> pk

IDENT_LENGTH = 200  # the ident column, and so every reference
BIGGEST_INT = 2**31 - 1  # an integer column on every database


def _text_limits(kind: str) -> dict[str, int | None]:
    """The length limit of each plain field of a kind (None: a text of any length)."""
    model = m.MODELS[kind]
    return {name: getattr(model._meta.get_field(name), "max_length", None)
            for name in PLAIN[kind]}


TEXT_LIMITS = {kind: _text_limits(kind) for kind in PLAIN}


def unstorable(line: Line) -> str | None:
    """Why the database cannot hold a well-formed line (a text longer than its column,
    a time outside the calendar, a number too big), or None. Checked for every line
    before anything is written, whoever wrote it: a journal, the CLI, the web, the API."""
    if len(line.id) > IDENT_LENGTH:
        return f"'id' is longer than {IDENT_LENGTH} characters"
    limits = TEXT_LIMITS[line.type]
    for name, value in line.values.items():
        if isinstance(value, datetime):
            try:
                value.astimezone(UTC)
            except (OverflowError, ValueError):
                return f"'{name}' is out of range"
        elif isinstance(value, int) and not isinstance(value, bool) and value > BIGGEST_INT:
            return f"'{name}' is too large"
        elif isinstance(value, str):
            # A field that is not a column of its own is a reference: an id.
            limit = limits.get(name, IDENT_LENGTH)
            if limit is not None and len(value) > limit:
                return f"'{name}' is longer than {limit} characters"
        elif name == "with" and isinstance(value, list) and any(
                len(v) > IDENT_LENGTH for v in value):
            return f"'{name}' has an id longer than {IDENT_LENGTH} characters"
    return None


def row_fields(line: Line, maps: Maps, unresolved: list[tuple[str, str]] | None = None
               ) -> dict[str, Any]:
    """The column values for a line. References must resolve in `maps`, except
    those listed to `unresolved` (set later by the caller)."""
    values = line.values
    fields: dict[str, Any] = {"extra": line.extra, "digest": line.digest()}
    for name in PLAIN[line.type]:
        value = values.get(name)
        if value is None:
            value = EMPTY.get(name, "" if name in TEXT_FIELDS else None)
        fields[name] = value
    for name, (attr, kind, _may_be_me) in REFS[line.type].items():
        ident = values.get(name)
        flag = ME_FLAGS.get(name)
        if flag:
            fields[flag] = ident == ME
        if ident is None or ident == ME:
            fields[attr] = None
            continue
        pk = maps[kind].get(ident)
        if pk is None:
            if unresolved is None:
                raise KeyError(f"{name} {ident} is not stored")
            unresolved.append((name, ident))
        fields[attr] = pk
    return fields


# ---------------------------------------------------------------- reading rows back

def _value_fields(kind: str) -> list[str]:
    fields = ["ident", "extra", *PLAIN[kind]]
    for name, (attr, _ref_kind, _) in REFS[kind].items():
        fields.append(attr.removesuffix("_id") + "__ident")
        if name in ME_FLAGS:
            fields.append(ME_FLAGS[name])
    return fields


def iter_lines(owner: Any, kind: str, chunk: int = 2000, only: str | None = None
               ) -> Iterator[Line]:
    """Every stored record of one kind (or the one with id `only`) as journal lines,
    streamed, in a stable order."""
    model = m.MODELS[kind]
    qs = model._default_manager.filter(owner=owner)
    if only is not None:
        qs = qs.filter(ident=only)
    order = ("at", "ident") if kind != "person" else ("ident",)
    names = _value_fields(kind)
    people = _interaction_people(owner, only) if kind == "interaction" else None
    for row in qs.order_by(*order).values(*names, "pk").iterator(chunk_size=chunk):
        values: dict[str, Any] = {}
        for name in PLAIN[kind]:
            value = row[name]
            if value in (None, "", []) or (name == "with_permission" and value is False):
                continue
            values[name] = value
        for name, (attr, _ref_kind, may_be_me) in REFS[kind].items():
            ident = row[attr.removesuffix("_id") + "__ident"]
            if ident is None and (
                (name in ("from", "to") and may_be_me) or row.get(ME_FLAGS.get(name, ""), False)
            ):
                ident = ME
            if ident is not None:
                values[name] = ident
        if people is not None:
            values["with"] = people.take(row["pk"])
        yield Line(kind, row["ident"], values, dict(row["extra"] or {}))


class _PeopleStream:
    """The people of each interaction, read in the same order as the interactions
    themselves, so that exporting holds one interaction's people at a time."""

    def __init__(self, rows: Iterator[tuple[int, str]]) -> None:
        self.rows = rows
        self.pending: tuple[int, str] | None = next(rows, None)

    def take(self, interaction_id: int) -> list[str]:
        people: list[str] = []
        while self.pending is not None and self.pending[0] == interaction_id:
            people.append(self.pending[1])
            self.pending = next(self.rows, None)
        return people


def _interaction_people(owner: Any, only: str | None) -> _PeopleStream:
    through = m.Interaction.people.through
    links = through.objects.filter(interaction__owner=owner)
    if only is not None:
        links = links.filter(interaction__ident=only)
    rows = links.order_by("interaction__at", "interaction__ident", "id").values_list(
        "interaction_id", "person__ident")
    return _PeopleStream(rows.iterator(chunk_size=5000))


def stored_line(owner: Any, kind: str, ident: str) -> Line | None:
    return next(iter_lines(owner, kind, only=ident), None)
