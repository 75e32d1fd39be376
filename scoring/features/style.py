"""Style: the interpretable writing signals that tell reporting from opinion, hype and fakes.

Headline features read the article's headline (``parsed.headline``). Where the headline stands in
the text (``parsed.title``) they read it there and their evidence points at its words; where it
is only in the metadata, their evidence is an empty span at 0 whose note quotes the words.

- ``title_word_count``: words in the headline; >= 0, lower is more reliable: fake news "packs a
  lot in the title", with longer titles than real news (Horne and Adali 2017).
- ``title_caps_share``: share of headline words written in ALL CAPS (two letters or more, known
  acronyms of ``lexicons/acronyms.txt`` such as US, FBI, NATO excepted); in [0, 1], lower is more
  reliable (capitalised words were more frequent in fake titles, Horne and Adali 2017).
- ``title_punctuation_count``: ``!`` and ``?`` in the headline; >= 0, lower is more reliable
  (clickbait and fake titles ask and exclaim, Chakraborty et al. 2016, Horne and Adali 2017).
- ``clickbait_title_count``: clickbait formulas of ``lexicons/clickbait_patterns.txt`` in the
  headline ("you won't believe", "here's why", "5 things"); >= 0, lower is more reliable.
- ``title_stopword_share``: share of headline words that are function words
  (``lexicons/function_words.txt``); in [0, 1], higher is more reliable: fake titles use fewer
  stop words and pack in more nouns and names (Horne and Adali 2017).

Body features read the body sentences. "Outside quotations" means with quoted text blanked out
(:func:`scoring.corpus.without_quotations`): what the writer wrote counts, what sources said
does not. Rates are per 100 body words (:func:`scoring.features.hedging.body_word_count`).

- ``first_person_per_100_words`` (I, me, my, mine, we, us, our ... outside quotations) and
  ``second_person_per_100_words`` (you, your, yours ...): >= 0, lower is more reliable; the
  blogging and opinion voice, and direct address of the reader (Horne and Adali 2017; Rashkin
  et al. 2017 found both more frequent in satire, hoaxes and propaganda than in trusted news).
- ``exclamation_share`` and ``question_share``: share of body sentences ending in ``!`` (in
  ``?``) outside quotations; in [0, 1], lower is more reliable (NELA's exclamation feature;
  rhetorical questions are an opinion device).
- ``subjective_per_100_words``: subjective and emotional words (``lexicons/subjective_words.txt``)
  outside quotations; >= 0, lower is more reliable (Rashkin et al. 2017; the NELA bias and affect
  groups, Horne et al. 2018).
- ``loaded_labels_per_100_words``: loaded political labels (``lexicons/loaded_labels.txt``:
  "the radical left", "leftists", "far-right", "fake news", "deep state") outside quotations;
  >= 0, lower is more reliable: labelling instead of describing, on either side (Potthast et al.
  2018; Recasens et al. 2013).
- ``informal_per_100_words``: the conversational register (``lexicons/informal_words.txt``:
  "gonna", "folks", "stuff", "yeah", a sentence opened with "Well,") outside quotations; >= 0,
  lower is more reliable: edited news is formal (NELA's informal-language group).
- ``newsroom_credit_count``: credits of a newsroom (``lexicons/newsroom_credits.txt``: "(AP)",
  "Reuters contributed to this report", "Getty Images", "Photo:"), up to 3; higher is more
  reliable: material whose origin is credited, by an edited newsroom.
- ``quotation_char_share``: share of body characters inside quotation marks; in [0, 1], higher is
  more reliable: reporting quotes its sources (fake news used fewer quotes, Horne and Adali 2017;
  quoted-word ratio in Potthast et al. 2018).
- ``figures_per_100_words``: numbers, percentages and amounts of money, not part of a date and not
  a bare year; >= 0, higher is more reliable: specifics that can be checked (NELA's cardinal
  numbers).
- ``dates_per_100_words``: dates and times: weekdays, month and day ("March 3"), month and year
  ("May 2026"), months, numeric dates, times of day, "yesterday", "last week", "three days ago"
  (a bare year is none); >= 0, higher is more reliable: the reporting of events is dated (NELA's
  event group counts dates).
- ``dateline_count``: 1 when one of the first paragraphs opens with a dateline ("WASHINGTON
  (Reuters) -", "NEW YORK —", "LONDON, March 3 (AP) -", "(CNN) —"), else 0; higher is more
  reliable: a dateline says where the reporting was done (AP Stylebook, "datelines").
- ``byline_count``: 1 when a line near the top is a byline ("By Jane Doe", "By Jane Doe and John
  Roe, Reuters"), else 0; higher is more reliable: named authors are accountable (NewsGuard's
  criterion of naming content creators).
- ``mean_sentence_words``: mean words per body sentence; >= 0, context only.
- ``lexical_variety``: moving-average type-token ratio of the body words over windows of 50 words
  (MATTR, Covington and McFall 2010; the plain ratio when the body is shorter); in [0, 1], higher
  is more reliable: fake news bodies are more repetitive (Horne and Adali 2017).
- ``all_caps_per_100_words``: words of three letters or more in ALL CAPS outside quotations, not
  acronyms (listed, spelled out in parentheses in the article, or without a vowel), nor in a
  dateline or a paragraph's opening label ("FILE -", "AMY GOODMAN:"); >= 0, lower is more
  reliable: shouting (NELA's all-caps feature).

Every feature is 0.0 for an empty text or headline. References: Horne and Adali (2017), "This
just in: fake news packs a lot in title, uses simpler, repetitive content in text body, more
similar to satire than real news"; Horne et al. (2018), NELA toolkit; Rashkin et al. (2017),
"Truth of varying shades"; Potthast et al. (2018), "A stylometric inquiry into hyperpartisan and
fake news"; Baly et al. (2018), "Predicting factuality of reporting and bias of news media
sources", which aggregates such article features per outlet.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from scoring.config import Config
from scoring.corpus import without_quotations
from scoring.features._matching import longest_first, phrase_pattern, single_words
from scoring.features.hedging import body_word_count
from scoring.lexicons import load_lexicon, load_patterns
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText, Sentence

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
"""A word: letters and digits, with inner apostrophes, dots and hyphens ("don't", "COVID-19")."""
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’][sS]$")
_WORD_PARTS = re.compile(r"[-.'’&]")
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPS_WORD = re.compile(
    rf"(?<![\w'’&.-])[{_UPPER}][{_UPPER}'’&.-]*[{_UPPER}](?:['’]s)?(?![\w'’&-])")
_INTRODUCED_ACRONYM = re.compile(r"\(([A-Z][A-Z&.]{1,9})s?\)")
"""An acronym spelled out before it in parentheses: "American Civil Liberties Union (ACLU)"."""

_FIRST_PERSON = re.compile(
    r"\b(?:I|[Mm](?:e|y|ine|yself)|[Ww]e|[Oo]ur(?:s|selves)?|[Uu]s)\b")
"""First-person pronouns as written in running text; "US" in capitals is the country."""
_SECOND_PERSON = re.compile(r"\b(?:[Yy]ou(?:r|rs|rself|rselves)?|[Yy]['’]all)\b")
_ROMAN_ONE_BEFORE = frozenset({"war", "part", "phase", "title", "type", "class", "chapter",
                               "section", "stage", "level", "grade", "division", "volume",
                               "book", "act", "article", "round"})
"""Words after which "I" is the numeral one ("World War I", "Phase I"), not the writer."""
_MINE_NOUN_BEFORE = frozenset({"a", "the", "this", "that", "its", "their", "coal", "gold",
                               "copper", "silver", "iron", "diamond", "salt", "uranium", "lithium",
                               "land", "open-pit", "abandoned", "underground", "new", "old"})
"""Words after which "mine" is the pit, not the pronoun ("the mine", "coal mine")."""

_MONTH_FULL = ("January|February|March|April|June|July|August|September|October|November"
               "|December")
"""Full month names but May, which alone is as often the modal or a name."""
_MONTH = rf"(?:{_MONTH_FULL}|May|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_MAY_AFTER = "|".join(f"(?<={before}May)" for before in (
    "in ", "In ", "since ", "Since ", "until ", "by ", "By ", "last ", "next ", "this ", "early ",
    "late ", "mid-", "of ", "from ", "through "))
"""What makes "May" alone the month: "in May", "last May", "mid-May"."""
_DATE = re.compile(
    # every alternative starts with a literal of the first-letter class: the engine skips all
    # other positions at once (case-insensitive alternatives were several times slower)
    r"\b(?=[0-9ADEFJLMNOPSTWYdehlmnptwy])(?:"
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"  # "Monday, March 3, 2025"
    rf"|{_MONTH},?\s+{_YEAR}\b"                                     # "May 2026"
    rf"|(?:[Mm]id-?)?(?:{_MONTH_FULL})\b|May\b(?:{_MAY_AFTER})"     # "March", "in May"
    rf"|{_WEEKDAY}s?\b"                                             # "Tuesday"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?"          # "3 March 2025"
    rf"|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b|{_YEAR}-\d{{2}}-\d{{2}}\b"  # "3/4/2025"
    r"|\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|[ap]m\b|[AP]M\b)"       # "4:40 a.m."
    r"|(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Nn]oon|[Mm]idnight)\b"
    r"|(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Ee]arlier\s+this|[Ll]ater\s+this)\s+(?:week|weekend"
    r"|month|year|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|quarter)\b"
    r"|(?:hours?|days?|weeks?|months?|years?)\s+ago\b)")                  # "(three) days ago"
"""A date or time (see ``dates_per_100_words``); a bare year is not one."""
_FIGURE = re.compile(
    r"(?<![\w.,/:'’$€£¥-])(?:[$€£¥]\s?)?\d+(?:[.,]\d+)*(?![.,]?\d|st\b|nd\b|rd\b|th\b|:\d)"
    r"(?:\s?(?:%|(?i:percent|per\s+cent|million|billion|trillion|bn)\b))?")
"""A number, percentage or amount of money; ordinals and clock times are not figures."""
_BARE_YEAR = re.compile(rf"{_YEAR}")

_DATELINE = re.compile(
    r"\s*(?P<dateline>"
    r"(?!(?:BREAKING|UPDATE|UPDATED|EXCLUSIVE|WATCH|FILE|PHOTO|PHOTOS|VIDEO|LISTEN|OPINION"
    r"|ANALYSIS|EDITOR|NOTE|CORRECTION|WARNING|LIVE|ADVERTISEMENT)\b)"  # labels, not places
    r"[A-Z][A-Z.'’&-]+(?:\s+[A-Z][A-Z.'’&-]*){0,3}"                     # WASHINGTON, NEW YORK
    r"(?:,\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?"                 # , Puerto Rico
    rf"(?:,?\s+{_MONTH}\s+\d{{1,2}})?"                                   # , March 3
    r"(?:\s*\([A-Z][A-Za-z.&' ]{0,30}\))?\s*[-–—]{1,2}"                  # (AP) —
    r"|(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*)?"                 # Washington
    r"\([A-Z][A-Za-z.&' ]{0,30}\)(?:\s*[-–—]{1,2}|(?=[A-Z])))")          # (CNN) — / (CNN)The
"""A dateline opening a paragraph: a place in capitals and a dash, with an optional region, date
and agency; or an agency in parentheses, after an optional place, with a dash or glued to the
first word. Newsroom labels in the dateline position ("FILE -", "UPDATE —") are not places."""
_PARAGRAPH_LABEL = re.compile(rf"\s*(?P<label>[{_UPPER}][{_UPPER} .'’&-]{{1,40}}?)(?=\s*[-–—:|])")
"""Capitals opening a paragraph (or a headline) before a dash, colon or bar: a label, a speaker
or a dateline ("FILE -", "EDITOR'S NOTE:", "AMY GOODMAN:", "OPINION |"), not shouting."""
_VOWEL = re.compile("[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ý]")
_DATELINE_PARAGRAPHS = 6
"""How many of the first paragraphs may hold the dateline (captions and labels can come first)."""
_NAME = (r"[A-Z][\w'’.-]*"
         r"(?:[ \t]+(?:(?:de|da|del|van|von|der|la|le|al|el|bin)[ \t]+)?[A-Z][\w'’.-]*){0,3}")
_BYLINE = re.compile(
    rf"^[ \t]*(?P<byline>(?:(?:Written|Story|Words|Reporting)[ \t]+)?[Bb][Yy][ \t]+"
    rf"(?:[Tt]he[ \t]+)?{_NAME}(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+){_NAME})*"
    r"(?:[ \t]*[,|–—-][ \t]*[A-Z][\w .&'’-]{0,50})?)[ \t]*$", re.MULTILINE)
"""A line that is only a byline: "By" and one or more capitalised names, optionally an outlet or
role after a comma, bar or dash ("By Jane Doe and John Roe, Reuters")."""
_BYLINE_PARAGRAPHS = 6
_BYLINE_MAX_CHARS = 3000
"""A byline is looked for in the first paragraphs that start within this many characters."""
_MATTR_WINDOW = 50


@dataclass(frozen=True)
class _Headline:
    """The headline's text and, when it stands in the article text, where it starts there."""

    text: str
    start: int | None


