"""Measure the shipped model once on the data it was never fitted or tuned on, and write the
figures into its model card.

    .venv/bin/python -m benchmarks.held_out [--shared ../shared/data] [--model scoring]

The shipped model is fitted on ``allsides-dev`` only (``make model``). Two sets are held back:

- ``buzzfeed-webis``: 1,584 articles of September 2016 (another year, another mix of topics,
  six hyperpartisan Facebook pages) from 41 domains; the outlets that Lin et al. (2023) rate are
  ranked against their ``pc1`` (outlet level, the report's source score);
- ``horne2017-buzzfeed``: 101 real and fake 2016 political articles without outlets (article
  level: ROC AUC of real against fake).

Nothing here feeds back into the fit: no feature, setting or weight was chosen on these
figures. The card's ``held_out`` part and ``model_card.md`` are rewritten; the weights are not
touched.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pandas as pd

from benchmarks.make_labels import horne_rows, write
from scoring.cache import DEFAULT_FOLDER
from scoring.evaluation.labels import evaluate_labels
from scoring.evaluation.outlets import evaluate_outlets, outlet_figures
from scoring.ingest.records import registered_domain
from scoring.modelcard import card_markdown


def held_out_figures(shared: Path, weights: Path, cache: str) -> dict[str, object]:
    webis = evaluate_outlets(str(shared / "buzzfeed-webis" / "outlets.csv"),
                             [str(shared / "buzzfeed-webis" / "articles")], rating="lin_pc1",
                             weights_path=str(weights), cache_folder=cache)
    fitted = {registered_domain(o) for o in _csv_column(shared / "allsides-dev" / "outlets.csv",
                                                         "domain")}
    table = pd.DataFrame(webis["model"]["table"])
    unseen = table[~table.outlet.isin(fitted)]
    overlap = sorted(set(table.outlet) & fitted)
    unseen_figures = outlet_figures(unseen, threshold=0.6)
    labels = Path("build/labels/horne2017.csv")
    labels.parent.mkdir(parents=True, exist_ok=True)
    write(labels, horne_rows(shared))
    horne = evaluate_labels(str(labels), [], weights_path=str(weights))
    return {
        "buzzfeed-webis outlets": {
            "about": f"{webis['model']['outlets']} outlets of the BuzzFeed-Webis corpus "
                     "(September 2016, Potthast et al. 2018) rated by Lin et al. (2023) pc1, "
                     "scored with the shipped model (never fitted on them); reference: TF-IDF "
                     f"cross-validated on these outlets, Spearman "
                     f"{webis['reference']['spearman']}, outlet ROC AUC "
                     f"{webis['reference']['roc_auc']}. {len(overlap)} of them "
                     f"({', '.join(overlap)}) are also in allsides-dev, with other articles of "
                     f"other years; without them ({unseen_figures['outlets']} outlets never "
                     f"seen): Spearman {unseen_figures['spearman']} "
                     f"{unseen_figures['spearman_ci95']}, outlet ROC AUC "
                     f"{unseen_figures['roc_auc']}.",
            "outlet_ranking": webis["model"],
            "unseen_outlets_only": unseen_figures,
            "reference": webis["reference"]},
        "horne2017 real vs fake": {
            "about": f"{horne['overall']['articles']} 2016 political articles, real or fake "
                     "(Horne and Adali 2017), scored with the shipped model (never fitted on "
                     "them).",
            **{key: horne[key] for key in ("overall", "calibration", "by_dataset")}},
    }


def _csv_column(path: Path, column: str) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--model", default="scoring", help="folder of weights.toml and its card")
    parser.add_argument("--cache", default=DEFAULT_FOLDER)
    args = parser.parse_args()
    folder = Path(args.model)
    card_file = folder / "model_card.json"
    card = json.loads(card_file.read_text(encoding="utf-8"))
    card["held_out"] = held_out_figures(Path(args.shared), folder / "weights.toml", args.cache)
    card_file.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "model_card.md").write_text(card_markdown(card), encoding="utf-8")
    for name, figures in card["held_out"].items():
        ranking = figures.get("outlet_ranking")
        if ranking:
            print(f"{name}: Spearman {ranking['spearman']} {ranking['spearman_ci95']}, "
                  f"outlet ROC AUC {ranking['roc_auc']} over {ranking['outlets']} outlets")
        if figures.get("overall"):
            print(f"{name}: ROC AUC {figures['overall']['roc_auc']} "
                  f"{figures['overall'].get('roc_auc_ci95')}")
    print(f"Wrote the held-out figures into {card_file} and {folder / 'model_card.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
