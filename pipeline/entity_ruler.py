"""`zh_entity_ruler`: dictionary and pattern entities on characters (SPEC section 2).

Finds PLACE, ORG, TITLE, DIRECTIVE and DATE candidates on the normalized
characters of the document (Aho-Corasick automata over the lexicons, plus
productive patterns), composes them (长春 + 市委 -> ORG 长春市委; 长春市委 +
书记 -> TITLE 长春市委书记) and resolves overlaps.  People (OFFICIAL, PERSON)
are the next component's job (`people.py`); token alignment comes last
(`align.py`).

Candidates are stored with character offsets in `doc._.ent_cands`; the
aligner (`align.py`) splits tokens at their boundaries and writes the span
group `doc.spans["entities"]`, `doc.ents` and `Span._.attrs`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from .dates import PartialDate, parse_date_value
from .lexicon import CharMatcher, LexiconComponent, WordFinder, doc_text, select_longest, token_bounds
from .normalizer import HAN

SPAN_KEY = "entities"
LEXICON_FILES = ("directives.tsv", "orgs.tsv", "title_roles.tsv", "title_qualifiers.tsv", "org_suffixes.tsv",
                 "place_suffixes.tsv", "place_stopwords.tsv",
                 "site_left_words.tsv", "place_extra.tsv", "org_name_suffixes.tsv",
                 "country_abbrev.tsv", "transliteration_chars.tsv", "place_abbrevs.tsv",
                 "name_context.tsv")

# 应X尽X: a productive directive form (应检尽检, 应返尽返, and 应检必检); the lexicon knows the common ones.
YING_JIN_RE = re.compile(f"应([{HAN}])[尽必]\\1")
# a measure lifted is no measure ordered (取消入境后全员核酸检测和集中隔离, 不再开展全员核酸筛查): up to the clause's end
CANCELLED_RE = re.compile("取消|停止|不再")  # 不再开展…, 不再集中隔离: the clause lifts the measure
CLAUSE_END = "，。；！？\n"
TAX_EXEMPTION_RE = re.compile(f"免征[{HAN}]{{1,12}}?税")  # 免征车辆购置税, 免征公共交通运输服务增值税
ONE_EACH_RE = re.compile(f"一([{HAN}])一(?:策|方案|专员)")  # 一城一策, 一企一策, 一企一方案: a measure tailored to each case
# every alternative starts with one of the characters of the lookahead: without it `re` tries the optional
# prefixes at every position of the story (this pattern alone took a tenth of the ruler's time)
NUMBERED_MEASURES_RE = re.compile(f"(?=[关优第新二三四五六七八九十0-9])(?:(?:关于[{HAN}]{{2,20}}?的)?(?:优化(?:调整)?(?:疫情)?防控(?:工作)?)?(?:[二三四五六七八九十]{{1,3}}|[0-9]{{1,3}})条"
                                  # 二十条措施, 16条金融政策
                                  "(?:(?:优化(?:疫情)?(?:防控)?|扶持|支持|帮扶|纾困|具体)?措施|(?:金融|财税|扶持|支持|稳经济)?政策(?:措施)?)"
                                  # 19项接续政策, 33项稳经济一揽子政策措施 (the lexicon's 一揽子政策 is then inside it), 十二项主要应对措施,
                                  # 12项助企纾困举措, 15项疫情防控措施
                                  f"|(?:[二三四五六七八九十]{{1,3}}|[0-9]{{1,3}})项(?:(?:接续|稳经济一揽子|配套)?政策(?:措施)?|主要(?:应对|防控)?措施|(?:应对|防控|优化|疫情防控)措施|(?:助企纾困|纾困|帮扶|扶持)?举措)"
                                  # 第九版防控方案, 第九版诊疗方案, 第九版方案 (the plan named before), 新[二十]条
                                  "|第[一二三四五六七八九十]{1,2}版(?:新冠肺炎疫情)?(?:防控|诊疗)?方案|新[二三四五六七八九十]{1,3}条(?![件例款])"
                                  # 新冠肺炎防控方案（第九版）, 新型冠状病毒肺炎防控方案第九版; 严格按照20条要求: the package by its number alone
                                  "|(?:新冠肺炎|新型冠状病毒肺炎)(?:疫情)?防控方案(?:（第[一二三四五六七八九十]{1,2}版）|第[一二三四五六七八九十]{1,2}版)"
                                  "|(?<=按照|落实|贯彻|执行)(?:[二三四五六七八九十]{1,3}|[0-9]{1,3})条(?=要求|精神|规定))")
# a level of emergency response, named after the verb that starts or keeps it (启动|突发事件能源供应保障一级应急响应,
# 维持|水旱灾害防御Ⅳ级应急响应); the level alone (三级) is no measure
RESPONSE_LEVEL_RE = re.compile(f"(?:启动|维持|提升至|提升为|升级为|调整为|降为|降至|发布|实施|进入)([{HAN}]{{0,16}}?(?:[一二三四]|[ⅠⅡⅢⅣ]|IV|I{{1,3}})级(?:救灾)?(?:应急)?响应)")
PERIODICAL_RE = re.compile(f"《([{HAN}A-Za-z·]{{1,12}}(?:杂志|日报|晚报|时报|周刊|周报))》|《([{HAN}A-Za-z·]{{1,12}})》(?=杂志|周刊|月刊)")
# congresses and CPPCC committees named by their term (第十三届全国人民代表大会常务委员会, 政协第十三届全国委员会,
# 全国政协十三届常委会) and the lecture group named after what it teaches (学习贯彻党的二十大精神中央宣讲团)
TERM_BODY_RE = re.compile("(?:中国人民政治协商会议|政协)第[一二三四五六七八九十]{1,3}届全国委员会(?:常务委员会)?"
                          "|第[一二三四五六七八九十]{1,3}届全国人民代表大会(?:常务委员会)?"
                          "|全国(?:政协|人大)[一二三四五六七八九十]{1,3}届常委会"
                          # the electoral conferences of the two SARs (澳门第十四届全国人大代表选举会议主席团)
                          "|(?:(?:香港|澳门)(?:特别行政区)?)?第?[一二三四五六七八九十]{1,3}届全国(?:人民代表大会|人大)代表选举会议(?:主席团)?"
                          f"|学习贯彻[{HAN}“”]{{2,14}}?精神中央宣讲团")
SAR_RE = re.compile("(?:香港|澳门)(?:特别行政区)?")
# 中央 naming the party centre (`_party_centre`); the lookbehind comes after the literal so that `re` scans for 中央
# instead of trying the lookbehind at every position
PARTY_CENTRE_RE = re.compile(f"中央(?<![{HAN}]{{2}}的中央)(?=精神|关于|决策|部署|要求|的决策|[{HAN}]{{2,4}}工作(?:会议|座谈会)"
                             "|第[一二三四五六七八九十]+轮巡视)")
# a named rule put in force (GUIDELINES, named rules): 实行|日报告制度和|定期通报制度, 实施|离津审批报备制度,
# 建立|三级医院分区包干责任制; not a system being reformed or built up (…制度改革, …制度体系, 制度化), nor a
# duty named by whom it reports to (执行向党中央请示报告制度: 党中央 stays the ORG)
def _rule_name(longest: int) -> str:
    """A rule's name, 2 to `longest` characters before 制度/责任制, where no reform or build-up follows."""
    return f"([{HAN}“”]{{2,{longest}}}?(?:制度|责任制))(?![改体框机建化])"


