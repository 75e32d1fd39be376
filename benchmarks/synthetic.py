"""Synthetic news corpora of any size, with known planted copies, for scale benchmarks.

Words come from a Zipf-distributed vocabulary (a few very common words, a long tail of rare ones,
as in real text), so word n-grams repeat across articles about as much as they do in news. Each
sentence is framed like a news sentence: some credit a named or an anonymous source, some hedge,
some state a figure. A share of the articles copies a passage of three or more consecutive
sentences from an earlier article of another source, exactly, lightly edited (one word changed per
sentence) or as part of an otherwise new article; every plant is recorded.

With ``story_rate`` above 0, that share of the articles also reports a story that two to six
articles of other sources, published within days, report too: a few of their sentences use the
story's own words and place name, and one states the story's figure ("4,200 households"), now
and then a different one (a conflict to find). Stories are recorded too.

    from benchmarks.synthetic import generate
    corpus = generate(10_000, seed=1)   # corpus.articles, corpus.plants
    corpus = generate(10_000, seed=1, story_rate=0.3)   # and corpus.stories
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from scoring.types import Article, ArticleAnalysis, LabelledSentence

VOCABULARY = 20_000
SOURCES = 40
SENTENCES = (12, 30)
"""Sentences per article: uniform in this range."""
WORDS = (9, 28)
"""Words per sentence: uniform in this range."""
COPY_RATE = 0.05
"""Share of articles that copy a passage from another source."""
COPY_SENTENCES = (3, 8)
SIGN_OFF = "Follow {source} for more local news, weather and sport every day of the week."
"""Each source ends every article with its own sign-off: boilerplate, which must not count."""
STORY_ARTICLES = (2, 6)
"""Articles per story: uniform in this range."""
STORY_DAYS = 3
"""A story's articles are published at most this many days after its first."""
STORY_SENTENCES = (3, 6)
"""Sentences of an article about its story: uniform in this range."""
OTHER_FIGURE_RATE = 0.2
"""Share of a story's articles that give another figure than the story's."""
_STORY_NOUNS = ("households", "homes", "passengers", "workers", "firefighters", "drones",
                "vessels", "flights")

_FIRST = ("Ana", "Tomas", "Priya", "Jonah", "Mei", "Omar", "Lena", "Kofi", "Sara", "Diego")
_LAST = ("Ruiz", "Okafor", "Lindqvist", "Haddad", "Novak", "Tanaka", "Moreau", "Brandt")
_ORGS = ("the ministry", "the port authority", "the city council", "the union", "the regulator")
_FRAMES = (
    "{body}, {person} said.",
    "{body}, according to {org}.",
    "Officials said {body}.",
    "{body}, people familiar with the matter said.",
    "{body} could rise, analysts suggested.",
    "{body}.",
    "{body}.",
    "{body}.",
    "{body} by {number} percent.",
    "It is clearly {body}.",
)


@dataclass
class Plant:
    """Sentences ``copy_sentences`` of article ``copy`` were taken from ``origin_sentences`` of
    article ``origin`` (indexes into each article's sentence list)."""

    copy: int
    origin: int
    copy_sentences: range
    origin_sentences: range
    kind: str
    """``exact``, ``edited`` (one word changed per sentence) or ``partial`` (a passage set in
    new text)."""


@dataclass
class Corpus:
    articles: list[dict[str, str]] = field(default_factory=list)
    sentences: list[list[str]] = field(default_factory=list)
    plants: list[Plant] = field(default_factory=list)
    stories: list[list[int]] = field(default_factory=list)
    """The articles of each story, in order."""


@dataclass
class _Story:
    first: int
    size: int
    words: list[str]
    place: str
    figure: str
    articles: list[int] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


