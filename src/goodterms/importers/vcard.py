"""The vCard importer: address books (.vcf) from phones, Apple, Google, Outlook, Thunderbird.

vCard 2.1, 3.0 and 4.0, one card or many in a file. The file is read card by
card, so memory stays flat however large it is: this module finds each card's
`BEGIN:VCARD` … `END:VCARD` lines itself and hands that card's text to
`vobject.readComponents`, which does the vCard syntax (folded lines,
parameters, quoted-printable values and their `CHARSET`). A card vobject cannot
read, or one that never ends, becomes a `Skipped` at the line of its BEGIN and
the cards after it are read as usual.

Decisions worth knowing:

* Encodings. A file with a UTF-16 byte order mark is read as UTF-16. Otherwise
  each card's bytes are decoded as UTF-8 if they are UTF-8, else as cp1252 (what
  Windows writes for Western European text), else as latin-1, which accepts any
  byte. Deciding card by card keeps one pass over the file, and an old card in
  another charset does not spoil the cards around it.
* Binary properties (PHOTO, LOGO, SOUND, KEY) are dropped while the file is read,
  before vobject sees the card, with their folded or unindented base64 lines:
  a photo is never held in memory, however large.
* vobject parses the lines but its vCard 3.0 value decoding is not used: it keeps
  only what precedes the first unescaped comma of a text value (`NOTE:Met at a
  fair, then lunch` would become "Met at a fair"), and many writers do not escape
  commas. The card is handed to vobject under a component name it has no
  behaviour for, and values are unescaped here (`\\n`, `\\,`, `\\;`, `\\\\`).
* A 2.1 AGENT's embedded card describes someone else (an assistant): dropped.
* Cards that are a group or an organisation (4.0 `KIND`, Apple's
  `X-ADDRESSBOOKSERVER-KIND`) are skipped: they are not people.
* A card with an email but no name is named after its first email address.
* Preferred emails and phones (TYPE=pref, 2.1 PREF, 4.0 PREF=1) come first.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from goodterms.importers.records import (
    Contact,
    Me,
    Skipped,
    linkedin_url,
    normal_email,
    normal_phone,
)

MAX_LINE_BYTES = 1024 * 1024  # a longer line (other than a photo's) spoils its card
MAX_CARD_BYTES = 4 * 1024 * 1024  # photos excepted
BINARY_PROPERTIES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
NOT_PEOPLE = {"group": "a group, not a person", "org": "an organisation, not a person",
              "organization": "an organisation, not a person",
              "location": "a place, not a person"}
CARD_NAME = b"GOODTERMS-VCARD"  # what vobject is told the card is (see the module's doc)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_PROPERTY = re.compile(rb"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


# --- reading files (also used by contacts_csv) --------------------------------------------

def decode_bytes(raw: bytes) -> str:
    """UTF-8 if the bytes are UTF-8, else cp1252, else latin-1 (which takes any byte)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def byte_lines(path: Path, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[bytes, bool]]:
    """Each physical line of a file, with its line ending, and whether it is whole.

    A line longer than `limit` bytes is cut there (the rest is read and dropped)
    and comes with False. A UTF-8 byte order mark is removed; a UTF-16 file
    (byte order mark FF FE or FE FF) comes out as UTF-8.
    """
    with path.open("rb") as stream:
        start = stream.read(4)
        stream.seek(0)
        readline: Callable[[int], bytes]
        if start.startswith(UTF16_BOMS):
            text = io.TextIOWrapper(stream, encoding="utf-16", newline="")

            def readline(size: int) -> bytes:
                return text.readline(size).encode("utf-8")
        else:
            readline = stream.readline
        first = True
        while True:
            raw = readline(limit + 1)
            if not raw:
                return
            if first:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                first = False
            if len(raw) <= limit or raw.endswith((b"\n", b"\r")):
                yield raw, True
                continue
            yield raw[:limit], False
            rest = raw[-1:]
            del raw
            while rest and not rest.endswith((b"\n", b"\r")):
                rest = readline(64 * 1024)


# --- vCard values -----------------------------------------------------------------------

def unescape(value: str) -> str:
    """A vCard text value as written to one as meant: `\\n` is a new line, `\\,` a comma…"""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append(_ESCAPES.get(nxt, "\\" + nxt))
    return "".join(out)


