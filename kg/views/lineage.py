"""Lineage views: which instruments supersede, amend, implement, cite or ratify which.

Every view is built from SPARQL SELECTs over a store object with `.select(text)` (the local
Oxigraph store or any SPARQL 1.1 server, kg.graph.store), so the web page and the command line show
the same graph wherever it lives. The neighbourhood of the nodes shown (their own triples, the
edges into them) comes from the store's `outgoing`/`incoming` when it offers them (the local
store reads it raw, without row dicts), else from the equivalent SELECT; tests compare the two.
A view is a networkx.MultiDiGraph whose nodes are IRIs and whose edges carry `relation`;
`node_link` turns it into the JSON the web page reads, and kg.views.draw makes pictures of it.

Edges point the way the graph states them: the superseding, citing or ratifying node is the
source. The ancestors of an instrument are what it points to (transitively), its descendants
what points to it.

Language is data: the words for relations, kinds, reasons and titles are in
kg/tables/lineage.json; instrument types and country names come from the graph's own labels.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import pyoxigraph as ox

from kg.graph import ids
from kg.text import lexicon
from kg.graph import namespaces as ns
from kg.errors import KgError

VIEWS = ("lineage", "supersession", "timeline", "overview")
LANGS = ("en", "kk", "ru")

# (relation, predicate). A research work's formal citation and its plain mention of an
# instrument are both "discusses" for a reader of the lineage.
RELATIONS: tuple[tuple[str, str], ...] = (
    ("supersedes", ns.BKG + "supersedes"),
    ("amends", ns.BKG + "amends"),
    ("implements", ns.BKG + "implements"),
    ("guided_by", ns.BKG + "guidedBy"),
    ("reaffirms", ns.BKG + "reaffirms"),
    ("cites", ns.ELI + "cites"),
    ("ratifies", ns.BKG + "ratifies"),
    ("discusses", ns.CITO + "cites"),
    ("discusses", ns.BKG + "mentions"),
)
RELATION_NAMES = tuple(dict.fromkeys(r for r, _ in RELATIONS))
LINEAGE_RELATIONS = ("supersedes", "amends", "implements", "guided_by", "reaffirms", "cites", "ratifies")
CITING_RELATIONS = ("cites", "guided_by", "reaffirms", "implements", "discusses")

CLASSES = (("instrument", ns.BKG + "Instrument"), ("ratifying_act", ns.BKG + "RatifyingAct"),
           ("research_work", ns.BKG + "ResearchWork"))


class LineageError(KgError):
    """A view that cannot be made: a bad option, or nothing to show."""


class UnknownInstrument(LineageError):
    """The instrument named is not in the graph."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str


@dataclass(frozen=True)
class Status:
    """Whether an instrument is in force on a date: True, False or None (unknown), and why."""
    in_force: bool | None
    reason: str
    on: dt.date


@dataclass(frozen=True)
class Check:
    """A place where the data contradicts itself."""
    kind: str
    message: str
    instruments: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """What the graph says of one node (the first value where sources disagree)."""
    iri: str
    cls: str
    kind: str | None = None  # instrument type or act type notation
    signed: dt.date | None = None
    year: int | None = None
    eif: dt.date | None = None  # stated, or derived when the text says "on signature (+ N days)"
    eif_stated: bool = False
    end: dt.date | None = None
    reference_only: bool = False
    unresolved: bool = False
    identifier: str | None = None
    number: str | None = None
    parties: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # (lang, title)
    alternatives: tuple[tuple[str, str], ...] = ()
    kind_labels: tuple[tuple[str, str], ...] = ()  # (lang, label) of the type concept

    @property
    def date_iso(self) -> str | None:
        if self.signed:
            return self.signed.isoformat()
        return str(self.year) if self.year else None


# ---------------------------------------------------------------------------------------------
# Language tables


@lru_cache(maxsize=None)
def table() -> dict:
    return lexicon.load("lineage")


def word(group: str, key: str, lang: str) -> str:
    entry = table()[group].get(key)
    if entry is None:
        return key.replace("_", " ")
    return entry.get(lang) or entry.get("en") or key


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise LineageError(f"--lang {lang}: one of {', '.join(LANGS)}")
    return lang


# ---------------------------------------------------------------------------------------------
# SPARQL

_PREFIX = ns.sparql_prologue()


def _iri_values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in sorted(iris))} }}"


_SPECIFIC_CITING = ("guided_by", "reaffirms", "implements")


