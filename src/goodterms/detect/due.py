"""When a promise or a request is due, read from its sentence.

``due_date("I'll send it by Friday.", sent)`` gives the date the sentence names,
counted from ``sent`` (the message's date): the journal's ``due`` field takes a
date alone as the end of that day. Pure function, no clock: the same sentence
and date always give the same answer. ``None`` when the sentence names no date,
or only a vague one ("soon", "ASAP", "later"), or a past one ("last Friday").

What it understands (case does not matter):

* ``today``, ``tonight``, ``this afternoon``/``evening``/``morning``, ``end of
  (the) day``, ``EOD``, ``COB``, ``later today``: the day it was sent;
  ``tomorrow`` (``tmrw``), ``the day after tomorrow``;
* a weekday (``Friday``, ``Fri``, ``by Friday``, ``on Monday``): the next such
  day after the message's day (a week later if it is that day); ``next Friday``:
  the Friday of next week when this week's Friday is still to come;
* ``this week``, ``end of (the) week``, ``by the weekend``: this week's Friday
  (next week's when sent on a weekend); ``next week``: next week's Friday,
  ``early next week``: its Tuesday;
* ``end of (the) month``, ``month end``: the month's last day; ``end of next
  month``; ``next month``: the next month's last day;
* ``in 3 days``, ``in two weeks``, ``within a week``, ``in a couple of days``,
  ``in a few days`` (3);
* dates: ``12/3`` (month/day, as in US mail), ``12/3/2026``, ``12/3/26``,
  ``2026-12-03``, ``December 3``, ``Dec 3rd``, ``3 December``, ``the 3rd of
  December``, ``the 15th`` (the next 15th); a date without a year that is
  already past in the message's year is taken in the next year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

__all__ = ["due_date"]

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a couple": 2,
    "couple of": 2, "a few": 3, "few": 3,
}
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_COUNT = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

# Tried in order; the first that matches decides.
_SAME_DAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|eod|cob|"
                       r"end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+business)\b")
_DAY_AFTER = re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b")
_TOMORROW = re.compile(r"\b(?:tomorrow|tmrw|tmr)\b")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+{_ORDINAL}\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?")
_THE_NTH = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b")
_IN_N = re.compile(rf"\b(?:in|within)\s+(?:the\s+next\s+)?({_COUNT})\s+(day|week|month)s?\b")
_END_OF_MONTH = re.compile(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(next\s+)?month|"
                           r"(?:this\s+)?month[\s-]end|(next)\s+month)\b")
_NEXT_WEEK = re.compile(r"\b(early\s+|end\s+of\s+|by\s+the\s+end\s+of\s+)?next\s+week\b")
_THIS_WEEK = re.compile(r"\b(?:this\s+week|end\s+of\s+(?:the\s+|this\s+)?week|"
                        r"by\s+the\s+weekend|week's\s+end)\b")
_ON_WEEKDAY = re.compile(rf"\b(last|next|this|coming)?\s*({_WEEKDAY})\b\.?")


def due_date(sentence: str, sent: datetime | date) -> date | None:
    """The day ``sentence`` says something is due, counted from ``sent``; or None."""
    today = sent.date() if isinstance(sent, datetime) else sent
    text = " ".join(sentence.lower().replace("\u2019", "'").split())
    if _DAY_AFTER.search(text):
        return today + timedelta(days=2)
    if _TOMORROW.search(text):
        return today + timedelta(days=1)
    if _SAME_DAY.search(text):
        return today
    found = _explicit_date(text, today)
    if found is not None:
        return found
    match = _IN_N.search(text)
    if match:
        count = int(match.group(1)) if match.group(1).isdigit() else _NUMBERS[match.group(1)]
        unit = match.group(2)
        if unit == "day":
            return today + timedelta(days=count)
        if unit == "week":
            return today + timedelta(weeks=count)
        return _add_months(today, count)
    match = _END_OF_MONTH.search(text)
    if match:
        month = _add_months(today.replace(day=1), 1 if (match.group(1) or match.group(2)) else 0)
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])
    match = _NEXT_WEEK.search(text)
    if match:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        early = (match.group(1) or "").startswith("early")
        return monday + timedelta(days=1 if early else 4)
    if _THIS_WEEK.search(text):
        friday = today + timedelta(days=4 - today.weekday())
        return friday if today.weekday() <= 4 else friday + timedelta(weeks=1)
    match = _ON_WEEKDAY.search(text)
    if match and not _is_month_word(text, match):
        which, day = match.group(1), _WEEKDAYS[match.group(2)]
        if which == "last":
            return None
        ahead = (day - today.weekday()) % 7 or 7
        if which == "next" and ahead <= 6 - today.weekday():
            ahead += 7  # "next Friday" said on a Monday: the Friday after this one
        return today + timedelta(days=ahead)
    return None


def _explicit_date(text: str, today: date) -> date | None:
    match = _ISO.search(text)
    if match:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _MONTH_DAY.search(text)
    if match:
        return _dated(today, _MONTHS[match.group(1)], int(match.group(2)), match.group(3))
    match = _DAY_MONTH.search(text)
    if match:
        return _dated(today, _MONTHS[match.group(2)], int(match.group(1)), match.group(3))
    for match in _SLASH.finditer(text):
        if _looks_like_fraction(text, match):
            continue
        found = _dated(today, int(match.group(1)), int(match.group(2)), match.group(3))
        if found is not None:
            return found
    match = _THE_NTH.search(text)
    if match:
        day = int(match.group(1))
        year, month = today.year, today.month
        for _ in range(3):  # the next such day: this month, else the next that has it
            candidate = _date(year, month, day)
            if candidate is not None and candidate >= today:
                return candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _dated(today: date, month: int, day: int, year: str | None) -> date | None:
    """A month and day, in ``year`` if given, else the next such date from ``today``."""
    if year is not None:
        number = int(year)
        return _date(number + 2000 if number < 100 else number, month, day)
    found = _date(today.year, month, day)
    if found is not None and found < today - timedelta(days=1):
        found = _date(today.year + 1, month, day)
    return found


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def _looks_like_fraction(text: str, match: re.Match[str]) -> bool:
    """"24/7", "50/50", "1/2 of the": numbers with a slash that are no date."""
    month, day = int(match.group(1)), int(match.group(2))
    return month > 12 or day > 31 or month == 0 or day == 0 or (month, day) == (24, 7)


def _is_month_word(text: str, match: re.Match[str]) -> bool:
    """"sun", "sat", "wed" and "mar" are also plain words: keep only clear weekday uses."""
    word = match.group(2)
    if len(word) > 3 or word in ("mon", "tue", "thu", "fri"):
        return False
    before = text[max(0, match.start() - 4):match.start()]
    return not (match.group(1) or re.search(r"\b(?:by|on)\s$", before))
