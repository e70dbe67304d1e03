"""spaCy's Chinese tokenizer with pkuseg, loadable without unpickling anything, and fast.

spaCy's own `ChineseTokenizer.from_disk` builds `spacy_pkuseg.pkuseg(path)`,
whose default post-processor unpickles `dicts/default.pkl` from the
spacy-pkuseg wheel, only to overwrite it with the msgpack data saved next to
the model.  This subclass builds the segmenter with no dictionary and then
restores the saved (msgpack) dictionaries, so a saved pipeline loads with
msgpack and numpy only.  Saving is spaCy's own code.

Segmenting is `pkuseg.cut` step for step (user dictionary, CRF, post-processor),
with the CRF's feature extraction done per document with numpy (`PkusegFeatures`)
instead of ~70 string look-ups per character in a Python-level loop: the same
feature ids, summed in the same order, give the same scores, tags and words, at
several times the speed.  The words are then placed on the text in one linear pass.
"""

from __future__ import annotations

from itertools import accumulate, chain
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import srsly
from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry

from .lexicon import remember_text

NUM_MARK, LETTER_MARK = "\ue000", "\ue001"  # one character per normalized node ("**Num", "**Letter")
LENGTHS = (6, 5, 4, 3, 2)  # pkuseg's word features, longest first (config.wordMax .. config.wordMin)
PAIR_CACHE_LIMIT = 400_000  # bounds on the memory of the feature caches over a long run
CODES_LIMIT = 1_000_000
BIGRAM_KEY = 1 << 32  # a bigram's key: code of its first character * BIGRAM_KEY + code of the second
N_SLOTS = 69  # "$$", 8 character features, 5 + 5 word features, 25 + 25 word pairs


def _orig(w: str) -> str:
    """A string of marked characters as pkuseg's nodes join it."""
    return w.replace(NUM_MARK, "**Num").replace(LETTER_MARK, "**Letter")


class _Codes(dict):
    """A code per character (or bigram), with the feature ids of each prefix for it (-1: none), filled on use."""

    def __init__(self, f2i: Dict[str, int], prefixes: Tuple[str, ...], chars: Optional["_Codes"] = None):
        super().__init__()
        self.f2i, self.prefixes, self.chars = f2i, prefixes, chars
        self.keys: List[str] = []
        self.ids: List[List[int]] = [[] for _ in prefixes]
        self._arrays = [np.empty(1024, dtype=np.int64) for _ in prefixes]
        self._filled = 0

    def __missing__(self, key) -> int:
        code = self[key] = len(self)
        if self.chars is not None:  # a bigram, keyed by the codes of its characters
            a, b = divmod(key, BIGRAM_KEY)
            key = self.chars.keys[a] + self.chars.keys[b]
        self.keys.append(key)
        joined = ".".join(_orig(c) for c in key)  # c-1c.X.Y: the characters of a bigram joined by "."
        for ids, prefix in zip(self.ids, self.prefixes):
            ids.append(self.f2i.get(prefix + joined, -1))
        return code

    def trim(self, limit: int) -> None:
        """Forget everything beyond `limit` entries (a bound on memory over a long run)."""
        if len(self) > limit:
            self.clear()
            self.keys = []
            self.ids = [[] for _ in self.prefixes]
            self._filled = 0

    def arrays(self) -> List[np.ndarray]:
        """The id tables as arrays indexed by code (grown in place, so that new codes cost their own size)."""
        n, k = len(self), self._filled
        if n > k:
            if n > len(self._arrays[0]):
                self._arrays = [np.concatenate([a[:k], np.empty(max(n, 2 * len(a)) - k, dtype=np.int64)])
                                for a in self._arrays]
            for a, ids in zip(self._arrays, self.ids):
                a[k:n] = ids[k:n]
            self._filled = n
        return [a[:n] for a in self._arrays]


class _PairIds(dict):
    """Feature id (-1: none) of ww.l./ww.r. + word + "*" + word, keyed by pre * n_words + post."""

    def __init__(self, f2i: Dict[str, int], prefix: str, words: List[str]):
        super().__init__()
        self.f2i, self.prefix, self.words, self.n = f2i, prefix, words, len(words)

    def __missing__(self, key: int) -> int:
        pre, post = divmod(key, self.n)
        if len(self) > PAIR_CACHE_LIMIT:
            self.clear()
        v = self[key] = self.f2i.get(self.prefix + self.words[pre] + "*" + self.words[post], -1)
        return v


