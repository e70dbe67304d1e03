"""`zhevents train`: statistical components from gold annotations, packaged with the rule pipeline.

1. Gold documents (`annotations/*.jsonl`, stand-off or full SPEC documents) are materialized and split:
   files named in `[zhevents] heldout` are never trained on; of the rest, every `dev_every`-th document
   (in the order of its id) is the trainer's dev set.
2. They become `DocBin`s: each reference Doc has the pipeline's own pkuseg tokens, split where a gold
   entity boundary falls inside a token so that every gold entity is a token span (spaCy aligns the
   reference to the unsplit tokens it predicts on).  Generic character-BIO data (`../shared/data/ner`)
   is added with its labels mapped to SPEC labels; unmapped labels are marked missing, not "outside".
3. spaCy's own trainer (`spacy.cli.train.train`) trains the components of `configs/train.cfg`.
4. Packaging: the trained `ner` is sourced into the rule pipeline as its first component, and
   `zh_learned_entities` (after `zh_people`) adds its entities where the rules found nothing, for the
   labels that raise F1 on the dev set without lowering another label (see `choose_labels`).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from .gold import SHARED, materialize, read_gold

CONFIG_PATH = Path(__file__).resolve().parent.parent / "configs" / "train.cfg"
NER_DATA = SHARED / "data" / "ner"


class TrainError(ValueError):
    pass


@dataclass
class GoldSplit:
    train: List[Dict]
    dev: List[Dict]
    heldout_files: List[str] = field(default_factory=list)


def split_gold(annotations: Path, heldout: Sequence[str], dev_every: int) -> GoldSplit:
    """Training and dev documents (materialized, with entities) from a gold file or folder."""
    annotations = Path(annotations)
    if not annotations.exists():
        raise TrainError(f"no annotations at {annotations}")
    files = sorted(annotations.rglob("*.jsonl")) if annotations.is_dir() else [annotations]
    skipped = [f.name for f in files if f.name in heldout]
    files = [f for f in files if f.name not in heldout]
    docs = []
    for g in read_gold(files):
        if not g.get("entities"):
            continue  # a frames-only document teaches the entity model nothing
        docs.append(g if g.get("text") else materialize(g))
    if not docs:
        raise TrainError(f"no gold documents with entities in {annotations} (held out: {', '.join(skipped) or '-'})")
    docs.sort(key=lambda d: d["id"])
    dev = [d for i, d in enumerate(docs) if dev_every and i % dev_every == dev_every - 1]
    train = [d for i, d in enumerate(docs) if not (dev_every and i % dev_every == dev_every - 1)]
    return GoldSplit(train, dev, skipped)


def reference_doc(nlp, text: str, ents: Iterable[Tuple[int, int, str]], missing: Iterable[Tuple[int, int]] = ()):
    """A Doc with the pipeline's tokens, split at entity boundaries, and the entities set (longest first)."""
    from spacy.util import filter_spans

    from .align import split_at

    ents, missing = list(ents), list(missing)
    doc = nlp.make_doc(text)
    split_at(doc, {b for s, e, *_ in ents + missing for b in (s, e)})
    spans = [doc.char_span(s, e, label=label) for s, e, label in ents]
    gaps = [doc.char_span(s, e) for s, e in missing]
    kept = filter_spans([sp for sp in spans if sp is not None])
    taken = {i for sp in kept for i in range(sp.start, sp.end)}
    gaps = [sp for sp in gaps if sp is not None and not taken & set(range(sp.start, sp.end))]
    doc.set_ents(kept, missing=filter_spans(gaps), default="outside")
    return doc


def read_bio(path: Path) -> Iterable[Tuple[str, List[Tuple[int, int, str]]]]:
    """(text, [(start, end, type)]) per sentence of a character-BIO file (blank line between sentences)."""
    chars: List[str] = []
    tags: List[str] = []

    def flush():
        spans, start, kind = [], None, None
        for i, t in enumerate(tags + ["O"]):
            if start is not None and not (t.startswith("I-") and t[2:] == kind):
                spans.append((start, i, kind))
                start = None
            if t.startswith("B-") or (t.startswith("I-") and start is None):
                start, kind = i, t[2:]
        return "".join(chars), spans

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if chars:
                    yield flush()
                chars, tags = [], []
                continue
            if len(parts) != 2:
                raise TrainError(f"{path}: expected 'character TAG', got {line.strip()!r}")
            chars.append(parts[0])
            tags.append(parts[1])
    if chars:
        yield flush()


