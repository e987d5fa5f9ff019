"""Document-level facts of a treaty: parties, type, level, signature, ratifying act, entry
into force, duration, termination, languages, registration. Each finder returns its value
with the clean-text span it came from; `extract.py` turns spans into raw offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract import clauses
from kg.text import gazetteer
from kg.text import lexicon
from kg.text.dates import find_dates
from kg.text.normalize import fold
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


# The database publishes Kazakhstan's treaties; its party comes first in every record, so that
# a Russian heading that names the partner first (`между Правительством Турецкой Республики и
# Правительством Республики Казахстан`) gives the same record as the Kazakh one.
HOME = "KZ"


@lru_cache(maxsize=None)
def _acts() -> dict:
    return lexicon.load("acts")


@lru_cache(maxsize=None)
def _bodies() -> tuple[list, list]:
    t = lexicon.load("bodies")
    kinds = [(k["en"], {lang: re.compile(r"(?<![\w])(?:" + "|".join(k[lang]) + r")\w*", re.I) for lang in ("kk", "ru")})
             for k in t["kinds"]]
    fields = [(f["en"], {lang: re.compile(r"(?:" + f[lang] + r")\w*", re.I) for lang in ("kk", "ru")}) for f in t["fields"]]
    return kinds, fields


@lru_cache(maxsize=None)
def _qualifiers() -> list[tuple[str, dict]]:
    return [(q["en"], {lang: re.compile(r"\s*(?:" + q[lang] + r")\s+", re.I) for lang in ("kk", "ru")})
            for q in lexicon.load("bodies").get("qualifiers", [])]


@lru_cache(maxsize=None)
def _instrument_stems() -> list[tuple[str, str]]:
    """(stem, kind), longest first, so that `келісімшарт` is not read as `келісім`."""
    out = []
    for kind, names in _c()["instruments"].items():
        for n in names["kk"] + names["ru"]:
            # Russian nouns lose their last vowel in the oblique cases: соглашени-я, конвенци-ю
            out.append((n[:-1] if n[-1] in "аяеиоу" and len(n) > 5 else n, kind))
    return sorted(out, key=lambda p: -len(p[0]))


def _instrument_of_word(word: str) -> str | None:
    w = word.lower()
    for stem, kind in _instrument_stems():
        if w.startswith(stem):
            return kind
    return None


def instrument_type(title: str, language: str) -> str | None:
    """The kind of instrument from its heading's head noun: Kazakh puts it last (`... туралы
    КЕЛІСІМ`), Russian first (`СОГЛАШЕНИЕ между ...`, `Консульская конвенция`). Either may
    stand at the other end in a displaced heading, so that end is tried next."""
    words = re.findall(r"[^\W\d_]+", title)
    if not words:
        return None
    ends = list(reversed(words[-3:])) + words[:3] if language == "kk" else words[:3] + list(reversed(words[-3:]))
    for w in ends:
        kind = _instrument_of_word(w)
        if kind:
            return kind
    return None


def act_title(text: str, layout: Layout, language: str) -> Found | None:
    """The name of the instrument the approving act approves, from its operative sentence:
    the title of a source that holds the act without the treaty's text. None when the act
    names no instrument (a title must name one: `... туралы келісім`, `Соглашение между ...`)."""
    if not layout.act:
        return None
    a = _acts()
    pattern = a["approved_instrument"].get(language)
    if not pattern:
        return None
    s = layout.act.start
    body = _without_notes(text, s, layout.act.end)
    for m in _rx(pattern).finditer(body):
        title = clean_title(m.group("title"))
        words = title.split()
        noun = next((i for i, w in enumerate(words) if _instrument_of_word(w)), None)
        if noun is None or len(words) < 3:  # "Келісім ратификациялансын" names none
            continue
        for i in range(noun + 1):
            for old, new in a["accusative_endings"] if language == "ru" else ():
                if words[i].endswith(old):
                    words[i] = words[i][: -len(old)] + new
                    break
        return Found(" ".join(words), s + m.start("title"), s + m.end("title"))
    return None


def instrument_type_of_act(text: str, layout: Layout) -> str | None:
    """Where a document has no heading of its own, the approving act names the instrument it
    approves: `... келісімді бекіту туралы`, `Об утверждении Соглашения ...`."""
    if not layout.act:
        return None
    first = text[layout.act.start:layout.act.end].strip().split("\n", 1)[0]
    m = re.search(r"([^\W\d_]+)\s+(?:бекіту|ратификациялау|мақұлдау|қосылу)\s+туралы", first, re.I)
    if m and _instrument_of_word(m.group(1)):
        return _instrument_of_word(m.group(1))
    m = re.search(r"\b(?:Об\s+утверждении|О\s+ратификации|Об\s+одобрении|О\s+присоединении)((?:\s+[^\W\d_]+){1,3})", first, re.I)
    if m:
        for w in m.group(1).split():
            if _instrument_of_word(w):
                return _instrument_of_word(w)
    return None


# ---------------------------------------------------------------- parties

@dataclass(frozen=True)
class Party:
    country: str
    body: str  # "state", "government" or an agency's English name
    start: int
    end: int


# Where a Kazakh party's name ends (the body follows the country: `Қазақстан Республикасының
# Қорғаныс министрлігі мен ...`) and where a Russian one begins (the body precedes it:
# `между Министерством обороны Республики Казахстан и ...`).
_KK_STOP = re.compile(r"\s(?:мен|менен|арасында\w*|бұдан|мұнан|деп|үшін|атынан|туралы)(?![\w])|[()\[\]:;]|\n\s*\n|\s-\s", re.I)
# (with the capitalised adjectives of the state form: `Восточной Республики`, `Объединенной Республики`)
_RU_STATE_FORM = re.compile(r"(?:\s+(?-i:[А-ЯЁ][а-яё]+(?:ой|ей|ого|его|ых|их)))*\s+(?:Республик|Королевств|Государств|Федераци|Княжеств|Султанат|Эмират|Союз)\w*\s*$", re.I)
_RU_START = re.compile(r"(?:\bмежду\b|[()\[\]:;]|\n\s*\n)", re.I)


