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
# Markup around kept text: the text keeps its own source spans (TrackedText.sub_keep).
INLINE_KEEP = [
    re.compile(r"\[([^\]]*)\]\([^)]*\)"),  # links keep their text
    re.compile(r"\*\*(.+?)\*\*"),
    re.compile(r"__(.+?)__"),
    re.compile(r"(?<![*A-Za-z0-9])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*A-Za-z0-9])"),
    re.compile(r"^>\s?(.*)$", re.M),
]
# A paragraph that is nothing but the programme's dateline, e.g. 央视网消息（新闻联播）：
BARE_DATELINE_RE = re.compile(r"^[^。，]{0,24}[：:]$")
LIST_ITEM_RE = re.compile(r"^(?:\d+[.、]|[（(]\d+[)）]|[-*+]\s)")


@dataclass
class _Line:
    tt: TrackedText
    nl: TrackedText  # the newline that ends the line in the source (empty at end of file)
    heading: Optional[Tuple[int, str]] = None


def strip_inline(tt: TrackedText) -> TrackedText:
    tt = tt.sub(IMAGE_RE, "")
    for rx in INLINE_KEEP:
        tt = tt.sub_keep(rx)
    return tt


def _lines(tt: TrackedText) -> List[_Line]:
    out = []
    pos = 0
    text = tt.text
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = tt[pos:end]
        m = HEADING_RE.match(line.text)
        out.append(_Line(line, tt[end : end + 1], (len(m.group(1)), m.group(2)) if m else None))
        if nl < 0:
            break
        pos = nl + 1
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
        parts.extend(_section_parts(title, body, meta.get("collection")))
    return parts, meta


def _is_prose(lines: List[_Line]) -> bool:
    paras = [l.tt.text.strip() for l in lines if l.tt.text.strip()]
    prose = [p for p in paras if not LIST_ITEM_RE.match(p) and not LINK_LINE_RE.match(p) and not HR_RE.match(p)]
    return any(len(p) > 40 and p.endswith("。") for p in prose)


def _section_parts(title: Optional[str], lines: List[_Line], collection: Optional[str]) -> List[StoryPart]:
    url = None
    subs: List[Tuple[Optional[str], List[_Line]]] = [(None, [])]
    for line in lines:
        s = line.tt.text.strip()
        m = LINK_LINE_RE.match(s)
        if m:
            url = url or m.group(2)
            continue
        if HR_RE.match(s) or s.startswith("更新时间"):
            continue
        b = BOLD_LINE_RE.match(s)
        if b and (subs[-1][0] is not None or any(l.tt.text.strip() for l in subs[-1][1])):
            subs.append((b.group(1).strip(), []))
            continue
        subs[-1][1].append(_Line(strip_inline(line.tt), line.nl))

    parts: List[StoryPart] = []
    multi = len(subs) > 1
    for sub_title, sub_lines in subs:
        body = _join_lines(sub_lines)
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


def _join_lines(lines: List[_Line]) -> TrackedText:
    pieces: List[TrackedText] = []
    for i, line in enumerate(lines):
        if i:
            prev_nl = lines[i - 1].nl
            pieces.append(prev_nl if len(prev_nl) else TrackedText.inserted("\n", line.tt.starts[0] if len(line.tt) else 0))
        pieces.append(line.tt)
    return TrackedText.concat(pieces)
