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
import email.policy
import re
from email.message import EmailMessage
from functools import lru_cache
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


@lru_cache(maxsize=256)
def _parsed_header(name: str, value: str) -> Any:
    return email.policy.default.header_fetch_parse(name, value)


class _Policy(email.policy.EmailPolicy):
    """`email.policy.default`, but each header value is parsed once, not at every look:
    `get_body` and the parser ask for a part's Content-Type a dozen times, and parsing
    it is most of the time spent reading a body. Header objects are immutable."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name") or len(value) > 2000:
            return super().header_fetch_parse(name, value)
        return _parsed_header(name, value)


_POLICY = _Policy()


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
    msg = email.message_from_bytes(raw, policy=_POLICY)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(preferencelist=("plain", "html"))
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
        content = re.sub(r"(?is)<(script|style).*?</\1>", " ", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = re.sub(r"<[^>]+>", " ", content)
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
