"""Byte decoding for the archive reader.

`decode_bytes` turns the raw bytes of an archive file into text, or explains
why it could not (empty, binary).  Order of evidence, strongest first:

1. a byte-order mark;
2. a known binary magic number;
3. strict UTF-8 (most files; no detector runs, so large files stay fast);
4. UTF-16/UTF-32 without BOM, recognised by where the NUL bytes fall;
5. candidate legacy encodings (GB18030, Big5 family, UTF-16), proposed by
   `charset_normalizer` plus a fixed list, each decoded and scored by how
   much of the result is ordinary Chinese text; Latin encodings only when no
   Chinese reading is plausible.

Detection looks at a sample (the first `SAMPLE_SIZE` bytes); the chosen codec
then decodes the whole input.  Undecodable bytes become U+FFFD and are counted
in `Decoded.errors`; nothing here raises on bad bytes.
"""

from __future__ import annotations

import codecs
import os
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

__all__ = ["Decoded", "decode_bytes", "read_file", "SAMPLE_SIZE"]

SAMPLE_SIZE = 1 << 20
# Scoring a decoded sample counts characters in Python; a smaller slice is as
# decisive as the whole sample and keeps the detector path well under a second.
SCORE_SIZE = 256 * 1024


@dataclass
class Decoded:
    """Result of decoding: `text` is None when the bytes are not text at all."""

    text: Optional[str]
    encoding: Optional[str]
    errors: List[str] = field(default_factory=list)
    confidence: float = 1.0


# --------------------------------------------------------------------------
# byte-order marks and magic numbers

