"""Writing the event graph: GraphML, GEXF, node-link JSON, Neo4j import files, events.csv, LadybugDB.

Every format is written from the same `EventGraph` (pipeline/graph.py):

| format | file(s) | read by |
|---|---|---|
| `graphml` | `graph.graphml` | Gephi, yEd, Cytoscape, networkx `read_graphml` |
| `gexf` | `graph.gexf` (GEXF 1.2, node colours and sizes) | Gephi, networkx `read_gexf` |
| `json` | `graph.json` (networkx node-link: `nodes`, `edges`) | networkx `node_link_graph`, d3, any JSON reader |
| `neo4j` | `neo4j/`: `nodes_<Label>.csv`, `rels_<TYPE>_<From>_<To>.csv`, `import.sh` (neo4j-admin bulk import), `load.cypher` (LOAD CSV on a running server) | Neo4j 4.4 / 5 |
| `csv` | `events.csv`: one row per frame | spreadsheets (UTF-8 with BOM), pandas, csv |

GraphML and GEXF cannot hold lists: list and dict attributes are written as JSON text
(`titles` = `["省委书记", "省长"]`). Edge ids are unique (`e0`, `e1`, ...), the relation is the
`rel` attribute (and the edge `label`, which Gephi shows).

`load_ladybug(eg, path)` creates an embedded LadybugDB database (the maintained successor of
Kùzu, `pip install ladybug`): one node table per node type, one relationship table per edge type,
the same properties as the Neo4j files, queried with Cypher.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import networkx as nx

from .graph import NODE_TYPES, EventGraph

FORMATS = ("graphml", "gexf", "json", "neo4j", "csv")
FILE_NAMES = {"graphml": "graph.graphml", "gexf": "graph.gexf", "json": "graph.json", "neo4j": "neo4j",
              "csv": "events.csv"}
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
COLORS = {  # node colours (GEXF viz, the HTML report)
    "Official": "#e76f51", "Place": "#2a9d8f", "Org": "#8ecae6", "Measure": "#e9c46a",
    "Event": "#9b5de5", "Document": "#adb5bd",
}
ARRAY_DELIMITER = ";"
NODE_CHUNK = 500
BUFFER_POOL = 256 * 1024 ** 2  # LadybugDB takes 80 % of the RAM by default; the archive's graph needs far less

# Property schemas: (name, type). Types: string, int, boolean, date, string[], json (text holding JSON).
NODE_COLUMNS: Dict[str, List[Tuple[str, str]]] = {
    "Official": [("name", "string"), ("titles", "string[]"), ("title_history", "json"), ("orgs", "string[]"),
                 ("events", "int")],
    "Place": [("name", "string"), ("place_kind", "string"), ("level", "string"), ("admin_path", "string[]"),
              ("aliases", "string[]"), ("mentioned", "boolean"), ("events", "int")],
    "Org": [("name", "string"), ("org_kind", "string"), ("qualified", "boolean"), ("events", "int")],
    "Measure": [("name", "string"), ("category", "string"), ("oxcgrt", "string"), ("members", "string[]"),
                ("aliases", "string[]"), ("events", "int")],
    "Event": [("event_type", "string"), ("caption", "string"), ("date", "string"), ("date_value", "date"),
              ("date_end", "string"), ("time_value", "string"), ("year", "int"), ("month", "int"), ("day", "int"),
              ("year_known", "boolean"), ("actor", "string"), ("name", "string"), ("topic", "string"),
              ("metric", "string"), ("value", "int"), ("trigger", "string"), ("sentence", "string"),
              ("source", "string"), ("source_title", "string"), ("reports", "int"), ("frames", "int"),
              ("merged_by", "string[]")],
    "Document": [("doc_id", "string"), ("reprint", "boolean"), ("title", "string"), ("date", "string"), ("date_value", "date"),
                 ("path", "string"), ("story", "int"), ("url", "string"), ("collection", "string"),
                 ("section", "string")],
}
_REL_COMMON = [("reports", "int"), ("mentions", "int"), ("texts", "string[]")]
REL_COLUMNS: Dict[str, List[Tuple[str, str]]] = {
    **{r: _REL_COMMON for r in ("AGENT", "CHAIR", "SPEAKER", "REPORTER", "COMPANION", "ATTENDEE", "ADDRESSEE",
                                "AT", "TARGET")},
    "ORDERED": _REL_COMMON + [("by", "string[]")],
    "REPORTED_IN": [("reports", "int"), ("mentions", "int"), ("frames", "string[]"), ("trigger", "string"),
                    ("sentence", "string"), ("sent_start", "int"), ("sent_end", "int")],
    "PART_OF": [("inferred", "boolean")],
    "MEMBER_OF": [("mentions", "int")],
}
REL_ENDPOINTS: Dict[str, List[Tuple[str, str]]] = {
    **{r: [("Official", "Event"), ("Org", "Event")] for r in ("AGENT", "CHAIR", "SPEAKER", "REPORTER", "COMPANION",
                                                            "ATTENDEE", "ADDRESSEE")},
    "AT": [("Event", "Place")], "TARGET": [("Event", "Org"), ("Event", "Place")], "ORDERED": [("Event", "Measure")],
    "REPORTED_IN": [("Event", "Document")], "PART_OF": [("Place", "Place")], "MEMBER_OF": [("Official", "Org")],
}
NEO4J_TYPES = {"string": "string", "int": "long", "boolean": "boolean", "date": "date", "string[]": "string[]",
               "json": "string"}
LADYBUG_TYPES = {"string": "STRING", "int": "INT64", "boolean": "BOOLEAN", "date": "DATE", "string[]": "STRING[]",
                 "json": "STRING"}


class ExportError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Output paths


def plan_outputs(out: Path, formats: Sequence[str]) -> Dict[str, Path]:
    """Where each format goes.

    One file format and OUT with that suffix (or any suffix): OUT itself. Otherwise OUT is a
    directory and each format gets its standard name in it (graph.graphml, graph.gexf, graph.json,
    neo4j/, events.csv). No format given: taken from OUT's suffix, or all formats for a directory.
    """
    out = Path(out)
    formats = [f.lower() for f in formats]
    if "all" in formats:
        formats = list(FORMATS)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ExportError(f"unknown format {', '.join(bad)} (choose from {', '.join(FORMATS)}, all)")
    if not formats:
        fmt = SUFFIXES.get(out.suffix.lower())
        formats = [fmt] if fmt else list(FORMATS)
    formats = list(dict.fromkeys(formats))
    if len(formats) == 1 and formats[0] != "neo4j" and out.suffix and not out.is_dir():
        implied = SUFFIXES.get(out.suffix.lower())
        if implied and implied != formats[0]:
            raise ExportError(f"{out} has the suffix of {implied}, but --format {formats[0]} was asked for")
        return {formats[0]: out}
    if out.suffix and out.suffix.lower() in SUFFIXES and not out.is_dir():
        raise ExportError(f"{out} looks like a file, but {len(formats)} formats need a directory")
    return {f: out / FILE_NAMES[f] for f in formats}


def export(eg: EventGraph, out: Path, formats: Sequence[str] = ()) -> Dict[str, Path]:
    """Write the requested formats; returns format -> path written."""
    plan = plan_outputs(out, formats)
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_json, "neo4j": write_neo4j,
               "csv": write_events_csv}
    for fmt, path in plan.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        writers[fmt](eg, path)
    return plan


def _atomic(path: Path):
    """A temporary file beside `path`, renamed over it when the block ends without error."""
    class _Ctx:
        def __enter__(self):
            self.tmp = path.with_name(path.name + ".partial")
            return self.tmp

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                os.replace(self.tmp, path)
            else:
                self.tmp.unlink(missing_ok=True)
            return False
    return _Ctx()


# --------------------------------------------------------------------------------------------
# GraphML, GEXF, JSON


def _scalar(v):
    if isinstance(v, (list, tuple, set, dict)):
        return json.dumps(sorted(v) if isinstance(v, set) else v, ensure_ascii=False)
    if isinstance(v, (dt.date,)):
        return v.isoformat()
    return v


def flat_graph(g: nx.MultiDiGraph, viz: bool = False) -> nx.MultiDiGraph:
    """A copy with scalar attributes only, one type per attribute name, unique edge ids."""
    types: Dict[Tuple[str, str], set] = {}
    for _, d in g.nodes(data=True):
        for k, v in d.items():
            types.setdefault(("node", k), set()).add(type(_scalar(v)))
    for _, _, d in g.edges(data=True):
        for k, v in d.items():
            types.setdefault(("edge", k), set()).add(type(_scalar(v)))

    def conv(domain: str, k: str, v):
        v = _scalar(v)
        ts = types[(domain, k)]
        if len(ts) > 1 and not (ts <= {int, float}):
            return str(v)
        if ts == {int, float}:
            return float(v)
        return v

    h = nx.MultiDiGraph()
    h.graph.update({k: str(_scalar(v)) for k, v in g.graph.items() if v is not None})
    for n, d in g.nodes(data=True):
        attrs = {k: conv("node", k, v) for k, v in d.items() if v is not None}
        if viz:
            color = COLORS.get(d.get("node_type"), "#888888").lstrip("#")
            r, gg, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
            size = 4.0 + 3.0 * (d.get("events") or d.get("reports") or 1) ** 0.5
            attrs["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": round(size, 2)}
        h.add_node(n, **attrs)
    for i, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        attrs = {kk: conv("edge", kk, vv) for kk, vv in d.items() if vv is not None}
        attrs.setdefault("weight", float(d.get("reports") or 1))
        h.add_edge(u, v, key=f"e{i}", **attrs)
    return h


def write_graphml(eg: EventGraph, path: Path) -> None:
    h = flat_graph(eg.graph)
    with _atomic(path) as tmp:
        nx.write_graphml(h, tmp, encoding="utf-8", prettyprint=True)


def write_gexf(eg: EventGraph, path: Path) -> None:
    h = flat_graph(eg.graph, viz=True)
    h.graph["mode"] = "static"
    with _atomic(path) as tmp:
        nx.write_gexf(h, tmp, encoding="utf-8", prettyprint=True, version="1.2draft")


def node_link(g: nx.MultiDiGraph) -> Dict:
    def clean(v):
        if isinstance(v, set):
            return sorted(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        return v

    h = nx.MultiDiGraph()
    h.graph.update({k: clean(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: clean(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{kk: clean(vv) for kk, vv in d.items() if vv is not None})
    return nx.node_link_data(h, edges="edges")


def write_json(eg: EventGraph, path: Path) -> None:
    data = node_link(eg.graph)
    with _atomic(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------------
# events.csv

EVENT_CSV_COLUMNS = ["event_id", "event_type", "event_date", "reports", "date", "time_value", "type", "main_actor",
                     "places", "measures", "name", "metric", "value", "trigger", "sentence", "document", "frame",
                     "folded_into", "title", "doc_date", "path", "story", "url"]


def write_events_csv(eg: EventGraph, path: Path) -> None:
    """One row per frame: the event it belongs to, date, type, main actor, places, measures, document.

    UTF-8 with a byte-order mark, so that spreadsheet programs show the Chinese text.
    """
    with _atomic(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=EVENT_CSV_COLUMNS, extrasaction="ignore")
            w.writeheader()
            for row in eg.rows():
                w.writerow(row)


# --------------------------------------------------------------------------------------------
# Tables: the common model of the Neo4j files and the LadybugDB database


def _date_value(s: Optional[str]) -> Optional[dt.date]:
    if not s or not isinstance(s, str) or len(s) < 10 or s.startswith("X"):
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _cell(v, typ: str):
    """A property value in its type (None when missing)."""
    if v is None or v == "" or v == []:
        return None
    if typ == "string[]":
        if isinstance(v, str):
            v = [v]
        return [str(x) for x in (sorted(v) if isinstance(v, set) else v) if x is not None and x != ""] or None
    if typ == "json":
        return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    if typ == "int":
        try:
            return int(v)
        except (TypeError, ValueError):
            return None
    if typ == "boolean":
        return bool(v)
    if typ == "date":
        return v if isinstance(v, dt.date) else _date_value(v)
    return str(v)


def node_rows(g: nx.MultiDiGraph) -> Dict[str, List[Dict]]:
    rows: Dict[str, List[Dict]] = {t: [] for t in NODE_TYPES}
    for n, d in g.nodes(data=True):
        t = d["node_type"]
        src = dict(d)
        if t == "Event":
            src["caption"] = d.get("label")
            src["date_value"] = d.get("date") if d.get("year_known") else None
        if t == "Document":
            src["date_value"] = d.get("date")
        row = {"id": n}
        for col, typ in NODE_COLUMNS[t]:
            row[col] = _cell(src.get(col), typ)
        rows[t].append(row)
    for t in rows:
        rows[t].sort(key=lambda r: r["id"])
    return rows


def rel_rows(g: nx.MultiDiGraph) -> Dict[Tuple[str, str, str], List[Dict]]:
    rows: Dict[Tuple[str, str, str], List[Dict]] = {}
    for u, v, d in g.edges(data=True):
        rel = d["rel"]
        key = (rel, g.nodes[u]["node_type"], g.nodes[v]["node_type"])
        row = {"from": u, "to": v}
        for col, typ in REL_COLUMNS[rel]:
            row[col] = _cell(d.get(col), typ)
        rows.setdefault(key, []).append(row)
    for k in rows:
        rows[k].sort(key=lambda r: (r["from"], r["to"]))
    return dict(sorted(rows.items()))


# --------------------------------------------------------------------------------------------
# Neo4j


def _neo4j_text(v, typ: str) -> str:
    if v is None:
        return ""
    if typ == "string[]":
        # neo4j-admin cannot escape the array delimiter inside an element
        return ARRAY_DELIMITER.join(x.replace(ARRAY_DELIMITER, "；") for x in v)
    if typ == "boolean":
        return "true" if v else "false"
    if typ == "date":
        return v.isoformat()
    return str(v)


def _neo4j_header(col: str, typ: str) -> str:
    t = NEO4J_TYPES[typ]
    return col if t == "string" else f"{col}:{t}"


def write_neo4j(eg: EventGraph, out_dir: Path) -> None:
    """Bulk-import CSVs for `neo4j-admin database import full`, and the same files for LOAD CSV.

    nodes_<Label>.csv: `id:ID,<properties>,:LABEL`; rels_<TYPE>_<From>_<To>.csv:
    `:START_ID,:END_ID,:TYPE,<properties>`. Arrays use `;`. import.sh runs the bulk import into a
    stopped server's empty database; load.cypher loads the files into a running server from its
    import directory (cypher-shell -f load.cypher).
    """
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    nodes, rels = node_rows(eg.graph), rel_rows(eg.graph)
    node_files, rel_files, cypher = [], [], []
    cypher.append("// Load the zhevents event graph into a running Neo4j (4.4 or 5) with LOAD CSV.\n"
                  "// Copy the CSV files of this directory into the server's import directory, then:\n"
                  "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher\n"
                  "// For a new, empty database the bulk importer (import.sh) is faster.\n")
    for label, rows in nodes.items():
        if not rows:
            continue
        cols = NODE_COLUMNS[label]
        name = f"nodes_{label}.csv"
        with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id:ID"] + [_neo4j_header(c, t) for c, t in cols] + [":LABEL"])
            for r in rows:
                w.writerow([r["id"]] + [_neo4j_text(r[c], t) for c, t in cols] + [label])
        node_files.append(name)
        cypher.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    for label, rows in nodes.items():
        if not rows:
            continue
        sets = ", ".join(f"n.{c} = {_cypher_value(_neo4j_header(c, t), t)}" for c, t in NODE_COLUMNS[label])
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///nodes_{label}.csv' AS row\n"
                      f"MERGE (n:{label} {{id: row.`id:ID`}})\nSET {sets};")
    for (rel, a, b), rows in rels.items():
        cols = REL_COLUMNS[rel]
        name = f"rels_{rel}_{a}_{b}.csv"
        with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([":START_ID", ":END_ID", ":TYPE"] + [_neo4j_header(c, t) for c, t in cols])
            for r in rows:
                w.writerow([r["from"], r["to"], rel] + [_neo4j_text(r[c], t) for c, t in cols])
        rel_files.append(name)
        sets = ", ".join(f"r.{c} = {_cypher_value(_neo4j_header(c, t), t)}" for c, t in cols)
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row\n"
                      f"MATCH (a:{a} {{id: row.`:START_ID`}}), (b:{b} {{id: row.`:END_ID`}})\n"
                      f"MERGE (a)-[r:{rel}]->(b)" + (f"\nSET {sets};" if sets else ";"))
    (tmp / "load.cypher").write_text("\n\n".join(cypher) + "\n", encoding="utf-8")
    args = " \\\n  ".join([f"--nodes={f}" for f in node_files] + [f"--relationships={f}" for f in rel_files])
    script = (
        "#!/bin/sh\n"
        "# Bulk import of the zhevents event graph into a new Neo4j 5 database (the server must be stopped).\n"
        "# Run from this directory: sh import.sh [DATABASE]   (default: neo4j; it is overwritten).\n"
        "# Neo4j 4.4: replace `database import full` by `import --database=\"$DB\"`.\n"
        "set -e\ncd \"$(dirname \"$0\")\"\nDB=\"${1:-neo4j}\"\n"
        "neo4j-admin database import full --overwrite-destination --array-delimiter=';' "
        "--multiline-fields=true \\\n  " + args + " \\\n  \"$DB\"\n"
    )
    (tmp / "import.sh").write_text(script, encoding="utf-8")
    os.chmod(tmp / "import.sh", 0o755)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)


def _cypher_value(header: str, typ: str) -> str:
    ref = f"row.`{header}`"
    return {
        "int": f"toInteger({ref})",
        "boolean": f"toBoolean({ref})",
        "date": f"date({ref})",
        "string[]": f"split({ref}, '{ARRAY_DELIMITER}')",
    }.get(typ, ref)


# --------------------------------------------------------------------------------------------
# LadybugDB (embedded, Cypher)


def _lb_module():
    try:
        import ladybug  # noqa: F401
        return ladybug
    except ImportError:
        raise ExportError("the embedded graph database needs the `ladybug` package: pip install 'ladybug>=0.22,<0.23'") from None


def load_ladybug(eg: EventGraph, path: Path, overwrite: bool = False) -> Dict[str, int]:
    """Create a LadybugDB database at `path` holding the graph; returns row counts per table."""
    lb = _lb_module()
    path = Path(path)
    if path.exists() or Path(str(path) + ".wal").exists():
        if not overwrite:
            raise ExportError(f"{path} exists (use --overwrite to replace it)")
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = lb.Database(str(path), buffer_pool_size=BUFFER_POOL)
    conn = lb.Connection(db)
    nodes, rels = node_rows(eg.graph), rel_rows(eg.graph)
    counts: Dict[str, int] = {}
    for label in NODE_TYPES:
        cols = ", ".join(f"`{c}` {LADYBUG_TYPES[t]}" for c, t in NODE_COLUMNS[label])
        conn.execute(f"CREATE NODE TABLE {label}(id STRING, {cols}, PRIMARY KEY(id))")
    # every relationship table exists, even when empty, so that queries never fail on a missing table
    pairs: Dict[str, List[Tuple[str, str]]] = {rel: list(ps) for rel, ps in REL_ENDPOINTS.items()}
    for rel, a, b in rels:
        if (a, b) not in pairs.setdefault(rel, []):
            pairs[rel].append((a, b))
    for rel, ps in pairs.items():
        cols = "".join(f", `{c}` {LADYBUG_TYPES[t]}" for c, t in REL_COLUMNS[rel])
        conn.execute(f"CREATE REL TABLE {rel}(" + ", ".join(f"FROM {a} TO {b}" for a, b in ps) + cols + ")")
    # Nodes in chunks (CREATE): converting the parameters costs memory per value. A COPY into a
    # non-empty table crashes ladybug 0.22, so relationships go in one COPY per table.
    for label, rows in nodes.items():
        names = ["id"] + [c for c, _ in NODE_COLUMNS[label]]
        props = ", ".join(f"`{c}`: r.`{c}`" for c in names)
        for i in range(0, len(rows), NODE_CHUNK):
            conn.execute(f"UNWIND $rows AS r CREATE (:{label} {{{props}}})", {"rows": rows[i:i + NODE_CHUNK]})
        counts[label] = len(rows)
    for (rel, a, b), rows in rels.items():
        names = ["from", "to"] + [c for c, _ in REL_COLUMNS[rel]]
        ret = ", ".join(f"r.`{c}`" for c in names)
        conn.execute(f"COPY {rel} FROM (UNWIND $rows AS r RETURN {ret}) (from='{a}', to='{b}')", {"rows": rows})
        counts[rel] = counts.get(rel, 0) + len(rows)
    conn.close() if hasattr(conn, "close") else None
    db.close() if hasattr(db, "close") else None
    return counts


def query_ladybug(path: Path, cypher: str, params: Optional[Dict] = None) -> Tuple[List[str], List[list]]:
    """Run one Cypher query on a LadybugDB database; returns (column names, rows)."""
    lb = _lb_module()
    db = lb.Database(str(path), read_only=True, buffer_pool_size=BUFFER_POOL)
    conn = lb.Connection(db)
    try:
        res = conn.execute(cypher, params or {})
        cols = res.get_column_names()
        rows = []
        while res.has_next():
            rows.append(res.get_next())
        return cols, rows
    finally:
        conn.close() if hasattr(conn, "close") else None
        db.close() if hasattr(db, "close") else None


# The questions in the README, as Cypher for LadybugDB (and Neo4j, which accepts the same text).
EXAMPLE_QUERIES = {
    "inspected": (
        "Which places did 景俊海 inspect in March?",
        "MATCH (o:Official {name: $official})-[:AGENT]->(e:Event {event_type: 'INSPECTION'})-[:AT]->(p:Place)\n"
        "WHERE e.month = $month\n"
        "RETURN p.name AS place, e.date AS date, e.reports AS reports\n"
        "ORDER BY date, place",
        {"official": "景俊海", "month": 3},
    ),
    "measures_in": (
        "Which measures were ordered in 长春 (the city and every place inside it)?",
        "MATCH (e:Event)-[:AT]->(:Place)-[:PART_OF*0..4]->(c:Place {name: $place}),\n"
        "      (e)-[o:ORDERED]->(m:Measure)\n"
        "RETURN m.name AS measure, m.category AS category, m.oxcgrt AS oxcgrt, count(DISTINCT e) AS events\n"
        "ORDER BY events DESC, measure LIMIT 15",
        {"place": "长春市"},
    ),
    "together": (
        "Who appeared together most?",
        "MATCH (a:Official)-[]->(e:Event)<-[]-(b:Official)\n"
        "WHERE a.id < b.id\n"
        "RETURN a.name AS official, b.name AS with_official, count(DISTINCT e) AS events\n"
        "ORDER BY events DESC, official, with_official LIMIT 10",
        {},
    ),
}


def iter_example_results(path: Path) -> Iterable[Tuple[str, str, str, List[str], List[list]]]:
    for key, (question, cypher, params) in EXAMPLE_QUERIES.items():
        cols, rows = query_ladybug(path, cypher, params)
        yield key, question, cypher, cols, rows
