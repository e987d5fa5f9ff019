"""`kg build` on the bundled corpus, and what a person then asks the graph.

One real build of the five seeds into a temporary data dir (module fixture); the tests read it
like a user would: competency queries, exports, a rebuild, a failed build.
"""

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from graph_support import CATALOG, ROOT, SHARED, SOURCES, cq, cross_document, iri, kg_run, rows
from conftest import need_shared

from kg.graph import export, ids
from kg.graph import namespaces as ns
from kg.pipeline.build import build
from kg.pipeline.publish import current_build, open_store, read_manifest

SPEC = SHARED / "spec" / "competency-queries.md"
# rdflib's own parsers (used here as a second reader of the exports) warn about their internals
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kgdata")
    result = build(None, d, catalog_path=CATALOG)
    assert result.ok, result.report.text()
    assert result.changed
    return d


@pytest.fixture(scope="module")
def store(data):
    return open_store(data)


def by_var(store, name):
    return rows(store, cq(name))


# --------------------------------------------------------------------------------------------
# The build


def test_the_build_publishes_one_named_graph_per_source(data, store):
    manifest = read_manifest(data)
    files = sorted(s["file"] for s in manifest["sources"])
    assert files == sorted(p.name for p in SOURCES.glob("0*.txt"))
    graphs = set(store.graphs())
    for s in manifest["sources"]:
        assert s["graph"] in graphs
        assert s["sha256"] == hashlib.sha256((SOURCES / s["file"]).read_bytes()).hexdigest()
    assert ns.RESOLUTION_GRAPH in graphs and ns.ONTOLOGY_GRAPH in graphs


def test_the_store_holds_exactly_the_graph_that_was_validated(data, store):
    from kg.pipeline.records import collect_records
    from kg.pipeline.build import make_graph

    sources, _, _ = collect_records([p for p in sorted(SOURCES.glob("0*.txt"))], data)
    built = make_graph(sources).dataset.graphs
    stored = store.graphs()
    assert {g: set(t) for g, t in built.items()} == stored  # no literal was changed on the way in


# --------------------------------------------------------------------------------------------
# Competency queries answer the cross-document facts


def test_competency_queries_have_the_names_and_variables_of_the_spec(store):
    spec = SPEC.read_text(encoding="utf-8") if SPEC.exists() else ""
    table = dict(re.findall(r"\| `(cq\d\d_\w+\.rq)` \| [^|]+ \| `([^`]+)`", spec)) or {
        "cq01_treaties.rq": "treaty title signed place type level", "cq02_parties.rq": "treaty country body",
        "cq03_lineage.rq": "from relation to", "cq04_ratifications.rq": "act number date treaty",
        "cq05_research.rq": "work cited kind", "cq06_obligations.rq": "treaty article modality topic",
        "cq07_evidence.rq": "subject predicate object source start end quote",
        "cq08_timeline.rq": "treaty signed title related relation"}
    assert len(table) == 8
    for name, variables in table.items():
        path = ROOT / "ontology" / "queries" / name
        assert path.is_file(), name
        head = re.search(r"SELECT\s+(?:DISTINCT\s+)?((?:\?\w+\s*)+)", path.read_text(encoding="utf-8")).group(1)
        got = [v.lstrip("?") for v in head.split()]
        want = variables.split()
        assert got[: len(want)] == want, name
        store.select(path.read_text(encoding="utf-8"))  # runs


def test_one_treaty_named_by_two_documents_is_one_node(store):
    for same in cross_document()["same_treaty"]:
        node = iri(same["id"])
        got = rows(store, f"PREFIX bkg: <{ns.BKG}> PREFIX dcterms: <http://purl.org/dc/terms/> "
                          f"SELECT DISTINCT ?file WHERE {{ <{node}> bkg:mentionedIn|bkg:instrumentText ?d . "
                          f"?d dcterms:identifier ?file }}")
        assert {r["file"] for r in got} >= set(same["mentioned_in"]), same
    treaties = by_var(store, "cq01")
    keys = [r["treaty"] for r in treaties]
    assert len(keys) == len(set(keys)), "cq01 lists a treaty twice"
    # the article's "2003" treaty is the 2003-12-25 one: no year-only KZ-KG node is left
    assert not [r for r in treaties if r.get("signed") == "2003"]


