"""Extraction records + their resolution -> RDF quads, one named graph per source file.

Each source graph holds what that source says (including what it says about instruments it
only names) and the evidence for it; the resolution graph holds what follows from reading all
sources together (which instruments are only known by reference, the title chosen for them,
how year-only mentions were resolved). The ontology graph holds the ontology and vocabularies.

Terms are pyoxigraph terms throughout: they are hashable, cheap, and the store and the
serialisers take them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyoxigraph as ox

from kg.text import countries
from kg.graph import ids
from kg.graph import namespaces as ns
from kg.graph.resolve import InstrumentNode, Resolution, SourceRecord, detect_lang

# ---------------------------------------------------------------------------------------------
# Terms


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _dt(local: str) -> ox.NamedNode:
    return N(ns.XSD + local)


def lit(value: Any, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype:
        return ox.Literal(str(value), datatype=_dt(datatype))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_dt("boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_dt("integer"))
    return ox.Literal(str(value))


def date_lit(value: str) -> ox.Literal:
    return lit(value, datatype="date" if ids.is_full_date(value) else "gYear")


class P:
    """The predicates and classes used, in one place."""

    type = N(ns.RDF + "type")
    subject, predicate, object = N(ns.RDF + "subject"), N(ns.RDF + "predicate"), N(ns.RDF + "object")
    label = N(ns.RDFS + "label")
    sameAs = N(ns.OWL + "sameAs")
    title, alternative = N(ns.DCTERMS + "title"), N(ns.DCTERMS + "alternative")
    identifier, creator = N(ns.DCTERMS + "identifier"), N(ns.DCTERMS + "creator")
    date, language = N(ns.DCTERMS + "date"), N(ns.DCTERMS + "language")
    used = N(ns.PROV + "used")
    Person, Activity = N(ns.PROV + "Person"), N(ns.PROV + "Activity")
    # ELI
    LegalResource = N(ns.ELI + "LegalResource")
    Subdivision = N(ns.ELI + "LegalResourceSubdivision")
    date_document = N(ns.ELI + "date_document")
    first_date_entry_in_force = N(ns.ELI + "first_date_entry_in_force")
    eli_language = N(ns.ELI + "language")
    type_document = N(ns.ELI + "type_document")
    id_local = N(ns.ELI + "id_local")
    passed_by = N(ns.ELI + "passed_by")
    is_part_of = N(ns.ELI + "is_part_of")
    cites = N(ns.ELI + "cites")
    # Web Annotation
    Annotation = N(ns.OA + "Annotation")
    SpecificResource = N(ns.OA + "SpecificResource")
    TextPositionSelector = N(ns.OA + "TextPositionSelector")
    TextQuoteSelector = N(ns.OA + "TextQuoteSelector")
    hasTarget, hasSource, hasSelector = N(ns.OA + "hasTarget"), N(ns.OA + "hasSource"), N(ns.OA + "hasSelector")
    start, end, exact = N(ns.OA + "start"), N(ns.OA + "end"), N(ns.OA + "exact")
    # CiTO / FaBiO
    cito_cites = N(ns.CITO + "cites")
    JournalArticle, Expression = N(ns.FABIO + "JournalArticle"), N(ns.FABIO + "Expression")
    hasPublicationYear = N(ns.FABIO + "hasPublicationYear")


def B(local: str) -> ox.NamedNode:
    return N(ns.BKG + local)


LINEAGE = {
    "guided_by": B("guidedBy"),
    "reaffirms": B("reaffirms"),
    "supersedes": B("supersedes"),
    "amends": B("amends"),
    "implements": B("implements"),
    "cites": P.cites,
}
# Sub-properties of eli:cites: the eli:cites triple is written too, so that a plain ELI query
# (no reasoner: Oxigraph has none) finds every citing edge.
CITING = {"guided_by", "reaffirms", "implements"}

MAX_QUOTE = 1000  # longer spans (whole articles) get a position selector only


# ---------------------------------------------------------------------------------------------
# A builder of one named graph


@dataclass
class GraphBuilder:
    graph: ox.NamedNode
    sid: str | None = None
    source: ox.NamedNode | None = None
    text: str | None = None
    text_format: str | None = None  # "md" | "txt", sniffed from the text on first need
    triples: set = field(default_factory=set)
    by_field: dict = field(default_factory=dict)  # field path -> [(s, p, o)]
    unknown_fields: list = field(default_factory=list)

    def add(self, s, p, o, *fields: str):
        if o is None:
            return
        t = (s, p, o)
        self.triples.add(t)
        for f in fields:
            self.by_field.setdefault(f, []).append(t)

    def quads(self) -> Iterable[ox.Quad]:
        for s, p, o in self.triples:
            yield ox.Quad(s, p, o, self.graph)

    # -- evidence -----------------------------------------------------------------------------
    def evidence(self, statements, span, quote: str | None = None):
        """One annotation per statement: source file, character offsets and quoted words."""
        if not span or self.source is None or len(span) != 2:
            return
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError):
            return
        if quote is None and self.text is not None and 0 <= start < end <= len(self.text):
            from kg.text.normalize import normalize_fragment  # a quote is always the normalised words
            from kg.text.sources import sniff_format

            if self.text_format is None:
                self.text_format = sniff_format(self.text)
            quote = normalize_fragment(self.text[start:end], self.text_format)
        # The selectors and the target are shared by every statement read from the same words:
        # an obligation's modality and wording, a citation's several statements.
        base = f"{ids.evidence_prefix(self.sid)}{start}-{end}"
        pos = N(base)
        keep_quote = bool(quote) and len(quote) <= MAX_QUOTE
        qh = ids.short_hash(quote, n=8) if keep_quote else None
        tgt = N(f"{base}/target-{qh}" if qh else f"{base}/target")
        self.add(pos, P.type, P.TextPositionSelector)
        self.add(pos, P.start, lit(start))
        self.add(pos, P.end, lit(end))
        self.add(tgt, P.type, P.SpecificResource)
        self.add(tgt, P.hasSource, self.source)
        self.add(tgt, P.hasSelector, pos)
        if keep_quote:
            quo = N(f"{base}/quote-{qh}")
            self.add(tgt, P.hasSelector, quo)
            self.add(quo, P.type, P.TextQuoteSelector)
            self.add(quo, P.exact, lit(quote))
        for s, p, o in statements:
            E = N(ids.evidence_iri(self.sid, s, p, o, start, end))
            # bkg:Evidence is an rdf:Statement by the ontology: the type is not repeated on
            # every annotation (a tenth of the evidence's triples).
            self.add(E, P.type, B("Evidence"))
            self.add(E, P.subject, s)
            self.add(E, P.predicate, p)
            self.add(E, P.object, o)
            self.add(E, P.hasTarget, tgt)

    def field_evidence(self, evidence: Mapping | None):
        """Attach the record's `evidence` map to the statements registered under each field path."""
        for path, ev in sorted((evidence or {}).items()):
            if not isinstance(ev, Mapping):
                continue
            stmts = None
            probe = path
            while probe:
                stmts = self.by_field.get(probe)
                if stmts:
                    break
                probe = probe.rsplit(".", 1)[0] if "." in probe else ""
            if not stmts:
                self.unknown_fields.append(path)
                continue
            self.evidence(stmts, ev.get("span"), ev.get("quote"))


