"""Flat tables and DocBin files from annotated documents (`zhevents annotate --tables DIR --docbin DIR`).

Both writers stream: rows are flushed every few thousand documents, so memory does not grow with the
archive.  Every file is first written under a `.partial` name; `commit()` renames them all once the
whole run has succeeded and `abort()` deletes them, so a failed run never leaves a half-written table
beside a complete one.

Tables (`--tables DIR`), each as CSV (UTF-8, no BOM, RFC 4180 quoting) and as Parquet, same columns:

* `entities.csv` / `entities.parquet`: one row per entity of every document.
  `doc_id, path, story, doc_date, entity_id, label, text, start, end, orig_start, orig_end`, then the
  common attributes flattened: `canonical, value, kind, admin_path, titles, org, category, oxcgrt`
  (list values joined with `|`: `admin_path` 吉林省|长春市|九台区), and `attrs`, all attributes as JSON.
* `frames.csv` / `frames.parquet`: one row per event frame.
  `doc_id, path, story, doc_date, frame_id, type, sentence, trigger, trigger_start, trigger_end,
  time_text, time_value, actor, actor_entity` (`actor` is the agent, chair, speaker or reporter: the
  first one listed), one column per SPEC role holding its argument texts joined with `|`
  (`agent, companion, place, target, topic, measure, chair, attendee, name, speaker, addressee,
  reporter, metric, value`; `context` holds the id of the frame the instruction was given in), and `args`,
  all arguments as JSON.

`path`, `story` and `doc_date` come from the document's `source`.  Documents that were read but could
not be annotated have no rows (they are in OUT.jsonl with their `errors`).

DocBin (`--docbin DIR`): `DIR/part-00000.spacy`, ... with `DOCBIN_SHARD` documents each, in output
order, loadable with `spacy.tokens.DocBin().from_disk(path).get_docs(nlp.vocab)`.  Tokens, `doc.ents`,
`doc.spans["entities"]` and the user data (`doc._.id`, `source`, `frames`, `ent_attrs`, `coref`...)
are kept; the per-character offset maps back to the raw input are dropped (they are in OUT.jsonl).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ENTITY_COLUMNS = ["doc_id", "path", "story", "doc_date", "entity_id", "label", "text", "start", "end",
                  "orig_start", "orig_end", "canonical", "value", "kind", "admin_path", "titles", "org",
                  "category", "oxcgrt", "attrs"]
ENTITY_INTS = {"story", "start", "end", "orig_start", "orig_end"}
ROLES = ["agent", "companion", "place", "target", "topic", "measure", "chair", "attendee", "name", "speaker",
         "addressee", "context", "reporter", "metric", "value"]
ACTOR_ROLES = ("agent", "chair", "speaker", "reporter")
FRAME_COLUMNS = (["doc_id", "path", "story", "doc_date", "frame_id", "type", "sentence", "trigger", "trigger_start",
                  "trigger_end", "time_text", "time_value", "actor", "actor_entity"] + ROLES + ["args"])
FRAME_INTS = {"story", "sentence", "trigger_start", "trigger_end"}
ROWS_PER_FLUSH = 20_000
DOCBIN_SHARD = 2_000
LIST_SEP = "|"


def _flat(v) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return LIST_SEP.join("" if x is None else str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _doc_columns(rec: Dict) -> Dict:
    """The columns that tie a row to its story, first in every table."""
    src = rec.get("source") or {}
    return {"doc_id": rec.get("id"), "path": src.get("path"), "story": src.get("story"), "doc_date": src.get("date")}


def entity_rows(rec: Dict) -> List[Dict]:
    base = _doc_columns(rec)
    rows = []
    for e in rec.get("entities", []):
        a = e.get("attrs") or {}
        rows.append(dict(base, entity_id=e.get("id"), label=e.get("label"), text=e.get("text"), start=e.get("start"),
                         end=e.get("end"), orig_start=e.get("orig_start"), orig_end=e.get("orig_end"),
                         canonical=_flat(a.get("canonical")), value=_flat(a.get("value")), kind=_flat(a.get("kind")),
                         admin_path=_flat(a.get("admin_path")), titles=_flat(a.get("titles")), org=_flat(a.get("org")),
                         category=_flat(a.get("category")), oxcgrt=_flat(a.get("oxcgrt")),
                         attrs=json.dumps(a, ensure_ascii=False, sort_keys=True)))
    return rows


def _arg_text(a: Dict) -> str:
    if a.get("role") == "context":
        return str(a.get("frame") or "")
    if a.get("value") is not None and a.get("role") == "value":
        return str(a["value"])
    return "" if a.get("text") is None else str(a["text"])


def frame_rows(rec: Dict) -> List[Dict]:
    base = _doc_columns(rec)
    rows = []
    for f in rec.get("frames", []):
        args = f.get("args") or []
        trig = f.get("trigger") or {}
        time = f.get("time") or {}
        actor = next((a for r in ACTOR_ROLES for a in args if a.get("role") == r), None)
        row = dict(base, frame_id=f.get("id"), type=f.get("type"), sentence=f.get("sentence"), trigger=trig.get("text"),
                   trigger_start=trig.get("start"), trigger_end=trig.get("end"), time_text=time.get("text"),
                   time_value=_flat(time.get("value")), actor=actor.get("text") if actor else None,
                   actor_entity=actor.get("entity") if actor else None,
                   args=json.dumps(args, ensure_ascii=False))
        for role in ROLES:
            vals = [_arg_text(a) for a in args if a.get("role") == role]
            row[role] = LIST_SEP.join(vals) if vals else None
        rows.append(row)
    return rows


class _Table:
    """One table as CSV and Parquet, written under .partial names."""

    def __init__(self, directory: Path, name: str, columns: List[str], ints: set):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.columns, self.ints = columns, ints
        self.csv_path = directory / f"{name}.csv"
        self.pq_path = directory / f"{name}.parquet"
        self._csv_tmp = directory / f"{name}.csv.partial"
        self._pq_tmp = directory / f"{name}.parquet.partial"
        self._fh = open(self._csv_tmp, "w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._fh, fieldnames=columns, extrasaction="ignore")
        self._csv.writeheader()
        self._schema = pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in columns])
        self._pq = pq.ParquetWriter(str(self._pq_tmp), self._schema, compression="zstd")
        self._buf: List[Dict] = []
        self.rows = 0

    def add(self, rows: Iterable[Dict]) -> None:
        for r in rows:
            self._csv.writerow(r)
            self._buf.append(r)
            self.rows += 1
        if len(self._buf) >= ROWS_PER_FLUSH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buf:
            cols = {c: [r.get(c) for r in self._buf] for c in self.columns}
            self._pq.write_table(pa.Table.from_pydict(cols, schema=self._schema))
            self._buf = []

    def close(self) -> None:
        self._flush()
        self._pq.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def commit(self) -> None:
        os.replace(self._csv_tmp, self.csv_path)
        os.replace(self._pq_tmp, self.pq_path)

    def abort(self) -> None:
        for closer in (self._pq.close, self._fh.close):
            try:
                closer()
            except Exception:
                pass
        for p in (self._csv_tmp, self._pq_tmp):
            try:
                p.unlink()
            except OSError:
                pass


class TablesWriter:
    """`entities` and `frames` tables (CSV and Parquet) from SPEC records, streamed."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._tables: List[_Table] = []
        try:
            self.entities = _Table(self.directory, "entities", ENTITY_COLUMNS, ENTITY_INTS)
            self._tables.append(self.entities)
            self.frames = _Table(self.directory, "frames", FRAME_COLUMNS, FRAME_INTS)
            self._tables.append(self.frames)
        except BaseException:
            self.abort()
            raise

    def add(self, rec: Dict) -> None:
        self.entities.add(entity_rows(rec))
        self.frames.add(frame_rows(rec))

    def close(self) -> None:
        for t in self._tables:
            t.close()

    def commit(self) -> None:
        for t in self._tables:
            t.commit()

    def abort(self) -> None:
        for t in self._tables:
            t.abort()


