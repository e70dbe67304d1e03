"""HanLP models inside the pipeline (optional extra: `pip install .[hanlp]`).

* `zh_hanlp_ner` runs a HanLP NER model on the pipeline's own tokens (or characters) and merges
  its PERSON / PLACE / ORG into `doc._.ent_cands` with `ent_merge.merge_candidates`: rules win on
  overlap, only the configured `labels` are added, a PERSON after a TITLE becomes an OFFICIAL, and
  every added entity has `attrs["source"] = "hanlp"`. It goes after `zh_people` and before
  `zh_entity_aligner`. HanLP's labels are mapped with `lexicons/hanlp_labels.tsv`.
* `zh_hanlp_srl` runs a model with semantic role labelling (a HanLP multi-task model with an `srl`
  task, or a standalone HanLP SRL component) and leaves predicate-argument structures in
  `doc._.srl_candidates` for the frame builder (`srl_arguments` reads them for one trigger).

Models are found the way HanLP users expect, and never downloaded (`resolve_model`): an existing
local directory, else a HanLP identifier (a name from `hanlp.pretrained`, its URL, or a path
relative to `$HANLP_HOME`) that is already unpacked under `$HANLP_HOME` in HanLP's own layout.
A missing model is a `ModelNotFound` that names every path looked at.

A saved pipeline stores the model *reference* (and the path it resolved to), not the model:
HanLP models run from 2 MB (a character RNN) to hundreds of MB (multi-task transformers), and
HanLP's own cache under `$HANLP_HOME` is where users keep them. Use an absolute path or an
identifier for a pipeline that is loaded from another working directory.

`hanlp` (and torch) are imported only when a component is built, so the base package works
without the extra.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers doc._.srl_candidates)
from .ent_merge import merge_candidates
from .lexicon import LexiconComponent, load_lexicon

LABELS_TSV = "hanlp_labels.tsv"
SOURCE = "hanlp"
INSTALL_HINT = ("pip install torch==2.13.0 && pip install 'zhevents[hanlp]' (torch first: a bare `pip install hanlp` "
                "pulls CUDA builds of torch), or `make install`")
SENT_END = set("。！？；!?;")
CLOSERS = set("”’」』）)】》")
# `hanlp.pretrained` identifiers are upper-case constants (MSRA_NER_ELECTRA_SMALL_ZH).
IDENTIFIER_RE = re.compile(r"^[A-Z][A-Z0-9_]+$")

Unit = Tuple[str, int, int]  # text, start, end (character offsets in doc.text)


class ModelNotFound(FileNotFoundError):
    """A HanLP model reference that resolves to nothing on this machine (nothing is downloaded)."""


class HanLPMissing(ImportError):
    """The optional `hanlp` extra is not installed."""


def hanlp_home() -> Path:
    """`$HANLP_HOME`, else HanLP's default (~/.hanlp), read at call time (HanLP reads it once, at import)."""
    home = os.environ.get("HANLP_HOME")
    return Path(home).expanduser() if home else Path.home() / ".hanlp"


def import_hanlp():
    """Import hanlp with Hugging Face offline: a transformer name inside a model fails at once instead of retrying."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HANLP_VERBOSE", "0")
    try:
        import hanlp
    except ModuleNotFoundError as e:
        raise HanLPMissing(f"the HanLP components need the optional extra ({e}); install it with: {INSTALL_HINT}") from e
    return hanlp


def _under_home(url: str, home: Path) -> Path:
    """Where HanLP's `get_resource` keeps an unpacked URL under `home` (its own path mapping, without downloading)."""
    from hanlp.utils.io_util import path_from_url, split_if_compressed
    from hanlp_common.constant import HANLP_URL

    url, _, anchor = url.partition("#")
    realpath, _ = split_if_compressed(path_from_url(url, save_dir=str(home), prefix=HANLP_URL))
    if anchor.startswith("/"):  # HanLP renames the unpacked folder to the anchor's first part
        first, _, anchor = anchor.lstrip("/").partition("/")
        realpath = str(Path(realpath).parent / first)
    return Path(realpath) / anchor if anchor else Path(realpath)


