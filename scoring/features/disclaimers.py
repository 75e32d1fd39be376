"""AI and provenance disclaimers, and leftovers of machine-written text.

- ``ai_disclosure_count``: statements that *this* text was generated or assisted by AI
  (``lexicons/ai_disclosure.txt``). An article about AI does not fire: the statement must be about
  the content itself.
- ``machine_leftover_count``: chatbot replies ("As an AI language model", "Certainly! Here is")
  from ``lexicons/machine_leftovers.txt``, and image-generation prompts left as a paragraph
  ("A dramatic image symbolizing ...", ``lexicons/image_prompts.txt``).
- ``derived_notice_count``: notices that the text is an analysis or rewrite of other media
  ("Analysis based on open media from ...", ``lexicons/derived_notice.txt``).

Counts >= 0; lower is more reliable. Patterns are searched per paragraph and the evidence is
the sentence(s) a match covers; a sentence counts once, in the order of precedence above. Text
inside quotation marks does not count (an article may quote a chatbot).
"""

from __future__ import annotations

from scoring.config import Config
from scoring.features._matching import inside_quotation
from scoring.lexicons import load_patterns
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_RULES = (
    ("ai_disclosure", "ai_disclosure_count", "ai_disclaimer", "AI-generated content disclosure"),
    ("machine_leftovers", "machine_leftover_count", "machine_leftover", "chatbot leftover"),
    ("derived_notice", "derived_notice_count", "derived_notice",
     "says it is derived from other media"),
)


def analyze_disclaimers(parsed: ParsedText, config: Config) -> FamilyResult:
    evidence = _image_prompt_paragraphs(parsed)
    skip = {e.start for e in evidence} | ({parsed.title.start} if parsed.title else set())
    charged: set[int] = set()
    for paragraph in parsed.paragraphs:
        if paragraph.start in skip:
            continue
        content = parsed.text[paragraph.start : paragraph.end]
        sentences = None  # the paragraph's sentences, found at its first match
        for lexicon, feature, label, note in _RULES:
            for pattern in load_patterns(lexicon):
                for match in pattern.finditer(content):
                    if inside_quotation(content, match.start()):
                        continue
                    if sentences is None:
                        sentences = [s for s in parsed.sentences
                                     if paragraph.start <= s.start and s.end <= paragraph.end]
                    start, end = paragraph.start + match.start(), paragraph.start + match.end()
                    covering = [s for s in sentences if s.start < end and start < s.end]
                    if covering:
                        start, end = covering[0].start, covering[-1].end
                    if start in charged:
                        continue
                    charged.update(s.start for s in covering)
                    charged.add(start)
                    evidence.append(Evidence(feature, start, end, label,
                                             f"{note}: '{match.group(0)}'"))
    evidence.sort(key=lambda e: e.start)
    features = tuple(
        FeatureResult(feature, float(sum(e.feature == feature for e in evidence)),
                      tuple(e for e in evidence if e.feature == feature))
        for feature in ("ai_disclosure_count", "machine_leftover_count", "derived_notice_count")
    )
    return FamilyResult(features=features)


def _image_prompt_paragraphs(parsed: ParsedText) -> list[Evidence]:
    found = []
    for paragraph in parsed.paragraphs:
        if parsed.title is not None and paragraph.start == parsed.title.start:
            continue
        content = parsed.text[paragraph.start : paragraph.end]
        for pattern in load_patterns("image_prompts"):
            if pattern.match(content):
                found.append(Evidence("machine_leftover_count", paragraph.start, paragraph.end,
                                      "image_prompt", "image-generation prompt left in the text"))
                break
    return found
