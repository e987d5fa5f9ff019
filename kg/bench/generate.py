"""A generator of realistic treaty corpora for the benchmark, with the gold records of what it wrote.

`generate(n, out_dir, seed=0)` writes n source documents to OUT_DIR:

    OUT_DIR/catalog.yaml            the catalog `kg build --catalog` reads
    OUT_DIR/txt/<id>.txt            the legal database's plain text (Kazakh or Russian)
    OUT_DIR/md/<id>/kaz.md, rus.md  the mirror's markdown with its meta.yaml
    OUT_DIR/gold/<stem>.json        the extraction record each document must give
                                    (shared/spec/extraction-record.md; mirror files <id>.kaz.json)

The grammar is data (kg/bench/tables/grammar.json, taken from the seeds, the mirror
examples and the real acts of ../shared/corpus as notes/wording-inventory.md lists their
wordings); countries, cities, languages and month names come from the extractor's own tables,
so every UN member state appears. Instruments form lineages per partner: a friendship treaty,
later partnership and allied treaties guided by it, agreements by topic (some carrying out the
basic treaty, some citing an earlier instrument in an article), protocols amending agreements,
agreements that supersede older ones, several instruments signed on one day.

What the texts vary, at the rates grammar.json gives:
- parties: states in their full official form (kingdoms, federations, long republics; the
  table's other forms at 10%), governments or a Cabinet of Ministers where the country had
  one, ministries and agencies of interagency instruments (about 1 in 8 topical ones), in the
  case forms titles, preambles and approving acts take;
- amending protocols: 70% by numbered points with no articles (article_count 0, the amended
  agreement an `amends` reference, the protocol in force for the agreement's term), amending
  or supplementing, headings in capitals at 20%;
- final clauses: entry into force, term, renewal, notice, closing formula (without the place
  at 12%, the approving act then gives it) and prevailing text (one language or two), each
  in two to four wordings of the real acts;
- the database's editorial notes: before the title, the approval stamp, the note of entry
  into force (its date the gold's), after the signatures;
- the approving act of the day: Parliament's law numbered within its convocation (the
  numeral in Cyrillic look-alikes at 30%: `220-VІ`), the President's decree having the force
  of law (1995), the Supreme Council's resolution (`1440-XII`, before 1995), the Government's
  or the Cabinet of Ministers' resolution; article headings `N-бап`, `Статья N`, `СТАТЬЯ N`,
  Roman at 10%;
- relations by the verbs that carry them: guided by, reaffirming, implementing, superseding
  (ceases to have effect), amending, citing in an article.

The text damage the field guide measured is applied at its rates: Latin homoglyphs in Kazakh
words (heavy in older texts), letter-spaced words, hyphenated line breaks, page breaks that
cut sentences, the word displaced after "ратификациялансын", a missing space after a genitive.
The gold says what the text states (shared/spec/extraction-record.md): a clause a text leaves
out is null there. One seed gives one corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.text import lexicon

GRAMMAR = Path(__file__).resolve().parent / "tables" / "grammar.json"
NOT_UN_MEMBERS = {"YU", "SU", "CS", "DD", "PS", "VA", "XK", "TW", "EH", "CK", "NU"}
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
             "қараша", "желтоқсан"]
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
KK_NUM = {5: "бес", 10: "он", 15: "он бес", 6: "алты", 12: "он екі", 3: "үш", 30: "отыз", 90: "тоқсан", 180: "жүз сексен"}
RU_NUM_GEN = {6: "шести", 12: "двенадцати", 3: "трех", 30: "тридцати", 90: "девяноста", 180: "ста восьмидесяти"}
RU_YEARS_ADJ = {5: "пятилетние", 10: "десятилетние", 15: "пятнадцатилетние"}
RU_NUM = {5: "пять", 10: "десять", 15: "пятнадцать"}
RU_NUM_YEARS_GEN = {5: "пяти", 10: "десяти", 15: "пятнадцати"}
TODAY = dt.date(2025, 12, 31)


@lru_cache(maxsize=1)
def grammar() -> dict:
    return json.loads(GRAMMAR.read_text(encoding="utf-8"))


def _front(word: str) -> bool:
    """Kazakh vowel harmony: the last vowel decides front (е, ә, і, ө, ү, и) or back."""
    for ch in reversed(word.lower()):
        if ch in "еәіөүиэ":
            return True
        if ch in "аоұыуя":
            return False
    return False


def kk_date(d: dt.date, form: str) -> str:
    """`2024 жылғы 19 сәуірде` (loc), `1997 жылғы 8 сәуірдегі` (adj), `1997 жылы 11 қарашада` (jyly: 03, 07)."""
    m = KK_MONTHS[d.month - 1]
    voiceless = m[-1] in "кқптсшфх"
    front = _front(m)
    base = ("т" if voiceless else "д") + ("е" if front else "а")
    suffix = base if form in ("loc", "jyly") else base + ("гі" if front else "ғы")
    return f"{d.year} {'жылы' if form == 'jyly' else 'жылғы'} {d.day} {m}{suffix}"


def ru_date(d: dt.date) -> str:
    return f"{d.day} {RU_MONTHS[d.month - 1]} {d.year} года"


# ---------------------------------------------------------------------------------------------
# Russian case forms of a country's short name (enough for real text: the extractor matches
# stems with case endings)


def _ru_word(w: str, case: str) -> str:
    lw = w.lower()
    if lw in ("и", "-") or not re.search("[а-яё]", lw):
        return w
    adj = {"ая": ("ой", "ой"), "ый": ("ого", "ым"), "ий": ("ого", "ым"), "ое": ("ого", "ым"), "ые": ("ых", "ыми")}
    if case == "acc":  # "За ...": feminine nouns and adjectives change, the others read as the nominative
        for end, acc in (("ая", "ую"), ("яя", "юю"), ("ия", "ию"), ("а", "у"), ("я", "ю")):
            if lw.endswith(end) and (len(end) == 2 or len(lw) > 3):
                return w[: -len(end)] + acc
        return w
    for end, (gen, ins) in adj.items():
        if lw.endswith(end) and len(lw) > 4:
            if lw[-len(end) - 1] in "кгхжшчщ":  # spelling rule: ы is и after these
                gen, ins = gen.replace("ы", "и"), ins.replace("ы", "и")
            return w[: -len(end)] + (gen if case == "gen" else ins)
    if lw.endswith("ство"):
        return w[:-1] + ("а" if case == "gen" else "ом")
    if lw.endswith("ия"):
        return w[:-1] + ("и" if case == "gen" else "ей")
    if lw.endswith("а"):
        soft = len(lw) > 1 and lw[-2] in "кгхжшчщ"
        return w[:-1] + (("и" if soft else "ы") if case == "gen" else "ой")
    if lw.endswith("я"):
        return w[:-1] + ("и" if case == "gen" else "ей")
    if lw.endswith("й"):
        return w[:-1] + ("я" if case == "gen" else "ем")
    if lw.endswith("ь"):
        return w[:-1] + ("и" if case == "gen" else "ью")
    if lw[-1] in "оеиуюэы":
        return w
    return w + ("а" if case == "gen" else "ом")


@lru_cache(maxsize=None)
def ru_case(name: str, case: str) -> str:
    """A Russian name in the genitive or instrumental: the words up to the head noun decline, the
    name after it stays (`Королевство Таиланд` -> `Королевства Таиланд`, `Исламская Республика Иран`
    -> `Исламской Республики Иран`); a name without a head noun declines throughout."""
    irregular = grammar().get("ru_irregular_cases", {}).get(name)  # plurals: Соединенных Штатов Америки
    if irregular and case in irregular:
        return irregular[case]
    if case == "acc" and name.split()[0] in ("Правительство", "Кабинет", "Министерство", "Комитет", "Национальный"):
        return name  # the body's noun is inanimate: its accusative is its nominative, its owner stays genitive
    words = name.split()
    heads = grammar()["state_heads"]["ru"]
    h = next((i for i, w in enumerate(words) if w in heads), len(words) - 1)
    return " ".join([_ru_word(w, case) for w in words[: h + 1]] + words[h + 1:])


@lru_cache(maxsize=None)
def kk_genitive(name: str) -> str:
    """The genitive of a Kazakh name, by the sound it ends in and vowel harmony:
    `Қырғыз Республикасы` -> `Қырғыз Республикасының`, `Жапония` -> `Жапонияның`,
    `Түрікменстан` -> `Түрікменстанның`, `Алжир` -> `Алжирдің`, `Кувейт` -> `Кувейттің`."""
    last = name.rstrip("ьъ")[-1:].lower()
    vowel = "ің" if _front(name) else "ың"
    if last in "аәеёиоөұүыіэюя" or last in "мнң":
        return name + "н" + vowel
    if last in "лржзйу":
        return name + "д" + vowel
    return name + "т" + vowel


# ---------------------------------------------------------------------------------------------
# The world: countries, cities, languages


@dataclass(frozen=True)
class Country:
    code: str
    kk: tuple  # the names a text uses, the full official form first
    ru: tuple
    lang: str  # the partner's authentic-text language (ISO 639-1)
    cities: tuple  # (en, kk, ru locative)


def _state_names(c: dict, lang: str) -> tuple:
    """The forms of a country's name with a head noun (Республикасы, Королевство, ...), the table's
    first one (the official form) first; the short name first where the English official name has
    no head noun (Mongolia, Georgia, Hungary): the others are then older or unofficial forms."""
    g = grammar()
    heads, old = set(g["state_heads"][lang]), g["historic_words"]
    names = list(dict.fromkeys(n.replace("ё", "е") for n in c[lang]))  # the database writes е
    full = [n for n in names if heads & set(n.split()) and not any(w in n for w in old)
            and not any(w.isupper() and len(w) > 1 for w in n.split())]
    if not full or not set(g["state_heads"]["en"]) & set(c.get("en_official", "").split()):
        return (names[0], *[n for n in full if n != names[0]])
    return tuple(full)


@lru_cache(maxsize=1)
def world() -> tuple[dict, dict]:
    langs = {x["iso639_1"]: x for x in lexicon.load("languages")}
    cities: dict[str, list] = {}
    for c in lexicon.load("cities"):
        ru_loc = (c.get("ru_forms") or c["ru"])[0]
        cities.setdefault(c["country"], []).append((c["en"], c["kk"][0], ru_loc))
    out = {}
    g = grammar()
    for c in lexicon.load("countries"):
        code = c["iso2"]
        if code in NOT_UN_MEMBERS or not c.get("kk") or not c.get("ru"):
            continue
        lang = g["partner_language"].get(code, "en")
        if lang not in langs:
            lang = "en"
        if code == "RU" or code == "BY":
            lang = "ru"
        out[code] = Country(code, _state_names(c, "kk"), _state_names(c, "ru"), lang,
                            tuple(cities.get(code, ())))
    return out, langs


# ---------------------------------------------------------------------------------------------
# Instruments and their lineages


@dataclass
class Instrument:
    key: str
    partner: str
    subject: dict
    itype: str
    level: str
    date: dt.date
    city: tuple  # (en, kk, ru_loc)
    refs: list = field(default_factory=list)  # (relation, Instrument)
    amends: "Instrument | None" = None
    names: dict = field(default_factory=dict)  # the forms its texts name the parties in (_names)
    amend_form: int = 0  # the amending phrase of its title (grammar.json amending.titles)
    points: bool = False  # amends by numbered points, with no articles


def _pick_partner(rng: random.Random, countries: dict) -> str:
    weights = grammar()["neighbour_weight"]
    codes = sorted(c for c in countries if c != "KZ")
    return rng.choices(codes, [weights.get(c, 1) for c in codes])[0]


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    span = max(0, (hi - lo).days)
    return lo + dt.timedelta(days=rng.randint(0, span))


def _place(rng: random.Random, partner: Country, day: dt.date) -> tuple:
    """The partner's capital, or the Kazakh city of the day (grammar.json kz_cities)."""
    if partner.cities and rng.random() < 0.5:
        return partner.cities[0]
    g = grammar()
    rows = g["kz_cities"]
    row = next(r for r in rows if r["from"] <= day.isoformat() <= r["to"])
    if row["en"] != "Almaty" and rng.random() < g["almaty_after_1997"]:
        row = rows[0]
    ru = row["ru_alt"] if row.get("ru_alt") and rng.random() < 0.3 else row["ru"]
    return (row["en"], row["kk"], ru)


