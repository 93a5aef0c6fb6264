"""The shortcuts that keep the detectors fast never change what they find.

``goodterms.detect.classifier`` looks for a cheap sign before it runs an expensive
pattern: a rule's trigger words before the rule, a formula word before
``_FORMULA``, a code character before ``_CODE``, "://" or "www." before ``_URL``.
Each sign must be present in every text the pattern matches; these properties
check it on texts generated from the patterns themselves.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodterms.detect import classifier
from goodterms.detect.classifier import RULES, Rule, sentence_scores

ASCII = st.characters(max_codepoint=127)
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def matching(pattern: re.Pattern[str], alphabet: st.SearchStrategy[str] | None = None
             ) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, alphabet=alphabet).filter(lambda s: bool(pattern.search(s)))


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_every_match_of_a_rule_holds_one_of_its_trigger_words(rule: Rule) -> None:
    @SETTINGS
    @given(matching(rule.pattern, ASCII))
    def check(text: str) -> None:
        words = classifier._trigger_words(text)
        assert words is not None
        assert not classifier._ACT_WORDS[rule.act].isdisjoint(words)
        assert sentence_scores(text)[rule.act] == classifier.rule_confidence(rule.act, text)

    check()


def test_a_sentence_not_in_ascii_goes_to_the_patterns() -> None:
    # Once case is ignored, "\u017f" (long s) matches "s" and "\u0130" (I with a dot)
    # matches "i", which lowering the sentence does not show: the rules read these.
    for sentence in ("I \u017fhall send it by Friday.", "I w\u0130ll send it by Friday."):
        assert classifier._trigger_words(sentence) is None
        assert sentence_scores(sentence)["commitment"] == 0.9
    assert sentence_scores("I will send it by Friday.")["commitment"] == 0.9


@SETTINGS
@given(matching(classifier._FORMULA, ASCII))
def test_every_polite_formula_holds_a_formula_word(text: str) -> None:
    assert classifier._FORMULA_WORD.search(text.lower())
    assert classifier._without_formulas(text) == classifier._FORMULA.sub(" ", text)


@SETTINGS
@given(matching(classifier._CODE))
def test_every_match_of_code_holds_a_code_character(text: str) -> None:
    assert classifier._CODE_CHARACTER.search(text)


@SETTINGS
@given(matching(classifier._URL))
def test_every_url_is_seen_by_the_quick_test(text: str) -> None:
    assert classifier._may_hold_url(text)
