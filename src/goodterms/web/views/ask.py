"""Ask: the pre-flight check of an ask before making it.

The same check as `goodterms ask`: the ask (and a meeting that comes with it) is
added to the network as it stands now and only the rules about asks and meetings
look at it. Nothing is stored unless the user chooses "Check and record", which
records the ask as a request to the person, as `goodterms ask --record` does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from goodterms.web.common import now, user_config, user_tz

SIZES = (
    (1, "1 · a quick question"),
    (2, "2 · a call or coffee"),
    (3, "3 · an introduction"),
    (4, "4 · a referral"),
    (5, "5 · their best contacts, a reference, a job"),
)


class AskForm(forms.Form):
    person = forms.CharField(
        label="Whom you would ask", max_length=300,
        help_text="Their id or any part of their name that only they have.")
    what = forms.CharField(label="What you would ask for", max_length=500)
    size = forms.TypedChoiceField(label="How big an ask", choices=SIZES, coerce=int,
                                  initial=2)
    meeting = forms.BooleanField(label="It comes with a meeting: check that too",
                                 required=False)
    at = forms.CharField(
        label="When the meeting would be", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty for now.")
    time_chosen_by = forms.ChoiceField(
        label="Who picks the time", required=False,
        choices=(("", "not decided"), ("me", "me"), ("them", "they do")))
    travel = forms.IntegerField(label="How long they would travel to you (minutes)",
                                required=False, min_value=0, max_value=24 * 60)
    place = forms.CharField(label="Where you would meet", required=False, max_length=500)

    def __init__(self, *args: Any, owner: Any = None, request: HttpRequest | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.request = request
        self.found: Any = None
        self.moment: Any = None

    def clean_person(self) -> str:
        from goodterms.errors import GoodtermsError
        from goodterms.store.queries import resolve_person

        text: str = self.cleaned_data["person"]
        try:
            # Looked up among the signed-in user's people only.
            self.found = resolve_person(self.owner, text)
        except GoodtermsError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text

    def clean_at(self) -> str:
        from goodterms.timeparse import TimeFormatError, parse_user_moment

        text: str = self.cleaned_data.get("at") or ""
        assert self.request is not None
        if not text.strip():
            self.moment = now(self.request)
            return text
        try:
            self.moment = parse_user_moment(text, user_tz(self.request), now(self.request))
        except TimeFormatError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text


def preflight(request: HttpRequest, form: AskForm) -> list[Any]:
    """The findings the planned ask would raise: `goodterms ask`'s check."""
    from goodterms.engine import Interaction, preflight_ask
    from goodterms.home import home_dir
    from goodterms.store.findings import load_templates
    from goodterms.store.snapshot import build_snapshot

    data = form.cleaned_data
    person = form.found
    tz, moment = user_tz(request), now(request)
    planned = None
    if data["meeting"]:
        chosen = {"me": "me", "them": person.ident}.get(data.get("time_chosen_by") or "")
        planned = Interaction("planned-meeting", form.moment, (person.ident,), "meeting",
                              "both", data["what"], data.get("place") or "", "me", chosen,
                              data.get("travel"))
    snapshot = build_snapshot(request.user, until=moment)
    findings: list[Any] = preflight_ask(
        snapshot, moment, tz=tz, person=person.ident, what=data["what"], size=data["size"],
        meeting=planned, settings=user_config(request).rule_settings(),
        templates=load_templates(home_dir()))
    return findings


def record(request: HttpRequest, form: AskForm) -> str:
    """Record the ask as a request from me to the person; returns its id."""
    from goodterms.journal import check_object
    from goodterms.naming import slug
    from goodterms.store.actions import import_one
    from goodterms.store.queries import free_ident

    owner, tz, moment = request.user, user_tz(request), now(request)
    person = form.found
    ident = free_ident(owner, "-".join((slug(person.ident), "request",
                                        moment.date().isoformat())))
    line = check_object({"type": "request", "id": ident,
                         "at": moment.astimezone(tz).isoformat(timespec="seconds"),
                         "from": "me", "to": person.ident, "what": form.cleaned_data["what"],
                         "size": form.cleaned_data["size"]}, tz)
    import_one(owner, line)
    return ident


def ask(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "ask"}
    if request.method == "POST":
        form = AskForm(request.POST, owner=request.user, request=request)
        if form.is_valid():
            context["findings"] = preflight(request, form)
            context["person"] = form.found
            context["checked"] = True
            if request.POST.get("record"):
                context["recorded"] = record(request, form)
    else:
        initial = {"person": request.GET.get("person", "")}
        form = AskForm(initial=initial, owner=request.user, request=request)
    context["form"] = form
    template = "web/ask_panel.html" if request.headers.get("HX-Request") else "web/ask.html"
    status = 422 if request.method == "POST" and form.errors else 200
    if status == 422 and request.headers.get("HX-Request"):
        status = 200  # htmx swaps only successful responses
    return render(request, template, context, status=status)


urlpatterns: list[URLPattern] = [
    path("ask/", ask, name="ask"),
]
