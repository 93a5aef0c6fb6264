"""The sentence-level act detectors (goodterms.detect): shipped model, rules, detect().

No database and no Django. The retraining test needs scikit-learn (the `train`
extra) and is skipped without it; tests that read ../shared/data skip when it is
absent, as in a fresh clone.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from goodterms.detect import Act, detect, score, split_sentences
from goodterms.detect.classifier import (
    Model,
    load_models,
    read_models,
    rule_confidence,
    sentence_acts,
    tokens,
    unmangle,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "src" / "goodterms" / "detect" / "model.json"
LABELLED = Path(__file__).with_name("labelled.tsv")
SHARED = ROOT.parent / "shared" / "data" / "intent"
RULE_ACTS = ("commitment", "offer", "intro", "favor")


def training_script() -> ModuleType:
    path = ROOT / "train" / "train_detectors.py"
    spec = importlib.util.spec_from_file_location("train_detectors", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_detectors", module)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ shipped model

def test_model_file_is_small():
    assert MODEL.stat().st_size < 10 * 1024 * 1024


def test_shipped_model_loads_once():
    models = load_models()
    assert set(models) == {"thanks", "request"}
    assert load_models() is models
    for model in models.values():
        assert 0.0 < model.threshold < 1.0
        assert len(model.vocab) == len(model.coef) == len(model.idf) > 1000


def test_thanks_scores():
    assert score("thanks", "Thanks so much for the intro!") > 0.9
    assert score("thanks", "The meeting is at 3pm.") < 0.1


def test_request_scores():
    assert score("request", "Could you send me the slides?") > 0.9
    assert score("request", "I sent you the slides yesterday.") < 0.3


def test_unknown_act_is_an_error():
    with pytest.raises(KeyError):
        score("offer", "Happy to help.")


# ------------------------------------------------------------------------- rules

POSITIVES = {
    "commitment": [
        "I'll send you the deck by Thursday.",
        "I will get back to you by Friday.",
        "We'll follow up with the offer letter next week.",
    ],
    "offer": [
        "Let me know if I can help with the interview prep.",
        "Happy to introduce you to the recruiter there.",
        "Would you like me to look over your resume?",
    ],
    "intro": [
        "I'd like to introduce you to Maya, who runs product at Lumen.",
        "Ben, meet Sofia.",
        "Connecting you with Raj, he hired three analysts last year.",
    ],
    "favor": [
        "I forwarded your resume to the engineering manager.",
        "I passed your CV to my old boss.",
        "Here's the contact for the head of talent: li@example.com.",
        "I recommended you for the opening on my team.",
    ],
}

NEAR_MISSES = {
    "commitment": [
        "Will you send me the deck?",
        "I can't send it before Monday.",
        "You'll hear from HR by Friday.",
        "I'll be on holiday next week.",
    ],
    "offer": [
        "I'm happy to hear you got the job!",
        "Let me know if you can make it.",
        "Can you help me with my cover letter?",
    ],
    "intro": [
        "Let's meet on Tuesday.",
        "Nice to meet you yesterday.",
        "Could you introduce me to Maya?",
        "My connecting flight is late.",
    ],
    "favor": [
        "Could you forward your resume to me?",
        "Here is the agenda for the call.",
        "I forwarded the invoice to finance.",
        "I haven't sent your CV yet.",
    ],
}


@pytest.mark.parametrize(("act", "sentence"),
                         [(a, s) for a, ss in POSITIVES.items() for s in ss])
def test_rules_fire(act, sentence):
    assert rule_confidence(act, sentence) >= 0.5


@pytest.mark.parametrize(("act", "sentence"),
                         [(a, s) for a, ss in NEAR_MISSES.items() for s in ss])
def test_rules_do_not_fire_on_near_misses(act, sentence):
    assert rule_confidence(act, sentence) < 0.5


def read_labelled() -> list[tuple[set[str], str]]:
    rows = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            acts, _, sentence = line.partition("\t")
            rows.append(({a for a in acts.split(",") if a != "-"}, sentence))
    return rows


@pytest.mark.parametrize("act", RULE_ACTS)
def test_rules_on_hand_labelled_sentences(act):
    """Precision and recall of each rule set on tests/detect/labelled.tsv (see the docs)."""
    rows = read_labelled()
    predicted = [rule_confidence(act, s) >= 0.5 for _, s in rows]
    gold = [act in acts for acts, _ in rows]
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    assert sum(gold) >= 5
    assert tp / max(sum(predicted), 1) >= 0.9  # precision
    assert tp / sum(gold) >= 0.8  # recall


# ------------------------------------------------------------------------ detect

MAIL = """Hi Anna,

