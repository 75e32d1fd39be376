"""Parse an article once: title, paragraphs and sentences with character offsets, leftovers marked.

Paragraphs are split at blank lines, and at single line breaks that end a sentence or a short line
(so one-paragraph-per-line text works, while hard-wrapped text stays whole). Template furniture
("Powered by Blogger.", "Leave a Reply", "Related Articles" and the teasers after it) is recognised
with the patterns in ``lexicons/template_lines.txt``, kept out of the scored body and reported as
evidence. Sentences come from spaCy, never across a paragraph boundary.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import spacy
from spacy.attrs import DEP, IDS, IDX, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore, get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from scoring.config import Config
from scoring.lexicons import load_lexicon, load_patterns
from scoring.types import Evidence, ParsedText, Sentence, Span

if TYPE_CHECKING:
    from scoring.cache import AnalysisCache

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…]$")
_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true
_HEADING_MAX_WORDS = 25
_WRAP_MAX_CHARS = 100
_TEMPLATE_FEATURE = "template_leftover_count"
_SUFFIX_WINDOW = 16  # longer than any suffix rule with its look-behind; see _harden_tokenizer

PARSE_VERSION = "1"
"""Bump this whenever the spaCy ``Doc`` a text gets changes (paragraph splitting, preset sentence
starts, tokenizer rules): parses stored in :mod:`scoring.cache` under another version are not
read again."""


def get_nlp(model: str, *, max_word_chars: int = Config.max_word_chars) -> Language:
    """Load a spaCy pipeline once per process. ``"blank"`` gives tokens and sentences only.

    A run of more than ``max_word_chars`` non-space characters is one token (see
    :func:`_harden_tokenizer`).
    """
    return _load_nlp(model, max_word_chars)  # one cache key, however the caller spells it


@cache
def _load_nlp(model: str, max_word_chars: int) -> Language:
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(model)
        except OSError as error:
            raise ValueError(
                f"spaCy model {model!r} is not installed; install the pinned dependencies "
                "(make run) or set language_model = \"blank\""
            ) from error
    _harden_tokenizer(nlp.tokenizer, max_word_chars)
    _annotate_words_with_arrays(nlp)
    return nlp


def _harden_tokenizer(tokenizer: Tokenizer, max_word_chars: int) -> None:
    """Keep spaCy's tokenizer fast on junk: a line of quote marks once took hours.

    The tokenizer peels punctuation off a word one piece at a time, copying the rest and searching
    all of it for a suffix each time, so a word of punctuation took time in the square of its
    length. Now a word longer than ``max_word_chars`` is one token (prose has no such words: it is
    junk, base64 or a giant URL), and the suffix search looks at a word's last
    ``_SUFFIX_WINDOW`` characters only: the tokenizer uses just the length of the suffix found,
    and every suffix rule is shorter than that, so ordinary words get the same tokens.
    """
    too_long = re.compile(rf"\S{{{max_word_chars + 1},}}").fullmatch
    own_match = tokenizer.token_match
    if own_match is None:
        tokenizer.token_match = too_long
    else:
        tokenizer.token_match = lambda word: too_long(word) or own_match(word)
    suffix_search = tokenizer.suffix_search
    if suffix_search is not None:
        tokenizer.suffix_search = lambda word: suffix_search(word[-_SUFFIX_WINDOW:])


_WORD_PIPES = ("attribute_ruler", "lemmatizer")
_WORD_COMPONENT = "reliability_word_annotations"
_STRING_INPUTS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP"})
_FLAG_INPUTS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT"})
_RULE_OUTPUTS = frozenset({POS, MORPH, LEMMA, TAG, DEP})


def _annotate_words_with_arrays(nlp: Language) -> None:
    """Put one component in place of the pipeline's attribute ruler and lemmatizer that gives
    every token the same part of speech, morphology and lemma, about twenty times faster.

    The attribute ruler runs a Matcher with every one of its patterns (about 180, most of them
    "this tag means this part of speech") over every token, and the lemmatizer looks up each
    token in Python: together a tenth of the parse. Here each pattern is a test on whole-Doc
    arrays (``Doc.to_array``), applied in the ruler's order (a later pattern wins), and a lemma
    is computed once per distinct (word, part of speech, morphology), the only things the rule
    and lookup lemmatizers read. A pipeline whose patterns use anything else (operators,
    extensions, other attributes) or whose lemmatizer is of another kind keeps its own
    components.
    """
    names = nlp.pipe_names
    if not all(name in names for name in _WORD_PIPES) \
            or names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return
    if _compile_ruler(nlp.get_pipe("attribute_ruler")) is None \
            or not _is_pure_lemmatizer(nlp.get_pipe("lemmatizer")):
        return
    if not Language.has_factory(_WORD_COMPONENT):
        Language.factory(_WORD_COMPONENT, func=_make_word_annotations)
    nlp.add_pipe(_WORD_COMPONENT, before="attribute_ruler")
    for name in _WORD_PIPES:
        nlp.remove_pipe(name)


def _make_word_annotations(nlp: Language, name: str) -> _WordAnnotations:
    """The spaCy factory of the component (it is added while the two it replaces are there)."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = _compile_ruler(nlp.get_pipe("attribute_ruler"))
    assert rules is not None, "checked by _annotate_words_with_arrays"
    _index_as_sets(lemmatizer)
    return _WordAnnotations(rules, lemmatizer.lemmatize, overwrite=lemmatizer.overwrite)


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer only asks its index of known words ``form in index`` and whether it
    has one; the index holds lists (57,000 nouns), searched one entry at a time. The same words
    as sets give the same answers at once."""
    if "lemma_index" in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table("lemma_index")
        for key, words in list(table.items()):
            table[key] = frozenset(words)


def _is_pure_lemmatizer(lemmatizer: object) -> bool:
    """Whether the lemma a lemmatizer gives a token depends only on its text, part of speech
    and morphology: spaCy's own rule and lookup modes, with the base or English base-form
    test."""
    kind = type(lemmatizer)
    return isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode in ("rule", "lookup") \
        and kind.rule_lemmatize is Lemmatizer.rule_lemmatize \
        and kind.lookup_lemmatize is Lemmatizer.lookup_lemmatize \
        and kind.is_base_form in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)


@dataclass(frozen=True)
class _Test:
    """One condition of a token pattern: ``attr`` equals, is in, is not in or matches."""

    attr: int
    op: str
    value: object


@dataclass(frozen=True)
class _Rule:
    """One attribute-ruler rule: token patterns (alternatives), the matched token to change
    (``index``, negative from the end) and the ``(attribute, value)`` pairs it sets."""

    patterns: tuple[tuple[tuple[_Test, ...], ...], ...]
    index: int
    values: tuple[tuple[int, int], ...]


def _compile_ruler(ruler: object) -> tuple[_Rule, ...] | None:
    """The ruler's rules in its order, or None if one uses what :class:`_WordAnnotations`
    does not do."""
    if not isinstance(ruler, AttributeRuler):
        return None
    rules = []
    for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        _, patterns = ruler.matcher.get(str(number))
        compiled = tuple(_compile_pattern(pattern) for pattern in patterns)
        if not compiled or any(p is None or not -len(p) <= index < len(p) for p in compiled) \
                or not set(attrs) <= _RULE_OUTPUTS:
            return None
        rules.append(_Rule(compiled, index, tuple((int(a), int(v)) for a, v in attrs.items())))
    return tuple(rules)


def _compile_pattern(pattern: list[dict]) -> tuple[tuple[_Test, ...], ...] | None:
    tokens = []
    for spec in pattern:
        tests = []
        for key, value in spec.items():
            name = "ORTH" if key.upper() == "TEXT" else key.upper()
            test = _compile_test(name, value)
            if test is None:
                return None
            tests.extend(test)
        tokens.append(tuple(tests))
    return tuple(tokens) or None


def _compile_test(name: str, value: object) -> list[_Test] | None:
    """As spaCy's Matcher reads a token spec's ``name: value`` (see ``_get_attr_values`` and
    its predicates): strings compare by hash, flags as 0 or 1."""
    if name in _FLAG_INPUTS and isinstance(value, bool):
        return [_Test(IDS[name], "==", int(value))]
    if name not in _STRING_INPUTS:
        return None
    if isinstance(value, str):
        return [_Test(IDS[name], "==", get_string_id(value))]
    if not isinstance(value, dict):
        return None
    tests = []
    for op, operand in value.items():
        if op in ("IN", "NOT_IN") and isinstance(operand, list | tuple) \
                and all(isinstance(v, str) for v in operand):
            tests.append(_Test(IDS[name], op, frozenset(get_string_id(v) for v in operand)))
        elif op == "REGEX" and isinstance(operand, str):
            tests.append(_Test(IDS[name], op, re.compile(operand)))
        else:
            return None
    return tests


def _may_hold(test: _Test, present: set[int]) -> bool:
    """False when no token of the Doc can pass ``test``: its value, or every value it lists, is
    absent (``present``: the values of the test's attribute in the Doc)."""
    if test.op == "==":
        return test.value in present
    if test.op == "IN":
        return not present.isdisjoint(test.value)
    return True


@dataclass(frozen=True)
class _Table:
    """A run of consecutive rules that each test one token for ``attr == value`` alone, applied
    at once: per attribute set, its value for each tested value (the run's last rule wins)."""

    attr: int
    sets: dict[int, dict[int, int]]


def _is_simple(rule: _Rule) -> bool:
    return len(rule.patterns) == 1 and len(rule.patterns[0]) == 1 \
        and len(rule.patterns[0][0]) == 1 and rule.patterns[0][0][0].op == "=="


def _steps(rules: tuple[_Rule, ...]) -> list[_Rule | _Table]:
    steps: list[_Rule | _Table] = []
    for rule in rules:
        if not _is_simple(rule):
            steps.append(rule)
            continue
        test = rule.patterns[0][0][0]
        if not steps or not isinstance(steps[-1], _Table) or steps[-1].attr != test.attr:
            steps.append(_Table(test.attr, {}))
        for attr, value in rule.values:
            steps[-1].sets.setdefault(attr, {})[test.value] = value
    return steps


class _WordAnnotations:
    """The component :func:`_annotate_words_with_arrays` puts in the pipeline."""

    def __init__(self, rules: tuple[_Rule, ...], lemmatize: Callable[[Token], list[str]], *,
                 overwrite: bool) -> None:
        self._steps = _steps(rules)
        self._inputs = sorted({test.attr for rule in rules for pattern in rule.patterns
                               for tests in pattern for test in tests})
        self._outputs = sorted({attr for rule in rules for attr, _ in rule.values}
                               | {POS, MORPH, LEMMA})
        self._lemmatize = lemmatize
        self._overwrite = overwrite
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._searched: dict[tuple[re.Pattern[str], int], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # every pattern is tested on the Doc as it came in (the Matcher finds every match
        # before the ruler sets anything); rules apply in order, so a later one wins
        inputs = dict(zip(self._inputs, doc.to_array(self._inputs).T, strict=True))
        distinct = {attr: np.unique(values, return_inverse=True)
                    for attr, values in inputs.items()}
        present = {attr: set(values.tolist()) for attr, (values, _) in distinct.items()}
        outputs = doc.to_array(self._outputs)
        column = {attr: i for i, attr in enumerate(self._outputs)}
        held: dict[_Test, np.ndarray] = {}
        for step in self._steps:
            if isinstance(step, _Table):
                values, where = distinct[step.attr]
                for attr, by_value in step.sets.items():
                    found = [by_value.get(value) for value in values.tolist()]
                    if all(value is None for value in found):
                        continue
                    listed = np.array([value is not None for value in found])[where]
                    new = np.array([value or 0 for value in found], dtype=np.uint64)[where]
                    outputs[:, column[attr]] = np.where(listed, new, outputs[:, column[attr]])
                continue
            for pattern in step.patterns:
                starts = len(doc) - len(pattern) + 1
                if starts <= 0 or any(not _may_hold(test, present[test.attr])
                                      for tests in pattern for test in tests):
                    continue
                hit = np.ones(starts, dtype=bool)
                for offset, tests in enumerate(pattern):
                    for test in tests:
                        if test not in held:
                            held[test] = self._holds(test, inputs[test.attr], doc.vocab.strings)
                        hit &= held[test][offset : offset + starts]
                at = np.flatnonzero(hit) + (step.index if step.index >= 0
                                            else len(pattern) + step.index)
                for attr, value in step.values:
                    outputs[at, column[attr]] = value
        doc.from_array(self._outputs, outputs)
        self._set_lemmas(doc, outputs[:, column[LEMMA]], outputs[:, column[POS]],
                         outputs[:, column[MORPH]])
        return doc

    def _holds(self, test: _Test, values: np.ndarray, strings: StringStore) -> np.ndarray:
        if test.op == "==":
            return values == test.value
        if test.op in ("IN", "NOT_IN"):
            found = np.isin(values, np.fromiter(test.value, dtype=np.uint64))
            return found if test.op == "IN" else ~found
        distinct, where = np.unique(values, return_inverse=True)
        searched = self._searched
        hits = []
        for value in distinct.tolist():
            key = (test.value, value)
            if key not in searched:
                searched[key] = bool(test.value.search(strings[value]))
            hits.append(searched[key])
        return np.array(hits, dtype=bool)[where.reshape(-1)]

    def _set_lemmas(self, doc: Doc, lemmas: np.ndarray, pos: np.ndarray,
                    morph: np.ndarray) -> None:
        """The lemmatizer's lemma for every token without one (every token if it overwrites),
        computed once per (word, part of speech, morphology)."""
        todo = range(len(doc)) if self._overwrite else np.flatnonzero(lemmas == 0).tolist()
        if not todo:
            return
        orth = doc.to_array(ORTH).tolist()
        pos_values, morph_values = pos.tolist(), morph.tolist()
        known, strings = self._lemmas, doc.vocab.strings
        for i in todo:
            key = (orth[i], pos_values[i], morph_values[i])
            lemma = known.get(key)
            if lemma is None:
                lemma = known[key] = strings.add(self._lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))


@cache
def _template_rules() -> tuple[tuple[re.Pattern[str], bool], ...]:
    rules = []
    for entry in load_lexicon("template_lines"):
        tail = entry.startswith("tail ")
        pattern = entry[5:] if tail else entry
        rules.append((re.compile(pattern, re.IGNORECASE), tail))
    return tuple(rules)


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraph spans (whitespace trimmed) in order; see the module docstring for the rules."""
    spans: list[Span] = []
    block_start = 0
    for gap in [*_BLANK_LINES.finditer(text), None]:
        block_end = gap.start() if gap else len(text)
        spans.extend(_split_block(text, block_start, block_end))
        if gap:
            block_start = gap.end()
    return tuple(spans)


def _split_block(text: str, start: int, end: int) -> list[Span]:
    lines: list[Span] = []
    position = start
    for line in text[start:end].split("\n"):
        lines.append(Span(position, position + len(line)))
        position += len(line) + 1
    if _is_hard_wrapped([line.end - line.start for line in lines]):
        candidates = [Span(start, end)]
    else:
        candidates = lines
    return [trimmed for span in candidates if (trimmed := _trim(text, span)) is not None]


def _is_hard_wrapped(lengths: list[int]) -> bool:
    """Lines of a block wrapped at a fixed width (all but the last nearly as long as the longest)
    belong to one paragraph; otherwise each line of a block is its own paragraph."""
    if len(lengths) < 3 or max(lengths) > _WRAP_MAX_CHARS:
        return False
    longest = max(lengths)
    body = lengths[:-1]
    return sum(length >= 0.75 * longest for length in body) >= 0.8 * len(body)


def _trim(text: str, span: Span) -> Span | None:
    chunk = text[span.start : span.end]
    stripped = chunk.strip()
    if not stripped:
        return None
    start = span.start + (len(chunk) - len(chunk.lstrip()))
    return Span(start, start + len(stripped))


def is_heading(paragraph: str) -> bool:
    """A short line that does not end like a sentence: a headline, section title or label."""
    words = paragraph.split()
    return len(words) <= _HEADING_MAX_WORDS and not _FINAL_PUNCT.search(paragraph)


def stable_hash(value: str) -> int:
    """A 64-bit hash of ``value`` that is the same in every process and run (blake2b), unlike
    Python's ``hash()``: what fingerprints and story terms are made of."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def normalise(value: str) -> str:
    """Lower case, punctuation and runs of spaces folded to one space: for comparing text."""
    return re.sub(r"\W+", " ", value).strip().lower()


def parse_text(text: str, *, title: str = "", config: Config | None = None) -> ParsedText:
    """Parse ``text`` into paragraphs and sentences with offsets; never raises on content.

    ``title`` (from metadata) identifies the paragraph that repeats it; without one, a first
    paragraph that looks like a headline is the title.
    """
    return next(parse_texts([(text, title)], config=config))


def parse_texts(items: Iterable[tuple[str, str]], *, config: Config | None = None,
                batch_size: int = 32, cache: AnalysisCache | None = None
                ) -> Iterator[ParsedText]:
    """Parse many ``(text, title)`` pairs, streaming them through spaCy in batches (much faster
    than one at a time); results come in input order.

    With a ``cache``, a text parsed before (same text, title and parse version) is read back
    instead of parsed, and every new parse is stored.
    """
    config = config or Config()
    nlp = get_nlp(config.language_model, max_word_chars=config.max_word_chars)
    prepared = (_prepare(text, title, config, nlp) for text, title in items)
    if cache is not None:
        yield from _parse_cached(prepared, nlp, config, cache, batch_size)
        return
    first, second = itertools.tee(prepared)
    docs = nlp.pipe((layout.doc for layout in first), batch_size=batch_size)
    for layout, doc in zip(second, docs, strict=True):
        yield _assemble(layout, doc, config)


_DOC_EXCLUDE = ("tensor", "user_data")
"""What a stored parse leaves out: the model's token vectors (most of a Doc's size, and used by
no feature) and user data."""


def _parse_cached(prepared: Iterable[_Layout], nlp: Language, config: Config,
                  cache: AnalysisCache, batch_size: int) -> Iterator[ParsedText]:
    from scoring.cache import parse_version, text_key

    version = parse_version(config)
    chunk_size = batch_size * 8  # what one look-up and one write to the cache cover
    iterator = iter(prepared)
    while chunk := list(itertools.islice(iterator, chunk_size)):
        keys = [text_key(layout.analysed, layout.title_text, version) for layout in chunk]
        stored = cache.get_parses(keys)
        missing = [i for i, key in enumerate(keys) if key not in stored]
        docs: dict[int, Doc] = dict(zip(missing, nlp.pipe((chunk[i].doc for i in missing),
                                                          batch_size=batch_size), strict=True))
        cache.put_parses({keys[i]: doc.to_bytes(exclude=_DOC_EXCLUDE)
                          for i, doc in docs.items()})
        for i, layout in enumerate(chunk):
            doc = docs[i] if i in docs else Doc(nlp.vocab).from_bytes(stored[keys[i]])
            yield _assemble(layout, doc, config)


@dataclass(frozen=True)
class _Layout:
    text: str
    analysed: str
    paragraphs: tuple[Span, ...]
    kinds: list[str]
    leftovers: list[Evidence]
    title: Span | None
    doc: Doc
    title_text: str = ""


def _prepare(text: str, title: str, config: Config, nlp: Language) -> _Layout:
    analysed = text[: config.max_chars]
    paragraphs = split_paragraphs(analysed)
    kinds, leftovers = _classify_paragraphs(analysed, paragraphs)
    title_span = _find_title(analysed, paragraphs, kinds, title)
    doc = nlp.make_doc(analysed)
    _preset_sentence_starts(doc, {p.start for p in paragraphs}, config.max_sentence_tokens)
    return _Layout(text, analysed, paragraphs, kinds, leftovers, title_span, doc, title)


def _preset_sentence_starts(doc: Doc, paragraph_starts: set[int], max_tokens: int) -> None:
    """Mark sentence starts before parsing: at every paragraph start (sentences never cross a
    paragraph boundary), and after ``max_tokens`` tokens without sentence-ending punctuation
    (unpunctuated text would otherwise be one huge sentence, and per-sentence work such as
    finding a token's sentence grows with its length).

    Read and set through the array API: spaCy's ``Token.is_sent_start`` setter scans the whole
    Doc, and a ``Token`` made for each token costs more than the rest of this.
    """
    starts = doc.to_array([SENT_START])
    strings = doc.vocab.strings
    words = doc.to_array(ORTH).tolist()
    ends = {word: _SENTENCE_END.search(strings[word]) is not None for word in set(words)}
    since_end = 0
    for i, (offset, word) in enumerate(zip(doc.to_array(IDX).tolist(), words, strict=True)):
        if offset in paragraph_starts or since_end >= max_tokens:
            starts[i] = 1
            since_end = 0
        since_end = 0 if ends[word] else since_end + 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))


