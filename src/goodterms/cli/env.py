"""What every command works with: streams, the home folder, the user, the clock.

One object per invocation (like httpie's Environment), so that any command can
be run in-process by the tests. Django is set up only when a command first asks
for the owner or the database, so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from rich.console import Console

    from goodterms.config import Config


@dataclass
class Env:
    stdin: BinaryIO = field(default_factory=lambda: sys.stdin.buffer)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    username: str | None = None
    debug: bool = False

    @cached_property
    def console(self) -> Console:
        return _console(self.stdout)

    @cached_property
    def err_console(self) -> Console:
        return _console(self.stderr)

    @property
    def interactive(self) -> bool:
        return self.stdout.isatty() if hasattr(self.stdout, "isatty") else False

    @cached_property
    def file_config(self) -> Config:
        """config.toml alone: the installation's defaults."""
        from goodterms.config import load_config
        from goodterms.plugins import rule_defaults

        return load_config(rules=rule_defaults())

    @cached_property
    def config(self) -> Config:
        """The acting user's settings on top of config.toml (config.toml alone where
        there is no database, as for `goodterms detect`)."""
        from django.conf import settings

        if not settings.configured:
            return self.file_config
        from goodterms.plugins import rule_defaults
        from goodterms.store.actions import load_settings

        config: Config = load_settings(self.owner, rule_defaults())
        return config

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    def now(self) -> datetime:
        """The current moment in the user's zone (GOODTERMS_NOW fixes it, for tests)."""
        fixed = os.environ.get("GOODTERMS_NOW")
        if fixed:
            from goodterms.timeparse import parse_moment

            return parse_moment(fixed, self.tz)
        return datetime.now(UTC).astimezone(self.tz)

    def moment(self, text: str | None, *, end_of_day: bool = False) -> datetime:
        """A --at style option: a date, a time, now, today or yesterday (default now)."""
        from goodterms.errors import UsageError
        from goodterms.timeparse import TimeFormatError, parse_user_moment

        if text is None:
            return self.now()
        try:
            return parse_user_moment(text, self.tz, self.now(), end_of_day=end_of_day)
        except TimeFormatError as exc:
            raise UsageError(str(exc)) from None

    @cached_property
    def owner(self) -> Any:
        from goodterms.store.setup import ensure_database

        self.file_config  # noqa: B018 - a broken config.toml is reported before anything runs
        ensure_database()
        from goodterms.store.actions import get_owner

        return get_owner(self.username)

    def say(self, text: str) -> None:
        """A short line for a person to read."""
        self.console.print(text, markup=False)

    def warn(self, text: str) -> None:
        self.err_console.print(f"warning: {text}", markup=False, style="yellow")


def _console(file: TextIO) -> Console:
    """A Rich console on `file` that leaves a closed pipe (`goodterms check | head`) to
    the command line's handling: Rich's own ends the program with exit code 1, and
    points the process's standard output at /dev/null, whatever `file` is."""
    from rich.console import Console

    class Piped(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(32, "the reader closed the pipe")

    return Piped(file=file, highlight=False, soft_wrap=True)
