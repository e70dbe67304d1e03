"""Lexicons (versioned TSV files in pipeline/lexicons/) and character-level dictionary matching.

Matching runs on the characters of the normalized text with an Aho-Corasick
automaton (ahocorasick_rs), never on tokens: a segmentation error (景|俊海) must
not hide an entity.  Tokens are aligned to the entities afterwards.
"""

from __future__ import annotations

import csv
import io
import weakref
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

import ahocorasick_rs


def read_tsv_text(text: str) -> List[Dict[str, str]]:
    """Rows of a lexicon: '#' lines are comments, the first other line is the header."""
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")]


@lru_cache(maxsize=None)
def package_lexicon_text(name: str) -> str:
    return resources.files("pipeline.lexicons").joinpath(name).read_text("utf-8")


def load_lexicon(name: str, directory: Optional[Path] = None) -> List[Dict[str, str]]:
    """A lexicon from `directory` (a saved pipeline's copy) or else from the package."""
    if directory is not None and (Path(directory) / name).exists():
        return read_tsv_text((Path(directory) / name).read_text("utf-8"))
    return read_tsv_text(package_lexicon_text(name))


def rows_to_tsv(rows: List[Dict[str, str]]) -> str:
    """A lexicon's rows back as TSV (header first): what a component saves with the pipeline."""
    if not rows:
        return ""
    cols = list(rows[0].keys())
    return "\t".join(cols) + "\n" + "".join("\t".join(r.get(c, "") for c in cols) + "\n" for r in rows)


def save_lexicons(path: Path, lexicons: Dict[str, List[Dict[str, str]]]) -> None:
    """Write a component's lexicons into its directory of a saved pipeline, so the pipeline is self-contained."""
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in lexicons.items():
        (path / name).write_text(rows_to_tsv(rows), encoding="utf-8")


class LexiconComponent:
    """Serialization shared by the components that carry lexicons (`self.lexicons`, rebuilt by `self._load(dir)`).

    `to_disk` writes the lexicons and the settings of `_cfg()` into the component's directory, so a saved
    pipeline is self-contained; `from_disk` restores the settings, then rebuilds from the saved lexicons.
    """

    lexicons: Dict[str, List[Dict[str, str]]]
    lexicon_files: Tuple[str, ...] = ()  # the lexicons the component reads, and saves with itself

    def _cfg(self) -> Dict[str, Any]:
        return {}

    def _set_cfg(self, cfg: Dict[str, Any]) -> None:
        pass

    def _load(self, directory: Optional[Path]) -> None:
        """Read `lexicon_files` from `directory` (a saved component) or the package's lexicons, then build."""
        self.lexicons = {n: load_lexicon(n, directory) for n in self.lexicon_files}
        self._build()

    def _build(self) -> None:
        """Derive the component's matchers and tables from `self.lexicons`."""

    def to_disk(self, path, exclude=tuple()):
        import srsly
        from spacy.util import ensure_path

        path = ensure_path(path)
        save_lexicons(path, self.lexicons)
        srsly.write_json(path / "cfg", self._cfg())

    def from_disk(self, path, exclude=tuple()):
        import srsly
        from spacy.util import ensure_path

        path = ensure_path(path)
        if (path / "cfg").exists():
            self._set_cfg(srsly.read_json(path / "cfg"))
        self._load(path)
        return self


_END_THEN_START = itemgetter(2, 1)


class Match(NamedTuple):
    """One dictionary hit (a tuple: a frozen dataclass costs several times more to build, and a story has
    hundreds of hits)."""

    start: int
    end: int
    key: str
    payload: Any


class CharMatcher:
    """Aho-Corasick automaton from surface strings to payload lists.

    ahocorasick_rs (Rust) walks a story about seven times as fast as pyahocorasick did, and reports the same
    overlapping matches; they are handed out in pyahocorasick's order (by end, the longest first)."""

    def __init__(self, entries: Iterable[Tuple[str, Any]]):
        table: Dict[str, List[Any]] = {}
        for surface, payload in entries:
            if surface:
                table.setdefault(surface, []).append(payload)
        self.size = len(table)
        self._keys = list(table)
        self._payloads = [tuple(table[k]) for k in self._keys]
        self._auto = ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.Standard) if table else None

    def iter_all(self, text: str) -> Iterator[Match]:
        """Every occurrence, overlapping ones included."""
        if not self.size:
            return
        keys, payloads = self._keys, self._payloads
        found = self._auto.find_matches_as_indexes(text, overlapping=True)
        found.sort(key=_END_THEN_START)  # (pattern, start, end)
        for k, start, end in found:
            yield Match(start, end, keys[k], payloads[k])

    def longest(self, text: str) -> List[Match]:
        """Leftmost-longest non-overlapping matches."""
        return leftmost_longest(self.iter_all(text))


