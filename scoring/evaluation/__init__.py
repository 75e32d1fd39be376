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
