"""`zh_frame_roles`: a trained component that decides the role of each candidate argument of a frame.

The rule frame builder (`zh_frames`) finds the triggers and fills roles by position and wording.
This component looks again at every (frame, entity) pair in the frame's scope (its paragraph and,
for INSPECTION, MEETING and INSTRUCTION, the paragraphs that go on with it) and predicts a role or
NONE from sparse features: frame type, trigger, the entity's label, the role the rules gave it, the
distance and direction, the characters around the entity and a few words in between.  It is a
linear model over hashed features (thinc `HashEmbed` summed, then softmax), trained with spaCy's
trainer: the rule components run as frozen, annotating components, and the gold frames of the
reference Doc (`doc._.frames`, stored in the DocBin) give each pair its label.

At prediction time:

* a pair the rules left out becomes an argument when the model gives a role a probability of at
  least `add_threshold`;
* a rule argument is removed when the model gives NONE at least `drop_threshold`, except a frame's
  only agent / chair / speaker / reporter, which goes only when the model put another in its place;
* roles that are not entities (topic, name, metric, value, context) are left as the rules made them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy
from murmurhash.mrmr import hash_unicode
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model, Optimizer, HashEmbed, Softmax, chain, list2ragged, reduce_sum, with_array

# Roles whose fillers are entities, per frame type (SPEC section 3); NONE is "not an argument".
ENTITY_ROLES = {
    "INSPECTION": ("agent", "companion", "place", "target", "measure"),
    "MEETING": ("chair", "attendee", "place", "measure"),
    "INSTRUCTION": ("speaker", "addressee", "measure"),
    "REPORT": ("reporter",),
    "CASE_STATS": ("place",),
}
ROLE_LABELS = ["NONE"] + sorted({r for roles in ENTITY_ROLES.values() for r in roles})
CANDIDATE_LABELS = {"OFFICIAL", "PERSON", "ORG", "PLACE", "DIRECTIVE"}
SENT_END_RE = re.compile("[。！？；\n]")
# The frames that end another frame's scope (see FrameRoles.pairs); a type not listed keeps to its paragraph.
STOP_TYPES = {"INSPECTION": {"INSPECTION", "MEETING"}, "MEETING": {"INSPECTION", "MEETING"},
              "INSTRUCTION": {"INSPECTION", "MEETING", "INSTRUCTION", "REPORT"}}
MAIN_ROLES = {"agent", "chair", "speaker", "reporter"}
# Arguments that SPEC derives instead of reading them off the text: the measures of an INSPECTION or
# MEETING are the union of those of the INSTRUCTIONs given in it. They are not predicted here; a measure
# the model adds to an INSTRUCTION is added to the frame of its `context` too.
DERIVED = {"INSPECTION": {"DIRECTIVE"}, "MEETING": {"DIRECTIVE"}}
# Words between a trigger and a candidate that tell its role (主持 before a chair, 陪同 before companions ...).
CUE_WORDS = ("主持", "出席", "参加", "陪同", "强调", "要求", "指出", "汇报", "在", "来到", "会见", "召开", "对", "向",
             "一同", "先后", "随后", "他", "她", "并", "等")


@registry.architectures("zhevents.FrameRoleModel.v1")
def build_frame_role_model(width: int = 64, rows: int = 1 << 17, nO: Optional[int] = None) -> Model:
    """Hashed sparse features per pair -> summed embeddings -> softmax over roles."""
    return chain(list2ragged(), with_array(HashEmbed(nO=width, nV=rows, seed=11)), reduce_sum(), Softmax(nO=nO, nI=width))


def _bucket(n: int) -> str:
    for b in (0, 1, 2, 4, 8, 16, 32, 64):
        if abs(n) <= b:
            return f"{'-' if n < 0 else '+'}{b}"
    return "-far" if n < 0 else "+far"


def _paragraph_starts(text: str) -> List[int]:
    return [0] + [m.end() for m in re.finditer("\n", text) if m.end() < len(text)]


def _arg_text(span: Span) -> str:
    a = span._.attrs
    return a.get("canonical") if span.label_ == "OFFICIAL" and a.get("short_ref") else span.text


class FrameRoles(TrainablePipe):
    def __init__(self, vocab, model: Model, name: str = "zh_frame_roles", *, add_threshold: float = 0.6,
                 drop_threshold: float = 0.9):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": list(ROLE_LABELS), "add_threshold": add_threshold, "drop_threshold": drop_threshold}

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    # -- pairs and their features ------------------------------------------------------------------
    def pairs(self, doc: Doc) -> List[Tuple[int, Span, Optional[str]]]:
        """(frame index, candidate entity, role the rules gave it or None) for every frame of the doc.

        A frame's candidates are the entities of its scope: from the start of the trigger's paragraph to
        the paragraph of the next frame that stops it (for INSPECTION and MEETING the next INSPECTION or
        MEETING, whose measures and places come in the paragraphs after the trigger; for INSTRUCTION any
        next frame; the others keep to their paragraph).
        """
        frames = doc._.frames or []
        if not frames or "entities" not in doc.spans:
            return []
        text = doc.text
        pars = _paragraph_starts(text)
        ents = [sp for sp in doc.spans["entities"] if sp.label_ in CANDIDATE_LABELS]
        out = []
        for fi, f in enumerate(frames):
            if f["type"] not in ENTITY_ROLES:
                continue
            lo, hi = self._scope(text, pars, f, frames)
            given = {tuple(a["span"][:2]): a["role"] for a in f["args"] if a.get("span")}
            derived = DERIVED.get(f["type"], set())
            for sp in ents:
                if lo <= sp.start_char and sp.end_char <= hi and sp.label_ not in derived:
                    out.append((fi, sp, given.get((sp.start_char, sp.end_char))))
        return out

    def _scope(self, text: str, pars: List[int], f: Dict, frames: List[Dict]) -> Tuple[int, int]:
        t0 = f["trigger"]["start"]
        pi = bisect_right(pars, t0) - 1
        lo = pars[pi]
        own_end = pars[pi + 1] if pi + 1 < len(pars) else len(text)
        stops = STOP_TYPES.get(f["type"])
        if stops is None:
            return lo, own_end
        later = [g["trigger"]["start"] for g in frames if g["type"] in stops and g["trigger"]["start"] >= own_end]
        if not later:
            return lo, len(text)
        return lo, pars[bisect_right(pars, min(later)) - 1]

    def features(self, doc: Doc, frame: Dict, sp: Span, rule_role: Optional[str]) -> numpy.ndarray:
        text = doc.text
        t0, t1 = frame["trigger"]["start"], frame["trigger"]["end"]
        ftype, label = frame["type"], sp.label_
        dist = sp.start_char - t1 if sp.start_char >= t1 else sp.end_char - t0
        side = "after" if sp.start_char >= t1 else "before"
        between = text[t1:sp.start_char] if side == "after" else text[sp.end_char:t0]
        rr = rule_role or "-"
        pars = between.count("\n")
        sents = len(SENT_END_RE.findall(between))
        feats = [
            f"T={ftype}", f"L={label}", f"R={rr}", f"TL={ftype}|{label}", f"TLR={ftype}|{label}|{rr}",
            f"TLS={ftype}|{label}|{side}", f"TLRS={ftype}|{label}|{rr}|{side}", f"D={ftype}|{label}|{_bucket(dist)}",
            f"trig={frame['trigger']['text']}|{label}", f"L1={ftype}|{label}|{text[max(0, sp.start_char - 1):sp.start_char]}",
            f"L2={ftype}|{label}|{text[max(0, sp.start_char - 2):sp.start_char]}",
            f"R1={ftype}|{label}|{text[sp.end_char:sp.end_char + 1]}", f"R2={ftype}|{label}|{text[sp.end_char:sp.end_char + 2]}",
            f"P={ftype}|{label}|{side}|{min(pars, 3)}", f"S={ftype}|{label}|{side}|{_bucket(sents)}",
            f"PR={ftype}|{label}|{rr}|{min(pars, 3)}",
            f"comma={ftype}|{label}|{side}|{min(between.count('，'), 4)}",
            f"src={label}|{sp._.attrs.get('source', 'rule')}",
        ]
        for w in CUE_WORDS:
            if w in between:
                feats.append(f"btw={ftype}|{label}|{side}|{w}")
        return numpy.asarray([hash_unicode(f) & 0xFFFFFFFF for f in feats], dtype="uint64")

    def _featurize(self, docs: Iterable[Doc]) -> Tuple[List[numpy.ndarray], List[List[Tuple[int, Span, Optional[str]]]]]:
        feats, per_doc = [], []
        for doc in docs:
            ps = self.pairs(doc)
            per_doc.append(ps)
            frames = doc._.frames or []
            feats.extend(self.features(doc, frames[fi], sp, rr) for fi, sp, rr in ps)
        return feats, per_doc

    # -- prediction -----------------------------------------------------------------------------------
    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        feats, per_doc = self._featurize(docs)
        if not feats:
            return per_doc, self.model.ops.alloc2f(0, len(self.labels))
        return per_doc, self.model.predict([self.model.ops.asarray(f, dtype="uint64") for f in feats])

    def set_annotations(self, docs: Iterable[Doc], scores) -> None:
        per_doc, probs = scores
        probs = self.model.ops.to_numpy(probs)
        i = 0
        none = self.labels.index("NONE")
        for doc, pairs in zip(docs, per_doc):
            frames = doc._.frames or []
            drops: Dict[int, List[Tuple[str, Tuple[int, int]]]] = {}
            for fi, sp, rule_role in pairs:
                p = probs[i]
                i += 1
                f = frames[fi]
                if rule_role is not None:
                    if p[none] >= self.cfg["drop_threshold"]:
                        drops.setdefault(fi, []).append((rule_role, (sp.start_char, sp.end_char)))
                    continue
                best = max(ENTITY_ROLES[f["type"]], key=lambda r: p[self.labels.index(r)])
                if p[self.labels.index(best)] >= self.cfg["add_threshold"]:
                    self._add(frames, f, best, sp)
            for fi, dropped in drops.items():
                f = frames[fi]
                # A frame keeps its only actor unless the model put another in the same role: an actorless
                # frame answers nothing, and a doubtful actor is still the best the rules had.
                held = {role: sum(1 for a in f["args"] if a["role"] == role) for role, _ in dropped}
                gone = {(r, at) for r, at in dropped if r not in MAIN_ROLES
                        or held[r] > sum(1 for r2, _ in dropped if r2 == r)}
                f["args"] = [a for a in f["args"] if not (a.get("span") and (a["role"], tuple(a["span"][:2])) in gone)]

    def _add(self, frames: List[Dict], f: Dict, role: str, sp: Span) -> None:
        text = _arg_text(sp)
        arg = {"role": role, "span": [sp.start_char, sp.end_char, sp.label_], "text": text, "source": self.name}
        contexts = {a.get("frame") for a in f["args"] if a["role"] == "context"} if role == "measure" else set()
        for g in [f] + [g for g in frames if g.get("id") in contexts]:
            if not any(a["role"] == role and a.get("text") == text for a in g["args"]):
                g["args"].append(dict(arg))

    # -- training ---------------------------------------------------------------------------------------
    def _gold_labels(self, eg: Example, per_doc_pairs) -> List[int]:
        """The gold role of each pair, from the gold frame matched to the rule frame (NONE when none is)."""
        frames = eg.predicted._.frames or []
        matched = match_frames(frames, eg.reference._.frames or [])
        out = []
        for fi, sp, _ in per_doc_pairs:
            f = frames[fi]
            gold = matched.get(fi)
            role = "NONE"
            if gold is not None:
                text = _arg_text(sp)
                for a in gold["args"]:
                    if a.get("text") in (text, sp.text) and a["role"] in ENTITY_ROLES[f["type"]]:
                        role = a["role"]
                        break
            out.append(self.labels.index(role))
        return out

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        feats, per_doc = self._featurize(eg.predicted for eg in examples)
        if not feats:
            return losses
        gold = [g for eg, ps in zip(examples, per_doc) for g in self._gold_labels(eg, ps)]
        probs, backprop = self.model.begin_update([self.model.ops.asarray(f, dtype="uint64") for f in feats])
        target = self.model.ops.alloc2f(len(gold), len(self.labels))
        target[numpy.arange(len(gold)), gold] = 1.0
        d_probs = (probs - target) / len(gold)
        backprop(d_probs)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += float((d_probs ** 2).sum())
        return losses

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None) -> None:
        out = self.model.layers[-1]
        if not out.has_dim("nO"):
            out.set_dim("nO", len(self.labels))
        elif out.get_dim("nO") != len(self.labels):
            raise ValueError(f"{self.name}: the model has {out.get_dim('nO')} outputs for {len(self.labels)} roles")
        sample = [numpy.asarray([1, 2, 3], dtype="uint64")]
        self.model.initialize(X=[self.model.ops.asarray(s, dtype="uint64") for s in sample],
                              Y=self.model.ops.alloc2f(1, len(self.labels)))

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, float]:
        """Frame-triple P/R/F (type, role, argument text) of the predicted docs, as SPEC section 5 counts them."""
        from .evaluate import PRF, frame_triples

        prf = PRF()
        for eg in examples:
            prf.add(frame_triples(eg.reference._.frames or []), frame_triples(eg.predicted._.frames or []))
        return {"frame_triples_p": prf.p, "frame_triples_r": prf.r, "frame_triples_f": prf.f}


def match_frames(pred: List[Dict], gold: List[Dict]) -> Dict[int, Dict]:
    """Pair predicted frames with gold frames of the same type, one to one, by the arguments they share.

    Gold frames are written by hand without trigger offsets, so they are matched by content: the score is
    the number of shared (role, text) arguments plus half the number of shared argument texts in other
    roles; pairs are taken best first, and a pair sharing nothing is no match.
    """
    scored = []
    for i, f in enumerate(pred):
        ft = {(a["role"], a.get("text")) for a in f["args"] if a.get("text")}
        ftexts = {t for _, t in ft}
        for j, g in enumerate(gold):
            if g["type"] != f["type"]:
                continue
            gt = {(a["role"], a.get("text")) for a in g["args"] if a.get("text")}
            both = len(ft & gt)
            loose = len(ftexts & {t for _, t in gt}) - both
            if both + loose:
                scored.append((-(both + 0.5 * loose), i, j))
    out, used = {}, set()
    for _, i, j in sorted(scored):
        if i not in out and j not in used:
            out[i] = gold[j]
            used.add(j)
    return out


@Language.factory(
    "zh_frame_roles",
    default_config={"model": {"@architectures": "zhevents.FrameRoleModel.v1", "width": 64, "rows": 1 << 17, "nO": None},
                    "add_threshold": 0.6, "drop_threshold": 0.9},
    default_score_weights={"frame_triples_f": 1.0, "frame_triples_p": 0.0, "frame_triples_r": 0.0},
)
def make_frame_roles(nlp: Language, name: str, model: Model, add_threshold: float, drop_threshold: float):
    return FrameRoles(nlp.vocab, model, name, add_threshold=add_threshold, drop_threshold=drop_threshold)
