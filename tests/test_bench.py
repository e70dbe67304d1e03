"""The benchmark's rows measure what their names say (timings themselves are not tested: `zhevents bench`)."""

from __future__ import annotations

import queue

from pipeline import bench
from pipeline.model_setup import DEFAULT_PIPELINE

from conftest import SEEDS


def _row(measure, *args):
    q: "queue.Queue" = queue.Queue()
    measure(*args, q)
    return q.get_nowait()


def test_entity_layer_row_runs_every_component_but_the_frame_builder():
    files = bench._files(SEEDS)
    row = _row(bench._measure_entities, files, 3000, DEFAULT_PIPELINE)
    full = _row(bench._measure_pipeline, files, 3000, DEFAULT_PIPELINE)
    # #3 bounds the cost of the entity layer: the row must keep every entity component and drop only frames
    assert "zh_frames" in full["pipes"] and "zh_frames" not in row["pipes"]
    assert row["pipes"] == [p for p in full["pipes"] if p not in bench.FRAME_COMPONENTS]
    assert {"zh_entity_ruler", "zh_people", "zh_entity_aligner"} <= set(row["pipes"])
    assert row["chars"] == full["chars"] >= 3000 and row["docs"] == full["docs"]


def test_added_cost_is_time_per_character_relative_to_the_tokenizer_row():
    res = bench.BenchResult("x")
    res.rows["segment"] = {"chars": 1000, "seconds": 1.0}
    res.rows["tokenize"] = {"chars": 1000, "seconds": 2.0}
    res.rows["entities"] = {"chars": 500, "seconds": 1.2}  # fewer chars: a rate, not a raw time, is compared
    res.rows["pipeline"] = {"chars": 1000, "seconds": 3.0}
    assert round(res.added_cost("entities"), 6) == 0.2
    assert round(res.added_cost("pipeline"), 6) == 0.5
    d = res.as_dict()
    assert d["entity_layer_added_time"] == 0.2 and d["components_added_time"] == 0.5


def test_fastest_run_is_chosen_per_character_and_every_run_is_kept():
    runs = [{"chars": 1000, "seconds": 2.0}, {"chars": 500, "seconds": 1.5}, {"chars": 1000, "seconds": 2.5}]
    best = bench._fastest(runs)
    # 2.0 s for 1000 characters beats 1.5 s for 500: rates are compared, not raw seconds
    assert (best["chars"], best["seconds"]) == (1000, 2.0) and best["runs_seconds"] == [2.0, 1.5, 2.5]


def _die(q):  # a step that dies before it reports (as when the kernel kills it for memory)
    import os

    os._exit(3)


def test_a_step_that_dies_ends_the_run_with_its_exit_code_instead_of_hanging():
    import pytest

    with pytest.raises(SystemExit, match=r"_die died \(exit code 3\)"):
        bench._in_process(_die)


def test_entity_layer_row_times_its_components_and_the_tokenizer_on_the_same_batches():
    files = bench._files(SEEDS)
    from functools import partial

    row = _row(partial(bench._measure_paired, batch_size=4), files, None, DEFAULT_PIPELINE)
    tok = _row(bench._measure_tokenize, files, None, DEFAULT_PIPELINE)
    assert row["docs"] == tok["docs"] > 4 * 2 and row["chars"] == tok["chars"]  # several batches, every story
    cut = _row(partial(bench._measure_paired, batch_size=4), files, 3000, DEFAULT_PIPELINE)
    assert cut["chars"] == _row(bench._measure_tokenize, files, 3000, DEFAULT_PIPELINE)["chars"]  # stops where they stop
    assert 0 < row["seconds_components"] and 0 < row["seconds_base"]
    assert abs(row["seconds"] - row["seconds_base"] - row["seconds_components"]) < 1e-9


def test_paired_cost_is_the_median_of_the_per_run_ratios_and_is_printed_beside_the_cross_run_one():
    res = bench.BenchResult("x")
    res.rows["segment"] = {"chars": 1000, "seconds": 1.0, "docs": 1, "peak_rss_mb": 1}
    res.rows["tokenize"] = {"chars": 1000, "seconds": 2.0, "docs": 1, "peak_rss_mb": 1}
    res.rows["entities"] = {"chars": 1000, "seconds": 3.0, "docs": 1, "peak_rss_mb": 1, "paired_added": [0.3, 0.1, 0.2]}
    res.rows["pipeline"] = {"chars": 1000, "seconds": 3.5, "docs": 1, "peak_rss_mb": 1}
    assert res.paired_cost() == 0.2 and res.as_dict()["entity_layer_added_time_paired"] == 0.2
    assert round(res.added_cost("entities"), 6) == 0.5  # the runs of separate processes disagree: both are shown
    table = res.table()
    assert "+20.0% to read+normalize+segment time, timed in turn" in table and "+50.0%" in table
    res.rows["entities"]["paired_added"] = [0.1, 0.3]
    assert res.paired_cost() == 0.2
