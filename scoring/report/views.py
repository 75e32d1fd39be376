"""The view records of a source page and of the index's tables, and the functions that build them.

An article's section (:class:`ArticleView`: its contributions chart, highlighted text, evidence,
named sources, shared passages and checked facts), a source's originality and facts
(:class:`SourceCorpusView`) and the skipped inputs (:class:`SkippedRow`). The records are plain
frozen data; the templates hold all markup and escape every value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from scoring.corpus import ORIGINALITY_LEVELS
from scoring.features.specs import FEATURES
from scoring.pipeline import PASSAGE_EXCERPT_CHARS
from scoring.report.aggregate import fact_shares
from scoring.report.formatting import (
    MISSING,
    css_token,
    excerpt,
    feature_label,
    format_feature,
    is_linkable,
    signed_points,
)
from scoring.report.highlight import segment_text
from scoring.types import (
    Evidence,
    FactCheck,
    LabelledSentence,
    Passage,
    ScoredArticle,
    SourceSummary,
)

SENTENCE_STYLES: dict[str, tuple[str, str]] = {
    "attributed_named": ("sent-named", "claim credited to a named source"),
    "attributed_anonymous": ("sent-anonymous", "claim credited to an anonymous source"),
    "unattributed": ("sent-unattributed", "claim with no source"),
    "not_a_claim": ("sent-noclaim", "not a factual claim"),
}
EVIDENCE_DIRECTIONS: dict[int, str] = {-1: "ev-penalty", 1: "ev-credit", 0: "ev-context"}
NO_EXCERPTS: Mapping[tuple[str, int, int], str] = MappingProxyType({})
NO_SLUGS: Mapping[str, str] = MappingProxyType({})
SAFE_ANCHOR = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""Article ids that can name an anchor (``#id-<article id>``) and be linked to from elsewhere."""
OTHER_PUBLISHED: dict[str, str] = {
    "copy": "published earlier", "shared": "order unknown", "origin": "published later",
}
FACT_STATUSES: dict[str, tuple[int, str]] = {
    "conflict": (0, "in conflict"), "alone": (1, "reported alone"),
    "corroborated": (2, "corroborated"),
}
"""Each fact status's place in an article's facts list (conflicts first) and its words."""


# --- view records: plain data for the templates -------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One row of a diverging contributions chart."""

    label: str
    value_text: str
    points_text: str
    sign: str
    """``pos``, ``neg`` or ``zero``: which side of the axis the bar grows to."""
    width: float
    """Bar length in percent of one half of the track."""


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    unchanged: tuple[str, ...]
    """Labels of features whose contribution rounds to zero points."""


@dataclass(frozen=True)
class Mark:
    classes: str
    title: str


@dataclass(frozen=True)
class Segment:
    text: str
    sentence_class: str
    sentence_title: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class EvidenceRow:
    feature: str
    label: str
    excerpt: str
    note: str


@dataclass(frozen=True)
class NamedSourceRow:
    name: str
    kind: str
    mentions: int


@dataclass(frozen=True)
class OtherArticle:
    """The other article of a shared passage: who published it, and where its section is."""

    outlet: str
    title: str
    href: str
    """``<slug>.html#id-<article id>`` from a source page, or empty when it cannot be linked."""


@dataclass(frozen=True)
class PassageRow:
    """Text this article shares with an earlier (or undated) article, shown side by side."""

    other: OtherArticle
    mine: str
    theirs: str
    """The other article's text, or empty when the run did not pass it."""
    when: str
    """When the other was published: ``published earlier`` or ``order unknown``."""
    credit: str
    """``named``, ``notice`` or ``none``."""
    credit_words: str
    """Where this article credits the other (its own text), when it does."""
    sentences: int
    containment: str


@dataclass(frozen=True)
class FactRow:
    phrase: str
    what: str
    status: str
    status_text: str
    others: tuple[str, ...]


@dataclass(frozen=True)
class ArticleView:
    anchor: str
    id: str
    title: str
    url: str
    linkable: bool
    published: str
    path: str
    score: float
    baseline: float
    chart: Chart
    named_sources: tuple[NamedSourceRow, ...]
    segments: tuple[Segment, ...]
    evidence: tuple[EvidenceRow, ...]
    id_anchor: str = ""
    """``id-<article id>``, where other articles' passages link to; empty for an unsafe id."""
    originality: str = ""
    story: int | None = None
    shared: tuple[PassageRow, ...] = ()
    reused_by: tuple[OtherArticle, ...] = ()
    """Later articles of other outlets that reused this one's text (each once)."""
    facts: tuple[FactRow, ...] = ()


