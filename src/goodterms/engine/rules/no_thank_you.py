"""Rule 5: not saying thank you, the same day, for every favor."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, action_finding
from goodterms.engine.index import PersonEvents
from goodterms.engine.model import Favor, Finding
from goodterms.engine.text import favor_deed, favor_label
from goodterms.engine.times import day_text, end_of_day


def unthanked(events: PersonEvents) -> list[Favor]:
    """The favors from X that no thank-you settles, oldest first.

    Thank-yous are taken in time order. One that names a favor settles it when it
    goes to the giver and is not dated before it; one that names none settles the
    oldest favor from X still unthanked at its moment (a favor at the same moment
    included). At the same moment, the ones that name a favor go first.
    """
    favors = {favor.id: favor for favor in events.favors_from}
    thanked: set[str] = set()
    ordered = sorted(events.thanks_to, key=lambda t: (t.at, t.for_ is None, t.id))
    for thanks in ordered:
        if thanks.for_ is not None:
            favor = favors.get(thanks.for_)
            if favor is not None and favor.at <= thanks.at:
                thanked.add(favor.id)
            continue
        for favor in events.favors_from:
            if favor.at > thanks.at:
                break
            if favor.id not in thanked:
                thanked.add(favor.id)
                break
    return [favor for favor in events.favors_from if favor.id not in thanked]


class NoThankYou:
    id = "no-thank-you"
    cause = "accident"
    description = "Thank every favor on the day it was done."
    defaults: Mapping[str, SettingValue] = MappingProxyType({"big_favor_size": 4})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for events in ctx.index.by_person.values():
            if events.favors_from:
                for favor in unthanked(events):
                    yield self.finding(ctx, favor)

    def finding(self, ctx: Context, favor: Favor) -> Finding:
        first = ctx.first(favor.from_)
        draft = ctx.draft("thank_you", name=first, what=favor_deed(ctx.index, favor))
        action = f'Send {first} a thank-you: "{draft}"'
        if favor.size >= int(ctx.settings["big_favor_size"]):
            action += " It was a big favor: add a handwritten note or a small gift."
        return action_finding(
            self,
            ctx,
            person=favor.from_,
            subject=favor.id,
            due=end_of_day(favor.at, ctx.tz),
            message=(
                f"You have not thanked {ctx.name(favor.from_)} for"
                f" {favor_label(ctx.index, favor)} ({day_text(favor.at, ctx.tz)})."
            ),
            action=action,
        )
