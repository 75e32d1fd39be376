import json

import numpy as np
import pytest
from conftest import analyze, evidence_texts, make_article, parse

from scoring.config import Config
from scoring.features.hedging import (
    MODEL_PATH,
    SENTENCE_FEATURES,
    hedge_cues,
    load_hedge_model,
    read_hedge_model,
    sentence_hedging,
)
from scoring.pipeline import analyze_article


def test_empty_text():
    analysis = analyze("")
    assert analysis.features["hedges_per_100_words"] == 0.0
    assert analysis.features["boosters_per_100_words"] == 0.0


def test_hedges_are_counted_per_100_words_with_evidence():
    text = ("The minister reportedly plans to resign, and the cabinet may follow. "
            "It is believed that the decision was taken last week by the party.")
    analysis = analyze(text)
    assert evidence_texts(analysis, "hedge") == ["reportedly", "may", "It is believed"]
    words = analysis.features["word_count"]
    assert analysis.features["hedges_per_100_words"] == pytest.approx(300 / words)


@pytest.mark.parametrize(("text", "cues"), [
    # vague groups as sources
    ("Some argue that the harbour plan has already failed the town.", ["Some argue"]),
    ("Many historians consider the treaty a failure for both countries.", ["Many historians"]),
    ("Some critics called the exhibition a missed opportunity for the museum.",
     ["Some critics"]),
    ("According to some, the ferry company has been losing money for years.",
     ["According to some"]),
    ("Experts believe the virus will spread further before the winter.", ["Experts"]),
    ("The move was seen by many as a betrayal of the original plan.", ["was seen", "many"]),
    ("In some countries the drug is sold without a prescription.", ["some countries"]),
    # judgements in the passive with no source
    ("It is widely believed that the mayor will not run again next year.",
     ["It is widely believed"]),
    ("The bridge is often regarded as the finest piece of engineering in the region.",
     ["is often regarded"]),
    ("The new chief executive has been described as reclusive and demanding.",
     ["has been described"]),
    ("The drought is generally thought to have started in the late spring.",
     ["is generally thought"]),
    ("It has been suggested that the fire started in the kitchen of the restaurant.",
     ["has been suggested"]),
    ("The painting was said to be worth more than the whole building.", ["was said to"]),
    ("The mayor was widely criticised for the late warning to residents.",
     ["was widely criticised"]),
    # epistemic verbs and modals
    ("The figures suggest that the new timetable has reduced delays on the line.",
     ["suggest that"]),
    ("The old mill seems to have been rebuilt after the war.", ["seems"]),
    ("The minister may well resign before the end of the week.", ["may"]),
    ("The ship may have sunk in the storm that night.", ["may"]),
])
def test_hedge_and_weasel_cues(text, cues):
    assert evidence_texts(analyze(text), "hedge") == cues


@pytest.mark.parametrize("text", [
    "The festival will open in May 2026 on the harbour front, the organisers said.",
    "The council showed the full might of its budget office in the spring review.",
    "The company could not be reached for comment on Tuesday evening.",
    # a vague quantity is not a hedge; neither is a named or particular source
    "Several neighborhoods near the canal were flooded overnight after the storm.",
    "Many homes on the east side lost power during the storm on Friday.",
    "Some 200 people attended the meeting at the town hall on Friday.",
    "The break was reported at 4:40 a.m. by a delivery driver on the coast road.",
    "The budget was considered by the finance committee on Tuesday morning.",
    # permission and general possibility, not doubt
    "Players may bid two points before the first card is turned over.",
    "A small fee may be charged for late returns at the library.",
    "Vinegar may be added to the water to keep the eggs from cracking.",
    # literal uses of cue words
    "She is known as the deputy who rewrote the harbour bylaws in 2019.",
    "The candidates appeared on local television before the vote on Sunday.",
    "Mayor Ana Ruiz has said that the port authority will pay for the plan.",
    "The council considered the plan at its meeting on Monday night.",
    "The company reported a profit of 4 million dollars for the year.",
    "The committee will meet again in May to review the contract terms.",
    "Smokers are more likely to develop the disease than non-smokers.",
    "The ferry is widely available to residents of the island at a reduced fare.",
])
def test_near_misses_are_not_hedges(text):
    assert evidence_texts(analyze(text), "hedge") == []