def seed_docs(nlp, files: Sequence[str], labels: Dict[str, str], n: int, seed: int) -> list:
    """Up to `n` sentences of generic NER data as reference Docs with SPEC labels."""
    sents = []
    for name in files:
        path = Path(name) if Path(name).is_absolute() else NER_DATA / name
        if not path.exists():
            raise TrainError(f"seed data {path} not found")
        sents.extend(read_bio(path))
    random.Random(seed).shuffle(sents)
    docs = []
    for text, spans in sents[:n]:
        ents = [(s, e, labels[k]) for s, e, k in spans if k in labels]
        gaps = [(s, e) for s, e, k in spans if k not in labels]
        docs.append(reference_doc(nlp, text, ents, gaps))
    return docs


def gold_docs(nlp, docs: Iterable[Dict]) -> list:
    """Reference Docs of gold documents: entities, and the gold frames on `doc._.frames` (kept in the DocBin)."""
    out = []
    for d in docs:
        doc = reference_doc(nlp, d["text"], [(e["start"], e["end"], e["label"]) for e in d["entities"]])
        doc._.frames = d.get("frames") or []
        out.append(doc)
    return out


def write_docbin(docs: list, path: Path) -> int:
    from spacy.tokens import DocBin

    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return len(docs)


def train_components(config_path: Path, train_path: Path, dev_path: Path, out: Path, seed: int,
                     base_dir: Optional[Path] = None, overrides: Optional[Dict] = None) -> Path:
    """Run spaCy's trainer; returns the best model's folder."""
    from spacy.cli.train import train as spacy_train

    from .model_setup import DEFAULT_PIPELINE, register_components

    register_components()
    base = DEFAULT_PIPELINE.parent
    ov = {"paths.train": str(train_path), "paths.dev": str(dev_path), "system.seed": seed,
          "paths.base_model": str(base_dir or DEFAULT_PIPELINE),
          "paths.pkuseg_model": str(base / "pkuseg_msra"), "paths.user_dict": str(base / "user_dict.txt")}
    ov.update(overrides or {})
    spacy_train(config_path, out, use_gpu=-1, overrides=ov)
    return out / "model-best"


LEARNED = ("ner", "zh_frame_roles")


def with_labels(nlp, labels: Sequence[str]):
    """`nlp` with `zh_learned_entities` adding only `labels` (the component's config is what gets saved)."""
    if "zh_learned_entities" in nlp.pipe_names:
        nlp.remove_pipe("zh_learned_entities")
    nlp.add_pipe("zh_learned_entities", after="zh_people", config={"labels": sorted(labels), "source": "ner"})
    return nlp


def save_learned(nlp, out: Path, labels: Sequence[str]) -> Path:
    """Only the learned components of a trained pipeline (about 40 MB of the 170), for the learning curve.

    Written from `nlp` in memory, with the thresholds its frame-role learner runs with: those are chosen on
    the dev set after training, so the trainer's saved model does not hold them."""
    out.mkdir(parents=True, exist_ok=True)
    for name in LEARNED:
        nlp.get_pipe(name).to_disk(out / name, exclude=["vocab"])
    blocks = {name: dict(nlp.config["components"][name]) for name in LEARNED}
    blocks["zh_frame_roles"].update(role_thresholds(nlp))
    (out / "learned.json").write_text(json.dumps({"components": blocks, "labels": sorted(labels)}, indent=2),
                                      encoding="utf-8")
    return out


def role_thresholds(nlp) -> Dict[str, float]:
    """The add/drop thresholds `zh_frame_roles` runs with (its `cfg`, which `from_disk` reads back). The
    factory config still holds the starting values, so a saved config must be given these to say what runs."""
    cfg = nlp.get_pipe("zh_frame_roles").cfg
    return {k: cfg[k] for k in ("add_threshold", "drop_threshold")}


def write_role_thresholds(model_dir: Path, nlp) -> None:
    """Write the thresholds `nlp` runs with into the packaged config.cfg."""
    from thinc.api import Config

    path = model_dir / "config.cfg"
    cfg = Config().from_disk(path, interpolate=False)
    cfg["components"]["zh_frame_roles"].update(role_thresholds(nlp))
    cfg.to_disk(path)


