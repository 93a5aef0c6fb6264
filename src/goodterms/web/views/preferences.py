"""Settings: the user's addresses, time zone and each rule's switch and thresholds."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
