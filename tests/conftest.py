from __future__ import annotations

import pytest

from scoring.config import Config
from scoring.ingest import article_id
from scoring.pipeline import analyze_article
from scoring.text import parse_text
from scoring.types import Article, ArticleAnalysis, ParsedText


def make_article(text: str, *, source: str = "Test Outlet", title: str = "",
                 published: str = "") -> Article:
    return Article(id=article_id(source, text), source=source, text=text, path="test.txt",
                   title=title, published=published)


def analyze(text: str, **kwargs: str) -> ArticleAnalysis:
    return analyze_article(make_article(text, **kwargs), Config())


def parse(text: str, title: str = "") -> ParsedText:
    return parse_text(text, title=title, config=Config())


def evidence_texts(analysis: ArticleAnalysis, label: str) -> list[str]:
    text = analysis.article.text
    return [text[e.start : e.end] for e in analysis.evidence if e.label == label]


@pytest.fixture(scope="session")
def config() -> Config:
    return Config()
