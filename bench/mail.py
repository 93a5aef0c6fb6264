"""Benchmark: mail ingestion, goodterms against `mu index` and `notmuch new`.

    python bench/mail.py [--messages 200000] [--quick] [--no-shared] [--no-tools]
                         [--maildir largest|all|none] [--sizes N,N,N] [--seed 1]
                         [--no-one-process]

One run measures, each command as a process of its own:

* `goodterms import` (detection on, the default) in a fresh GOODTERMS_HOME with
  `me.emails` set, on every shared mailbox in ../shared/data/mail (skipped, with
  a message, when that folder is not there) and on a seeded synthetic mailbox at
  three sizes (a tenth, a quarter and all of --messages), as an mbox and, at
  the largest size, as a Maildir too (--maildir all: at every size), and the
  synthetic mbox once more with `--jobs 1` (all in one process; --no-one-process
  leaves that out);
* `mu index` (its own temporary --muhome) and `notmuch new` (a temporary
  NOTMUCH_CONFIG and database) on the same messages as a Maildir. Debian's
  `maildir-utils` and `notmuch` are installed with apt-get when missing; when
  that fails their columns say so and the rest runs.

It prints a Markdown table (wall time, messages per second, CPU time, peak memory) and
writes it with the machine into the "Mail ingestion" section of bench/README.md
(replacing that section, leaving the others alone); --quick (5,000 messages, no
README) is for trying it out.

The synthetic mailbox (`write_mbox`, `write_maildir`, `messages`): the same seed
gives the same bytes. About 3,000 correspondents at a few dozen organisations,
the owner ("Alex Morgan", two addresses) as sender or recipient; threads with
In-Reply-To and References, quoted replies ("On …, X wrote:" and "> " lines),
signatures, sentences that thank, ask, offer, introduce (with the new person in
Cc), report favours and promise things, so that detection has work to do;
mailing-list mail and newsletters, mail neither from nor to the owner; plain,
multipart/alternative and multipart/mixed messages with attachments; bodies in
UTF-8 (8bit, quoted-printable, base64), ISO-8859-1 and Windows-1252, and
RFC 2047 encoded subjects and names.
"""

from __future__ import annotations

import argparse
import base64
import email.header
import os
import quopri
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from journal_io import GOODTERMS, fresh_home, machine  # noqa: E402

SHARED = HERE.parent.parent / "shared" / "data" / "mail"
README = HERE / "README.md"
SECTION = "### Mail ingestion"  # under "## Results", after the other benchmarks
OWNER = "Alex Morgan"
OWNER_EMAILS = ("alex.morgan@example.org", "alex@morgan-home.example")
END = datetime(2026, 11, 20, 9, tzinfo=UTC)
SPAN_DAYS = 3 * 365
NOW = "2026-11-20T09:00"

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Inés", "Jon", "Kai",
         "Lena", "Mia", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tom", "Uma", "Vik",
         "Wen", "Xavier", "Yara", "Zoë", "Björn", "Søren", "Łukasz", "Renée", "José", "Aiko",
         "Mateo", "Noor", "Olu", "Pia", "Ravi", "Sofía", "Timo", "Ugo"]
LAST = ["Bell", "Chen", "Duarte", "Evans", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
        "Kim", "Lopez", "Meyer", "Nair", "Okafor", "Park", "Rossi", "Said", "Tanaka", "Vogel",
        "Müller", "Nowak", "O'Brien", "Petrov", "Quist", "Ramírez", "Schmidt", "Takahashi",
        "Ueda", "Varga", "Walsh", "Xu", "Yilmaz", "Zapata", "Åberg", "Dubois", "Ferreira"]
ORGS = ["acme", "initech", "globex", "umbrella", "hooli", "stark", "wayne-logistics", "soylent",
        "tyrell", "cyberdyne", "wonka", "gringotts", "oceanic", "massive-dynamic", "vandelay",
        "prestige", "monarch", "dunder", "piedpiper", "aperture", "blackmesa", "nakatomi",
        "gekko", "zorg", "virtucon", "momcorp", "planet-express", "sterling", "bluth",
        "los-pollos", "krusty", "duff", "buy-n-large", "weyland", "encom", "oscorp"]
TLDS = ["example", "example.com", "example.org", "example.net", "example.co.uk", "example.de"]
TITLES = ["Engineering Manager", "Staff Engineer", "Product Lead", "Recruiter", "Founder",
          "Head of Design", "Data Scientist", "Partner", "VP Sales", "Researcher"]
