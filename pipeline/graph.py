"""The event graph of an archive: entities resolved across documents, one Event per real event.

`build_graph(documents, filters)` reads annotated SPEC documents (section 1) and returns an
`EventGraph`: a networkx `MultiDiGraph` plus the events and the per-frame rows behind it.

Nodes (attribute `node_type`), ids in brackets:

* **Official** (`official:<canonical>`): one node per canonical name across the archive; `titles`
  and `title_history` (each title with the dates of the documents it was seen in, the first and
  last of them, and how many documents), `orgs`. Two people with the same canonical name are one node (a known limit).
* **Place** (`place:<admin path>`): `admin_path` identifies it (吉林省/长春市/九台区), so 九台 and
  九台区 are one node and 朝阳区 of Changchun is not 朝阳区 of Beijing. Every prefix of the path
  is a Place too, linked by PART_OF (九台区 → 长春市 → 吉林省 → 中国). Communities and sites have
  no admin path; they are keyed by name under the city of the frame's other places
  (吉林省/吉林市/人民广场小区 PART_OF 吉林市), or by name alone when the frame gives no city.
  全省/我省/全市/全国 in case statistics resolve to the document's own province, city or 中国.
* **Org** (`org:<name>`): relative names (省委, 市政府) are qualified with the document's province
  or city (吉林省委), from the ORG's `place` attribute or the places the document names.
* **Measure** (`measure:<canonical>`): `category`, `oxcgrt`, `members` of composites.
* **Event** (`event:<hash>`): `event_type`, `date` (ISO; `XXXX` for an unknown year), `year`,
  `month`, `day`, `actor`, `name`, `topic`, `metric`, `value`, `trigger`, `sentence`, `source`
  (document id of the representative report), `reports` (documents), `frames`.
* **Document** (`doc:<id>`; `doc:<id>~1`, `~2`… for the other occurrences of a story that
  `zhevents annotate` wrote once with `also_in`, or that several inputs contain): `title`, `date`,
  `path`, `story`, `url`, `reprint`. Each occurrence gets its REPORTED_IN edge: a reprint reports.

Edges (attribute `rel`, also the MultiDiGraph key): AGENT, CHAIR, SPEAKER, REPORTER, COMPANION,
ATTENDEE, ADDRESSEE (actor → Event), AT (Event → Place), TARGET (Event → Org or Place), ORDERED
(Event → Measure, `by` = who ordered it), REPORTED_IN (Event → Document, with the frame ids, the
trigger, the sentence and its offsets `sent_start`/`sent_end` in the document's text), PART_OF
(Place → Place) and MEMBER_OF (Official → Org, from the official's `org` attribute). Every edge
carries `reports`, the number of documents that support it.

INSTRUCTION frames given in an inspection or meeting (`context`) are folded into that event:
the speaker gets a SPEAKER edge and the measures become ORDERED edges of the event. An
INSTRUCTION with no context is an event of its own.

One event, many reports (`DEDUP_RULE`)
-------------------------------------
Frames from *different* documents are the same event when all of these hold:

1. the same type and the same main actor (agent, chair, speaker or reporter; for CASE_STATS
   the same metric, 本地 = 本土, and the same value);
2. the same day: both frames dated to the day, same month and day, and the same year, or the year
   unknown on at least one side (`XXXX-04-02` matches `2022-04-02` and the merged event takes
   2022). A 0–24时 interval is its day; 截至…24时 is that day. Frames dated only to a month or a
   year, or not dated, are never merged;
3. no conflict: not two different meeting names; not a meeting with a guest (会见, 会谈) and a
   chaired one (主持, 召开); not two different guests (the last characters of the guest's name,
   会见…林郑月娥 / 会见…梁振英, must occur in the other report's sentence); not two sets of places
   (named in the trigger sentences) that do not overlap; and no official or person named in one
   trigger sentence who is absent from the other document. This is checked between every member
   of two groups before they merge, so merging stays safe when it chains;
4. positive evidence:
   * places overlap: the same place, or one inside the other, at city level or below (九台区 is
     inside 长春市; two reports that only share 吉林省 are not evidence). Only places named in the
     frame's trigger sentence or in the document's title count: a place the frame builder took
     from a later sentence is weak evidence. Named sites are no evidence (人民大会堂 hosts
     several events a day), nor are provinces, countries and continents. For
     CASE_STATS the places must be the same, or one side names no place and the value is at
     least 10 (a small count without a place is too common to identify a figure);
   * or the same meeting name, or a common target organisation;
   * or, when a side names no such place, nearly the same trigger sentence (character-bigram
     Dice ≥ 0.85, at least 30 characters, the same people named: a reprint).
5. A frame whose sentence names a meeting (name of six characters or more) chaired or attended
   by the frame's actor on a compatible day is a report of that meeting, whatever its own type
   (在长春疫情防控保卫战决战决胜阶段工作推进会上，景俊海要求… reports the meeting).

Merging is transitive, but a merged event never holds two frames of one document and never two
different known years. Frames of one document are never merged with each other: the frame
builder already decided they are distinct.

Dates with an unknown year (`DATE_POLICY`)
------------------------------------------
An event keeps the year it was given (`XXXX` when unknown; `year` is then empty and
`year_known` false) unless a report with a known year merges with it. A date filter keeps an
event whose date can fall in the range: an unknown year passes when its month and day fall in
the range in some year the range covers. `strict_dates` keeps only events whose year is known.
Undated events never pass a date filter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import networkx as nx

NODE_TYPES = ("Official", "Place", "Org", "Measure", "Event", "Document")
EVENT_TYPES = ("INSPECTION", "MEETING", "INSTRUCTION", "REPORT", "CASE_STATS")
ROLE_RELS = {
    "agent": "AGENT", "chair": "CHAIR", "speaker": "SPEAKER", "reporter": "REPORTER",
    "companion": "COMPANION", "attendee": "ATTENDEE", "addressee": "ADDRESSEE",
    "place": "AT", "target": "TARGET", "measure": "ORDERED",
}
ACTOR_ROLES = ("agent", "chair", "speaker", "reporter")
PARTICIPANT_RELS = ("AGENT", "CHAIR", "SPEAKER", "REPORTER", "COMPANION", "ATTENDEE", "ADDRESSEE")
EDGE_TYPES = PARTICIPANT_RELS + ("AT", "TARGET", "ORDERED", "REPORTED_IN", "PART_OF", "MEMBER_OF")
# Which frame of a merged group gives the event its type and representative sentence.
TYPE_RANK = {"MEETING": 0, "INSPECTION": 1, "REPORT": 2, "INSTRUCTION": 3, "CASE_STATS": 4}
SENT_END = "。！？\n"
CONTINENTS = {"亚洲", "欧洲", "非洲", "北美洲", "南美洲", "大洋洲", "南极洲", "美洲"}
CHINA_PATH = ("亚洲", "中国")
# Case statistics often say 全省/我省 for the document's province.
GENERIC_PLACES = {
    "全省": "province", "我省": "province", "本省": "province", "全区": "province",
    "全市": "city", "我市": "city", "本市": "city",
    "全国": "country", "我国": "country", "国内": "country",
}
# 省委, 市政府, 省卫健委, 省疫情防控领导小组: bodies named relative to the document's province or city
# (but not 市场监管总局, which is national)
RELATIVE_ORG = re.compile(
    "^[省市](?:委|政府|政协|人大|纪委|监委|卫健委|卫生健康委|疫情防控|公安|教育|财政|商务|发改委|民政|住建|交通|农业农村|"
    "水利|文旅|审计|统计|应急|国资委|司法|外办|科技|工信|自然资源|生态环境|人社|医保|监局|级)")
MIN_NAME = 6          # a meeting name this long identifies the meeting
MIN_SILENT_VALUE = 10  # a figure without a place must be at least this large to identify it
SIMILAR = 0.85        # bigram Dice of two trigger sentences that makes them a reprint
MIN_REPRINT = 30      # ... of sentences at least this long (短句 such as 丁薛祥、王毅等参加会见 recur everywhere)

DEDUP_RULE = __doc__.split("One event, many reports (`DEDUP_RULE`)")[1].split("Dates with an unknown year")[0].strip("-\n ")
DATE_POLICY = __doc__.split("Dates with an unknown year (`DATE_POLICY`)")[1].strip("-\n ")


# --------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True)
class When:
    """A frame's time: what was given, and a start (and end) day as far as it is known."""

    value: Optional[str] = None
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    end: Optional[Tuple[Optional[int], Optional[int], Optional[int]]] = None  # last day, inclusive
    kind: str = "none"  # day, asof, month, year, range, from, none
    source: str = "frame"  # frame | document

    @property
    def is_day(self) -> bool:
        return self.kind in ("day", "asof") and self.month is not None and self.day is not None

    @property
    def iso(self) -> Optional[str]:
        if self.month is None and self.year is None:
            return None
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.month is None:
            return y
        if self.day is None:
            return f"{y}-{self.month:02d}"
        return f"{y}-{self.month:02d}-{self.day:02d}"

    @property
    def iso_end(self) -> Optional[str]:
        if not self.end or self.kind not in ("range",):
            return None
        y, m, d = self.end
        ys = f"{y:04d}" if y is not None else "XXXX"
        if m is None:
            return ys
        return f"{ys}-{m:02d}" + (f"-{d:02d}" if d is not None else "")

    def sort_key(self) -> Tuple:
        return (self.year if self.year is not None else 9999, self.month or 0, self.day or 0)

    def with_year(self, year: int) -> "When":
        end = (year, self.end[1], self.end[2]) if self.end and self.end[0] is None else self.end
        return When(self.value, year, self.month, self.day, end, self.kind, self.source)


