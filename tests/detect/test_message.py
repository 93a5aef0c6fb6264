"""Finding the new text of a message before detection."""

from __future__ import annotations

import email
import email.message
import email.policy
import re

import pytest

from goodterms.detect import message
from goodterms.detect.message import body_text, looks_like_message, new_text

REPLY = b"""From: Ana Bell <ana.bell@example.org>\r
To: Sam Rivera <sam.rivera@example.com>\r
Subject: Re: intro\r
Message-ID: <1@example.org>\r
Content-Type: text/plain; charset=utf-8\r
\r
Thank you so much for the introduction to Dana!\r
\r
Best,\r
Ana\r
-- \r
Ana Bell | Let me know if I can help with anything\r
\r
On Tue, 3 Nov 2026 at 10:00, Sam Rivera <sam.rivera@example.com> wrote:\r
> Could you review my resume?\r
"""


def test_it_tells_a_message_from_plain_text():
    assert looks_like_message(REPLY)
    assert not looks_like_message(b"Thanks a lot for the coffee yesterday!\n")
    assert not looks_like_message(b"Note: call Ana\nTodo: send CV\n")


def test_it_keeps_only_what_the_writer_wrote_now():
    text = new_text(body_text(REPLY))
    assert text.startswith("Thank you so much for the introduction to Dana!")
    assert "Could you review" not in text
    assert "Let me know if I can help" not in text


def test_it_cuts_outlook_and_forwarded_parts():
    outlook = "Sure, I'll send it Friday.\n\n-----Original Message-----\nFrom: Ana\nThanks!"
    assert new_text(outlook) == "Sure, I'll send it Friday."
    forward = "See below.\n---------- Forwarded message ---------\nPlease help me"
    assert new_text(forward) == "See below."


def test_it_reads_html_only_messages():
    raw = (b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n"
           b"Content-Type: text/html; charset=utf-8\r\n\r\n"
           b"<p>Thanks for your help!</p><style>p{}</style><div>Could you call me?</div>")
    text = new_text(body_text(raw))
    assert "Thanks for your help!" in text and "Could you call me?" in text and "<" not in text


def test_it_cuts_lotus_notes_forwards_and_reply_blocks():
    forward = ("Anybody at the CFTC we want to send brochures to?\n"
               "---------------------- Forwarded by Steven J Kean/HOU/EES on 09/08/99 05:24\n"
               "PM ---------------------------\n\nDavid Forster@ECT\n09/07/99 12:44 PM\n"
               "To: Steven J Kean/HOU/EES@EES\ncc:\nSubject: EnronOnline\n\nCould you confirm?")
    assert new_text(forward) == "Anybody at the CFTC we want to send brochures to?"
    reply = ("Yes, thanks.\n\n\nDavid Haug@ENRON_DEVELOPMENT\n09/01/2000 10:30 PM\n"
             "To: Steven J Kean/NA/Enron@Enron\ncc:\n\nSubject: The Summit\n\nPlease come.")
    assert new_text(reply) == "Yes, thanks."
    on = ('See below.\n\nDaniel Yergin <DanielYergin@CERA.com> on 08/31/2000 03:14:59 PM\n'
          'To: "David.Haug@Enron.com"\ncc:\nSubject: x\n\nWe hope you can join us.')
    assert new_text(on) == "See below."
    block = "Will do.\n\nTo: Ana Bell\ncc: Tom\nSubject: Re: plan\n\nCan you send it?"
    assert new_text(block) == "Will do."
    assert new_text("To: all staff, the office closes at 5.\nEnjoy.") != ""


def test_it_cuts_disclaimers_and_drops_boxes_and_attachment_notes():
    text = ("Let me know if you have any questions.\n\n(See attached file: 10209 zxd414.ppt)\n"
            "+-------------------------------------------------------------+\n"
            "| This message may contain confidential and/or privileged     |\n"
            "| information.  Thank you for your cooperation.               |\n"
            "+-------------------------------------------------------------+\n")
    assert new_text(text) == "Let me know if you have any questions."
    enron = ("Call me.\n\n**********************************************************\n"
             "This e-mail is the property of Enron Corp. and/or its relevant affiliate and "
             "may contain confidential and privileged material.")
    assert "property of Enron" not in new_text(enron)
    error = "Thanks!\nIf you have received this communication in error, please notify us."
    assert new_text(error) == "Thanks!"


