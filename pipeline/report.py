"""`zhevents report`: one self-contained HTML page that shows the event graph, and static PNG charts.

The page holds its data (JSON) and its code (plain JavaScript, no library) inline, so it opens
offline, from a mail attachment or a file share. It shows:

* an interactive network of officials, places and measures: two are linked when they occur in
  the same event (official–place, official–measure, official–official, place–measure). A force
  layout settles before the first paint; nodes can be dragged, the view zoomed (wheel) and panned,
  a click lists the node's events and filters the event table to them. The network keeps the
  `max_nodes` best-connected entities;
* a timeline of events per official (the most active ones), coloured by event type. Events whose
  year is unknown are drawn in their own panel by month and day, because placing them in a year
  would be a guess;
* a stacked chart of the measures ordered (event–measure pairs), by category, per day or month;
* a searchable, filterable table of all events with the number of reports, each report's sentence
  (trigger highlighted) and a link to the source (its URL, or the file, with a text fragment).

Why no JavaScript network library: a library would have to be inlined into every page (vis-network
is ~500 kB, d3 ~280 kB) and vendored into the package. The layout needed here (a few hundred
nodes, spring and charge forces, drag, zoom, pan) is about 150 lines, has no licence or update
burden, and keeps the page small (the seeds' page is ~100 kB).

The PNGs (matplotlib, Agg backend) repeat the network, the timeline and the measure chart for
documents and slides. Chinese labels need a CJK font (Debian: `fonts-noto-cjk`); without one the
charts are still written and a warning says so.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import quote

from .export import COLORS
from .graph import EventGraph, PARTICIPANT_RELS

TYPE_COLORS = {"INSPECTION": "#e76f51", "MEETING": "#457b9d", "INSTRUCTION": "#f4a261", "REPORT": "#8d99ae",
               "CASE_STATS": "#2a9d8f"}
CATEGORY_COLORS = {
    "testing": "#1f77b4", "quarantine": "#ff7f0e", "treatment": "#2ca02c", "transfer": "#d62728",
    "tracing": "#9467bd", "control": "#8c564b", "lockdown": "#e377c2", "disinfection": "#7f7f7f",
    "supply": "#bcbd22", "prevention": "#17becf", "mobilization": "#aec7e8", "medical": "#ffbb78",
    "school": "#98df8a", "workplace": "#ff9896", "publicity": "#c5b0d5", "accountability": "#c49c94",
    "production": "#f7b6d2", "other": "#c7c7c7",
}
NETWORK_TYPES = ("Official", "Place", "Measure")
SHARE = {"Official": 0.4, "Place": 0.35, "Measure": 0.25}
CJK_FONT_FILES = ("cjk", "wqy", "sourcehan", "notosanssc", "simhei", "msyh")  # file names of the fonts above
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Noto Sans CJK JP", "Arial Unicode MS")


# --------------------------------------------------------------------------------------------
# Data for the page


def _source_href(doc: Dict, sentence: str) -> Optional[str]:
    frag = "".join(sentence.split())[:16]
    frag = f"#:~:text={quote(frag)}" if frag else ""
    if doc.get("url"):
        return doc["url"] + frag
    if doc.get("path"):
        p = Path(doc["path"])
        return (p.as_uri() if p.is_absolute() else quote(str(p))) + frag
    return None


def _event_record(eg: EventGraph, ev) -> Dict:
    g = eg.graph
    node = g.nodes[ev.id]
    officials, places, measures, orgs = [], [], [], []
    for u, _, d in g.in_edges(ev.id, data=True):
        if d["rel"] in PARTICIPANT_RELS and g.nodes[u]["node_type"] == "Official":
            officials.append((u, d["rel"]))
        elif d["rel"] in PARTICIPANT_RELS:
            orgs.append(u)
    sources = []
    for _, v, d in g.out_edges(ev.id, data=True):
        t = g.nodes[v]["node_type"]
        if d["rel"] == "AT" or (d["rel"] == "TARGET" and t == "Place"):
            places.append(v)
        elif d["rel"] == "TARGET":
            orgs.append(v)
        elif d["rel"] == "ORDERED":
            measures.append(v)
        elif d["rel"] == "REPORTED_IN":
            doc = g.nodes[v]
            sources.append({
                "doc": doc.get("doc_id"), "title": doc.get("title") or "", "date": doc.get("date") or "",
                "path": doc.get("path") or "", "story": doc.get("story"),
                "href": _source_href(doc, d.get("sentence") or ""), "sentence": d.get("sentence") or "",
                "trigger": d.get("trigger") or "", "frames": d.get("frames") or [],
            })
    sources.sort(key=lambda s: (s["doc"] != node.get("source"), s["date"], s["title"]))
    name = lambda n: g.nodes[n].get("name") or g.nodes[n].get("label")  # noqa: E731
    what = node.get("name") or node.get("topic") or ""
    if node.get("event_type") == "CASE_STATS":
        what = f"{node.get('metric') or ''} {node.get('value') if node.get('value') is not None else ''}".strip()
    elif not what:
        what = "、".join(sorted({name(o) for o in orgs if name(o) != node.get("actor")}))
    return {
        "id": ev.id, "type": node["event_type"], "date": node.get("date") or "", "y": node.get("year"),
        "m": node.get("month"), "d": node.get("day"), "prec": ev.when.kind,
        "actor": node.get("actor") or "", "what": what, "label": node.get("label") or "",
        "officials": [[u, name(u), rel] for u, rel in sorted(set(officials))],
        "places": [[p, name(p)] for p in sorted(set(places))],
        "orgs": sorted({name(o) for o in orgs}),
        "measures": [[m, name(m), g.nodes[m].get("category") or "other"] for m in sorted(set(measures))],
        "reports": node.get("reports", len(sources)), "sources": sources,
        "merged_by": node.get("merged_by") or [],
    }


def network_data(eg: EventGraph, max_nodes: int = 150) -> Dict:
    """Officials, places and measures linked when they share an event; the best-connected kept."""
    g = eg.graph
    weight = Counter()
    links = Counter()
    for ev in eg.events:
        members = set()
        for u, _, d in g.in_edges(ev.id, data=True):
            if g.nodes[u]["node_type"] == "Official" and d["rel"] in PARTICIPANT_RELS:
                members.add(u)
        for _, v, d in g.out_edges(ev.id, data=True):
            t = g.nodes[v]["node_type"]
            if (d["rel"] in ("AT", "TARGET") and t == "Place") or (d["rel"] == "ORDERED" and t == "Measure"):
                members.add(v)
        for n in members:
            weight[n] += 1
        ms = sorted(members)
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                ta, tb = g.nodes[a]["node_type"], g.nodes[b]["node_type"]
                if ta == tb == "Measure" or ta == tb == "Place":
                    continue
                links[(a, b)] += 1
    degree = Counter()
    for (a, b), w in links.items():
        degree[a] += w
        degree[b] += w
    score = {n: weight[n] * 3 + degree[n] for n in weight}
    by_type = {t: sorted((n for n in weight if g.nodes[n]["node_type"] == t), key=lambda n: (-score[n], n))
               for t in NETWORK_TYPES}
    quota = {t: int(max_nodes * SHARE[t]) for t in NETWORK_TYPES}
    spare = max_nodes - sum(min(quota[t], len(by_type[t])) for t in NETWORK_TYPES)
    keep = []
    for t in NETWORK_TYPES:
        keep += by_type[t][:quota[t]]
    rest = sorted((n for t in NETWORK_TYPES for n in by_type[t][quota[t]:]), key=lambda n: (-score[n], n))
    keep += rest[:max(0, spare)]
    kept = set(keep)
    out_links = [{"s": a, "t": b, "w": w} for (a, b), w in sorted(links.items()) if a in kept and b in kept]
    # places hang together along their administrative path (九台区 - 长春市 - 吉林省)
    for n in sorted(kept):
        if g.nodes[n]["node_type"] != "Place":
            continue
        cur = n
        while True:
            parents = [v for _, v, d in g.out_edges(cur, data=True) if d["rel"] == "PART_OF"]
            if not parents:
                break
            cur = parents[0]
            if cur in kept:
                out_links.append({"s": n, "t": cur, "w": 1, "part": 1})
                break
    linked = {l["s"] for l in out_links} | {l["t"] for l in out_links}
    ranked = sorted(kept, key=lambda n: (-score[n], n))
    rank = {n: i for i, n in enumerate(ranked)}
    nodes = []
    for n in ranked:
        d = g.nodes[n]
        if n not in linked and len(kept) > 1 and weight[n] < 2:
            continue
        info = {}
        if d["node_type"] == "Official":
            info["titles"] = [[h["title"], h.get("first_seen"), h.get("last_seen"), h.get("documents"),
                               [x for x in h.get("dates") or [] if x.startswith("X")][:1] +
                               [x for x in h.get("dates") or [] if x.startswith("X")][-1:]]
                              for h in (d.get("title_history") or [])][:6]
            info["orgs"] = (d.get("orgs") or [])[:3]
        elif d["node_type"] == "Place":
            info["path"] = d.get("admin_path") or []
            info["kind"] = d.get("place_kind")
        else:
            info["category"] = d.get("category")
            info["oxcgrt"] = d.get("oxcgrt")
        nodes.append({"id": n, "label": d.get("name") or d.get("label"), "t": d["node_type"], "w": weight[n],
                      "rank": rank[n], "info": info})
    shown = {n["id"] for n in nodes}
    return {"nodes": nodes, "links": [l for l in out_links if l["s"] in shown and l["t"] in shown],
            "total": {t: len(by_type[t]) for t in NETWORK_TYPES}}


def _grain(events: List[Dict]) -> str:
    """Per day when the events fall on few days, else per month."""
    days = {(e["y"], e["m"], e["d"]) for e in events if e["m"] is not None and e["d"] is not None}
    return "day" if len(days) <= 40 else "month"


def _period(e: Dict, grain: str) -> Optional[str]:
    if e["m"] is None:
        return None
    y = f"{e['y']:04d}" if e["y"] is not None else "XXXX"
    if grain == "day" and e["d"] is not None and e["prec"] in ("day", "asof"):
        return f"{y}-{e['m']:02d}-{e['d']:02d}"
    return f"{y}-{e['m']:02d}"


def measures_data(events: List[Dict]) -> Dict:
    """Counts of ordered measures (event-measure pairs) by category and period."""
    with_measures = [e for e in events if e["measures"]]
    grain = _grain(with_measures)
    counts: Dict[str, Counter] = defaultdict(Counter)
    undated = 0
    for e in with_measures:
        p = _period(e, grain)
        if p is None:
            undated += len(e["measures"])
            continue
        for _, _, cat in e["measures"]:
            counts[p][cat] += 1
    years = {p[:4] for p in counts if not p.startswith("X")}

    def key(p: str):
        mm = p[5:]
        if len(years) <= 1:  # one year (or none known): unknown-year periods go where their month and day are
            return (mm, p.startswith("X"))
        return (p.startswith("X"), p)

    periods = sorted(counts, key=key)
    cats = sorted({c for p in counts for c in counts[p]}, key=lambda c: (-sum(counts[p][c] for p in counts), c))
    return {"grain": grain, "periods": periods, "categories": cats,
            "series": {c: [counts[p][c] for p in periods] for c in cats}, "undated": undated,
            "colors": {c: CATEGORY_COLORS.get(c, "#999999") for c in cats}}


def report_data(eg: EventGraph, max_nodes: int = 150) -> Dict:
    events = [_event_record(eg, ev) for ev in eg.events]
    per_official = Counter()
    names = {}
    for e in events:
        for oid, name, _ in e["officials"]:
            per_official[oid] += 1
            names[oid] = name
    lanes = [{"id": o, "name": names[o], "n": n} for o, n in sorted(per_official.items(), key=lambda x: (-x[1], x[0]))[:20]]
    c = eg.counts()
    merged = eg.reprinted()
    return {
        "meta": {
            "generated": dt.datetime.now().isoformat(timespec="seconds"),
            "documents": len(eg.documents), "frames": eg.frames, "events_all": eg.all_events,
            "events": len(eg.events), "merged": len(merged),
            "merged_reports": sum(eg.reports(e) for e in merged) - len(merged),
            "filters": eg.filters.describe(), "nodes": dict(c["nodes"]), "edges": dict(c["edges"]),
            "event_types": dict(c["events"]),
        },
        "typeColors": TYPE_COLORS, "nodeColors": {t: COLORS[t] for t in NETWORK_TYPES},
        "network": network_data(eg, max_nodes),
        "timeline": {"officials": lanes},
        "measures": measures_data(events),
        "events": events,
    }


# --------------------------------------------------------------------------------------------
# The page


def render_html(data: Dict, png_names: List[str] = ()) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    meta = data["meta"]
    title = "zhevents — event graph report"
    pngs = " · ".join(f'<a href="{html.escape(quote(n))}">{html.escape(n)}</a>' for n in png_names)
    page = PAGE.replace("%%TITLE%%", html.escape(title))
    page = page.replace("%%PNGS%%", f"Static charts: {pngs}" if pngs else "")
    page = page.replace("%%GENERATED%%", html.escape(meta["generated"]))
    page = page.replace("%%DATA%%", payload)
    page = page.replace("%%SCRIPT%%", SCRIPT)
    return page


def write_report(eg: EventGraph, out: Path, png: bool = True, max_nodes: int = 150) -> List[Path]:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = report_data(eg, max_nodes)
    written: List[Path] = []
    pngs: List[Path] = []
    if png:
        pngs = write_pngs(data, out.with_suffix(""))
    page = render_html(data, [p.name for p in pngs])
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    written.append(out)
    return written + pngs


# --------------------------------------------------------------------------------------------
# PNG charts


def cjk_font() -> Optional[str]:
    from matplotlib import font_manager

    def known() -> Optional[str]:
        have = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in CJK_FONTS if f in have), None)

    found = known()
    if found is None:
        # matplotlib caches its font list once per user: a CJK font installed later (as `make test` does) is missing
        # from that cache until it is rebuilt, so the system's CJK files are added here
        for path in font_manager.findSystemFonts():
            if any(k in Path(path).name.lower() for k in CJK_FONT_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # an unreadable font file is skipped like matplotlib skips it
        found = known()
    return found


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font] + list(plt.rcParams["font.sans-serif"])
        plt.rcParams["font.family"] = "sans-serif"
    else:
        warnings.warn("no CJK font found: Chinese labels in the PNG charts will not render "
                      "(Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _event_date(e: Dict, unknown_year: int = 2000) -> Optional[dt.date]:
    if e["m"] is None:
        return None
    y = e["y"] if e["y"] is not None else unknown_year
    try:
        return dt.date(y, e["m"], e["d"] or 15)
    except ValueError:
        return None


def write_pngs(data: Dict, base: Path) -> List[Path]:
    plt = _plt()
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs are reported once, above
        out.append(_png_network(plt, data, Path(f"{base}_network.png")))
        out.append(_png_timeline(plt, data, Path(f"{base}_timeline.png")))
        out.append(_png_measures(plt, data, Path(f"{base}_measures.png")))
    return out


def _png_network(plt, data: Dict, path: Path) -> Path:
    import networkx as nx

    net = data["network"]
    nodes = net["nodes"][:60]
    keep = {n["id"] for n in nodes}
    g = nx.Graph()
    for n in nodes:
        g.add_node(n["id"], **n)
    for l in net["links"]:
        if l["s"] in keep and l["t"] in keep:
            g.add_edge(l["s"], l["t"], w=l["w"])
    fig, ax = plt.subplots(figsize=(12, 9), dpi=110)
    ax.set_axis_off()
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=7, k=1.2 / math.sqrt(max(1, g.number_of_nodes())), weight="w", iterations=200)
        maxw = max(n["w"] for n in nodes) or 1
        widths = [0.4 + 2.5 * g.edges[e]["w"] / max(1, max(d["w"] for *_, d in g.edges(data=True))) for e in g.edges]
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#bbbbbb", alpha=0.7)
        for t, color in data["nodeColors"].items():
            ns = [n["id"] for n in nodes if n["t"] == t]
            nx.draw_networkx_nodes(g, pos, nodelist=ns, ax=ax, node_color=color, edgecolors="white",
                                   node_size=[60 + 900 * math.sqrt(g.nodes[n]["w"] / maxw) for n in ns], label=t)
        nx.draw_networkx_labels(g, pos, labels={n["id"]: n["label"] for n in nodes[:40]}, font_size=9, ax=ax,
                                font_family=plt.rcParams["font.sans-serif"][0])
        ax.legend(loc="lower left", frameon=False, markerscale=0.5)
    else:
        ax.text(0.5, 0.5, "no officials, places or measures", ha="center", va="center")
    ax.set_title("Officials, places and measures that share events", fontsize=13)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _png_timeline(plt, data: Dict, path: Path) -> Path:
    all_lanes = lanes = data["timeline"]["officials"][:15]
    evs = data["events"]
    known = [e for e in evs if e["y"] is not None and e["m"] is not None]
    unknown = [e for e in evs if e["y"] is None and e["m"] is not None]
    panels = [(known, "date (hollow: known to the month only)")] if known else []
    if unknown:
        panels.append((unknown, "month and day (year unknown)"))
    if not panels:
        panels = [([], "date")]
    fig, axes = plt.subplots(len(panels), 1, figsize=(12, 1.2 + 0.38 * max(1, len(lanes)) * len(panels)),
                             dpi=110, squeeze=False)
    for ax, (es, xlabel) in zip(axes[:, 0], panels):
        lanes = [l for l in all_lanes if any(o[0] == l["id"] for e in es for o in e["officials"])] or all_lanes
        for i, lane in enumerate(lanes):
            for e in es:
                if not any(o[0] == lane["id"] for o in e["officials"]):
                    continue
                day = _event_date(e)
                if day is None:
                    continue
                hollow = e["prec"] not in ("day", "asof")
                ax.scatter([day], [i], s=36, c="none" if hollow else TYPE_COLORS[e["type"]],
                           edgecolors=TYPE_COLORS[e["type"]], linewidths=1.2, zorder=3)
        ax.set_yticks(range(len(lanes)))
        ax.set_yticklabels([f"{l['name']} ({l['n']})" for l in lanes])
        ax.set_ylim(len(lanes) - 0.5, -0.5)
        import matplotlib.dates as mdates

        days = [d for d in (_event_date(e) for e in es) if d]
        if days:
            pad = max(dt.timedelta(days=3), (max(days) - min(days)) / 30)
            ax.set_xlim(min(days) - pad, max(days) + pad)
        ax.grid(axis="x", color="#eeeeee")
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d" if xlabel.startswith("month") else "%Y-%m-%d"))
        for lab in ax.get_xticklabels():
            lab.set_rotation(30)
            lab.set_horizontalalignment("right")
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=t) for t, c in TYPE_COLORS.items()]
    axes[0, 0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    axes[0, 0].set_title("Events per official", fontsize=13)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _png_measures(plt, data: Dict, path: Path) -> Path:
    md = data["measures"]
    fig, ax = plt.subplots(figsize=(12, 5.5), dpi=110)
    x = list(range(len(md["periods"])))
    bottom = [0] * len(x)
    for c in md["categories"]:
        ys = md["series"][c]
        ax.bar(x, ys, bottom=bottom, color=md["colors"][c], label=c, width=0.8)
        bottom = [b + y for b, y in zip(bottom, ys)]
    ax.set_xticks(x)
    ax.set_xticklabels(md["periods"], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("measures ordered (event × measure)")
    ax.set_title(f"Measures ordered, by category, per {md['grain']}", fontsize=13)
    if md["categories"]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    else:
        ax.text(0.5, 0.5, "no measures", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


# --------------------------------------------------------------------------------------------
# Page template and script (kept at the end: long)

PAGE = r"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%%TITLE%%</title>
<style>
:root { --ink:#1d2733; --muted:#667085; --line:#e4e7ec; --bg:#f7f8fa; --accent:#3d5a80; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif; }
header, section, footer { max-width:1240px; margin:0 auto; padding:0 20px; }
header { padding-top:18px; }
h1 { font-size:22px; margin:0 0 4px; }
h2 { font-size:17px; margin:26px 0 8px; }
.sub { color:var(--muted); margin:0 0 12px; }
.cards { display:flex; flex-wrap:wrap; gap:10px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:120px; }
.card b { display:block; font-size:20px; }
.card span { color:var(--muted); font-size:12px; }
.panel { background:#fff; border:1px solid var(--line); border-radius:8px; }
.toolbar { display:flex; flex-wrap:wrap; align-items:center; gap:12px; margin:0 0 8px; font-size:13px; }
.toolbar input[type=search], .toolbar select { padding:4px 8px; border:1px solid #cfd4dc; border-radius:6px; font:inherit; }
.swatch { display:inline-block; width:11px; height:11px; border-radius:50%; margin-right:4px; vertical-align:-1px; }
.hint { color:var(--muted); font-size:12px; }
button { font:inherit; padding:3px 10px; border:1px solid #cfd4dc; background:#fff; border-radius:6px; cursor:pointer; }
button:hover { background:#eef2f7; }
.netwrap { display:grid; grid-template-columns: 1fr 300px; gap:10px; }
#network { width:100%; height:580px; display:block; cursor:grab; touch-action:none; }
#network.panning { cursor:grabbing; }
#node-info { padding:12px 14px; font-size:13px; overflow:auto; max-height:580px; }
#node-info h3 { margin:0 0 6px; font-size:16px; }
#node-info ul { padding-left:18px; margin:6px 0; }
.link { stroke:#9aa5b1; stroke-opacity:.45; }
.link.part { stroke:#2a9d8f; stroke-dasharray:4 3; stroke-opacity:.7; }
.node circle { stroke:#fff; stroke-width:1.5; cursor:pointer; }
.node text { font-size:11px; fill:#2b3440; pointer-events:none; paint-order:stroke; stroke:#fff; stroke-width:3px; display:none; }
.node text.always, .node.hover text, .node.sel text, .node.nb text { display:block; }
.dim { opacity:.12; }
.node.sel circle { stroke:#111; stroke-width:2.5; }
#timeline .panel, #measures .panel { padding:8px 10px; overflow-x:auto; }
.axis text { font-size:11px; fill:var(--muted); }
.axis line, .axis path { stroke:#d0d5dd; }
.lane-label { font-size:12px; fill:var(--ink); cursor:pointer; }
.lane-bg { fill:#f9fafb; }
.ev-dot { cursor:pointer; stroke-width:1.5; }
.ev-dot:hover { stroke:#111 !important; }
.bar { cursor:default; }
table { width:100%; border-collapse:collapse; background:#fff; font-size:13px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
td:first-child { white-space:nowrap; }
th { background:#f2f4f7; font-weight:600; position:sticky; top:0; }
tr.ev:hover { background:#f8fafc; }
tr.flash { animation: flash 1.6s ease-out; }
@keyframes flash { from { background:#fff3bf; } to { background:transparent; } }
.tag { display:inline-block; padding:0 6px; border-radius:4px; color:#fff; font-size:11px; font-weight:600; }
.m { display:inline-block; padding:0 5px; margin:1px 2px 1px 0; border-radius:4px; background:#f2f4f7; font-size:12px; }
.srcs { background:#fbfcfd; }
.srcs ol { margin:4px 0; padding-left:22px; }
.srcs li { margin:4px 0; }
mark { background:#ffe066; padding:0 1px; }
.pager { display:flex; gap:8px; align-items:center; margin:8px 0 30px; }
#tooltip { position:fixed; pointer-events:none; background:rgba(20,27,36,.94); color:#fff; padding:6px 9px;
  border-radius:6px; font-size:12px; max-width:360px; display:none; z-index:10; }
footer { color:var(--muted); font-size:12px; padding-bottom:30px; }
@media (max-width: 900px) { .netwrap { grid-template-columns:1fr; } }
</style>
</head>
<body data-status="loading">
<header>
  <h1>Event graph</h1>
  <p class="sub" id="summary"></p>
  <div class="cards" id="cards"></div>
</header>
<section id="network-section">
  <h2>Officials, places and measures</h2>
  <div class="toolbar" id="net-toolbar"></div>
  <div class="netwrap">
    <div class="panel"><svg id="network" role="img" aria-label="network of officials, places and measures"></svg></div>
    <aside class="panel" id="node-info"><p class="hint">Drag a node, scroll to zoom, drag the background to pan.
      Click a node to see its events.</p></aside>
  </div>
</section>
<section id="timeline-section">
  <h2>Events per official</h2>
  <div id="timeline"></div>
</section>
<section id="measures-section">
  <h2>Measures ordered, by category</h2>
  <div id="measures"></div>
</section>
<section id="events-section">
  <h2>Events</h2>
  <div class="toolbar" id="ev-toolbar"></div>
  <table id="events"><thead><tr><th>date</th><th>type</th><th>who</th><th>what</th><th>where</th><th>measures</th>
    <th>reports</th><th>sentences</th></tr></thead><tbody></tbody></table>
  <div class="pager" id="pager"></div>
</section>
<footer>Generated by zhevents on %%GENERATED%%. Same event in several documents: one event with one report per
  document (rule in pipeline/graph.py, DEDUP_RULE). %%PNGS%%</footer>
<div id="tooltip"></div>
<script type="application/json" id="report-data">%%DATA%%</script>
<script>%%SCRIPT%%</script>
</body>
</html>
"""

