"""Review: mail detections waiting for a decision."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
