"""Today: the findings as in 'goodterms check', with one-click actions, snooze and dismiss.

Each finding is named by its code (as in `goodterms snooze CODE`); an action
looks the code up in the signed-in user's own check, so a code from someone
else's page leads nowhere (404). What a click records goes through the same
journal lines and actions as the CLI: "Thanked" is a `thanks` line, "Done" a
`request_update`, and so on. Every action is a plain form (POST, then back to
Today) that HTMX upgrades to replace the finding's card in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from goodterms.errors import GoodtermsError
from goodterms.timeparse import when
from goodterms.web.common import now, user_config, user_tz

SECTIONS = (("overdue", "Overdue"), ("due", "Due"), ("warning", "Watch out"))

# The one-click actions: name -> (button label, what the confirmation says).
ACTIONS: dict[str, str] = {
    "thanked": "Thanked",
    "followed_up": "Followed up",
    "offered_help": "Offered help",
    "request_done": "Request done",
    "request_declined": "Declined",
}
PER_SECTION = 20  # cards shown per section, unless the page is asked for all of them
SNOOZES = {"1": "until tomorrow", "3": "for 3 days", "7": "for a week", "30": "for a month"}
_DRAFT = re.compile(r'"(.+?)"(?=\s+[A-Z]|\s*$)')


@dataclass
class Card:
    finding: Any
    code: str
    who: str
    person: str | None  # the person's id when they are in the network (for a link)
    due: str
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("text"|"draft", text)
    actions: list[tuple[str, str]] = field(default_factory=list)  # (name, label)


def in_user_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show times in the signed-in user's time zone while the view renders."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        timezone.activate(user_tz(request))
        try:
            return view(request, *args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapped


def action_parts(action: str) -> list[tuple[str, str]]:
    """The action's sentence cut into prose and drafts (the quoted messages), so each
    draft can be shown ready to copy."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _DRAFT.finditer(action):
        before = action[position:match.start()].strip()
        if before:
            parts.append(("text", before))
        parts.append(("draft", match.group(1)))
        position = match.end()
    rest = action[position:].strip()
    if rest:
        parts.append(("text", rest))
    return parts


def actions_for(finding: Any) -> list[tuple[str, str]]:
    """Which one-click actions settle a finding."""
    rule, person, subject = finding.rule, finding.person, finding.subject
    if not person:
        return []
    names: list[str] = []
    if rule == "no-thank-you" and subject:
        names = ["thanked"]
    elif rule in ("no-follow-up", "overused-referral"):
        names = ["followed_up"]
    elif rule == "ignored-request" and subject:
        names = ["request_done", "request_declined"]
    elif rule in ("never-offered-help", "taking-without-giving"):
        names = ["offered_help"]
    return [(name, ACTIONS[name]) for name in names]


def this_minute(request: HttpRequest) -> datetime:
    """Now, to the minute: the pages' moment, so that the findings computed for one
    request serve every request of the same minute until the network changes."""
    return now(request).replace(second=0, microsecond=0)


def run_check(request: HttpRequest, as_of: datetime, person: str | None = None,
              include_muted: bool = False) -> Any:
    """The signed-in user's check, with their rules, settings and draft templates.

    The whole network's check is kept in memory (store.findings.memoized) until
    the network or the moment changes: a big network takes seconds to check.
    """
    from goodterms.store.findings import check_for_user

    return check_for_user(request.user, user_config(request), as_of, person=person,
                          include_muted=include_muted)


def cards(checked: Any, tz: Any, findings: list[Any] | None = None) -> list[Card]:
    """Cards for the check's findings (or for `findings`, some of them)."""
    from goodterms.store.findings import finding_code

    people = checked.snapshot.people if checked.snapshot else {}
    found = []
    for f in checked.findings if findings is None else findings:
        who = people[f.person].name if f.person in people else (f.person or "your network")
        found.append(Card(f, finding_code(f), who, f.person if f.person in people else None,
                          when(f.due, checked.as_of, tz) if f.due else "",
                          action_parts(f.action), actions_for(f)))
    return found


def grouped(checked: Any, tz: Any, limit: int | None = None
            ) -> list[tuple[str, str, list[Card], int]]:
    """The check's findings in its sections, in its order, empty sections left out:
    (state, title, cards for the first `limit` findings, how many there are).

    Only the cards shown are built: a big network has thousands of findings.
    """
    sections = []
    for state, title in SECTIONS:
        items = [f for f in checked.findings if f.state == state]
        if items:
            sections.append((state, title, cards(checked, tz, items[:limit]), len(items)))
    return sections


