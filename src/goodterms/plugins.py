"""Finding rules, built-in or from other packages, through one hook.

A rule package declares an entry point in the group ``goodterms.rules`` whose
value is a rule object, a rule class, or a list/tuple of rules. goodterms'
own nine rules are registered through that very group (see pyproject.toml), so
every check exercises the plugin path. A plugin that cannot be loaded is
reported as a warning naming it; the other rules still run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any

GROUP = "goodterms.rules"


@dataclass(frozen=True)
class LoadedRules:
    rules: tuple[Any, ...]
    origins: dict[str, str]  # rule id -> the entry point it came from
    problems: tuple[str, ...]  # one sentence for each plugin that failed to load


def _as_rules(obj: Any) -> list[Any]:
    if isinstance(obj, type):
        obj = obj()
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        return [r() if isinstance(r, type) else r for r in obj]
    return [obj]


@cache
def load_rules() -> LoadedRules:
    rules: list[Any] = []
    origins: dict[str, str] = {}
    problems: list[str] = []
    eps = sorted(entry_points(group=GROUP), key=lambda ep: (ep.value.split(":")[0] !=
                                                          "goodterms.engine", ep.name))
    if not any(ep.value.startswith("goodterms.engine") for ep in eps):
        # A source tree that was never pip-installed has no entry points of its own.
        from goodterms.engine import BUILTIN_RULES

        rules.extend(BUILTIN_RULES)
        origins.update({r.id: "goodterms" for r in BUILTIN_RULES})
    for ep in eps:
        origin = f"{ep.name} ({ep.value})"
        try:
            loaded = _as_rules(ep.load())
        except Exception as exc:  # a broken plugin never stops the others
            problems.append(f"rule plugin {origin} could not be loaded: {exc}")
            continue
        for rule in loaded:
            rule_id = getattr(rule, "id", None)
            if not isinstance(rule_id, str) or not callable(getattr(rule, "check", None)):
                problems.append(f"rule plugin {origin} gave something that is not a rule")
                continue
            if rule_id in origins:
                problems.append(f"rule plugin {origin}: the rule id '{rule_id}' is taken "
                                f"by {origins[rule_id]}; ignored")
                continue
            origins[rule_id] = origin
            rules.append(rule)
    return LoadedRules(tuple(rules), origins, tuple(problems))


def rule_defaults() -> dict[str, dict[str, Any]]:
    """For each installed rule, its thresholds and their defaults (for the config)."""
    return {r.id: dict(getattr(r, "defaults", {}) or {}) for r in load_rules().rules}
