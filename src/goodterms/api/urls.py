"""The API's URLs, mounted under /api/ by goodterms.urls (the feed's are in feed.py).

The API authenticates each request by its bearer token, so its views are exempt
from the web app's login redirect and from CSRF (no cookie is involved). Each
view is wrapped so that a wrong method (405) and an unknown URL under /api/ (404)
answer in the API's one error shape too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path

from goodterms.api.api import api, error_response


def api_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """`view` without the login redirect or CSRF, answering 405 as JSON."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            fixed = error_response(405, f"{request.method} is not allowed here "
                                        f"(allowed: {allowed or 'none'})")
            fixed["Allow"] = allowed
            return fixed
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    wrapped.login_required = False  # type: ignore[attr-defined]
    return wrapped


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, f"no such API address: {request.path}")


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    out: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
        out.append(pattern)
    out.append(re_path(r"^(?P<rest>.*)$", api_view(not_found), name="not-found"))
    return out


app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = _patterns()

