"""Small time helpers shared by the rules: days, the start and end of a day."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of `day` in the user's time zone."""
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def end_of_day(moment: datetime, tz: tzinfo) -> datetime:
    """23:59:59 of the day `moment` falls on, in the user's time zone."""
    local_day = moment.astimezone(tz).date()
    return datetime.combine(local_day, time(23, 59, 59), tzinfo=tz)


def state_at(due: datetime, as_of: datetime) -> str:
    """`due` up to and including the due moment, `overdue` after it."""
    return "due" if as_of <= due else "overdue"


def day_text(moment: datetime, tz: tzinfo) -> str:
    """A date as people write it: "3 Nov 2026"."""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y}"


def moment_text(moment: datetime, tz: tzinfo) -> str:
    """A date and time as people write it: "3 Nov 2026, 10:00"."""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y, %H:%M}"
