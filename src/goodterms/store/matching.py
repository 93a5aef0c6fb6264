"""One person per human: turning an importer's contacts and events into journal lines.

A contact from a LinkedIn export, an address book or a calendar is matched with
a person already stored, in this order: the same source key (it came from the
same place before), the same LinkedIn URL, a shared email address, a shared
phone number. Never on a name alone: two "Ana Bell"s may be two people, and
`goodterms people duplicates` lists such pairs for the user to decide. A
contact that matches nobody becomes a new person, whose id is made from the name.

A matched person keeps what was known and gains what is new (emails, phones,
tags, and the LinkedIn URL, organisation, title, location and date met when
those were unknown). The journal lines this makes are stored as they come by
`actions.LineStream`, with the checks `actions.import_lines` makes of a journal,
in one transaction: idempotent, all or nothing, safe to interrupt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from goodterms.detect.due import due_date
from goodterms.errors import BadInput
from goodterms.importers.records import (
    Checkpoint,
    Contact,
    Detected,
    Event,
    Skipped,
    linkedin_url,
    normal_email,
    normal_phone,
)
from goodterms.journal import line_to_object
from goodterms.naming import slug
from goodterms.store import models as m
from goodterms.store.actions import (
    ImportSummary,
    LineStream,
    Progress,
    Skips,
    analyze_after_import,
    clear_import_position,
    network_changed,
    queue_for_review,
    save_import_position,
)
from goodterms.store.queries import free_ident
from goodterms.store.rows import stored_line

SOURCES_FIELD = "x_sources"  # where a person keeps the source keys they were matched by


@dataclass
class PeopleIndex:
    """What identifies each stored person: source keys, LinkedIn URLs, emails, phones."""

    by_key: dict[str, str] = field(default_factory=dict)  # "kind:value" -> person id
    taken: set[str] = field(default_factory=set)  # ids given out during this import

    @classmethod
    def load(cls, owner: Any) -> PeopleIndex:
        index = cls()
        rows = m.Person.objects.filter(owner=owner).values_list(
            "ident", "emails", "phones", "linkedin", "extra")
        for ident, emails, phones, linkedin, extra in rows.iterator(chunk_size=5000):
            index.add(ident, emails or (), phones or (), linkedin,
                      (extra or {}).get(SOURCES_FIELD, ()))
        return index

    def add(self, ident: str, emails: Iterable[str], phones: Iterable[str], linkedin: str,
            sources: Iterable[str]) -> None:
        for source in sources:
            self.by_key.setdefault(f"source:{source}", ident)
        if linkedin_url(linkedin):
            self.by_key.setdefault(f"linkedin:{linkedin_url(linkedin)}", ident)
        for email in emails:
            if normal_email(email):
                self.by_key.setdefault(f"email:{normal_email(email)}", ident)
        for phone in phones:
            if normal_phone(phone):
                self.by_key.setdefault(f"phone:{normal_phone(phone)}", ident)

    def match(self, contact: Contact) -> str | None:
        keys = [f"source:{contact.key}"]
        if contact.linkedin:
            keys.append(f"linkedin:{linkedin_url(contact.linkedin)}")
        keys += [f"email:{normal_email(e)}" for e in contact.emails if normal_email(e)]
        keys += [f"phone:{normal_phone(p)}" for p in contact.phones if normal_phone(p)]
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        return None


# Importers that read the same events from different places: an email is one
# email whether it came from an mbox, a Maildir, a folder of .eml files or IMAP
# (its key is its Message-ID), so its id must not depend on the way it came.
SAME_EVENTS = {"mbox": "mail", "maildir": "mail", "eml": "mail", "imap": "mail"}


@dataclass
class Converter:
    """Turns records into journal objects, matching contacts with people as it goes."""

    owner: Any
    tz: ZoneInfo
    source: str  # the importer's name, part of every event id
    index: PeopleIndex
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> person object
    keys: dict[str, str] = field(default_factory=dict)  # contact key -> person id
    skipped: Skips = field(default_factory=Skips)  # line, why, file
    apply_threshold: float = 0.9
    reviews: list[dict[str, Any]] = field(default_factory=list)  # detections to ask about
    known: set[str] = field(default_factory=set)  # contact keys of people known before
    # People whose line changed since it was last stored (id -> the record's line): stored
    # before the next line that may point at them.
    changed: dict[str, int] = field(default_factory=dict)

    def contact(self, contact: Contact) -> None:
        ident = self.keys.get(contact.key) or self.index.match(contact)
        if ident is not None and ident not in self.index.taken:
            self.known.add(contact.key)  # someone stored before this import
        if ident is None:
            ident = self._new_id(contact.name)
            person: dict[str, Any] = {"type": "person", "id": ident, "name": contact.name}
        else:
            person = self.people.get(ident) or self._stored(ident)
        self._merge(person, contact)
        self.people[ident] = person
        self.changed.setdefault(ident, contact.line)
        self.keys[contact.key] = ident
        self.index.add(ident, contact.emails, contact.phones, contact.linkedin, [contact.key])

    def event(self, event: Event) -> dict[str, Any] | None:
        people = [self.keys[k] for k in event.with_ if k in self.keys]
        if not people:
            self.skipped.append((event.line, "an event with nobody known", ""))
            return None
        family = SAME_EVENTS.get(self.source, self.source)
        digest = hashlib.sha1(f"{family}\x1f{event.key}".encode(),
                              usedforsecurity=False).hexdigest()[:16]
        obj: dict[str, Any] = {
            "type": "interaction", "id": f"{family}-{digest}",
            "at": event.at.astimezone(self.tz).isoformat(), "with": people,
            "kind": event.kind, "direction": event.direction,
        }
        for name in ("summary", "place"):
            if getattr(event, name):
                obj[name] = getattr(event, name)
        if event.thread:
            obj["x_thread"] = event.thread  # kept with the email, exported as it is
        if event.body:
            obj["x_body"] = event.body  # only when the user asked to keep bodies
        for name in ("initiated_by", "time_chosen_by"):
            who = getattr(event, name)
            if who == "me":
                obj[name] = "me"
            elif who in self.keys:
                obj[name] = self.keys[who]
        return obj

    def detected(self, found: Detected) -> dict[str, Any] | None:
        """The journal line a detection becomes when it is sure enough; otherwise it is
        kept for `goodterms review` (and None is returned)."""
        proposal = self._proposal(found)
        if proposal is None:
            return None
        sure = found.confidence >= self.apply_threshold
        if sure and (found.act in AUTO_ACTS or "refers_to" in proposal):
            return proposal
        self.reviews.append({"key": found.key, "act": found.act, "confidence": found.confidence,
                             "text": found.text, "at": found.at, "proposal": proposal})
        return None

    def _proposal(self, found: Detected) -> dict[str, Any] | None:
        by = "me" if found.by == "me" else self.keys.get(found.by)
        to = [t if t == "me" else self.keys.get(t) for t in found.to]
        other = next((x for x in [by, *to] if x and x != "me"), None)
        if by is None or other is None or (found.act == "commitment" and by != "me"):
            return None  # what others promise me is theirs to keep
        sides = {"from": by, "to": other if by == "me" else "me"}
        ident = "mail-" + hashlib.sha1(found.key.encode(), usedforsecurity=False).hexdigest()[:16]
        at = found.at.astimezone(self.tz).isoformat()
        what = found.text[:300]
        due = due_date(found.text, found.at.astimezone(self.tz)) \
            if found.act in ("commitment", "request") else None
        if found.act == "commitment":
            # A promise I made is owed like something they asked of me: the
            # ignored-request rule then reminds me of it. A date the sentence names
            # ("by Friday") becomes the request's due (a date: the end of that day).
            promise = {"type": "request", "id": ident, "at": at, "from": other, "to": "me",
                       "what": f"what you promised: {what}"}
            if due is not None:
                promise["due"] = due.isoformat()
            return promise
        if found.act == "thanks":
            return {"type": "thanks", "id": ident, "at": at, **sides, "channel": "email"}
        if found.act == "request":
            request = {"type": "request", "id": ident, "at": at, **sides, "what": what}
            if due is not None:
                request["due"] = due.isoformat()
            return request
        if found.act == "offer":
            return {"type": "offer", "id": ident, "at": at, **sides, "what": what}
        kind = "intro" if found.act == "intro" else favor_kind(what)
        favor = {"type": "favor", "id": ident, "at": at, **sides, "kind": kind, "what": what}
        if (found.act == "intro" and by != "me" and len(found.also) == 1
                and found.also[0] not in self.known):
            # The structure of an introduction: X wrote to me and Y together, Y new to me.
            third = self.keys.get(found.also[0])
            if third and third not in (by, "me"):
                favor["refers_to"] = third
        return favor

    def _new_id(self, name: str) -> str:
        candidate = free_ident(self.owner, slug(name), self.index.taken)
        self.index.taken.add(candidate)
        return candidate

    def _stored(self, ident: str) -> dict[str, Any]:
        line = stored_line(self.owner, "person", ident)
        if line is None:  # given out earlier in this import
            return {"type": "person", "id": ident, "name": ident}
        return line_to_object(line, self.tz)

    @staticmethod
    def _merge(person: dict[str, Any], contact: Contact) -> None:
        def union(name: str, values: Iterable[str], same: Callable[[str], str] = str) -> None:
            merged = list(person.get(name, []))
            known = {same(x) for x in merged}
            for value in values:
                if value and same(value) not in known:
                    merged.append(value)
                    known.add(same(value))
            if merged:
                person[name] = merged

        union("emails", (normal_email(e) or e for e in contact.emails))
        union("phones", contact.phones, lambda p: normal_phone(p) or p)
        union("tags", contact.tags)
        union(SOURCES_FIELD, [contact.key])
        if contact.linkedin and not person.get("linkedin"):
            person["linkedin"] = linkedin_url(contact.linkedin) or contact.linkedin
        for name in ("org", "title", "location", "met_how", "notes"):
            value = getattr(contact, name)
            if value and not person.get(name):
                person[name] = value
        if contact.met_on and not person.get("met_on"):
            person["met_on"] = contact.met_on.isoformat()


# Acts recorded without asking when sure enough. An introduction is recorded only when
# the message shows whom it introduces (X wrote to me and one other person together);
# otherwise it waits for review, as a promise of mine (a commitment) always does.
# Requests always wait: on real mail labelled by hand, about 0.71 of the sentences the
# request model is sure of (confidence >= 0.9) are requests, below the 0.90 needed;
# thank-yous are 59 of 60, and every sure offer and favour in all the shared mail is
# right, 3 of 3 (docs/detection.md, train/evaluate_mail.py).
AUTO_ACTS = ("thanks", "offer", "favor")


def favor_kind(text: str) -> str:
    """The journal's favor kind that a sentence about a favor most likely means."""
    low = text.lower()
    for words, kind in ((("resume", "cv", "résumé"), "resume_forward"),
                        (("recommend",), "recommendation"), (("referr", "referred"), "referral"),
                        (("introduc",), "intro"), (("job", "opening", "role", "position"),
                                                  "job_lead"),
                        (("contact", "email address", "phone", "number"), "contact")):
        if any(w in low for w in words):
            return kind
    return "other"


