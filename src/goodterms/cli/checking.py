"""The daily page and its friends: check, know, ask, snooze, dismiss, demo."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click

from goodterms.cli.env import Env
from goodterms.timeparse import when

pass_env = click.make_pass_decorator(Env, ensure=True)


def rules_and_settings(env: Env) -> tuple[tuple[Any, ...], dict[str, dict[str, Any]]]:
    from goodterms.plugins import load_rules

    loaded = load_rules()
    for problem in loaded.problems:
        env.warn(problem)
    return loaded.rules, env.config.rule_settings()


def run_checks(env: Env, as_of: datetime, person: str | None = None,
               include_muted: bool = False) -> Any:
    from goodterms.home import home_dir
    from goodterms.store.findings import check_network, load_templates

    owner = env.owner
    rules, settings = rules_and_settings(env)
    checked = check_network(owner, as_of, env.tz, rules=rules, settings=settings,
                            templates=load_templates(home_dir()), person=person,
                            include_muted=include_muted)
    for error in checked.errors:
        env.warn(error)
    return checked


def finding_json(finding: Any, env: Env) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "person": finding.person,
        "subject": finding.subject,
        "state": finding.state,
        "due": finding.due.astimezone(env.tz).isoformat() if finding.due else None,
        "severity": finding.severity,
        "cause": finding.cause,
        "message": finding.message,
        "action": finding.action,
    }


SECTIONS = (("overdue", "Overdue", "red"), ("due", "Due", "yellow"),
            ("warning", "Watch out", "magenta"))


def print_findings(env: Env, checked: Any, ideas: list[Any] | None = None,
                   names: dict[str, str] | None = None) -> None:
    from rich.markup import escape

    from goodterms.store.findings import finding_code

    console = env.console
    names = names or {}
    as_of = checked.as_of.astimezone(env.tz)
    console.print(f"[bold]goodterms[/] · {as_of:%A %-d %B %Y, %H:%M} ({env.config.timezone_name})")
    if not checked.findings:
        console.print("\nNothing to do: you are on good terms with everyone. ✓")
    for state, title, colour in SECTIONS:
        items = [f for f in checked.findings if f.state == state]
        if not items:
            continue
        console.print(f"\n[bold {colour}]{title} ({len(items)})[/]")
        for f in items:
            who = names.get(f.person or "", f.person or "your network")
            due = f" · due {when(f.due, checked.as_of, env.tz)}" if f.due else ""
            high = " [bold red]HIGH[/]" if f.severity == "high" else ""
            console.print(f"  [{colour}]●[/] [bold]{escape(who)}[/]: {escape(f.message)}"
                          f"{high}")
            console.print(f"    [dim]{f.rule} · {f.cause}{due} · "
                          f"code {finding_code(f)}[/]")
            console.print(f"    → {escape(f.action)}")
    if ideas:
        console.print("\n[bold green]Give first[/]")
        for idea in ideas[:5]:
            who = names.get(idea.person, idea.person)
            console.print(f"  [green]♥[/] [bold]{escape(who)}[/]: {escape(idea.reason)} "
                          f"{escape(idea.suggestion)}")
    if checked.muted:
        console.print(f"\n[dim]{checked.muted} snoozed or dismissed "
                      "(goodterms check --all shows them).[/]")


@click.command("check")
@click.option("--as-of", "as_of", metavar="WHEN",
              help="The moment of the check (default: now; a date means its start).")
@click.option("--person", metavar="PERSON", help="Only this person's findings.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--all", "include_muted", is_flag=True, help="Show snoozed and dismissed ones too.")
@pass_env
def check(env: Env, as_of: str | None, person: str | None, fmt: str,
          include_muted: bool) -> None:
    """What to do today so that nobody feels used, ignored or misled."""
    from goodterms.engine import give_first
    from goodterms.home import home_dir
    from goodterms.store.findings import load_templates
    from goodterms.store.queries import resolve_person

    moment = env.moment(as_of)
    person_id = resolve_person(env.owner, person).ident if person else None
    checked = run_checks(env, moment, person_id, include_muted)
    if fmt == "json":
        doc = {"as_of": moment.astimezone(env.tz).isoformat(),
               "findings": [finding_json(f, env) for f in checked.findings]}
        env.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    snapshot = checked.snapshot
    ideas = [] if person_id else give_first(snapshot, moment, env.tz,
                                            load_templates(home_dir()))
    names = {pid: p.name for pid, p in snapshot.people.items()}
    print_findings(env, checked, ideas, names)


def _find(env: Env, code: str) -> Any:
    from goodterms.errors import NotFound
    from goodterms.store.findings import finding_code

    checked = run_checks(env, env.now(), include_muted=True)
    for f in checked.findings:
        if finding_code(f) == code.strip().lstrip("#"):
            return f, checked.snapshot
    raise NotFound(f"no finding with the code '{code}' today (codes are shown by "
                   "'goodterms check')")


@click.command("snooze")
@click.argument("code")
@click.option("--until", "until", metavar="WHEN", required=True,
              help="When it may speak again (a date means its start).")
@click.option("--reason", default="", help="Why, for your own memory.")
@pass_env
def snooze(env: Env, code: str, until: str, reason: str) -> None:
    """Quiet one finding until a date (or until something new happens with that person)."""
    from goodterms.store.actions import mute_finding

    finding, snapshot = _find(env, code)
    moment = env.moment(until)
    mute_finding(env.owner, finding, snapshot, until=moment, reason=reason)
    env.say(f"Snoozed until {moment:%Y-%m-%d %H:%M}: {finding.message}")


@click.command("dismiss")
@click.argument("code")
@click.option("--reason", required=True, help='Why, e.g. "we talked on the phone".')
@pass_env
def dismiss(env: Env, code: str, reason: str) -> None:
    """Quiet one finding until something new happens in that relationship."""
    from goodterms.store.actions import mute_finding

    finding, snapshot = _find(env, code)
    mute_finding(env.owner, finding, snapshot, until=None, reason=reason)
    env.say(f"Dismissed: {finding.message}")


@click.command("unmute")
@click.argument("code")
@pass_env
def unmute(env: Env, code: str) -> None:
    """Let a snoozed or dismissed finding speak again."""
    from goodterms.store.actions import unmute as do_unmute

    do_unmute(env.owner, code.strip().lstrip("#"))
    env.say("It will show again in 'goodterms check'.")


@click.command("know")
@click.argument("person")
@click.option("--as-of", "as_of", metavar="WHEN", help="As things stood then (default: now).")
@pass_env
def know(env: Env, person: str, as_of: str | None) -> None:
    """The honest answer to "How do you know X?", from what is recorded."""
    from goodterms.engine import know as honest_answer
    from goodterms.store.queries import resolve_person
    from goodterms.store.snapshot import build_snapshot

    moment = env.moment(as_of)
    found = resolve_person(env.owner, person)
    snapshot = build_snapshot(env.owner, until=moment)
    env.say(honest_answer(snapshot, moment, found.ident, env.tz))


@click.command("ask")
@click.argument("person")
@click.argument("what")
@click.option("--size", type=click.IntRange(1, 5), required=True,
              help="1 a quick question · 2 a call or coffee · 3 an introduction · "
                   "4 a referral · 5 their best contacts, a reference, a job.")
@click.option("--meeting", is_flag=True, help="The ask comes with a meeting: check it too.")
@click.option("--at", "at", metavar="WHEN", help="When the meeting would be (default: now).")
@click.option("--time-chosen-by", metavar="WHO", help="'me' or the person picking the time.")
@click.option("--travel", type=click.IntRange(min=0), metavar="MINUTES",
              help="How far they would travel to you, in minutes.")
@click.option("--place", help="Where you would meet.")
@click.option("--record", is_flag=True, help="Also record the ask as a request to PERSON.")
@pass_env
def ask(env: Env, person: str, what: str, size: int, meeting: bool, at: str | None,
        time_chosen_by: str | None, travel: int | None, place: str | None,
        record: bool) -> None:
    """Check an ask before you make it: does it fit the relationship?"""
    from rich.markup import escape

    from goodterms.cli.events import party
    from goodterms.engine import Interaction, preflight_ask
    from goodterms.home import home_dir
    from goodterms.store.findings import load_templates
    from goodterms.store.queries import resolve_person
    from goodterms.store.snapshot import build_snapshot

    now = env.now()
    found = resolve_person(env.owner, person)
    planned = None
    if meeting:
        planned = Interaction("planned-meeting", env.moment(at), (found.ident,), "meeting",
                              "both", what, place or "", "me", party(env, time_chosen_by),
                              travel)
    _rules, settings = rules_and_settings(env)
    snapshot = build_snapshot(env.owner, until=now)
    findings = preflight_ask(snapshot, now, tz=env.tz, person=found.ident, what=what,
                             size=size, meeting=planned, settings=settings,
                             templates=load_templates(home_dir()))
    if not findings:
        env.console.print(f"[green]✓[/] Asking {escape(found.name)} for this fits your "
                          "relationship.")
    for f in findings:
        env.console.print(f"[magenta]●[/] {escape(f.message)}  [dim]({f.rule})[/]")
        env.console.print(f"  → {escape(f.action)}")
    if record:
        from goodterms.cli.events import iso, readable_ident
        from goodterms.cli.people import store_line

        ident = readable_ident(env, found.ident, "request", now.date().isoformat())
        store_line(env, {"type": "request", "id": ident, "at": iso(env, now), "from": "me",
                         "to": found.ident, "what": what, "size": size})
        env.say(f"Recorded the ask as request {ident}.")


@click.command("demo")
@click.option("--home", "demo_home", metavar="DIR",
              help="Keep the demo network in this folder (default: a throwaway one).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def demo(ctx: click.Context, demo_home: str | None, fmt: str) -> None:
    """Build a realistic demo network and show its check, as of the demo date."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from goodterms.errors import UsageError

    home = Path(demo_home).expanduser().resolve() if demo_home else Path(
        tempfile.mkdtemp(prefix="goodterms-demo-"))
    if demo_home and (home / "goodterms.sqlite3").exists():
        raise UsageError(f"{home} already holds a network; choose an empty folder")
    home.mkdir(parents=True, exist_ok=True)
    os.environ["GOODTERMS_HOME"] = str(home)
    os.environ.pop("GOODTERMS_DATABASE_URL", None)  # the demo lives in its own SQLite file
    try:
        _run_demo(ctx.ensure_object(Env), home, fmt)
    finally:
        if not demo_home:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(home, ignore_errors=True)
    if not demo_home and fmt == "text":
        ctx.ensure_object(Env).err_console.print(
            "\n(A throwaway network: keep one to explore with 'goodterms demo --home DIR'.)",
            style="dim")


