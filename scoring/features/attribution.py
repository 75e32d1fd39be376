"""Attribution: which claims credit a source, whether that source is named, and who it is.

Every body sentence gets one label:

- ``attributed_named``: a reporting cue whose source is a named person, organisation, outlet or
  government ("Lavrov said ...", "according to Reuters", "the ministry said");
- ``attributed_anonymous``: the only sources are unnamed ("officials said", "sources familiar with
  the matter");
- ``unattributed``: a claim that credits nobody;
- ``not_a_claim``: a question, a call to action, or a fragment of fewer than four words.

Cues come from spaCy's dependency parse: a reporting verb (``lexicons/speech_verbs.txt``) whose
subject (or passive agent) is a source, or "according to X". Pronoun sources ("he said") resolve to
the nearest preceding named person or organisation, and a quotation left open carries its speaker
into the following sentences. A subject counts as a source only if it can speak: a named entity, a
proper noun, a personal pronoun, an anonymous-source noun, a definite organisation noun or another
noun for people, bodies or the documents that speak for them (``lexicons/agent_nouns.txt``: "a
witness said", "the poll shows"; "the episode underscores" credits nobody).

Where the text was parsed, the rules propose and a fitted model decides
(:mod:`scoring.features.attribution_model`, fitted on PolNeAR's training articles by
:mod:`scoring.evaluation.fit_attribution`). For each sentence the rules gather candidates: the
cues they accept, a carried quotation's speaker, a speaker label, cues they turn down (a negated
verb, a reporting verb with only an object: "labeled the claim a fabrication", any verb with a
clause and a source for its subject), and for a quotation with no speaker tied to it the nearest
speaker credited before or just after. The model reads the rules' verdicts and the candidates'
features and says whether the sentence is credited; a credited sentence names its candidates'
sources with their cue and source spans, so a sentence with no candidate is never credited.
Named or anonymous follows the credited sources' kinds. Without a parser the rules decide alone.

References: Pareti (2015) attribution relations; Newell, Margolin and Ruths (2018) PolNeAR;
the Gender Gap Tracker's quote rules (Asr et al. 2021).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial

import numpy as np
from spacy.attrs import IS_ALPHA, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from scoring.config import Config
from scoring.features.attribution_model import AttributionModel, fitted_model
from scoring.lexicons import word_set
from scoring.types import (
    Evidence,
    FamilyResult,
    FeatureResult,
    LabelledSentence,
    NamedSource,
    ParsedText,
    Sentence,
    SourceKind,
    Span,
)

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "we", "i"}
_NAMED_ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "government",
                       "NORP": "organization", "FAC": "organization"}
_MIN_CLAIM_WORDS = 4
_MAX_ANONYMOUS_WORDS = 8
_CLOSING_QUOTES = {"”", '"', "’", "'", "''"}
_INVERTING_VERBS = {"say", "tell", "add", "ask", "write", "explain", "note", "argue", "insist",
                    "warn", "maintain", "contend", "claim", "report", "conclude"}
_GENERIC_LABELS = {"source", "sources", "clarification", "correction", "update", "note",
                   "editor's note", "photo", "video", "related", "read more", "advertisement",
                   "watch", "listen", "warning", "disclaimer", "credit", "image", "transcript"}
_FRAME_MAX_WORDS = 6
# what a reporting verb credits: a clause, or the thing denied, confirmed or announced, with what
# is said of it ("accused Ukraine of attempting a strike", "dismissed the report as lies")
_CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "oprd", "advcl"}
_SAYING_VERBS = {"say", "tell", "add", "write", "post", "tweet", "ask", "respond", "reply",
                 "answer", "call", "comment", "mention", "report", "state", "note"}
_INTENT_VERBS = {"hope", "expect", "want"}  # "wants to make tuition free" credits an intention
_ENTITY_SUBJECTS = {"PERSON": "person", "GPE": "government"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                "our", "some", "many", "several", "one", "two", "three", "other", "another"}


@dataclass(frozen=True)
class Attribution:
    """One cue in a sentence and the source it credits (``kind == "anonymous"`` if unnamed)."""

    cue: str
    name: str
    kind: SourceKind
    start: int
    end: int
    cue_at: int = -1
    """Where the cue is (-1 for a speaker label)."""
    subject: str = "label"
    """How the source was recognised: ``pronoun`` (resolved to an earlier speaker),
    ``lone_pronoun``, ``person``/``organization``/``government`` (a named entity),
    ``proper`` (proper nouns), ``anonymous`` (``anonymous_heads.txt``), ``body``
    (``organization_nouns.txt``), ``title``, ``agent`` (another noun for people or documents),
    ``lexical`` (without a parser) or ``label`` (a speaker label)."""


def analyze_attribution(parsed: ParsedText, config: Config) -> FamilyResult:
    """Label every body sentence and collect the sources it credits.

    Features: ``attributed_named_share``, ``attributed_anonymous_share`` and
    ``unattributed_share`` (each in [0, 1], shares of claim sentences; 0 when there are no
    claims), ``named_source_count`` (distinct named sources, >= 0, higher is more reliable),
    ``anonymous_cue_count`` (anonymous-source mentions, >= 0, lower is more reliable),
    ``first_hand_source_share`` (share of the mentions of sources that credit people, bodies,
    governments or unnamed officials rather than other media outlets, in [0, 1], 0 when nobody
    is credited; higher is more reliable: reporting that rests on its own sources, not on what
    other outlets said, Baly et al. 2018 on aggregators), and ``non_claim_share`` (share of body
    sentences that state no claim: questions, calls to action, fragments; in [0, 1], lower is
    more reliable: rhetoric rather than reporting).
    """
    return attribution_result(sentence_decisions(parsed), fitted_model())


@dataclass(frozen=True)
class SentenceDecision:
    """What the rules found in one body sentence, and what the fitted model reads to decide it.

    ``attributions`` are the rules' credits (empty when the rules leave the sentence
    unattributed), ``mentions`` the sources the rules credit for a minor part of it,
    ``options`` every source the model may credit it to (the rules' cues before the
    minor-part test, a carried quotation's speaker, then cues the rules turn down), and
    ``features`` the model's inputs by name.
    """

    start: int
    end: int
    rule_label: str
    attributions: tuple[Attribution, ...]
    mentions: tuple[Attribution, ...]
    carried: bool
    options: tuple[Attribution, ...]
    options_carried: bool
    features: dict[str, float]
    not_a_claim: bool


def sentence_decisions(parsed: ParsedText) -> list[SentenceDecision]:
    """The rules' reading of every body sentence, with the model's features (in order)."""
    doc = parsed.doc
    text = parsed.text
    sentences = parsed.body_sentences
    # Pass 1: each sentence's own cues, in reading order (pronouns resolve to earlier speakers).
    own: list[list[Attribution]] = []
    cues: list[list[_Cue]] = []
    parsed_syntax = doc.has_annotation("DEP")
    # what the token loops below read, from whole-Doc arrays once
    find_cues = partial(_cues, candidates=_cue_candidates(doc)) if parsed_syntax \
        else _lexical_cues
    alphabetic = np.flatnonzero(doc.to_array(IS_ALPHA)).tolist()
    speakers = _Speakers()
    labels = speaker_labels(parsed)
    quotes = quotation_spans(text, parsed.paragraphs)
    people = _people_by_surname(doc) if doc.has_annotation("ENT_IOB") else set()
    for span, sentence in zip(parsed.body_spans, sentences, strict=True):
        # a cue inside quotation marks is the quoted speaker's words, not the article's credit
        found_cues = [_as_person(c, people) for c in find_cues(span, speakers)
                      if not _inside(c.attribution.cue_at, quotes)]
        attributions = [c.attribution for c in found_cues if c.rule]
        if not attributions and sentence.paragraph in labels:
            attributions = [labels[sentence.paragraph]]
        own.append(attributions)
        cues.append(found_cues)
        speakers.update(attributions)
    # Pass 2: sentences inside a quotation take its speaker, named before or after the quote.
    decisions: list[SentenceDecision] = []
    for index, (span, sentence) in enumerate(zip(parsed.body_spans, sentences, strict=True)):
        attributions, carried = own[index], False
        if not attributions:
            attributions = _quotation_speakers(index, sentences, own, quotes, text)
            carried = bool(attributions)
        share = _credited_share(span, attributions, quotes) \
            if attributions and not carried and parsed_syntax else 1.0
        options = attributions or [c.attribution for c in cues[index] if _may_credit(c)]
        quoted = _quoted_share(sentence, quotes, text)
        nearby = 0
        if not options and quoted >= 0.5:
            # a quotation whose speaker the rules did not tie to it: the nearest speaker credited
            # just before (or just after) is the model's candidate
            nearby, options = _nearby_speaker(index, sentences, own)
        options_carried = carried or bool(nearby)
        mentions: list[Attribution] = []
        if share < 0.5:
            # the credited words are a minor part: the sentence's main claim has no source
            # ("29 people were injured in a blast the mayor described as 'intentional'")
            mentions, attributions = attributions, []
        sentence_text = text[sentence.start : sentence.end]
        label = _label(span, sentence_text, attributions, alphabetic)
        features = _sentence_features(
            span, sentence_text, label, cues[index], own, index, carried, share,
            quoted, labels.get(sentence.paragraph), parsed.paragraphs[sentence.paragraph],
            sentences, nearby) if parsed_syntax else {}
        decisions.append(SentenceDecision(
            sentence.start, sentence.end, label, tuple(attributions), tuple(mentions), carried,
            tuple(options), options_carried, features,
            _label(span, sentence_text, [], alphabetic) == "not_a_claim"))
    return decisions


def attribution_result(decisions: Sequence[SentenceDecision],
                       model: AttributionModel | None) -> FamilyResult:
    """The family's features from each sentence's decision: the rules', or the fitted model's
    among the rules' candidates where the text was parsed."""
    labelled: list[LabelledSentence] = []
    evidence: list[Evidence] = []
    found: list[Attribution] = []
    mentions: list[Attribution] = []  # sources credited for a minor part of a sentence
    for decision in decisions:
        label, attributions, carried = decision.rule_label, list(decision.attributions), \
            decision.carried
        minor = list(decision.mentions)
        if model is not None and decision.features:
            label, attributions, carried, minor = _model_decision(decision, model)
        names = tuple(dict.fromkeys(a.name for a in attributions))
        spans = tuple(dict.fromkeys((a.start, a.end) for a in attributions))
        labelled.append(LabelledSentence(decision.start, decision.end, label, names, spans))
        evidence.append(_sentence_evidence(decision.start, decision.end, label, attributions,
                                           carried))
        mentions.extend(minor)
        if not carried:
            found.extend(attributions)

    sources = _merge_sources([a for a in found + mentions
                              if a.name not in _PERSON_PRONOUNS | {"i", "we"}])
    named = [s for s in sources if s.kind != "anonymous"]
    for source in sources:
        feature = "anonymous_cue_count" if source.kind == "anonymous" else "named_source_count"
        label = "anonymous_source" if source.kind == "anonymous" else "named_source"
        evidence.extend(Evidence(feature, start, end, label, f"{source.kind}: {source.name}")
                        for start, end in source.mentions)
    anonymous_mentions = sum(1 for a in found if a.kind == "anonymous")

    claims = [s for s in labelled if s.label != "not_a_claim"]
    mentions_by_kind = [(source.kind, mention) for source in sources
                        for mention in source.mentions]
    first_hand = [m for kind, m in mentions_by_kind if kind != "publication"]
    evidence.extend(Evidence("first_hand_source_share", start, end, "media_source",
                             f"credits another outlet: {source.name}")
                    for source in sources if source.kind == "publication"
                    for start, end in source.mentions)
    non_claims = [s for s in labelled if s.label == "not_a_claim"]

    def share(label: str) -> float:
        return sum(s.label == label for s in claims) / len(claims) if claims else 0.0

    def spans(feature: str, label: str) -> tuple[Evidence, ...]:
        return tuple(e for e in evidence if e.feature == feature and e.label == label)

    features = (
        FeatureResult("attributed_named_share", share("attributed_named"),
                      spans("attributed_named_share", "attributed_named")),
        FeatureResult("attributed_anonymous_share", share("attributed_anonymous"),
                      spans("attributed_anonymous_share", "attributed_anonymous")),
        FeatureResult("unattributed_share", share("unattributed"),
                      spans("unattributed_share", "unattributed_claim")),
        FeatureResult("named_source_count", float(len(named)),
                      spans("named_source_count", "named_source")),
        FeatureResult("anonymous_cue_count", float(anonymous_mentions),
                      spans("anonymous_cue_count", "anonymous_source")),
        FeatureResult("first_hand_source_share",
                      len(first_hand) / len(mentions_by_kind) if mentions_by_kind else 0.0,
                      spans("first_hand_source_share", "media_source")),
        FeatureResult("non_claim_share", len(non_claims) / len(labelled) if labelled else 0.0,
                      tuple(Evidence("non_claim_share", s.start, s.end, "not_a_claim",
                                     "states no claim: a question, a call to action or a "
                                     "fragment") for s in non_claims)),
    )
    return FamilyResult(features=features, sentences=tuple(labelled), named_sources=sources)


def _model_decision(decision: SentenceDecision, model: AttributionModel
                    ) -> tuple[str, list[Attribution], bool, list[Attribution]]:
    """The fitted model's label for a sentence, its credits, whether they are a carried
    quotation's speaker, and its minor-part mentions. The model decides among the rules'
    candidates: a sentence it calls attributed is credited to the candidates' sources (with
    their cue and source spans), and one without a candidate stays unattributed."""
    if decision.options and model.is_attributed(decision.features):
        attributions = list(decision.options)
        named = any(a.kind != "anonymous" for a in attributions)
        return ("attributed_named" if named else "attributed_anonymous"), attributions, \
            decision.options_carried, []
    # what the rules credit but the model does not still names a source for part of it
    minor = list(decision.mentions) or ([] if decision.carried else list(decision.attributions))
    return ("not_a_claim" if decision.not_a_claim else "unattributed"), [], False, minor


def _people_by_surname(doc: Doc) -> set[str]:
    """The surnames of the people the text names in full ("Brian Kolfage": "kolfage")."""
    return {_strip_determiner(entity.text).split()[-1].lower() for entity in doc.ents
            if entity.label_ == "PERSON" and " " in _strip_determiner(entity.text)}


def _as_person(cue: _Cue, people: set[str]) -> _Cue:
    """A one-word source that the entity recogniser calls an organisation or a place but that is
    the surname of a person the text names ("Kolfage told ...") is that person."""
    attribution = cue.attribution
    if attribution.kind in ("organization", "government") and " " not in attribution.name \
            and attribution.name.lower() in people:
        return replace(cue, attribution=replace(attribution, kind="person"))
    return cue


def _may_credit(cue: _Cue) -> bool:
    """Whether a cue the rules turn down may still credit the sentence: if it is not negated
    and governs a clause
    or a quotation, has an object with what is said of it, or is a speech act whose object is
    what it credits ("accused the committee of bias", "cited several examples"); a verb of
    saying credits only a clause or a quotation ("said goodbye", "said Friday"), and a belief
    verb only a clause ("found a body")."""
    if cue.negated:
        return False  # "have not said whether": no claim is credited
    if cue.content or cue.clause or cue.complement:
        return True
    return cue.cue_class == "speech" and cue.lemma not in _SAYING_VERBS


def _sentence_features(span: SpacySpan, sentence_text: str, rule_label: str, cues: list[_Cue],
                       own: list[list[Attribution]], index: int, carried: bool, share: float,
                       quoted: float, label: Attribution | None, paragraph: Span,
                       sentences: Sequence[Sentence], nearby: int) -> dict[str, float]:
    """The fitted model's inputs for one sentence, by name: the rules' verdicts, the first
    cue's class, lemma, source kind and shape, quotation state and the neighbours' credits
    (what each means: ``FEATURE_NOTES`` in :mod:`scoring.features.attribution_model`)."""
    rule_cues = [c for c in cues if c.rule]
    best = rule_cues[0] if rule_cues else (cues[0] if cues else None)
    words = sum(1 for token in span if token.is_alpha)
    sentence = sentences[index]
    labelled = label is not None and not rule_cues
    features = {
        "rule_attributed": float(rule_label.startswith("attributed")),
        "rule_named": float(rule_label == "attributed_named"),
        "rule_cue": float(bool(rule_cues)),
        "speaker_label": float(labelled),
        "carried": float(carried),
        "credited_share": share if own[index] and not carried else 0.0,
        "minor_credit": float(share < 0.5),
        "quoted_share": quoted,
        "other_cue_only": float(bool(cues) and not rule_cues),
        "cues": float(min(len(cues), 3)),
        "previous_credited": float(index > 0 and bool(own[index - 1])
                                   and sentences[index - 1].paragraph == sentence.paragraph),
        "next_credited": float(index + 1 < len(own) and bool(own[index + 1])
                               and sentences[index + 1].paragraph == sentence.paragraph),
        "log_words": float(np.log1p(words)),
        "question": float(sentence_text.rstrip("\"'”’) ").endswith("?")),
        "not_a_claim": float(rule_label == "not_a_claim"),
        "label_colon": float(labelled and label.cue == ":"),
        "label_dash": float(labelled and label.cue == "―"),
        "label_here": float(labelled and paragraph.start <= label.start < paragraph.end),
        "nearby_speaker": float(nearby != 0),
        "nearby_before": float(nearby < 0),
        "nearby_distance": float(np.log1p(abs(nearby))),
    }
    if best is not None:
        attribution = best.attribution
        length = max(span.end_char - span.start_char, 1)
        position = min(max((attribution.cue_at - span.start_char) / length, 0.0), 1.0)
        inverted = attribution.start > attribution.cue_at >= 0
        frame_at = min(attribution.start, attribution.cue_at) if attribution.cue_at >= 0 \
            else attribution.start
        frame = min(max((frame_at - span.start_char) / length, 0.0), 1.0)
        features |= {
            f"class={best.cue_class}": 1.0,
            f"lemma={best.lemma}": 1.0,
            f"subject={attribution.subject}": 1.0,
            f"kind={attribution.kind}": 1.0,
            "negated": float(best.negated),
            "clause": float(best.clause),
            "complement": float(best.complement),
            "content": float(best.content),
            "cue_position": position,
            "source_after_cue": float(inverted),
            # where the frame (source and cue) stands matters both ways: first ("X said that
            # ...") and last ('"...," X said') credit the sentence, in the middle often only a
            # part of it
            "frame_middle": float(0.15 <= frame < 0.7),
            "frame_end": float(frame >= 0.7),
            "inverted_end": float(inverted and frame >= 0.7 and best.cue_class != "according"),
            "inverted_start": float(inverted and frame < 0.7 and best.cue_class != "according"),
            "quoted_frame_end": float(frame >= 0.7 and quoted > 0.3),
            "quoted_frame_middle": float(0.15 <= frame < 0.7 and quoted > 0.3),
            "any_clause": float(any(c.clause for c in cues)),
            "any_complement": float(any(c.complement for c in cues)),
        }
    return features


_NEARBY_AFTER = 3


def _nearby_speaker(index: int, sentences: Sequence[Sentence], own: list[list[Attribution]]
                    ) -> tuple[int, list[Attribution]]:
    """The credits of the nearest sentence with its own cue: up to :data:`_NEARBY_AFTER`
    sentences after in the same or the next paragraph, if nearer than the last one before,
    else the last one before; with the signed distance in sentences (0 and no credits when
    the article credits nobody before and nobody just after)."""
    paragraph = sentences[index].paragraph
    before = next((j for j in range(index - 1, -1, -1) if own[j]), None)
    after = next((j for j in range(index + 1, min(index + _NEARBY_AFTER + 1, len(sentences)))
                  if own[j] and sentences[j].paragraph <= paragraph + 1), None)
    if after is not None and (before is None or after - index < index - before):
        return after - index, own[after]
    if before is not None:
        return before - index, own[before]
    return 0, []


def _quoted_share(sentence: Sentence, quotes: list[tuple[int, int]], text: str) -> float:
    """The share of a sentence's non-space characters inside quotation marks."""
    chars = [i for i in range(sentence.start, sentence.end) if not text[i].isspace()]
    if not chars:
        return 0.0
    inside = sum(bisect.bisect_left(chars, b) - bisect.bisect_left(chars, a) for a, b in quotes)
    return min(inside / len(chars), 1.0)


class _Speakers:
    """The last named person and the last named source, for resolving "he said", "they said"."""

    def __init__(self) -> None:
        self.last_person: Attribution | None = None
        self.last_named: Attribution | None = None

    def update(self, attributions: list[Attribution]) -> None:
        for attribution in attributions:
            if attribution.kind == "person":
                self.last_person = attribution
            if attribution.kind != "anonymous":
                self.last_named = attribution

    def resolve(self, pronoun: str) -> Attribution | None:
        if pronoun in _PERSON_PRONOUNS:
            return self.last_person
        if pronoun in ("i", "we"):
            return self.last_named
        # "they": the last named body, never a single person
        if self.last_named is not None and self.last_named.kind != "person":
            return self.last_named
        return None


_QUOTE_MARK = re.compile("[\"“”`']")
_OPENING = ("“", "``")
_CLOSING = ("”", "''")


def quotation_spans(text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int]]:
    """Quotations as character spans, paired per paragraph.

    Curly and ```` marks nest (“he calls it ‘hell’” or “... “hell” ...”); straight ``"`` and
    typewriter ``''`` marks alternate. A quotation left open runs to the end of its paragraph
    (news style reopens a quotation that continues in the next paragraph with a new opening mark).
    """
    spans: list[tuple[int, int]] = []
    for paragraph in paragraphs:
        open_at: int | None = None
        depth = 0
        resume = paragraph.start  # a two-character mark ("``", "''") is read as one
        # every other character leaves the state as it is: only the marks are visited
        for mark in _QUOTE_MARK.finditer(text, paragraph.start, paragraph.end):
            position = mark.start()
            if position < resume:
                continue
            pair = text[position : position + 2]
            char = text[position]
            width = 2 if pair in ("``", "''") else 1
            toggle = char == '"' or pair == "''"
            if pair == "``" or char == "“" or (position == paragraph.start and char == "”"):
                depth += 1  # an opening mark (a paragraph may misprint it as a closing one)
            elif char == "”":
                depth = max(depth - 1, 0)
            elif toggle:
                depth = 1 if depth == 0 else depth - 1
            if depth and open_at is None:
                open_at = position
            elif not depth and open_at is not None:
                spans.append((open_at, position + width))
                open_at = None
            resume = position + width
        if open_at is not None:
            spans.append((open_at, paragraph.end))
    return spans