@dataclass(frozen=True)
class SourceCorpusView:
    """A source's originality levels and checked facts, as its page and the index show them."""

    levels: tuple[tuple[str, int], ...]
    """``(level, articles)`` for every originality level with at least one article."""
    facts: int
    corroborated: str
    alone: str
    conflicts: int


@dataclass(frozen=True)
class SkippedRow:
    path: str
    reason: str


# --- building the views --------------------------------------------------------------------------


def contributions_chart(
    contributions: Mapping[str, float], values: Mapping[str, float]
) -> Chart:
    """Bars for every feature that moves the score, largest effect first (ties by name)."""
    moving = [
        (name, points) for name, points in contributions.items() if signed_points(points) != "0.0"
    ]
    moving.sort(key=lambda item: (-abs(item[1]), item[0]))
    largest = max((abs(points) for _, points in moving), default=0.0)
    bars = tuple(
        Bar(
            label=feature_label(name),
            value_text=format_feature(name, values[name]) if name in values else "",
            points_text=signed_points(points),
            sign="pos" if points > 0 else "neg",
            width=round(100.0 * abs(points) / largest, 1),
        )
        for name, points in moving
    )
    moved = {name for name, _ in moving}
    unchanged = tuple(
        f"{feature_label(name)} ({format_feature(name, values[name])})" if name in values
        else feature_label(name)
        for name in contributions
        if name not in moved
    )
    return Chart(bars=bars, unchanged=unchanged)


def _evidence_mark(evidence: Evidence) -> Mark:
    spec = FEATURES.get(evidence.feature)
    direction = EVIDENCE_DIRECTIONS[spec.direction if spec else 0]
    title = f"{feature_label(evidence.feature)}: {evidence.label}"
    if evidence.note:
        title += f" \u2014 {evidence.note}"
    return Mark(classes=f"ev {direction} ev-{css_token(evidence.label)}", title=title)


def _sentence_style(sentence: LabelledSentence) -> tuple[str, str]:
    css_class, meaning = SENTENCE_STYLES.get(sentence.label, ("sent-other", sentence.label))
    if sentence.sources:
        meaning += f" ({', '.join(sentence.sources)})"
    return css_class, meaning


def highlighted_segments(
    text: str, sentences: Sequence[LabelledSentence], evidence: Sequence[Evidence]
) -> tuple[Segment, ...]:
    """The text cut so every sentence background and evidence mark wraps whole segments.

    Marks covering a segment are nested outermost first (earliest start, then longest), the same
    order in every segment, so overlapping spans read as stacked underlines.
    """
    spans: list[LabelledSentence | Evidence] = [*sentences, *evidence]
    n_sentences = len(sentences)
    mark_order = sorted(
        range(len(evidence)), key=lambda i: (evidence[i].start, -evidence[i].end, i)
    )
    rank = {n_sentences + i: position for position, i in enumerate(mark_order)}
    marks = {n_sentences + i: _evidence_mark(e) for i, e in enumerate(evidence)}
    styles = [_sentence_style(sentence) for sentence in sentences]
    segments = []
    for piece, covering in segment_text(text, spans):
        sentence_ids = [i for i in covering if i < n_sentences]
        css_class, meaning = styles[min(sentence_ids)] if sentence_ids else ("", "")
        mark_ids = sorted((i for i in covering if i >= n_sentences), key=rank.__getitem__)
        segments.append(Segment(piece, css_class, meaning, tuple(marks[i] for i in mark_ids)))
    return tuple(segments)


def id_anchor(article_id: str) -> str:
    return f"id-{article_id}" if SAFE_ANCHOR.fullmatch(article_id) else ""


def other_article(passage: Passage, slugs: Mapping[str, str]) -> OtherArticle:
    """The other side of a passage, linked to its section when its source page exists."""
    anchor = id_anchor(passage.other)
    slug = slugs.get(passage.other_source, "")
    href = f"{slug}.html#{anchor}" if slug and anchor else ""
    return OtherArticle(passage.other_source, passage.other_label, href)


