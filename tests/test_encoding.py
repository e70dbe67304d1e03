"""Tests for pipeline.encoding on real articles from the development corpus.

The seed articles are read at test time (never copied into the repository),
re-encoded in the encodings archives really use, written to tmp_path and
read back through `read_file`.
"""

import codecs
import gzip
import os
import random
import re
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.encoding import SAMPLE_SIZE, Decoded, decode_bytes, read_file

# The corpus lives beside the checkout (read-only), as in conftest.py.
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seeds"
SIMPLIFIED = SEEDS / "000_a251911eb66d684e.txt"
TRADITIONAL = SEEDS / "001_a3c41246615ef41c.txt"

pytestmark = pytest.mark.skipif(not SIMPLIFIED.exists() or not TRADITIONAL.exists(),
                                reason="development corpus not available")

# The converter that produced seed 001 put pinyin after some characters:
# 區(qū), 強(qiáng).  Tone-marked letters are not in plain Big5.
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)")


def simplified_text() -> str:
    return SIMPLIFIED.read_text(encoding="utf-8")


def traditional_text() -> str:
    return TRADITIONAL.read_text(encoding="utf-8")


def encodable_paragraphs(text: str, encoding: str):
    """Paragraphs of `text` that `encoding` can represent, and the others."""
    good, bad = [], []
    for para in text.split("\n"):
        try:
            para.encode(encoding)
        except UnicodeEncodeError:
            bad.append(para)
        else:
            good.append(para)
    return good, bad


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def strictly_decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def assert_text(result: Decoded, expected: str, encoding: str) -> None:
    assert result.encoding == encoding, result
    assert result.errors == []
    assert result.text == expected
    assert 0.0 < result.confidence <= 1.0


# ---------------------------------------------------------------------------
# round trips of real articles


