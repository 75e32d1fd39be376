"""Text that is not prose is recognised and skipped with a reason, never scored (scoring.quality).

Each kind of junk is built here; real articles with a flaw (a body printed twice, a paragraph
pasted six times, a chatbot leftover, blog furniture) must still be scored, since the features
penalise those flaws. The thresholds were measured on real news: see scoring/quality.py.
"""

from __future__ import annotations

import random
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import pipeline
from scoring.config import Config
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_articles
from scoring.quality import CHECKS, QualityCheck, not_prose_reason, quality_checks
from scoring.types import Skipped

LEXICAL = Config(language_model="blank")
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SEEDS = Path("/work/shared/seeds")
LABELS = {spec.name: spec.label for spec in CHECKS}

ARTICLE = """\
Harbour council approves ferry contract after long debate

The Port Calder harbour council voted 7 to 2 on Tuesday to award a five-year ferry contract to \
Sable Point Marine, ending a search that began last spring, officials said.

Under the deal, the company will run six round trips a day between the town pier and Gullrock \
Island from April, and will replace the two oldest boats by the end of next year. The contract \
is worth about $4.2 million a year, according to the council's finance office.

"Islanders have waited a long time for a service they can rely on," said council chair Ines \
Falk, who backed the deal. Two members voted against it, saying the price was too high and \
that the council should have waited for a second bid.

The harbour master, Tom Reyes, said the new timetable would be published on the council's \
website next week. Fares will stay at their current level until at least January, he said.

Residents can comment on the timetable at a public meeting at the town hall on March 28.
"""
PARAGRAPHS = ARTICLE.split("\n\n")


# --- the kinds of text that are not prose ------------------------------------------------------


def one_word(times: int) -> str:
    return " ".join(["word"] * times)


def random_ids(count: int = 500) -> str:
    rng = random.Random(2)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(f"{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)}"
                    f"{rng.randint(0, 9)}" for _ in range(count))


def keywords(count: int = 300) -> str:
    vocabulary = ("news politics election senate congress vote economy inflation jobs market "
                  "stocks climate weather sports football health vaccine school police crime "
                  "court immigration border tax budget technology media music travel").split()
    rng = random.Random(3)
    return ", ".join(rng.choice(vocabulary) for _ in range(count))


PYTHON = '''\
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class Counter:
    def __init__(self, start=0):
        self.value = start

    def add(self, amount=1):
        self.value += amount
        return self.value


def main(argv):
    rows = load(argv[1])
    total = Counter()
    for row in rows:
        if row.get("score", 0) > 10:
            total.add(row["score"])
        elif row.get("skip"):
            continue
        else:
            total.add()
    print(f"{len(rows)} rows, total {total.value}")
    return 0 if total.value else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
'''

JAVASCRIPT = '''\
import { useState, useEffect } from "react";

export function useFetch(url, options = {}) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let cancelled = false;
    fetch(url, options)
      .then((response) => response.json())
      .then((json) => { if (!cancelled) setData(json); })
      .catch((err) => setError(err));
    return () => { cancelled = true; };
  }, [url]);
  return { data, error };
}

const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
for (let i = 0; i < rows.length; i++) {
  if (rows[i].id === selectedId) { rows[i].active = true; } else { rows[i].active = false; }
}
'''

NAVIGATION = """\
Home | News | Sports | Weather | Contact | About Us | Advertise | Careers
Local News
World
Politics
Business
Technology
Health
Entertainment
Opinion
Obituaries
Classifieds
Subscribe to our newsletter
Sign in to your account
Search
Follow us on Facebook
Follow us on Twitter
Podcasts
Videos
Photo Galleries
Events Calendar
Real Estate
Jobs
Puzzles and Games
Terms of Use | Privacy Policy | Cookie Settings | Accessibility | Site Map
Copyright 2026 Example Media Group. All rights reserved.
"""

