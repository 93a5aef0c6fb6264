"""The JSON API: people, journal events, findings, the ask pre-flight, journal in and out.

Every request carries `Authorization: Bearer <token>` (`goodterms token create`);
everything it reads or changes belongs to that token's owner, and an id of anyone
else's data is simply not found. Writes go through the same actions as the CLI
(`goodterms.store.actions`): a person or an event is a journal object, checked by
`goodterms.journal.check_object` and stored by `import_one`, exactly like a line
of an imported journal. Every error has one shape:

    {"error": {"code": "not_found", "message": "…", "details": […]}}
"""

from __future__ import annotations

import heapq
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.params.functions import Query
from ninja.security import HttpBearer

from goodterms import __version__
from goodterms.api.schemas import (
    EVENT_KINDS,
    AskIn,
    AskOut,
    ErrorOut,
    EventIn,
    EventKind,
    EventsPage,
    FindingsOut,
    ImportOut,
    PeoplePage,
    Person,
    PersonIn,
    PersonUpdate,
)
from goodterms.errors import (
    Ambiguous,
    BadInput,
    ConfigError,
    DatabaseError,
    GoodtermsError,
    JournalRefused,
    NotFound,
    UsageError,
)
from goodterms.journal import Line, LineError

log = logging.getLogger("goodterms.api")

STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "too_many_requests", 500: "server_error", 503: "unavailable",
}
MAX_PAGE = 500
MAX_OFFSET = 10_000_000


def status(code: int, body: Any) -> Any:
    """A response with another status than the operation's first (ninja's `Status` where
    it has one; a (code, body) tuple in older versions)."""
    try:
        from ninja import Status  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return code, body
    return Status(code, body)


class ApiError(Exception):
    """An error the API answers with its status, code, message and details."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.details = details or []


def error_response(status: int, message: str, *, code: str | None = None,
                   details: list[Any] | None = None) -> JsonResponse:
    body = {"error": {"code": code or STATUS_CODES.get(status, "error"), "message": message,
                      "details": details or []}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="goodterms"'
    return response


# Error responses as the OpenAPI schema shows them.
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ErrorOut}


# ---------------------------------------------------------------- auth and context

class BearerToken(HttpBearer):
    """`Authorization: Bearer gt_…`: the token's owner, or None (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from goodterms.api.access import token_owner

        return token_owner(token.strip())


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's files in the installed package, never from a CDN.

    ninja renders its own templates only when it is an installed app, and takes the
    page from a CDN otherwise; goodterms leaves it out of INSTALLED_APPS, so that
    starting does not import it, and finds its templates and static files itself
    (settings.NINJA_FILES)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
                    ) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                   "add_csrf": False}  # the API takes a bearer token, never a cookie
        return render(request, self.template, context)


api = NinjaAPI(
    title="goodterms API",
    version=__version__,
    description="Your network as JSON: people, journal events, findings, the ask pre-flight "
                "and the journal itself. Authenticate with `Authorization: Bearer <token>` "
                "(`goodterms token create NAME`). Every error is "
                '`{"error": {"code", "message", "details"}}`.',
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(),
    auth=BearerToken(),
)


@dataclass
class Ctx:
    """The token owner's world for one request: their settings, zone and clock."""

    owner: Any

    @cached_property
    def config(self) -> Any:
        from goodterms.plugins import rule_defaults
        from goodterms.store.actions import load_settings

        return load_settings(self.owner, rule_defaults())

    @property
    def tz(self) -> ZoneInfo:
        tz: ZoneInfo = self.config.tz
        return tz

    def now(self) -> datetime:
        """This moment in the user's zone (GOODTERMS_NOW fixes it, as for the CLI)."""
        fixed = os.environ.get("GOODTERMS_NOW")
        if fixed:
            from goodterms.timeparse import parse_moment

            return parse_moment(fixed, self.tz)
        return datetime.now(UTC).astimezone(self.tz)

    def moment(self, text: str | None, name: str, *, end_of_day: bool = False) -> datetime:
        """A moment given as a parameter: ISO 8601, `now`, `today`, `yesterday`, `tomorrow`."""
        from goodterms.timeparse import TimeFormatError, parse_user_moment

        if text is None:
            return self.now()
        try:
            moment = parse_user_moment(text, self.tz, self.now(), end_of_day=end_of_day)
            moment.astimezone(UTC)
        except TimeFormatError as exc:
            raise ApiError(422, f"{name}: {exc}", details=[{"loc": [name], "message": str(exc)}]
                           ) from None
        except (OverflowError, ValueError):
            raise ApiError(422, f"{name}: '{text}' is out of range") from None
        return moment


