"""What needs the whole run: text shared between outlets, who had it first, and who says so.

Copy detection, in four steps:

1. **Fingerprint** each article as soon as it is analysed (:func:`fingerprint`): per compared
   body sentence (at least ``config.copy_min_words`` words outside quotation marks: outlets that
   quote the same statement do not copy each other) its character span, a hash of its
   normalised text, and the sorted 32-bit hashes of its word ``config.copy_shingle_words``-grams;
   per passage of ``config.copy_window_sentences`` consecutive sentences, the bands of its MinHash
   signature (datasketch ``MinHash``, ``config.copy_num_perm`` permutations; bands and rows chosen
   by datasketch's ``MinHashLSH`` for ``config.copy_lsh_threshold``). A run keeps fingerprints,
   not texts, in memory.
2. **Boilerplate** (:func:`find_boilerplate`): a sentence found in
   ``config.boilerplate_min_articles`` or more articles of one source is that source's template
   text (sign-offs, newsletter boxes), as passim treats text repeated across an issue series: it
   is never compared and never counted.
3. **Candidates** (:func:`candidate_pairs`): MinHash LSH. Passages whose band hashes collide are
   candidate pairs of articles of different sources. The buckets are a sorted numpy array per band
   rather than datasketch's in-memory storage, which measured about 4.4 KB per passage (2 million
   passages, a 100,000-article run, would need 9 GB); the signatures and the band layout are
   datasketch's.
4. **Verification** (:func:`matched_sentences`): every candidate pair is compared exactly,
   sentence against sentence: two sentences match when at least
   ``config.copy_min_containment`` of the shorter one's n-grams are in the other. Two articles
   share text only when at least ``config.copy_min_sentences`` sentences match; matches in the
   same order form passages, with offsets on both sides. What is reported is therefore true; LSH
   only decides what is looked at.

Then **direction and credit** (:func:`passages_by_article`): the earlier-published article is the
likely origin (unknown when a date is missing or the dates are equal, unless one article names the
other as its source). The later one credits the earlier when it names that outlet ("(Harbor
Ledger)", "according to Reuters"), when both credit the same news agency (wire copy, which
many outlets print), or when it says it is based on other media. Per article that gives the
features ``uncredited_copy_share``, ``credited_copy_share`` and ``reused_by_others_count`` and an
originality level in the spirit of the W3C Credibility Signals: ``original``, ``partly derived``,
``mostly derived``, ``wholesale copy``.

Stories and facts (:mod:`scoring.stories`, :mod:`scoring.facts`) are checked last: a fact copied
from another article is not corroborated by it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from scoring.config import Config
from scoring.facts import extract_facts
from scoring.lexicons import load_lexicon
from scoring.stories import StoryPrint, check_facts, cluster_stories, story_terms
from scoring.text import normalise, stable_hash
from scoring.types import (
    ArticleAnalysis,
    CorpusResult,
    Evidence,
    FactCheck,
    Passage,
)

_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: n-gram hashes mix word order
_MINHASH_SEED = 1

UNCREDITED = "uncredited_copy_share"
CREDITED = "credited_copy_share"
REUSED = "reused_by_others_count"
CORROBORATED = "corroborated_fact_share"
CONFLICTS = "conflicting_fact_count"
CORPUS_FEATURES: tuple[str, ...] = (UNCREDITED, CREDITED, REUSED, CORROBORATED, CONFLICTS)
ORIGINALITY_LEVELS = ("original", "partly derived", "mostly derived", "wholesale copy")

_NAME = r"[A-Z][\w&'’-]*(?:[ \t]+(?:(?:of|and|&|de|del|der|du|for)[ \t]+)?[A-Z][\w&'’-]*){0,5}"
_CREDIT_PATTERNS = (
    re.compile(rf"\((?:the\s+)?(?P<name>{_NAME})\)"),
    re.compile(r"\b(?:according to|reported by|reporting by|first reported by|as reported by|"
               r"reported in|via|courtesy of|cited by|told|published by|from|per)\s+"
               rf"(?:the\s+)?(?P<name>{_NAME})"),
    re.compile(rf"(?:\bthe\s+)?(?P<name>{_NAME})\s+(?:first\s+)?"
               r"(?:reported|reports|wrote|writes|has reported|said|says)\b"),
)
_QUOTATION = re.compile(
    r"“[^“”\n]*(?:”|(?=[\n“])|$)"  # curly quotes, or an opening one to the end of its line
    r"|^[^“”\n]*”"                  # the rest of a quotation a line before opened
    r"|«[^«»\n]*(?:»|$)|\"[^\"\n]*\"", re.MULTILINE)
_WIRE_DATELINE = re.compile(r"^\W*[A-Z][A-Za-z .,]{0,40}\((?P<name>[A-Z][A-Za-z]{1,15})\)\s*[-–—]")


@dataclass(frozen=True)
class Fingerprint:
    """What the whole-run step needs of one article; a run keeps one per article in memory.

    Compared sentence ``i`` spans ``spans[i]``; ``keys[i]`` hashes its normalised text; its
    sorted, distinct 32-bit n-gram hashes are ``codes[bounds[i]:bounds[i + 1]]``. Passage ``w``
    (sentences ``w .. w + window - 1``) has LSH band hashes ``bands[w]``.
    """

    id: str
    source: str
    published: str
    label: str
    """The article's title, or its path when it has none: named in evidence."""
    url: str
    spans: np.ndarray
    keys: np.ndarray
    bounds: np.ndarray
    codes: np.ndarray
    bands: np.ndarray
    credits: tuple[tuple[str, int, int], ...]
    """Outlets the article names as a source, normalised (see :func:`credit_key`), with where."""
    notice: tuple[int, int] | None
    """Where the article says it is based on other media reports, if it does."""
    second_hand: bool
    """It says it is based on other media or generated by AI: its facts corroborate nothing."""
    story: StoryPrint = field(compare=False)
    """Its story terms and facts, for :mod:`scoring.stories`."""