def test_it_keeps_answers_written_between_quotes():
    inline = ("On Fri, Mar 22, 2019 at 6:28 AM Vissarion Fisikopoulos\n"
              "<fisikop at gmail.com> wrote:\n> Can you check it?\n\nThank you very much, Ralf!\n"
              "\n> And the other one?\nYes, pushed.")
    text = new_text(inline)
    assert "Thank you very much, Ralf!" in text and "Yes, pushed." in text
    assert "wrote" not in text and "Can you check" not in text
    top = "Sure, Friday works.\n\nOn Tue, 3 Nov 2026, Ana wrote:\nCould you come Friday?"
    assert new_text(top) == "Sure, Friday works."
    wrapped = "Agreed.\n\nOn 18/05/2019 3:42 p.m., Roy Mendelssohn - NOAA Federal via\n" \
              "R-package-devel wrote:\nplease see the log"
    assert new_text(wrapped) == "Agreed."
    notes = "Fixed.\n\nSteve French <smfrench@gmail.com> wrote on 06/25/2010 04:05:30 PM:\nHi"
    assert new_text(notes) == "Fixed."


def test_it_cuts_a_patch():
    text = ("Here is the fix, please review.\n\ndiff --git a/x.c b/x.c\nindex 1..2 100644\n"
            "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n-int a;\n+int b; /* could you? */\n")
    assert new_text(text) == "Here is the fix, please review."


# body_text takes shortcuts around the standard library's parser (only the Content-*
# header fields, a single-part body taken whole, a long multipart read in part first):
# these messages check it still picks and decodes what `get_body`/`get_content` would.