def parties(text: str, start: int, end: int, language: str) -> list[Party]:
    """Each party named in a heading or introduction region, the national party first."""
    hits = [h for h in gazetteer.countries().find(text, start, end) if not h.adjective]
    out: list[Party] = []
    for i, hit in enumerate(hits):
        if any(p.country == hit.value for p in out):
            continue
        # (the next party's: a body may hold its own state's name, "Корея Республикасының Корея
        # аэроғарыш агенттігі")
        nxt = next((h.start for h in hits[i + 1:] if h.value != hit.value), end)
        prev = hits[i - 1].end if i > 0 else start
        body = _body(text, hit, prev, nxt, language)
        out.append(Party(hit.value, body, hit.start, hit.end))
    if language == "ru" and len(out) < 2:
        out += _adjective_parties(text, start, end, {p.country for p in out})
    return sorted(out, key=lambda p: p.country != HOME)


def _adjective_parties(text: str, start: int, end: int, known: set) -> list[Party]:
    """A Russian party named by its country's adjective, its body after it ("и Швейцарским
    Федеральным Советом"): the body's kind from the words that follow."""
    kinds, _ = _bodies()
    out = []
    for country, s, e in gazetteer.ru_adjective_countries(text, start, end):
        if country in known or any(p.country == country for p in out):
            continue
        after = text[e:min(end, e + 60)]
        kind = next((en for en, pats in kinds if (m := pats["ru"].match(after.lstrip())) and m.start() == 0), None)
        if kind is None:
            continue  # an adjective of another phrase ("в казахстанско-швейцарских отношениях")
        out.append(Party(country, kind if "{}" not in kind else _body_name(kind, "", after.strip(), "ru"), s, e))
    return out


