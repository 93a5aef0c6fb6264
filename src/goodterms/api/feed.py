"""The calendar feed: due and overdue actions as iCalendar, at a secret, revocable URL.

Google Calendar, Apple Calendar and Outlook subscribe to it ("From URL", "New
Calendar Subscription") and fetch it again every few hours. The secret in the URL
is the only credential, so a calendar app needs no login; `goodterms feed revoke`
ends it (404 from then on).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_safe

log = logging.getLogger("goodterms.api")


@login_not_required
@require_safe
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    from goodterms.api.access import feed_owner
    from goodterms.exports import actions_calendar
    from goodterms.plugins import rule_defaults
    from goodterms.store.actions import load_settings
    from goodterms.store.findings import check_for_user
    from goodterms.timeparse import parse_moment

    owner = feed_owner(secret)
    if owner is None:
        return HttpResponseNotFound("No such calendar feed.\n", content_type="text/plain")
    config = load_settings(owner, rule_defaults())
    tz = config.tz
    fixed = os.environ.get("GOODTERMS_NOW")
    now = parse_moment(fixed, tz) if fixed else datetime.now(UTC).astimezone(tz)
    now = now.replace(second=0, microsecond=0)  # fetched again within a minute: from memory
    checked = check_for_user(owner, config, now)
    for error in checked.errors:
        log.warning("%s", error)
    response = HttpResponse(actions_calendar(checked.findings, now),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="goodterms.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# Mounted at /feed/ by goodterms.urls.
app_name = "feed"
urlpatterns: list[URLPattern | URLResolver] = [path("<str:secret>.ics", feed, name="feed")]
