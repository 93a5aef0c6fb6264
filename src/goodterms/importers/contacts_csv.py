"""Address books exported as CSV: Google Contacts and Outlook (web and desktop).

Columns are found by their header names, never by position, so both of each
one's layouts are read by the same code:

* Google Contacts, current layout (First Name, Last Name, Organization Name,
  Labels, "E-mail 1 - Label"/"E-mail 1 - Value", …) and legacy layout (Name,
  Given Name, Family Name, Group Membership, "E-mail 1 - Type", Organization 1 -
  Name, …). One cell may hold several values separated by " ::: " (emails,
  phones, labels, websites). System groups lose their "* " ("* starred" is the
  tag "starred"), and "myContacts" (legacy "My Contacts"), which every contact
  is in, is dropped.
* Outlook on the web and Outlook desktop (classic). "Title" is the honorific
  (Mr., Dr.) in both and is ignored; the job is "Job Title". Categories are
  separated by ";". An Exchange address (E-mail Type EX, "/o=…/cn=…") is
  replaced by the address in its display name, "Name (someone@example.com)",
  when there is one.

Google is recognised by its numbered "… 1 - Value" columns, Outlook by "First
Name", "Last Name" and "E-mail Address" without them: no file is claimed by
both. A UTF-8 byte order mark is tolerated; each line is decoded as UTF-8 if it
is UTF-8, else cp1252 (what Outlook desktop writes), else latin-1 (see
`vcard.decode_bytes`); a UTF-16 file (with its byte order mark) is read too.

Every row is one contact, or a `Skipped`: a row with no name and no email, or
the owner's own row. `line` is the file line where the row starts (a quoted
field may span lines). A row with an email but no name is named after the email.
"""

from __future__ import annotations

import codecs
import csv
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from goodterms.importers.records import (
    Contact,
    Me,
    Skipped,
    linkedin_url,
    normal_email,
    normal_phone,
)
from goodterms.importers.vcard import MAX_LINE_BYTES, UTF16_BOMS, byte_lines, decode_bytes

GOOGLE_SEPARATOR = ":::"
_NUMBERED = re.compile(r"^(?P<kind>[A-Za-z][A-Za-z -]*?) (?P<n>\d+) - (?P<field>[A-Za-z ]+)$")
_EMAIL_IN_TEXT = re.compile(r"[^\s()<>\"',;]+@[^\s()<>\"',;]+")
_GOOGLE_NAMES = {"Name", "Given Name", "Family Name", "First Name", "Last Name"}
_OUTLOOK_NEEDS = {"First Name", "Last Name", "E-mail Address"}
# The contact's own numbers, the most personal first (not an assistant's, not a fax).
_OUTLOOK_PHONES = ("Primary Phone", "Mobile Phone", "Business Phone", "Business Phone 2",
                   "Home Phone", "Home Phone 2", "Other Phone", "Car Phone")
_OUTLOOK_PLACES = ("Business", "Home", "Other")


def header_columns(head: bytes) -> list[str] | None:
    """The column names on the first line of what may be a CSV file, or None."""
    if head.startswith(UTF16_BOMS):
        text = head[: len(head) // 2 * 2].decode("utf-16", "ignore").lstrip("\ufeff")
    else:
        first = head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0]
        text = decode_bytes(first)
    first_line = text.split("\n", 1)[0].strip("\r\n")
    if "," not in first_line:
        return None
    try:
        row = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return None
    return [cell.strip() for cell in row]


def _is_google(columns: list[str]) -> bool:
    names = set(columns)
    numbered = any(_NUMBERED.match(c) for c in columns)
    return numbered and bool(names & _GOOGLE_NAMES)


def _is_outlook(columns: list[str]) -> bool:
    return set(columns) >= _OUTLOOK_NEEDS and not any(_NUMBERED.match(c) for c in columns)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _join_name(*parts: str) -> str:
    return _one_line(" ".join(p for p in parts if p))


class _Row:
    """One CSV row, its cells found by column name ("" when the column or cell is missing)."""

    def __init__(self, index: dict[str, int], cells: list[str]) -> None:
        self.index = index
        self.cells = cells

    def __getitem__(self, column: str) -> str:
        i = self.index.get(column)
        if i is None or i >= len(self.cells):
            return ""
        return self.cells[i].replace("\r\n", "\n").replace("\r", "\n").strip()


