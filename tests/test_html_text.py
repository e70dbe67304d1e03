"""Tests for pipeline.html_text: visible text of HTML pages with exact raw offsets."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.html_text import (
    BOILERPLATE_PATH,
    HtmlText,
    html_to_text,
    load_boilerplate,
    looks_like_html,
)
from pipeline.offsets import TrackedText

from conftest import seed

SEED = seed(3)


# -- helpers -----------------------------------------------------------------
def assert_traceable(tt: TrackedText, raw: str) -> None:
    """For every char: raw[start:end] is the char (1:1), a reference html.unescape
    turns into the run of chars sharing that span, or empty for an inserted '\\n'."""
    tt.check(len(raw))
    assert tt.starts == sorted(tt.starts), "output is not in document order"
    text, starts, ends = tt.text, tt.starts, tt.ends
    i, n = 0, len(text)
    while i < n:
        s, e = starts[i], ends[i]
        j = i + 1
        if e - s != 1:
            while j < n and starts[j] == s and ends[j] == e:
                j += 1
        run, src = text[i:j], raw[s:e]
        if s == e:
            assert run == "\n", f"inserted {run!r} at {s}"
        elif e - s == 1:
            assert src == run, f"char {i} {run!r} maps to {src!r}"
        else:
            assert src.startswith("&"), f"chars {i}:{j} {run!r} map to non-reference {src!r}"
            assert html.unescape(src) == run, f"{src!r} does not decode to {run!r}"
        i = j


def split_front_matter(raw: str):
    """(offset, html) of a scraped page: YAML front matter between '---' lines, then HTML."""
    fence = re.compile(r"^---[ \t]*\r?$\n?", re.M)
    first = fence.search(raw)
    assert first and not raw[: first.start()].strip("\ufeff \t\r\n"), "no front matter"
    second = fence.search(raw, first.end())
    assert second, "no closing front-matter line"
    return second.end(), raw[second.end():]


def spans_of(res: HtmlText, raw: str, needle: str):
    """Raw source of every char of the first occurrence of `needle` in the output."""
    i = res.text.text.index(needle)
    return [raw[s:e] for s, e in zip(res.text.starts[i : i + len(needle)], res.text.ends[i : i + len(needle)])]


def lines(res: HtmlText):
    return [ln for ln in res.text.text.split("\n") if ln.strip()]


# -- the real scraped page ---------------------------------------------------------
@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"seed page {SEED} not available")
    raw = SEED.read_text(encoding="utf-8")
    offset, page = split_front_matter(raw)
    return raw, offset, page, html_to_text(page, offset)


def test_seed_drops_css_ads_comments_captions(seed):
    raw, offset, page, res = seed
    text = res.text.text
    for junk in ("appendQr_wrap", "border:1px", "新浪财经APP", "海量资讯", "举报", "反馈",
                 "图片来源", "吉林日报</span>", "责任编辑", "cms-style", "<", ">", "&#123;"):
        assert junk not in text, junk
    # the junk is really in the page, so the assertions above are not vacuous
    for junk in ("appendQr_wrap", "border:1px", "新浪财经APP", "举报/反馈", "图片来源：吉林日报", "责任编辑"):
        assert junk in page


def test_seed_keeps_story_and_joins_inline_tags(seed):
    raw, offset, page, res = seed
    text = res.text.text
    assert "省委书记景俊海连夜主持召开省疫情防控领导小组会议" in text
    assert "全省新增本地确诊病例895例" in text
    # split across </font><font ...> and </font>plain text
    assert "四平市7例、延边州4例、松原市1例；" in text
    assert "白山市1例。以上感染者均已转运至定点医疗机构隔离治疗" in text
    assert "来源：吉林日报 吉林发布 吉林省卫健委" in text
    # paragraphs are separated by newlines, full-width indentation is kept for the normalizer
    assert "\n　　据《吉林日报》报道，3月13日" in text
    assert "\n　　会上，副省长安立佳汇报全省疫情防控总体情况。" in text
    # order is preserved
    assert text.index("原标题") < text.index("景俊海连夜") < text.index("会上，副省长") < text.index("来源：吉林日报")


def test_seed_offsets_point_into_whole_file(seed):
    raw, offset, page, res = seed
    assert offset > 0 and raw[offset:] == page
    assert_traceable(res.text, raw)
    # exact anchor: the story text maps to where it is in the file
    i = res.text.text.index("原标题")
    assert res.text.starts[i] == raw.index("原标题")
    sentence = "全省新增本地确诊病例895例"
    j = res.text.text.index(sentence)
    assert raw[res.text.starts[j] : res.text.ends[j + len(sentence) - 1]] == sentence
    # everything removed is markup or dropped content, never story text
    removed = "".join(raw[s:e] for s, e in res.text.removed_spans(offset, len(raw)))
    assert "景俊海连夜主持" not in removed
    assert "新浪财经APP" in removed


def test_seed_dropped_counts(seed):
    raw, offset, page, res = seed
    assert res.dropped["style"] == 1
    assert res.dropped["ad"] == 1  # the appendQr_wrap app advert
    assert res.dropped["caption"] == 1  # span.img_descr
    assert res.dropped["editor"] == 1
    assert res.dropped["comment"] == page.count("<!--")
    assert "script" not in res.dropped
    assert res.title is None and res.meta == {}


# -- targeted cases --------------------------------------------------------------
def test_entities_decode_and_span_the_reference():
    raw = "<p>A&amp;B &#123;&#x4e00;&nbsp;C&lt;D &copy 2022 &unknown; E</p>"
    res = html_to_text(raw)
    assert res.text.text.rstrip("\n") == "A&B {一\xa0C<D © 2022 &unknown; E"
    assert_traceable(res.text, raw)
    t = res.text
    src = {ch: raw[s:e] for ch, s, e in t.iter_spans()}
    assert src["{"] == "&#123;"
    assert src["一"] == "&#x4e00;"
    assert src["\xa0"] == "&nbsp;"
    assert src["<"] == "&lt;"
    assert src["©"] == "&copy"  # legacy entity without ';'
    assert spans_of(res, raw, "A&B") == ["A", "&amp;", "B"]
    assert spans_of(res, raw, "&unknown;") == list("&unknown;")  # unknown: literal, 1:1
    # HTMLParser's entity regex backtracks: '&d-i' at the end is the reference '&d' then '-i'
    for tail, expected, amp_src in (("&d-i", "x&d-i", "&"), ("&amp-x", "x&-x", "&amp"), ("&d-i;", "x&d-i;", "&")):
        raw = "<p>x" + tail
        res = html_to_text(raw)
        assert res.text.text == expected
        assert spans_of(res, raw, "&")[0] == amp_src
        assert_traceable(res.text, raw)


def test_broken_numeric_reference_does_not_dump_markup():
    # CPython's HTMLParser dumps the rest of the page as text after '&#' without digits
    raw = "<p>甲&#;乙</p><script>var x=1;</script><p>丙 &#q 丁</p><p>C&#12ab;</p><b>戊</b>"
    res = html_to_text(raw)
    assert lines(res) == ["甲&#;乙", "丙 &#q 丁", "C&#12ab;", "戊"]
    assert res.dropped == {"script": 1}
    assert_traceable(res.text, raw)


def test_unclosed_p_li_td_and_void_tags():
    raw = (
        "<div class='content'><p>第一段<p>第二段<br>第二行<br/><br>第三行"
        "<ul><li>一<li>二</ul><table><tr><td>甲<td>乙<tr><td>丙</table>"
        "<p class='img_descr'>图片说明<p>第三段<img src=a.png>接续</div>后记"
    )
    res = html_to_text(raw)
    assert lines(res) == ["第一段", "第二段", "第二行", "第三行", "一", "二", "甲", "乙", "丙", "第三段接续", "后记"]
    assert res.dropped == {"caption": 1}  # the unclosed caption <p> ends at the next <p>
    assert_traceable(res.text, raw)


def test_inline_tags_join_and_blocks_break_once():
    raw = "<div><p>全省<font color=red>新增</font><b>本地</b><span>确诊</span>病例</p></div><div><p><h2>标题</h2></p></div>"
    res = html_to_text(raw)
    assert res.text.text == "全省新增本地确诊病例\n标题\n"
    assert [(s, e) for ch, s, e in res.text.iter_spans() if ch == "\n"] == [
        (raw.index("</p>"),) * 2,
        (raw.index("</h2>"),) * 2,
    ]
    # stray </p> and </br> still break the line
    assert html_to_text("甲</p>乙</br>丙").text.text == "甲\n乙\n丙"


def test_script_containing_end_tags():
    raw = (
        '<div id="main"><p>前文</p>'
        '<span class="img_descr">图注<script>var s = "</span></div><p>广告</p>"; if (a < b) {}</script>仍是图注</span>'
        "<p>后文</p></div>"
        "<noscript><p>请启用脚本</p></noscript><template><p>模板</p></template>"
        "<iframe src=x>框架</iframe><svg><title>图标</title><text>svg文字</text></svg>"
    )
    res = html_to_text(raw)
    assert lines(res) == ["前文", "后文"]
    # the '</span>' inside the script did not end the caption span
    assert "仍是图注" not in res.text.text
    assert res.dropped == {"caption": 1, "noscript": 1, "template": 1, "iframe": 1, "svg": 1}
    assert res.title is None  # an SVG <title> is not the page title
    assert_traceable(res.text, raw)


def test_nested_boilerplate_inside_kept_div():
    raw = (
        '<div id="article"><p>甲</p>'
        '<div class="share-bar"><a href="#">分享到微信</a><div><p>内层</p><div>更深</div></div></div>'
        "<p>乙</p>"
        '<div class="related_news"><ul><li><a>相关文章一</a><li><a>相关文章二</a></ul></div>'
        '<figure><img src=x.png><figcaption>图片来源：新华社</figcaption></figure>'
        '<div style="display: none">隐藏</div><p hidden>也隐藏</p>'
        "<p>丙</p></div>尾"
    )
    res = html_to_text(raw)
    assert lines(res) == ["甲", "乙", "丙", "尾"]
    assert res.dropped == {"share": 1, "related": 1, "caption": 1, "hidden": 2}
    assert_traceable(res.text, raw)


def test_comments_including_markup():
    raw = (
        "<p>正文</p><!--article_adlist[<p><font>举报/反馈</font></p>]article_adlist-->"
        "<!-- 正文下iframe --><p>后文</p><!--[if IE]><p>旧浏览器</p><![endif]-->"
        "<p><![if !supportLists]>1.<![endif]>第一条</p><![CDATA[x]]><![foo[bar]]>"
        "<p>末段</p><!-- 未闭合的注释 <p>不显示</p>"
    )
    res = html_to_text(raw)
    assert lines(res) == ["正文", "后文", "1.第一条", "末段"]
    assert res.dropped == {"comment": 8}
    assert_traceable(res.text, raw)


def test_head_title_and_meta():
    raw = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>吉林 &amp; 长春_新浪财经</title>"
        '<meta name="description" content="疫情 &amp; 防控"><meta property="og:title" content="OG标题">'
        '<meta property="article:published_time" content="2022-03-14T02:20:42Z">'
        '<meta name="author" content="新浪财经"><link rel=stylesheet href=a.css>'
        "<style>p{color:red}</style><script>var a;</script></head>"
        "<body><p>正文</p></body></html>"
    )
    res = html_to_text(raw)
    assert res.text.text == "正文\n"
    assert res.title == "吉林 & 长春_新浪财经"
    assert res.meta["description"] == "疫情 & 防控"
    assert res.meta["og:title"] == "OG标题"
    assert res.meta["article:published_time"] == "2022-03-14T02:20:42Z"
    assert res.meta["author"] == "新浪财经"
    assert res.dropped == {"head": 1}
    # og:title is the fallback; head without </head> is closed by body content
    res2 = html_to_text('<head><meta property="og:title" content="OG标题"><p>正文')
    assert res2.title == "OG标题" and res2.text.text == "正文"


def test_crlf_line_endings():
    raw = "<div>\r\n<p>第一段</p>\r\n<p class=\"x\"\r\n   id=\"y\">A&amp;B\r\n续</p>\r\n<script>\r\nx\r\n</script>\r\n<p>第三</p>\r\n</div>"
    res = html_to_text(raw)
    assert_traceable(res.text, raw)
    t = res.text.text
    assert "\r\n" in t  # data is not rewritten
    assert [ln.strip() for ln in t.split("\n") if ln.strip()] == ["第一段", "A&B", "续", "第三"]
    k = t.index("第三")
    assert res.text.starts[k] == raw.index("第三")
    assert spans_of(res, raw, "A&B") == ["A", "&amp;", "B"]


def test_offset_parameter():
    page = "<p>甲&amp;乙</p><br><p>丙</p>"
    prefix = "---\ntitle: x\n---\n"
    base = html_to_text(page)
    shifted = html_to_text(page, offset=len(prefix))
    assert shifted.text.text == base.text.text
    assert shifted.text.starts == [s + len(prefix) for s in base.text.starts]
    assert shifted.text.ends == [e + len(prefix) for e in base.text.ends]
    assert_traceable(shifted.text, prefix + page)


def test_malformed_html_does_not_raise():
    for raw in ["", "<", "&", "&#", "<p", "</", "<!", "<!--", "<?xml", "<div class='ad", "</p></div></td>",
                "<table><div>x</td></div>y", "<p>a<b>b<i>c</p>d</i>e", "<div/><div class='ad'/>正文",
                "<title>无结束<p>正文", "<textarea>", "text &#x110000; &#0; &#55296;", "<a<b>c</a>"]:
        res = html_to_text(raw)
        assert "unparsed" not in res.dropped
        assert_traceable(res.text, raw)
    # a self-closed boilerplate div is empty; it does not swallow what follows
    assert html_to_text("<div class='ad'/>正文").text.text == "正文"
    assert "正文" in html_to_text("<title>无结束<p>正文").text.text


def test_looks_like_html():
    assert looks_like_html("<div>\n<p cms-style=\"font-L\">　　原标题：吉林省委书记</p></div>")
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("第一段<br>第二段")
    assert looks_like_html("　　据新华社报道，<font>全省</font>新增病例。")
    assert not looks_like_html("　　据《吉林日报》报道，3月13日，省委书记景俊海连夜主持召开省疫情防控领导小组会议。")
    assert not looks_like_html("若 a<b and c>d，则……")
    assert not looks_like_html("")


def test_boilerplate_lexicon():
    lines_ = BOILERPLATE_PATH.read_text(encoding="utf-8").splitlines()
    assert lines_[0].startswith("#") and "pattern" in lines_[0] and "kind" in lines_[0]
    rows = [ln.split("\t") for ln in lines_[1:] if ln.strip() and not ln.startswith("#")]
    assert 5 <= len(rows) <= 40
    assert all(len(r) == 3 and r[2].strip() for r in rows)
    rules = load_boilerplate()
    assert len(rules) == len(rows)

    def kind(value):
        return next((r.kind for r in rules if r.pattern.search(value)), None)

    expected = {
        "clearfix appendQr_wrap": "ad", "img_descr": "caption", "article-editor": "editor",
        "ad": "ad", "ad_box": "ad", "adsbygoogle": "ad", "share-bar": "share", "bdsharebuttonbox": "share",
        "qrcode": "qr", "related_news": "related", "breadcrumb": "nav", "comment-list": "comments",
        "wp-caption-text": "caption", "site-footer": "footer",
    }
    for value, k in expected.items():
        assert kind(value) == k, value
    for value in ("header", "thread", "lead", "img_wrapper", "hidden-xs", "editor-note", "article",
                  "content", "main-content", "clearfix", "download", "shadow", "loading"):
        assert kind(value) is None, value


# -- property: arbitrary text interleaved with random tags -----------------------------
_TEXT = st.text(alphabet="甲乙丙丁 \u3000ab;#&<>/=\"'!-\r\n\t0x9", max_size=12)
_TAG_NAMES = ["p", "div", "span", "font", "br", "img", "li", "ul", "td", "tr", "table", "script", "style",
              "head", "title", "svg", "iframe", "noscript", "a", "b", "h2", "figcaption", "meta", "textarea"]
_ATTRS = st.sampled_from(["", " class='ad'", ' class="img_descr"', " id=share", " hidden", " class='x y'",
                          ' style="display:none"', " a=&amp;", " b='&#x;'", " c", ' content="x" name="d"'])


@st.composite
def _markup(draw):
    kind = draw(st.integers(0, 9))
    name = draw(st.sampled_from(_TAG_NAMES))
    if kind <= 2:
        return f"<{name}{draw(_ATTRS)}>"
    if kind == 3:
        return f"</{name}>"
    if kind == 4:
        return f"<{name}{draw(_ATTRS)}/>"
    if kind == 5:
        return draw(st.sampled_from(["&amp;", "&#123;", "&#x4e00;", "&nbsp;", "&nbsp", "&copy2020", "&#;",
                                     "&#12ab", "&#", "&bogus;", "&#0;", "&#xD800;", "&", "&d-i", "&amp-x",
                                     "&a.b;", "&lt"]))
    if kind == 6:
        return draw(st.sampled_from(["<!--", "-->", "<!-- c -->", "<![if x]>", "<![endif]>", "<![CDATA[",
                                     "]]>", "<!doctype html>", "<?php ?>", "</>", "<", ">"]))
    return draw(_TEXT)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_markup(), max_size=30), st.integers(0, 50))
def test_property_random_markup_is_traceable(pieces, offset):
    page = "".join(pieces)
    raw = "#" * offset + page
    res = html_to_text(page, offset)
    assert "unparsed" not in res.dropped
    assert_traceable(res.text, raw)
    if res.text.text:
        assert min(res.text.starts) >= offset


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.characters(blacklist_characters="<&"), max_size=40))
def test_property_plain_text_passes_through(text):
    res = html_to_text(text)
    assert res.text.text == text
    assert res.text.starts == list(range(len(text)))
