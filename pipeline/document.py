"""Between `Article`, spaCy `Doc` and SPEC JSON records (SPEC section 1)."""

from __future__ import annotations

import traceback
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401  (registers the extension attributes)
from .lexicon import doc_text
from .reader import Article

SCHEMA = 1
ENTITY_SPAN_KEY = "entities"  # span group holding all entity spans (overlaps allowed, unlike doc.ents)


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenize an article's text and attach its provenance; components run afterwards."""
    doc = nlp.make_doc(article.text.text)
    doc._.id = article.id
    doc._.source = article.source
    doc._.errors = list(article.errors)
    doc._.normalization = article.normalization
    doc._.orig_starts = article.text.starts
    doc._.orig_ends = article.text.ends
    return doc


def annotate(nlp: Language, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Tuple[Article, Optional[Doc]]]:
    """Run the pipeline over readable articles; error records pass through with no Doc.

    A document that makes a component fail is returned with the error on its record and the batch
    goes on (the other documents of its batch are re-run one by one).
    """
    batch: List[Article] = []
    for art in articles:
        if not art.ok:
            yield art, None
            continue
        batch.append(art)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


Failure = Tuple[str, BaseException, str]  # the component that raised ("tokenizer" for make_doc), the exception, its traceback


def run_components(nlp: Language, docs: List[Doc]) -> List[Doc]:
    """Every component of the pipeline over tokenized documents, component by component (`pipe` where it has one)."""
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


def run_each(nlp: Language, batch: List[Article]) -> Iterator[Tuple[Article, Optional[Doc], Optional[Failure]]]:
    """The pipeline over a batch, component by component (`pipe`). When anything raises, each document is
    re-run alone, so that only the one that fails gets no Doc; yields (article, doc, None) or
    (article, None, failure) in the batch's order."""
    try:
        docs = run_components(nlp, [make_doc(nlp, a) for a in batch])
    except Exception:
        pass
    else:
        for art, doc in zip(batch, docs):
            yield art, doc, None
        return
    for art in batch:
        stage = "tokenizer"
        try:
            doc = make_doc(nlp, art)
            for stage, proc in nlp.pipeline:
                doc = proc(doc)
        except Exception as exc:
            yield art, None, (stage, exc, traceback.format_exc())
            continue
        yield art, doc, None


def _run_batch(nlp: Language, batch: List[Article]) -> Iterator[Tuple[Article, Optional[Doc]]]:
    for art, doc, failed in run_each(nlp, batch):
        if failed is not None:
            exc = failed[1]
            art.errors.append(f"pipeline failed: {type(exc).__name__}: {exc}")
        yield art, doc


def _span_entity(span: Span, eid: str) -> Dict:
    return {
        "id": eid,
        "label": span.label_,
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
        "orig_start": span._.orig_start,
        "orig_end": span._.orig_end,
        "attrs": dict(span._.attrs) if Span.has_extension("attrs") and span._.attrs else {},
    }


def _standard_extensions() -> bool:
    """Are Span._.attrs and Span._.orig_start/orig_end the getters of extensions.py (so that `_entities`
    may compute them directly)?"""
    attrs = Span.get_extension("attrs")
    orig = [Span.get_extension(n) for n in ("orig_start", "orig_end")]
    return (attrs is not None and attrs[2] is extensions._span_attrs
            and all(o is not None and o[2] is not None and o[2].__defaults__ == (extensions._span_orig,) for o in orig))


def _entities(doc: Doc, ents: List[Span]) -> List[Dict]:
    """`_span_entity` for every span, reading the Doc's extension values once rather than per span."""
    if not _standard_extensions():
        return [_span_entity(s, f"e{i + 1}") for i, s in enumerate(ents)]
    text = doc_text(doc)
    table = doc._.ent_attrs or {}
    out = []
    for i, span in enumerate(ents):
        s, e, label = span.start_char, span.end_char, span.label_
        o_start, o_end = extensions._char_span_orig(doc, s, e)
        attrs = table.get(f"{label}:{s}:{e}")
        out.append({"id": f"e{i + 1}", "label": label, "text": text[s:e], "start": s, "end": e,
                    "orig_start": o_start, "orig_end": o_end, "attrs": dict(attrs) if attrs else {}})
    return out


def doc_entities(doc: Doc) -> List[Span]:
    spans = list(doc.spans[ENTITY_SPAN_KEY]) if ENTITY_SPAN_KEY in doc.spans else list(doc.ents)
    return sorted(spans, key=lambda s: (s.start_char, -s.end_char, s.label_))


def _frames_with_ids(frames: List[Dict], ids: Dict[Tuple[int, int, str], str]) -> List[Dict]:
    """Frame arguments point at entity spans on the Doc; in the record they point at entity ids."""
    out = []
    for f in frames:
        f = dict(f, args=[dict(a) for a in f["args"]])
        for a in f["args"]:
            span = a.pop("span", None)
            if span is not None:
                eid = ids.get(tuple(span))
                if eid:
                    a["entity"] = eid
            if a.get("text") is None:
                a.pop("text")
        out.append(f)
    return out


def record(article: Article, doc: Optional[Doc], with_tokens: bool = True) -> Dict:
    """The SPEC JSON object for one article (an error record when `doc` is None)."""
    rec: Dict = {
        "schema": SCHEMA,
        "id": article.id,
        "source": article.source,
        "text": article.text.text if article.text is not None else "",
        "entities": [],
        "frames": [],
        "errors": list(article.errors),
    }
    if article.normalization:
        rec["normalization"] = article.normalization
    if doc is None:
        if article.text is not None and not rec["errors"]:
            rec["errors"].append("not annotated")
        return rec
    ents = doc_entities(doc)
    rec["entities"] = _entities(doc, ents)
    rec["frames"] = _frames_with_ids(doc._.frames or [], {(s.start_char, s.end_char, s.label_): f"e{i + 1}" for i, s in enumerate(ents)})
    if with_tokens:
        rec["tokens"] = [[t.idx, t.idx + len(t.text), t._.orig_start, t._.orig_end] for t in doc]
    return rec
