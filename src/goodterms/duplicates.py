"""Likely duplicates among people, each pair with the evidence for it.

Pure Python over plain tuples, so it is tested without a database. Imports
never merge on a name alone; this lists the pairs a person should look at, and
`goodterms people merge A B` merges the ones they confirm.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from goodterms.importers.records import linkedin_url, normal_email, normal_phone

MAX_BLOCK = 200  # names sharing one word more often than this are too common to compare


@dataclass(frozen=True)
class Candidate:
    ident: str
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin: str = ""
    org: str = ""


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    score: float  # 0 to 1: how sure
    evidence: tuple[str, ...]


def words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def _evidence(a: Candidate, b: Candidate) -> tuple[float, list[str]]:
    found: list[str] = []
    score = 0.0
    shared_emails = {normal_email(e) for e in a.emails} & {normal_email(e) for e in b.emails}
    shared_emails.discard("")
    if shared_emails:
        found.append(f"same email {sorted(shared_emails)[0]}")
        score = max(score, 0.95)
    shared_phones = {normal_phone(p) for p in a.phones} & {normal_phone(p) for p in b.phones}
    shared_phones.discard("")
    if shared_phones:
        found.append(f"same phone {sorted(shared_phones)[0]}")
        score = max(score, 0.9)
    if a.linkedin and linkedin_url(a.linkedin) == linkedin_url(b.linkedin) != "":
        found.append("same LinkedIn profile")
        score = max(score, 0.95)
    wa, wb = words(a.name), words(b.name)
    if wa and wb:
        if wa == wb:
            found.append("same name")
            score = max(score, 0.7)
        else:
            ratio = SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio()
            initials = wa[-1] == wb[-1] and wa[0][0] == wb[0][0]
            if ratio >= 0.85 or initials:
                found.append(f"similar names ({ratio:.0%} alike)")
                score = max(score, 0.5 + (ratio - 0.5) / 2)
    if found and a.org and a.org.casefold() == b.org.casefold():
        found.append(f"both at {a.org}")
        score = min(1.0, score + 0.1)
    domains_a = {normal_email(e).split("@")[-1] for e in a.emails if normal_email(e)}
    domains_b = {normal_email(e).split("@")[-1] for e in b.emails if normal_email(e)}
    common = (domains_a & domains_b) - {"gmail.com", "outlook.com", "hotmail.com", "yahoo.com",
                                         "icloud.com", "mail.example"}
    if found and common and not shared_emails:
        found.append(f"both write from @{sorted(common)[0]}")
        score = min(1.0, score + 0.05)
    return score, found


def likely_duplicates(people: Iterable[Candidate], threshold: float = 0.5) -> list[Pair]:
    """Pairs worth a look, surest first. Compares only people who share a name word,
    an email, a phone or a LinkedIn URL, so it stays fast on large networks."""
    blocks: dict[str, list[Candidate]] = defaultdict(list)
    for person in people:
        keys = {f"w:{w}" for w in words(person.name) if len(w) > 1}
        keys |= {f"e:{normal_email(e)}" for e in person.emails if normal_email(e)}
        keys |= {f"p:{normal_phone(p)}" for p in person.phones if normal_phone(p)}
        if linkedin_url(person.linkedin):
            keys.add(f"l:{linkedin_url(person.linkedin)}")
        for key in keys:
            blocks[key].append(person)
    seen: set[tuple[str, str]] = set()
    pairs: list[Pair] = []
    for key, members in blocks.items():
        if len(members) < 2 or (key.startswith("w:") and len(members) > MAX_BLOCK):
            continue
        for a, b in combinations(members, 2):
            ids = (a.ident, b.ident) if a.ident < b.ident else (b.ident, a.ident)
            if ids in seen:
                continue
            seen.add(ids)
            score, evidence = _evidence(a, b)
            if evidence and score >= threshold:
                pairs.append(Pair(ids[0], ids[1], round(score, 2), tuple(evidence)))
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))
    return pairs
