"""Shared helpers for lexicon matching over a parsed article's sentences."""

from __future__ import annotations

import re
from functools import cache

from scoring.lexicons import load_lexicon


@cache
def phrase_pattern(lexicon: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any multi-word entry of ``lexicon`` as whole words."""
    phrases = sorted((e for e in load_lexicon(lexicon) if " " in e), key=len, reverse=True)
    if not phrases:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@cache
def single_words(lexicon: str) -> frozenset[str]:
    return frozenset(e.lower() for e in load_lexicon(lexicon) if " " not in e)


def longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop spans that overlap an earlier or longer one ("there is no doubt" over "no doubt")."""
    kept: list[tuple[int, int, str]] = []
    for start, end, note in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, note))
    return kept


def inside_quotation(text: str, position: int) -> bool:
    """Whether ``position`` of a sentence lies inside quotation marks opened before it."""
    before = text[:position]
    curly = before.count("“") - before.count("”")
    return curly > 0 or before.count('"') % 2 == 1
