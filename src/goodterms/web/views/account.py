"""Signing in and out: the login page, the one-time login link, logging out."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
