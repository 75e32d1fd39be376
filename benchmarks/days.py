"""Several days' inputs made from the bundled sample, for runs that build a history: day ``n``
holds the first ``n`` files of every source folder (the last day all of them), so every source
is in every run and each day adds articles to the days before.

    from benchmarks.days import sample_days
    folders = sample_days(Path("build/days"))   # build/days/day1, day2, day3

Used by ``docs/screenshot.py`` (the report after three runs) and ``tests/test_flow.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def sample_days(root: Path, days: int = 3, sample: Path = SAMPLE) -> list[Path]:
    """Write ``days`` input folders under ``root`` (replacing any there) and return them."""
    folders = [root / f"day{n}" for n in range(1, days + 1)]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    for source in sorted(p for p in sample.iterdir() if p.is_dir()):
        files = sorted(p for p in source.iterdir() if p.is_file())
        for n, folder in enumerate(folders, start=1):
            (folder / source.name).mkdir(parents=True)
            for file in files if n == days else files[:n]:
                shutil.copy(file, folder / source.name / file.name)
    return folders
