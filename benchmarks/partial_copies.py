"""Partial copies planted in real news: recall by passage length and edit kind, false alarms.

Real articles nobody here wrote (``../shared/data/allsides-dev``, read at run time, never copied
into the repository) are analysed in lexical-only mode (``language_model = "blank"``: copy
detection reads sentences and words, not parses). A seeded sample of them is the **pool**. For
every passage length from 2 to 6 sentences and every edit kind, ``--trials`` times, a passage of
that many consecutive body sentences of one pool article (the origin) is set, as paragraphs of
its own, between two paragraphs of a pool article of another outlet (the host), published a week
later. The edit kinds:

- ``verbatim``: the sentences as they are;
- ``word changed``: in every sentence one word (outside quotation marks, not the first) is
  replaced by a word of the host;
- ``sentence dropped``: one sentence inside the passage (not the first or the last) is left out,
  so the copy has one sentence fewer (not for 2-sentence passages);
- ``with quotation``: one sentence of the passage is mostly quoted speech (outlets quoting the
  same statement do not copy each other: such sentences are never compared), the other
  ``length - 1`` are reporting prose around it.

Each sentence of a planted passage ends with a full stop (or ``!``, ``?``) and has at least
eight words outside quotation marks (except the quoted one of ``with quotation``; no sentence
of the others has a quotation mark), whether it is quoted is judged in its article and stays
the same in the passage alone, and the passage goes between two body sentences of the host: a
passage of *n* sentences is *n* sentences of prose, not photo credits, one-word lines or text
the parser keeps out of the body.

A plant is **found** when the whole-run step, run on the origin and the host with the passage,
reports a passage of the host shared with the origin that overlaps the planted one; text of the
host reported shared outside the plant is counted too (``outside plant``). A **false alarm on
an untouched pair** is any text reported shared by the same origin and host without the plant.
Then the whole pool is run together, untouched, and every pair of articles reported to share
text is printed with its first sentences, for a person to judge (the pool can hold real wire
copy).

    python -m benchmarks.partial_copies [--shared ../shared] [--trials 40] [--pool 300]

prints the table and writes it to ``build/partial_copies.csv``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from scoring.config import Config
from scoring.corpus import Fingerprint, corpus_results, fingerprint, without_quotations
from scoring.pipeline import analyze_articles
from scoring.types import Article, ArticleAnalysis

LENGTHS = (2, 3, 4, 5, 6)
KINDS = ("verbatim", "word changed", "sentence dropped", "with quotation")
_WORD = re.compile(r"\w+")
_LONG_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
_QUOTE_MARK = re.compile(r"[\"“”«»]")
_MIN_WORDS = 8  # a prose sentence, not a photo credit or a one-word line
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*$")  # a caption line without a full stop is no sentence


@dataclass(frozen=True)
class Plant:
    length: int
    kind: str
    origin: int
    host: int
    text: str
    """The host's text with the passage in it."""
    start: int
    end: int
    """Where the passage is in ``text``."""


