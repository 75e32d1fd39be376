"""Which outlets to watch and where their article URLs are listed: ``sources.toml``, feeds,
sitemaps and ``.urls`` files.

A sources file names each outlet once::

    [[outlet]]
    name = "Harbor Ledger"                        # the source name in every report
    feeds = ["https://harbor-ledger.example/rss"]  # RSS or Atom
    sitemaps = ["https://harbor-ledger.example/sitemap.xml"]
    urls = ["https://harbor-ledger.example/2026/03/one-story"]
    urls_file = "harbor-ledger.urls"               # one URL per line, relative to this file

An outlet needs a name and at least one of ``feeds``, ``sitemaps``, ``urls``, ``urls_file``.
Unknown keys are an error that lists the valid ones.

:func:`discover` turns an outlet's lists into :class:`Candidate` article URLs (canonical, each
once, with the date the feed or sitemap gives when it gives one). Listing documents are read
through a ``fetch`` callable, so the same polite client, cache and robots rules apply; a listing
that cannot be fetched or parsed is a :class:`ListingFailure` with its reason, and the other
listings go on.
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from lxml import etree

from scoring.web.urls import canonical_url

OUTLET_KEYS = ("name", "feeds", "sitemaps", "urls", "urls_file")
MAX_SITEMAP_DEPTH = 2
"""A sitemap index may point to sitemaps, which may point to sitemaps: no deeper than this."""
MAX_SITEMAPS = 50
"""Sitemaps read per outlet at most (an index can list thousands, mostly of old archives)."""

Fetch = Callable[[str], tuple[bytes, str]]
"""``fetch(url) -> (body, error)``: the body, or ``b""`` and a short reason."""


@dataclass(frozen=True)
class Outlet:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """An article URL found for an outlet, before its page is fetched."""

    url: str
    outlet: str
    published: str = ""
    """ISO date (``2026-03-04``) or datetime from the listing; ``""`` when it gives none."""
    title: str = ""
    found_in: str = ""
    """The feed, sitemap or file that listed it."""


@dataclass(frozen=True)
class ListingFailure:
    listing: str
    outlet: str
    reason: str


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    failures: list[ListingFailure] = field(default_factory=list)


def load_sources(path: str | Path) -> list[Outlet]:
    """Read a sources file; raises ``ValueError`` naming the outlet and what is wrong."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    entries = data.get("outlet")
    unknown_top = sorted(set(data) - {"outlet"})
    if unknown_top or not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected one or more [[outlet]] tables"
                         + (f"; unknown keys {unknown_top}" if unknown_top else ""))
    outlets, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, outlet {number}"
        unknown = sorted(set(entry) - set(OUTLET_KEYS))
        if unknown:
            raise ValueError(f"{where}: unknown keys {unknown}; valid: {list(OUTLET_KEYS)}")
        name = str(entry.get("name", "")).strip()
        if not name:
            raise ValueError(f"{where}: needs a name")
        if name in names:
            raise ValueError(f"{where}: {name!r} is listed twice")
        names.add(name)
        lists = {key: _strings(entry.get(key, []), f"{where} ({name}): {key}")
                 for key in ("feeds", "sitemaps", "urls")}
        urls = list(lists["urls"])
        if entry.get("urls_file"):
            urls_file = path.parent / str(entry["urls_file"])
            try:
                urls += read_url_list(urls_file.read_text(encoding="utf-8"))
            except OSError as error:
                raise ValueError(f"{where} ({name}): urls_file {urls_file}: "
                                 f"{error.strerror or error}") from None
        if not (lists["feeds"] or lists["sitemaps"] or urls):
            raise ValueError(f"{where} ({name}): give feeds, sitemaps, urls or a urls_file")
        outlets.append(Outlet(name, lists["feeds"], lists["sitemaps"], tuple(urls)))
    return outlets


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of URLs")
    return tuple(v.strip() for v in value if v.strip())


def read_url_list(text: str) -> list[str]:
    """The URLs of a ``.urls`` file: one per line; blank lines and ``#`` comments skipped."""
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def discover(outlets: Iterable[Outlet], fetch: Fetch) -> Discovery:
    """Every outlet's article URLs, each canonical URL once (first listing wins)."""
    found = Discovery()
    seen: set[str] = set()
    for outlet in outlets:
        for candidate in _outlet_candidates(outlet, fetch, found.failures):
            if candidate.url not in seen:
                seen.add(candidate.url)
                found.candidates.append(candidate)
    return found


