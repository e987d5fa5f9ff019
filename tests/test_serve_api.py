"""`kg serve`: the JSON API under /api, the pages, and serving a remote store (--store URL)."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from test_serve_support import CATALOG, Served, built_corpus

from api.app import Settings, create_app
from kg.pipeline.publish import open_store

ID = "https://w3id.org/bilateral-kg/id/"
TREATY = "treaty/kz-kg/2024-04-19"


@pytest.fixture(scope="module")
def api():
    data = built_corpus()
    return TestClient(create_app(open_store(data), Settings(data_dir=str(data))))


def test_stats_count_what_is_in_the_graph(api):
    s = api.get("/api/stats").json()
    c = s["counts"]
    assert c["instruments"] >= 11 and c["instruments_with_text"] == 4
    assert c["ratifying_acts"] == 5 and c["research_works"] == 1
    assert c["articles"] > 50 and c["obligations"] > 100 and c["evidence"] > 500
    # every triple once: the named graphs as stored, and the evidence the merge alone holds
    assert s["triples"] == sum(s["graphs"].values()) + s["evidence_triples"] and "graph/resolution" in s["graphs"]
    assert s["evidence_triples"] > 5 * c["evidence"]  # each annotation, its target and selectors
    # read from the build's manifest, they are what the store holds
    assert api.app.state.engine.evidence_triples() == s["evidence_triples"]
    store = api.app.state.engine.store
    by_graph = {r["g"].value: int(r["n"].value) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert {ID + g: n for g, n in s["graphs"].items()} == by_graph
    evidence = next(iter(store.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
        FILTER(STRSTARTS(STR(?s), "{ID}evidence/")) }}""")))["n"].value
    assert s["evidence_triples"] == int(evidence)


def test_instruments_filtered_by_party_pair_dates_type_and_text(api):
    every = api.get("/api/instruments").json()
    assert every["count"] == len(every["instruments"]) >= 11
    kg = api.get("/api/instruments", params={"pair": "KZ-KG"}).json()["instruments"]
    assert kg and all({"KZ", "KG"} <= set(i["parties"]) for i in kg)
    assert TREATY in {i["key"] for i in kg}
    assert {i["key"] for i in api.get("/api/instruments", params={"party": "kg"}).json()["instruments"]} == {i["key"] for i in kg}
    recent = api.get("/api/instruments", params={"from": "2018", "to": "2024-12-31"}).json()["instruments"]
    assert recent and all("2018" <= i["date"] <= "2024-12-31" for i in recent)
    assert TREATY in {i["key"] for i in recent}
    agreements = api.get("/api/instruments", params={"type": "agreement"}).json()["instruments"]
    assert agreements and all(i["type"] == "agreement" for i in agreements)
    found = api.get("/api/instruments", params={"q": "одақтастық"}).json()["instruments"]
    assert TREATY in {i["key"] for i in found}
    assert api.get("/api/instruments", params={"pair": "KZ"}).status_code == 422
    assert api.get("/api/instruments", params={"lang": "de"}).status_code == 422


def test_the_instrument_list_a_page_at_a_time(api, monkeypatch):
    every = api.get("/api/instruments").json()["instruments"]
    page = api.get("/api/instruments?limit=3&offset=2").json()
    assert page["count"] == len(every) and page["offset"] == 2
    assert [d["key"] for d in page["instruments"]] == [d["key"] for d in every[2:5]]
    assert api.get("/api/instruments?limit=-1").status_code == 422

    import api.pages as pages

    monkeypatch.setattr(pages, "HOME_ROWS", 4)
    first = api.get("/?party=KG").text
    kg = [d for d in every if "KG" in d["parties"]]
    assert len(kg) > 4
    rows = re.findall(r'<a href="/instrument/([^"?]+)\?lang=en">', first.split('id="instruments"')[1].split("</table>")[0])
    assert rows == [d["key"] for d in kg[:4]]
    assert f"1–4 / {len(kg)}" in first and 'href="/?party=KG&amp;page=2" rel="next"' in first
    second = api.get("/?party=KG&page=2").text
    assert 'rel="prev"' in second and kg[4]["key"] in second
    assert api.get("/?page=abc").status_code == 422


