"""`kg evaluate`: a curator scores records against their own gold. The scorer on made-up
records first (what counts as the same reference), then the command on files in a folder."""

import json

from conftest import SOURCES, run_kg

from kg.extract.score import f1, score, title_words

GOLD_REF = {"target": "treaty", "date": "1997-04-08", "parties": ["KZ", "KG"], "relation": "guided_by",
            "title": "Қазақстан Республикасы мен Қырғыз Республикасы арасындағы Мәңгілік достық туралы шарт"}
GOLD = {"source": "x/kaz.md", "kind": "treaty", "title": {"kk": "Қазақстан Республикасы мен Қырғыз Республикасы "
        "арасындағы одақтастық қатынастар туралы ШАРТ"}, "instrument_type": "treaty", "level": "interstate",
        "parties": [{"country": "KZ", "body": "state"}, {"country": "KG", "body": "state"}],
        "signed": {"date": "2024-04-19", "place": "Astana"}, "ratification": None,
        "entry_into_force": {"date": None, "condition": "last_notification", "delay_days": 0},
        "duration": "indefinite", "termination_notice": None, "languages": ["kk", "ru"],
        "prevailing_languages": [], "un_registration": False, "article_count": 12, "references": [GOLD_REF]}


def predicted(**changes):
    rec = json.loads(json.dumps(GOLD))
    rec.update(changes)
    return rec


def test_a_title_written_verbatim_and_one_lemmatised_are_the_same_title():
    verbatim = ("1997 жылғы 8 сәуiрдегi Қазақстан Республикасы мен Қырғыз Республикасы арасындағы "
                "Мәңгiлiк достық туралы шартты")  # Latin i, a date before it, the accusative ending
    assert title_words(verbatim) == title_words(GOLD_REF["title"])
    assert title_words("Чикагода қол қойылған Халықаралық азаматтық авиация туралы конвенция") == \
        title_words("Халықаралық азаматтық авиация туралы Конвенцияның")
    assert title_words("Соглашения между Правительствами от 4 мая 2006 года о защите информации") == \
        title_words("Соглашение между Правительствами о защите информации")
    # another treaty of the same parties is not the same title
    assert title_words("Қазақстан Республикасы мен Қырғыз Республикасы арасындағы Одақтастық қатынастар "
                       "туралы шарт") != title_words(GOLD_REF["title"])
    s = score(predicted(references=[{**GOLD_REF, "title": verbatim, "span": [1, 2]}]), GOLD)
    assert s["references"] == 1.0 and s["relations"]["accuracy"] == 1.0


def test_a_wrong_relation_is_found_but_wrong():
    s = score(predicted(references=[{**GOLD_REF, "relation": "cites"}]), GOLD)
    assert s["references"] == 0.0  # the relation is part of a reference's identity for F1
    assert s["relations"] == {"matched": 1, "right": 0, "accuracy": 0.0}
    assert s["relation_errors"] == [{"title": GOLD_REF["title"], "predicted": "cites", "gold": "guided_by"}]
    # a wrong date is another instrument: nothing matched, so no relation to judge
    s = score(predicted(references=[{**GOLD_REF, "date": "1997-04-09"}]), GOLD)
    assert s["relations"]["matched"] == 0 and s["relations"]["accuracy"] is None
    assert len(s["references_missing"]) == 1 and len(s["references_extra"]) == 1


def test_an_extra_reference_lowers_f1_and_is_listed():
    extra = {"target": "un_charter", "date": None, "parties": [], "relation": "reaffirms",
             "title": "Біріккен Ұлттар Ұйымы Жарғысы"}
    s = score(predicted(references=[GOLD_REF, extra]), GOLD)
    assert s["references"] == f1({1, 2}, {1}) == 2 / 3
    assert s["references_extra"] == [extra] and s["references_missing"] == []
    assert s["relations"]["accuracy"] == 1.0


