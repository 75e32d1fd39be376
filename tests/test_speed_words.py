"""The array component that replaces spaCy's attribute ruler and lemmatizer
(:func:`scoring.text._annotate_words_with_arrays`) gives every token what they give it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from scoring.config import Config
from scoring.ingest import iter_inputs
from scoring.text import _WORD_COMPONENT, _compile_ruler, _harden_tokenizer, get_nlp
from scoring.types import Article

ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE",
         "SENT_START"]
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def sample_texts() -> list[str]:
    return [item.text for item in iter_inputs([SAMPLE], Config()) if isinstance(item, Article)]

# texts that reach the ruler's rarer rules: multi-token patterns, the token a pattern changes
# not being its first, regular expressions, whitespace tokens, the lemmas it sets itself
TRICKY = [
    "We're gonna win, y'all. Let's go! C'mon, it ain't over; you gotta believe.",
    "There is a problem and there's another. There were three of them, weren't there?",
    "I'd say he'd've known.   She \n\n said  so.\tThey don't; we won't; it isn't; I cannot.",
    "Something's wrong: nobody, anybody, everyone and any1 know it. He gets it; she got it.",
    "But the vote, but not the budget, passed. Her book is hers, its cover is its own.",
    "",
    "   ",
    "Y all the C m on the gon na got ta.",
    "ÉMILE SAID: « Ça va ». 3.5% of $40bn on 12/03/2026 at 4:40 p.m.",
]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Language, Language]:
    config = Config()
    stock = spacy.load(config.language_model)
    _harden_tokenizer(stock.tokenizer, config.max_word_chars)
    return stock, get_nlp(config.language_model, max_word_chars=config.max_word_chars)


def test_the_component_takes_the_place_of_the_two(pipelines):
    stock, ours = pipelines
    names = stock.pipe_names
    at = names.index("attribute_ruler")
    assert ours.pipe_names == [*names[:at], _WORD_COMPONENT, *names[at + 2 :]]


def test_every_token_gets_what_the_stock_pipeline_gives_it(pipelines):
    stock, ours = pipelines
    texts = [*TRICKY, *sample_texts()]
    for expected, got in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert (expected.to_array(ATTRS) == got.to_array(ATTRS)).all(), expected.text[:60]
        assert [(t.lemma_, t.pos_, str(t.morph)) for t in expected] \
            == [(t.lemma_, t.pos_, str(t.morph)) for t in got]


def test_a_ruler_with_a_pattern_it_cannot_read_is_kept(pipelines):
    stock, _ = pipelines
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}]], {"POS": "DET"})
    assert _compile_ruler(ruler) is None
    assert _compile_ruler(stock.get_pipe("attribute_ruler")) is not None


def test_the_blank_pipeline_is_left_alone():
    assert _WORD_COMPONENT not in get_nlp("blank").pipe_names