def split_raw(value: str, separators: str) -> list[str]:
    """Split a still-escaped value on unescaped separators; the parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def split_escaped(value: str, separators: str) -> list[str]:
    """Split a still-escaped value on unescaped separators, then unescape each part."""
    return [unescape(part) for part in split_raw(value, separators)]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _same_name(name: str) -> str:
    return _one_line(name).casefold()


def _raw(prop: Any) -> str:
    """A property's value before unescaping: quoted-printable is already decoded (vobject)."""
    value = prop.value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    value = str(value)
    encodings = {e.upper() for e in prop.params.get("ENCODING", ())}
    if encodings & {"B", "BASE64"} or "BASE64" in (p.upper() for p in prop.singletonparams):
        try:
            data = base64.b64decode("".join(value.split()), validate=False)
        except (binascii.Error, ValueError):
            return ""
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        try:
            value = data.decode(charset, "replace")
        except LookupError:
            value = decode_bytes(data)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _text(prop: Any) -> str:
    return unescape(_raw(prop)).strip()


def _types(prop: Any) -> list[str]:
    """TYPE values (3.0, 4.0) and bare parameters (2.1), lower-cased."""
    found: list[str] = []
    for value in [*prop.params.get("TYPE", ()), *prop.singletonparams]:
        found += [t.strip().lower() for t in str(value).split(",") if t.strip()]
    return found


def _is_pref(prop: Any) -> bool:
    return "pref" in _types(prop) or "PREF" in prop.params


def _by_preference(props: list[Any]) -> list[Any]:
    return sorted(props, key=lambda p: not _is_pref(p))  # stable: file order otherwise


def _props(card: Any, *names: str) -> list[Any]:
    found: list[Any] = []
    for name in names:
        found += card.contents.get(name.lower(), [])
    return found


def _apple_label(card: Any, prop: Any) -> str:
    """The X-ABLabel of a property's group (Apple), e.g. "_$!<Spouse>!$_" -> "spouse"."""
    if not prop.group:
        return ""
    for label in _props(card, "X-ABLABEL"):
        if label.group and label.group.lower() == prop.group.lower():
            text = _text(label)
            match = _APPLE_LABEL.match(text)
            return (match.group(1) if match else text).strip().lower()
    return ""


# --- the importer -----------------------------------------------------------------------

@dataclass
class _Card:
    line: int  # where its BEGIN:VCARD is
    number: int  # 1 for the file's first card
    lines: list[bytes] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # the file line of each kept line
    size: int = 0
    problem: str = ""

    def add(self, text: bytes, number: int) -> None:
        if self.problem:
            return
        self.size += len(text) + 2
        if self.size > MAX_CARD_BYTES:
            self.problem = f"a card larger than {MAX_CARD_BYTES // 2**20} MB (photos aside)"
            self.lines, self.numbers = [], []
            return
        self.lines.append(text)
        self.numbers.append(number)

    def file_line(self, card_line: int) -> int:
        """The file line of the card text's line `card_line` (1-based, as vobject counts)."""
        if not self.numbers:
            return self.line
        return self.numbers[max(0, min(card_line - 1, len(self.numbers) - 1))]


def _property_name(text: bytes) -> str:
    match = _PROPERTY.match(text)
    return match.group(1).decode("ascii").upper().replace("_", "-") if match else ""