def plan(n_instruments: int, rng: random.Random) -> list[Instrument]:
    """Instruments with lineages, per partner in time order."""
    countries, _ = world()
    subjects = grammar()["subjects"]
    by_family: dict[str, list[dict]] = {}
    for s in subjects:
        by_family.setdefault(s["family"], []).append(s)
    out: list[Instrument] = []
    seen_keys: set = set()
    history: dict[str, list[Instrument]] = {}
    while len(out) < n_instruments:
        partner = _pick_partner(rng, countries)
        hist = history.setdefault(partner, [])
        country = countries[partner]
        since = dt.date.fromisoformat(grammar()["partner_since"].get(partner, "1991-12-16"))
        start = since if not hist else hist[-1].date
        if start >= TODAY - dt.timedelta(days=30):
            start = max(since, dt.date(1992, 1, 1))
        # a visit: one to four instruments signed the same day at the same place
        day = _rand_date(rng, start, min(TODAY, start + dt.timedelta(days=rng.randint(60, 3000))))
        place = _place(rng, country, day)
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            if len(out) >= n_instruments:
                break
            inst = _next_instrument(rng, partner, hist, by_family, day, place)
            if inst.key in seen_keys:
                continue
            seen_keys.add(inst.key)
            hist.append(inst)
            out.append(inst)
    return out


