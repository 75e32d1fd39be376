"""Word lists as data files (one entry per line, ``#`` starts a comment); see README.md."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

_PACKAGE = "scoring.lexicons"


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """The entries of ``<name>.txt``, lower-cased unless the file is a pattern file."""
    try:
        raw = resources.files(_PACKAGE).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        valid = sorted(p.name[:-4] for p in resources.files(_PACKAGE).iterdir()
                       if p.name.endswith(".txt"))
        raise ValueError(f"unknown lexicon {name!r}; valid: {valid}") from None
    entries = []
    for line in raw.splitlines():
        entry = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            entries.append(entry)
    return tuple(entries)


@cache
def load_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """The entries of ``<name>.txt`` compiled as case-insensitive regular expressions."""
    return tuple(re.compile(entry, re.IGNORECASE) for entry in load_lexicon(name))


@cache
def word_set(name: str) -> frozenset[str]:
    """The entries of ``<name>.txt``, lower-cased, as a set (built once per process)."""
    return frozenset(entry.lower() for entry in load_lexicon(name))


def lists_digest(names: Iterable[str]) -> str:
    """A hash of the named lexicons, entries as loaded: what a fitted detector model records,
    so that it is refused once the word lists its features read have changed."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update("\n".join(load_lexicon(name)).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def lexicons_digest() -> str:
    """A hash of every lexicon file, recorded with a run and with a fitted model."""
    digest = hashlib.sha256()
    for path in sorted(resources.files(_PACKAGE).iterdir(), key=lambda p: p.name):
        if path.name.endswith(".txt"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
