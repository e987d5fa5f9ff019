"""The compiled SHACL checker (kg/graph/shacl.py) finds what pyshacl finds, and validating each source
graph on its own plus the cross-document part finds what one pass over the whole dataset finds.

Three kinds of graphs: every broken graph of tests/test_graph_shapes.py, the bundled corpus, and
a generated corpus of 50 documents with seeded random mutations aimed at each kind of constraint
the shapes use (a dropped required triple, a second value of a functional property, a wrong or
ill-typed datatype, a wrong node kind, a pattern, a list, a language, a span order, a subclass).
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from graph_support import corpus_records
from test_graph_shapes import CASES, G
from test_graph_shapes import broken_graphs as _graphs

from kg.graph import namespaces as ns
from kg.graph.shacl import UnsupportedShape, compile_shapes
from kg.graph.validate import (_pyshacl, compiled_shapes, cross_document_part, load_shapes, to_rdflib,
                         validate_graphs)

XSD, BKG, ELI, OA, RDF, RDFS, DCT = ns.XSD, ns.BKG, ns.ELI, ns.OA, ns.RDF, ns.RDFS, ns.DCTERMS
N = ox.NamedNode


def keys(report) -> set:
    return {(f.severity, f.rule, f.focus, f.path, f.value, f.message, f.graphs, f.where) for f in report.findings}


def both(graphs, texts=None) -> tuple[set, set]:
    return (keys(validate_graphs(graphs, texts, engine="pyshacl")),
            keys(validate_graphs(graphs, texts, engine="compiled")))


@pytest.fixture(scope="module")
def records():
    return {r["source"].rsplit("/", 1)[-1][:3]: r for r in corpus_records()}


# ---------------------------------------------------------------------------------------------
# (a) the broken graphs of test_graph_shapes.py, (b) the bundled corpus


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_broken_graphs_give_the_same_findings(records, case):
    which, mutate_record, mutate_graphs, _ = CASES[case]
    ours_py, ours = both(*_graphs(records, which, mutate_record, mutate_graphs))
    assert ours == ours_py


def test_the_bundled_corpus_gives_the_same_findings_with_the_ontology(records):
    def drop_kk_label(graphs):  # and one ontology term broken, for the qualified shapes
        g = graphs[ns.ONTOLOGY_GRAPH]
        for t in [t for t in g if t[0].value == BKG + "Instrument" and t[1].value == RDFS + "label"
                  and t[2].language == "kk"]:
            g.discard(t)
    graphs, texts = _graphs(records, sorted(records), ontology=True)
    py, ours = both(graphs, texts)
    assert ours == py
    graphs, texts = _graphs(records, sorted(records), mutate_graphs=drop_kk_label, ontology=True)
    py, ours = both(graphs, texts)
    assert ours == py and any("QualifiedMinCount" in k[1] for k in ours)


# ---------------------------------------------------------------------------------------------
# (c) a generated corpus with random mutations


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from kg.pipeline import build as B
    from kg.pipeline.catalog import load_catalog
    from kg.pipeline.records import collect_records
    from kg.graph import rdf
    from kg.graph import resolve
    from kg.bench.generate import generate

    root = tmp_path_factory.mktemp("gen50")
    generate(50, root / "corpus", seed=11)
    catalog = root / "corpus" / "catalog.yaml"
    entries = load_catalog(catalog)
    sources, _, _ = collect_records([e.path for e in entries], root / "data", catalog=entries,
                                      source_root=catalog.parent)
    res = resolve.resolve(sources)
    graph = B.Graph(tuple(sources), res, rdf.build_dataset(sources, res, B.ONTOLOGY_FILES))
    return {g: set(t) for g, t in graph.dataset.graphs.items() if g != ns.ONTOLOGY_GRAPH}, graph.texts()


def _lit(v, dt=None, lang=None):
    return ox.Literal(v, language=lang) if lang else ox.Literal(v, datatype=N(dt or XSD + "string"))


def mutate(graphs: dict, rng: random.Random, n: int) -> list[str]:
    """n random breakages, each of a kind some shape must catch (or deliberately must not)."""
    done = []
    names = sorted(graphs)

    def pick(pred, cond=lambda t: True):
        g = rng.choice(names)
        ts = sorted((t for t in graphs[g] if t[1].value == pred and cond(t)), key=str)
        return (g, rng.choice(ts)) if ts else (None, None)

    def replace(g, t, o):
        graphs[g].discard(t)
        graphs[g].add((t[0], t[1], o))

    kinds = [
        ("drop a required triple", lambda: [(graphs[g].discard(t)) for g, t in [pick(rng.choice(
            [RDFS + "label", BKG + "country", OA + "start", OA + "hasSource", BKG + "articleNumber",
             ELI + "is_part_of", BKG + "modality", ELI + "date_document", BKG + "party", OA + "exact"]))] if g]),
        ("a second value of a functional property", lambda: [graphs[g].add((t[0], t[1], o)) for g, t, o in [
            (*pick(ELI + "date_document"), _lit("1999-01-01", XSD + "date")),
            (*pick(BKG + "articleNumber"), _lit("999", XSD + "integer")),
            (*pick(OA + "hasSource"), N(ns.ID + "source/zzz")),
            (*pick(BKG + "bodyKind"), _lit("agency"))][rng.randrange(4):][:1] if g]),
        ("a wrong or ill-typed datatype", lambda: [replace(g, t, o) for g, t, o in [
            (*pick(ELI + "date_document"), _lit(rng.choice(["2024-02-30", "1997", "soon"]), XSD + "date")),
            (*pick(BKG + "articleNumber"), rng.choice([_lit("x", XSD + "integer"), _lit("3"),
                                                       _lit("1.5", XSD + "decimal"), _lit("0", XSD + "integer"),
                                                       _lit("007", XSD + "integer")])),
            (*pick(DCT + "title"), _lit("Untagged title")),
            (*pick(OA + "start"), _lit("-4", XSD + "integer")),
            (*pick(BKG + "signedYear"), _lit("97", XSD + "gYear")),
            (*pick(RDFS + "label", lambda t: t[2].language is not None), _lit("plain", XSD + "string"))
        ][rng.randrange(6):][:1] if g]),
        ("a wrong node kind or pattern", lambda: [replace(g, t, o) for g, t, o in [
            (*pick(BKG + "party"), rng.choice([_lit("KZ"), N(ns.ID + "country/kz")])),
            (*pick(ELI + "language"), N("http://publications.europa.eu/resource/authority/language/xx")),
            (*pick(OA + "hasTarget"), _lit("a literal target")),
            (*pick(BKG + "isoCode"), _lit("kz")),
        ][rng.randrange(4):][:1] if g]),
        ("a value outside a list or language", lambda: [replace(g, t, o) for g, t, o in [
            (*pick(BKG + "topic"), N(ns.VOCAB + "topic/tourism") if hasattr(ns, "VOCAB") else N("urn:x:tourism")),
            (*pick(BKG + "modality"), _lit("obligation")),
            (*pick(BKG + "wording"), _lit("words", lang=rng.choice(["en", "kk-Cyrl", "RU"]))),
            (*pick(DCT + "title"), _lit("A second title, same language", lang="kk")),
        ][rng.randrange(4):][:1] if g]),
        ("a span that ends before it starts", lambda: [
            (graphs[g].discard(t), graphs[g].add((t[0], t[1], _lit(str(int(t[2].value) + 10 ** 6), XSD + "integer"))))
            for g, t in [pick(OA + "start")] if g]),
        ("an instance of a subclass", lambda: [
            (graphs[g].add((N(ns.ID + "x/Sub"), N(RDFS + "subClassOf"), N(BKG + "Instrument"))),
             graphs[g].add((N(ns.ID + "x/sub1"), N(RDF + "type"), N(ns.ID + "x/Sub"))),
             graphs[g].add((N(ns.ID + "x/sub1"), N(ELI + "date_document"), _lit("bad", XSD + "date"))))
            for g in [rng.choice(names)]]),
        ("an event with a date of neither type", lambda: [
            (graphs[g].add((N(ns.ID + "x/ev"), N(RDF + "type"), N(BKG + "Event"))),
             graphs[g].add((N(ns.ID + "x/ev"), N(DCT + "date"), rng.choice(
                 [_lit("2001", XSD + "gYear"), _lit("2001-02-03", XSD + "date"), _lit("2001")]))))
            for g in [rng.choice(names)]]),
    ]
    for _ in range(n):
        name, f = rng.choice(kinds)
        f()
        done.append(name)
    return done


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_mutated_generated_corpus_gives_the_same_findings(generated, seed):
    graphs, texts = generated
    graphs = {g: set(t) for g, t in graphs.items()}
    mutate(graphs, random.Random(seed), 40)
    py, ours = both(graphs, texts)
    assert ours == py
    assert sum(1 for k in ours if k[0] == "Violation") >= 10  # the mutations did break things


# ---------------------------------------------------------------------------------------------
# The split misses nothing: per source + the cross-document part vs the whole dataset at once


def _core_keys(findings) -> set:
    return {(f.severity, f.rule, f.focus, f.path, f.value) for f in findings}


def split_vs_whole(graphs: dict) -> tuple[set, set, set]:
    """(whole-dataset pyshacl, per-source compiled + cross-document part, the nodes that more
    than one graph describes)."""
    from kg.graph.validate import EvidenceIndex, _findings

    data = {g: t for g, t in graphs.items() if g != ns.ONTOLOGY_GRAPH}
    idx = EvidenceIndex()
    whole = _core_keys(_pyshacl(to_rdflib(set().union(*data.values())), load_shapes("bilateral.ttl"), (), idx))
    shapes = compiled_shapes("bilateral.ttl")
    split = set()
    for g, t in data.items():
        split |= _core_keys(_findings(shapes.check(t), (g,), idx))
    part, where = cross_document_part(data)
    split |= _core_keys(_findings(shapes.check(part), (), idx))
    shared = {s.value for s in where.shared}
    return whole, split, shared


def _assert_split_misses_nothing(graphs):
    whole, split, shared = split_vs_whole(graphs)
    assert whole <= split, sorted(whole - split)
    # All the split adds: a node described by several graphs lacks a required value in one of
    # them though another graph gives it (each source graph must be complete on its own).
    extra = split - whole
    assert all(k[1].endswith("MinCount") and k[2] in shared for k in extra), sorted(extra)
    return whole, split


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_split_misses_nothing_on_the_broken_graphs(records, case):
    which, mutate_record, mutate_graphs, _ = CASES[case]
    graphs, _ = _graphs(records, which, mutate_record, mutate_graphs)
    _assert_split_misses_nothing(graphs)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_split_misses_nothing_on_a_mutated_generated_corpus(generated, seed):
    graphs = {g: set(t) for g, t in generated[0].items()}
    mutate(graphs, random.Random(seed), 40)
    whole, split = _assert_split_misses_nothing(graphs)
    assert whole


def test_two_dates_in_two_sources_are_caught_only_by_the_cross_document_part():
    x = N(ns.ID + "treaty/x")
    graphs = {G(f"s{i}"): {(x, N(RDF + "type"), N(BKG + "Instrument")),
                           (x, N(ELI + "date_document"), _lit(f"2000-01-0{i}", XSD + "date"))} for i in (1, 2)}
    rule = "bkgsh:InstrumentShape eli:date_document MaxCount"
    shapes = compiled_shapes("bilateral.ttl")
    assert not any(r[1] == rule for t in graphs.values() for r in shapes.check(t))
    whole, split, _ = split_vs_whole(graphs)
    assert whole == split == {("Violation", rule, x.value, ELI + "date_document", None)}


# ---------------------------------------------------------------------------------------------
# Loud failure on shapes outside the subset; the cache


@pytest.mark.parametrize("extra", [
    "sh:class bkg:Country", "sh:path [ sh:inversePath bkg:party ]", "sh:hasValue 1", "sh:node bkgsh:X",
    "sh:maxExclusive 3", "sh:equals bkg:y",
])
def test_an_unsupported_shape_fails_at_compile_time(extra):
    ttl = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix bkg: <{BKG}> . @prefix bkgsh: <https://w3id.org/bilateral-kg/shapes#> .
    bkgsh:S a sh:NodeShape ; sh:targetClass bkg:X ; sh:property [ sh:path bkg:p ; {extra} ; sh:message "m" ] ."""
    if "sh:path [" in extra:
        ttl = ttl.replace("sh:path bkg:p ; ", "")
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    with pytest.raises(UnsupportedShape):
        compile_shapes(g)


