"""Rule #10, "mentor-update": the people who help you most should hear how it goes.

A close contact (a mentor, family, a close friend: the person's `close` flag)
who did you a favor recently has not heard from you for a while: send them a
short update on your search. The rule only reads the network it is given and
returns findings, like every goodterms rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from goodterms.engine import Context, Finding, action_finding


class MentorUpdate:
    id = "mentor-update"
    cause = "accident"
    description = "Keep the close contacts who help you in the loop."
    defaults = {"helped_within_days": 90, "quiet_days": 30}  # tunable in config.toml

    def check(self, ctx: Context) -> Iterable[Finding]:
        helped_since = ctx.as_of - ctx.days("helped_within_days")
        for person_id, person in ctx.snapshot.people.items():
            if not person.close:
                continue
            events = ctx.index.of(person_id)
            recent = [f for f in events.favors_from if f.at >= helped_since]
            if not recent:
                continue
            last_news = max(events.contact_out_times, default=None)
            latest_help = max(f.at for f in recent)
            since = max(t for t in (last_news, latest_help) if t is not None)
            due = since + ctx.days("quiet_days")
            if ctx.as_of < due - timedelta(days=7):  # show it a week ahead, not before
                continue
            first = ctx.first(person_id)
            yield action_finding(
                self, ctx, person=person_id, subject=None, due=due, severity="low",
                message=f"{ctx.name(person_id)} helped you recently and has not heard "
                        f"from you since {since:%d %b}.",
                action=f'Send {first} a short update: "Hi {first}, a quick update on my '
                       'search, since you helped me get here: …"',
            )