def _reference_body_text(raw: bytes) -> str:
    """body_text as the plain use of the standard library gives it."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", " ", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = re.sub(r"<[^>]+>", " ", content)
    return content


_HEAD = (b"From nobody Mon Jan  1 00:00:00 2024\nReceived: from x\n\tby y\nFrom: a@example.org\n"
         b"Subject: t\nMIME-Version: 1.0\n")
_PLAIN = b"Content-Type: text/plain; charset=utf-8\n\nthe plain caf\xc3\xa9\n"
_HTML = b"Content-Type: text/html; charset=utf-8\n\n<p>the html</p><style>p{}</style>\n"
_ATTACHMENT = (b"Content-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n"
               b"Content-Transfer-Encoding: base64\n\n" + b"QUJDRA==\n" * 2000)


def _multipart(subtype: bytes, parts: list[bytes], boundary: bytes = b"=_b-1",
               params: bytes = b"") -> bytes:
    body = b"".join(b"--" + boundary + b"\n" + part for part in parts)
    return (b"Content-Type: multipart/" + subtype + b"; boundary=\"" + boundary + b"\"" + params
            + b"\n\npreamble\n" + body + b"--" + boundary + b"--\nepilogue\n")


TRICKY = {
    "single part, many headers, From_ line": _HEAD + _PLAIN,
    "single part, CRLF": (_HEAD + _PLAIN).replace(b"\n", b"\r\n"),
    "quoted-printable, latin-1": _HEAD + b"Content-Type: text/plain; charset=iso-8859-1\n"
        b"Content-Transfer-Encoding: quoted-printable\n\ncaf=E9 =\nau lait\n",
    "base64 with garbage": _HEAD + b"Content-Type: text/plain\n"
        b"Content-Transfer-Encoding: base64\n\n!aGk=!\n",
    "unknown charset": _HEAD + b"Content-Type: text/plain; charset=x-unknown\n\ncaf\xc3\xa9\n",
    "lying charset": _HEAD + b"Content-Type: text/plain; charset=us-ascii\n\ncaf\xc3\xa9\n",
    "RFC 2231 charset": _HEAD + b"Content-Type: text/plain; charset*=utf-8''utf-8\n\ncaf\xc3\xa9\n",
    "lowercase, folded header": _HEAD + b"content-type: text/plain;\n\tcharset=\"utf-8\"\n\n"
        b"caf\xc3\xa9\n",
    "header line that is not a header": _HEAD + b"Content-Type: text/html\nnot a header\n\n"
        b"<b>x</b>\n",
    "two Content-Types": _HEAD + b"Content-Type: text/html\nContent-Type: text/plain\n\n<b>x</b>\n",
    "no blank line": _HEAD + b"Content-Type: text/plain",
    "attachment only": _HEAD + b"Content-Type: text/plain\nContent-Disposition: attachment\n\nx\n",
    "alternative, long attachment after": _HEAD + _multipart(
        b"mixed", [_multipart(b"alternative", [_PLAIN, _HTML], b"alt"), _ATTACHMENT]),
    "html, then a long attachment, then plain": _HEAD + _multipart(
        b"mixed", [_HTML, _ATTACHMENT, _PLAIN]),
    "html only, long attachment": _HEAD + _multipart(b"mixed", [_HTML, _ATTACHMENT]),
    "text attachment first": _HEAD + _multipart(
        b"mixed", [b"Content-Type: text/plain\nContent-Disposition: attachment\n\nnot me\n",
                   _ATTACHMENT, _HTML]),
    "long plain part": _HEAD + _multipart(
        b"mixed", [b"Content-Type: text/plain\n\n" + b"a long line\n" * 2000, _HTML]),
    "truncated in the plain part": (_HEAD + _multipart(
        b"mixed", [b"Content-Type: text/plain\n\n" + b"a long line\n" * 2000, _HTML]))[:12000],
    "related with a start part": _HEAD + _multipart(
        b"related", [b"Content-Type: text/plain\nContent-ID: <a>\n\nfirst\n", _ATTACHMENT,
                     b"Content-Type: text/plain\nContent-ID: <b>\n\nthe start\n"],
        params=b"; start=\"<b>\""),
    "boundary with tspecials, unquoted": _HEAD + _multipart(
        b"mixed", [_PLAIN, _ATTACHMENT], b"a.b+c").replace(b"\"a.b+c\"", b"a.b+c"),
    "boundary with =, unquoted (not a token)": _HEAD + _multipart(
        b"alternative", [_HTML, _PLAIN], b"----=_Part").replace(b"\"----=_Part\"", b"----=_Part"),
    "RFC 2231 boundary": _HEAD + _multipart(b"alternative", [_HTML, _PLAIN], b"xyz")
        .replace(b"boundary=\"xyz\"", b"boundary*=''xyz"),
    "nested multipart without a boundary": _HEAD + _multipart(
        b"mixed", [b"Content-Type: multipart/alternative\n\n", _ATTACHMENT, _PLAIN]),
    "message/rfc822 first": _HEAD + _multipart(
        b"mixed", [b"Content-Type: message/rfc822\n\nContent-Type: text/plain\n\nfwd\n",
                   _ATTACHMENT, _HTML]),
}


@pytest.mark.parametrize("name", TRICKY)
def test_it_reads_a_body_as_the_standard_library_does(name):
    raw = TRICKY[name]
    assert body_text(raw) == _reference_body_text(raw)


def test_it_prefers_plain_text_and_skips_attachments():
    assert body_text(TRICKY["alternative, long attachment after"]).strip() == "the plain café"
    assert body_text(TRICKY["html, then a long attachment, then plain"]).strip() == "the plain café"
    assert body_text(TRICKY["html only, long attachment"]).split() == ["the", "html"]
    assert body_text(TRICKY["text attachment first"]).split() == ["the", "html"]
    assert body_text(TRICKY["related with a start part"]).strip() == "the start"
    assert body_text(TRICKY["unknown charset"]) == "café\n"
    assert body_text(TRICKY["attachment only"]) == ""


@pytest.mark.parametrize("value", [
    'multipart/mixed; boundary="=-=-=_0_x-alt"', "multipart/mixed;\n\tboundary=a.b+c",
    'multipart/related; type="text/html"; boundary="b"; start="<a@b>"',
    "multipart/mixed; boundary=----=_NextPart_0", 'multipart/mixed; boundary="a b"',
    "multipart/mixed; BOUNDARY=x", "multipart/mixed; boundary*=''x",
    'multipart/mixed; boundary="a\\b"',
    'multipart/mixed (c); boundary="x"', 'multipart/mixed; boundary="x"; boundary="y"',
])
def test_a_content_type_reads_as_the_standard_library_parses_it(value):
    expected = str(email.policy.default.header_fetch_parse("Content-Type", value))
    assert str(message._content_type("Content-Type", value)) == expected
