"""train/evaluate_mail.py: weighted precision and recall on hand-labelled real mail.

The script's arithmetic is checked on tiny files made here (text in the rows, or
messages in a temporary mail folder); the real labelled set is checked only when
../shared/data/mail is there, as in the project's own checkout.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAIL = ROOT.parent / "shared" / "data" / "mail"
HEADER = "corpus\tmessage\tsha\tstratum\tweight\tsplit\tpart\tlabels\ttext\n"


def script() -> ModuleType:
    path = ROOT / "train" / "evaluate_mail.py"
    spec = importlib.util.spec_from_file_location("evaluate_mail", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("evaluate_mail", module)
    spec.loader.exec_module(module)
    return module


def labelled(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "set.tsv"
    path.write_text("# a comment line\n" + HEADER + "".join(r + "\n" for r in rows),
                    encoding="utf-8")
    return path


def test_scores_are_weighted_by_how_each_row_was_drawn(tmp_path):
    ev = script()
    path = labelled(tmp_path, [
        # a sure thank-you, a thank-you the detector misses (weight 10), a non-thank-you
        "x\tm1\t-\tthanks\t1\tdev\tnew\tthanks\tThank you so much for the introduction!",
        "x\tm2\t-\trest\t10\tdev\tnew\tthanks\tMuch obliged, truly.",
        "x\tm3\t-\trest\t10\tdev\tnew\t-\tThe meeting is at noon in room 4.",
        # a request that is only forwarded text ("old"): it shows no act of the writer
        "x\tm4\t-\trequest-sure\t2\tdev\told\t-\tCould you send me the report?",
        "x\tm5\t-\trequest-sure\t2\tdev\tnew\trequest\tCould you send me the slides?",
    ])
    rows = ev.read_rows(path)
    texts, found = ev.resolve(rows, tmp_path / "no-mail")
    assert found and all(texts[i] for i in range(len(rows)))
    result = ev.evaluate(rows, texts)
    thanks = result[ev.APPLY]["thanks"]
    assert (thanks.tp, thanks.fp, thanks.fn) == (1, 0, 10)
    assert thanks.precision == 1.0 and thanks.recall == pytest.approx(1 / 11)
    assert (thanks.positives, thanks.flagged, thanks.right) == (2, 1, 1)
    request = result[ev.REVIEW]["request"]
    assert (request.tp, request.fp, request.fn) == (2, 2, 0)
    assert request.precision == 0.5 and request.f1 == pytest.approx(2 / 3)
    table = ev.table(result)
    assert "| thanks | 2 | 1 / 1 | 1.00 | 0.09 | 0.17 |" in table
    assert "| request | 1 | 1 / 2 | 0.50 | 1.00 | 0.67 |" in table


def test_unknown_acts_are_refused(tmp_path):
    ev = script()
    path = labelled(tmp_path, ["x\tm1\t-\trest\t1\tdev\tnew\tthank\tThanks!"])
    with pytest.raises(ValueError, match="thank"):
        ev.read_rows(path)


def test_sentences_are_found_again_in_the_mail_by_their_hash(tmp_path):
    ev = script()
    mail = tmp_path / "mail"
    (mail / "box").mkdir(parents=True)
    (mail / "box" / "1.txt").write_bytes(
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\n"
        b"Thanks for the slides! Could you send me the notes too?\r\n\r\n"
        b"-----Original Message-----\r\nFrom: b\r\nPlease call me.\r\n")
    (mail / "list").mkdir()
    (mail / "list" / "2019q1.txt").write_bytes(
        b"From a at example.org  Tue Jan  1 10:00:00 2019\n"
        b"From: a at example.org\nSubject: one\n\nFirst message here.\n\n"
        b"From b at example.org  Wed Jan  2 10:00:00 2019\n"
        b"From: b at example.org\nSubject: two\n\nI'll send the patch by Friday.\n")
    assert ev.sentences_of((mail / "box" / "1.txt").read_bytes()) == [
        "Thanks for the slides!", "Could you send me the notes too?"]
    assert [n for n, _ in ev.mbox_messages(mail / "list" / "2019q1.txt", "2019q1.txt")] == [
        "2019q1.txt#1", "2019q1.txt#2"]
    assert b"patch by Friday" in ev.message_bytes("list", "2019q1.txt#2", mail)
    path = labelled(tmp_path, [
        f"box\t1.txt\t{ev.sha('Could you send me the notes too?')}\trest\t1\tdev\tnew\trequest\t",
        f"box\t1.txt\t{ev.sha('Please call me.')}\trest\t1\tdev\tnew\trequest\t",  # cut now
        f"list\t2019q1.txt#2\t{ev.sha('I will send the patch by Friday.')}\trest\t1\tdev\tnew"
        "\tcommitment\t",  # not the sentence as the pipeline gives it: not found
    ])
    rows = ev.read_rows(path)
    texts, found = ev.resolve(rows, mail)
    assert found
    assert texts == {0: "Could you send me the notes too?", 1: None, 2: None}
    result = ev.evaluate(rows, texts)
    assert result[ev.REVIEW]["request"].tp == 1 and result[ev.REVIEW]["request"].fn == 1
    assert result[ev.REVIEW]["commitment"].fn == 1  # a sentence gone counts as missed


def test_the_census_takes_every_sentence_a_rule_flags_as_offer_intro_or_favour(tmp_path):
    ev = script()
    mail = tmp_path / "mail"
    (mail / "enron-berkeley").mkdir(parents=True)
    (mail / "notmuch-corpus").mkdir()
    (mail / "enron-berkeley" / "1.txt").write_bytes(
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\n"
        b"Happy to help with the slides. The meeting is at noon.\r\n")
    (mail / "enron-berkeley" / "2.txt").write_bytes(
        b"From: c@example.org\r\nTo: b@example.org\r\nSubject: again\r\n\r\n"
        b"Happy to help with the slides. I'll send the notes by Friday.\r\n")
    (mail / "r-package-devel").mkdir()
    for quarter, line in (("2016q1.txt", b"I forwarded your resume to Dana."),
                          ("2019q1.txt", b"Shall I resubmit the package?")):
        (mail / "r-package-devel" / quarter).write_bytes(
            b"From a at example.org  Tue Jan  1 10:00:00 2019\n"
            b"From: a at example.org\nSubject: one\n\n" + line + b"\n")
    drawn = ev.draw(mail, round_=3)
    # once each (the same sentence twice in a corpus counts once), every quarter read,
    # a commitment alone or a question for advice not taken
    assert [(r.message, text) for r, text in drawn] == [
        ("1.txt", "Happy to help with the slides."),
        ("2016q1.txt#1", "I forwarded your resume to Dana."),
    ]
    assert {(r.split, r.stratum, r.weight) for r, _ in drawn} == {("census", "census", 1.0)}


def test_the_command_prints_one_table_per_round(tmp_path, capsys):
    ev = script()
    path = labelled(tmp_path, [
        "x\tm1\t-\tthanks\t1\tdev\tnew\tthanks\tThank you so much for the introduction!",
        "x\tm2\t-\trest\t3\tfresh\tnew\t-\tThe meeting is at noon in room 4.",
    ])
    assert ev.main(["--labelled", str(path), "--mail", str(tmp_path), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "round1: 1 labelled sentences" in out and "fresh: 1 labelled sentences" in out
    assert out.count("| thanks |") == 2
    assert "census: 0 labelled sentences" in out


def test_the_set_holds_no_mail_text():
    ev = script()
    rows = ev.read_rows(ev.LABELLED)
    assert len(rows) >= 800
    assert not any(r.text for r in rows)  # the mail is not ours to copy
    assert {r.split for r in rows} == {"dev", "test", "fresh", "census"}
    census = [r for r in rows if r.split == "census"]
    assert all(r.weight == 1 for r in census)  # every flagged sentence, not a sample
    for act in ("thanks", "request", "commitment"):
        assert sum(act in r.labels for r in rows) >= 20


@pytest.mark.skipif(not MAIL.exists(), reason="needs ../shared/data/mail (not in a fresh clone)")
def test_on_real_mail_thanks_are_precise_enough_to_record_without_asking():
    ev = script()
    rows = [r for r in ev.read_rows(ev.LABELLED) if r.split == "fresh"]
    texts, found = ev.resolve(rows)
    assert found
    assert sum(t is None for t in texts.values()) <= 5
    result = ev.evaluate(rows, texts)
    assert result[ev.APPLY]["thanks"].precision >= 0.9
    assert result[ev.APPLY]["thanks"].recall >= 0.8
    # Requests are not (docs/detection.md): if this starts failing, update the docs and
    # consider adding "request" to AUTO_ACTS in goodterms.store.matching.
    assert result[ev.APPLY]["request"].precision < 0.9


@pytest.mark.skipif(not MAIL.exists(), reason="needs ../shared/data/mail (not in a fresh clone)")
def test_on_real_mail_every_sure_offer_and_favour_is_right():
    """Offers and favours are recorded without asking when sure (AUTO_ACTS): on the
    census of all the shared mail, every one the rules are sure of is right."""
    from goodterms.store.matching import AUTO_ACTS

    ev = script()
    rows = [r for r in ev.read_rows(ev.LABELLED) if r.split == "census"]
    texts, found = ev.resolve(rows)
    assert found and all(texts[i] for i in range(len(rows)))
    result = ev.evaluate(rows, texts)
    for act in set(AUTO_ACTS) & set(ev.CENSUS_ACTS):
        sure = result[ev.APPLY][act]
        assert sure.flagged and sure.precision >= 0.9, act
    assert result[ev.REVIEW]["offer"].precision >= 0.9
