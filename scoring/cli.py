"""The ``reliability`` command.

- ``reliability run PATH... [--out DIR] [--db URL] [--keep N]``: the Prefect flow; writes a
  report folder and records the run in the history database.
- ``reliability explain PATH... [--json]``: the analysis without Prefect, printed.
- ``reliability serve PATH... --cron "0 6 * * *"``: serve the flow on a schedule.
- ``reliability history [--out DIR | --db URL]``: each source's score over past runs.
- ``reliability train LABELS [PATH...] [--out DIR]``: fit the model on labelled articles, write
  the weights and the model card.
- ``reliability fit hedging --train CSV`` / ``fit attribution --train DIR``: refit a detector's
  model file in the package.
- ``reliability eval polnear DIR`` / ``eval weasel CSV`` / ``eval labels LABELS PATH...`` /
  ``eval outlets RATINGS PATH...`` /
  ``eval extraction DIR``: quality on labelled data.

Prefect is imported only by the commands that need it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace

from scoring import __version__
from scoring.cache import DEFAULT_FOLDER as DEFAULT_CACHE
from scoring.cache import AnalysisCache
from scoring.config import load_config
from scoring.model import ReliabilityModel, load_model
from scoring.pipeline import analyze_in_processes, score_analyses
from scoring.training import FitSettings
from scoring.types import Article, ScoredArticle, Skipped
from scoring.web.pages import iter_all_inputs


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if hasattr(args, "sources"):
        _check_inputs(parser, args)
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reliability",
        description="Explainable reliability scores for news sources, with the evidence.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="score articles with the Prefect flow, write a report")
    _inputs(run)
    run.add_argument("--out", default="reports", help="report folder (default: reports)")
    _workers(run)
    _kept(run)
    run.set_defaults(handler=_run)

    explain = commands.add_parser("explain", help="analyse articles without Prefect and print")
    _inputs(explain)
    explain.add_argument("--json", action="store_true", help="print JSON with every span")
    _workers(explain, cluster=False)
    explain.set_defaults(handler=_explain)

    train = commands.add_parser(
        "train", help="fit the model on labelled articles; write weights and model card")
    train.add_argument("labels", metavar="LABELS",
                       help="CSV/TSV with a label column and a path, source or domain column")
    train.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to read (default: the paths listed in LABELS)")
    train.add_argument("--out", default="model",
                       help="folder for weights.toml, model_card.md and model_card.json "
                            "(default: model)")
    train.add_argument("--version", dest="model_version", default=None,
                       help="version name written into the weights (default: fitted-DATE)")
    train.add_argument("--min-support", type=int, default=FitSettings.min_support,
                       help="fit a feature only if this many articles of each label have it "
                            f"(default {FitSettings.min_support})")
    train.add_argument("--rating", default=None, metavar="COLUMN",
                       help="LABELS holds outlet ratings in COLUMN (0-1, or 0-100) instead of "
                            "labels: fit source scores to rank outlets (e.g. lin_pc1)")
    train.add_argument("--threshold", type=float, default=0.6,
                       help="with --rating: the rating (as a share of the scale) from which an "
                            "outlet counts as reliable in the figures and bands (default 0.6)")
    train.add_argument("--repeats", type=int, default=1, metavar="N",
                       help="with --rating: also cross-validate on the folds of the next N-1 "
                            "seeds; the model card gives each figure and their spread "
                            "(default 1)")
    train.add_argument("--rating-values", action="store_true",
                       help="with --rating: aim each article at its outlet's rating itself "
                            "rather than at the outlet's rank among the training outlets")
    _cache_options(train)
    train.add_argument("--folds", type=int, default=FitSettings.folds)
    train.add_argument("--seed", type=int, default=FitSettings.seed)
    train.add_argument("--config", default=None, help="settings TOML file")
    train.set_defaults(handler=_train)

    evaluate = commands.add_parser(
        "eval", help="measure quality on public labelled data (polnear DIR, weasel CSV, "
                     "labels LABELS PATH..., outlets RATINGS PATH..., extraction DIR)",
        add_help=False)
    evaluate.add_argument("dataset", choices=sorted(_EVALUATIONS))
    evaluate.add_argument("rest", nargs=argparse.REMAINDER)
    evaluate.set_defaults(handler=_evaluate)

    fit = commands.add_parser(
        "fit", help="fit a detector's model on public labelled data and write it into the "
                    "package (hedging --train CSV, attribution --train DIR)", add_help=False)
    fit.add_argument("detector", choices=sorted(_FITS))
    fit.add_argument("rest", nargs=argparse.REMAINDER)
    fit.set_defaults(handler=_fit)

    history = commands.add_parser(
        "history", help="print each source's score over past runs (from the history database)")
    _history_arguments(history)
    history.set_defaults(handler=_history)

    serve = commands.add_parser("serve", help="serve the flow on a cron schedule "
                                              "(needs a running Prefect server)")
    _inputs(serve)
    serve.add_argument("--out", default="reports")
    serve.add_argument("--cron", required=True, help='cron schedule, e.g. "0 6 * * *"')
    serve.add_argument("--name", default="scheduled", help="deployment name")
    _workers(serve)
    _kept(serve)
    serve.set_defaults(handler=_serve)
    return parser


def _history_arguments(command: argparse.ArgumentParser) -> None:
    from scoring.history import cli as history_cli  # SQLAlchemy and Alembic: only when asked

    history_cli.add_arguments(command)


def _history(args: argparse.Namespace) -> int:
    from scoring.history import cli as history_cli

    return history_cli.run(args)


def _cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--cache", default=DEFAULT_CACHE, metavar="DIR",
                         help="keep parses and analyses here, so that a refit or a re-run "
                              f"never analyses an article twice (default {DEFAULT_CACHE})")
    command.add_argument("--no-cache", action="store_true", help="analyse everything afresh")


def open_cache(args: argparse.Namespace) -> AnalysisCache | None:
    """The analysis cache the options name, or ``None`` with ``--no-cache``."""
    return None if args.no_cache else AnalysisCache(args.cache)


def _workers(command: argparse.ArgumentParser, *, cluster: bool = True) -> None:
    command.add_argument("--workers", type=int, default=None, metavar="N",
                         help="worker processes (default: the settings file's, else one per "
                              "core; 1: all in this process)")
    if cluster:
        command.add_argument("--dask-address", default=None, metavar="tcp://HOST:PORT",
                             help="analyse on this existing Dask cluster (needs a Prefect "
                                  "server: PREFECT_API_URL)")


def _kept(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", default=None, metavar="URL",
                         help="the history database (SQLAlchemy URL, e.g. sqlite:///h.sqlite or "
                              "postgresql+psycopg://user@host/db; default: OUT/history.sqlite)")
    command.add_argument("--keep", type=int, default=None, metavar="N",
                         help="keep only the newest N report folders (the history keeps "
                              "every run; default: keep all)")


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders (.txt .md .html .htm .jsonl .csv, each also .gz), "
                              ".urls files (one URL per line), article or feed URLs")
    command.add_argument("--sources", default="", metavar="FILE",
                         help="sources.toml: outlets with their feeds, sitemaps and URL lists")
    command.add_argument("--since", default="", metavar="DATE",
                         help="only articles published on or after DATE (YYYY-MM-DD); with "
                              "--sources, default: the last successful run")
    command.add_argument("--report-since", default="", metavar="DATE",
                         help="with --sources: also report the outlets' articles that earlier "
                              "runs fetched, published on or after DATE (from the cache)")
    command.add_argument("--config", default=None, help="settings TOML file")


def _check_inputs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not args.paths and not args.sources:
        parser.error("give at least one PATH or URL, or --sources FILE")
    if args.sources:
        from scoring.web.sources import load_sources

        try:
            load_sources(args.sources)  # a mistake in the file is told before anything runs
        except (OSError, ValueError) as error:
            parser.error(f"--sources {args.sources}: {getattr(error, 'strerror', None) or error}")


def _run(args: argparse.Namespace) -> int:
    import flows  # noqa: F401 - sets Prefect's offline defaults before Prefect is imported
    from flows.score_flow import run_reliability

    started = time.perf_counter()
    try:
        folder = run_reliability(paths=list(args.paths), out=args.out, config_path=args.config,
                                 sources=args.sources, since=args.since,
                                 report_since=args.report_since, workers=args.workers,
                                 dask_address=args.dask_address, db=args.db, keep=args.keep)
    except ValueError as error:
        print(f"reliability run: {error}", file=sys.stderr)
        return 2
    with open(f"{folder}/run.json", encoding="utf-8") as handle:
        record = json.load(handle)
    counts = record["counts"]
    print(summary_line(counts["scored"], counts["found"], counts["sources"],
                       time.perf_counter() - started, reused=counts["reused"]))
    print(f"Report: {folder}/index.html")
    return 0 if counts["scored"] else 1


def summary_line(scored: int, found: int, sources: int, seconds: float, *,
                 reused: int = 0) -> str:
    """The one line every command ends with; the skipped inputs are listed in ``run.json``."""
    kept = f"; {reused} analysed by an earlier run" if reused else ""
    return (f"Scored {scored} of {found} inputs from {sources} source{'s' * (sources != 1)} "
            f"({found - scored} skipped{kept}) in {seconds:.1f} s.")


_EVALUATIONS = {
    "extraction": "scoring.evaluation.extraction",
    "labels": "scoring.evaluation.labels",
    "outlets": "scoring.evaluation.outlets",
    "polnear": "scoring.evaluation.polnear",
    "weasel": "scoring.evaluation.weasel",
}


_FITS = {
    "attribution": "scoring.evaluation.fit_attribution",
    "hedging": "scoring.evaluation.fit_hedging",
}


def _evaluate(args: argparse.Namespace) -> int:
    """``reliability eval DATASET ARGS...``: each evaluation module parses its own arguments."""
    return _delegate(_EVALUATIONS[args.dataset], args.rest)


def _fit(args: argparse.Namespace) -> int:
    """``reliability fit DETECTOR ARGS...``: each fitting module parses its own arguments."""
    return _delegate(_FITS[args.detector], args.rest)


def _delegate(module: str, argv: Sequence[str]) -> int:
    import importlib

    return importlib.import_module(module).main(argv)


def _train(args: argparse.Namespace) -> int:
    """Fit on the labels, cross-validate the same procedure, write weights and model card."""
    from datetime import UTC, datetime

    from scoring.evaluation.outlets import over_fold_seeds
    from scoring.labels import labelled_paths, read_labels
    from scoring.model import load_weights
    from scoring.modelcard import build_card, write_model
    from scoring.training import (
        cross_validate,
        derive_bands,
        derive_outlet_bands,
        evaluation,
        fit_weights,
        load_training_set,
    )

    started = time.perf_counter()
    try:
        config = load_config(args.config)
        labels = read_labels(args.labels, rating=args.rating, threshold=args.threshold)
        paths = list(args.paths) or labelled_paths(labels)
        base = load_weights(config.weights_path or None)
        settings = FitSettings(min_support=args.min_support, folds=args.folds, seed=args.seed,
                               rank_targets=not args.rating_values)
        print(f"Reading and analysing the labelled articles under {len(paths)} path(s)...",
              file=sys.stderr)
        loaded = load_training_set(paths, labels, config, ReliabilityModel(base),
                                   open_cache(args), threshold=args.threshold)
        data = loaded.data
        print(f"Cross-validating on {len(data)} articles...", file=sys.stderr)
        validation = cross_validate(data, base, settings)
        bands = (derive_outlet_bands(validation.scores, data) if data.rated
                 else derive_bands(validation.scores, data.reliable))
        figures = evaluation(validation.scores, data, bands)
        if data.rated and args.repeats > 1:
            print(f"Cross-validating on the folds of {args.repeats - 1} more seeds...",
                  file=sys.stderr)
            figures["fold_seeds"] = over_fold_seeds(data, base, settings, args.repeats,
                                                    validation.scores)
        version = args.model_version or f"fitted-{datetime.now(UTC).date().isoformat()}"
        fit = fit_weights(data, replace(base, bands=bands), settings, version)
    except (OSError, ValueError) as error:
        print(f"reliability train: {error}", file=sys.stderr)
        return 2
    command = " ".join(["reliability train", args.labels, *args.paths,
                        *(["--rating", args.rating, "--threshold", f"{args.threshold:g}"]
                          if args.rating else []),
                        *(["--repeats", str(args.repeats)] if args.repeats > 1 else []),
                        "--out", args.out, "--version", version])
    card = build_card(fit, data, figures, validation.dropped,
                      validation.folds, settings, labels_file=args.labels, inputs=paths,
                      left_out={"unlabelled articles": loaded.unlabelled,
                                "labels matching no article": loaded.unused_labels,
                                "inputs skipped": len(loaded.skipped)},
                      reproduce=[command])
    written = write_model(args.out, fit.weights, card)
    overall = card["cross_validated"]["overall"]
    ranking = card["cross_validated"].get("outlet_ranking")
    figure = (f"outlet Spearman {ranking['spearman']} over {ranking['outlets']} outlets, "
              f"outlet ROC AUC {ranking['roc_auc']}" if ranking else
              f"ROC AUC {overall['roc_auc']}, macro-F1 {overall['macro_f1']}")
    print(f"Fitted {version} on {len(data)} articles; cross-validated {figure}; "
          f"{len(fit.dropped)} feature(s) dropped by the sign check "
          f"({time.perf_counter() - started:.1f} s).")
    for path in written:
        print(f"Wrote {path}")
    print(f"Use it: weights_path = \"{args.out}/weights.toml\" in a --config file.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import flows  # noqa: F401 - sets Prefect's offline defaults before Prefect is imported
    from flows.score_flow import served_flow

    try:
        flow_, workers = served_flow(args.config, args.workers, args.dask_address)
        load_config(args.config, history_url=args.db, keep_reports=args.keep)  # checked now
    except ValueError as error:
        print(f"reliability serve: {error}", file=sys.stderr)
        return 2
    flow_.serve(
        name=args.name,
        cron=args.cron,
        parameters={"paths": list(args.paths), "out": args.out, "config_path": args.config,
                    "sources": args.sources, "since": args.since,
                    "report_since": args.report_since, "workers": workers,
                    "dask_address": args.dask_address, "db": args.db, "keep": args.keep},
    )
    return 0


def _explain(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config = load_config(args.config)
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in iter_all_inputs(args.paths, config, sources_file=args.sources, since=args.since,
                                report_since=args.report_since):
        (articles if isinstance(item, Article) else skipped).append(item)
    if args.workers is not None:
        config = replace(config, workers=args.workers)
    analyses, failed = analyze_in_processes(articles, config)
    skipped.extend(failed)
    scored = score_analyses(analyses, config, load_model(config.weights_path))
    if args.json:
        json.dump(explain_json(scored, skipped), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_explanation(scored, skipped)
    # on stderr: stdout may be JSON for another program
    print(summary_line(len(scored), len(scored) + len(skipped),
                       len({s.article.source for s in scored}), time.perf_counter() - started),
          file=sys.stderr)
    return 0 if scored else 1


def explain_json(scored: Sequence[ScoredArticle], skipped: Sequence[Skipped]) -> dict:
    """The documented JSON shape of ``reliability explain --json``."""
    return {
        "articles": [
            {
                "id": item.article.id,
                "path": item.article.path,
                "source": item.article.source,
                "title": item.article.title,
                "text": item.article.text,
                "score": item.score,
                "baseline": item.baseline,
                "features": item.analysis.features,
                "contributions": item.contributions,
                "sentences": [{"start": s.start, "end": s.end, "label": s.label,
                               "sources": list(s.sources)} for s in item.analysis.sentences],
                "named_sources": [{"name": s.name, "kind": s.kind,
                                   "mentions": [list(m) for m in s.mentions]}
                                  for s in item.analysis.named_sources],
                "evidence": [{"feature": e.feature, "start": e.start, "end": e.end,
                              "label": e.label, "note": e.note} for e in item.analysis.evidence],
                **_corpus_json(item),
            }
            for item in scored
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
    }


def _corpus_json(item: ScoredArticle) -> dict:
    """Originality, story, shared passages and checked facts of one article, for the JSON."""
    found = item.corpus
    if found is None:
        return {}
    return {
        "originality": found.originality,
        "story": found.story,
        "passages": [asdict(p) for p in found.passages],
        "facts": [{**asdict(c.fact), "status": c.status, "others": list(c.others)}
                  for c in found.facts],
    }


def _print_explanation(scored: Sequence[ScoredArticle], skipped: Sequence[Skipped]) -> None:
    from scoring.report.aggregate import main_reasons

    for item in sorted(scored, key=lambda s: -s.score):
        article = item.article
        level = f"  [{item.corpus.originality}]" if item.corpus else ""
        print(f"{item.score:5.1f}  {article.source}  {article.title or article.path}{level}")
        for reason in main_reasons(item.contributions, item.analysis.features, 4):
            print(f"       {reason}")
    for skip in skipped:
        print(f"skipped {skip.path}: {skip.reason}")


if __name__ == "__main__":
    raise SystemExit(main())
