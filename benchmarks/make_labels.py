"""Write the LABELS files for training and evaluation from the public data in ``../shared/data``.

    .venv/bin/python -m benchmarks.make_labels [--shared ../shared/data] [--out build/labels]

Writes ``path,source,label,dataset`` CSV files (paths as given to ``reliability``, relative to the
repository root when ``--shared`` is relative), one per dataset and one with all of them:

- ``horne2017.csv``: the 101 articles of ``horne2017-buzzfeed``, ``real`` or ``fake`` as the
  dataset labels them. The dataset does not say which outlet published each article, so
  ``source`` is empty and cross-validation on it is article-level.
- ``polnear.csv``: the ``polnear-dev`` articles whose publisher has an outlet rating in
  ``mbfc-labels`` (``high``, ``mixed`` or ``low``). PolNeAR names publishers by short names
  (``huff-post``); :data:`POLNEAR_DOMAINS` maps them to web domains, which are looked up in the
  ratings. Publishers without a rating (The New York Times, The Washington Post are not in
  either ratings file) are left out and counted.
- ``extraction.csv``: the ``article-extraction-benchmark`` pages whose URL's domain (or a parent
  domain) has a rating; ``source`` is that domain.
- ``all.csv``: the three together: what the shipped default model is fitted on.

The ratings come from ``mbfc-labels/acl2020`` where it rates a domain, else ``emnlp18``.
Only labels and paths are written, never the texts.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

POLNEAR_DOMAINS = {
    "breitbart": "breitbart.com",
    "huff-post": "huffingtonpost.com",
    "nyt": "nytimes.com",
    "politico": "politico.com",
    "usa-today": "usatoday.com",
    "wash-post": "washingtonpost.com",
    "west-journal": "westernjournal.com",
}
"""PolNeAR's publisher names and the outlets' web domains."""

FIELDS = ("path", "source", "label", "dataset")


def outlet_ratings(shared: Path) -> dict[str, str]:
    """MBFC factuality (``high``/``mixed``/``low``) by normalised domain."""
    ratings: dict[str, str] = {}
    for name in ("emnlp18", "acl2020"):  # the later file wins
        with open(shared / "mbfc-labels" / name / "corpus.tsv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                domain, fact = row["source_url_normalized"].strip().lower(), row["fact"].strip()
                if domain and fact:
                    ratings[domain] = fact
    return ratings


def rated_domain(host: str, ratings: dict[str, str]) -> str:
    """The host, or its nearest parent domain, that has a rating; ``""`` if none has."""
    parts = host.lower().removeprefix("www.").split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in ratings:
            return candidate
    return ""


def horne_rows(shared: Path) -> list[dict[str, str]]:
    folder = shared / "horne2017-buzzfeed"
    with open(folder / "index.csv", encoding="utf-8") as handle:
        return [{"path": str(folder / row["body_path"]), "source": "", "label": row["label"],
                 "dataset": "horne2017-buzzfeed"}
                for row in csv.DictReader(handle)]


def polnear_rows(shared: Path, ratings: dict[str, str], unrated: Counter) -> list[dict[str, str]]:
    folder = shared / "polnear-dev"
    rows = []
    with open(folder / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            domain = POLNEAR_DOMAINS.get(row["publisher"], "")
            if domain not in ratings:
                unrated[f"polnear-dev publisher {row['publisher']}"] += 1
                continue
            rows.append({"path": str(folder / "text" / f"{row['filename']}.txt"),
                         "source": domain, "label": ratings[domain], "dataset": "polnear-dev"})
    return rows


def extraction_rows(shared: Path, ratings: dict[str, str],
                    unrated: Counter) -> list[dict[str, str]]:
    folder = shared / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    for page, entry in sorted(truth.items()):
        domain = rated_domain(urlsplit(entry["url"]).hostname or "", ratings)
        if not domain:
            unrated["article-extraction-benchmark page"] += 1
            continue
        rows.append({"path": str(folder / "html" / f"{page}.html.gz"), "source": domain,
                     "label": ratings[domain], "dataset": "article-extraction-benchmark"})
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default="../shared/data", help="the public data folder")
    parser.add_argument("--out", default="build/labels", help="where to write the CSV files")
    args = parser.parse_args(argv)
    shared, out = Path(args.shared), Path(args.out)
    if not (shared / "mbfc-labels").is_dir():
        parser.error(f"{shared} has no mbfc-labels folder: is ../shared present?")
    out.mkdir(parents=True, exist_ok=True)
    ratings = outlet_ratings(shared)
    unrated: Counter = Counter()
    sets = {"horne2017": horne_rows(shared), "polnear": polnear_rows(shared, ratings, unrated),
            "extraction": extraction_rows(shared, ratings, unrated)}
    for name, rows in sets.items():
        write(out / f"{name}.csv", rows)
        counts = Counter(row["label"] for row in rows)
        sources = len({row["source"] for row in rows if row["source"]})
        print(f"{out / name}.csv: {len(rows)} articles, {sources} sources, {dict(counts)}")
    write(out / "all.csv", [row for rows in sets.values() for row in rows])
    for what, count in sorted(unrated.items()):
        print(f"left out, no outlet rating: {count} x {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
