"""References from one treaty to other instruments, with the relation the text gives them.

A reference is a named instrument (the UN Charter, the Helsinki Final Act, the Universal
Declaration) or an instrument named by its subject (`... туралы келісім`, `Соглашение о ...`),
its parties (`X мен Y арасындағы`, `между X и Y`) or both. Kazakh puts the name before the
noun and the date and signing place before the name ("1944 жылғы 7 желтоқсанда Чикагода қол
қойылған Халықаралық азаматтық авиация туралы Конвенция"); Russian puts them after ("Конвенция
о международной гражданской авиации, открытая для подписания в Чикаго 7 декабря 1944 года").
Both readers give the same references: one per instrument, dated only by a full date.

The relation comes from the clause the mention stands in ("басшылыққа ала отырып" guided_by,
"растай отырып" reaffirms, "... күшін жояды" supersedes, ...); any other mention cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import gazetteer
from kg.text import lexicon
from kg.text.cues import finditer, needles
from kg.text.dates import find_dates
from kg.text.normalize import fold
from kg.text.segment import Layout
from kg.text.sentences import sentences

HOME = "KZ"  # the database's own state is named first in identity keys

_KK_LETTER = "а-яәғқңөұүһіА-ЯӘҒҚҢӨҰҮҺІёЁ"
_WORD = re.compile(r"[^\s,;:.()«»\"]+")
# a paragraph break: a blank line (markdown) or a line that starts indented (the database's
# plain text wraps its lines and indents each paragraph)
_PARA = re.compile(r"\n(?=[ \n])")


def _para_start(text: str, lo: int, at: int) -> int:
    last = None
    for last in _PARA.finditer(text, lo, at):
        pass
    return last.end() if last else lo


def _para_end(text: str, at: int, hi: int) -> int:
    m = _PARA.search(text, at, hi)
    return m.start() if m else hi


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
    """The database's own state first, the others in code order: one order whatever the text's
    (or a set's) was, so that an instrument of two other states has one identity key
    ("treaty:JP-SU:1986-01-18" read from either text, in any process)."""
    codes = set(codes)
    return ([HOME] if HOME in codes else []) + sorted(c for c in codes if c != HOME)


def identity_key(kind: str, parties, date: str | None) -> str | None:
    if not date or not parties:
        return None
    return f"{kind}:{'-'.join(order_parties(parties))}:{date}"


def _alt(rows) -> str:
    return "|".join(f"(?:{r})" for r in rows)


@lru_cache(maxsize=None)
def _rx(key: str) -> re.Pattern:
    """A compiled alternation of table rows: `relations.<rel>`, `kk.participles`, ..."""
    node = _t()
    for part in key.split("."):
        node = node[part]
    return re.compile(_alt(node) if isinstance(node, list) else node, re.I)


# ---------------------------------------------------------------- relations

def relation(clause: str, around: tuple[str, str] | None = None) -> str:
    """The relation a clause gives the instruments it names; false friends ("Айтылғандарды
    растай отырып", "орыс тіліндегі мәтінді басшылыққа алады") are read out first. `around`,
    the words next to a mention in a preamble, may say the treaty is made in accordance with
    it ("Келісімге сәйкес", "в рамках Соглашения"): implements."""
    t = _t()
    clause = _rx("false_friends").sub(" ", clause)
    for rel in t["relation_order"]:
        if _rx(f"relations.{rel}").search(clause):
            return rel
    # ("результаты, достигнутые в рамках Меморандума": what was done under it, not made under it)
    around = tuple(_rx("false_friends").sub(" ", a) for a in around) if around else None
    if around and (_rx("preamble_relations.implements_before").search(around[0])
                   or _rx("preamble_relations.implements_after").search(around[1])):
        return "implements"
    return "cites"


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around a mention: a preamble paragraph or an article's sentence."""
    s = _para_start(text, lo, start)
    for m in re.finditer(r"[.;](?=\s+[A-ZА-ЯӘҒҚҢӨҰҮҺІ\d])", text[s:start]):
        s2 = s + m.end()
        if not re.search(r"\d$", text[s:s + m.start()]):  # "1." numbering, "ст. 7"
            s = s2
            break
    e = _para_end(text, end, hi)
    m = re.search(r"[.;](?=\s+[A-ZА-ЯӘҒҚҢӨҰҮҺІ])", text[end:e])
    if m:
        e = end + m.start() + 1
    return s, e


# ---------------------------------------------------------------- the finder

def find_references(text: str, layout: Layout, language: str) -> list[Reference]:
    """Every instrument the preamble, the articles (and annexed parts) name, and the one an
    amending instrument's title names; never the treaty itself. Both readers run whatever the
    `language`: each finds only its own language's words, and a text may quote the other's."""
    return one_per_instrument(find_mentions(text, layout, language))


def naming_words(text: str, mentions: list[Reference]) -> list[tuple[int, int]]:
    """The spans of the words that name the instruments mentioned, their nouns left out: what a
    topic must not be read from ("... денсаулық сақтау саласындағы ынтымақтастық туралы
    келісімнің күші жойылады" is about an agreement's end, not about health; the noun
    "келісімнің", "Соглашение" stays, the wording around it needs it)."""
    out = []
    for r in mentions:
        nouns = sorted((m.start(), m.end()) for lang in ("kk", "ru") for m in finditer(_noun_rx(lang), text, r.start, r.end))
        at = r.start
        for s, e in nouns:
            if s > at:
                out.append((at, s))
            at = max(at, e)
        if r.end > at:
            out.append((at, r.end))
    return out


_DIGIT = re.compile(r"\d")
# where a Russian name's clause ends: not at the period of "г." or "ст." ("подписанного в г. Исламабаде")
_RU_CLAUSE_END = re.compile(r";|(?<!\bг)(?<!\bгг)(?<!\bст)\.\s|\n(?=[ \n])")
# a noun right after a name's "о" is its subject, no name of its own ("Конвенция о договоре международной ... перевозки")
_RU_SUBJECT = re.compile(r"(?<![\w-])об?\s+$", re.I)
_IN_ORGANISATION = re.compile(r"[Оо]рганизаци\w*\s+$")
_POINTER = re.compile(r"(?:стать\w*|пункт\w*|част\w*|article)\s+\d+(?:[\s,.и-]+\d+)*\s*$", re.I)
_ATTACHED = re.compile(r"[ >*]*(?:(?:к|to)\s[^\n]*)?\n", re.I)


def find_mentions(text: str, layout: Layout, language: str) -> list[Reference]:
    """find_references before they are one per instrument: every mention, in text order."""
    regions: list[tuple[int, int, bool]] = []
    if layout.preamble:
        regions.append((layout.preamble.start, layout.preamble.end, True))
    for a in layout.articles:
        regions.append((a.body_start, a.end, False))
    for p in layout.parts:
        if not any(p.start <= a.body_start < p.end for a in layout.articles):
            # an annexed part's heading names the part itself ("... қолдану ережелері туралы Атқару хаттамасы")
            nl = text.find("\n", p.start, p.end)
            at = nl + 1 if nl >= 0 else p.end
            # and the lines that attach it to its instrument ("Приложение / к Протоколу о ...")
            while (m := _ATTACHED.match(text, at, p.end)) and m.end() > at:
                at = m.end()
            regions.append((at, p.end, False))
    own = _own(text, layout)
    refs: list[Reference] = []
    for lo, hi, pre in regions:
        for r in _mentions(text, lo, hi, own[1]):
            cs, ce = _clause(text, r.start, r.end, lo, hi)
            # "in accordance with the UN Charter" in a preamble does not make a treaty implement the Charter
            # the postposition follows a Kazakh name, the preposition leads a Russian one
            # (a pointer to an article of it stands between: "в соответствии со статьей 9 Договора")
            pointer = _POINTER.search(text, max(cs, r.start - 60), r.start)
            back = r.start - pointer.start() if pointer else 0
            around = ((text[max(cs, r.start - back - 25):r.start - back], text[r.end:min(ce, r.end + 40)])
                      if pre and r.target == "treaty" else None)
            refs.append(_with(r, relation=relation(text[cs:ce], around)))
    # the name inside another's ("Договора к Энергетической хартии"): the other's
    refs = [r for r in refs if not any(o.start <= r.start and r.end <= o.end and (o.start, o.end) != (r.start, r.end)
                                       for o in refs)]
    refs = _shared_dates(text, refs)
    refs = _defined_names(text, refs, regions)
    if layout.title:
        refs.extend(_amended(text, layout.title.start, layout.title.end, own[1]))
    refs = [r for r in refs if r.relation == "amends" or not _is_self(r, own[0])]
    return sorted(refs, key=lambda r: r.start)


def _defined_names(text: str, refs: list[Reference], regions: list[tuple[int, int, bool]]) -> list[Reference]:
    """A name the treaty gives a mention ("... келісімнің (бұдан әрі - Келісім)", "Соглашения
    ..., подписанного ... (далее - Соглашение)") names that instrument again in the articles:
    what an article does to "the Agreement" (amends its words, carries it out), it does to that
    instrument (`_ACTS_ON`). "Осы Келісім", "настоящее Соглашение" is the treaty itself."""
    out = list(refs)
    for i, r in enumerate(refs):
        if r.target != "treaty":
            continue
        nxt = refs[i + 1].start if i + 1 < len(refs) else len(text)
        lang = m = None
        for lang in ("kk", "ru"):
            if m := _rx(f"{lang}.defined_as").match(text, r.end, min(nxt, r.end + 220)):
                break
        if m is None:
            continue
        # each word of the name in any case ending: "Келісім" → "Келісімнің", "Соглашение" → "Соглашения"
        short = re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(w[:max(4, len(w) - 1)]) + r"\w*"
                                                      for w in fold(m.group("name")).split()))
        best = r.relation
        for lo, hi, pre in regions:
            if pre:
                continue
            for k in short.finditer(text, max(lo, m.end()), hi):
                if _rx(f"{lang}.self_words").search(text, max(lo, k.start() - 20), k.start()) \
                        or any(o.start <= k.start() < o.end for o in refs):
                    continue
                cs, ce = _clause(text, k.start(), k.end(), lo, hi)
                rel = relation(text[cs:ce])
                if rel in _ACTS_ON and _STRENGTH.index(rel) < _STRENGTH.index(best):
                    best = rel
        if best != r.relation:
            out[i] = _with(r, relation=best)
    return out