def test_wrong_fields_are_listed_with_the_predicted_and_the_gold_value():
    pred = predicted(duration=None, title={"kk": GOLD["title"]["kk"].replace("ШАРТ", "шарт").replace("і", "i")})
    s = score(pred, GOLD)
    assert s["mismatches"] == {"duration": (None, "indefinite")}  # the title differs only in case and glyphs
    assert s["fields"] == 13 / 14


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_curator_scores_saved_records_and_sources_against_their_gold(tmp_path):
    seed = SOURCES / "003_9bf0feeddd4ac1e0.txt"
    proc = run_kg("extract", str(seed), "--json")
    rec = json.loads(proc.stdout)
    gold = {k: v for k, v in rec.items() if k not in ("source", "evidence", "language")}
    write(tmp_path / "gold" / "003.json", {**gold, "source": seed.name})
    write(tmp_path / "gold" / "broken-source.json", {**gold, "source": "acts/broken.txt"})
    write(tmp_path / "gold" / "cross-document.json", {"same_treaty": []})  # not a record: passed over
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "broken.txt").write_text("Бұл шарт емес, мақала да емес.\n", encoding="utf-8")
    saved = write(tmp_path / "saved.json", [{**rec, "source": str(seed), "duration": "5 years"}])

    proc = run_kg("evaluate", str(tmp_path / "gold"), str(saved), str(tmp_path / "acts"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "duration: predicted \"5 years\"" in out and f"gold      {json.dumps(rec['duration'])}" in out
    assert "acts/broken.txt" in out and "no prediction:" in out and "not a treaty" in out
    assert "TOTAL (2 documents)" in out and "1 document(s) gave no prediction" in out

    report = json.loads(run_kg("evaluate", str(tmp_path / "gold"), str(saved), str(tmp_path / "acts"),
                               "--json").stdout)
    by = {d["source"]: d for d in report["documents"]}
    assert by[seed.name]["wrong_fields"] == [{"field": "duration", "predicted": "5 years", "gold": rec["duration"]}]
    assert by["acts/broken.txt"]["fields"] == 0.0 and "not a treaty" in by["acts/broken.txt"]["error"]
    assert report["total"]["fields"] == 13 / 28 and report["total"]["failed"] == 1

    # the source itself in place of the saved record: every field right
    proc = run_kg("evaluate", str(tmp_path / "gold" / "003.json"), str(seed), "--json")
    assert json.loads(proc.stdout)["total"]["fields"] == 1.0


def test_bad_input_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "gold" / "bad.json"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    proc = run_kg("evaluate", str(bad.parent), str(SOURCES))
    assert proc.returncode != 0 and "bad.json" in proc.stderr and "not JSON" in proc.stderr
    write(bad, {"kind": "treaty"})
    proc = run_kg("evaluate", str(bad.parent), str(SOURCES))
    assert proc.returncode != 0 and "bad.json" in proc.stderr and "source" in proc.stderr
    proc = run_kg("evaluate", str(tmp_path / "nowhere"), str(SOURCES))
    assert proc.returncode != 0 and "nowhere" in proc.stderr
    write(bad, {"kind": "treaty", "source": "003_9bf0feeddd4ac1e0.txt"})
    proc = run_kg("evaluate", str(bad.parent), str(tmp_path / "missing.txt"))
    assert proc.returncode != 0 and "missing.txt" in proc.stderr
    # a gold source that two PATHs end with cannot be told apart
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "003_9bf0feeddd4ac1e0.txt").write_bytes((SOURCES / "003_9bf0feeddd4ac1e0.txt").read_bytes())
    proc = run_kg("evaluate", str(bad.parent), str(SOURCES), str(tmp_path / "a"))
    assert proc.returncode != 0 and "bad.json" in proc.stderr and "several" in proc.stderr


def test_the_help_defines_the_measures():
    proc = run_kg("evaluate", "--help")
    assert proc.returncode == 0
    for words in ("relations", "WITHOUT the relation", "case endings", "micro"):
        assert words in proc.stdout


def test_a_gold_source_names_whole_parts_of_a_path():
    from kg.extract.evaluate import ends_with

    assert ends_with("../shared/corpus/01_x/kaz.md", "01_x/kaz.md")
    assert ends_with("/tmp/000_a.txt", "000_a.txt")
    assert not ends_with("../shared/corpus/101_x/kaz.md", "01_x/kaz.md")
    assert not ends_with("../shared/corpus/01_x/rus.md", "01_x/kaz.md")
