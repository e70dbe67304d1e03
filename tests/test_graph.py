"""The event graph (pipeline/graph.py), its exporters (pipeline/export.py) and `zhevents graph`.

Built from the seeds, annotated once per session with the saved pipeline. Every export format is
read back by its consumer: networkx for GraphML, GEXF and node-link JSON, the csv module for
events.csv, LadybugDB for the embedded database; the Neo4j files are checked against the rules of
neo4j-admin's CSV header format and against the LOAD CSV script (no Neo4j server runs here).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from conftest import SEEDS
from pipeline import export as X
from pipeline.graph import (EventGraph, Filters, build_from_paths, build_graph, norm_metric, parse_when,
                            when_in_range)


@pytest.fixture(scope="session")
def seed_jsonl(nlp, tmp_path_factory) -> Path:
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    path = tmp_path_factory.mktemp("graph") / "seeds.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for art, doc in annotate(nlp, read_articles([str(SEEDS)])):
            fh.write(json.dumps(record(art, doc, with_tokens=False), ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def eg(seed_jsonl) -> EventGraph:
    return build_from_paths([seed_jsonl])


@pytest.fixture(scope="session")
def exported(eg, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return X.export(eg, out, ["all"])


def _stem(eg: EventGraph, doc_id: str) -> str:
    d = eg.documents[doc_id]
    return f"{Path(d['path']).name[:3]}#{d['story']}"


def _groups(eg: EventGraph):
    """Merged events as comparable facts: (type, day, what) and which seed stories reported them."""
    out = []
    for ev in eg.merged():
        node = eg.graph.nodes[ev.id]
        what = node.get("name") or node.get("actor") or ""
        if ev.type == "CASE_STATS":
            what = f"{norm_metric(node['metric'])} {node['value']}"
        out.append(((ev.type, node["date"][5:], what), sorted(_stem(eg, d) for d in ev.documents)))
    return out


# ---------------------------------------------------------------------------------------------- dates


def test_frame_times_become_days():
    w = parse_when("XXXX-04-02T00:00/XXXX-04-02T24:00")  # 4月2日0-24时
    assert (w.kind, w.year, w.month, w.day, w.iso) == ("day", None, 4, 2, "XXXX-04-02")
    w = parse_when("2022-03-12T00:00/2022-03-13T00:00")
    assert (w.kind, w.iso) == ("day", "2022-03-12")
    assert parse_when("../XXXX-04-02T24:00").iso == "XXXX-04-02"  # 截至4月2日24时
    assert parse_when("../2022-03-13T00:00").iso == "2022-03-12"
    assert (parse_when("2022-03").kind, parse_when("2022-03").iso) == ("month", "2022-03")
    rng = parse_when("2022-04-01/2022-04-03")
    assert (rng.kind, rng.iso, rng.iso_end) == ("range", "2022-04-01", "2022-04-03")
    assert parse_when(None).kind == "none" and parse_when("近日").kind == "none"


def test_date_filters_and_unknown_years():
    lo, hi = dt.date(2022, 4, 1), dt.date(2022, 4, 30)
    assert when_in_range(parse_when("XXXX-04-02"), lo, hi)            # may be in range: kept
    assert not when_in_range(parse_when("XXXX-04-02"), lo, hi, strict=True)
    assert not when_in_range(parse_when("XXXX-03-16"), lo, hi)        # no year puts it in April
    assert when_in_range(parse_when("2022-04"), lo, hi)                # month overlaps
    assert not when_in_range(parse_when("2021-04-02"), lo, hi)
    assert not when_in_range(parse_when(None), lo, hi)                 # undated never passes
    assert not when_in_range(parse_when("XXXX-02-29"), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    f = Filters.make("2022-03", "2022-03")
    assert (f.date_from, f.date_to) == (dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    with pytest.raises(ValueError):
        Filters.make("2022-05-01", "2022-04-01")
    with pytest.raises(ValueError):
        Filters.make(types=["VISIT"])


# ---------------------------------------------------------------------------------------------- dedup


# Every merge the rule may make on the seeds, checked by hand against the texts, with the stories
# that report each event. Seed 002 story 1 is the MEETING 长春疫情防控保卫战决战决胜阶段工作推进会 of
# 2 April, and seed 000 story 7 reports it (在…推进会上，…景俊海要求…). Seeds 000 (story 1, the
# provincial press conference; story 2, the Jilin City bulletin) and 002 (story 2, 吉林省卫健委)
# give the same 2 April figures: the province, then the cities (其中长春市723例、吉林市230例…).
BOTH, ALL3 = {"000#1", "002#2"}, {"000#1", "000#2", "002#2"}
ACCEPTED = {
    ("MEETING", "04-02", "长春疫情防控保卫战决战决胜阶段工作推进会"): {"000#7", "002#1"},
    **{("CASE_STATS", "04-02", f"新增本土确诊病例 {v}"): BOTH for v in (956, 723, 2, 1)},
    ("CASE_STATS", "04-02", "新增本土确诊病例 230"): ALL3,
    **{("CASE_STATS", "04-02", f"新增本土无症状感染者 {v}"): BOTH for v in (3499, 3100, 1)},  # 1: 白城市, 白山市
    ("CASE_STATS", "04-02", "新增本土无症状感染者 397"): ALL3,
    **{("CASE_STATS", "04-02", f"新增治愈出院确诊病例 {v}"): BOTH for v in (2137, 1488, 8, 2)},
    ("CASE_STATS", "04-02", "新增治愈出院确诊病例 639"): ALL3,
    **{("CASE_STATS", "04-02", f"新增解除隔离医学观察无症状感染者 {v}"): BOTH for v in (566, 107, 1)},
    ("CASE_STATS", "04-02", "新增解除隔离医学观察无症状感染者 458"): ALL3,
}
# The ones the issue names: they must be found.
MUST = [("MEETING", "04-02", "长春疫情防控保卫战决战决胜阶段工作推进会")] + [
    ("CASE_STATS", "04-02", w) for w in ("新增本土确诊病例 956", "新增治愈出院确诊病例 2137", "新增本土无症状感染者 3100",
                                         "新增本土无症状感染者 397", "新增解除隔离医学观察无症状感染者 458")]


def test_repeated_reports_are_one_event(eg):
    found = _groups(eg)
    # precision: every merge is a hand-checked one, joining only stories that report that event
    for key, stories in found:
        assert key in ACCEPTED and set(stories) <= ACCEPTED[key], (key, stories)
    # a merged figure is about one place (白城市 1 and 白山市 1 are not one figure)
    for ev in eg.merged():
        if ev.type == "CASE_STATS":
            assert len(ev.nodes({"AT"})) <= 1, eg.graph.nodes[ev.id]["label"]
    # recall on what the issue names: the meeting and the province's figures, reported twice
    keys = {k: set(s) for k, s in found}
    for key in MUST:
        assert key in keys and {"000#1", "002#2"} & keys[key] or key[0] == "MEETING", key
    assert keys[MUST[0]] == {"000#7", "002#1"}
    assert len(found) >= 12


def test_the_changchun_meeting_has_one_report_per_source(eg):
    g = eg.graph
    [ev] = [n for n, d in g.nodes(data=True) if d.get("name") == "长春疫情防控保卫战决战决胜阶段工作推进会"]
    node = g.nodes[ev]
    assert (node["event_type"], node["date"], node["actor"], node["reports"]) == ("MEETING", "XXXX-04-02", "景俊海", 2)
    reported = [v for _, v, d in g.out_edges(ev, data=True) if d["rel"] == "REPORTED_IN"]
    assert sorted(_stem(eg, g.nodes[v]["doc_id"]) for v in reported) == ["000#7", "002#1"]
    for v in reported:
        sentence = g.edges[ev, v, "REPORTED_IN"]["sentence"]
        assert "决战决胜阶段工作推进会" in sentence
    assert g.has_edge("official:景俊海", ev, key="CHAIR")
    assert g.has_edge("official:江泽林", ev, key="ATTENDEE")


def test_distinct_events_stay_apart(eg):
    g = eg.graph
    events = {n: d for n, d in g.nodes(data=True) if d["node_type"] == "Event"}
    # 韩俊 inspected 吉林市 on 2 and on 3 April: two events
    han = [d for n, d in events.items() if d["event_type"] == "INSPECTION" and d.get("actor") == "韩俊"]
    assert {"XXXX-04-02", "XXXX-04-03"} <= {d["date"] for d in han}
    assert all(d["reports"] == 1 for d in han)
    # 景俊海's 长春新区 inspection in the morning of 2 April is not the meeting of the afternoon
    jing_0402 = [d for d in events.values() if d.get("actor") == "景俊海" and d["date"] == "XXXX-04-02"]
    assert {d["event_type"] for d in jing_0402} >= {"INSPECTION", "MEETING"}
    # the same small count in two places is two figures: 白山市 1 and 白城市 1
    ones = [n for n, d in events.items() if d["event_type"] == "CASE_STATS" and d.get("value") == 1
            and "无症状" in d["metric"] and "解除" not in d["metric"]]
    places = [sorted(g.nodes[v]["name"] for _, v, k in g.out_edges(n, keys=True) if k == "AT") for n in ones]
    assert ["白城市"] in places and ["白山市"] in places
    # the frame count is conserved: every frame is in exactly one event
    assert sum(len(list(e.all_frames())) for e in eg.events) == len(eg.rows())


def test_merged_event_takes_a_known_year():
    def doc(i, date, value):
        return {"id": f"d{i}", "source": {"path": f"p{i}.txt", "date": date}, "text": f"全省新增本土确诊病例{value}例。",
                "entities": [], "frames": [{"id": "f1", "type": "CASE_STATS", "trigger": {"text": "新增本土确诊病例", "start": 2},
                                            "time": {"value": date}, "args": [
                    {"role": "metric", "text": "新增本土确诊病例"}, {"role": "value", "text": str(value)}]}]}
    g = build_graph([doc(1, "XXXX-04-02", 956), doc(2, "2022-04-02", 956), doc(3, "2021-04-02", 956)])
    # one year unknown: it joins one of the dated reports, never both (two known years conflict)
    assert sorted(len(e.documents) for e in g.events) == [1, 2]
    merged = g.merged()[0]
    assert g.graph.nodes[merged.id]["year_known"] and g.graph.nodes[merged.id]["date"].endswith("-04-02")


def test_reprinted_stories_report_the_event_again():
    def doc(path, story, also_in=()):
        d = {"id": "sha1:same", "source": {"path": path, "story": story, "date": "2022-05-01", "title": "t"},
             "text": "景俊海主持召开会议。", "entities": [
                 {"id": "e1", "label": "OFFICIAL", "text": "景俊海", "start": 0, "end": 3, "attrs": {"canonical": "景俊海"}}],
             "frames": [{"id": "f1", "type": "MEETING", "trigger": {"text": "主持召开", "start": 3},
                         "time": {"value": "2022-05-01"}, "args": [{"role": "chair", "entity": "e1", "text": "景俊海"}]}]}
        if also_in:
            d["also_in"] = [{"path": p, "story": s, "date": "2022-05-02"} for p, s in also_in]
        return d
    # `zhevents annotate` wrote the story once with also_in; another batch has it again, and once more identical
    g = build_graph([doc("a.md", 0, [("b.md", 3)]), doc("c.md", 1), doc("a.md", 0)])
    [ev] = g.events
    assert g.reports(ev) == 3 and g.graph.nodes[ev.id]["reports"] == 3 and not g.merged() and g.reprinted() == [ev]
    docs = sorted(g.graph.nodes[v]["path"] for _, v, k in g.graph.out_edges(ev.id, keys=True) if k == "REPORTED_IN")
    assert docs == ["a.md", "b.md", "c.md"]
    assert g.graph.edges["official:景俊海", ev.id, "CHAIR"]["reports"] == 3


# ---------------------------------------------------------------------------------------------- entities


def test_entities_are_one_node_across_documents(eg):
    g = eg.graph
    jing = g.nodes["official:景俊海"]
    assert {"省委书记", "吉林省委书记"} <= set(jing["titles"])
    hist = {h["title"]: h for h in jing["title_history"]}
    assert hist["省委书记"]["documents"] >= 3 and "2022-03-14" in hist["省委书记"]["dates"]
    assert any(d.startswith("XXXX-04") for d in hist["省委书记"]["dates"])
    assert jing["events"] >= 5
    # 九台 and 九台区 are one place, inside 长春市, 吉林省, 中国
    jiutai = g.nodes["place:吉林省/长春市/九台区"]
    assert {"九台", "九台区"} <= set(jiutai["aliases"])
    chain, cur = [], "place:吉林省/长春市/九台区"
    while True:
        up = [v for _, v, k in g.out_edges(cur, keys=True) if k == "PART_OF"]
        if not up:
            break
        cur = up[0]
        chain.append(g.nodes[cur]["name"])
    assert chain == ["长春市", "吉林省", "中国"]
    # a community is kept apart from same-named ones elsewhere: keyed under its city
    assert "place:吉林省/吉林市/人民广场小区" in g
    assert g.has_edge("place:吉林省/吉林市/人民广场小区", "place:吉林省/吉林市", key="PART_OF")
    # 全省 in the case figures is the document's province
    [e956] = [n for n, d in g.nodes(data=True) if d.get("value") == 956]
    assert [v for _, v, k in g.out_edges(e956, keys=True) if k == "AT"] == ["place:吉林省"]
    # relative organisation names are qualified: 省委 in a Jilin story is 吉林省委
    assert "org:吉林省委" in g and "org:省委" not in g
    assert g.nodes["measure:流调"]["oxcgrt"] == "H3"


def test_instructions_are_folded_into_their_event(eg):
    g = eg.graph
    [insp] = [n for n, d in g.nodes(data=True) if d["node_type"] == "Event" and d["event_type"] == "INSPECTION"
              and g.has_edge(n, "place:吉林省/长春市/长春汽车经济技术开发区", key="AT")]
    assert g.has_edge("official:景俊海", insp, key="AGENT")
    assert g.has_edge("official:景俊海", insp, key="SPEAKER")
    ordered = g.edges[insp, "measure:敲门行动", "ORDERED"]
    assert ordered["by"] == ["景俊海"]
    frames = [r for r in eg.rows() if r["event_id"] == insp]
    assert len(frames) >= 2 and sum(1 for r in frames if r["folded_into"]) == len(frames) - 1
    assert all(d["rel"] in X.REL_COLUMNS for *_, d in g.edges(data=True))


def test_filters(seed_jsonl, eg):
    april = build_from_paths([seed_jsonl], Filters.make("2022-04-01", "2022-04-30"))
    assert april.events and all(e.when.month == 4 for e in april.events)
    assert not build_from_paths([seed_jsonl], Filters.make("2022-04-01", "2022-04-30", strict_dates=True)).events
    march = build_from_paths([seed_jsonl], Filters.make("2022-03-01", "2022-03-31", strict_dates=True))
    assert march.events and all(e.when.year == 2022 for e in march.events)
    han = build_from_paths([seed_jsonl], Filters.make(officials=["韩俊"]))
    assert han.events and all("official:韩俊" in e.nodes() for e in han.events)
    assert "official:孙春兰" not in han.graph
    changchun = build_from_paths([seed_jsonl], Filters.make(places=["长春"], types=["inspection"]))
    names = {changchun.graph.nodes[p]["name"] for e in changchun.events for p in e.nodes({"AT", "TARGET"})}
    assert {e.type for e in changchun.events} == {"INSPECTION"} and "九台区" in names
    assert len(changchun.events) < len([e for e in eg.events if e.type == "INSPECTION"])


# ---------------------------------------------------------------------------------------------- exports


def _same_shape(g: nx.MultiDiGraph, h):
    assert h.number_of_nodes() == g.number_of_nodes()
    assert h.number_of_edges() == g.number_of_edges()
    assert Counter(d["node_type"] for _, d in h.nodes(data=True)) == Counter(d["node_type"] for _, d in g.nodes(data=True))
    assert Counter(d["rel"] for *_, d in h.edges(data=True)) == Counter(d["rel"] for *_, d in g.edges(data=True))


def test_graphml_and_gexf_read_back(eg, exported):
    g = eg.graph
    gm = nx.read_graphml(exported["graphml"], force_multigraph=True)
    _same_shape(g, gm)
    assert json.loads(gm.nodes["official:景俊海"]["titles"]) == g.nodes["official:景俊海"]["titles"]
    assert gm.nodes["place:吉林省/长春市/九台区"]["label"] == "九台区"
    gx = nx.read_gexf(exported["gexf"])
    _same_shape(g, gx)
    assert gx.nodes["official:景俊海"]["label"] == "景俊海"
    assert gx.nodes["official:景俊海"]["viz"]["color"]["r"] == int(X.COLORS["Official"][1:3], 16)
    text = exported["gexf"].read_text(encoding="utf-8")
    assert 'xmlns="http://www.gexf.net/1.2draft"' in text
    ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == g.number_of_edges()   # Gephi needs unique edge ids


def test_node_link_json_reads_back(eg, exported):
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    h = nx.node_link_graph(data, edges="edges")
    _same_shape(eg.graph, h)
    assert h.nodes["official:景俊海"]["title_history"] == eg.graph.nodes["official:景俊海"]["title_history"]


def test_events_csv(eg, exported):
    raw = exported["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    with open(exported["csv"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == X.EVENT_CSV_COLUMNS
    assert len(rows) == len(eg.rows()) == sum(len(list(e.all_frames())) for e in eg.events)
    meeting = [r for r in rows if r["name"] == "长春疫情防控保卫战决战决胜阶段工作推进会"]
    assert meeting and {r["reports"] for r in meeting} == {"2"}
    seven = [r for r in rows if r["event_id"] == meeting[0]["event_id"]]
    assert {r["type"] for r in seven} >= {"MEETING", "INSTRUCTION"}
    inspection = next(r for r in rows if r["type"] == "INSPECTION" and "长春汽车经济技术开发区" in r["places"])
    assert inspection["main_actor"] == "景俊海" and "应检尽检" in inspection["measures"]
    assert inspection["document"].startswith("sha1:") and inspection["sentence"]


def test_neo4j_files_follow_the_import_format(eg, exported):
    d = exported["neo4j"]
    ids, labels = {}, Counter()
    checks = {"long": int, "int": int, "boolean": lambda v: {"true": True, "false": False}[v],
              "date": dt.date.fromisoformat, "string[]": lambda v: v.split(";")}
    for f in sorted(d.glob("nodes_*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        assert header[0] == "id:ID" and header[-1] == ":LABEL" and len(set(header)) == len(header)
        for r in rows[1:]:
            assert len(r) == len(header)
            assert r[0] not in ids, f"duplicate id {r[0]}"
            ids[r[0]] = r[-1]
            labels[r[-1]] += 1
            for col, val in zip(header[1:-1], r[1:-1]):
                typ = col.split(":")[1] if ":" in col else "string"
                if val:
                    checks.get(typ, str)(val)
    assert labels == Counter(dd["node_type"] for _, dd in eg.graph.nodes(data=True))
    n_rels = 0
    for f in sorted(d.glob("rels_*.csv")):
        rel, a, b = f.stem.split("_", 1)[1].rsplit("_", 2)
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
        for r in rows[1:]:
            assert (ids[r[0]], ids[r[1]], r[2]) == (a, b, rel)
            n_rels += 1
    assert n_rels == eg.graph.number_of_edges()
    # the LOAD CSV script names every file, and only columns that exist
    script = (d / "load.cypher").read_text(encoding="utf-8")
    headers = {f.name: next(csv.reader(open(f, encoding="utf-8"))) for f in d.glob("*.csv")}
    for stmt in script.split(";\n"):
        m = re.search(r"FROM 'file:///([^']+)'", stmt)
        if not m:
            continue
        for col in re.findall(r"row\.`([^`]+)`", stmt):
            assert col in headers[m.group(1)], (m.group(1), col)
    assert set(re.findall(r"file:///([^']+)", script)) == set(headers)
    assert set(re.findall(r"--(?:nodes|relationships)=(\S+)", (d / "import.sh").read_text())) == set(headers)


def test_ladybug_database(eg, tmp_path):
    pytest.importorskip("ladybug")
    db = tmp_path / "events.lbug"
    counts = X.load_ladybug(eg, db)
    assert counts["Event"] == len(eg.events)
    with pytest.raises(X.ExportError):
        X.load_ladybug(eg, db)
    results = {key: (cols, rows) for key, _, _, cols, rows in X.iter_example_results(db)}
    cols, rows = results["inspected"]
    assert cols == ["place", "date", "reports"]
    assert {"九台区", "长春市"} <= {r[0] for r in rows}
    measures = {r[0] for r in results["measures_in"][1]}
    assert {"全员核酸检测", "应隔尽隔"} <= measures
    pairs = {tuple(r[:2]) for r in results["together"][1]}
    assert ("景俊海", "韩俊") in pairs or ("江泽林", "景俊海") in pairs
    _, [[n]] = X.query_ladybug(db, "MATCH (:Event)-[r:REPORTED_IN]->(:Document) RETURN count(r)")
    assert n == sum(1 for *_, d in eg.graph.edges(data=True) if d["rel"] == "REPORTED_IN")


# ---------------------------------------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def cli():
    from pipeline.graph_cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_graph_command(cli, seed_jsonl, tmp_path):
    res = cli("graph", seed_jsonl, "-o", tmp_path / "out", "--format", "graphml", "--format", "csv",
              "--db", tmp_path / "g.lbug", "--merges")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "graph.graphml").exists() and (tmp_path / "out" / "events.csv").exists()
    assert "REPORTED_IN" in res.output and "Event" in res.output and "决战决胜" in res.output
    res = cli("graph", seed_jsonl, "-o", tmp_path / "one.gexf", "--official", "韩俊", "--from", "2022-04-01")
    assert res.exit_code == 0, res.output
    assert nx.read_gexf(tmp_path / "one.gexf").number_of_nodes() > 0


@pytest.mark.parametrize("args, message", [
    (["graph", "MISSING.jsonl", "-o", "x.graphml"], "no such file"),
    (["graph", "SEEDS", "-o", "x.graphml", "--from", "April"], "not a date"),
    (["graph", "SEEDS", "-o", "x.graphml", "--format", "pdf"], "unknown format"),
    (["graph", "SEEDS", "-o", "x.graphml", "--format", "gexf"], "suffix of graphml"),
    (["graph", "SEEDS", "--type", "VISIT", "-o", "x.json"], "unknown event type"),
    (["graph", "SEEDS"], "nothing to write"),
])
def test_graph_command_errors(cli, seed_jsonl, tmp_path, args, message):
    args = [str(seed_jsonl) if a == "SEEDS" else (str(tmp_path / a) if a.startswith("x.") else a) for a in args]
    res = cli(*args)
    assert res.exit_code == 2 and message in res.output, res.output
