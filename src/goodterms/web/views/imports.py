"""Import: upload any file that 'goodterms import' reads."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
