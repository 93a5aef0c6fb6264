"""Every change to stored data goes through here, each in one transaction.

The CLI, the importers and (later) the web app and the API all call these
functions; nothing else writes to the goodterms tables. The central one is
`import_lines`: journal lines in, stored records out. Logging one event from
the command line is importing one line.
"""

from __future__ import annotations

import getpass
import logging
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.models import Count, Q
from django.utils import timezone

from goodterms.errors import JournalRefused, NotFound, UsageError
from goodterms.journal import (
    Line,
    LineError,
    LineProblem,
    LineSource,
    check_object,
    refuse_nul,
)
from goodterms.store import models as m
from goodterms.store.rows import PLAIN, REFS, row_fields, unstorable

log = logging.getLogger(__name__)

BATCH = 1000
ANALYZE_AFTER = 1000  # rows written by one import, after which SQLite's statistics are renewed
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


Skip = tuple[int, str, str]  # (line, why, file)


class Skips:
    """What an import skipped: how many in all and for each reason, and the first
    `EXAMPLES` of them (line, why, file) to show. A mailbox of a million messages,
    most of them newsletters, keeps a few hundred examples, not a million.

    Reasons are counted without their details in parentheses: "bulk sender
    (news@acme.example)" and "bulk sender (noreply@shop.example)" are two "bulk
    sender", so that the summary stays one short line (and the counts stay few)
    however many senders a mailbox has; the examples keep the details."""

    EXAMPLES = 200

    def __init__(self, items: Iterable[Skip] = ()) -> None:
        self.examples: list[Skip] = []
        self.reasons: Counter[str] = Counter()
        self.total = 0
        self.extend(items)

    def append(self, item: Skip) -> None:
        self.total += 1
        self.reasons[item[1].split(" (", 1)[0]] += 1
        if len(self.examples) < self.EXAMPLES:
            self.examples.append(item)

    def extend(self, items: Iterable[Skip]) -> None:
        if isinstance(items, Skips):
            self.total += items.total
            self.reasons.update(items.reasons)
            room = self.EXAMPLES - len(self.examples)
            self.examples.extend(items.examples[:max(room, 0)])
            return
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Skip]:
        return iter(self.examples)

    def __getitem__(self, index: slice) -> list[Skip]:
        return self.examples[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Skips):
            return (self.total, self.reasons, self.examples) == (
                other.total, other.reasons, other.examples)
        if isinstance(other, list):
            return self.total == len(other) and self.examples == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Skips({self.total} skipped, {dict(self.reasons)})"


@dataclass
class ImportSummary:
    source: str
    counts: dict[str, KindCount] = field(default_factory=dict)
    skipped: Skips = field(default_factory=Skips)
    queued: int = 0  # detections waiting in `goodterms review`

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


# ---------------------------------------------------------------- user accounts

def _check_password(password: str, user: Any) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise UsageError("that password will not do: " + " ".join(exc.messages)) from None


def add_user(username: str, password: str | None) -> Any:
    """A new user with their own, empty network (no password: they sign in with a link)."""
    from django.core.exceptions import ValidationError

    User = get_user_model()
    username = username.strip()
    try:
        User.username_validator(username)
    except ValidationError:
        raise UsageError(f"'{username}' cannot be a user name: use letters, digits and "
                         "@ . + - _ only") from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise UsageError(f"there is already a user called '{username}'")
        user = User(username=username)
        if password is None:
            user.set_unusable_password()
        else:
            _check_password(password, user)
            user.set_password(password)
        user.save()
    return user


def set_password(username: str, password: str) -> Any:
    """Give a user a new password (they stay signed in nowhere else: sessions end)."""
    user = get_owner(username)
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def remove_user(username: str) -> None:
    """Delete a user and everything in their network."""
    user = get_owner(username)
    with transaction.atomic():
        user.delete()


def note_login_failure(username: str, ip: str, at: Any) -> None:
    """Remember a failed login (for the rate limit), and forget those of long ago."""
    from datetime import timedelta

    from goodterms.web.models import LoginFailure

    with transaction.atomic():
        LoginFailure.objects.create(username=username[:150], ip=ip[:45], at=at)
        LoginFailure.objects.filter(at__lt=at - timedelta(days=1)).delete()


