"""Batch annotation (pipeline/batch.py): order, dedup, resume after kills, faults, Dask, tables, memory.

The in-process tests share the session pipeline (`nlp` fixture) and fork workers from the test process;
the command-line tests run `zhevents annotate` as a user would and kill it.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import SEEDS, XWLB, seed
from pipeline.batch import BatchError, BatchOptions, Progress, Store, fast_tokens, memory_sample, run_batch
from pipeline.reader import read_articles

EXE = Path(sys.executable).with_name("zhevents")
XW = sorted(str(p) for p in XWLB.glob("*.md"))


def zhevents(*args, check=True, **kw):
    proc = subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=600, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def lines(path):
    return Path(path).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def dup_dir(tmp_path_factory):
    """A second copy of seed 002 under another name: the same three stories met twice."""
    d = tmp_path_factory.mktemp("dups")
    shutil.copy(seed(2), d / "copy_of_002.txt")
    return d


@pytest.fixture(scope="module")
def small(dup_dir):
    return [str(SEEDS), str(dup_dir), *XW[:3]]


@pytest.fixture(scope="module")
def reference(nlp, small, tmp_path_factory):
    """The single-process (in this process, no workers) output of `small`."""
    out = tmp_path_factory.mktemp("ref") / "out.jsonl"
    rep = run_batch(BatchOptions(small, out, workers=0, quiet=True), nlp=nlp)
    return out, rep


def opts(inputs, out, **kw):
    kw.setdefault("quiet", True)
    return BatchOptions(list(map(str, inputs)), Path(out), **kw)


# ---------------------------------------------------------------------------------------------------
# Records


def test_records_are_the_spec_records_of_document_record(nlp, tmp_path):
    """Without duplicates, each line is exactly json.dumps(document.record(...)), tokens included."""
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    expected = [json.dumps(record(a, d), ensure_ascii=False) for a, d in annotate(nlp, read_articles([str(SEEDS)]))]
    out = tmp_path / "seeds.jsonl"
    rep = run_batch(opts([SEEDS], out, workers=0), nlp=nlp)
    assert lines(out) == expected
    assert (rep.records, rep.annotated, rep.with_errors, rep.inputs) == (14, 14, 0, 5)
    run_batch(opts([SEEDS], tmp_path / "nt.jsonl", workers=0, tokens=False, fresh=True), nlp=nlp)
    assert all("tokens" not in json.loads(l) for l in lines(tmp_path / "nt.jsonl"))


def test_fast_token_offsets_equal_the_records(nlp):
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    n = 0
    for art, doc in annotate(nlp, read_articles([str(SEEDS), XW[5]])):
        assert fast_tokens(doc) == record(art, doc)["tokens"]
        n += len(doc)
    assert n > 5000


# ---------------------------------------------------------------------------------------------------
# Order, duplicates, resume


def test_parallel_output_equals_single_process_and_duplicates_are_written_once(nlp, small, reference, tmp_path,
                                                                               dup_dir):
    ref, ref_rep = reference
    out = tmp_path / "par.jsonl"
    rep = run_batch(opts(small, out, workers=2, batch_size=3), nlp=nlp)
    assert out.read_bytes() == ref.read_bytes()
    assert rep.workers == 2 and rep.new == rep.annotated == ref_rep.annotated
    docs = [json.loads(l) for l in lines(out)]
    assert len({d["id"] for d in docs}) == len(docs)  # never a document twice
    dups = [d for d in docs if "also_in" in d]
    assert len(dups) == 3 == rep.duplicates
    for d in dups:  # annotated once, at its first occurrence (seed 002); the copy is listed
        assert Path(d["source"]["path"]).name.startswith("002_")
        (other,) = d["also_in"]
        assert other["path"] == str(dup_dir / "copy_of_002.txt") and other["story"] == d["source"]["story"]
        assert d["entities"]
    assert list(docs[0]) == ["schema", "id", "source", "text", "entities", "frames", "errors", "normalization",
                             "tokens"]

    # A re-run annotates nothing, reads no file again, and writes the same bytes.
    rep2 = run_batch(opts(small, out, workers=2), nlp=nlp)
    assert (rep2.new, rep2.reused, rep2.failed) == (0, rep.annotated, 0)
    assert rep2.files_skipped == 5 + 1 + 3 and out.read_bytes() == ref.read_bytes()


def test_a_changed_input_is_read_again_and_the_rest_is_not(nlp, tmp_path):
    a, b = tmp_path / "in" / "a.txt", tmp_path / "in" / "b.txt"
    a.parent.mkdir()
    shutil.copy(seed(2), a)
    shutil.copy(seed(0), b)
    out = tmp_path / "out.jsonl"
    first = run_batch(opts([a.parent], out, workers=0), nlp=nlp)
    assert first.new == 3 + 8
    text = seed(0).read_text(encoding="utf-8") + "\n本报讯 长春市今天召开新闻发布会，记者黄莺报道。\n"
    b.write_text(text, encoding="utf-8")  # one story more at the end (the page's last story changes too)
    second = run_batch(opts([a.parent], out, workers=0), nlp=nlp)
    assert second.files_skipped == 1 and second.new + second.reused == 3 + 9 and second.reused >= 3 + 6
    fresh = tmp_path / "fresh.jsonl"
    run_batch(opts([a.parent], fresh, workers=0), nlp=nlp)
    assert out.read_bytes() == fresh.read_bytes()
    # --limit: the first documents only; then the whole again, from the store
    run_batch(opts([a.parent], out, workers=0, limit=4), nlp=nlp)
    assert lines(out) == lines(fresh)[:4]
    again = run_batch(opts([a.parent], out, workers=0), nlp=nlp)
    assert again.new == 0 and out.read_bytes() == fresh.read_bytes()


def test_the_store_refuses_a_second_run_at_the_same_time(tmp_path):
    s = Store(tmp_path / "s.sqlite")
    try:
        with pytest.raises(BatchError, match="in use"):
            Store(tmp_path / "s.sqlite")
    finally:
        s.close()
    Store(tmp_path / "s.sqlite").close()  # free again once the first is closed


# ---------------------------------------------------------------------------------------------------
# Faults


@Language.component("zhevents_test_boom")
def _boom(doc):
    if "爆炸测试" in doc.text:
        raise ValueError("boom on purpose")
    return doc


@Language.component("zhevents_test_killer")
def _killer(doc):
    if "致命测试" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


@pytest.fixture
def with_component(nlp):
    added = []

    def add(name):
        nlp.add_pipe(name, after="zh_people")
        added.append(name)

    yield add
    for name in added:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)


def _story_files(tmp_path, marker):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_ok.txt").write_text("新华社北京4月3日电 省委书记景俊海今天主持召开会议，研究部署疫情防控工作。", encoding="utf-8")
    (d / "b_bad.txt").write_text(f"本报讯 这是一篇{marker}的报道，记者黄莺在长春市采访。", encoding="utf-8")
    (d / "c_ok.txt").write_text("本报讯 吉林市召开会议，要求坚决落实应检尽检。", encoding="utf-8")
    return d


def test_a_component_error_becomes_a_record_and_is_retried_next_run(nlp, with_component, tmp_path):
    d = _story_files(tmp_path, "爆炸测试")
    out = tmp_path / "out.jsonl"
    with_component("zhevents_test_boom")
    warnings = []
    rep = run_batch(opts([d, seed(2)], out, workers=2, batch_size=2, quiet=False), nlp=nlp, warn=warnings.append)
    docs = [json.loads(l) for l in lines(out)]
    assert len(docs) == 6 and rep.failed == 1 and rep.annotated == 5
    (bad,) = [x for x in docs if x["errors"]]
    assert Path(bad["source"]["path"]).name == "b_bad.txt" and bad["entities"] == [] and bad["text"]
    (err,) = bad["errors"]
    assert err.startswith("pipeline failed in zhevents_test_boom: ValueError: boom on purpose (at test_batch.py:")
    assert any("b_bad.txt" in w for w in warnings)
    with closing(sqlite3.connect(rep.store)) as db:
        row = db.execute("SELECT status, traceback FROM docs WHERE status != 'done'").fetchall()
    assert row[0][0] == "failed" and "Traceback" in row[0][1] and "boom on purpose" in row[0][1]
    # the next run retries only the failed document; once the cause is gone it is annotated
    nlp.remove_pipe("zhevents_test_boom")
    rep2 = run_batch(opts([d, seed(2)], out, workers=2), nlp=nlp)
    assert (rep2.new, rep2.reused, rep2.failed, rep2.with_errors) == (1, 5, 0, 0)


def test_in_process_annotate_keeps_the_batch_going_past_a_failing_document(nlp, with_component, tmp_path):
    # document.annotate (evaluate, train, bench) shares the per-document fallback with the workers
    from pipeline.document import annotate

    d = _story_files(tmp_path, "爆炸测试")
    with_component("zhevents_test_boom")
    got = list(annotate(nlp, read_articles([str(d)])))
    assert [Path(a.source["path"]).name for a, _ in got] == ["a_ok.txt", "b_bad.txt", "c_ok.txt"]
    assert [doc is None for _, doc in got] == [False, True, False]
    assert got[1][0].errors == ["pipeline failed: ValueError: boom on purpose"]
    assert not got[0][0].errors and len(got[2][1].spans["entities"]) > 0


def test_a_worker_that_dies_is_replaced_and_the_document_recorded(nlp, with_component, tmp_path):
    d = _story_files(tmp_path, "致命测试")
    out = tmp_path / "out.jsonl"
    with_component("zhevents_test_killer")
    rep = run_batch(opts([d, seed(2)], out, workers=2, batch_size=4), nlp=nlp)
    docs = [json.loads(l) for l in lines(out)]
    assert len(docs) == 6 and rep.annotated == 5 and rep.workers_replaced >= 3
    (bad,) = [x for x in docs if x["errors"]]
    assert Path(bad["source"]["path"]).name == "b_bad.txt"
    assert bad["errors"] == ["worker process died (killed by SIGKILL) while annotating this document, 3 times"]
    good = [x for x in docs if not x["errors"]]
    ref = run_batch(opts([d / "a_ok.txt", d / "c_ok.txt", seed(2)], tmp_path / "ref.jsonl", workers=0), nlp=nlp)
    assert [json.dumps(x, ensure_ascii=False) for x in good] == lines(ref.output)


def test_a_worker_killed_from_outside_is_replaced_and_the_output_is_unchanged(nlp, small, reference, tmp_path):
    ref, _ = reference
    killed = []

    def kill_one(engine):
        if not killed and engine.report.new >= 20:
            pid = engine.pool.pids()[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    out = tmp_path / "out.jsonl"
    rep = run_batch(opts(small, out, workers=2, batch_size=4), nlp=nlp, on_event=kill_one)
    assert killed and rep.workers_replaced >= 1
    assert out.read_bytes() == ref.read_bytes()


def test_workers_are_recycled_without_changing_the_output(nlp, small, reference, tmp_path):
    """A worker hands over to a fresh fork after max_docs_per_worker documents (bounded memory growth)."""
    ref, _ = reference
    seen = set()
    out = tmp_path / "out.jsonl"
    rep = run_batch(opts(small, out, workers=2, batch_size=4, max_docs_per_worker=12), nlp=nlp,
                    on_event=lambda engine: seen.update(engine.pool.pids()))
    assert len(seen) > 4 and rep.workers_replaced == 0
    assert out.read_bytes() == ref.read_bytes()


# ---------------------------------------------------------------------------------------------------
# The command line: kill at random moments, resume; full disk


def _wait_gone(pgid, timeout=10.0):
    """All processes of the group (the run and its workers) have exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes of group {pgid} still running after the kill")


