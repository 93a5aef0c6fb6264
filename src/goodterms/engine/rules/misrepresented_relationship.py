"""Rule 6: describing a relationship as closer than the history shows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine.context import Context, SettingValue, warning_finding
from goodterms.engine.depth import DEPTH_NAMES, claimed_depth, depth
from goodterms.engine.know import know_from_index
from goodterms.engine.model import Finding, Person


class MisrepresentedRelationship:
    id = "misrepresented-relationship"
    cause = "miscommunication"
    description = "A label that claims a closer relationship than the history shows."
    defaults: Mapping[str, SettingValue] = MappingProxyType({"slack": 1})

    def check(self, ctx: Context) -> Iterator[Finding]:
        slack = int(ctx.settings["slack"])
        for person in ctx.index.people.values():
            claimed = claimed_depth(person.label) if person.label else None
            if claimed is None:
                continue
            shown = depth(ctx.index, person.id, ctx.as_of, inclusive=True)
            if claimed > shown + slack:
                yield self.finding(ctx, person, claimed, shown)

    def finding(self, ctx: Context, person: Person, claimed: int, shown: int) -> Finding:
        honest = know_from_index(ctx.index, ctx.as_of, person.id)
        return warning_finding(
            self,
            person=person.id,
            subject=None,
            message=(
                f'You describe {person.name} as "{person.label}" ({DEPTH_NAMES[claimed]}),'
                f" but your history shows {DEPTH_NAMES[shown]}."
            ),
            action=(
                f"When you mention {person.name}, say how you really know each other:"
                f' "{honest}" Or change the label to match.'
            ),
        )
