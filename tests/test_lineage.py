"""`kg lineage` on the bundled corpus, read like a user's session.

The corpus is built once into a temporary data dir; then a person asks for the Kazakhstan–
Kyrgyzstan timeline, the lineage of the 2024 treaty, the Azerbaijan supersession and what is in
force on a date, in every format, and breaks the data to see the contradictions reported. The
cross-document facts come from ../shared/gold (the tests that need them skip without it).
"""

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from graph_support import CATALOG, cross_document, iri
from test_graph_store import server  # noqa: F401  (the oxigraph server fixture)

from kg.views import lineage
from kg.graph import namespaces as ns
from kg.pipeline.build import build
from kg.pipeline.publish import current_build, open_store
from kg.cli import main
from kg.graph.store import LocalStore, RemoteStore

T2024 = "treaty:KZ-KG:2024-04-19"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("lineage-data")
    result = build(None, d, catalog_path=CATALOG)
    assert result.ok, result.report.text()
    return d


@pytest.fixture(scope="module")
def store(data):
    return open_store(data)


def kg_lineage(capsys, *args) -> tuple[int, str, str]:
    """`kg lineage ARGS` through the real command line, in this process."""
    capsys.readouterr()
    code = main(["lineage", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def as_json(capsys, data, *args) -> dict:
    code, out, err = kg_lineage(capsys, *args, "--data", str(data))
    assert code == 0, err
    return json.loads(out)


def node(graph: dict, key: str) -> dict:
    want = iri(key) if ":" in key and not key.startswith("http") else key
    return next(n for n in graph["nodes"] if n["id"] == want)


def links(graph: dict, relation: str | None = None) -> set[tuple[str, str]]:
    return {(l["source"], l["target"]) for l in graph["links"] if relation in (None, l["relation"])}


# ---------------------------------------------------------------------------------------------
# The Kazakhstan–Kyrgyzstan timeline


def test_the_kz_kg_timeline_has_the_treaties_in_date_order_with_their_citations(capsys, data):
    gold = cross_document()
    g = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG")
    treaties = sorted(n["date"] for n in g["nodes"] if n["class"] == "instrument")
    assert treaties == gold["kz_kg_timeline"]  # 1991, 1997, 2001, 2003, 2024
    assert (iri(T2024), iri("treaty:KZ-KG:1997-04-08")) in links(g, "guided_by")
    assert (iri(T2024), iri("treaty:KZ-KG:2003-12-25")) in links(g, "reaffirms")
    for a, b in gold["cites"]:
        assert (iri(a), iri(b)) in links(g)
    for n in g["nodes"]:
        assert {"id", "label", "kind", "date", "in_force"} <= set(n)
    for l in g["links"]:
        assert {"source", "target", "relation"} <= set(l)


def test_the_article_that_discusses_them_is_on_the_timeline(capsys, data):
    cross_document()
    g = as_json(capsys, data, "--view", "timeline", "--pair", "KG,KZ")  # either order
    works = [n for n in g["nodes"] if n["class"] == "research_work"]
    assert len(works) == 1 and "Kyrgyzstan" in works[0]["title"]
    discussed = {t for s, t in links(g, "discusses") if s == works[0]["id"]}
    assert {iri("treaty:KZ-KG:1997-04-08"), iri("treaty:KZ-KG:2003-12-25")} <= discussed


def test_the_ratifying_laws_are_attached(capsys, data):
    gold = cross_document()
    overview = as_json(capsys, data, "--view", "overview")
    for act, treaty in gold["ratifies"]:
        assert (iri(act), iri(treaty)) in links(overview, "ratifies")
    timeline = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG")
    assert (iri("law:KZ:287-I:1998-11-09"), iri("treaty:KZ-KG:1997-04-08")) in links(timeline, "ratifies")
    law = node(timeline, "law:KZ:216-VIII:2025-07-21")
    assert law["kind"] == "law" and law["date"] == "2025-07-21" and "216-VIII" in law["label"]


def test_labels_follow_the_language_asked_for(capsys, data):
    kk = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG", "--lang", "kk")
    assert node(kk, "treaty:KZ-KG:1997-04-08")["label"] == "Мәңгілік достық туралы шарт"
    assert node(kk, T2024)["title_kk"].startswith("Қазақстан Республикасы мен Қырғыз Республикасы")
    en = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG", "--lang", "en")
    # no English title in the graph: the kind and parties in English, and the date
    assert node(en, "treaty:KZ-KG:1997-04-08")["label"] == "Treaty KZ–KG, 1997-04-08"
    ru = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG", "--lang", "ru")
    assert node(ru, "treaty:KZ-KG:1991-02-18")["label"] == "Договор о дружбе и сотрудничестве"
    assert en["graph"]["title"].startswith("Kazakhstan – Kyrgyzstan")


# ---------------------------------------------------------------------------------------------
# Lineage of one instrument


@pytest.mark.parametrize("name", [T2024, "kz-kg/2024-04-19", "treaty/kz-kg/2024-04-19", ns.ID + "treaty/kz-kg/2024-04-19"])
def test_the_lineage_of_the_2024_treaty_by_any_of_its_names(capsys, data, name):
    g = as_json(capsys, data, name)  # the lineage view is the default with an instrument
    assert g["graph"]["view"] == "lineage" and g["graph"]["instrument"] == iri(T2024)
    ids = {n["id"] for n in g["nodes"]}
    assert {iri("treaty:KZ-KG:1997-04-08"), iri("treaty:KZ-KG:2003-12-25"),
            iri("law:KZ:216-VIII:2025-07-21"), iri("law:KZ:287-I:1998-11-09")} <= ids
    assert iri("treaty:KZ-AZ:2005-05-24") not in ids  # not related
    assert node(g, T2024)["focus"] is True


def test_depth_bounds_the_lineage(capsys, data):
    one = as_json(capsys, data, "law:KZ:216-VIII:2025-07-21", "--depth", "1")
    two = as_json(capsys, data, "law:KZ:216-VIII:2025-07-21", "--depth", "2")
    assert iri("treaty:KZ-KG:1997-04-08") not in {n["id"] for n in one["nodes"]}
    assert iri("treaty:KZ-KG:1997-04-08") in {n["id"] for n in two["nodes"]}


def test_an_unknown_instrument_is_named_with_close_matches(capsys, data):
    code, out, err = kg_lineage(capsys, "kz-kg/2024-04-20", "--data", str(data))
    assert code == 2 and out == ""
    assert "kz-kg/2024-04-20" in err and "treaty/kz-kg/2024-04-19" in err and "Traceback" not in err
    with pytest.raises(lineage.UnknownInstrument):
        lineage.view(open_store(data), "lineage", "treaty:KZ-XX:2000-01-01")


@pytest.mark.parametrize("args, words", [
    (["--view", "timeline"], "--pair"),
    (["--view", "timeline", "--pair", "KZ"], "two different ISO"),
    (["--view", "timeline", "--pair", "KZ,US"], "pairs in the graph"),
    (["--view", "lineage"], "needs an instrument"),
    (["--on", "2024-02-30"], "not a date"),
])
def test_bad_options_are_clear_errors(capsys, data, args, words):
    code, out, err = kg_lineage(capsys, *args, "--data", str(data))
    assert code == 2 and words in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# Supersession and what is in force


def test_the_2005_azerbaijan_treaty_supersedes_the_1996_one(capsys, data):
    gold = cross_document()
    g = as_json(capsys, data, "--view", "supersession", "--on", "2010-01-01")
    for new, old in gold["supersedes"]:
        assert (iri(new), iri(old)) in links(g, "supersedes")
    old = node(g, "treaty:KZ-AZ:1996-09-16")
    # superseded from the 2005 treaty's entry into force, whose date the text does not give
    assert old["in_force"] is None
    assert "entry into force" in old["in_force_reason"] and "2005-05-24" in old["in_force_reason"]
    assert node(g, "treaty:KZ-AZ:2005-05-24")["entry_into_force"] is None
    # the ratifying law (its number not given) beside the treaty it ratifies
    assert any(t == iri("treaty:KZ-AZ:2005-05-24") for _, t in links(g, "ratifies"))


def test_status_before_the_successor_is_signed_follows_the_instruments_own_dates(store):
    before = lineage.status_on(store, "treaty:KZ-AZ:1996-09-16", "2000-01-01")
    assert before.in_force is None and "superseded" not in before.reason
    assert lineage.status_on(store, "treaty:KZ-AZ:1996-09-16", dt.date(1995, 1, 1)).in_force is False
    # an agreement whose entry into force the text states
    assert lineage.status_on(store, "treaty:KZ-TJ:2018-03-14", "2020-01-01").in_force is True
    assert lineage.status_on(store, "treaty:KZ-TJ:2018-03-14", "2019-01-01").in_force is False
    kk = lineage.status_on(store, "treaty:KZ-AZ:1996-09-16", "2010-01-01", lang="kk")
    assert kk.in_force is None and "күшіне" in kk.reason


def _facts(iri, signed=None, eif=None, end=None):
    d = dt.date.fromisoformat
    return lineage.Facts(iri=iri, cls="instrument", signed=signed and d(signed), eif=eif and d(eif),
                         end=end and d(end), year=signed and int(signed[:4]))


@pytest.mark.parametrize("on, successor_eif, expected", [
    ("2000-01-01", None, True),      # before the successor is signed: its own dates
    ("2006-01-01", None, None),      # successor signed, its entry into force unknown
    ("2006-01-01", "2007-01-01", True),   # successor signed, not yet in force
    ("2008-01-01", "2007-01-01", False),  # successor in force
])
def test_the_rule_of_supersession(on, successor_eif, expected):
    old = _facts("a", "1996-01-01", "1997-01-01")
    new = _facts("b", "2005-01-01", successor_eif)
    st = lineage.decide_status(old, [new], dt.date.fromisoformat(on))
    assert st.in_force is expected, st
    terminated = _facts("c", "1996-01-01", "1997-01-01", end="2001-01-01")
    assert lineage.decide_status(terminated, [], dt.date(2002, 1, 1)).in_force is False


# ---------------------------------------------------------------------------------------------
# The whole corpus, and every format


def test_the_overview_ranks_the_most_cited_instruments(capsys, data):
    g = as_json(capsys, data)
    assert g["graph"]["view"] == "overview"
    top = g["graph"]["most_cited"]
    assert top[0] == iri("treaty:KZ-KG:1997-04-08")
    assert node(g, top[0])["cited_by"] >= 2
    classes = {n["class"] for n in g["nodes"]}
    assert classes == {"instrument", "ratifying_act", "research_work"}


def test_every_format_reads_back(capsys, data, tmp_path):
    base = ["--view", "timeline", "--pair", "KZ,KG", "--data", str(data)]
    g = as_json(capsys, data, "--view", "timeline", "--pair", "KZ,KG")
    n_nodes, n_links = len(g["nodes"]), len(g["links"])

    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"t.{fmt}"
        assert kg_lineage(capsys, *base, "--format", fmt, "--out", str(out))[0] == 0
        H = reader(out)
        assert H.number_of_nodes() == n_nodes and H.number_of_edges() == n_links
        n = H.nodes[iri("treaty:KZ-KG:1997-04-08")]
        assert n["date"] == "1997-04-08" and n["in_force"] == ""  # unknown stays unknown, not false
        assert {d["relation"] for _, _, d in H.edges(data=True)} >= {"guided_by", "reaffirms", "ratifies", "discusses"}

    code, dot, _ = kg_lineage(capsys, *base, "--format", "dot")
    assert code == 0 and dot.startswith("digraph")
    assert f'"{iri(T2024)}" -> "{iri("treaty:KZ-KG:1997-04-08")}" [label="guided by" relation="guided_by"' in dot
    assert dot.count(" -> ") == n_links

    png = tmp_path / "t.png"
    assert kg_lineage(capsys, *base, "--format", "png", "--out", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, svg, _ = kg_lineage(capsys, *base, "--format", "svg", "--lang", "kk")
    assert code == 0 and ET.fromstring(svg.encode()).tag.endswith("svg")


def test_a_png_without_out_goes_to_a_file_not_the_terminal(capsys, data, tmp_path, monkeypatch):
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = kg_lineage(capsys, "--view", "supersession", "--format", "png", "--data", str(data))
    assert code == 0 and out == "" and "lineage-supersession.png" in err
    assert (tmp_path / "lineage-supersession.png").read_bytes()[:4] == b"\x89PNG"


def test_a_png_redirected_goes_to_the_redirected_output(data, tmp_path):
    """`kg lineage --format png > x.png`, as graphviz does: the picture in x.png, no other file."""
    import subprocess
    import sys

    picture = tmp_path / "x.png"
    with open(picture, "wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "kg.cli", "lineage", "--view", "timeline", "--pair", "KZ,KG", "--format", "png",
                               "--data", str(data)], stdout=fh, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and list(tmp_path.iterdir()) == [picture]


# ---------------------------------------------------------------------------------------------
# Contradictions


def test_the_bundled_corpus_has_no_contradictions(capsys, data, store):
    assert lineage.checks(store) == []
    code, out, err = kg_lineage(capsys, "--check", "--data", str(data))
    assert code == 0 and "no contradictions" in err


@pytest.fixture
def broken(data, tmp_path) -> Path:
    """A copy of the published build with a supersession cycle and a treaty superseded before
    it was signed, written straight into the store (the build's shapes would refuse them)."""
    copy = tmp_path / "broken"
    shutil.copytree(current_build(data), copy / "builds" / "x", symlinks=True)
    (copy / "current").symlink_to(Path("builds") / "x")
    s = LocalStore(copy / "current" / "store", read_only=False)
    g = ox.NamedNode(ns.ID + "graph/test-broken")
    sup = ox.NamedNode(ns.BKG + "supersedes")
    a, b = ox.NamedNode(iri("treaty:KZ-AZ:1996-09-16")), ox.NamedNode(iri("treaty:KZ-AZ:2005-05-24"))
    c = ox.NamedNode(iri("treaty:KZ-TM:2024-10-10"))
    s.load([ox.Quad(a, sup, b, g),                                  # 1996 supersedes 2005: a cycle
            ox.Quad(ox.NamedNode(iri("treaty:KZ-TJ:2018-03-14")), sup, c, g)])  # 2018 supersedes 2024
    del s
    return copy


def test_a_broken_graph_is_reported(capsys, broken):
    found = lineage.checks(open_store(broken))
    kinds = {c.kind for c in found}
    assert {"supersession_cycle", "superseded_before_signed"} <= kinds
    cycle = next(c for c in found if c.kind == "supersession_cycle")
    assert set(cycle.instruments) == {iri("treaty:KZ-AZ:1996-09-16"), iri("treaty:KZ-AZ:2005-05-24")}
    code, out, err = kg_lineage(capsys, "--check", "--data", str(broken))
    assert code == 1
    assert "supersession_cycle" in out and "treaty/kz-tm/2024-10-10 (signed 2024-10-10) is superseded by" in out


# ---------------------------------------------------------------------------------------------
# The same view from a SPARQL server


def test_a_sparql_server_gives_the_same_view(server, data, tmp_path):  # noqa: F811
    result = build(None, tmp_path / "d", catalog_path=CATALOG, store_url=server)
    assert result.ok
    local, remote = open_store(data), RemoteStore(server)
    for name, kw in (("timeline", {"pair": "KZ,KG"}), ("supersession", {"on": "2010-01-01"}),
                     ("lineage", {"instrument": T2024}), ("overview", {})):
        inst = kw.pop("instrument", None)
        a = lineage.node_link(lineage.view(local, name, inst, **kw))
        b = lineage.node_link(lineage.view(remote, name, inst, **kw))
        assert a == b, name
    assert lineage.checks(remote) == []
    assert lineage.status_on(remote, "treaty:KZ-AZ:1996-09-16", "2010-01-01").in_force is None


class _SelectOnly:
    """A store that answers SPARQL only, as any server does: no index reads."""

    def __init__(self, store):
        self.select = store.select


def test_index_reads_and_sparql_give_the_same_views(store):
    assert hasattr(store, "outgoing") and not hasattr(_SelectOnly(store), "outgoing")
    for name, kw in (("timeline", {"pair": "KZ,KG"}), ("timeline", {"pair": "KZ,AZ"}),
                     ("supersession", {"on": "2010-01-01"}), ("lineage", {"instrument": T2024}),
                     ("overview", {"lang": "ru"})):
        inst = kw.pop("instrument", None)
        a = lineage.node_link(lineage.view(store, name, inst, **kw))
        b = lineage.node_link(lineage.view(_SelectOnly(store), name, inst, **kw))
        assert a == b and a["nodes"], name
