import pickle
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


# -- the run-length map against the rules applied character by character ------------------------------


class CharMap:
    """The module docstring's rules on explicit per-character lists: the reference for the runs."""

    def __init__(self, text, starts, ends):
        self.text, self.starts, self.ends = text, starts, ends

    @classmethod
    def from_raw(cls, raw, offset=0):
        return cls(raw, list(range(offset, offset + len(raw))), list(range(offset + 1, offset + len(raw) + 1)))

    def __getitem__(self, key):
        return CharMap(self.text[key], self.starts[key], self.ends[key])

    @staticmethod
    def concat(parts):
        parts = list(parts)
        return CharMap("".join(p.text for p in parts), [s for p in parts for s in p.starts],
                       [e for p in parts for e in p.ends])

    def replacement(self, new, s, e):
        if e - s == len(new):
            return CharMap(new, self.starts[s:e], self.ends[s:e])
        if e == s:
            at = self.starts[s] if s < len(self.text) else (self.ends[-1] if self.ends else 0)
            return CharMap(new, [at] * len(new), [at] * len(new))
        lo, hi = min(self.starts[s:e]), max(self.ends[s:e])
        return CharMap(new, [lo] * len(new), [hi] * len(new))

    def sub(self, pattern, repl):
        parts, pos = [], 0
        for m in re.finditer(pattern, self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new != m.group(0):
                parts += [self[pos : m.start()], self.replacement(new, *m.span())]
                pos = m.end()
        return CharMap.concat(parts + [self[pos:]])

    def sub_keep(self, pattern):
        parts, pos = [], 0
        for m in re.finditer(pattern, self.text, re.M):
            parts += [self[pos : m.start()], self[m.start(1) : m.end(1)] if m.start(1) >= 0 else self[0:0]]
            pos = m.end()
        return CharMap.concat(parts + [self[pos:]])


SUBS = [(",", "，"), (r"\(qū\)", ""), (r"\s+", " "), ("a+", "XYZ"), ("區", "区"), (" ?\n ?", "\n"),
        ("ab|a", lambda m: m.group(0).upper() * 2), ("[ab]{2}", r"<\g<0>>"), ("b", lambda m: "")]
KEEPS = [r"\[([^\]]*)\]\([^)]*\)", r"\*\*(.+?)\*\*", r"(a)|b", r"^>\s?(.*)$"]
EDITS = st.one_of(
    st.tuples(st.just("sub"), st.integers(0, len(SUBS) - 1)),
    st.tuples(st.just("keep"), st.integers(0, len(KEEPS) - 1)),
    st.tuples(st.just("slice"), st.integers(-3, 42), st.integers(-3, 42)),
    st.tuples(st.just("concat"), st.integers(0, 2), st.integers(0, 50)),
    st.tuples(st.just("pickle"), st.just(0)),
)


def _edit(tt, model, op):
    kind, a, *rest = op
    if kind == "sub":
        pattern, repl = SUBS[a]
        return tt.sub(pattern, repl), model.sub(pattern, repl)
    if kind == "keep":
        return tt.sub_keep(re.compile(KEEPS[a], re.M)), model.sub_keep(KEEPS[a])
    if kind == "slice":
        return tt[a : rest[0]], model[a : rest[0]]
    if kind == "concat":  # the text itself a few times, then an insertion and both kinds of spread
        at = rest[0]
        extra = [TrackedText.inserted("#", at), TrackedText.spread("uv", at, at + 2), TrackedText.spread("w", at, at + 3)]
        ref = [CharMap("#", [at], [at]), CharMap("uv", [at, at + 1], [at + 1, at + 2]), CharMap("w", [at], [at + 3])]
        return TrackedText.concat([tt] * a + extra), CharMap.concat([model] * a + ref)
    return pickle.loads(pickle.dumps(tt)), model


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab,，區(qū)\n *[]>", max_size=40), st.integers(0, 5), st.lists(EDITS, max_size=8))
def test_runs_equal_the_per_character_rules(raw, offset, ops):
    tt, model = TrackedText.from_raw(raw, offset), CharMap.from_raw(raw, offset)
    for op in ops:
        tt, model = _edit(tt, model, op)
        assert tt.text == model.text
        assert spans(tt) == list(zip(model.starts, model.ends))
        for i in range(-len(tt), len(tt)):
            assert (tt.start_at(i), tt.end_at(i)) == (model.starts[i], model.ends[i])
        if len(tt) >= 2:
            assert tt.orig_span(1, len(tt)) == (min(model.starts[1:]), max(model.ends[1:]))
        # Built from explicit lists, the same map comes out.
        assert spans(TrackedText(model.text, model.starts, model.ends)) == spans(tt)


def test_a_worker_receives_runs_not_per_character_lists():
    raw = "本报4月3日讯（记者黄莺）今天晚上，省委召开会议。\n\n" * 400
    tt = TrackedText.from_raw(raw).sub("\n+", "\n").sub("（记者黄莺）", "", count=1)
    assert len(tt._runs) < len(tt) // 5
    data = pickle.dumps(tt, protocol=pickle.HIGHEST_PROTOCOL)
    # Per-character lists would add at least 4 bytes per character.
    assert len(data) < len(tt.text.encode("utf-8")) + 40 * len(tt._runs) + 200 < len(tt.text.encode("utf-8")) + 4 * len(tt)
    back = pickle.loads(data)
    assert back.text == tt.text and spans(back) == spans(tt)
