"""Rule 9: asking before giving, and taking much more than giving overall."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, warning_finding
from goodterms.engine.index import did_something_before, offered_before
from goodterms.engine.model import Finding, Request
from goodterms.engine.text import plural


class TakingWithoutGiving:
    id = "taking-without-giving"
    cause = "inexperience"
    description = "Give before you ask, and give at least half as much as you receive."
    defaults: Mapping[str, SettingValue] = MappingProxyType(
        {"min_size": 2, "window_days": 90, "min_received": 3, "ratio": 0.5}
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        min_size = int(ctx.settings["min_size"])
        for events in ctx.index.by_person.values():
            for ask in events.requests_to:  # withdrawn asks count too: they were made
                if ask.size < min_size:
                    continue
                if not (did_something_before(events, ask.at) or offered_before(events, ask.at)):
                    yield self.ask_first(ctx, ask)
        network = self.network(ctx)
        if network is not None:
            yield network

    def ask_first(self, ctx: Context, ask: Request) -> Finding:
        first = ctx.first(ask.to)
        return warning_finding(
            self,
            person=ask.to,
            subject=ask.id,
            message=(
                f'Asking {ctx.name(ask.to)} for "{ask.what}" comes before you have ever'
                f" done anything for {first} or offered to."
            ),
            action=(
                f"Give first: offer {first} your help, or do something for {first}, before"
                f' asking: "{ctx.draft("offer_help", name=first)}"'
            ),
        )

    def network(self, ctx: Context) -> Finding | None:
        since = ctx.as_of - ctx.days("window_days")
        index = ctx.index
        received = len(index.favors_received) - bisect_left(
            [favor.at for favor in index.favors_received], since
        )
        given = len(index.favors_given) - bisect_left(
            [favor.at for favor in index.favors_given], since
        )
        if received < ctx.number("min_received") or given >= ctx.number("ratio") * received:
            return None
        days = ctx.settings["window_days"]
        return warning_finding(
            self,
            person=None,
            subject=None,
            message=(
                f"In the last {days} days you received {plural(received, 'favor')} and"
                f" gave {given}."
            ),
            action=(
                "Give before you need to ask: look at whom you could help today and do one"
                " small thing for someone who helped you this week."
            ),
        )
