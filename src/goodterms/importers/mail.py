"""The mail importers: mbox files and Maildir folders, read header by header.

Every message the owner sent to someone, or that someone sent to the owner (the
owner in To or Cc), becomes an "email" `Event`; its correspondents become
`Contact`s keyed by their address ("email:ana.bell@example.org"). Which messages
count is decided from the header block alone; the body of a message that counts is
read back afterwards for its new text and what that says (`detect`), and stored
only with `keep_bodies`. With `jobs` > 1 that reading and detecting, most of the
work, is done by worker processes, a batch of messages at a time (`_in_parallel`).

Memory and speed: nothing holds the mailbox. An mbox is read line by line by this
module (not by `mailbox.mbox`, which indexes the whole file before the first
message, is slow on big files and raises on a truncated one); a message starts at
a line "From …" that follows a blank line (or opens the file) and carries a time
("…16:10:27 2019"), so that an unescaped "From here on" in a body is no separator.
Only the header block of each message is kept and parsed (with the stdlib `email`
package); body lines are skipped as they are read, in pieces of at most 64 KiB, so
a huge attachment costs time, never memory. A Maildir message is a file whose
header block alone is read. What is remembered across messages: the Message-IDs
already seen and the addresses already given as contacts.

Decisions, for the reader who wonders why:

* Who the owner is: any address in `me.emails`. When that is empty, the most
  frequent sender is guessed: in the messages of a Maildir's "Sent" folders
  (`.Sent`, `.INBOX.Sent`, `Sent Items`, …) if there are any, else, as for an
  mbox, among all messages that are not bulk mail (then among all). Guessing
  takes a first pass over the headers. The guess is announced as a `Skipped` at
  line 0 ("guessed your address: …"), so the user sees it and can set me.emails.
* Which messages: from the owner (direction "out", with everybody in To and Cc
  but the owner), or from someone else with the owner in To or Cc (direction
  "in", with the sender). Anything else is `Skipped` "not from or to you".
* Bulk mail never creates people: messages with `List-Id`, `List-Unsubscribe`,
  `Precedence: bulk|list|junk` or an `Auto-Submitted` other than "no", and
  messages from no-reply, notification, newsletter and mailer-daemon addresses,
  are skipped with the reason. Such addresses among an outgoing mail's
  recipients are left out of it.
* Keys: "mail:" + the Message-ID (without its angle brackets), so that the same
  mail in two folders, or imported twice, is one event; a message without one
  gets "mail:nomid-" + a hash of its sender's address, Date (as written) and
  Subject.
  A key seen before in the same import is skipped as "the same message again".
* Dates: the Date header, read as written; a date without a zone is read in
  `tz` ("-0000" is UTC). A missing or unreadable date, one before 1990, or one
  more than a day after `until` (the import's "now") is skipped with the reason.
  `Event.at` is given in `tz`.
* Headers are decoded forgivingly, by this module rather than by `BytesParser`
  (whose header objects raise or keep lone surrogates on bad input): the header
  block is made text first, raw 8-bit lines as UTF-8, else Windows-1252, then
  split by `email.parser.Parser` (policy default) and read from `raw_items()`;
  encoded words with an unknown or lying charset with replacement characters.
  Mailman archives' "user at host" is read as an address; their newer, lossy
  "us@er @end|ng |rom ho@t" is not (such a message has no readable sender).
  Subjects are whitespace-collapsed and cut to 120 characters.
* Lines: an mbox record's `line` is the message's number in the file (1-based);
  Maildir records have line 0 and, when skipped, the file (relative to the
  folder given) in `Skipped.source`.
* Truncated files: a message whose header block is cut short by the end of the
  file is skipped ("cut short"); one cut inside its body is imported, as only
  the headers count.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import os
import re
from array import array
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from email import quoprimime
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from goodterms.errors import BadInput
from goodterms.importers.records import (
    Checkpoint,
    Contact,
    Detected,
    Event,
    Me,
    Record,
    Skipped,
    normal_email,
)

if TYPE_CHECKING:
    from goodterms.detect.classifier import Act

CHUNK = 64 * 1024  # the longest piece of a line read at once
MAX_HEADER_BYTES = 1024 * 1024  # a "header block" longer than this is no message
SUMMARY_CHARS = 120
OLDEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_MARGIN = timedelta(days=1)
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
BULK_LOCAL_PARTS = frozenset({
    "no-reply", "noreply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon",
    "notifications", "notification", "newsletter", "newsletters", "postmaster", "bounce",
    "bounces",
})
BULK_PREFIXES = ("no-reply", "noreply", "donotreply", "do-not-reply", "bounce")
MAILDIR_SUBDIRS = ("cur", "new")  # tmp/ holds mail being delivered: never read
MAILMAN_OBFUSCATED = " @end|ng |rom "  # "us@er @end|ng |rom ho@t": letters lost
SNIFF_DEPTH = 4
SNIFF_FOLDERS = 500

_SEPARATOR = re.compile(rb"^From .*\d\d?:\d\d")
_BLANK = frozenset({b"\n", b"\r\n", b"\r"})
_MAILMAN_AT = re.compile(r"^(\s*[^\s@<>(),]+) at ([^\s@<>(),]+\.[^\s@<>(),]+)")
_ATOM = r"[^@\s\x00-\x1f\x7f<>(),;:\ud800-\udfff]+"
_ADDRESS = re.compile(rf"{_ATOM}@{_ATOM}\.[a-z0-9-]+\Z")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_SENT_FOLDER = re.compile(r"(?:^|[.\s_\-/\]])sent(?:$|[.\s_\-])", re.IGNORECASE)
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"\?=[ \t\r\n]+=\?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")

_Source = Callable[[], Iterator["_Raw"]]


@dataclass(frozen=True)
class _Raw:
    """One message as found: its header block, where it is, or why it is unusable."""

    line: int  # the message's number in an mbox; 0 in a Maildir
    source: str  # the file inside a Maildir; "" in an mbox
    header: bytes
    problem: str | None = None
    offset: int = -1  # where the body starts in its file (-1: unknown)
    # A message file not read yet (header empty): the judge reads its header, in the
    # worker process that judges it, so that the importing process only lists files.
    unread: bool = False


@dataclass(frozen=True)
class _Headers:
    """What this importer needs of one message, decoded."""

    sender: tuple[str, str] | None  # (address, display name)
    to: tuple[tuple[str, str], ...]  # To and Cc
    subject: str
    date: str
    message_id: str
    bulk: str | None  # why it is bulk mail, or None
    thread: str = ""  # the Message-ID that started the conversation


class MboxImporter:
    name = "mbox"
    description = "mailbox file (mbox, from Thunderbird, Google Takeout or a Mailman archive)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head:
            return False
        first = next((line for line in head.splitlines() if line.strip()), b"")
        return _SEPARATOR.match(first) is not None

    def records(self, path: Path, tz: tzinfo, me: Me, until: datetime | None = None,
                detect: bool = True, keep_bodies: bool = False, jobs: int = 1,
                resume_from: int = 0) -> Iterator[Record]:
        """The contacts, emails and skipped messages of the file, in file order, with a
        `Checkpoint` every CHECKPOINT messages; from message `resume_from` + 1 on when
        given (a position a checkpoint gave before).

        The file's start is checked now (a file that is no mbox raises `BadInput`);
        messages are read as records are iterated. `until` is normally "now": a
        date more than a day after it is absurd. A naive `until` is read in `tz`.
        """
        try:
            with path.open("rb") as f:
                head = f.read(CHUNK)
        except OSError as exc:
            raise BadInput(f"cannot be read ({exc.strerror})", source=str(path)) from None
        if not self.sniff(path, head):
            raise BadInput("not an mbox file (its first line should start with 'From ')",
                           source=str(path))
        return _Reader(lambda: islice(_mbox_messages(path), resume_from, None),
                       lambda: _mbox_messages(path),
                       tz, me, until, _MboxBody(path) if detect or keep_bodies else None,
                       detect, keep_bodies, jobs, resume_from).records()

    def guess_me(self, path: Path) -> str | None:
        """The address that sends the most mail in the file: probably the owner's."""
        return _guess_owner(_mbox_messages(path))