def _next_instrument(rng, partner, hist, by_family, day, place) -> Instrument:
    families = {i.subject["family"] for i in hist}
    friendship = next((i for i in hist if i.subject["family"] == "friendship"), None)
    agreements = [i for i in hist if i.itype in ("agreement", "convention") and i.amends is None and i.date < day]
    r = rng.random()
    if friendship is None and r < 0.6:
        subj = rng.choice(by_family["friendship"])
    elif friendship is not None and "partnership" not in families and r < 0.25:
        subj = by_family["partnership"][0]
    elif "partnership" in families and "allied" not in families and r < 0.15:
        subj = rng.choice(by_family["allied"])
    elif agreements and r < 0.45:
        target = rng.choice(agreements)
        if rng.random() < 0.6:  # a protocol amending it
            am = grammar()["amending"]
            inst = Instrument("", partner, target.subject, "protocol", target.level, day, place, amends=target,
                              amend_form=rng.choices(range(len(am["titles"])), [t["weight"] for t in am["titles"]])[0],
                              points=rng.random() < am["points"])
            inst.refs.append(("amends", target))
            inst.key = _key(inst)
            return inst
        # a new agreement on the same subject superseding the old one
        inst = Instrument("", partner, target.subject, target.itype, target.level, day, place)
        inst.refs.append(("supersedes", target))
        inst.key = _key(inst)
        return inst
    else:
        pool = [s for f, ss in by_family.items() if f not in ("friendship", "partnership", "allied", "border")
                for s in ss]
        subj = rng.choices(pool, [s.get("weight", 1) for s in pool])[0]
    inst = Instrument("", partner, subj, subj["type"], subj["level"], day, place)
    basic = [i for i in hist if i.subject["family"] in ("friendship", "partnership", "allied") and i.date < day]
    if subj["level"] == "interstate" and basic:
        inst.refs.append(("guided_by", basic[0]))
        if len(basic) > 1 and rng.random() < 0.7:
            inst.refs.append(("reaffirms", basic[-1]))
    else:
        r2 = rng.random()
        if basic and r2 < 0.3:
            inst.refs.append(("guided_by", basic[0]))
        elif basic and r2 < 0.45:  # an agreement made to carry out the basic treaty
            inst.refs.append(("implements", basic[-1]))
    named = {id(r) for _, r in inst.refs}
    earlier = [i for i in hist if i.date < day and i.amends is None and id(i) not in named]
    if earlier and rng.random() < grammar()["cites_share"]:
        inst.refs.append(("cites", rng.choice(earlier)))
    inst.key = _key(inst)
    return inst


def _key(inst: Instrument) -> str:
    return f"{inst.partner}-{inst.date.isoformat()}-{inst.subject['family']}-{inst.itype}"


# ---------------------------------------------------------------------------------------------
# Titles


def _gov_kind(code: str, day: dt.date, rng: random.Random) -> str:
    for row in grammar()["cabinets"]:
        if row["country"] == code and row.get("from", "0000") <= day.isoformat() <= row.get("to", "9999"):
            return row.get("kind", "cabinet") if rng.random() < row["share"] else "government"
    return "government"


def _names(inst: Instrument) -> dict:
    """The forms the instrument's texts name the partner in, drawn once per instrument (so that a
    reference to it later reads as its own title did)."""
    if not inst.names:
        rng = random.Random("names:" + inst.key)
        g = grammar()
        c = world()[0][inst.partner]
        pick = lambda forms: forms[0] if len(forms) == 1 or rng.random() >= g["other_form"] else rng.choice(forms[1:])  # noqa: E731
        inst.names = {"kk": pick(c.kk), "ru": pick(c.ru), "bare": rng.random() < g["kk_bare_genitive"],
                      "kz_kind": _gov_kind("KZ", inst.date, rng), "kind": _gov_kind(inst.partner, inst.date, rng)}
    return inst.names


@dataclass(frozen=True)
class Party:
    kk: str  # nominative, as a title and a preamble name it
    ru_nom: str
    ru_ins: str  # "между ... и ..."
    body: str  # the gold's body: state, government or the agency's English name


def parties(inst: Instrument) -> tuple[Party, Party]:
    g = grammar()
    nm = _names(inst)
    sides = ((world()[0]["KZ"].kk[0], world()[0]["KZ"].ru[0], nm["kz_kind"], False), (nm["kk"], nm["ru"], nm["kind"], nm["bare"]))
    out = []
    for kk, ru, kind, bare in sides:
        if inst.level == "interstate":
            out.append(Party(kk, ru, ru_case(ru, "ins"), "state"))
            continue
        if inst.level == "interagency":
            row = next(a for a in g["agencies"] if a["en"] == inst.subject["agency"])
            body, head = row["en"], row
        else:
            body, head = "government", g["government_kinds"][kind]
        owner = kk if bare and " " in kk else kk_genitive(kk)
        out.append(Party(f"{owner} {head['kk']}", f"{head['ru_nom']} {ru_case(ru, 'gen')}",
                         f"{head['ru_ins']} {ru_case(ru, 'gen')}", body))
    return out[0], out[1]


def _parties_kk(inst: Instrument) -> str:
    a, b = parties(inst)
    return f"{a.kk} мен {b.kk}"


def _parties_ru(inst: Instrument) -> str:
    a, b = parties(inst)
    return f"между {a.ru_ins} и {b.ru_ins}"


def title_kk(inst: Instrument, form: str = "") -> str:
    noun = grammar()["type_nouns"][inst.itype]["kk" + (f"_{form}" if form else "")]
    if inst.amends is not None:
        a = inst.amends
        phrase = grammar()["amending"]["titles"][inst.amend_form]["kk"]
        return (f"{kk_date(a.date, 'adj')} {_parties_kk(a)} арасындағы {a.subject['kk']} туралы "
                f"{grammar()['type_nouns'][a.itype]['kk_dat']} {phrase} {noun}")
    return f"{_parties_kk(inst)} арасындағы {inst.subject['kk']} туралы {noun}"


def title_ru(inst: Instrument, form: str = "") -> str:
    noun = grammar()["type_nouns"][inst.itype]["ru" + (f"_{form}" if form else "")]
    if inst.amends is not None:
        a = inst.amends
        phrase = grammar()["amending"]["titles"][inst.amend_form]["ru"]
        return f"{noun} {phrase} {title_ru(a, 'acc')} от {ru_date(a.date)}"
    return f"{noun} {_parties_ru(inst)} {inst.subject['ru']}"


# ---------------------------------------------------------------------------------------------
# Documents


@dataclass
class Doc:
    inst: Instrument
    lang: str  # kk | ru
    fmt: str  # txt | md
    rng: random.Random
    text: str = ""
    gold: dict = field(default_factory=dict)


def _act_for(inst: Instrument, rng: random.Random, used: set | None = None) -> dict:
    """The act that approves the instrument, with a number not in `used` (which it joins): the
    database numbers a law uniquely within its convocation (the Roman numeral), and two acts
    of one kind with one number would be a defect of the corpus (resolutions are kept unique
    outright, which the database's numbering per year also satisfies)."""
    kind = "law" if inst.level == "interstate" or inst.itype == "convention" or (
        inst.level == "intergovernmental" and rng.random() < 0.35) else "resolution"
    date = inst.date + dt.timedelta(days=rng.randint(60, 540))
    date = min(date, TODAY)
    g = grammar()
    issuer = _issuer(kind, date, rng)
    row = g["issuers"][issuer]
    used = set() if used is None else used
    while True:  # the range grows with what is used, so a draw always finds a free number
        if issuer == "parliament":
            roman = [r for since, r in g["convocations"] if since <= date.isoformat()][-1:] or ["I"]
            n = rng.randint(1, 400 + len(used))
            number = f"{n}-{roman[0]}" if date.isoformat() >= g["suffix_from"] else str(n)
        elif row.get("suffixes"):
            number = f"{rng.randint(1000, 2200 + len(used))}-{[x for since, x in row['suffixes'] if since <= date.isoformat()][-1]}"
        else:
            number = str(rng.randint(1, 1500 + len(used)) if issuer != "president" else rng.randint(2000, 2800 + len(used)))
        if (row["act"], number) not in used:
            used.add((row["act"], number))
            return {"act": row["act"], "number": number, "date": date.isoformat(), "issuer": issuer}


