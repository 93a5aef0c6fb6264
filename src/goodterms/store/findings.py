"""Today's findings for one owner: snapshot → engine → without what the user muted.

The CLI and the web call `check_network`; it loads the network in bulk, runs
every installed rule with the user's settings and draft templates, and leaves
out the findings the user snoozed or dismissed, unless something new happened
in that relationship since.
"""

from __future__ import annotations

import gc
import hashlib
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from goodterms.engine import Finding, Snapshot, run_check
from goodterms.engine.check import RuleError
from goodterms.store import models as m
from goodterms.store.snapshot import build_snapshot

T = TypeVar("T")


@dataclass
class Checked:
    as_of: datetime
    findings: list[Finding]
    errors: list[str] = field(default_factory=list)
    muted: int = 0
    snapshot: Snapshot | None = None


def code_for(rule: str, person: str | None, subject: str | None, step: str = "") -> str:
    """A short, stable handle for a finding, to snooze or dismiss it by."""
    key = "\x1f".join((rule, person or "", subject or "", step))
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:6]


def finding_code(finding: Finding) -> str:
    return code_for(finding.rule, finding.person, finding.subject, finding.step)


def load_templates(home: Path) -> dict[str, str]:
    """Draft templates the user put in GOODTERMS_HOME/templates/NAME.txt."""
    folder = home / "templates"
    if not folder.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt"))}


def relationship_marks(snapshot: Snapshot) -> Counter[str]:
    """How many events each person's relationship has ("" counts the whole network)."""
    marks: Counter[str] = Counter()
    for i in snapshot.interactions:
        marks.update(i.with_)
    for group in (snapshot.favors, snapshot.requests, snapshot.thanks, snapshot.offers):
        for item in group:
            marks[item.to if item.from_ == "me" else item.from_] += 1
    for s in snapshot.shares:
        marks.update({s.contact, s.to})
    requests = {r.id: r for r in snapshot.requests}
    for u in snapshot.request_updates:
        r = requests.get(u.request)
        if r is not None:
            marks[r.to if r.from_ == "me" else r.from_] += 1
    marks[""] = sum(marks.values())
    return marks


_MEMO: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_COMPUTING: dict[tuple[Any, ...], threading.Lock] = {}  # one lock per result being computed
_CHECKING = threading.Lock()  # one whole-network check at a time in a process
MEMO_SIZE = 16  # results kept by a long-running process (each user's today, a few moments)