_DATE_RE = re.compile(r"^(?P<y>\d{4}|[\dX]{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?:T(?P<H>\d{2}):(?P<M>\d{2}))?")


def _part(s: str) -> Optional[Tuple[Optional[int], Optional[int], Optional[int], Optional[str]]]:
    m = _DATE_RE.match(s.strip())
    if not m:
        return None
    y = int(m["y"]) if m["y"].isdigit() else None
    mo = int(m["m"]) if m["m"] else None
    d = int(m["d"]) if m["d"] else None
    hm = f"{m['H']}:{m['M']}" if m["H"] else None
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    return y, mo, d, hm


def _shift(y: Optional[int], m: int, d: int, days: int) -> Tuple[Optional[int], int, int]:
    base = dt.date(y if y is not None else 2001, m, min(d, calendar.monthrange(y or 2001, m)[1]))
    new = base + dt.timedelta(days=days)
    if y is None:
        return None, new.month, new.day
    return new.year, new.month, new.day


def parse_when(value: Optional[str], source: str = "frame") -> When:
    """`2022-04-02`, `XXXX-04-02T00:00/XXXX-04-02T24:00`, `../2022-03-13T00:00`, `2022-03`, ... -> When."""
    if not value or not isinstance(value, str):
        return When(source=source)
    if "/" in value:
        a, b = value.split("/", 1)
        if a == "..":
            e = _part(b)
            if not e or e[1] is None:
                return When(value, e[0] if e else None, e[1] if e else None, None, None, "year" if e else "none", source)
            y, m, d, hm = e
            if d is None:
                return When(value, y, m, None, None, "month", source)
            if hm == "00:00":
                y, m, d = _shift(y, m, d, -1)
            return When(value, y, m, d, None, "asof", source)
        s = _part(a)
        if not s:
            return When(value, source=source)
        y, m, d, _ = s
        if b == "..":
            return When(value, y, m, d, None, "from", source)
        e = _part(b)
        if not e or m is None or d is None or e[1] is None or e[2] is None:
            kind = "month" if m is not None else "year"
            end = (e[0], e[1], e[2]) if e else None
            return When(value, y, m, d if kind == "day" else None, end, "range" if end else kind, source)
        ey, em, ed, ehm = e
        if ehm == "00:00":  # 4月2日0-24时 is written 2022-04-02T00:00/2022-04-03T00:00
            ey, em, ed = _shift(ey, em, ed, -1)
        if (ey, em, ed) == (y, m, d) or (ey is None and y is None and (em, ed) == (m, d)):
            return When(value, y, m, d, None, "day", source)
        return When(value, y, m, d, (ey, em, ed), "range", source)
    p = _part(value)
    if not p:
        return When(value, source=source)
    y, m, d, _ = p
    if m is None:
        if y is None:
            return When(value, source=source)
        return When(value, y, None, None, None, "year", source)
    if d is None:
        return When(value, y, m, None, None, "month", source)
    return When(value, y, m, d, None, "day", source)


