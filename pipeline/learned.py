"""`zh_learned_entities`: entities of a trained spaCy `ner` join the rule layer's candidates.

The trained `ner` runs first, on the segmenter's tokens, and leaves its entities in `doc.ents`;
this component (after `zh_people`, before `zh_entity_aligner`) moves those of the configured
labels into `doc._.ent_cands` under the policy of `pipeline/ent_merge.py` (rules win on overlap).
`zhevents train` chooses the labels on the dev set and writes them into the packaged config.

Every span the model predicted, added or not, stays in `doc._.learned_ents` as character offsets
(the aligner rewrites `doc.ents` and retokenizes, which would leave token spans stale): users can
see what the model proposed, and the trainer scores the model on it (`learned_ents_f`), not on the
merged entities, which are the rules' wherever they overlap.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from .ent_merge import merge_candidates


class LearnedEntities:
    def __init__(self, nlp: Language, name: str = "zh_learned_entities", labels: List[str] = (), source: str = "ner"):
        self.name = name
        self.labels = list(labels)
        self.source = source

    def __call__(self, doc: Doc) -> Doc:
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        doc._.learned_ents = [list(s) for s in spans]
        if spans:
            merge_candidates(doc, spans, self.labels, self.source)
        return doc

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, float]:
        """P/R/F of the model's own spans (exact character offsets and label) against the reference entities."""
        from .evaluate import PRF

        prf = PRF()
        for eg in examples:
            prf.add(Counter((e.start_char, e.end_char, e.label_) for e in eg.reference.ents),
                    Counter(tuple(s) for s in eg.predicted._.learned_ents or []))
        return {"learned_ents_p": prf.p, "learned_ents_r": prf.r, "learned_ents_f": prf.f}


@Language.factory("zh_learned_entities", default_config={"labels": [], "source": "ner"},
                  default_score_weights={"learned_ents_f": 1.0, "learned_ents_p": 0.0, "learned_ents_r": 0.0})
def make_learned_entities(nlp: Language, name: str, labels: List[str], source: str):
    return LearnedEntities(nlp, name, labels, source)
