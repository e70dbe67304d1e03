"""Batch annotation of whole archives: streaming, parallel, resumable, exactly-once.

`zhevents annotate INPUT... -o OUT.jsonl` runs `run_batch`.  The same engine runs the pipeline in this
process (`--workers 0`), in forked worker processes on this machine (`--workers N`, default: all
cores), or on an existing Dask cluster (`--scheduler tcp://host:8786`).

How a run goes
--------------
1. **Read** (this process).  Inputs are expanded and read file by file with the reader, in input
   order, never all at once.  Every story gets a position `(fidx, k)`: the index of its file among the
   expanded inputs and its index within the file.  Every story is recorded in the store (below) as an
   *occurrence* as soon as it is read.
2. **Deduplicate.**  A document is identified by its *key*, the SHA-1 of its normalized text (which is
   its `id`; for JSONL lines that give their own `id`, the key is that id plus the text hash).  Only
   the first occurrence of a key in input order is annotated.  A later occurrence of the same story
   (the same text in another file) is recorded, not annotated, and is listed in the first one's
   record under `also_in` (see *Output* below).
3. **Annotate** (workers).  New documents go to the workers in batches of `--batch-size`, at most two
   batches per worker in flight, so memory stays flat however large the archive is.  Each result, the
   SPEC record serialized and compressed, is committed to the store when it arrives, in whatever order
   the workers finish.
4. **Write.**  When every document has a result, OUT.jsonl is written from the store in input order to
   `OUT.jsonl.partial`, flushed to disk and renamed.  `--tables` and `--docbin` files are written in
   the same pass, also under `.partial` names, and renamed together at the end.

The store
---------
An SQLite database (standard library), `OUT.jsonl.store.sqlite` unless `--store` says otherwise, in
WAL mode and opened in exclusive locking mode (a second run on the same store is refused).  Tables:

* `docs`: one row per key: `status` (`done`, or `failed` when a component raised or workers died on
  it), the compressed record and token offsets, optional DocBin bytes, the error and traceback.  A
  result is valid only for the context it was computed in: `ctx` hashes the annotator fingerprint
  (pipeline code, lexicons, saved model) and everything the record depends on besides the text (the
  first occurrence's `source`, reader errors, normalization report and offset map).  A different
  context, a changed model or code, is a cache miss and the document is annotated again.
* `occ`: one row per story read, keyed by `(fidx, k)`: its key and context, and its `source` (as it
  appears in `also_in`), or the whole record for inputs that could not be read.
* `files`: one row per input file: path, size, mtime and the reading options.  On a re-run, a file
  whose row matches, that was read completely, and whose documents are all done is not read again.

Why OUT.jsonl is written from the store at the end
---------------------------------------------------
Three other designs were considered.  Appending records as results arrive needs a reorder buffer
(its size is unbounded when one worker is slow on a long story) and cannot produce `also_in`, because
a story's later copies may be met a year later in the archive.  Appending with a commit log (the store
remembers the byte offset of the last committed line and the file is truncated to it on resume) gives
exactly-once lines, but a re-run that retries a failed document would have to rewrite the middle of
the file anyway.  Regenerating from the store makes OUT.jsonl a pure function of the store's contents
and the inputs:

* exactly-once holds by construction: each document's line is written once per output, from a single
  ordered query, and a run killed at any moment (even between writing and renaming) leaves a store
  from which the next run writes the same bytes;
* the output is in input order and byte-identical whatever the number of workers, the order in which
  they finished, or how many times the run was killed and resumed (the tests check all three);
* the cost is one sequential pass over the store at the end (0.5 s for the 54 MB OUT.jsonl of the
  evening-news corpus, 1-2 % of the run), and a re-run that finds everything done does only this pass
  (and reads no input file again).

Results are committed in transactions with the occurrences read before them, so a kill loses at most
the batches in flight.  A full disk or an unwritable output stops the run with a clear message; the
store stays consistent (SQLite rolls back) and no `.partial` file is left behind.

Faults
------
* A document that makes a component raise becomes a record with `errors` (`pipeline failed in
  <component>: <exception>`, with a traceback summary) and no entities; the store keeps the full
  traceback and the status `failed`, and the next run retries it.
* A worker that dies (killed, out of memory, a segfault in a C extension) is replaced by a fresh fork.
  The documents it held are retried one by one; a document on which workers died `MAX_ATTEMPTS` times
  becomes an error record (`worker process died ...`).
* Workers are recycled (a fresh fork) every `max_docs_per_worker` documents, which bounds the growth of
  spaCy's vocabulary and of copy-on-write pages over a long run.

Memory
------
With the fork start method (Linux), the pipeline is loaded once in this process, `gc.freeze()`
moves its objects out of the collector's reach, and the workers are forked from it: the pkuseg model
(about 0.8 GB) stays in pages shared copy-on-write.  Each worker's private memory is what it writes
to; PSS (proportional set size, `/proc/PID/smaps_rollup`) is its fair share of the shared pages.
`BatchReport.memory` has the peak RSS, PSS and private (USS) memory of every worker.

Output: the `also_in` extension
-------------------------------
When the same story (same key) occurs more than once, it has one record, at the position of its first
occurrence, with `also_in`: the list of the other occurrences' `source` objects, in input order (an
occurrence that had reader errors has them in an `errors` key of its entry).  The record's offsets
(`orig_start`/`orig_end`, `tokens`) and resolved dates refer to its own `source`, the first
occurrence.  Records without duplicates have no `also_in` key and are exactly as before.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import queue
import signal
import sqlite3
import sys
import threading
import time
import traceback
import uuid
import zlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .reader import Article, expand_inputs, read_path, text_id

STORE_SCHEMA = 1
MAX_ATTEMPTS = 3  # workers that may die on one document before it is recorded as failed
IN_FLIGHT_PER_WORKER = 2
DEFAULT_MAX_DOCS_PER_WORKER = 20_000
COMMIT_INTERVAL = 1.0  # seconds between store commits while reading
MEMORY_SAMPLE_INTERVAL = 5.0
# Modules that do not take part in making a record.  Every other file of the package (code and lexicons) is in
# the annotator's fingerprint: a change to it invalidates the stored results (when in doubt, a module stays in).
_NOT_ANNOTATION_CODE = {"cli.py", "bench.py", "show.py", "evaluate.py", "gold.py", "tables.py", "model_setup.py",
                        "graph.py", "graph_cli.py", "export.py", "report.py"}


class BatchError(RuntimeError):
    """A condition that stops the run with a message (exit status 2): unwritable output, full disk..."""


class BatchInterrupted(BatchError):
    """The run was interrupted (Ctrl-C, SIGTERM); what was done is in the store."""


# ---------------------------------------------------------------------------------------------------
# Options and report


@dataclass
class BatchOptions:
    inputs: Sequence[str]
    output: Path
    model: Optional[Path] = None
    date: Optional[str] = None
    tokens: bool = True
    limit: Optional[int] = None
    batch_size: int = 64
    workers: Optional[int] = None  # None: all cores; 0: in this process
    scheduler: Optional[str] = None  # Dask scheduler address
    store: Optional[Path] = None
    fresh: bool = False
    tables: Optional[Path] = None
    docbin: Optional[Path] = None
    progress: bool = False  # a progress bar on stderr (the CLI sets it when stderr is a terminal)
    log_progress: bool = False  # a progress line every `log_interval` seconds (stderr is not a terminal)
    log_interval: float = 30.0
    quiet: bool = False
    max_docs_per_worker: int = DEFAULT_MAX_DOCS_PER_WORKER
    start_method: Optional[str] = None  # "fork" (default on Linux) or "spawn"


@dataclass
class BatchReport:
    output: Path
    store: Path
    records: int = 0  # lines written
    annotated: int = 0  # records with a successful annotation
    with_errors: int = 0
    inputs: int = 0
    chars: int = 0  # characters of the annotated documents written
    duplicates: int = 0  # occurrences listed in also_in instead of written again
    new: int = 0  # documents annotated in this run
    new_chars: int = 0
    reused: int = 0  # documents whose stored result was used
    failed: int = 0  # documents that failed in this run (component error or dead workers)
    files_skipped: int = 0  # input files not read again (all done in an earlier run)
    workers: int = 0
    workers_replaced: int = 0
    seconds: float = 0.0  # reading + annotating + writing, without loading the pipeline
    seconds_write: float = 0.0
    seconds_load: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of this process and its worker processes over `seconds`
    memory: Dict[str, Any] = field(default_factory=dict)
    errors: List[str] = field(default_factory=list)  # first error messages, "path: message"

    @property
    def chars_per_s(self) -> float:
        return self.new_chars / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------------------------------------------
# Keys, contexts, fingerprints


def document_key(art: Article) -> str:
    """The store key: the text hash (the id), or the given JSONL id plus the text hash."""
    h = text_id(art.text.text)
    return h if art.id == h else f"{art.id}|{h}"


def _dumps(obj) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False)
    except TypeError:  # an odd metadata value (a YAML date...): stringify rather than lose the document
        return json.dumps(obj, ensure_ascii=False, default=str)


def article_ctx(art: Article, fingerprint: str) -> str:
    """Everything besides the text that the record of `art` depends on, hashed with the annotator's fingerprint."""
    h = hashlib.sha1(fingerprint.encode())
    h.update(json.dumps([art.id, art.source, art.errors, art.normalization], ensure_ascii=False, sort_keys=True,
                        default=str).encode("utf-8", "surrogatepass"))
    h.update(art.text.map_bytes())
    return h.hexdigest()


