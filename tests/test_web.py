"""scoring.web: canonical URLs, the page cache, and the fetcher against a local HTTP server.

The server listens on 127.0.0.1 only. Host names ending in ``.test`` are resolved to it by a
patched ``socket.getaddrinfo`` (so each test has hosts of its own: its own robots.txt, rate
limit and request log), and every other name fails to resolve: no test reaches the network.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.web.cache import WebCache
from scoring.web.client import Fetcher, FetchSettings
from scoring.web.urls import canonical_url, host_of, is_http_url

# --- canonical URLs ---

CANONICAL_CASES = [
    # scheme, host, default ports, fragments
    ("HTTP://Example.COM:80/a?b=2&a=1#top", "http://example.com/a?a=1&b=2"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/p", "https://example.com:8443/p"),
    ("http://example.com:443/p", "http://example.com:443/p"),
    ("https://example.com./p", "https://example.com/p"),
    ("https://Bücher.Example/p", "https://xn--bcher-kva.example/p"),
    ("http://[::1]:80/x", "http://[::1]/x"),
    ("  https://example.com/p \n", "https://example.com/p"),
    # tracking parameters, in any case
    ("https://ex.com/p?utm_source=rss&utm_medium=email&id=7&fbclid=1&gclid=2&mc_cid=3"
     "&mc_eid=4&ref=tw", "https://ex.com/p?id=7"),
    ("https://ex.com/p?UTM_Campaign=x&Page=2&_ga=1&PHPSESSID=abc", "https://ex.com/p?Page=2"),
    ("https://ex.com/p?utm_source=x", "https://ex.com/p"),
    # near misses: parameters that can name the article are kept (courlan drops these)
    ("https://ex.com/p?gameid=7&refresh=1&cid=9&gallery=2",
     "https://ex.com/p?cid=9&gallery=2&gameid=7&refresh=1"),
    ("https://ex.com/story?story=2&source=wire", "https://ex.com/story?source=wire&story=2"),
    # query: sorted by name, repeated names keep their order, blank values kept, && dropped
    ("https://ex.com/p?tag=b&tag=a&q=&&x=1", "https://ex.com/p?q=&tag=b&tag=a&x=1"),
    # path: dot segments, escapes; + ; and // kept as written
    ("https://ex.com/a/./b/../c", "https://ex.com/a/c"),
    ("https://ex.com/a/%2E%2E/b", "https://ex.com/b"),
    ("https://ex.com/caf%c3%a9/%7Euser/a%2fb", "https://ex.com/caf%C3%A9/~user/a%2Fb"),
    ("https://ex.com/café news", "https://ex.com/caf%C3%A9%20news"),
    ("https://ex.com/a+b;c//d", "https://ex.com/a+b;c//d"),
    # not absolute http(s) URLs: as given, stripped
    ("mailto:desk@ex.com", "mailto:desk@ex.com"),
    ("example.com/p?utm_source=x", "example.com/p?utm_source=x"),
    ("/relative/path", "/relative/path"),
    ("http://ex.com:99999/", "http://ex.com:99999/"),
    ("", ""),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL_CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://News.Example.COM:443/a", "news.example.com"),
    ("http://127.0.0.1:8080/a", "127.0.0.1:8080"),
    ("https://user:pw@ex.com/", "ex.com"),
    ("ftp://ex.com/a", ""),
    ("not a url", ""),
])
def test_host_of(url: str, expected: str) -> None:
    assert host_of(url) == expected


@given(st.text(max_size=60).map(lambda s: "https://ex.com/" + s) | st.text(max_size=60))
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert is_http_url(once) == is_http_url(url)


# --- the page cache ---

def test_cache_round_trip_is_keyed_by_canonical_url(tmp_path: Path) -> None:
    cache = WebCache(tmp_path)
    stored = cache.put("https://ex.com/a?utm_source=rss", final_url="https://ex.com/a/",
                       status=200, body=b"<p>hi</p>", content_type="text/html", etag='"v1"',
                       last_modified="Wed, 04 Mar 2026 09:30:00 GMT")
    page = cache.get("HTTPS://EX.COM/a#top")
    assert page == stored
    assert (page.url, page.final_url, page.body, page.size) == (
        "https://ex.com/a", "https://ex.com/a/", b"<p>hi</p>", 9)
    assert (page.etag, page.last_modified) == ('"v1"', "Wed, 04 Mar 2026 09:30:00 GMT")
    folder = cache.folder_for("https://ex.com/a")
    assert sorted(p.name for p in folder.iterdir()) == ["body.gz", "page.json"]  # no temp files
    assert folder.parent.parent == tmp_path
    assert gzip.decompress((folder / "body.gz").read_bytes()) == b"<p>hi</p>"
    assert json.loads((folder / "page.json").read_text())["fetched_at"] == page.fetched_at
    assert cache.get("https://ex.com/b") is None


@pytest.mark.parametrize("damage", ["body.gz", "page.json", "swap"])
def test_damaged_cache_entries_are_misses(tmp_path: Path, damage: str) -> None:
    cache = WebCache(tmp_path)
    cache.put("https://ex.com/a", final_url="https://ex.com/a", status=200, body=b"old body")
    folder = cache.folder_for("https://ex.com/a")
    if damage == "swap":  # a body from another write than page.json: must not be served
        (folder / "body.gz").write_bytes(gzip.compress(b"new body"))
    else:
        (folder / damage).write_bytes(b"\x00garbage")
    assert cache.get("https://ex.com/a") is None


def test_record_belongs_to_the_body_it_was_extracted_from(tmp_path: Path) -> None:
    cache = WebCache(tmp_path)
    url = "https://ex.com/a"
    assert cache.get_record(url) is None
    cache.put(url, final_url=url, status=200, body=b"first")
    cache.put_record(url, {"title": "First", "words": 1})
    assert cache.get_record(url + "?utm_medium=x") == {"title": "First", "words": 1}
    cache.put(url, final_url=url, status=200, body=b"second, changed")
    assert cache.get_record(url) is None


# --- the fetcher, against a local server ---

LAST_MODIFIED = "Wed, 04 Mar 2026 09:30:00 GMT"
ROBOTS = {  # host name -> (status, robots.txt); any other host: 404
    "robots": (200, "User-agent: *\nDisallow: /private/\n"),
    "forbidden": (403, "no"),
    "broken": (500, "oops"),
}
HUGE_BYTES = 50_000_000
BOMB = gzip.compress(b"\0" * 20_000_000)  # about 20 kB on the wire


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, dict[str, str], float]] = []
        self.huge_sent = 0

    def hits(self, host: str, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for h, p, headers, _ in self.log if (h, p) == (host, path)]

    def times(self, host: str) -> list[float]:
        with self.lock:
            return [t for h, _, _, t in self.log if h == host]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        host = self.headers.get("Host", "").split(".test")[0]
        with self.server.lock:
            self.server.log.append((host, self.path, dict(self.headers), time.monotonic()))
            seen = sum(1 for h, p, _, _ in self.server.log if (h, p) == (host, self.path))
        parts = self.path.strip("/").split("/")
        if self.path == "/robots.txt":
            status, text = ROBOTS.get(host, (404, "not found"))
            self.reply(status, text.encode(), "text/plain")
        elif parts[0] == "page":
            etag = f'"v1-{self.path}"'
            if self.headers.get("If-None-Match") == etag:
                self.reply(304, b"", extra={"ETag": etag})
            else:
                body = f"<html><body><p>Page {self.path}</p></body></html>".encode()
                self.reply(200, body, extra={"ETag": etag, "Last-Modified": LAST_MODIFIED})
        elif parts[0] == "dated":  # Last-Modified only
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.reply(304, b"")
            else:
                self.reply(200, b"<p>dated</p>", extra={"Last-Modified": LAST_MODIFIED})
        elif parts[0] == "status":
            self.reply(int(parts[1]), b"status page")
        elif parts[0] == "flaky":  # /flaky/<failures>/...: 500 that many times, then 200
            self.reply(500 if seen <= int(parts[1]) else 200, b"<p>flaky</p>")
        elif parts[0] == "retry-after":  # /retry-after/<seconds>/...: one 429, then 200
            extra = {"Retry-After": parts[1]}
            self.reply(429 if seen == 1 else 200, b"<p>later</p>", extra=extra)
        elif parts[0] == "slow":
            time.sleep(float(parts[1]))
            self.reply(200, b"<p>slow</p>")
        elif parts[0] == "loop":
            self.redirect("/loop/b" if parts[1] == "a" else "/loop/a")
        elif parts[0] == "chain":
            n = int(parts[1])
            self.redirect(f"/chain/{n - 1}") if n else self.reply(200, b"<p>arrived</p>")
        elif parts[0] == "huge":
            self.stream_huge()
        elif parts[0] == "declared-huge":
            self.reply(200, b"<p>" + b"x" * 1000, extra={"Content-Length": str(HUGE_BYTES)})
        elif parts[0] == "bomb":
            self.reply(200, BOMB, extra={"Content-Encoding": "gzip"})
        elif parts[0] == "image":
            self.reply(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 5000, "image/png")
        elif parts[0] == "private":
            self.reply(200, b"<p>secret</p>")
        else:
            self.reply(404, b"not found")

    def reply(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        headers = {"Content-Length": str(len(body)), **(extra or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if status != 304:
            try:
                self.wfile.write(body)
            except OSError:  # the client stopped reading: that is what some tests check
                pass

    def redirect(self, location: str) -> None:
        self.reply(302, b"", extra={"Location": location})

    def stream_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the body ends when the connection closes
        chunk = b"<p>" + b"x" * 65_533
        try:
            while self.server.huge_sent < HUGE_BYTES:
                self.wfile.write(chunk)
                with self.server.lock:
                    self.server.huge_sent += len(chunk)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    real_getaddrinfo = socket.getaddrinfo

    def local_only(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "127.0.0.1" or str(host).endswith(".test"):
            return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", local_only)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                     "all_proxy"):
            patch.delenv(name, raising=False)
        httpd = Server()
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield httpd
        finally:
            httpd.shutdown()
            httpd.server_close()


FAST = {"min_interval": 0.0, "backoff": 0.01, "timeout": 2.0, "max_wait": 5.0}


def fetcher(cache: WebCache | None = None, **settings: object) -> Fetcher:
    return Fetcher(FetchSettings(**{**FAST, **settings}), cache=cache)  # type: ignore[arg-type]


def at(server: Server, host: str, path: str) -> str:
    return f"http://{host}.test:{server.server_port}{path}"


def test_ok_page(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "ok", "/page/one?utm_source=rss#top"))
    assert result.error == "" and result.ok
    assert (result.status, result.content_type) == (200, "text/html")
    assert result.url == result.final_url == at(server, "ok", "/page/one")
    assert result.body == b"<html><body><p>Page /page/one</p></body></html>"
    assert not result.from_cache and not result.not_modified
    headers = server.hits("ok", "/page/one")[0]  # the tracker never reached the server
    assert headers["User-Agent"].startswith("news-reliability/0.1 (+https://")


@pytest.mark.parametrize("status", [404, 403, 410])
def test_client_errors_are_not_retried(server: Server, status: int) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, f"e{status}", f"/status/{status}"))
    assert (result.error, result.status, result.body) == (f"http {status}", status, b"")
    assert len(server.hits(f"e{status}", f"/status/{status}")) == 1


def test_server_error_then_success_is_retried(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "flaky", "/flaky/2/x"))
    assert result.ok and result.body == b"<p>flaky</p>"
    assert len(server.hits("flaky", "/flaky/2/x")) == 3


def test_server_error_every_time_gives_up_after_the_tries(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "down", "/status/503"))
    assert result.error == "http 503 after 3 tries"
    assert len(server.hits("down", "/status/503")) == 3


def test_retry_after_is_honoured(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "busy", "/retry-after/1/x"))
    assert result.ok
    first, second = server.times("busy")[-2:]
    assert second - first >= 0.95


def test_retry_after_longer_than_max_wait_ends_the_fetch(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "busier", "/retry-after/3600/x"))
    assert result.error == "http 429, retry after 3600 s"
    assert len(server.hits("busier", "/retry-after/3600/x")) == 1


def test_slow_response_times_out(server: Server) -> None:
    started = time.monotonic()
    with fetcher(timeout=0.5, tries=1) as client:
        result = client.fetch(at(server, "slow", "/slow/3"))
    assert result.error == "timeout" and result.body == b""
    assert time.monotonic() - started < 2.5  # the server answers after 3 s


def test_redirect_loop_is_a_failure(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "loop", "/loop/a"))
    assert result.error == "redirect loop"
    assert len(server.hits("loop", "/loop/a")) == len(server.hits("loop", "/loop/b")) == 1


def test_redirect_chain_within_the_limit_is_followed(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "chain", "/chain/3"))
        too_long = client.fetch(at(server, "long-chain", "/chain/9"))
    assert result.ok and result.body == b"<p>arrived</p>"
    assert (result.url, result.final_url) == (at(server, "chain", "/chain/3"),
                                              at(server, "chain", "/chain/0"))
    assert too_long.error == "too many redirects"
    # 9 and five redirects (8 ... 4) requested; 4's redirect to 3 is one too many
    assert len(server.hits("long-chain", "/chain/4")) == 1
    assert server.hits("long-chain", "/chain/3") == []


def test_huge_body_is_not_read_past_the_cap(server: Server) -> None:
    with fetcher(max_bytes=100_000) as client:
        streamed = client.fetch(at(server, "huge", "/huge"))
        declared = client.fetch(at(server, "huge", "/declared-huge"))
        bomb = client.fetch(at(server, "huge", "/bomb"))
        received = client.stats.body_bytes
    assert streamed.error == declared.error == bomb.error == "too large: over 100000 bytes"
    assert streamed.body == declared.body == bomb.body == b""
    assert server.huge_sent < HUGE_BYTES / 2  # the client hung up; the server did not finish
    assert received < 100_000 + 200_000 + len(BOMB)  # at most a chunk past the cap, not 50 MB


def test_wrong_content_type_is_refused_unread(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch(at(server, "image", "/image/logo.png"))
        assert client.stats.body_bytes == 0
    assert result.error == "not html: image/png"
    assert (result.status, result.content_type, result.body) == (200, "image/png", b"")


def test_robots_txt_is_respected_and_read_once(server: Server) -> None:
    with fetcher() as client:
        blocked = client.fetch(at(server, "robots", "/private/page"))
        allowed = client.fetch(at(server, "robots", "/page/public"))
    assert blocked.error == "blocked by robots.txt"
    assert allowed.ok
    assert server.hits("robots", "/private/page") == []
    assert len(server.hits("robots", "/robots.txt")) == 1


def test_robots_txt_refused_blocks_and_robots_txt_broken_allows(server: Server) -> None:
    with fetcher() as client:
        forbidden = client.fetch(at(server, "forbidden", "/page/a"))
        broken = client.fetch(at(server, "broken", "/page/a"))
    assert forbidden.error == "blocked by robots.txt"
    assert server.hits("forbidden", "/page/a") == []
    assert broken.ok
    assert len(server.hits("broken", "/robots.txt")) == 3  # a 500 is retried like any other


def test_requests_to_one_host_are_spaced(server: Server) -> None:
    with fetcher(min_interval=0.5) as client:
        client.fetch(at(server, "spaced", "/page/1"))
        client.fetch(at(server, "spaced", "/page/2"))
        client.fetch(at(server, "elsewhere", "/page/1"))
    robots, first, second = server.times("spaced")
    # measured where the server receives them: allow the network stack's jitter
    assert first - robots >= 0.4 and second - first >= 0.4
    other_host = server.times("elsewhere")[0]  # its robots.txt: it does not wait for "spaced"
    assert other_host - second < 0.45


def test_unchanged_pages_are_not_downloaded_again(server: Server, tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "web")
    urls = [at(server, "cond", "/page/a"), at(server, "cond", "/dated/b")]
    with fetcher(cache) as client:
        first = [client.fetch(url) for url in urls]
        assert client.stats.body_bytes > 0
    with fetcher(cache) as client:  # the next run: a new client, the same cache
        second = [client.fetch(url) for url in urls]
        assert client.stats.body_bytes == 0
        assert client.stats.not_modified == 2
    for before, after in zip(first, second, strict=True):
        assert before.ok and not before.from_cache
        assert after.ok and after.from_cache and after.not_modified and after.status == 304
        assert after.body == before.body and after.content_type == before.content_type
    assert server.hits("cond", "/page/a")[1]["If-None-Match"] == '"v1-/page/a"'
    assert server.hits("cond", "/dated/b")[1]["If-Modified-Since"] == LAST_MODIFIED


def test_unresolvable_host_fails_fast(server: Server) -> None:
    with fetcher() as client:
        result = client.fetch("http://nonexistent.invalid/")
        assert client.stats.requests == 2  # robots.txt and the page, neither retried
    assert result.error == "dns: Name or service not known"


def test_refused_connection_and_bad_urls(server: Server) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(tries=1) as client:
        refused = client.fetch(f"http://127.0.0.1:{port}/page")
        bad = [client.fetch(url) for url in ("mailto:desk@ex.com", "ftp://ex.com/a", "")]
    assert refused.error.startswith("connection: ")
    assert [r.error for r in bad] == ["bad url"] * 3


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="tries"):
        FetchSettings(tries=0)
    with pytest.raises(ValueError, match="accept_types"):
        FetchSettings(accept_types=("HTML",))
