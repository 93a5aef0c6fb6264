"""Logging what happens: interactions, favors, requests and their outcome,
thanks, offers and contacts passed on. Each command builds one journal line and
stores it through the same action as `goodterms import`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from goodterms.cli.env import Env
from goodterms.cli.people import store_line
from goodterms.engine.model import FAVOR_KINDS, INTERACTION_KINDS, THANKS_CHANNELS
from goodterms.store import events as build

pass_env = click.make_pass_decorator(Env, ensure=True)
AT_HELP = "When: a date or date and time in your time zone, 'today' or 'yesterday' (default: now)."


def at_option(func: Any) -> Any:
    return click.option("--at", "at", metavar="WHEN", help=AT_HELP)(func)


def iso(env: Env, moment: datetime) -> str:
    return build.iso(moment, env.tz)


def ident_of(env: Env, person: str) -> str:
    from goodterms.store.queries import resolve_person

    return str(resolve_person(env.owner, person).ident)


def party(env: Env, text: str | None) -> str | None:
    """'me' or a person's id, from an option value."""
    if text is None:
        return None
    if text.strip().lower() in ("me", "i", "myself"):
        return "me"
    return ident_of(env, text)


def name_of(env: Env, ident: str) -> str:
    from goodterms.store.models import Person

    person = Person.objects.filter(owner=env.owner, ident=ident).first()
    return person.name if person else ident


def report(env: Env, state: str, text: str, ident: str) -> None:
    if state == "unchanged":
        env.say(f"Already logged: {text} [{ident}].")
    elif state == "updated":
        env.say(f"Updated: {text} [{ident}].")
    else:
        env.say(f"Logged: {text} [{ident}].")


def readable_ident(env: Env, *parts: str) -> str:
    return build.readable_ident(env.owner, *parts)


DIRECTION = click.Choice(["from", "to"])


# ---------------------------------------------------------------- interactions

@click.command("log")
@click.argument("kind", type=click.Choice(INTERACTION_KINDS))
@click.argument("people", nargs=-1, required=True)
@at_option
@click.option("-m", "--summary", help="What it was about.")
@click.option("--place", help="Where it happened.")
@click.option("--direction", type=click.Choice(["out", "in", "both"]),
              help="out: from me, in: from them, both (default: both for meetings and calls, "
                   "out for email and messages).")
@click.option("--initiated-by", metavar="WHO", help="'me' or the person who reached out.")
@click.option("--time-chosen-by", metavar="WHO", help="'me' or the person who picked the time.")
@click.option("--travel", "travel", type=click.IntRange(min=0), metavar="MINUTES",
              help="How many minutes they travelled to meet you.")
@click.option("--id", "ident", metavar="ID", help="An id for the record (default: derived).")
@pass_env
def log(env: Env, kind: str, people: tuple[str, ...], at: str | None, summary: str | None,
        place: str | None, direction: str | None, initiated_by: str | None,
        time_chosen_by: str | None, travel: int | None, ident: str | None) -> None:
    """Log a meeting, call, email, message or note with one or more PEOPLE."""
    with_ = [ident_of(env, p) for p in people]
    obj = build.interaction(env.tz, env.moment(at), with_, kind, ident=ident,
                            direction=direction, summary=summary, place=place,
                            initiated_by=party(env, initiated_by),
                            time_chosen_by=party(env, time_chosen_by), travel=travel)
    line, state = store_line(env, obj)
    names = ", ".join(name_of(env, p) for p in with_)
    report(env, state, f"{kind} with {names}", line.id)


# ---------------------------------------------------------------- favors

@click.command("favor")
@click.argument("direction", type=DIRECTION)
@click.argument("person")
@click.argument("kind", type=click.Choice(FAVOR_KINDS))
@click.option("--what", help='What they did, e.g. "sent my resume to Dana".')
@click.option("--size", type=click.IntRange(1, 5), help="1 (small) to 5 (huge).")
@click.option("--refers-to", metavar="PERSON", help="The third person it points at.")
@at_option
@click.option("--id", "ident", metavar="ID", help="An id (default: made from person and kind).")
@pass_env
def favor(env: Env, direction: str, person: str, kind: str, what: str | None, size: int | None,
          refers_to: str | None, at: str | None, ident: str | None) -> None:
    """Log a favor FROM someone to you, or one you did TO someone.

    Example: goodterms favor from tim referral --refers-to dana --what "sent my resume"
    """
    other = ident_of(env, person)
    obj = build.favor(env.owner, env.tz, direction, other, kind, env.moment(at), what=what,
                      size=size, refers_to=ident_of(env, refers_to) if refers_to else None,
                      ident=ident)
    line, state = store_line(env, obj)
    text = f"{kind.replace('_', ' ')} {direction} {name_of(env, other)}"
    report(env, state, text, line.id)


