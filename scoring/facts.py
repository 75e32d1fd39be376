"""Checkable facts of an article, found lexically: numbers with what they count, dates.

``extract_facts(text, spans)`` returns the facts stated inside ``spans`` (the article's body
sentences), each a :class:`~scoring.types.Fact` whose ``text[start:end]`` is the phrase that states
it. Regular expressions and a few small lexicons only (no parse), so it costs about a millisecond
per article and works the same in the spaCy-less (``blank``) mode.

Kinds, and what is normalised:

- ``count``: a number and the noun it counts. "91 long-range drones" -> subject ``drone``, value
  ``91``. The noun is the first word after the number that is not a modifier (a hyphenated word, a
  word of ``lexicons/fact_modifiers.txt``, a capitalised adjective before a lower-case noun), so
  "91 drones" and "91 long range drones" state the same count; a noun followed by a plural noun is a
  compound whose head is the second ("91 drone strikes" -> ``strike``). The subject is singular
  (a few suffix rules and irregular plurals: "people" -> ``person``). A number followed by a word
  of ``lexicons/fact_stopwords.txt`` ("one of the", "91 were shot down", "3 times") counts nothing.
- ``money``: subject ``money``, value the amount and currency: "$4.5 million" -> ``4500000 usd``.
- ``percent``: subject ``percent``, value the number: "12 percent", "12%", "12 per cent" -> ``12``.
- ``distance``: subject ``distance``, value number and unit as stated: "15 kilometres" -> ``15 km``,
  "3 miles" -> ``3 mi`` (units are not converted: conversions are rounded in news, so "3 miles"
  and "4.8 km" can neither agree nor conflict).
- ``duration``: subject ``duration``, value number and unit: "48 hours" -> ``48 h``, "two weeks" ->
  ``2 wk``. "45 years old" is an age, not a duration, and is skipped.
- ``date``: a calendar day. Subject ``date`` and value the ISO 8601 day without its year
  (``--12-28``), a range as an interval (``--12-28/--12-29``). What a date dates (the attack, the
  statement) is beyond a lexical reader, so dates are compared as sets: another source naming the
  same day corroborates it; a different day is most often a different event, so dates never
  conflict (see :mod:`scoring.stories`). The year is dropped because articles of one story are days
  apart, and "December 28" must match "December 28, 2025". "on Monday" is too vague to be a fact.

- ``role``: what a named person is. Subject the person's name, lower-cased ("sergei lavrov"), value
  the role title as listed in ``lexicons/role_titles.txt`` (longest listed title wins; a variant
  is read as its canonical title: "spokeswoman" -> ``spokesperson``, "CEO" -> ``chief
  executive``). Kept in the value: the title and a qualifier right before it ("former", "deputy",
  "acting", "interim", "assistant": "former president" is not "president"). Dropped: nationality
  and organisation modifiers ("Russian", "Russia's", "Sable Point's") and an "of" phrase ("of
  Port Calder"). Forms, with the evidence phrase ``text[start:end]``:
  "Mayor Elise Harcourt" / "fire chief Dana Ortiz" (title before the name: title and name);
  "Elise Harcourt, the mayor of Port Calder," and "Colm Brennan, Sable Point's chief executive,"
  (appositive after the name: name to title, "of Port Calder" left out); "the Russian foreign
  minister, Sergei Lavrov," (appositive before the name, which must follow "the" and be closed by
  a comma: title to name). A person is 2-4 capitalised words (an initial may stand inside:
  "George W. Bush"); a surname alone ("President Putin") is too weak to compare across outlets
  and is skipped. Honorifics ("Dr.", "Mr.") are not roles. A title with no name after it ("the
  mayor said", "Minister of Finance", "Director General", "Mayor's office", "President's Day")
  states nothing.

Numbers are digits ("91", "4,200" -> ``4200``, "1.5"), optionally with a scale ("1.2 million" ->
``1200000``), or number words ("twelve", "twenty-five", "a dozen"). An approximation before a number
is kept as a marker on the value: "more than 90" -> ``>90``, "about 90" -> ``~90``, "nearly 90"
-> ``<90``; an approximate value corroborates the same number but never conflicts.

Never facts: a year alone ("in 2025": a bare number from 1800 to 2100), a time ("10:30",
"9 a.m."), a phone number, "No. 1" or "#1", an ordinal ("3rd"), a number inside a word or code
("COVID-19", "F-16"), a range ("10-12 people": neither end is stated as the count).

Known limits: English only; the counted noun is the first non-modifier word, so an unlisted
adjective becomes the subject ("91 armoured vehicles" -> ``armoured``); "two dozen" reads as
"two" of "dozen"; a role needs a listed title, so "Minister of Finance Ana Ruiz" (title, "of"
phrase, then name) and names with lower-case particles ("Ursula von der Leyen") are missed, and a
capitalised word before a name with an appositive title is read as part of the name
("Yesterday Elise Harcourt, the mayor,").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from scoring.lexicons import load_lexicon, word_set
from scoring.types import Fact, FactKind

_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS, start=1)}
_NUMBER_WORDS.update({word: value for value, word in enumerate(_TENS, start=2)})
_NUMBER_WORDS.update({word: 10 * value for word, value in _NUMBER_WORDS.items() if word in _TENS})
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDS = (rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)}"
          r"|a dozen)")
_NUMBER_TAIL = (
    r"(?P<scale>\s+(?:hundred|thousand|million|billion|trillion)\b|(?<=\d)(?:k|m|bn)\b)?"
    r"(?![\w:%]|-(?!(?:hour|day|week|month|year|minute|km|mile)s?\b)|[.,]\d|/\d)"
)
# two patterns, not one: an alternation of number words tried at every character is slow, so
# number words are found by a set look-up of the words and matched only where one starts
_DIGIT_QUANTITY = re.compile(
    r"(?=[\d$€£]|US\$)(?:(?P<currency>US\$|\$|€|£)?"
    rf"(?<![\w.,:/#°-])(?<!No\. )(?P<number>{_DIGITS}){_NUMBER_TAIL}"
    # "12%": the look-ahead above refuses a number glued to the next character, except here
    r"|(?<![\w.,:/#°-])(?P<pnumber>\d+(?:\.\d+)?)(?=%))",
    re.IGNORECASE,
)
_WORD_QUANTITY = re.compile(rf"(?P<currency>)(?<![\w-])(?P<number>\b{_WORDS}\b){_NUMBER_TAIL}",
                            re.IGNORECASE)
_LETTERS = re.compile(r"[A-Za-z]+")
_APPROXIMATE = re.compile(
    r"\b(?P<marker>more than|over|at least|upwards of|about|around|approximately|roughly|some|"
    r"an estimated|estimated|nearly|almost|up to|fewer than|less than|under)\s+$",
    re.IGNORECASE,
)
_MARKERS = {"more than": ">", "over": ">", "at least": ">", "upwards of": ">", "nearly": "<",
            "almost": "<", "up to": "<", "fewer than": "<", "less than": "<", "under": "<"}

_CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}
_CURRENCY_WORDS = re.compile(
    r"\s*(?P<unit>dollars?|euros?|pounds?|usd|eur|gbp)\b", re.IGNORECASE)
_CURRENCY_NAMES = {"dollar": "usd", "euro": "eur", "pound": "gbp"}
_PERCENT = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_DISTANCE = re.compile(
    r"[\s-]*(?P<unit>km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot|ft)\b", re.IGNORECASE)
_DISTANCE_UNITS = {"k": "km", "mi": "mi", "me": "m", "fe": "ft", "fo": "ft", "ft": "ft"}
_DURATION = re.compile(
    r"[\s-]*(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b(?P<age>[\s-]+old\b)?",
    re.IGNORECASE)
_DURATION_UNITS = {"second": "s", "minute": "min", "hour": "h", "day": "d", "week": "wk",
                   "month": "mo", "year": "yr"}
_NEXT_WORD = re.compile(r"[ \t]+(?P<word>[A-Za-z]+(?:['’][a-z]+)?(?:-[A-Za-z]+)*)")

_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()
_MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): number for name, number in _MONTHS.copy().items()})
_MONTHS["sept"] = 9
_MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–—]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>1[89]\d\d|20\d\d)\b)?"
_DATES = (
    re.compile(rf"(?=[A-Z])\b{_MONTH}\s+{_DAY}(?!\s*[\d:])\b{_YEAR}"),
    re.compile(rf"(?=\d)\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"),
    re.compile(r"(?=\d)\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
)
_NOT_QUANTITIES = re.compile(
    r"(?=[\d+(])(?:\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?"  # a time
    r"|\b\d{1,2}\s*[ap]\.?m\b\.?"  # "9 a.m."
    r"|\+?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b)",  # a phone number
    re.IGNORECASE,
)
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "police": "police", "staff": "staff", "feet": "foot", "teeth": "tooth",
              "mice": "mouse", "geese": "goose", "news": "news", "series": "series",
              "species": "species"}
_NOT_BEFORE_ONE = frozenset("no any the this that which every each only another".split())


@cache
def _modifiers() -> frozenset[str]:
    return word_set("fact_modifiers")


@cache
def _stopwords() -> frozenset[str]:
    return word_set("fact_stopwords")


def extract_facts(text: str, spans: Sequence[tuple[int, int]]) -> tuple[Fact, ...]:
    """The facts stated inside ``spans`` of ``text``, in text order (see the module docstring).

    Offsets are into ``text``; a fact never crosses the end of its span. Empty text or no spans
    give ``()``.
    """
    found: set[Fact] = set()
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            found.update(_sentence_facts(text[start:end], start))
    return tuple(sorted(found, key=lambda f: (f.start, f.end, f.kind, f.subject, f.value)))


def _sentence_facts(sentence: str, offset: int) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATES:
        for match in pattern.finditer(sentence):
            if _overlaps(taken, match.start(), match.end()):
                continue
            value = _date_value(match)
            taken.append((match.start(), match.end()))
            if value:
                facts.append(Fact("date", "date", value, offset + match.start(),
                                  offset + match.end()))
    taken.extend(m.span() for m in _NOT_QUANTITIES.finditer(sentence))
    for match in _quantities(sentence):
        if _overlaps(taken, match.start(), match.end()):
            continue
        fact = _quantity_fact(sentence, match)
        if fact is not None:
            kind, subject, value, start, end = fact
            facts.append(Fact(kind, subject, value, offset + start, offset + end))
    for subject, value, start, end in _role_facts(sentence):
        facts.append(Fact("role", subject, value, offset + start, offset + end))
    return facts


def _quantities(sentence: str) -> list[re.Match[str]]:
    """Numbers in digits and in words, in text order."""
    found = list(_DIGIT_QUANTITY.finditer(sentence))
    for word in _LETTERS.finditer(sentence):
        lower = word.group().lower()
        if lower in _NUMBER_WORDS or lower in _TENS:
            start = word.start()
        elif lower == "dozen" and sentence[max(0, word.start() - 2) : word.start()] in ("a ", "A "):
            start = word.start() - 2
        else:
            continue
        if (match := _WORD_QUANTITY.match(sentence, start)) is not None:
            found.append(match)
    return sorted(found, key=lambda m: m.start())


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def _date_value(match: re.Match[str]) -> str:
    """``--MM-DD`` or ``--MM-DD/--MM-DD``; empty when the day cannot be in the month."""
    month_text = match.group("month").rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    days = [int(match.group("day"))]
    if match.groupdict().get("day2"):
        days.append(int(match.group("day2")))
    if not 1 <= month <= 12 or not all(1 <= day <= 31 for day in days):
        return ""
    return "/".join(f"--{month:02d}-{day:02d}" for day in days)


def _quantity_fact(sentence: str, match: re.Match[str]
                   ) -> tuple[FactKind, str, str, int, int] | None:
    """What the number of ``match`` states, if anything: kind, subject, value, start, end."""
    number_text = match.group("number") or match.groupdict().get("pnumber")
    currency = match.group("currency")
    scale = (match.group("scale") or "").strip().lower()
    number = _parse_number(number_text, scale)
    start, end = match.start(), match.end()
    before = _APPROXIMATE.search(sentence, max(0, start - 20), start)
    marker = ""
    if before is not None:
        marker = _MARKERS.get(before.group("marker").lower(), "~")
        start = before.start()
    if currency or (unit := _CURRENCY_WORDS.match(sentence, end)):
        if currency:
            name = _CURRENCY_SYMBOLS[currency.lower()]
        else:
            name = _CURRENCY_NAMES.get(unit.group("unit").lower().rstrip("s"),
                                       unit.group("unit").lower())
            end = unit.end()
        return "money", "money", f"{marker}{number} {name}", start, end
    if scale in ("k", "m", "bn"):
        return None  # "200m" is metres or millions: too ambiguous without a currency
    if (percent := _PERCENT.match(sentence, end)) is not None:
        return "percent", "percent", f"{marker}{number}", start, percent.end()
    if (distance := _DISTANCE.match(sentence, end)) is not None:
        raw = distance.group("unit").lower()
        unit = _DISTANCE_UNITS[raw[:1] if raw[0] == "k" else raw[:2]]
        return "distance", "distance", f"{marker}{number} {unit}", start, distance.end()
    if (duration := _DURATION.match(sentence, end)) is not None:
        if duration.group("age"):
            return None
        unit = _DURATION_UNITS[duration.group("unit").lower().rstrip("s")]
        return "duration", "duration", f"{marker}{number} {unit}", start, duration.end()
    if _is_year(number_text, scale) or _is_pronoun_one(sentence, match):
        return None
    noun = _counted_noun(sentence, end)
    if noun is None:
        return None
    subject, noun_end = noun
    return "count", subject, f"{marker}{number}", start, noun_end


def _parse_number(number_text: str, scale: str) -> str:
    """The number as a plain decimal string: "4,200" -> "4200", "1.2 million" -> "1200000"."""
    word = number_text.lower()
    if word == "a dozen":
        value: float = 12
    elif word in _NUMBER_WORDS:
        value = _NUMBER_WORDS[word]
    elif "-" in word:
        tens, units = word.split("-", 1)
        value = _NUMBER_WORDS[tens] + _NUMBER_WORDS[units]
    else:
        value = float(number_text.replace(",", ""))
    value *= _SCALES.get(scale, 1)
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _is_year(number_text: str, scale: str) -> bool:
    return (not scale and len(number_text) == 4 and number_text.isdigit()
            and 1800 <= int(number_text) <= 2100)


def _is_pronoun_one(sentence: str, match: re.Match[str]) -> bool:
    """"one" as a pronoun or determiner ("no one", "the one", "this one"), not a number."""
    if match.group("number").lower() != "one":
        return False
    previous = sentence[max(0, match.start() - 8) : match.start()].split()
    return bool(previous) and previous[-1].lower() in _NOT_BEFORE_ONE


def _is_modifier(word: str) -> bool:
    """Hyphenated words, listed modifiers, participles and adverbs: "long-range", "new",
    "injured", "remaining", "recently"."""
    lower = word.lower()
    return ("-" in word or lower in _modifiers()
            or (len(lower) >= 5 and lower.endswith(("ed", "ing", "ly"))))


def _counted_noun(sentence: str, position: int) -> tuple[str, int] | None:
    """The singular noun a number at ``position`` counts, and where it ends; modifiers skipped."""
    words = []
    for _ in range(5):  # the number's next few words are enough to pass its modifiers
        match = _NEXT_WORD.match(sentence, position)
        if match is None:
            break
        words.append(match)
        position = match.end()
    for index, match in enumerate(words):
        word = match.group("word")
        lower = word.lower()
        following = words[index + 1].group("word") if index + 1 < len(words) else ""
        if _is_modifier(word):
            continue
        if word[0].isupper() and following[:1].islower() and following.lower() not in _stopwords():
            continue  # "91 Ukrainian drones": a capitalised adjective before the noun
        if lower in _stopwords() or len(lower) < 3 or not lower.isalpha():
            return None
        if (not lower.endswith("s") and following.endswith("s") and following.isalpha()
                and following.islower() and following not in _stopwords()
                and not _is_modifier(following)):
            return singular(following), words[index + 1].end()  # "91 drone strikes"
        return singular(lower), match.end()
    return None


def singular(word: str) -> str:
    """A plural English noun made singular by suffix rules ("drones" -> "drone", "cities" ->
    "city", "people" -> "person"); other words unchanged. Lower-cased."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# --- roles ---------------------------------------------------------------------------------------

