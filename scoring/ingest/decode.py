"""Turn the bytes of a text file into ``str``, or say that they are not text.

Order of trust: a byte-order mark, then strict UTF-8, then UTF-8 with a few damaged bytes (each
becoming U+FFFD) when nearly all of its non-ASCII characters are valid UTF-8, then Windows-1252
when the bytes decode cleanly as it and the result reads like Western-European text, then
charset-normalizer's best guess (except UTF-16 and UTF-32, which are trusted only with a BOM).
Real news dumps are mostly UTF-8 or cp1252; on short cp1252 snippets charset-normalizer alone
often picks an exotic code page (``b"\\x93quoted\\x94 caf\\xe9"`` comes back as cp1125, turning
the curly quotes into Cyrillic letters), which is why cp1252 is tried before it. A UTF-8 file
cut off mid-character, or with a few corrupted bytes, would otherwise come out as cp1252
mojibake ("â€œ" for every curly quote) or not at all.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

BINARY_SNIFF_BYTES = 8192
"""A NUL byte in this many leading bytes marks a file as binary (after any UTF-16/32 BOM)."""

MAX_CONTROL_SHARE = 0.01
"""Decoded text with a larger share of control characters (other than whitespace) is junk."""

MAX_NON_ASCII_LETTER_SHARE = 0.3
"""cp1252 is accepted only if at most this share of its letters are non-ASCII.

Western-European prose stays far below it (French and German are under 5 %); Cyrillic, Greek
or Hebrew bytes read as cp1252 come out almost entirely as accented Latin letters.
"""

MAX_DAMAGED_UTF8_SHARE = 0.25
"""Bytes that are not valid UTF-8 are still read as UTF-8 when the damaged bytes are at most this
share of damaged bytes plus valid non-ASCII characters (and at least one character is valid).

Legacy code pages almost never form valid UTF-8 sequences by chance ("é" in cp1252 is one byte,
which UTF-8 rejects), so their share of damage is close to 1; a UTF-8 file with a few bad bytes
is far below it.
"""

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 little-endian one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Unicode category Cc (C0 and C1 controls) minus the whitespace controls \t \n \v \f \r.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# cp1252 maps one byte to one character, so its plausibility is judged on the bytes (fast).
_CP1252_CHARS = {
    byte: char
    for byte in range(0x80, 0x100)
    if (char := bytes([byte]).decode("cp1252", errors="replace")) != "\ufffd"
}
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_NON_ASCII_LETTER_BYTES = bytes(byte for byte, char in _CP1252_CHARS.items() if char.isalpha())
# What cp1252 makes of the letters of other single-byte code pages (cp1250's "ł" is cp1252's
# "³", its "ą" is "¹"): superscripts, fractions and spacing accents. Inside a word they betray a
# misread letter; after one ("5 km²") they are real.
_ODD_BYTES = bytes(
    byte for byte, char in _CP1252_CHARS.items() if unicodedata.category(char) in {"No", "Sk"}
)
_LETTER_CLASS = re.escape(_ASCII_LETTER_BYTES + _NON_ASCII_LETTER_BYTES)
_ODD_INSIDE_WORD = re.compile(
    rb"(?<=[" + _LETTER_CLASS + rb"])[" + re.escape(_ODD_BYTES) + rb"](?=[" + _LETTER_CLASS + rb"])"
)

# charset-normalizer guesses that mean "some Western single-byte code page"; when one of them
# wins and the bytes decode as cp1252, cp1252 (the code page such files really use) is taken.
_WESTERN_GUESSES = frozenset(
    {"cp1252", "latin_1", "iso8859_15", "cp437", "cp850", "cp858", "mac_roman", "mac_iceland"}
)


def decode_bytes(data: bytes) -> str | None:
    """Decode a text file's bytes; ``None`` if they are binary or undecodable.

    A UTF-8 BOM is dropped, ``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes.
    """
    text = _decode(data)
    if text is None or _looks_binary(text):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_as_western(data):
        return western
    best = from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        return None  # without a BOM, UTF-16 of prose is full of NULs: these bytes are not it
    if western is not None and best.encoding in _WESTERN_GUESSES:
        return western
    return str(best)


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 are UTF-8 with a little damage."""
    kept = data.decode("utf-8", errors="ignore")  # counted without lists: files can be large
    damaged = len(data) - len(kept.encode("utf-8"))
    valid = len(kept) - len(kept.encode("ascii", errors="ignore"))
    return valid > 0 and damaged <= MAX_DAMAGED_UTF8_SHARE * (valid + damaged)


def _reads_as_western(data: bytes) -> bool:
    """Whether bytes that decode as cp1252 plausibly hold Western-European prose."""
    if _ODD_INSIDE_WORD.search(data):
        return False
    non_ascii_letters = len(data) - len(data.translate(None, _NON_ASCII_LETTER_BYTES))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTER_BYTES))
    return non_ascii_letters <= MAX_NON_ASCII_LETTER_SHARE * (ascii_letters + non_ascii_letters)


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text)
