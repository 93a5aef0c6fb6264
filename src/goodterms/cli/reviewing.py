"""`goodterms review`: decide on what was found in your mail but not recorded."""

from __future__ import annotations

import json
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def _describe(env: Env, found: Any, names: dict[str, str]) -> str:
    p = found.proposal
    who_from = "you" if p.get("from") == "me" else names.get(p.get("from", ""), p.get("from"))
    who_to = "you" if p.get("to") == "me" else names.get(p.get("to", ""), p.get("to"))
    when = found.at.astimezone(env.tz).strftime("%Y-%m-%d")
    kind = p["type"] + (f" ({p['kind']})" if p.get("kind") else "")
    return (f"#{found.pk}  {when}  {found.act} {found.confidence:.0%}: \"{found.text}\"\n"
            f"      would record: {kind} from {who_from} to {who_to}")


@click.command("review")
@click.option("--accept", "accept", type=int, multiple=True, metavar="N",
              help="Accept detection N (repeatable).")
@click.option("--reject", "reject", type=int, multiple=True, metavar="N",
              help="Reject detection N (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="Only list what waits.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_env
def review(env: Env, accept: tuple[int, ...], reject: tuple[int, ...], list_only: bool,
           fmt: str) -> None:
    """Decide on the thanks, requests, offers, favors and introductions found in your
    mail that were not sure enough to be recorded on their own.

    On a terminal it asks about each in turn: [a]ccept, [e]dit the text then accept,
    [r]eject, [s]kip, [q]uit.
    """
    from goodterms.store.actions import decide
    from goodterms.store.models import Detection, Person

    owner, tz = env.owner, env.tz
    for number in accept:
        decide(owner, number, True, tz)
        env.say(f"#{number} accepted and recorded.")
    for number in reject:
        decide(owner, number, False, tz)
        env.say(f"#{number} rejected.")
    if accept or reject:
        return
    waiting = list(Detection.objects.filter(owner=owner, status="pending").order_by("at", "pk"))
    if fmt == "json":
        env.stdout.write(json.dumps([{"id": d.pk, "act": d.act, "confidence": d.confidence,
                                      "text": d.text, "at": d.at.astimezone(tz).isoformat(),
                                      "proposal": d.proposal} for d in waiting],
                                    ensure_ascii=False, indent=1) + "\n")
        return
    if not waiting:
        env.say("Nothing waits for review.")
        return
    names = dict(Person.objects.filter(owner=owner).values_list("ident", "name"))
    interactive = env.stdin.isatty() if hasattr(env.stdin, "isatty") else False
    for found in waiting:
        env.say(_describe(env, found, names))
        if list_only or not interactive:
            continue
        choice = click.prompt("  [a]ccept, [e]dit, [r]eject, [s]kip, [q]uit", default="s",
                              type=click.Choice(["a", "e", "r", "s", "q"]),
                              show_choices=False, err=True)
        if choice == "q":
            return
        if choice == "a":
            decide(owner, found.pk, True, tz)
        elif choice == "r":
            decide(owner, found.pk, False, tz)
        elif choice == "e":
            proposal = dict(found.proposal)
            field = "what" if proposal["type"] != "thanks" else None
            if field:
                proposal[field] = click.prompt("  what", default=proposal.get(field, ""),
                                               err=True)
            decide(owner, found.pk, True, tz, proposal)
    if not interactive and not list_only:
        env.say(f"{len(waiting)} waiting: accept with --accept N, reject with --reject N.")


COMMANDS = [review]