def assemble(base_dir: Optional[Path], learned: Path):
    """The rule pipeline plus the learned components saved by `save_learned`."""
    from .model_setup import load_pipeline

    info = json.loads((learned / "learned.json").read_text(encoding="utf-8"))
    nlp = load_pipeline(base_dir)
    for name in LEARNED:
        block = dict(info["components"][name])
        factory = block.pop("factory")
        kwargs = {"first": True} if name == "ner" else {}
        nlp.add_pipe(factory, name=name, config=block, **kwargs).from_disk(learned / name, exclude=["vocab"])
    return with_labels(nlp, info["labels"])


def predict(nlp, gold: List[Dict]) -> List[Dict]:
    """SPEC records of the pipeline's output for the gold documents' stories (matched by text id)."""
    from .document import annotate, record

    return [record(a, d, with_tokens=False) for a, d in annotate(nlp, _articles(gold))]


def choose_labels(rule_pred: List[Dict], full_pred: List[Dict], gold: List[Dict], candidates: Sequence[str],
                  tolerance: float = 0.005) -> Tuple[List[str], Dict[str, Dict]]:
    """Model labels whose entities raise micro-F1 on `gold` and lower no label's F1 by more than `tolerance`.

    `full_pred` is the output with every model label allowed; the effect of one label is read off it by
    keeping only the model entities that label produced (attrs.model_label).
    """
    from .evaluate import score

    base = score(gold, rule_pred)
    base_f = {k: v.f for k, v in base.spans.items()}
    chosen, report = [], {}
    for label in candidates:
        trial = []
        for d in full_pred:
            ents = [e for e in d["entities"] if e.get("attrs", {}).get("source") != "ner"
                    or e["attrs"].get("model_label") == label]
            trial.append(dict(d, entities=ents))
        rep = score(gold, trial)
        drops = {k: round(base_f.get(k, 0) - v.f, 4) for k, v in rep.spans.items() if base_f.get(k, 0) - v.f > tolerance}
        gain = rep.micro(rep.spans).f - base.micro(base.spans).f
        report[label] = {"micro_f_gain": round(gain, 4), "drops": drops}
        if gain > 0 and not drops:
            chosen.append(label)
    return chosen, report


# A threshold above 1 never fires: the frame-role learner then leaves the rules' frames as they are.
ROLE_OFF = 1.01
ADD_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, ROLE_OFF)
DROP_THRESHOLDS = (0.8, 0.9, 0.95, ROLE_OFF)
# The learner is switched on only when it beats the rules on the dev documents by at least this much frame-triple F1.
# Twice a smaller gain on 34-42 dev stories (+0.005) turned into a loss on the held-out stories (test 0.710 -> 0.709,
# 0.709 -> 0.697): a difference of a few triples is what choosing among 24 threshold pairs finds by chance.
ROLE_MIN_GAIN = 0.01


def pick_role_trial(trials: List[Dict]) -> Dict:
    """The trial to run with; `trials[0]` is the learner off. Highest F1, then main-actor recall; off wins ties,
    then the more conservative pair, and off stays unless the best beats it by ROLE_MIN_GAIN."""
    best = max(trials, key=lambda t: (t["frame_f"], t["main_actor"]))
    return best if best["frame_f"] - trials[0]["frame_f"] >= ROLE_MIN_GAIN else trials[0]