class MaildirImporter:
    name = "maildir"
    description = "Maildir folder (cur/, new/; nested or Maildir++ folders too)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if not path.is_dir():
            return False
        try:
            return any(_is_maildir(folder) for folder in _folders(path, SNIFF_DEPTH,
                                                                  SNIFF_FOLDERS))
        except OSError:
            return False

    def records(self, path: Path, tz: tzinfo, me: Me, until: datetime | None = None,
                detect: bool = True, keep_bodies: bool = False, jobs: int = 1,
                resume_from: int = 0) -> Iterator[Record]:
        """The contacts, emails and skipped messages of every Maildir under `path`.

        Folders are read in name order, and the messages of each (cur/, then new/)
        in file name order. `until` and `resume_from` are as for
        `MboxImporter.records`.
        """
        if not path.is_dir():
            raise BadInput("not a folder (a Maildir is a folder with cur/ and new/)",
                           source=str(path))
        maildirs = [f for f in _folders(path) if _is_maildir(f)]
        if not maildirs:
            raise BadInput("no Maildir in this folder (no cur/ and new/ folders)",
                           source=str(path))
        sent = [f for f in maildirs if _SENT_FOLDER.search(f.relative_to(path).as_posix())]
        return _Reader(lambda: _maildir_messages(path, maildirs, resume_from, read=False),
                       lambda: _maildir_messages(path, sent or maildirs),
                       tz, me, until, _FileBody(path) if detect or keep_bodies else None,
                       detect, keep_bodies, jobs, resume_from, path).records()

    def guess_me(self, path: Path) -> str | None:
        """The most frequent sender of the Sent folders (else of all): probably the owner."""
        maildirs = [f for f in _folders(path) if _is_maildir(f)]
        sent = [f for f in maildirs if _SENT_FOLDER.search(f.relative_to(path).as_posix())]
        return _guess_owner(_maildir_messages(path, sent or maildirs))


class EmlFolderImporter:
    """A folder of messages, one RFC 822 file each (.eml files saved from a mail
    program, or an archive such as the Enron corpus)."""

    name = "eml"
    description = "folder of messages, one RFC 822 (.eml) file each"

    def sniff(self, path: Path, head: bytes) -> bool:
        if not path.is_dir() or MaildirImporter().sniff(path, head):
            return False
        files = _message_files(path, limit=5)
        return bool(files) and all(_looks_like_headers(f) for f in files)

    def records(self, path: Path, tz: tzinfo, me: Me, until: datetime | None = None,
                detect: bool = True, keep_bodies: bool = False, jobs: int = 1,
                resume_from: int = 0) -> Iterator[Record]:
        """Every message file in the folder (not its subfolders), in name order;
        `resume_from` as for `MboxImporter.records`."""
        if not path.is_dir():
            raise BadInput("not a folder of messages", source=str(path))
        return _Reader(lambda: _eml_messages(path, resume_from, read=False),
                       lambda: _eml_messages(path),
                       tz, me, until, _FileBody(path) if detect or keep_bodies else None,
                       detect, keep_bodies, jobs, resume_from, path).records()

    def guess_me(self, path: Path) -> str | None:
        """The address that sends the most mail in the folder: probably the owner's."""
        return _guess_owner(_eml_messages(path))


def _message_files(folder: Path, limit: int | None = None) -> list[Path]:
    files = []
    for name in sorted(os.listdir(folder)):
        file = folder / name
        if name.startswith(".") or not file.is_file():
            continue
        files.append(file)
        if limit is not None and len(files) >= limit:
            break
    return files


def _looks_like_headers(file: Path) -> bool:
    try:
        with file.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if MboxImporter().sniff(file, head):  # a folder of mbox files is not a folder of messages
        return False
    names = {m.group(1).lower() for m in re.finditer(rb"^([A-Za-z-]+):", head, re.MULTILINE)}
    return b"from" in names and bool(names & {b"date", b"message-id", b"subject"})


def _eml_messages(folder: Path, skip: int = 0, read: bool = True) -> Iterator[_Raw]:
    """The messages in name order, after the first `skip` (not read); their headers
    read unless `read` is False (then the judge reads them)."""
    for file in _message_files(folder)[skip:]:
        yield _read_header(file, file.name) if read else _Raw(0, file.name, b"", unread=True)


BODY_BYTES = 64 * 1024  # the most of a body read for detection
ONCE_PER_MESSAGE = frozenset({"thanks", "intro", "offer", "favor"})


