"""What every rule receives (`Context`), what a rule is (`Rule`), and finding helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any, Protocol, runtime_checkable

from goodterms.engine.index import NetworkIndex
from goodterms.engine.model import Finding, Snapshot
from goodterms.engine.templates import DEFAULT_TEMPLATES, render
from goodterms.engine.text import first_name, full_name
from goodterms.engine.times import state_at

SettingValue = int | float | bool | str


@dataclass(frozen=True)
class Context:
    """The inputs of one rule for one check."""

    snapshot: Snapshot  # already cut to events at or before as_of
    as_of: datetime  # aware
    tz: tzinfo  # the user's time zone, for "the end of the day"
    settings: Mapping[str, Any]  # this rule's defaults merged with the user's overrides
    index: NetworkIndex
    templates: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TEMPLATES))

    def days(self, name: str) -> timedelta:
        """A threshold counted in days, as elapsed time."""
        return timedelta(days=float(self.settings[name]))

    def number(self, name: str) -> float:
        """A numeric threshold."""
        return float(self.settings[name])

    def name(self, person_id: str) -> str:
        """A person's full name."""
        return full_name(self.index, person_id)

    def first(self, person_id: str) -> str:
        """A person's first name."""
        return first_name(self.index, person_id)

    def draft(self, template: str, /, **values: str) -> str:
        """A ready-to-send draft from the user's (or the default) templates."""
        return render(self.templates, template, **values)


@runtime_checkable
class Rule(Protocol):
    """A rule: built-in or a plugin's. It only reads the context and yields findings."""

    id: str
    cause: str
    description: str
    defaults: Mapping[str, SettingValue]

    def check(self, ctx: Context) -> Iterable[Finding]:
        """The findings of this rule for this check."""
        ...


def action_finding(
    rule: Rule,
    ctx: Context,
    *,
    person: str | None,
    subject: str | None,
    due: datetime,
    message: str,
    action: str,
    severity: str = "medium",
    step: str = "",
) -> Finding:
    """A finding for an action owed: `due` until its due moment, `overdue` after."""
    return Finding(
        rule=rule.id,
        person=person,
        subject=subject,
        state=state_at(due, ctx.as_of),
        due=due,
        severity=severity,
        cause=rule.cause,
        message=message,
        action=action,
        step=step,
    )


def warning_finding(
    rule: Rule,
    *,
    person: str | None,
    subject: str | None,
    message: str,
    action: str,
    severity: str = "medium",
) -> Finding:
    """A finding about something done or planned that risks a bruise."""
    return Finding(
        rule=rule.id,
        person=person,
        subject=subject,
        state="warning",
        due=None,
        severity=severity,
        cause=rule.cause,
        message=message,
        action=action,
    )
