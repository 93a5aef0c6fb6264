"""The web app's pages: each module in `goodterms.web.views` brings its own URLs."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from goodterms.web.views import (
    account,
    ask,
    charts,
    imports,
    log,
    people,
    preferences,
    review,
    today,
)

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    *account.urlpatterns,
    *today.urlpatterns,
    *people.urlpatterns,
    *log.urlpatterns,
    *ask.urlpatterns,
    *imports.urlpatterns,
    *review.urlpatterns,
    *preferences.urlpatterns,
    *charts.urlpatterns,
]
