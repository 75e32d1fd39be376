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
    fitted: bool = True
    """``False`` for a flaw whose penalty is a rule, not a fit (AI disclaimers, machine
    leftovers, template furniture, repeated and copied text): the outlets a model is fitted on
    barely have them, so the data cannot size them, and a refit must never make adding a flaw
    raise a score. Such a feature always keeps its hand-set weight."""

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
    FeatureSpec("first_hand_source_share", "sources", "first-hand sources",
                "Share of the places a source is credited that credit people, organisations, "
                "governments or unnamed officials rather than other media outlets; 0 when nobody "
                "is credited. Reporting that rests on its own sources rather than on what other "
                "outlets said (Baly et al. 2018 on aggregators).", 1, "share"),
    FeatureSpec("non_claim_share", "attribution", "sentences that state no claim",
                "Share of body sentences that are questions, calls to action or fragments: "
                "rhetoric rather than reporting.", -1, "share"),
    FeatureSpec("person_names_per_100_words", "names", "people named",
                "Mentions of people by name per 100 body words (spaCy PERSON entities). Pieces "
                "built around personalities rather than events name people much more often: fake "
                "political articles used more proper nouns than real ones (Horne and Adali, 2017), "
                "and so do the lower-rated outlets in the project's labelled data.", -1,
                "per_100_words"),
    FeatureSpec("hedges_per_100_words", "hedging", "hedging",
                "Hedge cues ('reportedly', 'may', 'it is believed') per 100 words.", -1,
                "per_100_words"),
    FeatureSpec("boosters_per_100_words", "hedging", "unsupported certainty",
                "Certainty boosters ('clearly', 'undoubtedly') per 100 words.", -1,
                "per_100_words"),
    FeatureSpec("ai_disclosure_count", "disclaimers", "AI-generated content disclaimer",
                "Statements that the text was generated or assisted by AI.", -1, "count",
                fitted=False),
    FeatureSpec("machine_leftover_count", "disclaimers", "machine-writing leftovers",
                "Chatbot replies and image-prompt text left in the article.", -1, "count",
                fitted=False),
    FeatureSpec("derived_notice_count", "disclaimers", "derived-from-other-media notice",
                "Notices that the text is an analysis or rewrite of other outlets' reporting.", -1,
                "count", fitted=False),
    FeatureSpec("template_leftover_count", "template", "template leftovers",
                "Blog and CMS furniture found in the text ('Powered by Blogger', 'Leave a Reply').",
                -1, "count", fitted=False),
    FeatureSpec("repeated_sentence_char_share", "duplication", "text repeated inside the article",
                "Share of body characters in sentences that occur more than once in the article.",
                -1, "share", fitted=False),
    FeatureSpec("repeated_paragraph_char_share", "duplication", "paragraphs printed twice",
                "Share of body characters in paragraphs that occur more than once in the article.",
                -1, "share", fitted=False),
    FeatureSpec("uncredited_copy_share", "copying", "text copied without credit",
                "Share of compared body sentences in passages also found in an earlier (or "
                "same-day) article of another outlet that this article does not credit.", -1,
                "share", fitted=False),
    FeatureSpec("credited_copy_share", "copying", "text reused with credit",
                "Share of compared body sentences in passages taken from an earlier article of "
                "another outlet that this article credits (names it, or says it is based on "
                "other media): syndication, honest but not original.", -1, "share", fitted=False),
    FeatureSpec("reused_by_others_count", "copying", "copied by later articles",
                "How many later articles of other outlets took passages from this one. "
                "Context only.", 0, "count"),
    FeatureSpec("corroborated_fact_share", "corroboration", "facts corroborated independently",
                "Share of the article's checkable facts (figures, dates, roles) that another "
                "outlet covering the same story states the same way without having copied it.",
                1, "share"),
    FeatureSpec("conflicting_fact_count", "corroboration", "facts in conflict with other outlets",
                "Checkable facts that independent outlets covering the same story state "
                "differently, with none agreeing.", -1, "count"),
    FeatureSpec("flesch_reading_ease", "readability", "reading ease",
                "Flesch reading ease of the body (textstat); higher is easier. Context only.", 0,
                "score"),
    FeatureSpec("word_count", "readability", "length",
                "Words in the scored body. Fuller reports carry more sourcing and detail; very "
                "short pieces are rarely first-hand reporting. Length was the strongest single "
                "signal separating real from fake articles in the labelled data (ROC AUC 0.84).",
                1, "words"),
    FeatureSpec("title_word_count", "style", "headline length",
                "Words in the headline. Fake news titles are longer and pack in more claims and "
                "names (Horne and Adali 2017); lower is more reliable.", -1, "words"),
    FeatureSpec("title_caps_share", "style", "headline words in capitals",
                "Share of headline words written in ALL CAPS, known acronyms (US, FBI, NATO) "
                "excepted: shouting for attention (Horne and Adali 2017); lower is more "
                "reliable.", -1, "share"),
    FeatureSpec("title_punctuation_count", "style", "exclaiming or asking headline",
                "Exclamation and question marks in the headline (Chakraborty et al. 2016, "
                "Horne and Adali 2017); lower is more reliable.", -1, "count"),
    FeatureSpec("clickbait_title_count", "style", "clickbait headline",
                "Clickbait formulas in the headline ('you won't believe', 'here's why', "
                "'5 things'), after Chakraborty et al. 2016 and Potthast et al. 2016; lower is "
                "more reliable.", -1, "count"),
    FeatureSpec("title_stopword_share", "style", "plain-worded headline",
                "Share of headline words that are function words ('the', 'of', 'to'): fake "
                "titles use fewer of them and pack in nouns and names (Horne and Adali 2017); "
                "higher is more reliable.", 1, "share"),
    FeatureSpec("first_person_per_100_words", "style", "writer's first person",
                "I, me, my, we, us, our outside quotations per 100 words: the blogging and "
                "opinion voice (Horne and Adali 2017, Rashkin et al. 2017); lower is more "
                "reliable.", -1, "per_100_words"),
    FeatureSpec("second_person_per_100_words", "style", "addressing the reader",
                "You, your, yours outside quotations per 100 words: direct address of the reader "
                "(Rashkin et al. 2017); lower is more reliable.", -1, "per_100_words"),
    FeatureSpec("exclamation_share", "style", "exclamations",
                "Share of body sentences ending in '!' outside quotations (NELA features, Horne "
                "et al. 2018); lower is more reliable.", -1, "share"),
    FeatureSpec("question_share", "style", "rhetorical questions",
                "Share of body sentences that are the writer's questions, outside quotations; "
                "lower is more reliable.", -1, "share"),
    FeatureSpec("subjective_per_100_words", "style", "subjective and emotional words",
                "Evaluative, emotional and loaded words ('outrageous', 'furious', 'so-called') "
                "outside quotations per 100 words (Rashkin et al. 2017; NELA bias and affect "
                "groups); lower is more reliable.", -1, "per_100_words"),
    FeatureSpec("loaded_labels_per_100_words", "style", "loaded political labels",
                "Labels such as 'the radical left', 'far-right', 'fake news' or 'deep state' "
                "outside quotations per 100 words: labelling people instead of describing them, "
                "on either side (Potthast et al. 2018; Recasens et al. 2013); lower is more "
                "reliable.", -1, "per_100_words"),
    FeatureSpec("informal_per_100_words", "style", "informal register",
                "Conversational words ('gonna', 'folks', 'stuff', 'yeah') outside quotations per "
                "100 words: edited news is written formally (NELA informal-language group); "
                "lower is more reliable.", -1, "per_100_words"),
    FeatureSpec("quotation_char_share", "style", "quoted sources",
                "Share of body characters inside quotation marks: reporting quotes its sources, "
                "fake news quotes less (Horne and Adali 2017, Potthast et al. 2018); higher is "
                "more reliable.", 1, "share"),
    FeatureSpec("figures_per_100_words", "style", "figures",
                "Numbers, percentages and amounts of money (not dates or bare years) per 100 "
                "words: checkable specifics (NELA cardinal numbers); higher is more reliable.",
                1, "per_100_words"),
    FeatureSpec("dates_per_100_words", "style", "dates",
                "Weekdays, calendar dates, times and 'yesterday' or 'last week' per 100 words: "
                "reported events are dated (NELA event features); higher is more reliable.", 1,
                "per_100_words"),
    FeatureSpec("newsroom_credit_count", "style", "newsroom credits",
                "Credits an edited newsroom prints ('(AP)', 'Reuters contributed to this report', "
                "'Getty Images'), up to 3: where the material came from is said; higher is more "
                "reliable.", 1, "count"),
    FeatureSpec("dateline_count", "style", "dateline",
                "1 when the text opens with a dateline ('WASHINGTON (Reuters) -'), saying where "
                "the reporting was done (AP Stylebook); higher is more reliable.", 1, "count"),
    FeatureSpec("byline_count", "style", "byline",
                "1 when a line near the top names the author ('By Jane Doe'): a named author is "
                "accountable (NewsGuard's criteria); higher is more reliable.", 1, "count"),
    FeatureSpec("mean_sentence_words", "style", "sentence length",
                "Mean words per body sentence (NELA complexity features). Context only.", 0,
                "words"),
    FeatureSpec("lexical_variety", "style", "vocabulary variety",
                "Share of distinct words in each 50-word window, averaged (MATTR, Covington and "
                "McFall 2010): fake news bodies are more repetitive (Horne and Adali 2017); "
                "higher is more reliable.", 1, "share"),
    FeatureSpec("all_caps_per_100_words", "style", "words in capitals",
                "Words of three letters or more in ALL CAPS that are not acronyms, outside "
                "quotations, per 100 words: shouting (NELA features); lower is more reliable.",
                -1, "per_100_words"),
)

FEATURES: dict[str, FeatureSpec] = {spec.name: spec for spec in FEATURE_SPECS}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)
