"""The HTML pages of a run: ``index.html`` and one ``sources/<slug>.html`` per source.

Pages are static and self-contained (the stylesheet is inlined, no JavaScript, no network), so
they open from disk. Scores are coloured by the model's score bands (``methodology["bands"]``),
and the index's methodology shows the model card (``methodology["card"]``) when there is one.
Every value reaches the page through Jinja2 with autoescaping on; this module only prepares plain
view records, the templates hold all markup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

import jinja2
from markupsafe import Markup

from scoring import __version__
from scoring.corpus import ORIGINALITY_LEVELS
from scoring.features.specs import FEATURES
from scoring.model import DEFAULT_BANDS, Band, band_for
from scoring.pipeline import PASSAGE_EXCERPT_CHARS
from scoring.report.aggregate import fact_shares
from scoring.report.highlight import segment_text
from scoring.report.ranking import rank_sources
from scoring.report.slugs import WINDOWS_RESERVED
from scoring.types import (
    Evidence,
    FactCheck,
    LabelledSentence,
    Passage,
    ScoredArticle,
    SourceSummary,
)

TEMPLATES = Path(__file__).parent / "templates"
EXCERPT_CHARS = 200
MAX_SKIPPED_ROWS = 500
"""The index lists at most this many skipped inputs; ``run.json`` has them all."""
BAND_TONES = 4
"""Colours a band can take, best first (``tone-0`` .. ``tone-3``); any number of bands maps onto
them, so the top band is always the first colour and the bottom band the last."""
SAFE_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
LINKABLE_SCHEMES = ("http://", "https://")

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
WEIGHT_STATUSES: dict[str, tuple[str, str]] = {
    "fitted": ("fitted", "weight fitted on the labelled articles"),
    "hand-set": ("hand-set", "too few labelled articles have this feature to fit a weight: the "
                             "hand-set weight is kept"),
    "dropped": ("dropped for its sign", "the fit gave it the sign against its documented "
                                        "direction, so its weight is 0"),
    "context": ("context", "reported beside the score, never judged"),
}
"""A model card's weight status: the words the features table shows, and what they mean."""
MISSING = "\u2014"


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
class BandView:
    """A score band as a badge: its plain name, its colour and what it means."""

    name: str
    tone: str
    """``tone-0`` (the top band) to ``tone-3`` (the bottom one); ``tone-none`` for a name the
    model's bands do not list."""
    meaning: str


@dataclass(frozen=True)
class BandRow:
    """A band in the methodology's bands table, with the model card's calibration when known."""

    band: BandView
    scores: str
    """The score range, ``65.1–100``."""
    articles: str = ""
    """Labelled articles whose cross-validated score fell in the band (empty without a card)."""
    share_reliable: str = ""


@dataclass(frozen=True)
class WeightStatus:
    """How a model card says a weight was set, and its plain sentence."""

    status: str
    """``fitted``, ``hand-set``, ``dropped`` or ``context`` (or whatever the card says)."""
    text: str
    title: str
    reads: str


@dataclass(frozen=True)
class DatasetRow:
    name: str
    articles: str
    reliable: str
    outlets: str


@dataclass(frozen=True)
class FigureRow:
    """Cross-validated figures on all labelled articles or on one dataset."""

    data: str
    articles: str
    reliable: str
    roc_auc: str
    roc_auc_ci: str
    macro_f1: str
    accuracy: str
    threshold: str


@dataclass(frozen=True)
class DroppedRow:
    """A feature the sign check dropped: the weight it had, against its documented direction."""

    name: str
    label: str
    weight: str
    direction: str
    folds: str
    """In how many cross-validation folds it was dropped too (empty when the card does not say)."""


@dataclass(frozen=True)
class GapRow:
    """Mean score of outlets rated reliable minus the others', with its 95% interval."""

    data: str
    outlets_reliable: str
    outlets_other: str
    mean_reliable: str
    mean_other: str
    gap: str
    gap_ci: str


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    rated: str
    score: str
    articles: str


