"""Small builders for engine tests: a network in a few lines, no database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from goodterms.engine import (
    BUILTIN_RULES,
    ME,
    Favor,
    Finding,
    Interaction,
    Offer,
    Person,
    Request,
    RequestUpdate,
    Rule,
    Share,
    Snapshot,
    Thanks,
    run_check,
)
from goodterms.engine.model import FAVOR_DEFAULT_SIZE, default_direction


def at(text: str, tz: tzinfo = UTC) -> datetime:
    """ "2026-11-03T10:00" (or a date alone, the start of that day) in `tz`."""
    if "T" not in text:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=tz)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def rule(rule_id: str) -> Rule:
    """A built-in rule by id."""
    return next(r for r in BUILTIN_RULES if r.id == rule_id)


@dataclass
class Net:
    """A network under construction. Times are strings read in `tz`."""

    tz: tzinfo = UTC
    people: dict[str, Person] = field(default_factory=dict)
    interactions: list[Interaction] = field(default_factory=list)
    favors: list[Favor] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    updates: list[RequestUpdate] = field(default_factory=list)
    thanks_: list[Thanks] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    counter: int = 0

    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def t(self, text: str) -> datetime:
        return at(text, self.tz)

    def person(self, pid: str, name: str | None = None, **kw: Any) -> Net:
        self.people[pid] = Person(id=pid, name=name or pid.title(), **kw)
        return self

    def interaction(
        self, when: str, *people: str, kind: str = "email", id: str | None = None, **kw: Any
    ) -> Net:
        kw.setdefault("direction", default_direction(kind))
        self.interactions.append(
            Interaction(id=id or self._id("i"), at=self.t(when), with_=people, kind=kind, **kw)
        )
        return self

    def meeting(self, when: str, *people: str, id: str | None = None, **kw: Any) -> Net:
        return self.interaction(when, *people, kind="meeting", id=id, **kw)

    def call(self, when: str, *people: str, **kw: Any) -> Net:
        return self.interaction(when, *people, kind="call", **kw)

    def favor(
        self,
        id: str,
        when: str,
        from_: str,
        to: str = ME,
        kind: str = "advice",
        size: int | None = None,
        **kw: Any,
    ) -> Net:
        size = size or FAVOR_DEFAULT_SIZE[kind]
        self.favors.append(
            Favor(id=id, at=self.t(when), from_=from_, to=to, kind=kind, size=size, **kw)
        )
        return self

    def request(
        self,
        id: str,
        when: str,
        from_: str,
        to: str,
        what: str = "a review of my resume",
        size: int = 2,
        due: str | None = None,
    ) -> Net:
        self.requests.append(
            Request(
                id=id,
                at=self.t(when),
                from_=from_,
                to=to,
                what=what,
                size=size,
                due=self.t(due) if due else None,
            )
        )
        return self

    def ask(self, id: str, when: str, to: str, size: int = 2, what: str = "a favor") -> Net:
        """A request from me to someone."""
        return self.request(id, when, ME, to, what=what, size=size)

    def update(self, request: str, when: str, status: str) -> Net:
        self.updates.append(
            RequestUpdate(id=self._id("u"), request=request, at=self.t(when), status=status)
        )
        return self

    def thanks(self, when: str, to: str, for_: str | None = None, from_: str = ME) -> Net:
        self.thanks_.append(
            Thanks(id=self._id("t"), at=self.t(when), from_=from_, to=to, for_=for_)
        )
        return self

    def offer(self, when: str, to: str, from_: str = ME) -> Net:
        self.offers.append(Offer(id=self._id("o"), at=self.t(when), from_=from_, to=to))
        return self

    def share(self, id: str, when: str, contact: str, to: str, **kw: Any) -> Net:
        self.shares.append(Share(id=id, at=self.t(when), contact=contact, to=to, **kw))
        return self

    def snapshot(self) -> Snapshot:
        return Snapshot(
            people=dict(self.people),
            interactions=tuple(self.interactions),
            favors=tuple(self.favors),
            requests=tuple(self.requests),
            request_updates=tuple(self.updates),
            thanks=tuple(self.thanks_),
            offers=tuple(self.offers),
            shares=tuple(self.shares),
        )

    def check(
        self, as_of: str, *rule_ids: str, person: str | None = None, **kw: Any
    ) -> list[Finding]:
        """Findings of the named rules (all built-ins when none is named)."""
        rules: Iterable[Rule] = [rule(r) for r in rule_ids] if rule_ids else BUILTIN_RULES
        result = run_check(
            self.snapshot(), self.t(as_of), tz=self.tz, rules=rules, person=person, **kw
        )
        assert result.errors == []
        return result.findings


def keys(findings: Iterable[Finding]) -> set[tuple[Any, ...]]:
    """Findings as the contract compares them: rule, person, subject, state, due, severity."""
    return {(f.rule, f.person, f.subject, f.state, f.due, f.severity) for f in findings}


def states(findings: Iterable[Finding]) -> list[tuple[str | None, str]]:
    """(subject, state) of each finding, in order."""
    return [(f.subject, f.state) for f in findings]
