"""docs/rules.md documents every rule, threshold and draft."""

from pathlib import Path

from goodterms.engine import BUILTIN_RULES, DEFAULT_TEMPLATES

DOCS = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")


def test_every_rule_is_documented_with_its_cause() -> None:
    for rule in BUILTIN_RULES:
        assert f"### `{rule.id}` ({rule.cause})" in DOCS


def test_every_threshold_is_documented_with_its_default() -> None:
    for rule in BUILTIN_RULES:
        for name, value in rule.defaults.items():
            assert f"`{name} = {value}`" in DOCS, (rule.id, name)


def test_every_draft_is_documented() -> None:
    for name in DEFAULT_TEMPLATES:
        assert f"`{name}`" in DOCS
