"""People: search, filters and sorting; the Person page with its timeline and ledger."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
