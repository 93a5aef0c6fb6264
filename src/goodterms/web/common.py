"""What every view works with: the signed-in user's settings, clock and time zone.

Views get the owner from `request.user` only; any id that comes from a URL or a
form is looked up within that owner's rows (never by primary key alone).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest


def user_config(request: HttpRequest) -> Any:
    """The signed-in user's settings (their own on top of config.toml), once a request."""
    cached = getattr(request, "_goodterms_config", None)
    if cached is None:
        from goodterms.plugins import rule_defaults
        from goodterms.store.actions import load_settings

        cached = load_settings(request.user, rule_defaults())
        request._goodterms_config = cached  # type: ignore[attr-defined]
    return cached


def user_tz(request: HttpRequest) -> ZoneInfo:
    tz: ZoneInfo = user_config(request).tz
    return tz


def now(request: HttpRequest) -> datetime:
    """The current moment in the user's zone (GOODTERMS_NOW fixes it, as for the CLI)."""
    tz = user_tz(request)
    fixed = os.environ.get("GOODTERMS_NOW")
    if fixed:
        from goodterms.timeparse import parse_moment

        return parse_moment(fixed, tz)
    return datetime.now(UTC).astimezone(tz)


class BusyDatabaseMiddleware:
    """A page whose write waited 30 seconds for another (an import running) says so,
    with 503 and Retry-After, instead of a server error."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> Any:
        from django.shortcuts import render

        from goodterms.store.setup import database_busy

        if not database_busy(exc):
            return None
        response = render(request, "web/busy.html", status=503)
        response["Retry-After"] = "30"
        return response
