"""Document dates: where a story's date comes from, and partial ISO dates.

A date whose year is unknown is written `XXXX-MM-DD` (SPEC section 2): it is
never guessed.  `PartialDate` carries that uncertainty until a more complete
source (metadata, file name, --date) fills the year in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Optional

# Chinese official news is dated in Beijing time; a GMT timestamp at 20:00 belongs to the next day there.
BEIJING = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class PartialDate:
    year: Optional[int]
    month: Optional[int]
    day: Optional[int]

    def iso(self) -> Optional[str]:
        if self.month is None:
            return f"{self.year:04d}" if self.year else None
        y = f"{self.year:04d}" if self.year else "XXXX"
        if self.day is None:
            return f"{y}-{self.month:02d}"
        return f"{y}-{self.month:02d}-{self.day:02d}"

    def with_year(self, year: Optional[int]) -> "PartialDate":
        return self if self.year or not year else PartialDate(year, self.month, self.day)

    @property
    def complete(self) -> bool:
        return bool(self.year and self.month and self.day)


def _valid(y: Optional[int], m: int, d: int) -> bool:
    try:
        dt.date(y or 2000, m, d)  # 2000 is a leap year, so 2月29日 without a year is allowed
        return True
    except ValueError:
        return False


def parse_date_value(value: Any) -> Optional[PartialDate]:
    """A metadata or command-line date: date objects, ISO strings, RFC 2822, 20220403, or a bare year."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BEIJING)
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    s = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[T ].*)?", s)
    if m:
        y, mo, d = map(int, m.groups())
        if _valid(y, mo, d):
            return PartialDate(y, mo, d)
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        return PartialDate(int(m.group(1)), None, None)
    try:
        return parse_date_value(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return parse_date_value(dt.datetime.fromisoformat(s))
    except ValueError:
        return None


FILENAME_DATE_RE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})-?(\d{2})-?(\d{2})(?!\d)")


def date_from_filename(name: str) -> Optional[PartialDate]:
    for m in FILENAME_DATE_RE.finditer(name):
        y, mo, d = map(int, m.groups())
        if _valid(y, mo, d):
            return PartialDate(y, mo, d)
    return None


# 本报4月3日讯 / 新华社北京4月3日电 / 本报讯 ... : the date a newspaper story was filed.
DATELINE_RE = re.compile(
    r"^(?:本报|本台|本刊)(?:[^，。（(]{0,8}?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日)?(?:讯|电)"
    r"|^(?:新华社|中新社|人民日报|央视网|中国新闻网)[^，。]{0,12}?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:电|讯|消息)"
)
MONTH_DAY_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def date_from_dateline(paragraph: str) -> Optional[PartialDate]:
    m = DATELINE_RE.match(paragraph)
    if not m:
        return None
    g = [x for x in m.groups()]
    y, mo, d = (g[0], g[1], g[2]) if g[1] else (g[3], g[4], g[5])
    if not mo:
        return None
    y_i, mo_i, d_i = (int(y) if y else None), int(mo), int(d)
    return PartialDate(y_i, mo_i, d_i) if _valid(y_i, mo_i, d_i) else None


def date_from_lead(body: str, window: int = 40) -> Optional[PartialDate]:
    """First explicit date near the start of a story (the fallback when nothing better is known)."""
    m = MONTH_DAY_RE.search(body[:window])
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else None
    mo, d = int(m.group(2)), int(m.group(3))
    return PartialDate(y, mo, d) if _valid(y, mo, d) else None


def choose_date(metadata=None, dateline=None, filename=None, option=None, lead=None):
    """Pick the story date in the documented order; later sources only fill in a missing year.

    Returns (PartialDate or None, name of the source it came from).
    """
    order = [("metadata", metadata), ("dateline", dateline), ("filename", filename), ("option", option), ("lead", lead)]
    for i, (name, value) in enumerate(order):
        if value is None or value.month is None:
            continue
        for _, other in order[i + 1 :]:
            if other is not None and other.year and not value.year:
                value = value.with_year(other.year)
        return value, name
    return None, None