# ---------------------------------------------------------------------------------------------
# Shared node descriptions (written into every graph that uses them, so each source graph is
# complete enough to validate on its own)


def _country(g: GraphBuilder, code: str) -> ox.NamedNode:
    C = N(ids.country_iri(code))
    c = countries.country(code)
    g.add(C, P.type, B("Country"))
    g.add(C, B("isoCode"), lit(c.code))
    if c.wikidata:
        g.add(C, P.sameAs, N(ns.WD + c.wikidata))
    for lang, name in c.names:
        g.add(C, P.label, lit(name, lang=lang))
    return C


def _body(g: GraphBuilder, code: str, body: str) -> ox.NamedNode:
    Bn = N(ids.body_iri(code, body))
    C = _country(g, code)
    kind = body if body in ("state", "government") else "agency"
    g.add(Bn, P.type, B("Body"))
    g.add(Bn, B("country"), C)
    g.add(Bn, B("bodyKind"), lit(kind))
    names = dict(countries.country(code).names)
    if kind == "state":
        for lang, name in names.items():
            g.add(Bn, P.label, lit(name, lang=lang))
    elif kind == "government":
        if "en" in names:
            g.add(Bn, P.label, lit(f"Government of {names['en']}", lang="en"))
        if "kk" in names:
            g.add(Bn, P.label, lit(f"{names['kk']} Үкіметі", lang="kk"))
    else:
        g.add(Bn, P.label, lit(body, lang=detect_lang(body) or "und"))
    return Bn


