"""The style family: headline signals, the writer's voice, sourcing and specifics."""

import math

import pytest
from conftest import analyze, evidence_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.config import Config
from scoring.features import FAMILIES
from scoring.features.specs import FEATURES
from scoring.features.style import analyze_style
from scoring.model import load_weights
from scoring.text import parse_text

BLANK = Config(language_model="blank")
STYLE_FEATURES = [name for name, spec in FEATURES.items() if spec.family == "style"]


def style_values(text: str, title: str = "") -> dict[str, float]:
    result = analyze_style(parse_text(text, title=title, config=BLANK), BLANK)
    return {feature.name: feature.value for feature in result.features}


def test_registered_after_readability_with_a_spec_and_a_weights_entry_per_feature():
    families = list(FAMILIES)
    assert families.index("style") == families.index("readability") + 1
    assert list(style_values("A short text about the harbour, written plainly.")) \
        == STYLE_FEATURES
    assert set(STYLE_FEATURES) <= set(load_weights().names)


def test_empty_text_gives_zeros():
    assert style_values("") == dict.fromkeys(STYLE_FEATURES, 0.0)


def test_empty_body_with_a_headline_gives_zeros_for_the_body():
    values = style_values("", "A headline")
    assert values["title_word_count"] == 2.0 and values["title_stopword_share"] == 0.5
    assert all(values[name] == 0.0 for name in STYLE_FEATURES if not name.startswith("title"))


# --- the headline ---------------------------------------------------------------------------------

BODY = "\n\nThe council met on Monday and approved the harbour budget for the coming year."


def test_title_word_count():
    assert analyze("Fed raises rates by a quarter point" + BODY,
                   title="Fed raises rates by a quarter point").features["title_word_count"] == 7


@pytest.mark.parametrize(("title", "caps"), [
    ("SHOCKING news about the FBI and the mayor", ["SHOCKING"]),
    ("Council backs ANTI-TOURISM plan", ["ANTI-TOURISM"]),
    # near misses: acronyms, the country, initials, a possessive acronym, COVID-19
    ("FBI and US agree on NATO plan for the U.S. coast", []),
    ("The FBI's COVID-19 inquiry in World War II archives", []),
    ("OPINION | The harbour plan deserves a second look", []),
])
def test_title_caps_share(title, caps):
    analysis = analyze(title + BODY, title=title)
    assert evidence_texts(analysis, "title_caps") == caps
    words = analysis.features["title_word_count"]
    assert analysis.features["title_caps_share"] == pytest.approx(len(caps) / words)


def test_title_only_in_metadata_gives_empty_spans_with_the_words_in_the_note():
    analysis = analyze(BODY.strip(), title="SHOCKING news: is the pier lost?")
    caps = [e for e in analysis.evidence if e.label == "title_caps"]
    assert [(e.start, e.end) for e in caps] == [(0, 0)]
    assert "'SHOCKING'" in caps[0].note
    marks = [e for e in analysis.evidence if e.label == "title_punctuation"]
    assert len(marks) == 1 and "'?'" in marks[0].note and marks[0].start == marks[0].end == 0
    assert analysis.features["title_punctuation_count"] == 1


@pytest.mark.parametrize(("title", "marks"), [
    ("Is this the end of the pier?!", ["?", "!"]),
    ("Mayor opens new bridge: a day of celebration", []),
])
def test_title_punctuation_count(title, marks):
    analysis = analyze(title + BODY, title=title)
    assert evidence_texts(analysis, "title_punctuation") == marks
    assert analysis.features["title_punctuation_count"] == len(marks)


@pytest.mark.parametrize(("title", "cues"), [
    ("You Won't Believe What Happened Next at the Harbour", ["You Won't Believe",
                                                               "What Happened Next"]),
    ("10 reasons why the ferry is always late", ["10 reasons"]),
    ("Here's why the council closed the library", ["Here's why"]),
    ("Port Calder crisis: 5 things everyone should know", ["5 things"]),
    ("Mayor just admitted the plan failed", ["just admitted"]),
    # near misses: a number leading a plain report, "just" as "only", an explainer formula
    ("5 killed in crash on coastal road", []),
    ("Just 5% of voters back the harbour plan", []),
    ("What to know about the boil-water advisory", []),
])
def test_clickbait_title_count(title, cues):
    analysis = analyze(title + BODY, title=title)
    assert evidence_texts(analysis, "clickbait") == cues
    assert analysis.features["clickbait_title_count"] == len(cues)


def test_title_stopword_share():
    assert style_values(BODY, "The mayor of the town is out")["title_stopword_share"] \
        == pytest.approx(5 / 7)
    assert style_values(BODY, "Trump Putin Summit Talks Collapse")["title_stopword_share"] == 0.0


