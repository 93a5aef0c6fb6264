from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _db(db):
    """Every store test uses the database (rolled back after each test)."""
