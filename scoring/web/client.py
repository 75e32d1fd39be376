"""A polite HTTP client for article pages: :class:`Fetcher` returns a :class:`FetchResult` for
every URL and never raises on network or content problems, so one bad URL never stops the rest.

What it does for each URL, in order:

1. Canonicalises it (:func:`~scoring.web.urls.canonical_url`): the request, the cache key and
   ``FetchResult.url`` all use the canonical form.
2. Checks robots.txt of every URL it requests, redirects included (see below).
3. Waits its turn: requests to one host (``host:port``) start at least ``min_interval`` seconds
   apart, robots.txt and retries included.
4. Sends ``If-None-Match`` / ``If-Modified-Since`` when the cache holds the page with an ETag or
   Last-Modified; a ``304`` gives the cached body with ``from_cache`` and ``not_modified`` set,
   and downloads nothing.
5. Follows up to ``max_redirects`` redirects itself; a URL seen twice is a ``redirect loop``.
6. Retries transient failures only (connect errors, timeouts, 429, 500, 502, 503, 504), with
   exponential backoff and jitter, honouring ``Retry-After`` up to ``max_wait`` seconds.
7. Checks the content type before reading the body, then streams the body and stops once it is
   over ``max_bytes`` (decompressed size: gzip and deflate are decoded here, in bounded steps,
   so a small compressed body cannot blow up in memory).
8. Stores a 2xx page in the cache (when it has one).

robots.txt, fetched once per ``scheme://host:port`` through the same client, rate limit and
retries, and kept in memory for the Fetcher's life; read with ``urllib.robotparser``:

- 2xx: its rules apply to this client's User-Agent;
- 401 or 403: everything on the host is disallowed (what Google did until 2019 and what
  ``urllib.robotparser`` does; RFC 9309 and Google now treat every 4xx as "no robots.txt"; a
  server that refuses us its rules gets the cautious reading);
- any other status (404, 410, 5xx after retries) and an unreachable robots.txt (DNS, connection,
  timeout, too large): everything is allowed, and the page request then fails or succeeds on
  its own. (RFC 9309 asks to assume "disallow all" on 5xx; we take the host's silence as
  consent, and the per-host interval keeps us slow either way.)

``urllib.robotparser`` takes the first matching rule, not the longest, and does not know the
``*`` and ``$`` wildcards: ``Disallow: /*?`` then disallows nothing. ``Crawl-delay`` is not read
(Google ignores it too): ``min_interval`` spaces requests.

Failure reasons (``FetchResult.error``; ``""`` on success): ``bad url``, ``bad redirect: <url>``,
``dns: <resolver message>``, ``connection: <message>``, ``timeout``, ``http <status>`` (a status
that is never retried, e.g. ``http 404``), ``http <status> after <n> tries`` (transient, retried
``n`` times), ``http <status>, retry after <s> s`` (the server asked for a wait longer than
``max_wait``), ``too large: over <max_bytes> bytes``, ``redirect loop``, ``too many redirects``,
``not html: <media type>``, ``unsupported encoding: <content-encoding>``, ``bad encoding:
<zlib message>``, ``blocked by robots.txt``.
"""

from __future__ import annotations

import random
import socket
import threading
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from scoring.web.cache import WebCache
from scoring.web.urls import canonical_url, host_of, is_http_url

DEFAULT_USER_AGENT = "news-reliability/0.1 (+https://example.invalid/news-reliability)"

DEFAULT_ACCEPT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/plain",
)

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, kw_only=True)
class FetchSettings:
    timeout: float = 10.0
    """Seconds to connect, and to wait for each piece of the response."""
    max_seconds: float = 60.0
    """Seconds one response may take from request to last byte, so a server that trickles
    bytes cannot hold a fetch for ever (checked between reads: it may run over by ``timeout``)."""
    tries: int = 3
    """Attempts for a transient failure, the first included (1: no retry)."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one, with jitter (each wait is
    between half and all of it)."""
    max_wait: float = 30.0
    """The longest wait a server may ask for with ``Retry-After``; asking for more ends the
    fetch (no retry) with the reason ``http <status>, retry after <s> s``."""
    min_interval: float = 1.0
    """Seconds between the starts of two requests to one host."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent with every request and matched against robots.txt."""
    max_bytes: int = 5_000_000
    """A body larger than this (decompressed) is not read beyond it: ``too large``."""
    max_redirects: int = 5
    respect_robots: bool = True
    accept_types: tuple[str, ...] = DEFAULT_ACCEPT_TYPES
    """Media types accepted (lower case, without parameters); a response of another type is
    ``not html: <type>`` and its body is not read. A response without a Content-Type is
    accepted: what it holds is decided when it is read."""

    def __post_init__(self) -> None:
        if min(self.timeout, self.max_seconds) <= 0:
            raise ValueError("fetch settings: timeout and max_seconds must be positive, got "
                             f"{self.timeout!r} and {self.max_seconds!r}")
        if self.tries < 1 or self.max_bytes < 1:
            raise ValueError("fetch settings: tries and max_bytes must be at least 1, got "
                             f"{self.tries!r} and {self.max_bytes!r}")
        if min(self.backoff, self.max_wait, self.min_interval, self.max_redirects) < 0:
            raise ValueError("fetch settings: backoff, max_wait, min_interval and max_redirects "
                             "must not be negative")
        if not self.user_agent.strip():
            raise ValueError("fetch settings: user_agent must not be empty")
        types = tuple(self.accept_types)
        if not types or any(t != t.strip().lower() or "/" not in t for t in types):
            raise ValueError("fetch settings: accept_types must be lower-case media types like "
                             f"'text/html', got {self.accept_types!r}")
        object.__setattr__(self, "accept_types", types)  # a list from TOML becomes a tuple


