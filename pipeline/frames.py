"""`zh_frames`: event frames from the entities (SPEC section 3).

Who inspected what, where, when, and which measures were ordered:

* INSPECTION: one frame per agent and day in a story.  Every sentence that
  goes on with the tour (景俊海来到…, 他强调…) adds its places and targets to it.
* MEETING: 主持召开…会议 (chair, name), attendees from 出席/参加 sentences.
* INSTRUCTION: 强调/要求/指出/部署: the speaker is the subject before the
  trigger, a pronoun resolved by `zh_people`, or the paragraph's current
  actor.  The instruction runs to the end of its paragraph, so enumerations
  (一要…二要…, 要坚持应查尽查…要坚持应检尽检…) give all their DIRECTIVEs as
  `measure`.  `context` is the INSPECTION or MEETING it was given in, and
  that frame lists the same measures.
* REPORT: 汇报/通报/介绍 with the reporter before the trigger and the topic after.
* CASE_STATS: one frame per place and metric in case reports
  (全省新增本土确诊病例956例…其中长春市723例), integer values, and the period.

Frames are stored on `doc._.frames` with arguments pointing at entity spans
by (start, end, label); `document.record` turns them into SPEC entity ids.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import CharMatcher, LexiconComponent, doc_text
from .normalizer import HAN
from .people import PRONOUN_RE

LEXICONS = ("frame_triggers.tsv", "site_kinds.tsv", "world_places.tsv")
SENT_END = "。！？\n"
ACTOR_LABELS = ("OFFICIAL", "ORG")
# Case statistics: a metric and a count (Arabic or Chinese numerals); 其中长春市723例 lists per place.
# A running total is written without its 累计 (GUIDELINES: 累计确诊病例 -> 确诊病例); the value may follow a word of
# comparison or approximation (美国累计新冠肺炎确诊病例超过9073万例, 猴痘病例达到3846例, 累计已超1400万例, 猴痘病例近5200例).
# A round figure followed by the exact one gives the exact one (逼近17000例，达到16926例; 已经超过9400万，为94028125例).
METRIC_RE = re.compile(
    "(?:累计)?(?P<metric>(?:新增|现有)?(?:治愈出院的|解除医学观察的)?(?:本土|本地|境外输入)?(?:新冠肺炎|新冠病毒|新冠|猴痘)?(?:治愈出院)?(?:确诊病例出院|确诊病例|无症状感染者|死亡病例|病例|"
    "密切接触者|次密切接触者|解除隔离医学观察无症状感染者|解除医学观察的无症状感染者|初筛阳性|阳性感染者|本土感染者|感染者|"
    "治愈出院|治愈患者))"
    f"数?(?:[^，。；、\\d{HAN}]{{0,2}})?(?:累计)?(?:已经|已)?(?:达到|超过|逼近|接近|达|超|逾|近|为)?(?:至少|约)?"
    "(?P<value>[\\d.]+万?|[零一二三四五六七八九十百千万亿两]+)(?P<unit>例|人|(?=，(?:达到|为)\\d+[例人]))"
)
EXACT_AFTER_RE = re.compile("，(?:达到|为)(?P<value>\\d+)[例人]")
PLACE_COUNT_RE = re.compile("(?P<value>[\\d]+|[零一二三四五六七八九十百千万两]+)(?:例|人)")
# 新增无症状感染者4133例，其中境外输入68例，本土4065例: a breakdown by origin names no metric (GUIDELINES, round 21)
ORIGIN_COUNT_RE = re.compile("(?<=[中，、])(?P<metric>境外输入|本土|本地)(?P<value>\\d+)例")
# 长春市961例（有654例在九台区）: the share of a listed place that lies in a place inside it
SHARE_IN_RE = re.compile("（(?:其中)?有?(?P<value>\\d+)(?:例|人)在$")
# 听取…督导和服务工作汇报: a visit inside what is heard is the report's matter, not an INSPECTION
HEARD_RE = re.compile("听取了?[^，。；]*$")
REPORT_AHEAD_RE = re.compile("[^，。；]*?(?:汇报|报告)")
# An instruction or report mentioned, not given: 按照孙春兰副总理部署要求, 听取…汇报.
NOMINAL_BEFORE_RE = re.compile("按照|根据|落实|贯彻|遵照|依照|按|听取|在[^，。]{0,12}(?<!时)(?<!讲话中)$")
TOUR_VERB_RE = re.compile("来到|到|在|深入|走进|前往|赶赴|察看|检查|考察|调研|走访|看望|慰问|视察")
NOMINAL_TRIGGER_BEFORE_RE = re.compile("(?:决策|指示|批示|重要|重大|新|总体|本质|的|将|研究|作出|战略)$")
PLANNED_RE = re.compile("决定|拟于|拟在|期待|我将|将于|将在")
ORDER_WORD_RE = re.compile("(?<![主重需])要(?![塞地])")  # 要 that orders, not 主要, 重要, 需要, 要塞
# vague words for the days just past: with no value, they still date the events a story opens with
RECENT_DAYS = {"连日来", "近日", "日前", "近期", "前不久", "不久前", "近一段时间", "近段时间", "这些天", "这几天", "近几日", "近几天"}
DEADLINE_RE = re.compile("[^，。；]{0,6}?(?:月底|年底|月末|年末|日)前，")  # a sentence that opens with a deadline (11月底前，)
ORDER_AFTER_SAYING_RE = re.compile("，(?:[^，。；]{0,12}?)要(?![求点])")
INSPECTING_GROUPS = ("督查组", "督导组", "检查组", "调研组", "工作组")
# 代表党中央向…致以问候, 按照党中央部署, 向军委…: a body named for whom or by whose order, not the one visited
NOT_VISITED_BEFORE_RE = re.compile("(?:代表|按照|贯彻|落实|关于|根据|向|对|为)$")
CENTRAL_BODIES = {"中共中央", "中央", "国务院", "中央军委", "中国共产党", "中国人民政治协商会议", "全国人大", "全国政协"}
# Addressees of an instruction: after a verb of telling
ADDRESSING_VERBS = {"要求", "希望", "叮嘱", "勉励", "号召", "指导", "嘱咐", "寄语"}
_GROUP = "(?:各级|全党|全军|全国|广大|有关|各地|各有关|地方各级|当地|随行|各)"
# A written instruction (批示指出，…。各地区各有关部门要…；农业农村部要牵头…) is addressed to the groups and bodies
# that open its clauses of duties (GUIDELINES: every 批示 at a 电视电话会议 in the gold names them)
WRITTEN_TRIGGERS = {"作出重要指示", "作出批示", "作出重要批示"}
DUTY_GROUP_RE = re.compile("(?<=[。：；，])(?P<g>(?:各地区|各地|各级|地方各级|各有关部门|各部门)[^，。；：“要]{0,12}?)要(?![求点])")
GROUP_ADDRESSEE_RE = re.compile(f"([^，。；：、“]{{0,6}}?{_GROUP}[^，。；：“]{{0,8}}?|同学们|同志们|老乡们|乡亲们|大家)"
                                "(?=要|必须|务必|全力|把|在|切实|继续|进一步|团结|坚持|积极|认真|严格|确保|，)")
# 深入农村、学校、企业等进行调研 / 走进试验田，: the sites visited, up to the clause's verb or end
VISIT_LIST_RE = re.compile("(?:深入|走进|来到|前往|考察|还到|步入)(?P<list>[^，。；：“”]{2,80}?)"
                           "(?=等地?(?:进行|开展|考察|调研|实地|检查|了解|察看|，)|进行|开展|考察|调研|实地|检查|了解|察看|听取|[，。；])"
                           # 在产业园区、三峡坝区、湖泊、生态修复现场实地检查: 在 opens a list of sites only before a visit's verb
                           "|(?<![^，。；\n])在(?P<at>[^，。；：“”]{2,80}?)(?=等地?(?:实地)?(?:检查|调研|考察|察看)|(?:实地)?(?:检查|调研|考察|察看))")
# What an inspection is about (SPEC: `topic`, as the text phrases it): the matter after the verb (检查督导疫情防控工作,
# 检查长江保护法实施情况) or the one it is done on (就黄河保护法立法进行调研, 围绕…开展督查); an adverb after the verb
# (两次考察都十分关心…情况) ends its clause
TOPIC_AFTER_RE = re.compile("了?(?![时都也还又中后])(?P<t>[^，。；、：“”《》（）\\s]{2,30}?(?:工作进展|工作|实施情况|情况|立法|进展))(?=[，。；]|并|$)")
TOPIC_BEFORE_RE = re.compile("(?:就|围绕)(?P<t>[^，。；：]{2,40}?)(?:进行|开展)(?:实地|专题)?$")
# A body or firm that a later stop of a tour goes to (在金川集团，李克强…; 深入中国一重集团、哈尔滨工业大学…; 到省人大机关调研)
VISITED_ORG_BEFORE_RE = re.compile("(?:在|来到|走进|走入|深入|到|前往|步入|考察了?)(?:[^，。；：]{0,40}[、和])?$")
UNDER_GUIDANCE_RE = re.compile("[^，。；]{0,16}(?:指导|支持|领导|帮助|协调)下")  # 在…综合组…的大力支持和指导下: by whose help
THERE_RE = re.compile("(?:到|来到|走进|步入)(?:那里|这里)")  # a visit to the place the sentence before named
WEAK_INSPECTION = {"来到", "深入", "走进", "察看", "走访", "前往"}
# 前往 is a visit unless the official goes there to attend or hold a meeting (前往…出席开幕式, 前往…会见)
ERRAND_AFTER_GOING_RE = re.compile("出席|参加|会见|会谈|会晤|主持|举行|访问|签署|开会")
# 检查 alone is mostly a noun (核酸检查, 检查站); it is a visit only where a place is written right before it
# (率执法检查组在湖北检查长江保护法实施情况).
PLACE_BEFORE_ONLY = {"检查"}
# Sympathy expressed, not a visit: 表示慰问, 表示深切慰问, 致以诚挚的慰问, 转达习近平总书记…的深切慰问
SYMPATHY_BEFORE_RE = re.compile("(?:表示|致以|转达|表达|的)(?:深切|诚挚|亲切|衷心|崇高)?的?$")
# A quoted name or title (“中国这十年”, 《…》): the dates inside it are not when anything happens
QUOTED_RE = re.compile("“[^”\n]{1,40}”|《[^》\n]{1,60}》")
# What a visit does on arrival, beside an errand (来到…考察, 来到…看望慰问): then 来到 is a visit
VISIT_ERRAND_RE = re.compile("考察|调研|察看|看望|慰问|视察|了解|检查|走访|参观")
# 督导检查和履职尽责不到位, 监督检查不力: the duty named in a finding of failure, not an act
FAILING_RE = re.compile("[^，。；]{0,10}?(?:不到位|不力|不严|缺失|流于形式)")
# 在抗疫一线考察识别选拔干部: 考察 of cadres is vetting them, not a visit
VETTING_RE = re.compile("(?:识别|选拔|任用|评价)?(?:干部|人才)|识别|选拔")
# Reported speech: a trigger after 说，/指出， in its sentence is what was said (…多次到湖北考察调研，特别是6月28日视察时…)
SAID_RE = re.compile("(?:说|指出|强调|表示|认为)，")
# Within a stop of a tour, what follows 强调/要求… is what was said there, not where the visit went
SAYING_RE = re.compile("强调|要求|指出|表示|说")
# A meeting only mentioned: held in the future (今年将召开…) or recalled as an achievement (胜利召开…全会).
MENTIONED_MEETING_RE = re.compile("将|即将|胜利|筹备|迎接|成功")
# The outlet of a dateline (央视网消息（新闻联播）：, 新华社北京4月3日电) reports the story; it does not act in it.
DATELINE_AFTER = ("消息", "讯", "电", "报道")
# A numbered session is named by its body (十三届全国人大常委会第三十八次会议…在京举行): the meeting is the subject.
SESSION_ONLY_TRIGGERS = ("闭幕", "开幕", "开班", "结业")
# A meeting that is the subject of its clause: its name, then when and where, then 召开/举行/开幕/闭幕.
MEETING_KINDS = "(?:代表会议|工作会议|全体会议|会议|代表大会|大会|全会|论坛|峰会|座谈会|博览会|研讨班)"
MEETING_SUBJECT_RE = re.compile(f"(?P<name>(?:[^，。；：“”]|“[^，。；：“”]{{1,10}}”){{2,30}}?{MEETING_KINDS})"
                                "(?=[^，。；]{0,20}$)")
SESSION_RE = re.compile("第[一二三四五六七八九十百]+次(?:全体)?会议")
# the meeting named right after 出席 (出席第25次中国-东盟领导人会议并讲话, 在出席军队领导干部会议时)
ATTENDED_MEETING_RE = re.compile(f"(?P<name>(?:[^，。；：“”并的]|“[^，。；：“”]{{1,10}}”){{2,30}}?{MEETING_KINDS})(?=[，。；并时]|$)")
# 习近平18日上午在中国共产党第十九届中央纪律检查委员会第六次全体会议上发表重要讲话, 王岐山在“一个海洋”峰会高级别会议上
# 发表视频致辞: the speaker attends the meeting named (who chairs it may follow: 赵乐际主持会议)
# (a written address, 书面致辞, is sent, not given there; 在17日的论坛全会上: a name holds no 的)
# (在开班式上发表重要讲话: the ceremony of the meeting told before, whose name is not repeated)
CEREMONIES = "开班式|结业式|开幕式|闭幕式|开幕会|闭幕会"
SPEECH_AT_RE = re.compile(f"在(?:(?P<name>(?:[^，。；：“”在的]|“[^，。；：“”]{{1,12}}”){{2,40}}?{MEETING_KINDS})(?:开幕式|开幕会|开班式|结业式)?"
                          f"|{CEREMONIES})上"
                          "(?:发表|作)了?(?:重要|视频|主旨)?(?:讲话|致辞|演讲|贺词)")
# 国务院召开…电视电话会议。…李克强发表重要讲话。, 胡春华在总结讲话中表示: a speech with no meeting named is given at the
# meeting just told (the ceremony branch of speech_meetings)
BARE_SPEECH_RE = re.compile("在总结讲话中|(?:发表|作)了?(?:重要)?讲话(?=[。，；])")
# Talks and meetings with a guest (李克强同朔尔茨举行会谈): the host chairs and instructs, the guest attends
TALKS_TRIGGERS = ("会谈", "举行会谈", "会见")
# The country itself is never where a tour goes (…体现了中国特色: written in a visit's sentence, no dev story's place)
HOME_COUNTRY = ("中国", "我国", "中华人民共和国")
# a person's name that begins the name of a doctrine (习近平新时代中国特色社会主义思想, 习近平生态文明思想)
WORK_AFTER_NAME_RE = re.compile(f"新时代|谈治国理政|[{HAN}]{{2,4}}思想")
# 李克强在主持会议时指出, 在主持开班式时: the meeting he chairs, told again
CHAIRED_AGAIN_RE = re.compile(f"(?:会议|{CEREMONIES})时")
# What a person chairs when the meeting was named before (栗战书委员长主持。 栗战书主持闭幕会。)
CHAIRS_NAMED_RE = re.compile("(?:了)?(?:会议|座谈会|闭幕会|开幕会|开班式|结业式|全体会议|第[一二三四五六七八九十]+次全体会议)?(?:[，。；并]|$)")
# What a standing committee holds after its session besides meetings (GUIDELINES, the dev gold of four closing
# stories): 举行第三十讲专题讲座，栗战书委员长主持 and 举行宪法宣誓仪式 are MEETINGs named so
HELD_SITTING_RE = re.compile("了?(?P<name>第[一二三四五六七八九十百]+讲专题讲座|宪法宣誓仪式)")
# A presentation at a session: 沈春耀作的关于立法法修正草案修改情况的汇报, 王洪尧作了说明, 李飞、杜德印分别作的关于…的报告
# (李斌等分别就有关议题作了说明, 习近平就…讨论稿向全会作了说明: the matter after 就 is the topic)
# 周强作的关于…的中期报告, 周光权作的关于…草案审议结果报告, 蔡达峰作的常委会执法检查组关于…的报告 (the body whose
# report it is may stand before 关于), 栗战书委员长主持并作…的报告, 何立峰报告了…情况
PRESENTATION_RE = re.compile("(?:等)?(?:[^，。；]{0,6}?主持并)?(?:分别)?(?:就(?P<on>[^，。；]{2,60}?)(?:向[^，。；作]{1,6}?)?)?(?:受[^，。；]{1,12}委托)?(?:分别)?作(?:了)?(?:的)?"
                             "(?:[^，。；关]{0,16}?关于(?P<about>[^。；]{2,80}?)(?:的(?:调研|中期|专题)?(?:汇报|报告|说明)|(?<=结果)报告)|说明)"
                             "|报告了(?P<what>[^，。；]{2,60})"
                             # 陈竺代表农工党第十六届中央委员会作工作报告, 蔡达峰代表民进…作报告: the body's report to its
                             # congress, no topic unless titled (赵乐际代表中央纪律检查委员会常务委员会作题为《…》的工作报告)
                             "|代表[^，。；]{2,30}?作(?:题为[《“](?P<work_titled>[^》”]{2,60})[》”]的)?(?P<work>工作报告|报告)"
                             # 铁凝应邀作题为“…”的学习讲座, 黄惠康作了题为《…》的讲座, 张志清应邀作题为“…”的报告, 李书磊作了辅导
                             # 报告 (its topic in the next sentence: LECTURE_ON_RE), 王勇应邀出席会议并作报告
                             "|(?:应邀出席[^，。；]{0,6}?并)?(?:应邀)?作了?(?:题为[《“](?P<titled>[^》”]{2,60})[》”]的)?(?:学习|专题|辅导)?"
                             "(?P<lecture>讲座|辅导报告|专题报告|(?<=的)报告|(?<=并作)报告)")
# 李飞分别作的关于A的汇报、关于B的汇报: one presenter's further topics, and no report of their own
MORE_ABOUT_RE = re.compile("、关于(?P<about>[^，。；、]{2,80}?)的(?:汇报|报告|说明)")
# 通讯社援引…总参谋部的通报报道: a bulletin an outlet quotes, no report made in the story
QUOTING_RE = re.compile("援引[^，。；]*$")
LECTURE_ON_RE = re.compile("在(?:辅导报告|讲座|学习讲座|专题讲座|专题报告)中就(?P<on>[^。；]{2,150}?)等?(?:进行了|作了)")
# A study session of the Politburo: 中共中央政治局7月28日下午就深入实施新时代人才强军战略进行第四十一次集体学习, chaired
# by whoever does so 在主持学习时; its lecturer 就这个问题进行讲解 (the study's topic) or 就…作了讲解
STUDY_RE = re.compile("就(?P<on>[^，。；]{2,60}?)进行(?P<name>第[一二三四五六七八九十]+次集体学习)")
STUDY_CHAIR_RE = re.compile("(?:同志)?在主持(?:集体)?学习时")
STUDY_LECTURE_RE = re.compile("(?:同志)?就(?P<on>[^，。；]{2,40}?)(?:进行|作了)讲解")
# Bodies that host the press conferences of others (国新办…举行新闻发布会，海关总署有关负责人介绍; 中共中央宣传部
# 举行“中国这十年”系列主题新闻发布会): holding one is no report of theirs
PRESS_HOSTS = ("新闻办", "国新办", "中共中央宣传部")
# A press conference named as the setting or the subject, with no body that holds it (GUIDELINES, press conferences):
# 在今天举行的上海市新冠肺炎疫情防控新闻发布会上，相关部门介绍 / 西藏新冠肺炎疫情防控工作新闻发布会介绍，…
PRESS_AT_RE = re.compile("(?:举行|召开)的(?P<name>[^，。；：的\n]{2,30}?新闻发布会)上，(?P<who>[^，。；：\n]{1,14}?)(?:介绍|表示|通报)")
PRESS_SAYS_RE = re.compile("(?:^|(?<=[，。：\n]))(?P<name>[^，。；：的\n]{2,30}?新闻发布会)(?:介绍|通报|表示)[，：]")
PROPOSAL_RE = re.compile("(?:提出了|审议了[^，。；关]{0,12}?)关于([^，。；]{2,80}?的(?:[0-9一二三四五六七八九十两]+个)?议案)")  # 农委提出了关于…, 审议了监察司法委关于…
# A matter presented that runs over commas to the 情况 it is about
SITUATION_TOPIC_RE = re.compile("了?([^。；：“”]{2,100}?情况)(?=[，。；]|$)")
# 就乌克兰问题, 围绕…: what follows is what a meeting is about (its places are none of the meeting's)
ABOUT_BEFORE_RE = re.compile("(?:就|围绕|关于)[^，。；]*$")
# Who speaks of a body or country without speaking for it (联合国专家, 美国媒体, 业内人士)
VOICES_OF_A_BODY = ("专家", "学者", "人士", "媒体", "网友", "民众", "分析人士")
# Groups an official leads on a tour (栗战书率全国人大常委会执法检查组…。检查组先后来到宜昌…)
TOURING_GROUPS = ("检查组", "调研组", "督查组", "督导组", "考察组")
# 7日, 3月12日: the day a figure is of, written between its place and the metric
DAY_RE = re.compile("\\d{1,2}(?:月\\d{1,2})?日")
# 按照地区分布为：吉林市1024例…: a total broken down by place, in a bulletin's next sentence
BY_REGION_RE = re.compile("按(?:照)?地区分布(?:为|情况)?[：:，]")
# 关于提请审议A、B、C的3个议案，…甲、乙、丙分别作了说明: one bill each, in the order written
PROPOSALS_EACH_RE = re.compile("提请审议(?:批准)?(?P<items>[^，。；]+?)的[0-9一二三四五六七八九十两]+个议案")
# 送去党中央的关心和慰问: a body whose regards are brought is not a target of the visit
REGARDS_OF_RE = re.compile("的(?:关心|关怀|问候|慰问|温暖|亲切关怀)")
# 出席座谈会的党外人士还有…, 出席会议的还有…: the attendees are named after the verb
ATTENDED_ALSO_RE = re.compile("[^，。；]{0,12}?的[^，。；]{0,10}?(?:还有|有)[：:]?")
# 参加…代表团讨论时/审议时: an official who joins a delegation's discussion at a congress attends a meeting
DELEGATION_TRIGGERS = ("讨论时", "审议时")
DELEGATION_BEFORE_RE = re.compile("参加[^，。；]{0,20}代表团$")
# A talk an official gives on a visit (在太原宣讲, 现场宣讲) is a lecture meeting of its own; 进行了深入宣讲 tells the one
# just reported again
TALK_TRIGGERS = ("宣讲", "现场宣讲")
TALK_TOLD_AGAIN_RE = re.compile("进行了?(?:深入|系统|集中)?$")
# 对核酸检测、隔离转运等重点工作进行再调度、再部署, 对…作出部署: what is deployed is named before the verb
DEPLOYED_ON_RE = re.compile("对[^，。；：]{2,80}?(?:进行|作出|作了|作)(?:再?[\u4e00-\u9fff]{2}、)*再?$")
# 会上，… opening a sentence: what follows in the paragraph happens at the meeting just told
AT_THE_MEETING_RE = re.compile("(?:^|(?<=[。\n]))(?:在)?会上[，,]")
# 景俊海指出, 张志军部署…, 李斌在讲话时强调: another official opening a sentence with words of their own
OWN_VOICE_RE = re.compile("(?:在[^，。；]{0,20}?(?:时|中)，?)?(?:指出|强调|要求|表示|说|提出|部署|作出|讲话)")
# 与长春市、吉林市视频连线: the places a video meeting links, right before the verb (they are its places)
LINKED_WITH_RE = re.compile("(?:分别)?[与同](?=[^，。；与同]{2,40}$)")
# 吉林市、九台区党委主要负责同志汇报: an official named by office only, right before the verb of reporting
UNNAMED_REPORTER_RE = re.compile("(?:负责同志|负责人|主要领导|领导同志|发言人)$")
# 国家卫生健康委相关负责人表示: an unnamed official of the body speaks (the REPORT's reporter phrase does the same)
SPOKESMAN_RE = re.compile("(?:相关|有关)?(?:主要)?(?:负责同志|负责人)|主要领导")  # 四平市委主要领导表示 too
# A body that issues a document instructs (GUIDELINES: a published notice is an INSTRUCTION by its issuer):
# 中央军委办公厅印发《关于…的意见》, 教育部再次发出通知, 国家卫生健康委员会26日发布公告
ISSUE_TRIGGERS = ("印发", "发布", "发布了", "下发", "发出")
ISSUED_DOCUMENT_RE = re.compile("了?(?:《[^》]{2,80}(?:通知|意见|方案|办法|规定|措施|决定|公告|条例|细则|指南)》"
                                "|[^，。；《]{0,30}?(?:通知|公告)(?=[，。；]|$))")
# 国务院联防联控机制发出《关于…的通知》…要求: a published document, whose measures the next paragraphs list
NOTICE_RE = re.compile("(?:发出|印发|下发|公布|发布|出台)了?《")
# a paragraph where someone else speaks ends the document's list
OTHER_VOICE_RE = re.compile("(?:负责人|负责同志|专家)(?:表示|介绍|指出|说)")
# 严禁随意停课、停工, 取消…熔断机制, 将…居家健康监测调整为…: a measure forbidden, cancelled or replaced is not ordered
FORBIDDEN_BEFORE_RE = re.compile("(?:严禁|禁止|不得|不准|取消|不再|杜绝|纠正)[^，。；：]*$")
REPLACED_AFTER_RE = re.compile("[^，。；：]*?调整为")
# 介绍，…；各地要…: a reporter who says what others must do; so does a sentence of the report that opens with 要
# (国家卫生健康委相关负责人介绍，…。要把力量和资源重点放在“防”的措施上…)
OTHERS_MUST_RE = re.compile("[，；](?:各地|各级|各部门|各地区|各有关部门)[^，。；]{0,8}?要"
                            "|[。，；](?:既|还|也|同时|下一步|下一阶段|接下来|今后)?要(?![求点])")
# 出席会议并讲话, 出席开幕会并代表中共中央致贺词: an attendee who speaks instructs (GUIDELINES, fifth round)
SPEAKS_AFTER_ATTENDING_RE = re.compile("[^，。；]{0,12}?并(?:代表[^，。；]{1,12}?)?(?:发表(?:重要)?讲话|讲话|致贺词|致辞)")
_ENUM_MARK = "[一二三四五六七八九十]是|[一二三四五六七八九十]要"  # 一是…二是…, 一要…二要…
ENUM_PARAGRAPH_RE = re.compile(f"{_ENUM_MARK}|第[一二三四五六七八九十]，|（[一二三四五六七八九十]）")
ENUM_RE = re.compile(f"{_ENUM_MARK}|要坚持|要(?=[^，。]{{2,}})")


@dataclass
class Frame:
    type: str
    trigger: Tuple[int, int]
    sentence: int
    args: List[dict] = field(default_factory=list)
    time: Optional[dict] = None
    key: Optional[tuple] = None
    body: Optional[Span] = None  # MEETING: the body that holds it, when a person chairs
    since: Optional[int] = None  # INSPECTION: where the tour is first told, when a summary before it joined it

    @staticmethod
    def arg_text(span: Span) -> str:
        """The text an entity is written as in a role: a short reference (景书记) by the full name."""
        return span._.attrs.get("canonical") if span.label_ == "OFFICIAL" and span._.attrs.get("short_ref") else span.text

    def add(self, role: str, span: Optional[Span] = None, text: Optional[str] = None, entity_span=None) -> None:
        if span is not None:
            ref = [span.start_char, span.end_char, span.label_]
            text = self.arg_text(span)
        else:
            ref = entity_span
        if not self.has(role, text):
            self.args.append({"role": role, "span": ref, "text": text})

    def has(self, role: str, text: Optional[str]) -> bool:
        return any(a["role"] == role and a["text"] == text for a in self.args)

    def take(self, arg: dict) -> None:
        """Add another frame's argument unless this one has it (same role and text)."""
        if not self.has(arg["role"], arg["text"]):
            self.args.append(arg)

    def absorb(self, other: "Frame") -> None:
        for a in other.args:
            self.take(a)

    def roles(self, role: str) -> List[dict]:
        return [a for a in self.args if a["role"] == role]


