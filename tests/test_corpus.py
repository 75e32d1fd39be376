from conftest import analyze

from scoring.config import Config
from scoring.corpus import with_corpus_features

ORIGINAL = ("The harbour commission voted on Tuesday to award the ferry contract to Sable Point "
            "Marine after a long search. The new service will run six round trips a day starting "
            "in May, the commission chair said.")


def test_copy_from_an_earlier_article_of_another_source_is_evidence():
    original = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    copy_text = ORIGINAL.replace("Tuesday", "Tuesday evening") + (
        " Residents welcomed the news at a meeting on Wednesday night in the town hall.")
    copy = analyze(copy_text, source="Valley Courier", published="2026-03-05")
    result_original, result_copy = with_corpus_features([original, copy], Config())
    assert result_original.features["copied_sentence_share"] == 0.0
    assert result_copy.features["copied_sentence_share"] == 2 / 3
    copied = [e for e in result_copy.evidence if e.label == "copied"]
    assert [copy_text[e.start : e.end] for e in copied] == [
        "The harbour commission voted on Tuesday evening to award the ferry contract to Sable "
        "Point Marine after a long search.",
        "The new service will run six round trips a day starting in May, the commission chair "
        "said."]
    assert "Harbor Ledger" in copied[0].note


def test_near_miss_same_source_and_unrelated_text_are_not_copies():
    first = analyze(ORIGINAL, source="Harbor Ledger")
    again = analyze(ORIGINAL + " More details will follow later this week.",
                    source="Harbor Ledger")
    other = analyze("The library will open on Sundays from April, the head librarian told "
                    "the council on Monday evening.", source="Valley Courier")
    results = with_corpus_features([first, again, other], Config())
    assert [r.features["copied_sentence_share"] for r in results] == [0.0, 0.0, 0.0]