# --- fingerprints -----------------------------------------------------------------------------


_word_hash = lru_cache(maxsize=1 << 18)(stable_hash)
"""Word hashes repeat across a run's articles: cached."""


def _fold(codes: np.ndarray) -> np.ndarray:
    return ((codes >> np.uint64(32)) ^ codes).astype(np.uint32)


def _polynomial(words: np.ndarray, size: int) -> np.ndarray:
    """The uint64 hash of every run of ``size`` consecutive word hashes (a wrapping polynomial)."""
    codes = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):  # uint64 arithmetic wraps: a polynomial hash modulo 2**64
        codes = codes * _MULTIPLIER + words[offset : len(words) - size + 1 + offset]
    return codes


def shingle_codes(text: str, size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the lower-cased word ``size``-grams of ``text``.

    A text of fewer than ``size`` words gives one hash of all its words; no words give none.
    32 bits halve the memory of 64: among millions of n-grams a few share a hash, which adds a
    candidate now and then and moves a containment by one n-gram in a billion comparisons.
    """
    words = np.array([_word_hash(w.lower()) for w in _WORD.findall(text)], dtype=np.uint64)
    if len(words) == 0:
        return words.astype(np.uint32)
    return np.unique(_fold(_polynomial(words, min(size, len(words)))))


def _sentence_codes(sentences: Sequence[list[str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """For sentences given as word lists (each at least ``size`` words): the concatenated codes
    of :func:`shingle_codes` for each, and their bounds. One numpy pass for a whole article."""
    lengths = np.array([len(words) for words in sentences], dtype=np.int64)
    words = np.array([_word_hash(w.lower()) for ws in sentences for w in ws], dtype=np.uint64)
    codes = _polynomial(words, size)
    sentence = np.repeat(np.arange(len(sentences), dtype=np.uint64), lengths)[: len(codes)]
    # an n-gram starting in the last size - 1 words of a sentence runs into the next: not one
    position = np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)[
        : len(codes)]
    inside = position <= np.repeat(lengths - size, lengths)[: len(codes)]
    keyed = np.unique((sentence[inside] << np.uint64(32)) | _fold(codes[inside]).astype(np.uint64))
    owner = (keyed >> np.uint64(32)).astype(np.int64)
    bounds = np.searchsorted(owner, np.arange(len(sentences) + 1))
    return (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds.astype(np.int64)


@lru_cache(maxsize=8)
def lsh_layout(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) signature columns of each LSH band, as datasketch's ``MinHashLSH``
    chooses them to minimise false positives and negatives around ``threshold``."""
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=_MINHASH_SEED, hashfunc=int).permutations


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer datasketch's ``affine32`` scheme applies to every input hash."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash_signatures(sentence_codes: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """One MinHash signature (a row of ``num_perm`` uint32) per non-empty code array.

    The values are exactly those of datasketch's ``MinHash(num_perm, seed=1, hashfunc=int)``
    after ``update_batch(codes)`` (its ``affine32`` scheme, a test checks it), computed for all
    sentences of an article in one numpy pass instead of one MinHash object per sentence.
    """
    if not sentence_codes:
        return np.zeros((0, num_perm), dtype=np.uint32)
    a, b = _permutations(num_perm)
    hashed = _fmix32(np.concatenate(sentence_codes).astype(np.uint32))
    permuted = hashed[:, None] * a[None, :] + b[None, :]  # uint32 arithmetic wraps, as there
    starts = np.cumsum([0] + [len(c) for c in sentence_codes[:-1]])
    return np.minimum.reduceat(permuted, starts, axis=0)


def passage_bands(sentence_codes: Sequence[np.ndarray], config: Config) -> np.ndarray:
    """LSH band hashes (uint64, one row per passage) of each run of ``copy_window_sentences``
    consecutive sentences; an article with fewer sentences is one passage."""
    layout = lsh_layout(config.copy_lsh_threshold, config.copy_num_perm)
    if not sentence_codes:
        return np.zeros((0, len(layout)), dtype=np.uint64)
    signatures = minhash_signatures(sentence_codes, config.copy_num_perm).astype(np.uint64)
    window = min(config.copy_window_sentences, len(signatures))
    # a passage's MinHash is the element-wise minimum of its sentences' (MinHash.merge)
    passages = signatures[: len(signatures) - window + 1].copy()
    for offset in range(1, window):
        np.minimum(passages, signatures[offset : len(signatures) - window + 1 + offset],
                   out=passages)
    bands = np.zeros((len(passages), len(layout)), dtype=np.uint64)
    for band, (start, end) in enumerate(layout):
        for column in range(start, end):
            bands[:, band] = bands[:, band] * _MULTIPLIER + passages[:, column]
    return bands


def credit_key(name: str) -> str:
    """An outlet name as compared for credit: lower case, letters and digits only, without a
    leading "the" or a trailing possessive ("The Harbor Ledger's" -> "harborledger")."""
    name = re.sub(r"^(the)\s+", "", name.strip().lower())
    name = re.sub(r"['’]s$", "", name)
    return re.sub(r"[\W_]+", "", name)


def find_credits(text: str) -> tuple[tuple[str, int, int], ...]:
    """Names the text gives as a source of its reporting, normalised, with their spans: in
    brackets ("(Reuters)"), after "according to", "reported by", "via", "from", ..., or before
    "reported", "said", "wrote". Each name once, at its first place."""
    found: dict[str, tuple[int, int]] = {}
    for pattern in (_WIRE_DATELINE, *_CREDIT_PATTERNS):
        for match in pattern.finditer(text):
            key = credit_key(match.group("name"))
            if len(key) >= 2 and key not in found:
                found[key] = (match.start("name"), match.end("name"))
    return tuple((key, start, end) for key, (start, end) in sorted(found.items(),
                                                                   key=lambda i: i[1]))


def without_quotations(text: str) -> str:
    """``text`` with quoted words blanked out (offsets unchanged): what the writer wrote.

    Two outlets quoting the same statement corroborate each other; they do not copy each other.
    A quotation runs from an opening mark to its closing mark, or to the end of its line (news
    style opens each paragraph of a long quotation again), so a stray mark hides one line at most.
    """
    return _QUOTATION.sub(lambda match: " " * len(match.group()), text)


def fingerprint(analysis: ArticleAnalysis, config: Config) -> Fingerprint:
    """What the whole-run step needs of an analysed article."""
    article = analysis.article
    text = article.text
    own = without_quotations(text)
    spans: list[tuple[int, int]] = []
    keys: list[int] = []
    words: list[list[str]] = []
    body: list[tuple[int, int]] = []
    for sentence in analysis.sentences:
        body.append((sentence.start, sentence.end))
        found = _WORD.findall(own[sentence.start : sentence.end])
        if len(found) >= max(config.copy_min_words, config.copy_shingle_words, 1):
            spans.append((sentence.start, sentence.end))
            keys.append(stable_hash(normalise(text[sentence.start : sentence.end])))
            words.append(found)
    if words:
        codes, bounds = _sentence_codes(words, config.copy_shingle_words)
    else:
        codes, bounds = np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    notice = next(((e.start, e.end) for e in analysis.evidence
                   if e.feature == "derived_notice_count"), None)
    return Fingerprint(
        id=article.id, source=article.source, published=article.published,
        label=article.title or article.path, url=article.url,
        spans=np.array(spans, dtype=np.int64).reshape(-1, 2),
        keys=np.array(keys, dtype=np.uint64),
        bounds=bounds,
        codes=codes,
        bands=passage_bands([codes[bounds[i] : bounds[i + 1]] for i in range(len(spans))],
                            config),
        credits=find_credits(text),
        notice=notice,
        second_hand=bool(analysis.features.get("derived_notice_count")
                         or analysis.features.get("ai_disclosure_count")),
        story=StoryPrint(article.id, article.source, article.published,
                         story_terms(text, article.title), extract_facts(text, body)),
    )


# --- boilerplate and candidates -----------------------------------------------------------------


def _source_numbers(prints: Sequence[Fingerprint]) -> np.ndarray:
    """Each article's source as a number (sources numbered in order of first appearance)."""
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(p.source, len(numbers)) for p in prints],
                    dtype=np.int64)


