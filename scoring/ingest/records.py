"""Helpers shared by every input format: source resolution, dates, ids and the final Article.

Each format module gathers what its file says (text, title, explicit source, ...) into
:class:`Fields` and hands it to :func:`make_article`, so the rules for ids, sources, dates and
"too short" live here once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Protocol
from urllib.parse import urlsplit

from scoring.config import Config
from scoring.types import Article, Skipped

UNKNOWN_SOURCE = "unknown"

# Unambiguous date spellings only: "03/05/2024" could be March or May, so it is kept as written.
_DATE_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%b. %d, %Y",
)
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HOST = re.compile(r"[\w.:-]+")  # names (IDNs included), IPv4 and IPv6; no spaces or quotes


@dataclass(frozen=True)
class Fields:
    """What one input record says about an article, before the shared rules are applied.

    ``sitename`` is the publication name found in HTML metadata; ``folder`` is the first folder
    below the input folder the file was found in (empty when there is none).
    """

    text: str
    source: str = ""
    sitename: str = ""
    url: str = ""
    folder: str = ""
    title: str = ""
    published: str = ""
    author: str = ""


class Reader(Protocol):
    """A format module's entry point: one decoded file in, its Articles and Skipped out.

    ``path`` is the file as shown in records; ``folder`` is the folder-derived source hint.
    """

    def __call__(
        self, text: str, *, path: str, folder: str, config: Config
    ) -> Iterator[Article | Skipped]: ...


def article_id(source: str, text: str) -> str:
    """A stable 16-hex-digit id: the same source and text always give the same id."""
    return hashlib.sha256(f"{source}\0{text}".encode()).hexdigest()[:16]


def url_host(url: str) -> str:
    """The lower-cased host of ``url`` without a leading ``www.``; empty if there is none.

    A URL without a scheme (``www.example.com/a``) is read as starting with its host.
    """
    url = url.strip()
    if not url:
        return ""
    if not _URL_SCHEME.match(url) and not url.startswith("//"):
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in an IPv6 host
        return ""
    if not _HOST.fullmatch(host):
        return ""
    return host.removeprefix("www.")


def resolve_source(*, source: str = "", sitename: str = "", url: str = "", folder: str = "") -> str:
    """The first non-empty of: explicit source, site name, URL host, folder, ``"unknown"``."""
    for candidate in (source.strip(), sitename.strip(), url_host(url), folder.strip()):
        if candidate:
            return candidate
    return UNKNOWN_SOURCE


def registered_domain(host_or_url: str) -> str:
    """The registered domain an outlet is known by, lower-case: ``money.cnn.com`` and
    ``https://edition.cnn.com/x`` give ``cnn.com``, ``www.bbc.co.uk`` gives ``bbc.co.uk``.

    Uses the public-suffix list bundled with the pinned ``tld`` package, private suffixes
    included (``someone.github.io`` stays itself), and never downloads a newer one. Anything that
    is not a host under a known suffix (a source name such as "Harbor Ledger", ``localhost``, an
    IP address) comes back stripped, with runs of whitespace made single spaces, lower-cased.
    """
    from tld import get_fld

    name = " ".join(host_or_url.split()).lower()
    if not name or " " in name:
        return name
    domain = get_fld(name, fix_protocol=True, fail_silently=True,
                     parser_class=_bundled_suffixes())
    return domain or name


@cache
def _bundled_suffixes() -> type:
    """tld's parser of the public-suffix list it ships. The stock parser downloads the list when
    its file cannot be read; this one never goes to the network and says what is wrong."""
    from tld.utils import MozillaTLDSourceParser

    class BundledPublicSuffixes(MozillaTLDSourceParser):
        uid = "news_reliability_bundled"

        @classmethod
        def update_tld_names(cls, fail_silently: bool = False) -> bool:
            raise FileNotFoundError(f"the public-suffix list bundled with tld "
                                    f"({cls.local_path}) cannot be read; reinstall tld (it is "
                                    "never downloaded here)")

    return BundledPublicSuffixes


def normalise_date(value: str) -> str:
    """``YYYY-MM-DD`` when ``value`` is a recognisable date, else ``value`` stripped, unchanged.

    Accepts ISO 8601 dates and date-times, RFC 2822 (``Tue, 05 Mar 2024 10:00:00 GMT``) and a
    few unambiguous spellings (``5 March 2024``, ``March 5th, 2024``, ``2024/03/05``,
    ``05.03.2024``). Day/month-ambiguous forms such as ``03/05/2024`` are kept as written.
    """
    value = value.strip()
    if not value:
        return ""
    parsed = _parse_date(value)
    return parsed.isoformat() if parsed else value


def _parse_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = _ORDINAL_SUFFIX.sub("", value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def non_space_chars(text: str) -> int:
    """How many characters of ``text`` are not whitespace."""
    return sum(len(chunk) for chunk in text.split())


def make_article(fields: Fields, *, path: str, config: Config) -> Article | Skipped:
    """The Article for ``fields``, or ``Skipped(path, "empty")`` if its text is too short.

    The text is kept exactly as given; every metadata value is stripped.
    """
    if non_space_chars(fields.text) < max(config.min_text_chars, 1):
        return Skipped(path, "empty")
    source = resolve_source(
        source=fields.source, sitename=fields.sitename, url=fields.url, folder=fields.folder
    )
    return Article(
        id=article_id(source, fields.text),
        source=source,
        text=fields.text,
        path=path,
        title=fields.title.strip(),
        url=fields.url.strip(),
        published=normalise_date(fields.published),
        author=fields.author.strip(),
    )
