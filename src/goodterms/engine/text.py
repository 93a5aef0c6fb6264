"""Words for findings: people's names, what a favor was, what an ask of a size is."""

from __future__ import annotations

from goodterms.engine.index import NetworkIndex
from goodterms.engine.model import Favor

ASK_SIZES: dict[int, str] = {
    1: "a quick question or some advice by message",
    2: "a short call or a coffee",
    3: "an introduction to someone they know",
    4: "forwarding your resume or a referral",
    5: "their best contacts, a reference or a job",
}

FITTING_ASKS: dict[int, str] = {
    1: "a quick question by message",
    2: "a 20-minute call or a coffee",
    3: "an introduction to one person",
    4: "forwarding my resume",
    5: "a reference",
}


def full_name(index: NetworkIndex, person_id: str) -> str:
    """The person's name as recorded, or the id when they are not in the people."""
    person = index.people.get(person_id)
    return person.name if person is not None and person.name else person_id


def first_name(index: NetworkIndex, person_id: str) -> str:
    """The first word of the person's name, for greetings and short messages."""
    name = full_name(index, person_id)
    return name.split()[0] if name.split() else name


def favor_deed(index: NetworkIndex, favor: Favor) -> str:
    """What X did, as a past-tense phrase after "you" ("sent my resume to Dana")."""
    if favor.what:
        return favor.what
    other = full_name(index, favor.refers_to) if favor.refers_to else "someone"
    return {
        "advice": "gave me your advice",
        "intro": f"introduced me to {other}",
        "referral": f"referred me to {other}",
        "contact": f"gave me {other}'s contact details",
        "job_lead": "told me about a job opening",
        "resume_forward": f"forwarded my resume to {other}",
        "recommendation": "recommended me",
        "meeting": "took the time to meet me",
    }.get(favor.kind, "helped me")


def favor_label(index: NetworkIndex, favor: Favor) -> str:
    """A short quoted description of a favor for messages."""
    return f'"{favor_deed(index, favor)}"'


def plural(count: int, word: str) -> str:
    """ "1 favor", "3 favors"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
