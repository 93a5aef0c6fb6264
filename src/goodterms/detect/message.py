"""The new text of a message: what its writer wrote this time.

Detectors must not find a thank-you in the quoted reply it answers, nor a request
in a forwarded mail or a signature's "Let me know if I can help". So before
detection the text is cut at the first line that starts what is not new: a
quoted reply header ("On Tue, Ana wrote:", "-----Original Message-----",
"From: … Sent: …"), a forwarded part, or the signature delimiter "-- "; lines
quoted with ">" are dropped wherever they are.

Old mail clients (Lotus Notes, as in the Enron mail) mark a forward with
"----- Forwarded by Ana Bell/HOU/ECT on 10/18/99 08:46 AM -----" and a reply with
a block "Ana Bell@ECT / 10/18/99 07:08 AM / To: … / cc: … / Subject: …" or
"Ana Bell <ana@x.com> on 08/31/2000 03:14:59 PM": the text is cut there too, at a
"To:" line that a "cc:" or "Subject:" line follows, and at a legal disclaimer
("This e-mail is the property of …", "This message may contain confidential …").
Boxed lines ("| … |", "+----+") and attachment notes ("(See attached file: x.ppt)")
are dropped.
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from collections.abc import Iterator, Mapping
from email.message import EmailMessage, MIMEPart
from functools import lru_cache
from types import MappingProxyType
from typing import Any

_CUT = re.compile(
    r"""^(?:
        le\s.{0,200}\ba\s+écrit\s*:\s*$               # the French client's version
      | am\s.{0,200}\bschrieb\s.{0,80}:\s*$          # and the German one
      | -{2,}\s*original\s+message\s*-{2,}           # Outlook
      | -{2,}\s*forwarded\s+message\s*-{2,}          # Gmail
      | begin\s+forwarded\s+message:                 # Apple Mail
      | from:\s.+$                                   # an Outlook reply header block
      | _{10,}\s*$                                   # Outlook's line before the header block
      | --\s*$                                       # the signature delimiter
      | -{2,}\s*forwarded\s+by\s                      # Lotus Notes: ----- Forwarded by X on …
      | .{0,120}\son\s+\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d\d(?::\d\d)?\s*[ap]m\s*$
                                                    # Lotus Notes: Ana <a@x.com> on 8/31/00 3:14 PM
      | (?:this|the\s+information\s+in\s+this)\s+(?:e-?mail|message|communication|transmission)
        (?:\s+and\s+any\s+attachments?)?\s+(?:is\s+the\s+property\s+of|may\s+contain|contains?|
        is\s+(?:intended|confidential|privileged|for\s+the))   # a legal disclaimer
      | (?:confidentiality\s+notice|disclaimer)\b
      | if\s+you\s+(?:have\s+received\s+this|are\s+not\s+the\s+(?:intended|addressee))  # disclaimer
      | diff\s+--git\s | ---\s+a/\S | @@\s+-\d            # a patch: code, not sentences
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Lotus Notes: the date line under "Ana Bell@ECT" that opens a reply header block.
_NOTES_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d\d(?::\d\d)?\s*[AP]M\s*$",
                         re.IGNORECASE)
# "On Tue, 3 Nov 2026, Ana wrote:", "Ana <a@x> wrote on 06/25/2010 04:05 PM:"
_WROTE = re.compile(r"^(?:\W{0,3}on\s.{0,200}\bwrote:|.{0,120}\bwrote\s+on\s.{0,60}:)\s*$",
                    re.IGNORECASE)
