import pytest
from conftest import analyze, evidence_texts

PARAGRAPHS = ("The council approved the new bridge budget on Monday evening.\n\n"
              "Work will begin in the spring and last for eighteen months.")


def test_empty_text():
    assert analyze("").features["repeated_sentence_char_share"] == 0.0


def test_body_printed_twice_is_about_half_repeated():
    analysis = analyze(PARAGRAPHS + "\n\n" + PARAGRAPHS)
    assert analysis.features["repeated_sentence_char_share"] == pytest.approx(0.5)
    assert analysis.features["repeated_paragraph_char_share"] == pytest.approx(0.5)
    assert evidence_texts(analysis, "duplicate")[:2] == [
        "The council approved the new bridge budget on Monday evening.",
        "The council approved the new bridge budget on Monday evening."]


def test_near_miss_short_repeated_phrases_do_not_count():
    analysis = analyze("It was late. The council approved the budget on Monday. It was late.")
    assert analysis.features["repeated_sentence_char_share"] == 0.0
