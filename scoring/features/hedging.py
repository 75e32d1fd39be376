"""Hedging and its opposite, unsupported certainty.

``hedges_per_100_words``: hedge and weasel cues per 100 body words, counted in the sentences a
fitted classifier calls hedged; >= 0, lower is more reliable.

Candidate cues are found first, each with its *kind*:

- a word or phrase of ``lexicons/hedges.txt``, by its class: ``doubt`` ("reportedly",
  "probably"), ``appearance`` ("appears to"), ``impersonal`` ("it is believed"), ``source``
  ("some say"), ``uncertainty`` ("it remains unclear"), ``approximation`` ("to some extent");
- ``modal``: a modal of possibility (may, might, could) used epistemically: tagged as a modal
  ("May 2024", "the might of" and "Devil May Cry" are not), not negated ("could not be reached"
  is an attribution formula), and for may/could neither passive ("may be added") nor of a
  generic subject ("players may bid", "a fee may be charged": a permission or a general
  possibility, not the writer's doubt), unless perfect ("may have been") or strengthened ("may
  well"); ``speculation`` when it is "might", perfect or strengthened;
- one of the syntactic classes of ``lexicons/hedge_patterns.txt``, read from spaCy's parse:
  ``passive``, a judgement or report verb in the passive with no source, or only a vague one
  ("is considered", "is said to", "has been described as", "regarded by many as");
  ``quantifier``, a vague group as source ("some argue", "many historians", "according to some",
  "thought by some", "in some countries", "experts believe"); ``adverb``, an adverb of unsourced
  consensus on a verb ("widely believed"); ``verb``, an epistemic verb ("the data suggest",
  "seems");
- cues that hedge only in context: ``crowd`` and ``quantity``, a vague quantifier of
  ``lexicons/vague_quantities.txt`` before a noun for people or standing alone ("many fans",
  "many of them") or before another noun ("several species"); ``frequency`` and ``degree``
  ("often", "largely"); ``group``, a bare plural noun for people as subject ("critics point
  out"); ``peacock`` (``lexicons/peacock_words.txt``: "legendary", "renowned"); and
  ``superlative``, praise as a superlative ("the most important", "one of the finest").

Each body sentence then gets the readable features of :data:`SENTENCE_FEATURES`: whether it
holds a cue of each kind, which quantifier leads a vague group or quantity ("some" and "many"
hedge far more often than "various"), and its context (a modal that is not epistemic, a
judgement credited to a named agent, a named speaker, a negation, cues only inside quotation
marks, a number, a main verb in the simple past or in the present, a cue in the subject, its
length in words and in cues). A logistic regression over them (``features/models/hedging.json``,
fitted on the CoNLL-2010 Wikipedia weasel sentences by :mod:`scoring.evaluation.fit_hedging`)
decides whether the sentence is hedged. In a hedged sentence every cue that is a hedge by
definition (:data:`HEDGE_KINDS`) counts and is evidence, and so does a cue of another kind
whose weight raises the odds; elsewhere no cue counts, and a sentence with no cue that would
count is never hedged. Vague quantities and praise in a report of what happened are not cues
at all ("several neighborhoods were flooded", "the prominent lawyer was arrested"), nor is
"could not be reached".

The classifier was fitted on Wikipedia and reads news: the exclusions above, and the pinned
near-misses of ``tests/test_hedging.py``, are what keeps it from firing on plain reporting.

With the ``blank`` language model (no tags or parse) the classifier does not apply (its
features need the parse): every listed word and phrase of ``hedges.txt`` counts.

``boosters_per_100_words``: certainty boosters (``lexicons/boosters.txt``: "clearly",
"undoubtedly", "without a doubt") per 100 body words; >= 0, lower is more reliable.

Evidence spans are the cue words themselves; overlapping cues count once (the longest wins).

References: Hyland (2005) *Metadiscourse*, hedges and boosters; Farkas et al. (2010), CoNLL-2010
shared task on hedge and weasel detection; Wikipedia's guideline on weasel words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.attrs import IS_ALPHA, LEMMA, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from scoring.config import Config
from scoring.features._matching import inside_quotation, phrase_pattern, single_words
from scoring.lexicons import lists_digest, load_lexicon, word_set
from scoring.text import normalise
from scoring.types import Evidence, FamilyResult, FeatureResult, ParsedText, Sentence

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
    "quantity": "a vague quantity",
    "frequency": "an unstated frequency",
    "degree": "true only in part",
    "crowd": "an unnamed many",
    "group": "an unnamed group",
    "peacock": "praise or a label without evidence",
    "superlative": "a superlative of praise",
}
"""How a cue of each kind found by the parse or in context is described in its evidence note."""
_CLASSES = ("passive", "quantifier", "adverb", "verb", "group", "view")
"""The classes of ``hedge_patterns.txt``; ``group`` and ``view`` are word lists the others use."""
LISTED_KINDS = ("doubt", "modal", "appearance", "impersonal", "source", "uncertainty",
                "approximation")
"""The classes of ``hedges.txt`` (``modal`` holds may, might and could)."""
CONTEXT_KINDS = ("quantity", "frequency", "degree")
"""The classes of ``vague_quantities.txt``."""
HEDGE_KINDS = (*LISTED_KINDS, "speculation", "passive", "quantifier", "adverb", "verb")
"""Cue kinds that are hedges by definition (``hedges.txt``, ``hedge_patterns.txt``): in a hedged
sentence they count whatever their weight."""
CUE_KINDS = (*HEDGE_KINDS, "group", "crowd", *CONTEXT_KINDS, "peacock", "superlative")
CONTEXT_FEATURES = (
    "modal_not_epistemic",  # may/might/could as a permission, a capacity or negated
    "judgement_with_named_source",  # "is considered by Smith", "was reported by a driver"
    "named_speaker",  # a named subject of a verb of saying or thinking: "Smith argues"
    "negation",  # not, n't, never in the sentence
    "cues_only_quoted",  # every cue stands inside quotation marks: a source's words
    "number",  # a number in the sentence: a stated quantity or date
    "past_event",  # the main verb is in the simple past and not one of saying or thinking
    "present_claim",  # the main verb is in the present: a claim about how things are
    "cue_in_subject",  # a cue stands in the main clause's subject: "some critics", "many"
    "log_words",  # log(1 + words of the sentence)
    "log_cues",  # log(1 + cues of the sentence)
)
QUANTIFIERS = tuple(entry.split()[1].lower() for entry in load_lexicon("vague_quantities")
                    if entry.split()[0] == "quantity" and len(entry.split()) == 2)
"""The single-word quantifiers of ``vague_quantities.txt``: which one leads a vague group or
quantity is a feature of its own ("some" and "many" hedge far more often than "various")."""
SENTENCE_FEATURES = (*(f"cue_{kind}" for kind in CUE_KINDS),
                     *(f"quantifier_{word}" for word in QUANTIFIERS), *CONTEXT_FEATURES)
"""The classifier's inputs, in the order of the model file's coefficients."""
_FEATURE_INDEX = {name: index for index, name in enumerate(SENTENCE_FEATURES)}
_QUANTIFIED_KINDS = frozenset({"quantifier", "crowd", "quantity"})
MODEL_LEXICONS = ("hedges", "hedge_patterns", "vague_quantities", "peacock_words")
"""The lexicons the classifier's cue kinds come from; the model file records their hash."""
MODEL_PATH = Path(str(resources.files("scoring.features"))) / "models" / "hedging.json"
_REFIT = ("python -m scoring.evaluation.fit_hedging "
          "--train ../shared/data/conll2010-weasel-train/train.csv")


