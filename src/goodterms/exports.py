"""Writing people as vCards and today's actions as a calendar, with vobject and icalendar."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

SEVERITY_PRIORITY = {"high": 1, "medium": 5, "low": 9}  # RFC 5545: 1 highest, 9 lowest


def vcards(people: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One vCard 4.0 per person (journal person objects), as text with CRLF line ends.

    Written with vobject: FN and N, every email and phone, ORG, TITLE, the
    LinkedIn profile as URL and X-SOCIALPROFILE, CATEGORIES from tags, NOTE, and
    a UID made from the goodterms id so that importing the file again into
    Google Contacts or Apple Contacts updates instead of duplicating.
    """
    import vobject

    for person in people:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("uid").value = f"urn:goodterms:{person['id']}"
        name = person["name"]
        card.add("fn").value = name
        parts = name.rsplit(" ", 1)
        family, given = (parts[1], parts[0]) if len(parts) == 2 else (name, "")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for email in person.get("emails", []):
            card.add("email").value = email
        for phone in person.get("phones", []):
            card.add("tel").value = phone
        if person.get("org"):
            card.add("org").value = [person["org"]]
        if person.get("title"):
            card.add("title").value = person["title"]
        if person.get("linkedin"):
            card.add("url").value = person["linkedin"]
            social = card.add("x-socialprofile")
            social.value = person["linkedin"]
            social.type_param = "linkedin"
        if person.get("tags"):
            card.add("categories").value = list(person["tags"])
        notes = [x for x in (person.get("notes", ""), _met(person)) if x]
        if notes:
            card.add("note").value = "\n".join(notes)
        yield card.serialize()


def _met(person: dict[str, Any]) -> str:
    met = " ".join(x for x in (person.get("met_on", ""), person.get("met_how", "")) if x)
    return f"Met: {met}" if met else ""


def actions_calendar(findings: Iterable[Any], as_of: datetime, as_todos: bool = False) -> bytes:
    """The due and overdue actions as a calendar (warnings have no date and are left out).

    Each action is an event of 15 minutes at its due moment (overdue ones today,
    at the moment of the export), or with `as_todos` a to-do with that due date;
    the description is the action to take, draft included. UIDs are stable, so a
    calendar that imports the file again updates the same entries.
    """
    from icalendar import Calendar, Event, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//goodterms//actions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "goodterms: what to do")
    for finding in findings:
        if finding.due is None or finding.state not in ("due", "overdue"):
            continue
        key = "\x1f".join((finding.rule, finding.person or "", finding.subject or "",
                           getattr(finding, "step", "")))
        uid = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20]
        item = Todo() if as_todos else Event()
        item.add("uid", f"{uid}@goodterms")
        item.add("dtstamp", as_of)
        item.add("summary", finding.message)
        item.add("description", f"{finding.action}\n\n({finding.rule}, {finding.cause})")
        item.add("priority", SEVERITY_PRIORITY.get(finding.severity, 5))
        when = finding.due if finding.due >= as_of else as_of
        if as_todos:
            item.add("due", finding.due)
            item.add("status", "NEEDS-ACTION")
        else:
            item.add("dtstart", when)
            item.add("dtend", when + timedelta(minutes=15))
        item.add("categories", [finding.rule])
        calendar.add_component(item)
    data: bytes = calendar.to_ical()
    return data
