"""Rule 7: passing on a contact without permission, or asking one person too often."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from datetime import timedelta
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, warning_finding
from goodterms.engine.index import NetworkIndex
from goodterms.engine.model import ME, Finding, Request, Share
from goodterms.engine.times import day_text


def contact_giver(index: NetworkIndex, share: Share) -> str | None:
    """Who gave me the contact: the share's `given_by`, else the earliest favor
    before the share that points at the contact, else whoever introduced them."""
    if share.given_by:
        return share.given_by
    for favor in index.favors_referring_to.get(share.contact, ()):
        if favor.at < share.at:
            return favor.from_
        break
    person = index.people.get(share.contact)
    return person.introduced_by if person is not None else None


def crowded_ask(asks: list[Request], repeat: int, window_days: float) -> Request | None:
    """The latest ask that completes `repeat` asks within `window_days`, if any."""
    if repeat <= 1:
        return asks[-1] if asks else None
    times = [ask.at for ask in asks]
    window = timedelta(days=window_days)
    for i in range(len(asks) - 1, repeat - 2, -1):
        if i + 1 - bisect_left(times, times[i] - window) >= repeat:
            return asks[i]
    return None


class OverusedReferral:
    id = "overused-referral"
    cause = "miscommunication"
    description = "Ask before passing on a contact you were given; don't ask one person too often."
    defaults: Mapping[str, SettingValue] = MappingProxyType(
        {"repeat_asks": 3, "repeat_window_days": 30}
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from self.shares(ctx)
        repeat = int(ctx.settings["repeat_asks"])
        window = float(ctx.settings["repeat_window_days"])
        for person_id, events in ctx.index.by_person.items():
            if len(events.requests_to) >= repeat:
                latest = crowded_ask(events.requests_to, repeat, window)
                if latest is not None:
                    yield self.too_often(ctx, person_id, latest)

    def shares(self, ctx: Context) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        for share in ctx.index.shares:
            if (share.contact, share.to) in seen:
                continue
            seen.add((share.contact, share.to))
            if share.with_permission:
                continue
            giver = contact_giver(ctx.index, share)
            if giver is None or giver in (ME, share.to):
                continue
            yield self.without_permission(ctx, share, giver)

    def without_permission(self, ctx: Context, share: Share, giver: str) -> Finding:
        first = ctx.first(giver)
        draft = ctx.draft(
            "ask_permission", name=first, other=ctx.name(share.contact), to=ctx.name(share.to)
        )
        return warning_finding(
            self,
            person=giver,
            subject=share.id,
            message=(
                f"You passed {ctx.name(share.contact)}'s contact on to {ctx.name(share.to)}"
                f" on {day_text(share.at, ctx.tz)} without asking {ctx.name(giver)},"
                " who gave it to you."
            ),
            action=f'Tell {first} and ask whether it is all right: "{draft}"',
        )

    def too_often(self, ctx: Context, person_id: str, latest: Request) -> Finding:
        repeat = int(ctx.settings["repeat_asks"])
        window = ctx.settings["repeat_window_days"]
        return warning_finding(
            self,
            person=person_id,
            subject=latest.id,
            message=(
                f"You have asked {ctx.name(person_id)} for something {repeat} or more times"
                f" within {window} days."
            ),
            action=(
                f"Give {ctx.first(person_id)} a rest: make no new ask for a few weeks, offer"
                " something in return, and next time gather your questions into one message."
            ),
        )
