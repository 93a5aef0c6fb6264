"""The LinkedIn importer: the data export LinkedIn sends (the .zip, or its unpacked folder).

It reads, in this order, the files that say who people are and when you spoke:

- `Profile.csv`: the owner. Never a contact; it tells which participant of a
  message or an invitation is "me".
- `Connections.csv`: one contact per connection (name, LinkedIn URL, email,
  company, position, the date you connected). Recent exports start with a
  "Notes:" preamble and have a URL column; older ones have neither.
- `Invitations.csv`: invitations that carry a message become message events.
- `messages.csv`: each message becomes a message event with the other people.

The LinkedIn profile URL joins the files: a contact's key is
"linkedin:<normalised URL>", or "linkedin-name:<first last>" (lower-cased) when
the export has no URL for them (older exports), so the same person in two files
is one contact. Columns are found by name (case, spaces and underscores do not
matter), never by position; unknown columns are ignored.

Everything is streamed: rows are read one at a time, from the zip without
unpacking it, so memory grows with the number of distinct people, not with the
size of the files. Text is decoded as UTF-8 (a BOM is dropped); a row holding
bytes that are not UTF-8 is skipped ("not UTF-8 text") and the rest of the file
is still read. Line numbers are those of the file a record comes from, counted
as an editor counts them (a quoted field spanning lines moves the count on).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TextIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from goodterms.importers.records import (
    Contact,
    Event,
    Me,
    Skipped,
    linkedin_url,
    normal_email,
)

Output = Contact | Event | Skipped
Opener = Callable[[], AbstractContextManager[TextIO]]

PROFILE = "profile"
CONNECTIONS = "connections"
INVITATIONS = "invitations"
MESSAGES = "messages"

FILE_NAMES = {  # lower-cased file name -> kind
    "profile.csv": PROFILE,
    "connections.csv": CONNECTIONS,
    "invitations.csv": INVITATIONS,
    "messages.csv": MESSAGES,
}
READ_ORDER = (PROFILE, CONNECTIONS, INVITATIONS, MESSAGES)
DISPLAY_NAMES = {PROFILE: "Profile.csv", CONNECTIONS: "Connections.csv",
                 INVITATIONS: "Invitations.csv", MESSAGES: "messages.csv"}

# Columns, by their folded name (see `_fold_column`), and how messages name them.
KNOWN_COLUMNS = {
    PROFILE: {"firstname", "lastname", "maidenname", "headline", "summary", "industry",
              "geolocation", "websites", "publicprofileurl", "profileurl"},
    CONNECTIONS: {"firstname", "lastname", "url", "emailaddress", "company", "position",
                  "connectedon"},
    INVITATIONS: {"from", "to", "sentat", "message", "direction", "inviterprofileurl",
                  "inviteeprofileurl"},
    MESSAGES: {"conversationid", "conversationtitle", "from", "senderprofileurl", "to",
               "recipientprofileurls", "date", "subject", "content", "folder",
               "ismessagedraft"},
}
REQUIRED_COLUMNS = {
    PROFILE: (("firstname", "First Name"),),
    CONNECTIONS: (("firstname", "First Name"), ("lastname", "Last Name")),
    INVITATIONS: (("from", "From"), ("to", "To"), ("sentat", "Sent At")),
    MESSAGES: (("from", "FROM"), ("date", "DATE")),
}
HEADER_SEARCH_ROWS = 20  # the preamble before the header is a few lines long

MET_HOW = "LinkedIn"
SUMMARY_CHARS = 80
INVITATION_CHARS = 60
NOBODY_NAMES = {"linkedin member", "linkedin"}  # closed or hidden accounts, LinkedIn itself

CONNECTED_ON_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y",
                        "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d")
SENT_AT_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y %I:%M %p",
                   "%m/%d/%y, %H:%M", "%m/%d/%Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
MESSAGE_DATE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")

_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of undecodable bytes
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6])\b[^>]*>", re.I)


class LinkedInImporter:
    name = "linkedin"
    description = "LinkedIn data export (the .zip, or its folder)"

    def sniff(self, path: Path, head: bytes) -> bool:
        try:
            if path.is_dir():
                return any(_find_in_folder(path, name) is not None
                           for name in ("connections.csv", "messages.csv"))
            if head.startswith(b"PK\x03\x04"):
                with zipfile.ZipFile(path) as archive:
                    members = _zip_members(archive)
                return CONNECTIONS in members or MESSAGES in members
        except (OSError, zipfile.BadZipFile):
            return False
        return _kind_of_head(head) in (CONNECTIONS, INVITATIONS, MESSAGES)

    def records(self, path: Path, tz: ZoneInfo, me: Me) -> Iterator[Output]:
        """Contacts, events and skipped rows, in file order, one file after the other."""
        if path.is_dir():
            found = {}
            for name, kind in FILE_NAMES.items():
                file = _find_in_folder(path, name)
                if file is not None:
                    found[kind] = (file.name, _file_opener(file))
            if not found:
                yield Skipped(0, f"{path.name} holds no file of a LinkedIn export")
            yield from _read_all(found, tz, me)
            return
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)
        if head.startswith(b"PK\x03\x04"):
            try:
                archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile:
                yield Skipped(0, f"{path.name} is not a readable zip file")
                return
            with archive:
                members = _zip_members(archive)
                if not members:
                    yield Skipped(0, f"{path.name} holds no file of a LinkedIn export")
                yield from _read_all(
                    {kind: (member.rsplit("/", 1)[-1], _zip_opener(archive, member))
                     for kind, member in members.items()}, tz, me)
            return
        single = _kind_of_head(head) or FILE_NAMES.get(path.name.lower())
        if single is None:
            yield Skipped(0, f"{path.name} is not a file of a LinkedIn export")
            return
        yield from _read_all({single: (path.name, _file_opener(path))}, tz, me)


# Finding the files -------------------------------------------------------------------------


def _find_in_folder(folder: Path, name: str) -> Path | None:
    """The file called `name` (any case) in the folder, or in one of its subfolders."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return None
    for child in children:
        if child.name.lower() == name and child.is_file():
            return child
    for child in children:
        if child.is_dir() and not child.name.startswith((".", "__MACOSX")):
            try:
                for grandchild in sorted(child.iterdir()):
                    if grandchild.name.lower() == name and grandchild.is_file():
                        return grandchild
            except OSError:
                continue
    return None


