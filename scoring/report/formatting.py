"""How the HTML report writes values: numbers, intervals, points, feature names, excerpts and
CSS tokens, and which links may become ``href``s.

Plain functions of plain values, shared by the article views (:mod:`scoring.report.views`), the
methodology views (:mod:`scoring.report.methodology`) and the templates' filters. :func:`number`
prints a value that is missing, or not a finite number, as :data:`MISSING`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from scoring.features.specs import FEATURES

EXCERPT_CHARS = 200
LINKABLE_SCHEMES = ("http://", "https://")
MISSING = "\u2014"


def is_number(value: object) -> bool:
    """A finite ``int`` or ``float``, not a ``bool``: what :func:`number` formats."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number(value: object, spec: str = "g") -> str:
    """``value`` formatted by ``spec``, or an em dash when a card left it out (or it is not a
    number); a count (``d``) read back from JSON as ``5.0`` prints as ``5``."""
    if not is_number(value):
        return MISSING
    if spec == "d" and isinstance(value, float):
        return format(int(value), "d") if value.is_integer() else format(value, "g")
    return format(value, spec)


def compact(value: float) -> str:
    """A weight file's centre, scale or cap in at most four significant digits (``0.05141``,
    ``3.777``); from 1000 up, a whole number (``1500``, not ``1.5e+03``)."""
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def interval(bounds: object, spec: str, between: str = "\u2013") -> str:
    """``0.488–0.651`` for a two-number list; empty when there is no such list."""
    if isinstance(bounds, Sequence) and len(bounds) == 2 and all(map(is_number, bounds)):
        return f"{format(bounds[0], spec)}{between}{format(bounds[1], spec)}"
    return ""


def signed_points(points: float) -> str:
    """``+3.2`` or ``−1.5`` (a true minus sign); ``0.0`` when it rounds to nothing."""
    shown = round(points, 1) + 0.0
    if shown == 0:
        return "0.0"
    return f"+{shown:.1f}" if shown > 0 else f"\u2212{-shown:.1f}"


def feature_label(name: str) -> str:
    spec = FEATURES.get(name)
    return spec.label if spec else name


def format_feature(name: str, value: float) -> str:
    spec = FEATURES.get(name)
    return spec.format(value) if spec else f"{value:g}"


def is_linkable(url: str) -> bool:
    """Only web links become ``href``s: never ``javascript:``, ``data:`` or relative paths."""
    return url.lower().startswith(LINKABLE_SCHEMES)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def css_token(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-") or "other"