# what an article can do to an instrument it names again; not end it: "Келісімнің қолданылуы тоқтатылған
# жағдайда осы Хаттама да ..." ties the protocol's life to it
_ACTS_ON = ("amends", "implements")

_COORDINATED = re.compile(r"\s*(?:,|\s(?:мен|пен|бен|және|и|and))\s+$", re.I)


def _shared_dates(text: str, refs: list[Reference]) -> list[Reference]:
    """Two multilateral names joined by a conjunction share the one date they are given
    ("1966 жылғы 16 желтоқсандағы Экономикалық ... пакт пен Азаматтық ... пактінің", "Пакта
    о ... и Пакта о ... от 16 декабря 1966 года")."""
    out = list(refs)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.target != "treaty" or b.target != "treaty" or a.parties or b.parties or (a.date is None) == (b.date is None):
            continue
        if not _COORDINATED.fullmatch(text[a.end:b.start]) or _head_noun(a.title) != _head_noun(b.title):
            continue  # ("Рамочной конвенции ... и Киотского протокола от 11 декабря 1997 года": the Protocol's)
        dated = a if a.date else b
        if any(d.full for d in find_dates(text[dated.start:dated.end])):
            continue  # a date inside one name is its own ("... хабарлау туралы 1986 жылғы 26 қыркүйектегі конвенцияға және ...")
        date = a.date or b.date
        out[i], out[i + 1] = _with(a, date=date), _with(b, date=date)
    return out


def _head_noun(title: str) -> str | None:
    """The instrument noun a title is of: the first in Russian, the last in Kazakh."""
    ru = _noun_rx("ru").search(title)
    kk = list(_noun_rx("kk").finditer(title))
    return (ru.group("n") if ru else kk[-1].group("n") if kk else "").lower() or None


def _mentions(text, lo, hi, own_parties, inner=False):
    """Every name in text[lo:hi]; `inner`: also a name inside an amending one's (in a title, the
    amended instrument is the one sought)."""
    named = list(_named(text, lo, hi))
    yield from named
    found = _article_of(text, [*_kk_mentions(text, lo, hi, own_parties, inner), *_ru_mentions(text, lo, hi, own_parties)])
    for r in found:
        # a named instrument's noun read again as a name ("Біріккен Ұлттар Ұйымы Жарғысы"): once
        if not any(n.start <= r.start < n.end or n.start < r.end <= n.end for n in named):
            yield r


def _article_of(text: str, refs: list[Reference]) -> list[Reference]:
    """Two names read where one instrument is named after an article of another ("Тарифтер және
    сауда жөніндегі бас келісімнің VII бабын қолдану туралы келісім", "Соглашение о применении
    статьи VII Генерального соглашения по тарифам и торговле"): the outer one, whole."""
    refs = sorted(refs, key=lambda r: r.start)
    out: list[Reference] = []
    for r in refs:
        a = out[-1] if out else None
        if a and a.end <= r.start and not text[a.end:r.start].strip():
            if _rx("kk.article_of").match(text, a.end, r.end):
                # the Kazakh inner name comes first: the outer one (`r`) runs from its start
                out[-1] = _with(r, title=fold(text[a.start:r.start]).rstrip() + " " + r.title, start=a.start)
                continue
            if _rx("ru.article_of").search(text, a.start, a.end):
                out[-1] = _with(a, title=a.title + " " + fold(text[r.start:r.end]), end=r.end)
                continue
        out.append(r)
    return out


def _with(r: Reference, **kw) -> Reference:
    d = {**r.__dict__, **kw}
    return Reference(**d)


def _amended(text, lo, hi, own_parties):
    """An amending instrument's title names the one it amends ("... келісімге өзгерістер енгізу
    туралы хаттама", "Протокол о внесении изменений в Соглашение ..."): that one, amends."""
    if not _rx("relations.amends").search(text[lo:hi]):
        return
    shown = text
    if _in_capitals(text[lo:hi]):
        # a heading in capitals: the readers' function words ("между", "от", "туралы") are
        # lower-case words; read a lower-cased copy, same offsets, and quote the heading as printed
        low = text[lo:hi].lower()
        if len(low) == hi - lo:
            text = text[:lo] + low + text[hi:]
    for r in _mentions(text, lo, hi, own_parties, inner=True):
        # the title's own noun, last in Kazakh ("... енгізу туралы хаттама"), first in Russian
        # ("Протокол о внесении изменений в ..."): the instrument itself
        # (an adjective may come first: "Дополнительное соглашение к Соглашению ...")
        leads = r.start <= lo + 2 and any(_noun_rx(lang).match(t) for lang in ("ru", "kk")
                                          for t in (r.title, r.title.split(" ", 1)[-1]))
        # (a Russian title may end with the amended one's name: "Дополнительное соглашение к Соглашению между ... о ...")
        ends = r.end >= hi - 2 and r.title.split() and _noun_rx("kk").fullmatch(r.title.split()[-1])
        if leads or ends:
            continue
        if shown is not text and r.title == fold(text[r.start:r.end]):
            r = _with(r, title=fold(shown[r.start:r.end]))
        yield _with(r, relation="amends")


