"""The records that flow through the pipeline: small, frozen, and free of behaviour.

Offsets are always integer character offsets into ``Article.text`` (Python ``str`` indices),
half-open: ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

SentenceLabel = Literal["attributed_named", "attributed_anonymous", "unattributed", "not_a_claim"]
SENTENCE_LABELS: tuple[SentenceLabel, ...] = (
    "attributed_named",
    "attributed_anonymous",
    "unattributed",
    "not_a_claim",
)

SourceKind = Literal["person", "organization", "publication", "government", "anonymous"]


@dataclass(frozen=True)
class Article:
    """One news article as ingested.

    ``id`` is a stable hash of source and text; ``path`` says where it came from (a file path,
    or ``file.csv#row=3`` for a row of a table).
    """

    id: str
    source: str
    text: str
    path: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    author: str = ""


@dataclass(frozen=True)
class Skipped:
    """An input that could not be scored, and why (shown in ``run.json``)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """The text behind a number: ``text[start:end]`` produced (part of) feature ``feature``."""

    feature: str
    start: int
    end: int
    label: str
    note: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of the parsed article.

    ``kind`` is ``title``, ``heading`` (a short line without final punctuation), ``boilerplate``
    (template furniture: kept out of the scored body) or ``body``.
    """

    start: int
    end: int
    paragraph: int
    kind: Literal["title", "heading", "boilerplate", "body"] = "body"


@dataclass(frozen=True)
class ParsedText:
    """An article parsed once: paragraphs and sentences with offsets, template leftovers marked."""

    text: str
    title: Span | None
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    leftovers: tuple[Evidence, ...] = ()
    doc: Any = field(default=None, compare=False, repr=False)
    """The spaCy ``Doc`` of the analysed text (tokens, tags, parse, entities), when built."""
    headline: str = ""
    """The article's title: from its metadata when it has one, else the title paragraph's
    text (``title`` is where it stands in the text, when it does)."""

    @property
    def body_sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.kind == "body")

    @cached_property
    def body_spans(self) -> tuple[Any, ...]:
        """The spaCy ``Span`` of each body sentence (the sentence widened to whole tokens), made
        once for all the feature families that read them."""
        return tuple(self.doc.char_span(s.start, s.end, alignment_mode="expand")
                     for s in self.body_sentences)


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence with its attribution label and the sources credited for it."""

    start: int
    end: int
    label: SentenceLabel
    sources: tuple[str, ...] = ()
    source_spans: tuple[tuple[int, int], ...] = ()
    """Where each credited source is named (for a carried quotation: where its speaker was)."""


@dataclass(frozen=True)
class NamedSource:
    """A distinct source cited in an article, with every place it is credited."""

    name: str
    kind: SourceKind
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class FeatureResult:
    """A feature's value and the evidence spans that produced it."""

    name: str
    value: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class FamilyResult:
    """What one feature family measured on an article."""

    features: tuple[FeatureResult, ...]
    sentences: tuple[LabelledSentence, ...] = ()
    named_sources: tuple[NamedSource, ...] = ()


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything measured on one article, before scoring."""

    article: Article
    features: dict[str, float]
    evidence: tuple[Evidence, ...]
    sentences: tuple[LabelledSentence, ...]
    named_sources: tuple[NamedSource, ...]


@dataclass(frozen=True)
class ScoredArticle:
    """An analysed article with its 0-100 score.

    ``score == baseline + sum(contributions.values())`` (up to float rounding).
    """

    analysis: ArticleAnalysis
    score: float
    baseline: float
    contributions: dict[str, float]
    corpus: CorpusResult | None = None
    """What the whole-run step found: shared passages, originality, story, checked facts."""

    @property
    def article(self) -> Article:
        return self.analysis.article


@dataclass(frozen=True)
class ArticleScore:
    """An article's score without its text: all that per-source aggregation needs.

    A run keeps one of these per article in memory; the analyses themselves wait on disk.
    """

    id: str
    source: str
    score: float
    baseline: float
    contributions: dict[str, float]
    features: dict[str, float]
    originality: str = ""
    """The article's originality level (see :class:`CorpusResult`)."""
    fact_statuses: tuple[int, int, int] = (0, 0, 0)
    """How many of its checked facts are corroborated, reported alone, in conflict."""


@dataclass(frozen=True)
class SourceSummary:
    """A source's aggregate: the mean of its articles' scores, features and contributions."""

    source: str
    slug: str
    n_articles: int
    score: float
    baseline: float
    contributions: dict[str, float]
    feature_means: dict[str, float]
    reasons: tuple[str, ...]
    originality_counts: tuple[int, ...] = (0, 0, 0, 0)
    """How many of its articles are original, partly derived, mostly derived, wholesale copies
    (articles without a whole-run result are in none of them)."""
    fact_statuses: tuple[int, int, int] = (0, 0, 0)
    """How many checked facts in its articles are corroborated, reported alone, in conflict."""
    band: str = ""
    """The plain name of the model's score band its score falls in ("high", "mixed", ...)."""


# --- what needs the whole run: shared passages, facts and their corroboration --------------------

FactKind = Literal["count", "money", "percent", "distance", "duration", "date", "role"]


@dataclass(frozen=True)
class Fact:
    """A checkable statement in an article: a number with what it counts, a date, a role.

    Two facts are about the same thing when ``kind`` and ``subject`` are equal; they agree when
    ``value`` is equal too. ``text[start:end]`` is the phrase that states it.
    """

    kind: FactKind
    subject: str
    """Normalised: what is counted ("drones", "households"), what is dated ("vote"), or the person
    whose role it is ("helen marsh")."""
    value: str
    """Normalised, so equal values compare equal: "91", "4200", "2025-12-28", "15 km", "mayor"."""
    start: int
    end: int


PassageRole = Literal["copy", "origin", "shared"]
CreditKind = Literal["named", "wire", "notice", "none"]


@dataclass(frozen=True)
class Passage:
    """Text this article shares with another article of another source, verified sentence by
    sentence: ``text[start:end]`` here, ``other_start:other_end`` in the other article.

    ``role`` is ``copy`` when the other article was published first (this one is the likely copy),
    ``origin`` when this one was first, and ``shared`` when the order is unknown (a date is
    missing, or both are equal). ``credit`` says whether the later article credits the earlier one:
    ``named`` (it names the other outlet, at ``credit_start:credit_end`` of the later article),
    ``wire`` (both credit the same news agency: both printed its copy), ``notice`` (it says it is
    based on other media without naming this one) or ``none``.
    """

    other: str
    other_source: str
    other_label: str
    start: int
    end: int
    other_start: int
    other_end: int
    sentences: int
    """How many of this article's compared sentences the passage covers."""
    containment: float
    """Mean share of those sentences' word n-grams found in the aligned sentences of the other."""
    role: PassageRole
    credit: CreditKind
    credit_start: int = -1
    credit_end: int = -1


FactStatus = Literal["corroborated", "alone", "conflict"]


@dataclass(frozen=True)
class FactCheck:
    """One fact of an article checked against the other articles of its story.

    ``corroborated``: an independent source (another outlet that did not copy this text from this
    article, nor this article from it) states the same value. ``conflict``: independent sources
    state the same thing with another value and none with this one. ``alone``: no independent
    source states it. ``others`` names what they said ("Harbor Ledger: 4200").
    """

    fact: Fact
    status: FactStatus
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorpusResult:
    """What the whole-run step found for one article: its whole-run feature values and their
    evidence, the passages it shares with other outlets, its originality level (``original``,
    ``partly derived``, ``mostly derived``, ``wholesale copy``), its story number (articles of one
    story share it) and its checked facts."""

    features: dict[str, float]
    evidence: tuple[Evidence, ...]
    passages: tuple[Passage, ...]
    originality: str
    story: int
    facts: tuple[FactCheck, ...]
