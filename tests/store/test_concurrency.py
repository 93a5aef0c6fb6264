"""Two users importing large journals at the same time lose nothing and see nothing
of each other's.

Each import runs in a process of its own (`python -m goodterms --user NAME import
…`), both at once, against the database the tests use. The two journals come from
the benchmark generator with different seeds: the same ids (p000000, f10002, …)
with different content, so that a line landing in the wrong network, or one
import overwriting the other, cannot go unnoticed. Afterwards each user's export
holds exactly their own journal, line for line.

On PostgreSQL the journals are large (20,000 lines each) and the imports really
run side by side. On SQLite, which lets one writer in at a time (the other waits,
up to 30 seconds), they are smaller; nothing may be lost there either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from goodterms.home import database_target
from goodterms.journal import check_object

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = database_target().engine == "postgresql"
PEOPLE = 1000 if ON_POSTGRES else 100  # about 20 lines a person: 20,000 lines a user
USERS = {"ana": 7, "bob": 8}  # user: generator seed

CREATE_USERS = (
    "import sys\n"
    "from goodterms.store.setup import ensure_database\n"
    "ensure_database()\n"
    "from django.contrib.auth import get_user_model\n"
    "for name in sys.argv[1:]:\n"
    "    get_user_model().objects.create_user(username=name)\n"
)


def database_url() -> str | None:
    """The test database (pytest-django's test_… copy on PostgreSQL), for the
    subprocesses; None on SQLite, where they use a file in their own home."""
    if not ON_POSTGRES:
        return None
    from django.db import connection

    s = connection.settings_dict
    login = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        login += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgresql://{login}{'@' if login else ''}{host}{port}/{quote(s['NAME'])}"


def stored_form(path: Path) -> dict[tuple[str, str], str]:
    """Each line's (type, id) and a hash of the record it stands for, as an import
    reads it: two journals with equal forms hold the same network."""
    tz = ZoneInfo("UTC")
    form: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            obj = json.loads(text)
            if obj["type"] == "share" and obj.get("with_permission") is False:
                del obj["with_permission"]  # the default: the export leaves it out
            line = check_object(obj, tz, number)
            assert (line.type, line.id) not in form, f"{path.name}: {line.id} twice"
            form[(line.type, line.id)] = line.digest()
    return form


@pytest.mark.django_db(transaction=True)  # committed, so the subprocesses see the same data
def test_two_users_importing_at_once_lose_nothing_and_see_nothing_of_each_other(tmp_path,
                                                                                home):
    env: dict[str, Any] = {**os.environ, "GOODTERMS_HOME": str(home)}
    env.pop("GOODTERMS_NOW", None)
    url = database_url()
    if url:
        env["GOODTERMS_DATABASE_URL"] = url
    else:
        env.pop("GOODTERMS_DATABASE_URL", None)  # a SQLite file in the home folder

    def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], env=env, capture_output=True,
                              text=True, timeout=timeout, check=False, cwd=ROOT)

    journals = {}
    for name, seed in USERS.items():
        journals[name] = tmp_path / f"{name}.jsonl"
        made = run(str(ROOT / "bench" / "generate.py"), "--people", str(PEOPLE), "--seed",
                   str(seed), "-o", str(journals[name]))
        assert made.returncode == 0, made.stderr
    expected = {name: stored_form(path) for name, path in journals.items()}
    count = {name: sum(1 for _ in path.open()) for name, path in journals.items()}
    assert count["ana"] >= PEOPLE * 20
    assert set(expected["ana"]) & set(expected["bob"])  # the same ids ...
    assert expected["ana"] != expected["bob"]  # ... for different records

    made = run("-c", CREATE_USERS, *USERS)
    assert made.returncode == 0, made.stderr

    imports = {name: subprocess.Popen(
        [sys.executable, "-m", "goodterms", "--user", name, "import", "journal",
         str(journals[name])], env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for name in USERS}
    assert all(p.poll() is None for p in imports.values())  # both under way at once
    for name, process in imports.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"{name}: {err}"
        assert f"{count[name]} new, 0 updated, 0 unchanged" in out, out

    for name in USERS:
        exported = tmp_path / f"{name}-export.jsonl"
        result = run("-m", "goodterms", "--user", name, "export", "journal", str(exported))
        assert result.returncode == 0, result.stderr
        assert stored_form(exported) == expected[name], f"{name}'s network is not their journal"
