"""A graph of many treaties written straight as RDF, for timing queries at a size that text
extraction would take hours to reach (issue 7: the lineage of one instrument and the timeline
of one pair on 100,000 treaties).

The triples have the shape kg.graph.rdf writes for a treaty read from its text and its ratifying
law (types, identity key, signing date and place, document type, level, parties and their
bodies, titles in Kazakh and Russian, languages, final clauses, entry into force, the source
text, ratification, and the supersedes / guided-by / cites / amends links between treaties of
one pair): 25 triples on a treaty node, as on the nodes of a 10,000-document build (the views
scan every triple of the nodes they show, so a thinner node would time them too kindly). One
named graph per treaty and the merge in the default graph, as `kg build` stores them.
Evidence, articles and obligations are left out: the views do not read them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

import pyoxigraph as ox

from kg.text import countries
from kg.graph import ids
from kg.graph import namespaces as ns
from kg.graph.store import with_merge

TYPES = ("treaty", "agreement", "protocol", "memorandum", "convention")
OWNERS = ("KZ", "RU", "UZ", "KG", "TJ", "TM", "CN", "AZ", "GE", "AM", "BY", "UA")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(ns.XSD + "date"))


def quads(n: int, seed: int = 0) -> Iterator[ox.Quad]:
    """The quads of `n` bilateral treaties, in chains within each pair of countries."""
    rnd = random.Random(seed)
    codes = sorted(c for c in countries.table() if len(c) == 2)
    # Several national databases merged (issue 7: "adds its neighbours' databases"): the first
    # party is one of a few database owners, the second any state, a few of them much more
    # often than the rest (Zipf-like), so a pair holds from one to a few hundred instruments.
    owners = [c for c in OWNERS if c in codes]
    order = codes[:]
    rnd.shuffle(order)
    weights = [1 / (k + 1) ** 0.8 for k in range(len(order))]
    A = _n(ns.RDF + "type")
    bkg = lambda local: _n(ns.BKG + local)  # noqa: E731
    eli = lambda local: _n(ns.ELI + local)  # noqa: E731
    label = _n(ns.RDFS + "label")
    start = dt.date(1991, 12, 16).toordinal()
    span = dt.date(2026, 1, 1).toordinal() - start
    by_pair: dict[str, list[ox.NamedNode]] = {}
    seen_keys: set[str] = set()
    country_graph = _n(ns.ID + "graph/synthetic-countries")
    for code in codes:
        C = _n(ids.country_iri(code))
        yield ox.Quad(C, A, bkg("Country"), country_graph)
        yield ox.Quad(C, bkg("isoCode"), ox.Literal(code), country_graph)
        yield ox.Quad(C, label, ox.Literal(f"Country {code}", language="en"), country_graph)
    days = sorted(dt.date.fromordinal(start + rnd.randrange(span)).isoformat() for _ in range(n))
    for i, day in enumerate(days):  # in signing order, so a text rests on older ones
        owner = rnd.choice(owners)
        other = owner
        while other == owner:
            other = rnd.choices(order, weights)[0]
        a, b = ids.canonical_parties((owner, other))
        key = f"treaty:{a}-{b}:{day}"
        iri = ns.ID + f"treaty/{a.lower()}-{b.lower()}/{day}"
        if key in seen_keys:
            iri += f"/n{i}"
        seen_keys.add(key)
        X, G = _n(iri), _n(ns.ID + f"graph/synthetic-{i:06d}")
        itype = rnd.choice(TYPES)
        yield ox.Quad(X, A, bkg("Instrument"), G)
        yield ox.Quad(X, A, eli("LegalResource"), G)
        yield ox.Quad(X, _n(ns.DCTERMS + "identifier"), ox.Literal(key), G)
        yield ox.Quad(X, eli("date_document"), _date(day), G)
        yield ox.Quad(X, eli("type_document"), _n(ns.DOCTYPE + itype), G)
        yield ox.Quad(X, _n(ns.DCTERMS + "title"), ox.Literal(f"{itype} {i}", language="kk"), G)
        yield ox.Quad(X, _n(ns.DCTERMS + "title"), ox.Literal(f"{itype} {i} (ru)", language="ru"), G)
        for code in (a, b):
            yield ox.Quad(X, bkg("partyCountry"), _n(ids.country_iri(code)), G)
            yield ox.Quad(X, bkg("party"), _n(ids.body_iri(code, "government")), G)
        source = _n(ns.ID + f"source/synthetic-{i:06d}")
        yield ox.Quad(X, bkg("instrumentText"), source, G)
        yield ox.Quad(X, bkg("level"), _n(ns.LEVEL + "intergovernmental"), G)
        yield ox.Quad(X, bkg("signedAt"), _n(ns.ID + f"place/city-{rnd.randrange(60)}"), G)
        for lang in ("KAZ", "RUS", "ENG"):
            yield ox.Quad(X, eli("language"), _n(ns.EULANG + lang), G)
        yield ox.Quad(X, bkg("prevailingLanguage"), _n(ns.EULANG + "RUS"), G)
        yield ox.Quad(X, bkg("entryIntoForceCondition"), ox.Literal("last_notification"), G)
        yield ox.Quad(X, bkg("entryIntoForceDelayDays"), ox.Literal("30", datatype=_n(ns.XSD + "integer")), G)
        yield ox.Quad(X, bkg("duration"), ox.Literal(f"P{rnd.choice((5, 10))}Y", datatype=_n(ns.XSD + "duration")), G)
        yield ox.Quad(X, bkg("terminationNoticeAmount"), ox.Literal("6", datatype=_n(ns.XSD + "integer")), G)
        yield ox.Quad(X, bkg("terminationNoticeUnit"), ox.Literal("month"), G)
        yield ox.Quad(X, bkg("articleCount"), ox.Literal(str(rnd.randrange(5, 30)), datatype=_n(ns.XSD + "integer")), G)
        if rnd.random() < 0.6:
            eif = dt.date.fromisoformat(day) + dt.timedelta(days=rnd.randrange(30, 700))
            yield ox.Quad(X, eli("first_date_entry_in_force"), _date(eif.isoformat()), G)
        act = _n(ns.ID + f"act/{owner.lower()}/law/synthetic-{i}")
        yield ox.Quad(act, A, bkg("RatifyingAct"), G)
        yield ox.Quad(act, bkg("ratifies"), X, G)
        yield ox.Quad(act, eli("id_local"), ox.Literal(f"{i}-S"), G)
        earlier = by_pair.setdefault(a + b, [])
        if earlier:  # the lineage within a pair: the older texts this one rests on or replaces
            prev = earlier[-1]
            roll = rnd.random()
            if roll < 0.15:
                yield ox.Quad(X, bkg("supersedes"), prev, G)
            elif roll < 0.25:
                yield ox.Quad(X, bkg("amends"), prev, G)
            for old in rnd.sample(earlier, min(len(earlier), rnd.randrange(0, 3))):
                yield ox.Quad(X, rnd.choice((bkg("guidedBy"), bkg("reaffirms"))), old, G)
                yield ox.Quad(X, eli("cites"), old, G)
        earlier.append(X)


def load(store: ox.Store, n: int, seed: int = 0) -> int:
    """Write the synthetic graph (and its merge) into `store`, compacted as `kg build` leaves a
    store after a full load; returns the quads written."""
    batch = list(quads(n, seed))
    store.bulk_extend(with_merge(batch))
    store.flush()
    # Uncompacted, the bulk load's 40 files cost every read a seek in each: the timeline of a
    # busy pair at 100,000 treaties took 47 ms, compacted 34 (measured).
    store.optimize()
    return len(batch)
