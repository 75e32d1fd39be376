"""HTML pages (``.html``, ``.htm``): the main text and metadata, extracted by trafilatura.

trafilatura 2.3.1 joins the blocks of its ``Document.text`` with a single ``\\n``, the same
character it uses for a ``<br>`` inside a paragraph, so paragraphs cannot be told apart there.
The text is therefore rebuilt from ``Document.body`` (trafilatura's XML tree: ``head``, ``p``,
``list``, ``quote``, ...), one top-level block per paragraph, joined by a blank line.

Headings are kept (the page's ``<h1>`` usually opens the text); tables, images, links and
comments are left out: the scorer reads prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from trafilatura.settings import Document
from trafilatura.xml import xmltotxt

from scoring.config import Config
from scoring.ingest.records import Fields, make_article
from scoring.types import Article, Skipped

EXTENSIONS = (".html", ".htm")

PARAGRAPH_SEPARATOR = "\n\n"

_PARSER_ADVICE = re.compile(r",? *(?:use|try) XML_PARSE_HUGE(?: option)?")


def read_html(text: str, *, path: str, folder: str, config: Config) -> Iterator[Article | Skipped]:
    """Yield the page's one article, or ``Skipped(path, "no article text found")``.

    A page that hits one of the HTML parser's hard limits is skipped as ``html not parsed:
    <the parser's message>``: libxml2 stops reading there, so whatever follows would be lost
    without a word (100,000 nested ``<div>`` elements, a text block over 10 MB).
    """
    try:
        limit = _parser_limit(text)
        if limit:
            yield Skipped(path, f"html not parsed: {limit}")
            return
        document = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,  # its cache is process-wide: results would depend on earlier files
        )
    # lxml's complaints about malformed markup; an AssertionError comes from lxml's drop_tree on
    # nonsense nesting such as '<svg><html>', inside trafilatura
    except (ValueError, AssertionError, etree.LxmlError) as exc:
        yield Skipped(path, f"html not parsed: {type(exc).__name__}: {exc}")
        return
    body = _main_text(document) if document is not None else ""
    if not body.strip():
        yield Skipped(path, "no article text found")
        return
    fields = Fields(
        text=body,
        folder=folder,
        sitename=document.sitename or "",
        url=document.url or "",
        title=document.title or "",
        published=document.date or "",
        author=document.author or "",
    )
    yield make_article(fields, path=path, config=config)


def _parser_limit(text: str) -> str:
    """libxml2's message if parsing ``text`` hits one of its hard limits (nesting deeper than 256
    elements, a text node over 10 MB), else ``""``. Parsing stops early at such a limit, so the
    check is cheap; on an ordinary page it costs a fraction of the extraction."""
    parser = etree.HTMLParser(encoding="utf-8")
    etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    for error in parser.error_log:
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            # drop libxml2's advice to the programmer ("use XML_PARSE_HUGE option")
            return _PARSER_ADVICE.sub("", error.message).strip()
    return ""


def _main_text(document: Document) -> str:
    """The extracted text with one blank line between blocks (a block's tail text included)."""
    if document.body is None:
        return (document.text or "").strip()
    blocks = [document.body.text or ""]
    blocks.extend(xmltotxt(block, include_formatting=False) for block in document.body)
    return PARAGRAPH_SEPARATOR.join(block.strip() for block in blocks if block.strip())
