"""Labelled data for training and evaluation: read a LABELS file, match it to articles.

A LABELS file is a CSV (or tab-separated ``.tsv``) file with a header. Each row labels either
articles by file (``path``), or all the articles of an outlet (``source``, matched to the
article's source name, or ``domain``, matched to the host of the article's URL or to a source
that is a host name, a parent domain matching too: ``edition.cnn.com`` is ``cnn.com``).

Columns (case does not matter):

- ``label`` (or ``fact``): ``reliable``, ``high``, ``real``, ``true`` and ``credible`` are
  reliable; ``unreliable``, ``mixed``, ``low``, ``very low``, ``fake``, ``false``, ``satire``
  and ``conspiracy`` are not. Anything else is an error naming the row.
- ``path`` (or ``file``), ``source``, ``domain`` (or ``source_url_normalized``, as in the
  MBFC ratings files): a row's key is its ``path`` when it has one, else its ``source``, else its
  ``domain``.
- ``source`` on a ``path`` row says which outlet the file is from: cross-validation keeps an
  outlet's articles together (in training or in testing, never both), and outlet-level figures
  group by it. Without one, each article is its own group.
- ``dataset`` (optional): a name to report figures by.

**Ratings.** With ``rating="COLUMN"`` (``reliability train --rating lin_pc1``), the label of a
row is a continuous rating in that column instead: a 0-1 value such as Lin et al.'s ``pc1``, or a
0-100 score (NewsGuard's), read as a share of 100. No ``label`` column is needed then; a row
whose rating is empty is an unrated outlet and is left out. An optional ``allsides_bias`` (or
``leaning``) column gives the outlet's political leaning, which the figures break down by.
A ``domain`` is an outlet's registered domain: ``money.cnn.com`` is ``cnn.com``.

A relative ``path`` is read from the current folder, or else from the LABELS file's folder.
A CSV or JSON Lines input file labelled by path labels every article in it.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scoring.ingest.records import registered_domain, url_host
from scoring.types import Article

RELIABLE = ("reliable", "high", "real", "true", "credible")
UNRELIABLE = ("unreliable", "mixed", "low", "very low", "fake", "false", "satire",
              "conspiracy")

_ALIASES = {"fact": "label", "file": "path", "source_url_normalized": "domain",
            "allsides_bias": "leaning", "bias": "leaning"}

KeyKind = Literal["path", "source", "domain"]


@dataclass(frozen=True)
class Label:
    kind: KeyKind
    key: str
    """A resolved file path, a normalised source name, or a lower-case domain."""
    label: str
    """The label as written (lower case)."""
    reliable: int
    """1 for reliable, 0 for not."""
    source: str = ""
    """The outlet the labelled articles are from, when known."""
    dataset: str = ""
    target: float | None = None
    """What the model is fitted to: the rating as a share of the scale (0-1) for a rating,
    else ``reliable`` (1.0 or 0.0)."""
    leaning: str = ""
    """The outlet's political leaning (``left``, ``center``, ``right``), when given."""

    @property
    def value(self) -> float:
        return float(self.reliable) if self.target is None else self.target


@dataclass(frozen=True)
class LabelledArticle:
    """An article with the label it matched."""

    article: Article
    label: Label

    @property
    def group(self) -> str:
        """The cross-validation group: the outlet when known, else the article itself."""
        return self.outlet or f"article:{self.article.path or self.article.id}"

    @property
    def outlet(self) -> str:
        if self.label.source:
            return self.label.source
        return self.label.key if self.label.kind != "path" else ""


def reliable_value(label: str) -> int | None:
    """1, 0, or ``None`` for a label that is neither."""
    folded = " ".join(label.strip().lower().replace("_", " ").replace("-", " ").split())
    if folded in RELIABLE:
        return 1
    if folded in UNRELIABLE:
        return 0
    return None


