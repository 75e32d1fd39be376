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
proper noun, a personal pronoun, an anonymous-source noun or a definite organisation noun ("the
data suggest" is not attribution).

References: Pareti (2015) attribution relations; Newell, Margolin and Ruths (2018) PolNeAR;
the Gender Gap Tracker's quote rules (Asr et al. 2021).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from scoring.config import Config
from scoring.lexicons import word_set
from scoring.types import (
    Evidence,
    FamilyResult,
    FeatureResult,
    LabelledSentence,
    NamedSource,
    ParsedText,
    SourceKind,
)

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "we", "i"}
_NAMED_ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "government",
                       "NORP": "organization", "FAC": "organization"}
_MIN_CLAIM_WORDS = 4
_MAX_ANONYMOUS_WORDS = 8
_QUOTE_OPEN = {"“": 1, "”": -1}
_INVERSION_MARKS = {",", "”", '"', "’", "'"}


@dataclass(frozen=True)
class Attribution:
    """One cue in a sentence and the source it credits (``kind == "anonymous"`` if unnamed)."""

    cue: str
    name: str
    kind: SourceKind
    start: int
    end: int


def analyze_attribution(parsed: ParsedText, config: Config) -> FamilyResult:
    """Label every body sentence and collect the sources it credits.

    Features: ``attributed_named_share``, ``attributed_anonymous_share`` and
    ``unattributed_share`` (each in [0, 1], shares of claim sentences; 0 when there are no
    claims), ``named_source_count`` (distinct named sources, >= 0, higher is more reliable) and
    ``anonymous_cue_count`` (anonymous-source mentions, >= 0, lower is more reliable).
    """
    doc = parsed.doc
    text = parsed.text
    labelled: list[LabelledSentence] = []
    evidence: list[Evidence] = []
    found: list[Attribution] = []
    context = _Context()
    for sentence in parsed.body_sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        sentence_text = text[sentence.start : sentence.end]
        attributions = [a for a in _cues(span, context) if a is not None]
        carried = False
        if not attributions:
            attributions = context.carried(sentence_text, sentence.paragraph)
            carried = bool(attributions)
        label = _label(span, sentence_text, attributions)
        names = tuple(dict.fromkeys(a.name for a in attributions))
        labelled.append(LabelledSentence(sentence.start, sentence.end, label, names))
        evidence.append(_sentence_evidence(sentence.start, sentence.end, label, attributions,
                                           carried))
        if not carried:
            found.extend(attributions)
        context.update(sentence_text, sentence.paragraph, attributions)

    sources = _merge_sources(found)
    named = [s for s in sources if s.kind != "anonymous"]
    for source in sources:
        feature = "anonymous_cue_count" if source.kind == "anonymous" else "named_source_count"
        label = "anonymous_source" if source.kind == "anonymous" else "named_source"
        evidence.extend(Evidence(feature, start, end, label, f"{source.kind}: {source.name}")
                        for start, end in source.mentions)
    anonymous_mentions = sum(1 for a in found if a.kind == "anonymous")

    claims = [s for s in labelled if s.label != "not_a_claim"]

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
    )
    return FamilyResult(features=features, sentences=tuple(labelled), named_sources=sources)


class _Context:
    """What earlier sentences tell later ones: the last named speakers, and an open quotation."""

    def __init__(self) -> None:
        self.last_person: Attribution | None = None
        self.last_named: Attribution | None = None
        self.previous: list[Attribution] = []
        self.previous_paragraph = -1
        self.quote_speakers: list[Attribution] = []

    def carried(self, sentence_text: str, paragraph: int) -> list[Attribution]:
        """The speakers a sentence without its own cue inherits: those of a quotation still open,
        or of the previous sentence when this one opens a new quotation in the same paragraph."""
        if self.quote_speakers:
            return list(self.quote_speakers)
        opens_quote = sentence_text.lstrip()[:1] in ('"', "“")
        if opens_quote and paragraph == self.previous_paragraph:
            return list(self.previous)
        return []

    def update(self, sentence_text: str, paragraph: int,
               attributions: list[Attribution]) -> None:
        for attribution in attributions:
            if attribution.kind == "person":
                self.last_person = attribution
            if attribution.kind != "anonymous":
                self.last_named = attribution
        balance = _quote_balance(sentence_text)
        if balance > 0:
            self.quote_speakers = list(attributions)
        elif balance < 0:
            self.quote_speakers = []
        self.previous = list(attributions)
        self.previous_paragraph = paragraph

    def resolve(self, pronoun: str) -> Attribution | None:
        if pronoun in _PERSON_PRONOUNS:
            return self.last_person
        return self.last_named


