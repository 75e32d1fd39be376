"""Reports of a run: ``articles.csv``, ``sources.csv``, static HTML pages and ``run.json``."""

from __future__ import annotations

from scoring.report.highlight import segment_text
from scoring.report.slugs import source_slugs
from scoring.report.writer import write_report

__all__ = ["segment_text", "source_slugs", "write_report"]