# an initial is tried first, or "George W. Bush" would end at "W"
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][a-z]*(?:['’-]?[A-Z][a-z]+)*\b)"
# two or more capitalised words in a row: a person's name, with or without a capitalised title
_CAPITALISED_RUN = re.compile(rf"(?=[A-Z])(?<![\w'’.-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+")
_WORD_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|\S")
_ROLE_QUALIFIERS = frozenset({"former", "deputy", "acting", "interim", "assistant"})
_NOT_NAME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
    + [month.lower() for month in _MONTH_NAMES])
_APPOSITIVE_START = re.compile(r",[ \t]+(?:(?:the|a|an)[ \t]+)?")
_TITLE_END = re.compile(r"(?=[,.;:)]|$|[ \t]+(?:of|for|at|in|who|and|since|said|says|told)\b)")
_OF_PLACE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}")
_MAX_TITLE_WORDS = 4
_MAX_WORDS_BEFORE = 6


@cache
def _role_titles() -> dict[str, str]:
    """Every title of ``lexicons/role_titles.txt``, lower-case, mapped to its canonical title."""
    titles = {}
    for entry in load_lexicon("role_titles"):
        variant, _, canonical = entry.lower().partition(" = ")
        titles[variant.strip()] = (canonical or variant).strip()
    return titles


