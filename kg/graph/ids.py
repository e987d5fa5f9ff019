"""Deterministic, readable identifiers: identity keys and the IRIs minted from them.

Every IRI is a pure function of what identifies the thing (parties and date of a treaty,
number and date of a law, the file name of a source), never of the order in which documents
were read, so a rebuild mints the same IRIs and a treaty first known by reference keeps its IRI
when its own text arrives.

Kazakh (and Russian) words in IRIs are transliterated with the official Kazakh Latin alphabet of
2021 (the 42-letter table below) and then folded to ASCII, so that IRIs stay readable and safe
in every serialisation: `Бостанкулова` -> `bostankulova`, `Ташкент` -> `tashkent`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kg.graph import namespaces as ns

# The 42 letters of the Kazakh Cyrillic alphabet and their 2021 Latin letters.
KK_LATIN: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
assert len(KK_LATIN) == 42

# Folding the Latin letters with diacritics to ASCII for IRI path segments. One letter each,
# except ş -> sh: folding it to "s" would merge ш with с and make "Ташкент" read "taskent".
ASCII_FOLD: dict[str, str] = {
    "ä": "a", "ğ": "g", "ñ": "n", "ö": "o", "ş": "sh", "ū": "u", "ü": "u", "ı": "i",
}


def translit(text: str) -> str:
    """Kazakh Cyrillic to the 2021 Kazakh Latin alphabet, keeping case and every other character."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        low = ch.lower()
        lat = KK_LATIN.get(low)
        if lat is None:
            out.append(ch)
        elif ch != low and lat:
            out.append(lat[0].upper() + lat[1:])
        else:
            out.append(lat)
    return "".join(out)


def ascii_fold(text: str) -> str:
    text = "".join(ASCII_FOLD.get(ch, ch) for ch in text)
    # Other Latin letters with accents (Türkiye, Tōkyō): drop the combining marks.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NON_SLUG = re.compile(r"[^a-z0-9_]+")


@functools.lru_cache(maxsize=1 << 16)  # a build asks for the same names again and again (36,000 calls at 10,000 sources)
def slug(text: str, max_len: int = 60) -> str:
    """A readable, ASCII-safe IRI path segment: lower case, words joined by '-'.

    Long texts are cut at a word boundary; an empty result becomes a short hash so that the
    segment is never empty.
    """
    s = ascii_fold(translit(text).lower())
    s = _NON_SLUG.sub("-", s).strip("-")
    if len(s) > max_len:
        cut = s[:max_len]
        s = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return s or "x" + short_hash(text, 8)


def short_hash(*parts: object, n: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:n]


# ---------------------------------------------------------------------------------------------
# Identity keys: "treaty:KZ-KG:2024-04-19", "law:KZ:216-VIII:2025-07-21", "work:<stem>"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
ACT_KINDS = ("law", "resolution", "decree")


def canonical_parties(codes) -> tuple[str, ...]:
    """Kazakhstan first (every treaty of the corpus is one of Kazakhstan's), the others sorted.

    The extraction writes parties in text order; a Kyrgyz text may name Kyrgyzstan first. The
    identity of an instrument must not depend on that, so keys and IRIs use this order.
    """
    uniq = sorted({str(c).upper() for c in codes if c})
    if "KZ" in uniq:
        uniq.remove("KZ")
        uniq.insert(0, "KZ")
    return tuple(uniq)


def is_full_date(value) -> bool:
    return isinstance(value, str) and bool(_DATE.match(value))


def is_year(value) -> bool:
    return isinstance(value, str) and bool(_YEAR.match(value))


@dataclass(frozen=True)
class TreatyKey:
    parties: tuple[str, ...]
    date: str | None  # "YYYY-MM-DD", "YYYY" (year-only mention) or None

    @property
    def year_only(self) -> bool:
        return is_year(self.date or "")

    def __str__(self) -> str:
        return f"treaty:{'-'.join(self.parties)}:{self.date or '?'}"


def parse_treaty_key(key: str) -> TreatyKey | None:
    """`treaty:KZ-KG:1997-04-08` (or `:2003`) -> TreatyKey with canonical party order."""
    if not isinstance(key, str):
        return None
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != "treaty":
        return None
    parties = canonical_parties(p for p in parts[1].split("-") if p)
    date = parts[2] if (is_full_date(parts[2]) or is_year(parts[2])) else None
    if not parties:
        return None
    return TreatyKey(parties, date)


@dataclass(frozen=True)
class ActKey:
    kind: str  # law | resolution | decree
    country: str
    number: str | None
    date: str | None

    def __str__(self) -> str:
        return f"{self.kind}:{self.country}:{self.number or '?'}:{self.date or '?'}"


