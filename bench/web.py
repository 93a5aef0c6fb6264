"""Benchmark: the web app's Today and Person pages on a synthetic network, under load.

    python bench/web.py [--people 10000] [--clients 4] [--requests 400]

It imports a seeded synthetic network (bench/generate.py) into a fresh home,
gives its owner a password, starts `goodterms serve` on a loopback port and
logs in. Then `--clients` threads, each with its own session, ask for pages
one after another (a bounded, closed-loop load: never more than `--clients`
requests in flight) and every request's latency is recorded:

- Today (`/`) again and again;
- Person (`/people/<id>/`) for people picked at random (seeded).

The very first Today after start-up computes the findings (seconds on a big
network) and is reported on its own ("cold"); the server then keeps them until
the network changes. Loopback, 2 cores shared by server and load generator.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from journal_io import GOODTERMS, fresh_home, journal_for, machine  # noqa: E402

PASSWORD = "bench-password-123"
NOW = "2026-11-20T09:00"


class Session:
    """One logged-in browser, as plain HTTP/1.1 with a keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: dict[str, str] | None = None
                ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/login/"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def log_in(self, username: str) -> None:
        _status, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        status, _ = self.request("POST", "/login/", {
            "csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD})
        assert status == 302, f"login failed ({status})"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(port: int, username: str, paths: list[str], clients: int) -> list[float]:
    """Each client logs in, then asks for its share of `paths`; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    shares = [paths[i::clients] for i in range(clients)]

    def client(share: list[str]) -> None:
        session = Session(port)
        session.log_in(username)
        mine = []
        for path in share:
            t = time.perf_counter()
            status, _ = session.request("GET", path)
            mine.append((time.perf_counter() - t) * 1000)
            assert status == 200, f"{path}: {status}"
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(s,)) for s in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def summary(name: str, ms: list[float], seconds: float) -> str:
    q = statistics.quantiles(ms, n=100)
    return (f"| {name} | {len(ms):,} | {statistics.median(ms):.1f} ms | {q[94]:.1f} ms | "
            f"{q[98]:.1f} ms | {max(ms):.0f} ms | {len(ms) / seconds:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400, help="per page kind")
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    args = parser.parse_args()
    journal = journal_for(args.people)
    print(f"Machine: {machine()}")
    with fresh_home() as env:
        env = {**env, "GOODTERMS_NOW": NOW}
        subprocess.run([GOODTERMS, "import", "journal", str(journal)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        owner = subprocess.run([GOODTERMS, "user", "list"], env=env, check=True,
                               capture_output=True, text=True).stdout.split()[0]
        subprocess.run([GOODTERMS, "user", "passwd", owner, "--password-stdin"], env=env,
                       input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        exported = subprocess.run([GOODTERMS, "export", "journal", "-"], env=env, check=True,
                                  capture_output=True, text=True).stdout
        people = [json.loads(line)["id"] for line in exported.splitlines()
                  if line.startswith('{"type": "person"') or '"type":"person"' in line[:30]]
        port = free_port()
        server = subprocess.Popen([GOODTERMS, "serve", "--port", str(port),
                                   "--threads", str(args.threads)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            session = None
            for _ in range(300):
                try:
                    session = Session(port)
                    session.log_in(owner)
                    break
                except (OSError, http.client.HTTPException):
                    time.sleep(0.2)
            assert session is not None
            t = time.perf_counter()
            status, _ = session.request("GET", "/")
            cold = time.perf_counter() - t
            assert status == 200
            rng = random.Random(7)
            print(f"Network: {args.people:,} people ({len(exported.splitlines()):,} journal "
                  f"lines); SQLite (WAL); server: goodterms serve --threads {args.threads}; "
                  f"load: {args.clients} clients in a closed loop on loopback\n")
            print(f"First Today after start-up (computes the findings): {cold * 1000:.0f} ms\n")
            print("| page | requests | median | p95 | p99 | max | requests/s |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            for name, paths in (
                ("Today `/`", ["/"] * args.requests),
                ("Person `/people/<id>/`",
                 [f"/people/{rng.choice(people)}/" for _ in range(args.requests)]),
            ):
                t = time.perf_counter()
                ms = load(port, owner, paths, args.clients)
                print(summary(name, ms, time.perf_counter() - t), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
