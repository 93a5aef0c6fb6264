"""Pictures: the give/take balance over time and the map of who introduced whom."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
