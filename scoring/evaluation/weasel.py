"""Hedge and weasel detection at sentence level, on labelled sentences.

The input is a CSV file with the columns ``text,label``: one sentence per row, label ``1`` when the
sentence is uncertain (weasel words or hedges: "some critics argue", "it is widely believed",
"probably"), ``0`` otherwise, as in the Wikipedia part of the CoNLL-2010 shared task (Farkas et
al. 2010). Sentences tokenised in the Penn Treebank way (``-LRB-``, ````` `` `````, ``''``,
`` n't``, `` 's``, spaces before punctuation) are put back into ordinary text first
(:func:`detokenize`).

Each sentence is analysed as a one-sentence article by the real pipeline (parsed in batches, then
every feature family). A sentence is *flagged* when the analysis holds hedging evidence (label
``hedge``) or anonymous-attribution evidence (``anonymous_source``, or the sentence label
``attributed_anonymous``); precision, recall and F1 of the flag against the gold label are
reported with the counts behind them.

With ``hedges_only``, only hedging evidence flags a sentence (the fitted classifier of
:mod:`scoring.features.hedging` alone, without anonymous attribution).

With ``keywords``, the pipeline is replaced by a plain keyword list, the baseline the fitted
classifier of :mod:`scoring.features.hedging` has to beat: a sentence is flagged when it holds
any word or phrase of ``hedges.txt``, ``vague_quantities.txt`` or ``peacock_words.txt``, or a
quantifier or adverb of ``hedge_patterns.txt`` (whole words, any case, no parse).

``split`` picks a fixed, reproducible part of the file: a sentence belongs to ``tune`` (about 70%)
or ``heldout`` (about 30%) by a hash of its raw text, so cue lists can be tuned on one part and
checked on the other. ``every`` keeps every k-th sentence (of the split), then ``limit`` the first
N: the CoNLL-2010 file is sorted by label, so its first rows are all certain sentences and a quick
check needs ``every`` to see both labels.

    python -m scoring.evaluation.weasel CSV [--limit N] [--every K] [--split tune|heldout]
                                            [--hedges-only | --keywords] [--config TOML]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from scoring.config import Config, load_config
from scoring.ingest import article_id
from scoring.lexicons import load_lexicon
from scoring.pipeline import analyze_parsed
from scoring.text import parse_texts
from scoring.types import Article, ArticleAnalysis

Split = Literal["tune", "heldout"]
SPLITS: tuple[Split, ...] = ("tune", "heldout")
TUNE_PERCENT = 70
"""Share of sentences (by hash) in the ``tune`` part; the rest are ``heldout``."""

FLAG_LABELS = frozenset({"hedge", "anonymous_source", "attributed_anonymous"})
"""Evidence labels that make a sentence count as flagged (uncertain)."""

_SOURCE = "weasel-eval"
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_TOKEN = re.compile("|".join(map(re.escape, _BRACKETS)))
_LITERAL_NEWLINE = re.compile(r"\s*\\ n\s*")
_DOUBLE_QUOTES = re.compile(r"``|''")
_CLITIC = re.compile(r"(?<=\w) (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE)
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?%)\]}])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{]) +")
_QUOTED = re.compile(r'" *([^"]*?) *"')
_BACKTICK_OPEN = re.compile(r"` ?")
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’)\]]*$")


@dataclass(frozen=True)
class WeaselReport:
    """Sentence-level precision, recall and F1 of the weasel/hedge flag, with the counts."""

    path: str
    split: str
    every: int
    n: int
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    seconds: float
    flagged_by: str = "hedging or anonymous attribution"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def as_markdown(self) -> str:
        return "\n".join([
            f"Weasel/hedge sentences: {Path(self.path).name} ({self.split}"
            + (f", every {self.every}th" if self.every > 1 else "")
            + f"), {self.n} sentences flagged by {self.flagged_by} ({self.seconds:.1f} s)",
            "",
            "| precision | recall | F1 | tp | fp | fn | tn | n |",
            "|---|---|---|---|---|---|---|---|",
            f"| {self.precision:.3f} | {self.recall:.3f} | {self.f1:.3f} | {self.tp} | "
            f"{self.fp} | {self.fn} | {self.tn} | {self.n} |",
        ])


def detokenize(text: str) -> str:
    """Ordinary text from a PTB-tokenised sentence: brackets, quotes, clitics and punctuation
    spacing restored; a literal ``\\ n`` (an escaped line break in the source) becomes a space."""
    text = _LITERAL_NEWLINE.sub(" ", text.strip())
    text = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(0)], text)
    text = _DOUBLE_QUOTES.sub('"', text)
    text = _CLITIC.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _QUOTED.sub(lambda m: f'"{m.group(1)}"', text)
    text = _BACKTICK_OPEN.sub("'", text)  # Wikipedia italics: "` Back to Mono'"
    return re.sub(r"\s+", " ", text).strip()


def split_of(raw_text: str) -> Split:
    """The fixed part a sentence belongs to, by a hash of its raw text."""
    bucket = int(hashlib.sha256(raw_text.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "tune" if bucket < TUNE_PERCENT else "heldout"


def read_sentences(path: Path, *, limit: int | None = None, split: Split | None = None,
                   every: int = 1) -> list[tuple[str, int]]:
    """``(raw text, label)`` rows of a ``text,label`` CSV: of one split if given, every k-th,
    the first ``limit``."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; valid: {list(SPLITS)} or None")
    if every < 1:
        raise ValueError(f"every must be at least 1, got {every!r}")
    rows: list[tuple[str, int]] = []
    seen = 0
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: needs the columns text,label; missing {sorted(missing)}")
        for number, row in enumerate(reader, start=2):
            label = (row["label"] or "").strip()
            if label not in ("0", "1"):
                raise ValueError(f"{path}, line {number}: label must be 0 or 1, got {label!r}")
            text = row["text"] or ""
            if split is not None and split_of(text) != split:
                continue
            seen += 1
            if (seen - 1) % every:
                continue
            rows.append((text, int(label)))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def as_article_text(raw_text: str) -> str:
    """The text analysed for one sentence: detokenised, with a full stop added when it has no
    final punctuation (so the parser does not take it for a headline and skip it)."""
    text = detokenize(raw_text)
    return text if not text or _FINAL_PUNCT.search(text) else f"{text}."