def forget_login_failures(username: str) -> None:
    """A user signed in: their earlier failures no longer count against the name."""
    from goodterms.web.models import LoginFailure

    with transaction.atomic():
        LoginFailure.objects.filter(username=username).delete()


# ---------------------------------------------------------------- change tracking

def network_changed(owner: Any) -> None:
    """Give the owner's network a new version (inside the caller's transaction), so
    that findings kept in memory by a long-running process are computed again.

    A random number rather than a count: a database restored from a backup, or a
    test database rolled back, never meets its old numbers again.
    """
    version = secrets.randbits(62) or 1
    if not m.NetworkVersion.objects.filter(owner=owner).update(version=version):
        m.NetworkVersion.objects.get_or_create(owner=owner, defaults={"version": version})


def import_position(owner: Any, source: str) -> tuple[int, list[str]]:
    """How many messages of `source` (a digest: see `store.importing.resume_key`) an
    earlier import that stopped had stored, and the ids of the people it made; 0 and
    none when there was none."""
    found = m.ImportProgress.objects.filter(owner=owner, source=source) \
        .values_list("position", "people").first()
    return (int(found[0]), list(found[1])) if found else (0, [])


def save_import_position(owner: Any, source: str, position: int, people: Iterable[str]
                         ) -> None:
    """Note, with what was stored up to there, that the first `position` messages of
    `source` are stored, and which people the import made (inside the caller's
    transaction)."""
    m.ImportProgress.objects.update_or_create(
        owner=owner, source=source, defaults={"position": position, "people": sorted(people)})


STALE_POSITION = timedelta(days=30)


def clear_import_position(owner: Any, source: str) -> None:
    """The import of `source` finished: the next one reads it from the start. The
    positions of imports stopped over a month ago go too: their mailboxes have most
    likely changed since (a newer export), and nothing can go on from them then."""
    stale = Q(updated__lt=timezone.now() - STALE_POSITION)
    m.ImportProgress.objects.filter(Q(source=source) | stale, owner=owner).delete()


def network_version(owner: Any) -> int:
    found = m.NetworkVersion.objects.filter(owner=owner).values_list("version", flat=True)
    return next(iter(found), 0)


# ---------------------------------------------------------------- settings

def load_settings(owner: Any, rules: Any = None) -> Any:
    """The user's settings: their own (stored here) on top of config.toml's."""
    from goodterms.config import Config, load_config

    installation = load_config(rules=rules)
    row = m.UserSettings.objects.filter(owner=owner).first()
    mine = dict(row.values) if row else {}
    config = Config(installation.path, mine, base=dict(installation.values))
    config.saver = lambda cfg: save_settings(owner, cfg.values)
    return config


def save_settings(owner: Any, values: dict[str, Any]) -> None:
    """Replace the user's own settings (each already checked by `Config.set`)."""
    with transaction.atomic():
        m.UserSettings.objects.update_or_create(owner=owner, defaults={"values": dict(values)})
        network_changed(owner)  # thresholds and switches change the findings


# ---------------------------------------------------------------- importing lines

def read_phases(open_lines: LineSource, source: str,
                progress: Progress | None = None) -> bytearray:
    """Read every line once: refuse the file if any line is unreadable, and note
    for each line number the write phase its line belongs to (255 for none).

    One byte a line: the only thing an import keeps for the whole file.
    """
    phases = bytearray(1)  # line numbers start at 1
    problems: list[tuple[int, str]] = []
    for line in open_lines(None):
        if progress:
            progress(1)
        if len(phases) <= line.number:
            phases.extend(b"\xff" * (line.number + 1 - len(phases)))
        if isinstance(line, LineProblem):
            problems.append((line.number, line.reason))
        elif (why := unstorable(line)) is not None:
            problems.append((line.number, why))
        else:
            phases[line.number] = PHASE_OF[line.type]
    if problems:
        raise JournalRefused(source, problems)
    return phases


