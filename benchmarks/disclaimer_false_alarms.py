"""How often the AI / provenance disclaimer features fire on real articles, with the evidence.

    .venv/bin/python benchmarks/disclaimer_false_alarms.py [FOLDER...] [--config FILE]

Each FOLDER (relative paths are resolved against the repository root) is read with
``iter_inputs`` and analysed with ``analyze_articles``, one folder at a time. Per folder it
counts the articles, the inputs skipped, and the articles with any evidence labelled
``ai_disclaimer``, ``machine_leftover`` or ``image_prompt``, and ``derived_notice``; then it
lists every article with evidence of these kinds and the sentence that fired (with the matched
words in the note). Output is a markdown table and the listing; the exit code is 0 whatever
the findings (this is a measurement, not a gate).

Default folders: ``../shared/data/polnear-dev/text`` (84 articles), the article-body folders of
``../shared/data/horne2017-buzzfeed`` (``Real/`` and ``Fake/``, one row each; its ``*_titles/``
folders hold only headlines and its ``index.csv`` has no article text, so neither is read), and
``../shared/seeds`` (5 articles). On this real text the project's target is no AI-disclaimer
evidence on any polnear-dev or horne2017 article, and on exactly one seed (001, "This content is
AI-generated ..."). A missing folder is reported in the table and the others are measured.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("..") / "shared"
DEFAULT_FOLDERS = (
    SHARED / "data" / "polnear-dev" / "text",
    SHARED / "data" / "horne2017-buzzfeed" / "Real",
    SHARED / "data" / "horne2017-buzzfeed" / "Fake",
    SHARED / "seeds",
)
KINDS = {
    "ai_disclaimer": ("ai_disclaimer",),
    "machine_leftover/image_prompt": ("machine_leftover", "image_prompt"),
    "derived_notice": ("derived_notice",),
}
_SPACES = re.compile(r"\s+")


@dataclass
class FolderResult:
    folder: str
    missing: bool = False
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    with_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    hits: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(kind, article path, evidence text, note) for every evidence item of the kinds above."""


def shown(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def measure_folder(folder: Path, config_path: str | None) -> FolderResult:
    from scoring.config import load_config
    from scoring.ingest import iter_inputs
    from scoring.pipeline import analyze_articles
    from scoring.types import Article

    result = FolderResult(shown(folder))
    if not folder.is_dir():
        result.missing = True
        return result
    config = load_config(config_path)
    items = list(iter_inputs([folder], config))
    articles = [item for item in items if isinstance(item, Article)]
    result.skipped = len(items) - len(articles)
    analyses, failed = analyze_articles(articles, config)
    result.articles = len(analyses)
    result.failed = len(failed)
    for analysis in analyses:
        path = shown(Path(analysis.article.path)) if analysis.article.path else analysis.article.id
        for kind, labels in KINDS.items():
            found = [e for e in analysis.evidence if e.label in labels]
            if found:
                result.with_kind[kind] += 1
            for evidence in found:
                text = _SPACES.sub(" ", analysis.article.text[evidence.start : evidence.end])
                result.hits.append((kind, path, text.strip(), evidence.note))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS),
                        metavar="FOLDER", help="folders of articles (default: see above)")
    parser.add_argument("--config", default=None, help="settings TOML file (default: defaults)")
    args = parser.parse_args()
    results = [measure_folder(f if f.is_absolute() else ROOT / f, args.config)
               for f in args.folders]

    print("| folder | articles | skipped | with ai_disclaimer | with machine_leftover/"
          "image_prompt | with derived_notice |")
    print("|---|---|---|---|---|---|")
    for r in results:
        if r.missing:
            print(f"| {r.folder} | folder not found | | | | |")
            continue
        skipped = f"{r.skipped}" + (f" (+{r.failed} failed analysis)" if r.failed else "")
        counts = " | ".join(str(r.with_kind[kind]) for kind in KINDS)
        print(f"| {r.folder} | {r.articles} | {skipped} | {counts} |")

    for kind in KINDS:
        hits = [(r.folder, hit) for r in results for hit in r.hits if hit[0] == kind]
        print()
        print(f"## {kind} evidence ({len(hits)})")
        if not hits:
            print()
            print("none")
        for _, (_, path, text, note) in hits:
            print()
            print(f"- `{path}`: \"{text}\" ({note})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
