"""Log: short forms for every kind of event."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
