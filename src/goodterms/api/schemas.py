"""The API's request and response bodies (pydantic), for validation and the OpenAPI schema.

People and events are journal objects (../shared/JOURNAL.md): the same field names,
`from`, `to`, `with` and `for` included. Types are strict (a size is a JSON number,
never "3"); the values themselves are then checked by `goodterms.journal.check_object`,
exactly as a line of an imported journal. Fields the journal does not know are kept
and given back unchanged, as an import keeps them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from goodterms.engine.model import (
    DIRECTIONS,
    FAVOR_KINDS,
    INTERACTION_KINDS,
    THANKS_CHANNELS,
    UPDATE_STATUSES,
)

# Literal types built from the engine's own tuples, so that a new kind appears here too.
InteractionKind = Literal[INTERACTION_KINDS]  # type: ignore[valid-type]
Direction = Literal[DIRECTIONS]  # type: ignore[valid-type]
FavorKind = Literal[FAVOR_KINDS]  # type: ignore[valid-type]
UpdateStatus = Literal[UPDATE_STATUSES]  # type: ignore[valid-type]
Channel = Literal[THANKS_CHANNELS]  # type: ignore[valid-type]

Moment = Annotated[str, Field(description="ISO 8601 date or date-time; without an offset, "
                                          "in your time zone", examples=["2026-11-02T09:00"])]
Ident = Annotated[str, Field(min_length=1, description="a record's id")]
Party = Annotated[str, Field(min_length=1, description='"me" or a person id')]
Size = Annotated[int, Field(ge=1, le=5)]


class Body(BaseModel):
    """A journal object: strict types, unknown fields kept."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)


# ---------------------------------------------------------------- people

class PersonFields(Body):
    type: Literal["person"] = "person"
    id: Ident | None = None
    name: str = Field(min_length=1)
    emails: list[str] | None = None
    phones: list[str] | None = None
    org: str | None = None
    title: str | None = None
    location: str | None = None
    linkedin: str | None = None
    met_on: str | None = Field(None, description="a date, such as 2026-06-01")
    met_how: str | None = None
    introduced_by: Ident | None = None
    label: str | None = Field(None, description="how you describe the relationship")
    close: bool | None = None
    tags: list[str] | None = None
    notes: str | None = None


class PersonIn(PersonFields):
    id: Ident | None = Field(None, description="default: made from the name")


class PersonUpdate(PersonFields):
    id: Ident | None = Field(None, description="if given, the id of the URL")


class Person(PersonFields):
    id: str


class PeoplePage(BaseModel):
    count: int
    items: list[Person]


# ---------------------------------------------------------------- events

class InteractionBody(Body):
    type: Literal["interaction"]
    id: Ident | None = None
    at: Moment
    with_: list[Ident] = Field(alias="with", min_length=1)
    kind: InteractionKind
    direction: Direction | None = None
    summary: str | None = None
    place: str | None = None
    initiated_by: Party | None = None
    time_chosen_by: Party | None = None
    their_travel_minutes: Annotated[int, Field(ge=0)] | None = None


class FavorBody(Body):
    type: Literal["favor"]
    id: Ident | None = Field(None, description="required by the journal; default here: "
                                               "made from the content")
    at: Moment
    from_: Party = Field(alias="from")
    to: Party
    kind: FavorKind
    size: Size | None = None
    what: str | None = None
    refers_to: Ident | None = None


class RequestBody(Body):
    type: Literal["request"]
    id: Ident | None = Field(None, description="default: made from the content")
    at: Moment
    from_: Party = Field(alias="from")
    to: Party
    what: str = Field(min_length=1)
    size: Size | None = None
    due: Moment | None = None


class RequestUpdateBody(Body):
    type: Literal["request_update"]
    id: Ident | None = None
    request: Ident
    at: Moment
    status: UpdateStatus
    note: str | None = None


class ThanksBody(Body):
    type: Literal["thanks"]
    id: Ident | None = None
    at: Moment
    from_: Party = Field(alias="from")
    to: Party
    for_: Ident | None = Field(None, alias="for", description="a favor id")
    channel: Channel | None = None


class OfferBody(Body):
    type: Literal["offer"]
    id: Ident | None = None
    at: Moment
    from_: Party = Field(alias="from")
    to: Party
    what: str | None = None


class ShareBody(Body):
    type: Literal["share"]
    id: Ident | None = None
    at: Moment
    contact: Ident
    to: Ident
    given_by: Ident | None = None
    with_permission: bool | None = None


EventIn = Annotated[
    InteractionBody | FavorBody | RequestBody | RequestUpdateBody | ThanksBody | OfferBody
    | ShareBody,
    Field(discriminator="type"),
]
EVENT_KINDS = ("interaction", "favor", "request", "request_update", "thanks", "offer", "share")
EventKind = Literal[EVENT_KINDS]  # type: ignore[valid-type]


class EventsPage(BaseModel):
    count: int
    items: list[EventIn] = Field(description="journal objects, oldest first")


# ---------------------------------------------------------------- findings and asks

class FindingOut(BaseModel):
    rule: str
    person: str | None
    subject: str | None
    state: Literal["overdue", "due", "warning"]
    due: str | None
    severity: str
    cause: str
    message: str
    action: str


class FindingsOut(BaseModel):
    as_of: str
    findings: list[FindingOut]


class AskIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    person: Ident = Field(description="a person id, or an unambiguous part of a name")
    what: str = Field(min_length=1, description="what you would ask for")
    size: Size = Field(description="1 a quick question … 5 a reference or a job")
    meeting: bool = Field(False, description="the ask comes with a meeting: check it too")
    at: Moment | None = Field(None, description="when the meeting would be (default: now)")
    time_chosen_by: Party | None = None
    travel: Annotated[int, Field(ge=0, le=100_000)] | None = Field(
        None, description="minutes they would travel to you")
    place: str | None = None
    record: bool = Field(False, description="also record the ask as a request")


class AskOut(BaseModel):
    fits: bool
    person: str
    findings: list[FindingOut]
    recorded: str | None = Field(None, description="the id of the recorded request")


class KindCounts(BaseModel):
    new: int
    updated: int
    unchanged: int


class ImportOut(BaseModel):
    source: str
    total: KindCounts
    counts: dict[str, KindCounts]


class ErrorBody(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str
    details: list[Any] = Field(default_factory=list)


class ErrorOut(BaseModel):
    error: ErrorBody
