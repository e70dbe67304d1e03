"""Extension attributes the pipeline sets on `Doc`, `Span` and `Token`.

The normalized text of a `Doc` is traced back to the raw input by two
per-character lists (`Doc._.orig_starts`, `Doc._.orig_ends`); tokens and spans
expose `orig_start`/`orig_end` computed from them.
"""

from __future__ import annotations

from typing import Optional, Tuple

from spacy.tokens import Doc, Span, Token


def _char_span_orig(doc: Doc, start: int, end: int) -> Tuple[Optional[int], Optional[int]]:
    starts, ends = doc._.orig_starts, doc._.orig_ends
    if starts is None:
        return start, end
    if end > start:
        return min(starts[start:end]), max(ends[start:end])
    if start < len(starts):
        return starts[start], starts[start]
    return (ends[-1], ends[-1]) if ends else (0, 0)


def _token_orig(token: Token) -> Tuple[Optional[int], Optional[int]]:
    return _char_span_orig(token.doc, token.idx, token.idx + len(token.text))


def _span_orig(span: Span) -> Tuple[Optional[int], Optional[int]]:
    return _char_span_orig(span.doc, span.start_char, span.end_char)


def _span_attrs(span: Span) -> dict:
    table = span.doc._.ent_attrs or {}
    return table.get(f"{span.label_}:{span.start_char}:{span.end_char}", {})


def register_extensions() -> None:
    for name, default in (
        ("id", None),
        ("source", None),
        ("errors", None),
        ("normalization", None),
        ("orig_starts", None),
        ("orig_ends", None),
        ("frames", None),
        ("ent_cands", None),  # [start, end, label, attrs] found on characters, before token alignment
        ("ent_attrs", None),  # "LABEL:start:end" -> attrs of each entity span
        ("learned_ents", None),  # [start, end, label] of every span a trained recognizer predicted (added or not)
        ("coref", None),  # pronoun and short-reference resolution, for the frame builder
        ("srl_candidates", None),  # predicate-argument structures from zh_hanlp_srl, for the frame builder
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", getter=_span_attrs)
    for cls, getter in ((Token, _token_orig), (Span, _span_orig)):
        if not cls.has_extension("orig_start"):
            cls.set_extension("orig_start", getter=lambda x, g=getter: g(x)[0])
            cls.set_extension("orig_end", getter=lambda x, g=getter: g(x)[1])


register_extensions()
