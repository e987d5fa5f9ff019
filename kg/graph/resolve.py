"""Identity across documents: which mentions name the same instrument or act.

Input: the extraction records of all sources. Output: a `Resolution` that maps every place in a
record that names an instrument or a ratifying act (a *claim*, located by source id and a
locator such as ``("ref", 0)``) to one node IRI, plus what is known of every node.

The rules, in the order they apply:
1. An instrument with full date and parties is keyed by (parties, date). Claims with the same key
   are one instrument unless they show they are not: different instrument types, different
   article counts of two texts, or titles in the same language whose content words (stemmed)
   do not overlap. Then the key's instruments get disambiguated IRIs ("two different
   instruments signed the same day by the same parties stay two nodes").
2. A year-only mention ("2003 ... одақтастық қатынастар туралы шарт") resolves to the one
   instrument with the same parties, that year and a compatible title; with none or several
   it stays an unresolved node of its own listing the candidates.
3. An undated mention resolves only on a real title match with one instrument of its parties.
4. A ratifying act with number is keyed by (kind, country, number[, date]); one without number
   (seed 002) joins the numbered act of the same kind that ratifies the same instrument if there
   is exactly one, else it is a node of its own keyed by the instrument it ratifies.

Everything here is deterministic: claims are processed in sorted order, so the outcome does not
depend on the order in which documents were read.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from collections.abc import Mapping
from typing import Any

from kg.graph import ids
from kg.graph.ids import TreatyKey
from kg.text import gazetteer, lexicon
from kg.text.sources import MIRROR_FILES

# ---------------------------------------------------------------------------------------------
# Records as the resolver sees them


@dataclass(frozen=True)
class SourceRecord:
    """One source file and its extraction record (the spec's JSON, treated as read-only)."""

    sid: str  # source id: the file stem as an IRI segment
    file_name: str  # as the record names it (basename)
    record: Mapping[str, Any]
    sha256: str | None = None
    # the decoded raw text, when the file is at hand (for evidence checks); a partial source's
    # may be left unread, and whoever builds its graph reads it (kg.pipeline.build.whole_record)
    text: str | None = None
    language: str | None = None
    path: str | None = None  # absolute path of the file, when it is at hand
    record_key: str | None = None  # the extraction cache's key of the record, when it came from there
    # True: `record` lacks the parts only the source's own graph reads (kg.pipeline.build.GRAPH_ONLY),
    # and maybe its text, and whoever builds that graph reads the whole record first
    partial: bool = False

    @property
    def kind(self) -> str:
        return str(self.record.get("kind") or "")


# ---------------------------------------------------------------------------------------------
# Titles: language, type noun, content stems

_KK_LETTERS = set("әғқңөұүһі")
_KK_MARKERS = {"туралы", "арасындағы", "шарт", "келісім", "хаттама", "және"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def detect_lang(text: str | None) -> str | None:
    """kk / ru / en from the letters of a title: enough to know which titles are comparable."""
    if not text:
        return None
    low = text.lower()
    if any(ch in _KK_LETTERS for ch in low) or _KK_MARKERS & set(_WORD.findall(low)):
        return "kk"
    if re.search("[а-яё]", low):
        return "ru"
    if re.search("[a-z]", low):
        return "en"
    return None


# Kazakh case, plural, possessive and adjectival endings, longest first. Stripping these from
# title words collapses the inflected variants ("шартты", "шартқа", "шарттың") of one title.
_KK_ENDINGS = sorted(
    {
        "ларының", "лерінің", "дарының", "дерінің", "тарының", "терінің",
        "ларды", "лерді", "дарды", "дерді", "тарды", "терді",
        "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі",
        "ының", "інің", "ына", "іне", "ында", "інде", "ынан", "інен",
        "ның", "нің", "дың", "дің", "тың", "тің",
        "нда", "нде", "нан", "нен", "дан", "ден", "тан", "тен",
        "мен", "бен", "пен", "лар", "лер", "дар", "дер", "тар", "тер",
        "ға", "ге", "қа", "ке", "ны", "ні", "ды", "ді", "ты", "ті",
        "да", "де", "та", "те", "сы", "сі", "ын", "ін", "на", "не",
        "ы", "і", "а", "е",
    },
    key=len,
    reverse=True,
)
_RU_ENDINGS = sorted(
    {
        "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией",
        "ах", "ях", "ов", "ев", "ей", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие",
        "ых", "их", "ую", "юю", "ым", "им", "ом", "ем", "ам", "ям", "ии", "ия", "ие",
        "а", "я", "о", "е", "ы", "и", "у", "ю",
    },
    key=len,
    reverse=True,
)

_STOP = {
    # Kazakh function words of titles
    "туралы", "және", "мен", "бен", "пен", "арасындағы", "арасында", "жөніндегі", "бойынша",
    "республикасы", "республикасының", "үкіметі", "үкіметінің", "мемлекеттері",
    # Russian
    "о", "об", "и", "в", "во", "по", "на", "с", "со", "между", "республика", "республикой",
    "республики", "правительство", "правительством", "правительства", "от", "года", "г",
    # English
    "on", "the", "of", "and", "between", "in", "republic", "government",
    # "cooperation in the field of": every bilateral title says it, so it tells no two apart
    # ("сотрудничестве в области транспорта" and "... миграции" share only these words)
    "ынтымақтастық", "ынтымақтастығы", "ынтымақтастықты", "саласындағы", "саласында", "салаларындағы",
    "сотрудничестве", "сотрудничества", "сотрудничество", "области", "сфере", "cooperation", "field",
}

# Country names in titles say who the parties are, which the key already holds. They come from
# the gazetteer of every state (kg/tables/countries.json), not from a list of the usual partners.
@lru_cache(maxsize=1)
def _country_openings() -> dict[str, tuple[str, ...]]:
    """The openings of the one-word country names and ethnonyms (their first three letters as
    the key), so that derived words go too: Қазақстандық, казахстанско-таджикской, Kyrgyz."""
    found = set()
    for c in lexicon.load("countries"):
        names = [c["en"], *(c.get("kk") or [])[:1], *(c.get("ru") or [])[:1]]
        found |= {n.lower() for n in names if " " not in n.strip()}
        found |= {c[k].lower() for k in ("kk_ethnonym", "ru_ethnonym") if c.get(k)}
    # a name loses its ending before a suffix (Грузия: грузинск, Киргизия: киргизской), and
    # a "-stan" name is the ethnonym of its adjective (Kyrgyzstan: Kyrgyz Republic)
    found |= {n[:-2] for n in found if n.endswith("ия") and len(n) >= 8}
    found |= {n[:-4] for n in found if n.endswith(("stan", "стан"))}
    found = {n[:-1] if n[-1] in "аяьй" and len(n) > 5 else n for n in found}
    out: dict[str, list[str]] = {}
    for n in sorted(w for w in found if len(w) >= 4):
        out.setdefault(n[:3], []).append(n)
    return {k: tuple(v) for k, v in out.items()}


def _country_words(title: str) -> set[int]:
    """Offsets of the words of a title that name a country: a gazetteer hit (any name, however
    inflected, "Союз Советских Социалистических Республик") or a word opening like a one-word
    name or an ethnonym."""
    spans = [(h.start, h.end) for h in gazetteer.countries().find(title)]
    openings = _country_openings()
    out = set()
    for m in _WORD.finditer(title):
        w = m.group().lower()
        if any(s <= m.start() < e for s, e in spans) or any(
                w.startswith(o) and (len(o) >= 5 or len(w) <= len(o) + 5)  # "поль" opens польск, not пользование
                for o in openings.get(w[:3], ())):
            out.add(m.start())
    return out


_TYPE_WORDS = {
    "шарт": "treaty", "келісім": "agreement", "хаттама": "protocol", "конвенция": "convention",
    "меморандум": "memorandum", "договор": "treaty", "соглашени": "agreement",
    "протокол": "protocol", "конвенци": "convention", "treaty": "treaty",
    "agreement": "agreement", "protocol": "protocol", "convention": "convention",
    "memorandum": "memorandum",
}


def stem(word: str, lang: str | None = None) -> str:
    """The shortest stem the ending list allows (at least 3 letters): a canonical form for IRIs."""
    return min(stem_candidates(word, lang), key=lambda w: (len(w), w))


@lru_cache(maxsize=65536)
def stem_candidates(word: str, lang: str | None = None) -> frozenset[str]:
    """Every stem the endings can leave, up to three endings deep.

    An ending list cannot tell шарт+ы (its treaty) from шар+ты; instead of guessing, two words
    count as the same when any of their candidate stems agree (шарты and шартты share шарт).
    """
    endings = _RU_ENDINGS if lang == "ru" else _KK_ENDINGS
    seen = {word.lower()}
    frontier = [word.lower()]
    for _ in range(3):
        nxt = []
        for w in frontier:
            for e in endings:
                if w.endswith(e) and len(w) - len(e) >= 3:
                    c = w[: -len(e)]
                    if c not in seen:
                        seen.add(c)
                        nxt.append(c)
        frontier = nxt
    return frozenset(seen)


def _type_of_word(word: str) -> str | None:
    w = word.lower()
    for prefix, t in _TYPE_WORDS.items():
        if w.startswith(prefix):
            return t
    return None


@lru_cache(maxsize=65536)  # titles repeat across sources: every mention of a treaty names it
def title_type(title: str | None, lang: str | None = None) -> str | None:
    """The instrument type named by a title: the last type noun in Kazakh, the first otherwise."""
    if not title:
        return None
    lang = lang or detect_lang(title)
    found = [t for t in (_type_of_word(w) for w in _WORD.findall(title)) if t]
    if not found:
        return None
    return found[-1] if lang == "kk" else found[0]


@lru_cache(maxsize=65536)
def content_stems(title: str | None, lang: str | None = None) -> frozenset[frozenset[str]]:
    """What a title is about, without parties, type noun and function words: one set of
    candidate stems per content word."""
    if not title:
        return frozenset()
    lang = lang or detect_lang(title)
    country = _country_words(title)
    words = [m.group().lower() for m in _WORD.finditer(title) if m.start() not in country]
    if lang == "kk" and "арасындағы" in words:  # "<parties> арасындағы <subject> туралы шарт"
        words = words[words.index("арасындағы") + 1 :]
    if lang == "ru" and "между" in words:
        # "Договор о <subject> между <parties>" or "Соглашение между <parties> о <subject> [от <date>]":
        # the parties run from "между" to the first "о"/"об"
        i = words.index("между")
        j = next((k for k in range(i + 1, len(words)) if words[k] in ("о", "об")), len(words))
        words = words[:i] + words[j:]
    out = set()
    for w in words:
        if w in _STOP or _type_of_word(w):
            continue
        out.add(stem_candidates(w, lang))
    return frozenset(out)


def _covered(a: frozenset, b: frozenset) -> int:
    return sum(1 for wa in a if any(wa & wb for wb in b))


def title_similarity(a: frozenset, b: frozenset) -> float:
    """1.0 when one title's content words all occur in the other (a short form of a title),
    else the share of the words of both that the other has."""
    if not a or not b:
        return 1.0
    ca, cb = _covered(a, b), _covered(b, a)
    if ca == len(a) or cb == len(b):
        return 1.0
    return (ca + cb) / (len(a) + len(b))


TITLE_MATCH = 0.6
COPY_MATCH = 0.85  # two texts of one instrument in one language (a .txt and its mirror)


# ---------------------------------------------------------------------------------------------
# Claims


@dataclass(frozen=True)
class Claim:
    """One place in one record that names an instrument."""

    sid: str
    loc: tuple
    target: str  # treaty | un_charter | helsinki_final_act | other
    key: TreatyKey | None
    titles: tuple[tuple[str, str], ...] = ()  # (lang, title)
    itype: str | None = None
    documented: bool = False  # the record is this instrument's own text
    article_count: int | None = None
    # what two texts of one instrument state alike whatever their language: the final clauses
    # (duration, notice, entry into force) and the place of signature; None where not stated
    terms: tuple = ()
    # the mirror folder of a text that is one of its kaz.md/rus.md: the two texts of one folder
    # are one instrument whatever they state (where they differ, the report says so)
    work: str | None = None
    # False for an approving act published without the treaty's text: it names the instrument
    # in its own words, so a text's heading is preferred as the title
    with_text: bool = True

    def sort_key(self):
        return (not self.documented, self.sid, tuple(str(x) for x in self.loc))

    def stems(self) -> dict[str, frozenset]:
        return {lang: content_stems(t, lang) for lang, t in self.titles}


@dataclass(frozen=True)
class ActClaim:
    sid: str
    loc: tuple
    kind: str
    country: str
    number: str | None
    date: str | None
    ratifies_loc: tuple | None  # the claim (same sid) naming the ratified instrument


def _titles_of(value, fallback_lang: str | None) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), str(v)) for k, v in value.items() if v))
    if isinstance(value, str) and value.strip():
        return ((detect_lang(value) or fallback_lang or "und", value.strip()),)
    return ()