NAMED_RULE_RE = re.compile("(?:实行|实施|推行|建立|落实|执行)(?:健全|完善|了)?(?!健全|完善|向)" + _rule_name(14))
NAMED_RULE_NEXT_RE = re.compile("[和、]" + _rule_name(12))  # a second rule joined to the first
NOT_IN_RULE_NAME = set("和与及等、的是")
# a campaign whose name is quoted before 行动: “万企帮万村”行动, “净网”专项行动 (the quoted name is the DIRECTIVE, as the
# dev gold writes it); not a manner (以“龟速”行动), a foreign operation called so (所谓“前置狩猎”行动) or a plan (行动方案)
QUOTED_NAME_ACTION_RE = re.compile(f"(?<!以)(?<!所谓)“([{HAN}]{{2,16}})”(?:专项)?行动(?!方案)")
QUOTED_ACTION_RE = re.compile(f"“([{HAN}]{{2,24}}行动)”")  # “长江流域水库群抗旱保供水联合调度专项行动”
EARLY_LIST_RE = re.compile("早(?:发现|报告|隔离|治疗|诊断|处置|筛查)(?:、早(?:发现|报告|隔离|治疗|诊断|处置|筛查)){2,}")
COMPANY_SUFFIX = "集团(?:股份有限公司|有限责任公司|有限公司|公司)?|股份有限公司|有限责任公司|有限公司"
COMPANY_SUFFIX_START_RE = re.compile("集团|股份有限公司|有限责任公司|有限公司")  # where a COMPANY_SUFFIX can start
SESSION_RE = re.compile("(?<!新)(?:第)?[一二三四五六七八九十]{1,3}届$")  # 十三届全国人大常委会, not 新一届
# the presidium of a congress or of one session (十三届全国人大|五次会议主席团)
CONGRESS_RE = re.compile("第?[一二三四五六七八九十]+次(?:全国代表大会|会议)主席团")
CONGRESS_FIRST = set("第一二三四五六七八九十")  # the characters CONGRESS_RE can start with (tried after every body)
STATIONED_RE = re.compile(f"[{HAN}]{{0,10}}?(?:联络办公室|特派员公署|公署|部队|大使馆|总领事馆|领事馆|办事处|代表处)")
SITE_NAME_RE = re.compile(f"[{HAN}0-9A-Za-z]+")
ORG_NAME_CHARS_RE = re.compile(f"[{HAN}“”]+")
AREA_BEFORE_RE = re.compile(f"[{HAN}]{{2,6}}[区市县镇乡]$")
QUANTITY_START_RE = re.compile("[0-9一二两三四五六七八九十几多数这那该此各很全许]|部分|一些")  # 太仓市的|一家产业园区 names no site
# 据世界银行研究报告, 根据俄国防部消息: the source a figure is quoted from opens its clause (not 数据)
SOURCE_CUE_RE = re.compile("(?:^|[，。；：\n]|根)据$|当地$")  # 当地|书法家协会: "the local one", no part of the name
# after a country's name: one of China's peoples (朝鲜族, 蒙古族, 俄罗斯族) or a script (蒙古文、藏文)
PEOPLE_OR_SCRIPT_RE = re.compile("族(?!自治)|文(?:[、，。）和与等0-9一二三四五六七八九]|版|字)")
CAMPUS_RE = re.compile("院区|校区")
HAN_NAME_RE = re.compile(f"[{HAN}]+")
SHELTER_NAME_AFTER = set("的—。\n “（")
ORDINAL_NAME_RE = re.compile("第[一二三四五六七八九十]+")
ORDINAL_BEFORE_RE = re.compile("第[一二三四五六七八九十]+$")  # 山西|第一站: the first stop of a trip, no station
SCHOOL_HOSPITAL = {"学校", "中学", "小学", "大学", "学院", "医院", "人民医院", "中心医院", "纪念馆", "博物馆", "机场"}
# 在京, 来沪: the one-character names of the big cities after a verb of movement or location
HAN_CHAR_RE = re.compile(f"[{HAN}]")
# Bodies that begin a name of their own, never the unit of a body written before them (中共中央|国务院, 国家卫健委|国家疾控局)
STANDALONE_BODY_HEADS = ("国务院", "中共", "中央", "国家", "全国", "党中央")
TERM_ORDINAL_RE = re.compile("第[一二三四五六七八九十]{1,3}任")
# a department of a ministry or commission, named right after it where its head or spokesman follows
# (国家卫生健康委|医疗应急司|司长, 国家疾控局|监督一司|负责人): the department is a body of its own
DEPARTMENT_RE = re.compile(f"[{HAN}]{{2,10}}?司(?=副?司长|(?:有关|相关)?负责(?:人|同志))")
# the lists of lexicons/name_context.tsv
NAME_CONTEXT_LISTS = ("not_site_name", "not_site_name_pattern", "market_not_site", "generic_area", "not_in_name_chars",
                      "not_after_township_chars", "home_before_township_chars", "field_joined_suffix", "org_name_verb",
                      "verb_before_company", "day_before_ri_chars", "former_not_after_chars",
                      "foreign_city_not_after_chars", "utility_chars")
REPEATED_KINDS = ("site", "community")  # names the patterns read; the gazetteer's places are matched everywhere anyway
# Characters that end a name or a name-like run when scanning left from a suffix (得知|福源馆食品有限公司).
LEFT_STOP = set("的了在到对和与及或从向将把被为是有于由给让使对就以及等在这那其该该个各每，。、；：！？“”（）《》")


@dataclass(slots=True)  # hundreds per story: slots make them cheaper to build and to read
class Cand:
    start: int
    end: int
    label: str
    attrs: Dict[str, Any] = field(default_factory=dict)
    priority: int = 0

    @property
    def span(self) -> Tuple[int, int]:
        return self.start, self.end


def _follows_list_item(text: str, start: int, item_ends) -> bool:
    """Does the name at `start` follow another item of a 、-list (one of `item_ends`): 吉林市、|九台区党委?"""
    return start > 0 and text[start - 1] == "、" and (start - 1) in item_ends


def _readings(m) -> list:
    """The gazetteer's readings of a dictionary hit (its PLACE payloads' candidates)."""
    return [c for lab, a in m.payload if lab == "PLACE" for c in a["candidates"]]


def _place_readings(place) -> list:
    """The gazetteer's readings of a place met before a suffix: a dictionary hit's, or none for a site found by its
    suffix (the two kinds share `place_ends` in `_places`)."""
    return _readings(place) if hasattr(place, "payload") else []


def _foreign_city_written_out(text: str, m, readings, token_ends) -> bool:
    """奈良|市 as one token: a foreign short form followed by 市 names the city (domestic short forms need a
    word boundary: 重大理论 holds no 大理)."""
    return (text[m.end : m.end + 1] == "市" and (m.end + 1) in token_ends
            and not any(getattr(p, "domestic", True) for p in readings))


def _at_level(readings, level: str) -> bool:
    """Is one of these gazetteer readings at this level (country, city_foreign, …)?"""
    return any(getattr(p, "level", None) == level for p in readings)


def _has_level(c: Cand, level: str) -> bool:
    """Is one of the gazetteer's readings of the place `c` at this level?"""
    return _at_level(c.attrs.get("_cands") or (), level)


def _is_parent(parent: Cand, child: Cand) -> bool:
    """Does the gazetteer put `parent` above `child` (延安市 above 宝塔区)?"""
    names = {c.name for c in parent.attrs.get("_cands", ())}
    return any(names.intersection(c.path[:-1]) for c in child.attrs.get("_cands", ()))


