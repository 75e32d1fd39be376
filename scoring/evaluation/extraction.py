"""How well the HTML reader finds a page's main text, on the article-extraction benchmark.

    reliability eval extraction DIR [--limit N] [--worst K] [--json] [--config FILE]

DIR is a copy of Scrapinghub's article-extraction benchmark (github.com/scrapinghub/
article-extraction-benchmark, MIT licence): ``ground-truth.json`` maps each page id to
``{"articleBody": ..., "url": ...}`` and ``html/<id>.html.gz`` holds the page. Pages are taken
in sorted id order (``--limit N``: the first N).

Each page goes through the tool's own reading, :func:`scoring.ingest.iter_inputs` on the one
file: gunzip, :func:`~scoring.ingest.decode_bytes`, :func:`~scoring.ingest.html.read_html` with
the settings of ``--config``. The text measured is ``Article.text``, exactly what the scorer
reads: trafilatura's blocks joined by blank lines, the page's headline included when trafilatura
keeps the ``<h1>``. A page the reader skips counts as an empty extraction, with the reason.

Tokens: ``re.findall(r"\\w+", text.lower())``, i.e. maximal runs of Unicode letters, digits and
underscores after lower-casing; punctuation and whitespace only separate tokens ("don't" gives
"don" and "t" on both sides alike). Text in scripts written without spaces (Japanese) becomes
one token per run of letters, which is coarse but the same for both sides.

Per page, with E the multiset of extracted tokens and G that of the gold ``articleBody``:
precision = ``|E ∩ G| / |E|``, recall = ``|E ∩ G| / |G|`` (``∩`` the multiset intersection,
``Counter &``, so a paragraph printed twice costs precision), F1 their harmonic mean; all three
are 0 for an empty extraction. A page whose gold text has no token is left out and counted.
Reported: the means over pages (F1 with a bootstrap 95% interval, resampling pages), the pooled
figures (token counts summed over pages before dividing), the pages with an empty extraction, and
the K pages with the lowest F1.

Two further rows help to read the headline figure (which stays the tool's own code path):

- *title paragraph removed*: the gold ``articleBody`` has no headline, so a headline kept by the
  reader costs precision. Here the first paragraph is dropped when its tokens are the page
  title's tokens or their beginning (titles often end with " | Site name").
- *word 4-grams*: the same per-page means over bags of 4 consecutive tokens, which also
  penalises text in the wrong order. The benchmark's own ``evaluate.py`` scores 4-token
  shingles with case kept and pools per-page counts normalised to sum to one, so the figures it
  publishes (and trafilatura's 0.945, from its own metric) are not directly comparable with the
  ones here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from scoring.config import Config, load_config
from scoring.evaluation import print_report
from scoring.ingest import iter_inputs
from scoring.ingest.html import PARAGRAPH_SEPARATOR
from scoring.types import Article

GROUND_TRUTH = "ground-truth.json"
PAGES = "html"
SHINGLE_SIZE = 4
BOOTSTRAP_REPEATS = 2000

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class TokenScores:
    """Precision, recall and F1 of one extracted text against its gold text, with the counts."""

    precision: float
    recall: float
    f1: float
    overlap: int
    extracted: int
    gold: int


@dataclass(frozen=True)
class PageResult:
    id: str
    url: str
    as_read: TokenScores
    without_title: TokenScores
    shingles: TokenScores
    title_paragraph: bool
    reason: str = ""  # why the extraction is empty; "" when it is not


@dataclass(frozen=True)
class Means:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ExtractionReport:
    benchmark: str
    pages: int
    gold_empty: list[str]
    empty_extractions: int
    mean: Means
    f1_ci95: tuple[float, float]
    pooled: TokenScores
    without_title: Means
    title_paragraphs: int
    shingles: Means
    worst: list[PageResult]
    failures: list[dict[str, str]]
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "f1_ci95": list(self.f1_ci95)}

    def as_markdown(self) -> str:
        lines = [
            f"Article-extraction benchmark ({self.benchmark}): {self.pages} "
            f"page{'s' if self.pages != 1 else ''}, "
            f"{self.empty_extractions} with an empty extraction ({self.seconds:.1f} s)",
            "",
            "| measure | precision | recall | F1 |",
            "|---|---|---|---|",
            f"| mean over pages, as the tool reads them | {self.mean.precision:.3f} | "
            f"{self.mean.recall:.3f} | **{self.mean.f1:.3f}** "
            f"({self.f1_ci95[0]:.3f} to {self.f1_ci95[1]:.3f}) |",
            f"| pooled over all tokens | {self.pooled.precision:.3f} | "
            f"{self.pooled.recall:.3f} | {self.pooled.f1:.3f} |",
            f"| mean, title paragraph removed ({self.title_paragraphs} pages had one) | "
            f"{self.without_title.precision:.3f} | {self.without_title.recall:.3f} | "
            f"{self.without_title.f1:.3f} |",
            f"| mean on word {SHINGLE_SIZE}-grams | {self.shingles.precision:.3f} | "
            f"{self.shingles.recall:.3f} | {self.shingles.f1:.3f} |",
        ]
        if self.gold_empty:
            lines += ["", f"Left out, gold text without words: {', '.join(self.gold_empty)}"]
        if self.worst:
            lines += ["", f"Lowest F1 ({len(self.worst)}):", "",
                      "| id | url | precision | recall | F1 |", "|---|---|---|---|---|"]
            lines += [f"| {page.id} | {page.url} | {page.as_read.precision:.3f} | "
                      f"{page.as_read.recall:.3f} | {page.as_read.f1:.3f} |"
                      for page in self.worst]
        if self.failures:
            lines += ["", "Empty extractions:", ""]
            lines += [f"- {f['id']} ({f['url']}): {f['reason']}" for f in self.failures]
        return "\n".join(lines)


def tokens(text: str) -> list[str]:
    """The text's word tokens, lower-cased (see the module docstring)."""
    return _TOKEN.findall(text.lower())