def also_in_entry(art: Article) -> Dict:
    entry = dict(art.source)
    if art.errors:
        entry["errors"] = list(art.errors)
    return entry


def annotator_fingerprint(model: Optional[Path] = None) -> str:
    """A content hash of what decides a record: the annotation code, its lexicons and the saved pipeline.

    Content-based (not mtimes), so that Dask workers with the same code and model agree with the client.
    Files over 4 MB (the pkuseg weights) are hashed by size and their first and last megabyte.
    """
    from .model_setup import DEFAULT_PIPELINE

    h = hashlib.sha1(f"zhevents-store-{STORE_SCHEMA}".encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".tsv", ".txt") and "__pycache__" not in p.parts \
                and p.name not in _NOT_ANNOTATION_CODE:
            h.update(str(p.relative_to(pkg)).encode())
            h.update(p.read_bytes())
    root = Path(model) if model else DEFAULT_PIPELINE
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if not p.is_file():
                continue
            size = p.stat().st_size
            h.update(f"{p.relative_to(root)}\0{size}\0".encode())
            with open(p, "rb") as fh:
                if size <= 4 << 20:
                    h.update(fh.read())
                else:
                    h.update(fh.read(1 << 20))
                    fh.seek(-(1 << 20), os.SEEK_END)
                    h.update(fh.read())
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("spacy", "spacy-pkuseg", "opencc"):
        try:
            h.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:  # pragma: no cover
            pass
    return h.hexdigest()[:20]


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------------------
# Annotating a batch (runs in workers)


def fast_tokens(doc) -> List[List[int]]:
    """`[start, end, orig_start, orig_end]` per token, equal to `document.record(...)["tokens"]`.

    The record's own code goes through `Token._.orig_start` (two extension getters per token); this is the
    same computation (min of the start map and max of the end map over the token's characters) with numpy.
    """
    import numpy as np
    from spacy.attrs import IDX, LENGTH

    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([IDX, LENGTH]).astype(np.int64)
    starts, ends = doc._.orig_starts, doc._.orig_ends
    out = np.empty((n, 4), dtype=np.int64)
    out[:, 0] = arr[:, 0]
    out[:, 1] = arr[:, 0] + arr[:, 1]
    if starts is None:
        out[:, 2], out[:, 3] = out[:, 0], out[:, 1]
        return out.tolist()
    if (arr[:, 1] <= 0).any() or int(out[-1, 1]) > len(starts):  # never with spaCy tokens; the exact slow path
        return [[t.idx, t.idx + len(t.text), t._.orig_start, t._.orig_end] for t in doc]
    s = np.fromiter(starts, dtype=np.int64, count=len(starts))
    e = np.fromiter(ends, dtype=np.int64, count=len(ends))
    s = np.append(s, 0)  # sentinel: reduceat indices must stay inside the array
    e = np.append(e, 0)
    idx = np.empty(2 * n, dtype=np.int64)
    idx[0::2], idx[1::2] = out[:, 0], out[:, 1]
    out[:, 2] = np.minimum.reduceat(s, idx)[0::2]
    out[:, 3] = np.maximum.reduceat(e, idx)[0::2]
    return out.tolist()


def docbin_bytes(doc) -> bytes:
    """One document as DocBin bytes, with its user data but without the per-character offset maps."""
    from spacy.tokens import DocBin

    for name in ("orig_starts", "orig_ends", "ent_cands"):
        doc.user_data.pop(("._.", name, None, None), None)
    db = DocBin(store_user_data=True)
    db.add(doc)
    return db.to_bytes()


# A result travels as a plain tuple (cheap to pickle):
# (key, status, chars, errors, body_z, tokens_z, docbin, error, traceback)
R_KEY, R_STATUS, R_CHARS, R_ERRORS, R_BODY, R_TOKENS, R_DOCBIN, R_ERROR, R_TB = range(9)


def _tb_summary(exc: BaseException, limit: int = 3) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-limit:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))


def _result(art: Article, key: str, doc, want_tokens: bool, want_docbin: bool, error: Optional[str] = None,
            tb: str = "") -> tuple:
    from .document import record

    try:
        rec = record(art, doc, with_tokens=False)
        body = _dumps(rec)
        toks = _dumps(fast_tokens(doc)) if (want_tokens and doc is not None) else None
        db = docbin_bytes(doc) if (want_docbin and doc is not None) else None
    except Exception as exc:  # serializing failed: an error record rather than a lost document
        if doc is None:
            raise
        msg = f"pipeline failed in the record writer: {type(exc).__name__}: {exc} (at {_tb_summary(exc)})"
        art.errors.append(msg)
        return _result(art, key, None, want_tokens, want_docbin, msg, traceback.format_exc())
    status = "done" if doc is not None else "failed"
    return (key, status, len(art.text), rec["errors"], zlib.compress(body.encode("utf-8", "surrogatepass"), 1),
            zlib.compress(toks.encode(), 1) if toks is not None else None, db, error, tb)


