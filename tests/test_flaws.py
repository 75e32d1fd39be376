"""A score that cannot be gamed: adding a flaw to a real article never raises its score, and
removing its attributions lowers it.

Checked on every article of the bundled sample (``data/sample``), and, when ``../shared`` is
there, on the five seed articles and on real articles of rated outlets (the tests skip without
it). A flaw is one of: the body printed twice, one paragraph pasted six times, a chatbot
leftover, blog-template furniture.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring.config import Config
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_articles, score_analyses
from scoring.types import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TOLERANCE = 1e-6


def _body_twice(text: str) -> str:
    return f"{text}\n\n{text}"


def _paragraph_six_times(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
    pasted = paragraphs[len(paragraphs) // 2] if paragraphs else text
    return text + "".join(f"\n\n{pasted}" for _ in range(6))


def _chatbot_leftover(text: str) -> str:
    return (text + "\n\nAs an AI language model, I cannot browse the internet, but here is a "
            "summary of the article you asked for.")


def _template_furniture(text: str) -> str:
    return (text + "\n\nShare this:\n\nLike this:\n\nRelated Articles\n\nLeave a Reply\n\n"
            "Powered by Blogger.")


FLAWS: dict[str, Callable[[str], str]] = {
    "body printed twice": _body_twice,
    "paragraph pasted six times": _paragraph_six_times,
    "chatbot leftover": _chatbot_leftover,
    "template furniture": _template_furniture,
}

_ATTRIBUTION = re.compile(
    r",?\s*\b(?:according to|said|says|saying|say|told reporters|told|tells?|telling|"
    r"added|adds|stated|announced|announces?|reported|confirmed|confirms?|wrote|writes)\b",
    re.IGNORECASE)
"""The reporting verbs in every form that is not also a common noun ("report", "state" and
"add" stay): with "said" gone but "may announce" left, a sentence would gain a credit."""


def strip_attribution(text: str) -> str:
    """The text with every reporting cue removed ("said", "according to", ...)."""
    return _ATTRIBUTION.sub("", text)


def _scores(articles: list[Article]) -> list[float]:
    """Each article scored alone (no other article to copy from or corroborate)."""
    config = Config()
    results = []
    for article in articles:
        analyses, skipped = analyze_articles([article], config)
        assert not skipped, skipped
        [scored] = score_analyses(analyses, config)
        results.append(scored.score)
    return results


def _with_text(article: Article, text: str) -> Article:
    return Article(id=f"{article.id}-changed", source=article.source, text=text,
                   path=article.path, title=article.title, url=article.url,
                   published=article.published, author=article.author)


def sample_articles() -> list[Article]:
    articles, skipped = collect_inputs([ROOT / "data" / "sample"], Config())
    assert not skipped
    return articles


def shared_articles() -> list[Article]:
    """The seeds and the first two articles of each of a few rated outlets, from ../shared."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not here (a fresh clone)")
    articles, _ = collect_inputs(sorted((SHARED / "seeds").glob("*.txt")), Config())
    folder = SHARED / "data" / "allsides-dev" / "articles"
    for name in ("apnews.com", "townhall.com", "cnn.com", "newsmax.com"):
        with gzip.open(folder / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in list(handle)[:2]:
                row = json.loads(line)
                articles.append(Article(id=row["id"], source=row["source"], text=row["text"],
                                        path=f"{name}#{row['id']}", title=row["title"]))
    return articles


def _check_flaws(articles: list[Article]) -> None:
    originals = _scores(articles)
    for flaw, add in FLAWS.items():
        flawed = _scores([_with_text(a, add(a.text)) for a in articles])
        raised = [(a.path, round(before, 2), round(after, 2))
                  for a, before, after in zip(articles, originals, flawed, strict=True)
                  if after > before + TOLERANCE]
        assert not raised, f"{flaw} raised the score of {raised}"


def _check_attribution(articles: list[Article]) -> None:
    changed = [(a, t) for a in articles if (t := strip_attribution(a.text)) != a.text]
    assert changed
    before = _scores([a for a, _ in changed])
    after = _scores([_with_text(a, t) for a, t in changed])
    lowered = sum(1 for b, c in zip(before, after, strict=True) if c < b - TOLERANCE)
    raised = [(a.path, round(b, 2), round(c, 2))
              for (a, _), b, c in zip(changed, before, after, strict=True) if c > b + TOLERANCE]
    assert not raised, f"removing the attributions raised {raised}"
    assert lowered == len(changed), f"only {lowered} of {len(changed)} scores went down"


def test_no_flaw_raises_a_sample_score() -> None:
    _check_flaws(sample_articles())


def test_removing_attributions_lowers_every_sample_score() -> None:
    _check_attribution(sample_articles())


def test_no_flaw_raises_a_real_score() -> None:
    _check_flaws(shared_articles())


NOISE_POINTS = 0.5
"""On real articles, deleting the reporting verbs also moves what does not depend on them (the
small spaCy model tags names differently, word counts and rates shift by a word or two): a
change this small is noise, not a rise."""


def test_removing_attributions_lowers_real_scores_on_average_and_raises_none() -> None:
    # The fitted model gives attribution little weight (the model card's "What moves the score"
    # says how little, with the figure): removing it must not help, and must cost on average.
    articles = [(a, t) for a in shared_articles() if (t := strip_attribution(a.text)) != a.text]
    before = _scores([a for a, _ in articles])
    after = _scores([_with_text(a, t) for a, t in articles])
    changes = [c - b for b, c in zip(before, after, strict=True)]
    raised = [(a.path, round(d, 2)) for (a, _), d in zip(articles, changes, strict=True)
              if d > NOISE_POINTS]
    assert not raised, f"removing the attributions raised {raised}"
    assert sum(changes) / len(changes) < 0


def test_strip_attribution_removes_the_cues() -> None:
    text = "The mayor said the bridge would close, according to the council."
    assert strip_attribution(text) == "The mayor the bridge would close the council."