def ctx(request: HttpRequest) -> Ctx:
    found = getattr(request, "_goodterms_ctx", None)
    if found is None:
        found = Ctx(request.auth)  # type: ignore[attr-defined]
        request._goodterms_ctx = found  # type: ignore[attr-defined]
    return found


# ---------------------------------------------------------------- errors: one shape

def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": [str(x) for x in e.get("loc", ())], "message": str(e.get("msg", "")),
             "type": str(e.get("type", ""))} for e in errors]


@api.exception_handler(ValidationError)
def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = _validation_details(exc.errors)
    where = ".".join(details[0]["loc"]) if details else ""
    message = str(details[0]["message"]) if details else "invalid request"
    return error_response(422, f"{where}: {message}" if where else message, details=details)


@api.exception_handler(AuthenticationError)
def _on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "a valid API token is needed: send 'Authorization: Bearer "
                               "<token>' (create one with 'goodterms token create NAME')")


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, str(exc) or STATUS_CODES.get(exc.status_code, ""))


@api.exception_handler(ApiError)
def _on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.message, code=exc.code, details=exc.details)


@api.exception_handler(Http404)
def _on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, str(exc) or "not found")


@api.exception_handler(GoodtermsError)
def _on_goodterms_error(request: HttpRequest, exc: GoodtermsError) -> HttpResponse:
    if isinstance(exc, JournalRefused):
        details = [{"line": n, "reason": why} for n, why in exc.problems]
        count = len(details)
        return error_response(422, f"the journal was refused, nothing was imported ({count} "
                                   f"bad line{'s' if count != 1 else ''})",
                              code="journal_refused", details=details)
    if isinstance(exc, NotFound):
        return error_response(404, exc.message)
    if isinstance(exc, Ambiguous):
        return error_response(409, exc.message.splitlines()[0], code="ambiguous",
                              details=exc.candidates)
    if isinstance(exc, BadInput):
        return error_response(422, exc.message)
    if isinstance(exc, UsageError):
        return error_response(400, exc.message)
    if isinstance(exc, DatabaseError):
        log.error("database unavailable: %s", exc.message)
        return error_response(503, "the database cannot be reached; try again later")
    if isinstance(exc, ConfigError):
        log.error("configuration error: %s", exc.message)
        return error_response(500, "the server's configuration is wrong", code="config_error")
    return error_response(400, exc.message)


@api.exception_handler(Exception)
def _on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    from goodterms.store.setup import database_busy

    if database_busy(exc):
        response = error_response(503, "the database is busy (an import is running); "
                                       "try again in a moment")
        response["Retry-After"] = "30"
        return response
    log.exception("API error on %s %s", request.method, request.path)
    return error_response(500, "something went wrong on the server")


# ---------------------------------------------------------------- storing journal objects

def check_body(obj: dict[str, Any], tz: ZoneInfo) -> Line:
    """A journal object from a request, checked as an imported line would be."""
    from goodterms.journal import check_object, refuse_nul

    try:
        refuse_nul(obj)
        line = check_object(obj, tz)
    except LineError as exc:
        raise ApiError(422, str(exc)) from None
    except (OverflowError, ValueError) as exc:
        raise ApiError(422, f"a value is out of range: {exc}") from None
    return line