def resolve_model(ref: str, home: Optional[Path] = None) -> Path:
    """The local directory of a HanLP model reference, or `ModelNotFound` naming the paths looked at.

    Tried in order: `ref` as a local directory; a `hanlp.pretrained` identifier or a HanLP URL, mapped
    under `$HANLP_HOME` the way HanLP itself unpacks it; `ref` as a path relative to `$HANLP_HOME`.
    """
    if not ref or not str(ref).strip():
        raise ModelNotFound("no HanLP model given: set `model` to a local model directory or a HanLP identifier")
    ref = str(ref).strip()
    home = Path(home) if home is not None else hanlp_home()
    looked: List[Path] = []
    local = Path(os.path.abspath(Path(ref).expanduser()))  # absolute, symlinks kept (HanLP users link models in)
    if local.is_dir():
        return local
    looked.append(local)
    if IDENTIFIER_RE.match(ref) or ref.startswith(("http://", "https://")):
        hanlp = import_hanlp()
        url = hanlp.pretrained.ALL.get(ref, ref)
        if url.startswith(("http://", "https://")):
            where = _under_home(url, home)
            if where.is_dir():
                return where
            looked.append(where)
    if not Path(ref).expanduser().is_absolute():
        where = Path(os.path.abspath(home / ref))
        if where.is_dir():
            return where
        looked.append(where)
    raise ModelNotFound(
        f"HanLP model {ref!r} not found; looked at: {', '.join(str(p) for p in dict.fromkeys(looked))}. "
        f"Models are never downloaded here: put the model directory (with its config.json) at one of these "
        f"paths, give its local path, or set HANLP_HOME (now {home}) to the folder that holds HanLP's models.")


@contextmanager
def _no_downloads(ref: str):
    """HanLP fetches a missing sub-resource (embeddings, a tokenizer) with `io_util.download`: refuse instead."""
    import hanlp.utils.io_util as io_util

    original = io_util.download

    def refuse(url, save_path=None, *args, **kwargs):
        raise ModelNotFound(f"HanLP model {ref!r} needs {url}, which is not on this machine"
                            + (f" (expected at {save_path})" if save_path else "")
                            + "; models are never downloaded here: copy it there, or use a model that is complete.")

    io_util.download = refuse
    try:
        yield
    finally:
        io_util.download = original


_MODELS: Dict[Tuple[str, int], Any] = {}


def load_model(path: Path, device: int = -1):
    """Load (once per process) a HanLP model from a resolved local directory, onto CPU by default.

    Torch components (a `config.json` with a classpath) are built directly, not through `hanlp.load`,
    whose error handler hides the real error behind `No module named 'pkg_resources'` on recent
    setuptools and asks PyPI for the latest version.
    """
    key = (str(path), device)
    if key in _MODELS:
        return _MODELS[key]
    hanlp = import_hanlp()
    with _no_downloads(str(path)):
        config = Path(path) / "config.json"
        if config.is_file():
            from hanlp_common.reflection import object_from_classpath

            classpath = json.loads(config.read_text("utf-8")).get("classpath")
            if not classpath:
                raise ValueError(f"{config} has no classpath: not a HanLP model directory")
            model = object_from_classpath(classpath)
            model.load(str(path), devices=device, verbose=False)
            model.config["load_path"] = str(path)
        else:
            model = hanlp.load(str(path), devices=device, verbose=False)
    _MODELS[key] = model
    return model


def _is_mtl(model) -> bool:
    return type(model).__name__ == "MultiTaskLearning"


def wants_chars(model) -> bool:
    """HanLP's RNN taggers record `token_delimiter=""` when trained on single characters."""
    config = getattr(model, "config", None) or {}
    return not _is_mtl(model) and config.get("token_delimiter") == ""