@cache
def _title_last_words() -> frozenset[str]:
    """The last word of every title: a title can only end on one of these."""
    return frozenset(title.split()[-1] for title in _role_titles())


@cache
def _organisation_words() -> frozenset[str]:
    return word_set("organization_nouns")


@cache
def _function_words() -> frozenset[str]:
    return word_set("story_stopwords")


@cache
def _not_last_name_words() -> frozenset[str]:
    return _NOT_NAME_WORDS | _function_words()


def _role_facts(sentence: str) -> list[tuple[str, str, int, int]]:
    """(subject, value, start, end) of every role stated in ``sentence`` (see the module)."""
    found = []
    for run in _CAPITALISED_RUN.finditer(sentence):
        words = [(m.group(), m.start() + run.start()) for m in re.finditer(r"\S+", run.group())]
        tail = sentence[max(0, run.start() - 30):run.start()].split()
        last_words = _title_last_words()
        # most runs have no title in reach: look further back only when one may end here
        maybe_title = ((tail and tail[-1].lower() in last_words)
                       or any(word.lower() in last_words for word, _ in words[:-2]))
        before = _words_before(sentence, run.start()) if maybe_title else []
        combined = before + words
        title = _title_in(combined, len(before)) if maybe_title else None
        name_from = title[1] if title else len(before)
        name = _person_name(combined[name_from:])
        if name is None:
            continue
        subject, name_start, name_end = name
        if title is not None:
            start, end, value = title
            found.append((subject, value, combined[start][1], name_end))
        elif (ahead := _title_ahead(sentence, name_end)) is not None:
            found.append((subject, ahead[0], name_start, ahead[1]))
        elif (behind := _title_behind(sentence, name_start, name_end)) is not None:
            found.append((subject, behind[0], behind[1], name_end))
    return found


