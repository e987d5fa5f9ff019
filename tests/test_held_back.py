"""A user's folder of real acts with a few bad files in it: `kg build FOLDER` publishes the good
ones, holds the bad ones back with their reasons, and says so where people look."""

import json
import re
import shutil
from pathlib import Path

from graph_support import SOURCES, kg_run, rows

from kg.pipeline.publish import current_build, open_store, read_manifest

SLOVENIA = SOURCES / "espi" / "0414-ob-utverzhdenii-soglasheniia-mezhdu-pravitelstvom-respubliki-kaz-3216"
SEEDS = ("000_12ecf27d1504b882.txt", "002_700c28a48b73b99d.txt")
BAD = ("broken.txt", "empty.md", "noparty.txt")


def _folder(tmp_path: Path) -> Path:
    """Two seeds, a mirror folder (both its texts), and three bad files, as a user keeps them."""
    mine = tmp_path / "acts"
    mine.mkdir()
    for name in SEEDS:
        shutil.copy(SOURCES / name, mine / name)
    shutil.copytree(SLOVENIA, mine / "slovenia")
    (mine / "README.md").write_text("My acts.\n", encoding="utf-8")  # the folder's own notes: no source
    (mine / "broken.txt").write_bytes(b"\x00\x01\x02 binary, not a text \x80\x00")
    (mine / "empty.md").write_bytes(b"")
    # A real treaty whose other party is named by no known country: one party only.
    text = (SOURCES / "004_82e8707b595709b3.txt").read_text(encoding="utf-8")
    (mine / "noparty.txt").write_text(text.replace("Түрікменстан", "Көршілес"), encoding="utf-8")
    return mine


def _source_files(data: Path) -> set[str]:
    q = ("PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
         "SELECT ?f WHERE { ?s a bkg:SourceDocument ; dcterms:identifier ?f }")
    return {r["f"] for r in rows(open_store(data), q)}


def test_a_folder_with_bad_files_publishes_the_good_ones_and_lists_the_others(tmp_path):
    mine = _folder(tmp_path)
    data = tmp_path / "data"
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 3, proc.stderr
    # the summary names each held-back file with its reason ...
    for name in BAD:
        assert re.search(rf"^- {re.escape(name)}: \S", proc.stderr, re.M), proc.stderr
    assert "binary" in proc.stderr or "not a text" in proc.stderr
    # ... and the shape's finding as the report words it: file, line, column and the quoted words
    assert re.search(r'noparty\.txt:\d+:\d+ \(chars \d+-\d+\) "', proc.stderr), proc.stderr
    assert "parties from two countries" in proc.stderr

    # the good ones are the published graph: the seeds and both texts of the mirror folder
    assert _source_files(data) == {*SEEDS, "slovenia/kaz.md", "slovenia/rus.md"}
    held = json.loads((data / "held-back.json").read_text(encoding="utf-8"))
    assert sorted(h["file"] for h in held["held_back"]) == sorted(BAD)
    assert held["build"] == current_build(data).name
    assert read_manifest(data)["held_back"] == held["held_back"]

    proc = kg_run("validate", "--data", str(data))
    assert proc.returncode == 0, proc.stdout
    assert "3 source(s) held back" in proc.stdout and "- empty.md:" in proc.stdout

    # --strict: all or nothing, and the published build stays as it was
    published = current_build(data)
    proc = kg_run("build", "--strict", str(mine), "--data", str(data))
    assert proc.returncode == 2 and current_build(data) == published

    # the bad files fixed (here: taken away): everything is published, nothing is held back
    for name in BAD:
        (mine / name).unlink()
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    assert json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"] == []
    assert read_manifest(data)["held_back"] == []


def test_a_source_held_back_keeps_its_last_good_graph(tmp_path):
    mine = tmp_path / "acts"
    mine.mkdir()
    for name in SEEDS:
        shutil.copy(SOURCES / name, mine / name)
    data = tmp_path / "data"
    assert kg_run("build", str(mine), "--data", str(data)).returncode == 0
    before = _source_files(data)
    (mine / SEEDS[1]).write_bytes(b"")  # the file damaged: its last good graph stays published
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 3, proc.stderr
    assert "its last good graph stays published" in proc.stderr
    assert _source_files(data) == before
    [held] = json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"]
    assert held["file"] == SEEDS[1] and held["kept"].endswith("/" + SEEDS[1][:-4])


