"""How a due moment is said, the same on the terminal, the web page and the digest."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from goodterms.timeparse import when

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize(("moment", "said"), [
    (datetime(2026, 11, 20, 23, 59, tzinfo=PARIS), "today 23:59"),
    (datetime(2026, 11, 21, 8, 0, tzinfo=PARIS), "tomorrow 08:00"),
    (datetime(2026, 11, 19, 18, 0, tzinfo=PARIS), "yesterday"),
    (datetime(2026, 11, 3, 12, 0, tzinfo=PARIS), "17 days ago (Nov 3)"),
    (datetime(2025, 12, 24, 12, 0, tzinfo=PARIS), "331 days ago (Dec 24 2025)"),
    (datetime(2026, 11, 23, 12, 0, tzinfo=PARIS), "Mon Nov 23"),
    (datetime(2027, 1, 4, 12, 0, tzinfo=PARIS), "Mon Jan 4 2027"),
])
def test_moments_are_said_from_today(moment, said):
    assert when(moment, NOW, PARIS) == said


def test_the_day_is_the_users_day_not_utcs():
    late = datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Paris
    assert when(late, NOW, PARIS) == "tomorrow 00:30"
