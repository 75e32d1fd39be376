"""Canonical URLs: one spelling per page, used as the cache key and to tell articles apart.

:func:`canonical_url` applies only changes that keep the URL pointing at the same page:

- scheme and host lower-cased; a non-ASCII host in its ASCII (IDNA) form; a trailing dot of the
  host dropped; the scheme's default port dropped (``:80`` for http, ``:443`` for https);
- an empty path becomes ``/``; ``.`` and ``..`` segments resolved (RFC 3986, 5.2.4); spaces and
  non-ASCII characters percent-encoded; escapes of unreserved characters decoded (``%7E`` is
  ``~``) and the others upper-cased (``%c3%a9`` is ``%C3%A9``); everything else in the path is
  kept as written (``+``, ``;``, ``//``);
- the fragment dropped (it never reaches the server);
- tracking parameters dropped (:data:`TRACKING_PARAMS`, :data:`TRACKING_PREFIXES`, compared
  without regard to case), empty ``&&`` pairs dropped, and the other parameters sorted by name;
  the values of a repeated name keep their order, and a blank value (``q=``) is kept.

Anything that is not an absolute http(s) URL with a host (``mailto:``, a relative link,
``example.com/page`` without a scheme, an invalid port) is returned as given, stripped of
surrounding white space: there is no guessing, and :func:`is_http_url` tells the two apart.

Why not courlan (1.4.0, used by trafilatura): its ``normalize_url(url, strict=True)`` keeps only
14 query parameters it knows (``id``, ``p``, ``page``, ``article_id``, ...), so ``?story=1`` and
``?story=2`` would become one URL, and one page's body would be served for the other.
Non-strict, its tracker pattern is not anchored at the end of the name: it also removes
``gameid``, ``gallery``, ``glossary``, ``refresh``, ``reference``, ``cid``, ``uid`` and
``keyword``, which can name the article, while keeping ``PHPSESSID``, ``_hsenc``, ``smid``,
``ocid`` and ``guccounter``. It also keeps the fragment, re-encodes ``+ ; @ ( ) * $ '`` in the
path (``/a+b`` becomes ``/a%2Bb``, which a server need not treat as the same path) and drops
blank query values. Merging two articles is worse than fetching one twice, so the list here
names parameters exactly and errs on the side of keeping them.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    # ad and social click ids
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "igsh", "srsltid",
    # Facebook shares
    "fb_action_ids", "fb_action_types", "fb_ref", "fb_source", "action_object_map",
    "action_type_map", "action_ref_map", "sr_share",
    # Google Analytics and linkers, Marketo, AT Internet, Webtrends, Adobe, Yahoo, MSN, NYT
    "_ga", "_gl", "mkt_tok", "xtor", "at_medium", "at_campaign", "wt.mc_id", "wt_mc", "s_cid",
    "cmpid", "cmp", "icid", "ncid", "ocid", "smid", "smtyp", "guccounter", "guce_referrer",
    "guce_referrer_sig", "_openstat",
    # where the reader came from
    "ref", "ref_src", "ref_url", "referrer", "referer",
    # session ids in the URL
    "phpsessid", "jsessionid", "sessionid", "session_id",
})
"""Query parameter names (lower case) that say how a reader arrived, never which page it is.
Collected from ClearURLs' rules, Firefox's query stripping list and courlan's tracker pattern,
keeping only names that no news site is known to use for the article itself."""

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_", "_hs", "hsa_", "itm_", "oly_", "vero_")
"""Query parameter name prefixes of tracking families: Google/Urchin (``utm_source``),
Mailchimp (``mc_cid``, ``mc_eid``), Piwik and Matomo, HubSpot, Omeda, Vero."""

DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=%"
_QUERY_PAIR_SAFE = "/?:@!$'()*+,;=%"


def canonical_url(url: str) -> str:
    """The canonical spelling of ``url`` (see the module docstring); never raises on content."""
    url = url.strip()
    parts = _http_parts(url)
    if parts is None:
        return url
    scheme, host, port, userinfo, path, query = parts
    netloc = f"{userinfo}@" if userinfo else ""
    netloc += f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, _canonical_path(path), _canonical_query(query), ""))


def host_of(url: str) -> str:
    """``host`` or ``host:port`` (a port only when it is not the scheme's default) of an http(s)
    URL, lower case and in ASCII; ``""`` for anything else. Requests are spaced per host."""
    canonical = canonical_url(url)
    if not is_http_url(canonical):
        return ""
    netloc = urlsplit(canonical).netloc
    return netloc.rpartition("@")[2]


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host and a valid port."""
    return _http_parts(url.strip()) is not None


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter name (as written, percent-encoded or not) is a tracker."""
    name = unquote_plus(name).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _http_parts(url: str) -> tuple[str, str, int | None, str, str, str] | None:
    """(scheme, ASCII host, port, userinfo, path, query) of an http(s) URL, or None."""
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:  # an invalid port or IPv6 literal
        return None
    scheme = split.scheme.lower()
    host = (split.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    userinfo = split.netloc.rpartition("@")[0] if "@" in split.netloc else ""
    return scheme, host, port, userinfo, split.path, split.query


def _canonical_path(path: str) -> str:
    return _remove_dot_segments(_normalise_escapes(path, _PATH_SAFE)) or "/"


def _canonical_query(query: str) -> str:
    pairs = [pair for pair in query.split("&") if pair and not is_tracking_param(
        pair.partition("=")[0])]
    pairs.sort(key=lambda pair: pair.partition("=")[0])  # stable: repeated names keep order
    return "&".join(_normalise_escapes(pair, _QUERY_PAIR_SAFE) for pair in pairs)


def _remove_dot_segments(path: str) -> str:
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(kept) > 1:  # never above the root: the first segment is the leading ""
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")  # "/a/b/.." names the folder "/a/"
    return "/".join(kept)


def _normalise_escapes(part: str, safe: str) -> str:
    """Percent-encode what must be encoded, decode escaped unreserved characters, upper-case
    the other escapes (RFC 3986, 6.2.2)."""
    return _ESCAPE.sub(_escape_form, quote(part, safe=safe))


def _escape_form(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else f"%{match[1].upper()}"