def test_nothing_publishable_is_refused_and_says_why(tmp_path):
    mine = tmp_path / "acts"
    mine.mkdir()
    (mine / "broken.txt").write_bytes(b"\x00\xff\x00")
    (mine / "empty.md").write_bytes(b"")
    data = tmp_path / "data"
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 1, proc.stderr
    assert "every source was held back" in proc.stderr and "nothing was published" in proc.stderr
    assert current_build(data) is None
    assert len(json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"]) == 2


def test_the_two_texts_of_a_mirror_folder_are_one_instrument(tmp_path):
    data = tmp_path / "data"
    proc = kg_run("build", str(SLOVENIA), "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    q = ("PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
         "SELECT ?t ?f WHERE { ?t bkg:instrumentText ?s . ?s dcterms:identifier ?f }")
    got = rows(open_store(data), q)
    assert sorted(r["f"] for r in got) == [f"{SLOVENIA.name}/kaz.md", f"{SLOVENIA.name}/rus.md"]
    assert len({r["t"] for r in got}) == 1  # one node for both texts
    [node] = {r["t"] for r in got}
    assert re.search(r"/treaty/kz-si/\d{4}-\d\d-\d\d$", node), node  # no made-up slug in its IRI
    titles = rows(open_store(data), f"SELECT ?x (LANG(?x) AS ?l) WHERE {{ <{node}> <http://purl.org/dc/terms/title> ?x }}")
    assert sorted(r["l"] for r in titles) == ["kk", "ru"]
    # the texts disagree on the date of entry into force (kaz.md 1997, rus.md 2014): a finding
    # naming both spans, not two instruments, and no text held back
    report = (current_build(data) / "report.txt").read_text(encoding="utf-8")
    finding = next(b for b in report.split("\n\n") if "texts of this instrument disagree" in b and "entry into force" in b)
    assert re.search(r'kaz\.md:\d+:\d+ \(chars \d+-\d+\) "1997', finding), finding
    assert re.search(r'rus\.md:\d+:\d+ \(chars \d+-\d+\) "[^"]*2014', finding), finding


def test_the_bundled_corpus_builds_whole_and_no_text_cites_its_own_instrument(tmp_path):
    """Every real act of sources/ is published (exit 0), and a mention that names no field
    ("екі ел мемлекеті арасындағы Келісімге", the agreement between the two states) is not
    resolved to the instrument of the other text of its own mirror folder."""
    data = tmp_path / "data"
    proc = kg_run("build", str(SOURCES), "--data", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not read_manifest(data).get("held_back")
    q = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> "
         "SELECT ?x WHERE { ?x eli:cites|bkg:guidedBy|bkg:reaffirms|bkg:implements|bkg:supersedes|bkg:amends ?x }")
    assert rows(open_store(data), q) == []
    report = (current_build(data) / "report.txt").read_text(encoding="utf-8")
    assert "cites itself" not in report


def test_kg_extract_reads_a_folder_of_mirror_folders(tmp_path):
    proc = kg_run("extract", "--json", str(SOURCES / "espi"))
    assert proc.returncode == 0, proc.stderr
    names = [Path(r["source"]).parent.name + "/" + Path(r["source"]).name for r in json.loads(proc.stdout)]
    assert len(names) == 8 and sum(n.endswith("/rus.md") for n in names) == 4


def test_the_web_app_shows_what_was_held_back_and_the_unresolved_references(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import Settings, create_app

    mine = _folder(tmp_path)
    data = tmp_path / "data"
    assert kg_run("build", str(mine), "--data", str(data)).returncode == 3
    client = TestClient(create_app(open_store(data), Settings(data_dir=str(data))))

    api = client.get("/api").json()
    assert sorted(h["file"] for h in api["held_back"]) == sorted(BAD)
    assert all(h["reason"] for h in api["held_back"])
    assert client.get("/api/held-back").json()["count"] == 3
    # the queue: instruments the texts name that are not in the corpus, with the words naming them
    queue = client.get("/api/unresolved").json()["unresolved"]
    charter = next(n for n in queue if n["key"] == "instrument/un-charter")
    assert any(m["file"] == SEEDS[0] and "Жарғы" in m["words"] for m in charter["named_by"])
    assert all(n["key"] != "treaty/kz-kg/2024-04-19" for n in queue)  # its text is in the corpus

    page = client.get("/").text
    assert 'id="held-back"' in page and "noparty.txt" in page and "parties from two countries" in page
    assert 'id="unresolved"' in page and "instrument/un-charter" in page


def test_a_rebuild_holds_back_again_what_nothing_changed_and_tries_what_did(tmp_path):
    # A source held back for its own graph alone is held back again, with the same words, while
    # its bytes, its record and the code are the same: the build does not make and check
    # everything once with it and once without it. Changed, it is tried again.
    mine = _folder(tmp_path)
    data = tmp_path / "data"
    first = kg_run("build", str(mine), "--data", str(data))
    assert first.returncode == 3 and "building the others again" in first.stderr + first.stdout
    before = json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"]
    again = kg_run("build", str(mine), "--data", str(data))
    said = again.stderr + again.stdout
    assert again.returncode == 3 and "building the others again" not in said, said
    assert "held back as the last build did (unchanged since): " in said and "noparty.txt" in said
    assert "resolution: run" not in said and said.count("resolution: reused") == 1, said
    assert said.count("checks across sources: shapes reused, rules reused") == 1, said
    after = json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"]
    assert [(h["file"], h["reason"], h["report"]) for h in after] == [(h["file"], h["reason"], h["report"]) for h in before]
    # the file mended: tried again, and published
    text = (SOURCES / "004_82e8707b595709b3.txt").read_text(encoding="utf-8")
    (mine / "noparty.txt").write_text(text + "\n", encoding="utf-8")
    mended = kg_run("build", str(mine), "--data", str(data))
    assert "noparty.txt" not in [h["file"] for h in json.loads((data / "held-back.json").read_text(encoding="utf-8"))["held_back"]], mended.stderr


def test_two_files_with_the_same_article_are_two_works_and_both_are_published(tmp_path):
    # a journal article kept twice under two names (a download and its copy): its record is
    # extracted once, by its bytes, and each file is a work of its own, never one work with two
    # texts (which the shapes refuse, and held both back)
    mine = tmp_path / "research"
    mine.mkdir()
    article = SOURCES / "001_b841a6e1d22a4f9c.txt"
    shutil.copy(article, mine / "zhekenov-2022.txt")
    shutil.copy(article, mine / "zhekenov-2022-copy.txt")
    data = tmp_path / "data"
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    q = ("PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> "
         "SELECT ?w ?g WHERE { GRAPH ?g { ?w bkg:workText ?s } }")
    got = {(r["w"].rsplit("/", 1)[1], r["g"].rsplit("/", 1)[1]) for r in rows(open_store(data), q)}
    assert got == {("zhekenov-2022", "zhekenov-2022"), ("zhekenov-2022-copy", "zhekenov-2022-copy")}
