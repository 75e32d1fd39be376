"""Checkable facts of an article, found lexically: numbers with what they count, dates.

``extract_facts(text, spans)`` returns the facts stated inside ``spans`` (the article's body
sentences), each a :class:`~scoring.types.Fact` whose ``text[start:end]`` is the phrase that states
it. Regular expressions and two small lexicons only (no parse), so it costs about a millisecond
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

Numbers are digits ("91", "4,200" -> ``4200``, "1.5"), optionally with a scale ("1.2 million" ->
``1200000``), or number words ("twelve", "twenty-five", "a dozen"). An approximation before a number
is kept as a marker on the value: "more than 90" -> ``>90``, "about 90" -> ``~90``, "nearly 90"
-> ``<90``; an approximate value corroborates the same number but never conflicts.

Never facts: a year alone ("in 2025": a bare number from 1800 to 2100), a time ("10:30",
"9 a.m."), a phone number, "No. 1" or "#1", an ordinal ("3rd"), a number inside a word or code
("COVID-19", "F-16"), a range ("10-12 people": neither end is stated as the count).

Known limits: English only; the counted noun is the first non-modifier word, so an unlisted
adjective becomes the subject ("91 armoured vehicles" -> ``armoured``); "two dozen" reads as
"two" of "dozen"; roles ("Mayor Elise Harcourt") are not extracted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from scoring.lexicons import word_set
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