def test_the_indexes_of_a_build_are_made_once_and_kept_for_the_next_start(api):
    from api.app import warm

    data = built_corpus()
    build_dir = api.app.state.engine.build_dir()
    warm(api.app.state.view, build_dir)
    kept = list((data / "cache" / "pages").glob("*.pickle"))
    assert [p.name.split("-")[0] for p in kept] == [build_dir.name]
    # a second worker of the same build: its indexes read, not a query asked
    other = create_app(open_store(data), Settings(data_dir=str(data)))

    def refuse(query):
        raise AssertionError(f"asked the store: {query[:80]}")

    other.state.view.select = refuse
    warm(other.state.view, build_dir)
    assert TestClient(other).get("/api/instruments").json() == api.get("/api/instruments").json()


def test_one_instrument_with_its_record_and_evidence(api):
    for key in (TREATY, "kz-kg/2024-04-19", "treaty:KZ-KG:2024-04-19", ID + TREATY):
        r = api.get(f"/api/instruments/{key}")
        assert r.status_code == 200 and r.json()["iri"] == ID + TREATY, key  # every name, the one node
    rec = api.get(f"/api/instruments/{TREATY}", params={"lang": "kk"}).json()
    assert rec["iri"] == ID + TREATY and rec["date"] == "2024-04-19"
    assert rec["title"] == rec["titles"]["kk"]
    assert {p["country"] for p in rec["parties_detail"]} == {"KZ", "KG"}
    assert {p["country_label"] for p in rec["parties_detail"]} == {"Қазақстан", "Қырғызстан"}
    assert len(rec["articles"]) == 22 and any(a["obligations"] for a in rec["articles"])
    rels = {(r["direction"], r["relation"], r["key"]) for r in rec["relations"]}
    assert ("out", "guided_by", "treaty/kz-kg/1997-04-08") in rels
    assert any(d == "in" and r == "ratifies" for d, r, _ in rels)
    assert ("out", "cites", "treaty/kz-kg/1997-04-08") not in rels  # listed under guided_by
    ev = rec["evidence"]
    assert ev and all(e["end"] > e["start"] >= 0 for e in ev)
    # the spans are offsets into the source text the API serves
    e = next(e for e in ev if e["quote"] and e["source_name"].startswith("000_"))
    text = api.get(f"/api/sources/{e['source_name']}/text").text
    from kg.text.normalize import normalize_fragment

    assert normalize_fragment(text[e["start"]:e["end"]]) == e["quote"]
    assert api.get("/api/instruments/treaty/kz-xx/1900-01-01").status_code == 404


def test_lineage_is_the_node_link_json(api):
    g = api.get(f"/api/instruments/{TREATY}/lineage", params={"depth": 1}).json()
    ids = {n["id"] for n in g["nodes"]}
    assert ID + TREATY in ids and ID + "treaty/kz-kg/1997-04-08" in ids
    assert all({"source", "target", "relation"} <= set(link) for link in g["links"])
    assert all({"id", "label", "date"} <= set(n) for n in g["nodes"])
    over = api.get("/api/lineage").json()
    assert len(over["nodes"]) >= len(g["nodes"])
    tl = api.get("/api/lineage", params={"view": "timeline", "pair": "KZ-KG"}).json()
    assert ID + TREATY in {n["id"] for n in tl["nodes"]}
    assert api.get("/api/lineage", params={"view": "nonsense"}).status_code == 422


def test_research_works_and_what_they_cite(api):
    works = api.get("/api/works").json()["works"]
    assert len(works) == 1
    w = api.get(f"/api/works/{works[0]['key']}").json()
    kinds = {c["kind"] for c in w["cites"]}
    assert "treaty" in kinds and "work" in kinds
    assert any(c["how"] == "cites" for c in w["cites"])
    assert api.get("/api/works/nothing-here").status_code == 404


