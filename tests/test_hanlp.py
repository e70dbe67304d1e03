"""The HanLP components, with a real HanLP model trained here, offline, by HanLP's own trainer.

The session fixture trains `RNNNamedEntityRecognizer` (random character embeddings, no CRF: the CRF
of hanlp 2.1.5 does not learn, see the README) on People's Daily sentences from ../shared/data/ner,
saves it, and the tests load it through `zh_hanlp_ner` inside the saved pipeline.
"""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

hanlp = pytest.importorskip("hanlp")

import pipeline.hanlp_components  # noqa: E402,F401  (registers the factories without the entry points)
from conftest import SEEDS, SHARED  # noqa: E402

pytestmark = pytest.mark.slow

NER_DATA = SHARED / "data" / "ner"
TRAIN_SENTENCES, DEV_SENTENCES, EPOCHS = 2400, 400, 6


def _bio_sentences(path: Path):
    """Sentences of a `char TAG` file (blank line between sentences) as lists of (char, tag)."""
    sent = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent:
                yield sent
            sent = []
            continue
        char, tag = line.rsplit(" ", 1)
        sent.append((char, tag))
    if sent:
        yield sent


def _write_tsv(src: Path, dst: Path, limit: int) -> int:
    """HanLP's TSV tagging format (`char<TAB>tag`); sentences with an entity and at most 80 characters, so that
    a few CPU seconds per epoch see many entities."""
    n = 0
    with dst.open("w", encoding="utf-8") as out:
        for sent in _bio_sentences(src):
            if len(sent) > 80 or all(tag == "O" for _, tag in sent):
                continue
            out.write("".join(f"{c}\t{t}\n" for c, t in sent) + "\n")
            n += 1
            if n >= limit:
                break
    return n


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    import torch
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    work = tmp_path_factory.mktemp("hanlp_ner")
    trn, dev = work / "train.tsv", work / "dev.tsv"
    n_trn = _write_tsv(NER_DATA / "peoples_daily.test.bio", trn, TRAIN_SENTENCES)
    n_dev = _write_tsv(NER_DATA / "peoples_daily.dev.bio", dev, DEV_SENTENCES)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a small LSTM: one thread is as fast, and leaves the other core to the rest
    logger = logging.getLogger("hanlp-test-train")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    try:
        t0 = time.perf_counter()
        model = RNNNamedEntityRecognizer()
        model.fit(str(trn), str(dev), str(work / "model"), epochs=EPOCHS, embed=50, rnn_hidden=128, crf=False,
                  lr=0.01, batch_size=32, anneal_factor=None, tagging_scheme="BIO", seed=1, devices=-1,
                  logger=logger, verbose=False)
        seconds = time.perf_counter() - t0
        _, (_, metric) = model.evaluate(str(dev), logger=logger, verbose=False)  # (speed, (loss, SpanF1))
    finally:
        torch.set_num_threads(threads)
    print(f"\nHanLP RNN NER: {n_trn} train / {n_dev} dev sentences, {EPOCHS} epochs, {seconds:.0f} s, "
          f"dev F1 {metric.score:.1%}")
    return SimpleNamespace(path=work / "model", seconds=seconds, f1=metric.score, n_train=n_trn)


@pytest.fixture(scope="module")
def hanlp_nlp(trained):
    from pipeline.model_setup import DEFAULT_PIPELINE, load_pipeline

    nlp = load_pipeline(DEFAULT_PIPELINE)
    nlp.add_pipe("zh_hanlp_ner", config={"model": str(trained.path)}, before="zh_entity_aligner")
    return nlp


def _records(nlp, files):
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    return [(record(art, doc), doc) for art, doc in annotate(nlp, read_articles([str(f) for f in files]))]


@pytest.fixture(scope="module")
def seed_runs(hanlp_nlp, nlp):
    files = sorted(SEEDS.glob("*.txt"))
    return list(zip(_records(hanlp_nlp, files), _records(nlp, files)))


def _key(e):
    return e["label"], e["start"], e["end"], e["text"], e["attrs"]


def test_hanlp_trainer_learns_offline(trained):
    assert trained.n_train == TRAIN_SENTENCES
    assert trained.f1 > 0.3, f"dev F1 {trained.f1:.1%}: the model found (almost) no entities"
    assert (trained.path / "config.json").is_file()


def test_component_sits_between_the_rules_and_the_aligner(hanlp_nlp):
    names = hanlp_nlp.pipe_names
    assert names.index("zh_people") < names.index("zh_hanlp_ner") < names.index("zh_entity_aligner")
    comp = hanlp_nlp.get_pipe("zh_hanlp_ner")
    assert comp.model_path == Path(comp.model_ref).absolute()
    # HanLP's RNN tagger recorded that it was trained on characters
    assert comp._chars()