@dataclass(frozen=True)
class FetchResult:
    url: str
    """The canonical URL that was asked for (the cache key)."""
    final_url: str
    """The URL of the last response, after redirects."""
    status: int
    """The last response's status (304 when the cached body was still current); 0 when no
    response came."""
    body: bytes = field(repr=False)
    """The page (decompressed), or ``b""`` on failure."""
    content_type: str
    """The media type, lower case, without parameters (``text/html``)."""
    from_cache: bool
    not_modified: bool
    error: str
    """``""`` on success, else a short stable reason (see the module docstring)."""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class FetchStats:
    """What a :class:`Fetcher` did so far."""

    requests: int = 0
    """HTTP requests sent (robots.txt, redirects and retries included)."""
    body_bytes: int = 0
    """Body bytes received for pages, as they came over the wire (compressed or not)."""
    robots_bytes: int = 0
    """Body bytes received for robots.txt files."""
    not_modified: int = 0
    """Pages answered 304 and served from the cache."""


@dataclass(frozen=True)
class _Response:
    url: str
    status: int = 0
    content_type: str = ""
    body: bytes = b""
    error: str = ""
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    transient: bool = False
    """A failure worth trying again."""


class Fetcher:
    """Fetch pages politely; use as a context manager (or call :meth:`close`).

    ``cache`` is optional: without it no conditional requests are made and nothing is stored.
    An error writing the cache (a full disk) is raised: it is not about one URL. One Fetcher
    may be shared by threads (rate limits and robots.txt are shared too).
    """

    def __init__(self, settings: FetchSettings | None = None, *,
                 cache: WebCache | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.cache = cache
        self.stats = FetchStats()
        self._client = httpx.Client(
            timeout=self.settings.timeout,
            follow_redirects=False,
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept": ", ".join(self.settings.accept_types) + ", */*;q=0.1",
                # only what _read_body can decode in bounded steps (httpx would add br, zstd)
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._random = random.Random()
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchResult:
        """The page at ``url``, or a result whose ``error`` says why not."""
        url = canonical_url(url)
        if not is_http_url(url):
            return FetchResult(url, url, 0, b"", "", False, False, "bad url")
        cached = self.cache.get(url) if self.cache else None
        validators: dict[str, str] = {}
        if cached and cached.etag:
            validators["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            validators["If-Modified-Since"] = cached.last_modified
        response = self._follow(url, check_robots=self.settings.respect_robots,
                                conditional=(cached.final_url, validators) if cached else None)
        if response.status == 304 and cached and validators and not response.error:
            with self._lock:
                self.stats.not_modified += 1
            return FetchResult(url, cached.final_url, 304, cached.body, cached.content_type,
                               True, True, "")
        if not response.error and not 200 <= response.status < 300:
            response = _failed(response, f"http {response.status}")
        if response.error:
            return FetchResult(url, response.url, response.status, b"", response.content_type,
                               False, False, response.error)
        if self.cache:
            self.cache.put(url, final_url=response.url, status=response.status,
                           body=response.body, content_type=response.content_type,
                           etag=response.headers.get("ETag", ""),
                           last_modified=response.headers.get("Last-Modified", ""))
        return FetchResult(url, response.url, response.status, response.body,
                           response.content_type, False, False, "")

    # --- redirects, robots.txt, retries ---

    def _follow(self, url: str, *, check_robots: bool, is_robots: bool = False,
                conditional: tuple[str, dict[str, str]] | None = None) -> _Response:
        """Request ``url`` and follow its redirects; validators go only to the URL the cached
        body came from."""
        seen = {url}
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if check_robots and not self._allowed(current):
                return _Response(current, error="blocked by robots.txt")
            headers = conditional[1] if conditional and conditional[0] == current else {}
            response = self._request(current, headers, is_robots=is_robots)
            if response.error or response.status not in REDIRECT_STATUSES:
                return response
            location = response.headers.get("Location", "").strip()
            if not location:
                return _failed(response, f"http {response.status}")
            target = urljoin(current, location).partition("#")[0]
            if not is_http_url(target):
                return _failed(response, f"bad redirect: {target}")
            if target in seen:
                return _failed(response, "redirect loop")
            seen.add(target)
            current = target
        return _Response(current, error="too many redirects")

    def _request(self, url: str, headers: dict[str, str], *, is_robots: bool) -> _Response:
        """One request, tried again on transient failures."""
        tries = self.settings.tries
        for attempt in range(1, tries + 1):
            self._wait_turn(host_of(url))
            response = self._request_once(url, headers, is_robots=is_robots)
            if not response.transient:
                return response
            retry_after = _retry_after(response.headers.get("Retry-After", ""))
            if retry_after is not None and retry_after > self.settings.max_wait:
                return _failed(response,
                               f"http {response.status}, retry after {retry_after:g} s")
            if attempt == tries:
                break
            step = self.settings.backoff * 2 ** (attempt - 1)
            time.sleep(retry_after if retry_after is not None
                       else self._random.uniform(step / 2, step))
        if response.status and not response.error:
            suffix = f" after {tries} tries" if tries > 1 else ""
            return _failed(response, f"http {response.status}{suffix}")
        return response

    def _request_once(self, url: str, headers: dict[str, str], *, is_robots: bool) -> _Response:
        started = time.monotonic()
        with self._lock:
            self.stats.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as reply:
                status = reply.status_code
                content_type = _media_type(reply.headers.get("Content-Type", ""))
                response = _Response(url, status, content_type,
                                     headers=reply.headers,
                                     transient=status in TRANSIENT_STATUSES)
                if not 200 <= status < 300:
                    return response  # redirects, 304 and errors: the body is not read
                if not is_robots and content_type and content_type not in \
                        self.settings.accept_types:
                    return _failed(response, f"not html: {content_type}")
                body, error = self._read_body(reply, is_robots=is_robots, started=started)
                return _Response(url, status, content_type, body, error,
                                 reply.headers, transient=error == "timeout")
        except httpx.TimeoutException:
            return _Response(url, error="timeout", transient=True)
        except httpx.UnsupportedProtocol:
            return _Response(url, error="bad url")
        except httpx.ConnectError as exc:
            resolver_error = _resolver_error(exc)
            if resolver_error is not None:
                return _Response(url, error=f"dns: {resolver_error.strerror or resolver_error}",
                                 transient=resolver_error.errno == socket.EAI_AGAIN)
            return _Response(url, error=f"connection: {_message(exc)}", transient=True)
        except httpx.TransportError as exc:  # the connection broke mid-response
            return _Response(url, error=f"connection: {_message(exc)}", transient=True)
        except httpx.InvalidURL:
            return _Response(url, error="bad url")

    def _read_body(self, reply: httpx.Response, *, is_robots: bool,
                   started: float) -> tuple[bytes, str]:
        """The decompressed body and ``""``, or ``b""`` and why it was not read to the end."""
        limit = self.settings.max_bytes
        too_large = f"too large: over {limit} bytes"
        declared = reply.headers.get("Content-Length", "")
        encoding = reply.headers.get("Content-Encoding", "").strip().lower()
        if declared.isdigit() and int(declared) > limit and encoding in ("", "identity"):
            return b"", too_large
        if encoding in ("gzip", "x-gzip", "deflate"):
            decoder = zlib.decompressobj(47)  # 32 + 15: a gzip or zlib header, found by zlib
        elif encoding in ("", "identity"):
            decoder = None
        else:
            return b"", f"unsupported encoding: {encoding}"
        parts: list[bytes] = []
        size = received = 0
        try:
            for chunk in reply.iter_raw():
                with self._lock:
                    if is_robots:
                        self.stats.robots_bytes += len(chunk)
                    else:
                        self.stats.body_bytes += len(chunk)
                received += len(chunk)
                data = chunk if decoder is None else decoder.decompress(chunk, limit + 1 - size)
                size += len(data)
                if size > limit or received > limit:  # compressed data past the end counts
                    return b"", too_large
                parts.append(data)
                if time.monotonic() - started > self.settings.max_seconds:
                    return b"", "timeout"
            if decoder is not None:
                tail = decoder.flush()
                size += len(tail)
                if size > limit:
                    return b"", too_large
                parts.append(tail)
        except zlib.error as exc:
            return b"", f"bad encoding: {exc}"
        return b"".join(parts), ""

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host's next request may start, and book the slot after it."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self.settings.min_interval
        if start > now:
            time.sleep(start - now)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{host_of(url)}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per origin, even from many threads
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.settings.user_agent, url)

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | bool:
        """The origin's rules, or True (all allowed) or False (all disallowed)."""
        response = self._follow(f"{origin}/robots.txt", check_robots=False, is_robots=True)
        if response.error or not 200 <= response.status < 300:
            return response.status not in (401, 403)
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(response.body.decode("utf-8", errors="replace").lstrip("\ufeff")
                    .splitlines())
        return rules


def _failed(response: _Response, error: str) -> _Response:
    return _Response(response.url, response.status, response.content_type, b"", error,
                     response.headers, transient=False)


def _media_type(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


def _retry_after(value: str) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _resolver_error(exc: BaseException) -> socket.gaierror | None:
    """The name-resolution error behind an httpx connect error, if that is what it was."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _message(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