def _cancelled(text: str, start: int) -> bool:
    """Is the measure at `start` one its clause lifts (取消…, 不再开展…)?"""
    clause = max(text.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    return CANCELLED_RE.search(text, clause, start) is not None


def _party_members(m, label: str, text: str) -> bool:
    """A party's name followed by 员/人 (优秀共产党员, 中国共产党人) names its members, not the party."""
    return label == "ORG" and m.key.endswith("党") and text[m.end : m.end + 1] in ("员", "人")


def _place_kind(m) -> str:
    """The kind a lexicon gives a place match (`place_extra.tsv`: natural, site…); admin for the gazetteer's places
    and for a place the ruler composed itself (a Cand, which carries no lexicon payload)."""
    return next((a.get("kind") for lab, a in getattr(m, "payload", ()) if lab == "PLACE" and a.get("kind")), "admin")


def ent_key(label: str, start: int, end: int) -> str:
    return f"{label}:{start}:{end}"


class EntityRuler(LexiconComponent):
    """Dictionary + pattern entity recognizer over characters."""

    def __init__(self, nlp: Language, name: str = "zh_entity_ruler", lexicon_dir: Optional[str] = None,
                 use_gazetteer: bool = True, with_dates: bool = True):
        self.nlp = nlp
        self.name = name
        self.use_gazetteer = use_gazetteer
        self.with_dates = with_dates
        self._load(Path(lexicon_dir) if lexicon_dir else None)

    # -- data ---------------------------------------------------------------
    lexicon_files = LEXICON_FILES

    def _build(self) -> None:
        if self.with_dates:
            from .date_entities import prepare

            prepare()
        lx = self.lexicons
        entries: List[Tuple[str, Any]] = []
        for row in lx["directives.tsv"]:
            attrs = {"canonical": row["canonical"] or row["term"], "category": row["category"] or "other"}
            if row.get("oxcgrt"):
                attrs["oxcgrt"] = row["oxcgrt"]
            if row.get("members"):
                attrs["members"] = row["members"].split("|")
            entries.append((row["term"], ("DIRECTIVE", attrs)))
        for row in lx["orgs.tsv"]:
            entries.append((row["name"], ("ORG", {"canonical": row["canonical"] or row["name"], "kind": row["kind"]})))
        self.roles = {r["role"]: r["standalone"] == "yes" for r in lx["title_roles.tsv"]}
        for role in self.roles:
            entries.append((role, ("ROLE", {})))
        for row in lx["title_qualifiers.tsv"]:
            entries.append((row["qualifier"], ("QUAL", {})))
        self.places = None
        if self.use_gazetteer:
            from .gazetteer import load_gazetteer

            self.places = load_gazetteer()
            for surface, cands in self.places.surface_forms().items():
                entries.append((surface, ("PLACE", {"candidates": cands})))
        for row in lx["place_extra.tsv"]:
            entries.append((row["name"], ("PLACE", {"candidates": [], "kind": row["kind"]})))
        self.matcher = CharMatcher(entries)
        # which surfaces can be a place or a party's name, decided once rather than per hit
        self._place_keys = frozenset(e for e, (label, _) in entries if label == "PLACE")
        self._party_keys = frozenset(e for e, (label, _) in entries if label == "ORG" and e.endswith("党"))
        translit = re.escape("".join(r["chars"] for r in lx["transliteration_chars.tsv"]))
        self.foreign_place_re = re.compile(f"([{translit}]+)(?:地区|州|市|省)")
        self.org_suffix_after_body = {r["suffix"] for r in lx["org_name_suffixes.tsv"] if r.get("after_body") == "yes"}
        self.org_suffix_shared = {r["suffix"] for r in lx["org_name_suffixes.tsv"] if r.get("shared") == "yes"}
        self.org_name_re = re.compile("|".join(sorted(map(re.escape, (r["suffix"] for r in lx["org_name_suffixes.tsv"])),
                                                      key=len, reverse=True)))
        self.org_name_finder = WordFinder(r["suffix"] for r in lx["org_name_suffixes.tsv"])
        org_suffixes = [r["suffix"] for r in lx["org_suffixes.tsv"]]
        place_suffixes = {r["suffix"]: r["kind"] for r in lx["place_suffixes.tsv"]}
        self.place_suffixes = place_suffixes
        self._build_name_context(lx["name_context.tsv"])
        self.place_stop = {r["word"] for r in lx["place_stopwords.tsv"]}
        self.place_stop_tail = {r["word"] for r in lx["place_stopwords.tsv"] if r.get("in_names") != "yes"}
        # 在京, 驻蓉, 访俄 (place_abbrevs.tsv); the lookbehind comes after the character so that re scans for the
        # character itself instead of trying every position
        self.place_abbrevs = {r["abbrev"]: r["place"] for r in lx["place_abbrevs.tsv"]}
        self._abbrev_readings = {}  # abbrev -> the gazetteer's reading of its place (its own name first), if any
        for abbrev, name in self.place_abbrevs.items():
            readings = self.places.candidates(name) if self.places is not None else []
            self._abbrev_readings[abbrev] = [p for p in readings if p.name == name][:1] or readings[:1]
        self.place_abbrev_re = re.compile("|".join(
            f"{re.escape(r['abbrev'])}(?<=[{re.escape(r['after'])}]{re.escape(r['abbrev'])})"
            + (f"(?![{re.escape(r['not_before'])}])" if r["not_before"] else "")
            for r in lx["place_abbrevs.tsv"]) or "(?!)")
        self.place_stop_finder = WordFinder(self.place_stop)
        self.site_left = [r["word"] for r in lx["site_left_words.tsv"]]
        self._site_left_last = frozenset(w[-1] for w in self.site_left)  # most positions end in none of them
        self.org_suffix_re = re.compile("|".join(sorted(map(re.escape, org_suffixes), key=len, reverse=True)))
        self._org_suffix_firsts = frozenset(x[0] for x in org_suffixes)  # tried after every place and body: most fail here
        self.place_suffix_finder = WordFinder(place_suffixes)
        # A country's one-character abbreviation before its army or a body: after no Chinese character (俄国防部,
        # 美国会), or after any for those marked `anywhere` (多个乌军指挥所, 在俄军的支援下).
        abbrev = "".join(r["abbrev"] for r in lx["country_abbrev.tsv"])
        anywhere = "".join(r["abbrev"] for r in lx["country_abbrev.tsv"] if r.get("anywhere") == "yes")
        self.country_body_res = ([re.compile(f"(?:(?<![{HAN}])|(?<=据))[{abbrev}](?:空天军|空军|海军|陆军|军方|军|国防部|外交部|政府|国会)")]
                                 if abbrev else []) + (
                                [re.compile(f"(?<=[{HAN}])[{anywhere}](?:空天军|空军|海军|陆军|军方|军)")] if anywhere else [])
        self.company_re = re.compile(f"(?P<name>[{HAN}A-Za-z0-9]{{2,14}}?)(?:{COMPANY_SUFFIX})")

    def _build_name_context(self, rows: List[Dict[str, str]]) -> None:
        """The word and character lists of `name_context.tsv` (what each list decides is said in the file)."""
        lists: Dict[str, List[str]] = {name: [] for name in NAME_CONTEXT_LISTS}
        for row in rows:
            if row["list"] not in lists:
                raise ValueError(f"name_context.tsv: unknown list {row['list']!r} (known: {', '.join(NAME_CONTEXT_LISTS)})")
            lists[row["list"]].append(row["entry"])

        def chars(name: str) -> frozenset:
            return frozenset("".join(lists[name]))

        self.not_site_name_re = re.compile("|".join([*map(re.escape, lists["not_site_name"]), *lists["not_site_name_pattern"]])
                                           or "(?!)")
        self.market_not_site_re = re.compile("|".join(map(re.escape, lists["market_not_site"])) or "(?!)")
        self.generic_area = frozenset(lists["generic_area"])
        self.not_in_name = chars("not_in_name_chars")
        self.not_after_township = chars("not_after_township_chars")
        self.home_before_township = chars("home_before_township_chars")
        self.field_joined_suffixes = frozenset(lists["field_joined_suffix"])
        self.org_name_verbs = tuple(lists["org_name_verb"])
        self.verbs_before_company = tuple(lists["verb_before_company"])  # in the file's order: a name is cut in turn
        self.day_before_ri = chars("day_before_ri_chars")
        self.former_not_after = chars("former_not_after_chars")
        self.foreign_city_not_after = chars("foreign_city_not_after_chars")
        self.utilities = chars("utility_chars")

    # -- the component ------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        cands: List[Cand] = []
        raw = list(self.matcher.iter_all(text))
        place_keys = self._place_keys
        places = [m for m in raw if m.key in place_keys]
        token_starts, token_ends = token_bounds(doc)
        self._token_starts = token_starts
        cands.extend(self._places(text, places, token_starts, token_ends))
        cands.extend(self._dictionary(raw, text))
        cands.extend(self._companies(text))
        cands.extend(self._periodicals(text))
        cands.extend(self._term_bodies(text))
        cands.extend(self._foreign_places(text, cands))
        cands.extend(self._party_centre(text))
        cands.extend(self._org_names(text, cands))
        cands.extend(self._directive_patterns(text))
        cands = self._compose(text, cands)
        if self.with_dates:
            cands.extend(self._dates(doc, text))
        final = _repeat_names(text, self._join_adjacent_bodies(text, self._resolve(cands)))
        party_keys = self._party_keys
        members = [(m.start, m.end) for m in raw if m.key in party_keys and _party_members(m, "ORG", text)]
        if members:  # 中国共产党人 names people: neither the party nor 中国 inside it is an entity
            final = [c for c in final if not any(s <= c.start and c.end <= e for s, e in members)]
        if CANCELLED_RE.search(text):  # most stories lift nothing: the check per measure is skipped
            final = [c for c in final if c.label != "DIRECTIVE" or not _cancelled(text, c.start)]
        self._context_paths(final)
        set_entities(doc, final)
        return doc

    def _dictionary(self, raw, text: str) -> List[Cand]:
        out = []
        for m in raw:
            for label, attrs in m.payload:
                if label == "ORG" and m.key.endswith("部") and text[m.end : m.end + 1] == "门":
                    continue  # 各级农业农村部门: a kind of department, not the ministry
                if _party_members(m, label, text):
                    continue
                if label in ("DIRECTIVE", "ORG"):
                    out.append(Cand(m.start, m.end, label, dict(attrs), priority=2))
                elif label == "ROLE" and text.startswith("国", m.end) and m.key.endswith("主席"):
                    continue  # 亚信主席国: the country that chairs, not an office
                elif label in ("ROLE", "QUAL"):
                    out.append(Cand(m.start, m.end, label, {}, priority=0))
        return out

    def _places(self, text: str, matches, token_starts=None, token_ends=None) -> List[Cand]:
        out = []
        # 绿水青山就是金山银山: a short form inside a word that names no place (place_stopwords.tsv) is none
        stopped = [(a, b) for a, b, _ in self.place_stop_finder.finditer(text)]
        for m in matches:
            cands = _readings(m)
            # A short form (大理, 长治, 海口) counts only as a word of its own: 重大理论 and 入海口 hold none.
            is_full_name = any(c.name == m.key for c in cands)
            if not is_full_name and stopped and any(a <= m.start and m.end <= b for a, b in stopped):
                continue
            if not is_full_name and token_starts is not None and (m.start not in token_starts or m.end not in token_ends
                                                                 and not _foreign_city_written_out(text, m, cands, token_ends)):
                continue
            if text[m.end : m.end + 1] in "族文" and PEOPLE_OR_SCRIPT_RE.match(text, m.end) and _at_level(cands, "country"):
                continue  # 王莉霞（女，蒙古族）, 朝鲜文、藏文: an ethnic group or a script, not the country
            kind = _place_kind(m)
            out.append(Cand(m.start, m.end, "PLACE", {"kind": kind, "_cands": cands}, priority=1))
        # Communities and sites: name + suffix (长春路街道, 森邻里小区, 十二马架子屯方舱隔离点, 行知学校).
        place_ends = {m.end: m for m in matches if m.end in (token_ends or {m.end})}
        reach: Dict[int, int] = {}  # the furthest end of a place accepted above starting at each offset
        for c in out:
            reach[c.start] = max(c.end, reach.get(c.start, 0))
        site_ends: set = set()
        # where a common noun that ends no name (place_stopwords.tsv, not in_names) starts, by its end
        tail_stop_starts = {b: a for a, b in stopped if text[a:b] in self.place_stop_tail}
        not_in_name, not_site_name = self.not_in_name, self.not_site_name_re.search
        suffix_hits = self.place_suffix_finder.finditer(text)
        # the scan resumes where a hit ends, so a suffix that starts right there is the next hit
        suffix_starts = {s for s, _, _ in suffix_hits}
        for start, end, suffix in suffix_hits:
            kind = self.place_suffixes[suffix]
            if text.startswith("民", end) and suffix in ("村", "镇", "屯"):
                continue  # 受灾村民, 全镇民众: the people of a place, not a place named by its suffix
            if suffix == "乡" and (text[start - 1 : start] in self.home_before_township or text[end : end + 1] in self.not_after_township):
                continue  # 人员回乡, 返乡, 下乡, 家乡: going home or the countryside; 数字乡村, 老区乡亲: no township
            if suffix == "市场" and self.market_not_site_re.match(text, end):
                continue
            if tail_stop_starts.get(end, start) < start:
                continue  # 中央农村工作会议, 广大农村: a common noun of place_stopwords.tsv ends here, no name can hold it
            if suffix == "中学" and text.startswith("习", end):
                continue  # 在生产生活中|学习: learning in something, no middle school
            if suffix == "站" and ORDINAL_BEFORE_RE.search(text, max(0, start - 4), start):
                continue  # 到山西第一站: a stop of a trip; 福岛第一核电站 ends in 核电站, its name may hold an ordinal
            known = place_ends.get(end)
            if known is not None and known.start < start and (known.start in place_ends or suffix == "港"):
                # 江西|萍乡: the suffix ends a place the gazetteer knows right after another, not a new name (江西萍|乡);
                # 支援|香港, 至|连云港: nor does the 港 of a known place end a port's name (长野县白马村 holds 马村 and stays)
                continue
            if kind in ("area", "area_site"):  # 长江|流域, 台湾|地区, 平遥|古城: only right after a place, never after a guessed name
                if start in place_ends:
                    out.append(Cand(place_ends[start].start, end, "PLACE", {"kind": "admin" if kind == "area" else "site"}, priority=1))
                    site_ends.add(end)
                continue
            # A suffix right after a place names a site or area of that place: 九台区医院, 九台一中, 净月高新技术产业开发区.
            if (start in place_ends and kind in ("site", "admin") and suffix not in ("站", "港", "市场")
                    and not (suffix in SCHOOL_HOSPITAL and start - place_ends[start].start >= 2
                             and _at_level(_place_readings(place_ends[start]), "country"))):
                # (美国|小学最严重的枪击事件: a country before a generic school is where it is, no name)
                out.append(Cand(place_ends[start].start, end, "PLACE", {"kind": kind}, priority=1))
                site_ends.add(end)
                continue
            if suffix in ("村", "屯") and ((start - 1) in site_ends or (start - 1) in place_ends) and text[start - 2 : start - 1] in ("镇", "乡", "县"):
                # 僧念镇|段村, 师庄乡|冯村, 安吉县|余村: a village of one character right after its town or county
                out.append(Cand(start - 1, end, "PLACE", {"kind": kind}, priority=1))
                site_ends.add(end)
                continue
            # Shortest acceptable name first: 船营区|森邻里小区 is 森邻里小区 after the PLACE 船营区.
            for i in range(start - 2, max(-1, start - 9), -1):
                name = text[i:start]
                if not SITE_NAME_RE.fullmatch(name) or any(ch in not_in_name for ch in name) or not_site_name(name):
                    continue
                if suffix == "港" and any(ch in "出供运送进口" for ch in name):
                    break  # 文锦渡口岸出口供港: a clause ending in 港 (Hong Kong), not a port's name
                if any(suf in name for suf in ("街道", "社区", "小区")):
                    continue  # 大东街道吉源社区 is two places; the name of 吉源社区 starts after 街道
                if any(reach.get(k, 0) > end for k in range(i + 1, end)):
                    break  # 青年融入|粤港|澳大湾区: a known place runs on past the suffix, which is part of it
                if token_starts is not None and i not in token_starts:
                    continue
                if name.startswith(("地区", "重镇")):
                    continue  # 顿涅茨克|地区索列达尔附近火车站, 顿涅茨克|战略重镇: a place's own word, no site's name
                left_ok = self._left_ok(text, i, place_ends, site_ends) or (
                    # 正在建设的|青衣方舱医院, 运行46天的|临港方舱医院, 项目之一——|青衣方舱医院: a shelter hospital's own name
                    # after 的 or at a sentence's start (a comma is left out: ，确保|方舱医院, ，能建|方舱医院)
                    suffix == "方舱医院" and text[i - 1 : i] in SHELTER_NAME_AFTER and not QUANTITY_START_RE.match(text, i))
                if not left_ok or text[i : end] in self.place_stop:
                    continue
                if kind == "site" and end in suffix_starts:
                    break  # 中央公园|小区: the site is part of a community's name, matched at that suffix
                # A site named after the river or lake it stands on includes it (瓯江|北口大桥, 大渡河|得妥大桥);
                # one numbered after a foreign place does too (福岛|第一核电站; 吉林市|第四方舱医院 stays two, SPEC).
                before = place_ends.get(i)
                readings = _place_readings(before) if before is not None else []
                if readings and ORDINAL_NAME_RE.fullmatch(name) and not any(p.domestic for p in readings):
                    i = before.start
                if kind == "site" and before is not None and _place_kind(before) == "natural":
                    i = before.start
                # A short site name keeps the district in front of it (九台区行知学校), as SPEC writes it; a university
                # keeps its place whatever the length (华北|水利水电大学, 北京|交通大学), but not a foreign country in
                # front of it (美国|密歇根大学: the country says where it is, the name does not hold it). An academy
                # (…科学院) is a body, not a school: left as it was.
                if suffix in SCHOOL_HOSPITAL and (start - i <= 2 or suffix in ("大学", "学院") and text[start - 1] != "科"
                                                       or suffix in ("纪念馆", "博物馆") and text.endswith("中国", 0, i)):
                    # (中国|人民抗日战争纪念馆 keeps its country; 中国|农业科学院 is an academy, left as it was)
                    for m in matches:
                        if m.end == i:
                            if start - i <= 2 or m.key == "中国" or not _at_level(_readings(m), "country"):
                                i = m.start
                            break
                out.append(Cand(i, end, "PLACE", {"kind": kind}, priority=1))
                site_ends.add(end)
                place_ends[end] = out[-1]
                break
        # a campus is part of its school's or hospital's name: 延安中学|枣园校区, 瑞金医院|北部院区, 澳门大学|横琴校区
        if "院区" in text or "校区" in text:
            by_end = {c.end: c for c in out if c.label == "PLACE" and c.attrs.get("kind") == "site"}
            for m in CAMPUS_RE.finditer(text):
                site = next((by_end[j] for j in range(m.start() - 1, m.start() - 5, -1)
                             if j in by_end and HAN_NAME_RE.fullmatch(text, j, m.start())), None)
                if site is not None:
                    out.append(Cand(site.start, m.end(), "PLACE", {"kind": "site"}, priority=1))
        for m in self.place_abbrev_re.finditer(text):
            attrs = {"kind": "admin", "canonical": self.place_abbrevs[m.group(0)]}
            if self._abbrev_readings[m.group(0)]:
                attrs["_cands"] = list(self._abbrev_readings[m.group(0)])
            out.append(Cand(m.start(), m.end(), "PLACE", attrs, priority=1))
        return out

    def _after_site_left(self, text: str, i: int) -> bool:
        """Does a word of site_left_words.tsv (来到, 前往, …) end right before i?"""
        return i > 0 and text[i - 1] in self._site_left_last and any(text.endswith(w, 0, i) for w in self.site_left)

    def _left_ok(self, text: str, i: int, place_ends, site_ends) -> bool:
        """Is position i a plausible start of a proper name (of a site, community or organisation)?"""
        if i in place_ends or self._after_site_left(text, i):
            return True
        if i > 0 and text[i - 1] in "和与及、" and i - 1 in site_ends:
            return True
        if i > 0 and text[i - 1] == "的" and i - 1 in place_ends and not QUANTITY_START_RE.match(text, i):
            return True  # 济宁市任城区的|南张街道: a community of the place named before it
        # right after an administrative name that the gazetteer does not hold as such: 高新区|天鸿水岸馨都小区
        m = AREA_BEFORE_RE.search(text[max(0, i - 7) : i])
        return bool(m) and text[i - 2 : i] not in self.generic_area

    def _org_names(self, text: str, cands: List[Cand]) -> List[Cand]:
        """Bodies named by a suffix (外事委员会, 吉林广播电视台); an ORG right before one is part of it."""
        ends: Dict[int, Cand] = {}
        for c in cands:  # the longest body or place ending at each offset (全国人大常委会, not its tail 常委会)
            if c.label in ("ORG", "PLACE") and (c.end not in ends or c.start < ends[c.end].start):
                ends[c.end] = c
        out: List[Cand] = []
        made: Dict[int, Cand] = {}  # bodies named by this loop, by end: a suffix right after one names its unit
        for start, end, suffix in self.org_name_finder.finditer(text):
            if start in ends or start in made:  # 全国人大|民族委员会, 吉林|广播电视台
                body = ends.get(start) or made[start]
                if suffix in self.org_suffix_shared and _follows_list_item(text, body.start, ends):
                    continue  # 最高人民法院、最高人民检察院党组: the 党组 is shared by the list of bodies
                out.append(Cand(body.start, end, "ORG", {"kind": "body"}, priority=2))
                continue
            if suffix in self.org_suffix_after_body:
                continue
            if suffix == "总会" and (text.startswith("计", end) or not HAN_CHAR_RE.match(text, start - 1)):
                continue  # 中粮集团原|总会计师: an accountant; “…养殖产业”|总会同时出现: "always", no union
            if suffix == "日报" and text.startswith("告", end):
                continue  # 实行日报告制度: a daily report, no newspaper
            if suffix[0] == "日" and text[start - 1 : start] in self.day_before_ri:
                continue  # 美国媒体近日|报道: the 日 of a date word (近日, 今日) begins no newspaper's name
            for i in range(start - 1, max(-1, start - 10), -1):
                name = text[i:start]
                # 和/与 join words inside a body's name (监察和司法委员会), but never start it
                inner = name.strip("“”").replace("和", "").replace("与", "")
                if inner.startswith("全国") and len(inner) > 3:
                    inner = inner[2:]  # 全国打击侵权假冒工作领导小组 opens with 全国; 全国政|协会同, 全国|法院 are no names
                if (not ORG_NAME_CHARS_RE.fullmatch(name) or any(ch in self.not_in_name for ch in inner) or name.startswith("关于")
                        or name.startswith("依托")):  # 深圳市|依托|邮政管理局: relying on a body
                    break  # (最高人民法院|关于四级法院…: a report's subject, not a body's name)
                if name[0] in "和与":
                    suffix_before = any(m.end() == i for m in self.org_name_re.finditer(text, max(0, i - 6), i))
                    if i not in ends and (suffix == "委员会" or suffix in self.field_joined_suffixes and not suffix_before):
                        # 农业|与农村委员会, 监察|和司法委员会, 中国物流|与采购联合会: a name joins its fields with 和/与
                        continue
                    if start - i > 2 and not QUANTITY_START_RE.match(text, i + 1) and (i in ends or suffix_before):
                        # 美国儿科学会和|儿童医院协会, 联合国和|红十字国际委员会: the second of two bodies
                        out.append(Cand(i + 1, end, "ORG", {"kind": "body"}, priority=2))
                    break
                if (i == 0 or text[i - 1] in "、，。；：（\n" or i in ends or self._after_site_left(text, i)
                        or SOURCE_CUE_RE.search(text, max(0, i - 3), i)):
                    if name.startswith(self.org_name_verbs):
                        break  # ，引导|银行加强主动服务, 激励|商业银行: a clause that starts with a verb, no body's name
                    if start - i >= 2 or i in ends:  # 土耳其|大|国民议会
                        # 全国人大|民族委员会, 美国|国会众议院: the body before or the country before is part of the name
                        begin = ends[i].start if i in ends else i
                        out.append(Cand(begin, end, "ORG", {"kind": "body"}, priority=2))
                        made[end] = out[-1]  # 北京冬奥运行指挥部|调度中心: a unit of the body just named
                    break
        if "司" in text:
            for c in cands:
                m = DEPARTMENT_RE.match(text, c.end) if c.label == "ORG" else None
                if m and not any(ch in self.not_in_name for ch in m.group(0)):
                    out.append(Cand(c.start, m.end(), "ORG", {"kind": "body"}, priority=2))
        for pattern in self.country_body_res:  # 俄军, 乌军, 俄国防部, 美国会
            for m in pattern.finditer(text):
                out.append(Cand(m.start(), m.end(), "ORG", {"kind": "state"}, priority=2))
        return out

    def _foreign_places(self, text: str, cands: List[Cand]) -> List[Cand]:
        """A transliterated name with an administrative suffix: 哈尔科夫州, 埃涅尔戈达尔市, 顿巴斯地区."""
        out = []
        for m in self.foreign_place_re.finditer(text):
            start = m.start()
            if text[start] == "于" and text[start - 1 : start] in ("位", "关", "由", "对", "至", "等"):
                start += 1  # 位于|埃涅尔戈达尔市: 于 ends the verb
            elif text[start] == "得":
                start += 1  # 取得|哈尔科夫州: 得 (of 彼得罗夫斯克) never opens a name
            # 俄|罗斯|罗斯托夫州: the run starts inside a known place (俄罗斯), the new name after it
            start = max([start] + [c.end for c in cands if c.label == "PLACE" and c.start < start < c.end < m.end(1)])
            if m.end(1) - start >= 3:
                out.append(Cand(start, m.end(), "PLACE", {"kind": "admin", "foreign": True}, priority=1))
        for c in cands:
            if c.label != "PLACE" or text[c.end + 1 : c.end + 2] == "长":
                continue
            nxt = text[c.end : c.end + 1]
            if nxt in ("州", "县") and _has_level(c, "city_foreign"):
                out.append(Cand(c.start, c.end + 1, "PLACE", {"kind": "admin", "foreign": True}, priority=1))
            elif (nxt == "市" and text[c.end + 1 : c.end + 2] not in self.foreign_city_not_after
                  and (_has_level(c, "city_foreign") or _has_level(c, "state"))):
                # 纽约|市, 奈良|市: the city named with its suffix (纽约市民, 纽约市政府 are not the place)
                out.append(Cand(c.start, c.end + 1, "PLACE", {"kind": "admin", "foreign": True}, priority=1))
        return out

    def _party_centre(self, text: str) -> List[Cand]:
        """吃透中央精神, 符合中央关于…, 中央人大工作会议, 中央西藏工作座谈会, 十九届中央第八轮巡视: 中央 names the party centre."""
        return [Cand(m.start(), m.end(), "ORG", {"canonical": "中共中央", "kind": "party"}, priority=2)
                for m in PARTY_CENTRE_RE.finditer(text)]

    def _directive_patterns(self, text: str) -> List[Cand]:
        out = [Cand(m.start(), m.end(), "DIRECTIVE", {"canonical": m.group(0), "category": "other", "pattern": "应X尽X"})
               for m in YING_JIN_RE.finditer(text)]
        out += [Cand(m.start(), m.end(), "DIRECTIVE", {"canonical": m.group(0), "category": "other", "pattern": "一X一策"})
                for m in ONE_EACH_RE.finditer(text)]
        out += [Cand(m.start(), m.end(), "DIRECTIVE", {"canonical": m.group(0), "category": "other", "pattern": "免征X税"})
                for m in TAX_EXEMPTION_RE.finditer(text)] if "免征" in text else []
        # a quoted campaign: “敲门行动”“扫地行动”
        out += [Cand(m.start(1), m.end(1), "DIRECTIVE", {"canonical": m.group(1), "category": "other", "pattern": "“X行动”"})
                for m in QUOTED_ACTION_RE.finditer(text)]
        out += [Cand(m.start(1), m.end(1), "DIRECTIVE", {"canonical": m.group(1), "category": "other", "pattern": "“X”行动"})
                for m in QUOTED_NAME_ACTION_RE.finditer(text)] if "”" in text else []
        # a numbered package or edition of rules: “二十条措施”, 优化调整疫情防控二十条措施, 第九版防控方案
        out += [Cand(m.start(), m.end(), "DIRECTIVE", {"canonical": m.group(0), "category": "other", "pattern": "numbered"})
                for m in NUMBERED_MEASURES_RE.finditer(text)]
        out += [Cand(m.start(1), m.end(1), "DIRECTIVE", {"canonical": m.group(1), "category": "other", "pattern": "X级应急响应"})
                for m in RESPONSE_LEVEL_RE.finditer(text)]
        for m in NAMED_RULE_RE.finditer(text):
            span = m.span(1)
            while span:
                name = text[span[0] : span[1]]
                if any(ch in NOT_IN_RULE_NAME for ch in name):
                    break  # 工资保证金等制度, 首诊负责制和…制度: a list or a phrase, not one rule's name
                out.append(Cand(span[0], span[1], "DIRECTIVE", {"canonical": name, "category": "other", "pattern": "X制度"}))
                nxt = NAMED_RULE_NEXT_RE.match(text, span[1])
                span = nxt.span(1) if nxt else None
        # the early-X list: 早发现、早报告、早隔离、早治疗 (three or more items)
        for m in EARLY_LIST_RE.finditer(text):
            for item in re.finditer("早[\u4e00-\u9fff]{2}", m.group(0)):
                out.append(Cand(m.start() + item.start(), m.start() + item.end(), "DIRECTIVE",
                                {"canonical": item.group(0), "category": "prevention", "pattern": "早X"}))
        return out

    def _periodicals(self, text: str) -> List[Cand]:
        """《美国医学会杂志》, 《经济日报》, 《自然》杂志: a periodical named in title marks is an organisation (a media outlet)."""
        if "《" not in text:
            return []
        # 《自然》杂志: a title that says what it is after its marks
        return [Cand(m.start(g), m.end(g), "ORG", {"kind": "media"}, priority=1)
                for m in PERIODICAL_RE.finditer(text) for g in (1, 2) if m.group(g)]

    def _term_bodies(self, text: str) -> List[Cand]:
        """政协第十三届全国委员会, 全国政协十三届常委会, 学习贯彻党的二十大精神中央宣讲团: bodies named by term or mission."""
        if "届" not in text and "宣讲团" not in text:  # every alternative of TERM_BODY_RE holds one of the two
            return []
        out = []
        for m in TERM_BODY_RE.finditer(text):
            start = m.start()
            sar = SAR_RE.match(text, start)
            if sar and text[start - 1 : start] == "、" and SAR_RE.search(text, max(0, start - 8), start - 1):
                start = sar.end()  # 香港特别行政区、澳门特别行政区|第十四届…: the SARs of a list stay places (SPEC §4)
            out.append(Cand(start, m.end(), "ORG", {"kind": "party" if m.group(0).endswith("宣讲团") else "state"}, priority=2))
        return out

    def _company_matches(self, text: str) -> Iterator["re.Match[str]"]:
        """`company_re.finditer(text)`, tried only where a suffix starts within reach.

        A name of 2 to 14 characters ends at the first suffix after it, so a match can start only in the 13
        positions before the next place a suffix starts; `finditer` would try the lazy name at every character."""
        pos = 0
        while True:
            nxt = COMPANY_SUFFIX_START_RE.search(text, pos + 2)
            if nxt is None:
                return
            q = nxt.start()
            m = next(filter(None, (self.company_re.match(text, p) for p in range(max(pos, q - 14), q - 1))), None)
            if m is None:
                pos = q - 1  # a match starting at q - 1 or later needs a suffix after q
            else:
                yield m
                pos = m.end()

    def _companies(self, text: str) -> List[Cand]:
        out = []
        if "公司" not in text and "集团" not in text:
            return out  # every suffix of company_re holds one of the two; most stories name no company
        for m in self._company_matches(text):
            s = m.start()
            # Start after the last stop character inside the name (得知福源馆食品有限公司 -> 福源馆食品有限公司).
            name = m.group("name")
            cut = max((k + 1 for k, ch in enumerate(name) if ch in LEFT_STOP or ch in "知悉称说"), default=0)
            for w in (*self.site_left, *self.verbs_before_company):  # 前往|山西百信信息技术有限公司
                k = name.find(w, cut)
                if k >= 0 and k + len(w) < len(name) - 1:
                    cut = max(cut, k + len(w))
            if m.end() - (s + cut) >= 4:
                out.append(Cand(s + cut, m.end(), "ORG", {"kind": "company"}, priority=1))
        return out

    def _compose(self, text: str, cands: List[Cand]) -> List[Cand]:
        """PLACE/ORG + org suffix -> ORG; (ORG|PLACE|QUAL)* + ROLE -> TITLE."""
        ends: Dict[int, List[Cand]] = {}
        for c in cands:
            ends.setdefault(c.end, []).append(c)
        out = list(cands)

        def add(c: Cand) -> None:
            """A composed candidate, which later compositions may build on (a title after a composed body)."""
            out.append(c)
            ends.setdefault(c.end, []).append(c)
        # ORG = PLACE + suffix (长春市委, 朝阳区委区政府, 九台区疫情防控指挥部, 吉林工作组): the suffix is tried right at
        # each place's end, so 朝阳区|委区政府 is found even though 区委区政府 would also match one character earlier.
        place_end_set = {c.end for c in cands if c.label == "PLACE"}
        org_end_set = {c.end for c in cands if c.label == "ORG"}
        org_starts = {}
        for c in cands:
            if c.label == "ORG":
                org_starts.setdefault(c.start, []).append(c)
        for p in [c for c in cands if c.label == "PLACE" and c.end in org_starts]:
            # 中国|全国人大, 俄罗斯|国防部: a place written right before a body is part of the body's name
            if _follows_list_item(text, p.start, place_end_set):
                continue  # 通化市、梅河口|市委主要负责同志: the body is shared by a list of places (SPEC §4)
            if not _has_level(p, "country"):
                continue  # 纽约|联合国总部: a city before an international body is where it is, not its name
            for o in org_starts[p.end]:
                if o.attrs.get("kind") in ("academic", "international"):
                    # 美国|约翰斯·霍普金斯大学, 中国|东盟自贸区: neither a university's nor an international body's name
                    # holds a country
                    continue
                add(Cand(p.start, o.end, "ORG", dict(o.attrs, place=text[p.start:p.end]), priority=2))
        # 中国共产党第二十次全国代表大会主席团 is a body; the congress itself is an event (召开…), its party the ORG
        for o in [c for c in cands if c.label == "ORG"]:
            m = CONGRESS_RE.match(text, o.end) if text[o.end : o.end + 1] in CONGRESS_FIRST else None
            if m:
                add(Cand(o.start, m.end(), "ORG", {"kind": o.attrs.get("kind", "party")}, priority=2))
        # 中央政府驻香港联络办公室, 外交部驻香港特派员公署, 中国人民解放军驻香港部队: a body's mission in a place
        places_at = {c.start: c for c in cands if c.label == "PLACE"}
        # (a country's own mission: 中国驻日本大使馆)
        for o in cands:
            if text[o.end : o.end + 1] != "驻" or (o.end + 1) not in places_at:
                continue
            if not (o.label == "ORG" or o.label == "PLACE" and _has_level(o, "country")):
                continue
            m = STATIONED_RE.match(text, places_at[o.end + 1].end)
            if m:
                add(Cand(o.start, m.end(), "ORG", {"kind": o.attrs.get("kind", "state")}, priority=2))
        for c in [c for c in cands if c.label == "ORG" and text[c.start : c.end] == "中共"]:
            for o in org_starts.get(c.end, []):  # 中共|全国人大常委会党组
                add(Cand(c.start, o.end, "ORG", dict(o.attrs), priority=2))
        places_by_end = {c.end: c for c in cands if c.label == "PLACE"}
        shared_places: List[Cand] = []
        for p in [c for c in cands if c.label in ("PLACE", "ORG")]:
            m = self.org_suffix_re.match(text, p.end) if text[p.end : p.end + 1] in self._org_suffix_firsts else None
            if m and p.label == "ORG" and m.group(0).startswith("委"):
                m = None  # 全国人大常委会|委托: the bare 委 of 朝阳区委 only follows a place
            if m and text[p.start : p.end] == "中央" and text.startswith(("工作会议", "工作座谈会"), m.end()):
                m = None  # 中央|政协工作会议: the centre's meeting on CPPCC work, not a body 中央政协
            # 吉林市、九台区党委主要负责同志: the body word is shared by a list of places, which stay places (SPEC §4).
            # 最高人民法院、最高人民检察院党组: likewise for a list of bodies.
            shared = (_follows_list_item(text, p.start, place_end_set)
                      or p.label == "ORG" and _follows_list_item(text, p.start, org_end_set))
            if m and not shared:
                start = p.start
                while p.label == "PLACE" and (parent := places_by_end.get(start)) is not None and _is_parent(parent, p):
                    start, p = parent.start, parent  # 延安市|宝塔区消防救援大队: the ORG takes the places of its name
                add(Cand(start, m.end(), "ORG", {"kind": "government", "place": text[start:p.end]}, priority=2))
            elif m and p.label == "PLACE":
                shared_places.append(p)
        if shared_places:  # 河北省、…、陕西|省政府负责同志: the lexicon's generic 省政府 must not cut the last place short
            out[:] = [c for c in out if not (c.label == "ORG" and any(p.start < c.start < p.end < c.end for p in shared_places))]
        # TITLE = qualifier chain + role (the longest role at each start; 常委会 and 委员会 are bodies, not roles)
        roles_at: Dict[int, Cand] = {}
        for c in out:
            if c.label == "ROLE" and (c.start not in roles_at or c.end > roles_at[c.start].end):
                roles_at[c.start] = c
        for c in list(roles_at.values()):
            nxt = text[c.end : c.end + 1]
            if nxt == "会" or nxt == "长" and text[c.start:c.end].endswith("委员") or nxt in "国单" and text[c.start:c.end] == "成员":
                del roles_at[c.start]  # 常委会, 委员长, 成员国 and 成员单位 are not roles
        for m in TERM_ORDINAL_RE.finditer(text):  # 香港特别行政区|第六任|行政长官
            ends.setdefault(m.end(), []).append(Cand(m.start(), m.end(), "QUAL"))
        for c in roles_at.values():  # 日本|前|首相, 安倍晋三|前|首相: a former office (日前, 此前 are one token)
            if text[c.start - 1 : c.start] == "前" and text[c.start - 2 : c.start - 1] not in self.former_not_after:
                ends.setdefault(c.start, []).append(Cand(c.start - 1, c.start, "QUAL"))
        for c in sorted(roles_at.values(), key=lambda c: c.start):  # in text order: a chain's titles come first
            start = c.start
            pos = c.start
            while True:
                # a one-character qualifier counts only as a word of its own; a one-character place (在京|中共中央…)
                # never does
                quals = [q for q in ends.get(pos, []) if q.label in ("ORG", "PLACE", "QUAL", "TITLE")
                         and not (q.end - q.start == 1 and (q.label == "PLACE" or q.label == "QUAL" and q.start not in self._token_starts))]
                if not quals:
                    break
                q = min(quals, key=lambda q: q.start)
                start = pos = q.start
            # 教育部党组书记、部长怀进鹏, 全国政协副主席兼秘书长李斌: a bare role continuing a chain of titles takes
            # the qualifier of the title before it, so it is a TITLE when a name follows.
            chained = (text[c.start - 1 : c.start] in ("、", "兼") and HAN_CHAR_RE.match(text, c.end) is not None
                       and any(q.label == "TITLE" for q in ends.get(c.start - 1, [])))
            if start == c.start and not self.roles.get(text[c.start:c.end], False) and not chained:
                continue
            add(Cand(start, c.end, "TITLE", {"role": text[c.start:c.end]}, priority=3))
        final = []
        group_ends = set()  # 部分中共中央政治局委员、中央书记处书记: a list that opens with a group goes on with groups
        for c in sorted(out, key=lambda c: c.start):
            if c.label in ("ROLE", "QUAL"):
                continue
            # 十三届全国人大常委会, 第十三届全国政协副秘书长: the session belongs to the name (a member's seat, …中央纪律检查委员会
            # 委员, keeps the session with its body, which wins)
            if c.label == "ORG" or c.label == "TITLE" and not c.attrs.get("role", "").endswith("委员"):
                sm = SESSION_RE.search(text, max(0, c.start - 4), c.start) if text[c.start - 1 : c.start] == "届" else None
                if sm:
                    c = Cand(sm.start(), c.end, c.label, c.attrs, c.priority)
            if c.label == "TITLE" and (self._group_title(text, c) or text[c.start - 1 : c.start] == "、" and c.start - 1 in group_ends):
                if text.endswith("部分", 0, c.start) or c.start - 1 in group_ends:
                    group_ends.add(c.end)
                continue
            if c.label == "PLACE" and text.endswith("发展", 0, c.start) and text.startswith("家", c.end):
                continue  # 发展|中国|家: the word 发展中国家 (developing countries) holds no 中国
            if c.label == "DIRECTIVE" and text[c.start - 1 : c.start] == "不":
                continue  # 确保工厂、工地不停工: a measure negated is not ordered
            if c.label == "DIRECTIVE" and text[c.start : c.end] == "保供" and (
                    text[c.end : c.end + 1] in self.utilities or text[c.start - 1 : c.start] == "确"):
                continue  # 抗旱保供水, 保供电: a utility's supply, an aim rather than the measure; 确|保供|应: no 保供 at all
            final.append(c)
        return final

    @staticmethod
    def _join_adjacent_bodies(text: str, final: List[Cand]) -> List[Cand]:
        """An organisation written right after another is its unit: 全国人大|宪法和法律委员会, 中国科学院|大连化学物理研究所,
        长春市公安局|九台分局合成作战指挥中心, 中央纪委|常委会 are one body each, as SPEC writes them.  Two bodies of
        equal rank written together without a separator (中共中央|国务院, 国家卫健委|国家疾控局) stay two."""
        orgs_at = {c.start: c for c in final if c.label == "ORG"}
        joined, drop = [], set()
        for c in sorted((c for c in final if c.label == "ORG"), key=lambda c: c.start):
            if id(c) in drop or c.attrs.get("kind") == "international":
                continue
            end, attrs, nxt = c.end, c.attrs, orgs_at.get(c.end)
            while nxt is not None and not text.startswith(STANDALONE_BODY_HEADS, nxt.start):
                drop.update((id(c), id(nxt)))
                end, attrs = nxt.end, nxt.attrs
                nxt = orgs_at.get(end)
            if end != c.end:
                joined.append(Cand(c.start, end, "ORG", {k: v for k, v in attrs.items() if k not in ("canonical", "place")},
                                   c.priority))
        return [c for c in final if id(c) not in drop] + joined if joined else final

    @staticmethod
    def _group_title(text: str, c: Cand) -> bool:
        """A title used for a group or inside a meeting's name holds no specific person: 省委常委同志, 委员长会议."""
        after = text[c.end : c.end + 2]
        before = text[max(0, c.start - 2) : c.start]
        # 中央纪律检查委员会委员候选人名单, 中央委员、候补中央委员: a category of members, not one person's office
        if after in ("候选", "名单", "人选") or text.startswith(("、候补", "和候补"), c.end):
            return True
        if text[c.start : c.end].endswith("委员") and re.match("[、和][^，。；]{0,16}候补", text[c.end : c.end + 20]):
            return True  # 中央委员、中央纪委委员和候补中央委员: membership listed beside its alternates
        if c.attrs.get("role") == "委员" and text.endswith(("政协", "全国委员会"), c.start, c.end - 2):
            return True  # 全国政协委员, 政协第十三届全国委员会委员: a member of the CPPCC, the body is the ORG (GUIDELINES)
        if c.attrs.get("role") == "成员" and text.startswith(("，各", "，有关", "，相关"), c.end):
            return True  # 中央农村工作领导小组成员，各省…负责同志出席: the group's members, no one person
        return (after in ("同志", "会议", "分别") or after[:1] == "们"
                or before.endswith(("有关", "各", "相关", "各位", "两国", "各国", "候补", "部分"))
                or (before[-1:] == "名" and re.search("[0-9一二三四五六七八九十百千]名$", text[max(0, c.start - 6) : c.start]) is not None))

    def _dates(self, doc: Doc, text: Optional[str] = None) -> List[Cand]:
        from .date_entities import find_dates

        src = doc._.source or {}
        d = parse_date_value(src.get("date")) if src.get("date") and "X" not in str(src.get("date")) else None
        if d is None and src.get("date"):
            m = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", str(src["date"]))
            d = PartialDate(None, int(m.group(1)), int(m.group(2))) if m else None
        out = []
        for m in find_dates(doc.text if text is None else text, d):
            attrs = {"value": m.value}
            if getattr(m, "part_of_day", None):
                attrs["part_of_day"] = m.part_of_day
            out.append(Cand(m.start, m.end, "DATE", attrs, priority=4))
        return out

    def _resolve(self, cands: List[Cand]) -> List[Cand]:
        spans = [(c.start, c.end, c) for c in cands]
        kept = select_longest(spans, priority=lambda s: s[2].priority)
        return [c for _, _, c in kept]

    def _context_paths(self, final: List[Cand]) -> None:
        """admin_path for places, choosing between same-name places with the document's other places."""
        if self.places is None:
            for c in final:
                c.attrs.pop("_cands", None)
                c.attrs.pop("_site", None)
            return
        unambiguous = [c.attrs["_cands"][0].path for c in final if c.label == "PLACE" and len(c.attrs.get("_cands", [])) == 1]
        for c in final:
            if c.label != "PLACE":
                continue
            cands = c.attrs.pop("_cands", None)
            c.attrs.pop("_site", None)
            if cands:
                place = self.places.resolve_among(cands, unambiguous) if hasattr(self.places, "resolve_among") else (
                    cands[0] if len(cands) == 1 else None)
                if place is not None:
                    c.attrs["admin_path"] = list(place.path)
                    c.attrs["canonical"] = place.name
                    c.attrs["level"] = place.level

    # -- serialization: LexiconComponent.to_disk/from_disk --------------------
    def _cfg(self) -> Dict[str, Any]:
        return {"use_gazetteer": self.use_gazetteer, "with_dates": self.with_dates}

    def _set_cfg(self, cfg: Dict[str, Any]) -> None:
        self.use_gazetteer = cfg.get("use_gazetteer", self.use_gazetteer)
        self.with_dates = cfg.get("with_dates", self.with_dates)


def _repeat_names(text: str, final: List[Cand]) -> List[Cand]:
    """A community or site the patterns found once is the same place wherever else the story writes its name.

    The patterns need a left context (来到, a district before the name) that a second mention seldom has:
    来到杨家岭革命旧址 … 在杨家岭革命旧址期间.  Only exact repeats of names of three characters or more; a
    repeat that crosses another candidate's boundary is left alone, one that covers shorter candidates
    (a district inside the site's name) replaces them.
    """
    names = {}
    for c in final:
        if c.label == "PLACE" and c.end - c.start >= 3 and c.attrs.get("kind") in REPEATED_KINDS:
            name = text[c.start : c.end]
            if name not in names and text.count(name) > 1:
                names[name] = c  # only names written more than once need the work below
    if not names:
        return final
    by_start = sorted(final, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    dropped, added = set(), []
    for name, first in names.items():
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            i = bisect_left(starts, pos)
            while i > 0 and by_start[i - 1].end > pos:
                i -= 1
            overlapping = []
            for c in by_start[i:]:
                if c.start >= end:
                    break
                if c.end > pos and id(c) not in dropped:
                    overlapping.append(c)
            if all(pos <= c.start and c.end <= end and (c.start, c.end) != (pos, end) for c in overlapping) and not any(
                    (a.start < end and pos < a.end) for a in added):
                dropped.update(id(c) for c in overlapping)
                added.append(Cand(pos, end, "PLACE", {k: v for k, v in first.attrs.items() if not k.startswith("_")},
                                  priority=1))
            pos = text.find(name, end)
    if not added:
        return final
    return [c for c in final if id(c) not in dropped] + added


def set_entities(doc: Doc, cands: Iterable[Cand]) -> None:
    """Store candidates on the Doc (character offsets); `zh_entity_aligner` turns them into spans."""
    existing = list(doc._.ent_cands or [])
    existing.extend([c.start, c.end, c.label, c.attrs] for c in cands)
    doc._.ent_cands = existing


@Language.factory(
    "zh_entity_ruler",
    default_config={"lexicon_dir": None, "use_gazetteer": True, "with_dates": True},
)
def make_entity_ruler(nlp: Language, name: str, lexicon_dir: Optional[str], use_gazetteer: bool, with_dates: bool):
    return EntityRuler(nlp, name, lexicon_dir, use_gazetteer, with_dates)