def _terms(rec: Mapping) -> tuple:
    eif = rec.get("entry_into_force") if isinstance(rec.get("entry_into_force"), Mapping) else {}
    notice = rec.get("termination_notice") if isinstance(rec.get("termination_notice"), Mapping) else {}
    signed = rec.get("signed") if isinstance(rec.get("signed"), Mapping) else {}
    # what an amending instrument amends: two protocols of one day amending two agreements are two
    amended = sorted({r.get("date") for r in rec.get("references") or () if isinstance(r, Mapping)
                      and r.get("relation") == "amends" and r.get("date")})
    return (("duration", rec.get("duration")), ("eif_condition", eif.get("condition")),
            ("eif_delay", eif.get("delay_days")), ("notice_amount", notice.get("amount")),
            ("notice_unit", notice.get("unit")), ("place", signed.get("place")),
            ("amends", " ".join(amended) or None))


def _terms_conflict(a: tuple, b: tuple) -> bool:
    """Two texts that state a final clause differently are texts of two instruments."""
    db = dict(b)
    return any(v is not None and db.get(k) is not None and db[k] != v for k, v in a)


@lru_cache(maxsize=65536)
def title_topics(title: str) -> frozenset[str]:
    """The fields a title names (kg/tables/topics.json has cues in Kazakh and Russian): a way to
    compare titles across languages ("білім беру саласындағы" and "в области образования")."""
    from kg.text.cues import topic_patterns

    pats, procedural, _ = topic_patterns()
    low = " ".join(title.split()).lower()
    hits = {t for t, cue in pats.items() if cue.pattern.search(low)}
    # the subject's fields only: what a title does (amends, terminates) is said differently
    # in each language ("өзгерістер енгізу туралы", "о внесении изменений")
    return frozenset(hits - procedural)


