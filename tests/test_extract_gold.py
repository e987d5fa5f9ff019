"""The seeds against the hand-made gold records: the accuracy bar of the extraction issues."""

import pytest

from conftest import gold_records
from kg.extract.score import f1, score

GOLD = gold_records()
pytestmark = pytest.mark.skipif(not GOLD, reason="../shared/gold is not beside the repository")


@pytest.mark.parametrize("gold", GOLD, ids=[g["source"] for g in GOLD])
def test_every_document_field_equals_gold(extracted, gold):
    s = score(extracted[gold["source"]], gold)
    assert s["mismatches"] == {}


@pytest.mark.parametrize("gold", [g for g in GOLD if g["kind"] == "treaty"], ids=lambda g: g["source"])
def test_references_and_relations_match_gold(extracted, gold):
    assert score(extracted[gold["source"]], gold)["references"] == 1.0


def test_article_modality_and_topic_f1_over_the_treaties(extracted):
    pm, gm, pt, gt = set(), set(), set(), set()
    for g in GOLD:
        if g["kind"] != "treaty":
            continue
        rec = extracted[g["source"]]
        for which, pred_set, gold_set in (("modalities", pm, gm), ("topics", pt, gt)):
            pred_set |= {(g["source"], a["article"], x) for a in rec["articles"] for x in a[which]}
            gold_set |= {(g["source"], a["article"], x) for a in g["articles"] for x in a[which]}
    assert f1(pm, gm) >= 0.9
    assert f1(pt, gt) >= 0.85


def test_research_article_citations_and_treaties_match_gold(extracted):
    gold = next(g for g in GOLD if g["kind"] == "article")
    s = score(extracted[gold["source"]], gold)
    assert s["citations"] == 1.0
    assert s["treaties"] == 1.0
    rec = extracted[gold["source"]]
    by_key = {(c.get("author") or c.get("abbreviation"), c["year"]): c for c in rec["citations"]}
    for c in gold["citations"]:
        mine = by_key[(c.get("author") or c.get("abbreviation"), c["year"])]
        if "forms" in c:
            assert mine["forms"] == c["forms"]
        else:
            assert mine["resolves_to"] == c["resolves_to"]
