"""Is this text prose at all? Quality checks that recognise input which is not an article.

A file that is one word repeated a million times, a list of IDs, source code, a page of menu
links, a table of figures or a line of emoji is not a badly written article: it is not an
article. Scoring it gives a number that means nothing (one such file once scored 83.6), so the
pipeline skips it with a reason (:func:`not_prose_reason`) before any feature sees it.

The checks are the Gopher rules (Rae et al. 2021, "Scaling Language Models", appendix A) as
TextDescriptives implements them (``HLasse/TextDescriptives``, component ``quality``): each
gives a value, the interval it must lie in, and whether it does (:class:`QualityCheck`); the
intervals are in :data:`CHECKS`. What changes them to fit news instead of web crawls:

- Repetition of whole units is not a sign of non-prose here: a body printed twice or a
  paragraph pasted six times is a real article with a flaw, which the ``duplication`` features
  penalise. So the n-gram, stop-word and word-count checks are computed on the text with every
  repeated sentence kept once, and the duplicate line and paragraph fractions are reported
  with no bound.
- Menus, lists of headlines and code are told from text by three line and symbol checks after
  FineWeb (Penedo et al. 2024): short lines, lines that end like a sentence (hard-wrapped lines
  joined first), and characters typical of code and menus.
- HTML tags and entities left in scraped text (``<p>``, ``&#8220;``) are removed and decoded
  first: they are flaws of prose, not symbols, and they glue words together.
- Length is not judged for its own sake. A text under 50 words is too short to judge (a news
  brief is short, and its statistics mean nothing) unless it is long in characters, which a few
  giant "words" (a run of quote marks, base64) are. A long text is judged on its first
  ``SAMPLE_WORDS`` words: a sample is enough, and it keeps the work linear and bounded.

Only English stop words are known: text in another language fails the stop-word check.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["CHECKS", "QualityCheck", "not_prose_reason", "quality_checks"]

SAMPLE_WORDS = 20_000
"""Only the first this-many words of a text are judged (a 10 MB text costs what 120 kB do)."""
SAMPLE_CHARS = 200_000
"""...and never more than this many characters (one giant "word" cannot make the sample big)."""
MIN_WORDS_TO_JUDGE = 50
"""Gopher's minimum document length: a shorter text is judged only when it is long in
characters (``MIN_CHARS_TO_JUDGE``)."""
MIN_CHARS_TO_JUDGE = 1_000
"""Non-space characters at which a text with few words is judged anyway: 1,000 characters in
under 50 words is a mean word length over 20, never prose."""

LONG_LINE_CHARS = 200
"""A line this long is a paragraph, even when it does not end like a sentence."""
MIN_LINES = 10
"""The line checks divide by at least this many lines."""
DUPLICATE_NGRAM_MAX = 0.8
"""Bound on every duplicate n-gram fraction (Gopher: 0.15 for 5-grams down to 0.10 for
10-grams; see the comment above ``CHECKS``)."""
SHORT_LINE_CHARS = 30
"""A line shorter than this many characters is short (FineWeb's short-line rule)."""
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
"""The stop words of the Gopher rules; prose has at least two of them."""
BULLETS = "•●○◦▪▫■□‣⁃∙·*-–—►▶➢✓✔"
"""Characters that start a bullet-point line."""

_WORD = re.compile(r"\S+")
_ALNUM_WORD = re.compile(r"\w+")
_ALPHA = re.compile(r"[^\W\d_]")
_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,500}>")
_CODE_SYMBOL = re.compile(r"[{}\[\]=;|\\_^~`]")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_LINE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$|[\"”’»)\]]$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")
_PARAGRAPH_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class QualityCheck:
    """One check on one text: its ``value``, the ``threshold`` interval ``(low, high)`` it must
    lie in (``None``: no bound on that side), and whether it does."""

    name: str
    value: float
    threshold: tuple[float | None, float | None]
    passed: bool
    description: str


@dataclass(frozen=True)
class CheckSpec:
    """A check's default interval, the words that name it in a skip reason, and its meaning."""

    name: str
    label: str
    low: float | None
    high: float | None
    description: str
    digits: int = 2


