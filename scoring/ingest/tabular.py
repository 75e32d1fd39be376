"""Tables of articles: JSON Lines (``.jsonl``) and CSV (``.csv``), one article per record.

A record needs a ``text`` field; ``source``, ``url``, ``title``, ``published`` and ``author``
are optional, other fields are ignored, and field names are matched case-insensitively. Every
record is reported on its own: ``file.jsonl#line=N`` (the physical line, from 1) or
``file.csv#row=N`` (the data row after the header, from 1; a quoted field may span lines). A bad
record becomes a ``Skipped`` with that path and never stops the rest of the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from scoring.config import Config
from scoring.ingest.records import Fields, make_article
from scoring.types import Article, Skipped

JSONL_EXTENSIONS = (".jsonl",)
CSV_EXTENSIONS = (".csv",)

TEXT_FIELD = "text"
METADATA_FIELDS = ("source", "url", "title", "published", "author")

_CSV_FIELD_LIMIT_CAP = 2**31 - 1  # csv takes a C long, which is 32 bits on Windows


def read_jsonl(text: str, *, path: str, folder: str, config: Config) -> Iterator[Article | Skipped]:
    """Yield one Article or Skipped per non-blank line; blank lines are not records."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}#line={number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except ValueError as exc:  # e.g. an integer beyond Python's 4300-digit limit
            yield Skipped(where, f"invalid JSON: {exc}")
            continue
        except RecursionError:
            yield Skipped(where, "invalid JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, f"not an object: {type(record).__name__}")
            continue
        yield _record_article(record.items(), where=where, folder=folder, config=config)


def read_csv(text: str, *, path: str, folder: str, config: Config) -> Iterator[Article | Skipped]:
    """Yield one Article or Skipped per data row; the first row names the columns."""
    _allow_fields_up_to(config.max_file_bytes)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        yield Skipped(path, "empty")
        return
    except csv.Error as exc:
        yield Skipped(path, f"malformed header row: {exc}")
        return
    if TEXT_FIELD not in header:
        yield Skipped(path, f"no {TEXT_FIELD} column (columns: {', '.join(header)})")
        return
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Skipped(f"{path}#row={number}", f"malformed row: {exc}")
            continue
        if not row:  # a blank line between rows
            continue
        number += 1
        where = f"{path}#row={number}"
        if len(row) != len(header):
            yield Skipped(where, f"malformed row: {len(row)} fields, header has {len(header)}")
            continue
        items = zip(header, row, strict=True)
        yield _record_article(items, where=where, folder=folder, config=config)


def _record_article(
    items: Iterable[tuple[str, object]], *, where: str, folder: str, config: Config
) -> Article | Skipped:
    """The Article for one JSON object or CSV row, or Skipped with the reason.

    Field names are compared stripped and lower-cased; if two match, the first one counts.
    """
    values: dict[str, object] = {}
    for key, value in items:
        values.setdefault(key.strip().lower(), value)
    text = values.get(TEXT_FIELD)
    if text is None or text == "":
        return Skipped(where, f"missing {TEXT_FIELD}")
    if not isinstance(text, str):
        return Skipped(where, f"{TEXT_FIELD} is not a string: {type(text).__name__}")
    metadata = {name: _scalar(values.get(name)) for name in METADATA_FIELDS}
    return make_article(Fields(text=text, folder=folder, **metadata), path=where, config=config)


def _scalar(value: object) -> str:
    """A metadata value as text: strings and numbers kept, anything else (null, lists) empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _allow_fields_up_to(limit: int) -> None:
    """Raise csv's process-wide field size limit (131 072 by default) so one article fits.

    A whole file is at most ``max_file_bytes``, so no field can be longer; the limit is only
    ever raised, never lowered, so other csv users in the process are not cut short.
    """
    wanted = min(limit, _CSV_FIELD_LIMIT_CAP)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)
