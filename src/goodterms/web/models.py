"""What the web app itself keeps: failed logins, for rate limiting.

In the database rather than in a process's memory, so that the limit holds
across every worker process and every server of a deployment.
"""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """One failed login: for which user name, from which address, when."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["username", "at"]),  # noqa: RUF012
                   models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"