def test_the_cache_returns_the_same_findings_and_skips_unchanged_graphs(records, tmp_path, monkeypatch):
    from kg.graph import validate as V

    graphs, texts = _graphs(records, ("000", "001"), mutate_graphs=CASES["an act with two numbers"][2])
    cold = keys(validate_graphs(graphs, texts, cache_dir=tmp_path))
    assert list(tmp_path.glob("source-pass-*.json"))
    calls = []
    real = V.Compiled.check
    monkeypatch.setattr(V.Compiled, "check", lambda self, t, by_s=None: calls.append(len(t)) or real(self, t, by_s))
    warm = keys(validate_graphs(graphs, texts, cache_dir=tmp_path))
    assert warm == cold
    assert len(calls) == 1  # the cross-document part only: both source graphs came from the cache
    g = G("000_12ecf27d1504b882")
    graphs[g] = set(graphs[g]) | {(N(ns.ID + "x/a"), N(RDF + "type"), N(BKG + "Place"))}
    changed = keys(validate_graphs(graphs, texts, cache_dir=tmp_path))
    assert len(calls) == 3 and any(k[1] == "bkgsh:PlaceShape rdfs:label MinCount" for k in changed)
    # a text that changed under an unchanged graph: its spans are checked again
    src = next(s for s in texts if "000_" in s)
    texts = {**texts, src: "short"}
    moved = keys(validate_graphs(graphs, texts, cache_dir=tmp_path))
    assert len(calls) > 3
    assert moved == keys(validate_graphs(graphs, texts))
    assert any(k[1] == "bkgsh:EvidenceSpanInText" for k in moved)


