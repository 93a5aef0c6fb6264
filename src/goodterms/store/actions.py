"""Every change to stored data goes through here, each in one transaction.

The CLI, the importers and (later) the web app and the API all call these
functions; nothing else writes to the goodterms tables. The central one is
`import_lines`: journal lines in, stored records out. Logging one event from
the command line is importing one line.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from goodterms.errors import JournalRefused, NotFound
from goodterms.journal import Line, LineError, LineProblem, LineSource
from goodterms.store import models as m
from goodterms.store.rows import PLAIN, REFS, row_fields

BATCH = 1000
# The order in which kinds are written: each only refers to kinds written before it.
PHASES: tuple[tuple[str, ...], ...] = (
    ("person",),
    ("interaction", "favor", "request", "offer", "share"),
    ("thanks", "request_update"),
)
PHASE_OF = {kind: index for index, phase in enumerate(PHASES) for kind in phase}
Progress = Callable[[int], None]  # called with the number of lines just handled


@dataclass
class KindCount:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    source: str
    counts: dict[str, KindCount] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    def count(self, kind: str) -> KindCount:
        return self.counts.setdefault(kind, KindCount())

    @property
    def total(self) -> KindCount:
        total = KindCount()
        for c in self.counts.values():
            total.new += c.new
            total.updated += c.updated
            total.unchanged += c.unchanged
        return total


# ---------------------------------------------------------------- owners

def get_owner(username: str | None = None) -> Any:
    """The user whose network a command works on.

    With no name: the first user, created (named after the login) on first use.
    """
    User = get_user_model()
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise NotFound(f"no user called '{username}'") from None
    user = User.objects.order_by("pk").first()
    if user is not None:
        return user
    with transaction.atomic():
        user = User.objects.order_by("pk").first()
        if user is None:
            user = User.objects.create_user(username=_login_name())
    return user


def _login_name() -> str:
    try:
        return getpass.getuser() or "owner"
    except Exception:  # no login name in some containers
        return "owner"


# ---------------------------------------------------------------- importing lines

def stored_kinds(owner: Any) -> dict[str, str]:
    """ident -> kind of every record the owner has."""
    out: dict[str, str] = {}
    for kind, model in m.MODELS.items():
        idents = model._default_manager.filter(owner=owner).values_list("ident", flat=True)
        for ident in idents.iterator(chunk_size=5000):
            out[ident] = kind
    return out


def check_lines(owner: Any, open_lines: LineSource, source: str,
                progress: Progress | None = None) -> bytearray:
    """Check a whole file against itself and the store; raise JournalRefused if bad.

    Returns, for each line number, the write phase its line belongs to (255 for
    none). Only ids are held in memory, never whole lines; a reference is kept
    until the end only when it points forward, at a line not read yet.
    """
    phases = bytearray(1)  # line numbers start at 1
    problems: list[tuple[int, str]] = []
    stored = stored_kinds(owner)
    defined: dict[str, tuple[str, int, int]] = {}  # ident -> (kind, digest, line)
    forward: list[tuple[int, str, str, str]] = []  # (line, field, ident, kind wanted)

    def check_ref(number: int, name: str, ident: str, kind: str, last: bool) -> None:
        found = defined[ident][0] if ident in defined else stored.get(ident)
        if found is None:
            if not last:
                forward.append((number, name, ident, kind))
                return
            problems.append((number, f"'{name}' refers to {kind} '{ident}', which is neither "
                                     "in this file nor stored"))
        elif found != kind:
            problems.append((number, f"'{name}' refers to '{ident}', which is a {found}, "
                                     f"not a {kind}"))

    for line in open_lines(None):
        if progress:
            progress(1)
        if len(phases) <= line.number:
            phases.extend(b"\xff" * (line.number + 1 - len(phases)))
        if isinstance(line, LineProblem):
            problems.append((line.number, line.reason))
            continue
        digest = int(line.digest()[:16], 16)
        seen = defined.get(line.id)
        if seen is not None:
            kind, old_digest, number = seen
            if kind != line.type:
                problems.append((line.number, f"id '{line.id}' is already a {kind} "
                                              f"(line {number})"))
            elif old_digest != digest and not line.derived_id:
                problems.append((line.number, f"id '{line.id}' is used again with other "
                                              f"content (first on line {number})"))
            continue
        other = stored.get(line.id)
        if other is not None and other != line.type:
            problems.append((line.number, f"id '{line.id}' is already stored as a {other}, "
                                          f"not a {line.type}"))
        phases[line.number] = PHASE_OF[line.type]
        defined[line.id] = (line.type, digest, line.number)
        for name, ident, kind in line.refs():
            check_ref(line.number, name, ident, kind, last=False)
    for number, name, ident, kind in forward:
        check_ref(number, name, ident, kind, last=True)
    if problems:
        problems.sort()
        raise JournalRefused(source, problems)
    return phases


def import_lines(owner: Any, open_lines: LineSource, source: str = "journal",
                 progress: Progress | None = None) -> ImportSummary:
    """Check every line, then store them all in one transaction, or nothing.

    A line whose id is stored replaces that record; an identical one changes
    nothing. Safe to interrupt: the transaction is rolled back.
    """
    phase_of = check_lines(owner, open_lines, source, progress)
    summary = ImportSummary(source)
    with transaction.atomic():
        maps: dict[str, dict[str, int]] = {"person": _pk_map(owner, "person")}
        for index, phase in enumerate(PHASES):
            writer = _Writer(owner, maps, summary)
            for line in open_lines(_in_phase(phase_of, index)):
                if progress:
                    progress(1)
                if isinstance(line, Line) and PHASE_OF[line.type] == index:
                    writer.add(line)
            writer.flush_all()
            writer.finish()
            if phase == ("person",):
                maps["person"] = _pk_map(owner, "person")
            elif "favor" in phase:
                maps["favor"] = _pk_map(owner, "favor")
                maps["request"] = _pk_map(owner, "request")
    return summary


def _in_phase(phase_of: bytearray, index: int) -> Callable[[int], bool]:
    def wanted(number: int) -> bool:
        return number < len(phase_of) and phase_of[number] == index

    return wanted


def _pk_map(owner: Any, kind: str) -> dict[str, int]:
    model = m.MODELS[kind]
    return dict(model._default_manager.filter(owner=owner).values_list("ident", "pk").iterator(
        chunk_size=5000))


class _Writer:
    """Batches lines of each kind and upserts them, skipping unchanged ones."""

    def __init__(self, owner: Any, maps: dict[str, dict[str, int]], summary: ImportSummary):
        self.owner = owner
        self.maps = maps
        self.summary = summary
        self.batches: dict[str, list[Line]] = {}
        self.fixups: list[tuple[str, str]] = []  # (person ident, introduced_by ident)

    def add(self, line: Line) -> None:
        batch = self.batches.setdefault(line.type, [])
        batch.append(line)
        if len(batch) >= BATCH:
            self.flush(line.type)

    def flush_all(self) -> None:
        for kind in list(self.batches):
            self.flush(kind)

    def flush(self, kind: str) -> None:
        batch = self.batches.pop(kind, [])
        if not batch:
            return
        model = m.MODELS[kind]
        unique: dict[str, Line] = {}
        for line in batch:
            unique[line.id] = line  # a repeated identical line is one record
        existing = {
            ident: (pk, digest)
            for ident, pk, digest in model._default_manager.filter(
                owner=self.owner, ident__in=list(unique)
            ).values_list("ident", "pk", "digest")
        }
        count = self.summary.count(kind)
        rows = []
        changed: list[Line] = []
        for line in unique.values():
            old = existing.get(line.id)
            if old is not None and old[1] == line.digest():
                count.unchanged += 1
                continue
            if old is None:
                count.new += 1
            else:
                count.updated += 1
            unresolved: list[tuple[str, str]] = []
            fields = row_fields(line, self.maps, unresolved if kind == "person" else None)
            for _name, target in unresolved:
                self.fixups.append((line.id, target))
            rows.append(model(owner=self.owner, ident=line.id, **fields))
            changed.append(line)
        if not rows:
            return
        update_fields = ["extra", "digest", *PLAIN[kind],
                         *(attr for attr, _k, _me in REFS[kind].values())]
        update_fields += [f for f in ("initiated_by_me", "time_chosen_by_me")
                          if hasattr(model, f)]
        model._default_manager.bulk_create(
            rows, update_conflicts=True, unique_fields=["owner", "ident"],
            update_fields=update_fields, batch_size=BATCH,
        )
        if kind == "person":
            for ident, pk in model._default_manager.filter(
                owner=self.owner, ident__in=[ln.id for ln in changed]
            ).values_list("ident", "pk"):
                self.maps["person"][ident] = pk
        if kind == "interaction":
            self._write_people(changed)

    def _write_people(self, lines: list[Line]) -> None:
        pks = dict(m.Interaction.objects.filter(
            owner=self.owner, ident__in=[ln.id for ln in lines]).values_list("ident", "pk"))
        through = m.Interaction.people.through
        through.objects.filter(interaction_id__in=list(pks.values())).delete()
        person_pk = self.maps["person"]
        through.objects.bulk_create(
            [through(interaction_id=pks[ln.id], person_id=person_pk[ident])
             for ln in lines for ident in ln.values["with"]],
            batch_size=BATCH,
        )

    def finish(self) -> None:
        """Set the introductions that pointed at people written later."""
        if not self.fixups:
            return
        person_pk = self.maps["person"]
        people = {p.ident: p for p in m.Person.objects.filter(
            owner=self.owner, ident__in=[ident for ident, _ in self.fixups])}
        for ident, target in self.fixups:
            people[ident].introduced_by_id = person_pk[target]
        m.Person.objects.bulk_update(list(people.values()), ["introduced_by"], batch_size=BATCH)


def import_one(owner: Any, line: Line) -> ImportSummary:
    """Store one line (a logged event or an edited person) through the same path."""
    return import_lines(owner, lines_source([line]), source="command line")


def lines_source(lines: list[Line]) -> LineSource:
    """A line source over lines already in memory (numbered from 1 if they are not)."""
    for number, line in enumerate(lines, start=1):
        line.number = line.number or number

    def open_lines(wanted: Callable[[int], bool] | None = None) -> Iterator[Line | LineProblem]:
        return iter([x for x in lines if wanted is None or wanted(x.number)])

    return open_lines


# ---------------------------------------------------------------- removing

def delete_record(owner: Any, ident: str) -> str:
    """Delete one stored record by id; a person goes with all their history."""
    with transaction.atomic():
        for kind, model in m.MODELS.items():
            deleted, _ = model._default_manager.filter(owner=owner, ident=ident).delete()
            if deleted:
                return kind
    raise NotFound(f"nothing is stored with the id '{ident}'")


# ---------------------------------------------------------------- snoozing and dismissing

def mute_finding(owner: Any, finding: Any, snapshot: Any, *, until: Any = None,
                 reason: str = "") -> m.Mute:
    """Snooze (with `until`) or dismiss (without) one finding, until something new
    happens in that relationship."""
    from goodterms.store.findings import relationship_marks

    mark = relationship_marks(snapshot)[finding.person or ""]
    with transaction.atomic():
        mute, _ = m.Mute.objects.update_or_create(
            owner=owner, rule=finding.rule, person=finding.person or "",
            subject=finding.subject or "", step=finding.step,
            defaults={"until": until, "reason": reason, "mark": mark},
        )
    return mute


def unmute(owner: Any, code: str) -> int:
    """Let a snoozed or dismissed finding speak again; returns how many were removed."""
    from goodterms.store.findings import code_for

    with transaction.atomic():
        found = [x for x in m.Mute.objects.filter(owner=owner)
                 if code_for(x.rule, x.person, x.subject, x.step) == code]
        for mute in found:
            mute.delete()
    if not found:
        raise NotFound(f"no snoozed or dismissed finding with the code '{code}'")
    return len(found)


__all__ = [
    "ImportSummary",
    "LineError",
    "LineProblem",
    "delete_record",
    "get_owner",
    "import_lines",
    "import_one",
    "mute_finding",
    "unmute",
]