def find_boilerplate(prints: Sequence[Fingerprint], config: Config) -> list[np.ndarray]:
    """Per article, which compared sentences are its source's boilerplate (a boolean array)."""
    counts = np.array([len(p.keys) for p in prints], dtype=np.int64)
    if counts.sum() == 0:
        return [np.zeros(0, dtype=bool) for _ in prints]
    source = np.repeat(_source_numbers(prints).astype(np.uint64), counts)
    article = np.repeat(np.arange(len(prints), dtype=np.int64), counts)
    keyed = np.concatenate([p.keys for p in prints]) ^ (source * _MULTIPLIER)  # per source
    # each (article, sentence text) once, then count the articles per text
    distinct = np.unique(np.stack([keyed, article.astype(np.uint64)]), axis=1)[0]
    values, articles = np.unique(distinct, return_counts=True)
    boilerplate = np.isin(keyed, values[articles >= config.boilerplate_min_articles])
    return np.split(boilerplate, np.cumsum(counts)[:-1])


def candidate_pairs(prints: Sequence[Fingerprint], boilerplate: Sequence[np.ndarray],
                    config: Config) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of articles of different sources with a passage each whose
    LSH bands collide. Passages that hold boilerplate take no part. A bucket of more than
    ``config.copy_max_bucket`` passages pairs each article only with its first member."""
    window = config.copy_window_sentences
    owners, rows = [], []
    for index, (found, excluded) in enumerate(zip(prints, boilerplate, strict=True)):
        if len(found.bands) == 0:
            continue
        span = min(window, len(excluded))
        clean = np.ones(len(found.bands), dtype=bool)
        for offset in range(span):
            clean &= ~excluded[offset : offset + len(found.bands)]
        rows.append(found.bands[clean])
        owners.append(np.full(int(clean.sum()), index, dtype=np.int64))
    if not rows:
        return np.zeros((0, 2), dtype=np.int64)
    bands = np.concatenate(rows)
    owner = np.concatenate(owners)
    source = _source_numbers(prints)
    found_pairs: list[np.ndarray] = []
    for column in np.ascontiguousarray(bands.T):  # one band at a time, contiguous: fast to sort
        order = np.argsort(column)
        keys, members = column[order], owner[order]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        sizes = np.diff(np.append(starts, len(keys)))
        two = starts[sizes == 2]  # most buckets that pair anything hold two passages: at once
        found_pairs.append(np.stack([np.minimum(members[two], members[two + 1]),
                                     np.maximum(members[two], members[two + 1])], axis=1))
        for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(),
                               strict=True):
            group = np.unique(members[start : start + size])  # sorted: pairs come out i < j
            if len(group) < 2:
                continue
            if len(group) > config.copy_max_bucket:
                first = np.full(len(group) - 1, group[0])
                found_pairs.append(np.stack([first, group[1:]], axis=1))
            else:
                left, right = np.triu_indices(len(group), k=1)
                found_pairs.append(np.stack([group[left], group[right]], axis=1))
    if not found_pairs:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(found_pairs), axis=0)
    return pairs[source[pairs[:, 0]] != source[pairs[:, 1]]]  # also drops an article's self-pair


# --- verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedText:
    """Sentences of article ``first`` matched to sentences of article ``second``, in order:
    ``matches`` rows are (sentence of first, sentence of second, containment)."""

    first: int
    second: int
    matches: np.ndarray


def _sentence_ids(found: Fingerprint) -> np.ndarray:
    return np.repeat(np.arange(len(found.spans), dtype=np.int64), np.diff(found.bounds))


def matched_sentences(a: Fingerprint, b: Fingerprint, excluded_a: np.ndarray,
                    excluded_b: np.ndarray, config: Config) -> np.ndarray:
    """Matched sentences of two articles, rows (sentence of a, sentence of b, containment):
    each sentence of ``a`` with its best match in ``b`` at or above the containment threshold,
    boilerplate left out. Empty unless at least ``config.copy_min_sentences`` match."""
    lengths_a, lengths_b = np.diff(a.bounds), np.diff(b.bounds)
    ids_a, ids_b = _sentence_ids(a), _sentence_ids(b)
    keep_a, keep_b = ~excluded_a[ids_a], ~excluded_b[ids_b]
    codes_a, ids_a = a.codes[keep_a], ids_a[keep_a]
    order = np.argsort(b.codes[keep_b], kind="stable")
    codes_b, ids_b = b.codes[keep_b][order], ids_b[keep_b][order]
    left = np.searchsorted(codes_b, codes_a, side="left")
    hits = np.searchsorted(codes_b, codes_a, side="right") - left
    if hits.sum() == 0:
        return np.zeros((0, 3))
    first = np.repeat(ids_a, hits)
    offsets = np.arange(hits.sum()) - np.repeat(np.cumsum(hits) - hits, hits)
    second = ids_b[np.repeat(left, hits) + offsets]
    cells, shared = np.unique(first * len(b.spans) + second, return_counts=True)
    rows, columns = cells // len(b.spans), cells % len(b.spans)
    containment = shared / np.minimum(lengths_a[rows], lengths_b[columns])
    good = containment >= config.copy_min_containment
    rows, columns, containment = rows[good], columns[good], containment[good]
    if len(rows) == 0:
        return np.zeros((0, 3))
    # per sentence of a, its best match (highest containment, then the earliest sentence of b)
    best = np.lexsort((columns, -containment, rows))
    rows, columns, containment = rows[best], columns[best], containment[best]
    first_of_row = np.concatenate(([True], rows[1:] != rows[:-1]))
    matches = np.stack([rows[first_of_row], columns[first_of_row],
                        containment[first_of_row]], axis=1)
    return matches if len(matches) >= config.copy_min_sentences else np.zeros((0, 3))


def verified_pairs(prints: Sequence[Fingerprint], config: Config,
                   boilerplate: Sequence[np.ndarray] | None = None) -> list[SharedText]:
    """Every pair of articles of different sources that share text, verified exactly."""
    if boilerplate is None:
        boilerplate = find_boilerplate(prints, config)
    found = []
    for first, second in candidate_pairs(prints, boilerplate, config).tolist():
        matches = matched_sentences(prints[first], prints[second], boilerplate[first],
                                  boilerplate[second], config)
        if len(matches):
            found.append(SharedText(first, second, matches))
    return found


# --- direction, credit and passages -------------------------------------------------------------


def _aliases(found: Fingerprint) -> set[str]:
    """The names an article's outlet may be credited by: its source name and its web host."""
    aliases = {credit_key(found.source)}
    host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", found.url.lower())).split("/")[0]
    if host:
        label = host.split(".")[0]
        aliases.add(credit_key(label))
    return {a for a in aliases if len(a) >= 2}


