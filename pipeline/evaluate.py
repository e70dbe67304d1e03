"""Scores as SPEC section 5 defines them.

Documents are paired by `id` (the SHA-1 of the normalized text), so a gold
annotation made on one version of the normalizer is never silently scored
against different text: an unpaired gold document is reported.

* entities: P/R/F per label on exact (label, start, end), and on
  (label, text) pairs per document; micro-averaged over documents;
* frames: P/R/F over (type, role, argument text) triples per document, and
  main-actor recall: the share of gold frames for which a predicted frame of
  the same type has the same agent/chair/speaker/reporter;
* inspections with a place and a time (issue target: every INSPECTION has them when the text gives them): of
  the gold INSPECTIONs that have both, the share for which a predicted INSPECTION with the same agent has one
  of the gold places and the gold time (same text, or same resolved value), with place and time also
  counted on their own.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

MAIN_ROLES = ("agent", "chair", "speaker", "reporter")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, gold: Counter, pred: Counter) -> None:
        inter = gold & pred
        self.tp += sum(inter.values())
        self.fp += sum((pred - inter).values())
        self.fn += sum((gold - inter).values())

    def as_dict(self) -> Dict:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f": round(self.f, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Report:
    spans: Dict[str, PRF] = field(default_factory=dict)
    pairs: Dict[str, PRF] = field(default_factory=dict)
    frames: PRF = field(default_factory=PRF)
    main_actor: Tuple[int, int] = (0, 0)  # found, total
    # gold INSPECTIONs with a place and a time: [both found, place found, time found, total]
    place_time: List[int] = field(default_factory=lambda: [0, 0, 0, 0])
    documents: int = 0
    unpaired: List[str] = field(default_factory=list)

    def micro(self, table: Dict[str, PRF]) -> PRF:
        tot = PRF()
        for v in table.values():
            tot.tp += v.tp
            tot.fp += v.fp
            tot.fn += v.fn
        return tot

    def as_dict(self) -> Dict:
        found, total = self.main_actor
        return {
            "documents": self.documents,
            "unpaired_gold": self.unpaired,
            "entities_exact": {k: v.as_dict() for k, v in sorted(self.spans.items())} | {"ALL": self.micro(self.spans).as_dict()},
            "entities_text": {k: v.as_dict() for k, v in sorted(self.pairs.items())} | {"ALL": self.micro(self.pairs).as_dict()},
            "frame_triples": self.frames.as_dict(),
            "main_actor_recall": round(found / total, 4) if total else None,
            "main_actor_counts": [found, total],
            "inspection_place_time": dict(zip(("both", "place", "time", "total"), self.place_time)),
        }

    def table(self) -> str:
        lines = [f"documents: {self.documents}" + (f" ({len(self.unpaired)} gold documents unpaired)" if self.unpaired else "")]
        lines.append(f"{'label':<10}{'P':>7}{'R':>7}{'F':>7}{'gold':>6}{'pred':>6}   (label,text) F")
        for label in sorted(set(self.spans) | {"ALL"}):
            v = self.spans.get(label) if label != "ALL" else self.micro(self.spans)
            t = self.pairs.get(label) if label != "ALL" else self.micro(self.pairs)
            if v is None:
                continue
            lines.append(f"{label:<10}{v.p:>7.3f}{v.r:>7.3f}{v.f:>7.3f}{v.tp + v.fn:>6}{v.tp + v.fp:>6}   {t.f:.3f}")
        f = self.frames
        found, total = self.main_actor
        lines.append(f"frame triples: P {f.p:.3f} R {f.r:.3f} F {f.f:.3f} (gold {f.tp + f.fn}, pred {f.tp + f.fp})")
        lines.append(f"main-actor recall: {found}/{total} = {found / total:.3f}" if total else "main-actor recall: no gold frames")
        both, place, time, n = self.place_time
        if n:
            lines.append(f"inspections with place and time: {both}/{n} = {both / n:.3f} (place {place}/{n}, time {time}/{n})")
        return "\n".join(lines)


def _entity_text(doc: Dict, e: Dict) -> str:
    return e.get("text") or doc.get("text", "")[e["start"] : e["end"]]


def _arg_text(doc: Dict, arg: Dict, ents: Dict[str, Dict]) -> str:
    if arg.get("text"):
        return arg["text"]
    e = ents.get(arg.get("entity"))
    return _entity_text(doc, e) if e else ""


def _main_actor(frame: Dict, doc: Dict, ents: Dict[str, Dict]) -> Optional[str]:
    for a in frame.get("args", []):
        if a.get("role") in MAIN_ROLES:
            return _arg_text(doc, a, ents)
    return None


def frame_triples(frames: Iterable[Dict], doc: Optional[Dict] = None, ents: Optional[Dict[str, Dict]] = None) -> Counter:
    """(type, role, argument text) of every argument: what frames are scored on (SPEC section 5).

    An argument without its own text takes its entity's text (`ents` by id, offsets into `doc`)."""
    return Counter((f["type"], a["role"], _arg_text(doc or {}, a, ents or {})) for f in frames for a in f.get("args", []))


