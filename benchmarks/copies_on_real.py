"""What the whole-run step finds on real articles, for a person to check.

Runs copy detection, stories and fact checks over real news nobody here wrote (``../shared/data``:
PolNeAR dev, 84 articles by 7 publishers; Horne 2017, 101 real and fake political articles; and
the five seed articles, one story published by five sites), in lexical-only mode, and prints every
pair of articles found to share text with its first matched sentence on both sides, then the
multi-source stories and the fact statuses. There are no gold labels for copying in this data:
the printout is what a reviewer reads to judge each reported pair.

    python -m benchmarks.copies_on_real [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

from scoring.config import Config
from scoring.corpus import corpus_results, fingerprint
from scoring.ingest.decode import decode_bytes
from scoring.pipeline import analyze_articles
from scoring.types import Article


def polnear(folder: Path) -> list[Article]:
    articles = []
    with open(folder / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = folder / "text" / f"{row['filename']}.txt"
            if path.exists():
                articles.append(Article(row["filename"], row["publisher"],
                                        path.read_text(encoding="utf-8"), path=str(path),
                                        title=row["title"], published=row["publication_date"]))
    return articles


def horne(folder: Path) -> list[Article]:
    articles = []
    with open(folder / "index.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            path = folder / row["body_path"]
            text = decode_bytes(path.read_bytes()) or ""
            # no outlet is given: each article is its own source, so copying between any two shows
            articles.append(Article(path.stem, f"horne-{path.stem}", text, path=str(path),
                                    title=row["title"]))
    return articles


def seeds(folder: Path) -> list[Article]:
    return [Article(path.stem, f"seed-{path.name[:3]}", path.read_text(encoding="utf-8"),
                    path=str(path)) for path in sorted(folder.glob("0*.txt"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    config = Config(language_model="blank")
    articles = (polnear(shared / "data" / "polnear-dev") + horne(shared / "data" /
                "horne2017-buzzfeed") + seeds(shared / "seeds"))
    analyses, skipped = analyze_articles(articles, config)
    prints = [fingerprint(a, config) for a in analyses]
    results = corpus_results(prints, config)
    texts = {a.article.id: a.article.text for a in analyses}
    print(f"{len(analyses)} articles ({len(skipped)} skipped) from "
          f"{len({a.article.source for a in analyses})} sources\n")
    seen = set()
    for analysis, result in zip(analyses, results, strict=True):
        for passage in result.passages:
            pair = tuple(sorted((analysis.article.id, passage.other)))
            if passage.role == "origin" or pair in seen:
                continue
            seen.add(pair)
            mine = texts[analysis.article.id][passage.start : passage.end]
            theirs = texts[passage.other][passage.other_start : passage.other_end]
            print(f"{analysis.article.source} [{analysis.article.id}] <- {passage.other_source} "
                  f"[{passage.other}]: {passage.sentences} sentences, "
                  f"{passage.containment:.0%}, {passage.role}, credit {passage.credit}")
            print(f"    here:  {mine[:160]!r}\n    there: {theirs[:160]!r}")
    print(f"\n{len(seen)} pairs of articles share text")
    levels = Counter(r.originality for r in results)
    print("originality:", dict(levels))
    stories: dict[int, list[Article]] = defaultdict(list)
    for analysis, result in zip(analyses, results, strict=True):
        stories[result.story].append(analysis.article)
    multi = {s: found for s, found in stories.items() if len({a.source for a in found}) > 1}
    print(f"{len(multi)} stories told by more than one source:")
    for number, found in sorted(multi.items()):
        print(f"    story {number}:")
        for article in found:
            title = article.title or article.text.strip().splitlines()[0]
            print(f"        {article.source} {article.published}: {title[:90]}")
    statuses = Counter(c.status for r in results for c in r.facts)
    print("facts:", dict(statuses))
    for analysis, result in zip(analyses, results, strict=True):
        for check in result.facts:
            if check.status != "alone":
                text = analysis.article.text
                print(f"    {check.status} in {analysis.article.source}: "
                      f"{text[check.fact.start : check.fact.end]!r} ({check.fact.kind} of "
                      f"{check.fact.subject}); {', '.join(check.others)}")


if __name__ == "__main__":
    main()
