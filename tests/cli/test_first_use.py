"""goodterms as a newcomer meets it: a fresh home, a real process, a real file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from goodterms.home import database_target

pytestmark = pytest.mark.skipif(
    database_target().engine != "sqlite", reason="these tests run goodterms on a SQLite file"
)


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOODTERMS_HOME": str(home)}
    env.pop("GOODTERMS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "goodterms", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_the_first_command_creates_and_migrates_the_database(tmp_path):
    home = tmp_path / "new-home"
    result = run(home, "add", "Tim Park", "--id", "tim")
    assert result.returncode == 0, result.stderr
    db = home / "goodterms.sqlite3"
    assert db.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in conn.execute("SELECT name FROM goodterms_person")]
    assert names == ["Tim Park"]
    assert (home / "secret_key").stat().st_mode & 0o077 == 0  # private to the user
    again = run(home, "people")
    assert "Tim Park" in again.stdout


def test_version_and_help_need_no_database(tmp_path):
    home = tmp_path / "untouched"
    assert run(home, "--version").stdout.startswith("goodterms, version ")
    assert "Stay on good terms" in run(home, "--help").stdout
    assert not home.exists()


def test_errors_are_one_line_and_tracebacks_only_with_debug(tmp_path):
    plain = run(tmp_path, "show", "nobody")
    assert plain.returncode == 3
    assert plain.stderr.startswith("error: nobody called 'nobody'")
    assert "Traceback" not in plain.stderr
    debug = run(tmp_path, "--debug", "show", "nobody")
    assert "Traceback" in debug.stderr


def test_a_journal_from_standard_input(tmp_path):
    line = {"type": "person", "id": "ana", "name": "Ana Bell"}
    result = run(tmp_path, "import", "-", stdin=json.dumps(line) + "\n")
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout
    exported = run(tmp_path, "export", "journal")
    assert json.loads(exported.stdout) == line


def test_backup_copies_the_database_while_it_is_in_use(tmp_path):
    home = tmp_path / "home"
    run(home, "add", "Tim Park", "--id", "tim")
    # Another process holds an open read transaction on the database meanwhile.
    reader = sqlite3.connect(home / "goodterms.sqlite3", check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM goodterms_person").fetchone()
    done = threading.Event()
    try:
        result = run(home, "backup", str(tmp_path / "copy.sqlite3"))
        done.set()
    finally:
        reader.rollback()
        reader.close()
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("SELECT name FROM goodterms_person").fetchall() == [("Tim Park",)]
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Restoring is copying the file back into a home.
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "goodterms.sqlite3").write_bytes((tmp_path / "copy.sqlite3").read_bytes())
    assert "Tim Park" in run(restored, "people").stdout


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    env = {**os.environ, "GOODTERMS_HOME": str(tmp_path),
           "GOODTERMS_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = subprocess.run([sys.executable, "-m", "goodterms", "people"], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode == 6
    assert "cannot use the database at postgresql://nobody@127.0.0.1:1/none" in result.stderr


def test_output_cut_short_by_its_reader_is_no_failure():
    """`goodterms config | head -3`: the pipe closes while goodterms still writes."""
    import io

    from goodterms.cli import run
    from goodterms.cli.env import Env

    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() > 200:
                raise BrokenPipeError(32, "Broken pipe")
            return super().write(text)

    out = Closed()
    err = io.StringIO()
    assert run(["config"], Env(stdin=io.BytesIO(b""), stdout=out, stderr=err)) == 0
    assert out.getvalue() and not err.getvalue()
