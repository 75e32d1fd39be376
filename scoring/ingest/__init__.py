"""Read articles from files and folders: one module per input format, one entry point.

:func:`iter_inputs` walks the given paths and yields an :class:`~scoring.types.Article` for
every article found, or a :class:`~scoring.types.Skipped` saying why an input could not be
read. It never raises on bad content: one broken file or row never stops the rest.

Skip reasons: ``unsupported format: .xyz``, ``too large: N bytes (limit M)`` (judged on the
size before reading, and never more than M + 1 bytes are read), ``empty``, ``not text``,
``not gzip: <message>`` (a ``.gz`` file is read as the format of the name under it:
``page.html.gz`` is HTML), ``unreadable: <message>`` (``unreadable: symlink to <target>:
<message>`` for a dangling or looping symlink, ``unreadable: not a regular file`` for a pipe
or device), ``duplicate of <path>`` (the same file reached twice, through a symlink or by being
named twice), and the format modules' own (``invalid JSON: ...``, ``missing text``, ``no
article text found``, ``html not parsed: ...``).
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from scoring.config import Config
from scoring.ingest.decode import decode_bytes
from scoring.ingest.html import EXTENSIONS as HTML_EXTENSIONS
from scoring.ingest.html import read_html
from scoring.ingest.plaintext import EXTENSIONS as PLAINTEXT_EXTENSIONS
from scoring.ingest.plaintext import read_plaintext
from scoring.ingest.records import Reader, article_id
from scoring.ingest.tabular import CSV_EXTENSIONS, JSONL_EXTENSIONS, read_csv, read_jsonl
from scoring.types import Article, Skipped

__all__ = ["SUPPORTED_EXTENSIONS", "article_id", "collect_inputs", "decode_bytes", "iter_inputs"]

_READERS: dict[str, Reader] = {
    **dict.fromkeys(PLAINTEXT_EXTENSIONS, read_plaintext),
    **dict.fromkeys(HTML_EXTENSIONS, read_html),
    **dict.fromkeys(JSONL_EXTENSIONS, read_jsonl),
    **dict.fromkeys(CSV_EXTENSIONS, read_csv),
}

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(_READERS))
"""File extensions that are read (lower case; matching ignores case)."""

# Files and folders already reached in this run, by (device, inode), mapped to the path they
# were first reached by: symlinked folders cannot loop and no file is read twice.
_Seen = dict[tuple[int, int], str]


def iter_inputs(paths: Iterable[str | Path], config: Config) -> Iterator[Article | Skipped]:
    """Yield the articles in ``paths`` (files, or folders walked recursively), in a fixed order.

    Paths are taken in the order given; inside a folder, entries are taken sorted by name, and
    names starting with ``.`` are passed over. Symlinks are followed, but a folder already
    walked is not walked again. A file inside a subfolder of a given folder gets that subfolder's
    name as its source when nothing better is known (see :func:`records.resolve_source`).
    """
    if isinstance(paths, str | Path):
        raise TypeError(f"iter_inputs takes a list of paths, not one path: use [{str(paths)!r}]")
    seen: _Seen = {}
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:  # a mistyped path is reported, not taken for an odd format
            yield Skipped(str(path), _unreadable(exc, path))
            continue
        if is_dir:
            yield from _walk(path, root=path, seen=seen, config=config)
        else:
            yield from _read_file(path, folder="", seen=seen, config=config)


def _walk(
    directory: Path, *, root: Path, seen: _Seen, config: Config
) -> Iterator[Article | Skipped]:
    try:
        info = directory.stat()
        with os.scandir(directory) as scan:
            names = sorted(entry.name for entry in scan)
    except OSError as exc:
        yield Skipped(str(directory), _unreadable(exc))
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen[key] = str(directory)
    for name in names:
        if name.startswith("."):
            continue
        child = directory / name
        if child.is_dir():
            yield from _walk(child, root=root, seen=seen, config=config)
        else:
            parts = child.relative_to(root).parts
            folder = parts[0] if len(parts) > 1 else ""
            yield from _read_file(child, folder=folder, seen=seen, config=config)


def _read_file(
    path: Path, *, folder: str, seen: _Seen, config: Config
) -> Iterator[Article | Skipped]:
    shown = str(path)
    compressed = path.suffix.lower() == ".gz"
    extension = Path(path.stem).suffix.lower() if compressed else path.suffix.lower()
    reader = _READERS.get(extension)
    if reader is None:
        shown_extension = f"{extension}.gz" if compressed else extension
        yield Skipped(shown, f"unsupported format: {shown_extension or '(no extension)'}")
        return
    try:
        info = path.stat()
    except OSError as exc:
        yield Skipped(shown, _unreadable(exc, path))
        return
    if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
        yield Skipped(shown, "unreadable: not a regular file")
        return
    if info.st_size > config.max_file_bytes:
        yield Skipped(shown, f"too large: {info.st_size} bytes (limit {config.max_file_bytes})")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        yield Skipped(shown, f"duplicate of {seen[key]}")
        return
    seen[key] = shown
    try:
        with path.open("rb") as handle:
            data = handle.read(config.max_file_bytes + 1)
    except OSError as exc:
        yield Skipped(shown, _unreadable(exc))
        return
    if len(data) > config.max_file_bytes:  # it grew after its size was checked
        yield Skipped(shown, f"too large: over {config.max_file_bytes} bytes when read "
                             f"(limit {config.max_file_bytes})")
        return
    if compressed:
        data, problem = _gunzip(data, config.max_file_bytes)
        if problem:
            yield Skipped(shown, problem)
            return
    if not data.strip():
        yield Skipped(shown, "empty")
        return
    text = decode_bytes(data)
    if text is None:
        yield Skipped(shown, "not text")
        return
    if not text.strip():
        yield Skipped(shown, "empty")
        return
    yield from reader(text, path=shown, folder=folder, config=config)


def _gunzip(data: bytes, limit: int) -> tuple[bytes, str]:
    """The decompressed bytes of a gzip file and ``""``, or ``b""`` and the skip reason: a file
    that is not gzip, or that inflates past ``limit`` bytes (read no further than that)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        inflated = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        return b"", f"not gzip: {exc}"
    if len(inflated) > limit:
        return b"", f"too large: over {limit} bytes when decompressed (limit {limit})"
    return inflated, ""


def _unreadable(exc: OSError, path: Path | None = None) -> str:
    """The skip reason for an OS error; a dangling or looping symlink says where it points."""
    if path is not None and path.is_symlink():
        try:
            return f"unreadable: symlink to {os.readlink(path)}: {exc.strerror or exc}"
        except OSError:
            pass
    return f"unreadable: {exc.strerror or exc}"


def collect_inputs(paths: Iterable[str | Path],
                   config: Config) -> tuple[list[Article], list[Skipped]]:
    """Every input under ``paths``, split into the articles read and the inputs skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in iter_inputs(paths, config):
        (articles if isinstance(item, Article) else skipped).append(item)
    return articles, skipped
