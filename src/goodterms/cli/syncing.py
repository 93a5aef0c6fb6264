"""Bringing in what is new from online accounts: `goodterms sync imap`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from goodterms.cli.data import pass_env, print_summary
from goodterms.cli.env import Env
from goodterms.credentials import is_loopback


@click.group("sync")
def sync() -> None:
    """Bring in what is new from an online account (mail over IMAP)."""


@sync.command("imap")
@click.option("--host", metavar="HOST", help="The IMAP server (default: the setting imap.host).")
@click.option("--port", type=click.IntRange(1, 65535), metavar="N",
              help="Its port (default: imap.port, else 993, or 143 with --starttls or "
                   "--no-tls).")
@click.option("--login", metavar="NAME",
              help="Your login on the server, often your address (default: imap.user).")
@click.option("--folder", "folders", multiple=True, metavar="NAME",
              help="A folder to read; repeat for several (default: imap.folders, else the "
                   "Inbox and the Sent folder).")
@click.option("--starttls", is_flag=True,
              help="Connect in plain text and switch to TLS (port 143) instead of TLS from "
                   "the start (default: the setting imap.security).")
@click.option("--no-tls", "no_tls", is_flag=True,
              help="No encryption at all: only for a server on this machine (tests).")
@click.option("--ssl", "ssl_", is_flag=True,
              help="TLS from the start (port 993), whatever imap.security says.")
@click.option("--cafile", type=click.Path(dir_okay=False, exists=True), metavar="FILE",
              help="Also trust certificates signed by this CA file (PEM), such as a "
                   "self-signed server's (default: imap.cafile).")
@click.option("--from-start", is_flag=True,
              help="Read every message again, not only the new ones (nothing is duplicated).")
@click.option("--keep-bodies", is_flag=True,
              help="Also keep the new text of each message (as for 'goodterms import').")
@pass_env
def sync_imap(env: Env, host: str | None, port: int | None, login: str | None,
              folders: tuple[str, ...], starttls: bool, no_tls: bool, ssl_: bool,
              cafile: str | None,
              from_start: bool, keep_bodies: bool) -> None:
    """Read new mail from your IMAP server, as 'goodterms import' reads a mailbox.

    Only the messages that arrived since the last sync are fetched, folder by
    folder; an interrupted sync starts again where it stopped. The password
    comes from GOODTERMS_IMAP_PASSWORD, the system keyring or a prompt, and is
    never stored by goodterms.
    """
    from goodterms.errors import UsageError
    from goodterms.importers import imap
    from goodterms.importers.records import Me, normal_email

    owner = env.owner
    config = env.config
    host = host or str(config.get("imap.host") or "")
    user = login or str(config.get("imap.user") or "")
    if not host:
        raise UsageError("which server? give --host or set it once: "
                         "goodterms config set imap.host imap.example.org")
    if not user:
        raise UsageError("which login? give --login or set it once: "
                         "goodterms config set imap.user you@example.org")
    if starttls + no_tls + ssl_ > 1:
        raise UsageError("--ssl, --starttls and --no-tls do not go together: choose one")
    security = ("none" if no_tls else "starttls" if starttls else "ssl" if ssl_
                else str(config.get("imap.security")))
    account = imap.Account(host=host, user=user, port=port or int(config.get("imap.port")),
                           security=security,
                           cafile=cafile or str(config.get("imap.cafile") or ""))
    if security == "none" and not is_loopback(host):
        raise UsageError(f"refusing to send your password in plain text to {host}: "
                         "--no-tls is only for a server on this machine")
    mine = list(config.me_emails)
    if not mine:
        mine = _who_i_am(env, normal_email(user))
    if normal_email(user) and normal_email(user) not in mine:
        mine.append(normal_email(user))  # whatever the login sends is yours
    me = Me(tuple(config.me_names), tuple(mine))
    password = _password(env, account)
    client = imap.connect(account, password)
    del password
    try:
        chosen = imap.pick_folders(client, list(folders) or list(config.get("imap.folders")))
        with _progress(env) as progress:
            result = imap.sync(client, owner, account, chosen, tz=env.tz, me=me,
                               until=env.now(), keep_bodies=keep_bodies,
                               apply_threshold=float(config.get("detect.apply_threshold")),
                               from_start=from_start, progress=progress)
    finally:
        imap._close(client)
    print_summary(env, result.summary)
    read = ", ".join(f"{f.name} {f.read}" for f in result.folders)
    env.say(f"Read {result.read} new message{'s' if result.read != 1 else ''} ({read}).")
    if not config.me_emails:
        env.say(f"Your address was taken to be {user} (the login); to add others: "
                "goodterms config set me.emails …")
    for folder in result.folders:
        if folder.restarted:
            env.say(f"{folder.name}: the server renumbered it (UIDVALIDITY changed), so it "
                    "was read again from the start.")


def _who_i_am(env: Env, login: str) -> list[str]:
    """Your addresses when me.emails is not set: the login when it is one (said once
    on a terminal, and kept when confirmed), else asked."""
    config = env.config
    terminal = env.stdin.isatty() if hasattr(env.stdin, "isatty") else False
    if not terminal:
        if login:  # the login is added as yours (and the summary says so)
            return []
        from goodterms.errors import UsageError

        raise UsageError("which addresses are yours? set them once: "
                         "goodterms config set me.emails you@example.org")
    if login and click.confirm(f"Is {login} your address (and the only one)?", default=True,
                               err=True):
        answer = login
    else:
        answer = click.prompt("Your email addresses, comma-separated", err=True)
    config.set("me.emails", answer)
    config.save()
    env.err_console.print(f"Saved: me.emails = {', '.join(config.me_emails)}", markup=False)
    return list(config.me_emails)


def _password(env: Env, account: Any) -> str:
    """From GOODTERMS_IMAP_PASSWORD, the system keyring, or a prompt on a terminal."""
    from goodterms.importers import imap

    found = os.environ.get(imap.PASSWORD_ENV) or imap.keyring_password(account)
    if found:
        return found
    if hasattr(env.stdin, "isatty") and env.stdin.isatty():
        return str(click.prompt(f"Password for {account.user} on {account.host}",
                                hide_input=True, err=True))
    from goodterms.errors import UsageError

    service = imap.KEYRING_SERVICE.format(host=account.host)
    raise UsageError(f"no password for {account.user} on {account.host}: set "
                     f"{imap.PASSWORD_ENV}, keep it in the system keyring (keyring set "
                     f"{service} {account.user}) or run this on a terminal to be asked")


class _Bar:
    """One progress bar per folder (on stderr, on a terminal only)."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.task: Any = None

    def folder(self, name: str, total: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, visible=False)
        self.task = self.bar.add_task(f"reading {name}", total=total)

    def advance(self, count: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, count)


@contextmanager
def _progress(env: Env) -> Iterator[Any]:
    if not env.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=env.err_console,
                  transient=True) as bar:
        yield _Bar(bar)


COMMANDS = [sync]
