"""Each repair on the seed that shows it, plus properties on arbitrary input."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import XWLB, comparable, raw_piece, seed_text
from pipeline.normalizer import (
    TONE_VOWELS,
    ParagraphReport,
    normalize,
    normalize_chars,
    normalize_text,
    traditional_share,
)
from pipeline.offsets import TrackedText

PINYIN_LEFT = re.compile(rf"[(（][a-z{TONE_VOWELS}]*[{TONE_VOWELS}][a-z{TONE_VOWELS}]*[)）]")


def norm(n):
    raw = seed_text(n)
    report = ParagraphReport()
    tt = normalize(TrackedText.from_raw(raw), report)
    tt.check(len(raw))
    return raw, tt, report


def test_pinyin_inserted_by_converters_is_removed():
    for n in (1, 4):
        raw, tt, _ = norm(n)
        assert PINYIN_LEFT.search(raw)  # the seed really shows it
        assert not PINYIN_LEFT.search(tt.text)
    raw, tt, _ = norm(1)
    assert "长春市九台区现场办公" in tt.text  # 長春市九臺區(qū)現(xiàn)場辦公


def test_real_parentheses_survive_pinyin_removal():
    tt = normalize_text("石油输出国组织(欧佩克)和APP(应用)，区(qū)域")
    assert "（欧佩克）" in tt.text and "（应用）" in tt.text and "区域" in tt.text


def test_traditional_is_converted_and_simplified_is_left_alone():
    raw, tt, _ = norm(1)
    assert traditional_share(raw) > 0.2
    assert "吉林省委书记景俊海" in tt.text and "長" not in tt.text
    # OpenCC t2s would turn these simplified names into 王丙干 and 干县: they must survive.
    day = next(p for p in sorted(XWLB.glob("*.md")) if "王丙乾" in p.read_text(encoding="utf-8"))
    out = normalize_text(day.read_text(encoding="utf-8")).text
    assert "王丙乾" in out and "王丙干" not in out


def test_mojibake_runs_and_replacement_characters_are_dropped():
    raw, tt, _ = norm(1)
    assert "?shù)匾咔榉揽孛媾R" in raw
    assert "研究解决当的突出问题" in tt.text
    raw, tt, _ = norm(4)
    assert "?jīng)Q" in raw and "?!?/p>" in raw
    assert "?" not in tt.text and "jīng" not in tt.text and "/p>" not in tt.text
    assert normalize_text("疫情\ufffd\ufffd防控锟斤拷工作").text == "疫情防控工作"


def test_doubled_and_stray_punctuation_is_repaired():
    raw, tt, _ = norm(1)
    assert ",," in raw and ",。" in raw and ",、" in raw and ",;" in raw
    for bad in ("，，", "，。", "，、", "，；", ",,"):
        assert bad not in tt.text
    assert "3月16日，吉林省委书记" in tt.text
    assert "国务院联防联控机制综合组吉林工作组组长、国家卫生健康委副主任李斌参加活动。" in tt.text


def test_ascii_punctuation_between_han_becomes_full_width_but_numbers_keep_theirs():
    raw, tt, _ = norm(0)
    assert "今天晚上,省委书记" in raw
    assert "今天晚上，省委书记" in tt.text
    out = normalize_text("增长14.7%,其中1,000人;比例3:1,共计10:30开会").text
    assert out == "增长14.7%，其中1,000人；比例3:1，共计10:30开会"


def test_paragraphs_broken_mid_sentence_are_rejoined():
    raw, tt, report = norm(0)
    assert "对阳\n\n性感染者" in raw and "核酸检测是\n\n关键之一" in raw
    assert "对阳性感染者" in tt.text and "核酸检测是关键之一" in tt.text
    # ...but headline lines, bylines and a sub-head followed by a dated paragraph stay apart.
    assert "韩俊江泽林出席\n本报4月3日讯" in tt.text
    assert "本报记者 赵广欣 韩雪洁 隋二龙 王春宝 邹鹏亮\n再动员" in tt.text
    assert "四平：坚定信心、一鼓作气，全力打好攻坚战\n4月2日，接到省委" in tt.text
    assert report.joined >= 10


def test_repeated_paragraphs_are_removed():
    raw, tt, report = norm(1)
    assert raw.count("九臺區(qū)行知學(xué)校校舍") == 2
    assert tt.text.count("九台区行知学校校舍") == 1
    assert report.duplicates == 4


def test_breadcrumb_editor_and_jump_lines_are_removed():
    raw, tt, report = norm(4)
    assert raw.startswith("首頁 > >")
    assert tt.text.startswith("从四个要点看吉林省控制疫情的关键“砝码”")
    raw, tt, report = norm(0)
    assert "本版编辑" in raw and "下转第四版" in raw
    assert "本版编辑" not in tt.text and "下转第四版" not in tt.text
    assert tt.text.endswith("严格实行封闭管理，")
    assert report.removed == {"jump": 1, "editor": 1}
    raw, tt, report = norm(2)
    assert "责任编辑：刘光博" in raw and "责任编辑" not in tt.text and "来源：吉林日报" not in tt.text


@pytest.mark.parametrize("n", range(5))
def test_idempotent_on_the_seeds(n):
    _, tt, _ = norm(n)
    assert normalize_text(tt.text).text == tt.text


def test_idempotent_on_a_month_of_evening_news():
    for p in sorted(XWLB.glob("202205*.md")):
        once = normalize_text(p.read_text(encoding="utf-8")).text
        assert normalize_text(once).text == once, p.name


@pytest.mark.parametrize("n", range(5))
def test_every_character_traces_back_to_its_raw_span(n):
    raw, tt, _ = norm(n)
    for i, (ch, s, e) in enumerate(tt.iter_spans()):
        if ch == "\n":
            continue
        assert e > s
        assert comparable(raw_piece(raw, tt.starts, tt.ends, s, e)) == comparable(ch) or e - s > 1, (i, ch, raw[s:e])


# Characters that exercise every repair: traditional, pinyin, mojibake markers, ASCII/CJK punctuation,
# spaces of several widths, newlines, digits and Latin letters.
ALPHABET = "區域長春現場辦公疫情防控的乾县王丙國務院" "(qū)(xiàn)?shùjīngQR!/p>" ",.;:!?()，。、；：！？“”（）—" " \u3000\u00a0\n\r\t" "0123456789ab%" "\ufffd锟斤拷"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_property_every_normalized_character_maps_into_the_raw_text(raw):
    tt = normalize(TrackedText.from_raw(raw))
    tt.check(len(raw))
    for ch, s, e in tt.iter_spans():
        # Only paragraph breaks may be inserted; everything else comes from somewhere in the input.
        assert e > s or ch == "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=120))
@example("—:::")  # a run of ASCII marks after CJK punctuation was converted one mark per pass
def test_property_normalization_is_idempotent(raw):
    once = normalize(TrackedText.from_raw(raw)).text
    assert normalize(TrackedText.from_raw(once)).text == once


def test_idempotent_on_the_case_hypothesis_found():
    # '(' became '（' only after the mojibake rule had looked at it, so a second pass removed more
    once = normalize_text("?丙Q(丙)").text
    assert normalize_text(once).text == once