def token_bag(words: Sequence[str], n: int = 1) -> Counter[tuple[str, ...]]:
    """The multiset of runs of ``n`` consecutive tokens; a text with 1 to n-1 tokens gives one
    shorter run (as the benchmark's script does), an empty one none."""
    if not words:
        return Counter()
    return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)))


def score_tokens(extracted: str, gold: str, *, n: int = 1) -> TokenScores:
    """Precision, recall and F1 of the bag of tokens (``n`` > 1: of ``n``-token runs).

    Range 0 to 1, higher is better; 0 for an empty side (recall is undefined for an empty gold
    text: the evaluation leaves such pages out).
    """
    ours, theirs = token_bag(tokens(extracted), n), token_bag(tokens(gold), n)
    overlap = sum((ours & theirs).values())
    n_ours, n_theirs = sum(ours.values()), sum(theirs.values())
    precision = overlap / n_ours if n_ours else 0.0
    recall = overlap / n_theirs if n_theirs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TokenScores(precision, recall, f1, overlap, n_ours, n_theirs)


def drop_title_paragraph(text: str, title: str) -> tuple[str, bool]:
    """``text`` without its first paragraph if that paragraph is the title (its tokens are the
    title's tokens or their beginning), and whether it was dropped."""
    first, _, rest = text.partition(PARAGRAPH_SEPARATOR)
    heading, title_words = tokens(first), tokens(title)
    if heading and heading == title_words[:len(heading)]:
        return rest, True
    return text, False


