"""Split a file into stories.

Input is a whole file after `normalize_chars`; output is one `StoryPart` per
story with its headline lines, its dateline date and its (not yet
paragraph-normalized) body.  Three shapes occur in real archives:

* a newspaper page: headline lines, then a dateline paragraph (本报4月3日讯,
  本报讯, 新华社…电, or a byline 本报记者 …), story after story;
* a run-together line: several reports glued into one paragraph, each
  headline inserted between the previous story's last sentence and the next
  story's opening (…整体合力。吉林最新疫情数据据吉林省卫健委4月3日通报，…);
* Markdown day files with one `### title` section per story (see `markdown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from .dates import PartialDate, date_from_dateline
from .normalizer import HAN, is_headline_like, split_paragraphs
from .offsets import TrackedText

STORY_START_RE = re.compile(
    r"^(?:本报|本台|本刊)[^，。]{0,20}?(?:讯|电)|^(?:新华社|中新社|人民日报|央视网)[^，。]{0,14}?(?:电|讯|消息)"
    r"|^本报记者\s*[" + HAN + r"]{2,4}(?:\s|$)"
)

# A headline glued between two reports: after a sentence end, a clause with no comma or full stop, right before
# a typical story opening (a date with its comma, 据…报道/通报, 本报…).
RUN_TOGETHER_RE = re.compile(
    r"(?<=[。！？”])(?P<head>[^。，！？；\n]{6,60}?)"
    r"(?=(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚上?|凌晨|早上|晚间|中午)?，)"
    r"|据(?!据)[^，。\n]{2,30}?(?:报道|通报|消息|获悉)|本报)"
)


@dataclass
class StoryPart:
    headlines: List[str]
    body: TrackedText
    dateline: Optional[PartialDate] = None
    meta: dict = field(default_factory=dict)

    @property
    def title(self) -> Optional[str]:
        return " / ".join(self.headlines) if self.headlines else None


@dataclass
class _Para:
    tt: TrackedText
    sep: Optional[TrackedText]
    headline: bool = False  # forced headline from a run-together split
    start: bool = False  # forced story start from a run-together split


def _explode_run_together(paras: List[_Para]) -> List[_Para]:
    out: List[_Para] = []
    for p in paras:
        matches = list(RUN_TOGETHER_RE.finditer(p.tt.text)) if len(p.tt) > 200 else []
        if not matches:
            out.append(p)
            continue
        pos = 0
        for m in matches:
            out.append(_Para(p.tt[pos : m.start()], None))
            out.append(_Para(p.tt[m.start() : m.end()], None, headline=True))
            pos = m.end()
            out.append(_Para(p.tt[pos:pos], None, start=True))  # placeholder marks the next body as a start
        out.append(_Para(p.tt[pos:], p.sep))
    # Merge placeholders into the body that follows them.
    merged: List[_Para] = []
    pending_start = False
    for p in out:
        if p.start and not len(p.tt):
            pending_start = True
            continue
        if pending_start:
            p.start, pending_start = True, False
        if len(p.tt):
            merged.append(p)
    return merged


def split_stories(tt: TrackedText) -> List[StoryPart]:
    """Split a char-normalized file into stories (a file with one story gives one part)."""
    paras: List[_Para] = []
    # Boilerplate lines stay in for now: they are removed (and counted) per story by normalize_paragraphs.
    paras = [_Para(p, sep) for p, sep in split_paragraphs(tt)]
    paras = _explode_run_together(paras)
    if not paras:
        return []

    starts = [i for i, p in enumerate(paras) if p.start or STORY_START_RE.match(p.tt.text)]
    # Each start takes the headline-like paragraphs right above it (at most five) as its headline block.
    blocks = []
    prev_limit = 0
    for s in starts:
        h = s
        while h - 1 >= prev_limit and s - (h - 1) <= 5 and (paras[h - 1].headline or is_headline_like(paras[h - 1].tt.text)):
            h -= 1
        blocks.append((h, s))
        prev_limit = s + 1

    if not starts:
        return [_single_story(paras)]

    parts: List[StoryPart] = []
    first_h = blocks[0][0]
    if first_h > 0:
        pre = paras[:first_h]
        if all(p.headline or is_headline_like(p.tt.text) for p in pre):
            # Page furniture or a kicker above the first story: keep it as headline lines of that story.
            blocks[0] = (0, blocks[0][1])
        else:
            parts.append(_single_story(pre))
    for k, (h, s) in enumerate(blocks):
        end = blocks[k + 1][0] if k + 1 < len(blocks) else len(paras)
        heads = [p.tt.text for p in paras[h:s]]
        body = paras[s:end]
        parts.append(StoryPart(heads, _join(body), date_from_dateline(paras[s].tt.text)))
    return parts


def _single_story(paras: List[_Para]) -> StoryPart:
    # Leading headline lines are the title when real body paragraphs follow them.
    h = 0
    while h < len(paras) - 1 and h < 5 and (paras[h].headline or is_headline_like(paras[h].tt.text)):
        h += 1
    if h == len(paras) - 1 and is_headline_like(paras[-1].tt.text):
        h = 0
    heads = [p.tt.text for p in paras[:h]]
    body = paras[h:]
    dl = next((d for d in (date_from_dateline(p.tt.text) for p in body[:1]) if d), None)
    return StoryPart(heads, _join(body), dl)


def _join(paras: List[_Para]) -> TrackedText:
    """Re-join paragraphs with a newline that keeps a source span where the source had one."""
    pieces: List[TrackedText] = []
    for i, p in enumerate(paras):
        if i:
            prev = paras[i - 1]
            if prev.sep is not None and len(prev.sep):
                pieces.append(prev.sep)
            else:
                at = prev.tt.end_at(-1) if len(prev.tt) else 0
                pieces.append(TrackedText.inserted("\n", at))
        pieces.append(p.tt)
    return TrackedText.concat(pieces)
