from collections.abc import Iterable, Mapping
from types import MappingProxyType

from goodterms.engine import BUILTIN_RULES, Context, Finding, Rule, run_check

from .netbuilder import Net, at


class Broken:
    id = "my-broken-rule"
    cause = "accident"
    description = "A plugin rule with a bug."
    defaults: Mapping[str, int] = MappingProxyType({"days": 3})

    def check(self, ctx: Context) -> Iterable[Finding]:
        raise KeyError("oops")


def test_a_rule_that_raises_is_reported_and_the_others_still_run() -> None:
    net = Net().person("tim").favor("f1", "2026-11-03T10:00", "tim")
    rules: list[Rule] = [Broken(), *BUILTIN_RULES]
    result = run_check(net.snapshot(), at("2026-11-04"), tz=net.tz, rules=rules)
    assert [(e.rule_id, e.message) for e in result.errors] == [
        ("my-broken-rule", "KeyError: 'oops'")
    ]
    assert {f.rule for f in result.findings} == {
        "no-thank-you",
        "no-follow-up",
        "never-offered-help",
    }


def test_a_plugin_rule_satisfies_the_rule_protocol() -> None:
    assert isinstance(Broken(), Rule)
