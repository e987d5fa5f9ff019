"""A hundred and seventy-six acts written blind in the database's style (tests/data/written-acts, README there):
`kg evaluate` on them, from both languages, as a curator would run it, and the Kazakh and the
Russian text of each act held to the same facts. They are not real acts; they hold the
extractor to the wordings it learnt from them, and to what it could not read before."""

import json
import subprocess
import sys
from pathlib import Path

from kg.extract.evaluate import evaluate
from kg.extract.record import extract_file
from kg.extract.score import agreement, f1

HERE = Path(__file__).resolve().parent / "data" / "written-acts"
ROOT = HERE.parents[2]

# Where the record and a gold value still differ, and why (the sessions' closing notes):
KNOWN = {
    # "remains in force until six months after notice" is "in force until terminated":
    # indefinite by the development set's rule; the gold says null
    "76_kz-cz-higher-education-ministries-2013/kaz.md", "76_kz-cz-higher-education-ministries-2013/rus.md",
    # round 3
    # the capital under one English name, Astana, as the generator and the graph's places have it;
    # the gold writes "Nur-Sultan" for 2019-2022
    "108_kz-ch-readmission-2022/kaz.md", "108_kz-ch-readmission-2022/rus.md",
    "97_kz-kr-cultural-centres-ministries-2019/kaz.md", "97_kz-kr-cultural-centres-ministries-2019/rus.md",
    # "in accordance with" a treaty in an article cites it (the dev set's rule); the gold says implements
    "93_kz-am-military-technical-2006/kaz.md", "93_kz-am-military-technical-2006/rus.md",
    # readings left out: an amendment of an amending protocol (103), a joint statement (105), the
    # OIC Charter's Russian wording (101)
    "103_kz-lv-crime-amending-protocol-2019/kaz.md", "103_kz-lv-crime-amending-protocol-2019/rus.md",
    "105_kz-tn-intergovernmental-commission-2017/kaz.md", "105_kz-tn-intergovernmental-commission-2017/rus.md",
    "101_kz-lb-youth-policy-ministries-1998/rus.md",
    # round 4: bodies of fields no table row names, kept as written ("Бас архив басқармасы", the
    # agency for combating economic and corruption crime)
    "112_kz-md-economic-crime-agency-ministry-2012/kaz.md", "112_kz-md-economic-crime-agency-ministry-2012/rus.md",
    "114_kz-by-archives-agencies-1996/kaz.md", "114_kz-by-archives-agencies-1996/rus.md",
    # round 5: Nur-Sultan again (132); a multilateral SOFA whose name opens with its parties (134);
    # a Kazakh body of a field no row names (138); a treaty of the same parties named without
    # them, the gold inferring them (145: we keep [] where the text names none)
    "132_kz-hu-mutual-legal-assistance-criminal-2021/kaz.md", "132_kz-hu-mutual-legal-assistance-criminal-2021/rus.md",
    "134_kz-hu-military-cooperation-2017/kaz.md", "134_kz-hu-military-cooperation-2017/rus.md",
    "145_kz-uz-allied-relations-treaty-2022/kaz.md", "145_kz-uz-allied-relations-treaty-2022/rus.md",
    # rounds 7 and 8: gold calls we do not follow. An agency's official English name the text
    # does not state ("Корея аэроғарыш агенттігі" is an agency; the gold writes "Korea AeroSpace
    # Administration", 181) or contradicts ("Өнеркәсіп және сауда министрлігі" / "торговли" is
    # Industry and Trade; the gold writes "Commerce", 199); an instrument of three states has no
    # bilateral parties (round 4's rule; the gold lists SU, BE, LU, 196)
    "181_kz-kr-space-research-2024/kaz.md", "181_kz-kr-space-research-2024/rus.md",
    "196_kz-lu-investments-decree-1997/kaz.md", "196_kz-lu-investments-decree-1997/rus.md",
    "199_kz-af-transit-trade-executive-protocol-2020/kaz.md", "199_kz-af-transit-trade-executive-protocol-2020/rus.md",
    # round 9: a recommendation of the Customs Co-operation Council, named by no instrument noun
    # the extractor reads as one (a reading left out, 210)
    "210_kz-jp-customs-cooperation-2014/kaz.md", "210_kz-jp-customs-cooperation-2014/rus.md",
    # round 10: a preamble's "... келісімге сәйкес" is implements by the development set's rule, where
    # here it says whose members the parties are and the gold says cites (234); a treaty of the same
    # parties signed the same day, on a neighbouring subject, taken for the treaty itself (241)
    "234_kz-ir-veterinary-cooperation-2016/kaz.md", "234_kz-ir-veterinary-cooperation-2016/rus.md",
    "241_kz-vn-legal-assistance-civil-2011/kaz.md", "241_kz-vn-legal-assistance-civil-2011/rus.md",
    # round 11: "cooperation under this Agreement is carried out in accordance with the Agreement on
    # ..." in an article cites it by the development set's rule; the gold says implements (252)
    "252_kz-id-tourism-2019/kaz.md", "252_kz-id-tourism-2019/rus.md",
    # round 12: the capital as the gazetteer spells it in English, "Reykjavík"; the gold writes
    # "Reykjavik" (270). "... кодексінің қағидаттарына сүйене отырып" / "опираясь на принципы
    # Кодекса" is guided by, as "басшылыққа ала отырып" and "основываясь на" are; the gold says cites
    # (278). A Russian name whose subject is an enumeration after a comma ("о сотрудничестве в
    # борьбе с международным терроризмом, незаконным оборотом ... и иными формами ...") ends at the
    # comma (a reading left out, 271)
    "270_kz-is-geothermal-energy-2022/kaz.md", "270_kz-is-geothermal-energy-2022/rus.md",
    "278_kz-bn-agriculture-fisheries-ministries-2019/kaz.md", "278_kz-bn-agriculture-fisheries-ministries-2019/rus.md",
    "271_kz-al-mutual-legal-assistance-criminal-treaty-2019/rus.md",
}