def where(line: int, source: str) -> str:
    """How a skipped row is located: "line 8", "Connections.csv line 8", "cur/123:2,S"."""
    parts = [x for x in (source, f"line {line}" if line else "") if x]
    return " ".join(parts) or "the file"


def import_records(owner: Any, records: Callable[[], Iterator[Any]], *, source: str,
                   importer: str, tz: ZoneInfo, strict: bool = False,
                   progress: Progress | None = None, apply_threshold: float = 0.9,
                   resume_key: str | None = None, made_before: Iterable[str] = ()
                   ) -> ImportSummary:
    """Match and store everything an importer read from one file, written as it is read
    (so that a mailbox is stored while its next messages are read, on another core), in
    one transaction: all of it or, if anything is wrong, nothing.

    With a `resume_key` (and not `strict`), each `Checkpoint` the importer gives ends a
    transaction instead: what was read up to it is committed, with the position, so
    that an import stopped later (Ctrl-C, an error) keeps it, and the next import of
    the same source (the same key) goes on from there; the position is removed when the
    import finishes. Without, checkpoints change nothing. `made_before`: the people an
    earlier import of the source that stopped had made, as new to this one as to it."""
    converter = Converter(owner, tz, importer, PeopleIndex.load(owner),
                          apply_threshold=apply_threshold)
    summary = ImportSummary(source)
    commits = resume_key is not None and not strict
    converter.index.taken.update(made_before)

    def add_changed_people() -> None:
        for ident, line in converter.changed.items():
            stream.add_object(converter.people[ident], tz, line)
        converter.changed.clear()

    def add(obj: dict[str, Any], number: int) -> None:
        add_changed_people()  # first the people it may point at
        stream.add_object(obj, tz, number)

    def queue_reviews() -> None:
        summary.queued += queue_for_review(owner, converter.reviews, summary)
        converter.reviews = []

    def note_change() -> None:
        total = summary.total
        if total.new or total.updated:
            network_changed(owner)

    def store_until_checkpoint(found: Iterator[Any]) -> int | None:
        """Match and add records up to the importer's next Checkpoint, when they are
        committed at checkpoints (its position), or to the end (None)."""
        for record in found:
            if isinstance(record, Checkpoint):
                if commits:
                    return record.position
                continue
            if progress:
                progress(1)
            if isinstance(record, Skipped):
                converter.skipped.append((record.line, record.reason, record.source))
            elif isinstance(record, Contact):
                converter.contact(record)
            elif isinstance(record, Event):
                obj = converter.event(record)
                if obj is not None:
                    add(obj, record.line)
            elif isinstance(record, Detected):
                obj = converter.detected(record)
                if obj is not None:
                    add(obj, record.line)
                if len(converter.reviews) >= REVIEW_BATCH:
                    queue_reviews()
        return None

    stream = LineStream(owner, summary, source)
    found = iter(records())
    while True:
        with transaction.atomic():
            position = store_until_checkpoint(found)
            if position is not None:  # keep what was read up to the checkpoint
                assert resume_key is not None
                add_changed_people()
                stream.write_now()
                queue_reviews()
                save_import_position(owner, resume_key, position, converter.index.taken)
                note_change()
                continue
            if strict and converter.skipped:
                shown = "\n".join(f"  {where(n, f)}: {why}"
                                   for n, why, f in converter.skipped[:20])
                raise BadInput(f"--strict: {len(converter.skipped)} rows could not be read, "
                               f"nothing was imported:\n{shown}", source=source)
            add_changed_people()  # and those met in no event (an address book's)
            stream.close()
            queue_reviews()
            if resume_key is not None:
                clear_import_position(owner, resume_key)
            note_change()
            break
    analyze_after_import(summary)
    summary.skipped.extend(converter.skipped)
    return summary


REVIEW_BATCH = 1000  # detections to review kept in memory during an import

