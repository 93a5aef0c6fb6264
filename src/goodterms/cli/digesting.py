"""`goodterms digest`: today's actions as an email, shown or sent (docs/digest.md)."""

from __future__ import annotations

import json
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def recipient(config: Any) -> str:
    """digest.to, else the first of me.emails ("" when neither is set)."""
    to = str(config.get("digest.to") or "").strip()
    if to:
        return to
    emails = config.me_emails
    return emails[0] if emails else ""


def sender_for(smtp_config: Any, to: str) -> str:
    """smtp.from, else smtp.user when it is an address, else the recipient."""
    sender = str(smtp_config.get("smtp.from") or "").strip()
    if sender:
        return sender
    user = str(smtp_config.get("smtp.user") or "").strip()
    return user if "@" in user else to


NO_ADDRESS = ("no address for the digest: goodterms config set digest.to you@example.org "
              "(or set me.emails)")


@click.command("digest")
@click.option("--send", is_flag=True,
              help="Send it by email through the SMTP server of the settings (default: only "
                   "show it).")
@click.option("--as-of", "as_of", metavar="WHEN",
              help="The moment of the check (default: now); the digest is that day's.")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]),
              help="How to show it without --send: text (default: the subject and the plain "
                   "text), html, or json.")
@click.option("--force", is_flag=True,
              help="Send it even if that day's digest was already sent.")
@click.option("--send-empty", is_flag=True,
              help="Send it even on a day with nothing to do (default: digest.send_empty).")
@click.option("--all-users", is_flag=True,
              help="Send every user their own digest (for cron on a server), through the "
                   "installation's SMTP server; one user's failure does not stop the others.")
@pass_env
def digest(env: Env, send: bool, as_of: str | None, fmt: str | None, force: bool,
           send_empty: bool, all_users: bool) -> None:
    """Today's actions as a short email: shown here, or sent with --send.

    A digest that cannot be sent is kept and goes with the next
    'goodterms digest --send' (the command exits 1 and says what the server
    answered); a day's digest is sent once, unless --force.
    """
    from goodterms.errors import UsageError

    if fmt and send:
        raise UsageError("--format only shapes what is shown without --send")
    if (force or send_empty or all_users) and not send:
        used = "--force" if force else "--send-empty" if send_empty else "--all-users"
        raise UsageError(f"{used} only goes with --send")
    if all_users:
        if env.username:
            raise UsageError("--all-users and --user do not go together")
        _send_all(env, as_of, force, send_empty)
        return
    if not send:
        _show(env, as_of, fmt or "text")
        return
    _send_one(env, as_of, force, send_empty)


def _show(env: Env, as_of: str | None, fmt: str) -> None:
    from goodterms.digest.actions import preview

    composed = preview(env.owner, env.config, env.moment(as_of))
    for warning in composed.warnings:
        env.warn(warning)
    to = recipient(env.config)
    if fmt == "json":
        doc = {"day": composed.day.isoformat(), "to": to or None, "subject": composed.subject,
               "actions": composed.actions,
               "undelivered": [x.day.isoformat() for x in composed.missed],
               "text": composed.text, "html": composed.html}
        env.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "html":
        env.stdout.write(composed.html)
    else:
        env.stdout.write(f"To: {to or '(nobody yet: set digest.to or me.emails)'}\n"
                         f"Subject: {composed.subject}\n\n{composed.text}")


def _send_one(env: Env, as_of: str | None, force: bool, send_empty: bool) -> None:
    from goodterms.digest import mailer
    from goodterms.digest.actions import send_digest
    from goodterms.digest.compose import day_label
    from goodterms.errors import UsageError

    owner, config = env.owner, env.config
    to = recipient(config)
    if not to:
        raise UsageError(NO_ADDRESS)
    smtp = mailer.smtp_from_config(config)
    password = mailer.password_for(smtp)
    mailer.check_ready(smtp, password)
    outcome = send_digest(owner, config, env.moment(as_of), to=to,
                          sender=sender_for(config, to),
                          deliver=lambda message: mailer.send(smtp, password, message),
                          force=force, send_empty=send_empty or bool(
                              config.get("digest.send_empty")))
    if outcome.composed is not None:
        for warning in outcome.composed.warnings:
            env.warn(warning)
    if outcome.status == "failed":
        raise mailer.SendFailed(
            f"the digest of {day_label(outcome.day)} could not be sent to {to}: "
            f"{outcome.error}. It is kept, and goes with the next 'goodterms digest --send'.")
    env.say(_said(outcome))