HEADLINES = "\n\n".join([
    "Council approves budget after marathon session", "Ferry service to Gullrock returns",
    "Five things to know about the water main break", "Library to open on Sundays in April",
    "Police investigate break-in at the harbour office", "High school team wins regional title",
    "Opinion: why the terminal deal matters for the port", "Storm warning for the coast tonight",
    "New bus routes start on Monday across the east side", "Night market returns to the canal",
    "Mayor names a new head of public works after review", "Fishing fleet faces a quota cut",
    "Hospital opens a second walk-in clinic downtown", "Bridge repairs to close two lanes",
    "Residents split over plans for a marina expansion", "Gulls beat Harbor City in opener",
])


def number_table(rows: int = 80) -> str:
    rng = random.Random(4)
    lines = ["year,region,revenue,cost,margin,units"]
    lines += [f"{2000 + i % 24},{rng.randint(1, 9)},{rng.uniform(1e3, 1e6):.2f},"
              f"{rng.uniform(1e3, 1e6):.2f},{rng.uniform(0, 1):.3f},{rng.randint(10, 99999)}"
              for i in range(rows)]
    return "\n".join(lines) + "\n"


def spaced_figures(rows: int = 60) -> str:
    rng = random.Random(5)
    return "\n".join("  ".join(f"{rng.uniform(0, 1000):.1f}" for _ in range(8))
                     for _ in range(rows))


def symbols(count: int = 300) -> str:
    rng = random.Random(6)
    pool = ["🔥", "💯", "😂", "★★★", "###", "!!!", "→", "✔", "❤️", "👉👉", "$$$", "***", "🎉"]
    return " ".join(rng.choice(pool) for _ in range(count))


NOT_PROSE = [
    # (id, text, a check that must fail and be named in the reason)
    ("one-word-1000", one_word(1_000), "top_2gram_chr_fraction"),
    ("one-word-200000", one_word(200_000), "top_2gram_chr_fraction"),
    ("lorem-ipsum", " ".join(["lorem ipsum dolor sit amet"] * 300), "top_2gram_chr_fraction"),
    ("lorem-ipsum-lines", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 300,
     "word_count"),
    ("one-sentence-repeated", "The mayor said the budget was approved. " * 500, "word_count"),
    ("random-ids", random_ids(), "sentence_end_ratio"),
    ("comma-keywords", keywords(), "stop_word_count"),
    ("python", PYTHON, "code_symbol_to_word_ratio"),
    ("javascript", JAVASCRIPT, "code_symbol_to_word_ratio"),
    ("navigation", NAVIGATION, "short_line_fraction"),
    ("headline-list", HEADLINES, "prose_line_char_fraction"),
    ("csv-figures", number_table(), "alpha_word_fraction"),
    ("figures-in-columns", spaced_figures(), "alpha_word_fraction"),
    ("symbols-and-emoji", symbols(), "alpha_word_fraction"),
    ("run-of-quote-marks", '"' * 30_000, "mean_word_length"),
    ("run-of-emoji", "🔥💯" * 1_000, "alpha_word_fraction"),
]


def failed(text: str) -> set[str]:
    return {check.name for check in quality_checks(text) if not check.passed}


@pytest.mark.parametrize(("text", "check"), [case[1:] for case in NOT_PROSE],
                         ids=[case[0] for case in NOT_PROSE])
def test_text_that_is_not_prose_is_recognised_and_the_reason_names_the_check(
        text: str, check: str) -> None:
    assert check in failed(text)
    reason = not_prose_reason(text)
    assert reason is not None
    assert reason.startswith("not prose: ")
    assert f"{LABELS[check]} " in reason


def test_the_reason_gives_values_and_bounds() -> None:
    assert not_prose_reason(" ".join(["lorem ipsum"] * 100)) == (
        "not prose: sentence ends per word 0.000 < 0.003; stop words 0 < 2; "
        "top 2-gram fraction 1.00 > 0.30; top 3-gram fraction 0.99 > 0.30 (+7 more)")
    assert not_prose_reason(PYTHON) == (
        "not prose: code symbols per word 0.42 > 0.20; short lines 0.84 > 0.80; "
        "sentence ends per word 0.000 < 0.003; stop words 1 < 2")