def parse_day(s: str) -> dt.date:
    """A filter bound: YYYY-MM-DD, YYYY-MM (first day) or YYYY."""
    s = s.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {s!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")


def _bounds(w: When, year: int) -> Optional[Tuple[dt.date, dt.date]]:
    """First and last day the time can denote, if its year is `year`."""
    def first(y, m, d):
        return dt.date(y, m or 1, d or 1)

    def last(y, m, d):
        if m is None:
            return dt.date(y, 12, 31)
        return dt.date(y, m, d or calendar.monthrange(y, m)[1])

    try:
        if w.kind in ("day", "asof"):
            if w.month == 2 and w.day == 29 and not calendar.isleap(year):
                return None
            a = dt.date(year, w.month, w.day)
            return a, a
        if w.kind == "month":
            return first(year, w.month, None), last(year, w.month, None)
        if w.kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if w.kind == "from":
            return first(year, w.month, w.day), dt.date.max
        if w.kind == "range" and w.end:
            ey = w.end[0] if w.end[0] is not None else year
            a = first(year, w.month, w.day)
            b = last(ey, w.end[1], w.end[2])
            if b < a and w.end[0] is None:
                b = last(ey + 1, w.end[1], w.end[2])
            return a, b
    except ValueError:
        return None
    return None


def when_in_range(w: When, lo: Optional[dt.date], hi: Optional[dt.date], strict: bool = False) -> bool:
    """Can the time fall in [lo, hi]? See DATE_POLICY."""
    if lo is None and hi is None:
        return True
    if w.kind == "none" or (w.year is None and w.month is None):
        return False
    lo_ = lo or dt.date.min
    hi_ = hi or dt.date.max
    if w.year is not None:
        years = [w.year]
    else:
        if strict:
            return False
        if w.month is None:
            return True
        y0 = lo.year if lo else (hi.year - 1 if hi else 2000)
        y1 = hi.year if hi else (lo.year + 1 if lo else 2001)
        if y1 - y0 > 4:
            return True
        years = range(y0 - 1, y1 + 1)
    for y in years:
        b = _bounds(w, y)
        if b and b[0] <= hi_ and b[1] >= lo_:
            return True
    return False


# --------------------------------------------------------------------------------------------
# Filters


@dataclass
class Filters:
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    officials: Sequence[str] = ()
    places: Sequence[str] = ()
    types: Sequence[str] = ()
    strict_dates: bool = False

    @classmethod
    def make(cls, date_from: Optional[str] = None, date_to: Optional[str] = None, officials: Sequence[str] = (),
             places: Sequence[str] = (), types: Sequence[str] = (), strict_dates: bool = False) -> "Filters":
        lo = parse_day(date_from) if date_from else None
        hi = None
        if date_to:
            hi = parse_day(date_to)
            s = date_to.strip()
            if len(s) == 7:  # YYYY-MM: to the end of that month
                hi = dt.date(hi.year, hi.month, calendar.monthrange(hi.year, hi.month)[1])
            elif len(s) == 4:
                hi = dt.date(hi.year, 12, 31)
        if lo and hi and hi < lo:
            raise ValueError(f"--to {date_to} is before --from {date_from}")
        bad = [t for t in types if t.upper() not in EVENT_TYPES]
        if bad:
            raise ValueError(f"unknown event type {', '.join(bad)} (one of {', '.join(EVENT_TYPES)})")
        return cls(lo, hi, tuple(o.strip() for o in officials if o.strip()), tuple(p.strip() for p in places if p.strip()),
                   tuple(t.upper() for t in types), strict_dates)

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.officials or self.places or self.types or self.strict_dates)

    def describe(self) -> str:
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}" + (" (known years only)" if self.strict_dates else ""))
        elif self.strict_dates:
            parts.append("known years only")
        if self.officials:
            parts.append("officials " + "、".join(self.officials))
        if self.places:
            parts.append("places " + "、".join(self.places))
        if self.types:
            parts.append("types " + ", ".join(self.types))
        return "; ".join(parts) or "none"


# --------------------------------------------------------------------------------------------
# Reading