def _issuer(kind: str, day: dt.date, rng: random.Random) -> str:
    """Who approved an act of the kind on the day (grammar.json issuers): the first row of the
    day's dates that the draw keeps, else Parliament (laws) or the Government (resolutions)."""
    for name, row in grammar()["issuers"].items():
        if (row["act"] == kind or (kind == "law" and row["ratifies"])) and "to" in row \
                and row.get("from", "0000") <= day.isoformat() <= row["to"] and rng.random() < row["share"]:
            if row["ratifies"] == (kind == "law"):
                return name
    return "parliament" if kind == "law" else "government"


def _final_terms(inst: Instrument, rng: random.Random) -> dict:
    F = grammar()["final"]
    cond = rng.choices(["last_notification", "exchange_of_ratifications", "signature"],
                       [6, 2 if inst.level == "interstate" else 0.3, 1])[0]
    # the delays, terms and notices the real acts give (10, 15, 30, 60 days; 3 months, 30 days;
    # terms renewed for like periods)
    delay = 0 if cond == "signature" else rng.choice([0, 0, 0, 30, 10, 15, 60])
    duration = rng.choice(["indefinite", "indefinite", "5 years", "10 years"])
    notice = rng.choices(F["notices"], [x["weight"] for x in F["notices"]])[0]
    renewed = duration != "indefinite" and rng.random() < 0.5
    return {"condition": cond, "delay": delay, "duration": duration, "notice": notice,
            "renewed": renewed, "notice_in_renewal": renewed and rng.random() < 0.35,
            "no_place": rng.random() < F["no_place_share"]}


def _langs(inst: Instrument, rng: random.Random) -> tuple[list, list]:
    countries, _ = world()
    partner_lang = countries[inst.partner].lang
    langs = ["kk", "ru"] if partner_lang == "ru" else ["kk", partner_lang, "ru"]
    prevailing = []
    if partner_lang not in ("ru", "en") and rng.random() < 0.1:
        # four texts, English among them (the partner's, Russian and English): English prevails,
        # or Russian and English together
        langs.append("en")
        prevailing = rng.choices([["en"], ["ru", "en"], []], [5, 3, 2])[0]
    elif partner_lang != "ru" and rng.random() < 0.7:
        prevailing = ["ru"] if partner_lang != "en" or rng.random() < 0.5 else ["en"]
    return langs, prevailing


def _lang_names(codes: list, lang: str) -> str:
    _, langs = world()
    names = [langs[c][lang][0] + ("ого" if lang == "ru" else "") for c in codes]
    if lang == "ru":
        names = [langs[c]["ru"][0] + "ом" for c in codes]  # "русском"
    join = " және " if lang == "kk" else " и "
    return ", ".join(names[:-1]) + join + names[-1] if len(names) > 1 else names[0]


def _articles(inst: Instrument, rng: random.Random) -> list[tuple[list, list, dict]]:
    """Body articles: (modalities, topics, {kk, ru} text)."""
    g = grammar()
    topic = inst.subject.get("topic") or rng.choice(["political_dialogue", "security"])
    out = []
    for _ in range(rng.randint(4, 20)):
        mods: list = []
        topics: list = []
        kk, ru = [], []
        # an article deals with one field (the subject's, or another one in a broad treaty)
        t = topic if rng.random() < 0.7 else rng.choice(sorted(g["topics"]))
        for _ in range(rng.choice([1, 2, 2, 3, 4])):  # an article of one to four paragraphs
            tpl = rng.choice(g["articles"])
            k = rng.randrange(len(g["topics"][t]["kk"]))  # the field in one of its wordings
            tk, tr = g["topics"][t]["kk"][k], g["topics"][t]["ru"][k]
            kk.append(tpl["kk"].format(topic_kk=tk))
            ru.append(tpl["ru"].format(topic_ru=tr))
            mods += [m for m in tpl["modalities"] if m not in mods]
            if "{topic" in tpl["kk"] and t not in topics:
                topics.append(t)
            # what the sentence itself is about ("exchange information on ..."), beside its field
            topics += [x for x in tpl.get("topics", []) if x not in topics]
        out.append((sorted(mods), sorted(topics), {"kk": kk, "ru": ru}))
    return out


