"""DATE entities (pipeline/date_entities.py): spans and ISO values on real and targeted text."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import XWLB, comparable, seed_text
from pipeline.date_entities import PART_OF_DAY, DateMatch, find_dates, interval_bounds
from pipeline.dates import PartialDate, date_from_dateline, date_from_filename

D = PartialDate(2022, 4, 3)  # the dateline of seed 000: 本报4月3日讯


def line_with(text: str, needle: str) -> str:
    """The line of `text` holding `needle` (the corpus must contain it: a missing line is a failure)."""
    for line in text.splitlines():
        if needle in line:
            return line
    pytest.fail(f"corpus line not found: {needle!r}")


def xwlb(day: str) -> str:
    return (XWLB / f"{day}.md").read_text(encoding="utf-8")


def check(text: str, doc, expected):
    """find_dates finds exactly `expected` [(span text, value), ...], at the first places the texts occur in order."""
    got = find_dates(text, doc)
    assert [(m.text, m.value) for m in got] == expected
    pos = 0
    for m, (span, _) in zip(got, expected):
        start = text.index(span, pos)
        assert (m.start, m.end) == (start, start + len(span))
        assert text[m.start : m.end] == m.text
        pos = m.end
    return got


# ------------------------------------------------------------------------------------------- real text


def test_seed000_dateline_today_evening_unknown_and_known_year():
    line = line_with(seed_text(0), "本报4月3日讯(记者黄莺)今天晚上")
    doc = date_from_dateline(line)
    assert doc == PartialDate(None, 4, 3)  # the dateline has no year: it stays unknown
    got = check(line, doc, [("4月3日", "XXXX-04-03"), ("今天晚上", "XXXX-04-03")])
    assert got[1].part_of_day == "evening" and got[1].kind == "relative"
    check(line, doc.with_year(2022), [("4月3日", "2022-04-03"), ("今天晚上", "2022-04-03")])
    # without any document date 今天 is still a DATE, with an unknown value
    got = check(line, None, [("4月3日", "XXXX-04-03"), ("今天晚上", None)])
    assert got[1].kind == "relative"


def test_seed000_cutoff_daily_period_and_early_morning_clock():
    text = seed_text(0)
    got = check(line_with(text, "截至4月2日24时"), D, [("截至4月2日24时", "../2022-04-03T00:00")])
    assert got[0].kind == "period"
    check(
        line_with(text, "4月2日0—24时,吉林市"), D,
        [("4月3日", "2022-04-03"), ("4月2日0—24时", "2022-04-02T00:00/2022-04-03T00:00")],
    )
    # 3日早6点 is a DATE; 8点前 (a clock time with no date or part of day) is not
    got = check(line_with(text, "于3日早6点驰援宽城区"), D, [("3日早6点", "2022-04-03T06:00")])
    assert got[0].part_of_day == "morning" and got[0].kind == "time"


def test_seed002_part_of_day_and_ascii_hyphen_period():
    line = line_with(seed_text(2), "4月2日上午，吉林省委书记景俊海")  # the whole story is one line
    day = ("4月2日0-24时", "2022-04-02T00:00/2022-04-03T00:00")
    got = check(line, D, [("4月2日上午", "2022-04-02"), ("4月2日下午", "2022-04-02"), ("4月3日", "2022-04-03"), day, day])
    assert [m.part_of_day for m in got] == ["morning", "afternoon", None, None, None]


def test_seed003_html_paragraph():
    line = line_with(seed_text(3), "据吉林省卫健委3月13日通报，<font")
    check(line, PartialDate(2022, 3, 13), [("3月13日", "2022-03-13"), ("3月12日0-24时", "2022-03-12T00:00/2022-03-13T00:00")])


def test_seed004_since_after_simplification():
    line = line_with(comparable(seed_text(4)), "3月10日以来")
    got = check(line, PartialDate(2022, 4, 5), [("3月10日以来", "2022-03-10/..")])
    assert got[0].kind == "period"


def test_xwlb_beijing_time_today_with_parenthesised_date():
    text = xwlb("20220105")
    line = line_with(text, "截至北京时间今天（1月5日）16时")
    doc = date_from_filename("20220105.md")
    check(line, doc, [("截至北京时间今天（1月5日）16时", "../2022-01-05T16:00"), ("4日", "2022-01-04")])
    # the parenthesised date is the value even without a document date
    check(line, None, [("截至北京时间今天（1月5日）16时", "../XXXX-01-05T16:00"), ("4日", "XXXX-XX-04")])


def test_xwlb_month_period_vague_and_program_timestamp():
    text = xwlb("20220105")
    doc = PartialDate(2022, 1, 5)
    check(line_with(text, "（2）2021年1—11月我国服务进出口"), doc, [("2021年1—11月", "2021-01/2021-11")])
    check(line_with(text, "（《新闻联播》 20220105 21:00）"), doc, [])
    check(line_with(text, "1月4日，习近平在中共中央政治局委员"), doc, [("1月4日", "2022-01-04")])
    got = check(line_with(text, "习近平近日在北京考察"), doc, [("近日", None), ("2022年", "2022")])
    assert got[0].kind == "vague"


def test_xwlb_new_year_rollover_and_reporting_day():
    text = xwlb("20220101")
    doc = date_from_filename("20220101.md")
    got = check(line_with(text, "昨晚（12月31日），2022年北京冬奥会"), doc, [("昨晚（12月31日）", "2021-12-31"), ("2022年", "2022")])
    assert got[0].part_of_day == "evening"
    check(
        line_with(text, "国家卫生健康委今天（1月1日）通报"), doc,
        [
            ("今天（1月1日）", "2022-01-01"),
            ("2021年12月31日0—24时", "2021-12-31T00:00/2022-01-01T00:00"),
            ("截至2021年12月31日24时", "../2022-01-01T00:00"),
            ("截至2021年12月31日", "../2021-12-31"),
        ],
    )
    # a December story: 1月7日 without a year is next January
    check(
        line_with(xwlb("20221223"), "2023年铁路春运将于1月7日开始"), PartialDate(2022, 12, 23),
        [("2023年", "2023"), ("1月7日开始", "2023-01-07/.."), ("2月15日", "2023-02-15"), ("2022年12月24日开始", "2022-12-24/..")],
    )


def test_xwlb_clock_interval_and_day_range():
    got = check(
        line_with(xwlb("20220503"), "明天（5月4日）上午10:00到11:00"), PartialDate(2022, 5, 3),
        [("明天（5月4日）上午10:00到11:00", "2022-05-04T10:00/2022-05-04T11:00")],
    )
    assert got[0].part_of_day == "morning"
    check(
        line_with(xwlb("20220519"), "18日—19日，俄军继续打击"), PartialDate(2022, 5, 19),
        [("18日—19日", "2022-05-18/2022-05-19"), ("18日", "2022-05-18")],
    )


# ---------------------------------------------------------------------------------------- targeted

TABLE = [
    # explicit dates, months, years, periods
    ("2022年4月3日", D, [("2022年4月3日", "2022-04-03", "date")]),
    ("4月3日", D, [("4月3日", "2022-04-03", "date")]),
    ("3日", D, [("3日", "2022-04-03", "date")]),
    ("30日", D, [("30日", "2022-03-30", "date")]),  # day alone: the nearest month, past preferred
    ("4月", D, [("4月", "2022-04", "date")]),
    ("4月份", D, [("4月份", "2022-04", "date")]),
    ("2022年", D, [("2022年", "2022", "date")]),
    ("2021年1—11月", D, [("2021年1—11月", "2021-01/2021-11", "period")]),
    ("2021—2025年", D, [("2021—2025年", "2021/2025", "period")]),
    ("1月4日上午", D, [("1月4日上午", "2022-01-04", "date")]),
    ("1月4日下午3时", D, [("1月4日下午3时", "2022-01-04T15:00", "time")]),
    ("1月4日晚上", D, [("1月4日晚上", "2022-01-04", "date")]),
    ("4月2日0-24时", D, [("4月2日0-24时", "2022-04-02T00:00/2022-04-03T00:00", "period")]),
    ("3月13日0—24时", D, [("3月13日0—24时", "2022-03-13T00:00/2022-03-14T00:00", "period")]),
    ("截至4月2日24时", D, [("截至4月2日24时", "../2022-04-03T00:00", "period")]),
    ("截至4月2日", D, [("截至4月2日", "../2022-04-02", "period")]),
    ("3月10日以来", D, [("3月10日以来", "2022-03-10/..", "period")]),
    ("自3月10日以来", D, [("自3月10日以来", "2022-03-10/..", "period")]),
    ("1月1日起施行", D, [("1月1日起", "2022-01-01/..", "period")]),
    ("4月3日前完成", D, [("4月3日前", "../2022-04-03", "period")]),
    ("18日至22日", D, [("18日至22日", "2022-03-18/2022-03-22", "period")]),
    ("4月18日至22日", D, [("4月18日至22日", "2022-04-18/2022-04-22", "period")]),
    ("4月18日—5月2日", D, [("4月18日—5月2日", "2022-04-18/2022-05-02", "period")]),
    ("4月1—2日", D, [("4月1—2日", "2022-04-01/2022-04-02", "period")]),
    ("12月28日至1月3日", PartialDate(2022, 1, 5), [("12月28日至1月3日", "2021-12-28/2022-01-03", "period")]),
    ("上午10:00到11:00", D, [("上午10:00到11:00", "2022-04-03T10:00/2022-04-03T11:00", "period")]),
    ("2022-04-03", None, [("2022-04-03", "2022-04-03", "date")]),
    ("４月３日", D, [("４月３日", "2022-04-03", "date")]),  # full-width digits, offsets kept
    # deictic words
    ("今天", D, [("今天", "2022-04-03", "relative")]),
    ("今日", D, [("今日", "2022-04-03", "relative")]),
    ("昨天", D, [("昨天", "2022-04-02", "relative")]),
    ("昨日", D, [("昨日", "2022-04-02", "relative")]),
    ("明天", D, [("明天", "2022-04-04", "relative")]),
    ("前天", D, [("前天", "2022-04-01", "relative")]),
    ("今天上午", D, [("今天上午", "2022-04-03", "relative")]),
    ("今天晚上", D, [("今天晚上", "2022-04-03", "relative")]),
    ("今晚", D, [("今晚", "2022-04-03", "relative")]),
    ("今晚8点", D, [("今晚8点", "2022-04-03T20:00", "time")]),
    ("今明两天", D, [("今明两天", "2022-04-03/2022-04-04", "period")]),
    ("本周", D, [("本周", "2022-W13", "period")]),
    ("上周", D, [("上周", "2022-W12", "period")]),
    ("上周五", D, [("上周五", "2022-03-25", "relative")]),
    ("今年", D, [("今年", "2022", "relative")]),
    ("去年", D, [("去年", "2021", "relative")]),
    ("明年", D, [("明年", "2023", "relative")]),
    ("今年以来", D, [("今年以来", "2022/..", "period")]),
    ("本月", D, [("本月", "2022-04", "relative")]),
    ("上月", PartialDate(2022, 1, 3), [("上月", "2021-12", "relative")]),
    ("本月下旬", D, [("本月下旬", "2022-04-21/2022-04-30", "period")]),
    ("上半年", D, [("上半年", "2022-01/2022-06", "period")]),
    ("去年四季度", D, [("去年四季度", "2021-10/2021-12", "period")]),
    ("一季度", D, [("一季度", "2022-01/2022-03", "period")]),
    ("四季度", PartialDate(2022, 1, 3), [("四季度", "2021-10/2021-12", "period")]),
    ("前三季度", D, [("前三季度", "2022-01/2022-09", "period")]),
    ("今年前10个月", D, [("今年前10个月", "2022-01/2022-10", "period")]),
    ("6月中旬", D, [("6月中旬", "2022-06-11/2022-06-20", "period")]),
    ("2021年底", D, [("2021年底", "2021", "date")]),
    ("截至去年底", D, [("截至去年底", "../2021", "period")]),
    ("北京时间今天（1月5日）16时", PartialDate(2022, 1, 5), [("北京时间今天（1月5日）16时", "2022-01-05T16:00", "time")]),
    ("当地时间23日晚", D, [("当地时间23日晚", "2022-03-23", "date")]),
    ("13日", D, [("13日", "2022-04-13", "date")]),  # within 10 days ahead: this month
    # vague
    ("近日", D, [("近日", None, "vague")]),
    ("近期", D, [("近期", None, "vague")]),
    ("日前", D, [("日前", None, "vague")]),
    ("近年来", D, [("近年来", None, "vague")]),
    # Chinese numerals (cn2an)
    ("三月十六日", D, [("三月十六日", "2022-03-16", "date")]),
    ("二〇二二年", D, [("二〇二二年", "2022", "date")]),
    ("一九四九年十月一日", D, [("一九四九年十月一日", "1949-10-01", "date")]),
    ("上午十时三十分", D, [("上午十时三十分", "2022-04-03T10:30", "time")]),
    ("前八个月", D, [("前八个月", "2022-01/2022-08", "period")]),
    # decades, lunar dates
    ("上世纪80年代", D, [("上世纪80年代", "198X", "date")]),
    ("21世纪", D, [("21世纪", "20XX", "date")]),
    ("农历八月十八", D, [("农历八月十八", None, "lunar")]),
    # anaphora: the last day mentioned
    ("4月2日，韩俊在长春检查。当天下午，他", D, [("4月2日", "2022-04-02", "date"), ("当天下午", "2022-04-02", "relative")]),
    ("3月30日抵达，次日返回", D, [("3月30日", "2022-03-30", "date"), ("次日", "2022-03-31", "relative")]),
    ("4月1日上午开会，下午调研", D, [("4月1日上午", "2022-04-01", "date"), ("下午", "2022-04-01", "relative")]),
    # part of day and 12-hour clocks
    ("下午3时", D, [("下午3时", "2022-04-03T15:00", "time")]),
    ("晚8时许", D, [("晚8时许", "2022-04-03T20:00", "time")]),
    ("凌晨2时", D, [("凌晨2时", "2022-04-03T02:00", "time")]),
    ("晚上12点", D, [("晚上12点", "2022-04-04T00:00", "time")]),
    ("24时", D, [("24时", "2022-04-04T00:00", "time")]),
    # not DATE
    ("5天破百、6天破千", D, []),
    ("持续37天，共24场，1.47亿人次", D, []),
    ("三天、两周、24小时、3个月", D, []),
    ("近3日、连续5日、第3日、7日内", D, []),
    ("目前，当前，现在", D, []),
    ("截至目前", D, []),
    ("每年3月", D, []),
    ("每天晚上", D, []),
    ("两周一次", D, []),
    ("提出5点要求", D, []),
    ("以21:19获胜", D, []),
    ("（《新闻联播》 20220105 21:00）", D, []),
    ("长征二号丙运载火箭、天舟三号", D, []),
    ("习近平同日本首相", D, []),
    ("说明日中关系", D, []),
    ("如今年轻人", D, []),
    ("目前天气晴好", D, []),
    ("接近日本", D, []),
    ("节日前夕", D, []),
    ("党的十八大以来", D, []),
    # the years of a five-year plan are a period (the dev gold marks “十四五” in 8 of 12 places)
    ("全国政协围绕“十四五”规划实施开展民主监督", D, [("十四五", "2021/2025", "period")]),
    ("“十三五”时期", D, [("十三五", "2016/2020", "period")]),
    ("第十四五个、二十四五人", D, []),
    ("天津大中小学即日起进入寒假", D, [("即日起", "2022-04-03/..", "period")]),
    ("5月上半月，全市规模以上工业企业", D, [("5月上半月", "2022-05-01/2022-05-15", "period")]),
    ("近两天，新增感染者已降到了", D, [("近两天", None, "vague")]),
    ("8000年", D, []),
    ("3月14通报", D, [("3月", "2022-03", "date")]),
]


@pytest.mark.parametrize("text,doc,expected", TABLE, ids=[t for t, _, _ in TABLE])
def test_table(text, doc, expected):
    got = find_dates(text, doc)
    assert [(m.text, m.value, m.kind) for m in got] == expected
    for m in got:
        assert text[m.start : m.end] == m.text


PODS = [
    ("今天晚上", "evening"), ("今天上午", "morning"), ("1月4日下午", "afternoon"), ("凌晨", "early_morning"),
    ("中午", "noon"), ("当晚", "evening"), ("4日晚", "evening"), ("深夜", "night"), ("4月3日", None),
]


@pytest.mark.parametrize("text,pod", PODS)
def test_part_of_day(text, pod):
    (m,) = find_dates(text, D)
    assert m.part_of_day == pod
    assert m.value is None or "T" not in m.value  # no invented clock precision


UNKNOWN_YEAR = [
    ("4月3日", PartialDate(None, 4, 3), "XXXX-04-03"),
    ("4月3日", None, "XXXX-04-03"),
    ("3日", None, "XXXX-XX-03"),
    ("4月", None, "XXXX-04"),
    ("今天", None, None),
    ("今天", PartialDate(None, 4, 3), "XXXX-04-03"),
    ("明天", PartialDate(None, 4, 3), "XXXX-04-04"),
    ("昨天", PartialDate(None, 3, 1), None),  # 2月28日 or 2月29日: not guessed
    ("今年", PartialDate(None, 4, 3), None),
    ("去年4月", PartialDate(None, 4, 3), "XXXX-04"),
    ("本月", PartialDate(None, 4, 3), "XXXX-04"),
    ("本周", PartialDate(None, 4, 3), None),
    ("12月31日", PartialDate(None, 1, 3), "XXXX-12-31"),
    ("截至4月2日24时", None, "../XXXX-04-02T24:00"),
    ("截至23日24时", None, "../XXXX-XX-23T24:00"),
    ("今天（1月5日）", None, "XXXX-01-05"),
    ("2月29日", None, "XXXX-02-29"),
    ("2022年4月3日", None, "2022-04-03"),
    ("1—11月", None, "XXXX-01/XXXX-11"),
    ("当天", None, None),
    ("16时", None, "T16:00"),
]


@pytest.mark.parametrize("text,doc,value", UNKNOWN_YEAR)
def test_unknown_year(text, doc, value):
    (m,) = find_dates(text, doc)
    assert m.value == value


ROLLOVER = [
    # (text, document date, value): the year that puts the date within about 6.5 months back / 5.5 ahead
    ("12月31日", PartialDate(2022, 1, 3), "2021-12-31"),
    ("12月", PartialDate(2022, 1, 3), "2021-12"),
    ("1—11月", PartialDate(2022, 1, 3), "2021-01/2021-11"),
    ("1月5日", PartialDate(2021, 12, 28), "2022-01-05"),
    ("7月1日", PartialDate(2022, 1, 3), "2021-07-01"),
    ("6月1日", PartialDate(2022, 1, 3), "2022-06-01"),
    ("6月30日", PartialDate(2022, 12, 28), "2022-06-30"),
    ("4月3日", PartialDate(2022, 4, 3), "2022-04-03"),
    ("12月31日", PartialDate(2022, 6, 1), "2021-12-31"),
    ("30日", PartialDate(2022, 1, 2), "2021-12-30"),
    ("2日", PartialDate(2022, 4, 30), "2022-05-02"),
    ("昨天", PartialDate(2022, 1, 1), "2021-12-31"),
    ("明天", PartialDate(2021, 12, 31), "2022-01-01"),
    ("12月31日24时", PartialDate(2022, 1, 1), "2022-01-01T00:00"),
    ("12月", PartialDate(2022, None, None), "2022-12"),  # only a year known: no rollover possible
]


@pytest.mark.parametrize("text,doc,value", ROLLOVER)
def test_year_rollover(text, doc, value):
    (m,) = find_dates(text, doc)
    assert m.value == value


def test_attrs_and_interval_bounds():
    (m,) = find_dates("今天晚上", D)
    assert m.attrs() == {"value": "2022-04-03", "kind": "relative", "part_of_day": "evening"}
    (m,) = find_dates("2021年底", D)
    assert m.attrs() == {"value": "2021", "kind": "date", "mod": "end"}
    assert interval_bounds("2022-04-02T00:00/2022-04-03T00:00") == ("2022-04-02T00:00", "2022-04-03T00:00")
    assert interval_bounds("../2022-04-03T00:00") == (None, "2022-04-03T00:00")
    assert interval_bounds("2022-03-10/..") == ("2022-03-10", None)
    assert interval_bounds("2022-04-03") == ("2022-04-03", "2022-04-03")
    assert interval_bounds(None) == (None, None)


# ---------------------------------------------------------------------------------------- properties

_PART = r"(?:\d{4}|XXXX|\d{3}X|\d{2}XX)(?:-W\d{2}|-(?:\d{2}|XX)(?:-\d{2}(?:T\d{2}:\d{2})?)?)?|T\d{2}:\d{2}"
VALUE_RE = re.compile(rf"(?:{_PART})|(?:{_PART}|\.\.)/(?:{_PART}|\.\.)")

PIECES = [
    "0", "1", "2", "3", "9", "12", "24", "31", "2022", "1949", "20220105", "21:00", "10:30", ".", "-", "—", "——", "~",
    "〇", "一", "二", "三", "十", "十二", "二十", "三十一", "两", "九", "年", "月", "日", "号", "时", "点", "分", "半",
    "许", "份", "24时", "日24时", "底", "初", "末", "旬", "上旬", "中下旬", "季度", "个", "前", "后", "以来", "起", "至", "到", "截至",
    "自", "从", "北京时间", "当地时间", "今天", "昨天", "明天", "今年", "去年", "本周", "上周", "周", "星期", "本月",
    "上月", "当天", "当晚", "次日", "同年", "上午", "下午", "晚上", "凌晨", "中午", "晚", "早", "夜", "近日", "日前",
    "近期", "目前", "农历", "正月", "腊月", "世纪", "年代", "上世纪", "（", "）", "(", ")", "，", "。", " ", "\n",
    "每", "第", "天", "小时", "上半年", "今明两天", "以前", "前后", "开始", "０", "５", "壬寅",
]
DOCS = st.one_of(
    st.none(),
    st.builds(PartialDate, st.one_of(st.none(), st.integers(1990, 2030)), st.integers(1, 12), st.integers(1, 28)),
    st.builds(PartialDate, st.integers(1990, 2030), st.none(), st.none()),
    st.builds(PartialDate, st.none(), st.integers(1, 12), st.none()),
    st.just(PartialDate(2024, 2, 29)),
    st.just(PartialDate(None, 3, 1)),
    st.just(PartialDate(2021, 12, 31)),
    st.just(PartialDate(None, None, None)),
)
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=20).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(TEXTS, DOCS)
def test_never_raises_and_spans_are_sorted_disjoint(text, doc):
    ms = find_dates(text, doc)
    prev_end = 0
    for m in ms:
        assert isinstance(m, DateMatch)
        assert prev_end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        prev_end = m.end
        assert m.kind in {"date", "time", "period", "relative", "vague", "lunar"}
        assert m.part_of_day is None or m.part_of_day in PART_OF_DAY
        assert m.mod in (None, "start", "end", "approx")
        if m.value is not None:
            assert VALUE_RE.fullmatch(m.value), m.value
            for side in interval_bounds(m.value):
                if side and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", side):
                    dt.datetime.fromisoformat(side)  # a real calendar date (no 2月30日), a parseable time
        if m.kind == "vague":
            assert m.value is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_doc_date_only_changes_values(text):
    """Which spans are DATEs never depends on the document date, only their values do."""
    spans = [(m.start, m.end) for m in find_dates(text, None)]
    assert spans == [(m.start, m.end) for m in find_dates(text, D)]


# ---------------------------------------------------------------------------------------- corpus


def test_whole_xwlb_corpus_coverage_and_throughput():
    files = sorted(XWLB.glob("*.md"))
    assert len(files) > 100
    texts = [(f.read_text(encoding="utf-8"), date_from_filename(f.name)) for f in files]
    chars = sum(len(t) for t, _ in texts)
    t0 = time.perf_counter()
    results = [find_dates(t, d) for t, d in texts]
    elapsed = time.perf_counter() - t0
    rate = chars / max(elapsed, 1e-9)
    n = sum(len(r) for r in results)
    print(f"\nxwlb: {len(files)} files, {chars} chars, {n} DATEs in {elapsed:.2f}s = {rate / 1e6:.2f}M chars/s")
    assert elapsed < 60  # generous: about 1s on one core
    assert rate > 300_000  # aim is > 1M chars/s; leave room for a loaded machine
    # every M月D日 in the corpus is inside a DATE, with a resolved (dated) value
    md_total = md_covered = 0
    for (text, _), ms in zip(texts, results):
        inside = bytearray(len(text))
        for m in ms:
            inside[m.start : m.end] = b"\x01" * (m.end - m.start)
            assert m.value is None or VALUE_RE.fullmatch(m.value), m
        for x in re.finditer(r"\d+月\d+日", text):
            md_total += 1
            md_covered += inside[x.start()] == 1
    assert md_total > 4000
    assert md_covered / md_total > 0.99
    values = [m.value for r in results for m in r]
    assert sum(1 for v in values if v and v.startswith("2022-")) > 5000  # the archive is 2022: dates resolve there
    assert sum(1 for v in values if v and "XXXX" in v) == 0  # every file has a dated name
    kinds = {m.kind for r in results for m in r}
    assert {"date", "time", "period", "relative", "vague"} <= kinds
