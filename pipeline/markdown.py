"""Markdown articles and day files (`### title` per story), with offsets kept.

Only the block structure that news dumps use is read: ATX headings, HTML
comments, thematic breaks, link-only lines and inline emphasis/links.  A
Markdown library would rebuild the text without source positions, and the
positions are the point here, so this is a small line-based reader over
`TrackedText`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .offsets import TrackedText
from .splitter import StoryPart

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
LINK_LINE_RE = re.compile(r"^\[([^\]]*)\]\((\S+?)\)$")
HR_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
BOLD_LINE_RE = re.compile(r"^\*\*([^*\n]+)\*\*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# Markup around kept text: the text keeps its own source spans (TrackedText.sub_keep).  Each pattern comes
# with a string that all its matches contain: most lines have no markup, and `in` is cheaper than a scan.
INLINE_KEEP = [
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), "]("),  # links keep their text
    (re.compile(r"\*\*(.+?)\*\*"), "**"),
    (re.compile(r"__(.+?)__"), "__"),
    (re.compile(r"(?<![*A-Za-z0-9])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*A-Za-z0-9])"), "*"),
    (re.compile(r"^>\s?(.*)$", re.M), ">"),
]
# A paragraph that is nothing but the programme's dateline, e.g. 央视网消息（新闻联播）：
BARE_DATELINE_RE = re.compile(r"^[^。，]{0,24}[：:]$")
LIST_ITEM_RE = re.compile(r"^(?:\d+[.、]|[（(]\d+[)）]|[-*+]\s)")


@dataclass
class _Line:
    """A line of the file as positions in its TrackedText: most lines are kept as they are, and a run of
    consecutive kept lines is then one slice of the file rather than a slice per line and per newline."""

    text: str
    start: int
    end: int  # the newline that ends the line is at `end` (none at the end of the file)
    heading: Optional[Tuple[int, str]] = None
    tt: Optional[TrackedText] = None  # the line's own text once inline markup was stripped from it


# Any of the strings above (and the image's "!["): a line without one has no inline markup.
INLINE_GUARD = re.compile(r"!\[|\]\(|\*|__|>")


def strip_inline(tt: TrackedText) -> TrackedText:
    if "![" in tt.text:
        tt = tt.sub(IMAGE_RE, "")
    for rx, needed in INLINE_KEEP:
        if needed in tt.text:
            tt = tt.sub_keep(rx)
    return tt


def _lines(tt: TrackedText) -> List[_Line]:
    out = []
    pos = 0
    for text in tt.text.split("\n"):
        end = pos + len(text)
        m = HEADING_RE.match(text) if text.startswith("#") else None
        out.append(_Line(text, pos, end, (len(m.group(1)), m.group(2)) if m else None))
        pos = end + 1
    return out


def markdown_stories(tt: TrackedText) -> Tuple[List[StoryPart], dict]:
    """Stories of a Markdown file and file-level metadata (its top heading).

    The file is split on the deepest heading level that occurs at least twice;
    text before the first such heading is a story only if it is more than a
    table of contents (a day file's 新闻摘要 list is not).
    """
    tt = tt.sub(COMMENT_RE, "")
    lines = _lines(tt)
    levels = [l.heading[0] for l in lines if l.heading]
    meta: dict = {}
    top = next((l.heading[1] for l in lines if l.heading and l.heading[0] == min(levels)), None) if levels else None
    if top:
        meta["collection"] = strip_inline(TrackedText.from_raw(top)).text
    split_level = max((lv for lv in set(levels) if levels.count(lv) >= 2), default=None)

    sections: List[Tuple[Optional[str], List[_Line]]] = [(None, [])]
    for line in lines:
        if line.heading and split_level and line.heading[0] <= split_level:
            title = strip_inline(TrackedText.from_raw(line.heading[1])).text if line.heading[0] == split_level else None
            sections.append((title, []))
        elif not line.heading:
            sections[-1][1].append(line)

    parts: List[StoryPart] = []
    for title, body in sections:
        if title is None and split_level is not None and not _is_prose(body):
            continue
        parts.extend(_section_parts(tt, title, body, meta.get("collection")))
    return parts, meta


def _is_prose(lines: List[_Line]) -> bool:
    paras = [l.text.strip() for l in lines if l.text.strip()]
    prose = [p for p in paras if not LIST_ITEM_RE.match(p) and not LINK_LINE_RE.match(p) and not HR_RE.match(p)]
    return any(len(p) > 40 and p.endswith("。") for p in prose)


def _section_parts(src: TrackedText, title: Optional[str], lines: List[_Line],
                   collection: Optional[str]) -> List[StoryPart]:
    url = None
    subs: List[Tuple[Optional[str], List[_Line]]] = [(None, [])]
    for line in lines:
        s = line.text.strip()
        m = LINK_LINE_RE.match(s) if s.startswith("[") else None
        if m:
            url = url or m.group(2)
            continue
        if s.startswith(("-", "*", "_")) and HR_RE.match(s) or s.startswith("更新时间"):
            continue
        b = BOLD_LINE_RE.match(s) if s.startswith("**") else None
        if b and (subs[-1][0] is not None or any(l.text.strip() for l in subs[-1][1])):
            subs.append((b.group(1).strip(), []))
            continue
        if INLINE_GUARD.search(line.text):
            tt = strip_inline(src[line.start : line.end])
            line = _Line(tt.text, line.start, line.end, None, tt)
        subs[-1][1].append(line)

    parts: List[StoryPart] = []
    multi = len(subs) > 1
    for sub_title, sub_lines in subs:
        body = _join_lines(src, sub_lines)
        text = body.text.strip()
        if not text or (multi and sub_title is None and BARE_DATELINE_RE.match(text)):
            continue
        heads = [h for h in (sub_title or title,) if h]
        meta = {"url": url}
        if multi and sub_title:
            meta["section"] = title
        if collection:
            meta["collection"] = collection
        parts.append(StoryPart(heads, body, None, meta))
    return parts


def _join_lines(src: TrackedText, lines: List[_Line]) -> TrackedText:
    """The lines, each followed by its own newline from the source (an inserted one where it had none)."""
    pieces: List[TrackedText] = []
    a = b = 0  # pending source range: consecutive kept lines and their newlines, sliced at once

    def take(s: int, e: int) -> None:
        nonlocal a, b
        if s == e:
            return
        if a == b or s != b:
            flush()
            a = s
        b = e

    def flush() -> None:
        nonlocal a, b
        if a < b:
            pieces.append(src[a:b])
        a = b = 0

    for i, line in enumerate(lines):
        if i:
            prev = lines[i - 1].end
            if prev < len(src):
                take(prev, prev + 1)
            else:
                flush()
                at = (line.tt.start_at(0) if len(line.tt) else 0) if line.tt is not None else \
                    (src.start_at(line.start) if line.end > line.start else 0)
                pieces.append(TrackedText.inserted("\n", at))
        if line.tt is None:
            take(line.start, line.end)
        else:
            flush()
            pieces.append(line.tt)
    flush()
    return TrackedText.concat(pieces)