def _place(g: GraphBuilder, name: str) -> ox.NamedNode:
    Pl = N(ids.place_iri(name))
    g.add(Pl, P.type, B("Place"))
    g.add(Pl, P.label, lit(name, lang=detect_lang(name) or "en"))
    return Pl


def _person(g: GraphBuilder, name: str) -> ox.NamedNode:
    Pe = N(ids.person_iri(name))
    g.add(Pe, P.type, P.Person)
    g.add(Pe, P.label, lit(name))
    return Pe


def _instrument_stub(g: GraphBuilder, X: ox.NamedNode, node: InstrumentNode | None):
    g.add(X, P.type, B("Instrument"))
    g.add(X, P.type, P.LegalResource)
    if node is not None and node.key:
        g.add(X, P.identifier, lit(node.key))


def _act(g: GraphBuilder, A: ox.NamedNode, kind: str, number, date, country: str, fields=()):
    g.add(A, P.type, B("RatifyingAct"))
    g.add(A, P.type, P.LegalResource)
    g.add(A, P.type_document, N(ns.ACTTYPE + kind))
    if number:
        g.add(A, P.id_local, lit(number), *[f + ".number" for f in fields], *fields)
        if ids.is_full_date(date):
            g.add(A, P.identifier, lit(f"{kind}:{country}:{number}:{date}"))
    if date:
        g.add(A, P.date_document, date_lit(date), *[f + ".date" for f in fields], *fields)
    g.add(A, P.passed_by, _country(g, country))


def _titles(value) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return sorted((str(k), str(v)) for k, v in value.items() if v)
    if isinstance(value, str) and value.strip():
        return [(detect_lang(value) or "und", value.strip())]
    return []


_YEARS = re.compile(r"^\s*(\d+)\s*(years?|жыл)\s*$", re.I)


# ---------------------------------------------------------------------------------------------
# Treaties


