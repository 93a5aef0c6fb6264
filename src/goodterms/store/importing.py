"""Running one import, for the CLI (`goodterms import`) and the web (the Import page).

The importer is chosen by the file's content (`goodterms.importers.pick`, through
the `goodterms.importers` entry points) unless a format is named; then either its
journal lines go to `actions.import_lines` (all or nothing) or its records go to
`matching.import_records` (matched with the people already known). Both callers
differ only in how they show progress and the summary, and in whether they may
ask the user which address is theirs.
"""

from __future__ import annotations

import hashlib
import inspect
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from goodterms.errors import UsageError
from goodterms.importers import Found, pick
from goodterms.store.actions import ImportSummary, Progress, import_lines, import_position


def detect(path: Path, fmt: str | None = None) -> Found:
    """The importer for a file or folder: the one named, or the one its content fits."""
    return pick(path, fmt)


def reads_records(found: Found) -> bool:
    """True for importers matched with known people (contacts, calendars, mail…),
    False for goodterms' own journal lines."""
    return hasattr(found.importer, "records")


def wants_my_address(found: Found, config: Any) -> bool:
    """Mail needs to know which address is the user's, and none is set yet."""
    return not config.me_emails and hasattr(found.importer, "guess_me")


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def progress_total(found: Found) -> int | None:
    """How many progress steps the import will take, when that can be told beforehand
    (a journal is read twice: checked, then written); None otherwise. Counting reads
    the whole file once more."""
    if reads_records(found) or not found.path.is_file():
        return None
    return count_lines(found.path) * 2


def run_import(owner: Any, found: Found, *, source: str, config: Any, now: datetime,
               strict: bool = False, keep_bodies: bool = False,
               progress: Progress | None = None, jobs: int = 1,
               resumable: bool = False,
               going_on: Callable[[int], None] | None = None) -> ImportSummary:
    """Import what `found` points at into the owner's network; `source` is the name
    shown in messages and the summary. Raises `BadInput` (naming the file and line)
    when nothing could be stored. `jobs` worker processes read mail (for importers
    that can use them); 1 does everything in this process.

    `resumable`, for a mailbox the user may import again (not an upload): what is
    read is committed every few thousand messages (`matching.import_records`), and
    an import of the same, unchanged mailbox after one that stopped goes on where
    that one stopped (`going_on` is told the position before the import starts, to
    say so)."""
    importer: Any = found.importer
    tz = config.tz
    path = found.path
    if not reads_records(found):
        if not path.is_file():
            raise UsageError(f"{source}: not a file")
        return import_lines(owner, importer.read(path, tz), source=source, progress=progress)

    from goodterms.importers.records import Me
    from goodterms.store.matching import import_records

    me = Me(tuple(config.me_names), tuple(config.me_emails))
    options: dict[str, Any] = {}
    parameters = inspect.signature(importer.records).parameters
    if "until" in parameters:
        options["until"] = now  # calendars and mail: only what already happened
    if keep_bodies:
        if "keep_bodies" not in parameters:
            raise UsageError(f"--keep-bodies is for mail; {importer.name} has no bodies")
        options["keep_bodies"] = True

    if jobs > 1 and "jobs" in parameters:
        options["jobs"] = jobs

    threshold = float(config.get("detect.apply_threshold"))
    key = None
    made_before: list[str] = []  # the people the stopped import made
    if resumable and not strict and "resume_from" in parameters:
        key = resume_key(importer.name, path, me, threshold, keep_bodies)
        options["resume_from"], made_before = import_position(owner, key)
        if options["resume_from"] and going_on is not None:
            going_on(options["resume_from"])

    def records() -> Any:
        return importer.records(path, tz, me, **options)

    try:
        return import_records(owner, records, source=source, importer=importer.name, tz=tz,
                              strict=strict, progress=progress, apply_threshold=threshold,
                              resume_key=key, made_before=made_before)
    except KeyboardInterrupt:
        kept = import_position(owner, key)[0] if key is not None else 0
        if kept:
            raise KeyboardInterrupt(f"The first {kept:,} messages are stored: import the "
                                    "same mailbox again to go on from there.") from None
        raise


RESUME_FORMAT = 1  # changes when what a position means changes


def resume_key(importer: str, path: Path, me: Any, threshold: float, keep_bodies: bool
               ) -> str:
    """A digest of a source and of how it is imported: an import that stopped is
    continued only by an import of the same, unchanged source, the same way. A file
    is the same while its size and modification time are; a folder while none of the
    folders in it (whose times change when a message is added, removed or renamed)
    has changed."""
    resolved = path.resolve()
    parts = [str(RESUME_FORMAT), importer, str(resolved), ",".join(sorted(me.emails)),
             repr(threshold), str(keep_bodies)]
    if resolved.is_dir():
        for folder, _dirs, _files in sorted(os.walk(resolved)):
            stat = os.stat(folder)
            parts.append(f"{os.path.relpath(folder, resolved)}:{stat.st_mtime_ns}")
    else:
        stat = resolved.stat()
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cores() -> int:
    """How many processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def skipped_reasons(summary: ImportSummary) -> dict[str, int]:
    """How many rows were skipped for each reason."""
    return dict(sorted(summary.skipped.reasons.items()))
