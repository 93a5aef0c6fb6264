"""`goodterms serve` runs the app under waitress: pages, static files, the first-run link."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOODTERMS_")}
    env["GOODTERMS_HOME"] = str(tmp_path)
    (tmp_path / "config.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "goodterms", "serve", "--port", str(port), "--threads", "2",
         "--trusted-proxy", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "goodterms is serving at" in line:
            break
    output = "".join(lines)
    assert "goodterms is serving at" in output, output
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # the socket opens right after the message
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield base, output, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_answers_with_waitress_and_serves_static_files(server):
    base, output, _home = server
    # First run: the owner exists, has no password, and gets a one-time link.
    assert "has no password yet" in output
    link = re.search(rf"({re.escape(base)}/login/link/\S+/)", output)
    assert link, output
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirected:
        opener.open(base + "/")
    assert redirected.value.code == 302
    assert redirected.value.headers["Location"].startswith("/login/?next=/")
    with urllib.request.urlopen(base + "/login/") as page:
        assert page.status == 200
        assert page.headers["Server"] == "goodterms"  # waitress, named after the app
        assert "Log in to goodterms" in page.read().decode()
    with urllib.request.urlopen(base + "/static/web/goodterms.css") as css:
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
        assert "max-age=" in css.headers["Cache-Control"]
        assert css.headers["Last-Modified"] and css.headers["ETag"]
        assert "--accent" in css.read().decode()
    # The link signs in (a POST with the CSRF cookie and token), once.
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with browser.open(link.group(1)) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert token
    request = urllib.request.Request(link.group(1), data=f"csrfmiddlewaretoken="
                                     f"{token.group(1)}".encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as signed_in:
        browser.open(request)
    assert signed_in.value.code == 302
    assert signed_in.value.headers["Location"] == "/account/password/"
    with browser.open(base + "/account/password/") as page:
        assert "Choose a password" in page.read().decode()
    with pytest.raises(urllib.error.HTTPError) as used:
        urllib.request.urlopen(link.group(1))
    assert used.value.code == 410


def test_behind_the_trusted_proxy_logins_are_counted_per_client(server):
    import sqlite3
    from urllib.parse import urlencode

    base, _output, home = server
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with browser.open(base + "/login/") as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert token
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": "mallory",
                      "password": "guess"}).encode()
    request = urllib.request.Request(base + "/login/", data=form, method="POST",
                                     headers={"X-Forwarded-For": "203.0.113.9"})
    with browser.open(request) as page:
        assert page.status == 200
        assert "enter a correct username and password" in page.read().decode()
    with sqlite3.connect(home / "goodterms.sqlite3") as db:
        rows = db.execute("SELECT username, ip FROM web_loginfailure").fetchall()
    assert rows == [("mallory", "203.0.113.9")]