def _treaty(g: GraphBuilder, src: SourceRecord, res: Resolution):
    rec = src.record
    T = N(res.claim_iri[(src.sid, ("self",))])
    node = res.instruments.get(T.value)
    _instrument_stub(g, T, node)
    with_text = rec.get("treaty_text", True)
    # an approving act without the treaty's text is not the instrument's text: its shape asks
    # only for what an act states (title, date, parties), and it counts no articles
    g.add(T, B("instrumentText" if with_text else "approvalText"), g.source)
    primary = res.primary_title.get((src.sid, T.value), ())
    for lang, t in _titles(rec.get("title")):
        g.add(T, P.title if lang in primary else P.alternative, lit(t, lang=lang), f"title.{lang}", "title")
    if rec.get("instrument_type"):
        g.add(T, P.type_document, N(ns.DOCTYPE + str(rec["instrument_type"])), "instrument_type")
    if rec.get("level"):
        g.add(T, B("level"), N(ns.LEVEL + str(rec["level"])), "level")
    for p in rec.get("parties") or []:
        if not isinstance(p, Mapping) or not p.get("country"):
            continue
        code = str(p["country"]).upper()
        g.add(T, B("partyCountry"), _country(g, code), "parties")
        if p.get("body"):
            g.add(T, B("party"), _body(g, code, str(p["body"])), "parties")
    signed = rec.get("signed") or {}
    if signed.get("date"):
        g.add(T, P.date_document, date_lit(signed["date"]), "signed.date", "signed")
    if signed.get("place"):
        g.add(T, B("signedAt"), _place(g, signed["place"]), "signed.place", "signed")

    rat = rec.get("ratification")
    if isinstance(rat, Mapping):
        A = N(res.act_iri[(src.sid, ("ratification",))])
        act = res.acts[A.value]
        _act(g, A, act.kind, rat.get("number"), rat.get("date"), act.country, fields=("ratification",))
        g.add(A, B("ratifies"), T, "ratification")

    eif = rec.get("entry_into_force") or {}
    if isinstance(eif, Mapping):
        if eif.get("date"):
            g.add(T, P.first_date_entry_in_force, date_lit(eif["date"]), "entry_into_force.date", "entry_into_force")
        if eif.get("condition"):
            g.add(T, B("entryIntoForceCondition"), lit(eif["condition"]), "entry_into_force.condition", "entry_into_force")
        if eif.get("delay_days") is not None:
            g.add(T, B("entryIntoForceDelayDays"), lit(int(eif["delay_days"])), "entry_into_force.delay_days", "entry_into_force")
    if rec.get("duration"):
        g.add(T, B("duration"), lit(str(rec["duration"])), "duration")
    tn = rec.get("termination_notice")
    if isinstance(tn, Mapping):
        if tn.get("amount") is not None:
            g.add(T, B("terminationNoticeAmount"), lit(int(tn["amount"])), "termination_notice")
        if tn.get("unit"):
            g.add(T, B("terminationNoticeUnit"), lit(tn["unit"]), "termination_notice")
    for code in rec.get("languages") or []:
        g.add(T, P.eli_language, N(ns.EULANG + countries.eu_language_code(code)), "languages")
    for code in rec.get("prevailing_languages") or []:
        g.add(T, B("prevailingLanguage"), N(ns.EULANG + countries.eu_language_code(code)), "prevailing_languages")
    if rec.get("un_registration") is not None:
        g.add(T, B("unRegistration"), lit(bool(rec["un_registration"])), "un_registration")
    if with_text and rec.get("article_count") is not None:
        g.add(T, B("articleCount"), lit(int(rec["article_count"])), "article_count")

    for i, ref in enumerate(rec.get("references") or []):
        X = _named_instrument(g, res, src, ("ref", i), ref)
        rel = ref.get("relation") or "cites"
        prop = LINEAGE.get(rel, B(rel))  # an unknown relation stays visible (and fails the shapes)
        stmts = [(T, prop, X)]
        g.add(T, prop, X)
        if rel in CITING:
            g.add(T, P.cites, X)
        g.evidence(stmts, ref.get("span"), ref.get("quote"))

    seen: dict[int, int] = {}
    for a in rec.get("articles") or []:
        if not isinstance(a, Mapping) or a.get("article") is None:
            continue
        n = int(a["article"])
        seen[n] = seen.get(n, 0) + 1
        # A repeated number gets its own node (…/art/5-2) so the shapes can report it instead
        # of two articles silently merging into one.
        Art = N(f"{T.value}/art/{n}" + (f"-{seen[n]}" if seen[n] > 1 else ""))
        g.add(Art, P.type, P.Subdivision)
        g.add(Art, P.type, B("Article"))
        g.add(Art, P.is_part_of, T)
        g.add(Art, B("articleNumber"), lit(n))
        for m in a.get("modalities") or []:
            g.add(Art, B("modality"), N(ns.MODALITY + str(m)))
        for t in a.get("topics") or []:
            g.add(Art, B("topic"), N(ns.TOPIC + str(t)))
        g.evidence([(Art, P.is_part_of, T)], a.get("span"), a.get("quote"))
        # Obligations are sentences of one language version: the Kazakh and the Russian text
        # of a treaty share its articles but number their sentences apart.
        version = ids.slug(src.language) if src.language else src.sid
        for k, ob in enumerate(a.get("obligations") or [], start=1):
            if not isinstance(ob, Mapping):
                continue
            Ob = N(f"{Art.value}/obligation/{version}/{k}")
            g.add(Ob, P.type, B("Obligation"))
            g.add(Ob, B("inArticle"), Art)
            stmts = []
            if ob.get("modality"):
                m = N(ns.MODALITY + str(ob["modality"]))
                g.add(Ob, B("modality"), m)
                stmts.append((Ob, B("modality"), m))
            for t in ob.get("topics") or []:
                g.add(Ob, B("topic"), N(ns.TOPIC + str(t)))
            if ob.get("text"):
                w = lit(ob["text"], lang=src.language or detect_lang(ob["text"]) or "und")
                g.add(Ob, B("wording"), w)
                stmts.append((Ob, B("wording"), w))
            g.evidence(stmts, ob.get("span"), ob.get("quote") or ob.get("text"))

    kinds: dict[str, int] = {}
    for part in rec.get("parts") or []:
        if not isinstance(part, Mapping):
            continue
        kind = str(part.get("kind") or "part")
        kinds[kind] = kinds.get(kind, 0) + 1
        Pt = N(f"{T.value}/{ids.slug(kind)}/{kinds[kind]}")
        g.add(Pt, P.type, P.Subdivision)
        g.add(Pt, P.type, B("Part"))
        g.add(Pt, P.is_part_of, T)
        g.add(Pt, B("partKind"), lit(kind))
        for lang, t in _titles(part.get("title")):
            g.add(Pt, P.title, lit(t, lang=lang))
        if part.get("article_count") is not None:
            g.add(Pt, B("articleCount"), lit(int(part["article_count"])))
        g.evidence([(Pt, P.is_part_of, T)], part.get("span"))

    ca = rec.get("competent_authorities")
    if isinstance(ca, Mapping):
        for code, names in sorted(ca.items()):
            for name in names or []:
                g.add(T, B("competentAuthority"), _body(g, str(code).upper(), str(name)))

    g.field_evidence(rec.get("evidence"))


