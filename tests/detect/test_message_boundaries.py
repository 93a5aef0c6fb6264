"""Reading a multipart body with a token in place of each boundary.

`message._parse` rewrites the delimiter lines of a message's boundaries to fixed tokens
("goodterms-b0", …), so that the parser compiles the same few regular expressions for
every message. These tests check that it reads every message as the standard library
does (the same parts, headers and payloads, so the same body text), that it parses the
message as it is whenever the rewrite could change something, and that the fast path is
taken at all.
"""

from __future__ import annotations

import email
import email.feedparser
import email.message
import email.policy
import mailbox
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodterms.detect import message
from goodterms.detect.message import body_text
from tests.detect.test_message import _reference_body_text

MAIL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mail"
SETTINGS = settings(max_examples=400, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def _outcome(read: Callable[[bytes], Any], raw: bytes) -> Any:
    """What `read` gives for the message, or the kind of error it raises."""
    try:
        return read(raw)
    except Exception as error:
        return type(error).__name__


def _tree(msg: email.message.Message) -> list[tuple[str, list[tuple[str, Any]], Any]]:
    """Each part's type, header fields and payload (text, or how many parts). Preambles
    and epilogues are left out: nothing reads them, and the fast path may change them."""
    parts = []
    for part in msg.walk():
        payload = getattr(part, "_payload", None)
        parts.append((part.get_content_type(), list(part.raw_items()),
                      payload if isinstance(payload, str) else len(payload or [])))
    return parts


def _stdlib_tree(raw: bytes) -> Any:
    return _tree(email.message_from_bytes(raw, policy=email.policy.default))


def _our_tree(raw: bytes) -> Any:
    return _tree(message._parse(raw))


def _assert_read_as_the_standard_library_does(raw: bytes) -> None:
    assert _outcome(_our_tree, raw) == _outcome(_stdlib_tree, raw)
    assert _outcome(body_text, raw) == _outcome(_reference_body_text, raw)


def _paths(raw: bytes) -> list[str]:
    """The parses `_parse` runs: "fast" with tokens, "plain" with the message as it is."""
    with mock.patch.object(message, "_feed", wraps=message._feed) as feed:
        message._parse(raw)
    return ["fast" if call.args[1].boundary_tokens else "plain" for call in feed.call_args_list]


HEAD = b"From: a@example.org\nSubject: t\nMIME-Version: 1.0\n"
PLAIN = b"Content-Type: text/plain; charset=utf-8\n\nthe plain caf\xc3\xa9\n"
HTML = b"Content-Type: text/html; charset=utf-8\n\n<p>the html</p>\n"
ATTACHMENT = (b"Content-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n"
              b"Content-Transfer-Encoding: base64\n\n" + b"QUJDRA==\n" * 1000)


def multipart(boundary: bytes, *parts: bytes, subtype: bytes = b"mixed",
              param: bytes | None = None, preamble: bytes = b"", epilogue: bytes = b"",
              closing: bytes | None = b"--", delimiter: bytes = b"") -> bytes:
    """A multipart part; `delimiter` follows "--boundary" on each delimiter line, and
    `closing` on the closing one (None: there is none)."""
    param = b'boundary="' + boundary + b'"' if param is None else param
    text = b"Content-Type: multipart/" + subtype + b"; " + param + b"\n\n" + preamble
    for part in parts:
        text += b"--" + boundary + delimiter + b"\n" + part + b"\n"
    if closing is not None:
        text += b"--" + boundary + closing + b"\n" + epilogue
    return text


def fwd(inner: bytes) -> bytes:
    return b"Content-Type: message/rfc822\n\nFrom: b@example.org\nSubject: fwd\n" + inner


ALTERNATIVE = multipart(b"=_alt", PLAIN, HTML, subtype=b"alternative")
# What each message is, and which parses `_parse` runs on it (see `_paths`).
FAST, FALLBACK, PLAIN_ONLY = ["fast"], ["fast", "plain"], ["plain"]
CASES: dict[str, tuple[bytes, list[str]]] = {
    "nested multiparts": (HEAD + multipart(b"=_mixed", ALTERNATIVE, ATTACHMENT), FAST),
    "three levels, html first": (HEAD + multipart(
        b"L0", multipart(b"L1", HTML, multipart(b"L2", ATTACHMENT, PLAIN)), ATTACHMENT), FAST),
    "regex metacharacters in the boundary": (HEAD + multipart(
        b"a.b+c*?(x)[y]{2}|^$", multipart(b"=?+.*", HTML, PLAIN, subtype=b"alternative"),
        ATTACHMENT), FAST),
    "a backslash in the quoted boundary": (HEAD + multipart(b"a\\b", HTML, PLAIN), None),
    "unquoted boundaries": (HEAD + multipart(
        b"a.b+c", multipart(b"x_y", PLAIN, param=b"boundary=x_y"), param=b"boundary=a.b+c"),
        FAST),
    "a folded Content-Type, upper-case BOUNDARY": (HEAD + multipart(
        b"=_up", HTML, PLAIN, param=b'\n\tBOUNDARY="=_up"; charset=x'), FAST),
    "the boundary of a sibling in a text part": (HEAD + multipart(
        b"=_out", b"Content-Type: text/plain\n\nsee:\n--=_in\n--=_in--\nend\n",
        multipart(b"=_in", HTML, PLAIN)), FALLBACK),
    "the boundary of the outer part in a forwarded text": (HEAD + multipart(
        b"=_out", fwd(b"Content-Type: text/plain\n\nquoted:\n--=_out--  \n"), PLAIN), None),
    "a boundary phrase and its lines in a text part": (HEAD + multipart(
        b"=_out", b'Content-Type: text/plain\n\nuse boundary="zz" like this:\n--zz\nx\n--zz--\n',
        HTML), FALLBACK),
    "a delimiter line with the boundary in the text": (HEAD + multipart(
        b"=_b", b"Content-Type: text/plain\n\nline\n --=_b\n--=_bx\n--=_b -\n-=_b\n", HTML),
        FAST),
    "delimiter lines with spaces, tabs and CRLF": ((HEAD + multipart(
        b"=_ws", multipart(b"=_in", PLAIN, HTML, delimiter=b" \t", closing=b"-- \t"),
        ATTACHMENT, delimiter=b"\t", closing=b"--  ")).replace(b"\n", b"\r\n"), FAST),
    "bare CR line ends": ((HEAD + multipart(b"=_cr", ALTERNATIVE, ATTACHMENT))
                          .replace(b"\n", b"\r"), FAST),
    "mixed line ends": (HEAD + multipart(b"=_m", HTML, PLAIN).replace(b"=_m\n", b"=_m\r")
                        .replace(b"=_m--\n", b"=_m--\r\n"), FAST),
    "no closing delimiter": (HEAD + multipart(
        b"=_open", multipart(b"=_inner", HTML, PLAIN, closing=None), closing=None), FAST),
    "no delimiter at all": (HEAD + multipart(b"=_none", closing=None) + PLAIN, FAST),
    "no final line end": (HEAD + multipart(b"=_eof", HTML, PLAIN)[:-1], FAST),
    "two parts sharing one boundary": (HEAD + multipart(
        b"=_same", multipart(b"=_same", HTML, PLAIN), PLAIN), FAST),
    "repeated delimiter lines": (HEAD + multipart(b"=_rep", b"", HTML, PLAIN)
                                 .replace(b"--=_rep\n", b"--=_rep\n--=_rep \n"), FAST),
    "preamble and epilogue": (HEAD + multipart(
        b"=_pe", HTML, PLAIN, preamble=b"This is MIME.\n--=_pe-x\n\n",
        epilogue=b"after\n--=_pe\n--=_pe--\n"), FAST),
    "a boundary that is a prefix of another": (HEAD + multipart(
        b"=_p", multipart(b"=_p-alt", HTML, PLAIN, subtype=b"alternative"), ATTACHMENT), FAST),
    "a boundary that is another plus --": (HEAD + multipart(
        b"=_q", multipart(b"=_q--", HTML, PLAIN, subtype=b"alternative"), ATTACHMENT),
        PLAIN_ONLY),
    "a boundary that is another minus a dash": (HEAD + multipart(
        b"=_r-", multipart(b"=_r", HTML, PLAIN, subtype=b"alternative"), ATTACHMENT), FAST),
    "message/rfc822 with its own multipart": (HEAD + multipart(
        b"=_o", HTML, fwd(multipart(b"=_f", multipart(b"=_fa", PLAIN, HTML), ATTACHMENT))),
        FAST),
    "message/rfc822 reusing the outer boundary": (HEAD + multipart(
        b"=_o", fwd(multipart(b"=_o", PLAIN)), HTML), FAST),
    "a digest": (HEAD + multipart(
        b"=_d", b"From: x\n\nhi\n", b"Content-Type: multipart/alternative; boundary=e\n\n"
        b"--e\n" + PLAIN + b"--e--\n", subtype=b"digest"), FAST),
    "a boundary with a colon": (HEAD + multipart(b"a:b", HTML, PLAIN), PLAIN_ONLY),
    "a boundary with a colon inside another": (HEAD + multipart(
        b"=_out", multipart(b"a:b", HTML, PLAIN)), FALLBACK),
    "an RFC 2231 boundary": (HEAD + multipart(b"xyz", HTML, PLAIN, param=b"boundary*=''xyz"),
                             PLAIN_ONLY),
    "an RFC 2231 boundary beside a plain one": (HEAD + multipart(
        b"xyz", multipart(b"=_in", HTML, PLAIN), param=b"boundary*=''xyz"), FALLBACK),
    "an empty boundary": (HEAD + multipart(b"", HTML, PLAIN), PLAIN_ONLY),
    "the token in the message": (HEAD + multipart(b"goodterms-b0", HTML, PLAIN), PLAIN_ONLY),
    "a delimiter line where a header block is": (HEAD + multipart(
        b"=_h", b"Content-Type: text/plain\n--=_z\n\nx\n", multipart(b"=_z", HTML)), FALLBACK),
    "a long message read in part": (HEAD + multipart(
        b"=_long", multipart(b"=_long-alt", PLAIN, HTML), ATTACHMENT, ATTACHMENT), FAST),
    "a multipart/related start part": (HEAD + multipart(
        b"=_rel", b"Content-Type: text/html\nContent-ID: <a>\n\n<p>a</p>\n",
        b"Content-Type: text/plain\nContent-ID: <b>\n\nthe start\n",
        subtype=b"related", param=b'boundary="=_rel"; start="<b>"'), FAST),
}


@pytest.mark.parametrize("name", CASES)
def test_multiparts_read_as_the_standard_library_reads_them(name: str) -> None:
    raw, paths = CASES[name]
    _assert_read_as_the_standard_library_does(raw)
    if paths is not None:
        assert _paths(raw) == paths


def test_a_boundary_in_a_text_part_is_kept_as_written() -> None:
    raw = CASES["the boundary of a sibling in a text part"][0]
    assert body_text(raw) == "see:\n--=_in\n--=_in--\nend\n"


def test_the_parser_compiles_the_same_few_patterns_for_any_number_of_boundaries() -> None:
    """Without the tokens, the parser compiles a new expression per boundary."""
    messages = [HEAD + multipart(b"=_%d_x" % n, multipart(b"=_%d_x-alt" % n, PLAIN, HTML),
                                 ATTACHMENT) for n in range(300)]
    with mock.patch.object(email.feedparser.re, "compile", wraps=re.compile) as compile_:
        texts = [body_text(raw) for raw in messages]
    assert texts == ["the plain café\n"] * len(messages)
    patterns = {call.args[0] for call in compile_.call_args_list if "(?P<sep>" in call.args[0]}
    assert len(patterns) == 2 and all("goodterms\\-b" in x for x in patterns), patterns


# Generated messages: each uses a few boundaries out of these, some prefixes of others
# ("b", "b-", "b--", "b-alt"), one with a colon, the token itself; text lines and header
# lines that look like their delimiter lines or parameters; any line ends.
BOUNDARIES = ["b", "b-alt", "b--", "b-", "a.b+c*", "x:y", "goodterms-b0"]
DELIMITER_ENDS = ["", "", "", "--", " ", "\t ", "-- \t", "----", "x", "-"]
TEXT_LINES = ["hello", "", "-- ", "From: x", "Content-Type: text/html", "--goodterms-b1"]
HEADER_LINES = ["Content-ID: <a>", "Content-Disposition: inline", "X-Note: --b"]


@st.composite
def parts(draw: st.DrawFn, pool: list[str], depth: int = 0) -> list[str]:
    """The lines of a part (its header block, a blank line, its body)."""
    def some_lines(max_size: int, usual: list[str]) -> list[str]:
        delimiter = st.builds("--{}{}".format, st.sampled_from(pool),
                              st.sampled_from(DELIMITER_ENDS))
        param = st.builds('boundary="{}"'.format, st.sampled_from(pool))
        line = st.one_of(st.sampled_from(usual), delimiter, param, st.just(" --" + pool[0]))
        return draw(st.lists(line, max_size=max_size))

    kinds = ["plain", "html", "octet"] + (["multipart"] * 3 + ["rfc822"] if depth < 3 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "rfc822":
        return ["Content-Type: message/rfc822", "", "Subject: fwd", *draw(parts(pool, depth + 1))]
    if kind != "multipart":
        ctype = {"plain": "text/plain; charset=utf-8", "html": "text/html",
                 "octet": "application/octet-stream"}[kind]
        return [f"Content-Type: {ctype}", *some_lines(1, HEADER_LINES), "",
                *some_lines(4, TEXT_LINES)]
    boundary = draw(st.sampled_from(pool))
    param = draw(st.sampled_from([f'boundary="{boundary}"', f"boundary={boundary}",
                                  f'BOUNDARY="{boundary}"', f"boundary*=''{boundary}"]))
    subtype = draw(st.sampled_from(["mixed", "alternative", "related", "digest"]))
    lines = [f"Content-Type: multipart/{subtype};", f" {param}", *some_lines(1, HEADER_LINES),
             "", *some_lines(2, TEXT_LINES)]  # and a preamble
    for child in draw(st.lists(parts(pool, depth + 1), max_size=3)):
        lines += [f"--{boundary}" + draw(st.sampled_from(DELIMITER_ENDS)), *child]
    if draw(st.booleans()):
        lines.append(f"--{boundary}--" + draw(st.sampled_from(["", " ", "\t"])))
        lines += some_lines(2, TEXT_LINES)  # an epilogue
    return lines


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    pool = draw(st.lists(st.sampled_from(BOUNDARIES), min_size=1, max_size=3, unique=True))
    lines = ["From: a@example.org", "Subject: t", *draw(parts(pool))]
    ends = draw(st.lists(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]),
                         min_size=len(lines), max_size=len(lines)))
    return "".join(line + end for line, end in zip(lines, ends, strict=True)).encode()


