"""Plain-text and Markdown articles (``.txt``, ``.md``), with optional front matter.

Front matter is a flat block at the very top of the file::

    ---
    source: Example Gazette
    url: "https://www.example-gazette.com/news/budget"
    published: 2024-03-05
    ---

Known keys are ``source``, ``url``, ``title``, ``published`` (``date`` is read as an alias, as
Jekyll and Hugo write it) and ``author``; other keys are ignored. Values may be quoted. If the
block is not closed, or holds a line that is not ``key: value``, the file has no front matter
and its whole text is the article. This is not YAML: lists, nesting and multi-line values are
not part of the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scoring.config import Config
from scoring.ingest.records import Fields, make_article
from scoring.types import Article, Skipped

EXTENSIONS = (".txt", ".md")

FRONT_MATTER_KEYS = ("source", "url", "title", "published", "author")
_ALIASES = {"date": "published"}
_DELIMITER = "---"
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")


def read_plaintext(
    text: str, *, path: str, folder: str, config: Config
) -> Iterator[Article | Skipped]:
    """Yield the file's one article: the body after any front matter, or the text unchanged."""
    split = split_front_matter(text)
    if split is None:
        yield make_article(Fields(text=text, folder=folder), path=path, config=config)
        return
    meta, body = split
    yield make_article(Fields(text=body, folder=folder, **meta), path=path, config=config)


def split_front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """``(known keys -> values, body)`` if ``text`` opens with front matter, else ``None``.

    Leading blank lines of the body are dropped; the rest of it is kept exactly.
    """
    if text.split("\n", 1)[0].rstrip() != _DELIMITER:
        return None
    lines = text.split("\n")
    meta: dict[str, str] = {}
    aliased: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == _DELIMITER:
            start = index + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            return {**aliased, **meta}, "\n".join(lines[start:])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.fullmatch(line.strip())
        if match is None:
            return None
        key = match.group(1).lower()
        value = _unquote(match.group(2).strip())
        if key in FRONT_MATTER_KEYS:
            meta[key] = value
        elif key in _ALIASES:
            aliased[_ALIASES[key]] = value
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
