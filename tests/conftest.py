"""Shared fixtures: the real corpus beside the checkout, and the saved pipeline."""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
XWLB = CORPUS / "xwlb"


def seed(n: int) -> Path:
    """Path of seed article number n (000 ... 004)."""
    return next(SEEDS.glob(f"{n:03d}_*.txt"))


def seed_text(n: int) -> str:
    return seed(n).read_text(encoding="utf-8")


def xwlb_record(nlp, day: str, story: int) -> dict:
    """The SPEC record of one evening-news story (xwlb/DAY.md, story index as the reader numbers them)."""
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    arts = [a for a in read_articles([str(XWLB / f"{day}.md")]) if a.source.get("story") == story]
    return [record(a, d, with_tokens=False) for a, d in annotate(nlp, arts)][0]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def comparable(s: str) -> str:
    """What a raw span and its normalized text must agree on: same characters after OpenCC and NFKC."""
    return unicodedata.normalize("NFKC", _t2s().convert(html.unescape(s)))


def raw_piece(raw: str, starts, ends, orig_start: int, orig_end: int) -> str:
    """raw[orig_start:orig_end] without the positions normalization removed (no character maps to them)."""
    covered = set()
    for s, e in zip(starts, ends):
        if e > s and s < orig_end and e > orig_start:
            covered.update(range(max(s, orig_start), min(e, orig_end)))
    return "".join(raw[i] for i in range(orig_start, orig_end) if i in covered)


@pytest.fixture(scope="session")
def nlp():
    from pipeline.model_setup import DEFAULT_PIPELINE, load_pipeline

    if not (DEFAULT_PIPELINE / "config.cfg").exists():
        pytest.fail("no saved pipeline: run `make test` (it builds models/zh_events first)")
    return load_pipeline(DEFAULT_PIPELINE)
