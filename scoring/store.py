"""Where a run keeps its analysed batches while it works: on disk, not in memory.

A run analyses one batch of ``config.batch_size`` articles at a time and writes each batch's
analyses here, and its fingerprints in ``prints/`` (:class:`scoring.wholerun.PrintStore`, where
the whole-run tasks read them part by part); what it keeps in memory per article is its id,
source and features. The report is then written by reading the batches back one at a time, so
peak memory grows with the batch size, not with the corpus.

The store is a hidden folder ``.work-<run id>-<pid>`` inside the report folder's parent. It is
removed when the run ends, however it ends; one left by a killed process is removed by the next
run (see :func:`scoring.report.writer.remove_stale`).
"""

from __future__ import annotations

import os
import pickle
import shutil
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from scoring.types import ArticleAnalysis
from scoring.wholerun import PrintStore

WORK_PREFIX = ".work-"


def pack(analyses: Sequence[ArticleAnalysis]) -> bytes:
    """A batch of analyses as compact bytes: what a worker process sends back to the run."""
    return zlib.compress(pickle.dumps(list(analyses), protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> list[ArticleAnalysis]:
    """The analyses :func:`pack` made bytes of (only ever bytes this run made)."""
    return pickle.loads(zlib.decompress(packed))  # noqa: S301 - our own bytes, from this run


class AnalysisStore:
    """Numbered batches of :class:`ArticleAnalysis`, pickled one file per batch."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def create(cls, out_dir: str | Path, run_id: str) -> AnalysisStore:
        folder = Path(out_dir).resolve() / f"{WORK_PREFIX}{run_id}-{os.getpid()}"
        folder.mkdir(parents=True, exist_ok=False)
        PrintStore.create(folder / "prints")
        return cls(folder)

    @property
    def prints(self) -> PrintStore:
        """The run's fingerprints, batch by batch, and what the whole-run tasks hand on."""
        return PrintStore(self.folder / "prints")

    def _path(self, number: int) -> Path:
        return self.folder / f"batch-{number:06d}.pickle"

    def put(self, number: int, analyses: Sequence[ArticleAnalysis]) -> None:
        """Save batch ``number``."""
        self.put_packed(number, pack(analyses))

    def put_packed(self, number: int, packed: bytes) -> None:
        """Save batch ``number`` as :func:`pack` made it, where it was analysed (written under a
        temporary name, then renamed: never partial)."""
        final = self._path(number)
        partial = final.with_suffix(".partial")
        partial.write_bytes(packed)
        os.replace(partial, final)

    def get(self, number: int) -> list[ArticleAnalysis]:
        return unpack(self._path(number).read_bytes())

    def iter_batches(self, numbers: Sequence[int]) -> Iterator[list[ArticleAnalysis]]:
        """The batches ``numbers``, in that order, one in memory at a time."""
        for number in numbers:
            yield self.get(number)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