def _key_from(item: Mapping, parties_field="parties", date_value=None) -> TreatyKey | None:
    k = ids.parse_treaty_key(item.get("id")) if item.get("id") else None
    if k is not None:
        return k
    raw_parties = item.get(parties_field) or []
    codes = [p.get("country") if isinstance(p, Mapping) else p for p in raw_parties]
    parties = ids.canonical_parties(codes)
    date = date_value if date_value is not None else item.get("date")
    if not (ids.is_full_date(date) or ids.is_year(date)):
        date = None
    if not parties:
        return None
    return TreatyKey(parties, date)




def mirror_work(file_name: str) -> str | None:
    """The mirror folder a source is a text of ("folder/kaz.md" -> "folder"), else None."""
    folder, _, name = file_name.rpartition("/")
    return folder if folder and name.lower() in MIRROR_FILES else None


def _one_key_per_work(claims: list[Claim]) -> list[Claim]:
    """The texts of one mirror folder under one key: the first text's (in claim order) that has
    full parties and date, given to the others, which may lack it or state another date (a
    finding of the report then, not a second instrument)."""
    chosen: dict[str, TreatyKey] = {}
    for c in claims:
        if c.documented and c.work and c.key is not None and ids.is_full_date(c.key.date):
            chosen.setdefault(c.work, c.key)
    return [replace(c, key=chosen[c.work]) if c.documented and c.work in chosen else c for c in claims]