TOPICS = ["the Q3 roadmap", "the hiring plan", "your talk at the meetup", "the Berlin offsite",
          "the data pipeline", "the pricing page", "the board deck", "the API migration",
          "the design review", "the conference in Lisbon", "the job opening", "the grant",
          "the open-source release", "the customer interviews", "the reading group"]
NEUTRAL = [
    "I looked at {topic} again this morning.",
    "The numbers for {topic} came in lower than we expected.",
    "We discussed {topic} with the team yesterday and most people agreed.",
    "There is a new version of the document in the shared folder.",
    "The meeting moved to the larger room on the third floor.",
    "I am travelling most of next week, so replies may be slow.",
    "Attached are the notes from our call about {topic}.",
    "It was great to see you at the dinner last week.",
    "The draft is mostly done; the last section still needs work.",
    "Our office will be closed on Monday for the holiday.",
    "The results from the pilot look promising so far.",
    "I spoke to the vendor and they can deliver by the end of the month.",
    "Hope the move went well and the new place feels like home.",
    "Most of the feedback on {topic} was positive.",
    "The budget for {topic} was approved this afternoon.",
    "We are still waiting on legal to review the contract.",
]
THANKS = [
    "Thanks so much for the introduction to {name}, it was a great conversation.",
    "Thank you for reviewing my resume, your comments helped a lot.",
    "Many thanks for your help with {topic}!",
    "Thanks again for taking the time to meet with me last week.",
    "I really appreciate you putting in a good word for me.",
    "Thank you, this is exactly what I needed.",
]
REQUESTS = [
    "Could you send me the slides from {topic} by Friday?",
    "Would you be able to introduce me to someone on the data team?",
    "Can you take a look at the attached draft before Thursday?",
    "Please let me know your availability for a call next week.",
    "Could you review my application for the open role?",
    "Would you mind forwarding this to {name}?",
    "Can we find thirty minutes to talk about {topic}?",
]
OFFERS = [
    "Let me know if I can help with {topic} in any way.",
    "Happy to introduce you to {name} if that would be useful.",
    "If you want, I can review the proposal over the weekend.",
    "Would you like me to send you the template we used?",
    "Feel free to reach out if you have any questions.",
]
FAVORS = [
    "I forwarded your resume to the hiring manager this morning.",
    "I recommended you to {name} for the advisory role.",
    "Here is the contact of the recruiter I mentioned: {email}.",
    "I put in a good word for you with the selection committee.",
    "I told {first} about you and she is keen to chat.",
]
COMMITMENTS = [
    "I will send you the notes by Friday.",
    "I'll follow up with the team tomorrow.",
    "Let me check with legal and get back to you.",
    "We will confirm the dates next week.",
]
INTROS = [
    "I'd like to introduce you to {name}, who leads {topic} at {org}.",
    "{first}, meet {name}. You two should connect about {topic}.",
    "Let me introduce {name}, an old friend from my time at {org}.",
    "Connecting you two as promised: {name} knows everything about {topic}.",
]
GREETINGS = ["Hi {first},", "Hello {first},", "Dear {first},", "Hey {first}!", "{first},",
             "Good morning {first},"]
CLOSINGS = ["Best,", "Cheers,", "Thanks,", "Kind regards,", "All the best,", "Best wishes,"]
LIST_NAMES = ["python-dev", "django-users", "r-help", "pgsql-general", "rust-users", "ietf"]
NEWSLETTERS = ["newsletter", "no-reply", "notifications", "noreply", "news"]
CHARSETS = ["utf-8", "utf-8", "utf-8", "utf-8", "iso-8859-1", "windows-1252", "us-ascii"]
ZONES = [timezone(timedelta(hours=h)) for h in (-8, -5, -4, 0, 0, 1, 2, 5.5, 9)]


@dataclass
class Person:
    name: str
    email: str
    org: str
    title: str
    threads: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # (Message-ID, References, Subject, the text said, who said it) of the latest
    # messages between this person and me


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def crowd(rng: random.Random, people: int = 3000) -> list[Person]:
    out = []
    for i in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org = rng.choice(ORGS)
        local = re.sub(r"[^a-z0-9.]", "", _ascii(f"{first}.{last}").lower())
        if i >= len(FIRST) * len(LAST) // 2:
            local += str(i)
        out.append(Person(f"{first} {last}", f"{local}@{org}.{rng.choice(TLDS)}", org,
                          rng.choice(TITLES)))
    return out


def _header_words(text: str, charset: str) -> str:
    """A display name or subject as written in a header: encoded words when not ASCII."""
    if text.isascii():
        return text
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return email.header.Header(text, charset).encode()


