"""Review: mail detections waiting for a decision.

The same queue and the same `store.actions.decide` as `goodterms review`: accept
records the proposed journal line (its text perhaps edited first), reject drops
it. A detection is looked up among the signed-in user's own only: another user's
number is a 404 and changes nothing. Each decision replaces its card in place
with htmx, or, without JavaScript, comes back to the page with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from goodterms.web.common import user_tz

EDITABLE = "what"  # the field `goodterms review` lets you edit (thanks have none)


def _items(owner: Any, detections: list[Any], tz: Any) -> list[dict[str, Any]]:
    """What each card shows; the people's names come in one query for the page."""
    from goodterms.store.models import Person

    idents = {d.proposal.get(side) for d in detections for side in ("from", "to")}
    idents.discard("me")
    idents.discard(None)
    names = dict(Person.objects.filter(owner=owner, ident__in=idents)
                 .values_list("ident", "name"))

    def who(ident: str | None) -> str:
        if ident == "me":
            return "you"
        return names.get(ident or "", ident or "someone")

    items = []
    for d in detections:
        p = d.proposal
        kind = p.get("type", "?") + (f" ({p['kind'].replace('_', ' ')})" if p.get("kind") else "")
        items.append({
            "detection": d, "at": d.at.astimezone(tz), "kind": kind,
            "from": who(p.get("from")), "to": who(p.get("to")),
            "what": p.get(EDITABLE, ""), "editable": p.get("type") != "thanks",
            "confidence": round(d.confidence * 100),
        })
    return items


def review(request: HttpRequest) -> HttpResponse:
    from goodterms.store.models import Detection

    owner: Any = request.user
    pending = Detection.objects.filter(owner=owner, status="pending")
    waiting = list(pending.order_by("at", "pk")[:200])
    total = pending.count()
    return render(request, "web/review.html", {
        "nav": "review", "items": _items(owner, waiting, user_tz(request)),
        "total": total, "shown": len(waiting),
    })


@require_POST
def decide_one(request: HttpRequest, number: int) -> HttpResponse:
    from goodterms.errors import NotFound, UsageError
    from goodterms.store.actions import decide
    from goodterms.store.models import Detection

    owner: Any = request.user
    found = Detection.objects.filter(owner=owner, pk=number).first()
    if found is None:
        raise Http404("no such detection")
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject", "edit"):
        return HttpResponse("Choose accept, edit or reject.", status=400)
    proposal = None
    text = request.POST.get(EDITABLE, "").strip()
    editable = found.proposal.get("type") != "thanks"
    if decision == "edit" and (not editable or not text):
        return _answer(request, found, error="Give the text to record.", status=400)
    if decision != "reject" and editable and text and text != found.proposal.get(EDITABLE):
        proposal = {**found.proposal, EDITABLE: text}  # edited, then accepted
    try:
        done = decide(owner, number, decision != "reject", user_tz(request), proposal)
    except NotFound:
        raise Http404("no such detection") from None
    except UsageError as exc:
        return _answer(request, found, error=str(exc), status=409)
    return _answer(request, done)


def _answer(request: HttpRequest, detection: Any, error: str = "",
            status: int = 200) -> HttpResponse:
    if request.headers.get("HX-Request"):
        item = _items(request.user, [detection], user_tz(request))[0]
        # htmx swaps 2xx answers only: an error is shown in the card, with a 200.
        return render(request, "web/review_item.html", {"item": item, "error": error})
    if error:
        messages.error(request, f"#{detection.pk}: {error}")
    elif detection.status == "accepted":
        messages.success(request, f"#{detection.pk} accepted and recorded.")
    else:
        messages.success(request, f"#{detection.pk} rejected.")
    return redirect("web:review")


urlpatterns: list[URLPattern] = [
    path("review/", review, name="review"),
    path("review/<int:number>/", decide_one, name="review-decide"),
]
