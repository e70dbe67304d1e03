"""The saved spaCy pipeline: segmentation, user dictionary, offsets, serialization."""

import pickle
import re

import pytest
import spacy

from conftest import XWLB, comparable, raw_piece, seed
from pipeline.document import annotate
from pipeline.model_setup import DEFAULT_PIPELINE, lexicon_terms, load_pipeline
from pipeline.reader import read_articles


def test_pipeline_is_chinese_with_pkuseg(nlp):
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "pkuseg"
    assert set(lexicon_terms(["officials.tsv", "directives.tsv"])) <= set(nlp.tokenizer.user_words())


def _boundaries_inside(tokens, name, text):
    idx, pos = set(), 0
    for t in tokens:
        idx.add(pos)
        pos += len(t)
    return sum(1 for m in re.finditer(name, text) for k in range(m.start() + 1, m.end()) if k in idx)


def test_user_dictionary_keeps_known_names_whole(nlp):
    import spacy_pkuseg

    text = next(read_articles([str(seed(0))])).text.text
    bare = spacy_pkuseg.pkuseg(str(DEFAULT_PIPELINE / "tokenizer" / "pkuseg_model"), user_dict=None).cut(text)
    ours = [t.text for t in nlp(text)]
    split_by_bare = [n for n in ("景俊海", "韩俊", "江泽林", "李斌") if _boundaries_inside(bare, n, text)]
    assert "景俊海" in split_by_bare  # the MSRA model alone cuts 景|俊海 in this story
    for name in split_by_bare:
        assert _boundaries_inside(ours, name, text) == 0, name


def _check_token_offsets(docs_with_raw):
    checked = 0
    for doc, raw in docs_with_raw:
        for tok in doc:
            if tok.is_space:
                continue
            s, e = tok._.orig_start, tok._.orig_end
            assert 0 <= s < e <= len(raw)
            piece = raw_piece(raw, doc._.orig_starts, doc._.orig_ends, s, e)
            assert comparable(piece) == comparable(tok.text), (doc._.source["path"], tok.text, raw[s:e])
            checked += 1
    return checked


def _docs(nlp, paths):
    raws = {}
    for art, doc in annotate(nlp, read_articles([str(p) for p in paths])):
        path = art.source["path"]
        if path not in raws:
            from pipeline.encoding import read_file

            raws[path] = read_file(path).text
        yield doc, raws[path]


def test_every_token_of_every_seed_traces_back_to_the_source(nlp):
    assert _check_token_offsets(_docs(nlp, [seed(n) for n in range(5)])) > 5000


def test_token_offsets_on_evening_news_the_rules_were_not_written_for(nlp):
    days = sorted(XWLB.glob("2022*.md"))[::30]  # every 30th day across the year
    assert _check_token_offsets(_docs(nlp, days)) > 10000


def test_loading_does_not_unpickle(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("unpickling at run time")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    nlp = load_pipeline(DEFAULT_PIPELINE)
    assert [t.text for t in nlp("省委书记景俊海主持召开会议")][:3] == ["省委", "书记", "景俊海"]


def test_to_disk_and_spacy_load_round_trip(nlp, tmp_path):
    text = "省委常委、长春市委书记张志军汇报长春市疫情防控整体情况。"
    nlp.to_disk(tmp_path / "copy")
    again = spacy.load(tmp_path / "copy")
    assert [t.text for t in again(text)] == [t.text for t in nlp(text)]
    assert again.tokenizer.user_words() == nlp.tokenizer.user_words()


def test_missing_model_gives_a_clear_message(tmp_path):
    from pipeline.model_setup import SetupError

    with pytest.raises(SetupError, match="zhevents setup"):
        load_pipeline(tmp_path / "nothing")