def memoized(owner: Any, what: str, params: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same owner, parameters and
    network version (see actions.network_changed): for the web app and the API,
    where the same page is asked for again and again while nothing changes.

    Requests that arrive together for the same thing wait for one computation
    instead of each doing it (a big network's check takes seconds).
    """
    from goodterms.store.actions import network_version

    key = (what, owner.pk, getattr(owner, "date_joined", None), network_version(owner), params)
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return cast(T, _MEMO[key])
        computing = _COMPUTING.setdefault(key, threading.Lock())
    with computing:
        with _MEMO_LOCK:
            if key in _MEMO:  # another request computed it while this one waited
                return cast(T, _MEMO[key])
        try:
            value = compute()
        except BaseException:  # a failed computation leaves no lock behind
            with _MEMO_LOCK:
                _COMPUTING.pop(key, None)
            raise
        with _MEMO_LOCK:
            _MEMO[key] = value
            while len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)
            _COMPUTING.pop(key, None)
    return value


def _frozen(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class _Computed:
    """One whole-network check, as kept in memory: the snapshot, the engine's result
    and (when first needed) how many events each relationship has."""

    def __init__(self, snapshot: Snapshot, result: Any) -> None:
        self.snapshot, self.result = snapshot, result
        self._marks: Counter[str] | None = None

    @property
    def marks(self) -> Counter[str]:
        if self._marks is None:
            self._marks = relationship_marks(self.snapshot)
        return self._marks


def check_network_memoized(owner: Any, as_of: datetime, tz: ZoneInfo, *,
                           rules: tuple[Any, ...], settings: Mapping[str, Mapping[str, Any]],
                           templates: Mapping[str, str], person: str | None = None,
                           include_muted: bool = False) -> Checked:
    """`check_network`, with the whole network's check kept in memory until the
    network changes (or `as_of` does: callers that want reuse pass a moment rounded
    to the minute). One person's findings and muted or not are picked from it.

    The snapshot is shared: treat it as read-only.
    """
    params = (as_of, str(tz), tuple(getattr(r, "id", repr(r)) for r in rules),
              _frozen(settings), _frozen(templates))
    computed = memoized(owner, "check", params, lambda: _Computed(*_whole_check(
        owner, as_of, tz, rules=rules, settings=settings, templates=templates)))
    checked = _finish(owner, as_of, computed.snapshot, computed.result, include_muted,
                      lambda: computed.marks)
    if person is not None:
        checked.findings = [f for f in checked.findings if f.person == person]
    return checked


def check_for_user(owner: Any, config: Any, as_of: datetime, *, person: str | None = None,
                   include_muted: bool = False) -> Checked:
    """A user's check with their own settings (`config`), the installed rules and the
    installation's draft templates, kept in memory: for the web app and the API."""
    from goodterms.home import home_dir
    from goodterms.plugins import load_rules

    return check_network_memoized(owner, as_of, config.tz, rules=load_rules().rules,
                                  settings=config.rule_settings(),
                                  templates=load_templates(home_dir()), person=person,
                                  include_muted=include_muted)


def give_first_memoized(owner: Any, checked: Checked, tz: ZoneInfo,
                        templates: Mapping[str, str]) -> list[Any]:
    """The give-first ideas for a memoized check, kept in memory the same way."""
    from goodterms.engine import give_first

    assert checked.snapshot is not None
    snapshot = checked.snapshot
    return memoized(owner, "give_first", (checked.as_of, str(tz), _frozen(templates)),
                    lambda: give_first(snapshot, checked.as_of, tz, templates))


def index_memoized(owner: Any, checked: Checked, tz: ZoneInfo) -> Any:
    """The engine's per-person index of a memoized check's network, kept the same way."""
    from goodterms.engine import NetworkIndex, cut

    assert checked.snapshot is not None
    snapshot = checked.snapshot
    return memoized(owner, "index", (checked.as_of, str(tz)),
                    lambda: NetworkIndex(cut(snapshot, checked.as_of, tz), tz))


def _whole_check(owner: Any, as_of: datetime, tz: ZoneInfo, *, rules: tuple[Any, ...],
                 settings: Mapping[str, Mapping[str, Any]], templates: Mapping[str, str],
                 person: str | None = None) -> tuple[Snapshot, Any]:
    # Loading and checking make hundreds of thousands of small objects and no garbage
    # cycles: the cyclic collector would only walk them over and over. The switch is
    # the whole process's, and a check is CPU-bound Python that threads could only
    # take turns at: in a server, checks run one at a time (a waiting request often
    # finds its answer remembered by the one before, see `memoized`).
    with _CHECKING:
        collecting = gc.isenabled()
        gc.disable()
        try:
            snapshot = build_snapshot(owner, until=as_of)
            result = run_check(snapshot, as_of, tz=tz, rules=rules, settings=settings,
                               templates=templates, person=person)
        finally:
            if collecting:
                gc.enable()
    return snapshot, result


def _finish(owner: Any, as_of: datetime, snapshot: Snapshot, result: Any,
            include_muted: bool, marks: Callable[[], Counter[str]]) -> Checked:
    """The findings without those the user snoozed or dismissed (unless asked)."""
    findings = list(result.findings)
    muted = 0
    if not include_muted:
        mutes = {(x.rule, x.person, x.subject, x.step): x
                 for x in m.Mute.objects.filter(owner=owner)}
        if mutes:
            counted = marks()
            kept = []
            for f in findings:
                mute = mutes.get((f.rule, f.person or "", f.subject or "", f.step))
                if mute is not None and is_quiet(mute, counted, as_of):
                    muted += 1
                    continue
                kept.append(f)
            findings = kept
    errors = [describe_error(e) for e in result.errors]
    return Checked(as_of, findings, errors, muted, snapshot)


def check_network(owner: Any, as_of: datetime, tz: ZoneInfo, *, rules: tuple[Any, ...],
                  settings: Mapping[str, Mapping[str, Any]], templates: Mapping[str, str],
                  person: str | None = None, include_muted: bool = False) -> Checked:
    snapshot, result = _whole_check(owner, as_of, tz, rules=rules, settings=settings,
                                    templates=templates, person=person)
    return _finish(owner, as_of, snapshot, result, include_muted,
                   lambda: relationship_marks(snapshot))


def describe_error(error: RuleError) -> str:
    return f"rule {error.rule_id} failed and was skipped: {error.message}"


def is_quiet(mute: m.Mute, marks: Counter[str], as_of: datetime) -> bool:
    if mute.until is not None and as_of >= mute.until:
        return False
    return marks[mute.person] <= mute.mark
