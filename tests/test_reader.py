"""Reading archives: formats, story splitting, dates, encodings and bad input, on the real corpus."""

import json
import re
import shutil

import pytest

from conftest import SEEDS, XWLB, seed, seed_text
from pipeline.reader import MAX_BYTES, read_articles


def read(*inputs, **kw):
    return list(read_articles([str(i) for i in inputs], **kw))


def test_newspaper_page_is_split_into_its_stories():
    arts = read(seed(0))
    assert [a.source["story"] for a in arts] == list(range(8))
    titles = [a.source["title"] for a in arts]
    assert titles[0].startswith("景俊海在全省疫情防控大排查问题整改“回头看”专题会议上强调 / 坚决夺取")
    assert titles[0].endswith("韩俊江泽林出席")
    assert titles[1] == "2日我省新增治愈出院确诊病例2137例"
    assert titles[4].startswith("景俊海到长春汽开区朝阳区现场办公时强调")
    assert titles[7] == "我省各地包保驰援长春—— / 吹响“社会面清零”冲锋号"
    assert arts[0].text.text.startswith("本报4月3日讯（记者黄莺）今天晚上")
    assert arts[7].text.text.startswith("本报记者 赵广欣")
    # No story carries its neighbour's headline.
    assert all("吉林市连续两日出院人数超过入院人数" not in a.text.text for a in arts)


def test_run_together_line_is_split_at_inserted_headlines():
    arts = read(seed(2))
    assert len(arts) == 3
    assert arts[0].text.text.startswith("据《吉林日报》报道，4月2日上午")
    assert arts[0].text.text.endswith("战胜疫情的整体合力。")
    assert arts[1].source["title"] == "吉林省委书记景俊海：要坚持一手抓疫情防控、一手抓民生保障"
    assert arts[1].text.text.startswith("4月2日下午，吉林省委书记景俊海以视频形式主持召开")
    assert arts[2].source["title"] == "吉林最新疫情数据"
    assert arts[2].text.text.startswith("据吉林省卫健委4月3日通报")


def test_scraped_page_with_front_matter():
    (art,) = read(seed(3))
    src, text = art.source, art.text.text
    assert src["format"] == "txt" and src["title"] == "吉林省委书记：我省疫情防控到了最紧要、最吃劲、最关键时期"
    assert src["date"] == "2022-03-14" and src["date_from"] == "metadata"
    assert src["author"] == "新浪财经" and "新浪财经－国內" in src["categories"]
    assert "省委书记景俊海连夜主持召开省疫情防控领导小组会议" in text
    assert "全省新增本地确诊病例895例" in text  # split over <font> tags in the source
    for gone in ("appendQr", "border:1px", "新浪财经APP", "举报/反馈", "图片来源", "责任编辑", "原标题", "<p", "cms-style"):
        assert gone not in text


def test_day_file_gives_one_document_per_story():
    day = XWLB / "20220105.md"
    arts = read(day)
    raw = day.read_text(encoding="utf-8")
    assert raw.count("\n### ") == 12
    assert len(arts) == 25  # 10 sections + 10 国内 and 3 国际 flashes + 全球 report with 2 sub-stories
    first = arts[0]
    assert first.source["title"].startswith("习近平在北京考察2022年冬奥会")
    # The 查看原文 link after a story's body is that story's; the one after the summary list is the programme's.
    assert first.source["url"] == "https://tv.cctv.com/2022/01/05/VIDEgcWTPLOMePw38IfbM0NT220105.shtml"
    assert first.source["date"] == "2022-01-05" and first.source["date_from"] == "filename"
    flashes = [a for a in arts if a.source.get("section") == "国际联播快讯"]
    assert [a.source["title"] for a in flashes] == ["伊拉克涉美军目标接连遭袭", "主要产油国维持增产方案", "巴西等5国履新安理会非常任理事国"]
    for a in arts:
        t = a.text.text
        assert "**" not in t and "<!--" not in t and "查看原文" not in t and "本期节目主要内容" not in t


def test_whole_evening_news_corpus_reads_without_errors():
    arts = read(XWLB)
    assert len(arts) > 7000
    assert all(a.ok and not a.errors for a in arts)
    assert all(a.source["date"] and a.source["date"][:4] == "2022" for a in arts)


