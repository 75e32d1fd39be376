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
- *source recall*: of the gold Source spans (each relation's first) that lie in a body sentence,
  the share that a source the analysis credits overlaps (a sentence's credited-source span or a
  mention of a named or anonymous source); *named-source recall*: of those ``gold_is_named``
  calls named (lone pronouns left out: who "he" is depends on resolution), the share that a
  mention of a source of a named kind overlaps. PolNeAR's Sources include people credited with
  stances and actions ("Cruz was proving to be a strong vote getter"), not only speech, so
  recall well below 1 is expected of a detector of reported speech.
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scoring.cache import AnalysisCache
from scoring.config import Config, load_config
from scoring.evaluation import print_report
from scoring.ingest import article_id
from scoring.lexicons import word_set
from scoring.pipeline import analyze_parsed
from scoring.text import parse_texts
from scoring.types import Article, LabelledSentence, NamedSource, Span

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
    gold_sources: int = 0
    source_recall: float = 0.0
    gold_named_sources: int = 0
    named_source_recall: float = 0.0
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
            f"| gold sources found | {self.source_recall:.3f} | {self.gold_sources} gold "
            "sources |",
            f"| gold named sources found as named | {self.named_source_recall:.3f} | "
            f"{self.gold_named_sources} gold named sources |",
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


@dataclass
class Tally:
    """The counts behind a :class:`PolnearReport`, added to one article at a time."""

    confusion: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("tp", "fp", "fn", "tn"), 0))
    sentences: int = 0
    articles: int = 0
    named_pairs: int = 0
    named_correct: int = 0
    overlap_pairs: int = 0
    overlap_hits: int = 0
    gold_sources: int = 0
    sources_found: int = 0
    gold_named_sources: int = 0
    named_sources_found: int = 0

    def add(self, document: Document, sentences: Sequence[LabelledSentence],
            named_sources: Sequence[NamedSource] = ()) -> None:
        """Count one article's labelled body sentences (and the sources it names) against its
        gold relations."""
        self.articles += 1
        text = document.text
        attributed = [r for r in document.relations if r.sources]
        for sentence, gold in zip(sentences, gold_attributed(document, sentences), strict=True):
            self.sentences += 1
            predicted = sentence.label in ("attributed_named", "attributed_anonymous")
            key = ("t" if gold == predicted else "f") + ("p" if predicted else "n")
            self.confusion[key] += 1
            best, best_cover = None, 0.0
            for relation in attributed:
                cover = _covered(sentence.start, sentence.end, relation.contents, text)
                if cover > best_cover:
                    best, best_cover = relation, cover
            if not (gold and predicted and best is not None):
                continue
            named = gold_is_named(" ".join(text[a:b] for a, b in best.sources))
            if named is not None:
                self.named_pairs += 1
                self.named_correct += named == (sentence.label == "attributed_named")
            covering = [r for r in attributed
                        if _covered(sentence.start, sentence.end, r.contents, text) > 0]
            gold_sources = [span for r in covering for span in r.sources]
            self.overlap_pairs += 1
            self.overlap_hits += any(_overlaps(p, g) for p in sentence.source_spans
                                     for g in gold_sources)
        self._add_sources(document, sentences, named_sources)

    def _add_sources(self, document: Document, sentences: Sequence[LabelledSentence],
                     named_sources: Sequence[NamedSource]) -> None:
        """Source recall: each relation's first Source span that lies in a body sentence,
        found if a credited source overlaps it; named-source recall: those ``gold_is_named``
        calls named (lone pronouns left out: who "he" is depends on resolution), found if a
        named source's mention overlaps it."""
        text = document.text
        credited = [span for s in sentences for span in s.source_spans]
        credited += [m for source in named_sources for m in source.mentions]
        named = [m for source in named_sources if source.kind != "anonymous"
                 for m in source.mentions]
        named += [span for s in sentences if s.label == "attributed_named"
                  for span in s.source_spans]
        gold = sorted({r.sources[0] for r in document.relations if r.sources})
        for span in gold:
            if not any(s.start <= span[0] < s.end for s in sentences):
                continue  # the headline, or text the parser set aside
            self.gold_sources += 1
            self.sources_found += any(_overlaps(span, p) for p in credited)
            source_text = text[span[0] : span[1]]
            if gold_is_named(source_text) and source_text.lower() not in _PRONOUN_NAMED:
                self.gold_named_sources += 1
                self.named_sources_found += any(_overlaps(span, p) for p in named)

    def report(self, seconds: float) -> PolnearReport:
        counts = self.confusion
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        return PolnearReport(
            articles=self.articles, sentences=self.sentences, gold_attributed=tp + fn,
            predicted_attributed=tp + fp, true_positives=tp, precision=precision,
            recall=recall, f1=f1, named_anonymous_pairs=self.named_pairs,
            named_anonymous_accuracy=ratio(self.named_correct, self.named_pairs),
            source_overlap_pairs=self.overlap_pairs,
            source_overlap=ratio(self.overlap_hits, self.overlap_pairs),
            gold_sources=self.gold_sources,
            source_recall=ratio(self.sources_found, self.gold_sources),
            gold_named_sources=self.gold_named_sources,
            named_source_recall=ratio(self.named_sources_found, self.gold_named_sources),
            seconds=seconds, confusion=dict(counts),
        )


def gold_attributed(document: Document, sentences: Sequence[LabelledSentence | Span]
                    ) -> list[bool]:
    """Whether each sentence is attributed in the gold annotation: at least half of its
    non-space characters lie in Content spans of relations that have a Source."""
    contents = [span for r in document.relations if r.sources for span in r.contents]
    return [_covered(s.start, s.end, contents, document.text) >= 0.5 for s in sentences]


def evaluate_polnear(folder: Path, config: Config, *, limit: int | None = None,
                     cache: AnalysisCache | None = None) -> PolnearReport:
    """Measure the analysis on a PolNeAR folder (see the module docstring); with a ``cache``,
    parses are read from and stored in it."""
    started = time.perf_counter()
    documents = load_polnear(folder)[:limit]
    tally = Tally()
    items = [(d.text, d.text.split("\n", 1)[0]) for d in documents]
    for document, parsed in zip(documents, parse_texts(items, config=config, cache=cache),
                                strict=True):
        article = Article(article_id("polnear", document.text), "polnear", document.text,
                          path=document.name, title=document.text.split("\n", 1)[0])
        analysis = analyze_parsed(article, parsed, config)
        tally.add(document, analysis.sentences, analysis.named_sources)
    return tally.report(time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reliability eval polnear", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--config", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a folder for stored parses (e.g. build/polnear-parses)")
    args = parser.parse_args(argv)
    cache = AnalysisCache(args.cache) if args.cache else None
    report = evaluate_polnear(args.folder, load_config(args.config), limit=args.limit,
                              cache=cache)
    print_report(report.to_dict(), report.as_markdown(), as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