@dataclass(frozen=True)
class _Body:
    """The body sentences as texts of the article's length, all else blanked: ``body`` as
    written, ``written`` with quotations blanked too (what the writer wrote)."""

    text: str
    body: str
    written: str
    sentences: tuple[Sentence, ...]
    words: int
    dates: tuple[tuple[int, int], ...]

    @cached_property
    def written_words(self) -> frozenset[str]:
        """The distinct lower-cased words of ``written`` (what the lexicon rates look for)."""
        return frozenset(_LETTER_WORD.findall(self.written.lower()))


def analyze_style(parsed: ParsedText, config: Config) -> FamilyResult:
    headline = _headline(parsed)
    body = _body(parsed)
    dateline = dateline_count(parsed)
    skip = (*((e.start, e.end) for e in dateline.evidence), *_paragraph_labels(parsed))
    return FamilyResult(features=(
        title_word_count(headline),
        title_caps_share(headline),
        title_punctuation_count(headline),
        clickbait_title_count(headline),
        title_stopword_share(headline),
        first_person_per_100_words(body),
        second_person_per_100_words(body),
        exclamation_share(body),
        question_share(body),
        subjective_per_100_words(body),
        loaded_labels_per_100_words(body),
        informal_per_100_words(body),
        quotation_char_share(body),
        figures_per_100_words(body),
        dates_per_100_words(body),
        newsroom_credit_count(body),
        dateline,
        byline_count(parsed),
        mean_sentence_words(body),
        lexical_variety(body),
        all_caps_per_100_words(body, skip),
    ))


