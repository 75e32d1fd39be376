from __future__ import annotations

import pytest

from scoring.facts import extract_facts, singular


def facts_of(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, subject, value, evidence text) of every fact of ``text`` as one span."""
    return [(f.kind, f.subject, f.value, text[f.start:f.end])
            for f in extract_facts(text, [(0, len(text))])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ukraine launched 91 long-range drones.", ("count", "drone", "91", "91 long-range drones")),
    ("A total of 91 long range drones were shot down.",
     ("count", "drone", "91", "91 long range drones")),
    ("Russia said 91 drones were destroyed.", ("count", "drone", "91", "91 drones")),
    ("Power was lost in 4,200 homes.", ("count", "home", "4200", "4,200 homes")),
    ("Some 1.2 million people fled.", ("count", "person", "~1200000", "Some 1.2 million people")),
    ("Twelve police officers were hurt.", ("count", "officer", "12", "Twelve police officers")),
    ("It hit twenty-five schools.", ("count", "school", "25", "twenty-five schools")),
    ("They found a dozen bodies.", ("count", "body", "12", "a dozen bodies")),
    ("More than 40 Ukrainian soldiers died.",
     ("count", "soldier", ">40", "More than 40 Ukrainian soldiers")),
    ("Officials counted 91 drone strikes.", ("count", "strike", "91", "91 drone strikes")),
])
def test_count(text: str, expected: tuple[str, str, str, str]) -> None:
    assert facts_of(text) == [expected]


@pytest.mark.parametrize("text", [
    "The war began in 2025.",  # a year alone
    "Call 555-123-4567 for details.",  # a phone number
    "It is one of the largest ports.",
    "He is the No. 1 seed in the draw.",
    "She finished 3rd in the race.",  # an ordinal
    "The meeting starts at 10:30 tomorrow.",  # a time
    "The meeting starts at 9 a.m. sharp.",
    "No one was hurt in the blast.",
    "The three said they would return.",  # a number used as a pronoun
    "Cases of COVID-19 rose, and F-16 jets flew.",  # a number inside a name
    "Between 10-12 people were hurt.",  # a range states no single count
    "They met on Monday.",  # too vague to be a date
    "A 45-year-old man was arrested.",  # an age, not a duration
])
def test_not_a_fact(text: str) -> None:
    assert facts_of(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The city paid $4.5 million for it.", ("money", "money", "4500000 usd", "$4.5 million")),
    ("The fine was 300 euros.", ("money", "money", "300 eur", "300 euros")),
    ("Prices rose 12 percent.", ("percent", "percent", "12", "12 percent")),
    ("Prices rose 12%.", ("percent", "percent", "12", "12%")),
    ("Prices rose about 12 per cent.", ("percent", "percent", "~12", "about 12 per cent")),
    ("It fell 15 km from the capital.", ("distance", "distance", "15 km", "15 km")),
    ("It fell 15 kilometres away.", ("distance", "distance", "15 km", "15 kilometres")),
    ("It fell 3 miles away.", ("distance", "distance", "3 mi", "3 miles")),
    ("They agreed a 48-hour ceasefire.", ("duration", "duration", "48 h", "48-hour")),
    ("Talks lasted two weeks.", ("duration", "duration", "2 wk", "two weeks")),
])
def test_measures(text: str, expected: tuple[str, str, str, str]) -> None:
    assert facts_of(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("The attack came between December 28-29 at night.",
     ("date", "date", "--12-28/--12-29", "December 28-29")),
    ("The attack came on December 28–29.", ("date", "date", "--12-28/--12-29", "December 28–29")),
    ("The vote is on March 4.", ("date", "date", "--03-04", "March 4")),
    ("The vote is on March 4, 2026.", ("date", "date", "--03-04", "March 4, 2026")),
    ("The vote is on 4 March 2026.", ("date", "date", "--03-04", "4 March 2026")),
    ("The vote is on 2026-03-04.", ("date", "date", "--03-04", "2026-03-04")),
    ("It opened Sept. 3 downtown.", ("date", "date", "--09-03", "Sept. 3")),
])
def test_date(text: str, expected: tuple[str, str, str, str]) -> None:
    assert facts_of(text) == [expected]


def test_a_month_and_year_is_no_date() -> None:
    assert facts_of("It opened in December 2025.") == []


def test_only_facts_inside_spans_with_offsets_into_text() -> None:
    text = "Title with 5 drones\n\nBody: 91 drones flew. Footer: 7 drones."
    start = text.index("Body")
    end = text.index("Footer")
    facts = extract_facts(text, [(start, end)])
    assert [text[f.start:f.end] for f in facts] == ["91 drones"]


def test_empty_and_out_of_range_spans() -> None:
    assert extract_facts("", []) == ()
    assert extract_facts("", [(0, 10)]) == ()
    assert extract_facts("12 drones", [(5, 2)]) == ()


def test_same_input_same_output_in_text_order() -> None:
    text = "On March 4, 12 people died and 3 homes burned, 5 percent of the town."
    first = extract_facts(text, [(0, len(text))])
    assert first == extract_facts(text, [(0, len(text))])
    assert [f.start for f in first] == sorted(f.start for f in first)


@pytest.mark.parametrize(("plural", "expected"), [
    ("drones", "drone"), ("cities", "city"), ("churches", "church"), ("people", "person"),
    ("class", "class"), ("census", "census"), ("news", "news"),
])
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Mayor Elise Harcourt said no.", ("elise harcourt", "mayor", "Mayor Elise Harcourt")),
    ("Russian Foreign Minister Sergei Lavrov spoke.",
     ("sergei lavrov", "foreign minister", "Foreign Minister Sergei Lavrov")),
    ("Foreign Minister Sergei Lavrov spoke.",
     ("sergei lavrov", "foreign minister", "Foreign Minister Sergei Lavrov")),
    ("It hit President Vladimir Putin's residence.",
     ("vladimir putin", "president", "President Vladimir Putin")),
    ("Commissioner Priya Raman agreed.",
     ("priya raman", "commissioner", "Commissioner Priya Raman")),
    ("Fire chief Dana Ortiz said so.", ("dana ortiz", "fire chief", "Fire chief Dana Ortiz")),
    ("Secretary of State Antony Blinken spoke.",
     ("antony blinken", "secretary of state", "Secretary of State Antony Blinken")),
    ("President George W. Bush spoke.",
     ("george w. bush", "president", "President George W. Bush")),
    ("Her spokeswoman Alma Reyes said so.",
     ("alma reyes", "spokesperson", "spokeswoman Alma Reyes")),
    ("Former President Donald Trump spoke.",
     ("donald trump", "former president", "Former President Donald Trump")),
    ("Elise Harcourt, the mayor of Port Calder, said no.",
     ("elise harcourt", "mayor", "Elise Harcourt, the mayor")),
    ("Sergei Lavrov, Russia's foreign minister, said it.",
     ("sergei lavrov", "foreign minister", "Sergei Lavrov, Russia's foreign minister")),
    ("Colm Brennan, Sable Point's chief executive, said it.",
     ("colm brennan", "chief executive", "Colm Brennan, Sable Point's chief executive")),
    ("The Russian Foreign Minister, Sergei Lavrov, said it.",
     ("sergei lavrov", "foreign minister", "Foreign Minister, Sergei Lavrov")),
    ("The mayor of Port Calder, Elise Harcourt, said no.",
     ("elise harcourt", "mayor", "mayor of Port Calder, Elise Harcourt")),
])
def test_role(text: str, expected: tuple[str, str, str]) -> None:
    assert facts_of(text) == [("role", *expected)]


@pytest.mark.parametrize("text", [
    "The mayor said the plan was final.",  # no name
    "Shops close on President's Day.",
    "The Minister of Finance resigned.",  # a title, no person
    "The Director General will decide.",
    "Mayor's office staff said so.",  # a title at the start, then no name
    "Dr. Helen Marsh said so.",  # an honorific is not a role
    "Mayor Harcourt said so.",  # a surname alone is too weak to compare across outlets
    "The Prime Minister's Office said so.",
    "Elise Harcourt, the mayor's aide, said so.",
    "Elise Harcourt, Colm Brennan and the mayor met.",  # a list, not an appositive
    "The mayor, Elise Harcourt said.",  # the name is not closed by a comma
])
def test_not_a_role(text: str) -> None:
    assert facts_of(text) == []
