"""HTML page -> visible story text, with exact offsets into the raw string.

`html_to_text(raw, offset)` runs the standard library's `HTMLParser`
(`convert_charrefs=False`, so text and character references arrive as
separate events with their source positions) and builds a `TrackedText`:

* text data maps 1:1 to its raw characters;
* a character/entity reference (`&amp;`, `&#123;`, `&#x4e00;`, `&nbsp;`) is
  decoded with `html.unescape` and every decoded char maps to the whole raw
  reference (`TrackedText.spread`);
* block elements (p, div, br, li, h1-h6, tr, td ...) insert a '\\n' with an
  empty span at the tag's position, unless the output is empty or already
  ends in '\\n'; inline elements insert nothing;
* dropped: script, style, noscript, template, iframe, svg, math, object,
  canvas, audio, video, form controls, nav, figcaption, head content
  (<title> and <meta> are read into `title`/`meta`), comments, elements
  that are hidden (`hidden` attribute, inline display:none) and elements whose
  class/id matches a pattern of `lexicons/html_boilerplate.tsv`.

So for every output char i, `raw[starts[i]:ends[i]]` (positions already
include `offset`) is the char itself, a character reference that
`html.unescape` turns into the run of chars sharing that span, or empty for an
inserted '\\n'.  Whitespace is kept as is; a later normalizer collapses it.

Tag stack: dropped regions end where their element ends.  The stack follows
the parts of the HTML5 tree builder that matter here: void elements never
open, `<p>`/`<li>`/`<dt>`/`<tr>`/`<td>`/`<option>`/`<h1>`.. close an open
sibling implicitly, non-head content closes `<head>`, end tags only close an
element in scope (table cells are barriers), stray end tags are ignored
(a stray `</p>` or `</br>` still breaks the line).  `<div/>` (self-closing
non-void) is treated as an empty element rather than HTML5's open tag, so a
self-closed boilerplate div cannot swallow the rest of the page.

HTMLParser quirks worked around (CPython 3.11):

* `getpos()` is (line, column) with lines counted by '\\n' only ('\\r' is an
  ordinary column character), so absolute positions come from a table of
  '\\n'-based line starts; '\\r\\n' needs no special case.
* `&#` not followed by a complete numeric reference (`&#;`, `&#abc`,
  `&#12ab`) makes `goahead()` break out, and the second time (or at once
  without a later ';') `close()` dumps the whole rest of the document,
  tags included, as text.  Such '&' chars are replaced by a same-length
  placeholder in the string fed to the parser; text is always sliced from
  the real raw string by position, and attribute values are restored.
* `<![foo[...]]>` / `<![ ...` raise AssertionError in `_markupbase`; any
  `<![...>` is parsed as a bogus comment instead (what HTML5 does).
* an unterminated `<!--` would become text up to the next '>'; it is a
  comment running to the end of input instead (what browsers do).
* a reference's raw extent is `&`/`&#` + the name the parser reports, plus a
  following ';' -- not a fresh greedy regex: the parser's entity pattern
  backtracks (`&d-i` at the end of input is the reference `&d`, then `-i`).
* `ParserBase` keeps its column in `self.offset`; the `offset` argument is
  stored as `self.base`.
* everything is fed at once and only the parser's own consumption is
  trusted after a position check; a data chunk or reference whose text does
  not match the fed string at its reported position is dropped rather than
  mis-mapped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .offsets import TrackedText

BOILERPLATE_PATH = Path(__file__).resolve().parent / "lexicons" / "html_boilerplate.tsv"

VOID = frozenset(
    "area base basefont bgsound br col command embed frame hr image img input "
    "isindex keygen link meta param source track wbr".split()
)
# Void elements that still separate lines.
BREAK_VOID = frozenset({"br", "hr"})

BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup html "
    "legend li listing main menu nav ol option p plaintext pre section summary table tbody "
    "td tfoot th thead tr ul xmp".split()
)

# Elements whose whole content is dropped, with the `dropped` kind they count as.
DROP_TAGS: Dict[str, str] = {
    "script": "script",
    "style": "style",
    "noscript": "noscript",
    "template": "template",
    "iframe": "iframe",
    "frameset": "iframe",
    "noframes": "iframe",
    "svg": "svg",
    "math": "math",
    "object": "object",
    "applet": "object",
    "canvas": "canvas",
    "audio": "audio",
    "video": "video",
    "head": "head",
    "figcaption": "caption",
    "nav": "nav",
    "button": "form",
    "select": "form",
    "textarea": "form",
    "datalist": "form",
}
# <title> is dropped from the text but read; it is not counted.
TITLE = "title"

HEAD_TAGS = frozenset(
    "head title meta link style script noscript base basefont bgsound template noframes".split()
)
H_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
P_CLOSERS = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu "
    "nav ol p plaintext pre section summary table ul xmp".split()
)
DEFAULT_SCOPE = frozenset("applet caption html table td th marquee object template".split())
BUTTON_SCOPE = DEFAULT_SCOPE | {"button"}
LIST_SCOPE = DEFAULT_SCOPE | {"ul", "ol"}
DL_SCOPE = DEFAULT_SCOPE | {"dl"}
TABLE_SCOPE = frozenset({"html", "table", "template"})
TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
# Elements that never hold a document <title> (SVG has its own).
FOREIGN = frozenset({"svg", "math"})

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# HTMLParser's own numeric-reference test (html/parser.py `charref`).
_PARSER_CHARREF = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")


@dataclass
class HtmlText:
    text: TrackedText  # visible text; paragraph/blocks separated by '\n'
    title: Optional[str] = None  # <title> or og:title if present
    meta: Dict[str, str] = field(default_factory=dict)  # <meta name/property/itemprop> -> content
    dropped: Dict[str, int] = field(default_factory=dict)  # removed regions by kind


@dataclass(frozen=True)
class BoilerplateRule:
    pattern: "re.Pattern[str]"
    kind: str
    note: str = ""


def load_boilerplate(path: Optional[Path] = None) -> Tuple[BoilerplateRule, ...]:
    """Rules of the boilerplate TSV (`pattern`, `kind`, `note`; '#' lines are comments)."""
    return _load_boilerplate(str(path or BOILERPLATE_PATH))


@lru_cache(maxsize=8)
def _load_boilerplate(path: str) -> Tuple[BoilerplateRule, ...]:
    rules: List[BoilerplateRule] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0] or not cols[1].strip():
                raise ValueError(f"{path}:{lineno}: expected 'pattern<TAB>kind<TAB>note'")
            try:
                rx = re.compile(cols[0], re.I)
            except re.error as exc:
                raise ValueError(f"{path}:{lineno}: bad pattern {cols[0]!r}: {exc}") from exc
            rules.append(BoilerplateRule(rx, cols[1].strip(), cols[2].strip() if len(cols) > 2 else ""))
    return tuple(rules)


class _Elem:
    __slots__ = ("tag", "drop", "block")

    def __init__(self, tag: str, drop: bool, block: bool):
        self.tag = tag
        self.drop = drop
        self.block = block


class _Extractor(HTMLParser):
    def __init__(self, raw: str, offset: int, rules: Sequence[BoilerplateRule]):
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.base = offset  # NB: not self.offset, which ParserBase uses for its column
        self.rules = rules
        self.fed, self.placeholder = _sanitize(raw)
        self.line_starts = [0]
        self.line_starts.extend(m.end() for m in re.finditer("\n", raw))
        self.parts: List[TrackedText] = []
        self.n_out = 0
        self.last_char = ""
        self.stack: List[_Elem] = []
        self.open_at: Dict[str, List[int]] = {}  # tag -> stack indices of its open elements
        self.drop_depth = 0
        self.dropped: Dict[str, int] = {}
        self.meta: Dict[str, str] = {}
        self.title: Optional[str] = None
        self._title_elem: Optional[_Elem] = None
        self._title_raw: List[str] = []

    # -- driving ----------------------------------------------------------
    def run(self) -> None:
        try:
            self.feed(self.fed)
            self.close()
        except (AssertionError, ValueError, IndexError, TypeError):  # pragma: no cover - safety net
            # Keep what was extracted; record that the rest was not parsed.
            self.dropped["unparsed"] = self.dropped.get("unparsed", 0) + 1
        if self._title_elem is not None:
            self._finish_title()

    # -- positions and output ---------------------------------------------
    def _pos(self) -> int:
        lineno, col = self.getpos()
        idx = min(max(lineno - 1, 0), len(self.line_starts) - 1)
        return min(self.line_starts[idx] + col, len(self.raw))

    def _locate(self, data: str, pos: int) -> Optional[int]:
        """Raw start of a data chunk reported at `pos` (None if it cannot be placed)."""
        if self.fed.startswith(data, pos):
            return pos
        return None

    def _emit(self, part: TrackedText) -> None:
        if part.text:
            self.parts.append(part)
            self.n_out += len(part.text)
            self.last_char = part.text[-1]

    def _break(self, pos: int) -> None:
        if self.drop_depth or self.n_out == 0 or self.last_char == "\n":
            return
        self._emit(TrackedText.inserted("\n", pos + self.base))

    # -- stack --------------------------------------------------------------
    def _is_open(self, tag: str) -> bool:
        return bool(self.open_at.get(tag))

    def _push(self, el: _Elem) -> None:
        self.open_at.setdefault(el.tag, []).append(len(self.stack))
        self.stack.append(el)
        if el.drop:
            self.drop_depth += 1

    def _find(self, targets: Iterable[str], barriers: Set[str] | frozenset) -> int:
        """Index of the topmost open element in `targets`, not crossing a barrier; -1 if none.

        Uses the per-tag index lists, so deep stacks of unclosed tags stay linear.
        """
        at = self.open_at
        target = max((at[t][-1] for t in targets if at.get(t)), default=-1)
        if target < 0:
            return -1
        barrier = max((at[b][-1] for b in barriers if at.get(b)), default=-1)
        return target if target > barrier else -1

    def _pop_to(self, idx: int, pos: int) -> None:
        popped = self.stack[idx:]
        del self.stack[idx:]
        block = False
        for el in popped:
            self.open_at[el.tag].pop()
            if el.drop:
                self.drop_depth -= 1
            block = block or el.block
            if el is self._title_elem:
                self._finish_title()
        if block:
            self._break(pos)

    def _close(self, targets: Iterable[str], barriers: Set[str] | frozenset, pos: int) -> None:
        idx = self._find(targets, barriers)
        if idx >= 0:
            self._pop_to(idx, pos)

    def _implicit_close(self, tag: str, pos: int) -> None:
        if not self.stack:
            return
        if self.stack[-1].tag == TITLE:  # <title> holds text only
            self._pop_to(len(self.stack) - 1, pos)
        if self._is_open("head") and tag not in HEAD_TAGS:
            self._close(("head",), frozenset(), pos)
        if tag in P_CLOSERS:
            self._close(("p",), BUTTON_SCOPE, pos)
        if tag == "li":
            self._close(("li",), LIST_SCOPE, pos)
        elif tag in ("dt", "dd"):
            self._close(("dt", "dd"), DL_SCOPE, pos)
        elif tag in H_TAGS:
            if self.stack and self.stack[-1].tag in H_TAGS:
                self._pop_to(len(self.stack) - 1, pos)
        elif tag == "tr":
            self._close(("tr",), TABLE_SCOPE | {"thead", "tbody", "tfoot"}, pos)
        elif tag in ("td", "th"):
            self._close(("td", "th"), TABLE_SCOPE | {"tr"}, pos)
        elif tag in ("thead", "tbody", "tfoot"):
            self._close(("thead", "tbody", "tfoot"), TABLE_SCOPE, pos)
        elif tag == "option":
            self._close(("option",), frozenset({"select", "datalist", "optgroup"}), pos)
        elif tag == "optgroup":
            self._close(("option", "optgroup"), frozenset({"select", "datalist"}), pos)
        elif tag == "a":
            self._close(("a",), DEFAULT_SCOPE, pos)

    # -- classification -----------------------------------------------------
    def _attrs(self, attrs: List[Tuple[str, Optional[str]]]) -> Dict[str, str]:
        out: Dict[str, str] = {}
        ph = self.placeholder
        for name, value in attrs:
            if name in out:
                continue
            v = value if value is not None else ""
            if ph and ph in v:
                v = v.replace(ph, "&")
            out[name] = v
        return out

    def _drop_kind(self, tag: str, attrs: Dict[str, str]) -> Optional[str]:
        if tag in DROP_TAGS:
            return DROP_TAGS[tag]
        for name in ("class", "id"):
            value = attrs.get(name)
            if not value:
                continue
            for rule in self.rules:
                if rule.pattern.search(value):
                    return rule.kind
        if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style", "")):
            return "hidden"
        return None

    def _read_meta(self, attrs: Dict[str, str]) -> None:
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = attrs.get("content", "").strip()
        if key and key.strip() and content:
            self.meta.setdefault(key.strip().lower(), content)

    def _finish_title(self) -> None:
        text = " ".join(html.unescape("".join(self._title_raw)).split())
        self._title_elem = None
        self._title_raw = []
        if text and self.title is None:
            self.title = text

    # -- HTMLParser callbacks -------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs, self_closing: bool) -> None:
        pos = self._pos()
        a = self._attrs(attrs)
        self._implicit_close(tag, pos)
        if tag == "meta":
            self._read_meta(a)
        if tag in VOID:
            if tag in BREAK_VOID:
                self._break(pos)
            return
        kind = self._drop_kind(tag, a)
        is_title = tag == TITLE and not any(self._is_open(t) for t in FOREIGN)
        block = tag in BLOCK
        if block:
            self._break(pos)
        if kind is not None and not self.drop_depth:
            self.dropped[kind] = self.dropped.get(kind, 0) + 1
        el = _Elem(tag, kind is not None or tag == TITLE, block)
        self._push(el)
        if is_title and self.title is None and self._title_elem is None:
            self._title_elem = el
            self._title_raw = []
        if self_closing:
            text = self.get_starttag_text() or ""
            self._pop_to(len(self.stack) - 1, pos + len(text))

    def handle_endtag(self, tag: str) -> None:
        pos = self._pos()
        if tag in VOID:
            if tag == "br":  # </br> is a <br>
                self._break(pos)
            return
        if tag in ("body", "html"):  # content after </body> still belongs to the body
            return
        if tag in TABLE_PARTS:
            barriers = TABLE_SCOPE
        elif tag == "p":
            barriers = BUTTON_SCOPE
        elif tag == "li":
            barriers = LIST_SCOPE
        else:
            barriers = DEFAULT_SCOPE
        idx = self._find((tag,), barriers - {tag})
        if idx < 0:
            if tag == "p":  # a stray </p> is an empty paragraph
                self._break(pos)
            return
        self._pop_to(idx, pos)

    def handle_data(self, data: str) -> None:
        pos = self._pos()
        start = self._locate(data, pos)
        if start is None:
            return
        text = self.raw[start : start + len(data)]
        if self._title_elem is not None and self.stack and self.stack[-1] is self._title_elem:
            self._title_raw.append(text)
        if self.stack and self.stack[-1].tag == "head" and text.strip():
            # Text cannot live in <head>: the browser closes it and shows the text.
            self._pop_to(len(self.stack) - 1, pos)
        if self.drop_depth:
            return
        self._emit(TrackedText.from_raw(text, start + self.base))

    def _ref(self, prefix: str, name: str) -> None:
        """A reference HTMLParser reported as `prefix + name` (+ ';' if one follows)."""
        pos = self._pos()
        s = pos
        e = s + len(prefix) + len(name)
        if self.fed[s:e] != prefix + name:  # cannot place it: drop rather than mis-map
            return
        if self.fed.startswith(";", e):
            e += 1
        ref = self.raw[s:e]
        if self._title_elem is not None and self.stack and self.stack[-1] is self._title_elem:
            self._title_raw.append(ref)
        if self.drop_depth:
            return
        decoded = html.unescape(ref)
        o = self.base
        if decoded == ref:  # unknown entity: literal text
            self._emit(TrackedText.from_raw(ref, s + o))
        elif len(decoded) == len(ref):  # never let a decoded char pose as 1:1
            self._emit(TrackedText.uniform(decoded, s + o, e + o))
        else:
            self._emit(TrackedText.spread(decoded, s + o, e + o))

    def handle_charref(self, name: str) -> None:
        self._ref("&#", name)

    def handle_entityref(self, name: str) -> None:
        self._ref("&", name)

    def handle_comment(self, data: str) -> None:
        if not self.drop_depth:
            self.dropped["comment"] = self.dropped.get("comment", 0) + 1

    # -- parser workarounds -----------------------------------------------------
    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i):  # CDATA / MS-Word marked sections
            return self.parse_bogus_comment(i)
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def parse_comment(self, i: int, report: int = 1) -> int:
        k = super().parse_comment(i, report)
        if k < 0:  # the whole input is fed at once: an open comment runs to the end
            if report:
                self.handle_comment(self.rawdata[i + 4 :])
            return len(self.rawdata)
        return k


def _sanitize(raw: str) -> Tuple[str, Optional[str]]:
    """Neutralize '&#' that HTMLParser cannot parse (see module docstring)."""
    bad = [i for i in _find_all(raw, "&#") if _PARSER_CHARREF.match(raw, i) is None]
    if not bad:
        return raw, None
    ph = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in raw)
    chars = list(raw)
    for i in bad:
        chars[i] = ph
    return "".join(chars), ph


def _find_all(s: str, sub: str) -> Iterable[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


def html_to_text(raw: str, offset: int = 0) -> HtmlText:
    """Visible story text of an HTML page; positions are `offset` + index into `raw`."""
    ex = _Extractor(raw, offset, load_boilerplate())
    ex.run()
    text = TrackedText.concat(ex.parts)
    title = ex.title or ex.meta.get("og:title") or None
    return HtmlText(text=text, title=title, meta=dict(ex.meta), dropped=dict(ex.dropped))


_DOC_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<!doctype\s+html)", re.I)
_KNOWN_TAG = re.compile(
    r"<(/?)(p|div|span|br|a|img|font|table|tbody|tr|td|th|li|ul|ol|h[1-6]|strong|b|em|i|u|"
    r"section|article|header|footer|script|style|html|head|body|meta|title|iframe|center|"
    r"blockquote|figure|figcaption|pre|hr|link|noscript)(?=[\s/>])[^<>]*>",
    re.I,
)


def looks_like_html(text: str, sample: int = 20000) -> bool:
    """Cheap sniff: does `text` look like HTML markup rather than plain text?

    True for a doctype/<html> start, or markup of known HTML tags in the first
    `sample` chars: two or more tags, or one end tag, <br> or <p>.  Plain text
    with a stray '<b and c>' or Chinese book-title marks 《》 stays False.
    """
    head = text[:sample].lstrip("\ufeff")
    if _DOC_START.match(head):
        return True
    n = 0
    for m in _KNOWN_TAG.finditer(head):
        n += 1
        if n >= 2 or m.group(1) or m.group(2).lower() in ("br", "p"):
            return True
    return False