@dataclass(frozen=True)
class ShareRow:
    """A feature family's part in moving the score, on the training articles."""

    family: str
    points: str
    """Mean size of the family's contributions, in score points."""
    share: str
    """Its share of all contributions' sizes, ``65.6%``."""
    width: float
    """The share as a bar length, in percent of the track."""
    evidence_only: bool
    """The family carries no weight (share 0): it is reported as evidence only."""
    features: tuple[str, ...] = ()
    """The labels of the family's features (none for a family the registry does not know)."""


@dataclass(frozen=True)
class RatedOutletRow:
    """An outlet's cross-validated score against its expert rating, with both ranks."""

    outlet: str
    leaning: str
    articles: str
    score: str
    score_rank: str
    rating: str
    rating_rank: str


@dataclass(frozen=True)
class LeaningRow:
    """The outlets of one political leaning: how well scores follow ratings within it."""

    leaning: str
    outlets: str
    spearman: str
    mean_score: str
    mean_rating: str


@dataclass(frozen=True)
class LeaningView:
    """Correlations with political leaning, and the ranking within each leaning."""

    score_vs_leaning: str
    score_n: str
    rating_vs_leaning: str
    rating_n: str
    groups: tuple[LeaningRow, ...]


@dataclass(frozen=True)
class RankingView:
    """How outlets' scores (their articles' mean, cross-validated) rank against their ratings."""

    outlets: str
    spearman: str
    spearman_ci: str
    pearson: str
    threshold: str
    """The rating from which an outlet counts as reliable; empty when the card has none (then
    there is no outlet ROC AUC either)."""
    roc_auc: str
    roc_auc_ci: str
    at_or_above: str
    below: str
    leaning: LeaningView | None
    worst: tuple[RatedOutletRow, ...]
    """The outlets ranked furthest from their rating."""
    table: tuple[RatedOutletRow, ...]


@dataclass(frozen=True)
class HeldOutView:
    """A data set kept out of the fit and scored by the final model."""

    name: str
    about: str
    ranking: RankingView | None
    figures: tuple[FigureRow, ...]
    gaps: tuple[GapRow, ...]


@dataclass(frozen=True)
class CardView:
    """A model card (``model_card.json``) as the methodology section shows it.

    Every part may be missing from the card: text fields are then empty and tables have no rows.
    """

    version: str
    trained: str
    fitted_on: str
    """One sentence: how many labelled articles, reliable and not, from how many outlets."""
    labels: str
    datasets: tuple[DatasetRow, ...]
    left_out: tuple[tuple[str, str], ...]
    """``(what, how many)`` for every non-zero count of inputs left out of the fit."""
    method: tuple[str, ...]
    """Sentences: the model, C, min_support, the cross-validation scheme, the seed."""
    statuses: Mapping[str, WeightStatus]
    dropped: tuple[DroppedRow, ...]
    dropped_in_folds_only: tuple[tuple[str, str], ...]
    """``(feature label, folds)`` for features kept by the final fit but dropped in some folds."""
    figures: tuple[FigureRow, ...]
    threshold: str
    gaps: tuple[GapRow, ...]
    outlets: tuple[OutletRow, ...]
    reproduce: tuple[str, ...]
    rated: bool = False
    """Fitted on outlets' expert ratings rather than on labelled articles."""
    shares: tuple[ShareRow, ...] = ()
    ranking: RankingView | None = None
    """The cross-validated outlet ranking (a fit on ratings has one)."""
    held_out: tuple[HeldOutView, ...] = ()


@dataclass(frozen=True)
class SkippedRow:
    path: str
    reason: str


# --- formatting ----------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number(value: object, spec: str = "g") -> str:
    """``value`` formatted by ``spec``, or an em dash when a card left it out (or it is not a
    number); a count (``d``) read back from JSON as ``5.0`` prints as ``5``."""
    if not _is_number(value):
        return MISSING
    if spec == "d" and isinstance(value, float):
        return format(int(value), "d") if value.is_integer() else format(value, "g")
    return format(value, spec)


