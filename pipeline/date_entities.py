"""DATE entities: find dates, times and periods in normalized Chinese news text and resolve their values.

`find_dates(text, doc_date)` returns non-overlapping `DateMatch`es, sorted by position, longest match
first.  It is pure Python and regex based (one scan for "atoms", then a small grammar that joins adjacent
atoms), so it can run on every document; spaCy is not needed.

Value conventions (`DateMatch.value`, SPEC section 2: ISO 8601, resolved against the document date)
---------------------------------------------------------------------------------------------------

* Calendar dates at the precision of the text: ``2022年4月3日`` -> ``2022-04-03``, ``4月`` -> ``2022-04``,
  ``2022年`` -> ``2022``.  An unknown year is written ``XXXX`` (``4月3日`` without a document year ->
  ``XXXX-04-03``); a day whose month is unknown too is ``XXXX-XX-03``.  Nothing is guessed: a deictic
  word that cannot be resolved (``今天`` without a document date, ``去年`` without a document year) is
  still a DATE, with value ``None``.
* Times: a clock time gives a datetime without seconds or zone (Beijing time is implied, as in the
  text): ``今天（1月5日）16时`` -> ``2022-01-05T16:00``; ``下午3时`` -> ``T15:00``.  ``24时`` is the end of
  the day and is written as the next day's ``T00:00`` (``4月2日24时`` -> ``2022-04-03T00:00``) so that
  values parse with `datetime.fromisoformat`; when the year is unknown the next day cannot be computed
  reliably (29 February) and the form ``XXXX-04-02T24:00`` is kept.  A clock time with no date at all in
  reach is a bare ISO time ``T16:00``.
* Part of day (上午, 下午, 晚上, 凌晨, 中午, 今晚 ...) adds no invented precision: the value stays the date
  (``今天晚上`` -> ``2022-04-03``) and the part of day goes to `DateMatch.part_of_day`, one of
  ``early_morning`` (凌晨), ``morning``, ``noon``, ``afternoon``, ``evening``, ``night``.  Values therefore
  stay sortable and filterable as plain dates; a clock time, when present, is still made explicit
  (``晚上8时`` -> ``T20:00``).
* Intervals are ``start/end`` (ISO 8601).  Endpoints at date, month or year precision are inclusive
  whole units (``4月18日至22日`` -> ``2022-04-18/2022-04-22``, ``2021年1—11月`` -> ``2021-01/2021-11``,
  ``上半年`` -> ``2022-01/2022-06``, ``前三季度`` -> ``2022-01/2022-09``, ``中旬`` -> ``2022-04-11/2022-04-20``,
  ``2021—2025年`` -> ``2021/2025``, the five-year plan ``十四五`` -> ``2021/2025``).  Endpoints with a time are instants: the daily reporting period
  ``4月2日0—24时`` -> ``2022-04-02T00:00/2022-04-03T00:00``.
* Open intervals use ``..`` for the open end (ISO 8601-2 / EDTF): ``截至4月2日24时`` ->
  ``../2022-04-03T00:00`` (everything up to that instant), ``截至4月2日`` -> ``../2022-04-02``;
  ``3月10日以来`` / ``1月1日起`` -> ``2022-03-10/..``; ``4月3日前`` -> ``../2022-04-03``.  `interval_bounds`
  splits any value into (start, end) strings for sorting and filtering.
* ISO weeks for weeks: ``本周`` -> ``2022-W13``; a weekday (周五, 上周三) resolves to its date in that week.
* Decades and centuries use an unspecified digit, like the unknown year: ``20世纪80年代`` -> ``198X``,
  ``21世纪`` -> ``20XX``.
* ``年初`` / ``年底`` / ``年末`` / ``月初`` / ``月底`` keep the year or month as value and set
  `DateMatch.mod` to ``start`` or ``end`` (``2021年底`` -> ``2021``, mod ``end``); ``前后``, ``左右`` and
  ``许`` set mod ``approx``.
* Vague time words (近日, 近期, 日前, 近年来, 前不久 ...) are DATEs with value ``None`` and kind ``vague``
  (SPEC section 3).  Lunar dates (农历八月十八) are DATEs with value ``None`` and kind ``lunar``.

Resolution rules
----------------

* ``今天`` and the other deictic words count from the document date (the dateline date applies to 今天).
  ``今天（1月5日）`` is ONE DATE: the parenthesised date is the value (it wins over the document date and
  also works without one); ``北京时间``/``当地时间`` before a date and ``截至`` are part of the span, as in
  the SPEC example ``截至4月2日24时``.
* Anaphoric words (当天, 当晚, 次日, 同日, 同年 ...) and a part of day standing alone (下午，...) refer
  to the last day (or year) mentioned before them in the text; the document date when there is none.
* Year rollover: a month-day without a year is placed in the year that puts it within 200 days before
  to 166 days after the document date (about 6.5 months back, 5.5 months ahead: news mostly reports the
  past), so ``12月31日`` in a story of 2022-01-03 is ``2021-12-31`` and ``1月5日`` in a story of
  2021-12-28 is ``2022-01-05``.  A month (or a period ending in a month: ``1—11月``, ``四季度``) without a
  year uses the same window in months (-6 .. +5).  A day alone (``18日``) takes the month among the
  document's month and its two neighbours that puts it within 20 days before to 10 days after the
  document date (else the nearest).  In a range the second end inherits what it omits from the first
  (``12月28日至1月3日`` crosses into the next year).
* Recurring expressions (``每年3月``) are not DATEs.

Deliberately not DATE
---------------------

Durations, anchored or not (37天, 三天, 两周, 24小时, 3个月, 5天破百, 近3日, 连续5日), counts that look like
dates (24场, 1.47亿人次, 第3日), ``目前``/``当前``/``现在``/``眼下`` (the moment of speaking, not a calendar
reference; ``截至目前`` is therefore not a DATE either), ``此前``/``随后`` (discourse order), festivals
(春节, 国庆; but a festival period, 春节期间 or 五一假期, is a DATE with no value), compact timestamps such as ``20220105 21:00``, and a clock time
written ``8点`` or ``21:00`` that is not attached to a date or part of day (``提出5点要求``, scores 21:19).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Dict, List, Optional, Sequence, Tuple

from .dates import PartialDate

__all__ = ["DateMatch", "find_dates", "interval_bounds", "PART_OF_DAY"]

# Values of DateMatch.part_of_day.  With a clock time they also turn 12-hour clocks into 24 hours (下午3时 -> 15:00).
PART_OF_DAY = ("early_morning", "morning", "noon", "afternoon", "evening", "night")

PAST_DAYS = 200  # year rollover window: [doc - 200 days, doc + 166 days)
DAY_WINDOW = (-20, 10)  # a day without month: [doc - 20 days, doc + 10 days]

# Slot levels of a date expression: an atom may only follow atoms of a coarser level.
Y, M, D, T, C = 0, 1, 2, 3, 4


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    value: Optional[str]
    kind: str  # date | time | period | relative | vague | lunar
    part_of_day: Optional[str] = None
    mod: Optional[str] = None  # start | end | approx

    def attrs(self) -> Dict[str, Optional[str]]:
        """The DATE entity's `attrs` (SPEC section 2): value always, the other fields when set."""
        out: Dict[str, Optional[str]] = {"value": self.value, "kind": self.kind}
        if self.part_of_day:
            out["part_of_day"] = self.part_of_day
        if self.mod:
            out["mod"] = self.mod
        return out