def read_documents(paths: Iterable[Path]) -> Iterator[Dict]:
    """SPEC documents from JSONL files (or directories of them), one at a time."""
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            with open(f, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        doc = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{f}:{n}: not JSON ({exc.msg})") from None
                    if not isinstance(doc, dict) or "id" not in doc:
                        raise ValueError(f"{f}:{n}: not a SPEC document (no id)")
                    yield doc


# --------------------------------------------------------------------------------------------
# Entities -> nodes


def _is_china(path: Sequence[str]) -> bool:
    return bool(path) and path[0] not in CONTINENTS


def _city_prefix(path: Sequence[str]) -> Tuple[str, ...]:
    """The part of an admin path down to city level (province/city; continent/country/city)."""
    return tuple(path[:2] if _is_china(path) else path[:3])


@dataclass
class NodeInfo:
    id: str
    node_type: str
    attrs: Dict


def _clean(name: Optional[str]) -> str:
    return re.sub(r"\s+", "", name or "")


def _qualify(name: str, ctx: Optional[str]) -> Optional[str]:
    """省委 + 吉林省 -> 吉林省委; 市政府 + 长春市 -> 长春市政府."""
    if not ctx:
        return None
    if ctx[-1] == name[0]:
        return ctx[:-1] + name
    return ctx + name


class DocContext:
    """What a document says about itself: its province and city (for 全省, 省委), its date."""

    def __init__(self, doc: Dict):
        self.id = doc["id"]
        src = doc.get("source") or {}
        self.source = src
        self.when = parse_when(src.get("date"), source="document")
        self.text = doc.get("text") or ""
        self.ents = {e["id"]: e for e in doc.get("entities") or []}
        prov, city = Counter(), Counter()
        self.level_name: Dict[Tuple[str, ...], str] = {}
        for e in self.ents.values():
            if e.get("label") != "PLACE":
                continue
            path = (e.get("attrs") or {}).get("admin_path") or []
            if path and _is_china(path):
                prov[path[0]] += 1
                if len(path) >= 2:
                    city[tuple(path[:2])] += 1
        self.province = prov.most_common(1)[0][0] if prov else None
        cities = [(n, c) for c, n in city.items() if c[0] == self.province]
        self.city = tuple(max(cities)[1]) if cities else None

    def sentence(self, start: Optional[int]) -> Tuple[str, int, int]:
        text = self.text
        if start is None or not text:
            return "", 0, 0
        start = max(0, min(start, len(text)))
        a = max(text.rfind(c, 0, start) for c in SENT_END) + 1
        ends = [i for i in (text.find(c, start) for c in SENT_END) if i >= 0]
        b = min(ends) + 1 if ends else len(text)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return text[a:b], a, b


class Registry:
    """Nodes for entities, merged across documents."""

    def __init__(self) -> None:
        self.nodes: Dict[str, NodeInfo] = {}
        self.titles: Dict[str, Dict[str, dict]] = defaultdict(dict)  # official -> title -> seen
        self.orgs_of: Dict[str, Counter] = defaultdict(Counter)
        self.official_docs: Counter = Counter()
        self.place_aliases: Dict[str, Set[str]] = defaultdict(set)  # every spelling of a place in the archive

    # -- helpers
    def _node(self, nid: str, node_type: str, **attrs) -> NodeInfo:
        n = self.nodes.get(nid)
        if n is None:
            n = self.nodes[nid] = NodeInfo(nid, node_type, {})
        for k, v in attrs.items():
            if v is not None and v != [] and k not in n.attrs:
                n.attrs[k] = v
        return n

    def place_path_node(self, path: Sequence[str]) -> str:
        """Place node for an admin path, with its ancestors and PART_OF chain (ids only)."""
        key = "/".join(path)
        nid = f"place:{key}"
        if nid not in self.nodes:
            level = None
            if _is_china(path):
                level = {1: "province", 2: "city", 3: "county"}.get(len(path))
            else:
                level = {1: "continent", 2: "country", 3: "city"}.get(len(path))
            self._node(nid, "Place", name=path[-1], place_kind="admin", level=level, admin_path=list(path),
                       mentioned=False)
        return nid

    def place(self, ent: Dict, city_ctx: Optional[Tuple[str, ...]] = None) -> str:
        a = ent.get("attrs") or {}
        path = a.get("admin_path") or []
        kind = a.get("kind") or "admin"
        if path:
            nid = self.place_path_node(path)
            n = self.nodes[nid]
            n.attrs["mentioned"] = True
            if a.get("level"):
                n.attrs["level"] = a["level"]
            if a.get("canonical"):
                n.attrs["name"] = a["canonical"]
            n.attrs["place_kind"] = kind
            n.attrs.setdefault("aliases", set()).add(ent.get("text"))
            return nid
        name = _clean(a.get("canonical") or ent.get("text"))
        local = kind in ("community", "site") or re.search("(区|县|镇|乡|街道|村|屯|社区|小区)$", name)
        if local and city_ctx:
            nid = f"place:{'/'.join(city_ctx)}/{name}"
            self._node(nid, "Place", name=name, place_kind=kind, level=None, parent=f"place:{'/'.join(city_ctx)}",
                       admin_path=None, mentioned=True)
            self.place_path_node(city_ctx)
        else:
            nid = f"place:{name}"
            self._node(nid, "Place", name=name, place_kind=kind, level=None, admin_path=None, mentioned=True)
        self.nodes[nid].attrs.setdefault("aliases", set()).add(ent.get("text"))
        return nid

    def generic_place(self, text: str, ctx: DocContext) -> Optional[str]:
        scope = GENERIC_PLACES.get(_clean(text))
        if scope == "province" and ctx.province:
            return self.place_path_node([ctx.province])
        if scope == "city" and ctx.city:
            return self.place_path_node(ctx.city)
        if scope == "country":
            return self.place_path_node(CHINA_PATH)
        return None

    def org(self, ent: Dict, ctx: DocContext) -> str:
        a = ent.get("attrs") or {}
        text, canon = _clean(ent.get("text")), _clean(a.get("canonical"))
        rel = lambda s: bool(RELATIVE_ORG.match(s or ""))  # noqa: E731
        name = canon or text
        qualified = True
        if rel(name) and text and not rel(text):
            name = text
        elif rel(name):
            place = _clean(a.get("place"))
            scope = ctx.province if name[0] == "省" else (ctx.city[-1] if ctx.city else None)
            if place and not rel(place):
                # the ORG's own place (吉林 -> 吉林省 when the document's province starts with it)
                if scope and scope.startswith(place):
                    place = scope
                q = _qualify(name, place if place[-1] in "省市州区县" else place + name[0])
            else:
                q = _qualify(name, scope)
            if q:
                name = q
            else:
                qualified = False
        nid = f"org:{name}"
        self._node(nid, "Org", name=name, org_kind=a.get("kind"), qualified=qualified)
        return nid

    def org_by_name(self, name: str) -> str:
        nid = f"org:{_clean(name)}"
        self._node(nid, "Org", name=_clean(name), qualified=True)
        return nid

    def official(self, ent: Dict, ctx: DocContext) -> str:
        a = ent.get("attrs") or {}
        name = _clean(a.get("canonical") or ent.get("text"))
        nid = f"official:{name}"
        self._node(nid, "Official", name=name)
        return nid

    def note_official(self, ent: Dict, ctx: DocContext) -> None:
        """Titles and orgs seen with an official in one document (called once per mention)."""
        nid = self.official(ent, ctx)
        a = ent.get("attrs") or {}
        date = ctx.when.iso if ctx.when.kind != "none" else None
        for t in a.get("titles") or []:
            seen = self.titles[nid].setdefault(t, {"dates": set(), "docs": set()})
            seen["docs"].add(ctx.id)
            if date:
                seen["dates"].add(date)
        org = _clean(a.get("org"))
        if len(org) >= 2:
            self.orgs_of[nid][org] += 1

    def measure(self, ent: Dict) -> str:
        a = ent.get("attrs") or {}
        name = _clean(a.get("canonical") or ent.get("text"))
        nid = f"measure:{name}"
        self._node(nid, "Measure", name=name, category=a.get("category") or "other", oxcgrt=a.get("oxcgrt"),
                   members=list(a.get("members") or []))
        self.nodes[nid].attrs.setdefault("aliases", set()).add(ent.get("text"))
        return nid

    def entity(self, ent: Dict, ctx: DocContext, city_ctx=None) -> Optional[str]:
        label = ent.get("label")
        if label == "OFFICIAL":
            return self.official(ent, ctx)
        if label == "PLACE":
            return self.place(ent, city_ctx)
        if label == "ORG":
            return self.org(ent, ctx)
        if label == "DIRECTIVE":
            return self.measure(ent)
        return None


# --------------------------------------------------------------------------------------------
# Frames -> mentions -> events


@dataclass
class Mention:
    """One frame of one document (with the INSTRUCTION frames folded into it)."""

    doc_id: str
    frame_id: str
    type: str
    when: When
    actor: Optional[str]
    actor_text: Optional[str]
    trigger: str
    sentence: str
    span: Tuple[int, int]
    order: int
    edges: List[Tuple[str, str, str, Optional[str]]] = field(default_factory=list)  # rel, node, surface, by
    places: Set[str] = field(default_factory=set)
    targets: Set[str] = field(default_factory=set)
    participants: Set[str] = field(default_factory=set)
    name: Optional[str] = None
    topic: Optional[str] = None
    metric: Optional[str] = None
    value: Optional[object] = None
    place_texts: List[str] = field(default_factory=list)
    anchored: Set[str] = field(default_factory=set)  # places named in the trigger sentence or the title
    guest: Optional[str] = None  # 会见X / 同X举行会谈: whom a meeting received
    sent_people: Set[str] = field(default_factory=set)  # officials and persons named in the trigger sentence
    doc_people: frozenset = frozenset()  # every name of an official or person in the document
    measures: List[str] = field(default_factory=list)
    folded: List["Mention"] = field(default_factory=list)
    folded_into: Optional[str] = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.frame_id}"


GUEST_TRIGGERS = ("会见", "会谈", "会晤", "接见", "通电话", "通话")
_GUEST_AFTER = re.compile(r"^了?([^，。；！？]{2,60})")
_GUEST_BEFORE = re.compile(r"(?:同|与|和)([^，。；同与和]{2,40}?)(?:举行|进行)?(?:会谈|会晤|通电话|视频通话|通话)$")
_GUEST_TAIL_JUNK = re.compile(r"(?:一行|等人|等|时|并.*)$")


def _guest(sentence: str, at: int, trigger: str) -> Optional[str]:
    """Whom a 会见/会谈 meeting received: the phrase after 会见, or between 同 and 会谈 (None otherwise)."""
    if not any(t in trigger for t in GUEST_TRIGGERS):
        return None
    end = at + len(trigger)
    m = _GUEST_AFTER.match(sentence[end:]) if "会见" in trigger or "接见" in trigger else \
        _GUEST_BEFORE.search(sentence[:end])
    if not m:
        return ""  # a guest meeting whose guest is not written where expected
    return _GUEST_TAIL_JUNK.sub("", _clean(m.group(1))) or ""


def _guests_conflict(a: "Mention", b: "Mention") -> bool:
    """Two meetings with a guest (会见/会谈) received different guests, or one had a guest and one did not."""
    if (a.guest is None) != (b.guest is None):
        return True  # 会见 is not 主持召开
    if not a.guest or not b.guest:
        return False
    ta, tb = a.guest[-3:], b.guest[-3:]
    return ta not in _clean(b.sentence) and tb not in _clean(a.sentence)


def norm_metric(m: Optional[str]) -> Optional[str]:
    if not m:
        return m
    m = _clean(m).replace("本地", "本土")
    for junk in ("新冠肺炎", "新型冠状病毒肺炎", "新冠"):
        m = m.replace(junk, "")
    return m