def _run_demo(env: Env, home: Any, fmt: str) -> None:
    from goodterms.config import load_config
    from goodterms.demo import DEMO_AS_OF, DEMO_TIMEZONE, demo_journal
    from goodterms.journal import check_object
    from goodterms.store.setup import setup_django

    config = load_config()
    config.values["timezone"] = DEMO_TIMEZONE
    config.save()
    setup_django()
    from django.conf import settings

    if str(settings.DATABASES["default"]["NAME"]) != str(home / "goodterms.sqlite3"):
        from goodterms.errors import UsageError

        raise UsageError("the demo must run in a process of its own (goodterms demo)")
    from goodterms.store.actions import import_lines, lines_source

    tz = config.tz
    lines = [check_object(obj, tz, n) for n, obj in enumerate(demo_journal(), start=1)]
    import_lines(env.owner, lines_source(lines), source="demo")
    env.err_console.print(f"A demo network of {sum(1 for x in lines if x.type == 'person')} "
                          f"people, checked as of {DEMO_AS_OF} ({DEMO_TIMEZONE}):\n", style="dim")
    click.get_current_context().invoke(check, as_of=DEMO_AS_OF, person=None, fmt=fmt,
                                       include_muted=False)


COMMANDS = [check, know, ask, snooze, dismiss, unmute, demo]