def _zip_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Kind -> member name, the shallowest one when a name occurs more than once."""
    found: dict[str, str] = {}
    for member in sorted(archive.namelist(), key=lambda n: (n.count("/"), n)):
        base = member.rsplit("/", 1)[-1]
        if member.startswith("__MACOSX/") or base.startswith("._"):
            continue
        kind = FILE_NAMES.get(base.lower())
        if kind is not None and kind not in found:
            found[kind] = member
    return found


def _text(binary: IO[bytes]) -> TextIO:
    # surrogateescape: a byte that is not UTF-8 becomes a lone surrogate, which valid
    # UTF-8 can never produce, so the row holding it can be skipped exactly.
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _file_opener(path: Path) -> Opener:
    @contextmanager
    def opener() -> Iterator[TextIO]:
        with path.open("rb") as binary, _text(binary) as text:
            yield text

    return opener


def _zip_opener(archive: zipfile.ZipFile, member: str) -> Opener:
    @contextmanager
    def opener() -> Iterator[TextIO]:
        with archive.open(member) as binary, _text(binary) as text:
            yield text

    return opener


def _kind_of_head(head: bytes) -> str | None:
    """Which LinkedIn file the first bytes of a CSV file are, from its header line."""
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
            kind = _kind_of_header(row)
            if kind is not None or number >= HEADER_SEARCH_ROWS:
                return kind
    except csv.Error:
        return None
    return None


def _kind_of_header(row: list[str]) -> str | None:
    columns = {_fold_column(cell) for cell in row}
    if {"firstname", "lastname", "connectedon"} <= columns:
        return CONNECTIONS
    if {"from", "date"} <= columns and columns & {"conversationid", "senderprofileurl"}:
        return MESSAGES
    if {"from", "to", "sentat"} <= columns:
        return INVITATIONS
    if {"firstname", "lastname"} <= columns and columns & {"headline", "maidenname"}:
        return PROFILE
    return None


# Reading rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int  # the file line where the row starts
    cells: list[str]
    columns: dict[str, int]

    def get(self, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()


def _fold_column(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _csv_rows(stream: TextIO) -> Iterator[tuple[int, list[str]] | Skipped]:
    """Each CSV row with the line it starts on; an unreadable row is a `Skipped`."""
    reader = csv.reader(stream)
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skipped(last + 1, f"unreadable CSV ({exc})")
            if reader.line_num == last:
                return
            last = reader.line_num
            continue
        start, last = last + 1, reader.line_num
        yield start, cells


def _table(opener: Opener, kind: str, file_name: str) -> Iterator[Row | Skipped]:
    """The data rows of one file, after its preamble and header.

    The header is the first row naming a known column of the kind; what comes before
    it (the "Notes:" lines of Connections.csv) is ignored. A missing required column
    skips the whole file with one `Skipped(0, …)`.
    """
    with opener() as stream:
        columns: dict[str, int] | None = None
        for item in _csv_rows(stream):
            if isinstance(item, Skipped):
                if columns is not None:
                    yield item
                continue
            line, cells = item
            if columns is None:
                if line > HEADER_SEARCH_ROWS * 3:
                    break
                folded = [_fold_column(cell) for cell in cells]
                if not set(folded) & KNOWN_COLUMNS[kind]:
                    continue
                columns = {}
                for index, name in enumerate(folded):
                    columns.setdefault(name, index)
                for column, shown in REQUIRED_COLUMNS[kind]:
                    if column not in columns:
                        yield Skipped(0, f"{file_name} has no '{shown}' column")
                        return
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if any(_NOT_UTF8.search(cell) for cell in cells):
                yield Skipped(line, "not UTF-8 text")
                continue
            yield Row(line, cells, columns)
        if columns is None:
            yield Skipped(0, f"{file_name} has no header line")


# Who is who --------------------------------------------------------------------------------


def _fold_name(name: str) -> str:
    return _SPACES.sub(" ", name).strip().casefold()


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    url: str = ""
    guessed: bool = False  # the name was made from the URL


def _person(name: str, url: str) -> Person | None:
    """A participant as a contact key, or None for nobody identifiable."""
    name = _clean(name)
    url = linkedin_url(url)
    if url:
        return Person(f"linkedin:{url}", name or _name_from_url(url), url, not name)
    if name and _fold_name(name) not in NOBODY_NAMES:
        return Person(f"linkedin-name:{_fold_name(name)}", name)
    return None


def _name_from_url(url: str) -> str:
    """A readable name from a profile slug ("ana-bell-4a1b2c" -> "Ana Bell")."""
    slug = unquote(url.rsplit("/", 1)[-1])
    words = [w for w in slug.split("-") if w and not any(ch.isdigit() for ch in w)]
    return " ".join(w.capitalize() for w in words) or slug


@dataclass
class State:
    """What one import has learnt so far: the owner, and the contacts already given."""

    names: set[str] = field(default_factory=set)  # folded
    urls: set[str] = field(default_factory=set)  # normalised
    emails: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)  # contact keys yielded
    # Older exports have no URL in Connections.csv ("linkedin-name:" keys) but a sender's
    # URL in messages.csv: within one export, the first URL seen with a connection's
    # exact name is that connection (one URL per name: a namesake stays apart).
    name_only: set[str] = field(default_factory=set)
    alias: dict[str, str] = field(default_factory=dict)  # URL key -> name key

    def is_me(self, person: Person) -> bool:
        if person.url and self.urls:
            return person.url in self.urls
        return _fold_name(person.name) in self.names

    def learn_url(self, url: str) -> None:
        url = linkedin_url(url)
        if url:
            self.urls.add(url)

    def learn_name(self, name: str) -> None:
        if _clean(name):
            self.names.add(_fold_name(name))

    def contact(self, person: Person, line: int) -> tuple[str, list[Contact]]:
        """The participant's contact key, and their contact the first time they are needed.

        A connection known by name only is given again, with the URL, when it first
        shows up with one.
        """
        key = self.alias.get(person.key, person.key)
        if key not in self.given and person.url and not person.guessed:
            name_key = f"linkedin-name:{_fold_name(person.name)}"
            if name_key in self.name_only:
                self.name_only.discard(name_key)
                self.alias[person.key] = name_key
                return name_key, [Contact(key=name_key, name=person.name, linkedin=person.url,
                                          line=line)]
        if key in self.given:
            return key, []
        self.given.add(key)
        return key, [Contact(key=key, name=person.name, linkedin=person.url, line=line)]


def _read_all(found: dict[str, tuple[str, Opener]], tz: ZoneInfo, me: Me) -> Iterator[Output]:
    state = State(emails={e.lower() for e in me.emails if e})
    for name in me.names:
        state.learn_name(name)
    readers = {PROFILE: _read_profile, CONNECTIONS: _read_connections,
               INVITATIONS: _read_invitations, MESSAGES: _read_messages}
    for kind in READ_ORDER:
        if kind in found:
            file_name, opener = found[kind]
            for record in readers[kind](opener, file_name, tz, state):
                if isinstance(record, Skipped) and record.line:
                    record = replace(record, source=file_name.rsplit("/", 1)[-1])
                yield record


# Profile.csv -------------------------------------------------------------------------------


def _read_profile(opener: Opener, file_name: str, tz: ZoneInfo, state: State
                  ) -> Iterator[Output]:
    for row in _table(opener, PROFILE, file_name):
        if isinstance(row, Skipped):
            yield row
            continue
        state.learn_name(f"{row.get('firstname')} {row.get('lastname')}")
        if row.get("maidenname"):
            state.learn_name(f"{row.get('firstname')} {row.get('maidenname')}")
        for column in ("publicprofileurl", "profileurl", "url", "linkedinurl"):
            state.learn_url(row.get(column))
        for website in re.findall(r"https?://\S+|www\.\S+", row.get("websites")):
            state.learn_url(website.rstrip("]"))
        return  # one row: the owner


# Connections.csv ---------------------------------------------------------------------------


def _read_connections(opener: Opener, file_name: str, tz: ZoneInfo, state: State
                      ) -> Iterator[Output]:
    for row in _table(opener, CONNECTIONS, file_name):
        if isinstance(row, Skipped):
            yield row
            continue
        first, last = _clean(row.get("firstname")), _clean(row.get("lastname"))
        name = _clean(f"{first} {last}")
        url = linkedin_url(row.get("url"))
        email = normal_email(row.get("emailaddress"))
        if not name:
            if url or email or row.get("company") or row.get("position"):
                yield Skipped(row.line, "connection without a name")
            else:
                yield Skipped(row.line, "hidden profile (only a date)")
            continue
        if (url and url in state.urls) or (email and email in state.emails):
            yield Skipped(row.line, "your own entry")
            continue
        key = f"linkedin:{url}" if url else f"linkedin-name:{name.casefold()}"
        if key in state.given:
            yield Skipped(row.line, "the same connection again (or a namesake without a URL)")
            continue
        state.given.add(key)
        if not url:
            state.name_only.add(key)
        yield Contact(
            key=key, name=name, emails=(email,) if email else (), linkedin=url,
            org=_clean(row.get("company")), title=_clean(row.get("position")),
            met_on=_parse_date(row.get("connectedon")), met_how=MET_HOW, line=row.line,
        )


def _parse_date(text: str) -> date | None:
    text = _clean(text)
    for pattern in CONNECTED_ON_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# Invitations.csv ---------------------------------------------------------------------------


def _read_invitations(opener: Opener, file_name: str, tz: ZoneInfo, state: State
                      ) -> Iterator[Output]:
    for row in _table(opener, INVITATIONS, file_name):
        if isinstance(row, Skipped):
            yield row
            continue
        inviter = _person(row.get("from"), row.get("inviterprofileurl"))
        invitee = _person(row.get("to"), row.get("inviteeprofileurl"))
        direction = row.get("direction").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            if inviter is not None and state.is_me(inviter):
                direction = "OUTGOING"
            elif invitee is not None and state.is_me(invitee):
                direction = "INCOMING"
            else:
                yield Skipped(row.line, "invitation with no direction")
                continue
        mine, other = (inviter, invitee) if direction == "OUTGOING" else (invitee, inviter)
        if mine is not None:  # the export says which side is the owner: remember it
            state.learn_url(mine.url)
            state.learn_name(mine.name)
        message = _clean(row.get("message"))
        if not message:
            yield Skipped(row.line, "invitation without a message")
            continue
        at = _parse_sent_at(row.get("sentat"), tz)
        if at is None:
            yield Skipped(row.line, f"unreadable date '{row.get('sentat')}'")
            continue
        if other is None or state.is_me(other):
            yield Skipped(row.line, "invitation with no one else in it")
            continue
        key, contacts = state.contact(other, row.line)
        yield from contacts
        out = direction == "OUTGOING"
        yield Event(
            key=f"linkedin-invitation:{direction.lower()}:{other.url or other.key}:"
                f"{at.strftime('%Y-%m-%dT%H:%M')}",
            at=at, kind="message", with_=(key,), direction="out" if out else "in",
            summary="LinkedIn invitation: " + message[:INVITATION_CHARS],
            initiated_by="me" if out else key, line=row.line,
        )


def _parse_sent_at(text: str, tz: ZoneInfo) -> datetime | None:
    """`1/29/26, 2:37 PM`, in the user's time zone (newer exports put a narrow space before PM)."""
    text = _clean(text.replace("\u202f", " ").replace("\u00a0", " ")).upper()
    for pattern in SENT_AT_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