def test_lineage_edges(store):
    gold = cross_document()
    edges = {(r["from"], r["relation"], r["to"]) for r in by_var(store, "cq03")}
    for new, old in gold["supersedes"]:
        assert (iri(new), "supersedes", iri(old)) in edges
    citing = {(f, t) for f, rel, t in edges if rel in ("cites", "guided_by", "reaffirms", "implements")}
    for a, b in gold["cites"]:
        assert (iri(a), iri(b)) in citing
        # a plain ELI query sees the edge too
        assert store.store.query(f"ASK {{ <{iri(a)}> <{ns.ELI}cites> <{iri(b)}> }}", use_default_graph_as_union=True)
    for act, treaty in gold["ratifies"]:
        assert (iri(act), "ratifies", iri(treaty)) in edges


def test_ratifying_acts(store):
    got = {(r["act"], r.get("number"), r.get("date"), r["treaty"]) for r in by_var(store, "cq04")}
    for act, treaty in cross_document()["ratifies"]:
        _, _, number, date = act.split(":")
        assert (iri(act), number, date, iri(treaty)) in got
    # seed 002 names its ratifying law without number or date: still a node, keyed by its treaty
    assert (ns.ID + "law/kz/ratifying/kz-az/2005-05-24", None, None, iri("treaty:KZ-AZ:2005-05-24")) in got


def test_the_kz_kg_timeline(store):
    got = by_var(store, "cq08")
    dates = []
    for r in got:
        if r["signed"] not in dates:
            dates.append(r["signed"])
    assert dates == cross_document()["kz_kg_timeline"]
    related = {(r["treaty"], r.get("related")) for r in got}
    assert (iri("treaty:KZ-KG:2024-04-19"), iri("treaty:KZ-KG:1997-04-08")) in related


def test_parties_and_research(store):
    parties = {(r["treaty"], r["country"], r.get("body")) for r in by_var(store, "cq02")}
    assert (iri("treaty:KZ-TJ:2018-03-14"), "TJ", "government") in parties
    assert (iri("treaty:KZ-KG:2024-04-19"), "KG", "state") in parties
    research = {(r["cited"], r["kind"]) for r in by_var(store, "cq05")}
    assert (iri("treaty:KZ-KG:1997-04-08"), "treaty") in research
    assert (iri("law:KZ:287-I:1998-11-09"), "law") in research
    assert (ns.ID + "work/cited/bostankulova-2019", "work") in research
    obligations = by_var(store, "cq06")
    assert {r["modality"] for r in obligations} <= {"obligation", "prohibition", "permission", "declaration"}
    assert {(r["treaty"], r["article"]) for r in obligations} >= {(iri("treaty:KZ-TM:2024-10-10"), "10")}


def test_evidence_points_at_the_words_in_the_original_file(store):
    got = by_var(store, "cq07")
    assert got
    raw = {p.name: p.read_text(encoding="utf-8") for p in SOURCES.glob("0*.txt")}
    from kg.text.normalize import normalize_fragment

    for r in got:
        start, end = int(r["start"]), int(r["end"])
        assert 0 <= start < end <= len(raw[r["source"]])
        if r.get("quote"):  # every quote is the normalised words of its span, no exceptions
            assert normalize_fragment(raw[r["source"]][start:end]) == r["quote"], (r["source"], start, end)
    # the ratification of the 2024 treaty: the words of the law's header
    law = [r for r in got if r["subject"] == iri("law:KZ:216-VIII:2025-07-21") and r["predicate"].endswith("ratifies")]
    assert law and "216-VIII" in raw[law[0]["source"]][int(law[0]["start"]):int(law[0]["end"])]


