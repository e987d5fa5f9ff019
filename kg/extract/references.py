"""References from one treaty to other instruments, with the relation the text gives them.

A reference is a named instrument (the UN Charter, the Helsinki Final Act) or a dated or
party-named treaty (`1997 жылғы 8 сәуірдегі ... арасындағы Мәңгілік достық туралы шартты`).
Its relation comes from the clause it stands in: "басшылыққа ала отырып" is guided_by,
"растай отырып" reaffirms, "... күшін жояды" supersedes; any other mention cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import gazetteer
from kg.text import lexicon
from kg.text.dates import find_dates
from kg.text.normalize import fold
from kg.text.segment import Layout

HOME = "KZ"  # the database's own state is named first in identity keys


@dataclass(frozen=True)
class Reference:
    target: str
    date: str | None
    parties: tuple[str, ...]
    relation: str
    title: str
    start: int
    end: int


@lru_cache(maxsize=None)
def _t():
    return lexicon.load("references")


def order_parties(codes) -> list[str]:
    codes = list(dict.fromkeys(codes))
    return ([HOME] if HOME in codes else []) + [c for c in codes if c != HOME]


def identity_key(kind: str, parties, date: str | None) -> str | None:
    if not date or not parties:
        return None
    return f"{kind}:{'-'.join(order_parties(parties))}:{date}"


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The preamble clause or sentence around a mention: paragraph breaks and sentence ends bound it."""
    s = max(text.rfind("\n ", lo, start) + 1, text.rfind(". ", lo, start) + 2, text.rfind(",\n", lo, start) + 2, lo)
    candidates = [i for i in (text.find(",\n", end, hi), text.find(". ", end, hi), text.find(".\n", end, hi),
                              text.find("\n ", end, hi)) if i >= 0]
    e = min(candidates) + 1 if candidates else hi
    return s, e


def relation(clause: str) -> str:
    t = _t()
    for rel in t["relation_order"]:
        if re.search(t["relations"][rel], clause, re.I):
            return rel
    return "cites"


def _nominative(noun: str) -> str:
    insts = lexicon.load("clauses")["instruments"]
    low = noun.lower()
    for names in insts.values():
        for n in names["kk"]:
            if low.startswith(n):
                return n
    return low


def find_references(text: str, layout: Layout, language: str) -> list[Reference]:
    regions = []
    if layout.preamble:
        regions.append((layout.preamble.start, layout.preamble.end))
    for a in layout.articles:
        regions.append((a.body_start, a.end))
    refs: list[Reference] = []
    for lo, hi in regions:
        refs.extend(_named(text, lo, hi, language))
        refs.extend(_kk_treaties(text, lo, hi))
        refs.extend(_ru_treaties(text, lo, hi))
    return _dedupe(sorted(refs, key=lambda r: r.start))


def _named(text, lo, hi, language):
    for entry in _t()["named"]:
        for m in re.finditer(entry["pattern"], text[lo:hi], re.I):
            s, e = lo + m.start(), lo + m.end()
            cs, ce = _clause(text, s, e, lo, hi)
            title = entry["title"].get(language) or entry["title"]["en"]
            yield Reference(entry["target"], None, (), relation(text[cs:ce]), title, s, e)


_BETWEEN_KK = re.compile(r"(?:мен|және)\s+[^,;.]{2,80}?\s+арасындағы", re.I)


def _kk_treaties(text, lo, hi):
    pat = re.compile(_t()["kk_mention"], re.I)
    for m in pat.finditer(text, lo, hi):
        head = m.start("head")
        # The title starts at the closest party phrase ("X мен Y арасындағы") or after the
        # closest date before "туралы", within the same clause.
        cs, ce = _clause(text, head, m.end(), lo, hi)
        window_start = max(cs, head - 300)
        dates = [d for d in find_dates(text[window_start:head]) if d.full]
        date = None
        title_start = None
        between = None
        for b in _BETWEEN_KK.finditer(text, window_start, head):
            between = b
        if between:
            hits = [h for h in gazetteer.countries().find(text, window_start, between.end())]
            if any(h.end <= between.start() for h in hits):
                # the title starts at the first of the two names joined by "мен/және"
                title_start = _party_phrase_start(text, window_start, between, hits)
        if dates:
            d = dates[-1]
            if title_start is None or window_start + d.end <= title_start:
                date = d.iso
                if title_start is None:
                    title_start = window_start + d.end
        inline_date = m.group("date")
        if inline_date:
            ds = [d for d in find_dates(inline_date) if d.full]
            if ds:
                date = ds[0].iso
        if title_start is None or (date is None and between is None):
            continue
        while title_start < head and text[title_start] in " \n":
            title_start += 1
        words = text[title_start:m.start("noun")]
        if inline_date:
            words = words.replace(inline_date, " ")
        title = fold(words + " " + _nominative(m.group("noun")))
        parties = tuple(order_parties(h.value for h in gazetteer.countries().find(text, title_start, m.end())
                                      if not h.adjective))
        start = min(title_start, window_start + dates[-1].start) if (dates and date and not inline_date) else title_start
        yield Reference("treaty", date, parties, relation(text[cs:ce]), title, start, m.end())


def _party_phrase_start(text, window_start, between, hits) -> int:
    inside = [h for h in hits if h.start < between.end()]
    # the two names joined by "мен/және" are the last two country hits before "арасындағы"
    if len(inside) >= 2:
        return inside[-2].start
    return inside[-1].start


def _ru_treaties(text, lo, hi):
    pat = re.compile(_t()["ru_mention"])
    for m in pat.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        seg = text[s:e]
        if re.match(r"(?:Договор|Соглашени|Протокол|Конвенци|Меморандум)[а-яё]*\s+(?:о|об)\s", seg) is None and "между" not in seg:
            continue
        cs, ce = _clause(text, s, e, lo, hi)
        dates = [d for d in find_dates(text[s:min(hi, e + 60)]) if d.full]
        hits = [h for h in gazetteer.countries().find(text, s, e) if not h.adjective]
        if not dates and len(hits) < 2:
            continue
        noun = m.group("noun")
        title = fold(_ru_nominative(noun) + m.group("tail"))
        yield Reference("treaty", dates[0].iso if dates else None, tuple(order_parties(h.value for h in hits)),
                        relation(text[cs:ce]), title, s, e)


_RU_NOM = {"договор": "Договор", "соглашени": "Соглашение", "протокол": "Протокол", "конвенци": "Конвенция",
           "меморандум": "Меморандум"}


def _ru_nominative(noun: str) -> str:
    low = noun.lower()
    for stem, nom in _RU_NOM.items():
        if low.startswith(stem):
            return nom
    return noun


def _dedupe(refs: list[Reference]) -> list[Reference]:
    """One entry per instrument: the first mention's span, the strongest relation any mention gives."""
    order = ["supersedes", "amends", "implements", "guided_by", "reaffirms", "cites"]
    out: dict[tuple, Reference] = {}
    for r in refs:
        key = (r.target,) if r.target != "treaty" else (r.target, r.date, _stem_key(r.title))
        prev = out.get(key)
        if prev is None:
            out[key] = r
        elif order.index(r.relation) < order.index(prev.relation) and r.relation != "cites":
            out[key] = Reference(prev.target, prev.date, prev.parties, r.relation, prev.title, prev.start, prev.end)
    return list(out.values())


def _stem_key(title: str) -> str:
    words = re.findall(r"[^\W\d_]+", title.lower())
    return " ".join(w[:5] for w in words[-4:])