def _credited_share(span: SpacySpan, attributions: list[Attribution],
                    quotes: list[tuple[int, int]]) -> float:
    """The share of a sentence's words, other than the attribution frame itself (the source and
    the cue), that its cues credit: quotations, the
    clauses a reporting verb governs, the words before the source of a verb without a clause
    ('"...," he said'), or the rest of the sentence around "according to X". A speaker label
    credits the whole sentence."""
    doc = span.doc
    start, end = span.start_char, span.end_char
    credited: set[int] = set()
    according_phrases: set[int] = set()

    def add(a: int, b: int) -> None:
        credited.update(range(max(a, start), min(b, end)))

    for quote_start, quote_end in quotes:
        add(quote_start, quote_end)
    for attribution in attributions:
        if attribution.cue_at < 0:
            return 1.0
        cue = doc[_token_at(doc, attribution.cue_at)]
        if cue.lower_ == "according":
            phrase = cue.nbor(1) if cue.i + 1 < len(doc) else cue
            phrase_end = max(phrase.right_edge.idx + len(phrase.right_edge), attribution.end)
            according_phrases.update(range(cue.idx, phrase_end))
            add(start, min(cue.idx, attribution.start))
            add(phrase_end, end)
            continue
        clauses = [c for c in cue.children if c.dep_ in _CONTENT_DEPS]
        if any(c.dep_ == "dobj" for c in clauses):
            clauses += [c for c in cue.children if c.dep_ == "prep" and c.i > cue.i]
        for clause in clauses:
            add(clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))
        frame_start = min(attribution.start, cue.idx)
        if not clauses and frame_start > start:
            # the source comes after the words it is credited with ('"...," he said', 'All of
            # this, he said, would help'): everything but the frame is credited
            add(start, frame_start)
            add(max(attribution.end, cue.idx + len(cue.text)), end)
    # the frame (who said it, and the cue) is neither claim nor content: leave it out
    frame = {i for a in attributions for i in range(a.start, a.end)}
    frame |= {i for a in attributions for i in range(a.cue_at, a.cue_at + len(a.cue))}
    frame |= according_phrases
    text = span.text  # Doc.text is rebuilt from the tokens on every access: read it once
    chars = [i for i in range(start, end) if not text[i - start].isspace() and i not in frame]
    return sum(1 for i in chars if i in credited) / len(chars) if chars else 1.0


