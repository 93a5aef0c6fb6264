"""Findings kept in memory by long-running processes, and the version that invalidates them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from goodterms.engine import BUILTIN_RULES
from goodterms.journal import check_object
from goodterms.store import actions
from goodterms.store.findings import check_network_memoized
from goodterms.store.models import Person

AS_OF = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TIM = {"type": "person", "id": "tim", "name": "Tim Park"}
FAVOR = {"type": "favor", "id": "f1", "at": "2026-11-10T10:00", "from": "tim", "to": "me",
         "kind": "advice", "what": "read my resume"}


def store(owner, *objects):
    return actions.import_lines(owner, actions.lines_source(
        [check_object(o, UTC, n) for n, o in enumerate(objects, start=1)]))


def today(owner):
    return check_network_memoized(owner, AS_OF, UTC, rules=BUILTIN_RULES, settings={},
                                  templates={})


def test_every_kind_of_write_gives_the_network_a_new_version():
    owner = actions.get_owner()
    seen = [actions.network_version(owner)]

    def moved() -> bool:
        seen.append(actions.network_version(owner))
        return seen[-1] != seen[-2]

    store(owner, TIM)
    assert moved()
    store(owner, TIM)  # the same line again changes nothing
    assert not moved()
    store(owner, FAVOR)
    assert moved()
    checked = today(owner)
    finding = next(f for f in checked.findings if f.rule == "no-thank-you")
    actions.mute_finding(owner, finding, checked.snapshot, reason="thanked in person")
    assert moved()
    from goodterms.store.findings import finding_code

    actions.unmute(owner, finding_code(finding))
    assert moved()
    actions.save_settings(owner, {"rules.no-thank-you.enabled": False})
    assert moved()
    actions.delete_record(owner, "f1")
    assert moved()


def test_the_same_question_is_answered_from_memory_until_the_network_changes():
    owner = actions.get_owner()
    store(owner, TIM, FAVOR)
    first = today(owner)
    assert today(owner).snapshot is first.snapshot  # not loaded again
    assert [f.rule for f in first.findings if f.person == "tim"].count("no-thank-you") == 1

    store(owner, {"type": "thanks", "at": "2026-11-11T09:00", "from": "me", "to": "tim",
                  "for": "f1"})
    after = today(owner)
    assert after.snapshot is not first.snapshot
    assert "no-thank-you" not in [f.rule for f in after.findings]


def test_another_user_never_gets_my_remembered_findings():
    owner = actions.get_owner()
    store(owner, TIM, FAVOR)
    mine = today(owner)
    other = get_user_model().objects.create_user("sam")
    theirs = today(other)
    assert mine.findings and not theirs.findings
    assert not Person.objects.filter(owner=other).exists()


def test_give_first_ideas_are_remembered_with_the_check():
    from goodterms.store.findings import give_first_memoized

    owner = actions.get_owner()
    store(owner, TIM, FAVOR)
    checked = today(owner)
    ideas = give_first_memoized(owner, checked, UTC, {})
    assert [i.person for i in ideas] == ["tim"]
    assert give_first_memoized(owner, checked, UTC, {}) is ideas


def test_mutes_and_one_persons_findings_are_picked_from_the_remembered_check():
    from goodterms.store.findings import check_network, finding_code

    owner = actions.get_owner()
    store(owner, TIM, FAVOR, {"type": "person", "id": "ana", "name": "Ana Bell"},
          {"type": "favor", "id": "f2", "at": "2026-11-12T10:00", "from": "ana", "to": "me",
           "kind": "advice", "what": "mock interview"})
    whole = today(owner)
    assert {f.person for f in whole.findings} >= {"tim", "ana"}
    plain = check_network(owner, AS_OF, UTC, rules=BUILTIN_RULES, settings={}, templates={},
                          person="tim")
    mine = check_network_memoized(owner, AS_OF, UTC, rules=BUILTIN_RULES, settings={},
                                  templates={}, person="tim")
    assert [finding_code(f) for f in mine.findings] == [finding_code(f) for f in plain.findings]
    assert mine.findings and {f.person for f in mine.findings} == {"tim"}
    first = next(f for f in whole.findings if f.person == "tim")
    actions.mute_finding(owner, first, whole.snapshot, reason="done in person")
    quiet = today(owner)
    assert finding_code(first) not in [finding_code(f) for f in quiet.findings]
    assert quiet.muted == 1
    loud = check_network_memoized(owner, AS_OF, UTC, rules=BUILTIN_RULES, settings={},
                                  templates={}, include_muted=True)
    assert finding_code(first) in [finding_code(f) for f in loud.findings]


def test_requests_arriving_together_wait_for_one_computation():
    import threading
    import time

    from goodterms.store.findings import memoized

    owner = actions.get_owner()
    calls = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.3)
        return "done"

    from django.db import connection

    results = []

    def request() -> None:
        try:
            results.append(memoized(owner, "test-slow", (1,), slow))
        finally:
            connection.close()  # each thread had a connection of its own

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["done"] * 4
    assert len(calls) == 1


def test_a_failed_computation_is_tried_again_and_leaves_no_lock():
    from goodterms.store import findings

    owner = actions.get_owner()

    def broken() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        findings.memoized(owner, "test-broken", (1,), broken)
    assert not [k for k in findings._COMPUTING if k[0] == "test-broken"]
    assert findings.memoized(owner, "test-broken", (1,), lambda: "fine") == "fine"