# --- the headline ---------------------------------------------------------------------------------


def title_word_count(headline: _Headline) -> FeatureResult:
    """Words in the headline; >= 0. Lower is more reliable: fake news titles are longer and pack
    in more claims and names (Horne and Adali 2017). No evidence: it describes the whole title."""
    return FeatureResult("title_word_count", float(len(_WORD.findall(headline.text))))


def title_caps_share(headline: _Headline) -> FeatureResult:
    """Share of headline words in ALL CAPS (two letters or more, acronyms excepted); in [0, 1].
    Lower is more reliable: capitalised words shout for attention (Horne and Adali 2017). A
    section label before a colon or bar ("OPINION |") is the outlet's furniture, not shouting
    (a shouted tag such as "SHOCKING:" is a clickbait cue instead)."""
    words = list(_WORD.finditer(headline.text))
    acronyms = single_words("acronyms")
    label = _PARAGRAPH_LABEL.match(headline.text)
    after_label = label.end("label") if label else 0
    evidence = tuple(
        _title_evidence(headline, "title_caps_share", "title_caps", match.start(), match.end(),
                        f"a headline word in capitals: '{match.group()}'")
        for match in words
        if match.start() >= after_label and _shouted(match.group(), 2, acronyms))
    return FeatureResult("title_caps_share", len(evidence) / len(words) if words else 0.0,
                         evidence)


