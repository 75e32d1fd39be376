"""HTML pages (``.html``, ``.htm``): the main text and metadata, extracted by trafilatura.

trafilatura 2.3.1 joins the blocks of its ``Document.text`` with a single ``\\n``, the same
character it uses for a ``<br>`` inside a paragraph, so paragraphs cannot be told apart there.
The text is therefore rebuilt from ``Document.body`` (trafilatura's XML tree: ``head``, ``p``,
``list``, ``quote``, ...), one top-level block per paragraph, joined by a blank line.

Headings are kept (the page's ``<h1>`` usually opens the text); tables, images, links and
comments are left out: the scorer reads prose.
"""

from __future__ import annotations

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


def read_html(text: str, *, path: str, folder: str, config: Config) -> Iterator[Article | Skipped]:
    """Yield the page's one article, or ``Skipped(path, "no article text found")``."""
    try:
        document = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,  # its cache is process-wide: results would depend on earlier files
        )
    except (ValueError, etree.LxmlError) as exc:  # lxml's complaints about malformed markup
        yield Skipped(path, f"html not parsed: {exc}")
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


def _main_text(document: Document) -> str:
    """The extracted text with one blank line between blocks (a block's tail text included)."""
    if document.body is None:
        return (document.text or "").strip()
    blocks = [document.body.text or ""]
    blocks.extend(xmltotxt(block, include_formatting=False) for block in document.body)
    return PARAGRAPH_SEPARATOR.join(block.strip() for block in blocks if block.strip())
