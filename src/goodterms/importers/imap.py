"""Mail read straight from an IMAP server (`goodterms sync imap`), folder by folder.

The messages go through the same reader as the mbox and Maildir importers
(`goodterms.importers.mail._Reader`): only the source differs. Headers are fetched
in batches (`BODY.PEEK[HEADER]`, so nothing is marked as read); a body is fetched
only for a personal message from or to the owner, whose new text is read for
what it says, and never more than its first `mail.BODY_BYTES`.

Incremental: for each folder, the UIDVALIDITY and the last UID stored are kept
(`MailFolderState`, through `store.actions`). A sync asks only for UIDs after that
one. Each batch is stored (`store.matching.import_records`, one transaction) and
only then is the folder's progress saved: an interrupted sync starts again after
the last batch stored, and a batch stored twice changes nothing (event ids come
from the Message-IDs). A folder whose UIDVALIDITY changed is read again from the
start, for the same reason without duplicates.

Security: TLS by default (port 993), or STARTTLS; the server's certificate is
always checked (against the system's authorities, or a CA file given). Plain text
is refused unless the server is on this machine. The password is never stored by
goodterms nor shown: it comes from GOODTERMS_IMAP_PASSWORD, the system keyring
(with the optional `keyring` package) or a prompt.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from goodterms import credentials
from goodterms.credentials import is_loopback
from goodterms.errors import ExitCode, GoodtermsError, NotFound, UsageError
from goodterms.importers.mail import (
    _SENT_FOLDER,
    BODY_BYTES,
    MAX_HEADER_BYTES,
    Seen,
    _Raw,
    _Reader,
)
from goodterms.importers.records import Contact, Me

BATCH = 500  # messages whose headers are fetched, read and stored together
BODY_BATCH = 50  # bodies fetched at once (at most BODY_BYTES each)
TIMEOUT = 60.0  # seconds to wait for the server
PASSWORD_ENV = "GOODTERMS_IMAP_PASSWORD"
KEYRING_SERVICE = "goodterms:{host}"  # the keyring entry: this service, the login as user
SECURITY = ("ssl", "starttls", "none")
SENT_NAMES = ("sent", "sent items", "sent messages", "sent mail", "inbox.sent")
IMPORTER = "imap"

_HEADER = b"BODY[HEADER]"
_TEXT = re.compile(rb"^BODY\[TEXT\]")
_BYTES_REPR = re.compile(r"^b(['\"])(.*)\1$")


class MailServerError(GoodtermsError):
    """The mail server cannot be reached, refused the login or failed a command."""

    exit_code = ExitCode.ERROR


class LoginRefused(MailServerError):
    """Wrong user or password."""


@dataclass(frozen=True)
class Account:
    host: str
    user: str
    port: int = 0  # 0: 993 with ssl, else 143
    security: str = "ssl"  # ssl (TLS from the start), starttls or none (this machine only)
    cafile: str = ""  # trust the certificates this CA file (PEM) signed, too

    @property
    def real_port(self) -> int:
        return self.port or (993 if self.security == "ssl" else 143)

    @property
    def ident(self) -> str:
        """What the folders' progress is kept under: user@host:port."""
        return f"{self.user}@{self.host}:{self.real_port}"

    @property
    def where(self) -> str:
        return f"{self.host}:{self.real_port}"


def keyring_password(account: Account) -> str | None:
    """The account's password kept in the system keyring, if any."""
    return credentials.keyring_password(KEYRING_SERVICE.format(host=account.host),
                                        account.user)


def connect(account: Account, password: str, timeout: float = TIMEOUT) -> Any:
    """A logged-in `IMAPClient`, or a `MailServerError` that says what went wrong
    (never with the password in it)."""
    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    if account.security not in SECURITY:
        raise UsageError(f"unknown connection security '{account.security}' "
                         f"({', '.join(SECURITY)})")
    if account.security == "none" and not is_loopback(account.host):
        raise UsageError(f"refusing to send your password in plain text to {account.host}: "
                         "--no-tls is only for a server on this machine")
    context = None
    if account.security != "none":
        try:
            context = ssl.create_default_context(cafile=account.cafile or None)
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(f"{account.cafile}: not a CA file that can be read "
                             f"({_reason(exc)})") from None
    try:
        client = IMAPClient(account.host, account.real_port, ssl=account.security == "ssl",
                            ssl_context=context, timeout=timeout)
        if account.security == "starttls":
            client.starttls(context)
    except ssl.SSLCertVerificationError as exc:
        raise MailServerError(
            f"{account.where}: the server's certificate cannot be trusted "
            f"({exc.verify_message or _reason(exc)}); if your own authority signed it, "
            "give its certificate with --cafile") from None
    except ssl.SSLError as exc:
        raise MailServerError(f"{account.where}: no secure connection ({_reason(exc)})"
                              ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(f"cannot talk to {account.where} ({_reason(exc)})") from None
    try:
        client.login(account.user, password)
    except LoginError as exc:
        _close(client)
        raise LoginRefused(f"{account.host} refused the login of {account.user} "
                           f"({_reason(exc)}): check the user and the password") from None
    except (OSError, imaplib.IMAP4.error) as exc:
        _close(client)
        raise MailServerError(f"{account.where}: the login failed ({_reason(exc)})") from None
    return client


def _close(client: Any) -> None:
    with contextlib.suppress(Exception):  # already gone: nothing to close
        client.logout()


def _reason(exc: BaseException) -> str:
    """An exception as a short sentence (servers answer in bytes)."""
    parts = [a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a)
             for a in exc.args if not isinstance(a, int)]
    text = " ".join(" ".join(parts).split()) or type(exc).__name__
    quoted = _BYTES_REPR.match(text)  # IMAPClient turns bytes into "b'…'"
    if quoted:
        text = quoted[2]
    return text if len(text) <= 160 else text[:157] + "..."