def title_punctuation_count(headline: _Headline) -> FeatureResult:
    """Exclamation and question marks in the headline; >= 0. Lower is more reliable: headlines
    that exclaim or ask sell a click rather than state a finding (Chakraborty et al. 2016)."""
    evidence = tuple(
        _title_evidence(headline, "title_punctuation_count", "title_punctuation", match.start(),
                        match.end(), f"'{match.group()}' in the headline")
        for match in re.finditer(r"[!?]", headline.text))
    return FeatureResult("title_punctuation_count", float(len(evidence)), evidence)


def clickbait_title_count(headline: _Headline) -> FeatureResult:
    """Clickbait formulas of ``lexicons/clickbait_patterns.txt`` in the headline; >= 0. Lower is
    more reliable: curiosity gaps, listicles and hyperbole withhold or oversell the news
    (Chakraborty et al. 2016; Potthast et al. 2016). "5 killed in crash" is not one."""
    spans = longest_first([(match.start(), match.end(), match.group())
                           for pattern in load_patterns("clickbait_patterns")
                           for match in pattern.finditer(headline.text)])
    evidence = tuple(_title_evidence(headline, "clickbait_title_count", "clickbait", start, end,
                                     f"a clickbait formula: '{phrase.strip()}'")
                     for start, end, phrase in spans)
    return FeatureResult("clickbait_title_count", float(len(evidence)), evidence)


def title_stopword_share(headline: _Headline) -> FeatureResult:
    """Share of headline words that are function words (``lexicons/function_words.txt``); in
    [0, 1], 0.0 for no headline. Higher is more reliable: fake titles use fewer stop words and
    more nouns and names, packing claims in (Horne and Adali 2017). No evidence: a whole-title
    measure."""
    words = [word.lower() for word in _WORD.findall(headline.text)]
    stopwords = single_words("function_words")
    share = sum(word in stopwords for word in words) / len(words) if words else 0.0
    return FeatureResult("title_stopword_share", share)