# The bounds, measured on 5,064 real articles (data/sample, the five seed articles, the AllSides
# dev set, the BuzzFeed-Webis corpus and Horne 2017's BuzzFeed set), each also hard-wrapped at
# 72 columns, with its blank lines removed and on one line: none fails any check. Gopher's own
# bounds failed 3% of them: duplicate n-gram fractions reach 0.33 in one article in a thousand
# (pull quotes and captions repeated with a change; 0.63 for an AP caption printed twice), far
# above Gopher's 0.10-0.15 but below the 0.95-1.00 of repetitive junk, hence one bound of 0.8;
# top n-gram fractions reach 0.18 (Gopher's 0.16 for 4-grams), against 0.45 and more for lorem
# ipsum repeated; words with a letter fall to 0.77 in poll and election write-ups, below
# Gopher's 0.8, while JavaScript has 0.59 and tables of figures under 0.05. The checks added to
# Gopher's have margins as wide: code symbols per word at most 0.06 in news, 0.42 in Python and
# 0.65 in JavaScript; short lines at most 0.63, menus 0.89; characters in sentence lines at
# least 0.38 (a list of names with a lead sentence), menus 0.11 and headline lists 0.03;
# sentence ends per word at least 0.005 (sentences glued without a space), 0 in keyword and ID
# lists.
CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("alpha_word_fraction", "words with a letter", 0.65, None,
              "Share of words (runs of non-space characters) with at least one letter. Gopher: "
              "0.8, lowered for figure-heavy news."),
    CheckSpec("mean_word_length", "mean word length", 3.0, 10.0,
              "Mean characters per word. Gopher: 3 to 10."),
    CheckSpec("hash_to_word_ratio", "# per word", None, 0.1,
              "Hash symbols per word (hashtags, code comments). Gopher: at most 0.1."),
    CheckSpec("ellipsis_to_word_ratio", "ellipses per word", None, 0.1,
              "Ellipses ('...' or '…') per word. Gopher: at most 0.1."),
    CheckSpec("code_symbol_to_word_ratio", "code symbols per word", None, 0.2,
              "Characters typical of code and menus ({ } [ ] = ; | \\ _ ^ ~ `) per word. Extends "
              "Gopher's symbol-to-word ratio."),
    CheckSpec("bullet_line_fraction", "bullet lines", None, 0.9,
              "Share of non-blank lines that start with a bullet. Gopher: at most 0.9."),
    CheckSpec("ellipsis_line_fraction", "lines ending in an ellipsis", None, 0.3,
              "Share of non-blank lines that end with an ellipsis. Gopher: at most 0.3."),
    CheckSpec("short_line_fraction", "short lines", None, 0.8,
              "Share of non-blank lines shorter than 30 characters (menus, lists, code). FineWeb: "
              "at most 0.67."),
    CheckSpec("prose_line_char_fraction", "characters in sentence lines", 0.2, None,
              "Share of line characters in lines that end like a sentence (., !, ?, …, :, or "
              "a closing quote or bracket after one) or are long (200 characters, a paragraph "
              "cut short). A line followed by one that starts in lower case is joined to it "
              "first, so hard-wrapped prose counts as its sentences. Adapted from FineWeb's "
              "share of lines ending in punctuation (at least 0.12)."),
    CheckSpec("sentence_end_ratio", "sentence ends per word", 0.003, None,
              "Words that end a sentence (., !, ? or … at their end, before closing quotes), "
              "per word: prose has one every 20 words or so, lists of keywords or IDs none.", 3),
    CheckSpec("stop_word_count", "stop words", 2, None,
              "Occurrences of the Gopher stop words (the, be, to, of, and, that, have, with) "
              "after collapsing repeats. Gopher: at least 2.", 0),
    CheckSpec("word_count", "words after collapsing repeats", 10, None,
              "Words left when every repeated sentence is kept once: a few words "
              "repeated many times is not an article. TextDescriptives' doc_length: at least "
              "10.", 0),
    *(CheckSpec(f"top_{n}gram_chr_fraction", f"top {n}-gram fraction", None, high,
                f"Characters of the most frequent repeated word {n}-gram, over all word "
                f"characters, after collapsing repeats. Gopher: at most {gopher}, raised for news.")
      for n, high, gopher in ((2, 0.30, 0.20), (3, 0.30, 0.18), (4, 0.30, 0.16))),
    *(CheckSpec(f"duplicate_{n}gram_chr_fraction", f"duplicate {n}-gram fraction", None,
                DUPLICATE_NGRAM_MAX,
                f"Characters of words inside a word {n}-gram that occurs more than once, over "
                f"all word characters, after collapsing repeats. Gopher: at most {gopher}, "
                f"raised for news.")
      for n, gopher in ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10))),
    CheckSpec("duplicate_line_chr_fraction", "duplicate lines", None, None,
              "Characters of lines that repeat an earlier line, over all line characters. "
              "Reported, not judged: repeated whole units are the duplication feature's job."),
    CheckSpec("duplicate_paragraph_chr_fraction", "duplicate paragraphs", None, None,
              "The same over paragraphs (blocks separated by blank lines). Reported, not "
              "judged."),
)
_SPECS = {spec.name: spec for spec in CHECKS}
MAX_REASONS = 4
"""Failed checks named in a skip reason, at most (the rest are counted)."""


