"""Gazetteer of PLACE names: Chinese administrative divisions and foreign places.

Data (committed, versioned TSV in ``pipeline/lexicons/``):

* ``admin_divisions.tsv`` - provinces, prefectures and counties of China,
  generated from the ``jionlp`` 1.5.31 wheel (``china_location.zip``,
  ``china_location_change.txt``) by ``python -m pipeline.gazetteer build``.
* ``world_places.tsv`` - continents, countries and major foreign cities from
  the same wheel's ``world_location.txt``.
* ``admin_supplement.tsv`` - hand-kept: development and new areas that news
  names but the code table lacks (长春新区) and extra short forms (净月区).
* ``world_subdivisions.tsv`` - hand-kept: first-level divisions of foreign
  countries (US states, Japanese prefectures), which the jionlp list lacks.

The builder never imports jionlp: it reads the files out of the wheel with
zipfile and re-implements jionlp's short-form rules (gadget/china_location_alias.py).
Towns, streets and villages (乡镇/街道/村) are not included: 43 000 towns would
make the file ~1 MB and add thousands of clashing names (城关镇) for little gain;
streets and communities are found by suffix in the entity layer instead.

Runtime: ``load_gazetteer()`` parses the TSV files once (cached) and answers
``surface_forms()``, ``candidates()`` and ``resolve()``; see ``Gazetteer.resolve``
for the ambiguity policy.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .model_setup import sha256

# ----------------------------------------------------------------------------
# Source pin
# ----------------------------------------------------------------------------
JIONLP_VERSION = "1.5.31"
JIONLP_WHEEL = f"jionlp-{JIONLP_VERSION}-py2.py3-none-any.whl"
JIONLP_SHA256 = "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"
CHINA_MEMBER = "jionlp/dictionary/china_location.zip"
CHANGE_MEMBER = "jionlp/dictionary/china_location_change.txt"
WORLD_MEMBER = "jionlp/dictionary/world_location.txt"

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
ADMIN_FILE = "admin_divisions.tsv"
WORLD_FILE = "world_places.tsv"
SUPPLEMENT_FILE = "admin_supplement.tsv"
WORLD_SUBDIVISIONS_FILE = "world_subdivisions.tsv"  # hand-kept: US states, Japanese prefectures…

ADMIN_COLUMNS = ("name", "aliases", "risky", "level", "path", "code", "former")
WORLD_COLUMNS = ("name", "aliases", "risky", "level", "path")

# Rank used when same-name candidates tie: lower is "higher" (region > country > province > city > county > area).
LEVEL_RANK = {"region": 0, "country": 1, "province": 2, "state": 2, "city": 3, "city_foreign": 3, "county": 4, "area": 5}

# ----------------------------------------------------------------------------
# Alias policy (build time)
# ----------------------------------------------------------------------------
# Short forms that are generic administrative nouns: they name a kind of place, not one place.
# Also full names that are such nouns (城区, 郊区, 东区): withheld from matching by default.
GENERIC_FORMS = frozenset("""
城区 郊区 矿区 东区 西区 南区 北区 中区 新区 新城 新城区 城关 市中 市南 市北 市辖 市直辖 省直辖
河东 河西 城东 城西 城南 城北 城中 城厢 示范区 管理区 产业园 工业园 保税区 化工园区 物流区 文旅区 离岛 大堂
""".split())

# Short forms withheld from matching by default (the `risky` column).  Only short forms of counties and a few
# prefectures are listed: famous short forms (大理, 长治, 海口) stay matchable and the matcher must check word
# boundaries for them (重大理论, 长治久安, 入海口) whatever this list says.  The full names (公安县, 长白县) stay
# matchable.  Reviewed by hand, in three groups:
# (a) ordinary modern words: 公安县 -> 公安 (公安机关), 通道侗族自治县 -> 通道 (绿色通道), 中方县 -> 中方 (中方表示),
#     共和县 -> 共和 (共和国), 阿里地区 -> 阿里 (阿里巴巴), 磐石市 -> 磐石 (坚如磐石), 青山区 -> 青山 (绿水青山).
#     Candidates: short forms occurring >= 3000 times in jionlp's word counts (word_distribution.zip) or listed
#     in its modern word list (chinese_word_dictionary.zip); classical senses (隆阳 "炽热的阳光") were left alone.
# (b) strings that mostly straddle two words in running text: 和政 (党和政府), 扬中 (弘扬中华), 高要 (更高要求),
#     岐山 (王岐山), 达日 (抵达日本).  Found by matching every form against the development corpus (xwlb 2022 and
#     the seeds) and keeping those whose matches mostly cross pkuseg token boundaries.
# (c) better-known other places or things of the same name: 长白 (长白山), 集安 (集安组织, the CSTO), 太湖 (the lake), 南海 (the sea), 鄱阳 (the lake),
#     永定 (永定河), 祁连 (祁连山), 卧龙 (the reserve in 汶川, not 南阳's 卧龙区), 华龙 (华龙一号, the reactor),
#     中沙 (中沙关系: China and Saudi Arabia; the islands are written 中沙群岛).
RISKY_SHORT_FORMS = frozenset("""
公安 通道 中方 共和 比如 合作 和平 平安 东方 友谊 友好 新兴 振兴 宏伟 向阳 东风 民权 延长 会同 清新 大方
长寿 太平 江山 开化 新华 同心 同德 南部 前锋 民乐 康乐 和顺 平和 永安 长安 阿里 兴业 中原 宝塔 白塔 温泉
铁山 来宾 石棉 平川 新民 元宝 大观 武功 大化 无为 三门 石门 龙门 青山 东山 南山 西山 白云 平顺
河口 平房 建华 互助 大通 新市 太和 中山 河源 桃园
资源 金沙 六合 凤凰 商城 南海 新建 港口 光明 复兴 江南 前进 大关 金牛 方正 惠民 东海 解放 富裕 牡丹 滨江
红旗 龙湖 滨海 古城 三元 天涯 紫金 安居 路桥 清水 安宁 江北 莲花 小店 麒麟 三江 东湖 新星 高明 平原 南湖
太湖 运河 富民 安定 七星 天桥 大厂 盐湖 沙河 龙江 丰满 万年 天元 同仁 兴隆 仁和 卧龙 芙蓉 上街 龙潭 台前
江海 凌云 鼓楼 石狮 临海 沿河 龙山 清流 平昌 南城 长子 青龙 光泽 灯塔 海港 工农 海棠 爱民 南岸 天台 全州
中西 白沙 大城 海伦 滨湖 黄龙 洞口 兴国 海盐 老城 威信 三河 龙凤 桃源 水城 博爱 路南 航空港 江城 大名 英德
白玉 双塔 临江 双城 木兰 江口 阳明 山城 磐石 湖滨 双桥 双河 连城 双峰 马尾 安国 仙游 路北 玄武 白水 名山
望江 云霄 北湖 柳林 尼玛 石柱 满城 高密 樟树 红山 万全 江岸 黑水 钟楼 泰来 天心 平定 太白 无极 天等
朝天 弥勒
和政 民和 新和 扬中 新平 资兴 上城 伊州 江永 政和 同安 荣昌 台中 马关 鱼台 卫东 迁安 东明 竹山 金水 利通
兴文 和布 高要 渝中 中牟 定安 南和 会东 会理 融安 都安 建水 峰峰 亚东 察北 靖宇 川汇 陆河 凌河 建安 湖口
西和 明山 方城 怀远 达日 万载 天长 安平 千山 临高 富宁 桥西 增城 金安 从江 新乐 金东 东安 天全 界首 乐业
大新 上高 德江 永修 福海 玉山 永清 新安 民丰 新宁 福安 克州 建平 杂多 江源 定海 岐山 乌兰 蒙山 突泉 巴马
盘山 宝山 大安 伊通 和龙
长白 集安 鄱阳 永定 祁连 贺兰 澜沧 乌苏 贡山 九华 华龙 中沙
""".split())
# Full names that are generic or straddle words as often as they name the place: 范县 (示范县), 古县 (古县城),
# 应县 (顺应县城), 海城市 (沿海城市), 大社区 (广大社区; a district of 高雄).
RISKY_NAMES = frozenset("范县 古县 应县 海城市 大社区".split())

# Aliases of development areas that are generic but still always name *a* development area (经开区, 高新区):
# kept as aliases, ambiguous across cities, resolved only with document context.
AREA_GENERIC_KEEP = frozenset({"经开区", "高新区"})

# Functional areas (NBS county codes xx71-xx80) and new areas that are not ordinary districts.
# ("园区" alone would catch 绿园区 and 梁园区, ordinary districts.)
_AREA_NAME_RE = re.compile(r"开发区|示范区|工业园区|产业园|管委会|委员会|风景名胜区|管理区|实验区|保税区|新城$|聚集区|食品区")

# jionlp/rule/rule_pattern.py (Apache-2.0): minority names used to cut 自治州/自治县 short forms.
_MINORITY_1 = re.compile(
    r"(壮|满|回|苗|维吾尔|土家|彝|蒙古|藏|布依|侗|瑶|朝鲜|白|哈尼|哈萨克|黎|傣|畲|傈僳|仡佬|东乡|高山|拉祜|水|佤|"
    r"纳西|羌|土|仫佬|锡伯|柯尔克孜|达斡尔|景颇|毛南|撒拉|布朗|塔吉克|阿昌|普米|鄂温克|怒|京|基诺|德昂|保安|俄罗斯|"
    r"裕固|乌兹别克|门巴|鄂伦春|独龙|塔塔尔|赫哲|珞巴)族")
_MINORITY_2 = re.compile(
    r"(维吾尔|土家|蒙古|布依|朝鲜|哈尼|哈萨克|傈僳|仡佬|东乡|高山|拉祜|纳西|仫佬|锡伯|柯尔克孜|达斡尔|景颇|毛南|撒拉|"
    r"布朗|塔吉克|阿昌|普米|鄂温克|基诺|德昂|保安|俄罗斯|裕固|乌兹别克|门巴|鄂伦春|独龙|塔塔尔|赫哲|珞巴)")

# world_location.txt quirks: a short form stored as a "main city", cities listed twice under two names,
# and a few everyday short forms.  Kept tiny on purpose.
WORLD_COUNTRY_ALIASES = {"巴布亚新几内亚": ["巴新"], "沙特": ["沙特阿拉伯"], "刚果(金)": ["刚果金", "民主刚果"],
                         "刚果(布)": ["刚果布"], "塞拉里昂": ["塞拉利昂"], "多米尼克国": ["多米尼克"]}
WORLD_CITY_SYNONYMS = {"西贡": "胡志明市", "海参崴": "符拉迪沃斯托克", "达尔贝达": "卡萨布兰卡"}
# Names the data lacks: Astana was called 努尔苏丹 from 2019 to September 2022, so the 2022 news writes both
# (without the alias, 努尔苏丹 reads as the country 苏丹 after a stray 努尔).
WORLD_CITY_ALIASES = {"阿斯塔纳": ["努尔苏丹"]}
WORLD_NOT_CITIES = {"巴新"}
WORLD_CONTINENT_NAMES = {"大洋州": "大洋洲"}  # the data's variant spelling becomes an alias
# World names that are ordinary words or common personal names in Chinese text (中非合作 = China-Africa).
# 海地 (沿海地区), 河内 (黄河内蒙古段), 马里 (马里兰), 都柏林 (首都柏林), 里加, 达卡 straddle words in running text.
WORLD_RISKY = frozenset({"中非", "万象", "亚伦", "亚历山大", "圣约翰", "圣乔治", "海地", "河内", "马里", "都柏林",
                         "里加", "达卡"})


# ----------------------------------------------------------------------------
# Short-form rules (after jionlp.gadget.china_location_alias, Apache-2.0)
# ----------------------------------------------------------------------------
def _cut_minority(name: str) -> Optional[str]:
    for pat in (_MINORITY_1, _MINORITY_2):
        m = pat.search(name)
        if m and m.start() > 0:
            return name[: m.start()]
    return None


def rule_city_alias(name: str) -> Optional[str]:
    """jionlp's prefecture short form: 长春市 -> 长春, 和田地区 -> 和田, 兴安盟 -> 兴安, 延边朝鲜族自治州 -> 延边."""
    for suffix in ("市", "地区", "盟"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return _cut_minority(name)


def rule_county_alias(name: str) -> Optional[str]:
    """jionlp's county short form: 九台区 -> 九台, 农安县 -> 农安, 寿县 stays whole (a two-character name)."""
    if name.endswith("林区"):
        return name[:-2]
    for suffix in ("县", "区"):
        if name.endswith(suffix):
            return name if len(name) == 2 else name[:-1]
    if name.endswith("市"):
        return name[:-1]
    if name.endswith("旗"):
        return None  # jionlp keeps a hand map for banners; the data's alias column already carries it
    return _cut_minority(name)


# ----------------------------------------------------------------------------
# Builder
# ----------------------------------------------------------------------------



def fetch_wheel(dest: Path) -> Path:
    """Download the pinned jionlp wheel with pip (no dependencies, no build) into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    f"jionlp=={JIONLP_VERSION}", "-d", str(dest)], check=True)
    return dest / JIONLP_WHEEL


def read_wheel(wheel: Path) -> Dict[str, str]:
    """The three source texts from the wheel, after checking its sha256 against the pin."""
    digest = sha256(wheel)
    if digest != JIONLP_SHA256:
        raise ValueError(f"{wheel}: sha256 {digest} is not the pinned {JIONLP_SHA256} (jionlp {JIONLP_VERSION})")
    with zipfile.ZipFile(wheel) as zf:
        with zipfile.ZipFile(io.BytesIO(zf.read(CHINA_MEMBER))) as inner:
            china = inner.read("china_location.txt").decode("utf-8")
        change = zf.read(CHANGE_MEMBER).decode("utf-8")
        world = zf.read(WORLD_MEMBER).decode("utf-8")
    # The source files use CRLF; normalize so the output never depends on it.
    return {"china": china.replace("\r", ""), "change": change.replace("\r", ""), "world": world.replace("\r", "")}


@dataclass
class _Node:
    name: str
    code: str
    alias: List[str]
    level: str
    path: Tuple[str, ...]
    city_short: str = ""  # short form of the prefecture an area belongs to (长春 for 长春经开区)


def _parse_china(text: str) -> List[_Node]:
    """Province / prefecture / county lines of china_location.txt (indent = depth, then name, code, alias)."""
    nodes: List[_Node] = []
    prov: Optional[_Node] = None
    city: Optional[_Node] = None  # None under pseudo-prefectures (省直辖行政区划) and municipalities
    for line in text.split("\n"):
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue  # towns and villages: not included (see module docstring)
        fields = line.strip("\t").split("\t")
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        alias = fields[2].split("/") if len(fields) > 2 and fields[2] else []
        if depth == 0:
            prov = _Node(name, code, alias, "province", (name,))
            nodes.append(prov)
            city = None
        elif depth == 1:
            # Pseudo-prefectures: 省直辖行政区划, the municipality repeated under itself (北京市 under 北京市),
            # 香港/澳门 under their SAR.  Their counties hang directly under the province.
            if name.endswith("直辖行政区划") or code == prov.code:
                city = None
            else:
                city = _Node(name, code, alias, "city", prov.path + (name,))
                nodes.append(city)
        else:
            if name.endswith("直辖行政区划"):
                continue  # 东莞市/中山市/儋州市/嘉峪关市 have towns directly under them
            parent = city or prov
            # A code equal to the parent's (Hong Kong and Macau districts) is a placeholder, not a code.
            own = "" if code in (prov.code, city.code if city else "") else code
            node = _Node(name, own, alias, "county", parent.path + (name,))
            if city is not None:
                node.city_short = _short_of_city(city)
            if _is_area(name, own):
                node.level = "area"
            nodes.append(node)
    return nodes


def _short_of_city(city: _Node) -> str:
    short = rule_city_alias(city.name)
    return short if short and len(short) >= 2 else ""


def _is_area(name: str, code: str) -> bool:
    if code and 71 <= int(code[4:6]) <= 80:
        return True
    if _AREA_NAME_RE.search(name):
        return True
    # 天府新区 / 兰州新区 are areas; 浦东新区, 滨海新区, 沈北新区 are ordinary districts (codes 01-20).
    return name.endswith("新区") and not (code and 1 <= int(code[4:6]) <= 20)


def _derive_forms(node: _Node) -> Tuple[Set[str], Set[str]]:
    """(aliases, risky) for one division; see the policy notes at the top of this module."""
    forms: Set[str] = set(a for a in node.alias if a and a != node.name)
    name = node.name
    if node.level == "province":
        pass  # the data's alias (吉林, 内蒙古, 广西) is jionlp's province short form
    elif node.level == "city":
        rule = rule_city_alias(name)
        # The data keeps some short forms out on purpose (吉林市 -> 吉林市, to leave 吉林 to the province).
        # We add jionlp's rule form anyway: the clash is real in news and resolve() settles it (province first).
        if rule:
            forms.add(rule)
        short = (node.alias or [rule or ""])[0]
        if "自治州" in name and short and not short.endswith("州"):
            forms.add(short + "州")  # 延边州, 恩施州, 湘西州: the everyday form in news
    elif node.level == "county":
        rule = rule_county_alias(name)
        if rule and node.alias and node.alias[0] == name:
            forms.add(rule)  # only where the data gave no short form at all (喀什市 -> 喀什)
        short = node.alias[0] if node.alias else rule
        if short and short != name:
            if "自治县" in name and not short.endswith("县"):
                forms.add(short + "县")  # 长白县, 伊通县, 前郭县
            if "自治旗" in name and not short.endswith("旗"):
                forms.add(short + "旗")  # 鄂温克旗
    elif node.level == "area":
        for a in list(forms):
            # 长春汽开区, 吉林高新区: city + the area's short form (a kind of area, …区/…园), when the area's own
            # name carries the city (长春汽车经济技术开发区); 库尔勒经济技术开发区 is not 巴音郭楞经开区.
            # Placeholder forms (管理区, 示范区) get no prefix: 唐山管理区 would be an invented name.
            if (node.city_short and node.city_short in name and a[-1] in "区园" and a not in GENERIC_FORMS
                    and not a.startswith(node.city_short)):
                forms.add(node.city_short + a)
    forms.discard(name)
    forms = {f for f in forms if len(f) >= 2}  # a one-character alias would match everywhere
    risky = {f for f in forms if f in GENERIC_FORMS or f in RISKY_SHORT_FORMS}
    if node.level == "area":
        risky -= AREA_GENERIC_KEEP
    if name in GENERIC_FORMS or name in RISKY_NAMES:
        risky.add(name)  # e.g. 城区, 东区, 范县 as full names
    return forms - risky, risky


def _parse_changes(text: str) -> List[Tuple[Tuple[str, ...], Tuple[str, ...]]]:
    """(old path, new path) pairs from china_location_change.txt (date, body, then name/short pairs => new path)."""
    out = []
    for line in text.split("\n"):
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        of = old.split("\t")[2:]
        old_path = tuple(n for n in of[0::2] if n)
        new_path = tuple(n for n in new.split("\t") if n)
        out.append((old_path, new_path))
    return out


def build_admin_rows(china: str, change: str) -> List[Dict[str, str]]:
    nodes = _parse_china(china)
    by_path = {n.path: n for n in nodes}
    current_names = {n.name for n in nodes}
    former: Dict[Tuple[str, ...], Set[str]] = {}
    for old_path, new_path in _parse_changes(change):
        old_name = old_path[-1]
        target = by_path.get(new_path) or by_path.get(new_path[:1] + new_path[2:])  # municipalities: no city level
        # An abolished name becomes a surface form of its successor, unless the name is still in use somewhere.
        if target is not None and old_name not in current_names and len(old_name) >= 2 \
                and old_name not in GENERIC_FORMS:
            former.setdefault(target.path, set()).add(old_name)
    rows = []
    for n in nodes:
        aliases, risky = _derive_forms(n)
        rows.append({"name": n.name, "aliases": "|".join(sorted(aliases)), "risky": "|".join(sorted(risky)),
                     "level": n.level, "path": ">".join(n.path), "code": n.code,
                     "former": "|".join(sorted(former.get(n.path, ())))})
    rows.sort(key=_admin_sort_key)
    return rows


def _admin_sort_key(row: Dict[str, str]):
    # Province code first so a province's rows stay together, then the path (parents before children).
    return (row["code"][:2] if row["code"] else "99", row["path"].split(">"), row["name"])


def build_world_rows(world: str) -> List[Dict[str, str]]:
    rows: List[Dict[str, str]] = []
    continent = None
    for line in world.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.endswith(":"):  # a continent heading (亚洲:, 大洋州:)
            raw = line[:-1]
            continent = WORLD_CONTINENT_NAMES.get(raw, raw)
            aliases = [raw] if raw != continent else []
            rows.append({"name": continent, "aliases": "|".join(aliases), "risky": "", "level": "region",
                         "path": continent})
            continue
        f = line.split("\t")
        country, full, capital = f[0], f[1], f[2]
        others = f[3].split("/") if len(f) > 3 else []
        aliases = {full} | set(WORLD_COUNTRY_ALIASES.get(country, [])) | {c for c in others if c in WORLD_NOT_CITIES}
        aliases.discard(country)
        rows.append(_world_row(country, aliases, "country", (continent, country)))
        if country == "中国":
            continue  # Chinese cities come from the administrative data, with their real paths
        cities: Dict[str, Set[str]] = {}
        for c in [capital] + others:
            if not c or c in WORLD_NOT_CITIES or c == country:
                continue  # a city-state's capital (新加坡) is the country row
            main = WORLD_CITY_SYNONYMS.get(c, c)
            cities.setdefault(main, set())
            if main != c:
                cities[main].add(c)
        for c, al in cities.items():
            rows.append(_world_row(c, al | set(WORLD_CITY_ALIASES.get(c, [])), "city", (continent, country, c)))
    rows.sort(key=lambda r: (r["path"].split(">"), r["name"]))
    # de-duplicate exact repeats (佛罗伦萨 is listed twice for Italy)
    out, seen = [], set()
    for r in rows:
        k = (r["name"], r["path"])
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _world_row(name: str, aliases: Iterable[str], level: str, path: Tuple[str, ...]) -> Dict[str, str]:
    aliases = {a for a in aliases if len(a) >= 2}
    risky = {a for a in aliases | {name} if a in WORLD_RISKY}
    return {"name": name, "aliases": "|".join(sorted(aliases - risky)), "risky": "|".join(sorted(risky)),
            "level": level, "path": ">".join(path)}


def render_tsv(comments: Sequence[str], columns: Sequence[str], rows: Iterable[Dict[str, str]]) -> str:
    out = ["# " + c for c in comments]
    out.append("\t".join(columns))
    out.extend("\t".join(r[c] for c in columns) for r in rows)
    return "\n".join(out) + "\n"


def build(wheel: Path) -> Dict[str, str]:
    """File name -> text of the generated TSV files, from the pinned wheel."""
    src = read_wheel(wheel)
    admin = build_admin_rows(src["china"], src["change"])
    world = build_world_rows(src["world"])
    source = (f"Generated by `python -m pipeline.gazetteer build` from jionlp {JIONLP_VERSION} "
              f"({JIONLP_WHEEL}, sha256 {JIONLP_SHA256}). Do not edit by hand.")
    admin_text = render_tsv([
        "Chinese administrative divisions (province, city = prefecture level, county = county level, area = development",
        "or new area with a county code). " + source,
        f"Source files: {CHINA_MEMBER} (names, codes, short forms), {CHANGE_MEMBER} (abolished names -> `former`).",
        "Columns: name (full); aliases (short forms, |-separated: the data's own plus jionlp's rules, 自治州 -> X州);",
        "risky (short forms or the name itself that are ordinary words or generic terms, not matched by default);",
        "level; path (admin path joined by >); code (administrative code, empty where the data has none);",
        "former (abolished names of a division now merged into or renamed as this one).",
        f"Rows: {len(admin)}. Towns, streets and villages are not included.",
    ], ADMIN_COLUMNS, admin)
    world_text = render_tsv([
        "Foreign places: continents (region), countries and major cities. " + source,
        f"Source file: {WORLD_MEMBER}. Cities of China are left out (admin_divisions.tsv has them).",
        "Columns: name (common name); aliases (official full name, other names, |-separated); risky (not matched by",
        "default); level (region | country | city); path (continent>country>city).",
        f"Rows: {len(world)}.",
    ], WORLD_COLUMNS, world)
    return {ADMIN_FILE: admin_text, WORLD_FILE: world_text}


# ----------------------------------------------------------------------------
# Runtime
# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """One place. `path` runs from the top (吉林省, or a continent for foreign places) down to the place itself."""

    name: str  # full canonical name, e.g. 九台区
    level: str  # province | city | county | area | region | country | state (foreign) | city_foreign
    path: Tuple[str, ...]  # ("吉林省", "长春市", "九台区")
    code: Optional[str] = None

    @property
    def domestic(self) -> bool:
        return self.level in ("province", "city", "county", "area")

    @property
    def rank(self) -> int:
        return LEVEL_RANK.get(self.level, 9)


def _read_rows(text: str) -> List[Dict[str, str]]:
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(io.StringIO("\n".join(lines)),
                                                                                   delimiter="\t")]


def _split(cell: str) -> List[str]:
    return [x for x in (cell or "").split("|") if x]


class Gazetteer:
    """Places and the surface strings that name them.

    ``include_risky`` adds the withheld forms (ordinary words such as 公安, 通道; generic terms such as 城区).
    """

    def __init__(self, rows: Iterable[Tuple[Place, Sequence[str], Sequence[str]]], include_risky: bool = False):
        self._places: Dict[Tuple[str, ...], Place] = {}
        table: Dict[str, List[Place]] = {}
        self._risky: Dict[str, List[Place]] = {}
        for place, forms, risky in rows:
            self._places.setdefault(place.path, place)
            place = self._places[place.path]
            names = list(forms) + (list(risky) if include_risky else [])
            for form in names:
                if len(form) < 2:
                    continue
                lst = table.setdefault(form, [])
                if place not in lst:
                    lst.append(place)
            for form in risky:
                self._risky.setdefault(form, []).append(place)
        for lst in table.values():
            lst.sort(key=lambda p: (p.rank, p.path))
        self._table = table

    def __len__(self) -> int:
        return len(self._places)

    def places(self) -> List[Place]:
        return list(self._places.values())

    def get(self, path: Sequence[str]) -> Optional[Place]:
        return self._places.get(tuple(path))

    def surface_forms(self) -> Dict[str, List[Place]]:
        """Every matchable name and alias -> its candidate places (best-ranked first)."""
        return {k: list(v) for k, v in self._table.items()}

    def risky_forms(self) -> Dict[str, List[Place]]:
        return {k: list(v) for k, v in self._risky.items()}

    def candidates(self, surface: str) -> List[Place]:
        return list(self._table.get(surface, ()))

    def resolve(self, surface: str, context: Sequence[Sequence[str]] = ()) -> Optional[Place]:
        """The place `surface` names, given the admin paths of other places in the document.

        Policy, in order:
        1. one candidate -> it (an unambiguous name resolves without context);
        2. a bare alias shared by a province and a place inside it (吉林: 吉林省 and 吉林市) -> the province,
           whatever the context: news writes the city in full (吉林市, which is unambiguous), and a story full of
           吉林市 still says 吉林工作组 for the province (seed 000);
        3. otherwise score each candidate by the longest path prefix it shares with any context path (朝阳区 with
           context 吉林省>长春市 scores 2 for 长春市朝阳区, 0 for 北京市朝阳区) and keep the best;
        4. remaining ties go to the higher level (country > province > city > county > area): 朝阳 with no
           context is 朝阳市, 海南 is 海南省 unless the context is in 青海省 (then 海南藏族自治州);
        5. if several candidates still tie at the same level (朝阳区 with no context, 经开区 in a story naming
           only 吉林省) -> None: the caller keeps the mention without an admin_path rather than guess.
        """
        return self.resolve_among(self.candidates(surface), context)

    @staticmethod
    def resolve_among(cands: Sequence[Place], context: Sequence[Sequence[str]] = ()) -> Optional[Place]:
        """`resolve` on an explicit candidate list (as stored by a matcher)."""
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        provinces = [p for p in cands if p.level == "province"]
        if len(provinces) == 1:
            top = provinces[0]
            if all(p is top or p.path[0] == top.name for p in cands):
                return top
        ctx = [tuple(c) for c in context if c]

        def shared(p: Place) -> int:
            best = 0
            for c in ctx:
                n = 0
                for a, b in zip(p.path, c):
                    if a != b:
                        break
                    n += 1
                best = max(best, n)
            return best

        scores = [shared(p) for p in cands]
        top = max(scores)
        best = [p for p, s in zip(cands, scores) if s == top]
        rank = min(p.rank for p in best)
        best = [p for p in best if p.rank == rank]
        return best[0] if len(best) == 1 else None


def _lexicon_text(name: str) -> str:
    return resources.files("pipeline.lexicons").joinpath(name).read_text("utf-8")


def _admin_entries(rows: List[Dict[str, str]]):
    for r in rows:
        code = r.get("code") or None
        place = Place(r["name"], r["level"], tuple(r["path"].split(">")), code)
        forms = [r["name"]] + _split(r.get("aliases", "")) + _split(r.get("former", ""))
        risky = _split(r.get("risky", ""))
        if r["name"] in risky:
            forms.remove(r["name"])
        yield place, forms, risky


def _world_entries(rows: List[Dict[str, str]]):
    for r in rows:
        level = "city_foreign" if r["level"] == "city" else r["level"]
        place = Place(r["name"], level, tuple(r["path"].split(">")), None)
        risky = _split(r.get("risky", ""))
        forms = [f for f in [r["name"]] + _split(r.get("aliases", "")) if f not in risky]
        yield place, forms, risky


def _supplement_entries(rows: List[Dict[str, str]]):
    # Supplement rows either add a place or add aliases to an existing one (same path): Gazetteer keeps the
    # first Place for a path, so the generated row's level and code win and only the forms are merged.
    for r in rows:
        place = Place(r["name"], r["level"], tuple(r["path"].split(">")), r.get("code") or None)
        yield place, [r["name"]] + _split(r.get("aliases", "")), _split(r.get("risky", ""))


@lru_cache(maxsize=2)
def load_gazetteer(include_risky: bool = False) -> Gazetteer:
    """The packaged gazetteer (parsed once per process)."""
    entries = list(_admin_entries(_read_rows(_lexicon_text(ADMIN_FILE))))
    entries += list(_supplement_entries(_read_rows(_lexicon_text(SUPPLEMENT_FILE))))
    entries += list(_world_entries(_read_rows(_lexicon_text(WORLD_FILE))))
    entries += list(_world_entries(_read_rows(_lexicon_text(WORLD_SUBDIVISIONS_FILE))))
    return Gazetteer(entries, include_risky=include_risky)


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------
def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.gazetteer", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="regenerate admin_divisions.tsv and world_places.tsv from the jionlp wheel")
    b.add_argument("--wheel", type=Path, help=f"a local {JIONLP_WHEEL} (default: pip download it)")
    b.add_argument("--out", type=Path, default=LEXICON_DIR, help="output directory (default: pipeline/lexicons)")
    b.add_argument("--check", action="store_true", help="do not write; exit 1 if the files would change")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="jionlp-") as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        files = build(wheel)
    changed = []
    for name, text in files.items():
        path = args.out / name
        old = path.read_bytes() if path.exists() else None
        if old != text.encode("utf-8"):
            changed.append(name)
            if not args.check:
                args.out.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
        rows = sum(1 for line in text.splitlines() if not line.startswith("#")) - 1  # minus the header
        print(f"{name}: {rows} rows{' (changed)' if name in changed else ''}", file=sys.stderr)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