@SETTINGS
@given(messages())
def test_generated_multiparts_read_as_the_standard_library_reads_them(raw: bytes) -> None:
    _assert_read_as_the_standard_library_does(raw)


@settings(SETTINGS, max_examples=200)
@given(messages(), st.data())
def test_cut_and_repeated_multiparts_read_as_the_standard_library_reads_them(
        raw: bytes, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    raw = data.draw(st.sampled_from([raw[:start] + raw[end:], raw[:end] + raw[start:],
                                     raw[:start]]))
    _assert_read_as_the_standard_library_does(raw)


def test_delimiter_lines_in_a_preamble_or_epilogue_keep_the_fast_path() -> None:
    """Nothing reads them, so the rewritten lines may stay there."""
    raw = HEAD + multipart(b"b", multipart(b"b-alt", PLAIN, HTML), ATTACHMENT,
                           preamble=b"--b-alt\n", epilogue=b"--b\n")
    assert _paths(raw) == FAST


# Real mail ---------------------------------------------------------------------------


def _real_messages() -> Iterator[tuple[str, bytes]]:
    for path in sorted((MAIL / "enron-berkeley").glob("*.txt")):
        yield str(path), path.read_bytes()
    for folder, _, names in sorted(os.walk(MAIL / "notmuch-corpus")):
        if Path(folder).name in ("cur", "new"):
            for name in sorted(names):
                yield f"{folder}/{name}", (Path(folder) / name).read_bytes()
    for path in sorted((MAIL / "r-package-devel").glob("*.txt")):
        box = mailbox.mbox(path, create=False)
        for key in box.iterkeys():
            yield f"{path}#{key}", box.get_bytes(key)


@pytest.mark.skipif(not MAIL.exists(), reason="needs ../shared/data/mail (not in a fresh clone)")
def test_real_mail_reads_as_the_standard_library_reads_it() -> None:
    seen = multiparts = 0
    for name, raw in _real_messages():
        seen += 1
        assert _outcome(body_text, raw) == _outcome(_reference_body_text, raw), name
        if b"oundary" in raw or b"OUNDARY" in raw:
            multiparts += 1
            assert _outcome(_our_tree, raw) == _outcome(_stdlib_tree, raw), name
    assert seen > 10_000 and multiparts > 10
