"""What the JSON API and the pages show, read from the graph with SPARQL.

`GraphView` answers the questions (what is in the graph, the instruments, one instrument with
its record and evidence, the research works, lineage, the exports); `router(view)` puts them
under /api. The store is read-only while it is served, so answers that do not depend on the
request are computed once per process (`reset()` forgets them after an update).
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from kg.graph import ids
from kg.views import lineage as kg_lineage
from kg.graph import namespaces as ns
from kg.graph.store import EVIDENCE_NS

LANGS = ("en", "kk", "ru")
PROLOGUE = ns.sparql_prologue() if hasattr(ns, "sparql_prologue") else ""
LINEAGE_RELATIONS = {
    ns.BKG + "supersedes": "supersedes", ns.ELI + "cites": "cites", ns.BKG + "guidedBy": "guided_by",
    ns.BKG + "reaffirms": "reaffirms", ns.BKG + "amends": "amends", ns.BKG + "implements": "implements",
}
CITING_SPECIFIC = {"guided_by", "reaffirms", "implements"}
EXPORT_FORMATS = {"turtle": "text/turtle; charset=utf-8", "trig": "application/trig; charset=utf-8",
                  "nquads": "application/n-quads; charset=utf-8", "jsonld": "application/ld+json"}
_ISO = re.compile(r"^[A-Za-z]{2}$")
_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def v(term) -> Any:
    return None if term is None else term.value


def pick(labels: dict, lang: str) -> str | None:
    """The label in `lang`, else Kazakh, Russian, English, else any."""
    if not labels:
        return None
    for lg in (lang, "kk", "ru", "en", ""):
        if labels.get(lg):
            return labels[lg]
    return next(iter(labels.values()))


def rel(iri: str) -> str:
    """treaty/kz-kg/2024-04-19 for a resource of the project; the IRI itself otherwise."""
    return iri[len(ns.ID):] if iri.startswith(ns.ID) else iri


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


class NotFound(Exception):
    pass


class GraphView:
    def __init__(self, engine, store, texts=None):
        self.engine = engine
        self.store = store            # LocalStore / RemoteStore, for kg.views.lineage
        self.texts = texts            # SourceTexts or None
        self._lock = threading.RLock()  # one answer computed at a time; they nest
        self.reset()

    # Answers per page (an instrument, a work, a lineage view) kept at most: a worker browsed
    # through thousands of instruments keeps the latest, not one entry per page forever. The
    # indexes of the whole graph (string keys) are kept whole.
    PAGE_ENTRIES = 1024

    def reset(self) -> None:
        self._cache: dict = {}
        self._pages: OrderedDict = OrderedDict()

    def _cached(self, key, fn):
        cache = self._cache if isinstance(key, str) else self._pages
        try:
            out = cache[key]
        except KeyError:
            pass
        else:
            if cache is self._pages:
                with self._lock:
                    if key in cache:
                        cache.move_to_end(key)
            return out
        with self._lock:
            if key not in cache:
                cache[key] = fn()
                while cache is self._pages and len(cache) > self.PAGE_ENTRIES:
                    cache.popitem(last=False)
            return cache[key]

    def select(self, body: str) -> list[dict]:
        return self.engine.select(PROLOGUE + body)

    def warm(self) -> None:
        """Compute the indexes of the whole graph that the home page, the instrument list and
        every instrument page read, before the first request: at 10,000 documents they take
        seconds (the instruments 5 s, the counts 1.5 s), which the first visitor would wait."""
        self.instrument_index()
        self.labels()
        self.lineage_edges()
        self.stats()
        self.works("en")
        self.act_label("")

    def indexes(self) -> dict:
        """The indexes of the whole graph made so far (what warm() makes), to keep."""
        return dict(self._cache)

    def restore(self, indexes: dict) -> None:
        self._cache.update(indexes)

    # -- labels -----------------------------------------------------------------------------
    def labels(self) -> dict[str, dict[str, str]]:
        """rdfs:label / skos:prefLabel of every labelled resource, by language."""
        def load():
            out: dict[str, dict[str, str]] = {}
            for r in self.select("SELECT DISTINCT ?x ?l WHERE { { ?x rdfs:label ?l } UNION { ?x skos:prefLabel ?l } }"):
                lab = r["l"]
                out.setdefault(r["x"].value, {}).setdefault(getattr(lab, "language", None) or "", lab.value)
            return out
        return self._cached("labels", load)

    def label(self, iri: str, lang: str) -> str:
        return pick(self.labels().get(iri, {}), lang) or self.instrument_title(iri, lang) or \
            self.act_label(iri) or local_name(iri)

    def act_label(self, iri: str) -> str | None:
        """A ratifying act, as its number and date: "№ 216-VIII, 2025-07-21"."""
        def load():
            out = {}
            for r in self.select("""SELECT ?a ?num ?date WHERE { ?a a bkg:RatifyingAct .
                    OPTIONAL { ?a eli:id_local ?num } OPTIONAL { ?a eli:date_document ?date } }"""):
                parts = [f"№ {r['num'].value}" if r.get("num") else None, v(r.get("date"))]
                out[r["a"].value] = ", ".join(p for p in parts if p) or None
            return out
        return self._cached("acts", load).get(iri)

    def instrument_title(self, iri: str, lang: str) -> str | None:
        ins = self.instrument_index().get(iri)
        if ins is None:
            return None
        return pick(ins["titles"], lang) or (ins["alternatives"][0] if ins["alternatives"] else None) or ins["identifier"]

    # -- what is in the graph ---------------------------------------------------------------
    def stats(self) -> dict:
        def load():
            counts = {}
            for name, cls in (("instruments", "bkg:Instrument"), ("ratifying_acts", "bkg:RatifyingAct"),
                              ("articles", "bkg:Article"), ("obligations", "bkg:Obligation"),
                              ("evidence", "bkg:Evidence"), ("research_works", "bkg:ResearchWork"),
                              ("cited_works", "fabio:Expression"), ("countries", "bkg:Country"),
                              ("sources", "bkg:SourceDocument"), ("persons", "prov:Person"), ("places", "bkg:Place")):
                rows = self.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
                counts[name] = int(rows[0]["n"].value) if rows else 0
            rows = self.select("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a bkg:Instrument ; bkg:instrumentText ?d }")
            counts["instruments_with_text"] = int(rows[0]["n"].value) if rows else 0
            rows = self.select("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a bkg:Instrument ; bkg:referenceOnly true }")
            counts["instruments_reference_only"] = int(rows[0]["n"].value) if rows else 0
            edges = 0
            for r in self.lineage_edges():
                edges += 1
            counts["lineage_edges"] = edges
            sizes = self.engine.graph_sizes()
            evidence = self.engine.evidence_triples()
            if evidence is None:  # a source's evidence is stored in the merge only (kg.graph.store): counted there
                rows = self.select(f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
                        FILTER(STRSTARTS(STR(?s), "{EVIDENCE_NS}")) }}""")
                evidence = int(rows[0]["n"].value) if rows else 0
            return {"counts": counts, "graphs": {rel(g): n for g, n in sorted(sizes.items())},
                    "evidence_triples": evidence, "triples": sum(sizes.values()) + evidence}
        return self._cached("stats", load)

    # -- instruments ------------------------------------------------------------------------
    def instrument_index(self) -> dict[str, dict]:
        def load():
            out: dict[str, dict] = {}
            for r in self.select("""SELECT ?i ?id ?date ?year ?type ?ro ?un ?force WHERE {
                    ?i a bkg:Instrument .
                    OPTIONAL { ?i dcterms:identifier ?id } OPTIONAL { ?i eli:date_document ?date }
                    OPTIONAL { ?i bkg:signedYear ?year } OPTIONAL { ?i eli:type_document ?type }
                    OPTIONAL { ?i bkg:referenceOnly ?ro } OPTIONAL { ?i bkg:unresolved ?un }
                    OPTIONAL { ?i eli:first_date_entry_in_force ?force } }"""):
                iri = r["i"].value
                d = out.setdefault(iri, {
                    "iri": iri, "key": rel(iri), "identifier": v(r.get("id")), "titles": {}, "alternatives": [],
                    "date": None, "year": None, "type": None, "parties": [], "reference_only": False,
                    "unresolved": False, "in_force": None, "texts": []})
                d["date"] = d["date"] or v(r.get("date"))
                d["year"] = d["year"] or v(r.get("year")) or (d["date"] or "")[:4] or None
                d["type"] = d["type"] or (local_name(r["type"].value) if r.get("type") else None)
                d["reference_only"] = d["reference_only"] or v(r.get("ro")) == "true"
                d["unresolved"] = d["unresolved"] or v(r.get("un")) == "true"
                d["in_force"] = d["in_force"] or v(r.get("force"))
            for r in self.select("SELECT ?i ?t WHERE { ?i a bkg:Instrument ; dcterms:title ?t }"):
                if r["i"].value in out:
                    out[r["i"].value]["titles"].setdefault(r["t"].language or "", r["t"].value)
            for r in self.select("SELECT DISTINCT ?i ?t WHERE { ?i a bkg:Instrument ; dcterms:alternative ?t }"):
                if r["i"].value in out:
                    out[r["i"].value]["alternatives"].append(r["t"].value)
            for r in self.select("SELECT DISTINCT ?i ?code WHERE { ?i a bkg:Instrument ; bkg:partyCountry/bkg:isoCode ?code }"):
                if r["i"].value in out:
                    out[r["i"].value]["parties"].append(r["code"].value)
            for r in self.select("SELECT DISTINCT ?i ?d ?name WHERE { ?i a bkg:Instrument ; bkg:instrumentText|bkg:approvalText ?d . "
                                 "OPTIONAL { ?d dcterms:identifier ?name } }"):
                if r["i"].value in out:
                    out[r["i"].value]["texts"].append(v(r.get("name")) or rel(r["d"].value))
            for d in out.values():
                d["parties"].sort(key=lambda c: (c != "KZ", c))
                d["alternatives"].sort()
                d["texts"].sort()
            return out
        return self._cached("instruments", load)

    def summary(self, d: dict, lang: str) -> dict:
        labels = self.labels()
        return {"iri": d["iri"], "key": d["key"], "identifier": d["identifier"],
                "title": pick(d["titles"], lang) or (d["alternatives"][0] if d["alternatives"] else d["identifier"]),
                "titles": d["titles"], "date": d["date"], "year": d["year"], "type": d["type"],
                "type_label": pick(labels.get(ns.DOCTYPE + (d["type"] or ""), {}), lang) or d["type"],
                "parties": d["parties"], "reference_only": d["reference_only"], "unresolved": d["unresolved"],
                "in_force": d["in_force"], "texts": d["texts"]}

    def instruments(self, party: str | None = None, pair: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, type: str | None = None, q: str | None = None,
                    lang: str = "en") -> list[dict]:
        want = set()
        if party:
            if not _ISO.match(party.strip()):
                raise ValueError(f"party={party!r}: an ISO 3166-1 alpha-2 code, as KG")
            want.add(party.strip().upper())
        for name, value in (("from", date_from), ("to", date_to)):
            if value and not _WHEN.match(value):
                raise ValueError(f"{name}={value!r}: a year or a date, as 1995 or 1995-06-30")
        if pair:
            codes = [c for c in re.split(r"[-,/ ]+", pair.strip().upper()) if c]
            if len(codes) != 2 or not all(_ISO.match(c) for c in codes):
                raise ValueError(f"pair={pair!r}: two ISO 3166-1 alpha-2 codes, as KZ-KG")
            want.update(codes)
        needle = (q or "").strip().casefold()
        out = []
        for d in self.instrument_index().values():
            if want and not want <= set(d["parties"]):
                continue
            when = d["date"] or d["year"] or ""
            if date_from and (not when or when < date_from):
                continue
            if date_to and (not when or when[:len(date_to)] > date_to):
                continue
            if type and d["type"] != type:
                continue
            if needle:
                hay = " ".join([*d["titles"].values(), *d["alternatives"], d["identifier"] or "", d["key"]]).casefold()
                if needle not in hay:
                    continue
            out.append(self.summary(d, lang))
        out.sort(key=lambda s: (s["date"] or s["year"] or "9999", s["key"]))
        return out

    def resolve_key(self, key: str) -> str:
        """An instrument IRI from a full IRI, `treaty:KZ-KG:2024-04-19`, `treaty/kz-kg/2024-04-19`
        or `kz-kg/2024-04-19`."""
        key = key.strip().strip("/")
        index = self.instrument_index()
        cands = [key, ns.ID + key, ns.ID + "treaty/" + key]
        if ":" in key and not key.startswith("http"):
            cands.insert(0, ids.iri_for_key(key) if hasattr(ids, "iri_for_key") else "")
            for d in index.values():
                if d["identifier"] == key:
                    return d["iri"]
        for c in cands:
            if c in index:
                return c
        raise NotFound(f"{key}: no such instrument")

    def instrument(self, key: str, lang: str = "en") -> dict:
        iri = self.resolve_key(key)
        return self._cached(("instrument", iri, lang), lambda: self._instrument(iri, lang))

    def _instrument(self, iri: str, lang: str) -> dict:
        base = self.summary(self.instrument_index()[iri], lang)
        I = f"<{iri}>"
        meta = []
        for r in self.select(f"SELECT DISTINCT ?p ?o WHERE {{ {I} ?p ?o }} ORDER BY ?p ?o"):
            p, o = r["p"].value, r["o"]
            if p in (ns.RDF + "type", ns.DCTERMS + "title", ns.BKG + "party", ns.BKG + "partyCountry") or p in LINEAGE_RELATIONS:
                continue
            meta.append({"property": p, "label": self.label(p, lang), "value": o.value,
                         "display": self.label(o.value, lang) if o.__class__.__name__ == "NamedNode" else o.value,
                         "link": self.link(o.value) if o.__class__.__name__ == "NamedNode" else None,
                         "lang": getattr(o, "language", None)})
        parties = []
        for r in self.select(f"""SELECT DISTINCT ?c ?code ?b ?kind ?wd WHERE {{
                {I} bkg:partyCountry ?c . ?c bkg:isoCode ?code .
                OPTIONAL {{ ?c owl:sameAs ?wd }}
                OPTIONAL {{ {I} bkg:party ?b . ?b bkg:country ?c ; bkg:bodyKind ?kind }} }}"""):
            parties.append({"country": r["code"].value, "country_label": self.label(r["c"].value, lang),
                            "labels": self.labels().get(r["c"].value, {}),
                            "body": self.label(r["b"].value, lang) if r.get("b") else None,
                            "body_kind": v(r.get("kind")), "wikidata": v(r.get("wd"))})
        parties.sort(key=lambda p: (p["country"] != "KZ", p["country"], p["body_kind"] or ""))
        articles = self._articles(iri, lang)
        relations = self._relations(iri, lang)
        evidence = self.evidence(iri)
        works = [{"work": rel(r["w"].value), "how": r["how"].value, "title": self.work_title(r["w"].value, lang)}
                 for r in self.select(f"""SELECT DISTINCT ?w ?how WHERE {{ ?w a bkg:ResearchWork .
                     {{ ?w cito:cites {I} BIND("cites" AS ?how) }} UNION {{ ?w bkg:mentions {I} BIND("mentions" AS ?how) }} }}""")]
        mentioned = sorted({v(r.get("name")) or rel(r["d"].value) for r in self.select(
            f"SELECT DISTINCT ?d ?name WHERE {{ {I} bkg:mentionedIn ?d OPTIONAL {{ ?d dcterms:identifier ?name }} }}")})
        return {**base, "metadata": meta, "parties_detail": parties, "articles": articles,
                "relations": relations, "evidence": evidence, "research": works, "mentioned_in": mentioned,
                "alternatives": self.instrument_index()[iri]["alternatives"]}

    def _articles(self, iri: str, lang: str) -> list[dict]:
        I = f"<{iri}>"
        arts: dict[str, dict] = {}
        for r in self.select(f"""SELECT ?a ?n ?kind ?m ?t WHERE {{ ?a eli:is_part_of {I} .
                OPTIONAL {{ ?a bkg:articleNumber ?n }} OPTIONAL {{ ?a bkg:partKind ?kind }}
                OPTIONAL {{ ?a bkg:modality ?m }} OPTIONAL {{ ?a bkg:topic ?t }} }}"""):
            a = arts.setdefault(r["a"].value, {"iri": r["a"].value, "key": rel(r["a"].value), "number": v(r.get("n")),
                                               "kind": v(r.get("kind")) or "article", "modalities": [], "topics": [],
                                               "obligations": {}})
            for f, k in (("m", "modalities"), ("t", "topics")):
                if r.get(f):
                    lab = self.label(r[f].value, lang)
                    if lab not in a[k]:
                        a[k].append(lab)
        for r in self.select(f"""SELECT ?ob ?a ?m ?w ?t WHERE {{ ?a eli:is_part_of {I} . ?ob bkg:inArticle ?a .
                OPTIONAL {{ ?ob bkg:modality ?m }} OPTIONAL {{ ?ob bkg:wording ?w }} OPTIONAL {{ ?ob bkg:topic ?t }} }}"""):
            a = arts.get(r["a"].value)
            if a is None:
                continue
            ob = a["obligations"].setdefault(r["ob"].value, {"iri": r["ob"].value, "key": rel(r["ob"].value),
                                                             "modality": None, "wording": None, "topics": []})
            if r.get("m"):
                ob["modality"] = self.label(r["m"].value, lang)
                ob["modality_code"] = local_name(r["m"].value)
            if r.get("w"):
                ob["wording"] = r["w"].value
                ob["lang"] = getattr(r["w"], "language", None)
            if r.get("t"):
                lab = self.label(r["t"].value, lang)
                if lab not in ob["topics"]:
                    ob["topics"].append(lab)
        out = []
        for a in arts.values():
            obs = sorted(a["obligations"].values(), key=lambda o: _natural(o["key"]))
            out.append({**a, "obligations": obs})
        out.sort(key=lambda a: (a["kind"] != "article", _natural(a["key"])))
        return out

    def _relations(self, iri: str, lang: str) -> list[dict]:
        I = f"<{iri}>"
        out = []
        seen = set()
        for r in self.select(f"""SELECT DISTINCT ?dir ?p ?x WHERE {{
                {{ {I} ?p ?x BIND("out" AS ?dir) }} UNION {{ ?x ?p {I} BIND("in" AS ?dir) }}
                VALUES ?p {{ bkg:supersedes eli:cites bkg:guidedBy bkg:reaffirms bkg:amends bkg:implements bkg:ratifies }} }}"""):
            p = r["p"].value
            relation = LINEAGE_RELATIONS.get(p, "ratifies")
            out.append((r["dir"].value, relation, r["x"].value))
            seen.add((r["dir"].value, relation, r["x"].value))
        result = []
        for d, relation, x in out:
            if relation == "cites" and any((d, s, x) in seen for s in CITING_SPECIFIC):
                continue  # listed under its specific relation, as cq03 does
            result.append({"direction": d, "relation": relation, "iri": x, "key": rel(x),
                           "label": self.label(x, lang), "link": self.link(x), "date": self._date_of(x)})
        order = {"supersedes": 0, "amends": 1, "ratifies": 2, "guided_by": 3, "reaffirms": 4, "implements": 5, "cites": 6}
        result.sort(key=lambda e: (e["direction"], order.get(e["relation"], 9), e["date"] or "", e["key"]))
        return result

    def _date_of(self, iri: str) -> str | None:
        d = self.instrument_index().get(iri)
        if d:
            return d["date"] or d["year"]
        rows = self._cached(("date", iri), lambda: self.select(f"SELECT ?d WHERE {{ <{iri}> eli:date_document ?d }} LIMIT 1"))
        return rows[0]["d"].value if rows else None

    def link(self, iri: str) -> str | None:
        if iri in self.instrument_index():
            return "/instrument/" + rel(iri)
        if iri.startswith(ns.ID + "work/") and not iri.startswith(ns.ID + "work/cited/"):
            return "/work/" + rel(iri)[len("work/"):]
        return None

    # -- reads by a bound node ----------------------------------------------------------------
    # The evidence of a page is a few hundred nodes, each read by its IRI. A SELECT per node cost
    # 0.2 ms of parsing and planning alone (390 a page: 146 ms at 10,000 documents); the local
    # store reads them from its indexes in one batch, a remote one in one VALUES query.
    def describe(self, nodes, predicates=None) -> dict[str, dict[str, list]]:
        """{node: {predicate: [objects]}} of the IRIs `nodes` (of `predicates` only, when given:
        the store then decodes no other object), as the queried default graph has them."""
        nodes = sorted(set(nodes))
        out: dict[str, dict[str, list]] = {x: {} for x in nodes}
        if not nodes:
            return out
        read = getattr(self.store, "outgoing", None)
        if read is not None:
            for s_, pos in read(nodes, predicates).items():
                for p_, o_ in sorted(pos, key=lambda po: (po[0], str(po[1]))):
                    out[s_].setdefault(p_, []).append(o_)
            return out
        values = " ".join(f"<{x}>" for x in nodes)
        only = f"FILTER (?p IN ({', '.join(f'<{p}>' for p in sorted(predicates))}))" if predicates else ""
        for r in self.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o {only} }} ORDER BY ?s ?p ?o"):
            out[r["s"].value].setdefault(r["p"].value, []).append(r["o"])
        return out

    def subjects(self, predicate: str, objects) -> set[str]:
        """The IRIs that have `predicate` to one of `objects`."""
        objects = sorted(set(objects))
        if not objects:
            return set()
        read = getattr(self.store, "incoming", None)
        if read is not None:
            return {s_ for s_, _, _ in read(objects, [predicate])}
        values = " ".join(f"<{x}>" for x in objects)
        return {r["s"].value for r in self.select(
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {values} }} ?s <{predicate}> ?o }}")
            if r["s"].__class__.__name__ == "NamedNode"}

    def evidence(self, iri: str) -> list[dict]:
        """Every evidence span for a statement about the instrument, its articles and
        obligations, or pointing at it, in every source.

        Reached through the indexes: the nodes under the instrument's IRI are found from the
        instrument (its neighbours, and the obligations of its articles), then their evidence
        by rdf:subject bound, and the evidence pointing at it by rdf:object bound. A FILTER over
        every evidence node grew with the corpus (2.6-6.2 s a page at 1,000 documents)."""
        I = f"<{iri}>"
        near = {o.value for objs in self.describe([iri])[iri].values() for o in objs
                if o.__class__.__name__ == "NamedNode"}
        # Who points at the instrument: one bound object and nothing else to join (Oxigraph
        # planned a union of this with the above, or a VALUES over them, as a scan).
        near |= {r["x"].value for r in self.select(f"SELECT DISTINCT ?x WHERE {{ ?x ?p {I} }}")
                 if r["x"].__class__.__name__ == "NamedNode"}
        parts = {iri} | {x for x in near if x.startswith(iri + "/")}
        parts |= {x for x in self.subjects(ns.BKG + "inArticle", parts - {iri}) if x.startswith(iri + "/")}
        es = self.subjects(ns.RDF + "subject", parts) | self.subjects(ns.RDF + "object", [iri])
        return self.spans(es)

    def spans(self, es) -> list[dict]:
        """The spans of the evidence nodes `es`: statement, source, offsets and quoted words,
        read level by level (annotations, their targets, then selectors and sources)."""
        R, OA, DC = ns.RDF, ns.OA, ns.DCTERMS
        # Only what a span is made of is read: the types (a quarter of the evidence triples) are
        # not, a selector being known by what it has (offsets, or the exact words).
        nodes = self.describe(es, (R + "subject", R + "predicate", R + "object", OA + "hasTarget"))
        targets = {t.value for e in es for t in nodes[e].get(OA + "hasTarget", [])}
        nodes.update(self.describe(targets, (OA + "hasSelector", OA + "hasSource")))
        below = {x.value for t in targets for k in (OA + "hasSelector", OA + "hasSource") for x in nodes[t].get(k, [])}
        nodes.update(self.describe(below - nodes.keys(), (OA + "start", OA + "end", OA + "exact", DC + "identifier")))
        seen, out = set(), []
        for e in sorted(es):
            E = nodes[e]
            for s_, p_, o_ in zip(E.get(R + "subject", []), E.get(R + "predicate", []), E.get(R + "object", [])):
                for t in E.get(OA + "hasTarget", []):
                    T = nodes[t.value]
                    sels = [nodes[x.value] for x in T.get(OA + "hasSelector", [])]
                    quote = next((q[OA + "exact"][0].value for q in sels if q.get(OA + "exact")), None)
                    for doc in T.get(OA + "hasSource", []):
                        name = (nodes[doc.value].get(DC + "identifier") or [None])[0]
                        for sel in sels:
                            for st in sel.get(OA + "start", []):
                                for en in sel.get(OA + "end", []):
                                    key = (s_.value, p_.value, o_.value, doc.value, int(st.value), int(en.value), quote)
                                    if key in seen:
                                        continue
                                    seen.add(key)
                                    out.append({"subject": s_.value, "subject_key": rel(s_.value), "predicate": p_.value,
                                                "object": o_.value, "object_is_iri": o_.__class__.__name__ == "NamedNode",
                                                "source": doc.value, "source_name": v(name) or rel(doc.value),
                                                "start": int(st.value), "end": int(en.value), "quote": quote})
        out.sort(key=lambda e: (e["source_name"], e["start"], e["end"], e["predicate"]))
        return out

    # -- research works ---------------------------------------------------------------------
    def work_title(self, iri: str, lang: str) -> str:
        titles = self.work_index().get(iri, {}).get("titles", {})
        return pick(titles, lang) or self.label(iri, lang)

    def work_index(self) -> dict[str, dict]:
        def load():
            out: dict[str, dict] = {}
            for r in self.select("""SELECT ?w ?t ?id ?year ?c WHERE { ?w a bkg:ResearchWork .
                    OPTIONAL { ?w dcterms:title ?t } OPTIONAL { ?w dcterms:identifier ?id }
                    OPTIONAL { ?w fabio:hasPublicationYear ?year } OPTIONAL { ?w dcterms:creator ?c } }"""):
                w = out.setdefault(r["w"].value, {"iri": r["w"].value, "key": rel(r["w"].value)[len("work/"):],
                                                  "identifier": v(r.get("id")), "titles": {}, "year": None, "authors": []})
                if r.get("t"):
                    w["titles"].setdefault(r["t"].language or "", r["t"].value)
                w["year"] = w["year"] or v(r.get("year"))
                if r.get("c") and r["c"].value not in w["authors"]:
                    w["authors"].append(r["c"].value)
            return out
        return self._cached("works", load)

    def works(self, lang: str = "en") -> list[dict]:
        out = []
        for w in self.work_index().values():
            out.append({"iri": w["iri"], "key": w["key"], "identifier": w["identifier"],
                        "title": pick(w["titles"], lang), "titles": w["titles"], "year": w["year"],
                        "authors": [self.label(a, lang) for a in w["authors"]],
                        "cites": len(self.work(w["key"], lang)["cites"])})
        return sorted(out, key=lambda w: w["key"])

    def work(self, key: str, lang: str = "en") -> dict:
        iri = key if key.startswith("http") else ns.ID + "work/" + key.strip("/").removeprefix("work/")
        w = self.work_index().get(iri)
        if w is None:
            raise NotFound(f"{key}: no such research work")

        def load():
            cites = []
            for r in self.select(f"""SELECT DISTINCT ?x ?how ?kind WHERE {{
                    {{ <{iri}> cito:cites ?x BIND("cites" AS ?how) }} UNION {{ <{iri}> bkg:mentions ?x BIND("mentions" AS ?how) }}
                    BIND (IF(EXISTS {{ ?x a bkg:Instrument }}, "treaty", IF(EXISTS {{ ?x a bkg:RatifyingAct }}, "law",
                          IF(EXISTS {{ ?x a fabio:Expression }}, "work", "other"))) AS ?kind) }}"""):
                x = r["x"].value
                cites.append({"iri": x, "key": rel(x), "how": r["how"].value, "kind": r["kind"].value,
                              "label": self.label(x, lang), "link": self.link(x), "date": self._date_of(x)})
            cites.sort(key=lambda c: (c["kind"], c["how"], c["key"]))
            return {"iri": iri, "key": w["key"], "identifier": w["identifier"], "title": pick(w["titles"], lang),
                    "titles": w["titles"], "year": w["year"], "authors": [self.label(a, lang) for a in w["authors"]],
                    "cites": cites}
        return self._cached(("work", iri, lang), load)

    # -- lineage ----------------------------------------------------------------------------
    def lineage_edges(self) -> list[tuple[str, str, str]]:
        def load():
            rows = self.select("""SELECT DISTINCT ?from ?p ?to WHERE {
                VALUES ?p { bkg:supersedes eli:cites bkg:guidedBy bkg:reaffirms bkg:amends bkg:implements }
                ?from ?p ?to }""")
            edges = {(r["from"].value, LINEAGE_RELATIONS[r["p"].value], r["to"].value) for r in rows}
            return sorted(e for e in edges if not (e[1] == "cites" and any((e[0], s, e[2]) in edges for s in CITING_SPECIFIC)))
        return self._cached("edges", load)

    def lineage(self, view: str = "overview", instrument: str | None = None, pair: str | None = None,
                on: str | None = None, depth: int = 2, lang: str = "en") -> dict:
        pair_t = None
        if pair:
            codes = [c for c in re.split(r"[-,/ ]+", pair.strip().upper()) if c]
            if len(codes) != 2 or not all(_ISO.match(c) for c in codes):
                raise ValueError(f"pair={pair!r}: two ISO 3166-1 alpha-2 codes, as KZ-KG")
            pair_t = tuple(codes)
        if instrument:
            instrument = self.resolve_key(instrument)
        key = ("lineage", view, instrument, pair_t, on, depth, lang)
        return self._cached(key, lambda: self._lineage(view, instrument, pair_t, on, depth, lang))

    def _lineage(self, view, instrument, pair, on, depth, lang) -> dict:
        data = kg_lineage.node_link(kg_lineage.view(self.store, view, instrument, pair=pair, on=on, depth=depth,
                                                    lang=lang))
        for n in data.get("nodes", []):  # what the explorer shows beside each node: a link to its page
            n.setdefault("page", self.link(n["id"]) if isinstance(n.get("id"), str) else None)
        return data

    def pairs(self) -> list[tuple[str, str]]:
        out = set()
        for d in self.instrument_index().values():
            if len(d["parties"]) == 2:
                out.add(tuple(d["parties"]))
        return sorted(out)

    # -- exports ----------------------------------------------------------------------------
    def export(self, fmt: str):
        """The export as chunks of bytes, written while they are sent: not kept (one per format
        was hundreds of MB a worker) nor built whole first."""
        from kg.graph.export import graph_parts, stream_parts

        parts = self.engine.export_parts(fmt)
        if parts is None:  # a server's graphs, or a store without its build's files
            return stream_parts(graph_parts(self.engine.graphs()), fmt)
        return stream_parts(parts, fmt, workers=os.cpu_count() or 1)

    def source_text(self, source_iri: str) -> str | None:
        return self.texts.get(source_iri) if self.texts is not None else None


