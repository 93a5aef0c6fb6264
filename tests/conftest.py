"""Shared test set-up.

The database tests run on SQLite by default, or on PostgreSQL when
GOODTERMS_DATABASE_URL is set (pytest-django creates a test_… database there).
Each test gets its own GOODTERMS_HOME (config.toml, templates) with the time
zone set to UTC unless the test says otherwise.
"""

from __future__ import annotations

import os
import tempfile

# Settings are read once, when Django starts: give the session a home of its own
# before that, so that no test ever touches the user's real data folder.
os.environ["GOODTERMS_HOME"] = tempfile.mkdtemp(prefix="goodterms-tests-")
os.environ.pop("GOODTERMS_NOW", None)


import pytest


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """A fresh home folder (config.toml, templates) for each test, in UTC."""
    monkeypatch.setenv("GOODTERMS_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    return tmp_path
