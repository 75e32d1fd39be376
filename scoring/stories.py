"""Story clusters over a run's articles, and each article's facts checked against its story.

**Story terms.** :func:`story_terms` reduces an article to the sorted, distinct 32-bit hashes
(blake2b) of its content words: lower-cased words of at least three letters that are not
stopwords, numbers (digits, as written without separators), and the pairs of consecutive
capitalised words inside a sentence ("Sergei Lavrov", "Novgorod Region") as extra terms, since
names say most about which event an article reports. Title words are added like body words. A
term counts once per article (binary term frequency).

**Clusters.** :func:`cluster_stories` weights each term by its smoothed inverse document
frequency in the run, ``idf = ln((1 + N) / (1 + df)) + 1`` (scikit-learn's smooth idf: a term in
every article still weighs 1, so small runs still compare), and joins two articles when the cosine
of their idf vectors is at least ``config.story_min_similarity`` and, when both dates are known,
their ``published`` days are at most ``config.story_max_days`` apart. Stories are the connected
components of those links (a chain of links can span more than ``story_max_days``). Numbered in
order of each story's first article, so the numbers are deterministic.

It never compares all pairs: candidate pairs are the pairs of articles that share at least
``config.story_min_shared_terms`` *rare* terms, those found in 2 to
``config.story_max_term_articles`` articles (fewer when their pairs would exceed
``config.story_max_candidates``: the rarest terms are kept), and that could still reach the
threshold given what their other terms can add at most. The cosine on all terms is then computed
for those candidates only, in vectorised chunks. Articles of one story share names, places and
figures that are rare in a run; a story told by more articles than ``story_max_term_articles``
is joined through the details its articles share in smaller groups, and can be split when there
are none.

The steps are functions a run can split between tasks (:mod:`scoring.wholerun`): document
frequencies by term, each article's norm and rare terms (:func:`article_weights`) by article, the
candidates (:func:`story_candidates`, bounded by ``story_max_candidates`` whatever the run's size)
at once, the cosines (:func:`story_similarities`) by pair and the components
(:func:`story_numbers`) at once; :func:`cluster_stories` runs them in one process.

**Facts.** :func:`check_facts` compares each fact (see :mod:`scoring.facts`) with the facts of
the same ``kind`` and ``subject`` in the other articles of its story that come from another source
and are *independent* for it: neither fact lies in text the two articles share
(``copied[(i, j)]`` lists the spans of article ``i`` that it took, or may have taken, from
article ``j``).

- ``corroborated``: an independent article states the same number (and unit); an approximate
  value ("about 90") agrees with the same number stated exactly. A role is corroborated when an
  independent article gives the same person (``subject``) the same role (``value``, compared
  whole: "foreign minister" does not agree with "minister").
- ``conflict``: only for counts, money, percentages and distances, and conservatively: the
  counted noun is specific ("homes", "drones"; not one of ``lexicons/fact_generic_subjects.txt``
  such as "people" or "years", which two articles use for different groups); both values are
  exact, in the same unit, and different; neither article states
  that kind and subject with more than one value (an article saying "12 people were hurt" and
  "3 people died" counts two different things, so its "people" are ambiguous); and no
  independent article states this value.
- ``alone`` otherwise. Dates, durations and roles never conflict: a different day is mostly a
  different event (the attack, the statement about it), and a different duration mostly a
  different span ("4 hours" of queueing, a "24-hour" hotline); a person holds several roles,
  and a differing title is more often a second role or another wording ("minister", "foreign
  minister") than an error, so a role nobody independent repeats is ``alone``.

``others`` lists what independent sources said, ``"Source: value"``, agreeing values first, at most
``_MAX_OTHERS`` entries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from scoring.config import Config
from scoring.lexicons import word_set
from scoring.text import stable_hash
from scoring.types import Fact, FactCheck, FactStatus

_WORD = re.compile(r"[^\W\d_]+|\d[\d,.]*\d|\d")
_NAME_PAIR = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b", re.MULTILINE)
_CONFLICT_KINDS = frozenset({"count", "money", "percent", "distance"})
_MAX_OTHERS = 3
_CHUNK_LOOKUPS = 4_000_000
"""Term look-ups per vectorised chunk when computing candidates' cosines (bounds memory)."""


