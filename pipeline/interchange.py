"""SPEC documents <-> records of the annotation tools people already use: Label Studio, doccano, Prodigy.

Every tool sees the same native structure (section "README: annotation tools"):

* one span per entity, labelled with its SPEC label;
* one span per frame, labelled with the frame type, on the frame's trigger.  A gold frame
  has no trigger, so its span is put on the nearest trigger word of its type
  (lexicons/frame_triggers.tsv) or else on its first argument, and the metadata says so;
* one `ARG` span for an argument or time text that is no entity (topic, name, metric, value ...);
* one relation per argument, frame span -> argument span, labelled with the role;
  `time` -> the time text, `context` -> the other frame's span.

What has no native slot (entity attrs and ids, time values, CASE_STATS values, `source`,
`id`, `errors`, any other field) travels in a metadata block, key `zhevents`
(Label Studio: `data.zhevents`; doccano: top-level `zhevents`; Prodigy: `meta.zhevents`).
On import the native spans and relations are the truth: a span or relation left as it was
gets back its original record from the metadata, a changed one is rebuilt from the text.
All offsets are Python code points except Label Studio's, which are UTF-16 code units.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

from .gold import FRAME_ROLES, FRAME_TYPES, LABELS
from .reader import text_id

META_KEY = "zhevents"
META_VERSION = 1
ARG = "ARG"  # span label of an argument (or time) text that is not an entity
TIME, CONTEXT = "time", "context"
ROLES = tuple(dict.fromkeys([r for t in FRAME_TYPES for r in FRAME_ROLES[t]] + [TIME]))
LS_FROM, LS_TO = "label", "text"
_ANCHOR_WINDOW = 60  # characters around a gold frame's arguments searched for a trigger word


class InterchangeError(ValueError):
    """A record that cannot be converted; the message names the record and the problem."""


# -- neutral form: spans {id, start, end, label} and relations {head, child, label} ------------------------


def _kind(label: str) -> str:
    if label in FRAME_TYPES:
        return "frame"
    if label == ARG:
        return "arg"
    if label in LABELS:
        return "entity"
    raise InterchangeError(f"unknown span label {label!r} (known: {', '.join(LABELS + FRAME_TYPES + (ARG,))})")


@lru_cache(maxsize=1)
def _trigger_words() -> Dict[str, Tuple[str, ...]]:
    from .lexicon import load_lexicon

    words: Dict[str, List[Tuple[str, str]]] = defaultdict(list)
    for row in load_lexicon("frame_triggers.tsv"):
        words[row["type"]].append((row["trigger"], row["role"]))
    return {t: tuple(sorted(w, key=lambda x: -len(x[0]))) for t, w in words.items()}


def _occurrences(text: str, s: str) -> List[int]:
    """Start of every occurrence of s; a number is not found inside a longer number (2 in 2137)."""
    found = [m.start() for m in re.finditer(re.escape(s), text)] if s else []
    if s and s[0].isdigit() and s[-1].isdigit():
        whole = [p for p in found if not (p > 0 and text[p - 1].isdigit()) and not text[p + len(s):p + len(s) + 1].isdigit()]
        found = whole or found
    return found


def _name(doc: Dict) -> str:
    src = doc.get("source") or {}
    where = f"{src.get('path')}#{src.get('story')}" if src.get("path") else ""
    return f"document {doc.get('id') or '?'}" + (f" ({where})" if where else "")


def to_neutral(doc: Dict) -> Tuple[List[Dict], List[Dict], Dict]:
    """(spans, relations, metadata) of a SPEC document; raises InterchangeError on inconsistent offsets or links."""
    name, text = _name(doc), doc.get("text")
    if not isinstance(text, str):
        raise InterchangeError(f"{name}: no text (stand-off gold must be materialized first)")
    spans: List[Dict] = []
    by_key: Dict[Tuple[int, int, str], str] = {}

    def add(sid: str, start: int, end: int, label: str) -> str:
        spans.append({"id": sid, "start": start, "end": end, "label": label})
        by_key.setdefault((start, end, label), sid)
        return sid

    ent_span: Dict[str, str] = {}
    ents_at: Dict[Tuple[int, int], str] = {}
    for e in doc.get("entities", []):
        s, t = e.get("start"), e.get("end")
        if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)) or text[s:t] != e.get("text"):
            raise InterchangeError(f"{name}: entity {e.get('id')} {e.get('text')!r} [{s}:{t}] does not match the text")
        try:
            _kind(e["label"])
        except InterchangeError as exc:
            raise InterchangeError(f"{name}: entity {e.get('id')}: {exc}") from None
        sid = add(f"ent-{e['id']}", s, t, e["label"])
        ent_span[e["id"]] = sid
        ents_at.setdefault((s, t), sid)
    entity_meta = [{"span": ent_span[e["id"]], "entity": e} for e in doc.get("entities", [])]
    span_by_id = {s["id"]: s for s in spans}

    arg_spans: Dict[Tuple[int, int], str] = {}

    def text_span(s: int, t: int) -> str:
        """The span for an argument text at [s, t): the entity there, or a shared ARG span."""
        if (s, t) in ents_at:
            return ents_at[(s, t)]
        if (s, t) not in arg_spans:
            arg_spans[(s, t)] = add(f"arg-{len(arg_spans) + 1}", s, t, ARG)
        return arg_spans[(s, t)]

    frames = doc.get("frames", [])
    frame_ids = {f.get("id") for f in frames}
    anchors: Dict[str, str] = {}
    frame_meta: List[Dict] = []
    relations: List[Dict] = []
    used_anchor: set = set()
    for f in frames:
        fname = f"{name}: frame {f.get('id')}"
        if f.get("type") not in FRAME_TYPES:
            raise InterchangeError(f"{fname}: unknown frame type {f.get('type')!r}")
        trig = f.get("trigger") or None
        center = None
        if trig is not None:
            s, t = trig.get("start"), trig.get("end")
            if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)) or text[s:t] != trig.get("text"):
                raise InterchangeError(f"{fname}: trigger {trig} does not match the text")
            center = s
        # where each argument and the time text sit in the text
        items: List[Tuple[str, int, Optional[Dict]]] = []  # (what, index, arg)
        for i, a in enumerate(f.get("args", [])):
            if "frame" in a:
                if a["frame"] not in frame_ids:
                    raise InterchangeError(f"{fname}: {a.get('role')} points at a missing frame {a['frame']!r}")
            elif a.get("entity") is not None:
                if a["entity"] not in ent_span:
                    raise InterchangeError(f"{fname}: {a.get('role')} points at a missing entity {a['entity']!r}")
            elif not a.get("text"):
                raise InterchangeError(f"{fname}: argument {a} has neither entity, frame nor text")
            items.append(("arg", i, a))
        if f.get("time") and f["time"].get("text"):
            items.append(("time", -1, f["time"]))
        fixed: Dict[int, Tuple[int, int]] = {}
        options: Dict[int, List[int]] = {}
        for k, (what, i, a) in enumerate(items):
            if what == "arg" and "frame" in a:
                continue
            if what == "arg" and a.get("entity") is not None:
                sp = span_by_id[ent_span[a["entity"]]]
                fixed[k] = (sp["start"], sp["end"])
            elif isinstance(a.get("start"), int) and isinstance(a.get("end"), int):
                if text[a["start"]:a["end"]] != a.get("text"):
                    raise InterchangeError(f"{fname}: argument {a} does not match the text")
                fixed[k] = (a["start"], a["end"])
            else:
                occ = _occurrences(text, a["text"])
                if occ:
                    options[k] = occ
        if center is None:
            cands = [p for p, _ in fixed.values()] + [p for occ in options.values() for p in occ]
            if cands:
                def cost(c: int) -> int:
                    return sum(abs(p - c) for p, _ in fixed.values()) + sum(min(abs(p - c) for p in o) for o in options.values())
                center = min(cands, key=lambda c: (cost(c), c))
        located: Dict[int, Tuple[int, int]] = dict(fixed)
        for k, occ in options.items():
            p = min(occ, key=lambda p: (abs(p - center), p))
            located[k] = (p, p + len(items[k][2]["text"]))
        # the frame's span
        # the frame's span: its trigger, unless the trigger is missing (gold) or already holds a frame of the
        # same type (CASE_STATS sharing one metric); then a trigger word nearby, else one of its arguments
        a_s = a_t = None
        if trig is not None and (trig["start"], trig["end"], f["type"]) not in used_anchor:
            a_s, a_t = trig["start"], trig["end"]
        elif located:
            lo = max(min(s for s, _ in located.values()) - _ANCHOR_WINDOW, 0)
            hi = max(t for _, t in located.values()) + _ANCHOR_WINDOW
            best = None
            for w, subject in _trigger_words().get(f["type"], ()):
                # best: right after the argument the lexicon names as the trigger's subject (景俊海|主持召开)
                subj_ends = [located[k][1] for k, (what, _, a) in enumerate(items)
                             if k in located and what == "arg" and a.get("role") == subject]
                for p in _occurrences(text[lo:hi], w):
                    span = (p + lo, p + lo + len(w))
                    if (*span, f["type"]) in used_anchor or any(s < span[1] and span[0] < t for s, t in ents_at):
                        continue
                    after = [span[0] - e for e in subj_ends if e <= span[0]]
                    key = (min(after) if after else 10 ** 6 + abs(span[0] - center), -len(w), span[0])
                    if best is None or key < best[0]:
                        best = (key, span)
            if best:
                a_s, a_t = best[1]
            else:
                def pref(k: int) -> Tuple[int, int]:
                    what, i, a = items[k]
                    return (0 if what == "arg" and a.get("role") == "value" else 1 if what == "arg" else 2, k)
                free_k = [k for k in sorted(located, key=pref) if (*located[k], f["type"]) not in used_anchor]
                a_s, a_t = located[free_k[0] if free_k else min(located, key=pref)]
        if a_s is None and trig is not None:
            a_s, a_t = trig["start"], trig["end"]
        if a_s is None:  # a frame with no text anywhere: put it on the first free trigger word of its type
            for w, _ in _trigger_words().get(f["type"], ()):
                p = next((p for p in _occurrences(text, w) if (p, p + len(w), f["type"]) not in used_anchor), None)
                if p is not None:
                    a_s, a_t = p, p + len(w)
                    break
            else:
                if not text:
                    raise InterchangeError(f"{fname}: the document has no text to hold the frame")
                a_s, a_t = 0, 1
        used_anchor.add((a_s, a_t, f["type"]))
        fsid = add(f"frm-{f['id']}", a_s, a_t, f["type"])
        anchors[f["id"]] = fsid
        fm = {"span": fsid, "frame": f, "args": [], "time": None}
        for k, (what, i, a) in enumerate(items):
            if what == "arg" and "frame" in a:
                fm["args"].append(("frame", a["frame"]))
                continue
            if what == "arg" and a.get("entity") is not None:
                child = ent_span[a["entity"]]
            elif k in located:
                child = text_span(*located[k])
            else:
                child = None  # text not found: kept in the metadata only
            if what == "time":
                fm["time"] = child
            else:
                fm["args"].append(("span", child))
        frame_meta.append(fm)
    for fm in frame_meta:
        f = fm["frame"]
        for (kind, ref), a in zip(fm["args"], f.get("args", [])):
            if kind == "frame":
                ref = anchors[ref]
            if ref is not None:
                relations.append({"head": fm["span"], "child": ref, "label": a.get("role")})
        if fm["time"] is not None:
            relations.append({"head": fm["span"], "child": fm["time"], "label": TIME})
        fm["args"] = [anchors[ref] if kind == "frame" else ref for kind, ref in fm["args"]]
    meta = {
        "version": META_VERSION,
        "doc": {k: (None if k in ("text", "entities", "frames") else v) for k, v in doc.items()},
        "spans": {s["id"]: [s["start"], s["end"], s["label"]] for s in spans},
        "entities": entity_meta,
        "frames": [{"span": fm["span"], "frame": fm["frame"],
                    "args": fm["args"], "time": fm["time"]} for fm in frame_meta],
    }
    return spans, relations, copy.deepcopy(meta)


def _next_id(prefix: str, taken: Iterable[str]) -> Iterable[str]:
    n = max([int(m.group(1)) for x in taken if isinstance(x, str) and (m := re.fullmatch(prefix + r"(\d+)", x))] + [0])
    while True:
        n += 1
        yield f"{prefix}{n}"


def from_neutral(text: str, spans: List[Dict], relations: List[Dict], meta: Optional[Dict], name: str,
                 match_ids: bool = False) -> Dict:
    """A SPEC document from a tool's spans and relations (ids are the tool's) and the exported metadata.

    Spans are matched to the exported ones by id (`match_ids`, for tools that keep ids), then by
    (start, end, label), then by (start, end) within the same kind (a relabelled span).
    """
    if not isinstance(text, str):
        raise InterchangeError(f"{name}: no text")
    if meta is not None and (not isinstance(meta, dict) or meta.get("version") != META_VERSION):
        raise InterchangeError(f"{name}: metadata block {META_KEY!r} is not version {META_VERSION}")
    meta = copy.deepcopy(meta) if meta else {"doc": {}, "spans": {}, "entities": [], "frames": []}
    by_id: Dict[str, Dict] = {}
    for s in spans:
        st, en, lab = s.get("start"), s.get("end"), s.get("label")
        if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
            raise InterchangeError(f"{name}: span {s.get('id')} [{st}:{en}] is outside the text (length {len(text)})")
        if s.get("text") is not None and s["text"] != text[st:en]:
            raise InterchangeError(f"{name}: span {s.get('id')} text {s['text']!r} differs from the text at "
                                   f"[{st}:{en}] {text[st:en]!r}")
        try:
            _kind(lab)
        except InterchangeError as exc:
            raise InterchangeError(f"{name}: span {s.get('id')} {text[st:en]!r}: {exc}") from None
        if s["id"] in by_id:
            raise InterchangeError(f"{name}: two spans with id {s['id']!r}")
        by_id[s["id"]] = s
    for r in relations:
        for end in ("head", "child"):
            if r.get(end) not in by_id:
                raise InterchangeError(f"{name}: relation {r.get('label')!r} {end} {r.get(end)!r} is not a span of the record")
        if not r.get("label"):
            raise InterchangeError(f"{name}: relation from {_desc(text, by_id[r['head']])} to "
                                   f"{_desc(text, by_id[r['child']])} has no label")
        if _kind(by_id[r["head"]]["label"]) != "frame":
            raise InterchangeError(f"{name}: relation {r['label']!r} starts at {_desc(text, by_id[r['head']])}, "
                                   f"not at a frame span")

    # tool span id -> exported span id
    exported = {sid: tuple(v) for sid, v in meta["spans"].items()}
    match: Dict[str, str] = {}
    free = dict(exported)
    if match_ids:
        for s in spans:
            if s["id"] in free and _kind(free[s["id"]][2]) == _kind(s["label"]):
                match[s["id"]] = s["id"]
                del free[s["id"]]
    queues: Dict[Tuple, List[str]] = defaultdict(list)
    for sid, v in free.items():
        queues[v].append(sid)
    for s in spans:
        if s["id"] not in match and queues.get((s["start"], s["end"], s["label"])):
            sid = queues[(s["start"], s["end"], s["label"])].pop(0)
            match[s["id"]] = sid
            del free[sid]
    for s in spans:
        if s["id"] not in match:
            sid = next((k for k, v in free.items() if v[:2] == (s["start"], s["end"]) and _kind(v[2]) == _kind(s["label"])), None)
            if sid is not None:
                match[s["id"]] = sid
                del free[sid]
    unchanged = {tid for tid, sid in match.items()
                 if exported[sid] == (by_id[tid]["start"], by_id[tid]["end"], by_id[tid]["label"])}

    # entities: kept in their exported order, new ones appended
    ent_of: Dict[str, str] = {}  # tool span id -> entity id
    entities: List[Dict] = []
    new_eid = _next_id("e", [m["entity"].get("id") for m in meta["entities"]])
    ent_spans = [s for s in spans if _kind(s["label"]) == "entity"]
    rev = {sid: tid for tid, sid in match.items()}
    for m in meta["entities"]:
        tid = rev.get(m["span"])
        if tid is None or _kind(by_id[tid]["label"]) != "entity":
            continue  # deleted by the annotator
        entities.append(_entity(m["entity"], by_id[tid], text, tid in unchanged))
        ent_of[tid] = entities[-1]["id"]
    for s in ent_spans:
        if s["id"] not in ent_of:
            e = {"id": next(new_eid), "label": s["label"], "start": s["start"], "end": s["end"],
                 "text": text[s["start"]:s["end"]], "attrs": {}}
            entities.append(e)
            ent_of[s["id"]] = e["id"]
    ent_by_id = {e["id"]: e for e in entities}

    # frames
    rels_from: Dict[str, List[Dict]] = defaultdict(list)
    for r in relations:
        rels_from[r["head"]].append(r)
    frame_of: Dict[str, str] = {}
    new_fid = _next_id("f", [m["frame"].get("id") for m in meta["frames"]])
    order: List[Tuple[str, Optional[Dict]]] = []
    for m in meta["frames"]:
        tid = rev.get(m["span"])
        if tid is not None and _kind(by_id[tid]["label"]) == "frame":
            frame_of[tid] = m["frame"]["id"]
            order.append((tid, m))
    for s in spans:
        if _kind(s["label"]) == "frame" and s["id"] not in frame_of:
            frame_of[s["id"]] = next(new_fid)
            order.append((s["id"], None))
    frames = []
    for tid, m in order:
        s = by_id[tid]
        fname = f"{name}: frame {frame_of[tid]} ({s['label']} {text[s['start']:s['end']]!r})"
        if m is not None:
            f = copy.deepcopy(m["frame"])
            f["type"] = s["label"]
            if exported[m["span"]][:2] != (s["start"], s["end"]):
                f["trigger"] = {"text": text[s["start"]:s["end"]], "start": s["start"], "end": s["end"]}
            # else the original trigger stays, null where the span only stood in for a missing trigger
            old_args = list(zip(m["args"], m["frame"].get("args", [])))
        else:
            f = {"id": frame_of[tid], "type": s["label"],
                 "trigger": {"text": text[s["start"]:s["end"]], "start": s["start"], "end": s["end"]},
                 "time": None, "args": []}
            old_args = []
        allowed = set(FRAME_ROLES[f["type"]]) | {TIME}
        used = [False] * len(old_args)
        kept: List[Tuple[int, Dict]] = []
        new: List[Dict] = []
        time_rels = []
        for r in rels_from.get(tid, []):
            role, child = r["label"], by_id[r["child"]]
            if role not in allowed:
                raise InterchangeError(f"{fname}: role {role!r} is not a role of {f['type']} "
                                       f"(roles: {', '.join(sorted(allowed))})")
            if role == TIME:
                time_rels.append(r)
                continue
            exp = match.get(r["child"])
            j = next((j for j, (ref, a) in enumerate(old_args)
                      if not used[j] and ref is not None and ref == exp and a.get("role") == role), None)
            if j is not None and r["child"] in unchanged:
                used[j] = True
                kept.append((j, old_args[j][1]))
                continue
            if j is not None:
                used[j] = True
            new.append(_new_arg(role, child, text, ent_of, ent_by_id, frame_of, fname))
        # arguments whose text was not found in the text are carried over untouched
        kept += [(j, a) for j, (ref, a) in enumerate(old_args) if ref is None]
        f["args"] = [a for _, a in sorted(kept, key=lambda x: x[0])] + new
        if len(time_rels) > 1:
            raise InterchangeError(f"{fname}: {len(time_rels)} time relations, a frame has one time")
        if time_rels:
            r = time_rels[0]
            if m is not None and m["time"] is not None and match.get(r["child"]) == m["time"] and r["child"] in unchanged:
                f["time"] = copy.deepcopy(m["frame"].get("time"))
            else:
                c = by_id[r["child"]]
                value = None
                if c["id"] in ent_of and ent_by_id[ent_of[c["id"]]]["label"] == "DATE":
                    value = (ent_by_id[ent_of[c["id"]]].get("attrs") or {}).get("value")
                f["time"] = {"text": text[c["start"]:c["end"]], "value": value}
        elif m is not None and m["time"] is None and m["frame"].get("time"):
            f["time"] = copy.deepcopy(m["frame"]["time"])  # a time text not found in the text
        else:
            f["time"] = None
        frames.append(f)

    doc = meta["doc"] or {"schema": 1, "id": text_id(text), "source": {}, "text": None, "entities": None,
                          "frames": None, "errors": []}
    doc.update(text=text, entities=entities, frames=frames)
    return doc


def _desc(text: str, s: Dict) -> str:
    return f"{s['label']} {text[s['start']:s['end']]!r} [{s['start']}:{s['end']}]"


def _entity(orig: Dict, s: Dict, text: str, unchanged: bool) -> Dict:
    if unchanged:
        return copy.deepcopy(orig)
    e = copy.deepcopy(orig)
    if e.get("label") != s["label"]:
        e["attrs"] = {}  # attributes belong to a label (titles of an OFFICIAL, admin_path of a PLACE ...)
    if (e.get("start"), e.get("end")) != (s["start"], s["end"]):
        e.pop("orig_start", None)  # would point at the old span of the raw input
        e.pop("orig_end", None)
    e.update(label=s["label"], start=s["start"], end=s["end"], text=text[s["start"]:s["end"]])
    return e


def _new_arg(role: str, child: Dict, text: str, ent_of: Dict, ent_by_id: Dict, frame_of: Dict, fname: str) -> Dict:
    surface = text[child["start"]:child["end"]]
    kind = _kind(child["label"])
    if kind == "frame":
        if role != CONTEXT:
            raise InterchangeError(f"{fname}: role {role!r} points at a frame; only {CONTEXT!r} may")
        return {"role": role, "frame": frame_of[child["id"]]}
    if role == CONTEXT:
        raise InterchangeError(f"{fname}: {CONTEXT!r} must point at a frame span, not at {child['label']} {surface!r}")
    a = {"role": role, "text": surface}
    if kind == "entity":
        a["entity"] = ent_of[child["id"]]
    if role == "value":
        digits = re.sub(r"[,，]", "", surface)
        m = re.match(r"\d+", digits)
        a["value"] = int(m.group()) if m else None
    return a


def _meta_of(container: Dict, name: str) -> Optional[Dict]:
    m = container.get(META_KEY) if isinstance(container, dict) else None
    if m is not None and not isinstance(m, dict):
        raise InterchangeError(f"{name}: {META_KEY!r} is not an object")
    return m


# -- Label Studio --------------------------------------------------------------------------------------------


def _utf16_offsets(text: str) -> List[int]:
    """Position in UTF-16 code units (JavaScript string offsets) of every code point boundary."""
    out, n = [0], 0
    for ch in text:
        n += 2 if ord(ch) > 0xFFFF else 1
        out.append(n)
    return out


def to_labelstudio(doc: Dict, slot: str = "predictions", model_version: str = "zhevents") -> Dict:
    """A Label Studio task with the document pre-annotated in `slot` ("predictions" or "annotations")."""
    spans, rels, meta = to_neutral(doc)
    text = doc["text"]
    u16 = _utf16_offsets(text)
    result = [{"id": s["id"], "from_name": LS_FROM, "to_name": LS_TO, "type": "labels",
               "value": {"start": u16[s["start"]], "end": u16[s["end"]], "text": text[s["start"]:s["end"]],
                         "labels": [s["label"]]}} for s in spans]
    result += [{"from_id": r["head"], "to_id": r["child"], "type": "relation", "direction": "right",
                "labels": [r["label"]]} for r in rels]
    block = {"result": result}
    if slot == "predictions":
        block["model_version"] = model_version
    return {"data": {"text": text, META_KEY: meta}, slot: [block]}


def _ls_pick(task: Dict, name: str) -> Tuple[List[Dict], str]:
    """The result list to import: the latest non-cancelled annotation, else the latest prediction."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if anns:
        a = max(enumerate(anns), key=lambda ia: (str(ia[1].get("updated_at") or ia[1].get("created_at") or ""), ia[0]))[1]
        return a.get("result") or [], "annotation"
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if preds:
        return preds[-1].get("result") or [], "prediction"
    return [], "none"


