"""The accuracy bars of the extraction issues, measured as a curator measures them: `kg evaluate`
on the seeds' gold and on the corpus gold (real acts of the database, Kazakh text), and the
Kazakh and Russian texts of every act of the development set held to the same facts."""

import json

import pytest

from conftest import ESPI, SHARED, corpus_bar, need_shared, run_kg

SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"
CORPUS_GOLD = CORPUS / "gold"


def evaluate(gold, *paths) -> dict:
    need_shared(gold, *paths)
    proc = run_kg("evaluate", str(gold), *map(str, paths), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def wrong(report) -> dict:
    """What a person would read first: each document's wrong fields and lost references."""
    return {d["source"]: {"fields": d["wrong_fields"], "error": d.get("error"),
                          "missed": d.get("references_missing"), "extra": d.get("references_extra")}
            for d in report["documents"] if d["fields"] < 1 or d.get("references", 1) < 1}


@pytest.fixture(scope="module")
def seeds():
    return evaluate(SEED_GOLD, SEEDS)


@pytest.fixture(scope="module")
def corpus():
    return evaluate(CORPUS_GOLD, CORPUS, ESPI)


def test_the_seeds_score_every_field_and_every_reference(seeds):
    assert seeds["total"]["documents"] == 5 and seeds["total"]["failed"] == 0
    assert seeds["total"]["fields"] == 1.0, wrong(seeds)
    assert seeds["total"]["references"] == 1.0, wrong(seeds)
    assert seeds["total"]["relations"] == 1.0


def test_the_seeds_articles_and_the_research_article(seeds):
    assert seeds["total"]["modality"] >= 0.9
    assert seeds["total"]["topics"] >= 0.85
    assert seeds["total"]["citations"] == 1.0 and seeds["total"]["treaties"] == 1.0


def test_every_corpus_gold_record_is_scored_against_its_own_source(corpus):
    golds = sorted(p.name for p in CORPUS_GOLD.glob("*.json"))
    assert sorted(d["gold"].rsplit("/", 1)[-1] for d in corpus["documents"]) == golds
    for d in corpus["documents"]:
        assert d["path"] and d["path"].endswith(d["source"]), d.get("error")


@corpus_bar
def test_the_corpus_fields_reach_the_bar(corpus):
    assert corpus["total"]["failed"] == 0, wrong(corpus)
    assert corpus["total"]["fields"] >= 0.98, wrong(corpus)


@corpus_bar
def test_the_corpus_references_reach_the_bar(corpus):
    assert corpus["total"]["references"] >= 0.95, wrong(corpus)


def mirror_folders():
    return sorted(p.parent for root in (CORPUS, ESPI) if root.exists() for p in root.glob("*/kaz.md"))


@corpus_bar
def test_the_kazakh_and_russian_texts_of_each_act_state_the_same_facts():
    from kg.extract.record import extract_file
    from kg.extract.score import AGREEMENT_FACTS, agreement

    need_shared(CORPUS, ESPI)
    folders = mirror_folders()
    assert len(folders) == 13
    differ, facts = {}, 0
    for folder in folders:
        try:
            diff = agreement(extract_file(folder / "kaz.md"), extract_file(folder / "rus.md"))
        except Exception as exc:  # a text that does not extract agrees on nothing
            diff = [(f, repr(exc), None) for f in AGREEMENT_FACTS]
        facts += len(AGREEMENT_FACTS)
        if diff:
            differ[folder.name] = diff
    share = 1 - sum(map(len, differ.values())) / facts
    print(f"Kazakh–Russian agreement {share:.3f} over {len(folders)} acts")
    assert share >= 0.95, differ