def _words_before(sentence: str, position: int) -> list[tuple[str, int]]:
    """Up to six words just before ``position``, with their offsets, stopping at punctuation."""
    window_start = max(0, position - 80)
    tokens = list(_WORD_TOKEN.finditer(sentence, window_start, position))
    words: list[tuple[str, int]] = []
    for token in reversed(tokens[1:] if window_start else tokens):  # the first may be cut
        if not token.group()[0].isalpha() or len(words) == _MAX_WORDS_BEFORE:
            break
        words.append((token.group(), token.start()))
    return words[::-1]


def _title_in(words: list[tuple[str, int]], first_name_word: int
              ) -> tuple[int, int, str] | None:
    """The title ending last before at least two name words: (first word, end word, value).

    ``first_name_word`` is where the capitalised run starts: the title ends there or inside it.
    """
    for end in range(len(words) - 2, first_name_word - 1, -1):
        if (found := _title_ending_at(words, end)) is not None:
            return found[0], end, found[1]
    return None


def _title_ending_at(words: list[tuple[str, int]], end: int) -> tuple[int, str] | None:
    """The longest title whose last word is ``words[end - 1]``: its first word and its value,
    a qualifier just before it included ("former president")."""
    titles = _role_titles()
    for start in range(max(0, end - _MAX_TITLE_WORDS), end):
        phrase = " ".join(word for word, _ in words[start:end]).lower()
        if phrase in titles:
            if start and (qualifier := words[start - 1][0].lower()) in _ROLE_QUALIFIERS:
                return start - 1, f"{qualifier} {titles[phrase]}"
            return start, titles[phrase]
    return None


