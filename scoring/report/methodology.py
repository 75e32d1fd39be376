"""The index's methodology section: the model's score bands and its model card, as view records.

The bands (``methodology["bands"]``) become badges (:class:`BandView`) and the bands table
(:class:`BandRow`); the model card (``methodology["card"]``, a ``model_card.json``) becomes a
:class:`CardView`. Any part of a card may be missing: its text is then empty and its tables have
no rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from scoring.features.specs import FEATURES
from scoring.model import DEFAULT_BANDS, Band
from scoring.report.formatting import css_token, feature_label, interval, is_number, number

BAND_TONES = 4
"""Colours a band can take, best first (``tone-0`` .. ``tone-3``); any number of bands maps onto
them, so the top band is always the first colour and the bottom band the last."""
WEIGHT_STATUSES: dict[str, tuple[str, str]] = {
    "fitted": ("fitted", "weight fitted on the labelled articles"),
    "hand-set": ("hand-set", "too few labelled articles have this feature to fit a weight: the "
                             "hand-set weight is kept"),
    "dropped": ("dropped by the sign check", "the fit gave it the sign against its documented "
                                             "direction (or made anonymous credit cost more "
                                             "than none), so its weight is 0"),
    "context": ("context", "reported beside the score, never judged"),
}
"""A model card's weight status: the words the features table shows, and what they mean."""


# --- view records: plain data for the templates --------------------------------------------------


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
    reason: str = ""
    """Why it was dropped, when the card says."""


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


# --- reading the bands and the card --------------------------------------------------------------


def card_part(value: object) -> Mapping[str, object]:
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
        for row in _rows(methodology.get("bands")) if is_number(row.get("min_score"))
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
    return is_number(rated) and rated > 0


def _fitted_on(fitted: Mapping[str, object]) -> str:
    """``193 labelled articles (111 reliable, 82 not) from 32 known outlets and 101 articles of
    unknown outlet``, with whatever parts the card has; for a fit on outlet ratings, ``3359
    articles of 45 outlets rated by experts; an outlet counts as reliable from rating 0.6``."""
    if not is_number(fitted.get("articles")):
        return ""
    if _is_rated(fitted):
        text = (f"{number(fitted['articles'], 'd')} articles of "
                f"{number(fitted['rated_outlets'], 'd')} outlets rated by experts")
        if is_number(fitted.get("threshold")):
            text += f"; an outlet counts as reliable from rating {number(fitted['threshold'])}"
        return text
    text = f"{fitted['articles']} labelled articles"
    split = [f"{fitted[key]} {word}" for key, word in
             (("reliable", "reliable"), ("not_reliable", "not")) if is_number(fitted.get(key))]
    if split:
        text += f" ({', '.join(split)})"
    sources = [f"{fitted[key]} {words}" for key, words in
               (("outlets", "known outlets"),
                ("articles_without_outlet", "articles of unknown outlet"))
               if is_number(fitted.get(key))]
    if sources:
        text += " from " + " and ".join(sources)
    return text


def _method(method: Mapping[str, object]) -> tuple[str, ...]:
    sentences = []
    if method.get("model"):
        sentences.append(f"{str(method['model'])[:1].upper()}{str(method['model'])[1:]}.")
    if is_number(method.get("c")):
        grid = _list(method.get("c_grid"))
        chosen = (f", chosen from {', '.join(number(c) for c in grid)} by cross-validation"
                  if grid else "")
        sentences.append(f"Regularisation C = {number(method['c'])}{chosen}.")
    if is_number(method.get("min_support")):
        sentences.append(f"A feature found in fewer than {number(method['min_support'])} "
                         "training articles keeps its hand-set weight.")
    if method.get("cross_validation"):
        sentences.append(f"Cross-validation: {method['cross_validation']}.")
    if is_number(method.get("seed")):
        sentences.append(f"Random seed {number(method['seed'])}.")
    return tuple(sentences)


def _weight_status(row: Mapping[str, object]) -> WeightStatus:
    status = _text(row.get("status"))
    text, title = WEIGHT_STATUSES.get(status, (status, ""))
    if status == "dropped" and is_number(row.get("first_fit_weight")):
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
    overall = card_part(checked.get("overall"))
    by_dataset = {str(name): card_part(figures)
                  for name, figures in card_part(checked.get("by_dataset")).items()}
    figures = [(articles, overall)] if overall else []
    figures += list(by_dataset.items())
    gaps = [(outlets, card_part(checked.get("outlets")))]
    gaps += [(name, card_part(row.get("outlets"))) for name, row in by_dataset.items()]
    return (tuple(_figure_row(name, row) for name, row in figures),
            tuple(_gap_row(name, gap) for name, gap in gaps if gap))


def _share_row(row: Mapping[str, object]) -> ShareRow:
    share = row.get("share")
    fraction = share if isinstance(share, int | float) and is_number(share) else None
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
    leaning = card_part(value)
    if not leaning:
        return None
    score = card_part(leaning.get("score_vs_leaning"))
    rating = card_part(leaning.get("rating_vs_leaning"))
    groups = ((str(name), card_part(group))
              for name, group in card_part(leaning.get("groups")).items())
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
    ranking = card_part(value)
    if not ranking:
        return None
    threshold = ranking.get("threshold")
    return RankingView(
        outlets=number(ranking.get("outlets"), "d"),
        spearman=number(ranking.get("spearman"), ".3f"),
        spearman_ci=interval(ranking.get("spearman_ci95"), ".3f"),
        pearson=number(ranking.get("pearson"), ".3f"),
        threshold=number(threshold) if is_number(threshold) else "",
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
        reason=_text(row.get("reason")),
    )


def card_view(card: Mapping[str, object]) -> CardView:
    """The parts of a model card the report shows; see :class:`CardView`."""
    fitted = card_part(card.get("fitted_on"))
    sign_check = card_part(card.get("sign_check"))
    in_folds = {str(name): folds for name, folds in
                card_part(sign_check.get("dropped_in_cross_validation_folds")).items()}
    dropped = tuple(_dropped_row(row, in_folds) for row in _rows(sign_check.get("dropped")))
    checked = card_part(card.get("cross_validated"))
    overall = card_part(checked.get("overall"))
    figures, gaps = _evaluated(checked, "all labelled articles", "all labelled outlets")
    return CardView(
        version=_text(card.get("weights_version")),
        trained=_text(card.get("trained")),
        fitted_on=_fitted_on(fitted),
        labels=_text(fitted.get("labels")),
        datasets=tuple(
            DatasetRow(str(name), number(row.get("articles"), "d"),
                       number(row.get("reliable"), "d"), number(row.get("outlets"), "d"))
            for name, row in ((name, card_part(row)) for name, row in
                              card_part(fitted.get("datasets")).items())
        ),
        left_out=tuple((str(what), number(count, "d"))
                       for what, count in card_part(fitted.get("left_out")).items()
                       if is_number(count) and count),
        method=_method(card_part(card.get("method"))),
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
            for row in _rows(card_part(checked.get("outlets")).get("by_outlet"))
        ),
        reproduce=tuple(line for line in _list(card.get("reproduce")) if isinstance(line, str)),
        rated=_is_rated(fitted),
        shares=tuple(_share_row(row) for row in _rows(card.get("contribution_shares"))),
        ranking=ranking_view(checked.get("outlet_ranking")),
        held_out=tuple(_held_out(str(name), part)
                       for name, part in ((name, card_part(part)) for name, part in
                                          card_part(card.get("held_out")).items())
                       if part),
    )
