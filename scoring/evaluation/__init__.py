"""Quality measurements on public labelled data: each evaluator reads a labelled file, runs the
real pipeline on it and reports precision, recall and F1 with the counts behind them."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping


def print_report(data: Mapping[str, object], markdown: str, *, as_json: bool) -> None:
    """An evaluation's result on stdout: its JSON (``--json``) or its markdown."""
    if as_json:
        json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(markdown)


def caveat_lines(report: Mapping[str, object], advice: str) -> list[str]:
    """What an evaluation left out, and whether it is in-sample (``advice`` says what to do
    about it): the lines under its heading."""
    lines = []
    left = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in report["left_out"].items() if v)
    if left:
        lines.append(f"Left out: {left}.")
    if report["in_sample_articles"]:
        lines.append(f"**In-sample**: {report['in_sample_articles']} of these articles are in "
                     f"the data these weights were fitted on; {advice}.")
    return lines
