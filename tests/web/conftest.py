"""Fixtures shared by the web tests."""

from __future__ import annotations

import pytest

from tests.web.core import NOW, make_user, small_network


@pytest.fixture
def fixed_now(monkeypatch):
    """The pages' clock fixed to NOW (GOODTERMS_NOW), as the tests' networks expect."""
    monkeypatch.setenv("GOODTERMS_NOW", NOW)


@pytest.fixture
def ana():
    """A user with the small network of tests/web/core.py."""
    user = make_user("ana")
    small_network(user)
    return user