_WROTE_START = re.compile(r"^\W{0,3}on\s.{0,160}$", re.IGNORECASE)
_WROTE_END = re.compile(r"\bwrote:\s*$")
_HEADER_TO = re.compile(r"^to:\s", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^(?:cc|bcc|subject):", re.IGNORECASE)
# Lines that are decoration or attachment notes, not sentences.
_DROP = re.compile(r"^(?:\|.*\|\s*$|\+-{3,}|\(see\s+attached\s+file:|<<.*>>\s*$)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _parsed_header(name: str, value: str) -> Any:
    return email.policy.default.header_fetch_parse(name, value)


# A multipart Content-Type is unique to its message (its boundary is), so the cache above
# misses it and parses it anew for each message. But the parse does not depend on a
# boundary of this form (a quoted string or a token, in the only quotes of the value): it is
# one terminal of the parse tree, which `str(header)` writes back as `"boundary"`. So the
# value is parsed with a fixed placeholder for the boundary (a cache hit), and the
# placeholder is swapped back in the header's text: all that the parser, `get_body` and
# `get_content` read from a Content-Type is its text (`get_content_type`, `get_param`).
_BOUNDARY = re.compile(r""";[ \t\r\n]*boundary[ \t\r\n]*=[ \t\r\n]*
                           (?:"(?P<quoted>[!#-\[\]-~]+)"|(?P<token>[A-Za-z0-9!#$%&+.^_`{|}~-]+))
                           (?=[ \t\r\n]*(?:;|\Z))""", re.IGNORECASE | re.VERBOSE)
_PLACEHOLDER = "goodterms-boundary-placeholder"


@lru_cache(maxsize=64)
def _content_type(name: str, value: str) -> Any:
    """`email.policy.default.header_fetch_parse(name, value)`, or its text."""
    found = _BOUNDARY.search(value)
    if found is not None and value.lower().count("boundary") == 1 \
            and value.count('"') == (2 if found["quoted"] else 0) \
            and not any(x in value for x in ("(", "\\", "=?", _PLACEHOLDER)):
        group = "quoted" if found["quoted"] else "token"
        start, end = found.span(group)
        text = str(_parsed_header(name, value[:start] + _PLACEHOLDER + value[end:]))
        if text.count(f'"{_PLACEHOLDER}"') == 1:
            return text.replace(f'"{_PLACEHOLDER}"', f'"{found[group]}"')
    return _parsed_header(name, value)


class _Policy(email.policy.EmailPolicy):
    """`email.policy.default`, but each header value is parsed once, not at every look:
    `get_body` and the parser ask for a part's Content-Type a dozen times, and parsing
    it is most of the time spent reading a body. Header objects are immutable.

    `boundary_tokens` is for `_parse`: the token that stands for each boundary."""

    boundary_tokens: Mapping[str, str] = MappingProxyType({})

    def with_tokens(self, tokens: Mapping[str, str]) -> _Policy:
        settings: dict[str, Any] = {"boundary_tokens": tokens}  # not a setting typeshed knows
        return self.clone(**settings)

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if type(value) is not str or len(value) > 2000:  # a header object, or a huge value
            return super().header_fetch_parse(name, value)
        if ("oundary" in value or "OUNDARY" in value) and name.lower() == "content-type":
            return _content_type(name, value)
        return _parsed_header(name, value)


class _Message(EmailMessage):
    """An `EmailMessage` that remembers its content type, which the parser, `get_body` and
    `get_content` ask for a dozen times, each time looking through all its header fields.
    The parser adds header fields with `set_raw` and sets a default type with
    `set_default_type`, and nothing changes these messages after."""

    _memo_content_type: str | None = None

    def set_raw(self, name: str, value: str) -> None:
        self._memo_content_type = None
        super().set_raw(name, value)

    def set_default_type(self, ctype: str) -> None:
        self._memo_content_type = None
        super().set_default_type(ctype)

    def get_content_type(self) -> str:
        if self._memo_content_type is None:
            self._memo_content_type = super().get_content_type()
        return self._memo_content_type

    def get_boundary(self, failobj: Any = None) -> Any:
        """The boundary, or in `_parse`'s rewritten message the token that stands for it
        (the parser looks for delimiter lines with the boundary this gives)."""
        boundary = super().get_boundary(failobj)
        tokens = getattr(self.policy, "boundary_tokens", None)
        if not tokens or boundary is failobj:
            return boundary
        if boundary not in tokens:  # its delimiter lines were not rewritten
            raise _Unusual(boundary)
        return tokens[boundary]


_POLICY = _Policy(message_factory=_Message)
_SCRIPT_STYLE = re.compile(r"(?is)<(script|style).*?</\1>")
_LINE_BREAK = re.compile(r"(?i)<br\s*/?>|</p>|</div>")
_TAG = re.compile(r"<[^>]+>")


_PREFERENCE = ("plain", "html")  # get_body's preference: text/plain, else text/html
# A multipart message four times as long or more is first parsed only up to this many bytes
# past its header block: most of it is attachments, and the start most often decides it.
_PREFIX = 4096
_BLANK_LINE = re.compile(rb"\n\r?\n")
# A header block the parser reads as header fields only, one after the other: lines that
# start a field ("Name: …") or continue one, none with a bare CR (which ends a line too).
_HEADER_BLOCK = re.compile(rb"(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*")
# The fields that the parser, `get_body` and `get_content` read; in such a block, a line
# that starts with a field name starts that field.
_MIME_FIELD = re.compile(rb"^content-(?:type|transfer-encoding|disposition|id):"
                         rb"[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", re.IGNORECASE | re.MULTILINE)


# For each multipart part the parser compiles a regular expression of its boundary, which
# is unique to its message: Python's cache of compiled expressions misses, and compiling is
# as slow as parsing a short message. So `_parse` first gives every boundary of a message a
# token, the same for each message ("goodterms-b0", "goodterms-b1", … in order of first
# appearance), rewrites the delimiter lines to use it, and the parser gets the token from
# `_Message.get_boundary`: the expressions it compiles are then always the same few.
#
# A line is a delimiter line of boundary B when it is "--B", then maybe "--", then spaces
# or tabs, then its end (CRLF, LF, a bare CR or the end of the message): it is rewritten
# to the same line with the token in place of B. This changes no answer the parser gets:
# - a line matches a token's delimiter after the rewrite exactly when it matched that
#   boundary's before, since the token appears nowhere else (it is not in the message), and
#   a line is the delimiter of only one boundary (none is another one plus "--");
# - a boundary the parser uses that has no token (one not found below, like an RFC 2231
#   `boundary*=`) raises `_Unusual`, and the message is parsed again as it is;
# - a rewritten line is never a header line (a boundary with a ":" gets no token) nor an
#   empty one, and its line end is kept;
# - the rewritten delimiter lines end up in no part's payload but in preambles and
#   epilogues, which `get_body` and `get_content` do not read; a rewritten line that is in
#   a payload (a "--B" line in a part where B is not a boundary) is seen and the message is
#   parsed again as it is.
# Values of a boundary parameter, quoted or not; more than the parser uses is no harm.
_BOUNDARY_PARAMS = {word: re.compile(word + rb'[ \t\r\n]*=[ \t\r\n]*(?:"([^"\r\n]*)"|([^\s";]*))')
                    for word in (b"oundary", b"OUNDARY")}  # "boundary", "Boundary", …
_TOKENABLE = re.compile(rb"[!-9;-~]+")  # printable, no space, no ":"
_TOKEN = "goodterms-b"
_TOKEN_BYTES = _TOKEN.encode("ascii")
_DASHES = re.compile(rb"--([^\r\n]*)")  # only the ones that start a line are delimiters


class _Unusual(Exception):
    """The parser met a boundary that has no token: the message is parsed as it is."""


def _parse(raw: bytes) -> EmailMessage:
    # (Most messages have no boundary: a quick look first.)
    tokens = _boundary_tokens(raw) if b"oundary" in raw or b"OUNDARY" in raw else None
    msg = _feed_with_tokens(raw, tokens) if tokens else None
    return msg if msg is not None else _feed(raw, _POLICY)


def _feed_with_tokens(raw: bytes, tokens: Mapping[str, str]) -> EmailMessage | None:
    """The message parsed with its boundaries' tokens, or None where that cannot be
    trusted: a boundary without a token, or a token left in a part's text."""
    try:
        msg = _feed(_with_tokens(raw, tokens), _POLICY.with_tokens(tokens))
    except _Unusual:
        return None
    return None if any(_TOKEN in payload for payload in _payloads(msg)) else msg


def _feed(raw: bytes, policy: _Policy) -> EmailMessage:
    parser = email.parser.BytesFeedParser(policy=policy)  # what message_from_bytes runs
    parser.feed(raw)
    msg = parser.close()
    assert isinstance(msg, EmailMessage)
    return msg


def _boundary_tokens(raw: bytes) -> dict[str, str]:
    """A token for each boundary parameter value in the message, or none at all."""
    values: dict[str, None] = {}  # in order of first appearance
    for word, pattern in _BOUNDARY_PARAMS.items():
        for found in pattern.finditer(raw) if word in raw else ():
            value = found[1] if found[1] is not None else found[2]
            if _TOKENABLE.fullmatch(value):
                values[value.decode("ascii")] = None
    if any(value + "--" in values for value in values) or _TOKEN_BYTES in raw:
        return {}  # "--B----" would be a delimiter of two; the token must be new
    return {value: f"{_TOKEN}{number}" for number, value in enumerate(values)}


def _with_tokens(raw: bytes, tokens: Mapping[str, str]) -> bytes:
    """The message with each boundary's token on its delimiter lines."""
    by_bytes = {key.encode("ascii"): token.encode("ascii") for key, token in tokens.items()}

    def rewrite(found: re.Match[bytes]) -> bytes:
        start, rest = found.start(), found[1]
        if start and raw[start - 1] not in b"\r\n":  # not at the start of a line
            return found[0]
        boundary = rest.rstrip(b" \t")
        if boundary not in by_bytes and boundary.endswith(b"--"):  # a closing delimiter
            boundary = boundary[:-2]
        token = by_bytes.get(boundary)
        return found[0] if token is None else b"--" + token + rest[len(boundary):]

    return _DASHES.sub(rewrite, raw)


def _payloads(msg: EmailMessage) -> Iterator[str]:
    """The text payloads of the message's parts (its preambles and epilogues are not)."""
    for part in msg.walk():
        payload = getattr(part, "_payload", None)  # as parsed: `get_payload` may decode it
        if isinstance(payload, str):
            yield payload


def _body(raw: bytes) -> MIMEPart | None:
    """`email.message_from_bytes(raw, policy=_POLICY).get_body(_PREFERENCE)`, reading less.

    The parser reads a message line by line, in Python, and it never looks back; the only
    header fields it and `get_body` read are the Content-* fields above. So the message's
    other header fields are left out, a single-part body is not read line by line but taken
    verbatim (as the parser would), and a long multipart body is first read in part.
    """
    found = _BLANK_LINE.search(raw)
    if found is None or not _HEADER_BLOCK.fullmatch(raw, 0, found.start() + 1):
        return _parse(raw).get_body(preferencelist=_PREFERENCE)
    blank, end = found.start() + 1, found.end()  # the blank line, and the body after it
    head = b"".join(_MIME_FIELD.findall(raw, 0, blank)) + raw[blank:end]
    msg = _parse(head)
    maintype = msg.get_content_maintype()
    if maintype not in ("multipart", "message"):  # the parser takes the rest verbatim
        msg.set_payload(raw[end:].decode("ascii", "surrogateescape"))
        return msg.get_body(preferencelist=_PREFERENCE)
    text = head + raw[end:]
    cut = text.find(b"\n", len(head) + _PREFIX) + 1
    if maintype == "multipart" and 0 < cut <= len(text) // 4:
        try:
            part = _body_in_prefix(text[:cut])
        except Exception:  # left to the parse of the whole message to raise or not
            part = None
        if part is not None:
            return part
    return _parse(text).get_body(preferencelist=_PREFERENCE)


def _body_in_prefix(prefix: bytes) -> MIMEPart | None:
    """The body part of every multipart message that starts with these lines, if they
    decide it. A part that a boundary line in `prefix` closed is the same as when the
    parser reads the whole message, and a part after the body proves that the body is
    closed. `get_body` takes the first text/plain part it meets and looks at no part
    after it, except in a multipart/related (for its start part)."""
    msg = _parse(prefix)
    part = msg.get_body(preferencelist=_PREFERENCE)
    if part is None or part.get_content_subtype() != "plain":  # a text/plain may follow
        return None
    parts = list(msg.walk())
    if part is parts[-1] or any(x.get_content_type() == "multipart/related" for x in parts):
        return None
    return part


def looks_like_message(raw: bytes) -> bool:
    """Whether the bytes are an RFC 822 message (headers, a blank line, a body)."""
    head = raw[:2048].decode("utf-8", "replace")
    first_block = head.split("\n\n", 1)[0].split("\r\n\r\n", 1)[0]
    lines = [x for x in first_block.splitlines() if x.strip()]
    headers = [x for x in lines if re.match(r"^[A-Za-z][A-Za-z0-9-]*:\s", x)]
    names = {x.split(":", 1)[0].lower() for x in headers}
    return bool(lines) and len(headers) >= 2 and bool(names & {"from", "subject", "message-id",
                                                                "to", "date"})


def body_text(raw: bytes) -> str:
    """The first text part of an RFC 822 message (HTML reduced to its text)."""
    part = _body(raw)
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = _SCRIPT_STYLE.sub(" ", content)
        content = _LINE_BREAK.sub("\n", content)
        content = _TAG.sub(" ", content)
    return content


def new_text(text: str) -> str:
    """The part of a message body its writer wrote now: no quotes, forwards, signature."""
    kept: list[str] = []
    lines = text.splitlines()
    skip = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if skip:
            skip -= 1
            continue
        wrote = 0
        if _WROTE.match(stripped):
            wrote = 1
        elif _WROTE_START.match(stripped) and number + 1 < len(lines) \
                and _WROTE_END.search(lines[number + 1]):  # "On …, Ana" / "<a@x> wrote:"
            wrote = 2
        if wrote:
            after = [x.strip() for x in lines[number + wrote:] if x.strip()]
            if after and after[0].startswith(">"):
                skip = wrote - 1  # an inline reply: the quotes go, the answers between stay
                continue
            break
        if _CUT.match(stripped) or _starts_header_block(stripped, lines[number + 1:number + 4]):
            break
        if _NOTES_DATE.match(stripped):  # "Ana Bell@ECT" above it is the block's first line
            if kept and "@" in kept[-1] and len(kept[-1].split()) <= 5:
                kept.pop()
            break
        if stripped.startswith(">") or _DROP.match(stripped):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _starts_header_block(line: str, following: list[str]) -> bool:
    """A "To: …" line followed closely by "cc:" or "Subject:": a reply's header block."""
    return bool(_HEADER_TO.match(line)) and any(_HEADER_NEXT.match(x.strip()) for x in following)
