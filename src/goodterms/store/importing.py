"""Running one import, for the CLI (`goodterms import`) and the web (the Import page).

The importer is chosen by the file's content (`goodterms.importers.pick`, through
the `goodterms.importers` entry points) unless a format is named; then either its
journal lines go to `actions.import_lines` (all or nothing) or its records go to
`matching.import_records` (matched with the people already known). Both callers
differ only in how they show progress and the summary, and in whether they may
ask the user which address is theirs.
"""

from __future__ import annotations

import inspect
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from goodterms.errors import UsageError
from goodterms.importers import Found, pick
from goodterms.store.actions import ImportSummary, Progress, import_lines


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
               progress: Progress | None = None, jobs: int = 1) -> ImportSummary:
    """Import what `found` points at into the owner's network; `source` is the name
    shown in messages and the summary. Raises `BadInput` (naming the file and line)
    when nothing could be stored. `jobs` worker processes read mail (for importers
    that can use them); 1 does everything in this process."""
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

    def records() -> Any:
        return importer.records(path, tz, me, **options)

    return import_records(owner, records, source=source, importer=importer.name, tz=tz,
                          strict=strict, progress=progress,
                          apply_threshold=float(config.get("detect.apply_threshold")))


def cores() -> int:
    """How many processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def skipped_reasons(summary: ImportSummary) -> dict[str, int]:
    """How many rows were skipped for each reason."""
    return dict(sorted(summary.skipped.reasons.items()))
