"""What can go wrong when opening or writing a history database, each with a message to show."""

from __future__ import annotations


class HistoryError(Exception):
    """Any refusal of the history database; its message says what to do."""


class HistoryMissing(HistoryError):
    """There is no history at that URL yet (and it was opened for reading only)."""


class HistoryTooNew(HistoryError):
    """The database was written by a newer version of this package: its revision is unknown."""


class NotAHistory(HistoryError):
    """The database has history tables but no schema revision: not one this package made."""


class RunExists(HistoryError):
    """A run with that id is already recorded; a run records itself once."""
