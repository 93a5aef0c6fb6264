"""Precision, recall and F1 of the mail detectors on real messages labelled by hand.

    python train/evaluate_mail.py                       # the tables in docs/detection.md
    python train/evaluate_mail.py --split dev --errors  # what the detectors get wrong
    python train/evaluate_mail.py sample --round 2 --texts /tmp/round2.tsv  # the draw
    python train/evaluate_mail.py sample --round 3 --texts /tmp/census.tsv  # the census

The labelled set, ``tests/detect/mail_labelled.tsv``, holds no text: the mail in
``../shared/data/mail`` is other people's (the Enron mail has no licence, the
notmuch corpus is GPL-3, the R list archive has none), so each row names the
message (corpus and file, or "quarter#n" for the n-th message of an mbox) and the
first 12 hex digits of the SHA-1 of the sentence. The sentence is found again by
running the current pipeline (``message.body_text``, ``message.new_text``,
``classifier.split_sentences``) on that message; a labelled sentence the pipeline
no longer produces (now cut as a forward or a disclaimer, or split otherwise)
counts as detected as nothing. Rows may instead carry their ``text`` (the unit
tests do).

How the set was drawn (``sample``, seeded): the population is every sentence the
detectors see (two words or more, each distinct sentence of a corpus once) in all
of enron-berkeley, all of notmuch-corpus and the 2019 quarters of r-package-devel.
Each sentence is put in the first stratum it fits, by what the detectors say, and
a seeded random sample of each stratum is taken (``DRAW``). Round 1 was drawn with
the detectors as they were before this set existed (drawing it again now gives
other rows); its messages are split into ``dev`` and ``test`` by a hash of their
name, and errors were looked at, and rules changed, on ``dev`` only. Round 2
(``fresh``) was drawn with the detectors as they are now, after those changes.
Every row carries its ``weight``, the stratum's size over the number drawn from
it; all figures are weighted, so they estimate what the detectors do on all of
those sentences, not on the enriched sample, and each round (its own sample) gets
its own table.

Round 3 (``census``) is not a sample: it is every sentence of all the shared mail
(every quarter of r-package-devel this time, 12,905 messages in all) that a rule
flags as an offer, an introduction or a favour at the review floor or above. These
acts are rare, and offers and favours are recorded without asking when sure
(``AUTO_ACTS``), so their precision is measured on all of them, not estimated from a
few; every row weighs 1. Only those three acts are reported for it (the census says
nothing of the recall of thank-yous or requests).

Labels are one judgement per sentence, by a person reading it (guidelines in
docs/detection.md); ``part`` is ``new`` when the sentence is the writer's own new
text and ``old`` when it is forwarded text, a header, a disclaimer or a signature
that the cutting missed: an ``old`` sentence shows no act of the writer.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from goodterms.detect.classifier import (  # noqa: E402
    ACTS,
    DEFAULT_FLOOR,
    sentence_acts,
    split_sentences,
)
from goodterms.detect.message import body_text, new_text  # noqa: E402

MAIL = ROOT.parent / "shared" / "data" / "mail"
LABELLED = ROOT / "tests" / "detect" / "mail_labelled.tsv"
APPLY = 0.9  # detect.apply_threshold's default: recorded without asking
REVIEW = DEFAULT_FLOOR  # at or above it, a detection waits in `goodterms review`
SEED = 20261126
COLUMNS = ("corpus", "message", "sha", "stratum", "weight", "split", "part", "labels", "text")
R_QUARTERS = ("2019q1.txt", "2019q2.txt", "2019q3.txt", "2019q4.txt")
# How many sentences each stratum gives, per round and corpus. Round 1 was drawn with
# the detectors as they were before this set existed (strata: the first that fits of
# "rules", "thanks", "request-sure", "request-maybe", "rest"); round 2 with the
# detectors as they are since the changes made on round 1's dev half (strata:
# "sure-other", "sure-thanks", "sure-request", "maybe", "rest").
DRAW = {
    1: {
        "enron-berkeley": {"rules": 40, "thanks": 70, "request-sure": 90, "request-maybe": 50,
                           "rest": 110},
        "notmuch-corpus": {"rules": 20, "thanks": 15, "request-sure": 20, "request-maybe": 10,
                           "rest": 25},
        "r-package-devel": {"rules": 20, "thanks": 15, "request-sure": 20, "request-maybe": 10,
                            "rest": 25},
    },
    2: {
        "enron-berkeley": {"sure-other": 40, "sure-thanks": 40, "sure-request": 70, "maybe": 40,
                           "rest": 50},
        "notmuch-corpus": {"sure-other": 10, "sure-thanks": 10, "sure-request": 20, "maybe": 10,
                           "rest": 15},
        "r-package-devel": {"sure-other": 10, "sure-thanks": 10, "sure-request": 25, "maybe": 15,
                            "rest": 20},
    },
}
RULE_ACTS = ("commitment", "offer", "intro", "favor")
CENSUS_ACTS = ("offer", "intro", "favor")
_MBOX_SEPARATOR = re.compile(rb"^From .*\d\d?:\d\d")


def sha(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]


def split_of(corpus: str, message: str) -> str:
    digest = hashlib.sha1(f"{corpus}/{message}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


# ------------------------------------------------------------- reading the mail

def messages(corpus: str, root: Path = MAIL, every_quarter: bool = False
             ) -> Iterator[tuple[str, bytes]]:
    """(name, raw bytes) of every message of a corpus, in a fixed order: of
    r-package-devel, the 2019 quarters only unless ``every_quarter``."""
    base = root / corpus
    if corpus == "r-package-devel":
        quarters = sorted(p.name for p in base.glob("*.txt")) if every_quarter else R_QUARTERS
        for quarter in quarters:
            yield from mbox_messages(base / quarter, quarter)
        return
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        if path.name in ("COPYING",) or path.suffix == ".md":
            continue
        yield str(path.relative_to(base)), path.read_bytes()


def mbox_messages(path: Path, name: str) -> Iterator[tuple[str, bytes]]:
    """The messages of an mbox as "file#n" (n counted from 1) and their bytes."""
    current: list[bytes] = []
    number = 0
    previous_blank = True
    for line in path.read_bytes().splitlines(keepends=True):
        if previous_blank and _MBOX_SEPARATOR.match(line):
            if current:
                yield f"{name}#{number}", b"".join(current)
            number += 1
            current = []
        elif number:
            current.append(line)
        previous_blank = not line.strip()
    if current:
        yield f"{name}#{number}", b"".join(current)


def sentences_of(raw: bytes) -> list[str]:
    """The sentences the detectors see in one message (as the mail importer cuts it)."""
    try:
        text = new_text(body_text(raw))
    except Exception:  # a broken MIME body: the importer detects nothing in it
        return []
    return split_sentences(text[:20000])


def message_bytes(corpus: str, message: str, root: Path = MAIL) -> bytes:
    if "#" in message:
        name, _, number = message.partition("#")
        for found, raw in mbox_messages(root / corpus / name, name):
            if found == message:
                return raw
        raise KeyError(f"{corpus}/{name} has no message {number}")
    return (root / corpus / message).read_bytes()


# ----------------------------------------------------------------- the set


@dataclass
class Row:
    corpus: str
    message: str
    sha: str
    stratum: str
    weight: float
    split: str
    part: str
    labels: frozenset[str]
    text: str = ""


def read_rows(path: Path) -> list[Row]:
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        for item in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            labels = frozenset(a for a in (item.get("labels") or "-").split(",")
                               if a and a != "-")
            unknown = labels - set(ACTS)
            if unknown:
                raise ValueError(f"unknown act(s) {sorted(unknown)} in {path}")
            rows.append(Row(item["corpus"], item["message"], item["sha"], item["stratum"],
                            float(item["weight"]), item["split"], item["part"] or "new",
                            labels, item.get("text") or ""))
    return rows


def resolve(rows: Sequence[Row], root: Path = MAIL) -> tuple[dict[int, str | None], bool]:
    """Each row's sentence as the pipeline now produces it (None: no longer produced).

    Returns the texts and whether the mail was there to read.
    """
    texts: dict[int, str | None] = {}
    cache: dict[tuple[str, str], dict[str, str]] = {}
    for i, row in enumerate(rows):
        if row.text:
            texts[i] = row.text
            continue
        if not (root / row.corpus).exists():
            return {}, False
        key = (row.corpus, row.message)
        if key not in cache:
            found = sentences_of(message_bytes(row.corpus, row.message, root))
            cache[key] = {sha(s): s for s in found}
        texts[i] = cache[key].get(row.sha)
    return texts, True


@dataclass
class Score:
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    positives: int = 0  # labelled positives (unweighted)
    flagged: int = 0  # rows detected (unweighted)
    right: int = 0  # rows detected and labelled so (unweighted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(rows: Sequence[Row], texts: dict[int, str | None],
             thresholds: Sequence[float] = (APPLY, REVIEW)) -> dict[float, dict[str, Score]]:
    """Weighted scores per threshold and act; an ``old`` row shows no act."""
    result = {t: {act: Score() for act in ACTS} for t in thresholds}
    for i, row in enumerate(rows):
        text = texts.get(i)
        scores = sentence_acts(text) if text else {}
        truth = row.labels if row.part == "new" else frozenset()
        for t in thresholds:
            for act in ACTS:
                s = result[t][act]
                detected = scores.get(act, 0.0) >= t
                s.positives += act in truth
                s.flagged += detected
                if detected and act in truth:
                    s.tp += row.weight
                    s.right += 1
                elif detected:
                    s.fp += row.weight
                elif act in truth:
                    s.fn += row.weight
    return result


def table(result: dict[float, dict[str, Score]], apply: float = APPLY,
          review: float = REVIEW, acts: Sequence[str] = ACTS) -> str:
    """A markdown table: weighted precision, recall and F1 at both thresholds, with the
    unweighted counts (labelled positives; right of detected) to show how few rows
    some figures rest on."""
    lines = [
        f"| act | labelled positives | right / detected ≥ {apply} | precision | recall | F1 "
        f"| right / detected ≥ {review} | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for act in acts:
        a, r = result[apply][act], result[review][act]
        lines.append(f"| {act} | {a.positives} | {a.right} / {a.flagged} | {a.precision:.2f} "
                     f"| {a.recall:.2f} | {a.f1:.2f} | {r.right} / {r.flagged} "
                     f"| {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} |")
    return "\n".join(lines)


# -------------------------------------------------------------- drawing the set

def stratum_of(scores: dict[str, float], round_: int) -> str:
    """The stratum a sentence with these confidences was drawn from, in a round."""
    if round_ == 1:
        if any(scores[a] >= REVIEW for a in RULE_ACTS):
            return "rules"
        if scores["thanks"] >= REVIEW:
            return "thanks"
        if scores["request"] >= APPLY:
            return "request-sure"
        return "request-maybe" if scores["request"] >= REVIEW else "rest"
    if any(scores.get(a, 0.0) >= APPLY for a in RULE_ACTS):
        return "sure-other"
    if scores.get("thanks", 0.0) >= APPLY:
        return "sure-thanks"
    if scores.get("request", 0.0) >= APPLY:
        return "sure-request"
    return "maybe" if any(v >= REVIEW for v in scores.values()) else "rest"


def draw(root: Path = MAIL, seed: int = SEED, round_: int = 2) -> list[tuple[Row, str]]:
    """The stratified, seeded sample of sentences to label (rows without labels).

    Round 1 scored sentences with ``sentence_scores`` (no gate) and the detectors of
    before; drawing it again today gives other rows, as the detectors have changed.
    Round 2 scores them with ``sentence_acts``, as ``detect`` does.
    """
    from goodterms.detect.classifier import sentence_scores

    if round_ == 3:
        return census(root)
    drawn: list[tuple[Row, str]] = []
    for corpus, sizes in DRAW[round_].items():
        strata: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for name, sentence in population(corpus, root):
            scores = sentence_scores(sentence) if round_ == 1 else sentence_acts(sentence)
            strata[stratum_of(scores, round_)].append((name, sentence))
        rng = random.Random(f"{seed}/{corpus}" if round_ == 1 else f"{seed}/{round_}/{corpus}")
        for stratum, want in sizes.items():
            group = strata.get(stratum, [])
            taken = rng.sample(group, min(want, len(group)))
            weight = round(len(group) / len(taken), 4) if taken else 0.0
            for name, sentence in taken:
                split = split_of(corpus, name) if round_ == 1 else "fresh"
                drawn.append((Row(corpus, name, sha(sentence), stratum, weight, split, "new",
                                  frozenset()), sentence))
    return drawn


def census(root: Path = MAIL) -> list[tuple[Row, str]]:
    """Round 3: every distinct sentence of every corpus (every quarter) that a rule
    flags as an offer, an introduction or a favour at the review floor or above."""
    found: list[tuple[Row, str]] = []
    for corpus in DRAW[2]:
        for name, sentence in population(corpus, root, every_quarter=True):
            scores = sentence_acts(sentence)
            if any(scores.get(a, 0.0) >= REVIEW for a in CENSUS_ACTS):
                found.append((Row(corpus, name, sha(sentence), "census", 1.0, "census",
                                  "new", frozenset()), sentence))
    return found


def population(corpus: str, root: Path = MAIL, every_quarter: bool = False
               ) -> Iterator[tuple[str, str]]:
    """(message, sentence) for each sentence the detectors see in a corpus that has two
    words or more, each distinct sentence once (where it first appears)."""
    seen: set[str] = set()
    for name, raw in messages(corpus, root, every_quarter):
        for sentence in sentences_of(raw):
            if sentence in seen or len(re.findall(r"[^\W\d_]{2,}", sentence)) < 2:
                continue
            seen.add(sentence)
            yield name, sentence


def write_rows(path: Path, rows: Sequence[Row], with_text: bool = False) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            labels = ",".join(a for a in ACTS if a in row.labels) or "-"
            text = re.sub(r"\s+", " ", row.text) if with_text else ""
            f.write("\t".join([row.corpus, row.message, row.sha, row.stratum, f"{row.weight:g}",
                               row.split, row.part, labels, text]) + "\n")


# ------------------------------------------------------------------------ main

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=("evaluate", "sample"), default="evaluate")
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--mail", type=Path, default=MAIL)
    parser.add_argument("--split", choices=("round1", "dev", "test", "fresh", "census"),
                        action="append",
                        help="which rows: round 1 (its dev or test half), round 2 (fresh) or "
                        "round 3 (census); each is its own sample, so each gets its own table "
                        "(default: round1, fresh and census)")
    parser.add_argument("--round", type=int, choices=(1, 2, 3), default=2,
                        help="sample: which round's design to draw")
    parser.add_argument("--errors", action="store_true",
                        help="list the sentences detected wrongly (at the review threshold)")
    parser.add_argument("--texts", type=Path, help="sample: where to write the drawn sentences "
                        "with their text (outside the repository)")
    args = parser.parse_args(argv)

    if args.command == "sample":
        if args.texts is None:
            parser.error("sample needs --texts")
        rows = []
        for row, text in draw(args.mail, round_=args.round):
            row.text = text
            rows.append(row)
        write_rows(args.texts, rows, with_text=True)
        print(f"wrote {len(rows)} sentences to {args.texts}")
        return 0

    every = read_rows(args.labelled)
    for name in args.split or ["round1", "fresh", "census"]:
        wanted = ("dev", "test") if name == "round1" else (name,)
        rows = [r for r in every if r.split in wanted]
        texts, found = resolve(rows, args.mail)
        if not found:
            print(f"the mail is not there ({args.mail}); nothing to evaluate", file=sys.stderr)
            return 1
        report(name, rows, texts, errors=args.errors,
               acts=CENSUS_ACTS if name == "census" else ACTS)
    return 0


def report(name: str, rows: Sequence[Row], texts: dict[int, str | None],
           errors: bool = False, acts: Sequence[str] = ACTS) -> None:
    gone = [r for i, r in enumerate(rows) if texts.get(i) is None]
    print(f"{name}: {len(rows)} labelled sentences; "
          f"{len(gone)} no longer produced by the pipeline "
          f"({sum(r.part == 'new' for r in gone)} of them the writer's new text)\n")
    print(table(evaluate(rows, texts), acts=acts))
    if name == "census":
        print("(a census of the flagged sentences: its precision is exact, its recall means "
              "nothing)")
    print()
    if not errors:
        return
    for i, row in enumerate(rows):
        text = texts.get(i)
        scores = sentence_acts(text) if text else {}
        truth = row.labels if row.part == "new" else frozenset()
        for act in acts:
            detected = scores.get(act, 0.0) >= REVIEW
            if detected != (act in truth):
                kind = "FP" if detected else "FN"
                print(f"{kind} {act:10} {scores.get(act, 0.0):.2f} w={row.weight:<7g} "
                      f"{row.corpus}/{row.message}: {text}")
    print()


if __name__ == "__main__":
    raise SystemExit(main())
