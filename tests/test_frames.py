"""Event frames on the seed stories: who inspected what, where, when, and which measures were ordered."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import seed, xwlb_record
from pipeline.document import annotate, record
from pipeline.reader import read_articles


@pytest.fixture(scope="module")
def page(nlp):
    return [record(a, d, with_tokens=False) for a, d in annotate(nlp, read_articles([str(seed(0))]))]


def frames(rec, ftype):
    return [f for f in rec["frames"] if f["type"] == ftype]


def args(frame, role):
    return [a.get("text") for a in frame["args"] if a["role"] == role]


def test_meeting_with_chair_name_attendees_and_the_instruction_given_in_it(page):
    rec = page[0]
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["景俊海"]
    assert args(meeting, "name") == ["全省疫情防控大排查问题整改“回头看”专题会议"]
    assert set(args(meeting, "attendee")) == {"韩俊", "江泽林"}
    assert meeting["time"]["value"] == "XXXX-04-03"
    # 他强调 right after the meeting sentence: the pronoun is resolved to the chair, in that meeting
    first = frames(rec, "INSTRUCTION")[0]
    assert first["trigger"]["text"] == "强调" and args(first, "speaker") == ["景俊海"]
    assert {"role": "context", "frame": meeting["id"]} in first["args"]
    # 按照孙春兰副总理部署要求 mentions an instruction; it is not one given in this story
    assert not any("孙春兰" in args(f, "speaker") for f in frames(rec, "INSTRUCTION"))
    hanjun = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["韩俊"]]
    assert {"流调排查", "应隔尽隔", "闭环管理"} <= set(args(hanjun[0], "measure"))


def test_inspection_answers_who_what_where_when_and_which_measures(page):
    rec = page[4]  # 景俊海到长春汽开区朝阳区现场办公
    (insp,) = frames(rec, "INSPECTION")
    assert args(insp, "agent") == ["景俊海"]
    assert "长春汽车经济技术开发区" in args(insp, "place")
    assert {"中国一汽集团", "朝阳区委区政府"} <= set(args(insp, "target"))
    assert insp["time"]["value"] == "XXXX-04-03"
    assert {"应查尽查", "应检尽检", "敲门行动", "扫楼行动", "全员核酸检测", "闭环管理"} <= set(args(insp, "measure"))
    # every measure of the inspection comes from an instruction given during it
    given = {m for f in frames(rec, "INSTRUCTION") if {"role": "context", "frame": insp["id"]} in f["args"]
             for m in args(f, "measure")}
    assert set(args(insp, "measure")) == given
    # measure arguments point at DIRECTIVE entities
    ents = {e["id"]: e for e in rec["entities"]}
    assert all(ents[a["entity"]]["label"] == "DIRECTIVE" for a in insp["args"] if a["role"] == "measure" and "entity" in a)


def test_case_statistics_per_place_with_integer_values(page):
    rec = page[1]  # 2日我省新增治愈出院确诊病例2137例
    stats = {(tuple(args(f, "place")), args(f, "metric")[0]): int(args(f, "value")[0]) for f in frames(rec, "CASE_STATS")}
    assert stats[(("长春市",), "新增本土确诊病例")] == 723
    assert stats[(("吉林市",), "新增本土确诊病例")] == 230
    assert stats[(("长春市",), "新增治愈出院确诊病例")] == 1488
    assert stats[((), "密切接触者")] == 129830
    assert all(isinstance(a["value"], int) for f in frames(rec, "CASE_STATS") for a in f["args"] if a["role"] == "value")


def test_frames_of_a_traditional_mirror_page(nlp):
    (art, doc), = list(annotate(nlp, read_articles([str(seed(1))])))
    rec = record(art, doc, with_tokens=False)
    (insp,) = frames(rec, "INSPECTION")
    assert args(insp, "agent") == ["景俊海"] and "九台区" in args(insp, "place")
    assert insp["time"]["value"] == "XXXX-03-16"
    assert {"全员核酸检测", "应检尽检", "敲门行动"} <= set(args(insp, "measure"))


def test_show_prints_tables_and_writes_an_html_page(page, tmp_path):
    out = tmp_path / "page.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in page), encoding="utf-8")
    exe = Path(sys.executable).with_name("zhevents")
    proc = subprocess.run([str(exe), "show", str(out), "--limit", "1"], capture_output=True, text=True, check=True)
    assert "MEETING" in proc.stdout and "景俊海" in proc.stdout
    html = tmp_path / "page.html"
    subprocess.run([str(exe), "show", str(out), "--html", str(html)], capture_output=True, text=True, check=True)
    page_html = html.read_text(encoding="utf-8")
    assert 'data-label="OFFICIAL"' in page_html and "景俊海<sub>OFFICIAL</sub>" in page_html
    assert page_html.count("<section") == len(page) and "INSPECTION" in page_html


def test_companions_of_an_inspection(page):
    (insp,) = frames(page[4], "INSPECTION")
    assert args(insp, "companion") == ["赵晓君", "兰宏良", "徐留平", "邱现东"]


def test_srl_candidates_fill_only_empty_roles(nlp):
    """zh_hanlp_srl leaves predicate-argument structures on the Doc; the frame builder takes places from
    ARGM-LOC and never lets ARG0 override an actor the rules found."""
    from conftest import seed

    from pipeline.document import make_doc
    from pipeline.reader import read_articles

    art = next(a for a in read_articles([str(seed(0))]) if a.ok)
    frames_pipe = nlp.get_pipe("zh_frames")
    doc = make_doc(nlp, art)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
    insp = next(f for f in doc._.frames if f["type"] in ("INSPECTION", "MEETING") and f["args"])
    actor = next(a for a in insp["args"] if a["role"] in ("agent", "chair"))
    places = {a["text"] for a in insp["args"] if a["role"] == "place"}
    place = next(sp for sp in doc.spans["entities"] if sp.label_ == "PLACE" and sp.text not in places)
    other = next(sp for sp in doc.spans["entities"] if sp.label_ == "OFFICIAL" and sp.text != actor["text"])
    t = insp["trigger"]
    doc._.srl_candidates = [{"predicate": (t["start"], t["end"], t["text"]), "source": "test",
                             "args": [("ARG0", other.start_char, other.end_char, other.text),
                                      ("ARGM-LOC", place.start_char - 1, place.end_char, "在" + place.text)]}]
    doc = frames_pipe(doc)
    again = next(f for f in doc._.frames if f["trigger"] == t and f["type"] == insp["type"])
    assert place.text in {a["text"] for a in again["args"] if a["role"] == "place"}
    assert [a["text"] for a in again["args"] if a["role"] == actor["role"]] == [actor["text"]]


def test_the_meeting_body_speaks_for_huiyi_zhichu_not_the_dateline_outlet(nlp):
    # 央视网消息（新闻联播）：国务院总理李克强1月10日主持召开国务院常务会议，部署… 会议指出… (three times)
    rec = xwlb_record(nlp, "20220110", 2)
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["李克强"]
    speakers = [args(f, "speaker") for f in frames(rec, "INSTRUCTION")]
    assert ["央视网"] not in speakers
    body = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["国务院"]]
    assert len(body) == 1, "one instruction per speaker and meeting, however many 会议指出"
    assert {"role": "context", "frame": meeting["id"]} in body[0]["args"]
    assert "集中带量采购" in args(body[0], "measure") and "集中带量采购" in args(meeting, "measure")


def test_a_body_holds_the_meeting_and_a_person_chairs_it(nlp):
    # 中共中央政治局2月25日召开会议… 中共中央总书记习近平主持会议。会议认为/指出…
    rec = xwlb_record(nlp, "20220225", 0)
    meetings = frames(rec, "MEETING")
    assert [args(m, "chair") for m in meetings] == [["习近平"]]
    # 今年将召开中国共产党第二十次全国代表大会, 胜利召开党的十九届六中全会: mentioned, not held in the story
    assert not any(args(m, "name") for m in meetings if "代表大会" in "".join(args(m, "name")))
    assert any(args(f, "speaker") == ["中共中央政治局"] for f in frames(rec, "INSTRUCTION"))


def test_press_conference_is_a_meeting_and_a_report_of_the_body(nlp):
    # 国务院联防联控机制今天（6月24日）举行新闻发布会，介绍严格落实疫情防控有关情况。
    rec = xwlb_record(nlp, "20220624", 9)
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["国务院联防联控机制"] and args(meeting, "name") == ["新闻发布会"]
    reporters = [args(f, "reporter") for f in frames(rec, "REPORT")]
    assert ["国务院联防联控机制"] in reporters and ["国家卫生健康委相关负责人"] in reporters


def test_accompanying_is_not_an_inspection_and_a_summary_joins_the_dated_tour(nlp):
    # 丁薛祥陪同考察: a companion; 汪洋近日在青海调研… 27日至28日…: one inspection
    rec = xwlb_record(nlp, "20221028", 0)
    assert all(args(f, "agent") == ["习近平"] for f in frames(rec, "INSPECTION"))
    assert any("丁薛祥" in args(f, "companion") for f in frames(rec, "INSPECTION"))
    rec = xwlb_record(nlp, "20220630", 8)
    (tour,) = frames(rec, "INSPECTION")
    assert args(tour, "agent") == ["汪洋"] and tour["time"]["text"] == "27日至28日"
    assert {"黄南藏族自治州", "尖扎县"} <= set(args(tour, "place"))


def test_inspection_topic_is_the_matter_after_the_verb_or_after_jiu(nlp, page):
    # SPEC: `topic` is the subject matter as the text phrases it
    (insp,) = frames(page[5], "INSPECTION")  # 韩俊在吉林市实地检查督导疫情防控工作
    assert "疫情防控工作" in args(insp, "topic")
    # 栗战书…在甘肃就黄河保护法立法进行调研: a place may open the matter
    (insp,) = frames(xwlb_record(nlp, "20220828", 2), "INSPECTION")
    assert "黄河保护法立法" in args(insp, "topic")
    rec = xwlb_record(nlp, "20220704", 4)  # 率全国人大常委会执法检查组在湖北检查长江保护法实施情况
    assert "长江保护法实施情况" in [t for f in frames(rec, "INSPECTION") for t in args(f, "topic")]
    # 聚焦稳增长、稳市场主体、稳就业保民生…开展督查: the 就 of 稳就业 opens no matter
    rec = xwlb_record(nlp, "20220823", 4)
    assert not [t for f in frames(rec, "INSPECTION") for t in args(f, "topic") if t.startswith("业")]
    # 习近平总书记两次考察都十分关心当地民族团结融合情况: what he cared about, not what a visit looked at
    rec = xwlb_record(nlp, "20220527", 1)
    assert not [t for f in frames(rec, "INSPECTION") for t in args(f, "topic") if t.startswith("都")]


def test_a_later_stop_of_a_tour_adds_the_firm_it_goes_to_as_a_target(nlp):
    # 李克强在甘肃考察 … 在金川集团，李克强慰问在岗工人: a stop told sentences after the tour began
    rec = xwlb_record(nlp, "20220128", 6)
    assert "金川集团" in [t for f in frames(rec, "INSPECTION") for t in args(f, "target")]
    # 在国务院联防联控机制综合组赴吉林工作组的大力支持和指导下: the body that helps is not visited
    recs = [record(a, d, with_tokens=False) for a, d in annotate(nlp, read_articles([str(seed(3))]))]
    (rec,) = [r for r in recs if "的大力支持和指导下" in r["text"]]
    assert frames(rec, "INSPECTION")
    assert not any("国务院联防联控机制综合组" in args(f, "target") for f in frames(rec, "INSPECTION"))


def test_a_summary_that_joins_a_dated_visit_lends_it_the_stops_told_in_between(nlp):
    # 27日到28日，…李克强在甘肃省金昌、武威考察 … 在民勤县草方格固沙点，李克强听取… … 李克强走进铧尖村: one visit,
    # told from the summary on, though the frame it joins begins at 走进
    rec = xwlb_record(nlp, "20220128", 6)
    (tour,) = frames(rec, "INSPECTION")
    assert {"民勤县", "铧尖村", "金昌"} <= set(args(tour, "place"))


def test_a_lecture_and_an_oath_ceremony_held_after_a_session_are_meetings(nlp):
    # 闭幕会后，十三届全国人大常委会举行第二十九讲专题讲座，栗战书委员长主持。之后，…举行宪法宣誓仪式。
    rec = xwlb_record(nlp, "20220624", 4)
    by_name = {n: m for m in frames(rec, "MEETING") for n in args(m, "name")}
    assert args(by_name["第二十九讲专题讲座"], "chair") == ["栗战书"]
    assert args(by_name["宪法宣誓仪式"], "chair") == ["十三届全国人大常委会"]



def test_the_host_of_talks_instructs_and_talks_he_recalls_are_no_meeting(nlp):
    # 李克强同夏巴兹举行会谈。李克强表示，…习近平主席同你友好会见…。李克强对巴基斯坦今年发生重大洪灾再次表示慰问
    rec = xwlb_record(nlp, "20221102", 4)
    [talks] = frames(rec, "MEETING")  # the 会见 inside his words is recalled, not held here
    assert args(talks, "chair") == ["李克强"] and {"王毅", "何立峰"} <= set(args(talks, "attendee"))
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["李克强"]]  # no 要 needed from the host
    assert frames(rec, "INSPECTION") == []  # sympathy expressed (表示慰问) is no visit
    # 随后，习近平等向江泽民同志的亲属表示深切慰问。; a message: 向遇难者家属和伤者致以诚挚的慰问
    for day, story in (("20221206", 1), ("20221122", 2)):
        assert frames(xwlb_record(nlp, day, story), "INSPECTION") == []
    # 伊朗总统莱希19日会见了到访的哈萨克斯坦总统托卡耶夫…莱希表示，…: foreign talks, what the host says orders nothing
    rec = xwlb_record(nlp, "20220620", 16)
    assert any(args(f, "chair") == ["莱希"] for f in frames(rec, "MEETING"))
    assert frames(rec, "INSTRUCTION") == []


def test_going_to_attend_a_ceremony_and_a_duty_failed_are_no_visits(nlp):
    # 习近平、李克强…等党和国家领导人来到天安门广场，出席向人民英雄敬献花篮仪式。
    rec = xwlb_record(nlp, "20220930", 0)
    assert frames(rec, "INSPECTION") == []
    # 徐立毅…督导检查和履职尽责不到位，造成严重后果: a finding of the discipline inspectors, no visit of his
    rec = xwlb_record(nlp, "20220121", 9)
    assert frames(rec, "INSPECTION") == []


def test_a_date_inside_a_quoted_name_is_no_time(nlp):
    # 今天（9月19日），中共中央宣传部举行“中国这十年”系列主题新闻发布会，自然资源部相关负责人介绍了…
    rec = xwlb_record(nlp, "20220919", 6)
    [report] = frames(rec, "REPORT")
    assert report["time"]["text"] == "今天（9月19日）"


def test_a_meeting_announced_or_looked_forward_to_is_not_held(nlp):
    # 庆祝中国共产主义青年团成立100周年大会将于5月10日上午在北京人民大会堂隆重举行。…习近平将出席大会并发表重要讲话。
    rec = xwlb_record(nlp, "20220509", 1)
    assert frames(rec, "MEETING") == [] and frames(rec, "INSTRUCTION") == []
    # 习近平…抵达利雅得，…出席首届中国－阿拉伯国家峰会…。(书面讲话) 我期待出席首届中国－阿拉伯国家峰会…: one summit
    rec = xwlb_record(nlp, "20221208", 0)
    assert len(frames(rec, "MEETING")) == 1


def test_requirements_said_to_be_met_are_no_instruction(nlp):
    # 交通运输部举行新闻发布会介绍…。目前，全国查验不劝返、…等车辆通行要求总体落实到位。
    rec = xwlb_record(nlp, "20220526", 6)
    assert args(frames(rec, "REPORT")[0], "reporter") == ["交通运输部"]
    assert frames(rec, "INSTRUCTION") == []


def test_bodies_that_issue_a_notice_together_each_instruct(nlp):
    # 民政部、教育部和人力资源社会保障部日前联合下发通知，要求各地…
    rec = xwlb_record(nlp, "20220712", 14)
    assert {s for f in frames(rec, "INSTRUCTION") for s in args(f, "speaker")} == {"民政部", "教育部", "人力资源社会保障部"}

def test_a_numbered_session_and_one_report_per_presenter(nlp):
    rec = xwlb_record(nlp, "20221227", 1)  # 十三届全国人大常委会第三十八次会议27日上午在京举行第一次全体会议。栗战书委员长主持。
    (meeting,) = frames(rec, "MEETING")  # 关于召开十四届全国人大一次会议的决定草案 is a meeting to come, not a frame
    assert args(meeting, "name") == ["十三届全国人大常委会第三十八次会议"] and args(meeting, "chair") == ["栗战书"]
    assert args(meeting, "place") == ["京"]
    reports = {tuple(args(f, "reporter")): args(f, "topic") for f in frames(rec, "REPORT")}
    assert all(len(r) == 1 for r in reports)  # …的汇报，副主任委员王宁作的…: each presenter reports alone
    assert reports[("沈春耀",)] == ["立法法修正草案修改情况"]
    # 环资委提出了关于提请审议海洋环境保护法修订草案的议案，副主任委员王洪尧作了说明
    assert reports[("王洪尧",)] == ["提请审议海洋环境保护法修订草案的议案"]
    # 宪法法律委主任委员李飞、农委副主任委员杜德印分别作的关于…的报告: both present it
    assert set(reports[("李飞",)]) >= {"野生动物保护法修订草案审议结果"} and reports[("杜德印",)]


def test_a_law_enforcement_inspection_and_a_visit_only_recalled_in_a_speech(nlp):
    rec = xwlb_record(nlp, "20220704", 4)  # 栗战书…率全国人大常委会执法检查组在湖北检查长江保护法实施情况
    (insp,) = frames(rec, "INSPECTION")  # 栗战书说，习近平总书记…特别是6月28日视察时强调的…: said, not a visit of his
    assert args(insp, "agent") == ["栗战书"] and "湖北" in args(insp, "place")
    assert "全国人大常委会执法检查组" in args(insp, "companion") and "全国人大常委会执法检查组" not in args(insp, "target")
    (instr,) = frames(rec, "INSTRUCTION")
    assert instr["args"][0]["text"] == "栗战书"


def test_one_inspection_per_day_when_a_date_is_only_a_year(nlp):
    rec = xwlb_record(nlp, "20220105", 0)  # 4日上午，习近平首先来到国家速滑馆… 随后，习近平考察了北京冬奥村（2022年冬奥会）
    (insp,) = frames(rec, "INSPECTION")  # …我来专题调研北京冬奥会: his own words, not a second visit
    assert args(insp, "agent") == ["习近平"] and "习近平" not in args(insp, "companion")
    assert {"国家速滑馆", "冬奥村"} <= set(args(insp, "place"))


def test_a_meeting_named_as_the_subject_and_chaired_sentences_later(nlp):
    rec = xwlb_record(nlp, "20221213", 1)  # 第十一次全国台湾同胞代表会议13日在北京开幕。…开幕式由全国台联会长黄志贤主持。
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "name") == ["第十一次全国台湾同胞代表会议"] and "北京" in args(meeting, "place")
    assert args(meeting, "chair") == ["黄志贤"] and "王沪宁" in args(meeting, "attendee")


def test_recoveries_are_a_case_metric(nlp):
    rec = xwlb_record(nlp, "20220829", 8)  # 截至8月28日，全省累计治愈出院12707例 (the gold writes the metric without 累计)
    stats = {(tuple(args(f, "place")), tuple(args(f, "metric"))): f for f in frames(rec, "CASE_STATS")}
    f = stats[(("全省",), ("治愈出院",))]
    assert [a["value"] for a in f["args"] if a["role"] == "value"] == [12707]
    rec = xwlb_record(nlp, "20220505", 6)  # 上海本土确诊病例出院1739例，解除医学观察的无症状感染者13133例
    metrics = {m for f in frames(rec, "CASE_STATS") for m in args(f, "metric")}
    assert {"本土确诊病例出院", "解除医学观察的无症状感染者"} <= metrics


def test_a_tour_summed_up_over_two_days_is_told_day_by_day(nlp):
    # 1月26日至27日，习近平在…林武和…蓝佛安陪同下，来到临汾、晋中等地… 26日下午，习近平冒雪来到临汾市…
    # 习近平27日在晋中市考察调研。… 丁薛祥、刘鹤、陈希、何立峰…陪同考察
    rec = xwlb_record(nlp, "20220127", 0)
    day1, day2 = frames(rec, "INSPECTION")
    assert (day1["time"]["text"], day2["time"]["text"]) == ("26日下午", "27日")
    for day in (day1, day2):  # the same people travel the whole tour
        assert {"林武", "蓝佛安", "丁薛祥", "刘鹤"} <= set(args(day, "companion"))
    assert {"临汾", "临汾市", "僧念镇", "段村"} <= set(args(day1, "place")) and "晋中市" not in args(day1, "place")
    assert {"晋中", "晋中市"} <= set(args(day2, "place")) and "临汾" not in args(day2, "place")
    assert "党中央" not in args(day1, "target")  # 送去党中央的关心和慰问
    assert "受灾村" not in [e["text"] for e in rec["entities"] if e["label"] == "PLACE"]  # 受灾村民


def test_companions_listed_once_go_with_every_day_and_greetings_on_a_tour_are_no_meetings(nlp):
    # …自治区政府主席艾尔肯·吐尼亚孜陪同下… 丁薛祥、刘鹤、张又侠、陈希、何立峰及中央和国家机关有关部门负责同志陪同考察。
    rec = xwlb_record(nlp, "20220715", 0)
    officials = {e["text"] for e in rec["entities"] if e["label"] == "OFFICIAL"}
    assert {"艾尔肯·吐尼亚孜", "张又侠", "陈希", "何立峰"} <= officials
    days = frames(rec, "INSPECTION")
    assert [d["time"]["text"] for d in days] == ["12日下午", "13日上午", "14日"]
    for day in days:
        assert {"马兴瑞", "张又侠", "陈希", "何立峰"} <= set(args(day, "companion"))
    # 习近平会见了兵团老中青三代建设者代表 / 汇报会前，习近平分别会见了…负责同志: part of the visit
    assert not any(f["trigger"]["text"] == "会见" for f in frames(rec, "MEETING"))


def test_one_meeting_told_three_times_and_meetings_recalled_in_a_speech(nlp):
    # 中央统战工作会议…在北京召开。…习近平出席会议并发表重要讲话… 李克强主持会议。 (many paragraphs later)
    # 习近平强调，…党中央…召开中央西藏工作座谈会… / 李克强在主持会议时指出 / 会议以电视电话会议形式召开
    rec = xwlb_record(nlp, "20220730", 0)
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["李克强"] and args(meeting, "name") == ["中央统战工作会议"]
    speakers = [args(f, "speaker")[0] for f in frames(rec, "INSTRUCTION")]
    assert speakers.count("习近平") == 1 and "李克强" in speakers  # the attendee's speech is one instruction


def test_a_group_sent_to_inspect_and_greetings_by_telephone(nlp):
    rec = xwlb_record(nlp, "20220823", 4)  # 国务院督查组…开展实地督查
    (insp,) = frames(rec, "INSPECTION")
    assert args(insp, "agent") == ["国务院督查组"]
    rec = xwlb_record(nlp, "20220129", 1)  # 习近平等…分别以电话等方式慰问或委托有关方面负责同志慰问了…
    assert not frames(rec, "INSPECTION")


def test_saying_orders_only_what_it_says_must_be_done(nlp):
    # 国家卫生健康委今天（8月4日）表示，近期全国新冠肺炎疫情…明显回落 (a statement) …
    # 国家卫生健康委表示，各地要认真按照第九版防控方案要求落实各项防控措施 (an order)
    rec = xwlb_record(nlp, "20220804", 6)
    (instr,) = frames(rec, "INSTRUCTION")
    assert args(instr, "speaker") == ["国家卫生健康委"] and args(instr, "measure") == ["第九版防控方案"]
    assert instr["trigger"]["start"] > rec["text"].index("表示") and instr["trigger"]["text"] == "表示"


def test_a_report_heard_names_who_reports_and_a_lecture_is_a_meeting_the_lecturer_attends(nlp):
    # 听取了国务院港澳事务办公室主任夏宝龙关于…人选产生过程的汇报: the holder of the title reports, 关于 is no topic
    rec = xwlb_record(nlp, "20220520", 4)
    (rep,) = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["夏宝龙"]]
    assert args(rep, "topic") == ["香港特别行政区第六任行政长官人选产生过程"]
    # 科学技术部党组书记、部长王志刚在海南海口作宣讲报告
    rec = xwlb_record(nlp, "20221106", 4)
    lectures = [f for f in frames(rec, "MEETING") if args(f, "attendee") == ["王志刚"]]
    assert any(set(args(f, "place")) == {"海南", "海口"} for f in lectures)
    assert not any(args(f, "chair") for f in lectures)


def test_attendees_named_after_the_verb_or_as_speakers_and_one_meeting_for_body_and_chair(nlp):
    # 中共中央在中南海召开党外人士座谈会 … 习近平主持座谈会 … 万鄂湘、丁仲礼…先后发言 … 出席座谈会的党外人士还有陈晓光、…窦晓玉等
    rec = xwlb_record(nlp, "20221207", 1)
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["习近平"] and args(meeting, "name") == ["党外人士座谈会"]
    assert {"万鄂湘", "丁仲礼", "陈晓光", "窦晓玉"} <= set(args(meeting, "attendee"))
    # 李克强受中共中央委托通报了今年经济工作有关情况: 了 is not part of the topic
    topics = {t for f in frames(rec, "REPORT") for t in args(f, "topic")}
    assert "今年经济工作有关情况" in topics and not any(t.startswith("了") for t in topics)
    # 全国政协副主席兼秘书长李斌等就有关议题作了说明: the matter after 就 is the topic
    rec = xwlb_record(nlp, "20220620", 4)
    assert any(args(f, "reporter") == ["李斌"] and args(f, "topic") == ["有关议题"] for f in frames(rec, "REPORT"))


def test_joining_a_delegations_discussion_is_a_meeting_and_one_instruction_per_speaker(nlp):
    # 习近平同志17日上午在参加党的二十大广西代表团讨论时强调 … 广西代表团刘宁、…郑志明等5位代表…发言
    rec = xwlb_record(nlp, "20221017", 0)
    (meeting,) = frames(rec, "MEETING")
    assert {"习近平", "刘宁", "郑志明"} <= set(args(meeting, "attendee")) and not args(meeting, "chair")
    xi = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["习近平"]]
    assert len(xi) == 1 and xi[0]["args"][-1] == {"role": "context", "frame": meeting["id"]}


def test_said_with_an_order_is_an_instruction_and_a_planned_meeting_is_none(nlp):
    # 李克强在福建主持召开…座谈会 … 李克强说，…实施稳经济一揽子政策…要…
    rec = xwlb_record(nlp, "20220707", 1)
    (meeting,) = frames(rec, "MEETING")
    li = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["李克强"]]
    assert len(li) == 1 and {"role": "context", "frame": meeting["id"]} in li[0]["args"]
    # 决定6月20日至22日在京召开全国政协十三届常委会第二十二次会议: planned, no frame; 主席会议举行了…集体学习 is
    # the meeting already told
    rec = xwlb_record(nlp, "20220516", 3)
    assert [args(f, "name") for f in frames(rec, "MEETING")] == [["政协第十三届全国委员会第七十一次主席会议"]]


def test_the_next_figure_in_a_list_is_the_same_places(page):
    rec = page[2]  # 4月2日0—24时，吉林市新增本土确诊病例230例，新增本土无症状感染者397例。
    stats = {(args(f, "metric")[0], int(args(f, "value")[0])): args(f, "place") for f in frames(rec, "CASE_STATS")}
    assert stats[("新增本土确诊病例", 230)] == ["吉林市"]
    assert stats[("新增本土无症状感染者", 397)] == ["吉林市"]


def test_a_group_sent_to_inspect_is_the_agent_and_its_destinations_the_places(nlp):
    # 19个国务院督查组分赴山西省、…、新疆维吾尔自治区等19个省（区、市）和新疆生产建设兵团进行实地督查。
    rec = xwlb_record(nlp, "20220823", 4)
    (insp,) = frames(rec, "INSPECTION")
    assert args(insp, "agent") == ["国务院督查组"]
    assert len(args(insp, "place")) == 19 and {"山西省", "新疆维吾尔自治区"} <= set(args(insp, "place"))
    assert args(insp, "target") == ["新疆生产建设兵团"]


def test_a_published_notice_orders_the_measures_it_lists_but_not_those_it_forbids(nlp):
    # 国务院联防联控机制发出《…通知》，对…二十条措施作出重要部署，要求… then one measure per paragraph;
    # 严禁随意停课、停工 … 随意封控 forbids, 将…居家健康监测调整为… replaces
    rec = xwlb_record(nlp, "20221111", 9)
    (ins,) = frames(rec, "INSTRUCTION")
    measures = set(args(ins, "measure"))
    assert {"二十条措施", "集中隔离", "居家隔离", "闭环管理", "三天两检", "赋码管理"} <= measures
    assert not measures & {"停课", "停工", "封控", "居家健康监测"}


def test_spokesmen_of_a_body_and_reporters_who_say_what_others_must_do_instruct(nlp):
    rec = xwlb_record(nlp, "20221105", 10)  # 国家卫生健康委相关负责人表示，要坚持…严格执行第九版防控方案和“九不准”要求
    speakers = [args(f, "speaker") for f in frames(rec, "INSTRUCTION")]
    assert speakers == [["国家卫生健康委相关负责人"]]
    rec = xwlb_record(nlp, "20220513", 6)  # …相关负责人介绍，…做到应检尽检、应隔尽隔…；各地要… 截至目前…可以开展核酸检测
    (meeting,) = frames(rec, "MEETING")
    (ins,) = frames(rec, "INSTRUCTION")
    assert args(ins, "speaker") == ["国家卫生健康委相关负责人"]
    assert {"role": "context", "frame": meeting["id"]} in ins["args"]
    assert {"应检尽检", "应隔尽隔", "应收尽收", "应治尽治", "疫苗接种"} == set(args(ins, "measure"))


def test_an_attendee_who_speaks_instructs_and_a_quoted_word_in_a_meeting_name(nlp):
    rec = xwlb_record(nlp, "20220526", 3)  # 全国“三夏”生产工作推进电视电话会议5月26日在京召开 … 胡春华出席会议并讲话
    (meeting,) = frames(rec, "MEETING")
    assert args(meeting, "name") == ["全国“三夏”生产工作推进电视电话会议"]
    (hu,) = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["胡春华"]]
    assert {"role": "context", "frame": meeting["id"]} in hu["args"]


def test_addressees_a_place_named_there_and_a_visit_after_going(page, nlp):
    # 景俊海要求四平、通化、梅河口要组建工作队: the places told are the instruction's addressees
    told = [a for f in frames(page[7], "INSTRUCTION") for a in args(f, "addressee")]
    assert {"四平", "通化", "梅河口"} <= set(told)
    # …十二马架子屯方舱隔离点已经投入使用。景俊海再次到那里实地检查: 那里 is the site just named
    (tour,) = frames(page[4], "INSPECTION")
    assert "十二马架子屯方舱隔离点" in args(tour, "place")
    # 叮嘱随行负责同志，保障好罕见病用药: a group named after 叮嘱
    rec = xwlb_record(nlp, "20220128", 6)
    assert "随行负责同志" in [a for f in frames(rec, "INSTRUCTION") for a in args(f, "addressee")]
    # 习近平一下火车，就乘车前往延安市安塞区高桥镇南沟村: going to a village is a visit; 前往…出席 would not be
    rec = xwlb_record(nlp, "20221028", 0)
    places = [p for f in frames(rec, "INSPECTION") if args(f, "agent") == ["习近平"] for p in args(f, "place")]
    assert {"安塞区", "高桥镇", "南沟村"} <= set(places)
    # 代表党中央…: a central body named for whom the visitor speaks is no target of the visit
    assert not [t for f in frames(rec, "INSPECTION") for t in args(f, "target") if t in ("党中央", "中共中央")]


def test_unnamed_kinds_of_site_visited_are_targets(nlp):
    # 深入革命纪念馆、河湖治理工程、企业、社区等进行调研: kinds of site (site_kinds.tsv) are the visit's targets
    rec = xwlb_record(nlp, "20220818", 0)
    targets = [t for f in frames(rec, "INSPECTION") for t in args(f, "target")]
    assert {"河湖治理工程", "企业", "社区", "社区党群服务中心", "群众活动中心", "养老服务中心"} <= set(targets)
    # 深入陕西延安市和河南安阳市的农村、学校…: the places the list opens with are places, not part of a kind
    rec = xwlb_record(nlp, "20221028", 0)
    targets = [t for f in frames(rec, "INSPECTION") for t in args(f, "target")]
    assert {"农村", "学校", "红色教育基地", "文物保护单位"} <= set(targets) and "的农村" not in targets
    # what the visitor says (要…深入社区) is no stop of the visit
    doc = nlp("习近平来到这里考察。他强调，要深入企业、社区等进行调研，帮助解决实际困难。")
    assert not [t for f in doc._.frames if f["type"] == "INSPECTION" for t in args(f, "target")]


def test_a_meeting_the_official_attends_without_chairing_it(nlp):
    # 国务院总理李克强在金边出席第25次中国-东盟领导人会议: a MEETING with its name, attendee and place, no chair
    rec = xwlb_record(nlp, "20221111", 3)
    (meeting,) = [f for f in frames(rec, "MEETING") if args(f, "name") == ["第25次中国-东盟领导人会议"]]
    assert "李克强" in args(meeting, "attendee") and args(meeting, "place") == ["金边"] and not args(meeting, "chair")
    # 习近平在出席军队领导干部会议时强调: what he says there is said at that meeting
    rec = xwlb_record(nlp, "20221024", 0)
    (meeting,) = [f for f in frames(rec, "MEETING") if args(f, "name") == ["军队领导干部会议"]]
    said = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["习近平"]]
    assert said and all([a["frame"] for a in f["args"] if a["role"] == "context"] == [meeting["id"]] for f in said)


def test_every_presentation_at_a_session_is_a_report_with_its_topic_and_the_sessions_time(nlp):
    rec = xwlb_record(nlp, "20220830", 2)  # 十三届全国人大常委会第三十六次会议30日上午在京举行第一次全体会议
    reports = {a: f for f in frames(rec, "REPORT") for a in args(f, "reporter")}
    topics = {who: set(args(f, "topic")) for who, f in reports.items()}
    # 栗战书委员长主持并作…执法检查组关于检查环境保护法实施情况的报告: chairing does not hide his own report
    assert "检查环境保护法实施情况" in topics["栗战书"]
    assert "反电信网络诈骗法草案审议结果" in topics["周光权"]  # …审议结果报告, with no 的
    assert "今年以来预算执行情况" in topics["刘昆"]  # 刘昆报告了…
    assert "四级法院审级职能定位改革试点情况" in topics["周强"]  # …的中期报告
    assert "检查科学技术普及法实施情况" in topics["蔡达峰"]  # 作的常委会执法检查组关于…的报告
    # 审议了监察司法委关于提请审议反间谍法修订草案的议案。监察司法委主任委员吴玉良作了说明。
    assert "提请审议反间谍法修订草案的议案" in topics["吴玉良"]
    # 今年以来 belongs to 何立峰's topic, not to the time of 刘昆's report after it
    assert reports["刘昆"]["time"]["text"] == "30日上午"
    # 何毅亭作的关于…的调研报告 is a report, not an inspection
    assert not frames(rec, "INSPECTION") and "何毅亭" in reports


def test_a_press_conference_no_body_holds_is_a_meeting_by_its_name(nlp):
    # 在今天举行的上海市新冠肺炎疫情防控新闻发布会上，相关部门介绍…
    rec = xwlb_record(nlp, "20220519", 8)
    names = [a for f in frames(rec, "MEETING") for a in args(f, "name")]
    assert names == ["上海市新冠肺炎疫情防控新闻发布会"]
    assert [a for f in frames(rec, "REPORT") for a in args(f, "reporter")] == ["相关部门"]
    # told as the subject: 新疆新冠肺炎疫情防控新闻发布会通报：… the conference reports
    rec = xwlb_record(nlp, "20220813", 5)
    reporters = {a for f in frames(rec, "REPORT") for a in args(f, "reporter")}
    assert {"新疆新冠肺炎疫情防控新闻发布会", "西藏新冠肺炎疫情防控工作新闻发布会"} <= reporters
    # a body's own conference (国务院联防联控机制今天举行新闻发布会) stays one MEETING the body chairs
    rec = xwlb_record(nlp, "20220617", 9)
    meetings = frames(rec, "MEETING")
    assert len(meetings) == 1 and args(meetings[0], "chair") == ["国务院联防联控机制"]


def test_a_speech_at_a_named_meeting_is_attending_it_and_the_session_told_again_is_the_same_meeting(nlp):
    # 习近平18日上午在中国共产党第十九届中央纪律检查委员会第六次全体会议上发表重要讲话。… 李克强、栗战书…出席会议。
    # 赵乐际主持会议。 … (later) 全会…1月18日在北京开幕
    rec = xwlb_record(nlp, "20220118", 0)
    named = [f for f in frames(rec, "MEETING") if args(f, "name") == ["中国共产党第十九届中央纪律检查委员会第六次全体会议"]]
    assert len(named) == 1
    meeting = named[0]
    assert {"习近平", "李克强", "韩正"} <= set(args(meeting, "attendee")) and args(meeting, "chair") == ["赵乐际"]
    assert "北京" in args(meeting, "place")
    speech = next(f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["习近平"])
    assert [a["frame"] for a in speech["args"] if a["role"] == "context"] == [meeting["id"]]
    # 栗战书6日在集体安全条约组织议会大会全体会议上发表视频致辞
    rec = xwlb_record(nlp, "20220607", 3)
    assert [(args(f, "attendee"), args(f, "name")) for f in frames(rec, "MEETING")] == [(["栗战书"], ["集体安全条约组织议会大会全体会议"])]


def test_a_body_that_issues_a_document_instructs_with_the_documents_measures(nlp):
    # 中央军委办公厅印发《关于军队推动党史学习教育常态化长效化的意见》: an instruction by the issuer, naming no measure
    rec = xwlb_record(nlp, "20220521", 1)
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["中央军委办公厅"]]
    # 国家卫生健康委员会26日发布公告… / 国务院联防联控机制26日发布了《…“乙类乙管”的总体方案》: each issuer instructs; the
    # plan's measures are the plan's, not the notice's before it; the measures it lifts (不再开展全员核酸筛查) are none
    rec = xwlb_record(nlp, "20221227", 3)
    by_speaker = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    assert not args(by_speaker["国家卫生健康委员会"], "measure")
    plan = set(args(by_speaker["国务院联防联控机制"], "measure"))
    assert {"乙类乙管", "十二项主要应对措施", "愿检尽检"} <= plan and "全员核酸筛查" not in plan
    # a press conference is no document: 发布会 issues nothing
    rec = xwlb_record(nlp, "20220617", 9)
    assert not [f for f in frames(rec, "INSTRUCTION") if f["trigger"]["text"].startswith("发布")]


def test_a_reporter_whose_report_goes_on_with_what_must_be_done_instructs(nlp):
    # 国家卫生健康委相关负责人介绍，近几日，…依然严峻复杂。要把力量和资源重点放在“防”的措施上，在早发现、早报告、早隔离、
    # 早治疗上下功夫，…闭环管理。 (the 要 opens a sentence: the measures are in that sentence, not the one before)
    rec = xwlb_record(nlp, "20220609", 6)
    ins = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["国家卫生健康委相关负责人"]]
    assert len(ins) == 1 and {"早发现", "早治疗", "闭环管理"} <= set(args(ins[0], "measure"))


def test_a_congress_opened_under_its_partys_name_is_the_meeting_its_guests_attend(nlp):
    # 中国农工民主党第十七次全国代表大会12月7日在北京开幕。李强出席开幕会并代表中共中央致贺词。… 陈竺代表农工党第十六届中央
    # 委员会作工作报告。石泰峰、沈跃跃、王勇、李斌出席开幕会，何维主持开幕会。
    rec = xwlb_record(nlp, "20221207", 5)
    meetings = frames(rec, "MEETING")
    assert [args(f, "name") for f in meetings] == [["中国农工民主党第十七次全国代表大会"]]
    congress = meetings[0]
    assert args(congress, "chair") == ["何维"] and {"李强", "石泰峰", "李斌"} <= set(args(congress, "attendee"))
    assert args(congress, "place") == ["北京"]
    speech = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["李强"]]
    assert len(speech) == 1 and [a["frame"] for a in speech[0]["args"] if a["role"] == "context"] == [congress["id"]]
    assert ["陈竺"] in [args(f, "reporter") for f in frames(rec, "REPORT")]
    # …战略部署 is a noun, not an instruction by the party named before it
    assert not any(args(f, "speaker") == ["中共"] for f in frames(rec, "INSTRUCTION"))


def test_case_figures_after_a_word_of_comparison_and_without_their_leijì(nlp):
    # 截至北京时间27日16时，美国累计新冠肺炎确诊病例超过9073万例，累计死亡病例超过102.78万例。… 美国猴痘病例达到3846例
    rec = xwlb_record(nlp, "20220727", 18)
    got = {(tuple(args(f, "place")), args(f, "metric")[0], args(f, "value")[0]) for f in frames(rec, "CASE_STATS")}
    assert {(("美国",), "新冠肺炎确诊病例", "90730000"), (("美国",), "死亡病例", "1027800"), (("美国",), "猴痘病例", "3846")} <= got


def test_joint_issuers_each_instruct_and_a_name_inside_a_books_title_acts_in_nothing(nlp):
    # 中共中央宣传部、中央军委政治工作部发出通知，… (the book: 《习近平强军思想学习问答》): two issuers, and 习近平 is no
    # speaker or agent, being part of the book's and the doctrine's name
    rec = xwlb_record(nlp, "20220824", 1)
    speakers = sorted(s for f in frames(rec, "INSTRUCTION") for s in args(f, "speaker"))
    assert speakers == ["中共中央宣传部", "中央军委政治工作部"]
    assert not frames(rec, "INSPECTION")
    # 中央军委办公厅日前印发《通知》… 《通知》指出，深入学习贯彻习近平新时代中国特色社会主义思想…
    rec = xwlb_record(nlp, "20220806", 2)
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["中央军委办公厅"]]


def test_the_country_itself_is_no_place_an_inspection_goes_to(nlp):
    # 习近平春节前夕赴山西看望慰问基层干部群众: the tour's sentences also say 中国 (…中国特色…), which is no place visited
    rec = xwlb_record(nlp, "20220127", 0)
    places = {p for f in frames(rec, "INSPECTION") for p in args(f, "place")}
    assert "平遥县" in places or "山西" in places
    assert not places & {"中国", "我国"}


def test_a_lecturer_who_talks_on_a_visit_holds_a_meeting_of_his_own(nlp):
    # 孟祥锋今天在山西太原宣讲党的二十大精神 … 黄坤明还来到广州南沙港区等地，向生产一线人员现场宣讲党的二十大精神
    rec = xwlb_record(nlp, "20221102", 9)
    talks = [(args(f, "attendee"), args(f, "place")) for f in frames(rec, "MEETING")]
    assert (["孟祥锋"], ["山西", "太原"]) in talks
    assert any(a == ["黄坤明"] and "南沙港区" in p for a, p in talks)
    # the same lecture told again (…作宣讲报告。韩文秀从…方面…进行了深入宣讲和阐释) is no second meeting
    assert sum(a == ["韩文秀"] for a, _ in talks) == 2  # the report in 济南, and the talk at 山东大学 (现场宣讲)
    # 宣讲团成员的现场宣讲全面准确: a noun, whoever the sentence names
    assert not frames(xwlb_record(nlp, "20221118", 7), "MEETING")


def test_a_study_session_opened_at_the_party_school_is_a_meeting_its_speaker_attends_and_its_chair_does_not(nlp):
    # …专题研讨班11日上午在中央党校（国家行政学院）开班。习近平在开班式上发表重要讲话… 李克强主持开班式，…栗战书…出席开班式。
    # … 李克强在主持开班式时指出 (the same meeting, told again)
    rec = xwlb_record(nlp, "20220111", 0)
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "name") == ["省部级主要领导干部学习贯彻党的十九届六中全会精神专题研讨班"]
    assert args(meeting, "place") == ["中央党校", "国家行政学院"]
    assert args(meeting, "chair") == ["李克强"]
    assert {"习近平", "栗战书", "王岐山"} <= set(args(meeting, "attendee")) and "李克强" not in args(meeting, "attendee")
    # …研讨班14日下午在中央党校（国家行政学院）结业，王沪宁出席结业式并作总结讲话。陈希主持结业式
    rec = xwlb_record(nlp, "20220114", 4)
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["陈希"] and "王沪宁" in args(meeting, "attendee")


def test_an_article_speaks_for_its_author_and_is_no_person(nlp):
    # 《求是》杂志发表…习近平的重要文章《…》。文章强调，…: 文章 is the author's voice (a reference, not a name 文 + 章)
    rec = xwlb_record(nlp, "20220716", 0)
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["习近平"]]
    assert not [e for e in rec["entities"] if e["text"] == "文章"]


def test_a_lecture_at_a_session_is_a_report_with_its_title_or_the_topic_told_later(nlp):
    # 铁凝应邀作题为“中国人的读书——民族精神的接续传承”的学习讲座
    rec = xwlb_record(nlp, "20220824", 4)
    lecture = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["铁凝"]]
    assert [args(f, "topic") for f in lecture] == [["中国人的读书——民族精神的接续传承"]]
    # 李书磊作了辅导报告。… (two paragraphs later) 李书磊在辅导报告中就党的二十大的历史地位、…等进行了解读和阐释。
    rec = xwlb_record(nlp, "20221026", 2)
    [lecture] = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["李书磊"]]
    assert args(lecture, "topic")[0].startswith("党的二十大的历史地位") and args(lecture, "topic")[0].endswith("坚持团结奋斗")
    # …的战略谋划和重大部署 and 党中央关于…的重大部署 are nouns; 常委会组成人员一致表示，要… is a commitment: no instructions
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["栗战书"]]



def test_a_work_report_on_behalf_of_a_body_and_a_report_given_on_invitation(nlp):
    # 赵乐际代表中央纪律检查委员会常务委员会作题为《运用…，迎接党的二十大胜利召开》的工作报告 (the title holds a comma)
    rec = xwlb_record(nlp, "20220118", 0)
    [work] = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["赵乐际"]]
    assert args(work, "topic") == ["运用党的百年奋斗历史经验推动纪检监察工作高质量发展，迎接党的二十大胜利召开"]
    # 蔡达峰代表民进第十四届中央委员会作报告: no title, no topic
    rec = xwlb_record(nlp, "20221218", 2)
    [work] = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["蔡达峰"]]
    assert args(work, "topic") == []
    # 国务委员王勇应邀出席会议并作报告; 李斌等分别就有关议题作了说明 (分别 before 就)
    rec = xwlb_record(nlp, "20220620", 4)
    assert {"王勇", "李斌"} <= {r for f in frames(rec, "REPORT") for r in args(f, "reporter")}
    # 黄惠康作了题为《从战略高度认知和推进涉外法治建设》的讲座: a title in 《》 as well as in “”
    rec = xwlb_record(nlp, "20220228", 4)
    [lecture] = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["黄惠康"]]
    assert args(lecture, "topic") == ["从战略高度认知和推进涉外法治建设"]
    # 习近平就…的报告讨论稿向全会作了说明: the topic ends before 向全会
    rec = xwlb_record(nlp, "20221012", 0)
    [expl] = [f for f in frames(rec, "REPORT") if args(f, "reporter") == ["习近平"]]
    assert args(expl, "topic") == ["党的十九届中央委员会向中国共产党第二十次全国代表大会的报告讨论稿"]

def test_who_spoke_at_a_forum_attends_it(nlp):
    # 民革中央主席万鄂湘、…全国工商联主席高云龙、无党派人士代表邵峰发了言。
    rec = xwlb_record(nlp, "20220125", 10)
    [meeting] = frames(rec, "MEETING")
    assert {"万鄂湘", "丁仲礼", "高云龙"} <= set(args(meeting, "attendee"))
    assert "邵峰发" not in {e["text"] for e in rec["entities"]}


def test_a_politburo_study_session_is_a_meeting_with_its_lecturer_reporting(nlp):
    # 中共中央政治局7月28日下午就深入实施新时代人才强军战略进行第四十一次集体学习。中共中央总书记习近平在主持学习时…
    # 军事科学院军队政治工作研究院院长沈志华同志就深入实施新时代人才强军战略作了讲解
    rec = xwlb_record(nlp, "20220729", 0)
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "name") == ["第四十一次集体学习"] and args(meeting, "chair") == ["习近平"]
    [report] = frames(rec, "REPORT")
    assert args(report, "reporter") == ["沈志华"] and args(report, "topic") == ["深入实施新时代人才强军战略"]
    [ins] = frames(rec, "INSTRUCTION")
    assert ins["args"][-1]["role"] == "context" and ins["args"][-1]["frame"] == meeting["id"]
    # 研究员王巍就这个问题进行讲解: the question is the study's topic
    rec = xwlb_record(nlp, "20220528", 0)
    [report] = frames(rec, "REPORT")
    assert args(report, "reporter") == ["王巍"] and args(report, "topic") == ["深化中华文明探源工程"]


def test_a_report_heard_from_no_named_reporter_keeps_its_topic_and_holds_no_visit(nlp):
    # 听取两批工作组赴16个省份稳住经济大盘督导和服务工作汇报: a REPORT with its topic; the 督导 is what it is about
    rec = xwlb_record(nlp, "20220912", 2)
    assert [args(f, "topic") for f in frames(rec, "REPORT")] == [["两批工作组赴16个省份稳住经济大盘督导和服务工作"]]
    assert not frames(rec, "INSPECTION")
    [meeting] = frames(rec, "MEETING")
    assert {"孙春兰", "刘鹤", "赵克志"} <= set(args(meeting, "attendee"))
    # 审议《中央政治局常委会听取和研究…党组工作汇报》: a document's title, no report heard
    assert not frames(xwlb_record(nlp, "20220124", 0), "REPORT")


def test_a_spokesman_named_by_title_reports_and_a_clause_opening_with_yao_orders(nlp):
    # 国家卫生健康委新闻发言人介绍，…要根据检测、流调结果做好风险研判: the title speaks for the body;
    # 郭燕红介绍，核酸采样是…，既要保证采样的质量…: a clause that opens with 要 is an order
    rec = xwlb_record(nlp, "20221129", 6)
    reporters = [a for f in frames(rec, "REPORT") for a in args(f, "reporter")]
    assert "国家卫生健康委新闻发言人" in reporters
    by_speaker = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    assert "流调" in args(by_speaker["国家卫生健康委新闻发言人"], "measure")
    assert "核酸采样" in args(by_speaker["郭燕红"], "measure")


def test_a_speech_after_the_meeting_is_told_attends_it_and_a_presenter_who_says_what_must_be_done_instructs(nlp):
    # 国务院召开第十次全国深化“放管服”改革电视电话会议。…李克强发表重要讲话。…韩正主持。
    rec = xwlb_record(nlp, "20220829", 2)
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["韩正"] and "李克强" in args(meeting, "attendee")
    # 胡春华在总结讲话中表示，…。要全面学习…: he attends and instructs
    rec = xwlb_record(nlp, "20221224", 0)
    [meeting] = frames(rec, "MEETING")
    assert "胡春华" in args(meeting, "attendee")
    assert "胡春华" in [args(f, "speaker")[0] for f in frames(rec, "INSTRUCTION")]
    # 在…举行的北京市新冠肺炎疫情防控新闻发布会上，相关部门介绍，…要…加快流调溯源…动态调整封控区
    rec = xwlb_record(nlp, "20220524", 8)
    [ins] = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["相关部门"]]
    assert {"流调", "封控"} <= set(args(ins, "measure"))


def test_a_meeting_a_body_describes_is_not_held_in_the_story(nlp):
    # 会议认为，中国共产党第二十次全国代表大会，是…关键时刻召开的一次十分重要的大会
    rec = xwlb_record(nlp, "20220909", 0)
    assert [args(f, "chair") for f in frames(rec, "MEETING")] == [["习近平"]]
    assert "中国共产党" not in [a for f in frames(rec, "INSTRUCTION") for a in args(f, "speaker")]


def test_the_lead_of_a_state_council_sitting_tells_what_the_body_did(nlp):
    # 国务院总理李克强26日主持召开国务院常务会议，部署…；听取…汇报，部署…；要求深入落实…即申即退
    rec = xwlb_record(nlp, "20221027", 3)
    speakers = [args(f, "speaker") for f in frames(rec, "INSTRUCTION")]
    assert speakers == [["国务院"]]
    [body] = frames(rec, "INSTRUCTION")
    assert "即申即退" in args(body, "measure")


def test_the_chair_who_gives_a_speech_instructs_beside_the_body(nlp):
    # 中共中央政治局常务委员会11月10日召开会议…中共中央总书记习近平主持会议并发表重要讲话。…会议强调
    rec = xwlb_record(nlp, "20221110", 0)
    [meeting] = frames(rec, "MEETING")
    by = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    assert {"习近平", "中共中央政治局常务委员会"} <= set(by)
    assert {"role": "context", "frame": meeting["id"]} in by["习近平"]["args"]


def test_at_talks_the_host_instructs_and_the_guest_does_not(nlp):
    # 李克强同朔尔茨举行会谈。李克强表示，… 朔尔茨表示，…
    rec = xwlb_record(nlp, "20221104", 2)
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "chair") == ["李克强"] and "朔尔茨" in args(meeting, "attendee")
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["李克强"]]


def test_case_figures_take_the_exact_figure_after_a_round_one_and_approximations(nlp):
    # 美国累计猴痘确诊病例逼近17000例，达到16926例。… 美国累计新冠肺炎确诊病例已经超过9400万，为94028125例。
    rec = xwlb_record(nlp, "20220826", 23)
    got = {(tuple(args(f, "place")), args(f, "metric")[0], args(f, "value")[0]) for f in frames(rec, "CASE_STATS")}
    assert {(("美国",), "猴痘确诊病例", "16926"), (("美国",), "新冠肺炎确诊病例", "94028125")} <= got
    assert not any(v in ("17000", "94000000") for _, _, v in got)
    rec = xwlb_record(nlp, "20220801", 20)  # 美国目前报告猴痘病例近5200例
    assert (("美国",), "猴痘病例", "5200") in {(tuple(args(f, "place")), args(f, "metric")[0], args(f, "value")[0])
                                              for f in frames(rec, "CASE_STATS")}
    rec = xwlb_record(nlp, "20220724", 19)  # 美国累计新冠确诊病例超过9039万例: 新冠 is part of the metric
    assert "新冠确诊病例" in {args(f, "metric")[0] for f in frames(rec, "CASE_STATS")}


def test_a_press_conference_without_a_presenter_is_the_holding_bodys_report(nlp):
    rec = xwlb_record(nlp, "20221229", 7)  # 国务院联防联控机制医疗物资保障组今天下午举行发布会，工业和信息化部…
    assert [args(f, "reporter") for f in frames(rec, "REPORT")] == [["国务院联防联控机制医疗物资保障组"]]
    rec = xwlb_record(nlp, "20220517", 5)  # 国家发展改革委举行新闻发布会，公布了前4月用电量…
    assert any(args(f, "reporter") == ["国家发展改革委"] for f in frames(rec, "REPORT"))
    rec = xwlb_record(nlp, "20220120", 10)  # 国新办今天举行…新闻发布会: the information office hosts, it reports nothing
    assert not frames(rec, "REPORT")


def test_a_breakdown_gives_shared_counts_and_shares_inside_a_place(nlp, page):
    # 其中…白山市、白城市各1例: each place of the run gets the count
    stats = {(tuple(args(f, "place")), args(f, "metric")[0]): args(f, "value")[0] for f in frames(page[1], "CASE_STATS")}
    assert stats[(("白山市",), "新增本土无症状感染者")] == stats[(("白城市",), "新增本土无症状感染者")] == "1"
    # 长春市205例（有131例在九台区）…辽源市、松原市各1例
    rec = [record(a, d, with_tokens=False) for a, d in annotate(nlp, read_articles([str(seed(3))]))][0]
    got = {(tuple(args(f, "place")), args(f, "metric")[0], args(f, "value")[0]) for f in frames(rec, "CASE_STATS")}
    assert {(("九台区",), "新冠病毒无症状感染者", "131"), (("长春市",), "新冠病毒无症状感染者", "205"),
            (("辽源市",), "新冠病毒无症状感染者", "1"), (("松原市",), "新冠病毒无症状感染者", "1")} <= got


def test_a_national_bulletin_splits_by_origin_and_keeps_the_outlet_out(nlp):
    # 国家卫生健康委今天（5月8日）通报…新增无症状感染者4133例，其中境外输入68例，本土4065例。新增治愈出院的本土确诊病例1102例
    rec = xwlb_record(nlp, "20220508", 16)
    got = {(args(f, "metric")[0], args(f, "value")[0]) for f in frames(rec, "CASE_STATS")}
    assert {("境外输入", "68"), ("本土", "4065"), ("新增治愈出院的本土确诊病例", "1102"),
            ("解除医学观察的本土无症状感染者", "10363")} <= got
    assert [args(f, "reporter") for f in frames(rec, "REPORT")] == [["国家卫生健康委"]]  # not the dateline's 央视网


def test_a_written_instruction_for_a_conference_is_given_at_it_to_the_groups_it_names(nlp):
    # 全国打击侵权假冒工作电视电话会议7月5日在京召开。…李克强作出重要批示。…王勇出席会议并讲话。
    rec = xwlb_record(nlp, "20220705", 5)
    [meeting] = frames(rec, "MEETING")
    by = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    assert {"role": "context", "frame": meeting["id"]} in by["李克强"]["args"]
    # 国务院1月17日召开全国安全生产电视电话会议。李克强作出重要批示。…各地区、各有关部门和单位要…
    rec = xwlb_record(nlp, "20220117", 2)
    [ins] = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["李克强"]]
    assert args(ins, "addressee") == ["各地区、各有关部门和单位"]
    # 李克强日前对森林草原防灭火工作作出重要批示…王勇9月16日出席…电视电话会议并讲话: the 批示 names its own matter
    rec = xwlb_record(nlp, "20220916", 9)
    [meeting] = frames(rec, "MEETING")
    by = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    assert not any(a["role"] == "context" for a in by["李克强"]["args"])
    assert {"role": "context", "frame": meeting["id"]} in by["王勇"]["args"]


def test_a_visit_due_by_a_deadline_is_no_inspection(nlp):
    # 11月底前，国务院各督导工作组赴有关地方，对稳经济一揽子政策措施落实情况进行督导
    assert not frames(xwlb_record(nlp, "20221123", 1), "INSPECTION")


def test_a_reporter_does_not_order_what_another_voice_says(nlp):
    # 国务院联防联控机制今天举行新闻发布会介绍…。国家卫生健康委表示，…要始终坚持…
    rec = xwlb_record(nlp, "20220219", 9)
    assert "国务院联防联控机制" not in [args(f, "speaker")[0] for f in frames(rec, "INSTRUCTION")]
    # 在今天举行的上海市…新闻发布会上，相关部门介绍，下一阶段要继续严格落实以“四应四尽”为核心的各项防控措施
    rec = xwlb_record(nlp, "20220510", 9)
    [ins] = [f for f in frames(rec, "INSTRUCTION") if args(f, "speaker") == ["相关部门"]]
    assert args(ins, "measure") == ["四应四尽"]


def test_who_joins_talks_attends_them_and_a_sitting_is_named_by_its_subject(nlp):
    rec = xwlb_record(nlp, "20221116", 10)  # 栗战书同尼加拉瓜国民议会议长…举行会谈。…曹建明参加会谈。
    [talks] = frames(rec, "MEETING")
    assert args(talks, "chair") == ["栗战书"] and "曹建明" in args(talks, "attendee")
    rec = xwlb_record(nlp, "20221209", 10)  # 十三届全国政协第六十八次双周协商座谈会9日在京召开，全国政协主席汪洋主持会议
    [meeting] = frames(rec, "MEETING")
    assert args(meeting, "name") == ["十三届全国政协第六十八次双周协商座谈会"] and args(meeting, "chair") == ["汪洋"]


def test_a_story_opened_by_recent_days_dates_its_tours(nlp):
    # 连日来，学习贯彻党的二十大精神中央宣讲团成员分别在教育系统、海南、浙江等地宣讲…怀进鹏还走进北京师范大学
    rec = xwlb_record(nlp, "20221106", 4)
    [tour] = [f for f in frames(rec, "INSPECTION") if args(f, "agent") == ["怀进鹏"]]
    assert tour["time"]["text"] == "连日来" and "北京师范大学" in args(tour, "place")


def test_he_is_the_speaker_not_whom_he_speaks_for(nlp):
    # 他首先代表中共中央和习近平总书记，向全国宗教界人士…致以新春祝福。…他强调，宗教团体要…
    rec = xwlb_record(nlp, "20220127", 6)
    assert [args(f, "speaker") for f in frames(rec, "INSTRUCTION")] == [["汪洋"]]


def test_war_news_quotes_and_recalls_but_holds_no_new_events(nlp):
    # 普京和埃尔多安5日在索契举行会谈…诺瓦克会谈后表示; 俄军…打击了乌军临时部署点
    rec = xwlb_record(nlp, "20220806", 20)
    [talks] = frames(rec, "MEETING")
    assert args(talks, "chair") == ["普京"] and args(talks, "place") == ["索契"] and not frames(rec, "INSTRUCTION")
    # 乌克兰国家通讯社当天援引乌克兰武装部队总参谋部的通报报道: the outlet reports nothing
    assert not frames(xwlb_record(nlp, "20220512", 20), "REPORT")


def test_sites_that_open_a_paragraph_are_places_of_the_visit_and_a_joiner_is_a_companion(nlp):
    # 九台一中正在进行封闭消杀。景俊海实地检查学校疫情防控工作; 净月区地铁6号线樱花街站、伟峰东域两处工地已经实行封闭
    # 管控措施。景俊海实地察看…; …国家卫生健康委副主任李斌参加检查指导 (he joins the visit, he leads none)
    (art, doc), = [(a, d) for a, d in annotate(nlp, read_articles([str(seed(3))])) if a.source.get("story") == 0]
    rec = record(art, doc, with_tokens=False)
    [insp] = frames(rec, "INSPECTION")
    assert args(insp, "agent") == ["景俊海"] and "李斌" in args(insp, "companion")
    assert {"九台区医院", "九台一中", "净月区", "地铁6号线樱花街站"} <= set(args(insp, "place"))


def test_presenters_who_each_explain_one_of_a_list_of_bills_get_one_bill_each(nlp):
    # 国务院提出了关于提请审议对外贸易法修正案草案、增值税法草案、金融稳定法草案、外国国家豁免法草案的4个议案，受国务院
    # 委托，…王文涛、…刘昆、…张青松、…马朝旭分别作了说明。最高人民法院提出了关于提请审议…的2个议案，…周强作了说明。
    rec = xwlb_record(nlp, "20221227", 1)
    topic = {args(f, "reporter")[0]: args(f, "topic") for f in frames(rec, "REPORT")}
    assert topic["王文涛"] == ["对外贸易法修正案草案"] and topic["刘昆"] == ["增值税法草案"]
    assert "外国国家豁免法草案" in topic["马朝旭"]
    assert topic["周强"] == ["提请审议民事诉讼法修正草案、行政诉讼法修正草案的2个议案"]


def test_a_bulletin_that_breaks_a_total_down_by_region_gives_a_frame_per_place(nlp):
    # 截至3月12日24时，全省累计报告本地新冠肺炎确诊病例2052例。按照临床分型为：轻型2025例、普通型27例；按照地区分布为：
    # 吉林市1024例、长春市961例（有654例在九台区）、延边州65例、松原市、四平市各1例。
    (art, doc), = [(a, d) for a, d in annotate(nlp, read_articles([str(seed(3))])) if a.source.get("story") == 0]
    rec = record(art, doc, with_tokens=False)
    total = {(tuple(args(f, "place")), int(args(f, "value")[0])) for f in frames(rec, "CASE_STATS")
             if args(f, "metric") == ["本地新冠肺炎确诊病例"]}
    assert {(("全省",), 2052), (("吉林市",), 1024), (("长春市",), 961), (("松原市",), 1), (("四平市",), 1)} <= total
    assert not any(place == ("全省",) and n in (2025, 27) for place, n in total)  # the clinical types are no places


def test_other_districts_are_no_pronoun_that_carries_a_tour_on(nlp):
    # after the tour, a press conference: 吉林市已完成6轮全员核酸检测、…，长春市其他城区也已完成2轮核酸检测 (其他 is no 他)
    (art, doc), = [(a, d) for a, d in annotate(nlp, read_articles([str(seed(3))])) if a.source.get("story") == 0]
    [insp] = frames(record(art, doc, with_tokens=False), "INSPECTION")
    assert "吉林市" not in args(insp, "place") and "九台区" in args(insp, "place")


def test_officials_named_by_office_only_report_and_vetting_cadres_is_no_visit(page):
    # 会上，吉林市、九台区党委主要负责同志汇报疫情防控进展情况。四平、通化市、梅河口市委主要负责同志汇报…
    rec = page[0]
    topic = {args(f, "reporter")[0]: args(f, "topic") for f in frames(rec, "REPORT")}
    assert topic["吉林市、九台区党委主要负责同志"] == ["疫情防控进展情况"]
    assert topic["四平、通化市、梅河口市委主要负责同志"] == ["包保支援长春工作情况"]
    # 景俊海强调，…要…在抗疫一线考察识别选拔干部: what he ordered, and 考察 of cadres is vetting
    assert not frames(rec, "INSPECTION")


def test_a_bodys_chief_named_by_office_speaks_as_the_phrase(page):
    # 四平市委主要领导表示，…要开展高质量核酸检测…: the speaker is the chief, not the committee
    speakers = [args(f, "speaker") for f in frames(page[7], "INSTRUCTION")]
    assert ["四平市委主要领导"] in speakers and ["四平市委"] not in speakers


def test_a_video_link_with_places_is_a_meeting_that_deploys_what_it_names(nlp):
    # 景俊海还分别与长春市、吉林市视频连线，对核酸检测、隔离转运、医疗救治、物资保障等重点工作进行再调度、再部署、再安排。
    # 范锐平、胡家福、…参加有关活动。 (the party came on the visit, not to the video link)
    (art, doc), = list(annotate(nlp, read_articles([str(seed(1))])))
    rec = record(art, doc, with_tokens=False)
    [link] = frames(rec, "MEETING")
    assert args(link, "chair") == ["景俊海"] and set(args(link, "place")) == {"长春市", "吉林市"}
    [deploy] = [f for f in frames(rec, "INSTRUCTION") if f["trigger"]["text"] == "部署"]
    assert set(args(deploy, "measure")) == {"核酸检测", "隔离转运"}
    assert {"role": "context", "frame": link["id"]} in deploy["args"]
    [insp] = frames(rec, "INSPECTION")
    assert "范锐平" in args(insp, "companion") and not args(link, "attendee")
    # 与正在居家隔离的学生和家长视频连线 (seed 3): a call during a visit, no meeting
    (art, doc), = [(a, d) for a, d in annotate(nlp, read_articles([str(seed(3))])) if a.source.get("story") == 0]
    assert not any(f["trigger"]["text"] == "视频连线" for f in record(art, doc, with_tokens=False)["frames"])


def test_who_speaks_after_会上_speaks_at_the_meeting_and_orders_only_up_to_the_next_voice(nlp):
    # …主持召开长春疫情防控保卫战决战决胜阶段工作推进会。…会上，…李斌提出工作要求。…张志军部署疫情防控任务。…
    # 景俊海指出，…采取“全域静态管理、全员核酸检测…”…: the measures are 景俊海's, not 李斌's or 张志军's
    (art, doc), = [(a, d) for a, d in annotate(nlp, read_articles([str(seed(2))])) if a.source.get("story") == 1]
    rec = record(art, doc, with_tokens=False)
    [meeting] = frames(rec, "MEETING")
    by = {args(f, "speaker")[0]: f for f in frames(rec, "INSTRUCTION")}
    for who in ("李斌", "张志军"):
        assert {"role": "context", "frame": meeting["id"]} in by[who]["args"] and not args(by[who], "measure")
    assert {"全员核酸检测", "四应四尽"} <= set(args(by["景俊海"], "measure"))


def test_a_countrys_figures_keep_its_place_across_the_day_and_the_exact_count(nlp):
    # 美国7日报告单日新增确诊病例900832例，单日新增死亡病例2615例。
    stats = {args(f, "metric")[0]: args(f, "place") for f in frames(xwlb_record(nlp, "20220108", 21), "CASE_STATS")}
    assert stats["新增确诊病例"] == ["美国"] and stats["新增死亡病例"] == ["美国"]
    # 美国累计新冠肺炎确诊病例超过9000万，达到90046834例，累计死亡病例超过102万例。
    stats = {args(f, "metric")[0]: args(f, "place") for f in frames(xwlb_record(nlp, "20220721", 23), "CASE_STATS")}
    assert stats["死亡病例"] == ["美国"]


def test_a_matter_presented_runs_over_commas_to_its_情况(nlp):
    # 国务院联防联控机制今天下午举行新闻发布会，介绍优化调整疫情防控二十条措施发布以来，不折不扣落实疫情防控优化措施，
    # 全力抓好当前疫情处置工作情况。
    rec = xwlb_record(nlp, "20221122", 12)
    topics = [t for f in frames(rec, "REPORT") for t in args(f, "topic")]
    assert "优化调整疫情防控二十条措施发布以来，不折不扣落实疫情防控优化措施，全力抓好当前疫情处置工作情况" in topics
    # 各中央巡视组向…通报了巡视发现的重要问题，并向领导班子反馈了巡视情况: a second act, not more of the matter
    rec = xwlb_record(nlp, "20220723", 3)
    assert "巡视发现的重要问题" in [t for f in frames(rec, "REPORT") for t in args(f, "topic")]


def test_the_group_an_official_leads_goes_on_with_the_tour(nlp):
    # 栗战书…率全国人大常委会执法检查组在湖北检查长江保护法实施情况。…
    # 检查组先后来到宜昌、荆州、武汉等地，在产业园区、三峡坝区、湖泊、生态修复现场实地检查
    [insp] = frames(xwlb_record(nlp, "20220704", 4), "INSPECTION")
    assert args(insp, "agent") == ["栗战书"]
    assert {"湖北", "宜昌", "荆州", "武汉", "三峡坝区"} <= set(args(insp, "place"))
    # 在 opening a list of sites before a visit's verb: the unnamed kinds are targets, the named site a place
    assert {"产业园区", "湖泊", "生态修复现场"} <= set(args(insp, "target")) and "三峡坝区" not in args(insp, "target")


def test_a_meeting_is_not_held_where_its_matter_is_and_its_name_drops_了(nlp):
    # 联合国安理会随后就乌克兰问题召开紧急会议: Ukraine is what the meeting is about, not where it is held
    [meeting] = frames(xwlb_record(nlp, "20220222", 20), "MEETING")[:1]
    assert args(meeting, "chair") == ["联合国安理会"] and "乌克兰" not in args(meeting, "place")
    # 联合国安理会…举行了临时会议
    names = [n for f in frames(xwlb_record(nlp, "20220824", 19), "MEETING") for n in args(f, "name")]
    assert "临时会议" in names and not any(n.startswith("了") for n in names)


def test_experts_of_a_body_order_nothing_in_its_name(nlp):
    # 多名联合国专家指出，美国法律和公共政策…存在根深蒂固的种族歧视; 联合国粮农组织专家指出，…
    for day, story in (("20220814", 20), ("20220107", 28)):
        assert not frames(xwlb_record(nlp, day, story), "INSTRUCTION")