def _q_edges(predicates) -> str:
    # Every edge by these predicates (the edges at given nodes are read by _Neighbours). One
    # branch per predicate, each led by its constant, so Oxigraph reads its index by predicate.
    branches = " UNION ".join(f"{{ ?from <{p}> ?to BIND (<{p}> AS ?p) }}" for p in sorted(predicates))
    return _PREFIX + f"""
SELECT DISTINCT ?from ?p ?to WHERE {{
  {branches}
}}"""


_Q_TYPES = _PREFIX + """
SELECT DISTINCT ?n ?c WHERE { %s ?n a ?c }"""


_Q_COUNTRIES = _PREFIX + """
SELECT DISTINCT ?iso ?label WHERE { ?c a bkg:Country ; bkg:isoCode ?iso ; rdfs:label ?label }"""

# The countries by IRI, not by ISO code: led by the bound objects, the query reads the few
# instruments of the pair instead of every instrument (3.7 s to 1 ms on 100,000 treaties).
_Q_PAIR = _PREFIX + """
SELECT DISTINCT ?n WHERE {
  ?n bkg:partyCountry <%s> .
  ?n bkg:partyCountry <%s> .
  ?n a bkg:Instrument .
}"""

_Q_ALL_NODES = _PREFIX + """
SELECT DISTINCT ?n ?ident WHERE {
  { ?n a bkg:Instrument } UNION { ?n a bkg:RatifyingAct } UNION { ?n a bkg:ResearchWork }
  OPTIONAL { ?n dcterms:identifier ?ident }
}"""


def _value(term) -> str:
    return term.value


def _lang(term) -> str | None:
    return getattr(term, "language", None)


class _Neighbours:
    """A store seen through the neighbourhood of the nodes a view shows: the triples out of
    them (each node read once per view, however many steps ask for it) and the edges into
    them. The store's own reads where it offers them (kg.graph.store.LocalStore), else one SELECT."""

    def __init__(self, store):
        self.store = store
        self._out: dict[str, set] = {}

    def select(self, text: str) -> list[dict]:
        return self.store.select(text)

    def out(self, iris) -> dict[str, set]:
        """{iri: {(predicate, object)}} of the predicates the views read (_READ)."""
        todo = {i for i in iris if i not in self._out}
        if todo:
            read = getattr(self.store, "outgoing", None)
            if read is not None:
                self._out.update(read(todo, _READ))
            else:
                got: dict[str, set] = {i: set() for i in todo}
                only = ", ".join(f"<{p}>" for p in sorted(_READ))
                for r in self.store.select(_PREFIX + f"SELECT ?s ?p ?o WHERE {{ {_iri_values('s', todo)} ?s ?p ?o "
                                                     f"FILTER (?p IN ({only})) }}"):
                    got[_value(r["s"])].add((_value(r["p"]), r["o"]))
                self._out.update(got)
        return {i: self._out[i] for i in iris}

    def into(self, iris, predicates) -> set[tuple[str, str, str]]:
        if not iris:
            return set()
        read = getattr(self.store, "incoming", None)
        if read is not None:
            return read(iris, predicates)
        branches = " UNION ".join(f"{{ ?s <{p}> ?o BIND (<{p}> AS ?p) }}" for p in sorted(predicates))
        rows = self.store.select(_PREFIX + f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_iri_values('o', iris)} {branches} }}")
        return {(_value(r["s"]), _value(r["p"]), _value(r["o"])) for r in rows if isinstance(r["s"], ox.NamedNode)}


def _neighbours(store) -> _Neighbours:
    return store if isinstance(store, _Neighbours) else _Neighbours(store)