# --- the writer's voice ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pronouns"), [
    ('We went down to the harbour. "I am not worried," the mayor said.', ["We"]),
    ("In my view our council has failed us, and I know it.", ["my", "our", "us", "I"]),
    # near misses: the country, a numeral, the pit, quoted words
    ("The US and U.S. Navy ships sailed in World War I near the old coal mine.", []),
    ('"We will rebuild," said the harbour master, "and my crew will help."', []),
])
def test_first_person_outside_quotations(text, pronouns):
    analysis = analyze(text)
    assert evidence_texts(analysis, "first_person") == pronouns
    assert analysis.features["first_person_per_100_words"] == pytest.approx(
        100 * len(pronouns) / analysis.features["word_count"])


@pytest.mark.parametrize(("text", "pronouns"), [
    ('You should read this before your trip. "You are wrong," she told him.', ["You", "your"]),
    ("Visitors to YouTube and the Yourtown museum were counted.", []),
])
def test_second_person_outside_quotations(text, pronouns):
    assert evidence_texts(analyze(text), "second_person") == pronouns


def test_exclamation_share_counts_the_writers_exclamations_only():
    text = 'This is a disgrace! The council met on Monday. "Stop the works!" she shouted.'
    analysis = analyze(text)
    assert evidence_texts(analysis, "exclamation") == ["This is a disgrace!"]
    assert 0 < analysis.features["exclamation_share"] <= 0.5
    assert analyze("The council met on Monday.").features["exclamation_share"] == 0.0


def test_question_share_counts_the_writers_questions_only():
    text = 'Who benefits from this plan? Nobody does. "Why now?" the mayor asked the board.'
    analysis = analyze(text)
    assert evidence_texts(analysis, "question") == ["Who benefits from this plan?"]
    assert analyze('"Why now?" the mayor asked.').features["question_share"] == 0.0


@pytest.mark.parametrize(("text", "words"), [
    ('The outrageous plan is a disgrace and a witch hunt. "It is a disgrace," he said.',
     ["outrageous", "disgrace", "witch hunt"]),
    ("Frankly, the so-called reform is RIDICULOUS.", ["Frankly", "so-called", "RIDICULOUS"]),
    # near misses: factual uses of strong words, and quoted emotion
    ("The storm caused catastrophic flooding and seriously injured three people.", []),
    ('Residents were "furious and terrified", the mayor said.', []),
])
def test_subjective_words_outside_quotations(text, words):
    analysis = analyze(text)
    assert evidence_texts(analysis, "subjective_word") == words


def test_all_caps_words_that_are_not_acronyms():
    text = "The mayor said the plan was a TOTAL DISASTER for the NATO summit and the FBI."
    analysis = analyze(text)
    assert evidence_texts(analysis, "all_caps") == ["TOTAL", "DISASTER"]
    assert analysis.features["all_caps_per_100_words"] == pytest.approx(
        200 / analysis.features["word_count"])


def test_all_caps_leaves_out_datelines_labels_and_spelled_out_acronyms():
    text = ("FILE - The harbour in winter.\n\nWASHINGTON (AP) — The Calder Residents Union "
            "(CRU) sued the city. The CRU said the NAACP was FURIOUS.")
    assert evidence_texts(analyze(text), "all_caps") == ["FURIOUS"]


@pytest.mark.parametrize("text", [
    "The survey was published by USA TODAY and the CMBS market fell, the report said.",
    "AMY GOODMAN: Welcome back to the programme, and thank you for joining us today.",
])
def test_all_caps_near_misses(text):
    assert evidence_texts(analyze(text), "all_caps") == []


# --- sourcing and specifics -----------------------------------------------------------------------


def test_quotation_char_share():
    text = 'The mayor said: "We will rebuild the pier." Work starts in the spring.'
    analysis = analyze(text)
    assert evidence_texts(analysis, "quotation") == ['"We will rebuild the pier."']
    quoted = len('"We will rebuild the pier."')
    body = len(text) - 1  # two sentences: the space between them is in neither
    assert analysis.features["quotation_char_share"] == pytest.approx(quoted / body)


@pytest.mark.parametrize("text", [
    "The mayor's plan isn't ready, and the board's vote won't come soon.",  # apostrophes
    'He said "the plan will fail and nobody closed the quote',               # unclosed
])
def test_quotation_near_misses(text):
    assert analyze(text).features["quotation_char_share"] == 0.0


def test_figures_outside_dates():
    text = "Prices rose 5% to $3.2 million, and 1,200 homes lost power on March 3, 2025."
    analysis = analyze(text)
    assert evidence_texts(analysis, "figure") == ["5%", "$3.2 million", "1,200"]
    assert analysis.features["figures_per_100_words"] == pytest.approx(
        300 / analysis.features["word_count"])