@dataclass(frozen=True)
class Cue:
    """A candidate hedge cue: ``text[start:end]`` of one kind (see :data:`CUE_KINDS`)."""

    start: int
    end: int
    kind: str
    words: str
    """The cue's words, lower-cased."""

    @property
    def note(self) -> str:
        detail = _CUE_NOTES.get(self.kind)
        return f"hedge: '{self.words}'" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class SentenceHedging:
    """A body sentence's candidate cues and the classifier's features of it."""

    sentence: Sentence
    cues: tuple[Cue, ...]
    features: np.ndarray
    """One value per name of :data:`SENTENCE_FEATURES`."""


@dataclass(frozen=True)
class HedgeModel:
    """The fitted sentence classifier: a logistic regression over standardised features."""

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    """The probability at or above which a sentence is hedged (chosen by cross-validation)."""

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """The log-odds that each row of ``features`` is a hedged sentence."""
        return ((features - self.mean) / self.scale) @ self.coef + self.intercept

    def weight(self, name: str) -> float:
        """The change in log-odds when feature ``name`` goes from 0 to 1 (0 for no feature)."""
        index = _FEATURE_INDEX.get(name)
        return 0.0 if index is None else float(self.coef[index] / self.scale[index])

    def counts(self, cue: Cue) -> bool:
        """Whether ``cue`` counts in a hedged sentence: a hedge by definition (a kind of
        :data:`HEDGE_KINDS`), or a cue whose presence raises the odds (its kind's weight, with
        that of its leading quantifier: "many homes" weighs ``cue_quantity`` and
        ``quantifier_many``)."""
        if cue.kind in HEDGE_KINDS:
            return True
        weight = self.weight(f"cue_{cue.kind}")
        if cue.kind in _QUANTIFIED_KINDS:
            weight += self.weight(f"quantifier_{cue.words.split()[0]}")
        return weight > 0

    def cut(self) -> float:
        """The threshold as log-odds."""
        return math.log(self.threshold / (1 - self.threshold))

    def hedged(self, sentences: Sequence[SentenceHedging]) -> list[bool]:
        """Per sentence: whether the classifier calls it hedged. A sentence with no cue that
        counts is never hedged (there would be no evidence to show)."""
        if not sentences:
            return []
        odds = self.log_odds(np.vstack([s.features for s in sentences]))
        return [bool(o >= self.cut()) and any(self.counts(c) for c in s.cues)
                for o, s in zip(odds.tolist(), sentences, strict=True)]

    def to_dict(self) -> dict[str, object]:
        return {"feature_names": list(self.feature_names), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept, "threshold": self.threshold}


