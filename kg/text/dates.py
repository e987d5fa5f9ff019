"""Dates in Kazakh and Russian legal prose, found through a table of month stems.

dateparser parses none of the Kazakh forms and invents dates in running text; the twelve
month stems with their case endings find every date once the text is normalised. A month
name only counts beside a day or a year, which keeps `Қазан` (the city) and `қазан` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import lexicon
from kg.text.cues import lowered


@dataclass(frozen=True)
class Date:
    start: int  # offsets into the clean text
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def full(self) -> bool:
        return bool(self.day and self.month)


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_KK = "а-яәғқңөұүһі"


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[re.Pattern, tuple[str, ...]]]:
    """The date wordings in the order they are tried, each with the needles one of which a
    text must hold for it to match (lowercased: a month's stem, the dots of a numeric date)."""
    t = lexicon.load("months")
    kk_month = rf"(?P<kkm>{_alt(t['kk'])})(?:{_alt([e for e in t['kk_endings'] if e])})?"
    ru_month = rf"(?P<rum>{_alt(t['ru_forms'])})"
    day = r"[\"«“']?(?P<day>[0-3]?\d)[\"»”']?"
    year = r"(?P<year>1[89]\d\d|20\d\d)"
    # a year that opens a date: its digits first, the look-behind after them (a pattern led by
    # a look-behind is tried at every position of the text, one led by digits only at digits)
    kk_year = rf"{year}(?<![\w-]\d\d\d\d)\s*(?:{_alt(t['kk_year_words'])})"
    sp = r"[ \t\n]+"
    b = r"(?<![\w-])"
    e = r"(?![\w])"
    kk = tuple(sorted({m.lower() for m in t["kk"]}))
    ru = tuple(sorted({f.lower()[:3] for f in t["ru_forms"]}))
    return [
        # 2024 жылғы 19 сәуірде / 1992 жылдың 15 қазанында / 1997 жылы 8 сәуірде
        (re.compile(rf"{kk_year}{sp}{day}{sp}{kk_month}{e}", re.I), kk),
        # 8 сәуір 1997 жыл / 18 ақпан 1991 ж.
        (re.compile(rf"{b}{day}{sp}{kk_month}{sp}{year}(?:{sp}(?:{_alt(t['kk_year_words'])}))?", re.I), kk),
        # 1965 жылғы наурыз айының 18-інде (the day after the month)
        (re.compile(rf"{kk_year}{sp}{kk_month}{sp}айының{sp}(?P<day>[0-3]?\d)(?:-?[{_KK}]+)?{e}", re.I), kk),
        # 2021 жылдың қыркүйек айындағы (month only)
        (re.compile(rf"{kk_year}{sp}{kk_month}{e}", re.I), kk),
        # 18 февраля 1991 г. / «18» февраля 1991 года
        (re.compile(rf"{b}{day}{sp}{ru_month}{sp}{year}(?:{sp}?(?:года|год|г\.?))?", re.I), ru),
        # в мае 1997 года
        (re.compile(rf"{b}{ru_month}{sp}{year}(?:{sp}?(?:года|год|г\.?))?", re.I), ru),
        # 19.04.2024
        (re.compile(rf"{b}(?P<nday>[0-3]?\d)\.(?P<nmon>[01]?\d)\.(?P<nyear>1[89]\d\d|20\d\d){e}"), (".",)),
    ]


# digits first, the look-behind after them: a pattern led by a look-behind is tried everywhere
_YEAR_ONLY = re.compile(r"(?P<year>1[89]\d\d|20\d\d)(?<![\w-]\d\d\d\d)\s*(?:жылы|жылғы|жылдың|жыл|ж\.|года|году|г\.)(?![\w])")


_ANY_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def find_dates(text: str, year_only: bool = False) -> list[Date]:
    """Every date in the text, earliest position first, overlapping matches resolved longest-first."""
    if _ANY_YEAR.search(text) is None:  # every wording of a date holds its year
        return []
    t = lexicon.load("months")
    found: list[Date] = []
    taken: list[tuple[int, int]] = []
    low = lowered(text)  # None where a needle test would not be exact: then every wording runs
    for pat, needles in _patterns():
        if low is not None and not any(n in low for n in needles):  # a Kazakh month in Russian text
            continue
        for m in pat.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            if g.get("nyear"):
                y, mo, d = int(g["nyear"]), int(g["nmon"]), int(g["nday"])
            else:
                y = int(g["year"])
                mo = t["kk"].get((g.get("kkm") or "").lower()) or t["ru_forms"].get((g.get("rum") or "").lower())
                d = int(g["day"]) if g.get("day") else None
            if not mo or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
                continue
            found.append(Date(m.start(), m.end(), y, mo, d))
            taken.append(m.span())
    if year_only:
        for m in _YEAR_ONLY.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found.append(Date(m.start(), m.end(), int(m.group("year"))))
    return sorted(found, key=lambda d: d.start)