# messages.csv ------------------------------------------------------------------------------


def _read_messages(opener: Opener, file_name: str, tz: ZoneInfo, state: State
                   ) -> Iterator[Output]:
    if not state.urls:
        owner = _owner_from_messages(opener, file_name)
        if owner is not None:
            state.learn_url(owner[0])
            state.learn_name(owner[1])
    if not state.urls and not state.names:
        yield Skipped(0, f"{file_name}: cannot tell which participant is you "
                         "(no Profile.csv, and no name of yours is known)")
        return
    for row in _table(opener, MESSAGES, file_name):
        if isinstance(row, Skipped):
            yield row
            continue
        if row.get("ismessagedraft").lower() in ("yes", "true"):
            yield Skipped(row.line, "draft message")
            continue
        if row.get("folder").upper() == "SPAM":
            yield Skipped(row.line, "message in the spam folder")
            continue
        content = row.get("content")
        if "spinmail" in content:
            yield Skipped(row.line, "sponsored message")
            continue
        at = _parse_message_date(row.get("date"))
        if at is None:
            yield Skipped(row.line, f"unreadable date '{row.get('date')}'")
            continue
        sender_name, sender, recipients = _participants(row)
        if sender is not None:
            from_me = state.is_me(sender)
            if from_me and sender.url:
                state.urls.add(sender.url)
        else:  # no profile URL: the owner's own name still says it is theirs
            from_me = bool(sender_name) and _fold_name(sender_name) in state.names
        others = [p for p in [sender, *recipients] if p is not None and not state.is_me(p)]
        if not others:
            yield Skipped(row.line, "message with no one else in it")
            continue
        keys: list[str] = []
        for person in others:
            key, contacts = state.contact(person, row.line)
            yield from contacts
            if key not in keys:
                keys.append(key)
        subject = _clean(row.get("subject"))
        yield Event(
            key=_message_key(row, at, sender), at=at, kind="message",
            with_=tuple(keys), direction="out" if from_me else "in",
            summary=subject or _plain(content)[:SUMMARY_CHARS], line=row.line,
        )


