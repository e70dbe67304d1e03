"""Gold annotations stay anchored to the text, and the marked-up form round-trips."""

from pathlib import Path

import pytest

from pipeline.gold import GoldError, materialize, parse_marked, read_gold, to_marked

ANN = Path(__file__).resolve().parent.parent / "annotations"


def test_every_gold_document_matches_the_current_normalized_text():
    golds = list(read_gold([ANN / "dev.jsonl", ANN / "test.jsonl"]))
    assert sum(len(g["frames"]) for g in golds) > 250
    rows = [l.split("\t") for l in (ANN / "selection.tsv").read_text("utf-8").splitlines() if l[:1] not in ("#", "s")]
    # every selected dev/test story is annotated, once
    assert sorted(g["id"] for g in golds) == sorted(set(g["id"] for g in golds))
    assert len(golds) == sum(r[0] in ("dev", "test") for r in rows) and sum(len(g["entities"]) for g in golds) > 1200
    for g in golds:
        full = materialize(g)  # raises if the normalizer changed the text or an offset drifted
        assert all(full["text"][e["start"]:e["end"]] == e["text"] for e in g["entities"])
        assert "text" not in g  # stand-off: the article text is not in the repository


def test_gold_has_no_overlapping_entities_and_only_spec_labels():
    for g in read_gold([ANN / "dev.jsonl", ANN / "test.jsonl"]):
        spans = sorted((e["start"], e["end"]) for e in g["entities"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), g["id"]
        assert {e["label"] for e in g["entities"]} <= {"OFFICIAL", "PERSON", "TITLE", "ORG", "PLACE", "DATE", "DIRECTIVE"}


def test_marked_text_round_trip():
    text = "省委书记景俊海到长春市九台区现场办公。"
    ents = [{"label": "TITLE", "start": 0, "end": 4}, {"label": "OFFICIAL", "start": 4, "end": 7},
            {"label": "PLACE", "start": 8, "end": 11}, {"label": "PLACE", "start": 11, "end": 14}]
    marked = to_marked(text, ents)
    assert marked == "⟦省委书记|TITLE⟧⟦景俊海|OFFICIAL⟧到⟦长春市|PLACE⟧⟦九台区|PLACE⟧现场办公。"
    plain, back = parse_marked(marked, expected_text=text)
    assert plain == text and [(e["label"], e["start"], e["end"]) for e in back] == [(e["label"], e["start"], e["end"]) for e in ents]


def test_an_edit_to_the_text_is_refused():
    with pytest.raises(GoldError, match="edited"):
        parse_marked("⟦省委书记|TITLE⟧景俊海到长春。", expected_text="省委书记景俊海到长春市。")
    with pytest.raises(GoldError, match="unknown label"):
        parse_marked("⟦长春|CITY⟧")


def test_frame_lines_round_trip_with_context():
    from pipeline.gold import frames_to_lines, parse_frame_lines

    block = ("MEETING | time=今天晚上 | chair=景俊海 | name=专题会议 | attendee=韩俊 | attendee=江泽林\n"
             "INSTRUCTION | speaker=景俊海 | measure=应隔尽隔 | context=MEETING\n"
             "CASE_STATS | time=4月2日0-24时 | place=长春市 | metric=新增本土确诊病例 | value=723")
    frames = parse_frame_lines(block)
    assert [f["type"] for f in frames] == ["MEETING", "INSTRUCTION", "CASE_STATS"]
    assert {"role": "context", "frame": "f1"} in frames[1]["args"]
    assert [a["text"] for a in frames[0]["args"] if a["role"] == "attendee"] == ["韩俊", "江泽林"]
    assert parse_frame_lines(frames_to_lines(frames)) == frames


def test_bad_frame_lines_are_refused():
    from pipeline.gold import parse_frame_lines

    with pytest.raises(GoldError, match="unknown type"):
        parse_frame_lines("VISIT | agent=景俊海")
    with pytest.raises(GoldError, match="not a role"):
        parse_frame_lines("INSPECTION | speaker=景俊海")
    with pytest.raises(GoldError, match="no earlier MEETING"):
        parse_frame_lines("INSTRUCTION | speaker=景俊海 | context=MEETING")


def test_unseen_split_holds_frames_only_and_stays_anchored():
    unseen = list(read_gold([ANN / "unseen.jsonl"]))
    assert len(unseen) == 20 and all(g["entities"] == [] for g in unseen)
    assert sum(len(g["frames"]) for g in unseen) >= 40
    for g in unseen:
        materialize(g)