def _said(outcome: Any) -> str:
    from goodterms.digest.compose import day_label

    label = day_label(outcome.day)
    if outcome.status == "already-sent":
        when = outcome.digest.sent_at if outcome.digest is not None else None
        at = f" ({when:%Y-%m-%d %H:%M} UTC)" if when else ""
        return (f"The digest of {label} was already sent to {outcome.to}{at}: nothing sent "
                "(--force sends it again).")
    if outcome.status == "empty":
        return (f"Nothing to do on {label}: no digest sent (--send-empty sends one "
                "anyway).")
    actions = outcome.composed.actions if outcome.composed else 0
    said = (f"Sent the digest of {label} to {outcome.to}: {actions} "
            f"action{'s' if actions != 1 else ''}.")
    if outcome.folded:
        days = ", ".join(day_label(d) for d in outcome.folded)
        said += f" It also tells of the digest{'s' if len(outcome.folded) > 1 else ''} " \
                f"not delivered before ({days})."
    return said


def _send_all(env: Env, as_of: str | None, force: bool, send_empty: bool) -> None:
    """Every active user's digest, through config.toml's SMTP server (never a user's own
    smtp.* settings: the installation's password must only go to its own server)."""
    from django.contrib.auth import get_user_model

    from goodterms.digest import mailer
    from goodterms.digest.actions import send_digest
    from goodterms.errors import GoodtermsError
    from goodterms.store.setup import ensure_database

    env.file_config  # noqa: B018 - a broken config.toml stops everything first
    ensure_database()
    installation = env.file_config
    smtp = mailer.smtp_from_config(installation)
    password = mailer.password_for(smtp)
    mailer.check_ready(smtp, password)
    counts = {"sent": 0, "failed": 0, "already-sent": 0, "empty": 0, "no-address": 0}
    users = list(get_user_model().objects.filter(is_active=True).order_by("username"))
    for user in users:
        name = user.get_username()
        mine = Env(stdin=env.stdin, stdout=env.stdout, stderr=env.stderr, username=name,
                   debug=env.debug)
        mine.owner = user  # known already: no second look-up (nor migration check) per user
        try:
            config = mine.config
            to = recipient(config)
            if not to:
                counts["no-address"] += 1
                env.say(f"{name}: skipped, {NO_ADDRESS}")
                continue
            outcome = send_digest(
                mine.owner, config, mine.moment(as_of), to=to,
                sender=sender_for(installation, to),
                deliver=lambda message: mailer.send(smtp, password, message), force=force,
                send_empty=send_empty or bool(config.get("digest.send_empty")))
        except GoodtermsError as exc:  # this user's settings or data: the others go on
            counts["failed"] += 1
            env.err_console.print(f"{name}: error: {exc}", markup=False)
            continue
        except Exception as exc:
            if env.debug:
                raise
            counts["failed"] += 1
            env.err_console.print(f"{name}: error: {type(exc).__name__}: {exc}", markup=False)
            continue
        counts[outcome.status] += 1
        if outcome.status == "failed":
            env.err_console.print(f"{name}: not sent to {to}: {outcome.error} (kept for next "
                                  "time)", markup=False)
        else:
            env.say(f"{name}: {_said(outcome)}")
    parts = [f"{counts['sent']} sent", f"{counts['failed']} failed"]
    parts += [f"{counts[key]} {label}" for key, label in
              (("already-sent", "already sent"), ("empty", "with nothing to do"),
               ("no-address", "without an address")) if counts[key]]
    env.say(f"{len(users)} user{'s' if len(users) != 1 else ''}: {', '.join(parts)}.")
    if counts["failed"]:
        raise mailer.SendFailed(f"{counts['failed']} of {len(users)} digests could not be sent; "
                                "each is kept and goes with the next "
                                "'goodterms digest --send --all-users'")


COMMANDS = [digest]
