"""Cut an article's text into pieces that highlighted spans cover whole.

Evidence spans and labelled sentences overlap and nest freely, so they cannot become nested HTML
elements directly. Cutting the text at every span boundary gives segments that each lie entirely
inside or entirely outside every span; each segment is then wrapped on its own and the markup is
always well formed, while the segments joined back give the text unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol


class HasOffsets(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanLike = HasOffsets | tuple[int, int]


def _offsets(span: SpanLike) -> tuple[int, int]:
    if isinstance(span, tuple):
        return span
    return span.start, span.end


def segment_text(text: str, spans: Sequence[SpanLike]) -> list[tuple[str, frozenset[int]]]:
    """Split ``text`` at every span boundary.

    ``spans`` are half-open ``[start, end)`` character offsets: objects with ``start``/``end``
    (``Evidence``, ``LabelledSentence``) or ``(start, end)`` pairs. Returns ``(segment, indices)``
    pairs where ``indices`` are the positions in ``spans`` of every span covering the whole
    segment. ``"".join(segment for segment, _ in result) == text`` always; segments are never
    empty. Offsets outside the text are clipped to it; empty spans cover nothing.
    """
    length = len(text)
    starting: dict[int, set[int]] = defaultdict(set)
    ending: dict[int, set[int]] = defaultdict(set)
    for index, span in enumerate(spans):
        start, end = (min(max(offset, 0), length) for offset in _offsets(span))
        if start < end:
            starting[start].add(index)
            ending[end].add(index)
    cuts = sorted({0, length} | starting.keys() | ending.keys())
    segments: list[tuple[str, frozenset[int]]] = []
    active: set[int] = set()
    for left, right in pairwise(cuts):
        active -= ending[left]
        active |= starting[left]
        segments.append((text[left:right], frozenset(active)))
    return segments