def _outlet_candidates(outlet: Outlet, fetch: Fetch,
                       failures: list[ListingFailure]) -> Iterator[Candidate]:
    for url in outlet.urls:
        yield Candidate(canonical_url(url), outlet.name, found_in="urls")
    for feed in outlet.feeds:
        body, error = fetch(feed)
        entries, error = (parse_feed(body) if not error else ([], error))
        if error:
            failures.append(ListingFailure(feed, outlet.name, error))
        for link, published, title in entries:
            yield Candidate(canonical_url(link), outlet.name, published, title, feed)
    budget = [MAX_SITEMAPS]
    for sitemap in outlet.sitemaps:
        yield from _sitemap_candidates(sitemap, outlet, fetch, failures, 0, budget)


def parse_feed(body: bytes) -> tuple[list[tuple[str, str, str]], str]:
    """``[(link, published, title)]`` of an RSS or Atom feed, and ``""``; or ``[]`` and the
    reason it is not a feed. A feed with a recoverable error still gives its entries."""
    parsed = feedparser.parse(body)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link", "").strip()
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat()
                     if stamp else "")
        entries.append((link, published, entry.get("title", "").strip()))
    if not entries and parsed.bozo:
        return [], f"malformed feed: {parsed.bozo_exception}"
    if not entries and not parsed.version:
        return [], "not a feed"
    return entries, ""


_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_sitemap(body: bytes) -> tuple[list[tuple[str, str, str]], list[str], str]:
    """A sitemap's ``[(url, lastmod or news date, news title)]``, the sitemaps an index lists,
    and ``""``; or empty lists and the reason it is not a sitemap. Entities and network access
    are off in the XML parser."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        return [], [], f"malformed sitemap: {error}"
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        return [], [_text(s, "loc") for s in _children(root, "sitemap") if _text(s, "loc")], ""
    if tag != "urlset":
        return [], [], f"not a sitemap: <{tag}>"
    entries = []
    for item in _children(root, "url"):
        loc = _text(item, "loc")
        if not loc:
            continue
        news = item.find(f"{_NEWS_NS}news")
        published = _text(news, "publication_date", _NEWS_NS) if news is not None else ""
        title = _text(news, "title", _NEWS_NS) if news is not None else ""
        entries.append((loc, published or _text(item, "lastmod"), title))
    return entries, [], ""


def _children(root: etree._Element, name: str) -> list[etree._Element]:
    return root.findall(f"{_SITEMAP_NS}{name}") or root.findall(name)


def _text(element: etree._Element | None, name: str, namespace: str = _SITEMAP_NS) -> str:
    if element is None:
        return ""
    child = element.find(f"{namespace}{name}")
    if child is None:
        child = element.find(name)
    return (child.text or "").strip() if child is not None else ""


def _sitemap_candidates(url: str, outlet: Outlet, fetch: Fetch,
                        failures: list[ListingFailure], depth: int,
                        budget: list[int]) -> Iterator[Candidate]:
    if budget[0] <= 0:
        failures.append(ListingFailure(url, outlet.name,
                                       f"skipped: over {MAX_SITEMAPS} sitemaps for this outlet"))
        return
    budget[0] -= 1
    body, error = fetch(url)
    entries, children, error = parse_sitemap(body) if not error else ([], [], error)
    if error:
        failures.append(ListingFailure(url, outlet.name, error))
        return
    for loc, published, title in entries:
        yield Candidate(canonical_url(loc), outlet.name, published, title, url)
    for child in children:
        if depth + 1 > MAX_SITEMAP_DEPTH:
            failures.append(ListingFailure(child, outlet.name, "skipped: sitemap index too deep"))
            continue
        yield from _sitemap_candidates(child, outlet, fetch, failures, depth + 1, budget)


def since_filter(candidates: Sequence[Candidate], since: str) -> list[Candidate]:
    """The candidates listed as published on or after ``since`` (an ISO date or datetime), and
    those whose listing gives no date (their page's own date decides later)."""
    if not since:
        return list(candidates)
    cutoff = since[:10]
    return [c for c in candidates if not c.published or c.published[:10] >= cutoff]