def quality_checks(text: str) -> tuple[QualityCheck, ...]:
    """Every check of :data:`CHECKS` on ``text``, in that order; ``()`` when the text is too
    short to judge (under ``MIN_WORDS_TO_JUDGE`` words and ``MIN_CHARS_TO_JUDGE`` non-space
    characters), which is not a verdict against it. Linear in the sample, never raises."""
    # tags and entities left in scraped text ("<p>", "&#8220;") are flawed prose, not symbols
    sample = html.unescape(_TAG.sub(" ", text[:SAMPLE_CHARS]))
    spans = list(itertools.islice(_WORD.finditer(sample), SAMPLE_WORDS))
    if len(spans) == SAMPLE_WORDS:
        sample = sample[: spans[-1].end()]
    words = [m.group() for m in spans]
    chars = sum(map(len, words))
    if len(words) < MIN_WORDS_TO_JUDGE and chars < MIN_CHARS_TO_JUDGE:
        return ()
    lines = [line.strip() for line in sample.splitlines()]
    lines = [line for line in lines if line]
    paragraphs = [p.strip() for p in _PARAGRAPH_SPLIT.split(sample) if p.strip()]
    unique = _collapsed_words(paragraphs)
    n = len(words)
    values = {
        "alpha_word_fraction": sum(1 for w in words if _ALPHA.search(w)) / n,
        "mean_word_length": chars / n,
        "hash_to_word_ratio": sample.count("#") / n,
        "code_symbol_to_word_ratio": len(_CODE_SYMBOL.findall(sample)) / n,
        "ellipsis_to_word_ratio": len(_ELLIPSIS.findall(sample)) / n,
        "bullet_line_fraction": _line_fraction(lines, lambda line: line[0] in BULLETS),
        "short_line_fraction": _line_fraction(lines, lambda line: len(line) < SHORT_LINE_CHARS),
        "ellipsis_line_fraction": _line_fraction(lines, lambda line: line.endswith(("...", "…"))),
        "prose_line_char_fraction": _prose_line_char_fraction(lines),
        "sentence_end_ratio": sum(1 for w in words if _SENTENCE_END.search(w)) / n,
        "stop_word_count": sum(1 for w in unique if w in GOPHER_STOP_WORDS),
        "word_count": len(unique),
        **{f"top_{k}gram_chr_fraction": _top_ngram_fraction(unique, k) for k in (2, 3, 4)},
        **{f"duplicate_{k}gram_chr_fraction": fraction
           for k, fraction in _duplicate_ngram_fractions(unique, range(5, 11)).items()},
        "duplicate_line_chr_fraction": _duplicate_chr_fraction(lines),
        "duplicate_paragraph_chr_fraction": _duplicate_chr_fraction(paragraphs),
    }
    return tuple(_judge(spec, float(values[spec.name])) for spec in CHECKS)


def not_prose_reason(text: str) -> str | None:
    """``None`` when ``text`` is prose (or too short to judge), else a short reason naming the
    failed checks with their values, e.g. ``"not prose: stop words 0 < 2; top 2-gram fraction
    1.00 > 0.30"``. Never raises on content; the same text always gives the same reason."""
    failed = [check for check in quality_checks(text) if not check.passed]
    if not failed:
        return None
    named = "; ".join(_describe(check) for check in failed[:MAX_REASONS])
    more = f" (+{len(failed) - MAX_REASONS} more)" if len(failed) > MAX_REASONS else ""
    return f"not prose: {named}{more}"


def _judge(spec: CheckSpec, value: float) -> QualityCheck:
    passed = ((spec.low is None or value >= spec.low)
              and (spec.high is None or value <= spec.high))
    return QualityCheck(spec.name, value, (spec.low, spec.high), passed, spec.description)