@pytest.mark.parametrize("codec, family", [("gb18030", "gb18030"), ("gbk", "gb18030")])
@pytest.mark.parametrize("seed", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_gb_family_round_trip(tmp_path, seed, codec, family):
    text = seed.read_text(encoding="utf-8")
    data = text.encode(codec)
    assert not strictly_decodes(data, "utf-8")  # must go through detection
    assert_text(read_file(write(tmp_path, data)), text, family)


def test_big5hkscs_paragraphs_of_traditional_article(tmp_path):
    good, bad = encodable_paragraphs(traditional_text(), "big5hkscs")
    # The two copies of the paragraph with the broken-encoding run
    # 當(dāng)?shù)匾咔榉揽孛媾R contain simplified 揽 and 榉, which HKSCS lacks.
    assert len(bad) == 2 and all("揽" in p for p in bad)
    text = "\n".join(good)
    data = text.encode("big5hkscs")
    # HKSCS carries the pinyin letters (ā, ǎ ...) in rows 0x88xx, outside
    # plain Big5, and the whole byte string is also valid GB18030: the
    # detector must still pick HKSCS.
    assert not strictly_decodes(data, "big5")
    assert strictly_decodes(data, "gb18030")
    assert_text(read_file(write(tmp_path, data)), text, "big5hkscs")


def test_big5_traditional_article_without_pinyin(tmp_path):
    good, bad = encodable_paragraphs(PINYIN.sub("", traditional_text()), "big5")
    assert len(bad) == 2  # the broken-encoding paragraph and its repeat
    text = "\n".join(good)
    data = text.encode("big5")
    # The real risk: Big5 bytes that are equally valid GB18030.
    assert strictly_decodes(data, "gb18030")
    assert data.decode("gb18030") != text
    assert_text(read_file(write(tmp_path, data)), text, "big5")


def test_big5_full_article_encoded_with_replacement(tmp_path):
    text = traditional_text()
    data = text.encode("big5", errors="replace")
    expected = data.decode("big5")
    assert expected.count("?") > text.count("?")  # pinyin letters, 咔揽榉
    assert_text(read_file(write(tmp_path, data)), expected, "big5")


def test_each_line_decodes_to_itself(tmp_path):
    """Headlines and bylines are short: the hardest case for Big5 vs GB."""
    failures = []
    cases = [(line, "gb18030") for line in simplified_text().split("\n")]
    cases += [(line, "big5") for line in encodable_paragraphs(PINYIN.sub("", traditional_text()), "big5")[0]]
    checked = ambiguous = 0
    for line, codec in cases:
        data = line.encode(codec)
        if not line.strip() or strictly_decodes(data, "utf-8"):
            continue
        checked += 1
        ambiguous += strictly_decodes(data, "big5") and strictly_decodes(data, "gb18030")
        result = decode_bytes(data)
        if result.text != line or result.encoding != codec:
            failures.append((codec, line[:20], result.encoding, (result.text or "")[:20]))
    assert checked > 60
    # Every Big5 line of seed 001 and many GB lines of seed 000 are valid in
    # both encodings: only scoring tells them apart.
    assert ambiguous > 30
    assert failures == []


@pytest.mark.parametrize("seed", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
@pytest.mark.parametrize(
    "encode, family",
    [
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("utf-16"), "utf-16-le" if sys.byteorder == "little" else "utf-16-be"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "utf-32-le"),
        (lambda t: t.encode("utf-32-be"), "utf-32-be"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("utf-8"), "utf-8"),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16-native", "utf16le", "utf16be",
         "utf32le-bom", "utf32be", "utf8-sig", "utf8"],
)
def test_unicode_round_trip(tmp_path, seed, encode, family):
    text = seed.read_text(encoding="utf-8")
    result = read_file(write(tmp_path, encode(text)))
    assert_text(result, text, family)
    assert "\ufeff" not in result.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_nul_bytes(codec):
    # A headline with no ASCII has no NUL byte at all in UTF-16, so only
    # scoring (not the NUL pattern) can find it.
    headline = next(line for line in simplified_text().split("\n") if line.startswith("坚决夺取"))
    data = headline.encode(codec)
    assert b"\x00" not in data
    assert_text(decode_bytes(data), headline, codec)


def test_multibyte_character_across_sample_boundary(tmp_path):
    # An odd ASCII prefix makes the 2-byte GB18030 characters straddle the
    # end of the detection sample; that must not be reported as an error.
    text = "x" + simplified_text() * (SAMPLE_SIZE // 10_000 + 20)
    data = text.encode("gb18030")
    assert len(data) > SAMPLE_SIZE
    assert not strictly_decodes(data[:SAMPLE_SIZE], "gb18030")
    assert_text(read_file(write(tmp_path, data)), text, "gb18030")


# ---------------------------------------------------------------------------
# damaged text


def test_invalid_bytes_inside_utf8_chinese(tmp_path):
    paras = simplified_text().split("\n")
    # 0xFF never occurs in UTF-8, 0xC3 is a lead byte without continuation,
    # E4 B8 is a 3-byte sequence cut short: 4 bad bytes, 3 replacements.
    junk = [b"\xff", b"\xc3", b"\xe4\xb8"]
    cut = [10, 40, 90]
    data = b""
    expected = ""
    start = 0
    for pos, bad in zip(cut, junk):
        chunk = "\n".join(paras[start:pos]) + "\n"
        data += chunk.encode("utf-8") + bad
        expected += chunk + "\ufffd"
        start = pos
    rest = "\n".join(paras[start:])
    data += rest.encode("utf-8")
    expected += rest
    result = read_file(write(tmp_path, data))
    assert result.encoding == "utf-8"
    assert result.text == expected
    assert result.errors == ["4 undecodable bytes replaced (utf-8)"]
    assert result.text.replace("\ufffd", "") == simplified_text()
    assert 0.0 < result.confidence < 1.0


def test_invalid_byte_after_utf8_sample(tmp_path):
    text = simplified_text() * (SAMPLE_SIZE // 10_000 + 5)
    data = text.encode("utf-8") + b"\xff"
    result = read_file(write(tmp_path, data))
    assert result.encoding == "utf-8"
    assert result.errors == ["1 undecodable bytes replaced (utf-8)"]
    assert result.text == text + "\ufffd"


@pytest.mark.parametrize("seed, codec", [(SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5hkscs")],
                         ids=["gb18030", "big5hkscs"])
def test_invalid_bytes_inside_legacy_text(tmp_path, seed, codec):
    good, _ = encodable_paragraphs(seed.read_text(encoding="utf-8"), codec)
    first, second = "\n".join(good[:6]), "\n".join(good[6:])
    data = first.encode(codec) + b"\xff" + second.encode(codec) + b"\xff"
    result = read_file(write(tmp_path, data))
    assert result.encoding == codec
    assert result.text == first + "\ufffd" + second + "\ufffd"
    assert result.errors == [f"2 undecodable bytes replaced ({codec})"]


def test_garbage_never_raises():
    rng = random.Random(0)
    article = simplified_text().encode("gb18030")
    for n in range(300):
        size = rng.choice([1, 2, 3, 5, 17, 256, 4096])
        if n % 3 == 0:
            data = rng.randbytes(size)
        elif n % 3 == 1:
            data = rng.randbytes(size).translate(bytes(range(128, 256)) * 2)
        else:  # a slice of a real article starting mid-character, with noise
            start = rng.randrange(len(article) - size)
            data = bytearray(article[start:start + size])
            data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        result = decode_bytes(data)
        assert isinstance(result, Decoded)
        assert (result.text is None) == (result.encoding is None)
        assert result.text is not None or result.errors


# ---------------------------------------------------------------------------
# empty, binary, unreadable


@pytest.mark.parametrize(
    "data",
    [b"", b" \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n",
     codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "\u3000\u3000\n".encode("gb18030")],
    ids=["zero-bytes", "whitespace", "utf8-bom", "utf8-bom-newlines", "utf16-bom-space",
         "ideographic-spaces-gb"],
)
def test_empty(tmp_path, data):
    result = read_file(write(tmp_path, data))
    assert result.text is None
    assert result.encoding is None
    assert result.errors == ["empty file"]


def test_png_header(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(13)
    result = read_file(write(tmp_path, data, "image.txt"))
    assert result.text is None
    assert result.errors == ["binary file (PNG image)"]


def test_real_archives_are_binary(tmp_path):
    text = simplified_text()
    gz = write(tmp_path, gzip.compress(text.encode("utf-8")), "a.gz")
    assert read_file(gz).errors == ["binary file (GZIP archive)"]
    docx = tmp_path / "a.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", text)
    assert read_file(docx).errors == ["binary file (DOCX document (ZIP))"]
    assert read_file(write(tmp_path, b"%PDF-1.7\n" + text.encode("utf-8"), "a.pdf")).errors == [
        "binary file (PDF document)"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF executables are Linux-only")
def test_real_executable_is_binary():
    result = read_file(os.path.realpath(sys.executable))
    assert result.text is None
    assert result.errors == ["binary file (ELF executable)"]


def test_text_starting_with_a_short_magic_is_not_binary():
    # "BZh", "MZ", "RIFF" and "ID3" need more than their first bytes to count.
    for prefix in ("BZh9 ", "ID3 ", "MZ ", "RIFF ", "BM "):
        text = prefix + simplified_text()
        assert decode_bytes(text.encode("gb18030")).text == text


def test_random_bytes(tmp_path):
    data = random.Random(0).randbytes(64 * 1024)
    result = read_file(write(tmp_path, data, "noise.bin"))
    assert result.text is None
    assert result.encoding is None
    assert result.errors == ["binary file"]


def test_random_high_bytes_without_nul(tmp_path):
    # No NUL and no control byte: only scoring can tell this is not GB/Big5.
    data = random.Random(0).randbytes(64 * 1024).translate(bytes(range(128, 256)) * 2)
    result = read_file(write(tmp_path, data, "noise.bin"))
    assert result.text is None
    assert result.errors == ["binary file (no text encoding fits)"]


def test_nul_inside_gb_text_is_binary():
    data = simplified_text().encode("gb18030")
    assert decode_bytes(data[:500] + b"\x00" + data[500:]).errors == ["binary file"]


def test_latin_text_as_last_resort():
    text = "Café au lait, naïve résumé – “quoted” €5"
    result = decode_bytes(text.encode("cp1252"))
    assert result.text == text
    assert result.encoding == "cp1252"
    assert result.confidence < 0.5


def test_missing_path(tmp_path):
    path = tmp_path / "no-such-file.txt"
    result = read_file(path)
    assert result.text is None and result.encoding is None
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"cannot read {path}: ")
    assert "No such file" in result.errors[0]


def test_directory_path(tmp_path):
    result = read_file(str(tmp_path))
    assert result.text is None and result.encoding is None
    assert result.errors[0].startswith(f"cannot read {tmp_path}: ")


def test_file_descriptor_is_not_a_path(tmp_path):
    path = write(tmp_path, simplified_text().encode("utf-8"))
    fd = os.open(path, os.O_RDONLY)
    try:
        result = read_file(fd)
        assert result.text is None
        assert result.errors[0].startswith("cannot read")
        os.fstat(fd)  # still open: read_file must not have taken it over
    finally:
        os.close(fd)


def test_accepts_str_and_path(tmp_path):
    path = write(tmp_path, simplified_text().encode("gb18030"))
    assert read_file(str(path)) == read_file(path)


# ---------------------------------------------------------------------------
# speed on 50 MB inputs

FIFTY_MB = 50 * 1024 * 1024


def timed_read(path: Path):
    start = time.perf_counter()
    result = read_file(path)
    return result, time.perf_counter() - start


def test_50mb_utf8_is_fast(tmp_path):
    block = simplified_text().encode("utf-8")
    path = write(tmp_path, block * (FIFTY_MB // len(block) + 1), "big.txt")
    result, seconds = timed_read(path)
    assert result.encoding == "utf-8" and result.errors == []
    assert len(result.text) > 15_000_000
    assert seconds < 3.0


def test_50mb_random_bytes_is_fast(tmp_path):
    data = random.Random(0).randbytes(FIFTY_MB)
    path = write(tmp_path, data, "noise.bin")
    result, seconds = timed_read(path)
    assert result.errors == ["binary file"]
    # Without NULs the detector path runs; it must still only sample.
    path.write_bytes(data.translate(bytes(range(128, 256)) * 2))
    result2, seconds2 = timed_read(path)
    assert result2.errors == ["binary file (no text encoding fits)"]
    assert seconds < 3.0 and seconds2 < 5.0
