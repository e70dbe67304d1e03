"""Gold and pipeline output through Label Studio, doccano and Prodigy records and back."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import interchange as ix
from pipeline.cli import app
from pipeline.gold import materialize, read_gold, standoff

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = [ROOT / "annotations" / f for f in ("dev.jsonl", "test.jsonl", "unseen.jsonl")]
SEED = ROOT.parent / "shared" / "corpus" / "seeds" / "000_a251911eb66d684e.txt"


def _via_json(rec):
    return json.loads(json.dumps(rec, ensure_ascii=False))  # what the tool reads is serialized JSON


def export(fmt, doc):
    return _via_json({"labelstudio": ix.to_labelstudio, "doccano": ix.to_doccano, "prodigy": ix.to_prodigy}[fmt](doc))


def import_(fmt, rec):
    if fmt == "labelstudio":
        return ix.from_labelstudio(rec)[0]
    return {"doccano": ix.from_doccano, "prodigy": ix.from_prodigy}[fmt](rec)


@pytest.fixture(scope="module")
def gold_docs():
    return [materialize(g) for g in read_gold(GOLD_FILES)]


@pytest.fixture(scope="module")
def pipeline_docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "seed.jsonl"
    exe = Path(sys.executable).with_name("zhevents")
    res = subprocess.run([str(exe), "annotate", str(SEED), "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    docs = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines() if l.strip()]
    assert docs and any(f["type"] == "CASE_STATS" for d in docs for f in d["frames"])
    return docs


@pytest.mark.parametrize("fmt", ix.FORMATS)
def test_gold_set_round_trip(gold_docs, fmt):
    assert len(gold_docs) == sum(1 for f in GOLD_FILES for l in f.read_text("utf-8").splitlines() if l.strip())
    for doc in gold_docs:
        assert import_(fmt, export(fmt, doc)) == doc, doc["id"]


@pytest.mark.parametrize("fmt", ix.FORMATS)
def test_pipeline_output_round_trip(pipeline_docs, fmt):
    for doc in pipeline_docs:
        assert import_(fmt, export(fmt, doc)) == doc, doc["id"]


def test_native_structure_covers_every_argument(gold_docs, pipeline_docs):
    """Annotators work on spans and relations: every located argument is a relation to a span with its text."""
    for doc in gold_docs + pipeline_docs:
        spans, rels, meta = ix.to_neutral(doc)
        by_id = {s["id"]: s for s in spans}
        frame_spans = [s for s in spans if s["label"] in ix.FRAME_TYPES]
        assert len(frame_spans) == len(doc["frames"])
        assert sorted((s["start"], s["end"], s["label"]) for s in spans if s["label"] in ix.LABELS) == \
            sorted((e["start"], e["end"], e["label"]) for e in doc["entities"])
        n_args = sum(len(f["args"]) + bool(f.get("time")) for f in doc["frames"])
        unanchored = sum(r is None for fm in meta["frames"] for r in fm["args"])
        unanchored += sum(fm["time"] is None and bool(fm["frame"].get("time")) for fm in meta["frames"])
        assert len(rels) == n_args - unanchored
        for r in rels:
            child = by_id[r["child"]]
            assert by_id[r["head"]]["label"] in ix.FRAME_TYPES
            if r["label"] == "context":
                assert child["label"] in ix.FRAME_TYPES
        for fm in meta["frames"]:
            f = fm["frame"]
            for a, ref in zip(f["args"], fm["args"]):
                if ref is not None and "text" in a and "entity" not in a:
                    s = by_id[ref]
                    assert doc["text"][s["start"]:s["end"]] == a["text"]
        # a pipeline frame sits on its trigger unless another frame of its type already does
        for f, fm in zip(doc["frames"], meta["frames"]):
            if f.get("trigger"):
                s = by_id[fm["span"]]
                on_trigger = (s["start"], s["end"]) == (f["trigger"]["start"], f["trigger"]["end"])
                shared = sum((g.get("trigger") or {}).get("start") == f["trigger"]["start"] and g["type"] == f["type"]
                             for g in doc["frames"]) > 1
                assert on_trigger or shared


def test_gold_frame_without_trigger_sits_on_a_trigger_word(gold_docs):
    doc = gold_docs[0]  # seed 000, story 0: 景俊海 ... 主持召开 ... 他强调
    spans, rels, meta = ix.to_neutral(doc)
    by_id = {s["id"]: s for s in spans}
    instr = [by_id[fm["span"]] for fm in meta["frames"] if fm["frame"]["type"] == "INSTRUCTION"]
    assert instr and all(doc["text"][s["start"]:s["end"]] in ("强调", "指出", "要求", "提出工作要求", "部署")
                         for s in instr)
    assert all(fm["frame"].get("trigger") is None for fm in meta["frames"])


# -- an annotator's corrections come back -----------------------------------------------------------------


def _first(doc, label):
    return next(e for e in doc["entities"] if e["label"] == label)


def _frame_with_entity_arg(doc):
    return next((f, a) for f in doc["frames"] for a in f["args"] if a.get("entity"))


def test_labelstudio_corrections(pipeline_docs):
    doc = pipeline_docs[0]
    task = export("labelstudio", doc)
    pred = task.pop("predictions")[0]
    result = copy.deepcopy(pred["result"])
    person = _first(doc, "PERSON")
    frame, arg = _frame_with_entity_arg(doc)
    for r in result:  # relabel PERSON -> OFFICIAL, as the annotator would in the region panel
        if r["type"] == "labels" and r["id"] == f"ent-{person['id']}":
            r["value"]["labels"] = ["OFFICIAL"]
    # delete one argument relation
    result = [r for r in result if not (r["type"] == "relation" and r["from_id"] == f"frm-{frame['id']}"
                                        and r["to_id"] == f"ent-{arg['entity']}" and r["labels"] == [arg["role"]])]
    # add a span (LS generates the id) and a relation to it, drawn from the argument to the frame
    text = doc["text"]
    pos = text.index("吉林")
    result.append({"id": "Xy12_ab", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                   "value": {"start": pos, "end": pos + 2, "text": "吉林", "labels": ["PLACE"]}})
    result.append({"from_id": "Xy12_ab", "to_id": f"frm-{frame['id']}", "type": "relation", "direction": "left",
                   "labels": ["place"]})
    task["id"] = 7
    task["predictions"] = [pred]
    task["annotations"] = [
        {"id": 1, "result": [], "was_cancelled": True, "updated_at": "2024-05-02T10:00:00Z"},
        {"id": 2, "result": result, "was_cancelled": False, "updated_at": "2024-05-01T10:00:00Z", "lead_time": 9.1},
        {"id": 3, "result": pred["result"], "was_cancelled": False, "updated_at": "2024-04-01T10:00:00Z"},
    ]
    got, used, warnings = ix.from_labelstudio(task)
    assert used == "annotation" and not warnings
    e = next(x for x in got["entities"] if x["id"] == person["id"])
    assert e["label"] == "OFFICIAL" and e["attrs"] == {}
    new = [x for x in got["entities"] if x["start"] == pos and x["end"] == pos + 2 and x["label"] == "PLACE"]
    assert len(new) == 1 and new[0]["id"] not in {x["id"] for x in doc["entities"]}
    gf = next(f for f in got["frames"] if f["id"] == frame["id"])
    assert {"role": "place", "text": "吉林", "entity": new[0]["id"]} in gf["args"]
    assert gf["args"].count(arg) == frame["args"].count(arg) - 1
    others = [f for f in got["frames"] if f["id"] != frame["id"]]
    assert others == [f for f in doc["frames"] if f["id"] != frame["id"]]


def test_doccano_corrections(gold_docs):
    doc = gold_docs[0]
    rec = export("doccano", doc)
    # doccano renumbers everything on export
    renum = {x["id"]: 1000 + i for i, x in enumerate(rec["entities"])}
    for x in rec["entities"]:
        x["id"] = renum[x["id"]]
    for r in rec["relations"]:
        r["from_id"], r["to_id"] = renum[r["from_id"]], renum[r["to_id"]]
    date = _first(doc, "DATE")
    victim = next(x for x in rec["entities"] if (x["start_offset"], x["end_offset"]) == (date["start"], date["end"]))
    victim["label"] = "PLACE"
    rec["entities"] = [x for x in rec["entities"] if x["label"] != "TITLE"]  # the annotator removes all TITLE spans
    gone = {renum_id for renum_id in renum.values()} - {x["id"] for x in rec["entities"]}
    rec["relations"] = [r for r in rec["relations"] if r["from_id"] not in gone and r["to_id"] not in gone]
    n_rel_before = len(export("doccano", doc)["relations"])
    removed_args = n_rel_before - len(rec["relations"])  # relations to TITLE spans went with them (no time among them)
    topic = next(r for r in rec["relations"] if r["type"] == "topic")
    topic["type"] = "reporter"
    got = ix.from_doccano(rec)
    assert not any(e["label"] == "TITLE" for e in got["entities"])
    assert next(e for e in got["entities"] if e["id"] == date["id"])["label"] == "PLACE"
    assert len(got["entities"]) == len(doc["entities"]) - sum(e["label"] == "TITLE" for e in doc["entities"])
    roles = lambda d: [a["role"] for f in d["frames"] for a in f["args"]]  # noqa: E731
    assert len(roles(got)) == len(roles(doc)) - removed_args
    assert roles(got).count("topic") == roles(doc).count("topic") - 1
    assert roles(got).count("reporter") >= 1 + roles(doc).count("reporter") - removed_args


def test_doccano_plain_label_form():
    text = "省委书记景俊海来到长春市。"
    got = ix.from_doccano({"text": text, "label": [[0, 4, "TITLE"], [4, 7, "OFFICIAL"], [9, 12, "PLACE"]]})
    assert [(e["text"], e["label"]) for e in got["entities"]] == [("省委书记", "TITLE"), ("景俊海", "OFFICIAL"),
                                                                  ("长春市", "PLACE")]
    assert got["frames"] == [] and got["id"].startswith("sha1:")


def test_prodigy_corrections_and_skips(pipeline_docs):
    doc = pipeline_docs[0]
    task = export("prodigy", doc)
    task["_input_hash"], task["_task_hash"], task["_view_id"] = 1, 2, "relations"
    frame = next(f for f in doc["frames"] if f["type"] == "MEETING")
    fspan = next(s for s in task["spans"] if s["label"] == "MEETING")
    fspan["label"] = "INSPECTION"
    for r in task["relations"]:
        for k in ("head_span", "child_span"):
            if r[k]["start"] == fspan["start"] and r[k]["end"] == fspan["end"] and r[k]["label"] == "MEETING":
                r[k]["label"] = "INSPECTION"
        if r["head_span"]["label"] == "INSPECTION" and r["label"] == "chair":
            r["label"] = "agent"
    task["relations"] = [r for r in task["relations"] if not (r["head_span"]["label"] == "INSPECTION"
                                                              and r["label"] in ("name", "attendee"))]
    got = ix.from_prodigy(task)
    gf = next(f for f in got["frames"] if f["id"] == frame["id"])
    assert gf["type"] == "INSPECTION" and gf["trigger"] == frame["trigger"]
    assert [a["role"] for a in gf["args"]].count("agent") == [a["role"] for a in frame["args"]].count("chair")
    assert not any(a["role"] in ("chair", "name", "attendee") for a in gf["args"])
    assert ix.from_prodigy(dict(task, answer="reject")) is None
    assert ix.from_prodigy(dict(task, answer="ignore")) is None


# -- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ix.FORMATS)
def test_bad_records_are_named_errors(gold_docs, fmt):
    rec = export(fmt, gold_docs[0])
    if fmt == "labelstudio":
        res = rec["predictions"][0]["result"]
        res[0]["value"]["end"] = 10 ** 6
    elif fmt == "doccano":
        rec["entities"][0]["end_offset"] = 10 ** 6
    else:
        rec["spans"][0]["end"] = 10 ** 6
    with pytest.raises(ix.InterchangeError, match="outside the text"):
        import_(fmt, rec)
    rec = export(fmt, gold_docs[0])
    if fmt == "labelstudio":
        rel = next(r for r in rec["predictions"][0]["result"] if r["type"] == "relation")
        rel["to_id"] = "nowhere"
    elif fmt == "doccano":
        rec["relations"][0]["to_id"] = 99999
    else:
        rec["relations"][0]["child_span"]["start"] += 1
    with pytest.raises(ix.InterchangeError, match=r"(not a span|not one of the task's spans)"):
        import_(fmt, rec)
    with pytest.raises(ix.InterchangeError, match="sha1:"):  # the message names the record
        import_(fmt, rec)


def test_unknown_label_and_role():
    with pytest.raises(ix.InterchangeError, match="unknown span label 'LOC'"):
        ix.from_doccano({"text": "长春市", "label": [[0, 3, "LOC"]]})
    rec = {"text": "景俊海强调", "entities": [{"id": 1, "label": "OFFICIAL", "start_offset": 0, "end_offset": 3},
                                            {"id": 2, "label": "INSTRUCTION", "start_offset": 3, "end_offset": 5}],
           "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "chair"}]}
    with pytest.raises(ix.InterchangeError, match="'chair' is not a role of INSTRUCTION"):
        ix.from_doccano(rec)
    rec["relations"][0]["type"] = "speaker"
    got = ix.from_doccano(rec)
    assert got["frames"][0]["args"] == [{"role": "speaker", "text": "景俊海", "entity": "e1"}]
    assert got["frames"][0]["trigger"] == {"text": "强调", "start": 3, "end": 5}


# -- CLI ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ix.FORMATS)
def test_cli_round_trip_to_standoff(tmp_path, fmt):
    runner = CliRunner()
    gold = ROOT / "annotations" / "test.jsonl"
    out = tmp_path / ("tasks.json" if fmt == "labelstudio" else "tasks.jsonl")
    res = runner.invoke(app, ["gold", "export", "--to", fmt, str(gold), "-o", str(out)])
    assert res.exit_code == 0, res.output
    if fmt == "labelstudio":
        config = (tmp_path / "tasks.config.xml").read_text(encoding="utf-8")
        assert '<Label value="OFFICIAL"' in config and '<Relation value="measure"/>' in config
    back = tmp_path / "back.jsonl"
    res = runner.invoke(app, ["gold", "import", "--from", fmt, str(out), "-o", str(back), "--standoff"])
    assert res.exit_code == 0, res.output
    orig = [json.loads(l) for l in gold.read_text("utf-8").splitlines() if l.strip()]
    assert [json.loads(l) for l in back.read_text("utf-8").splitlines()] == orig


def test_cli_bad_input(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "长春市", "label": [[0, 9, "PLACE"]]}\nnot json\n', encoding="utf-8")
    res = runner.invoke(app, ["gold", "import", "--from", "doccano", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and "not JSON" in res.output and "Traceback" not in res.output
    bad.write_text('{"text": "长春市", "label": [[0, 9, "PLACE"]]}\n{"text": "长春市", "label": [[0, 3, "PLACE"]]}\n',
                   encoding="utf-8")
    res = runner.invoke(app, ["gold", "import", "--from", "doccano", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and "record 1" in res.output and "outside the text" in res.output
    assert len((tmp_path / "o.jsonl").read_text("utf-8").splitlines()) == 1  # the good record is still written
    res = runner.invoke(app, ["gold", "import", "--from", "excel", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and "unknown format" in res.output
    notdoc = tmp_path / "x.jsonl"
    notdoc.write_text('{"foo": 1}\n', encoding="utf-8")
    res = runner.invoke(app, ["gold", "export", "--to", "prodigy", str(notdoc), "-o", str(tmp_path / "p.jsonl")])
    assert res.exit_code == 2 and "x.jsonl:1" in res.output


def test_cli_prodigy_skips_are_reported(tmp_path, gold_docs):
    recs = [export("prodigy", d) for d in gold_docs[:3]]
    recs[1]["answer"] = "reject"
    f = tmp_path / "db.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    res = CliRunner().invoke(app, ["gold", "import", "--from", "prodigy", str(f), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0 and "1 tasks answered reject/ignore skipped" in res.output
    assert "task 2: answer 'reject'" in res.output
    got = [json.loads(l) for l in (tmp_path / "o.jsonl").read_text("utf-8").splitlines()]
    assert got == [gold_docs[0], gold_docs[2]]
    assert [standoff(g) for g in got][0]["id"] == gold_docs[0]["id"]
