"""Document-level facts of a treaty: parties, type, level, signature, ratifying act, entry
into force, duration, termination, languages, registration. Each finder returns its value
with the clean-text span it came from; `extract.py` turns spans into raw offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.text import gazetteer
from kg.text import lexicon
from kg.text.dates import Date, find_dates
from kg.text.normalize import fold
from kg.text.numbers import parse_number
from kg.text.sentences import sentences
from kg.text.segment import Layout


@dataclass(frozen=True)
class Found:
    value: object
    start: int
    end: int


def _c() -> dict:
    return lexicon.load("clauses")


def _rx(pattern: str, flags=re.I) -> re.Pattern:
    return re.compile(pattern, flags)


# ---------------------------------------------------------------- title, type, parties

def clean_title(text: str) -> str:
    """Title as the heading writes it: whitespace folded, footnote stars gone, case kept
    (`... туралы КЕЛІСІМ`, `СОГЛАШЕНИЕ между ...`). Look-alikes were mapped by normalisation."""
    return fold(re.sub(r"[ ]?\*+", " ", text)).strip(" .,;:")


def recase(t: str) -> str:
    """Sentence case for an all-capitals title, keeping country names capitalised."""
    low = t.lower()
    out = list(low[:1].upper() + low[1:])
    for hit in gazetteer.countries().find(low):
        for m in re.finditer(r"[^\W\d_]+", low[hit.start:hit.end]):
            out[hit.start + m.start()] = out[hit.start + m.start()].upper()
    return "".join(out)


def instrument_type(title: str, language: str) -> str | None:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", title)]
    if not words:
        return None
    insts = _c()["instruments"]
    # Kazakh puts the instrument noun last, Russian first.
    order = [words[-1], words[0]] if language == "kk" else [words[0], words[-1]]
    for w in order:
        for kind, names in insts.items():
            if any(w == n or (language == "ru" and w.startswith(n[:-1])) for n in names["kk"] + names["ru"]):
                return kind
    return None


def parties(text: str, start: int, end: int, language: str) -> list[tuple[str, str, int, int]]:
    """(iso2, body, start, end) for each party named in a title or preamble region, in order."""
    bodies = lexicon.load("bodies")
    out: list[tuple[str, str, int, int]] = []
    for hit in gazetteer.countries().find(text, start, end):
        if hit.adjective or any(p[0] == hit.value for p in out):
            continue
        body = "state"
        after = text[hit.end:hit.end + 120]
        before = text[max(start, hit.start - 60):hit.start]
        gov_kk = re.match(r"\s*(?:" + "|".join(bodies["government"]["kk"]) + r")", after, re.I)
        gov_ru = re.search(r"(?:" + "|".join(bodies["government"]["ru"]) + r")[а-яё]*\s*$", before, re.I)
        if gov_kk or gov_ru:
            body = "government"
        else:
            agency = _agency(text, hit, before, after, language)
            if agency:
                body = agency
        out.append((hit.value, body, hit.start, hit.end))
    return out


def _agency(text, hit, before, after, language) -> str | None:
    bodies = lexicon.load("bodies")
    kk = re.match(r"\s*((?:[^\W\d_]+\s+){0,6}?" + bodies["agency_kk"] + r")", after, re.I)
    ru = re.search(r"(" + bodies["agency_ru"] + r"(?:\s+[^\W\d_]+){0,5}?)\s*$", before, re.I)
    phrase = kk.group(1) if kk else (ru.group(1) if ru else None)
    if not phrase:
        return None
    low = fold(phrase).lower()
    for a in bodies["agencies"]:
        if a["kk"] in low or re.search(a["ru"], low):
            return a["en"]
    return fold(phrase)


def level(bodies: list[str]) -> str | None:
    if not bodies:
        return None
    if all(b == "state" for b in bodies):
        return "interstate"
    if all(b in ("state", "government") for b in bodies):
        return "intergovernmental"
    return "interagency"


# ---------------------------------------------------------------- signature

def signed(text: str, layout: Layout) -> tuple[Found | None, Found | None]:
    """Date and place of signature: the "done at" clause first, the ratifying sentence second."""
    regions = []
    if layout.final:
        regions.append((layout.final.start, layout.final.end))
    if layout.act:
        regions.append((layout.act.start, layout.act.end))
    for s, e in regions:
        dates = [d for d in find_dates(text[s:e]) if d.full]
        if not dates:
            continue
        if layout.act and (s, e) == (layout.act.start, layout.act.end):
            # in the act, the signing date is the one next to "жасалған/қол қойылған/подписанное"
            verbs = _rx(_c()["signed_verbs"])
            dates = [d for d in dates if verbs.search(text[s + d.end:s + d.end + 60]) or
                     verbs.search(text[max(s, s + d.start - 60):s + d.start])] or []
            if not dates:
                continue
        d = dates[0]
        date = Found(d.iso, s + d.start, s + d.end)
        place = _place(text, s, e, d, s)
        return date, place
    return None, None


def _place(text: str, s: int, e: int, d: Date, base: int) -> Found | None:
    # the city stands next to the date in the same clause: search a window around it
    lo = max(s, base + d.start - 120)
    hi = min(e, base + d.end + 120)
    best = None
    for hit in gazetteer.cities().find(text, lo, hi):
        dist = min(abs(hit.start - (base + d.end)), abs((base + d.start) - hit.end))
        if best is None or dist < best[0]:
            best = (dist, hit)
    if best is None:
        # an ambiguous city name (`Қазан`) counts only when the text says it is a city
        for hit in gazetteer.all_cities().find(text, lo, hi):
            if re.match(r"\s+(?:қаласында|қ\.)", text[hit.end:hit.end + 12]) or re.search(r"(?:г\.|городе)\s*$", text[max(lo, hit.start - 8):hit.start]):
                best = (0, hit)
                break
    if best is None:
        return None
    hit = best[1]
    return Found(hit.value, hit.start, hit.end)


# ---------------------------------------------------------------- ratifying act

def ratification(text: str, layout: Layout, meta: dict) -> Found | None:
    c = _c()
    requisite = (meta or {}).get("requisite")
    act_text = text[layout.act.start:layout.act.end] if layout.act else ""
    if not act_text and not requisite:
        return None
    kind = None
    source = act_text or requisite
    for k, pat in c["act_kinds"].items():
        if re.search(pat, requisite or "") or (not requisite and re.search(pat, act_text)):
            kind = k
            break
    if kind is None:
        for k, pat in c["act_kinds"].items():
            if re.search(pat, act_text):
                kind = k
                break
    number = date = None
    start = layout.act.start if layout.act else 0
    end = layout.act.end if layout.act else 0
    # the act's own header line: "Қазақстан Республикасының Заңы 2025 жылғы 21 шілдедегі № 216-VIII ҚРЗ."
    # Kazakh resolutions and decrees name the kind last: "Қазақстан Республикасы Үкіметінің
    # 1994 жылғы 7 маусымдағы № 547 Қаулысы."
    header = None
    for pat in c["act_header"]:
        header = _rx(pat, 0).search(act_text)
        if header:
            break
    for src, off in ((header.group() if header else None, (layout.act.start + header.start()) if header else 0),
                     (requisite, None)):
        if not src:
            continue
        num = re.search(c["act_number"], src)
        dates = [d for d in find_dates(src) if d.full]
        if num and number is None:
            number = re.sub(c["act_number_noise"], "", num.group("num"))
        if dates and date is None:
            date = dates[0].iso
        if off is not None and header:
            start, end = off, off + len(header.group())
    if kind is None:
        return None
    return Found({"act": kind, "number": number, "date": date}, start, end)


# ---------------------------------------------------------------- final clauses

def entry_into_force(text: str, layout: Layout) -> tuple[dict, Found | None, Found | None]:
    c = _c()
    result = {"date": None, "condition": None, "delay_days": None}
    date_found = cond_found = None
    for note in layout.notes:
        seg = text[note.start:note.end]
        if re.search(c["eif_verb"], seg, re.I):
            ds = [d for d in find_dates(seg) if d.full]
            if ds:
                result["date"] = ds[0].iso
                date_found = Found(ds[0].iso, note.start + ds[0].start, note.start + ds[0].end)
                break
    eif = _rx(c["eif_verb"])
    arts = layout.articles
    for a in reversed(arts):
        for s, e in sentences(text, a.body_start, a.end):
            sent = text[s:e]
            m = eif.search(sent)
            if not m:
                continue
            # Kazakh states the condition before the verb, Russian after it.
            window = sent
            for cond, pat in c["eif_conditions"].items():
                cm = re.search(pat, window, re.I)
                if cm:
                    result["condition"] = cond
                    delay = 0
                    dm = re.search(c["eif_delay"], window, re.I)
                    if dm:
                        n = parse_number(dm.group("n") or dm.group("n2") or dm.group("ord") or "")
                        if n:
                            delay = n
                    result["delay_days"] = delay
                    cond_found = Found(cond, s, e)
                    break
            if cond_found:
                break
        if cond_found:
            break
    return result, date_found, cond_found


def provisional_application(text: str, layout: Layout) -> Found | None:
    pat = _rx(_c()["provisional"])
    for a in layout.articles:
        for s, e in sentences(text, a.body_start, a.end):
            if pat.search(text[s:e]):
                cond = None
                for k, p in _c()["eif_conditions"].items():
                    if re.search(p, text[s:e], re.I):
                        cond = k
                        break
                return Found({"from": "signature" if cond == "signature" else cond}, s, e)
    return None


def duration(text: str, layout: Layout) -> Found | None:
    c = _c()
    for a in reversed(layout.articles[-4:]):
        for s, e in sentences(text, a.body_start, a.end):
            sent = text[s:e]
            m = re.search(c["duration_indefinite"], sent, re.I)
            if m:
                return Found("indefinite", s + m.start(), s + m.end())
            if not re.search(c["duration_context"], sent, re.I):
                continue
            m = re.search(c["duration_years"], sent, re.I)
            if m:
                n = parse_number(m.group("n") or m.group("n2") or m.group("n3") or "")
                if n:
                    return Found(f"{n} years", s + m.start(), s + m.end())
    return None


def termination_notice(text: str, layout: Layout) -> Found | None:
    c = _c()
    cue = _rx(c["termination_cue"])
    for a in reversed(layout.articles[-4:]):
        for s, e in sentences(text, a.body_start, a.end):
            sent = text[s:e]
            cues = [m.start() for m in cue.finditer(sent)]
            if not cues:
                continue
            # One sentence may also give the entry-into-force delay ("через 60 дней ... прекращается
            # через 6 месяцев"): the notice period is the amount nearest a termination cue.
            best = None
            for m in re.finditer(c["notice"], sent, re.I):
                n = parse_number(m.group("n"))
                if not n:
                    continue
                dist = min(abs(m.start() - p) for p in cues)
                if best is None or dist < best[0]:
                    best = (dist, n, m)
            if best:
                _, n, m = best
                unit = m.group("unit").lower()
                unit = "month" if unit.startswith(("ай", "месяц", "month")) else "day"
                return Found({"amount": n, "unit": unit}, s + m.start(), s + m.end())
    return None


def languages(text: str, layout: Layout) -> tuple[Found | None, Found | None]:
    c = _c()
    regions = []
    if layout.final:
        regions.append((layout.final.start, layout.final.end))
    if layout.articles:
        a = layout.articles[-1]
        regions.append((a.body_start, a.end))
    langs = prevailing = None
    for s, e in regions:
        for ss, se in sentences(text, s, e):
            sent = text[ss:se]
            if langs is None:
                m = re.search(c["languages_phrase"], sent, re.I)
                if m and not re.search(c["prevailing"], sent, re.I):
                    hits = gazetteer.languages().find(text, max(ss, ss + m.start() - 150), ss + m.end())
                    codes = list(dict.fromkeys(h.value for h in hits))
                    if len(codes) >= 2:
                        langs = Found(codes, hits[0].start, ss + m.end())
            if prevailing is None and re.search(c["prevailing"], sent, re.I):
                hits = gazetteer.languages().find(text, ss, se)
                codes = list(dict.fromkeys(h.value for h in hits))
                if codes and len(codes) <= 2:
                    prevailing = Found(codes, hits[0].start, hits[-1].end)
        if langs:
            break
    return langs, prevailing


def un_registration(text: str, layout: Layout) -> Found | None:
    pat = _rx(_c()["un_registration"])
    for a in layout.articles:
        m = pat.search(text, a.body_start, a.end)
        if m:
            return Found(True, m.start(), m.end())
    return None