@pytest.mark.parametrize(("text", "cues"), [
    # cue kinds the classifier added: a vague many, praise, superlatives, a disputed claim
    ("Many of the older residents prefer the old ferry timetable.", ["Many"]),
    ("Some of his methods have come under question in recent years.", ["Some"]),
    ("She is one of the most famous singers in the country.", ["most famous"]),
    ("The status of the islands is disputed.", ["disputed"]),
    ("The legendary guitarist is widely regarded as the finest of his generation.",
     ["legendary", "is widely regarded"]),
])
def test_classifier_positives(text, cues):
    assert evidence_texts(analyze(text), "hedge") == cues


@pytest.mark.parametrize("text", [
    # a vague count in a report of what happened, to whom or by whom
    "Many people were injured when the roof collapsed on Friday.",
    "The storm damaged several bridges and many homes on Monday.",
    "The museum bought several paintings by the artist last year.",
    "The council spent most of the budget on roads.",
    "Some 300 people were evacuated from the village overnight.",
    # a description of who did something, not praise
    "The prominent lawyer was arrested on Tuesday.",
    # a frequency alone, and cue words used as active verbs
    "The ferry often runs late on Sundays.",
    "He disputed the claim on Monday.",
    "The senator had never debated on television before.",
])
def test_classifier_near_misses(text):
    assert evidence_texts(analyze(text), "hedge") == []


def test_cues_count_only_in_sentences_the_classifier_calls_hedged():
    parsed = parse("The ferry often runs late on Sundays. Some critics argue it costs too much.")
    sentences = sentence_hedging(parsed)
    assert [[c.words for c in s.cues] for s in sentences] == [["often"], ["some critics"]]
    assert load_hedge_model().hedged(sentences) == [False, True]
    assert [c.words for c in hedge_cues(parsed)] == ["some critics"]
    assert all(s.features.shape == (len(SENTENCE_FEATURES),) for s in sentences)


def test_shipped_model_decomposes_and_names_its_origin():
    model = load_hedge_model()
    features = sentence_hedging(parse("Some critics argue the plan failed."))[0].features
    terms = (features - model.mean) / model.scale * model.coef
    assert model.log_odds(features) == pytest.approx(terms.sum() + model.intercept)
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["data"]["split"] == "tune"
    assert data["trained_with"].startswith("python -m scoring.evaluation.fit_hedging")
    assert {"pooled", "per_fold", "C", "threshold"} <= data["cross_validation"].keys()


def test_a_model_of_other_features_or_lexicons_is_refused(tmp_path):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "hedging.json"
    path.write_text(json.dumps({**data, "lexicons_digest": "0" * 16}), encoding="utf-8")
    with pytest.raises(ValueError, match="other lexicons.*refit"):
        read_hedge_model(path)
    names = data["feature_names"][:-1]
    path.write_text(json.dumps({**data, "feature_names": names}), encoding="utf-8")
    with pytest.raises(ValueError, match="fitted on features"):
        read_hedge_model(path)
    assert np.array_equal(read_hedge_model(MODEL_PATH).coef, load_hedge_model().coef)


def test_cue_spans_are_exact_offsets():
    text = "Officials met on Monday. Some critics have argued that the deal is too generous."
    analysis = analyze(text)
    [cue] = [e for e in analysis.evidence if e.label == "hedge"]
    assert (cue.start, cue.end) == (text.index("Some critics"), text.index(" have"))
    assert "vague group" in cue.note


def test_blank_model_still_finds_listed_phrases():
    text = "It is believed that the talks failed. Some say the deal is off, and it might return."
    analysis = analyze_article(make_article(text), Config(language_model="blank"))
    assert evidence_texts(analysis, "hedge") == ["It is believed", "Some say"]


def test_boosters_and_longest_phrase_wins():
    text = "There is no doubt the plan will work, and it clearly saves money for everyone."
    analysis = analyze(text)
    assert evidence_texts(analysis, "booster") == ["There is no doubt", "clearly"]
