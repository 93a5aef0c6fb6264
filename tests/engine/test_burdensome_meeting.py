from .netbuilder import Net, keys

RULE = "burdensome-meeting"


def net() -> Net:
    return Net().person("zoe", "Zoe Hart")


def test_it_warns_when_a_new_contact_travels_15_minutes_to_me() -> None:
    met = net().meeting("2026-11-02T09:00", "zoe", id="m1", their_travel_minutes=15)
    found = met.check("2026-11-03", RULE)
    assert keys(found) == {(RULE, "zoe", "m1", "warning", None, "medium")}
    assert "15 minutes" in found[0].message


def test_a_short_trip_is_fine() -> None:
    met = net().meeting("2026-11-02T09:00", "zoe", their_travel_minutes=14, time_chosen_by="zoe")
    assert met.check("2026-11-03", RULE) == []


def test_it_warns_when_i_picked_the_time() -> None:
    met = net().meeting("2026-11-02T09:00", "zoe", id="m1", time_chosen_by="me")
    assert [f.subject for f in met.check("2026-11-03", RULE)] == ["m1"]


def test_it_counts_depth_from_interactions_before_the_meeting() -> None:
    met = (
        net()
        .meeting("2026-09-01", "zoe")
        .call("2026-09-20", "zoe")
        .interaction("2026-09-25", "zoe")
        .meeting("2026-10-05", "zoe", id="m1", time_chosen_by="me")
    )
    # Three interactions over 30 days before m1 make Zoe an acquaintance (depth 2).
    assert met.check("2026-11-03", RULE) == []


def test_the_meeting_itself_does_not_deepen_the_relationship() -> None:
    met = (
        net()
        .meeting("2026-09-01", "zoe")
        .meeting("2026-10-05", "zoe", id="m1", time_chosen_by="me")
    )
    assert [f.subject for f in met.check("2026-11-03", RULE)] == ["m1"]


def test_it_ignores_a_meeting_after_as_of() -> None:
    met = net().meeting("2026-11-04T09:00", "zoe", time_chosen_by="me")
    assert met.check("2026-11-03", RULE) == []


def test_it_only_judges_meetings() -> None:
    called = net().call("2026-11-02T09:00", "zoe", time_chosen_by="me")
    assert called.check("2026-11-03", RULE) == []


def test_it_warns_about_each_new_contact_at_the_meeting() -> None:
    met = (
        net()
        .person("sam")
        .meeting("2026-11-02T09:00", "zoe", "sam", id="m1", their_travel_minutes=30)
    )
    assert [f.person for f in met.check("2026-11-03", RULE)] == ["sam", "zoe"]