def _rows(path: Path) -> Iterator[tuple[int, int, list[str]] | Skipped]:
    """(file line where the row starts, row number, cells) for each non-blank row.

    The header is row 0; the first data row is row 1.
    """
    problems: list[Skipped] = []

    def lines() -> Iterator[str]:
        for number, (raw, whole) in enumerate(byte_lines(path), 1):
            if not whole:
                problems.append(Skipped(number, f"a line longer than "
                                                f"{MAX_LINE_BYTES // 2**20} MB"))
                yield "\n"
                continue
            yield decode_bytes(raw)

    reader = csv.reader(lines())
    before = 0  # the last line read so far
    count = -1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Skipped(before + 1, f"an unreadable row ({exc})")
            before = reader.line_num
            continue
        start, before = before + 1, reader.line_num
        yield from problems
        problems.clear()
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        yield start, count, cells
    yield from problems


class _ContactsCsv(ABC):
    """What the Google and Outlook importers share; each says which header is its own
    and how a row becomes a contact."""

    source = ""  # the key prefix: "google" or "outlook"
    kind = ""  # for messages: "a Google Contacts CSV"

    @abstractmethod
    def _claims(self, columns: list[str]) -> bool:
        """Whether a header with these columns is this importer's format."""

    @abstractmethod
    def _contact(self, row: _Row) -> Contact:
        """The row as a contact, but for its key and line (and maybe no name)."""

    def sniff(self, path: Path, head: bytes) -> bool:
        columns = header_columns(head)
        return columns is not None and self._claims(columns)

    def records(self, path: Path, tz: ZoneInfo, me: Me) -> Iterator[Contact | Skipped]:
        """Each row of the file, as a contact or the reason it is skipped, in file order."""
        index: dict[str, int] | None = None
        my_names = {_one_line(n).casefold() for n in me.names if n.strip()}
        my_emails = {normal_email(e) for e in me.emails} - {""}
        for item in _rows(path):
            if isinstance(item, Skipped):
                yield item
                continue
            line, number, cells = item
            if index is None:
                columns = [c.strip().removeprefix("\ufeff") for c in cells]
                if not self._claims(columns):
                    yield Skipped(line, f"not {self.kind} header")
                    return
                index = {}
                for i, column in enumerate(columns):
                    index.setdefault(column, i)
                continue
            contact = self._contact(_Row(index, cells))
            name, emails = contact.name, contact.emails
            if (my_emails & set(emails)) or (name and name.casefold() in my_names):
                yield Skipped(line, "your own contact")
                continue
            if not name and not emails:
                yield Skipped(line, "a row with no name and no email")
                continue
            key = f"{self.source}:{emails[0]}" if emails else f"{self.source}-row:{number}"
            yield replace(contact, key=key, name=name or emails[0], line=line)


def _add_email(emails: list[str], text: str) -> bool:
    email = normal_email(text)
    if email and email not in emails:
        emails.append(email)
    return bool(email)


def _add_phone(phones: list[str], seen: set[str], text: str) -> None:
    digits = normal_phone(text)
    if digits and digits not in seen:
        seen.add(digits)
        phones.append(_one_line(text))


def _tags(values: list[str]) -> tuple[str, ...]:
    tags: list[str] = []
    for value in values:
        tag = _one_line(value).removeprefix("* ").strip()
        if not tag or tag.replace(" ", "").casefold() == "mycontacts":
            continue
        if tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    return tuple(tags)


def _split_google(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(GOOGLE_SEPARATOR) if part.strip()]