@cache
def _wire_services() -> frozenset[str]:
    return frozenset(credit_key(name) for name in load_lexicon("wire_services"))


def credit_of(later: Fingerprint, earlier: Fingerprint) -> tuple[str, int, int]:
    """How ``later`` credits ``earlier``: ``("named", start, end)`` where it names that outlet,
    ``("wire", start, end)`` where both credit the same news agency (``lexicons/
    wire_services.txt``: both printed the agency's copy), ``("notice", start, end)`` where it says
    it is based on other media, or ``("none", -1, -1)``."""
    aliases = _aliases(earlier)
    for key, start, end in later.credits:
        if key in aliases or any(key.startswith(a) and len(a) >= 3 for a in aliases):
            return "named", start, end
    agencies = {key for key, _, _ in earlier.credits} & _wire_services()
    for key, start, end in later.credits:
        if key in agencies:
            return "wire", start, end
    if later.notice is not None:
        return "notice", *later.notice
    return "none", -1, -1


def _order(a: Fingerprint, b: Fingerprint) -> int:
    """-1 when ``a`` was published first, 1 when ``b`` was, 0 when unknown or equal; a pair
    whose dates tie is ordered by credit: an article that names the other as its source came
    second."""
    if a.published and b.published and not (a.published.startswith(b.published)
                                             or b.published.startswith(a.published)):
        return -1 if a.published < b.published else 1
    a_credits_b = credit_of(a, b)[0] == "named"
    b_credits_a = credit_of(b, a)[0] == "named"
    if a_credits_b != b_credits_a:
        return 1 if a_credits_b else -1
    return 0


