"""Every write to the digest table goes through here.

This is the digest's part of the one write layer (`goodterms.store.actions` is
the network's): the CLI calls `send_digest`, nothing else writes a `Digest`.

What happens on `goodterms digest --send`, for one user and day:

1. A digest already `sent` (or `folded`) for that day is not sent again,
   unless `force`.
2. The digest is composed as of that moment. Earlier digests that `failed`
   are folded into it: it says which days could not be sent and why, and what
   is still to do from them is in it (a finding that is still open is still a
   finding today). One message, never a pile of stale ones.
3. A day with nothing to do and nothing undelivered sends nothing (unless
   `send_empty`); it is not recorded.
4. Before the server is contacted, the digest is stored as `failed` ("not
   sent yet"), with the rendered message and one more attempt: if anything
   stops the send halfway, even a crash, it is retried next time. A message
   may then arrive twice; it is never lost.
5. The server's answer decides: `sent` (and the folded days become `folded`,
   pointing at it), or `failed` with the server's reply, kept for next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any

from django.db import transaction
from django.utils import timezone

from goodterms.digest.compose import Composed, Missed, compose
from goodterms.digest.mailer import SendFailed, build_message
from goodterms.digest.models import Digest

Deliver = Callable[[EmailMessage], None]  # raises SendFailed
NOT_SENT_YET = "the send was interrupted before the server answered"


@dataclass
class Outcome:
    status: str  # "sent", "failed", "already-sent" or "empty"
    day: date
    to: str
    composed: Composed | None = None
    digest: Digest | None = None
    error: str = ""
    folded: list[date] = field(default_factory=list)


def missed_before(owner: Any, day: date) -> list[Missed]:
    """Digests of days before `day` that failed and were not folded into a later one."""
    return [Missed(d.day, d.error) for d in
            Digest.objects.filter(owner=owner, status=Digest.FAILED, day__lt=day)
            .order_by("day")]


def preview(owner: Any, config: Any, as_of: datetime) -> Composed:
    """What `send_digest` would send now (undelivered days included); writes nothing."""
    day = as_of.astimezone(config.tz).date()
    return compose(owner, config, as_of, missed=missed_before(owner, day))


def send_digest(owner: Any, config: Any, as_of: datetime, *, to: str, sender: str,
                deliver: Deliver, force: bool = False,
                send_empty: bool = False) -> Outcome:
    """Compose, record and send one user's digest for the day of `as_of` (see above)."""
    day = as_of.astimezone(config.tz).date()
    existing = Digest.objects.filter(owner=owner, day=day).first()
    if existing is not None and existing.status != Digest.FAILED and not force:
        return Outcome("already-sent", day, existing.to_address, digest=existing)
    missed = missed_before(owner, day)
    composed = compose(owner, config, as_of, missed=missed)
    retrying = existing is not None and existing.status == Digest.FAILED
    if composed.empty and not missed and not send_empty and not retrying:
        return Outcome("empty", day, to, composed)
    message = build_message(sender=sender, to=to, subject=composed.subject,
                            text=composed.text, html=composed.html, when=timezone.now())
    digest = _attempt(owner, day, composed, to=to, sender=sender,
                      message_id=str(message["Message-ID"]))
    try:
        deliver(message)
    except SendFailed as exc:
        _failed(digest, exc.message)
        return Outcome("failed", day, to, composed, digest, error=exc.message)
    folded = _sent(digest, owner, [x.day for x in missed])
    return Outcome("sent", day, to, composed, digest, folded=folded)


def _attempt(owner: Any, day: date, composed: Composed, *, to: str, sender: str,
             message_id: str) -> Digest:
    """Store the digest as not sent yet, before the server is contacted."""
    with transaction.atomic():
        digest, _new = Digest.objects.select_for_update().get_or_create(
            owner=owner, day=day,
            defaults={"status": Digest.FAILED, "to_address": to, "from_address": sender,
                      "subject": composed.subject, "text": composed.text,
                      "html": composed.html})
        if digest.status != Digest.SENT:
            digest.status = Digest.FAILED
            digest.error = NOT_SENT_YET
        digest.attempts += 1
        digest.last_attempt = timezone.now()
        digest.to_address, digest.from_address = to, sender
        digest.subject, digest.text, digest.html = composed.subject, composed.text, composed.html
        digest.actions = composed.actions
        digest.message_id = message_id
        digest.save()
    return digest


def _failed(digest: Digest, error: str) -> None:
    with transaction.atomic():
        if digest.sent_at is None:  # a forced second copy that failed: the first arrived
            digest.status = Digest.FAILED
        digest.error = error
        digest.save(update_fields=["status", "error"])


def _sent(digest: Digest, owner: Any, missed_days: list[date]) -> list[date]:
    with transaction.atomic():
        digest.status = Digest.SENT
        digest.error = ""
        digest.sent_at = timezone.now()
        digest.save(update_fields=["status", "error", "sent_at"])
        Digest.objects.filter(owner=owner, status=Digest.FAILED,
                              day__in=missed_days).update(status=Digest.FOLDED,
                                                          folded_into=digest)
    return missed_days
