"""`zhevents gold export` / `zhevents gold import`: gold and pipeline output to and from annotation tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Iterator, List

import typer

from .cli_common import fail as _fail, warn as _warn

FORMAT_HELP = "labelstudio | doccano | prodigy"


def _check_format(fmt: str) -> str:
    from .interchange import FORMATS

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {FORMAT_HELP}")
    return fmt


def _input_docs(paths: List[Path], problems: List[str]) -> Iterator[Dict]:
    """Full SPEC documents from JSONL files of SPEC documents or of stand-off gold (materialized here)."""
    from .gold import GoldError, materialize

    for p in paths:
        files = sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            if not f.exists():
                problems.append(f"{f}: no such file")
                continue
            with open(f, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as exc:
                        problems.append(f"{f}:{n}: not JSON ({exc})")
                        continue
                    if not isinstance(rec, dict):
                        problems.append(f"{f}:{n}: not a JSON object")
                    elif isinstance(rec.get("text"), str):
                        yield rec
                    elif isinstance(rec.get("source"), dict) and rec["source"].get("path"):
                        try:
                            yield materialize(rec)
                        except (GoldError, OSError) as exc:
                            problems.append(f"{f}:{n}: {exc}")
                    else:
                        problems.append(f"{f}:{n}: neither a SPEC document (no 'text') nor stand-off gold (no source.path)")


def _read_records(path: Path) -> List:
    """A JSON array (Label Studio's JSON export) or JSON lines (doccano, Prodigy db-out)."""
    if not path.exists():
        _fail(f"{path}: no such file")
    raw = path.read_text(encoding="utf-8-sig")
    if raw.lstrip().startswith("["):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            _fail(f"{path}: not JSON ({exc})")
        return data
    recs = []
    for n, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                _fail(f"{path}:{n}: not JSON ({exc}); expected a JSON array or one JSON object per line")
    if len(recs) == 1 and isinstance(recs[0], dict) and not any(k in recs[0] for k in ("text", "data")):
        _fail(f"{path}: a JSON object that is no task; expected a JSON array or one task per line")
    return recs


def config_path(out: Path) -> Path:
    """Where the Label Studio labeling config goes: next to the tasks, `<name>.config.xml`."""
    return out.with_name(out.stem + ".config.xml")


def register(gold_app: typer.Typer) -> None:
    @gold_app.command("export")
    def gold_export(
        inputs: List[Path] = typer.Argument(..., help="Stand-off gold files (materialized on the fly) or SPEC "
                                            "documents such as `zhevents annotate` output; directories allowed."),
        to: str = typer.Option(..., "--to", help=f"Target tool: {FORMAT_HELP}."),
        output: Path = typer.Option(..., "-o", "--output", help="Label Studio: a JSON task list (its labeling "
                                    "config is written next to it as <name>.config.xml); doccano, Prodigy: JSONL."),
        slot: str = typer.Option("predictions", "--slot", help="Label Studio: put the spans in `predictions` "
                                 "(pre-annotations to review) or `annotations`."),
    ) -> None:
        """Write documents as pre-annotated tasks for an annotation tool (spans, relations, metadata)."""
        from .interchange import InterchangeError, labelstudio_config, to_doccano, to_labelstudio, to_prodigy

        _check_format(to)
        if slot not in ("predictions", "annotations"):
            _fail("--slot is predictions or annotations")
        problems: List[str] = []
        recs, extra_labels = [], set()
        n_ents = n_frames = n_rels = 0
        for doc in _input_docs(inputs, problems):
            try:
                if to == "labelstudio":
                    rec = to_labelstudio(doc, slot=slot)
                    n_rels += sum(r["type"] == "relation" for r in rec[slot][0]["result"])
                else:
                    rec = to_doccano(doc) if to == "doccano" else to_prodigy(doc)
                    n_rels += len(rec["relations"])
            except InterchangeError as exc:
                problems.append(str(exc))
                continue
            extra_labels.update(e["label"] for e in doc.get("entities", []))
            n_ents += len(doc.get("entities", []))
            n_frames += len(doc.get("frames", []))
            recs.append(rec)
        output.parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8") as out:
            if to == "labelstudio":
                json.dump(recs, out, ensure_ascii=False, indent=1)
            else:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
        typer.echo(f"wrote {len(recs)} {to} records ({n_ents} entities, {n_frames} frames, {n_rels} relations) "
                   f"to {output}")
        if to == "labelstudio":
            config_path(output).write_text(labelstudio_config(sorted(extra_labels)), encoding="utf-8")
            typer.echo(f"labeling config for the project: {config_path(output)}")
        for p in problems:
            typer.secho(p, fg=typer.colors.RED, err=True)
        if problems:
            _fail(f"{len(problems)} documents not exported")

    @gold_app.command("import")
    def gold_import(
        source: Path = typer.Argument(..., help="The tool's export: Label Studio JSON (task list), doccano JSONL, "
                                      "Prodigy JSONL (db-out)."),
        frm: str = typer.Option(..., "--from", help=f"Source tool: {FORMAT_HELP}."),
        output: Path = typer.Option(..., "-o", "--output", help="JSONL of SPEC documents (or stand-off gold)."),
        standoff_out: bool = typer.Option(False, "--standoff", help="Write stand-off gold (no article text), as "
                                          "in annotations/*.jsonl."),
    ) -> None:
        """Read annotations corrected in a tool back into SPEC documents (or stand-off gold)."""
        from .gold import standoff
        from .interchange import InterchangeError, from_doccano, from_labelstudio, from_prodigy

        _check_format(frm)
        recs = _read_records(source)
        if not isinstance(recs, list):
            _fail(f"{source}: expected a list of tasks")
        docs, problems = [], []
        used: Dict[str, int] = {}
        skipped = 0
        for i, rec in enumerate(recs):
            try:
                if frm == "labelstudio":
                    doc, which, warnings = from_labelstudio(rec, i)
                    used[which] = used.get(which, 0) + 1
                    for w in warnings:
                        _warn(w)
                elif frm == "doccano":
                    doc = from_doccano(rec, i)
                else:
                    doc = from_prodigy(rec, i)
                    if doc is None:
                        skipped += 1
                        _warn(f"task {i + 1}: answer {rec.get('answer')!r}, skipped")
                        continue
                if standoff_out:
                    if not (doc.get("source") or {}).get("path"):
                        raise InterchangeError(f"record {i + 1}: no source.path, cannot be written as stand-off "
                                               f"gold (import without --standoff)")
                    doc = standoff(doc)
                docs.append(doc)
            except InterchangeError as exc:
                problems.append(str(exc))
        output.parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
        msg = (f"wrote {len(docs)} documents ({sum(len(d['entities']) for d in docs)} entities, "
               f"{sum(len(d['frames']) for d in docs)} frames) to {output}")
        if frm == "labelstudio":
            msg += (f"; from the latest completed annotation: {used.get('annotation', 0)}, from the prediction "
                    f"(no completed annotation): {used.get('prediction', 0)}, empty: {used.get('none', 0)}")
        if skipped:
            msg += f"; {skipped} tasks answered reject/ignore skipped"
        typer.echo(msg)
        for p in problems:
            typer.secho(p, fg=typer.colors.RED, err=True)
        if problems:
            _fail(f"{len(problems)} records not imported")
