"""Running rules over a network: cut, index, check, bump, filter, sort."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from goodterms.engine.context import Context, Rule
from goodterms.engine.index import NetworkIndex
from goodterms.engine.model import Finding, Snapshot
from goodterms.engine.templates import merged
from goodterms.engine.times import start_of_day

BUMP_AFTER = timedelta(days=7)
RAISED = {"low": "medium", "medium": "high"}
STATE_ORDER = {"overdue": 0, "due": 1, "warning": 2}

Settings = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class RuleError:
    """A rule that failed; the other rules still ran."""

    rule_id: str
    message: str


@dataclass(frozen=True)
class CheckResult:
    """What a check found, sorted, and the rules that failed."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


def cut(snapshot: Snapshot, as_of: datetime, tz: tzinfo) -> Snapshot:
    """The network as it was at `as_of`: nothing dated after it exists."""
    people = {
        pid: replace(person, met_on=None)
        if person.met_on is not None and start_of_day(person.met_on, tz) > as_of
        else person
        for pid, person in snapshot.people.items()
    }
    return Snapshot(
        people=people,
        interactions=tuple(item for item in snapshot.interactions if item.at <= as_of),
        favors=tuple(item for item in snapshot.favors if item.at <= as_of),
        requests=tuple(item for item in snapshot.requests if item.at <= as_of),
        request_updates=tuple(item for item in snapshot.request_updates if item.at <= as_of),
        thanks=tuple(item for item in snapshot.thanks if item.at <= as_of),
        offers=tuple(item for item in snapshot.offers if item.at <= as_of),
        shares=tuple(item for item in snapshot.shares if item.at <= as_of),
    )


def rule_settings(rule: Rule, settings: Settings | None) -> dict[str, Any] | None:
    """The rule's defaults merged with the user's overrides; None when switched off."""
    overrides = dict((settings or {}).get(rule.id, {}))
    if not overrides.pop("enabled", True):
        return None
    return {**rule.defaults, **overrides}


def bumped(finding: Finding, as_of: datetime) -> Finding:
    """An action more than 7 days overdue is raised one level."""
    if finding.state == "warning" or finding.due is None or as_of - finding.due <= BUMP_AFTER:
        return finding
    return replace(finding, severity=RAISED.get(finding.severity, finding.severity))


def sort_key(finding: Finding) -> tuple[int, float, str, str, str]:
    """Overdue, then due, then warnings; by due date, then person, rule and subject."""
    return (
        STATE_ORDER.get(finding.state, len(STATE_ORDER)),
        finding.due.timestamp() if finding.due is not None else 0.0,
        finding.person or "",
        finding.rule,
        finding.subject or "",
    )


def run_check(
    snapshot: Snapshot,
    as_of: datetime,
    *,
    tz: tzinfo,
    rules: Iterable[Rule],
    settings: Settings | None = None,
    templates: Mapping[str, str] | None = None,
    person: str | None = None,
) -> CheckResult:
    """Check a network at `as_of` with the given rules."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be a timezone-aware datetime")
    index = NetworkIndex(cut(snapshot, as_of, tz), tz)
    result = check_index(index, as_of, rules=rules, settings=settings, templates=templates)
    if person is None:
        return result
    mine = [finding for finding in result.findings if finding.person == person]
    return CheckResult(findings=mine, errors=result.errors)


def check_index(
    index: NetworkIndex,
    as_of: datetime,
    *,
    rules: Iterable[Rule],
    settings: Settings | None = None,
    templates: Mapping[str, str] | None = None,
) -> CheckResult:
    """Run rules over an index already cut to `as_of`."""
    drafts = merged(templates)
    findings: list[Finding] = []
    errors: list[RuleError] = []
    for rule in rules:
        values = rule_settings(rule, settings)
        if values is None:
            continue
        ctx = Context(
            snapshot=index.snapshot,
            as_of=as_of,
            tz=index.tz,
            settings=values,
            index=index,
            templates=drafts,
        )
        try:
            found = list(rule.check(ctx))
        except Exception as exc:  # a broken rule must not hide the others' findings
            errors.append(RuleError(rule.id, f"{type(exc).__name__}: {exc}"))
            continue
        wrong = [item for item in found if not isinstance(item, Finding)]
        if wrong:
            errors.append(RuleError(rule.id, f"returned {type(wrong[0]).__name__}, not a Finding"))
            continue
        findings.extend(bumped(finding, as_of) for finding in found)
    findings.sort(key=sort_key)
    return CheckResult(findings=findings, errors=errors)