@require_GET
@in_user_zone
def today(request: HttpRequest) -> HttpResponse:
    from goodterms.home import home_dir
    from goodterms.store.findings import give_first_memoized, load_templates

    tz = user_tz(request)
    moment = this_minute(request)
    checked = run_check(request, moment)
    snapshot = checked.snapshot
    ideas = give_first_memoized(request.user, checked, tz, load_templates(home_dir()))[:5]
    names = {pid: p.name for pid, p in snapshot.people.items()}
    return render(request, "web/today.html", {
        "nav": "today",
        "as_of": moment,
        "timezone": user_config(request).timezone_name,
        "sections": grouped(checked, tz,
                            None if request.GET.get("all") == "1" else PER_SECTION),
        "ideas": [(idea, names.get(idea.person, idea.person), action_parts(idea.suggestion))
                  for idea in ideas],
        "errors": checked.errors,
        "muted": checked.muted,
        "snoozes": SNOOZES,
    })


def find(request: HttpRequest, code: str) -> tuple[Any, Any]:
    """The signed-in user's finding with this code (snoozed ones too), or 404."""
    from goodterms.store.findings import finding_code

    checked = run_check(request, this_minute(request), include_muted=True)
    for f in checked.findings:
        if finding_code(f) == code:
            return f, checked.snapshot
    raise Http404("no such finding today")


def record_action(request: HttpRequest, finding: Any, snapshot: Any, name: str) -> str:
    """Record what was done, through the same journal lines as the CLI; returns what
    to tell the user."""
    from goodterms.store import events

    owner, tz, moment = request.user, user_tz(request), now(request)
    person = finding.person
    who = snapshot.people[person].name if person in snapshot.people else person
    if name == "thanked":
        favors = {f.id for f in snapshot.favors}
        obj = events.thanks(tz, "to", person, moment,
                            for_=finding.subject if finding.subject in favors else None)
        text = f"thank-you to {who}"
    elif name == "followed_up":
        target = person
        if finding.rule == "no-follow-up" and finding.step == "act":
            favor = next((f for f in snapshot.favors if f.id == finding.subject), None)
            if favor is not None and favor.refers_to in snapshot.people:
                target = favor.refers_to
        who = snapshot.people[target].name if target in snapshot.people else target
        obj = events.interaction(tz, moment, [target], "message", direction="out",
                                 summary="followed up (from Today)")
        text = f"message to {who}"
    elif name == "offered_help":
        obj = events.offer(tz, "to", person, moment)
        text = f"offer of help to {who}"
    elif name in ("request_done", "request_declined"):
        status = name.removeprefix("request_")
        obj = events.request_update(tz, finding.subject, status, moment)
        text = f"request {status}"
    else:
        raise Http404("no such action")
    events.record(owner, tz, obj)
    return f"Recorded: {text}."


def done(request: HttpRequest, code: str, text: str) -> HttpResponse:
    """After an action: the card's replacement (HTMX), or back to Today."""
    if request.headers.get("HX-Request"):
        return render(request, "web/_finding_done.html", {"code": code, "text": text})
    messages.success(request, text)
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("web:today")


@require_POST
@in_user_zone
def act(request: HttpRequest, code: str, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise Http404("no such action")
    finding, snapshot = find(request, code)
    if name not in dict(actions_for(finding)):
        raise Http404("that action does not fit this finding")
    try:
        said = record_action(request, finding, snapshot, name)
    except GoodtermsError as exc:
        return HttpResponse(f"That could not be recorded: {exc}", status=400,
                            content_type="text/plain; charset=utf-8")
    return done(request, code, said)


@require_POST
@in_user_zone
def snooze(request: HttpRequest, code: str) -> HttpResponse:
    from goodterms.store.actions import mute_finding

    days = request.POST.get("days", "7")
    if days not in SNOOZES:
        days = "7"
    finding, snapshot = find(request, code)
    start = now(request).replace(hour=0, minute=0, second=0, microsecond=0)
    until = start + timedelta(days=int(days))
    mute_finding(request.user, finding, snapshot, until=until,
                 reason=request.POST.get("reason", "").strip()[:500])
    return done(request, code, f"Snoozed {SNOOZES[days]}: {finding.message}")


@require_POST
@in_user_zone
def dismiss(request: HttpRequest, code: str) -> HttpResponse:
    from goodterms.store.actions import mute_finding

    finding, snapshot = find(request, code)
    reason = request.POST.get("reason", "").strip()[:500] or "dismissed on the Today page"
    mute_finding(request.user, finding, snapshot, until=None, reason=reason)
    return done(request, code, f"Dismissed: {finding.message}")


urlpatterns: list[URLPattern] = [
    path("", today, name="today"),
    path("today/<str:code>/snooze/", snooze, name="snooze"),
    path("today/<str:code>/dismiss/", dismiss, name="dismiss"),
    path("today/<str:code>/<str:name>/", act, name="finding_action"),
]
