"""Every digest goodterms tried to send: one row per user and day.

A row is written before the message goes out and updated with what the SMTP
server answered, so a digest is never silently dropped: a `failed` one keeps
its error and is folded into the next digest that is sent (it becomes
`folded`, pointing at that one), and a `sent` one stops a second copy being
sent the same day (unless `goodterms digest --send --force`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Digest(models.Model):
    SENT = "sent"
    FAILED = "failed"
    FOLDED = "folded"  # failed, then told about in a later digest that was sent
    STATUSES = ((SENT, "sent"), (FAILED, "failed"), (FOLDED, "folded into a later digest"))

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    day = models.DateField()  # the day it is for, in the user's time zone
    status = models.CharField(max_length=10, choices=STATUSES)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # the last failure, as the server said it
    to_address = models.CharField(max_length=320)
    from_address = models.CharField(max_length=320)
    subject = models.CharField(max_length=500)
    text = models.TextField()  # the message as last rendered: plain text ...
    html = models.TextField()  # ... and HTML
    actions = models.PositiveIntegerField(default=0)  # how many findings it lists
    message_id = models.CharField(max_length=300, blank=True)
    folded_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="folded")
    created = models.DateTimeField(auto_now_add=True)
    last_attempt = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [  # noqa: RUF012 - Django's Meta options are class-level data
            models.UniqueConstraint(fields=["owner", "day"], name="digest_unique_day")
        ]
        indexes = [models.Index(fields=["owner", "status"])]  # noqa: RUF012

    def __str__(self) -> str:
        return f"digest {self.day} ({self.status})"