def _edges(store, relations=RELATION_NAMES, sources=None, targets=None) -> set[Edge]:
    if (sources is not None and not sources) or (targets is not None and not targets):
        return set()
    wanted = set(relations)
    if "cites" in wanted:  # to tell a plain citation from a specific one, fetch those too
        wanted |= set(_SPECIFIC_CITING)
    by_predicate: dict[str, list[str]] = {}
    for r, p in RELATIONS:
        if r in wanted:
            by_predicate.setdefault(p, []).append(r)
    if sources is not None:
        nb = _neighbours(store)
        triples = {(s, p, o.value) for s, po in nb.out(sources).items() for p, o in po
                   if p in by_predicate and isinstance(o, ox.NamedNode)}
        if targets is not None:
            triples = {t for t in triples if t[2] in targets}
    elif targets is not None:
        triples = _neighbours(store).into(targets, by_predicate)
    else:
        rows = store.select(_q_edges(by_predicate))
        triples = {(_value(r["from"]), _value(r["p"]), _value(r["to"])) for r in rows}
    found = {Edge(s, o, name) for s, p, o in triples for name in by_predicate[p]}
    # eli:cites is stated beside every guidedBy/reaffirms/implements edge (no reasoner): list
    # each edge once, under its specific relation, as cq03 does.
    specific = {(e.source, e.target) for e in found if e.relation in _SPECIFIC_CITING}
    found = {e for e in found if not (e.relation == "cites" and (e.source, e.target) in specific)}
    found = {e for e in found if e.relation in relations}
    discusses = [e for e in found if e.relation == "discusses"]
    if discusses:  # a research work discussing an instrument or act, not any cito:cites
        ends = {e.source for e in discusses} | {e.target for e in discusses}
        types = {n: {_value(o) for p, o in po if p == _RDF_TYPE} for n, po in _neighbours(store).out(ends).items()}
        work, target = ns.BKG + "ResearchWork", {ns.BKG + "Instrument", ns.BKG + "RatifyingAct"}
        found = {e for e in found if e.relation != "discusses"
                 or (work in types.get(e.source, ()) and types.get(e.target, set()) & target)}
    return found


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    m = re.match(r"^(\d{4})", text or "")
    return int(m.group(1)) if m else None


_RDF_TYPE = ns.RDF + "type"
# predicate -> the key of a node's facts it gives (the least value where sources disagree)
_FACT_KEYS = {
    ns.ELI + "date_document": "date", ns.BKG + "signedYear": "year", ns.FABIO + "hasPublicationYear": "pub",
    ns.ELI + "first_date_entry_in_force": "eif", ns.ELI + "date_no_longer_in_force": "end",
    ns.BKG + "entryIntoForceCondition": "cond", ns.BKG + "entryIntoForceDelayDays": "delay",
    ns.BKG + "referenceOnly": "ro", ns.BKG + "unresolved": "unres", ns.DCTERMS + "identifier": "ident",
    ns.ELI + "id_local": "number",
}
_TEXT_KEYS = {ns.DCTERMS + "title": "title", ns.DCTERMS + "alternative": "alternative"}
_TYPE_DOCUMENT, _PARTY = ns.ELI + "type_document", ns.BKG + "partyCountry"
_NOTATION, _PREF_LABEL, _ISO = ns.SKOS + "notation", ns.SKOS + "prefLabel", ns.BKG + "isoCode"
_CLASS_NAMES = {c: name for name, c in CLASSES}
# Every predicate a view reads from a node: its facts, its type's notation and labels, its
# parties' codes and its lineage edges. A real treaty node has 25 triples, about half of them
# read here; the rest (languages, durations, bodies) are left in the store.
_READ = frozenset({_RDF_TYPE, _TYPE_DOCUMENT, _PARTY, _NOTATION, _PREF_LABEL, _ISO, *_FACT_KEYS, *_TEXT_KEYS,
                   *(p for _, p in RELATIONS)})


def facts(store, iris) -> dict[str, Facts]:
    """Facts of the given nodes (instruments, ratifying acts, research works) by IRI: their own
    triples, and the notation and labels of their type and the ISO codes of their parties."""
    iris = set(iris)
    if not iris:
        return {}
    nb = _neighbours(store)
    own = nb.out(iris)
    hop = {o.value for po in own.values() for p, o in po
           if p in (_TYPE_DOCUMENT, _PARTY) and isinstance(o, ox.NamedNode)}
    second = nb.out(hop)
    out = {}
    for n, po in own.items():
        classes = [_CLASS_NAMES[o.value] for p, o in po if p == _RDF_TYPE and o.value in _CLASS_NAMES]
        if not classes:
            continue
        d: dict[str, str] = {"cls": min(classes)}
        t: dict[str, set] = {}
        for p, o in po:
            key = _FACT_KEYS.get(p)
            if key is not None:
                if key not in d or o.value < d[key]:
                    d[key] = o.value
            elif p in _TEXT_KEYS and isinstance(o, ox.Literal):
                t.setdefault(_TEXT_KEYS[p], set()).add((_lang(o) or "", o.value))
            elif p == _TYPE_DOCUMENT:
                for p2, o2 in second.get(o.value, ()):
                    if p2 == _NOTATION and ("kind" not in d or o2.value < d["kind"]):
                        d["kind"] = o2.value
                    elif p2 == _PREF_LABEL:
                        t.setdefault("kind", set()).add((_lang(o2) or "", o2.value))
            elif p == _PARTY:
                t.setdefault("party", set()).update(("", o2.value) for p2, o2 in second.get(o.value, ()) if p2 == _ISO)
        signed = _date(d.get("date"))
        eif = _date(d.get("eif"))
        stated = eif is not None
        if eif is None and signed and d.get("cond") == "signature":
            # "enters into force on the date of signature (+ N days)": the text gives the date
            eif = signed + dt.timedelta(days=int(d.get("delay") or 0))
        parties = ids.canonical_parties(v for _, v in t.get("party", ()))
        out[n] = Facts(
            iri=n, cls=d["cls"], kind=d.get("kind"), signed=signed,
            year=signed.year if signed else _year(d.get("year") or d.get("pub")),
            eif=eif, eif_stated=stated, end=_date(d.get("end")),
            reference_only=d.get("ro") == "true", unresolved=d.get("unres") == "true",
            identifier=d.get("ident"), number=d.get("number"), parties=parties,
            titles=tuple(sorted(t.get("title", ()))), alternatives=tuple(sorted(t.get("alternative", ()))),
            kind_labels=tuple(sorted(t.get("kind", ()))),
        )
    return out


