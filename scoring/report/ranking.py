"""The order sources are listed in, shared by ``sources.csv`` and ``index.html``."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.types import SourceSummary


def rank_sources(sources: Sequence[SourceSummary]) -> list[tuple[int, SourceSummary]]:
    """``(rank, summary)`` pairs, highest score first; equal scores are ordered by name.

    Ranks are positions 1, 2, 3, ... so the same input always gives the same ranks.
    """
    ordered = sorted(sources, key=lambda summary: (-summary.score, summary.source))
    return list(enumerate(ordered, start=1))
