"""How entities from a statistical model join the rule layer's candidates.

Used by every learned recognizer that feeds the pipeline (the spaCy NER trained by
`zhevents train`, the optional HanLP components). The policy, in order:

1. Rules win. A model span that overlaps any rule candidate (or an earlier model
   span) is dropped: rule candidates carry attributes (titles, admin paths,
   directive categories, date values) that a model cannot give, and their
   boundaries follow the annotation guidelines.
2. Only labels the component is configured to add are kept (`labels`), so a model
   that is weak on one label cannot lower that label's precision.
3. A model PERSON right after a TITLE candidate (省委书记|张三, or a title chain
   ending at a 、) is an OFFICIAL, as the rule layer would call it; its `titles`
   attribute lists that title.
4. Every added candidate says where it came from: `attrs["source"]`, and the label the model gave
   it: `attrs["model_label"]` (which differs from the final label for a PERSON made OFFICIAL).

Candidates live in `doc._.ent_cands` as `[start, end, label, attrs]` (character
offsets) until `zh_entity_aligner` turns them into spans, so a merging component
must run before the aligner.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.tokens import Doc

ModelSpan = Tuple[int, int, str]


def merge_candidates(doc: Doc, spans: Iterable[ModelSpan], labels: Optional[Sequence[str]], source: str,
                     extra_attrs: Optional[Dict[str, Any]] = None) -> List[list]:
    """Add model spans (character offsets, SPEC labels) to `doc._.ent_cands`; returns what was added."""
    cands = list(doc._.ent_cands or [])
    taken = bytearray(len(doc.text) + 1)
    for s, e, _, _ in cands:
        taken[s:e] = b"\x01" * (e - s)
    title_ends = {e: doc.text[s:e] for s, e, label, _ in cands if label == "TITLE"}
    allowed = set(labels) if labels is not None else None
    added = []
    for s, e, label in sorted(spans):
        if e <= s or (allowed is not None and label not in allowed) or any(taken[s:e]):
            continue
        attrs: Dict[str, Any] = {"source": source, "model_label": label, **(extra_attrs or {})}
        if label == "PERSON":
            title = title_ends.get(s)
            if title is not None:
                label, attrs["titles"] = "OFFICIAL", [title]
        taken[s:e] = b"\x01" * (e - s)
        added.append([s, e, label, attrs])
    doc._.ent_cands = cands + added
    return added