def _stored_docs(store):
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)) as db:
            return db.execute("SELECT COUNT(*) FROM docs WHERE status = 'done'").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_at_random_moments_and_resumed_gives_the_same_output(tmp_path, dup_dir):
    """SIGKILL the run (the whole process group, or the parent alone) at seeded random moments and run it
    again each time; the final output equals an uninterrupted run's, byte for byte.

    The kill times adapt to the machine's speed. The window starts at the time a run over one small file takes
    (loading the pipeline and forking its workers: under 2 s on some of the project's machines, over 10 s on
    others), and a kill that still came before any document was stored moves it later, until two kills have
    landed mid-annotation. (The store cannot be watched during a run: the run holds it locked.)
    The window is narrow and moves in small steps because annotating these ~1,200 stories takes only a
    few seconds after the pipeline has loaded, and a kill that lands after nearly everything is stored
    leaves nothing to interrupt. Then one more run is killed while it writes OUT.jsonl.partial."""
    inputs = [SEEDS, dup_dir, *XW[3:47]]
    ref = tmp_path / "ref" / "out.jsonl"
    zhevents("annotate", *inputs, "-o", ref, "-j", "1", "-q")
    total = len(lines(ref))
    out = tmp_path / "run" / "out.jsonl"
    store = Path(str(out) + ".store.sqlite")
    cmd = [str(EXE), "annotate", *map(str, inputs), "-o", str(out), "-j", "2", "--batch-size", "4", "-q"]
    rng = random.Random(20240403)
    started = time.monotonic()
    zhevents("annotate", sorted(SEEDS.glob("*.txt"))[0], "-o", tmp_path / "probe" / "out.jsonl", "-j", "2", "-q")
    lo, width, mid_run, kills = max(1.5, 0.8 * (time.monotonic() - started)), 1.0, 0, 0
    while mid_run < 2 and kills < 16:
        before = _stored_docs(store)
        proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(lo, lo + width))
            break  # finished before the kill: nothing left to interrupt
        except subprocess.TimeoutExpired:
            if kills % 2:
                os.kill(proc.pid, signal.SIGKILL)  # the parent alone: its workers must not outlive it
            else:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        _wait_gone(proc.pid)
        if out.exists():  # it had finished (renamed) just before the kill
            assert out.read_bytes() == ref.read_bytes()
            break
        after = _stored_docs(store)
        if after == before:
            lo += width / 2  # still loading the pipeline: kill later next time
        elif after < total - 3:
            mid_run += 1
    assert mid_run >= 1, (kills, lo)

    # Kill while OUT.jsonl.partial is being written (everything is annotated by now, or nearly).
    subprocess.run(cmd, capture_output=True, timeout=600)
    partial = Path(str(out) + ".partial")
    out.unlink()
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proc.poll() is None and not partial.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    _wait_gone(proc.pid)
    assert not out.exists() or out.read_bytes() == ref.read_bytes()

    final = zhevents("annotate", *inputs, "-o", out, "-j", "2", "--batch-size", "4")
    assert out.read_bytes() == ref.read_bytes()
    assert " done before " in final.stdout and not partial.exists()


