import pytest
from conftest import analyze, evidence_texts


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


@pytest.mark.parametrize("text", [
    "The festival will open in May 2026 on the harbour front, the organisers said.",
    "The council showed the full might of its budget office in the spring review.",
    "The company could not be reached for comment on Tuesday evening.",
])
def test_near_misses_are_not_hedges(text):
    assert evidence_texts(analyze(text), "hedge") == []


def test_boosters_and_longest_phrase_wins():
    text = "There is no doubt the plan will work, and it clearly saves money for everyone."
    analysis = analyze(text)
    assert evidence_texts(analysis, "booster") == ["There is no doubt", "clearly"]