def test_model_entities_reach_the_spec_record_with_their_source(seed_runs, hanlp_nlp, trained):
    from pipeline.hanlp_components import segments

    model = hanlp.load(str(trained.path), verbose=False)
    comp = hanlp_nlp.get_pipe("zh_hanlp_ner")
    found = 0
    for (rec, doc), _ in seed_runs:
        span_group = {(s.start_char, s.end_char, s.label_) for s in doc.spans["entities"]}
        sents = segments(hanlp_nlp.make_doc(doc.text), True, comp.max_length)
        for e in rec["entities"]:
            if e["attrs"].get("source") != "hanlp":
                continue
            found += 1
            assert (e["start"], e["end"], e["label"]) in span_group
            assert e["text"] == doc.text[e["start"]:e["end"]]
            # HanLP itself, run on the sentence, gives this entity at these characters with this label
            sent = next(u for u in sents if u[0][1] <= e["start"] and e["end"] <= u[-1][2])
            predicted = {(sent[b][1], sent[end - 1][2], label)
                         for _, label, b, end in model.predict([u[0] for u in sent])}
            assert (e["start"], e["end"], e["attrs"]["hanlp_label"]) in predicted
            mapped = comp.mapping[e["attrs"]["hanlp_label"]]
            assert e["label"] == mapped or (mapped, e["label"]) == ("PERSON", "OFFICIAL")
    assert found > 0, "no HanLP entity reached the output of the seed stories"


def test_rule_entities_and_attributes_are_kept(seed_runs, hanlp_nlp):
    comp = hanlp_nlp.get_pipe("zh_hanlp_ner")
    overlaps = 0
    for (rec, doc), (rule_rec, _) in seed_runs:
        with_model = [_key(e) for e in rec["entities"] if e["attrs"].get("source") != "hanlp"]
        assert with_model == [_key(e) for e in rule_rec["entities"]]
        added = [(e["start"], e["end"]) for e in rec["entities"] if e["attrs"].get("source") == "hanlp"]
        rules = [(e["start"], e["end"]) for e in rule_rec["entities"]]
        # what the model proposed on this text, before the merge
        proposed = comp.model_spans(comp._predict([hanlp_nlp.make_doc(doc.text)], comp.task)[0])
        overlaps += sum(any(s < re and rs < e for rs, re in rules) for s, e, _, _ in proposed)
        for s, e in added:
            assert not any(s < re and rs < e for rs, re in rules)
    assert overlaps > 0, "the model never overlapped a rule entity: the overlap policy went untested"


def test_labels_setting_limits_what_the_model_adds(trained, seed_runs):
    from pipeline.model_setup import DEFAULT_PIPELINE, load_pipeline

    nlp = load_pipeline(DEFAULT_PIPELINE)
    nlp.add_pipe("zh_hanlp_ner", config={"model": str(trained.path), "labels": ["PLACE"]},
                 before="zh_entity_aligner")
    files = sorted(SEEDS.glob("*.txt"))
    labels = {e["label"] for rec, _ in _records(nlp, files) for e in rec["entities"]
              if e["attrs"].get("source") == "hanlp"}
    assert labels <= {"PLACE"}
    names = {f.name for f in files}
    all_labels = {e["label"] for (rec, _), _ in seed_runs for e in rec["entities"]
                  if e["attrs"].get("source") == "hanlp" and Path(rec["source"]["path"]).name in names}
    assert len(all_labels) > len(labels), "the default labels should have added more than PLACE here"


def test_label_maps_cover_the_four_tagsets():
    from pipeline.hanlp_components import LABELS_TSV, label_map
    from pipeline.lexicon import load_lexicon

    rows = load_lexicon(LABELS_TSV)
    person_place_org = {
        "msra": ("PERSON", "LOCATION", "ORGANIZATION"), "ontonotes": ("PERSON", "GPE", "ORG"),
        "pku": ("nr", "ns", "nt"), "short": ("PER", "LOC", "ORG"),
    }
    for tagset, hanlp_labels in person_place_org.items():
        mapping = label_map(rows, tagset)
        assert [mapping[x] for x in hanlp_labels] == ["PERSON", "PLACE", "ORG"]
    auto = label_map(rows, "auto")
    spec = {"OFFICIAL", "PERSON", "TITLE", "ORG", "PLACE", "DATE", "DIRECTIVE"}
    assert set(auto.values()) <= spec
    assert "NORP" not in auto  # nationalities are not SPEC entities
    with pytest.raises(ValueError, match="tagset"):
        label_map(rows, "conll")
    with pytest.raises(ValueError, match="maps to both"):
        label_map(rows + [{"tagset": "x", "hanlp_label": "PER", "spec_label": "ORG"}], "auto")


