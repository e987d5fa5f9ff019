"""`kg serve`: the SPARQL 1.1 Protocol at /sparql, as SPARQL clients use it.

In-process (TestClient) for every method, format and error; then a real `kg serve` on a
loopback port for SPARQLWrapper, rdflib's SPARQLStore and a short load from other processes.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from test_serve_support import Served, built_corpus

from api.app import Settings, create_app
from kg.pipeline.publish import current_build, open_store
from kg.graph.store import LocalStore

ID = "https://w3id.org/bilateral-kg/id/"
BKG = "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>\n"
INSTRUMENTS = BKG + "SELECT DISTINCT ?i WHERE { ?i a bkg:Instrument } ORDER BY ?i"
CONSTRUCT = BKG + "CONSTRUCT { ?i a bkg:Instrument } WHERE { ?i a bkg:Instrument }"
ASK = BKG + "ASK { ?act bkg:ratifies <" + ID + "treaty/kz-kg/2024-04-19> }"
RESULTS = {"json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
           "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
           "csv": ("text/csv", ox.QueryResultsFormat.CSV),
           "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV)}
GRAPHS = {"turtle": ("text/turtle", ox.RdfFormat.TURTLE), "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
          "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD), "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
          "trig": ("application/trig", ox.RdfFormat.TRIG)}


def client(**settings) -> TestClient:
    data = built_corpus()
    return TestClient(create_app(open_store(data), Settings(data_dir=str(data), **settings)))


@pytest.fixture(scope="module")
def http():
    return client()


def media(r) -> str:
    return r.headers["content-type"].split(";")[0]


def instruments_of(r) -> set[str]:
    data = r.json()
    return {b["i"]["value"] for b in data["results"]["bindings"]}


# -- the three ways to send a query ---------------------------------------------------------


def test_a_query_by_get_by_form_and_by_body_gives_the_same_answer(http):
    by_get = http.get("/sparql", params={"query": INSTRUMENTS})
    by_form = http.post("/sparql", data={"query": INSTRUMENTS})
    by_body = http.post("/sparql", content=INSTRUMENTS.encode(), headers={"Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200, r.text
        assert media(r) == "application/sparql-results+json"
    assert instruments_of(by_get) == instruments_of(by_form) == instruments_of(by_body)
    assert ID + "treaty/kz-kg/2024-04-19" in instruments_of(by_get)


def test_the_default_graph_is_the_union_unless_the_request_names_a_dataset(http):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    assert union > 5000
    r = http.get("/sparql", params={"query": count, "default-graph-uri": ID + "graph/resolution"})
    one = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < one < union
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = http.post("/sparql", data={"query": named, "named-graph-uri": [ID + "graph/resolution", ID + "graph/ontology"]})
    assert {b["g"]["value"] for b in r.json()["results"]["bindings"]} == {ID + "graph/resolution", ID + "graph/ontology"}
    r = http.post("/sparql?default-graph-uri=" + urllib.parse.quote(ID + "graph/ontology"),
                  content=count.encode(), headers={"Content-Type": "application/sparql-query"})
    assert 0 < int(r.json()["results"]["bindings"][0]["n"]["value"]) < union


def test_a_get_without_a_query_describes_the_service(http):
    r = http.get("/sparql")
    assert r.status_code == 200 and media(r) == "text/turtle"
    g = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(q.predicate.value == sd + "endpoint" and q.object.value.endswith("/sparql") for q in g)
    assert any(q.predicate.value == sd + "name" and q.object.value == ID + "graph/resolution" for q in g)
    # the default graph is the stored merge, with the evidence no named graph holds: counted
    # as it is, and not described as the union of the named graphs
    void = "http://rdfs.org/ns/void#triples"
    default = next(q.object for q in g if q.predicate.value == sd + "defaultGraph")
    size = next(int(q.object.value) for q in g if q.subject == default and q.predicate.value == void)
    count = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}).json()
    assert size == int(count["results"]["bindings"][0]["n"]["value"]) > 0
    assert not any(q.object.value == sd + "UnionDefaultGraph" for q in g)
    assert media(http.get("/sparql", headers={"Accept": "application/ld+json"})) == "application/ld+json"


# -- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(RESULTS))
def test_select_and_ask_in_every_results_format(http, fmt):
    mt, oxfmt = RESULTS[fmt]
    by_accept = http.get("/sparql", params={"query": INSTRUMENTS}, headers={"Accept": mt})
    by_param = http.get("/sparql", params={"query": INSTRUMENTS, "format": fmt}, headers={"Accept": "text/html,*/*;q=0.8"})
    for r in (by_accept, by_param):
        assert r.status_code == 200 and media(r) == mt
        if fmt == "csv":  # lossy: Oxigraph does not read it back; the csv module does
            import csv
            import io

            values = {row["i"] for row in csv.DictReader(io.StringIO(r.content.decode()))}
        else:
            values = {row["i"].value for row in ox.parse_query_results(r.content, format=oxfmt)}
        assert values == instruments_of(http.get("/sparql", params={"query": INSTRUMENTS}))
    r = http.get("/sparql", params={"query": ASK}, headers={"Accept": mt})
    assert r.status_code == 200 and media(r) == mt
    if fmt in ("json", "xml"):
        assert bool(ox.parse_query_results(r.content, format=oxfmt)) is True
    else:
        assert b"true" in r.content


@pytest.mark.parametrize("fmt", sorted(GRAPHS))
def test_construct_and_describe_in_every_rdf_format(http, fmt):
    mt, oxfmt = GRAPHS[fmt]
    for q in (CONSTRUCT, f"DESCRIBE <{ID}treaty/kz-kg/2024-04-19>"):
        for r in (http.get("/sparql", params={"query": q}, headers={"Accept": mt}),
                  http.post("/sparql", data={"query": q, "format": fmt})):
            assert r.status_code == 200, r.text
            assert media(r) == mt
            triples = list(ox.parse(r.content, format=oxfmt))
            assert len(triples) >= 3
    assert media(http.get("/sparql", params={"query": CONSTRUCT})) == "text/turtle"  # */* → Turtle


def test_accept_with_preferences_is_honoured(http):
    r = http.get("/sparql", params={"query": INSTRUMENTS},
                 headers={"Accept": "application/sparql-results+json;q=0.5, text/csv;q=0.9, image/png"})
    assert media(r) == "text/csv"
    assert r.content.startswith(b"i\r\n")


# -- errors ---------------------------------------------------------------------------------


def test_a_malformed_query_is_a_400_with_the_parser_message(http):
    r = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert "error at 1:" in r.text and "expected" in r.text
    assert http.post("/sparql", data={"query": "   "}).status_code == 400


def test_an_unacceptable_accept_is_a_406(http):
    r = http.get("/sparql", params={"query": INSTRUMENTS}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = http.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert http.get("/sparql", params={"query": INSTRUMENTS, "format": "turtle"}).status_code == 406


def test_requests_too_large_are_a_413_and_unknown_bodies_a_415():
    small = client(max_request_bytes=2000)
    big = INSTRUMENTS + "\n#" + "x" * 5000
    assert small.get("/sparql", params={"query": big}).status_code == 413
    assert small.post("/sparql", data={"query": big}).status_code == 413
    assert small.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert small.get("/sparql", params={"query": INSTRUMENTS}).status_code == 200
    r = small.post("/sparql", content=INSTRUMENTS.encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_updates_are_refused_without_the_token(http):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    r = http.post("/sparql", content=insert.encode(), headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403 and "--update-token" in r.text
    assert http.post("/sparql", data={"update": insert}).status_code == 403
    assert http.get("/sparql", params={"update": insert}).status_code == 400
    ask = "ASK { <http://example.org/a> ?p ?o }"
    assert http.get("/sparql", params={"query": ask}).json()["boolean"] is False


def test_updates_with_the_token_change_the_store(tmp_path):
    store_dir = tmp_path / "store"
    shutil.copytree(current_build(built_corpus()) / "store", store_dir)
    c = TestClient(create_app(LocalStore(store_dir, read_only=False), Settings(update_token="s3cret")))
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"
    headers = {"Content-Type": "application/sparql-update"}
    ask = {"query": "ASK { <http://example.org/a> ?p ?o }"}
    assert c.get("/sparql", params=ask).json()["boolean"] is False  # (and that answer is kept)
    assert c.post("/sparql", content=insert.encode(), headers=headers).status_code == 403
    assert c.post("/sparql", content=insert.encode(), headers={**headers, "Authorization": "Bearer wrong"}).status_code == 403
    r = c.post("/sparql", content=insert.encode(), headers={**headers, "Authorization": "Bearer s3cret"})
    assert r.status_code == 204, r.text
    assert c.get("/sparql", params=ask).json()["boolean"] is True  # the update forgot the kept answers
    # the union of the named graphs, with no second copy of each fact from the stored merge
    fact = "<https://w3id.org/bilateral-kg/id/country/kz> <https://w3id.org/bilateral-kg/ontology#isoCode> ?c"

    def count(q):
        return c.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"]

    assert count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {fact} }}") == \
        count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {fact} }} }}")
    sd = c.get("/sparql").text
    assert "SPARQL11Update" in sd


def test_service_to_another_host_is_refused(http):
    for q in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
              "PREFIX ex: <https://query.example.com/> SELECT * WHERE { SERVICE SILENT ex:sparql { ?s ?p ?o } }",
              "SELECT * WHERE { BIND(<http://example.org/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }"):
        r = http.get("/sparql", params={"query": q})
        assert r.status_code == 400, q
        assert "SERVICE" in r.text and "refused" in r.text
    # the word in a string, a comment or an IRI is no SERVICE clause
    ok = 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/>" AS ?x) } # SERVICE <http://example.org/>'
    assert http.get("/sparql", params={"query": ok}).status_code == 200


def test_a_query_past_the_timeout_is_stopped():
    slow = client(timeout=0.3, max_results=10**9)
    r = slow.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 503
    assert "ran out of time" in r.text
    assert slow.get("/sparql", params={"query": ASK}).status_code == 200  # and the endpoint goes on


def test_results_past_the_cap_are_cut_and_the_response_says_so():
    capped = client(max_results=5)
    r = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 5
    assert r.headers["X-Results-Truncated"] == "true" and r.headers["X-Results-Limit"] == "5"
    r = capped.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.content.strip().splitlines()) == 5 and r.headers["X-Results-Truncated"] == "true"
    r = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "X-Results-Truncated" not in r.headers


def test_cors_is_off_by_default_and_configurable(http):
    origin = {"Origin": "http://tools.example"}
    r = http.get("/sparql", params={"query": ASK}, headers=origin)
    assert "access-control-allow-origin" not in r.headers
    c = client(cors=["http://tools.example"])
    r = c.get("/sparql", params={"query": ASK}, headers=origin)
    assert r.headers["access-control-allow-origin"] == "http://tools.example"
    pre = c.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    other = c.get("/sparql", params={"query": ASK}, headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


# -- real clients against a running `kg serve` ----------------------------------------------


@pytest.fixture(scope="module")
def server():
    s = Served("--data", str(built_corpus()), "--timeout", "5", workers=1)
    yield s.base
    s.stop()


def test_sparqlwrapper_reads_every_form(server):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(INSTRUMENTS)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert ID + "treaty/kz-kg/2024-04-19" in {r["i"]["value"] for r in rows}
    sw.setMethod("POST")
    sw.setReturnFormat(XML)
    doc = sw.query().convert()  # an xml.dom document
    assert doc.getElementsByTagName("result").length == len(rows)
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines()[0] == "i"
    sw.setQuery(ASK)
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    ttl = sw.query().convert()
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == len(rows)
    sw.setReturnFormat(XML)
    g = sw.query().convert()  # rdflib Graph from RDF/XML
    assert len(g) == len(rows)
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore_queries_the_endpoint(server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server + "/sparql", returnFormat="json")
    g = Graph(store=store)
    rows = list(g.query(INSTRUMENTS))
    assert URIRef(ID + "treaty/kz-kg/2024-04-19") in {r[0] for r in rows}
    assert g.query(ASK).askAnswer is True
    title = URIRef("http://purl.org/dc/terms/title")
    titles = list(g.triples((URIRef(ID + "treaty/kz-kg/2024-04-19"), title, None)))
    assert any(t[2].language == "kk" for t in titles)
    # rdflib's default, XML, accepts both SPARQL XML results and RDF/XML: SELECT and CONSTRUCT
    xml = Graph(store=SPARQLStore(server + "/sparql", method="POST"))
    assert len(list(xml.query(INSTRUMENTS))) == len(rows)
    assert len(xml.query(CONSTRUCT).graph) == len(rows)


def test_protocol_over_the_wire(server):
    import urllib.request

    def fetch(url, data=None, headers=None):
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    q = urllib.parse.urlencode({"query": INSTRUMENTS})
    status, headers, body = fetch(f"{server}/sparql?{q}", headers={"Accept": "text/tab-separated-values"})
    assert status == 200 and body.startswith(b"?i\n")
    status, _, body = fetch(f"{server}/sparql?query=SELECT%20%2A%20WHERE%20%7B", headers={})
    assert status == 400 and b"error" in body
    status, _, _ = fetch(f"{server}/sparql?{q}", headers={"Accept": "application/pdf"})
    assert status == 406
    status, _, body = fetch(f"{server}/sparql", data=b"update=CLEAR%20ALL",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = fetch(f"{server}/sparql", data=b"x" * (300 * 1024), headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    # the store is untouched
    status, _, body = fetch(f"{server}/sparql?{q}", headers={"Accept": "application/sparql-results+json"})
    assert len(json.loads(body)["results"]["bindings"]) > 5


def test_a_load_of_concurrent_queries_from_other_processes(server):
    from kg.bench.load import run_load

    from kg.bench.load import node_queries

    queries = node_queries(server + "/sparql")
    [node] = [q for q in queries if "dcterms:title" in q]
    # the node looked up is one of the graph served, and it has a title there
    import urllib.request

    req = urllib.request.Request(f"{server}/sparql?{urllib.parse.urlencode({'query': node})}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200 and json.loads(resp.read())["results"]["bindings"]
    r = run_load(server + "/sparql", clients=4, seconds=2, warmup=0.3)
    assert r["errors"] == 0
    assert r["ok"] > 50 and r["qps"] > 25
    assert r["p50"] <= r["p99"]
    with pytest.raises(ValueError):
        run_load("http://192.0.2.1:8000/sparql", seconds=0.1)
