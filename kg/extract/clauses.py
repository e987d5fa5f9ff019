"""Final clauses of a treaty: entry into force (condition, delay, the editorial date), duration,
termination notice, the authentic and prevailing languages, UN registration.

Read from the final-clause region only (the last articles of the treaty body and the "done at"
block), so the approving act's own "Осы қаулы қол қойылған күнінен бастап күшіне енеді" never
counts. Every wording is a row of `kg/tables/clauses.json` ("final_clauses"); the code here only
decides which row's match belongs to which clause. Each finder returns a `Clause` with the span
it came from; where two readings compete the value is None and `candidates` holds both spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.text import gazetteer
from kg.text import lexicon
from kg.text.cues import Gated, casefree_ok
from kg.text.dates import find_dates
from kg.text.numbers import parse_number
from kg.text.segment import Layout
from kg.text.sentences import sentences

# How many of the last articles hold the final clauses: entry into force, duration,
# termination, amendments, registration are rarely spread over more.
_LAST_ARTICLES = 4



@lru_cache(maxsize=None)
def _num() -> str:
    """A number as the texts write it: `6`, `алты`, `он екі`, `12 (он екі)`, `отыз /30/`,
    `тридцати (30)`, `отызыншы`; the number words are those of `kg/tables/numbers.json`."""
    words = {w for table in lexicon.load("numbers").values() for w in table}
    w = "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")(?![а-яёәғқңөұүһіa-z])"
    return (rf"(?<![а-яёәғқңөұүһіa-z\d])(?P<n>\d+(?:\s*[(/]\s*{w}(?:\s+{w})?\s*[)/])?"
            rf"|{w}(?:\s+{w})?(?:\s*[(/]\s*\d+\s*[)/])?)")


@dataclass(frozen=True)
class Clause:
    value: object
    start: int
    end: int
    candidates: tuple[tuple[int, int], ...] = field(default=())


def _t() -> dict:
    return lexicon.load("clauses")["final_clauses"]


def _unit() -> str:
    return "(?P<unit>" + "|".join(u["cue"] for u in _t()["units"]) + ")"


def _expand(row: str) -> str:
    return row.replace("{NUM}", _num()).replace("{UNIT}", _unit())


@lru_cache(maxsize=None)
def _rx(pattern: str) -> Gated:
    # the needles are the row's own literals: the words a placeholder stands for are alternatives;
    # whether it runs casefree is asked of the row and of each placeholder, not of the whole
    # expansion (the number words, parsed again for each row, took 8 ms a row)
    skeleton = pattern.replace("{NUM}", ".").replace("{UNIT}", ".")
    free_ok = casefree_ok(skeleton) and all(casefree_ok(part()) for key, part in (("{NUM}", _num), ("{UNIT}", _unit))
                                            if key in pattern)
    return Gated(_expand(pattern), skeleton, free_ok)


def _any(rows) -> Gated:
    return _rx("|".join(f"(?:{r})" for r in rows))


# ---------------------------------------------------------------- the region

def final_region(text: str, layout: Layout) -> list[tuple[int, int]]:
    """Spans holding the final clauses, in text order: the last articles of the body and the
    closing block. A body of numbered points without articles is read whole."""
    spans = [(a.body_start, a.end) for a in layout.articles[-_LAST_ARTICLES:]]
    if not layout.articles:
        start = max((b.end for b in (layout.act, layout.title, layout.preamble) if b), default=0)
        end = layout.signatures.start if layout.signatures else (layout.body_end or len(text))
        spans.append((start, end))
    if layout.final and all(not (s <= layout.final.start < e) for s, e in spans):
        spans.append((layout.final.start, layout.final.end))
    return spans


def _sentences(text: str, spans) -> list[tuple[int, int]]:
    return [s for a, b in spans for s in sentences(text, a, b)]


# ---------------------------------------------------------------- entry into force

def eif_note_date(text: str, layout: Layout) -> Clause | None:
    """The date of entry into force an editorial note states ("(2009 жылғы 1 қазанда күшіне
    енді - ...)", "(Вступило в силу 7 августа 1998 года - ...)", "[... қолданысқа енгізілді]"): a
    note in round or square brackets outside the treaty body, on a line of its own or on the
    heading line."""
    verb = _rx(_t()["eif_notes"])
    body = (layout.articles[0].start, layout.articles[-1].end) if layout.articles else (0, 0)
    notes = [(n.start, n.end) for n in layout.notes]
    notes += [(m.start(), m.end()) for m in re.finditer(r"\([^()\n]{10,400}\)|\[(?:[^\[\]\n]|\n(?![ \t]*\n)){10,400}\]", text)
              if not (body[0] <= m.start() < body[1])]
    for s, e in sorted(set(notes)):
        seg = text[s:e]
        if not verb.search(seg):
            continue
        ds = [d for d in find_dates(seg) if d.full]
        if ds:
            return Clause(ds[0].iso, s + ds[0].start, s + ds[0].end)
    return None


def _verbs(sent: str):
    for row in _t()["eif_verbs"]:
        for m in _rx(row["cue"]).finditer(sent):
            yield m, row["condition_side"]


def _nearest(matches, pivot: int, side: str):
    """The match closest to the verb on the side the language puts the condition."""
    best = None
    for m in matches:
        if side == "before" and m.end() > pivot:
            continue
        if side == "after" and m.start() < pivot:
            continue
        dist = pivot - m.end() if side == "before" else m.start() - pivot
        if best is None or dist < best[0]:
            best = (dist, m)
    return best[1] if best else None


def condition_of(sent: str, pivot: int, side: str):
    """(condition, match) of the condition nearest the verb at `pivot`, or None."""
    found = []
    for row in _t()["eif_conditions"]:
        for m in _rx(row["cue"]).finditer(sent):
            found.append((m, row["condition"]))
    m = _nearest([f[0] for f in found], pivot, side)
    if m is None:
        return None
    return next(c for x, c in found if x is m), m


def _delay(sent: str, verb: re.Match, cond: re.Match, side: str) -> int | None:
    """Days between the condition and entry into force: 0 when none is stated, None when the
    text counts it in months (a month is no fixed number of days)."""
    # The delay stands between the condition and the verb in Kazakh ("... алынған күннен бастап
    # отыз күн өткен соң күшіне енеді"), right after the verb in Russian ("вступает в силу по
    # истечении тридцати дней с даты ...").
    lo, hi = (min(cond.start(), verb.start()), verb.start()) if side == "before" else (verb.end(), max(cond.end(), verb.end()) + 200)
    pivot = verb.start() if side == "before" else verb.end()
    if any(_rx(row).search(sent, lo, min(hi, len(sent))) for row in _t()["eif_delay_calendar"]):
        return None
    best = None
    for rows, in_days in ((_t()["eif_delays"], True), (_t()["eif_delays_months"], False)):
        for row in rows:
            for m in _rx(row).finditer(sent, lo, min(hi, len(sent))):
                n = parse_number(m.group("n"))
                if n:
                    dist = abs(pivot - (m.end() if side == "before" else m.start()))
                    if best is None or dist < best[0]:
                        best = (dist, n if in_days else None)
    return best[1] if best else 0


def entry_into_force(text: str, layout: Layout) -> tuple[dict, Clause | None, Clause | None]:
    date = eif_note_date(text, layout)
    result = {"date": date.value if date else None, "condition": None, "delay_days": None}
    cond = eif_condition(text, final_region(text, layout))
    if cond:
        result["condition"], result["delay_days"] = cond.value
        cond = Clause(cond.value[0], cond.start, cond.end, cond.candidates)
    return result, date, cond


def eif_condition(text: str, spans) -> Clause | None:
    """(condition, delay_days) of the treaty's own entry-into-force clause; the last such clause of
    the region wins, as the amendment clauses that also "enter into force" come before it."""
    not_treaty = _any(_t()["eif_not_the_treaty"])
    for s, e in reversed(_sentences(text, spans)):
        sent = text[s:e]
        for verb, side in sorted(_verbs(sent), key=lambda v: -v[0].start()):
            # (within its own line: an article's heading glued on, "Вступление в силу, срок действия
            # и прекращение действия", names termination, not what enters into force)
            if not_treaty.search(sent, sent.rfind("\n", 0, verb.start()) + 1, verb.start()):
                continue
            hit = condition_of(sent, verb.start() if side == "before" else verb.end(), side)
            if hit is None:
                continue
            condition, cm = hit
            return Clause((condition, _delay(sent, verb, cm, side)), s, e)
    return None


def provisional_application(text: str, layout: Layout) -> Clause | None:
    pat = _rx(_t()["provisional"])
    for a in layout.articles:
        if not pat.search(text, a.body_start, a.end):
            continue  # most articles say nothing of it: not split for nothing
        for s, e in sentences(text, a.body_start, a.end):
            sent = text[s:e]
            m = pat.search(sent)
            if m:
                hit = condition_of(sent, m.end(), "after") or condition_of(sent, m.start(), "before")
                return Clause({"from": hit[0] if hit else None}, s, e)
    return None


# ---------------------------------------------------------------- duration

def duration(text: str, spans) -> Clause | None:
    """"indefinite", "N years" (the initial term, before any renewal) or None. A stated term and a
    stated indefinite period in one region are two readings: None with both spans."""
    t = _t()
    indefinite = _any(t["duration_indefinite"])
    until = _any(t["duration_until_terminated"])
    renewal, renewal_after = _rx(t["duration_renewal"]), _rx(t["duration_renewal_after"])
    years = [_rx(r) for r in t["duration_years"]]
    subject = _rx(t["duration_subject"])
    term = explicit = weak = None
    for s, e in _sentences(text, spans):
        sent = text[s:e]
        m = indefinite.search(sent)
        if m and explicit is None:
            explicit = Clause("indefinite", s + m.start(), s + m.end())
        m = until.search(sent)
        if m and weak is None:
            weak = Clause("indefinite", s + m.start(), s + m.end())
        if term is None and subject.search(sent):
            for rx in years:
                for m in rx.finditer(sent):
                    # "келесі бес жылдық кезеңге", "на последующие пять лет": a renewal, not the term
                    if renewal.search(sent[max(0, m.start() - 25):m.start()]) or renewal_after.search(sent[m.end():]):
                        continue
                    n = parse_number(m.group("n"))
                    if n:
                        term = Clause(f"{n} years", s + m.start(), s + m.end())
                        break
                if term:
                    break
    if term and explicit:
        return Clause(None, term.start, term.end, ((term.start, term.end), (explicit.start, explicit.end)))
    return term or explicit or weak


# ---------------------------------------------------------------- termination notice

def _beside_eif(sent: str, m: re.Match, eif, exempt) -> bool:
    """Whether an amount is the treaty's entry-into-force delay ("60 күннен кейін күшіне енеді",
    "вступит в силу через 60 дней"), not a notice; "денонсация вступает в силу через шесть
    месяцев" is the notice all the same."""
    for v in eif:
        for w in (v.search(sent, m.end(), m.end() + 25), v.search(sent, max(0, m.start() - 30), m.start())):
            if w and not exempt.search(sent, max(0, w.start() - 120), w.start()):
                return True
    return False


