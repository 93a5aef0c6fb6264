"""People: search, filters and sorting; the Person page with its timeline and ledger.

Both pages read the signed-in user's network in bulk (one query per kind of
record, as the check does), so the number of queries does not grow with the
number of people. A person is found by their journal id within the user's own
network only: anyone else's id is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from goodterms.web.common import user_tz
from goodterms.web.views.today import in_user_zone

PAGE_SIZE = 50
SORTS = {"name": "name", "recent": "last contact, newest first",
         "oldest": "last contact, longest ago first"}
OWES = {"me": "owes me", "i": "I owe"}


@dataclass
class Row:
    ident: str
    name: str
    org: str
    title: str
    label: str
    tags: tuple[str, ...]
    depth: int
    depth_name: str
    received: int  # favors they did me
    given: int  # favors I did them, and their requests I did
    last: datetime | None

    @property
    def owes(self) -> str:
        if self.given > self.received:
            return "owes me"
        if self.received > self.given:
            return "I owe"
        return ""


def network_index(request: HttpRequest, moment: datetime) -> Any:
    """The network's per-person index, kept in memory until the network changes."""
    from goodterms.engine import NetworkIndex, cut
    from goodterms.store.findings import memoized
    from goodterms.store.snapshot import build_snapshot

    tz = user_tz(request)

    def compute() -> Any:
        return NetworkIndex(cut(build_snapshot(request.user, until=moment), moment, tz), tz)

    return memoized(request.user, "people-index", (moment, str(tz)), compute)


def rows(index: Any, moment: datetime) -> list[Row]:
    from goodterms.engine import DEPTH_NAMES, depth

    found = []
    for ident, p in index.people.items():
        events = index.of(ident)
        level = depth(index, ident, moment, inclusive=True)
        found.append(Row(ident, p.name, p.org, p.title, p.label, tuple(p.tags), level,
                         DEPTH_NAMES[level], len(events.favors_from),
                         len(events.favors_to) + len(events.done_for_times),
                         events.interaction_times[-1] if events.interaction_times else None))
    return found


def matches(row: Row, words: list[str]) -> bool:
    text = " ".join((row.ident, row.name, row.org, row.title, row.label, *row.tags)).casefold()
    return all(word in text for word in words)


@require_GET
@in_user_zone
def people(request: HttpRequest) -> HttpResponse:
    from goodterms.store.findings import memoized
    from goodterms.web.views.today import this_minute

    moment = this_minute(request)
    index = network_index(request, moment)
    everyone = memoized(request.user, "people-rows", (moment, str(user_tz(request))),
                        lambda: rows(index, moment))
    q = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    org = request.GET.get("org", "").strip()
    depth = request.GET.get("depth", "").strip()
    owes = request.GET.get("owes", "").strip()
    sort = request.GET.get("sort", "name")
    shown = everyone
    if q:
        words = q.casefold().split()
        shown = [r for r in shown if matches(r, words)]
    if tag:
        shown = [r for r in shown if tag.casefold() in (t.casefold() for t in r.tags)]
    if org:
        shown = [r for r in shown if org.casefold() == r.org.casefold()]
    if depth.isdigit():
        shown = [r for r in shown if r.depth == int(depth)]
    if owes in OWES:
        shown = [r for r in shown if r.owes == OWES[owes]]
    if sort == "recent":
        shown.sort(key=lambda r: (r.last is None, -(r.last.timestamp() if r.last else 0),
                                  r.name.casefold()))
    elif sort == "oldest":
        shown.sort(key=lambda r: (r.last is None, r.last.timestamp() if r.last else 0,
                                  r.name.casefold()))
    else:
        sort = "name"
        shown.sort(key=lambda r: (r.name.casefold(), r.ident))
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    from goodterms.engine import DEPTH_NAMES

    return render(request, "web/people.html", {
        "nav": "people",
        "page": page,
        "total": len(everyone),
        "count": len(shown),
        "q": q, "tag": tag, "org": org, "depth": depth, "owes": owes, "sort": sort,
        "tags": sorted({t for r in everyone for t in r.tags}, key=str.casefold),
        "orgs": sorted({r.org for r in everyone if r.org}, key=str.casefold),
        "depths": DEPTH_NAMES, "owes_choices": OWES, "sorts": SORTS,
        "query": query.urlencode(),
    })


@dataclass
class LedgerEntry:
    at: datetime
    direction: str  # "took" (they did it for me) or "gave" (I did it for them)
    text: str


def ledger(index: Any, ident: str) -> list[LedgerEntry]:
    """What they did for me and what I did for them, newest first."""
    events = index.of(ident)
    entries = [LedgerEntry(f.at, "took", f"{f.kind.replace('_', ' ')}: {f.what}".rstrip(": "))
               for f in events.favors_from]
    entries += [LedgerEntry(f.at, "gave", f"{f.kind.replace('_', ' ')}: {f.what}".rstrip(": "))
                for f in events.favors_to]
    for r in events.requests_from:
        done = next((u for u in index.updates.get(r.id, ()) if u.status == "done"), None)
        if done is not None:
            entries.append(LedgerEntry(done.at, "gave", f"did what they asked: {r.what}"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


@require_GET
@in_user_zone
def person(request: HttpRequest, ident: str) -> HttpResponse:
    from goodterms.engine import DEPTH_NAMES, depth
    from goodterms.engine.know import know_from_index
    from goodterms.store.findings import index_memoized
    from goodterms.store.models import Person
    from goodterms.store.queries import timeline
    from goodterms.web.views.today import SNOOZES, grouped, run_check, this_minute

    owner: Any = request.user
    found = (Person.objects.filter(owner=owner, ident=ident)
             .select_related("introduced_by").first())
    if found is None:
        raise Http404("nobody with that id in your network")
    tz = user_tz(request)
    moment = this_minute(request)
    checked = run_check(request, moment, person=ident)
    index = index_memoized(owner, checked, tz)
    level = depth(index, ident, moment, inclusive=True)
    entries = ledger(index, ident)
    events = index.of(ident)
    details = [
        ("Works", ", ".join(x for x in (found.title, found.org) if x)),
        ("Location", found.location),
        ("Email", ", ".join(found.emails)),
        ("Phone", ", ".join(found.phones)),
        ("LinkedIn", found.linkedin),
        ("Met", " · ".join(x for x in (found.met_on.isoformat() if found.met_on else "",
                                       found.met_how) if x)),
        ("Label", found.label + (" (close)" if found.close else "")),
        ("Tags", ", ".join(found.tags)),
        ("Notes", found.notes),
    ]
    return render(request, "web/person.html", {
        "nav": "people",
        "p": found,
        "details": [(k, v) for k, v in details if v],
        "know": know_from_index(index, moment, ident),
        "depth_name": DEPTH_NAMES[level],
        "timeline": list(reversed(timeline(request.user, found))),
        "ledger": entries,
        "took": len(events.favors_from),
        "gave": len(events.favors_to) + len(events.done_for_times),
        "sections": grouped(checked, tz),
        "snoozes": SNOOZES,
    })


urlpatterns: list[URLPattern] = [
    path("people/", people, name="people"),
    path("people/<str:ident>/", person, name="person"),
]
