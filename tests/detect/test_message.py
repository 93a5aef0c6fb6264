"""Finding the new text of a message before detection."""

from __future__ import annotations

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
