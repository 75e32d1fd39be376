"""Text repeated inside one article (a body printed twice, paragraphs pasted again).

- ``repeated_sentence_char_share``: characters of body sentences whose normalised text already
  occurred earlier in the article, over all body-sentence characters; in [0, 1], lower is more
  reliable. A body printed twice gives about 0.5.
- ``repeated_paragraph_char_share``: the same over body paragraphs.

Only units of at least ``config.min_repeat_chars`` characters count, so short stock phrases do not.
These are the Gopher duplicate-line and duplicate-paragraph character fractions (Rae et al. 2021),
as documented by TextDescriptives, with the repeats kept as evidence.
"""

from __future__ import annotations

from scoring.config import Config
from scoring.text import normalise
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText, Span


def analyze_duplication(parsed: ParsedText, config: Config) -> FamilyResult:
    sentences = [Span(s.start, s.end) for s in parsed.body_sentences]
    body_paragraphs = sorted({s.paragraph for s in parsed.body_sentences})
    paragraphs = [parsed.paragraphs[i] for i in body_paragraphs]
    features = []
    for feature, unit, units in (("repeated_sentence_char_share", "sentence", sentences),
                                 ("repeated_paragraph_char_share", "paragraph", paragraphs)):
        total = sum(u.end - u.start for u in units)
        repeats = _repeats(parsed.text, units, config.min_repeat_chars, feature, unit)
        repeated = sum(e.end - e.start for e in repeats)
        features.append(FeatureResult(feature, repeated / total if total else 0.0, repeats))
    return FamilyResult(features=tuple(features))


def _repeats(text: str, units: list[Span], min_chars: int, feature: str,
             unit: str) -> tuple[Evidence, ...]:
    first_seen: dict[str, int] = {}
    evidence = []
    for span in units:
        key = normalise(text[span.start : span.end])
        if len(key) < min_chars:
            continue
        if key in first_seen:
            evidence.append(Evidence(feature, span.start, span.end, "duplicate",
                                     f"repeats the {unit} at character {first_seen[key]}"))
        else:
            first_seen[key] = span.start
    return tuple(evidence)