def passage_row(text: str, passage: Passage, slugs: Mapping[str, str],
                excerpts: Mapping[tuple[str, int, int], str]) -> PassageRow:
    credited = passage.credit != "none" and 0 <= passage.credit_start < passage.credit_end
    return PassageRow(
        other=other_article(passage, slugs),
        mine=excerpt(text[passage.start : passage.end], PASSAGE_EXCERPT_CHARS),
        theirs=excerpts.get((passage.other, passage.other_start, passage.other_end), ""),
        when=OTHER_PUBLISHED[passage.role],
        credit=passage.credit,
        credit_words=text[passage.credit_start : passage.credit_end] if credited else "",
        sentences=passage.sentences,
        containment=f"{passage.containment:.0%}",
    )


def fact_row(text: str, check: FactCheck) -> FactRow:
    fact = check.fact
    what = fact.kind if fact.subject in ("", fact.kind) else f"{fact.kind} of {fact.subject}"
    return FactRow(
        phrase=text[fact.start : fact.end],
        what=f"{what}: {fact.value}",
        status=check.status,
        status_text=FACT_STATUSES[check.status][1],
        others=check.others,
    )


def article_view(position: int, scored: ScoredArticle, *,
                 excerpts: Mapping[tuple[str, int, int], str] = NO_EXCERPTS,
                 slugs: Mapping[str, str] = NO_SLUGS) -> ArticleView:
    """An article's section; ``slugs`` (source name to page slug) lets shared passages link to
    the other article, ``excerpts`` (see ``scoring.pipeline.passage_excerpts``) shows its text."""
    analysis = scored.analysis
    article = analysis.article
    text = article.text
    evidence = tuple(sorted(analysis.evidence, key=lambda e: (e.start, e.end, e.feature)))
    found = scored.corpus
    passages = found.passages if found else ()
    reused_by = {p.other: other_article(p, slugs) for p in passages if p.role == "origin"}
    checks = sorted(found.facts if found else (),
                    key=lambda c: (FACT_STATUSES[c.status][0], c.fact.start, c.fact.end))
    return ArticleView(
        anchor=f"article-{position}",
        id=article.id,
        title=article.title.strip() or f"(untitled: {article.path or article.id})",
        url=article.url,
        linkable=is_linkable(article.url),
        published=article.published,
        path=article.path,
        score=scored.score,
        baseline=scored.baseline,
        chart=contributions_chart(scored.contributions, analysis.features),
        named_sources=tuple(
            NamedSourceRow(source.name, source.kind, len(source.mentions))
            for source in analysis.named_sources
        ),
        segments=highlighted_segments(text, analysis.sentences, analysis.evidence),
        evidence=tuple(
            EvidenceRow(feature_label(e.feature), e.label, excerpt(text[e.start : e.end]), e.note)
            for e in evidence
        ),
        id_anchor=id_anchor(article.id),
        originality=found.originality if found else "",
        story=found.story if found else None,
        shared=tuple(passage_row(text, p, slugs, excerpts)
                     for p in passages if p.role != "origin"),
        reused_by=tuple(reused_by.values()),
        facts=tuple(fact_row(text, check) for check in checks),
    )


def source_corpus_view(summary: SourceSummary) -> SourceCorpusView:
    facts, corroborated, alone, conflicts = fact_shares(summary.fact_statuses)
    return SourceCorpusView(
        levels=tuple((level, count) for level, count
                     in zip(ORIGINALITY_LEVELS, summary.originality_counts, strict=True) if count),
        facts=facts,
        corroborated=MISSING if corroborated is None else f"{corroborated:.0%}",
        alone=MISSING if alone is None else f"{alone:.0%}",
        conflicts=conflicts,
    )


def skipped_rows(entries: Iterable[object]) -> list[SkippedRow]:
    """``run_record["skipped"]`` entries: ``{"path", "reason"}`` dicts, ``Skipped`` records or
    ``(path, reason)`` pairs."""
    rows = []
    for entry in entries:
        if isinstance(entry, Mapping):
            rows.append(SkippedRow(str(entry.get("path", "")), str(entry.get("reason", ""))))
        elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) == 2:
            rows.append(SkippedRow(str(entry[0]), str(entry[1])))
        else:
            rows.append(SkippedRow(str(getattr(entry, "path", entry)),
                                   str(getattr(entry, "reason", ""))))
    return rows
