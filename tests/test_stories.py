from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from scoring.config import Config
from scoring.facts import extract_facts
from scoring.stories import StoryPrint, check_facts, cluster_stories, story_terms

FIRE = ("A fire destroyed a warehouse on the Millbrook waterfront on Tuesday night. Fire chief "
        "Dana Ortiz said 40 firefighters fought the blaze for six hours. Nobody was injured, but "
        "4,200 households lost power. The warehouse stored paper and cleaning chemicals, Ortiz "
        "said. Investigators have not determined the cause of the fire.")
FIRE_RETOLD = ("Fire crews battled a blaze at a Millbrook waterfront warehouse overnight, fire "
               "chief Dana Ortiz said. Some 40 long-serving firefighters were at the scene, and "
               "{households} households lost power. The warehouse held paper and chemicals. The "
               "cause of the fire is under investigation.")
SCHOOL = ("The Millbrook school board voted to extend the school year by two weeks. Board chair "
          "Priya Nand said the vote passed after a long debate. Parents had asked for more "
          "teaching time after test scores fell. The change takes effect in September.")
SEEDS = Path("/work/shared/seeds")
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def body_spans(text: str) -> list[tuple[int, int]]:
    """Sentences approximated by splitting on sentence-final punctuation."""
    return [m.span() for m in re.finditer(r"[^.!?\n]+[.!?]*", text) if m.group().strip()]


def story_print(index: int, source: str, text: str, published: str = "2025-03-04") -> StoryPrint:
    return StoryPrint(str(index), source, published, story_terms(text),
                      extract_facts(text, body_spans(text)))


def prints_of(*articles: tuple[str, str, str]) -> list[StoryPrint]:
    return [story_print(i, source, text, published)
            for i, (source, text, published) in enumerate(articles)]


def test_story_terms_are_sorted_distinct_uint32_and_stable() -> None:
    terms = story_terms(FIRE, title="Warehouse fire")
    assert terms.dtype == np.uint32
    assert np.all(np.diff(terms.astype(np.int64)) > 0)
    assert np.array_equal(terms, story_terms(FIRE, title="Warehouse fire"))
    assert len(story_terms("")) == 0
    assert len(story_terms("the and of a to")) == 0  # stopwords and short words only


def test_same_story_joins_and_other_story_in_same_town_does_not() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                       ("Valley Times", FIRE_RETOLD.format(households="4,200"), "2025-03-05"),
                       ("Harbor Ledger", SCHOOL, "2025-03-04"))
    stories = cluster_stories(prints, Config())
    assert stories.tolist() == [0, 0, 1]


def test_dates_too_far_apart_are_not_one_story() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                       ("Valley Times", FIRE_RETOLD.format(households="4,200"), "2025-04-04"))
    assert cluster_stories(prints, Config()).tolist() == [0, 1]
    unknown = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                        ("Valley Times", FIRE_RETOLD.format(households="4,200"), ""))
    assert cluster_stories(unknown, Config()).tolist() == [0, 0]


def test_cluster_ids_are_deterministic_and_every_article_gets_one() -> None:
    texts = [FIRE, SCHOOL, FIRE_RETOLD.format(households="4,200"), SCHOOL + " Extra words here.",
             "", "Completely unrelated: a recipe for lemon cake with sugar and flour."]
    prints = prints_of(*((f"site {i % 3}", text, "2025-03-04") for i, text in enumerate(texts)))
    first = cluster_stories(prints, Config())
    assert first.dtype == np.int64 and len(first) == len(prints)
    assert np.array_equal(first, cluster_stories(prints, Config()))
    # numbered by first appearance: 0 first, each new story the next number
    seen: list[int] = []
    for story in first.tolist():
        if story not in seen:
            assert story == len(seen)
            seen.append(story)
    assert cluster_stories([], Config()).tolist() == []


def statuses(check: tuple) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {f"{c.fact.kind}:{c.fact.subject}:{c.fact.value}": (c.status, c.others) for c in check}


def test_facts_corroborated_alone_and_in_conflict() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                       ("Valley Times", FIRE_RETOLD.format(households="4,200"), "2025-03-04"),
                       ("Coast Radio", FIRE_RETOLD.format(households="4,500"), "2025-03-04"))
    stories = cluster_stories(prints, Config())
    assert stories.tolist() == [0, 0, 0]
    checks = check_facts(prints, stories, {})
    ledger = statuses(checks[0])
    assert ledger["count:household:4200"] == ("corroborated",
                                              ("Valley Times: 4200", "Coast Radio: 4500"))
    assert ledger["count:firefighter:40"][0] == "corroborated"  # "some 40 long-serving" agrees
    assert ledger["duration:duration:6 h"] == ("alone", ())
    coast = statuses(checks[2])
    assert coast["count:household:4500"] == ("conflict",
                                             ("Harbor Ledger: 4200", "Valley Times: 4200"))
    # the evidence of a fact is its phrase in the text
    fact = checks[2][[c.fact.subject for c in checks[2]].index("household")].fact
    assert FIRE_RETOLD.format(households="4,500")[fact.start:fact.end] == "4,500 households"


