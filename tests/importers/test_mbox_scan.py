"""The mbox scanner and body reader, which search blocks of the file, find exactly what
reading it line by line finds.

The oracle is the plain line-by-line reading below (the importer's earlier code,
kept as simple as it goes): every message's `_Raw` (number, header bytes, body
offset, problem and its wording) and every body must come out the same, for
generated files full of separators, blank lines, "\\r" and "\\n" in every mix and
lines longer than CHUNK, read with small blocks and pieces so that every kind of
boundary is crossed, and for the real Mailman archives in ../shared/data/mail.
"""

from __future__ import annotations

import errno
import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodterms.errors import BadInput
from goodterms.importers import mail
from goodterms.importers.mail import _mbox_messages, _MboxBody, _Raw

REAL = Path(__file__).parents[3] / "shared" / "data" / "mail" / "r-package-devel"
BLANK = (b"\n", b"\r\n", b"\r")


# The oracle ----------------------------------------------------------------------------


def reference_messages(f: BinaryIO) -> Iterator[_Raw]:
    """The header blocks, reading the file with `readline(CHUNK)`: a long line comes in
    pieces, and a piece after one that ends in "\\r" counts as starting a line."""
    chunk, limit = mail.CHUNK, mail.MAX_HEADER_BYTES
    number = size = 0
    header: list[bytes] | None = None  # None: in a body, or before the first message
    previous_blank = True
    at_line_start = True
    while True:
        try:
            piece = f.readline(chunk)
        except OSError as exc:
            yield _Raw(number + 1, "", b"", f"the file cannot be read further ({exc.strerror})")
            return
        if not piece:
            break
        starts_line = at_line_start
        at_line_start = piece.endswith((b"\n", b"\r"))
        if starts_line and previous_blank and mail._SEPARATOR.match(piece):
            assert header is None  # a blank line always ends a header block first
            number += 1
            header, size, previous_blank = [], 0, False
            continue
        previous_blank = starts_line and piece in BLANK
        if header is None:
            continue
        if previous_blank:
            yield _Raw(number, "", b"".join(header), offset=f.tell())
            header = None
        elif size + len(piece) > limit:
            yield _Raw(number, "", b"", "headers too long (over 1 MiB): no message")
            header = None
        else:
            header.append(piece)
            size += len(piece)
    if header is not None:
        yield _Raw(number, "", b"", "cut short: the file ends inside the message's headers")


def reference_body(data: bytes, offset: int) -> bytes:
    """The body from `offset`: pieces up to a separator after a blank piece, until
    BODY_BYTES or more are read."""
    if offset < 0:
        return b""
    f = io.BytesIO(data)
    f.seek(offset)
    pieces: list[bytes] = []
    previous_blank = False
    while sum(map(len, pieces)) < mail.BODY_BYTES:
        piece = f.readline(mail.CHUNK)
        if not piece or (previous_blank and mail._SEPARATOR.match(piece)):
            break
        previous_blank = piece in BLANK
        pieces.append(piece)
    return b"".join(pieces)


# Helpers -------------------------------------------------------------------------------


@contextmanager
def sizes(**values: int) -> Iterator[None]:
    """The module's sizes set for a while (CHUNK=..., MBOX_BLOCK=..., READ=...)."""
    owners = {name: (_MboxBody if name == "READ" else mail) for name in values}
    old = {name: getattr(owners[name], name) for name in values}
    try:
        for name, value in values.items():
            setattr(owners[name], name, value)
        yield
    finally:
        for name, value in old.items():
            setattr(owners[name], name, value)


def assert_same(path: Path, data: bytes | None = None, offsets: list[int] | None = None
                ) -> list[_Raw]:
    """The file's raws and bodies, both ways, are the same; returns the raws."""
    data = path.read_bytes() if data is None else data
    expected = list(reference_messages(io.BytesIO(data)))
    raws = list(_mbox_messages(path))
    assert raws == expected
    body = _MboxBody(path)
    wanted = [reference_body(data, raw.offset) for raw in raws]
    assert list(body.each(raws)) == wanted
    assert [body(raw) for raw in raws] == wanted
    if offsets:  # bodies read from anywhere, in any order
        odd = [_Raw(1, "", b"", offset=o) for o in offsets]
        assert list(body.each(odd)) == [reference_body(data, o) for o in offsets]
        assert [body(raw) for raw in odd] == [reference_body(data, o) for o in offsets]
    return raws


