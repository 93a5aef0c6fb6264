"""API tokens and calendar feeds: creating, finding and revoking them.

This is the write layer of the API's own tables (like `goodterms.store.actions`
for the network): the CLI, the API and the feed change tokens and feeds only
through these functions, each in one transaction.

Only a SHA-256 of each secret is stored. An API token is shown once, when it is
created. A feed's secret can be shown again (`goodterms feed url`): it is an HMAC
of a random salt under the server's secret key, so the database alone does not
give it away.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from goodterms.api.models import ApiToken, CalendarFeed
from goodterms.errors import NotFound, UsageError

TOKEN_START = "gt_"
PREFIX_CHARS = 12  # hex characters of the public prefix
# last_used is a hint, not an audit log: written at most this often per token.
TOUCH_EVERY = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _new_prefix(model: Any) -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_CHARS // 2)
        if not model.objects.filter(prefix=prefix).exists():
            return prefix


def _touch(row: ApiToken | CalendarFeed) -> None:
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= TOUCH_EVERY:
        with transaction.atomic():
            type(row).objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now


# ---------------------------------------------------------------- API tokens

def create_token(owner: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns the row and the token, which is never shown again."""
    name = name.strip()
    if not name:
        raise UsageError("a token needs a name, such as 'laptop' or 'zapier'")
    if len(name) > 100:
        raise UsageError("a token's name has at most 100 characters")
    if name.isdigit():
        raise UsageError("a token's name cannot be only digits (those are token ids)")
    with transaction.atomic():
        if active_tokens(owner).filter(name=name).exists():
            raise UsageError(f"you already have a token called '{name}'; revoke it first "
                             f"or choose another name")
        prefix = _new_prefix(ApiToken)
        token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
        row = ApiToken.objects.create(owner=owner, name=name, prefix=prefix,
                                      digest=digest(token))
    return row, token


def tokens(owner: Any) -> Any:
    """Every token of `owner`, revoked ones too, oldest first."""
    return ApiToken.objects.filter(owner=owner).order_by("created", "pk")


def active_tokens(owner: Any) -> Any:
    return tokens(owner).filter(revoked__isnull=True)


def revoke_token(owner: Any, ref: str) -> ApiToken:
    """Revoke one of `owner`'s tokens, named by its id, its name or its prefix."""
    ref = ref.strip()
    with transaction.atomic():
        mine = tokens(owner).select_for_update()
        found: ApiToken | None = None
        if ref.isdigit():
            found = mine.filter(pk=int(ref)).first()
        if found is None:
            found = mine.filter(name=ref, revoked__isnull=True).first()
        if found is None and ref:
            found = mine.filter(prefix=ref.removeprefix(TOKEN_START)[:PREFIX_CHARS]).first()
        if found is None:
            raise NotFound(f"you have no token '{ref}' (see 'goodterms token list')")
        if found.revoked is None:
            found.revoked = timezone.now()
            found.save(update_fields=["revoked"])
    return found


def token_owner(token: str) -> Any:
    """The user a token belongs to, or None for an unknown, wrong or revoked token."""
    if not token.startswith(TOKEN_START) or len(token) > 200:
        return None
    prefix = token[len(TOKEN_START):len(TOKEN_START) + PREFIX_CHARS]
    row = (ApiToken.objects.select_related("owner")
           .filter(prefix=prefix, revoked__isnull=True).first())
    if row is None or not hmac.compare_digest(row.digest, digest(token)):
        return None
    if not row.owner.is_active:
        return None
    _touch(row)
    return row.owner


# ---------------------------------------------------------------- calendar feeds

def _feed_secret(feed: CalendarFeed) -> str:
    from django.conf import settings

    mac = hmac.new(str(settings.SECRET_KEY).encode(), f"goodterms-feed:{feed.prefix}:"
                   f"{feed.salt}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"{feed.prefix}-{mac}"


def current_feed(owner: Any) -> tuple[CalendarFeed, str] | None:
    """The user's working feed and its secret, if they have one."""
    feed = (CalendarFeed.objects.filter(owner=owner, revoked__isnull=True)
            .order_by("-created", "-pk").first())
    if feed is None:
        return None
    secret = _feed_secret(feed)
    if not hmac.compare_digest(feed.digest, digest(secret)):
        return None  # made under another secret key: it cannot be shown any more
    return feed, secret


def create_feed(owner: Any) -> tuple[CalendarFeed, str]:
    """A new feed secret for `owner`; any feed they had stops working."""
    with transaction.atomic():
        _revoke_feeds(owner)
        feed = CalendarFeed(owner=owner, prefix=_new_prefix(CalendarFeed),
                            salt=secrets.token_hex(16))
        secret = _feed_secret(feed)
        feed.digest = digest(secret)
        feed.save()
    return feed, secret


def revoke_feeds(owner: Any) -> int:
    """Stop every feed URL of `owner`; returns how many worked until now."""
    with transaction.atomic():
        return _revoke_feeds(owner)


def _revoke_feeds(owner: Any) -> int:
    count: int = CalendarFeed.objects.filter(owner=owner, revoked__isnull=True).update(
        revoked=timezone.now())
    return count


def feed_owner(secret: str) -> Any:
    """The user a feed secret belongs to, or None (unknown, wrong or revoked)."""
    prefix = secret[:PREFIX_CHARS]
    if len(secret) > 100 or len(prefix) != PREFIX_CHARS:
        return None
    feed = (CalendarFeed.objects.select_related("owner")
            .filter(prefix=prefix, revoked__isnull=True).first())
    if feed is None or not hmac.compare_digest(feed.digest, digest(secret)):
        return None
    if not feed.owner.is_active:
        return None
    _touch(feed)
    return feed.owner
