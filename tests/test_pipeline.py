"""The saved spaCy pipeline: segmentation, user dictionary, offsets, serialization."""

import pickle
import re

import pytest
import spacy

from conftest import XWLB, comparable, raw_piece, seed, seed_text
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


def test_a_loaded_pipeline_is_left_out_of_garbage_collection():
    import gc

    gc.unfreeze()
    nlp = load_pipeline(DEFAULT_PIPELINE)
    ruler = nlp.get_pipe("zh_entity_ruler")
    # frozen: the collector no longer walks the lexicons (a quarter of the entity ruler's time, see the benchmark)
    assert gc.get_freeze_count() > 100_000 and ruler not in gc.get_objects()


def test_missing_model_gives_a_clear_message(tmp_path):
    from pipeline.model_setup import SetupError

    with pytest.raises(SetupError, match="zhevents setup"):
        load_pipeline(tmp_path / "nothing")


# -- the fast segmenter (pipeline/tokenizer.py) gives pkuseg's own result ---------------------------------


def _stories(paths):
    return [a.text.text for a in read_articles([str(p) for p in paths]) if a.ok]


def test_fast_segmentation_equals_pkuseg_cut_on_real_text(nlp):
    from spacy.util import get_words_and_spaces

    from pipeline.tokenizer import pkuseg_cut

    seg, features = nlp.tokenizer.pkuseg_seg, nlp.tokenizer.fast_features()
    assert features is not None  # the fast path is in use for the saved model
    texts = _stories([seed(n) for n in range(5)] + sorted(XWLB.glob("2022*.md"))[5::60])
    assert sum(map(len, texts)) > 40_000
    for text in texts:
        expected = seg.cut(text)  # pkuseg's own implementation, the reference
        assert pkuseg_cut(seg, features, text) == expected
        doc = nlp.tokenizer(text)
        assert doc.text == text
        assert [(t.text, bool(t.whitespace_)) for t in doc] == list(zip(*get_words_and_spaces(expected, text)))


def test_feature_ids_equal_pkusegs_own_per_character_features(nlp):
    seg, features = nlp.tokenizer.pkuseg_seg, nlp.tokenizer.fast_features()
    fe = seg.feature_extractor
    # pieces as the segmenter sees them: no whitespace; numbers, Latin letters, keywords (-._,|/*:)
    # and pieces of one and two characters, where the context windows run past both ends
    text = seed_text(1)[:3000] + "截至4月2日24:00，全省累计1.5万人接种COVID-19疫苗, a/b*c:d 中 国人"
    pieces = [w for w in text.split() if w]
    scores = features.node_scores(pieces)
    from spacy_pkuseg.inference import getLogYY

    m = seg.model
    k = 0
    for p in pieces:
        nodes = list(fe.normalize_text(p))
        ref = [fe.get_node_features_idx(i, nodes) for i in range(len(nodes))]
        ref_scores = getLogYY(ref, m.n_tag, m.n_feature * m.n_tag, m.w, 1.0)[0]
        assert (scores[k:k + len(p)] == ref_scores).all(), p  # bit for bit, not approximately
        k += len(p)


def test_post_processor_merges_as_pkuseg_does(nlp):
    import copy

    from pipeline.tokenizer import post_process

    seg = nlp.tokenizer.pkuseg_seg
    post = seg.postprocesser
    assert post.do_process
    checked = merged = 0
    for text in _stories(sorted(XWLB.glob("2022*.md"))[10::90]):
        for piece in text.split():
            words = nlp.tokenizer.fast_features().cut_pieces([piece])[0]
            expected = post(copy.copy(words))
            assert post_process(post, copy.copy(words)) == expected
            checked += 1
            merged += len(expected) < len(words)
    assert checked > 100 and merged > 10  # the merges themselves were exercised


def test_text_the_fast_path_does_not_handle_falls_back_to_pkuseg(nlp):
    from pipeline.tokenizer import NUM_MARK, pkuseg_cut

    seg, features = nlp.tokenizer.pkuseg_seg, nlp.tokenizer.fast_features()
    text = f"省委书记{NUM_MARK}景俊海主持召开会议 2022年"
    assert pkuseg_cut(seg, features, text) == seg.cut(text)
    assert nlp.tokenizer(text).text == text