def load_articles(folder: Path) -> list[Article]:
    articles = []
    for path in sorted((folder / "articles").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                articles.append(Article(row["id"], row["source"], row["text"], path=row["url"],
                                        title=row["title"], url=row["url"],
                                        published=row["published"] or ""))
    return articles


def sample_pool(articles: list[Article], size: int, rng: random.Random) -> list[Article]:
    """``size`` articles, as evenly spread over the outlets as the outlets allow."""
    by_source: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_source[article.source].append(article)
    for found in by_source.values():
        rng.shuffle(found)
    pool: list[Article] = []
    while len(pool) < size and any(by_source.values()):
        for source in sorted(by_source):
            if by_source[source] and len(pool) < size:
                pool.append(by_source[source].pop())
    return pool


def _sentences(analysis: ArticleAnalysis) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in analysis.sentences]


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _extent(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """From the first sentence's start to the last one's end, with a quotation mark just
    before or after them (a sentence's span leaves it out)."""
    start, end = spans[0][0], spans[-1][1]
    if start > 0 and _QUOTE_MARK.match(text[start - 1]):
        start -= 1
    if end < len(text) and _QUOTE_MARK.match(text[end]):
        end += 1
    return start, end


def _passages(analysis: ArticleAnalysis, length: int, kind: str) -> list[int]:
    """First sentence of every run of ``length`` body sentences fit for ``kind``. Whether a
    sentence is quoted is judged in its article (a quotation can open paragraphs before), and
    must stay the same when the passage stands alone."""
    text = analysis.article.text
    own = without_quotations(text)
    spans = _sentences(analysis)
    found = []
    for first in range(len(spans) - length + 1):
        run = spans[first : first + length]
        start, end = _extent(text, run)
        alone = without_quotations(text[start:end])
        prose = quoted = 0
        for s, e in run:
            words, mine = _words(text[s:e]), _words(own[s:e])
            if mine != _words(alone[s - start : e - start]):
                break
            if not _ENDS.search(text[s:e]):
                break
            if mine >= _MIN_WORDS and mine == words and not _QUOTE_MARK.search(text[s:e]):
                prose += 1
            elif words >= _MIN_WORDS and mine * 2 < words:
                quoted += 1
        if kind == "with quotation":
            if quoted == 1 and prose == length - 1:
                found.append(first)
        elif prose == length:
            found.append(first)
    return found


def _change_word(sentence: str, host_words: list[str], rng: random.Random) -> str:
    own = without_quotations(sentence)
    words = [m for m in _LONG_WORD.finditer(own) if m.start() > 0]
    if not words:
        return sentence
    chosen = rng.choice(words)
    replacement = rng.choice([w for w in host_words if w.lower() != chosen.group().lower()])
    return sentence[: chosen.start()] + replacement + sentence[chosen.end() :]


def _passage_text(origin: ArticleAnalysis, first: int, length: int, kind: str,
                  host_words: list[str], rng: random.Random) -> str:
    """The passage as it is set into the host: the origin's text from its first to its last
    sentence (paragraph breaks and enclosing quotation marks kept), edited."""
    text = origin.article.text
    spans = _sentences(origin)[first : first + length]
    start, end = _extent(text, spans)
    pieces = [text[s:e] for s, e in spans]
    gaps = [text[spans[k][1] : spans[k + 1][0]] for k in range(len(spans) - 1)]
    gaps.append(text[spans[-1][1] : end])
    if kind == "word changed":
        pieces = [_change_word(piece, host_words, rng) for piece in pieces]
    if kind == "sentence dropped":
        dropped = rng.randrange(1, length - 1)
        pieces[dropped] = gaps[dropped] = ""
    body = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True))
    return (text[start : spans[0][0]] + body).strip()


def _later(published: str) -> str:
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=7)).isoformat()
    except ValueError:
        return ""


def _body_breaks(analysis: ArticleAnalysis) -> list[int]:
    """Paragraph breaks between two body sentences: where a passage is set into a host (not
    after a "READ MORE:" line or a photo credit, which the parser keeps out of the body)."""
    starts = {s.start for s in analysis.sentences}
    ends = {s.end for s in analysis.sentences}
    return [m.end() for m in re.finditer(r"\n\s*\n", analysis.article.text)
            if m.start() in ends and m.end() in starts]


def make_plants(pool: list[ArticleAnalysis], trials: int, rng: random.Random) -> list[Plant]:
    plants = []
    for length in LENGTHS:
        for kind in KINDS:
            if kind == "sentence dropped" and length < 3:
                continue
            candidates = [(k, first) for k, analysis in enumerate(pool)
                          for first in _passages(analysis, length, kind)]
            made = 0
            while made < trials and candidates:
                origin, first = rng.choice(candidates)
                host = rng.randrange(len(pool))
                host_text = pool[host].article.text
                breaks = _body_breaks(pool[host])
                if pool[host].article.source == pool[origin].article.source or not breaks:
                    continue
                host_words = _LONG_WORD.findall(host_text)
                passage = _passage_text(pool[origin], first, length, kind, host_words, rng)
                at = rng.choice(breaks)
                text = host_text[:at] + passage + "\n\n" + host_text[at:]
                plants.append(Plant(length, kind, origin, host, text, at, at + len(passage)))
                made += 1
    return plants


def _shares_text(prints: list[Fingerprint], config: Config) -> list[list[tuple[int, int, str]]]:
    """Per article, the (start, end, other id) of each passage it shares with another."""
    return [[(p.start, p.end, p.other) for p in result.passages]
            for result in corpus_results(prints, config)]