@dataclass(frozen=True)
class _MboxBody:
    """Reads one message's body back from the mbox, up to the next message (a class,
    not a closure, so that worker processes can be handed it).

    A body ends where reading it line by line with `readline(CHUNK)` would stop: at
    the first piece that, after a blank piece ("\\n", "\\r\\n"), is a separator; at the
    end of the piece that brings it to BODY_BYTES or more; or at the end of the file.
    It is found with `bytes.find` over bytes read in one go, not line by line: the
    read starts at READ bytes, and doubles while the end is not yet certain."""

    path: Path

    READ = 16 * 1024  # the first read of a body: most bodies end well before it

    def __call__(self, raw: _Raw) -> bytes:
        with self.path.open("rb") as f:
            return self._read(f, raw)

    def each(self, raws: Iterable[_Raw]) -> Iterator[bytes]:
        """The bodies of several messages, opening the file once. The messages come in
        file order, one's body a little before the next, so the bytes read for one
        often hold the next one's body too: they are kept and looked at first."""
        data, start, eof = b"", 0, False  # bytes of the file from offset `start`
        with self.path.open("rb") as f:
            for raw in raws:
                if raw.offset < 0:
                    yield b""
                    continue
                at = raw.offset - start
                end = self._end(data, at, eof) if 0 <= at <= len(data) else None
                if end is None:
                    data, eof, end = self._read_from(f, raw.offset, 4 * self.READ)
                    start, at = raw.offset, 0
                yield data[at:end]

    @classmethod
    def _read(cls, f: BinaryIO, raw: _Raw) -> bytes:
        if raw.offset < 0:
            return b""
        data, _, end = cls._read_from(f, raw.offset, cls.READ)
        return data[:end]

    @classmethod
    def _read_from(cls, f: BinaryIO, offset: int, size: int) -> tuple[bytes, bool, int]:
        """Enough of the file from `offset` to tell where the body there ends: those
        bytes, whether they are the whole rest of the file, and that end."""
        f.seek(offset)
        data = b""
        while True:
            data += f.read(size - len(data))
            eof = len(data) < size  # a file gives less than asked only at its end
            end = cls._end(data, 0, eof)  # always known at the end of the file
            if end is not None:
                return data, eof, end
            size *= 2  # `_end` is sure once BODY_BYTES + CHUNK + 6 bytes are read

    @staticmethod
    def _end(data: bytes, at: int, eof: bool) -> int | None:
        """Where the body starting at data[at] ends, or None when `data` (the file's
        bytes up to its end if `eof`) does not reach far enough to be sure."""
        limit = at + BODY_BYTES  # reading stops once this much is read...
        size = len(data)
        found = data.find(b"\nFrom ", at)
        while 0 <= found < limit - 1:  # ...so a separator must start before it
            start = found + 1
            if not eof and start + CHUNK > size and data.find(b"\n", start) < 0:
                return None  # the separator's line (its first CHUNK bytes) goes on
            if (_MboxBody._blank_piece(data, at, found)
                    and _SEPARATOR_AT.match(data, start, start + CHUNK)):
                return start
            found = data.find(b"\nFrom ", start)
        if found < 0 and not eof and size < limit + 6:
            return None  # "\nFrom " may begin in bytes not read yet
        # No separator: the body ends with the piece holding its BODY_BYTES-th byte.
        last = limit - 1
        if last >= size:
            return size if eof else None
        begin = _MboxBody._piece_start(data, at, last)
        newline = data.find(b"\n", begin, begin + CHUNK)
        if newline >= 0:
            return newline + 1
        if begin + CHUNK <= size:
            return begin + CHUNK
        return size if eof else None

    @staticmethod
    def _blank_piece(data: bytes, at: int, newline: int) -> bool:
        """Whether the piece of a line ending with the "\\n" at data[newline] is blank
        ("\\n" or "\\r\\n"), pieces being read from data[at] (this is what `readline`
        would have seen: the piece need not start a line)."""
        if newline == at or data[newline - 1] == 0x0A:
            return True  # "\n" on its own
        # Inside a line: only a line longer than CHUNK is read in pieces that start
        # there, so its "\n" or "\r\n" may be a piece of its own.
        if _MboxBody._piece_start(data, at, newline) == newline:
            return True
        if data[newline - 1] != 0x0D:
            return False
        cr = newline - 1
        return cr == at or data[cr - 1] == 0x0A or _MboxBody._piece_start(data, at, cr) == cr

    @staticmethod
    def _piece_start(data: bytes, at: int, index: int) -> int:
        """Where the piece holding data[index] starts, pieces being read from data[at]:
        a line is read CHUNK bytes at a time from its start."""
        line = data.rfind(b"\n", at, index) + 1 or at
        return line + (index - line) // CHUNK * CHUNK


@dataclass(frozen=True)
class _FileBody:
    """Reads one message's body back from its own file (Maildir, .eml)."""

    root: Path

    def __call__(self, raw: _Raw) -> bytes:
        if raw.offset < 0:
            return b""
        with (self.root / raw.source).open("rb") as f:
            f.seek(raw.offset)
            return f.read(BODY_BYTES)


@dataclass(frozen=True)
class _Accepted:
    """A message that becomes an email: what its headers said, before its text is read."""

    raw: _Raw
    headers: _Headers
    direction: str  # "out" or "in"
    others: dict[str, str]  # the correspondents' addresses and names
    at: datetime  # in the import's zone
    key: str


_Read = list["Skipped | tuple[_Accepted, str, list[Act]]"]


def _text_and_acts(raw: _Raw, body: bytes, detect: bool, keep: bool
                   ) -> tuple[str, list[Act]]:
    """What the writer wrote this time (no quotes, forwards or signature), when it is to
    be kept, and the acts it shows, when `detect`. A pure function of the message's
    bytes: it may run in another process."""
    from goodterms.detect import detect as detect_acts
    from goodterms.detect.message import body_text, new_text

    try:
        text = new_text(body_text(raw.header + b"\r\n" + body))
    except Exception:  # a broken MIME body: the email is kept, its text is not
        text = ""
    return text if keep else "", detect_acts(text[:20000]) if detect else []


def _read_batch(judge: _Judge, body: Callable[[_Raw], bytes], raws: list[_Raw],
                detect: bool, keep: bool) -> _Read:
    """For each message of a batch, in order: why it is skipped, or what its headers
    say with its text (when kept) and acts. What travels back leaves the header block
    out: the importing process needs only where each message is, which it has."""
    found = [judge(raw) for raw in raws]
    accepted = [x.raw for x in found if isinstance(x, _Accepted)]
    bodies = body.each(accepted) if isinstance(body, _MboxBody) else map(body, accepted)
    read: _Read = []
    for item in found:
        if isinstance(item, Skipped):
            read.append(item)
        else:
            text, acts = _text_and_acts(item.raw, next(bodies), detect, keep)
            read.append((replace(item, raw=replace(item.raw, header=b"")), text, acts))
    return read