def _passages(me: Fingerprint, them: Fingerprint, matches: np.ndarray, role: str,
              credit: tuple[str, int, int]) -> list[Passage]:
    """Runs of matched sentences in the same order on both sides (gaps of up to two sentences)
    as passages of ``me``; ``matches`` rows are (my sentence, their sentence, containment)."""
    order = np.argsort(matches[:, 0], kind="stable")
    rows = matches[order]
    groups: list[list[np.ndarray]] = []
    for row in rows:
        if groups:
            last = groups[-1][-1]
            if 0 < row[0] - last[0] <= 3 and 0 < row[1] - last[1] <= 3:
                groups[-1].append(row)
                continue
        groups.append([row])
    found = []
    for group in groups:
        mine = [int(r[0]) for r in group]
        theirs = [int(r[1]) for r in group]
        found.append(Passage(
            other=them.id, other_source=them.source, other_label=them.label,
            start=int(me.spans[mine[0], 0]), end=int(me.spans[mine[-1], 1]),
            other_start=int(them.spans[min(theirs), 0]),
            other_end=int(them.spans[max(theirs), 1]),
            sentences=len(group), containment=float(np.mean([r[2] for r in group])),
            role=role, credit=credit[0], credit_start=credit[1], credit_end=credit[2],
        ))
    return found


