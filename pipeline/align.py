"""`zh_entity_aligner`: make tokens agree with entity boundaries, then write the spans.

Entities are found on characters, so a boundary may fall inside a pkuseg token
(长春市委书记 segmented 长春|市委书|记 would hide 长春市委 + 书记).  The aligner
splits every token that straddles an entity boundary (retokenize), merges the
tokens of names and directives into one token each, and writes:

* `doc.spans["entities"]`: every entity, overlaps allowed;
* `doc.ents`: the non-overlapping subset (longest first), for displaCy and NER training;
* `doc._.ent_attrs`: attributes keyed by label and character offsets, read through `Span._.attrs`.
"""

from __future__ import annotations

from typing import Dict, List, Set

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import select_longest

SPAN_KEY = "entities"
MERGE_LABELS = {"OFFICIAL", "PERSON", "DIRECTIVE"}


def ent_key(label: str, start: int, end: int) -> str:
    return f"{label}:{start}:{end}"


def split_at(doc: Doc, boundaries: Set[int]) -> None:
    """Split tokens so that every character offset in `boundaries` is a token boundary."""
    if not boundaries or not len(doc):
        return
    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0]
    ends = starts + arr[:, 1]
    cuts = np.array(sorted(boundaries), dtype=np.int64)
    # the token holding each boundary strictly inside it (one walk over both sorted lists, in numpy)
    tok = np.searchsorted(starts, cuts, side="right") - 1
    inside = (tok >= 0) & (cuts > starts[np.maximum(tok, 0)]) & (cuts < ends[np.maximum(tok, 0)])
    if not inside.any():
        return
    by_token: Dict[int, List[int]] = {}
    for i, b in zip(tok[inside].tolist(), cuts[inside].tolist()):
        by_token.setdefault(i, []).append(b)
    with doc.retokenize() as retok:
        for i, bs in by_token.items():
            tok_ = doc[i]
            s = tok_.idx
            edges = [0, *(b - s for b in bs), len(tok_.text)]
            orths = [tok_.text[a:b] for a, b in zip(edges, edges[1:])]
            retok.split(tok_, orths, heads=[(tok_, 0)] * len(orths))


class EntityAligner:
    def __init__(self, nlp: Language, name: str = "zh_entity_aligner", merge_labels: List[str] = None):
        self.name = name
        self.merge_labels = set(merge_labels if merge_labels is not None else MERGE_LABELS)

    def __call__(self, doc: Doc) -> Doc:
        cands = doc._.ent_cands or []
        if not cands:
            doc.spans[SPAN_KEY] = []
            doc._.ent_attrs = {}
            return doc
        split_at(doc, {b for s, e, _, _ in cands for b in (s, e)})
        merges = [(s, e) for s, e, label, _ in cands if label in self.merge_labels and e - s > 1]
        merge_spans = filter_spans([sp for sp in (doc.char_span(s, e) for s, e in merges) if sp is not None and len(sp) > 1])
        if merge_spans:
            with doc.retokenize() as retok:
                for sp in merge_spans:
                    retok.merge(sp)
        spans: List[Span] = []
        attrs: Dict[str, dict] = {}
        # token index at each start and after each end (what Doc.char_span looks up per call, built once here)
        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist()
        first_at = {s: i for i, s in enumerate(starts)}
        after_end = {s + n: i + 1 for i, (s, n) in enumerate(zip(starts, arr[:, 1].tolist()))}
        for s, e, label, a in sorted(cands, key=lambda c: (c[0], -c[1])):
            i, j = first_at.get(s), after_end.get(e)
            if i is None or j is None or j <= i:  # only possible for a span inside a merged token of another entity
                continue
            sp = Span(doc, i, j, label=label)
            spans.append(sp)
            attrs[ent_key(label, s, e)] = a
        doc.spans[SPAN_KEY] = spans
        doc._.ent_attrs = attrs
        longest = select_longest([(sp.start_char, sp.end_char, sp) for sp in spans])
        doc.ents = [sp for _, _, sp in longest]
        doc._.ent_cands = None  # consumed: the spans are the record now
        return doc


@Language.factory("zh_entity_aligner", default_config={"merge_labels": sorted(MERGE_LABELS)})
def make_aligner(nlp: Language, name: str, merge_labels: List[str]):
    return EntityAligner(nlp, name, merge_labels)