SCRIPT = r"""
(function () {
"use strict";
var errors = [];
window.addEventListener("error", function (e) {
  errors.push(String(e.message || e));
  document.body.setAttribute("data-errors", errors.join(" | "));
});
var D = JSON.parse(document.getElementById("report-data").textContent);
var SVG = "http://www.w3.org/2000/svg";
var EV = {};
D.events.forEach(function (e, i) { e.i = i; EV[e.id] = e; });

function h(tag, attrs, parent, text) {
  var el = document.createElement(tag);
  for (var k in attrs || {}) el.setAttribute(k, attrs[k]);
  if (text != null) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}
function s(tag, attrs, parent, text) {
  var el = document.createElementNS(SVG, tag);
  for (var k in attrs || {}) el.setAttribute(k, attrs[k]);
  if (text != null) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}
function esc(x) {
  return String(x == null ? "" : x).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}
var tip = document.getElementById("tooltip");
function showTip(html, evt) {
  tip.innerHTML = html; tip.style.display = "block";
  var x = evt.clientX + 14, y = evt.clientY + 14;
  var r = tip.getBoundingClientRect();
  if (x + r.width > window.innerWidth - 8) x = evt.clientX - r.width - 14;
  if (y + r.height > window.innerHeight - 8) y = evt.clientY - r.height - 14;
  tip.style.left = x + "px"; tip.style.top = y + "px";
}
function hideTip() { tip.style.display = "none"; }
function typeTag(t) { return '<span class="tag" style="background:' + D.typeColors[t] + '">' + esc(t) + "</span>"; }
function evTip(e) {
  var who = e.actor ? esc(e.actor) + " · " : "";
  return "<b>" + esc(e.date || "undated") + "</b> " + typeTag(e.type) + "<br>" + who + esc(e.what) +
    (e.places.length ? "<br>📍 " + esc(e.places.map(function (p) { return p[1]; }).join("、")) : "") +
    "<br>" + e.reports + (e.reports > 1 ? " reports" : " report");
}

// ---------------------------------------------------------------- header
(function header() {
  var m = D.meta;
  document.getElementById("summary").textContent =
    m.documents + " documents, " + m.frames + " frames, " + m.events + " events" +
    (m.filters !== "none" ? " (filters: " + m.filters + "; " + m.events_all + " before filtering)" : "") +
    ". " + m.merged + " events were reported by more than one document (" + m.merged_reports + " repeated reports merged).";
  var cards = document.getElementById("cards");
  function card(n, label) { var c = h("div", {"class": "card"}, cards); h("b", {}, c, n); h("span", {}, c, label); }
  card(m.events, "events");
  Object.keys(m.event_types).sort().forEach(function (t) { card(m.event_types[t], t); });
  ["Official", "Place", "Org", "Measure", "Document"].forEach(function (t) { if (m.nodes[t]) card(m.nodes[t], t + " nodes"); });
})();

// ---------------------------------------------------------------- network
var net = {select: function () {}};
(function network() {
  var svg = document.getElementById("network");
  var W = svg.clientWidth || 900, H = svg.clientHeight || 580;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  var nodes = D.network.nodes.map(function (n, i) {
    return {id: n.id, label: n.label, t: n.t, w: n.w, rank: n.rank, info: n.info, x: 0, y: 0, vx: 0, vy: 0};
  });
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; });
  var links = D.network.links.map(function (l) { return {s: byId[l.s], t: byId[l.t], w: l.w, part: l.part}; })
    .filter(function (l) { return l.s && l.t; });
  var toolbar = document.getElementById("net-toolbar");
  var hidden = {};
  Object.keys(D.nodeColors).forEach(function (t) {
    var lab = h("label", {}, toolbar);
    var cb = h("input", {type: "checkbox", checked: "checked", "data-type": t}, lab);
    var sw = h("span", {"class": "swatch"}, lab); sw.style.background = D.nodeColors[t];
    lab.appendChild(document.createTextNode(t + " (" + nodes.filter(function (n) { return n.t === t; }).length +
      " of " + (D.network.total[t] || 0) + ")"));
    cb.addEventListener("change", function () { hidden[t] = !cb.checked; applyVisibility(); });
  });
  var search = h("input", {type: "search", placeholder: "find a node…", list: "node-names"}, toolbar);
  var dl = h("datalist", {id: "node-names"}, toolbar);
  nodes.forEach(function (n) { h("option", {value: n.label}, dl); });
  var reset = h("button", {type: "button"}, toolbar, "reset view");
  h("span", {"class": "hint"}, toolbar, "line width: events shared · dashed: place inside place");
  if (!nodes.length) {
    s("text", {x: W / 2, y: H / 2, "text-anchor": "middle", fill: "#667085"}, svg, "no officials, places or measures to show");
    return;
  }
  var maxW = Math.max.apply(null, nodes.map(function (n) { return n.w; }));
  var maxL = Math.max.apply(null, [1].concat(links.map(function (l) { return l.w; })));
  nodes.forEach(function (n, i) {
    n.r = 4 + 13 * Math.sqrt(n.w / maxW);
    var a = i * 2.399963, rr = 18 * Math.sqrt(i + 0.5);
    n.x = Math.cos(a) * rr; n.y = Math.sin(a) * rr;
  });
  var nbr = {};
  nodes.forEach(function (n) { nbr[n.id] = {}; });
  links.forEach(function (l) { nbr[l.s.id][l.t.id] = 1; nbr[l.t.id][l.s.id] = 1; l.s.deg = (l.s.deg || 0) + 1; l.t.deg = (l.t.deg || 0) + 1; });
  var alpha = 1;
  function tick() {
    var i, j, n, m, dx, dy, d2, d, f, N = nodes.length;
    for (i = 0; i < N; i++) {
      n = nodes[i];
      for (j = i + 1; j < N; j++) {
        m = nodes[j];
        dx = m.x - n.x; dy = m.y - n.y; d2 = dx * dx + dy * dy;
        if (d2 < 1e-4) { dx = (i - j) * 0.01 + 0.01; dy = 0.01; d2 = dx * dx + dy * dy; }
        if (d2 > 90000) continue;
        d = Math.sqrt(d2);
        f = alpha * (60 + 2 * (n.r + m.r)) * 12 / d2;
        var minD = n.r + m.r + 6;
        if (d < minD) f += alpha * (minD - d) * 0.5 / d;
        n.vx -= dx * f; n.vy -= dy * f; m.vx += dx * f; m.vy += dy * f;
      }
    }
    links.forEach(function (l) {
      dx = l.t.x - l.s.x; dy = l.t.y - l.s.y; d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      var L = 36 + l.s.r + l.t.r;
      f = alpha * 0.06 * (0.35 + 0.65 * l.w / maxL) * (d - L) / d;
      l.s.vx += dx * f; l.s.vy += dy * f; l.t.vx -= dx * f; l.t.vy -= dy * f;
    });
    nodes.forEach(function (n) {
      var gr = n.deg ? 0.008 : 0.04;
      n.vx -= n.x * gr * alpha; n.vy -= n.y * gr * alpha;
      n.vx *= 0.62; n.vy *= 0.62;
      if (!n.fixed) { n.x += n.vx; n.y += n.vy; }
    });
    alpha = Math.max(0.02, alpha * 0.985);
  }
  for (var k = 0; k < 360; k++) tick();
  var root = s("g", {}, svg), gl = s("g", {"class": "links"}, root), gn = s("g", {"class": "nodes"}, root);
  links.forEach(function (l) {
    l.el = s("line", {"class": "link" + (l.part ? " part" : ""), "stroke-width": (0.6 + 3 * l.w / maxL).toFixed(2)}, gl);
  });
  nodes.forEach(function (n) {
    n.g = s("g", {"class": "node t-" + n.t, "data-id": n.id}, gn);
    n.c = s("circle", {r: n.r.toFixed(1), fill: D.nodeColors[n.t]}, n.g);
    n.text = s("text", {x: (n.r + 3).toFixed(1), y: 4, "class": n.rank < 24 ? "always" : ""}, n.g, n.label);
  });
  var view = {k: 1, x: W / 2, y: H / 2};
  function fit() {
    var vis = nodes.filter(function (n) { return !hidden[n.t]; });
    if (!vis.length) return;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    vis.forEach(function (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y); });
    var k = Math.min((W - 150) / (x1 - x0 || 1), (H - 50) / (y1 - y0 || 1), 3);
    view.k = k; view.x = W / 2 - k * (x0 + x1) / 2 - 30; view.y = H / 2 - k * (y0 + y1) / 2;
  }
  // zooming spreads the nodes apart; circles and labels keep their size on screen
  function sx(n) { return (view.x + view.k * n.x).toFixed(1); }
  function sy(n) { return (view.y + view.k * n.y).toFixed(1); }
  function render() {
    links.forEach(function (l) {
      l.el.setAttribute("x1", sx(l.s)); l.el.setAttribute("y1", sy(l.s));
      l.el.setAttribute("x2", sx(l.t)); l.el.setAttribute("y2", sy(l.t));
    });
    nodes.forEach(function (n) { n.g.setAttribute("transform", "translate(" + sx(n) + "," + sy(n) + ")"); });
  }
  fit(); render();
  var running = false;
  function loop() {
    if (alpha > 0.025) { tick(); render(); requestAnimationFrame(loop); } else { running = false; }
  }
  function reheat(a) { alpha = Math.max(alpha, a); if (!running) { running = true; requestAnimationFrame(loop); } }
  function toGraph(evt) {
    var r = svg.getBoundingClientRect();
    var px = (evt.clientX - r.left) * W / r.width, py = (evt.clientY - r.top) * H / r.height;
    return [(px - view.x) / view.k, (py - view.y) / view.k, px, py];
  }
  var drag = null, pan = null;
  svg.addEventListener("pointerdown", function (evt) {
    var g = evt.target.closest ? evt.target.closest(".node") : null;
    svg.setPointerCapture(evt.pointerId);
    if (g) {
      var n = byId[g.getAttribute("data-id")];
      drag = {n: n, moved: false, start: toGraph(evt)}; n.fixed = true;
    } else {
      var p = toGraph(evt);
      pan = {x: p[2], y: p[3], vx: view.x, vy: view.y, moved: false};
      svg.classList.add("panning");
    }
  });
  svg.addEventListener("pointermove", function (evt) {
    if (drag) {
      var p = toGraph(evt);
      if (Math.abs(p[0] - drag.start[0]) + Math.abs(p[1] - drag.start[1]) > 2) drag.moved = true;
      drag.n.x = p[0]; drag.n.y = p[1]; drag.n.vx = drag.n.vy = 0;
      reheat(0.25); render();
    } else if (pan) {
      var q = toGraph(evt);
      view.x = pan.vx + q[2] - pan.x; view.y = pan.vy + q[3] - pan.y; pan.moved = true; render();
    }
  });
  function end(evt) {
    if (drag) { drag.n.fixed = false; if (!drag.moved) select(drag.n); drag = null; }
    if (pan) { if (!pan.moved) select(null); pan = null; svg.classList.remove("panning"); }
  }
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = toGraph(evt), k = Math.min(8, Math.max(0.15, view.k * Math.exp(-evt.deltaY * 0.0015)));
    view.x = p[2] - p[0] * k; view.y = p[3] - p[1] * k; view.k = k; render();
  }, {passive: false});
  gn.addEventListener("mouseover", function (evt) {
    var g = evt.target.closest(".node"); if (!g) return;
    var n = byId[g.getAttribute("data-id")]; g.classList.add("hover");
    var extra = n.t === "Official" ? (n.info.titles || []).map(function (t) { return esc(t[0]); }).slice(0, 3).join("、")
      : n.t === "Place" ? esc((n.info.path || []).join(" › ")) : esc(n.info.category || "");
    showTip("<b>" + esc(n.label) + "</b> · " + n.t + "<br>" + n.w + " events" + (extra ? "<br>" + extra : ""), evt);
  });
  gn.addEventListener("mousemove", function (evt) { if (tip.style.display === "block") showTip(tip.innerHTML, evt); });
  gn.addEventListener("mouseout", function (evt) {
    var g = evt.target.closest(".node"); if (g) g.classList.remove("hover"); hideTip();
  });
  var info = document.getElementById("node-info");
  var infoDefault = info.innerHTML;
  function select(n) {
    nodes.forEach(function (m) {
      var on = !n || m === n || nbr[n.id][m.id];
      m.g.classList.toggle("dim", !on); m.g.classList.toggle("sel", m === n); m.g.classList.toggle("nb", !!(n && nbr[n.id][m.id]));
    });
    links.forEach(function (l) { l.el.classList.toggle("dim", !!n && l.s !== n && l.t !== n); });
    if (!n) { info.innerHTML = infoDefault; return; }
    var evs = D.events.filter(function (e) { return involves(e, n.id); });
    var html = "<h3>" + esc(n.label) + "</h3><div class='hint'>" + n.t + " · " + evs.length + " events</div>";
    if (n.t === "Official") {
      html += "<ul>" + (n.info.titles || []).map(function (t) {
        var unk = t[4] || [], extra = "";
        if (unk.length && unk[0] !== t[1]) extra = "; year unknown: " + esc(unk[0]) + (unk[1] !== unk[0] ? " – " + esc(unk[1]) : "");
        return "<li>" + esc(t[0]) + " <span class='hint'>" + esc(t[1] || "?") + (t[2] && t[2] !== t[1] ? " – " + esc(t[2]) : "") +
          extra + ", " + t[3] + " docs</span></li>"; }).join("") + "</ul>";
      if ((n.info.orgs || []).length) html += "<div class='hint'>" + esc(n.info.orgs.join("、")) + "</div>";
    } else if (n.t === "Place") {
      html += "<div>" + esc((n.info.path || []).join(" › ") || n.info.kind || "") + "</div>";
    } else {
      html += "<div>" + esc(n.info.category || "") + (n.info.oxcgrt ? " · OxCGRT " + esc(n.info.oxcgrt) : "") + "</div>";
    }
    html += "<ul>" + evs.slice(0, 12).map(function (e) {
      return "<li><a href='#ev-" + esc(e.id) + "' data-ev='" + esc(e.id) + "'>" + esc(e.date || "undated") + "</a> " +
        typeTag(e.type) + " " + esc(e.actor && e.actor !== n.label ? e.actor + " " : "") +
        esc(e.what || e.places.map(function (p) { return p[1]; }).join("、")) + "</li>"; }).join("") + "</ul>";
    html += "<button type='button' id='show-node-events'>show all " + evs.length + " in the table</button>";
    info.innerHTML = html;
    document.getElementById("show-node-events").addEventListener("click", function () {
      table.filterNode(n.id, n.label);
      document.getElementById("events-section").scrollIntoView({behavior: "smooth"});
    });
  }
  function applyVisibility() {
    nodes.forEach(function (n) { n.g.style.display = hidden[n.t] ? "none" : ""; });
    links.forEach(function (l) { l.el.style.display = hidden[l.s.t] || hidden[l.t.t] ? "none" : ""; });
  }
  function find() {
    var q = search.value.trim(); if (!q) return;
    var n = nodes.filter(function (m) { return m.label === q; })[0] || nodes.filter(function (m) { return m.label.indexOf(q) >= 0; })[0];
    if (!n) { search.style.borderColor = "#d62728"; return; }
    search.style.borderColor = "";
    view.x = W / 2 - n.x * view.k; view.y = H / 2 - n.y * view.k; render(); select(n);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(); });
  reset.addEventListener("click", function () { select(null); fit(); render(); });
  net.select = function (id) { if (byId[id]) select(byId[id]); };
  document.body.setAttribute("data-network-nodes", String(nodes.length));
})();

function involves(e, id) {
  return e.officials.some(function (o) { return o[0] === id; }) || e.places.some(function (p) { return p[0] === id; }) ||
    e.measures.some(function (m) { return m[0] === id; });
}

// ---------------------------------------------------------------- timeline
(function timeline() {
  var box = document.getElementById("timeline");
  var lanes = D.timeline.officials;
  if (!lanes.length) { h("p", {"class": "hint"}, box, "No event has an official in it."); return; }
  var known = D.events.filter(function (e) { return e.y != null && e.m != null; });
  var unknown = D.events.filter(function (e) { return e.y == null && e.m != null; });
  var undated = D.events.filter(function (e) { return e.m == null && e.officials.length; }).length;
  var legend = h("div", {"class": "toolbar"}, box);
  Object.keys(D.typeColors).forEach(function (t) {
    var l = h("span", {}, legend); var sw = h("span", {"class": "swatch"}, l); sw.style.background = D.typeColors[t];
    l.appendChild(document.createTextNode(t));
  });
  h("span", {"class": "hint"}, legend, "hollow: known to the month only" + (undated ? " · " + undated + " undated events not shown" : ""));
  var dots = 0;
  function day(e, y) { return Date.UTC(y, e.m - 1, e.d || 15); }
  function panel(evs, title, yearOf) {
    var ts = evs.map(function (e) { return day(e, yearOf(e)); }).sort(function (a, b) { return a - b; });
    // historical references (2005年8月15日…) would squeeze the period the archive is about: the axis
    // starts at the 2nd percentile when that cuts off distant outliers only
    var t0 = ts[0], t1 = ts[ts.length - 1], cut = ts[Math.floor(ts.length * 0.02)];
    if (ts.length > 50 && cut - t0 > 365 * 86400000 && t1 - cut > 0) {
      var hiddenBefore = ts.filter(function (t) { return t < cut; }).length; t0 = cut;
      evs = evs.filter(function (e) { return day(e, yearOf(e)) >= cut; });
      title += " · " + hiddenBefore + " earlier events (from " + new Date(ts[0]).getUTCFullYear() + ") not shown";
    }
    // only the officials who have events in this panel
    var lanes = D.timeline.officials.filter(function (lane) {
      return evs.some(function (e) { return e.officials.some(function (o) { return o[0] === lane.id; }); });
    });
    if (!lanes.length) return;
    var p = h("div", {"class": "panel"}, box);
    p.style.marginBottom = "10px";
    h("div", {"class": "hint"}, p, title);
    var W = Math.max(700, box.clientWidth - 24), left = 150, right = 20, top = 26, rowH = 24;
    var Hh = top + rowH * lanes.length + 8;
    var svg = s("svg", {width: W, height: Hh, "class": "tl"}, p);
    var pad = Math.max(86400000 * 2, (t1 - t0) * 0.02); t0 -= pad; t1 += pad;
    function X(t) { return left + (W - left - right) * (t - t0) / (t1 - t0); }
    var ax = s("g", {"class": "axis"}, svg);
    var span = (t1 - t0) / 86400000, step, fmt;
    var ticks = [], d0 = new Date(t0), t;
    if (span <= 20) { t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate() + 1); while (t < t1) { ticks.push(t); t += 86400000; } }
    else if (span <= 100) { t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate() + 1); while (t < t1) { if (new Date(t).getUTCDay() === 1) ticks.push(t); t += 86400000; } }
    else {
      var y = d0.getUTCFullYear(), m = d0.getUTCMonth() + 1, months = span / 30.4;
      var every = [1, 2, 3, 6, 12, 24, 60, 120].filter(function (k) { return months / k <= 12; })[0] || 240;
      while ((t = Date.UTC(y, m, 1)) < t1) { if (m % every === 0) ticks.push(t); m++; }
    }
    ticks.forEach(function (t) {
      var x = X(t), dd = new Date(t);
      s("line", {x1: x, x2: x, y1: top - 4, y2: Hh - 6}, ax).style.stroke = "#eef0f3";
      var lab = span > 1500 ? String(dd.getUTCFullYear()) : span > 100 ? dd.getUTCFullYear() + "-" + ("0" + (dd.getUTCMonth() + 1)).slice(-2)
        : ("0" + (dd.getUTCMonth() + 1)).slice(-2) + "-" + ("0" + dd.getUTCDate()).slice(-2);
      if (span > 100 && title.indexOf("unknown") >= 0) lab = ("0" + (dd.getUTCMonth() + 1)).slice(-2);
      s("text", {x: x, y: top - 10, "text-anchor": "middle"}, ax, lab);
    });
    lanes.forEach(function (lane, i) {
      var y = top + rowH * i;
      if (i % 2 === 0) s("rect", {x: 0, y: y, width: W, height: rowH, "class": "lane-bg"}, svg);
      var lab = s("text", {x: left - 8, y: y + rowH / 2 + 4, "text-anchor": "end", "class": "lane-label"}, svg,
        lane.name + " (" + lane.n + ")");
      lab.addEventListener("click", function () { net.select(lane.id); table.filterNode(lane.id, lane.name);
        document.getElementById("events-section").scrollIntoView({behavior: "smooth"}); });
      var seen = {};
      evs.forEach(function (e) {
        if (!e.officials.some(function (o) { return o[0] === lane.id; })) return;
        var t = day(e, yearOf(e)), k = seen[t] = (seen[t] || 0) + 1;
        var hollow = e.prec !== "day" && e.prec !== "asof";
        var c = s("circle", {cx: (X(t) + Math.min(k - 1, 3) * 3).toFixed(1), cy: (y + rowH / 2).toFixed(1), r: 5, "class": "ev-dot",
          "data-ev": e.id, fill: hollow ? "#fff" : D.typeColors[e.type], stroke: D.typeColors[e.type]}, svg);
        c.addEventListener("mousemove", function (evt) { showTip(evTip(e), evt); });
        c.addEventListener("mouseout", hideTip);
        c.addEventListener("click", function () { table.show(e.id); });
        dots++;
      });
    });
  }
  if (known.length) panel(known, "Dated events", function (e) { return e.y; });
  if (unknown.length) panel(unknown, "Year unknown (XXXX): placed by the month and day the text gives", function () { return 2000; });
  document.body.setAttribute("data-timeline-dots", String(dots));
})();

// ---------------------------------------------------------------- measures
(function measures() {
  var box = document.getElementById("measures"), md = D.measures;
  if (!md.periods.length) { h("p", {"class": "hint"}, box, "No measures were ordered in these events."); return; }
  var p = h("div", {"class": "panel"}, box);
  var legend = h("div", {"class": "toolbar"}, p);
  md.categories.forEach(function (c) {
    var l = h("span", {}, legend); var sw = h("span", {"class": "swatch"}, l); sw.style.background = md.colors[c];
    l.appendChild(document.createTextNode(c));
  });
  if (md.undated) h("span", {"class": "hint"}, legend, md.undated + " undated not shown");
  var n = md.periods.length, W = Math.max(700, Math.min(1200, 60 + n * 28), box.clientWidth - 24), Hh = 300;
  var left = 44, bottom = 70, top = 10, bw = (W - left - 10) / n;
  var svg = s("svg", {width: W, height: Hh}, p);
  var totals = md.periods.map(function (_, i) { return md.categories.reduce(function (a, c) { return a + md.series[c][i]; }, 0); });
  var maxT = Math.max.apply(null, totals) || 1;
  function Y(v) { return top + (Hh - top - bottom) * (1 - v / maxT); }
  var ax = s("g", {"class": "axis"}, svg);
  var stepV = Math.max(1, Math.pow(10, Math.floor(Math.log10(maxT))) / (maxT / Math.pow(10, Math.floor(Math.log10(maxT))) < 3 ? 2 : 1));
  for (var v = 0; v <= maxT; v += stepV) {
    s("line", {x1: left, x2: W - 10, y1: Y(v), y2: Y(v)}, ax).style.stroke = "#eef0f3";
    s("text", {x: left - 6, y: Y(v) + 4, "text-anchor": "end"}, ax, String(Math.round(v)));
  }
  md.periods.forEach(function (per, i) {
    var acc = 0, x = left + i * bw + bw * 0.12;
    md.categories.forEach(function (c) {
      var val = md.series[c][i]; if (!val) return;
      var r = s("rect", {x: x.toFixed(1), y: Y(acc + val).toFixed(1), width: (bw * 0.76).toFixed(1),
        height: (Y(acc) - Y(acc + val)).toFixed(1), fill: md.colors[c], "class": "bar"}, svg);
      r.addEventListener("mousemove", function (evt) { showTip("<b>" + esc(per) + "</b><br>" + esc(c) + ": " + val, evt); });
      r.addEventListener("mouseout", hideTip);
      acc += val;
    });
    var tx = left + i * bw + bw / 2, ty = Hh - bottom + 12;
    s("text", {x: tx, y: ty, "text-anchor": "end", transform: "rotate(-40 " + tx + " " + ty + ")"}, ax, per);
  });
})();

// ---------------------------------------------------------------- table
var table = (function () {
  var bar = document.getElementById("ev-toolbar"), tbody = document.querySelector("#events tbody"), pager = document.getElementById("pager");
  var q = h("input", {type: "search", placeholder: "search events (name, place, measure, sentence)…", size: 42}, bar);
  var sel = h("select", {}, bar);
  h("option", {value: ""}, sel, "all types");
  Object.keys(D.typeColors).forEach(function (t) { h("option", {value: t}, sel, t); });
  var multi = h("label", {}, bar); var mcb = h("input", {type: "checkbox"}, multi);
  multi.appendChild(document.createTextNode(" reported more than once"));
  var nodeTag = h("span", {}, bar);
  var count = h("span", {"class": "hint"}, bar);
  var state = {q: "", type: "", node: null, nodeLabel: "", multi: false, page: 0, per: 50, open: {}};
  var rows = D.events;
  function text(e) {
    return [e.date, e.type, e.actor, e.what, e.label, e.orgs.join(" "), e.places.map(function (p) { return p[1]; }).join(" "),
      e.measures.map(function (m) { return m[1]; }).join(" "), e.officials.map(function (o) { return o[1]; }).join(" "),
      e.sources.map(function (x) { return x.sentence + " " + x.title; }).join(" ")].join(" ").toLowerCase();
  }
  D.events.forEach(function (e) { e._t = text(e); });
  function apply() {
    var qq = state.q.toLowerCase();
    rows = D.events.filter(function (e) {
      return (!state.type || e.type === state.type) && (!state.multi || e.reports > 1) &&
        (!state.node || involves(e, state.node)) && (!qq || e._t.indexOf(qq) >= 0);
    });
    state.page = Math.min(state.page, Math.max(0, Math.ceil(rows.length / state.per) - 1));
    nodeTag.innerHTML = state.node ? "only <b>" + esc(state.nodeLabel) + "</b> <button type='button'>×</button>" : "";
    if (state.node) nodeTag.querySelector("button").addEventListener("click", function () { state.node = null; apply(); });
    render();
  }
  function sentenceHtml(x) {
    var sn = esc(x.sentence), tg = esc(x.trigger);
    return tg && sn.indexOf(tg) >= 0 ? sn.replace(tg, "<mark>" + tg + "</mark>") : sn;
  }
  function detail(e) {
    var tr = h("tr", {"class": "srcs", id: "src-" + e.id});
    var td = h("td", {colspan: 8}, tr);
    var html = "<ol>" + e.sources.map(function (x, k) {
      var link = x.href ? " <a href='" + esc(x.href) + "' target='_blank' rel='noopener'>source</a>" : "";
      return "<li id='s-" + esc(e.id) + "-" + (k + 1) + "'><b>" + esc(x.title || x.doc) + "</b> <span class='hint'>" + esc(x.date) +
        " · " + esc((x.path || "").split("/").pop()) + (x.story != null ? " #" + x.story : "") + " · " + esc(x.frames.join(",")) + "</span>" + link +
        "<br>" + sentenceHtml(x) + "</li>"; }).join("") + "</ol>";
    if (e.merged_by.length) html += "<div class='hint'>merged because: " + esc(e.merged_by.join("; ")) + "</div>";
    td.innerHTML = html;
    return tr;
  }
  function render() {
    tbody.innerHTML = "";
    var a = state.page * state.per, page = rows.slice(a, a + state.per);
    page.forEach(function (e) {
      var tr = h("tr", {"class": "ev", id: "ev-" + e.id}, tbody);
      h("td", {}, tr, e.date || "—");
      h("td", {}, tr).innerHTML = typeTag(e.type);
      h("td", {}, tr, e.actor || "");
      var who = e.officials.filter(function (o) { return o[1] !== e.actor; }).map(function (o) { return o[1]; });
      h("td", {}, tr).innerHTML = esc(e.what) + (who.length ? "<div class='hint'>with " + esc(who.join("、")) + "</div>" : "") +
        (e.orgs.filter(function (o) { return o !== e.actor && o !== e.what; }).length ?
          "<div class='hint'>" + esc(e.orgs.filter(function (o) { return o !== e.actor && o !== e.what; }).join("、")) + "</div>" : "");
      h("td", {}, tr, e.places.map(function (p) { return p[1]; }).join("、"));
      h("td", {}, tr).innerHTML = e.measures.slice(0, 8).map(function (m) { return "<span class='m'>" + esc(m[1]) + "</span>"; }).join("") +
        (e.measures.length > 8 ? "<span class='hint'> +" + (e.measures.length - 8) + "</span>" : "");
      h("td", {}, tr, String(e.reports));
      h("td", {}, tr).innerHTML = e.sources.map(function (x, k) {
        return "<a href='#s-" + esc(e.id) + "-" + (k + 1) + "' data-open='" + esc(e.id) + "' title='" + esc(x.title) + "'>" + (k + 1) + "</a>"; }).join(" ");
      if (state.open[e.id]) tbody.appendChild(detail(e));
    });
    count.textContent = rows.length + " of " + D.events.length + " events";
    pager.innerHTML = "";
    var pages = Math.ceil(rows.length / state.per);
    if (pages > 1) {
      var prev = h("button", {type: "button"}, pager, "‹ previous"); prev.disabled = state.page === 0;
      h("span", {}, pager, "page " + (state.page + 1) + " of " + pages);
      var next = h("button", {type: "button"}, pager, "next ›"); next.disabled = state.page >= pages - 1;
      prev.addEventListener("click", function () { state.page--; render(); });
      next.addEventListener("click", function () { state.page++; render(); });
    }
    document.body.setAttribute("data-table-rows", String(page.length));
  }
  tbody.addEventListener("click", function (evt) {
    var a = evt.target.closest("a[data-open]"); if (!a) return;
    evt.preventDefault();
    var id = a.getAttribute("data-open");
    state.open[id] = true; render();
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (target) { target.scrollIntoView({block: "center"}); target.parentNode.parentNode.classList.add("flash"); }
    history.replaceState(null, "", a.getAttribute("href"));
  });
  q.addEventListener("input", function () { state.q = q.value.trim(); state.page = 0; apply(); });
  sel.addEventListener("change", function () { state.type = sel.value; state.page = 0; apply(); });
  mcb.addEventListener("change", function () { state.multi = mcb.checked; state.page = 0; apply(); });
  function show(id, k) {
    if (!EV[id]) return;
    var i = rows.indexOf(EV[id]);
    if (i < 0) { state.q = ""; q.value = ""; state.type = ""; sel.value = ""; state.node = null; state.multi = false; mcb.checked = false; apply(); i = rows.indexOf(EV[id]); }
    state.page = Math.floor(i / state.per); state.open[id] = true; render();
    var tr = document.getElementById(k ? "s-" + id + "-" + k : "ev-" + id);
    if (tr) { tr.scrollIntoView({block: "center"}); (tr.tagName === "TR" ? tr : tr.closest("tr")).classList.add("flash"); }
  }
  document.addEventListener("click", function (evt) {
    var a = evt.target.closest && evt.target.closest("#node-info a[data-ev]");
    if (a) { evt.preventDefault(); show(a.getAttribute("data-ev")); }
  });
  apply();
  function fromHash() {
    var hash = decodeURIComponent(location.hash);
    var m = /^#(?:ev|s)-(event:[0-9a-f]+)(?:-(\d+))?$/.exec(hash);
    if (m) { show(m[1], m[2]); return; }
    var n = /^#node-(.+)$/.exec(hash);  // #node-official:景俊海 selects the node and lists its events
    if (n) {
      net.select(n[1]);
      var label = n[1].replace(/^[a-z]+:/, "").split("/").pop();
      state.node = n[1]; state.nodeLabel = label; state.page = 0; apply();
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  return {
    show: show,
    filterNode: function (id, label) { state.node = id; state.nodeLabel = label; state.page = 0; apply(); }
  };
})();

document.body.setAttribute("data-status", errors.length ? "error" : "ready");
})();
"""