def analyze_hedging(parsed: ParsedText, config: Config) -> FamilyResult:
    words = body_word_count(parsed)
    hedges = [(c.start, c.end, c.note) for c in hedge_cues(parsed)]
    boosters = _booster_spans(parsed)
    features = []
    for feature, label, spans in (("hedges_per_100_words", "hedge", hedges),
                                  ("boosters_per_100_words", "booster", boosters)):
        evidence = tuple(Evidence(feature, start, end, label, note) for start, end, note in spans)
        rate = 100.0 * len(spans) / words if words else 0.0
        features.append(FeatureResult(feature, rate, evidence))
    return FamilyResult(features=tuple(features))


def hedge_cues(parsed: ParsedText, model: HedgeModel | None = None) -> list[Cue]:
    """The cues that count: those of a counted kind in the sentences ``model`` (default: the
    shipped one) calls hedged; without a parse, every listed cue of ``hedges.txt``."""
    sentences = sentence_hedging(parsed)
    if not parsed.doc.has_annotation("DEP"):
        return [c for s in sentences for c in s.cues if c.kind in LISTED_KINDS]
    model = model or load_hedge_model()
    return [c for s, hedged in zip(sentences, model.hedged(sentences), strict=True) if hedged
            for c in s.cues if model.counts(c)]


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


