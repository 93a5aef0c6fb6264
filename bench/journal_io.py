"""Benchmark: importing and exporting journals of synthetic networks.

    python bench/journal_io.py [--sizes 1000,10000,100000]

For each size it generates a seeded network (bench/generate.py, about 20 lines a
person), imports it with `goodterms import` into a fresh home, imports it again
(nothing to change), and exports it, each as its own process. It reports wall
time, lines per second and the peak memory (max RSS) of each process, as a
Markdown table to paste into bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def journal_for(people: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"network-{people}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--people", str(people),
                        "-o", str(path)], check=True)
    return path


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one goodterms command; return (seconds, peak RSS in MiB) of that process."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "print(time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


GOODTERMS = str(Path(sys.executable).with_name("goodterms"))


@contextmanager
def fresh_home() -> Iterator[dict[str, str]]:
    """The environment of a goodterms with an empty home of its own, in UTC."""
    with tempfile.TemporaryDirectory(prefix="goodterms-bench-") as home:
        env = {**os.environ, "GOODTERMS_HOME": home}
        env.pop("GOODTERMS_DATABASE_URL", None)
        subprocess.run([GOODTERMS, "config", "set", "timezone", "UTC"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        yield env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    goodterms = GOODTERMS
    print(f"Machine: {machine()}")
    print("Database: SQLite (WAL) in a fresh GOODTERMS_HOME\n")
    print("| people | lines | import | lines/s | peak RSS | import again | export | "
          "lines/s | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for people in (int(x) for x in args.sizes.split(",")):
        journal = journal_for(people)
        lines = sum(1 for _ in journal.open("rb"))
        with fresh_home() as env:
            imp, imp_rss = timed([goodterms, "import", "journal", str(journal)], env)
            again, _ = timed([goodterms, "import", "journal", str(journal)], env)
            exported = Path(env["GOODTERMS_HOME"]) / "export.jsonl"
            exp, exp_rss = timed([goodterms, "export", "journal", str(exported)], env)
            assert sum(1 for _ in exported.open("rb")) == lines
        print(f"| {people:,} | {lines:,} | {imp:.1f} s | {lines / imp:,.0f} | "
              f"{imp_rss:.0f} MiB | {again:.1f} s | {exp:.1f} s | {lines / exp:,.0f} | "
              f"{exp_rss:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