def gather(sources: list[SourceRecord]) -> tuple[list[Claim], list[ActClaim]]:
    claims: list[Claim] = []
    acts: list[ActClaim] = []
    for src in sources:
        rec = src.record
        lang = src.language
        if src.kind == "treaty":
            signed = rec.get("signed") or {}
            key = _key_from(rec, date_value=signed.get("date"))
            claims.append(
                Claim(src.sid, ("self",), "treaty", key, _titles_of(rec.get("title"), lang),
                      rec.get("instrument_type"), True,
                      rec.get("article_count") if rec.get("treaty_text", True) else None, _terms(rec),
                      mirror_work(src.file_name), with_text=rec.get("treaty_text", True))
            )
            for i, ref in enumerate(rec.get("references") or []):
                target = ref.get("target") or "other"
                titles = _titles_of(ref.get("title"), lang)
                key = _key_from(ref) if target == "treaty" else None
                itype = title_type(titles[0][1], titles[0][0]) if titles else None
                claims.append(Claim(src.sid, ("ref", i), target, key, titles, itype, work=mirror_work(src.file_name)))
            rat = rec.get("ratification")
            if isinstance(rat, Mapping):
                acts.append(ActClaim(src.sid, ("ratification",), rat.get("act") or "law", "KZ",
                                     rat.get("number"), rat.get("date"), ("self",)))
        elif src.kind == "article":
            for i, m in enumerate(rec.get("treaties_mentioned") or []):
                titles = _titles_of(m.get("title"), lang)
                itype = title_type(titles[0][1], titles[0][0]) if titles else None
                claims.append(Claim(src.sid, ("mention", i), "treaty", _key_from(m), titles, itype))
            for i, law in enumerate(rec.get("laws_mentioned") or []):
                tk = ids.parse_treaty_key(law.get("ratifies") or "")
                target_loc = None
                if tk is not None:
                    target_loc = ("lawtarget", i)
                    claims.append(Claim(src.sid, target_loc, "treaty", tk))
                ak = ids.parse_act_key(law.get("id") or "")
                acts.append(ActClaim(src.sid, ("law", i), ak.kind if ak else "law",
                                     ak.country if ak else "KZ", law.get("number"),
                                     law.get("date"), target_loc))
            for i, c in enumerate(rec.get("citations") or []):
                target = c.get("resolves_to")
                tk = ids.parse_treaty_key(target or "")
                if tk is not None:
                    claims.append(Claim(src.sid, ("citation", i), "treaty", tk))
                ak = ids.parse_act_key(target or "")
                if ak is not None:
                    acts.append(ActClaim(src.sid, ("citation", i), ak.kind, ak.country,
                                         ak.number, ak.date, None))
    return claims, acts