def _token_at(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def _inside(position: int, quotes: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in quotes)


def _quotation_speakers(index: int, sentences: Sequence[Sentence], own: list[list[Attribution]],
                        quotes: list[tuple[int, int]], text: str) -> list[Attribution]:
    """The speakers of the quotation that holds most of sentence ``index``: credited in any
    sentence the quotation touches ('"...," he said.' may come after), else in the sentence just
    before it (the speaker introduced the quotation: 'She added: "...'), else nobody."""
    sentence = sentences[index]
    quote = _enclosing_quote(sentence, quotes, text)
    if quote is None:
        return []
    touching = [i for i, s in enumerate(sentences) if s.start < quote[1] and quote[0] < s.end]
    for i in sorted(touching, key=lambda i: abs(i - index)):
        if own[i]:
            return own[i]
    first = min(touching)
    if first > 0 and own[first - 1] and sentences[first - 1].paragraph >= sentence.paragraph - 1:
        return own[first - 1]
    return []


def _enclosing_quote(sentence: Sentence, quotes: list[tuple[int, int]],
                     text: str) -> tuple[int, int] | None:
    chars = [i for i in range(sentence.start, sentence.end) if not text[i].isspace()]
    for quote in quotes:
        # chars is sorted: the ones inside the quotation lie between two bisections
        inside = bisect.bisect_left(chars, quote[1]) - bisect.bisect_left(chars, quote[0])
        if chars and inside / len(chars) >= 0.5:
            return quote
    return None


_SPEAKER_LABEL = re.compile(r"[\"“]?([A-Z][A-Za-z. -]{1,40}?):\s")  # no possessives: headings
_DASH_ALONE = re.compile(r"[―—–]+\s*([A-Z][\w.'’ -]{1,60}?)[.\s]*")
_DASH_CREDIT = re.compile(r"[”\"'’]\s*[―—–-]+\s*([A-Z][\w.'’ -]{1,60}?)[.\s]*$")


def speaker_labels(parsed: ParsedText) -> dict[int, Attribution]:
    """Transcript speaker labels ("PENCE: ...", "Ms. Ruiz: ..."), by paragraph index.

    A paragraph that ends with a quotation credited after a dash ('“...” ― Ana Ruiz') is that
    person's. Where an article has two or more colon labels it is a transcript, and a label also
    covers the unlabelled paragraphs that follow it, up to the next label.
    """
    labels: dict[int, Attribution] = {}
    dash_credited: set[int] = set()
    for index, paragraph in enumerate(parsed.paragraphs):
        match = _SPEAKER_LABEL.match(parsed.text, paragraph.start,
                                     min(paragraph.start + 45, paragraph.end))
        if not match:
            continue
        label = match.group(1).strip()
        words = label.split()
        rest = parsed.text[match.end() : paragraph.end].split()
        if label.lower() in _GENERIC_LABELS or len(rest) < 3:
            continue
        if label.isupper() or (len(words) <= 3 and all(w[:1].isupper() for w in words)):
            labels[index] = Attribution(":", label.title() if label.isupper() else label,
                                        "person", match.start(1), match.start(1) + len(label))
    for index, paragraph in enumerate(parsed.paragraphs):
        # a quotation credited after a dash: '“...” ― Christina Lastra'
        match = _DASH_CREDIT.search(parsed.text, paragraph.start, paragraph.end)
        alone = _DASH_ALONE.fullmatch(parsed.text, paragraph.start, paragraph.end)
        if alone and index > 0 and index - 1 not in labels:
            name = alone.group(1).strip()
            labels[index - 1] = Attribution("―", name, "person", alone.start(1),
                                            alone.start(1) + len(name))
            dash_credited.add(index - 1)
        if match and index not in labels:
            name = match.group(1).strip()
            labels[index] = Attribution("―", name, "person", match.start(1),
                                        match.start(1) + len(name))
            dash_credited.add(index)
    if len(labels) - len(dash_credited) < 2:
        return labels
    current = None
    for index in range(len(parsed.paragraphs)):
        if index in labels and index not in dash_credited:
            current = labels[index]
        elif current is not None:
            labels.setdefault(index, current)
    return labels


@dataclass(frozen=True)
class _Cue:
    """A candidate cue: its source, and what the rules and the fitted model read of it."""

    attribution: Attribution
    lemma: str
    """The cue's lemma: a verb's, "according to", or the label's mark (":", "―")."""
    cue_class: str
    """``according``, ``speech`` (``speech_verbs.txt``), ``cognition``
    (``cognition_verbs.txt``), ``colon`` (a verb introducing a quotation), ``clause`` (another
    verb that governs a clause) or ``lexical`` (found without a parser)."""
    rule: bool
    """Whether the hand-written rules accept it."""
    negated: bool = False
    clause: bool = False
    complement: bool = False
    """An object with what is said of it: "labeled the claim a fabrication", "dismissed it as"."""
    content: bool = False
    """Whether the rules find credited content (:func:`_has_content`)."""


def _cues(span: SpacySpan, context: _Speakers, candidates: list[int]) -> Iterator[_Cue]:
    """The candidate cues of ``span``; ``candidates`` are the tokens of its Doc that may be one
    (:func:`_cue_candidates`): the loop skips every other token at once. The rules accept a
    reporting verb (or a belief verb with a clause) that is not negated and credits content;
    the others (a negated verb, a reporting verb with only an object, any verb with a clause
    and a source for a subject) are candidates only the fitted model may accept."""
    speech_verbs = word_set("speech_verbs")
    cognition_verbs = word_set("cognition_verbs")
    doc = span.doc
    for i in candidates[bisect.bisect_left(candidates, span.start)
                        : bisect.bisect_left(candidates, span.end)]:
        token = doc[i]
        if token.lower_ == "according" and token.i + 1 < len(token.doc) \
                and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            head = objects[0] if objects else _following_noun(token.nbor(1))
            found = _source(head, "according to", context) if head is not None else None
            if found is not None:
                yield _Cue(replace(found, cue_at=token.idx), "according to", "according", True,
                           content=True)
            continue
        if token.pos_ not in ("VERB", "AUX"):
            continue
        lemma = token.lemma_.lower()
        introduces_quote = token.i + 1 < span.end and token.nbor(1).text == ":"
        clause_deps = ("ccomp", "xcomp") if lemma in _INTENT_VERBS else ("ccomp",)
        takes_clause = any(c.dep_ in clause_deps for c in token.children)
        any_clause = any(c.dep_ in ("ccomp", "parataxis") for c in token.children)
        negated = any(c.dep_ == "neg" for c in token.children)
        speech, cognition = lemma in speech_verbs, lemma in cognition_verbs
        if not (speech or cognition or introduces_quote or any_clause):
            continue
        # "did not say", "wouldn't tell": no claim is credited; "Trump commented on the case":
        # a speech act, but no claim is credited
        content = introduces_quote or _has_content(token, span)
        rule = not negated and (speech or introduces_quote or (cognition and takes_clause)) \
            and content
        cue_class = ("colon" if introduces_quote else "speech" if speech
                     else "cognition" if cognition else "clause")
        objects = [c for c in token.children if c.dep_ == "dobj"]
        complement = bool(objects) and any(
            c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in token.children)
        for subject in _subjects(token):
            found = _source(subject, token.text, context)
            if found is not None:
                yield _Cue(replace(found, cue_at=token.idx), lemma, cue_class,
                           rule, negated, any_clause or takes_clause,
                           complement, content)


def _cue_candidates(doc: Doc) -> list[int]:
    """The tokens :func:`_cues` looks at: "according", verbs and auxiliaries (it skips every
    other token at once)."""
    values = doc.to_array([LOWER, POS])
    pos = values[:, 1]
    return np.flatnonzero((values[:, 0] == get_string_id("according"))
                          | (pos == VERB) | (pos == AUX)).tolist()


@cache
def _verb_forms() -> dict[str, str]:
    """Inflected forms of the reporting and belief verbs, for the lexical-only mode."""
    irregular = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
                 "think": ("thought",), "find": ("found",), "show": ("shown",),
                 "know": ("knew", "known"), "swear": ("swore", "sworn"), "feel": ("felt",)}
    forms: dict[str, str] = {}
    for lemma in word_set("speech_verbs") | word_set("cognition_verbs"):
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        candidates = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d",
                      *irregular.get(lemma, ())}
        if lemma.endswith("y"):
            candidates |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        for form in candidates:
            forms.setdefault(form, lemma)
    return forms


