from zoneinfo import ZoneInfo

from goodterms.demo import DEMO_AS_OF, DEMO_TIMEZONE, demo_journal
from goodterms.engine import BUILTIN_RULES, run_check, snapshot_from_journal_dicts
from goodterms.engine.from_journal import parse_moment

TZ = ZoneInfo(DEMO_TIMEZONE)


def demo_findings() -> tuple[int, list[tuple[str, str | None]]]:
    snapshot = snapshot_from_journal_dicts(demo_journal(), TZ)
    result = run_check(snapshot, parse_moment(DEMO_AS_OF, TZ), tz=TZ, rules=BUILTIN_RULES)
    assert result.errors == []
    return len(snapshot.people), [(f.rule, f.person) for f in result.findings]


def test_every_rule_fires_at_least_once() -> None:
    _, findings = demo_findings()
    assert {rule for rule, _ in findings} == {rule.id for rule in BUILTIN_RULES}


def test_most_people_have_no_finding() -> None:
    people, findings = demo_findings()
    assert people >= 30
    assert len({person for _, person in findings if person is not None}) < people / 2


def test_it_is_the_same_every_time() -> None:
    assert demo_journal() == demo_journal()


def test_it_ends_at_the_demo_date_and_spans_half_a_year() -> None:
    times = sorted(str(line["at"]) for line in demo_journal() if "at" in line)
    assert times[0] >= "2026-05-01" and times[-1] <= DEMO_AS_OF
    assert all("+" not in t and "Z" not in t for t in times)


def test_people_come_first_and_every_line_has_a_type() -> None:
    lines = demo_journal()
    kinds = [line["type"] for line in lines]
    people = kinds.count("person")
    assert kinds[:people] == ["person"] * people