def compose(inst: Instrument, lang: str, fmt: str, rng: random.Random, terms: dict, act: dict,
            langs: tuple, body: list, note: dt.date | None) -> tuple[str, dict]:
    g = grammar()
    F = g["final"]
    tn = g["type_nouns"][inst.itype]
    countries, _ = world()
    L = lang
    this = tn[f"{L}_this"]
    slots = {"this_kk": this, "this_ru": this, "this_ru_gen": tn["ru_gen"].lower().replace(tn["ru_gen"].lower(), "настоящего " + tn["ru_gen"]),
             "this_ru_acc": "настоящее " + tn["ru_acc"], "noun_kk_dat_cap": tn["kk_dat"].capitalize(),
             "this_kk_low": "осы " + this.split()[-1], "this_ru_low": "н" + this[1:],
             "this_kk_gen": "Осы " + tn["kk_gen"], "this_kk_low_gen": "осы " + tn["kk_gen"]}
    if inst.itype == "convention":
        slots["this_ru_gen"] = "настоящей Конвенции"
        slots["this_ru_acc"] = "настоящую Конвенцию"
    title = title_kk(inst) if L == "kk" else title_ru(inst)
    heading = title if L == "ru" else title.rsplit(" ", 1)[0] + " " + title.rsplit(" ", 1)[1].upper()
    paras: list[str] = []
    references: list[dict] = []

    # preamble
    a, b = parties(inst)
    paras.append(rng.choice(g["preamble"]["intro"])[L].format(a=a.kk if L == "kk" else a.ru_nom,
                                                              b=b.kk if L == "kk" else b.ru_nom))
    if inst.points:
        return _compose_points(inst, L, fmt, rng, terms, act, langs, note, title, paras, slots)
    fillers = g["preamble"]["filler"]
    by_name = None  # the instrument carried out under the name the preamble gives it
    named = g["implements_by_name"]
    for rel, ref in inst.refs:
        if rel not in ("guided_by", "reaffirms", "implements"):
            continue
        if rel == "implements" and ref.itype != inst.itype and \
                random.Random("by-name:" + inst.key).random() < named["share"]:  # the same in both languages
            by_name = ref
            paras.append(named["preamble"][L].format(**_ref_slots(ref)))
        else:
            paras.append(rng.choice(g["preamble"][rel])[L].format(**_ref_slots(ref)))
        references.append(_gold_ref(ref, rel, title_kk(ref) if L == "kk" else title_ru(ref)))
    paras.append(rng.choice(fillers)[L])
    multi = g["multilateral"]
    pick = random.Random("multilateral:" + inst.key)  # the same one in both languages
    if pick.random() < multi["share"]:
        m, w = pick.choice(multi["instruments"]), pick.choice(multi["wordings"])
        day = dt.date.fromisoformat(m["date"])
        paras.append(w[L].format(date_kk=kk_date(day, "adj"), date_ru=ru_date(day), name_kk=m["kk"], name_ru=m["ru"]))
        references.append({"target": "treaty", "date": m["date"], "parties": [], "relation": w["relation"], "title": m[L]})
    if inst.level == "interstate":
        paras.append(g["preamble"]["un_charter"][L])
        references.append({"target": "un_charter", "date": None, "parties": [], "relation": "reaffirms",
                           "title": "Біріккен Ұлттар Ұйымы Жарғысы" if L == "kk" else "Устав Организации Объединенных Наций"})
    if rng.random() < 0.5:
        paras.append(rng.choice(fillers)[L])
    paras.append("төмендегілер туралы келісті:" if L == "kk" and inst.level != "interstate" else
                 "төмендегілер туралы уағдаласты:" if L == "kk" else "согласились о нижеследующем:")

    articles: list[list[str]] = []
    gold_articles = []
    for mods, topics, text in body:
        articles.append(list(text[L]))
        gold_articles.append({"article": len(articles), "modalities": mods, "topics": topics})
    amend_ref = next((r for rel, r in inst.refs if rel == "amends"), None)
    if amend_ref is not None:
        # amended in the first article: its sentence leads the first body article, whose labels stay
        articles[0].insert(0, F["amends"][L].format(**_ref_slots(amend_ref)))
        references.append(_gold_ref(amend_ref, "amends", title_kk(amend_ref) if L == "kk" else title_ru(amend_ref)))
        gold_articles[0]["topics"] = sorted({"amendment", *gold_articles[0]["topics"]})
    articles.append([F["amend"][L].format(**slots)])
    articles.append([F["disputes"][L].format(**slots)])
    if inst.level == "interstate":
        articles.append([F["un_registration"][L].format(**slots)])
    sup = next((r for rel, r in inst.refs if rel == "supersedes"), None)
    if sup is not None:
        rt = g["type_nouns"][sup.itype]
        articles.append([rng.choice(F["supersedes"])[L].format(
            ref_parties_kk=_parties_kk(sup), ref_subject_kk=sup.subject["kk"], ref_noun_kk=rt["kk"],
            ref_title_ru=title_ru(sup), **_ref_slots(sup), **slots)])
        references.append(_gold_ref(sup, "supersedes", title_kk(sup) if L == "kk" else title_ru(sup)))
    if by_name is not None and gold_articles:
        # the first body article carries it out under that name (an obligation on the treaty's field)
        t = inst.subject.get("topic") or "political_dialogue"
        phrase = g["topics"][t][L][0]
        articles[0].append(g["implements_by_name"]["article"][L].format(topic_kk=phrase, topic_ru=phrase, **_ref_slots(by_name)))
        a = gold_articles[0]
        a["modalities"] = sorted(set(a["modalities"]) | {"obligation"})
        a["topics"] = sorted(set(a["topics"]) | {t})
    cited = next((r for rel, r in inst.refs if rel == "cites"), None)
    if cited is not None and gold_articles:
        # one body article (the same in both languages) says it works in accordance with it
        k = random.Random("cites:" + inst.key).randrange(len(gold_articles))
        t = inst.subject.get("topic") or "political_dialogue"
        phrase = g["topics"][t][L][0]
        articles[k].append(rng.choice(g["cites"])[L].format(topic_kk=phrase, topic_ru=phrase, **_ref_slots(cited)))
        a = gold_articles[k]
        a["modalities"] = sorted(set(a["modalities"]) | {"obligation"})
        a["topics"] = sorted(set(a["topics"]) | {t})
        references.append(_gold_ref(cited, "cites", title_kk(cited) if L == "kk" else title_ru(cited)))
    last = _final_clauses(inst, L, rng, terms, langs, slots)
    articles.append(last)
    n_body = len(gold_articles)
    # The final clauses carry modalities as the seeds' gold annotates them: amendments "may be
    # made" (permission), disputes are settled and the treaty is registered (obligation), the
    # superseded treaty ceases to have effect (declaration), entry into force and termination
    # are rules (obligation).
    final_topics = [(["amendment"], ["permission"]), (["dispute_settlement"], ["obligation"])] \
        + ([(["registration"], ["obligation"])] if inst.level == "interstate" else []) \
        + ([(["supersession"], ["declaration"])] if sup is not None else []) \
        + [(["entry_into_force", "termination"], sorted({"obligation"} | terms.pop("modalities", set())))]
    for k, (tps, mods) in enumerate(final_topics, start=n_body + 1):
        gold_articles.append({"article": k, "modalities": mods, "topics": tps})

    text = _layout(inst, L, fmt, rng, act, title, heading, note, paras, articles)
    return text, _gold(inst, L, title, act, terms, note, langs, duration=terms["duration"],
                       termination_notice={"amount": terms["notice"]["amount"], "unit": terms["notice"]["unit"]},
                       un_registration=inst.level == "interstate", article_count=len(articles),
                       references=references, articles=gold_articles)


def _gold(inst: Instrument, L: str, title: str, act: dict, terms: dict, note: dt.date | None, langs: tuple,
          **clauses) -> dict:
    """The gold record of one text: what it states (spec/extraction-record.md)."""
    return {
        "source": None, "kind": "treaty", "title": {L: title}, "instrument_type": inst.itype, "level": inst.level,
        "parties": [{"country": c, "body": p.body} for c, p in zip(("KZ", inst.partner), parties(inst))],
        "signed": {"date": inst.date.isoformat(), "place": inst.city[0]},
        "ratification": {"act": act["act"], "number": act["number"], "date": act["date"]},
        "entry_into_force": {"date": note.isoformat() if note else None, "condition": terms["condition"],
                             "delay_days": terms["delay"]},
        "languages": langs[0], "prevailing_languages": langs[1], **clauses,
    }


def _layout(inst: Instrument, L: str, fmt: str, rng: random.Random, act: dict, title: str, heading: str,
            note: dt.date | None, paras: list, articles: list) -> str:
    """The document: the approving act, the title, the notes, the preamble and the articles."""
    g = grammar()
    tn = g["type_nouns"][inst.itype]
    # ratifying act
    r = act
    city_en, city_kk, city_ru = inst.city
    done = "совершенн" + tn["ru_acc_adj"]
    signed = "подписанн" + tn["ru_acc_adj"]
    rdate = dt.date.fromisoformat(r["date"])
    row = g["issuers"][r["issuer"]]
    number, zrk = r["number"], ""
    if L == "kk" and r["issuer"] == "parliament" and rng.random() < g["cyrillic_numeral"]:
        number = number.replace("I", "І").replace("X", "Х")
    if L == "ru" and r["issuer"] == "parliament" and "-" in number and rng.random() < g["ru_zrk"]:
        zrk = " ЗРК"
    head = row[f"{L}_head"].format(date_kk=kk_date(rdate, "adj"), date_ru=ru_date(rdate), number=number, zrk=zrk)
    if L == "kk":
        noun = tn["kk"]
        sign_verb = "жасалған" if rng.random() < 0.6 else "қол қойылған"
        verb = "ратификациялансын" if row["ratifies"] else "бекітілсін"
        act_line = f"{kk_date(inst.date, 'loc')} {city_kk} қаласында {sign_verb} {title[: -len(noun)]}{noun} {verb}."
    elif row["ratifies"]:
        act_line = f"Ратифицировать {title_ru(inst, 'acc')}, {done} в {city_ru} {ru_date(inst.date)}."
    else:
        act_line = f"{row['decides_ru']} Утвердить {title_ru(inst, 'acc')}, {signed} в {city_ru} {ru_date(inst.date)}."
    notes = _notes(inst, L, rng, act, note)
    if fmt == "txt":
        return _txt(rng, L, head, act_line, heading, notes, paras, articles, row)
    return _md(rng, L, r, act_line, title, notes, paras, articles, "" if L == "kk" else title_ru(inst, "gen"),
               heading if heading.isupper() else title)


