"""The worked example of JOURNAL.md, exactly."""

from datetime import UTC, datetime

from goodterms.engine import BUILTIN_RULES, run_check, snapshot_from_journal_dicts

EXAMPLE = [
    {
        "type": "person",
        "id": "tim",
        "name": "Tim Park",
        "met_on": "2026-06-01",
        "met_how": "job seekers' breakfast",
        "label": "acquaintance",
    },
    {"type": "person", "id": "dana", "name": "Dana Ruiz", "org": "Acme", "title": "Recruiter"},
    {
        "type": "interaction",
        "at": "2026-11-02T09:00",
        "with": ["tim"],
        "kind": "meeting",
        "time_chosen_by": "tim",
        "their_travel_minutes": 0,
    },
    {
        "type": "favor",
        "id": "f1",
        "at": "2026-11-03T10:00",
        "from": "tim",
        "to": "me",
        "kind": "referral",
        "refers_to": "dana",
        "what": "sent my resume to Dana at Acme",
    },
    {
        "type": "thanks",
        "at": "2026-11-03T18:00",
        "from": "me",
        "to": "tim",
        "for": "f1",
        "channel": "email",
    },
]

DUE = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)


def check(as_of: datetime) -> set[tuple[object, ...]]:
    snapshot = snapshot_from_journal_dicts(EXAMPLE, UTC)
    result = run_check(snapshot, as_of, tz=UTC, rules=BUILTIN_RULES)
    assert result.errors == []
    return {(f.rule, f.person, f.subject, f.state, f.due, f.severity) for f in result.findings}


def test_it_gives_the_documented_findings() -> None:
    assert check(datetime(2026, 11, 5, 12, 0, tzinfo=UTC)) == {
        ("no-follow-up", "tim", "f1", "due", DUE, "medium"),
        ("never-offered-help", "tim", None, "due", DUE, "medium"),
    }


def test_it_names_people_not_ids_in_messages() -> None:
    snapshot = snapshot_from_journal_dicts(EXAMPLE, UTC)
    as_of = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
    findings = run_check(snapshot, as_of, tz=UTC, rules=BUILTIN_RULES).findings
    follow_up = next(f for f in findings if f.rule == "no-follow-up")
    assert "Tim Park" in follow_up.message
    assert "Dana" in follow_up.message
    assert follow_up.action.startswith("Write to Dana Ruiz:")


def test_it_counts_the_thanks_as_the_acknowledgement() -> None:
    # Without the thank-you, the acknowledge step and the thank-you itself are owed.
    snapshot = snapshot_from_journal_dicts(EXAMPLE[:-1], UTC)
    as_of = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
    findings = run_check(snapshot, as_of, tz=UTC, rules=BUILTIN_RULES).findings
    assert {(f.rule, f.state, f.due) for f in findings} == {
        ("no-follow-up", "due", DUE),
        ("no-follow-up", "overdue", datetime(2026, 11, 5, 10, 0, tzinfo=UTC)),
        ("no-thank-you", "overdue", datetime(2026, 11, 3, 23, 59, 59, tzinfo=UTC)),
        ("never-offered-help", "due", DUE),
    }
