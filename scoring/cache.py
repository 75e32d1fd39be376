"""An on-disk cache of analyses, so that refitting and re-evaluating never parse twice.

Two tables in one SQLite file (``<folder>/analyses.sqlite``, default ``.cache/analyses``):

- ``parses``: the spaCy ``Doc`` of an article's analysed text, keyed by a hash of the text and
  of the *parse version* (spaCy and model versions, the parse settings, and
  ``scoring.text.PARSE_VERSION``, which is bumped whenever the way a text is prepared for spaCy
  changes). A change to a feature family re-runs the families on the stored parse, about seven
  times faster than parsing again.
- ``analyses``: an article's whole analysis (features, evidence, sentences, named sources) and its
  whole-run fingerprint, keyed by the article's id, its title (which the headline features and
  story terms read) and the *analysis version* (the package
  version, the lexicons, the settings and the source code of every module that computes a
  feature). Reading these back takes milliseconds per article: a refit with other features or
  settings takes seconds.

Both versions are digests of what produced the stored value, so a stale entry is never read: it
is simply not found, and is replaced when the article is analysed again. Writes are one
transaction per batch; a killed process leaves the cache as it was before the batch.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from scoring import __version__
from scoring.config import Config
from scoring.lexicons import lexicons_digest
from scoring.types import Article

DEFAULT_FOLDER = ".cache/analyses"

_ANALYSIS_MODULES = ("text.py", "types.py", "pipeline.py", "corpus.py", "quality.py",
                     "features/*.py", "features/models/*.json")
_PARSE_SETTINGS = ("language_model", "max_chars", "max_sentence_tokens", "max_word_chars")


@cache
def _source_digest(patterns: tuple[str, ...]) -> str:
    package = Path(str(resources.files("scoring")))
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(package.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def parse_version(config: Config) -> str:
    """What a stored parse depends on: spaCy, the model, the parse settings and
    :data:`scoring.text.PARSE_VERSION` (bumped whenever the ``Doc`` a text gets changes)."""
    import spacy

    from scoring.text import PARSE_VERSION

    parts = [spacy.__version__, config.language_model,
             _package_version(config.language_model.replace("_", "-")),
             *(f"{name}={getattr(config, name)!r}" for name in _PARSE_SETTINGS), PARSE_VERSION]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def analysis_version(config: Config) -> str:
    """What a stored analysis depends on: the parse, the package and its lexicons, the settings
    of analysis (not those of execution or scoring: :meth:`Config.analysis_digest`), and the
    code of every module that computes a feature or a fingerprint."""
    parts = [parse_version(config), __version__, lexicons_digest(), config.analysis_digest(),
             _source_digest(_ANALYSIS_MODULES)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _analysis_key(article: Article, version: str) -> str:
    title = hashlib.blake2b(article.title.encode("utf-8", "surrogatepass"),
                            digest_size=8).hexdigest()
    return f"{version}:{article.id}:{title}"


def text_key(text: str, title: str, version: str) -> str:
    """The key of a parse: the analysed text, the title that locates the headline, the version."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (version, title, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class AnalysisCache:
    """Parses and analyses kept between runs in one SQLite file (see the module docstring)."""

    def __init__(self, folder: str | Path = DEFAULT_FOLDER) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "analyses.sqlite"
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, doc BLOB)")
        self._db.execute("CREATE TABLE IF NOT EXISTS analyses "
                         "(key TEXT PRIMARY KEY, value BLOB)")
        self._db.commit()

    # --- parses -------------------------------------------------------------------------------

    def get_parses(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored ``Doc`` bytes of every key that has one."""
        return self._get("parses", "doc", keys)

    def put_parses(self, items: Mapping[str, bytes]) -> None:
        self._put("parses", "doc", items.items())

    # --- analyses -----------------------------------------------------------------------------

    def get_analyses(self, articles: Sequence[Article], version: str) -> dict[str, object]:
        """The stored ``(analysis, fingerprint)`` of every article that has one at ``version``,
        by article id. An analysis is keyed by the article's id (its source and text) and its
        title, which the headline features and story terms read."""
        keys = {_analysis_key(article, version): article.id for article in articles}
        found = self._get("analyses", "value", list(keys))
        return {keys[key]: pickle.loads(value)  # noqa: S301 - our own cache, written here
                for key, value in found.items()}

    def put_analyses(self, items: Iterable[tuple[Article, object]], version: str) -> None:
        """Store each article's ``(analysis, fingerprint)`` at ``version``."""
        self._put("analyses", "value",
                  ((_analysis_key(article, version), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
                   for article, value in items))

    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("parses", "analyses")}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _get(self, table: str, column: str, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self._db.execute(
                    f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk):
                found[key] = zlib.decompress(value)
        return found

    def _put(self, table: str, column: str, items: Iterable[tuple[str, bytes]]) -> None:
        with self._db:  # one transaction: all of a batch or nothing
            self._db.executemany(
                f"INSERT OR REPLACE INTO {table} (key, {column}) VALUES (?, ?)",
                ((key, zlib.compress(value, 3)) for key, value in items))
