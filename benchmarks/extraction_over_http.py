"""The extraction benchmark's pages fetched over HTTP, as a scheduled run would fetch them.

    .venv/bin/python -m benchmarks.extraction_over_http [DIR] [--repeat 3]

Serves each page of the article-extraction benchmark (DIR, default
``../shared/data/article-extraction-benchmark``) from a server on 127.0.0.1 as ``text/html``
with an ETag, writes a ``.urls`` file listing them, and reads that file with the tool's own
input path (:func:`scoring.web.pages.iter_all_inputs`: fetcher, cache, ``read_html``). Per run
it prints the mean token F1 against the gold ``articleBody`` (the metric of ``reliability eval
extraction``), the seconds taken, and how many page bodies the server sent. The first run
starts from an empty cache; the later ones reuse it, so they must send no body (every page is
answered ``304 Not Modified``) and extract nothing again.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scoring.config import Config
from scoring.evaluation.extraction import load_ground_truth, score_tokens
from scoring.types import Article
from scoring.web.pages import iter_all_inputs


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, dict[str, int]]:
    counts = {"bodies": 0, "not_modified": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body = pages.get(self.path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                counts["not_modified"] += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            counts["bodies"] += 1
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="../shared/data/article-extraction-benchmark")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    truth = load_ground_truth(folder)
    pages = {f"{page}.html": gzip.decompress((folder / "html" / f"{page}.html.gz").read_bytes())
             for page in sorted(truth)}
    server, counts = serve(pages)
    base = f"http://127.0.0.1:{server.server_port}"
    with tempfile.TemporaryDirectory() as work:
        urls = Path(work) / "benchmark.urls"
        urls.write_text("".join(f"{base}/{name}\n" for name in pages), encoding="utf-8")
        config = Config(fetch_cache_dir=str(Path(work) / "cache"), fetch_min_interval=0.0)
        seconds = []
        print("| run | pages read | mean F1 | seconds | bodies sent | 304s |")
        print("|---|---|---|---|---|---|")
        for run in range(1, args.repeat + 1):
            before = dict(counts)
            started = time.perf_counter()
            items = list(iter_all_inputs([str(urls)], config))
            seconds.append(time.perf_counter() - started)
            read = {item.path.rsplit("/", 1)[-1].removesuffix(".html"): item
                    for item in items if isinstance(item, Article)}
            f1 = statistics.fmean(
                score_tokens(read[page].text if page in read else "", entry["articleBody"]).f1
                for page, entry in truth.items())
            print(f"| {run} | {len(read)} of {len(pages)} | {f1:.3f} | {seconds[-1]:.1f} | "
                  f"{counts['bodies'] - before['bodies']} | "
                  f"{counts['not_modified'] - before['not_modified']} |")
    server.shutdown()
    if len(seconds) > 1:
        print(f"\nmedian of the cached runs: {statistics.median(seconds[1:]):.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
