import pytest
from conftest import analyze, evidence_texts

from scoring.config import Config
from scoring.features.names import analyze_names
from scoring.text import parse_text

BLANK = Config(language_model="blank")
FARES = ("Ferry fares to rise\n\n"
         "The harbour board voted on Tuesday to raise ferry fares by a tenth. "
         "Board chair Marisol Okafor said the rise was needed to pay for new engines. "
         "Councillor Osric Pell called the vote rushed and asked for a second reading.")
"""A title and three body sentences of 13, 14 and 13 words naming two people."""


def names(text, config=None):
    config = config or Config()
    [result] = analyze_names(parse_text(text, config=config), config).features
    assert result.name == "person_names_per_100_words"
    return result


def spans(result, text):
    return [(e.start, e.end, text[e.start : e.end]) for e in result.evidence]


def test_person_entities_with_exact_offsets_per_100_body_words():
    result = names(FARES)
    okafor, pell = FARES.index("Marisol Okafor"), FARES.index("Osric Pell")
    assert spans(result, FARES) == [(okafor, okafor + 14, "Marisol Okafor"),
                                    (pell, pell + 10, "Osric Pell")]
    assert [(e.label, e.note) for e in result.evidence] == [
        ("person_name", "Marisol Okafor"), ("person_name", "Osric Pell")]
    assert result.value == pytest.approx(100 * 2 / 40)


def test_every_mention_counts_and_the_title_is_not_the_body():
    text = ("Okafor Defends Fare Rise\n\n"
            "The fare rise was defended on Friday by the board chair, Marisol Okafor. "
            "Critics said Marisol Okafor had ignored the engineers and their advice.")
    assert [e.note for e in names(text).evidence] == ["Marisol Okafor", "Marisol Okafor"]


def test_a_trailing_possessive_is_left_out_of_the_name():
    text = ("The ferry vote was delayed again this week.\n\n"
            "The vote followed Lena Hartwick's speech to the board about the old engines.")
    parsed = parse_text(text)
    # the entity recogniser includes the possessive here; the feature must not
    assert [e.text for e in parsed.doc.ents if e.label_ == "PERSON"] == ["Lena Hartwick's"]
    start = text.index("Lena Hartwick")
    assert spans(names(text), text) == [(start, start + len("Lena Hartwick"), "Lena Hartwick")]


def test_the_feature_is_registered_with_its_evidence():
    analysis = analyze(FARES)
    assert evidence_texts(analysis, "person_name") == ["Marisol Okafor", "Osric Pell"]
    assert analysis.features["person_names_per_100_words"] == pytest.approx(
        200 / analysis.features["word_count"])


def test_lexical_mode_finds_capitalised_runs_inside_a_sentence():
    text = "The new timetable was drawn up by Marisol Okafor and her team at the harbour."
    result = names(text, BLANK)
    start = text.index("Marisol Okafor")
    assert spans(result, text) == [(start, start + 14, "Marisol Okafor")]
    assert result.value == pytest.approx(100 / 15)


@pytest.mark.parametrize("text", [
    # sentence-initial: every word of a name-like opening is capitalised anyway
    "Harbour Board members met to discuss the timetable for the summer.",
    "Okafor said the timetable would change in the summer.",
    # days and months, alone or together, and other stop-list runs
    "The ferry will run again on Monday after the repairs to the pier.",
    "The ferry returns on Monday March 9 after the repairs to the pier.",
    "The engines were built in the United States and shipped over in pieces.",
    # one capitalised word is not a run; an acronym is not a capitalised word
    "The board said Okafor had asked NATO Ministers for nothing at all.",
])
def test_lexical_mode_near_misses(text):
    result = names(text, BLANK)
    assert result.evidence == ()
    assert result.value == 0.0


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Ferry Fares Rise Again"])
@pytest.mark.parametrize("config", [Config(), BLANK], ids=["spacy", "blank"])
def test_an_empty_body_gives_zero(text, config):
    result = names(text, config)
    assert (result.value, result.evidence) == (0.0, ())