class DocBinWriter:
    """spaCy DocBin shards from per-document DocBin bytes (as produced by `batch.docbin_bytes`)."""

    def __init__(self, directory: Path, shard_size: int = DOCBIN_SHARD):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.shard_size = shard_size
        self._db = None
        self._n_in_shard = 0
        self._partials: List[Path] = []
        self.docs = 0

    def add(self, blob: bytes) -> None:
        from spacy.tokens import DocBin

        one = DocBin(store_user_data=True).from_bytes(blob)
        if self._db is None:
            self._db = one
        else:
            self._db.merge(one)
        self._n_in_shard += 1
        self.docs += 1
        if self._n_in_shard >= self.shard_size:
            self._flush()

    def _flush(self) -> None:
        if self._db is None:
            return
        path = self.directory / f"part-{len(self._partials):05d}.spacy.partial"
        self._partials.append(path)
        data = self._db.to_bytes()
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self._db, self._n_in_shard = None, 0

    def close(self) -> None:
        self._flush()

    def commit(self) -> None:
        keep = set()
        for p in self._partials:
            final = p.with_name(p.name[: -len(".partial")])
            os.replace(p, final)
            keep.add(final.name)
        for old in self.directory.glob("part-*.spacy"):  # shards of an earlier, longer run
            if old.name not in keep:
                old.unlink()

    def abort(self) -> None:
        for p in self._partials:
            try:
                p.unlink()
            except OSError:
                pass