def _country_names(store, codes=None) -> dict[str, dict[str, str]]:
    """Names of the countries with these ISO codes (all countries when None) by language."""
    out: dict[str, dict[str, str]] = {}
    if codes is not None and not codes:
        return out
    query = _Q_COUNTRIES
    if codes is not None:
        values = "VALUES ?iso { " + " ".join(_literal(c) for c in sorted(codes)) + " }"
        query = _Q_COUNTRIES.replace("SELECT DISTINCT ?iso ?label WHERE {", "SELECT DISTINCT ?iso ?label WHERE { " + values)
    for r in store.select(query):
        out.setdefault(_value(r["iso"]), {})[_lang(r["label"]) or ""] = _value(r["label"])
    return out


# ---------------------------------------------------------------------------------------------
# Naming an instrument


def short_id(iri: str) -> str:
    return iri[len(ns.ID):] if iri.startswith(ns.ID) else iri


def resolve_instrument(store, name: str) -> str:
    """The IRI of a node given as a full IRI, an identity key (`treaty:KZ-KG:2024-04-19`), or
    the tail of its IRI (`kz-kg/2024-04-19`, `treaty/kz-kg/2024-04-19`, `law/kz/216-viii/…`)."""
    name = name.strip()
    candidates = []
    if name.startswith("http://") or name.startswith("https://"):
        candidates.append(name)
    else:
        key_iri = ids.iri_for_key(name)
        if key_iri:
            candidates.append(key_iri)
        tail = name.strip("/")
        candidates += [ns.ID + tail, ns.ID + "treaty/" + tail, ns.ID + "instrument/" + tail,
                       ns.ID + "law/" + tail, ns.ID + "work/" + tail]
    if candidates:  # the usual case, answered without listing every node of the graph
        rows = store.select(_Q_TYPES % _iri_values("n", candidates))
        present = {_value(r["n"]) for r in rows if _value(r["c"]) in {c for _, c in CLASSES}}
        for c in candidates:
            if c in present:
                return c
        rows = store.select(_PREFIX + 'SELECT ?n WHERE { ?n dcterms:identifier %s }' % _literal(name))
        if rows:
            return sorted(_value(r["n"]) for r in rows)[0]
    known = {_value(r["n"]): _value(r["ident"]) if "ident" in r else None for r in store.select(_Q_ALL_NODES)}
    for c in candidates:
        if c in known:
            return c
    for iri, ident in known.items():  # the identifier as the graph writes it, any case
        if ident and ident.lower() == name.lower():
            return iri
    names = {short_id(i): i for i in known} | {ident: i for i, ident in known.items() if ident}
    close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.5)
    if not close:
        close = [k for k in names if name.lower() in k.lower()][:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownInstrument(f"{name}: no such instrument in the graph{hint}")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_pair(pair) -> tuple[str, str] | None:
    if pair is None or pair == "":
        return None
    parts = [p.strip().upper() for p in (pair.split(",") if isinstance(pair, str) else pair)]
    if len(parts) != 2 or not all(re.fullmatch(r"[A-Z]{2}", p) for p in parts) or parts[0] == parts[1]:
        raise LineageError(f"--pair {pair}: two different ISO 3166-1 alpha-2 codes, e.g. KZ,KG")
    return tuple(ids.canonical_parties(parts))  # type: ignore[return-value]


def parse_on(on) -> dt.date:
    if on is None or on == "":
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(str(on))
    except ValueError as e:
        raise LineageError(f"--on {on}: not a date (YYYY-MM-DD)") from e


# ---------------------------------------------------------------------------------------------
# In force on a date


def decide_status(own: Facts, successors: list[Facts], on: dt.date, lang: str = "en",
                  name=lambda f: f.identifier or short_id(f.iri)) -> Status:
    """In force on `on`, from the instrument's own dates and those of what supersedes it.

    A superseded instrument ceases to have effect when its successor enters into force: from
    then on it is not in force; after the successor is signed but while its entry into force is
    unknown, the status is unknown; before the successor is signed it follows its own dates.
    Nothing is guessed: without an entry-into-force date the answer is None.
    """
    def why(key, **kw):
        return word("reasons", key, lang).format(on=on.isoformat(), **kw)

    signed_s = own.date_iso or ""
    if own.signed and on < own.signed or (not own.signed and own.year and on.year < own.year):
        return Status(False, why("not_signed", signed=signed_s), on)
    if own.end and on >= own.end:
        return Status(False, why("terminated", end=own.end.isoformat()), on)
    if own.eif and on < own.eif:
        state, reason = False, why("before_eif", eif=own.eif.isoformat())
    elif own.eif:
        state, reason = True, why("in_force", eif=own.eif.isoformat())
    elif not own.signed and not own.year:
        state, reason = None, why("no_dates")
    else:
        state, reason = None, why("eif_unknown", signed=signed_s)

    pending = None
    for s in sorted(successors, key=lambda f: f.iri):
        if s.signed and on < s.signed or (not s.signed and s.year and on.year < s.year):
            continue  # not yet signed: no effect yet
        if s.eif and on >= s.eif:
            return Status(False, why("superseded", by=name(s), eif=s.eif.isoformat()), on)
        if s.eif is None:
            pending = pending or s
    if state is False:
        return Status(False, reason, on)
    if pending is not None:
        return Status(None, why("superseded_unknown", by=name(pending)), on)
    return Status(state, reason, on)


def _statuses(store, fx: dict[str, Facts], on: dt.date, lang: str,
              countries: dict[str, dict[str, str]] | None = None) -> dict[str, Status]:
    instruments = {i for i, f in fx.items() if f.cls == "instrument"}
    sup = _edges(store, ("supersedes",), targets=instruments)
    missing = {e.source for e in sup} - set(fx)
    allfx = fx | facts(store, missing)
    countries = dict(countries or {})
    missing_codes = {c for f in allfx.values() for c in f.parties} - set(countries)
    countries.update(_country_names(store, missing_codes))  # only the successors' new countries
    out = {}
    for i in instruments:
        succ = [allfx[e.source] for e in sup if e.target == i and e.source in allfx]
        out[i] = decide_status(fx[i], succ, on, lang, name=lambda f: label_of(f, lang, countries)[0])
    return out


def status_on(store, instrument: str, on=None, lang: str = "en") -> Status:
    """Whether one instrument (any name `resolve_instrument` takes) is in force on a date."""
    store = _neighbours(store)
    iri = resolve_instrument(store, instrument)
    fx = facts(store, {iri})
    if fx[iri].cls != "instrument":
        raise LineageError(f"{instrument}: not an international instrument (a {fx[iri].cls.replace('_', ' ')})")
    return _statuses(store, fx, parse_on(on), _check_lang(lang))[iri]


# ---------------------------------------------------------------------------------------------
# Labels


def _pick(pairs, lang: str) -> str | None:
    for l, text in pairs:
        if l == lang:
            return text
    return None


def short_title(title: str, lang: str) -> str:
    """The title without the parties' names (the pair and the lane show them)."""
    out = title
    for pattern in table()["title_trim"].get(lang, ()):
        cut = re.sub(pattern, "", out, count=1).strip()
        if len(cut) >= 8:
            out = cut
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=None)
def _fields_of(fmt: str) -> tuple[str, ...]:
    return tuple(re.findall(r"{(\w+)}", fmt))


