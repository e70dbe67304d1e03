"""Benchmark: the pipeline against bare spacy-pkuseg on the same text, in the same run.

Each measurement runs in its own fresh process so that its peak resident
memory (ru_maxrss) is its own.  Throughput is characters of normalized text
per second of wall time, on one core.

* `segment`: bare `spacy_pkuseg.pkuseg.cut` over the normalized story texts
  (the baseline; its texts are prepared outside the timed region);
* `pipeline`: read + decode + normalize + split + spaCy tokenize (and any
  components in the saved pipeline) from the files on disk.
* `entities`: the same as `pipeline` without the frame components, with the time of reading, normalizing and
  segmenting each batch of stories and the time of the entity components over it kept apart: their ratio, taken
  within each run, is the entity layer's cost (issue #3), free of the drift between runs;
* `batch1`, `batch2`: `zhevents annotate` itself (pipeline/batch.py) with one
  and two worker processes: reading, annotating, the store, and writing
  OUT.jsonl with token offsets, from the files on disk to the renamed output.
  The time excludes loading the pipeline (once, before the workers are forked).
  Memory is measured per worker: peak RSS, and peak PSS and private memory
  from /proc/PID/smaps_rollup, sampled every 5 s (the workers share the model's
  pages with the parent that loaded it, copy-on-write).

The figures to quote are the ratios, which hold across machines better than
absolute numbers.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional


def _files(corpus: Path) -> List[str]:
    from .reader import expand_inputs

    return [p for p, err in expand_inputs([str(corpus)]) if not err]


def _texts(files: List[str], max_chars: Optional[int]) -> List[str]:
    from .reader import read_articles

    texts, n = [], 0
    for art in read_articles(files):
        if art.ok:
            texts.append(art.text.text)
            n += len(art.text)
            if max_chars and n >= max_chars:
                break
    return texts


def _measure_segment(files, max_chars, model_dir, q):
    import spacy_pkuseg

    texts = _texts(files, max_chars)
    seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
    t0 = time.perf_counter()
    n = 0
    for t in texts:
        seg.cut(t)
        n += len(t)
    dt = time.perf_counter() - t0
    q.put({"chars": n, "seconds": dt, "docs": len(texts), "peak_rss_mb": _peak_mb()})


# The frame layer (issue #4): everything else after the tokenizer is the entity layer, whose cost #3 bounds.
FRAME_COMPONENTS = ("zh_frames", "zh_frame_roles")


def _measure_pipeline(files, max_chars, model, q, components=True, hanlp_model=None):
    """components: True (all) or False (tokenizer only); the entity layer's row is `_measure_paired`."""
    from .document import annotate
    from .model_setup import load_pipeline
    from .reader import read_articles

    nlp = load_pipeline(model)
    if hanlp_model:  # the HanLP model loads here, outside the timed region
        from . import hanlp_components  # noqa: F401

        nlp.add_pipe("zh_hanlp_ner", config={"model": hanlp_model}, before="zh_entity_aligner")
    if not components:
        nlp.select_pipes(disable=list(nlp.pipe_names))
    t0 = time.perf_counter()
    n = docs = 0
    for art, doc in annotate(nlp, read_articles(files)):
        if doc is not None:
            n += len(art.text)  # the Doc's text (doc.text would rebuild it from the tokens inside the timing)
            docs += 1
            if max_chars and n >= max_chars:
                break
    dt = time.perf_counter() - t0
    q.put({"chars": n, "seconds": dt, "docs": docs, "peak_rss_mb": _peak_mb(), "pipes": list(nlp.pipe_names)})


