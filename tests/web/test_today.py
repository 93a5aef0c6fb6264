"""Today: the check's findings with one-click actions, snooze and dismiss."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from goodterms.store import models as m
from goodterms.store.findings import code_for
from goodterms.web.views.today import action_parts
from tests.helpers import goodterms
from tests.web.core import client_for, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


def cards(html: str) -> dict[str, str]:
    """code -> the card's HTML."""
    return dict(re.findall(r'<article class="card finding [a-z]+" id="f-(\w+)".*?>(.*?)</article>',
                           html, re.S))


def test_today_shows_the_findings_grouped_as_the_check_does(ana):
    html = client_for(ana).get(reverse("web:today")).content.decode()
    cli = goodterms(["--user", "ana", "check"]).out
    cli_codes = re.findall(r"code (\w{6})", cli)
    web_codes = re.findall(r'id="f-(\w{6})"', html)
    assert web_codes == cli_codes and len(cli_codes) >= 3
    for title in ("Overdue", "Due"):
        count = re.search(rf"{title} \((\d+)\)", cli)
        assert count and f">{title} ({count.group(1)})</h2>" in html
    assert html.index(">Overdue (") < html.index(">Due (")
    assert "Give first" in html


def test_each_draft_is_ready_to_copy(ana):
    html = client_for(ana).get(reverse("web:today")).content.decode()
    thank_you = cards(html)[code_for("no-thank-you", "tim", "tim-referral")]
    draft = re.search(r'<pre class="draft" id="([\w-]+)">(.*?)</pre>', thank_you, re.S)
    assert draft and draft.group(2).startswith("Hi Tim, thank you")
    assert f'data-copy="{draft.group(1)}"' in thank_you
    assert "/static/web/copy.js" in html


def test_the_action_text_is_cut_into_prose_and_drafts():
    assert action_parts('Answer Dana today: do it. To reply: "Hi Dana, yes." To decline: '
                        '"Hi Dana, sorry, no."') == [
        ("text", "Answer Dana today: do it. To reply:"), ("draft", "Hi Dana, yes."),
        ("text", "To decline:"), ("draft", "Hi Dana, sorry, no.")]
    assert action_parts('Send Ben a thank-you: "Hi Ben, thanks." It was a big favor.') == [
        ("text", "Send Ben a thank-you:"), ("draft", "Hi Ben, thanks."),
        ("text", "It was a big favor.")]
    assert action_parts("Give Tim a rest.") == [("text", "Give Tim a rest.")]


def test_the_whole_flow_log_a_favor_then_thank_and_it_goes():
    user = make_user("ana")
    client = client_for(user)
    goodterms('--user ana add "Ben Carter" --id ben')
    logged = client.post(reverse("web:log"), {
        "kind": "favor", "direction": "from", "person": "ben", "what_kind": "job_lead",
        "what": "sent me the platform role at Soylent", "at": "2026-11-19T10:00"})
    assert logged.status_code == 302
    favor = m.Favor.objects.get(owner=user)
    code = code_for("no-thank-you", "ben", favor.ident)
    page = client.get(reverse("web:today")).content.decode()
    assert code in cards(page)
    assert "You have not thanked Ben Carter" in cards(page)[code]
    done = client.post(reverse("web:finding_action", args=[code, "thanked"]))
    assert done.status_code == 302 and done["Location"] == reverse("web:today")
    thanks = m.Thanks.objects.get(owner=user)
    assert (thanks.to_person.ident, thanks.from_person, thanks.favor) == ("ben", None, favor)
    after = client.get(reverse("web:today")).content.decode()
    assert code not in cards(after)
    assert "Recorded: thank-you to Ben Carter." in after