def _assemble(layout: _Layout, doc: Doc, config: Config) -> ParsedText:
    analysed, paragraphs, kinds = layout.analysed, layout.paragraphs, layout.kinds
    para_starts = [p.start for p in paragraphs]
    # Headings and furniture are one unit each; only body paragraphs are split into sentences.
    sentences: list[Sentence] = [
        Sentence(span.start, span.end, index, kinds[index])
        for index, span in enumerate(paragraphs)
        if kinds[index] != "body"
    ]
    n_body = 0
    for sent in doc.sents:
        span = _trim(analysed, Span(sent.start_char, sent.end_char))
        if span is None or not _ALNUM.search(analysed, span.start, span.end):
            continue
        index = bisect.bisect_right(para_starts, span.start) - 1
        if index < 0 or span.end > paragraphs[index].end or kinds[index] != "body":
            continue
        n_body += 1
        if n_body <= config.max_sentences:
            # a disclaimer, chatbot reply or image prompt is evidence for the disclaimers
            # family, never the outlet's prose: it must neither add length nor dilute rates
            kind = "boilerplate" if _is_machine_text(analysed[span.start : span.end]) else "body"
            sentences.append(Sentence(span.start, span.end, index, kind))
    sentences.sort(key=lambda sentence: sentence.start)
    return ParsedText(
        text=layout.text,
        title=layout.title,
        paragraphs=paragraphs,
        sentences=tuple(sentences),
        leftovers=tuple(layout.leftovers),
        doc=doc,
        headline=" ".join((layout.title_text or (analysed[layout.title.start:layout.title.end]
                                                 if layout.title else "")).split()),
    )