def _participants(row: Row) -> tuple[str, Person | None, list[Person]]:
    """The sender's name, the sender and the recipients of a message.

    People are keyed by profile URL where there is one. In exports with URL columns
    a sender without a URL is a closed account or an advertiser: nobody. `TO` joins
    names with ", ", and names may hold ", " too ("Ana Bell, PhD"): names are paired
    with URLs only when the counts agree, else a recipient's name comes from their URL.
    """
    sender_name = _clean(row.get("from"))
    sender_url = linkedin_url(row.get("senderprofileurl"))
    if "senderprofileurl" in row.columns and not sender_url:
        sender = None
    else:
        sender = _person(sender_name, sender_url)
    urls = [u for u in (linkedin_url(p) for p in row.get("recipientprofileurls").split(","))
            if u]
    names = _split_names(row.get("to"), len(urls) if urls else None)
    recipients: list[Person] = []
    if urls:
        for index, url in enumerate(urls):
            person = _person(names[index] if len(names) == len(urls) else "", url)
            if person is not None:
                recipients.append(person)
    elif "recipientprofileurls" not in row.columns:  # older exports: names only
        for name in names:
            person = _person(name, "")
            if person is not None:
                recipients.append(person)
    return sender_name, sender, recipients


def _split_names(text: str, count: int | None) -> list[str]:
    """`TO` split into names; pieces without a space ("PhD", "Jr.") join the name before."""
    text = _clean(text)
    if not text:
        return []
    if count == 1:
        return [text]
    names: list[str] = []
    for piece in text.split(", "):
        if names and " " not in piece.strip():
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def _owner_from_messages(opener: Opener, file_name: str) -> tuple[str, str] | None:
    """The (URL, name) of the one person present in every message: the owner.

    Everyone in a message counts by their URL and by their name (older exports give
    recipients by name only). A first pass over the file keeps only the running
    intersection, so its memory does not grow with the file. None when the messages
    do not single one person out (one conversation only, say).
    """
    common: set[str] | None = None
    for row in _table(opener, MESSAGES, file_name):
        if isinstance(row, Skipped):
            continue
        sender_name, sender, recipients = _participants(row)
        present = {p.key for p in [sender, *recipients] if p is not None}
        if len(present) < 2:  # a message to or from nobody says nothing about the owner
            continue
        names = [p.name for p in [sender, *recipients] if p is not None and not p.guessed]
        present |= {f"name:{_fold_name(n)}" for n in [sender_name, *names] if n}
        common = present if common is None else common & present
        if not common:
            return None
    urls = [k.removeprefix("linkedin:") for k in common or () if k.startswith("linkedin:")]
    names = [k.removeprefix("name:") for k in common or () if k.startswith("name:")]
    if len(urls) > 1 or len(names) > 1 or not (urls or names):
        return None
    return (urls[0] if urls else "", names[0] if names else "")


def _parse_message_date(text: str) -> datetime | None:
    """`2023-05-01 14:22:10 UTC`; a time without a zone is taken as UTC."""
    text = _clean(text)
    if text.upper().endswith(" UTC"):
        text = text[:-4]
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        for pattern in MESSAGE_DATE_FORMATS:
            try:
                at = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _message_key(row: Row, at: datetime, sender: Person | None) -> str:
    """Stable across exports: conversation, time (UTC), sender and a digest of the text."""
    who = (sender.url or _fold_name(sender.name)) if sender is not None else ""
    digest = hashlib.sha1(
        f"{row.get('subject')}\x1f{row.get('content')}".encode(),
        usedforsecurity=False).hexdigest()[:10]
    moment = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"linkedin-msg:{row.get('conversationid')}:{moment}:{who}:{digest}"


def _plain(content: str) -> str:
    """Message text for a summary: HTML tags (some exports keep them) and extra spaces gone."""
    if _TAGS.search(content):
        content = html.unescape(_TAGS.sub(" ", content))
    return _clean(content)
