"""Rule 8: making a new contact travel to me, or picking the time myself."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, warning_finding
from goodterms.engine.depth import depth
from goodterms.engine.model import ME, Finding, Interaction
from goodterms.engine.times import day_text


class BurdensomeMeeting:
    id = "burdensome-meeting"
    cause = "inexperience"
    description = "With a new contact, go to them and let them pick the time."
    defaults: Mapping[str, SettingValue] = MappingProxyType({"travel_minutes": 15, "new_depth": 1})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for meeting in ctx.index.meetings:
            yield from self.check_meeting(ctx, meeting)

    def check_meeting(self, ctx: Context, meeting: Interaction) -> Iterator[Finding]:
        travelled = meeting.their_travel_minutes is not None and (
            meeting.their_travel_minutes >= ctx.number("travel_minutes")
        )
        my_time = meeting.time_chosen_by == ME
        if not (travelled or my_time):
            return
        for person_id in dict.fromkeys(meeting.with_):
            if person_id == ME:
                continue
            if depth(ctx.index, person_id, meeting.at) <= int(ctx.settings["new_depth"]):
                yield self.finding(ctx, meeting, person_id, travelled, my_time)

    def finding(
        self, ctx: Context, meeting: Interaction, person_id: str, travelled: bool, my_time: bool
    ) -> Finding:
        burdens = []
        if travelled:
            burdens.append(f"has them travel {meeting.their_travel_minutes} minutes to you")
        if my_time:
            burdens.append("is at a time you picked")
        first = ctx.first(person_id)
        draft = ctx.draft("new_contact_meeting", name=first)
        return warning_finding(
            self,
            person=person_id,
            subject=meeting.id,
            message=(
                f"The meeting on {day_text(meeting.at, ctx.tz)} with {ctx.name(person_id)},"
                f" a new contact, {' and '.join(burdens)}."
            ),
            action=(
                f"With a new contact, go to them and let them pick the time; thank {first}"
                f' for making the effort. Next time: "{draft}"'
            ),
        )