def _headline(parsed: ParsedText) -> _Headline:
    if parsed.title is not None:
        return _Headline(parsed.text[parsed.title.start : parsed.title.end], parsed.title.start)
    return _Headline(parsed.headline, None)


def _title_evidence(headline: _Headline, feature: str, label: str, start: int, end: int,
                    note: str) -> Evidence:
    """Evidence on the headline's words where it stands in the text; else an empty span at 0
    whose note says where in the metadata headline the words are."""
    if headline.start is not None:
        return Evidence(feature, headline.start + start, headline.start + end, label, note)
    return Evidence(feature, 0, 0, label,
                    f"{note}, at character {start} of the headline (metadata only)")


# --- the writer's voice ---------------------------------------------------------------------------


def first_person_per_100_words(body: _Body) -> FeatureResult:
    """First-person pronouns (I, me, my, mine, myself, we, us, our, ours, ourselves) outside
    quotations, per 100 body words; >= 0. Lower is more reliable: the writer speaking for
    themself is the blogging and opinion voice (Horne and Adali 2017; Rashkin et al. 2017).
    "US" is the country; "World War I" and "the mine" are not the writer."""
    spans = [(m.start(), m.end()) for m in _FIRST_PERSON.finditer(body.written)
             if _is_first_person(body.written, m.start(), m.group())]
    return _rate("first_person_per_100_words", "first_person", "the writer's first person",
                 body, spans)


def second_person_per_100_words(body: _Body) -> FeatureResult:
    """Second-person pronouns (you, your, yours, yourself, yourselves, y'all) outside
    quotations, per 100 body words; >= 0. Lower is more reliable: addressing the reader directly
    is the register of persuasion and clickbait, not of reports (Rashkin et al. 2017)."""
    spans = [(m.start(), m.end()) for m in _SECOND_PERSON.finditer(body.written)]
    return _rate("second_person_per_100_words", "second_person", "addresses the reader",
                 body, spans)


def subjective_per_100_words(body: _Body) -> FeatureResult:
    """Subjective and emotional words and phrases of ``lexicons/subjective_words.txt`` outside
    quotations, per 100 body words; >= 0. Lower is more reliable: evaluations, emotions and
    loaded labels state the writer's feelings rather than what happened (Rashkin et al. 2017;
    NELA's bias and affect groups, Horne et al. 2018)."""
    return _lexicon_rate("subjective_per_100_words", "subjective_word",
                         "a subjective or emotional word", "subjective_words", body)


def loaded_labels_per_100_words(body: _Body) -> FeatureResult:
    """Loaded political labels of ``lexicons/loaded_labels.txt`` ("the radical left",
    "leftists", "far-right", "fake news", "deep state", "illegals") outside quotations, per 100
    body words; >= 0. Lower is more reliable: labelling people and groups in place of describing
    them is the framing of hyperpartisan writing, on either side (Potthast et al. 2018; the
    framing and bias words of Recasens et al. 2013). Quoted labels are the speaker's."""
    return _lexicon_rate("loaded_labels_per_100_words", "loaded_label", "a loaded political label",
                         "loaded_labels", body)


def informal_per_100_words(body: _Body) -> FeatureResult:
    """Words and markers of the conversational register (``lexicons/informal_words.txt``:
    "gonna", "folks", "stuff", "yeah", "heck", a sentence opened with "Well," or "Look,")
    outside quotations, per 100 body words; >= 0. Lower is more reliable: edited news is written
    in a formal register, and informal, spoken style marks blogs and commentary (the
    informal-language group of NELA features, Horne et al. 2018; Biber's involved versus
    informational production)."""
    return _lexicon_rate("informal_per_100_words", "informal_word", "informal register",
                         "informal_words", body)


def _lexicon_rate(feature: str, label: str, what: str, lexicon: str,
                  body: _Body) -> FeatureResult:
    """The words and phrases of ``lexicon`` outside quotations, per 100 body words."""
    present = body.written_words
    found = single_words(lexicon) & present
    spans = []
    if found:
        spans += [(m.start(), m.end(), "") for m in _words_pattern(found).finditer(body.written)]
    if not present.isdisjoint(_phrase_starts(lexicon)):
        spans += [(m.start(), m.end(), "") for m in
                  phrase_pattern(lexicon).finditer(body.written)]
    return _rate(feature, label, what, body,
                 [(start, end) for start, end, _ in longest_first(spans)])


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words`` as a whole word of :data:`_LETTER_WORD`, in any case: one search for the
    few lexicon words an article has, instead of a look-up per word."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\b(?<![^\W\d_][-'’])(?:{alternatives})"
                      rf"(?![^\W\d_])(?![-'’][^\W\d_])", re.IGNORECASE)


