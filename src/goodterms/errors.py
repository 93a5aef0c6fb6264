"""Everything that can go wrong for a user, as a small tree of exceptions.

Each error carries the sentence the user sees and the exit code of the command.
The CLI turns them into a one-line message in one place (``goodterms.cli``);
only ``--debug`` shows a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class ExitCode:
    OK = 0
    ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    BAD_INPUT = 4
    CONFIG = 5
    DATABASE = 6
    INTERRUPTED = 130


class GoodtermsError(Exception):
    """The base of every error a user may see."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(GoodtermsError):
    """The command was called in a way that cannot work."""

    exit_code = ExitCode.USAGE


class NotFound(GoodtermsError):
    """A person, event or file that was named does not exist."""

    exit_code = ExitCode.NOT_FOUND


class Ambiguous(UsageError):
    """A name matched more than one person."""

    def __init__(self, query: str, candidates: Iterable[str]) -> None:
        names = list(candidates)
        shown = "\n  ".join(names[:10])
        more = f"\n  … and {len(names) - 10} more" if len(names) > 10 else ""
        super().__init__(
            f"'{query}' matches {len(names)} people; use an id or more of the name:"
            f"\n  {shown}{more}"
        )
        self.candidates = names


class BadInput(GoodtermsError):
    """A file or value could not be read. Names the file and line where known."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        where = ""
        if source and line:
            where = f"{source}, line {line}: "
        elif source:
            where = f"{source}: "
        elif line:
            where = f"line {line}: "
        super().__init__(where + message)
        self.source = source
        self.line = line
        self.reason = message


class JournalRefused(BadInput):
    """A journal had bad lines; nothing was imported."""

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        shown = "\n".join(f"  line {n}: {why}" for n, why in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        count = len(problems)
        GoodtermsError.__init__(
            self,
            f"{source}: refused, nothing was imported "
            f"({count} bad line{'s' if count != 1 else ''}):\n{shown}{more}",
        )
        self.source = source
        self.line = problems[0][0] if problems else None
        self.reason = problems[0][1] if problems else ""
        self.problems = problems


class ConfigError(GoodtermsError):
    """The configuration file or a configuration value is wrong."""

    exit_code = ExitCode.CONFIG


class DatabaseError(GoodtermsError):
    """The database cannot be reached or used."""

    exit_code = ExitCode.DATABASE
