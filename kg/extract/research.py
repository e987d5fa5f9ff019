"""Research articles: titles in each language, authors, keywords, in-text citations, the
treaties, laws and dated events the article names, and the scholars it discusses.

Shares the normaliser, the dates, the gazetteers and the treaty reference rules with the
treaty extractor; what is specific here is the genre: front matter in three languages,
author–year citations, footnotes that define abbreviations, running titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import gazetteer
from kg.text import lexicon
from kg.text.dates import find_dates
from kg.text.normalize import Text, fold
from kg.extract.references import identity_key, order_parties, relation
from kg.text.sources import Source
from kg.extract.treaty import recase

CYR_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
CYR_LOW = "а-яёәғқңөұүһі"


@lru_cache(maxsize=None)
def _t():
    return lexicon.load("article")


@dataclass(frozen=True)
class Footnote:
    number: int
    abbreviation: str
    definition: str
    start: int
    end: int


def _lang_of(s: str) -> str:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return "kk"
    latin = sum(1 for c in letters if c.isascii())
    if latin / len(letters) > 0.6:
        return "en"
    if re.search(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]", s):
        return "kk"
    return "ru"


# ---------------------------------------------------------------- front matter

def _paragraphs(text: str, start: int, end: int):
    """Blank-line blocks, cut again where the language changes from one line to the next:
    a trilingual front page runs the English title straight after the Kazakh keywords."""
    pos = start
    for m in re.finditer(r"\n[ ]*\n", text[start:end] + "\n\n"):
        s, e = pos, start + m.start()
        pos = start + m.end()
        if not text[s:e].strip():
            continue
        cur_s, cur_lang = s, None
        line_start = s
        for line in text[s:e].split("\n"):
            lang = _lang_of(line) if sum(c.isalpha() for c in line) >= 3 else cur_lang
            if cur_lang is not None and lang != cur_lang:
                yield cur_s, line_start - 1
                cur_s = line_start
            cur_lang = lang
            line_start += len(line) + 1
        yield cur_s, e


def front_matter_end(text: str) -> int:
    m = re.search(_t()["body_start"], text, re.M)
    return m.start() if m else min(len(text), 6000)


def titles(text: str) -> dict[str, tuple[str, int, int]]:
    """A title is a short block without a closing full stop, followed by a longer paragraph."""
    end = front_matter_end(text)
    paras = list(_paragraphs(text, 0, end))
    labels = "|".join(_t()["keyword_labels"].values())
    found: dict[str, tuple[str, int, int]] = {}
    for i, (s, e) in enumerate(paras):
        block = fold(text[s:e])
        if not block or len(block) > 250 or block.endswith((".", ":", ";")) or re.match(labels, block, re.I):
            continue
        if i + 1 < len(paras) and len(fold(text[paras[i + 1][0]:paras[i + 1][1]])) < len(block):
            continue
        lang = _lang_of(block)
        if lang not in found:
            found[lang] = (block, s, e)
    # an all-capitals title: the running title printed on later pages gives its true case
    for lang, (block, s, e) in list(found.items()):
        letters = [c for c in block if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            running = _running_title(text, block)
            found[lang] = (running or recase(block), s, e)
    return found


def _running_title(text: str, block: str) -> str | None:
    target = block.lower()
    for line in text.split("\n"):
        f = fold(line)
        if f.lower() == target and f != block:
            return f
    return None


_AUTHOR = rf"(?:[{CYR_UP}A-Z]\.[ ]?){{1,3}}[ ]?[{CYR_UP}A-Z][{CYR_LOW}a-z'-]+"
_AUTHORS_LINE = re.compile(rf"^[ ]?({_AUTHOR}(?:,[ ]*{_AUTHOR})*)[ ]*$", re.M)


def authors(text: str) -> tuple[list[str], tuple[int, int] | None]:
    m = _AUTHORS_LINE.search(text)
    if not m:
        return [], None
    names = [_canon_name(n) for n in m.group(1).split(",")]
    return names, m.span(1)


def _canon_name(n: str) -> str:
    """`Д.К.Жекенов` / `Д. К. Жекенов` → `Д.К. Жекенов`: initials joined, one space before the surname."""
    n = fold(n)
    m = re.match(rf"((?:[{CYR_UP}A-Z]\.\s?)+)\s*(.+)", n)
    if not m:
        return n
    return m.group(1).replace(" ", "") + " " + m.group(2)


def keywords(text: str) -> tuple[dict[str, list[str]], dict[str, tuple[int, int]]]:
    out, spans = {}, {}
    for lang, label in _t()["keyword_labels"].items():
        m = re.search(rf"(?i:{label})\s*[:：—–-]\s*(?P<kw>.+?)(?=\n[ ]*\n|\n[ ]?[{CYR_UP}A-Z][^\n]*\n|\Z)", text, re.S)
        if not m:
            continue
        words = [fold(w).rstrip(".") for w in re.split(r"[,;]", m.group("kw"))]
        out[lang] = [w for w in words if w]
        spans[lang] = m.span("kw")
    return out, spans


def year(text: str) -> int | None:
    m = re.search(r"©\s*(?:[^\n]{0,40}?)(19\d\d|20\d\d)|(?:Published|Опубликовано|Жарияланды)[^\n]{0,40}?(19\d\d|20\d\d)", text)
    return int(m.group(1) or m.group(2)) if m else None


# ---------------------------------------------------------------- footnotes and citations

_FOOTNOTE = re.compile(rf"^(?P<num>\d{{1,2}})[ ]+(?P<abbr>[{CYR_UP}A-Z][{CYR_UP}{CYR_LOW}A-Za-z]{{1,11}})[ ]*[–—-][ ]*(?P<def>.+?)(?=\n\d{{1,2}}[ ]+[{CYR_UP}A-Z]|\n[ ]?\n|\n[ ][{CYR_UP}]|\Z)",
                       re.M | re.S)


def footnotes(text: str) -> list[Footnote]:
    out = []
    for m in _FOOTNOTE.finditer(text):
        abbr = m.group("abbr")
        if sum(c.isupper() for c in abbr) < 2:
            continue
        out.append(Footnote(int(m.group("num")), abbr, fold(m.group("def")), m.start(), m.end()))
    return out


_CITATION = re.compile(
    rf"\((?P<body>(?:[^()\n]|\n(?!\n)){{2,90}}?,\s*(?P<year>1[89]\d\d|20\d\d))\)(?P<mark>\d{{0,2}})"
    rf"|\((?P<abbr>[{CYR_UP}A-Z][{CYR_UP}{CYR_LOW}A-Za-z]{{1,11}})\)(?P<mark2>\d{{0,2}})"
)


@dataclass(frozen=True)
class Cite:
    author: str | None
    abbreviation: str | None
    year: int | None
    form: str
    start: int
    end: int
    mark: int | None


def citations(text: str, notes: list[Footnote]) -> list[Cite]:
    in_notes = [(n.start, n.end) for n in notes]
    defined = {n.abbreviation for n in notes}
    out = []
    for m in _CITATION.finditer(text):
        if any(s <= m.start() < e for s, e in in_notes):
            continue
        if m.group("abbr"):
            if m.group("abbr") not in defined:
                continue
            out.append(Cite(None, m.group("abbr"), None, m.group("abbr"), m.start(), m.end(),
                            int(m.group("mark2")) if m.group("mark2") else None))
            continue
        body = fold(m.group("body"))
        first = body.split(",")[0].strip()
        y = int(m.group("year"))
        mark = int(m.group("mark")) if m.group("mark") else None
        if first in defined and len(body.split(",")) == 2:
            out.append(Cite(None, first, y, body, m.start(), m.end(), mark))
            continue
        surname = _surname(first)
        if not surname:
            continue
        out.append(Cite(surname, None, y, body, m.start(), m.end(), mark))
    return out


def _surname(first: str) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_][^\W\d_'-]*\.?", first)]
    words = [w for w in words if not (len(w.rstrip(".")) == 1 or w.endswith("."))]
    if not words:
        return None
    if all(w.isascii() for w in words):
        return words[-1]  # "Dilip Hiro": English order, surname last
    return words[0]  # "Бостанкулова М": surname first, initials after


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 2 or a[:2].lower() != b[:2].lower():
        return False
    # edit distance at most 2: Бостанкулова / Бостонкулова
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca.lower() != cb.lower())))
        prev = cur
    return prev[-1] <= 2


def _note_for(cite: Cite, notes: list[Footnote]) -> Footnote | None:
    later = [n for n in notes if n.abbreviation == cite.abbreviation and n.start > cite.start]
    marked = [n for n in later if cite.mark is None or n.number == cite.mark]
    pick = (marked or later or [n for n in notes if n.abbreviation == cite.abbreviation])
    return pick[0] if pick else None


# ---------------------------------------------------------------- what a footnote refers to

_LAW = re.compile(r"(?:Заңы|Закон)\w*[,\s]+(?P<rest>.*)$")


def law_in(definition: str):
    m = _LAW.search(definition)
    if not m:
        return None
    num = re.search(lexicon.load("clauses")["act_number"], definition)
    dates = [d for d in find_dates(definition) if d.full]
    if not num:
        return None
    return {"number": num.group("num"), "date": dates[-1].iso if dates else None}


def treaty_in(definition: str):
    """A treaty named in a footnote: its title (up to the place and date), parties and date."""
    noun = re.search(r"(?:Договор|Соглашени|Протокол|Конвенци|Меморандум)[а-яё]*|туралы\s+(?:шарт|келісім|хаттама)[а-яәғқңөұүһі]*", definition)
    if not noun:
        return None
    dates = [d for d in find_dates(definition) if d.full]
    hits = [h for h in gazetteer.countries().find(definition) if not h.adjective]
    title = definition
    cut = re.search(r"\s+в\s+г\.|\s+в\s+городе|\s+\d{1,2}\s+[а-я]+\s+\d{4}|\s*\(|\s+бекіту\s+жөнінде", definition)
    if cut:
        title = definition[:cut.start()]
    place = None
    for hit in gazetteer.all_cities().find(definition):
        place = hit.value
        break
    return {"title": fold(title), "parties": order_parties(h.value for h in hits),
            "date": dates[0].iso if dates else None, "place": place}


_NAME = re.compile(r"(?:[А-ЯЁ]\.\s?)+[А-ЯЁ][а-яё-]+")
_FN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[:;,]")


def describe(definition: str) -> str:
    """An English rendering of a footnote that is neither a law nor a treaty, word by word:
    states by the gazetteer (the official name when the footnote gives it), a person's
    initials and surname transliterated, other words by the stems of `footnote_words`
    (a word the table lacks stays as written). A state after a noun stands in the genitive:
    "of"."""
    t = _t()
    d = fold(definition).rstrip(".")
    glossary = sorted(t["footnote_words"].items(), key=lambda kv: -len(kv[0]))
    hits = {h.start: h for h in gazetteer.countries().find(d)}
    out: list[str] = []
    pos, prev_preposition = 0, True
    while pos < len(d):
        if pos in hits:
            h = hits[pos]
            name = _country_en(d[h.start:h.end])
            out.append(name if prev_preposition else f"of {name}")
            pos, prev_preposition = h.end, False
            continue
        person = _NAME.match(d, pos)
        if person and (pos == 0 or not d[pos - 1].isalpha()):
            out.append(_latin_name(person.group()))
            pos, prev_preposition = person.end(), False
            continue
        m = _FN_WORD.match(d, pos)
        if not m:
            pos += 1
            continue
        word = m.group()
        low = word.lower()
        en = next((e for stem, e in glossary if low.startswith(stem) and len(low) - len(stem) <= 4
                   and (len(stem) > 2 or low == stem)), word)
        if out and out[-1].endswith(":") and en[:1].islower():
            en = en[0].upper() + en[1:]  # a heading after a colon: "...: Political cooperation"
        if word in ":;,":
            out[-1:] = [(out[-1] if out else "") + word]
        else:
            out.append(en)
        prev_preposition = low in t["footnote_prepositions"]
        pos = m.end()
    return " ".join(out)


def _country_en(phrase: str) -> str:
    hits = gazetteer.countries().find(phrase)
    if not hits:
        return phrase
    info = gazetteer.country_info()[hits[0].value]
    official = len(hits[0].name.split()) > 1
    return f"the {info['en_official']}" if official and info.get("en_official") else info["en"]


def _latin_name(name: str) -> str:
    t = _t()
    name = re.sub(r"(ев|ов|ёв|ин|ын)(?:ым|ом)$", r"\1", fold(name))
    name = re.sub(r"\.(?=\S)", ". ", name)
    out = []
    for ch in name:
        low = ch.lower()
        lat = t["ru_latin"].get(low)
        if lat is None:
            out.append(ch)
        else:
            out.append(lat.capitalize() if ch.isupper() else lat)
    return "".join(out)


# ---------------------------------------------------------------- treaties named in running text

@dataclass(frozen=True)
class Mention:
    date: str | None
    place: str | None
    parties: tuple[str, ...]
    title: str
    start: int
    end: int
    backed: bool  # a citation or footnote stands in the same sentence


_KK_NOUN = re.compile(r"(?P<head>туралы|жөніндегі)\s+(?:[^\s,.;»]+\s+){0,2}?(?P<noun>(?:шарт|келісім|хаттама|конвенция|меморандум)[а-яәғқңөұүһі]*)(?:\s+шарт[а-яәғқңөұүһі]*)?", re.I)


def _sentence_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    s = max(text.rfind(". ", lo, pos) + 2, text.rfind(".\n", lo, pos) + 2, text.rfind("\n\n", lo, pos) + 2, lo)
    e_candidates = [i for i in (text.find(". ", pos, hi), text.find(".\n", pos, hi), text.find("\n\n", pos, hi)) if i >= 0]
    e = min(e_candidates) + 1 if e_candidates else hi
    return s, e


def mentions(text: str, lo: int, hi: int, notes: list[Footnote], cites: list[Cite]) -> list[Mention]:
    t = _t()
    note_spans = [(n.start, n.end) for n in notes]
    out = []
    for m in _KK_NOUN.finditer(text, lo, hi):
        if any(s <= m.start() < e for s, e in note_spans):
            continue
        ss, se = _sentence_bounds(text, m.start(), lo, hi)
        sentence_cites = [c for c in cites if ss <= c.start < se + 4]
        # dates in the sentence, citation years excluded
        dates = [d for d in find_dates(text[ss:se], year_only=True)
                 if not any(c.start <= ss + d.start < c.end for c in sentence_cites)]
        if not dates:
            continue
        full = [d for d in dates if d.full]
        d = full[0] if full else dates[0]
        title_start = _title_start(text, ss, m.start("head"), t)
        noun_nom = _nominative_noun(m.group("noun"))
        title = fold(text[title_start:m.start("noun")] + " " + noun_nom).strip("«»\" ")
        title = title.replace("«", "").replace("»", "")
        place = None
        for hit in gazetteer.cities().find(text, ss, se):
            place = hit.value
            break
        title_hits = [h for h in gazetteer.countries().find(text, title_start, m.end()) if not h.adjective]
        hits = title_hits if len(title_hits) >= 2 else [h for h in gazetteer.countries().find(text, ss, se)]
        parties = tuple(order_parties(h.value for h in hits))
        # a footnote that defines the treaty cited here gives its full, authoritative title
        for c in sentence_cites:
            note = _note_for(c, notes) if c.abbreviation else None
            info = treaty_in(note.definition) if note else None
            if info and not law_in(note.definition) and (info["date"] is None or info["date"][:4] == d.iso[:4]):
                title = info["title"] or title
                place = place or info["place"]
                parties = tuple(info["parties"]) or parties
        out.append(Mention(d.iso, place, parties, title, min(title_start, ss + d.start), max(m.end(), ss + d.end),
                           bool(sentence_cites)))
    return _dedupe_mentions(out)


def _title_start(text: str, sentence_start: int, head: int, t) -> int:
    quote = text.rfind("«", sentence_start, head)
    if quote >= 0 and text.find("»", quote, head) < 0:
        return quote + 1
    words = list(re.finditer(r"[^\s]+", text[sentence_start:head]))
    start = head
    stop = set(t["title_stopwords"]) - set(t["title_keep_inner"])
    numerals = _numerals()
    tail = words[-10:]
    for i in range(len(tail) - 1, -1, -1):
        word = tail[i].group()
        if re.search(r"\d", word) or word.endswith((",", ".", ":", ";", ")")) or word.lower() in stop:
            break
        # a counted noun is the sentence's own ("екі тарап", "екі елдің"), not the title's
        if i > 0 and tail[i - 1].group().lower() in numerals:
            break
        start = sentence_start + tail[i].start()
    return start


@lru_cache(maxsize=None)
def _numerals() -> frozenset[str]:
    return frozenset(w for lang in ("kk", "ru") for w in lexicon.load("numbers")[lang])


def _nominative_noun(noun: str) -> str:
    low = noun.lower()
    for n in ("шарт", "келісім", "хаттама", "конвенция", "меморандум"):
        if low.startswith(n):
            return n
    return low


def _key_words(title: str) -> set[str]:
    """Stems of what a title is about: country names and the instrument noun say nothing of it."""
    skip = {"туралы", "шарт", "келісім", "хаттама", "және", "мен", "пен", "арасындағы", "договор", "между",
            "соглашение", "республика", "республикасы", "ең", "алғашқы"}
    low = title.lower()
    for hit in reversed(gazetteer.countries().find(low)):
        low = low[:hit.start] + " " + low[hit.end:]
    return {w[:5] for w in re.findall(r"[^\W\d_]+", low) if w not in skip and len(w) > 2}


def _dedupe_mentions(ms: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in ms:
        same = None
        for i, o in enumerate(out):
            if o.date[:4] == m.date[:4] and set(o.parties) == set(m.parties) and (
                    len(o.date) == len(m.date) == 10 and o.date == m.date or _key_words(o.title) & _key_words(m.title)):
                same = i
                break
        if same is None:
            out.append(m)
            continue
        o = out[same]
        better = (len(m.date), bool(m.place), m.backed) > (len(o.date), bool(o.place), o.backed)
        out[same] = m if better else o
    return out


# ---------------------------------------------------------------- events and people

def events(text: str, lo: int, hi: int) -> list[tuple[str, str, int, int]]:
    out = []
    for ev in _t()["events"]:
        for m in re.finditer(ev["pattern"], text[lo:hi], re.I | re.S):
            ss, se = _sentence_bounds(text, lo + m.start(), lo, hi)
            dates = [d for d in find_dates(text[ss:se]) if d.full]
            if not dates:
                continue
            hits = [h for h in gazetteer.countries().find(text, ss, se) if not h.adjective]
            codes = list(dict.fromkeys(h.value for h in hits))
            if len(codes) < 2:
                continue
            info = gazetteer.country_info()
            what = ev["what"].format(a=info[codes[0]]["en"], b=info[codes[1]]["en"])
            out.append((dates[0].iso, what, ss, se))
    return out


_PERSON = re.compile(rf"(?<![\w.])((?:[{CYR_UP}]\.[ ]?){{1,2}}[ ]?[{CYR_UP}][{CYR_LOW}]+(?:-[{CYR_UP}]?[{CYR_LOW}]+)?)")


def people(text: str, lo: int, hi: int, exclude: set[str]) -> list[tuple[str, int, int]]:
    seen: dict[str, tuple[str, int, int]] = {}
    for m in _PERSON.finditer(text, lo, hi):
        name = _canon_name(m.group(1))
        if name in exclude or name in seen:
            continue
        seen[name] = (name, m.start(1), m.end(1))
    return list(seen.values())


# ---------------------------------------------------------------- the record

def extract_article(src: Source, text: Text) -> dict:
    t = text.text
    evidence = {}
    ts = titles(t)
    title = {lang: v[0] for lang, v in sorted(ts.items(), key=lambda kv: ["kk", "en", "ru"].index(kv[0]) if kv[0] in ("kk", "en", "ru") else 9)}
    for lang, (_, s, e) in ts.items():
        evidence[f"title.{lang}"] = _ev(text, s, e)
    names, aspan = authors(t)
    if aspan:
        evidence["authors"] = _ev(text, *aspan)
    kws, kspans = keywords(t)
    for lang, (s, e) in kspans.items():
        evidence[f"keywords.{lang}"] = _ev(text, s, e)

    notes = footnotes(t)
    cites = citations(t, notes)
    citation_entries: list[dict] = []
    for c in cites:
        span = list(text.span(c.start, c.end))
        if c.abbreviation:
            note = _note_for(c, notes)
            resolves = None
            if note:
                law = law_in(note.definition)
                tr = treaty_in(note.definition)
                if law and law["date"]:
                    resolves = f"law:KZ:{law['number']}:{law['date']}"
                elif tr and tr["date"] and tr["parties"]:
                    resolves = identity_key("treaty", tr["parties"], tr["date"])
                else:
                    resolves = describe(note.definition)
            entry = next((e for e in citation_entries if e.get("abbreviation") == c.abbreviation and e["year"] == c.year
                          and e.get("resolves_to") == resolves), None)
            if entry is None:
                entry = {"abbreviation": c.abbreviation, "year": c.year, "resolves_to": resolves, "spans": []}
                citation_entries.append(entry)
            entry["spans"].append(span)
            if note:
                entry["footnote"] = note.definition
            continue
        entry = next((e for e in citation_entries if e.get("author") and e["year"] == c.year and _similar(e["author"], c.author)), None)
        if entry is None:
            entry = {"author": c.author, "year": c.year, "forms": [], "spans": []}
            citation_entries.append(entry)
        if c.form not in entry["forms"]:
            entry["forms"].append(c.form)
        entry["spans"].append(span)
    authors_first = [e for e in citation_entries if "author" in e] + [e for e in citation_entries if "abbreviation" in e]

    body_lo = front_matter_end(t)
    ms = mentions(t, body_lo, len(t), notes, cites)
    treaties = []
    for m in sorted(ms, key=lambda m: m.date):
        s, e = text.span(m.start, m.end)
        treaties.append({"date": m.date, "place": m.place, "parties": list(m.parties), "title": m.title,
                         "span": [s, e], "quote": text.quote(m.start, m.end),
                         "id": identity_key("treaty", m.parties, m.date)})

    laws = []
    for n in notes:
        law = law_in(n.definition)
        if not law:
            continue
        tr = treaty_in(n.definition)
        ratifies = None
        if tr:
            for tm in treaties:
                if set(tm["parties"]) == set(tr["parties"]) and _key_words(tm["title"]) & _key_words(tr["title"]):
                    ratifies = tm["id"] or tm["title"]
                    break
        entry = {"number": law["number"], "date": law["date"], "ratifies": ratifies,
                 "span": list(text.span(n.start, n.end)), "quote": text.quote(n.start, n.end), "id": f"law:KZ:{law['number']}:{law['date']}" if law["date"] else None}
        if all(l["number"] != entry["number"] for l in laws):
            laws.append(entry)

    evs = []
    for date, what, s, e in events(t, body_lo, len(t)):
        if all(x["date"] != date or x["what"] != what for x in evs):
            evs.append({"date": date, "what": what, "span": list(text.span(s, e)), "quote": text.quote(s, e)})

    cited_surnames = {e["author"] for e in citation_entries if e.get("author")}
    persons = []
    for name, s, e in people(t, body_lo, len(t), set(names)):
        surname = name.split()[-1]
        persons.append({"name": name, "cited": any(_similar(surname[:len(c)], c) or surname.startswith(c[:6]) for c in cited_surnames),
                        "span": list(text.span(s, e)), "quote": text.quote(s, e)})

    return {
        "source": src.path,
        "kind": "article",
        "title": title,
        "authors": names,
        "year": year(t),
        "keywords": kws,
        "citations": authors_first,
        "treaties_mentioned": treaties,
        "laws_mentioned": laws,
        "events": evs,
        "id": f"work:{_stem(src.path)}",
        "language": "kk" if "kk" in title else next(iter(title), None),
        "format": src.format,
        "source_sha256": src.sha256,
        "people": persons,
        "evidence": evidence,
    }


def _stem(path: str) -> str:
    import os

    return os.path.splitext(os.path.basename(path))[0]


def _ev(text: Text, start: int, end: int) -> dict:
    s, e = text.span(start, end)
    return {"span": [s, e], "quote": text.quote(start, end)}


__all__ = ["extract_article", "relation"]