def _address(person_name: str, address: str, charset: str, rng: random.Random) -> str:
    shown = person_name
    if rng.random() < 0.05 and " " in shown:  # "Bell, Ana", as company directories write
        first, last = shown.split(" ", 1)
        return f'"{_header_words(f"{last}, {first}", charset)}" <{address}>'
    return f"{_header_words(shown, charset)} <{address}>"


def _date(when: datetime, rng: random.Random) -> str:
    from email.utils import format_datetime

    return format_datetime(when.astimezone(rng.choice(ZONES)))


def _body_bytes(text: str, charset: str, rng: random.Random) -> tuple[bytes, str, str]:
    """(encoded body, charset, Content-Transfer-Encoding) for a text part."""
    if charset == "us-ascii":
        text = _ascii(text)
    data = text.encode(charset, errors="replace")
    if data.isascii():
        return data, charset, "7bit"
    choice = rng.random()
    if choice < 0.4:
        return data, charset, "8bit"
    if choice < 0.8:
        return quopri.encodestring(data), charset, "quoted-printable"
    return base64.encodebytes(data), charset, "base64"


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    return f"<html><head><style>p {{margin: 0}}</style></head><body>{paragraphs}</body></html>"


def _attachment(rng: random.Random, number: int) -> tuple[str, bytes]:
    kind = rng.choice(["pdf", "png", "docx", "csv"])
    size = rng.choice([2_000, 8_000, 30_000, 120_000])
    data = rng.randbytes(size) if kind != "csv" else "".join(
        f"{i},{rng.random():.4f},{rng.choice(TOPICS)}\n" for i in range(size // 40)).encode()
    return f"document-{number}.{kind}", data


class _Writer:
    """One message's text, sentence pools filled from the crowd."""

    def __init__(self, rng: random.Random, people: list[Person]) -> None:
        self.rng = rng
        self.people = people

    def fill(self, template: str, other: Person | None = None) -> str:
        rng = self.rng
        who = other or rng.choice(self.people)
        return template.format(topic=rng.choice(TOPICS), name=who.name, first=who.name.split()[0],
                               email=who.email, org=who.org.capitalize())

    def paragraph(self, pools: list[list[str]], other: Person | None = None) -> str:
        return " ".join(self.fill(self.rng.choice(pool), other) for pool in pools)


def messages(count: int, seed: int = 1) -> Iterator[bytes]:
    """`count` RFC 822 messages (bytes, LF line ends), oldest first, from the seed alone."""
    rng = random.Random(seed)
    people = crowd(rng)
    # A few hundred people make most of the mail, as in anybody's mailbox.
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(people))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    writer = _Writer(rng, people)
    step = timedelta(days=SPAN_DAYS) / max(count, 1)
    start = END - timedelta(days=SPAN_DAYS)
    for number in range(count):
        when = start + step * number + timedelta(seconds=rng.randint(0, 59))
        yield _message(number, when, rng, writer, rng.choices(people, cum_weights=cumulative)[0],
                       seed)


def _message(number: int, when: datetime, rng: random.Random, writer: _Writer, other: Person,
             seed: int) -> bytes:
    charset = rng.choice(CHARSETS)
    me = f"{_header_words(OWNER, charset)} <{rng.choice(OWNER_EMAILS)}>"
    ident = f"<{number}.{seed}.{rng.getrandbits(40):010x}@mail.{other.org}.example>"
    headers: list[tuple[str, str]] = []
    cc: list[str] = []
    kind = rng.random()
    pools: list[list[str]] = [NEUTRAL]
    reply = None
    greeting = ""  # personal mail: how it starts, when not one of GREETINGS
    opening = ""  # personal mail: the first paragraph, when it is an introduction
    if kind < 0.12:  # a mailing list
        listname = rng.choice(LIST_NAMES)
        sender = _address(other.name, other.email, charset, rng)
        to = f"{listname}@lists.example.org"
        subject = f"[{listname}] {writer.fill(rng.choice(TOPICS)).capitalize()} question"
        headers += [("List-Id", f"<{listname}.lists.example.org>"),
                    ("List-Unsubscribe", f"<mailto:{listname}-leave@lists.example.org>"),
                    ("Precedence", "list")]
        pools = [NEUTRAL, REQUESTS, NEUTRAL]
    elif kind < 0.20:  # a newsletter or notification
        org = rng.choice(ORGS)
        sender = f"{org.capitalize()} <{rng.choice(NEWSLETTERS)}@{org}.example.com>"
        to = me
        subject = f"Your weekly {org} digest: {rng.choice(TOPICS)}"
        if rng.random() < 0.5:
            headers.append(("List-Unsubscribe", f"<https://{org}.example.com/unsubscribe>"))
        pools = [NEUTRAL, OFFERS, NEUTRAL, NEUTRAL]
    elif kind < 0.24:  # neither from nor to me (a Bcc, an old alias)
        third = rng.choice(writer.people)
        sender = _address(other.name, other.email, charset, rng)
        to = _address(third.name, third.email, charset, rng)
        subject = writer.fill(f"About {rng.choice(TOPICS)}")
        pools = [NEUTRAL, REQUESTS]
    else:  # personal mail, with me on one side
        outgoing = rng.random() < 0.45
        if other.threads and rng.random() < 0.55:
            reply = other.threads[-1]
        if outgoing:
            sender, to = me, _address(other.name, other.email, charset, rng)
        else:
            sender, to = _address(other.name, other.email, charset, rng), me
        choice = rng.random()
        if not outgoing and choice < 0.05:  # an introduction: the new person in Cc
            third = rng.choice(writer.people)
            cc.append(_address(third.name, third.email, charset, rng))
            subject = f"Intro: {OWNER.split()[0]} <> {third.name.split()[0]}"
            greeting = "Hi both,"
            opening = writer.fill(rng.choice(INTROS), third)
        else:
            pools = rng.choice([[NEUTRAL], [NEUTRAL, NEUTRAL], [THANKS, NEUTRAL],
                                [NEUTRAL, REQUESTS], [REQUESTS], [OFFERS, NEUTRAL],
                                [FAVORS], [NEUTRAL, COMMITMENTS], [THANKS], [NEUTRAL, NEUTRAL,
                                                                            NEUTRAL]])
            subject = writer.fill(rng.choice(["Quick question about {topic}", "Catching up",
                                              "{topic}", "Coffee next week?", "Following up",
                                              "Notes on {topic}", "Hello from {org}"]))
        if rng.random() < 0.15:
            third = rng.choice(writer.people)
            cc.append(_address(third.name, third.email, charset, rng))
        if reply is not None:
            subject = reply[2] if reply[2].startswith("Re: ") else f"Re: {reply[2]}"
            headers += [("In-Reply-To", reply[0]),
                        ("References", f"{reply[1]} {reply[0]}".strip())]
    mine = sender.endswith((f"<{OWNER_EMAILS[0]}>", f"<{OWNER_EMAILS[1]}>"))
    first = "all" if kind < 0.12 else (other.name if mine or kind < 0.24 else OWNER).split()[0]
    lines = [greeting or rng.choice(GREETINGS).format(first=first), ""]
    if opening:
        lines += [opening, ""]
    for _ in range(rng.choice([1, 1, 2, 3])):
        paragraph = writer.paragraph(pools)
        if rng.random() < 0.5:  # hard-wrapped, as many mail programs send it
            paragraph = textwrap.fill(paragraph, 72)
        lines += [paragraph, ""]
        pools = [NEUTRAL] if rng.random() < 0.7 else pools
    signer = OWNER if mine else other.name
    lines += [rng.choice(CLOSINGS), signer.split(",")[0], ""]
    if rng.random() < 0.6:
        title, org = ("Head of Partnerships", "Example") if mine else (other.title, other.org)
        lines += ["-- ", signer, f"{title}, {org.capitalize()}",
                  f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                  "Let me know if I can help with anything.", ""]
    text = "\n".join(lines)
    if reply is not None:
        quoted = "\n".join("> " + x if x else ">" for x in reply[3].splitlines()[:30])
        text += f"\nOn {_date(when - timedelta(days=1), rng)}, {reply[4]} wrote:\n{quoted}\n"
    if kind >= 0.24:
        refs = (f"{reply[1]} {reply[0]}".strip() if reply else "")
        other.threads.append((ident, refs[-900:], subject, text, signer))
        del other.threads[:-3]
    if rng.random() < 0.01:
        text += "\nFrom here on the agenda is open.\n"  # a "From " line in a body
    headers = [("From", sender), ("To", to), *([("Cc", ", ".join(cc))] if cc else []),
               ("Subject", _header_words(subject, charset)), ("Date", _date(when, rng)),
               *([("Message-ID", ident)] if rng.random() > 0.005 else []),
               ("MIME-Version", "1.0"), *headers]
    if rng.random() < 0.3:
        headers.append(("X-Mailer", rng.choice(["Thunderbird 115", "Apple Mail (2.3731)",
                                                "Microsoft Outlook 16.0", "Mutt/2.2"])))
    return _mime(headers, text, charset, rng, number)


def _mime(headers: list[tuple[str, str]], text: str, charset: str, rng: random.Random,
          number: int) -> bytes:
    shape = rng.random()
    head = "".join(f"{name}: {value}\n" for name, value in headers)
    data, charset, cte = _body_bytes(text, charset, rng)
    plain = (f"Content-Type: text/plain; charset=\"{charset}\"\n"
             f"Content-Transfer-Encoding: {cte}\n\n").encode() + data
    if shape < 0.6:
        return head.encode() + plain
    boundary = f"=-=-=_{number:08d}_{rng.getrandbits(32):08x}"
    if shape < 0.7:  # HTML only
        html, charset, cte = _body_bytes(_html(text), charset, rng)
        return (head + f"Content-Type: text/html; charset=\"{charset}\"\n"
                f"Content-Transfer-Encoding: {cte}\n\n").encode() + html
    html, hcharset, hcte = _body_bytes(_html(text), charset, rng)
    alternative = (f"--{boundary}-alt\n".encode() + plain + f"\n--{boundary}-alt\n".encode()
                   + (f"Content-Type: text/html; charset=\"{hcharset}\"\n"
                      f"Content-Transfer-Encoding: {hcte}\n\n").encode() + html
                   + f"\n--{boundary}-alt--\n".encode())
    if shape < 0.9:
        return (head + f"Content-Type: multipart/alternative; boundary=\"{boundary}-alt\"\n\n"
                "This is a multi-part message in MIME format.\n\n").encode() + alternative
    name, blob = _attachment(rng, number)
    kind = {"pdf": "application/pdf", "png": "image/png", "csv": "text/csv",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    return ((head + f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\n").encode()
            + f"--{boundary}\nContent-Type: multipart/alternative; boundary=\"{boundary}-alt\"\n\n"
            .encode() + alternative
            + (f"\n--{boundary}\nContent-Type: {kind[name.rsplit('.', 1)[1]]}; name=\"{name}\"\n"
               f"Content-Disposition: attachment; filename=\"{name}\"\n"
               "Content-Transfer-Encoding: base64\n\n").encode()
            + base64.encodebytes(blob) + f"\n--{boundary}--\n".encode())


_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)


def write_mbox(path: Path, count: int, seed: int = 1) -> int:
    """The synthetic mailbox as an mbox ("From " lines in bodies escaped); returns the count."""
    written = 0
    with path.open("wb") as out:
        for number, message in enumerate(messages(count, seed)):
            sender = OWNER_EMAILS[0] if number % 2 else "MAILER-DAEMON"
            out.write(f"From {sender} Thu Nov 26 08:00:{number % 60:02d} 2026\n".encode())
            out.write(_FROM_LINE.sub(b">From ", message))
            out.write(b"\n" if message.endswith(b"\n") else b"\n\n")
            written += 1
    return written


def write_maildir(root: Path, count: int, seed: int = 1) -> int:
    """The same messages as a Maildir: mail from the owner in Maildir++ `.Sent`, the rest
    in the inbox, one file each; returns the count."""
    for folder in (root, root / ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    written = 0
    mine = tuple(f"<{a}>".encode() for a in OWNER_EMAILS)
    for number, message in enumerate(messages(count, seed)):
        sender = message.split(b"\n", 1)[0]
        folder = root / ".Sent" if sender.endswith(mine) else root
        name = f"{1700000000 + number}.M{number}P1.bench:2,S"
        (folder / "cur" / name).write_bytes(message)
        written += 1
    return written


def mbox_to_maildir(mbox: Path, root: Path) -> int:
    """Each message of an mbox (stdlib `mailbox`) as a file of a new Maildir."""
    import mailbox

    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    count = 0
    for count, message in enumerate(mailbox.mbox(mbox, create=False), 1):
        (root / "cur" / f"{count}.bench:2,S").write_bytes(message.as_bytes(unixfrom=False))
    return count


# Measuring ------------------------------------------------------------------------


_TICK = os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """`pid` and every process under it (through /proc/PID/task/TID/children), or, where
    the kernel does not list children, every process of the session `pid` leads."""
    if not Path(f"/proc/{pid}/task/{pid}/children").exists():
        return _session_members(pid)
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo.extend(int(x) for x in children.split())
        except OSError:
            continue  # gone meanwhile
    return found


def _session_members(sid: int) -> list[int]:
    members = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                if int(stat[stat.rindex(")") + 2:].split()[3]) == sid:
                    members.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return members


def _usage(pids: list[int]) -> dict[int, tuple[float, float]]:
    """pid -> (CPU seconds, memory MiB) of each process: the memory is the proportional
    set size (shared pages split among the processes sharing them), else the resident
    set size."""
    found = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                kib = int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE)[1])  # type: ignore[index]
            except (OSError, TypeError):
                kib = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024  # rss pages
            found[pid] = (cpu, kib / 1024)
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return found


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run one command: (wall seconds, CPU seconds and peak memory in MiB of it and every
    process it starts, what it printed).

    The command and the processes under it are sampled every 100 ms: the CPU time is
    the command's own (exact, from the kernel when it ends) plus the last sample of
    each other process (worker processes, which nobody waits for); the memory is the
    largest sum of their proportional set sizes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    cpu_of: dict[int, float] = {}
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            seen = _usage(_descendants(child.pid))
            for pid, (cpu, _mem) in seen.items():
                cpu_of[pid] = max(cpu_of.get(pid, 0.0), cpu)
            peak = max(peak, sum(mem for _cpu, mem in seen.values()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err.decode(errors='replace')[-2000:]}")
    cpu_of.pop(child.pid, None)
    own = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    cpu = own + sum(cpu_of.values())
    return seconds, cpu, max(peak, 1.0), out.decode(errors="replace")


def ensure_tools() -> dict[str, str]:
    """The versions of mu and notmuch, installing Debian's packages when missing;
    a tool that cannot be had is left out (with the reason printed)."""
    wanted = {"mu": "maildir-utils", "notmuch": "notmuch"}
    missing = [pkg for tool, pkg in wanted.items() if shutil.which(tool) is None]
    if missing:
        apt = shutil.which("apt-get")
        if apt is None:
            print(f"no apt-get here: cannot install {', '.join(missing)}")
        else:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            print(f"installing {' '.join(missing)}: apt-get update && apt-get install -y ...",
                  flush=True)
            for command in ([apt, "update", "-q"], [apt, "install", "-y", "-q", *missing]):
                done = subprocess.run(command, env=env, capture_output=True, text=True)
                if done.returncode != 0:
                    print(f"  {' '.join(command)} failed: {done.stderr.strip()[-300:]}")
                    break
    versions = {}
    for tool in wanted:
        if shutil.which(tool) is None:
            print(f"{tool} is not installed: its column is left out")
            continue
        flag = "--version"
        out = subprocess.run([tool, flag], capture_output=True, text=True).stdout
        versions[tool] = out.splitlines()[0].split()[-1] if out else "?"
    return versions


def run_goodterms(path: Path, me: tuple[str, ...], jobs: int = 0
                  ) -> tuple[float, float, float, str]:
    """`goodterms import [--jobs N] PATH` in a fresh home: (seconds, CPU seconds, peak
    MiB, what it made). `jobs` 0 leaves the default (a worker process per core)."""
    with fresh_home() as env:
        env["GOODTERMS_NOW"] = NOW
        subprocess.run([GOODTERMS, "config", "set", "me.emails", ",".join(me)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        # The store is created first, untimed, as `mu init` creates mu's: what is timed
        # is the import, not making the tables of an empty database (0.6 s or more).
        subprocess.run([GOODTERMS, "people"], env=env, check=True, stdout=subprocess.DEVNULL)
        options = ["--jobs", str(jobs)] if jobs else []
        seconds, cpu, rss, printed = timed([GOODTERMS, "import", *options, str(path)], env)
    made = dict((kind, int(n)) for n, kind in re.findall(r"(\d+) (\w+)[,)]", printed))
    review = re.search(r"(\d+) detections? to look at", printed)
    note = (f"{made.get('interaction', 0):,} emails, {made.get('person', 0):,} people, "
            f"{sum(made.get(k, 0) for k in ('thanks', 'favor', 'offer', 'request')):,} acts "
            f"recorded, {int(review[1]) if review else 0:,} to review")
    return seconds, cpu, rss, note


def run_mu(maildir: Path, me: tuple[str, ...]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="bench-mu-") as home:
        env = {**os.environ}
        subprocess.run(["mu", "init", "--muhome", home, "--maildir", str(maildir),
                        *(f"--my-address={a}" for a in me)], env=env, check=True,
                       capture_output=True)
        seconds, cpu, rss, _ = timed(["mu", "index", "--muhome", home, "--quiet"], env)
        return seconds, cpu, rss


def run_notmuch(maildir: Path, me: tuple[str, ...]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="bench-notmuch-") as home:
        config = Path(home) / "notmuch-config"
        database = Path(home) / "db"
        database.mkdir()
        config.write_text(f"[database]\npath={database}\nmail_root={maildir}\n\n"
                          f"[user]\nname={OWNER}\nprimary_email={me[0]}\n"
                          f"other_email={';'.join(me[1:])}\n\n"
                          "[new]\ntags=unread;inbox;\nignore=\n\n"
                          "[maildir]\nsynchronize_flags=true\n")
        env = {**os.environ, "NOTMUCH_CONFIG": str(config)}
        seconds, cpu, rss, _ = timed(["notmuch", "new", "--quiet"], env)
        return seconds, cpu, rss


@dataclass
class Row:
    mailbox: str
    messages: int
    tool: str
    seconds: float
    cpu: float
    rss: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def count_files(root: Path) -> int:
    return sum(1 for folder, _dirs, files in os.walk(root)
               if Path(folder).name in ("cur", "new") for _ in files)


def shared_mailboxes(work: Path) -> list[tuple[str, Path, Path, int, tuple[str, ...]]]:
    """(name, what goodterms imports, the same as a Maildir, messages, my addresses)."""
    from goodterms.importers.mail import EmlFolderImporter, MaildirImporter, MboxImporter

    found: list[tuple[str, Path, Path, int, tuple[str, ...]]] = []
    if not SHARED.is_dir():
        print(f"no shared mailboxes ({SHARED} is not here): only the synthetic ones")
        return found
    corpus = SHARED / "notmuch-corpus"
    if corpus.is_dir():
        copy = work / "notmuch-corpus"
        shutil.copytree(corpus, copy)
        me = MaildirImporter().guess_me(corpus) or ""
        found.append(("notmuch-corpus (Maildir)", corpus, copy, count_files(copy), (me,)))
    enron = SHARED / "enron-berkeley"
    if enron.is_dir():
        copy = work / "enron-maildir"
        for sub in ("cur", "new", "tmp"):
            (copy / sub).mkdir(parents=True)
        for file in sorted(enron.iterdir()):
            shutil.copyfile(file, copy / "cur" / f"{file.stem}.bench:2,S")
        me = EmlFolderImporter().guess_me(enron) or ""
        found.append(("enron-berkeley (.eml folder)", enron, copy, count_files(copy), (me,)))
    rdevel = SHARED / "r-package-devel"
    if rdevel.is_dir():
        mbox = work / "r-package-devel.mbox"
        with mbox.open("wb") as out:
            for quarter in sorted(rdevel.glob("*.txt")):
                if quarter.name.startswith("README"):
                    continue
                data = quarter.read_bytes()
                out.write(data if data.endswith(b"\n\n") else data + b"\n")
        copy = work / "r-package-devel-maildir"
        count = mbox_to_maildir(mbox, copy)
        me = MboxImporter().guess_me(mbox) or ""
        found.append(("r-package-devel (mbox, 46 quarters)", mbox, copy, count, (me,)))
    return found


def measure(name: str, target: Path, maildir: Path, count: int, me: tuple[str, ...],
            tools: dict[str, str], rows: list[Row], label: str = "goodterms import") -> None:
    rows.append(Row(name, count, label, *run_goodterms(target, me)))
    report(rows[-1])
    if "mu" in tools:
        rows.append(Row(name, count, "mu index", *run_mu(maildir, me)))
        report(rows[-1])
    if "notmuch" in tools:
        rows.append(Row(name, count, "notmuch new", *run_notmuch(maildir, me)))
        report(rows[-1])


HEADER = ("| mailbox | messages | command | wall | msg/s | CPU | msg/CPU-s | peak memory | "
          "result |\n|---|---:|---|---:|---:|---:|---:|---:|---|")


def line(row: Row) -> str:
    return (f"| {row.mailbox} | {row.messages:,} | {row.tool} | {row.seconds:.1f} s | "
            f"{row.rate:,.0f} | {row.cpu:.1f} s | {row.messages / max(row.cpu, 1e-9):,.0f} | "
            f"{row.rss:.0f} MiB | {row.note} |")


def report(row: Row) -> None:
    print(line(row), flush=True)


def load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def readme_section(rows: list[Row], tools: dict[str, str], command: str, sizes: list[int],
                   loads: list[str]) -> str:
    text = (f"Measured on {datetime.now(UTC):%Y-%m-%d}: {machine()}; "
            + ", ".join(f"{t} {v}" for t, v in tools.items())
            + f". Load average (1 min) at the start of each mailbox: {', '.join(loads)}. "
            "Each command is a process of its own; goodterms runs in a fresh GOODTERMS_HOME "
            "(SQLite, WAL) with `me.emails` set and detection on (the default), its database "
            "created before the timed import as mu's is by `mu init` (untimed too); mu with "
            "its own `--muhome`, notmuch with its own config and database. The messages were "
            "written just before, so they are in the page cache for every tool. \"msg/s\" "
            "counts every message in the mailbox (imported or skipped) over the wall time; "
            "\"CPU\" is user + system time of the command, its threads and every process it "
            "started (mu indexes on several threads, notmuch on one, goodterms in one process "
            "plus, by default, a worker process per core that reads texts and detects), much "
            "less affected than the wall time by other work on the machine, and "
            "\"msg/CPU-s\" the messages per second of it; \"peak memory\" is the largest sum, "
            "sampled every 100 ms, of the proportional set sizes of the command's processes "
            "(memory shared between processes counted once). "
            "mu and notmuch always read a Maildir: the synthetic one, the notmuch corpus "
            "copied, the Enron files and the r-package-devel messages written one a file.")
    lines = [SECTION, "", f"    {command}", "", textwrap.fill(text, 88), "", HEADER]
    lines += [line(row) for row in rows]
    return "\n".join(lines) + "\n"


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        after = re.search(r"^#{1,3} ", text[start + len(SECTION):], re.MULTILINE)
        end = start + len(SECTION) + after.start() if after else len(text)
        notes = _kept_notes(text[start:end])
        text = text[:start] + section + notes + ("\n" + text[end:] if after else "")
    README.write_text(text, encoding="utf-8")


_NOTES = "<!-- notes: kept when the table is measured again -->"


def _kept_notes(old: str) -> str:
    """What was written by hand under the table (after the notes marker), kept."""
    at = old.find(_NOTES)
    return "\n" + old[at:].rstrip("\n") + "\n" if at >= 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000,
                        help="the largest synthetic mailbox (also measured: a tenth, a quarter)")
    parser.add_argument("--sizes", help="synthetic sizes instead, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="5,000 messages at most, no README update")
    parser.add_argument("--no-shared", action="store_true", help="skip ../shared/data/mail")
    parser.add_argument("--no-tools", action="store_true", help="skip mu and notmuch")
    parser.add_argument("--maildir", choices=("largest", "all", "none"), default="largest",
                        help="at which synthetic sizes goodterms also imports the Maildir "
                             "(default: the largest)")
    parser.add_argument("--no-one-process", action="store_true",
                        help="skip goodterms import --jobs 1 on the synthetic mailboxes")
    parser.add_argument("--no-readme", action="store_true", help="do not touch bench/README.md")
    parser.add_argument("--work", help="folder for the generated mailboxes (default: a temporary"
                                       " one, removed at the end)")
    args = parser.parse_args()
    top = min(args.messages, 5000) if args.quick else args.messages
    sizes = ([int(x) for x in args.sizes.split(",")] if args.sizes else
             sorted({max(top // 10, 1), max(top // 4, 1), top}))
    command = "python bench/mail.py"
    if args.sizes:
        command += f" --sizes {args.sizes}"
    elif args.messages != 200_000:
        command += f" --messages {args.messages}"
    print(f"Machine: {machine()}")
    tools = {} if args.no_tools else ensure_tools()
    print(", ".join(f"{t} {v}" for t, v in tools.items()) or "mu and notmuch left out")
    rows: list[Row] = []
    loads: list[str] = []
    print("\n" + HEADER, flush=True)
    work_root = Path(args.work) if args.work else None
    with tempfile.TemporaryDirectory(prefix="goodterms-mailbench-", dir=work_root) as folder:
        work = Path(folder)
        if not args.no_shared:
            for name, target, maildir, count, me in shared_mailboxes(work):
                loads.append(load())
                measure(name, target, maildir, count, me, tools, rows)
        for size in sizes:
            mbox = work / f"synthetic-{size}.mbox"
            maildir = work / f"synthetic-{size}"
            started = time.perf_counter()
            write_mbox(mbox, size, args.seed)
            write_maildir(maildir, size, args.seed)
            print(f"(generated {size:,} messages as mbox and Maildir in "
                  f"{time.perf_counter() - started:.0f} s; mbox "
                  f"{mbox.stat().st_size / 2**20:.0f} MiB)", flush=True)
            loads.append(load())
            measure("synthetic", mbox, maildir, size, OWNER_EMAILS, tools, rows,
                    "goodterms import (mbox)")
            if not args.no_one_process:
                rows.append(Row("synthetic", size, "goodterms import --jobs 1 (mbox)",
                                *run_goodterms(mbox, OWNER_EMAILS, jobs=1)))
                report(rows[-1])
            if args.maildir == "all" or (args.maildir == "largest" and size == sizes[-1]):
                rows.append(Row("synthetic", size, "goodterms import (Maildir)",
                                *run_goodterms(maildir, OWNER_EMAILS)))
                report(rows[-1])
            mbox.unlink()
            shutil.rmtree(maildir)
    if not (args.quick or args.no_readme):
        write_readme(readme_section(rows, tools, command, sizes, loads))
        print(f"\nwritten to {README.relative_to(HERE.parent)} ({SECTION.lstrip('# ')})")


if __name__ == "__main__":
    main()