def sentence_hedging(parsed: ParsedText) -> list[SentenceHedging]:
    """Every body sentence's candidate cues (overlaps resolved, the longest first) and
    features. Without a parse only the listed words and phrases of ``hedges.txt`` are cues."""
    doc = parsed.doc
    # asking an unparsed spaCy Doc for syntax is undefined behaviour (it can crash the process)
    syntactic = doc.has_annotation("DEP")
    # tokens are tested on arrays of string hashes, and a spaCy Token is made only for the few
    # that may be a cue
    lower = doc.to_array(LOWER)
    alphabetic = doc.to_array(IS_ALPHA)
    listed = np.isin(lower, _hashes(_listed_words()))
    tags = doc.to_array(TAG)
    in_context = (np.isin(lower, _hashes(_context_words().keys()))
                  | np.isin(tags, _hashes(("NNS", "JJS")))) if syntactic \
        else np.zeros(len(doc), dtype=bool)
    may_hedge = _may_hedge(doc, lower) if syntactic else np.zeros(len(doc), dtype=bool)
    candidates = np.flatnonzero(listed | in_context | may_hedge)
    result = []
    for sentence, span in zip(parsed.body_sentences, parsed.body_spans, strict=True):
        text = parsed.text[sentence.start : sentence.end]
        cues = [Cue(sentence.start + m.start(), sentence.start + m.end(), kind,
                    m.group(0).lower())
                for kind, pattern in _listed_phrases() for m in pattern.finditer(text)]
        first, last = np.searchsorted(candidates, (span.start, span.end))
        context = dict.fromkeys(CONTEXT_FEATURES, 0.0)
        for i in candidates[first:last].tolist():
            token = doc[i]
            if may_hedge[i]:
                cues.extend(_syntactic_hedges(token))
                if _named_judgement(token):
                    context["judgement_with_named_source"] = 1.0
            if listed[i]:
                cue = _listed_cue(token, syntactic)
                if cue is not None:
                    cues.append(cue)
                elif token.lower_ in _MODALS and token.tag_ == "MD":
                    context["modal_not_epistemic"] = 1.0
        if syntactic:
            cues.extend(_context_cues(span, text, sentence.start, in_context))
            context.update(_sentence_context(span))
        cues = _longest_first(cues)
        if syntactic:
            subject = [s for root in span if root.dep_ == "ROOT" for s in root.children
                       if s.dep_ in _SUBJECT_DEPS]
            if any(s.left_edge.idx <= c.start < s.right_edge.idx + len(s.right_edge)
                   for s in subject for c in cues):
                context["cue_in_subject"] = 1.0
        if cues and all(inside_quotation(text, c.start - sentence.start) for c in cues):
            context["cues_only_quoted"] = 1.0
        context["log_words"] = math.log1p(int(alphabetic[span.start : span.end].sum()))
        context["log_cues"] = math.log1p(len(cues))
        present = {c.kind for c in cues}
        leading = {c.words.split()[0] for c in cues if c.kind in _QUANTIFIED_KINDS}
        values = [1.0 if kind in present else 0.0 for kind in CUE_KINDS]
        values += [1.0 if word in leading else 0.0 for word in QUANTIFIERS]
        values += [context[name] for name in CONTEXT_FEATURES]
        result.append(SentenceHedging(sentence, tuple(cues), np.array(values)))
    return result


def _listed_cue(token: Token, syntactic: bool) -> Cue | None:
    """The cue of a listed single word, or None when its context rules it out."""
    lower_ = token.lower_
    kind = _listed_kinds()[lower_]
    if lower_ in _MODALS:
        if not syntactic or not _is_epistemic_modal(token):
            return None
        if _is_speculation(token):
            kind = "speculation"
    elif lower_ == "likely" and token.i > 0 and token.nbor(-1).lower_ in ("more", "less"):
        return None  # "more likely to be": a comparison of frequencies
    elif syntactic and (token.tag_ == "VBD" or (
            token.tag_ == "VBN" and token.dep_ not in ("amod", "acomp")
            and not any(c.dep_ == "auxpass" for c in token.children))):
        return None  # "he disputed the claim", "had disputed": an active verb, not a doubt
    return Cue(token.idx, token.idx + len(token.text), kind, lower_)