@contextmanager
def written(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "box.mbox"
        path.write_bytes(data)
        yield path


# Generated files -----------------------------------------------------------------------

# Bits that, glued together in any order, make every case: separators (with and without
# a time, split or not by a small CHUNK), blank lines of each kind, ">From " escapes,
# "\r" alone, long runs without a line end.
BITS = [b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n", b"From a 1:11", b"From b Sat Jan  2 20:39:58",
        b"From nobody", b"From x 12:3", b">From c 1:11", b"1:11", b"From ", b"Subject: s",
        b"x", b"xxxxxxxxxxxx", b" ", b"\n\r", b"\r\r\n"]

fragments = st.lists(st.sampled_from(BITS) | st.binary(max_size=3), max_size=60).map(b"".join)


@st.composite
def mailboxes(draw: Any) -> bytes:
    """Mbox-like files: messages of header lines and body lines, with a chosen line end
    per line, body lines that look like separators, long lines, a torn end."""
    ends = st.sampled_from([b"\n", b"\r\n", b"\r", b"", b"\r\r\n"])
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        lines.append(draw(st.sampled_from([b"From a@b.c Mon Jan  1 10:00:00 2024",
                                           b"From a 1:11", b"From x"])))
        for _ in range(draw(st.integers(0, 4))):
            lines.append(draw(st.sampled_from([b"Subject: hi", b"To: a@b.c", b"X: " + b"y" * 40,
                                               b"\tfolded"])))
        if draw(st.booleans()):
            lines.append(b"")
        for _ in range(draw(st.integers(0, 5))):
            lines.append(draw(st.sampled_from([b"", b"text", b"From here on", b">From a 1:11",
                                               b"From b 2:22", b"z" * draw(st.integers(0, 90)),
                                               b"\r" * draw(st.integers(1, 3))])))
    return b"".join(line + draw(ends) if draw(st.integers(0, 9)) else line + b"\n"
                    for line in lines) + draw(st.sampled_from([b"", b"From a 1:11", b"\r"]))


# Sizes: small ones, so that lines are cut into pieces and blocks cut everything, or the
# real ones.
shapes = st.fixed_dictionaries({
    "CHUNK": st.integers(2, 48),
    "MBOX_BLOCK": st.integers(1, 64) | st.just(mail.MBOX_BLOCK),
    "MAX_HEADER_BYTES": st.integers(1, 120) | st.just(mail.MAX_HEADER_BYTES),
    "BODY_BYTES": st.integers(1, 100) | st.just(mail.BODY_BYTES),
    "READ": st.integers(1, 40) | st.just(_MboxBody.READ),
})
examples = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@examples
@given(data=fragments, shape=shapes, offsets=st.lists(st.integers(0, 600), max_size=6))
def test_random_bytes_read_the_same(data: bytes, shape: dict[str, int],
                                    offsets: list[int]) -> None:
    with sizes(**shape), written(data) as path:
        assert_same(path, data, [o for o in offsets if o <= len(data) + 2])


@examples
@given(data=mailboxes(), shape=shapes, offsets=st.lists(st.integers(0, 900), max_size=6))
def test_generated_mailboxes_read_the_same(data: bytes, shape: dict[str, int],
                                           offsets: list[int]) -> None:
    with sizes(**shape), written(data) as path:
        assert_same(path, data, offsets)


@settings(max_examples=60, deadline=None)
@given(data=mailboxes(), chunk=st.integers(9, 30), block=st.integers(1, 300))
def test_the_usual_sizes_of_lines_but_small_blocks(data: bytes, chunk: int, block: int) -> None:
    # Real MAX_HEADER_BYTES and BODY_BYTES: only the blocks and the pieces are small.
    with sizes(CHUNK=chunk, MBOX_BLOCK=block, READ=block), written(data) as path:
        assert_same(path, data)


# Cases written out ---------------------------------------------------------------------

SEP = b"From a@b.c Mon Jan  1 10:00:00 2024"


@pytest.mark.parametrize("data", [
    b"",
    SEP,
    SEP + b"\n",
    SEP + b"\nSubject: a\n",  # the file ends inside the headers
    SEP + b"\nSubject: a\n\r",  # ...but a last line "\r" is blank
    SEP + b"\r\nSubject: a\r\n\r\nbody\r\n\r\n" + SEP + b"\r\nSubject: b\r\n\r\nend",
    SEP + b"\nSubject: a\n\nFrom here on\nFrom b 1:11\n\n>From c 1:11\n\n" + SEP + b"\n\n",
    b"junk first\n\n" + SEP + b"\nSubject: a\n\n",
    b"\n" + SEP + b"\nSubject: a\n\nx",
    SEP + b"\n\n" + SEP + b"\n\n",  # empty header blocks and bodies
])
def test_written_out_cases(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(data)
    for block in (1, 7, 1024 * 1024):
        with sizes(MBOX_BLOCK=block, READ=block):
            assert_same(path, data)


def test_lines_longer_than_chunk(tmp_path: Path) -> None:
    # Real sizes: a separator line, a header line and body lines over 64 KiB, and a
    # "\r" just before a 64 KiB cut that makes the next piece start a line.
    chunk = mail.CHUNK
    long_separator = SEP + b" " + b"x" * chunk + b"\n"
    cut_cr = b"y" * (chunk - 1) + b"\r" + b"\n"  # its "\n" is a blank line to readline
    data = (long_separator + b"Subject: a\n\n" + b"z" * (3 * chunk) + b"\n\n"
            + SEP + b"\nX: " + b"h" * (2 * chunk) + b"\n\nbody\n" + cut_cr + SEP + b"\n"
            + cut_cr + b"\n" + SEP + b"\nSubject: b\n\n" + cut_cr * 3
            # A separator line cut right after a "\r": its "\n" ends the headers.
            + b"\n" + (SEP + b" " + b"s" * chunk)[:chunk - 1] + b"\r\nSubject: c\n\nend\n")
    path = tmp_path / "long.mbox"
    path.write_bytes(data)
    raws = assert_same(path, data, [0, 5, len(data) // 2])
    assert len(raws) == 5  # the messages after "...\r\n" lines are found
    assert raws[-1].header == b""


def test_headers_over_the_limit(tmp_path: Path) -> None:
    data = (SEP + b"\n" + b"X: y\n" * (mail.MAX_HEADER_BYTES // 5 + 1) + b"\nbody\n\n"
            + SEP + b"\nSubject: b\n\nend\n")
    path = tmp_path / "big.mbox"
    path.write_bytes(data)
    raws = assert_same(path, data)
    assert [r.problem for r in raws] == ["headers too long (over 1 MiB): no message", None]


def test_a_body_is_read_up_to_body_bytes_at_a_line_end(tmp_path: Path) -> None:
    line = b"b" * 999 + b"\n"
    data = SEP + b"\nSubject: a\n\n" + line * 200 + b"\n" + SEP + b"\n\n"
    path = tmp_path / "box.mbox"
    path.write_bytes(data)
    raws = assert_same(path, data)
    assert len(mail._MboxBody(path)(raws[0])) == (mail.BODY_BYTES // 1000 + 1) * 1000


def test_a_file_that_cannot_be_opened_names_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.mbox"
    with pytest.raises(BadInput) as raised:
        list(_mbox_messages(path))
    assert str(path) in str(raised.value)
    assert "cannot be read" in str(raised.value)


class Failing(io.BytesIO):
    """A file that cannot be read past `fail_at` bytes."""

    def __init__(self, data: bytes, fail_at: int) -> None:
        super().__init__(data)
        self.fail_at = fail_at

    def _check(self, size: int | None) -> None:
        if self.tell() + (size if size is not None and size >= 0 else 1 << 40) > self.fail_at:
            raise OSError(errno.EIO, "Input/output error")

    def read(self, size: int | None = -1, /) -> bytes:
        self._check(size)
        return super().read(size)

    def readline(self, size: int | None = -1, /) -> bytes:
        self._check(size)
        return super().readline(size)


@pytest.mark.parametrize("fail_at", [0, 10, 100, 1000])
def test_a_read_error_ends_the_messages_with_a_problem(
        fail_at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = SEP + b"\nSubject: a\n\nbody\n\n"
    data = message * 20
    path = tmp_path / "box.mbox"
    path.write_bytes(data)
    whole = list(reference_messages(io.BytesIO(data)))
    monkeypatch.setattr(Path, "open", lambda self, mode="r": Failing(data, fail_at))
    with sizes(MBOX_BLOCK=64):
        raws = list(_mbox_messages(path))
    *before, last = raws
    assert before == whole[:len(before)]  # what was read is right
    assert last.problem == "the file cannot be read further (Input/output error)"
    assert last.line in (len(before) + 1, len(before) + 2)  # the next message, or this
    if fail_at == 0:  # line-by-line reading fails the same way right at the start
        assert raws == list(reference_messages(Failing(data, 0)))


# The real mailboxes ----------------------------------------------------------------------

needs_real = pytest.mark.skipif(not REAL.is_dir(),
                                reason="needs ../shared/data/mail (not in a fresh clone)")


@needs_real
@pytest.mark.parametrize("crlf", [False, True])
def test_the_real_mailboxes_read_the_same(crlf: bool, tmp_path: Path) -> None:
    files = sorted(REAL.glob("*.txt"))
    assert files
    found = 0
    for file in files:
        data = file.read_bytes()
        path = file
        if crlf:
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            path = tmp_path / file.name
            path.write_bytes(data)
        found += len(assert_same(path, data))
    assert found > 10_000  # the archive's 11,147 messages, and no fewer


@needs_real
def test_the_real_mailboxes_read_the_same_in_small_blocks() -> None:
    # Blocks and first reads that cut lines, separators and header blocks everywhere.
    for file in sorted(REAL.glob("*.txt"))[:12]:
        with sizes(MBOX_BLOCK=997, READ=61):
            assert_same(file)


# Every small size, exhaustively, where a guard decides between two readings: headers of
# about MAX_HEADER_BYTES, and separator lines that run past the bytes read so far.

@pytest.mark.parametrize("limit", [20, 21, 22])
def test_headers_at_about_the_limit_in_every_block_size(limit: int) -> None:
    for size in range(limit - 3, limit + 4):
        header = b"X: " + b"h" * (size - 4) + b"\n"  # `size` bytes in all
        data = SEP + b"\n" + header + b"\nbody\n\n" + SEP + b"\nY: z\n\nend\n"
        with written(data) as path:
            for block in range(1, 12):
                with sizes(MAX_HEADER_BYTES=limit, MBOX_BLOCK=block, READ=block):
                    raws = assert_same(path, data)
                    assert (raws[0].problem is not None) == (size > limit)


@pytest.mark.parametrize("chunk", [6, 9, 40])
def test_separator_lines_past_what_was_read_in_every_block_size(chunk: int) -> None:
    for extra in (0, 1, 2, 5, 13, 41):
        long_sep = b"From a 1:11" + b" " * extra
        data = (long_sep + b"\nS: a\n\nbody\nFrom x\n\n" + long_sep + b"\r\nS: b\r\n\r\n"
                + b"text\n\n" + long_sep)
        with written(data) as path:
            for block in range(1, 16):
                for body_bytes in (4, 9, 17, 30, 1 << 20):
                    with sizes(CHUNK=chunk, MBOX_BLOCK=block, READ=block,
                               BODY_BYTES=body_bytes):
                        assert_same(path, data, [0, 3, len(data) // 2, len(data) - 3])
