"""The `goodterms` command: thin commands over the actions layer and the engine.

Errors are turned into a one-line message and an exit code here, in one place;
a traceback only with --debug.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from goodterms import __version__
from goodterms.cli.env import Env
from goodterms.errors import ExitCode, GoodtermsError


class _Commands(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader stopped reading (`goodterms check | head`): not a failure.
            # Here, because Click ends the program with exit code 1 on any closed pipe
            # a command meets before `run` could see it.
            raise click.exceptions.Exit(ExitCode.OK) from None


@click.group(cls=_Commands,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="goodterms")
@click.option("--home", metavar="DIR", help="Use this data folder (default: GOODTERMS_HOME or "
              "the platform's user data folder).")
@click.option("--user", "username", metavar="NAME", help="Act as this user (default: the owner).")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, home: str | None, username: str | None, debug: bool) -> None:
    """Stay on good terms with your network.

    goodterms remembers each relationship's history and tells you, every day,
    what to do so that nobody feels used, ignored or misled.
    """
    if home:
        os.environ["GOODTERMS_HOME"] = os.path.abspath(os.path.expanduser(home))
    env = ctx.ensure_object(Env)
    env.username = username
    env.debug = debug or env.debug
    # The demo picks its own home first; detect needs no database at all.
    if ctx.invoked_subcommand not in (None, "demo", "detect"):
        # Only configures Django (no database access): store modules can be imported
        # from here on; the database itself is opened when a command needs it.
        from goodterms.store.setup import setup_django

        setup_django()


def _register() -> None:
    from goodterms.cli import (
        checking,
        data,
        detecting,
        digesting,
        events,
        people,
        reviewing,
        serving,
        settings_cmd,
        syncing,
        tokens,
        users,
    )

    for module in (checking, people, events, data, detecting, reviewing, settings_cmd,
                   syncing, digesting, tokens, serving, users):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def run(args: Sequence[str], env: Env) -> int:
    """Run one command with the given streams; return its exit code (for tests too)."""
    try:
        cli.main(args=list(args), prog_name="goodterms", standalone_mode=False, obj=env)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show(file=env.stderr)
        return int(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        # Click turns Ctrl-C into Abort; what the command said when it stopped (an
        # import: how much of the mailbox is kept) is on the interrupt.
        cause = exc if isinstance(exc, KeyboardInterrupt) else exc.__cause__
        said = f" {cause}" if isinstance(cause, KeyboardInterrupt) and str(cause) else ""
        print(f"Interrupted: nothing half-written was kept.{said}", file=env.stderr)
        return ExitCode.INTERRUPTED
    except GoodtermsError as exc:
        if env.debug:
            raise
        print(f"error: {exc}", file=env.stderr)
        return exc.exit_code
    except Exception as exc:
        if env.debug:
            raise
        from goodterms.store.setup import database_busy

        if database_busy(exc):
            print("error: the database is busy: another goodterms command (an import?) is "
                  "writing to it; try again when it is done", file=env.stderr)
            return ExitCode.DATABASE
        print(f"error: {type(exc).__name__}: {exc}\n(run again with --debug to see where)",
              file=env.stderr)
        return ExitCode.ERROR
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    env = Env(debug="--debug" in args or os.environ.get("GOODTERMS_DEBUG") == "1")
    code = run(args, env)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