def _measure_paired(files, max_chars, model, q, batch_size: int = 64):
    """The entity layer's row, timed in two parts batch by batch in the same process: reading, normalizing and
    segmenting a batch (`seconds_base`), then the entity components over it (`seconds_components`).

    The rows of separate processes compare the fastest of a few runs each, and on a shared machine the speed of
    a whole run drifts by more than the entity layer costs; two timings taken in turn on the same 64 stories
    drift together, so their ratio is the layer's cost itself."""
    from .document import make_doc, run_components
    from .model_setup import load_pipeline
    from .reader import read_articles

    nlp = load_pipeline(model)
    nlp.select_pipes(disable=[n for n in nlp.pipe_names if n in FRAME_COMPONENTS])
    articles = iter(read_articles(files))
    base = comp = 0.0
    n = docs = 0
    more = True
    while more:
        t0 = time.perf_counter()
        batch, chars = [], n
        for art in articles:
            if art.ok:
                batch.append(art)
                chars += len(art.text)
                if max_chars and chars >= max_chars:  # the same stories as the other rows, which stop here
                    more = False
                    break
                if len(batch) >= batch_size:
                    break
        else:
            more = False  # the articles ran out before the batch was full
        ds = [make_doc(nlp, a) for a in batch]
        t1 = time.perf_counter()
        run_components(nlp, ds)
        t2 = time.perf_counter()
        base += t1 - t0
        comp += t2 - t1
        n += sum(len(a.text) for a in batch)
        docs += len(batch)
    q.put({"chars": n, "seconds": base + comp, "seconds_base": base, "seconds_components": comp, "docs": docs,
           "peak_rss_mb": _peak_mb(), "pipes": list(nlp.pipe_names)})


def _measure_hanlp(files, max_chars, model, hanlp_model, q):
    _measure_pipeline(files, max_chars, model, q, hanlp_model=hanlp_model)


def _measure_tokenize(files, max_chars, model, q):
    _measure_pipeline(files, max_chars, model, q, components=False)


def _measure_entities(files, max_chars, model, q):
    _measure_paired(files, max_chars, model, q)


def _measure_normalize(files, max_chars, q):
    from .reader import read_articles

    t0 = time.perf_counter()
    n = docs = 0
    for art in read_articles(files):
        if art.ok:
            n += len(art.text)
            docs += 1
            if max_chars and n >= max_chars:
                break
    dt = time.perf_counter() - t0
    q.put({"chars": n, "seconds": dt, "docs": docs, "peak_rss_mb": _peak_mb()})


def _measure_batch(files, limit, model, workers, q):
    import tempfile

    from .batch import BatchOptions, run_batch

    with tempfile.TemporaryDirectory(prefix="zhevents-bench-") as tmp:
        rep = run_batch(BatchOptions(files, Path(tmp) / "out.jsonl", model=Path(model) if model else None,
                                     workers=workers, limit=limit, quiet=True))
        out_mb = (Path(tmp) / "out.jsonl").stat().st_size / 2**20
    workers_mem = [m for k, m in rep.memory.items() if k != "parent"]
    parent = rep.memory.get("parent", {})
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    q.put({"chars": rep.new_chars, "seconds": rep.seconds, "docs": rep.new, "workers": rep.workers,
           "seconds_write": rep.seconds_write, "seconds_load": rep.seconds_load, "output_mb": round(out_mb, 1),
           "cpu_seconds": round(rep.cpu_seconds, 1),
           "peak_rss_mb": max([m.get("peak_rss_mb", 0) for m in workers_mem] + [children]),
           "worker_peak_pss_mb": max((m.get("peak_pss_mb", 0) for m in workers_mem), default=0),
           "worker_peak_uss_mb": max((m.get("peak_uss_mb", 0) for m in workers_mem), default=0),
           "parent_peak_rss_mb": parent.get("peak_rss_mb", _peak_mb()), "parent_peak_pss_mb": parent.get("peak_pss_mb"),
           "memory": rep.memory})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _in_process(target, *args) -> Dict:
    ctx = mp.get_context("spawn")  # a clean interpreter: no memory inherited from the parent
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    while True:  # a child that dies (killed for memory, an import error) must end the run, not hang it
        try:
            res = q.get(timeout=5)
            break
        except queue.Empty:
            if not p.is_alive():
                raise SystemExit(f"benchmark step {target.__name__} died (exit code {p.exitcode}) before reporting")
    p.join()
    return res


