"""Partial copies: a run of sentences of one article inside another outlet's article is found,
edited or not; quotations, boilerplate and one shared sentence are not copying."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import analyze

from scoring.config import Config
from scoring.corpus import aligned_cells, with_corpus_features

CONFIG = Config()

# the origin: reporting prose, one quoted statement and its attribution
PARAGRAPHS = [
    "The county water board met on Monday night to review the spring flood plans for the valley.",
    "Engineers told the board that the northern levee had lost almost a third of its height "
    "since the storms of last winter.",
    "The repairs would cost about four million dollars and take most of the summer to finish, "
    "according to the estimate they presented.",
    "“We cannot wait for another wet season before we rebuild that bank,” the chief engineer "
    "said.",
    "Board members asked whether the state would share the cost of the work with the county.",
    "A vote on the contract is expected at the next meeting in early April, after a public "
    "hearing at the library.",
]
ORIGIN = "\n\n".join(PARAGRAPHS)
HOST_BEFORE = ("The town of Millbrook will close its main bridge for three weeks from Friday, "
               "officials announced on Thursday morning. Drivers will be sent along the old "
               "quarry road, which adds about ten minutes to the trip into the centre.")
HOST_AFTER = ("Shop owners on the high street said they feared a quiet month for business. The "
              "council promised signs on every approach road to show that the shops stay open.")


def host_with(passage: str) -> str:
    return f"{HOST_BEFORE}\n\n{passage}\n\n{HOST_AFTER}"


def shared_passages(copy_text: str) -> tuple[str, list[str]]:
    """What the copy is found to share with the origin (the texts of its passages)."""
    origin = analyze(ORIGIN, source="Valley Herald", published="2026-03-02")
    copy = analyze(copy_text, source="Millbrook Post", published="2026-03-09")
    _, found = with_corpus_features([origin, copy], CONFIG)
    texts = [copy_text[e.start : e.end] for e in found.evidence if e.label == "copied"]
    return copy_text, texts


@pytest.mark.parametrize("passage", [
    pytest.param(" ".join(PARAGRAPHS[:3]), id="verbatim"),
    pytest.param(PARAGRAPHS[0].replace("Monday", "Tuesday") + " "
                 + PARAGRAPHS[1].replace("almost", "nearly") + " "
                 + PARAGRAPHS[2].replace("summer", "autumn"), id="a word changed per sentence"),
    pytest.param(PARAGRAPHS[0] + " " + PARAGRAPHS[2], id="the middle sentence dropped"),
])
def test_three_sentences_taken_into_another_article_are_found(passage: str) -> None:
    copy_text, texts = shared_passages(host_with(passage))
    assert texts == [passage]


def test_a_passage_with_a_quotation_is_found_through_its_reporting_prose() -> None:
    passage = "\n\n".join(PARAGRAPHS[2:5])  # prose, the quoted statement, prose
    copy_text, texts = shared_passages(host_with(passage))
    assert texts == [passage]  # from the prose before the quotation to the prose after it


def test_a_short_sentence_with_a_word_changed_counts_beside_a_copied_one() -> None:
    short = "Board members then asked about the federal share."  # eight words
    origin = analyze(f"{ORIGIN}\n\n{short}", source="Valley Herald", published="2026-03-02")
    passage = PARAGRAPHS[5] + " " + short.replace("federal", "state")  # half its 3-grams left
    copy_text = host_with(passage)
    copy = analyze(copy_text, source="Millbrook Post", published="2026-03-09")
    _, result = with_corpus_features([origin, copy], CONFIG)
    (found,) = [e for e in result.evidence if e.label == "copied"]
    assert copy_text[found.start : found.end] == passage
    assert found.note.startswith("2 sentences")


def test_the_same_quotation_in_two_outlets_is_not_copying() -> None:
    statement = ("“We cannot wait for another wet season before we rebuild that bank. The water "
                 "rose to the top of the wall twice in January alone.\n\n“The families on "
                 "Mill Lane have sandbags stacked by their doors every night this spring,” the "
                 "chief engineer told the board.")
    first = f"{HOST_BEFORE}\n\n{statement}\n\n{HOST_AFTER}"
    second = (f"{PARAGRAPHS[0]}\n\n{statement}\n\nThe board will hear from residents of the "
              "valley at a public meeting in the library next month.")
    _, texts = shared_passages(first)
    assert texts == []
    results = with_corpus_features([analyze(first, source="Millbrook Post"),
                                    analyze(second, source="Valley Herald")], CONFIG)
    assert all(r.features["uncredited_copy_share"] == 0.0 for r in results)


def test_one_shared_sentence_is_not_copying() -> None:
    _, texts = shared_passages(host_with(PARAGRAPHS[1]))
    assert texts == []


def test_a_short_sentence_inside_several_sentences_of_another_counts_once() -> None:
    caption = "Dana Whitfield, chief engineer of the county water board, in March."
    first = analyze("\n\n".join([
        "Dana Whitfield, chief engineer of the county water board, said the levee needs work.",
        "The plan from Dana Whitfield, chief engineer of the county water board, costs more.",
        "Critics of Dana Whitfield, chief engineer of the county water board, want a review.",
    ]), source="Valley Herald")
    second = analyze(f"{HOST_BEFORE}\n\n{caption}\n\n{HOST_AFTER}", source="Millbrook Post")
    for result in with_corpus_features([first, second], CONFIG):
        assert result.features["uncredited_copy_share"] == 0.0


def test_a_two_sentence_sign_off_of_one_outlet_is_boilerplate_not_copying() -> None:
    sign_off = ("Stay with the Valley Herald for news from every town along the river this "
                "spring. Send your tips and photographs to the newsroom by email at any hour.")
    herald = [analyze(f"{paragraph}\n\n{sign_off}", source="Valley Herald")
              for paragraph in (PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[4])]
    other = analyze(host_with(sign_off), source="Millbrook Post")
    for result in with_corpus_features([*herald, other], CONFIG):
        assert result.features["uncredited_copy_share"] == 0.0


def test_a_weak_match_counts_only_in_line_with_a_strong_one() -> None:
    weak = CONFIG.copy_min_neighbour_containment
    # rows and columns: (0, 0) strong; (1, 1) weak in line; (2, 5) weak, too far; (3, 0) weak
    # but in the other order
    rows, columns = np.array([0, 1, 2, 3]), np.array([0, 1, 5, 0])
    found = aligned_cells(rows, columns, np.array([0.9, weak, weak, weak]), CONFIG)
    assert found.tolist() == [True, True, False, False]
    # a chain of weak matches hangs on one strong match; without one, nothing matches
    chain = aligned_cells(np.arange(4), np.arange(4), np.array([0.9, weak, weak, weak]), CONFIG)
    assert chain.all()
    alone = aligned_cells(np.arange(3), np.arange(3), np.full(3, weak), CONFIG)
    assert not alone.any()
    below = aligned_cells(np.arange(2), np.arange(2), np.array([0.9, weak - 0.01]), CONFIG)
    assert below.tolist() == [True, False]