def store(owner: Any, line: Line) -> str:
    """Store one checked line; 'new', 'updated' or 'unchanged'. What the database
    cannot hold (store.rows.unstorable) is refused there, as for any writer."""
    from goodterms.store.actions import import_one

    try:
        summary = import_one(owner, line)
    except JournalRefused as exc:
        reason = exc.problems[0][1] if exc.problems else exc.message
        raise ApiError(422, reason, details=[why for _n, why in exc.problems]) from None
    count = summary.count(line.type)
    return "new" if count.new else "updated" if count.updated else "unchanged"


def body_object(body: Any, kind: str) -> dict[str, Any]:
    obj: dict[str, Any] = body.model_dump(by_alias=True, exclude_unset=True)
    obj["type"] = kind
    return obj


def journal_object(owner: Any, kind: str, ident: str, tz: ZoneInfo) -> dict[str, Any]:
    from goodterms.journal import line_to_object
    from goodterms.store.rows import stored_line

    line = stored_line(owner, kind, ident)
    if line is None:
        raise ApiError(404, f"nothing is stored with the id '{ident}'")
    return line_to_object(line, tz)


def kind_of(owner: Any, ident: str) -> str | None:
    from goodterms.store.queries import kind_of as stored_kind

    return stored_kind(owner, ident)


# ---------------------------------------------------------------- people

@api.get("/people", response={200: PeoplePage, **ERRORS}, by_alias=True, exclude_unset=True,
         tags=["people"], summary="List people")