def _body(text: str, hit, prev: int, nxt: int, language: str) -> str:
    kinds, _ = _bodies()
    if language == "kk":
        seg = text[hit.end:nxt]
        stop = _KK_STOP.search(seg)
        phrase = seg[:stop.start()] if stop else seg[:160]
        # the head of a Kazakh name is its last noun: `Қаржы министрлігінің Мемлекеттік кірістер
        # комитеті` is the committee, its fields the words after the ministry's genitive
        heads = [(m, en) for en, pats in kinds for m in pats["kk"].finditer(phrase)]
        if not heads:
            return "state"
        m, en = max(heads, key=lambda h: (h[0].end(), -h[0].start()))
        before = [h[0].end() for h in heads if h[0].end() <= m.start()]
        lo = max(before) if before else 0
        # a body "under" another ("Үкіметінің жанындағы Бас архив басқармасы") is the body itself
        under = re.match(r"\s*(?:жанындағы|қарамағындағы)\s+", phrase[lo:m.start()])
        lo += under.end() if under else 0
        return _body_name(en, phrase[lo:m.start()], phrase[lo:m.end()], "kk")
    seg = text[max(prev, hit.start - 200):hit.start]
    starts = list(_RU_START.finditer(seg))
    # the gazetteer may know only the short name (`Беларусь`): its state form is not a field
    phrase = _RU_STATE_FORM.sub("", seg[starts[-1].end():] if starts else seg)
    # the words before "и" and a capital are the previous party's ("... по делам государственной
    # службы и Министерством ...")
    joined = list(re.finditer(r"\s+и\s+(?=(?-i:[А-ЯЁ]))", phrase))
    phrase = phrase[joined[-1].end():] if joined else phrase
    # the head of a Russian name is its first noun; adjectives before it and genitives after it
    # up to a parent body (`Комитетом государственных доходов Министерства финансов`) are its field
    heads = sorted(((m, en) for en, pats in kinds for m in pats["ru"].finditer(phrase)),
                   key=lambda h: (h[0].start(), -h[0].end()))
    if not heads:
        return "state"
    m, en = heads[0]
    after = [h[0].start() for h in heads if h[0].start() >= m.end()]
    hi = min(after) if after else len(phrase)
    lo = len(_SEPARATOR.match(phrase).group()) if _SEPARATOR.match(phrase) else 0
    adjectives = phrase[lo:m.start()]
    # ("Главным архивным управлением при Правительстве ...": the body, not what it is under)
    under = re.search(r"\s+(?:при|под)\s*$", phrase[:hi])
    hi = under.start() if under and under.start() >= m.end() else hi
    fields = adjectives + " " + phrase[m.end():hi]
    written = phrase[lo:hi].strip()
    if not fields.strip():
        # the field may follow the country: "Агентством Республики Казахстан по делам государственной службы"
        after = re.match(r"\s+(по\s+[^,;()\n]+?)(?=\s+и\s+(?-i:[А-ЯЁ])|\s*[,;(\n]|$)", text[hit.end:nxt], re.I)
        if after:
            fields, written = after.group(1), written + " " + after.group(1)
    return _body_name(en, fields, written, "ru")


def _body_name(en: str, field_words: str, as_written: str, language: str) -> str:
    """English name of a body: a fixed name, or the kind's pattern filled with its fields."""
    if "{}" not in en:
        return en
    fields = _fields(field_words, language)
    qualifier = ""
    if fields is None and en.startswith("{}"):
        # a qualifier opens a kind named after its fields: `Мемлекеттік көші-қон қызметі`, State
        # Migration Service
        words = fold(field_words)
        for q, pats in _qualifiers():
            m = pats[language].match(words)
            if m and (rest := _fields(words[m.end():], language)) is not None:
                qualifier, fields = q + " ", rest
                break
    if fields is None:
        # a field of competence the table does not know: keep the body's name as written
        return fold(as_written).strip(" ,")
    if not fields:
        return qualifier + re.sub(r"\s*(?:of|for)?\s*\{\}\s*", " ", en).strip()
    joined = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    return qualifier + en.format(joined)


_SEPARATOR = re.compile(r"\s*(?:,|және|мен|и|а\s+также)\s+|\s*,\s*|\s+", re.I)


def _fields(words: str, language: str) -> list[str] | None:
    """The fields named in `Білім, мәдениет және денсаулық сақтау` / `образования, культуры и
    здравоохранения`, read left to right, the longest known field at each place; None when a
    word is not a known field."""
    _, table = _bodies()
    s = fold(words).strip(" ,.-")
    out, i = [], 0
    while i < len(s):
        sep = _SEPARATOR.match(s, i)
        if sep and sep.end() > i:
            i = sep.end()
            continue
        best = None
        for en, pats in table:
            m = pats[language].match(s, i)
            if m and (m.end() == len(s) or not s[m.end()].isalnum()) and (best is None or m.end() > best[1]):
                best = (en, m.end())
        if best is None:
            return None
        out.append(best[0])
        i = best[1]
    return out


