"""A relationship handled well from start to end gives no finding at all."""

from datetime import date, timedelta

from .netbuilder import Net


def good_relationship() -> Net:
    return (
        Net()
        .person("maya", "Maya Ortiz", met_on=date(2025, 3, 1), label="former colleague")
        .person("raj", "Raj Patel", introduced_by="maya", label="new contact")
        .person("leo", "Leo Brandt")
        # May: reconnecting, I go to her, at the time she picks, and offer my help.
        .interaction("2026-05-04T09:00", "maya")
        .interaction("2026-05-06T17:00", "maya", direction="in")
        .meeting("2026-05-12T08:30", "maya", time_chosen_by="maya", their_travel_minutes=0)
        .offer("2026-05-12T10:00", "maya")
        # She reviews my resume; I thank her the same evening.
        .favor("f-resume", "2026-05-20T11:00", "maya", kind="advice", what="reviewed my resume")
        .thanks("2026-05-20T19:00", "maya", for_="f-resume")
        # I introduce her to a designer she wanted to hire.
        .favor("f-designer", "2026-06-02T10:00", "me", to="maya", kind="intro")
        # An ask that fits: an introduction, after giving.
        .ask("r-raj", "2026-06-10T09:00", "maya", size=3, what="an intro to Raj at Northwind")
        .favor("f-raj", "2026-06-12T14:00", "maya", kind="intro", refers_to="raj")
        .update("r-raj", "2026-06-12T14:00", "done")
        .thanks("2026-06-12T15:00", "maya", for_="f-raj")
        # I act on it within the week, meet Raj on his terms, and tell Maya how it went.
        .interaction("2026-06-13T09:00", "raj")
        .meeting("2026-06-18T12:00", "raj", time_chosen_by="raj", their_travel_minutes=0)
        .interaction("2026-06-20T10:00", "maya")
        # I pass Raj's contact to a friend, with Maya's permission.
        .share("s-leo", "2026-07-01", "raj", "leo", given_by="maya", with_permission=True)
        # She asks me something back; I do it two days later.
        .request("q-talk", "2026-07-15T09:00", "maya", "me", what="feedback on her talk")
        .update("q-talk", "2026-07-17T18:00", "done")
        .call("2026-08-20T16:00", "maya")
        # A job lead, thanked the same day; later a recommendation from me.
        .favor("f-lead", "2026-09-10T09:00", "maya", kind="job_lead")
        .thanks("2026-09-10T12:00", "maya")
        .favor("f-rec", "2026-10-05T10:00", "me", to="maya", kind="recommendation")
    )


def test_it_finds_nothing_in_a_relationship_handled_well() -> None:
    assert good_relationship().check("2026-11-01") == []


def test_nothing_is_ever_late_along_the_way() -> None:
    net = good_relationship()
    # Every evening from the first favor on, nothing owed is late and nothing is unwise.
    # (Before the third interaction the history cannot back "former colleague" yet.)
    day = date(2026, 5, 20)
    while day <= date(2026, 11, 1):
        found = net.check(f"{day.isoformat()}T23:00")
        assert [f for f in found if f.state != "due"] == [], day
        day += timedelta(days=1)
