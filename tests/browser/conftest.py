"""A real `goodterms serve` in its own process and Debian's Chromium driven by Playwright.

The server gets a data folder of its own (SQLite) and a fixed clock
(GOODTERMS_NOW), so what the pages show is the same on every run. The tests
skip, saying why, where Chromium or Playwright is missing (`.ci/run` installs
Chromium from Debian's packages; no browser is ever downloaded).

Screenshots go to a temporary folder, or to GOODTERMS_SCREENSHOTS when it is
set: `GOODTERMS_SCREENSHOTS=docs/screenshots pytest tests/browser` refreshes the
pictures in the docs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return "needs Chromium (/usr/bin/chromium): apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs Playwright: pip install -e '.[test]'"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


@dataclass
class Server:
    url: str
    home: Path
    env: dict[str, str]

    def goodterms(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "goodterms", *args], input=stdin,
                                capture_output=True, text=True, env=self.env, timeout=120,
                                check=False)
        assert result.returncode == 0, result.stderr
        return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path, now: str, timezone: str = "UTC") -> Iterator[Server]:
    env = {**os.environ, "GOODTERMS_HOME": str(home), "GOODTERMS_NOW": now}
    env.pop("GOODTERMS_DATABASE_URL", None)  # a SQLite file of its own, whatever the suite uses
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'timezone = "{timezone}"\n', encoding="utf-8")
    port = _free_port()
    server = Server(f"http://127.0.0.1:{port}", home, env)
    server.goodterms("user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "goodterms", "serve", "--port", str(port)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(server.url + "/login/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read() if process.stdout else ""
                    raise RuntimeError(f"goodterms serve did not start:\n{out}") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("GOODTERMS_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page: object, server: Server) -> None:
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    page.get_by_label("User name").fill("ana")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Today").wait_for()  # type: ignore[attr-defined]