class WordFinder:
    """Leftmost-longest, non-overlapping occurrences of a list of words: what `re.finditer` over the words'
    alternation (longest first) finds, from an Aho-Corasick automaton (about three times as fast on a story)."""

    def __init__(self, words: Iterable[str]):
        self._words = sorted({w for w in words if w})
        self._auto = (ahocorasick_rs.AhoCorasick(self._words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                      if self._words else None)

    def finditer(self, text: str) -> List[Tuple[int, int, str]]:
        """(start, end, word) of each occurrence, in text order."""
        if self._auto is None:
            return []
        words = self._words
        return [(s, e, words[k]) for k, s, e in self._auto.find_matches_as_indexes(text)]


_DOC_TEXT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def doc_text(doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins a Token object per token on every call).

    A Doc's text never changes (retokenizing splits and merges tokens of the same characters), so the
    first value holds for the Doc's life; the tokenizer stores the text it was given."""
    text = _DOC_TEXT.get(doc)
    if text is None:
        text = _DOC_TEXT[doc] = doc.text
    return text


def remember_text(doc, text: str) -> None:
    _DOC_TEXT[doc] = text


_BOUNDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def token_bounds(doc) -> Tuple[Set[int], Set[int]]:
    """The character offsets where the tokens of `doc` start, and where they end (from its arrays, without
    making a Token object per token). Read-only sets.

    The ruler and the people component ask for the same Doc's bounds in turn, so they are kept until the
    tokens change: whoever retokenizes calls `forget_bounds` (the token count guards against the rest)."""
    hit = _token_arrays(doc)
    return (hit[3], hit[4]) if hit is not None else (set(), set())


def token_offsets(doc) -> Tuple[List[int], List[int]]:
    """The character offsets where the tokens of `doc` start, and where they end, in token order (read-only lists,
    kept as `token_bounds` keeps its sets)."""
    hit = _token_arrays(doc)
    return (hit[1], hit[2]) if hit is not None else ([], [])


_IDX_LENGTH: List[int] = []  # spacy.attrs (IDX, LENGTH), imported on first use: `read_tsv_text` users need no spaCy


def _token_arrays(doc):
    if not _IDX_LENGTH:  # (an import statement here cost more than the lookup it guards, per call)
        from spacy.attrs import IDX, LENGTH

        _IDX_LENGTH.extend((IDX, LENGTH))
    n = len(doc)
    hit = _BOUNDS.get(doc)
    if hit is not None and hit[0] == n:
        return hit
    if not n:
        return None
    arr = doc.to_array(_IDX_LENGTH)
    starts = arr[:, 0]
    start_list, end_list = starts.tolist(), (starts + arr[:, 1]).tolist()
    hit = (n, start_list, end_list, set(start_list), set(end_list))
    _BOUNDS[doc] = hit
    return hit


def forget_bounds(doc) -> None:
    _BOUNDS.pop(doc, None)


def leftmost_longest(spans: Iterable[Tuple]) -> list:
    """Leftmost-longest non-overlapping subset of (start, end, …) tuples, in text order."""
    out = []
    last_end = -1
    for s in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if s[0] >= last_end:
            out.append(s)
            last_end = s[1]
    return out


def select_longest(spans: Sequence[Tuple[int, int, Any]], priority=lambda s: 0) -> List[Tuple[int, int, Any]]:
    """Non-overlapping subset: longer first, then higher priority, then earlier."""
    order = sorted(spans, key=lambda s: (-(s[1] - s[0]), -priority(s), s[0]))
    taken: List[Tuple[int, int, Any]] = []
    occupied = bytearray(max((s[1] for s in spans), default=0) + 1)
    for s in order:
        if occupied.find(1, s[0], s[1]) < 0:  # bytearray.find scans in C: no slice, no Python loop
            taken.append(s)
            occupied[s[0] : s[1]] = b"\x01" * (s[1] - s[0])
    return sorted(taken, key=lambda s: s[0])
