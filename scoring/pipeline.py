"""The job as plain library calls: analyse articles, add batch features, score, summarise.

``flows/`` runs these same steps as Prefect tasks over batches; ``reliability explain`` calls them
directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from scoring import __version__
from scoring.cache import AnalysisCache, analysis_version
from scoring.config import Config, worker_processes
from scoring.corpus import Fingerprint, corpus_results, fingerprint, with_corpus_result
from scoring.features import FEATURE_NAMES, run_families
from scoring.lexicons import lexicons_digest
from scoring.model import ReliabilityModel
from scoring.quality import not_prose_reason
from scoring.store import AnalysisStore, pack_article, unpack_article
from scoring.text import get_nlp, parse_text, parse_texts
from scoring.types import (
    Article,
    ArticleAnalysis,
    ArticleScore,
    CorpusResult,
    Evidence,
    ParsedText,
    ScoredArticle,
    Skipped,
)
from scoring.web.pages import FetchLog, iter_all_inputs
from scoring.wholerun import iter_results

T = TypeVar("T")

TAIL_PIECES = 5
"""The last one to two batches' worth of a run's articles go out in batches this many times
smaller, so that the workers finish together: the last batch otherwise ran alone (300 articles
on two workers: one idle for 8 s of 62)."""


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size``, read lazily, in order; the last ``size`` to ``2 * size``
    items (all of them, when fewer) in lists of ``ceil(size / TAIL_PIECES)``. The lists depend
    only on the items and ``size``, never on how many workers take them, so neither do the
    results."""
    pending: list[T] = []
    for item in items:
        pending.append(item)
        if len(pending) == 2 * size:  # read one batch ahead, to know when the tail begins
            yield pending[:size]
            del pending[:size]
    step = -(-size // TAIL_PIECES)
    for first in range(0, len(pending), step):
        yield pending[first : first + step]


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


def analyze_articles(articles: Iterable[Article], config: Config,
                     cache: AnalysisCache | None = None
                     ) -> tuple[list[ArticleAnalysis], list[Skipped]]:
    """Analyse each article (parsed in batches); one that fails is skipped with its reason and
    the rest go on. Text that is not prose is skipped first, with the reason ``not prose: ...``
    (:func:`scoring.quality.not_prose_reason`). With a ``cache``, an article analysed before at
    the same analysis version is read back, and a text parsed before is not parsed again
    (:mod:`scoring.cache`)."""
    analyses, _, skipped = _analyze(articles, config, cache, with_prints=False)
    return analyses, skipped


def analyze_with_prints(articles: Iterable[Article], config: Config,
                        cache: AnalysisCache | None = None
                        ) -> tuple[list[ArticleAnalysis], list[Fingerprint], list[Skipped]]:
    """:func:`analyze_articles`, with each analysis' whole-run fingerprint (read from the
    cache with it when it was stored there)."""
    return _analyze(articles, config, cache, with_prints=True)


def analyze_in_processes(articles: Sequence[Article], config: Config
                         ) -> tuple[list[ArticleAnalysis], list[Skipped]]:
    """:func:`analyze_articles` over batches of ``config.batch_size`` on ``config.workers``
    processes (0: one per core): the same results in the same order with any number of them.

    Worker processes are forked from this one once its spaCy pipeline is loaded, so they share
    the model's memory and start at once (where fork is not available they start afresh)."""
    batches = list(batched(articles, config.batch_size))
    workers = min(worker_processes(config.workers), len(batches))
    if workers <= 1:
        done = [analyze_articles(batch, config) for batch in batches]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        get_nlp(config.language_model, max_word_chars=config.max_word_chars)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            done = list(pool.map(analyze_articles, batches, [config] * len(batches)))
    return ([a for analyses, _ in done for a in analyses],
            [s for _, skipped in done for s in skipped])


def _analyze(articles: Iterable[Article], config: Config, cache: AnalysisCache | None, *,
             with_prints: bool
             ) -> tuple[list[ArticleAnalysis], list[Fingerprint | None], list[Skipped]]:
    articles = list(articles)
    stored: dict[str, object] = {}
    if cache is not None:
        version = analysis_version(config)
        stored = cache.get_analyses(articles, version)
    # junk is skipped, never scored nor stored; an article stored at this analysis version
    # passed these same checks (quality.py is part of the version), so only the others are
    # checked
    reasons = {a.id: not_prose_reason(a.text) for a in articles if a.id not in stored}
    not_prose = [Skipped(a.path or a.id, reasons[a.id]) for a in articles if reasons.get(a.id)]
    articles = [a for a in articles if not reasons.get(a.id)]
    todo = [a for a in articles if a.id not in stored]
    fresh, skipped = _analyze_uncached(todo, config, cache)
    found = {a.article.id: (a, fingerprint(a, config) if with_prints or cache else None)
             for a in fresh}
    if cache is not None and found:
        cache.put_analyses([(a, found[a.id]) for a in todo if a.id in found], version)
    for article in articles:
        if article.id in stored:
            found[article.id] = as_read(*stored[article.id], article)
    kept = [found[a.id] for a in articles if a.id in found]
    return [k[0] for k in kept], [k[1] for k in kept], not_prose + skipped


def as_read(analysis: ArticleAnalysis, print_: Fingerprint,
            article: Article) -> tuple[ArticleAnalysis, Fingerprint]:
    """A stored analysis of ``article``'s text and its fingerprint, with where and how this read
    found it (the same text may be read from another path or URL, on another day)."""
    analysis = replace(analysis, article=replace(
        analysis.article, path=article.path, url=article.url, published=article.published,
        author=article.author, title=article.title or analysis.article.title))
    return analysis, replace(print_, published=article.published, url=article.url,
                             label=analysis.article.title or analysis.article.path,
                             story=replace(print_.story, published=article.published))


def _analyze_uncached(articles: list[Article], config: Config, cache: AnalysisCache | None
                      ) -> tuple[list[ArticleAnalysis], list[Skipped]]:
    try:
        parsed_all = list(parse_texts(((a.text, a.title) for a in articles), config=config,
                                      cache=cache))
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


def article_scores(prints: Sequence[Fingerprint], features: Sequence[Mapping[str, float]],
                   config: Config, model: ReliabilityModel
                   ) -> tuple[list[CorpusResult], list[ArticleScore]]:
    """Score a whole run from what it keeps in memory: per article, its fingerprint and features.

    Returns the whole-run findings (copying, originality, stories, facts, with their evidence)
    and the scores, both in the order given.
    """
    found = corpus_results(prints, config)
    return found, scores_of([(p.id, p.source) for p in prints], features, found, model)


def scores_of(articles: Sequence[tuple[str, str]], features: Sequence[Mapping[str, float]],
              found: Sequence[CorpusResult], model: ReliabilityModel) -> list[ArticleScore]:
    """The scores of a run's articles (``(id, source)`` each), from their own features and
    their whole-run findings, in the order given."""
    rows = [{**f, **c.features} for f, c in zip(features, found, strict=True)]
    scores = model.score_many(rows)
    return [ArticleScore(id_, source, s.score, s.baseline, s.contributions, row,
                         c.originality, fact_statuses(c))
            for (id_, source), s, row, c in zip(articles, scores, rows, found, strict=True)]


def fact_statuses(found: CorpusResult) -> tuple[int, int, int]:
    """How many of an article's checked facts are corroborated, alone, in conflict."""
    statuses = [check.status for check in found.facts]
    return (statuses.count("corroborated"), statuses.count("alone"), statuses.count("conflict"))


def scored_article(analysis: ArticleAnalysis, found: CorpusResult,
                   score: ArticleScore) -> ScoredArticle:
    """The full record of one article, put together for the report."""
    return ScoredArticle(with_corpus_result(analysis, found), score.score, score.baseline,
                         score.contributions, found)


def score_analyses(analyses: Sequence[ArticleAnalysis], config: Config,
                   model: ReliabilityModel | None = None) -> list[ScoredArticle]:
    """Add whole-run features (copying, corroboration) and score every article, all in memory."""
    model = model or ReliabilityModel()
    found, scores = article_scores([fingerprint(a, config) for a in analyses],
                                   [a.features for a in analyses], config, model)
    return [scored_article(a, c, s) for a, c, s in zip(analyses, found, scores, strict=True)]


def score_of(item: ScoredArticle) -> ArticleScore:
    """A scored article without its text, for per-source aggregation."""
    return ArticleScore(item.article.id, item.article.source, item.score, item.baseline,
                        item.contributions, item.analysis.features,
                        item.corpus.originality if item.corpus else "",
                        fact_statuses(item.corpus) if item.corpus else (0, 0, 0))


# --- a run over batches: what the Prefect flow's tasks call ---------------------------------------


def iter_batches(paths: Iterable[str | Path], config: Config, *, sources_file: str = "",
                 since: str = "", report_since: str = "", fetch_log: FetchLog | None = None
                 ) -> Iterator[tuple[list[Article], list[Skipped]]]:
    """Read the inputs lazily in batches of ``config.batch_size`` articles (the tail smaller:
    :func:`batched`), each with the inputs skipped since the one before; at most two batches
    of article texts are in memory at once. URLs, ``.urls`` files and the outlets of
    ``sources_file`` are fetched (:func:`scoring.web.pages.iter_all_inputs`)."""
    skipped: list[Skipped] = []

    def articles() -> Iterator[Article]:
        for item in iter_all_inputs(list(paths), config, sources_file=sources_file,
                                    since=since, report_since=report_since, log=fetch_log):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item

    for batch in batched(articles(), config.batch_size):
        yield batch, skipped[:]
        skipped.clear()
    if skipped:
        yield [], skipped


def one_batch(paths: Iterable[str | Path], config: Config) -> bool:
    """Whether local ``paths`` hold at most one batch of inputs (read lazily, up to the first
    input past one batch); never for URLs and ``.urls`` files, which are not fetched here."""
    paths = [str(p) for p in paths]
    if any("://" in p or p.lower().endswith(".urls") for p in paths):
        return False
    from itertools import islice

    from scoring.ingest import iter_inputs

    return sum(1 for _ in islice(iter_inputs(paths, config), config.batch_size + 1)) \
        <= config.batch_size


@dataclass(frozen=True)
class BatchResult:
    """What a run keeps in memory of one analysed batch; the analyses are in the store."""

    number: int
    articles: tuple[tuple[str, str], ...]
    """Each analysed article's id and source, in batch order."""
    features: tuple[dict[str, float], ...]
    skipped: tuple[Skipped, ...]
    fresh: tuple[bool, ...] = ()
    """Per article, whether it was analysed here (else its stored analysis was reused)."""
    packed: tuple[bytes, ...] = ()
    """The batch's articles (:func:`scoring.store.pack_article`) on their way from the process
    that made them to the run's store; empty once stored (:func:`store_batch`)."""
    prints: tuple[Fingerprint, ...] = ()
    """The batch's whole-run fingerprints, on their way to the run's store likewise."""

    @property
    def reused(self) -> int:
        """How many of the batch's articles were not analysed again."""
        return self.fresh.count(False)


def analyse_batch(number: int, articles: Sequence[Article], config: Config,
                  stored: Mapping[str, bytes] | None = None) -> BatchResult:
    """Analyse one batch: what a worker process does, and all it sends back (each article packed
    with its fingerprint, to be stored by the run, and the features it keeps).

    ``stored`` holds the packed analyses a history kept of some of the batch's articles, by id
    (:meth:`scoring.history.History.stored`, at this code's analysis version): those made under
    the same title are read back, not analysed again."""
    reused: dict[str, tuple[ArticleAnalysis, Fingerprint]] = {}
    for article in articles:
        if stored and article.id in stored:
            title, analysis, print_ = unpack_article(stored[article.id])
            if title == article.title:  # the headline features read the title
                reused[article.id] = as_read(analysis, print_, article)
    todo = [a for a in articles if a.id not in reused]
    analysed, failed = analyze_articles(todo, config) if todo else ([], [])
    fresh = iter(analysed)  # in input order, without the articles skipped
    upcoming = next(fresh, None)
    kept: list[tuple[Article, ArticleAnalysis, Fingerprint, bool]] = []
    for article in articles:
        if article.id in reused:
            kept.append((article, *reused[article.id], False))
        elif upcoming is not None and upcoming.article.id == article.id:
            kept.append((article, upcoming, fingerprint(upcoming, config), True))
            upcoming = next(fresh, None)
    return BatchResult(number, tuple((a.article.id, a.article.source) for _, a, _, _ in kept),
                       tuple(a.features for _, a, _, _ in kept), tuple(failed),
                       tuple(new for *_, new in kept),
                       tuple(pack_article(a, p, article.title) for article, a, p, _ in kept),
                       tuple(p for _, _, p, _ in kept))


def store_batch(result: BatchResult, store: AnalysisStore) -> BatchResult:
    """Save a batch's analyses and fingerprints as batch ``result.number`` of ``store``; what
    the run keeps in memory."""
    store.put(result.number, result.packed)
    store.prints.put(result.number, result.prints)
    return replace(result, packed=(), prints=())


@dataclass(frozen=True)
class RunScores:
    found: list[CorpusResult]
    scores: list[ArticleScore]


def score_batches(results: Sequence[BatchResult], config: Config, model: ReliabilityModel,
                  store: AnalysisStore, parts: int = 1) -> RunScores:
    """Score every article of a run from its batches' features and the whole-run findings,
    once :func:`scoring.wholerun.run_tasks` has run over the store's fingerprints in
    ``parts`` parts."""
    found = list(iter_results(store.prints, parts))
    return RunScores(found, scores_of([a for r in results for a in r.articles],
                                      [f for r in results for f in r.features], found, model))


def iter_analyses(results: Sequence[BatchResult],
                  store: AnalysisStore) -> Iterator[ArticleAnalysis]:
    """Every analysis of the run in input order, read back from ``store`` batch by batch."""
    for analyses in store.iter_batches([r.number for r in results]):
        yield from analyses


def iter_scored(results: Sequence[BatchResult], run: RunScores,
                store: AnalysisStore) -> Iterator[ScoredArticle]:
    """Every scored article of the run in input order, read back from ``store`` batch by batch."""
    for position, analysis in enumerate(iter_analyses(results, store)):
        yield scored_article(analysis, run.found[position], run.scores[position])


PASSAGE_EXCERPT_CHARS = 4_000
"""Longest excerpt of another article kept to show beside a shared passage (cut with "…")."""


def passage_excerpts(analyses: Iterable[ArticleAnalysis],
                     found: Sequence[CorpusResult]) -> dict[tuple[str, int, int], str]:
    """The other side of every shared passage, keyed ``(article id, start, end)``: what the
    report shows beside each passage. ``analyses`` are read once (a run streams them from its
    store), and only the excerpts are kept."""
    wanted: dict[str, set[tuple[int, int]]] = {}
    for result in found:
        for passage in result.passages:
            wanted.setdefault(passage.other, set()).add((passage.other_start, passage.other_end))
    excerpts: dict[tuple[str, int, int], str] = {}
    for analysis in analyses:
        for start, end in wanted.get(analysis.article.id, ()):
            text = analysis.article.text[start:end]
            if len(text) > PASSAGE_EXCERPT_CHARS:
                text = text[:PASSAGE_EXCERPT_CHARS].rstrip() + " …"
            excerpts[(analysis.article.id, start, end)] = text
    return excerpts


def run_excerpts(results: Sequence[BatchResult], run: RunScores,
                 store: AnalysisStore) -> dict[tuple[str, int, int], str]:
    """:func:`passage_excerpts` for a run: only the stored batches that hold the other side of
    some shared passage are read back."""
    wanted = {passage.other for found in run.found for passage in found.passages}
    holding = [r for r in results if any(id_ in wanted for id_, _ in r.articles)]
    return passage_excerpts(iter_analyses(holding, store), run.found)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def run_record(*, run_id: str, inputs: Sequence[str], found: int, scored: Sequence[object],
               skipped: Sequence[Skipped], n_sources: int, config: Config,
               model: ReliabilityModel, timings: dict[str, float],
               fetched: FetchLog | None = None, reused: int = 0,
               finished_at: datetime | None = None) -> dict[str, object]:
    """What ``run.json`` says about a run: versions, hashes, counts, skips and timings, and
    what it fetched from the web (when it fetched anything). Of the ``scored`` articles,
    ``reused`` were not analysed again (their analyses were stored in the history): the counts
    say ``found == analysed + reused + skipped``."""
    record = {
        "run_id": run_id,
        "finished_at": (finished_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "version": __version__,
        "inputs": list(inputs),
        "config_hash": config.digest(),
        "config": config.to_dict(),
        "weights_version": model.weights.version,
        "weights_hash": model.weights.digest,
        "lexicons_hash": lexicons_digest(),
        "counts": {"found": found, "scored": len(scored), "analysed": len(scored) - reused,
                   "reused": reused, "skipped": len(skipped), "sources": n_sources},
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    if fetched is not None and (fetched.pages or fetched.requests):
        record["fetched"] = fetched.to_dict()
    return record
