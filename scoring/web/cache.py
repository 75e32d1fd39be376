"""An on-disk cache of fetched pages, keyed by canonical URL, so that a re-run asks servers only
whether a page changed, and a page can be extracted again without fetching it again.

Layout under the root (default ``.cache/web`` in the working folder)::

    <root>/<first 2 hex digits>/<sha256 of the canonical URL>/
        page.json    final URL, status, content type, ETag, Last-Modified, fetched_at, size,
                     sha256 of the body, and the canonical URL itself
        body.gz      the body as downloaded (after any Content-Encoding), gzip-compressed
        record.json  an extracted record, tied to the sha256 of the body it came from

Every file is written to a temporary file in the same folder and moved into place with
``os.replace``, so a reader sees the old file or the new one, never half of one. The body is
written before ``page.json``; a reader checks the body against the size and hash that
``page.json`` gives, so a body and a ``page.json`` from two different writes are a miss, not a
wrong page. Unreadable or damaged entries are misses too: the cache never raises on what it
finds on disk (writing can still raise ``OSError``, e.g. on a full disk).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scoring.web.urls import canonical_url

DEFAULT_CACHE_ROOT = Path(".cache") / "web"
CACHE_FORMAT = 1
"""Written into ``page.json``; entries of another format are misses."""

_PAGE = "page.json"
_BODY = "body.gz"
_RECORD = "record.json"


@dataclass(frozen=True)
class CachedPage:
    url: str
    """The canonical URL: the key."""
    final_url: str
    """Where the body came from, after redirects."""
    status: int
    content_type: str
    etag: str
    last_modified: str
    fetched_at: str
    """When the body was downloaded: ISO 8601, UTC."""
    size: int
    """Bytes of the (uncompressed) body."""
    sha256: str
    body: bytes = field(repr=False)


class WebCache:
    """Pages and extracted records on disk under ``root``."""

    def __init__(self, root: str | Path = DEFAULT_CACHE_ROOT) -> None:
        self.root = Path(root)

    def folder_for(self, url: str) -> Path:
        """The folder that holds the entry of ``url`` (after :func:`canonical_url`)."""
        key = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
        return self.root / key[:2] / key

    def get(self, url: str) -> CachedPage | None:
        """The cached page of ``url``, or None when there is none or it is damaged."""
        folder = self.folder_for(url)
        meta = _read_json(folder / _PAGE)
        if meta is None or meta.get("format") != CACHE_FORMAT:
            return None
        if meta.get("url") != canonical_url(url):  # a hash collision, or a moved file
            return None
        try:
            body = gzip.decompress((folder / _BODY).read_bytes())
            page = CachedPage(
                url=meta["url"], final_url=meta["final_url"], status=int(meta["status"]),
                content_type=meta["content_type"], etag=meta["etag"],
                last_modified=meta["last_modified"], fetched_at=meta["fetched_at"],
                size=int(meta["size"]), sha256=meta["sha256"], body=body)
        except (OSError, EOFError, zlib.error, KeyError, TypeError, ValueError):
            return None
        if len(body) != page.size or hashlib.sha256(body).hexdigest() != page.sha256:
            return None
        return page

    def put(self, url: str, *, final_url: str, status: int, body: bytes, content_type: str = "",
            etag: str = "", last_modified: str = "", fetched_at: str = "") -> CachedPage:
        """Store a page (``fetched_at`` defaults to now) and return it as :meth:`get` would."""
        page = CachedPage(
            url=canonical_url(url), final_url=final_url, status=status,
            content_type=content_type, etag=etag, last_modified=last_modified,
            fetched_at=fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
            size=len(body), sha256=hashlib.sha256(body).hexdigest(), body=body)
        folder = self.folder_for(url)
        _write_atomic(folder / _BODY, gzip.compress(body, compresslevel=6, mtime=0))
        meta = {"format": CACHE_FORMAT, **{k: v for k, v in vars(page).items() if k != "body"}}
        _write_atomic(folder / _PAGE, _json_bytes(meta))
        return page

    def put_record(self, url: str, record: Mapping[str, Any]) -> None:
        """Store a record extracted from the cached page of ``url`` (JSON-serialisable; a
        ``TypeError`` says what is not). It belongs to the body cached now: once a new body
        is stored, :meth:`get_record` no longer returns it."""
        page = self.get(url)
        entry = {"format": CACHE_FORMAT, "url": canonical_url(url),
                 "body_sha256": page.sha256 if page else "", "record": dict(record)}
        _write_atomic(self.folder_for(url) / _RECORD, _json_bytes(entry))

    def get_record(self, url: str) -> dict[str, Any] | None:
        """The record stored for the page cached now, or None (none stored, stored for an
        older body, or damaged)."""
        entry = _read_json(self.folder_for(url) / _RECORD)
        if entry is None or entry.get("format") != CACHE_FORMAT:
            return None
        if entry.get("url") != canonical_url(url) or not isinstance(entry.get("record"), dict):
            return None
        page = self.get(url)
        if entry.get("body_sha256") != (page.sha256 if page else ""):
            return None
        return entry["record"]


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
        return None
    return value if isinstance(value, dict) else None


def _json_bytes(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and ``os.replace`` (no fsync: a cache
    entry lost in a power cut is fetched again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
