"""Timescales as printed ("March 2018", "Ongoing", "Q3 2018/19", "31/03/2019") → due dates.

The due date of a named month is its last day. Open-ended timescales ("Ongoing", "As
required (contextual)", "As plans are reviewed and renewed") have no due date and are not
a problem; anything not understood has no due date and is reported as vague.

Examples
--------
>>> parse_timescale("March 2018")
Timescale(due=datetime.date(2018, 3, 31), kind='date', note='')
>>> parse_timescale("September\\n2017").due
datetime.date(2017, 9, 30)
>>> parse_timescale("Ongoing (Contextual)")
Timescale(due=None, kind='open', note='')
>>> parse_timescale("2018/19").due
datetime.date(2019, 3, 31)
>>> parse_timescale("Year 2", period_start="2017-04-01").due
datetime.date(2019, 3, 31)
>>> parse_timescale("Soon").kind
'vague'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["Timescale", "parse_timescale", "MONTHS"]

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS["sept"] = 9
_OPEN = re.compile(
    r"^(on-?going|continuous|as (and when )?required|as needed|as plans are reviewed|throughout|"
    r"annual(ly)?|quarterly|monthly|every year|each year|rolling|in place|tbc|tbd|n/a)\b",
    re.I,
)
_SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}


@dataclass(frozen=True)
class Timescale:
    """A parsed timescale: ``kind`` is ``date``, ``open`` (no due date by design) or ``vague``."""

    due: date | None
    kind: str
    note: str = ""


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_timescale(text: str, *, period_start: str = "") -> Timescale:
    """Turn a printed timescale into a due date (see the module examples)."""
    return _parse_timescale(text, period_start)


@lru_cache(maxsize=4096)  # a plan prints the same few timescales over and over
def _parse_timescale(text: str, period_start: str) -> Timescale:
    t = " ".join(text.split()).strip().rstrip(".")
    low = t.lower()
    if not t:
        return Timescale(None, "vague", "no timescale printed")
    if _OPEN.match(low):
        return Timescale(None, "open")
    low = re.sub(r"^(by|before|end of|end|completed by|complete by|due|until)\s+", "", low)
    for read in _READERS:  # the first reader that finds its form decides
        found = read(low, period_start)
        if found is not None:
            return found
    return Timescale(None, "vague", f"timescale {t!r} is not a date this reader understands")


def _day_month_year(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b", low)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
    try:
        return Timescale(date(y, mo, d), "date")
    except ValueError:
        return Timescale(None, "vague", f"{m.group(0)!r} is not a valid day/month/year date")


def _iso_date(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", low)
    if not m:
        return None
    try:
        return Timescale(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "date")
    except ValueError:
        return Timescale(None, "vague", f"{m.group(0)!r} is not a valid date")


def _month_year(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\b([a-z]{3,9}\.?)[\s\-]*['’]?\s*(\d{4}|\d{2})\b", low)
    if m and m.group(1) in MONTHS:
        return Timescale(_last_day(_year(m.group(2)), MONTHS[m.group(1)]), "date")
    return None


def _season(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\b(spring|summer|autumn|winter)\s+(\d{4})\b", low)
    if not m:
        return None
    month = _SEASONS[m.group(1)]
    note = f"season {m.group(1)!r} read as the end of {calendar.month_name[month]}"
    return Timescale(_last_day(int(m.group(2)), month), "date", note)


def _quarter(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\bq([1-4])\s*(\d{4})(?:\s*/\s*(\d{2,4}))?\b", low)
    if not m:
        return None
    q, y1 = int(m.group(1)), int(m.group(2))
    if m.group(3):  # financial-year quarter: Q1 = April-June
        month, year = (6, y1) if q == 1 else (9, y1) if q == 2 else (12, y1) if q == 3 else (3, y1 + 1)
        return Timescale(_last_day(year, month), "date", "financial-year quarter")
    return Timescale(_last_day(y1, q * 3), "date", "calendar quarter")


def _financial_year(low: str, _start: str) -> Timescale | None:
    m = re.search(r"\b(20\d{2})\s*[/\-]\s*(\d{2}|20\d{2})\b", low)
    if m and _year(m.group(2)) == int(m.group(1)) + 1:
        return Timescale(date(_year(m.group(2)), 3, 31), "date", "financial year read as ending 31 March")
    return None


def _plan_year(low: str, period_start: str) -> Timescale | None:
    m = re.search(r"\byear\s*(\d)\b", low)
    if not (m and period_start):
        return None
    try:
        start = date.fromisoformat(period_start)
    except ValueError:
        return None
    years = int(m.group(1))
    end = date(start.year + years, start.month, start.day) - timedelta(days=1)
    return Timescale(end, "date", f"year {years} of the plan period")


def _year_alone(low: str, _start: str) -> Timescale | None:
    m = re.fullmatch(r"(20\d{2})", low)
    return Timescale(date(int(m.group(1)), 12, 31), "date", "a year alone read as its last day") if m else None


# the forms a timescale is printed in, tried in this order
_READERS: tuple[Callable[[str, str], Timescale | None], ...] = (
    _day_month_year,
    _iso_date,
    _month_year,
    _season,
    _quarter,
    _financial_year,
    _plan_year,
    _year_alone,
)