def party_region_parties(text: str, layout: Layout, language: str) -> list[Party]:
    """The parties from the first place that names two of them: the treaty's heading, the
    preamble's opening paragraph (`Қазақстан Республикасының Үкіметі мен ... бұдан әрі Тараптар
    деп аталатын`), the approving act's heading. Numbered points and editorial notes of the
    approving act that spill into the preamble (`2. ... Сыртқы істер министрлігі ... хабардар
    етсін`) name an implementing body, not a party, and are skipped."""
    regions = []
    if layout.title:
        regions.append((layout.title.start, layout.title.end))
    if layout.preamble:
        s, e = layout.preamble.start, min(layout.preamble.end, layout.preamble.start + 2500)
        for m in re.finditer(r"[^\n]+", text[s:e]):
            para = m.group()
            if re.match(r"\s*(?:\d+[.)]|Ескерту|Примечание|Сноска)", para):
                continue
            # a note in brackets may open the paragraph: `(Вступило в силу ...) Правительство ...`
            note = re.match(r"\s*\([^()]*\)", para)
            regions.append((s + m.start() + (note.end() if note else 0), s + m.end()))
    if layout.act:
        line = re.match(r"\s*[^\n]+", text[layout.act.start:layout.act.end])
        if line:
            regions.append((layout.act.start, layout.act.start + line.end()))
    first: list[Party] = []
    if layout.title and "\n" in text[layout.title.start:layout.title.end]:
        # a heading cut by blank lines is one phrase: its line breaks are spaces (same offsets)
        s, e = layout.title.start, layout.title.end
        text = text[:s] + text[s:e].replace("\n", " ") + text[e:]
    for s, e in regions:
        found = parties(text, s, e, language)
        if len(found) >= 2:
            return found
        if found and not first:
            first = found
    return first


def level(bodies: list[str]) -> str | None:
    if not bodies:
        return None
    if all(b == "state" for b in bodies):
        return "interstate"
    if all(b in ("state", "government") for b in bodies):
        return "intergovernmental"
    return "interagency"


# ---------------------------------------------------------------- signature

@dataclass(frozen=True)
class Signing:
    """Date and place of signature, each with its span, or None with the competing readings."""
    date: Found | None
    place: Found | None
    date_candidates: tuple[Found, ...] = ()
    place_candidates: tuple[Found, ...] = ()


def signed(text: str, layout: Layout, approved_on: str | None = None) -> Signing:
    """The treaty's closing formula ("... қаласында 1997 жылғы 27 қарашада ... жасалды",
    "Совершено в г. ... ") and the approving act ("... 1996 жылғы 3 мамырда Алматыда қол
    қойылған ...") each give a reading. The closing formula is the treaty's own statement and
    the act only restates it, so the closing formula is taken where it states a possible value;
    the act's reading stands in where the closing formula states none, or an impossible one (a
    treaty is never signed after the act that approves it: `approved_on`). Readings that
    disagree are kept as candidates, so the record shows the other one."""
    closing = _closing_reading(text, layout)
    in_act = _act_reading(text, layout)
    dates = [r[0] for r in (closing, in_act) if r and r[0]]
    places = [r[1] for r in (closing, in_act) if r and r[1]]
    if approved_on:
        dates = [d for d in dates if d.value <= approved_on] or []
    date = dates[0] if dates else None
    place = places[0] if places else None
    return Signing(date, place,
                   tuple(dates) if _one_reading(dates) is None and len(dates) > 1 else (),
                   tuple(places) if _one_reading(places) is None and len(places) > 1 else ())


def _one_reading(found: list[Found]) -> Found | None:
    if not found:
        return None
    if all(f.value == found[0].value for f in found):
        return found[0]
    return None


