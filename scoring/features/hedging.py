"""Hedging and its opposite, unsupported certainty.

``hedges_per_100_words``: hedge cues (``lexicons/hedges.txt``: "reportedly", "allegedly", "may",
"it is believed") per 100 body words; >= 0, lower is more reliable. The modals may/might/could
count only when spaCy tags them as modals and they are not negated, so "May 2024", "the might of"
and "could not be reached" do not count.

``boosters_per_100_words``: certainty boosters (``lexicons/boosters.txt``: "clearly",
"undoubtedly", "without a doubt") per 100 body words; >= 0, lower is more reliable.

References: Hyland (2005) *Metadiscourse*, hedges and boosters; Farkas et al. (2010), CoNLL-2010
shared task on hedge (weasel) detection.
"""

from __future__ import annotations

from scoring.config import Config
from scoring.features._matching import longest_first, phrase_pattern, single_words
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_MODALS = {"may", "might", "could"}
_NEGATIONS = {"not", "n't", "never"}


def analyze_hedging(parsed: ParsedText, config: Config) -> FamilyResult:
    words = body_word_count(parsed)
    features = []
    for lexicon, feature, label in (("hedges", "hedges_per_100_words", "hedge"),
                                    ("boosters", "boosters_per_100_words", "booster")):
        spans = _cue_spans(parsed, lexicon)
        evidence = tuple(Evidence(feature, start, end, label, note) for start, end, note in spans)
        rate = 100.0 * len(spans) / words if words else 0.0
        features.append(FeatureResult(feature, rate, evidence))
    return FamilyResult(features=tuple(features))


def body_word_count(parsed: ParsedText) -> int:
    """Alphabetic tokens in the body sentences."""
    doc = parsed.doc
    return sum(
        1
        for sentence in parsed.body_sentences
        for token in doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if token.is_alpha
    )


def _cue_spans(parsed: ParsedText, lexicon: str) -> list[tuple[int, int, str]]:
    words = single_words(lexicon)
    pattern = phrase_pattern(lexicon)
    doc = parsed.doc
    spans: list[tuple[int, int, str]] = []
    for sentence in parsed.body_sentences:
        sentence_text = parsed.text[sentence.start : sentence.end]
        for match in pattern.finditer(sentence_text):
            spans.append((sentence.start + match.start(), sentence.start + match.end(),
                          f"{lexicon[:-1]}: '{match.group(0).lower()}'"))
        for token in doc.char_span(sentence.start, sentence.end, alignment_mode="expand"):
            lower = token.lower_
            if lower not in words:
                continue
            if lower in _MODALS and not _is_epistemic_modal(token):
                continue
            spans.append((token.idx, token.idx + len(token.text), f"{lexicon[:-1]}: '{lower}'"))
    return longest_first(spans)


def _is_epistemic_modal(token) -> bool:  # noqa: ANN001 - a spaCy Token
    if token.tag_ != "MD":
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is None or following.lower_ not in _NEGATIONS
