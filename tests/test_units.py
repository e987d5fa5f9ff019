"""A build one source at a time (kg/graph/units.py) gives what the whole dataset in memory gives: the
same validation report on every broken graph, the same store, and after an edit, the same store
as a build from scratch while rebuilding only the graphs the edit touched."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_graph_shapes import CASES
from test_graph_shapes import broken_graphs as _graphs
from test_shacl_compiled import generated, keys, mutate, records  # noqa: F401 (fixtures)

from kg.pipeline import build as B
from kg.pipeline import caches
from kg.pipeline import catalog as build_catalog
from kg.pipeline import publish
from kg.pipeline import records as build_records

from kg.graph import namespaces as ns
from kg.graph import units as U
from kg.errors import KgError, SourceError
from kg.graph.validate import compiled_shapes, rule_triples, validate_graphs


def units_of(graphs: dict, texts: dict, store: U.UnitStore) -> list[U.Unit]:
    shapes, rules = compiled_shapes("bilateral.ttl"), rule_triples()
    head = ns.ID + "graph/"
    return [U.make_unit(g, set(t), texts=texts, shapes=shapes, rule_filter=rules, store=store,
                        sid=g[len(head):] if g.startswith(head) else None)
            for g, t in sorted(graphs.items()) if g != ns.ONTOLOGY_GRAPH]


def by_units(graphs: dict, texts: dict, tmp_path: Path, workers: int = 2, before: tuple | None = None) -> set:
    """The units' report; with two workers (as `kg build` runs) the SPARQL rules run in a forked
    process beside the cross-document part. `before`: (graphs, texts) checked first in the
    same store, as the last build, whose cached checks must not hide what changed since."""
    store = U.UnitStore(tmp_path / "units")
    for gs, ts in ([before] if before else []) + [(graphs, texts)]:
        report = U.validate_units(units_of(gs, ts, store), gs.get(ns.ONTOLOGY_GRAPH), ts, store, workers=workers)
    return keys(report)


@pytest.mark.parametrize("case", sorted(CASES))
def test_units_report_what_the_whole_dataset_reports_on_the_broken_graphs(records, case, tmp_path):
    which, mutate_record, mutate_graphs, _ = CASES[case]
    graphs, texts = _graphs(records, which, mutate_record, mutate_graphs, ontology=True)
    want = keys(validate_graphs(graphs, texts))
    assert by_units(graphs, texts, tmp_path) == want
    assert want
    # the same graphs broken after a build of the sound ones: the break is found all the same
    sound = _graphs(records, which, None, None, ontology=True)
    assert by_units(graphs, texts, tmp_path / "after", before=sound) == want


@pytest.mark.parametrize("seed,workers", [(1, 1), (2, 2)])
def test_units_report_what_the_whole_dataset_reports_on_a_mutated_corpus(generated, seed, workers, tmp_path):  # noqa: F811
    graphs, texts = generated
    sound = {g: set(t) for g, t in graphs.items()}
    graphs = {g: set(t) for g, t in graphs.items()}
    mutate(graphs, random.Random(seed), 40)
    want = keys(validate_graphs(graphs, texts))
    assert sum(1 for k in want if k[0] == "Violation") >= 10
    assert by_units(graphs, texts, tmp_path, workers, before=(sound, texts)) == want


def test_checks_across_sources_run_again_only_when_what_they_read_changed(generated, tmp_path):  # noqa: F811
    graphs, texts = generated
    graphs = {g: set(t) for g, t in graphs.items()}
    mutate(graphs, random.Random(3), 40)
    store = U.UnitStore(tmp_path / "units")
    lines: list = []

    def check():
        return U.validate_units(units_of(graphs, texts, store), graphs.get(ns.ONTOLOGY_GRAPH), texts, store,
                                workers=2, log=lines.append)

    first, second = check(), check()
    assert lines == ["checks across sources: shapes run, rules run",
                     "checks across sources: shapes reused, rules reused"]
    assert not first.conforms and second.text() == first.text()
    assert keys(second) == keys(validate_graphs(graphs, texts))


# ---------------------------------------------------------------------------------------------
# Builds


def quads(data: Path) -> set:
    st = ox.Store.read_only(str(publish.current_build(data) / "store"))
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in st}


def in_memory(corpus: Path, data: Path) -> set:
    out = set()
    for g, triples in in_memory_graphs(corpus, data).items():
        for s, p, o in triples:
            # a source's evidence nodes (its own, under evidence/<source>/) in the merge only
            if not s.value.startswith("https://w3id.org/bilateral-kg/id/evidence/"):
                out.add((s, p, o, ox.NamedNode(g)))
            out.add((s, p, o, ox.DefaultGraph()))
    return out


def in_memory_graphs(corpus: Path, data: Path) -> dict:
    entries = build_catalog.load_catalog(corpus / "catalog.yaml")
    sources, _, _ = build_records.collect_records([e.path for e in entries], data, catalog=entries, source_root=corpus)
    return B.make_graph(sources).dataset.graphs


@pytest.fixture()
def corpus(tmp_path):
    from kg.bench.generate import generate

    generate(60, tmp_path / "corpus", seed=5)
    return tmp_path / "corpus"


def build(corpus: Path, data: Path, **kw):
    res = B.build(None, data, catalog_path=corpus / "catalog.yaml", **kw)
    assert res.ok, res.report.text()
    return res


def test_a_build_stores_what_the_dataset_in_memory_holds(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(U, "PARALLEL_MIN_SOURCES", 2)  # the forked workers, as at scale
    build(corpus, tmp_path / "data", workers=2)
    assert quads(tmp_path / "data") == in_memory(corpus, tmp_path / "data")
    # what exports and checks read: every source's graph whole, its evidence given back
    stored = publish.open_store(tmp_path / "data").graphs()
    assert stored == {g: set(t) for g, t in in_memory_graphs(corpus, tmp_path / "data").items()}
    assert sum(1 for t in stored[next(g for g in stored if "/graph/b" in g)] if "/evidence/" in t[0].value) > 0


def _edit(corpus: Path, rng: random.Random) -> str:
    """Edit one source file (a line added at its end: new bytes, a new record)."""
    victim = rng.choice(sorted((corpus / "txt").glob("*.txt")))
    victim.write_text(victim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return victim.name


def test_a_rebuild_builds_only_what_changed_and_stores_what_a_fresh_build_stores(corpus, tmp_path):
    data = tmp_path / "data"
    first = build(corpus, data)
    assert len(first.built) == 60

    again = build(corpus, data)
    assert again.built == () and not again.changed

    victim = _edit(corpus, random.Random(3))
    lines: list = []
    edited = build(corpus, data, log=lines.append)
    graph = B.ids.graph_iri(B.ids.source_id(victim))
    assert edited.changed and graph in edited.built and len(edited.built) <= 3, edited.built
    manifest = publish.read_manifest(data)
    assert manifest["store_written"].startswith("delta: ")
    fresh = _fresh(corpus, tmp_path / "fresh")
    assert quads(data) == quads(fresh)
    assert (publish.current_build(data) / "report.txt").read_text() == (publish.current_build(fresh) / "report.txt").read_text()

    # a word changed inside an article: the checks across sources read nothing that changed
    assert "checks across sources: shapes reused, rules reused" in _article_edit(corpus, data)
    assert quads(data) == quads(_fresh(corpus, tmp_path / "fresh"))


def test_a_store_of_an_earlier_layout_is_written_anew_not_patched(corpus, tmp_path):
    """A data dir published by code that kept each source's evidence in its named graph too
    (store layout 2): patching it would leave that evidence in every graph the edit did not
    touch, so the next build loads the store in full."""
    import json

    data = tmp_path / "data"
    build(corpus, data)
    path = publish.current_build(data) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest.pop("store_layout") == publish.STORE_LAYOUT_VERSION
    path.write_text(json.dumps(manifest), encoding="utf-8")
    _edit(corpus, random.Random(4))
    build(corpus, data)
    assert publish.read_manifest(data)["store_written"] == "full"
    assert publish.read_manifest(data)["store_layout"] == publish.STORE_LAYOUT_VERSION


def _article_edit(corpus: Path, data: Path) -> list[str]:
    victim = sorted((corpus / "txt").glob("*.txt"))[7]
    text = victim.read_text(encoding="utf-8")
    marker = "Стороны" if "Стороны" in text else "Тараптар"
    victim.write_text(text.replace(marker, marker + " ", 1), encoding="utf-8")
    lines: list = []
    res = build(corpus, data, log=lines.append)
    assert B.ids.graph_iri(B.ids.source_id(victim.name)) in res.built
    return lines


def test_removing_a_cited_source_rebuilds_the_sources_that_cite_it(corpus, tmp_path):
    data = tmp_path / "data"
    build(corpus, data)
    entries = build_catalog.load_catalog(corpus / "catalog.yaml")
    sources, _, _ = build_records.collect_records([e.path for e in entries], data, catalog=entries, source_root=corpus)
    # a documented treaty that some other source names: its removal changes that source's graph
    from kg.graph import resolve
    res = resolve.resolve(sources)
    cited = {iri: node for iri, node in res.instruments.items() if node.documented_by and node.mentioned_by}
    iri, node = sorted(cited.items())[0]
    gone = node.documented_by[0]
    citing = set(node.mentioned_by) - {gone}
    keep = [e.path for e in entries if B.ids.source_id(build_catalog.source_name(e.path)) != gone]

    built = set(B.build(keep, data, catalog_path=corpus / "catalog.yaml").built)
    assert {B.ids.graph_iri(sid) for sid in citing} & built, (citing, built)
    assert len(built) < len(keep) / 2
    fresh = tmp_path / "fresh"
    B.build(keep, fresh, catalog_path=corpus / "catalog.yaml")
    assert quads(data) == quads(fresh)


def _fresh(corpus: Path, data: Path) -> Path:
    shutil.rmtree(data, ignore_errors=True)
    build(corpus, data)
    return data


def test_a_damaged_cached_graph_is_an_error_naming_the_file_and_the_last_build_stays(corpus, tmp_path):
    from kg.errors import KgError, SourceError

    data = tmp_path / "data"
    build(corpus, data)
    published = publish.current_build(data)
    for f in (data / "cache" / "units").rglob("*.nt.z"):
        if f.name.count(".") == 2:  # <digest>.nt.z: a graph's facts
            f.write_bytes(b"not zlib")
    for f in (data / "cache" / "units").rglob("checks.pickle"):
        f.unlink()  # else the checks across sources are reused, and no damaged file is read
    _edit(corpus, random.Random(1))
    with pytest.raises(KgError, match=r"\.nt\.z: cannot read this cached graph .* delete .* and build again"):
        B.build(None, data, catalog_path=corpus / "catalog.yaml")
    assert publish.current_build(data) == published and quads(data)


def test_the_graph_stage_in_a_child_process_builds_the_same_and_reports_the_same_errors(corpus, tmp_path, monkeypatch):
    """Big builds run the graph stage in a forked child (its memory is gone before the load):
    the same store, the stages relayed, and a bad file still an error naming it."""
    from kg.errors import SourceError

    monkeypatch.setattr(B, "CHILD_MIN_SOURCES", 1)
    stages, lines = [], []
    res = B.build(None, tmp_path / "child", catalog_path=corpus / "catalog.yaml", on_stage=stages.append,
                  log=lines.append)
    assert res.ok and len(res.built) == 60
    assert stages == ["extract", "resolve", "rdf", "validate", "load"]
    assert any(line.startswith("graph: ") for line in lines)
    assert quads(tmp_path / "child") == quads(_fresh(corpus, tmp_path / "fresh"))

    bad = corpus / "txt" / "zz_binary.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    files = [e.path for e in build_catalog.load_catalog(corpus / "catalog.yaml")] + [bad]
    with pytest.raises(SourceError, match="zz_binary.txt"):
        B.build(files, tmp_path / "child", catalog_path=corpus / "catalog.yaml", strict=True)
    assert publish.current_build(tmp_path / "child") == res.build_dir
    # not strict: the child hands the held-back source back with its reason
    again = B.build(files, tmp_path / "child", catalog_path=corpus / "catalog.yaml")
    assert again.ok and [(h.file, "zz_binary.txt" in h.reason) for h in again.held_back] == [("zz_binary.txt", True)]


def test_a_build_reads_whole_records_only_for_the_graphs_it_builds(corpus, tmp_path, monkeypatch):
    """Records stay in memory without the parts only their own graph reads (caches.GRAPH_ONLY); the
    graphs built read their whole record from the cache, the others never do."""
    data = tmp_path / "data"
    build(corpus, data)
    partials = list((data / "cache" / "records").glob("*.partial.json"))
    assert len(partials) == 60 and all("articles" not in p.read_text(encoding="utf-8") for p in partials)

    read: list = []
    real = B.whole_record

    def spying(d):
        whole = real(d)

        def f(src):
            if src.partial:
                read.append(B.ids.graph_iri(src.sid))
            return whole(src)
        return f

    monkeypatch.setattr(B, "whole_record", spying)
    victim = _edit(corpus, random.Random(5))
    res = build(corpus, data)
    edited = B.ids.graph_iri(B.ids.source_id(victim))
    assert edited in res.built and set(read) == set(res.built) - {edited}  # the edited one was just extracted

    def partial_sources():
        entries = build_catalog.load_catalog(corpus / "catalog.yaml")
        return [s for s in build_records.collect_records([e.path for e in entries], data, partial=True)[0] if s.partial]

    # a whole record gone from the cache, its partial one still there: that source is extracted
    # again, and the graphs are what they were
    first, second = partial_sources()[:2]
    (data / "cache" / "records" / f"{first.record_key}.json").unlink()
    before = quads(data)
    shutil.rmtree(data / "cache" / "units")  # every graph to build again
    again = build(corpus, data)
    assert list(again.extracted) == [first.file_name] and len(again.built) == 60 and quads(data) == before

    # and gone while the build runs (after the partial one was read): an error naming the source
    (data / "cache" / "records" / f"{second.record_key}.json").unlink()
    with pytest.raises(KgError, match=rf"{second.file_name}: its cached record .* cannot be read .*build again"):
        real(data)(second)


def test_cached_findings_are_named_anew_with_the_graphs_that_describe_their_node():
    from kg.graph.validate import Finding, _with_graphs

    odd = Finding("Violation", "bkgsh:X", "not an IRI", "m", graphs=("g",))  # keeps what it has
    node = Finding("Violation", "bkgsh:X", ns.ID + "treaty/x", "m", graphs=("old",))
    assert _with_graphs([odd, node], U.Where([])) == [odd, Finding("Violation", "bkgsh:X", ns.ID + "treaty/x", "m")]


# ---------------------------------------------------------------------------------------------
# What a rebuild skips: unchanged files unread, the resolution reused


def _age(corpus: Path, seconds: int = 3600) -> None:
    """Files written a while ago, as a real corpus's are (a file hashed within two seconds of its
    last change is read again next time: FileHashes)."""
    import os
    import time

    then = time.time() - seconds
    for f in corpus.rglob("*"):
        if f.is_file():
            os.utime(f, (then, then))


def _unread(corpus: Path, data: Path) -> set[str]:
    entries = build_catalog.load_catalog(corpus / "catalog.yaml")
    sources = build_records.collect_records([e.path for e in entries], data, catalog=entries, partial=True)[0]
    return {s.file_name for s in sources if s.text is None}


def test_a_rebuild_reads_only_the_files_that_changed_and_stores_what_a_fresh_build_stores(corpus, tmp_path):
    import os

    data = tmp_path / "data"
    _age(corpus)
    build(corpus, data)
    names = {build_catalog.source_name(e.path) for e in build_catalog.load_catalog(corpus / "catalog.yaml")}
    assert _unread(corpus, data) == names  # every file known unchanged: none read

    # an edit: that file is read, the others are not; its graph is built again from it
    victim = sorted((corpus / "txt").glob("*.txt"))[11]
    text = victim.read_text(encoding="utf-8")
    marker = "Стороны" if "Стороны" in text else "Тараптар"
    victim.write_text(text.replace(marker, marker + " ", 1), encoding="utf-8")
    assert _unread(corpus, data) == names - {victim.name}
    res = build(corpus, data)
    assert res.built == (B.ids.graph_iri(B.ids.source_id(victim.name)),)
    assert quads(data) == quads(_fresh(corpus, tmp_path / "fresh"))
    assert (publish.current_build(data) / "report.txt").read_text() == (publish.current_build(tmp_path / "fresh") / "report.txt").read_text()

    # the same size and the old modification time, other bytes: the change time tells
    _age(corpus)
    build(corpus, data)
    assert victim.name in _unread(corpus, data)
    st = victim.stat()
    current = victim.read_text(encoding="utf-8")
    swapped = current.replace(marker, marker.swapcase(), 1)
    assert len(swapped.encode("utf-8")) == len(current.encode("utf-8")) and swapped != current
    victim.write_text(swapped, encoding="utf-8")
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert victim.name not in _unread(corpus, data)
    assert B.ids.graph_iri(B.ids.source_id(victim.name)) in build(corpus, data).built

    # a file modified within two seconds of being hashed is read again, the next time too
    _age(corpus)
    build(corpus, data)
    victim.write_text(text, encoding="utf-8")  # now: racily clean when hashed now
    assert victim.name not in _unread(corpus, data)
    assert victim.name not in _unread(corpus, data)


def test_a_file_that_changes_while_it_is_read_is_read_again_next_time(tmp_path, monkeypatch):
    """The stat kept is the one taken before the read: a change during the read, even one that
    keeps the size and the old modification time, leaves the entry untrusted."""
    import os
    import time

    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    old = time.time() - 3600
    os.utime(f, (old, old))
    real = caches._read_source

    def read_while_it_changes(path):
        got = real(path)
        path.write_text("two", encoding="utf-8")
        os.utime(path, (old, old))
        return got

    monkeypatch.setattr(caches, "_read_source", read_while_it_changes)
    hashes = caches.FileHashes(tmp_path / "files.pickle")
    assert caches._source_state(f, hashes)[0] == "one"
    hashes.save()
    assert caches.FileHashes(tmp_path / "files.pickle").known(f)[0] is None

    monkeypatch.setattr(caches, "_read_source", real)  # read in peace: known from now on
    hashes = caches.FileHashes(tmp_path / "files.pickle")
    text, sha = caches._source_state(f, hashes)
    hashes.save()
    assert text == "two" and caches.FileHashes(tmp_path / "files.pickle").known(f)[0] == sha


def test_the_resolution_is_reused_while_the_records_claims_are_the_same(corpus, tmp_path, monkeypatch):
    from kg.graph import resolve

    data = tmp_path / "data"
    lines: list = []
    build(corpus, data, log=lines.append)
    assert any(line.startswith("resolution: run") for line in lines)

    # a word inside an article: the same claims, the same resolution; the store as a fresh build's.
    # Only the edited source's claims are gathered: the others' digests are kept by their record.
    digested: list = []
    real = resolve.source_claims_digest
    monkeypatch.setattr(resolve, "source_claims_digest",
                        lambda s, gathered=None: digested.append(s.file_name) or real(s, gathered))
    lines = _article_edit(corpus, data)
    assert any(line.startswith("resolution: reused") for line in lines), lines
    assert digested == [sorted((corpus / "txt").glob("*.txt"))[7].name]
    monkeypatch.setattr(resolve, "source_claims_digest", real)
    assert quads(data) == quads(_fresh(corpus, tmp_path / "fresh"))

    # a source fewer: other claims, resolved again
    entries = build_catalog.load_catalog(corpus / "catalog.yaml")
    lines = []
    B.build([e.path for e in entries[1:]], data, catalog_path=corpus / "catalog.yaml", log=lines.append)
    assert any(line.startswith("resolution: run") for line in lines), lines

    # the last two resolutions are kept (a build holding a source back makes two), no more
    kept = sorted((data / "cache" / "units").rglob("resolution-*.pickle"))
    assert len(kept) == 2
    # a damaged resolution file is made again, not an error
    for k in kept:
        k.write_bytes(b"not a pickle")
    victim = _edit(corpus, random.Random(2))
    lines = []
    build(corpus, data, log=lines.append)
    assert any(line.startswith("resolution: run") for line in lines), lines
    assert quads(data) == quads(_fresh(corpus, tmp_path / "fresh2")), victim

    # the resolution is the claims' alone, and their digest tells sources' claims apart
    sources = build_records.collect_records([e.path for e in entries], data, catalog=entries, partial=True)[0]
    claims, acts = resolve.gather(sources)
    assert resolve.resolve_claims(claims, acts) == resolve.resolve(sources)
    # the build gathers source by source: the same claims, in the same order
    each = [resolve.gather([s]) for s in sources]
    assert [c for cs, _ in each for c in cs] == claims and [a for _, as_ in each for a in as_] == acts
    assert resolve.source_claims_digest(sources[3], each[3]) == resolve.source_claims_digest(sources[3])
    digests = [resolve.source_claims_digest(s) for s in sources]
    assert len(set(digests)) == len(digests)
    assert resolve.claims_digest(digests[1:]) != resolve.claims_digest(digests)
    assert resolve.claims_digest(digests[::-1]) != resolve.claims_digest(digests)  # the order is gather's

    # a record's claims digest is kept by its key: a damaged file of them is made again
    for f in (data / "cache" / "units").rglob("claims.pickle"):
        f.write_bytes(b"not a pickle")
    lines = []
    build(corpus, data, log=lines.append)
    assert any(line.startswith("resolution: reused") for line in lines), lines
    assert len(U.UnitStore(data / "cache" / "units").load_claim_digests()) == 60


def test_partial_records_are_read_from_one_pack_and_a_damaged_pack_only_costs_time(corpus, tmp_path):
    data = tmp_path / "data"
    build(corpus, data)
    records = data / "cache" / "records"
    [pack] = records.glob("partials.*.marshal")
    for f in records.glob("*.partial.json"):
        f.unlink()
    before = quads(data)

    # the pack holds them: no partial record is made again from its whole one
    _edit(corpus, random.Random(4))
    build(corpus, data)
    assert len(list(records.glob("*.partial.json"))) == 1  # the edited source's, just extracted

    # a damaged pack: the records come from their files (made again where gone), the pack anew
    pack.write_bytes(b"\x00garbage")
    shutil.rmtree(data / "cache" / "units")
    res = build(corpus, data)
    assert len(res.built) == 60 and len(list(records.glob("*.partial.json"))) == 60
    assert pack.stat().st_size > 1000
    assert quads(data) == quads(_fresh(corpus, tmp_path / "fresh")) != before


def test_the_catalog_is_parsed_and_its_ids_made_once_for_its_bytes(corpus, tmp_path, monkeypatch):
    """A rebuild reads a 10,000-entry catalog: its parse and its sources' ids are kept under
    the hash of its bytes, and made again when the bytes change or the cache is damaged."""
    catalog, cache = corpus / "catalog.yaml", tmp_path / "catalog.pickle"
    plain = build_catalog.load_catalog(catalog)
    assert build_catalog.load_catalog(catalog, cache=cache) == plain

    def boom(*a, **k):
        raise AssertionError("made again")

    with monkeypatch.context() as m:
        m.setattr(build_catalog, "load_yaml", boom)
        m.setattr(B.ids, "source_id", boom)
        assert build_catalog.load_catalog(catalog, cache=cache) == plain

    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = max(i for i, line in enumerate(lines) if line.lstrip().startswith("- "))
    catalog.write_text("".join(lines[:cut]), encoding="utf-8")  # the last entry gone
    fewer = build_catalog.load_catalog(catalog, cache=cache)
    assert fewer == build_catalog.load_catalog(catalog) == plain[:-1]
    cache.write_bytes(b"not a pickle")
    assert build_catalog.load_catalog(catalog, cache=cache) == plain[:-1]


def test_finding_names_compiles_no_pattern(monkeypatch):
    """The country and city tables give 2,400 word forms; compiling them as patterns took a
    second, most of a rebuild that extracts one document, and even compiling only those its
    words could be cost it 10-30 ms: a name's forms are string tests."""
    import re

    from kg.text import gazetteer

    countries, cities = gazetteer.countries(), gazetteer.cities()
    compiled = []
    real = re._compile
    monkeypatch.setattr(re, "_compile", lambda *a: compiled.append(a[0]) or real(*a))
    hits = (countries.find("Қазақстан Республикасы мен Қырғыз Республикасының Үкіметі арасындағы")
            + countries.find("между Правительством Республики Казахстан и Правительством Кубы")
            + cities.find("Астана қаласында, в городе Бишкеке"))
    assert [h.value for h in hits] == ["KZ", "KG", "KZ", "CU", "Astana", "Bishkek"]
    assert compiled == []


def test_a_source_left_unread_that_changes_before_its_graph_is_built_is_an_error_naming_it(corpus, tmp_path):
    """Its text is read when its graph is built and must still have the bytes the build knew;
    the report's spans (_SourceTexts) then have no text for it rather than the wrong one."""
    data = tmp_path / "data"
    _age(corpus)
    build(corpus, data)
    entries = build_catalog.load_catalog(corpus / "catalog.yaml")
    sources = build_records.collect_records([e.path for e in entries], data, catalog=entries, partial=True)[0]
    src = next(s for s in sources if s.text is None and s.partial)
    assert B.whole_record(data)(src).text == Path(src.path).read_text(encoding="utf-8")
    assert B._SourceTexts([src])[B.ids.source_iri(src.sid)] == Path(src.path).read_text(encoding="utf-8")

    Path(src.path).write_text(Path(src.path).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="changed or went away") as e:
        B.whole_record(data)(src)
    assert src.path in str(e.value)
    with pytest.raises(KeyError):
        B._SourceTexts([src])[B.ids.source_iri(src.sid)]
