"""Seeded generator of realistic synthetic networks, written as goodterms journals.

    python bench/generate.py --people 10000 --seed 7 -o network.jsonl

The output follows the journal format (docs: JOURNAL.md): every ``person`` line
first (ids ``p000000``, ``p000001``, ...), then the events of about 18 months before
``--end`` in time order. Every reference points at a line earlier in the file,
ids are unique across the journal, and the same seed always gives the same
bytes. Most relationships are healthy (favors are thanked the same day, requests
are answered, help is offered before it is asked for); a realistic minority of
contacts, and a few slips with everyone, give the rules something to find.

The generator streams: it keeps a few small per-person arrays (when we met, how
many interactions so far, a handful of flags) and the queued events of the
next few days, never the journal itself, so 2M lines take flat memory.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import IO, Any, NamedTuple, TypeVar

T = TypeVar("T")

Line = dict[str, Any]

DEFAULT_END = date(2026, 11, 20)
WINDOW_DAYS = 548  # about 18 months of events before the end date
OLD_SHARE = 0.35  # people known from before the window (colleagues, friends, family)
DAY = 1440  # minutes

# Per-person flags.
CLOSE = 1
LAPSE = 2  # a relationship where the user often slips
GOT = 4  # X has done me a favor
GAVE = 8  # I did something for X or offered to
GAVE_FAVOR = 16  # a favor from me to X (for depth 3: a favor each way)

FIRST_NAMES = (
    "Ana", "Aisha", "Ben", "Björn", "Carla", "Chen", "Chloé", "Dana", "Daniel", "David",
    "Elena", "Emeka", "Emma", "Farah", "Felix", "Fatima", "Gabriel", "Grace", "Hana", "Hugo",
    "Ibrahim", "Ingrid", "Isabel", "Ivan", "Jack", "Jamal", "Jana", "José", "Julia", "Kai",
    "Kenji", "Laura", "Leila", "Liam", "Lucía", "Łukasz", "Maja", "Marco", "María", "Maya",
    "Mei", "Mohammed", "Nadia", "Nina", "Noah", "Olga", "Omar", "Oscar", "Paula", "Pedro",
    "Priya", "Rafael", "Rania", "Ravi", "Rosa", "Sam", "Sara", "Siobhán", "Sofia", "Søren",
    "Tariq", "Tim", "Tomás", "Uma", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoë",
    "Adrian", "Beatriz", "Camille", "Dmitri", "Esther", "Finn", "Greta", "Hiroshi", "Inés",
    "Jonas", "Kateřina", "Lars", "Malik", "Nora", "Otto", "Pia", "Quentin", "Rebecca",
    "Stefan", "Thandiwe", "Ulla", "Vera", "Wanjiru", "Xavier", "Yasmin", "Zeynep",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Andersson", "Bauer", "Becker", "Brown", "Castillo", "Chen", "Cohen", "Costa",
    "Dubois", "Eriksen", "Fernández", "Fischer", "García", "Gupta", "Haddad", "Hansen", "Ito",
    "Jensen", "Johnson", "Kaur", "Khan", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "López",
    "Martin", "Mensah", "Meyer", "Moreau", "Müller", "Murphy", "Nakamura", "Nguyễn", "Novak",
    "O'Brien", "Okafor", "Ólafsdóttir", "Park", "Patel", "Pereira", "Petrov", "Rossi", "Ruiz",
    "Sato", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Svoboda", "Tanaka", "Taylor",
    "Torres", "Van Dijk", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wilson", "Yilmaz",
    "Young", "Zhang", "Abbott", "Bianchi", "Carvalho", "Dimitrov", "Eze", "Fontaine", "Gallo",
    "Horvat", "Ivanova", "Jovanović", "Kariuki", "Lindqvist", "Mahmoud", "Nielsen", "Olsen",
    "Popescu", "Quinn", "Rahman", "Santos", "Tran", "Ueda", "Vargas", "Wójcik", "Xu", "Yadav",
    "Zimmermann", "Achebe", "Byrne", "Dlamini", "Haugen",
)  # fmt: skip
ORGS = (
    "Acme", "Globex", "Initech", "Umbrella Health", "Stark Analytics", "Wayne Logistics",
    "Hooli", "Pied Piper", "Vandelay Imports", "Soylent Foods", "Cyberdyne", "Tyrell Labs",
    "Wonka Industries", "Gringotts Bank", "Oceanic Air", "Massive Dynamic", "Aperture Science",
    "Black Mesa", "Monarch Solutions", "Nakatomi Trading", "Blue Sun", "Dunder Mifflin",
    "Prestige Worldwide", "Sterling Cooper", "Bluth Company", "Los Pollos Hermanos",
    "Krusty Krab", "Ollivanders", "Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys",
    "Adventure Works", "Litware", "Proseware", "Woodgrove Bank", "Fourth Coffee", "Lucerne Press",
    "Margie's Travel", "Wide World Importers", "Alpine Ski House", "Coho Winery",
    "Graphic Design Institute", "Humongous Insurance", "Trey Research", "VanArsdel",
    "Relecloud", "Munson's Pickles", "Bellows College", "City Power & Light", "Datum Corp",
    "Blue Yonder Airlines", "Consolidated Messenger", "Southridge Video", "Tasmanian Traders",
    "Northwind Health", "Lamna Healthcare", "Fincher Architects", "Wingtip Toys",
    "School of Fine Art",
    "Greenleaf Energy", "Riverbend Robotics", "Quantum Orchard", "Brightpath Learning",
    "Harbor Freightworks", "Cobalt Cloud", "Juniper Fintech", "Maple & Pine", "Octave Audio",
    "Polaris Maps",
)  # fmt: skip
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
    "Director of Engineering", "CTO", "Product Manager", "Senior Product Manager",
    "Head of Product", "Data Scientist", "Data Analyst", "UX Designer", "Product Designer",
    "Recruiter", "Technical Recruiter", "Talent Partner", "Head of People", "Founder",
    "Co-founder & CEO", "Developer Advocate", "SRE", "Solutions Architect", "Consultant",
    "Account Executive", "Marketing Lead", "Technical Writer", "QA Lead", "Professor",
    "Career Coach", "Freelancer",
)  # fmt: skip
LOCATIONS = (
    "Berlin", "Lisbon", "London", "Amsterdam", "Paris", "Madrid", "Barcelona", "Dublin",
    "Copenhagen", "Stockholm", "Warsaw", "Prague", "Vienna", "Zürich", "Munich", "Toronto",
    "New York", "Boston", "Austin", "San Francisco", "Seattle", "Chicago", "Nairobi", "Lagos",
    "Cape Town", "Bangalore", "Singapore", "Tokyo", "Sydney", "São Paulo", "Remote",
)  # fmt: skip
TAGS = (
    "recruiter", "engineering", "design", "alumni", "hiring-manager", "python", "fintech",
    "climate", "remote", "mentor", "conference", "volunteering", "product", "data", "startup",
    "family", "neighbour", "running-club",
)  # fmt: skip
LABELS_NEW = (
    "new contact", "just met", "met once", "acquaintance", "contact", "friend of a friend",
)  # fmt: skip
LABELS_OLD = (
    "colleague", "former colleague", "classmate", "friend", "client", "manager",
    "former manager", "neighbour", "old colleague", "former colleague at Acme",
)  # fmt: skip
LABELS_CLOSE = (
    "close friend", "best friend", "old friend", "longtime friend", "mentor", "family",
    "close friend from school", "my mentor since uni",
)  # fmt: skip
LABELS_FREE_NEW = (
    "recruiter", "hiring manager", "met at the meetup", "LinkedIn connection",
    "speaker I admire", "conference buddy", "someone Dana knows",
)  # fmt: skip
LABELS_FREE_OLD = (
    "we row together", "parent at the kids' school", "from the choir", "ex-teammate",
    "my first boss", "study group",
)  # fmt: skip
MET_HOW_OLD = (
    "worked together", "university", "previous job", "neighbours", "through family",
    "school", "running club", "open-source project", "bootcamp cohort",
)  # fmt: skip
MET_HOW_NEW = (
    "job seekers' breakfast", "PyCon talk", "LinkedIn message", "alumni mixer",
    "informational interview", "career fair", "Python meetup", "hackathon",
    "design systems meetup", "Slack community", "coffee chat", "conference hallway",
)  # fmt: skip
NOTES = (
    "Prefers email over calls.", "Coaches the kids' football team.", "Back from parental leave.",
    "Writes a newsletter on hiring.", "Moving to Lisbon next spring.",
    "Likes to meet early in the morning.", "Vegetarian — no steakhouses.",
)  # fmt: skip
TOPICS = (
    "the data team", "salary negotiation", "switching into product", "the interview loop",
    "remote work", "their move into management", "Kubernetes at scale", "the fintech market",
    "portfolio reviews", "startup equity", "the platform team", "staff-level promotions",
    "hiring freezes", "going freelance", "system design interviews", "the Berlin market",
)  # fmt: skip
ROLES = (
    "Senior Python Engineer", "Staff Engineer", "Product Manager", "Data Analyst",
    "Engineering Manager", "UX Designer", "Developer Advocate", "SRE", "Backend Engineer",
    "Technical Writer",
)  # fmt: skip
PLACES = (
    "their office", "Café Central", "the coworking space", "a noodle bar near the station",
    "Zoom", "the park", "the conference venue", "my place", "the library café",
)  # fmt: skip


class Weighted(NamedTuple):
    items: tuple[str, ...]
    cumulative: tuple[float, ...]


def _weights(items: tuple[str, ...], weights: tuple[float, ...]) -> Weighted:
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total / sum(weights))
    return Weighted(items, tuple(cumulative))


CHANNELS = ("email", "note", "call", "in_person", "gift", "message")
CHANNELS_W = _weights(CHANNELS, (40, 6, 8, 14, 2, 30))
DIRECTION_W = _weights(("out", "in", "both"), (55, 35, 10))
CATCHUP_W = _weights(("meeting", "call", "email", "message"), (25, 22, 28, 25))
FIRST_CONTACT_W = _weights(("meeting", "call", "message", "email"), (50, 10, 25, 15))

INTERACTION_KINDS = ("meeting", "call", "email", "message", "note")
FAVOR_KINDS = (
    "advice", "intro", "referral", "contact", "job_lead", "resume_forward", "recommendation",
    "meeting", "other",
)  # fmt: skip
FAVOR_SIZE = {
    "advice": 1, "meeting": 2, "other": 2, "intro": 3, "contact": 3, "job_lead": 3,
    "referral": 4, "resume_forward": 4, "recommendation": 4,
}  # fmt: skip
FAVOR_KINDS_W = _weights(FAVOR_KINDS, (30, 12, 8, 10, 10, 8, 6, 10, 6))
# How likely a favor of each kind points at a third person.
REFERS_P = {
    "advice": 0.03, "meeting": 0.03, "other": 0.05, "intro": 0.95, "contact": 0.9,
    "job_lead": 0.45, "referral": 0.85, "resume_forward": 0.85, "recommendation": 0.05,
}  # fmt: skip
# What a favor says, (with a third person Y, without), from X to me and from me to X.
FAVOR_IN = {
    "advice": ("advice on {topic}, and who to ask: {y}", "advice on {topic}"),
    "intro": ("introduced me to {y} at {yorg}", "introduced me to someone on {topic}"),
    "referral": ("referred me to {y} for the {role} role", "referred me for the {role} role"),
    "contact": ("gave me {y}'s email", "gave me the recruiter's email at {xorg}"),
    "job_lead": ("told me about the {role} opening; {y} is hiring", "sent me the {role} opening"),
    "resume_forward": ("forwarded my resume to {y}", "forwarded my resume to their manager"),
    "recommendation": ("recommended me to {y}", "wrote me a LinkedIn recommendation"),
    "meeting": ("set up a call with {y} for me", "made time for a coffee chat about {topic}"),
    "other": ("lent me {y}'s interview prep notes", "reviewed my portfolio"),
}  # fmt: skip
FAVOR_OUT = {
    "advice": ("pointed them to {y} about {topic}", "shared my notes on {topic}"),
    "intro": ("introduced them to {y} at {yorg}", "introduced them to my old team lead"),
    "referral": ("referred them to {y}", "referred them for the {role} role at my old company"),
    "contact": ("gave them {y}'s email", "passed on a recruiter's email"),
    "job_lead": ("sent them the {role} opening at {yorg}", "sent them the {role} opening"),
    "resume_forward": ("forwarded their resume to {y}", "forwarded their resume to a friend"),
    "recommendation": ("recommended them to {y}", "wrote them a LinkedIn recommendation"),
    "meeting": ("joined their call with {y}", "spent an hour on a mock interview with them"),
    "other": ("reviewed their talk with {y}", "proofread their cover letter"),
}  # fmt: skip
ASK_OUT = {
    "advice": "a quick question about {topic}",
    "meeting": "20 minutes to talk about {topic}",
    "other": "feedback on my resume",
    "intro": "an introduction to someone on {topic} at {xorg}",
    "contact": "the email of the recruiter at {xorg}",
    "job_lead": "to keep me in mind for {role} openings",
    "referral": "a referral for the {role} role at {xorg}",
    "resume_forward": "to forward my resume to their hiring manager",
    "recommendation": "a LinkedIn recommendation",
}  # fmt: skip
ASK_BIG = ("to be a reference for my {xorg} application", "introductions to their three best "
           "recruiters", "a job on their team")  # fmt: skip
ASK_IN = {
    "advice": "my take on {topic}",
    "meeting": "a coffee chat about {topic}",
    "other": "feedback on their resume",
    "intro": "an intro to someone at {yorg}",
    "contact": "the contact of a recruiter I know",
    "job_lead": "any {role} leads",
    "referral": "a referral at my old company",
    "resume_forward": "to pass their resume to my old manager",
    "recommendation": "a reference for the {role} role",
}  # fmt: skip
OFFERS_OUT = (
    "How can I help you?", "Happy to review your deck", "Happy to intro you to my old team",
    "I can look over your hiring post", "Glad to share my notes on {topic}",
    "Happy to be a sounding board on {topic}",
)  # fmt: skip
OFFERS_IN = (
    "offered to review my resume", "offered a mock interview", "offered to ask around at {xorg}",
)  # fmt: skip
SUMMARY = {
    "meeting": ("coffee, talked about {topic}", "lunch: {topic}", "walked through {topic}",
                "met at the {how}", "catch-up on {topic}"),
    "call": ("call about {topic}", "quick call: {topic}", "video call on {topic}"),
    "email": ("emailed about {topic}", "sent an update on my search", "shared an article on "
              "{topic}", "asked how things are going"),
    "message": ("messaged about {topic}", "congratulated them on the new role",
                "sent a quick hello", "shared a job post"),
    "note": ("remember: interested in {topic}", "they mentioned {topic}",
             "follow up about {topic} next month", "birthday is in March"),
}  # fmt: skip


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    folded = folded.replace("ø", "o").replace("Ø", "O")
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -")).strip()


def _slug(text: str) -> str:
    return "-".join(_ascii(text).lower().split())


class _Generator:
    """One generation run: the per-person arrays, the event queue and the counters."""

    def __init__(self, people: int, seed: int, lines_per_person: int, end: date) -> None:
        if people < 0:
            raise ValueError("people must be 0 or more")
        if lines_per_person < 1:
            raise ValueError("lines_per_person must be 1 or more")
        self.people = people
        self.lines_per_person = lines_per_person
        self.rng = Random(seed)
        self.rand = self.rng.random
        self.start = end - timedelta(days=WINDOW_DAYS)
        self.days = WINDOW_DAYS
        self.end_key = self.days * DAY
        self.day_str = [(self.start + timedelta(days=d)).isoformat() for d in range(self.days)]
        width = max(6, len(str(max(people - 1, 0))))
        self.pids = [f"p{i:0{width}d}" for i in range(people)]
        self.hhmm = [f"T{m // 60:02d}:{m % 60:02d}" for m in range(DAY)]
        self.next_id = 0
        self.seq = 0
        self.count = 0  # event lines scheduled inside the window
        # The queued lines of each day of the window, as (minute, sequence, line).
        self.queue: list[list[tuple[int, int, Line]]] = [[] for _ in range(self.days)]
        self.dateonly = False
        self.topic = TOPICS[0]  # what the current episode is about
        self.role = ROLES[0]
        self._setup_names()
        self._setup_people()

    # ------------------------------------------------------------------ people

    def _setup_names(self) -> None:
        rng = self.rng
        self.first_ascii = [_ascii(n).lower().replace(" ", "") for n in FIRST_NAMES]
        self.last_ascii = [_ascii(n).lower().replace(" ", "") for n in LAST_NAMES]
        self.org_domain = [_slug(o) + ".example" for o in ORGS]
        self.combos = len(FIRST_NAMES) * len(LAST_NAMES) * len(ORGS)
        bits = max(2, (self.combos - 1).bit_length())
        self.mask = (1 << bits) - 1
        self.shift = bits // 2 + 1
        self.mults = [rng.randrange(1, self.mask + 1, 2) for _ in range(3)]
        self.adds = [rng.randrange(self.mask + 1) for _ in range(3)]

    def _permute(self, x: int) -> int:
        """A seeded bijection of range(self.combos) (cycle-walking a permutation of 2^k)."""
        mask, shift = self.mask, self.shift
        while True:
            for mul, add in zip(self.mults, self.adds, strict=True):
                x = (x * mul + add) & mask
                x ^= x >> shift
            if x < self.combos:
                return x

    def _ident(self, i: int) -> tuple[int, int, int]:
        """(first name, last name, org) indexes; unique for the first `combos` people."""
        x = self._permute(i % self.combos)
        nf, nl = len(FIRST_NAMES), len(LAST_NAMES)
        return x % nf, (x // nf) % nl, x // (nf * nl)

    def name(self, i: int) -> str:
        f, la, _ = self._ident(i)
        return f"{FIRST_NAMES[f]} {LAST_NAMES[la]}"

    def org(self, i: int) -> str:
        return ORGS[self._ident(i)[2]]

    def _setup_people(self) -> None:
        rng, n = self.rng, self.people
        n_old = round(n * OLD_SHARE)
        olds = sorted(self.below(-15 * 365, 0) for _ in range(n_old))
        news = sorted(self.below(self.days) for _ in range(n - n_old))
        self.met = array("i", olds + news)  # days since the window start, sorted
        self.n_old = n_old
        self.icount = bytearray(n)
        self.flags = bytearray(n)
        self.introducer = array("i", [-1]) * n
        for i in range(n):
            f = 0
            if i < n_old and rng.random() < 0.03 / OLD_SHARE:  # about 3% of everyone
                f |= CLOSE
            if rng.random() < 0.15:
                f |= LAPSE
            self.flags[i] = f
            if i and rng.random() < 0.2:
                self.introducer[i] = self.below(i)

    def person_lines(self) -> Iterator[Line]:
        rng = self.rng
        for i in range(self.people):
            fi, li, oi = self._ident(i)
            first, last, org = FIRST_NAMES[fi], LAST_NAMES[li], ORGS[oi]
            old = i < self.n_old
            close = bool(self.flags[i] & CLOSE)
            line: Line = {"type": "person", "id": self.pids[i], "name": f"{first} {last}"}
            dup = i // self.combos
            local = f"{self.first_ascii[fi]}.{self.last_ascii[li]}{dup or ''}"
            has_org = rng.random() < 0.92
            emails = [f"{local}@{self.org_domain[oi] if has_org else 'mail.example'}"]
            if has_org and rng.random() < 0.15:
                emails.append(f"{local}@mail.example")
            line["emails"] = emails
            if rng.random() < 0.4:
                line["phones"] = [f"+1 555 {self.below(100, 1000)} {self.below(1000, 10000)}"]
            if has_org:
                line["org"] = org
                line["title"] = self.pick(TITLES)
            if rng.random() < 0.6:
                line["location"] = self.pick(LOCATIONS)
            if rng.random() < 0.3:
                line["linkedin"] = f"https://www.linkedin.com/in/{local.replace('.', '-')}"
            if rng.random() < (0.75 if old else 0.97):
                line["met_on"] = (self.start + timedelta(days=self.met[i])).isoformat()
            intro = self.introducer[i]
            if intro >= 0:
                line["met_how"] = f"introduced by {self.name(intro).split()[0]}"
                line["introduced_by"] = self.pids[intro]
            elif rng.random() < 0.85:
                line["met_how"] = self.pick(MET_HOW_OLD if old else MET_HOW_NEW)
            r = rng.random()
            if r < 0.12:
                pass  # no label
            elif close:
                line["label"] = self.pick(LABELS_CLOSE)
            elif r < 0.17:  # a label that claims more than the history shows
                line["label"] = self.pick(("old friend", "close friend", "colleague"))
            elif r < 0.27:
                line["label"] = self.pick(LABELS_FREE_OLD if old else LABELS_FREE_NEW)
            else:
                line["label"] = self.pick(LABELS_OLD if old else LABELS_NEW)
            if close:
                line["close"] = True
            elif rng.random() < 0.02:
                line["close"] = False
            if rng.random() < 0.55:
                line["tags"] = rng.sample(TAGS, self.between(1, 3))
            if rng.random() < 0.05:
                line["notes"] = self.pick(NOTES)
            yield line

    # ------------------------------------------------------------------ helpers

    def new_id(self, prefix: str) -> str:
        self.next_id += 1
        return f"{prefix}{self.next_id}"

    def push(self, key: int, line: Line) -> int:
        """Queue `line` at minute `key` (sets its `at`); returns the key used for ordering."""
        d, m = divmod(key, DAY)
        if self.dateonly:
            key = d * DAY
        if key >= self.end_key:
            line["at"] = ""  # after the end: dropped, and so is everything that follows it
            return key
        line["at"] = self.day_str[d] if self.dateonly else self.day_str[d] + self.hhmm[m]
        self.queue[d].append((key, self.seq, line))
        self.seq += 1
        self.count += 1
        return key

    # Fast draws built on random() alone (the stable part of `random` across Python versions).

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rand() * len(seq))]

    def below(self, a: int, b: int | None = None) -> int:
        """Like randrange(a) or randrange(a, b)."""
        if b is None:
            a, b = 0, a
        return a + int(self.rand() * (b - a))

    def between(self, a: int, b: int) -> int:
        """Like randint(a, b): both ends included."""
        return a + int(self.rand() * (b - a + 1))

    def weighted(self, w: Weighted) -> str:
        return w.items[bisect_right(w.cumulative, self.rand())]

    def work_minute(self) -> int:
        return self.below(96, 228) * 5  # 08:00 to 18:55

    def days_later(self, key: int, lo: int, hi: int) -> int:
        d = key // DAY + self.between(lo, hi)
        return max(d * DAY + self.work_minute(), key + 5)

    def same_day_later(self, key: int, lo: int = 5, hi: int = 240) -> int:
        return min(key + self.between(lo, hi), (key // DAY) * DAY + DAY - 1)

    def other(self, avail: int, *not_these: int) -> int:
        """A random known person other than `not_these`, or -1."""
        if avail <= len(not_these):
            return -1
        for _ in range(8):
            y = self.below(avail)
            if y not in not_these:
                return y
        return -1

    def depth(self, x: int, day: int) -> int:
        c = self.icount[x]
        if c == 0:
            return 0
        known = day - self.met[x]
        f = self.flags[x]
        if c >= 6 and known >= 180 and f & GOT and f & GAVE_FAVOR:
            return 4 if f & CLOSE else 3
        if c >= 3 and known >= 30:
            return 2
        return 1

    def slip(self, x: int) -> bool:
        return self.rng.random() < (0.35 if self.flags[x] & LAPSE else 0.04)

    def fill(self, text: str, x: int, y: int = -1) -> str:
        if "{" not in text:
            return text
        return text.format(
            topic=self.topic,
            role=self.role,
            xorg=self.org(x) if "{xorg}" in text else "",
            y=self.name(y) if y >= 0 else "",
            yorg=(self.org(y) if y >= 0 else self.pick(ORGS)) if "{yorg}" in text else "",
            how=self.pick(MET_HOW_NEW) if "{how}" in text else "",
        )

    # ------------------------------------------------------------------ lines

    def interaction(
        self,
        key: int,
        people: list[int],
        kind: str,
        *,
        direction: str | None = None,
        summary: str | None = None,
        new_contact: bool = False,
    ) -> int:
        rng = self.rng
        x = people[0]
        line: Line = {"type": "interaction"}
        if kind != "note" or rng.random() < 0.5:
            line["id"] = self.new_id("i")
        line["at"] = ""
        line["with"] = [self.pids[p] for p in people]
        line["kind"] = kind
        if kind != "note":
            if direction is None:
                if kind in ("meeting", "call"):
                    direction = "both" if rng.random() < 0.5 else None
                else:
                    direction = self.weighted(DIRECTION_W)
            if direction is not None:
                line["direction"] = direction
        line["summary"] = self.fill(summary or self.pick(SUMMARY[kind]), x)
        if kind == "meeting":
            line["place"] = self.pick(PLACES)
            if new_contact and not self.slip(x):
                line["time_chosen_by"] = self.pids[x]
                line["their_travel_minutes"] = 0
            elif new_contact:  # made a new contact work too hard
                if rng.random() < 0.5:
                    line["time_chosen_by"] = "me"
                    line["their_travel_minutes"] = self.pick((0, 10, 20))
                else:
                    line["time_chosen_by"] = self.pids[x]
                    line["their_travel_minutes"] = self.pick((15, 20, 30, 45))
            else:
                line["time_chosen_by"] = self.pick(("me", self.pids[x]))
                line["their_travel_minutes"] = self.pick((0, 0, 5, 10, 20, 30))
        if rng.random() < 0.2:
            if direction == "out":
                line["initiated_by"] = "me"
            elif direction == "in":
                line["initiated_by"] = self.pids[x]
            else:
                line["initiated_by"] = self.pick(("me", self.pids[x]))
        if kind != "note":
            for p in people:
                if self.icount[p] < 255:
                    self.icount[p] += 1
        return self.push(key, line)

    def favor(
        self, key: int, giver: int | None, taker: int | None, kind: str, y: int
    ) -> tuple[int, str]:
        """A favor from `giver` to `taker` (None is me); returns (key, id)."""
        rng = self.rng
        x = giver if giver is not None else taker
        assert x is not None
        fid = self.new_id("f")
        line: Line = {"type": "favor", "id": fid, "at": ""}
        line["from"] = "me" if giver is None else self.pids[giver]
        line["to"] = "me" if taker is None else self.pids[taker]
        line["kind"] = kind
        size = FAVOR_SIZE[kind]
        r = rng.random()
        if r < 0.1:
            size = min(5, size + 1)
        elif r < 0.18:
            size = max(1, size - 1)
        if size != FAVOR_SIZE[kind] or rng.random() < 0.2:
            line["size"] = size
        texts = FAVOR_IN[kind] if giver is not None else FAVOR_OUT[kind]
        line["what"] = self.fill(texts[0] if y >= 0 else texts[1], x, y)
        if y >= 0:
            line["refers_to"] = self.pids[y]
        if giver is None:
            self.flags[x] |= GAVE | GAVE_FAVOR
        else:
            self.flags[x] |= GOT
        return self.push(key, line), fid

    def request(
        self, key: int, asker: int | None, asked: int | None, what: str, size: int
    ) -> tuple[int, str]:
        rng = self.rng
        rid = self.new_id("r")
        line: Line = {"type": "request", "id": rid, "at": ""}
        line["from"] = "me" if asker is None else self.pids[asker]
        line["to"] = "me" if asked is None else self.pids[asked]
        line["what"] = what
        if size != 2 or rng.random() < 0.3:
            line["size"] = size
        if rng.random() < 0.3:
            d = key // DAY + self.between(2, 10)
            if d < self.days:
                if rng.random() < 0.7:
                    line["due"] = self.day_str[d]
                else:
                    line["due"] = f"{self.day_str[d]}T{self.pick((9, 12, 17)):02d}:00"
        return self.push(key, line), rid

    def update(self, key: int, rid: str, status: str, note: str | None = None) -> int:
        line: Line = {"type": "request_update"}
        if self.rng.random() < 0.85:
            line["id"] = self.new_id("u")
        line["request"] = rid
        line["at"] = ""
        line["status"] = status
        if note:
            line["note"] = note
        return self.push(key, line)

    def thanks(self, key: int, giver: int | None, taker: int | None, fid: str | None) -> int:
        line: Line = {"type": "thanks", "at": ""}
        line["from"] = "me" if giver is None else self.pids[giver]
        line["to"] = "me" if taker is None else self.pids[taker]
        if fid is not None:
            line["for"] = fid
        if self.rng.random() < 0.85:
            line["channel"] = self.weighted(CHANNELS_W)
        return self.push(key, line)

    def offer(self, key: int, giver: int | None, taker: int | None) -> int:
        rng = self.rng
        line: Line = {"type": "offer", "at": ""}
        line["from"] = "me" if giver is None else self.pids[giver]
        line["to"] = "me" if taker is None else self.pids[taker]
        if giver is None:
            assert taker is not None
            self.flags[taker] |= GAVE
            if rng.random() < 0.9:
                line["what"] = self.fill(self.pick(OFFERS_OUT), taker)
        else:
            line["what"] = self.fill(self.pick(OFFERS_IN), giver)
        return self.push(key, line)

    def share(self, key: int, contact: int, to: int, given_by: int, permission: bool) -> int:
        line: Line = {"type": "share", "id": self.new_id("s"), "at": ""}
        line["contact"] = self.pids[contact]
        line["to"] = self.pids[to]
        if given_by >= 0:
            line["given_by"] = self.pids[given_by]
        if permission or self.rng.random() < 0.5:
            line["with_permission"] = permission
        return self.push(key, line)

    # ------------------------------------------------------------------ episodes

    def pick_kind(self) -> str:
        return self.weighted(FAVOR_KINDS_W)

    def third(self, kind: str, x: int, avail: int) -> int:
        if self.rng.random() < REFERS_P[kind]:
            return self.other(avail, x)
        return -1

    def after_favor_in(self, key: int, x: int, fid: str, y: int, avail: int) -> None:
        """What follows a favor from X: thanks, acting on it, closing the loop, an offer."""
        rng = self.rng
        if not self.slip(x):
            key = self.thanks(
                self.same_day_later(key), None, x, fid if rng.random() < 0.75 else None
            )
        elif rng.random() < 0.5:  # late, and often without naming the favor
            key = self.thanks(
                self.days_later(key, 1, 5), None, x, fid if rng.random() < 0.3 else None
            )
        if y >= 0:
            if not self.slip(x):
                kind = self.pick(("email", "call", "meeting", "message"))
                ykey = self.interaction(
                    self.days_later(key, 0, 5),
                    [y],
                    kind,
                    direction="out" if kind in ("email", "message") else "both",
                    new_contact=self.depth(y, key // DAY) <= 1,
                    summary=f"reached out, {self.name(x).split()[0]} suggested it",
                )
                if not self.slip(x):
                    key = self.interaction(
                        self.days_later(ykey, 1, 9),
                        [x],
                        self.pick(("email", "message")),
                        direction="out",
                        summary=f"told them how it went with {self.name(y)}",
                    )
                else:
                    key = ykey
            elif rng.random() < 0.4:  # acted on it, late
                key = self.interaction(self.days_later(key, 9, 14), [y], "email", direction="out")
            if rng.random() < 0.12:
                z = self.other(avail, x, y)
                if z >= 0:
                    permission = not self.slip(x) and rng.random() < 0.9
                    key = self.share(
                        self.days_later(key, 2, 20),
                        y,
                        z,
                        x if rng.random() < 0.7 else -1,
                        permission,
                    )
        if not self.flags[x] & GAVE and not self.slip(x):
            self.offer(self.days_later(key, 0, 5), None, x)

    def ep_catchup(self, x: int, day: int, avail: int) -> None:
        rng = self.rng
        kind = self.weighted(CATCHUP_W)
        people = [x]
        if rng.random() < 0.1:
            w = self.other(avail, x)
            if w >= 0:
                people.append(w)
        new = self.depth(x, day) <= 1
        key = self.interaction(day * DAY + self.work_minute(), people, kind, new_contact=new)
        line_in = True
        r = rng.random()
        if r < 0.2:
            key = self.interaction(self.same_day_later(key), [x], "note")
        elif r < 0.6 and kind in ("email", "message"):  # a short thread
            for _ in range(self.between(1, 3)):
                key = self.interaction(
                    self.days_later(key, 0, 3),
                    [x],
                    kind,
                    direction="in" if line_in else "out",
                    summary="replied" if line_in else "answered their questions",
                )
                line_in = not line_in
        if (
            kind in ("meeting", "call")
            and self.icount[x] >= 2
            and not self.flags[x] & GAVE
            and not self.slip(x)
        ):
            self.offer(self.days_later(key, 0, 4), None, x)

    def ep_note(self, x: int, day: int, avail: int) -> None:
        self.interaction(day * DAY + self.work_minute(), [x], "note")

    def ep_ask(self, x: int, day: int, avail: int) -> None:
        """I ask X for something; X mostly does it."""
        rng = self.rng
        key = day * DAY + self.work_minute()
        kind = self.pick_kind()
        size = FAVOR_SIZE[kind]
        what = self.fill(ASK_OUT[kind], x)
        big = rng.random() < 0.04
        if big:
            size, what = 5, self.fill(self.pick(ASK_BIG), x)
        lapse = self.slip(x)
        if not lapse:
            if self.depth(x, day) == 0:  # get in touch before asking
                key = self.interaction(
                    key, [x], self.pick(("call", "meeting", "message")), new_contact=True
                )
                key = self.days_later(key, 0, 3)
            depth = self.depth(x, key // DAY)
            if size > depth + 1:
                small = [k for k in FAVOR_KINDS if FAVOR_SIZE[k] <= depth + 1]
                kind = self.pick(small)
                size, what, big = FAVOR_SIZE[kind], self.fill(ASK_OUT[kind], x), False
            if size >= 2 and not self.flags[x] & GAVE:
                key = self.offer(key, None, x)  # give first
                key = self.days_later(key, 0, 4)
        key, rid = self.request(key, None, x, what, size)
        r = rng.random()
        if r < 0.08:
            self.update(self.days_later(key, 1, 4), rid, "declined", "not the right time")
            return
        if r < 0.14:
            self.update(self.days_later(key, 2, 10), rid, "withdrawn", "found another way in")
            return
        if r < 0.2:
            return  # still open
        if r < 0.28:
            key = self.update(self.days_later(key, 5, 10), rid, "asked_again", "gentle nudge")
        y = self.third(kind, x, avail)
        key, fid = self.favor(self.days_later(key, 0, 6), x, None, kind, y)
        if rng.random() < 0.5:
            key = self.update(key, rid, "done")
        self.after_favor_in(key, x, fid, y, avail)

    def ep_favor_in(self, x: int, day: int, avail: int) -> None:
        """X helps me unprompted."""
        kind = self.pick_kind()
        y = self.third(kind, x, avail)
        key, fid = self.favor(day * DAY + self.work_minute(), x, None, kind, y)
        self.after_favor_in(key, x, fid, y, avail)

    def ep_their_request(self, x: int, day: int, avail: int) -> None:
        """X asks me for something."""
        rng = self.rng
        kind = self.pick_kind()
        y = self.third(kind, x, avail)
        what = self.fill(ASK_IN[kind], x, y)
        key, rid = self.request(day * DAY + self.work_minute(), x, None, what, FAVOR_SIZE[kind])
        if self.slip(x):
            r = rng.random()
            if r < 0.4:
                return  # ignored
            key = self.update(self.days_later(key, 3, 6), rid, "asked_again", "any news?")
            if r < 0.6:
                key = self.update(self.days_later(key, 3, 8), rid, "asked_again")
            if r < 0.8:
                return
            key, fid = self.favor(self.days_later(key, 1, 6), None, x, kind, y)
            self.update(key, rid, "done")
            return
        r = rng.random()
        if r < 0.14:
            self.update(self.days_later(key, 0, 2), rid, "declined", "I don't know anyone there")
            return
        if r < 0.2:
            self.update(self.days_later(key, 0, 5), rid, "withdrawn", "sorted it out")
            return
        if r < 0.26:
            key = self.update(self.days_later(key, 4, 6), rid, "asked_again")
        key, fid = self.favor(self.days_later(key, 0, 2), None, x, kind, y)
        if y >= 0 and kind in ("intro", "contact", "referral"):
            intro = self.introducer[y]
            key = self.share(key, y, x, intro if intro != x else -1, not self.slip(x))
        key = self.update(key, rid, "done", "done" if rng.random() < 0.3 else None)
        if rng.random() < 0.75:
            self.thanks(self.days_later(key, 0, 1), x, None, fid if rng.random() < 0.5 else None)

    def ep_give(self, x: int, day: int, avail: int) -> None:
        """I help X unprompted."""
        rng = self.rng
        kind = self.pick_kind()
        y = self.third(kind, x, avail)
        key, fid = self.favor(day * DAY + self.work_minute(), None, x, kind, y)
        if y >= 0 and rng.random() < 0.35:
            intro = self.introducer[y]
            key = self.share(key, y, x, intro if intro != x else -1, rng.random() < 0.85)
        if rng.random() < 0.65:
            self.thanks(self.days_later(key, 0, 2), x, None, fid if rng.random() < 0.5 else None)

    def ep_offer(self, x: int, day: int, avail: int) -> None:
        key = day * DAY + self.work_minute()
        if self.rng.random() < 0.7:
            self.offer(key, None, x)
        else:
            self.offer(key, x, None)

    def ep_share(self, x: int, day: int, avail: int) -> None:
        z = self.other(avail, x)
        if z < 0:
            self.ep_note(x, day, avail)
            return
        intro = self.introducer[x]
        given_by = intro if intro >= 0 and intro != z and self.rng.random() < 0.6 else -1
        self.share(day * DAY + self.work_minute(), x, z, given_by, not self.slip(x))

    def ep_met(self, x: int, day: int) -> None:
        """The day we met: an introduction (a favor from the introducer) or a first contact."""
        rng = self.rng
        self.dateonly = rng.random() < 0.06
        self.topic, self.role = self.pick(TOPICS), self.pick(ROLES)
        key = day * DAY + self.work_minute()
        intro = self.introducer[x]
        if intro >= 0 and self.met[intro] <= day and rng.random() < 0.6:
            key, fid = self.favor(key, intro, None, "intro", x)
            self.after_favor_in(key, intro, fid, x, x)
        else:
            kind = self.weighted(FIRST_CONTACT_W)
            self.interaction(key, [x], kind, new_contact=True, direction="both")
        self.dateonly = False

    def events(self) -> Iterator[Line]:
        rng, met = self.rng, self.met
        budget = self.people * (self.lines_per_person - 1)
        if budget <= 0 or self.people == 0:
            return
        weights = [
            0.35 if (self.start + timedelta(days=d)).weekday() >= 5 else 1.0
            for d in range(self.days)
        ]
        total = sum(weights)
        episodes = (
            (self.ep_catchup, 46), (self.ep_note, 3), (self.ep_ask, 15), (self.ep_favor_in, 7),
            (self.ep_their_request, 12), (self.ep_give, 8), (self.ep_offer, 6),
            (self.ep_share, 2),
        )  # fmt: skip
        funcs = [f for f, _ in episodes]
        total_w = sum(w for _, w in episodes)
        cum_w, acc = [], 0.0
        for _, w in episodes:
            acc += w
            cum_w.append(acc / total_w)
        acc_w = 0.0
        for d in range(self.days):
            acc_w += weights[d]
            target = budget * acc_w / total
            for x in range(bisect_left(met, d), bisect_right(met, d)):
                if self.count < target and rng.random() < 0.8:
                    self.ep_met(x, d)
            avail = bisect_right(met, d)
            recent = bisect_left(met, d - 45)
            tries = 0
            while self.count < target and avail and tries < 100_000:
                tries += 1
                if recent < avail and rng.random() < 0.35:
                    x = self.below(recent, avail)
                else:
                    x = self.below(avail)
                self.dateonly = rng.random() < 0.06
                self.topic, self.role = self.pick(TOPICS), self.pick(ROLES)
                funcs[bisect_right(cum_w, rng.random())](x, d, avail)
                self.dateonly = False
            # Episodes start today or later, so today's lines are all known now.
            today = self.queue[d]
            self.queue[d] = []
            today.sort()
            for item in today:
                yield item[2]


def generate(
    people: int, seed: int = 1, lines_per_person: int = 20, end: date = DEFAULT_END
) -> Iterator[Line]:
    """Yield the journal lines of a synthetic network of `people` contacts, in file order."""
    gen = _Generator(people, seed, lines_per_person, end)
    yield from gen.person_lines()
    yield from gen.events()


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def write(
    out: str | Path | IO[str],
    people: int,
    seed: int = 1,
    lines_per_person: int = 20,
    end: date = DEFAULT_END,
) -> int:
    """Write the journal to a path or a text stream; returns the number of lines."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="\n") as stream:
            return write(stream, people, seed, lines_per_person, end)
    n = 0
    chunk: list[str] = []
    for line in generate(people, seed, lines_per_person, end):
        # Same bytes as json.dumps(line, ensure_ascii=False, separators=(",", ":")).
        chunk.append(_ENCODE(line))
        n += 1
        if len(chunk) >= 4096:
            chunk.append("")
            out.write("\n".join(chunk))
            chunk.clear()
    if chunk:
        chunk.append("")
        out.write("\n".join(chunk))
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a seeded synthetic goodterms network as a journal (JSON Lines)."
    )
    parser.add_argument("--people", type=int, required=True, help="number of contacts")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--lines-per-person",
        type=int,
        default=20,
        help="average journal lines per person, person lines included (default 20)",
    )
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        default=DEFAULT_END,
        help=f"events end before this date, about 18 months of them (default {DEFAULT_END})",
    )
    parser.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    args = parser.parse_args(argv)
    if args.people < 0 or args.lines_per_person < 1:
        parser.error("--people must be 0 or more and --lines-per-person 1 or more")
    if args.output == "-":
        stream = sys.stdout
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", newline="\n")
        write(stream, args.people, args.seed, args.lines_per_person, args.end)
        stream.flush()
    else:
        write(args.output, args.people, args.seed, args.lines_per_person, args.end)
    return 0


if __name__ == "__main__":
    sys.exit(main())