@dataclass(frozen=True)
class StoryPrint:
    """What a run keeps of one article to find its story and check its facts.

    ``terms`` are :func:`story_terms` (sorted distinct uint32); ``facts`` come from
    :func:`scoring.facts.extract_facts` on the body sentences.
    """

    id: str
    source: str
    published: str
    terms: np.ndarray
    facts: tuple[Fact, ...]


@cache
def _stopwords() -> frozenset[str]:
    return word_set("story_stopwords")


@lru_cache(maxsize=1 << 18)
def _term_hash(term: str) -> int:
    digest = stable_hash(term)
    return (digest >> 32) ^ (digest & 0xFFFFFFFF)


def story_terms(text: str, title: str = "") -> np.ndarray:
    """Sorted distinct uint32 hashes of the story terms of ``title`` and ``text`` (see module)."""
    stop = _stopwords()
    terms: set[str] = set()
    for part in (title, text):
        for word in _WORD.findall(part):
            if word[0].isdigit():
                terms.add(word.replace(",", ""))
            elif len(word) >= 3 and (lower := word.lower()) not in stop:
                terms.add(lower)
        for first, second in _NAME_PAIR.findall(part):
            if first.lower() not in stop:
                terms.add(f"{first.lower()} {second.lower()}")
    hashes = np.fromiter((_term_hash(t) for t in terms), dtype=np.uint32, count=len(terms))
    return np.unique(hashes)


# --- clusters ------------------------------------------------------------------------------------


def cluster_stories(prints: Sequence[StoryPrint], config: Config) -> np.ndarray:
    """The story number (int64) of every article; an article alone is a story of its own.

    The steps below are those :mod:`scoring.wholerun` runs as tasks over parts of a run.
    """
    count = len(prints)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    lengths = np.array([len(p.terms) for p in prints], dtype=np.int64)
    hashes = np.concatenate([np.asarray(p.terms, dtype=np.uint32) for p in prints])
    # dense term ids in hash order: each article's ids stay sorted, as its hashes are
    vocabulary, df = np.unique(hashes, return_counts=True)
    term_ids = np.searchsorted(vocabulary, hashes).astype(np.int32)  # int32: half the memory
    del hashes
    owners = np.repeat(np.arange(count, dtype=np.int32), lengths)
    weights = idf_weights(df, count)
    rare = rare_terms(df, config)
    norms, rest, keep = article_weights(owners, term_ids, weights, rare, count)
    first, second = story_candidates(term_ids[keep], owners[keep], weights, norms, rest,
                                     publication_days([p.published for p in prints]), config)
    starts = np.concatenate(([0], np.cumsum(lengths)))
    cosines = story_similarities(first, second, starts, term_ids, weights, norms[first],
                                 norms[second])
    linked = cosines >= config.story_min_similarity
    return story_numbers(count, first[linked], second[linked])


def idf_weights(df: np.ndarray, count: int) -> np.ndarray:
    """Each term's smoothed idf, from the number of articles ``df`` it is in out of ``count``."""
    return np.log((1.0 + count) / (1.0 + df)) + 1.0


def rare_terms(df: np.ndarray, config: Config) -> np.ndarray:
    """Which terms pairs of articles are looked for by: those in 2 to
    ``story_max_term_articles`` articles, fewer when their pairs would exceed
    ``story_max_candidates`` (the rarest are kept)."""
    limit = min(config.story_max_term_articles, _pair_limit(df, config.story_max_candidates))
    return (df >= 2) & (df <= limit)


