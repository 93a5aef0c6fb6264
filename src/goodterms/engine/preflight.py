"""Checking a planned ask (and a planned meeting) before it is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, tzinfo

from goodterms.engine.check import Settings, check_index, cut
from goodterms.engine.index import NetworkIndex
from goodterms.engine.model import ME, Finding, Interaction, Request, Snapshot
from goodterms.engine.rules import BUILTIN_RULES

PLANNED_ASK = "planned-ask"
ASK_RULES = ("ask-too-big", "overused-referral", "taking-without-giving")
MEETING_RULES = ("burdensome-meeting",)


def _unused_id(snapshot: Snapshot) -> str:
    taken = {request.id for request in snapshot.requests}
    candidate, n = PLANNED_ASK, 1
    while candidate in taken:
        n += 1
        candidate = f"{PLANNED_ASK}-{n}"
    return candidate


def preflight_ask(
    snapshot: Snapshot,
    as_of: datetime,
    *,
    tz: tzinfo,
    person: str,
    what: str,
    size: int,
    meeting: Interaction | None = None,
    settings: Settings | None = None,
    templates: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The findings a planned ask from me to `person` (and a planned meeting) would raise."""
    if not 1 <= size <= 5:
        raise ValueError(f"an ask's size is 1 to 5, not {size}")
    if as_of.tzinfo is None:
        raise ValueError("as_of must be a timezone-aware datetime")
    now = cut(snapshot, as_of, tz)
    ask = Request(id=_unused_id(now), at=as_of, from_=ME, to=person, what=what, size=size)
    planned = replace(
        now,
        requests=(*now.requests, ask),
        interactions=(*now.interactions, meeting) if meeting is not None else now.interactions,
    )
    wanted = ASK_RULES + (MEETING_RULES if meeting is not None else ())
    rules = [rule for rule in BUILTIN_RULES if rule.id in wanted]
    result = check_index(
        NetworkIndex(planned, tz), as_of, rules=rules, settings=settings, templates=templates
    )
    subjects = {ask.id} | ({meeting.id} if meeting is not None else set())
    return [finding for finding in result.findings if finding.subject in subjects]