def test_same_source_and_other_stories_do_not_corroborate() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                       ("Harbor Ledger", FIRE_RETOLD.format(households="4,200"), "2025-03-04"),
                       ("Valley Times", SCHOOL, "2025-03-04"))
    stories = cluster_stories(prints, Config())
    checks = check_facts(prints, stories, {})
    assert {c.status for check in checks for c in check} == {"alone"}


def test_an_ambiguous_subject_is_no_conflict() -> None:
    one = "At the Millbrook plant 12 people were hurt in the explosion and blast on Friday."
    two = ("At the Millbrook plant 14 people were hurt in the explosion and blast on Friday; "
           "3 people died.")
    prints = prints_of(("Harbor Ledger", one, "2025-03-04"), ("Valley Times", two, "2025-03-04"))
    stories = cluster_stories(prints, Config())
    assert stories.tolist() == [0, 0]
    checks = check_facts(prints, stories, {})
    assert [c.status for c in checks[0]] == ["alone"]  # "people" counts two things in the other


def test_copied_text_is_not_independent() -> None:
    copy = FIRE.replace("Nobody", "Luckily nobody")
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"), ("Copy Site", copy, "2025-03-05"))
    stories = cluster_stories(prints, Config())
    assert stories.tolist() == [0, 0]
    assert statuses(check_facts(prints, stories, {})[1])["count:household:4200"][0] == (
        "corroborated")
    whole = {(0, 1): [(0, len(FIRE))], (1, 0): [(0, len(copy))]}
    assert {c.status for c in check_facts(prints, stories, whole)[1]} == {"alone"}
    # one direction is enough: the copy's spans shared with the origin
    one_way = {(1, 0): [(0, len(copy))]}
    assert {c.status for c in check_facts(prints, stories, one_way)[0]} == {"alone"}


def test_no_facts_and_singletons() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"))
    checks = check_facts(prints, cluster_stories(prints, Config()), {})
    assert {c.status for c in checks[0]} == {"alone"}
    assert check_facts([], np.zeros(0, dtype=np.int64), {}) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not on this machine")
def test_seed_articles_are_one_story_and_corroborate_the_drone_count() -> None:
    """The five seeds, among the project's sample articles (other stories) as a run."""
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    paths += sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".md", ".txt"))
    prints = []
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        # one site per file (the first line is not always the site's name): the file is the source
        prints.append(StoryPrint(str(index), path.stem, "", story_terms(text),
                                 extract_facts(text, body_spans(text))))
    stories = cluster_stories(prints, Config()).tolist()
    assert len(set(stories[:5])) == 1
    assert stories[0] not in stories[5:]
    for checks in check_facts(prints, np.array(stories), {})[:5]:
        drones = [c for c in checks if c.fact.kind == "count" and c.fact.subject == "drone"
                  and c.fact.value == "91"]
        assert drones and all(c.status == "corroborated" for c in drones)
    lavrov = [[c for c in checks if c.fact.kind == "role" and c.fact.subject == "sergei lavrov"]
              for checks in check_facts(prints, np.array(stories), {})[:5]]
    named = [roles for roles in lavrov if roles]
    assert len(named) >= 3
    for roles in named:
        assert {c.fact.value for c in roles} == {"foreign minister"}
        assert all(c.status == "corroborated" for c in roles)


def test_same_person_and_role_corroborate_and_other_roles_never_conflict() -> None:
    one = ("Foreign Minister Sergei Lavrov said 91 drones hit the Novgorod region residence. "
           "Mayor Elise Harcourt of Novgorod called for calm.")
    two = ("Sergei Lavrov, Russia's foreign minister, said 91 drones hit the Novgorod region "
           "residence. Deputy Mayor Elise Harcourt called for calm.")
    prints = prints_of(("Harbor Ledger", one, "2025-03-04"), ("Valley Times", two, "2025-03-04"))
    stories = cluster_stories(prints, Config())
    assert stories.tolist() == [0, 0]
    checks = check_facts(prints, stories, {})
    ledger = statuses(checks[0])
    assert ledger["role:sergei lavrov:foreign minister"] == (
        "corroborated", ("Valley Times: foreign minister",))
    assert ledger["role:elise harcourt:mayor"] == ("alone", ())  # "deputy mayor" is no conflict
    assert statuses(checks[1])["role:elise harcourt:deputy mayor"] == ("alone", ())


def test_a_second_hand_article_corroborates_nothing_but_can_conflict() -> None:
    prints = prints_of(("Harbor Ledger", FIRE, "2025-03-04"),
                       ("Valley Times", FIRE_RETOLD.format(households="4,200"), "2025-03-04"),
                       ("Coast Radio", FIRE_RETOLD.format(households="4,500"), "2025-03-04"))
    stories = cluster_stories(prints, Config())
    # Valley Times says it was based on other media: its 4,200 agrees with the Ledger's in vain
    checks = check_facts(prints, stories, {}, second_hand=frozenset({1}))
    assert statuses(checks[1])["count:household:4200"][0] == "conflict"
    assert statuses(checks[0])["count:household:4200"][0] == "conflict"
    assert statuses(checks[2])["count:household:4500"][0] == "conflict"
