"""The `zhevents` command as a user runs it (a real subprocess, the installed console script)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, comparable, raw_piece, seed

PINYIN = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


def zhevents(*args, check=True):
    exe = Path(sys.executable).with_name("zhevents")
    proc = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def load(path):
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "seeds.jsonl"
    proc = zhevents("annotate", SEEDS, "-o", out)
    return out, proc


def test_annotate_seeds_writes_spec_documents(seeds_out):
    out, proc = seeds_out
    docs = load(out)
    assert "wrote 14 documents (14 annotated, 0 with errors)" in proc.stdout
    assert len(docs) == 14
    for d in docs:
        assert d["schema"] == 1 and d["id"].startswith("sha1:") and d["text"]
        assert set(d) >= {"id", "source", "text", "entities", "frames", "errors", "tokens"}
        assert {"path", "title", "date", "url"} <= set(d["source"])
        assert d["errors"] == []
    assert len({d["id"] for d in docs}) == 14
    by_seed = {}
    for d in docs:
        by_seed.setdefault(Path(d["source"]["path"]).name[:3], []).append(d)
    assert len(by_seed["000"]) == 8 and len(by_seed["002"]) == 3
    for n in ("001", "004"):
        (d,) = by_seed[n]
        t = d["text"]
        assert not any(c in t for c in PINYIN), n
        assert ",," not in t and "，，" not in t
        paras = [p for p in t.split("\n") if len(p) >= 8]
        assert len(paras) == len(set(paras)), n
        assert "長" not in t and "區" not in t


def _subsequence(small, big):
    it = iter(big)
    return all(ch in it for ch in small)


def test_every_token_maps_back_into_the_decoded_file(seeds_out):
    """raw[orig_start:orig_end] equals the token after OpenCC, or contains it around removed debris."""
    out, _ = seeds_out
    from pipeline.encoding import read_file

    exact = total = 0
    for d in load(out):
        raw = read_file(d["source"]["path"]).text
        for s, e, os_, oe in d["tokens"]:
            tok = d["text"][s:e]
            if tok.isspace():
                continue
            total += 1
            piece = comparable(raw[os_:oe])
            if piece == comparable(tok):
                exact += 1
            else:  # pinyin, a line break or markup removed inside the token
                assert _subsequence(comparable(tok), piece), (d["source"]["path"], tok, raw[os_:oe])
    assert total > 5000 and exact / total > 0.97, (exact, total)


def test_bad_inputs_are_records_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03" * 1000)
    out = tmp_path / "out.jsonl"
    proc = zhevents("annotate", seed(2), tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "nope.md", "-o", out)
    docs = load(out)
    assert len(docs) == 6
    errs = {Path(d["source"]["path"]).name: d["errors"] for d in docs if d["errors"]}
    assert set(errs) == {"empty.txt", "bin.txt", "nope.md"}
    assert all(d["entities"] == [] and d["frames"] == [] for d in docs if d["errors"])
    assert "3 with errors" in proc.stdout and "warning:" in proc.stderr


def test_exit_status_is_nonzero_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    proc = zhevents("annotate", tmp_path / "empty.txt", tmp_path / "missing.txt", "-o", out, check=False)
    assert proc.returncode == 1 and "nothing could be read" in proc.stderr
    assert len(load(out)) == 2  # the error records are still written


def test_unwritable_output_is_a_clear_error_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")  # a file where the output directory should be: unwritable even for root
    proc = zhevents("annotate", seed(2), "-o", blocker / "out.jsonl", check=False)
    assert proc.returncode == 2 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not_a_dir"]


def test_missing_model_is_a_clear_error(tmp_path):
    proc = zhevents("annotate", seed(2), "-o", tmp_path / "o.jsonl", "--model", tmp_path / "nomodel", check=False)
    assert proc.returncode == 2 and "zhevents setup" in proc.stderr


def test_help_explains_every_option():
    text = zhevents("annotate", "--help").stdout
    for opt in ("--output", "--model", "--date", "--batch-size", "--tokens", "--limit", "--quiet"):
        assert opt in text
    assert ".jsonl" in text and "errors" in text


def test_stats_summarizes(seeds_out):
    out, _ = seeds_out
    text = zhevents("stats", out).stdout
    assert "14 documents" in text and "errors: 0" in text


def test_gold_pull_rejects_a_selection_without_its_header_line(tmp_path):
    # a selection cut from annotations/selection.tsv with `grep ^dev` loses its header; say so, write nothing
    sel = tmp_path / "sel.tsv"
    sel.write_text("dev\tcorpus/xwlb/20220128.md\t6\tinspect\n", encoding="utf-8")
    proc = zhevents("gold", "pull", sel, "-o", tmp_path / "work", check=False)
    assert proc.returncode == 2
    assert "has no column path, split, story" in " ".join(proc.stderr.replace("│", " ").split())
    assert not (tmp_path / "work").exists()


def test_gold_pull_then_push_updates_a_split_file_without_dropping_other_stories(tmp_path):
    from pipeline.gold import read_gold

    repo = Path(__file__).resolve().parent.parent
    gold = {g["id"]: g for g in read_gold([repo / "annotations" / "dev.jsonl"])}
    sel = tmp_path / "sel.tsv"
    sel.write_text("split\tpath\tstory\ndev\tcorpus/xwlb/20220128.md\t6\n", encoding="utf-8")
    zhevents("gold", "pull", sel, "-o", tmp_path / "work", "--existing", repo / "annotations" / "dev.jsonl")
    (marked,) = (tmp_path / "work" / "dev").glob("*.txt")
    sid = marked.read_text(encoding="utf-8").split("\n", 1)[0].split(": ", 1)[1]
    assert sid in gold  # pulled from the existing gold, so the file starts as that gold
    others = [g for i, g in gold.items() if i != sid][:2]
    out = tmp_path / "ann"
    out.mkdir()
    stale = dict(gold[sid], entities=[])  # an older version of the same story
    (out / "dev.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [others[0], stale, others[1]]),
                                   encoding="utf-8")
    proc = zhevents("gold", "push", tmp_path / "work", "-o", out)
    assert "(0 added, 1 replaced, 2 kept)" in proc.stdout
    got = load(out / "dev.jsonl")
    assert [g["id"] for g in got] == [others[0]["id"], sid, others[1]["id"]]
    assert got[0] == others[0] and got[2] == others[1]
    assert len(got[1]["entities"]) == len(gold[sid]["entities"]) > 0
    # a push into a folder that does not exist yet creates it
    proc = zhevents("gold", "push", tmp_path / "work", "-o", tmp_path / "new" / "gold")
    assert "(1 added, 0 replaced, 0 kept)" in proc.stdout and len(load(tmp_path / "new" / "gold" / "dev.jsonl")) == 1
    # files taken out of their split folder are refused, not skipped as if all were well
    flat = tmp_path / "flat"
    flat.mkdir()
    marked.rename(flat / marked.name)
    proc = zhevents("gold", "push", flat, "-o", tmp_path / "flat_out", check=False)
    assert proc.returncode == 2 and "its 1 .txt files must sit in a folder named after their split" in proc.stderr
    assert not (tmp_path / "flat_out").exists()
