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

from bisect import bisect_left, bisect_right
from typing import Dict, List, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import forget_bounds, select_longest, token_bounds, token_offsets

SPAN_KEY = "entities"
MERGE_LABELS = {"OFFICIAL", "PERSON", "DIRECTIVE"}


def ent_key(label: str, start: int, end: int) -> str:
    return f"{label}:{start}:{end}"


def split_at(doc: Doc, boundaries: Set[int]) -> None:
    """Split tokens so that every character offset in `boundaries` is a token boundary."""
    if not boundaries or not len(doc):
        return
    starts_set, ends_set = token_bounds(doc)
    # most entities already sit on token boundaries: only the rest need the arrays
    cuts = sorted(b for b in boundaries if b not in starts_set and b not in ends_set)
    if not cuts:
        return
    starts, ends = token_offsets(doc)
    by_token: Dict[int, List[int]] = {}
    for b in cuts:
        i = bisect_right(starts, b) - 1
        if i >= 0 and b < ends[i]:  # strictly inside token i (b past the text holds none)
            by_token.setdefault(i, []).append(b)
    if not by_token:
        return
    forget_bounds(doc)
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
            forget_bounds(doc)
            with doc.retokenize() as retok:
                for sp in merge_spans:
                    retok.merge(sp)
        spans: List[Span] = []
        attrs: Dict[str, dict] = {}
        # token index at each start and after each end, looked up in the token offsets (a dict over every token
        # of the story, as Doc.char_span builds per call, costs more than the few lookups the entities need); the
        # ruler's offsets serve unless a split or merge above changed the tokens
        starts, ends = token_offsets(doc)
        offsets: List[Tuple[int, int, Span]] = []
        label_ids: Dict[str, int] = {}
        for s, e, label, a in sorted(cands, key=lambda c: (c[0], -c[1])):
            i, j = bisect_left(starts, s), bisect_left(ends, e)
            if i == len(starts) or starts[i] != s or j == len(ends) or ends[j] != e or j < i:
                continue  # only possible for a span inside a merged token of another entity
            lid = label_ids.get(label)
            if lid is None:
                lid = label_ids[label] = doc.vocab.strings.add(label)
            sp = Span(doc, i, j + 1, label=lid)  # an id: a string label is added to the StringStore per span
            spans.append(sp)
            offsets.append((s, e, sp))
            attrs[ent_key(label, s, e)] = a
        doc.spans[SPAN_KEY] = spans
        doc._.ent_attrs = attrs
        # the rule components never hand over overlapping entities; a learned or HanLP component may
        longest = offsets if all(a[1] <= b[0] for a, b in zip(offsets, offsets[1:])) else select_longest(offsets)
        # set_ents takes the spans as they are (the `doc.ents` setter would rebuild every one of them first)
        doc.set_ents([sp for _, _, sp in longest], default="outside")
        doc._.ent_cands = None  # consumed: the spans are the record now
        return doc


@Language.factory("zh_entity_aligner", default_config={"merge_labels": sorted(MERGE_LABELS)})
def make_aligner(nlp: Language, name: str, merge_labels: List[str]):
    return EntityAligner(nlp, name, merge_labels)