class GoogleCsvImporter(_ContactsCsv):
    name = "google-csv"
    description = "Google Contacts export (CSV, current and legacy layouts)"
    source = "google"
    kind = "a Google Contacts CSV"

    def _claims(self, columns: list[str]) -> bool:
        return _is_google(columns)

    def _contact(self, row: _Row) -> Contact:
        numbered: dict[str, dict[int, dict[str, str]]] = {}
        for column in row.index:
            match = _NUMBERED.match(column)
            if match:
                group = numbered.setdefault(match["kind"].lower(), {})
                group.setdefault(int(match["n"]), {})[match["field"].lower()] = row[column]

        def each(kind: str) -> list[dict[str, str]]:
            return [fields for _, fields in sorted(numbered.get(kind, {}).items())]

        name = (_one_line(row["Name"])
                or _join_name(row["First Name"] or row["Given Name"],
                              row["Middle Name"] or row["Additional Name"],
                              row["Last Name"] or row["Family Name"])
                or _one_line(row["Nickname"]) or _one_line(row["File As"]))
        emails: list[str] = []
        for fields in each("e-mail"):
            for value in _split_google(fields.get("value", "")):
                _add_email(emails, value)
        phones: list[str] = []
        seen: set[str] = set()
        for fields in each("phone"):
            for value in _split_google(fields.get("value", "")):
                _add_phone(phones, seen, value)

        orgs = each("organization")
        org = row["Organization Name"] or (orgs[0].get("name", "") if orgs else "")
        title = row["Organization Title"] or (orgs[0].get("title", "") if orgs else "")
        location = ""
        for fields in each("address"):
            parts = [_one_line(_split_google(fields.get(f, ""))[0])
                     for f in ("city", "region", "country") if _split_google(fields.get(f, ""))]
            if parts:
                location = ", ".join(parts)
                break
        linkedin = ""
        for fields in each("website"):
            linkedin = next((u for u in map(linkedin_url, _split_google(fields.get("value", "")))
                             if u), "")
            if linkedin:
                break
        related: list[tuple[str, str]] = []
        for fields in each("relation"):
            label = (fields.get("label") or fields.get("type") or "").removeprefix("* ")
            for value in _split_google(fields.get("value", "")):
                related.append((label.strip().lower() or "related", _one_line(value)))
        return Contact(
            key="", name=name, emails=tuple(emails), phones=tuple(phones),
            org=_one_line((_split_google(org) or [""])[0]),
            title=_one_line((_split_google(title) or [""])[0]),
            location=location,
            linkedin=linkedin,
            tags=_tags(_split_google(row["Labels"] or row["Group Membership"])),
            notes=row["Notes"],
            related=tuple(related),
        )


class OutlookCsvImporter(_ContactsCsv):
    name = "outlook-csv"
    description = "Outlook contacts export (CSV, Outlook on the web and desktop)"
    source = "outlook"
    kind = "an Outlook contacts CSV"

    def _claims(self, columns: list[str]) -> bool:
        return _is_outlook(columns)

    def _contact(self, row: _Row) -> Contact:
        emails: list[str] = []
        for n in ("", " 2", " 3"):
            if not _add_email(emails, row[f"E-mail{n} Address"]):
                # an Exchange address: "/o=ExchangeLabs/…/cn=…"; the display name may have one
                found = _EMAIL_IN_TEXT.search(row[f"E-mail{n} Display Name"])
                if found:
                    _add_email(emails, found.group())
        display = row["E-mail Display Name"]
        name = (_join_name(row["First Name"], row["Middle Name"], row["Last Name"])
                or _one_line(row["Nickname"])
                or ("" if _EMAIL_IN_TEXT.search(display) else _one_line(display)))
        phones: list[str] = []
        seen: set[str] = set()
        for column in _OUTLOOK_PHONES:
            _add_phone(phones, seen, row[column])
        location = ""
        for place in _OUTLOOK_PLACES:
            parts = [_one_line(row[f"{place} {f}"]) for f in ("City", "State", "Country/Region")]
            if any(parts):
                location = ", ".join(p for p in parts if p)
                break
        linkedin = next((u for u in (linkedin_url(row[c]) for c in ("Web Page",
                                                                     "Personal Web Page")) if u),
                        "")
        return Contact(
            key="", name=name, emails=tuple(emails), phones=tuple(phones),
            org=_one_line(row["Company"]),
            title=_one_line(row["Job Title"]),
            location=location,
            linkedin=linkedin,
            tags=_tags(row["Categories"].split(";")),
            notes=row["Notes"],
        )