def _start_worker() -> None:
    """A worker process: Ctrl-C is for the importing process to handle (it stops the
    workers), and the models are read before the first message."""
    import signal

    from goodterms.detect.classifier import load_models

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_models()


def _workers(jobs: int) -> Executor:
    """Processes that read texts and detect acts. Started by a fork server (or spawned
    where there is none), never forked from this process, which may run threads (a
    progress bar, a web server)."""
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
        else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["goodterms.importers.mail",
                                        "goodterms.detect.classifier",
                                        "goodterms.detect.message"])
    # Workers live as long as the import: no `max_tasks_per_child`, which deadlocks the
    # pool on Python 3.11 and 3.12 once a worker retires with work queued (CPython issue
    # gh-115634), as it always is here. A worker's memory stays flat without it (about
    # 47 MiB after 20,000 messages, 51 after 100,000, measured in one process).
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)


TEXT_BATCH = 100  # messages a worker reads at once
# A Checkpoint every this many messages (a multiple of TEXT_BATCH): what is stored up to
# there is committed, and an import stopped later goes on from there.
CHECKPOINT = 5000
# Workers are started once this many personal messages were read here (there is text to
# read: not a mailing list's archive), and get batches once one of them has started.
WORKERS_AFTER = 20


# Batches handed to the workers ahead of the one the importing process waits for, per
# worker: enough for the workers to go on while the importing process stores what they
# read before (a thousand lines at a time), few enough to keep memory flat.
READ_AHEAD = 4


def _ready() -> bool:
    """A task that shows a worker has started."""
    return True


@dataclass(frozen=True)
class _Judge:
    """Decides from its headers whether a message becomes an email (and with whom), or
    why not: a pure function, that worker processes are handed."""

    owner: frozenset[str]  # the user's addresses
    tz: tzinfo
    latest: datetime  # a date after this is absurd
    root: Path | None = None  # where the files of unread messages are

    def __call__(self, raw: _Raw) -> _Accepted | Skipped:
        """Whether the message becomes an email, or why not (only its headers are read)."""
        def skip(reason: str) -> Skipped:
            return Skipped(raw.line, reason, raw.source)

        if raw.unread:
            assert self.root is not None
            raw = _read_header(self.root / raw.source, raw.source)
        if raw.problem is not None:
            return skip(raw.problem)
        try:
            headers = _headers(raw.header)
        except Exception as exc:  # the email package's parser is forgiving; be sure
            return skip(f"unreadable headers ({_short(exc)})")
        if headers.bulk is not None:
            return skip(headers.bulk)
        if headers.sender is None:
            return skip("no sender (no address in From)")
        sender_address = headers.sender[0]
        if sender_address in self.owner:
            direction = "out"
            others: dict[str, str] = {}
            for address, name in headers.to:
                if address not in self.owner and not _is_bulk_address(address):
                    others.setdefault(address, name)
            if not others:
                return skip("nobody else in the message (To and Cc)")
        elif any(address in self.owner for address, _ in headers.to):
            direction = "in"
            others = {sender_address: headers.sender[1]}
        else:
            return skip("not from or to you")
        at = self._date(headers.date)
        if isinstance(at, str):
            return skip(at)
        return _Accepted(raw, headers, direction, others, at.astimezone(self.tz),
                         _key(headers))

    def _date(self, text: str) -> datetime | str:
        """The message's time, or why it has none worth believing."""
        if not text.strip():
            return "no date (no Date header)"
        try:
            at = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return f"unreadable date ({_short(text)})"
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC if "-0000" in text else self.tz)
        if at < OLDEST:
            return f"date before 1990 ({_short(text)})"
        if at > self.latest:
            return f"date in the future ({_short(text)})"
        return at