def load_ground_truth(folder: Path) -> dict[str, dict[str, str]]:
    """The benchmark's ``{id: {"articleBody", "url"}}``; ``ValueError`` saying what is wrong
    with the folder (missing, not JSON, not that shape)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder (expected the benchmark folder, holding "
                         f"{GROUND_TRUTH} and {PAGES}/)")
    path = folder / GROUND_TRUTH
    if not path.is_file():
        raise ValueError(f"{path}: missing; is {folder} the article-extraction benchmark?")
    if not (folder / PAGES).is_dir():
        raise ValueError(f"{folder / PAGES}: missing; the pages should be {PAGES}/<id>.html.gz")
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not readable as JSON: {error}") from error
    if not isinstance(truth, dict):
        raise ValueError(f"{path}: expected an object {{id: {{articleBody, url}}}}")
    for page_id, entry in truth.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("articleBody"), str)):
            raise ValueError(f"{path}: entry {page_id!r} has no articleBody string")
    return truth


def read_page(path: Path, config: Config) -> tuple[Article | None, str]:
    """The article the tool reads from one page file, or ``None`` and the reason it read none."""
    for item in iter_inputs([path], config):
        if isinstance(item, Article):
            return item, ""
        return None, item.reason
    return None, "nothing read"


def evaluate_page(page_id: str, url: str, gold: str, article: Article | None,
                  reason: str) -> PageResult:
    text = article.text if article is not None else ""
    if article is not None and not tokens(text):
        reason = "no words in the extracted text"
    body, dropped = drop_title_paragraph(text, article.title) if article else ("", False)
    return PageResult(
        id=page_id, url=url, as_read=score_tokens(text, gold),
        without_title=score_tokens(body, gold), shingles=score_tokens(text, gold, n=SHINGLE_SIZE),
        title_paragraph=dropped, reason=reason,
    )


def evaluate_extraction(folder: Path, config: Config, *, limit: int | None = None,
                        worst: int = 5, seed: int = 0) -> ExtractionReport:
    """Score the reader on every page of the benchmark in ``folder`` (see the module doc)."""
    started = time.perf_counter()
    folder = Path(folder)
    truth = load_ground_truth(folder)
    results: list[PageResult] = []
    gold_empty: list[str] = []
    for page_id in sorted(truth)[:limit]:
        entry = truth[page_id]
        if not tokens(entry["articleBody"]):
            gold_empty.append(page_id)
            continue
        article, reason = read_page(folder / PAGES / f"{page_id}.html.gz", config)
        results.append(evaluate_page(page_id, str(entry.get("url", "")), entry["articleBody"],
                                     article, reason))
    if not results:
        raise ValueError(f"{folder}: no page with a gold text to score")
    f1s = np.array([r.as_read.f1 for r in results])
    rng = np.random.default_rng(seed)
    resampled = [f1s[rng.integers(0, len(f1s), len(f1s))].mean()
                 for _ in range(BOOTSTRAP_REPEATS)]
    overlap = sum(r.as_read.overlap for r in results)
    extracted = sum(r.as_read.extracted for r in results)
    gold = sum(r.as_read.gold for r in results)
    precision = overlap / extracted if extracted else 0.0
    recall = overlap / gold
    return ExtractionReport(
        benchmark=str(folder),
        pages=len(results),
        gold_empty=gold_empty,
        empty_extractions=sum(1 for r in results if r.reason),
        mean=_means([r.as_read for r in results]),
        f1_ci95=(float(np.percentile(resampled, 2.5)), float(np.percentile(resampled, 97.5))),
        pooled=TokenScores(precision, recall,
                           2 * precision * recall / (precision + recall) if overlap else 0.0,
                           overlap, extracted, gold),
        without_title=_means([r.without_title for r in results]),
        title_paragraphs=sum(r.title_paragraph for r in results),
        shingles=_means([r.shingles for r in results]),
        worst=sorted(results, key=lambda r: (r.as_read.f1, r.id))[:max(worst, 0)],
        failures=[{"id": r.id, "url": r.url, "reason": r.reason} for r in results if r.reason],
        seconds=time.perf_counter() - started,
    )


def _means(scores: Sequence[TokenScores]) -> Means:
    return Means(precision=float(np.mean([s.precision for s in scores])),
                 recall=float(np.mean([s.recall for s in scores])),
                 f1=float(np.mean([s.f1 for s in scores])))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reliability eval extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, metavar="DIR",
                        help=f"the benchmark folder ({GROUND_TRUTH} and {PAGES}/)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=5, metavar="K",
                        help="list the K pages with the lowest F1 (default 5)")
    parser.add_argument("--config", default=None, help="settings TOML file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    try:
        report = evaluate_extraction(args.folder, load_config(args.config), limit=args.limit,
                                     worst=args.worst)
    except (OSError, ValueError) as error:
        print(f"reliability eval extraction: {error}", file=sys.stderr)
        return 2
    print_report(report.to_dict(), report.as_markdown(), as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
