"""Benchmark: the JSON API reading findings, on SQLite and on PostgreSQL.

    python bench/api.py [--people 10000] [--requests 20] [--concurrency 1,4]
                        [--databases sqlite,postgresql]

For each database it imports a seeded synthetic network (bench/generate.py) into a
fresh home, creates an API token, starts `goodterms serve` (waitress, 4 threads)
on a free port of 127.0.0.1, and sends `GET /api/findings?as_of=…` from a small
load generator (threads, one http.client connection each): a fixed number of
requests at each concurrency, after two warm-up requests. It reports requests per
second and the latency (median, p95) of each run, as a Markdown table to paste into
bench/README.md. Findings are measured twice:

- computed: each request asks for another moment (`as_of` one minute later each
  time), so every one loads the network and runs the rules;
- repeated: the same `as_of` again and again, as a client polling within a minute
  does; the server answers from memory until the network changes.

A cheap request (`GET /api/people?limit=50`) shows what a request costs besides
the check.

PostgreSQL: a database of its own (`goodterms_bench_api`) on 127.0.0.1:5432 as
user postgres, created at the start and dropped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from journal_io import GOODTERMS, fresh_home, journal_for, machine  # noqa: E402

AS_OF = "2026-11-20T09:00"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "goodterms_bench_api"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def postgres_database() -> Iterator[str]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        admin.execute(f'CREATE DATABASE "{PG_DB}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


@contextmanager
def server(env: dict[str, str], port: int) -> Iterator[None]:
    process = subprocess.Popen([GOODTERMS, "serve", "--port", str(port), "--threads", "4"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/openapi.json")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"goodterms serve did not start: {err}")
            time.sleep(0.3)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def load(port: int, token: str, path: Callable[[int], str], requests: int, concurrency: int
         ) -> tuple[float, list[float]]:
    """Send `requests` GETs (the n-th of `path(n)`), `concurrency` at a time;
    (wall seconds, latencies)."""
    headers = {"Authorization": f"Bearer {token}"}
    numbers = iter(range(requests))
    lock = threading.Lock()
    per_worker = [requests // concurrency + (1 if i < requests % concurrency else 0)
                  for i in range(concurrency)]

    def worker(count: int) -> list[float]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        times = []
        for _ in range(count):
            with lock:
                n = next(numbers)
            start = time.perf_counter()
            conn.request("GET", path(n), headers=headers)
            response = conn.getresponse()
            body = response.read()
            times.append(time.perf_counter() - start)
            if response.status != 200:
                raise RuntimeError(f"{path(n)}: {response.status} {body[:200]!r}")
        conn.close()
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, per_worker))
    wall = time.perf_counter() - start
    return wall, [t for r in results for t in r]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_database(name: str, env: dict[str, str], journal: Path, args: argparse.Namespace
                   ) -> list[str]:
    start = time.perf_counter()
    subprocess.run([GOODTERMS, "import", "journal", str(journal)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"{name}: imported {journal.name} in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    token = subprocess.run([GOODTERMS, "token", "create", "bench"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip()
    port = free_port()
    rows = []
    first = datetime(2026, 11, 20, 9, 0)
    minutes = itertools.count(1)  # a moment no request has asked for yet, each time

    def moment_path(_n: int) -> str:
        return f"/api/findings?as_of={(first + timedelta(minutes=next(minutes))):%Y-%m-%dT%H:%M}"

    def same_path(_n: int) -> str:
        return f"/api/findings?as_of={AS_OF}"

    def people_path(_n: int) -> str:
        return "/api/people?limit=50"

    with server(env, port):
        load(port, token, moment_path, 2, 1)  # warm-up
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", same_path(0), headers={"Authorization": f"Bearer {token}"})
        count = len(json.loads(conn.getresponse().read())["findings"])
        conn.close()
        runs = ((f"`GET /api/findings`, computed ({count:,} findings)", moment_path,
                 args.requests),
                (f"`GET /api/findings`, repeated ({count:,} findings)", same_path,
                 args.requests * 10),
                ("`GET /api/people?limit=50`", people_path, args.requests * 10))
        for label, path, requests in runs:
            for concurrency in args.concurrency:
                wall, times = load(port, token, path, requests, concurrency)
                rows.append(f"| {name} | {label} | {concurrency} | {requests} | "
                            f"{requests / wall:.2f} | {statistics.median(times) * 1000:,.0f} ms | "
                            f"{p95(times) * 1000:,.0f} ms |")
                print(rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--concurrency", default="1,4",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    journal = journal_for(args.people)
    print(f"Machine: {machine()}")
    print(f"Network: {args.people:,} people ({journal.name}); server: goodterms serve "
          f"(waitress, 4 threads); as of {AS_OF} UTC\n")
    print("| database | request | concurrency | requests | requests/s | median | p95 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in args.databases.split(","):
        with fresh_home() as env:
            if name == "sqlite":
                for row in bench_database("SQLite", env, journal, args):
                    print(row, flush=True)
            else:
                with postgres_database() as url:
                    env = {**env, "GOODTERMS_DATABASE_URL": url}
                    subprocess.run([GOODTERMS, "config", "set", "timezone", "UTC"], env=env,
                                   check=True, stdout=subprocess.DEVNULL)
                    for row in bench_database("PostgreSQL", env, journal, args):
                        print(row, flush=True)


if __name__ == "__main__":
    main()
