"""Hedging and its opposite, unsupported certainty.

``hedges_per_100_words``: hedge and weasel cues per 100 body words; >= 0, lower is more reliable.
A cue is one of:

- a word or phrase of ``lexicons/hedges.txt`` ("reportedly", "probably", "it is believed");
- a modal of possibility (may, might, could) used epistemically: not negated ("could not be
  reached" is an attribution formula), tagged as a modal ("May 2024", "the might of" are not),
  and for may/could not of a generic subject ("players may bid", "a fee may be charged" give a
  permission or a general possibility, not the writer's doubt), unless it is perfect ("may have
  been") or strengthened ("may well");
- and the syntactic classes of ``lexicons/hedge_patterns.txt``:
  a judgement or report verb in the passive with no named agent ("is considered", "was said to",
  "has been described as", "regarded by many as"); a vague group as the source or subject
  ("some argue", "many historians", "most critics", "thought by some", "according to some",
  "in some countries"); an epistemic verb ("suggest", "speculate", "seem").

``boosters_per_100_words``: certainty boosters (``lexicons/boosters.txt``: "clearly",
"undoubtedly", "without a doubt") per 100 body words; >= 0, lower is more reliable.

Evidence spans are the cue words themselves; overlapping cues count once (the longest wins).

References: Hyland (2005) *Metadiscourse*, hedges and boosters; Farkas et al. (2010), CoNLL-2010
shared task on hedge (weasel) detection; Wikipedia's guideline on weasel words (unsupported
attributions, vague quantified sources).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Token

from scoring.config import Config
from scoring.features._matching import longest_first, phrase_pattern, single_words
from scoring.lexicons import load_lexicon, word_set
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText

_MODALS = {"may", "might", "could"}
_NEGATIONS = {"not", "n't", "never"}
_STRENGTHENERS = {"well", "very", "even"}
_GENERIC_PRONOUNS = {"they", "you", "one", "we", "which", "who", "that", "these", "those"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CLASSES = {
    "passive": "a judgement in the passive, no named source",
    "quantifier": "a vague group as source",
    "group": "a vague group as source",
    "verb": "an epistemic verb",
    "adverb": "a consensus without a source",
}
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


def body_word_count(parsed: ParsedText) -> int:
    """Alphabetic tokens in the body sentences."""
    doc = parsed.doc
    return sum(
        1
        for sentence in parsed.body_sentences
        for token in doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if token.is_alpha
    )


def _cue_spans(parsed: ParsedText, lexicon: str) -> list[Span]:
    words = single_words(lexicon)
    pattern = phrase_pattern(lexicon)
    doc = parsed.doc
    spans: list[Span] = []
    for sentence in parsed.body_sentences:
        sentence_text = parsed.text[sentence.start : sentence.end]
        for match in pattern.finditer(sentence_text):
            spans.append((sentence.start + match.start(), sentence.start + match.end(),
                          f"{lexicon[:-1]}: '{match.group(0).lower()}'"))
        for token in doc.char_span(sentence.start, sentence.end, alignment_mode="expand"):
            lower = token.lower_
            if lexicon == "hedges":
                spans.extend(_syntactic_hedges(token))
            if lower not in words:
                continue
            if lower in _MODALS and not _is_epistemic_modal(token):
                continue
            if lower == "likely" and token.i > 0 and token.nbor(-1).lower_ in ("more", "less"):
                continue  # "more likely to be": a comparison of frequencies
            spans.append((token.idx, token.idx + len(token.text), f"{lexicon[:-1]}: '{lower}'"))
    return longest_first(spans)


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
    if token.lower_ in patterns["adverb"] and token.head.pos_ == "VERB":
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
    start = auxiliaries[0] if auxiliaries and auxiliaries[0].i < verb.i else verb
    yield _span(start, verb, "passive")


def _has_particle(verb: Token, particle: str) -> bool:
    """The particle follows the verb ("said to be", "described by critics as"), or the subject is
    an extraposed "it" ("it is said that")."""
    if any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in verb.children):
        return True
    if particle == "to":  # the infinitive marker: "reported to have", not "reported to police"
        return _next_lower(verb) == "to" and verb.nbor(1).tag_ == "TO"
    return _next_lower(verb) == particle \
        or any(c.lower_ == particle and c.i > verb.i for c in verb.children)


def _agents(verb: Token) -> list[Token]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _is_vague(agent: Token) -> bool:
    """An agent that names nobody: "by some", "by many critics", "by historians"."""
    quantifiers = _patterns()["quantifier"]
    if agent.lower_ in quantifiers or any(c.lower_ in quantifiers for c in agent.children):
        return True
    bare = not any(c.dep_ in ("det", "poss", "nummod", "compound") for c in agent.children)
    return bare and agent.tag_ == "NNS"


def _vague_group(quantifier: Token, groups: dict[str, str]) -> Iterator[Span]:
    """A vague quantifier standing for an unnamed source: with a noun for people, bodies or
    sources anywhere ("many historians", "according to some reports"); with any noun or alone as
    the agent of a passive ("thought by some") or the subject of a verb of saying or thinking
    ("some argue", "several accounts claim"); alone after "according to"; or setting a scene
    ("in some countries"). "Several neighborhoods were flooded" is a vague quantity, not a
    hedge."""
    head = quantifier.head
    if quantifier.dep_ in ("det", "amod") and head.pos_ in ("NOUN", "PROPN") \
            and head.i > quantifier.i:
        if _is_group(head, groups) or _is_agent(head) or _holds_a_view(head):
            yield _span(quantifier, head, "quantifier")
        elif head.dep_ == "pobj" and head.tag_ == "NNS" and head.head.lower_ == "in" \
                and head.head.head.pos_ in ("VERB", "AUX"):
            yield _span(head.head, head, "quantifier")
        return
    if quantifier.pos_ == "ADJ" and quantifier.dep_ not in _SUBJECT_DEPS:
        return  # "certain" as an adjective: "she was certain"
    if quantifier.dep_ in _SUBJECT_DEPS or _is_agent(quantifier) or (
            quantifier.dep_ == "pobj" and head.lower_ == "to" and head.i > 0
            and head.nbor(-1).lower_ == "according"):
        yield _span(quantifier, quantifier, "quantifier")


def _is_group(noun: Token, groups: dict[str, str]) -> bool:
    return noun.lemma_.lower() in groups or noun.lower_ in groups or noun.ent_type_ == "NORP"


def _holds_a_view(noun: Token) -> bool:
    """The subject of a verb of saying or thinking ("some accounts claim", "many believe")."""
    return noun.dep_ in _SUBJECT_DEPS and noun.head.lemma_.lower() in _stance_verbs()


@cache
def _stance_verbs() -> frozenset[str]:
    patterns = _patterns()
    return frozenset(patterns["passive"]) | frozenset(patterns["verb"]) \
        | word_set("speech_verbs") | word_set("cognition_verbs")


def _is_agent(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _span(first: Token, last: Token, kind: str) -> Span:
    doc = first.doc
    start, end = first.idx, last.idx + len(last.text)
    return start, end, f"hedge: '{doc.text[start:end].lower()}' ({_CLASSES[kind]})"
