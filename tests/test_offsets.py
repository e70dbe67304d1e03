import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.offsets import TrackedText


def spans(tt):
    return list(zip(tt.starts, tt.ends))


def test_equal_length_substitution_maps_one_to_one():
    tt = TrackedText.from_raw("甲,乙").sub(",", "，")
    assert tt.text == "甲，乙"
    assert spans(tt) == [(0, 1), (1, 2), (2, 3)]


def test_deletion_leaves_the_raw_positions_uncovered():
    raw = "區(qū)域"
    tt = TrackedText.from_raw(raw).sub(r"\(qū\)", "")
    assert tt.text == "區域"
    assert spans(tt) == [(0, 1), (5, 6)]
    assert tt.removed_spans(0, len(raw)) == [(1, 5)]
    assert tt.orig_span(0, 2) == (0, 6)


def test_length_changing_replacement_maps_to_the_whole_match():
    tt = TrackedText.from_raw("a&amp;b").sub("&amp;", "&")
    assert tt.text == "a&b" and spans(tt)[1] == (1, 6)
    tt = TrackedText.from_raw("ab").sub("b", "xyz")
    assert spans(tt)[1:] == [(1, 2)] * 3


def test_sub_keep_keeps_the_group_spans():
    tt = TrackedText.from_raw("见[原文](http://x)").sub_keep(r"\[([^\]]*)\]\([^)]*\)")
    assert tt.text == "见原文" and spans(tt) == [(0, 1), (2, 3), (3, 4)]


def test_map_aligned_handles_a_length_change():
    tt = TrackedText.from_raw("abcdef").map_aligned("abXXdef")
    assert tt.text == "abXXdef"
    assert spans(tt)[:2] == [(0, 1), (1, 2)] and spans(tt)[-3:] == [(3, 4), (4, 5), (5, 6)]
    assert spans(tt)[2] == (2, 3)


def test_offset_is_added():
    tt = TrackedText.from_raw("xy", offset=10)
    assert spans(tt) == [(10, 11), (11, 12)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab,，區(qū)\n ", max_size=40), st.sampled_from([",", r"\(qū\)", r"\s+", "a+", "區"]),
       st.sampled_from(["", "，", "XYZ", "q"]))
def test_sub_preserves_the_invariant(raw, pattern, repl):
    tt = TrackedText.from_raw(raw).sub(pattern, repl)
    assert tt.text == re.sub(pattern, repl, raw)
    tt.check(len(raw))
    # Spans never go backwards: the text stays in source order.
    assert tt.starts == sorted(tt.starts)
