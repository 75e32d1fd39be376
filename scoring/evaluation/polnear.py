"""Attribution quality on PolNeAR (Newell, Margolin and Ruths, LREC 2018), read from its brat files.

A PolNeAR folder has ``text/<name>.txt`` (first line the headline) and
``attributions/<name>_<annotator>.ann`` with ``Source``, ``Cue`` and ``Content`` spans and
``E`` relations tying them together; a relation without a Source is unattributed. Where an article
has several annotation files, the first in sorted order is used.

Measured at sentence level, over the sentences our parser finds (the headline excluded):

- *attributed*: gold if at least half of the sentence's non-space characters lie in Content spans
  of relations that have a Source; predicted if our label is ``attributed_named`` or
  ``attributed_anonymous``. Precision, recall and F1.
- *named vs. anonymous*, on sentences attributed in both: the gold Source (of the relation that
  covers most of the sentence) is *anonymous* if its head word (the last word before a comma or
  a modifier such as "at", "of", "familiar", "who") is an unnamed-source noun
  (``lexicons/anonymous_heads.txt``: "officials", "sources", "people", ...); *named* if it is a
  personal pronoun (he, she, I, we), contains a capitalised word after its first, or is a definite
  role or body ("the mayor", "his lawyer", "the ministry"); *anonymous* otherwise. Sources that
  are only "they", "it", "this" or "that" are left out as undecidable. The definition shares the
  project's word lists, which say what "unnamed" means; the spans are the annotators'.
- *source overlap*, on sentences attributed in both: the share whose predicted source span
  overlaps a gold Source span of a relation covering the sentence.
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scoring.config import Config, load_config
from scoring.evaluation import print_report
from scoring.ingest import article_id
from scoring.lexicons import word_set
from scoring.pipeline import analyze_parsed
from scoring.text import parse_texts
from scoring.types import Article

_PRONOUN_NAMED = {"he", "she", "i", "we", "him", "her", "me", "us"}
_PRONOUN_UNDECIDABLE = {"they", "them", "it", "this", "that", "who", "which"}
_DETERMINERS = {"the", "a", "an", "some", "many", "several", "one", "two", "three", "most",
                "other", "another", "both", "all", "few", "senior", "top"}
_WORD = re.compile(r"[\w’'.-]+")
_POSSESSIVES = {"his", "her", "its", "their", "our", "my", "your"}
_MODIFIER_STARTS = {"at", "of", "in", "from", "with", "familiar", "close", "who", "that",
                    "on", "for", "by", "to", "briefed", "involved", "speaking", "tracking"}


@dataclass(frozen=True)
class Relation:
    sources: tuple[tuple[int, int], ...]
    contents: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class PolnearReport:
    articles: int
    sentences: int
    gold_attributed: int
    predicted_attributed: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    named_anonymous_pairs: int
    named_anonymous_accuracy: float
    source_overlap_pairs: int
    source_overlap: float
    seconds: float
    confusion: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def as_markdown(self) -> str:
        return "\n".join([
            f"PolNeAR: {self.articles} articles, {self.sentences} sentences "
            f"({self.seconds:.1f} s)",
            "",
            "| measure | value | over |",
            "|---|---|---|",
            f"| attributed precision | {self.precision:.3f} | {self.predicted_attributed} "
            "predicted |",
            f"| attributed recall | {self.recall:.3f} | {self.gold_attributed} gold |",
            f"| attributed F1 | {self.f1:.3f} | |",
            f"| named vs. anonymous accuracy | {self.named_anonymous_accuracy:.3f} | "
            f"{self.named_anonymous_pairs} sentences |",
            f"| predicted source overlaps gold source | {self.source_overlap:.3f} | "
            f"{self.source_overlap_pairs} sentences |",
        ])


def load_polnear(folder: Path) -> list[Document]:
    """Every article of a PolNeAR folder with its relations."""
    folder = Path(folder)
    documents = []
    annotations = sorted((folder / "attributions").glob("*.ann"))
    for text_path in sorted((folder / "text").glob("*.txt")):
        name = text_path.stem
        matches = [a for a in annotations if a.stem.rsplit("_", 1)[0] == name or a.stem == name]
        if not matches:
            continue
        text = text_path.read_text(encoding="utf-8")
        documents.append(Document(name, text, _relations(matches[0].read_text(encoding="utf-8"))))
    return documents


def _relations(ann: str) -> tuple[Relation, ...]:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            pieces = tuple((int(a), int(b)) for a, b in
                           (p.split() for p in offsets.split(";") if len(p.split()) == 2))
            spans[parts[0]] = (kind, pieces)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    relations = []
    for arguments in events:
        sources: list[tuple[int, int]] = []
        contents: list[tuple[int, int]] = []
        for argument in arguments:
            role, _, ref = argument.partition(":")
            role = role.rstrip("0123456789")
            if ref in spans and role in ("Source", "Content"):
                (sources if role == "Source" else contents).extend(spans[ref][1])
        if contents:
            relations.append(Relation(tuple(sources), tuple(contents)))
    return tuple(relations)


def gold_is_named(source_text: str) -> bool | None:
    """Named (True), anonymous (False) or undecidable (None), by the rule in the module doc."""
    words = _WORD.findall(source_text.split(",")[0])
    if not words:
        return None
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in _PRONOUN_UNDECIDABLE:
        return None
    if len(words) == 1 and lowered[0] in _PRONOUN_NAMED:
        return True
    head_words = list(itertools.takewhile(lambda w: w not in _MODIFIER_STARTS, lowered))
    head = (head_words or lowered)[-1]
    if head in word_set("anonymous_heads"):
        return False
    if any(w[:1].isupper() for w in words[1:]) or (
            words[0][:1].isupper() and lowered[0] not in _DETERMINERS | _POSSESSIVES):
        return True
    definite = lowered[0] in {"the"} | _POSSESSIVES
    return definite and (head in word_set("organization_nouns") or head in word_set("titles"))


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]], text: str) -> float:
    inside_spans = {i for a, b in spans for i in range(max(a, start), min(b, end))}
    chars = [i for i in range(start, end) if not text[i].isspace()]
    if not chars:
        return 0.0
    return sum(1 for i in chars if i in inside_spans) / len(chars)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_polnear(folder: Path, config: Config, *, limit: int | None = None) -> PolnearReport:
    started = time.perf_counter()
    documents = load_polnear(folder)[:limit]
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    named_pairs = named_correct = overlap_pairs = overlap_hits = 0
    n_sentences = 0
    items = [(d.text, d.text.split("\n", 1)[0]) for d in documents]
    for document, parsed in zip(documents, parse_texts(items, config=config), strict=True):
        article = Article(article_id("polnear", document.text), "polnear", document.text,
                          path=document.name, title=document.text.split("\n", 1)[0])
        analysis = analyze_parsed(article, parsed, config)
        text = document.text
        attributed = [r for r in document.relations if r.sources]
        for sentence in analysis.sentences:
            n_sentences += 1
            best, best_cover = None, 0.0
            for relation in attributed:
                cover = _covered(sentence.start, sentence.end, relation.contents, text)
                if cover > best_cover:
                    best, best_cover = relation, cover
            all_contents = [span for r in attributed for span in r.contents]
            gold = _covered(sentence.start, sentence.end, all_contents, text) >= 0.5
            predicted = sentence.label in ("attributed_named", "attributed_anonymous")
            key = ("t" if gold == predicted else "f") + ("p" if predicted else "n")
            counts[key] += 1
            if not (gold and predicted and best is not None):
                continue
            named = gold_is_named(" ".join(text[a:b] for a, b in best.sources))
            if named is not None:
                named_pairs += 1
                named_correct += named == (sentence.label == "attributed_named")
            covering = [r for r in attributed
                        if _covered(sentence.start, sentence.end, r.contents, text) > 0]
            gold_sources = [span for r in covering for span in r.sources]
            overlap_pairs += 1
            overlap_hits += any(_overlaps(p, g) for p in sentence.source_spans
                                for g in gold_sources)
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PolnearReport(
        articles=len(documents), sentences=n_sentences, gold_attributed=tp + fn,
        predicted_attributed=tp + fp, true_positives=tp, precision=precision, recall=recall,
        f1=f1, named_anonymous_pairs=named_pairs,
        named_anonymous_accuracy=named_correct / named_pairs if named_pairs else 0.0,
        source_overlap_pairs=overlap_pairs,
        source_overlap=overlap_hits / overlap_pairs if overlap_pairs else 0.0,
        seconds=time.perf_counter() - started, confusion=counts,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reliability eval polnear", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--config", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate_polnear(args.folder, load_config(args.config), limit=args.limit)
    print_report(report.to_dict(), report.as_markdown(), as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