def compact(value: float) -> str:
    """A weight file's centre, scale or cap in at most four significant digits (``0.05141``,
    ``3.777``); from 1000 up, a whole number (``1500``, not ``1.5e+03``)."""
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def interval(bounds: object, spec: str, between: str = "\u2013") -> str:
    """``0.488–0.651`` for a two-number list; empty when there is no such list."""
    if isinstance(bounds, Sequence) and len(bounds) == 2 and all(map(_is_number, bounds)):
        return f"{format(bounds[0], spec)}{between}{format(bounds[1], spec)}"
    return ""


def signed_points(points: float) -> str:
    """``+3.2`` or ``−1.5`` (a true minus sign); ``0.0`` when it rounds to nothing."""
    shown = round(points, 1) + 0.0
    if shown == 0:
        return "0.0"
    return f"+{shown:.1f}" if shown > 0 else f"\u2212{-shown:.1f}"


def feature_label(name: str) -> str:
    spec = FEATURES.get(name)
    return spec.label if spec else name


def format_feature(name: str, value: float) -> str:
    spec = FEATURES.get(name)
    return spec.format(value) if spec else f"{value:g}"


def is_linkable(url: str) -> bool:
    """Only web links become ``href``s: never ``javascript:``, ``data:`` or relative paths."""
    return url.lower().startswith(LINKABLE_SCHEMES)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def css_token(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-") or "other"


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


# --- the model's bands and its card --------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, object]:
    """A part of the model card, or an empty mapping when the card leaves it out."""
    return value if isinstance(value, Mapping) else MappingProxyType({})


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _rows(value: object) -> list[Mapping[str, object]]:
    return [row for row in _list(value) if isinstance(row, Mapping)]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def bands_of(methodology: Mapping[str, object]) -> tuple[Band, ...]:
    """The model's bands from ``methodology["bands"]`` (highest first); the model's defaults
    when it has none."""
    bands = tuple(
        Band(str(row.get("name", "")), float(row["min_score"]), _text(row.get("meaning")))
        for row in _rows(methodology.get("bands")) if _is_number(row.get("min_score"))
    )
    return bands or DEFAULT_BANDS


def band_view(bands: Sequence[Band], name: str) -> BandView:
    """The badge of the band called ``name``: the top band gets the first colour, the bottom band
    the last, those between spread over the others."""
    for position, band in enumerate(bands):
        if band.name == name:
            step = position * (BAND_TONES - 1) / max(len(bands) - 1, 1)
            return BandView(name, f"tone-{round(step)}", band.meaning)
    return BandView(name, "tone-none", "")


def band_rows(bands: Sequence[Band], calibration: object = None) -> tuple[BandRow, ...]:
    """One row per band, highest first, with the card's calibration row of the same name."""
    calibrated = {str(row.get("band")): row for row in _rows(calibration)}
    rows = []
    for position, band in enumerate(bands):
        upper = bands[position - 1].min_score if position else 100.0
        row = calibrated.get(band.name, {})
        rows.append(BandRow(
            band=band_view(bands, band.name),
            scores=f"{band.min_score:g}\u2013{upper:g}",
            articles=number(row.get("articles"), "d") if row else "",
            share_reliable=number(row.get("share_reliable"), ".0%") if row else "",
        ))
    return tuple(rows)


def _is_rated(fitted: Mapping[str, object]) -> bool:
    """Whether the card's model was fitted on outlets' expert ratings (older cards: never)."""
    rated = fitted.get("rated_outlets")
    return _is_number(rated) and rated > 0


def _fitted_on(fitted: Mapping[str, object]) -> str:
    """``193 labelled articles (111 reliable, 82 not) from 32 known outlets and 101 articles of
    unknown outlet``, with whatever parts the card has; for a fit on outlet ratings, ``3359
    articles of 45 outlets rated by experts; an outlet counts as reliable from rating 0.6``."""
    if not _is_number(fitted.get("articles")):
        return ""
    if _is_rated(fitted):
        text = (f"{number(fitted['articles'], 'd')} articles of "
                f"{number(fitted['rated_outlets'], 'd')} outlets rated by experts")
        if _is_number(fitted.get("threshold")):
            text += f"; an outlet counts as reliable from rating {number(fitted['threshold'])}"
        return text
    text = f"{fitted['articles']} labelled articles"
    split = [f"{fitted[key]} {word}" for key, word in
             (("reliable", "reliable"), ("not_reliable", "not")) if _is_number(fitted.get(key))]
    if split:
        text += f" ({', '.join(split)})"
    sources = [f"{fitted[key]} {words}" for key, words in
               (("outlets", "known outlets"),
                ("articles_without_outlet", "articles of unknown outlet"))
               if _is_number(fitted.get(key))]
    if sources:
        text += " from " + " and ".join(sources)
    return text


def _method(method: Mapping[str, object]) -> tuple[str, ...]:
    sentences = []
    if method.get("model"):
        sentences.append(f"{str(method['model'])[:1].upper()}{str(method['model'])[1:]}.")
    if _is_number(method.get("c")):
        grid = _list(method.get("c_grid"))
        chosen = (f", chosen from {', '.join(number(c) for c in grid)} by cross-validation"
                  if grid else "")
        sentences.append(f"Regularisation C = {number(method['c'])}{chosen}.")
    if _is_number(method.get("min_support")):
        sentences.append(f"A feature found in fewer than {number(method['min_support'])} "
                         "training articles keeps its hand-set weight.")
    if method.get("cross_validation"):
        sentences.append(f"Cross-validation: {method['cross_validation']}.")
    if _is_number(method.get("seed")):
        sentences.append(f"Random seed {number(method['seed'])}.")
    return tuple(sentences)


def _weight_status(row: Mapping[str, object]) -> WeightStatus:
    status = _text(row.get("status"))
    text, title = WEIGHT_STATUSES.get(status, (status, ""))
    if status == "dropped" and _is_number(row.get("first_fit_weight")):
        title += f" (first fit {row['first_fit_weight']:+.3f})"
    return WeightStatus(css_token(status), text, title, _text(row.get("reads")))


def _figure_row(data: str, figures: Mapping[str, object]) -> FigureRow:
    roc_auc = figures.get("roc_auc")
    return FigureRow(
        data=data,
        articles=number(figures.get("articles"), "d"),
        reliable=number(figures.get("reliable"), "d"),
        roc_auc=number(roc_auc, ".3f") if roc_auc is not None else "n/a (one label)",
        roc_auc_ci=interval(figures.get("roc_auc_ci95"), ".3f"),
        macro_f1=number(figures.get("macro_f1"), ".3f"),
        accuracy=number(figures.get("accuracy"), ".3f"),
        threshold=number(figures.get("threshold")),
    )


def _gap_row(data: str, gap: Mapping[str, object]) -> GapRow:
    return GapRow(
        data=data,
        outlets_reliable=number(gap.get("outlets_reliable"), "d"),
        outlets_other=number(gap.get("outlets_other"), "d"),
        mean_reliable=number(gap.get("mean_reliable"), ".1f"),
        mean_other=number(gap.get("mean_other"), ".1f"),
        gap=number(gap.get("gap"), "+.1f"),
        gap_ci=interval(gap.get("gap_ci95"), "+.1f", " to "),
    )


def _evaluated(checked: Mapping[str, object], articles: str,
               outlets: str) -> tuple[tuple[FigureRow, ...], tuple[GapRow, ...]]:
    """The article figures and outlet gaps of one evaluation (cross-validated or held out): on
    all its ``articles`` and ``outlets`` first, then on each dataset."""
    overall = _mapping(checked.get("overall"))
    by_dataset = {str(name): _mapping(figures)
                  for name, figures in _mapping(checked.get("by_dataset")).items()}
    figures = [(articles, overall)] if overall else []
    figures += list(by_dataset.items())
    gaps = [(outlets, _mapping(checked.get("outlets")))]
    gaps += [(name, _mapping(row.get("outlets"))) for name, row in by_dataset.items()]
    return (tuple(_figure_row(name, row) for name, row in figures),
            tuple(_gap_row(name, gap) for name, gap in gaps if gap))


def _share_row(row: Mapping[str, object]) -> ShareRow:
    share = row.get("share")
    fraction = share if isinstance(share, int | float) and _is_number(share) else None
    return ShareRow(
        family=_text(row.get("family")),
        points=number(row.get("mean_points"), ".2f"),
        share=number(share, ".1%"),
        width=0.0 if fraction is None else round(100.0 * min(max(fraction, 0.0), 1.0), 1),
        evidence_only=fraction == 0,
        features=tuple(spec.label for spec in FEATURES.values()
                       if spec.family == row.get("family")),
    )


def _rated_outlet_row(row: Mapping[str, object]) -> RatedOutletRow:
    return RatedOutletRow(
        outlet=_text(row.get("outlet")),
        leaning=_text(row.get("leaning")),
        articles=number(row.get("articles"), "d"),
        score=number(row.get("score"), ".1f"),
        score_rank=number(row.get("score_rank"), "d"),
        rating=number(row.get("rating"), ".3f"),
        rating_rank=number(row.get("rating_rank"), "d"),
    )


def _leaning_view(value: object) -> LeaningView | None:
    leaning = _mapping(value)
    if not leaning:
        return None
    score = _mapping(leaning.get("score_vs_leaning"))
    rating = _mapping(leaning.get("rating_vs_leaning"))
    groups = ((str(name), _mapping(group))
              for name, group in _mapping(leaning.get("groups")).items())
    return LeaningView(
        score_vs_leaning=number(score.get("spearman"), ".3f"),
        score_n=number(score.get("n"), "d"),
        rating_vs_leaning=number(rating.get("spearman"), ".3f"),
        rating_n=number(rating.get("n"), "d"),
        groups=tuple(
            LeaningRow(name, number(group.get("n"), "d"), number(group.get("spearman"), ".3f"),
                       number(group.get("mean_score"), ".1f"),
                       number(group.get("mean_rating"), ".3f"))
            for name, group in groups if group
        ),
    )


def ranking_view(value: object) -> RankingView | None:
    """A card's outlet ranking (``cross_validated.outlet_ranking`` or a held-out set's), or
    ``None`` when it has none; see :class:`RankingView`."""
    ranking = _mapping(value)
    if not ranking:
        return None
    threshold = ranking.get("threshold")
    return RankingView(
        outlets=number(ranking.get("outlets"), "d"),
        spearman=number(ranking.get("spearman"), ".3f"),
        spearman_ci=interval(ranking.get("spearman_ci95"), ".3f"),
        pearson=number(ranking.get("pearson"), ".3f"),
        threshold=number(threshold) if _is_number(threshold) else "",
        roc_auc=number(ranking.get("roc_auc"), ".3f"),
        roc_auc_ci=interval(ranking.get("roc_auc_ci95"), ".3f"),
        at_or_above=number(ranking.get("at_or_above"), "d"),
        below=number(ranking.get("below"), "d"),
        leaning=_leaning_view(ranking.get("by_leaning")),
        worst=tuple(_rated_outlet_row(row) for row in _rows(ranking.get("worst"))),
        table=tuple(_rated_outlet_row(row) for row in _rows(ranking.get("table"))),
    )


def _held_out(name: str, part: Mapping[str, object]) -> HeldOutView:
    figures, gaps = _evaluated(part, "all articles", "all outlets")
    return HeldOutView(name=name, about=_text(part.get("about")),
                       ranking=ranking_view(part.get("outlet_ranking")),
                       figures=figures, gaps=gaps)


def _dropped_row(row: Mapping[str, object], in_folds: Mapping[str, object]) -> DroppedRow:
    name = _text(row.get("name"))
    return DroppedRow(
        name=name,
        label=_text(row.get("label")) or feature_label(name),
        weight=number(row.get("weight_when_dropped"), "+.3f"),
        direction=_text(row.get("documented_direction")),
        folds=number(in_folds[name], "d") if name in in_folds else "",
    )


def card_view(card: Mapping[str, object]) -> CardView:
    """The parts of a model card the report shows; see :class:`CardView`."""
    fitted = _mapping(card.get("fitted_on"))
    sign_check = _mapping(card.get("sign_check"))
    in_folds = {str(name): folds for name, folds in
                _mapping(sign_check.get("dropped_in_cross_validation_folds")).items()}
    dropped = tuple(_dropped_row(row, in_folds) for row in _rows(sign_check.get("dropped")))
    checked = _mapping(card.get("cross_validated"))
    overall = _mapping(checked.get("overall"))
    figures, gaps = _evaluated(checked, "all labelled articles", "all labelled outlets")
    return CardView(
        version=_text(card.get("weights_version")),
        trained=_text(card.get("trained")),
        fitted_on=_fitted_on(fitted),
        labels=_text(fitted.get("labels")),
        datasets=tuple(
            DatasetRow(str(name), number(row.get("articles"), "d"),
                       number(row.get("reliable"), "d"), number(row.get("outlets"), "d"))
            for name, row in ((name, _mapping(row)) for name, row in
                              _mapping(fitted.get("datasets")).items())
        ),
        left_out=tuple((str(what), number(count, "d"))
                       for what, count in _mapping(fitted.get("left_out")).items()
                       if _is_number(count) and count),
        method=_method(_mapping(card.get("method"))),
        statuses=MappingProxyType({str(row["name"]): _weight_status(row)
                                   for row in _rows(card.get("weights")) if row.get("name")}),
        dropped=dropped,
        dropped_in_folds_only=tuple(
            (feature_label(name), number(folds, "d")) for name, folds in in_folds.items()
            if name not in {row.name for row in dropped}
        ),
        figures=figures,
        threshold=number(overall["threshold"]) if "threshold" in overall else "",
        gaps=gaps,
        outlets=tuple(
            OutletRow(_text(row.get("outlet")),
                      "reliable" if row.get("reliable") == 1 else "not reliable",
                      number(row.get("score"), ".1f"), number(row.get("articles"), "d"))
            for row in _rows(_mapping(checked.get("outlets")).get("by_outlet"))
        ),
        reproduce=tuple(line for line in _list(card.get("reproduce")) if isinstance(line, str)),
        rated=_is_rated(fitted),
        shares=tuple(_share_row(row) for row in _rows(card.get("contribution_shares"))),
        ranking=ranking_view(checked.get("outlet_ranking")),
        held_out=tuple(_held_out(str(name), part)
                       for name, part in ((name, _mapping(part)) for name, part in
                                          _mapping(card.get("held_out")).items())
                       if part),
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


def run_time(run_record: Mapping[str, object]) -> str:
    for key in ("finished_at", "started_at", "created_at", "when"):
        if run_record.get(key):
            return str(run_record[key])
    return ""


def check_slugs(sources: Sequence[SourceSummary]) -> None:
    """Slugs become file names: refuse unsafe or duplicate ones (set them with source_slugs)."""
    seen: dict[str, str] = {}
    for summary in sources:
        if not SAFE_SLUG.fullmatch(summary.slug) or summary.slug in WINDOWS_RESERVED:
            raise ValueError(
                f"source {summary.source!r}: unsafe slug {summary.slug!r}; "
                "build slugs with scoring.report.source_slugs"
            )
        if summary.slug in seen:
            raise ValueError(
                f"sources {seen[summary.slug]!r} and {summary.source!r} share slug {summary.slug!r}"
            )
        seen[summary.slug] = summary.source


# --- rendering -----------------------------------------------------------------------------------


def environment(bands: Sequence[Band] = DEFAULT_BANDS) -> jinja2.Environment:
    """The templates' environment; ``bands`` (the model's, highest first) colour every score."""

    def band_of(score: float, name: str = "") -> BandView:
        """A score's band; ``name`` when the caller knows it already (a source summary's)."""
        return band_view(bands, name or band_for(bands, score))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["score"] = lambda value: f"{value:.1f}"
    env.filters["points"] = signed_points
    env.filters["compact"] = compact
    env.filters["token"] = css_token
    env.globals["corpus_of"] = source_corpus_view
    env.globals["band_of"] = band_of
    env.globals["version"] = __version__
    return env


def _write(path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class TocRow:
    """An article's line in its source page's table of contents, and where its section is."""

    anchor: str
    title: str
    published: str
    score: float
    id: str
    offset: int
    length: int
    originality: str = ""


class PageWriter:
    """The HTML pages of a run, written while its articles stream past once.

    Each article's section is rendered as it arrives and appended to one fragments file; at
    :meth:`finish`, each source page is assembled from its articles' sections, best score first,
    reading them back one at a time. Memory holds one table-of-contents row per article.
    """

    FRAGMENTS = ".sections.html"

    def __init__(self, folder: str | Path, run_id: str, sources: Sequence[SourceSummary],
                 methodology: Mapping[str, object], *,
                 excerpts: Mapping[tuple[str, int, int], str] = NO_EXCERPTS) -> None:
        """``excerpts`` holds the other side of every shared passage (see
        ``scoring.pipeline.passage_excerpts``); without it passages show this article's side only.
        """
        check_slugs(sources)
        self.folder = Path(folder)
        self.sources = list(sources)
        self.excerpts = excerpts
        self.slugs = {summary.source: summary.slug for summary in self.sources}
        self.methodology = methodology
        self.bands = bands_of(methodology)
        self.env = environment(self.bands)
        self.common = {
            "run_id": run_id,
            "weights_version": methodology.get("weights_version", ""),
            "baseline": methodology.get("baseline"),
        }
        self._section = self.env.get_template("_article.html")
        self._toc: dict[str, list[TocRow]] = {s.source: [] for s in self.sources}
        self._fragments = open(self.folder / self.FRAGMENTS, "wb")  # noqa: SIM115 - closed in finish
        self._count = 0

    def add(self, scored: ScoredArticle) -> None:
        """Render one article's section (anchors number articles in run order: unique)."""
        self._count += 1
        view = article_view(self._count, scored, excerpts=self.excerpts, slugs=self.slugs)
        data = self._section.render(a=view).encode("utf-8")
        offset = self._fragments.tell()
        self._fragments.write(data)
        self._toc[scored.article.source].append(TocRow(
            view.anchor, view.title, view.published, view.score, view.id, offset, len(data),
            view.originality))

    def finish(self, run_record: Mapping[str, object]) -> None:
        """Write ``index.html`` and every ``sources/<slug>.html``; drop the fragments file."""
        self._fragments.close()
        skipped = skipped_rows(run_record.get("skipped") or ())  # type: ignore[arg-type]
        card = _mapping(self.methodology.get("card"))
        _write(
            self.folder / "index.html",
            self.env.get_template("index.html").render(
                **self.common,
                root="",
                when=run_time(run_record),
                n_articles=self._count,
                ranked=rank_sources(self.sources),
                skipped=skipped[:MAX_SKIPPED_ROWS],
                n_skipped=len(skipped),
                methodology=self.methodology,
                bands=band_rows(self.bands, _mapping(card.get("cross_validated")).get(
                    "calibration")),
                card=card_view(card) if card else None,
            ),
        )
        (self.folder / "sources").mkdir(exist_ok=True)
        page = self.env.get_template("source.html")
        with open(self.folder / self.FRAGMENTS, "rb") as fragments:
            for rank, summary in rank_sources(self.sources):
                toc = sorted(self._toc[summary.source], key=lambda row: (-row.score, row.id))
                stream = page.stream(
                    **self.common,
                    root="../",
                    rank=rank,
                    n_sources=len(self.sources),
                    summary=summary,
                    chart=contributions_chart(summary.contributions, summary.feature_means),
                    toc=toc,
                    bodies=_sections(fragments, toc),
                    sentence_styles=SENTENCE_STYLES,
                )
                with open(self.folder / "sources" / f"{summary.slug}.html", "w",
                          encoding="utf-8", newline="\n") as handle:
                    stream.dump(handle)
        (self.folder / self.FRAGMENTS).unlink()

    def close(self) -> None:
        """Release the fragments file after a failure (the caller removes the folder)."""
        self._fragments.close()


def _sections(fragments: BinaryIO, toc: Sequence[TocRow]) -> Iterator[Markup]:
    for row in toc:
        fragments.seek(row.offset)
        yield Markup(fragments.read(row.length).decode("utf-8"))  # noqa: S704 - rendered by us
