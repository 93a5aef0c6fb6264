"""The user documentation keeps up with the code.

Every command and option (docs/cli.md), every setting, rule threshold and draft
template (docs/configuration.md) and every journal line type and field
(docs/journal.md) must be documented. When one of these tests fails, document the
new thing; do not loosen the test. No database is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from types import SimpleNamespace

import click
import pytest

from goodterms.cli import cli
from goodterms.cli.checking import finding_json
from goodterms.config import OPTIONS
from goodterms.engine.model import FAVOR_DEFAULT_SIZE, REQUEST_DEFAULT_SIZE
from goodterms.engine.rules import BUILTIN_RULES
from goodterms.engine.templates import DEFAULT_TEMPLATES
from goodterms.errors import ExitCode
from goodterms.journal import SPECS
from goodterms.plugins import rule_defaults

DOCS = Path(__file__).resolve().parent.parent / "docs"
CODE_SPAN = re.compile(r"`([^`]+)`")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


# ---------------------------------------------------------------- reading markdown

@dataclass(frozen=True)
class Section:
    level: int
    heading: str
    lines: tuple[str, ...]  # the heading's own text and everything under it

    @property
    def heading_spans(self) -> list[str]:
        return CODE_SPAN.findall(self.heading)

    @property
    def spans(self) -> list[str]:
        return [span for line in self.lines for span in CODE_SPAN.findall(line)]


@cache
def prose(name: str) -> tuple[str, ...]:
    """The lines of a docs page outside fenced code blocks."""
    lines: list[str] = []
    fenced = False
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return tuple(lines)


@cache
def sections(name: str) -> tuple[Section, ...]:
    """Each heading of a page with what it covers, down to the next heading of its
    level or higher (so a section includes its subsections)."""
    lines = prose(name)
    found: list[Section] = []
    for start, line in enumerate(lines):
        match = HEADING.match(line)
        if not match:
            continue
        level = len(match.group(1))
        end = len(lines)
        for later in range(start + 1, len(lines)):
            other = HEADING.match(lines[later])
            if other and len(other.group(1)) <= level:
                end = later
                break
        found.append(Section(level, match.group(2), lines[start:end]))
    return tuple(found)


def spans(name: str) -> set[str]:
    """Every inline code span of a page, outside code blocks."""
    return {span for line in prose(name) for span in CODE_SPAN.findall(line)}


def mentions(texts: list[str] | set[str], word: str) -> bool:
    """Whether `word` is one of the texts or appears in one as a whole word."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    return any(pattern.search(text) for text in texts)


# ---------------------------------------------------------------- the code's side

def walk(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                           click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = list(walk(cli))
COMMAND_IDS = [" ".join(path) for path, _ in COMMANDS]


def long_flags(command: click.Command) -> list[str]:
    flags: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            flags += [f for f in (*param.opts, *param.secondary_opts) if f.startswith("--")]
    return flags


def command_sections(path: tuple[str, ...]) -> list[Section]:
    """The sections of docs/cli.md whose heading names this command (or a
    subcommand of it, for a group documented through its subcommands)."""
    name = "goodterms " + " ".join(path)
    return [s for s in sections("cli.md")
            if any(span == name or span.startswith(name + " ") for span in s.heading_spans)]


def builtin_rule_defaults() -> dict[str, dict[str, object]]:
    """Thresholds of goodterms' own rules, as `goodterms config` sees them (rules that
    other installed packages add are documented by those packages)."""
    ours = {rule.id for rule in BUILTIN_RULES}
    return {rule_id: d for rule_id, d in rule_defaults().items() if rule_id in ours}


# ---------------------------------------------------------------- docs/cli.md

def test_it_finds_the_commands_to_check():
    assert {"add", "check", "request done", "export journal", "config set"} <= set(COMMAND_IDS)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=COMMAND_IDS)
def test_every_command_has_a_heading_in_cli_md(path, command):
    assert command_sections(path), (
        f"docs/cli.md has no heading naming `goodterms {' '.join(path)}`"
    )


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=COMMAND_IDS)
def test_every_option_is_documented_under_its_command(path, command):
    documented = [span for s in command_sections(path) for span in s.spans]
    missing = [flag for flag in long_flags(command) if not mentions(documented, flag)]
    assert not missing, (
        f"docs/cli.md: the section of `goodterms {' '.join(path)}` does not mention "
        f"{', '.join(missing)}"
    )


def test_every_global_option_is_documented():
    found = [s for s in sections("cli.md") if s.heading.strip().lower() == "global options"]
    assert found, "docs/cli.md has no 'Global options' section"
    documented = found[0].spans
    missing = [flag for flag in long_flags(cli) if not mentions(documented, flag)]
    assert not missing, f"docs/cli.md, Global options: {', '.join(missing)} missing"