# --------------------------------------------------------------------------------------------
# Exports


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_export_parses_back_into_an_isomorphic_graph(store, fmt):
    from rdflib.compare import isomorphic

    from kg.graph.validate import to_rdflib

    graphs = store.graphs()
    data = export.serialize(graphs, fmt)
    # Oxigraph reads it back to the very same quads (no blank nodes: isomorphic is equal) ...
    quads = export.parse(data, fmt)
    if fmt == "turtle":
        assert quads == {(s, p, o, None) for t in graphs.values() for s, p, o in t}
    else:
        assert quads == {(s, p, o, ox.NamedNode(g)) for g, t in graphs.items() for s, p, o in t}
    # ... and so does another implementation, rdflib
    ds = rdflib.Dataset()
    ds.parse(data=data, format={"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    if fmt == "turtle":
        union = set().union(*graphs.values())
        assert isomorphic(ds.default_graph, to_rdflib(union))
    else:
        for g, triples in graphs.items():
            assert isomorphic(ds.graph(rdflib.URIRef(g)), to_rdflib(triples)), g


def test_the_turtle_is_readable(store):
    text = export.serialize(store.graphs(), "turtle").decode("utf-8")
    assert text.startswith(f"@base <{ns.ID}> .\n@prefix rdf: ")
    assert "\n<treaty/kz-kg/2024-04-19>\n    a eli:LegalResource, bkg:Instrument ;\n" in text
    assert text.index("<treaty/kz-kg/2024-04-19/art/2>") < text.index("<treaty/kz-kg/2024-04-19/art/10>")


def test_an_export_of_a_build_is_written_from_its_files_with_the_bytes_of_its_store(data, store, tmp_path):
    from kg.pipeline.publish import published_parts

    parts = published_parts(current_build(data))
    assert parts and [g for g, _ in parts] == sorted(store.graphs(), key=export.natural_key)
    d = _copy(data, tmp_path)
    for fmt in export.FORMATS:
        from_store = export.serialize(store.graphs(), fmt)
        assert b"".join(export.stream_parts(parts, fmt)) == from_store, fmt
        # graph by graph in worker processes, the same bytes in the same order
        old = export.PARALLEL_MIN_GRAPHS
        export.PARALLEL_MIN_GRAPHS = 1
        try:
            assert b"".join(export.stream_parts(parts, fmt, workers=2)) == from_store, fmt
        finally:
            export.PARALLEL_MIN_GRAPHS = old
    # the build formatted each source's graph as it made it (Turtle, which TriG is made from, and
    # JSON-LD); the graphs of the whole corpus (the resolution's, the ontology) wait for an export
    for fmt in ("turtle", "jsonld"):
        assert len(list((d / "cache" / "exports").glob(f"*/{fmt}/*/*.z"))) == len(parts) - 2, fmt
    assert not list((d / "cache" / "exports").glob("*/trig")) and not list((d / "cache" / "exports").glob("*/nquads"))
    # a part once formatted is kept, and the next export is made of the kept parts
    first = tmp_path / "first.ttl"
    assert kg_run("export", "--data", d, "--format", "turtle", "--out", str(first)).returncode == 0
    assert first.read_bytes() == export.serialize(store.graphs(), "turtle")
    kept = sorted((d / "cache" / "exports").glob("*/turtle/*/*.z"))
    assert len(kept) == len(parts)
    import zlib

    victim = next(p for p in kept if zlib.decompress(p.read_bytes()).count(b"\n") > 3)
    victim.write_bytes(zlib.compress(zlib.decompress(victim.read_bytes()) + b"# kept\n"))
    again = tmp_path / "again.ttl"
    assert kg_run("export", "--data", d, "--format", "turtle", "--out", str(again)).returncode == 0
    assert again.read_bytes().count(b"# kept\n") == 1
    # a rebuild forgets the parts of graphs it no longer has
    (d / "cache" / "exports" / "x" ).mkdir()
    from kg.pipeline.build import build as rebuild

    assert rebuild(None, d, catalog_path=CATALOG).ok
    assert not (d / "cache" / "exports" / "x").exists() and victim.exists()
    # the build's files gone (a cache cleared by hand): `kg export` reads the store instead
    shutil.rmtree(d / "cache" / "units")
    assert published_parts(current_build(d)) is None
    out = tmp_path / "graph.nq"
    proc = kg_run("export", "--data", d, "--format", "nquads", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == export.serialize(store.graphs(), "nquads")


# --------------------------------------------------------------------------------------------
# Rebuilds and failures


def _copy(data: Path, tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(data, d, symlinks=True)
    return d


def test_a_rebuild_with_no_change_changes_no_byte(data, tmp_path):
    d = _copy(data, tmp_path)
    before = export.serialize(open_store(d).graphs(), "turtle")
    published = current_build(d)
    again = build(None, d, catalog_path=CATALOG)
    assert again.ok and not again.changed and current_build(d) == published
    assert not again.extracted and len(again.reused) == 5  # unchanged sources are not extracted again
    assert export.serialize(open_store(d).graphs(), "turtle") == before


def test_a_build_that_violates_the_shapes_leaves_the_last_good_one(data, tmp_path):
    d = _copy(data, tmp_path)
    published = current_build(d)
    before = export.serialize(open_store(d).graphs(), "turtle")
    good = open_store(d).graphs()
    records = tmp_path / "records"
    records.mkdir()
    from kg.extract.record import extract_file

    rec = extract_file(str(SOURCES / "000_12ecf27d1504b882.txt"))
    rec["ratification"]["date"] = "2020-01-01"  # before the signature (2024-04-19)
    (records / "000_12ecf27d1504b882.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    result = build(None, d, records_dir=records, catalog_path=CATALOG, strict=True)  # all or nothing
    assert not result.ok
    assert "bkgsh:RatificationAfterSignatureShape" in result.report.rules()
    report = (d / "last-failed-report.txt").read_text(encoding="utf-8")
    assert iri("law:KZ:216-VIII:2020-01-01") in report and "000_12ecf27d1504b882" in report
    assert current_build(d) == published
    assert export.serialize(open_store(d).graphs(), "turtle") == before

    # Without --strict the source is held back and its last good graph stays published.
    result = build(None, d, records_dir=records, catalog_path=CATALOG)
    assert result.ok and [h.file for h in result.held_back] == ["000_12ecf27d1504b882.txt"]
    held = result.held_back[0]
    assert held.kept == ns.ID + "graph/000_12ecf27d1504b882"
    assert "RatificationAfterSignatureShape" in held.report and "000_12ecf27d1504b882.txt:" in held.report
    assert open_store(d).graphs()[held.kept] == good[held.kept]
    on_disk = json.loads((d / "held-back.json").read_text(encoding="utf-8"))
    assert [h["file"] for h in on_disk["held_back"]] == ["000_12ecf27d1504b882.txt"]
    assert read_manifest(d)["held_back"] == on_disk["held_back"]


def test_a_bad_source_file_fails_a_strict_build_and_names_the_file(data, tmp_path):
    d = _copy(data, tmp_path)
    published = current_build(d)
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 binary, not a text \x80\x00")
    proc = kg_run("build", "--strict", str(SOURCES / "000_12ecf27d1504b882.txt"), str(bad), "--data", str(d))
    assert proc.returncode == 2
    assert "broken.txt" in proc.stderr and proc.stderr.startswith("kg: ")
    assert current_build(d) == published


# --------------------------------------------------------------------------------------------
# The command line, as a person uses it


def test_a_session_at_the_command_line(data, tmp_path):
    d = str(data)
    proc = kg_run("query", "cq08", "--data", d, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["head"]["vars"][:5] == ["treaty", "signed", "title", "related", "relation"]
    assert {b["signed"]["value"] for b in result["results"]["bindings"]} == set(cross_document()["kz_kg_timeline"])

    proc = kg_run("query", str(ROOT / "ontology" / "queries" / "cq04_ratifications.rq"), "--data", d)
    table = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["number"] for r in table} >= {"216-VIII", "220-VI", "234-VIII", "287-I"}

    proc = kg_run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", d, "--format", "tsv")
    assert proc.returncode == 0 and proc.stdout.startswith("?n\n")

    out = tmp_path / "graph.ttl"
    proc = kg_run("export", "--data", d, "--format", "turtle", "--out", str(out))
    assert proc.returncode == 0 and out.read_bytes() == export.serialize(open_store(data).graphs(), "turtle")

    proc = kg_run("validate", "--data", d)
    assert proc.returncode == 0, proc.stdout
    assert "0 violation(s)" in proc.stdout or "conforms" in proc.stdout

    proc = kg_run("query", "SELECT * WHERE {", "--data", d)
    assert proc.returncode == 2 and "kg:" in proc.stderr

    proc = kg_run("query", "cq01", "--data", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "nowhere" in proc.stderr


def test_a_mirror_text_builds_with_its_quotes_matching(tmp_path):
    """A markdown mirror's quotes are checked against its markdown, normalised as markdown."""
    mirror = SHARED / "examples" / "espi"
    need_shared(mirror)
    kaz = sorted(mirror.glob("*/kaz.md"))[0]
    result = build([kaz], tmp_path / "d", catalog_path=CATALOG)
    assert result.ok, result.report.text()
    assert not [f for f in result.report.warnings if f.rule == "bkgsh:EvidenceQuoteMatchesText"], result.report.text()


def test_the_texts_of_a_build_are_read_one_by_one_when_asked_for(data, tmp_path):
    # a page shows the text of one or two sources of thousands: each file is read when asked
    # for, held to the sha256 the build recorded, and only the last few read are kept
    from kg.pipeline.publish import PublishedTexts

    manifest = read_manifest(data)
    texts = PublishedTexts(manifest, keep=2)
    assert texts._read == {}
    iris = [ids.source_iri(s["id"]) for s in manifest["sources"]]
    first = texts[iris[0]]
    assert list(texts._read) == [iris[0]] and first == Path(manifest["sources"][0]["path"]).read_text(encoding="utf-8-sig")
    for iri in iris[1:4]:
        texts.get(iri)
    assert len(texts._read) == 2
    # a file changed since the build is not its text: its offsets are not this text's
    changed = {**manifest, "sources": [{**manifest["sources"][0], "sha256": "0" * 64}]}
    assert PublishedTexts(changed).get(iris[0]) is None and len(PublishedTexts(changed)) == 0
