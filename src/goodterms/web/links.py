"""One-time login links: signed, expiring, and good for one use only.

A link carries the user's id and a hash of what changes when it is used (the
moment of their last login) or when their password changes, signed with the
installation's secret key and stamped with the time it was made. Using it logs
the user in, which moves `last_login`: the same link then no longer matches.
"""

from __future__ import annotations

import os
from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "goodterms.login-link"
MAX_AGE = 60 * 60  # seconds: a link is good for an hour


def _state(user: Any) -> str:
    login = "" if user.last_login is None else user.last_login.replace(microsecond=0,
                                                                      tzinfo=None).isoformat()
    value = f"{user.pk}|{user.password}|{login}|{user.is_active}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def make_token(user: Any) -> str:
    return signing.dumps([user.pk, _state(user)], salt=SALT, compress=False)


def user_for_token(token: str, max_age: int = MAX_AGE) -> Any | None:
    """The active user a token was made for, if it is genuine, recent and unused."""
    from django.contrib.auth import get_user_model

    try:
        pk, state = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(str(state), _state(user)):
        return None
    return user


def base_url(host: str = "127.0.0.1", port: int = 8000, setting: str = "") -> str:
    """Where the server is reached: the `web.base_url` setting (given here), else
    GOODTERMS_BASE_URL, else the address the server listens on."""
    configured = (setting or os.environ.get("GOODTERMS_BASE_URL", "")).strip()
    if configured:
        return configured.rstrip("/")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def login_link(user: Any, base: str) -> str:
    from django.urls import reverse

    return base.rstrip("/") + reverse("web:login_link", args=[make_token(user)])
