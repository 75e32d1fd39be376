"""Safe, unique file-name slugs for source names.

A slug is what ``sources/<slug>.html`` is called, so it must be safe on every file system: only
lowercase ASCII letters, digits and hyphens, never empty, never a Windows device name, at most
:data:`MAX_SLUG_CHARS` characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_SLUG_CHARS = 60
FALLBACK_SLUG = "source"
"""Used when nothing of a name survives (``""``, ``".."``, a name in a non-Latin script)."""
RESERVED_SUFFIX = "-source"
"""Appended to Windows device names: ``con.html`` cannot be created on Windows."""

# Windows refuses these names whatever the extension (CON.html is the console device).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)

# Latin letters that NFKD does not decompose into ASCII.
_TRANSLITERATIONS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
     "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}
)
_NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def slugify(name: str, *, max_chars: int = MAX_SLUG_CHARS) -> str:
    """One name's slug, before collisions with other names are resolved."""
    folded = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATIONS))
    ascii_name = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG_CHARS.sub("-", ascii_name).strip("-")
    slug = slug[:max_chars].rstrip("-") or FALLBACK_SLUG
    if slug in WINDOWS_RESERVED:
        slug += RESERVED_SUFFIX
    return slug


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: MAX_SLUG_CHARS - len(suffix)].rstrip("-") + suffix


def source_slugs(sources: Iterable[str]) -> dict[str, str]:
    """Map each distinct source name to a unique, file-system-safe slug.

    Names that slug alike ("A B", "a b") are taken in sorted order: the first keeps the plain slug,
    the next get ``-2``, ``-3``, ... A numbered slug never takes the plain slug of another name
    (a source literally called "a b 2" keeps ``a-b-2``). Same names in, same slugs out.
    """
    names = sorted(set(sources))
    plain = {name: slugify(name) for name in names}
    reserved = set(plain.values())
    used: set[str] = set()
    slugs: dict[str, str] = {}
    for name in names:
        slug, number = plain[name], 1
        while slug in used or (number > 1 and slug in reserved):
            number += 1
            slug = _with_suffix(plain[name], number)
        used.add(slug)
        slugs[name] = slug
    return slugs