def import_lines(owner: Any, open_lines: LineSource, source: str = "journal",
                 progress: Progress | None = None) -> ImportSummary:
    """Store every line of a journal in one transaction, or nothing at all.

    The lines are read once to check that each is well-formed, then written in
    three passes (people, then the events that point at people, then thanks and
    request updates, which point at favors and requests), in batches. Whatever
    the batches find wrong (an unknown reference, an id used by another kind)
    is collected; if anything was, the transaction is rolled back and the whole
    journal refused, every problem named with its line. Memory does not grow
    with the journal: each batch looks up only the ids it needs.

    A line whose id is stored replaces that record; an identical one changes
    nothing. Safe to interrupt: the transaction is rolled back.
    """
    phase_of = read_phases(open_lines, source, progress)
    summary = ImportSummary(source)
    problems: list[tuple[int, str]] = []
    with transaction.atomic():
        mark = secrets.randbits(62)
        for index in range(len(PHASES)):
            writer = _Writer(owner, summary, problems, mark)
            for line in open_lines(_in_phase(phase_of, index)):
                if progress:
                    progress(1)
                if isinstance(line, Line) and PHASE_OF[line.type] == index:
                    writer.add(line)
            writer.flush_all()
            writer.finish()
        if problems:
            problems.sort()
            raise JournalRefused(source, problems)  # leaves the atomic block: rolled back
        total = summary.total
        if total.new or total.updated:
            network_changed(owner)
    analyze_after_import(summary)
    return summary