def termination_notice(text: str, spans) -> Clause | None:
    """{"amount", "unit"} of the notice (or the delay after notice) that ends the treaty; years are
    written as months ("бір /1/ жыл бұрын", "за один (1) год" → 12 months)."""
    t = _t()
    cue = _rx(t["notice_cues"])
    eif = [_rx(v["cue"]) for v in t["eif_verbs"]]
    exempt = _rx(t["notice_exempt_eif"])
    amounts = [_rx(r) for r in t["notice_amounts"]]
    units = [(_rx(u["cue"]), u["unit"]) for u in t["units"]]
    for s, e in _sentences(text, spans):
        sent = text[s:e]
        cues = [m.start() for m in cue.finditer(sent)]
        if not cues:
            continue
        best = None
        for rx in amounts:
            for m in rx.finditer(sent):
                # the entry-into-force delay in the same sentence ("60 күннен кейін күшіне енеді",
                # "вступит в силу через 60 дней") is not the notice
                if _beside_eif(sent, m, eif, exempt):
                    continue
                n = parse_number(m.group("n"))
                unit = next((u for rx_u, u in units if rx_u.fullmatch(m.group("unit").strip())), None)
                if not n or unit is None:
                    continue
                dist = min(abs(m.start() - p) for p in cues)
                if best is None or dist < best[0]:
                    best = (dist, n, unit, m)
        if best:
            _, n, unit, m = best
            if unit == "year":
                n, unit = n * t["months_in_a_year"], "month"
            return Clause({"amount": n, "unit": unit}, s + m.start(), s + m.end())
    return None


