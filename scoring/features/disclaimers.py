"""AI and provenance disclaimers, and leftovers of machine-written text.

- ``ai_disclosure_count``: statements that *this* text was generated or assisted by AI
  (``lexicons/ai_disclosure.txt``). An article about AI does not fire: the statement must be about
  the content itself.
- ``machine_leftover_count``: chatbot replies ("As an AI language model", "Certainly! Here is")
  from ``lexicons/machine_leftovers.txt``, and image-generation prompts left as a paragraph
  ("A dramatic image symbolizing ...", ``lexicons/image_prompts.txt``).
- ``derived_notice_count``: notices that the text is an analysis or rewrite of other media
  ("Analysis based on open media from ...", ``lexicons/derived_notice.txt``).

Counts >= 0; lower is more reliable. A sentence counts once, in that order of precedence; text
inside quotation marks does not count (an article may quote a chatbot).
"""

from __future__ import annotations

from scoring.config import Config
from scoring.features._matching import inside_quotation
from scoring.lexicons import load_patterns
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_SENTENCE_RULES = (
    ("ai_disclosure", "ai_disclosure_count", "ai_disclaimer", "AI-generated content disclosure"),
    ("machine_leftovers", "machine_leftover_count", "machine_leftover", "chatbot leftover"),
    ("derived_notice", "derived_notice_count", "derived_notice",
     "says it is derived from other media"),
)


def analyze_disclaimers(parsed: ParsedText, config: Config) -> FamilyResult:
    evidence: list[Evidence] = []
    prompt_paragraphs = _image_prompt_paragraphs(parsed)
    evidence.extend(prompt_paragraphs)
    covered = {(e.start, e.end) for e in prompt_paragraphs}
    for sentence in parsed.sentences:
        if sentence.kind == "title":
            continue
        paragraph = parsed.paragraphs[sentence.paragraph]
        if (paragraph.start, paragraph.end) in covered:
            continue
        sentence_text = parsed.text[sentence.start : sentence.end]
        hit = _first_rule(sentence_text)
        if hit is not None:
            feature, label, note = hit
            evidence.append(Evidence(feature, sentence.start, sentence.end, label, note))
    features = tuple(
        FeatureResult(feature, float(sum(e.feature == feature for e in evidence)),
                      tuple(e for e in evidence if e.feature == feature))
        for feature in ("ai_disclosure_count", "machine_leftover_count", "derived_notice_count")
    )
    return FamilyResult(features=features)


def _first_rule(sentence_text: str) -> tuple[str, str, str] | None:
    for lexicon, feature, label, note in _SENTENCE_RULES:
        for pattern in load_patterns(lexicon):
            match = pattern.search(sentence_text)
            if match and not inside_quotation(sentence_text, match.start()):
                return feature, label, f"{note}: '{match.group(0)}'"
    return None


def _image_prompt_paragraphs(parsed: ParsedText) -> list[Evidence]:
    found = []
    for index, paragraph in enumerate(parsed.paragraphs):
        kinds = {s.kind for s in parsed.sentences if s.paragraph == index}
        if "title" in kinds:
            continue
        content = parsed.text[paragraph.start : paragraph.end]
        for pattern in load_patterns("image_prompts"):
            if pattern.match(content):
                found.append(Evidence("machine_leftover_count", paragraph.start, paragraph.end,
                                      "image_prompt", "image-generation prompt left in the text"))
                break
    return found