class FrameBuilder(LexiconComponent):
    def __init__(self, nlp: Language, name: str = "zh_frames", lexicon_dir: Optional[str] = None):
        self.name = name
        self._load(Path(lexicon_dir) if lexicon_dir else None)

    lexicon_files = LEXICONS

    def _build(self) -> None:
        import cn2an  # noqa: F401  (case counts need it: loaded with the pipeline, not by the first story)

        self.triggers = CharMatcher((r["trigger"], (r["type"], r["role"])) for r in self.lexicons["frame_triggers.tsv"])
        self.site_kinds = tuple(r["suffix"] for r in self.lexicons["site_kinds.tsv"])
        # Foreign countries by every name (俄罗斯, 俄罗斯联邦): a title that starts with one (俄罗斯总统) is held abroad
        self.foreign_countries = tuple(sorted(
            {n for r in self.lexicons["world_places.tsv"] if r["level"] == "country" and r["name"] != "中国"
             for n in [r["name"], *filter(None, (r.get("aliases") or "").split("|"))]}, key=len, reverse=True))

    # -- helpers ----------------------------------------------------------------
    @staticmethod
    def _sentences(text: str) -> List[Tuple[int, int]]:
        out, start = [], 0
        for m in re.finditer(f"[{SENT_END}]", text):
            if m.end() > start:
                out.append((start, m.end()))
            start = m.end()
        if start < len(text):
            out.append((start, len(text)))
        return out

    @staticmethod
    def _ordered(text: str, sp: Span) -> bool:
        """Is the measure ordered, rather than forbidden, cancelled or replaced by another?"""
        clause0 = max(text.rfind(c, 0, sp.start_char) for c in "，。；：\n") + 1
        if FORBIDDEN_BEFORE_RE.search(text[clause0 : sp.start_char]):
            return False
        m = REPLACED_AFTER_RE.match(text, sp.end_char)
        return m is None or "将" not in text[clause0 : sp.start_char]

    @staticmethod
    def _paragraph(text: str, pos: int) -> Tuple[int, int]:
        s = text.rfind("\n", 0, pos) + 1
        e = text.find("\n", pos)
        return s, (e if e >= 0 else len(text))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = sorted(doc.spans["entities"], key=lambda s: s.start_char) if "entities" in doc.spans else []
        sents = self._sentences(text)
        sent_starts = [s for s, _ in sents]

        def sent_of(pos: int) -> int:
            """Index of the sentence holding pos (the last one for a position past the text)."""
            i = bisect_right(sent_starts, pos) - 1
            return i if i >= 0 and pos < sents[i][1] else len(sents) - 1

        coref = {c["start"]: c for c in (doc._.coref or [])}
        by_start = {sp.start_char: sp for sp in ents}
        src_date = (doc._.source or {}).get("date")
        frames: List[Frame] = []
        inspections: Dict[tuple, Frame] = {}
        current_actor: Dict[int, Span] = {}  # paragraph start -> the actor the paragraph is about

        def in_work_name(sp: Span) -> bool:
            """A name inside a book's title or a doctrine's (《习近平谈治国理政》, 习近平新时代中国特色社会主义思想) acts in
            nothing the sentence tells."""
            return _in_book_title(text, sp.start_char) or WORK_AFTER_NAME_RE.match(text, sp.end_char) is not None

        def actor_before(pos: int, para_start: int) -> Optional[Span]:
            """The subject of the clause that ends at pos: the last official/body (or pronoun) before it."""
            s_start = sents[sent_of(pos)][0]
            clause_start = max(s_start, text.rfind("，", s_start, pos) + 1 if "，" in text[s_start:pos] else s_start)
            for lo in (clause_start, s_start):
                cands = [sp for sp in ents if lo <= sp.start_char and sp.end_char <= pos and sp.label_ in ACTOR_LABELS
                         and not dateline(sp) and not in_work_name(sp)]
                prons = [c for st, c in coref.items() if lo <= st < pos]
                if prons and (not cands or prons[-1]["start"] > cands[-1].start_char):
                    a0, a1 = prons[-1]["antecedent"]
                    ante = by_start.get(a0)
                    if ante is not None:
                        return ante
                officials = [sp for sp in cands if sp.label_ == "OFFICIAL"]
                if officials:
                    return officials[0]  # the subject opens the clause or sentence (习近平请梅德韦杰夫转达…，指出)
                if cands and text.find("会议", cands[-1].end_char, pos) < 0:
                    return cands[-1]
            return current_actor.get(para_start)

        def other_year(sp: Span) -> bool:
            v, d = sp._.attrs.get("value"), src_date
            return bool(v and d and isinstance(v, str) and isinstance(d, str) and v[:4].isdigit() and d[:4].isdigit()
                        and v[:4] != d[:4])

        def latest(*types: str) -> Optional[Frame]:
            return next((f for f in reversed(frames) if f.type in types), None)

        def host_of_talks(pos: int, para_start: int) -> bool:
            """李克强同夏巴兹举行会谈。李克强表示，…: the host's words at talks are his instruction, with or without a 要
            (GUIDELINES, nineteenth round). A foreign host (普京同莱希举行会谈) gives none: what each side of foreign
            talks 表示 orders nothing here."""
            talks = latest("MEETING")
            if talks is None or text[talks.trigger[0] : talks.trigger[1]] not in TALKS_TRIGGERS:
                return False
            actor = actor_before(pos, para_start)
            return (actor is not None and actor.label_ == "OFFICIAL"
                    and talks.has("chair", actor._.attrs.get("canonical") or actor.text)
                    and not any(t.startswith(self.foreign_countries) for t in actor._.attrs.get("titles") or ()))

        def meeting_named(name: str) -> Optional[Frame]:
            """The MEETING already told under this name (a speech, an attendance or a session may name it again)."""
            return next((f for f in frames if f.type == "MEETING" and f.has("name", name)), None)

        def ents_between(label: str, lo: int, hi: int) -> List[Span]:
            """The entities of one label that start in [lo, hi), in text order."""
            return [sp for sp in ents if sp.label_ == label and lo <= sp.start_char < hi]

        def inspecting_group(sp: Span) -> bool:
            """国务院督查组, 执法检查组: a body sent to inspect, which can be an inspection's agent."""
            return sp.label_ == "ORG" and sp.text.endswith(INSPECTING_GROUPS)

        def dateline(sp: Span) -> bool:
            return sp.label_ == "ORG" and text.startswith(DATELINE_AFTER, sp.end_char)

        def meeting_body(meeting: "Frame") -> Optional[Span]:
            """The body that holds a meeting: named in it (国务院常务会议) or holding it (党组21日举行会议)."""
            if meeting.body is not None:
                return meeting.body
            s0, s1 = sents[meeting.sentence]
            orgs = [sp for sp in ents if sp.label_ == "ORG" and s0 <= sp.start_char < s1 and not dateline(sp)]
            name = next((a["text"] for a in meeting.roles("name")), None)
            inside = [sp for sp in orgs if name and meeting.trigger[1] <= sp.start_char and sp.end_char <= meeting.trigger[1] + len(name)]
            before = [sp for sp in orgs if sp.end_char <= meeting.trigger[0]]
            return (inside or before[-1:] or [None])[0]

        def sitting_speaks(meeting: "Frame", pos: int, key: str) -> bool:
            """Does the body that holds `meeting` say what the trigger at pos says? 会议指出/会议强调, and in the meeting's
            own sentence …主持召开国务院常务会议，部署…, or a 部署/要求 after the meeting's name and a comma with no
            official named between (…国务院常务会议，听取…汇报，部署…: the lead's clauses all tell what the sitting did)."""
            if text.endswith(("会议", "会议还", "会议并"), 0, pos):
                return True
            if sent_of(pos) != meeting.sentence:
                return False
            if text.endswith("会议，", 0, pos):
                return True
            return (key in ("部署", "要求")
                    and any(text.find(a["text"] + "，", meeting.trigger[1], pos) != -1
                            for a in meeting.roles("name") if a["text"].endswith("会议"))
                    and not ents_between("OFFICIAL", meeting.trigger[1], pos))

        quoted = [m.span() for m in QUOTED_RE.finditer(text)]

        def time_for(pos: int, topics: Sequence[Tuple[int, int]] = ()) -> Optional[dict]:
            """The nearest date before pos in its sentence, else in its paragraph, else the story's first; a date
            inside one of `topics` is what was reported on, not when (何立峰报告了今年以来…情况；刘昆报告了…)."""
            p0, _ = self._paragraph(text, pos)
            s0 = sents[sent_of(pos)][0]
            ents_ = [sp for sp in ents if not any(a <= sp.start_char < b for a, b in topics)] if topics else ents
            if quoted:  # “中国这十年”系列主题新闻发布会: a date in a quoted name or title is no time
                ents_ = [sp for sp in ents_ if sp.label_ != "DATE" or not any(a < sp.start_char < b for a, b in quoted)]
            dates = [sp for sp in ents_ if sp.label_ == "DATE" and sp.end_char <= pos and sp.start_char >= s0]
            if not dates:
                dates = [sp for sp in ents_ if sp.label_ == "DATE" and p0 <= sp.start_char < pos and not other_year(sp)]
            if not dates:
                # the story's first dated word, or a word of recent days that opens it (连日来，中央宣讲团成员分别…)
                dates = [sp for sp in ents_ if sp.label_ == "DATE" and sp.start_char < pos
                         and (sp._.attrs.get("value") or sp.text in RECENT_DAYS)]
                dates = dates[:1]
            if dates:
                d = dates[-1]
                return {"text": d.text, "value": d._.attrs.get("value")}
            return {"text": None, "value": src_date} if src_date else None

        instructions: Dict[tuple, Frame] = {}
        reports: Dict[tuple, Frame] = {}

        def keep_report(fr: Frame) -> None:
            """One REPORT per reporter (or set of reporters): a later report of the same adds its topics."""
            rkey = tuple(sorted(a["text"] for a in fr.roles("reporter")))
            if rkey in reports:
                reports[rkey].absorb(fr)
            else:
                reports[rkey] = fr
                frames.append(fr)

        def instruction(speaker: str, ctx: Optional[Frame], pos: int, end: int, sent: int, span: Optional[Span] = None,
                        entity_span=None) -> Tuple[Frame, bool]:
            """The speaker's INSTRUCTION at event ctx (one per speaker and event), and whether it was opened here.
            The speaker argument is the span, or the text (with the offsets of the entity it came from, if any)."""
            ikey = (speaker, id(ctx) if ctx is not None else None)
            fr = instructions.get(ikey)
            if fr is not None:
                return fr, False
            fr = Frame("INSTRUCTION", (pos, end), sent, time=time_for(pos))
            fr.add("speaker", span, None if span is not None else speaker, entity_span)
            fr.context = ctx
            instructions[ikey] = fr
            frames.append(fr)
            return fr, True

        def order(fr: Frame, ctx: Optional[Frame], measures: List[Span]) -> None:
            """Measures ordered in an instruction are the measures of the event it was given at too."""
            for sp in measures:
                fr.add("measure", sp)
                if ctx is not None:
                    ctx.add("measure", sp)

        def reporter_instructs(report: Frame, ctx: Optional[Frame], para_end: int) -> None:
            """…指导各地做到应检尽检…；各地要…: a reporter who says what others must do instructs too (GUIDELINES: an
            official at a press conference who requires a DIRECTIVE), at event ctx, with the measures up to the end of
            the last such sentence of the paragraph."""
            pos, end = report.trigger
            # …举行新闻发布会介绍…。国家卫生健康委表示，…要…: what another voice says is not the reporter's
            para_end = next((sp.start_char for sp in ents if end < sp.start_char < para_end and sp.label_ in ACTOR_LABELS
                             and SAID_RE.match(text, sp.end_char)), para_end)
            musts = list(OTHERS_MUST_RE.finditer(text, end, para_end))
            if len(report.roles("reporter")) != 1 or not musts:
                return
            last = sents[sent_of(musts[-1].end() - 1)][1]  # the sentence of the 要 (a match may start at 。)
            measures = [sp for sp in ents_between("DIRECTIVE", end, last) if self._ordered(text, sp)]
            if measures:
                reporter = report.roles("reporter")[0]
                ins, opened = instruction(reporter["text"], ctx, pos, end, report.sentence, entity_span=reporter["span"])
                if opened:
                    order(ins, ctx, measures)

        inside = bytearray(len(text) + 1)
        for sp in ents:
            for i in range(sp.start_char, sp.end_char):
                inside[i] = 1
        presentations = self._presentations(text, ents, sents, sent_of, time_for)
        presented = bytearray(len(text) + 1)
        for fr in presentations:
            for i in range(*fr.trigger):
                presented[i] = 1
        speeches = list(SPEECH_AT_RE.finditer(text))
        named_ends = {sm.end() for sm in speeches}
        speeches = sorted(speeches + [sm for sm in BARE_SPEECH_RE.finditer(text) if sm.end() not in named_ends],
                          key=lambda sm: sm.start())
        studies = self._study_sessions(text, ents, sent_of, time_for) if "集体学习" in text else []

        def speech_meetings(before: int) -> None:
            """The meetings where someone speaks (and a study session with its lectures), told before `before`, in text
            order with the triggers."""
            while studies and studies[0].trigger[0] < before:
                fr = studies.pop(0)
                if fr.type == "REPORT":
                    keep_report(fr)
                else:
                    frames.append(fr)
            while speeches and speeches[0].start() < before:
                sm = speeches.pop(0)
                s_i = sent_of(sm.start())
                s0 = sents[s_i][0]
                speaker = next(reversed(ents_between("OFFICIAL", s0, sm.start())), None)
                name = sm.groupdict().get("name")
                if name is None:  # the ceremony of the latest meeting, or a speech there
                    told = latest("MEETING")
                    if sm.re is BARE_SPEECH_RE and (told is None or latest("MEETING", "INSPECTION") is not told):
                        continue  # a speech on a tour is part of the visit
                    if speaker is not None and told is not None:
                        if not told.has("chair", Frame.arg_text(speaker)):
                            told.add("attendee", speaker)
                        elif sm.re is BARE_SPEECH_RE and self._paragraph(text, sm.start()) == self._paragraph(text, told.trigger[0]):
                            # 习近平主持会议并发表重要讲话: the chair's speech is his instruction at the sitting, beside
                            # what the body decides (会议强调…)
                            instruction(Frame.arg_text(speaker), told, sm.start(), sm.end(), s_i, speaker)
                    continue
                if speaker is None or SAID_RE.search(text, s0, sm.start()) or meeting_named(name) is not None:
                    continue
                fr = Frame("MEETING", sm.span(), s_i, time=time_for(sm.start()))
                fr.add("attendee", speaker)
                fr.add("name", None, name, None)
                frames.append(fr)

        for m in self.triggers.longest(text):
            speech_meetings(m.start)
            (ftype, role), *_ = m.payload
            pos, end = m.start, m.end
            if any(inside[pos:end]):
                continue  # 督导 in 省级疫情专项督导组 names a body, not an act
            if ftype in ("REPORT", "INSPECTION") and presented[pos]:
                continue  # the 汇报 of 沈春耀作的关于…的汇报: a presentation, made below with its presenter; 调研报告 is one too
            para = self._paragraph(text, pos)
            s_start = sents[sent_of(pos)][0]
            clause = text[max(s_start, text.rfind("，", s_start, pos) + 1) : pos]
            nominal = NOMINAL_BEFORE_RE.search(clause)
            # 听取…汇报 is a report (GUIDELINES), made below with who reports; an instruction heard is only mentioned
            if nominal is not None and ftype == "REPORT" and nominal.group(0) == "听取":
                nominal = None
            if ftype in ("INSTRUCTION", "REPORT") and (nominal is not None or text.startswith(("要求", "精神"), end)):
                continue
            if ftype == "INSTRUCTION" and (NOMINAL_TRIGGER_BEFORE_RE.search(text, max(0, pos - 4), pos)
                                           or text.startswith(("加快落实", "落实", "的", "点", "总体", "得到", "基本"), end)
                                           or (text.startswith("、", end) and text[pos - 1 : pos] != "再")):
                continue  # 党中央决策部署, 指示要求, 总体要求, 本质要求、, 将要求, 省委部署加快落实, 通行要求总体落实到位: nouns and plans
            if ftype == "INSTRUCTION" and text.endswith("的话", 0, pos):
                continue  # 报道援引…负责人的话指出: words a report quotes, which order nothing
            if m.key == "表示" and (not (ORDER_AFTER_SAYING_RE.match(text, end) or "。要" in text[end : para[1]]
                                       or host_of_talks(pos, para[0]))
                                  or text.endswith("一致", 0, pos)):
                continue  # 表示 orders only what follows as 要… (国家卫生健康委表示，各地要认真按照…, or a sentence of its
                # paragraph that opens with 要); 组成人员一致表示，要…
                # is what they commit to, not an order
            if ftype == "MEETING" and (PLANNED_RE.search(clause) or text.startswith("在即", end)):
                continue  # 决定6月20日至22日在京召开…, …大会召开在即: a meeting planned, not held
            if m.key == "说" and not (text.startswith("，", end) and ORDER_WORD_RE.search(text, end, para[1])):
                continue  # 李克强说，…要…: a speech that orders something in its paragraph; 说明, 据说 and a quote are not
            if ftype == "INSPECTION":
                if "要" in clause or "，要" in text[s_start:pos]:
                    continue  # 要深入一线: the content of an instruction, not a visit
                if HEARD_RE.search(text, s_start, pos) and REPORT_AHEAD_RE.match(text, end):
                    continue  # 听取…赴16个省份…督导和服务工作汇报: the visit is what the report is about
                if "电话" in clause or "委托" in clause or SYMPATHY_BEFORE_RE.search(text, max(0, pos - 8), pos) \
                        or text.startswith(("电", "信"), end):
                    continue  # 以电话等方式慰问或委托有关方面负责同志慰问, 向其亲属表示深切慰问, 转达…的深切慰问,
                    # 致以诚挚的慰问, 致慰问电: greetings sent or sympathy expressed, not a visit
                if DEADLINE_RE.match(text, s_start):
                    continue  # 11月底前，国务院各督导工作组赴有关地方…进行督导: a visit due by a date, not made yet
                if "我" in clause or SAID_RE.search(text, s_start, pos):
                    continue  # 我来专题调研…, 栗战书说，习近平…多次到湖北考察调研: what an official says, not a visit
                if m.key in PLACE_BEFORE_ONLY and not any(
                        sp.label_ == "PLACE" and sp.end_char == pos and text[sp.start_char - 1 : sp.start_char] == "在"
                        for sp in ents):
                    continue
                if m.key in WEAK_INSPECTION and not any(
                        sp.label_ in ("PLACE", "ORG") and end <= sp.start_char <= end + 2 for sp in ents):
                    continue
                if m.key == "前往" and ERRAND_AFTER_GOING_RE.search(text, end, sents[sent_of(pos)][1]):
                    continue
                if m.key == "来到" and ERRAND_AFTER_GOING_RE.search(text, end, sents[sent_of(pos)][1]) and not \
                        VISIT_ERRAND_RE.search(text, end, sents[sent_of(pos)][1]):
                    continue  # 领导人来到天安门广场，出席…仪式: going to attend, not a visit (unless 考察 or 看望 follows)
                if FAILING_RE.match(text, end) or (m.key == "考察" and VETTING_RE.match(text, end)):
                    continue  # 督导检查和履职尽责不到位: a duty failed, in a disciplinary finding
            if ftype == "COMPANION":
                # 赵晓君、兰宏良、徐留平、邱现东参加有关活动: companions of the latest inspection, attendees of a meeting
                # 陪同考察 names the visit; a bare 陪同 goes with whatever event came last
                # 万鄂湘、丁仲礼…先后发言: who speaks at a meeting attends it
                if m.key.endswith(("考察", "调研", "检查", "检查指导")):
                    event = latest("INSPECTION")
                elif m.key.endswith(("发言", "发了言")):
                    event = latest("MEETING")
                else:
                    event = latest("INSPECTION", "MEETING")
                    if event is not None and text[event.trigger[0] : event.trigger[1]] == "视频连线":
                        event = latest("INSPECTION") or event  # a video link during a visit: the party came on the visit
                people = ents_between("OFFICIAL", sents[sent_of(pos)][0], pos)
                if event is not None and people:
                    leads = {a["text"] for a in event.roles("agent") + event.roles("chair")}
                    for sp in people:
                        if sp.text not in leads and (sp._.attrs.get("canonical") or sp.text) not in leads:
                            event.add("companion" if event.type == "INSPECTION" else "attendee", sp)
                continue
            actor = actor_before(pos, para[0])
            issued = m.key in ISSUE_TRIGGERS
            if issued and (actor is None or actor.label_ != "ORG" or not ISSUED_DOCUMENT_RE.match(text, end)):
                continue  # 发布会, 湖北出台《…方案》 (a province, not a body), 发布…预警
            if ftype == "INSPECTION" and actor is not None and actor.label_ == "ORG" and not inspecting_group(actor):
                # 国务院督查组分赴山西省、…和新疆生产建设兵团进行实地督查: the group sent is the subject, the body
                # last before the verb is where it goes
                group = next((sp for sp in ents_between("ORG", sents[sent_of(pos)][0], pos)
                              if inspecting_group(sp) and sp.start_char < actor.start_char), None)
                actor = group or actor
            body_meeting = None
            meeting = latest("MEETING") if ftype == "INSTRUCTION" else None
            if meeting is not None and sitting_speaks(meeting, pos, m.key):
                body = meeting_body(meeting)
                if body is not None:
                    actor, body_meeting = body, meeting
            # a session opened or closed (开幕/闭幕) is told by its name, which may begin with a body (中国农工民主党…)
            if ftype == "MEETING" and role == "chair" and (actor is None or (
                    m.key in SESSION_ONLY_TRIGGERS and actor.label_ == "ORG" and not text.startswith("式", end))):
                session = self._session_meeting(text, ents, sents[sent_of(pos)][0], pos, time_for(pos), sent_of(pos))
                if session is not None:
                    # 会议以电视电话会议形式召开, 主席会议举行了…集体学习: the meeting already told, by its generic name
                    name = session.roles("name")[0]["text"]
                    told = [a["text"] for g in frames if g.type == "MEETING" for a in g.roles("name")]
                    same = meeting_named(name)
                    if same is not None:  # 第六次全体会议…在北京开幕: the meeting a speech was given at, told again
                        for a in session.roles("place"):
                            same.take(a)
                        continue
                    if latest("MEETING") is None or not (name.startswith("会议") or any(t != name and t.endswith(name) for t in told)):
                        frames.append(session)
                continue
            if actor is None and ftype in ("REPORT", "INSTRUCTION"):
                # 国家卫生健康委新闻发言人介绍: a spokesman named only by title speaks for the body
                actor = next((sp for sp in ents if sp.label_ == "TITLE" and sp.end_char == pos
                              and sp.text.endswith("发言人")), None)
            if actor is None and not (ftype == "MEETING" and role == "attendee") and not (
                    ftype == "REPORT" and UNNAMED_REPORTER_RE.search(text, sents[sent_of(pos)][0], pos)):
                # (attendees may follow the verb: 出席座谈会的党外人士还有… opens a paragraph; 会上，吉林市、九台区党委主要
                # 负责同志汇报: no one named reports, and the REPORT below takes the phrase)
                continue
            if ftype == "INSTRUCTION" and actor is not None and actor.label_ in ("ORG", "PLACE") and \
                    text.startswith(VOICES_OF_A_BODY, actor.end_char):
                continue  # 多名联合国专家指出, 美国媒体报道: experts or the press of a body or country order nothing
            sent = sent_of(pos)
            # 国务院督查组…开展实地督查: a group sent to inspect is the agent when no official leads it
            if ftype == "INSPECTION" and (actor.label_ == "OFFICIAL" or inspecting_group(actor)):
                time = time_for(pos)
                # an undated visit (the story's date stands in) is keyed apart from the day the text names, so the
                # lead 习近平来到山西 joins the tour below rather than whichever day matches the broadcast date
                key = (actor._.attrs.get("canonical") or actor.text, (time or {}).get("value") if (time or {}).get("text") else None)
                fr = inspections.get(key) or self._same_day(inspections, key)
                if fr is None:
                    fr = Frame("INSPECTION", (pos, end), sent, time=time, key=key)
                    fr.add("agent", actor)
                    inspections[key] = fr
                    frames.append(fr)
                self._places_targets(fr, ents, text, sents[sent][0], sents[sent][1], actor)
                if sent > 0 and actor.start_char == sents[sent][0] and sents[sent - 1][0] == para[0]:
                    self._opening_sites(fr, ents, text, *sents[sent - 1])
                self._site_kinds(fr, ents, text, *sents[sent])
                self._topic(fr, ents, text, pos, end, m.key)
                current_actor[para[0]] = actor
            elif ftype == "MEETING" and role == "chair" and m.key in TALKS_TRIGGERS:
                tour = latest("INSPECTION")
                if text.startswith(("后", "时", "中"), end):
                    continue  # 诺瓦克会谈后表示: the talks told before, as a time, not new talks he holds
                if SAID_RE.search(text, para[0], pos) or text.endswith(("多次", "曾"), 0, pos):
                    continue  # 李克强表示，…习近平主席同你友好会见…, 多次会见劳动模范: talks recalled (GUIDELINES)
                if m.key == "会见" and tour is not None and tour.has("agent", actor._.attrs.get("canonical") or actor.text):
                    continue  # 在博物馆…习近平会见了…代表: greeting people on a tour is part of the visit (GUIDELINES)
                talks = latest("MEETING")
                if text.endswith(("参加", "出席", "陪同"), 0, pos) and talks is not None and talks.sentence < sent:
                    talks.add("attendee", actor)  # 曹建明参加会谈。: he attends the talks told before, he holds none
                    continue
                # 习近平会见俄罗斯统一俄罗斯党主席梅德韦杰夫: the host chairs, the guest attends
                fr = Frame("MEETING", (pos, end), sent, time=time_for(pos))
                fr.add("chair", actor)
                s0, s1 = sents[sent]
                for sp in ents:
                    if sp.label_ == "OFFICIAL" and s0 <= sp.start_char < s1 and sp.start_char != actor.start_char:
                        fr.add("attendee", sp)
                    elif (sp.label_ == "PLACE" and s0 <= sp.start_char < pos and sp.start_char > actor.end_char
                          and not ABOUT_BEFORE_RE.search(text, actor.end_char, sp.start_char)):
                        fr.add("place", sp)
                frames.append(fr)
                current_actor[para[0]] = actor
            elif ftype == "MEETING" and role == "chair":
                if m.key in SESSION_ONLY_TRIGGERS:
                    continue  # 闭幕/开幕 only open a session meeting (above); 栗战书主持闭幕会 is the 主持
                rest = text[end : sents[sent][1]]
                if MENTIONED_MEETING_RE.search(clause) or text.endswith("关于", 0, pos):
                    continue  # 今年将召开…, 关于召开十四届全国人大一次会议的决定: a meeting to come, not one held
                if SAID_RE.search(text, s_start, pos):
                    continue  # 习近平强调，党中央…召开中央民族工作会议…: a meeting recalled in a speech
                if m.key == "主持" and CHAIRED_AGAIN_RE.match(rest) and any(
                        f.type == "MEETING" and f.has("chair", actor.text) for f in frames):
                    continue  # 李克强在主持会议时指出: the meeting he chairs, told again
                held = HELD_SITTING_RE.match(rest) if m.key == "举行" else None
                linked = []  # 景俊海还分别与长春市、吉林市视频连线，对…进行再调度: a video meeting with the places
                if m.key == "视频连线":
                    link = LINKED_WITH_RE.search(text, actor.end_char, pos)
                    linked = ents_between("PLACE", link.start(), pos) if link else []
                    if not linked:
                        continue  # 与正在居家隔离的学生和家长视频连线: a call during a visit, no meeting
                if not held and not linked and not re.search("会议|会", rest) and not (m.key == "主持" and CHAIRS_NAMED_RE.match(rest)):
                    continue
                if m.key == "举行" and not held and not re.match("[^，。；]{0,40}?会(?![谈见晤面])", rest):
                    continue  # 举行仪式, 举行活动: not a meeting
                earlier = latest("MEETING")
                # 开幕式由黄志贤主持。: a 主持 that names nothing chairs the story's meeting, however far back
                # 沈跃跃主持，丁仲礼出席。: nor does one followed only by who attended
                names_nothing = m.key == "主持" and re.match("(?:会议)?(?:[。；]|$|，[^，。；]{1,20}?(?:出席|参加)[。；])", rest)
                if (actor.label_ == "OFFICIAL" and CHAIRS_NAMED_RE.match(rest) and earlier is not None
                        and (earlier.sentence >= sent - 4 or self._paragraph(text, earlier.trigger[0])[0] == para[0]
                             or names_nothing or not earlier.roles("chair"))
                        and all(a["span"] and a["span"][2] == "ORG" for a in earlier.roles("chair"))):
                    # 中共中央政治局2月25日召开会议…习近平主持会议: one meeting; the person chairs, the body holds it
                    earlier.body = earlier.body or next((by_start.get(a["span"][0]) for a in earlier.roles("chair")), None)
                    earlier.args = [a for a in earlier.args if a["role"] != "chair"]
                    earlier.add("chair", actor)
                    current_actor[para[0]] = actor
                    continue
                fr = Frame("MEETING", (pos, end), sent, time=time_for(pos))
                fr.add("chair", actor)
                stop = rest.find("会议")
                stop = stop + 2 if stop >= 0 else rest.find("会") + 1
                name = re.split("[，。；]", rest[:stop])[-1] if stop > 0 else ""
                name = re.sub("^(?:以视频(?:形式|方式)|通过视频|在[^，。]{0,8}|的|了)", "", name)  # (举行了临时会议)
                if actor.label_ == "ORG" and "会" not in re.split("[，。；]", rest, 1)[0]:
                    # 十三届全国政协第六十八次双周协商座谈会9日在京召开，…主持会议: the name is the subject, not what follows
                    sm = MEETING_SUBJECT_RE.match(text[:pos], actor.start_char)
                    name = sm.group("name") if sm else name
                if held:
                    name = held.group("name")
                if len(name) >= 3:
                    fr.add("name", None, name, None)
                for sp in ents_between("PLACE", max(s_start, actor.end_char + 1), pos):  # 在京, 在人民大会堂: where it is held
                    if not ABOUT_BEFORE_RE.search(text, actor.end_char, sp.start_char):
                        fr.add("place", sp)  # (就乌克兰问题召开紧急会议: what it is about, not where)
                frames.append(fr)
                current_actor[para[0]] = actor
            elif ftype == "MEETING" and role == "speaker":
                # 胡和平在浙江杭州作宣讲报告: a lecture is a meeting of its own; the lecturer attends it (GUIDELINES)
                delegation = m.key in DELEGATION_TRIGGERS
                if delegation and not DELEGATION_BEFORE_RE.search(text, s_start, pos):
                    continue  # 讨论时 only after 参加…代表团 (习近平在参加党的二十大广西代表团讨论时强调)
                if m.key in TALK_TRIGGERS and (
                        actor.label_ != "OFFICIAL" or actor.start_char < s_start or text[end : end + 1] in "员团队活会的"
                        or "要" in clause or text[pos - 1 : pos] == "的"
                        or TALK_TOLD_AGAIN_RE.search(text, max(s_start, pos - 6), pos)
                        or any(f.type == "MEETING" and f.sentence in (sent_of(pos), sent_of(pos) - 1)
                               and f.has("attendee", actor.text) for f in frames)):
                    # 孟祥锋今天在山西太原宣讲…, 向生产一线人员现场宣讲: an official's talk of its own; not 宣讲员, 宣讲会, 要宣讲,
                    # nor the lecture just told again (…作宣讲报告。韩文秀从…方面…进行了深入宣讲), nor 宣讲团成员的现场宣讲
                    continue
                fr = Frame("MEETING", (pos, end), sent, time=time_for(pos))
                fr.add("attendee", actor)
                for sp in ents_between("PLACE", max(s_start, actor.end_char), pos):
                    if sp.text not in HOME_COUNTRY:
                        fr.add("place", sp)
                if delegation:  # 广西代表团刘宁、蓝天立…等5位代表…发言: the delegates who speak attend too
                    for s0_, s1_ in sents[sent + 1 :]:
                        if "发言" in text[s0_:s1_] and any(sp.text.endswith("代表团") for sp in ents_between("ORG", s0_, s1_)):
                            for sp in ents_between("OFFICIAL", s0_, s1_):
                                fr.add("attendee", sp)
                frames.append(fr)
                current_actor[para[0]] = actor
            elif ftype == "MEETING" and role == "attendee":
                meeting = latest("MEETING")
                named = ATTENDED_MEETING_RE.match(text, end)
                if (named and actor is not None and actor.label_ == "OFFICIAL" and not ATTENDED_ALSO_RE.match(text, end)
                        and not MENTIONED_MEETING_RE.search(clause) and not SAID_RE.search(text, s_start, pos)
                        and meeting_named(named.group("name")) is None):
                    # 李克强出席第25次中国-东盟领导人会议, 习近平在出席军队领导干部会议时强调: a meeting the official
                    # attends without chairing it (the chair, when named, comes later: 会议由巴育主持)
                    fr = Frame("MEETING", (pos, end), sent, time=time_for(pos))
                    for sp in ents_between("OFFICIAL", s_start, pos):
                        fr.add("attendee", sp)
                    fr.add("name", None, named.group("name"))
                    for sp in ents_between("PLACE", s_start, pos):
                        fr.add("place", sp)
                    frames.append(fr)
                    current_actor[para[0]] = actor
                    if SPEAKS_AFTER_ATTENDING_RE.match(text, named.end()) and len(fr.roles("attendee")) == 1:
                        # 王勇9月16日出席全国秋冬季森林草原防灭火工作电视电话会议并讲话: he speaks at it
                        instruction(actor._.attrs.get("canonical") or actor.text, fr, pos, end, sent, span=actor)
                elif meeting is not None:
                    s0, s1 = sents[sent]
                    after = ATTENDED_ALSO_RE.match(text, end)
                    lo, hi = (after.end(), s1) if after else (s0, pos)  # 出席座谈会的党外人士还有丁仲礼、何维…: the list follows
                    # 李克强主持开班式，栗战书…出席开班式: whoever chairs it is named in the sentence, not as an attendee
                    attendees = [sp for sp in ents_between("OFFICIAL", lo, hi) if not meeting.has("chair", Frame.arg_text(sp))]
                    for sp in attendees:
                        meeting.add("attendee", sp)
                    if len(attendees) == 1 and SPEAKS_AFTER_ATTENDING_RE.match(text, end):
                        sp = attendees[0]
                        instruction(sp._.attrs.get("canonical") or sp.text, meeting, pos, end, sent, span=sp)
            elif ftype == "INSTRUCTION":
                speaker = actor._.attrs.get("canonical") or actor.text
                spokesman = SPOKESMAN_RE.match(text, actor.end_char) if actor.label_ == "ORG" else None
                if spokesman is not None:
                    speaker = text[actor.start_char : spokesman.end()]
                ctx = body_meeting or next((f for f in reversed(frames) if f.type in ("INSPECTION", "MEETING")
                                            and any(a["text"] == speaker or a["span"][:2] == [actor.start_char, actor.end_char]
                                                    for a in f.roles("agent") + f.roles("chair")
                                                    + (f.roles("attendee") if f.type == "MEETING" else []))), None)
                if ctx is None and m.key in WRITTEN_TRIGGERS:
                    ctx = self._meeting_written_for(text, frames, actor, pos, sent)
                if ctx is None and AT_THE_MEETING_RE.search(text, para[0], pos):
                    ctx = latest("MEETING")  # 会上，…。李斌提出工作要求: said at the meeting the paragraph is about
                # One instruction per speaker and event: 要求…强调…指出 during one inspection or meeting go on with it.
                # (an instruction given at no event told in the story is one per speaker: 习近平强调 … 习近平指出 …)
                fr, _ = instruction(speaker, ctx, pos, end, sent, span=None if spokesman is not None else actor)
                # the instruction runs to the end of its paragraph: enumerations give all their measures
                scope_start, scope_end = end, para[1]
                on = DEPLOYED_ON_RE.search(text, s_start, pos) if m.key == "部署" else None
                if on is not None:
                    scope_start = on.start()  # 对核酸检测、隔离转运…等重点工作进行再调度、再部署: the measures come first
                if issued or NOTICE_RE.search(text[s_start:pos]):
                    scope_start = s_start  # 对…二十条措施作出重要部署，要求: the document's measures named before 要求
                    while scope_end < len(text):  # scope_end is a newline: the next paragraph starts after it
                        nxt = self._paragraph(text, scope_end + 1)
                        if (OTHER_VOICE_RE.search(text, nxt[0], nxt[1]) or ents_between("OFFICIAL", nxt[0], nxt[1])
                                or NOTICE_RE.search(text, nxt[0], nxt[1])):
                            break  # someone else speaks, or another document is issued (…公告。 …发布了《…方案》)
                        scope_end = nxt[1]
                while scope_end < len(text) and ENUM_PARAGRAPH_RE.match(text, scope_end + 1):
                    scope_end = self._paragraph(text, scope_end + 1)[1]  # 会议指出，…\n一是…\n二是…: the list goes on
                voice = next((sp for sp in ents_between("OFFICIAL", end, scope_end)
                              if (sp._.attrs.get("canonical") or sp.text) != speaker and OWN_VOICE_RE.match(text, sp.end_char)
                              and len(lead := text[sents[sent_of(sp.start_char)][0] : sp.start_char]) <= 50
                              and "要" not in lead and sent_of(sp.start_char) > sent), None)
                if voice is not None:  # …李斌提出工作要求。…张志军部署…。景俊海指出，…: the next speaker's words are theirs
                    scope_end = sents[sent_of(voice.start_char)][0]
                measures = [sp for sp in ents_between("DIRECTIVE", scope_start, scope_end) if self._ordered(text, sp)]
                order(fr, ctx, measures)
                self._addressees(fr, text, ents, m.key, end, scope_end)
                if issued:  # 中共中央宣传部、中央军委政治工作部发出通知, 住房城乡建设部与民政部印发通知: every body of the
                    first = actor  # list issues it
                    while (prev := next((sp for sp in ents if sp.label_ == "ORG" and sp.end_char == first.start_char - 1
                                         and text[sp.end_char] in "、与和"), None)) is not None:
                        co, _ = instruction(prev._.attrs.get("canonical") or prev.text, None, pos, end, sent, span=prev)
                        order(co, None, measures)
                        self._addressees(co, text, ents, m.key, end)
                        first = prev
                current_actor[para[0]] = actor
            elif ftype == "REPORT":
                s0 = sents[sent][0]
                fr = Frame("REPORT", (pos, end), sent, time=time_for(pos))
                listen = re.search("听取了?([^，。；]{2,60}?)$", text[s0:pos])
                if listen:
                    # 听取深圳市“双创”情况汇报: the place or body after 听取 reports, the rest is the topic;
                    # 听取了国务院港澳事务办公室主任夏宝龙关于…的汇报: after a title, its holder reports
                    inner0 = s0 + listen.start(1)
                    head = next((sp for sp in ents if sp.start_char == inner0 and sp.label_ in ("PLACE", "ORG", "OFFICIAL", "TITLE")), None)
                    while head is not None and head.label_ == "TITLE":
                        head = next((sp for sp in ents if head.end_char <= sp.start_char <= head.end_char + 1
                                     and sp.label_ in ("TITLE", "OFFICIAL")), None)
                    if head is None:
                        # 听取两批工作组赴16个省份…督导和服务工作汇报: no entity reports; what was heard is the topic
                        # (审议《…听取和研究…汇报》: inside a document's title nothing is heard)
                        topic = _heard_topic(text, inner0, pos)
                        if len(topic) >= 2 and not _in_book_title(text, pos, s0) and not ents_between("OFFICIAL", inner0, pos):
                            fr.add("topic", None, topic, None)
                            frames.append(fr)
                        continue
                    fr.add("reporter", head)
                    topic = _heard_topic(text, head.end_char, pos)
                    if len(topic) >= 2:
                        fr.add("topic", None, topic, None)
                    frames.append(fr)
                    continue
                if text[pos - 1 : pos] == "的" and (text.startswith("、", end) or MORE_ABOUT_RE.search(text, s0, pos + 2)
                                                   or QUOTING_RE.search(text, s0, pos)):
                    continue  # a report named in a list (…关于A的汇报、关于B的汇报) or quoted: no report of its own
                clause0 = max(s0, text.rfind("，", s0, pos) + 1)
                phrase = re.sub("^(?:会上|随后|同时|其间|此外|据)", "", text[clause0:pos]).strip()
                if UNNAMED_REPORTER_RE.search(phrase) and len(phrase) <= 40:
                    # 吉林市、九台区党委主要负责同志汇报…, 国家卫生健康委新闻发言人介绍: an unnamed official reports
                    fr.add("reporter", None, phrase, None)
                else:
                    reporters = ents_between("OFFICIAL", s0, pos)
                    if not reporters:
                        reporters = [sp for sp in ents_between("ORG", clause0, pos) if not dateline(sp)]
                    if not reporters and clause0 == pos and actor.label_ == "ORG" and actor.start_char >= s0:
                        reporters = [actor]  # 国务院联防联控机制今天举行新闻发布会，介绍…: the sentence's subject reports
                    if not reporters:
                        continue
                    for sp in reporters:  # 吴靖平，…张志军汇报: every official of the sentence reports
                        fr.add("reporter", sp)
                topic = re.match("了?([^，。；]{2,40})", text[end : sents[sent][1]])  # 介绍了|今年经济工作有关情况
                # 介绍优化调整…二十条措施发布以来，不折不扣落实…，全力抓好当前疫情处置工作情况: the matter runs on to 情况
                whole = SITUATION_TOPIC_RE.match(text[end : sents[sent][1]])
                if whole and topic and not topic.group(1).endswith("情况") and not re.search("，(?:并|还|同时)", whole.group(1)):
                    topic = whole
                if topic:
                    fr.add("topic", None, topic.group(1), None)
                keep_report(fr)
                reporter_instructs(fr, latest("MEETING"), para[1])

        speech_meetings(len(text) + 1)
        for fr in presentations:
            keep_report(fr)
        press = self._press_conferences(text, ents, sent_of, time_for, frames)
        frames.extend(press)
        for meeting, report in zip(press[::2], press[1::2]):
            # 相关部门介绍，…要始终坚持严防死守，加快流调溯源…: the presenter instructs, as a reporter does above
            reporter_instructs(report, meeting, self._paragraph(text, report.trigger[1])[1])
        frames.extend(self._press_reports(frames))
        frames = self._merge_vague_inspections(frames)
        frames = self._host_speaks_at_talks(frames, text)
        self._tour_places(frames, ents, text, sents)
        frames.extend(self._case_stats(text, ents, sents, time_for))
        if doc._.srl_candidates:
            self._srl_arguments(frames, doc._.srl_candidates, by_start)
        frames.sort(key=lambda f: f.trigger[0])
        doc._.frames = [self._as_dict(f, i, text, frames) for i, f in enumerate(frames)]
        return doc

    @staticmethod
    def _host_speaks_at_talks(frames: List[Frame], text: str) -> List[Frame]:
        """At talks (李克强同朔尔茨举行会谈) the host's words are the instruction; what the guest says (朔尔茨表示，
        …要…) states his side's view and orders nothing here (GUIDELINES, nineteenth round)."""
        def guest(f: Frame) -> bool:
            ctx = getattr(f, "context", None)
            return (f.type == "INSTRUCTION" and ctx is not None and ctx.type == "MEETING"
                    and text[ctx.trigger[0] : ctx.trigger[1]] in TALKS_TRIGGERS
                    and any(ctx.has("attendee", a["text"]) for a in f.roles("speaker")))
        return [f for f in frames if not guest(f)]

    @staticmethod
    def _same_day(inspections: Dict[tuple, "Frame"], key: tuple) -> Optional["Frame"]:
        """The agent's inspection whose date holds this one's or is held by it (2022 and 2022-01-04; 2022-01 and
        2022-01-04): one visit, dated once precisely and once by the year of 2022年冬奥会. Two full dates never
        match (a tour on 16日 and 17日 is two inspections)."""
        agent, value = key
        if not isinstance(value, str) or not value or "/" in value:
            return None
        for (a, v), fr in inspections.items():
            if "/" in str(v):
                continue  # a span of days (1月26日至27日) sums a tour up: _merge_vague_inspections shares it out
            if a == agent and isinstance(v, str) and v and v != value and (v.startswith(value) or value.startswith(v)):
                return fr
        return None

    @staticmethod
    def _session_meeting(text: str, ents: List[Span], s0: int, pos: int, time, sent: int) -> Optional[Frame]:
        """十三届全国人大常委会第三十八次会议27日在京举行: a MEETING named by the body and the session number, held by
        the body; the person who chairs it comes in a later sentence (栗战书委员长主持)."""
        clause = text[s0:pos]
        m = SESSION_RE.search(clause)
        body = next((sp for sp in ents if sp.label_ == "ORG" and sp.end_char == s0 + m.start()), None) if m else None
        if body is not None:
            name_start, name_end = body.start_char, s0 + m.end()
        else:
            # 第十一次全国台湾同胞代表会议13日在京召开: a meeting named at the head of the clause is its subject
            head = clause.rfind("：") + 1  # after a dateline (央视网消息（新闻联播）：)
            m = MEETING_SUBJECT_RE.match(clause, head)
            if m is None:
                return None
            name_start, name_end = s0 + m.start("name"), s0 + m.end("name")
            k = text.rfind("的", name_start, name_end)
            if k >= 0 and any(sp.start_char == k + 1 for sp in ents):
                name_start = k + 1  # 举世瞩目的|中国共产党第二十次全国代表大会: the name starts with its body
        fr = Frame("MEETING", (pos, pos + 2), sent, time=time)
        fr.add("name", None, text[name_start:name_end], None)
        fr.body = body
        for sp in ents:
            if sp.label_ == "PLACE" and name_end <= sp.start_char < pos:
                fr.add("place", sp)
        return fr

    @staticmethod
    def _press_conferences(text: str, ents: List[Span], sent_of, time_for, frames: List[Frame]) -> List[Frame]:
        """A press conference that no body is said to hold: a MEETING by its name, and a REPORT by whoever presents
        at it (相关部门, as written) or, told as the subject (…新闻发布会通报：), by the conference itself."""
        out: List[Frame] = []
        named = {a["text"] for f in frames if f.type == "MEETING" for a in f.roles("name")}
        for m in (*PRESS_AT_RE.finditer(text), *PRESS_SAYS_RE.finditer(text)):
            name = m.group("name")
            if name in named or any(sp.label_ == "ORG" and sp.start_char == m.start("name") and sp.end_char < m.end("name")
                                    and not text.startswith("新", sp.end_char) for sp in ents):
                continue  # told already, or a body's own conference (国务院联防联控机制新闻发布会: the body holds it)
            named.add(name)
            s_i, time = sent_of(m.start()), time_for(m.start())
            meeting = Frame("MEETING", m.span("name"), s_i, time=time)
            meeting.add("name", None, name, None)
            report = Frame("REPORT", m.span(), s_i, time=time)
            who = m.group("who") if "who" in m.groupdict() else None
            ent = next((sp for sp in ents if sp.label_ in ("ORG", "OFFICIAL") and (sp.start_char, sp.end_char) == m.span("who")), None) if who else None
            if ent is not None:
                report.add("reporter", ent)
            else:
                report.add("reporter", None, who or name, None)
            out += [meeting, report]
        return out

    @staticmethod
    def _study_sessions(text: str, ents: List[Span], sent_of, time_for) -> List[Frame]:
        """A Politburo study session: its MEETING (name, chair), then a REPORT per lecturer, in text order."""
        out: List[Frame] = []
        m = STUDY_RE.search(text)
        if m is None:
            return out
        meeting = Frame("MEETING", m.span("name"), sent_of(m.start()), time=time_for(m.start()))
        meeting.add("name", None, m.group("name"), None)
        chair = next((sp for sp in ents if sp.label_ == "OFFICIAL" and STUDY_CHAIR_RE.match(text, sp.end_char)), None)
        if chair is not None:
            meeting.add("chair", chair)
        out.append(meeting)
        for sp in ents:
            lm = STUDY_LECTURE_RE.match(text, sp.end_char) if sp.label_ in ("OFFICIAL", "PERSON") else None
            if lm is None or lm.start() < m.end():
                continue
            fr = Frame("REPORT", lm.span(), sent_of(lm.start()), time=meeting.time)
            fr.add("reporter", sp)
            # 就这个问题进行讲解: the question is the study's
            fr.add("topic", None, m.group("on") if lm.group("on").startswith("这") else lm.group("on"), None)
            out.append(fr)
        return out

    @staticmethod
    def _presentations(text: str, ents: List[Span], sents, sent_of, time_for) -> List[Frame]:
        """Presentations at a session: one REPORT per presenter, with what was presented as the topic.

        李飞、杜德印分别作的关于…的报告 gives each of them the topic; 王洪尧作了说明 presents the proposal named
        earlier in the sentence (农委提出了关于…的议案，副主任委员陈锡文作了说明)."""
        out: List[Frame] = []
        topics: List[Tuple[int, int]] = []  # what earlier presenters reported on: its dates are no event's time
        speakers = [sp for sp in ents if sp.label_ in ("OFFICIAL", "PERSON")]  # an expert lectures too (周建平作…讲座)
        for k, sp in enumerate(speakers):
            m = PRESENTATION_RE.match(text, sp.end_char)
            if m is None:
                continue
            s_i = sent_of(sp.start_char)
            s0 = sents[s_i][0]
            names = [sp]  # 李飞、农委副主任委员杜德印分别作的: the list before shares the presentation
            j = k
            while j > 0 and re.fullmatch("、[^，。；、]{0,16}", text[speakers[j - 1].end_char : names[0].start_char]):
                j -= 1
                names.insert(0, speakers[j])
            if m.group("work"):
                topic = m.group("work_titled")
            elif m.group("about") or m.group("on") or m.group("what") or m.group("titled"):
                topic = m.group("about") or m.group("on") or m.group("what") or m.group("titled")
            elif m.group("lecture"):  # told later by the lecturer's name: 李书磊在辅导报告中就…进行了解读和阐释
                on = re.compile(re.escape(sp.text) + LECTURE_ON_RE.pattern).search(text, m.end())
                topic = on.group("on") if on else None
            else:
                # the proposal is named in the sentence, or in the one before (审议了监察司法委关于…的议案。吴玉良作了说明)
                prop = [p for p in PROPOSAL_RE.finditer(text, sents[s_i - 1][0] if s_i else s0, sp.start_char)]
                topic = prop[-1].group(1) if prop else None
            topic_at = next((m.span(g) for g in ("about", "on", "what") if m.group(g)), None)
            more, pos = [], m.end()
            while m.group("about") and (nm := MORE_ABOUT_RE.match(text, pos)):
                more.append(nm.group("about"))  # 李飞分别作的关于A的汇报、关于B的汇报: one presenter, each topic
                pos = nm.end()
            each = PROPOSALS_EACH_RE.fullmatch(topic) if topic and len(names) > 1 and "分别" in m.group() else None
            items = each.group("items").split("、") if each else []
            for i, person in enumerate(names):
                fr = Frame("REPORT", (m.start(), m.end()), s_i, time=time_for(m.start(), topics))
                fr.add("reporter", person)
                mine = [items[i]] if len(items) == len(names) else [topic] if topic else []
                for t in mine + more:
                    fr.add("topic", None, t, None)
                out.append(fr)
            if topic_at:
                topics.append(topic_at)
        return out

    @staticmethod
    def _srl_arguments(frames: List[Frame], srl: List[dict], by_start: Dict[int, Span]) -> None:
        """Fill roles the rules left empty from SRL predicates on the trigger (zh_hanlp_srl).

        An argument counts only where it is an entity of the right label: ARG0 that is an official or a
        body is the main actor when the frame has none; a PLACE inside ARGM-LOC is a place of an
        INSPECTION, MEETING or CASE_STATS. SRL never overrides what the rules found.
        """
        main = {"INSPECTION": "agent", "MEETING": "chair", "INSTRUCTION": "speaker", "REPORT": "reporter"}
        for fr in frames:
            t0, t1 = fr.trigger
            for cand in srl:
                ps, pe = cand["predicate"][0], cand["predicate"][1]
                if not (ps < t1 and t0 < pe):
                    continue
                for role, s, e, _ in cand["args"]:
                    if role == "ARG0" and fr.type in main and not fr.roles(main[fr.type]):
                        sp = by_start.get(s)
                        if sp is not None and sp.end_char == e and sp.label_ in ACTOR_LABELS:
                            fr.add(main[fr.type], sp)
                    elif role == "ARGM-LOC" and fr.type in ("INSPECTION", "MEETING", "CASE_STATS"):
                        for sp in (sp for st, sp in by_start.items() if s <= st and sp.end_char <= e):
                            if sp.label_ == "PLACE":
                                fr.add("place", sp)

    @staticmethod
    def _merge_vague_inspections(frames: List[Frame]) -> List[Frame]:
        """One INSPECTION per agent and day: a tour summed up with a vague time (近日, 日前) or a span of days
        (1月26日至27日) and then told day by day is the same visit, so the summary joins the agent's days.

        Its companions go to every day (the same people travel the whole tour, and a list written once at the end
        serves all days), its places to the day that names the same place (临汾 -> the day in 临汾市), the rest to
        the first day; instructions given in the summary follow it."""
        def dated(f: Frame) -> bool:
            return bool((f.time or {}).get("value")) and bool((f.time or {}).get("text"))

        def one_day(f: Frame) -> bool:
            return dated(f) and "/" not in str(f.time["value"])

        def agent(f: Frame) -> List[str]:
            return [a["text"] for a in f.roles("agent")]

        into: Dict[int, Frame] = {}
        inspections = [f for f in frames if f.type == "INSPECTION"]
        for f in inspections:
            if one_day(f):
                continue
            days = [g for g in inspections if g is not f and one_day(g) and agent(g) == agent(f)]
            if not days:
                if dated(f):
                    continue
                days = [g for g in inspections if g is not f and dated(g) and agent(g) == agent(f)][:1]
                if not days:
                    continue
            into[id(f)] = days[0]
            if len(days) == 1 and f.trigger[0] < days[0].trigger[0]:
                # 李克强在甘肃省金昌、武威考察 … 金昌市金三角市场… 在民勤县… 李克强走进铧尖村: the one visit the summary
                # opens is told from the summary on, so its stops before the dated verb are its own (_tour_places)
                days[0].since = min(days[0].since or f.trigger[0], f.trigger[0])
            for a in f.args:
                if a["role"] == "companion":
                    for d in days:
                        d.take(a)
                elif a["role"] == "place":
                    home = next((d for d in days for b in d.roles("place")
                                 if b["text"] and a["text"] and (b["text"].startswith(a["text"]) or a["text"].startswith(b["text"]))), days[0])
                    home.take(a)
                else:
                    days[0].take(a)
        by_agent: Dict[tuple, List[Frame]] = {}
        for f in inspections:
            if id(f) not in into and one_day(f):
                by_agent.setdefault(tuple(agent(f)), []).append(f)
        for days in by_agent.values():
            if len(days) > 1:
                everyone = [a for d in days for a in d.roles("companion")]
                for d in days:
                    for a in everyone:
                        d.take(a)
        if not into:
            return frames
        kept: List[Frame] = []
        instr: Dict[tuple, Frame] = {}
        for f in frames:
            if id(f) in into:
                continue
            ctx = getattr(f, "context", None)
            if ctx is not None and id(ctx) in into:
                f.context = into[id(ctx)]
            if f.type == "INSTRUCTION" and getattr(f, "context", None) is not None:
                k = (tuple(a["text"] for a in f.roles("speaker")), id(f.context))
                if k in instr:
                    instr[k].absorb(f)
                    continue
                instr[k] = f
            kept.append(f)
        return kept

    @staticmethod
    def _meeting_written_for(text: str, frames: List[Frame], actor: Span, pos: int, sent: int) -> Optional[Frame]:
        """The meeting a 批示 was written for: the one just told (…电视电话会议7月5日在京召开。李克强作出重要批示), when
        the 批示 names no other matter (李克强日前对森林草原防灭火工作作出重要批示 is not for the meeting told after it)."""
        between = text[actor.end_char : pos]
        if "对" in between and "会议" not in between:
            return None
        return next((f for f in reversed(frames) if f.type == "MEETING" and f.sentence in (sent - 1, sent)
                     and f.trigger[0] < pos and any(a["text"].endswith("会议") for a in f.roles("name"))), None)

    @staticmethod
    def _addressees(fr: "Frame", text: str, ents: List[Span], verb: str, lo: int, hi: Optional[int] = None) -> None:
        """Who is told: the bodies or places right after 要求/希望/叮嘱 (要求四平、通化、梅河口要…) or a group named
        there (叮嘱随行负责同志). A group opening a clause of duties (各地要…) is taken only in a written instruction
        (批示): after a spoken one the gold marks it in too few of the stories that have one for a rule to score."""
        if verb in WRITTEN_TRIGGERS and hi is not None:
            for m in DUTY_GROUP_RE.finditer(text, lo, hi):
                fr.add("addressee", None, m.group("g"))
            for sp in ents:  # 。农业农村部要牵头成立工作专班
                if (lo < sp.start_char < hi and sp.label_ == "ORG" and text[sp.start_char - 1] in "。；"
                        and text[sp.end_char : sp.end_char + 1] == "要"):
                    fr.add("addressee", sp)
        if verb in ADDRESSING_VERBS:
            pos, named = lo, False
            for sp in ents:  # 要求四川省委和省政府全力…: a list of bodies or places
                if sp.start_char == pos and sp.label_ in ("ORG", "PLACE"):
                    fr.add("addressee", sp)
                    named, pos = True, sp.end_char + (1 if text[sp.end_char : sp.end_char + 1] in "、和及与" else 0)
            if not named:
                m = GROUP_ADDRESSEE_RE.match(text, lo)
                if m:
                    fr.add("addressee", None, m.group(1))

    @staticmethod
    def _places_targets(fr: Frame, ents: List[Span], text: str, s0: int, s1: int, actor: Span) -> None:
        for sp in ents:
            if not (s0 <= sp.start_char < s1) or sp.start_char < actor.start_char:
                continue
            if sp.label_ == "PLACE":
                if sp.text not in HOME_COUNTRY:
                    fr.add("place", sp)
            elif (sp.label_ == "ORG" and sp.start_char > actor.end_char and not REGARDS_OF_RE.match(text, sp.end_char)
                  and not NOT_VISITED_BEFORE_RE.search(text, max(s0, sp.start_char - 3), sp.start_char)
                  and (sp._.attrs.get("canonical") or sp.text) not in CENTRAL_BODIES):
                # 栗战书率全国人大常委会执法检查组在湖北检查: the group the agent leads goes with the agent
                fr.add("companion" if text[sp.start_char - 1 : sp.start_char] == "率" else "target", sp)

    @staticmethod
    def _opening_sites(fr: Frame, ents: List[Span], text: str, s0: int, s1: int) -> None:
        """Sites that open a paragraph, told before the agent comes (九台一中正在进行封闭消杀。景俊海实地检查…;
        净月区地铁6号线樱花街站、伟峰东域两处工地…。景俊海实地察看…): places of the visit, when the sentence that
        names them has no one in it (else its own actor was there)."""
        if any(sp.label_ in ("OFFICIAL", "PERSON") and s0 <= sp.start_char < s1 for sp in ents):
            return
        pos = s0
        for sp in ents:
            if sp.start_char < pos:
                continue
            if sp.start_char != pos or sp.label_ != "PLACE":
                break
            if sp.text not in HOME_COUNTRY:
                fr.add("place", sp)
            pos = sp.end_char + (1 if text[sp.end_char : sp.end_char + 1] in "、和" else 0)

    @staticmethod
    def _visited_orgs(fr: Frame, ents: List[Span], text: str, lo: int, hi: int) -> None:
        """Targets of a later stop of a tour: the bodies and firms its clause goes to (VISITED_ORG_BEFORE_RE); not a
        body that helps (UNDER_GUIDANCE_RE) or one that holds something (到中央政治局举行集体学习: 到 means "up to")."""
        for sp in ents:
            if sp.label_ != "ORG" or not lo <= sp.start_char < hi:
                continue
            clause_start = max(lo, max(text.rfind(c, lo, sp.start_char) for c in "，。；：") + 1)
            if (VISITED_ORG_BEFORE_RE.search(text, clause_start, sp.start_char) and not REGARDS_OF_RE.match(text, sp.end_char)
                    and not UNDER_GUIDANCE_RE.match(text, sp.end_char) and not text.startswith(("举行", "召开"), sp.end_char)
                    and (sp._.attrs.get("canonical") or sp.text) not in CENTRAL_BODIES):
                fr.add("target", sp)

    @staticmethod
    def _topic(fr: Frame, ents: List[Span], text: str, pos: int, end: int, key: str) -> None:
        """The matter an inspection is about, right after its verb or before it (TOPIC_AFTER_RE, TOPIC_BEFORE_RE).
        After a verb of going (来到, 深入) comes where, not what; a body or person the phrase opens with is the target
        or whom the visit is to, and the phrase is then no topic (a place may open it: 检查|长江保护法实施情况)."""
        before = TOPIC_BEFORE_RE.search(text, max(0, pos - 45), pos)
        after = None if key in WEAK_INSPECTION else TOPIC_AFTER_RE.match(text, end)
        for m in (before, after):
            if m is None:
                continue
            a, b = m.span("t")
            # 就 opens the matter only as a word of its own (在甘肃就…, 并就…), not inside one (稳就业)
            if m is before and re.match(f"[{HAN}]", text[m.start() - 1 : m.start()]) and text[m.start() - 1] not in "并还专门重点" \
                    and not any(sp.end_char == m.start() for sp in ents):
                continue
            if any(sp.start_char == a and sp.label_ in ("ORG", "OFFICIAL", "PERSON") for sp in ents):
                continue
            fr.add("topic", None, m.group("t"), None)

    def _site_kinds(self, fr: Frame, ents: List[Span], text: str, lo: int, hi: int) -> None:
        """Unnamed kinds of site in a visit list (深入革命纪念馆、河湖治理工程、企业、社区等进行调研) are targets; a
        named place written before the kind (后官寨镇|人大代表之家) is left to the place role. What follows 强调/要求
        is what was said (要深入农村、学校…), not where the visit went."""
        said = SAYING_RE.search(text, lo, hi)
        for m in VISIT_LIST_RE.finditer(text, lo, said.start() if said else hi):
            # 及/与 join the words of one name (重离子应用技术及装备制造产业基地); 、/和 join the sites
            group = "list" if m.group("list") else "at"
            for item in re.finditer("[^、和]+", m.group(group)):
                a, b = m.start(group) + item.start(), m.start(group) + item.end()
                named = [sp for sp in ents if sp.label_ in ("PLACE", "ORG", "OFFICIAL") and sp.start_char < b and sp.end_char > a]
                for sp in named:  # skip the named places the item opens with (延安市和安阳市的|农村)
                    if sp.start_char == a and sp.end_char <= b:
                        a = sp.end_char + (text[sp.end_char] == "的")
                kind = text[a:b].removesuffix("等")
                # a DIRECTIVE may be part of the kind (核酸检测检验室); a name inside it makes it no unnamed site
                if (2 <= len(kind) <= 10 and kind.endswith(self.site_kinds) and re.fullmatch("[\u4e00-\u9fff]+", kind)
                        and not any(sp.start_char < b and sp.end_char > a for sp in named)):
                    fr.add("target", None, kind)

    def _tour_places(self, frames: List[Frame], ents: List[Span], text: str, sents) -> None:
        """Places of an inspection named in later sentences of the tour (在船营区森邻里小区…, 来到…).

        A sentence belongs to the tour until another inspection or meeting starts; only places written before
        the sentence's instruction verb count (what follows 强调/要求 is what was said, not where).
        """
        events = sorted((f for f in frames if f.type in ("INSPECTION", "MEETING")), key=lambda f: f.trigger[0])
        for k, fr in enumerate(events):
            if fr.type != "INSPECTION":
                continue
            stop = events[k + 1].trigger[0] if k + 1 < len(events) else len(text)
            # the sentence that opens the next event is its own (习近平27日在晋中市考察调研: 晋中市 is the next day's)
            stop = next((s0 for s0, s1 in sents if s0 <= stop < s1), stop)

            def add_places(lo: int, hi: int) -> None:
                for sp in ents:
                    if lo <= sp.start_char < hi and sp.label_ == "PLACE" and sp.text not in HOME_COUNTRY:
                        fr.add("place", sp)

            start = fr.trigger[0] if fr.since is None else fr.since
            for j, (s0, s1) in enumerate(sents):
                if s1 <= start or s0 >= stop:
                    continue
                sentence = text[s0:s1]
                if j and THERE_RE.search(sentence):
                    add_places(*sents[j - 1])  # …方舱隔离点已经投入使用。景俊海再次到那里实地检查: 那里 is the place just named
                if not TOUR_VERB_RE.search(sentence) or METRIC_RE.search(sentence):
                    continue  # case figures (松原市1例) are not stops of a tour
                agent = next((a["text"] for a in fr.roles("agent")), "")
                # a stop of the tour names the agent (or 他) or opens with where it is (在…, 来到…, 随后…)
                if not (agent and agent in sentence or PRONOUN_RE.search(sentence)
                        or re.match("(?:在|来到|随后|之后|其间|当天|此后|在[^，。]{0,12}，)", sentence)
                        or (any(a["text"].endswith(TOURING_GROUPS) for a in fr.roles("companion"))
                            and sentence.startswith(TOURING_GROUPS))):
                    # (检查组先后来到宜昌、荆州、武汉等地: the group the agent leads goes on with the tour)
                    continue
                said = SAYING_RE.search(text, s0, s1)
                add_places(s0, said.start() if said else s1)
                self._visited_orgs(fr, ents, text, s0, said.start() if said else s1)
                self._site_kinds(fr, ents, text, s0, s1)

    def _case_stats(self, text: str, ents: List[Span], sents, time_for) -> List[Frame]:
        out = []
        places = [sp for sp in ents if sp.label_ == "PLACE"]
        for si, (s0, s1) in enumerate(sents):
            metrics = [m for m in METRIC_RE.finditer(text, s0, s1) if _to_int(m.group("value")) is not None]
            region_place: Optional[str] = None
            carried: Optional[Span] = None  # the place of the metric just before, while the list goes on
            prev_end = s0  # where the figure just before ends (after its exact count: …超过9000万，达到90046834例)
            for k, m in enumerate(metrics):
                start, value = m.start(), _to_int(m.group("value"))
                exact = EXACT_AFTER_RE.match(text, m.end())
                if exact:
                    value = int(exact.group("value"))
                time = time_for(start)
                fr = Frame("CASE_STATS", (start, m.end("metric")), si, time=time)
                # the place is written right before the metric (长春市新增…), or the sentence is about a region
                # (全省新增…；新增…): a place listed earlier in a breakdown is not this metric's place
                before = [sp for sp in places if start - 2 <= sp.end_char <= start and sp.start_char >= s0]
                region = re.search("(全省|我省|全国|全市|全区)[^，。；]{0,4}$", text[max(s0, start - 8) : start])
                clause0 = max(s0, text.rfind("，", s0, start) + 1)
                # 海南本轮疫情累计报告阳性感染者1899例: the place opens the clause that gives the figure
                # (美国7日报告单日新增确诊病例900832例: the day the figure is of may stand between)
                lead = [sp for sp in places if sp.start_char == clause0
                        and not re.search("[、\\d]", DAY_RE.sub("", text[sp.end_char:start]))]
                own = before[-1] if before else (lead[0] if lead and not region else None)
                if own is not None:
                    fr.add("place", own)
                elif region:
                    region_place = "全省" if region.group(1) in ("全省", "我省") else region.group(1)
                    fr.add("place", None, region_place, None)
                elif region_place and text[max(s0, start - 2) : start].strip("，；、 ") == "":
                    fr.add("place", None, region_place, None)
                elif carried is not None and k and text[prev_end:start].strip("，；、 ") in ("", "单日", "累计"):
                    # 吉林市新增本土确诊病例230例，新增本土无症状感染者397例: the next figure is the same place's
                    fr.add("place", carried)
                carried = own if own is not None else (carried if fr.roles("place") else None)
                prev_end = exact.end() if exact else m.end()
                fr.add("metric", None, m.group("metric"), None)
                fr.add("value", None, str(value), None)
                out.append(fr)
                # 其中长春市723例、吉林市230例: one frame per place, in this metric's stretch of the sentence or at
                # the start of the next sentence (…重型1例）。其中，长春市723例…)
                stop = metrics[k + 1].start() if k + 1 < len(metrics) else s1
                seg = self._breakdown(text, sents, si, m.end(), stop, last=k + 1 == len(metrics))
                if seg:
                    trigger = (start, m.end("metric"))
                    for om in ORIGIN_COUNT_RE.finditer(text, seg[0], seg[1]):
                        out.append(self._part(trigger, si, time, None, om.group("metric"), om.group("value")))
                    listed = [sp for sp in places if seg[0] <= sp.start_char < seg[1]]
                    for j, sp in enumerate(listed):
                        n = self._place_count(text, listed, j)
                        if n is not None:
                            out.append(self._part(trigger, si, time, sp, m.group("metric"), str(n)))
        return out

    @staticmethod
    def _part(trigger: Tuple[int, int], si: int, time: Optional[dict], place: Optional[Span], metric: str,
              value: str) -> Frame:
        """One CASE_STATS frame of a breakdown: the main figure's trigger and time, with its own place, metric and value."""
        fr = Frame("CASE_STATS", trigger, si, time=time)
        if place is not None:
            fr.add("place", place)
        fr.add("metric", None, metric, None)
        fr.add("value", None, value, None)
        return fr

    @staticmethod
    def _place_count(text: str, listed: List[Span], j: int) -> Optional[int]:
        """The count a breakdown gives the j-th listed place: written after it (吉林市1024例), shared by a run of
        places (松原市、四平市各1例), or its share of the place before it (长春市961例（有654例在九台区）)."""
        sp = listed[j]
        share = SHARE_IN_RE.search(text, max(0, sp.start_char - 12), sp.start_char)
        if share and text[sp.end_char : sp.end_char + 1] == "）":
            return int(share.group("value"))
        pos, k = sp.end_char, j
        while text[pos : pos + 1] in ("、", "和") and k + 1 < len(listed) and listed[k + 1].start_char == pos + 1:
            k += 1
            pos = listed[k].end_char
        each = text[pos : pos + 1] == "各"  # the last place of the run is followed by 各 too
        if pos > sp.end_char and not each:
            return None
        cm = PLACE_COUNT_RE.match(text, pos + 1 if each else pos)
        return _to_int(cm.group("value")) if cm else None

    @staticmethod
    def _press_reports(frames: List[Frame]) -> List[Frame]:
        """A body's press conference at which nobody is said to 介绍 (…保障组今天下午举行发布会，工业和信息化部…) is still
        the body's report (GUIDELINES, twentieth round): one REPORT by the chairing body, with no topic. Only when no one
        in the story reports or instructs, and never for PRESS_HOSTS, who hold the conferences of others."""
        if any(f.type in ("REPORT", "INSTRUCTION") for f in frames):
            return []
        out = []
        for f in frames:
            if f.type != "MEETING" or not any(a["text"].endswith("发布会") for a in f.roles("name")):
                continue
            for chair in f.roles("chair"):
                if chair["span"] and chair["span"][2] == "ORG" and not any(h in chair["text"] for h in PRESS_HOSTS):
                    rep = Frame("REPORT", f.trigger, f.sentence, time=f.time)
                    rep.take(dict(chair, role="reporter"))
                    out.append(rep)
        return out

    @staticmethod
    def _breakdown(text: str, sents, si: int, after: int, stop: int, last: bool) -> Optional[Tuple[int, int]]:
        """Character range of the 其中… list that breaks a total down by place, or None. A health commission's
        bulletin may give it as a distribution in the next sentence (…确诊病例2052例。按照临床分型为：轻型2025例…；
        按照地区分布为：吉林市1024例、长春市961例…)."""
        k = text.find("其中", after, stop)
        if k >= 0:
            end = text.find("；", k, stop)
            return k + 2, (end if end >= 0 else stop)
        if last and si + 1 < len(sents):
            n0, n1 = sents[si + 1]
            if text[n0:n1].startswith("其中"):
                return n0 + 2, n1
            by_region = BY_REGION_RE.search(text, n0, n1)
            if by_region:
                return by_region.end(), n1
        return None

    @staticmethod
    def _as_dict(f: Frame, i: int, text: str, frames: List[Frame]) -> dict:
        d = {"id": f"f{i + 1}", "type": f.type, "sentence": f.sentence,
             "trigger": {"text": text[f.trigger[0] : f.trigger[1]], "start": f.trigger[0], "end": f.trigger[1]},
             "time": f.time, "args": [dict(a) for a in f.args]}
        for a in d["args"]:
            if a["role"] == "value" and a.get("text", "").isdigit():
                a["value"] = int(a["text"])  # SPEC: the value of a CASE_STATS frame is an integer
        ctx = getattr(f, "context", None)
        if ctx is not None:
            d["args"].append({"role": "context", "frame": f"f{frames.index(ctx) + 1}", "text": None, "span": None})
        return d



def _heard_topic(text: str, lo: int, pos: int) -> str:
    """What was heard, from lo up to the trigger at pos (听取…关于…的汇报): without 关于 and the 的 around it."""
    return re.sub("^关于", "", text[lo:pos].strip("的"))


def _in_book_title(text: str, pos: int, lo: int = 0) -> bool:
    """Is `pos` inside 《…》 (a title mark opened after `lo` and not closed before `pos`)?"""
    return text.rfind("《", lo, pos) > text.rfind("》", lo, pos)


def _to_int(s: str) -> Optional[int]:
    try:
        if re.fullmatch(r"\d+", s):
            return int(s)
        if re.fullmatch(r"[\d.]+万", s):
            return int(round(float(s[:-1]) * 10000))
        import cn2an

        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError):
        return None


@Language.factory("zh_frames", default_config={"lexicon_dir": None})
def make_frames(nlp: Language, name: str, lexicon_dir: Optional[str]):
    return FrameBuilder(nlp, name, lexicon_dir)
