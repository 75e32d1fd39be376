"""The job as plain library calls: analyse articles, add batch features, score, summarise.

``flows/`` runs these same steps as Prefect tasks over batches; ``reliability explain`` calls them
directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from scoring import __version__
from scoring.config import Config
from scoring.corpus import with_corpus_features
from scoring.features import FEATURE_NAMES, run_families
from scoring.lexicons import lexicons_digest
from scoring.model import ReliabilityModel
from scoring.text import parse_text, parse_texts
from scoring.types import (
    Article,
    ArticleAnalysis,
    Evidence,
    ParsedText,
    ScoredArticle,
    Skipped,
)


def analyze_article(article: Article, config: Config) -> ArticleAnalysis:
    """Parse an article once and run every per-article feature family on it."""
    return analyze_parsed(article, parse_text(article.text, title=article.title, config=config),
                          config)


def analyze_parsed(article: Article, parsed: ParsedText, config: Config) -> ArticleAnalysis:
    """Run every per-article feature family on an already parsed article."""
    features = dict.fromkeys(FEATURE_NAMES, 0.0)
    evidence: list[Evidence] = []
    sentences: tuple = ()
    named_sources: tuple = ()
    for result in run_families(parsed, config):
        for feature in result.features:
            features[feature.name] = feature.value
            evidence.extend(feature.evidence)
        sentences = sentences or result.sentences
        named_sources = named_sources or result.named_sources
    evidence = list(dict.fromkeys(evidence))
    evidence.sort(key=lambda e: (e.start, e.end, e.feature, e.label))
    if not article.title and parsed.title is not None:
        # a plain text file's headline is its first line: show it as the title
        article = replace(article, title=parsed.text[parsed.title.start : parsed.title.end])
    return ArticleAnalysis(article, features, tuple(evidence), sentences, named_sources)


def analyze_articles(articles: Iterable[Article],
                     config: Config) -> tuple[list[ArticleAnalysis], list[Skipped]]:
    """Analyse each article (parsed in batches); one that fails is skipped with its reason and
    the rest go on."""
    articles = list(articles)
    try:
        parsed_all = list(parse_texts(((a.text, a.title) for a in articles), config=config))
    except Exception:  # noqa: BLE001 - find the article that broke the batch, one at a time
        parsed_all = [None] * len(articles)
    analyses: list[ArticleAnalysis] = []
    skipped: list[Skipped] = []
    for article, parsed in zip(articles, parsed_all, strict=True):
        try:
            if parsed is None:
                parsed = parse_text(article.text, title=article.title, config=config)
            analyses.append(analyze_parsed(article, parsed, config))
        except Exception as error:  # noqa: BLE001 - one bad article must never sink the run
            skipped.append(Skipped(article.path or article.id,
                                   f"analysis failed: {type(error).__name__}: {error}"))
    return analyses, skipped


def score_analyses(analyses: Sequence[ArticleAnalysis], config: Config,
                   model: ReliabilityModel | None = None) -> list[ScoredArticle]:
    """Add batch-level features (copying) and score every article."""
    model = model or ReliabilityModel()
    complete = with_corpus_features(analyses, config)
    scores = model.score_many([a.features for a in complete])
    return [ScoredArticle(a, s.score, s.baseline, s.contributions)
            for a, s in zip(complete, scores, strict=True)]


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def run_record(*, run_id: str, inputs: Sequence[str], found: int, scored: Sequence[ScoredArticle],
               skipped: Sequence[Skipped], n_sources: int, config: Config,
               model: ReliabilityModel, timings: dict[str, float]) -> dict[str, object]:
    """What ``run.json`` says about a run: versions, hashes, counts, skips and timings."""
    return {
        "run_id": run_id,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "inputs": list(inputs),
        "config_hash": config.digest(),
        "config": config.to_dict(),
        "weights_version": model.weights.version,
        "weights_hash": model.weights.digest,
        "lexicons_hash": lexicons_digest(),
        "counts": {"found": found, "scored": len(scored), "skipped": len(skipped),
                   "sources": n_sources},
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
