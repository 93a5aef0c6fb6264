"""Sentence-level detectors for what an email says (pure Python at run time).

Six acts are detected, one sentence at a time:

* ``thanks`` and ``request`` are scored by two logistic-regression models trained
  by ``train/train_detectors.py`` and shipped as ``model.json`` next to this module
  (see docs/detection.md). The model is read once, lazily, and cached.
* ``commitment``, ``offer``, ``intro`` and ``favor`` have no public labelled data;
  they are found by the small, transparent regular-expression rules in ``RULES``
  below. Each rule has a name, the pattern it looks for and the confidence it
  gives when it matches. A sentence gets the highest confidence of the rules that
  match it, minus ``_NEGATION_PENALTY`` when the sentence is negated ("I can't
  send it") and, for commitments and favours, when it is a question. Each rule
  names the trigger words that every match of it holds, so that the patterns run
  only on the few sentences that hold one (detection runs on every mail imported).
* A request is never found in a polite formula that asks for nothing ("Let me know
  if you have any questions"), in pasted code, in a rhetorical "Isn't that …?" nor
  in a sentence that offers; the request model reads sentences with the question
  marks that stand for lost characters ("??Every crisis") left out (``unmangle``).
  These guards come from errors on real mail (``train/evaluate_mail.py``).

The tokenizer (``tokens``/``ngrams``) lives here and the training script imports
it, so training and run time always see the same features.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from operator import mul
from typing import Any

__all__ = [
    "ACTS",
    "MODEL_ACTS",
    "RULES",
    "Act",
    "Model",
    "Rule",
    "detect",
    "load_models",
    "ngrams",
    "rule_confidence",
    "score",
    "sentence_acts",
    "split_sentences",
    "tokens",
]

MODEL_ACTS: tuple[str, ...] = ("thanks", "request")
ACTS: tuple[str, ...] = ("thanks", "request", "commitment", "offer", "intro", "favor")
DEFAULT_FLOOR = 0.5

# ------------------------------------------------------------------ tokenizer

START = "<s>"  # marks the start of a sentence, so bigrams see "<s> please", "<s> could"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\$link|<url>", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# Spelling variants of a few words that matter to the detectors.
_VARIANTS = {
    "thx": "thanks", "thnx": "thanks", "thanx": "thanks", "thankz": "thanks", "tks": "thanks",
    "thks": "thanks", "thanku": "thank you", "thankyou": "thank you", "ty": "thank you",
    "tysm": "thank you so much", "pls": "please", "plz": "please", "plse": "please",
    "u": "you", "ur": "your", "r": "are", "cud": "could", "wud": "would", "cv": "resume",
}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})


def _plain_quotes(text: str) -> str:
    """``text.translate(_QUOTES)``: curly quotes and backticks made plain. Of the
    characters that ``_QUOTES`` changes only "`" is ASCII, and an ASCII text without
    it is returned as it is, without the (slow) translation."""
    if text.isascii() and "`" not in text:
        return text
    return text.translate(_QUOTES)


# A "?" that stands for a character the mail's charset lost ("??Every crisis",
# "function ?getline?", "Ma?lle"), not for a question: a run not after a word (or of
# four or more), a pair around a word, one at a word's start or inside one.
_GARBLED_PAIR = re.compile(r"(?<!\w)\?([^\s?]+)\?(?=[\s.,;:]|$)")
_GARBLED_RUN = re.compile(r"(?<!\w)\?{2,}|\?{4,}")
_GARBLED_LONE = re.compile(r"\?(?=\w)|^\W*\?")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_COMMA_APOSTROPHE = re.compile(r"(?<=[a-z]),(?=(?:t|s|ll|re|ve|d|m)\b)", re.IGNORECASE)


def unmangle(sentence: str) -> str:
    """``sentence`` with the question marks that are lost characters made spaces,
    apostrophes typed as commas ("isn,t", "SDG&E,s") made apostrophes and control
    characters left out."""
    if not sentence.isprintable():  # a control character is never printable
        sentence = _CONTROL.sub("", sentence)
    if "," in sentence:
        sentence = _COMMA_APOSTROPHE.sub("'", sentence)
    if "?" not in sentence:
        return sentence
    text = _GARBLED_RUN.sub(" ", sentence)
    text = _GARBLED_PAIR.sub(r" \1 ", text)
    return _GARBLED_LONE.sub(" ", text)


def tokens(sentence: str, unmangled: bool = False) -> list[str]:
    """Lowercased word tokens plus "?" and "!", after a start marker.

    URLs become ``url``, e-mail addresses ``email`` and numbers ``0``, so that the
    model learns the kind of thing, not the particular link or date; a few
    spelling variants ("thx", "pls", "u") become the word they stand for.
    With ``unmangled`` (the request model), question marks that stand for lost
    characters (``unmangle``) are dropped first.
    """
    return _tokens(_prepared(_plain_quotes(sentence), unmangled))


def ngrams(sentence: str, unmangled: bool = False) -> list[str]:
    """Unigrams and bigrams of ``tokens`` (the start marker only inside bigrams)."""
    return _ngrams(tokens(sentence, unmangled))


def _prepared(quoted: str, unmangled: bool) -> str:
    """The text ``tokens`` reads, from the sentence with its quotes made plain: all
    that ``unmangled`` changes, so equal prepared texts have equal tokens."""
    return unmangle(quoted) if unmangled else quoted


def _may_hold_url(text: str) -> bool:
    """False only when ``_URL`` cannot match: it needs "://", "www." ("w" matches
    only "w" and "W" when case is ignored), "$link" or "<url>"."""
    return "://" in text or "w." in text or "W." in text or "$" in text or "<" in text


def _tokens(text: str) -> list[str]:
    """``tokens`` of a prepared text (see ``_prepared``)."""
    if _may_hold_url(text):
        text = _URL.sub(" url ", text)
    text = text.lower()
    if "@" in text:
        text = _EMAIL.sub(" email ", text)
    text = _NUMBER.sub(" 0 ", text)
    found = _TOKEN.findall(text)
    if _VARIANTS.keys().isdisjoint(found):  # the usual case: no variant to spell out
        return [START, *found]
    words: list[str] = [START]
    for word in found:
        words.extend(_VARIANTS.get(word, word).split())
    return words


def _ngrams(toks: list[str]) -> list[str]:
    """``ngrams`` of a token list."""
    grams = toks[1:]
    grams += map(" ".join, pairwise(toks))
    return grams


# ------------------------------------------------------------ sentence splitter

_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sr jr st vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept "
    "oct nov dec mon tue wed thu fri sat sun approx dept est no fig e.g i.e"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_BOUNDARY = re.compile(r"([.!?]+)[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_BLANK = re.compile(r"\n\s*\n")
_SHORT_LINE = 40


def _lines_to_chunks(paragraph: str) -> list[str]:
    """Re-join hard-wrapped lines; keep short lines ("Hi Anna,") and ended lines apart."""
    chunks: list[str] = []
    current: list[str] = []
    for raw in paragraph.splitlines():
        line = raw.strip()
        if not line or line.startswith(">"):  # quoted reply text is not what this mail says
            continue
        current.append(line)
        if len(line) <= _SHORT_LINE or line[-1] in ".!?:":
            chunks.append(" ".join(current))
            current = []
    if current:
        chunks.append(" ".join(current))
    return chunks


def split_sentences(text: str) -> list[str]:
    """Split mail text into sentences with a simple, robust regular-expression splitter.

    Paragraphs (blank lines) and short or punctuation-ended lines are boundaries;
    inside a chunk, ".", "!" or "?" followed by space and a capital or digit ends a
    sentence unless the word before it is a known abbreviation ("Dr.", "e.g.") or
    a single initial ("J. Smith"). Quoted lines (starting with ">") are dropped.
    """
    sentences: list[str] = []
    for paragraph in _BLANK.split(text):
        for chunk in _lines_to_chunks(paragraph):
            start = 0
            for match in _BOUNDARY.finditer(chunk):
                if match.group(1) == ".":
                    before = chunk[start : match.start()].split()
                    word = before[-1].lower().rstrip(".") if before else ""
                    if word in _ABBREVIATIONS or len(word) == 1:
                        continue
                piece = chunk[start : match.end()].strip()
                if piece:
                    sentences.append(piece)
                start = match.end()
            rest = chunk[start:].strip()
            if rest:
                sentences.append(rest)
    return sentences


# ----------------------------------------------------------------------- models


@dataclass(frozen=True)
class Model:
    """One exported TF-IDF + logistic-regression classifier (see ``model.json``)."""

    vocab: dict[str, int]
    idf: list[float]
    coef: list[float]
    intercept: float
    threshold: float
    unmangled: bool = False  # whether lost-character "?" are dropped before tokenizing
    # idf and coef again, as arrays of doubles: the same numbers, read faster (they
    # lie together in memory, where a list's floats are scattered)
    _idf: array[float] = field(init=False, repr=False, compare=False)
    _coef: array[float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_idf", array("d", self.idf))
        object.__setattr__(self, "_coef", array("d", self.coef))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        if list(data.get("ngram", [1, 2])) != [1, 2]:
            raise ValueError("only unigram+bigram models are supported")
        vocab = {str(k): int(v) for k, v in data["vocab"].items()}
        coef = [float(x) for x in data["coef"]]
        idf = [float(x) for x in data.get("idf", [1.0] * len(coef))]
        if len(coef) != len(vocab) or len(idf) != len(vocab):
            raise ValueError("vocab, idf and coef differ in length")
        return cls(vocab, idf, coef, float(data["intercept"]), float(data["threshold"]),
                   bool(data.get("unmangled", False)))

    def decision(self, sentence: str) -> float:
        """The linear score: L2-normalised TF-IDF features times the weights."""
        return self._grams_decision(ngrams(sentence, self.unmangled))

    def _grams_decision(self, grams: list[str]) -> float:
        """``decision`` from the sentence's ``ngrams`` (made with this model's ``unmangled``).

        Weights are summed in the order in which their n-grams first occur, as ever:
        the same floats, to the last bit.
        """
        vocab = self.vocab
        counts: dict[int, int] = {}
        for index in map(vocab.get, grams):
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        idf = self._idf
        weights = [n * idf[i] for i, n in counts.items()]
        norm = math.sqrt(sum(map(mul, weights, weights)))
        if norm == 0.0:
            return self.intercept
        dot: float = sum(map(mul, weights, map(self._coef.__getitem__, counts)))
        return self.intercept + dot / norm

    def probability(self, sentence: str) -> float:
        return _sigmoid(self.decision(sentence))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def read_models(raw: str) -> dict[str, Model]:
    """Parse the text of a ``model.json`` file: ``{act: {vocab, idf, coef, ...}}``."""
    data = json.loads(raw)
    return {act: Model.from_json(spec) for act, spec in data["acts"].items()}


@cache
def load_models() -> dict[str, Model]:
    """The shipped models, read from the package once and cached."""
    raw = resources.files("goodterms.detect").joinpath("model.json").read_text("utf-8")
    return read_models(raw)


def score(act: str, sentence: str) -> float:
    """The probability that ``sentence`` shows ``act`` ("thanks" or "request")."""
    models = load_models()
    if act not in models:
        raise KeyError(f"no model for act {act!r}; models: {sorted(models)}")
    return models[act].probability(sentence)


def _model_confidence(model: Model, text: str, grams: dict[str, list[str]]) -> float:
    """The probability shifted so that the model's tuned threshold maps to 0.5.

    ``text`` is the sentence prepared for the model (``_prepared``); ``grams`` holds
    the n-grams of the texts tokenized so far for this sentence, by prepared text,
    and gets this one's.
    """
    found = grams.get(text)
    if found is None:
        found = grams[text] = _ngrams(_tokens(text))
    return _sigmoid(model._grams_decision(found) - _logit(model.threshold))


# ------------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rule:
    act: str
    name: str
    pattern: re.Pattern[str]
    confidence: float
    # The rule's trigger words: every match of ``pattern`` holds one of them, at least, as
    # a whole word. ``sentence_scores`` runs an act's rules only on a sentence that holds
    # one of them (see ``_trigger_words``), which most sentences do not.
    words: frozenset[str] = frozenset()


def _rule(act: str, name: str, pattern: str, confidence: float, words: str) -> Rule:
    """A rule; ``words`` are its trigger words, lowercase, at least one of which every
    match of ``pattern`` holds as a whole word (a run of ``\\w`` characters)."""
    return Rule(act, name, re.compile(pattern, re.IGNORECASE), confidence,
                frozenset(words.split()))


_I = r"\b(?:i|we)"  # first person subject
_WILL = r"(?:'ll|\s+will|\s+shall|'m\s+going\s+to|\s+am\s+going\s+to|\s+are\s+going\s+to)"
_DO = (
    r"(?:send|get\s+back|follow\s+up|reply|respond|call|ring|email|e-mail|write|share|forward|"
    r"review|look\s+(?:into|at|over)|check|confirm|draft|prepare|put\s+together|finish|"
    r"update|introduce|connect|reach\s+out|ping|circle\s+back|set\s+up|schedule|book|"
    r"make\s+sure|take\s+care\s+of|pass|get\s+you|bring|return|read|be\s+sending)"
)
_WHEN = (
    r"\b(?:by|before|on|until|tomorrow|tonight|today|this\s+week|next\s+week|end\s+of|eod|asap|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|later|shortly|soon)\b"
)
_YOUR_DOCS = (
    r"your\s+(?:resume|résumé|cv|profile|portfolio|details|application|name|info|"
    r"information|contact\s+details|linkedin|email|number|work|paper|deck|background)"
)
_NAME = r"[A-Z][a-z]+"
_NOT_NAME = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Tomorrow|Today|Next|"
    r"Up|You|Me|Us|Them|Him|Her|On|At|For|In|With|The)\b)"
)

RULES: tuple[Rule, ...] = (
    # commitment: the writer promises to do something
    _rule("commitment", "I will do X by a date", rf"{_I}{_WILL}\s+(?:\w+\s+)?{_DO}\b.*{_WHEN}",
          0.9,
          "will shall ll going"),
    _rule("commitment", "I will do X", rf"{_I}{_WILL}\s+(?:\w+\s+)?{_DO}\b", 0.75,
          "will shall ll going"),
    _rule("commitment", "let me do X", r"^\W*let\s+me\s+(?:check|look|find\s+out|get\s+back|ask|"
          r"see\s+what|dig|confirm|follow\s+up)\b", 0.7,
          "let"),
    _rule("commitment", "I promise", rf"{_I}\s+promise\s+to\b", 0.85,
          "promise"),
    # offer: the writer offers help
    _rule("offer", "let me know if I can help",
          r"\blet\s+me\s+know\s+if\s+(?:there\s+is\s+anything\s+)?(?:i|we)\s+can\s+"
          r"(?:help|do|assist|be\s+of)", 0.9,
          "let"),
    # "happy to answer any questions" is a polite formula, not an offer; "willing" only
    # when the writer is: "if anyone is willing to help" asks, it does not offer.
    _rule("offer", "happy to help/introduce", rf"\b(?:happy|glad|delighted|"
          rf"{_I}(?:'m|'re|'d\s+be|\s+am|\s+are|\s+would\s+be|\s+will\s+be)\s+(?:\w+\s+){{0,2}}willing)"
          r"\s+to\s+(?:help|introduce|connect|intro|put\s+you\s+in\s+touch|review|"
          r"look\s+over|take\s+a\s+look|chat|talk|share|pass|forward|refer|recommend|"
          r"vouch|make\s+(?:an\s+)?intro|give\s+you|send\s+you|assist|hop\s+on)\b", 0.85,
          "happy glad delighted willing"),
    # "Shall I send you the slides?" offers; "Shall I resubmit?" and "How shall I import
    # it?" ask for advice: with "shall", the sentence must name "you" after the verb.
    _rule("offer", "would you like me to", r"\b(?:would\s+you\s+like|do\s+you\s+want)\s+"
          r"(?:me|i)\s+(?:to\s+)?\w+|(?<!how\s)(?<!what\s)(?<!where\s)(?<!which\s)\bshall\s+"
          r"(?:i|we)\s+\w+\s+(?:\w+\s+){0,3}?you\b", 0.85,
          "like want shall"),
    _rule("offer", "if you want, I can", r"\bif\s+(?:you(?:'d|\s+would)?\s+(?:like|want)|"
          r"it\s+helps|useful|helpful)\b.{0,25}\b(?:i|we)\s+(?:can|could)\b", 0.8,
          "like want helps useful helpful"),
    _rule("offer", "I can introduce you", r"\b(?:i|we)\s+(?:can|could)\s+(?:happily\s+)?"
          r"(?:introduce|connect)\s+you\b", 0.8,
          "introduce connect"),
    _rule("offer", "feel free to reach out", r"\bfeel\s+free\s+to\s+(?:reach\s+out|ask|ping|"
          r"call|email|contact)\b.*\b(?:help|anything|questions?)\b", 0.65,
          "free"),
    _rule("offer", "anything I can do", r"\b(?:anything|any\s+way)\s+(?:else\s+)?(?:i|we)\s+can\s+"
          r"(?:do|help)\b", 0.75,
          "anything any"),
    _rule("offer", "if you need anything", r"\bif\s+(?:you\s+)?need\s+(?:anything|any\s+(?:help|"
          r"assistance)|help|assistance|a\s+hand)\b", 0.8,
          "need"),
    _rule("offer", "if there are ways we can help", r"\bif\s+(?:there\s+(?:is|are)\s+)?(?:anything|"
          r"any\s+way|ways?)\s+(?:(?:in\s+)?which\s+)?(?:i|we)\s+(?:can|could|might)\s+(?:help|"
          r"assist|be\s+(?:of\s+)?(?:help|helpful|assistance|use|service))\b", 0.85,
          "anything any way ways"),
    # intro: the writer introduces two people to each other
    _rule("intro", "I'd like to introduce you to", r"\b(?:i'd|i\s+would|i)\s+(?:like|love|want)\s+"
          r"to\s+introduce\s+(?:you|\w+)\s+(?:to|and)\b", 0.95,
          "introduce"),
    _rule("intro", "let me introduce", r"\b(?:let\s+me|allow\s+me\s+to)\s+introduce\b", 0.9,
          "introduce"),
    _rule("intro", "introducing you to", r"\b(?:introducing|connecting)\s+you\s+(?:two\s+)?"
          r"(?:to|with)\b|\b(?:introducing|connecting)\s+you\s+(?:two|both)\b", 0.9,
          "introducing connecting"),
    _rule("intro", "meet X", rf"(?:^|[,;:\u2013\u2014-]\s*|\bplease\s+)(?-i:[Mm])eet\s+{_NOT_NAME}"
          rf"(?-i:{_NAME})", 0.85,
          "meet"),
    _rule("intro", "X, meet Y", rf"(?-i:{_NAME}),\s+(?:please\s+)?meet\s+(?-i:{_NAME})", 0.9,
          "meet"),
    _rule("intro", "you two should connect", r"\byou\s+two\s+(?:should|will|would|might)\b", 0.8,
          "two"),
    _rule("intro", "cc'ing X who/so", r"\b(?:cc'?ing|cc-ing|copying|looping\s+in|adding)\s+"
          rf"(?-i:{_NAME})\b.*\b(?:who|so|since|because|as)\b", 0.7,
          "cc ccing copying looping adding"),
    # favor: the writer reports a favour already done for the reader
    _rule("favor", "I forwarded your resume", rf"{_I}(?:'ve|\s+have|\s+just)?\s+(?:just\s+)?"
          rf"(?:forwarded|passed|sent|shared|submitted|gave|handed|mentioned)\s+(?:on\s+|along\s+)?"
          rf"{_YOUR_DOCS}", 0.9,
          "forwarded passed sent shared submitted gave handed mentioned"),
    _rule("favor", "I recommended you", rf"{_I}(?:'ve|\s+have|\s+just)?\s+(?:just\s+)?"
          r"(?:recommended|referred|vouched\s+for|endorsed|nominated|mentioned|"
          r"put\s+in\s+a\s+(?:good\s+)?word\s+for|put\s+your\s+name\s+forward)\s+you\b", 0.9,
          "recommended referred vouched endorsed nominated mentioned put"),
    _rule("favor", "I put in a good word", rf"{_I}(?:'ve|\s+have)?\s+put\s+in\s+a\s+good\s+word\b",
          0.85,
          "put"),
    _rule("favor", "here is the contact", r"\b(?:here\s+is|here's|here\s+are|below\s+is|"
          r"attached\s+is)\s+(?:the|her|his|their|my)\s+(?:\w+\s+)?(?:contact|email\s+address|"
          r"phone\s+number|number|linkedin)\b", 0.8,
          "contact email phone number linkedin"),
    _rule("favor", "I told X about you", rf"{_I}(?:'ve|\s+have)?\s+"
          r"(?:told|spoke\s+to|talked\s+to)\s+\w+\s+about\s+you\b", 0.7,
          "told spoke talked"),
)

# The trigger words of each act's rules. A rule in RULES without trigger words would
# never run: it fails here, at import.
if any(not rule.words for rule in RULES):
    raise ValueError("every rule in RULES needs its trigger words")
_ACT_WORDS: dict[str, frozenset[str]] = {
    act: frozenset().union(*(rule.words for rule in RULES if rule.act == act))
    for act in {rule.act for rule in RULES}
}
_WORD = re.compile(r"\w+")


def _trigger_words(sentence: str) -> list[str] | None:
    """The words of ``sentence`` to look the trigger words up in (``_ACT_WORDS``), or
    None when the patterns must tell.

    A rule matches only a sentence that holds one of its trigger words as a whole
    word. In an ASCII sentence, ignoring case is the same as lowering it, so its
    lowered words tell. Not in others: once case is ignored, the Kelvin sign, the
    long s and the dotted and dotless i match "k", "s" and "i", and lowering does
    not make them so.
    """
    if not sentence.isascii():
        return None
    return _WORD.findall(sentence.lower())


_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|can't|cannot|won't|wont|didn't|haven't|couldn't|"
    r"wasn't|unable|unfortunately)\b",
    re.IGNORECASE,
)
_IS_THERE = re.compile(r"^\W*(?:is|are)\s+there\s+(?:anything|any\s+way)", re.IGNORECASE)
_HELPING = re.compile(r"\b(?:help|for\s+you|assist|support)\b", re.IGNORECASE)


def _asks_for_help(sentence: str) -> bool:
    """A question about what the writer can do, not about how to help the reader."""
    asks = sentence.rstrip().endswith("?") or _IS_THERE.match(sentence)
    return bool(asks) and not _HELPING.search(sentence)


_NEGATION_PENALTY = 0.4
_QUESTION_PENALTY = 0.4


def rule_confidence(act: str, sentence: str) -> float:
    """The confidence (0 to 1) that the rules give ``sentence`` for ``act``."""
    best = 0.0
    for rule in RULES:
        if rule.act == act and rule.pattern.search(sentence):
            if rule.name == "anything I can do" and _asks_for_help(sentence):
                continue  # "Is there anything I can do to fix this?": the writer asks
            best = max(best, rule.confidence)
    if best == 0.0:
        return 0.0
    if act != "offer" and _NEGATION.search(sentence):
        best -= _NEGATION_PENALTY
    if act in ("commitment", "favor") and sentence.rstrip().endswith("?"):
        best -= _QUESTION_PENALTY
    return max(best, 0.0)


# ----------------------------------------------------------------------- detect


@dataclass(frozen=True)
class Act:
    """One act found in one sentence."""

    act: str
    confidence: float
    text: str


# Polite formulas that read like requests but ask for nothing: "Please let me know if
# you have any questions", "Feel free to call me", "Call me with any comments".
_WHAT_YOU_MAY_HAVE = (
    r"(?:any\s+)?(?:further\s+|other\s+|additional\s+|more\s+|follow-?up\s+)?"
    r"(?:questions?|comments?|concerns?|problems?|issues?|anything(?:\s+else|\s+further)?|"
    r"help|information|assistance|clarification)(?:\s+(?:or|and|/)\s+\w+)?"
)
_TELL_ME = (
    r"(?:please\s+)?(?:let\s+(?:me|us)\s+know|call(?:\s+me|\s+us)?|give\s+(?:me|us)\s+a\s+call|"
    r"contact\s+(?:me|us|\w+(?:\s+\w+)?)|e-?mail\s+(?:me|us)|advise|get\s+back\s+to\s+(?:me|us)|"
    r"(?:feel\s+free|do\s+not\s+hesitate|don't\s+hesitate)\s+to\s+(?:call|contact|e-?mail|ask|"
    r"reach\s+out(?:\s+to)?|give\s+(?:me|us)\s+a\s+call)(?:\s+me|\s+us)?)"
)
_FORMULA = re.compile(
    rf"{_TELL_ME}\s*(?:with\s+{_WHAT_YOU_MAY_HAVE}|if\s+(?:you\s+)?(?:have|need|there\s+(?:are|is))\s+"
    rf"{_WHAT_YOU_MAY_HAVE})"
    rf"|\bif\s+(?:you\s+)?(?:have|need|there\s+(?:are|is))\s+{_WHAT_YOU_MAY_HAVE}\s*,?\s*{_TELL_ME}"
    r"|\b(?:please\s+)?(?:feel\s+free|do\s+not\s+hesitate|don't\s+hesitate)\s+to\s+(?:call|contact|"
    r"e-?mail|ask|reach\s+out(?:\s+to)?)(?:\s+me|\s+us)?\b",
    re.IGNORECASE,
)


def without_formulas(sentence: str) -> str:
    """``sentence`` without the polite formulas that ask for nothing (see ``_FORMULA``)."""
    return _without_formulas(_plain_quotes(sentence))


# Every polite formula holds one of these words, in any case (``_WHAT_YOU_MAY_HAVE``,
# "free" or "hesitate"); in an ASCII text, any case means: in the lowered text.
_FORMULA_WORD = re.compile(
    r"question|comment|concern|problem|issue|anything|help|information|assistance|"
    r"clarification|free|hesitate"
)


def _without_formulas(quoted: str) -> str:
    """``without_formulas`` of a sentence whose quotes are already made plain."""
    if quoted.isascii() and not _FORMULA_WORD.search(quoted.lower()):
        return quoted  # no formula: the usual case, found without running _FORMULA
    return _FORMULA.sub(" ", quoted)


# Code, logs and R or shell sessions pasted in a mail: no request, whatever "?" they hold.
_CODE = re.compile(r"<-|#>|::|\w\([^)\s]*[=,\"][^)]*\)|[{}]|;\s*$|==|!=|\$\w+\(")
# Questions that ask nothing: "Isn't that a switch?", "Who knows?"
_RHETORICAL = re.compile(
    r"^\W*(?:(?:isn't|wasn't|aren't|weren't|doesn't|didn't|don't|won't|wouldn't|ain't)\s+"
    r"(?:that|this|it|they|there)\b[^?]*\?\s*$|(?:who|what)\s+(?:knows|cares|else\s+is\s+new)\b)",
    re.IGNORECASE,
)


# Every match of ``_CODE`` holds one of these characters.
_CODE_CHARACTER = re.compile(r"[<#:({};=]")
_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more


def _request_confidence(model: Model, sentence: str, quoted: str,
                        grams: dict[str, list[str]]) -> float:
    """The request model's confidence, on what is left once polite formulas are out:
    nothing left (two words or fewer) means no request; nor do code and rhetorical
    questions make one. ``quoted`` is the sentence with its quotes made plain and
    ``grams`` the n-grams already made (see ``_model_confidence``)."""
    if _CODE_CHARACTER.search(sentence) and _CODE.search(sentence):
        return 0.0
    unmangled = unmangle(quoted)
    if _RHETORICAL.search(unmangled):
        return 0.0
    rest = _without_formulas(quoted)
    if rest != quoted:
        if len(_LETTERS.findall(rest)) <= 2:
            return 0.0
        quoted = rest  # plain quotes already: translating again changes nothing
        unmangled = unmangle(rest)
    return _model_confidence(model, unmangled if model.unmangled else quoted, grams)


def sentence_scores(sentence: str) -> dict[str, float]:
    """The confidence of every act for one sentence (models shifted to threshold 0.5)."""
    models = load_models()
    quoted = _plain_quotes(sentence)
    grams: dict[str, list[str]] = {}  # the models share n-grams when they read the same text
    words = _trigger_words(sentence)
    scores: dict[str, float] = {}
    for act in ACTS:
        if act == "request" and act in models:
            scores[act] = _request_confidence(models[act], sentence, quoted, grams)
        elif act in models:
            model = models[act]
            scores[act] = _model_confidence(model, _prepared(quoted, model.unmangled), grams)
        elif words is None or not _ACT_WORDS.get(act, frozenset()).isdisjoint(words):
            scores[act] = rule_confidence(act, sentence)
        else:
            scores[act] = 0.0  # no trigger word of the act's rules: none of them matches
    return scores


def sentence_acts(sentence: str, floor: float = DEFAULT_FLOOR) -> dict[str, float]:
    """The confidences ``detect`` gives one sentence (every act, including those below
    ``floor``); empty when the sentence has too little text to say anything."""
    words = _URL.sub(" ", sentence) if _may_hold_url(sentence) else sentence
    if "@" in words:
        words = _EMAIL.sub(" ", words)
    letters = _LETTERS.finditer(words)
    if next(letters, None) is None or next(letters, None) is None:  # fewer than two words
        return {}  # "?", "Page A - 1", "Email: ana@example.org ?"
    scores = sentence_scores(sentence)
    if scores.get("intro", 0.0) >= floor:
        # "Yara, meet Sam." is an introduction, not a request made of me.
        scores.pop("request", None)
    elif scores.get("offer", 0.0) >= floor and not sentence.rstrip().endswith("?"):
        # "If there are ways we can help, call Carolyn." offers; it asks nothing.
        scores.pop("request", None)
    return scores


def detect(text: str, floor: float = DEFAULT_FLOOR) -> list[Act]:
    """The acts that ``text`` shows, one per act and sentence, most confident first.

    ``thanks`` and ``request`` confidences are model probabilities shifted so that
    each model's tuned threshold is 0.5; the other acts come from ``RULES``. Acts
    below ``floor`` are dropped.
    """
    found: list[Act] = []
    for sentence in split_sentences(text):
        for act, confidence in sentence_acts(sentence, floor).items():
            if confidence >= floor:
                found.append(Act(act, round(confidence, 4), sentence))
    found.sort(key=lambda a: -a.confidence)
    return found
