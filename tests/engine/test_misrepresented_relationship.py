from .netbuilder import Net, keys

RULE = "misrepresented-relationship"


def labelled(label: str) -> Net:
    return (
        Net()
        .person("ann", "Ann Lee")
        .person("tim", "Tim Park", label=label, met_on=None, introduced_by="ann")
        .meeting("2026-10-02T09:00", "tim")
    )


def test_it_warns_when_the_label_claims_much_more_than_the_history() -> None:
    found = labelled("close friend").check("2026-11-05", RULE)
    assert keys(found) == {(RULE, "tim", None, "warning", None, "medium")}


def test_the_finding_carries_the_honest_answer() -> None:
    [finding] = labelled("close friend from school").check("2026-11-05", RULE)
    assert '"close friend from school"' in finding.message
    assert "a meeting on 2 Oct 2026" in finding.action
    assert "introduced by Ann Lee" in finding.action
    assert "1 meeting" in finding.action


def test_a_label_one_step_above_the_history_is_fine() -> None:
    assert labelled("acquaintance").check("2026-11-05", RULE) == []


def test_it_judges_two_steps_above() -> None:
    assert len(labelled("old colleague").check("2026-11-05", RULE)) == 1


def test_it_does_not_judge_an_unlisted_label() -> None:
    assert labelled("recruiter at Acme").check("2026-11-05", RULE) == []


def test_it_does_not_judge_an_empty_label() -> None:
    assert labelled("").check("2026-11-05", RULE) == []


def test_it_counts_the_history_up_to_as_of() -> None:
    net = labelled("friend").interaction("2026-10-10", "tim").call("2026-11-05", "tim")
    assert len(net.check("2026-11-04", RULE)) == 1
    # Three interactions over 30 days make an acquaintance: "friend" (3) is fine.
    assert net.check("2026-11-05", RULE) == []


def test_it_ignores_history_after_as_of() -> None:
    net = labelled("friend").interaction("2026-10-10", "tim").call("2026-11-06", "tim")
    assert len(net.check("2026-11-05", RULE)) == 1