def interval_bounds(value: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """(start, end) of a value for sorting and filtering: a point is its own start and end, '..' is None."""
    if not value:
        return None, None
    if "/" not in value:
        return value, value
    lo, hi = value.split("/", 1)
    return (None if lo in ("", "..") else lo), (None if hi in ("", "..") else hi)


# ---------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class DateWord:
    word: str
    type: str
    value: str
    part_of_day: Optional[str]
    not_preceded: str
    not_followed: Tuple[str, ...]


@lru_cache(maxsize=1)
def date_words() -> Dict[str, DateWord]:
    text = resources.files("pipeline.lexicons").joinpath("date_words.tsv").read_text("utf-8")
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("#")]
    out: Dict[str, DateWord] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"):
        row = {k: (v or "").strip() for k, v in row.items()}
        out[row["word"]] = DateWord(
            row["word"],
            row["type"],
            row["value"],
            row["part_of_day"] or None,
            row["not_preceded"],
            tuple(x for x in row["not_followed"].split("|") if x),
        )
    return out


def _word_pattern(w: DateWord) -> str:
    p = re.escape(w.word)
    if w.type == "pod_attached" and len(w.word) == 1:  # 4日晚, 当天晚, 晚8时
        p = f"(?:(?<=[日天]){p}|{p}(?=[0-9一二三四五六七八九十]{{1,3}}[时点]))"
    if w.not_preceded:
        p = f"(?<![{re.escape(w.not_preceded)}])" + p
    if w.not_followed:
        p += "(?!" + "|".join(re.escape(x) for x in w.not_followed) + ")"
    return p


def _alternation(words: Sequence[DateWord]) -> str:
    return "|".join(_word_pattern(w) for w in sorted(words, key=lambda w: (-len(w.word), w.word)))


# --------------------------------------------------------------------------------------------- patterns

_D = r"(?:[12][0-9]|3[01]|0?[1-9])"
_M = r"(?:1[0-2]|0?[1-9])"
_H = r"(?:2[0-4]|[01]?[0-9])"
_Y = r"(?:1[1-9]|2[01])[0-9]{2}"
_SEP = r"(?:——|—|–|-|－|~|～|至|到)"
_CN_M = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_D = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_Y = r"[〇零○一二三四五六七八九]{4}"
_CN_COUNT = r"(?:十[一二]?|[两二三四五六七八九])"
_INIT = r"初(?![步衷心次级])"
_YMOD = rf"(?:底|末|{_INIT})"
_MPART = rf"(?:上中旬|中下旬|上半月|下半月|上旬|中旬|下旬|底|末|{_INIT})"
_LUNAR_DAY = r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]|二十[一二三四五六七八九]?|三十|十[一二三四五六七八九]?|[一二三四五六七八九])"
_GANZHI = r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]"


_DIGITS = "0123456789"
_CN_DIGITS = "〇零○一二三四五六七八九十"