def _context_cues(span: Span, text: str, offset: int, in_context: np.ndarray) -> Iterator[Cue]:
    """The cues of ``vague_quantities.txt`` and ``peacock_words.txt`` in one sentence, bare
    plural group nouns as subjects ("critics point out") and superlatives of praise."""
    for kind, pattern in _context_phrases():
        for match in pattern.finditer(text):
            yield Cue(offset + match.start(), offset + match.end(), kind,
                      match.group(0).lower())
    words = _context_words()
    groups = _patterns()["group"]
    for token in span:
        if not in_context[token.i]:
            continue
        superlative = _superlative(token)
        if superlative is not None:
            yield superlative
            continue
        if token.tag_ == "NNS" and token.dep_ in _SUBJECT_DEPS and _is_group(token, groups) \
                and _is_bare(token):
            yield _span(token, token, "group")
        kind = words.get(token.lower_)
        if kind is None:
            continue
        if kind == "quantity":
            cue = _vague_quantity(token)
            if cue is not None:
                yield cue
        elif kind in ("frequency", "degree"):
            if token.pos_ == "ADV":
                yield _span(token, token, kind)
        elif (token.pos_ in ("ADJ", "ADV") or token.dep_ in ("amod", "acomp", "compound")) \
                and not (token.dep_ == "amod" and _in_past_event(token.head)):
            # praise, not "he noted"; and not a description of who did something or to whom
            # it happened ("the prominent lawyer was arrested")
            yield _span(token, token, kind)


def _vague_quantity(quantifier: Token) -> Cue | None:
    """A vague quantifier before a noun ("many homes", "most historians") or standing for one
    ("many of them", "others"); not before a number ("some 200 people") nor a superlative ("the
    most important"), nor as the subject or object of a verb in the simple past that is not one
    of saying or thinking ("several neighbourhoods were flooded", "many people were injured",
    "the storm damaged many homes", "spent most of the budget"): a report of what happened, in
    which the vague count is the reporter's summary, not an unnamed source."""
    doc = quantifier.doc
    after = doc[quantifier.i + 1] if quantifier.i + 1 < len(doc) else None
    if after is not None and (after.like_num or after.tag_ == "CD"):
        return None
    if quantifier.i > 0 and doc[quantifier.i - 1].lower_ in ("the", "at", "a"):
        return None  # "the most", "at most", "a certain"
    head = quantifier.head
    if quantifier.dep_ in ("det", "amod") and head.pos_ == "NOUN" and head.i > quantifier.i:
        if _in_past_event(head):
            return None
        kind = "crowd" if _is_group(head, _patterns()["group"]) else "quantity"
        return _span(quantifier, head, kind)
    if quantifier.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos") \
            and quantifier.lower_ != "certain" and not _in_past_event(quantifier):
        return _span(quantifier, quantifier, "crowd")
    return None


def _in_past_event(noun: Token) -> bool:
    """The subject or direct object (or a conjunct of one) of a verb in the simple past that is
    not a verb of saying or thinking."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PRON", "ADJ", "DET"):
        noun = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    verb = noun.head
    return _is_past_event(verb) and verb.lemma_.lower() not in _stance_verbs()


def _is_past_event(verb: Token) -> bool:
    """A verb in the simple past, active ("lost") or passive ("were flooded")."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VBD"
                                      for c in verb.children)


def _superlative(token: Token) -> Cue | None:
    """"the most important", "most influential", "one of the finest": praise as a superlative
    (not "most of them", "the largest" alone)."""
    doc = token.doc
    if token.lower_ == "most" and token.tag_ == "RBS" and token.head.pos_ in ("ADJ", "ADV") \
            and token.head.i == token.i + 1:
        return _span(token, token.head, "superlative")
    if (token.tag_ == "JJS" or token.lower_ == "most") and token.i >= 3 \
            and doc[token.i - 3 : token.i].text.lower() == "one of the":
        last = token.head if token.lower_ == "most" and token.head.i == token.i + 1 else token
        return _span(doc[token.i - 3], last, "superlative")
    return None