def _in_capitals(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _own(text: str, layout: Layout) -> tuple[tuple[str, bool, frozenset], tuple[str, ...]]:
    """The treaty's own title (to leave out mentions of itself), the dates it may have been
    signed on, and its parties (for "the two states"). Without a title block, the approving
    act's wording names the treaty: then the title is only known to hold the words of a
    mention of itself (the flag is False)."""
    exact = bool(layout.title)
    signed = frozenset(d.iso for b in (layout.final, layout.act) if b
                       for d in find_dates(text[b.start:b.end]) if d.full)
    if layout.title:
        s, e = layout.title.start, layout.title.end
    elif layout.act:
        s, e = layout.act.start, layout.act.end
    elif layout.preamble:
        s, e = layout.preamble.start, min(layout.preamble.end, layout.preamble.start + 400)
    else:
        return ("", False, signed), ()
    hits = gazetteer.countries().find(text, s, e)
    return (text[s:e], exact, signed), tuple(order_parties(h.value for h in hits))


@lru_cache(maxsize=None)
def _named_cues() -> tuple:
    """The named instruments' patterns, compiled once, each with the needles one of which any
    match contains: a substring test skips most patterns in most regions."""
    return tuple((entry, re.compile(entry["pattern"], re.I), needles(entry["pattern"])) for entry in _t()["named"])


def _named(text, lo, hi):
    region = text[lo:hi]
    low = region.lower()
    for entry, pattern, gate in _named_cues():
        if gate is not None and not any(n in low for n in gate):
            continue
        for m in pattern.finditer(region):
            s, e = lo + m.start(), lo + m.end()
            # as written (the contract's rule for every title): "Еуропадағы ... кеңестің Хельсинки
            # Қорытынды актісі" where the text says so, "Хельсинки Қорытынды актісі" where it does not
            title = _named_title(fold(m.group()))
            # its date where the text gives one: before a Kazakh name, after a Russian one
            date = None
            if _DIGIT.search(text, max(lo, s - 120), min(hi, e + 120)):
                # (a Russian date after the name, in its own clause: not the next paragraph's)
                stop = _RU_CLAUSE_END.search(text, e, min(hi, e + 120))
                # (a Russian one right after it: "Устава ООН, Хельсинкского акта от 1 августа 1975 года"
                # dates the Act, not the Charter)
                # (or inside a Kazakh one, after its owner: "... кеңестің 1975 жылғы 1 тамыздағы
                # Қорытынды актісі")
                date = (_date_before(text, lo, s) or _date_within(m.group())) if _lang(m.group()) == "kk" else \
                    _ru_name_end(text, e, stop.start() if stop else min(hi, e + 120))[1] \
                    if re.match(rf"\s+от\s|,?\s*(?:{_t()['ru']['participles']})", text[e:e + 40], re.I) else None
            yield Reference(entry["target"], date, (), "cites", title, s, e)


def _named_title(written: str) -> str:
    """A named instrument's words as a title: a Kazakh name's last word in the nominative."""
    if _lang(written) != "kk":
        return written
    head, _, last = written.rpartition(" ")
    noun = _noun_rx("kk").fullmatch(last)
    last = last[0] + _kk_nominative(last, True)[1:] if noun else _rx("kk.possessive_cases").sub("", last)
    return (head + " " if head else "") + last


def _lang(s: str) -> str:
    if re.search("[әғқңөұүһі]", s, re.I):
        return "kk"
    return "ru" if re.search("[а-яё]", s, re.I) else "en"


# ---------------------------------------------------------------- Kazakh

@lru_cache(maxsize=None)
def _noun_rx(lang: str) -> re.Pattern:
    """The instrument nouns of a language with the endings they take: Kazakh agglutinates any,
    Russian takes a case ending ("Договором", not "договорились")."""
    nouns = sorted(_t()[lang]["nouns"], key=len, reverse=True)
    end = f"[{_KK_LETTER}]*" if lang == "kk" else _t()["ru"]["endings"] + "(?![а-яё])"
    return re.compile(rf"(?<![{_KK_LETTER}-])(?P<n>{'|'.join(nouns)})(?P<end>{end})", re.I)


def _stops_name(word: str) -> bool:
    """A word no Kazakh name holds before its noun: a title stop ("оның", "сондай-ақ") or a finite verb."""
    kk = _t()["kk"]
    return bool(re.fullmatch(_alt(kk["title_stops"]), word, re.I) or re.search(kk["finite_verb"], word, re.I))


def _dated_capital_before(text: str, words: list, at: int, end: int, hi: int):
    """A name with no head word, capitalised right after its full date ("2006 жылғы 19
    желтоқсандағы Орталық Еуропа еркін сауда келісімінен"): its first capital is its head. Only
    words between them, no punctuation, no verb, no party role ("Тараптардың"); and not a noun
    that a longer name goes on past ("... Энергетикалық хартияға қатысты шарттың")."""
    kk = _t()["kk"]
    window = words[-(kk["max_between"] + 1):]
    if not window or not _DIGIT.search(text, max(0, window[0].start() - 40), at):
        return None  # no date near: most nouns without a head are this treaty's or a kind's
    after = _noun_rx("kk").search(text, end, min(hi, end + 80))
    if (after and not re.search(r"[,;:.()\n]", text[end:after.start()])) or _rx("kk.dated_name_not_before").match(text, end, hi):
        return None
    nxt = at
    for w in reversed(window):
        if text[w.end():nxt].strip() or _stops_name(w.group()):
            return None
        nxt = w.start()
        if not w.group()[:1].isupper():
            continue
        if re.match(kk["role_words"], w.group()) or _noun_rx("kk").match(w.group()):
            return None
        before = find_dates(text[max(0, w.start() - 60):w.start()])
        if before and before[-1].full and not text[max(0, w.start() - 60) + before[-1].end:w.start()].strip():
            return w
    return None


def _participle_before(text: str, words: list, at: int):
    """A name whose subject clause ends in a participle right before the noun ("1961 жылғы 5
    қазандағы Шетелдік ресми құжаттарды заңдастыру талабының күшін жоятын конвенцияға"): the
    participle is its head."""
    if not words or text[words[-1].end():at].strip() or not re.search(_t()["kk"]["relative_participle"], words[-1].group(), re.I):
        return None
    # (only after its date: "Конвенцияны толықтыратын келісім жасасуға" is this treaty, said of a kind)
    lo = max(words[0].start(), words[-1].start() - 200)
    dates = [d for d in find_dates(text[lo:words[-1].start()]) if d.full]
    if not dates or _noun_rx("kk").search(text, lo + dates[-1].end, words[-1].start()) \
            or re.search(r"[;.:]|\n\s*\n", text[lo + dates[-1].end:words[-1].start()]):
        return None
    return words[-1]


_DATE_WORD = re.compile(r"\d+|жылғы|ж\.?", re.I)


def _last_words(words: list, n: int):
    """The last `n` words, nearest first, a date's words not counted ("арасындағы 1994 жылғы 10
    желтоқсандағы «Байқоңыр» кешенін жалға алу шарты": the date is no word of the name's)."""
    counted = 0
    for i in range(len(words) - 1, -1, -1):
        if counted >= n:
            return
        w = words[i].group()
        yield words[i]
        # (a month only after its day: "10 желтоқсандағы", not "қарау")
        if not (_DATE_WORD.fullmatch(w) or (i and words[i - 1].group().isdigit() and _is_month(w.lower()))):
            counted += 1


def _inside_next(text: str, at: int, hi: int) -> bool:
    """The noun ending at `at` is inside the name that follows it: its subject holds it, and
    that name's noun comes within a few words."""
    m = _rx("kk.inside_after").match(text, at, min(hi, at + 80))
    if not m:
        return False
    for w in list(_WORD.finditer(text, m.end(), min(hi, m.end() + 80)))[:5]:
        if re.search(r"[,;.:()]", text[m.end():w.start()]):
            return False
        if _noun_rx("kk").fullmatch(w.group()):
            return True
    return False


@lru_cache(maxsize=None)
def _kk_words() -> tuple[frozenset[str], frozenset[str]]:
    """The heads and the anaphora of Kazakh names, lower case."""
    kk = _t()["kk"]
    return frozenset(h.lower() for h in kk["heads"]), frozenset(a.lower() for a in kk["anaphora"])


def _kk_mentions(text, lo, hi, own_parties, inner=False):
    kk = _t()["kk"]
    heads, anaphora = _kk_words()
    owners = _owner_heads()
    prev_end = lo
    for m in finditer(_noun_rx("kk"), text, lo, hi):
        if re.match(kk["plural"], m.group("end").lower()) or re.match(kk["not_instrument_after"], text[m.end():m.end() + 20], re.I) \
                or (not inner and _inside_next(text, m.end(), hi)):
            continue
        words = list(_WORD.finditer(text, max(prev_end, m.start() - 400), m.start()))
        # the head ("туралы", "жөніндегі", "X мен Y арасындағы") within a few words before the noun,
        # with nothing but words, dates and a signing place between them
        head = owner = None
        for w in _last_words(words, kk["max_between"] + 1):
            gap = text[w.end():m.start()]
            if (re.search(r"[,;:.()]", gap) and not re.fullmatch(r"[\s()]*", gap)) or _PARA.search(gap):
                break
            if w.group().lower() in heads:
                head = w
                break
            if owner is None and w.group().lower() in owners:
                owner = w
        if head is not None and head.group().lower() in kk["adjacent_heads"] and text[head.end():m.start()].strip():
            head = None  # ("... құжаттарға қатысты Шетелдік ... жоятын 1961 жылғы 5 қазандағы Гаага конвенциясының": no head)
        abbreviation = None if m.group().isupper() else _abbreviation_before(text, words, m.start())
        dated = None if head or owner else _dated_capital_before(text, words, m.start(), m.end(), hi)
        head = head or owner or _city_before(text, words, m.start()) or abbreviation or _participle_before(text, words, m.start()) \
            or dated
        if head is None:
            continue
        between = text[head.end():m.start()]
        if between.strip() and re.search(kk["finite_verb"], between.split()[-1], re.I):
            continue
        if between.strip() and head.group().lower() in kk["adjacent_heads"]:
            continue
        if head is owner and re.search(kk["participle_ending"], between, re.I):
            continue  # "... ұйымы белгілеген және Конвенцияға қосымшалар": what the organisation set, no name
        if words and words[-1].group().lower() in anaphora and words[-1].start() >= head.end():
            continue
        ref = _kk_reference(text, lo, head, m, between, own_parties, prev_end, starts_at_head=head is abbreviation or head is dated)
        if ref:
            prev_end = m.end()
            yield ref


_BRACKET = re.compile(r"[ \t]*\(([^()\n]{4,80})\)")


def _bracket_date(text: str, at: int) -> str | None:
    """The place and date in brackets right after a name: "... келісімге (Мәскеу, 2000 жылғы 20
    маусым) сәйкес", "... безопасности (Москва, 20 июня 2000 года)"."""
    m = _BRACKET.match(text, at)
    if not m:
        return None
    return _date_within(m.group(1))


def _city_before(text: str, words: list, at: int):
    """An instrument named by the city it was made in ("Париж келісімі", "Чикаго конвенциясы"):
    a capitalised city name right before the noun, mid-sentence."""
    if not words or text[words[-1].end():at].strip():
        return None
    w = words[-1]
    if not w.group()[:1].isupper() or (len(words) > 1 and re.search(r"[.!?]\s*$", text[words[-2].end():w.start()])):
        return None
    hit = next(iter(gazetteer.all_cities().find(text, w.start(), w.end())), None)
    if hit and hit.start == w.start() and hit.end == w.end():
        return w
    # or any capitalised word right after a signing phrase ("... Парижде қол қойылған Метр конвенциясы")
    return w if _after_signing().search(text, max(0, w.start() - 40), w.start()) else None


_ABBREVIATION = re.compile(r"[А-ЯӘҒҚҢӨҰҮҺІЁ]{3,}")


def _owner_before_date(text: str, lo: int, start: int) -> int:
    """A name led across its date by its organisation ("Біріккен Ұлттар Ұйымының 2003 жылғы 31
    қазандағы Сыбайлас жемқорлыққа қарсы конвенциясы", "Халықаралық еңбек ұйымының 1952 жылғы ...
    конвенциясы") or by its subject clause ("... талабын жоятын 1961 жылғы 5 қазандағы Гаага
    конвенциясы") starts with them: where they start, or `start`."""
    seg = text[max(lo, start - 300):start]
    base = start - len(seg)
    ds = find_dates(seg, year_only=True)
    if not ds or seg[ds[-1].end:].strip():
        return start
    words = list(_WORD.finditer(seg, 0, ds[-1].start))
    if not words or seg[words[-1].end():ds[-1].start].strip():
        return start
    last = words[-1].group().lower()
    if last in _owner_heads() or _rx("kk.member_states").fullmatch(seg, words[max(0, len(words) - 2)].start(), words[-1].end()):
        reach = 5  # an organisation's name: a few words
    elif re.search(_t()["kk"]["relative_participle"], last):
        reach = 12  # a clause
    else:
        return start
    # back to the nearest capitalised words ("Біріккен Ұлттар", "Халықаралық", "Шетелдік"), none
    # a party's role, nothing that ends a clause between
    first = None
    for w in reversed(words[-reach:-1]):
        if re.search(r"[,;:.()]", seg[w.end():ds[-1].start]) or re.match(_t()["kk"]["role_words"], w.group()):
            break
        if w.group()[:1].isupper():
            first = w
        elif first is not None:
            break
    return base + first.start() if first else start


def _abbreviation_before(text: str, words: list, at: int):
    """An organisation's abbreviation right before the noun: "МАГАТЭ Жарғысының", "ДСҰ келісімі"."""
    if not words or text[words[-1].end():at].strip() or not _ABBREVIATION.fullmatch(words[-1].group()):
        return None
    # (not a word of a heading in capitals: "... ЫНТЫМАҚТАСТЫҚ ТУРАЛЫ Келісім", "КОНСУЛЬСКАЯ КОНВЕНЦИЯ")
    if (len(words) > 1 and words[-2].group().isupper()) or words[-1].group().lower() in _t()["kk"]["heads"]:
        return None
    return words[-1]


def _kk_reference(text, lo, head, m, between, own_parties, prev_end, starts_at_head=False):
    kk = _t()["kk"]
    start, date, framed_by = _kk_title_start(text, max(lo, prev_end), head.start())
    if starts_at_head:
        start = head.start()
    if head.group().lower() == "арасындағы":
        party = _party_phrase(text, max(lo, prev_end), head.start(), own_parties)
        if party is None:
            return None
        start = min(start, party[0]) if framed_by else party[0]
    else:
        party = _party_phrase(text, start, head.start(), own_parties) or _party_lead(text, max(lo, prev_end), start, own_parties)
        if party is None:
            # the name began at a capital inside its party phrase ("1992 жылғы 7 наурыздағы
            # Қазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі арасындағы ... туралы
            # келісім" began at "Түрікменстан"): the phrase it stands in, if nothing parts them
            wider = _party_phrase(text, max(lo, prev_end), head.start(), own_parties)
            if wider and wider[0] < start and not re.search(r"[,;:.]|\n\s*\n", text[wider[0]:start]):
                party = wider
        if party and party[0] < start:
            start = party[0]
    sides = _rx("kk.sides").search(text, max(lo, prev_end, start - 300), start)
    if sides:
        start = sides.start()
    start = _owner_before_date(text, max(lo, prev_end), start)
    # a date inside the name ("арасындағы 1993 жылғы 23 ақпандағы ...", "туралы 1996 жылғы 16 қыркүйектегі шарт")
    inside = find_dates(text[start:m.start()], year_only=True)
    if inside:
        date = inside[-1].iso if inside[-1].full else None
    if date is None:
        date = _bracket_date(text, m.end())
    inline = [d for d in find_dates(between, year_only=True)]
    name = text[start:head.end()] + (" " + _drop_dates(between, inline) if between.strip() else "")
    written = m.group("n")
    # an organisation's genitive anywhere in the name owns the noun: its possessive stays
    # (so does a city that names it: "Париж келісімі")
    owned = any(w.lower() in _owner_heads() for w in name.split()) or head.group().lower() not in kk["heads"] \
        or _city_before(text, list(_WORD.finditer(text, head.end(), m.start())), m.start()) is not None \
        or bool(re.search(rf"(?<![\w]){_ABBREVIATION.pattern}\s+$", text[head.end():m.start()]))
    nominative = written[0] + _kk_nominative(written + m.group("end"), owned)[1:]
    title = fold(name + " " + nominative)
    parties = party[1] if party else _compound_parties(name)  # "қазақстан-корей бірлескен комиссиясы"
    if date is None and not parties and not (written[0].isupper() or _capital_inside(text, lo, start)):
        return None  # "екі жақтан салық салудан босату туралы келісім": a kind of agreement, not one
    target = kk["nouns"].get(m.group("n").lower(), "treaty")
    return Reference(target, date, tuple(parties), "cites", title, start, m.end())


def _capital_inside(text: str, lo: int, start: int) -> bool:
    """A name that starts with a capital where no sentence starts: "... тиіс және Жол қозғалысы"."""
    before = text[lo:start].rstrip()
    return text[start:start + 1].isupper() and bool(before) and before[-1] not in ".:;)\n"


def _kk_nominative(noun: str, possessive: bool = False) -> str:
    """The noun as a title ends: `келісімнің` → `келісім`; after an owner in the genitive
    its possessive stays (`ұйымының Жарғысын` → `Жарғысы`, `БҰҰ Конвенциясына` → `Конвенциясы`)."""
    low = noun.lower()
    for n in sorted(_t()["kk"]["nouns"], key=len, reverse=True):
        if low.startswith(n):
            suffix = re.match(r"с[ыі]|[ыі]", low[len(n):]) if possessive else None
            return n + (suffix.group() if suffix else "")
    return low


def _drop_dates(s: str, dates) -> str:
    for d in sorted(dates, key=lambda d: -d.start):
        s = s[:d.start] + " " + s[d.end:]
    return s


def _kk_title_start(text: str, lo: int, head: int) -> tuple[int, str | None, bool]:
    """Where a Kazakh name starts before its head, and the date of a signing phrase that
    precedes it ("1963 жылғы 24 сәуірдегі Венада қол қойылған ..."): (start, date, framed)."""
    kk = _t()["kk"]
    s = lo
    framed = False
    date = None
    s = _para_start(text, lo, head)
    # a sentence before the name's own gives it no date ("... (Порту, 1992 жылғы 2 мамыр) ...
    # қозғамайды. Осы Келісім ... туралы келісімге ...")
    own = sentences(text, s, head)
    if own:
        s = max(s, own[-1][0])
    base = s  # (the dates' offsets are from here, however far the frame has moved)
    for d in find_dates(text[base:head], year_only=True):
        # the date ends the frame only when a name follows it, not when it sits inside a party phrase
        date, framed, s = (d.iso if d.full else None), True, base + d.end
    for p in _rx("kk.participles").finditer(text, s, head):
        if not framed:
            d = _date_before(text, lo, p.start())
            date = d
        framed, s = True, p.end()
    if not framed:
        # without a frame a comma or a semicolon ends the words before the name
        cut = max(text.rfind(",", s, head), text.rfind(";", s, head), text.rfind(":", s, head))
        # (not a comma between parallel forms of an enumeration inside the name: "Мәдени
        # құндылықтарды заңсыз әкелуге, әкетуге және ... беруге тыйым салу ... туралы конвенция")
        while cut >= 0 and text[cut] == "," and (_parallel(text, cut) or _listed_subject(text, cut, head)):
            cut = max(text.rfind(",", s, cut), text.rfind(";", s, cut), text.rfind(":", s, cut))
        if cut >= 0:
            s = cut + 1
        m = list(re.finditer(r"(?<!\d)\.\s", text[s:head]))
        if m:
            s = s + m[-1].end()
    words = list(_WORD.finditer(text, s, head))
    # a name that starts with a capital right after its date runs to the head whatever its
    # words ("1986 жылғы 26 қыркүйектегі Ядролық авария ... жағдай кезінде көмек көрсету туралы")
    whole = framed and words and words[0].group()[:1].isupper()
    for i in range(len(words) - 1, -1, -1) if not whole else ():
        w = words[i].group()
        # "Осы Келісім Исландияның Еуропалық ... туралы келісімнен": this treaty, the sentence's
        # subject, ends what comes before the name
        if _noun_rx("kk").fullmatch(w) and _rx("kk.self_words").search(text, max(s, words[i].start() - 8), words[i].start()):
            words = words[i + 1:]
            break
        if _stops_name(w) or re.fullmatch(r"\d+[.)]?", w):
            if re.fullmatch(_alt(kk["title_soft_stops"]), w, re.I) and _name_opens_before(words, i):
                continue
            words = words[i + 1:]
            break
    # (a conjunction that joins the sentence's clauses opens no name: "... болып табылады және
    # шетелдік төрелік шешімдерді ... туралы ... Нью-Йорк конвенциясына")
    while words and re.fullmatch(kk["clause_conjunctions"], words[0].group(), re.I):
        words = words[1:]
    if not words:
        return head, date, framed
    # the name starts at its capital: the last run of capitalised words, party roles left out
    runs = []
    for i, w in enumerate(words):
        word = w.group()
        # a dash or a conjunction between capitalised words keeps the run ("Еуропа – Кавказ – Азия
        # дәлізін", "Азия және Тынық мұхиты аймағы үшін")
        joins = word in ("–", "—", "-") or (word.lower() in ("және", "мен") and i + 1 < len(words)
                                             and words[i + 1].group()[:1].isupper())
        capital = word[:1].isupper() or (joins and runs and runs[-1][1] == i - 1)
        if capital and not re.match(kk["role_words"], word):
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
    # an organisation's name in the genitive leads the name ("Дүниежүзілік сауда ұйымының Саудадағы
    # техникалық кедергілер туралы келісімі"): the name starts with the organisation's
    k = runs[-1][0] if runs else 0
    if runs and len(runs) > 1 and k > 0 and words[k - 1].group().lower() in _owner_heads():
        k = runs[-2][0]
    first = words[k] if runs else words[0]
    return _past_subject(text, first.start(), head), date, framed


def _past_subject(text: str, start: int, head: int) -> int:
    """A state in the nominative that opens the run of capitals is the sentence's subject, not
    the name's ("Қазақстан Республикасы Еуразиялық экономикалық одақ туралы ... шарттың
    қатысушысы"): the name starts at the capital after it."""
    hit = next(iter(gazetteer.countries().find(text, start, head)), None)
    if hit is None or hit.start != start or hit.adjective:
        return start
    # so is one in the genitive that owns what the sentence says of the name, not the name
    # ("Гана Республикасының Африка ... аймағын құру туралы келісімге қатысуынан"), where no
    # party phrase ("... Үкіметі мен ...") joins it to the name
    if _rx("kk.genitive").search(text[hit.start:hit.end]) and _rx("kk.party_links").search(text, hit.end, head):
        return start
    nxt = re.match(r"\s+(?=(?-i:[А-ЯӘҒҚҢӨҰҮҺІЁ]))", text[hit.end:head])
    return hit.end + nxt.end() if nxt else start


def _name_opens_before(words, i: int) -> bool:
    """A capitalised word of no role and no instrument opens a name before the soft stop at
    `i`, with no verb or other stop between them."""
    kk = _t()["kk"]
    for w in reversed(words[:i]):
        word = w.group()
        if _stops_name(word):
            return False
        if word[:1].isupper():
            return not re.match(kk["role_words"], word) and not _noun_rx("kk").match(word)
    return False


def _parallel(text: str, comma: int) -> bool:
    """The words on both sides of a comma end alike, three letters or more: one enumeration."""
    before = re.search(rf"([{_KK_LETTER}]+)\s*$", text[max(0, comma - 40):comma])
    after = re.match(rf"\s*([{_KK_LETTER}]+)", text[comma + 1:comma + 41])
    if not (before and after):
        return False
    a, b = before.group(1).lower(), after.group(1).lower()
    return a != b and len(a) > 4 and len(b) > 4 and a[-3:] == b[-3:]


def _listed_subject(text: str, comma: int, head: int) -> bool:
    """A comma of the list of fields a name is about, right after its parties ("... арасындағы
    білім, мәдениет және ғылым саласындағы ынтымақтастық туралы келісім"): the parties' phrase a
    word or two before it, the list closed by a conjunction before the head, no verb between."""
    word = rf"[{_KK_LETTER}-]+"
    return bool(re.search(rf"{_ARASYNDAGY.pattern}\s+(?:{word}\s+){{0,1}}{word}\s*$", text[max(0, comma - 80):comma], re.I)
                and re.match(rf"\s*{word}(?:\s*,\s*{word})*\s+(?:және|мен|бен|пен|немесе)\s+{word}\s",
                             text[comma + 1:head], re.I))


def _date_before(text: str, lo: int, at: int) -> str | None:
    """A full date that ends just before `at`, a place word at most between them."""
    window = text[max(lo, at - 120):at]
    base = max(lo, at - 120)
    ds = find_dates(window, year_only=True)
    if not ds:
        return None
    d = ds[-1]
    gap = text[base + d.end:at]
    if len(_WORD.findall(gap)) > 3 or re.search(r"[;.\n]", gap):
        return None
    return d.iso if d.full else None


def _date_within(span: str) -> str | None:
    """The one full date a span holds, or None (none, or two)."""
    ds = [d for d in find_dates(span) if d.full]
    return ds[0].iso if len(ds) == 1 else None


_CONJ_KK = re.compile(r"\s(?:мен|және|бен|пен)\s", re.I)
_ARASYNDAGY = re.compile("арасындағы|арасында(?![а-яәғқңөұүһі])", re.I)  # (the locative too: "X мен Y арасында дипломатиялық қатынастар орнату туралы")


def _party_phrase(text: str, lo: int, head: int, own_parties) -> tuple[int, tuple[str, ...]] | None:
    """The party phrase ending at or just before `head`: "X мен Y арасындағы" with X, Y states
    or their bodies, or "екі ел мемлекеті арасындағы" (the parties of this treaty)."""
    seg = text[lo:head]
    for m in reversed(list(re.finditer(rf"({_alt(_t()['kk']['own_parties'])})\s+арасындағы", seg + " арасындағы", re.I))):
        if lo + m.end() >= head - 12:
            return lo + m.start(), tuple(own_parties)
    ar = None
    for ar in _ARASYNDAGY.finditer(text, lo, min(len(text), head + len("арасындағы"))):
        pass
    if ar is None:
        return None
    names = [h for h in gazetteer.countries().find(text, max(lo, ar.start() - 270), ar.start()) if not h.adjective]
    for conj in reversed(list(_CONJ_KK.finditer(text, max(lo, ar.start() - 150), ar.start()))):
        if any(h.start < conj.start() and conj.end() <= h.end for h in names):
            continue  # the "және" of "Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі"
        inside = [h for h in gazetteer.countries().find(text, conj.end(), ar.start()) if not h.adjective]
        before = [h for h in gazetteer.countries().find(text, max(lo, conj.start() - 120), conj.start()) if not h.adjective]
        if inside and before:
            listed = _listed_before(text, lo, before[-1])
            if len({h.value for h in [*listed, before[-1], *inside]}) > 2:
                # "X-тің Үкіметі, Y-тің Үкіметі, ... және Z-тің Үкіметі арасындағы": a multilateral one
                return listed[0].start, ()
            return before[-1].start, tuple(order_parties([before[-1].value] + [h.value for h in inside]))
    return None


_LIST_GAP = re.compile(r"(?:\s*(?:Үкіметі|Үкіметтері|Республикасы|Республикасының|,|және|мен|пен|бен)\s*)+")


def _listed_before(text: str, lo: int, first) -> list:
    """The countries listed (commas, "және") right before the pair, nearest last."""
    hits = [h for h in gazetteer.countries().find(text, max(lo, first.start - 400), first.start) if not h.adjective]
    listed, nxt = [], first
    for h in reversed(hits):
        gap = text[h.end:nxt.start]
        if not _LIST_GAP.fullmatch(gap):
            break
        listed.insert(0, h)
        nxt = h
    return listed


def _party_lead(text, lo, start, own_parties):
    """A party phrase that leads into a name, a date between them or not: "X мен Y арасындағы
    [1993 жылғы 23 ақпандағы] Әскери ... туралы келісім"."""
    pos = start
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    ds = find_dates(text[max(lo, pos - 40):pos], year_only=True)
    if ds and max(lo, pos - 40) + ds[-1].end == pos:
        pos = max(lo, pos - 40) + ds[-1].start
        while pos > lo and text[pos - 1].isspace():
            pos -= 1
    if not text[max(lo, pos - 10):pos].lower().endswith("арасындағы"):
        return None
    return _party_phrase(text, max(lo, pos - 300), pos, own_parties)


# ---------------------------------------------------------------- Russian

@lru_cache(maxsize=None)
def _ru_lead_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """What may stand before a Russian noun: an anaphor, a name's adjectives (the first
    capitalised, the others may not be: "Основного многостороннего соглашения"), a descriptive
    word."""
    ru = _t()["ru"]
    return (re.compile(rf"(?:^|\s)(?:{'|'.join(ru['anaphora'])})\s*$", re.I),
            re.compile(rf"(?:{ru['adjective']}\s+)+(?:(?-i:[а-яё-]+){ru['adjective_ending']}\s+)*$"),
            re.compile(rf"(?:{'|'.join(ru['descriptive'])})", re.I))


def _ru_mentions(text, lo, hi, own_parties):
    ru = _t()["ru"]
    anaphora, adjective, descriptive = _ru_lead_patterns()
    nouns = list(finditer(_noun_rx("ru"), text, lo, hi))
    for i, m in enumerate(nouns):
        before = text[max(lo, m.start() - 60):m.start()]
        a = anaphora.search(before)
        if a and not _named_adjectives(before, adjective.search(before), descriptive,
                                       after_number=bool(_ru_name_follows().match(text, m.end(), hi))):
            continue
        # the next name starts at the next noun, not at one inside an organisation's name
        # ("Устав Организации Договора о коллективной безопасности"), nor at a plural that a
        # name holds ("Венской конвенции о праве международных договоров")
        limit = next((n.start() for n in nouns[i + 1:]
                      if not _IN_ORGANISATION.search(text, max(lo, n.start() - 20), n.start()) and not _ru_plural(n)
                      and not _RU_SUBJECT.search(text, max(lo, n.start() - 6), n.start())
                      and not _rx("ru.attached_to").search(text, max(lo, n.start() - 80), n.start())
                      and not (_rx("ru.applied_to").search(text, max(lo, n.start() - 40), n.start())
                               and not _ru_name_follows().match(text, n.end(), hi))), hi)
        # (and its adjectives with it: "... правах и Международного пакта о ...")
        lead = adjective.search(text, max(lo, limit - 60), limit) if limit < hi else None
        limit = lead.start() if lead else limit
        stop = _RU_CLAUSE_END.search(text, m.end(), limit)
        para_end = stop.start() if stop else limit
        if _ru_plural(m):
            continue
        adj = adjective.search(before)
        if adj and gazetteer.countries().find(text, m.start() - len(adj.group()), m.start()):
            adj = None  # a state's name before the noun ("... и Швейцарской Конфедерацией Соглашения между ...")
        # "Всемирной почтовой конвенции": adjectives that are a name need nothing after the noun
        # (a capitalised noun after them is a part of this treaty: "в Исполнительном Протоколе")
        by_adjectives = m.group("n")[0].islower() and _named_adjectives(before, adj, descriptive)
        if not (_ru_name_follows().match(text, m.end(), para_end) or by_adjectives):
            continue  # "настоящее Соглашение", "в Исполнительном Протоколе": no name follows
        end, date = _ru_name_end(text, m.end(), para_end)
        date = date or _ru_date_before(text, max(lo, m.start() - 120), m.start() - (len(adj.group()) if adj else 0))
        end = _ru_party_end(text, m.end(), end)
        date = date or _bracket_date(text, end)
        abbr = re.search(ru["abbreviation_after"], text[m.end():end])
        end -= len(abbr.group()) if abbr else 0
        conj = re.search(r"\s+(?:и|а\s+также)\s*$", text[m.end():end])  # the next name's conjunction
        end -= len(conj.group()) if conj else 0
        tail = text[m.end():end]
        parties: tuple[str, ...] = ()
        if re.search(r"\bмежду\s", tail):
            hits = gazetteer.countries().find(text, m.end(), end)
            if re.search(_alt(ru["own_parties"]), tail, re.I):
                parties = tuple(own_parties)
            elif len({h.value for h in _party_list_hits(text, m.end(), end)}) > 2:
                parties = ()  # three states or more between "между" and the subject: multilateral
            elif len(named := {h.value for h in hits} | _ru_adjective_countries(tail)) >= 2:
                # a body named by its country's adjective: "и Марокканским агентством по ..."
                parties = tuple(order_parties(named))
            elif not re.search(r"\s(?:о|об|по)\s", tail):
                continue  # "договоры между гражданами": no states, no subject
        if not parties:
            parties = _compound_parties(tail)  # "... заседания Казахстанско-корейской совместной комиссии"
        if not (date or parties or m.group("n")[0].isupper() or adj):
            continue  # "соглашение об устранении двойного налогообложения": a kind, not an instrument
        start = m.start() - len(adj.group()) if adj else m.start()
        end = start + len(text[start:end].rstrip(" ,;"))  # "Протокола, касающегося ..., от 31 января 1967 года"
        title = fold(text[start:end])  # as written: "Венской конвенции о консульских сношениях"
        target = ru.get("targets", {}).get(m.group("n").lower(), "treaty")
        yield Reference(target, date, parties, "cites", title, start, end)


def _ru_plural(m: re.Match) -> bool:
    """A Russian noun in a plural form ("договоров", "соглашениями"): a kind, never one name."""
    plural = _t()["ru"]["plural"].get(m.group("n").lower())
    return bool(plural and re.fullmatch(plural, m.group("end").lower()))


@lru_cache(maxsize=None)
def _ru_name_follows() -> re.Pattern:
    ru = _t()["ru"]
    rows = [r.replace("{owner}", ru["owner"]) for r in ru["name_follows"]]
    # a row that opens with its own comma ("Конвенции, учреждающей ...") takes no space before it
    spaced = [r for r in rows if not r.startswith(",")]
    glued = [r for r in rows if r.startswith(",")]
    return re.compile(r"(?:\s+(?:" + "|".join(spaced) + r")" + "".join("|" + r for r in glued) + ")")


@lru_cache(maxsize=None)
def _pointing_word() -> re.Pattern:
    return re.compile("(?:" + "|".join(_t()["ru"]["anaphora"]) + ")", re.I)


@lru_cache(maxsize=None)
def _owner_heads() -> frozenset[str]:
    return frozenset(h.lower() for h in _t()["kk"]["owner_heads"])


@lru_cache(maxsize=None)
def _after_signing() -> re.Pattern:
    return re.compile(r"(?:" + _alt(_t()["kk"]["participles"]) + r")\s*$", re.I)


def _named_adjectives(before: str, adj: re.Match | None, descriptive: re.Pattern, after_number: bool = False) -> bool:
    """"международные договоры" is a kind; "принципам Международной конвенции об ...", "положений
    Основного многостороннего соглашения о ..." are names: adjectives that start with a capital
    where no sentence starts, and that describe (not "Настоящее", "Указанное"). `after_number`:
    also after an article's number ("в статье 2 Международной конвенции о ..."), where a name's
    subject follows to say it is one."""
    if adj is None:
        return False
    words = adj.group().split()
    pointing = _pointing_word()
    lead = before[:adj.start()]
    last = lead.split()[-1] if lead.split() else ""
    return (all(descriptive.match(w) or not pointing.fullmatch(w) for w in words)
            and not pointing.fullmatch(last)  # "настоящего Дополнительного соглашения"
            and bool(re.search(r"(?:[а-яё,]|[а-яё]\s+\d+)\s*$" if after_number else r"[а-яё,]\s*$", lead)))


def _ru_adjective_countries(tail: str) -> set[str]:
    """The countries a Russian party phrase names by adjective (`Марокканским агентством`)."""
    return {c for c, _, _ in gazetteer.ru_adjective_countries(tail, 0, len(tail))}


@lru_cache(maxsize=None)
def _kk_country_words() -> dict[str, str]:
    out = {}
    for c in gazetteer.country_info().values():
        for w in [*(n.lower() for n in c.get("kk") or () if " " not in n), c.get("kk_ethnonym") or ""]:
            if w:
                out[w] = c["iso2"]
    return out


_COMPOUND_KK = re.compile(r"(?<![а-яәғқңөұүһі])([а-яәғқңөұүһі]+)-([а-яәғқңөұүһі]+)", re.I)


def _compound_parties(s: str) -> tuple[str, ...]:
    """The two countries of a compound adjective: "қазақстан-корей", "Казахстанско-корейской"."""
    found: list[str] = []
    for m in _COMPOUND_KK.finditer(s):
        words = _kk_country_words()
        a, b = words.get(m.group(1).lower()), words.get(m.group(2).lower())
        if a and b and a != b:
            found = [a, b]
            break
        ru = [c for c, _, _ in gazetteer.ru_adjective_countries(m.group(), 0, len(m.group()))] + \
             [c for c, _, _ in gazetteer.ru_adjective_countries(m.group(2), 0, len(m.group(2)))]
        ru = list(dict.fromkeys(ru))
        if len(ru) == 2:
            found = ru
            break
    return tuple(order_parties(found)) if found else ()


def _party_list_hits(text: str, at: int, end: int) -> list:
    """The countries named between "между" and the subject ("о", "об", "по") of a Russian name."""
    m = re.search(r"\bмежду\s", text[at:end])
    if not m:
        return []
    s = at + m.end()
    subj = re.search(r"\s(?:о|об|по|в\s+области)\s", text[s:end])
    return [h for h in gazetteer.countries().find(text, s, s + subj.start() if subj else end) if not h.adjective]


def _ru_party_end(text: str, at: int, end: int) -> int:
    """A name that closes with its parties ("Протокол об образовании ... Комиссии между
    Правительством Турецкой Республики и Правительством Республики Казахстан") ends there
    when a capitalised word follows, not a preposition that goes on with the name."""
    between = re.search(r"\bмежду\s", text[at:end])
    if not between:
        return end
    hits = gazetteer.countries().find(text, at + between.end(), end)
    if len(hits) < 2:
        return end
    nxt = re.match(r"\s+(\S)", text[hits[1].end:end])
    return hits[1].end if nxt and nxt.group(1).isupper() else end


_RU_PLACE = re.compile(r"\s*(?:в\s+(?:г\.\s*|городе\s+)?(?-i:[А-ЯЁ])[\w-]+(?:\s+(?-i:[А-ЯЁ])[\w-]+)?\s*)?")


def _ru_date_before(text: str, lo: int, at: int) -> str | None:
    """A signing phrase before the name: "заключенной в Вашингтоне 18 марта 1965 года Конвенции"."""
    ds = find_dates(text[lo:at], year_only=True)
    # (the place may follow the date: "подписанного 21 марта 2016 года в Астане Соглашения")
    if not ds or not _RU_PLACE.fullmatch(text[lo + ds[-1].end:at]):
        return None
    if not re.search(rf"(?:{_t()['ru']['participles']})\b", text[lo:lo + ds[-1].start], re.I):
        return None
    return ds[-1].iso if ds[-1].full else None


def _ru_name_end(text: str, at: int, limit: int) -> tuple[int, str | None]:
    """Where a Russian name ends and the date it gives: "... от 23 февраля 1993 года", or a
    participle phrase after it (", подписанной в Вене 24 апреля 1963 года"). A comma inside the
    name ("в области военной науки, техники и образования от ...") does not end it."""
    ru = _t()["ru"]
    # the first "от" that a date follows ("... уклонения от уплаты налогов ... от 19 сентября 2006 года")
    for ot in re.finditer(r"\s+от\s+", text[at:limit]):
        ds = find_dates(text[at + ot.end():limit], year_only=True)
        if ds and ds[0].start == 0:
            if not re.search(r"[,(]\s*(?:" + ru["participles"] + r")", text[at:at + ot.start()]):
                date = ds[0].iso if ds[0].full else None
                # a date inside the name: "Монреальской конвенции от 23 сентября 1971 года о борьбе с ..."
                after = at + ot.end() + ds[0].end
                # (only for a name that has no subject yet: "Пакта об ... правах от 16 декабря 1966 года
                # о признании права ..." goes on with the sentence)
                # (a bilateral name gives its parties, then its date, then its subject: "Соглашения
                # между ... Республики Албания от 10 июня 2014 года о сотрудничестве в борьбе с ...")
                subject = None if re.search(r"\s(?:о|об|по)\s", text[at:at + ot.start()]) else \
                    re.match(r"\s+(?:о|об)\s", text[after:limit])
                if subject:
                    e = re.search(ru["name_end"], text[after + subject.end():limit], re.I)
                    return (after + subject.end() + e.start() if e else limit), date
                return at + ot.start(), date
            break
    for p in re.finditer(rf",?\s*(?:{ru['participles']})\b[^,;]{{0,160}}", text[at:limit], re.I):
        ds = find_dates(p.group(), year_only=True)
        if ds:
            return at + p.start(), (ds[0].iso if ds[0].full else None)
    e = re.search(ru["name_end"], text[at:limit], re.I)
    return (at + e.start() if e else limit), None


# ---------------------------------------------------------------- one per instrument, never itself

def _content(title: str) -> frozenset[str]:
    """The words that name an instrument, stemmed: function words, numbers and dates left out."""
    # a signing place standing inside a mention ("... арасындағы 199 __ қаласында қол қойылған
    # ... Келісім") names no instrument either
    fw = {w for lang in ("kk", "ru") for key in ("function_words", "signing_words") for w in _t()[lang].get(key, ())}
    out = set()
    toks = re.findall(r"\d+|[^\W\d_]+", title.lower())
    after_num = False
    for w in toks:
        if w.isdigit():
            after_num = True
            continue
        if after_num and (re.match(r"(?:жыл|год|г$|ж$)", w) or _is_month(w)):
            continue
        after_num = False
        if w in fw:
            continue
        out.add(w[:5])
    return frozenset(out)


@lru_cache(maxsize=None)
def _months() -> frozenset[str]:
    """The months' first four letters (three for a short one: "мая")."""
    m = lexicon.load("months")
    return frozenset(k[:4] for k in list(m["kk"]) + list(m["ru_forms"]))


def _is_month(w: str) -> bool:
    return w[:4] in _months() or w[:3] in _months()


def _is_self(r: Reference, own: tuple[str, bool, frozenset]) -> bool:
    """A mention of the treaty itself: its title's words. Another treaty of the same parties
    shares most of them ("... арасындағы Одақтастық қатынастар туралы шарт" in "... арасындағы
    одақтастық қатынастарды тереңдету және кеңейту туралы шарт"), so with a title both ways."""
    title, exact, signed = own
    if r.target != "treaty" or not title:
        return False
    if r.date and signed and r.date not in signed:
        return False  # an earlier treaty of the same name, as a new one replaces an old
    a, b = _content(r.title), _content(title)
    if len(a) < 3:
        return False
    bodies = _party_bodies()
    if (a - b) & bodies and (b - a) & bodies:
        return False  # the governments' agreement named in the ministries' one
    if r.date is None and len(a & b) / len(a) >= 0.9:
        return True  # "... автомобиль тасымалдары туралы Келісім" in an annexed protocol: the main treaty
    return len(a & b) / (max(len(a), len(b)) if exact else len(a)) >= 0.8


@lru_cache(maxsize=None)
def _party_bodies() -> frozenset[str]:
    return frozenset(_t()["party_body_stems"]["stems"])


def _same(a: Reference, b: Reference) -> bool:
    if a.target != b.target:
        return False
    if a.target not in ("treaty", "other"):
        return True
    if a.date and b.date and a.date != b.date:
        return False
    if a.parties and b.parties and set(a.parties) != set(b.parties):
        return False
    ca, cb = _content(a.title), _content(b.title)
    if ca == cb:
        return True
    return bool(a.date and a.date == b.date and (ca <= cb or cb <= ca))


_STRENGTH = ["supersedes", "amends", "implements", "guided_by", "reaffirms", "cites"]


def one_per_instrument(refs: list[Reference]) -> list[Reference]:
    """One entry per instrument: the first mention's title and span, the date and parties any
    mention gives, the strongest relation any mention gives."""
    out: list[Reference] = []
    for r in refs:
        for i, prev in enumerate(out):
            if _same(prev, r):
                rel = r.relation if _STRENGTH.index(r.relation) < _STRENGTH.index(prev.relation) else prev.relation
                out[i] = _with(prev, relation=rel, date=prev.date or r.date, parties=prev.parties or r.parties)
                break
        else:
            out.append(r)
    return out