def test_every_exit_code_is_documented():
    codes = {value for key, value in vars(ExitCode).items() if key.isupper()}
    documented = spans("cli.md")
    missing = sorted(code for code in codes if str(code) not in documented)
    assert not missing, f"docs/cli.md does not list the exit codes {missing}"


def test_it_explains_naming_people_and_times():
    headings = [s.heading.lower() for s in sections("cli.md")]
    assert "naming people" in headings
    assert "dates and times" in headings
    documented = spans("cli.md")
    for word in ("now", "today", "yesterday", "--debug"):
        assert mentions(documented, word), f"docs/cli.md does not mention `{word}`"


# ---------------------------------------------------------------- docs/configuration.md

def test_every_setting_is_documented():
    documented = spans("configuration.md")
    missing = [o.key for o in OPTIONS if o.key not in documented]
    assert not missing, f"docs/configuration.md does not document {missing}"


def test_every_builtin_rule_is_configurable_and_documented():
    defaults = builtin_rule_defaults()
    assert set(defaults) == {rule.id for rule in BUILTIN_RULES}
    documented = spans("configuration.md")
    missing = [f"rules.{r}.enabled" for r in defaults if f"rules.{r}.enabled" not in documented]
    assert not missing, f"docs/configuration.md does not document {missing}"


def test_every_rule_threshold_is_documented_with_its_default():
    rows: dict[str, str] = {}
    for line in prose("configuration.md"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(cells) >= 2:
            key = CODE_SPAN.fullmatch(cells[0])
            if key:
                rows[key.group(1)] = cells[1].strip("`")
    problems = []
    for rule_id, thresholds in builtin_rule_defaults().items():
        for name, default in thresholds.items():
            key = f"rules.{rule_id}.{name}"
            if key not in rows:
                problems.append(f"{key} is missing")
            elif rows[key] != str(default):
                problems.append(f"{key} says {rows[key]}, the default is {default}")
    assert not problems, "docs/configuration.md: " + "; ".join(problems)


def test_every_draft_template_and_placeholder_is_documented():
    documented = spans("configuration.md")
    missing = [name for name in DEFAULT_TEMPLATES if name not in documented]
    assert not missing, f"docs/configuration.md does not list the templates {missing}"
    placeholders = {
        "$" + (m.group("named") or m.group("braced"))
        for text in DEFAULT_TEMPLATES.values()
        for m in Template.pattern.finditer(text)
        if m.group("named") or m.group("braced")
    }
    missing = sorted(p for p in placeholders if p not in documented)
    assert not missing, f"docs/configuration.md does not explain {missing}"


def test_it_documents_the_environment_variables():
    documented = spans("configuration.md")
    for name in ("GOODTERMS_HOME", "GOODTERMS_DATABASE_URL", "GOODTERMS_SECRET_KEY",
                 "GOODTERMS_NOW"):
        assert name in documented, f"docs/configuration.md does not document {name}"


# ---------------------------------------------------------------- docs/journal.md

def type_section(kind: str) -> Section | None:
    for s in sections("journal.md"):
        if s.heading_spans == [kind]:
            return s
    return None


@pytest.mark.parametrize("kind", list(SPECS))
def test_every_journal_line_type_and_field_is_documented(kind):
    section = type_section(kind)
    assert section is not None, f"docs/journal.md has no heading `{kind}`"
    documented = section.spans
    missing = [spec.name for spec in SPECS[kind] if spec.name not in documented]
    assert not missing, f"docs/journal.md, `{kind}`: fields {missing} missing"
    values = [c for spec in SPECS[kind] for c in spec.choices if not mentions(documented, c)]
    assert not values, f"docs/journal.md, `{kind}`: values {values} missing"


def test_it_documents_the_default_sizes():
    sizes: dict[str, int] = {}
    for line in prose("journal.md"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(cells) == 2 and cells[0].isdigit():
            for kind in CODE_SPAN.findall(cells[1]):
                sizes[kind] = int(cells[0])
    assert sizes == dict(FAVOR_DEFAULT_SIZE)
    assert mentions(list(prose("journal.md")), f"request `size` | {REQUEST_DEFAULT_SIZE}")


def test_every_field_of_the_check_json_is_documented():
    found = [s for s in sections("journal.md") if "json output" in s.heading.lower()]
    assert found, "docs/journal.md has no section on the check's JSON output"
    documented = found[0].spans
    finding = SimpleNamespace(rule="r", person=None, subject=None, state="warning", due=None,
                              severity="medium", cause="accident", message="m", action="a")
    keys = ["as_of", "findings", *finding_json(finding, SimpleNamespace())]
    missing = [key for key in keys if key not in documented]
    assert not missing, f"docs/journal.md, check JSON: {missing} missing"


@pytest.mark.parametrize("name", ["cli.md", "journal.md", "configuration.md", "backup.md"])
def test_every_docs_page_links_only_to_pages_that_exist(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):
        assert (DOCS / target).is_file(), f"docs/{name} links to missing docs/{target}"