class _Reader:
    def __init__(self, messages: _Source, guess_from: _Source, tz: tzinfo, me: Me,
                 until: datetime | None, body: Callable[[_Raw], bytes] | None = None,
                 detect: bool = True, keep_bodies: bool = False, jobs: int = 1,
                 start: int = 0, root: Path | None = None) -> None:
        self.messages = messages  # from message `start` + 1 on
        self.start = start
        self.body = body
        self.detect = detect and body is not None
        self.keep_bodies = keep_bodies and body is not None
        self.guess_from = guess_from
        now = until if until is not None else datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=tz)
        owner = frozenset(e for e in (normal_email(x) for x in me.emails) if e)
        self.judge = _Judge(owner, tz, now + FUTURE_MARGIN, root)
        self.contacts: set[str] = set()
        # Messages already read, by a 64-bit digest of their key: a mailbox of a
        # million messages keeps 8 bytes of number each, not its Message-ID.
        self.keys = Seen()
        self.jobs = jobs

    @property
    def owner(self) -> frozenset[str]:
        """The user's addresses."""
        return self.judge.owner

    def records(self) -> Iterator[Record]:
        if not self.owner:
            guessed = _guess_owner(self.guess_from())
            if guessed is None:
                yield Skipped(0, "no address of yours known and none to guess: "
                                 "set them first (goodterms config set me.emails …)")
                return
            self.judge = replace(self.judge, owner=frozenset({guessed}))
            yield Skipped(0, f"guessed your address: {guessed} (set me.emails to be sure)")
        if self.jobs > 1 and (self.detect or self.keep_bodies) \
                and isinstance(self.body, (_MboxBody, _FileBody)):
            yield from self._in_parallel()
            return
        position = self.start
        for raw in self.messages():
            found = self._decide(raw)
            if isinstance(found, Skipped):
                yield found
            else:
                yield from self._emit(found, *self._text(found.raw))
            position += 1
            if position % CHECKPOINT == 0:
                yield Checkpoint(position)

    def _in_parallel(self) -> Iterator[Record]:
        """`records`, with `jobs` worker processes reading the messages, TEXT_BATCH at a
        time: which ones count (from their headers), their texts and the acts they show.
        Everything that depends on the messages before (a message met again, new
        contacts) and the order of the records stay here, so the records are the same
        as read by one process. At most READ_AHEAD batches a worker wait, so memory stays
        flat. Workers start once WORKERS_AFTER personal messages have been read here: not
        for a small mailbox, nor for a mailing list's archive, where there is no text to
        read, only headers; until one of them has started (a fraction of a second: a
        new Python reading the detectors), batches go on being read here."""
        body = self.body
        assert body is not None
        batch: list[_Raw] = []
        reading: deque[tuple[list[_Raw], Future[_Read] | _Read]] = deque()
        pool: Executor | None = None
        ready: Future[bool] | None = None  # done once a worker has started
        personal = 0  # messages read here before the workers start that become emails
        position = self.start  # messages whose records were all given

        def read_here(raws: list[_Raw]) -> _Read:
            return _read_batch(self.judge, body, raws, self.detect, self.keep_bodies)

        def emit(raws: list[_Raw], read: Future[_Read] | _Read) -> Iterator[Record]:
            nonlocal position
            try:
                results = read.result() if isinstance(read, Future) else read
            except BrokenProcessPool:  # a worker died (out of memory?): read them here
                self.jobs = 1
                results = read_here(raws)
            for raw, item in zip(raws, results, strict=True):
                if isinstance(item, Skipped):
                    yield item
                    continue
                message, text, acts = item
                found = self._first_time(replace(message, raw=raw))
                if isinstance(found, Skipped):
                    yield found
                else:
                    yield from self._emit(found, text, acts)
            before, position = position, position + len(raws)
            if position // CHECKPOINT > before // CHECKPOINT:
                yield Checkpoint(position)

        def submit(raws: list[_Raw]) -> Future[_Read] | _Read:
            """The batch handed to the workers, or read here (before they are ready, or
            after they died)."""
            nonlocal pool, personal, ready
            if self.jobs > 1 and pool is None and personal >= WORKERS_AFTER:
                try:
                    pool = _workers(self.jobs)
                    ready = pool.submit(_ready)  # they start while this process reads on
                except BrokenProcessPool:
                    self.jobs = 1
            if self.jobs > 1 and pool is not None and ready is not None and ready.done():
                try:
                    return pool.submit(_read_batch, self.judge, body, raws, self.detect,
                                       self.keep_bodies)
                except BrokenProcessPool:
                    self.jobs = 1
            read = read_here(raws)
            personal += sum(not isinstance(item, Skipped) for item in read)
            return read

        try:
            for raw in self.messages():
                batch.append(raw)
                if len(batch) < TEXT_BATCH:
                    continue
                reading.append((batch, submit(batch)))
                batch = []
                while len(reading) > READ_AHEAD * self.jobs:
                    yield from emit(*reading.popleft())
            reading.append((batch, read_here(batch)))  # the last one, short: read here
            while reading:
                yield from emit(*reading.popleft())
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    def wants_body(self, raw: _Raw) -> bool:
        """Whether reading `raw` will ask for its body: a personal message from or to
        the owner (so that a source fetching bodies over the network, IMAP, can fetch
        several at once). A hint: `body` must still answer for any message."""
        return (self.detect or self.keep_bodies) and isinstance(self.judge(raw), _Accepted)

    def _decide(self, raw: _Raw) -> _Accepted | Skipped:
        """Whether the message becomes an email (and with whom), or why not. Only the
        headers are read; a message met before is skipped from now on."""
        found = self.judge(raw)
        return found if isinstance(found, Skipped) else self._first_time(found)

    def _first_time(self, message: _Accepted) -> _Accepted | Skipped:
        if not self.keys.add(_seen(message.key)):
            return Skipped(message.raw.line, "the same message again", message.raw.source)
        return message

    def _text(self, raw: _Raw) -> tuple[str, list[Act]]:
        if not (self.detect or self.keep_bodies):
            return "", []
        assert self.body is not None
        return _text_and_acts(raw, self.body(raw), self.detect, self.keep_bodies)

    def _emit(self, message: _Accepted, text: str, acts: list[Act]
              ) -> Iterator[Contact | Event | Detected]:
        """The records of an accepted message: its new contacts, the email, what it says."""
        raw, headers = message.raw, message.headers
        for address, name in message.others.items():
            contact_key = "email:" + address
            if contact_key not in self.contacts:
                self.contacts.add(contact_key)
                yield Contact(key=contact_key,
                              name=natural_name(name) or address.split("@", 1)[0],
                              emails=(address,), line=raw.line)
        with_ = tuple("email:" + a for a in message.others)
        yield Event(key=message.key, at=message.at, kind="email", with_=with_,
                    direction=message.direction, summary=headers.subject, line=raw.line,
                    thread=headers.thread, body=text if self.keep_bodies else "")
        if self.detect:
            out = message.direction == "out"
            by = "me" if out else with_[0]
            to = with_ if out else ("me",)
            sender = headers.sender[0] if headers.sender else ""
            also = () if out else tuple(
                (address, name) for address, name in headers.to
                if address not in self.owner and address != sender
                and not _is_bulk_address(address))
            yield from self._detect(acts, raw, message.key, message.at, by, to, also)

    def _detect(self, acts: list[Act], raw: _Raw, key: str, at: datetime, by: str,
                to: tuple[str, ...], also: tuple[tuple[str, str], ...] = ()
                ) -> Iterator[Contact | Detected]:
        """What the message's new text says (quotes, forwards and signature left out)."""
        seen: set[str] = set()
        for act in acts:  # most confident first
            if act.act in ONCE_PER_MESSAGE:
                if act.act in seen:
                    continue  # one message thanks, introduces or offers once
                seen.add(act.act)
            digest = hashlib.sha1(f"{act.act}\x1f{act.text}".encode(),
                                  usedforsecurity=False).hexdigest()[:12]
            others: tuple[str, ...] = ()
            if act.act == "intro" and also:
                # X wrote to me and Y together: Y is who X introduces. Y becomes a contact
                # (we are now in touch), and only here, never from a plain Cc.
                for address, name in also:
                    contact_key = "email:" + address
                    if contact_key not in self.contacts:
                        self.contacts.add(contact_key)
                        yield Contact(key=contact_key,
                                      name=natural_name(name) or address.split("@", 1)[0],
                                      emails=(address,), line=raw.line)
                others = tuple("email:" + address for address, _name in also)
            yield Detected(key=f"{key}:{act.act}:{digest}", event=key, act=act.act,
                           confidence=act.confidence, text=act.text, at=at, by=by, to=to,
                           line=raw.line, also=others)