def list_people(request: HttpRequest, search: str | None = None,
                limit: int = Query(50, ge=1, le=MAX_PAGE),
                offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> Any:
    """People in your network by name, then id. `search` keeps those whose name, id,
    organisation, title or label contains every word of it."""
    from goodterms.journal import line_to_object
    from goodterms.store import models as m
    from goodterms.store.rows import stored_line

    c = ctx(request)
    people = m.Person.objects.filter(owner=c.owner)
    for word in (search or "").split():
        people = people.filter(Q(name__icontains=word) | Q(ident__icontains=word)
                               | Q(org__icontains=word) | Q(label__icontains=word)
                               | Q(title__icontains=word))
    count = people.count()
    idents = list(people.order_by("name", "ident").values_list("ident", flat=True)
                  [offset:offset + limit])
    items = []
    for ident in idents:
        line = stored_line(c.owner, "person", ident)
        if line is not None:
            items.append(line_to_object(line, c.tz))
    return {"count": count, "items": items}


@api.post("/people", response={201: Person, **WRITE_ERRORS}, by_alias=True, exclude_unset=True,
          tags=["people"], summary="Add a person")
def create_person(request: HttpRequest, body: PersonIn) -> Any:
    """Adds a person. Without `id`, one is made from the name (`Tim Park` → `tim-park`,
    or `tim-park-2` if that is taken)."""
    from goodterms.naming import slug
    from goodterms.store.queries import free_ident

    c = ctx(request)
    obj = body_object(body, "person")
    ident = obj.get("id")
    if ident is None:
        obj["id"] = free_ident(c.owner, slug(str(obj.get("name", ""))) or "person")
    elif kind_of(c.owner, ident):
        raise ApiError(409, f"the id '{ident}' is already used")
    line = check_body(obj, c.tz)
    store(c.owner, line)
    return status(201, journal_object(c.owner, "person", line.id, c.tz))


def _person_ident(owner: Any, ident: str) -> str:
    if kind_of(owner, ident) != "person":
        raise ApiError(404, f"no person with the id '{ident}'")
    return ident


@api.get("/people/{ident}", response={200: Person, **ERRORS}, by_alias=True,
         exclude_unset=True, tags=["people"], summary="Get a person")
def get_person(request: HttpRequest, ident: str) -> Any:
    c = ctx(request)
    return journal_object(c.owner, "person", _person_ident(c.owner, ident), c.tz)


@api.put("/people/{ident}", response={200: Person, **WRITE_ERRORS}, by_alias=True,
         exclude_unset=True, tags=["people"], summary="Replace a person")
def update_person(request: HttpRequest, ident: str, body: PersonUpdate) -> Any:
    """Replaces what is known about a person: fields left out are forgotten (the id
    and the history stay)."""
    c = ctx(request)
    _person_ident(c.owner, ident)
    obj = body_object(body, "person")
    if obj.get("id", ident) != ident:
        raise ApiError(422, f"the body's id '{obj['id']}' is not the id of the URL '{ident}'")
    obj["id"] = ident
    line = check_body(obj, c.tz)
    store(c.owner, line)
    return journal_object(c.owner, "person", ident, c.tz)


@api.delete("/people/{ident}", response={204: None, **ERRORS}, tags=["people"],
            summary="Forget a person")
def delete_person(request: HttpRequest, ident: str) -> Any:
    """Forgets a person with their history (meetings with them alone, favors,
    requests, thanks, offers and shares); group meetings stay, without them."""
    from goodterms.store.actions import delete_record

    c = ctx(request)
    delete_record(c.owner, _person_ident(c.owner, ident))
    return status(204, None)


# ---------------------------------------------------------------- events

def _involving(kind: str, person: Any) -> Q:
    if kind == "interaction":
        return Q(people=person)
    if kind == "share":
        return Q(contact=person) | Q(to=person) | Q(given_by=person)
    if kind == "request_update":
        return Q(request__from_person=person) | Q(request__to_person=person)
    q = Q(from_person=person) | Q(to_person=person)
    return q | Q(refers_to=person) if kind == "favor" else q


@api.get("/events", response={200: EventsPage, **ERRORS}, by_alias=True, exclude_unset=True,
         tags=["events"], summary="List events")
def list_events(request: HttpRequest, kind: EventKind | None = None,
                person: str | None = None, limit: int = Query(50, ge=1, le=MAX_PAGE),
                offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> Any:
    """Journal events, oldest first: all kinds, or one `kind`; all people, or those
    that involve one `person` (an id)."""
    from goodterms.store import models as m

    c = ctx(request)
    kinds = [kind] if kind else list(EVENT_KINDS)
    who = None
    if person is not None:
        who = m.Person.objects.filter(owner=c.owner, ident=person).first()
        if who is None:
            raise ApiError(404, f"no person with the id '{person}'")
    count = 0
    heads: list[list[tuple[datetime, str, str]]] = []
    for k in kinds:
        qs: Any = m.EVENT_MODELS[k]._default_manager.filter(owner=c.owner)
        if who is not None:
            qs = qs.filter(_involving(k, who)).distinct()
        count += qs.count()
        rows = qs.order_by("at", "ident").values_list("at", "ident")[:offset + limit]
        heads.append([(at, ident, k) for at, ident in rows])
    merged = list(heapq.merge(*heads))[offset:offset + limit]
    items = [journal_object(c.owner, k, ident, c.tz) for _at, ident, k in merged]
    return {"count": count, "items": items}


def _event_kind(owner: Any, ident: str) -> str:
    kind = kind_of(owner, ident)
    if kind not in EVENT_KINDS:
        raise ApiError(404, f"no event with the id '{ident}'")
    assert kind is not None
    return kind


@api.post("/events", response={200: EventIn, 201: EventIn, **WRITE_ERRORS}, by_alias=True,
          exclude_unset=True, tags=["events"], summary="Record an event")
def create_event(request: HttpRequest, body: EventIn) -> Any:
    """Records one journal event (its `type` says which). It is checked and stored
    exactly like a line of an imported journal. Without `id`, one is derived from the
    content: the same event sent again is stored once (200 instead of 201)."""
    c = ctx(request)
    obj = body_object(body, body.type)
    ident = obj.get("id")
    if ident is not None and kind_of(c.owner, ident):
        raise ApiError(409, f"the id '{ident}' is already used")
    line = check_body(obj, c.tz)
    state = store(c.owner, line)
    return status(201 if state == "new" else 200,
                  journal_object(c.owner, line.type, line.id, c.tz))


@api.get("/events/{ident}", response={200: EventIn, **ERRORS}, by_alias=True,
         exclude_unset=True, tags=["events"], summary="Get an event")
def get_event(request: HttpRequest, ident: str) -> Any:
    c = ctx(request)
    return journal_object(c.owner, _event_kind(c.owner, ident), ident, c.tz)


@api.put("/events/{ident}", response={200: EventIn, **WRITE_ERRORS}, by_alias=True,
         exclude_unset=True, tags=["events"], summary="Replace an event")
def update_event(request: HttpRequest, ident: str, body: EventIn) -> Any:
    """Replaces a stored event with the body, keeping its id; its `type` must stay."""
    c = ctx(request)
    kind = _event_kind(c.owner, ident)
    if body.type != kind:
        raise ApiError(409, f"'{ident}' is a {kind}; it cannot become a {body.type}")
    obj = body_object(body, kind)
    if obj.get("id", ident) != ident:
        raise ApiError(422, f"the body's id '{obj['id']}' is not the id of the URL '{ident}'")
    obj["id"] = ident
    line = check_body(obj, c.tz)
    store(c.owner, line)
    return journal_object(c.owner, kind, ident, c.tz)


@api.delete("/events/{ident}", response={204: None, **ERRORS}, tags=["events"],
            summary="Delete an event")
def delete_event(request: HttpRequest, ident: str) -> Any:
    from goodterms.store.actions import delete_record

    c = ctx(request)
    _event_kind(c.owner, ident)
    delete_record(c.owner, ident)
    return status(204, None)


# ---------------------------------------------------------------- findings and asks

def _finding_json(finding: Any, tz: ZoneInfo) -> dict[str, Any]:
    from goodterms.cli.checking import finding_json

    return finding_json(finding, SimpleNamespace(tz=tz))  # type: ignore[arg-type]


def _resolve(owner: Any, person: str) -> Any:
    from goodterms.store.queries import resolve_person

    return resolve_person(owner, person)


@api.get("/findings", response={200: FindingsOut, **ERRORS, 409: ErrorOut}, tags=["findings"],
         summary="Today's findings")
def findings(request: HttpRequest, as_of: str | None = None, person: str | None = None,
             include_muted: bool = Query(False, alias="all")) -> Any:
    """What `goodterms check --format json` says, in the same shape: `as_of` (a date,
    a date-time, `now`, `today`…; default now, to the minute), `person` (an id or a name: only their
    findings), `all` (also the snoozed and dismissed ones)."""
    from goodterms.store.findings import check_for_user

    c = ctx(request)
    # "Now" to the minute: the same request within a minute is answered from memory
    # (until the network or the settings change).
    moment = c.moment(as_of, "as_of") if as_of else c.now().replace(second=0, microsecond=0)
    person_id = _resolve(c.owner, person).ident if person else None
    checked = check_for_user(c.owner, c.config, moment, person=person_id,
                             include_muted=include_muted)
    for error in checked.errors:
        log.warning("%s", error)
    doc = {"as_of": moment.astimezone(c.tz).isoformat(),
           "findings": [_finding_json(f, c.tz) for f in checked.findings]}
    # Already in the shape of FindingsOut: written out directly, without validating
    # thousands of findings again.
    return JsonResponse(doc, json_dumps_params={"ensure_ascii": False})


@api.post("/ask", response={200: AskOut, **WRITE_ERRORS}, tags=["findings"],
          summary="Check an ask before you make it")
def ask(request: HttpRequest, body: AskIn) -> Any:
    """Like `goodterms ask`: does asking this `person` for `what` (of this `size`) fit
    the relationship now? With `meeting`, the meeting that comes with it is checked too;
    with `record`, the ask is recorded as a request to them."""
    from goodterms.engine import Interaction, preflight_ask
    from goodterms.home import home_dir
    from goodterms.naming import slug
    from goodterms.store.findings import load_templates
    from goodterms.store.queries import free_ident
    from goodterms.store.snapshot import build_snapshot

    c = ctx(request)
    now = c.now()
    found = _resolve(c.owner, body.person)
    planned = None
    if body.meeting:
        chooser = body.time_chosen_by
        if chooser is not None and chooser.strip().lower() in ("me", "i", "myself"):
            chooser = "me"
        elif chooser is not None:
            chooser = _resolve(c.owner, chooser).ident
        planned = Interaction("planned-meeting", c.moment(body.at, "at"), (found.ident,),
                              "meeting", "both", body.what, body.place or "", "me", chooser,
                              body.travel)
    snapshot = build_snapshot(c.owner, until=now)
    problems = preflight_ask(snapshot, now, tz=c.tz, person=found.ident, what=body.what,
                             size=body.size, meeting=planned,
                             settings=c.config.rule_settings(),
                             templates=load_templates(home_dir()))
    recorded = None
    if body.record:
        ident = free_ident(c.owner, "-".join((slug(found.ident), "request",
                                              now.date().isoformat())))
        line = check_body({"type": "request", "id": ident,
                           "at": now.isoformat(timespec="seconds"), "from": "me",
                           "to": found.ident, "what": body.what, "size": body.size}, c.tz)
        store(c.owner, line)
        recorded = ident
    return {"fits": not problems, "person": found.ident,
            "findings": [_finding_json(f, c.tz) for f in problems], "recorded": recorded}


# ---------------------------------------------------------------- the journal

NDJSON = "application/x-ndjson"


@api.get("/journal", tags=["journal"], summary="Export the journal",
         response={401: ErrorOut},
         openapi_extra={"responses": {"200": {
             "description": "the whole network as a journal (JSON Lines): people first, "
                            "then every other kind of record in time order",
             "content": {NDJSON: {"schema": {"type": "string"}}}}}})
def export_journal(request: HttpRequest) -> Any:
    """The same lines as `goodterms export journal`, streamed."""
    from goodterms.journal import dumps
    from goodterms.store.export import journal_objects

    c = ctx(request)
    owner, tz = c.owner, c.tz

    def lines() -> Iterator[str]:
        for obj in journal_objects(owner, tz):
            yield dumps(obj) + "\n"

    response = StreamingHttpResponse(lines(), content_type=f"{NDJSON}; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="goodterms-journal.jsonl"'
    return response


@api.post("/journal", response={200: ImportOut, 401: ErrorOut, 422: ErrorOut},
          tags=["journal"], summary="Import a journal",
          openapi_extra={"requestBody": {
              "required": True,
              "description": "a journal: JSON Lines, one object a line (see JOURNAL.md)",
              "content": {NDJSON: {"schema": {"type": "string"}}}}})
def import_journal(request: HttpRequest) -> Any:
    """Imports a journal, like `goodterms import journal`: all of it, or nothing. A
    refused journal answers 422 `journal_refused`, each bad line in `details` as
    `{"line", "reason"}`."""
    from goodterms.importers.journal import read_journal
    from goodterms.store.actions import import_lines

    c = ctx(request)
    tz = c.tz
    with tempfile.TemporaryDirectory(prefix="goodterms-api-") as folder:
        path = Path(folder) / "journal.jsonl"
        with path.open("wb") as out:
            shutil.copyfileobj(request, out, 1 << 20)

        def open_lines(wanted: Any = None) -> Any:
            return read_journal(path, tz, wanted)

        summary = import_lines(c.owner, open_lines, source="request body")
    total = summary.total
    return {"source": summary.source,
            "total": {"new": total.new, "updated": total.updated,
                      "unchanged": total.unchanged},
            "counts": {k: {"new": v.new, "updated": v.updated, "unchanged": v.unchanged}
                       for k, v in sorted(summary.counts.items())}}