def _atom_patterns() -> List[Tuple[str, str]]:
    """(characters the atom can start with, pattern), in order of preference at the same position."""
    d, cn = _DIGITS, _CN_DIGITS
    return [
        (d, rf"(?P<iso>(?<![0-9])(?P<iso_y>{_Y})-(?P<iso_m>1[0-2]|0[1-9])-(?P<iso_d>3[01]|[12][0-9]|0[1-9])(?![0-9]))"),
        (d, rf"(?P<yrange>(?<![0-9])(?P<yr1>{_Y}){_SEP}(?P<yr2>{_Y})年(?!代))"),
        (d + "上", rf"(?P<decade>(?:(?P<cent>[12][0-9])世纪|(?P<prevcent>上)世纪)?(?<![0-9])(?P<dec>[1-9]0)年代"
         rf"|(?<![0-9])(?P<dyear>1[0-9]{{2}}0|20[0-9]0)年代|(?<![0-9])(?P<cent2>[12][0-9])世纪(?![0-9]))"),
        # 两个月前, 几年前, 半个月前, 5年来, 近两年来, 过去5年, 未来4天, 这10年: a span counted from the story, vague
        (d + "一二两三四五六七八九十几半过近未这", rf"(?P<ago>(?:过去|近)?(?<![0-9])(?:[0-9]{{1,2}}|[一二两三四五六七八九十几半]{{1,3}})个?多?"
         rf"(?:年|月|天|周|星期)(?:前|来|以来)(?![0-9])|(?:过去|未来)(?:[0-9]{{1,2}}|[一二两三四五六七八九十几]{{1,3}})个?多?(?:年|月|天|周)"
         rf"|这(?:[0-9]{{1,2}}|[一二两三四五六七八九十几]{{1,3}})年(?![级度代前来]))"),
        (d, rf"(?P<year>(?<![0-9])(?P<y>{_Y})年(?!代)(?:度)?(?P<ymod>{_YMOD})?)"),
        (cn, rf"(?P<ycn>(?<![〇零○一二三四五六七八九十百千万])(?P<ycn_y>{_CN_Y})年(?P<ycnmod>{_YMOD})?)"),
        (d, rf"(?P<mrange>(?<![0-9.])(?P<mr1>{_M}){_SEP}(?P<mr2>{_M})月(?:份)?)"),
        (d, rf"(?P<md>(?<![0-9.])(?P<m>{_M})月(?:份)?(?:(?P<d>{_D})(?:日|号(?![0-9线楼院]))|(?P<mpart>{_MPART}))?)"),
        ("前", rf"(?P<firstn>前(?P<fn>1[0-2]|[2-9]|{_CN_COUNT})个?月(?!份额))"),
        (cn, rf"(?P<mdcn>(?<![〇零○一二三四五六七八九十百千万两几个第每前数])(?P<mc>{_CN_M})月(?:份)?"
         rf"(?:(?P<dc>{_CN_D})[日号]|(?P<mcpart>{_MPART}))?(?![亮球饼光色票薪息刊租供卡嫂子季]))"),
        ("农正腊", rf"(?P<lunar>农历(?:{_GANZHI}年)?(?:正|冬|腊|十[一二]?|[一二三四五六七八九])月{_LUNAR_DAY}?"
         rf"|农历{_GANZHI}年|(?:正月|腊月){_LUNAR_DAY})"),
        (d, rf"(?P<dayonly>(?<![0-9.第近前每共期续逾])(?P<do>{_D})日(?!内|以内|之内|游|龄))"),
        (d, rf"(?P<dspan>(?<![0-9.])(?P<ds1>{_D}){_SEP}(?P<ds2>{_D})日(?!内|以内|之内))"),
        (d, rf"(?P<hrange>(?<![0-9.:])(?P<h1>{_H}){_SEP}(?P<h2>{_H})(?:时|点)(?![0-9]{{1,2}}分))"),
        (d, rf"(?P<clock>(?<![0-9.:])(?P<ch>{_H})(?P<cu>时|点钟|点)(?:(?P<cmin>[0-5]?[0-9])分(?:[0-5]?[0-9]秒)?|(?P<chalf>半))?"
         rf"(?P<capprox>许)?(?![期代间候刻节段速差区]))"),
        (cn, rf"(?P<cnclock>(?<![〇零一二三四五六七八九十])(?P<cnh>二十[一二三四]?|十[一二]?|[零一二三四五六七八九])(?:点|时)"
         rf"(?:(?P<cnm>[一二三四五]?十[一二三四五六七八九]?|零[一二三四五六七八九])分|(?P<cnhalf>半))?(?![期代间候刻节段速差区]))"),
        (d, rf"(?P<colon>(?<![0-9.:])(?P<kh>{_H}):(?P<km>[0-5][0-9])(?::[0-5][0-9])?(?![0-9:]))"),
        ("本上下这星礼周", rf"(?P<wday>(?P<wrel>本|上|下|这)?(?:星期|礼拜)(?P<wd>[一二三四五六日天])"
         rf"|(?P<wrel2>本|上|下|这)周(?P<wd2>[一二三四五六日末])"
         rf"|(?<![一二两三四五六七八九十几每数个多半])周(?P<wd3>[一二三四五六日])"
         rf"(?=[，。、；：:,;\s0-9）)]|上午|下午|晚|早|凌晨|中午|至|到|起|$))"),
    ]


def _word_patterns(first: str) -> List[str]:
    words = [w for w in date_words().values() if w.word[0] == first]
    with_mod = [w for w in words if w.type in ("year", "anaphor_year", "month")]
    days = [w for w in words if w.type in ("day", "anaphor_day")]
    rest = [w for w in words if w.type not in ("year", "anaphor_year", "month", "day", "anaphor_day")]
    out = []
    if with_mod:
        out.append(rf"(?P<wmod>(?:{_alternation(with_mod)})(?P<wm>{_YMOD})?)")
    if days:
        paren = rf"(?:[（(](?:(?P<pm>{_M})月)?(?P<pd>{_D})日[）)])"
        out.append(rf"(?P<wday_word>(?:{_alternation(days)}){paren}?)")
    if rest:
        out.append(rf"(?P<word>{_alternation(rest)})")
    return out


@lru_cache(maxsize=1)
def _atom_table() -> Tuple["re.Pattern[str]", Dict[str, "re.Pattern[str]"]]:
    """A trigger pattern (the characters an atom can start with) and, for each such character, the
    atom pattern restricted to the alternatives that can start with it.

    `re` finds a leading character class in C, far faster than trying every alternative of one big
    pattern at every position; a run of digits is skipped at once (no atom starts inside a number)."""
    pats = _atom_patterns()
    firsts = set("".join(c for c, _ in pats)) | {w[0] for w in date_words()}
    table = {}
    for ch in firsts:
        alts = [p for c, p in pats if ch in c] + _word_patterns(ch)
        table[ch] = re.compile("|".join(alts))
    trigger = re.compile("[" + re.escape("".join(sorted(firsts))) + "][0-9]*")
    return trigger, table