_LEXICAL_SUBJECT_WINDOW = 6


def _lexical_cues(span: SpacySpan, context: _Speakers) -> Iterator[_Cue]:
    """Cues without a parser: "according to X", and a reporting-verb form with its source just
    before it ("Ana Ruiz said", "officials said") or just after a quotation ('", said Ruiz')."""
    for found in _lexical_attributions(span, context):
        if found is not None:
            yield _Cue(replace(found, subject="lexical"), found.cue.lower(), "lexical", True)


def _lexical_attributions(span: SpacySpan,
                          context: _Speakers) -> Iterator[Attribution | None]:
    forms = _verb_forms()
    tokens = list(span)
    for position, token in enumerate(tokens):
        lower = token.lower_
        following = tokens[position + 1].lower_ if position + 1 < len(tokens) else ""
        if lower == "according" and following == "to":
            words = list(itertools.takewhile(lambda t: not t.is_punct, tokens[position + 2 :]))
            if words:
                yield _lexical_source(words, "according to", token.idx, context)
            continue
        if lower not in forms:
            continue
        before = tokens[max(0, position - _LEXICAL_SUBJECT_WINDOW) : position]
        if before and before[-1].text in _CLOSING_QUOTES | {","}:
            after = list(itertools.takewhile(lambda t: not t.is_punct,
                                             tokens[position + 1 : position + 6]))
            if after:
                yield _lexical_source(after, token.text, token.idx, context)
            continue
        words = list(reversed(list(itertools.takewhile(
            lambda t: not t.is_punct and t.lower_ not in forms, reversed(before)))))
        if words:
            yield _lexical_source(words, token.text, token.idx, context)