def _person_name(words: list[tuple[str, int]]) -> tuple[str, int, int] | None:
    """A person's normalised name, start and end, from capitalised words; ``None`` unless 2-4."""
    while words and (words[0][0].lower() in _function_words() or words[0][0].endswith(".")):
        words = words[1:]  # "The", "But" starting a sentence; an initial cannot start a name
    while words and words[-1][0].lower() in _not_last_name_words():
        words = words[:-1]  # "Elise Harcourt Monday"
    if not 2 <= len(words) <= 4 or words[-1][0].endswith("."):
        return None
    lowered = [word.lower() for word, _ in words]
    if (any(" ".join(lowered[:length]) in _role_titles() for length in range(1, len(lowered) + 1))
            or any(word in _organisation_words() for word in lowered)):
        return None  # "Director General", "Prime Minister", "Biden Administration"
    return " ".join(lowered), words[0][1], words[-1][1] + len(words[-1][0])


def _title_ahead(sentence: str, position: int) -> tuple[str, int] | None:
    """An appositive title after a name: ", the mayor of Port Calder," or ", Russia's foreign
    minister,"; its value and where its phrase ends (before "of Port Calder")."""
    comma = _APPOSITIVE_START.match(sentence, position)
    if comma is None:
        return None
    tokens = list(_WORD_TOKEN.finditer(sentence, comma.end(), min(len(sentence),
                                                                   comma.end() + 80)))
    titles = _role_titles()
    for index, token in enumerate(tokens[:5]):
        word = token.group()
        for length in range(_MAX_TITLE_WORDS, 0, -1):
            group = tokens[index:index + length]
            phrase = " ".join(t.group() for t in group).lower()
            if len(group) == length and phrase in titles and _TITLE_END.match(sentence,
                                                                              group[-1].end()):
                qualifier = index and tokens[index - 1].group().lower() in _ROLE_QUALIFIERS
                value = titles[phrase]
                if qualifier:
                    value = f"{tokens[index - 1].group().lower()} {value}"
                return value, group[-1].end()
        # what may come before the title: "Russian", "Sable Point's", "former"
        if not (word[0].isupper() or word.lower() in _ROLE_QUALIFIERS):
            return None
    return None


def _title_behind(sentence: str, start: int, end: int) -> tuple[str, int] | None:
    """A title before the name and a comma, the name closed by a comma: "the Russian foreign
    minister, Sergei Lavrov," or "the mayor of Port Calder, Elise Harcourt,"."""
    if not sentence.startswith(",", end) or sentence[max(0, start - 2):start] != ", ":
        return None
    head = start - 2
    if (place := re.search(rf"{_OF_PLACE.pattern}$", sentence[max(0, head - 60):head])
            ) is not None:
        head = max(0, head - 60) + place.start()
    words = _words_before(sentence, head)
    found = _title_ending_at(words, len(words))
    if found is None:
        return None
    first, value = found
    before = first - 1
    while before >= 0 and words[before][0].lower() != "the" and words[before][0][0].isupper():
        before -= 1  # "the Russian foreign minister": modifiers between "the" and the title
    if before < 0 or words[before][0].lower() != "the":
        return None  # "the mayor, Elise Harcourt,": without "the", a list of names and titles
    return value, words[first][1]