def _iter_atoms(scan: str):
    trigger, table = _atom_table()
    trig = trigger.search
    pos, n = 0, len(scan)
    while pos < n:
        t = trig(scan, pos)
        if t is None:
            return
        p = t.start()
        ch = scan[p]
        m = table[ch].match(scan, p)
        if m is not None and m.end() > p:
            yield m
            pos = m.end()
        elif "0" <= ch <= "9":
            pos = t.end()  # no atom starts inside a number
        else:
            pos = p + 1


_GAP_RE = re.compile(r"[ \u3000]?")
_SEP_RE = re.compile(rf"[ \u3000]?{_SEP}[ \u3000]?")
_QUALIFIERS = ("北京时间", "当地时间")
_CUTOFF = ("截至", "截止到", "截止至", "截止")
_FROM = ("自", "从")
_SUFFIX_RE = re.compile(
    r"以来|至今|以后|之后|以前|之前|前后|左右|起(?![草来义飞诉步点跑源因居伏])|开始|前(?![往进行来线沿景提夕列茅期台方排移])"
)
_SUFFIX_MEANING = {
    "以来": "since", "至今": "since", "起": "since", "开始": "since", "以后": "since", "之后": "since",
    "以前": "before", "之前": "before", "前": "before", "前后": "approx", "左右": "approx",
}
_CLOCK_START = frozenset("0123456789一二三四五六七八九十")
_RECURRING_RE = re.compile(r"每[^，。；、！？\n]{0,3}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_RE = re.compile("[０-９]")


def prepare() -> None:
    """Compile the atom patterns and import cn2an now, when a pipeline loads, instead of on the first
    document (about 0.3 s that would otherwise be paid by whichever story comes first)."""
    _atom_table()
    import cn2an  # noqa: F401


@lru_cache(maxsize=4096)
def _cn_int(s: str) -> int:
    import cn2an  # imported here so that `import pipeline` stays fast; prepare() loads it with a pipeline

    return int(cn2an.cn2an(s.replace("○", "〇"), "normal"))


# ---------------------------------------------------------------------------------------------- atoms


@dataclass
class _Atom:
    kind: str
    start: int
    end: int
    first: int  # first slot level
    last: int  # last slot level
    terminal: bool = False
    standalone: bool = True  # may be a DATE on its own
    f: Dict[str, object] = field(default_factory=dict)


def _atom(m: "re.Match[str]") -> Optional[_Atom]:
    k = m.lastgroup
    g = m.group
    s, e = m.start(), m.end()
    if k == "iso":
        return _Atom(k, s, e, Y, D, f={"y": int(g("iso_y")), "m": int(g("iso_m")), "d": int(g("iso_d"))})
    if k == "yrange":
        y1, y2 = int(g("yr1")), int(g("yr2"))
        if y2 <= y1:
            return None
        return _Atom(k, s, e, Y, Y, terminal=True, f={"yrange": (y1, y2)})
    if k == "decade":
        return _Atom(k, s, e, Y, Y, terminal=True, f={"decade": m})
    if k in ("year", "ycn"):
        y = int(g("y")) if k == "year" else _cn_int(g("ycn_y"))
        mod = g("ymod") if k == "year" else g("ycnmod")
        if not 1000 <= y <= 2199:
            return None
        a = _Atom(k, s, e, Y, Y, f={"y": y})
        if mod:
            a.terminal, a.f["mod"] = True, ("start" if mod == "初" else "end")
        return a
    if k == "mrange":
        m1, m2 = int(g("mr1")), int(g("mr2"))
        if m2 <= m1:
            return None
        return _Atom(k, s, e, M, M, terminal=True, f={"mrange": (m1, m2)})
    if k in ("md", "mdcn"):
        if k == "md":
            mo, day, part = int(g("m")), g("d"), g("mpart")
            day = int(day) if day else None
        else:
            mo, day, part = _cn_int(g("mc")), g("dc"), g("mcpart")
            day = _cn_int(day) if day else None
            if mo > 12 or (day is not None and not 1 <= day <= 31):
                return None
        a = _Atom(k, s, e, M, D if day else M, f={"m": mo})
        if day:
            a.f["d"] = day
        if part:
            a.last, a.terminal = D, True
            _month_part(a, part)
        return a
    if k == "firstn":
        n = g("fn")
        n = int(n) if n.isdigit() else _cn_int(n.replace("两", "二"))
        if not 2 <= n <= 12:
            return None
        return _Atom(k, s, e, M, M, terminal=True, f={"mrange": (1, n)})
    if k == "lunar":
        return _Atom(k, s, e, Y, C, terminal=True, f={"lunar": True})
    if k == "dayonly":
        return _Atom(k, s, e, D, D, f={"d": int(g("do"))})
    if k == "dspan":
        d1, d2 = int(g("ds1")), int(g("ds2"))
        if d2 <= d1:
            return None
        return _Atom(k, s, e, D, D, terminal=True, f={"dspan": (d1, d2)})
    if k == "hrange":
        h1, h2 = int(g("h1")), int(g("h2"))
        if h2 <= h1:
            return None
        return _Atom(k, s, e, C, C, terminal=True, standalone=False, f={"hrange": (h1, h2)})
    if k == "clock":
        h = int(g("ch"))
        mi = int(g("cmin")) if g("cmin") else (30 if g("chalf") else 0)
        if h == 24 and mi:
            return None
        a = _Atom(k, s, e, C, C, standalone=g("cu") == "时", f={"clock": (h, mi)})
        if g("capprox"):
            a.f["mod"] = "approx"
        return a
    if k == "cnclock":
        h = _cn_int(g("cnh"))
        mi = _cn_int(g("cnm")) if g("cnm") else (30 if g("cnhalf") else 0)
        if h > 24 or mi > 59 or (h == 24 and mi):
            return None
        return _Atom(k, s, e, C, C, standalone=False, f={"clock": (h, mi)})
    if k == "colon":
        h, mi = int(g("kh")), int(g("km"))
        if h == 24 and mi:
            return None
        return _Atom(k, s, e, C, C, standalone=False, f={"clock": (h, mi)})
    if k == "wday":
        rel, wd = (g("wrel") or g("wrel2") or ""), (g("wd") or g("wd2") or g("wd3"))
        off = {"上": -1, "下": 1}.get(rel, 0)
        if wd == "末":
            return _Atom(k, s, e, Y, D, terminal=True, f={"weekend": off})
        wd_i = "一二三四五六日天".index(wd) + 1
        return _Atom(k, s, e, Y, D, f={"weekday": (off, min(wd_i, 7))})
    if k == "wmod":
        w = date_words()[m.group(0)[: len(m.group(0)) - len(g("wm") or "")]]
        a = _Atom(k, s, e, Y, Y if w.type != "month" else M, f={w.type: int(w.value)})
        if g("wm"):
            a.terminal, a.f["mod"] = True, ("start" if g("wm") == "初" else "end")
        return a
    if k == "wday_word":
        txt = m.group(0)
        word = txt.split("（")[0].split("(")[0]
        w = date_words()[word]
        a = _Atom(k, s, e, Y, T if w.part_of_day else D, f={w.type: int(w.value)})
        if w.part_of_day:
            a.f["pod"] = w.part_of_day
        if g("pd"):
            a.f["paren"] = (int(g("pm")) if g("pm") else None, int(g("pd")))
        return a
    if k == "ago":
        return _Atom(k, s, e, Y, C, terminal=True, f={"vague": True})
    if k == "word":
        w = date_words()[m.group(0)]
        t = w.type
        if t == "vague":
            return _Atom(k, s, e, Y, C, terminal=True, f={"vague": True})
        if t == "day_span":
            lo, hi = (int(x) for x in w.value.split(".."))
            return _Atom(k, s, e, Y, D, terminal=True, f={"day_span": (lo, hi)})
        if t == "week":
            return _Atom(k, s, e, Y, D, terminal=True, f={"week": int(w.value)})
        if t in ("pod", "pod_attached"):
            alone = t == "pod" or (len(w.word) == 1 and e < len(m.string) and m.string[e] in _CLOCK_START)
            return _Atom(k, s, e, T, T, standalone=alone, f={"pod": w.part_of_day})
        if t == "year_part":
            a = _Atom(k, s, e, M, M, terminal=True)
            if w.value in ("start", "end"):  # 年初, 年底: the year itself, with a modifier
                a.f["mod"] = w.value
            else:
                lo, hi = (int(x) for x in w.value.split("-"))
                a.f["mrange"] = (lo, hi)
            return a
        if t == "plan_period":  # 十四五: the years of a five-year plan, a period like 2021-2025年
            y1, y2 = (int(x) for x in w.value.split("-"))
            return _Atom(k, s, e, Y, Y, terminal=True, f={"yrange": (y1, y2)})
        if t == "month_part":
            a = _Atom(k, s, e, D, D, terminal=True)
            _month_part(a, w.word)
            return a
    return None


def _month_part(a: _Atom, part: str) -> None:
    words = date_words()
    w = words.get(part) or words["月" + part]  # 4月底 is 4月 + 月底
    if w.value in ("start", "end"):
        a.f["mod"], a.f["month_mod"] = w.value, True
    else:
        a.f["drange"] = tuple(int(x) for x in w.value.split("-"))


# ------------------------------------------------------------------------------------------ resolution


def _days_in(y: Optional[int], m: int) -> int:
    return calendar.monthrange(y or 2001, m)[1]


def _year_for(doc: Optional[PartialDate], m: int, d: Optional[int] = None) -> Optional[int]:
    """The year of a month(-day) written without one (see the module docstring)."""
    if doc is None or not doc.year:
        return None
    if not doc.month:
        return doc.year
    if d is not None and doc.day:
        ref = dt.date(doc.year, doc.month, doc.day)
        for y in (doc.year - 1, doc.year, doc.year + 1):
            try:
                diff = (dt.date(y, m, d) - ref).days
            except ValueError:
                continue
            if -PAST_DAYS <= diff < 366 - PAST_DAYS:
                return y
        return doc.year
    delta = m - doc.month
    return doc.year - 1 if delta > 5 else doc.year + 1 if delta < -6 else doc.year


def _month_for_day(doc: Optional[PartialDate], d: int) -> Tuple[Optional[int], Optional[int]]:
    if doc is None or not doc.month:
        return None, None
    if not doc.day:
        return doc.year, doc.month
    ry = doc.year or 2000  # 2000 is a leap year: a day is never rejected for want of a year
    ref = dt.date(ry, doc.month, doc.day)
    cands = []
    for off in (-1, 0, 1):
        k = doc.month - 1 + off
        yy, mm = ry + k // 12, k % 12 + 1
        try:
            cands.append(((dt.date(yy, mm, d) - ref).days, yy, mm))
        except ValueError:
            continue
    inside = [c for c in cands if DAY_WINDOW[0] <= c[0] <= DAY_WINDOW[1]]
    diff, yy, mm = min(inside or cands, key=lambda c: (abs(c[0]), c[0] > 0))
    return (yy if doc.year else None), mm


def _shift_day(y: Optional[int], m: int, d: int, off: int) -> Optional[Tuple[Optional[int], int, int]]:
    if y:
        x = dt.date(y, m, d) + dt.timedelta(days=off)
        return x.year, x.month, x.day
    try:  # unknown year: only when leap and common years agree
        a = dt.date(2000, m, d) + dt.timedelta(days=off)
        b = dt.date(2001, m, d) + dt.timedelta(days=off)
    except ValueError:
        return None
    if (a.month, a.day) != (b.month, b.day):
        return None
    return None, a.month, a.day


def _doc_day(doc: Optional[PartialDate]) -> Optional[Tuple[Optional[int], int, int]]:
    if doc is None or not doc.month or not doc.day:
        return None
    return doc.year, doc.month, doc.day


def _ys(y: Optional[int]) -> str:
    return f"{y:04d}" if y else "XXXX"


def _fmt_date(y: Optional[int], m: Optional[int] = None, d: Optional[int] = None) -> Optional[str]:
    if m is None:
        return f"{y:04d}" if y else None
    if d is None:
        return f"{_ys(y)}-{m:02d}"
    return f"{_ys(y)}-{m:02d}-{d:02d}"


def _fmt_time(y: Optional[int], m: Optional[int], d: Optional[int], h: int, mi: int) -> str:
    if d is None:
        return f"T{h:02d}:{mi:02d}"
    if h == 24 and y and m:
        x = dt.date(y, m, d) + dt.timedelta(days=1)
        return f"{x.isoformat()}T00:00"
    date = f"{_ys(y)}-{m:02d}-{d:02d}" if m else f"{_ys(y)}-XX-{d:02d}"  # 24:00 stays when the year is unknown
    return f"{date}T{h:02d}:{mi:02d}"


def _hour24(h: int, pod: Optional[str]) -> int:
    if pod in ("afternoon", "evening") and 1 <= h < 12:
        return h + 12
    if pod == "noon" and 1 <= h < 6:
        return h + 12
    if pod == "night" and 6 <= h < 12:
        return h + 12
    if pod in ("evening", "night") and h == 12:  # 晚上12点 is midnight
        return 24
    return h


@dataclass
class _Point:
    """A resolved point: fields at the precision the text gives, or a ready value."""

    y: Optional[int] = None
    m: Optional[int] = None
    d: Optional[int] = None
    unknown: bool = False  # something deictic could not be resolved: value None
    lo: Optional[str] = None  # a ready interval or special value
    hi: Optional[str] = None
    special: bool = False
    clock: Optional[Tuple[int, int]] = None
    hrange: Optional[Tuple[int, int]] = None
    pod: Optional[str] = None
    mod: Optional[str] = None
    relative: bool = False
    has_year: bool = False
    has_month: bool = False
    has_day: bool = False
    vague: bool = False
    lunar: bool = False
    period: bool = False

    def day(self) -> Optional[Tuple[Optional[int], int, int]]:
        return (self.y, self.m, self.d) if (self.m and self.d and not self.unknown) else None

    def bounds(self) -> Tuple[Optional[str], Optional[str]]:
        if self.unknown or self.vague or self.lunar:
            return None, None
        if self.special:
            return self.lo, self.hi
        y, m, d = self.y, self.m, self.d
        if self.hrange and d:
            return _fmt_time(y, m, d, *_hr(self.hrange[0], self.pod)), _fmt_time(y, m, d, *_hr(self.hrange[1], self.pod))
        if self.clock:
            h = _hour24(self.clock[0], self.pod)
            return (_fmt_time(y, m, d, h, self.clock[1]),) * 2
        if d and not m:
            v = f"{_ys(y)}-XX-{d:02d}"
            return v, v
        v = _fmt_date(y, m, d)
        return v, v


def _hr(h: int, pod: Optional[str]) -> Tuple[int, int]:
    return _hour24(h, pod), 0


class _Resolver:
    def __init__(self, doc: Optional[PartialDate]):
        self.doc = doc
        self.ref_day: Optional[Tuple[Optional[int], int, int]] = None
        self.ref_year: Optional[int] = None

    def anchor_day(self) -> Optional[Tuple[Optional[int], int, int]]:
        return self.ref_day or _doc_day(self.doc)

    def point(self, atoms: List[_Atom], inherit: Optional[_Point] = None) -> _Point:
        p = _Point()
        f: Dict[str, object] = {}
        for a in atoms:
            f.update(a.f)
        doc = self.doc
        dy = doc.year if doc else None
        p.pod = f.get("pod")  # type: ignore[assignment]
        p.mod = f.get("mod")  # type: ignore[assignment]
        if f.get("vague"):
            p.vague = True
            return p
        if f.get("lunar"):
            p.lunar = True
            return p
        if "decade" in f:
            p.special, p.lo = True, _decade(f["decade"], dy)  # type: ignore[arg-type]
            p.hi = p.lo
            return p
        if "yrange" in f:
            y1, y2 = f["yrange"]  # type: ignore[misc]
            p.special, p.period, p.lo, p.hi, p.has_year = True, True, f"{y1:04d}", f"{y2:04d}", True
            return p
        # ----- year
        year_given = False
        if "y" in f:
            p.y, year_given, p.has_year = f["y"], True, True  # type: ignore[assignment]
        elif "year" in f:
            p.relative, year_given, p.has_year = True, True, True
            p.y = dy + f["year"] if dy else None  # type: ignore[operator]
            p.unknown = p.y is None and "m" not in f and "mrange" not in f
        elif "anaphor_year" in f:
            p.relative, year_given, p.has_year = True, True, True
            base = self.ref_year or dy
            p.y = base + f["anaphor_year"] if base else None  # type: ignore[operator]
            p.unknown = p.y is None and "m" not in f and "mrange" not in f
        elif inherit is not None and inherit.y is not None:
            p.y = inherit.y
        # ----- day-level deictic words
        if "day" in f or "anaphor_day" in f or "weekday" in f or "paren" in f:
            p.relative, p.has_day = True, True
            if "paren" in f:
                pm, pd = f["paren"]  # type: ignore[misc]
                if pm is None:
                    yy, pm = _month_for_day(doc, pd)
                else:
                    yy = _year_for(doc, pm, pd)
                p.y, p.m, p.d = yy, pm, pd
            else:
                if "weekday" in f:
                    base = _doc_day(doc)
                    woff, wd = f["weekday"]  # type: ignore[misc]
                    r = None
                    if base and base[0]:
                        x = dt.date(*base)  # type: ignore[arg-type]
                        x = x + dt.timedelta(days=7 * woff + wd - x.isoweekday())
                        r = (x.year, x.month, x.day)
                else:
                    base = _doc_day(doc) if "day" in f else self.anchor_day()
                    off = f.get("day", f.get("anaphor_day", 0))
                    r = _shift_day(*base, off) if base else None  # type: ignore[arg-type]
                if r is None:
                    p.unknown = True
                else:
                    p.y, p.m, p.d = r
            self._time_fields(p, f)
            return p
        if "day_span" in f or "week" in f or "weekend" in f:
            p.relative, p.special, p.period = True, True, True
            base = _doc_day(doc)
            if "day_span" in f:
                lo, hi = f["day_span"]  # type: ignore[misc]
                a = _shift_day(*base, lo) if base else None  # type: ignore[arg-type]
                b = _shift_day(*base, hi) if base else None  # type: ignore[arg-type]
                if a and b:
                    p.lo, p.hi = _fmt_date(*a), _fmt_date(*b)
                else:
                    p.unknown = True
            elif base and base[0]:
                x = dt.date(*base) + dt.timedelta(days=7 * f.get("week", f.get("weekend", 0)))  # type: ignore
                if "week" in f:
                    iy, iw, _ = x.isocalendar()
                    p.lo = p.hi = f"{iy:04d}-W{iw:02d}"
                else:
                    sat = x + dt.timedelta(days=6 - x.isoweekday())
                    p.lo, p.hi = sat.isoformat(), (sat + dt.timedelta(days=1)).isoformat()
            else:
                p.unknown = True
            return p
        # ----- month
        if "month" in f:
            p.relative, p.has_month = True, True
            if doc is None or not doc.month:
                p.unknown = True
                return p
            k = doc.month - 1 + f["month"]  # type: ignore[operator]
            p.m = k % 12 + 1
            p.y = dy + k // 12 if dy else None
        elif "m" in f:
            p.m, p.has_month = f["m"], True  # type: ignore[assignment]
            if not year_given:
                if inherit is not None and inherit.m is not None:
                    p.y = inherit.y
                    if (p.m, f.get("d") or 0) < (inherit.m, inherit.d or 0) and p.y:
                        p.y += 1
                else:
                    p.y = _year_for(doc, p.m, f.get("d"))  # type: ignore[arg-type]
        elif "mrange" in f:
            p.period, p.special, p.has_month = True, True, True
            m1, m2 = f["mrange"]  # type: ignore[misc]
            if not year_given and (doc is None or not doc.year):
                p.y = None
            elif not year_given:
                p.y = _year_for(doc, m2)
            if p.unknown:
                return p
            p.lo, p.hi = f"{_ys(p.y)}-{m1:02d}", f"{_ys(p.y)}-{m2:02d}"
            return p
        # ----- day
        if "d" in f:
            p.d, p.has_day = f["d"], True  # type: ignore[assignment]
            if p.m is None:
                if inherit is not None and inherit.d is not None and inherit.m:
                    p.y, p.m = inherit.y, inherit.m
                    if p.d < inherit.d:  # 30日至2日
                        p.m = p.m % 12 + 1
                        if p.m == 1 and p.y:
                            p.y += 1
                else:
                    p.y, p.m = _month_for_day(doc, p.d)  # type: ignore[arg-type]
            if p.m and p.d > _days_in(p.y if p.y else 2000, p.m):
                p.unknown = True
        elif "dspan" in f:
            p.period, p.special, p.has_day = True, True, True
            d1, d2 = f["dspan"]  # type: ignore[misc]
            if p.m is None:
                p.y, p.m = _month_for_day(doc, d1)
            if p.m is None:
                p.lo, p.hi = f"{_ys(p.y)}-XX-{d1:02d}", f"{_ys(p.y)}-XX-{d2:02d}"
            else:
                p.lo, p.hi = _fmt_date(p.y, p.m, d1), _fmt_date(p.y, p.m, min(d2, _days_in(p.y, p.m)))
            return p
        elif "drange" in f:
            p.period, p.special = True, True
            if p.m is None:  # 上旬 on its own: the document's month
                if doc is None or not doc.month:
                    p.unknown = True
                    return p
                p.y, p.m = dy, doc.month
            d1, d2 = f["drange"]  # type: ignore[misc]
            d2 = min(d2, _days_in(p.y, p.m))
            p.lo, p.hi = _fmt_date(p.y, p.m, d1), _fmt_date(p.y, p.m, d2)
            return p
        elif f.get("month_mod") and p.m is None:  # 月底 on its own
            if doc is None or not doc.month:
                p.unknown = True
                return p
            p.y, p.m = dy, doc.month
        elif "mod" in f and not p.has_year and not p.has_month and "clock" not in f:
            # 年初 / 年底 on their own: the document's year
            p.y = dy
            p.unknown = not dy
            p.relative = True
        if "clock" in f or "hrange" in f or ("pod" in f and not p.has_day and not p.has_month and not p.has_year):
            if p.d is None and not p.has_month and not p.has_year:
                # a time or part of day on its own: the first end of its range, else the last day
                # mentioned (or the document date)
                r = inherit.day() if inherit is not None else self.anchor_day()
                if inherit is not None:
                    p.pod = p.pod or inherit.pod
                p.relative = True
                if r is None:
                    if "clock" not in f:
                        p.unknown = True
                else:
                    p.y, p.m, p.d = r
            self._time_fields(p, f)
        return p

    def _time_fields(self, p: _Point, f: Dict[str, object]) -> None:
        if "clock" in f:
            p.clock = f["clock"]  # type: ignore[assignment]
        if "hrange" in f:
            p.hrange, p.period = f["hrange"], True  # type: ignore[assignment]

    def remember(self, p: _Point) -> None:
        if p.day() is not None:
            self.ref_day = p.day()
        if p.y and not p.special:
            self.ref_year = p.y


def _decade(m: "re.Match[str]", doc_year: Optional[int]) -> str:
    if m.group("cent2"):
        return f"{int(m.group('cent2')) - 1:02d}XX"
    if m.group("dyear"):
        return m.group("dyear")[:3] + "X"
    dec = int(m.group("dec"))
    if m.group("cent"):
        c = int(m.group("cent")) - 1
    elif m.group("prevcent"):
        c = 19
    else:
        ref = doc_year or 2000
        c = ref // 100 if (ref // 100) * 100 + dec <= ref else ref // 100 - 1
    return f"{c:02d}{dec // 10}X"


# --------------------------------------------------------------------------------------------- grammar


def _points(atoms: List[_Atom], text: str, i: int) -> Tuple[List[_Atom], int]:
    """The longest run of adjacent atoms from atoms[i] with strictly finer slots."""
    run = [atoms[i]]
    j = i + 1
    while j < len(atoms):
        prev, nxt = run[-1], atoms[j]
        gap = text[prev.end : nxt.start]
        if prev.terminal or nxt.first <= prev.last or not _GAP_RE.fullmatch(gap):
            break
        if nxt.kind == "lunar" or nxt.f.get("vague"):
            break
        run.append(nxt)
        j += 1
    return run, j


def _valid_alone(run: List[_Atom]) -> bool:
    """8点, 21:00, 0—24时 and 晚 only count after a date or a part of day (上午10:00, 4日晚)."""
    return run[0].standalone


def find_dates(text: str, doc_date: Optional[PartialDate] = None) -> List[DateMatch]:
    """DATE entities of `text`, resolved against `doc_date` (see the module docstring)."""
    if not text:
        return []
    scan = text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text
    atoms = [a for a in (_atom(m) for m in _iter_atoms(scan)) if a is not None]
    res = _Resolver(doc_date)
    out: List[DateMatch] = []
    i = 0
    while i < len(atoms):
        run, j = _points(atoms, scan, i)
        run2: Optional[List[_Atom]] = None
        # an interval: point SEP point, the second point no coarser than the first
        if j < len(atoms) and not run[-1].f.get("vague") and not run[-1].kind == "lunar":
            sep = _SEP_RE.match(scan, run[-1].end)
            if sep and sep.end() == atoms[j].start:
                cand, k = _points(atoms, scan, j)
                if cand[0].first >= run[0].first and cand[0].first <= run[-1].last and not cand[0].f.get("vague") \
                        and cand[0].kind != "lunar" and _compatible(run, cand):
                    run2, j = cand, k
        i = j
        if not _valid_alone(run):
            continue
        start, end = run[0].start, (run2 or run)[-1].end
        if start and _RECURRING_RE.search(scan, max(0, start - 4), start):  # 每年3月, 每天晚上, 每个周六上午
            continue
        p1 = res.point(run)
        p2 = res.point(run2, inherit=p1) if run2 else None
        # prefixes and suffixes, never reaching into the previous DATE or the next atom
        floor = out[-1].end if out else 0
        ceiling = atoms[j].start if j < len(atoms) else len(scan)
        for q in _QUALIFIERS:
            if start - len(q) >= floor and scan.endswith(q, 0, start):
                start -= len(q)
                break
        cutoff = False
        for q in _CUTOFF:
            if start - len(q) >= floor and scan.endswith(q, 0, start):
                start, cutoff = start - len(q), True
                break
        suffix = None
        sm = _SUFFIX_RE.match(scan, end)
        if sm and sm.end() <= ceiling and not p1.vague and not p1.lunar and not cutoff:
            suffix = _SUFFIX_MEANING[sm.group(0)]
            if suffix == "before" and p2 is not None:
                suffix = None
            else:
                end = sm.end()
        if (suffix == "since" or p2 is not None) and not cutoff:
            for q in _FROM:
                if start - len(q) >= floor and scan.endswith(q, 0, start):
                    start -= len(q)
                    break
        # value
        lo, hi = p1.bounds()
        if p2 is not None:
            hi = p2.bounds()[1]
            if lo is None or hi is None:
                lo = hi = None
        unknown = lo is None and hi is None
        if unknown:
            value = None
        elif cutoff:
            value = f"../{hi}"
        elif suffix == "since":
            value = f"{lo}/.."
        elif suffix == "before":
            value = f"../{lo}"
        else:
            value = lo if lo == hi else f"{lo}/{hi}"
        mod = p1.mod if p2 is None else None
        if suffix == "approx":
            mod = "approx"
        if p1.vague:
            kind = "vague"
        elif p1.lunar:
            kind = "lunar"
        elif value and "/" in value or p1.period or p2 is not None:
            kind = "period"
        elif p1.clock:
            kind = "time"
        elif p1.relative:
            kind = "relative"
        else:
            kind = "date"
        out.append(DateMatch(start, end, text[start:end], value, kind, p1.pod, mod))
        res.remember(p1)
    return _drop_overlaps(out)


def _compatible(run: List[_Atom], cand: List[_Atom]) -> bool:
    """The second point of a range must be complete on its own or inherit what it lacks from the first."""
    if cand[0].first == C and not any(a.first == C or a.last == C for a in run):
        # 10:00到11:00 needs a time in the first point too; 4月3日到8点 is not a range
        return any(a.first == T for a in run)
    return True


def _drop_overlaps(ms: List[DateMatch]) -> List[DateMatch]:
    ms.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: List[DateMatch] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