class VCardImporter:
    name = "vcard"
    description = "address book cards (.vcf: vCard 2.1, 3.0 and 4.0)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if head.startswith(UTF16_BOMS):
            text = head[:512].decode("utf-16", "ignore").lstrip("\ufeff").lstrip()
            return text[:11].upper() == "BEGIN:VCARD"
        return head.removeprefix(codecs.BOM_UTF8).lstrip()[:11].upper() == b"BEGIN:VCARD"

    def records(self, path: Path, tz: ZoneInfo, me: Me) -> Iterator[Contact | Skipped]:
        """Each card of the file, as a contact or the reason it is skipped, in file order."""
        for card in self._cards(path):
            if isinstance(card, Skipped):
                yield card
            else:
                yield self._record(card, me)

    def _cards(self, path: Path) -> Iterator[_Card | Skipped]:
        card: _Card | None = None
        count = 0
        in_binary = False  # reading the lines of a PHOTO (or LOGO, SOUND, KEY)
        agent_depth = 0  # inside a 2.1 AGENT's embedded card
        for number, (raw, whole) in enumerate(byte_lines(path), 1):
            text = raw.rstrip(b"\r\n")
            bare = text.strip().upper() if len(text) < 64 else b""  # BEGIN/END:VCARD or not
            if card is None:
                if bare == b"BEGIN:VCARD":
                    count += 1
                    card = _Card(number, count)
                    card.add(b"BEGIN:" + CARD_NAME, number)
                continue  # anything between cards is not part of any
            indented = text[:1] in (b" ", b"\t")
            if agent_depth:
                if not indented and bare == b"BEGIN:VCARD":
                    agent_depth += 1
                elif not indented and bare == b"END:VCARD":
                    agent_depth -= 1
                continue
            if not indented and bare == b"END:VCARD":
                card.add(b"END:" + CARD_NAME, number)
                yield card
                card, in_binary = None, False
                continue
            if not indented and bare == b"BEGIN:VCARD":
                if card.lines and _property_name(card.lines[-1]) == "AGENT" \
                        and card.lines[-1].rstrip().endswith(b":"):
                    card.lines.pop()
                    card.numbers.pop()
                    agent_depth = 1
                    continue
                yield Skipped(card.line, "a card with no END:VCARD")
                count += 1
                card, in_binary = _Card(number, count), False
                card.add(b"BEGIN:" + CARD_NAME, number)
                continue
            if in_binary:
                # base64 has no ':' or ';': its lines are folded, blank or bare
                if indented or not text.strip() or (b":" not in text and b";" not in text):
                    continue
                in_binary = False
            if not indented and _property_name(text) in BINARY_PROPERTIES:
                in_binary = True
                continue
            if not whole:
                if not card.problem:
                    card.problem = (f"line {number} is longer than "
                                    f"{MAX_LINE_BYTES // 2**20} MB")
                continue
            card.add(text, number)
        if card is not None:
            yield Skipped(card.line, "a card with no END:VCARD (the file ends inside it)")

    def _record(self, card: _Card, me: Me) -> Contact | Skipped:
        if card.problem:
            return Skipped(card.line, card.problem)
        import vobject  # here, not at the top: `goodterms import` loads every importer

        text = decode_bytes(b"\r\n".join(card.lines) + b"\r\n")
        try:
            parsed = list(vobject.readComponents(text, transform=False, allowQP=True))
        except Exception as exc:  # a third-party parser on anyone's file: any failure
            return Skipped(card.line, _unreadable(exc, card))
        if len(parsed) != 1:
            return Skipped(card.line, "an unreadable card")
        return _contact(parsed[0], card, me)


def _unreadable(exc: Exception, card: _Card) -> str:
    import vobject

    if isinstance(exc, vobject.base.VObjectError):
        where = getattr(exc, "lineNumber", None)
        msg = str(getattr(exc, "msg", exc))
        if where is not None:
            line = card.file_line(int(where))
            if msg.startswith("Failed to parse line"):
                return f"an unreadable card (line {line} is not a vCard property)"
            return f"an unreadable card (line {line}: {msg[:80]})"
        return f"an unreadable card ({msg[:80]})"
    if isinstance(exc, LookupError):
        return f"an unreadable card (unknown charset: {str(exc)[:60]})"
    return f"an unreadable card ({type(exc).__name__}: {str(exc)[:60]})"