def passages_by_article(prints: Sequence[Fingerprint],
                        shared: Sequence[SharedText]) -> list[list[Passage]]:
    """Per article, the passages it shares with others, with direction and credit."""
    found: list[list[Passage]] = [[] for _ in prints]
    for pair in shared:
        a, b = prints[pair.first], prints[pair.second]
        order = _order(a, b)
        swapped = pair.matches[:, [1, 0, 2]]
        roles = {-1: ("origin", "copy"), 1: ("copy", "origin"), 0: ("shared", "shared")}[order]
        none = ("none", -1, -1)
        credit_a = credit_of(a, b) if roles[0] != "origin" else none
        credit_b = credit_of(b, a) if roles[1] != "origin" else none
        found[pair.first].extend(_passages(a, b, pair.matches, roles[0], credit_a))
        found[pair.second].extend(_passages(b, a, swapped, roles[1], credit_b))
    for passages in found:
        passages.sort(key=lambda p: (p.start, p.other_source, p.other))
    return found


def originality(derived_share: float, config: Config) -> str:
    """The originality level of an article from the share of its compared sentences taken from
    earlier (or same-day) articles of other sources."""
    partly, mostly, wholesale = config.originality_cutoffs
    if derived_share >= wholesale:
        return "wholesale copy"
    if derived_share >= mostly:
        return "mostly derived"
    if derived_share >= partly:
        return "partly derived"
    return "original"


def _copy_evidence(passage: Passage) -> Evidence:
    when = {"copy": "published earlier", "shared": "order unknown",
            "origin": "published later"}[passage.role]
    where = (f"{passage.sentences} sentence{'s' if passage.sentences != 1 else ''} "
             f"({passage.containment:.0%}) also in {passage.other_source}: "
             f"'{passage.other_label}' [{passage.other}] at {passage.other_start}-"
             f"{passage.other_end}, {when}")
    if passage.role == "origin":
        return Evidence(REUSED, passage.start, passage.end, "copied by others", where)
    if passage.credit == "none":
        return Evidence(UNCREDITED, passage.start, passage.end, "copied", where + "; no credit")
    how = {"named": "names the outlet", "wire": "both credit the same news agency",
           "notice": "says it is based on other media"}[passage.credit]
    return Evidence(CREDITED, passage.start, passage.end, "credited copy",
                    f"{where}; credited: {how} at {passage.credit_start}-{passage.credit_end}")