@cache
def _phrase_starts(lexicon: str) -> frozenset[str]:
    """The first words of the multi-word entries of ``lexicon``: an article with none of them
    needs no phrase search."""
    return frozenset(entry.lower().split()[0] for entry in load_lexicon(lexicon) if " " in entry)


def exclamation_share(body: _Body) -> FeatureResult:
    """Share of body sentences that end in an exclamation mark outside quotations; in [0, 1].
    Lower is more reliable: news reports state, they do not exclaim (NELA's exclamation
    feature, Horne et al. 2018). A quoted exclamation ('"Stop!" she said.') does not count."""
    return _sentence_share("exclamation_share", "exclamation", "!", body,
                           "the writer exclaims")


def question_share(body: _Body) -> FeatureResult:
    """Share of body sentences that are questions outside quotations; in [0, 1]. Lower is more
    reliable: rhetorical questions are an opinion device; reports answer questions. A quoted
    question ('"Why now?" he asked.') does not count."""
    return _sentence_share("question_share", "question", "?", body, "the writer asks")


def all_caps_per_100_words(body: _Body, skip: Sequence[tuple[int, int]] = ()) -> FeatureResult:
    """Words of three letters or more in ALL CAPS outside quotations, per 100 body words; >= 0.
    Lower is more reliable: capitals are shouting (NELA's all-caps feature). Acronyms do not
    count: those of ``lexicons/acronyms.txt``, those spelled out in parentheses in the article
    ("(ACLU)"), names printed in capitals ("USA TODAY") and words without a vowel ("CMBS"); nor
    do words inside ``skip`` (datelines such as "LONDON, March 3 (AP) -" and paragraph labels
    such as "FILE -" or "AMY GOODMAN:")."""
    acronyms = single_words("acronyms") | {m.group(1).lower()
                                           for m in _INTRODUCED_ACRONYM.finditer(body.text)}
    names = [match.span() for name in _capitalised_names() if name in body.written
             for match in re.finditer(re.escape(name), body.written)]
    skipped = _merged([*skip, *names])
    skipped_ends = [end for _, end in skipped]
    spans = [(m.start(), m.end()) for m in _CAPS_WORD.finditer(body.written)
             if _shouted(m.group(), 3, acronyms)
             and not _overlaps(skipped, skipped_ends, *m.span())]
    return _rate("all_caps_per_100_words", "all_caps", "a word in capitals", body, spans)


@cache
def _capitalised_names() -> tuple[str, ...]:
    """The names of several words in ``lexicons/acronyms.txt``, in capitals ("USA TODAY")."""
    return tuple(entry.upper() for entry in load_lexicon("acronyms") if " " in entry)


def _paragraph_labels(parsed: ParsedText) -> list[tuple[int, int]]:
    """The labels and datelines opening paragraphs (see :data:`_PARAGRAPH_LABEL`); a dateline
    can open a later paragraph too, when an article quotes a second report."""
    labels = []
    for paragraph in parsed.paragraphs:
        for pattern, group in ((_PARAGRAPH_LABEL, "label"), (_DATELINE, "dateline")):
            match = pattern.match(parsed.text, paragraph.start, paragraph.end)
            if match:
                labels.append(match.span(group))
    return labels


def _is_first_person(text: str, start: int, word: str) -> bool:
    if word not in ("I", "mine", "Mine"):
        return True
    before = text[max(0, start - 20) : start].split()
    previous = before[-1].lower() if before else ""
    if word == "I":  # "World War I", "Phase I", "I-95"
        return previous not in _ROMAN_ONE_BEFORE and not re.match(r"I[-–]\d", text[start:start + 3])
    return previous not in _MINE_NOUN_BEFORE


def _shouted(word: str, min_letters: int, acronyms: frozenset[str] | set[str]) -> bool:
    """A word in capitals that is not an acronym: some part of it ("ANTI" of "ANTI-TRUMP") has at
    least ``min_letters`` letters, all capitals, a vowel (a word without one, "CMBS", is an
    initialism) and is no listed acronym; "FBI's" is the FBI."""
    stem = _POSSESSIVE.sub("", word)
    if not stem.isupper() or stem.lower() in acronyms:
        return False
    return any(len(part) >= min_letters and part.isalpha() and _VOWEL.search(part)
               and part.lower() not in acronyms for part in _WORD_PARTS.split(stem))