# ---------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class InstrumentNode:
    iri: str
    target: str
    key: str | None  # identity key literal, "treaty:KZ-KG:2024-04-19"
    parties: tuple[str, ...]
    date: str | None
    year: str | None  # only for nodes known by year alone
    itype: str | None
    documented_by: tuple[str, ...]
    mentioned_by: tuple[str, ...]
    titles: tuple[tuple[str, str], ...]  # the preferred title per language
    reference_only: bool
    unresolved: bool
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActNode:
    iri: str
    kind: str
    country: str
    number: str | None
    date: str | None
    ratifies: tuple[str, ...]
    stated_by: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """How a mention that did not carry a full key was resolved (kept in the graph for review)."""

    sid: str
    loc: tuple
    mention_key: str
    resolved_to: str | None
    candidates: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class Resolution:
    instruments: Mapping[str, InstrumentNode]
    claim_iri: Mapping[tuple, str]  # (sid, loc) -> instrument IRI
    acts: Mapping[str, ActNode]
    act_iri: Mapping[tuple, str]  # (sid, loc) -> act IRI
    decisions: tuple[Decision, ...]
    primary_title: Mapping[tuple, tuple[str, ...]] = field(default_factory=dict)
    # (sid, iri) -> languages whose title that source states as the instrument's dcterms:title


# ---------------------------------------------------------------------------------------------
# Clustering


@dataclass
class _Cluster:
    key: TreatyKey
    claims: list[Claim] = field(default_factory=list)

    @property
    def documented(self) -> bool:
        return any(c.documented for c in self.claims)

    @property
    def itype(self) -> str | None:
        doc = sorted({c.itype for c in self.claims if c.documented and c.itype})
        if doc:
            return doc[0]
        types = sorted({c.itype for c in self.claims if c.itype})
        return types[0] if len(types) == 1 else None

    def stems(self) -> dict[str, list[frozenset]]:
        """The distinct content-stem sets of the cluster's titles, by language."""
        out: dict[str, set] = {}
        for c in self.claims:
            for lang, s in c.stems().items():
                out.setdefault(lang, set()).add(s)
        return {lang: list(v) for lang, v in out.items()}

    def best_titles(self) -> tuple[tuple[str, str], ...]:
        """One title per language: the text's own, else the fullest mention (then alphabetical)."""
        by_lang: dict[str, list[tuple[int, int, str]]] = {}
        for c in self.claims:
            for lang, t in c.titles:
                by_lang.setdefault(lang, []).append((0 if c.documented and c.with_text else 1 if c.documented else 2, -len(t), t))
        return tuple(sorted((lang, min(v)[2]) for lang, v in by_lang.items()))


def _match(claim: Claim, cluster: _Cluster) -> float | None:
    """None when the claim cannot be this cluster's instrument; else a score in [0, 1]."""
    # A text that names an instrument of its own day and parties ("guided by the Treaty of the
    # same day") names another one. Its own instrument only on proof: the same title (an
    # extraction error that NoSelfCitation then reports), and never before another as good.
    # The other text of the same mirror folder is the same instrument: its own too.
    own = not claim.documented and any(c.documented and (c.sid == claim.sid or (claim.work and c.work == claim.work))
                                       for c in cluster.claims)
    if own and not any(claim.stems().values()):
        return None  # a title that names no field ("the agreement between the two states") proves nothing
    ctype = cluster.itype
    if claim.itype and ctype and claim.itype != ctype:
        return None
    if claim.documented and claim.article_count is not None:
        counts = {c.article_count for c in cluster.claims if c.documented and c.article_count is not None}
        if counts and claim.article_count not in counts:
            return None
    if claim.documented and claim.terms:
        if any(_terms_conflict(claim.terms, c.terms) for c in cluster.claims if c.documented and c.terms):
            return None
    cstems = cluster.stems()
    mine = claim.stems()
    scores = []
    whole = False  # every word of the claim's title is in one of the cluster's
    for lang, s in mine.items():
        for other in cstems.get(lang, []):
            scores.append(title_similarity(s, other))
            whole = whole or _covered(s, other) == len(s)
    if own and scores and not whole:
        return None  # a word its own title lacks ("білім, мәдениет және ғылым" for "білім және ғылым"): another
    if claim.documented and not (claim.work and any(c.work == claim.work for c in cluster.claims)):
        # two texts in one language of one instrument are copies: their titles all but agree
        # ("... әуе қатынасы туралы келісімге өзгерістер енгізу туралы хаттама" and "... автомобиль
        # қатынасы туралы ..." of the same day share six words in ten, and are two protocols)
        for c in cluster.claims:
            if c.documented:
                for lang, s in c.stems().items():
                    if lang in mine and title_similarity(mine[lang], s) < COPY_MATCH:
                        return None
    if not scores:
        # Titles in other languages: the fields they name must not differ.
        mine = [title_topics(t) for _, t in claim.titles]
        theirs = [title_topics(t) for c in cluster.claims for _, t in c.titles]
        mine = [x for x in mine if x]
        theirs = [x for x in theirs if x]
        if own or (mine and theirs and not any(a & b for a in mine for b in theirs)):
            return None
        return 0.5  # nothing comparable (other language, no title): compatible but unproven
    best = max(scores)
    if best < TITLE_MATCH:
        return None
    return best - 1e-6 if own else best