# an amendment of an amending protocol: the nested names are read apart in each language
DIFFER = {"103_kz-lv-crime-amending-protocol-2019"}


def test_kg_evaluate_on_the_written_acts_from_both_languages():
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "evaluate", "--json", str(HERE / "gold"), str(HERE / "acts")],
                          cwd=ROOT, capture_output=True, text=True)
    report = json.loads(proc.stdout)
    docs = report["documents"]
    assert len(docs) == 352 and report["total"]["failed"] == 0  # no act refused
    total = report["total"]
    assert total["fields"] >= 0.99 and total["references"] >= 0.93 and total["relations"] >= 0.98, total
    # the articles of 172 acts (2,046; 1,036 annotated by hand by other helpers who saw no extractor, the
    # last seven rounds' by their writers)
    assert total["modality"] >= 0.9 and total["topics"] >= 0.75, total
    def short(v):
        return v is not None and v < 1
    off = sorted(d["source"] for d in docs
                 if short(d["fields"]) or short(d.get("references")) or short((d.get("relations") or {}).get("accuracy")))
    assert set(off) <= KNOWN, set(off) - KNOWN


def test_article_modalities_and_topics_hold_in_each_language():
    """The annotation is one per act (its Kazakh text read, the Russian consulted), so the two
    languages are held to the same labels: a cue table that serves one language only fails here."""
    pairs = {"kk": ([], [], [], []), "ru": ([], [], [], [])}
    for gold_file in sorted((HERE / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if "articles" not in gold:
            continue
        got = {a["article"]: a for a in extract_file(HERE / "acts" / gold["source"])["articles"]}
        sets = pairs["ru" if gold["source"].endswith("rus.md") else "kk"]
        for a in gold["articles"]:
            mine = got.get(a["article"], {"modalities": [], "topics": []})
            key = (gold["source"], a["article"])
            for i, (which, rec) in enumerate((("topics", mine), ("topics", a), ("modalities", mine), ("modalities", a))):
                sets[i].extend((key, x) for x in rec[which])
    for lang, (mt, gt, mm, gm) in pairs.items():
        assert len(gt) > 1000, lang
        assert f1(set(mt), set(gt)) >= 0.75, lang
        assert f1(set(mm), set(gm)) >= 0.9, lang


def _as_written(rec: dict) -> dict:
    """A body of a field no table row names keeps its name as written, in the text's own language:
    the two texts agree that it is such a body."""
    for p in rec["parties"]:
        if not p["body"].isascii():
            p["body"] = "(as written)"
    return rec


def test_the_kazakh_and_russian_text_of_each_written_act_state_the_same_facts():
    folders = sorted(p for p in (HERE / "acts").iterdir() if p.is_dir())
    differ = {}
    for folder in folders:
        kk = next(folder / n for n in ("kaz.md", "kaz.txt") if (folder / n).exists())
        gold_kk = json.loads((HERE / "gold" / f"{folder.name}.json").read_text(encoding="utf-8"))
        gold_ru = json.loads((HERE / "gold" / f"{folder.name}.rus.json").read_text(encoding="utf-8"))
        # where the two texts themselves differ (an editorial note in one), the gold says so
        meant = {f for f, _, _ in agreement(gold_kk, gold_ru)}
        diff = [d for d in agreement(_as_written(extract_file(kk)), _as_written(extract_file(folder / "rus.md")))
                if d[0] not in meant]
        if diff and folder.name not in DIFFER:
            differ[folder.name] = diff
    assert not differ, differ


def test_the_written_acts_build_into_one_graph_with_nothing_held_back(tmp_path):
    from graph_support import kg_run, rows
    from kg.pipeline.publish import open_store

    data = tmp_path / "data"
    proc = kg_run("build", str(HERE / "acts"), "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    q = """PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>
           SELECT ?i (COUNT(DISTINCT ?s) AS ?n) WHERE { ?i bkg:instrumentText|bkg:approvalText ?s } GROUP BY ?i"""
    texts = {r["i"]: int(r["n"]) for r in rows(open_store(data), q)}
    # each act one instrument, its Kazakh and Russian text both its texts
    assert len(texts) == 176 and set(texts.values()) == {2}