def test_figures_near_misses():
    text = "COVID-19 cases rose in 2019 after the 3rd wave, and the F-35 deal stalled at 10:30."
    assert evidence_texts(analyze(text), "figure") == []


def test_dates():
    text = ("The council met on Tuesday and voted on March 3, 2025. The pier reopens in May 2026. "
            "Power returned at 4:40 a.m. yesterday, three days ago.")
    analysis = analyze(text)
    assert evidence_texts(analysis, "date") == ["Tuesday", "March 3, 2025", "May 2026",
                                                "4:40 a.m.", "yesterday", "days ago"]
    assert analysis.features["dates_per_100_words"] == pytest.approx(
        600 / analysis.features["word_count"])


def test_dates_near_misses():
    text = "Residents may leave early. The 2019 report said that visitors may come back."
    assert evidence_texts(analyze(text), "date") == []


@pytest.mark.parametrize(("text", "dateline"), [
    ("WASHINGTON (Reuters) - The Senate passed the bill after a long debate.",
     "WASHINGTON (Reuters) -"),
    ("LONDON, March 3 (AP) — The bank raised its main rate by a quarter point.",
     "LONDON, March 3 (AP) —"),
    ("NEW YORK — Stocks fell sharply in early trading on the exchange.", "NEW YORK —"),
    ("SAN JUAN, Puerto Rico (AP) — The storm knocked out power to the island.",
     "SAN JUAN, Puerto Rico (AP) —"),
    ("(CNN) — Leaders of the group met the attorney general's team this week.", "(CNN) —"),
    ("FILE - The senator speaks in a photo.\n\nBEIRUT, Lebanon — Protesters gathered again.",
     "BEIRUT, Lebanon —"),
])
def test_dateline(text, dateline):
    analysis = analyze(text)
    assert evidence_texts(analysis, "dateline") == [dateline]
    assert analysis.features["dateline_count"] == 1


@pytest.mark.parametrize("text", [
    "FILE - In this photo, the senator speaks to reporters.\n\nThe Senate passed the bill.",
    "Washington is divided over the bill - again, officials said.",
    "UPDATE: The council has postponed the vote until the spring.",
])
def test_dateline_near_misses(text):
    assert analyze(text).features["dateline_count"] == 0


@pytest.mark.parametrize(("text", "byline"), [
    ("Harbour reopens\n\nBy Jane Doe and John Roe, Reuters\n\nThe harbour reopened on Monday.",
     "By Jane Doe and John Roe, Reuters"),
    ("Harbour reopens\n\nBY JANE DOE\n\nThe harbour reopened on Monday after repairs.",
     "BY JANE DOE"),
])
def test_byline(text, byline):
    analysis = analyze(text, title="Harbour reopens")
    assert evidence_texts(analysis, "byline") == [byline]
    assert analysis.features["byline_count"] == 1


def test_byline_near_miss():
    text = "By Monday, the city had spent all of its emergency budget on the repairs."
    assert analyze(text).features["byline_count"] == 0


# --- the whole body -------------------------------------------------------------------------------


def test_mean_sentence_words():
    assert style_values("The cat sat down on the mat. It slept.")["mean_sentence_words"] == 4.5


def test_lexical_variety_is_the_moving_average_type_token_ratio():
    ten = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    assert style_values(" ".join([ten] * 10) + ".")["lexical_variety"] == pytest.approx(0.2)
    assert style_values("the the the the.")["lexical_variety"] == pytest.approx(0.25)
    assert style_values(ten + ".")["lexical_variety"] == 1.0


# --- properties -----------------------------------------------------------------------------------

WORDS = ["the", "mayor", "said", "We", "I", "you", "US", "FBI", "OUTRAGEOUS", "outrageous",
         "so-called", "“", "”", '"', "'", "!", "?", ".", ",", "\n", "\n\n", "42", "5%", "$3",
         "March", "3", "May", "2026", "Tuesday", "yesterday", "WASHINGTON", "(AP)", "—", "By",
         "Jane", "Doe", "é", "\x00", "\t", "mine", "you won't believe", "5 things"]
news_like = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
SHARES = {name for name in STYLE_FEATURES if FEATURES[name].unit == "share"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(news_like, st.text(max_size=400)), st.one_of(news_like, st.text(max_size=80)))
def test_values_finite_spans_inside_and_deterministic(text, title):
    parsed = parse_text(text, title=title, config=BLANK)
    result = analyze_style(parsed, BLANK)
    assert [f.name for f in result.features] == STYLE_FEATURES
    for feature in result.features:
        assert math.isfinite(feature.value) and feature.value >= 0, feature
        if feature.name in SHARES:
            assert feature.value <= 1.0, feature
        for span in feature.evidence:
            assert span.feature == feature.name
            assert 0 <= span.start <= span.end <= len(text)
    assert analyze_style(parse_text(text, title=title, config=BLANK), BLANK) == result