def _norm_name(s: Optional[str]) -> str:
    return re.sub(r"[\s“”\"'‘’《》「」（）()]", "", s or "")


def _bigrams(s: str) -> Counter:
    s = re.sub(r"[\s，。、；：！？“”（）()]", "", s)
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    n = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / n if n else 0.0


def _value(v) -> object:
    if isinstance(v, (int, float)):
        return int(v)
    s = str(v or "").strip()
    return int(s) if s.isdigit() else (s or None)


def document_mentions(doc: Dict, reg: Registry, start_order: int = 0) -> List[Mention]:
    """The mentions of one document; INSTRUCTION frames with a context are folded into it."""
    ctx = DocContext(doc)
    for e in ctx.ents.values():
        if e.get("label") == "OFFICIAL":
            reg.note_official(e, ctx)
        elif e.get("label") == "PLACE" and (e.get("attrs") or {}).get("admin_path") and e.get("text"):
            reg.place_aliases["place:" + "/".join(e["attrs"]["admin_path"])].add(_clean(e["text"]))
    frames = doc.get("frames") or []
    people = [(e.get("start"), e.get("end"), _clean((e.get("attrs") or {}).get("canonical") or e.get("text")),
               _clean(e.get("text"))) for e in ctx.ents.values() if e.get("label") in ("OFFICIAL", "PERSON")]
    doc_people = frozenset(n for *_, canon, text in people for n in (canon, text) if n)
    by_id: Dict[str, Mention] = {}
    out: List[Mention] = []
    for i, f in enumerate(frames):
        ftype = (f.get("type") or "").upper()
        if ftype not in EVENT_TYPES:
            continue
        args = f.get("args") or []
        when = parse_when((f.get("time") or {}).get("value"))
        trig = f.get("trigger") or {}
        sent, a, b = ctx.sentence(trig.get("start"))
        m = Mention(ctx.id, f.get("id") or f"f{i + 1}", ftype, when, None, None, trig.get("text") or "", sent, (a, b),
                    start_order + i)
        m.doc_people = doc_people
        if ftype == "MEETING":
            m.guest = _guest(sent, (trig.get("start") or a) - a, m.trigger)
        for st, en, canon, _ in people:
            if canon and isinstance(st, int) and isinstance(en, int) and a <= st and en <= b:
                m.sent_people.add(canon)
        # the city the frame's admin places share: communities and sites are placed under it
        paths = [(ctx.ents.get(x.get("entity")) or {}).get("attrs", {}).get("admin_path") for x in args
                 if x.get("role") == "place"]
        paths = [p for p in paths if p]
        city_ctx = None
        if paths:
            common = list(paths[0])
            for p in paths[1:]:
                k = 0
                while k < min(len(common), len(p)) and common[k] == p[k]:
                    k += 1
                common = common[:k]
            if common and len(common) >= (2 if _is_china(common) else 3):
                city_ctx = _city_prefix(common)
        for x in args:
            role = x.get("role")
            text = x.get("text")
            ent = ctx.ents.get(x.get("entity")) if x.get("entity") else None
            nid = reg.entity(ent, ctx, city_ctx) if ent else None
            if role in ACTOR_ROLES and m.actor is None and m.actor_text is None:
                m.actor, m.actor_text = nid, text
            if role == "name":
                m.name = m.name or _clean(text)
            elif role == "topic":
                m.topic = m.topic or _clean(text)
            elif role == "metric":
                m.metric = m.metric or _clean(text)
            elif role == "value":
                m.value = _value(text if text is not None else x.get("value"))
            elif role == "place":
                if nid is None and text and ftype == "CASE_STATS":
                    nid = reg.generic_place(text, ctx)
                m.place_texts.append(_clean(text or (ent or {}).get("text")))
            if nid is None or role not in ROLE_RELS:
                continue
            rel = ROLE_RELS[role]
            node_type = reg.nodes[nid].node_type
            if rel in PARTICIPANT_RELS and node_type not in ("Official", "Org"):
                continue
            if rel == "AT" and node_type != "Place":
                continue
            if rel == "ORDERED" and node_type != "Measure":
                continue
            m.edges.append((rel, nid, _clean(text or (ent or {}).get("text")), None))
            if rel == "AT":
                m.places.add(nid)
                surface = _clean(text or (ent or {}).get("text"))
                if surface and (surface in m.sentence or surface in _clean(ctx.source.get("title"))):
                    m.anchored.add(nid)
            elif rel == "TARGET":
                m.targets.add(nid)
            elif rel in PARTICIPANT_RELS:
                m.participants.add(nid)
            elif rel == "ORDERED":
                m.measures.append(reg.nodes[nid].attrs["name"])
        if m.actor:
            m.sent_people.discard(reg.nodes[m.actor].attrs.get("name"))
        # measures were ordered by the speaker (an instruction) or the main actor
        by = m.actor
        m.edges = [(r, n, s, by if r == "ORDERED" else None) for r, n, s, _ in m.edges]
        by_id[m.frame_id] = m
        context = next((x.get("frame") for x in args if x.get("role") == "context" and x.get("frame")), None)
        if ftype == "INSTRUCTION" and context and context in by_id and by_id[context].type != "INSTRUCTION":
            parent = by_id[context]
            m.folded_into = parent.frame_id
            parent.folded.append(m)
            continue
        out.append(m)
    return out


class _Groups:
    """Union-find over mentions with the two constraints of the rule."""

    def __init__(self, mentions: List[Mention], places: "PlaceIndex"):
        self.mentions, self.places = mentions, places
        self.members: Dict[int, List[int]] = {i: [i] for i in range(len(mentions))}
        self.parent = list(range(len(mentions)))
        self.docs = [{m.doc_id} for m in mentions]
        self.years = [({m.when.year} if m.when.year is not None else set()) for m in mentions]
        self.reasons: Dict[int, List[str]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, reason: str) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return False
        if self.docs[a] & self.docs[b] or len(self.years[a] | self.years[b]) > 1:
            return False
        # no member of one group may conflict with a member of the other (transitivity stays safe)
        if any(conflict(self.mentions[x], self.mentions[y], self.places)
               for x in self.members[a] for y in self.members[b]):
            return False
        if a > b:
            a, b = b, a
        self.parent[b] = a
        self.docs[a] |= self.docs[b]
        self.years[a] |= self.years[b]
        self.members[a] += self.members.pop(b)
        self.reasons[a] += self.reasons.pop(b, []) + [reason]
        return True