def _describe(check: QualityCheck) -> str:
    spec = _SPECS[check.name]
    low, high = check.threshold

    def show(number: float) -> str:
        return f"{number:.{spec.digits}f}"

    if low is not None and check.value < low:
        return f"{spec.label} {show(check.value)} < {show(low)}"
    return f"{spec.label} {show(check.value)} > {show(high)}"


def _prose_line_char_fraction(lines: Sequence[str]) -> float:
    total = prose = 0
    unit = 0  # characters of the line being built from continued lines
    for index, line in enumerate(lines):
        unit += len(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following[:1].islower() and not _LINE_END.search(line):
            continue  # hard-wrapped: the sentence goes on in the next line
        total += unit
        if unit >= LONG_LINE_CHARS or _LINE_END.search(line):
            prose += unit
        unit = 0
    return prose / total if total else 0.0


def _line_fraction(lines: Sequence[str], chosen: Callable[[str], bool]) -> float:
    """Share of ``lines`` that are ``chosen``, out of at least ``MIN_LINES``: in a text of a
    few lines (one paragraph cut off with "…", one bulleted paragraph) a line is not a list."""
    return sum(1 for line in lines if chosen(line)) / max(len(lines), MIN_LINES)


def _collapsed_words(paragraphs: Sequence[str]) -> list[str]:
    """The lower-cased words of ``paragraphs``, each repeated sentence kept only once (a
    paragraph's lines joined first, so a copy wrapped differently is still a copy): a body
    printed twice counts once, a word repeated in one sentence is left as it is."""
    seen: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        for unit in _SENTENCE_SPLIT.split(" ".join(paragraph.split())):
            unit_words = _ALNUM_WORD.findall(unit.lower())
            key = " ".join(unit_words)
            if key and key not in seen:
                seen.add(key)
                kept.extend(unit_words)
    return kept


def _ngrams(words: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return list(zip(*(words[i:] for i in range(n)), strict=False))


def _top_ngram_fraction(words: Sequence[str], n: int) -> float:
    """Characters of the words covered by the most frequent word n-gram (each word once), over
    all word characters; 0 when no n-gram repeats (a few words are not repetitive by having a
    most frequent n-gram)."""
    grams = _ngrams(words, n)
    counts = Counter(grams)
    if not counts:
        return 0.0
    ((top, count),) = counts.most_common(1)
    if count < 2:
        return 0.0
    return _covered_fraction(words, grams, n, lambda gram: gram == top)


def _duplicate_ngram_fractions(words: Sequence[str], sizes: range) -> dict[int, float]:
    """:func:`_duplicate_ngram_fraction` for each n of ``sizes`` (consecutive, rising). An
    n-gram that occurs twice begins with an (n-1)-gram that does: once no n-gram repeats (a
    fraction of 0), no longer one does, and the rest are 0 without counting."""
    fractions: dict[int, float] = {}
    for n in sizes:
        fractions[n] = _duplicate_ngram_fraction(words, n) if fractions.get(n - 1, 1.0) \
            else 0.0
    return fractions


def _duplicate_ngram_fraction(words: Sequence[str], n: int) -> float:
    """Characters of the words covered by some word n-gram that occurs more than once (each word
    once, however many such n-grams cover it), over all word characters."""
    grams = _ngrams(words, n)
    counts = Counter(grams)
    if len(counts) == len(grams):
        return 0.0  # no n-gram repeats: nothing is covered
    return _covered_fraction(words, grams, n, lambda gram: counts[gram] > 1)


def _covered_fraction(words: Sequence[str], grams: Sequence[tuple[str, ...]], n: int,
                      chosen: Callable[[tuple[str, ...]], bool]) -> float:
    ends = list(itertools.accumulate(map(len, words), initial=0))  # characters before word i
    covered_until = 0  # words before this index are counted already
    covered = 0
    for start, gram in enumerate(grams):
        if chosen(gram):
            covered += ends[start + n] - ends[max(start, covered_until)]
            covered_until = start + n
    return covered / ends[-1] if ends[-1] else 0.0


def _duplicate_chr_fraction(units: Sequence[str]) -> float:
    """Characters of units that repeat an earlier unit, over all unit characters."""
    seen: set[str] = set()
    repeated = 0
    for unit in units:
        if unit in seen:
            repeated += len(unit)
        seen.add(unit)
    total = sum(map(len, units))
    return repeated / total if total else 0.0