def _sentence_share(feature: str, label: str, mark: str, body: _Body, note: str) -> FeatureResult:
    evidence = tuple(
        Evidence(feature, s.start, s.end, label, note)
        for s in body.sentences
        if mark in body.written[s.start : s.end].rstrip(" \t\n)]’'\"»”")[-2:])
    return FeatureResult(feature, len(evidence) / len(body.sentences) if body.sentences else 0.0,
                         evidence)


def _rate(feature: str, label: str, what: str, body: _Body,
          spans: Iterable[tuple[int, int]]) -> FeatureResult:
    evidence = tuple(Evidence(feature, start, end, label, f"{what}: '{body.text[start:end]}'")
                     for start, end in spans)
    return FeatureResult(feature, 100.0 * len(evidence) / body.words if body.words else 0.0,
                         evidence)


# --- sourcing and specifics -----------------------------------------------------------------------


def quotation_char_share(body: _Body) -> FeatureResult:
    """Share of body-sentence characters inside quotation marks (as
    :func:`scoring.corpus.without_quotations` finds them); in [0, 1]. Higher is more reliable:
    reporting quotes its sources, and fake news quotes less (Horne and Adali 2017; Potthast et
    al. 2018)."""
    total = sum(s.end - s.start for s in body.sentences)
    evidence = tuple(Evidence("quotation_char_share", start, end, "quotation", "quoted words")
                     for start, end in _quoted_spans(body))
    # only the quoted characters inside body sentences count: a quotation runs across the space
    # between two sentences, and one opened before the body (in the headline) into it
    quoted = sum(max(0, min(e.end, s.end) - max(e.start, s.start))
                 for e in evidence for s in body.sentences)
    return FeatureResult("quotation_char_share", quoted / total if total else 0.0, evidence)


_CREDITS_CAP = 3


def newsroom_credit_count(body: _Body) -> FeatureResult:
    """Newsroom credits in the body (``lexicons/newsroom_credits.txt``: a wire agency in a
    dateline or credit line, "contributed to this report", a photo credit), counted up to
    3; >= 0. Higher is more reliable: crediting agencies, photographers and contributing
    reporters is the practice of an edited newsroom, and it says where material came from.
    Quoted text does not count."""
    spans = sorted({(m.start(), m.end()) for pattern in load_patterns("newsroom_credits")
                    for m in pattern.finditer(body.written)})
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    evidence = tuple(Evidence("newsroom_credit_count", start, end, "newsroom_credit",
                              f"credits its material: '{body.text[start:end]}'")
                     for start, end in kept)
    return FeatureResult("newsroom_credit_count", float(min(len(evidence), _CREDITS_CAP)),
                         evidence)


def figures_per_100_words(body: _Body) -> FeatureResult:
    """Numbers, percentages and amounts of money in the body, per 100 body words; >= 0. Higher
    is more reliable: figures are specifics a reader can check (NELA counts cardinal numbers).
    A number inside a date ("March 3", "4:40 a.m.") or a bare year ("in 2019") is not a figure;
    nor are ordinals ("3rd") or numbers glued to a name ("COVID-19", "F-35")."""
    date_ends = [end for _, end in body.dates]
    spans = [(m.start(), m.end()) for m in _FIGURE.finditer(body.body)
             if not _BARE_YEAR.fullmatch(m.group())
             and not _overlaps(body.dates, date_ends, *m.span())]
    return _rate("figures_per_100_words", "figure", "a figure", body, spans)


def dates_per_100_words(body: _Body) -> FeatureResult:
    """Dates and times in the body, per 100 body words; >= 0. Higher is more reliable: the
    reporting of events says when they happened (NELA's event group counts dates). A date is a
    weekday, a month and day, a month and year ("May 2026"), a month ("March"; "May" only after
    "in", "last", "mid-" ...), a numeric date, a time of day, "yesterday", "today", "last week"
    or "three days ago"; a bare year ("in 2019") is not, nor is "may" the verb."""
    return _rate("dates_per_100_words", "date", "a date", body, body.dates)


def dateline_count(parsed: ParsedText) -> FeatureResult:
    """1.0 when one of the first paragraphs opens with a dateline ("WASHINGTON (Reuters) -",
    "NEW YORK —", "LONDON, March 3 (AP) -", "(CNN) —"), else 0.0. Higher is more reliable: a
    dateline says where the reporting was done (AP Stylebook). The evidence is the dateline."""
    for index, paragraph in enumerate(parsed.paragraphs[:_DATELINE_PARAGRAPHS]):
        if parsed.title is not None and paragraph.start == parsed.title.start:
            continue
        match = _DATELINE.match(parsed.text, paragraph.start, paragraph.end)
        if match:
            start, end = match.span("dateline")
            return FeatureResult("dateline_count", 1.0, (Evidence(
                "dateline_count", start, end, "dateline",
                f"a dateline opens paragraph {index + 1}: '{parsed.text[start:end]}'"),))
    return FeatureResult("dateline_count", 0.0)