def test_the_shapes_files_compile():
    """Every node shape and every property shape of the files becomes a check: none is dropped."""
    from rdflib.namespace import RDF as R, SH

    for name in ("bilateral.ttl", "ontology.ttl"):
        shapes, compiled = load_shapes(name), compiled_shapes(name)
        nodes = set(shapes.subjects(R.type, SH.NodeShape))
        assert len(compiled.nodes) == len(nodes) > 0, name
        assert sum(len(n.properties) for n in compiled.nodes) == \
            sum(1 for s in nodes for _ in shapes.objects(s, SH.property)), name
    with pytest.raises(UnsupportedShape):
        compile_shapes(load_shapes("cross-node.ttl"))


# ---------------------------------------------------------------------------------------------
# The cross-node rules run on a store of only the triples they can match: the same findings


def _rule_keys(graphs) -> tuple[set, set]:
    from kg.graph.store import with_merge
    from kg.graph.validate import EvidenceIndex, _sparql_rules, cross_node_store

    data = sorted(g for g in graphs if g != ns.ONTOLOGY_GRAPH)
    _, where = cross_document_part(graphs)
    full = ox.Store()
    full.bulk_extend(with_merge(ox.Quad(s, p, o, N(g)) for g in data for s, p, o in graphs[g]))
    shapes, idx = load_shapes("cross-node.ttl"), EvidenceIndex()
    return (_core_keys(_sparql_rules(full, shapes, where, idx)),
            _core_keys(_sparql_rules(cross_node_store(graphs, data), shapes, where, idx)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_filtered_rule_store_gives_the_same_findings(records, case):
    which, mutate_record, mutate_graphs, _ = CASES[case]
    full, filtered = _rule_keys(_graphs(records, which, mutate_record, mutate_graphs)[0])
    assert full == filtered


def test_the_filtered_rule_store_gives_the_same_findings_on_a_generated_corpus(generated):
    graphs = {g: set(t) for g, t in generated[0].items()}
    mutate(graphs, random.Random(5), 40)
    rng = random.Random(6)
    dated = sorted({(t[0], t[2], g) for g, ts in graphs.items() for t in ts if t[1].value == ELI + "date_document"},
                   key=str)
    for _ in range(5):  # rules that span documents: a relation between instruments of two sources
        (a, da, ga), (b, db, _) = rng.sample(dated, 2)
        graphs[ga].add((a, N(BKG + rng.choice(["supersedes", "amends", "guidedBy"])), b))
        graphs[ga].add((a, N(ELI + "cites"), a))
        graphs[ga].add((a, N(BKG + "prevailingLanguage"), N("http://publications.europa.eu/resource/authority/language/FRA")))
    full, filtered = _rule_keys(graphs)
    assert full == filtered and len({k[1] for k in full}) >= 3


def test_a_nested_shape_outside_the_subset_fails_at_compile_time():
    for nested in ("sh:or ( [ sh:datatype xsd:date ] [ sh:class bkg:Y ] )",
                   "sh:qualifiedValueShape [ sh:path bkg:q ; sh:minCount 1 ] ; sh:qualifiedMinCount 1"):
        ttl = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix bkg: <{BKG}> . @prefix xsd: <{XSD}> .
        bkg:S a sh:NodeShape ; sh:targetClass bkg:X ; sh:property [ sh:path bkg:p ; {nested} ; sh:message "m" ] ."""
        with pytest.raises(UnsupportedShape):
            compile_shapes(rdflib.Graph().parse(data=ttl, format="turtle"))


def test_the_fast_comparisons_of_sh_less_than_agree_with_rdflibs():
    from rdflib.namespace import XSD

    from kg.graph.shacl import _less_than, _less_than_rdflib

    def lit(v, t):
        return ox.Literal(v, datatype=N(str(XSD[t])))
    values = [lit(v, "date") for v in ("1997-04-12", "2003-12-25", "2003-02-30", "2003-1-5", "20030105")]
    values += [lit(v, t) for v in ("5", "12", "0012", "-3") for t in ("integer", "nonNegativeInteger")]
    values += [ox.Literal("2003-12-25"), N(ns.ID + "x")]
    for a in values:
        for b in values:
            try:
                want = _less_than_rdflib(a, b)
            except TypeError:
                with pytest.raises(TypeError):
                    _less_than(a, b)
                continue
            assert _less_than(a, b) == want, (a, b)


def test_forked_workers_find_what_one_process_finds(records, monkeypatch, tmp_path):
    """The paths validate_graphs takes on a big dataset (source checks in two forked workers,
    the cross-document parts made meanwhile), forced on the corpus."""
    from kg.graph import validate as V

    graphs, texts = _graphs(records, ("000", "001", "002"), mutate_graphs=CASES["an act with two numbers"][2])
    one = keys(validate_graphs(graphs, texts, workers=1))
    digests = {g: V.graph_digest(t) for g, t in graphs.items()}
    monkeypatch.setattr(V, "PARALLEL_MIN_TRIPLES", 0)
    two = keys(validate_graphs(graphs, texts, workers=2, digests=digests, cache_dir=tmp_path))
    assert two == one and any(k[0] == "Violation" for k in two)
