"""The journal importer: JSON Lines as JOURNAL.md defines them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from goodterms.journal import Line, LineError, LineProblem, LineSource, parse_line

MAX_LINE_BYTES = 4 * 1024 * 1024


class JournalImporter:
    name = "journal"
    description = "goodterms journal (JSON Lines, one event a line)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".journal"):
            return True
        for raw in head.splitlines()[:5]:
            text = raw.strip().lstrip(b"\xef\xbb\xbf")
            if not text:
                continue
            try:
                obj = json.loads(text)
            except ValueError:
                return False
            return isinstance(obj, dict) and "type" in obj
        return False

    def read(self, path: Path, tz: ZoneInfo) -> LineSource:
        def open_lines(wanted: Callable[[int], bool] | None = None
                       ) -> Iterator[Line | LineProblem]:
            yield from read_journal(path, tz, wanted)

        return open_lines


def read_journal(path: Path, tz: ZoneInfo, wanted: Callable[[int], bool] | None = None
                 ) -> Iterator[Line | LineProblem]:
    """Each non-blank line of the file, checked, or the reason it is refused.

    With `wanted`, lines whose number it rejects are not even parsed.
    """
    with path.open("rb") as stream:
        number = 0
        while True:
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                # Skip the rest of an absurdly long line, then refuse it.
                while raw and not raw.endswith(b"\n"):
                    raw = stream.readline(MAX_LINE_BYTES)
                yield LineProblem(number, f"line longer than {MAX_LINE_BYTES // 2**20} MB")
                continue
            if wanted is not None and not wanted(number):
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield LineProblem(number, f"not UTF-8 text (byte {exc.start + 1})")
                continue
            try:
                line = parse_line(text, tz, number)
            except LineError as exc:
                yield LineProblem(number, str(exc))
                continue
            if line is not None:
                yield line
