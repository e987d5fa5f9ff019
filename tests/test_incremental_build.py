"""A rebuild after one source changed: only that source's graph is replaced in the store, and
the store is the same, quad for quad, as a build from scratch of the same sources."""

import json
import shutil

import pyoxigraph as ox
from graph_support import CATALOG, rows

from kg.pipeline.build import build
from kg.pipeline.publish import current_build, open_store


def _copy_corpus(dst):
    shutil.copytree(CATALOG.parent, dst)
    for f in dst.iterdir():
        f.chmod(0o644)
    return dst / "catalog.yaml"


def _quads(data_dir):
    store = open_store(data_dir).store
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads_for_pattern(None, None, None, None)}


def test_one_changed_source_replaces_one_graph(tmp_path):
    catalog = _copy_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    first = build(None, data, catalog_path=catalog)
    assert first.ok, first.report.text()
    before = current_build(data)

    # a reader corrects one date in the Turkmen agreement's ratifying law
    src = next(p for p in catalog.parent.glob("004_*.txt"))
    text = src.read_text(encoding="utf-8")
    assert "2025 жылғы 27 қарашадағы" in text
    src.write_text(text.replace("2025 жылғы 27 қарашадағы", "2025 жылғы 28 қарашадағы", 1), encoding="utf-8")

    second = build(None, data, catalog_path=catalog)
    assert second.ok and second.changed
    assert second.extracted == (src.name,) and len(second.reused) == 4
    manifest = json.loads((current_build(data) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store_written"].startswith("delta: 1 graph(s) replaced")
    assert current_build(data) != before and (before / "store").is_dir()  # the last build is untouched

    assert build(None, tmp_path / "fresh", catalog_path=catalog).ok
    assert _quads(data) == _quads(tmp_path / "fresh")
    law = rows(open_store(data), "SELECT ?d WHERE { ?a <http://data.europa.eu/eli/ontology#id_local> \"234-VIII\" ; "
                                 "<http://data.europa.eu/eli/ontology#date_document> ?d }")
    assert [r["d"] for r in law] == ["2025-11-28"]
    # the merge in the default graph dropped the old date: no graph states it any more
    old = ox.Literal("2025-11-27", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert not list(open_store(data).store.quads_for_pattern(None, None, old, ox.DefaultGraph()))