def _rows_with(model: Any, owner: Any, column: str, values: Iterable[str], *wanted: str
               ) -> list[tuple[Any, ...]]:
    """(value, *wanted) of the owner's rows of `model` whose `column` is one of `values`
    (a batch: at most a few thousand). The query `filter(owner=…, column__in=…)
    .values_list(column, *wanted)` makes, without the ORM preparing each value: an
    import asks it several times for every batch of lines."""
    values = list(values)
    if not values:
        return []
    quote = connection.ops.quote_name

    def name(field: str) -> str:
        return quote((model._meta.pk if field == "pk" else model._meta.get_field(field)).column)

    names = ", ".join(map(name, (column, *wanted)))
    sql = (f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE "
           f"{name('owner')} = %s AND {name(column)} IN ({', '.join(['%s'] * len(values))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, *values])
        return [tuple(row) for row in cursor.fetchall()]


def _insert_rows(model: Any, columns: list[str], rows: list[tuple[Any, ...]],
                 conflict: tuple[list[str], list[str]] | None = None) -> None:
    """INSERT many rows of plain values (ids, texts, numbers) in one statement per batch.

    For the two tables an import fills a row of for every line (the id registry
    and who took part in each interaction), Django's bulk_create spends far more
    time compiling SQL than the database spends writing; this writes the same
    rows through the same connection. With `conflict` (unique columns, columns
    to update) it is an upsert, in the syntax SQLite and PostgreSQL share; with no
    columns to update, a row already stored is left as it is.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    if conflict is not None:
        unique, update = conflict
        sql += f" ON CONFLICT ({', '.join(map(quote, unique))}) " + (
            "DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
            if update else "DO NOTHING")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Fields whose Python value is what the database stores (texts, numbers, ids): written
# as they are. Others (times, JSON) are prepared by the field, as Django would.
_AS_THEY_ARE = (models.CharField, models.TextField, models.IntegerField, models.FloatField,
                models.BooleanField, models.ForeignKey)


def _insert_values(model: Any, rows: list[dict[str, Any]], unique: list[str],
                   update_fields: list[str] | None) -> None:
    """Insert rows of `model`, each given as {field's attname: value} (a field left out
    takes its default, as in `model(**row)`); a row whose `unique` columns match a
    stored one updates that row's `update_fields` instead (None: the stored row is left
    as it is). What `bulk_create` with `update_conflicts` or `ignore_conflicts` does,
    without making a model instance for every row or compiling SQL for every value,
    which took more time than the database took to write."""
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: it looks itself up each time
    now = timezone.now()

    def value(field: Any) -> Callable[[dict[str, Any]], Any]:
        name = field.attname
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = field.get_db_prep_save(now, database)
            return lambda row: stamp
        if isinstance(field, _AS_THEY_ARE):
            default = field.get_default()  # a text, a number, a boolean or None
            return lambda row: row.get(name, default)
        return lambda row: field.get_db_prep_save(
            row[name] if name in row else field.get_default(), database)

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = [value(f) for f in fields]
    prepared = [tuple(get(row) for get in values) for row in rows]
    update = [model._meta.get_field(name).column for name in update_fields or ()]
    _insert_rows(model, [f.column for f in fields], prepared, conflict=(unique, update))


def _upsert_records(owner_id: int, rows: list[tuple[str, str, int, int]]) -> None:
    _insert_rows(m.Record, ["owner_id", "ident", "kind", "alias_of", "mark", "line"],
                 [(owner_id, ident, kind, "", mark, line) for ident, kind, mark, line in rows],
                 conflict=(["owner_id", "ident"], ["kind", "alias_of", "mark", "line"]))


def _in_phase(phase_of: bytearray, index: int) -> Callable[[int], bool]:
    def wanted(number: int) -> bool:
        return number < len(phase_of) and phase_of[number] == index

    return wanted


def _pks(owner: Any, kind: str, idents: set[str]) -> dict[str, int]:
    """ident -> pk for the idents stored as `kind`; a merged person's old id leads to
    the person it was merged into."""
    model = m.MODELS[kind]
    found: dict[str, int] = dict(_rows_with(model, owner, "ident", idents, "pk"))
    missing = idents - found.keys()
    if kind == "person" and missing:
        aliases = dict(m.Record.objects.filter(owner=owner, kind="alias", ident__in=list(missing))
                       .values_list("ident", "alias_of"))
        targets = _pks(owner, "person", set(aliases.values())) if aliases else {}
        found.update({old: targets[new] for old, new in aliases.items() if new in targets})
    return found


class _Writer:
    """Batches lines of each kind, checks them against the store, and upserts them,
    skipping unchanged ones."""

    def __init__(self, owner: Any, summary: ImportSummary, problems: list[tuple[int, str]],
                 mark: int, rewrites: bool = False) -> None:
        self.owner = owner
        self.summary = summary
        self.problems = problems
        self.mark = mark
        self.batches: dict[str, list[Line]] = {}
        self.fixups: list[tuple[int, str, str]] = []  # (line, person, introduced_by)
        # With `rewrites`, a line may replace one this import wrote before (a person who
        # met another of their addresses later in a mailbox): id -> how it was counted.
        self.written: dict[str, str] | None = {} if rewrites else None

    def add(self, line: Line) -> None:
        batch = self.batches.setdefault(line.type, [])
        batch.append(line)
        if len(batch) >= BATCH:
            self.flush(line.type)

    def flush_all(self) -> None:
        for kind in list(self.batches):
            self.flush(kind)

    def problem(self, line: Line, reason: str) -> None:
        self.problems.append((line.number, reason))

    def flush(self, kind: str) -> None:
        batch = self.batches.pop(kind, [])
        if not batch:
            return
        known = {ident: (k, mark, number) for ident, k, mark, number in
                 _rows_with(m.Record, self.owner, "ident", {x.id for x in batch},
                            "kind", "mark", "line")}
        accepted: dict[str, Line] = {}
        for line in batch:
            if self._repeated(line, known.get(line.id), accepted.get(line.id)):
                continue
            accepted[line.id] = line
        maps, dangling = self._resolve(kind, list(accepted.values()))
        lines = [x for x in accepted.values() if x.id not in dangling]
        if lines:
            self._write(kind, lines, maps)

    def _repeated(self, line: Line, known: tuple[str, int, int] | None,
                  earlier: Line | None) -> bool:
        """Whether the line is a repeat (or clash) of one already seen; says what is wrong."""
        if earlier is not None:
            known = (earlier.type, self.mark, earlier.number)
            same = earlier.digest() == line.digest()
        elif self.written is not None and line.id in self.written:
            return False  # written earlier in this import, and may be written again
        elif known is not None and known[1] == self.mark:
            same = None  # written earlier in this import: compare with the stored digest
        elif known is not None and known[0] == "alias" and line.type == "person":
            # A person merged into another since: what this line says was merged then.
            self.summary.count("person").unchanged += 1
            return True
        elif known is not None and known[0] != line.type:
            what = "the old id of a merged person" if known[0] == "alias" else f"a {known[0]}"
            self.problem(line, f"id '{line.id}' is already stored as {what}, "
                               f"not a {line.type}")
            return True
        else:
            return False
        kind, _mark, number = known
        if kind != line.type:
            # Blame the later of the two lines, whichever kind was written first.
            if number < line.number:
                first, first_kind, later = number, kind, line.number
            else:
                first, first_kind, later = line.number, line.type, number
            self.problems.append((later, f"id '{line.id}' is already a {first_kind} "
                                         f"(line {first})"))
            return True
        if same is None:
            model = m.MODELS[kind]
            stored = model._default_manager.filter(owner=self.owner, ident=line.id)
            same = stored.values_list("digest", flat=True).first() == line.digest()
        if not same and not line.derived_id:
            self.problem(line, f"id '{line.id}' is used again with other content "
                               f"(first on line {number})")
        return True

    def _resolve(self, kind: str, lines: list[Line]
                 ) -> tuple[dict[str, dict[str, int]], set[str]]:
        """The pks this batch refers to, and the ids of its lines whose references
        lead nowhere (each reported)."""
        wanted: dict[str, set[str]] = {"person": set(), "favor": set(), "request": set()}
        for line in lines:
            for _name, ident, target in line.refs():
                wanted[target].add(ident)
        maps = {k: _pks(self.owner, k, v) if v else {} for k, v in wanted.items()}
        bad: set[str] = set()
        missing: list[tuple[Line, str, str, str]] = []
        for line in lines:
            for name, ident, target in line.refs():
                if ident in maps[target]:
                    continue
                if kind == "person" and name == "introduced_by":
                    self.fixups.append((line.number, line.id, ident))  # may come later
                    continue
                missing.append((line, name, ident, target))
                bad.add(line.id)
        if missing:
            kinds = dict(m.Record.objects.filter(
                owner=self.owner, ident__in=[x[2] for x in missing]).values_list("ident", "kind"))
            for line, name, ident, target in missing:
                found = kinds.get(ident)
                self.problem(line, f"'{name}' refers to '{ident}', which is a {found}, not a "
                                   f"{target}" if found else
                                   f"'{name}' refers to {target} '{ident}', which is neither in "
                                   "this file nor stored")
        return maps, bad

    def _write(self, kind: str, lines: list[Line], maps: dict[str, dict[str, int]]) -> None:
        model = m.MODELS[kind]
        existing = dict(_rows_with(model, self.owner, "ident", [x.id for x in lines],
                                   "digest"))
        count = self.summary.count(kind)
        rows = []
        changed: list[Line] = []
        for line in lines:
            old = existing.get(line.id)
            if not self._counted(count, line.id, old == line.digest(), old is None):
                continue
            fields = row_fields(line, maps, [] if kind == "person" else None)
            rows.append({"owner_id": self.owner.pk, "ident": line.id, **fields})
            changed.append(line)
        if rows:
            update_fields = ["extra", "digest", *PLAIN[kind],
                             *(attr for attr, _k, _me in REFS[kind].values())]
            update_fields += [f for f in ("initiated_by_me", "time_chosen_by_me")
                              if hasattr(model, f)]
            _insert_values(model, rows, ["owner_id", "ident"], update_fields)
            if kind == "interaction":
                self._write_people(changed, maps["person"])
        _upsert_records(self.owner.pk, [(x.id, kind, self.mark, x.number) for x in lines])

    def _write_people(self, lines: list[Line], person_pk: dict[str, int]) -> None:
        pks = dict(_rows_with(m.Interaction, self.owner, "ident", [ln.id for ln in lines],
                              "pk"))
        through = m.Interaction.people.through
        through.objects.filter(interaction_id__in=list(pks.values())).delete()
        # dict.fromkeys: after a merge, two old ids in one line may be one person now.
        links = list(dict.fromkeys(
            (pks[ln.id], person_pk[ident]) for ln in lines for ident in ln.values["with"]))
        _insert_rows(through, ["interaction_id", "person_id"], links)

    def _counted(self, count: KindCount, ident: str, same: bool, new: bool) -> bool:
        """Count a line as new, updated or unchanged; False when it is unchanged. A line
        written before in this import was counted then: only a change is counted now
        (an unchanged line becomes an updated one)."""
        before = self.written.get(ident) if self.written is not None else None
        outcome = "unchanged" if same else "new" if new else "updated"
        if before is None:
            setattr(count, outcome, getattr(count, outcome) + 1)
            if self.written is not None:
                self.written[ident] = outcome
        elif before == "unchanged" and not same:
            count.unchanged -= 1
            count.updated += 1
            self.written[ident] = "updated"  # type: ignore[index]
        return not same

    def finish(self) -> None:
        """Set the introductions that pointed at people written later in the file."""
        if not self.fixups:
            return
        targets = _pks(self.owner, "person", {target for _n, _p, target in self.fixups})
        people = {p.ident: p for p in m.Person.objects.filter(
            owner=self.owner, ident__in=[ident for _n, ident, _t in self.fixups])}
        for number, ident, target in self.fixups:
            if target not in targets:
                self.problems.append((number, f"'introduced_by' refers to person '{target}', "
                                              "which is neither in this file nor stored"))
            elif ident in people:
                people[ident].introduced_by_id = targets[target]
        m.Person.objects.bulk_update(list(people.values()), ["introduced_by"], batch_size=BATCH)


class LineStream:
    """Stores lines as an importer makes them, inside the caller's transaction: for the
    importers that read contacts and events (mail, calendars, address books), which
    would otherwise wait until the whole source was read to write anything.

    `add` takes lines in any order of kinds; every BATCH lines they are written phase by
    phase (people, then the events that point at people, then thanks and request
    updates), so a line must come after the lines it refers to, or in the same batch.
    A person may be added again with what was learnt since (another address): the new
    line replaces the one written. Whatever is wrong (a text too long for its column, an
    id used by another kind) is collected, and `close` raises it all as JournalRefused:
    the caller's transaction then writes nothing. The same checks as `import_lines`,
    without reading a journal twice; what `import_lines` adds is a check of every line
    before anything is written, which matters for a file a person wrote, not for lines
    an importer made.
    """

    def __init__(self, owner: Any, summary: ImportSummary, source: str) -> None:
        self.source = source
        self.problems: list[tuple[int, str]] = []
        mark = secrets.randbits(62)
        self.writers = [_Writer(owner, summary, self.problems, mark, rewrites=index == 0)
                        for index in range(len(PHASES))]
        self.people: dict[str, Line] = {}  # the people to write next, the last line each
        self.pending = 0

    def add_object(self, obj: dict[str, Any], tz: Any, number: int) -> None:
        """Check a journal object (as `import_lines` checks a journal's line) and add it."""
        try:
            refuse_nul(obj)
            line = check_object(obj, tz, number)
        except LineError as exc:
            self.problems.append((number, str(exc)))
            return
        self.add(line)

    def add(self, line: Line) -> None:
        why = unstorable(line)
        if why is not None:
            self.problems.append((line.number, why))
            return
        if line.type == "person":
            self.people[line.id] = line
        else:
            self.writers[PHASE_OF[line.type]].batches.setdefault(line.type, []).append(line)
        self.pending += 1
        if self.pending >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.people:
            self.writers[0].batches["person"] = list(self.people.values())
            self.people = {}
        for writer in self.writers:
            writer.flush_all()
        self.pending = 0

    def close(self) -> None:
        """Write what is left; raise JournalRefused if any line was wrong."""
        self.flush()
        for writer in self.writers:
            writer.finish()
        self.refuse_problems()

    def write_now(self) -> None:
        """Write every line added so far, so that the caller may commit them (raising
        JournalRefused if any line was wrong); more lines may follow."""
        self.flush()
        self.refuse_problems()

    def refuse_problems(self) -> None:
        if self.problems:
            self.problems.sort()
            raise JournalRefused(self.source, self.problems)


def analyze_after_import(summary: ImportSummary) -> None:
    """Renew SQLite's statistics after a big import (outside its transaction).

    Without them SQLite reads a person's history through the owner index (every row
    of the owner) rather than the person's own: a Person page on a 10k-person network
    took ten times longer. PostgreSQL analyses by itself.

    The import is committed by then: when the statistics cannot be renewed now (another
    connection holds a lock), the import has still succeeded, and the next big one
    renews them."""
    total = summary.total
    if connection.vendor == "sqlite" and total.new + total.updated >= ANALYZE_AFTER:
        try:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        except DatabaseError as exc:
            log.warning("SQLite's statistics were not renewed after importing %s: %s",
                        summary.source, exc)


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
        record = m.Record.objects.filter(owner=owner, ident=ident).first()
        if record is not None and record.kind == "alias":
            record.delete()
            network_changed(owner)
            return "alias"
        if record is not None:
            if record.kind == "person":
                # Meetings with them alone go with them; group ones stay, without them.
                theirs = m.Interaction.objects.filter(owner=owner, people__ident=ident)
                alone = (m.Interaction.objects.filter(pk__in=theirs.values("pk"))
                         .annotate(n=Count("people")).filter(n=1))
                m.Interaction.objects.filter(pk__in=list(alone.values_list("pk", flat=True))
                                             ).delete()
            m.MODELS[record.kind]._default_manager.filter(owner=owner, ident=ident).delete()
            # What went with it (a person's history) no longer holds its ids.
            for kind, model in m.MODELS.items():
                m.Record.objects.filter(owner=owner, kind=kind).exclude(
                    ident__in=model._default_manager.filter(owner=owner).values("ident")
                ).delete()
            network_changed(owner)
            return record.kind
    raise NotFound(f"nothing is stored with the id '{ident}'")


# ---------------------------------------------------------------- merging people

def merge_people(owner: Any, keep: str, gone: str, tz: Any) -> m.Person:
    """Merge person `gone` into person `keep`, with all their history.

    `keep`'s details win; `gone` fills what `keep` did not know (and adds its
    emails, phones, tags and sources). `gone`'s id stays as an alias of `keep`:
    old journals and commands that name it reach `keep`.
    """
    from goodterms.journal import check_object, line_to_object
    from goodterms.store.rows import stored_line

    if keep == gone:
        raise UsageError("a person cannot be merged with themselves")
    with transaction.atomic():
        kept = m.Person.objects.get(owner=owner, ident=keep)
        old = m.Person.objects.get(owner=owner, ident=gone)
        through = m.Interaction.people.through
        both = through.objects.filter(person=kept).values("interaction_id")
        through.objects.filter(person=old, interaction_id__in=both).delete()
        through.objects.filter(person=old).update(person=kept)
        moves: list[tuple[Any, str]] = [
            (m.Interaction, "initiated_by"), (m.Interaction, "time_chosen_by"),
            (m.Favor, "refers_to"), (m.Share, "contact"), (m.Share, "to"),
            (m.Share, "given_by"), (m.Person, "introduced_by"),
        ]
        for model in (m.Favor, m.Request, m.Thanks, m.Offer):
            moves += [(model, "from_person"), (model, "to_person")]
        for model, name in moves:
            model._default_manager.filter(owner=owner, **{name: old}).update(**{name: kept})
        kept_line, old_line = stored_line(owner, "person", keep), stored_line(owner, "person", gone)
        assert kept_line is not None and old_line is not None
        merged = line_to_object(kept_line, tz)
        extra = line_to_object(old_line, tz)
        for name, value in extra.items():
            if isinstance(value, list):
                merged[name] = list(dict.fromkeys([*merged.get(name, []), *value]))
            elif name not in merged and name not in ("id", "name"):
                merged[name] = value
        if merged.get("introduced_by") in (keep, gone):
            merged.pop("introduced_by")
        old.delete()
        m.Record.objects.filter(owner=owner, ident=gone).update(kind="alias", alias_of=keep)
        m.Record.objects.filter(owner=owner, kind="alias", alias_of=gone).update(alias_of=keep)
        import_one(owner, check_object(merged, tz))
        network_changed(owner)
    return m.Person.objects.get(owner=owner, ident=keep)


# ---------------------------------------------------------------- the review queue

def queue_for_review(owner: Any, items: list[dict[str, Any]],
                     summary: ImportSummary | None = None) -> int:
    """Keep detections for the user to decide on; one already queued (or decided) is
    left as it is, and so is one whose journal line is stored already (it was recorded
    without asking the first time: an introduction to someone new then, whom a second
    import of the same mail knows: counted in `summary` as unchanged). Returns how many
    are new in the queue."""
    if not items:
        return 0
    with transaction.atomic():
        known = {row[0] for row in _rows_with(m.Detection, owner, "key",
                                              {x["key"] for x in items})}
        stored = {row[0] for row in _rows_with(m.Record, owner, "ident",
                                               {x["proposal"]["id"] for x in items})}
        new: dict[str, dict[str, Any]] = {}  # by key: the same one twice is one
        for item in items:
            if item["proposal"]["id"] in stored:
                if summary is not None:
                    summary.count(item["proposal"]["type"]).unchanged += 1
            elif item["key"] not in known:
                new.setdefault(item["key"], {"owner_id": owner.pk, **item})
        _insert_values(m.Detection, list(new.values()), ["owner_id", "key"], None)
    return len(new)


def decide(owner: Any, detection_id: int, accept: bool, tz: Any,
           proposal: dict[str, Any] | None = None) -> m.Detection:
    """Accept (recording its journal line, perhaps edited) or reject one detection."""
    from goodterms.journal import LineError, check_object

    with transaction.atomic():
        try:
            found = m.Detection.objects.select_for_update().get(owner=owner, pk=detection_id)
        except m.Detection.DoesNotExist:
            raise NotFound(f"no detection number {detection_id} to review") from None
        if found.status != "pending":
            raise UsageError(f"detection {detection_id} was already {found.status}")
        if accept:
            line = proposal or found.proposal
            try:
                import_one(owner, check_object(line, tz))
            except LineError as exc:
                raise UsageError(f"that cannot be recorded: {exc}") from None
            found.proposal = line
        found.status = "accepted" if accept else "rejected"
        found.save(update_fields=["status", "proposal"])
    return found


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
        network_changed(owner)
    return mute


def unmute(owner: Any, code: str) -> int:
    """Let a snoozed or dismissed finding speak again; returns how many were removed."""
    from goodterms.store.findings import code_for

    with transaction.atomic():
        found = [x for x in m.Mute.objects.filter(owner=owner)
                 if code_for(x.rule, x.person, x.subject, x.step) == code]
        for mute in found:
            mute.delete()
        if found:
            network_changed(owner)
    if not found:
        raise NotFound(f"no snoozed or dismissed finding with the code '{code}'")
    return len(found)


# ---------------------------------------------------------------- mail sync progress

def mail_folder_state(owner: Any, account: str, folder: str) -> tuple[int, int] | None:
    """(UIDVALIDITY, last UID stored) of one IMAP folder, or None if never synced."""
    row = (m.MailFolderState.objects.filter(owner=owner, account=account, folder=folder)
           .values_list("uidvalidity", "last_uid").first())
    return (int(row[0]), int(row[1])) if row else None


def save_mail_folder_state(owner: Any, account: str, folder: str, uidvalidity: int,
                           last_uid: int) -> None:
    """Remember how far `goodterms sync imap` got in a folder: called only once the
    messages up to `last_uid` are stored, so an interrupted sync resumes from here."""
    with transaction.atomic():
        m.MailFolderState.objects.update_or_create(
            owner=owner, account=account, folder=folder,
            defaults={"uidvalidity": uidvalidity, "last_uid": last_uid})


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
