"""What the importers of other people's files produce, before goodterms matches it.

A LinkedIn export, an address book or a calendar does not know goodterms' ids:
its people are `Contact`s with whatever identifies them in the source (an email
address, a LinkedIn URL, a phone), and its events point at contacts by their
`key`. The store side (`goodterms.store.matching`) decides which person each
contact is (an existing one, matched by email, LinkedIn URL or phone, never by
name alone, or a new one) and turns everything into journal lines.

Parsers yield `Contact`, `Event` and `Skipped` objects, in file order, lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Contact:
    key: str  # unique within one import, e.g. "linkedin:https://www.linkedin.com/in/ana"
    name: str
    emails: tuple[str, ...] = ()  # lower-cased
    phones: tuple[str, ...] = ()
    linkedin: str = ""  # normalised: https://www.linkedin.com/in/<slug>
    org: str = ""
    title: str = ""
    location: str = ""
    met_on: date | None = None
    met_how: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    related: tuple[tuple[str, str], ...] = ()  # (relation, contact key or name)
    line: int = 0  # where it was found (line or card number), for messages


@dataclass(frozen=True)
class Event:
    key: str  # stable in the source, so that importing again adds nothing
    at: datetime  # timezone-aware
    kind: str  # "meeting", "call", "email" or "message"
    with_: tuple[str, ...]  # contact keys (never the owner)
    direction: str = "both"  # "out" from me, "in" from them, "both"
    summary: str = ""
    place: str = ""
    initiated_by: str | None = None  # "me" or a contact key
    time_chosen_by: str | None = None  # "me" or a contact key
    line: int = 0
    thread: str = ""  # for mail: the Message-ID that started the conversation
    body: str = ""  # for mail, only with --keep-bodies: the new text of the message


@dataclass(frozen=True)
class Detected:
    """Something a message says (a thank-you, a request, an introduction…), found by
    `goodterms.detect` in the new text of one message."""

    key: str  # the message's event key, the act and the sentence: never applied twice
    event: str  # the key of the Event (the email) it was found in
    act: str  # thanks, request, commitment, offer, intro, favor
    confidence: float
    text: str  # the sentence that shows it
    at: datetime
    by: str  # who wrote it: "me" or a contact key
    to: tuple[str, ...]  # who it was written to: contact keys, or ("me",)
    line: int = 0
    also: tuple[str, ...] = ()  # others the message went to with me (for an introduction)


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str  # one short sentence: "hidden profile (only a date)", "declined event", …
    source: str = ""  # the file inside an archive or folder, where there are several


@dataclass(frozen=True)
class Checkpoint:
    """Every record of the source's first `position` messages has been given: what is
    stored up to here may be kept, and an import stopped after it can go on from it
    (`records(..., resume_from=position)` gives the same records from there on)."""

    position: int


Record = Contact | Event | Detected | Skipped | Checkpoint


def linkedin_url(text: str) -> str:
    """A LinkedIn profile URL in one canonical form, or "" if it is not one."""
    text = text.strip()
    if "linkedin.com/in/" not in text.lower():
        return ""
    slug = text.split("/in/", 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")
    slug = slug.split("/", 1)[0]
    return f"https://www.linkedin.com/in/{slug.lower()}" if slug else ""


def normal_email(text: str) -> str:
    text = text.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower() if "@" in text and " " not in text else ""


def normal_phone(text: str) -> str:
    """Digits only, with "+" for an international number: what matching compares."""
    text = text.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 6:
        return ""
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits


@dataclass(frozen=True)
class Me:
    """Who the owner is, so that a file's own entry for them never becomes a contact."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()  # lower-cased