# UTF-32 LE must be tested before UTF-16 LE: its BOM starts with FF FE too.
_BOMS: Tuple[Tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: Tuple[Tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (doc/xls/ppt)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O file"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS\x00", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

_ZIP_KINDS = ((b"word/", "DOCX document"), (b"xl/", "XLSX workbook"),
              (b"ppt/", "PPTX presentation"), (b"epub", "EPUB book"))


def _magic_type(data: bytes) -> Optional[str]:
    """Name of the binary format `data` starts with, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            if name == "ZIP archive":
                head = data[:2048]
                for marker, kind in _ZIP_KINDS:
                    if marker in head:
                        return f"{kind} (ZIP)"
            return name
    # Short or offset signatures need a second field to match, so that text
    # merely starting with "BZh", "ID3", "MZ" or "RIFF" stays text.
    if data.startswith(b"BZh") and data[3:4].isdigit() and data[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "BZIP2 archive"
    if data.startswith(b"ID3") and data[3:4] in (b"\x02", b"\x03", b"\x04") and data[4:5] == b"\x00":
        return "MP3 audio"
    if data.startswith(b"MZ") and len(data) >= 64:
        off = int.from_bytes(data[60:64], "little")
        if data[off:off + 4] == b"PE\x00\x00":
            return "Windows executable"
    riff = {b"WEBP": "WEBP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
    if data.startswith(b"RIFF") and data[8:12] in riff:
        return riff[data[8:12]]
    if data[:1] == b"\x00" and data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "BMP image"
    if data.startswith(b"\x00\x00\x01\x00") and data[4:6] not in (b"", b"\x00\x00") and data[5:6] == b"\x00":
        return "ICO image"
    return None


# Control bytes that never occur in text (tab, LF, VT, FF, CR and ESC excluded:
# ESC appears in ANSI-coloured logs, which are still text).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_ASCII_BYTES = bytes(range(128))


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


# --------------------------------------------------------------------------
# decoding helpers

class _Counter:
    """Error handler that replaces like 'replace' but counts the bytes."""

    def __init__(self) -> None:
        self.nbytes = 0

    def __call__(self, exc: UnicodeError):
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        self.nbytes += exc.end - exc.start
        return "\ufffd", exc.end


# Error handlers are registered globally by name, so the counter in use is
# looked up per thread.
_ACTIVE = threading.local()


def _dispatch(exc: UnicodeError):
    return _ACTIVE.counter(exc)


codecs.register_error("pipeline.encoding.count", _dispatch)


def _decode_counting(data: bytes, encoding: str, final: bool = True) -> Tuple[str, int]:
    """Decode with U+FFFD for bad bytes; return (text, number of bad bytes).

    With final=False a multi-byte character cut by the sample boundary is
    left out rather than counted as an error.
    """
    counter = _Counter()
    outer = getattr(_ACTIVE, "counter", None)
    _ACTIVE.counter = counter
    try:
        if final:
            text = data.decode(encoding, "pipeline.encoding.count")
        else:
            dec = codecs.getincrementaldecoder(encoding)("pipeline.encoding.count")
            text = dec.decode(data, final=False)
    finally:
        _ACTIVE.counter = outer
    return text, counter.nbytes


def _decode_full(data: bytes, encoding: str) -> Tuple[str, int]:
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        return _decode_counting(data, encoding)


def _is_blank(text: str) -> bool:
    return not text or text.isspace()


def _empty() -> Decoded:
    return Decoded(None, None, ["empty file"])


def _binary(kind: Optional[str] = None, confidence: float = 1.0) -> Decoded:
    return Decoded(None, None, [f"binary file ({kind})" if kind else "binary file"], confidence)


def _finish(text: str, encoding: str, bad: int, confidence: float, total: int) -> Decoded:
    if not bad and _is_blank(text):
        return _empty()
    errors: List[str] = []
    if bad:
        errors.append(f"{bad} undecodable bytes replaced ({encoding})")
        confidence *= max(0.0, 1.0 - bad / max(total, 1))
    return Decoded(text, encoding, errors, round(confidence, 3))


# --------------------------------------------------------------------------
# UTF-16/32 without BOM

def _wide_candidates(sample: bytes) -> List[str]:
    """UTF-16/32 readings to try for input that contains NUL bytes.

    UTF-32 shows as NUL columns.  In UTF-16, ASCII puts a NUL in the high
    byte and a CJK character U+xx00 one in the low byte, so the parity of the
    NULs only suggests the byte order; both orders are scored, and binary
    data fails the scoring.
    """
    n = len(sample) - len(sample) % 4
    if n >= 4:
        quads = [sample[i:n:4].count(0) for i in range(4)]
        units = n // 4
        # Every BMP code point has a zero top byte in UTF-32.
        if quads[3] == units and quads[2] >= 0.9 * units and quads[0] < units:
            return ["utf-32-le"]
        if quads[0] == units and quads[1] >= 0.9 * units and quads[3] < units:
            return ["utf-32-be"]
    n = len(sample) - len(sample) % 2
    even, odd = sample[0:n:2].count(0), sample[1:n:2].count(0)
    return ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]


# --------------------------------------------------------------------------
# scoring a candidate decoding as Chinese text

def _hanzi_in_range(encoding: str, first: int, last: int) -> frozenset:
    """Ideographs whose two-byte code lies in [first, last] (in code order)."""
    chars = set()
    for code in range(first, last + 1):
        try:
            ch = code.to_bytes(2, "big").decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and 0x4E00 <= ord(ch) <= 0x9FFF:
            chars.add(ch)
    return frozenset(chars)


# The character sets' own frequency tiers serve as a frequency list without
# shipping one: GB2312 level 1 (3755 most used simplified hanzi, B0A1-D7F9)
# and Big5 常用字 (5401 most used traditional hanzi, A440-C67E).
_COMMON_HANZI = _hanzi_in_range("gb2312", 0xB0A1, 0xD7F9) | _hanzi_in_range("big5", 0xA440, 0xC67E)

# Symbols that Chinese news really uses: currency, middle dot, degree, bullets,
# arrows, circled numbers, NBSP.
_GOOD_PUNCT = frozenset(
    "\u00a3\u00a5\u20ac\u00b7\u00d7\u00f7\u00b0\u00a7\u00a9\u00ae\u00b1\u2103\u2116\u2122\u203b"
    "\u2605\u2606\u25a0\u25a1\u25b2\u25b3\u25cf\u25cb\u25c6\u25c7\u2190\u2191\u2192\u2193\u00a0"
    + "".join(chr(c) for c in range(0x2460, 0x2474))
)


def _char_weight(ch: str) -> float:
    """Plausibility of one non-ASCII character in a Chinese news text (-1..1)."""
    if ch in _COMMON_HANZI:
        return 1.0
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF:
        # Legitimate but rare (names, GB2312 level 2, Big5 level 2); mojibake
        # between GB and Big5 lands here disproportionately.
        return 0.2
    if ch in _GOOD_PUNCT:
        return 1.0
    if 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF5E or 0xFFE0 <= cp <= 0xFFE5:
        return 1.0  # CJK and full-width punctuation
    if 0x2010 <= cp <= 0x2027 or 0x2030 <= cp <= 0x203A:
        return 1.0  # dashes, quotes, ellipsis
    if cp == 0xFFFD:
        return -1.0
    if 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp:
        return -1.0  # private use: GBK/Big5 user-defined areas
    if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        return -1.0  # compatibility ideographs
    if 0xFF61 <= cp <= 0xFF9F:
        return -1.0  # half-width katakana
    if 0xA000 <= cp <= 0xA4CF or 0xAC00 <= cp <= 0xD7AF:
        return -0.5  # Yi, Hangul: typical of UTF-16 misreads
    if 0x2500 <= cp <= 0x259F:
        return -0.5  # box drawing
    if 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF:
        return -0.5  # CJK extensions: real but very rare in news
    if 0x00C0 <= cp <= 0x024F:
        return 0.5  # pinyin with tone marks, Western names
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cn", "Cs", "Co"):
        return -1.0
    return 0.0


def _score(text: str, ascii_weight: Optional[float] = None) -> float:
    """Mean plausibility (-1..1) of the characters in `text` but ASCII spaces.

    Printable ASCII decodes the same in every ASCII-compatible candidate (and
    never occurs in a NUL-free UTF-16 reading), so by default it is left out
    and only the other characters tell candidates apart; `ascii_weight`
    counts it, for comparing readings that differ in ASCII (UTF-16 byte
    orders).  ASCII control characters always count against a reading.
    """
    counts = Counter(text)
    total = 0
    value = 0.0
    for ch, n in counts.items():
        if ch < "\x80":
            if ch in " \t\n\r\x0b\x0c":
                continue
            if ch < " " or ch == "\x7f":
                total += n
                value -= n
            elif ascii_weight is not None:
                total += n
                value += n * ascii_weight
            continue
        total += n
        value += n * _char_weight(ch)
    return value / total if total else 0.0


# Names charset_normalizer may return, mapped to the codec we decode with.
_FAMILY: Dict[str, str] = {
    "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030",
    "big5": "big5", "cp950": "cp950", "big5hkscs": "big5hkscs",
    "utf_16": "utf-16-le", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
    "utf_8": "utf-8", "cp1252": "cp1252", "latin_1": "latin-1",
}
_DETECTOR_ISOLATION = ["gb18030", "big5", "big5hkscs", "cp950", "utf_16", "utf_8", "cp1252", "latin_1"]
# Order breaks ties: GB18030 is by far the most common legacy encoding here,
# and plain Big5 is preferred over its supersets when both decode.
_CJK_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")
_LATIN = ("cp1252", "latin-1")
# Below this score no Chinese reading is believable.  On the corpus articles
# the right reading scores >= 0.95, Big5 read as GB18030 about 0.1 and GB
# read as Big5 up to 0.55 (Big5's common block overlaps GB2312 level 1).
_PLAUSIBLE = 0.55


def _detector_guesses(sample: bytes) -> List[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - the fixed candidate list still works
        return []
    try:
        results = from_bytes(sample, cp_isolation=_DETECTOR_ISOLATION)
    except Exception:  # pragma: no cover - a detector bug must not stop reading
        return []
    guesses = []
    for match in results:
        name = _FAMILY.get(match.encoding)
        if name and name not in guesses:
            guesses.append(name)
    return guesses


def _pick_legacy(sample: bytes, complete: bool) -> Tuple[Optional[str], float]:
    """Choose a codec for NUL-free, non-UTF-8 bytes; (None, _) means binary.

    `complete` says the sample is the whole input, so a truncated character
    at its end is a real error rather than an artefact of sampling.
    """
    guesses = _detector_guesses(sample)
    head = sample[:SCORE_SIZE]
    complete = complete and len(head) == len(sample)
    scored = []
    for rank, enc in enumerate(_CJK_CANDIDATES):
        if enc.startswith("utf-16") and len(sample) % 2:
            continue
        text, bad = _decode_counting(head, enc, final=complete)
        # Detector agreement only breaks near-ties; it is fooled by Big5/GB
        # overlap as easily as anything else on short inputs.
        bonus = 0.01 if enc in guesses else 0.0
        scored.append((_score(text) + bonus, -bad, -rank, enc))
    scored.sort(reverse=True)
    best_score, _, _, best = scored[0]
    if best_score >= _PLAUSIBLE:
        return best, min(1.0, best_score)
    # Latin only as a last resort, and only if the result looks like text.
    for enc in [g for g in guesses if g in _LATIN] + list(_LATIN):
        text, bad = _decode_counting(head, enc, final=complete)
        if bad:
            continue
        junk = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cn") and not ch.isspace())
        if junk <= 0.01 * len(text):
            return enc, 0.3
    return None, 0.0


# --------------------------------------------------------------------------
# public API

def decode_bytes(data: bytes) -> Decoded:
    """Decode raw file bytes to text, detecting the encoding."""
    data = bytes(data)
    if not data:
        return _empty()

    for bom, enc in _BOMS:
        if data.startswith(bom):
            # The UTF-8 BOM is stripped by the utf-8-sig codec itself.
            body = data if enc == "utf-8-sig" else data[len(bom):]
            text, bad = _decode_full(body, enc)
            return _finish(text, enc, bad, 1.0, len(body))

    kind = _magic_type(data)
    if kind:
        return _binary(kind)

    sample = data[:SAMPLE_SIZE]
    has_nul = b"\x00" in data
    if not has_nul:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _is_blank(text):
                return _empty()
            if _control_share(sample) > 0.1:
                return _binary(confidence=0.9)
            return Decoded(text, "utf-8", [], 1.0)
    else:
        best: Optional[Tuple[float, str]] = None
        for enc in _wide_candidates(sample):
            text, bad = _decode_counting(sample[:SCORE_SIZE], enc, final=len(data) <= SCORE_SIZE)
            if bad > len(text) // 100:
                continue
            score = _score(text, ascii_weight=1.0)
            if best is None or score > best[0]:
                best = (score, enc)
        if best and best[0] >= _PLAUSIBLE:
            text, bad = _decode_full(data, best[1])
            return _finish(text, best[1], bad, min(1.0, best[0]), len(data))
        # NULs that no UTF-16/32 reading explains do not occur in text.
        return _binary(confidence=0.9)

    # UTF-8 with a few corrupt bytes: almost every multi-byte sequence is
    # still valid, which legacy CJK encodings essentially never achieve.
    head = sample[:SCORE_SIZE]
    _, bad = _decode_counting(head, "utf-8", final=len(head) == len(data))
    if bad * 20 <= len(head.translate(None, _ASCII_BYTES)):
        text, bad = _decode_full(data, "utf-8")
        return _finish(text, "utf-8", bad, 0.9, len(data))

    enc, confidence = _pick_legacy(sample, complete=len(sample) == len(data))
    if enc is None:
        return _binary("no text encoding fits", confidence=0.8)
    text, bad = _decode_full(data, enc)
    return _finish(text, enc, bad, confidence, len(data))


def read_file(path) -> Decoded:
    """Read `path` and decode it; unreadable paths give text None and an error."""
    # open() would accept an int as a file descriptor and close it afterwards.
    if not isinstance(path, (str, bytes, os.PathLike)):
        return Decoded(None, None, [f"cannot read {path!r}: not a path"], 0.0)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Decoded(None, None, [f"cannot read {os.fsdecode(path)}: {reason}"], 0.0)
    return decode_bytes(data)