def _best(claim: Claim, clusters: list[_Cluster]) -> tuple[list[tuple[float, int]], _Cluster | None]:
    scored = [(s, i) for i, c in enumerate(clusters) if (s := _match(claim, c)) is not None]
    if not scored:
        return scored, None
    scored.sort(key=lambda x: (-x[0], x[1]))
    if len(scored) == 1 or scored[0][0] > scored[1][0]:
        return scored, clusters[scored[0][1]]
    return scored, None


def _disambiguator(cluster: _Cluster) -> str:
    titles = dict(cluster.best_titles())
    for lang in ("kk", "ru", "en"):
        if lang in titles:
            content = content_stems(titles[lang], lang)
            # Keep the title's word order for readability: take words from the title itself.
            ordered = [w for w in _WORD.findall(titles[lang].lower()) if stem_candidates(w, lang) in content]
            return ids.slug((cluster.itype or "instrument") + " " + " ".join(ordered), max_len=50)
    return (cluster.itype or "instrument") + "-" + ids.short_hash(*(c.sid for c in cluster.claims), n=8)


def resolve(sources: list[SourceRecord]) -> Resolution:
    return resolve_claims(*gather(sources))


def source_claims_digest(src: SourceRecord, gathered: tuple | None = None) -> str:
    """What one source adds to the claims (`gathered`, its gather([src]), if the caller has it):
    their repr, and not their pickle, which depends on which strings happen to be the same
    object. A function of the record, the source's id and its language, so a caller may keep it
    by those."""
    return hashlib.sha256(repr(gathered if gathered is not None else gather([src])).encode("utf-8")).hexdigest()


def claims_digest(source_digests: list[str]) -> str:
    """What a resolution is made from: every source's claims (source_claims_digest), in the
    sources' order, which is gather()'s."""
    return hashlib.sha256("\n".join(source_digests).encode("ascii")).hexdigest()


def _draft(c: Claim) -> bool:
    """A text of an instrument that states no signing date (a draft approved for signature, its
    closing date left blank): an instrument of its own, documented, not a mention to resolve."""
    return c.documented and c.key.date is None


