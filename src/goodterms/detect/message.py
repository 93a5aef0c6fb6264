"""The new text of a message: what its writer wrote this time.

Detectors must not find a thank-you in the quoted reply it answers, nor a request
in a forwarded mail or a signature's "Let me know if I can help". So before
detection the text is cut at the first line that starts what is not new: a
quoted reply header ("On Tue, Ana wrote:", "-----Original Message-----",
"From: … Sent: …"), a forwarded part, or the signature delimiter "-- "; lines
quoted with ">" are dropped wherever they are.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

_CUT = re.compile(
    r"""^(?:
        on\s.{0,200}\bwrote:\s*$                      # On Tue, 3 Nov 2026, Ana wrote:
      | le\s.{0,200}\ba\s+écrit\s*:\s*$               # the French client's version
      | am\s.{0,200}\bschrieb\s.{0,80}:\s*$          # and the German one
      | -{2,}\s*original\s+message\s*-{2,}           # Outlook
      | -{2,}\s*forwarded\s+message\s*-{2,}          # Gmail
      | begin\s+forwarded\s+message:                 # Apple Mail
      | from:\s.+$                                   # an Outlook reply header block
      | _{10,}\s*$                                   # Outlook's line before the header block
      | --\s*$                                       # the signature delimiter
    )""",
    re.IGNORECASE | re.VERBOSE,
)


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
    msg = email.message_from_bytes(raw, policy=email.policy.default)
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
    for line in text.splitlines():
        stripped = line.strip()
        if _CUT.match(stripped):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()