class _Words:
    def __init__(self, rng: random.Random) -> None:
        letters = "abcdefghijklmnopqrstuvwxyz"
        seen: set[str] = set()
        words: list[str] = []
        while len(words) < VOCABULARY:
            word = "".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cumulative = list(accumulate(1.0 / rank for rank in range(1, VOCABULARY + 1)))
        self.rng = rng

    def sample(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _sentence(words: _Words, rng: random.Random) -> str:
    body = " ".join(words.sample(rng.randint(*WORDS)))
    frame = rng.choice(_FRAMES)
    text = frame.format(body=body, person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        org=rng.choice(_ORGS), number=rng.randint(2, 90))
    return text[0].upper() + text[1:]


def _edit(sentence: str, words: _Words, rng: random.Random) -> str:
    tokens = sentence.split(" ")
    position = rng.randrange(1, len(tokens) - 1)
    tokens[position] = words.sample(1)[0]
    return " ".join(tokens)


def _new_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def _new_story(index: int, rng: random.Random) -> _Story:
    """A story of its own words (not in the vocabulary: only its articles use them)."""
    place = f"{_new_word(rng, 6).title()} {rng.choice(('Bay', 'Harbour', 'Point', 'Ridge'))}"
    figure = f"{rng.randint(12, 9_000):,} {rng.choice(_STORY_NOUNS)}"
    return _Story(index, rng.randint(*STORY_ARTICLES), [_new_word(rng, 10) for _ in range(30)],
                  place, figure)


def _story_sentences(story: _Story, words: _Words, rng: random.Random) -> list[str]:
    found = []
    for number in range(rng.randint(*STORY_SENTENCES)):
        body = " ".join(rng.sample(story.words, rng.randint(6, 10)) + words.sample(3))
        if number == 0:
            figure = story.figure
            if rng.random() < OTHER_FIGURE_RATE:
                figure = f"{rng.randint(12, 9_000):,} {story.figure.split(' ')[1]}"
            found.append(f"{figure} {body} in {story.place}, {rng.choice(_FIRST)} "
                         f"{rng.choice(_LAST)} said.")
        else:
            frame = rng.choice(_FRAMES[:6])
            found.append(frame.format(body=f"{story.place} {body}", org=rng.choice(_ORGS),
                                      person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"))
    return found


def _story_of(index: int, source: str, open_stories: list[_Story], window: int,
              rng: random.Random) -> _Story:
    """A story this article reports: an open one no article of its source reports yet, or a
    new one."""
    open_stories[:] = [s for s in open_stories
                       if index - s.first <= window and len(s.articles) < s.size]
    joinable = [s for s in open_stories if source not in s.sources]
    if joinable and rng.random() < 0.7:
        return rng.choice(joinable)
    story = _new_story(index, rng)
    open_stories.append(story)
    return story


def generate(count: int, *, seed: int = 1, copy_rate: float = COPY_RATE,
             story_rate: float = 0.0) -> Corpus:
    """``count`` articles from ``SOURCES`` sources over a year, with planted copies (and
    stories, with ``story_rate`` above 0)."""
    rng = random.Random(seed)
    words = _Words(rng)
    corpus = Corpus()
    start = date(2026, 1, 1)
    open_stories: list[_Story] = []
    stories: list[_Story] = []
    window = STORY_DAYS * count // 365
    for index in range(count):
        source = f"outlet-{index % SOURCES:02d}"
        published = start + timedelta(days=index * 365 // max(count, 1))
        sentences = [_sentence(words, rng) for _ in range(rng.randint(*SENTENCES))]
        if story_rate and rng.random() < story_rate:
            story = _story_of(index, source, open_stories, window, rng)
            if story.first == index:
                stories.append(story)
            story.articles.append(index)
            story.sources.add(source)
            told = _story_sentences(story, words, rng)
            at = rng.randrange(len(sentences) - len(told) + 1)
            sentences[at : at + len(told)] = told
        if index > SOURCES and rng.random() < copy_rate:
            origin = rng.randrange(index)
            while corpus.articles[origin]["source"] == source:
                origin = rng.randrange(index)
            theirs = corpus.sentences[origin][:-1]  # not the origin's sign-off
            length = min(rng.randint(*COPY_SENTENCES), len(theirs))
            first = rng.randrange(len(theirs) - length + 1)
            kind = rng.choice(("exact", "edited", "partial"))
            passage = theirs[first : first + length]
            if kind == "edited":
                passage = [_edit(s, words, rng) for s in passage]
            at = rng.randrange(len(sentences) + 1) if kind == "partial" else 0
            if kind != "partial":
                sentences = sentences[: max(0, len(sentences) - length)]
            sentences[at:at] = passage
            corpus.plants.append(Plant(index, origin, range(at, at + length),
                                       range(first, first + length), kind))
        sentences.append(SIGN_OFF.format(source=source))
        corpus.sentences.append(sentences)
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        corpus.articles.append({
            "source": source,
            "title": f"Report {index}: " + " ".join(words.sample(5)),
            "published": published.isoformat(),
            "url": f"https://{source}.example/news/{index}",
            "text": "\n\n".join(paragraphs),
        })
    corpus.stories = [story.articles for story in stories]
    return corpus


def write_jsonl(corpus: Corpus, folder: Path, per_file: int = 1_000) -> list[Path]:
    """The articles as JSON Lines files of ``per_file`` articles each (one input format)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, first in enumerate(range(0, len(corpus.articles), per_file)):
        path = folder / f"articles-{number:04d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for article in corpus.articles[first : first + per_file]:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def analysis_of(index: int, article: dict[str, str], sentences: list[str]) -> ArticleAnalysis:
    """Article ``index`` as an analysis whose sentences are the generated ones (what the parser
    would find), with no features: what :func:`scoring.corpus.fingerprint` needs."""
    text = article["text"]
    labelled, position = [], 0
    for sentence in sentences:
        start = text.index(sentence, position)
        position = start + len(sentence)
        labelled.append(LabelledSentence(start, position, "unattributed"))
    return ArticleAnalysis(Article(str(index), article["source"], text, title=article["title"],
                                   url=article["url"], published=article["published"]),
                           {}, (), tuple(labelled), ())
