"""The journal importer: JSON Lines as JOURNAL.md defines them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from goodterms.journal import Line, LineError, LineProblem, parse_line

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

    def read(self, path: Path, tz: ZoneInfo) -> Callable[[], Iterator[Line | LineProblem]]:
        def open_lines() -> Iterator[Line | LineProblem]:
            yield from read_journal(path, tz)

        return open_lines


def read_journal(path: Path, tz: ZoneInfo) -> Iterator[Line | LineProblem]:
    """Each non-blank line of the file, checked, or the reason it is refused."""
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
