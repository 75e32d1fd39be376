"""Explainable reliability scoring for news articles and the sources that publish them.

Plain Python: importing this package never imports Prefect (the orchestration lives in ``flows``).
"""

from __future__ import annotations

__version__ = "0.1.0"