def _guess_owner(messages: Iterable[_Raw]) -> str | None:
    """The most frequent sender of personal mail, else of any mail, or None."""
    personal: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for raw in messages:
        if raw.problem is not None:
            continue
        try:
            headers = _headers(raw.header)
        except Exception:
            continue
        if headers.sender is None:
            continue
        every[headers.sender[0]] += 1
        if headers.bulk is None:
            personal[headers.sender[0]] += 1
    for counts in (personal, every):
        if counts:  # ties: the address seen first
            return counts.most_common(1)[0][0]
    return None


# Reading messages -----------------------------------------------------------------


# An mbox is read MBOX_BLOCK bytes at a time and searched with `bytes.find` and
# regular expressions, which run in C: a Python loop over its lines was most of the
# time spent on a big mailbox. What is found is exactly what reading the file with
# `readline(CHUNK)` finds (how this module read it before, and still the plainest
# statement of the rules): a line longer than CHUNK comes in pieces of CHUNK bytes,
# and a piece that follows one ending in "\r" counts as the start of a line. So in
# a file with such long lines a "blank line" can be the "\n" ending one; where that
# matters the pieces are worked out from the line's start.
MBOX_BLOCK = 1024 * 1024  # how much of an mbox is read at once
_SEPARATOR_AT = re.compile(_SEPARATOR.pattern.removeprefix(b"^"))  # for match(data, pos)
_HEADERS_END = re.compile(rb"\n\r?\n")  # a line end, then a blank line