def _copy_features(found: Fingerprint, passages: Sequence[Passage], excluded: np.ndarray,
                   config: Config) -> tuple[dict[str, float], str]:
    eligible = int((~excluded).sum())
    starts = found.spans[:, 0]
    credited: set[int] = set()
    uncredited: set[int] = set()
    for passage in passages:
        if passage.role == "origin":
            continue
        inside = np.flatnonzero((starts >= passage.start) & (starts < passage.end) & ~excluded)
        (uncredited if passage.credit == "none" else credited).update(inside.tolist())
    credited -= uncredited
    reused = len({p.other for p in passages if p.role == "origin"})
    share = (len(credited) + len(uncredited)) / eligible if eligible else 0.0
    features = {
        UNCREDITED: len(uncredited) / eligible if eligible else 0.0,
        CREDITED: len(credited) / eligible if eligible else 0.0,
        REUSED: float(reused),
    }
    return features, originality(share, config)


# --- facts ---------------------------------------------------------------------------------


def _fact_evidence(check: FactCheck) -> Evidence:
    # a fact reported alone is the rest of the corroborated share's denominator: its evidence
    feature = CONFLICTS if check.status == "conflict" else CORROBORATED
    fact = check.fact
    label = {"corroborated": "corroborated fact", "alone": "fact reported alone",
             "conflict": "conflicting fact"}[check.status]
    said = f"; {', '.join(check.others)}" if check.others else ""
    return Evidence(feature, fact.start, fact.end, label,
                    f"{fact.kind} of {fact.subject}: {fact.value}{said}")


def _fact_features(checks: Sequence[FactCheck]) -> dict[str, float]:
    corroborated = sum(1 for c in checks if c.status == "corroborated")
    return {CORROBORATED: corroborated / len(checks) if checks else 0.0,
            CONFLICTS: float(sum(1 for c in checks if c.status == "conflict"))}


# --- the whole run ---------------------------------------------------------------------------


def corpus_results(prints: Sequence[Fingerprint], config: Config) -> list[CorpusResult]:
    """Copying, originality, stories and facts for every article of a run, in order."""
    boilerplate = find_boilerplate(prints, config)
    passages = passages_by_article(prints, verified_pairs(prints, config, boilerplate))
    copied: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    index = {p.id: i for i, p in enumerate(prints)}
    for mine, found in enumerate(passages):
        for passage in found:  # what this article took from the other (or may have)
            if passage.role != "origin":
                copied[(mine, index[passage.other])].append((passage.start, passage.end))
    stories_in = [p.story for p in prints]
    stories = cluster_stories(stories_in, config)
    checks = check_facts(stories_in, stories, copied,
                         frozenset(i for i, p in enumerate(prints) if p.second_hand))
    results = []
    for found, article_passages, excluded, story, facts in zip(
            prints, passages, boilerplate, stories.tolist(), checks, strict=True):
        features, level = _copy_features(found, article_passages, excluded, config)
        features.update(_fact_features(facts))
        evidence = [_copy_evidence(p) for p in article_passages]
        evidence += [_fact_evidence(c) for c in facts]
        evidence.sort(key=lambda e: (e.start, e.end, e.feature, e.label))
        results.append(CorpusResult(features, tuple(evidence), tuple(article_passages), level,
                                    int(story), tuple(facts)))
    return results


def with_corpus_result(analysis: ArticleAnalysis, result: CorpusResult) -> ArticleAnalysis:
    """The analysis with the whole-run features and their evidence added."""
    features = dict(analysis.features)
    features.update(result.features)
    evidence = sorted(analysis.evidence + result.evidence,
                      key=lambda e: (e.start, e.end, e.feature, e.label))
    return replace(analysis, features=features, evidence=tuple(evidence))


def with_corpus_features(analyses: Sequence[ArticleAnalysis],
                         config: Config) -> list[ArticleAnalysis]:
    """The analyses with their whole-run features and evidence added."""
    results = corpus_results([fingerprint(a, config) for a in analyses], config)
    return [with_corpus_result(a, r) for a, r in zip(analyses, results, strict=True)]
