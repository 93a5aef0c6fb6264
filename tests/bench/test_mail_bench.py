"""The mail benchmark's generator (bench/mail.py) writes a readable, seeded mailbox.

No timing here: only that the synthetic mbox and Maildir hold the count asked for,
parse, are the same bytes for the same seed, and give goodterms' mail importer
personal mail, threads, bulk mail and something for detection to find.
"""

from __future__ import annotations

import email
import email.policy
import importlib.util
import mailbox
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    name = "goodterms_bench_mail"
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(ROOT / "bench"))  # bench/mail.py imports bench/journal_io.py
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "mail.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _load()
COUNT = 300


def test_the_mbox_has_the_count_and_parses(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.mbox"
    assert bench.write_mbox(path, COUNT, seed=3) == COUNT
    messages = list(mailbox.mbox(path, create=False))
    assert len(messages) == COUNT
    kinds: Counter[str] = Counter()
    for message in messages:
        parsed = email.message_from_bytes(message.as_bytes(unixfrom=False),
                                          policy=email.policy.default)
        assert parsed["From"] and parsed["Date"] and parsed["Subject"] is not None
        assert parsed.get_body(preferencelist=("plain", "html")) is not None
        kinds[parsed.get_content_type()] += 1
        if parsed["In-Reply-To"]:
            kinds["reply"] += 1
        if parsed["List-Id"]:
            kinds["list"] += 1
    assert kinds["text/plain"] and kinds["multipart/alternative"] and kinds["multipart/mixed"]
    assert kinds["reply"] and kinds["list"]


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    one, two, other = tmp_path / "1.mbox", tmp_path / "2.mbox", tmp_path / "3.mbox"
    bench.write_mbox(one, 50, seed=3)
    bench.write_mbox(two, 50, seed=3)
    bench.write_mbox(other, 50, seed=4)
    assert one.read_bytes() == two.read_bytes() != other.read_bytes()


def test_the_maildir_holds_the_same_messages(tmp_path: Path) -> None:
    assert bench.write_maildir(tmp_path / "mail", 80, seed=3) == 80
    files = sorted((tmp_path / "mail").glob("**/cur/*"))
    assert len(files) == 80
    assert list((tmp_path / "mail" / ".Sent" / "cur").iterdir())  # my mail in Maildir++ Sent
    assert {f.read_bytes() for f in files} == set(bench.messages(80, seed=3))


def test_goodterms_finds_personal_mail_and_acts_in_it(tmp_path: Path) -> None:
    from goodterms.importers.mail import MboxImporter
    from goodterms.importers.records import Detected, Event, Me, Skipped

    path = tmp_path / "synthetic.mbox"
    bench.write_mbox(path, COUNT, seed=3)
    records = list(MboxImporter().records(path, UTC, Me(("Alex Morgan",), bench.OWNER_EMAILS),
                                          until=datetime(2026, 11, 20, 9, tzinfo=UTC)))
    events = [r for r in records if isinstance(r, Event)]
    skipped = [r for r in records if isinstance(r, Skipped)]
    acts = Counter(r.act for r in records if isinstance(r, Detected))
    assert len(events) + len(skipped) == COUNT
    assert {e.direction for e in events} == {"in", "out"}
    assert any(e.thread for e in events)
    assert any("mailing-list" in s.reason for s in skipped)
    assert acts["thanks"] and acts["request"]
