"""`--store URL`: the graph in a real SPARQL 1.1 server (Oxigraph's own, on a loopback port)."""

import json
import os
from pathlib import Path

import pytest
from graph_support import CATALOG, cq, cross_document, iri, kg_run, rows

from kg.graph import export
from kg.graph import oxigraph_server
from kg.pipeline.build import build
from kg.pipeline.publish import open_store
from kg.graph.store import RemoteStore


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if oxigraph_server.binary() is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server is not installed: run scripts/setup.sh (it is in the test extra)")
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    with oxigraph_server.running(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def loaded(server, tmp_path_factory):
    data = tmp_path_factory.mktemp("kgdata")
    result = build(None, data, catalog_path=CATALOG, store_url=server)
    assert result.ok, result.report.text()
    return data


def test_the_server_answers_the_competency_queries(server, loaded):
    remote = RemoteStore(server)
    acts = {(r["act"], r["treaty"]) for r in rows(remote, cq("cq04"))}
    assert {(iri(a), iri(t)) for a, t in cross_document()["ratifies"]} <= acts
    timeline = [r["signed"] for r in rows(remote, cq("cq08"))]
    assert sorted(set(timeline)) == cross_document()["kz_kg_timeline"]
    # the same answers as the local store, row for row
    local = open_store(loaded)
    for name in ("cq01", "cq03", "cq07", "cq08"):  # cq07: the evidence, kept in the merge only
        assert sorted(map(sorted, (r.items() for r in rows(remote, cq(name))))) == \
            sorted(map(sorted, (r.items() for r in rows(local, cq(name))))), name


def test_the_command_line_reads_the_server(server, loaded):
    proc = kg_run("query", "cq04", "--store", server, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    numbers = {b["number"]["value"] for b in json.loads(proc.stdout)["results"]["bindings"] if "number" in b}
    assert numbers >= {"216-VIII", "220-VI", "234-VIII", "287-I"}
    proc = kg_run("export", "--store", server, "--format", "turtle")
    assert proc.returncode == 0 and proc.stdout.encode() == export.serialize(open_store(loaded).graphs(), "turtle")
    proc = kg_run("validate", "--store", server)
    assert proc.returncode == 0, proc.stdout


def test_publishing_again_replaces_the_graphs(server, loaded, tmp_path):
    remote = RemoteStore(server)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = rows(remote, count)
    proc = kg_run("build", "--data", str(loaded), "--store", server, "-q")
    assert proc.returncode == 0, proc.stderr
    assert rows(remote, count) == before
    # a build of fewer sources drops the graphs of the others
    one = build([Path(CATALOG.parent / "004_82e8707b595709b3.txt")], tmp_path / "d", catalog_path=CATALOG, store_url=server)
    assert one.ok
    graphs = remote.graphs()
    assert not [g for g in graphs if g.endswith("000_12ecf27d1504b882")]
    build(None, loaded, catalog_path=CATALOG, store_url=server)  # restore


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    proc = kg_run("query", "cq01", "--store", f"http://127.0.0.1:{oxigraph_server.free_port()}")
    assert proc.returncode == 2 and "cannot reach" in proc.stderr


def test_a_fact_every_source_repeats_is_one_fact_in_queries(server, loaded):
    """The default graph is the merge of the sources' graphs: Kazakhstan's ISO code, stated by
    every source, is one row, locally and on the server, however many sources there are."""
    q = ("SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/bilateral-kg/id/country/kz> "
         "<https://w3id.org/bilateral-kg/ontology#isoCode> ?code }")
    per_graph = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { <https://w3id.org/bilateral-kg/id/country/kz> "
                 "<https://w3id.org/bilateral-kg/ontology#isoCode> ?code } "
                 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/bilateral-kg/id/graph/")) }')
    local = open_store(loaded)
    assert int(rows(local, per_graph)[0]["n"]) > 1  # many sources state it
    for store in (local, RemoteStore(server)):
        assert int(rows(store, q)[0]["n"]) == 1


def test_a_large_graph_goes_over_the_graph_store_protocol_in_chunks(server, loaded, monkeypatch):
    """Past BULK_QUADS quads a build is loaded by N-Quads POSTs to /store, and the server then
    answers exactly as after the one-request update."""
    remote = RemoteStore(server)
    before = {name: sorted(map(sorted, (r.items() for r in rows(remote, cq(name))))) for name in ("cq01", "cq04", "cq08")}
    monkeypatch.setattr(RemoteStore, "BULK_QUADS", 2000)
    graphs = open_store(loaded).graphs()
    done = RemoteStore(server).bulk_publish(graphs)
    assert done["requests"] > 3 and done["quads"] > sum(len(t) for t in graphs.values())
    after = {name: sorted(map(sorted, (r.items() for r in rows(RemoteStore(server), cq(name))))) for name in before}
    assert after == before
    assert RemoteStore(server).graphs() == graphs