def parse_act_key(key: str) -> ActKey | None:
    """`law:KZ:287-I:1998-11-09` -> ActKey."""
    if not isinstance(key, str):
        return None
    parts = key.split(":")
    if len(parts) != 4 or parts[0] not in ACT_KINDS:
        return None
    number = parts[2] if parts[2] not in ("", "?", "null") else None
    date = parts[3] if is_full_date(parts[3]) else None
    return ActKey(parts[0], parts[1].upper(), number, date)


# ---------------------------------------------------------------------------------------------
# IRIs. Hierarchical paths under ns.ID so the Turtle export can write them relative to @base.


def _party_path(parties: tuple[str, ...]) -> str:
    return "-".join(p.lower() for p in parties) if parties else "multilateral"


def treaty_iri(key: TreatyKey, disambiguator: str | None = None) -> str:
    base = ns.ID + "treaty/" + _party_path(key.parties) + "/" + (key.date or "undated")
    return base + ("/" + disambiguator if disambiguator else "")


def known_instrument_iri(target: str) -> str:
    """The multilateral instruments the extraction recognises by name."""
    return ns.ID + "instrument/" + slug(target.replace("_", " "))


def other_instrument_iri(title: str) -> str:
    return ns.ID + "instrument/" + slug(title)


def act_iri(key: ActKey, ratified: TreatyKey | None = None) -> str:
    """A ratifying act: by number and date; when the text gives neither, by the treaty it ratifies."""
    base = ns.ID + f"{key.kind}/{key.country.lower()}/"
    if key.number:
        return base + slug(key.number) + ("/" + key.date if key.date else "")
    if ratified is not None:
        return base + "ratifying/" + _party_path(ratified.parties) + "/" + (ratified.date or "undated")
    return base + "unnumbered/" + (key.date or "undated")


def source_id(name: str) -> str:
    """A source's name as one path segment: `000_12ecf27d1504b882.txt` -> `000_12ecf27d1504b882`;
    a mirror file named with its folder, `0119-ob-…-5100/kaz.md` -> `0119-ob-…-5100-kaz`."""
    parts = name.replace("\\", "/").split("/")[-2:]
    if "." in parts[-1]:
        parts[-1] = parts[-1].rsplit(".", 1)[0]
    return slug("-".join(parts) if len(parts) == 2 and parts[-1].lower() in ("kaz", "rus") else parts[-1],
                max_len=160)


def source_iri(sid: str) -> str:
    return ns.ID + "source/" + sid


def graph_iri(sid: str) -> str:
    return ns.ID + "graph/" + sid


def work_iri(sid: str) -> str:
    return ns.ID + "work/" + sid


def cited_work_iri(author: str, year) -> str:
    return ns.ID + "work/cited/" + slug(author) + ("-" + str(year) if year else "")


def other_source_iri(label: str, year) -> str:
    return ns.ID + "other/" + slug(label) + ("-" + str(year) if year else "")


def person_iri(name: str) -> str:
    return ns.ID + "person/" + slug(name)


def place_iri(name: str) -> str:
    return ns.ID + "place/" + slug(name)


def country_iri(code: str) -> str:
    return ns.ID + "country/" + code.lower()


def body_iri(code: str, body: str) -> str:
    """`state` and `government` of a country, or a named agency of it."""
    if body in ("state", "government"):
        return country_iri(code) + "/" + body
    return country_iri(code) + "/agency/" + slug(body)


def event_iri(date: str | None, what: str) -> str:
    return ns.ID + "event/" + (date + "-" if date else "") + slug(what, max_len=50)


def evidence_prefix(sid: str) -> str:
    """Every evidence node of a source (statement, target, selectors) is minted under this, so
    no other source's graph can describe one."""
    return ns.ID + "evidence/" + sid + "/"


def evidence_sid(iri: str) -> str | None:
    """The source whose evidence node `iri` is, or None."""
    head = ns.ID + "evidence/"
    return iri[len(head):].split("/", 1)[0] if iri.startswith(head) else None


def evidence_iri(sid: str, *statement: object) -> str:
    return evidence_prefix(sid) + short_hash(*statement, n=16)


def resolution_iri(*parts: object) -> str:
    return ns.ID + "decision/" + short_hash(*parts, n=16)


def iri_for_key(key: str) -> str | None:
    """The IRI of any identity key the extraction writes (used for `id`/`resolves_to` values)."""
    tk = parse_treaty_key(key)
    if tk is not None:
        return treaty_iri(tk)
    ak = parse_act_key(key)
    if ak is not None:
        return act_iri(ak)
    if isinstance(key, str) and key.startswith("work:"):
        return work_iri(source_id(key[5:]))
    return None