def test_one_word_repeated_200000_times_benchmark() -> None:
    # a benchmark print, not a timed assertion: the sample is the first 20,000 words
    text = one_word(200_000)
    started = time.perf_counter()
    reason = not_prose_reason(text)
    print(f"\n200,000 words judged in {time.perf_counter() - started:.3f} s: {reason}")
    assert reason is not None


# --- real articles, flaws included, are prose -----------------------------------------------------


FLAWED = [
    ("clean", ARTICLE),
    ("body-printed-twice", ARTICLE + "\n" + ARTICLE),
    ("body-printed-twice-on-one-line", " ".join(ARTICLE.split()) * 2),
    ("body-printed-twice-wrapped-differently",
     ARTICLE + "\n\n" + "\n\n".join(textwrap.fill(p, 60) for p in PARAGRAPHS)),
    ("paragraph-pasted-six-times",
     "\n\n".join([*PARAGRAPHS[:2], *[PARAGRAPHS[2]] * 6, *PARAGRAPHS[3:]])),
    ("chatbot-leftover",
     "As an AI language model, I cannot browse the internet, but here is the article you "
     "asked for.\n\n" + ARTICLE),
    ("blog-furniture", "Header Ads\nBreaking News\n" + ARTICLE + "\nShare this:\nFacebook\n"
     "WhatsApp\nRelated Articles\nPort Calder boil-water advisory: what we know so far\n"
     "Ten best fish and chip shops on the east side\nGulls beat Harbor City in home opener\n"
     "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
     "Powered by Blogger."),
    ("hard-wrapped", "\n\n".join(textwrap.fill(p, 68) for p in PARAGRAPHS)),
    ("one-line", " ".join(ARTICLE.split())),
    ("one-line-cut-off", " ".join(ARTICLE.split())[:700]),
    ("html-entities-left-in", ARTICLE.replace('"', "&#8220;").replace("'", "&#8217;")),
    ("html-tags-left-in", "".join(f"<p class='body'>{p.strip()}</p>" for p in PARAGRAPHS)),
    ("hashtags-and-a-poll", ARTICLE + "\n\nFollow the debate with #PortCalder and #ferry. "
     "The poll had the deal at 52% for, 31% against and 17% undecided (n=1,204; ±2.8)."),
    ("short-brief-55-words",
     "The East Calder boil-water advisory was lifted on Friday after tests showed the water was "
     "safe to drink, the Calder Water Authority said. About 4,000 homes had been under the "
     "advisory since the main burst under Tanner Street last week. Crews will keep flushing "
     "the pipes on the east side over the weekend, officials said."),
]


@pytest.mark.parametrize("text", [case[1] for case in FLAWED], ids=[case[0] for case in FLAWED])
def test_real_articles_with_flaws_are_prose(text: str) -> None:
    assert quality_checks(text), "judged, not waved through as too short"
    assert not_prose_reason(text) is None, failed(text)


def test_a_short_text_is_not_judged() -> None:
    brief = "The council met on Tuesday. The budget passed 7 to 2, officials said."
    assert quality_checks(brief) == ()
    assert not_prose_reason(brief) is None
    assert quality_checks("") == ()
    assert not_prose_reason("   \n ") is None


def test_every_sample_article_is_prose() -> None:
    articles, skipped = collect_inputs([SAMPLE], Config())
    assert len(articles) == 15
    assert skipped == []
    assert {a.path: not_prose_reason(a.text) for a in articles} == {
        a.path: None for a in articles}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not here")
def test_the_seed_articles_are_prose() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("no seed articles")
    assert {s.name: not_prose_reason(s.read_text(encoding="utf-8")) for s in seeds} == {
        s.name: None for s in seeds}


# --- the checks themselves ------------------------------------------------------------------------