def _fmt(formats, **fields) -> str | None:
    for f in formats:
        if all(fields.get(n) for n in _fields_of(f)):
            return f.format(**fields)
    return None


def _kind_label(f: Facts, lang: str) -> str:
    if f.cls == "instrument":
        text = _pick(f.kind_labels, lang) or _pick(f.kind_labels, "en") or (f.kind or "").replace("_", " ")
        return text or word("classes", "instrument", lang)
    if f.cls == "ratifying_act":
        return word("act_types", f.kind or "law", lang)
    return word("classes", f.cls, lang)


def label_of(f: Facts, lang: str, countries=None) -> tuple[str, str, bool]:
    """(label, caption, titled): a short name in `lang`.

    An instrument is named by its title in that language, shortened; without one, by its kind
    and parties in that language ("Treaty KZ–KG"), which every reader can read, and the date
    goes into the label; without parties, by a title in another language. `caption` is the
    label without the date, for pictures that show the date anyway.
    """
    pair = "–".join(f.parties) if f.parties else None
    kind = _kind_label(f, lang)
    date = f.date_iso
    if f.cls == "research_work":
        title = _pick(f.titles, lang) or (f.titles[0][1] if f.titles else short_id(f.iri))
        return title, title, True
    if f.cls == "ratifying_act":
        cap = _fmt(table()["formats"]["ratifying_act"][lang], kind=kind, number=f.number) or kind
        cap = cap[:1].upper() + cap[1:]
        return (f"{cap}, {date}" if date else cap), cap, False
    own = _pick(f.titles, lang) or _pick(f.alternatives, lang)
    if own:
        cap = short_title(own, lang)
        return cap, cap, True
    cap = _fmt(table()["formats"]["instrument"][lang], kind=kind, pair=pair)
    if cap is None:
        other = next((t for _, t in f.titles + f.alternatives), None)
        cap = short_title(other, _lang_of(f, other)) if other else kind
        cap = cap or kind
    else:
        cap = cap[:1].upper() + cap[1:]
    return (f"{cap}, {date}" if date else cap), cap, False


