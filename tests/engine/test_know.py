from datetime import date

from goodterms.engine import know

from .netbuilder import Net, at


def test_it_tells_how_you_met_how_often_and_what_you_did() -> None:
    net = (
        Net()
        .person("ann", "Ann Lee")
        .person(
            "tim",
            "Tim Park",
            met_on=date(2026, 6, 1),
            met_how="job seekers' breakfast",
            introduced_by="ann",
        )
        .meeting("2026-06-01T09:00", "tim")
        .interaction("2026-07-01", "tim")
        .interaction("2026-07-02", "tim", kind="note")
        .favor("f1", "2026-07-03", "tim")
    )
    assert know(net.snapshot(), at("2026-11-05"), "tim", net.tz) == (
        "You met Tim Park on 1 Jun 2026 (job seekers' breakfast), introduced by Ann Lee."
        " You have been in touch 2 times (1 email, 1 meeting), most recently on 1 Jul 2026."
        " Tim has done you 1 favor and you have done 0 favors for Tim."
    )


def test_it_falls_back_to_the_first_recorded_contact() -> None:
    net = Net().person("tim", "Tim Park").call("2026-06-01T09:00", "tim")
    text = know(net.snapshot(), at("2026-11-05"), "tim", net.tz)
    assert text.startswith("Your first recorded contact with Tim Park was a call on 1 Jun 2026.")
    assert text.endswith("Neither of you has done the other a favor yet.")


def test_it_says_so_when_nothing_is_recorded() -> None:
    net = Net().person("tim", "Tim Park")
    assert know(net.snapshot(), at("2026-11-05"), "tim", net.tz) == (
        "You have no record of meeting Tim Park. You have no recorded contact with Tim Park."
        " Neither of you has done the other a favor yet."
    )


def test_it_uses_only_what_happened_by_as_of() -> None:
    net = Net().person("tim", "Tim Park").call("2026-06-01T09:00", "tim").call("2026-12-01", "tim")
    assert "1 call" in know(net.snapshot(), at("2026-11-05"), "tim", net.tz)