def _notes(inst: Instrument, L: str, rng: random.Random, act: dict, note: dt.date | None) -> dict:
    """The database's editorial notes around the treaty (grammar.json editorial): a note before
    the title, the approval stamp, the note of entry into force, a note after the signatures;
    and the way the articles are headed."""
    g = grammar()
    ed = g["editorial"]
    tn = g["type_nouns"][inst.itype]
    _, ltab = world()
    partner_lang = world()[0][inst.partner].lang
    adj = "международной" if inst.itype == "convention" else "международного"
    sl = {"noun_kk": tn["kk_gen"].lower(), "noun_ru": tn["ru_gen"], "noun_kk_cap": tn["kk"].capitalize(),
          "noun_kk_gen": tn["kk_gen"], "lang_kk": ltab[partner_lang]["kk"][0], "lang_ru_loc": ltab[partner_lang]["ru"][0] + "ом"}
    out = {"before": rng.choice(ed[L]).format(**sl).replace("международного", adj) if rng.random() < ed["share"] else None,
           "eif": None, "stamp": None, "after": None}
    if note is not None:
        out["eif"] = rng.choice(ed["eif"][L]).format(date_kk=kk_date(note, "loc"), date_ru=ru_date(note), year=note.year,
                                                     k=rng.randint(1, 6), m=rng.randint(1, 60), **sl)
    if act["act"] == "resolution" and rng.random() < ed["stamp_share"]:
        d = dt.date.fromisoformat(act["date"])
        out["stamp"] = [x.format(date_kk_adj=kk_date(d, "adj"), date_ru=ru_date(d), number=act["number"])
                        for x in ed["stamp"][L]]
    if rng.random() < ed["after_share"] and partner_lang not in ("kk", "ru"):
        out["after"] = rng.choice(ed["after"][L]).format(**sl)
    sg = g["signatures"]
    out["signatures"] = [sg[L].format(name=p.kk if L == "kk" else ru_case(p.ru_nom, "acc")) for p in parties(inst)]
    out["txt_signatures"] = rng.random() < sg["txt_share"]
    ra = g["roman_articles"]
    roman = rng.random() < ra["share"]
    forms = ra["roman" if roman else "arabic"][L]
    form = rng.choices([f for f, _ in forms], [w for _, w in forms])[0]
    out["article"] = (lambda i: form.format(n=_cyrillic_x(_roman(i)) if L == "kk" else _roman(i))) if roman else (
        lambda i: form.format(n=i))
    out["anchor"] = (lambda i: f"st{_roman(i).lower()}") if roman else (lambda i: f"st{i}")
    return out


def _ref_slots(ref: Instrument) -> dict:
    g = grammar()
    rt = g["type_nouns"][ref.itype]
    short_ru_gen = "Конвенции" if ref.itype == "convention" else rt["ru_gen"]
    head = title_kk(ref)[: -len(rt["kk"])]
    return {"ref_date_kk": kk_date(ref.date, "adj"), "ref_date_ru": ru_date(ref.date),
            "ref_title_kk_gen": head + rt["kk_gen"].lower(), "ref_title_kk_acc": head + rt["kk_acc"],
            "ref_title_kk_dat": head + rt["kk_dat"], "ref_title_ru_ins": title_ru(ref, "ins"),
            "ref_title_ru_dat": title_ru(ref, "dat"), "ref_title_ru_acc": title_ru(ref, "acc"),
            "ref_title_ru_gen": title_ru(ref, "gen"), "ref_short_kk": rt["kk"].capitalize(),
            "ref_short_kk_gen": rt["kk_gen"], "ref_short_ru": rt["ru"], "ref_short_ru_gen": short_ru_gen,
            "ref_short_ru_acc": rt["ru_acc"]}


def _compose_points(inst: Instrument, L: str, fmt: str, rng: random.Random, terms: dict, act: dict, langs: tuple,
                    note: dt.date | None, title: str, paras: list, slots: dict) -> tuple[str, dict]:
    """A protocol that amends an agreement by numbered points: no articles (article_count 0), the
    amended agreement an `amends` reference, the protocol in force for the agreement's term."""
    g = grammar()
    am = g["amending"]
    ref = inst.amends
    rs = _ref_slots(ref)
    paras.append(am["preamble" if rng.random() < am["by_article"] else "preamble_plain"][L].format(
        k=rng.randint(8, 20), **rs))
    paras.append(am["agreed"][L])
    topics = g["topics"][ref.subject.get("topic") or "political_dialogue"]
    points = []
    for _ in range(rng.randint(1, 4)):
        tpl = rng.choice(am["changes"])[L]
        i, j = rng.randrange(len(topics["kk"])), rng.randrange(len(topics["kk"]))
        art = rng.choice(g["articles"])
        points.append(tpl.format(k=rng.randint(2, 12), m=rng.randint(1, 4), old_kk=topics["kk"][i], new_kk=topics["kk"][j],
                                 old_ru=topics["ru"][i], new_ru=topics["ru"][j],
                                 text_kk=art["kk"].format(topic_kk=topics["kk"][i]),
                                 text_ru=art["ru"].format(topic_ru=topics["ru"][i]), **rs))
    points.append(am["part_of"][L].format(**rs))
    last = _final_clauses(inst, L, rng, {**terms, "duration": None}, langs, slots)
    points.append(last[0])  # entry into force
    points.append(am["term"][L].format(**rs))
    paras += [f"{k}. {p}" for k, p in enumerate(points, 1)] + last[1:]
    if rng.random() < am["capitals"]:
        heading = title.upper()
    elif L == "ru":  # "ПРОТОКОЛ о внесении изменений в ..." or as the title reads
        heading = title if rng.random() < 0.5 else title.split(" ", 1)[0].upper() + " " + title.split(" ", 1)[1]
    else:
        heading = title.rsplit(" ", 1)[0] + " " + title.rsplit(" ", 1)[1].upper()
    text = _layout(inst, L, fmt, rng, act, title, heading, note, paras, [])
    return text, _gold(inst, L, title, act, terms, note, langs, duration=None, termination_notice=None,
                       un_registration=False, article_count=0, articles=[],
                       references=[_gold_ref(ref, "amends", title_kk(ref) if L == "kk" else title_ru(ref))])



