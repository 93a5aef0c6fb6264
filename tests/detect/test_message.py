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
