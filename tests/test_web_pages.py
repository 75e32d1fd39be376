"""Articles from the web end to end, against a server on 127.0.0.1 serving the sample pages."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scoring.config import Config
from scoring.types import Article, Skipped
from scoring.web.pages import FetchLog, iter_all_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
PAGES = {
    "/ledger/council": (SAMPLE / "harbor-ledger" / "2026-03-18-council-ai-chatbot-pilot.html"),
    "/trend/flooding": (SAMPLE / "trendpulse-daily"
                        / "2026-03-19-port-calder-flooding-what-to-know.html"),
}


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    log: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        type(self).log.append((path, self.headers.get("If-None-Match", "")))
        status, content_type, body = type(self).routes.get(path, (404, "text/plain", b"no"))
        etag = f'"{hash(body)}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    root = f"http://127.0.0.1:{server.server_port}"
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
            f"<item><title>Council</title><link>{root}/ledger/council?utm_source=rss</link>"
            f"<pubDate>Wed, 18 Mar 2026 08:00:00 GMT</pubDate></item>"
            f"<item><title>Gone</title><link>{root}/ledger/gone</link></item>"
            f"</channel></rss>").encode()
    Handler.routes = {path: (200, "text/html; charset=utf-8", file.read_bytes())
                      for path, file in PAGES.items()}
    Handler.routes["/ledger/rss"] = (200, "application/rss+xml", feed)
    Handler.routes["/image"] = (200, "image/png", b"\x89PNG")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root
    server.shutdown()


def settings(tmp_path: Path) -> Config:
    return Config(fetch_cache_dir=str(tmp_path / "cache"), fetch_min_interval=0.0,
                  fetch_timeout=2.0)


def test_sources_file_urls_file_and_a_direct_url(base: str, tmp_path: Path) -> None:
    (tmp_path / "more.urls").write_text(f"# trend\n{base}/trend/flooding\n{base}/image\n",
                                        encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "Harbor Ledger"\nfeeds = ["{base}/ledger/rss"]\n',
                       encoding="utf-8")
    config = settings(tmp_path)
    items = list(iter_all_inputs([str(tmp_path / "more.urls")], config,
                                 sources_file=str(sources)))
    articles = {a.url.rsplit("/", 1)[-1]: a for a in items if isinstance(a, Article)}
    skipped = {s.path.rsplit("/", 1)[-1]: s.reason for s in items if isinstance(s, Skipped)}
    assert set(articles) == {"council", "flooding"}
    council = articles["council"]
    assert council.source == "Harbor Ledger"  # the outlet's name from the sources file
    assert council.path == f"{base}/ledger/council"  # tracking parameter dropped
    assert "tutoring" in council.text.lower() or "chatbot" in council.text.lower()
    assert council.published.startswith("2026-03-18")
    assert articles["flooding"].source == "TrendPulse Daily"  # what the page says
    assert skipped == {"gone": "http 404", "image": "not html: image/png"}


def test_a_second_run_downloads_no_page_again(base: str, tmp_path: Path) -> None:
    config = settings(tmp_path)
    urls = [f"{base}/ledger/council", f"{base}/trend/flooding"]
    first_log, second_log = FetchLog(), FetchLog()
    first = list(iter_all_inputs(urls, config, log=first_log))
    Handler.log.clear()
    second = list(iter_all_inputs(urls, config, log=second_log))
    assert [a.text for a in first] == [a.text for a in second]
    assert [p["outcome"] for p in first_log.pages] == ["downloaded", "downloaded"]
    assert first_log.extracted == 2 and first_log.body_bytes > 0
    assert [p["outcome"] for p in second_log.pages] == ["not modified", "not modified"]
    assert (second_log.extracted, second_log.body_bytes) == (0, 0)  # records from the cache
    page_requests = [(path, tag) for path, tag in Handler.log if path != "/robots.txt"]
    assert page_requests and all(tag for _, tag in page_requests)  # all conditional: 304s


def test_since_leaves_out_older_articles(base: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "Harbor Ledger"\nfeeds = ["{base}/ledger/rss"]\n',
                       encoding="utf-8")
    items = list(iter_all_inputs([], settings(tmp_path), sources_file=str(sources),
                                 since="2026-03-19"))
    assert not [i for i in items if isinstance(i, Article)]  # the council story is 03-18
    assert [s.reason for s in items] == ["http 404"]  # the undated one is fetched, and fails


def test_the_last_successful_run_is_the_default_since(tmp_path: Path) -> None:
    from scoring.web.pages import last_success, record_success

    sources = tmp_path / "sources.toml"
    assert last_success(tmp_path, str(sources)) == ""
    record_success(tmp_path, str(sources), "2026-03-19T06:00:00+00:00", "run-1")
    record_success(tmp_path, str(tmp_path / "other.toml"), "2026-01-01T00:00:00+00:00", "run-0")
    assert last_success(tmp_path, str(sources)) == "2026-03-19T06:00:00+00:00"
    (tmp_path / "fetch-state.json").write_text("{broken", encoding="utf-8")
    assert last_success(tmp_path, str(sources)) == ""  # a damaged state: fetch everything


def test_the_report_window_adds_earlier_articles_from_the_cache(base: str,
                                                                tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "Harbor Ledger"\nfeeds = ["{base}/ledger/rss"]\n',
                       encoding="utf-8")
    config = settings(tmp_path)
    first = [i for i in iter_all_inputs([], config, sources_file=str(sources))
             if isinstance(i, Article)]
    assert [a.source for a in first] == ["Harbor Ledger"]
    Handler.log.clear()
    log = FetchLog()
    later = list(iter_all_inputs([], config, sources_file=str(sources), since="2026-03-19",
                                 report_since="2026-03-01", log=log))
    [article] = [i for i in later if isinstance(i, Article)]
    assert article.text == first[0].text and article.source == "Harbor Ledger"
    assert "/ledger/council" not in [path for path, _ in Handler.log]  # not fetched again
    assert log.from_cache == 1
    outside = list(iter_all_inputs([], config, sources_file=str(sources), since="2026-03-19",
                                   report_since="2026-03-19"))
    assert not [i for i in outside if isinstance(i, Article)]


def test_explain_with_a_sources_file(base: str, tmp_path: Path, capsys) -> None:
    from scoring.cli import main

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "Harbor Ledger"\nfeeds = ["{base}/ledger/rss"]\n',
                       encoding="utf-8")
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text(f'fetch_cache_dir = "{tmp_path / "cache"}"\n'
                             "fetch_min_interval = 0.0\n", encoding="utf-8")
    assert main(["explain", "--sources", str(sources), "--config", str(settings_file),
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [a["source"] for a in report["articles"]] == ["Harbor Ledger"]
    assert report["skipped"] == [{"path": f"{base}/ledger/gone", "reason": "http 404"}]


def test_a_command_without_inputs_says_what_to_give(capsys) -> None:
    from scoring.cli import main

    with pytest.raises(SystemExit):
        main(["explain"])
    assert "give at least one PATH or URL, or --sources FILE" in capsys.readouterr().err


def test_a_bad_sources_file_is_reported_before_anything_runs(tmp_path: Path, capsys) -> None:
    from scoring.cli import main

    sources = tmp_path / "sources.toml"
    sources.write_text('[[outlet]]\nname = "A"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["run", "--sources", str(sources)])
    assert "give feeds, sitemaps, urls or a urls_file" in capsys.readouterr().err
