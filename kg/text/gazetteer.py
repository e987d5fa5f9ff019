"""Names of countries, cities and languages found in inflected Kazakh and Russian text.

The tables hold nominative names only; case forms come from the stem rules here. Kazakh
inflects the last word of a name (`Қырғыз Республикасының`, `Бакуде`); Russian inflects
every word (`Кыргызской Республики`, `в Алма-Ате`). Lookup goes word by word through an
index on the first letters of a name, so a thousand names cost a dictionary probe per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import lexicon

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")  # Кот-д'Ивуар is one word

# Kazakh case, possessive and derivational endings that may follow a name's last word: up to
# nine of these letters.
KK_LETTERS = frozenset(map(chr, range(ord("а"), ord("я") + 1))) | frozenset("әғқңөұүһі")
KK_SUFFIX_LETTERS = 9
# Russian case endings of nouns and adjectives: only real endings may follow a stem, so that
# «Грузия» does not find «груз» and «Дания» not «данные».
# Plural names take plural endings: Соединенных Штатов, Объединёнными Арабскими Эмиратами.
RU_ENDINGS = frozenset(("", "ая", "ый", "ой", "ую", "ое", "ые", "ых", "ым", "ыми", "ого", "ому", "ий", "ие", "их", "им", "ими",
                        "ей", "ею", "ою", "ом", "ем", "ами", "ях", "ям", "ии", "ию", "ией", "ов", "ев", "ам", "а", "я",
                        "ы", "и", "е", "у", "ю", "о"))
# A Russian language name is an adjective stem that always takes an ending (`русск-ом`).
RU_LANGUAGE_ENDINGS = frozenset(("ом", "ий", "ого", "ая", "ой", "ый", "их", "им", "ими"))
RU_NOUN_LANGUAGE_ENDINGS = frozenset(("", "е", "а", "ом", "у"))
_RU_STRIP = ("ая", "ий", "ой", "ый", "ое", "ые", "ие", "а", "я", "ь", "й", "о", "е", "ы", "и")
# Adjectives derived from a name (`Қазақстандық авторлар`) are not the country itself.
KK_ADJECTIVE = re.compile(r"(?:дық|дік|тық|тік|лық|лік)")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    value: object
    name: str
    adjective: bool = False


class _Form:
    """The forms one word of a name takes: its stem followed by one of `endings` (exact words,
    a frozenset with "" when the bare stem counts too) or, for a Kazakh last word, by up to
    `letters` Kazakh letters. String tests, not regexes: the tables give 2,400 word forms, and
    compiling them as patterns took a second (measured), most of a rebuild that extracts one
    document; compiling only those a text's words could be still cost that rebuild 10-30 ms."""

    __slots__ = ("stem", "endings", "letters")

    def __init__(self, stem: str, endings: frozenset = frozenset({""}), letters: int = 0):
        self.stem, self.endings, self.letters = stem, endings, letters

    def fullmatch(self, word: str) -> bool:
        if not word.startswith(self.stem):
            return False
        rest = word[len(self.stem):]
        if rest in self.endings:
            return True
        return 0 < len(rest) <= self.letters and all(c in KK_LETTERS for c in rest)


def _word_pattern(word: str, lang: str, last: bool) -> _Form:
    w = word.lower()
    if lang == "ru":
        stem = w
        for ending in _RU_STRIP:
            # four-letter names inflect too (Куба: Кубы, Кубой); Мали, Чили do not
            if (len(w) > 4 or (len(w) == 4 and ending in ("а", "я"))) and w.endswith(ending):
                stem = w[: -len(ending)]
                break
        # the name's own ending always counts (Уругва-й, Кита-й: "й" is no case ending)
        return _Form(stem, RU_ENDINGS | {w[len(stem):]})
    if not last:
        return _Form(w)
    # Kazakh endings agglutinate onto the unchanged last word: Республикасы-ның, Баку-де.
    return _Form(w, letters=KK_SUFFIX_LETTERS)

