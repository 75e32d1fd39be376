"""People named: how often an article names people.

``person_names_per_100_words``: mentions of people by name in the body sentences per 100 body
words (0.0 for an empty body); >= 0, lower is more reliable. Pieces built around personalities
rather than events name people much more often: fake political articles used more proper nouns
than real ones (Horne and Adali 2017), and so do the lower-rated outlets in the project's
labelled data.

A mention is found in one of two ways, depending on the language model:

- with named entities (the spaCy pipeline): every ``PERSON`` entity that lies inside a body
  sentence, without a trailing possessive ("Lena Hartwick's speech" gives "Lena Hartwick");
- without them (``language_model = "blank"``): every run of two or more consecutive
  capitalised alphabetic words ("Teodor Vance") inside a body sentence, unless the run begins
  with the sentence's first word (where every word is capitalised: "The Harbour Board said")
  or all its words are in ``lexicons/name_stopwords.txt`` (days, months, "United States").
  This fallback is rough: it also counts places and organisations ("Gullrock Ferry").

Each mention is one evidence span (label ``person_name``, note: the name as written); every
mention counts, so a person named three times counts three times.

Reference: Horne and Adali (2017), "This Just In: Fake News Packs a Lot in Title, Uses Simpler,
Repetitive Content in Text Body, More Similar to Satire than Real News", ICWSM NECO workshop.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from scoring.config import Config
from scoring.features.hedging import body_word_count
from scoring.lexicons import word_set
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_FEATURE = "person_names_per_100_words"
_POSSESSIVES = ("'s", "’s")
_MIN_RUN_WORDS = 2


def analyze_names(parsed: ParsedText, config: Config) -> FamilyResult:
    words = body_word_count(parsed)
    doc = parsed.doc
    if doc.has_annotation("ENT_IOB"):
        # the Doc's entities are gathered once: spaCy's ``Span.ents`` gathers them all again
        # for every sentence
        people = [entity for entity in doc.ents if entity.label_ == "PERSON"]
        starts = [entity.start for entity in people]

        def find_names(span: SpacySpan) -> Iterator[tuple[int, int]]:
            first = bisect.bisect_left(starts, span.start)
            inside = itertools.takewhile(lambda entity: entity.end <= span.end, people[first:])
            return _person_names(inside)
    else:
        find_names = _capitalised_runs
    evidence = []
    for sentence in parsed.body_sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        for start, end in find_names(span):
            if sentence.start <= start < end <= sentence.end:
                evidence.append(Evidence(_FEATURE, start, end, "person_name",
                                         parsed.text[start:end]))
    rate = 100.0 * len(evidence) / words if words else 0.0
    return FamilyResult(features=(FeatureResult(_FEATURE, rate, tuple(evidence)),))


def _person_names(people: Iterable[SpacySpan]) -> Iterator[tuple[int, int]]:
    """Where PERSON entities name someone: without a trailing possessive."""
    for entity in people:
        name = entity.text
        if name.endswith(_POSSESSIVES):
            name = name[: -len("'s")].rstrip()
        if name:
            yield entity.start_char, entity.start_char + len(name)


def _capitalised_runs(sentence: SpacySpan) -> Iterator[tuple[int, int]]:
    """Runs of two or more capitalised words, not at the sentence's start, not all stop words."""
    stopwords = _stopwords()
    first_word = next((token.i for token in sentence if token.is_alpha), None)
    run: list[Token] = []
    for token in (*sentence, None):
        if token is not None and _is_capitalised(token):
            run.append(token)
            continue
        if len(run) >= _MIN_RUN_WORDS and run[0].i != first_word \
                and not all(word.lower_ in stopwords for word in run):
            yield run[0].idx, run[-1].idx + len(run[-1].text)
        run = []


@cache
def _stopwords() -> frozenset[str]:
    return word_set("name_stopwords")


def _is_capitalised(token: Token) -> bool:
    """A word with a capital first letter and lower-case letters after it: "Vance", "McAllister";
    not "NATO" or "I"."""
    text = token.text
    return token.is_alpha and text[0].isupper() and any(ch.islower() for ch in text[1:])