def _lang_of(f: Facts, text: str) -> str:
    return next((l for l, t in f.titles + f.alternatives if t == text), "")


# ---------------------------------------------------------------------------------------------
# Views


def view(store, name: str, instrument: str | None = None, *, pair=None, on=None, depth: int = 2,
         lang: str = "en") -> nx.MultiDiGraph:
    """One of VIEWS as a MultiDiGraph of IRIs (see the module docstring)."""
    if name not in VIEWS:
        raise LineageError(f"--view {name}: one of {', '.join(VIEWS)}")
    lang = _check_lang(lang)
    day = parse_on(on)
    pair_t = parse_pair(pair)
    if depth < 0:
        raise LineageError(f"--depth {depth}: zero or more")
    store = _neighbours(store)
    iri = resolve_instrument(store, instrument) if instrument else None

    if name == "lineage":
        if iri is None:
            raise LineageError("the lineage view needs an instrument (its IRI, key or IRI tail)")
        nodes, edges = _lineage(store, iri, depth)
    elif name == "supersession":
        nodes, edges = _supersession(store, iri)
    elif name == "timeline":
        if pair_t is None and iri is not None:
            own = facts(store, {iri})[iri]
            pair_t = own.parties if len(own.parties) == 2 else None
        if pair_t is None:
            raise LineageError("the timeline view needs --pair (e.g. KZ,KG) or a bilateral instrument; "
                               f"pairs in the graph: {', '.join(_pairs(store)) or 'none'}")
        nodes, edges = _timeline(store, pair_t)
    else:
        nodes, edges = _overview(store)
    return _assemble(store, name, nodes, edges, lang=lang, on=day, pair=pair_t, instrument=iri, depth=depth)


def _walk(store, start: str, depth: int, outward: bool) -> tuple[set[str], set[Edge]]:
    seen, frontier, found = {start}, {start}, set()
    for _ in range(depth):
        if not frontier:
            break
        step = _edges(store, LINEAGE_RELATIONS, sources=frontier) if outward else \
            _edges(store, LINEAGE_RELATIONS, targets=frontier)
        found |= step
        nxt = {e.target if outward else e.source for e in step} - seen
        seen |= nxt
        frontier = nxt
    return seen, found


def _with_acts(store, nodes: set[str], edges: set[Edge]) -> tuple[set[str], set[Edge]]:
    """Attach the acts that ratify the instruments shown, and every lineage edge among them."""
    acts = _edges(store, ("ratifies",), targets=nodes)
    nodes = nodes | {e.source for e in acts}
    among = {e for e in _edges(store, LINEAGE_RELATIONS, sources=nodes) if e.target in nodes}
    return nodes, edges | acts | among


def _lineage(store, iri: str, depth: int):
    up, e_up = _walk(store, iri, depth, outward=True)
    down, e_down = _walk(store, iri, depth, outward=False)
    return _with_acts(store, up | down, e_up | e_down)


def _supersession(store, iri: str | None):
    sup = _edges(store, ("supersedes",))
    g = nx.Graph()
    g.add_edges_from((e.source, e.target) for e in sup)
    if iri is not None:
        keep = nx.node_connected_component(g, iri) if iri in g else {iri}
        sup = {e for e in sup if e.source in keep}
        nodes = set(keep)
    else:
        nodes = set(g.nodes)
    return _with_acts(store, nodes, sup)


