"""The shapes: the corpus conforms, and every broken graph fed to them is caught with a report a
person can act on (the node, the rule, the value, the source span)."""

import copy

import pyoxigraph as ox
import pytest
import rdflib
from graph_support import corpus_records, iri, source_records

from kg.graph import namespaces as ns
from kg.pipeline.build import make_graph
from kg.graph.validate import load_shapes, to_rdflib, validate_graphs

ELI, BKG, DCT = ns.ELI, ns.BKG, ns.DCTERMS


@pytest.fixture(scope="module")
def records():
    return {r["source"].rsplit("/", 1)[-1][:3]: r for r in corpus_records()}


def broken_graphs(records, which, mutate_record=None, mutate_graphs=None, ontology=False):
    """The graphs and texts of the records `which`, after breaking a record or the graphs."""
    recs = [copy.deepcopy(records[k]) for k in which]
    if mutate_record:
        mutate_record(recs[0])
    graph = make_graph(source_records(recs), with_ontology=ontology)
    graphs = {g: set(t) for g, t in graph.dataset.graphs.items()}
    if mutate_graphs:
        mutate_graphs(graphs)
    return graphs, graph.texts()


def check(records, *which, mutate_record=None, mutate_graphs=None, ontology=False):
    return validate_graphs(*broken_graphs(records, which, mutate_record, mutate_graphs, ontology))


def G(sid):
    return ns.ID + "graph/" + sid


def test_the_corpus_conforms(records):
    graph = make_graph(source_records(list(records.values())))
    report = validate_graphs(graph.dataset.graphs, graph.texts())
    assert report.conforms, report.text()


# Each case: a way to break the graph, and the rule that must catch it.

def _second_date(graphs):  # two sources give one treaty two signing dates
    graphs[G("001_b841a6e1d22a4f9c")].add((ox.NamedNode(iri("treaty:KZ-KG:1997-04-08")), ox.NamedNode(ELI + "date_document"),
                                           ox.Literal("1997-04-09", datatype=ox.NamedNode(ns.XSD + "date"))))


def _untagged_title(graphs):
    g = graphs[G("000_12ecf27d1504b882")]
    t = next(t for t in g if t[1].value == DCT + "title" and t[0].value == iri("treaty:KZ-KG:2024-04-19"))
    g.discard(t)
    g.add((t[0], t[1], ox.Literal(t[2].value)))


def _no_iso_code(graphs):
    g = graphs[G("000_12ecf27d1504b882")]
    for t in [t for t in g if t[1].value == BKG + "isoCode" and t[2].value == "KZ"]:
        g.discard(t)


def _self_reference(rec):
    rec["references"].append({"target": "treaty", "date": rec["signed"]["date"], "parties": ["KZ", "KG"],
                              "relation": "cites", "title": rec["title"]["kk"]})


def _duplicate_article(rec):
    rec["articles"][1]["article"] = rec["articles"][0]["article"]


def _evidence(span):
    def mutate(rec):
        rec.setdefault("evidence", {})["signed.date"] = {"span": span, "quote": "2024 жылғы 19 сәуірде"}
    return mutate