def score(gold: Iterable[Dict], pred: Iterable[Dict], labels: Optional[Iterable[str]] = None) -> Report:
    rep = Report()
    gold = list(gold)
    # a split with no gold entities at all (unseen.jsonl) is frames-only, its stories without frames included
    split_frames_only = not any(g.get("entities") for g in gold)
    pred_by_id = {d["id"]: d for d in pred}
    keep = set(labels) if labels else None
    for g in gold:
        p = pred_by_id.get(g["id"])
        if p is None:
            rep.unpaired.append(g["id"])
            continue
        rep.documents += 1
        g_text = g.get("text") or p.get("text", "")
        gdoc, pdoc = dict(g, text=g_text), p
        frames_only = split_frames_only or (not g.get("entities") and bool(g.get("frames")))  # scores no entities
        g_ents = [e for e in g.get("entities", []) if keep is None or e["label"] in keep]
        p_ents = [] if frames_only else [e for e in p.get("entities", []) if keep is None or e["label"] in keep]
        for label in {e["label"] for e in g_ents + p_ents}:
            gs = Counter((e["start"], e["end"]) for e in g_ents if e["label"] == label)
            ps = Counter((e["start"], e["end"]) for e in p_ents if e["label"] == label)
            rep.spans.setdefault(label, PRF()).add(gs, ps)
            gt = Counter(set(_entity_text(gdoc, e) for e in g_ents if e["label"] == label))
            pt = Counter(set(_entity_text(pdoc, e) for e in p_ents if e["label"] == label))
            rep.pairs.setdefault(label, PRF()).add(gt, pt)
        g_ent_by_id = {e["id"]: e for e in g.get("entities", []) if "id" in e}
        p_ent_by_id = {e["id"]: e for e in p.get("entities", []) if "id" in e}
        rep.frames.add(frame_triples(g.get("frames", []), gdoc, g_ent_by_id), frame_triples(p.get("frames", []), pdoc, p_ent_by_id))
        pred_actors = Counter((f["type"], _main_actor(f, pdoc, p_ent_by_id)) for f in p.get("frames", []))
        found, total = rep.main_actor
        for f in g.get("frames", []):
            actor = _main_actor(f, gdoc, g_ent_by_id)
            if actor is None:
                continue
            total += 1
            if pred_actors[(f["type"], actor)] > 0:
                found += 1
        rep.main_actor = (found, total)
        _place_time(rep.place_time, g.get("frames", []), gdoc, g_ent_by_id, p.get("frames", []), pdoc, p_ent_by_id)
    return rep


def _place_time(counts: List[int], gold: List[Dict], gdoc: Dict, g_ents: Dict, pred: List[Dict], pdoc: Dict,
                p_ents: Dict) -> None:
    """Add one document's gold INSPECTIONs that have a place and a time to `counts` [both, place, time, total]."""
    def roles(f, doc, ents, role):
        return {_arg_text(doc, a, ents) for a in f.get("args", []) if a.get("role") == role}

    def time_of(f):
        t = f.get("time") or {}
        return t.get("text"), t.get("value")

    for g in gold:
        places, (g_text, g_value) = roles(g, gdoc, g_ents, "place"), time_of(g)
        if g.get("type") != "INSPECTION" or not places or not g_text:
            continue
        agent = _main_actor(g, gdoc, g_ents)
        cands = [f for f in pred if f.get("type") == "INSPECTION" and _main_actor(f, pdoc, p_ents) == agent]
        has_place = [bool(roles(f, pdoc, p_ents, "place") & places) for f in cands]
        has_time = [p_text == g_text or (g_value is not None and p_value == g_value)
                    for p_text, p_value in map(time_of, cands)]
        counts[0] += any(a and b for a, b in zip(has_place, has_time))
        counts[1] += any(has_place)
        counts[2] += any(has_time)
        counts[3] += 1


def read_jsonl(paths: Iterable[Path]) -> List[Dict]:
    out = []
    for path in paths:
        path = Path(path)
        files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            with open(f, encoding="utf-8") as fh:
                out.extend(json.loads(l) for l in fh if l.strip())
    return out


def compare_table(reports: Dict[str, "Report"]) -> str:
    """Side-by-side F1 per entity label and for frame triples; the last column is the change from the first."""
    names = list(reports)
    first = reports[names[0]]
    labels = sorted(set().union(*(r.spans for r in reports.values())))
    # a model's folder name, cut at the front if long (models/zh_events, not …els/zh_events)
    head = f"{'':<14}" + "".join(f"{Path(n).name[-19:]:>20}" for n in names) + f"{'change':>9}"
    lines = [head]

    def row(name: str, vals: List[float]) -> None:
        lines.append(f"{name:<14}" + "".join(f"{v:>20.3f}" for v in vals) + f"{vals[-1] - vals[0]:>+9.3f}")

    for label in labels:
        row(label, [r.spans.get(label, PRF()).f for r in reports.values()])
    row("entities (all)", [r.micro(r.spans).f for r in reports.values()])
    row("frame triples", [r.frames.f for r in reports.values()])
    row("main actor", [r.main_actor[0] / r.main_actor[1] if r.main_actor[1] else 0.0 for r in reports.values()])
    row("place and time", [r.place_time[0] / r.place_time[3] if r.place_time[3] else 0.0 for r in reports.values()])
    lines.append(f"documents: {first.documents}; F1 on exact spans; frame triples are (type, role, argument text)")
    return "\n".join(lines)


def plot_curve(points: List[Dict], baseline: Dict, path: Path, title: str = "") -> Path:
    """Learning curve PNG: entity micro-F1 and frame-triple F1 against the number of training documents.

    `points`: [{"docs": n, "entities": f, "frames": f}], `baseline`: the rule-only scores (dashed lines).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = sorted(points, key=lambda p: p["docs"])
    xs = [p["docs"] for p in points]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    for key, colour, name in (("entities", "tab:blue", "entity micro-F1"), ("frames", "tab:orange", "frame-triple F1")):
        ax.plot(xs, [p[key] for p in points], marker="o", color=colour, label=f"trained: {name}")
        ax.axhline(baseline[key], color=colour, linestyle="--", linewidth=1, label=f"rules only: {name}")
    ax.set_xlabel("annotated training documents")
    ax.set_ylabel("F1 on the held-out documents")
    ax.set_title(title or "Learning curve")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
