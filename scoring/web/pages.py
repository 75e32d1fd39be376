"""Article pages from the web: fetch each candidate URL politely, extract its text once, cache it.

:func:`web_articles` turns :class:`~scoring.web.sources.Candidate` URLs into articles, the way
files become articles in :mod:`scoring.ingest`: each page is fetched by a
:class:`~scoring.web.client.Fetcher` (robots.txt, rate limit, retries, size cap, conditional
requests against the on-disk cache), its main text extracted by the same code as an HTML file
(:func:`scoring.ingest.html.read_html`, trafilatura), and the result stored in the cache as a
record: a re-run reads an unchanged page's record without extracting it again, and a page can be
extracted again from the cached body (after an extractor upgrade) without fetching it.

A page without a date gets one from htmldate (from the page itself: never a network request),
else the date its feed or sitemap gave. The article's source is the outlet's name from the
sources file; a page fetched without an outlet (a ``.urls`` file, a URL given directly) keeps
what the page says (site name, else host). Every URL that fails becomes a
:class:`~scoring.types.Skipped` with the fetcher's reason (``http 404``, ``timeout``, ``blocked
by robots.txt``, ``not html: image/png``, ...) or the extractor's (``no article text found``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from htmldate import find_date

from scoring.config import Config
from scoring.ingest import iter_inputs
from scoring.ingest.decode import decode_bytes
from scoring.ingest.html import read_html
from scoring.ingest.records import Fields, make_article
from scoring.types import Article, Skipped
from scoring.web.cache import WebCache
from scoring.web.client import Fetcher, FetchResult, FetchSettings
from scoring.web.sources import (
    Candidate,
    Outlet,
    discover,
    load_sources,
    parse_feed,
    read_url_list,
    since_filter,
)
from scoring.web.urls import is_http_url

EXTRACTOR = f"read_html/trafilatura-{trafilatura.__version__}/1"


@dataclass
class FetchLog:
    """What a run fetched, for ``run.json``: each page URL and how it came, and the counts."""

    pages: list[dict[str, str]] = field(default_factory=list)
    """``{"url", "outcome"}``: ``downloaded``, ``not modified`` (304: the cached copy), or the
    failure reason."""
    requests: int = 0
    body_bytes: int = 0
    not_modified: int = 0
    extracted: int = 0
    """Pages whose text was extracted in this run (the others' records came from the cache)."""
    from_cache: int = 0
    """Articles of earlier runs added from the cache for ``--report-since`` (not fetched)."""
    since: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"since": self.since, "requests": self.requests, "body_bytes": self.body_bytes,
                "not_modified": self.not_modified, "extracted": self.extracted,
                "earlier_articles_from_cache": self.from_cache,
                "pages": self.pages}
"""Recorded with each extracted record: a record made by another extractor is made again."""


def is_web_input(path: str | Path) -> bool:
    """A URL, or a ``.urls`` file (one URL per line): read through the fetcher."""
    text = str(path)
    return is_http_url(text) or text.lower().endswith(".urls")


