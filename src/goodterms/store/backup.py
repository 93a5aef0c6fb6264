"""A consistent copy of the SQLite database, taken while it may be in use."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from goodterms.errors import BadInput, UsageError
from goodterms.home import database_target


def backup_database(target: Path) -> int:
    """Copy the database to `target` with SQLite's online backup API; returns its size.

    The copy is written next to the target and renamed into place, so a failed
    backup never leaves a half-written file where a good one was.
    """
    db = database_target()
    if db.engine != "sqlite":
        raise UsageError("the database is PostgreSQL: back it up with pg_dump "
                         "(see docs/backup.md)")
    if target.exists() and target.is_dir():
        raise UsageError(f"{target} is a folder; name a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    os.close(fd)
    try:
        source = sqlite3.connect(db.name, timeout=30)
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest, pages=1024)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"backup failed: {exc}", source=str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.stat().st_size