def measure(shared: Path, *, trials: int, pool_size: int, seed: int,
            config: Config) -> tuple[list[dict[str, object]], list[str]]:
    rng = random.Random(seed)
    pool_articles = sample_pool(load_articles(shared / "data" / "allsides-dev"), pool_size, rng)
    pool, _ = analyze_articles(pool_articles, config)
    prints = [fingerprint(a, config) for a in pool]
    plants = make_plants(pool, trials, rng)
    hosts = [replace(pool[p.host].article, text=p.text, id=f"{pool[p.host].article.id}-copy-{k}",
                     published=_later(pool[p.origin].article.published))
             for k, p in enumerate(plants)]
    copies, _ = analyze_articles(hosts, config)
    by_id = {a.article.id: a for a in copies}
    found: dict[tuple[int, str], list[int]] = defaultdict(list)
    alarms: dict[tuple[int, str], int] = defaultdict(int)
    outside: dict[tuple[int, str], int] = defaultdict(int)
    untouched_alarms = set()
    for plant, host in zip(plants, hosts, strict=True):
        if host.id not in by_id:  # skipped as not prose: not a plant
            continue
        origin_id = pool[plant.origin].article.id
        copy = fingerprint(by_id[host.id], config)
        _, shared_by_copy = _shares_text([prints[plant.origin], copy], config)
        hit = any(other == origin_id and start < plant.end and end > plant.start
                  for start, end, other in shared_by_copy)
        found[(plant.length, plant.kind)].append(int(hit))
        outside[(plant.length, plant.kind)] += any(start >= plant.end or end <= plant.start
                                                   for start, end, _ in shared_by_copy)
        untouched = _shares_text([prints[plant.origin], prints[plant.host]], config)
        if any(untouched):
            untouched_alarms.add((plant.origin, plant.host))
            alarms[(plant.length, plant.kind)] += 1
    rows = []
    for length in LENGTHS:
        for kind in KINDS:
            hits = found.get((length, kind), [])
            if hits:
                rows.append({"sentences": length, "edit": kind, "plants": len(hits),
                             "found": sum(hits), "recall": round(sum(hits) / len(hits), 3),
                             "reported_outside_plant": outside[(length, kind)],
                             "untouched_pairs_with_alarm": alarms[(length, kind)]})
    lines = [f"untouched pairs: {len({(p.origin, p.host) for p in plants})}, "
             f"with text reported shared: {len(untouched_alarms)}"]
    lines += _pool_run(pool, prints, config)
    return rows, lines


def _pool_run(pool: list[ArticleAnalysis], prints: list[Fingerprint],
              config: Config) -> list[str]:
    """Every pair of untouched pool articles reported to share text, for a person to judge."""
    seen, lines = set(), []
    for analysis, passages in zip(pool, _shares_text(prints, config), strict=True):
        for start, end, other in passages:
            pair = tuple(sorted((analysis.article.id, other)))
            if pair in seen:
                continue
            seen.add(pair)
            lines.append(f"    {analysis.article.source} [{analysis.article.id}] ~ [{other}]: "
                         f"{analysis.article.text[start:end][:150]!r}")
    return [f"pool of {len(pool)} untouched articles from "
            f"{len({a.article.source for a in pool})} outlets run together: {len(seen)} pairs "
            "reported to share text", *lines]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--trials", type=int, default=40, help="plants per length and edit kind")
    parser.add_argument("--pool", type=int, default=300, help="real articles sampled")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="build/partial_copies.csv")
    args = parser.parse_args(argv)
    config = Config(language_model="blank")  # lexical mode: copying needs no parse
    rows, lines = measure(Path(args.shared), trials=args.trials, pool_size=args.pool,
                          seed=args.seed, config=config)
    print(f"{'sentences':>9}  {'edit':<17}{'plants':>7}{'found':>7}{'recall':>8}"
          f"{'outside plant':>15}{'untouched alarms':>18}")
    for row in rows:
        print(f"{row['sentences']:>9}  {row['edit']:<17}{row['plants']:>7}{row['found']:>7}"
              f"{row['recall']:>8.3f}{row['reported_outside_plant']:>15}"
              f"{row['untouched_pairs_with_alarm']:>18}")
    three_up = [r for r in rows if int(r["sentences"]) >= 3]
    total = sum(int(r["plants"]) for r in three_up)
    print(f"3+ sentences: recall {sum(int(r['found']) for r in three_up) / total:.3f} "
          f"of {total} plants")
    print("\n".join(lines))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"written: {out}")


if __name__ == "__main__":
    main()