def is_flagged(analysis: ArticleAnalysis, labels: frozenset[str] = FLAG_LABELS) -> bool:
    """Whether an analysis holds evidence of one of ``labels`` (default: hedging or anonymous
    attribution)."""
    return any(e.label in labels for e in analysis.evidence)


@cache
def keyword_pattern() -> re.Pattern[str]:
    """The keyword-list baseline (see the module docstring) as one pattern."""
    entries = [entry.split(maxsplit=1)[1] for name in ("hedges", "vague_quantities")
               for entry in load_lexicon(name)]
    entries += load_lexicon("peacock_words")
    entries += [entry.split()[1] for entry in load_lexicon("hedge_patterns")
                if entry.split()[0] in ("quantifier", "adverb")]
    words = sorted({" ".join(e.lower().split()) for e in entries}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def analyze_sentences(texts: Iterable[str], config: Config) -> Iterator[ArticleAnalysis]:
    """Analyse each text as a one-sentence article (parsed in batches), in input order."""
    texts = list(texts)
    parsed_all = parse_texts(((text, "") for text in texts), config=config)
    for index, (text, parsed) in enumerate(zip(texts, parsed_all, strict=True)):
        article = Article(article_id(_SOURCE, text), _SOURCE, text, path=f"sentence {index}")
        yield analyze_parsed(article, parsed, config)


def evaluate_weasel(path: Path, config: Config, *, limit: int | None = None,
                    split: Split | None = None, every: int = 1,
                    keywords: bool = False, hedges_only: bool = False) -> WeaselReport:
    """Flag each sentence of a ``text,label`` CSV and compare with its label (see the module
    docstring for ``split``, ``every``, ``limit``, ``keywords`` and ``hedges_only``)."""
    started = time.perf_counter()
    rows = read_sentences(Path(path), limit=limit, split=split, every=every)
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    texts = [as_article_text(text) for text, _ in rows]
    if keywords:
        flags: Iterable[bool] = (keyword_pattern().search(text) is not None for text in texts)
    else:
        labels = frozenset({"hedge"}) if hedges_only else FLAG_LABELS
        flags = (is_flagged(analysis, labels) for analysis in analyze_sentences(texts, config))
    for (_, gold), predicted in zip(rows, flags, strict=True):
        key = ("t" if predicted == bool(gold) else "f") + ("p" if predicted else "n")
        counts[key] += 1
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return WeaselReport(path=str(path), split=split or "all", every=every, n=len(rows), tp=tp,
                        fp=fp, fn=fn, tn=counts["tn"], precision=precision, recall=recall, f1=f1,
                        seconds=time.perf_counter() - started,
                        flagged_by="the keyword list" if keywords
                        else "hedging" if hedges_only else WeaselReport.flagged_by)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.evaluation.weasel",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", type=Path, help="a text,label CSV of sentences")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--every", type=int, default=1,
                        help="only every K-th sentence (the CoNLL file is sorted by label)")
    parser.add_argument("--split", choices=SPLITS, default=None,
                        help="only the tune (~70%%) or heldout (~30%%) part, by sentence hash")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--hedges-only", action="store_true",
                        help="flag by hedging evidence only (no anonymous attribution)")
    choice.add_argument("--keywords", action="store_true",
                        help="flag by the plain keyword list instead (the baseline)")
    parser.add_argument("--config", default=None, help="settings TOML file")
    args = parser.parse_args(argv)
    report = evaluate_weasel(args.csv, load_config(args.config), limit=args.limit,
                             split=args.split, every=args.every, keywords=args.keywords,
                             hedges_only=args.hedges_only)
    print(report.as_markdown())
    print()
    print(json.dumps(report.to_dict(), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
