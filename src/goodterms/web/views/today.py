"""Today: the findings as in 'goodterms check', with one-click actions, snooze and dismiss."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
