"""Tests for scoring.ingest: every format, every skip reason, sources, ids and walk order."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import itertools
import os
from pathlib import Path

import pytest

from scoring.config import Config
from scoring.ingest import SUPPORTED_EXTENSIONS, decode_bytes, iter_inputs
from scoring.ingest.plaintext import split_front_matter
from scoring.ingest.records import article_id, normalise_date, resolve_source, url_host
from scoring.types import Article, Skipped

BODY = (
    "The city council approved the annual budget on Tuesday after a long debate, "
    "officials said in a statement."
)


def run(*paths: str | Path, **settings: int) -> list[Article | Skipped]:
    return list(iter_inputs(paths, Config(**settings)))


def only(records: list[Article | Skipped]) -> Article | Skipped:
    assert len(records) == 1, records
    return records[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# --- plain text and front matter ---------------------------------------------------------


def test_front_matter_is_parsed_and_text_is_the_body(tmp_path: Path) -> None:
    file = write(
        tmp_path / "a.md",
        "---\n"
        "source: Example Gazette\n"
        'url: "https://www.example-gazette.com/news/budget"\n'
        "title: 'Council approves budget'\n"
        "published: March 5th, 2024\n"
        "author:   Jane Reporter  \n"
        "tags: politics\n"
        "---\n"
        "\n"
        "\n"
        f"{BODY}\n\nSecond paragraph.\n",
    )
    article = only(run(file))
    assert article == Article(
        id=article_id("Example Gazette", f"{BODY}\n\nSecond paragraph.\n"),
        source="Example Gazette",
        text=f"{BODY}\n\nSecond paragraph.\n",
        path=str(file),
        title="Council approves budget",
        url="https://www.example-gazette.com/news/budget",
        published="2024-03-05",
        author="Jane Reporter",
    )


def test_front_matter_date_alias_and_crlf(tmp_path: Path) -> None:
    file = write(tmp_path / "a.txt", f"---\r\ndate: 2024-01-31T08:00:00Z\r\n---\r\n{BODY}\r\n")
    article = only(run(file))
    assert isinstance(article, Article)
    assert article.published == "2024-01-31"
    assert article.text == f"{BODY}\n"


@pytest.mark.parametrize(
    "text",
    [
        f"---\nsource: x\n{BODY}\n",  # never closed
        f"---\nthis is not a key value line\n---\n{BODY}\n",  # a rule, then prose
        f"\n---\nsource: x\n---\n{BODY}\n",  # not on the first line
    ],
)
def test_not_front_matter_leaves_text_whole(text: str) -> None:
    assert split_front_matter(text) is None


def test_plain_text_without_front_matter_is_unchanged(tmp_path: Path) -> None:
    content = f"  \n\tIndented “quoted” start.\n\n{BODY}  \n\n-- not front matter\n\n\n"
    file = write(tmp_path / "plain.txt", content)
    article = only(run(file))
    assert isinstance(article, Article)
    assert article.text == content
    assert article.text.encode("utf-8") == file.read_bytes()
    assert article.source == "unknown"
    assert (article.title, article.url, article.published, article.author) == ("", "", "", "")


def test_plain_text_with_crlf_only_changes_newlines(tmp_path: Path) -> None:
    file = write(tmp_path / "dos.txt", f"Line one of it.\r\n{BODY}\r\nOld Mac line\rend")
    article = only(run(file))
    assert isinstance(article, Article)
    assert article.text == f"Line one of it.\n{BODY}\nOld Mac line\nend"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    file = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + BODY.encode())
    assert only(run(file)).text == BODY


# --- sources -------------------------------------------------------------------------------


def test_source_from_first_folder_below_the_input_folder(tmp_path: Path) -> None:
    write(tmp_path / "in" / "bbc" / "2024" / "03" / "a.txt", BODY)
    write(tmp_path / "in" / "top.txt", BODY + " Top.")
    records = run(tmp_path / "in")
    assert [(r.path, r.source) for r in records if isinstance(r, Article)] == [
        (str(tmp_path / "in" / "bbc" / "2024" / "03" / "a.txt"), "bbc"),
        (str(tmp_path / "in" / "top.txt"), "unknown"),
    ]
    # Given directly, a file has no input folder to take a source from.
    assert only(run(tmp_path / "in" / "bbc" / "2024" / "03" / "a.txt")).source == "unknown"


def test_source_from_url_host_without_www(tmp_path: Path) -> None:
    file = write(
        tmp_path / "in" / "folder" / "a.txt",
        f"---\nurl: https://WWW.Example.COM:443/x\n---\n{BODY}",
    )
    assert only(run(tmp_path / "in")).source == "example.com"
    assert only(run(file)).source == "example.com"


def test_explicit_source_wins(tmp_path: Path) -> None:
    write(
        tmp_path / "in" / "folder" / "a.txt",
        f"---\nsource: '  The Times '\nurl: https://www.example.com/x\n---\n{BODY}",
    )
    article = only(run(tmp_path / "in"))
    assert isinstance(article, Article)
    assert article.source == "The Times"
    assert article.id == article_id("The Times", BODY)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"source": " Reuters ", "sitename": "Site", "url": "https://a.com", "folder": "f"},
            "Reuters",
        ),
        ({"source": "  ", "sitename": "Site", "url": "https://a.com", "folder": "f"}, "Site"),
        ({"url": "https://www.News.example.org/a", "folder": "f"}, "news.example.org"),
        ({"url": "www.example.net/story", "folder": "f"}, "example.net"),
        ({"url": "not a url", "folder": "f"}, "f"),
        ({}, "unknown"),
    ],
)
def test_resolve_source_order(fields: dict[str, str], expected: str) -> None:
    assert resolve_source(**fields) == expected


def test_url_host_keeps_other_subdomains() -> None:
    assert url_host("https://www2.example.com/") == "www2.example.com"
    assert url_host("http://[::1") == ""
    assert url_host("") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("Mar. 5, 2024", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("05.03.2024", "2024-03-05"),
        ("03/05/2024", "03/05/2024"),  # day and month ambiguous: kept
        (" last Tuesday ", "last Tuesday"),
        ("2024-02-30", "2024-02-30"),  # not a real date: kept
        ("", ""),
    ],
)
def test_normalise_date(raw: str, expected: str) -> None:
    assert normalise_date(raw) == expected


# --- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Council approves budget | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta property="og:title" content="Council approves budget">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://www.example-gazette.com/news/budget">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport section menu</a></li></ul></nav>
<article>
<h1>Council approves budget</h1>
<p>The city council approved the annual budget on Tuesday after a long debate,
officials said in a statement released to reporters.</p>
<p>According to the finance director, Maria Lopez, spending on schools will rise
by four percent next year,<br>the largest increase in a decade.</p>
<p>Critics said the plan relies on optimistic revenue forecasts that may not hold
if the regional economy slows down further.</p>
</article>
<footer><p>Copyright 2024 Example Gazette footer text. All rights reserved.</p></footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    file = write(tmp_path / "page.html", PAGE)
    article = only(run(file))
    assert isinstance(article, Article)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Council approves budget"
    assert paragraphs[1] == (
        "The city council approved the annual budget on Tuesday after a long debate, "
        "officials said in a statement released to reporters."
    )
    assert paragraphs[2].endswith("next year,\nthe largest increase in a decade.")  # <br> kept
    assert len(paragraphs) == 4
    assert "Sport section menu" not in article.text
    assert "footer" not in article.text
    assert article.title == "Council approves budget"
    assert article.author == "Jane Reporter"
    assert article.published == "2024-03-05"
    assert article.source == "Example Gazette"
    assert article.url == "https://www.example-gazette.com/news/budget"
    assert article.id == article_id("Example Gazette", article.text)


def test_html_without_site_name_uses_canonical_host(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="og:site_name" content="Example Gazette">', "")
    file = write(tmp_path / "in" / "folder" / "page.htm", page)
    # trafilatura itself falls back to the canonical URL's host for the site name.
    assert only(run(tmp_path / "in")).source == "example-gazette.com"
    assert only(run(file)).source == "example-gazette.com"


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    file = write(
        tmp_path / "blank.html", "<html><head><title>Nothing</title></head><body></body></html>"
    )
    assert only(run(file)) == Skipped(str(file), "no article text found")


def test_gzipped_html_reads_like_the_page(tmp_path: Path) -> None:
    plain = only(run(write(tmp_path / "a" / "page.html", PAGE)))
    packed = only(run(write(tmp_path / "b" / "page.html.gz", gzip.compress(PAGE.encode()))))
    assert isinstance(packed, Article)
    assert (packed.text, packed.title, packed.source) == (plain.text, plain.title, plain.source)


def test_gzip_that_is_not_gzip_or_inflates_too_far_is_skipped(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.txt.gz", b"plain bytes, not gzip")
    assert only(run(broken)).reason.startswith("not gzip: ")
    bomb = write(tmp_path / "bomb.txt.gz", gzip.compress(b"word " * 200_000))
    skipped = only(run(bomb, max_file_bytes=100_000))
    assert skipped == Skipped(str(bomb), "too large: over 100000 bytes when decompressed "
                                         "(limit 100000)")
    assert only(run(write(tmp_path / "data.bin.gz", gzip.compress(b"x")))).reason == (
        "unsupported format: .bin.gz")


# --- JSON Lines and CSV ----------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    file = write(
        tmp_path / "feed.jsonl",
        "\n".join(
            [
                f'{{"text": "{BODY}", "source": "Wire", "published": "5 March 2024"}}',
                '{"text": "unterminated',
                f'["{BODY}"]',
                '{"title": "no text here"}',
                "",
                f'{{"TEXT": "{BODY} Two.", "url": "https://www.example.org/a", "author": null}}',
                '{"text": "too short"}',
                '{"text": 42}',
                '{"text": "x", "n": ' + "9" * 5000 + "}",
            ]
        ),
    )
    records = run(file)
    assert [(r.path, r.reason) for r in records if isinstance(r, Skipped)] == [
        (f"{file}#line=2", "invalid JSON: Unterminated string starting at (column 10)"),
        (f"{file}#line=3", "not an object: list"),
        (f"{file}#line=4", "missing text"),
        (f"{file}#line=7", "empty"),
        (f"{file}#line=8", "text is not a string: int"),
        (f"{file}#line=9", "invalid JSON: " + str(too_long_integer_error())),
    ]
    articles = [r for r in records if isinstance(r, Article)]
    assert [(a.path, a.source, a.text, a.published, a.author) for a in articles] == [
        (f"{file}#line=1", "Wire", BODY, "2024-03-05", ""),
        (f"{file}#line=6", "example.org", f"{BODY} Two.", "", ""),
    ]


def too_long_integer_error() -> ValueError:
    try:
        int("9" * 5000)
    except ValueError as exc:
        return exc
    raise AssertionError("Python accepted a 5000-digit integer")


def test_csv_quoted_multiline_text_and_bad_rows(tmp_path: Path) -> None:
    multi = f'{BODY}\n\nHe said, ""it is fine"", and left.'
    file = write(
        tmp_path / "in" / "desk" / "rows.csv",
        "Text,source,published,notes\r\n"
        f'"{multi}",Wire,2024-03-05,x\r\n'
        f'"{BODY}",too,many,fields,here\r\n'
        ",Wire,2024-03-05,\r\n"
        "\r\n"
        f'"{BODY} Last.",,,\r\n',
    )
    records = run(tmp_path / "in")
    assert records == [
        Article(
            id=article_id("Wire", f'{BODY}\n\nHe said, "it is fine", and left.'),
            source="Wire",
            text=f'{BODY}\n\nHe said, "it is fine", and left.',
            path=f"{file}#row=1",
            published="2024-03-05",
        ),
        Skipped(f"{file}#row=2", "malformed row: 5 fields, header has 4"),
        Skipped(f"{file}#row=3", "missing text"),
        Article(
            id=article_id("desk", f"{BODY} Last."),
            source="desk",
            text=f"{BODY} Last.",
            path=f"{file}#row=4",
        ),
    ]


def test_csv_without_text_column(tmp_path: Path) -> None:
    file = write(tmp_path / "t.csv", "body,source\nsomething,x\n")
    assert only(run(file)) == Skipped(str(file), "no text column (columns: body, source)")


def test_csv_field_larger_than_the_default_limit(tmp_path: Path) -> None:
    long_text = "word " * 40_000  # 200 000 characters; csv's default limit is 131 072
    file = write(tmp_path / "long.csv", f'text\n"{long_text}"\n')
    article = only(run(file))
    assert isinstance(article, Article)
    assert article.text == long_text


# --- decoding --------------------------------------------------------------------------------


def test_cp1252_file_decodes_with_curly_quotes(tmp_path: Path) -> None:
    raw = b"\x93quoted\x94 caf\xe9 \x96 " + BODY.encode("ascii")
    file = write(tmp_path / "legacy.txt", raw)
    assert only(run(file)).text == "“quoted” café – " + BODY


def test_decode_short_cp1252_snippet() -> None:
    # charset-normalizer alone calls this cp1125 and returns "УquotedФ cafщ".
    assert decode_bytes(b"\x93quoted\x94 caf\xe9") == "“quoted” café"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Привет мир, это короткий тест кодировки", "cp1251"),
        ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250"),
        ("Área de 5 km² en el sur, según el alcalde.", "cp1252"),
    ],
)
def test_decode_other_legacy_encodings_are_not_forced_to_cp1252(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    file = write(tmp_path / "wide.txt", bom + f"“Wide” {BODY}\r\n".encode(encoding))
    assert only(run(file)).text == f"“Wide” {BODY}\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + BODY.encode(),  # NUL bytes
        BODY.encode("utf-16-le"),  # UTF-16 without a BOM is full of NULs too
        bytes(range(1, 32)) * 20 + b"\x81\x8d\x8f\x90\x9d",  # controls, not cp1252
        b"\xff\xfe\x00\xd8",  # UTF-16 BOM, then a lone surrogate
    ],
)
def test_binary_is_not_text(tmp_path: Path, data: bytes) -> None:
    file = write(tmp_path / "junk.txt", data)
    assert only(run(file)) == Skipped(str(file), "not text")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\t\r\n  ",
        codecs.BOM_UTF8 + b" \n",
        "\n \n".encode("utf-16"),
        b"---\nsource: x\n---\n\n",
    ],
)
def test_empty_and_whitespace_only(tmp_path: Path, content: bytes) -> None:
    file = write(tmp_path / "blank.md", content)
    assert only(run(file)) == Skipped(str(file), "empty")


def test_too_few_characters_is_empty(tmp_path: Path) -> None:
    file = write(tmp_path / "short.txt", "Ten chars! " * 3)  # 27 non-space characters
    assert only(run(file)) == Skipped(str(file), "empty")
    assert isinstance(only(run(file, min_text_chars=27)), Article)


# --- the walk --------------------------------------------------------------------------------


def test_one_path_instead_of_a_list_is_a_programmer_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"not one path: use \['data'\]"):
        next(iter_inputs("data", Config()))  # type: ignore[arg-type]


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == (".csv", ".htm", ".html", ".jsonl", ".md", ".txt")


def test_unknown_extension_and_case_insensitive_match(tmp_path: Path) -> None:
    write(tmp_path / "notes.xyz", BODY)
    write(tmp_path / "README", BODY)
    write(tmp_path / "UPPER.TXT", BODY)
    assert run(tmp_path) == [
        Skipped(str(tmp_path / "README"), "unsupported format: (no extension)"),
        Article(
            id=article_id("unknown", BODY),
            source="unknown",
            text=BODY,
            path=str(tmp_path / "UPPER.TXT"),
        ),
        Skipped(str(tmp_path / "notes.xyz"), "unsupported format: .xyz"),
    ]


def test_too_large(tmp_path: Path) -> None:
    file = write(tmp_path / "big.txt", BODY)
    size = len(BODY.encode())
    assert only(run(file, max_file_bytes=50)) == Skipped(
        str(file), f"too large: {size} bytes (limit 50)"
    )
    assert isinstance(only(run(file, max_file_bytes=size)), Article)


def test_missing_path_and_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert run(tmp_path / "nope", fifo) == [
        Skipped(str(tmp_path / "nope"), "unreadable: No such file or directory"),
        Skipped(str(fifo), "unreadable: not a regular file"),
    ]


def test_hidden_files_and_folders_are_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "a.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY)
    visible = write(tmp_path / "visible.txt", BODY)
    assert [r.path for r in run(tmp_path)] == [str(visible)]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    root = tmp_path / "in"
    file = write(root / "a" / "story.txt", BODY)
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")  # a symlink to itself
    records = list(itertools.islice(iter_inputs([root], Config()), 50))
    assert records == [
        Article(id=article_id("a", BODY), source="a", text=BODY, path=str(file)),
        Skipped(str(root / "self"), "unsupported format: (no extension)"),
    ]


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    file = write(tmp_path / "in" / "story.txt", BODY)
    (tmp_path / "in" / "zz-link.txt").symlink_to(file)
    assert run(tmp_path / "in", file) == [
        Article(id=article_id("unknown", BODY), source="unknown", text=BODY, path=str(file)),
        Skipped(str(tmp_path / "in" / "zz-link.txt"), f"duplicate of {file}"),
        Skipped(str(file), f"duplicate of {file}"),
    ]


def test_order_is_sorted_and_deterministic(tmp_path: Path) -> None:
    names = ["b/2.txt", "a.txt", "c.md", "b/10.txt", "B.txt", "b/1/x.txt"]
    for index, name in enumerate(names):
        write(tmp_path / name, f"{BODY} Number {index}.")
    expected = ["B.txt", "a.txt", "b/1/x.txt", "b/10.txt", "b/2.txt", "c.md"]
    first = run(tmp_path)
    assert [Path(r.path).relative_to(tmp_path).as_posix() for r in first] == expected
    assert run(tmp_path) == first


def test_one_bad_file_never_stops_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "1.jsonl", "{broken\n")
    write(tmp_path / "2.txt", b"\x00\x01")
    write(tmp_path / "3.html", "<html><body></body></html>")
    good = write(tmp_path / "4.txt", BODY)
    records = run(tmp_path)
    assert [type(r).__name__ for r in records] == ["Skipped", "Skipped", "Skipped", "Article"]
    assert records[-1].path == str(good)


def test_ids_are_stable(tmp_path: Path) -> None:
    expected = hashlib.sha256(f"Wire\0{BODY}".encode()).hexdigest()[:16]
    assert article_id("Wire", BODY) == expected
    assert article_id("Other", BODY) != expected
    assert article_id("Wire", BODY + " ") != expected
    file = write(tmp_path / "a.txt", f"---\nsource: Wire\n---\n{BODY}")
    assert only(run(file)).id == expected
    assert only(run(file)).id == expected
