"""The stable names and meanings of every feature.

Names here are CSV columns and model inputs: renaming one is a breaking change.
``direction`` says which way is more reliable: ``+1`` higher is better, ``-1`` lower is better,
``0`` context only (reported, not judged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    family: str
    label: str
    """Plain-language name shown in reports."""
    description: str
    direction: Literal[-1, 0, 1]
    unit: Literal["share", "count", "per_100_words", "score", "words"]

    def format(self, value: float) -> str:
        if self.unit == "share":
            return f"{value:.0%}"
        if self.unit == "per_100_words":
            return f"{value:.2f} per 100 words"
        if self.unit in ("count", "words"):
            return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
        return f"{value:.1f}"


FEATURE_SPECS: tuple[FeatureSpec, ...] = (
    FeatureSpec("attributed_named_share", "attribution", "claims credited to a named source",
                "Share of claim sentences credited to a named person, organisation or outlet.",
                1, "share"),
    FeatureSpec("attributed_anonymous_share", "attribution", "claims credited to anonymous sources",
                "Share of claim sentences credited only to unnamed sources ('officials said').",
                -1, "share"),
    FeatureSpec("unattributed_share", "attribution", "claims with no source",
                "Share of claim sentences that credit no source at all.", -1, "share"),
    FeatureSpec("named_source_count", "sources", "distinct named sources",
                "How many distinct named people, organisations and outlets are cited.", 1, "count"),
    FeatureSpec("anonymous_cue_count", "sources", "anonymous-source cues",
                "How many times unnamed sources are invoked ('sources familiar with').", -1,
                "count"),
    FeatureSpec("hedges_per_100_words", "hedging", "hedging",
                "Hedge cues ('reportedly', 'may', 'it is believed') per 100 words.", -1,
                "per_100_words"),
    FeatureSpec("boosters_per_100_words", "hedging", "unsupported certainty",
                "Certainty boosters ('clearly', 'undoubtedly') per 100 words.", -1,
                "per_100_words"),
    FeatureSpec("ai_disclosure_count", "disclaimers", "AI-generated content disclaimer",
                "Statements that the text was generated or assisted by AI.", -1, "count"),
    FeatureSpec("machine_leftover_count", "disclaimers", "machine-writing leftovers",
                "Chatbot replies and image-prompt text left in the article.", -1, "count"),
    FeatureSpec("derived_notice_count", "disclaimers", "derived-from-other-media notice",
                "Notices that the text is an analysis or rewrite of other outlets' reporting.", -1,
                "count"),
    FeatureSpec("template_leftover_count", "template", "template leftovers",
                "Blog and CMS furniture found in the text ('Powered by Blogger', 'Leave a Reply').",
                -1, "count"),
    FeatureSpec("repeated_sentence_char_share", "duplication", "text repeated inside the article",
                "Share of body characters in sentences that occur more than once in the article.",
                -1, "share"),
    FeatureSpec("repeated_paragraph_char_share", "duplication", "paragraphs printed twice",
                "Share of body characters in paragraphs that occur more than once in the article.",
                -1, "share"),
    FeatureSpec("copied_sentence_share", "copying", "text copied from another outlet",
                "Share of body sentences found (exactly or nearly) in an article of another source "
                "that was not published later.", -1, "share"),
    FeatureSpec("flesch_reading_ease", "readability", "reading ease",
                "Flesch reading ease of the body (textstat); higher is easier. Context only.", 0,
                "score"),
    FeatureSpec("word_count", "readability", "length", "Words in the scored body. Context only.",
                0, "words"),
)

FEATURES: dict[str, FeatureSpec] = {spec.name: spec for spec in FEATURE_SPECS}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)
