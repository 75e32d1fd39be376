"""sources.toml, feeds, sitemaps and .urls lists (listings served from a dict: no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.web.sources import (
    Candidate,
    Outlet,
    discover,
    load_sources,
    parse_feed,
    parse_sitemap,
    read_url_list,
    since_filter,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>
<item><title>Water main breaks</title><link>https://ledger.example/water?utm_source=rss</link>
<pubDate>Wed, 04 Mar 2026 09:30:00 +0100</pubDate></item>
<item><title>No link</title></item>
<item><title>Ferry</title><link>https://ledger.example/ferry</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>C</title>
<entry><title>Library</title><link href="https://courier.example/library"/>
<updated>2026-03-16T08:00:00Z</updated><id>x</id></entry></feed>"""

SITEMAP_INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://ledger.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://ledger.example/sitemap-missing.xml</loc></sitemap>
</sitemapindex>"""

SITEMAP = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://ledger.example/water</loc><lastmod>2026-03-05</lastmod></url>
<url><loc>https://ledger.example/council</loc>
  <news:news><news:publication_date>2026-03-18T07:00:00Z</news:publication_date>
  <news:title>Council pilot</news:title></news:news></url>
</urlset>"""


def fetcher(pages: dict[str, bytes]):
    def fetch(url: str) -> tuple[bytes, str]:
        return (pages[url], "") if url in pages else (b"", "http 404")
    return fetch


def test_rss_and_atom_entries_with_dates() -> None:
    entries, error = parse_feed(RSS)
    assert error == ""
    assert entries == [("https://ledger.example/water?utm_source=rss",
                        "2026-03-04T08:30:00+00:00", "Water main breaks"),
                       ("https://ledger.example/ferry", "", "Ferry")]
    assert parse_feed(ATOM)[0] == [("https://courier.example/library",
                                    "2026-03-16T08:00:00+00:00", "Library")]


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>x</title>", b"plain text"])
def test_malformed_or_missing_feed_is_a_reason(body: bytes) -> None:
    entries, error = parse_feed(body)
    assert entries == [] and error.startswith(("malformed feed", "not a feed"))


def test_a_feed_cut_short_still_gives_the_entries_it_has() -> None:
    assert parse_feed(b"<rss><channel><item><link>http://a.example/b</link><tit") == (
        [("http://a.example/b", "", "")], "")


def test_sitemap_index_and_news_sitemap() -> None:
    assert parse_sitemap(SITEMAP_INDEX) == ([], ["https://ledger.example/sitemap-1.xml",
                                                 "https://ledger.example/sitemap-missing.xml"],
                                            "")
    entries, children, error = parse_sitemap(SITEMAP)
    assert (children, error) == ([], "")
    assert entries == [("https://ledger.example/water", "2026-03-05", ""),
                       ("https://ledger.example/council", "2026-03-18T07:00:00Z",
                        "Council pilot")]
    assert parse_sitemap(b"<html></html>")[2] == "not a sitemap: <html>"
    assert parse_sitemap(b"<urlset>")[2].startswith("malformed sitemap")


def test_entities_in_a_sitemap_are_not_expanded() -> None:
    hostile = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<urlset><url><loc>&x;</loc></url></urlset>')
    entries, _, _ = parse_sitemap(hostile)
    assert all("root:" not in loc for loc, _, _ in entries)


def test_discover_canonicalises_deduplicates_and_records_failures() -> None:
    outlet = Outlet("Harbor Ledger", feeds=("https://ledger.example/rss",
                                            "https://ledger.example/broken-feed"),
                    sitemaps=("https://ledger.example/sitemap.xml",),
                    urls=("https://ledger.example/extra#comments",))
    pages = {"https://ledger.example/rss": RSS,
             "https://ledger.example/broken-feed": b"<rss><channel><item>",
             "https://ledger.example/sitemap.xml": SITEMAP_INDEX,
             "https://ledger.example/sitemap-1.xml": SITEMAP}
    found = discover([outlet], fetcher(pages))
    assert [c.url for c in found.candidates] == [
        "https://ledger.example/extra", "https://ledger.example/water",
        "https://ledger.example/ferry", "https://ledger.example/council"]
    water = found.candidates[1]
    assert (water.outlet, water.found_in, water.title) == (
        "Harbor Ledger", "https://ledger.example/rss", "Water main breaks")
    reasons = {f.listing: f.reason for f in found.failures}
    assert reasons["https://ledger.example/sitemap-missing.xml"] == "http 404"
    assert reasons["https://ledger.example/broken-feed"].startswith("malformed feed")


def test_since_keeps_later_and_undated_candidates() -> None:
    candidates = [Candidate("a", "o", "2026-03-01"), Candidate("b", "o", "2026-03-10T01:00:00Z"),
                  Candidate("c", "o", "")]
    assert [c.url for c in since_filter(candidates, "2026-03-05")] == ["b", "c"]
    assert since_filter(candidates, "") == candidates


def test_sources_file(tmp_path: Path) -> None:
    (tmp_path / "ledger.urls").write_text("# March\nhttps://ledger.example/a\n\n"
                                          "https://ledger.example/b\n", encoding="utf-8")
    file = tmp_path / "sources.toml"
    file.write_text('[[outlet]]\nname = "Harbor Ledger"\nfeeds = ["https://ledger.example/rss"]\n'
                    'urls_file = "ledger.urls"\n\n[[outlet]]\nname = "Valley Courier"\n'
                    'sitemaps = "https://courier.example/sitemap.xml"\n', encoding="utf-8")
    ledger, courier = load_sources(file)
    assert ledger == Outlet("Harbor Ledger", feeds=("https://ledger.example/rss",),
                            urls=("https://ledger.example/a", "https://ledger.example/b"))
    assert courier.sitemaps == ("https://courier.example/sitemap.xml",)
    assert read_url_list(" https://x.example/1 \n#no\n") == ["https://x.example/1"]


@pytest.mark.parametrize(("content", "message"), [
    ('[[outlet]]\nname = "A"\n', "give feeds, sitemaps, urls or a urls_file"),
    ('[[outlet]]\nfeeds = ["https://a.example/rss"]\n', "needs a name"),
    ('[[outlet]]\nname = "A"\nfeed = "https://a.example/rss"\n', "unknown keys ['feed']"),
    ('[[outlet]]\nname = "A"\nurls = ["u"]\n[[outlet]]\nname = "A"\nurls = ["v"]\n',
     "'A' is listed twice"),
    ('name = "A"\n', "expected one or more [[outlet]] tables"),
    ('[[outlet]]\nname = "A"\nurls_file = "missing.urls"\n', "missing.urls"),
])
def test_bad_sources_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "sources.toml"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_sources(file)
