"""Gold annotations: stand-off files in annotations/, and the inline form people edit.

Third-party articles stay in ../shared/corpus.  A gold document in
`annotations/*.jsonl` keeps only:

* `source.path` relative to the shared folder and `source.story` (which story of the file);
* `id`: the SHA-1 of the normalized text, so a change of the normalizer that alters the
  text is detected instead of shifting every offset silently;
* `entities` (label, start, end, the entity's own text, attrs) and `frames`.

`materialize` re-reads the source, normalizes it and returns full SPEC documents.

For annotating, a story is written as plain text with inline marks,
`⟦景俊海|OFFICIAL⟧`, which a person corrects by reading; `parse_marked` turns it
back into offsets and refuses any edit to the underlying text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from .reader import read_articles

OPEN, SEP, CLOSE = "⟦", "|", "⟧"
MARK_RE = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]+?)\\{SEP}([A-Z]+)((?:\\{SEP}[^{CLOSE}]*)?){CLOSE}")
LABELS = ("OFFICIAL", "PERSON", "TITLE", "ORG", "PLACE", "DATE", "DIRECTIVE")
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


class GoldError(ValueError):
    pass


def to_marked(text: str, entities: Iterable[Dict]) -> str:
    """Text with each (non-overlapping) entity wrapped as ⟦text|LABEL⟧."""
    out, pos = [], 0
    for e in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if e["start"] < pos:
            continue  # an overlapping span cannot be marked inline; the longer, earlier one wins
        out.append(text[pos : e["start"]])
        out.append(f"{OPEN}{text[e['start']:e['end']]}{SEP}{e['label']}{CLOSE}")
        pos = e["end"]
    out.append(text[pos:])
    return "".join(out)


def parse_marked(marked: str, expected_text: Optional[str] = None) -> Tuple[str, List[Dict]]:
    """(plain text, entities) from marked text; raises GoldError on a bad label or an edited text."""
    plain, ents, pos = [], [], 0
    offset = 0
    for m in MARK_RE.finditer(marked):
        plain.append(marked[pos : m.start()])
        offset += m.start() - pos
        surface, label = m.group(1), m.group(2)
        if label not in LABELS:
            raise GoldError(f"unknown label {label!r} at {surface!r}")
        ents.append({"label": label, "start": offset, "end": offset + len(surface), "text": surface})
        plain.append(surface)
        offset += len(surface)
        pos = m.end()
    plain.append(marked[pos:])
    text = "".join(plain)
    if OPEN in text or CLOSE in text:
        i = text.find(OPEN) if OPEN in text else text.find(CLOSE)
        raise GoldError(f"malformed mark near {text[max(0, i - 10):i + 20]!r}")
    if expected_text is not None and text != expected_text:
        import difflib

        sm = difflib.SequenceMatcher(None, expected_text, text, autojunk=False)
        diffs = [(expected_text[i1:i2], text[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
        raise GoldError(f"the text was edited, not only marked: {diffs[:5]}")
    for i, e in enumerate(ents):
        e["id"] = f"e{i + 1}"
    return text, ents


def rel_source(path: str) -> str:
    p = Path(path).resolve()
    try:
        return str(p.relative_to(SHARED.resolve()))
    except ValueError:
        return str(path)


def standoff(doc: Dict) -> Dict:
    """A gold document without the article text."""
    src = doc["source"]
    return {
        "schema": 1,
        "id": doc["id"],
        "source": {"path": rel_source(src["path"]), "story": src.get("story"), "title": src.get("title"),
                   "date": src.get("date")},
        "entities": [{k: e[k] for k in ("id", "label", "start", "end", "text") if k in e} | {"attrs": e.get("attrs", {})}
                     for e in doc.get("entities", [])],
        "frames": doc.get("frames", []),
    }


def source_texts(path: str, story: int, shared: Path = SHARED) -> Dict:
    """The normalized story `story` of a corpus file, as a dict with id, text and source."""
    full = Path(path) if Path(path).is_absolute() else shared / path
    for art in read_articles([str(full)]):
        if art.source.get("story") == story and art.ok:
            return {"id": art.id, "text": art.text.text, "source": art.source}
    raise GoldError(f"no story {story} in {full}")


def materialize(gold: Dict, shared: Path = SHARED) -> Dict:
    """Full SPEC document for a stand-off gold record; checks text hash and every entity's text."""
    src = source_texts(gold["source"]["path"], gold["source"]["story"], shared)
    if src["id"] != gold["id"]:
        raise GoldError(f"{gold['source']['path']}#{gold['source']['story']}: the normalized text changed "
                        f"(gold {gold['id']}, now {src['id']}); re-anchor the annotation")
    text = src["text"]
    for e in gold["entities"]:
        if text[e["start"] : e["end"]] != e["text"]:
            raise GoldError(f"{gold['id']}: entity {e} does not match the text {text[e['start']:e['end']]!r}")
    return dict(gold, text=text, source=dict(src["source"], **{k: v for k, v in gold["source"].items() if k != "path"}))


def read_gold(paths: Iterable[Path]) -> Iterator[Dict]:
    for p in paths:
        p = Path(p)
        for f in sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]:
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield json.loads(line)


# -- frames: one line per frame, `TYPE | role=text | role=text ...` -------------------------------------------
FRAMES_MARK = "=== FRAMES"
FRAME_TYPES = ("INSPECTION", "MEETING", "INSTRUCTION", "REPORT", "CASE_STATS")
FRAME_ROLES = {
    "INSPECTION": ("agent", "companion", "place", "target", "topic", "measure"),
    "MEETING": ("chair", "attendee", "name", "place", "measure"),
    "INSTRUCTION": ("speaker", "addressee", "measure", "context"),
    "REPORT": ("reporter", "topic"),
    "CASE_STATS": ("place", "metric", "value"),
}


def frames_to_lines(frames: List[Dict]) -> str:
    """The editable line form of frames; context points at the frame type it was given in."""
    by_id = {f["id"]: f for f in frames}
    lines = []
    for f in frames:
        parts = [f["type"]]
        t = (f.get("time") or {}).get("text")
        if t:
            parts.append(f"time={t}")
        for a in f["args"]:
            if a["role"] == "context":
                ctx = by_id.get(a.get("frame"))
                if ctx:
                    parts.append(f"context={ctx['type']}")
            elif a.get("text"):
                parts.append(f"{a['role']}={a['text']}")
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_frame_lines(block: str) -> List[Dict]:
    """Frames from the line form; raises GoldError on an unknown type or role."""
    frames: List[Dict] = []
    for n, line in enumerate(l.strip() for l in block.splitlines()):
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        ftype = parts[0]
        if ftype not in FRAME_TYPES:
            raise GoldError(f"frame line {n + 1}: unknown type {ftype!r}")
        frame = {"id": f"f{len(frames) + 1}", "type": ftype, "time": None, "args": []}
        for p in parts[1:]:
            if "=" not in p:
                raise GoldError(f"frame line {n + 1}: {p!r} is not role=text")
            role, text = (x.strip() for x in p.split("=", 1))
            if role == "time":
                frame["time"] = {"text": text}
            elif role == "context":
                ctx = next((f for f in reversed(frames) if f["type"] == text), None)
                if ctx is None:
                    raise GoldError(f"frame line {n + 1}: no earlier {text} frame for context")
                frame["args"].append({"role": "context", "frame": ctx["id"]})
            elif role in FRAME_ROLES[ftype]:
                frame["args"].append({"role": role, "text": text})
            else:
                raise GoldError(f"frame line {n + 1}: role {role!r} is not a role of {ftype}")
        frames.append(frame)
    return frames
