"""Feature families: one module each, one function per family, and a small registry.

Every family takes a :class:`~scoring.types.ParsedText` and the run's
:class:`~scoring.config.Config` and returns a :class:`~scoring.types.FamilyResult`: values with the
evidence spans that produced them. Families are pure and deterministic and never raise on content.
Cross-article features (copying, corroboration) are computed over the whole batch in
:mod:`scoring.corpus`.
"""

from __future__ import annotations

from collections.abc import Callable

from scoring.config import Config
from scoring.features.attribution import analyze_attribution
from scoring.features.disclaimers import analyze_disclaimers
from scoring.features.duplication import analyze_duplication
from scoring.features.hedging import analyze_hedging
from scoring.features.names import analyze_names
from scoring.features.readability import analyze_readability
from scoring.features.specs import FEATURE_NAMES, FEATURE_SPECS, FEATURES, FeatureSpec
from scoring.features.style import analyze_style
from scoring.features.template import analyze_template
from scoring.types import FamilyResult, ParsedText

Family = Callable[[ParsedText, Config], FamilyResult]

FAMILIES: dict[str, Family] = {
    "attribution": analyze_attribution,
    "names": analyze_names,
    "hedging": analyze_hedging,
    "disclaimers": analyze_disclaimers,
    "template": analyze_template,
    "duplication": analyze_duplication,
    "readability": analyze_readability,
    "style": analyze_style,
}

CORPUS_FEATURES: tuple[str, ...] = ("uncredited_copy_share", "credited_copy_share",
                                     "reused_by_others_count", "corroborated_fact_share",
                                     "conflicting_fact_count")
"""Features that need the whole batch; :mod:`scoring.corpus` fills them in."""

__all__ = ["CORPUS_FEATURES", "FAMILIES", "FEATURES", "FEATURE_NAMES", "FEATURE_SPECS",
           "FeatureSpec", "run_families"]


def run_families(parsed: ParsedText, config: Config) -> list[FamilyResult]:
    """Every per-article family, in registry order."""
    return [family(parsed, config) for family in FAMILIES.values()]
