"""Moving data in and out: import, export, backup."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


@contextmanager
def progress_bar(env: Env, label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (on stderr); nothing when output is piped."""
    if not env.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=env.err_console,
                  transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def readable_path(source: str, stdin: Any) -> Iterator[tuple[Path, str]]:
    """A real file for SOURCE: stdin ('-') is first spooled to a temporary file,
    because importing reads its input more than once."""
    if source != "-":
        yield Path(source).expanduser(), source
        return
    with tempfile.NamedTemporaryFile(prefix="goodterms-stdin-", suffix=".jsonl") as tmp:
        shutil.copyfileobj(stdin, tmp)
        tmp.flush()
        yield Path(tmp.name), "<stdin>"


@click.command("import")
@click.argument("args", nargs=-1, required=True, metavar="[FORMAT] PATH")
@click.option("--strict", is_flag=True,
              help="Store nothing if any row or card cannot be read (default: skip it and say "
                   "so).")
@click.option("--keep-bodies", is_flag=True,
              help="Mail: also keep the new text of each message (by default only what was "
                   "found in it, and the sentence that shows it).")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default="0: one per core",
              help="Mail: worker processes that read the messages' text and find what it "
                   "says; 1 reads everything in this process.")
@pass_env
def import_(env: Env, args: tuple[str, ...], strict: bool, keep_bodies: bool,
            jobs: int) -> None:
    """Import a file, a folder or - (standard input) into your network.

    The format is recognised from the content; name it to be sure, as in
    'goodterms import journal network.jsonl'. Formats: a goodterms journal, a
    LinkedIn export, vCard, Google or Outlook contacts (CSV), calendars (.ics).
    Importing the same file twice changes nothing; a journal with any bad line
    imports nothing.
    """
    from goodterms.errors import UsageError

    owner = env.owner  # sets the database up before the store is imported
    from goodterms.store.importing import (
        cores,
        detect,
        progress_total,
        run_import,
        wants_my_address,
    )

    if len(args) > 2:
        raise UsageError("give at most a format and a path: goodterms import [FORMAT] PATH")
    fmt, source = (args[0], args[1]) if len(args) == 2 else (None, args[0])
    with readable_path(source, env.stdin) as (path, shown):
        if fmt is None and source == "-":
            fmt = "journal"
        found = detect(path, fmt)
        if wants_my_address(found, env.config):
            _ask_who_i_am(env, found.importer, path)
        # Counting reads the whole file once more: only worth it for a progress bar.
        total = progress_total(found) if env.stderr.isatty() else None
        def going_on(position: int) -> None:
            env.say(f"Going on after message {position:,}: an earlier import of this "
                    "mailbox stopped there, and what it read is kept.")

        with progress_bar(env, f"importing {Path(shown).name}", total) as advance:
            summary = run_import(owner, found, source=shown, config=env.config, now=env.now(),
                                 strict=strict, keep_bodies=keep_bodies, progress=advance,
                                 jobs=jobs or cores(), resumable=source != "-",
                                 going_on=going_on)
    print_summary(env, summary)


def _ask_who_i_am(env: Env, importer: Any, path: Path) -> None:
    """Mail needs to know which address is yours: propose a guess, once, and keep it.

    Asked only on a terminal; elsewhere the importer uses its guess and says so.
    """
    if not (env.stdin.isatty() if hasattr(env.stdin, "isatty") else False):
        return
    guess = importer.guess_me(path)
    prompt = (f"Is {guess} your address (it sends the most mail here)?" if guess else
              "Which email addresses are yours (comma-separated)?")
    if guess and click.confirm(prompt, default=True, err=True):
        answer = guess
    else:
        answer = click.prompt("Your email addresses, comma-separated", err=True)
    config = env.config
    config.set("me.emails", answer)
    config.save()
    env.err_console.print(f"Saved: me.emails = {', '.join(config.me_emails)}", markup=False)


def print_summary(env: Env, summary: Any) -> None:
    total = summary.total
    parts = []
    for kind, c in sorted(summary.counts.items()):
        changed = c.new + c.updated
        if changed:
            parts.append(f"{changed} {kind.replace('_', ' ')}")
    detail = f" ({', '.join(parts)})" if parts else ""
    env.say(f"{summary.source}: {total.new} new, {total.updated} updated, "
            f"{total.unchanged} unchanged{detail}.")
    if getattr(summary, "queued", 0):
        env.say(f"{summary.queued} detection{'s' if summary.queued != 1 else ''} to look at: "
                "goodterms review")
    if summary.skipped:
        from goodterms.store.matching import where

        env.say(f"Skipped {len(summary.skipped)}: " + "; ".join(
            f"{count} {reason}" for reason, count in sorted(summary.skipped.reasons.items()))
            + ".")
        for number, reason, file in summary.skipped[:10]:
            env.say(f"  {where(number, file)}: {reason}")
        if len(summary.skipped) > 10:
            env.say(f"  … and {len(summary.skipped) - 10} more")


@click.group("export")
def export() -> None:
    """Write your network out in another format."""


@export.command("journal")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@pass_env
def export_journal_cmd(env: Env, file: str | None) -> None:
    """Write everything as a journal to FILE (default: standard output)."""
    from goodterms.journal import dumps

    owner, tz = env.owner, env.tz
    from goodterms.store.export import journal_objects

    _write_text(env, file, (dumps(obj) + "\n" for obj in journal_objects(owner, tz)), "lines")


@export.command("vcard")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@pass_env
def export_vcard(env: Env, file: str | None) -> None:
    """Write everyone as vCard 4.0 (for Google Contacts or Apple Contacts) to FILE."""
    from goodterms.exports import vcards
    from goodterms.journal import line_to_object

    owner, tz = env.owner, env.tz
    from goodterms.store.rows import iter_lines

    people = (line_to_object(line, tz) for line in iter_lines(owner, "person"))
    _write_text(env, file, (card for card in vcards(people)), "cards")


@export.command("ics")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--todos", is_flag=True, help="Write to-dos instead of events.")
@click.option("--as-of", "as_of", metavar="WHEN", help="The moment of the check (default: now).")
@pass_env
def export_ics(env: Env, file: str | None, todos: bool, as_of: str | None) -> None:
    """Write today's due and overdue actions as a calendar (.ics) to FILE."""
    from goodterms.cli.checking import run_checks
    from goodterms.exports import actions_calendar

    moment = env.moment(as_of)
    checked = run_checks(env, moment)
    data = actions_calendar(checked.findings, moment, as_todos=todos)
    _write_text(env, file, [data.decode("utf-8")], "calendar entries",
                count=data.count(b"BEGIN:VEVENT") + data.count(b"BEGIN:VTODO"))


def _write_text(env: Env, file: str | None, chunks: Any, what: str,
                count: int | None = None) -> None:
    """Write text to FILE (replaced only once complete) or to standard output."""
    import os

    written = 0
    if file in (None, "-"):
        for chunk in chunks:
            env.stdout.write(chunk)
            written += 1
        return
    target = Path(file).expanduser()
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".",
                               prefix=f".{target.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
                written += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    env.err_console.print(f"Wrote {written if count is None else count} {what} to {target}.",
                          markup=False)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_env
def backup(env: Env, file: str) -> None:
    """Write a consistent copy of the database to FILE, even while it is in use."""
    from goodterms.store.backup import backup_database

    env.owner  # noqa: B018 - opens and migrates the database first
    size = backup_database(Path(file).expanduser())
    env.say(f"Backed up to {file} ({size // 1024} KiB). Restore: see 'goodterms backup --help' "
            "or docs/backup.md.")


COMMANDS = [import_, export, backup]
