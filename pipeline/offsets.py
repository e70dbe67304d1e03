"""Text that remembers where every character came from.

`TrackedText` pairs a string with, for each character, the half-open span of
the raw decoded input it was produced from.  Every normalization step is an
operation on a `TrackedText`, so the final document text can always be traced
back to the source (`orig_start`/`orig_end` in SPEC section 1).

Rules that keep the map honest:

* a kept character keeps its span;
* a replacement of equal length maps character to character (OpenCC, width
  conversion);
* a replacement of another length maps every new character to the whole span
  of what it replaced;
* inserted characters (a paragraph break between HTML blocks) get an empty
  span at the position where they were inserted;
* deleted characters simply disappear: the raw positions no character maps to
  are what normalization removed (`removed_spans`).

The map is stored as runs, not as two lists per character: a run of characters
maps either 1:1 onto consecutive raw positions (step 1) or all of its
characters onto one span (step 0).  Normalization keeps most text as it is, so
a story has a handful of runs; slicing, substituting and pickling cost per run,
and the per-character lists (`starts`, `ends`) are built only when asked for
(in the worker that makes the spaCy Doc).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from operator import itemgetter
from typing import Callable, Iterable, Iterator, List, Match, Optional, Pattern, Sequence, Tuple, Union

Replacement = Union[str, Callable[[Match], str]]
# (pos, start, end, step): characters from `pos` to the next run's `pos` (or the end of the text); the
# character at pos+k maps to (start + step*k, end + step*k).  Runs are never empty and never mutated.
Run = Tuple[int, int, int, int]
_POS = itemgetter(0)


def _compress(starts: Sequence[int], ends: Sequence[int]) -> List[Run]:
    runs: List[Run] = []
    if not len(starts):
        return runs
    pos, s0, e0, d = 0, starts[0], ends[0], 1
    for i in range(1, len(starts)):
        s, e = starts[i], ends[i]
        k = i - pos
        if d and s == s0 + k and e == e0 + k:
            continue
        if s == s0 and e == e0 and (not d or k == 1):
            d = 0
            continue
        runs.append((pos, s0, e0, d))
        pos, s0, e0, d = i, s, e, 1
    runs.append((pos, s0, e0, d))
    return runs


def _slice_runs(runs: List[Run], a: int, b: int) -> List[Run]:
    """Runs of characters a..b-1 (0 <= a < b <= length), positions relative to a."""
    i = bisect_right(runs, a, key=_POS) - 1
    pos, s, e, d = runs[i]
    out = [(0, s + a - pos, e + a - pos, 1) if d else (0, s, e, 0)]
    for i in range(i + 1, len(runs)):
        r = runs[i]
        if r[0] >= b:
            break
        out.append((r[0] - a, r[1], r[2], r[3]))
    return out


class _Builder:
    """Concatenation of pieces (text plus runs), merging runs that continue each other."""

    __slots__ = ("texts", "runs", "n")

    def __init__(self) -> None:
        self.texts: List[str] = []
        self.runs: List[Run] = []
        self.n = 0

    def add(self, text: str, runs: List[Run]) -> None:
        if not text:
            return
        n, out = self.n, self.runs
        start = 0
        if out:
            lp, ls, le, ld = out[-1]
            p1, s1, e1, d1 = runs[0]
            k = n - lp  # length of the last run so far
            k1 = (runs[1][0] if len(runs) > 1 else len(text)) - p1
            if s1 == ls + k and e1 == le + k and (ld or k == 1) and (d1 or k1 == 1):
                out[-1] = (lp, ls, le, 1)
                start = 1
            elif s1 == ls and e1 == le and (not ld or k == 1) and (not d1 or k1 == 1):
                out[-1] = (lp, ls, le, 0)
                start = 1
        for i in range(start, len(runs)):
            p, s, e, d = runs[i]
            out.append((p + n, s, e, d))
        self.texts.append(text)
        self.n = n + len(text)

    def add_tt(self, tt: "TrackedText") -> None:
        self.add(tt.text, tt._runs)

    def add_slice(self, tt: "TrackedText", a: int, b: int) -> None:
        if a < b:
            self.add(tt.text[a:b], tt._runs if a == 0 and b == len(tt.text) else _slice_runs(tt._runs, a, b))

    def add_replacement(self, tt: "TrackedText", new: str, s: int, e: int) -> None:
        """`new` replaces tt.text[s:e] (see the module docstring for the rules)."""
        if not new:
            return
        if e - s == len(new):
            self.add(new, _slice_runs(tt._runs, s, e))
        elif e == s:  # pure insertion
            n = len(tt.text)
            at = tt._start(s) if s < n else (tt._end(n - 1) if n else 0)
            self.add(new, [(0, at, at, 0)])
        else:
            lo, hi = tt._span(s, e)
            self.add(new, [(0, lo, hi, 0)])

    def build(self) -> "TrackedText":
        return TrackedText._make("".join(self.texts), self.runs)


class TrackedText:
    __slots__ = ("text", "_runs", "_starts", "_ends")

    def __init__(self, text: str, starts: Sequence[int], ends: Sequence[int]):
        if not (len(text) == len(starts) == len(ends)):
            raise ValueError("text, starts and ends must have the same length")
        self.text = text
        self._runs = _compress(starts, ends)
        self._starts: Optional[List[int]] = list(starts)
        self._ends: Optional[List[int]] = list(ends)

    @classmethod
    def _make(cls, text: str, runs: List[Run]) -> "TrackedText":
        self = object.__new__(cls)
        self.text = text
        self._runs = runs
        self._starts = self._ends = None
        return self

    # Pickled as text and runs (what the workers receive); the per-character lists are rebuilt on demand.
    def __getstate__(self):
        return self.text, self._runs

    def __setstate__(self, state) -> None:
        self.text, self._runs = state
        self._starts = self._ends = None

    # -- construction -----------------------------------------------------
    @classmethod
    def from_raw(cls, raw: str, offset: int = 0) -> "TrackedText":
        """Identity map: character i of `raw` comes from raw[offset+i]."""
        return cls._make(raw, [(0, offset, offset + 1, 1)] if raw else [])

    @classmethod
    def inserted(cls, text: str, at: int) -> "TrackedText":
        """Characters that have no source: an empty span at raw position `at`."""
        return cls._make(text, [(0, at, at, 0)] if text else [])

    @classmethod
    def uniform(cls, text: str, start: int, end: int) -> "TrackedText":
        """Every character of `text` comes from the whole of raw[start:end]."""
        return cls._make(text, [(0, start, end, 0)] if text else [])

    @classmethod
    def spread(cls, text: str, start: int, end: int) -> "TrackedText":
        """`text` replaces raw[start:end]: equal length maps 1:1, else each char gets the whole span."""
        if len(text) == end - start:
            return cls._make(text, [(0, start, start + 1, 1)] if text else [])
        return cls.uniform(text, start, end)

    @classmethod
    def concat(cls, parts: Iterable["TrackedText"]) -> "TrackedText":
        b = _Builder()
        for p in parts:
            b.add(p.text, p._runs)
        return b.build()

    # -- access -----------------------------------------------------------
    @property
    def starts(self) -> List[int]:
        """Raw start of each character (built on first use)."""
        if self._starts is None:
            self._materialize()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> List[int]:
        """Raw end of each character (built on first use)."""
        if self._ends is None:
            self._materialize()
        return self._ends  # type: ignore[return-value]

    def _materialize(self) -> None:
        starts: List[int] = []
        ends: List[int] = []
        runs = self._runs
        for i, (pos, s, e, d) in enumerate(runs):
            k = (runs[i + 1][0] if i + 1 < len(runs) else len(self.text)) - pos
            if d:
                starts.extend(range(s, s + k))
                ends.extend(range(e, e + k))
            else:
                starts.extend([s] * k)
                ends.extend([e] * k)
        self._starts, self._ends = starts, ends

    def start_at(self, i: int) -> int:
        """starts[i] without building the list."""
        return self._start(self._index(i))

    def end_at(self, i: int) -> int:
        """ends[i] without building the list."""
        return self._end(self._index(i))

    def map_bytes(self) -> bytes:
        """The whole map, compactly (for hashing)."""
        return array("q", [len(self.text)] + [v for r in self._runs for v in r]).tobytes()

    def _index(self, i: int) -> int:
        n = len(self.text)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError("TrackedText index out of range")
        return j

    def _start(self, i: int) -> int:
        pos, s, _, d = self._runs[bisect_right(self._runs, i, key=_POS) - 1]
        return s + (i - pos) * d

    def _end(self, i: int) -> int:
        pos, _, e, d = self._runs[bisect_right(self._runs, i, key=_POS) - 1]
        return e + (i - pos) * d

    def _span(self, a: int, b: int) -> Tuple[int, int]:
        """(min start, max end) over characters a..b-1 (0 <= a < b <= length)."""
        runs, n = self._runs, len(self.text)
        i = bisect_right(runs, a, key=_POS) - 1
        lo = hi = None
        for i in range(i, len(runs)):
            pos, s, e, d = runs[i]
            if pos >= b:
                break
            if d:
                nxt = runs[i + 1][0] if i + 1 < len(runs) else n
                s += max(pos, a) - pos
                e += min(nxt, b) - 1 - pos
            if lo is None or s < lo:
                lo = s
            if hi is None or e > hi:
                hi = e
        return lo, hi  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"TrackedText({self.text[:40]!r}{'...' if len(self.text) > 40 else ''}, n={len(self.text)})"

    def __getitem__(self, key: slice) -> "TrackedText":
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("TrackedText supports contiguous slices only")
        n = len(self.text)
        a, b, _ = key.indices(n)
        if a >= b:
            return TrackedText._make("", [])
        if a == 0 and b == n:
            return TrackedText._make(self.text, self._runs)
        return TrackedText._make(self.text[a:b], _slice_runs(self._runs, a, b))

    def orig_span(self, start: int, end: int) -> Tuple[int, int]:
        """Raw span covered by text[start:end] (end exclusive)."""
        n = len(self.text)
        if end > start:
            a, b, _ = slice(start, end).indices(n)
            if a >= b:
                raise ValueError("empty range")
            return self._span(a, b)
        if start < n:
            s = self.start_at(start)
            return s, s
        if n:
            e = self._end(n - 1)
            return e, e
        return 0, 0

    def removed_spans(self, raw_start: int, raw_end: int) -> List[Tuple[int, int]]:
        """Raw spans inside [raw_start, raw_end) that no character maps to."""
        covered = sorted((s, e) for s, e in zip(self.starts, self.ends) if e > s)
        out: List[Tuple[int, int]] = []
        pos = raw_start
        for s, e in covered:
            if e <= pos:
                continue
            if s >= raw_end:
                break
            if s > pos:
                out.append((pos, min(s, raw_end)))
            pos = max(pos, e)
        if pos < raw_end:
            out.append((pos, raw_end))
        return out

    # -- editing ----------------------------------------------------------
    def sub(self, pattern: Union[str, Pattern], repl: Replacement, count: int = 0) -> "TrackedText":
        """`re.sub` that keeps the map (see the module docstring for the rules)."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        # A template without a backslash is its own expansion (what re.sub does too).
        literal = None if callable(repl) or "\\" in repl else repl
        out: Optional[_Builder] = None
        pos = 0
        n = 0
        for m in rx.finditer(self.text):
            if literal is not None:
                new = literal
            else:
                new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group():
                continue
            if out is None:
                out = _Builder()
            s, e = m.span()
            out.add_slice(self, pos, s)
            out.add_replacement(self, new, s, e)
            pos = e
            n += 1
            if count and n >= count:
                break
        if out is None:
            return self
        out.add_slice(self, pos, len(self.text))
        return out.build()

    def sub_keep(self, pattern: Union[str, Pattern], group: int = 1) -> "TrackedText":
        """Replace each match by one of its groups, which keeps its own spans (markup around text)."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: Optional[_Builder] = None
        pos = 0
        for m in rx.finditer(self.text):
            if out is None:
                out = _Builder()
            out.add_slice(self, pos, m.start())
            gs, ge = m.span(group)
            if gs >= 0:
                out.add_slice(self, gs, ge)
            pos = m.end()
        if out is None:
            return self
        out.add_slice(self, pos, len(self.text))
        return out.build()

    def _replacement(self, new: str, s: int, e: int) -> "TrackedText":
        b = _Builder()
        b.add_replacement(self, new, s, e)
        return b.build()

    def replace_span(self, start: int, end: int, new: str) -> "TrackedText":
        return TrackedText.concat([self[:start], self._replacement(new, start, end), self[end:]])

    def map_aligned(self, new_text: str) -> "TrackedText":
        """Adopt `new_text`, a conversion of the whole text that may change lengths locally.

        Equal-length conversions map 1:1; otherwise characters are aligned
        with difflib and each changed block maps to the span it replaced.
        """
        if new_text == self.text:
            return self
        if len(new_text) == len(self.text):
            return TrackedText._make(new_text, self._runs)
        import difflib

        sm = difflib.SequenceMatcher(None, self.text, new_text, autojunk=False)
        out = _Builder()
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                out.add(new_text[j1:j2], _slice_runs(self._runs, i1, i2))
            elif j2 > j1:
                out.add_replacement(self, new_text[j1:j2], i1, i2)
        return out.build()

    def split_keep(self, pattern: Union[str, Pattern]) -> List["TrackedText"]:
        """Split on a pattern; the separators are dropped."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: List[TrackedText] = []
        pos = 0
        for m in rx.finditer(self.text):
            out.append(self[pos : m.start()])
            pos = m.end()
        out.append(self[pos:])
        return out

    def strip(self, chars: str | None = None) -> "TrackedText":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= left:
            return self[0:0]
        return self[left:right]

    def join(self, parts: Sequence["TrackedText"]) -> "TrackedText":
        """Join parts with this text as separator (like str.join)."""
        out: List[TrackedText] = []
        for i, p in enumerate(parts):
            if i:
                out.append(self)
            out.append(p)
        return TrackedText.concat(out)

    def join_inserted(self, parts: Sequence["TrackedText"]) -> "TrackedText":
        """Join parts with self.text as an inserted separator anchored between them."""
        out: List[TrackedText] = []
        for i, p in enumerate(parts):
            if i and out:
                prev_end = out[-1].end_at(-1) if len(out[-1]) else (p.start_at(0) if len(p) else 0)
                out.append(TrackedText.inserted(self.text, prev_end))
            out.append(p)
        return TrackedText.concat(out)

    def check(self, raw_len: int) -> None:
        """Invariant used by the tests: spans are inside the raw text and well formed."""
        for s, e in zip(self.starts, self.ends):
            if not (0 <= s <= e <= raw_len):
                raise AssertionError(f"bad span {(s, e)} for raw of length {raw_len}")

    def iter_spans(self) -> Iterator[Tuple[str, int, int]]:
        return zip(self.text, self.starts, self.ends)