# ---------------------------------------------------------------- languages

def _codes(text: str, s: int, e: int):
    city = _rx(_t()["city_word_after"])
    hits = [h for h in gazetteer.languages().find(text, s, e) if not city.rx.match(text, h.end)]
    return hits, list(dict.fromkeys(h.value for h in hits))


def languages(text: str, spans) -> tuple[Clause | None, Clause | None]:
    """The authentic texts (from the "done in ... languages" sentence) and the prevailing ones
    (from the sentence that names the text the Parties refer to on divergence)."""
    t = _t()
    phrase, done, authentic = _rx(t["languages_phrase"]), _rx(t["done_cue"]), _rx(t["authentic_cue"])
    prevails = _any(t["prevailing"])
    langs = fallback = prevailing = None
    # Text order: the "done at" sentence comes before the notes and exchanges of letters that
    # a publication may print after the signatures.
    for s, e in _sentences(text, spans):
        sent = text[s:e]
        p = prevails.search(sent)
        # One sentence may state both: "…тілдерінде жасалды, … күші бірдей, ал … ағылшын тіліндегі мәтін басым".
        split = authentic.search(sent)
        after_split = bool(p and split and split.end() <= p.start())
        cut = split.end() if after_split else (p.start() if p else len(sent))
        if p and prevailing is None:
            hits, codes = _codes(text, s + (split.end() if after_split else 0), e)
            if codes and len(codes) <= 2:
                prevailing = Clause(codes, hits[0].start, hits[-1].end)
        m = phrase.search(sent, 0, cut) if langs is None else None
        if m:
            hits, codes = _codes(text, max(s, s + m.start() - 200), s + m.end())
            if codes and done.search(sent):
                langs = Clause(codes, hits[0].start, s + m.end())
            elif len(codes) >= 2 and fallback is None:
                fallback = Clause(codes, hits[0].start, s + m.end())
        if langs and prevailing:
            break
    langs = langs or fallback
    if prevailing and langs and not set(prevailing.value) <= set(langs.value):
        prevailing = None  # a "prevailing" text that is not authentic is a misreading
    return langs, prevailing


# ---------------------------------------------------------------- UN registration

def un_registration(text: str, spans) -> Clause | None:
    """Registration with the UN Secretariat (Article 102 of the Charter); registration with
    another body (ICAO) does not count."""
    t = _t()
    un, reg, where = _rx(t["un_names"]), _rx(t["un_register"]), _rx(t["un_where"])
    if not any(un.search(text[a:b]) for a, b in spans):
        return None  # no UN named: no sentence to read
    for s, e in _sentences(text, spans):
        sent = text[s:e]
        m = un.search(sent)
        # Article 102: registered with the Secretariat; a vehicle "тіркеу" under a UN convention is not it
        if m and reg.search(sent) and where.search(sent):
            return Clause(True, s + m.start(), s + m.end())
    return None
