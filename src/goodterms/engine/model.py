"""The network snapshot the engine reads, and the finding it returns.

Everything here is a plain frozen dataclass: the storage layer (or a test) builds
them, the rules only read them. Times are timezone-aware datetimes; "me" is the
owner of the network and is never a `Person`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

ME = "me"

InteractionKind = Literal["meeting", "call", "email", "message", "note"]
Direction = Literal["out", "in", "both"]
FavorKind = Literal[
    "advice",
    "intro",
    "referral",
    "contact",
    "job_lead",
    "resume_forward",
    "recommendation",
    "meeting",
    "other",
]
UpdateStatus = Literal["done", "declined", "withdrawn", "asked_again"]
State = Literal["due", "overdue", "warning"]
Severity = Literal["low", "medium", "high"]
Cause = Literal["accident", "miscommunication", "inexperience"]

INTERACTION_KINDS: tuple[str, ...] = ("meeting", "call", "email", "message", "note")
DIRECTIONS: tuple[str, ...] = ("out", "in", "both")
FAVOR_KINDS: tuple[str, ...] = (
    "advice",
    "intro",
    "referral",
    "contact",
    "job_lead",
    "resume_forward",
    "recommendation",
    "meeting",
    "other",
)
FAVOR_DEFAULT_SIZE: Mapping[str, int] = {
    "advice": 1,
    "meeting": 2,
    "other": 2,
    "intro": 3,
    "contact": 3,
    "job_lead": 3,
    "referral": 4,
    "resume_forward": 4,
    "recommendation": 4,
}
REQUEST_DEFAULT_SIZE = 2
UPDATE_STATUSES: tuple[str, ...] = ("done", "declined", "withdrawn", "asked_again")
THANKS_CHANNELS: tuple[str, ...] = ("email", "note", "call", "in_person", "gift", "message")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")
CAUSES: tuple[str, ...] = ("accident", "miscommunication", "inexperience")


def default_direction(kind: str) -> str:
    """The journal's default direction for an interaction kind."""
    return "both" if kind in ("meeting", "call") else "out"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    met_on: date | None = None
    met_how: str = ""
    introduced_by: str | None = None
    label: str = ""
    close: bool = False
    org: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Interaction:
    id: str
    at: datetime
    with_: tuple[str, ...]
    kind: str
    direction: str = "both"
    summary: str = ""
    place: str = ""
    initiated_by: str | None = None
    time_chosen_by: str | None = None
    their_travel_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Favor:
    id: str
    at: datetime
    from_: str
    to: str
    kind: str
    size: int
    what: str = ""
    refers_to: str | None = None


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    at: datetime
    from_: str
    to: str
    what: str
    size: int = REQUEST_DEFAULT_SIZE
    due: datetime | None = None  # explicit due moment; None means the rule's default


@dataclass(frozen=True, slots=True)
class RequestUpdate:
    id: str
    request: str
    at: datetime
    status: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Thanks:
    id: str
    at: datetime
    from_: str
    to: str
    for_: str | None = None
    channel: str = ""


@dataclass(frozen=True, slots=True)
class Offer:
    id: str
    at: datetime
    from_: str
    to: str
    what: str = ""


@dataclass(frozen=True, slots=True)
class Share:
    id: str
    at: datetime
    contact: str
    to: str
    given_by: str | None = None
    with_permission: bool = False


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A whole network as the engine sees it.

    Events may be in any order and may include events after the moment of the
    check: the engine drops those itself.
    """

    people: Mapping[str, Person] = field(default_factory=dict)
    interactions: tuple[Interaction, ...] = ()
    favors: tuple[Favor, ...] = ()
    requests: tuple[Request, ...] = ()
    request_updates: tuple[RequestUpdate, ...] = ()
    thanks: tuple[Thanks, ...] = ()
    offers: tuple[Offer, ...] = ()
    shares: tuple[Share, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    person: str | None
    subject: str | None
    state: str  # State
    due: datetime | None
    severity: str  # Severity
    cause: str  # Cause
    message: str
    action: str
    step: str = ""  # tells apart findings of one rule about one subject (e.g. follow-up steps)

    @property
    def key(self) -> tuple[str, str | None, str | None, str]:
        """What identifies a finding across checks (for snooze and dismiss)."""
        return (self.rule, self.person, self.subject, self.step)


__all__ = [
    "ME",
    "Favor",
    "Finding",
    "Interaction",
    "Offer",
    "Person",
    "Request",
    "RequestUpdate",
    "Share",
    "Snapshot",
    "Thanks",
]