def annotate_articles(nlp, arts: List[Article], want_tokens: bool = True, want_docbin: bool = False) -> List[tuple]:
    """Annotate a batch; a document that makes a component raise gets an error result, the others go on.

    The batch runs as `document.run_each` runs it: only a document that makes a component raise is an
    error, with the component's name and a traceback summary.
    """
    from .document import run_each

    keys = [document_key(a) for a in arts]
    out = []
    for key, (art, doc, failed) in zip(keys, run_each(nlp, arts)):
        if failed is None:
            out.append(_result(art, key, doc, want_tokens, want_docbin))
            continue
        stage, exc, tb = failed
        msg = f"pipeline failed in {stage}: {type(exc).__name__}: {exc} (at {_tb_summary(exc)})"
        art.errors.append(msg)
        out.append(_result(art, key, None, want_tokens, want_docbin, msg, tb))
    return out


WARM_UP_TEXT = ("新华社北京4月3日电 4月3日，国务院副总理孙春兰在吉林省长春市主持召开会议，研究部署疫情防控工作。"
                "她强调，要坚决落实应检尽检、应隔尽隔，全力做好核酸检测。会上，长春市委书记汇报了有关情况。"
                "截至4月2日24时，全省累计报告本土确诊病例956例。")


def warm_up(nlp) -> None:
    """Run the pipeline once on a made-up story: lazy imports, compiled regular expressions and caches are
    then in memory before the workers are forked from this process (each would pay for them otherwise)."""
    from .reader import articles_from_text

    try:
        arts = list(articles_from_text(WARM_UP_TEXT, {"path": "<warm-up>", "format": "txt", "encoding": "utf-8"},
                                       "txt", [], None))
        annotate_articles(nlp, arts, True, False)
    except Exception:  # a warm-up must never stop a run; the real documents will show any problem
        pass


def _failed_result(art: Article, key: str, msg: str) -> tuple:
    art.errors.append(msg)
    return _result(art, key, None, False, False, msg, "")


def memory_sample(pid: Optional[int] = None) -> Dict[str, float]:
    """RSS, PSS and private (USS) memory in MB from /proc/PID/smaps_rollup (Linux), with peak RSS when pid is None."""
    out: Dict[str, float] = {}
    path = f"/proc/{pid or 'self'}/smaps_rollup"
    try:
        with open(path) as fh:
            vals = {}
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    vals[parts[0][:-1]] = int(parts[1])
        out = {"rss_mb": vals.get("Rss", 0) / 1024, "pss_mb": vals.get("Pss", 0) / 1024,
               "uss_mb": (vals.get("Private_Clean", 0) + vals.get("Private_Dirty", 0)) / 1024}
    except OSError:
        pass
    if pid is None:
        import resource

        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


class _MemSampler:
    def __init__(self, interval: float = MEMORY_SAMPLE_INTERVAL):
        self.interval, self.last = interval, 0.0

    def due(self) -> Optional[Dict[str, float]]:
        now = time.monotonic()
        if now - self.last < self.interval:
            return None
        self.last = now
        m = memory_sample()
        m["pid"] = os.getpid()
        return m


# ---------------------------------------------------------------------------------------------------
# Executors: in this process, forked workers, Dask


class InlinePool:
    """`--workers 0`: annotate in this process (debugging, platforms without processes)."""

    def __init__(self, nlp, want_tokens: bool, want_docbin: bool):
        self.nlp, self.want_tokens, self.want_docbin = nlp, want_tokens, want_docbin
        self.queue: deque = deque()
        self.n_workers, self.replaced = 0, 0

    def has_capacity(self) -> bool:
        return not self.queue

    def submit(self, bid: int, arts: List[Article]) -> None:
        self.queue.append((bid, arts))

    def poll(self, timeout: float) -> List[tuple]:
        if not self.queue:
            return []
        bid, arts = self.queue.popleft()
        return [("done", bid, annotate_articles(self.nlp, arts, self.want_tokens, self.want_docbin), None)]

    def pids(self) -> List[int]:
        return []

    def close(self) -> None:
        self.queue.clear()


# State a forked worker inherits from the parent (set before forking; never used in the parent itself).
_FORK_NLP = None
_PARENT_CONNS: List[Any] = []


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