Thanks so much for the intro to Bob! I forwarded your resume to the hiring manager
at Acme yesterday. I'll send you the job description by Friday. Could you send me
your portfolio? Let me know if I can help with anything else.

Anna, meet Carlos. Carlos runs design at Acme.

> Quoted: could you call me?

Best,
Dr. J. Smith
"""


def test_split_sentences():
    assert split_sentences(MAIL) == [
        "Hi Anna,",
        "Thanks so much for the intro to Bob!",
        "I forwarded your resume to the hiring manager at Acme yesterday.",
        "I'll send you the job description by Friday.",
        "Could you send me your portfolio?",
        "Let me know if I can help with anything else.",
        "Anna, meet Carlos.",
        "Carlos runs design at Acme.",
        "Best,",
        "Dr. J. Smith",
    ]
    assert split_sentences("") == []
    assert split_sentences("We met Mr. Lee at 3 p.m. Then we left.") == [
        "We met Mr. Lee at 3 p.m.", "Then we left."]


def test_detect_finds_each_act_in_its_sentence():
    found = detect(MAIL)
    assert all(isinstance(a, Act) and a.confidence >= 0.5 for a in found)
    assert [a.confidence for a in found] == sorted((a.confidence for a in found), reverse=True)
    by_act: dict[str, set[str]] = {}
    for a in found:
        by_act.setdefault(a.act, set()).add(a.text)
    assert "Thanks so much for the intro to Bob!" in by_act["thanks"]
    assert "Could you send me your portfolio?" in by_act["request"]
    assert by_act["commitment"] == {"I'll send you the job description by Friday."}
    assert by_act["offer"] == {"Let me know if I can help with anything else."}
    assert by_act["intro"] == {"Anna, meet Carlos."}
    assert by_act["favor"] == {
        "I forwarded your resume to the hiring manager at Acme yesterday."}
    assert not any("Quoted" in a.text for a in found)


def test_detect_plain_sentence_finds_nothing():
    assert detect("The meeting is at 3pm.") == []


def test_tokens_mark_start_and_questions():
    assert tokens("Could you send it? Thx") == ["<s>", "could", "you", "send", "it", "?",
                                                "thanks"]


# ---------------------------------------------------- training and export agree

def test_retrained_export_matches_sklearn():
    pytest.importorskip("sklearn")
    train = training_script()
    rng = random.Random(7)
    subjects = ["the slides", "your resume", "the report", "a quick call", "the numbers"]
    positives = ["Could you send me {}?", "Please share {} with me.", "Can you review {}?",
                 "Would you mind checking {}?"]
    negatives = ["I sent you {} yesterday.", "Here is {} from last week.", "We discussed {}.",
                 "{} looks great to me."]
    texts: list[str] = []
    labels: list[int] = []
    for _ in range(80):
        label = rng.random() < 0.5
        template = rng.choice(positives if label else negatives)
        texts.append(template.format(rng.choice(subjects)))
        labels.append(int(label))
    exported = train.fit(texts, labels, max_features=200, min_df=1, C=1.0, tune=False)
    pipe = exported.pop("_sklearn")
    model = read_models(json.dumps({"acts": {"request": exported}}))["request"]
    probes = [*texts[:20], "Could you call me?", "Nothing here matches at all.", ""]
    expected = pipe.predict_proba(probes)[:, 1]
    for sentence, want in zip(probes, expected, strict=True):
        assert model.probability(sentence) == pytest.approx(float(want), abs=1e-3)


def test_an_unmangled_export_reads_back_like_sklearn():
    pytest.importorskip("sklearn")
    train = training_script()
    texts = ["Could you send it?", "??Every crisis has a symbol.", "Please call me?",
             "I sent it.", "?getline? is missing.", "Can you help?"] * 5
    labels = [1, 0, 1, 0, 0, 1] * 5
    exported = train.fit(texts, labels, max_features=100, min_df=1, C=1.0, tune=False,
                         unmangled=True)
    pipe = exported.pop("_sklearn")
    assert exported["unmangled"] is True
    model = read_models(json.dumps({"acts": {"request": exported}}))["request"]
    assert model.unmangled
    for sentence in ["??Lost characters here.", "Could you send it?", "Ma?lle wrote?"]:
        want = float(pipe.predict_proba([sentence])[0, 1])
        assert model.probability(sentence) == pytest.approx(want, abs=1e-3)


def test_model_from_json_rejects_other_ngrams():
    with pytest.raises(ValueError):
        Model.from_json({"vocab": {}, "coef": [], "intercept": 0, "threshold": 0.5,
                         "ngram": [1, 3]})


# ------------------------------------------------------ held-out data (optional)

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(),
    reason=f"labelled data not found at {SHARED} (../shared/data is not part of the repo)",
)


@needs_shared
def test_shipped_request_model_on_parakweet_held_out():
    train = training_script()
    held = train.request_data(SHARED)["held out (Parakweet only)"]
    result = train.evaluate(load_models()["request"], held)
    assert result["f1"] >= 0.80


@needs_shared
def test_shipped_thanks_model_on_goemotions_held_out():
    train = training_script()
    held = train.thanks_data(SHARED)["held out (GoEmotions)"]
    result = train.evaluate(load_models()["thanks"], held)
    assert result["f1"] >= 0.90


# ---------------------------------------- false positives found in real mail

@pytest.mark.parametrize("sentence", [
    # polite formulas that ask for nothing
    "Please let me know if you have any questions.",
    "If you have any questions, please let me know.",
    "Please advise if you have any questions or comments.",
    "Feel free to call me.",
    "Please don't hesitate to contact me if you need anything further.",
    "Please contact Vanessa Schulte if you have any problems or questions",
    # characters lost to a wrong charset, read as question marks
    "??Every crisis has its symbol.",
    "?????????????????????????The San Francisco Chronicle",
    "warning: implicit declaration of function ?getline?",
    "KR-ACC-NO: ?K560",
    # code and R sessions pasted in a mail
    "pr <- pkgdepends::remotes()$new(\"local::.\", library = tempfile()) #> ?",
    "?depends: library(dplyr,dependencies =TRUE) Thanks?",
    # rhetorical questions, contact lines, offers
    "Isn,t that a switch?",
    "Isn\x01,t that a switch?",
    "Email:gerald.nemec@enron.com - 7138533512 ?",
    "If there are ways we can be helpful, call Carolyn Green to discuss.",
])
def test_real_mail_false_requests_are_not_requests(sentence):
    assert sentence_acts(sentence).get("request", 0.0) < 0.5


@pytest.mark.parametrize("sentence", [
    "Please review and let me know if you have any questions.",  # the formula is not all
    "Could you please let me know how I can include that file as vignette?",
    "Is there anything I can do to eliminate this warning or is this OK?",
    "You need to call cifs_fscache_unregister() if cifs_init_inodecache() fails.",
    "Felicia: could you please put some background together for everyone on the list?",
    "Are you coming tomorrow??",
])
def test_real_requests_stay_requests(sentence):
    assert sentence_acts(sentence)["request"] >= 0.5


def test_asking_what_i_can_do_is_no_offer():
    assert rule_confidence("offer", "Is there anything I can do to fix this?") == 0.0
    assert rule_confidence("offer", "Is there anything I can do in the interim to fix it") == 0.0
    assert rule_confidence("offer", "Is there anything I can do to help?") >= 0.5
    assert rule_confidence("offer", "If you need anything else, just call.") >= 0.5
    assert rule_confidence("offer", "Dunno if it helps, but the NOTE is about checking data, "
                                    "which, as far as I can tell, means datasets.") == 0.0
    assert rule_confidence("offer", "If it helps I can fork it for public access.") >= 0.5


def test_unmangle_keeps_real_question_marks():
    assert unmangle("Could you send it?") == "Could you send it?"
    assert unmangle("Really??") == "Really??"
    assert "?" not in unmangle("??Every crisis ????SACRAMENTO")
    assert "?" not in unmangle("function ?getline? and Ma?lle")
    assert unmangle("Isn,t it") == "Isn't it"
    assert tokens("??Every crisis") == ["<s>", "?", "?", "every", "crisis"]  # thanks model
    assert tokens("??Every crisis", unmangled=True) == ["<s>", "every", "crisis"]


def test_sentence_acts_skips_what_has_no_words():
    assert sentence_acts("?") == {}
    assert sentence_acts("Page A - 1") == {}
    assert sentence_acts("Email: ana.bell@example.org https://example.org/x ?") == {}