def _natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


class SourceTexts:
    """The source files behind the evidence offsets: the build's manifest (local data dir), or,
    for a remote store, the bundled catalog's files whose sha256 the graph records."""

    def __init__(self, data_dir: Path | None, engine=None):
        self.data_dir = data_dir
        self.engine = engine
        self._texts: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        from kg.pipeline.publish import read_manifest, source_texts

        if self.data_dir is not None:
            return source_texts(read_manifest(Path(self.data_dir)))
        out = {}
        try:
            import hashlib

            from kg.pipeline.catalog import find_catalog, load_catalog
            from kg.text.sources import load

            by_sha = {}
            for e in load_catalog(find_catalog()):
                try:
                    by_sha[hashlib.sha256(e.path.read_bytes()).hexdigest()] = e.path
                except OSError:
                    continue
            rows = self.engine.select(PROLOGUE + "SELECT ?d ?sha WHERE { ?d a bkg:SourceDocument ; bkg:sha256 ?sha }")
            for r in rows:
                p = by_sha.get(r["sha"].value)
                if p is not None:
                    out[r["d"].value] = load(str(p)).raw
        except Exception:  # noqa: BLE001 - no texts is a page without highlights, not an error
            pass
        return out

    def get(self, iri: str) -> str | None:
        if self._texts is None:
            with self._lock:
                if self._texts is None:
                    self._texts = self._load()
        return self._texts.get(iri)