def choose_role_thresholds(nlp, gold: List[Dict]) -> Dict:
    """Set `zh_frame_roles`' add/drop thresholds to those with the best frame-triple F1 on `gold`.

    Off (the rules' frames unchanged) is one of the choices and wins ties and any gain below ROLE_MIN_GAIN, so
    the learner is kept only where it clearly helps on documents it was not trained on. The pipeline runs once; the learner's
    probabilities are computed once and every pair of thresholds is applied to copies of the frames.
    """
    import copy

    from .document import annotate, record
    from .evaluate import score

    pipe = nlp.get_pipe("zh_frame_roles")
    with nlp.select_pipes(disable=["zh_frame_roles"]):
        runs = [(a, d) for a, d in annotate(nlp, _articles(gold)) if d is not None]
    docs = [d for _, d in runs]
    rule_frames = [copy.deepcopy(d._.frames) for d in docs]
    probs = pipe.predict(docs)
    trials = []
    for drop in sorted(DROP_THRESHOLDS, reverse=True):
        for add in sorted(ADD_THRESHOLDS, reverse=True):
            for d, fr in zip(docs, rule_frames):
                d._.frames = copy.deepcopy(fr)
            pipe.cfg.update(add_threshold=add, drop_threshold=drop)
            pipe.set_annotations(docs, probs)
            rep = score(gold, [record(a, d, with_tokens=False) for a, d in runs])
            found, total = rep.main_actor
            trials.append({"add_threshold": add, "drop_threshold": drop, "frame_f": round(rep.frames.f, 4),
                           "main_actor": round(found / total, 4) if total else 0.0})
    best = pick_role_trial(trials)
    pipe.cfg.update(add_threshold=best["add_threshold"], drop_threshold=best["drop_threshold"])
    return {"chosen": {k: best[k] for k in ("add_threshold", "drop_threshold")},
            "rules_only": trials[0], "best": best, "trials": trials}


def _articles(gold: List[Dict]):
    from .reader import read_articles

    ids = {g["id"] for g in gold}
    paths = sorted({g["source"]["path"] for g in gold})
    paths = [p if Path(p).is_absolute() else str(SHARED / p) for p in paths]
    return (a for a in read_articles(paths) if a.id in ids)


@dataclass
class Fitted:
    nlp: object
    labels: List[str]
    label_report: Dict[str, Dict]
    roles: Dict


@dataclass
class TrainResult:
    out: Path
    labels: List[str]
    n_train: int
    n_dev: int
    n_seed: int
    seconds: float
    label_report: Dict[str, Dict]
    curve: List[Dict] = field(default_factory=list)


def _options(config_path: Path, overrides: Optional[Dict] = None) -> Tuple[Dict, int]:
    """The [zhevents] options of a training config (with `zhevents.*` overrides) and its seed."""
    from thinc.api import Config

    if not Path(config_path).exists():
        raise TrainError(f"no training config at {config_path}")
    cfg = Config().from_disk(config_path, interpolate=False)
    opts = dict(cfg.get("zhevents", {}))
    opts.update({k.split(".", 1)[1]: v for k, v in (overrides or {}).items() if k.startswith("zhevents.")})
    return opts, int(cfg["system"]["seed"])


@dataclass
class Inputs:
    """What every training run of one `zhevents train` shares (the main model and each curve point):
    prepared once, because loading the rule pipeline, tokenizing the generic sentences and running the
    rules over the dev split take as long for a 6-story curve point as for the full set."""
    opts: Dict
    split: GoldSplit
    base_nlp: object
    seeds: list
    dev_path: Path
    rule_pred: List[Dict]


def prepare(split: GoldSplit, opts: Dict, work: Path, seed: int, base_dir: Optional[Path]) -> Inputs:
    from .model_setup import load_pipeline

    base_nlp = load_pipeline(base_dir)
    work.mkdir(parents=True, exist_ok=True)
    seeds = seed_docs(base_nlp, opts.get("seed_data", []), dict(opts.get("seed_labels", {})),
                      int(opts.get("seed_sentences", 0)), seed)
    dev_path = work / "dev.spacy"
    write_docbin(gold_docs(base_nlp, split.dev or split.train[:1]), dev_path)
    rule_pred = predict(base_nlp, split.dev) if split.dev else []
    return Inputs(opts, split, base_nlp, seeds, dev_path, rule_pred)


