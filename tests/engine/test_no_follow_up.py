from .netbuilder import Net, at, keys

RULE = "no-follow-up"


def favor_net() -> Net:
    """Tim gives me advice on 3 Nov at 10:00; no pointer to anyone."""
    return Net().person("tim", "Tim Park").favor("f1", "2026-11-03T10:00", "tim")


def referral_net() -> Net:
    """Tim sends my resume to Dana on 3 Nov and I thank him the same day."""
    return (
        Net()
        .person("tim", "Tim Park")
        .person("dana", "Dana Ruiz")
        .favor("f1", "2026-11-03T10:00", "tim", kind="referral", refers_to="dana")
        .thanks("2026-11-03T18:00", "tim", for_="f1")
    )


def test_acknowledge_is_due_two_days_after_the_favor() -> None:
    assert keys(favor_net().check("2026-11-04", RULE)) == {
        (RULE, "tim", "f1", "due", at("2026-11-05T10:00"), "medium")
    }


def test_acknowledge_is_due_at_the_due_moment_and_overdue_after() -> None:
    assert [f.state for f in favor_net().check("2026-11-05T10:00:00", RULE)] == ["due"]
    assert [f.state for f in favor_net().check("2026-11-05T10:00:01", RULE)] == ["overdue"]


def test_acknowledge_is_settled_by_contact_from_me() -> None:
    assert favor_net().interaction("2026-11-04T09:00", "tim").check("2026-11-06", RULE) == []


def test_acknowledge_is_settled_by_contact_at_the_same_moment() -> None:
    assert favor_net().call("2026-11-03T10:00", "tim").check("2026-11-06", RULE) == []


def test_acknowledge_is_settled_late() -> None:
    assert favor_net().offer("2026-11-20T09:00", "tim").check("2026-11-21", RULE) == []


def test_acknowledge_is_not_settled_by_a_message_from_them() -> None:
    net = favor_net().interaction("2026-11-04T09:00", "tim", direction="in")
    assert [f.subject for f in net.check("2026-11-06", RULE)] == ["f1"]


def test_acknowledge_is_not_settled_by_a_note() -> None:
    net = favor_net().interaction("2026-11-04T09:00", "tim", kind="note", direction="out")
    assert [f.subject for f in net.check("2026-11-06", RULE)] == ["f1"]


def test_acknowledge_is_not_settled_by_contact_before_the_favor() -> None:
    net = favor_net().meeting("2026-11-02T09:00", "tim")
    assert [f.subject for f in net.check("2026-11-06", RULE)] == ["f1"]


def test_acknowledge_ignores_contact_after_as_of() -> None:
    net = favor_net().interaction("2026-11-07T09:00", "tim")
    assert [f.state for f in net.check("2026-11-06", RULE)] == ["overdue"]


def test_act_on_it_is_due_seven_days_after_the_favor() -> None:
    assert keys(referral_net().check("2026-11-05T12:00", RULE)) == {
        (RULE, "tim", "f1", "due", at("2026-11-10T10:00"), "medium")
    }


def test_act_on_it_is_owed_for_any_kind_with_a_pointer() -> None:
    net = (
        Net()
        .person("tim")
        .person("dana")
        .favor("f1", "2026-11-03T10:00", "tim", kind="other", refers_to="dana")
        .thanks("2026-11-03T18:00", "tim")
    )
    assert [f.due for f in net.check("2026-11-05", RULE)] == [at("2026-11-10T10:00")]


def test_act_on_it_is_settled_by_writing_to_the_third_person() -> None:
    net = referral_net().interaction("2026-11-04T09:00", "dana")
    # What is left is the low reminder to close the loop, not the act-on-it step.
    assert [(f.due, f.severity) for f in net.check("2026-11-05", RULE)] == [
        (at("2026-11-18T09:00"), "low")
    ]


def test_act_on_it_is_not_settled_by_the_third_person_writing_to_me() -> None:
    net = referral_net().interaction("2026-11-04T09:00", "dana", direction="in")
    assert [f.due for f in net.check("2026-11-05", RULE)] == [at("2026-11-10T10:00")]


def test_close_the_loop_is_a_low_reminder_14_days_after_contacting_them() -> None:
    net = referral_net().call("2026-11-06T15:00", "dana")
    assert keys(net.check("2026-11-08", RULE)) == {
        (RULE, "tim", "f1", "due", at("2026-11-20T15:00"), "low")
    }


def test_close_the_loop_counts_the_first_contact_with_them_after_the_favor() -> None:
    net = referral_net().call("2026-11-01T15:00", "dana").call("2026-11-06T15:00", "dana")
    assert [f.due for f in net.check("2026-11-08", RULE)] == [at("2026-11-20T15:00")]


def test_close_the_loop_is_settled_by_telling_them() -> None:
    net = referral_net().call("2026-11-06T15:00", "dana").interaction("2026-11-07", "tim")
    assert net.check("2026-11-08", RULE) == []


def test_close_the_loop_is_not_settled_by_contact_before_meeting_them() -> None:
    net = referral_net().interaction("2026-11-05", "tim").call("2026-11-06T15:00", "dana")
    assert [f.severity for f in net.check("2026-11-08", RULE)] == ["low"]


def test_close_the_loop_is_raised_to_medium_when_a_week_late() -> None:
    net = referral_net().call("2026-11-06T15:00", "dana")
    [finding] = net.check("2026-11-28", RULE)
    assert (finding.state, finding.severity) == ("overdue", "medium")


def test_each_step_is_its_own_finding() -> None:
    net = (
        Net()
        .person("tim")
        .person("dana")
        .favor("f1", "2026-11-03T10:00", "tim", kind="intro", refers_to="dana")
    )
    assert {f.due for f in net.check("2026-11-04", RULE)} == {
        at("2026-11-05T10:00"),
        at("2026-11-10T10:00"),
    }


def test_it_names_the_giver_as_the_person() -> None:
    [finding] = referral_net().check("2026-11-05", RULE)
    assert finding.person == "tim"
    assert "Hi Dana, Tim Park suggested" in finding.action