def _worker_main(task_r, res_w, model: Optional[str], want_tokens: bool, want_docbin: bool, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for c in _PARENT_CONNS:  # the parent's ends of every worker's pipes, inherited by fork
        try:
            c.close()
        except OSError:
            pass
    nlp = _FORK_NLP
    if nlp is None:
        from .model_setup import load_pipeline

        nlp = load_pipeline(Path(model) if model else None)
        warm_up(nlp)
    inbox: "queue.Queue" = queue.Queue()

    def receive() -> None:  # drain the task pipe at once, so that the parent never blocks on a send
        while True:
            try:
                msg = task_r.recv()
            except (EOFError, OSError):
                msg = None
            inbox.put(msg)
            if msg is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    sampler = _MemSampler()
    while True:
        msg = inbox.get()
        if msg is None:
            break
        bid, arts = msg
        results = annotate_articles(nlp, arts, want_tokens, want_docbin)
        try:
            res_w.send((bid, results, sampler.due()))
        except (OSError, EOFError):
            break
    res_w.close()


@dataclass
class _Worker:
    wid: int
    proc: Any
    task_w: Any
    res_r: Any
    inflight: Dict[int, List[Article]] = field(default_factory=dict)
    docs: int = 0
    retiring: bool = False

    def ask_to_stop(self) -> None:
        """The end-of-work message; a worker whose pipe is gone has stopped already."""
        try:
            self.task_w.send(None)
        except (OSError, ValueError):
            pass

    def reap(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the process to end, then kill it."""
        self.proc.join(timeout=timeout)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def _exit_reason(code: Optional[int]) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class LocalPool:
    """Worker processes on this machine, forked from a parent that holds the loaded pipeline.

    Each worker has a task pipe (drained by a thread in the worker) and a result pipe; the parent waits
    on all result pipes and process sentinels at once, so it sees a dead worker at once, knows which
    batches it held, and forks a replacement.
    """

    def __init__(self, n: int, nlp, model: Optional[Path], want_tokens: bool, want_docbin: bool,
                 max_docs_per_worker: int = DEFAULT_MAX_DOCS_PER_WORKER, start_method: Optional[str] = None):
        import multiprocessing as mp

        global _FORK_NLP
        method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
        self.ctx = mp.get_context(method)
        self.fork = method == "fork"
        self.model = str(model) if model else None
        self.want_tokens, self.want_docbin = want_tokens, want_docbin
        self.max_docs = max_docs_per_worker
        self.n_workers = n
        self.workers: List[_Worker] = []
        self.replaced = 0
        self._next_wid = 0
        self._deaths_without_progress = 0
        self.closing = False
        if self.fork:
            _FORK_NLP = nlp
            warm_up(nlp)
            gc.collect()
            gc.freeze()  # the collector no longer writes into the pipeline's objects: their pages stay shared
        for _ in range(n):
            self._spawn()

    def _spawn(self) -> None:
        task_r, task_w = self.ctx.Pipe(duplex=False)
        res_r, res_w = self.ctx.Pipe(duplex=False)
        _PARENT_CONNS.extend([task_w, res_r])
        sys.stdout.flush()
        sys.stderr.flush()
        proc = self.ctx.Process(target=_worker_main, name=f"zhevents-worker-{self._next_wid}", daemon=True,
                                args=(task_r, res_w, self.model, self.want_tokens, self.want_docbin, os.getpid()))
        proc.start()
        task_r.close()
        res_w.close()
        self.workers.append(_Worker(self._next_wid, proc, task_w, res_r))
        self._next_wid += 1

    def pids(self) -> List[int]:
        return [w.proc.pid for w in self.workers if w.proc.pid]

    def has_capacity(self) -> bool:
        return any(not w.retiring and len(w.inflight) < IN_FLIGHT_PER_WORKER for w in self.workers)

    def submit(self, bid: int, arts: List[Article]) -> None:
        w = min((w for w in self.workers if not w.retiring), key=lambda w: len(w.inflight))
        w.inflight[bid] = arts
        w.docs += len(arts)
        if w.docs >= self.max_docs:
            w.retiring = True  # a fresh fork takes over once its batches are back
        try:
            w.task_w.send((bid, arts))
        except (OSError, ValueError):
            pass  # it died: its sentinel reports it and the batch is retried

    def poll(self, timeout: float) -> List[tuple]:
        from multiprocessing.connection import wait

        objs: Dict[Any, Tuple[_Worker, bool]] = {}
        for w in self.workers:
            objs[w.res_r] = (w, True)
            objs[w.proc.sentinel] = (w, False)
        events: List[tuple] = []
        dead: List[_Worker] = []
        for r in wait(list(objs), timeout):
            w, is_pipe = objs[r]
            if w in dead:
                continue
            if is_pipe:
                try:
                    while w.res_r.poll():
                        events.append(self._done(w, w.res_r.recv()))
                except (EOFError, OSError):
                    dead.append(w)
            else:
                dead.append(w)
        for w in dead:
            events.extend(self._bury(w))
        for w in list(self.workers):
            if w.retiring and not w.inflight:
                self._retire(w)
        return events

    def _done(self, w: _Worker, msg) -> tuple:
        bid, results, mem = msg
        w.inflight.pop(bid, None)
        self._deaths_without_progress = 0
        if mem:
            mem["worker"] = w.wid
        return ("done", bid, results, mem)

    def _bury(self, w: _Worker) -> List[tuple]:
        events = []
        try:  # results it finished before dying are still in the pipe
            while w.res_r.poll():
                events.append(self._done(w, w.res_r.recv()))
        except (EOFError, OSError):
            pass
        w.reap(5)
        reason = _exit_reason(w.proc.exitcode)
        for bid in list(w.inflight):
            events.append(("lost", bid, reason, None))
        w.inflight.clear()
        self._drop(w)
        if not self.closing:
            self._deaths_without_progress += 1
            if self._deaths_without_progress > 4 * max(1, self.n_workers) + MAX_ATTEMPTS:
                raise BatchError(f"worker processes keep dying ({reason}) without finishing any batch")
            self.replaced += 1
            self._spawn()
        return events

    def _drop(self, w: _Worker) -> None:
        for c in (w.task_w, w.res_r):
            try:
                c.close()
            except OSError:
                pass
            if c in _PARENT_CONNS:
                _PARENT_CONNS.remove(c)
        self.workers.remove(w)

    def _retire(self, w: _Worker) -> None:
        w.ask_to_stop()
        w.reap(10)
        self._drop(w)
        if not self.closing:
            self._spawn()

    def close(self) -> None:
        self.closing = True
        for w in self.workers:
            w.ask_to_stop()
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(timeout=max(0.1, deadline - time.monotonic()) if not w.inflight else 0.1)
        for w in list(self.workers):
            w.reap(0)
            self._drop(w)


# -- Dask -------------------------------------------------------------------------------------------

_DASK_STATE: Dict[str, Any] = {}
_DASK_LOCK = threading.Lock()


def _dask_pipeline(model: Optional[str]):
    """The pipeline of this Dask worker process, loaded once and cached (a lock serializes threads)."""
    with _DASK_LOCK:
        key = model or ""
        if key not in _DASK_STATE:
            from .model_setup import load_pipeline

            path = Path(model) if model else None
            if path is not None and not path.exists() and os.environ.get("ZHEVENTS_MODEL"):
                path = Path(os.environ["ZHEVENTS_MODEL"])
            nlp = load_pipeline(path)
            warm_up(nlp)
            _DASK_STATE[key] = (nlp, annotator_fingerprint(path), threading.Lock())
        return _DASK_STATE[key]


def _dask_warmup(model: Optional[str]) -> Tuple[str, int]:
    _, fp, _ = _dask_pipeline(model)
    return fp, os.getpid()


def _dask_task(model: Optional[str], want_tokens: bool, want_docbin: bool, arts: List[Article]):
    nlp, fp, lock = _dask_pipeline(model)
    with lock:
        results = annotate_articles(nlp, arts, want_tokens, want_docbin)
    mem = memory_sample()
    mem["pid"] = os.getpid()
    return fp, results, mem


class DaskPool:
    """Batches submitted to an existing Dask cluster; each worker process loads the pipeline once."""

    def __init__(self, address: str, model: Optional[Path], want_tokens: bool, want_docbin: bool,
                 timeout: float = 60.0):
        try:
            from distributed import Client
        except ImportError as exc:
            raise BatchError("--scheduler needs Dask's distributed package: pip install 'dask[distributed]'") from exc
        self.model = str(Path(model).resolve()) if model else None
        self.want_tokens, self.want_docbin = want_tokens, want_docbin
        self.run_id = uuid.uuid4().hex[:8]
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot connect to the Dask scheduler at {address}: {exc}") from exc
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            self.client.close()
            raise BatchError(f"the Dask cluster at {address} has no workers") from exc
        workers = list(self.client.nthreads())  # every worker (scheduler_info() may list only some)
        futs = [self.client.submit(_dask_warmup, self.model, key=f"zhevents-warmup-{self.run_id}-{i}", workers=[w],
                                   allow_other_workers=False, pure=False) for i, w in enumerate(workers)]
        try:
            infos = self.client.gather(futs)
        except Exception as exc:
            self.client.close()
            raise BatchError(f"the Dask workers cannot load the pipeline: {type(exc).__name__}: {exc}") from exc
        fps = {fp for fp, _ in infos}
        if len(fps) != 1:
            self.client.close()
            raise BatchError("the Dask workers run different pipelines (code or model): install the same zhevents "
                             "and models/zh_events on every worker")
        self.fingerprint = fps.pop()
        self.nthreads = max(1, sum(self.client.nthreads().values()))
        self.n_workers = len(workers)
        self.inflight: Dict[Any, int] = {}
        self.replaced = 0

    def has_capacity(self) -> bool:
        return len(self.inflight) < IN_FLIGHT_PER_WORKER * self.nthreads

    def submit(self, bid: int, arts: List[Article]) -> None:
        fut = self.client.submit(_dask_task, self.model, self.want_tokens, self.want_docbin, arts,
                                 key=f"zhevents-{self.run_id}-{bid}", pure=False)
        self.inflight[fut] = bid

    def poll(self, timeout: float) -> List[tuple]:
        deadline = time.monotonic() + timeout
        while True:  # polling: distributed.wait() would need this client to be the process-wide default
            done = [f for f in self.inflight if f.done()]
            if done or time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        events = []
        for f in done:
            bid = self.inflight.pop(f)
            if f.status == "finished":
                fp, results, mem = f.result()
                if fp != self.fingerprint:
                    raise BatchError("a Dask worker that joined during the run has a different pipeline (code or "
                                     "model) than the others")
                events.append(("done", bid, results, mem))
            else:
                exc = f.exception() if f.status == "error" else None
                if exc is None or type(exc).__name__ == "KilledWorker":
                    events.append(("lost", bid, f"Dask worker lost ({type(exc).__name__ if exc else f.status})", None))
                else:
                    raise BatchError(f"a Dask task failed: {type(exc).__name__}: {exc}")
            f.release()
        return events

    def pids(self) -> List[int]:
        return []

    def close(self) -> None:
        try:
            for f in list(self.inflight):
                f.cancel()
            self.client.close()
        except Exception:
            pass


# ---------------------------------------------------------------------------------------------------
# The store


_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(
    key TEXT PRIMARY KEY, ctx TEXT NOT NULL, status TEXT NOT NULL, chars INTEGER NOT NULL,
    has_errors INTEGER NOT NULL, body BLOB NOT NULL, tokens BLOB, docbin BLOB,
    error TEXT, traceback TEXT, attempts INTEGER NOT NULL DEFAULT 1, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    fidx INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, opts TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS occ(
    fidx INTEGER NOT NULL, k INTEGER NOT NULL, key TEXT, ctx TEXT, chars INTEGER NOT NULL, path TEXT,
    entry TEXT NOT NULL, PRIMARY KEY (fidx, k)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS occ_key ON occ(key, fidx, k);
"""


class Store:
    """The embedded SQLite store (see the module docstring).  Only the parent process uses it."""

    def __init__(self, path: Path, fresh: bool = False):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if fresh:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=2)
            self.db.execute("PRAGMA locking_mode=EXCLUSIVE")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA_SQL)
            self.db.execute("BEGIN IMMEDIATE")  # the exclusive lock is held from here on: one run per store
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(STORE_SCHEMA),))
            elif row[0] != str(STORE_SCHEMA):
                raise BatchError(f"the store {self.path} was made by another version of zhevents (schema {row[0]}): "
                                 "use --fresh to start it again, or --store for another one")
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise BatchError(f"the store {self.path} is in use by another `zhevents annotate` run (or another "
                                 "program has it open)") from exc
            raise BatchError(f"cannot use the store {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise BatchError(f"{self.path} is not a zhevents store ({exc}): use --fresh to replace it, "
                             "or --store for another file") from exc
        except OSError as exc:
            raise BatchError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self.last_commit = time.monotonic()

    # -- transactions
    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self.last_commit = time.monotonic()

    def close(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        finally:
            self.db.close()

    def rollback_and_close(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        try:
            self.db.close()
        except sqlite3.Error:
            pass

    # -- files
    def can_skip(self, fidx: int, path: str, stat: Tuple[int, int], opts: str, want_tokens: bool,
                 want_docbin: bool) -> bool:
        row = self.db.execute("SELECT path, size, mtime_ns, opts, complete FROM files WHERE fidx=?", (fidx,)).fetchone()
        if row is None or tuple(row) != (path, stat[0], stat[1], opts, 1):
            return False
        if self.db.execute("SELECT 1 FROM occ WHERE fidx=? AND key IS NULL LIMIT 1", (fidx,)).fetchone():
            return False  # unreadable stories: cheap to read again, and the cause may be gone
        bad = self.db.execute(
            """SELECT 1 FROM occ o WHERE o.fidx=? AND NOT EXISTS
                   (SELECT 1 FROM occ p WHERE p.key=o.key AND (p.fidx<o.fidx OR (p.fidx=o.fidx AND p.k<o.k)))
               AND NOT EXISTS
                   (SELECT 1 FROM docs d WHERE d.key=o.key AND d.ctx=o.ctx AND d.status='done'
                    AND (d.tokens IS NOT NULL OR ?=0) AND (d.docbin IS NOT NULL OR ?=0))
               LIMIT 1""", (fidx, int(want_tokens), int(want_docbin))).fetchone()
        return bad is None

    def file_summary(self, fidx: int) -> Tuple[int, int, int]:
        """(records it contributes, their characters, duplicates) for a skipped file."""
        rows = self.db.execute(
            """SELECT o.chars, EXISTS(SELECT 1 FROM occ p WHERE p.key=o.key
                                      AND (p.fidx<o.fidx OR (p.fidx=o.fidx AND p.k<o.k)))
               FROM occ o WHERE o.fidx=?""", (fidx,)).fetchall()
        recs = sum(1 for _, dup in rows if not dup)
        return recs, sum(c for c, dup in rows if not dup), len(rows) - recs

    def begin_file(self, fidx: int, path: str, stat: Optional[Tuple[int, int]], opts: str) -> None:
        self.db.execute("DELETE FROM occ WHERE fidx=?", (fidx,))
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, 0)",
                        (fidx, path, stat[0] if stat else None, stat[1] if stat else None, opts))

    def end_file(self, fidx: int) -> None:
        self.db.execute("UPDATE files SET complete=1 WHERE fidx=?", (fidx,))

    def truncate(self, fidx: int, k: int) -> None:
        """Forget everything at and after position (fidx, k): stale rows of a longer earlier run."""
        self.db.execute("DELETE FROM occ WHERE fidx>? OR (fidx=? AND k>=?)", (fidx, fidx, k))
        self.db.execute("DELETE FROM files WHERE fidx>?", (fidx,))
        if k == 0:
            self.db.execute("DELETE FROM files WHERE fidx=?", (fidx,))
        else:
            self.db.execute("UPDATE files SET complete=0 WHERE fidx=?", (fidx,))

    # -- occurrences and documents
    def add_occ(self, fidx: int, k: int, key: Optional[str], ctx: Optional[str], chars: int, path: Optional[str],
                entry: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO occ VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (fidx, k, key, ctx, chars, path, entry))

    def has_earlier(self, key: str, fidx: int, k: int) -> bool:
        return self.db.execute("SELECT 1 FROM occ WHERE key=? AND (fidx<? OR (fidx=? AND k<?)) LIMIT 1",
                               (key, fidx, fidx, k)).fetchone() is not None

    def lookup(self, key: str, ctx: str, fidx: int, k: int, want_tokens: bool, want_docbin: bool) -> Tuple[bool, bool]:
        """`(has_earlier(key, fidx, k), doc_ready(key, ctx, ...))` in one query (read once per story)."""
        row = self.db.execute(
            """SELECT EXISTS(SELECT 1 FROM occ WHERE key=? AND (fidx<? OR (fidx=? AND k<?))),
                      (SELECT ctx=? AND status='done' AND (tokens IS NOT NULL OR ?=0) AND (docbin IS NOT NULL OR ?=0)
                       FROM docs WHERE key=?)""",
            (key, fidx, fidx, k, ctx, int(want_tokens), int(want_docbin), key)).fetchone()
        return bool(row[0]), bool(row[1])

    def doc_ready(self, key: str, ctx: str, want_tokens: bool, want_docbin: bool) -> bool:
        row = self.db.execute("SELECT ctx, status, tokens IS NOT NULL, docbin IS NOT NULL FROM docs WHERE key=?",
                              (key,)).fetchone()
        return (row is not None and row[0] == ctx and row[1] == "done" and (row[2] or not want_tokens)
                and (row[3] or not want_docbin))

    def put_doc(self, key: str, ctx: str, res: tuple) -> None:
        # one statement: the attempts subquery is evaluated before REPLACE removes the previous row
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "COALESCE((SELECT attempts FROM docs WHERE key=?), 0) + 1, ?)",
                        (key, ctx, res[R_STATUS], res[R_CHARS], int(bool(res[R_ERRORS])), res[R_BODY], res[R_TOKENS],
                         res[R_DOCBIN], res[R_ERROR], res[R_TB] or None, key, time.time()))

    def ordered(self) -> Iterator[tuple]:
        """Records to write, in input order.

        Rows: (key, ctx, entry, n, dctx, status, has_errors, chars, body, tokens, docbin), `n` the number of
        occurrences of the key, `d...` from the key's stored result.
        """
        return self.db.execute(
            """SELECT w.key, w.ctx, w.entry, w.n, d.ctx, d.status, d.has_errors, d.chars, d.body, d.tokens, d.docbin
               FROM (SELECT fidx, k, key, ctx, entry,
                            ROW_NUMBER() OVER (PARTITION BY key ORDER BY fidx, k) AS rn,
                            COUNT(*) OVER (PARTITION BY key) AS n
                     FROM occ) w
               LEFT JOIN docs d ON w.key IS NOT NULL AND d.key = w.key
               WHERE w.key IS NULL OR w.rn = 1
               ORDER BY w.fidx, w.k""")

    def duplicates_of(self, key: str) -> List[str]:
        rows = self.db.execute("SELECT entry FROM occ WHERE key=? ORDER BY fidx, k", (key,)).fetchall()
        return [r[0] for r in rows[1:]]

    def n_inputs(self) -> int:
        return self.db.execute("SELECT COUNT(DISTINCT path) FROM occ").fetchone()[0]

    def n_occurrences(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM occ").fetchone()[0]


# ---------------------------------------------------------------------------------------------------
# Progress


def _fmt_eta(seconds: Optional[float]) -> str:
    if seconds is None or seconds != seconds or seconds < 0 or seconds > 360000 * 24:
        return "-:--:--"
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """Documents, characters per second and time left, as a bar (a terminal) or a log line (otherwise).

    The total is estimated from the input files' sizes (bytes) and the characters per byte seen so far.
    """

    def __init__(self, bar: bool, log: bool, log_interval: float = 30.0, console=None):
        self.bar, self.log, self.log_interval = bar, log, log_interval
        self.t0 = time.monotonic()
        self.total_bytes = 0
        self.bytes_read = 0
        self.chars_read = 0
        self.done_chars = 0
        self.docs = 0
        self.new_chars = 0
        self._hist: deque = deque()
        self._last_draw = 0.0
        self._last_log = time.monotonic()
        self._rich = None
        self._task = None
        if bar:
            from rich.console import Console
            from rich.progress import BarColumn, Progress as RichProgress, TaskProgressColumn, TextColumn

            self.console = console or Console(stderr=True)
            self._rich = RichProgress(TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
                                      TextColumn("{task.fields[docs]} docs"), TextColumn("{task.fields[rate]} chars/s"),
                                      TextColumn("ETA {task.fields[eta]}"), console=self.console, auto_refresh=False,
                                      transient=False)
        else:
            self.console = console

    def start(self, total_bytes: int, description: str = "annotating") -> None:
        self.total_bytes = total_bytes
        if self._rich is not None:
            self._rich.start()
            self._task = self._rich.add_task(description, total=None, docs="0", rate="-", eta=_fmt_eta(None))

    def print(self, msg: str, style: Optional[str] = None) -> bool:
        """Print above the bar; False when there is no bar (the caller prints itself)."""
        if self._rich is None:
            return False
        self._rich.console.print(msg, style=style, markup=False, highlight=False)
        return True

    def file_read(self, size: int, chars: int) -> None:
        self.bytes_read += size
        self.chars_read += chars

    def advance(self, docs: int, chars: int, new_chars: int = 0) -> None:
        self.docs += docs
        self.done_chars += chars
        self.new_chars += new_chars

    def estimate(self) -> Tuple[Optional[float], float, Optional[float]]:
        """(estimated total characters, chars/s of new work over the last 30 s, seconds left)."""
        now = time.monotonic()
        self._hist.append((now, self.new_chars))
        while len(self._hist) > 2 and now - self._hist[0][0] > 30:
            self._hist.popleft()
        t_first, c_first = self._hist[0]
        rate = (self.new_chars - c_first) / (now - t_first) if now - t_first > 0.5 else 0.0
        if rate <= 0 and now - self.t0 > 0:
            rate = self.new_chars / (now - self.t0)
        total = None
        if self.bytes_read and self.total_bytes:
            total = max(self.total_bytes * self.chars_read / self.bytes_read, self.done_chars)
        left = (total - self.done_chars) / rate if (total is not None and rate > 0) else None
        return total, rate, left

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if self._rich is not None and (force or now - self._last_draw >= 0.1):
            self._last_draw = now
            total, rate, left = self.estimate()
            self._rich.update(self._task, completed=self.done_chars, total=total, docs=f"{self.docs:,}",
                              rate=f"{rate:,.0f}", eta=_fmt_eta(left))
            self._rich.refresh()
        elif self.log and (force or now - self._last_log >= self.log_interval):
            self._last_log = now
            total, rate, left = self.estimate()
            pct = f" ({100 * self.done_chars / total:.0f} %)" if total else ""
            print(f"progress: {self.docs:,} documents, {self.done_chars:,} characters{pct}, {rate:,.0f} chars/s, "
                  f"ETA {_fmt_eta(left)}", file=sys.stderr, flush=True)

    def phase(self, description: str, total: int) -> None:
        """A second phase (writing the outputs), counted in occurrences."""
        if self._rich is not None:
            self.refresh(force=True)
            self._rich.update(self._task, description=description, completed=0, total=total, docs="0", rate="-",
                              eta=_fmt_eta(None))
            self._rich.refresh()

    def phase_advance(self, done: int, force: bool = False) -> None:
        if self._rich is not None and (force or time.monotonic() - self._last_draw >= 0.1):
            self._last_draw = time.monotonic()
            self._rich.update(self._task, completed=done, docs=f"{done:,}")
            self._rich.refresh()

    def stop(self) -> None:
        if self._rich is not None:
            self._rich.stop()


# ---------------------------------------------------------------------------------------------------
# The run


@dataclass
class _Task:
    key: str
    ctx: str
    art: Article


def _stat(path: str) -> Optional[Tuple[int, int]]:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime_ns
    except OSError:
        return None


def _read_one(path: str, error: Optional[str], option_date) -> Iterator[Article]:
    """The stories of one expanded input, exactly as `reader.read_articles` yields them."""
    if error:
        yield Article({"path": path}, None, [error])
        return
    try:
        yield from read_path(path, option_date)
    except Exception as exc:
        yield Article({"path": path}, None, [f"cannot read {path}: {type(exc).__name__}: {exc}"])


def _check_writable(paths: List[Path], dirs: List[Path]) -> None:
    """Fail before hours of work when an output cannot be written at all."""
    for p in paths:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            if p.is_dir():
                raise IsADirectoryError(21, "Is a directory")
            probe = p.with_name(p.name + ".partial")
            with open(probe, "w", encoding="utf-8"):
                pass
            probe.unlink()
        except OSError as exc:
            raise BatchError(f"cannot write {p}: {exc.strerror or exc}") from exc
    for d in dirs:
        try:
            d.mkdir(parents=True, exist_ok=True)
            probe = d / f".zhevents-probe-{os.getpid()}.partial"
            with open(probe, "w"):
                pass
            probe.unlink()
        except OSError as exc:
            raise BatchError(f"cannot write {d}: {exc.strerror or exc}") from exc


class _Engine:
    def __init__(self, opts: BatchOptions, store: Store, pool, fingerprint: str, progress: Progress,
                 report: BatchReport, warn: Callable[[str], None], on_event: Optional[Callable] = None):
        self.opts, self.store, self.pool, self.fp = opts, store, pool, fingerprint
        self.progress, self.report, self.warn, self.on_event = progress, report, warn, on_event
        self.want_tokens, self.want_docbin = opts.tokens, opts.docbin is not None
        self.pending: List[_Task] = []
        self.inflight: Dict[int, List[_Task]] = {}
        self.retry: deque = deque()
        self.attempts: Dict[str, int] = {}
        self.next_bid = 0
        self.n_out = 0  # records the output will have so far (limit)
        self.memory: Dict[str, Dict[str, float]] = {}
        self.parent_sampler = _MemSampler()

    # -- reading
    def limit_hit(self) -> bool:
        return bool(self.opts.limit) and self.n_out >= self.opts.limit

    def read_all(self) -> None:
        from .dates import parse_date_value

        option_date = parse_date_value(self.opts.date) if self.opts.date else None
        file_opts = hashlib.sha1(f"{self.fp}\0{self.opts.date!r}".encode()).hexdigest()[:20]
        stop = None
        n_files = 0
        for fidx, (path, err) in enumerate(_expand(self.opts, self.warn)):
            n_files = fidx + 1
            if self.limit_hit():
                stop = (fidx, 0)
                break
            self.pump(0)
            stat = None if err else _stat(path)
            if stat and self.store.can_skip(fidx, path, stat, file_opts, self.want_tokens, self.want_docbin):
                recs, chars, dups = self.store.file_summary(fidx)
                if not self.opts.limit or self.n_out + recs <= self.opts.limit:
                    self.n_out += recs
                    self.report.files_skipped += 1
                    self.report.reused += recs
                    self.progress.file_read(stat[0], chars)
                    self.progress.advance(recs + dups, chars)
                    continue
            self.store.begin_file(fidx, path, stat, file_opts)
            k, chars = 0, 0
            for k, art in enumerate(_read_one(path, err, option_date)):
                chars += len(art.text) if art.text is not None else 0
                self.handle(fidx, k, art)
                if self.limit_hit():
                    break
                self.pump(0)
            if self.limit_hit():
                stop = (fidx, k + 1)
                self.progress.file_read(stat[0] if stat else 0, chars)
                break
            self.store.end_file(fidx)
            self.progress.file_read(stat[0] if stat else 0, chars)
            if time.monotonic() - self.store.last_commit > COMMIT_INTERVAL:
                self.store.commit()
        self.store.truncate(*(stop or (n_files, 0)))
        self.flush_pending()
        while self.inflight or self.retry:
            self.feed()
            self.pump(0.5)
        self.store.commit()
        m = memory_sample()  # the parent's memory while the workers still share its pages
        self._note_memory(dict(m, worker="parent", pid=os.getpid()))

    def handle(self, fidx: int, k: int, art: Article) -> None:
        from .document import record

        path = art.source.get("path")
        if not art.ok:
            rec = record(art, None, with_tokens=False)
            self.store.add_occ(fidx, k, None, None, 0, path, _dumps(rec))
            self.n_out += 1
            self.progress.advance(1, 0)
            self._warn_record(path, rec["errors"])
            return
        key = document_key(art)
        ctx = article_ctx(art, self.fp)
        n = len(art.text)
        earlier, ready = self.store.lookup(key, ctx, fidx, k, self.want_tokens, self.want_docbin)
        self.store.add_occ(fidx, k, key, ctx, n, path, _dumps(also_in_entry(art)))
        if earlier:
            self.progress.advance(1, n)
            return
        self.n_out += 1
        if ready:
            self.report.reused += 1
            self.progress.advance(1, n)
            return
        self.pending.append(_Task(key, ctx, art))
        if len(self.pending) >= self.opts.batch_size:
            self.flush_pending()

    def _warn_record(self, path, errors) -> None:
        if errors:
            msg = f"{path}: {'; '.join(errors)}"
            if len(self.report.errors) < 100:
                self.report.errors.append(msg)
            self.warn(msg)

    # -- dispatching
    def flush_pending(self) -> None:
        if self.pending:
            tasks, self.pending = self.pending, []
            self.retry.append(tasks)
            self.feed(block=True)

    def feed(self, block: bool = False) -> None:
        """Submit queued batches while workers have room; with block, until the queue is empty."""
        while self.retry:
            if not self.pool.has_capacity():
                if not block:
                    return
                self.pump(0.5)
                continue
            tasks = self.retry.popleft()
            bid = self.next_bid
            self.next_bid += 1
            self.inflight[bid] = tasks
            self.pool.submit(bid, [t.art for t in tasks])

    def pump(self, timeout: float) -> None:
        events = self.pool.poll(timeout)
        for kind, bid, payload, mem in events:
            tasks = self.inflight.pop(bid)
            if kind == "done":
                for task, res in zip(tasks, payload):
                    if res[R_KEY] != task.key:  # pragma: no cover (a bug, not a fault)
                        raise BatchError(f"internal error: result for {res[R_KEY]} where {task.key} was expected")
                    self.finish(task, res)
            else:
                self.lost(tasks, payload)
            if mem:
                self._note_memory(mem)
        m = self.parent_sampler.due()
        if m:
            self._note_memory(dict(m, worker="parent"))
        if events and self.on_event:
            self.on_event(self)
        if events or time.monotonic() - self.store.last_commit > COMMIT_INTERVAL:
            self.store.commit()
        self.progress.refresh()

    def finish(self, task: _Task, res: tuple) -> None:
        self.store.put_doc(task.key, task.ctx, res)
        if res[R_STATUS] == "done":
            self.report.new += 1
            self.report.new_chars += res[R_CHARS]
            self.progress.advance(1, res[R_CHARS], res[R_CHARS])
        else:
            self.report.failed += 1
            self.progress.advance(1, res[R_CHARS])
        self._warn_record(task.art.source.get("path"), res[R_ERRORS])

    def lost(self, tasks: List[_Task], reason: str) -> None:
        if len(tasks) > 1:  # find the culprit, if any: retry one by one
            for t in tasks:
                self.retry.append([t])
            return
        (t,) = tasks
        self.attempts[t.key] = self.attempts.get(t.key, 0) + 1
        if self.attempts[t.key] >= MAX_ATTEMPTS:
            msg = f"worker process died ({reason}) while annotating this document, {MAX_ATTEMPTS} times"
            self.finish(t, _failed_result(t.art, t.key, msg))
        else:
            self.retry.appendleft([t])

    def _note_memory(self, m: Dict) -> None:
        name = str(m.get("worker", m.get("pid")))
        cur = self.memory.setdefault(name, {"pid": m.get("pid")})
        cur["pid"] = m.get("pid", cur.get("pid"))
        for k in ("rss_mb", "pss_mb", "uss_mb", "peak_rss_mb"):
            if k in m:
                name = k if k == "peak_rss_mb" else "peak_" + k
                cur[name] = max(cur.get(name, 0.0), m[k])


def _expand(opts: BatchOptions, warn: Optional[Callable[[str], None]] = None) -> Iterator[Tuple[str, Optional[str]]]:
    """The expanded inputs, without this run's own output (an output inside an input directory)."""
    own = {os.path.realpath(opts.output), os.path.realpath(str(opts.output) + ".partial")}
    for path, err in expand_inputs(opts.inputs):
        if not err and os.path.realpath(path) in own:
            if warn:
                warn(f"{path}: not read: it is this run's output")
            continue
        yield path, err


def _total_bytes(opts: BatchOptions) -> int:
    total = 0
    for path, err in _expand(opts):
        if not err:
            st = _stat(path)
            total += st[0] if st else 0
    return total


class _JsonlWriter:
    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(path.name + ".partial")
        self.fh = open(self.tmp, "w", encoding="utf-8")

    def write(self, line: str) -> None:
        self.fh.write(line)
        self.fh.write("\n")

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def commit(self) -> None:
        os.replace(self.tmp, self.path)
        try:
            fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass

    def abort(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)


def write_outputs(store: Store, opts: BatchOptions, report: BatchReport, progress: Optional[Progress] = None) -> None:
    """Write OUT.jsonl (and the tables and DocBin files) from the store, in input order, atomically."""
    writers: List[Any] = []
    try:
        out = _JsonlWriter(opts.output)
        writers.append(out)
        tables = docbin = None
        if opts.tables is not None:
            from .tables import TablesWriter

            tables = TablesWriter(opts.tables)
            writers.append(tables)
        if opts.docbin is not None:
            from .tables import DocBinWriter

            docbin = DocBinWriter(opts.docbin)
            writers.append(docbin)
        if progress:
            progress.phase("writing", store.n_occurrences())
        done = 0
        for key, ctx, entry, n, dctx, status, has_errors, chars, body, tokens, dbin in store.ordered():
            done += 1 if key is None else n
            if key is None:  # an input that could not be read: the whole record is in the occurrence
                line = entry
                report.with_errors += 1
            else:
                if dctx != ctx or status is None:
                    raise BatchError(f"internal error: the store has no result for {key} (run again; if it "
                                     "persists, use --fresh)")
                line = zlib.decompress(body).decode("utf-8", "surrogatepass")
                tail = []
                if opts.tokens and status == "done":
                    if tokens is None:
                        raise BatchError(f"internal error: the store has no tokens for {key}")
                    tail.append(', "tokens": ' + zlib.decompress(tokens).decode())
                if n > 1:
                    tail.append(', "also_in": [' + ", ".join(store.duplicates_of(key)) + "]")
                    report.duplicates += n - 1
                if tail:
                    line = line[:-1] + "".join(tail) + "}"
                if status == "done":
                    report.annotated += 1
                    report.chars += chars
                if has_errors:
                    report.with_errors += 1
                if docbin is not None and dbin is not None:
                    docbin.add(dbin)
            out.write(line)
            report.records += 1
            if tables is not None and (key is not None and status == "done"):
                tables.add(json.loads(line))
            if progress:
                progress.phase_advance(done)
        if progress:
            progress.phase_advance(done, force=True)
        for w in writers:
            w.close()
        for w in writers[1:] + writers[:1]:  # OUT.jsonl last: its presence means everything is there
            w.commit()
    except OSError as exc:
        for w in writers:
            w.abort()
        target = getattr(exc, "filename", None) or opts.output
        raise BatchError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        for w in writers:
            w.abort()
        raise
    report.inputs = store.n_inputs()


def _cpu_seconds() -> float:
    """User + system time of this process and of its children that have been waited for."""
    import resource

    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _store_error(exc: sqlite3.Error, path: Path) -> BatchError:
    msg = str(exc)
    if "full" in msg or "disk" in msg or "I/O" in msg:
        return BatchError(f"cannot write the store {path}: {msg} (what was done is kept: free some space and run "
                          "the same command again)")
    return BatchError(f"store {path}: {msg}")


def run_batch(opts: BatchOptions, nlp=None, warn: Optional[Callable[[str], None]] = None,
              on_event: Optional[Callable] = None, console=None) -> BatchReport:
    """Annotate `opts.inputs` into `opts.output` (see the module docstring).  Raises BatchError.

    `nlp`: an already loaded pipeline (otherwise `opts.model` is loaded; Dask workers load their own).
    `warn`: called with each error record's message.  `on_event`: called with the engine after results
    arrive (tests use it to kill workers at chosen moments).
    """
    from .model_setup import load_pipeline

    opts.output = Path(opts.output)
    store_path = Path(opts.store) if opts.store else opts.output.with_name(opts.output.name + ".store.sqlite")
    report = BatchReport(output=opts.output, store=store_path)
    dirs = [Path(d) for d in (opts.tables, opts.docbin) if d is not None]
    _check_writable([opts.output], dirs)
    store = Store(store_path, fresh=opts.fresh)
    pool = None
    progress = Progress(opts.progress and not opts.quiet, opts.log_progress and not opts.quiet, opts.log_interval,
                        console=console)

    def _warn(msg: str) -> None:
        if opts.quiet:
            return
        if not progress.print(f"warning: {msg}", style="yellow") and warn:
            warn(msg)

    old_term = None
    if threading.current_thread() is threading.main_thread():
        def _on_term(signum, frame):
            raise KeyboardInterrupt

        old_term = signal.signal(signal.SIGTERM, _on_term)
    ok = False
    try:
        t_load = time.perf_counter()
        want_docbin = opts.docbin is not None
        if opts.scheduler:
            pool = DaskPool(opts.scheduler, opts.model, opts.tokens, want_docbin)
            fp = pool.fingerprint
        else:
            if nlp is None:
                nlp = load_pipeline(opts.model)
            fp = annotator_fingerprint(opts.model)
            n = default_workers() if opts.workers is None else opts.workers
            if n <= 0:
                pool = InlinePool(nlp, opts.tokens, want_docbin)
            else:
                pool = LocalPool(n, nlp, opts.model, opts.tokens, want_docbin, opts.max_docs_per_worker,
                                 opts.start_method)
        report.workers = pool.n_workers
        report.seconds_load = time.perf_counter() - t_load
        t0 = time.perf_counter()
        cpu0 = _cpu_seconds()
        progress.start(_total_bytes(opts) if (progress.bar or progress.log) else 0)
        engine = _Engine(opts, store, pool, fp, progress, report, _warn, on_event)
        engine.read_all()
        pool.close()
        report.workers_replaced = pool.replaced
        t_write = time.perf_counter()
        write_outputs(store, opts, report, progress)
        report.seconds_write = time.perf_counter() - t_write
        report.seconds = time.perf_counter() - t0
        report.cpu_seconds = _cpu_seconds() - cpu0
        report.memory = engine.memory
        ok = True
    except KeyboardInterrupt:
        raise BatchInterrupted(f"interrupted: the documents done so far are kept in {store_path}; run the same "
                               "command again to resume") from None
    except sqlite3.Error as exc:
        raise _store_error(exc, store_path) from exc
    except OSError as exc:
        raise BatchError(f"cannot write {getattr(exc, 'filename', None) or store_path}: {exc.strerror or exc}") from exc
    finally:
        progress.stop()
        if pool is not None:
            pool.close()
        if ok:
            try:
                store.close()
            except sqlite3.Error as exc:
                raise _store_error(exc, store_path) from exc
        else:
            try:  # keep what was committed; the open transaction holds only occurrences of half-read files
                store.db.execute("COMMIT")
            except sqlite3.Error:
                pass
            store.rollback_and_close()
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
    return report