def test_with_htmx_the_card_is_replaced_in_place(ana):
    client = client_for(ana)
    code = code_for("ignored-request", "dana", "dana-feedback")
    assert code in cards(client.get(reverse("web:today")).content.decode())
    response = client.post(reverse("web:finding_action", args=[code, "request_done"]),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<article class="card done" id="f-{code}" role="status">')
    assert "Recorded: request done." in html
    update = m.RequestUpdate.objects.get(owner=ana)
    assert (update.request.ident, update.status) == ("dana-feedback", "done")
    assert code not in cards(client.get(reverse("web:today")).content.decode())


def test_declining_a_request_records_a_clear_no(ana):
    code = code_for("ignored-request", "dana", "dana-feedback")
    client_for(ana).post(reverse("web:finding_action", args=[code, "request_declined"]))
    assert m.RequestUpdate.objects.get(owner=ana).status == "declined"


def test_followed_up_on_a_referral_writes_to_the_person_it_points_at(ana):
    code = code_for("no-follow-up", "tim", "tim-referral", "act")
    client = client_for(ana)
    assert "Followed up" in cards(client.get(reverse("web:today")).content.decode())[code]
    client.post(reverse("web:finding_action", args=[code, "followed_up"]))
    message = m.Interaction.objects.get(owner=ana, kind="message")
    assert [p.ident for p in message.people.all()] == ["dana"]
    assert message.direction == "out"
    assert code not in cards(client.get(reverse("web:today")).content.decode())


def test_offered_help_records_an_offer(ana):
    client = client_for(ana)
    html = client.get(reverse("web:today")).content.decode()
    code = next(c for c, card in cards(html).items() if "Offered help" in card)
    client.post(reverse("web:finding_action", args=[code, "offered_help"]))
    offer = m.Offer.objects.get(owner=ana)
    assert offer.from_person is None and offer.to_person is not None


def test_snooze_and_dismiss_quiet_a_finding_as_the_cli_does(ana):
    client = client_for(ana)
    thank = code_for("no-thank-you", "tim", "tim-referral")
    ask = code_for("ignored-request", "dana", "dana-feedback")
    snoozed = client.post(reverse("web:snooze", args=[thank]), {"days": "3"})
    assert snoozed.status_code == 302
    mute = m.Mute.objects.get(owner=ana, rule="no-thank-you")
    assert mute.until.isoformat() == "2026-11-23T00:00:00+00:00"
    dismissed = client.post(reverse("web:dismiss", args=[ask]), {"reason": "talked by phone"},
                            HTTP_HX_REQUEST="true")
    assert "Dismissed:" in dismissed.content.decode()
    assert m.Mute.objects.get(owner=ana, rule="ignored-request").reason == "talked by phone"
    html = client.get(reverse("web:today")).content.decode()
    assert thank not in cards(html) and ask not in cards(html)
    assert "2 snoozed or dismissed" in html
    cli = goodterms(["--user", "ana", "check"]).out
    assert thank not in cli and ask not in cli


def test_an_unknown_code_or_action_or_a_get_changes_nothing(ana):
    client = client_for(ana)
    thank = code_for("no-thank-you", "tim", "tim-referral")
    assert client.post(reverse("web:finding_action", args=["abcdef", "thanked"])).status_code \
        == 404
    assert client.post(reverse("web:finding_action", args=[thank, "explode"])).status_code == 404
    # An action that does not fit the finding: "request done" on a thank-you.
    assert client.post(reverse("web:finding_action",
                               args=[thank, "request_done"])).status_code == 404
    assert client.get(reverse("web:finding_action", args=[thank, "thanked"])).status_code == 405
    assert client.get(reverse("web:snooze", args=[thank])).status_code == 405
    assert not m.Thanks.objects.exists() and not m.RequestUpdate.objects.exists()
    assert not m.Mute.objects.exists()


def test_an_empty_network_has_nothing_to_do():
    html = client_for(make_user("ana")).get(reverse("web:today")).content.decode()
    assert "Nothing to do: you are on good terms with everyone." in html


def test_an_action_from_the_person_page_goes_back_there(ana):
    code = code_for("no-thank-you", "tim", "tim-referral")
    response = client_for(ana).post(reverse("web:finding_action", args=[code, "thanked"]),
                                     {"next": "/people/tim/"})
    assert response["Location"] == "/people/tim/"
    ask = code_for("ignored-request", "dana", "dana-feedback")
    for evil in ("//evil.example.org/", "/\\evil.example.org/", "https://evil.example.org/"):
        response = client_for(ana).post(reverse("web:snooze", args=[ask]), {"next": evil})
        assert response["Location"] == reverse("web:today")


def test_a_long_section_shows_its_first_twenty_and_a_link_to_all():
    from goodterms.web.views.today import PER_SECTION
    from tests.web.core import store

    user = make_user("ana")
    store(user, [{"type": "person", "id": f"p{n}", "name": f"Person {n}"} for n in range(60)]
          + [{"type": "favor", "id": f"f{n}", "at": "2026-11-10T10:00:00+00:00",
              "from": f"p{n}", "to": "me", "kind": "advice"} for n in range(60)])
    client = client_for(user)
    html = client.get(reverse("web:today")).content.decode()
    overdue = re.search(r">Overdue \((\d+)\)</h2>", html)
    assert overdue and int(overdue.group(1)) >= 60
    assert PER_SECTION == 20
    assert html.count('class="card finding overdue"') == PER_SECTION
    assert f'<a href="/?all=1#h-overdue">Show all {overdue.group(1)}</a>' in html
    everything = client.get(reverse("web:today"), {"all": "1"}).content.decode()
    assert everything.count('class="card finding overdue"') == int(overdue.group(1))


def test_times_are_in_the_users_time_zone(ana):
    goodterms(["--user", "ana", "config", "set", "timezone", "Europe/Paris"])
    client = client_for(ana)
    html = client.get(reverse("web:today")).content.decode()
    assert "Friday 20 November 2026, 09:00 (Europe/Paris)" in html  # GOODTERMS_NOW is local
    # The coffee was at 09:00 UTC on 21 October: 11:00 in Paris (summer time).
    person = client.get(reverse("web:person", args=["tim"])).content.decode()
    assert "2026-10-21 11:00</time> <strong>meeting</strong>" in person


def test_every_control_of_the_pages_has_a_label_and_ids_are_unique(ana):
    client = client_for(ana)
    for url in (reverse("web:today"), reverse("web:people"), reverse("web:person", args=["tim"]),
                reverse("web:log"), reverse("web:password")):
        html = client.get(url).content.decode()
        controls = re.findall(r'<(?:input|select|textarea)\b[^>]*>', html)
        ids = []
        for control in controls:
            if 'type="hidden"' in control:
                continue
            ident = re.search(r' id="([^"]+)"', control)
            assert ident, (url, control)
            ids.append(ident.group(1))
            assert f'<label for="{ident.group(1)}"' in html or \
                f'<label class="sr-only" for="{ident.group(1)}"' in html, (url, control)
        assert len(ids) == len(set(ids)), url
        assert '<main id="main">' in html and 'href="#main"' in html
