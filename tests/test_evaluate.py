"""Scoring per SPEC section 5, on documents whose correct scores are worked out by hand."""

import json

from pipeline.evaluate import score

TEXT = "省委书记景俊海主持召开会议。韩俊出席。"


def doc(ents, frames=(), id_="d1"):
    return {"id": id_, "text": TEXT, "entities": [dict(e, id=f"e{i}") for i, e in enumerate(ents)], "frames": list(frames)}


GOLD = doc([
    {"label": "TITLE", "start": 0, "end": 4, "text": "省委书记"},
    {"label": "OFFICIAL", "start": 4, "end": 7, "text": "景俊海"},
    {"label": "OFFICIAL", "start": 14, "end": 16, "text": "韩俊"},
], [{"type": "MEETING", "args": [{"role": "chair", "entity": "e1", "text": "景俊海"}, {"role": "attendee", "text": "韩俊"}]}])


def test_exact_span_scores_per_label():
    pred = doc([
        {"label": "TITLE", "start": 0, "end": 4, "text": "省委书记"},
        {"label": "OFFICIAL", "start": 4, "end": 7, "text": "景俊海"},
        {"label": "OFFICIAL", "start": 13, "end": 16, "text": "。韩俊"},  # wrong boundary
        {"label": "ORG", "start": 0, "end": 2, "text": "省委"},  # spurious
    ])
    rep = score([GOLD], [pred])
    assert (rep.spans["OFFICIAL"].tp, rep.spans["OFFICIAL"].fp, rep.spans["OFFICIAL"].fn) == (1, 1, 1)
    assert rep.spans["TITLE"].f == 1.0 and rep.spans["ORG"].p == 0.0
    micro = rep.micro(rep.spans)
    assert (micro.tp, micro.fp, micro.fn) == (2, 2, 1)
    assert abs(micro.f - 2 * 0.5 * (2 / 3) / (0.5 + 2 / 3)) < 1e-9


def test_text_pairs_count_each_string_once_per_document():
    pred = doc([{"label": "OFFICIAL", "start": 4, "end": 7, "text": "景俊海"},
                {"label": "OFFICIAL", "start": 4, "end": 7, "text": "景俊海"}])
    rep = score([GOLD], [pred], labels=["OFFICIAL"])
    assert (rep.pairs["OFFICIAL"].tp, rep.pairs["OFFICIAL"].fp, rep.pairs["OFFICIAL"].fn) == (1, 0, 1)


def test_frame_triples_and_main_actor_recall():
    pred = doc([], [{"type": "MEETING", "args": [{"role": "chair", "text": "景俊海"}, {"role": "attendee", "text": "江泽林"}]},
                    {"type": "INSTRUCTION", "args": [{"role": "speaker", "text": "韩俊"}]}])
    rep = score([GOLD], [pred])
    assert (rep.frames.tp, rep.frames.fp, rep.frames.fn) == (1, 2, 1)
    assert rep.main_actor == (1, 1)
    wrong_type = doc([], [{"type": "INSPECTION", "args": [{"role": "agent", "text": "景俊海"}]}])
    assert score([GOLD], [wrong_type]).main_actor == (0, 1)


def test_documents_pair_by_id_and_unpaired_gold_is_reported():
    rep = score([GOLD, dict(GOLD, id="d2")], [GOLD])
    assert rep.documents == 1 and rep.unpaired == ["d2"]
    assert rep.micro(rep.spans).f == 1.0
    json.dumps(rep.as_dict())  # the JSON report is serializable


def test_compare_table_names_each_model_by_its_folder():
    from pipeline.evaluate import Report, compare_table

    head = compare_table({"/work/repo/models/zh_events": Report(), "models/zh_events_trained": Report()}).splitlines()[0]
    assert head.split()[:2] == ["zh_events", "zh_events_trained"]


def test_a_split_without_gold_entities_scores_no_entities_even_for_stories_without_frames():
    framed = dict(GOLD, entities=[])
    empty = {"id": "d2", "text": TEXT, "entities": [], "frames": []}  # a story of the split with nothing to find
    pred = doc([{"label": "OFFICIAL", "start": 4, "end": 7, "text": "景俊海"}])
    rep = score([framed, empty], [pred, dict(pred, id="d2")])
    assert rep.spans == {} and rep.documents == 2
    # in a split that has gold entities, a story without any is scored as usual (its predictions are false)
    rep = score([GOLD, empty], [pred, dict(pred, id="d2")])
    assert rep.spans["OFFICIAL"].fp == 1


def test_inspections_with_place_and_time_count_the_agents_frames():
    def insp(agent, places, time):
        return {"type": "INSPECTION", "time": time,
                "args": [{"role": "agent", "text": agent}] + [{"role": "place", "text": p} for p in places]}

    gold = doc([], [insp("景俊海", ["长春市", "朝阳区"], {"text": "4月3日"}),
                    insp("韩俊", ["吉林市"], {"text": "今天", "value": "2022-04-03"}),
                    insp("江泽林", [], {"text": "今天"}),  # no place in the text: not counted
                    insp("安立佳", ["四平市"], None)])  # no time in the text: not counted
    pred = doc([], [insp("景俊海", ["朝阳区"], {"text": "4月3日", "value": "2022-04-03"}),  # both
                    insp("韩俊", ["长春市"], {"text": "3日", "value": "2022-04-03"}),  # time by value, wrong place
                    insp("江泽林", ["吉林市"], {"text": "今天"})])
    rep = score([gold], [pred])
    assert rep.place_time == [1, 1, 2, 2]
    assert "inspections with place and time: 1/2 = 0.500 (place 1/2, time 2/2)" in rep.table()
    # another agent's frame with the right place and time does not count
    assert score([gold], [doc([], [insp("江泽林", ["长春市"], {"text": "4月3日"})])]).place_time == [0, 0, 0, 2]
