"""The root URLs: the web app's pages and the API under /api/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include("goodterms.api.urls")),
    path("feed/", include("goodterms.api.feed")),  # the calendar feed: /feed/<secret>.ics
    path("", include("goodterms.web.urls")),
]
