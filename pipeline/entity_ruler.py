"""`zh_entity_ruler`: dictionary and pattern entities on characters (SPEC section 2).

Finds PLACE, ORG, TITLE, DIRECTIVE and DATE candidates on the normalized
characters of the document (Aho-Corasick automata over the lexicons, plus
productive patterns), composes them (长春 + 市委 -> ORG 长春市委; 长春市委 +
书记 -> TITLE 长春市委书记) and resolves overlaps.  People (OFFICIAL, PERSON)
are the next component's job (`people.py`); token alignment comes last
(`align.py`).

Candidates are stored with character offsets in `doc._.ent_cands`; the
aligner (`align.py`) splits tokens at their boundaries and writes the span
group `doc.spans["entities"]`, `doc.ents` and `Span._.attrs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from .dates import PartialDate, parse_date_value
from .lexicon import CharMatcher, load_lexicon, select_longest
from .normalizer import HAN

SPAN_KEY = "entities"
LEXICON_FILES = ("directives.tsv", "orgs.tsv", "title_roles.tsv", "title_qualifiers.tsv", "org_suffixes.tsv",
                 "place_suffixes.tsv", "place_stopwords.tsv",
                 "site_left_words.tsv")

# 应X尽X: a productive directive form (应检尽检, 应返尽返); the lexicon knows the common ones.
YING_JIN_RE = re.compile(f"应([{HAN}])尽\\1")
# Characters that never occur inside a community or site name (they belong to the clause around it).
NOT_IN_NAME = set("的了是在和与及或对把被将等也都还就要不有这那其各每个全该")
# Characters that end a name or a name-like run when scanning left from a suffix (得知|福源馆食品有限公司).
LEFT_STOP = set("的了在到对和与及或从向将把被为是有于由给让使对就以及等在这那其该该个各每，。、；：！？“”（）《》")


@dataclass
class Cand:
    start: int
    end: int
    label: str
    attrs: Dict[str, Any] = field(default_factory=dict)
    priority: int = 0

    @property
    def span(self) -> Tuple[int, int]:
        return self.start, self.end


def ent_key(label: str, start: int, end: int) -> str:
    return f"{label}:{start}:{end}"


class EntityRuler:
    """Dictionary + pattern entity recognizer over characters."""

    def __init__(self, nlp: Language, name: str = "zh_entity_ruler", lexicon_dir: Optional[str] = None,
                 use_gazetteer: bool = True, with_dates: bool = True):
        self.nlp = nlp
        self.name = name
        self.use_gazetteer = use_gazetteer
        self.with_dates = with_dates
        self._load(Path(lexicon_dir) if lexicon_dir else None)

    # -- data ---------------------------------------------------------------
    def _load(self, directory: Optional[Path]) -> None:
        self.lexicons = {name: load_lexicon(name, directory) for name in LEXICON_FILES}
        self._build()

    def _build(self) -> None:
        lx = self.lexicons
        entries: List[Tuple[str, Any]] = []
        for row in lx["directives.tsv"]:
            attrs = {"canonical": row["canonical"] or row["term"], "category": row["category"] or "other"}
            if row.get("oxcgrt"):
                attrs["oxcgrt"] = row["oxcgrt"]
            if row.get("members"):
                attrs["members"] = row["members"].split("|")
            entries.append((row["term"], ("DIRECTIVE", attrs)))
        for row in lx["orgs.tsv"]:
            entries.append((row["name"], ("ORG", {"canonical": row["canonical"] or row["name"], "kind": row["kind"]})))
        self.roles = {r["role"]: r["standalone"] == "yes" for r in lx["title_roles.tsv"]}
        for role in self.roles:
            entries.append((role, ("ROLE", {})))
        for row in lx["title_qualifiers.tsv"]:
            entries.append((row["qualifier"], ("QUAL", {})))
        self.places = None
        if self.use_gazetteer:
            from .gazetteer import load_gazetteer

            self.places = load_gazetteer()
            for surface, cands in self.places.surface_forms().items():
                entries.append((surface, ("PLACE", {"candidates": cands})))
        self.matcher = CharMatcher(entries)
        org_suffixes = [r["suffix"] for r in lx["org_suffixes.tsv"]]
        place_suffixes = {r["suffix"]: r["kind"] for r in lx["place_suffixes.tsv"]}
        self.place_suffixes = place_suffixes
        self.place_stop = {r["word"] for r in lx["place_stopwords.tsv"]}
        self.site_left = [r["word"] for r in lx["site_left_words.tsv"]]
        self.org_suffix_re = re.compile("|".join(sorted(map(re.escape, org_suffixes), key=len, reverse=True)))
        self.place_suffix_re = re.compile("|".join(sorted(map(re.escape, place_suffixes), key=len, reverse=True)))
        self.company_re = re.compile(f"(?P<name>[{HAN}A-Za-z0-9]{{2,14}}?)(?:股份有限公司|有限责任公司|有限公司|集团公司|集团)")

    # -- the component ------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        cands: List[Cand] = []
        raw = list(self.matcher.iter_all(text))
        places = [m for m in raw if any(p[0] == "PLACE" for p in m.payload)]
        token_starts = {t.idx for t in doc}
        token_ends = {t.idx + len(t.text) for t in doc}
        cands.extend(self._places(text, places, token_starts, token_ends))
        cands.extend(self._dictionary(raw))
        cands.extend(Cand(m.start(), m.end(), "DIRECTIVE", {"canonical": m.group(0), "category": "other",
                                                            "pattern": "应X尽X"}) for m in YING_JIN_RE.finditer(text))
        cands.extend(self._companies(text))
        cands = self._compose(text, cands, raw)
        if self.with_dates:
            cands.extend(self._dates(doc))
        final = self._resolve(cands)
        self._context_paths(final)
        set_entities(doc, final)
        return doc

    def _dictionary(self, raw) -> List[Cand]:
        out = []
        for m in raw:
            for label, attrs in m.payload:
                if label in ("DIRECTIVE", "ORG"):
                    out.append(Cand(m.start, m.end, label, dict(attrs), priority=2))
                elif label in ("ROLE", "QUAL"):
                    out.append(Cand(m.start, m.end, label, {}, priority=0))
        return out

    def _places(self, text: str, matches, token_starts=None, token_ends=None) -> List[Cand]:
        out = []
        for m in matches:
            cands = [c for lab, a in m.payload if lab == "PLACE" for c in a["candidates"]]
            # A short form (大理, 长治, 海口) counts only as a word of its own: 重大理论 and 入海口 hold none.
            is_full_name = any(c.name == m.key for c in cands)
            if not is_full_name and token_starts is not None and (m.start not in token_starts or m.end not in token_ends):
                continue
            out.append(Cand(m.start, m.end, "PLACE", {"kind": "admin", "_cands": cands}, priority=1))
        # Communities and sites: name + suffix (长春路街道, 森邻里小区, 十二马架子屯方舱隔离点, 行知学校).
        place_ends = {m.end for m in matches}
        site_ends: set = set()
        for sm in self.place_suffix_re.finditer(text):
            start = sm.start()
            # Shortest acceptable name first: 船营区|森邻里小区 is 森邻里小区 after the PLACE 船营区.
            for i in range(start - 2, max(-1, start - 9), -1):
                name = text[i:start]
                if not re.fullmatch(f"[{HAN}0-9A-Za-z]+", name) or any(ch in NOT_IN_NAME for ch in name):
                    continue
                if any(suf in name for suf in ("街道", "社区", "小区")):
                    continue  # 大东街道吉源社区 is two places; the name of 吉源社区 starts after 街道
                if token_starts is not None and i not in token_starts:
                    continue
                left_ok = i in place_ends or any(
                    text.endswith(w, 0, i) for w in self.site_left) or (text[i - 1] in "和与及、" and i - 1 in site_ends)
                if not left_ok or text[i : sm.end()] in self.place_stop:
                    continue
                kind = self.place_suffixes[sm.group(0)]
                # A short site name keeps the district in front of it (九台区行知学校), as SPEC writes it.
                if kind == "site" and start - i <= 2:
                    for m in matches:
                        if m.end == i:
                            i = m.start
                            break
                out.append(Cand(i, sm.end(), "PLACE", {"kind": kind}, priority=1))
                site_ends.add(sm.end())
                place_ends.add(sm.end())
                break
        return out

    def _companies(self, text: str) -> List[Cand]:
        out = []
        for m in self.company_re.finditer(text):
            s = m.start()
            # Start after the last stop character inside the name (得知福源馆食品有限公司 -> 福源馆食品有限公司).
            cut = max((k + 1 for k, ch in enumerate(m.group("name")) if ch in LEFT_STOP or ch in "知悉称说"), default=0)
            if m.end() - (s + cut) >= 4:
                out.append(Cand(s + cut, m.end(), "ORG", {"kind": "company"}, priority=1))
        return out

    def _compose(self, text: str, cands: List[Cand], raw) -> List[Cand]:
        """PLACE/ORG + org suffix -> ORG; (ORG|PLACE|QUAL)* + ROLE -> TITLE."""
        by_start: Dict[int, List[Cand]] = {}
        for c in cands:
            by_start.setdefault(c.start, []).append(c)
        ends: Dict[int, List[Cand]] = {}
        for c in cands:
            ends.setdefault(c.end, []).append(c)
        out = list(cands)
        # ORG = PLACE + suffix (长春市委, 朝阳区委区政府, 九台区疫情防控指挥部, 吉林工作组): the suffix is tried right at
        # each place's end, so 朝阳区|委区政府 is found even though 区委区政府 would also match one character earlier.
        for p in [c for c in cands if c.label == "PLACE"]:
            m = self.org_suffix_re.match(text, p.end)
            if m:
                org = Cand(p.start, m.end(), "ORG", {"kind": "government", "place": text[p.start:p.end]}, priority=2)
                out.append(org)
                ends.setdefault(org.end, []).append(org)
        # TITLE = qualifier chain + role
        for c in [c for c in out if c.label == "ROLE"]:
            start = c.start
            pos = c.start
            while True:
                quals = [q for q in ends.get(pos, []) if q.label in ("ORG", "PLACE", "QUAL", "TITLE")]
                if not quals:
                    break
                q = min(quals, key=lambda q: q.start)
                start = pos = q.start
            if start == c.start and not self.roles.get(text[c.start:c.end], False):
                continue
            title = Cand(start, c.end, "TITLE", {"role": text[c.start:c.end]}, priority=3)
            out.append(title)
            ends.setdefault(title.end, []).append(title)
        return [c for c in out if c.label not in ("ROLE", "QUAL")]

    def _dates(self, doc: Doc) -> List[Cand]:
        from .date_entities import find_dates

        src = doc._.source or {}
        d = parse_date_value(src.get("date")) if src.get("date") and "X" not in str(src.get("date")) else None
        if d is None and src.get("date"):
            m = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", str(src["date"]))
            d = PartialDate(None, int(m.group(1)), int(m.group(2))) if m else None
        out = []
        for m in find_dates(doc.text, d):
            attrs = {"value": m.value}
            if getattr(m, "part_of_day", None):
                attrs["part_of_day"] = m.part_of_day
            out.append(Cand(m.start, m.end, "DATE", attrs, priority=4))
        return out

    def _resolve(self, cands: List[Cand]) -> List[Cand]:
        spans = [(c.start, c.end, c) for c in cands]
        kept = select_longest(spans, priority=lambda s: s[2].priority)
        return [c for _, _, c in kept]

    def _context_paths(self, final: List[Cand]) -> None:
        """admin_path for places, choosing between same-name places with the document's other places."""
        if self.places is None:
            for c in final:
                c.attrs.pop("_cands", None)
                c.attrs.pop("_site", None)
            return
        unambiguous = [c.attrs["_cands"][0].path for c in final if c.label == "PLACE" and len(c.attrs.get("_cands", [])) == 1]
        for c in final:
            if c.label != "PLACE":
                continue
            cands = c.attrs.pop("_cands", None)
            c.attrs.pop("_site", None)
            if cands:
                place = self.places.resolve_among(cands, unambiguous) if hasattr(self.places, "resolve_among") else (
                    cands[0] if len(cands) == 1 else None)
                if place is not None:
                    c.attrs["admin_path"] = list(place.path)
                    c.attrs["canonical"] = place.name
                    c.attrs["level"] = place.level

    # -- serialization --------------------------------------------------------
    def to_disk(self, path, exclude=tuple()):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        from .lexicon import package_lexicon_text

        for name in LEXICON_FILES:
            (path / name).write_text(self._lexicon_text(name), encoding="utf-8")
        srsly.write_json(path / "cfg", {"use_gazetteer": self.use_gazetteer, "with_dates": self.with_dates})

    def _lexicon_text(self, name: str) -> str:
        rows = self.lexicons[name]
        if not rows:
            return ""
        cols = list(rows[0].keys())
        return "\t".join(cols) + "\n" + "".join("\t".join(r.get(c, "") for c in cols) + "\n" for r in rows)

    def from_disk(self, path, exclude=tuple()):
        path = ensure_path(path)
        cfg = srsly.read_json(path / "cfg") if (path / "cfg").exists() else {}
        self.use_gazetteer = cfg.get("use_gazetteer", self.use_gazetteer)
        self.with_dates = cfg.get("with_dates", self.with_dates)
        self._load(path)
        return self


def set_entities(doc: Doc, cands: Iterable[Cand]) -> None:
    """Store candidates on the Doc (character offsets); `zh_entity_aligner` turns them into spans."""
    existing = list(doc._.ent_cands or [])
    existing.extend([c.start, c.end, c.label, c.attrs] for c in cands)
    doc._.ent_cands = existing


@Language.factory(
    "zh_entity_ruler",
    default_config={"lexicon_dir": None, "use_gazetteer": True, "with_dates": True},
)
def make_entity_ruler(nlp: Language, name: str, lexicon_dir: Optional[str], use_gazetteer: bool, with_dates: bool):
    return EntityRuler(nlp, name, lexicon_dir, use_gazetteer, with_dates)