def _timeline(store, pair: tuple[str, str]):
    nodes = {_value(r["n"]) for r in store.select(_Q_PAIR % _rarer_first(store, pair))}
    if not nodes:
        raise LineageError(f"no instrument between {pair[0]} and {pair[1]} in the graph "
                           f"(pairs in the graph: {', '.join(_pairs(store)) or 'none'})")
    nodes, edges = _with_acts(store, nodes, set())
    works = _edges(store, ("discusses",), targets=nodes)
    return nodes | {e.source for e in works}, edges | works


def _overview(store):
    nodes = {_value(r["n"]) for r in store.select(_Q_ALL_NODES)}
    edges = {e for e in _edges(store) if e.source in nodes and e.target in nodes}
    return nodes, edges


_PROBE, _PROBE_MAX = 500, 1_000_000


def _rarer_first(store, pair: tuple[str, str]) -> tuple[str, str]:
    """The pair's country IRIs, the one that is party to fewer instruments first: the query
    is evaluated in the order written, and Kazakhstan is party to nearly every instrument
    of a Kazakh database. A pair of two busy countries (China and Zimbabwe, 8,500 and 1,000
    instruments on 100,000 treaties) took 183 ms the wrong way round and 15 ms the right way.
    Counting stops early: both up to a limit that doubles until one falls short of it, which
    tells the rarer one after counting about twice its instruments, never the busy one's all."""
    iris = [ids.country_iri(c) for c in pair]

    def count(iri: str, limit: int) -> int:  # inside the engine: a row handed to Python costs ten times more
        return int(_value(store.select(_PREFIX + f"""SELECT (COUNT(*) AS ?c) WHERE {{
            SELECT ?n WHERE {{ ?n bkg:partyCountry <{iri}> }} LIMIT {limit} }}""")[0]["c"]))

    probe = _PROBE
    while True:
        sizes = [count(i, probe) for i in iris]
        if min(sizes) < probe or probe >= _PROBE_MAX:
            break
        probe *= 2
    return (iris[1], iris[0]) if sizes[1] < sizes[0] else (iris[0], iris[1])


def _pairs(store) -> list[str]:
    rows = store.select(_PREFIX + """
SELECT DISTINCT ?n ?iso WHERE { ?n a bkg:Instrument ; bkg:partyCountry/bkg:isoCode ?iso }""")
    by: dict[str, set] = {}
    for r in rows:
        by.setdefault(_value(r["n"]), set()).add(_value(r["iso"]))
    return sorted({",".join(ids.canonical_parties(v)) for v in by.values() if len(v) == 2})


def _assemble(store, name, nodes: set[str], edges: set[Edge], *, lang, on, pair, instrument, depth):
    fx = facts(store, nodes)
    countries = _country_names(store, {c for f in fx.values() for c in f.parties})
    status = _statuses(store, fx, on, lang, countries)
    cited_by: dict[str, set] = {}
    for e in edges:
        if e.relation in CITING_RELATIONS:
            cited_by.setdefault(e.target, set()).add(e.source)

    G = nx.MultiDiGraph()
    for iri in sorted(fx):
        f = fx[iri]
        label, caption, titled = label_of(f, lang, countries)
        st = status.get(iri)
        G.add_node(
            iri, label=label, caption=caption, kind=f.kind or f.cls, kind_label=_kind_label(f, lang),
            **{"class": f.cls}, date=f.date_iso, year=f.year,
            in_force=st.in_force if st else None, in_force_reason=st.reason if st else None,
            entry_into_force=f.eif.isoformat() if f.eif else None, entry_into_force_stated=f.eif_stated,
            no_longer_in_force=f.end.isoformat() if f.end else None,
            parties=list(f.parties), pair="-".join(f.parties) if len(f.parties) == 2 else None,
            title=_pick(f.titles, lang) or (f.titles[0][1] if f.titles else label),
            **{f"title_{l}": _pick(f.titles, l) for l in LANGS},
            identifier=f.identifier, number=f.number, short_id=short_id(iri),
            reference_only=f.reference_only, unresolved=f.unresolved,
            cited_by=len(cited_by.get(iri, ())), focus=iri == instrument,
        )
    for e in sorted(edges, key=lambda e: (e.source, e.relation, e.target)):
        if e.source in fx and e.target in fx:
            G.add_edge(e.source, e.target, key=e.relation, relation=e.relation,
                       relation_label=word("relations", e.relation, lang))

    ranked = sorted((n for n in G if G.nodes[n]["cited_by"] and G.nodes[n]["class"] == "instrument"),
                    key=lambda n: (-G.nodes[n]["cited_by"], G.nodes[n]["date"] or "9999", n))
    pair_name = None
    if pair:
        pair_name = " – ".join(countries.get(c, {}).get(lang) or c for c in pair)
    focus_label = G.nodes[instrument]["label"] if instrument in G else ""
    if instrument in G and G.nodes[instrument]["date"] and G.nodes[instrument]["date"] not in focus_label:
        focus_label += f", {G.nodes[instrument]['date']}"
    G.graph.update(
        view=name, lang=lang, on=on.isoformat(), pair="-".join(pair) if pair else None,
        pair_name=pair_name, instrument=instrument, depth=depth if name == "lineage" else None,
        most_cited=ranked[:5],
        country_names={c: countries.get(c, {}).get(lang) or c
                       for c in sorted({c for n in G for c in G.nodes[n]["parties"]})},
        title=word("titles", name, lang).format(name=focus_label, pair=pair_name or ""),
    )
    return G