def _named_instrument(g, res, src, claim, entry):
    """The node of an instrument a document names (a reference or a mention), with what the
    naming says of it: its title as written, and the source that names it."""
    X = N(res.claim_iri[(src.sid, claim)])
    xnode = res.instruments.get(X.value)
    _instrument_stub(g, X, xnode)
    g.add(X, B("mentionedIn"), g.source)
    for lang, t in _titles(entry.get("title")):
        g.add(X, P.alternative, lit(t, lang=lang))
    _mentioned_facts(g, X, xnode, entry)
    return X


def _mentioned_facts(g: GraphBuilder, X, xnode: InstrumentNode | None, item: Mapping):
    """What a mention says of an instrument: date (when it is the node's), place, parties."""
    date = item.get("date")
    if xnode is not None and date:
        if ids.is_full_date(date) and xnode.date == date:
            g.add(X, P.date_document, date_lit(date))
        elif ids.is_year(str(date)) and xnode.year == str(date):
            g.add(X, B("signedYear"), date_lit(str(date)))
    if item.get("place"):
        g.add(X, B("signedAt"), _place(g, item["place"]))
    for code in item.get("parties") or []:
        code = code.get("country") if isinstance(code, Mapping) else code
        if code:
            g.add(X, B("partyCountry"), _country(g, str(code).upper()))


# ---------------------------------------------------------------------------------------------
# Research articles


