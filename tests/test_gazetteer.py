"""Gazetteer of place names: generated data, supplement, resolution policy, builder reproducibility."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from conftest import seed_text
from pipeline import gazetteer as gz
from pipeline.gazetteer import Gazetteer, Place, load_gazetteer


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def admin_rows():
    return gz._read_rows(gz._lexicon_text(gz.ADMIN_FILE))


# -- generated data -------------------------------------------------------------------------------------------
def test_counts_by_level_are_plausible(admin_rows):
    levels = Counter(r["level"] for r in admin_rows)
    assert levels["province"] == 34  # 31 mainland + 香港, 澳门, 台湾
    assert 330 <= levels["city"] <= 345  # 333 mainland prefectures + 6 cities of Taiwan
    assert 2800 <= levels["county"] <= 3100
    assert 100 <= levels["area"] <= 200  # development areas with a county code (xx71-xx80)
    assert set(levels) == {"province", "city", "county", "area"}


def test_province_level_units(g):
    names = {p.name for p in g.places() if p.level == "province"}
    assert {"吉林省", "北京市", "内蒙古自治区", "香港特别行政区", "澳门特别行政区", "台湾省"} <= names


def test_jiutai_path_and_code(g):
    [p] = g.candidates("九台区")
    assert p.path == ("吉林省", "长春市", "九台区") and p.level == "county" and p.code == "220113"
    assert g.resolve("九台") == p


def test_municipality_has_no_city_level(g):
    # 北京市 is repeated under itself in the source; the duplicate is dropped, districts hang under the province.
    assert [p.path for p in g.candidates("北京市")] == [("北京市",)]
    assert ("北京市", "朝阳区") in [p.path for p in g.candidates("朝阳区")]
    # a province-administered county-level city: no pseudo-prefecture (省直辖行政区划) in its path
    assert [p.path for p in g.candidates("仙桃市")] == [("湖北省", "仙桃市")]


def test_yanbian_short_forms(g):
    for s in ("延边州", "延边", "延边朝鲜族自治州"):
        assert [p.name for p in g.candidates(s)] == ["延边朝鲜族自治州"], s
    assert g.resolve("延边州").path == ("吉林省", "延边朝鲜族自治州")


def test_autonomous_county_forms(g):
    assert g.resolve("长白县").path == ("吉林省", "白山市", "长白朝鲜族自治县")
    assert g.resolve("前郭县").name == "前郭尔罗斯蒙古族自治县"


def test_no_one_character_surface_forms():
    for include_risky in (False, True):
        forms = load_gazetteer(include_risky).surface_forms()
        assert not [s for s in forms if len(s) < 2]


def test_risky_forms_are_withheld_but_full_names_match(g):
    forms = g.surface_forms()
    for word, full in (("公安", "公安县"), ("通道", "通道侗族自治县"), ("长白", "长白朝鲜族自治县"),
                       ("磐石", "磐石市"), ("和政", "和政县"), ("集安", "集安市")):
        assert word not in forms, word
        assert full in forms, full
    assert "城区" not in forms and "郊区" not in forms  # generic full names
    assert load_gazetteer(include_risky=True).resolve("公安").name == "公安县"


def test_former_names_point_to_successors(g):
    assert g.resolve("襄樊市").name == "襄阳市"
    assert g.resolve("江干区").path == ("浙江省", "杭州市", "上城区")


def test_generated_tsv_headers_name_the_source():
    for name in (gz.ADMIN_FILE, gz.WORLD_FILE):
        text = gz._lexicon_text(name)
        head = "\n".join(l for l in text.splitlines() if l.startswith("#"))
        assert "jionlp 1.5.31" in head and gz.JIONLP_SHA256 in head and "Columns" in head
        header = next(l for l in text.splitlines() if not l.startswith("#"))
        assert header.split("\t") == list(gz.ADMIN_COLUMNS if name == gz.ADMIN_FILE else gz.WORLD_COLUMNS)


# -- ambiguity policy -----------------------------------------------------------------------------------------
def test_chaoyang_district_resolved_by_context(g):
    cands = g.candidates("朝阳区")
    assert len(cands) >= 2
    assert {("北京市", "朝阳区"), ("吉林省", "长春市", "朝阳区")} <= {p.path for p in cands}
    assert g.resolve("朝阳区", context=[("吉林省", "长春市")]).path == ("吉林省", "长春市", "朝阳区")
    assert g.resolve("朝阳区", context=[("吉林省", "长春市", "九台区")]).path == ("吉林省", "长春市", "朝阳区")
    assert g.resolve("朝阳区", context=[("北京市",)]).path == ("北京市", "朝阳区")
    assert g.resolve("朝阳区") is None  # two districts, same level, nothing to choose by


def test_ties_go_to_the_higher_level(g):
    assert g.resolve("朝阳").name == "朝阳市"  # prefecture over districts and a county
    assert g.resolve("通化", context=[("吉林省",)]).name == "通化市"  # city over 通化县


def test_province_short_form_shared_with_a_city(g):
    assert [p.name for p in g.candidates("吉林")] == ["吉林省", "吉林市"]
    assert g.resolve("吉林").name == "吉林省"
    # even in a story about 吉林市 (seed 000: 吉林市 21 times, yet 吉林工作组 is the province's)
    assert g.resolve("吉林", context=[("吉林省", "吉林市"), ("吉林省", "吉林市", "船营区")]).name == "吉林省"
    assert g.resolve("吉林市").path == ("吉林省", "吉林市")
    # not the province's own city: the context decides
    assert g.resolve("海南").name == "海南省"
    assert g.resolve("海南", context=[("青海省", "西宁市")]).name == "海南藏族自治州"


def test_resolve_among_matches_resolve(g):
    cands = g.candidates("朝阳区")
    assert Gazetteer.resolve_among(cands, [("吉林省", "长春市")]) == g.resolve("朝阳区", [("吉林省", "长春市")])
    assert Gazetteer.resolve_among([]) is None


# -- supplement and development areas -------------------------------------------------------------------------
def test_changchun_areas(g):
    assert g.resolve("长春新区").path == ("吉林省", "长春市", "长春新区")
    auto = ("吉林省", "长春市", "长春汽车经济技术开发区")
    for s in ("汽开区", "长春汽开区", "长春汽车经济技术开发区"):
        assert [p.path for p in g.candidates(s)] == [auto], s
    assert g.resolve("净月区").name == "长春净月高新技术产业开发区"
    assert g.resolve("长春高新区").name == "长春高新技术产业开发区"
    assert g.resolve("吉林高新区").path == ("吉林省", "吉林市", "吉林高新技术产业开发区")
    assert all(p.level == "area" for p in g.candidates("汽开区") + g.candidates("长春新区"))


def test_generic_area_forms_need_context(g):
    assert len(g.candidates("经开区")) > 10
    assert g.resolve("经开区") is None
    assert g.resolve("经开区", [("吉林省", "长春市")]).name == "长春经济技术开发区"
    assert g.resolve("高新区", [("吉林省", "吉林市", "船营区")]).name == "吉林高新技术产业开发区"


def test_supplement_rows_hang_under_known_places(g, admin_rows):
    known = {tuple(r["path"].split(">")) for r in admin_rows}
    levels = {tuple(r["path"].split(">")): r["level"] for r in admin_rows}
    for r in gz._read_rows(gz._lexicon_text(gz.SUPPLEMENT_FILE)):
        path = tuple(r["path"].split(">"))
        assert path[:-1] in known, r["name"]
        assert path[-1] == r["name"]
        if path in known:  # an alias-only row: the generated place keeps its level and code
            assert r["level"] == levels[path] and g.get(path).level == levels[path]
        assert g.get(path) is not None


def test_state_level_new_areas(g):
    assert g.resolve("雄安新区").path == ("河北省", "河北雄安新区")
    assert g.resolve("青岛西海岸新区").name == "黄岛区"
    assert g.resolve("浦东新区").level == "county"  # a real district, not an area


# -- world places ---------------------------------------------------------------------------------------------
def test_world_places(g):
    us = g.resolve("美国")
    assert us.level == "country" and us.path == ("北美洲", "美国")
    assert g.resolve("美利坚合众国") == us
    assert g.resolve("伊拉克").path == ("亚洲", "伊拉克")
    assert g.resolve("巴格达").path == ("亚洲", "伊拉克", "巴格达") and g.resolve("巴格达").level == "city_foreign"
    assert g.resolve("海参崴").name == "符拉迪沃斯托克"
    assert g.resolve("巴新").name == "巴布亚新几内亚"
    assert g.resolve("大洋洲").level == "region"
    # Chinese cities come from the admin data only
    assert [p.path for p in g.candidates("上海")] == [("上海市",)]


# -- the real corpus ------------------------------------------------------------------------------------------
SEED0_PLACES = [  # (surface form, how seed 000 writes it)
    ("长春市", "长春市"), ("吉林市", "吉林市"), ("九台区", "九台区"), ("四平", "四平"), ("通化市", "通化市"),
    ("梅河口市", "梅河口市"), ("延边州", "延边州"), ("松原市", "松原市"), ("白城市", "白城市"), ("白山市", "白山市"),
    ("船营区", "船营区"), ("昌邑区", "昌邑区"), ("丰满区", "丰满区"), ("宽城区", "宽城区"),
    ("绿园区", "绿园"), ("绿园", "绿园"),  # the seed has only the short form (支援宽城、绿园、经开)
]


def test_seed_000_places_are_jilin_places(g):
    text = seed_text(0)
    forms = g.surface_forms()
    for surface, written in SEED0_PLACES:
        assert written in text, written
        assert surface in forms, surface
        place = g.resolve(surface)
        assert place is not None and place.path[0] == "吉林省", (surface, place)


def test_seed_000_scan_resolves_in_jilin(g):
    """Greedy longest match over seed 000: every admin place found resolves inside 吉林省 given the others."""
    text = seed_text(0)
    forms = g.surface_forms()
    longest = max(map(len, forms))
    hits, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            if text[i:i + n] in forms:
                hits.append(text[i:i + n])
                i += n
                break
        else:
            i += 1
    context = [forms[h][0].path for h in hits if len(forms[h]) == 1]
    resolved = {h: g.resolve(h, context) for h in hits}
    jilin = {h for h, p in resolved.items() if p is not None and p.path[0] == "吉林省"}
    assert {"长春市", "吉林市", "九台区", "船营区", "朝阳区", "汽开区", "延边州", "宽城"} <= jilin
    assert resolved["朝阳区"].path == ("吉林省", "长春市", "朝阳区")


# -- builder --------------------------------------------------------------------------------------------------
def cached_wheel():
    """The pinned jionlp wheel if some cache holds it (CI may not: the test then skips)."""
    env = os.environ.get("ZHEVENTS_JIONLP_WHEEL")
    dirs = [Path(env)] if env else []
    dirs += [Path.home() / ".cache" / "zhevents", Path("/tmp/jio")]
    for d in dirs:
        p = d if d.is_file() else d / gz.JIONLP_WHEEL
        if p.is_file():
            return p
    return None


def test_builder_reproduces_committed_files_byte_for_byte():
    wheel = cached_wheel()
    if wheel is None:
        pytest.skip(f"{gz.JIONLP_WHEEL} not cached: `pip download --no-deps jionlp=={gz.JIONLP_VERSION} "
                    f"-d ~/.cache/zhevents` (or set ZHEVENTS_JIONLP_WHEEL) to run this check")
    built = gz.build(wheel)
    for name, text in built.items():
        assert (gz.LEXICON_DIR / name).read_bytes() == text.encode("utf-8"), name
    assert gz.build(wheel) == built  # stable across runs
    assert gz.main(["build", "--wheel", str(wheel), "--check"]) == 0


def test_builder_rejects_an_unpinned_wheel(tmp_path):
    fake = tmp_path / gz.JIONLP_WHEEL
    fake.write_bytes(b"not the pinned wheel")
    with pytest.raises(ValueError, match="sha256"):
        gz.read_wheel(fake)


def test_short_form_rules():
    assert gz.rule_city_alias("延边朝鲜族自治州") == "延边"
    assert gz.rule_city_alias("吉林市") == "吉林"
    assert gz.rule_county_alias("九台区") == "九台"
    assert gz.rule_county_alias("寿县") == "寿县"


def test_load_is_cached():
    assert load_gazetteer() is load_gazetteer()
    assert isinstance(load_gazetteer().places()[0], Place)
