"""The ontology and its vocabularies: labelled in three languages, defined, documented."""

import re

import rdflib
from conftest import need_shared
from graph_support import ROOT, SHARED
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph import namespaces as ns
from kg.graph.validate import load_shapes, to_rdflib

ONTOLOGY = ROOT / "ontology"
BKG = rdflib.Namespace(ns.BKG)


def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for f in ("bilateral.ttl", "vocabularies.ttl"):
        g.parse(ONTOLOGY / f, format="turtle")
    return g


def own_terms(g):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ns.BKG)})


def test_every_class_and_property_has_labels_in_three_languages_and_a_definition():
    g = graph()
    terms = own_terms(g)
    assert len(terms) > 40
    for t in terms:
        langs = {label.language for label in g.objects(t, RDFS.label)}
        assert {"en", "kk", "ru"} <= langs, t
        assert g.value(t, SKOS.definition) is not None or g.value(t, RDFS.comment) is not None, t


def test_the_reused_vocabularies_are_the_ones_the_issue_names():
    g = graph()
    supers = {str(o) for t in own_terms(g) for o in g.objects(t, RDFS.subClassOf)} | \
             {str(o) for t in own_terms(g) for o in g.objects(t, RDFS.subPropertyOf)}
    assert ns.ELI + "LegalResource" in supers and ns.ELI + "LegalResourceSubdivision" in supers
    assert ns.ELI + "cites" in supers and ns.ELI + "amends" in supers and ns.OA + "Annotation" in supers
    assert (BKG.guidedBy, RDFS.subPropertyOf, rdflib.URIRef(ns.ELI + "cites")) in g
    assert (BKG.reaffirms, RDFS.subPropertyOf, rdflib.URIRef(ns.ELI + "cites")) in g


def test_topics_and_modalities_are_the_spec_lists_as_skos_schemes():
    g = graph()
    notations = lambda scheme: {str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, scheme)}  # noqa: E731
    assert notations(BKG.Modalities) == {"obligation", "prohibition", "permission", "declaration"}
    for c in g.subjects(RDF.type, SKOS.Concept):
        assert {"en", "kk", "ru"} <= {label.language for label in g.objects(c, SKOS.prefLabel)}, c
    spec = SHARED / "spec" / "extraction-record.md"
    need_shared(spec)
    text = spec.read_text(encoding="utf-8")
    block = text[text.find("Topics (fixed list)"):]
    topics = set(re.findall(r"`([a-z_]+)`", block[: block.find("## Research")]))
    assert len(topics) == 30 and notations(BKG.Topics) == topics


def test_the_ontology_conforms_to_its_own_shapes():
    from pyshacl import validate

    conforms, _, text = validate(graph(), shacl_graph=load_shapes("ontology.ttl"), inference="none")
    assert conforms, text


def test_the_readme_documents_every_term():
    readme = (ONTOLOGY / "README.md").read_text(encoding="utf-8")
    for t in own_terms(graph()):
        assert f"bkg:{str(t)[len(ns.BKG):]}" in readme, t


def test_shapes_parse_and_name_only_existing_terms():
    g = graph()
    known = {str(t) for t in own_terms(g)}
    for name in ("bilateral.ttl", "cross-node.ttl", "ontology.ttl"):
        shapes = load_shapes(name)
        used = {str(o) for o in shapes.all_nodes() if isinstance(o, rdflib.URIRef) and str(o).startswith(ns.BKG)}
        assert used <= known, (name, used - known)



def test_oxigraph_terms_convert_to_the_same_rdflib_terms():
    """pyshacl reads rdflib: an IRI, a language-tagged label, a typed date and a blank node
    arrive as the same terms, so a shape sees what the store holds."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    s, b = ox.NamedNode(ns.BKG + "x"), ox.BlankNode("b1")
    triples = [(s, ox.NamedNode(str(RDFS.label)), ox.Literal("Шарт", language="kk")),
               (s, ox.NamedNode(ns.ELI + "date_document"), ox.Literal("2024-04-19", datatype=ox.NamedNode(str(XSD.date)))),
               (s, ox.NamedNode(ns.BKG + "party"), b),
               (b, ox.NamedNode(ns.BKG + "isoCode"), ox.Literal("KG"))]
    g = to_rdflib(triples)
    assert len(g) == 4
    x = URIRef(ns.BKG + "x")
    assert g.value(x, RDFS.label) == Literal("Шарт", lang="kk")
    assert g.value(x, URIRef(ns.ELI + "date_document")) == Literal("2024-04-19", datatype=XSD.date)
    party = g.value(x, URIRef(ns.BKG + "party"))
    code = g.value(party, URIRef(ns.BKG + "isoCode"))
    assert isinstance(party, BNode) and str(code) == "KG" and code.language is None