def from_labelstudio(task: Dict, index: int = 0) -> Tuple[Dict, str, List[str]]:
    """(SPEC document, which result was used, warnings) from one task of a Label Studio JSON export."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise InterchangeError(f"task {index + 1}: not a Label Studio task (no 'data' object)")
    name = f"task {task.get('id', index + 1)}"
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        raise InterchangeError(f"{name}: data.text is missing")
    meta = _meta_of(data, name)
    if meta and meta.get("doc", {}).get("id"):
        name += f" ({meta['doc']['id']})"
    result, used = _ls_pick(task, name)
    u16 = _utf16_offsets(text)
    back = {u: i for i, u in enumerate(u16)}
    spans, rels, warnings = [], [], []
    for item in result:
        typ = item.get("type")
        if typ == "labels":
            v = item.get("value") or {}
            labels = v.get("labels") or []
            if len(labels) != 1:
                raise InterchangeError(f"{name}: region {item.get('id')} {v.get('text')!r} has labels {labels}; "
                                       f"give it exactly one")
            if v.get("start") not in back or v.get("end") not in back:
                raise InterchangeError(f"{name}: region {item.get('id')} [{v.get('start')}:{v.get('end')}] is outside "
                                       f"the text")
            spans.append({"id": item.get("id"), "start": back[v["start"]], "end": back[v["end"]], "label": labels[0],
                          "text": v.get("text")})
        elif typ == "relation":
            head, child = item.get("from_id"), item.get("to_id")
            labels = item.get("labels") or []
            if len(labels) > 1:
                raise InterchangeError(f"{name}: relation {head} -> {child} has labels {labels}; give it one role")
            rels.append({"head": head, "child": child, "label": labels[0] if labels else None,
                         "direction": item.get("direction", "right")})
        else:
            warnings.append(f"{name}: result of type {typ!r} ignored (not part of the zhevents labeling config)")
    kinds = {s["id"]: _kind(s["label"]) if s["label"] in LABELS + FRAME_TYPES + (ARG,) else None for s in spans}
    for r in rels:
        # a relation drawn from the argument to the frame, or marked left/bi, still means frame -> argument
        if r.pop("direction") == "left" or (kinds.get(r["head"]) != "frame" and kinds.get(r["child"]) == "frame"):
            r["head"], r["child"] = r["child"], r["head"]
    return from_neutral(text, spans, rels, meta, name, match_ids=True), used, warnings


def labelstudio_config(extra_labels: Iterable[str] = ()) -> str:
    """Labeling config (XML) for a Label Studio project that reads the exported tasks."""
    colors = {"OFFICIAL": "#e6194b", "PERSON": "#f58231", "TITLE": "#ffe119", "ORG": "#3cb44b", "PLACE": "#4363d8",
              "DATE": "#911eb4", "DIRECTIVE": "#42d4f4", ARG: "#a9a9a9"}
    labels = list(LABELS) + [x for x in dict.fromkeys(extra_labels) if x not in LABELS] + list(FRAME_TYPES) + [ARG]
    lines = ["<View>", "  <Relations>"]
    lines += [f'    <Relation value="{r}"/>' for r in ROLES]
    lines += ["  </Relations>", f'  <Labels name="{LS_FROM}" toName="{LS_TO}">']
    for lab in labels:
        hint = ' hint="frame: put on the trigger, then draw relations to its arguments"' if lab in FRAME_TYPES else ""
        if lab == ARG:
            hint = ' hint="argument text that is no entity (topic, name, metric, value, time)"'
        lines.append(f'    <Label value="{lab}" background="{colors.get(lab, "#000000")}"{hint}/>')
    lines += ["  </Labels>", f'  <Text name="{LS_TO}" value="$text" granularity="symbol"/>', "</View>", ""]
    return "\n".join(lines)


# -- doccano ------------------------------------------------------------------------------------------------


def to_doccano(doc: Dict) -> Dict:
    """A doccano "sequence labeling with relations" JSONL record (ids are integers, as doccano's)."""
    spans, rels, meta = to_neutral(doc)
    num = {s["id"]: i + 1 for i, s in enumerate(spans)}
    return {"text": doc["text"],
            "entities": [{"id": num[s["id"]], "label": s["label"], "start_offset": s["start"], "end_offset": s["end"]}
                         for s in spans],
            "relations": [{"id": i + 1, "from_id": num[r["head"]], "to_id": num[r["child"]], "type": r["label"]}
                          for i, r in enumerate(rels)],
            META_KEY: meta}


def from_doccano(rec: Dict, index: int = 0) -> Dict:
    """SPEC document from a doccano record: `entities`+`relations`, or the plain `label: [[start, end, label]]`."""
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        raise InterchangeError(f"record {index + 1}: not a doccano record (no 'text')")
    meta = _meta_of(rec, f"record {index + 1}")
    if meta is None and isinstance(rec.get("meta"), dict):
        meta = _meta_of(rec["meta"], f"record {index + 1}")  # doccano versions that nest metadata
    name = f"record {index + 1}" + (f" ({meta['doc'].get('id')})" if meta and meta.get("doc") else "")
    spans, rels = [], []
    if "entities" in rec:
        for i, e in enumerate(rec.get("entities") or []):
            if isinstance(e, (list, tuple)) and len(e) == 3:
                e = {"id": f"s{i}", "start_offset": e[0], "end_offset": e[1], "label": e[2]}
            if not isinstance(e, dict):
                raise InterchangeError(f"{name}: entity {i + 1} is neither an object nor [start, end, label]")
            spans.append({"id": e.get("id", f"s{i}"), "start": e.get("start_offset"), "end": e.get("end_offset"),
                          "label": e.get("label")})
        for r in rec.get("relations") or []:
            rels.append({"head": r.get("from_id"), "child": r.get("to_id"), "label": r.get("type")})
    else:
        for i, lab in enumerate(rec.get("label") or rec.get("labels") or []):
            if not (isinstance(lab, (list, tuple)) and len(lab) == 3):
                raise InterchangeError(f"{name}: label {i + 1} {lab!r} is not [start, end, label]")
            spans.append({"id": f"s{i}", "start": lab[0], "end": lab[1], "label": lab[2]})
    return from_neutral(rec["text"], spans, rels, meta, name)


# -- Prodigy ------------------------------------------------------------------------------------------------


def to_prodigy(doc: Dict) -> Dict:
    """A Prodigy relations task (rel.manual): one token per character, so every span sits on tokens.

    As in Prodigy, a relation's `head`/`child` are the index of the last token of its span.
    """
    spans, rels, meta = to_neutral(doc)
    text = doc["text"]
    pspan = {s["id"]: {"start": s["start"], "end": s["end"], "token_start": s["start"], "token_end": s["end"] - 1,
                       "label": s["label"], "text": text[s["start"]:s["end"]]} for s in spans}
    return {"text": text,
            "tokens": [{"text": ch, "start": i, "end": i + 1, "id": i, "ws": False} for i, ch in enumerate(text)],
            "spans": [pspan[s["id"]] for s in spans],
            "relations": [{"head": pspan[r["head"]]["token_end"], "child": pspan[r["child"]]["token_end"],
                           "head_span": pspan[r["head"]], "child_span": pspan[r["child"]], "label": r["label"]}
                          for r in rels],
            "meta": {"id": doc.get("id"), "source": _name(doc), META_KEY: meta},
            "answer": "accept"}


def from_prodigy(task: Dict, index: int = 0) -> Optional[Dict]:
    """SPEC document from a Prodigy task; None for a task answered reject or ignore."""
    if not isinstance(task, dict) or not isinstance(task.get("text"), str):
        raise InterchangeError(f"task {index + 1}: not a Prodigy task (no 'text')")
    if task.get("answer") in ("reject", "ignore"):
        return None
    meta = _meta_of(task.get("meta") or {}, f"task {index + 1}")
    name = f"task {index + 1}" + (f" ({meta['doc'].get('id')})" if meta and meta.get("doc") else "")
    tokens = task.get("tokens") or []
    spans, key_to_id = [], {}
    for i, s in enumerate(task.get("spans") or []):
        if not isinstance(s, dict):
            raise InterchangeError(f"{name}: span {i + 1} is not an object")
        st, en = s.get("start"), s.get("end")
        if st is None and tokens and isinstance(s.get("token_start"), int) and isinstance(s.get("token_end"), int):
            st, en = tokens[s["token_start"]]["start"], tokens[s["token_end"]]["end"]
        sid = f"s{i}"
        spans.append({"id": sid, "start": st, "end": en, "label": s.get("label")})
        key_to_id.setdefault((st, en, s.get("label")), []).append(sid)
    tok_end = {}
    for sp, s in zip(spans, task.get("spans") or []):
        te = s.get("token_end")
        if te is None and tokens:
            te = next((t.get("id", k) for k, t in enumerate(tokens) if t["end"] == sp["end"]), None)
        tok_end.setdefault(te, []).append(sp["id"])
    rels = []
    for r in task.get("relations") or []:
        ends = []
        for end in ("head", "child"):
            sd = r.get(f"{end}_span")
            if isinstance(sd, dict):
                cands = key_to_id.get((sd.get("start"), sd.get("end"), sd.get("label")), [])
                sid = cands[0] if len(cands) == 1 else None
            else:
                cands = tok_end.get(r.get(end), [])
                sid = cands[0] if len(cands) == 1 else None
            if sid is None:
                why = "matches several" if cands else "is not one"
                raise InterchangeError(f"{name}: relation {r.get('label')!r} {end} {sd or r.get(end)!r} {why} "
                                       f"of the task's spans")
            ends.append(sid)
        rels.append({"head": ends[0], "child": ends[1], "label": r.get("label")})
    return from_neutral(task["text"], spans, rels, meta, name)


FORMATS = ("labelstudio", "doccano", "prodigy")
