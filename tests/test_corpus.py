import numpy as np
from conftest import analyze
from datasketch import MinHash

from scoring.config import Config
from scoring.corpus import (
    credit_key,
    find_credits,
    fingerprint,
    minhash_signatures,
    originality,
    shingle_codes,
    with_corpus_features,
)
from scoring.pipeline import score_analyses

ORIGINAL = ("The harbour commission voted on Tuesday to award the ferry contract to Sable Point "
            "Marine after a long search. The new service will run six round trips a day starting "
            "in May, the commission chair said. Fares will rise by a dollar for adults and stay "
            "the same for children under twelve, according to the contract.")
FILLER = ("Residents welcomed the news at a meeting on Wednesday night in the old town hall. "
          "Several of them asked whether the winter timetable would keep its early boat.")
CONFIG = Config()


def copied(result, label):
    return [e for e in result.evidence if e.label == label]


def test_uncredited_copy_of_an_earlier_article_is_charged_and_the_origin_is_not():
    original = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    copy_text = ORIGINAL.replace("Tuesday", "Tuesday evening") + " " + FILLER
    copy = analyze(copy_text, source="Valley Courier", published="2026-03-05")
    result_original, result_copy = with_corpus_features([original, copy], CONFIG)
    assert result_copy.features["uncredited_copy_share"] == 3 / 5
    assert result_copy.features["credited_copy_share"] == 0.0
    assert result_original.features["uncredited_copy_share"] == 0.0
    assert result_original.features["reused_by_others_count"] == 1
    (passage,) = copied(result_copy, "copied")
    assert copy_text[passage.start : passage.end] == ORIGINAL.replace("Tuesday",
                                                                      "Tuesday evening")
    assert "3 sentences" in passage.note and "Harbor Ledger" in passage.note
    assert "published earlier" in passage.note and "no credit" in passage.note
    (origin,) = copied(result_original, "copied by others")
    assert "Valley Courier" in origin.note and "published later" in origin.note


def test_a_copy_that_names_its_origin_is_credited_reuse():
    original = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    copy_text = ORIGINAL + " The contract was first reported by the Harbor Ledger. " + FILLER
    copy = analyze(copy_text, source="Valley Courier", published="2026-03-05")
    _, result = with_corpus_features([original, copy], CONFIG)
    assert result.features["uncredited_copy_share"] == 0.0
    assert result.features["credited_copy_share"] == 3 / 6
    (passage,) = copied(result, "credited copy")
    assert "names the outlet" in passage.note


def test_a_notice_of_other_media_is_credit_too():
    original = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    copy = analyze(ORIGINAL + " " + FILLER + " Analysis based on open media reports.",
                   source="TrendPulse Daily", published="2026-03-06")
    _, result = with_corpus_features([original, copy], CONFIG)
    assert result.features["credited_copy_share"] > 0
    assert "based on other media" in copied(result, "credited copy")[0].note


def test_without_dates_the_order_is_unknown_and_both_share_the_text():
    first = analyze(ORIGINAL + " " + FILLER, source="Harbor Ledger")
    second = analyze(ORIGINAL, source="Valley Courier")
    results = with_corpus_features([first, second], CONFIG)
    assert [r.features["uncredited_copy_share"] for r in results] == [3 / 5, 1.0]
    assert all("order unknown" in copied(r, "copied")[0].note for r in results)


def test_credit_decides_the_order_when_dates_tie():
    first = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    second = analyze(ORIGINAL + " The Harbor Ledger reported the vote first.",
                     source="Valley Courier", published="2026-03-04")
    origin, copy = with_corpus_features([first, second], CONFIG)
    assert origin.features["reused_by_others_count"] == 1
    assert copy.features["credited_copy_share"] > 0


def test_near_miss_same_source_unrelated_text_and_one_shared_sentence_are_not_copies():
    first = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    again = analyze(ORIGINAL + " More details will follow later this week.",
                    source="Harbor Ledger", published="2026-03-05")
    other = analyze("The library will open on Sundays from April, the head librarian told "
                    "the council on Monday evening.", source="Valley Courier")
    quote = analyze(ORIGINAL.split(". ")[0] + ". " + FILLER, source="Meridian Review",
                    published="2026-03-06")  # one sentence in common: a quote, not copying
    results = with_corpus_features([first, again, other, quote], CONFIG)
    for result in results:
        assert result.features["uncredited_copy_share"] == 0.0
        assert result.features["credited_copy_share"] == 0.0