class PlaceIndex:
    def __init__(self, reg: Registry):
        self.reg = reg

    def path(self, nid: str) -> Optional[Tuple[str, ...]]:
        n = self.reg.nodes[nid]
        if n.attrs.get("admin_path"):
            return tuple(n.attrs["admin_path"])
        if n.attrs.get("parent"):
            parent = self.reg.nodes[n.attrs["parent"]].attrs.get("admin_path") or []
            return tuple(parent) + (n.attrs["name"],)
        return None

    def broad(self, nid: str) -> bool:
        """Countries, continents and regions say nothing about which event it was."""
        p = self.path(nid)
        if p is None:
            return False
        return (not _is_china(p)) and len(p) <= 2

    def _deep(self, p: Sequence[str]) -> bool:
        return len(p) >= (2 if _is_china(p) else 3)

    def overlap(self, a: Set[str], b: Set[str], evidence: bool = False) -> bool:
        """Do the places overlap (the same, or one inside the other)?

        As evidence of one event only places at city level or below count, and no named site:
        a province is too large, and 人民大会堂 hosts several events a day.
        """
        a = {x for x in a if not self.broad(x)}
        b = {x for x in b if not self.broad(x)}
        if evidence:
            a, b = self.specific(a), self.specific(b)
        if a & b:
            return True
        for x in a:
            px = self.path(x)
            if not px:
                continue
            for y in b:
                py = self.path(y)
                if not py:
                    continue
                short, long_ = (px, py) if len(px) <= len(py) else (py, px)
                if (self._deep(short) or not evidence) and long_[:len(short)] == short:
                    return True
        return False

    def specific(self, s: Set[str]) -> Set[str]:
        out = set()
        for x in s:
            n = self.reg.nodes[x].attrs
            if n.get("place_kind") == "site":
                continue
            p = self.path(x)
            if p is None or self._deep(p):
                out.add(x)
        return out

    def informative(self, s: Set[str]) -> Set[str]:
        return {x for x in s if not self.broad(x)}


def _same_day(a: When, b: When) -> bool:
    return (a.is_day and b.is_day and (a.month, a.day) == (b.month, b.day)
            and (a.year is None or b.year is None or a.year == b.year))


def _names_match(a: Optional[str], b: Optional[str]) -> Optional[bool]:
    """True: same meeting name; False: different names; None: a name is missing."""
    x, y = _norm_name(a), _norm_name(b)
    if not x or not y:
        return None
    if x == y or (min(len(x), len(y)) >= MIN_NAME and (x in y or y in x)):
        return True
    return False


def conflict(a: Mention, b: Mention, places: PlaceIndex) -> Optional[str]:
    """Why two mentions cannot be the same event, or None (checked between all members of two groups)."""
    if a.doc_id == b.doc_id:
        return "same document"
    if a.type == "CASE_STATS" or b.type == "CASE_STATS":
        if a.type != b.type or norm_metric(a.metric) != norm_metric(b.metric) or a.value != b.value:
            return "different figures"
        if a.places and b.places and not a.places & b.places:
            return "different places"
        return None
    if a.when.is_day and b.when.is_day and not _same_day(a.when, b.when):
        return "different days"
    if _names_match(a.name, b.name) is False:
        return "different meeting names"
    if a.type == b.type == "MEETING" and _guests_conflict(a, b):
        return "different guests"
    pa, pb = places.informative(a.anchored), places.informative(b.anchored)
    if pa and pb and not places.overlap(pa, pb):
        return "different places"
    # 习近平会见塞西 and 习近平会见武契奇: someone the sentence names is not in the other report at all
    if (a.sent_people - b.doc_people) or (b.sent_people - a.doc_people):
        return "different people"
    return None


def same_event(a: Mention, b: Mention, places: PlaceIndex) -> Optional[str]:
    """Why two mentions of different documents are the same event, or None (the rule, points 1-4)."""
    if a.doc_id == b.doc_id or a.type != b.type or not _same_day(a.when, b.when):
        return None
    if conflict(a, b, places):
        return None
    if a.type == "CASE_STATS":
        if a.value is None:
            return None
        if a.places and b.places:
            return "same figure, same place"
        if isinstance(a.value, int) and a.value >= MIN_SILENT_VALUE:
            return "same figure, one side names no place"
        return None
    if a.actor is None or a.actor != b.actor:
        return None
    if places.overlap(a.anchored, b.anchored, evidence=True):
        return "same actor and day, places overlap"
    if _names_match(a.name, b.name):
        return "same actor and day, same meeting name"
    if a.targets & b.targets:
        return "same actor and day, same target"
    if (min(len(a.sentence), len(b.sentence)) >= MIN_REPRINT and a.sent_people == b.sent_people
            and dice(a.sentence, b.sentence) >= SIMILAR):
        return "same actor and day, reprinted sentence"
    return None


@dataclass
class Event:
    id: str
    type: str
    when: When
    mentions: List[Mention]
    reasons: List[str]

    @property
    def main(self) -> Mention:
        return self.mentions[0]

    @property
    def documents(self) -> List[str]:
        seen = []
        for m in self.mentions:
            if m.doc_id not in seen:
                seen.append(m.doc_id)
        return seen

    def all_frames(self) -> Iterator[Mention]:
        for m in self.mentions:
            yield m
            yield from m.folded

    def nodes(self, rel: Optional[Set[str]] = None) -> Set[str]:
        return {n for m in self.all_frames() for r, n, _, _ in m.edges if rel is None or r in rel}