def _sentence_context(span: Span) -> dict[str, float]:
    """The context features read from the whole sentence's tokens."""
    negation = number = named_speaker = past_event = present = 0.0
    stance = _stance_verbs()
    for token in span:
        if token.dep_ == "ROOT" and _is_past_event(token) and token.lemma_.lower() not in stance:
            past_event = 1.0
        if token.dep_ == "ROOT" and (token.tag_ in ("VBZ", "VBP") or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in token.children)):
            present = 1.0
        if token.dep_ == "neg" or token.lower_ in _NEGATIONS:
            negation = 1.0
        if token.like_num or token.tag_ == "CD":
            number = 1.0
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in stance \
                and (token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG")):
            named_speaker = 1.0
    return {"negation": negation, "number": number, "named_speaker": named_speaker,
            "past_event": past_event, "present_claim": present}


def _named_judgement(verb: Token) -> bool:
    """A judgement or report verb of ``hedge_patterns.txt`` in the passive whose agent is named
    or particular: "is considered by Smith", "was reported by a delivery driver"."""
    if verb.lemma_.lower() not in _patterns()["passive"] or verb.tag_ != "VBN":
        return False
    agents = _agents(verb)
    return bool(agents) and not all(_is_vague(agent) for agent in agents)


def _longest_first(cues: Iterable[Cue]) -> list[Cue]:
    """Drop cues that overlap an earlier or longer one ("it is widely believed" over "widely");
    of two with the same span, the first found stays."""
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and cue.start < kept[-1].end:
            continue
        kept.append(cue)
    return kept


def _booster_spans(parsed: ParsedText) -> list[tuple[int, int, str]]:
    """Booster words and phrases of ``boosters.txt`` in the body sentences, longest first."""
    words = single_words("boosters")
    pattern = phrase_pattern("boosters")
    doc = parsed.doc
    listed = np.flatnonzero(np.isin(doc.to_array(LOWER), _hashes(words)))
    spans = []
    for sentence, span in zip(parsed.body_sentences, parsed.body_spans, strict=True):
        text = parsed.text[sentence.start : sentence.end]
        spans += [Cue(sentence.start + m.start(), sentence.start + m.end(), "booster",
                      m.group(0).lower()) for m in pattern.finditer(text)]
        first, last = np.searchsorted(listed, (span.start, span.end))
        spans += [Cue(doc[i].idx, doc[i].idx + len(doc[i]), "booster", doc[i].lower_)
                  for i in listed[first:last].tolist()]
    return [(c.start, c.end, f"booster: '{c.words}'") for c in _longest_first(spans)]


@cache
def _hedge_entries() -> tuple[tuple[str, str], ...]:
    """``(class, word or phrase)`` of ``hedges.txt``."""
    entries = []
    for entry in load_lexicon("hedges"):
        kind, _, words = entry.partition(" ")
        if kind not in LISTED_KINDS or not words.strip():
            raise ValueError(f"hedges.txt: unknown class {kind!r} in {entry!r}; "
                             f"valid: {list(LISTED_KINDS)}")
        entries.append((kind, " ".join(words.lower().split())))
    return tuple(entries)


@cache
def _listed_kinds() -> dict[str, str]:
    """The class of each single word of ``hedges.txt``."""
    return {words: kind for kind, words in _hedge_entries() if " " not in words}


def _listed_words() -> frozenset[str]:
    return frozenset(_listed_kinds())


@cache
def _listed_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per class for the phrases of ``hedges.txt``, longest phrases first."""
    by_kind: dict[str, list[str]] = {}
    for kind, words in _hedge_entries():
        if " " in words:
            by_kind.setdefault(kind, []).append(words)
    return tuple((kind, _phrases_pattern(phrases)) for kind, phrases in by_kind.items())


def _phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@cache
def _context_entries() -> tuple[tuple[str, str], ...]:
    """``(kind, word or phrase)`` of ``vague_quantities.txt`` and ``peacock_words.txt``."""
    entries = []
    for entry in load_lexicon("vague_quantities"):
        kind, _, words = entry.lower().partition(" ")
        if kind not in CONTEXT_KINDS or not words.strip():
            raise ValueError(f"vague_quantities.txt: expected 'CLASS WORD' with a class of "
                             f"{list(CONTEXT_KINDS)}, got {entry!r}")
        entries.append((kind, " ".join(words.split())))
    entries += [("peacock", entry.lower()) for entry in load_lexicon("peacock_words")]
    return tuple(entries)


@cache
def _context_words() -> dict[str, str]:
    """``{word: kind}`` of the single words of :func:`_context_entries` (matched on tokens)."""
    return {words: kind for kind, words in _context_entries()
            if " " not in words and "-" not in words}


@cache
def _context_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per kind for the phrases and hyphenated words of :func:`_context_entries`
    (spaCy splits "well-known" into three tokens)."""
    by_kind: dict[str, list[str]] = {}
    for kind, words in _context_entries():
        if " " in words or "-" in words:
            by_kind.setdefault(kind, []).append(words)
    return tuple((kind, _phrases_pattern(phrases)) for kind, phrases in by_kind.items())


def hedge_lexicons_digest() -> str:
    """A hash of the lexicons of :data:`MODEL_LEXICONS`, recorded with the fitted model."""
    return lists_digest(MODEL_LEXICONS)


def read_hedge_model(path: str | Path) -> HedgeModel:
    """A model file written by :mod:`scoring.evaluation.fit_hedging`; refuses one fitted on other
    features or lexicons (refit it)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = tuple(data["feature_names"])
    if names != SENTENCE_FEATURES:
        raise ValueError(f"{path}: fitted on features {list(names)}, the code computes "
                         f"{list(SENTENCE_FEATURES)}; refit with {_REFIT}")
    if data["lexicons_digest"] != hedge_lexicons_digest():
        raise ValueError(f"{path}: fitted with other lexicons (digest {data['lexicons_digest']},"
                         f" now {hedge_lexicons_digest()} for {list(MODEL_LEXICONS)}); refit "
                         f"with {_REFIT}")
    return HedgeModel(names, np.array(data["mean"]), np.array(data["scale"]),
                      np.array(data["coef"]), float(data["intercept"]), float(data["threshold"]))


@cache
def load_hedge_model() -> HedgeModel:
    """The shipped model, read once per process."""
    return read_hedge_model(MODEL_PATH)


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
    if _is_speculation(token):
        return True
    verb = token.head
    if any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "may be added", "could be seen": a procedure or a capacity
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    return not subjects or not _is_generic(subjects[0])


def _is_speculation(modal: Token) -> bool:
    """An epistemic modal that speculates about what happened or will: "might", or may/could
    perfect ("may have sunk") or strengthened ("may well resign")."""
    if modal.lower_ == "might":
        return True
    return _next_lower(modal) in _STRENGTHENERS or any(
        c.dep_ == "aux" and c.lower_ == "have" and c.i > modal.i for c in modal.head.children)


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


def _syntactic_hedges(token: Token) -> Iterator[Cue]:
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


def _passive_judgement(verb: Token, particle: str) -> Iterator[Cue]:
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


def _vague_group(quantifier: Token, groups: dict[str, str]) -> Iterator[Cue]:
    """A vague quantifier standing for an unnamed source (see ``hedge_patterns.txt``): alone or
    before a group noun as subject, agent or after a preposition ("some argue", "many of the
    critics", "thought by some", "popular with many fans"); before any noun as the subject of a
    verb of saying or thinking or the agent of a passive ("several accounts claim"); after
    "according to"; or setting a scene ("in some countries"). A vague quantity alone is not a
    hedge: "several neighborhoods were flooded", "he has many children"; nor is a vague group
    that something happened to or that did something ("many people were injured", "many
    residents fled": :func:`_in_past_event`)."""
    head = quantifier.head
    if quantifier.dep_ in ("det", "amod") and head.pos_ in ("NOUN", "PROPN") \
            and head.i > quantifier.i:
        if _is_agent(head) or _holds_a_view(head) or (
                _is_group(head, groups) and head.dep_ in ("nsubj", "nsubjpass", "pobj")
                and not _in_past_event(head)):
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


def _span(first: Token, last: Token, kind: str) -> Cue:
    # the tokens' text is the Doc's text from start to end (``Doc.text`` is rebuilt from every
    # token on each access)
    words = first.doc[first.i : last.i + 1].text
    return Cue(first.idx, last.idx + len(last.text), kind, words.lower())