def _final_clauses(inst: Instrument, L: str, rng: random.Random, terms: dict, langs: tuple, slots: dict) -> list[str]:
    """The last article: entry into force, duration, termination, the closing formula and the
    prevailing text, each in one of its wordings (grammar.json's final)."""
    F = grammar()["final"]
    pick = lambda key: rng.choice(key)[L]  # noqa: E731
    delay = rng.choice(F["delay"][str(terms["delay"])][L])
    out = [pick(F["eif"][terms["condition"]]).format(delay_kk=delay, delay_ru=delay, **slots)]
    nt = terms["notice"]
    notice = {"notice_kk": rng.choice(nt["kk"]), "notice_ru_gen": rng.choice(nt["ru_gen"]),
              "notice_ru_acc": rng.choice(nt["ru_acc"])}
    if terms["duration"] is None:
        pass  # an amending protocol: in force for the term of the agreement it amends
    elif terms["duration"] == "indefinite":
        out.append(pick(F["duration"]["indefinite"]).format(**slots))
    else:
        y = int(terms["duration"].split()[0])
        form = "renewed_notice" if terms["notice_in_renewal"] else "renewed" if terms["renewed"] else "years"
        out.append(pick(F["duration"][form]).format(years_kk=KK_NUM[y], years_ru=RU_NUM[y], years_ru_adj=RU_YEARS_ADJ[y],
                                                    years_ru_gen=RU_NUM_YEARS_GEN[y], **notice, **slots))
    if terms["duration"] is not None and not terms["notice_in_renewal"]:
        row = rng.choice(F["termination"])
        out.append(row[L].format(**notice, **slots))
        terms.setdefault("modalities", set()).update(row.get("modalities", ()))
    codes, prevailing = langs
    _, city_kk, city_ru = inst.city
    out.append(pick(F["done_no_place" if terms["no_place"] else "done"]).format(
        date_kk_loc=kk_date(inst.date, "loc"), date_kk_jyly=kk_date(inst.date, "jyly"), city_kk=city_kk,
        city_ru_loc=city_ru, date_ru=ru_date(inst.date), langs_kk=_lang_names(codes, "kk"),
        langs_ru=_lang_names(codes, "ru")))
    if prevailing:
        _, ltab = world()
        names_kk = [ltab[c]["kk"][0] for c in prevailing]
        names_ru = [ltab[c]["ru"][0] + "ом" for c in prevailing]
        out.append(pick(F["prevail" if len(prevailing) == 1 else "prevail_several"]).format(
            lang_kk=" және ".join(names_kk), lang_ru_loc=" и ".join(names_ru), **slots))
    return out


def _gold_ref(ref: Instrument, relation: str, title: str) -> dict:
    return {"target": "treaty", "date": ref.date.isoformat(), "parties": ["KZ", ref.partner],
            "relation": relation, "title": title}


# ---------------------------------------------------------------------------------------------
# Layout and damage


def _wrap(par: str, width: int = 80) -> list[str]:
    lines = textwrap.wrap(par, width=width, break_long_words=False, break_on_hyphens=False)
    if not lines:
        return [""]
    return ["      " + lines[0]] + lines[1:]


def _txt(rng, L, head, act_line, heading, notes, paras, articles, issuer: dict) -> str:
    out = [" " + head]
    act_lines = _wrap(act_line)
    verb = "ратификациялансын" if issuer["ratifies"] else "бекітілсін"
    if L == "kk" and rng.random() < 0.75 and act_line.endswith(f"{verb}."):
        # the word before the verb displaced behind it: "... туралы  ратификациялансын.шарт" (000, 003, 004)
        words = act_line[:-1].split(" ")
        noun = words[-2]
        displaced = " ".join(words[:-2]) + f"  {verb}.{noun}"
        act_lines = _wrap(displaced)
    out += act_lines
    signer = issuer[f"signer_{L}"]
    out += ["      " + signer[0], *signer[1:], ""]
    out += [line.strip() for line in _wrap(heading, 84)]
    out.append("")
    if notes["eif"]:
        out += _wrap(notes["eif"])
    for p in paras:
        out += _wrap(p)
    out.append("")
    for i, art in enumerate(articles, 1):
        out.append(notes["article"](i))
        out.append("")
        for p in art:
            if p:
                out += _wrap(p)
        out.append("")
    if notes["txt_signatures"]:
        out += ["      " + notes["signatures"][0].ljust(44) + notes["signatures"][1], ""]
    if notes["after"]:
        out += _wrap(notes["after"]) + [""]
    text = "\n".join(out) + "\n"
    return damage_txt(text, L, rng)


def _kk_acc_title(title: str) -> str:
    """The title with its last noun in the accusative: `... туралы шартты` (the mirror's headings
    "... келiсiмдi бекiту туралы")."""
    head, noun = title.rsplit(" ", 1)
    for tn in grammar()["type_nouns"].values():
        if tn["kk"] == noun:
            return f"{head} {tn['kk_acc']}"
    return f"{head} {noun}{'ді' if _front(noun) else 'ды'}"


def _signer_name(act: dict, L: str) -> str | None:
    """The signer's name under the act's signature, or None (grammar.json signer_names). Drawn
    from the act's own number, not the corpus's stream, so that the rest of the corpus is the
    one it was."""
    t = grammar()["signer_names"]
    issuer = {"parliament": "president", "cabinet": "government"}.get(act["issuer"], act["issuer"])
    rows = [r for r in t.get(issuer, ()) if r[0] <= act["date"]]
    if not rows or random.Random(f"{act['number']}/{act['date']}").random() >= t["share"]:
        return None
    return rows[-1][1] if L == "kk" else rows[-1][2]


def _md(rng, L, act, act_line, title, notes, paras, articles, title_gen="", heading="") -> str:
    out = []
    row = grammar()["issuers"][act["issuer"]]
    if L == "kk":
        out.append(f"# {_kk_acc_title(title)} {'ратификациялау' if row['ratifies'] else 'бекіту'} туралы")
    else:
        out.append(f"# {'О ратификации' if row['ratifies'] else 'Об утверждении'} {title_gen}")
    if L == "kk" and row.get("decides_kk"):  # the mirror's resolutions (the Russian act line says ПОСТАНОВЛЯЕТ itself)
        out += ["", row["decides_kk"]]
    out += ["", act_line, "", f"**{' '.join(row[f'signer_{L}'])}**", ""]
    name = _signer_name(act, L)
    if name:
        out += [f"**{name}**", ""]
    if notes["before"]:
        out += [f"> *{notes['before']}*", ""]
    if notes["stamp"]:
        out += ["  \n".join(f"> *{x}*" for x in notes["stamp"]), ""]
    out += [f"## {heading or title}", ""]
    if notes["eif"]:
        out += [f"## {notes['eif']}", ""]
    for p in paras:
        out += [p, ""]
    for i, art in enumerate(articles, 1):
        out += [f'<a id="{notes["anchor"](i)}"></a>', "", f"### {notes['article'](i)}", ""]
        for p in art:
            if p:
                out += [p, ""]
    out += ["| " + " | ".join(notes["signatures"]) + " |", "|---|---|", ""]
    if notes["after"]:
        out += [notes["after"], ""]
    text = "\n".join(out)
    if L == "kk" and rng.random() < 0.35:
        text = _homoglyphs(text, heavy=True, rng=rng)
    return text


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _cyrillic_x(roman: str) -> str:
    """The mirror types X as Cyrillic Х in Kazakh headings from IX on ("IХ", "ХIV": 08)."""
    return roman.replace("X", "Х")


def _homoglyphs(text: str, heavy: bool, rng: random.Random) -> str:
    """Latin i for Kazakh і (002: 618 across 420 words); one stray one elsewhere (000, 004)."""
    if heavy:
        return text.replace("і", "i")
    idx = [m.start() for m in re.finditer("і", text)]
    if not idx:
        return text
    k = rng.choice(idx)
    return text[:k] + "i" + text[k + 1:]


