"""Rule 3: leaving someone's request without an answer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, action_finding
from goodterms.engine.index import ending
from goodterms.engine.model import Finding, Request
from goodterms.engine.times import day_text, moment_text


class IgnoredRequest:
    id = "ignored-request"
    cause = "accident"
    description = "Answer what people ask you: do it or decline it by its due date."
    defaults: Mapping[str, SettingValue] = MappingProxyType({"due_days": 3})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for events in ctx.index.by_person.values():
            for request in events.requests_from:
                if ending(ctx.index, request.id) is None:
                    yield self.finding(ctx, request)

    def finding(self, ctx: Context, request: Request) -> Finding:
        updates = ctx.index.updates.get(request.id, ())
        asked = 1 + sum(1 for update in updates if update.status == "asked_again")
        first = ctx.first(request.from_)
        name = ctx.name(request.from_)
        if asked > 1:
            message = (
                f'{name} has asked you {asked} times for "{request.what}" (first on'
                f" {day_text(request.at, ctx.tz)}) and is still waiting for an answer."
            )
        else:
            message = (
                f'{name} asked you for "{request.what}" on {day_text(request.at, ctx.tz)}'
                " and is waiting for an answer."
            )
        due = request.due or request.at + ctx.days("due_days")
        when = f"by {moment_text(due, ctx.tz)}" if ctx.as_of <= due else "today"
        reply = ctx.draft("reply_request", name=first, what=request.what)
        decline = ctx.draft("decline_request", name=first, what=request.what)
        action = (
            f"Answer {first} {when}: do it, or say a clear no (silence is not an answer)."
            f' To reply: "{reply}" To decline: "{decline}"'
        )
        return action_finding(
            self,
            ctx,
            person=request.from_,
            subject=request.id,
            due=due,
            severity="high" if asked > 1 else "medium",
            message=message,
            action=action,
        )
