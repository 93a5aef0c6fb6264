from collections.abc import Iterator, Mapping
from types import MappingProxyType

from goodterms.engine import Context, Finding, action_finding, run_check

from .netbuilder import Net, at


class NoBirthdayWishes:
    """A user's own rule (#10): wish every close contact a happy birthday."""

    id = "no-birthday-wishes"
    cause = "accident"
    description = "Wish close contacts a happy birthday."
    defaults: Mapping[str, int] = MappingProxyType({"days": 1})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for person in ctx.index.people.values():
            if person.close:
                yield action_finding(
                    self,
                    ctx,
                    person=person.id,
                    subject=None,
                    due=ctx.as_of + ctx.days("days"),
                    message=f"{ctx.name(person.id)} has a birthday.",
                    action="Wish them a happy birthday.",
                )


def test_a_plugin_rule_gets_the_same_inputs_and_its_settings() -> None:
    net = Net().person("mia", "Mia Chen", close=True)
    rule = NoBirthdayWishes()
    as_of = at("2026-11-04")
    result = run_check(
        net.snapshot(), as_of, tz=net.tz, rules=[rule], settings={rule.id: {"days": 2}}
    )
    [finding] = result.findings
    assert (finding.rule, finding.person, finding.state) == ("no-birthday-wishes", "mia", "due")
    assert finding.due == at("2026-11-06")


def test_a_plugin_rule_can_be_switched_off() -> None:
    net = Net().person("mia", close=True)
    rule = NoBirthdayWishes()
    settings = {rule.id: {"enabled": False}}
    result = run_check(net.snapshot(), at("2026-11-04"), tz=net.tz, rules=[rule], settings=settings)
    assert result.findings == []