def fit(inp: Inputs, train_docs: List[Dict], config_path: Path, work: Path, seed: int, base_dir: Optional[Path],
        log: Callable[[str], None] = print, overrides: Optional[Dict] = None) -> Fitted:
    """Convert, train with spaCy's trainer, choose on the dev set the labels the model adds and the frame-role
    thresholds."""
    import spacy

    opts, split = inp.opts, inp.split
    work.mkdir(parents=True, exist_ok=True)
    # Gold stories are few beside the generic sentences: repeating them keeps the SPEC conventions and the
    # frame-role examples from being drowned out (the trainer shuffles every epoch).
    gold = gold_docs(inp.base_nlp, train_docs) * int(opts.get("gold_repeat", 1))
    n = write_docbin(gold + inp.seeds, work / "train.spacy")
    log(f"DocBins: {n} training docs ({len(train_docs)} annotated, {len(inp.seeds)} generic sentences) in {work}")
    spacy_ov = {k: v for k, v in (overrides or {}).items() if not k.startswith("zhevents.")}
    best = train_components(config_path, work / "train.spacy", inp.dev_path, work / "trained", seed, base_dir,
                            spacy_ov)
    nlp = spacy.load(best)
    ner_labels = sorted(set(nlp.get_pipe("ner").labels))
    if split.dev:
        full_pred = predict(with_labels(nlp, ner_labels), split.dev)
        labels, label_report = choose_labels(inp.rule_pred, full_pred, split.dev, ner_labels)
    else:
        labels, label_report = list(opts.get("default_labels", [])), {}
    log(f"labels the model adds: {', '.join(labels) or 'none'}")
    nlp = with_labels(nlp, labels)
    roles: Dict = {}
    if split.dev:
        roles = choose_role_thresholds(nlp, split.dev)
        c, r0 = roles["best"], roles["rules_only"]
        log(f"frame roles: add at p >= {c['add_threshold']}, drop at p(NONE) >= {c['drop_threshold']} "
            f"(above 1 = never); dev frame F1 {r0['frame_f']:.3f} with the rules' frames, {c['frame_f']:.3f} chosen")
    return Fitted(nlp, labels, label_report, roles)


def train(annotations: Path, config_path: Path, out: Path, base_dir: Optional[Path] = None, seed: Optional[int] = None,
          limit_docs: Optional[int] = None, work: Optional[Path] = None, curve: bool = False,
          log: Callable[[str], None] = print, overrides: Optional[Dict] = None) -> TrainResult:
    """The whole of `zhevents train`: split, convert, train, choose labels, package; optionally the curve."""
    from .model_setup import register_components

    register_components()
    t0 = time.perf_counter()
    opts, cfg_seed = _options(config_path, overrides)
    seed = cfg_seed if seed is None else seed
    split = split_gold(annotations, opts.get("heldout", []), int(opts.get("dev_every", 5)))
    train_docs = split.train
    if limit_docs is not None:
        train_docs = random.Random(seed).sample(train_docs, min(limit_docs, len(train_docs)))
    log(f"gold: {len(train_docs)} training and {len(split.dev)} dev documents "
        f"(held out: {', '.join(split.heldout_files) or 'none'})")
    work = Path(work) if work else out.parent / f".{out.name}.work"
    inp = prepare(split, opts, work, seed, base_dir)
    n_seed = len(inp.seeds)
    fitted = fit(inp, train_docs, config_path, work, seed, base_dir, log, overrides)
    nlp, labels, label_report = fitted.nlp, fitted.labels, fitted.label_report
    meta = {"train_docs": len(train_docs), "dev_docs": len(split.dev), "seed_sentences": n_seed,
            "labels_added": labels, "label_report": label_report, "frame_roles": fitted.roles, "seed": seed,
            "gold_ids": sorted(d["id"] for d in train_docs)}
    nlp.meta["name"] = out.name
    nlp.meta["zhevents"] = meta
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    write_role_thresholds(out, nlp)
    secs = time.perf_counter() - t0
    log(f"trained in {secs / 60:.1f} min: {out}")
    points = []
    if curve:
        # The same seed orders the documents, so each smaller set is contained in the larger ones.
        order = random.Random(seed).sample(train_docs, len(train_docs))
        for size in sorted(int(n) for n in opts.get("curve_sizes", []) if int(n) < len(train_docs)):
            log(f"learning curve: {size} training documents")
            ov = dict(overrides or {})
            if opts.get("curve_max_steps"):
                ov.setdefault("training.max_steps", int(opts["curve_max_steps"]))
            small = fit(inp, order[:size], config_path, work / f"curve{size}", seed, base_dir, log, ov)
            save_learned(small.nlp, out / "curve" / str(size), small.labels)
            points.append({"docs": size, "labels": small.labels, "frame_roles": small.roles.get("chosen")})
    shutil.rmtree(work, ignore_errors=True)
    meta["seconds"] = round(secs, 1)
    (out / "training.json").write_text(json.dumps(dict(meta, curve=points), ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    return TrainResult(out, labels, len(train_docs), len(split.dev), n_seed, secs, label_report, points)
