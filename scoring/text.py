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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from scoring.config import Config
from scoring.lexicons import load_lexicon, load_patterns
from scoring.types import Evidence, ParsedText, Sentence, Span

if TYPE_CHECKING:
    from scoring.cache import AnalysisCache

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…]$")
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

    Set through the array API: spaCy's ``Token.is_sent_start`` setter scans the whole Doc.
    """
    starts = doc.to_array([SENT_START])
    since_end = 0
    for token in doc:
        if token.idx in paragraph_starts or since_end >= max_tokens:
            starts[token.i] = 1
            since_end = 0
        since_end = 0 if _SENTENCE_END.search(token.text) else since_end + 1
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
        if span is None or not any(ch.isalnum() for ch in analysed[span.start : span.end]):
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
