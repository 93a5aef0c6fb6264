"""Today's actions as a short email: a subject, a plain text and an HTML part.

The findings are exactly those of `goodterms check` for that moment (snoozed
and dismissed ones left out), in the same three groups, followed by a few
"Give first" ideas. The two bodies are Django templates in
`templates/digest/` (`digest.txt`, `digest.html`). Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from goodterms.timeparse import when

SECTIONS = (("overdue", "Overdue", "overdue"), ("due", "Due", "due"),
            ("warning", "Watch out", "to watch out for"))
IDEAS = 3  # "Give first" ideas in a digest
MISSED_SHOWN = 5  # undelivered days named one by one


@dataclass(frozen=True)
class Missed:
    """An earlier digest that could not be sent."""

    day: date
    error: str


@dataclass
class Composed:
    day: date
    as_of: datetime
    subject: str
    text: str
    html: str
    actions: int  # how many findings it lists
    missed: list[Missed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # rules that failed, for the CLI

    @property
    def empty(self) -> bool:
        return self.actions == 0


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def due_text(moment: datetime, as_of: datetime, tz: ZoneInfo) -> str:
    return f"due {when(moment, as_of, tz)}"


def compose(owner: Any, config: Any, as_of: datetime, *,
            missed: Sequence[Missed] = ()) -> Composed:
    """The digest of `owner` as of a moment, with their settings (`config`: rules'
    thresholds, time zone) and a note on earlier digests that were not delivered."""
    from django.template.loader import render_to_string

    from goodterms.engine import give_first
    from goodterms.home import home_dir
    from goodterms.plugins import load_rules
    from goodterms.store.findings import check_network, finding_code, load_templates

    tz = config.tz
    loaded = load_rules()
    templates = load_templates(home_dir())
    checked = check_network(owner, as_of, tz, rules=loaded.rules,
                            settings=config.rule_settings(), templates=templates)
    snapshot = checked.snapshot
    names = {pid: p.name for pid, p in snapshot.people.items()} if snapshot else {}
    sections = []
    counts = []
    for state, title, phrase in SECTIONS:
        items = [{
            "who": names.get(f.person or "", f.person or "Your network"),
            "message": f.message,
            "action": f.action,
            "rule": f.rule,
            "due": due_text(f.due, as_of, tz) if f.due else "",
            "high": f.severity == "high",
            "code": finding_code(f),
        } for f in checked.findings if f.state == state]
        if items:
            sections.append({"title": title, "state": state, "items": items})
            counts.append(f"{len(items)} {phrase}")
    ideas = [{"who": names.get(i.person, i.person), "reason": i.reason,
              "suggestion": i.suggestion}
             for i in (give_first(snapshot, as_of, tz, templates) if snapshot else [])[:IDEAS]]
    day = as_of.astimezone(tz).date()
    missed = sorted(missed, key=lambda x: x.day)
    context = {
        "heading": f"{as_of.astimezone(tz):%A} {day.day} {day:%B %Y}",
        "timezone": config.timezone_name,
        "sections": sections,
        "ideas": ideas,
        "count": len(checked.findings),
        "missed_days": ", ".join(day_label(x.day) for x in missed[:MISSED_SHOWN])
                       + (f" and {len(missed) - MISSED_SHOWN} more"
                          if len(missed) > MISSED_SHOWN else ""),
        "missed_count": len(missed),
        "missed_error": missed[-1].error if missed else "",
        "username": owner.get_username(),
    }
    summary = ", ".join(counts) if counts else "nothing to do"
    subject = f"goodterms · {day:%a} {day.day} {day:%b}: {summary}"
    text = tidy(render_to_string("digest/digest.txt", context))
    html = render_to_string("digest/digest.html", context)
    return Composed(day, as_of, subject, text, html, len(checked.findings), list(missed),
                    list(loaded.problems) + list(checked.errors))


def tidy(text: str) -> str:
    """A template's text without trailing spaces or runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
