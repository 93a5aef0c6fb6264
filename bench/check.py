"""Benchmark: `goodterms check` on synthetic networks, against merely loading them.

    python bench/check.py [--sizes 1000,10000,100000]

For each size it imports a seeded synthetic network (bench/generate.py) into a
fresh home, then measures, each in a process of its own:

- the whole `goodterms check --format json` command, start-up included (wall
  time and peak memory);
- inside one process: loading the events from the database into the engine's
  snapshot, building the per-person index, and running the nine rules.

The rules should cost less than loading the events, and everything should grow
linearly with the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from journal_io import GOODTERMS, fresh_home, journal_for, machine, timed  # noqa: E402

INSIDE = r"""
import gc, json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodterms.settings")
from datetime import datetime
from zoneinfo import ZoneInfo
from goodterms.store.setup import ensure_database
ensure_database()
from goodterms.engine import BUILTIN_RULES, NetworkIndex, run_check
from goodterms.engine.check import cut
from goodterms.store.actions import get_owner
from goodterms.store.snapshot import build_snapshot
tz = ZoneInfo("UTC")
as_of = datetime(2026, 11, 20, 9, tzinfo=tz)
owner = get_owner()
t0 = time.perf_counter(); snap = build_snapshot(owner, until=as_of); t1 = time.perf_counter()
events = sum(len(x) for x in (snap.interactions, snap.favors, snap.requests,
             snap.request_updates, snap.thanks, snap.offers, snap.shares))
t2 = time.perf_counter(); index = NetworkIndex(cut(snap, as_of, tz), tz); t3 = time.perf_counter()
result = run_check(snap, as_of, tz=tz, rules=BUILTIN_RULES)
t4 = time.perf_counter()
print(json.dumps({"events": events, "load": t1 - t0, "index": t3 - t2,
                  "check": t4 - t3, "findings": len(result.findings)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    goodterms = GOODTERMS
    print(f"Machine: {machine()}")
    print("Database: SQLite (WAL) in a fresh GOODTERMS_HOME; as of 2026-11-20T09:00 UTC\n")
    print("| people | events | `goodterms check` wall | peak RSS | load events | "
          "index | check (cut + index + rules) | findings |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for people in (int(x) for x in args.sizes.split(",")):
        journal = journal_for(people)
        with fresh_home() as env:
            subprocess.run([goodterms, "import", "journal", str(journal)], env=env,
                           check=True, stdout=subprocess.DEVNULL)
            wall, rss = timed([goodterms, "check", "--as-of", "2026-11-20T09:00",
                               "--format", "json"], env)
            inside = subprocess.run([sys.executable, "-c", INSIDE], env=env, check=True,
                                    capture_output=True, text=True).stdout
        import json

        r = json.loads(inside)
        print(f"| {people:,} | {r['events']:,} | {wall:.2f} s | {rss:.0f} MiB | "
              f"{r['load']:.2f} s | {r['index']:.2f} s | {r['check']:.2f} s | "
              f"{r['findings']:,} |", flush=True)


if __name__ == "__main__":
    main()
