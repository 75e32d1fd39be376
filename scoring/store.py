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
from typing import TYPE_CHECKING

from scoring.types import ArticleAnalysis
from scoring.wholerun import PrintStore

if TYPE_CHECKING:
    from scoring.corpus import Fingerprint

WORK_PREFIX = ".work-"


def pack_article(analysis: ArticleAnalysis, print_: Fingerprint, title: str) -> bytes:
    """One article's analysis and whole-run fingerprint as compact bytes, with the title it was
    analysed under (the headline features read it; the article's id covers only its source and
    text): what a worker sends back, what the run's store keeps, and what the history stores so
    that a later run need not parse the article again."""
    return zlib.compress(pickle.dumps((title, analysis, print_),
                                      protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_article(blob: bytes) -> tuple[str, ArticleAnalysis, Fingerprint]:
    """``(title, analysis, fingerprint)`` of bytes :func:`pack_article` made (only ever bytes
    this project wrote: the run's own store, or its history database)."""
    return pickle.loads(zlib.decompress(blob))  # noqa: S301 - our own bytes


class AnalysisStore:
    """Numbered batches of articles packed by :func:`pack_article`, one file per batch."""

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

    def put(self, number: int, blobs: Sequence[bytes]) -> None:
        """Save batch ``number``, its articles as :func:`pack_article` made them where they
        were analysed (written under a temporary name, then renamed: never partial)."""
        final = self._path(number)
        partial = final.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(list(blobs), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, final)

    def blobs(self, number: int) -> list[bytes]:
        """Batch ``number``'s articles, packed."""
        return pickle.loads(self._path(number).read_bytes())  # noqa: S301 - this run's own

    def get(self, number: int) -> list[ArticleAnalysis]:
        return [unpack_article(blob)[1] for blob in self.blobs(number)]

    def iter_batches(self, numbers: Sequence[int]) -> Iterator[list[ArticleAnalysis]]:
        """The batches ``numbers``, in that order, one in memory at a time."""
        for number in numbers:
            yield self.get(number)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