def _lexical_source(words: list[Token], cue: str, cue_at: int,
                    context: _Speakers) -> Attribution | None:
    """Classify a few words next to a cue as a source, by capitals and word lists alone."""
    last = words[-1]
    lower = last.lower_
    if lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        resolved = context.resolve(lower)
        name, kind = (resolved.name, resolved.kind) if resolved else (lower, "person")
        return Attribution(cue, name, kind, last.idx, last.idx + len(last.text), cue_at)
    capitals = [t for t in words if t.text[:1].isupper() and t.lower_ not in _DETERMINERS]
    start, end = words[0].idx, last.idx + len(last.text)
    if lower in word_set("anonymous_heads"):
        phrase = " ".join(t.text for t in words if t.lower_ not in _DETERMINERS).lower()
        return Attribution(cue, phrase or lower, "anonymous", start, end, cue_at)
    if not capitals or not last.text[:1].isupper():
        return None  # without a parser, only names and unnamed-source nouns are sources
    name = _strip_titles(" ".join(t.text for t in capitals))
    kind: SourceKind = "person" if len(name.split()) >= 2 else _kind("ORG", name)
    return Attribution(cue, name, _kind("ORG", name) if _kind("ORG", name) != "organization"
                       else kind, capitals[0].idx, capitals[-1].idx + len(capitals[-1].text),
                       cue_at)