@pytest.mark.parametrize("limit_bytes", [60_000, 300_000], ids=["store", "output"])
def test_a_full_disk_stops_the_run_cleanly_and_it_resumes(tmp_path, limit_bytes):
    """RLIMIT_FSIZE makes writes past the limit fail (EFBIG), as a full disk does (ENOSPC)."""
    out = tmp_path / "o" / "out.jsonl"

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    proc = zhevents("annotate", SEEDS, "-o", out, "-j", "1", check=False, preexec_fn=small_disk)
    assert proc.returncode == 2, proc.stderr
    assert "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() and not list(out.parent.glob("*.partial"))
    ok = zhevents("annotate", SEEDS, "-o", out, "-j", "1")  # output 454 kB, store about 200 kB
    assert "wrote 14 documents (14 annotated, 0 with errors)" in ok.stdout
    assert len(lines(out)) == 14


# ---------------------------------------------------------------------------------------------------
# Dask


CLUSTER = """
import sys
from distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
    cluster.close()
"""


def test_a_dask_cluster_gives_the_single_process_output(tmp_path, small, reference):
    pytest.importorskip("distributed")
    ref, _ = reference
    script = tmp_path / "cluster.py"
    script.write_text(CLUSTER)
    cluster = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=tmp_path)
    try:
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://127.0.0.1:"), address
        out = tmp_path / "dask.jsonl"
        proc = zhevents("annotate", *small, "-o", out, "--scheduler", address, "--batch-size", "8")
        assert f"on Dask cluster {address}" in proc.stdout
        assert out.read_bytes() == ref.read_bytes()
    finally:
        cluster.stdin.close()
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()
            cluster.wait()


