"""Rule 4: never asking "How can I help you?"."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, action_finding
from goodterms.engine.index import PersonEvents, first_at_or_after
from goodterms.engine.model import Finding
from goodterms.engine.times import day_text


class NeverOfferedHelp:
    id = "never-offered-help"
    cause = "inexperience"
    description = "Offer your help to people who help you or whom you meet, and renew it yearly."
    defaults: Mapping[str, SettingValue] = MappingProxyType(
        {"offer_days": 7, "renew_days": 365, "active_days": 90, "min_meetings": 2}
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for person_id, events in ctx.index.by_person.items():
            if events.offers_to:
                finding = self.renewal(ctx, person_id, events)
            elif events.favors_to or events.done_for_times:
                finding = None  # I did something for X: that is help given, not only offered
            else:
                finding = self.first_offer(ctx, person_id, events)
            if finding is not None:
                yield finding

    def became_due(self, ctx: Context, events: PersonEvents) -> datetime | None:
        """When X first did me a favor or we first had enough meetings or calls."""
        moments = []
        if events.favors_from:
            moments.append(events.favors_from[0].at)
        needed = int(ctx.settings["min_meetings"])
        if needed >= 1 and len(events.meeting_or_call_times) >= needed:
            moments.append(events.meeting_or_call_times[needed - 1])
        return min(moments) if moments else None

    def first_offer(self, ctx: Context, person_id: str, events: PersonEvents) -> Finding | None:
        since = self.became_due(ctx, events)
        if since is None:
            return None
        first = ctx.first(person_id)
        if events.favors_from and events.favors_from[0].at == since:
            reason = "did you a favor"
        else:
            reason = f"has had {int(ctx.settings['min_meetings'])} meetings or calls with you"
        return action_finding(
            self,
            ctx,
            person=person_id,
            subject=None,
            due=since + ctx.days("offer_days"),
            message=(
                f"{ctx.name(person_id)} {reason} (since {day_text(since, ctx.tz)}) and you"
                f" have never offered {first} your help."
            ),
            action=f'Ask {first} how you can help: "{ctx.draft("offer_help", name=first)}"',
        )

    def renewal(self, ctx: Context, person_id: str, events: PersonEvents) -> Finding | None:
        last_offer = events.offers_to[-1].at
        if ctx.as_of - last_offer <= ctx.days("renew_days"):
            return None
        if first_at_or_after(events.interaction_times, ctx.as_of - ctx.days("active_days")) is None:
            return None
        first = ctx.first(person_id)
        return action_finding(
            self,
            ctx,
            person=person_id,
            subject=None,
            due=ctx.as_of,
            severity="low",
            message=(
                f"You last offered {ctx.name(person_id)} your help on"
                f" {day_text(last_offer, ctx.tz)}, {(ctx.as_of - last_offer).days} days ago,"
                " and you are still in touch."
            ),
            action=f'Renew your offer: "{ctx.draft("renew_offer", name=first)}"',
        )
