import pytest
from conftest import analyze, evidence_texts

BODY = "The council approved the new budget on Monday, the mayor said in a statement. "


def test_empty_text():
    analysis = analyze("")
    assert analysis.features["ai_disclosure_count"] == 0.0
    assert analysis.features["machine_leftover_count"] == 0.0


@pytest.mark.parametrize("disclosure", [
    "This article was generated with the help of AI based on source reports.",
    "This content is AI-generated based on source articles.",
    "This story was written using artificial intelligence tools and reviewed by an editor.",
])
def test_ai_disclosures(disclosure):
    analysis = analyze(BODY + "\n\n" + disclosure)
    assert evidence_texts(analysis, "ai_disclaimer") == [disclosure]
    assert analysis.features["ai_disclosure_count"] == 1.0


@pytest.mark.parametrize("text", [
    "Researchers study artificial intelligence at the university, the dean said.",
    "Teachers said the AI-generated essays were easy to spot in the spring term.",
    "“As an AI language model, I cannot vote,” the chatbot replied when asked, the report said.",
])
def test_articles_about_ai_do_not_fire(text):
    analysis = analyze(text)
    assert analysis.features["ai_disclosure_count"] == 0.0
    assert analysis.features["machine_leftover_count"] == 0.0


def test_chatbot_and_image_prompt_leftovers():
    prompt = ("A dramatic image showing a flooded street with emergency vehicles, "
              "symbolizing the scale of the storm.")
    text = ("Certainly! Here is a rewritten version of the article:\n\n" + BODY + "\n\n"
            + prompt)
    analysis = analyze(text)
    assert evidence_texts(analysis, "machine_leftover") == [
        "Certainly! Here is a rewritten version of the article:"]
    assert evidence_texts(analysis, "image_prompt") == [prompt]
    assert analysis.features["machine_leftover_count"] == 2.0


def test_derived_notice_and_near_miss():
    notice = "Analysis based on open media reports from the Harbor Ledger."
    assert evidence_texts(analyze(notice + "\n\n" + BODY), "derived_notice") == [notice]
    near_miss = "The decision was based on reports from two engineers, the mayor said."
    assert analyze(near_miss).features["derived_notice_count"] == 0.0