def test_every_check_carries_its_value_bounds_and_verdict() -> None:
    checks = quality_checks(ARTICLE)
    assert [c.name for c in checks] == [spec.name for spec in CHECKS]
    for check, spec in zip(checks, CHECKS, strict=True):
        assert isinstance(check, QualityCheck)
        assert check.threshold == (spec.low, spec.high)
        assert check.description == spec.description
        assert check.passed
    by_name = {c.name: c for c in checks}
    assert by_name["stop_word_count"].value > 20
    assert by_name["duplicate_line_chr_fraction"].threshold == (None, None)


def test_repeats_are_collapsed_before_the_ngram_checks_but_still_reported() -> None:
    doubled = {c.name: c.value for c in quality_checks(ARTICLE + "\n" + ARTICLE)}
    single = {c.name: c.value for c in quality_checks(ARTICLE)}
    assert doubled["duplicate_paragraph_chr_fraction"] == pytest.approx(0.5, abs=0.01)
    assert single["duplicate_paragraph_chr_fraction"] == 0.0
    for name in ("word_count", "stop_word_count", "top_2gram_chr_fraction",
                 "duplicate_5gram_chr_fraction"):
        assert doubled[name] == single[name], name


def test_only_the_first_20000_words_are_judged() -> None:
    # prose for 20,000 words, then junk: the sample is enough, and the work stays bounded
    prose = " ".join(ARTICLE.split())
    words_per_copy = len(prose.split())
    varied = " ".join(f"{prose} Update {i}." for i in range(20_000 // words_per_copy + 1))
    assert not_prose_reason(varied + " " + one_word(100_000)) is None
    assert not_prose_reason(one_word(100_000) + " " + varied) is not None


# --- in the pipeline ------------------------------------------------------------------------------


def test_analyze_articles_skips_junk_and_analyses_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real_parse_texts = pipeline.parse_texts

    def watched_parse_texts(items, **kwargs):  # noqa: ANN001, ANN202 - a spy
        items = list(items)
        parsed.extend(text for text, _ in items)
        return real_parse_texts(items, **kwargs)

    monkeypatch.setattr(pipeline, "parse_texts", watched_parse_texts)
    junk = make_article(one_word(1_000))
    junk_without_path = replace(make_article(NAVIGATION, source="Elsewhere"), path="")
    good = make_article(ARTICLE + "\n" + ARTICLE)  # a flaw, not junk
    analyses, skipped = analyze_articles([junk, good, junk_without_path], LEXICAL)
    assert [a.article.id for a in analyses] == [good.id]
    assert [s.path for s in skipped] == [junk.path, junk_without_path.id]
    assert all(isinstance(s, Skipped) and s.reason.startswith("not prose: ") for s in skipped)
    assert skipped[0].reason == not_prose_reason(junk.text)
    assert parsed == [good.text]  # the junk never reached parsing, features or scoring
    assert analyses[0].features["repeated_paragraph_char_share"] > 0.4


# --- properties -----------------------------------------------------------------------------------

WORDS = ["the", "mayor", "said", "word", "of", "and", "to", "council", "budget", "—", "|", "#",
         "...", "“", "”", "42", "3.5%", "a1b2", "{", "};", "\n", "\n\n", "\n- ", ".", ",", "é",
         "🔥", "&#8220;", "\x00", "\t", "lorem", "ipsum"]
wordy = st.lists(st.sampled_from(WORDS), max_size=400).map(" ".join)
repeated = st.builds(lambda unit, times, sep: sep.join([unit] * times),
                     st.text(max_size=60), st.integers(0, 300), st.sampled_from([" ", "\n", ""]))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=3_000), wordy, repeated))
def test_never_raises_gives_none_or_a_reason_and_is_deterministic(text: str) -> None:
    reason = not_prose_reason(text)
    assert reason is None or reason.startswith("not prose: ")
    assert not_prose_reason(text) == reason
    checks = quality_checks(text)
    assert (reason is None) == all(c.passed for c in checks)
    for check in checks:
        low, high = check.threshold
        assert check.passed == ((low is None or check.value >= low)
                                and (high is None or check.value <= high))
        if check.name.endswith(("fraction", "_chr_fraction")):
            assert 0.0 <= check.value <= 1.0, check
