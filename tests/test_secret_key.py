"""The secret key made on first use: private, and one key however many start at once."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def test_processes_starting_together_share_one_key(tmp_path):
    tmp_path = tmp_path / "new-home"
    code = "from goodterms.settings import SECRET_KEY; print(SECRET_KEY)"
    env = {**os.environ, "GOODTERMS_HOME": str(tmp_path)}
    env.pop("GOODTERMS_SECRET_KEY", None)

    def start(_: int) -> str:
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()

    with ThreadPoolExecutor(6) as pool:
        keys = set(pool.map(start, range(6)))
    assert len(keys) == 1
    assert keys == {(tmp_path / "secret_key").read_text().strip()}
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary left