def damage_txt(text: str, lang: str, rng: random.Random) -> str:
    lines = text.split("\n")
    # letter-spaced words (002: 37 words on 16 lines; 003: 2): in a quarter of the documents
    if rng.random() < 0.25:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            words = lines[i].split(" ")
            cand = [k for k, w in enumerate(words) if len(w) > 3 and w.isalpha()]
            if cand and not re.match(r"^\d+-бап$|^Статья", lines[i].strip()):
                k = rng.choice(cand)
                # letters one space apart, the word two spaces from its neighbours, as in 002
                # (at a line's start, no space before it: 002)
                words[k] = (" " if k and words[k - 1] else "") + " ".join(words[k]) + " "
                lines[i] = " ".join(words)
    # hyphenated line breaks
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(lines) - 1)
        words = lines[i].rstrip().split(" ")
        w = words[-1] if words else ""
        if len(w) > 7 and w.isalpha() and lines[i + 1].strip() and not lines[i + 1].startswith(" "):
            cut = len(w) // 2
            words[-1] = w[:cut] + "-"
            lines[i] = " ".join(words)
            lines[i + 1] = w[cut:] + " " + lines[i + 1]
    # page breaks: runs of 3+ blank lines, some cutting a sentence (9 in four treaties)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(5, len(lines))
        lines[i:i] = ["", "", ""]
    text = "\n".join(lines)
    # a missing space after a genitive (РеспубликасыныңҮкіметі)
    if lang == "kk" and rng.random() < 0.05:
        text = text.replace("Республикасының Үкіметі мен", "РеспубликасыныңҮкіметі мен", 1)
    if lang == "kk":
        old = rng.random() < 0.25
        text = _homoglyphs(text, heavy=old, rng=rng) if old or rng.random() < 0.5 else text
    return text


# ---------------------------------------------------------------------------------------------
# The corpus


# One research work for this many documents: the generator writes no journal articles (their
# layout is the one seed's), so the corpus carries copies of the bundled ones, each its own
# source and work, for the pages a reader of research opens to be measured at scale.
DOCS_PER_WORK = 500


def bundled_articles() -> list:
    """The journal articles of the bundled corpus (kind `article` in sources/catalog.yaml)."""
    from kg.pipeline.catalog import REPO, load_catalog

    cat = REPO / "sources" / "catalog.yaml"
    return [e for e in load_catalog(cat) if e.kind == "article"] if cat.is_file() else []


def generate(n: int, out_dir: Path | str, seed: int = 0, md_share: float = 0.3, works: int | None = None) -> dict:
    """Write n documents (files) and their gold records, and `works` copies of the bundled
    journal articles (default n // DOCS_PER_WORK; no gold: they are not the generator's);
    return a summary."""
    out = Path(out_dir)
    (out / "txt").mkdir(parents=True, exist_ok=True)
    (out / "md").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    insts = plan(n, rng)  # at most n instruments; mirrors take two files each
    catalog = []
    files = 0
    stats = {"documents": 0, "instruments": 0, "txt": 0, "md": 0, "kk": 0, "ru": 0, "same_day": 0,
             "references": 0, "supersedes": 0, "amends": 0}
    days: dict = {}
    act_numbers: set = set()
    for i, inst in enumerate(insts):
        if files >= n:
            break
        drng = random.Random(f"{seed}:{inst.key}")
        terms = _final_terms(inst, drng)
        act = _act_for(inst, drng, act_numbers)
        langs = _langs(inst, drng)
        body = _articles(inst, drng)
        note = inst.date + dt.timedelta(days=drng.randint(120, 700)) if drng.random() < 0.2 else None
        if note is not None and note > TODAY:
            note = None
        stem = f"b{i:06d}_{inst.partner.lower()}{inst.date.strftime('%Y%m%d')}"
        mirror = drng.random() < md_share and files + 2 <= n
        stats["instruments"] += 1
        days[(inst.partner, inst.date)] = days.get((inst.partner, inst.date), 0) + 1
        if mirror:
            folder = out / "md" / stem
            folder.mkdir(parents=True, exist_ok=True)
            for lang, fname in (("kk", "kaz.md"), ("ru", "rus.md")):
                text, gold = compose(inst, lang, "md", drng, terms, act, langs, body, note)
                (folder / fname).write_text(text, encoding="utf-8")
                gold["source"] = f"{stem}/{fname}"
                _write_gold(out / "gold" / f"{stem}.{fname[:3]}.json", gold, stats)
                catalog.append({"id": f"{stem}/{fname}", "file": f"md/{stem}/{fname}", "language": lang, "kind": "treaty"})
                stats[lang] += 1
                stats["md"] += 1
                files += 1
            _meta(folder / "meta.yaml", inst, act)
        else:
            lang = "kk" if drng.random() < 0.6 else "ru"
            text, gold = compose(inst, lang, "txt", drng, terms, act, langs, body, note)
            (out / "txt" / f"{stem}.txt").write_text(text, encoding="utf-8")
            gold["source"] = f"{stem}.txt"
            _write_gold(out / "gold" / f"{stem}.json", gold, stats)
            catalog.append({"id": stem, "file": f"txt/{stem}.txt", "language": lang, "kind": "treaty"})
            stats[lang] += 1
            stats["txt"] += 1
            files += 1
    stats["documents"] = files
    stats["same_day"] = sum(v for v in days.values() if v > 1)
    articles = bundled_articles()
    stats["works"] = 0
    for j in range((n // DOCS_PER_WORK if works is None else works) if articles else 0):
        entry = articles[j % len(articles)]
        stem = f"w{j:04d}_{entry.path.stem}"
        (out / "txt" / f"{stem}.txt").write_bytes(entry.path.read_bytes())
        catalog.append({"id": stem, "file": f"txt/{stem}.txt", "language": entry.language or "kk", "kind": "article"})
        stats["works"] += 1
    lines = ["# A generated benchmark corpus (kg bench generate): not real treaties.", "sources:"]
    for e in catalog:
        lines.append(f'  - id: "{e["id"]}"')
        lines.append(f'    file: {e["file"]}')
        lines.append(f'    language: {e["language"]}')
        lines.append(f'    kind: {e["kind"]}')
    (out / "catalog.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return stats


def _write_gold(path: Path, gold: dict, stats: dict) -> None:
    for r in gold["references"]:
        stats["references"] += 1
        if r["relation"] in ("supersedes", "amends"):
            stats[r["relation"]] += 1
    path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _meta(path: Path, inst: Instrument, act: dict) -> None:
    d = dt.date.fromisoformat(act["date"])
    row = grammar()["issuers"][act["issuer"]]
    path.write_text(
        f"act_code: '{int(hashlib.sha1(inst.key.encode()).hexdigest()[:6], 16) % 900000 + 1000}'\n"
        f"requisite: {row['requisite']} от {d.day} {RU_MONTHS[d.month - 1]} {d.year} г. № {act['number']}\n"
        f"title:\n  rus: {'О ратификации' if row['ratifies'] else 'Об утверждении'} {title_ru(inst, 'gen')}\n"
        f"  kaz: {_kk_acc_title(title_kk(inst))} {'ратификациялау' if row['ratifies'] else 'бекіту'} туралы\n"
        f"form: {row['form']}\n"
        f"approved_on: {act['date']}\n", encoding="utf-8")
