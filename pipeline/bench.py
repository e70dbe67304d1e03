"""Benchmark: the pipeline against bare spacy-pkuseg on the same text, in the same run.

Each measurement runs in its own fresh process so that its peak resident
memory (ru_maxrss) is its own.  Throughput is characters of normalized text
per second of wall time, on one core.

* `segment`: bare `spacy_pkuseg.pkuseg.cut` over the normalized story texts
  (the baseline; its texts are prepared outside the timed region);
* `pipeline`: read + decode + normalize + split + spaCy tokenize (and any
  components in the saved pipeline) from the files on disk.

The figures to quote are the ratios, which hold across machines better than
absolute numbers.
"""

from __future__ import annotations

import json
import multiprocessing as mp
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


def _measure_pipeline(files, max_chars, model, q, components=True):
    from .document import annotate
    from .model_setup import load_pipeline
    from .reader import read_articles

    nlp = load_pipeline(model)
    if not components:
        nlp.select_pipes(disable=list(nlp.pipe_names))
    t0 = time.perf_counter()
    n = docs = 0
    for art, doc in annotate(nlp, read_articles(files)):
        if doc is not None:
            n += len(doc.text)
            docs += 1
            if max_chars and n >= max_chars:
                break
    dt = time.perf_counter() - t0
    q.put({"chars": n, "seconds": dt, "docs": docs, "peak_rss_mb": _peak_mb(), "pipes": list(nlp.pipe_names)})


def _measure_tokenize(files, max_chars, model, q):
    _measure_pipeline(files, max_chars, model, q, components=False)


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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _in_process(target, *args) -> Dict:
    ctx = mp.get_context("spawn")  # a clean interpreter: no memory inherited from the parent
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    res = q.get()
    p.join()
    return res


@dataclass
class BenchResult:
    corpus: str
    rows: Dict[str, Dict] = field(default_factory=dict)

    def rate(self, name: str) -> float:
        r = self.rows[name]
        return r["chars"] / r["seconds"] if r["seconds"] else 0.0

    def as_dict(self) -> Dict:
        base = self.rate("segment")
        return {
            "corpus": self.corpus,
            "rows": {k: dict(v, chars_per_s=round(self.rate(k))) for k, v in self.rows.items()},
            "ratio_pipeline_vs_segment": round(self.rate("pipeline") / base, 3) if base else None,
            "entity_layer_added_time": round(self.entity_cost(), 3) if "tokenize" in self.rows else None,
        }

    def entity_cost(self) -> float:
        """Time the components add, as a share of read+normalize+segment (tokenizer only) time."""
        t, p = self.rows["tokenize"], self.rows["pipeline"]
        return (p["seconds"] / p["chars"]) / (t["seconds"] / t["chars"]) - 1

    def table(self) -> str:
        base = self.rate("segment")
        lines = [f"corpus: {self.corpus}",
                 f"{'measurement':<34}{'docs':>7}{'chars':>11}{'seconds':>9}{'chars/s':>10}{'vs bare':>9}{'peak MB':>9}"]
        labels = {"normalize": "read+normalize (no segmentation)", "segment": "bare spacy-pkuseg (baseline)",
                  "tokenize": "read+normalize+segment (spaCy)", "pipeline": "full pipeline (all components)"}
        for k in ("normalize", "segment", "tokenize", "pipeline"):
            if k in self.rows:
                r = self.rows[k]
                lines.append(f"{labels[k]:<34}{r['docs']:>7}{r['chars']:>11,}{r['seconds']:>9.1f}"
                             f"{self.rate(k):>10,.0f}{self.rate(k) / base if base else 0:>8.2f}x{r['peak_rss_mb']:>9.0f}")
        if "pipeline" in self.rows:
            lines.append(f"pipeline components: {self.rows['pipeline'].get('pipes') or '(tokenizer only)'}")
        if "tokenize" in self.rows:
            lines.append(f"components add {self.entity_cost():+.1%} to read+normalize+segment time")
        return "\n".join(lines)


def run_benchmark(corpus: Path, max_chars: Optional[int] = None, model: Optional[Path] = None) -> BenchResult:
    from .model_setup import DEFAULT_PIPELINE

    files = _files(corpus)
    if not files:
        raise SystemExit(f"no input files under {corpus}")
    model_dir = Path(model or DEFAULT_PIPELINE) / "tokenizer" / "pkuseg_model"
    res = BenchResult(str(corpus))
    res.rows["normalize"] = _in_process(_measure_normalize, files, max_chars)
    res.rows["segment"] = _in_process(_measure_segment, files, max_chars, str(model_dir))
    res.rows["tokenize"] = _in_process(_measure_tokenize, files, max_chars, model)
    res.rows["pipeline"] = _in_process(_measure_pipeline, files, max_chars, model)
    return res


if __name__ == "__main__":
    import sys

    r = run_benchmark(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpus/xwlb"))
    print(r.table())
    print(json.dumps(r.as_dict(), indent=2))
