"""What an import skipped: every count kept, only the first examples."""

from __future__ import annotations

from goodterms.store.actions import ImportSummary, Skips


def test_counts_are_exact_and_examples_are_capped():
    skips = Skips()
    for n in range(1, 5001):
        skips.append((n, "a newsletter" if n % 5 else "the same message again", ""))
    assert len(skips) == 5000
    assert skips.reasons == {"a newsletter": 4000, "the same message again": 1000}
    assert len(skips.examples) == Skips.EXAMPLES
    assert skips[:3] == [(1, "a newsletter", ""), (2, "a newsletter", ""),
                         (3, "a newsletter", "")]
    assert list(skips) == skips.examples


def test_reasons_are_counted_without_their_details():
    skips = Skips([(1, "bulk sender (news@acme.example)", ""),
                   (2, "bulk sender (noreply@shop.example)", ""),
                   (3, "unreadable date (Blursday)", ""), (4, "no date", "")])
    assert skips.reasons == {"bulk sender": 2, "unreadable date": 1, "no date": 1}
    assert skips.examples[1] == (2, "bulk sender (noreply@shop.example)", "")


def test_summaries_add_up_when_merged():
    summary = ImportSummary("mail")
    first = Skips([(1, "cut short", "a.eml")] * 150)
    second = Skips([(2, "no date", "b.eml")] * 150)
    summary.skipped.extend(first)
    summary.skipped.extend(second)
    assert len(summary.skipped) == 300
    assert summary.skipped.reasons == {"cut short": 150, "no date": 150}
    assert len(summary.skipped.examples) == Skips.EXAMPLES
    assert summary.skipped.examples[-1] == (2, "no date", "b.eml")


def test_a_short_list_compares_like_a_list():
    assert Skips([(7, "hidden profile", "")]) == [(7, "hidden profile", "")]
    assert Skips([(7, "hidden profile", "")]) != [(8, "hidden profile", "")]
    assert not Skips()