def iter_all_inputs(paths: Sequence[str | Path], config: Config, *, sources_file: str = "",
                    since: str = "", report_since: str = "",
                    log: FetchLog | None = None) -> Iterator[Article | Skipped]:
    """Files and folders (:func:`scoring.ingest.iter_inputs`), then the web: the outlets of
    ``sources_file``, ``.urls`` files and URLs among ``paths`` (a URL whose body is a feed is
    read as one, any other as an article page). ``since`` (ISO date) leaves out articles
    published before it: by their feed or sitemap date, else by their page's date.
    ``report_since`` (ISO date, earlier than ``since``) adds the sources file's articles that
    earlier runs fetched and published since then, from the cache, without fetching them: a
    run pulls only what is new, its report covers the longer window. ``log`` receives what was
    fetched."""
    local = [p for p in paths if not is_web_input(p)]
    web = [str(p) for p in paths if is_web_input(p)]
    if local:
        yield from iter_inputs(local, config)
    if not web and not sources_file:
        return
    cache = WebCache(config.fetch_cache_dir)
    settings = FetchSettings(timeout=config.fetch_timeout, min_interval=config.fetch_min_interval,
                             user_agent=config.fetch_user_agent,
                             max_bytes=config.fetch_max_bytes)
    log = log if log is not None else FetchLog()
    log.since = since
    with Fetcher(settings, cache=cache) as fetcher:
        def fetch(url: str) -> tuple[bytes, str]:
            result = fetcher.fetch(url)
            return result.body, result.error

        outlets = load_sources(sources_file) if sources_file else []
        pages: dict[str, FetchResult] = {}  # URLs given directly that are pages: fetched once
        for item in web:
            if is_http_url(item):
                result = fetcher.fetch(item)
                if not result.ok:
                    yield Skipped(item, result.error)
                elif parse_feed(result.body)[0]:
                    outlets.append(Outlet("", feeds=(item,)))
                else:
                    pages[result.url] = result
                    outlets.append(Outlet("", urls=(item,)))
                continue
            try:
                urls = read_url_list(Path(item).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                yield Skipped(item, f"unreadable: {getattr(error, 'strerror', None) or error}")
                continue
            outlets.append(Outlet("", urls=tuple(urls)))
        found = discover(outlets, fetch)
        for failure in found.failures:
            yield Skipped(failure.listing, failure.reason)
        candidates = since_filter(found.candidates, since)
        try:
            yield from web_articles(candidates, fetcher, cache, config, since=since, log=log,
                                    fetched=pages)
            if report_since and outlets:
                pulled = {c.url for c in candidates}
                yield from earlier_articles(cache, config, {o.name for o in outlets if o.name},
                                            report_since, pulled, log)
        finally:
            log.requests = fetcher.stats.requests
            log.body_bytes = fetcher.stats.body_bytes
            log.not_modified = fetcher.stats.not_modified


def web_articles(candidates: Iterable[Candidate], fetcher: Fetcher, cache: WebCache | None,
                 config: Config, *, since: str = "", log: FetchLog | None = None,
                 fetched: dict[str, FetchResult] | None = None) -> Iterator[Article | Skipped]:
    """An article (or the reason there is none) for every candidate, in order; ``fetched``
    holds pages already fetched by canonical URL (not fetched again)."""
    log = log if log is not None else FetchLog()
    fetched = fetched or {}
    for candidate in candidates:
        result = fetched.pop(candidate.url, None) or fetcher.fetch(candidate.url)
        log.pages.append({"url": result.url, "outcome": result.error or (
            "not modified" if result.not_modified else "downloaded")})
        if not result.ok:
            yield Skipped(candidate.url, result.error)
            continue
        record = cache.get_record(result.url) if cache is not None else None
        if record is None or record.get("extractor") != EXTRACTOR:
            log.extracted += 1
            record = extract_record(result.body, result.final_url, candidate, config)
            if cache is not None:
                cache.put_record(result.url, record)
        article = article_from_record(record, candidate, config)
        if cache is not None and candidate.outlet and isinstance(article, Article):
            _index_article(cache, candidate.url, candidate.outlet, article.published)
        if (since and isinstance(article, Article) and article.published
                and article.published[:10] < since[:10]):
            yield Skipped(candidate.url, f"published {article.published[:10]}, before --since "
                                         f"{since[:10]}")
            continue
        yield article


def extract_record(body: bytes, final_url: str, candidate: Candidate,
                   config: Config) -> dict[str, str]:
    """What the page says: text, title, author, date, site name, URL; or the skip reason."""
    text = decode_bytes(body)
    if text is None or not text.strip():
        return {"extractor": EXTRACTOR, "skipped": "not text"}
    found = next(iter(read_html(text, path=candidate.url, folder="", config=config)), None)
    if not isinstance(found, Article):
        reason = found.reason if isinstance(found, Skipped) else "no article text found"
        return {"extractor": EXTRACTOR, "skipped": reason}
    published = found.published or _page_date(text)
    return {"extractor": EXTRACTOR, "text": found.text, "title": found.title,
            "author": found.author, "published": published, "sitename": found.source,
            "url": found.url or final_url, "final_url": final_url}


def _page_date(html: str) -> str:
    try:
        return find_date(html, extensive_search=True, original_date=True) or ""
    except (ValueError, TypeError):  # htmldate rejects some malformed documents
        return ""


def article_from_record(record: dict[str, str], candidate: Candidate,
                        config: Config) -> Article | Skipped:
    if record.get("skipped"):
        return Skipped(candidate.url, record["skipped"])
    fields = Fields(text=record["text"], source=candidate.outlet, sitename=record["sitename"],
                    url=record.get("final_url") or record["url"], title=record["title"],
                    published=record["published"] or candidate.published,
                    author=record["author"])
    return make_article(fields, path=candidate.url, config=config)


ARTICLE_INDEX = "articles.jsonl"
"""In the cache folder: one line per article read from an outlet of a sources file (URL,
outlet, date), appended as pages are read; the last line for a URL wins."""


def _index_article(cache: WebCache, url: str, outlet: str, published: str) -> None:
    cache.root.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"url": url, "outlet": outlet, "published": published}) + "\n"
    with open(cache.root / ARTICLE_INDEX, "a", encoding="utf-8") as handle:
        handle.write(line)  # one short write: lines of runs at the same time do not mix


def earlier_articles(cache: WebCache, config: Config, outlets: set[str], report_since: str,
                     pulled: set[str], log: FetchLog) -> Iterator[Article | Skipped]:
    """Articles of ``outlets`` published on or after ``report_since`` that earlier runs read,
    from their cached records (never fetched), except those in ``pulled``."""
    latest: dict[str, dict[str, str]] = {}
    try:
        with open(cache.root / ARTICLE_INDEX, encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                    latest[entry["url"]] = entry
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a killed run
    except OSError:
        return
    for url, entry in latest.items():
        if (url in pulled or entry.get("outlet") not in outlets
                or str(entry.get("published", ""))[:10] < report_since[:10]):
            continue
        record = cache.get_record(url)
        if record is None or record.get("skipped"):
            continue
        log.from_cache += 1
        yield article_from_record(record, Candidate(url, entry["outlet"], entry["published"]),
                                  config)


FETCH_STATE = "fetch-state.json"
"""In a report folder's parent (``--out``): when each sources file last gave a successful run."""


def last_success(out: str | Path, sources_file: str) -> str:
    """The start (ISO datetime, UTC) of the last successful run over ``sources_file`` that wrote
    its report under ``out``: the default ``--since``; ``""`` when there was none."""
    state = _read_state(Path(out))
    return str(state.get(str(Path(sources_file).resolve()), {}).get("started", ""))


def record_success(out: str | Path, sources_file: str, started: str, run_id: str) -> None:
    """Remember that the run ``run_id``, started at ``started``, succeeded (written atomically)."""
    folder = Path(out)
    state = _read_state(folder)
    state[str(Path(sources_file).resolve())] = {"started": started, "run_id": run_id}
    partial = folder / f".{FETCH_STATE}.tmp-{os.getpid()}"
    partial.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, folder / FETCH_STATE)


def _read_state(folder: Path) -> dict[str, dict[str, str]]:
    try:
        state = json.loads((folder / FETCH_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}