def byline_count(parsed: ParsedText) -> FeatureResult:
    """1.0 when a line near the top of the text (in its first paragraphs) is a byline ("By Jane
    Doe", "By Jane Doe and John Roe, Reuters"), else 0.0. Higher is more reliable: a named author
    is accountable for the text (NewsGuard's criterion of naming content creators). "By Monday,
    the city had..." is a sentence, not a byline."""
    limit = max((p.end for p in parsed.paragraphs[:_BYLINE_PARAGRAPHS]
                 if p.start < _BYLINE_MAX_CHARS), default=0)
    match = _BYLINE.search(parsed.text, 0, limit)
    if match is None:
        return FeatureResult("byline_count", 0.0)
    start, end = match.span("byline")
    return FeatureResult("byline_count", 1.0, (Evidence(
        "byline_count", start, end, "byline", f"a byline: '{parsed.text[start:end]}'"),))


def _overlaps(spans: Sequence[tuple[int, int]], ends: Sequence[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (sorted, not overlapping; ``ends`` their
    ends)."""
    index = bisect_right(ends, start)
    return index < len(spans) and spans[index][0] < end


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _quoted_spans(body: _Body) -> list[tuple[int, int]]:
    """The quoted parts of the body sentences: where ``written`` is blank and ``body`` is not."""
    quoted = []
    for run in re.finditer(r" {2,}", body.written):
        piece = body.body[run.start() : run.end()]
        stripped = piece.strip()
        if stripped:
            start = run.start() + len(piece) - len(piece.lstrip())
            quoted.append((start, start + len(stripped)))
    return quoted


# --- the whole body -------------------------------------------------------------------------------


def mean_sentence_words(body: _Body) -> FeatureResult:
    """Mean words per body sentence (body words over body sentences); >= 0, 0.0 for no body.
    Context only: long sentences mark both careful reports and dense opinion."""
    sentences = len(body.sentences)
    return FeatureResult("mean_sentence_words", body.words / sentences if sentences else 0.0)


def lexical_variety(body: _Body) -> FeatureResult:
    """Moving-average type-token ratio of the body words, lower-cased, over windows of 50 words
    (MATTR, Covington and McFall 2010), or the plain type-token ratio of a shorter body; in
    [0, 1], 0.0 for no body. Unlike the plain ratio it does not fall with length. Higher is more
    reliable: fake news bodies are simpler and more repetitive (Horne and Adali 2017)."""
    return FeatureResult("lexical_variety",
                         _mattr(_LETTER_WORD.findall(body.body.lower()), _MATTR_WINDOW))


def _mattr(words: Sequence[str], window: int) -> float:
    """The mean share of distinct words over every window of ``window`` consecutive words.

    Computed without sliding a counter: the word at position ``i`` is new in exactly the
    windows that contain ``i`` but not the word's previous occurrence, so the distinct counts of
    all windows add up from one previous-occurrence array.
    """
    n = len(words)
    if n <= window:
        return len(set(words)) / n if n else 0.0
    index: dict[str, int] = {}
    ids = np.fromiter((index.setdefault(word, len(index)) for word in words), np.int64, n)
    order = np.argsort(ids, kind="stable")
    previous = np.full(n, -1, dtype=np.int64)
    same = ids[order[1:]] == ids[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    positions = np.arange(n)
    first_window = np.maximum(np.maximum(positions - window + 1, previous + 1), 0)
    last_window = np.minimum(positions, n - window)
    total = np.clip(last_window - first_window + 1, 0, None).sum()
    return float(total) / ((n - window + 1) * window)


def _body(parsed: ParsedText) -> _Body:
    sentences = parsed.body_sentences
    text = parsed.text
    body = _only(text, sentences)
    return _Body(text=text, body=body, written=_only(without_quotations(text), sentences),
                 sentences=sentences, words=body_word_count(parsed) if sentences else 0,
                 dates=tuple(m.span() for m in _DATE.finditer(body)))


def _only(text: str, sentences: Sequence[Sentence]) -> str:
    """``text`` up to the last sentence, with everything outside ``sentences`` blanked (offsets
    unchanged), so one search finds what the sentences hold."""
    pieces = []
    cursor = 0
    for sentence in sentences:
        start = max(sentence.start, cursor)
        pieces += [" " * (start - cursor), text[start : sentence.end]]
        cursor = max(cursor, sentence.end)
    return "".join(pieces)
