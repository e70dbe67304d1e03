"""`zh_learned_entities`: entities of a trained spaCy `ner` join the rule layer's candidates.

The trained `ner` runs first, on the segmenter's tokens, and leaves its entities in `doc.ents`;
this component (after `zh_people`, before `zh_entity_aligner`) moves those of the configured
labels into `doc._.ent_cands` under the policy of `pipeline/ent_merge.py` (rules win on overlap).
`zhevents train` chooses the labels on the dev set and writes them into the packaged config.
"""

from __future__ import annotations

from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from .ent_merge import merge_candidates


class LearnedEntities:
    def __init__(self, nlp: Language, name: str = "zh_learned_entities", labels: List[str] = (), source: str = "ner"):
        self.name = name
        self.labels = list(labels)
        self.source = source

    def __call__(self, doc: Doc) -> Doc:
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        if spans:
            merge_candidates(doc, spans, self.labels, self.source)
        return doc


@Language.factory("zh_learned_entities", default_config={"labels": [], "source": "ner"})
def make_learned_entities(nlp: Language, name: str, labels: List[str], source: str):
    return LearnedEntities(nlp, name, labels, source)
