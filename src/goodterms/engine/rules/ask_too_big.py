"""Rule 1: asking for more than the relationship supports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, warning_finding
from goodterms.engine.depth import DEPTH_NAMES, depth
from goodterms.engine.model import Finding, Request
from goodterms.engine.text import ASK_SIZES, FITTING_ASKS


class AskTooBig:
    id = "ask-too-big"
    cause = "inexperience"
    description = "An ask bigger than the relationship supports (size more than depth + 1)."
    defaults: Mapping[str, SettingValue] = MappingProxyType({"slack": 1})

    def check(self, ctx: Context) -> Iterator[Finding]:
        slack = int(ctx.settings["slack"])
        for person_id, events in ctx.index.by_person.items():
            for ask in events.requests_to:  # withdrawn asks count too: they were made
                known = depth(ctx.index, person_id, ask.at)
                if ask.size > known + slack:
                    yield self.finding(ctx, ask, known, known + slack)

    def finding(self, ctx: Context, ask: Request, known: int, fits: int) -> Finding:
        first = ctx.first(ask.to)
        fitting = FITTING_ASKS[max(1, min(fits, 5))]
        message = (
            f'Asking {ctx.name(ask.to)} for "{ask.what}" (size {ask.size}, like'
            f" {ASK_SIZES.get(ask.size, 'a big ask')}) is more than"
            f" {DEPTH_NAMES[known]} supports."
        )
        smaller = ctx.draft("smaller_ask", name=first, smaller=fitting, what=ask.what)
        check = ctx.draft("check_ask", name=first, what=ask.what)
        action = (
            f"Ask for something that fits where you are with {first}, such as {fitting}:"
            f' "{smaller}" Or ask first whether the ask is all right; that is always fine:'
            f' "{check}"'
        )
        return warning_finding(self, person=ask.to, subject=ask.id, message=message, action=action)
