"""Setting Django up for the CLI: settings, then migrations, safely, on first use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

_ready = False


def setup_django() -> None:
    """Configure Django from goodterms.settings (idempotent)."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodterms.settings")
    import django

    django.setup()
    _ready = True


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def ensure_database() -> None:
    """Set Django up and apply any migration not yet applied.

    Two goodterms processes starting at once must not both migrate: the first
    takes a lock (a file lock next to a SQLite database, an advisory lock on
    PostgreSQL), the second waits and then finds nothing left to do.
    """
    from goodterms.errors import DatabaseError

    setup_django()
    from django.db import OperationalError
    from django.db.utils import DatabaseError as DjangoDatabaseError

    try:
        if not pending_migrations():
            return
        with _migration_lock():
            if pending_migrations():
                from django.core.management import call_command

                call_command("migrate", verbosity=0, interactive=False)
    except (OperationalError, DjangoDatabaseError) as exc:
        from goodterms.home import database_target

        where = database_target().describe()
        raise DatabaseError(f"cannot use the database at {where}: {exc}") from exc


@contextmanager
def _migration_lock() -> Iterator[None]:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(4242424242)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(4242424242)")
        return
    from pathlib import Path

    try:
        import fcntl
    except ImportError:  # not on Windows: a lone user rarely starts two processes at once
        yield
        return

    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:  # a test database: one process only
        yield
        return
    db_path = Path(name)
    lock_path = db_path.with_name(db_path.name + ".migrate-lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def database_busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting (30 seconds) for another process's write: an
    import holds the only writer's place while it stores (a journal, an address book
    or a calendar for its whole run, a mailbox 5,000 messages at a time)."""
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "locked" in str(exc)