# ---------------------------------------------------------------- requests

@click.group("request")
def request() -> None:
    """Log a request from someone or to someone, and how it ended."""


def _request_command(direction: str) -> click.Command:
    @click.command(direction)
    @click.argument("person")
    @click.argument("what")
    @click.option("--size", type=click.IntRange(1, 5), help="1 (a quick question) to 5 (a job).")
    @click.option("--due", metavar="WHEN", help="When it is owed (a date means the end of it).")
    @at_option
    @click.option("--id", "ident", metavar="ID", help="An id (default: made from the person).")
    @pass_env
    def command(env: Env, person: str, what: str, size: int | None, due: str | None,
                at: str | None, ident: str | None) -> None:
        other = ident_of(env, person)
        moment = env.moment(at)
        due_at = env.moment(due, end_of_day=True) if due is not None else None
        obj = build.request(env.owner, env.tz, direction, other, what, moment, size=size,
                            due=due_at, ident=ident)
        line, state = store_line(env, obj)
        report(env, state, f"request {direction} {name_of(env, other)}: {what}", line.id)

    command.help = ("Log a request PERSON made to you (WHAT they asked)." if direction == "from"
                    else "Log a request you made to PERSON (WHAT you asked).")
    return command


def _update_command(status: str) -> click.Command:
    name = status.replace("_", "-")

    @click.command(name)
    @click.argument("request_ref", metavar="REQUEST")
    @click.option("--note", help="A word on how it went.")
    @at_option
    @pass_env
    def command(env: Env, request_ref: str, note: str | None, at: str | None) -> None:
        found = find_request(env, request_ref)
        obj = build.request_update(env.tz, found.ident, status, env.moment(at), note=note)
        line, state = store_line(env, obj)
        report(env, state, f"request {found.ident} {status.replace('_', ' ')}", line.id)

    command.help = {
        "done": "Mark a request as done.",
        "declined": "Mark a request as declined (a clear no is a reply).",
        "withdrawn": "Mark a request as withdrawn by the one who asked.",
        "asked_again": "Record that the request was asked again.",
    }[status] + " REQUEST is its id, or a person (their latest open request)."
    return command


def find_request(env: Env, ref: str) -> Any:
    """A request by id, or the latest open request with a person."""
    return build.find_request(env.owner, ref)


for _direction in ("from", "to"):
    request.add_command(_request_command(_direction))
for _status in ("done", "declined", "withdrawn", "asked_again"):
    request.add_command(_update_command(_status))


# ---------------------------------------------------------------- thanks, offers, shares

@click.command("thanks")
@click.argument("direction", type=DIRECTION)
@click.argument("person")
@click.option("--for", "for_", metavar="FAVOR", help="The favor it is for (its id).")
@click.option("--channel", type=click.Choice(THANKS_CHANNELS), help="How it was said.")
@at_option
@pass_env
def thanks(env: Env, direction: str, person: str, for_: str | None, channel: str | None,
           at: str | None) -> None:
    """Log a thank-you TO someone (from you) or FROM someone (to you)."""
    other = ident_of(env, person)
    obj = build.thanks(env.tz, direction, other, env.moment(at), for_=for_, channel=channel)
    line, state = store_line(env, obj)
    report(env, state, f"thank-you {direction} {name_of(env, other)}", line.id)


@click.command("offer")
@click.argument("direction", type=DIRECTION)
@click.argument("person")
@click.option("--what", help="What help was offered.")
@at_option
@pass_env
def offer(env: Env, direction: str, person: str, what: str | None, at: str | None) -> None:
    """Log an offer of help TO someone (from you) or FROM someone."""
    other = ident_of(env, person)
    obj = build.offer(env.tz, direction, other, env.moment(at), what=what)
    line, state = store_line(env, obj)
    report(env, state, f"offer of help {direction} {name_of(env, other)}", line.id)


@click.command("share")
@click.argument("contact")
@click.option("--to", "to", metavar="PERSON", required=True, help="Who you passed it on to.")
@click.option("--given-by", metavar="PERSON", help="Who gave you this contact.")
@click.option("--with-permission", is_flag=True, help="The giver agreed to it being passed on.")
@at_option
@pass_env
def share(env: Env, contact: str, to: str, given_by: str | None, with_permission: bool,
          at: str | None) -> None:
    """Log that you passed CONTACT's details on to someone else."""
    contact_id, to_id = ident_of(env, contact), ident_of(env, to)
    obj = build.share(env.tz, contact_id, to_id, env.moment(at),
                      given_by=ident_of(env, given_by) if given_by else None,
                      with_permission=with_permission)
    line, state = store_line(env, obj)
    report(env, state, f"{name_of(env, contact_id)} passed on to {name_of(env, to_id)}", line.id)


COMMANDS = [log, favor, request, thanks, offer, share]