def _article(g: GraphBuilder, src: SourceRecord, res: Resolution):
    rec = src.record
    # the work is its source's: a record reused by its content (the same bytes under another
    # file name) carries the other file's `id`
    W = N(ids.work_iri(src.sid))
    g.add(W, P.type, P.JournalArticle)
    g.add(W, P.type, B("ResearchWork"))
    g.add(W, B("workText"), g.source)
    g.add(W, P.identifier, lit(f"work:{src.sid}"))
    for lang, t in _titles(rec.get("title")):
        g.add(W, P.title, lit(t, lang=lang), f"title.{lang}", "title")
    for name in rec.get("authors") or []:
        g.add(W, P.creator, _person(g, name), "authors")
    if rec.get("year"):
        g.add(W, P.hasPublicationYear, date_lit(str(rec["year"])), "year")
    kw = rec.get("keywords")
    if isinstance(kw, Mapping):
        for lang, words in sorted(kw.items()):
            for w in words or []:
                g.add(W, B("keyword"), lit(w, lang=lang), f"keywords.{lang}", "keywords")

    for i, c in enumerate(rec.get("citations") or []):
        if not isinstance(c, Mapping):
            continue
        if c.get("abbreviation"):
            X = None
            if (src.sid, ("citation", i)) in res.claim_iri:
                X = N(res.claim_iri[(src.sid, ("citation", i))])
                _instrument_stub(g, X, res.instruments.get(X.value))
                g.add(X, B("mentionedIn"), g.source)
            elif (src.sid, ("citation", i)) in res.act_iri:
                X = N(res.act_iri[(src.sid, ("citation", i))])
                act = res.acts[X.value]
                _act(g, X, act.kind, act.number, act.date, act.country)
            else:
                label = str(c.get("resolves_to") or c["abbreviation"])
                X = N(ids.other_source_iri(c["abbreviation"], c.get("year")))
                g.add(X, P.type, B("OtherSource"))
                g.add(X, P.label, lit(label, lang=detect_lang(label) or "und"))
                if c.get("year"):
                    g.add(X, P.date, date_lit(str(c["year"])))
            g.add(X, B("abbreviation"), lit(c["abbreviation"]))
        else:
            author = c.get("author") or "anonymous"
            X = N(ids.cited_work_iri(author, c.get("year")))
            g.add(X, P.type, P.Expression)
            g.add(X, B("citedAuthor"), lit(author))
            g.add(X, P.label, lit(f"{author} ({c['year']})" if c.get("year") else author))
            if c.get("year"):
                g.add(X, P.hasPublicationYear, date_lit(str(c["year"])))
            for form in c.get("forms") or []:
                g.add(X, B("citationForm"), lit(form))
        g.add(W, P.cito_cites, X)
        for span in c.get("spans") or []:
            g.evidence([(W, P.cito_cites, X)], span)

    for i, m in enumerate(rec.get("treaties_mentioned") or []):
        X = _named_instrument(g, res, src, ("mention", i), m)
        g.add(W, B("mentions"), X)
        g.evidence([(W, B("mentions"), X)], m.get("span"), m.get("quote"))

    for i, law in enumerate(rec.get("laws_mentioned") or []):
        A = N(res.act_iri[(src.sid, ("law", i))])
        act = res.acts[A.value]
        _act(g, A, act.kind, law.get("number"), law.get("date"), act.country)
        g.add(W, B("mentions"), A)
        stmts = [(W, B("mentions"), A)]
        X = res.claim_iri.get((src.sid, ("lawtarget", i)))
        if X:
            _instrument_stub(g, N(X), res.instruments.get(X))
            g.add(N(X), B("mentionedIn"), g.source)
            g.add(A, B("ratifies"), N(X))
            stmts.append((A, B("ratifies"), N(X)))
        g.evidence(stmts, law.get("span"), law.get("quote"))

    for ev in rec.get("events") or []:
        if not isinstance(ev, Mapping):
            continue
        what = str(ev.get("what") or "event")
        E = N(ids.iri_for_key(ev["id"]) if ids.iri_for_key(ev.get("id") or "") else ids.event_iri(ev.get("date"), what))
        g.add(E, P.type, B("Event"))
        g.add(E, P.label, lit(what, lang=detect_lang(what) or "und"))
        if ev.get("date"):
            g.add(E, P.date, date_lit(str(ev["date"])))
        g.add(W, B("mentions"), E)
        g.evidence([(W, B("mentions"), E)], ev.get("span"), ev.get("quote"))

    for person in rec.get("people") or []:
        name = person.get("name") if isinstance(person, Mapping) else person
        if not name:
            continue
        Pe = _person(g, name)
        g.add(W, B("mentions"), Pe)
        if isinstance(person, Mapping):
            g.evidence([(W, B("mentions"), Pe)], person.get("span"), person.get("quote"))

    g.field_evidence(rec.get("evidence"))