def segments(doc: Doc, chars: bool, max_length: int) -> List[List[Unit]]:
    """The model's input units, cut into sentences (the models are trained on sentences).

    Whitespace is never a unit (HanLP's models have not seen it); a line break, a sentence-final mark
    (closing quotes stay with it) or `max_length` units end a sentence.
    """
    out: List[List[Unit]] = []
    cur: List[Unit] = []

    def close():
        nonlocal cur
        if cur:
            out.append(cur)
            cur = []

    if chars:
        items: Iterator[Tuple[str, int, int, bool]] = ((c, i, i + 1, c == "\n") for i, c in enumerate(doc.text))
    else:
        items = ((t.text, t.idx, t.idx + len(t.text), "\n" in t.text) for t in doc)
    for text, s, e, newline in items:
        if text.isspace():
            if newline:
                close()
            continue
        if not cur and out and text in CLOSERS and out[-1][-1][0][-1:] in SENT_END | CLOSERS \
                and out[-1][-1][2] == s and len(out[-1]) < max_length:
            out[-1].append((text, s, e))
            continue
        cur.append((text, s, e))
        if text[-1] in SENT_END or len(cur) >= max_length:
            close()
    close()
    return out


def _span(item) -> Tuple[str, int, int]:
    """(label, start, end) from HanLP's (text, label, start, end) or (start, end, label) outputs."""
    if len(item) == 4:
        return item[1], item[2], item[3]
    return item[2], item[0], item[1]


