"""Hostile and broken input, end to end (issue 4).

Every case goes through ingest and, when an article comes out, through analysis and scoring:
an input is either skipped with a reason that says what is wrong, or read and scored safely
(a score in [0, 100], every evidence span, sentence and source mention inside the text).
tests/test_ingest.py pins the ingest details (exact decodings, row numbering, walk order);
here the point is that nothing breaks further down the line. Large inputs are made in
``tmp_path`` by the tests themselves; the slow ones run under a time limit, so a regression
fails instead of hanging.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring.config import Config
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_article, analyze_articles, score_analyses
from scoring.text import parse_text
from scoring.types import Article, ScoredArticle, Skipped

LEXICAL = Config(language_model="blank")
REPOSITORY = Path(__file__).resolve().parents[1]

BODY = (
    "The city council approved the annual budget on Tuesday after a long debate, officials "
    "said. According to the finance director, Maria Lopez, spending on schools may rise by "
    "four percent next year.\n\nCritics said the plan clearly relies on optimistic forecasts."
)


# --- helpers ---------------------------------------------------------------------------------


def ingest(*paths: Path, config: Config = LEXICAL) -> tuple[list[Article], list[Skipped]]:
    return collect_inputs(paths, config)


def score_safely(articles: list[Article], config: Config = LEXICAL) -> list[ScoredArticle]:
    """Analyse and score ``articles``; none may fail, and every result must be in range."""
    analyses, failed = analyze_articles(articles, config)
    assert failed == []
    scored = score_analyses(analyses, config)
    assert [s.article.id for s in scored] == [a.id for a in articles]
    for item in scored:
        assert_scored_safely(item)
    return scored


def assert_scored_safely(scored: ScoredArticle) -> None:
    text = scored.article.text
    assert 0.0 <= scored.score <= 100.0, scored.score
    analysis = scored.analysis
    for span in [*analysis.evidence, *analysis.sentences]:
        assert 0 <= span.start <= span.end <= len(text), span
    for start, end in (m for source in analysis.named_sources for m in source.mentions):
        assert 0 <= start < end <= len(text)


def only_skipped(path: Path, config: Config = LEXICAL) -> str:
    """The one skip reason ``path`` gives (no article may come out of it)."""
    articles, skipped = ingest(path, config=config)
    assert articles == []
    assert [s.path for s in skipped] == [str(path)]
    return skipped[0].reason


def only_article(path: Path, config: Config = LEXICAL) -> ScoredArticle:
    """The one article ``path`` gives, analysed and scored safely."""
    articles, skipped = ingest(path, config=config)
    assert skipped == []
    assert len(articles) == 1
    return score_safely(articles, config)[0]


def not_prose_yet_analysed_safely(path: Path, config: Config = LEXICAL) -> ScoredArticle:
    """The one article ``path`` gives, which a run skips as not prose (scoring/quality.py),
    analysed and scored safely all the same: the parser's limits still guard prose that comes
    close to it (one huge paragraph with a full stop now and then)."""
    articles, skipped = ingest(path, config=config)
    assert skipped == []
    assert len(articles) == 1
    analyses, failed = analyze_articles(articles, config)
    assert analyses == []
    assert [(s.path, s.reason.split(":")[0]) for s in failed] == [(str(path), "not prose")]
    scored = score_analyses([analyze_article(articles[0], config)], config)[0]
    assert_scored_safely(scored)
    return scored


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail the test instead of hanging: the slow cases once took minutes (or blocked forever).

    The alarm is handled when Python code runs; a loop inside compiled code never lets it, so
    those cases are first tried in a subprocess (:func:`finishes_within`).
    """

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def finishes_within(seconds: float, code: str) -> None:
    """Run ``code`` in a fresh Python process; fail if it errs or takes longer than ``seconds``."""
    try:
        subprocess.run([sys.executable, "-c", code], cwd=REPOSITORY, timeout=seconds, check=True,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s: {code}")


def unpunctuated_line(size: int) -> str:
    """``size`` characters of words on one line, without a single punctuation mark."""
    words = itertools.cycle("the council said budget officials may reportedly Maria Lopez told "
                            "reporters clearly schools spending rise next year".split())
    line = " ".join(itertools.islice(words, size // 4))
    assert len(line) >= size
    return line[:size]


# --- empty, binary, encodings --------------------------------------------------------------


@pytest.mark.parametrize("extension", [".txt", ".md", ".html", ".csv", ".jsonl"])
@pytest.mark.parametrize(
    "content",
    [b"", b"  \n\t\r\n  ", "\u3000\u00a0\n\u2003".encode(), codecs.BOM_UTF8,
     codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le")],
    ids=["empty", "whitespace", "unicode-whitespace", "utf8-bom-only", "utf16-whitespace"],
)
def test_empty_and_whitespace_only_files_are_skipped_as_empty(
        tmp_path: Path, extension: str, content: bytes) -> None:
    file = tmp_path / f"blank{extension}"
    file.write_bytes(content)
    assert only_skipped(file) == "empty"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + BODY.encode(),  # an image
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8,  # a zip archive
        BODY.encode() + b"\x00" * 64 + BODY.encode(),  # NUL bytes inside text
        bytes(range(1, 9)) * 100,  # control characters only, no NUL
    ],
    ids=["png", "zip", "nul-bytes", "controls"],
)
def test_binary_files_are_not_text(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "story.txt"
    file.write_bytes(content)
    assert only_skipped(file) == "not text"


def test_nul_bytes_past_the_binary_sniff_are_read_and_scored_safely(tmp_path: Path) -> None:
    # a few NULs deep inside a long text are not enough to call it binary: the text is kept
    file = tmp_path / "story.txt"
    file.write_bytes((BODY + "\n\n").encode() * 100 + b"\x00\x00" + BODY.encode())
    scored = only_article(file)
    assert scored.article.text.count("\x00") == 2


def test_damaged_utf8_is_read_as_utf8_with_replacement_characters(tmp_path: Path) -> None:
    # UTF-8 with a lone continuation byte, an overlong "/", a byte cp1252 does not define, and
    # cut off inside its last character: the damage becomes U+FFFD, everything else is kept
    quoted = "“Quoted” café — the mayor said. " * 5
    file = tmp_path / "damaged.txt"
    file.write_bytes(quoted.encode() + b"\x80 \xc0\xaf \x81 " + BODY.encode()
                     + "… “end”".encode()[:-2])
    expected = quoted + "\ufffd \ufffd\ufffd \ufffd " + BODY + "… “end\ufffd"
    assert only_article(file).article.text == expected


@pytest.mark.parametrize(
    "content",
    [
        b"\xc3\x28" * 200,  # the classic invalid two-byte sequence, over and over
        bytes(b for b in __import__("random").Random(4).randbytes(4000) if b),  # noise, no NUL
    ],
    ids=["invalid-sequences", "random-bytes"],
)
def test_undecodable_bytes_are_not_text(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "junk.txt"
    file.write_bytes(content)
    assert only_skipped(file) == "not text"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["le", "be"],
)
def test_utf16_with_a_bom_is_read_and_scored(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = f"“Wide” text, €5 million. {BODY}"
    file = tmp_path / "wide.txt"
    file.write_bytes(bom + text.encode(encoding))
    assert only_article(file).article.text == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (f"“Quoted” café – the mayor said… a €5 million œuvre. {BODY}", "cp1252"),
        (f"São Paulo: Müller said «the façade is naïve», 20 °C, £5. {BODY}", "latin-1"),
    ],
)
def test_legacy_western_encodings_are_read_and_scored(
        tmp_path: Path, text: str, encoding: str) -> None:
    file = tmp_path / "legacy.txt"
    file.write_bytes(text.encode(encoding))
    assert only_article(file).article.text == text


# --- size ------------------------------------------------------------------------------------


def test_a_50_mb_file_is_skipped_as_too_large_without_being_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "huge.txt"
    with file.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB long, no disk space used
    opened: list[Path] = []
    real_open = Path.open

    def watched_open(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", watched_open)
    config = Config()
    reason = only_skipped(file, config)
    assert reason == f"too large: 50000000 bytes (limit {config.max_file_bytes})"
    assert str(config.max_file_bytes) in reason
    assert file not in opened


@pytest.mark.parametrize(
    "config",
    [
        LEXICAL,
        # the spaCy model reads about 4,000 tokens a second here: the default 300,000 characters
        # would take most of a minute, so this case analyses a sixth of them
        Config(max_chars=50_000),
    ],
    ids=["lexical", "spacy"],
)
def test_a_5_mb_line_without_punctuation_is_truncated_and_analysed_quickly(
        tmp_path: Path, config: Config) -> None:
    line = unpunctuated_line(5_000_000)
    file = tmp_path / "line.txt"
    file.write_text(line + "\n", encoding="utf-8")
    with time_limit(30):
        started = time.perf_counter()
        scored = not_prose_yet_analysed_safely(file, config)  # a cycle of 18 words
        elapsed = time.perf_counter() - started
    assert scored.article.text == line + "\n"  # kept whole; only the analysis is cut short
    analysis = scored.analysis
    assert analysis.sentences
    assert max(s.end for s in analysis.sentences) <= config.max_chars
    assert max(e.end for e in analysis.evidence) <= config.max_chars
    # without punctuation, sentences are cut after max_sentence_tokens words
    longest = max(len(line[s.start : s.end].split()) for s in analysis.sentences)
    assert longest <= config.max_sentence_tokens
    assert elapsed < 30


@pytest.mark.parametrize("config", [LEXICAL, Config()], ids=["lexical", "spacy"])
def test_a_5_mb_line_of_quote_marks_is_one_token_and_analysed_quickly(
        tmp_path: Path, config: Config) -> None:
    # spaCy's tokenizer peeled such a line one mark at a time, inside compiled code: hours for
    # 300,000 characters, and no alarm can stop it
    finishes_within(30, "from scoring.config import Config; from scoring.text import parse_text; "
                        f"parse_text('\"' * {config.max_chars}, config=Config("
                        "language_model='blank'))")
    file = tmp_path / "quotes.txt"
    file.write_text('"' * 5_000_000, encoding="utf-8")
    with time_limit(30):
        scored = not_prose_yet_analysed_safely(file, config)
        parsed = parse_text(scored.article.text, config=config)
    assert len(parsed.doc) == 1
    assert parsed.doc.text == scored.article.text[: config.max_chars]


# --- HTML ------------------------------------------------------------------------------------

ARTICLE_HTML = "".join(f"<p>{paragraph}</p>" for paragraph in BODY.split("\n\n"))


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<div>" * 100_000 + ARTICLE_HTML + "</div>" * 100_000 + "</body></html>",
        "<html><body>" + "<div>" * 100_000 + ARTICLE_HTML,  # never closed either
    ],
    ids=["closed", "unclosed"],
)
def test_deeply_nested_html_is_skipped_with_the_parser_limit(tmp_path: Path, page: str) -> None:
    # libxml2 stops reading at 256 levels: the text below would be lost without a word
    file = tmp_path / "nested.html"
    file.write_text(page, encoding="utf-8")
    with time_limit(30):
        reason = only_skipped(file)
    assert reason == "html not parsed: Excessive depth in document: 256"


@pytest.mark.parametrize(
    "tail",
    [
        "<p><b>Unclosed bold <i>and italic text, said the clerk. <div><span><a href='/x",
        "<!-- a comment never closed <p>Hidden text that is long enough to count.",
        '<p class="never closed>More text after an attribute that never ends.',
        '<script>var story = "never closed',
    ],
    ids=["tags", "comment", "attribute", "script"],
)
def test_unclosed_html_is_read_and_scored(tmp_path: Path, tail: str) -> None:
    page = "<html><head><title>Budget</title><body><article><p>" + BODY.replace("\n\n", "<p>")
    file = tmp_path / "unclosed.html"
    file.write_text(page + tail, encoding="utf-8")
    text = only_article(file).article.text
    assert text.startswith("The city council approved")
    assert "Critics said the plan clearly relies on optimistic forecasts." in text


def test_html_with_an_unclosed_title_has_no_article_text(tmp_path: Path) -> None:
    # the parser reads everything after an unclosed <title> as the title
    page = "<html><head><title>Budget<body><article><p>" + BODY.replace("\n\n", "<p>")
    file = tmp_path / "title.html"
    file.write_text(page, encoding="utf-8")
    assert only_skipped(file) == "no article text found"


def test_html_with_only_script_and_style_is_skipped(tmp_path: Path) -> None:
    page = ("<html><head><style>body { color: red } p::after { content: 'The council said' }"
            "</style><script>var story = " + json.dumps(BODY) + ";</script></head><body>"
            "<script>document.write(story)</script><noscript></noscript></body></html>")
    file = tmp_path / "script.html"
    file.write_text(page, encoding="utf-8")
    assert only_skipped(file) == "no article text found"


# --- tables ------------------------------------------------------------------------------------


def test_malformed_csv_rows_are_skipped_by_row_and_good_rows_scored(tmp_path: Path) -> None:
    rows = [
        "text,source",
        f'"{BODY}",Wire',  # row 1: good
        f'"{BODY}",Wire,extra',  # row 2: one field too many
        ",Wire",  # row 3: no text
        f'"{BODY} Later.",Post',  # row 4: good
        "x" * 10,  # row 5: one field
        f'"{BODY}" trailing after the quote,Gazette',  # row 6: lenient csv keeps it
        '"never closed,Wire',  # row 7: its field runs to the end of the file
        "so this line is part of it,Lost",
    ]
    file = tmp_path / "rows.csv"
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, skipped = ingest(file)
    assert [(s.path, s.reason) for s in skipped] == [
        (f"{file}#row=2", "malformed row: 3 fields, header has 2"),
        (f"{file}#row=3", "missing text"),
        (f"{file}#row=5", "malformed row: 1 fields, header has 2"),
        (f"{file}#row=7", "malformed row: 1 fields, header has 2"),
    ]
    assert [a.path for a in articles] == [f"{file}#row={n}" for n in (1, 4, 6)]
    score_safely(articles)


def test_malformed_jsonl_lines_are_skipped_by_line_and_good_lines_scored(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": BODY, "source": "Wire"}),  # line 1: good
        '{"text": "unterminated',  # line 2
        "[" * 100_000 + "]" * 100_000,  # line 3: nested past the recursion limit
        json.dumps([BODY]),  # line 4: not an object
        json.dumps({"text": {"body": BODY}}),  # line 5: text is not a string
        "",  # a blank line is not a record
        json.dumps({"TEXT": BODY + " Later.", "url": ["not", "a", "url"]}),  # line 7: good
        "\x00garbage\x7f",  # line 8
    ]
    file = tmp_path / "feed.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, skipped = ingest(file)
    assert [(s.path, s.reason) for s in skipped] == [
        (f"{file}#line=2", "invalid JSON: Unterminated string starting at (column 10)"),
        (f"{file}#line=3", "invalid JSON: nested too deeply"),
        (f"{file}#line=4", "not an object: list"),
        (f"{file}#line=5", "text is not a string: dict"),
        (f"{file}#line=8", "invalid JSON: Expecting value (column 1)"),
    ]
    assert [a.path for a in articles] == [f"{file}#line=1", f"{file}#line=7"]
    score_safely(articles)


# --- the file system ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("story.pdf", "unsupported format: .pdf"),
        ("story.json", "unsupported format: .json"),
        ("story.pdf.gz", "unsupported format: .pdf.gz"),
        ("README", "unsupported format: (no extension)"),
    ],
)
def test_unknown_extensions_are_skipped(tmp_path: Path, name: str, reason: str) -> None:
    file = tmp_path / name
    file.write_text(BODY, encoding="utf-8")
    assert only_skipped(file) == reason


