"""Rule 2: forgetting to follow up on what someone did for me.

Three steps, each its own finding about the giver with the favor as subject:
acknowledge it, act on it (contact the person it points at), close the loop.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, action_finding
from goodterms.engine.index import first_at_or_after
from goodterms.engine.model import ME, Favor, Finding
from goodterms.engine.text import favor_deed, favor_label
from goodterms.engine.times import day_text


class NoFollowUp:
    id = "no-follow-up"
    cause = "accident"
    description = "Acknowledge a favor, act on an introduction, and tell the giver how it went."
    defaults: Mapping[str, SettingValue] = MappingProxyType(
        {"acknowledge_days": 2, "act_days": 7, "close_loop_days": 14}
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        for events in ctx.index.by_person.values():
            for favor in events.favors_from:
                yield from self.check_favor(ctx, favor, events.contact_out_times)

    def check_favor(
        self, ctx: Context, favor: Favor, contact_out: list[datetime]
    ) -> Iterator[Finding]:
        """Each step still owed for one favor from X (contact_out: my contacts to X)."""
        if first_at_or_after(contact_out, favor.at) is None:
            yield self.acknowledge(ctx, favor)
        if favor.refers_to is None or favor.refers_to == ME:
            return
        other = ctx.index.of(favor.refers_to)
        contacted = first_at_or_after(other.out_interaction_times, favor.at)
        if contacted is None:
            yield self.act_on_it(ctx, favor, favor.refers_to)
        elif first_at_or_after(contact_out, contacted) is None:
            yield self.close_loop(ctx, favor, favor.refers_to, contacted)

    def acknowledge(self, ctx: Context, favor: Favor) -> Finding:
        first = ctx.first(favor.from_)
        draft = ctx.draft("acknowledge", name=first, what=favor_deed(ctx.index, favor))
        return action_finding(
            self,
            ctx,
            person=favor.from_,
            subject=favor.id,
            due=favor.at + ctx.days("acknowledge_days"),
            step="acknowledge",
            message=(
                f"{ctx.name(favor.from_)} did you a favor on {day_text(favor.at, ctx.tz)}"
                f" ({favor_label(ctx.index, favor)}) and has not heard back from you since."
            ),
            action=f'Let {first} know you got it: "{draft}"',
        )

    def act_on_it(self, ctx: Context, favor: Favor, other_id: str) -> Finding:
        draft = ctx.draft("follow_up", name=ctx.first(other_id), other=ctx.name(favor.from_))
        return action_finding(
            self,
            ctx,
            person=favor.from_,
            subject=favor.id,
            due=favor.at + ctx.days("act_days"),
            step="act",
            message=(
                f"{ctx.name(favor.from_)} pointed you to {ctx.name(other_id)} on"
                f" {day_text(favor.at, ctx.tz)} and you have not been in touch with"
                f" {ctx.first(other_id)} yet."
            ),
            action=f'Write to {ctx.name(other_id)}: "{draft}"',
        )

    def close_loop(self, ctx: Context, favor: Favor, other_id: str, contacted: datetime) -> Finding:
        first = ctx.first(favor.from_)
        draft = ctx.draft(
            "close_loop",
            name=first,
            other=ctx.name(other_id),
            date=day_text(contacted, ctx.tz),
            what=favor_deed(ctx.index, favor),
        )
        return action_finding(
            self,
            ctx,
            person=favor.from_,
            subject=favor.id,
            due=contacted + ctx.days("close_loop_days"),
            step="close-loop",
            severity="low",
            message=(
                f"You got in touch with {ctx.name(other_id)} on {day_text(contacted, ctx.tz)}"
                f" thanks to {ctx.name(favor.from_)}, who has not heard how it went."
            ),
            action=f'Tell {first} how it went: "{draft}"',
        )
