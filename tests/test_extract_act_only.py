"""An approving act published without the treaty's text (the database prints many ratification
laws so) is not a refusal: it says which instrument it approves, with whom, when and where it
was signed and by which act. The record holds those facts; the graph joins them to the treaty's
text when a user brings that too."""

import shutil

import pytest

from conftest import SHARED, need_shared, run_kg
from graph_support import kg_run, rows
from kg.extract.record import extract_file
from kg.pipeline.publish import open_store

CORPUS = SHARED / "corpus"
TJ = CORPUS / "06_kz-tj-technical-information-protection-2015"
GE = CORPUS / "03_kz-ge-education-ministries-1997"

LAW_KK = """# Қазақстан Республикасының Үкіметі мен Испания Корольдігінің Үкіметі арасындағы Әуе қатынасы туралы келісімді ратификациялау туралы

Қазақстан Республикасының 2017 жылғы 11 шілдедегі № 93-VІ ҚРЗ Заңы

2015 жылғы 19 мамырда Мадридте жасалған Қазақстан Республикасының Үкiметi мен Испания Корольдігінің Үкіметі арасындағы Әуе қатынасы туралы келісім ратификациялансын.

**Қазақстан Республикасының Президенті**

**Н. НАЗАРБАЕВ**
"""

LAW_RU = """# О ратификации Конвенции между Республикой Казахстан и Королевством Испания о взаимной правовой помощи по уголовным делам

Закон Республики Казахстан от 11 июля 2017 года № 94-VI ЗРК

Ратифицировать Конвенцию между Республикой Казахстан и Королевством Испания о взаимной правовой помощи по уголовным делам, совершенную в Мадриде 19 мая 2015 года.

**Президент Республики Казахстан**

**Н. НАЗАРБАЕВ**
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_kazakh_ratification_law_without_the_treaty_text_gives_the_treaty_it_ratifies(tmp_path):
    path = _write(tmp_path, "law.md", LAW_KK)
    rec = extract_file(str(path))
    assert rec["kind"] == "treaty" and rec["treaty_text"] is False
    assert rec["title"] == {"kk": "Қазақстан Республикасының Үкіметі мен Испания Корольдігінің Үкіметі арасындағы "
                                  "Әуе қатынасы туралы келісім"}
    assert (rec["instrument_type"], rec["level"]) == ("agreement", "intergovernmental")
    assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "ES", "body": "government"}]
    assert rec["signed"] == {"date": "2015-05-19", "place": "Madrid"}
    assert rec["ratification"] == {"act": "law", "number": "93-VI", "date": "2017-07-11"}
    # what only a treaty's text states stays null: no guess from the act
    assert rec["entry_into_force"] == {"date": None, "condition": None, "delay_days": None}
    assert (rec["duration"], rec["termination_notice"], rec["languages"], rec["article_count"]) == (None, None, [], 0)
    # the title's evidence is the act's own words, and says where it came from
    ev = rec["evidence"]["title"]
    assert ev["from"] == "approving act"
    raw = path.read_text(encoding="utf-8")
    assert raw[ev["span"][0]:ev["span"][1]].startswith("Қазақстан Республикасының Үкiметi мен Испания")


def test_the_summary_for_a_person_says_the_file_holds_the_act_only(tmp_path):
    res = run_kg("extract", str(_write(tmp_path, "law.md", LAW_KK)))
    assert res.returncode == 0 and "the approving act only, not the treaty's text" in res.stdout


def test_a_russian_law_names_a_convention_in_the_accusative_and_the_title_is_nominative(tmp_path):
    rec = extract_file(str(_write(tmp_path, "law.md", LAW_RU)))
    assert rec["title"] == {"ru": "Конвенция между Республикой Казахстан и Королевством Испания о взаимной "
                                  "правовой помощи по уголовным делам"}
    assert (rec["instrument_type"], rec["level"]) == ("convention", "interstate")
    assert rec["parties"] == [{"country": "KZ", "body": "state"}, {"country": "ES", "body": "state"}]
    assert rec["signed"] == {"date": "2015-05-19", "place": "Madrid"}
    assert rec["ratification"] == {"act": "law", "number": "94-VI", "date": "2017-07-11"}


def test_a_real_resolution_cut_from_its_treaty_reads_as_the_treaty_it_approves(tmp_path):
    need_shared(GE)
    for lang, title in (("kaz", "Қазақстан Республикасының Білім, мәдениет және денсаулық сақтау министрлігі мен "
                                "Грузияның Білім министрлігі арасындағы білім саласындағы ынтымақтастық туралы Келісім"),
                        ("rus", "Соглашение между Министерством образования, культуры и здравоохранения Республики "
                                "Казахстан и Министерством образования Грузии о сотрудничестве в области образования")):
        raw = (GE / f"{lang}.md").read_text(encoding="utf-8")
        rec = extract_file(str(_write(tmp_path, f"{lang}.md", raw[:raw.index("## ")])))
        assert next(iter(rec["title"].values())) == title
        assert rec["level"] == "interagency" and [p["country"] for p in rec["parties"]] == ["KZ", "GE"]
        assert rec["signed"]["place"] == "Almaty" and rec["ratification"]["act"] == "resolution"
        assert rec["article_count"] == 0 and rec["references"] == []


def test_an_act_that_names_no_instrument_is_still_refused_with_the_file_named(tmp_path):
    path = _write(tmp_path, "law.txt", "Қазақстан Республикасының Заңы 2020 жылғы 1 наурыздағы № 1-VI ҚРЗ.\n"
                                       " Келісім ратификациялансын.\n Қазақстан Республикасының Президенті\n")
    res = run_kg("extract", "--json", str(path))
    assert res.returncode != 0
    assert f"{path}: a ratifying or approving act with no treaty text in it, and no treaty named in it" in res.stderr


def test_the_act_alone_and_the_treaty_text_are_one_instrument_in_the_graph(tmp_path):
    need_shared(TJ)
    mine = tmp_path / "acts"
    shutil.copytree(TJ, mine / "tj")
    raw = (TJ / "kaz.md").read_text(encoding="utf-8")
    (mine / "tj-act").mkdir()
    (mine / "tj-act" / "kaz.md").write_text(raw[:raw.index("> *Ескерту")], encoding="utf-8")
    _write(mine, "es-law.md", LAW_KK)
    data = tmp_path / "data"
    proc = kg_run("build", str(mine), "--data", str(data))
    assert proc.returncode == 0, proc.stderr  # nothing held back: the Spanish act alone is published too
    store = open_store(data)
    q = """PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?i ?how ?f WHERE { ?i bkg:instrumentText|bkg:approvalText ?s . ?i ?how ?s .
                                     ?s dcterms:identifier ?f } ORDER BY ?f"""
    texts = [(r["i"].rsplit("/id/", 1)[1], r["how"].rsplit("#", 1)[1], r["f"]) for r in rows(store, q)]
    assert texts == [("treaty/kz-es/2015-05-19", "approvalText", "es-law.md"),
                     ("treaty/kz-tj/2015-09-14", "approvalText", "tj-act/kaz.md"),
                     ("treaty/kz-tj/2015-09-14", "instrumentText", "tj/kaz.md"),
                     ("treaty/kz-tj/2015-09-14", "instrumentText", "tj/rus.md")]
    # the treaty's heading is its Kazakh title, the act's wording an alternative; one article count
    q = """PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?p ?o WHERE { <https://w3id.org/bilateral-kg/id/treaty/kz-tj/2015-09-14> ?p ?o
                                FILTER(?p IN (dcterms:title, dcterms:alternative, bkg:articleCount)) }"""
    got = {(r["p"].rsplit("/", 1)[1].rsplit("#", 1)[-1], r["o"]) for r in rows(store, q)}
    assert ("title", "Қазақстан Республикасының Үкіметі мен Тәжікстан Республикасының Үкіметі арасындағы ақпаратты "
                     "техникалық қорғау саласындағы ынтымақтастық туралы КЕЛІСІМ") in got
    assert {o for p, o in got if p == "articleCount"} == {"11"}
    assert any(p == "alternative" and o.endswith("туралы келісім") for p, o in got)


def test_the_name_an_act_gives_may_run_over_a_line_break(tmp_path):
    law = LAW_RU.replace("Королевством Испания о взаимной", "Королевством Испания\nо взаимной")
    rec = extract_file(str(_write(tmp_path, "law.md", law)))
    assert rec["title"] == {"ru": "Конвенция между Республикой Казахстан и Королевством Испания о взаимной "
                                  "правовой помощи по уголовным делам"}