def test_boilerplate_of_a_source_is_neither_compared_nor_counted():
    sign_off = ("Stay with the Valley Courier for updates on this story and others across the "
                "county every day.")
    articles = [analyze(f"Story number {n} is about the {topic} and what the council will do "
                        f"about it next month. {sign_off}", source="Valley Courier")
                for n, topic in enumerate(["harbour", "library", "bridge"])]
    # another outlet printing the same line once is then not charged for it either
    other = analyze(f"The mayor spoke about the budget on Monday at length. {sign_off} "
                    f"{sign_off}", source="Harbor Ledger")
    for result in with_corpus_features([*articles, other], CONFIG):
        assert result.features["uncredited_copy_share"] == 0.0


def test_originality_levels_follow_the_cutoffs():
    assert [originality(share, CONFIG) for share in (0.0, 0.09, 0.1, 0.5, 0.79, 0.8, 1.0)] == [
        "original", "original", "partly derived", "mostly derived", "mostly derived",
        "wholesale copy", "wholesale copy"]


def test_whole_copy_is_a_wholesale_copy_in_the_scored_result():
    original = analyze(ORIGINAL, source="Harbor Ledger", published="2026-03-04")
    copy = analyze(ORIGINAL, source="Valley Courier", published="2026-03-05")
    first, second = score_analyses([original, copy], CONFIG)
    assert (first.corpus.originality, second.corpus.originality) == ("original",
                                                                     "wholesale copy")
    (passage,) = second.corpus.passages
    assert (passage.role, passage.credit, passage.sentences) == ("copy", "none", 3)
    assert (passage.other_start, passage.other_end) == (0, len(ORIGINAL))
    assert second.contributions["uncredited_copy_share"] < 0


def test_signatures_equal_datasketch_minhash():
    codes = [shingle_codes(text, 3) for text in ORIGINAL.split(". ")]
    expected = []
    for sentence in codes:
        minhash = MinHash(num_perm=64, seed=1, hashfunc=int)
        minhash.update_batch(sentence.tolist())
        expected.append(minhash.hashvalues)
    assert np.array_equal(minhash_signatures(codes, 64), np.array(expected))


def test_fingerprint_codes_equal_per_sentence_shingles():
    analysis = analyze(ORIGINAL + " " + FILLER, source="Harbor Ledger")
    found = fingerprint(analysis, CONFIG)
    text = analysis.article.text
    for number, (start, end) in enumerate(found.spans.tolist()):
        assert np.array_equal(found.codes[found.bounds[number] : found.bounds[number + 1]],
                              shingle_codes(text[start:end], CONFIG.copy_shingle_words))
    window = CONFIG.copy_window_sentences
    assert found.bands.shape == (len(found.spans) - window + 1, len(found.bands[0]))


def test_credits_are_found_in_their_usual_forms():
    text = ("The vote was close (Reuters). Fares rise, according to the Harbor Ledger. "
            "The BBC reported the delay. Figures came from Statistics Canada.")
    keys = [key for key, _, _ in find_credits(text)]
    assert keys == ["reuters", "harborledger", "bbc", "statisticscanada"]
    assert credit_key("The Harbor Ledger's") == "harborledger"


def test_two_outlets_printing_the_same_wire_copy_are_syndication():
    wire = "PORT CALDER (Reuters) - " + ORIGINAL
    first = analyze(wire + " " + FILLER, source="Harbor Ledger", published="2026-03-04")
    second = analyze(wire, source="Valley Courier", published="2026-03-05")
    near_miss = analyze(ORIGINAL + " Reuters was not at the meeting.", source="Meridian Review",
                        published="2026-03-06")  # names the agency only as a subject
    _, copy, other = with_corpus_features([first, second, near_miss], CONFIG)
    assert copy.features["uncredited_copy_share"] == 0.0
    assert copy.features["credited_copy_share"] == 1.0
    assert "same news agency" in copied(copy, "credited copy")[0].note
    assert other.features["uncredited_copy_share"] > 0


def test_outlets_quoting_the_same_statement_do_not_copy_each_other():
    statement = ("“We will lift the advisory only after two consecutive clean samples from every "
                 "part of the network. Until then residents should boil their tap water for one "
                 "full minute before drinking it.”")
    first = analyze(f"The health officer spoke on Tuesday evening at the depot. {statement} "
                    "Marsh said the samples were taken at noon.", source="Harbor Ledger",
                    published="2026-03-04")
    second = analyze(f"Marsh told reporters at a briefing: {statement} The council meets on "
                     "Friday to discuss the pipes.", source="Valley Courier",
                     published="2026-03-05")
    for result in with_corpus_features([first, second], CONFIG):
        assert result.features["uncredited_copy_share"] == 0.0
