"""`zhevents graph` and `zhevents report`: the event graph of annotated documents, exported and shown.

`register(app)` adds both commands to the zhevents Typer app.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import fail as _fail, warn as _warn

FILTER_HELP = {
    "from": "Keep events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY). An event whose year is unknown "
            "(XXXX-04-02) is kept when its month and day fall in the range in some year the range covers.",
    "to": "Keep events on or before this date (YYYY-MM-DD; YYYY-MM and YYYY mean the end of that month or year).",
    "official": "Keep events in which this official (canonical name) takes part in any role. Repeatable.",
    "place": "Keep events at this place or anywhere inside it (长春 or 长春市 includes 九台区). Repeatable.",
    "type": "Keep events of this type: INSPECTION, MEETING, INSTRUCTION, REPORT, CASE_STATS. Repeatable.",
    "strict": "Drop events whose year is unknown instead of keeping those that may fall in the range.",
}


def _build(annotated: List[Path], date_from, date_to, official, place, types, strict, quiet):
    from .graph import Filters, build_from_paths

    missing = [str(p) for p in annotated if not Path(p).exists()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    try:
        filters = Filters.make(date_from, date_to, official or (), place or (), types or (), strict)
    except ValueError as exc:
        _fail(str(exc))
    try:
        return build_from_paths(annotated, filters)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        _fail(str(exc))


def _summary(eg, seconds: float) -> str:
    c = eg.counts()
    lines = [f"{len(eg.documents)} documents, {eg.frames} frames -> {eg.all_events} events"
             f" ({eg.all_events - len(eg.events)} filtered out: {eg.filters.describe()})" if eg.filters.active else
             f"{len(eg.documents)} documents, {eg.frames} frames -> {eg.all_events} events"]
    merged, reprinted = eg.merged(), eg.reprinted()
    repeated = sum(eg.reports(e) for e in reprinted) - len(reprinted)
    by_rule = sum(len(e.documents) for e in merged) - len(merged)
    lines.append(f"events reported by more than one document: {len(reprinted)} ({repeated} repeated reports: "
                 f"{by_rule} merged by the rule, {repeated - by_rule} reprints of an identical story)")
    lines.append("events: " + ", ".join(f"{k} {v}" for k, v in c["events"].most_common()))
    lines.append(f"nodes {sum(c['nodes'].values())}: " + ", ".join(f"{k} {v}" for k, v in c["nodes"].most_common()))
    lines.append(f"edges {sum(c['edges'].values())}: " + ", ".join(f"{k} {v}" for k, v in c["edges"].most_common()))
    lines.append(f"built in {seconds:.2f} s")
    return "\n".join(lines)


def _print_merges(eg) -> None:
    for ev in eg.merged():
        typer.echo(f"{ev.id}  {eg.graph.nodes[ev.id]['label']}  [{'; '.join(sorted(set(ev.reasons)))}]")
        for m in ev.mentions:
            d = eg.documents.get(m.doc_id, {})
            where = f"{Path(d.get('path') or '?').name}#{d.get('story')}"
            typer.echo(f"    {where} {m.frame_id} {m.type} {m.when.value or ''}  {m.sentence[:70]}")


def register(app: typer.Typer) -> None:
    @app.command()
    def graph(
        annotated: List[Path] = typer.Argument(..., help="JSONL files written by `zhevents annotate` (or directories of them)."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write. A file for one format "
                                              "(its suffix picks the format: .graphml .gexf .json .csv), otherwise a "
                                              "directory that receives graph.graphml, graph.gexf, graph.json, "
                                              "neo4j/ and events.csv."),
        formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="graphml, gexf, json (networkx "
                                                    "node-link), neo4j (bulk-import CSVs + import.sh + load.cypher), "
                                                    "csv (events.csv, one row per frame) or all. Repeatable."),
        db: Optional[Path] = typer.Option(None, "--db", help="Also load the graph into an embedded LadybugDB "
                                          "database (Cypher) at this path."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --db database."),
        examples: bool = typer.Option(False, "--examples", help="After --db, run the README's example Cypher queries "
                                      "and print their results."),
        date_from: Optional[str] = typer.Option(None, "--from", help=FILTER_HELP["from"]),
        date_to: Optional[str] = typer.Option(None, "--to", help=FILTER_HELP["to"]),
        official: Optional[List[str]] = typer.Option(None, "--official", help=FILTER_HELP["official"]),
        place: Optional[List[str]] = typer.Option(None, "--place", help=FILTER_HELP["place"]),
        types: Optional[List[str]] = typer.Option(None, "--type", help=FILTER_HELP["type"]),
        strict_dates: bool = typer.Option(False, "--strict-dates", help=FILTER_HELP["strict"]),
        merges: bool = typer.Option(False, "--merges", help="List the events merged from several reports, and why."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
    ) -> None:
        """Build one event graph from annotated documents and export it (Gephi, Neo4j, networkx, CSV, LadybugDB).

        Officials, places, organisations and measures are one node each across documents.
        Frames of different documents that describe the same event become one Event, with one REPORTED_IN edge per document.
        The rule (same type, actor and day; overlapping places, the same meeting name or the same figure) is DEDUP_RULE in pipeline/graph.py.
        """
        from .export import ExportError, export, iter_example_results, load_ladybug, plan_outputs

        if output is None and db is None:
            _fail("nothing to write: give -o OUT and/or --db PATH")
        if output is not None:
            try:
                plan_outputs(output, formats or ())
            except ExportError as exc:
                _fail(str(exc))
        t0 = time.perf_counter()
        eg = _build(annotated, date_from, date_to, official, place, types, strict_dates, quiet)
        t_build = time.perf_counter() - t0
        if not eg.events:
            _warn("no events (no frames in the input, or the filters removed them all)")
        if merges and not quiet:
            _print_merges(eg)
        timings = [f"build {t_build:.2f} s"]
        if output is not None:
            t1 = time.perf_counter()
            try:
                written = export(eg, output, formats or ())
            except (ExportError, OSError) as exc:
                _fail(str(exc))
            timings.append(f"export {time.perf_counter() - t1:.2f} s")
            for fmt, path in written.items():
                typer.echo(f"wrote {fmt}: {path}")
        if db is not None:
            t1 = time.perf_counter()
            try:
                load_ladybug(eg, db, overwrite=overwrite)
            except ExportError as exc:
                _fail(str(exc))
            timings.append(f"database {time.perf_counter() - t1:.2f} s")
            typer.echo(f"loaded LadybugDB database: {db}")
            if examples:
                for _, question, cypher, cols, rows in iter_example_results(db):
                    typer.echo(f"\n# {question}\n{cypher}\n" + " | ".join(cols))
                    for r in rows:
                        typer.echo(" | ".join("" if x is None else str(x) for x in r))
        typer.echo(_summary(eg, time.perf_counter() - t0) + f" ({', '.join(timings)})")

    @app.command()
    def report(
        annotated: List[Path] = typer.Argument(..., help="JSONL files written by `zhevents annotate`."),
        output: Path = typer.Option(..., "-o", "--output", help="The HTML page to write (self-contained, works offline)."),
        png: bool = typer.Option(True, "--png/--no-png", help="Also write static PNG charts (matplotlib) beside the page: "
                                 "<name>_network.png, <name>_timeline.png, <name>_measures.png."),
        max_nodes: int = typer.Option(150, "--max-nodes", min=10, help="Show at most this many officials, places "
                                      "and measures in the network (the most connected)."),
        date_from: Optional[str] = typer.Option(None, "--from", help=FILTER_HELP["from"]),
        date_to: Optional[str] = typer.Option(None, "--to", help=FILTER_HELP["to"]),
        official: Optional[List[str]] = typer.Option(None, "--official", help=FILTER_HELP["official"]),
        place: Optional[List[str]] = typer.Option(None, "--place", help=FILTER_HELP["place"]),
        types: Optional[List[str]] = typer.Option(None, "--type", help=FILTER_HELP["type"]),
        strict_dates: bool = typer.Option(False, "--strict-dates", help=FILTER_HELP["strict"]),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
    ) -> None:
        """Write an HTML page that shows the event graph: network, timeline per official, measures over time, events.

        The page is one file with its data and scripts inside: it works offline.
        It shows an interactive network of officials, places and measures (drag, zoom, click for a node's events),
        a timeline of events per official, the measures ordered by category over time,
        and a searchable table of events with their sentences and links to the sources.
        """
        from .report import write_report

        t0 = time.perf_counter()
        eg = _build(annotated, date_from, date_to, official, place, types, strict_dates, quiet)
        try:
            written = write_report(eg, output, png=png, max_nodes=max_nodes)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        for p in written:
            typer.echo(f"wrote {p}")
        typer.echo(_summary(eg, time.perf_counter() - t0))
