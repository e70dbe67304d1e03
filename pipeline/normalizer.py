"""Normalize Chinese news text without losing the way back to the source.

Two layers, both operating on `TrackedText` so every output character keeps
its raw span:

* `normalize_chars` repairs characters: broken encodings, converter pinyin,
  traditional script, whitespace and punctuation.  It works on a whole file
  before it is split into stories (splitting needs clean datelines).
* `normalize_paragraphs` repairs the paragraph structure of one story: page
  boilerplate, paragraphs broken mid-sentence by the layout, repeated blocks.

`normalize` = both, and is idempotent: normalize(normalize(x)) == normalize(x).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Dict, List, Optional, Tuple

from .offsets import TrackedText

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN_RE = re.compile(f"[{HAN}]")
# Full-width punctuation that may sit next to Han text; used to decide whether ASCII punctuation is "in Chinese".
CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】「」『』—…·"
TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_SYLLABLE = f"[a-zü{TONE_VOWELS}]*[{TONE_VOWELS}][a-zü{TONE_VOWELS}]*"

# Converters that annotate characters with pinyin write 區(qū): a Han character, then a parenthesised
# syllable with a tone mark.  The tone mark is required so that real parentheses such as (APP) survive.
PINYIN_RE = re.compile(f"(?<=[{HAN}])[(（]{PINYIN_SYLLABLE}[)）]")

# A GBK/Big5 round trip that lost a byte leaves '?' plus the tail of a pinyin annotation, then a run of
# byte-shifted ideographs ended by the ASCII trail byte that re-synchronised the stream:
#   當(dāng)?shù)匾咔榉揽孛媾R的   起到?jīng)Q定性   勢頭?!?/p>
# Nothing in such a run can be recovered, so it is dropped whole.
MOJIBAKE_RE = re.compile(
    rf"\?(?:{PINYIN_SYLLABLE}\))?"
    # ASCII punctuation counts as a boundary too: it becomes full-width later in the same pass (idempotence)
    rf"(?:[{HAN}]{{1,12}}[A-Za-z](?=[{HAN}{CJK_PUNCT},;:!?()])|[A-Za-z](?=[{HAN}])|[!?]*\?*/?[a-z]{{0,6}}>|!\?)"
)
# GBK rendering of U+FFFD U+FFFD: the classic sign of text that went through a lossy round trip.
KUNKIN_RE = re.compile("(?:锟斤拷)+|(?:烫)+(?=烫)|\ufffd+")

INVISIBLE_RE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACE_RE = re.compile("[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
SPACE_AROUND_NEWLINE_RE = re.compile(" ?\n ?")
NEWLINE_RE = re.compile("\r\n?|[\u2028\u2029\x85]")

_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
# ASCII punctuation right after a Han character (or closing full-width punct) is Chinese punctuation typed on
# the wrong keyboard.  Digits on both sides (1,000 or 10:30) keep the ASCII form.  A run (?!, :::) is converted
# whole: converting its first mark only would let the next pass convert the next one (not idempotent).
ASCII_PUNCT_RE = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[,;:!?]+(?![0-9A-Za-z])|(?<=[{HAN}]),(?=[0-9])|(?<=[0-9%]),(?=[{HAN}])")
PAREN_RE = re.compile(r"[(（]([^()（）\n]{0,60})[)）]")
# Doubled or stray punctuation: ',,' ',。' ',、' '。。'.  The last mark of the run is the intended one.
# A space next to full-width punctuation is layout, never content.
SPACE_NEAR_PUNCT_RE = re.compile(rf"(?<=[{HAN}]) (?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}]) (?=[{HAN}{CJK_PUNCT}])")
PUNCT_RUN_RE = re.compile("[，,]+(?=[，,、。；;：:！!？?])|(?<=、)[，,]+|([。、；])\\1+")

# Guards: what every match of a pattern that would change the text contains, as a plain character class.
# `re` scans a pattern that starts with a lookbehind or an alternation slowly, position by position; a guard
# scan is fast, and a text the guard finds nothing in is left as it is without the substitution.
PINYIN_GUARD = re.compile(f"[{TONE_VOWELS}]")
NEWLINE_GUARD = re.compile("[\r\u2028\u2029\x85]")
KUNKIN_GUARD = re.compile("[锟烫\ufffd]")
ASCII_PUNCT_GUARD = re.compile("[,;:!?]")
SPACE_GUARD = re.compile(" ")
PUNCT_RUN_GUARD = re.compile("[，,、。；][，,、。；;：:！!？?]")  # two punctuation marks in a row
PAREN_GUARD = re.compile("[()]")  # full-width pairs are left as they are
NON_HAN_RE = re.compile(f"[^{HAN}]+")


def _is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def traditional_share(text: str) -> float:
    """Share of Han characters that OpenCC would change: ~0 for simplified text, >0.1 for traditional."""
    sample = NON_HAN_RE.sub("", text)[:20000]  # the first 20,000 Han characters
    if not sample:
        return 0.0
    converted = _opencc().convert(sample)
    if converted == sample:
        return 0.0
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed / len(sample)


# OpenCC also rewrites simplified names (乾县 -> 干县, 王丙乾 -> 王丙干), so it only runs on text that is
# really traditional.  Measured: xwlb (simplified) 0.0003%, seeds 001/004 (traditional) > 20%.
TRADITIONAL_THRESHOLD = 0.05


def to_simplified(tt: TrackedText) -> TrackedText:
    if traditional_share(tt.text) < TRADITIONAL_THRESHOLD:
        return tt
    return tt.map_aligned(_opencc().convert(tt.text))


def _fullwidth(m: re.Match) -> str:
    return "".join(_ASCII_TO_FULL[c] for c in m.group(0))


def _paren(m: re.Match) -> str:
    inner = m.group(1)
    if HAN_RE.search(inner):
        return "（" + inner + "）"
    return m.group(0)


def _guarded_sub(tt: TrackedText, guard: re.Pattern, pattern: re.Pattern, repl) -> TrackedText:
    return tt.sub(pattern, repl) if guard.search(tt.text) else tt


def normalize_chars(tt: TrackedText) -> TrackedText:
    """Character-level repairs; see the module docstring."""
    tt = _guarded_sub(tt, NEWLINE_GUARD, NEWLINE_RE, "\n")
    tt = tt.sub(INVISIBLE_RE, "")
    tt = _guarded_sub(tt, KUNKIN_GUARD, KUNKIN_RE, "")
    tt = tt.sub(MOJIBAKE_RE, "")
    tt = _guarded_sub(tt, PINYIN_GUARD, PINYIN_RE, "")
    tt = to_simplified(tt)
    # Compatibility forms (full-width digits and Latin letters) become ASCII; CJK punctuation is kept.
    tt = tt.sub(re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"), lambda m: unicodedata.normalize("NFKC", m.group(0)))
    tt = tt.sub(SPACE_RE, " ")
    tt = _guarded_sub(tt, SPACE_GUARD, SPACE_AROUND_NEWLINE_RE, "\n")  # without a space every match is "\n"
    return repair_punctuation(tt).strip(" ")


def repair_punctuation(tt: TrackedText) -> TrackedText:
    tt = _guarded_sub(tt, PAREN_GUARD, PAREN_RE, _paren)
    tt = _guarded_sub(tt, PUNCT_RUN_GUARD, PUNCT_RUN_RE, "")
    tt = _guarded_sub(tt, ASCII_PUNCT_GUARD, ASCII_PUNCT_RE, _fullwidth)
    return _guarded_sub(tt, SPACE_GUARD, SPACE_NEAR_PUNCT_RE, "")


# ---------------------------------------------------------------------------------------------------
# Paragraph layer

SENTENCE_END = set("。！？…”’」』）)!?；;：:")
CONTINUES = set("，、：；“（《—-")
# A paragraph that starts one of these is a new unit even if the previous one did not end a sentence.
NEW_UNIT_RE = re.compile(
    r"^(?:本报|据|新华社|人民日报|中新社|央视网|记者|"
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[上下]午|晚上?|凌晨|早上|晚间|中午|\d{1,2}时)?[，,]|"
    r"[一二三四五六七八九十]+[是要、]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])"
)
BYLINE_RE = re.compile(r"^(?:本报记者|记者|通讯员|文/|文：|图/|摄影)[\s：:]?\S")


@dataclass
class LineRule:
    regex: re.Pattern
    scope: str
    kind: str


@lru_cache(maxsize=1)
def boilerplate_rules() -> Tuple[LineRule, ...]:
    text = resources.files("pipeline.lexicons").joinpath("boilerplate_lines.tsv").read_text("utf-8")
    rows = csv.DictReader((l for l in text.splitlines() if not l.startswith("#")), delimiter="\t")
    return tuple(LineRule(re.compile(r["pattern"]), r["scope"], r["kind"]) for r in rows)


def is_headline_like(p: str) -> bool:
    """Short line without sentence punctuation: a headline, kicker, subtitle or byline."""
    return len(p) <= 40 and "，" not in p and "。" not in p


def should_join(a: str, b: str) -> bool:
    """Was paragraph `a` broken in the middle of a sentence, with `b` its continuation?"""
    if not a or not b or a[-1] in SENTENCE_END and a[-1] not in "：:":
        return False
    if a[-1] in "：:" or a.endswith("——"):
        return False  # a lead-in to a list, or a sub-heading
    if BYLINE_RE.match(a) or a[0] in "“「":  # bylines and pull quotes stand alone
        return False
    if NEW_UNIT_RE.match(b):
        return False
    if a[-1] in CONTINUES:
        return True
    return not is_headline_like(a)


@dataclass
class ParagraphReport:
    removed: Dict[str, int] = field(default_factory=dict)
    joined: int = 0
    duplicates: int = 0

    def count(self, kind: str) -> None:
        self.removed[kind] = self.removed.get(kind, 0) + 1


NEWLINES_RE = re.compile("\n+")


def split_paragraphs(tt: TrackedText) -> List[Tuple[TrackedText, Optional[TrackedText]]]:
    """Paragraphs with the newline run that followed each (None for the last); blank ones are left out."""
    text = tt.text
    out = []
    pos = 0
    for m in NEWLINES_RE.finditer(text):
        a, b = pos, m.start()
        pos = m.end()
        p = text[a:b]
        left = len(p) - len(p.lstrip(" "))
        if left < len(p):
            out.append((tt[a + left : a + len(p.rstrip(" "))], tt[b:pos]))
    p = text[pos:]
    left = len(p) - len(p.lstrip(" "))
    if left < len(p):
        out.append((tt[pos + left : pos + len(p.rstrip(" "))], None))
    return out


def apply_line_rules(p: TrackedText, report: ParagraphReport) -> TrackedText:
    for rule in boilerplate_rules():
        m = rule.regex.search(p.text)
        if not m:
            continue
        if rule.scope == "line" and m.start() == 0 and m.end() == len(p.text):
            report.count(rule.kind)
            return p[0:0]
        if rule.scope == "tail" and m.end() == len(p.text) and m.start() > 0:
            report.count(rule.kind)
            p = p[: m.start()].strip(" ")
        elif rule.scope == "head" and m.start() == 0 and m.end() < len(p.text):
            report.count(rule.kind)
            p = p[m.end() :].strip(" ")
    return p


def normalize_paragraphs(tt: TrackedText, report: Optional[ParagraphReport] = None) -> TrackedText:
    """Paragraph-level repairs of one story; paragraphs are joined by a single '\\n'."""
    report = report if report is not None else ParagraphReport()
    paras: List[Tuple[TrackedText, Optional[TrackedText]]] = []
    for p, sep in split_paragraphs(tt):
        p = apply_line_rules(p, report)
        if not p.text:
            continue
        if paras and should_join(paras[-1][0].text, p.text):
            prev, _ = paras[-1]
            paras[-1] = (TrackedText.concat([prev, p]), sep)
            report.joined += 1
        else:
            paras.append((p, sep))
    seen = set()
    kept: List[Tuple[TrackedText, Optional[TrackedText]]] = []
    for p, sep in paras:
        key = p.text
        if len(key) >= 8 and key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        kept.append((p, sep))
    parts: List[TrackedText] = []
    for i, (p, sep) in enumerate(kept):
        if i:
            # One newline of the source between paragraphs keeps a raw span (HTML breaks are inserted ones).
            prev_sep = kept[i - 1][1]
            parts.append(prev_sep[0:1] if prev_sep is not None else TrackedText.inserted("\n", parts[-1].end_at(-1)))
        parts.append(p)
    return TrackedText.concat(parts)


def normalize(tt: TrackedText, report: Optional[ParagraphReport] = None) -> TrackedText:
    """Full normalization of one story (idempotent)."""
    # Punctuation is repaired again because rejoined paragraphs can close a pair such as (...\n...).
    return repair_punctuation(normalize_paragraphs(normalize_chars(tt), report))


def normalize_text(raw: str) -> TrackedText:
    return normalize(TrackedText.from_raw(raw))