class Gazetteer:
    def __init__(self, entries: list[tuple[str, str, object]], extra_forms: list[tuple[str, object]] = ()):
        """entries: (name, lang, value); extra_forms: exact inflected forms (irregular stems)."""
        self.index: dict[str, list[tuple[tuple[_Form, ...], object, str]]] = {}
        for name, lang, value in entries:
            # a dash between words is punctuation, not a word ("Папуа – Жаңа Гвинея")
            words = [w for w in re.split(r"\s+", name.strip()) if WORD.search(w)]
            if not words:
                continue
            pats = tuple(_word_pattern(w, lang, i == len(words) - 1) for i, w in enumerate(words))
            self.index.setdefault(self._key(words[0]), []).append((pats, value, name))
        for form, value in extra_forms:
            words = form.split()
            pats = tuple(_Form(w.lower()) for w in words)
            self.index.setdefault(self._key(words[0]), []).append((pats, value, form))
        for cands in self.index.values():
            cands.sort(key=lambda c: -len(c[0]))

    @staticmethod
    def _key(word: str) -> str:
        return word.lower()[:3]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(text) if end is None else end
        toks = [(m.group().rstrip("."), m.start()) for m in WORD.finditer(text, start, end)]
        lows = [w.lower() for w, _ in toks]
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            best = None
            first = lows[i]
            for pats, value, name in self.index.get(first[:3], ()):
                n = len(pats)
                if i + n > len(toks) or not pats[0].fullmatch(first):
                    continue
                # most names that open alike ("Республика ...") part at the next word's stem
                if n > 1 and not (lows[i + 1].startswith(pats[1].stem)
                                  and all(p.fullmatch(lows[i + k]) for k, p in enumerate(pats) if k)):
                    continue
                # words of one name sit next to each other: only whitespace between them
                if n > 1 and any(text[toks[i + k][1] + len(toks[i + k][0]):toks[i + k + 1][1]].strip(" \n–—-")
                                 for k in range(n - 1)):
                    continue
                best = (n, value, name)
                break
            if best:
                n, value, name = best
                s = toks[i][1]
                last_word, last_start = toks[i + n - 1]
                e = last_start + len(last_word)
                suffix = last_word.lower()[len(name.split()[-1]):]
                adjective = bool(KK_ADJECTIVE.match(suffix))
                hits.append(Hit(s, e, value, name, adjective))
                i += n
            else:
                i += 1
        return hits


@lru_cache(maxsize=None)
def countries() -> Gazetteer:
    entries = []
    for c in lexicon.load("countries"):
        for lang in ("kk", "ru"):
            for name in c.get(lang) or ():
                entries.append((name, lang, c["iso2"]))
    return Gazetteer(entries)


@lru_cache(maxsize=None)
def country_info() -> dict:
    return {c["iso2"]: c for c in lexicon.load("countries")}


@lru_cache(maxsize=None)
def cities(include_ambiguous: bool = False) -> Gazetteer:
    """City names to English. `Қазан` is also a month and a cauldron: ambiguous names are
    left out unless the caller has a context that says "city" (`X қаласында`, `г. X`)."""
    entries, extra = [], []
    for c in lexicon.load("cities"):
        if c.get("ambiguous") and not include_ambiguous:
            continue
        for lang in ("kk", "ru"):
            for name in c.get(lang) or ():
                entries.append((name, lang, c["en"]))
        for form in c.get("ru_forms") or ():
            extra.append((form, c["en"]))
    return Gazetteer(entries, extra)


def all_cities() -> Gazetteer:
    return cities(include_ambiguous=True)


@lru_cache(maxsize=None)
def languages() -> Gazetteer:
    entries = []
    for lang in lexicon.load("languages"):
        for name in lang.get("kk") or ():
            entries.append((name, "kk-exact", lang["iso639_1"]))
    gaz = Gazetteer([])
    for name, _, code in entries:
        gaz.index.setdefault(Gazetteer._key(name), []).append(((_Form(name.lower()),), code, name))
    for lang in lexicon.load("languages"):
        for stem in lang.get("ru") or ():
            # an adjective stem takes an ending (`русск-ом`); a noun or an indeclinable name is a
            # word of its own (`на хинди`, `на иврите`)
            endings = RU_LANGUAGE_ENDINGS if stem.endswith("ск") else RU_NOUN_LANGUAGE_ENDINGS
            gaz.index.setdefault(Gazetteer._key(stem), []).append(
                ((_Form(stem.lower(), endings),), lang["iso639_1"], stem))
    return gaz


@lru_cache(maxsize=None)
def _ru_adjectives() -> tuple[re.Pattern, dict]:
    stems = {c["ru_ethnonym"]: c["iso2"] for c in country_info().values() if c.get("ru_ethnonym")}
    # (also the first half of a compound: "Казахстанско-корейской")
    return re.compile(r"(?<![а-яё])(" + "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) +
                      r")(?:[а-яё]{0,3}?с?к(?:ий|ая|ое|ие|ого|ому|ой|ым|им|ом|ую|их|ими|ыми|ых|ей)(?![а-яё])|[а-яё]{0,4}?с?ко-)",
                      re.I), stems


def ru_adjective_countries(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(country, start, end) of each country's adjective in text[start:end] (`Марокканским`,
    `Швейцарским`, the first half of `Казахстанско-корейской`), from the ethnonym stems."""
    rx, stems = _ru_adjectives()
    return [(stems[m.group(1).lower()], m.start(), m.end()) for m in rx.finditer(text, start, end)
            if m.group(1).lower() in stems]
