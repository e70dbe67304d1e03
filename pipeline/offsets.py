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
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, List, Match, Pattern, Sequence, Tuple, Union

Replacement = Union[str, Callable[[Match], str]]


class TrackedText:
    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: List[int], ends: List[int]):
        if not (len(text) == len(starts) == len(ends)):
            raise ValueError("text, starts and ends must have the same length")
        self.text = text
        self.starts = starts
        self.ends = ends

    # -- construction -----------------------------------------------------
    @classmethod
    def from_raw(cls, raw: str, offset: int = 0) -> "TrackedText":
        """Identity map: character i of `raw` comes from raw[offset+i]."""
        starts = list(range(offset, offset + len(raw)))
        ends = list(range(offset + 1, offset + len(raw) + 1))
        return cls(raw, starts, ends)

    @classmethod
    def inserted(cls, text: str, at: int) -> "TrackedText":
        """Characters that have no source: an empty span at raw position `at`."""
        return cls(text, [at] * len(text), [at] * len(text))

    @classmethod
    def spread(cls, text: str, start: int, end: int) -> "TrackedText":
        """`text` replaces raw[start:end]: equal length maps 1:1, else each char gets the whole span."""
        if len(text) == end - start:
            return cls(text, list(range(start, end)), list(range(start + 1, end + 1)))
        return cls(text, [start] * len(text), [end] * len(text))

    @classmethod
    def concat(cls, parts: Iterable["TrackedText"]) -> "TrackedText":
        texts: List[str] = []
        starts: List[int] = []
        ends: List[int] = []
        for p in parts:
            texts.append(p.text)
            starts.extend(p.starts)
            ends.extend(p.ends)
        return cls("".join(texts), starts, ends)

    # -- access -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"TrackedText({self.text[:40]!r}{'...' if len(self.text) > 40 else ''}, n={len(self.text)})"

    def __getitem__(self, key: slice) -> "TrackedText":
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("TrackedText supports contiguous slices only")
        return TrackedText(self.text[key], self.starts[key], self.ends[key])

    def orig_span(self, start: int, end: int) -> Tuple[int, int]:
        """Raw span covered by text[start:end] (end exclusive)."""
        if end > start:
            return min(self.starts[start:end]), max(self.ends[start:end])
        if start < len(self.text):
            return self.starts[start], self.starts[start]
        if self.ends:
            return self.ends[-1], self.ends[-1]
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
        parts: List[TrackedText] = []
        pos = 0
        n = 0
        changed = False
        for m in rx.finditer(self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            s, e = m.span()
            parts.append(self[pos:s])
            if new:
                parts.append(self._replacement(new, s, e))
            pos = e
            n += 1
            if count and n >= count:
                break
        if not changed:
            return self
        parts.append(self[pos:])
        return TrackedText.concat(parts)

    def sub_keep(self, pattern: Union[str, Pattern], group: int = 1) -> "TrackedText":
        """Replace each match by one of its groups, which keeps its own spans (markup around text)."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        parts: List[TrackedText] = []
        pos = 0
        for m in rx.finditer(self.text):
            parts.append(self[pos : m.start()])
            gs, ge = m.span(group)
            if gs >= 0:
                parts.append(self[gs:ge])
            pos = m.end()
        if not parts:
            return self
        parts.append(self[pos:])
        return TrackedText.concat(parts)

    def _replacement(self, new: str, s: int, e: int) -> "TrackedText":
        if e - s == len(new):
            return TrackedText(new, self.starts[s:e], self.ends[s:e])
        if e == s:  # pure insertion
            at = self.starts[s] if s < len(self.text) else (self.ends[-1] if self.ends else 0)
            return TrackedText.inserted(new, at)
        lo, hi = self.orig_span(s, e)
        return TrackedText(new, [lo] * len(new), [hi] * len(new))

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
            return TrackedText(new_text, self.starts, self.ends)
        import difflib

        sm = difflib.SequenceMatcher(None, self.text, new_text, autojunk=False)
        parts: List[TrackedText] = []
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                parts.append(TrackedText(new_text[j1:j2], self.starts[i1:i2], self.ends[i1:i2]))
            elif j2 > j1:
                parts.append(self._replacement(new_text[j1:j2], i1, i2))
        return TrackedText.concat(parts)

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
                prev_end = out[-1].ends[-1] if len(out[-1]) else (p.starts[0] if len(p) else 0)
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
