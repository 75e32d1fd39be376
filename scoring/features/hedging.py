"""Hedging and its opposite, unsupported certainty.

``hedges_per_100_words``: hedge and weasel cues per 100 body words; >= 0, lower is more reliable.
A cue is one of:

- a word or phrase of ``lexicons/hedges.txt`` ("reportedly", "probably", "it is believed");
- a modal of possibility (may, might, could) used epistemically: tagged as a modal ("May 2024",
  "the might of" and "Devil May Cry" are not), not negated ("could not be reached" is an
  attribution formula), and for may/could neither passive ("may be added") nor of a generic
  subject ("players may bid", "a fee may be charged": a permission or a general possibility,
  not the writer's doubt), unless perfect ("may have been") or strengthened ("may well");
- one of the syntactic classes of ``lexicons/hedge_patterns.txt``, read from spaCy's parse:
  a judgement or report verb in the passive with no source, or only a vague one ("is
  considered", "is said to", "has been described as", "regarded by many as"); a vague group as
  source ("some argue", "many historians", "according to some", "thought by some", "in some
  countries", "experts believe"); an adverb of unsourced consensus on a verb ("widely
  believed"); an epistemic verb ("the data suggest", "seems").

A vague quantity is not a hedge by itself: "several neighborhoods were flooded" has no cue.

``boosters_per_100_words``: certainty boosters (``lexicons/boosters.txt``: "clearly",
"undoubtedly", "without a doubt") per 100 body words; >= 0, lower is more reliable.

Evidence spans are the cue words themselves; overlapping cues count once (the longest wins).
With the ``blank`` language model (no tags or parse) only the word and phrase lists apply.

References: Hyland (2005) *Metadiscourse*, hedges and boosters; Farkas et al. (2010), CoNLL-2010
shared task on hedge and weasel detection; Wikipedia's guideline on weasel words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import numpy as np
from spacy.attrs import IS_ALPHA, LEMMA, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from scoring.config import Config
from scoring.features._matching import longest_first, phrase_pattern, single_words
from scoring.lexicons import load_lexicon, word_set
from scoring.text import normalise
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_MODALS = {"may", "might", "could"}
_NEGATIONS = {"not", "n't", "never"}
_STRENGTHENERS = {"well", "very", "even"}
_GENERIC_PRONOUNS = {"they", "you", "one", "we", "which", "who", "that", "these", "those"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_VERB_GROUP = {"aux", "auxpass", "advmod", "neg"}
_CUE_NOTES = {
    "passive": "a judgement in the passive, no named source",
    "quantifier": "a vague group as source",
    "adverb": "a consensus without a source",
    "verb": "an epistemic verb",
}
"""How a syntactic cue of each kind is described in its evidence note."""
_CLASSES = (*_CUE_NOTES, "group", "view")
"""The classes of ``hedge_patterns.txt``; ``group`` and ``view`` are word lists the others use."""
Span = tuple[int, int, str]


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


def body_word_count(parsed: ParsedText, *, distinct: bool = False) -> int:
    """Alphabetic tokens in the body sentences; with ``distinct``, a sentence whose normalised
    text occurred earlier in the article counts once (repeated text never adds length)."""
    alphabetic = parsed.doc.to_array(IS_ALPHA)
    seen: set[str] = set()
    total = 0
    for sentence, span in zip(parsed.body_sentences, parsed.body_spans, strict=True):
        if distinct:
            key = normalise(parsed.text[sentence.start : sentence.end])
            if key in seen:
                continue
            seen.add(key)
        total += int(alphabetic[span.start : span.end].sum())
    return total


def _cue_spans(parsed: ParsedText, lexicon: str) -> list[Span]:
    words = single_words(lexicon)
    pattern = phrase_pattern(lexicon)
    doc = parsed.doc
    # without a parser (language_model = "blank") only the word and phrase lists apply; asking an
    # unparsed spaCy Doc for syntax is undefined behaviour (it can crash the process)
    syntactic = lexicon == "hedges" and doc.has_annotation("DEP")
    # tokens are tested on arrays of string hashes, and a spaCy Token is made only for the few
    # that may be a cue
    lower = doc.to_array(LOWER)
    listed = np.isin(lower, _hashes(words))
    may_hedge = _may_hedge(doc, lower) if syntactic else np.zeros(len(doc), dtype=bool)
    candidates = np.flatnonzero(listed | may_hedge)
    spans: list[Span] = []
    for sentence, sentence_span in zip(parsed.body_sentences, parsed.body_spans, strict=True):
        sentence_text = parsed.text[sentence.start : sentence.end]
        for match in pattern.finditer(sentence_text):
            spans.append((sentence.start + match.start(), sentence.start + match.end(),
                          f"{lexicon[:-1]}: '{match.group(0).lower()}'"))
        first, last = np.searchsorted(candidates, (sentence_span.start, sentence_span.end))
        for i in candidates[first:last].tolist():
            token = doc[i]
            if may_hedge[i]:
                spans.extend(_syntactic_hedges(token))
            if not listed[i]:
                continue
            lower_ = token.lower_
            if lower_ in _MODALS and not _is_epistemic_modal(token):
                continue
            if lower_ == "likely" and token.i > 0 and token.nbor(-1).lower_ in ("more", "less"):
                continue  # "more likely to be": a comparison of frequencies
            spans.append((token.idx, token.idx + len(token.text), f"{lexicon[:-1]}: '{lower_}'"))
    return longest_first(spans)


def _hashes(words: Iterable[str]) -> np.ndarray:
    """The spaCy string hashes of ``words``: a token's ``lower_`` is one of ``words`` exactly
    when its ``LOWER`` value is one of these."""
    return np.fromiter((get_string_id(word) for word in words), dtype=np.uint64)


def _may_hedge(doc: Doc, lower: np.ndarray) -> np.ndarray:
    """Per token, whether :func:`_syntactic_hedges` can find a cue there: the first condition of
    one of its tests holds (a listed lemma or word, or a plural noun)."""
    patterns = _patterns()
    lemmas = patterns["passive"].keys() | patterns["verb"].keys()
    lemma = doc.to_array(LEMMA)
    strings = doc.vocab.strings
    listed_lemmas = [value for value in np.unique(lemma).tolist()
                     if strings[value].lower() in lemmas]
    return (doc.to_array(TAG) == get_string_id("NNS")) \
        | np.isin(lower, _hashes(patterns["quantifier"].keys() | patterns["adverb"].keys())) \
        | np.isin(lemma, np.array(listed_lemmas, dtype=np.uint64))


def _is_epistemic_modal(token: Token) -> bool:
    """may/might/could as the writer's doubt (see the module docstring)."""
    if token.tag_ != "MD" or _next_lower(token) in _NEGATIONS:
        return False
    if token.text[0].isupper() and not token.is_sent_start:
        return False  # a title or a name: "Devil May Cry"
    if token.lower_ == "might":
        return True
    verb = token.head
    if _next_lower(token) in _STRENGTHENERS or any(
            c.dep_ == "aux" and c.lower_ == "have" and c.i > token.i for c in verb.children):
        return True
    if any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "may be added", "could be seen": a procedure or a capacity
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    return not subjects or not _is_generic(subjects[0])


