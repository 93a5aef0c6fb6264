"""Importers: a file in, journal lines out, stored through the actions layer.

Every importer has a `name` (what `goodterms import NAME PATH` calls it), a
`sniff(path, head)` that says from the content whether the file is its format,
and a `read(path, tz)` that opens the lines afresh each time it is called
(importing reads a file more than once: checking, then writing). Importers never
touch the ORM: `run_import` hands their lines to `actions.import_lines`.

Importers are found through the entry point group `goodterms.importers`; the
built-in ones are registered there too (see pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from goodterms.errors import BadInput, NotFound, UsageError
from goodterms.journal import Line, LineSource

HEAD_BYTES = 64 * 1024


class Importer(Protocol):
    """Every importer: a name, a description, and a test of the file's content.

    Besides these, an importer has one of two methods: `read(path, tz)`, which
    opens journal lines (goodterms' own format), or `records(path, tz, me, …)`,
    which yields `records.Contact`, `records.Event` and `records.Skipped` for the
    store to match with the people already known (`goodterms.store.matching`).
    """

    name: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool: ...


class JournalReader(Importer, Protocol):
    def read(self, path: Path, tz: ZoneInfo) -> LineSource: ...


@dataclass(frozen=True)
class Found:
    importer: Importer
    path: Path


def importers() -> dict[str, Importer]:
    """Every installed importer by name, built-in ones first."""
    found: dict[str, Importer] = {}
    for ep in sorted(entry_points(group="goodterms.importers"),
                     key=lambda ep: (not ep.value.startswith("goodterms."), ep.name)):
        if ep.name in found:
            continue
        try:
            obj = ep.load()
        except Exception:  # a broken plugin must not break importing
            continue
        found[ep.name] = obj() if isinstance(obj, type) else obj
    if "journal" not in found:  # running from a source tree that was never installed
        from goodterms.importers.journal import JournalImporter

        found["journal"] = JournalImporter()
    return found


def pick(path: Path, name: str | None = None) -> Found:
    """The importer for a file: the one named, or the first that recognises it."""
    table = importers()
    if name is not None:
        if name not in table:
            raise UsageError(f"unknown format '{name}' (formats: {', '.join(table)})")
        return Found(table[name], path)
    if not path.exists():
        raise NotFound(f"{path}: no such file or folder")
    head = b""
    if path.is_file():  # a folder (an unpacked export) is recognised by its files
        try:
            with path.open("rb") as f:
                head = f.read(HEAD_BYTES)
        except OSError as exc:
            raise BadInput(f"cannot be read ({exc.strerror})", source=str(path)) from None
    for importer in table.values():
        if importer.sniff(path, head):
            return Found(importer, path)
    raise BadInput(
        "goodterms does not recognise this file's format "
        f"(it reads: {', '.join(table)}; name one with 'goodterms import FORMAT PATH')",
        source=str(path),
    )


__all__ = ["Found", "Importer", "Line", "importers", "pick"]