def _classify_paragraphs(text: str,
                         paragraphs: tuple[Span, ...]) -> tuple[list[str], list[Evidence]]:
    kinds: list[str] = []
    leftovers: list[Evidence] = []
    tail_marker = ""
    seen_body = False
    for span in paragraphs:
        content = text[span.start : span.end]
        if tail_marker:
            kinds.append("boilerplate")
            leftovers.append(Evidence(_TEMPLATE_FEATURE, span.start, span.end, "template_tail",
                                      f"follows the template section {tail_marker!r}"))
            continue
        rule = _match_template(content)
        if rule is not None or not any(ch.isalpha() for ch in content):
            kinds.append("boilerplate")
            note = "blog/CMS furniture" if rule is not None else "a line without words"
            leftovers.append(Evidence(_TEMPLATE_FEATURE, span.start, span.end,
                                      "template_leftover", note))
            if rule is not None and rule[1] and seen_body:
                tail_marker = content
            continue
        if is_heading(content):
            kinds.append("heading")
        else:
            kinds.append("body")
            seen_body = True
    return kinds, leftovers


_MACHINE_LEXICONS = ("ai_disclosure", "machine_leftovers", "derived_notice")


def _is_machine_text(paragraph: str) -> bool:
    """Whether a sentence carries an AI disclosure, a chatbot leftover, a derived-from-media
    notice (outside quotation marks) or is an image prompt."""
    inside_quotation, image_prompts, machine = _machine_patterns()
    if any(pattern.match(paragraph) for pattern in image_prompts):
        return True
    return any(not inside_quotation(paragraph, match.start())
               for pattern in machine for match in pattern.finditer(paragraph))


@cache
def _machine_patterns() -> tuple:
    # imported here: scoring.features imports this module
    from scoring.features._matching import inside_quotation

    return (inside_quotation, load_patterns("image_prompts"),
            tuple(p for lexicon in _MACHINE_LEXICONS for p in load_patterns(lexicon)))


def _match_template(paragraph: str) -> tuple[re.Pattern[str], bool] | None:
    if len(paragraph) > 200:
        return None
    for pattern, tail in _template_rules():
        if pattern.fullmatch(paragraph.strip()):
            return pattern, tail
    return None


def _find_title(text: str, paragraphs: tuple[Span, ...], kinds: list[str],
                title: str) -> Span | None:
    wanted = normalise(title)
    for index, span in enumerate(paragraphs[:4]):
        content = normalise(text[span.start : span.end])
        if kinds[index] == "boilerplate" or not content:
            continue
        if wanted and (content == wanted or content.startswith(wanted)):
            kinds[index] = "title"
            return span
        if not wanted and kinds[index] == "heading":
            kinds[index] = "title"
            return span
    return None