def resolve_claims(claims: list[Claim], act_claims: list[ActClaim]) -> Resolution:
    """The resolution of gather()'s claims: a function of them alone (see claims_digest)."""
    claims = _one_key_per_work(sorted(claims, key=Claim.sort_key))

    claim_iri: dict[tuple, str] = {}
    nodes: dict[str, InstrumentNode] = {}
    decisions: list[Decision] = []
    primary_title: dict[tuple, tuple[str, ...]] = {}

    # -- 1. instruments with full key ---------------------------------------------------------
    groups: dict[TreatyKey, list[_Cluster]] = {}
    ambiguous: list[tuple[Claim, list[_Cluster]]] = []
    work_cluster: dict[str, _Cluster] = {}  # a mirror folder's instrument: its other text joins it
    # (the drafts last: a text without a date whose folder's other text has one joins that one)
    keyed = [c for c in claims if c.target == "treaty" and c.key is not None and (ids.is_full_date(c.key.date) or _draft(c))]
    for c in sorted(keyed, key=_draft):
        if c.documented and c.work in work_cluster:
            work_cluster[c.work].claims.append(c)
            continue
        clusters = groups.setdefault(c.key, [])
        scored, best = _best(c, clusters)
        if c.documented and c.work:
            if best is None and not scored:
                best = _Cluster(c.key, [])
                clusters.append(best)
            work_cluster[c.work] = best if best is not None else clusters[scored[0][1]]
        if best is not None:
            best.claims.append(c)
        elif not scored:
            clusters.append(_Cluster(c.key, [c]))
        elif c.documented:  # a text matching several: join the first best (ties are rare)
            clusters[scored[0][1]].claims.append(c)
        else:
            ambiguous.append((c, [clusters[i] for _, i in scored]))

    cluster_iri: dict[int, str] = {}
    all_clusters: list[tuple[_Cluster, str]] = []
    for key in sorted(groups, key=str):
        clusters = groups[key]
        if len(clusters) == 1:
            iris = [ids.treaty_iri(key)]
        else:
            seen: dict[str, int] = {}
            iris = []
            for cl in clusters:
                d = _disambiguator(cl)
                seen[d] = seen.get(d, 0) + 1
                iris.append(ids.treaty_iri(key, d if seen[d] == 1 else f"{d}-{seen[d]}"))
        for cl, iri in zip(clusters, iris):
            cluster_iri[id(cl)] = iri
            all_clusters.append((cl, iri))
            for c in cl.claims:
                claim_iri[(c.sid, c.loc)] = iri
            documented_by = tuple(sorted({c.sid for c in cl.claims if c.documented}))
            titles = cl.best_titles()
            # The first text (by source id) per language names the instrument; other texts' and
            # mentions' titles are alternatives, so the merged graph has one title per language.
            # (a second text giving the same title word for word names it too: a kaz.md that carries
            # the Russian text of its rus.md)
            for lang, _ in titles:
                first = None
                for c in sorted((c for c in cl.claims if c.documented), key=lambda c: (not c.with_text, c.sid)):
                    mine = next((t for lg, t in c.titles if lg == lang), None)
                    if mine is not None and (first is None or mine == first):
                        first = mine
                        primary_title[(c.sid, iri)] = primary_title.get((c.sid, iri), ()) + (lang,)
            nodes[iri] = InstrumentNode(
                iri=iri, target="treaty", key=str(key), parties=key.parties, date=key.date,
                year=None, itype=cl.itype, documented_by=documented_by,
                mentioned_by=tuple(sorted({c.sid for c in cl.claims if not c.documented})),
                titles=titles, reference_only=not documented_by, unresolved=False,
            )

    for c, cands in ambiguous:
        cand_iris = tuple(sorted(cluster_iri[id(cl)] for cl in cands))
        iri = ids.treaty_iri(c.key, "ambiguous-" + ids.short_hash(c.sid, c.loc, n=8))
        claim_iri[(c.sid, c.loc)] = iri
        nodes[iri] = _unresolved_node(iri, c, cand_iris)
        decisions.append(Decision(c.sid, c.loc, str(c.key), None, cand_iris, "same key, several instruments"))

    # -- 2./3. year-only and undated mentions -------------------------------------------------
    partial: dict[tuple, list[_Cluster]] = {}
    by_parties: dict[tuple, list[tuple[_Cluster, str]]] = {}
    for cl, iri in all_clusters:
        by_parties.setdefault(cl.key.parties, []).append((cl, iri))
    for c in claims:
        if c.target != "treaty" or c.key is None or ids.is_full_date(c.key.date) or _draft(c):
            continue
        year = c.key.date if c.key.year_only else None
        pool = [(cl, iri) for cl, iri in by_parties.get(c.key.parties, [])
                if year is None or (cl.key.date or "").startswith(year)]
        if year is None:  # undated: only a proven title match counts
            matches = [(cl, iri) for cl, iri in pool if (s := _match(c, cl)) is not None and s >= TITLE_MATCH]
        else:
            matches = [(cl, iri) for cl, iri in pool if _match(c, cl) is not None]
        if len(matches) == 1:
            iri = matches[0][1]
            claim_iri[(c.sid, c.loc)] = iri
            node = nodes[iri]
            if c.sid not in node.documented_by and c.sid not in node.mentioned_by:
                nodes[iri] = replace(node, mentioned_by=tuple(sorted(node.mentioned_by + (c.sid,))))
            decisions.append(Decision(c.sid, c.loc, str(c.key), iri, (iri,),
                                      "year, parties and title" if year else "parties and title"))
            continue
        cands = tuple(sorted(iri for _, iri in (matches if len(matches) > 1 else pool)))
        # Unresolved mentions of the same thing share one node.
        bucket = partial.setdefault((c.key, cands), [])
        scored, best = _best(c, bucket)
        if best is None:
            best = _Cluster(c.key, [])
            bucket.append(best)
        best.claims.append(c)
    for (key, cands), bucket in sorted(partial.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        for cl in bucket:
            iri = ids.treaty_iri(key, _disambiguator(cl) if cl.best_titles() else None)
            if iri in nodes:
                iri = iri + "-" + ids.short_hash(*(c.sid for c in cl.claims), *(c.loc for c in cl.claims), n=6)
            for c in cl.claims:
                claim_iri[(c.sid, c.loc)] = iri
                decisions.append(Decision(c.sid, c.loc, str(key), None, cands,
                                          "no single candidate with these parties, year and title"))
            nodes[iri] = InstrumentNode(
                iri=iri, target="treaty", key=str(key), parties=key.parties, date=None,
                year=key.date if key.year_only else None, itype=cl.itype, documented_by=(),
                mentioned_by=tuple(sorted({c.sid for c in cl.claims})), titles=cl.best_titles(),
                reference_only=True, unresolved=True, candidates=cands,
            )

    # -- other targets: the UN Charter, the Helsinki Final Act, anything else by title ---------
    others: dict[str, tuple[str, set, dict, str | None]] = {}
    work_other: dict[str, str] = {}
    for c in claims:
        if c.target == "treaty" and c.key is not None:
            continue
        if c.target in ("un_charter", "helsinki_final_act"):
            iri = ids.known_instrument_iri(c.target)
        elif c.documented and c.work in work_other:  # the other text of a mirror folder
            iri = work_other[c.work]
        else:
            title = c.titles[0][1] if c.titles else f"{c.sid} {c.loc}"
            date = c.key.date if c.key else None
            iri = ids.other_instrument_iri((date + " " if date else "") + title)
            if c.documented and c.work:
                work_other[c.work] = iri
        claim_iri[(c.sid, c.loc)] = iri
        target, mentioned, titles, itype = others.setdefault(iri, (c.target, set(), {}, _KNOWN_TYPES.get(c.target, c.itype)))
        mentioned.add(c.sid)
        if c.target in _KNOWN_TYPES:  # a world-known instrument has its own name in every language
            titles.update(_known_titles().get(c.target, {}))
            continue
        for lang, t in c.titles:  # the fullest title per language (then alphabetical)
            if lang not in titles or (-len(t), t) < (-len(titles[lang]), titles[lang]):
                titles[lang] = t
    for iri, (target, mentioned, titles, itype) in others.items():
        nodes[iri] = InstrumentNode(
            iri=iri, target=target, key=None, parties=(), date=None, year=None, itype=itype,
            documented_by=(), mentioned_by=tuple(sorted(mentioned)), titles=tuple(sorted(titles.items())),
            reference_only=True, unresolved=False,
        )

    acts, act_iri = _resolve_acts(act_claims, claim_iri, nodes)
    decisions.sort(key=lambda d: (d.sid, tuple(str(x) for x in d.loc)))
    return Resolution(nodes, claim_iri, acts, act_iri, tuple(decisions), primary_title)


_KNOWN_TYPES = {"un_charter": "charter", "helsinki_final_act": "final_act"}


@lru_cache(maxsize=None)
def _known_titles() -> dict[str, dict[str, str]]:
    from kg.text import lexicon

    return {e["target"]: e["title"] for e in lexicon.load("references")["named"] if "title" in e}


def _unresolved_node(iri: str, c: Claim, cands: tuple[str, ...]) -> InstrumentNode:
    return InstrumentNode(
        iri=iri, target="treaty", key=str(c.key), parties=c.key.parties, date=None,
        year=None, itype=c.itype, documented_by=(), mentioned_by=(c.sid,), titles=c.titles,
        reference_only=True, unresolved=True, candidates=cands,
    )


def _resolve_acts(act_claims: list[ActClaim], claim_iri, nodes) -> tuple[dict, dict]:
    act_claims = sorted(act_claims, key=lambda a: (a.sid, tuple(str(x) for x in a.loc)))

    def ratified(a: ActClaim) -> str | None:
        return claim_iri.get((a.sid, a.ratifies_loc)) if a.ratifies_loc else None

    # Numbered acts: one node per (kind, country, number); the date joins the IRI when the
    # claims agree on one (different dates for one number are kept apart).
    numbered: dict[tuple, set[str]] = {}
    for a in act_claims:
        if a.number:
            numbered.setdefault((a.kind, a.country, a.number), set()).add(a.date or "")
    act_iri: dict[tuple, str] = {}
    info: dict[str, dict] = {}

    def note(iri, a: ActClaim, number, date):
        d = info.setdefault(iri, {"kind": a.kind, "country": a.country, "number": number,
                                  "date": date, "ratifies": set(), "stated_by": set()})
        r = ratified(a)
        if r:
            d["ratifies"].add(r)
        d["stated_by"].add(a.sid)
        act_iri[(a.sid, a.loc)] = iri

    for a in act_claims:
        if not a.number:
            continue
        dates = {d for d in numbered[(a.kind, a.country, a.number)] if d}
        date = a.date or (next(iter(dates)) if len(dates) == 1 else None)
        iri = ids.act_iri(ids.ActKey(a.kind, a.country, a.number, date))
        note(iri, a, a.number, date)
    by_ratified: dict[str, list[str]] = {}
    for iri, d in info.items():
        for r in d["ratifies"]:
            by_ratified.setdefault(r, []).append(iri)
    for a in act_claims:
        if a.number:
            continue
        r = ratified(a)
        same = sorted(iri for iri in by_ratified.get(r, [])
                      if info[iri]["kind"] == a.kind and info[iri]["country"] == a.country and info[iri]["number"])
        if len(same) == 1:
            note(same[0], a, info[same[0]]["number"], info[same[0]]["date"])
            continue
        if r:
            path = r[len(ids.ns.ID + "treaty/"):] if r.startswith(ids.ns.ID + "treaty/") else ids.slug(r)
            iri = ids.ns.ID + f"{a.kind}/{a.country.lower()}/ratifying/{path}"
        else:
            iri = ids.act_iri(ids.ActKey(a.kind, a.country, None, a.date))
        note(iri, a, None, a.date)
    acts = {
        iri: ActNode(iri, d["kind"], d["country"], d["number"], d["date"],
                     tuple(sorted(d["ratifies"])), tuple(sorted(d["stated_by"])))
        for iri, d in sorted(info.items())
    }
    return acts, act_iri