def _closing_reading(text: str, layout: Layout) -> tuple[Found | None, Found | None] | None:
    """Date and place of the first "done at" sentence after the last article's heading."""
    if layout.articles:
        s = layout.articles[-1].body_start
    elif layout.final:
        s = layout.final.start
    else:
        return None
    e = layout.final.end if layout.final else layout.articles[-1].end
    if layout.final and layout.final.end < s:
        e = layout.articles[-1].end
    cl = _acts()["closing"]
    hits = [(m, "last") for m in _rx(cl["verb_last"]).finditer(text, s, e)]
    hits += [(m, "first") for m in _rx(cl["verb_first"]).finditer(text, s, e)]
    for m, where in sorted(hits, key=lambda h: h[0].start()):
        if where == "last":
            lo = _sentence_start(text, max(s, m.start() - 400), m.start())
            hi = m.start()
        else:
            lo = m.end()
            para = text.find("\n\n", lo, e)
            hi = min(para if para >= 0 else e, lo + 250)
        dates = [d for d in find_dates(text[lo:hi]) if d.full]
        if not dates:
            # a draft's formula leaves the date blank and may name the place ("Кабул қаласында
            # 2020 жылғы «___» ______", "Совершено в городе Кабуле «___» ______ 2020 года")
            blank = _BLANK_DATE.search(text, lo, hi)
            if blank:
                return None, _city(text, lo, hi, blank.start(), blank.end())
            continue
        # the date nearest the verb is the signing date: a Kazakh verb ends the sentence
        d = dates[-1] if where == "last" else dates[0]
        date = Found(d.iso, lo + d.start, lo + d.end)
        return date, _city(text, lo, hi, lo + d.start, lo + d.end)
    return None


_BLANK_DATE = re.compile(r"«\s*_+\s*»|\b\d{2}_{1,2}\b")


def _sentence_start(text: str, lo: int, hi: int) -> int:
    """Start of the sentence that ends at `hi`: after the last full stop that closes a
    sentence (not `г.` or `ж.`, an abbreviation)."""
    best = lo
    for m in re.finditer(r"(?<![\s.(][гж])(?<!\bст)[.!?](?=\s)", text[lo:hi]):
        best = lo + m.end()
    return best


def _act_reading(text: str, layout: Layout) -> tuple[Found | None, Found | None] | None:
    """The signing date in the approving act is the one next to its participle: before
    "жасалған/қол қойылған", after "подписанное/совершенное". The other side may hold the date
    of another instrument (`... Соглашение ... от 1 февраля 2010 года, подписанный в ...`)."""
    if not layout.act:
        return None
    s, e = layout.act.start, layout.act.end
    body = _without_notes(text, s, e)
    verbs = _acts()["signed_in_act"]
    hits = [(m, "before") for m in _rx(verbs["date_before"]).finditer(body)]
    hits += [(m, "after") for m in _rx(verbs["date_after"]).finditer(body)]
    for m, side in sorted(hits, key=lambda h: h[0].start()):
        if side == "before":
            off = max(0, m.start() - 80)
            dates = [d for d in find_dates(body[off:m.start()]) if d.full]
            d = dates[-1] if dates else None
            lo, hi = (off + d.start, m.start()) if d else (0, 0)
        else:
            off = m.end()
            dates = [d for d in find_dates(body[off:off + 80]) if d.full]
            d = dates[0] if dates else None
            lo, hi = (off, off + d.end + 30) if d else (0, 0)
        if d is None:
            continue
        date = Found(d.iso, s + off + d.start, s + off + d.end)
        city = _city(text, s + lo, min(e, s + hi), s + off + d.start, s + off + d.end)
        if city is None and side == "before":
            # the place may lead the date ("Мәскеуде 1998 жылғы 6 шілдеде қол қойылған"): a city
            # right before it, nothing but "қаласында" between
            back = _city(text, max(s, s + lo - 40), s + lo, s + off + d.start, s + off + d.end)
            gap = text[back.end:s + lo] if back else ""
            if back and (not gap.strip() or re.match(_acts()["city_cue_after"] + r"\s*$", gap)):
                city = back
        return date, city
    return None


def _without_notes(text: str, s: int, e: int) -> str:
    """The act's words with its editorial notes blanked out (same length, so offsets hold)."""
    body = text[s:e]
    return re.sub(_acts()["notes"], lambda m: " " * len(m.group()), body, flags=re.I)


