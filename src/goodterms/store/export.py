"""Writing a stored network back out as a journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from goodterms.journal import SPECS, dumps, line_to_object
from goodterms.store.rows import iter_lines


def journal_objects(owner: Any, tz: ZoneInfo) -> Iterator[dict[str, Any]]:
    """Every record as a journal object: people first, then each kind by time."""
    for kind in SPECS:
        for line in iter_lines(owner, kind):
            yield line_to_object(line, tz)


def export_journal(owner: Any, write: Callable[[str], Any], tz: ZoneInfo,
                   progress: Callable[[int], None] | None = None) -> int:
    count = 0
    for obj in journal_objects(owner, tz):
        write(dumps(obj) + "\n")
        count += 1
        if progress:
            progress(1)
    return count
