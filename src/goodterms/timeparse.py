"""Reading and writing moments the way the journal and the CLI mean them.

A date alone is the start of that day in the user's time zone (or, for a due
date, the end of it); a time without an offset is in the user's time zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

END_OF_DAY = time(23, 59, 59)


class TimeFormatError(ValueError):
    """A text that is not an ISO 8601 date or time."""


def get_zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or a ValueError that says so."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone '{name}' (an IANA name like Europe/Paris)") from exc


def is_date_only(text: str) -> bool:
    return "T" not in text and " " not in text.strip() and ":" not in text


def parse_date(text: str) -> date:
    """An ISO 8601 calendar date, nothing more."""
    if not isinstance(text, str) or not is_date_only(text):
        raise TimeFormatError(f"'{text}' is not an ISO 8601 date (like 2026-11-20)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TimeFormatError(f"'{text}' is not an ISO 8601 date (like 2026-11-20)") from None


def parse_moment(text: str, tz: tzinfo, *, end_of_day: bool = False) -> datetime:
    """An aware datetime from an ISO 8601 date or date-time.

    A date alone means the start of that day in `tz` (the end of it, 23:59:59,
    with `end_of_day`); a time without an offset is read in `tz`.
    """
    if not isinstance(text, str) or not text.strip():
        raise TimeFormatError(f"'{text}' is not an ISO 8601 date or time")
    text = text.strip()
    if is_date_only(text):
        day = parse_date(text)
        return datetime.combine(day, END_OF_DAY if end_of_day else time(0), tzinfo=tz)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimeFormatError(
            f"'{text}' is not an ISO 8601 date or time (like 2026-11-20 or 2026-11-20T09:30)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def parse_user_moment(
    text: str, tz: tzinfo, now: datetime, *, end_of_day: bool = False
) -> datetime:
    """Like `parse_moment`, also taking `now`, `today` and `yesterday`."""
    word = text.strip().lower()
    local_now = now.astimezone(tz)
    if word == "now":
        return local_now
    if word in ("today", "yesterday", "tomorrow"):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
        day = local_now.date() + timedelta(days=offset)
        return datetime.combine(day, END_OF_DAY if end_of_day else time(0), tzinfo=tz)
    return parse_moment(text, tz, end_of_day=end_of_day)


def format_moment(moment: datetime, tz: tzinfo) -> str:
    """ISO 8601 with the offset, in the user's time zone."""
    return moment.astimezone(tz).isoformat()


def when(moment: datetime, as_of: datetime, tz: tzinfo) -> str:
    """A moment as a person says it, seen from `as_of`: "today 18:00", "tomorrow 09:00",
    "yesterday", "3 days ago (Nov 17)", "Mon Nov 23" (the year only when it differs)."""
    local, now = moment.astimezone(tz), as_of.astimezone(tz)
    days = (local.date() - now.date()).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"tomorrow {local:%H:%M}"
    if days == -1:
        return "yesterday"
    year = "" if local.year == now.year else f" {local.year}"
    if days < 0:
        return f"{-days} days ago ({local:%b} {local.day}{year})"
    return f"{local:%a %b} {local.day}{year}"