def _is_agent(noun: Token) -> bool:
    """Whether a common noun can be a source: people, bodies, roles and the documents that
    speak for them (``agent_nouns.txt``, ``anonymous_heads.txt``, ``organization_nouns.txt``,
    ``titles.txt``, ``role_titles.txt``); "the episode" or "accusations" cannot."""
    lemma = noun.lemma_.lower()
    return any(lemma in word_set(name) or noun.lower_ in word_set(name) for name in _AGENT_LISTS)


_AGENT_LISTS = ("agent_nouns", "anonymous_heads", "organization_nouns", "titles", "role_titles")


def _has_content(verb: Token, span: SpacySpan) -> bool:
    """Whether a reporting verb credits something: a clause ("said that ..."), a quotation in the
    sentence, or words before it ("..., he said")."""
    if any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children):
        return True
    if any(ch in span.text for ch in '"“”') or "''" in span.text or "``" in span.text:
        return True
    before_subject = verb.left_edge.i - 1
    parenthetical = before_subject >= span.start and verb.doc[before_subject].text == ","
    return parenthetical or _is_inverted(verb) or verb.i >= span.end - 2 or (
        verb.i + 1 < span.end and verb.nbor(1).text == ",")


def _following_noun(token: Token) -> Token | None:
    """The last noun of the phrase right after ``token``, up to punctuation (a parse fallback)."""
    found = None
    for following in token.doc[token.i + 1 : token.sent.end]:
        if following.is_punct:
            break
        if following.pos_ in ("NOUN", "PROPN", "PRON"):
            found = following
    return found


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj"]
    if agents:
        return agents
    if not subjects and verb.dep_ in ("conj", "advcl", "xcomp"):
        # "Lavrov spoke and warned ...", "..., saying that ...", "went on to say ..."
        head = verb.head
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "ccomp" \
                and head.head.lemma_.lower() in word_set("speech_verbs"):
            # 'Lavrov said that Ukraine attempted a strike, warning that ...': the parser hangs
            # the participle on the reported verb, but the one warning is the one who said it
            head = head.head
        return [c for c in head.children if c.dep_ == "nsubj"]
    if not subjects and _is_inverted(verb):
        return _inverted_speaker(verb)
    if subjects and subjects[0].dep_ == "nsubjpass":
        return []  # "the claim was denied" names no source
    return subjects


