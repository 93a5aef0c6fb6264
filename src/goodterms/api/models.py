"""What the API and the calendar feed keep: per-user secrets, stored as hashes only.

An `ApiToken` is shown once, when it is created (`goodterms token create`); the
database keeps its SHA-256 and a short public prefix to find it by. A
`CalendarFeed` is the secret part of a user's calendar URL, kept the same way.
Revoking either sets `revoked`; a revoked secret never works again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)  # public: finds the row
    digest = models.CharField(max_length=64)  # SHA-256 (hex) of the whole token
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "name"])]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class CalendarFeed(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    prefix = models.CharField(max_length=16, unique=True)
    salt = models.CharField(max_length=64)  # with the server's key, gives the secret again
    digest = models.CharField(max_length=64)  # SHA-256 (hex) of the secret
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.prefix
