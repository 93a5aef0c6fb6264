"""Commands about people: add, edit, people, show, forget."""

from __future__ import annotations

from typing import Any

import click

from goodterms.cli.env import Env
from goodterms.naming import slug

pass_env = click.make_pass_decorator(Env, ensure=True)


def person_options(func: Any) -> Any:
    options = [
        click.option("--email", "emails", multiple=True, help="An email address (repeatable)."),
        click.option("--phone", "phones", multiple=True, help="A phone number (repeatable)."),
        click.option("--org", help="Where they work."),
        click.option("--title", help="Their job title."),
        click.option("--location", help="Where they live or work."),
        click.option("--linkedin", metavar="URL", help="Their LinkedIn profile."),
        click.option("--met-on", metavar="DATE", help="When you met (a date)."),
        click.option("--met-how", metavar="TEXT", help='How you met, e.g. "PyCon 2026".'),
        click.option("--introduced-by", metavar="PERSON", help="Who introduced you."),
        click.option("--label", metavar="TEXT",
                     help='How you describe the relationship, e.g. "former colleague".'),
        click.option("--close/--not-close", default=None,
                     help="Family, mentor or close friend."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option("--notes", help="Your notes about them."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _person_fields(env: Env, given: dict[str, Any]) -> dict[str, Any]:
    from goodterms.store.queries import resolve_person
    from goodterms.timeparse import TimeFormatError, parse_date

    fields: dict[str, Any] = {}
    for key in ("org", "title", "location", "linkedin", "met_how", "label", "notes", "close"):
        if given.get(key) is not None:
            fields[key] = given[key]
    for key in ("emails", "phones", "tags"):
        if given.get(key):
            fields[key] = list(given[key])
    if given.get("met_on"):
        try:
            fields["met_on"] = parse_date(given["met_on"]).isoformat()
        except TimeFormatError as exc:
            raise click.BadParameter(str(exc), param_hint="--met-on") from None
    if given.get("introduced_by"):
        fields["introduced_by"] = resolve_person(env.owner, given["introduced_by"]).ident
    return fields


def store_line(env: Env, obj: dict[str, Any]) -> tuple[Any, str]:
    """Check one journal object and store it; returns (line, 'new'|'updated'|'unchanged')."""
    owner = env.owner  # sets the database up before the store is imported
    from goodterms.store.events import record

    return record(owner, env.tz, obj)


@click.command("add")
@click.argument("name")
@click.option("--id", "ident", metavar="ID", help="The id to use (default: made from the name).")
@person_options
@pass_env
def add(env: Env, /, name: str, ident: str | None, **given: Any) -> None:
    """Add a person to your network."""
    from goodterms.errors import UsageError
    from goodterms.store.queries import free_ident, kind_of

    owner = env.owner
    if ident:
        if ident == "me":
            raise UsageError("'me' is you; choose another id")
        if kind_of(owner, ident):
            raise UsageError(f"the id '{ident}' is already used; choose another or use "
                             f"'goodterms edit {ident}'")
    else:
        ident = free_ident(owner, slug(name))
    obj = {"type": "person", "id": ident, "name": name, **_person_fields(env, given)}
    store_line(env, obj)
    env.say(f"Added {name} as {ident}.")


@click.command("edit")
@click.argument("person")
@click.option("--name", help="Their name.")
@person_options
@pass_env
def edit(env: Env, /, person: str, name: str | None, **given: Any) -> None:
    """Change what you know about a person (lists given here replace the old ones)."""
    from goodterms.journal import line_to_object
    from goodterms.store.queries import resolve_person
    from goodterms.store.rows import stored_line

    found = resolve_person(env.owner, person)
    current = stored_line(env.owner, "person", found.ident)
    assert current is not None
    obj = line_to_object(current, env.tz)
    obj.update(_person_fields(env, given))
    if name:
        obj["name"] = name
    _line, state = store_line(env, obj)
    env.say(f"{obj['name']} ({found.ident}): " + ("updated." if state == "updated"
                                                  else "nothing changed."))


class PeopleGroup(click.Group):
    """`goodterms people [SEARCH]` lists; `people duplicates` and `people merge` act."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group("people", cls=PeopleGroup)
def people() -> None:
    """List the people in your network (or those matching SEARCH), find likely
    duplicates and merge them."""


@people.command("list")
@click.argument("search", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_env
def list_people(env: Env, search: str | None, fmt: str) -> None:
    """List the people in your network, or those matching SEARCH (the default)."""
    import json

    from goodterms.store.queries import last_contact, search_people

    found = search_people(env.owner, search)
    last = last_contact(env.owner, found)
    if fmt == "json":
        rows = [{"id": p.ident, "name": p.name, "org": p.org, "title": p.title,
                 "label": p.label,
                 "last_contact": last[p.pk].astimezone(env.tz).isoformat()
                 if p.pk in last else None} for p in found]
        env.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if not found:
        env.say("Nobody found." if search else
                "Your network is empty: add someone with 'goodterms add NAME' or import a file.")
        return
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in ("id", "name", "works at", "label", "last contact"):
        table.add_column(column, overflow="fold")
    for p in found:
        works = ", ".join(x for x in (p.title, p.org) if x)
        seen = last[p.pk].astimezone(env.tz).strftime("%Y-%m-%d") if p.pk in last else ""
        table.add_row(p.ident, p.name, works, p.label, seen)
    env.console.print(table)
    env.say(f"{len(found)} {'person' if len(found) == 1 else 'people'}")


@people.command("duplicates")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_env
def duplicates(env: Env, fmt: str) -> None:
    """List people who are likely the same human, with the evidence."""
    import json

    from goodterms.duplicates import Candidate, likely_duplicates
    from goodterms.store.models import Person

    rows = Person.objects.filter(owner=env.owner).values_list(
        "ident", "name", "emails", "phones", "linkedin", "org")
    names = {}
    candidates = []
    for ident, name, emails, phones, linkedin, org in rows.iterator(chunk_size=5000):
        names[ident] = name
        candidates.append(Candidate(ident, name, tuple(emails or ()), tuple(phones or ()),
                                    linkedin, org))
    pairs = likely_duplicates(candidates)
    if fmt == "json":
        env.stdout.write(json.dumps([{"first": p.first, "second": p.second, "score": p.score,
                                      "evidence": list(p.evidence)} for p in pairs],
                                    ensure_ascii=False, indent=1) + "\n")
        return
    if not pairs:
        env.say("No likely duplicates.")
        return
    for p in pairs:
        env.say(f"{names[p.first]} ({p.first})  ~  {names[p.second]} ({p.second})  "
                f"[{p.score:.0%}]: {'; '.join(p.evidence)}")
    env.say("Merge a pair with: goodterms people merge KEEP OTHER")


@people.command("merge")
@click.argument("keep")
@click.argument("other")
@pass_env
def merge(env: Env, keep: str, other: str) -> None:
    """Merge OTHER into KEEP, with all their history; OTHER's id keeps working."""
    from goodterms.store.actions import merge_people
    from goodterms.store.queries import resolve_person

    kept, gone = resolve_person(env.owner, keep), resolve_person(env.owner, other)
    merged = merge_people(env.owner, kept.ident, gone.ident, env.tz)
    env.say(f"Merged {gone.name} ({gone.ident}) into {merged.name} ({merged.ident}); "
            f"'{gone.ident}' now means {merged.name}.")


@click.command("show")
@click.argument("person")
@pass_env
def show(env: Env, person: str) -> None:
    """Show one person's details and the timeline of your relationship."""
    from goodterms.store.queries import resolve_person, timeline

    p = resolve_person(env.owner, person)
    env.say(f"{p.name} ({p.ident})")
    details = [
        ("works", ", ".join(x for x in (p.title, p.org) if x)),
        ("location", p.location),
        ("emails", ", ".join(p.emails)),
        ("phones", ", ".join(p.phones)),
        ("linkedin", p.linkedin),
        ("met", " · ".join(x for x in (p.met_on.isoformat() if p.met_on else "", p.met_how)
                          if x)),
        ("introduced by", p.introduced_by.name if p.introduced_by else ""),
        ("label", p.label + (" (close)" if p.close else "")),
        ("tags", ", ".join(p.tags)),
        ("notes", p.notes),
    ]
    for key, value in details:
        if value:
            env.say(f"  {key + ':':<15}{value}")
    entries = timeline(env.owner, p)
    if not entries:
        env.say("  Nothing recorded with them yet.")
        return
    env.say("")
    for e in entries:
        when = e.at.astimezone(env.tz).strftime("%Y-%m-%d %H:%M")
        env.say(f"  {when}  {e.kind:<16} {e.text}  [{e.ident}]")


@click.command("forget")
@click.argument("ident")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def forget(env: Env, ident: str, yes: bool) -> None:
    """Delete one record by its id (a person goes with all their history)."""
    from goodterms.errors import NotFound
    from goodterms.store.actions import delete_record
    from goodterms.store.queries import kind_of

    kind = kind_of(env.owner, ident)
    if kind is None:
        raise NotFound(f"nothing is stored with the id '{ident}'")
    if kind == "person" and not yes:
        click.confirm(f"Delete {ident} and everything recorded with them?", abort=True,
                      err=True)
    delete_record(env.owner, ident)
    env.say(f"Deleted {kind} {ident}.")


COMMANDS = [add, edit, people, show, forget]