def _city(text: str, lo: int, hi: int, ds: int, de: int) -> Found | None:
    """The English name of the city nearest the date within the signing phrase; a blank left
    for the place (`бұл ______ жасалды`, `Совершено в городе`) is no city."""
    a = _acts()
    best = None
    for hit in gazetteer.cities().find(text, lo, hi):
        dist = min(abs(hit.start - de), abs(ds - hit.end))
        if best is None or dist < best[0]:
            best = (dist, hit)
    if best is None:
        # an ambiguous city name (`Қазан`) counts only when the text says it is a city
        for hit in gazetteer.all_cities().find(text, lo, hi):
            before = text[max(0, hit.start - 30):hit.start]
            placed = (text[hit.start].isupper() and not re.search(r"\d\s*$", before)
                      and re.match(a["city_cue_participle"], text[hit.end:hit.end + 20], re.I))
            if re.match(a["city_cue_after"], text[hit.end:hit.end + 12]) or re.search(a["city_cue_before"], before, re.I) or placed:
                best = (0, hit)
                break
    if best is None:
        return None
    hit = best[1]
    return Found(hit.value, hit.start, hit.end)


# ---------------------------------------------------------------- ratifying act

def act_number(raw: str) -> str:
    """`216-VIII`, `220-VІ` (Cyrillic І), `155 - II` → Latin letters, no spaces, no `ҚРЗ`."""
    roman = _acts()["roman"]
    n = re.sub(r"\s+", "", raw)
    return "".join(roman.get(ch, ch) for ch in n)


def _act_fields(src: str) -> tuple[str | None, str | None]:
    num = re.search(_acts()["number"], src)
    dates = [d for d in find_dates(src) if d.full]
    return (act_number(num.group("num")) if num else None), (dates[0].iso if dates else None)


def ratification(text: str, layout: Layout, meta: dict) -> Found | None:
    """The approving act on top of the treaty: its kind, number and date. Its own header line
    gives them; a mirror folder's `meta.yaml` `requisite` gives what the body lacks (and is
    what the database files the act under). Editorial notes inside the act name other acts."""
    a = _acts()
    requisite = (meta or {}).get("requisite") or None
    if requisite is not None and not isinstance(requisite, str):
        requisite = None
    body = _without_notes(text, layout.act.start, layout.act.end) if layout.act else ""
    if not body.strip() and not requisite:
        return None
    kind = None
    if requisite:
        kind = next((k for k, p in a["requisite"] if re.search(p, requisite, re.I)), None)
    header = None
    for k, p in a["header"]:
        header = re.search(p, body)
        if header:
            kind = kind or k
            break
    if kind is None:
        kind = next((k for k, p in a["operative"] if re.search(p, body, re.I)), None)
    if kind is None:
        return None
    number = date = None
    if requisite:
        number, date = _act_fields(requisite)
    if not header and layout.act:
        # (after the signer, where the act block ends: up to the treaty's heading)
        upto = layout.title.start if layout.title and layout.title.start > layout.act.end else layout.act.end + 200
        body = _without_notes(text, layout.act.start, min(len(text), upto))
        header = re.search(a["trailer"], body)
    if header:
        h_number, h_date = _act_fields(header.group())
        # the requisite may drop the convocation suffix the act has (`№ 155` for `155-III`)
        if h_number and (number is None or (h_number.startswith(number + "-"))):
            number = h_number
        date = date or h_date
        start, end = layout.act.start + header.start(), layout.act.start + header.end()
    else:
        start = end = layout.act.start if layout.act else 0
    return Found({"act": kind, "number": number, "date": date}, start, end)


# ---------------------------------------------------------------- final clauses
# Read by `kg/extract/clauses.py` from the final-clause region; these keep the record's calls.

def entry_into_force(text: str, layout: Layout):
    return clauses.entry_into_force(text, layout)


def provisional_application(text: str, layout: Layout):
    return clauses.provisional_application(text, layout)


def duration(text: str, layout: Layout):
    return clauses.duration(text, clauses.final_region(text, layout))


def termination_notice(text: str, layout: Layout):
    return clauses.termination_notice(text, clauses.final_region(text, layout))


def languages(text: str, layout: Layout):
    return clauses.languages(text, clauses.final_region(text, layout))


def un_registration(text: str, layout: Layout):
    spans = [(a.body_start, a.end) for a in layout.articles] + clauses.final_region(text, layout)
    return clauses.un_registration(text, spans)