def _is_inverted(verb: Token) -> bool:
    """'"...," said Ana Ruiz' or '..., says the mayor': a finite reporting verb right after a
    closing quotation mark, or after a comma that ends quoted or reported words."""
    if verb.i <= verb.sent.start or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    before = verb.nbor(-1).text
    if before in _CLOSING_QUOTES:
        return True
    return before == "," and verb.i - 1 > verb.sent.start and (
        verb.nbor(-2).text in _CLOSING_QUOTES or verb.lemma_.lower() in _INVERTING_VERBS)


def _inverted_speaker(verb: Token) -> list[Token]:
    """The speaker after the verb in '"...," said engineer Tomas Berg' (which the small model
    often parses as an object): the first noun, pronoun or name within a few words."""
    doc = verb.doc
    for token in doc[verb.i + 1 : min(verb.sent.end, verb.i + 7)]:
        if token.is_punct:
            break
        if token.pos_ == "PROPN":
            end = token.i
            while end + 1 < verb.sent.end and doc[end + 1].pos_ == "PROPN":
                end += 1
            return [doc[end]]
        if token.pos_ in ("PRON", "NOUN"):
            return [token]
    return []


def _source(head: Token, cue: str, context: _Speakers) -> Attribution | None:
    """Classify the phrase headed by ``head`` as a named or anonymous source, or as no source."""
    phrase = head.doc[head.left_edge.i : head.right_edge.i + 1]
    start, end = phrase.start_char, phrase.end_char
    lower = head.lower_
    if lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        resolved = context.resolve(lower)
        if resolved is None:
            # "he", "she", "I" name one particular person even when the text has not named them
            kind: SourceKind = "anonymous" if lower in ("they", "them") else "person"
            return Attribution(cue, head.text.lower(), kind, head.idx,
                               head.idx + len(head.text), subject="lone_pronoun")
        return Attribution(cue, resolved.name, resolved.kind, head.idx, head.idx + len(head.text),
                           subject="pronoun")
    entity = _entity_for(head, phrase)
    if entity is not None:
        name = _strip_determiner(entity.text)
        if entity.label_ == "PERSON":
            name = _strip_titles(name)
        kind = _kind(entity.label_, name)
        return Attribution(cue, name, kind, entity.start_char, entity.end_char,
                           subject=_ENTITY_SUBJECTS.get(entity.label_, "organization"))
    if head.pos_ == "PROPN":
        proper = _proper_run(head)
        name = _strip_titles(proper.text)
        kind = "person" if len(proper) >= 2 else _kind("ORG", name)
        return Attribution(cue, name, kind, proper.start_char, proper.end_char,
                           subject="proper")
    if head.lemma_.lower() in word_set("anonymous_heads") or lower in word_set("anonymous_heads"):
        return Attribution(cue, _short_phrase(phrase), "anonymous", start, end,
                           subject="anonymous")
    has_determiner = any(t.lower_ in ("the", "its", "their") or t.dep_ == "poss"
                         for t in head.lefts)
    if has_determiner and head.lemma_.lower() in word_set("organization_nouns"):
        name = _strip_determiner(phrase.text)
        return Attribution(cue, name, _kind("ORG", name), start, end, subject="body")
    if has_determiner and lower in word_set("titles"):
        return Attribution(cue, _strip_determiner(phrase.text), "person", start, end,
                           subject="title")
    if head.pos_ == "NOUN" and _is_agent(head):
        # an unnamed speaker: "delegates said", "a witness told", "the poll shows"; never a
        # noun that cannot speak ("the episode underscores", "accusations flying")
        return Attribution(cue, _short_phrase(phrase), "anonymous", start, end,
                           subject="agent")
    return None