def _quote_balance(sentence_text: str) -> int:
    """+1 if the sentence leaves a quotation open, -1 if it closes one opened earlier, else 0."""
    curly = sum(_QUOTE_OPEN.get(ch, 0) for ch in sentence_text)
    if curly:
        return 1 if curly > 0 else -1
    if sentence_text.count('"') % 2 == 0:
        return 0
    after_last = sentence_text[sentence_text.rindex('"') + 1 :]
    return -1 if not any(ch.isalnum() for ch in after_last) and sentence_text.count('"') == 1 \
        else 1


def _has_quote(sentence_text: str) -> bool:
    return any(ch in sentence_text for ch in '"“”')


def _cues(span: SpacySpan, context: _Context) -> Iterator[Attribution | None]:
    speech_verbs = word_set("speech_verbs")
    for token in span:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) \
                and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects:
                yield _source(objects[0], "according to", context)
            continue
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in speech_verbs:
            continue
        for subject in _subjects(token):
            yield _source(subject, token.text, context)


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj"]
    if agents:
        return agents
    if not subjects and verb.dep_ == "conj":
        return [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not subjects and verb.i > verb.sent.start and verb.nbor(-1).text in _INVERSION_MARKS:
        return _inverted_speaker(verb)
    if subjects and subjects[0].dep_ == "nsubjpass":
        return []  # "the claim was denied" names no source
    return subjects


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


def _source(head: Token, cue: str, context: _Context) -> Attribution | None:
    """Classify the phrase headed by ``head`` as a named or anonymous source, or as no source."""
    phrase = head.doc[head.left_edge.i : head.right_edge.i + 1]
    start, end = phrase.start_char, phrase.end_char
    lower = head.lower_
    if lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        resolved = context.resolve(lower)
        if resolved is None:
            return Attribution(cue, head.text.lower(), "anonymous", head.idx,
                               head.idx + len(head.text))
        return Attribution(cue, resolved.name, resolved.kind, head.idx, head.idx + len(head.text))
    entity = _entity_for(head, phrase)
    if entity is not None:
        name = _strip_determiner(entity.text)
        if entity.label_ == "PERSON":
            name = _strip_titles(name)
        return Attribution(cue, name, _kind(entity.label_, name), entity.start_char,
                           entity.end_char)
    if head.pos_ == "PROPN":
        proper = _proper_run(head)
        name = _strip_titles(proper.text)
        kind: SourceKind = "person" if len(proper) >= 2 else _kind("ORG", name)
        return Attribution(cue, name, kind, proper.start_char, proper.end_char)
    if head.lemma_.lower() in word_set("anonymous_heads") or lower in word_set("anonymous_heads"):
        return Attribution(cue, _short_phrase(phrase), "anonymous", start, end)
    has_determiner = any(t.lower_ in ("the", "its", "their") or t.dep_ == "poss"
                         for t in head.lefts)
    if has_determiner and head.lemma_.lower() in word_set("organization_nouns"):
        name = _strip_determiner(phrase.text)
        return Attribution(cue, name, _kind("ORG", name), start, end)
    if has_determiner and lower in word_set("titles"):
        return Attribution(cue, _strip_determiner(phrase.text), "person", start, end)
    return None


def _entity_for(head: Token, phrase: SpacySpan) -> SpacySpan | None:
    """The named entity that is (or, for possessives like "Russia's ministry", owns) the head."""
    for entity in head.doc.ents:
        if entity.label_ not in _NAMED_ENTITY_KINDS:
            continue
        if entity.start <= head.i < entity.end:
            if entity.label_ == "NORP":
                return None  # "Ukrainian officials": a nationality does not name a source
            return entity
    anonymous = word_set("anonymous_heads")
    for entity in phrase.ents:
        if entity.label_ == "PERSON":
            return entity
        if entity.label_ in ("ORG", "GPE") and head.lower_ not in anonymous \
                and any(t.dep_ == "poss" for t in entity):
            return entity
    return None


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


def _label(span: SpacySpan, sentence_text: str, attributions: list[Attribution]) -> str:
    if attributions:
        if any(a.kind != "anonymous" for a in attributions):
            return "attributed_named"
        return "attributed_anonymous"
    words = [t for t in span if t.is_alpha]
    stripped = sentence_text.rstrip("\"'”’) ")
    if len(words) < _MIN_CLAIM_WORDS or stripped.endswith("?"):
        return "not_a_claim"
    first = words[0]
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