def read_labels(path: str | Path, *, rating: str | None = None,
                threshold: float = 0.6) -> list[Label]:
    """Every row of a LABELS file, validated; raises ``ValueError`` naming the first bad row.

    With ``rating``, each row's label is that column's value (see the module docstring);
    ``reliable`` is then whether it reaches ``threshold`` (a share of the scale)."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = {_ALIASES.get(c.strip().lower(), c.strip().lower()): c
               for c in reader.fieldnames or ()}
    if rating is not None:
        wanted = rating.strip().lower()
        if wanted not in {c.strip().lower() for c in reader.fieldnames or ()}:
            raise ValueError(f"{path}: no rating column {rating!r}; found {reader.fieldnames}")
        columns["rating"] = next(c for c in reader.fieldnames or () if c.strip().lower() == wanted)
    elif "label" not in columns:
        raise ValueError(f"{path}: a LABELS file needs a 'label' column (or give a rating "
                         f"column with --rating) and a 'path', 'source' or 'domain' column; "
                         f"found {reader.fieldnames}")
    if not {"path", "source", "domain"} & set(columns):
        raise ValueError(f"{path}: a LABELS file needs a 'path', 'source' or 'domain' column; "
                         f"found {reader.fieldnames}")
    rows = [(number, {name: (row.get(original) or "").strip()
                      for name, original in columns.items()})
            for number, row in enumerate(reader, start=2)]
    scale = _rating_scale(path, rows) if rating is not None else 1.0
    labels = []
    for number, value in rows:
        target: float | None = None
        if rating is not None:
            if not value["rating"]:
                continue  # an unrated outlet
            target = min(max(float(value["rating"]) / scale, 0.0), 1.0)
            reliable = int(target >= threshold)
            written = value["rating"]
        else:
            reliable = reliable_value(value["label"])
            written = value["label"].lower()
            if reliable is None:
                raise ValueError(f"{path}, line {number}: label {value['label']!r} is neither "
                                 f"reliable ({', '.join(RELIABLE)}) nor unreliable "
                                 f"({', '.join(UNRELIABLE)})")
        source, dataset = value.get("source", ""), value.get("dataset", "")
        leaning = value.get("leaning", "").lower()
        if value.get("path"):
            labels.append(Label("path", _resolve(value["path"], path.parent), written, reliable,
                                source, dataset, target, leaning))
        elif source:
            labels.append(Label("source", normalise_source(source), written, reliable, source,
                                dataset, target, leaning))
        elif value.get("domain"):
            domain = registered_domain(value["domain"])
            labels.append(Label("domain", domain, written, reliable, domain, dataset, target,
                                leaning))
        else:
            raise ValueError(f"{path}, line {number}: no path, source or domain")
    return labels


def _rating_scale(path: Path, rows: list[tuple[int, dict[str, str]]]) -> float:
    """1 for ratings in [0, 1], 100 for scores in [0, 100]; anything else is an error."""
    values = []
    for number, value in rows:
        if value["rating"]:
            try:
                values.append(float(value["rating"]))
            except ValueError:
                values.append(math.nan)
            if not math.isfinite(values[-1]):
                raise ValueError(f"{path}, line {number}: rating {value['rating']!r} is not a "
                                 "number")
    if not values:
        raise ValueError(f"{path}: the rating column has no values")
    if min(values) < 0 or max(values) > 100:
        raise ValueError(f"{path}: ratings must be in 0-1 or 0-100, found {min(values)} to "
                         f"{max(values)}")
    return 100.0 if max(values) > 1.0 else 1.0


def labelled_paths(labels: Sequence[Label]) -> list[str]:
    """The files a LABELS file names, in order: what to read when no PATH is given."""
    paths = list(dict.fromkeys(label.key for label in labels if label.kind == "path"))
    if not paths:
        raise ValueError("the LABELS file names no files (it labels sources or domains): "
                         "give the PATHs to read")
    return paths


def normalise_source(name: str) -> str:
    return " ".join(name.casefold().split())


def _resolve(raw: str, folder: Path) -> str:
    candidate = Path(raw)
    if not candidate.is_absolute() and not candidate.exists() and (folder / candidate).exists():
        candidate = folder / candidate
    return os.path.realpath(candidate)


@dataclass(frozen=True)
class Matched:
    labelled: list[LabelledArticle]
    unlabelled: int
    """Articles no label matched (left out)."""
    unused: int
    """Labels that matched no article."""


def match_labels(articles: Sequence[Article], labels: Sequence[Label]) -> Matched:
    """Each article with the label that matches it: its file first, then its source name,
    then its domain (or the nearest parent domain that is labelled)."""
    by_kind: dict[str, dict[str, Label]] = {"path": {}, "source": {}, "domain": {}}
    for label in labels:
        by_kind[label.kind][label.key] = label
    used: set[tuple[str, str]] = set()
    labelled = []
    for article in articles:
        label = _label_of(article, by_kind)
        if label is not None:
            used.add((label.kind, label.key))
            labelled.append(LabelledArticle(article, label))
    unused = sum(1 for label in labels if (label.kind, label.key) not in used)
    return Matched(labelled, len(articles) - len(labelled), unused)


def _label_of(article: Article, by_kind: dict[str, dict[str, Label]]) -> Label | None:
    if by_kind["path"] and article.path:
        found = by_kind["path"].get(os.path.realpath(article.path.split("#", 1)[0]))
        if found is not None:
            return found
    found = by_kind["source"].get(normalise_source(article.source))
    if found is not None:
        return found
    if by_kind["domain"]:
        for host in (url_host(article.url), url_host(article.source)):
            if not host:
                continue
            parts = host.split(".")
            for start in range(len(parts) - 1):
                found = by_kind["domain"].get(".".join(parts[start:]))
                if found is not None:
                    return found
            found = by_kind["domain"].get(registered_domain(host))
            if found is not None:
                return found
    return None
