"""Namespaces of the graph, in the one order every serialisation uses.

The order of PREFIXES is part of the output format: the Turtle and TriG exports write the
prefixes in this order, so two builds diff cleanly. Add new prefixes at the end.
"""

from __future__ import annotations

BASE = "https://w3id.org/bilateral-kg/"
ID = BASE + "id/"  # every resource minted from the texts lives under here (the @base of exports)
BKG = BASE + "ontology#"
VOCAB = BASE + "vocab/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ELI = "http://data.europa.eu/eli/ontology#"
CITO = "http://purl.org/spar/cito/"
FABIO = "http://purl.org/spar/fabio/"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"
EULANG = "http://publications.europa.eu/resource/authority/language/"

TOPIC = VOCAB + "topic/"
MODALITY = VOCAB + "modality/"
DOCTYPE = VOCAB + "instrument-type/"
LEVEL = VOCAB + "level/"
ACTTYPE = VOCAB + "act-type/"

# (prefix, namespace) in output order.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("prov", PROV),
    ("oa", OA),
    ("eli", ELI),
    ("cito", CITO),
    ("fabio", FABIO),
    ("wd", WD),
    ("eulang", EULANG),
    ("bkg", BKG),
    ("topic", TOPIC),
    ("modality", MODALITY),
    ("doctype", DOCTYPE),
    ("level", LEVEL),
    ("acttype", ACTTYPE),
)


def sparql_prologue() -> str:
    """PREFIX lines for queries run by the code (the .rq files carry their own)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES)


# Named graphs that are not a source file.
ONTOLOGY_GRAPH = ID + "graph/ontology"
RESOLUTION_GRAPH = ID + "graph/resolution"
