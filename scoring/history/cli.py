"""``reliability history [--out DIR | --db URL] [--source NAME] [--since DATE] [--json]``.

Prints the recorded runs and each source's points over them: a readable table, or with
``--json`` exactly::

    {"runs": [{"run_id", "finished_at", "articles", "sources"}],
     "sources": [{"source", "points": [{"run_id", "finished_at", "score", "band", "articles"}]}]}

Times are UTC, ISO 8601 in the JSON. A missing history is an error (exit 2), never a new empty
database. Opening a history written by an older version upgrades it in place.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the database modules load SQLAlchemy and Alembic: only when the command runs
    from scoring.history.database import History
    from scoring.history.records import RunSummary, SourceHistory

DESCRIPTION = "the recorded runs and each source's score over them"
DEFAULT_OUT = "reports"
EXIT_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """The command on its own (``python -m scoring.history.cli``); ``scoring.cli`` registers
    the same arguments as its ``history`` subcommand with :func:`add_arguments` and :func:`run`."""
    parser = argparse.ArgumentParser(prog="reliability history", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options, added to ``parser``."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                       help="read DIR/history.sqlite, beside the reports "
                            f"(default: {DEFAULT_OUT})")
    where.add_argument("--db", default=None, metavar="URL",
                       help="read the history at this SQLAlchemy URL instead, e.g. "
                            "postgresql+psycopg://user@host/db")
    parser.add_argument("--source", action="append", default=None, metavar="NAME",
                        help="only this source (may be given more than once)")
    parser.add_argument("--since", type=_date, default=None, metavar="DATE",
                        help="only runs finished on or after DATE (YYYY-MM-DD, UTC)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")


def run(args: argparse.Namespace) -> int:
    """Print the history the parsed options name; 0, or 2 with a message when it cannot."""
    import sqlalchemy as sa

    from scoring.history.database import open_history
    from scoring.history.engine import default_url, shown
    from scoring.history.errors import HistoryError

    url = args.db or default_url(args.out)
    try:
        with open_history(url, create=False) as history:
            if args.json:
                print(json.dumps(history_json(history, sources=args.source, since=args.since),
                                 indent=2))
            else:
                print(history_text(history, sources=args.source, since=args.since))
    except HistoryError as error:
        print(f"reliability history: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except sa.exc.SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        print(f"reliability history: error: cannot read the history at {shown(url)}: "
              f"{reason}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def history_json(history: History, *, sources: Collection[str] | None = None,
                 since: date | datetime | None = None) -> dict[str, list[dict[str, object]]]:
    """The history as the ``--json`` output: the runs, then each source's points."""
    return {
        "runs": [{"run_id": r.run_id, "finished_at": _iso(r.finished_at),
                  "articles": r.articles, "sources": r.sources}
                 for r in history.runs(since=since)],
        "sources": [{"source": s.source,
                     "points": [{"run_id": p.run_id, "finished_at": _iso(p.finished_at),
                                 "score": p.score, "band": p.band, "articles": p.articles}
                                for p in s.points]}
                    for s in history.points(sources=sources, since=since)],
    }


def history_text(history: History, *, sources: Collection[str] | None = None,
                 since: date | datetime | None = None) -> str:
    """The history as tables: the runs, then one table per source with its score changes."""
    recorded = history.runs(since=since)
    where = f"History in {history.url}"
    if since is not None:
        where += f", runs since {since.isoformat()}"
    if not recorded:
        return f"{where}: no runs recorded."
    histories = history.points(sources=sources, since=since)
    parts = [f"{where}: {_count(len(recorded), 'run')}, {_count(len(histories), 'source')}.",
             _runs_table(recorded)]
    parts += [_source_table(h) for h in histories]
    missing = sorted(set(sources or ()) - {h.source for h in histories})
    if missing:
        parts.append("No points for: " + ", ".join(missing) + ".")
    return "\n\n".join(parts)


def _runs_table(recorded: Sequence[RunSummary]) -> str:
    rows = [[r.run_id, _when(r.finished_at), str(r.articles), str(r.sources)] for r in recorded]
    return _table(["run", "finished (UTC)", "articles", "sources"], rows, "llrr")


def _source_table(history: SourceHistory) -> str:
    rows = []
    previous = None
    for point in history.points:
        change = "" if previous is None else f"{point.score - previous:+.1f}"
        rows.append([point.run_id, _when(point.finished_at), f"{point.score:.1f}", change,
                     point.band, str(point.articles)])
        previous = point.score
    table = _table(["run", "finished (UTC)", "score", "change", "band", "articles"], rows,
                   "llrrlr")
    return history.source + "\n" + "\n".join("  " + line for line in table.splitlines())


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.rjust(width) if how == "r" else cell.ljust(width)
                         for cell, width, how in zip(cells, widths, align, strict=True)).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
