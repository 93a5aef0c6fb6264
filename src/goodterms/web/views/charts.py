"""Pictures: the give/take balance over time and the map of who introduced whom.

Both are inline SVG drawn on the server (no JavaScript), each with a title, a
description that says in words what it shows, and the same numbers as a table.

Give and take are counted as in `goodterms know` and the give-first ideas: you
gave when you did someone a favor or did what they asked you (their request
marked done); you received when someone did you a favor. The balance is what
you gave minus what you received, month by month, added up.

The map's arrows go from whoever introduced someone to the person introduced:
a person's "introduced by", and the favors of kind `intro` that name whom they
introduced you to. People are drawn in columns: those nobody introduced first,
then whom they introduced, and so on.

Every picture costs a fixed number of queries, whatever the network's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from django.db.models import Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from goodterms.web.common import now, user_tz

# ---------------------------------------------------------------- give and take


@dataclass(frozen=True)
class Month:
    start: date
    given: int
    received: int
    given_total: int
    received_total: int

    @property
    def balance(self) -> int:
        return self.given_total - self.received_total

    @property
    def label(self) -> str:
        return self.start.strftime("%b %Y")


def _month(moment: datetime, tz: tzinfo) -> date:
    local = moment.astimezone(tz)
    return date(local.year, local.month, 1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def balance_series(owner: Any, tz: tzinfo, until: datetime,
                   person_ident: str | None = None) -> list[Month]:
    """Month by month, what you gave and received (with the whole network, or with one
    person), from the first month with either to the month of `until`. Two queries."""
    from goodterms.store import models as m

    given: dict[date, int] = defaultdict(int)
    received: dict[date, int] = defaultdict(int)
    favors = m.Favor.objects.filter(owner=owner, at__lte=until)
    done = m.RequestUpdate.objects.filter(owner=owner, status="done", at__lte=until,
                                          request__to_person__isnull=True,
                                          request__from_person__isnull=False)
    if person_ident is not None:
        favors = favors.filter(Q(from_person__ident=person_ident)
                               | Q(to_person__ident=person_ident))
        done = done.filter(request__from_person__ident=person_ident)
    for at, from_id, to_id in favors.values_list("at", "from_person_id", "to_person_id"):
        if from_id is None and to_id is not None:
            given[_month(at, tz)] += 1
        elif to_id is None and from_id is not None:
            received[_month(at, tz)] += 1
    # A request counts once, when it was first marked done.
    for first in done.values("request_id").annotate(first=Min("at")).values_list("first",
                                                                                  flat=True):
        given[_month(first, tz)] += 1
    months = sorted(set(given) | set(received))
    if not months:
        return []
    series: list[Month] = []
    day, last = months[0], max(months[-1], _month(until, tz))
    total_given = total_received = 0
    while day <= last:
        total_given += given.get(day, 0)
        total_received += received.get(day, 0)
        series.append(Month(day, given.get(day, 0), received.get(day, 0), total_given,
                            total_received))
        day = _next_month(day)
    return series


def _describe_balance(series: list[Month], whom: str) -> str:
    if not series:
        return f"Nothing given or received {whom} is recorded yet."
    end = series[-1]
    if end.balance > 0:
        verdict = f"you have given {end.balance} more than you received"
    elif end.balance < 0:
        verdict = f"you have received {-end.balance} more than you gave"
    else:
        verdict = "you have given as much as you received"
    return (f"From {series[0].label} to {end.label}, {whom}, you gave {end.given_total} "
            f"time{'s' if end.given_total != 1 else ''} and received {end.received_total} "
            f"favor{'s' if end.received_total != 1 else ''}: {verdict}.")


W, H = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


def balance_svg_markup(series: list[Month], title: str, description: str,
                       chart_id: str) -> SafeString:
    """The chart: what you gave and what you received so far, month by month."""
    if not series:
        return format_html('<p class="hint" id="{}">{}</p>', chart_id, description)
    top = max(1, max(max(m.given_total, m.received_total) for m in series))
    step = max(1, -(-top // 4))
    top = step * 4
    width, height = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = len(series)

    def x(i: int) -> float:  # month i runs from x(i) to x(i + 1)
        return LEFT + width * i / n

    def y(v: int) -> float:
        return TOP + height - height * v / top

    def line(values: list[int]) -> str:
        points = []
        for i, value in enumerate(values):  # steps: a total holds for its whole month
            points.append(f"{x(i):.1f},{y(value):.1f}")
            points.append(f"{x(i + 1):.1f},{y(value):.1f}")
        return " ".join(points)

    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for k in range(5):
        value = step * k
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" '
                     f'text-anchor="end">{value}</text>')
    every = -(-n // 6)  # at most six month labels
    for i in range(n - 1, -1, -every):  # counted from the last month, which is always shown
        parts.append(f'<text class="tick" x="{(x(i) + x(i + 1)) / 2:.1f}" '
                     f'y="{H - BOTTOM + 18}" text-anchor="middle">'
                     f'{escape(series[i].label)}</text>')
    parts.append(f'<polyline class="given" points="{line([m.given_total for m in series])}"/>')
    parts.append(f'<polyline class="received" '
                 f'points="{line([m.received_total for m in series])}"/>')
    legend_y = H - 8
    parts.append(f'<line class="given" x1="{LEFT}" x2="{LEFT + 24}" y1="{legend_y - 4}" '
                 f'y2="{legend_y - 4}"/><text x="{LEFT + 30}" y="{legend_y}">you gave, '
                 'so far</text>')
    parts.append(f'<line class="received" x1="{LEFT + 170}" x2="{LEFT + 194}" '
                 f'y1="{legend_y - 4}" y2="{legend_y - 4}"/><text x="{LEFT + 200}" '
                 f'y="{legend_y}">you received, so far</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped


def balance_block(owner: Any, tz: tzinfo, until: datetime, person: Any = None) -> SafeString:
    """The chart with its table of numbers, ready to put in a page."""
    from django.template.loader import render_to_string

    ident = person.ident if person is not None else None
    series = balance_series(owner, tz, until, ident)
    whom = f"with {person.name}" if person is not None else "with your whole network"
    title = (f"Give and take with {person.name}, month by month" if person is not None
             else "Give and take with your network, month by month")
    chart_id = "balance-" + (ident or "network")
    description = _describe_balance(series, whom)
    return render_to_string("web/balance_block.html", {
        "svg": balance_svg_markup(series, title, description, chart_id),
        "series": series, "description": description, "chart_id": chart_id,
    })


def balance_svg(owner: Any, person_ident: str, tz: tzinfo | None = None,
                until: datetime | None = None) -> SafeString:
    """The give/take chart (and its table) of one of `owner`'s people, for the Person
    page: `{% load goodterms_charts %}{% balance_chart person.ident %}` in a template,
    or this function from a view. Raises Http404 for an id the owner does not have."""
    from datetime import UTC

    from goodterms.store import models as m

    person = m.Person.objects.filter(owner=owner, ident=person_ident).first()
    if person is None:
        raise Http404("no such person")
    tz = tz or UTC
    return balance_block(owner, tz, until or datetime.now(tz), person)


def balance_page(request: HttpRequest, ident: str | None = None) -> HttpResponse:
    from goodterms.store import models as m

    owner: Any = request.user
    person = None
    if ident is not None:
        person = m.Person.objects.filter(owner=owner, ident=ident).first()
        if person is None:
            raise Http404("no such person")
    block = balance_block(owner, user_tz(request), now(request), person)
    return render(request, "web/balance.html", {
        "nav": "balance", "chart": block, "person": person,
        "person_url": person_url(person.ident) if person is not None else None,
    })


# ---------------------------------------------------------------- who introduced whom


def person_url(ident: str) -> str | None:
    try:
        return reverse("web:person", args=[ident])
    except NoReverseMatch:  # the People pages are not installed
        return None


@dataclass
class Node:
    ident: str
    name: str
    column: int = 0
    row: int = 0


def introductions(owner: Any) -> tuple[dict[str, Node], list[tuple[str, str]]]:
    """The people in an introduction and the arrows (who introduced, whom). Two queries."""
    from goodterms.store import models as m

    names: dict[str, str] = {}
    edges: dict[tuple[str, str], None] = {}
    for ident, name, by_ident, by_name in (
            m.Person.objects.filter(owner=owner, introduced_by__isnull=False)
            .values_list("ident", "name", "introduced_by__ident", "introduced_by__name")):
        names[ident], names[by_ident] = name, by_name
        edges[(by_ident, ident)] = None
    for by_ident, by_name, ident, name in (
            m.Favor.objects.filter(owner=owner, kind="intro", to_person__isnull=True,
                                   from_person__isnull=False, refers_to__isnull=False)
            .values_list("from_person__ident", "from_person__name", "refers_to__ident",
                         "refers_to__name")):
        if by_ident != ident:
            names[ident], names[by_ident] = name, by_name
            edges[(by_ident, ident)] = None
    nodes = {ident: Node(ident, name) for ident, name in names.items()}
    return nodes, list(edges)


def layout(nodes: dict[str, Node], edges: list[tuple[str, str]]) -> list[list[Node]]:
    """Columns: people nobody introduced, then whom they introduced, and so on (the
    shortest chain decides); within a column, near the ones who introduced them."""
    children: dict[str, list[str]] = defaultdict(list)
    parents: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        children[a].append(b)
        parents[b].append(a)
    column: dict[str, int] = {}
    by_name = sorted(nodes, key=lambda i: (nodes[i].name.casefold(), i))
    roots = [i for i in by_name if not parents[i]]
    pending = list(by_name)
    while pending:
        frontier = roots or [pending[0]]  # a ring of introductions: start anywhere
        for r in frontier:
            column.setdefault(r, 0)
        queue = list(frontier)
        while queue:
            current = queue.pop(0)
            for child in children[current]:
                if child not in column:
                    column[child] = column[current] + 1
                    queue.append(child)
        pending = [i for i in pending if i not in column]
        roots = []
    columns: list[list[Node]] = [[] for _ in range(max(column.values(), default=-1) + 1)]
    for ident in by_name:
        nodes[ident].column = column[ident]
        columns[column[ident]].append(nodes[ident])
    def near(node: Node) -> tuple[float, str]:
        rows = [nodes[p].row for p in parents[node.ident] if nodes[p].column < node.column]
        return (sum(rows) / len(rows) if rows else 1e9, node.name.casefold())

    for k, col in enumerate(columns):
        if k > 0:
            col.sort(key=near)
        for row, node in enumerate(col):
            node.row = row
    return columns


COLUMN_W, ROW_H, NODE_R, PAD = 210, 40, 6, 24


def map_svg_markup(columns: list[list[Node]], edges: list[tuple[str, str]],
                   nodes: dict[str, Node], description: str) -> SafeString:
    rows = max((len(c) for c in columns), default=0)
    width = max(1, len(columns)) * COLUMN_W + PAD
    height = rows * ROW_H + 2 * PAD

    def at(node: Node) -> tuple[float, float]:
        return PAD + node.column * COLUMN_W, PAD + node.row * ROW_H + ROW_H / 2

    parts = [
        f'<svg class="chart map" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="intro-title intro-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<title id="intro-title">Who introduced whom</title>',
        f'<desc id="intro-desc">{escape(description)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
        '</marker></defs>',
    ]
    for a, b in edges:
        (x1, y1), (x2, y2) = at(nodes[a]), at(nodes[b])
        x1 += NODE_R
        x2 -= NODE_R + 2
        middle = (x1 + x2) / 2
        if nodes[b].column <= nodes[a].column:  # a ring: bend around
            middle = max(x1, x2) + COLUMN_W / 3
        parts.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} '
                     f'{middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" marker-end="url(#arrow)"/>')
    for col in columns:
        for node in col:
            cx, cy = at(node)
            label = escape(node.name if len(node.name) <= 26 else node.name[:25] + "…")
            shape = (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{NODE_R}"/>'
                     f'<text x="{cx - NODE_R:.1f}" y="{cy - 11:.1f}">{label}</text>')
            url = person_url(node.ident)
            if url:
                shape = f'<a href="{escape(url)}">{shape}</a>'
            parts.append(f'<g class="node">{shape}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped


def introductions_page(request: HttpRequest) -> HttpResponse:
    nodes, edges = introductions(request.user)
    columns = layout(nodes, edges)
    introducers = {a for a, _b in edges}
    description = (f"{len(introducers)} people introduced you to {len({b for _a, b in edges})}"
                   f" others ({len(edges)} introduction{'s' if len(edges) != 1 else ''}). "
                   "Arrows point from who introduced to whom they introduced."
                   if edges else "No introductions are recorded yet.")
    table = sorted(((nodes[a], nodes[b]) for a, b in edges),
                   key=lambda p: (p[0].name.casefold(), p[1].name.casefold()))
    return render(request, "web/introductions.html", {
        "nav": "introductions", "svg": map_svg_markup(columns, edges, nodes, description)
        if edges else None, "description": description,
        "rows": [{"by": a, "by_url": person_url(a.ident), "whom": b,
                  "whom_url": person_url(b.ident)} for a, b in table],
    })


urlpatterns: list[URLPattern] = [
    path("balance/", balance_page, name="balance"),
    path("balance/<str:ident>/", balance_page, name="balance-person"),
    path("introductions/", introductions_page, name="introductions"),
]
