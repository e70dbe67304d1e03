"""The `zhevents` command line."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import fail as _fail, warn as _warn

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Event extraction from Chinese official news: read, normalize, annotate, export.",
)


@app.command()
def setup(
    force: bool = typer.Option(False, "--force", help="Rebuild the pipeline even if it is up to date."),
) -> None:
    """Install the segmentation model and build the pipeline under models/.

    Fetches the pkuseg source distribution from the package index (once), converts its
    MSRA model, builds the user dictionary from pipeline/lexicons and saves the pipeline
    described by configs/zh_events.cfg to models/zh_events.
    """
    from .model_setup import SetupError, ensure_pipeline

    try:
        path = ensure_pipeline(force=force, log=lambda m: typer.echo(m, err=True))
    except SetupError as exc:
        _fail(str(exc))
    typer.echo(f"pipeline ready: {path}")


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(..., help="Files, directories (read recursively) or glob patterns. "
                                       "Formats by extension: .txt, .md, .html/.htm/.shtml, .jsonl (one article "
                                       "per line with 'text' and optional 'id', 'title', 'date', 'url')."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the SPEC documents, one JSON per line, "
                                "in input order."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="A saved pipeline directory "
                                         "[default: $ZHEVENTS_MODEL or models/zh_events]."),
    date: Optional[str] = typer.Option(None, "--date", help="Date (YYYY-MM-DD) or year (YYYY) for stories whose "
                                       "metadata, dateline and file name give none; a year also completes "
                                       "datelines such as 本报4月3日讯."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Documents per pipeline batch (the unit of work "
                                   "sent to a worker)."),
    tokens: bool = typer.Option(True, "--tokens/--no-tokens", help="Include token offsets "
                                "[start, end, orig_start, orig_end] in each document."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Stop after this many documents."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the final summary: no progress bar, "
                               "no warnings."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", min=0, help="Worker processes [default: one per "
                                          "core]. They are forked from this process and share the loaded model's "
                                          "memory. 0 annotates in this process."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run the annotation on an existing Dask "
                                            "cluster: the scheduler's address, e.g. tcp://host:8786. Its workers "
                                            "need zhevents and the saved pipeline (same --model path, or "
                                            "$ZHEVENTS_MODEL on the workers). Reading and writing stay here."),
    store: Optional[Path] = typer.Option(None, "--store", help="The resume store (SQLite) "
                                         "[default: OUT.jsonl.store.sqlite]. A re-run skips the documents it "
                                         "holds, retries the failed ones, and writes each document once."),
    fresh: bool = typer.Option(False, "--fresh", help="Empty the store first: annotate everything again."),
    tables: Optional[Path] = typer.Option(None, "--tables", help="Also write flat tables to this directory: "
                                          "entities and frames, one row each, as CSV and Parquet."),
    docbin: Optional[Path] = typer.Option(None, "--docbin", help="Also write spaCy DocBin files (part-*.spacy) to "
                                          "this directory, for training."),
) -> None:
    """Read, normalize and annotate articles; write one SPEC document per story.

    Streams (memory stays flat), runs on all cores with a progress bar, and is resumable: the store
    beside the output records every document by the hash of its text, so a run that was killed
    continues where it stopped and gives the same output; a story met twice is annotated once (the
    other sources are listed in its 'also_in'). Unreadable inputs (missing, empty, binary,
    undecodable, too large) and documents that make a component fail become records with 'errors'
    and the run goes on. The exit status is non-zero only when nothing could be read (1), or for
    usage and set-up errors, an unwritable output or a full disk (2).
    """
    from .batch import BatchError, BatchInterrupted, BatchOptions, run_batch
    from .dates import parse_date_value
    from .model_setup import SetupError

    model = model or (Path(os.environ["ZHEVENTS_MODEL"]) if os.environ.get("ZHEVENTS_MODEL") else None)
    if date is not None and parse_date_value(date) is None:
        _fail(f"--date {date!r} is not a date (YYYY-MM-DD) or a year (YYYY)")
    tty = sys.stderr.isatty()
    opts = BatchOptions(inputs=inputs, output=output, model=model, date=date, tokens=tokens, limit=limit,
                        batch_size=batch_size, workers=workers, scheduler=scheduler, store=store, fresh=fresh,
                        tables=tables, docbin=docbin, progress=tty and not quiet, log_progress=not tty and not quiet,
                        quiet=quiet)
    try:
        rep = run_batch(opts, warn=_warn)
    except SetupError as exc:
        _fail(str(exc))
    except BatchInterrupted as exc:
        _fail(str(exc), code=130)
    except BatchError as exc:
        _fail(str(exc))
    where = f"Dask cluster {scheduler}" if scheduler else (
        f"{rep.workers} worker process{'es' if rep.workers != 1 else ''}" if rep.workers else "this process")
    typer.echo(
        f"wrote {rep.records} documents ({rep.annotated} annotated, {rep.with_errors} with errors) from {rep.inputs} "
        f"inputs to {output}\n"
        f"{rep.new} annotated now, {rep.reused} done before (store {rep.store}), {rep.duplicates} repeated stories "
        f"listed in also_in, {rep.failed} failed\n"
        f"{rep.new_chars:,} characters annotated in {rep.seconds:.1f} s ({rep.chars_per_s:,.0f} chars/s) on {where}"
        + (f", {rep.workers_replaced} replaced" if rep.workers_replaced else "")
    )
    if rep.annotated == 0:
        _fail("nothing could be read", code=1)


@app.command()
def stats(
    annotated: List[Path] = typer.Argument(..., help="JSONL files written by `zhevents annotate`."),
) -> None:
    """Summarize annotated documents: stories per input, characters, entities, frames, errors."""
    per_file, labels, frames, dates = Counter(), Counter(), Counter(), Counter()
    n = chars = 0
    errs = []
    for path in annotated:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                n += 1
                src = rec.get("source", {})
                per_file[src.get("path")] += 1
                chars += len(rec.get("text", ""))
                dates[src.get("date_from") or "none"] += 1
                labels.update(e["label"] for e in rec.get("entities", []))
                frames.update(f["type"] for f in rec.get("frames", []))
                if rec.get("errors"):
                    errs.append(f"{src.get('path')}#{src.get('story')}: {'; '.join(rec['errors'])}")
    typer.echo(f"{n} documents, {chars:,} characters, from {len(per_file)} inputs")
    for p, k in sorted(per_file.items(), key=lambda x: str(x[0])):
        typer.echo(f"  {k:4d}  {p}")
    typer.echo("dates from: " + ", ".join(f"{k} {v}" for k, v in dates.most_common()))
    typer.echo("entities: " + (", ".join(f"{k} {v}" for k, v in labels.most_common()) or "none"))
    typer.echo("frames: " + (", ".join(f"{k} {v}" for k, v in frames.most_common()) or "none"))
    typer.echo(f"errors: {len(errs)}")
    for e in errs[:20]:
        typer.echo(f"  {e}")


@app.command()
def evaluate(
    gold: List[Path] = typer.Option(..., "--gold", "-g", help="Gold SPEC documents (JSONL files or directories of them)."),
    pred: Optional[List[Path]] = typer.Option(None, "--pred", "-p", help="Predicted SPEC documents (from `zhevents "
                                              "annotate`). Without it, the pipeline (--model) annotates the gold's sources."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Pipeline to run when --pred is not given."),
    compare: Optional[List[Path]] = typer.Option(None, "--compare", help="Also run these pipelines (e.g. trained by "
                                                 "`zhevents train`) and print their scores beside --model's. Repeatable."),
    curve: Optional[Path] = typer.Option(None, "--curve", help="With --compare: draw the learning curve of the last "
                                         "compared pipeline (its smaller models from `zhevents train --curve`) as a PNG here."),
    labels: Optional[List[str]] = typer.Option(None, "--label", help="Score only these entity labels (repeatable)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the scores as JSON here."),
) -> None:
    """Score predictions against gold per SPEC section 5.

    Entities: P/R/F per label on exact (label, start, end) and on (label, text) pairs per document.
    Frames: P/R/F over (type, role, argument text) triples, and main-actor recall. Documents are
    paired by id (hash of the normalized text); unpaired gold documents are reported, not skipped silently.
    With --compare, the pipelines are scored side by side on the same gold.
    """
    from .evaluate import compare_table, read_jsonl, score

    gold_docs = read_jsonl(gold)
    if curve and not compare:
        _fail("--curve needs --compare MODEL (a pipeline trained with `zhevents train --curve`)")
    if pred:
        if compare:
            _fail("--compare runs pipelines; it cannot be combined with --pred")
        pred_docs = read_jsonl(pred)
    else:
        pred_docs = _predict_gold(model, gold_docs)
    rep = score(gold_docs, pred_docs, labels)
    typer.echo(rep.table())
    reports = {str(model or "models/zh_events"): rep}  # the default pipeline: the rules
    for other in compare or []:
        typer.echo(f"\n{other}:")
        reports[str(other)] = r = score(gold_docs, _predict_gold(other, gold_docs), labels)
        typer.echo(r.table())
    if compare:
        typer.echo("\nF1 side by side:")
        typer.echo(compare_table(reports))
    if curve:
        _draw_curve(model, compare[-1], reports[str(compare[-1])], gold_docs, rep, curve, labels)
    if json_out:
        out = {name: r.as_dict() for name, r in reports.items()} if compare else rep.as_dict()
        json_out.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    if rep.unpaired:
        _warn(f"{len(rep.unpaired)} gold documents have no prediction with the same id (text changed, or not annotated)")
    if rep.documents == 0:
        _fail("no gold document could be paired with a prediction", code=1)


def _predict_gold(model: Optional[Path], gold_docs):
    from .model_setup import SetupError, load_pipeline
    from .train import predict

    try:
        nlp = load_pipeline(model)
    except SetupError as exc:
        _fail(str(exc))
    return predict(nlp, gold_docs)


def _draw_curve(base: Optional[Path], trained: Path, trained_rep, gold_docs, rule_rep, png: Path, labels) -> None:
    """Score the curve models saved under TRAINED/curve (TRAINED itself is already scored: `trained_rep`);
    write the PNG and print the points."""
    from .evaluate import plot_curve, score
    from .model_setup import SetupError
    from .train import assemble, predict

    def point(r, docs=None):
        return {"docs": docs, "entities": r.micro(r.spans).f, "frames": r.frames.f}

    meta = json.loads((trained / "training.json").read_text(encoding="utf-8")) if (trained / "training.json").exists() else {}
    dirs = sorted((d for d in (trained / "curve").glob("*") if (d / "learned.json").exists()), key=lambda d: int(d.name)) \
        if (trained / "curve").is_dir() else []
    if not dirs:
        _fail(f"no learning-curve models in {trained}/curve: train with `zhevents train --curve`")
    points = []
    for d in dirs:
        try:
            r = score(gold_docs, predict(assemble(base, d), gold_docs), labels)
        except SetupError as exc:
            _fail(str(exc))
        points.append(point(r, int(d.name)))
    points.append(point(trained_rep, int(meta.get("train_docs", 0))))
    base_pt = point(rule_rep)
    plot_curve(points, base_pt, png, title=f"{trained.name}: {rule_rep.documents} held-out documents")
    typer.echo("\nlearning curve (training documents: entity micro-F1, frame-triple F1):")
    for p in sorted(points, key=lambda p: p["docs"]):
        typer.echo(f"  {p['docs']:>4}: {p['entities']:.3f}  {p['frames']:.3f}")
    typer.echo(f"  rules only: {base_pt['entities']:.3f}  {base_pt['frames']:.3f}\nwrote {png}")


@app.command()
def bench(
    corpus: Path = typer.Option(Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "xwlb",
                                "--corpus", help="Directory of articles to measure on."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help="Stop after this many characters "
                                            "(a quick run)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Saved pipeline to measure."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON here."),
    hanlp_model: Optional[str] = typer.Option(None, "--hanlp-model", help="Also measure the pipeline with zh_hanlp_ner "
                                              "and this HanLP model (path or identifier; needs the hanlp extra)."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Runs of each single-process row; the fastest counts."),
) -> None:
    """Measure chars/s and peak memory: read+normalize+segment vs bare spacy-pkuseg, same text, same run."""
    from .bench import run_benchmark

    try:
        res = run_benchmark(corpus, max_chars=max_chars, model=model, hanlp_model=hanlp_model, repeat=repeat)
    except Exception as exc:
        if type(exc).__name__ != "ModelNotFound":
            raise
        _fail(str(exc))
    typer.echo(res.table())
    if json_out:
        json_out.write_text(json.dumps(res.as_dict(), indent=2), encoding="utf-8")


@app.command()
def show(
    annotated: Path = typer.Argument(..., help="JSONL written by `zhevents annotate`."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a page with highlighted entities and the frames "
                                        "beside the text, instead of printing tables."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show at most this many documents."),
) -> None:
    """Print each story's frames as a table, or write an HTML page (displaCy span style)."""
    from .show import frames_tables, write_html

    docs = []
    with open(annotated, encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    if html:
        write_html(docs, html)
        typer.echo(f"wrote {html} ({len(docs)} documents)")
    else:
        frames_tables(docs)


gold_app = typer.Typer(help="Gold annotations: pull stories to mark by hand, push them back as stand-off files, check them.")
app.add_typer(gold_app, name="gold")


@gold_app.command("pull")
def gold_pull(
    selection: Path = typer.Argument(..., help="TSV with columns split, path (relative to ../shared), story."),
    out_dir: Path = typer.Option(..., "-o", "--out", help="Directory for the working files (outside the repository: "
                                 "they contain article text)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Pipeline that pre-annotates the stories."),
    existing: Optional[Path] = typer.Option(None, "--existing", help="Start from these gold files instead of the "
                                            "pipeline's output where a story is already annotated."),
) -> None:
    """Write one marked-up text file per selected story (⟦景俊海|OFFICIAL⟧), pre-annotated, for correction by hand."""
    from .document import annotate as run, record
    from .gold import FRAMES_MARK, frames_to_lines, read_gold, source_texts, to_marked
    from .lexicon import read_tsv_text
    from .model_setup import load_pipeline
    from .reader import Article
    from .offsets import TrackedText

    rows = read_tsv_text(selection.read_text(encoding="utf-8"))
    missing = {"split", "path", "story"} - set(rows[0] if rows else ())
    if missing:
        raise typer.BadParameter(f"{selection} has no column {', '.join(sorted(missing))} (its header line must "
                                 "name split, path and story)", param_hint="SELECTION")
    nlp = load_pipeline(model)
    have = {g["id"]: g for g in read_gold([existing])} if existing else {}
    for i, row in enumerate(rows):
        src = source_texts(row["path"], int(row["story"]))
        art = Article(src["source"], TrackedText.from_raw(src["text"]), [], src["id"])
        (_, doc), = list(run(nlp, [art]))
        pred = record(art, doc, with_tokens=False)
        ents = have[src["id"]]["entities"] if src["id"] in have else pred["entities"]
        frames = have[src["id"]]["frames"] if src["id"] in have and have[src["id"]].get("frames") else pred["frames"]
        d = out_dir / row["split"]
        d.mkdir(parents=True, exist_ok=True)
        name = f"{i:02d}_{Path(row['path']).stem}_{row['story']}.txt"
        header = f"# id: {src['id']}\n# source: {row['path']}\t{row['story']}\n# title: {src['source'].get('title') or ''}\n"
        (d / name).write_text(header + to_marked(src["text"], ents) + f"\n{FRAMES_MARK}\n" + frames_to_lines(frames) + "\n",
                              encoding="utf-8")
    typer.echo(f"wrote {len(rows)} files under {out_dir}")


@gold_app.command("push")
def gold_push(
    work_dir: Path = typer.Argument(..., help="Directory written by `gold pull`, corrected by hand."),
    out_dir: Path = typer.Option(Path("annotations"), "-o", "--out", help="Where to write <split>.jsonl stand-off files."),
) -> None:
    """Turn corrected marked-up files into stand-off gold (no article text), one JSONL per split.

    An existing <split>.jsonl is updated, not replaced: a story already in it is overwritten in place, a new
    one is appended, and every other story is kept (a work folder usually holds only the stories of one round)."""
    from .gold import FRAMES_MARK, GoldError, parse_frame_lines, parse_marked, source_texts, standoff

    problems = 0
    split_dirs = sorted(p for p in work_dir.iterdir() if p.is_dir() and any(p.glob("*.txt"))) if work_dir.is_dir() else []
    if not split_dirs:
        # files moved out of their split folder would otherwise be a silent no-op that looks like a clean check
        loose = len(list(work_dir.glob("*.txt"))) if work_dir.is_dir() else 0
        _fail(f"{work_dir} has no split folder (dev/, test/, …) holding marked .txt files"
              + (f"; its {loose} .txt files must sit in a folder named after their split" if loose else ""), code=2)
    for split_dir in split_dirs:
        recs = []
        for f in sorted(split_dir.glob("*.txt")):
            head, _, body = f.read_text(encoding="utf-8").partition("\n# title:")
            body = body.split("\n", 1)[1] if "\n" in body else ""
            body, _, frame_block = body.partition(f"\n{FRAMES_MARK}")
            frame_block = frame_block.split("\n", 1)[1] if "\n" in frame_block else ""
            meta = dict(l[2:].split(": ", 1) for l in head.splitlines() if l.startswith("# "))
            path, story = meta["source"].split("\t")
            src = source_texts(path, int(story))
            try:
                text, ents = parse_marked(body, expected_text=src["text"])
                frames = parse_frame_lines(frame_block)
            except GoldError as exc:
                typer.secho(f"{f}: {exc}", fg=typer.colors.RED, err=True)
                problems += 1
                continue
            if split_dir.name.startswith("unseen"):
                ents = []  # frames-only split: its entity marks are the pipeline's, not gold
            recs.append(standoff({"id": src["id"], "source": dict(src["source"], path=src["source"]["path"]),
                                  "entities": ents, "frames": frames}))
        out = out_dir / f"{split_dir.name}.jsonl"
        old = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines() if l.strip()] if out.exists() else []
        merged = {r["id"]: r for r in old}
        replaced = sum(r["id"] in merged for r in recs)
        merged.update((r["id"], r) for r in recs)  # dict order: replaced stories keep their place, new ones go last
        out_dir.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in merged.values()), encoding="utf-8")
        typer.echo(f"{out}: {len(merged)} documents, {sum(len(r['entities']) for r in merged.values())} entities "
                   f"({len(recs) - replaced} added, {replaced} replaced, {len(merged) - len(recs)} kept)")
    if problems:
        _fail(f"{problems} files not converted", code=1)


@gold_app.command("materialize")
def gold_materialize(
    gold: List[Path] = typer.Argument(..., help="Stand-off gold files or directories."),
    output: Path = typer.Option(..., "-o", "--output", help="Full SPEC documents (with text) go here."),
) -> None:
    """Re-read the sources and write full gold documents; fails if a source's normalized text changed."""
    from .gold import GoldError, materialize, read_gold

    n = 0
    with open(output, "w", encoding="utf-8") as out:
        for g in read_gold(gold):
            try:
                out.write(json.dumps(materialize(g), ensure_ascii=False) + "\n")
                n += 1
            except GoldError as exc:
                _fail(str(exc))
    typer.echo(f"wrote {n} gold documents to {output}")


def _register_extensions() -> None:
    from .graph_cli import register as register_graph  # zhevents graph, zhevents report

    register_graph(app)
    from .interchange_cli import register as register_interchange  # zhevents gold export / import
    register_interchange(gold_app)
    from .train_cli import register as register_train  # zhevents train
    register_train(app)


_register_extensions()


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