def cluster(mentions: List[Mention], reg: Registry) -> List[Event]:
    """Group mentions into events (DEDUP_RULE)."""
    places = PlaceIndex(reg)
    groups = _Groups(mentions, places)
    blocks: Dict[tuple, List[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if not m.when.is_day:
            continue
        if m.type == "CASE_STATS":
            if m.value is not None and m.metric:
                blocks[("CASE_STATS", norm_metric(m.metric), str(m.value), m.when.month, m.when.day)].append(i)
        elif m.actor:
            blocks[(m.type, m.actor, m.when.month, m.when.day)].append(i)
    for key in sorted(blocks, key=str):
        idx = blocks[key]
        if len(idx) < 2:
            continue
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                a, b = mentions[idx[x]], mentions[idx[y]]
                why = same_event(a, b, places)
                if why:
                    groups.union(idx[x], idx[y], why)
    # 5. a frame naming a meeting of its actor is a report of that meeting
    meetings: Dict[tuple, List[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.type == "MEETING" and m.when.is_day and len(_norm_name(m.name)) >= MIN_NAME:
            for p in {m.actor} | m.participants:
                if p:
                    meetings[(p, m.when.month, m.when.day)].append(i)
    for i, m in enumerate(mentions):
        if m.type == "CASE_STATS" or not m.when.is_day or not m.actor:
            continue
        for j in meetings.get((m.actor, m.when.month, m.when.day), []):
            e = mentions[j]
            if j == i or e.doc_id == m.doc_id or not _same_day(e.when, m.when):
                continue
            if _norm_name(e.name) in _norm_name(m.sentence):
                groups.union(j, i, "sentence names the meeting")
    by_root: Dict[int, List[int]] = defaultdict(list)
    for i in range(len(mentions)):
        by_root[groups.find(i)].append(i)
    events = []
    for root, idx in by_root.items():
        ms = [mentions[i] for i in idx]
        ms.sort(key=lambda m: (TYPE_RANK[m.type], -len(m.edges) - sum(len(f.edges) for f in m.folded), m.order))
        years = {m.when.year for m in ms if m.when.year is not None}
        best = sorted(ms, key=lambda m: ({"day": 0, "asof": 0, "range": 1, "month": 2, "from": 3, "year": 4, "none": 5}[m.when.kind],
                                        m.when.year is None, m.order))[0]
        when = best.when
        if when.year is None and len(years) == 1 and when.kind != "none":
            when = when.with_year(next(iter(years)))
        h = hashlib.sha1(min(m.key for m in ms).encode("utf-8")).hexdigest()[:12]
        events.append(Event(f"event:{h}", ms[0].type, when, ms, groups.reasons.get(root, [])))
    events.sort(key=lambda e: (e.when.sort_key(), e.main.order))
    return events


# --------------------------------------------------------------------------------------------
# Filters on events


def _place_matches(reg: Registry, nid: str, query: str) -> bool:
    n = reg.nodes.get(nid)
    if not n:
        return False
    names = {n.attrs.get("name")} | set(n.attrs.get("aliases") or ()) | set(PlaceIndex(reg).path(nid) or ())
    q = _clean(query)
    return any(x and (x == q or (len(q) >= 2 and x in {q + s for s in ("省", "市", "区", "县", "州")})) for x in names)


def event_passes(ev: Event, f: Filters, reg: Registry) -> bool:
    if f.types and ev.type not in f.types:
        return False
    if (f.date_from or f.date_to or f.strict_dates):
        if f.strict_dates and ev.when.year is None:
            return False
        if not when_in_range(ev.when, f.date_from, f.date_to, f.strict_dates):
            return False
    if f.officials:
        people = {reg.nodes[n].attrs["name"] for n in ev.nodes(set(PARTICIPANT_RELS)) if reg.nodes[n].node_type == "Official"}
        if not any(_clean(o) in people for o in f.officials):
            return False
    if f.places:
        at = ev.nodes({"AT", "TARGET"})
        if not any(_place_matches(reg, n, q) for n in at for q in f.places):
            return False
    return True


# --------------------------------------------------------------------------------------------
# The graph


@dataclass
class EventGraph:
    graph: nx.MultiDiGraph
    events: List[Event]
    registry: Registry
    documents: Dict[str, Dict]
    frames: int
    all_events: int
    filters: Filters
    copies: Dict[str, List[Dict]] = field(default_factory=dict)  # other occurrences of a story (`also_in`)

    def occurrences(self, doc_id: str) -> int:
        return 1 + len(self.copies.get(doc_id, ()))

    def reports(self, ev: "Event") -> int:
        """Documents that report the event: its records and their reprints."""
        return sum(self.occurrences(d) for d in ev.documents)

    def counts(self) -> Dict[str, Counter]:
        nodes = Counter(d["node_type"] for _, d in self.graph.nodes(data=True))
        edges = Counter(d["rel"] for _, _, d in self.graph.edges(data=True))
        types = Counter(self.graph.nodes[e.id]["event_type"] for e in self.events)
        return {"nodes": nodes, "edges": edges, "events": types}

    def merged(self) -> List[Event]:
        """Events whose frames from different documents the rule merged (DEDUP_RULE)."""
        return [e for e in self.events if len(e.documents) > 1]

    def reprinted(self) -> List[Event]:
        """Events reported by more than one document: merged by the rule, or in a reprinted story."""
        return [e for e in self.events if self.reports(e) > 1]

    def rows(self) -> List[Dict]:
        """One row per frame (events.csv)."""
        reg = self.registry
        out = []
        for ev in self.events:
            for m in ev.all_frames():
                doc = self.documents.get(m.doc_id, {})
                name = lambda n: reg.nodes[n].attrs.get("name")  # noqa: E731
                places = [name(n) for r, n, _, _ in m.edges if r == "AT"]
                if not places:
                    places = [p for p in m.place_texts if p]
                out.append({
                    "event_id": ev.id,
                    "event_type": ev.type,
                    "event_date": ev.when.iso or "",
                    "reports": self.reports(ev),
                    "date": m.when.iso or "",
                    "time_value": m.when.value or "",
                    "type": m.type,
                    "main_actor": name(m.actor) if m.actor else (m.actor_text or ""),
                    "places": "、".join(dict.fromkeys(p for p in places if p)),
                    "measures": "、".join(dict.fromkeys(m.measures)),
                    "name": m.name or "",
                    "metric": m.metric or "",
                    "value": "" if m.value is None else m.value,
                    "trigger": m.trigger,
                    "sentence": m.sentence,
                    "document": m.doc_id,
                    "frame": m.frame_id,
                    "folded_into": m.folded_into or "",
                    "title": doc.get("title") or "",
                    "doc_date": doc.get("date") or "",
                    "path": doc.get("path") or "",
                    "story": "" if doc.get("story") is None else doc.get("story"),
                    "url": doc.get("url") or "",
                })
        return out


def _event_label(ev: Event, reg: Registry) -> str:
    m = ev.main
    who = reg.nodes[m.actor].attrs["name"] if m.actor else (m.actor_text or "")
    what = m.name or m.topic or ""
    if ev.type == "CASE_STATS":
        where = "、".join(reg.nodes[p].attrs["name"] for p in sorted(m.places)) or "、".join(m.place_texts)
        return f"{ev.when.iso or ''} {where}{m.metric or ''} {m.value}".strip()
    if not what:
        what = "、".join(reg.nodes[p].attrs["name"] for p in sorted(ev.nodes({"AT"})))[:40]
    return f"{ev.when.iso or ''} {ev.type} {who} {what}".strip()


def _finish_registry(reg: Registry) -> None:
    for nid, names in reg.place_aliases.items():
        if nid in reg.nodes:
            reg.nodes[nid].attrs.setdefault("aliases", set()).update(names)
    for nid, titles in reg.titles.items():
        hist = []
        for t, s in titles.items():
            known = sorted(d for d in s["dates"] if not d.startswith("X"))
            dates = known or sorted(s["dates"])
            hist.append({"title": t, "first_seen": dates[0] if dates else None,
                         "last_seen": dates[-1] if dates else None, "documents": len(s["docs"]),
                         "dates": known + sorted(d for d in s["dates"] if d.startswith("X"))})
        hist.sort(key=lambda h: (-h["documents"], h["title"]))
        n = reg.nodes[nid]
        n.attrs["titles"] = [h["title"] for h in hist]
        n.attrs["title_history"] = hist
    for nid, orgs in reg.orgs_of.items():
        reg.nodes[nid].attrs["orgs"] = [o for o, _ in orgs.most_common()]


def build_graph(documents: Iterable[Dict], filters: Optional[Filters] = None, log=None) -> EventGraph:
    """Read documents, resolve entities, merge repeated reports, filter, and build the graph."""
    filters = filters or Filters()
    reg = Registry()
    mentions: List[Mention] = []
    docs: Dict[str, Dict] = {}
    copies: Dict[str, List[Dict]] = defaultdict(list)
    n_frames = 0
    keys = ("title", "date", "path", "story", "line", "url", "collection", "section")

    def where(src: Dict) -> tuple:
        return (src.get("path"), src.get("story"), src.get("line"))

    for doc in documents:
        src = {k: (doc.get("source") or {}).get(k) for k in keys}
        others = [{k: (o or {}).get(k) for k in keys} for o in doc.get("also_in") or []]
        if doc["id"] in docs:
            # the same story again (same normalized text), e.g. from another batch: one more occurrence
            seen = {where(docs[doc["id"]])} | {where(c) for c in copies[doc["id"]]}
            for o in [src] + others:
                if where(o) not in seen:
                    copies[doc["id"]].append(o)
                    seen.add(where(o))
            continue
        docs[doc["id"]] = src
        copies[doc["id"]].extend(others)
        ms = document_mentions(doc, reg, start_order=n_frames)
        n_frames += len(doc.get("frames") or [])
        mentions.extend(ms)
    _finish_registry(reg)
    events = cluster(mentions, reg)
    n_all = len(events)
    kept = [e for e in events if event_passes(e, filters, reg)] if filters.active else events
    copies = {k: v for k, v in copies.items() if v}
    g = _graph(kept, reg, docs, copies, filters)
    if log:
        log(f"{len(docs)} documents, {n_frames} frames, {n_all} events, {len(kept)} kept")
    return EventGraph(g, kept, reg, docs, n_frames, n_all, filters, copies)


def _jsonable(v):
    if isinstance(v, set):
        return sorted(x for x in v if x)
    return v


def _graph(events: List[Event], reg: Registry, docs: Dict[str, Dict], copies: Dict[str, List[Dict]],
           filters: Filters) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="zhevents event graph", filters=filters.describe(),
                        dedup_rule="see pipeline/graph.py DEDUP_RULE")

    def add_node(nid: str) -> None:
        if nid in g:
            return
        n = reg.nodes[nid]
        attrs = {k: _jsonable(v) for k, v in n.attrs.items() if v is not None}
        attrs.pop("parent", None)
        g.add_node(nid, node_type=n.node_type, label=attrs.get("name", nid), **attrs)
        if n.node_type == "Place":
            add_place_chain(nid)

    def add_edge(u: str, v: str, rel: str, doc: str, **attrs) -> None:
        if g.has_edge(u, v, key=rel):
            d = g.edges[u, v, rel]
            d["_docs"].add(doc)
            d["mentions"] += 1
            for k, val in attrs.items():
                if isinstance(val, list):
                    d.setdefault(k, [])
                    d[k] += [x for x in val if x not in d[k]]
            return
        g.add_edge(u, v, key=rel, rel=rel, label=rel, _docs={doc}, mentions=1, **attrs)

    def add_place_chain(nid: str) -> None:
        n = reg.nodes[nid]
        path = n.attrs.get("admin_path")
        parent = n.attrs.get("parent")
        if path:
            parent_path = list(path[:-1])
            if not parent_path and _is_china(path):
                parent_path = list(CHINA_PATH) if tuple(path) != CHINA_PATH[-1:] else []
            if parent_path and tuple(path) != CHINA_PATH:
                pid = reg.place_path_node(parent_path)
                add_node(pid)
                if not g.has_edge(nid, pid, key="PART_OF"):
                    g.add_edge(nid, pid, key="PART_OF", rel="PART_OF", label="PART_OF", _docs=set(), mentions=0)
        elif parent:
            add_node(parent)
            if not g.has_edge(nid, parent, key="PART_OF"):
                g.add_edge(nid, parent, key="PART_OF", rel="PART_OF", label="PART_OF", _docs=set(), mentions=0,
                           inferred=True)

    for ev in events:
        m = ev.main
        frames = list(ev.all_frames())
        attrs = {
            "event_type": ev.type,
            "date": ev.when.iso,
            "date_end": ev.when.iso_end,
            "time_value": m.when.value,
            "year": ev.when.year,
            "month": ev.when.month,
            "day": ev.when.day,
            "year_known": ev.when.year is not None,
            "actor": reg.nodes[m.actor].attrs["name"] if m.actor else m.actor_text,
            "name": next((x.name for x in ev.mentions if x.name), None),
            "topic": next((x.topic for x in ev.mentions if x.topic), None),
            "metric": m.metric,
            "value": m.value if isinstance(m.value, int) else None,
            "trigger": m.trigger,
            "sentence": m.sentence,
            "source": m.doc_id,
            "source_title": docs.get(m.doc_id, {}).get("title"),
            "reports": sum(1 + len(copies.get(d, ())) for d in ev.documents),
            "frames": len(frames),
            "merged_by": sorted(set(ev.reasons)),
        }
        g.add_node(ev.id, node_type="Event", label=_event_label(ev, reg),
                   **{k: v for k, v in attrs.items() if v is not None and v != []})
        for f in frames:
            for rel, nid, surface, by in f.edges:
                add_node(nid)
                extra = {"texts": [surface] if surface else []}
                if rel == "ORDERED" and by:
                    extra["by"] = [reg.nodes[by].attrs["name"]]
                if rel in PARTICIPANT_RELS:
                    add_edge(nid, ev.id, rel, f.doc_id, **extra)
                else:
                    add_edge(ev.id, nid, rel, f.doc_id, **extra)
        for doc_id in ev.documents:
            fr = [f for f in frames if f.doc_id == doc_id]
            first = fr[0]
            # one Document per occurrence: a story reprinted elsewhere (`also_in`) reports the event again
            for k, d in enumerate([docs.get(doc_id, {})] + copies.get(doc_id, [])):
                did = f"doc:{doc_id}" + (f"~{k}" if k else "")
                if did not in g:
                    g.add_node(did, node_type="Document", label=d.get("title") or doc_id, doc_id=doc_id,
                               reprint=k > 0, **{kk: v for kk, v in d.items() if v is not None})
                g.add_edge(ev.id, did, key="REPORTED_IN", rel="REPORTED_IN", label="REPORTED_IN", _docs={doc_id},
                           mentions=len(fr), frames=[x.frame_id for x in fr], trigger=first.trigger,
                           sentence=first.sentence, sent_start=first.span[0], sent_end=first.span[1])
    # officials' organisations
    for nid in [n for n, d in g.nodes(data=True) if d["node_type"] == "Official"]:
        for org in reg.nodes[nid].attrs.get("orgs") or []:
            oid = reg.org_by_name(org)
            add_node(oid)
            g.add_edge(nid, oid, key="MEMBER_OF", rel="MEMBER_OF", label="MEMBER_OF", _docs=set(),
                       mentions=reg.orgs_of[nid][org])
    # edge support: number of documents
    for _, _, d in g.edges(data=True):
        docs_ = d.pop("_docs")
        if d["rel"] == "REPORTED_IN":
            d["reports"] = 1
        elif d["rel"] in ("PART_OF", "MEMBER_OF"):
            d["reports"] = d.get("mentions", 0)
        else:
            d["reports"] = sum(1 + len(copies.get(x, ())) for x in docs_)
    # event counts on entity nodes
    for nid, d in g.nodes(data=True):
        if d["node_type"] in ("Official", "Place", "Org", "Measure"):
            evs = {u for u, _ in g.in_edges(nid) if g.nodes[u]["node_type"] == "Event"} | \
                  {v for _, v in g.out_edges(nid) if g.nodes[v]["node_type"] == "Event"}
            d["events"] = len(evs)
    return g


def build_from_paths(paths: Sequence[Path], filters: Optional[Filters] = None, log=None) -> EventGraph:
    return build_graph(read_documents(paths), filters, log=log)