def _is_generic(subject: Token) -> bool:
    """A subject that names a kind rather than a particular thing: a bare plural ("players"),
    an indefinite ("a fee") or a generic pronoun ("they", "you", "which")."""
    if subject.pos_ == "PRON" or subject.tag_ in ("WDT", "WP"):
        return subject.lower_ in _GENERIC_PRONOUNS
    determiners = [c.lower_ for c in subject.children if c.dep_ in ("det", "poss")]
    if not determiners:
        return subject.tag_ == "NNS"
    return determiners[0] in ("a", "an", "any", "each", "every")


def _next_lower(token: Token) -> str:
    return token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""


@cache
def _patterns() -> dict[str, dict[str, str]]:
    """``{class: {word: required particle or ""}}`` from ``lexicons/hedge_patterns.txt``."""
    table: dict[str, dict[str, str]] = {name: {} for name in _CLASSES}
    for entry in load_lexicon("hedge_patterns"):
        kind, word, *rest = entry.lower().split()
        if kind not in table:
            raise ValueError(f"hedge_patterns.txt: unknown class {kind!r} in {entry!r}; "
                             f"valid: {sorted(table)}")
        table[kind][word] = rest[0] if rest else ""
    return table


def _syntactic_hedges(token: Token) -> Iterator[Span]:
    patterns = _patterns()
    if token.lemma_.lower() in patterns["passive"]:
        yield from _passive_judgement(token, patterns["passive"][token.lemma_.lower()])
    if token.lower_ in patterns["quantifier"]:
        yield from _vague_group(token, patterns["group"])
    if token.tag_ == "NNS" and _is_group(token, patterns["group"]) and _holds_a_view(token) \
            and _is_bare(token):
        yield _span(token, token, "quantifier")  # "experts say", "historians believe"
    if token.lower_ in patterns["adverb"] and token.head.pos_ == "VERB" \
            and token.head.lemma_.lower() in _stance_verbs():
        yield _span(token, token, "adverb")
    if token.lemma_.lower() in patterns["verb"] and token.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ == "neg" for c in token.children):
        yield _span(token, token, "verb")


def _passive_judgement(verb: Token, particle: str) -> Iterator[Span]:
    """'is considered', 'has been described as', 'regarded by many as': a judgement or report
    verb in the passive (or as a bare participle) whose agent, if any, is not named."""
    if verb.tag_ not in ("VBN", "VBD"):
        return
    auxiliaries = [c for c in verb.children if c.dep_ == "auxpass"]
    reduced = verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl", "amod", "conj", "xcomp",
                                                   "ccomp", "oprd")
    if not auxiliaries and not reduced:
        return
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and not auxiliaries:
        return  # "has said": active
    if particle and not _has_particle(verb, particle):
        return
    if not all(_is_vague(agent) for agent in _agents(verb)):
        return  # "was reported by a delivery driver", "is considered by Smith": a source
    start = verb
    while start.i > 0 and start.nbor(-1).head == verb and start.nbor(-1).dep_ in _VERB_GROUP:
        start = start.nbor(-1)  # "has been", "is widely": the whole verb group
    yield _span(start, verb, "passive")


