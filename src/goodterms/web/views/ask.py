"""Ask: the pre-flight check of an ask before making it."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
