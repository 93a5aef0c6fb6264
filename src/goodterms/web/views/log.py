"""Log: short forms for every kind of event.

Each form builds its journal line with the same builders as the CLI's logging
commands (`goodterms.store.events`) and stores it through the actions layer.
People are named as on the command line (an id or an unambiguous part of a
name), always within the signed-in user's own network.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from goodterms.engine.model import FAVOR_KINDS, INTERACTION_KINDS, THANKS_CHANNELS, UPDATE_STATUSES
from goodterms.errors import GoodtermsError
from goodterms.web.common import now, user_tz
from goodterms.web.views.today import in_user_zone

PEOPLE_LIST = 3000  # names offered for completion (typing any name still works)


def _choices(values: tuple[str, ...], blank: str | None = None) -> list[tuple[str, str]]:
    found = [(v, v.replace("_", " ")) for v in values]
    return [("", blank), *found] if blank is not None else found


def person_input(placeholder: str = "name or id") -> forms.TextInput:
    return forms.TextInput(attrs={"list": "people-list", "autocomplete": "off",
                                  "placeholder": placeholder})


SIZES = [("", "usual for its kind"), ("1", "1 · small"), ("2", "2"), ("3", "3"), ("4", "4"),
         ("5", "5 · huge")]


class EventForm(forms.Form):
    kind = ""
    title = ""
    at = forms.CharField(required=False, label="When",
                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                         help_text="Leave empty for now.")

    def __init__(self, *args: Any, owner: Any, tz: tzinfo, moment: datetime,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner, self.tz, self.moment = owner, tz, moment
        self.order_fields([name for name in self.fields if name != "at"] + ["at"])

    # ---- helpers for clean_*: names within the user's network, moments in their zone

    def person_in(self, name: str, *, me: bool = False) -> str | None:
        return self.resolve(self.cleaned_data.get(name) or "", me=me)

    def resolve(self, text: str, *, me: bool = False) -> str | None:
        text = text.strip()
        if not text:
            return None
        if me and text.lower() in ("me", "i", "myself"):
            return "me"
        from goodterms.store.queries import resolve_person

        try:
            return str(resolve_person(self.owner, text).ident)
        except GoodtermsError as exc:
            raise forms.ValidationError(str(exc).splitlines()[0]) from None

    def when(self, name: str = "at", end_of_day: bool = False) -> datetime | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        from goodterms.timeparse import TimeFormatError, parse_user_moment

        try:
            return parse_user_moment(text, self.tz, self.moment, end_of_day=end_of_day)
        except TimeFormatError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_at(self) -> datetime:
        return self.when() or self.moment

    def size_given(self) -> int | None:
        value = self.cleaned_data.get("size")
        return int(value) if value else None

    def build(self) -> dict[str, Any]:
        raise NotImplementedError

    def done(self) -> str:
        raise NotImplementedError


class InteractionForm(EventForm):
    kind = "interaction"
    title = "Contact"
    what = forms.ChoiceField(label="Kind", choices=_choices(INTERACTION_KINDS))
    people = forms.CharField(label="With", widget=person_input("names or ids, comma-separated"))
    summary = forms.CharField(required=False, label="What it was about")
    place = forms.CharField(required=False)
    direction = forms.ChoiceField(
        required=False, choices=[("", "usual (both for meetings and calls, out otherwise)"),
                                 ("out", "from me"), ("in", "from them"), ("both", "both")])
    initiated_by = forms.CharField(required=False, label="Who reached out",
                                   widget=person_input("me, or a name"))
    time_chosen_by = forms.CharField(required=False, label="Who picked the time",
                                     widget=person_input("me, or a name"))
    travel = forms.IntegerField(required=False, min_value=0, label="Their travel (minutes)")

    def clean_people(self) -> list[str]:
        parts = (self.cleaned_data.get("people") or "").split(",")
        found = [x for x in (self.resolve(part) for part in parts) if x]
        if not found:
            raise forms.ValidationError("Name at least one person.")
        return found

    def clean_initiated_by(self) -> str | None:
        return self.person_in("initiated_by", me=True)

    def clean_time_chosen_by(self) -> str | None:
        return self.person_in("time_chosen_by", me=True)

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.interaction(self.tz, d["at"], d["people"], d["what"],
                                  direction=d["direction"] or None,
                                  summary=d["summary"] or None, place=d["place"] or None,
                                  initiated_by=d["initiated_by"],
                                  time_chosen_by=d["time_chosen_by"], travel=d["travel"])

    def done(self) -> str:
        return f"{self.cleaned_data['what']} logged"


class FavorForm(EventForm):
    kind = "favor"
    title = "Favor"
    direction = forms.ChoiceField(choices=[("from", "they did me a favor"),
                                           ("to", "I did them a favor")], label="Which way")
    person = forms.CharField(label="Who", widget=person_input())
    what_kind = forms.ChoiceField(label="Kind", choices=_choices(FAVOR_KINDS))
    what = forms.CharField(required=False, label="What they (or you) did")
    size = forms.ChoiceField(required=False, choices=SIZES)
    refers_to = forms.CharField(required=False, label="The third person it points at",
                                widget=person_input("for an intro or referral"))

    def clean_person(self) -> str | None:
        return self.person_in("person")

    def clean_refers_to(self) -> str | None:
        return self.person_in("refers_to")

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.favor(self.owner, self.tz, d["direction"], d["person"], d["what_kind"],
                            d["at"], what=d["what"] or None, size=self.size_given(),
                            refers_to=d["refers_to"])

    def done(self) -> str:
        return "favor logged"


class RequestForm(EventForm):
    kind = "request"
    title = "Request"
    direction = forms.ChoiceField(choices=[("from", "they asked me"), ("to", "I asked them")],
                                  label="Which way")
    person = forms.CharField(label="Who", widget=person_input())
    what = forms.CharField(label="What was asked")
    size = forms.ChoiceField(required=False, choices=[
        ("", "usual (2)"), ("1", "1 · a quick question"), ("2", "2 · a call or coffee"),
        ("3", "3 · an introduction"), ("4", "4 · a referral"), ("5", "5 · a job, a reference")])
    due = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          help_text="By when it is owed (the end of that day).")

    def clean_person(self) -> str | None:
        return self.person_in("person")

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        due = None
        if d["due"]:
            from goodterms.timeparse import parse_user_moment

            due = parse_user_moment(d["due"].isoformat(), self.tz, self.moment, end_of_day=True)
        return events.request(self.owner, self.tz, d["direction"], d["person"], d["what"],
                              d["at"], size=self.size_given(), due=due)

    def done(self) -> str:
        return "request logged"


class RequestUpdateForm(EventForm):
    kind = "request_update"
    title = "Request outcome"
    request = forms.ChoiceField(label="Which request")
    status = forms.ChoiceField(choices=_choices(UPDATE_STATUSES), label="What happened")
    note = forms.CharField(required=False, label="A word on how it went")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from goodterms.store.events import FINISHED
        from goodterms.store.models import Request

        open_requests = (Request.objects.filter(owner=self.owner)
                         .exclude(updates__status__in=FINISHED)
                         .select_related("from_person", "to_person").order_by("-at")[:300])
        choices = []
        for r in open_requests:
            other = r.other.name if r.other else "?"
            way = f"from {other}" if r.from_person_id else f"to {other}"
            choices.append((r.ident, f"{r.what} ({way}, {r.at:%Y-%m-%d})"))
        field: Any = self.fields["request"]
        field.choices = choices

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.request_update(self.tz, d["request"], d["status"], d["at"],
                                     note=d["note"] or None)

    def done(self) -> str:
        return f"request {self.cleaned_data['status'].replace('_', ' ')}"


class ThanksForm(EventForm):
    kind = "thanks"
    title = "Thanks"
    direction = forms.ChoiceField(choices=[("to", "I thanked them"), ("from", "they thanked me")],
                                  label="Which way")
    person = forms.CharField(label="Who", widget=person_input())
    favor = forms.CharField(required=False, label="For which favor (its id)",
                            help_text="Leave empty for their oldest favor not yet thanked.")
    channel = forms.ChoiceField(required=False, choices=_choices(THANKS_CHANNELS, "not said"))

    def clean_person(self) -> str | None:
        return self.person_in("person")

    def clean_favor(self) -> str | None:
        from goodterms.store.models import Favor

        ident = (self.cleaned_data.get("favor") or "").strip()
        if not ident:
            return None
        if not Favor.objects.filter(owner=self.owner, ident=ident).exists():
            raise forms.ValidationError(f"There is no favor '{ident}' in your network.")
        return ident

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.thanks(self.tz, d["direction"], d["person"], d["at"], for_=d["favor"],
                             channel=d["channel"] or None)

    def done(self) -> str:
        return "thank-you logged"


class OfferForm(EventForm):
    kind = "offer"
    title = "Offer of help"
    direction = forms.ChoiceField(choices=[("to", "I offered them help"),
                                           ("from", "they offered me help")], label="Which way")
    person = forms.CharField(label="Who", widget=person_input())
    what = forms.CharField(required=False, label="What help")

    def clean_person(self) -> str | None:
        return self.person_in("person")

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.offer(self.tz, d["direction"], d["person"], d["at"], what=d["what"] or None)

    def done(self) -> str:
        return "offer logged"


class ShareForm(EventForm):
    kind = "share"
    title = "Contact passed on"
    contact = forms.CharField(label="Whose contact", widget=person_input())
    to = forms.CharField(label="Passed on to", widget=person_input())
    given_by = forms.CharField(required=False, label="Who gave you this contact",
                               widget=person_input())
    with_permission = forms.BooleanField(required=False,
                                         label="The giver agreed to it being passed on")

    def clean_contact(self) -> str | None:
        return self.person_in("contact")

    def clean_to(self) -> str | None:
        return self.person_in("to")

    def clean_given_by(self) -> str | None:
        return self.person_in("given_by")

    def build(self) -> dict[str, Any]:
        from goodterms.store import events

        d = self.cleaned_data
        return events.share(self.tz, d["contact"], d["to"], d["at"], given_by=d["given_by"],
                            with_permission=d["with_permission"])

    def done(self) -> str:
        return "contact passed on: logged"


FORMS: dict[str, type[EventForm]] = {f.kind: f for f in (
    InteractionForm, FavorForm, RequestForm, RequestUpdateForm, ThanksForm, OfferForm, ShareForm)}
PREFILL = {"interaction": "people", "favor": "person", "request": "person",
           "thanks": "person", "offer": "person", "share": "contact"}


def _safe_next(value: str) -> str | None:
    """A path on this site to go back to (never another site)."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return value
    return None