def _has_particle(verb: Token, particle: str) -> bool:
    """The particle follows the verb ("said to be", "described by critics as"), or the subject is
    an extraposed "it" ("it is said that")."""
    if any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in verb.children):
        return True
    if particle == "to":  # the infinitive marker: "reported to have", not "reported to police"
        return _next_lower(verb) == "to" and verb.nbor(1).tag_ == "TO"
    after = verb
    for agent in _agents(verb):
        if agent.head.i == verb.i + 1:
            after = agent  # "seen by many as": the particle may follow the agent
    return _next_lower(after) == particle \
        or any(c.lower_ == particle and c.i > verb.i for c in (*verb.children, *after.children))


def _agents(verb: Token) -> list[Token]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _is_vague(agent: Token) -> bool:
    """An agent that names nobody: "by some", "by many critics", "by historians"."""
    quantifiers = _patterns()["quantifier"]
    if agent.lower_ in quantifiers or any(c.lower_ in quantifiers for c in agent.children):
        return True
    return agent.tag_ == "NNS" and _is_bare(agent)


def _is_bare(noun: Token) -> bool:
    """No determiner, owner, number or name before the noun: "critics", not "his critics"."""
    return not any(c.dep_ in ("det", "poss", "nummod", "compound") or c.pos_ == "PROPN"
                   or c.lower_ in ("other", "such") for c in noun.children if c.i < noun.i)


def _vague_group(quantifier: Token, groups: dict[str, str]) -> Iterator[Span]:
    """A vague quantifier standing for an unnamed source (see ``hedge_patterns.txt``): alone or
    before a group noun as subject, agent or after a preposition ("some argue", "many of the
    critics", "thought by some", "popular with many fans"); before any noun as the subject of a
    verb of saying or thinking or the agent of a passive ("several accounts claim"); after
    "according to"; or setting a scene ("in some countries"). A vague quantity alone is not a
    hedge: "several neighborhoods were flooded", "he has many children"."""
    head = quantifier.head
    if quantifier.dep_ in ("det", "amod") and head.pos_ in ("NOUN", "PROPN") \
            and head.i > quantifier.i:
        if _is_agent(head) or _holds_a_view(head) or (
                _is_group(head, groups) and head.dep_ in ("nsubj", "nsubjpass", "pobj")):
            yield _span(quantifier, head, "quantifier")
        elif head.dep_ == "pobj" and head.tag_ == "NNS" and head.head.lower_ == "in" \
                and head.head.head.pos_ in ("VERB", "AUX"):
            yield _span(head.head, head, "quantifier")
        return
    if quantifier.dep_ in ("acomp", "amod", "conj") or not _is_bare(quantifier):
        return  # "she was certain", "the others"
    if _is_agent(quantifier) or (quantifier.dep_ == "pobj" and head.lower_ == "to"
                                 and head.i > 0 and head.nbor(-1).lower_ == "according"):
        yield _span(quantifier, quantifier, "quantifier")
    elif quantifier.dep_ in _SUBJECT_DEPS:
        partitive = [g for c in quantifier.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
        # "many of his works depict" is a quantity; "many of the critics" and "some argue" are
        # unnamed people
        if not partitive or _is_group(partitive[0], groups) or _holds_a_view(quantifier):
            yield _span(quantifier, quantifier, "quantifier")


def _is_group(noun: Token, groups: dict[str, str]) -> bool:
    return noun.lemma_.lower() in groups or noun.lower_ in groups or noun.ent_type_ == "NORP"


def _holds_a_view(noun: Token) -> bool:
    """The subject of a verb of saying or thinking ("some accounts claim", "many believe")."""
    return noun.dep_ == "nsubj" and noun.head.lemma_.lower() in _stance_verbs()


@cache
def _stance_verbs() -> frozenset[str]:
    """Verbs of saying or thinking: the ``passive``, ``verb`` and ``view`` classes and the
    reporting verbs of ``speech_verbs.txt``."""
    patterns = _patterns()
    return frozenset(patterns["passive"]) | frozenset(patterns["verb"]) \
        | frozenset(patterns["view"]) | word_set("speech_verbs")


def _is_agent(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _span(first: Token, last: Token, kind: str) -> Span:
    start, end = first.idx, last.idx + len(last.text)
    # the tokens' text is the Doc's text from start to end (``Doc.text`` is rebuilt from every
    # token on each access)
    words = first.doc[first.i : last.i + 1].text
    return start, end, f"hedge: '{words.lower()}' ({_CUE_NOTES[kind]})"