@dataclass
class BenchResult:
    corpus: str
    rows: Dict[str, Dict] = field(default_factory=dict)
    load: Optional[tuple] = None  # 1-minute load average before and after the measurements
    notes: List[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        r = self.rows[name]
        return r["chars"] / r["seconds"] if r["seconds"] else 0.0

    def as_dict(self) -> Dict:
        base = self.rate("segment")
        return {
            "corpus": self.corpus,
            "rows": {k: dict(v, chars_per_s=round(self.rate(k))) for k, v in self.rows.items()},
            "ratio_pipeline_vs_segment": round(self.rate("pipeline") / base, 3) if base else None,
            "entity_layer_added_time": round(self.added_cost("entities"), 3) if "entities" in self.rows else None,
            "entity_layer_added_time_paired": self.paired_cost(),
            "components_added_time": round(self.added_cost("pipeline"), 3) if "tokenize" in self.rows else None,
            "load_average": list(self.load) if self.load else None,
            "ratio_batch1_vs_segment": round(self.rate("batch1") / base, 3) if base and "batch1" in self.rows else None,
            "ratio_batch2_vs_batch1": round(self.rate("batch2") / self.rate("batch1"), 3)
            if "batch1" in self.rows and "batch2" in self.rows and self.rate("batch1") else None,
            "ratio_hanlp_vs_pipeline": round(self.rate("hanlp") / self.rate("pipeline"), 3)
            if "hanlp" in self.rows and self.rate("pipeline") else None,
            "notes": self.notes,
        }

    def paired_cost(self) -> Optional[float]:
        """The entity layer's cost as `_measure_paired` times it within each run (components against read+normalize+
        segment of the same batches): the median over the runs."""
        runs = sorted(self.rows.get("entities", {}).get("paired_added") or [])
        if not runs:
            return None
        mid = len(runs) // 2
        return round(runs[mid] if len(runs) % 2 else (runs[mid - 1] + runs[mid]) / 2, 3)

    def added_cost(self, row: str = "pipeline") -> float:
        """Time per character that a row's components add, as a share of read+normalize+segment (tokenizer only)."""
        t, p = self.rows["tokenize"], self.rows[row]
        return (p["seconds"] / p["chars"]) / (t["seconds"] / t["chars"]) - 1

    def table(self) -> str:
        base = self.rate("segment")
        lines = [f"corpus: {self.corpus}",
                 f"{'measurement':<34}{'docs':>7}{'chars':>11}{'seconds':>9}{'chars/s':>10}{'vs bare':>9}{'peak MB':>9}"]
        labels = {"normalize": "read+normalize (no segmentation)", "segment": "bare spacy-pkuseg (baseline)",
                  "tokenize": "read+normalize+segment (spaCy)", "entities": "entity layer (no frame components)",
                  "pipeline": "full pipeline (all components)",
                  "batch1": "annotate, 1 worker process", "batch2": "annotate, 2 worker processes",
                  "hanlp": "full pipeline + HanLP NER"}
        for k in ("normalize", "segment", "tokenize", "entities", "pipeline", "hanlp", "batch1", "batch2"):
            if k in self.rows:
                r = self.rows[k]
                lines.append(f"{labels[k]:<34}{r['docs']:>7}{r['chars']:>11,}{r['seconds']:>9.1f}"
                             f"{self.rate(k):>10,.0f}{self.rate(k) / base if base else 0:>8.2f}x{r['peak_rss_mb']:>9.0f}"
                             + (f"  (fastest of {', '.join(map(str, r['runs_seconds']))} s)" if len(r.get("runs_seconds", [])) > 1 else ""))
        if "pipeline" in self.rows:
            lines.append(f"pipeline components: {self.rows['pipeline'].get('pipes') or '(tokenizer only)'}")
        if "entities" in self.rows:
            paired = self.paired_cost()
            if paired is not None:
                runs = ", ".join(f"{r:+.1%}" for r in self.rows["entities"]["paired_added"])
                lines.append(f"entity layer adds {paired:+.1%} to read+normalize+segment time, timed in turn on the same "
                             f"batches of each run (median; runs {runs})")
            lines.append(f"entity layer adds {self.added_cost('entities'):+.1%} to read+normalize+segment time, fastest "
                         "entity-layer run against fastest tokenizer run (separate processes: drift between runs counts)")
        if "tokenize" in self.rows:
            lines.append(f"all components (entities and frames) add {self.added_cost('pipeline'):+.1%}")
        if "batch1" in self.rows and "batch2" in self.rows and self.rate("batch1"):
            lines.append(f"annotate: 2 workers vs 1 worker {self.rate('batch2') / self.rate('batch1'):.2f}x; "
                         f"1 worker vs bare spacy-pkuseg {self.rate('batch1') / base if base else 0:.2f}x "
                         "(annotate rows: peak MB is the largest worker's peak RSS)")
        for k in ("batch1", "batch2"):
            if k in self.rows:
                r = self.rows[k]
                pss = r.get("parent_peak_pss_mb")
                lines.append(f"{labels[k]}: per worker peak RSS {r['peak_rss_mb']:.0f} MB, peak PSS "
                             f"{r['worker_peak_pss_mb']:.0f} MB, private {r['worker_peak_uss_mb']:.0f} MB; parent "
                             f"(reads, store, holds the shared model) peak RSS {r['parent_peak_rss_mb']:.0f} MB"
                             + (f", PSS {pss:.0f} MB" if pss else "")
                             + f"; writing OUT.jsonl ({r['output_mb']:.0f} MB) {r['seconds_write']:.1f} s of "
                             f"{r['seconds']:.1f} s; CPU {r['cpu_seconds']:.0f} s")
        if "hanlp" in self.rows and self.rate("pipeline"):
            lines.append(f"HanLP NER ({self.rows['hanlp']['hanlp_model']}): the pipeline with it runs at "
                         f"{self.rate('hanlp') / self.rate('pipeline'):.2f}x the full pipeline's chars/s")
        lines.extend(f"note: {n}" for n in self.notes)
        if self.load:
            lines.append(f"machine: {os.cpu_count()} cores, load average (1 min) {self.load[0]:.2f} before the runs, "
                         f"{self.load[1]:.2f} after (other work on the machine lowers every figure, the parallel "
                         "one most)")
        return "\n".join(lines)


def _hanlp_row(res: BenchResult, files, max_chars, model, hanlp_model: Optional[str]) -> None:
    """The optional row: the saved pipeline plus `zh_hanlp_ner` (pipeline/hanlp_components.py) on the same text."""
    import importlib.util

    if not hanlp_model:
        res.notes.append("HanLP NER row not measured: give a HanLP model (--hanlp-model PATH or identifier)")
    elif importlib.util.find_spec("hanlp") is None:
        res.notes.append("HanLP NER row skipped: hanlp is not installed (pip install '.[hanlp]', torch first)")
    else:
        from .hanlp_components import resolve_model

        resolve_model(hanlp_model)  # a missing model fails here, with where to put it
        res.rows["hanlp"] = dict(_in_process(_measure_hanlp, files, max_chars, model, hanlp_model),
                                 hanlp_model=hanlp_model)


def _fastest(runs: List[Dict]) -> Dict:
    """The fastest run per character, with every run's seconds: what other work on the machine adds to a run only
    ever slows it, so the minimum is the best estimate of the cost itself."""
    best = min(runs, key=lambda r: r["seconds"] / max(r["chars"], 1))
    return dict(best, runs_seconds=[round(r["seconds"], 2) for r in runs])


def run_benchmark(corpus: Path, max_chars: Optional[int] = None, model: Optional[Path] = None,
                  hanlp_model: Optional[str] = None, repeat: int = 3) -> BenchResult:
    from .model_setup import DEFAULT_PIPELINE

    files = _files(corpus)
    if not files:
        raise SystemExit(f"no input files under {corpus}")
    model_dir = Path(model or DEFAULT_PIPELINE) / "tokenizer" / "pkuseg_model"
    res = BenchResult(str(corpus))
    load0 = os.getloadavg()[0]
    res.rows["normalize"] = _in_process(_measure_normalize, files, max_chars)
    repeat = max(1, repeat)
    res.rows["segment"] = _fastest([_in_process(_measure_segment, files, max_chars, str(model_dir)) for _ in range(repeat)])
    # the rows whose ratio is a target run in turn, `repeat` rounds, so that a busy spell slows all of them
    timed = {"tokenize": (_measure_tokenize, []), "entities": (_measure_entities, []), "pipeline": (_measure_pipeline, [])}
    for _ in range(repeat):
        for target, runs in timed.values():
            runs.append(_in_process(target, files, max_chars, model))
    for name, (_, runs) in timed.items():
        res.rows[name] = _fastest(runs)
    res.rows["entities"]["paired_added"] = [round(r["seconds_components"] / r["seconds_base"], 4)
                                            for r in timed["entities"][1] if r.get("seconds_base")]
    _hanlp_row(res, files, max_chars, model, hanlp_model)
    limit = res.rows["pipeline"]["docs"] if max_chars else None  # the same stories as the other rows
    for n in (1, 2):
        res.rows[f"batch{n}"] = _in_process(_measure_batch, files, limit, str(model) if model else None, n)
    res.load = (load0, os.getloadavg()[0])
    return res


if __name__ == "__main__":
    import sys

    r = run_benchmark(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpus/xwlb"))
    print(r.table())
    print(json.dumps(r.as_dict(), indent=2))