@require_http_methods(["GET", "POST"])
@in_user_zone
def log(request: HttpRequest) -> HttpResponse:
    from goodterms.store.models import Person

    tz = user_tz(request)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "interaction")
    if kind not in FORMS:
        kind = "interaction"
    form_class = FORMS[kind]
    owner: Any = request.user
    options: dict[str, Any] = {"owner": owner, "tz": tz, "moment": now(request)}
    if request.method == "POST":
        form = form_class(request.POST, **options)
        if form.is_valid():
            from goodterms.store.events import record

            try:
                line, state = record(request.user, tz, form.build())
            except GoodtermsError as exc:
                form.add_error(None, str(exc))
            else:
                said = "already logged" if state == "unchanged" else form.done()
                messages.success(request, f"{said[0].upper()}{said[1:]} [{line.id}].")
                back = _safe_next(request.POST.get("next", ""))
                return redirect(back or f"{request.path}?kind={kind}")
        status = 400
    else:
        initial = {}
        if request.GET.get("person") and kind in PREFILL:
            initial[PREFILL[kind]] = request.GET["person"]
        form = form_class(initial=initial, **options)
        status = 200
    people = Person.objects.filter(owner=owner).order_by("name").values_list(
        "ident", "name")[:PEOPLE_LIST]
    return render(request, "web/log.html", {
        "nav": "log", "form": form, "kind": kind,
        "kinds": [(k, f.title) for k, f in FORMS.items()],
        "people": people,
        "next": _safe_next(source.get("next", "")) or "",
    }, status=status)


urlpatterns: list[URLPattern] = [
    path("log/", log, name="log"),
]
