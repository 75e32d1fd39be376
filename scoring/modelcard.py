"""The model card: what a fitted model's weights mean, what it was fitted on, how well it did.

:func:`build_card` makes the card as a JSON-ready dict; :func:`card_markdown` renders it, and
:func:`figures_markdown` renders the figures of one evaluation (also printed by
``reliability eval labels``). :func:`write_model` writes the weights file and both cards.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from scoring.features.specs import FEATURES
from scoring.model import CARD_NAME, FeatureWeight, ReliabilityModel, Weights, weights_toml
from scoring.training import Fit, FitSettings, TrainingSet

SOURCING_FAMILIES = ("attribution", "sources")
"""The families of the features this tool was built around: who a claim is credited to."""

DIRECTIONS = {1: "higher is more reliable", -1: "lower is more reliable", 0: "context only"}


def build_card(fit: Fit, data: TrainingSet, figures: Mapping[str, object],
               cv_dropped: Mapping[str, int], folds: int, settings: FitSettings,
               *, labels_file: str, inputs: Sequence[str], left_out: Mapping[str, int],
               reproduce: Sequence[str] = ()) -> dict[str, object]:
    """The card of ``fit``: fitted on ``data``, with cross-validated ``figures``."""
    weights = fit.weights
    by_name = {f.name: f for f in weights.features}
    datasets: dict[str, dict[str, int]] = {}
    for name in sorted(set(data.datasets.tolist())):
        rows = data.datasets == name
        datasets[name or "(none)"] = {
            "articles": int(rows.sum()), "reliable": int(data.reliable[rows].sum()),
            "outlets": len({o for o in data.outlets[rows].tolist() if o})}
    rated = data.rated
    outlets = len({o for o in data.outlets.tolist() if o})
    if rated:
        target = ("its outlet's rank among the training outlets as a soft target "
                  "(cross-entropy with the outlet's percentile, rank / (outlets + 1))"
                  if settings.rank_targets else
                  "its outlet's rating as a soft target (cross-entropy with the rating as a "
                  "share of its scale)")
        model_text = ("features clipped to [floor, cap], standardised (training mean and "
                      "standard deviation), L2-regularised logistic regression fitted to each "
                      f"article's {target}, every outlet weighing the same whatever its "
                      "article count, so that the mean of an outlet's article scores (its "
                      "source score in the report) follows its rating")
    else:
        model_text = ("features clipped to [floor, cap], standardised (training mean and "
                      "standard deviation), L2-regularised logistic regression with each outlet "
                      "(or lone article) weighing the same and both labels weighted equally")
    return {
        "weights_version": weights.version,
        "trained": datetime.now(UTC).date().isoformat(),
        "fitted_on": {
            "labels": labels_file, "inputs": list(inputs), "articles": len(data),
            "reliable": int(data.reliable.sum()),
            "not_reliable": int(len(data) - data.reliable.sum()),
            "outlets": outlets,
            "articles_without_outlet": int((data.outlets == "").sum()),
            "rated_outlets": outlets if rated else 0,
            "threshold": data.threshold if rated else None,
            "datasets": datasets, "left_out": dict(left_out)},
        "contribution_shares": contribution_shares(weights, data),
        "method": {
            "model": model_text,
            "c": fit.c, "c_grid": list(settings.c_grid), "min_support": settings.min_support,
            "rank_targets": settings.rank_targets if rated else None,
            "cross_validation": f"{folds} folds, stratified, grouped by outlet (an outlet's "
                                "articles are never in training and testing at once; an "
                                "article of unknown outlet is its own group); the whole "
                                "fitting procedure, sign check included, runs in every fold",
            "seed": settings.seed},
        "intercept": weights.intercept,
        "weights": [
            {"name": f.name, "label": FEATURES[f.name].label,
             "meaning": FEATURES[f.name].description,
             "documented_direction": DIRECTIONS[FEATURES[f.name].direction],
             "status": f.status, "weight": round(f.weight, 4),
             "first_fit_weight": None if f.first_weight is None else round(f.first_weight, 4),
             "support": f.support, "center": round(by_name[f.name].center, 4),
             "scale": round(by_name[f.name].scale, 4), "cap": by_name[f.name].cap,
             "floor": by_name[f.name].floor,
             "reads": weight_sentence(by_name[f.name])}
            for f in fit.features],
        "sign_check": {
            "dropped": [{"name": f.name, "label": FEATURES[f.name].label,
                         "weight_when_dropped": round(f.first_weight or 0.0, 4),
                         "reason": f.reason,
                         "documented_direction": DIRECTIONS[FEATURES[f.name].direction]}
                        for f in fit.dropped],
            "dropped_in_cross_validation_folds": dict(cv_dropped)},
        "bands": [{"name": b.name, "min_score": b.min_score, "meaning": b.meaning}
                  for b in weights.bands],
        "cross_validated": dict(figures),
        "reproduce": list(reproduce),
    }


def contribution_shares(weights: Weights, data: TrainingSet) -> list[dict[str, object]]:
    """How much of the score each feature family moves, on the training articles: the mean
    size of its contributions in points, and its share of all contributions' sizes. A family
    whose share is 0 carries no weight, and the card says so."""
    model = ReliabilityModel(weights)
    scores = model.score_many(data.features.to_dict("records"))
    by_family: dict[str, float] = {}
    for score in scores:
        for name, points in score.contributions.items():
            family = FEATURES[name].family
            by_family[family] = by_family.get(family, 0.0) + abs(points)
    total = sum(by_family.values()) or 1.0
    count = max(len(scores), 1)
    return [{"family": family, "mean_points": round(value / count, 3),
             "share": round(value / total, 3)}
            for family, value in sorted(by_family.items(), key=lambda item: -item[1])]


def weight_sentence(feature: FeatureWeight) -> str:
    """One plain sentence saying what a weight does to the score."""
    spec = FEATURES[feature.name]
    if feature.weight == 0.0:
        return f"{spec.label.capitalize()}: no effect on the score."
    way = "raises" if feature.weight > 0 else "lowers"
    floor = (f" Below {spec.format(feature.floor)} it counts as {spec.format(feature.floor)}."
             if feature.floor else "")
    return (f"More {spec.label} {way} the score: each {spec.format(feature.scale)} above "
            f"{spec.format(feature.center)} moves the log-odds by {feature.weight:+.2f} "
            f"(up to {spec.format(feature.cap)}).{floor}")


def card_markdown(card: Mapping[str, object]) -> str:
    """The card as a markdown page."""
    fitted_on, method = card["fitted_on"], card["method"]
    if fitted_on.get("rated_outlets"):
        what = (f"Fitted {card['trained']} on {fitted_on['articles']} articles of "
                f"{fitted_on['rated_outlets']} outlets rated by experts "
                f"({fitted_on['reliable']} articles of outlets rated "
                f"{fitted_on['threshold']:g} or more). Ratings: `{fitted_on['labels']}`.")
    else:
        what = (f"Fitted {card['trained']} on {fitted_on['articles']} labelled articles "
                f"({fitted_on['reliable']} reliable, {fitted_on['not_reliable']} not) from "
                f"{fitted_on['outlets']} known outlets and "
                f"{fitted_on['articles_without_outlet']} articles of unknown outlet. Labels: "
                f"`{fitted_on['labels']}`.")
    lines = [f"# Model card: reliability weights {card['weights_version']}", "", what, "",
             "| dataset | articles | reliable | outlets |", "|---|---|---|---|"]
    lines += [f"| {name} | {d['articles']} | {d['reliable']} | {d['outlets']} |"
              for name, d in fitted_on["datasets"].items()]
    left_out = ", ".join(f"{k}: {v}" for k, v in fitted_on["left_out"].items() if v)
    if left_out:
        lines += ["", f"Left out: {left_out}."]
    lines += ["", "## Model", "", f"{method['model'].capitalize()}; C = {method['c']} (chosen "
              f"from {method['c_grid']} by grouped cross-validated log-loss). Features non-zero in "
              f"fewer than {method['min_support']} training articles of either label keep their "
              "hand-set weights. "
              f"Intercept {card['intercept']:+.3f}.", "",
              "## Weights", "",
              "Weights are log-odds per standard unit (`scale`) above the centre. A contribution "
              "in a report is the feature's share of the score's distance from the baseline.", "",
              "| feature | documented | weight | status | what it does |", "|---|---|---|---|---|"]
    for w in card["weights"]:
        first = (f" (first fit {w['first_fit_weight']:+.3f})"
                 if w["status"] == "dropped" else "")
        lines.append(f"| {w['label']} (`{w['name']}`) | {w['documented_direction']} | "
                     f"{w['weight']:+.3f}{first} | {w['status']} | {w['reads']} |")
    shares = card.get("contribution_shares") or []
    if shares:
        lines += ["", "## What moves the score", "",
                  "Mean size of each feature family's contributions on the training articles, "
                  "in score points, and its share of all contributions. A family at 0 carries no "
                  "weight: it is reported as evidence only.", "",
                  "| family | mean points | share |", "|---|---|---|"]
        lines += [f"| {row['family']} | {row['mean_points']:.2f} | {row['share']:.0%} |"
                  for row in shares]
        sourcing = sum(row["share"] for row in shares if row["family"] in SOURCING_FAMILIES)
        points = sum(row["mean_points"] for row in shares if row["family"] in SOURCING_FAMILIES)
        lines += ["", f"**Attribution and sourcing** (the attribution and sources families) move "
                  f"{sourcing:.0%} of the score, {points:.1f} points per article on average"
                  + (": they carry no weight." if points == 0 else
                     ": little weight, most of the score comes from the other families."
                     if sourcing < 0.2 else ".")]
    sign = card["sign_check"]
    lines += ["", "## Sign check", ""]
    if sign["dropped"]:
        lines.append("These features came out against their documented direction (or, for "
                     "anonymous sourcing, cost more than no source at all) and were "
                     "dropped (weight 0), each with the weight it had in the first fit; the rest "
                     "were refitted without them:")
        lines += [""] + [f"- {d['label']} (`{d['name']}`): {d['weight_when_dropped']:+.3f}, "
                         f"documented {d['documented_direction']}"
                         + (f"; dropped because {d['reason']}" if d.get("reason") else "")
                         for d in sign["dropped"]]
    else:
        lines.append("Every fitted weight has its documented sign.")
    folds = sign["dropped_in_cross_validation_folds"]
    if folds:
        lines += ["", "Dropped in cross-validation folds: " + ", ".join(
            f"`{name}` {count}" for name, count in sorted(folds.items())) + "."]
    lines += ["", "## Cross-validated figures", "", method["cross_validation"].capitalize() + ".",
              ""]
    ranking = card["cross_validated"].get("outlet_ranking")
    if ranking:
        lines += [ranking_markdown(ranking), ""]
    if card["cross_validated"].get("fold_seeds"):
        lines += [fold_seeds_markdown(card["cross_validated"]["fold_seeds"]), ""]
    lines += [figures_markdown(card["cross_validated"], card["bands"])]
    for name, figures in (card.get("held_out") or {}).items():
        lines += [f"## Held out: {name}", "", str(figures.get("about", "")), ""]
        if figures.get("outlet_ranking"):
            lines += [ranking_markdown(figures["outlet_ranking"]), ""]
        if figures.get("overall"):
            lines += [figures_markdown(figures, card["bands"])]
    if card.get("reproduce"):
        lines += ["## Reproduce", "", "```sh", *card["reproduce"], "```", ""]
    return "\n".join(lines)


def figures_markdown(figures: Mapping[str, object], bands: Sequence[Mapping[str, object]]) -> str:
    """Tables for one evaluation: separation, calibration by band, outlets."""
    rows = [("all", figures["overall"])] + list(figures.get("by_dataset", {}).items())
    lines = ["| data | articles | reliable | ROC AUC (95% CI) | macro-F1 | accuracy |",
             "|---|---|---|---|---|---|"]
    for name, f in rows:
        auc = (f"{f['roc_auc']:.3f} ({f['roc_auc_ci95'][0]:.3f}-{f['roc_auc_ci95'][1]:.3f})"
               if f.get("roc_auc") is not None else "n/a (one label)")
        f1 = f"{f['macro_f1']:.3f}" if f.get("macro_f1") is not None else "n/a"
        accuracy = f"{f['accuracy']:.3f}" if f.get("accuracy") is not None else "n/a"
        lines.append(f"| {name} | {f['articles']} | {f['reliable']} | {auc} | {f1} | "
                     f"{accuracy} |")
    threshold = figures["overall"]["threshold"]
    unit = figures.get("calibration_unit", "articles")
    lines += ["", f"Macro-F1 and accuracy call an article reliable at a score of {threshold} or "
              "more, where the band 'generally reliable' starts.", "",
              f"**Calibration** (share of labelled {unit} that are reliable, per band):", "",
              f"| band | scores | {unit} | share reliable | band meaning |",
              "|---|---|---|---|---|"]
    meanings = {b["name"]: b["meaning"] for b in bands}
    for row in figures["calibration"]:
        share = f"{row['share_reliable']:.0%}" if row["share_reliable"] is not None else "-"
        lines.append(f"| {row['band']} | {row['from']:g}-{row['to']:g} | {row['articles']} | "
                     f"{share} | {meanings.get(row['band'], '')} |")
    outlet_rows = [("all", figures.get("outlets"))] + [
        (name, f.get("outlets")) for name, f in figures.get("by_dataset", {}).items()]
    outlet_rows = [(name, gap) for name, gap in outlet_rows if gap]
    if outlet_rows:
        lines += ["", "**Outlets**: mean score of outlets rated reliable minus the others' "
                  "(an outlet's score is its articles' mean; 95% interval from resampling "
                  "outlets):", "",
                  "| data | outlets rated reliable / not | mean score, reliable | mean score, "
                  "not | gap (95% CI) |", "|---|---|---|---|---|"]
        lines += [f"| {name} | {g['outlets_reliable']} / {g['outlets_other']} | "
                  f"{g['mean_reliable']} | {g['mean_other']} | {g['gap']:+.1f} "
                  f"({g['gap_ci95'][0]:+.1f} to {g['gap_ci95'][1]:+.1f}) |"
                  for name, g in outlet_rows]
    return "\n".join(lines) + "\n"


def fold_seeds_markdown(repeated: Mapping[str, object]) -> str:
    """:func:`scoring.evaluation.outlets.repeated_figures` as a sentence and a table."""
    rho, auc, seeds = repeated["spearman"], repeated["roc_auc"], repeated["seeds"]
    return "\n".join([
        f"Cross-validated again on the folds of {len(seeds)} seeds ({seeds[0]} to {seeds[-1]}): "
        f"Spearman mean {rho['mean']} ({rho['min']} to {rho['max']}), outlet ROC AUC mean "
        f"{auc['mean']} ({auc['min']} to {auc['max']}).",
        "", "| seed | Spearman | outlet ROC AUC |", "|---|---|---|",
        *(f"| {s} | {r} | {a} |" for s, r, a in zip(seeds, rho["each"], auc["each"],
                                                      strict=True))])


def ranking_markdown(ranking: Mapping[str, object]) -> str:
    """The outlet-ranking figures (:func:`scoring.evaluation.outlets.outlet_figures`) as tables:
    the correlations, the ROC AUC, the leaning check, the worst-ranked outlets, every outlet."""
    def interval(values: object) -> str:
        return f" ({values[0]:.3f} to {values[1]:.3f})" if isinstance(values, list) else ""

    def value(number: object, spec: str = ".3f") -> str:
        return format(number, spec) if isinstance(number, int | float) else "n/a"

    lines = [f"**Outlet ranking**: {ranking['outlets']} outlets, each scored as the report "
             "scores a source (the mean of its articles' scores), against its rating.", "",
             "| figure | value |", "|---|---|",
             f"| Spearman rank correlation (95% CI over outlets) | "
             f"{value(ranking['spearman'])}{interval(ranking.get('spearman_ci95'))} |",
             f"| Pearson correlation | {value(ranking.get('pearson'))} |"]
    if ranking.get("threshold") is not None:
        lines.append(f"| outlet ROC AUC, rated {ranking['threshold']:g} or more "
                     f"({ranking.get('at_or_above')} outlets) against the others "
                     f"({ranking.get('below')}) | {value(ranking.get('roc_auc'))}"
                     f"{interval(ranking.get('roc_auc_ci95'))} |")
    leaning = ranking.get("by_leaning")
    if leaning:
        lines += ["", "**Not a proxy for politics**: correlation with political leaning (left "
                  "-1, center 0, right +1), and the ranking within each leaning:", "",
                  "| | Spearman with leaning |", "|---|---|",
                  f"| outlet scores | {value(leaning['score_vs_leaning']['spearman'])} |",
                  f"| expert ratings | {value(leaning['rating_vs_leaning']['spearman'])} |", "",
                  "| leaning | outlets | Spearman, score vs rating | mean score | mean rating |",
                  "|---|---|---|---|---|"]
        lines += [f"| {name} | {g['n']} | {value(g['spearman'])} | "
                  f"{value(g['mean_score'], '.1f')} | {value(g['mean_rating'])} |"
                  for name, g in leaning["groups"].items()]
    lines += ["", "**Ranked furthest from their rating** (rank 1 = most reliable):", "",
              "| outlet | score | score rank | rating | rating rank |", "|---|---|---|---|---|"]
    lines += [f"| {r['outlet']} | {r['score']:.1f} | {r['score_rank']:g} | {r['rating']:.3f} | "
              f"{r['rating_rank']:g} |" for r in ranking["worst"]]
    lines += ["", "<details><summary>Every outlet</summary>", "",
              "| outlet | articles | score | rating | leaning |", "|---|---|---|---|---|"]
    lines += [f"| {r['outlet']} | {r['articles']} | {r['score']:.1f} | {r['rating']:.3f} | "
              f"{r.get('leaning') or ''} |" for r in ranking["table"]]
    lines += ["", "</details>"]
    return "\n".join(lines)


def write_model(folder: str | Path, weights: Weights, card: Mapping[str, object]) -> list[Path]:
    """Write ``weights.toml``, ``model_card.json`` and ``model_card.md`` into ``folder``, each
    replaced in one step (a reader never sees half a file; a card whose version does not match
    the weights is ignored when they are loaded)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    header = (f"Reliability model weights {weights.version}, fitted by `reliability train`.\n"
              "What each weight means and how well the model did: model_card.md beside this.\n"
              "A feature's value is clipped to [floor, cap] (floor 0 unless set), standardised\n"
              "as (value - center) / scale and multiplied by weight (log-odds);\n"
              "score = 100 * sigmoid(intercept + sum).")
    contents = {"weights.toml": weights_toml(weights, header),
                CARD_NAME: json.dumps(card, indent=1, ensure_ascii=False) + "\n",
                "model_card.md": card_markdown(card)}
    written = []
    for name, text in contents.items():
        final = folder / name
        partial = folder / f".{name}.tmp-{os.getpid()}"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, final)
        written.append(final)
    return written