def test_date_order_and_unknown_years(tmp_path):
    arts = read(seed(0))
    assert arts[0].source["date"] == "XXXX-04-03" and arts[0].source["date_from"] == "dateline"
    # --date with a year completes the dateline; a full --date only applies where nothing else is known.
    arts = read(seed(0), default_date="2022")
    assert arts[0].source["date"] == "2022-04-03"
    named = tmp_path / "jlrb_20220404_p1.txt"
    shutil.copy(seed(0), named)
    arts = read(named, default_date="2021-01-01")
    assert arts[0].source["date"] == "2022-04-03" and arts[0].source["date_from"] == "dateline"
    assert arts[3].source["date"] == "2022-04-04" and arts[3].source["date_from"] == "filename"
    (art,) = read(seed(4), default_date="2022-04-20")
    assert art.source["date"] == "2022-04-20" and art.source["date_from"] == "option"


def test_jsonl_articles_and_bad_lines(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "标题", "date": "2022-04-03", "url": "http://x", "text": seed_text(2)[:300]},
                   ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"id": "h1", "text": "<p>省委书记景俊海<b>主持</b>召开会议。</p><script>var x=1;</script>"},
                   ensure_ascii=False),
    ]
    p.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b'{"text": "\xff\xfe bad"}\n')
    arts = read(p)
    assert len(arts) == 5
    ok = arts[0]
    assert ok.id == "a1" and ok.source["line"] == 1 and ok.source["date"] == "2022-04-03" and ok.source["url"] == "http://x"
    assert arts[1].errors[0].startswith("line 2: invalid JSON")
    assert "no 'text'" in arts[2].errors[0]
    assert arts[3].text.text == "省委书记景俊海主持召开会议。" and arts[3].source["content"] == "html"
    assert "not UTF-8" in arts[4].errors[0]


@pytest.mark.parametrize("encoding,detected", [("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16"),
                                               ("utf-8-sig", "utf-8-sig")])
def test_encodings_give_the_same_text(tmp_path, encoding, detected):
    text = seed_text(0)
    p = tmp_path / "page.txt"
    p.write_bytes(text.encode(encoding))
    expected = [a.text.text for a in read(seed(0))]
    got = read(p)
    assert [a.text.text for a in got] == expected
    assert got[0].source["encoding"].replace("_", "-").lower().startswith(detected)


def test_big5_traditional_page(tmp_path):
    # Seed 001 is traditional; without the converter's pinyin, its lines that Big5 can encode make a Big5 page.
    def big5_ok(line):
        try:
            line.encode("big5")
            return "?" not in line
        except UnicodeEncodeError:
            return False

    plain = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", "", seed_text(1))
    text = "\n".join(l for l in plain.splitlines() if big5_ok(l))
    assert len(text) > 500
    p = tmp_path / "big5.txt"
    p.write_bytes(text.encode("big5", errors="strict"))
    (art,) = read(p)
    assert art.source["encoding"].startswith("big5") and not art.errors
    assert "景俊海还分别与长春市、吉林市视频连线" in art.text.text


def test_bad_inputs_become_error_records_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    shutil.copy(seed(2), tmp_path / "good.txt")
    arts = read(tmp_path, tmp_path / "missing.txt", str(tmp_path / "*.nomatch"))
    by_name = {a.source["path"].rsplit("/", 1)[-1]: a for a in arts}
    assert by_name["empty.txt"].errors == ["empty file"] and by_name["empty.txt"].text is None
    assert "binary" in by_name["image.html"].errors[0]
    assert "too large" in by_name["huge.txt"].errors[0]
    assert "no such file" in by_name["missing.txt"].errors[0]
    assert "no file matches" in by_name["*.nomatch"].errors[0]
    assert sum(1 for a in arts if a.source["path"].endswith("good.txt") and a.ok) == 3


def test_undecodable_bytes_are_reported_but_the_rest_is_kept(tmp_path):
    raw = seed_text(2).encode("utf-8")
    p = tmp_path / "broken.txt"
    p.write_bytes(raw[:600] + b"\xff\xfe\xfd" + raw[600:])
    arts = read(p)
    assert arts and all(a.ok for a in arts)
    assert any("replaced" in e or "undecodable" in e for e in arts[0].errors)
    assert "\ufffd" not in "".join(a.text.text for a in arts)
