"""Rules from other packages: installed with pip, found through the entry point group
`goodterms.rules`, configured like built-in rules, and never able to break a check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "goodterms-mentor-update"

BROKEN_PYPROJECT = """
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "goodterms-broken-rules"
version = "0.1"

[project.entry-points."goodterms.rules"]
cannot-import = "broken_rules.missing:Nope"
explodes = "broken_rules:Explodes"
"""

BROKEN_MODULE = '''
class Explodes:
    id = "explodes"
    cause = "accident"
    description = "A rule with a bug."
    defaults = {}

    def check(self, ctx):
        raise ZeroDivisionError("oops")
'''

NETWORK = [
    {"type": "person", "id": "ada", "name": "Ada Mentor", "close": True,
     "met_on": "2020-01-10"},
    {"type": "interaction", "at": "2026-08-01T10:00", "with": ["ada"], "kind": "call"},
    {"type": "favor", "id": "f1", "at": "2026-09-01T10:00", "from": "ada", "to": "me",
     "kind": "advice", "what": "went through my salary negotiation"},
    {"type": "thanks", "at": "2026-09-01T18:00", "from": "me", "to": "ada", "for": "f1"},
    {"type": "offer", "at": "2026-09-01T18:05", "from": "me", "to": "ada"},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A folder where the example rule and a broken one are really pip-installed."""
    base = tmp_path_factory.mktemp("plugins")
    broken = base / "broken"
    (broken / "broken_rules").mkdir(parents=True)
    (broken / "pyproject.toml").write_text(BROKEN_PYPROJECT)
    (broken / "broken_rules" / "__init__.py").write_text(textwrap.dedent(BROKEN_MODULE))
    target = base / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(EXAMPLE), str(broken)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"pip could not install the test plugins:\n{result.stderr}")
    return target


def goodterms(site: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOODTERMS_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    env.pop("GOODTERMS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "goodterms", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.fixture
def network(tmp_path, site) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('timezone = "UTC"\n')
    journal = tmp_path / "n.jsonl"
    journal.write_text("\n".join(json.dumps(x) for x in NETWORK) + "\n")
    assert goodterms(site, home, "import", str(journal)).returncode == 0
    return home


def rules(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_an_installed_rule_runs_with_the_built_in_ones(site, network):
    result = goodterms(site, network, "check", "--as-of", "2026-10-05", "--format", "json")
    assert rules(result) == {"mentor-update"}
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["person"] == "ada" and finding["severity"] == "low"
    assert finding["due"] == "2026-10-01T18:05:00+00:00"  # 30 days after my last news
    assert finding["state"] == "overdue"
    quiet = goodterms(site, network, "check", "--as-of", "2026-09-20", "--format", "json")
    assert rules(quiet) == set()  # not yet within a week of its due date


def test_it_is_tuned_and_switched_off_like_a_built_in_rule(site, network):
    assert goodterms(site, network, "config", "set", "rules.mentor-update.quiet_days",
                     "60").returncode == 0
    assert rules(goodterms(site, network, "check", "--as-of", "2026-10-20",
                           "--format", "json")) == set()
    assert goodterms(site, network, "config", "set", "rules.mentor-update.enabled",
                     "false").returncode == 0
    assert rules(goodterms(site, network, "check", "--as-of", "2026-12-20",
                           "--format", "json")) == set()
    shown = goodterms(site, network, "config").stdout
    assert "rules.mentor-update.quiet_days = 60" in shown


def test_a_broken_plugin_is_a_warning_naming_it_and_the_rest_still_run(site, network):
    result = goodterms(site, network, "check", "--as-of", "2026-10-20", "--format", "json")
    assert "cannot-import" in result.stderr and "could not be loaded" in result.stderr
    assert "rule explodes failed and was skipped: ZeroDivisionError: oops" in result.stderr
    assert rules(result) == {"mentor-update"}