class PkusegFeatures:
    """The CRF of a `spacy_pkuseg.pkuseg`, with its features computed for many pieces of text at once.

    pkuseg's feature list for character i (feature_extractor.pyx, `__get_node_features_idx`) is, in
    this order: "$$"; the characters and bigrams around i (c., c-1., c-1c., c1., cc1., c-2., c-2c-1.,
    c2.); the dictionary ("unigram") words of length 6..2 ending at i (w-1.) and starting at i (w1.);
    then word pairs around the gaps before i (ww.l.) and after i (ww.r.), 25 each.  A word slice past
    either end of the piece is "", which is itself a dictionary word.  Here these 69 slots are rows of
    a matrix of feature ids over all characters (-1 where a feature does not exist), filled from
    tables per character, bigram and dictionary word (found with an Aho-Corasick automaton), and
    `np.add.at` sums each character's weights in slot order: the same additions in the same order as
    pkuseg's `getLogYY`, hence bit-identical scores and the same Viterbi tags.
    """

    def __init__(self, seg):
        from spacy_pkuseg.config import config
        from spacy_pkuseg.feature_extractor import FeatureExtractor
        from spacy_pkuseg.inference import getLogYY, run_viterbi

        if (config.wordMax, config.wordMin, bool(config.wordFeature), bool(config.numLetterNorm)) != (6, 2, True, True):
            raise ValueError("pkuseg feature configuration not supported by the fast path")
        fe = seg.feature_extractor
        model = seg.model
        self.seg = seg
        self.run_viterbi = run_viterbi
        n_tag = model.n_tag
        self.weights = model.w[: model.n_feature * n_tag].reshape(model.n_feature, n_tag)
        self.edge = getLogYY([[0]], n_tag, model.n_feature * n_tag, model.w, 1.0)[1]
        self.is_begin = np.array([("B" in seg.idx_to_tag[k]) for k in range(n_tag)])
        f2i = fe.feature_to_idx
        if any("**noWord" in k for k in f2i):  # features with a missing word are skipped below
            raise ValueError("pkuseg features with **noWord are not supported by the fast path")
        table = {ord(ch): LETTER_MARK for ch in FeatureExtractor.letter}
        table.update({ord(ch): NUM_MARK for ch in FeatureExtractor.num})
        table.update({ord(ch): "&" for ch in FeatureExtractor.keywords})  # renamed before the num/letter test
        self.table = table
        # Dictionary words as marked strings.  Nodes hold "*" only inside "**Num"/"**Letter", so a word
        # with any other "*" can never match and is left out.
        words: List[str] = []
        for w in fe.unigram:
            if NUM_MARK in w or LETTER_MARK in w:
                continue
            m = w.replace("**Num", NUM_MARK).replace("**Letter", LETTER_MARK)
            if "*" not in m:
                words.append(m)
        words.sort()
        self.word_index = {w: k for k, w in enumerate(words)}
        import ahocorasick

        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for k, w in enumerate(words):
            if LENGTHS[-1] <= len(w) <= LENGTHS[0]:
                self.automaton.add_word(w, k * 8 + LENGTHS[0] - len(w))  # word index and row (6..2)
        self.automaton.make_automaton()
        self.empty = self.word_index.get("", -1)  # a slice out of range is "" (or no word if "" is not one)
        plain = [_orig(w) for w in words]
        self.wm1 = np.array([f2i.get("w-1." + w, -1) for w in plain], dtype=np.int64)
        self.w1 = np.array([f2i.get("w1." + w, -1) for w in plain], dtype=np.int64)
        self.char_codes = _Codes(f2i, ("c.", "c-1.", "c1.", "c-2.", "c2."))
        self.bigram_codes = _Codes(f2i, ("c-1c.", "cc1.", "c-2c-1."), self.char_codes)
        self.pair_l = _PairIds(f2i, "ww.l.", plain)
        self.pair_r = _PairIds(f2i, "ww.r.", plain)
        self.start_feature = 0  # "$$", first in every list
        if f2i.get("$$", 0) != 0:
            raise ValueError("unexpected pkuseg feature table")

    def handles(self, text: str) -> bool:
        return NUM_MARK not in text and LETTER_MARK not in text

    def node_scores(self, pieces: List[str]) -> np.ndarray:
        """Node scores of all characters of `pieces` (each a separate pkuseg `_cut` input), stacked."""
        if len(self.char_codes) > CODES_LIMIT or len(self.bigram_codes) > CODES_LIMIT:
            self.char_codes.trim(0)  # the bigrams are keyed by character codes: both go
            self.bigram_codes.trim(0)
        S = "".join(pieces).translate(self.table)
        N = len(S)
        lens = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        ends = np.cumsum(lens)
        PS = np.repeat(ends - lens, lens)  # start of each character's piece
        PE = np.repeat(ends, lens)  # its end
        pos = np.arange(N)
        empty = self.empty
        # words[r, a]: index of the dictionary word S[a:a+LENGTHS[r]] (-1: none), for every start a
        words = np.full((len(LENGTHS), N + 1), -1, dtype=np.int64)
        hits = np.fromiter(chain.from_iterable(self.automaton.iter(S)), dtype=np.int64)
        if hits.size:
            last, val = hits[0::2], hits[1::2]
            row = val % 8
            words[row, last + 1 - (LENGTHS[0] - row)] = val // 8

        def word_at(start: np.ndarray, out_of_range: np.ndarray) -> np.ndarray:
            """Rows of LENGTHS: the word of that length starting at `start`, "" where out of range."""
            w = words[np.arange(len(LENGTHS))[:, None], np.clip(start, 0, N)]
            w[out_of_range] = empty
            return w

        # pkuseg's four word lists per character, lengths 6..2 as rows (get_slice_str: "" past either
        # end of the piece)
        L = np.array(LENGTHS)[:, None]
        pre_in = word_at(pos - L + 1, pos - L + 1 < PS)  # ending at i
        post_in = word_at(pos, pos + L > PE)  # starting at i
        pre_ex = word_at(pos - L, pos - L < PS)  # ending at i-1
        post_ex = word_at(pos + 1, (pos + 1 >= PE) | (pos + 1 + L > PE))  # starting at i+1

        cc, bc = self.char_codes, self.bigram_codes
        ccodes = np.fromiter(map(cc.__getitem__, S), dtype=np.int64, count=N)
        # a bigram by the codes of its two characters
        bkeys = (ccodes[:-1] * BIGRAM_KEY + ccodes[1:]).tolist()
        bcodes = np.fromiter(map(bc.__getitem__, bkeys), dtype=np.int64, count=len(bkeys))
        c, cm1, c1, cm2, c2 = cc.arrays()
        cm1c, cc1, cm2cm1 = bc.arrays()
        # F[k, i]: the k-th feature slot of character i (-1: none), in pkuseg's order
        F = np.full((N_SLOTS, N), -1, dtype=np.int64)
        F[0] = self.start_feature
        F[1] = c[ccodes]

        def put(k: int, table: np.ndarray, codes: np.ndarray, shift: int, valid: np.ndarray) -> None:
            lo, hi = max(0, -shift), min(N, len(codes) - shift)
            if hi > lo:
                F[k, lo:hi] = table[codes[lo + shift: hi + shift]]
            F[k, ~valid] = -1

        has_m1, has_p1 = pos - 1 >= PS, pos + 1 < PE
        has_m2, has_p2 = pos - 2 >= PS, pos + 2 < PE
        put(2, cm1, ccodes, -1, has_m1)
        put(3, cm1c, bcodes, -1, has_m1)
        put(4, c1, ccodes, 1, has_p1)
        put(5, cc1, bcodes, 0, has_p1)
        put(6, cm2, ccodes, -2, has_m2)
        put(7, cm2cm1, bcodes, -2, has_m2)
        put(8, c2, ccodes, 2, has_p2)
        ok = pre_in >= 0
        F[9:14][ok] = self.wm1[pre_in[ok]]
        ok = post_in >= 0
        F[14:19][ok] = self.w1[post_in[ok]]
        n_words = len(self.word_index)
        for k, pairs, pre, post in ((19, self.pair_l, pre_ex, post_in), (44, self.pair_r, pre_in, post_ex)):
            # slot k + 5 * a + b: the pair (pre word of length LENGTHS[a], post word of length LENGTHS[b])
            ab, at = np.nonzero(((pre >= 0)[:, None, :] & (post >= 0)[None, :, :]).reshape(25, N))
            if at.size:
                keys = (pre[ab // 5, at] * n_words + post[ab % 5, at]).tolist()
                F[k + ab, at] = np.fromiter(map(pairs.__getitem__, keys), dtype=np.int64, count=len(keys))
        # Sum per character in slot order, as getLogYY does (np.add.at adds in index order).
        Ft = F.T
        i, k = np.nonzero(Ft >= 0)
        W = self.weights
        scores = np.zeros((N, W.shape[1]), dtype=np.float64)
        np.add.at(scores, i, W[Ft[i, k]])
        return scores

    @staticmethod
    def _lookup(table: np.ndarray, word: np.ndarray) -> np.ndarray:
        out = np.full(len(word), -1, dtype=np.int64)
        ok = word >= 0
        out[ok] = table[word[ok]]
        return out

    def cut_pieces(self, pieces: List[str]) -> List[List[str]]:
        """`[pkuseg._cut(p) for p in pieces]`."""
        if not pieces:
            return []
        if not all(map(self.handles, pieces)):
            return [self.seg._cut(p) for p in pieces]
        scores = self.node_scores(pieces)
        out = []
        k = 0
        for p in pieces:
            n = len(p)
            _, tags = self.run_viterbi(scores[k:k + n], self.edge)
            k += n
            cuts = np.flatnonzero(self.is_begin[tags]).tolist()
            if not cuts or cuts[0] != 0:
                cuts.insert(0, 0)
            cuts.append(n)
            out.append([p[x:y] for x, y in zip(cuts, cuts[1:]) if y > x])
        return out


def post_process(post, sent: List[str]) -> List[str]:
    """`pkuseg.Postprocesser(sent)`: the same merges, looking up each window of words once per pass.

    pkuseg's pass for m = 7..2 walks the words left to right and replaces m words by one when their
    concatenation is a dictionary word (unless every part is one too).  A merge never changes the
    windows after it, so each pass looks up all its windows at once (C-level, as slices of the text)
    and then decides only at the windows found, in order.
    """
    if not post.do_process:
        return sent
    common, other = post.common_words, post.other_words
    known = other if not common else (common | other)
    for m in range(7, 1, -1):
        n = len(sent)
        if n < m:
            continue
        text = "".join(sent)
        off = [0, *accumulate(map(len, sent))]
        found = bytes(map(known.__contains__, map(text.__getitem__, map(slice, off[: n - m + 1], off[m:]))))
        q = found.find(1)
        if q < 0:
            continue
        out: List[str] = []
        last = 0
        while q >= 0:
            merged = text[off[q]:off[q + m]]
            if merged in common or not all((w in common) or (w in other) for w in sent[q:q + m]):
                out.extend(sent[last:q])
                out.append(merged)
                last = q + m
                q = found.find(1, last)
            else:
                q = found.find(1, q + 1)
        if last:
            out.extend(sent[last:])
            sent[:] = out
    return sent


def pkuseg_cut(seg, features: Optional[PkusegFeatures], txt: str) -> List[str]:
    """`seg.cut(txt)` (without POS tags), the CRF pieces of a text segmented together."""
    if features is None or getattr(seg, "postag", False):
        return seg.cut(txt)
    txt = txt.strip()
    if not txt:
        return []
    parts: List[Tuple[bool, str]] = []  # (from the user dictionary, text)
    for w0 in txt.split():
        lst, isword, _ = seg.preprocesser.solve(w0)
        parts.extend(zip(isword, lst))
    crf = features.cut_pieces([w for isw, w in parts if not isw])
    from spacy_pkuseg import Postprocesser

    ret: List[str] = []
    k = 0
    post = seg.postprocesser
    for isw, w in parts:
        if isw:
            ret.append(w)
        else:
            ret.extend(post_process(post, crf[k]) if type(post) is Postprocesser else post(crf[k]))
            k += 1
    return ret


def words_and_spaces(words: List[str], text: str) -> Tuple[List[str], List[bool]]:
    """`spacy.util.get_words_and_spaces(words, text)` in one pass (it re-slices the text for every word)."""
    if "".join(words) == text:
        return words, [False] * len(words)
    out_w: List[str] = []
    out_s: List[bool] = []
    pos, n = 0, len(text)
    for word in words:
        if word.isspace():
            continue
        k = text.find(word, pos)
        if k < 0 or (k > pos and not text[pos:k].isspace()):
            return util.get_words_and_spaces(words, text)  # not a segmentation of this text: spaCy's error
        if k > pos:
            out_w.append(text[pos:k])
            out_s.append(False)
        out_w.append(word)
        pos = k + len(word)
        if pos < n and text[pos] == " ":
            out_s.append(True)
            pos += 1
        else:
            out_s.append(False)
    if pos < n:
        out_w.append(text[pos:])
        out_s.append(False)
    return out_w, out_s


class PkusegTokenizer(ChineseTokenizer):
    _features: Optional[PkusegFeatures] = None
    _features_for = None

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

    def fast_features(self) -> Optional[PkusegFeatures]:
        """The numpy feature extractor for the current segmenter (None: use pkuseg's own `cut`)."""
        seg = self.pkuseg_seg
        if self._features_for is not seg:
            try:
                self._features = PkusegFeatures(seg) if seg is not None else None
            except (ValueError, AttributeError):
                self._features = None
            self._features_for = seg
        return self._features

    def __call__(self, text: str) -> Doc:
        if self.segmenter != Segmenter.pkuseg or self.pkuseg_seg is None:
            return super().__call__(text)
        words = pkuseg_cut(self.pkuseg_seg, self.fast_features(), text)
        words, spaces = words_and_spaces(words, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        remember_text(doc, text)  # the words and spaces spell `text` exactly
        return doc

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_features", None)  # derived from the segmenter, rebuilt on first use
        state.pop("_features_for", None)
        return state

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