# ---------------------------------------------------------------------------------------------
# The dataset


@dataclass(frozen=True)
class Dataset:
    """The quads of a build, by named graph, and what the builder could not place."""

    graphs: Mapping[str, frozenset]  # graph IRI -> frozenset of (s, p, o)
    source_graphs: Mapping[str, str]  # source id -> graph IRI
    unknown_evidence_fields: Mapping[str, tuple[str, ...]]  # source id -> field paths

    def quads(self, graphs: Iterable[str] | None = None) -> Iterable[ox.Quad]:
        for g in graphs if graphs is not None else self.graphs:
            G = N(g)
            for s, p, o in self.graphs[g]:
                yield ox.Quad(s, p, o, G)

    def __len__(self) -> int:
        return sum(len(t) for t in self.graphs.values())


def source_graph(src: SourceRecord, res: Resolution) -> GraphBuilder:
    g = GraphBuilder(N(ids.graph_iri(src.sid)), src.sid, N(ids.source_iri(src.sid)), src.text)
    S = g.source
    g.add(S, P.type, B("SourceDocument"))
    g.add(S, P.identifier, lit(src.file_name))
    if src.sha256:
        g.add(S, B("sha256"), lit(src.sha256))
    if src.language:
        g.add(S, P.language, N(ns.EULANG + countries.eu_language_code(src.language)))
    if src.kind == "treaty":
        _treaty(g, src, res)
    elif src.kind == "article":
        _article(g, src, res)
    return g


def resolution_graph(res: Resolution) -> GraphBuilder:
    g = GraphBuilder(N(ns.RESOLUTION_GRAPH))
    for iri, node in sorted(res.instruments.items()):
        X = N(iri)
        _instrument_stub(g, X, node)
        if node.reference_only:
            g.add(X, B("referenceOnly"), lit(True))
            for lang, t in node.titles:
                g.add(X, P.title, lit(t, lang=lang))
            if node.itype:
                g.add(X, P.type_document, N(ns.DOCTYPE + node.itype))
        if node.unresolved:
            g.add(X, B("unresolved"), lit(True))
            for c in node.candidates:
                g.add(X, B("candidate"), N(c))
    for d in res.decisions:
        R = N(ids.resolution_iri(d.sid, d.loc))
        g.add(R, P.type, B("ResolutionDecision"))
        g.add(R, P.used, N(ids.source_iri(d.sid)))
        g.add(R, B("mentionKey"), lit(d.mention_key))
        g.add(R, B("resolutionMethod"), lit(d.method))
        if d.resolved_to:
            g.add(R, B("resolvedTo"), N(d.resolved_to))
        for c in d.candidates:
            g.add(R, B("candidate"), N(c))
    return g


def ontology_triples(paths: Iterable[Path]) -> frozenset:
    out = set()
    for path in paths:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            out.add((t.subject, t.predicate, t.object))
    return frozenset(out)


def build_dataset(sources: list[SourceRecord], res: Resolution, ontology_paths: Iterable[Path] = ()) -> Dataset:
    graphs: dict[str, frozenset] = {}
    source_graphs: dict[str, str] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    for src in sources:
        g = source_graph(src, res)
        graphs[g.graph.value] = frozenset(g.triples)
        source_graphs[src.sid] = g.graph.value
        if g.unknown_fields:
            unknown[src.sid] = tuple(g.unknown_fields)
    graphs[ns.RESOLUTION_GRAPH] = frozenset(resolution_graph(res).triples)
    ont = ontology_triples(ontology_paths)
    if ont:
        graphs[ns.ONTOLOGY_GRAPH] = ont
    return Dataset(graphs, source_graphs, unknown)