# ---------------------------------------------------------------------------------------------------
# Tables and DocBin


def test_tables_and_docbin(nlp, tmp_path):
    import pyarrow.parquet as pq
    from spacy.tokens import DocBin

    out = tmp_path / "out.jsonl"
    rep = run_batch(opts([SEEDS, XW[0]], out, workers=0, tables=tmp_path / "t", docbin=tmp_path / "db"), nlp=nlp)
    docs = [json.loads(l) for l in lines(out)]
    n_ents = sum(len(d["entities"]) for d in docs)
    n_frames = sum(len(d["frames"]) for d in docs)
    assert n_ents > 500 and n_frames > 20
    import csv

    with open(tmp_path / "t" / "entities.csv", encoding="utf-8", newline="") as fh:
        ents = list(csv.DictReader(fh))
    assert len(ents) == n_ents == pq.read_table(tmp_path / "t" / "entities.parquet").num_rows
    e = next(r for r in ents if r["label"] == "OFFICIAL" and r["text"] == "景俊海")
    assert e["canonical"] == "景俊海" and "省委书记" in e["titles"].split("|") and e["doc_id"].startswith("sha1:")
    place = next(r for r in ents if r["label"] == "PLACE" and r["admin_path"])
    assert "|" in place["admin_path"] or place["admin_path"]
    frames = pq.read_table(tmp_path / "t" / "frames.parquet").to_pylist()
    assert len(frames) == n_frames
    meeting = next(f for f in frames if f["type"] == "MEETING" and f["chair"] == "景俊海")
    assert meeting["actor"] == "景俊海" and "韩俊" in meeting["attendee"].split("|") and json.loads(meeting["args"])
    with open(tmp_path / "t" / "frames.csv", encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == n_frames
    shards = sorted((tmp_path / "db").glob("part-*.spacy"))
    assert [p.name for p in shards] == ["part-00000.spacy"]
    loaded = list(DocBin().from_disk(shards[0]).get_docs(nlp.vocab))
    assert [d._.id for d in loaded] == [d["id"] for d in docs] and len(loaded) == rep.annotated
    assert [e.text for e in loaded[0].ents][:3] and len(loaded[0].spans["entities"]) == len(docs[0]["entities"])
    assert not list(tmp_path.rglob("*.partial"))


# ---------------------------------------------------------------------------------------------------
# Memory stays flat; progress


def test_memory_stays_flat_over_a_long_stream(tmp_path):
    """40,000 stories through the engine (a character-level pipeline, so that it is quick): the process's
    memory after 10,000 stories and at the end differ by little."""
    import spacy

    import pipeline.extensions  # noqa: F401  (the Doc attributes the records read)

    src = tmp_path / "big.jsonl"
    rng = random.Random(7)
    chars = "省委书记景俊海长春市吉林召开会议部署疫情防控工作要求坚决落实应检尽检核酸检测"
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(40_000):
            body = "".join(rng.choice(chars) for _ in range(60))
            fh.write(json.dumps({"text": f"第{i}号。{body}。"}, ensure_ascii=False) + "\n")
    blank = spacy.blank("zh")
    seen = {}

    def sample(engine):
        n = engine.report.new
        for mark in (10_000, 39_000):
            if n >= mark and mark not in seen:
                seen[mark] = memory_sample()["rss_mb"]

    rep = run_batch(opts([src], tmp_path / "out.jsonl", workers=0, batch_size=500, tokens=False), nlp=blank,
                    on_event=sample)
    assert rep.records == 40_000 == rep.new
    assert set(seen) == {10_000, 39_000}
    print("rss at 10k and 39k stories:", seen)
    assert seen[39_000] - seen[10_000] < 20, seen


def test_progress_shows_documents_rate_and_time_left():
    from rich.console import Console

    buf = io.StringIO()
    p = Progress(bar=True, log=False, console=Console(file=buf, force_terminal=True, width=120))
    p.start(total_bytes=30_000)
    p.file_read(10_000, 4_000)
    time.sleep(0.6)
    p.advance(12, 3_000, 3_000)
    p.refresh(force=True)
    p.stop()
    text = buf.getvalue()
    assert "12 docs" in text and "chars/s" in text and "ETA 0:" in text


def test_help_lists_the_batch_options():
    text = zhevents("annotate", "--help").stdout
    for opt in ("--workers", "--scheduler", "--store", "--fresh", "--tables", "--docbin"):
        assert opt in text