@dataclass(frozen=True)
class Folder:
    name: str
    sent: bool = False  # the Sent folder


def pick_folders(client: Any, wanted: list[str] | tuple[str, ...] = ()) -> list[Folder]:
    """The folders to read: those named, else the Inbox and the Sent folder (marked
    \\Sent by the server, RFC 6154, else found by a usual name)."""
    listed: list[tuple[tuple[bytes, ...], str]] = []
    for flags, _delimiter, name in client.list_folders():
        low = {bytes(f).lower() for f in flags}
        if b"\\noselect" not in low and b"\\nonexistent" not in low:
            listed.append((tuple(flags), str(name)))
    sent = _sent_folder(listed)
    if not wanted:
        chosen = [Folder("INBOX")]
        if sent is not None:
            chosen.append(Folder(sent, sent=True))
        return chosen
    names = [name for _flags, name in listed]
    chosen = []
    for want in wanted:
        found = next((n for n in names if n == want), None) or next(
            (n for n in names if n.lower() == want.lower()), None)
        if found is None:
            shown = ", ".join(names[:30]) + (" …" if len(names) > 30 else "")
            raise NotFound(f"no folder '{want}' on the server (it has: {shown})")
        if all(f.name != found for f in chosen):
            chosen.append(Folder(found, sent=found == sent))
    return chosen


def _sent_folder(listed: list[tuple[tuple[bytes, ...], str]]) -> str | None:
    for flags, name in listed:
        if any(bytes(f).lower() == b"\\sent" for f in flags):
            return name
    for usual in SENT_NAMES:
        for _flags, name in listed:
            if name.lower() == usual or name.lower().endswith(("." + usual, "/" + usual)):
                return name
    for _flags, name in listed:
        if name.upper() != "INBOX" and _SENT_FOLDER.search(name):
            return name
    return None


