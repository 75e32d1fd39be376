"""Draw a sample of predicted named sources for checking by hand (their precision).

    .venv/bin/python -m benchmarks.named_sources_sample [--shared ../shared/data] [--size 50]

Articles the attribution rules were never tuned on nor fitted on: ``allsides-dev``, one article
from each of 60 outlet-file positions drawn with a fixed seed. Every named source (kind other than
``anonymous``) the analysis credits is a candidate; ``--size`` of them are drawn with the same
seed, at most two per article. The output CSV (``benchmarks/named_sources_sample.csv``) holds the
article id, the source's name and kind, the offset of its first mention, and empty ``judgement``
and ``reason`` columns: a person fills these in after reading the sentence (``correct``: a person,
organisation, outlet or government that the sentence credits; ``wrong``: anything else). The CSV
never holds the articles' text. With ``--keep`` the judgements of an existing CSV are kept for the
rows drawn again.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
from pathlib import Path

from scoring.config import Config
from scoring.pipeline import analyze_parsed
from scoring.text import parse_texts
from scoring.types import Article

SEED = 16
ARTICLES = 60
PER_ARTICLE = 2
OUT = Path(__file__).with_name("named_sources_sample.csv")
COLUMNS = ("article_id", "outlet", "source", "kind", "first_mention", "judgement", "reason")


def draw_articles(folder: Path, count: int, rng: random.Random) -> list[dict[str, str]]:
    """``count`` articles: a seeded outlet file, then a seeded line of it, without repeats."""
    files = sorted((folder / "articles").glob("*.jsonl.gz"))
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(rows) < count:
        path = rng.choice(files)
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = handle.readlines()
        row = json.loads(rng.choice(lines))
        if row["id"] not in seen and row.get("text"):
            seen.add(row["id"])
            rows.append(row)
    return rows


def sample(shared: Path, size: int) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows = draw_articles(shared / "allsides-dev", ARTICLES, rng)
    config = Config()
    candidates = []
    items = [(row["text"], row.get("title", "")) for row in rows]
    for row, parsed in zip(rows, parse_texts(items, config=config), strict=True):
        article = Article(row["id"], row["source"], row["text"], title=row.get("title", ""))
        analysis = analyze_parsed(article, parsed, config)
        named = [s for s in analysis.named_sources if s.kind != "anonymous"]
        for source in rng.sample(named, min(PER_ARTICLE, len(named))):
            candidates.append({"article_id": row["id"], "outlet": row["source"],
                               "source": source.name, "kind": source.kind,
                               "first_mention": str(source.mentions[0][0]),
                               "judgement": "", "reason": ""})
    return rng.sample(candidates, min(size, len(candidates)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep", action="store_true",
                        help="keep the judgements of rows already in --out")
    args = parser.parse_args(argv)
    drawn = sample(args.shared, args.size)
    if args.keep and args.out.exists():
        with args.out.open(encoding="utf-8", newline="") as handle:
            old = {(r["article_id"], r["source"]): r for r in csv.DictReader(handle)}
        for row in drawn:
            previous = old.get((row["article_id"], row["source"]))
            if previous:
                row["judgement"], row["reason"] = previous["judgement"], previous["reason"]
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(drawn)
    judged = [r for r in drawn if r["judgement"]]
    correct = sum(r["judgement"] == "correct" for r in judged)
    print(f"wrote {len(drawn)} rows to {args.out}; judged {len(judged)}, correct {correct}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
