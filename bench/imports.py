"""Benchmark: importing a large LinkedIn export and a large calendar.

    python bench/imports.py [--connections 30000] [--messages 50000] [--events 5000]

It writes a seeded synthetic LinkedIn data export (Profile.csv, Connections.csv
with its "Notes:" preamble, messages.csv, Invitations.csv, zipped as LinkedIn
delivers it) and an .ics calendar whose attendees are some of the same people
(matched by email), then imports both with `goodterms import` into a fresh home,
each as its own process, and reports rows per second and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from journal_io import machine, timed  # noqa: E402

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Inés", "Jon", "Kai",
         "Lena", "Mia", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tom", "Uma", "Vik"]
LAST = ["Bell", "Chen", "Duarte", "Evans", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
        "Kim", "Lopez", "Meyer", "Nair", "Okafor", "Park", "Rossi", "Said", "Tanaka", "Vogel"]
ORGS = ["Acme", "Initech", "Globex", "Umbrella", "Hooli", "Stark Industries", "Wayne Logistics"]
END = datetime(2026, 11, 20, 9, tzinfo=UTC)


def people(n: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}-{i}".lower().encode("ascii", "ignore").decode()
        email = f"{slug}@{rng.choice(ORGS).lower().replace(' ', '')}.example"
        out.append((first, last, f"https://www.linkedin.com/in/{slug}", email))
    return out


def linkedin_zip(path: Path, crowd: list[tuple[str, str, str, str]], messages: int,
                 rng: random.Random) -> int:
    rows = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["First Name", "Last Name", "Headline", "Summary", "Industry"])
        writer.writerow(["Alex", "Morgan", "Looking for my next role", "", "Software"])
        archive.writestr("Profile.csv", "\ufeff" + text.getvalue())

        text = io.StringIO()
        text.write("Notes:\r\n\"When exporting your connection data, you may notice that some "
                   "of the email addresses are missing. You will only see email addresses for "
                   "connections who have allowed their connections to see or download their "
                   "email address.\"\r\n\r\n")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company",
                         "Position", "Connected On"])
        for first, last, url, email in crowd:
            day = END - timedelta(days=rng.randint(1, 3000))
            writer.writerow([first, last, url, email if rng.random() < 0.2 else "",
                             rng.choice(ORGS), "Engineer, Platform", f"{day:%d %b %Y}"])
            rows += 1
        archive.writestr("Connections.csv", "\ufeff" + text.getvalue())

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL",
                         "TO", "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"])
        me_url = "https://www.linkedin.com/in/alex-morgan"
        for i in range(messages):
            first, last, url, _ = rng.choice(crowd)
            mine = rng.random() < 0.5
            when = END - timedelta(minutes=rng.randint(60, 60 * 24 * 700))
            sender, sender_url = ("Alex Morgan", me_url) if mine else (f"{first} {last}", url)
            to, to_url = (f"{first} {last}", url) if mine else ("Alex Morgan", me_url)
            writer.writerow([f"conv-{url.rsplit('/', 1)[1]}", "", sender, sender_url, to,
                             to_url, f"{when:%Y-%m-%d %H:%M:%S} UTC", "",
                             f"Message {i}: thanks for the chat, shall we talk next week?",
                             "INBOX"])
            rows += 1
        archive.writestr("messages.csv", text.getvalue())

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
                         "inviteeProfileUrl"])
        for first, last, url, _ in rng.sample(crowd, min(len(crowd), 500)):
            when = END - timedelta(days=rng.randint(1, 700))
            writer.writerow([f"{first} {last}", "Alex Morgan",
                             f"{when.month}/{when.day}/{when:%y}, "
                             f"{int(when.strftime('%I'))}:{when:%M} {when:%p}",
                             "Hi Alex, great to meet you at the meetup!", "INCOMING", url,
                             me_url])
            rows += 1
        archive.writestr("Invitations.csv", text.getvalue())
    return rows


def calendar(path: Path, crowd: list[tuple[str, str, str, str]], events: int,
             rng: random.Random) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
                  "X-WR-CALNAME:alex.morgan@example.org\r\n")
        for i in range(events):
            first, last, _, email = rng.choice(crowd)
            start = END - timedelta(hours=rng.randint(2, 24 * 600))
            organizer = "alex.morgan@example.org" if rng.random() < 0.6 else email
            out.write(
                "BEGIN:VEVENT\r\n"
                f"UID:bench-{i}@example.org\r\n"
                f"DTSTAMP:{start:%Y%m%dT%H%M%SZ}\r\n"
                f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
                f"DTEND:{start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}\r\n"
                f"SUMMARY:Coffee with {first}\r\n"
                f"ORGANIZER:mailto:{organizer}\r\n"
                "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex.morgan@example.org\r\n"
                f"ATTENDEE;CN={first} {last};PARTSTAT=ACCEPTED:mailto:{email}\r\n"
                "END:VEVENT\r\n"
            )
        out.write("END:VCALENDAR\r\n")
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30000)
    parser.add_argument("--messages", type=int, default=50000)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(7)
    goodterms = str(Path(sys.executable).with_name("goodterms"))
    with tempfile.TemporaryDirectory(prefix="goodterms-bench-") as folder:
        base = Path(folder)
        crowd = people(args.connections, rng)
        export = base / "Basic_LinkedInDataExport.zip"
        export_rows = linkedin_zip(export, crowd, args.messages, rng)
        ics = base / "calendar.ics"
        ics_rows = calendar(ics, crowd, args.events, rng)
        home = base / "home"
        env = {**os.environ, "GOODTERMS_HOME": str(home), "GOODTERMS_NOW": "2026-11-20T09:00"}
        env.pop("GOODTERMS_DATABASE_URL", None)
        for command in (["config", "set", "timezone", "UTC"],
                        ["config", "set", "me.emails", "alex.morgan@example.org"],
                        ["config", "set", "me.names", "Alex Morgan"]):
            subprocess.run([goodterms, *command], env=env, check=True,
                           stdout=subprocess.DEVNULL)
        print(f"Machine: {machine()}\n")
        print("| file | rows | import | rows/s | peak RSS | import again |")
        print("|---|---:|---:|---:|---:|---:|")
        total = 0.0
        for name, path, rows in (("LinkedIn export (zip)", export, export_rows),
                                 ("calendar (.ics)", ics, ics_rows)):
            seconds, rss = timed([goodterms, "import", str(path)], env)
            again, _ = timed([goodterms, "import", str(path)], env)
            total += seconds
            print(f"| {name} | {rows:,} | {seconds:.1f} s | {rows / seconds:,.0f} | "
                  f"{rss:.0f} MiB | {again:.1f} s |", flush=True)
        print(f"\nThe whole set: {total:.1f} s.")


if __name__ == "__main__":
    main()