class _HanLPComponent(LexiconComponent):
    """Shared by both components: the model reference, its resolution and loading, batching."""

    def __init__(self, nlp: Language, name: str, model: str, batch_size: int, max_length: int, device: int,
                 input: str, task: Optional[str], torch_threads: int = 1):
        self.name = name
        self.torch_threads = torch_threads
        self.model_ref = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.input = input
        self.task = task
        if input not in ("auto", "chars", "tokens"):
            raise ValueError(f"{name}: input must be 'auto', 'chars' or 'tokens', not {input!r}")
        self.lexicons: Dict[str, List[Dict[str, str]]] = {}
        self.model_path: Optional[Path] = None
        self.model = None
        self._load(None)
        self._open(resolve_model(model))
        self._threads()

    def _threads(self) -> None:
        # torch's thread count is per process: 1 is the fastest for these small batches on a busy 2-core machine
        # (measured 2.3x faster than 2 threads), and `zhevents annotate` runs one process per core anyway.
        if self.torch_threads and self.torch_threads > 0:
            import torch

            torch.set_num_threads(self.torch_threads)

    def _open(self, path: Path) -> None:
        if self.model is None or path != self.model_path:
            self.model_path = path
            self.model = load_model(path, self.device)
            self._setup()

    def _setup(self) -> None:
        pass

    def _load(self, directory: Optional[Path]) -> None:
        pass

    def _cfg(self) -> Dict[str, Any]:
        return {"model": self.model_ref, "resolved": str(self.model_path), "batch_size": self.batch_size,
                "max_length": self.max_length, "device": self.device, "input": self.input, "task": self.task,
                "torch_threads": self.torch_threads}

    def _set_cfg(self, cfg: Dict[str, Any]) -> None:
        for key in ("batch_size", "max_length", "device", "input", "task", "torch_threads"):
            if key in cfg:
                setattr(self, key, cfg[key])
        self._threads()
        self.model_ref = cfg.get("model", self.model_ref)
        try:
            path = resolve_model(self.model_ref)
        except ModelNotFound:
            # the reference was relative to another working directory: the path it had when saved
            if not cfg.get("resolved") or not Path(cfg["resolved"]).is_dir():
                raise
            path = Path(cfg["resolved"])
        self._open(path)

    def _chars(self) -> bool:
        return self.input == "chars" or (self.input == "auto" and wants_chars(self.model))

    def _run(self, sents: List[List[str]], task: Optional[str]) -> List[list]:
        if not sents:
            return []
        with _no_downloads(self.model_ref):
            if _is_mtl(self.model):
                result = self.model(sents, tasks=task, skip_tasks="tok*", batch_size=self.batch_size)
                return list(result[task])
            return list(self.model.predict(sents, batch_size=self.batch_size))

    def _predict(self, docs: Sequence[Doc], task: Optional[str]) -> List[List[Tuple[List[Unit], list]]]:
        """Per doc, (units, model output) for each sentence; the docs' sentences go to the model together."""
        chars = self._chars()
        per_doc = [segments(doc, chars, self.max_length) for doc in docs]
        flat = [[u[0] for u in seg] for segs in per_doc for seg in segs]
        outputs = iter(self._run(flat, task))
        return [[(seg, next(outputs)) for seg in segs] for segs in per_doc]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: Optional[int] = None):
        batch: List[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= (batch_size or self.batch_size):
                yield from self._process(batch)
                batch = []
        if batch:
            yield from self._process(batch)

    def _process(self, docs: List[Doc]) -> List[Doc]:
        raise NotImplementedError


def label_map(rows: List[Dict[str, str]], tagset: str) -> Dict[str, str]:
    """HanLP label -> SPEC label for `tagset`, or for all tagsets at once ("auto")."""
    tagsets = {r["tagset"] for r in rows}
    if tagset != "auto" and tagset not in tagsets:
        raise ValueError(f"unknown HanLP tagset {tagset!r}; {LABELS_TSV} has {sorted(tagsets)} (or use 'auto')")
    mapping: Dict[str, str] = {}
    for r in rows:
        if tagset not in ("auto", r["tagset"]):
            continue
        old = mapping.setdefault(r["hanlp_label"], r["spec_label"])
        if old != r["spec_label"]:
            raise ValueError(f"{LABELS_TSV}: {r['hanlp_label']} maps to both {old} and {r['spec_label']}; "
                             "choose a tagset")
    return mapping


class HanLPNer(_HanLPComponent):
    def __init__(self, nlp: Language, name: str, model: str, tagset: str, labels: Optional[List[str]],
                 batch_size: int, max_length: int, device: int, input: str, task: Optional[str],
                 min_length: int = 2, lexicon_dir: Optional[str] = None, torch_threads: int = 1):
        self.tagset = tagset
        self.min_length = min_length
        self.labels = list(labels) if labels is not None else None
        self.lexicon_dir = lexicon_dir
        super().__init__(nlp, name, model, batch_size, max_length, device, input, task, torch_threads)

    def _load(self, directory: Optional[Path]) -> None:
        directory = directory or (Path(self.lexicon_dir) if self.lexicon_dir else None)
        self.lexicons = {LABELS_TSV: load_lexicon(LABELS_TSV, directory)}
        self._mapping()

    def _mapping(self) -> Dict[str, str]:
        tagset = self.tagset
        if tagset == "auto" and self.task and self.task.split("/")[-1] in {r["tagset"] for r in self.lexicons[LABELS_TSV]}:
            tagset = self.task.split("/")[-1]  # a multi-task model's ner/msra, ner/pku, ner/ontonotes
        self.mapping = label_map(self.lexicons[LABELS_TSV], tagset)
        return self.mapping

    def _setup(self) -> None:
        if _is_mtl(self.model):
            ner_tasks = [t for t in self.model.tasks if t.startswith("ner")]
            if self.task is None:
                preferred = f"ner/{self.tagset}"
                self.task = preferred if preferred in ner_tasks else (ner_tasks[0] if ner_tasks else None)
            if self.task not in self.model.tasks:
                raise ValueError(f"{self.name}: the model at {self.model_path} has no task {self.task!r} "
                                 f"(its tasks: {list(self.model.tasks)})")
            self._mapping()

    def _cfg(self) -> Dict[str, Any]:
        return {**super()._cfg(), "tagset": self.tagset, "labels": self.labels, "min_length": self.min_length}

    def _set_cfg(self, cfg: Dict[str, Any]) -> None:
        self.tagset = cfg.get("tagset", self.tagset)
        self.min_length = cfg.get("min_length", self.min_length)
        self.labels = cfg.get("labels", self.labels)
        super()._set_cfg(cfg)

    def model_spans(self, sentences: List[Tuple[List[Unit], list]]) -> List[Tuple[int, int, str, str]]:
        """The model's entities as (start, end, SPEC label, HanLP label) in characters of doc.text.

        Labels without a SPEC label and entities shorter than `min_length` characters are dropped.
        """
        spans = []
        for units, entities in sentences:
            for item in entities:
                label, b, e = _span(item)
                spec = self.mapping.get(label)
                if spec and 0 <= b < e <= len(units) and units[e - 1][2] - units[b][1] >= self.min_length:
                    spans.append((units[b][1], units[e - 1][2], spec, label))
        return spans

    def _process(self, docs: List[Doc]) -> List[Doc]:
        for doc, sentences in zip(docs, self._predict(docs, self.task)):
            spans = self.model_spans(sentences)
            # one merge per HanLP label, so each entity keeps it (a tagger's spans never overlap each other)
            for hanlp_label in sorted({s[3] for s in spans}):
                merge_candidates(doc, [s[:3] for s in spans if s[3] == hanlp_label], self.labels, SOURCE,
                                 {"hanlp_label": hanlp_label})
        return docs


class HanLPSrl(_HanLPComponent):
    def _setup(self) -> None:
        if _is_mtl(self.model):
            srl = [t for t in self.model.tasks if t.startswith("srl")]
            self.task = self.task or (srl[0] if srl else None)
            if self.task not in self.model.tasks:
                raise ValueError(f"{self.name}: the model at {self.model_path} has no SRL task "
                                 f"(its tasks: {list(self.model.tasks)}); use zh_hanlp_ner for NER-only models")
        elif "srl" not in type(self.model).__module__:
            raise ValueError(f"{self.name}: {type(self.model).__name__} at {self.model_path} is not a semantic role "
                             "labeller; zh_hanlp_srl needs a multi-task model with an srl task or a HanLP SRL model")

    def _process(self, docs: List[Doc]) -> List[Doc]:
        for doc, sentences in zip(docs, self._predict(docs, self.task)):
            doc._.srl_candidates = list(doc._.srl_candidates or []) + srl_structures(doc, sentences)
        return docs


def srl_structures(doc: Doc, sentences: List[Tuple[List[Unit], list]]) -> List[dict]:
    """HanLP's per-sentence predicate-argument lists -> `doc._.srl_candidates` entries in characters."""
    out = []
    for units, structures in sentences:
        for pas in structures:
            pred, args = None, []
            for item in pas:
                role, b, e = _span(item)
                if not 0 <= b < e <= len(units):
                    continue
                s, t = units[b][1], units[e - 1][2]
                if role == "PRED":
                    pred = (s, t, doc.text[s:t])
                else:
                    args.append((role, s, t, doc.text[s:t]))
            if pred is not None:
                out.append({"predicate": pred, "args": args, "source": SOURCE})
    return out


def srl_arguments(doc: Doc, start: int, end: int) -> List[Tuple[str, int, int, str]]:
    """Arguments (role, start, end, text) of the SRL predicates overlapping a frame trigger [start, end).

    For the frame builder: ARG0 is the agent / chair / speaker candidate, ARG1 the theme, ARGM-LOC and
    ARGM-TMP place and time candidates; the frame builder keeps those that match entities.
    """
    args = []
    for cand in doc._.srl_candidates or []:
        ps, pe, _ = cand["predicate"]
        if ps < end and start < pe:
            args.extend(tuple(a) for a in cand["args"])
    return args


@Language.factory(
    "zh_hanlp_ner",
    default_config={"model": "", "tagset": "auto", "labels": ["PERSON", "PLACE", "ORG"], "batch_size": 32,
                    "max_length": 150, "device": -1, "input": "auto", "task": None, "min_length": 2,
                    "lexicon_dir": None, "torch_threads": 1},
)
def make_hanlp_ner(nlp: Language, name: str, model: str, tagset: str, labels: Optional[List[str]], batch_size: int,
                   max_length: int, device: int, input: str, task: Optional[str], min_length: int,
                   lexicon_dir: Optional[str], torch_threads: int):
    """HanLP NER merged into the rule layer's candidates; `min_length` drops shorter entities (one-character
    "places" like 中 are a small model's typical noise; country abbreviations are the rule layer's)."""
    return HanLPNer(nlp, name, model, tagset, labels, batch_size, max_length, device, input, task, min_length,
                    lexicon_dir, torch_threads)


@Language.factory(
    "zh_hanlp_srl",
    default_config={"model": "", "batch_size": 32, "max_length": 150, "device": -1, "input": "tokens",
                    "task": None, "torch_threads": 1},
)
def make_hanlp_srl(nlp: Language, name: str, model: str, batch_size: int, max_length: int, device: int, input: str,
                   task: Optional[str], torch_threads: int):
    """Predicate-argument structures from a HanLP SRL model into `doc._.srl_candidates` (see `srl_arguments`)."""
    return HanLPSrl(nlp, name, model, batch_size, max_length, device, input, task, torch_threads)