class Progress(Protocol):
    def folder(self, name: str, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class _NoProgress:
    def folder(self, name: str, total: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


@dataclass
class FolderResult:
    name: str
    sent: bool = False
    read: int = 0  # messages fetched this time
    restarted: bool = False  # its UIDVALIDITY changed: read again from the start


@dataclass
class SyncResult:
    account: str
    summary: Any  # store.actions.ImportSummary, all batches together
    folders: list[FolderResult] = field(default_factory=list)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.folders)


def sync(client: Any, owner: Any, account: Account, folders: list[Folder], *, tz: ZoneInfo,
         me: Me, until: datetime | None = None, detect: bool = True,
         keep_bodies: bool = False, apply_threshold: float = 0.9, from_start: bool = False,
         progress: Progress | None = None) -> SyncResult:
    """Read what is new in each folder and store it, batch by batch."""
    from goodterms.store import actions
    from goodterms.store.actions import ImportSummary
    from goodterms.store.matching import import_records

    progress = progress or _NoProgress()
    result = SyncResult(account.ident, ImportSummary(f"imap {account.user} on {account.host}"))
    seen = Seen()  # messages read in this sync, across folders and batches
    contacts: set[str] = set()  # contact keys given in this sync's earlier batches
    for folder in folders:
        done = FolderResult(folder.name, folder.sent)
        result.folders.append(done)
        info = _select(client, folder.name)
        validity = int(info[b"UIDVALIDITY"])
        state = actions.mail_folder_state(owner, account.ident, folder.name)
        last = 0
        if state is not None and state[0] != validity:
            done.restarted = True
        elif state is not None and not from_start:
            last = state[1]
        uids = _new_uids(client, folder.name, last) if info.get(b"EXISTS") else []
        progress.folder(folder.name, len(uids))
        if not uids and (state is None or state[0] != validity):
            actions.save_mail_folder_state(owner, account.ident, folder.name, validity, 0)
        for start in range(0, len(uids), BATCH):
            batch = uids[start:start + BATCH]
            raws = _fetch_headers(client, folder.name, batch)
            bodies = _Bodies(client, folder.name, raws, batch)
            reader = _Reader(partial(_counted, raws, progress), _nothing, tz, me, until,
                             bodies, detect, keep_bodies)
            reader.keys = seen
            bodies.reader = reader
            found: set[str] = set()
            stored = import_records(owner, partial(_noting_contacts, reader, found),
                                    source=result.summary.source, importer=IMPORTER, tz=tz,
                                    apply_threshold=apply_threshold)
            # Someone met in an earlier batch is stored again with this one: counted once.
            again = stored.count("person")
            again.unchanged -= min(again.unchanged, len(found & contacts))
            contacts |= found
            _add(result.summary, stored)
            actions.save_mail_folder_state(owner, account.ident, folder.name, validity,
                                           batch[-1])
            done.read += len(batch)
    return result


def _select(client: Any, folder: str) -> dict[bytes, Any]:
    try:
        return dict(client.select_folder(folder, readonly=True))
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(f"the folder '{folder}' cannot be opened ({_reason(exc)})"
                              ) from None


def _new_uids(client: Any, folder: str, last: int) -> list[int]:
    try:
        found = client.search(["UID", f"{last + 1}:*"])
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(f"cannot list the messages of '{folder}' ({_reason(exc)})"
                              ) from None
    return sorted(uid for uid in found if uid > last)  # "N:*" always has the last one


def _source(folder: str, uid: int) -> str:
    return f"{folder} UID {uid}"


def _fetch_headers(client: Any, folder: str, uids: list[int]) -> list[_Raw]:
    try:
        fetched = client.fetch(uids, ["BODY.PEEK[HEADER]"])
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(f"cannot fetch messages from '{folder}' ({_reason(exc)})"
                              ) from None
    raws = []
    for uid in uids:
        header = fetched.get(uid, {}).get(_HEADER)
        if header is None:
            raws.append(_Raw(0, _source(folder, uid), b"", "gone from the server while read"))
            continue
        header = bytes(header).rstrip(b"\r\n")
        if not header:
            raws.append(_Raw(0, _source(folder, uid), b"", "empty message"))
            continue
        if len(header) > MAX_HEADER_BYTES:
            raws.append(_Raw(0, _source(folder, uid), b"",
                             "headers too long (over 1 MiB): no message"))
            continue
        raws.append(_Raw(0, _source(folder, uid), header + b"\r\n"))
    return raws


def _nothing() -> Iterator[_Raw]:
    return iter(())


def _noting_contacts(reader: _Reader, found: set[str]) -> Iterator[Any]:
    for record in reader.records():
        if isinstance(record, Contact):
            found.add(record.key)
        yield record


def _counted(raws: list[_Raw], progress: Progress) -> Iterator[_Raw]:
    for raw in raws:
        yield raw
        progress.advance(1)


class _Bodies:
    """The body of a message of one batch, fetched with the next few that the reader
    will want too (`BODY.PEEK[TEXT]`, at most BODY_BYTES of each)."""

    def __init__(self, client: Any, folder: str, raws: list[_Raw], uids: list[int]) -> None:
        self.client = client
        self.folder = folder
        self.raws = raws
        self.uid = {raw.source: uid for raw, uid in zip(raws, uids, strict=True)}
        self.position = {raw.source: index for index, raw in enumerate(raws)}
        self.cache: dict[str, bytes] = {}
        self.reader: _Reader | None = None

    def __call__(self, raw: _Raw) -> bytes:
        if raw.source not in self.cache:
            self._fetch(raw)
        return self.cache.pop(raw.source, b"")

    def _fetch(self, raw: _Raw) -> None:
        wanted = [raw]
        start = self.position.get(raw.source, len(self.raws))
        for later in self.raws[start + 1:]:
            if len(wanted) >= BODY_BATCH:
                break
            if later.source not in self.cache and (
                    self.reader is None or self.reader.wants_body(later)):
                wanted.append(later)
        uids = [self.uid[r.source] for r in wanted if r.source in self.uid]
        if not uids:
            return
        try:
            fetched = self.client.fetch(uids, [f"BODY.PEEK[TEXT]<0.{BODY_BYTES}>"])
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailServerError(f"cannot fetch messages from '{self.folder}' "
                                  f"({_reason(exc)})") from None
        for r in wanted:
            data = fetched.get(self.uid.get(r.source), {})
            text = next((v for k, v in data.items() if _TEXT.match(bytes(k))), b"")
            self.cache[r.source] = bytes(text or b"")[:BODY_BYTES]


def _add(total: Any, part: Any) -> None:
    for kind, counted in part.counts.items():
        into = total.count(kind)
        into.new += counted.new
        into.updated += counted.updated
        into.unchanged += counted.unchanged
    total.skipped.extend(part.skipped)
    total.queued += part.queued