class _Window:
    """The part of an open file being scanned: `data` holds its bytes from offset
    `start`. Bytes already dealt with are forgotten as more are read, so it holds
    a block or two (a header block at most MAX_HEADER_BYTES more), however big the
    file."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.data = b""
        self.start = 0
        self.eof = False
        self.line = 0  # where the line holding byte `start` starts

    def more(self, keep: int) -> None:
        """Reads the next block, forgetting the bytes before offset `keep`."""
        block = self.f.read(MBOX_BLOCK)
        cut = keep - self.start
        if cut > 0:
            newline = self.data.rfind(b"\n", 0, cut)
            if newline >= 0:
                self.line = self.start + newline + 1
            self.data = self.data[cut:] + block
            self.start = keep
        else:
            self.data += block
        self.eof = not block

    def piece_start(self, at: int) -> int:
        """Where the `readline(CHUNK)` piece holding byte `at` starts."""
        newline = self.data.rfind(b"\n", 0, at - self.start)
        line = self.start + newline + 1 if newline >= 0 else self.line
        return line + (at - line) // CHUNK * CHUNK

    def blank_piece(self, newline: int) -> bool:
        """Whether the "\\n" at offset `newline` ends a blank line: a piece "\\n" or
        "\\r\\n" that starts a line. Looks back two bytes, and to the line's start
        in a line that has a "\\r" before its "\\n"."""
        i = newline - self.start
        data = self.data
        if newline == 0 or data[i - 1] == 0x0A:
            return True  # "\n" after a line end
        if data[i - 1] != 0x0D:
            return False
        if newline == 1 or data[i - 2] == 0x0A:
            return True  # "\r\n" after a line end
        # Only a line longer than CHUNK has pieces that start inside it: "\r\n" after
        # a piece ending in "\r", or "\n" cut from the "\r" before it.
        return (data[i - 2] == 0x0D and self.piece_start(newline - 1) == newline - 1) \
            or self.piece_start(newline) == newline


def _short_lines(data: bytes, start: int, end: int) -> bool:
    """Whether no line in data[start:end] (`start` begins a line, `end` begins one or
    is the end of the file) is longer than CHUNK, so that each is a single piece."""
    while end - start > CHUNK:
        newline = data.rfind(b"\n", start, start + CHUNK)
        if newline < 0:
            return False
        start = newline + 1  # the lines before it are short
    return True


def _mbox_messages(path: Path) -> Iterator[_Raw]:
    """Each message's header block, in file order, reading the file once.

    It is in one of three states: in a body (or before the first message), looking
    for the next separator; reading a header block, found whole by a search for the
    blank line that ends it; and reading one piece by piece, as `readline` would,
    when that search cannot be trusted (a header block that holds a line longer than
    CHUNK, follows a separator line cut by CHUNK, or is over MAX_HEADER_BYTES)."""
    try:
        f = path.open("rb")
    except OSError as exc:
        raise BadInput(f"cannot be read ({exc.strerror})", source=str(path)) from None
    with f:
        w = _Window(f)
        number = 0
        at = 0  # where this body, or this message's header block, starts
        search = 0  # in a body: where to look for the next "\nFrom "
        previous_blank = True  # in a body: whether a separator may start right at `at`
        headers = False  # reading a header block
        piece = -1  # reading it piece by piece: where the next piece starts
        starts_line = True  # ...and whether that piece starts a line
        while True:
            data, start, eof = w.data, w.start, w.eof
            end = start + len(data)
            separator = -1
            if not headers and previous_blank:  # after a blank line: a separator here?
                if eof or at + CHUNK <= end:
                    previous_blank = False
                    if _SEPARATOR_AT.match(data, at - start, at - start + CHUNK):
                        separator = at
                    else:
                        continue
                keep = at
            elif not headers:  # a separator is a "From " line after a blank line
                i = data.find(b"\nFrom ", search - start)
                if i >= 0 and (eof or i + 1 + CHUNK <= len(data)):
                    search = start + i + 1
                    if not (w.blank_piece(start + i)
                            and _SEPARATOR_AT.match(data, i + 1, i + 1 + CHUNK)):
                        continue
                    separator = search
                elif eof:
                    return
                else:  # not here, or its line may go on past what is read: read on
                    search = start + i if i >= 0 else max(search, end - 5)
                    keep = search
            elif piece < 0:  # a header block: up to the first blank line
                i = at - start
                found = _HEADERS_END.search(data, i - 1)
                if not found and not eof and len(data) - i <= MAX_HEADER_BYTES + 2:
                    keep = at  # it may end in bytes not read yet
                else:
                    blank, after = len(data), -1  # none: the file (or the limit) comes first
                    if found:
                        blank, after = found.start() + 1, found.end()
                    elif eof and data.endswith(b"\n\r") and len(data) - 2 >= i - 1:
                        blank, after = len(data) - 1, len(data)  # a last line "\r" is blank
                    if data[i - 1] == 0x0A and blank - i <= MAX_HEADER_BYTES \
                            and _short_lines(data, i, blank):
                        if after < 0:
                            yield _Raw(number, "", b"", "cut short: the file ends inside the "
                                                       "message's headers")
                            return
                        yield _Raw(number, "", data[i:blank], offset=start + after)
                        headers, previous_blank = False, True
                        at = search = start + after
                    else:
                        piece, starts_line = at, data[i - 1] in b"\r\n"
                    continue
            else:  # a header block, piece by piece
                i = piece - start
                if eof or len(data) - i >= CHUNK:
                    if i >= len(data):
                        yield _Raw(number, "", b"", "cut short: the file ends inside the "
                                                   "message's headers")
                        return
                    newline = data.find(b"\n", i, i + CHUNK)
                    stop = newline + 1 if newline >= 0 else min(i + CHUNK, len(data))
                    if starts_line and stop - i <= 2 and data[i:stop] in _BLANK:
                        yield _Raw(number, "", data[at - start:i], offset=start + stop)
                        headers, previous_blank = False, True
                    elif start + stop - at > MAX_HEADER_BYTES:
                        yield _Raw(number, "", b"", "headers too long (over 1 MiB): no message")
                        headers, previous_blank = False, False
                    else:
                        starts_line = data[stop - 1] in b"\r\n"
                    piece = start + stop
                    if not headers:
                        at = search = piece
                    continue
                keep = at
            if separator >= 0:  # the message's header block starts after its line
                number += 1
                i = separator - start
                newline = data.find(b"\n", i, i + CHUNK)
                at = start + newline + 1 if newline >= 0 else min(separator + CHUNK, end)
                headers, piece = True, -1
                continue
            # More of the file is needed; the two bytes before `keep` are looked at.
            assert not eof
            try:
                w.more(keep - 2)
            except OSError as exc:
                yield _Raw(number + 1, "", b"", f"the file cannot be read further "
                                               f"({exc.strerror})")
                return


def _maildir_messages(root: Path, maildirs: list[Path], skip: int = 0, read: bool = True
                      ) -> Iterator[_Raw]:
    """The messages of each folder (cur/, then new/) in name order, after the first
    `skip` (not read); their headers read unless `read` is False (then the judge
    reads them)."""
    for folder in maildirs:
        for sub in MAILDIR_SUBDIRS:
            try:
                with os.scandir(folder / sub) as found:
                    # is_file() from the directory listing itself, mostly: no stat each
                    names = sorted(e.name for e in found
                                   if not e.name.startswith(".") and e.is_file())
            except OSError:
                continue
            prefix = (folder / sub).relative_to(root).as_posix()
            for name in names:
                if skip:
                    skip -= 1
                    continue
                source = f"{prefix}/{name}"
                yield (_read_header(folder / sub / name, source) if read
                       else _Raw(0, source, b"", unread=True))


def _read_header(file: Path, source: str) -> _Raw:
    """The header block of a one-message file, reading nothing after it."""
    lines: list[bytes] = []
    size = 0
    offset = -1
    try:
        with file.open("rb") as f:
            at_line_start = True
            while True:
                piece = f.readline(CHUNK)
                if not piece:
                    if not lines:
                        return _Raw(0, source, b"", "empty file")
                    break  # headers only, no body: fine
                if at_line_start and piece in _BLANK:
                    offset = f.tell()
                    break
                at_line_start = piece.endswith((b"\n", b"\r"))
                size += len(piece)
                if size > MAX_HEADER_BYTES:
                    return _Raw(0, source, b"", "headers too long (over 1 MiB): no message")
                lines.append(piece)
    except OSError as exc:
        return _Raw(0, source, b"", f"cannot be read ({exc.strerror})")
    return _Raw(0, source, b"".join(lines), offset=offset)


def _is_maildir(folder: Path) -> bool:
    if (folder / "cur").is_dir() and (folder / "new").is_dir():
        return True
    if (folder / "cur").is_dir():  # a folder with cur/ only, as some tools leave them
        try:
            with os.scandir(folder / "cur") as entries:
                return any(":2," in e.name for _, e in zip(range(50), entries, strict=False))
        except OSError:
            return False
    return False


def _folders(root: Path, depth: int | None = None, limit: int | None = None
             ) -> Iterator[Path]:
    """`root` and the folders under it, in name order, never inside cur/, new/ or tmp/
    (symbolic links to folders are not followed: no loops)."""
    seen = 0
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, level = stack.pop()
        yield folder
        seen += 1
        if limit is not None and seen >= limit:
            return
        if depth is not None and level >= depth:
            continue
        try:
            with os.scandir(folder) as entries:
                subs = sorted(e.name for e in entries if e.is_dir(follow_symlinks=False)
                              and e.name not in ("cur", "new", "tmp"))
        except OSError:
            continue
        stack.extend((folder / name, level + 1) for name in reversed(subs))


# Reading headers ------------------------------------------------------------------


def _headers(block: bytes) -> _Headers:
    raw: dict[str, list[str]] = {}
    for name, value in _raw_items(_decode_block(block)):
        raw.setdefault(name.lower(), []).append(value)
    senders = _addresses(raw.get("from", []))
    return _Headers(
        sender=senders[0] if senders else None,
        to=tuple(_addresses(raw.get("to", []) + raw.get("cc", []))),
        subject=_summary(_decode_words(_first(raw, "subject"))),
        date=_first(raw, "date"),
        message_id=_first(raw, "message-id"),
        bulk=_bulk(raw, senders),
        thread=_thread(raw),
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_HEADER_LINE = re.compile(r"(?:From |[\041-\071\073-\176]*:|[\t ])")


def _raw_items(text: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a header block, exactly as `Parser(policy=default)
    .parsestr(text, headersonly=True).raw_items()` gives them, at a tenth of the cost.

    It is the stdlib feed parser's own header loop (`_parsegen` and `_parse_headers`),
    without building a message: lines end at CR LF, CR or LF; the headers stop at the
    first line that is neither a header, a continuation nor "From "; a "From " line
    first is the envelope, one elsewhere is dropped (or, last, ends the headers); a
    continuation with nothing to continue and a line starting with ":" are dropped.
    """
    lines = []
    for line in _LINE.findall(text):
        if not _HEADER_LINE.match(line):
            break
        lines.append(line)
    items: list[tuple[str, str]] = []
    current: list[str] = []
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if current:
                current.append(line)
            continue
        if current:
            items.append(_header_item(current))
            current = []
        if line.startswith("From "):
            if number == last:
                break
            continue
        if line.find(":") == 0:
            continue
        current = [line]
    if current:
        items.append(_header_item(current))
    return items


