"""spaCy's Chinese tokenizer with pkuseg, loadable without unpickling anything.

spaCy's own `ChineseTokenizer.from_disk` builds `spacy_pkuseg.pkuseg(path)`,
whose default post-processor unpickles `dicts/default.pkl` from the
spacy-pkuseg wheel, only to overwrite it with the msgpack data saved next to
the model.  This subclass builds the segmenter with no dictionary and then
restores the saved (msgpack) dictionaries, so a saved pipeline loads with
msgpack and numpy only.  Saving is spaCy's own code.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.util import registry


class PkusegTokenizer(ChineseTokenizer):
    def from_disk(self, path, **kwargs):
        path = util.ensure_path(path)
        self._set_config(srsly.read_json(path / "cfg"))
        if self.segmenter != Segmenter.pkuseg:
            return self
        model_dir = path / "pkuseg_model"
        proc_path = path / "pkuseg_processors"
        if not (model_dir / "features.msgpack").exists() or not proc_path.exists():
            raise FileNotFoundError(
                f"incomplete pkuseg model in {path}: expected pkuseg_model/features.msgpack and "
                "pkuseg_processors (rebuild it with `zhevents setup`)"
            )
        import spacy_pkuseg

        seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
        user_dict, do_process, common_words, other_words = srsly.read_msgpack(proc_path)
        seg.preprocesser = spacy_pkuseg.Preprocesser(user_dict)
        seg.postprocesser.do_process = do_process
        seg.postprocesser.common_words = set(common_words)
        seg.postprocesser.other_words = set(other_words)
        self.pkuseg_seg = seg
        return self

    def user_words(self):
        """Words of the user dictionary (for tests and diagnostics)."""
        from spacy.lang.zh import _get_pkuseg_trie_data

        return [w for w, _ in _get_pkuseg_trie_data(self.pkuseg_seg.preprocesser.trie)] if self.pkuseg_seg else []


@registry.tokenizers("zhevents.ChineseTokenizer.v1")
def create_tokenizer(segmenter: str = "pkuseg"):
    def factory(nlp):
        return PkusegTokenizer(nlp.vocab, segmenter=segmenter)

    return factory


def model_files_present(model_dir: Path) -> bool:
    return (model_dir / "features.msgpack").exists() and (model_dir / "weights.npz").exists()