def _entity_for(head: Token, phrase: SpacySpan) -> SpacySpan | None:
    """The named entity that is (or, for possessives like "Russia's ministry", owns) the head."""
    entity = _entity_at(head)
    if entity is not None and entity.label_ in _NAMED_ENTITY_KINDS:
        if entity.label_ == "NORP":
            return None  # "Ukrainian officials": a nationality does not name a source
        return entity
    anonymous = word_set("anonymous_heads")
    # an owner is not the speaker when another entity is: "Pell's lawyer, Aaron Whitfield,"
    for entity in sorted(_entities_in(phrase), key=lambda e: e.root.dep_ == "poss"):
        if entity.label_ == "PERSON" and head.lower_ not in anonymous:
            return entity  # but "people close to Mayor Elise Harcourt" stay unnamed
        if entity.label_ in ("ORG", "GPE", "FAC") and head.lower_ not in anonymous:
            return entity  # "a Washington Post database", "Russia's foreign ministry"
    return None


# Entities are found from the tokens' IOB tags, never by scanning ``doc.ents`` (spaCy's
# ``Span.ents`` does): per cue, that scan made long articles cost the square of their length.
def _entity_at(token: Token) -> SpacySpan | None:
    """The named entity ``token`` is part of, if any."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=token.ent_type_)


def _entities_in(span: SpacySpan) -> list[SpacySpan]:
    """The named entities lying wholly inside ``span``, in order (as ``Span.ents``)."""
    found = []
    for token in span:
        if token.ent_iob_ == "B":
            entity = _entity_at(token)
            if entity is not None and entity.end <= span.end:
                found.append(entity)
    return found


def _proper_run(head: Token) -> SpacySpan:
    start = head.i
    while start > head.sent.start and head.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return head.doc[start : head.i + 1]


def _strip_determiner(name: str) -> str:
    words = name.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    name = " ".join(words)
    return name[:-2] if name.endswith(("'s", "’s")) else name


def _short_phrase(phrase: SpacySpan) -> str:
    """An anonymous source's name: its phrase up to the first comma, at most eight words."""
    words = phrase.text.split(",")[0].split()
    return " ".join(words[:_MAX_ANONYMOUS_WORDS]).lower()


def _strip_titles(name: str) -> str:
    words = name.split()
    titles = word_set("titles")
    while len(words) > 1 and words[0].lower() in titles:
        words = words[1:]
    return " ".join(words)


def _kind(entity_label: str, name: str) -> SourceKind:
    lowered = name.lower()
    words = set(lowered.replace("’", "'").split())
    publications = word_set("publications")
    if lowered in publications or words & publications and entity_label == "ORG":
        return "publication"
    government = word_set("government")
    if lowered in government:
        return "government"
    if entity_label == "PERSON":
        return "person"
    if entity_label == "GPE" or words & government:
        return "government"
    return "organization"


def _label(span: SpacySpan, sentence_text: str, attributions: list[Attribution],
           alphabetic: list[int]) -> str:
    """``alphabetic``: the alphabetic tokens of the Doc, in order."""
    first_word = bisect.bisect_left(alphabetic, span.start)
    words = bisect.bisect_left(alphabetic, span.end) - first_word  # alphabetic tokens in span
    if sentence_text.rstrip().endswith(":") and words <= _FRAME_MAX_WORDS:
        return "not_a_claim"  # 'He said:' frames a quotation that follows; it claims nothing
    if _DASH_ALONE.fullmatch(sentence_text):
        return "not_a_claim"  # '― Ana Ruiz' credits the quotation before it
    if attributions:
        if any(a.kind != "anonymous" for a in attributions):
            return "attributed_named"
        return "attributed_anonymous"
    stripped = sentence_text.rstrip("\"'”’) ")
    if words < _MIN_CLAIM_WORDS or stripped.endswith("?"):
        return "not_a_claim"
    first = span.doc[alphabetic[first_word]]
    if first.tag_ == "VB" and first.i == span.start and not any(
            t.dep_ in _SUBJECT_DEPS for t in span):
        return "not_a_claim"  # an imperative: "Sign up for our newsletter."
    return "unattributed"


def _sentence_evidence(start: int, end: int, label: str, attributions: list[Attribution],
                       carried: bool) -> Evidence:
    feature = {
        "attributed_named": "attributed_named_share",
        "attributed_anonymous": "attributed_anonymous_share",
        "unattributed": "unattributed_share",
    }.get(label, "unattributed_share")
    if label == "unattributed":
        return Evidence(feature, start, end, "unattributed_claim", "no source is credited")
    if label == "not_a_claim":
        return Evidence(feature, start, end, "not_a_claim", "question, call to action or fragment")
    credits = "; ".join(f"{a.name} ({a.kind}, '{a.cue}')" for a in attributions)
    note = f"continues a quotation by {credits}" if carried else f"credited to {credits}"
    return Evidence(feature, start, end, label, note)


def _merge_sources(found: list[Attribution]) -> tuple[NamedSource, ...]:
    """Distinct sources with their mentions; "Lavrov" joins an earlier "Sergei Lavrov"."""
    full_names: dict[str, tuple[str, SourceKind]] = {}
    for attribution in found:
        if attribution.kind in ("person", "organization") and " " in attribution.name:
            full_names.setdefault(attribution.name.split()[-1].lower(),
                                  (attribution.name, attribution.kind))
    groups: dict[tuple[str, bool], tuple[str, SourceKind, list[tuple[int, int]]]] = {}
    for attribution in found:
        name, kind = attribution.name, attribution.kind
        if kind != "anonymous" and " " not in name and name.lower() in full_names:
            # a surname alone ("Lavrov") is the person named in full earlier; NER often calls a
            # lone surname an ORG, so the full name's kind wins
            name, kind = full_names[name.lower()]
        key = (name.lower(), kind == "anonymous")
        _, _, mentions = groups.setdefault(key, (name, kind, []))
        if (attribution.start, attribution.end) not in mentions:
            mentions.append((attribution.start, attribution.end))
    ordered = sorted(groups.values(), key=lambda group: min(group[2]))
    return tuple(NamedSource(name, kind, tuple(sorted(mentions)))
                 for name, kind, mentions in ordered)