def article_weights(owners: np.ndarray, term_ids: np.ndarray, weights: np.ndarray,
                    rare: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per article ``0 .. count - 1`` (the owners of the terms ``term_ids``, in term order per
    article): the norm of its idf vector and the sum of its squared weights over terms that are
    not ``rare``; and per term, whether it is ``rare``."""
    squared = weights[term_ids] ** 2
    norms = np.sqrt(np.bincount(owners, weights=squared, minlength=count))
    keep = rare[term_ids]
    rest = np.bincount(owners[~keep], weights=squared[~keep], minlength=count)
    return norms, rest, keep


def story_candidates(terms: np.ndarray, docs: np.ndarray, weights: np.ndarray,
                     norms: np.ndarray, rest: np.ndarray, days: np.ndarray, config: Config
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, that share at least ``story_min_shared_terms`` rare terms,
    can still reach ``story_min_similarity`` and were published at most ``story_max_days``
    apart (when both days are known); ``(terms[k], docs[k])`` are the rare terms of the run's
    articles (any order), ``norms``, ``rest`` and ``days`` of all its articles.

    A pair is dropped when even the most its other terms could add leaves it below the
    threshold: the shared rare terms give ``sum w**2`` exactly, and the terms not indexed can add
    at most the smaller of the two articles' ``sum w**2`` over them (``rest``).
    """
    count = len(norms)
    order = np.lexsort((docs, terms))
    terms, docs = terms[order], docs[order]
    empty = np.zeros(0, dtype=np.int64)
    if len(terms) == 0:
        return empty, empty
    group_starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
    group_sizes = np.diff(np.r_[group_starts, len(terms)])
    keys, shared_weight = [], []
    for size in np.unique(group_sizes):
        groups = group_starts[group_sizes == size]
        members = docs[groups[:, None] + np.arange(size)]
        left, right = np.triu_indices(int(size), k=1)
        keys.append((members[:, left].astype(np.int64) * count + members[:, right]).ravel())
        shared_weight.append(np.repeat(weights[terms[groups]] ** 2, len(left)))
    pairs, inverse, shared = np.unique(np.concatenate(keys), return_inverse=True,
                                       return_counts=True)
    partial = np.bincount(inverse, weights=np.concatenate(shared_weight))
    del keys, shared_weight, inverse
    first, second = pairs // count, pairs % count
    reachable = (partial + np.minimum(rest[first], rest[second])
                 >= config.story_min_similarity * norms[first] * norms[second])
    chosen = reachable & (shared >= config.story_min_shared_terms)
    first, second = first[chosen], second[chosen]
    known = (days[first] >= 0) & (days[second] >= 0)
    near = ~known | (np.abs(days[first] - days[second]) <= config.story_max_days)
    return first[near], second[near]


def _pair_limit(df: np.ndarray, budget: int) -> int:
    """The largest document frequency whose terms, with all rarer ones, give at most ``budget``
    article pairs."""
    per_frequency = np.bincount(df, weights=df * (df - 1) / 2.0)
    within = np.flatnonzero(np.cumsum(per_frequency) <= budget)
    return int(within[-1]) if len(within) else 1


def publication_days(published: Sequence[str]) -> np.ndarray:
    """Each article's publication day (days since 1970), or -1 when unknown or unreadable."""
    days = np.full(len(published), -1, dtype=np.int64)
    for index, date in enumerate(published):
        try:
            days[index] = np.datetime64(date[:10], "D").astype(np.int64)
        except ValueError:
            continue
    days[days < 0] = -1  # dates before 1970 are not news of a run; treat as unknown
    return days


def story_similarities(first: np.ndarray, second: np.ndarray, starts: np.ndarray,
                       term_ids: np.ndarray, weights: np.ndarray, norms_first: np.ndarray,
                       norms_second: np.ndarray) -> np.ndarray:
    """The cosine of each pair ``(first[k], second[k])`` of articles whose term ids are
    ``term_ids[starts[i] : starts[i + 1]]`` (sorted), with their norms given."""
    dots = _dot_products(first, second, starts, term_ids, weights, len(weights))
    with np.errstate(divide="ignore", invalid="ignore"):
        return dots / (norms_first * norms_second)


def story_numbers(count: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The story number of each of ``count`` articles: the connected components of the links
    ``(first[k], second[k])``, numbered in order of each story's first article (so the numbers
    depend neither on the order of the links nor on the graph library)."""
    graph = coo_matrix((np.ones(len(first), dtype=np.int8), (first, second)),
                       shape=(count, count))
    _, labels = connected_components(graph, directed=False)
    _, first_seen, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_seen))
    return order[inverse].astype(np.int64)


def _dot_products(first: np.ndarray, second: np.ndarray, starts: np.ndarray,
                  term_ids: np.ndarray, weights: np.ndarray, vocabulary: int) -> np.ndarray:
    """Sum of squared weights of the terms each pair ``(first[k], second[k])`` shares.

    Every term of the first article is looked up in the second's sorted term ids, in chunks of
    about ``_CHUNK_LOOKUPS`` look-ups.
    """
    dots = np.zeros(len(first), dtype=np.float64)
    if len(first) == 0:
        return dots
    keys = np.repeat(np.arange(len(starts) - 1, dtype=np.int64), np.diff(starts))
    keys = keys * vocabulary + term_ids.astype(np.int64)  # sorted: by article, then by term id
    lengths = np.diff(starts)[first]
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(0, lengths.sum(), _CHUNK_LOOKUPS),
                             side="right")
    for begin, end in zip(bounds, np.r_[bounds[1:], len(first)], strict=True):
        if begin == end:
            continue
        chunk = slice(begin, end)
        sizes = lengths[chunk]
        pair = np.repeat(np.arange(begin, end), sizes)
        offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        mine = term_ids[starts[first[pair]] + offsets]
        wanted = second[pair].astype(np.int64) * vocabulary + mine
        found = np.searchsorted(keys, wanted)
        hit = keys[np.minimum(found, len(keys) - 1)] == wanted
        dots[chunk] = np.bincount(pair[hit] - begin, weights=weights[mine[hit]] ** 2,
                                  minlength=end - begin)
    return dots


# --- facts ---------------------------------------------------------------------------------------


def check_facts(prints: Sequence[StoryPrint], stories: np.ndarray,
                copied: Mapping[tuple[int, int], Sequence[tuple[int, int]]],
                second_hand: frozenset[int] = frozenset()) -> list[tuple[FactCheck, ...]]:
    """One tuple per article, one :class:`FactCheck` per fact, in the article's fact order.

    Articles in ``second_hand`` say they are based on other media or generated by AI: their
    figures came from others' reporting, so agreeing with them corroborates nothing, either way;
    a figure of theirs that independent outlets contradict is still a conflict.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for index, story in enumerate(np.asarray(stories).tolist()):
        members[story].append(index)
    checks: list[tuple[FactCheck, ...]] = []
    for index, story in enumerate(prints):
        others = [j for j in members[int(stories[index])]
                  if j != index and prints[j].source != story.source]
        checks.append(tuple(_check(index, fact, others, prints, copied, second_hand)
                            for fact in story.facts))
    return checks


@cache
def _generic_subjects() -> frozenset[str]:
    return word_set("fact_generic_subjects")


def _check(index: int, fact: Fact, others: list[int], prints: Sequence[StoryPrint],
           copied: Mapping[tuple[int, int], Sequence[tuple[int, int]]],
           second_hand: frozenset[int] = frozenset()) -> FactCheck:
    if not others:
        return FactCheck(fact, "alone")
    # a role's value is words, not a number: compared whole, never split into number and unit
    marker, number, unit = ("", fact.value, "") if fact.kind == "role" else _split_value(fact.value)
    agree: list[str] = []
    differ: list[str] = []
    for other in others:
        if _inside(fact, copied.get((index, other), ())):
            continue  # this article shares the fact's text with that one: not independent
        theirs = [f for f in prints[other].facts
                  if f.kind == fact.kind and f.subject == fact.subject
                  and not _inside(f, copied.get((other, index), ()))]
        for their in theirs:
            their_marker, their_number, their_unit = (
                ("", their.value, "") if their.kind == "role" else _split_value(their.value))
            if their_unit != unit:
                continue  # "3 mi" and "4.8 km" can neither agree nor conflict
            label = f"{prints[other].source}: {their.value}"
            if their_number == number:
                if index not in second_hand and other not in second_hand:
                    agree.append(label)
            elif (fact.kind in _CONFLICT_KINDS and fact.subject not in _generic_subjects()
                  and not marker and not their_marker
                  and _unambiguous(prints[index].facts, fact)
                  and _unambiguous(prints[other].facts, their)):
                differ.append(label)
    status: FactStatus = "corroborated" if agree else "conflict" if differ else "alone"
    return FactCheck(fact, status, tuple(dict.fromkeys(agree + differ))[:_MAX_OTHERS])


def _split_value(value: str) -> tuple[str, str, str]:
    """A fact value as (approximation marker, number, unit): ">90 km" -> (">", "90", "km")."""
    marker = value[:1] if value[:1] in "~<>" and value[:1] else ""
    number, _, unit = value[len(marker):].partition(" ")
    return marker, number, unit


def _inside(fact: Fact, spans: Sequence[tuple[int, int]]) -> bool:
    """True when the fact's phrase overlaps one of ``spans`` (text shared with the other)."""
    return any(start < fact.end and fact.start < end for start, end in spans)


def _unambiguous(facts: Sequence[Fact], fact: Fact) -> bool:
    """True when the article states ``fact``'s kind and subject with one value only."""
    return len({f.value for f in facts if f.kind == fact.kind and f.subject == fact.subject}) == 1
