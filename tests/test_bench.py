"""The benchmark harness works end to end at a tiny N (benchmarks are not tests: CI only proves
the harness runs; `kg bench --n 100` is the real command). The generator writes both formats,
both languages, lineages and gold records; the extractor reads its documents back."""

import json

import pytest

from conftest import SHARED, need_shared

from kg.bench.generate import generate
from kg.bench.harness import run


def test_generator_writes_both_formats_and_gold(tmp_path):
    stats = generate(40, tmp_path, seed=3)
    assert stats["documents"] == 40
    assert stats["txt"] and stats["md"] and stats["kk"] and stats["ru"]
    assert (tmp_path / "catalog.yaml").is_file()
    golds = sorted((tmp_path / "gold").glob("*.json"))
    assert len(golds) == 40
    rec = json.loads(golds[0].read_text(encoding="utf-8"))
    assert rec["kind"] == "treaty" and rec["parties"][0]["country"] == "KZ"
    assert any((tmp_path / "md").glob("*/meta.yaml"))
    # deterministic: the same seed writes the same corpus
    again = tmp_path / "again"
    generate(40, again, seed=3)
    assert (again / "catalog.yaml").read_text() == (tmp_path / "catalog.yaml").read_text()


def test_harness_end_to_end(tmp_path, monkeypatch):
    import kg.bench.generate as gen

    monkeypatch.setattr(gen, "DOCS_PER_WORK", 10)  # two research works among the 20 documents
    out = tmp_path / "results.json"
    lines = []
    r = run(20, out=out, keep=tmp_path / "work", sample=20, repeat=2,
            stages=("generate", "extract", "accuracy", "build", "queries", "lineage", "export", "pages", "rebuild",
                    "remote", "scale", "remote-scale"),
            scale_treaties=2000, echo=lines.append)
    assert out.is_file()
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["machine"]["cpus"] >= 1 and "pyoxigraph" in saved["versions"]
    table = "\n".join(lines)
    assert "extraction, one core" in table and "build (wall)" in table
    ex = r["stages"]["extract"]  # the median of several passes, each one timed
    assert len(ex["passes_docs_per_s"]) == ex["passes"] >= 3 and all(v > 0 for v in ex["passes_docs_per_s"])
    assert f"{ex['docs_per_s_per_core']:.1f} docs/s median" in table and ", passes " in table
    acc = r["stages"]["accuracy"]
    assert acc["errors"] == 0
    assert acc["fields_mean"] >= 0.85, acc["examples"]
    assert acc["references_f1_no_title"] >= 0.8, acc["examples"]
    # generated text is the seeds' grammar: the table says so, and gives kg evaluate on real acts
    assert "says nothing about real acts" in table and "accuracy, real acts" in table
    assert r["stages"]["build"]["triples"] > 0
    exported = r["stages"]["export"]  # `kg export` of the build, every format, the same triples
    assert set(exported) == {"nquads", "turtle", "trig", "jsonld"}
    assert all("error" not in e for e in exported.values()), exported
    assert all(e["triples"] == r["stages"]["build"]["triples"] and e["triples_per_s"] > 0 for e in exported.values())
    assert "kg export turtle" in table and "triples/s" in table
    pg = r["stages"]["pages"]  # every page kind the UI requests, cold and warm, and the exports over HTTP
    assert r["stages"]["generate"]["works"] == 2 and r["stages"]["generate"]["documents"] == 20
    for kind in ("home", "instrument_list", "instrument_page", "instrument_api", "lineage_explorer", "pair_timeline",
                 "research_work"):
        assert pg[kind]["cold"]["n"] >= 1 and not pg[kind]["errors"], (kind, pg[kind])
    assert pg["start_s"] > 0 and pg["server_rss_mb"] > 0
    assert {e["status"] for e in pg["exports"].values()} == {200}
    assert all(e["bytes"] == exported[fmt]["bytes"] for fmt, e in pg["exports"].items())  # the bytes of kg export
    assert "page instrument page" in table and "http export turtle" in table
    rb = r["stages"]["rebuild"]  # the median of several rebuilds, each after another source changed
    assert rb["ok"] and rb["extracted"] == 1 and len(rb["passes"]) >= 3
    assert len({p["changed"] for p in rb["passes"]}) == len(rb["passes"])
    assert all(p["extracted"] == 1 and p["ok"] for p in rb["passes"])
    assert "rebuild, one source changed" in table and f"{rb['wall_s']:.2f} s median" in table
    assert all("median_ms" in q for q in r["stages"]["queries"].values())
    # the same graph through Oxigraph's own server, loaded over the Graph Store Protocol
    remote = r["stages"]["remote"]
    assert "skipped" not in remote, remote  # oxigraph's server is in the test extra
    assert remote["load"]["quads"] > r["stages"]["build"]["triples"] and remote["lineage"]["median_ms"] > 0
    scale = r["stages"]["scale"]
    assert scale["treaties"] == 2000 and scale["lineage"]["median_ms"] > 0 and scale["pair_instruments"] >= 1
    assert "scale: timeline view" in table
    far = r["stages"]["remote-scale"]  # the synthetic graph through the server, as --store URL loads it
    assert far["load"]["quads"] > scale["quads"] and far["timeline"]["median_ms"] > 0
    assert "remote-scale: timeline" in table
    need_shared(SHARED / "corpus" / "gold")
    real = acc["real"]
    assert real["documents"] == 13 and 0 <= real["fields"] <= 1 and 0 <= real["references"] <= 1, real
    assert f"fields {real['fields']:.3f}, references F1 {real['references']:.3f}" in table
    # extraction also as bytes a second on the real acts of the development set
    dev = ex["dev"]
    assert dev["documents"] == 26 and dev["bytes"] > 500_000 and len(dev["passes_s"]) == dev["passes"], dev
    assert f"{dev['bytes_per_s_per_core'] / 1024:.0f} KB/s" in table


def test_the_dev_rate_says_when_the_real_acts_are_absent(tmp_path):
    from kg.bench.harness import dev_rate

    assert "skipped" in dev_rate(tmp_path, passes=1)