def _contact(card: Any, found: _Card, me: Me) -> Contact | Skipped:
    for prop in _props(card, "KIND", "X-ADDRESSBOOKSERVER-KIND"):
        kind = _text(prop).lower()
        if kind in NOT_PEOPLE:
            return Skipped(found.line, NOT_PEOPLE[kind])

    emails: list[str] = []
    for prop in _by_preference(_props(card, "EMAIL")):
        email = normal_email(_text(prop))
        if email and email not in emails:
            emails.append(email)

    phones: list[str] = []
    seen_phones: set[str] = set()
    for prop in _by_preference(_props(card, "TEL")):
        phone = _text(prop)
        if phone.lower().startswith("tel:"):
            phone = phone[4:].split(";", 1)[0]
        digits = normal_phone(phone)
        if digits and digits not in seen_phones:
            seen_phones.add(digits)
            phones.append(_one_line(phone))

    names = [_one_line(_text(p)) for p in _props(card, "FN")]
    full = next((n for n in names if n), "")
    built = ""
    for prop in _props(card, "N"):
        # family; given; additional; prefix; suffix; each may hold several, comma-separated
        parts = [_one_line(" ".join(split_escaped(p, ","))) for p in
                 split_raw(_raw(prop), ";")]
        family, given, additional = [*parts, "", "", ""][:3]
        built = " ".join(p for p in (given, additional, family) if p)
        if built:
            break

    mine = {_same_name(n) for n in me.names if n.strip()}
    my_emails = {normal_email(e) for e in me.emails} - {""}
    if (my_emails & set(emails)) or any(
            n and _same_name(n) in mine for n in (full, built)):
        return Skipped(found.line, "your own card")

    name = full or built
    if not name and not emails:
        return Skipped(found.line, "a card with no name and no email")

    uid = next((u for u in (_text(p) for p in _props(card, "UID")) if u), "")
    if uid:
        key = f"vcard:{uid}"
    elif emails:
        key = f"vcard:{emails[0]}"
    else:
        key = f"vcard-card:{found.number}"

    return Contact(
        key=key,
        name=name or emails[0],
        emails=tuple(emails),
        phones=tuple(phones),
        linkedin=_linkedin(card),
        org=_org(card),
        title=next((t for t in (_one_line(_text(p)) for p in _props(card, "TITLE")) if t), ""),
        location=_location(card),
        tags=_tags(card),
        notes="\n".join(n for n in (_text(p) for p in _props(card, "NOTE")) if n),
        related=_related(card),
        line=found.line,
    )


def _org(card: Any) -> str:
    for prop in _props(card, "ORG"):
        first = _one_line(split_escaped(_raw(prop), ";")[0])
        if first:
            return first
    return ""


def _location(card: Any) -> str:
    for prop in _by_preference(_props(card, "ADR")):
        # box; extended; street; locality; region; postal code; country
        parts = split_escaped(_raw(prop), ";")
        wanted = [_one_line(p) for i, p in enumerate(parts) if i in (3, 4, 6) and p.strip()]
        if wanted:
            return ", ".join(wanted)
    return ""


def _tags(card: Any) -> tuple[str, ...]:
    tags: list[str] = []
    for prop in _props(card, "CATEGORIES"):
        for tag in split_escaped(_raw(prop), ",;"):
            tag = _one_line(tag).removeprefix("* ").strip()
            if not tag or tag.replace(" ", "").casefold() == "mycontacts":
                continue  # Google puts every contact in "myContacts": it says nothing
            if tag.casefold() not in (t.casefold() for t in tags):
                tags.append(tag)
    return tuple(tags)


def _linkedin(card: Any) -> str:
    for prop in _props(card, "X-SOCIALPROFILE", "SOCIALPROFILE", "URL"):
        value = _text(prop)
        url = linkedin_url(value)
        if url:
            return url
        if prop.name.upper() != "URL" and "linkedin" in _types(prop):
            # Apple: X-SOCIALPROFILE;type=linkedin;x-user=ana-bell:x-apple:ana-bell
            user = (prop.params.get("X-USER") or [""])[0] or value.removeprefix("x-apple:")
            user = user.strip().strip("/")
            if user and not any(ch in user for ch in " /:?#@"):
                return linkedin_url(f"https://www.linkedin.com/in/{user}")
    return ""


def _related(card: Any) -> tuple[tuple[str, str], ...]:
    related: list[tuple[str, str]] = []
    for prop in _props(card, "RELATED"):
        value = _text(prop)
        if not value:
            continue
        kind = next((t for t in _types(prop) if t != "pref"), "related")
        if value.lower().startswith("urn:uuid:"):
            value = f"vcard:{value}"  # the key of that card, if it is in the file
        related.append((kind, value))
    for prop in _props(card, "X-ABRELATEDNAMES"):  # Apple, 3.0
        value = _one_line(_text(prop))
        if value:
            related.append((_apple_label(card, prop) or "related", value))
    return tuple(related)