# ---------------------------------------------------------------------------------------------
# Output


def node_link(G: nx.MultiDiGraph) -> dict:
    """NetworkX's node-link form ("nodes" with id, "links" with source, target, relation)."""
    return nx.node_link_data(G, edges="links")


# ---------------------------------------------------------------------------------------------
# Contradictions


_Q_CHECK_FACTS = _PREFIX + """
SELECT DISTINCT ?n ?date ?eif ?end WHERE {
  { ?n a bkg:Instrument } UNION { ?n a bkg:RatifyingAct }
  OPTIONAL { ?n eli:date_document ?date }
  OPTIONAL { ?n eli:first_date_entry_in_force ?eif }
  OPTIONAL { ?n eli:date_no_longer_in_force ?end }
}"""


def checks(store) -> list[Check]:
    """Where the data contradicts itself: cycles of supersession or amendment, an instrument
    superseded before it was signed, ratified before it was signed, in force before it was
    signed, terminated before it entered into force, an instrument related to itself."""
    msg = table()["checks"]
    dates: dict[str, dict[str, dt.date]] = {}
    for r in store.select(_Q_CHECK_FACTS):
        d = dates.setdefault(_value(r["n"]), {})
        for k in ("date", "eif", "end"):
            v = _date(_value(r[k])) if k in r else None
            if v and (k not in d or v < d[k]):
                d[k] = v
    edges = _edges(store, LINEAGE_RELATIONS)
    name = short_id
    out: list[Check] = []

    for rel, kind in (("supersedes", "supersession_cycle"), ("amends", "amendment_cycle")):
        g = nx.DiGraph()
        g.add_edges_from((e.source, e.target) for e in edges if e.relation == rel and e.source != e.target)
        for comp in nx.strongly_connected_components(g):
            if len(comp) > 1:
                members = tuple(sorted(comp))
                out.append(Check(kind, msg[kind].format(instruments=", ".join(map(name, members))), members))
    for e in sorted(edges, key=lambda e: (e.source, e.relation, e.target)):
        s, t = dates.get(e.source, {}), dates.get(e.target, {})
        if e.source == e.target:
            out.append(Check("self_reference", msg["self_reference"].format(
                instrument=name(e.source), relation=word("relations", e.relation, "en")), (e.source,)))
        elif e.relation == "supersedes" and s.get("date") and t.get("date") and s["date"] < t["date"]:
            out.append(Check("superseded_before_signed", msg["superseded_before_signed"].format(
                old=name(e.target), old_signed=t["date"], new=name(e.source), new_signed=s["date"]),
                (e.target, e.source)))
        elif e.relation == "ratifies" and s.get("date") and t.get("date") and s["date"] < t["date"]:
            out.append(Check("ratified_before_signed", msg["ratified_before_signed"].format(
                act=name(e.source), act_date=s["date"], instrument=name(e.target), signed=t["date"]),
                (e.target, e.source)))
    for n, d in sorted(dates.items()):
        if d.get("eif") and d.get("date") and d["eif"] < d["date"]:
            out.append(Check("in_force_before_signed", msg["in_force_before_signed"].format(
                instrument=name(n), eif=d["eif"], signed=d["date"]), (n,)))
        if d.get("end") and d.get("eif") and d["end"] < d["eif"]:
            out.append(Check("terminated_before_in_force", msg["terminated_before_in_force"].format(
                instrument=name(n), end=d["end"], eif=d["eif"]), (n,)))
    return out