def test_missing_model_fails_fast_with_where_to_put_it(tmp_path, monkeypatch):
    import spacy

    from pipeline.hanlp_components import ModelNotFound

    def no_network(*args, **kwargs):
        raise AssertionError("tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("HANLP_HOME", str(tmp_path / "hanlp_home"))
    nlp = spacy.blank("zh")
    home = tmp_path / "hanlp_home"
    expected = {  # a path looked at, for each kind of reference
        str(tmp_path / "no_such_model"): str(tmp_path / "no_such_model"),
        "MSRA_NER_ELECTRA_SMALL_ZH": str(home / "ner" / "msra_ner_electra_small_"),
        "ner/my_model": str(home / "ner" / "my_model"),
    }
    for i, (ref, path) in enumerate(expected.items()):
        t0 = time.perf_counter()
        with pytest.raises(ModelNotFound) as err:
            nlp.add_pipe("zh_hanlp_ner", name=f"ner{i}", config={"model": ref})
        assert time.perf_counter() - t0 < 5
        message = str(err.value)
        assert "never downloaded" in message and f"HANLP_HOME (now {home})" in message and path in message


def test_identifiers_resolve_under_hanlp_home(trained, tmp_path, monkeypatch):
    """HanLP's layout: a pretrained name's URL https://file.hankcs.com/hanlp/ner/NAME.zip unpacks to HOME/ner/NAME."""
    import spacy
    from hanlp.pretrained.ner import MSRA_NER_ELECTRA_SMALL_ZH
    from hanlp_common.constant import HANLP_URL

    home = tmp_path / "home"
    unpacked = home / MSRA_NER_ELECTRA_SMALL_ZH[len(HANLP_URL):].removesuffix(".zip")
    unpacked.parent.mkdir(parents=True)
    unpacked.symlink_to(trained.path, target_is_directory=True)
    (home / "mine").symlink_to(trained.path, target_is_directory=True)
    monkeypatch.setenv("HANLP_HOME", str(home))
    nlp = spacy.blank("zh")
    a = nlp.add_pipe("zh_hanlp_ner", name="a", config={"model": "MSRA_NER_ELECTRA_SMALL_ZH"})
    b = nlp.add_pipe("zh_hanlp_ner", name="b", config={"model": "mine"})
    assert a.model_path == unpacked
    assert b.model_path == home / "mine"


def test_round_trip_keeps_the_reference_not_the_model(hanlp_nlp, seed_runs, tmp_path):
    import spacy

    from pipeline.model_setup import register_components

    register_components()
    hanlp_nlp.to_disk(tmp_path / "p")
    saved = tmp_path / "p" / "zh_hanlp_ner"
    assert sorted(p.name for p in saved.iterdir()) == ["cfg", "hanlp_labels.tsv"]
    nlp2 = spacy.load(tmp_path / "p")
    a, b = hanlp_nlp.get_pipe("zh_hanlp_ner"), nlp2.get_pipe("zh_hanlp_ner")
    assert b._cfg() == a._cfg() and b.mapping == a.mapping
    text = next(doc.text for (rec, doc), _ in seed_runs
                if any(e["attrs"].get("source") == "hanlp" for e in rec["entities"]))
    docs = [nlp2(text), hanlp_nlp(text)]
    assert [[(e.start_char, e.end_char, e.label_, e._.attrs) for e in d.spans["entities"]] for d in docs] \
        == [[(e.start_char, e.end_char, e.label_, e._.attrs) for e in docs[1].spans["entities"]]] * 2
    assert any(e._.attrs.get("source") == "hanlp" for e in docs[0].spans["entities"])


def test_missing_extra_says_how_to_install(monkeypatch):
    import sys

    from pipeline.hanlp_components import HanLPMissing, import_hanlp

    monkeypatch.setitem(sys.modules, "hanlp", None)
    with pytest.raises(HanLPMissing, match=r"torch==2\.13\.0.*zhevents\[hanlp\]"):
        import_hanlp()


def test_srl_component_refuses_a_model_without_srl(trained):
    import spacy

    nlp = spacy.blank("zh")
    with pytest.raises(ValueError, match="not a semantic role labeller"):
        nlp.add_pipe("zh_hanlp_srl", config={"model": str(trained.path)})


def test_srl_structures_map_hanlp_token_offsets_to_characters(nlp):
    """The SRL adapter only: no Chinese SRL model or corpus can be had offline here (see the README), so this
    checks the conversion of HanLP's SRL output shape (per predicate: (text, role, start, end) in tokens, the
    predicate itself as PRED) into character offsets on a seed story's own tokens, and the frame builder's lookup."""
    from pipeline.hanlp_components import segments, srl_arguments, srl_structures

    doc = nlp.make_doc(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    units = next(s for s in segments(doc, False, 150) if len(s) > 6)
    pas = [[("".join(u[0] for u in units[0:2]), "ARG0", 0, 2), (units[2][0], "PRED", 2, 3),
            (units[3][0], "ARG1", 3, 4)]]
    [cand] = srl_structures(doc, [(units, pas)])
    assert cand["predicate"] == (units[2][1], units[2][2], doc.text[units[2][1]:units[2][2]])
    assert cand["args"][0] == ("ARG0", units[0][1], units[1][2], doc.text[units[0][1]:units[1][2]])
    assert cand["args"][0][3] == pas[0][0][0]  # the characters are the tokens HanLP saw
    doc._.srl_candidates = [cand]
    assert srl_arguments(doc, units[2][1], units[2][2]) == cand["args"]
    assert srl_arguments(doc, units[5][1], units[5][2]) == []
