"""How well the scores separate reliable from unreliable articles and outlets, on labelled data.

    reliability eval labels LABELS [PATH...] [--weights FILE] [--cross-validate] [--json]

LABELS is a ``path,label`` / ``source,label`` / ``domain,label`` file (see
:mod:`scoring.labels`). The articles under PATH... (by default, the files LABELS lists) that a
label matches are scored, by default
with the shipped model; ``--weights`` names another weights file. ``--cross-validate`` instead
fits the model on these labels with grouped cross-validation (as ``reliability train`` does) and
scores each article with a model that never saw its outlet.

Printed: ROC AUC (with a bootstrap 95% interval), macro-F1 and accuracy when 'reliable' means
the model's band 'generally reliable' or higher, a calibration table (share reliable per score
band), and, where two or more outlets of each label are known, the mean score of reliable
outlets minus the others' with a 95% interval from resampling outlets. With a ``dataset``
column, each dataset gets its own row.

A model scored on the labels it was fitted on (the shipped model on the shared data) gives
in-sample figures: the output says so when the weights' model card lists these articles.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from scoring.config import load_config
from scoring.evaluation import caveat_lines, print_report
from scoring.labels import labelled_paths, read_labels
from scoring.model import ReliabilityModel, Weights, load_weights
from scoring.modelcard import figures_markdown
from scoring.training import (
    FitSettings,
    cross_validate,
    derive_bands,
    evaluation,
    load_training_set,
)


def evaluate_labels(labels_file: str, paths: Sequence[str], *, config_path: str | None = None,
                    weights_path: str | None = None, cross_validated: bool = False,
                    settings: FitSettings | None = None) -> dict[str, object]:
    """The figures as a JSON-ready dict (see the module docstring)."""
    config = load_config(config_path)
    weights = load_weights(weights_path or config.weights_path or None)
    labels = read_labels(labels_file)
    paths = list(paths) or labelled_paths(labels)
    loaded = load_training_set(paths, labels, config, ReliabilityModel(weights))
    data = loaded.data
    if cross_validated:
        result = cross_validate(data, weights, settings)
        scores, bands = result.scores, derive_bands(result.scores, data.reliable)
        how = (f"cross-validated: {result.folds} folds grouped by outlet; bands derived from "
               "these out-of-fold scores")
    else:
        model = ReliabilityModel(weights)
        scores = np.array([s.score for s in model.score_many(data.features.to_dict("records"))])
        bands = weights.bands
        how = f"weights {weights.version}, as shipped or given"
    in_sample = 0 if cross_validated else in_sample_count(weights, data.paths)
    return {
        "labels": labels_file, "inputs": paths, "scored_with": how,
        "weights_version": weights.version, "in_sample_articles": in_sample,
        "left_out": {"unlabelled": loaded.unlabelled, "labels_unmatched": loaded.unused_labels,
                     "skipped": len(loaded.skipped)},
        "bands": [{"name": b.name, "min_score": b.min_score, "meaning": b.meaning}
                  for b in bands],
        **evaluation(scores, data, bands),
    }


def in_sample_count(weights: Weights, paths: Sequence[str]) -> int:
    """How many of ``paths`` are inputs (or inside inputs) that ``weights`` were fitted on, by
    its model card."""
    fitted_on = (weights.card or {}).get("fitted_on", {})
    seen = {os.path.realpath(p) for p in fitted_on.get("inputs", ())}
    return sum(1 for p in paths if _seen(p, seen))


def _seen(path: str, fitted_inputs: set[str]) -> bool:
    """Whether ``path`` is one of the (real) input paths, or inside one of them."""
    real = Path(os.path.realpath(path.split("#", 1)[0]))
    return any(str(folder) in fitted_inputs for folder in (real, *real.parents))


def as_markdown(report: dict[str, object]) -> str:
    overall = report["overall"]
    lines = [f"# Labelled evaluation: {report['labels']}", "",
             f"{overall['articles']} labelled articles ({overall['reliable']} reliable); scored "
             f"with {report['scored_with']}."]
    lines += caveat_lines(report, "see the model card for cross-validated figures, or add "
                                  "--cross-validate")
    lines += ["", figures_markdown(report, report["bands"])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reliability eval labels", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", help="LABELS file (CSV or TSV)")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to score (default: the files LABELS lists)")
    parser.add_argument("--weights", default=None, help="weights file (default: shipped model)")
    parser.add_argument("--cross-validate", action="store_true",
                        help="fit on these labels with grouped cross-validation instead")
    parser.add_argument("--min-support", type=int, default=FitSettings.min_support,
                        help="with --cross-validate: fit a feature only if this many articles "
                             f"of each label have it (default {FitSettings.min_support})")
    parser.add_argument("--config", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        report = evaluate_labels(args.labels, args.paths, config_path=args.config,
                                 weights_path=args.weights, cross_validated=args.cross_validate,
                                 settings=FitSettings(min_support=args.min_support))
    except (OSError, ValueError) as error:
        print(f"reliability eval labels: {error}", file=sys.stderr)
        return 2
    print_report(report, as_markdown(report), as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