def _header_item(lines: list[str]) -> tuple[str, str]:
    name, value = lines[0].split(":", 1)
    value = value.lstrip(" \t") + "".join(lines[1:])
    return name, value.rstrip("\r\n")


def _thread(raw: dict[str, list[str]]) -> str:
    """The conversation a message belongs to: the first of its References, else what
    it replies to, else itself."""
    for name in ("references", "in-reply-to", "message-id"):
        found: list[str] = _MESSAGE_ID.findall(_first(raw, name))
        if found:
            return f"<{found[0]}>"
    return ""


def _decode_block(block: bytes) -> str:
    """A header block as text: UTF-8 where it is, Windows-1252 line by line elsewhere."""
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in block.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "".join(lines)


def _first(raw: dict[str, list[str]], name: str) -> str:
    values = raw.get(name)
    return values[0] if values else ""


def _bulk(raw: dict[str, list[str]], senders: list[tuple[str, str]]) -> str | None:
    """Why a message is bulk or automatic mail, or None for a personal one."""
    for name, shown in (("list-id", "List-Id"), ("list-unsubscribe", "List-Unsubscribe")):
        if name in raw:
            return f"mailing-list message ({shown})"
    precedence = _first(raw, "precedence").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"bulk mail (Precedence: {precedence})"
    auto = _first(raw, "auto-submitted").strip().lower()
    if auto and auto.split(";", 1)[0].strip() != "no":
        return f"automatic message (Auto-Submitted: {_short(auto)})"
    if senders and _is_bulk_address(senders[0][0]):
        return f"bulk sender ({senders[0][0]})"
    return None


def _is_bulk_address(address: str) -> bool:
    local = address.split("@", 1)[0]
    return local in BULK_LOCAL_PARTS or local.startswith(BULK_PREFIXES)


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(address, display name) pairs of address headers, each address once."""
    if not values:
        return []
    if sum(len(v) for v in values) > 1000:
        return list(_read_addresses(tuple(values)))
    return list(_known_addresses(tuple(values)))  # the same From and To, again and again


def _read_addresses(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    values = tuple(_MAILMAN_AT.sub(r"\1@\2", v) if "@" not in v else v
                   for v in values if MAILMAN_OBFUSCATED not in v)
    for name, address in getaddresses(values):
        email = normal_email(address)
        if not _ADDRESS.match(email):
            continue
        name = _decode_words(name).strip().strip("'\"").strip()
        if normal_email(name) or name.lower() == email:
            name = ""
        if email not in found or (name and not found[email]):
            found[email] = name
    return tuple(found.items())


_known_addresses = lru_cache(maxsize=4096)(_read_addresses)


def _decode_words(text: str) -> str:
    """A header value with its encoded words (=?charset?B|Q?…?=) decoded, never failing.

    Each word on its own: one that cannot be decoded (bad base64) is shown as
    written, an unknown charset is read as UTF-8, undecodable bytes are replaced.
    """
    text = _clean(text)
    if "=?" not in text:
        return text
    text = _BETWEEN_WORDS.sub("?==?", text)  # blanks between encoded words do not count
    return _clean(_ENCODED_WORD.sub(_decode_word, text))


def _decode_word(found: re.Match[str]) -> str:
    charset, encoding, payload = found[1].split("*", 1)[0], found[2].upper(), found[3]
    try:
        if encoding == "Q":
            data = quoprimime.header_decode(payload).encode("latin-1")
        else:
            data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
    except (ValueError, UnicodeEncodeError):
        return found[0]
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    """Text without control characters or lone surrogates."""
    return _CONTROL.sub(lambda m: " " if m[0] in "\t\n\r" else "\ufffd", text)


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1] + "…"


class Seen:
    """A set of 64-bit numbers (digests of the messages read) in about 8 bytes each, where
    a Python set of ints takes about 60: a mailbox of a million messages keeps 8 MB of
    them, not 60.

    New numbers go to a small set; when it holds RECENT, they are sorted into an array,
    and arrays of about the same size are merged (like a binary counter: each number is
    merged a few times in all, and there are a few arrays at most). A number is looked
    for by bisection in each array."""

    RECENT = 1 << 14

    def __init__(self) -> None:
        self.recent: set[int] = set()
        self.sorted: list[array[int]] = []  # each at least twice the size of the next

    def __contains__(self, number: int) -> bool:
        if number in self.recent:
            return True
        for numbers in self.sorted:
            at = bisect_left(numbers, number)
            if at < len(numbers) and numbers[at] == number:
                return True
        return False

    def add(self, number: int) -> bool:
        """Adds the number; False if it was there already."""
        if number in self:
            return False
        self.recent.add(number)
        if len(self.recent) < self.RECENT:
            return True
        merged = array("Q", sorted(self.recent))
        self.recent = set()
        while self.sorted and len(self.sorted[-1]) < 2 * len(merged):
            merged = array("Q", heapq.merge(self.sorted.pop(), merged))
        self.sorted.append(merged)
        return True

    def __len__(self) -> int:
        return len(self.recent) + sum(map(len, self.sorted))


def _seen(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _key(headers: _Headers) -> str:
    found = _MESSAGE_ID.search(headers.message_id)
    ident = found[1] if found else "".join(headers.message_id.split()).strip("<>")
    if ident:
        return "mail:" + _clean(ident)
    raw = "\x1f".join(" ".join(x.split()) for x in (
        headers.sender[0] if headers.sender else "", headers.date, headers.subject))
    digest = hashlib.sha1(raw.encode("utf-8", errors="replace"),
                          usedforsecurity=False).hexdigest()[:16]
    return "mail:nomid-" + digest


def _short(problem: object) -> str:
    text = " ".join(str(problem).split())
    return text if len(text) <= 80 else text[:77] + "..."


_SUFFIXES = {"phd", "md", "mba", "jr", "sr", "ii", "iii", "iv", "esq", "dds", "cpa"}


def natural_name(name: str) -> str:
    """"Dubois, Marc" (how many company directories write names) as "Marc Dubois";
    "Ana Bell, PhD" stays as it is."""
    family, sep, given = name.partition(",")
    if not sep or "," in given or "@" in name:
        return name.strip()
    family, given = family.strip(), given.strip()
    if (len(family.split()) != 1 or not 1 <= len(given.split()) <= 2
            or given.rstrip(".").lower() in _SUFFIXES):
        return name.strip()
    return f"{given} {family}"
