"""Gold annotations stay anchored to the text, and the marked-up form round-trips."""

from pathlib import Path

import pytest

from pipeline.gold import GoldError, materialize, parse_marked, read_gold, to_marked

ANN = Path(__file__).resolve().parent.parent / "annotations"


def test_every_gold_document_matches_the_current_normalized_text():
    golds = list(read_gold([ANN / "dev.jsonl", ANN / "test.jsonl"]))
    assert len(golds) == 79 and sum(len(g["entities"]) for g in golds) > 1200
    for g in golds:
        full = materialize(g)  # raises if the normalizer changed the text or an offset drifted
        assert all(full["text"][e["start"]:e["end"]] == e["text"] for e in g["entities"])
        assert "text" not in g  # stand-off: the article text is not in the repository


def test_gold_has_no_overlapping_entities_and_only_spec_labels():
    for g in read_gold([ANN]):
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