@pytest.mark.parametrize("fmt,oxfmt", [("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
                                       ("jsonld", ox.RdfFormat.JSON_LD)])
def test_the_exports(api, fmt, oxfmt):
    r = api.get(f"/api/export/{fmt}")
    assert r.status_code == 200
    quads = list(ox.parse(r.content, format=oxfmt))
    assert len(quads) > 5000
    if fmt != "turtle":
        assert {q.graph_name.value for q in quads} >= {ID + "graph/resolution", ID + "graph/ontology"}
    assert api.get("/api/export/pdf").status_code == 404


def test_the_openapi_schema_documents_the_api(api):
    schema = api.get("/api/openapi.json").json()
    paths = schema["paths"]
    for p in ("/api/stats", "/api/instruments", "/api/instruments/{key}", "/api/instruments/{key}/lineage",
              "/api/lineage", "/api/works", "/api/works/{key}", "/api/export/{fmt}"):
        assert p in paths, p
    params = {q["name"] for q in paths["/api/instruments"]["get"]["parameters"]}
    assert {"party", "pair", "from", "to", "type", "q", "lang"} <= params
    assert api.get("/api/docs").status_code == 200


def test_the_pages_render_in_three_languages(api):
    for lang, word in (("en", "What is in the graph"), ("kk", "Графта не бар"), ("ru", "Что есть в графе")):
        r = api.get("/", params={"lang": lang})
        assert r.status_code == 200 and word in r.text
    page = api.get(f"/instrument/{TREATY}", params={"lang": "ru"}).text
    assert "Кыргызстан" in page and 'class="ev"' in page and "data-ev=" in page
    assert api.get("/lineage").status_code == 200
    q = api.get("/query").text
    assert "cq08_timeline" in q and "/static/vendor/yasgui/yasgui.min.js" in q
    missing = api.get("/instrument/treaty/kz-xx/1900-01-01")
    assert missing.status_code == 404 and "kz-xx/1900-01-01" in missing.text  # a page that says so
    for path in ("/static/vendor/cytoscape/cytoscape.min.js", "/static/vendor/yasgui/yasgui.min.css", "/static/app.css"):
        assert api.get(path).status_code == 200


def test_no_page_or_asset_names_another_host(api):
    """Everything the browser loads is served here: no CDN URL in the pages or the assets."""
    import re
    from pathlib import Path

    loaded = re.compile(r"""(?:src|href)\s*=\s*["'](https?:)?//""", re.I)
    for path in ("/", f"/instrument/{TREATY}", "/lineage", "/query", "/api/docs"):
        assert not loaded.search(api.get(path).text), path
    static = Path(__file__).resolve().parents[1] / "api" / "static"
    for f in static.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", f.read_text(encoding="utf-8")), f
        assert "@import" not in f.read_text(encoding="utf-8"), f


# -- kg serve --store URL: a real Oxigraph server behind ----------------------------------------


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    from kg.graph import oxigraph_server

    if oxigraph_server.binary() is None:
        pytest.skip("the oxigraph server is not installed (it is in the test extra)")
    with oxigraph_server.running(tmp_path_factory.mktemp("oxigraph")) as url:
        from kg.pipeline.build import build

        result = build(None, tmp_path_factory.mktemp("kgdata"), catalog_path=CATALOG, store_url=url)
        assert result.ok, result.report.text()
        yield url


def test_kg_serve_on_a_remote_store(oxigraph_url):
    s = Served("--store", oxigraph_url, workers=1)
    try:
        def get(path, accept="application/json"):
            req = urllib.request.Request(s.base + path, headers={"Accept": accept})
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.read()

        q = urllib.parse.urlencode({"query": "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> "
                                             "SELECT DISTINCT ?i WHERE { ?i a bkg:Instrument }"})
        rows = json.loads(get(f"/sparql?{q}", "application/sparql-results+json"))["results"]["bindings"]
        assert ID + TREATY in {r["i"]["value"] for r in rows}
        local = TestClient(create_app(open_store(built_corpus()), Settings(data_dir=str(built_corpus()))))
        remote_list = json.loads(get("/api/instruments?pair=KZ-KG"))
        assert [i["key"] for i in remote_list["instruments"]] == \
            [i["key"] for i in local.get("/api/instruments", params={"pair": "KZ-KG"}).json()["instruments"]]
        rec = json.loads(get(f"/api/instruments/{TREATY}"))
        assert len(rec["articles"]) == 22 and rec["evidence"]
        ttl = get(f"/sparql?{urllib.parse.urlencode({'query': 'CONSTRUCT WHERE { ?s a ?o } LIMIT 5'})}", "text/turtle")
        assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == 5
        page = get(f"/instrument/{TREATY}", "text/html").decode()
        assert "data-ev=" in page and 'class="ev"' in page  # the source text found by its sha256
        assert b"@prefix" in get("/sparql", "text/turtle")
    finally:
        s.stop()


def test_a_malformed_filter_is_refused_with_the_reason(api):
    for params, word in (({"from": "abc"}, "from='abc'"), ({"to": "2020-1"}, "to='2020-1'"),
                         ({"party": "Kyrgyzstan"}, "party='Kyrgyzstan'"), ({"pair": "KZ"}, "pair='KZ'")):
        r = api.get("/api/instruments", params=params)
        assert r.status_code == 422 and word in r.json()["detail"], params
    page = api.get("/", params={"from": "abc"})
    assert page.status_code == 422 and "from=&#39;abc&#39;" in page.text
    assert api.get("/api/instruments", params={"from": "2018-06"}).status_code == 200
    assert api.get("/work/nothing-here").status_code == 404


def test_the_evidence_of_an_instrument_is_every_span_about_it(api):
    """The evidence the API reaches through the indexes is what a filter over every evidence
    node finds: statements about the instrument, its articles and obligations, or pointing at it."""
    iri = ID + TREATY
    view = api.app.state.view
    rows = view.select(f"""SELECT DISTINCT ?s ?p ?o ?start ?end WHERE {{
        ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; oa:hasTarget ?t .
        FILTER (?s = <{iri}> || ?o = <{iri}> || STRSTARTS(STR(?s), "{iri}/"))
        ?t oa:hasSelector ?sel . ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }}""")
    expected = {(r["s"].value, r["p"].value, r["o"].value, int(r["start"].value), int(r["end"].value)) for r in rows}
    got = {(e["subject"], e["predicate"], e["object"], e["start"], e["end"])
           for e in api.get(f"/api/instruments/{TREATY}").json()["evidence"]}
    assert len(expected) > 100 and got == expected
    assert any(s != iri and s.startswith(iri + "/") for s, *_ in got)  # articles' and obligations'


def test_pages_kept_per_worker_are_bounded(api):
    view = api.app.state.view
    keys = [i["key"] for i in api.get("/api/instruments").json()["instruments"]][:4]
    old = view.PAGE_ENTRIES
    view.PAGE_ENTRIES = 2
    try:
        for k in keys:
            assert api.get(f"/api/instruments/{k}").status_code == 200
        assert len(view._pages) == 2 and ("instrument", ID + keys[-1], "en") in view._pages
    finally:
        view.PAGE_ENTRIES = old


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_an_export_is_streamed_with_the_bytes_of_kg_export(api, fmt):
    from kg.graph.export import serialize

    with api.stream("GET", f"/api/export/{fmt}") as r:
        assert r.status_code == 200 and "content-length" not in r.headers  # sent as it is written
        chunks = list(r.iter_raw())
    assert b"".join(chunks) == serialize(api.app.state.engine.graphs(), fmt)