# ---------------------------------------------------------------------------------------------
# The JSON API


def router(view: GraphView) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["data"])
    Lang = Query("en", pattern="^(en|kk|ru)$", description="language of labels and titles (en, kk, ru)")

    def not_found(e):
        return HTTPException(status_code=404, detail=str(e))

    @r.get("/stats", summary="What is in the graph, with counts")
    def stats():
        return view.stats()

    @r.get("/instruments", summary="Instruments, filtered")
    def instruments(party: Optional[str] = Query(None, description="ISO 3166-1 alpha-2 code of a party, e.g. KG"),
                    pair: Optional[str] = Query(None, description="two parties, e.g. KZ-KG"),
                    date_from: Optional[str] = Query(None, alias="from", description="signed on or after (YYYY or YYYY-MM-DD)"),
                    date_to: Optional[str] = Query(None, alias="to", description="signed on or before (YYYY or YYYY-MM-DD)"),
                    type: Optional[str] = Query(None, description="treaty, agreement, protocol, convention, memorandum, …"),
                    q: Optional[str] = Query(None, description="text search in titles and identifiers"),
                    limit: Optional[int] = Query(None, ge=0, description="at most this many (all by default)"),
                    offset: int = Query(0, ge=0, description="skip this many first"),
                    lang: str = Lang):
        try:
            items = view.instruments(party, pair, date_from, date_to, type, q, lang)
        except ValueError as e:  # a malformed filter is the request's fault, said as FastAPI says it
            raise HTTPException(status_code=422, detail=str(e))
        page = items[offset:None if limit is None else offset + limit]
        # Plain dicts of strings: json's C encoder, not FastAPI's walk of every value (0.6 s for
        # the 7,720 instruments of 10,000 documents).
        return JSONResponse({"count": len(items), "offset": offset, "instruments": page})

    @r.get("/instruments/{key:path}/lineage", summary="The lineage of one instrument (node-link JSON)")
    def instrument_lineage(key: str, depth: int = Query(2, ge=0, le=10), view_name: str = Query("lineage", alias="view",
                           pattern="^(lineage|supersession|timeline|overview)$"), lang: str = Lang):
        try:
            return view.lineage(view_name, key, depth=depth, lang=lang)
        except NotFound as e:
            raise not_found(e)

    @r.get("/instruments/{key:path}", summary="One instrument: its record, relations and evidence")
    def instrument(key: str, lang: str = Lang):
        try:
            return view.instrument(key, lang)
        except NotFound as e:
            raise not_found(e)

    @r.get("/lineage", summary="The lineage graph (node-link JSON): overview, timeline or supersession")
    def lineage(view_name: str = Query("overview", alias="view", pattern="^(lineage|supersession|timeline|overview)$"),
                instrument: Optional[str] = None, pair: Optional[str] = Query(None, description="e.g. KZ-KG"),
                on: Optional[str] = Query(None, description="the state on this date (YYYY-MM-DD)"),
                depth: int = Query(2, ge=0, le=10), lang: str = Lang):
        try:
            return view.lineage(view_name, instrument, pair, on, depth, lang)
        except NotFound as e:
            raise not_found(e)
        except ValueError as e:
            raise HTTPException(status_code=400, detail=str(e))

    @r.get("/works", summary="Research works")
    def works(lang: str = Lang):
        items = view.works(lang)
        return {"count": len(items), "works": items}

    @r.get("/works/{key:path}", summary="One research work and what it cites or mentions")
    def work(key: str, lang: str = Lang):
        try:
            return view.work(key, lang)
        except NotFound as e:
            raise not_found(e)

    @r.get("/export/{fmt}", summary="The whole graph as Turtle, TriG, N-Quads or JSON-LD, streamed",
           responses={200: {"content": {m.split(";")[0]: {} for m in EXPORT_FORMATS.values()}}})
    def export(fmt: str):
        if fmt not in EXPORT_FORMATS:
            raise HTTPException(status_code=404, detail=f"{fmt}: one of {', '.join(EXPORT_FORMATS)}")
        ext = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}[fmt]
        return StreamingResponse(view.export(fmt), media_type=EXPORT_FORMATS[fmt],
                                 headers={"Content-Disposition": f'inline; filename="bilateral-kg.{ext}"'})

    @r.get("/sources/{name}/text", response_class=PlainTextResponse, summary="The text of a source file")
    def source_text(name: str):
        iri = ns.ID + "source/" + ids.source_id(name) if hasattr(ids, "source_id") else ns.ID + "source/" + name
        text = view.source_text(iri) or view.source_text(ns.ID + "source/" + name)
        if text is None:
            raise HTTPException(status_code=404, detail=f"{name}: no text for this source here")
        return PlainTextResponse(text)

    return r