def test_symlink_loops_end_and_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "desk").mkdir(parents=True)
    story = root / "desk" / "story.txt"
    story.write_text(BODY, encoding="utf-8")
    (root / "desk" / "up").symlink_to(root, target_is_directory=True)  # a folder loop
    (root / "self.txt").symlink_to("self.txt")  # a link to itself
    (root / "ping.txt").symlink_to("pong.txt")  # two links to each other
    (root / "pong.txt").symlink_to("ping.txt")
    with time_limit(10):
        articles, skipped = ingest(root)
    loop = "Too many levels of symbolic links"
    assert [(s.path, s.reason) for s in skipped] == [
        (str(root / "ping.txt"), f"unreadable: symlink to pong.txt: {loop}"),
        (str(root / "pong.txt"), f"unreadable: symlink to ping.txt: {loop}"),
        (str(root / "self.txt"), f"unreadable: symlink to self.txt: {loop}"),
    ]
    assert [a.path for a in articles] == [str(story)]
    score_safely(articles)


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "secret.txt"
    file.write_text(BODY, encoding="utf-8")
    make_unreadable(file, monkeypatch)
    assert only_skipped(file) == "unreadable: Permission denied"


def make_unreadable(file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, or, for root (who reads anything), make opening ``file`` fail the same way."""
    if os.geteuid() != 0:
        file.chmod(0)
        return
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if self == file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)


def test_a_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "x.txt"
    folder.mkdir(parents=True)
    (tmp_path / "in" / "empty.md").mkdir()
    story = folder / "story.md"
    story.write_text(BODY, encoding="utf-8")
    for given in (tmp_path / "in", folder):
        articles, skipped = ingest(given)
        assert skipped == []
        assert [a.path for a in articles] == [str(story)]
        score_safely(articles)
    assert ingest(tmp_path / "in")[0][0].source == "x.txt"  # the folder below the input


def test_a_dangling_symlink_is_skipped(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    expected = f"unreadable: symlink to {tmp_path / 'nowhere.txt'}: No such file or directory"
    assert only_skipped(link) == expected
    articles, skipped = ingest(tmp_path)
    assert (articles, skipped) == ([], [Skipped(str(link), expected)])


def test_a_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with time_limit(10):  # opening a pipe nobody writes to would block forever
        assert only_skipped(fifo) == "unreadable: not a regular file"
        assert ingest(tmp_path) == ([], [Skipped(str(fifo), "unreadable: not a regular file")])


# --- all of it at once -------------------------------------------------------------------------


def test_every_input_in_a_hostile_folder_is_accounted_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "in"
    root.mkdir()
    expected: Counter[str] = Counter()  # path -> how many records it must give

    def add(name: str, content: str | bytes, records: int = 1) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        expected[str(path)] += records
        return path

    add("empty.txt", b"")
    add("blank.md", " \n\t\n")
    add("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + BODY.encode())
    add("damaged.txt", "“Quoted” café. ".encode() * 3 + b"\x81 " + BODY.encode())
    add("junk.txt", b"\xc3\x28" * 100)
    add("utf16le.txt", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"))
    add("utf16be.txt", codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"))
    add("cp1252.txt", f"“Quoted” café – {BODY}".encode("cp1252"))
    add("latin1.txt", f"São Paulo «façade» {BODY}".encode("latin-1"))
    with (root / "big.txt").open("wb") as handle:
        handle.truncate(60_000)
    expected[str(root / "big.txt")] += 1
    add("line.txt", unpunctuated_line(30_000))
    add("quotes.txt", '"' * 30_000)
    add("nested.html", "<html><body>" + "<div>" * 1_000 + ARTICLE_HTML)
    add("unclosed.html", "<html><body><article><p>" + BODY.replace("\n\n", "<p>"))
    add("script.html", "<html><script>var x = 1;</script><style>p {}</style></html>")
    add("rows.csv", f'text,source\n"{BODY}",Wire\n"{BODY}",Wire,extra\n,Wire\n', records=3)
    add("feed.jsonl", f'{json.dumps({"text": BODY})}\n{{broken\n\n[1]\n', records=3)
    add("story.pdf", BODY)
    add("README", BODY)
    add("x.txt/story.md", BODY)
    add("secret.txt", BODY)
    make_unreadable(root / "secret.txt", monkeypatch)
    (root / "x.txt" / "up").symlink_to(root, target_is_directory=True)  # walked once: nothing
    (root / "self.txt").symlink_to("self.txt")
    (root / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(root / "pipe.txt")
    expected.update(str(root / name) for name in ("self.txt", "gone.txt", "pipe.txt"))

    config = Config(language_model="blank", max_file_bytes=50_000)
    with time_limit(30):
        articles, skipped = collect_inputs([root], config)
    found = Counter(record.path.split("#")[0] for record in [*articles, *skipped])
    assert found == expected
    assert len(articles) + len(skipped) == sum(expected.values())
    assert all(s.reason.strip() for s in skipped)
    reasons = {Path(s.path.split("#")[0]).name: s.reason.split(":")[0] for s in skipped}
    assert reasons == {
        "empty.txt": "empty", "blank.md": "empty", "binary.txt": "not text",
        "junk.txt": "not text", "big.txt": "too large", "nested.html": "html not parsed",
        "script.html": "no article text found", "rows.csv": "missing text",
        "feed.jsonl": "not an object", "story.pdf": "unsupported format",
        "README": "unsupported format", "secret.txt": "unreadable", "self.txt": "unreadable",
        "gone.txt": "unreadable", "pipe.txt": "unreadable",
    }
    with time_limit(30):
        analyses, failed = analyze_articles(articles, config)
    # read, then skipped by the run: a cycle of 18 words, and 30,000 quote marks
    assert {Path(s.path).name: s.reason.split(":")[0] for s in failed} == {
        "line.txt": "not prose", "quotes.txt": "not prose"}
    prose = [a for a in articles if Path(a.path.split("#")[0]).name not in {"line.txt",
                                                                           "quotes.txt"}]
    assert [a.article.id for a in analyses] == [a.id for a in prose]
    with time_limit(30):
        score_safely(prose, config)


def test_html_that_breaks_lxml_tree_surgery_is_skipped_with_a_reason() -> None:
    from scoring.ingest.html import read_html

    [skipped] = read_html("<svg><html>", path="x.html", folder="", config=Config())
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("html not parsed: AssertionError")