CASES = {
    "two signing dates from two sources": (("000", "001"), None, _second_date,
                                           "bkgsh:InstrumentShape eli:date_document MaxCount"),
    "superseded instrument signed later": (("002",), lambda r: next(
        x for x in r["references"] if x["relation"] == "supersedes").update(date="2006-01-01", id=None), None,
        "bkgsh:SupersessionOrderShape"),
    "ratified before signature": (("000",), lambda r: r["ratification"].update(date="2020-01-01"), None,
                                  "bkgsh:RatificationAfterSignatureShape"),
    "two articles with one number": (("000",), _duplicate_article, None, "bkgsh:UniqueArticleNumberShape"),
    "a topic outside the 30": (("000",), lambda r: r["articles"][0].update(topics=["tourism"]), None,
                               "bkgsh:ArticleShape bkg:topic In"),
    "a modality outside the 4": (("004",), lambda r: r["articles"][0].update(modalities=["wish"]), None,
                                 "bkgsh:ArticleShape bkg:modality In"),
    "a title without language tag": (("000",), None, _untagged_title, "bkgsh:InstrumentShape dcterms:title Datatype"),
    "a span that ends before it starts": (("000",), _evidence([500, 400]), None,
                                          "bkgsh:TextPositionSelectorShape oa:start LessThan"),
    "a span outside the file": (("000",), _evidence([10 ** 6, 10 ** 6 + 20]), None, "bkgsh:EvidenceSpanInText"),
    "prevailing language not authentic": (("000",), lambda r: r.update(prevailing_languages=["en"]), None,
                                          "bkgsh:PrevailingLanguageIsAuthenticShape"),
    "an unknown language code": (("000",), lambda r: r.update(languages=["kk", "xx"]), None,
                                 "bkgsh:InstrumentShape eli:language Pattern"),
    "in force before signature": (("003",), lambda r: r["entry_into_force"].update(date="2017-01-01"), None,
                                  "bkgsh:EntryIntoForceAfterSignatureShape"),
    "a treaty that cites itself": (("000",), _self_reference, None, "bkgsh:NoSelfCitationShape"),
    "an impossible date": (("004",), lambda r: r["signed"].update(date="2024-13-45"), None,
                           "bkgsh:InstrumentShape eli:date_document Datatype"),
    "a treaty text without parties": (("003",), lambda r: r.update(parties=[]), None,
                                      "bkgsh:InstrumentTextShape bkg:party MinCount"),
    "a duration that is no duration": (("004",), lambda r: r.update(duration="forever"), None,
                                       "bkgsh:InstrumentShape bkg:duration Pattern"),
    "a country without ISO code": (("000", "001"), None, _no_iso_code, "bkgsh:CountryShape bkg:isoCode MinCount"),
    "an act with two numbers": (("000", "001"), None, lambda gs: gs[G("001_b841a6e1d22a4f9c")].add((
        ox.NamedNode(iri("law:KZ:216-VIII:2025-07-21")), ox.NamedNode(ELI + "id_local"), ox.Literal("217-VIII"))),
        "bkgsh:RatifyingActShape eli:id_local MaxCount"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_graph_is_caught(records, case):
    which, mutate_record, mutate_graphs, rule = CASES[case]
    report = check(records, *which, mutate_record=mutate_record, mutate_graphs=mutate_graphs)
    assert not report.conforms
    assert rule in report.rules(), report.text()


def test_an_ontology_term_without_a_kazakh_label_is_caught(records):
    def drop(graphs):
        g = graphs[ns.ONTOLOGY_GRAPH]
        for t in [t for t in g if t[0].value == BKG + "Instrument" and t[1].value == ns.RDFS + "label"
                  and t[2].language == "kk"]:
            g.discard(t)
    report = check(records, "004", mutate_graphs=drop, ontology=True)
    assert "bkgsh:TermShape rdfs:label QualifiedMinCount" in report.rules(), report.text()


def test_the_report_names_the_node_the_rule_and_where_the_words_are(records):
    report = check(records, "000", "001", mutate_graphs=_second_date)
    text = report.text()
    finding = next(f for f in report.violations if f.rule == "bkgsh:InstrumentShape eli:date_document MaxCount")
    assert finding.focus == iri("treaty:KZ-KG:1997-04-08")
    assert set(finding.graphs) >= {G("000_12ecf27d1504b882"), G("001_b841a6e1d22a4f9c")}
    assert f"node:   <{iri('treaty:KZ-KG:1997-04-08')}>" in text
    assert "rule:   bkgsh:InstrumentShape eli:date_document MaxCount" in text
    if finding.where:  # real extraction records spans: the report shows file, line and words
        assert any(w.file in ("000_12ecf27d1504b882.txt", "001_b841a6e1d22a4f9c.txt") and w.line for w in finding.where)
        assert "source: 00" in text


def test_the_cross_node_rules_are_standard_shacl_sparql(records):
    """pyshacl, a general SHACL-SPARQL engine, finds what kg/graph/validate.py's one-query runner finds."""
    from pyshacl import validate as shacl_validate

    def both(r):
        r["ratification"].update(date="2020-01-01")
        _duplicate_article(r)
    recs = [copy.deepcopy(records["000"])]
    both(recs[0])
    graph = make_graph(source_records(recs), with_ontology=False)
    ours = {(f.focus, f.rule) for f in validate_graphs(graph.dataset.graphs).findings
            if f.rule in ("bkgsh:RatificationAfterSignatureShape", "bkgsh:UniqueArticleNumberShape")}
    data = to_rdflib(set().union(*graph.dataset.graphs.values()))
    _, results, _ = shacl_validate(data, shacl_graph=load_shapes("cross-node.ttl"), inference="none")
    SH = rdflib.Namespace(ns.SH)
    theirs = {(str(results.value(r, SH.focusNode)), "bkgsh:" + str(results.value(r, SH.sourceShape)).rsplit("#", 1)[1])
              for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)}
    theirs = {t for t in theirs if t[1] in ("bkgsh:RatificationAfterSignatureShape", "bkgsh:UniqueArticleNumberShape")}
    assert ours == theirs and len(ours) == 2
