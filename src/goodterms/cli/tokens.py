"""API tokens and the calendar feed: `goodterms token …` and `goodterms feed …`."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def _when(moment: Any, env: Env) -> str:
    return "" if moment is None else f"{moment.astimezone(env.tz):%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- tokens

@click.group("token")
def token() -> None:
    """Create, list and revoke tokens for the JSON API (/api/)."""


@token.command("create")
@click.argument("name")
@pass_env
def token_create(env: Env, name: str) -> None:
    """Create an API token called NAME and print it (this once only)."""
    from goodterms.api.access import create_token

    row, secret = create_token(env.owner, name)
    env.say(secret)
    env.err_console.print(
        f"Token {row.id} '{row.name}' created. Copy it now: it is not shown again.\n"
        f"Use it as: Authorization: Bearer {secret[:15]}…", markup=False, style="dim")


@token.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_env
def token_list(env: Env, fmt: str) -> None:
    """List your API tokens (never the secrets themselves)."""
    from goodterms.api.access import tokens

    rows = list(tokens(env.owner))
    if fmt == "json":
        doc = [{"id": r.id, "name": r.name, "prefix": f"gt_{r.prefix}",
                "created": r.created.isoformat(),
                "last_used": r.last_used.isoformat() if r.last_used else None,
                "revoked": r.revoked.isoformat() if r.revoked else None} for r in rows]
        env.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    if not rows:
        env.say("No API tokens yet: create one with 'goodterms token create NAME'.")
        return
    table = [("id", "name", "starts with", "created", "last used", "state")]
    for r in rows:
        state = f"revoked {_when(r.revoked, env)}" if r.revoked else "active"
        table.append((str(r.id), r.name, f"gt_{r.prefix}", _when(r.created, env),
                      _when(r.last_used, env) or "never", state))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        env.say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@token.command("revoke")
@click.argument("ref", metavar="ID|NAME")
@pass_env
def token_revoke(env: Env, ref: str) -> None:
    """Revoke a token, by its id or its name: it stops working at once."""
    from goodterms.api.access import revoke_token

    row = revoke_token(env.owner, ref)
    env.say(f"Revoked token {row.id} '{row.name}'.")


# ---------------------------------------------------------------- the calendar feed

@click.group("feed")
def feed() -> None:
    """Your calendar feed: due and overdue actions at a secret URL, for Google Calendar
    or Apple Calendar to subscribe to."""


def _base_url(env: Env, given: str | None) -> str:
    from goodterms.errors import UsageError

    base = (given or str(env.config.get("web.base_url") or "")
            or os.environ.get("GOODTERMS_BASE_URL", "")).strip()
    if not base:
        raise UsageError("where is your goodterms server reached? Give --base-url "
                         "https://goodterms.example.org, or set it once with "
                         "'goodterms config set web.base_url https://goodterms.example.org'")
    if not base.startswith(("http://", "https://")):
        raise UsageError(f"'{base}' is not a web address (it starts with https:// or http://)")
    return base.rstrip("/")


@feed.command("url")
@click.option("--base-url", metavar="URL",
              help="Where your server is reached (default: the web.base_url setting).")
@click.option("--new", "new", is_flag=True,
              help="Make a new secret URL; the old one stops working.")
@pass_env
def feed_url(env: Env, base_url: str | None, new: bool) -> None:
    """Print your calendar feed's secret URL, making it on first use."""
    from django.urls import reverse

    from goodterms.api.access import create_feed, current_feed

    base = _base_url(env, base_url)
    found = None if new else current_feed(env.owner)
    made = found is None
    if found is None:
        found = create_feed(env.owner)
    _feed, secret = found
    env.say(base + reverse("feed:feed", args=[secret]))
    if made:
        env.err_console.print("A new feed URL: anyone who has it sees your actions, so keep "
                              "it private ('goodterms feed revoke' ends it).",
                              markup=False, style="dim")


@feed.command("revoke")
@pass_env
def feed_revoke(env: Env) -> None:
    """Stop your calendar feed URL; 'goodterms feed url' makes a new one."""
    from goodterms.api.access import revoke_feeds

    count = revoke_feeds(env.owner)
    env.say("Your feed URL no longer works." if count else "You had no feed URL.")


COMMANDS = [token, feed]
