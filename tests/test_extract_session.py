"""A user's session with `kg extract`: real files in, records and clear errors out."""

import json
import shutil

import pytest

from conftest import ESPI, ROOT, SHARED, SOURCES, corpus_bar, need_shared, run_kg

CORPUS_GOLD = SHARED / "corpus" / "gold"
from kg.text.normalize import normalize_fragment


def test_json_output_is_one_record_per_file_in_order():
    files = [str(SOURCES / "000_12ecf27d1504b882.txt"), str(SOURCES / "004_82e8707b595709b3.txt")]
    res = run_kg("extract", "--json", *files)
    assert res.returncode == 0, res.stderr
    records = json.loads(res.stdout)
    assert [r["source"] for r in records] == files
    assert records[1]["parties"] == [{"country": "KZ", "body": "government"}, {"country": "TM", "body": "government"}]


def test_summary_for_a_person():
    res = run_kg("extract", str(SOURCES / "002_700c28a48b73b99d.txt"))
    assert res.returncode == 0
    assert "signed: 2005-05-24 at Baku" in res.stdout
    assert "supersedes" in res.stdout


def test_every_span_points_at_the_words_it_quotes(extracted):
    for name, rec in extracted.items():
        raw = (SOURCES / name).read_text(encoding="utf-8")
        pairs = []
        for r in rec.get("references", []):
            pairs.append((r["span"], r["quote"]))
        for a in rec.get("articles", []):
            for o in a["obligations"]:
                pairs.append((o["span"], o["text"]))
        for key in ("treaties_mentioned", "laws_mentioned", "events", "people"):
            for t in rec.get(key, []):
                pairs.append((t["span"], t["quote"]))
        for ev in rec["evidence"].values():
            if ev.get("span"):
                pairs.append((ev["span"], ev["quote"]))
        assert pairs, name
        for (s, e), quote in pairs:
            assert normalize_fragment(raw[s:e]) == quote, (name, s, e)


def test_citation_spans_show_the_citation(extracted):
    rec = extracted["001_b841a6e1d22a4f9c.txt"]
    raw = (SOURCES / rec["source"].split("/")[-1]).read_text(encoding="utf-8")
    hiro = next(c for c in rec["citations"] if c.get("author") == "Hiro")
    s, e = hiro["spans"][0]
    assert raw[s:e].startswith("(Dilip Hiro, 2009)")


def test_bad_inputs_fail_with_the_file_named_and_the_rest_still_extracted(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Vertrag über Zusammenarbeit, Artikel 1 - ÄÖÜ".encode("latin-1"))
    law = tmp_path / "law.txt"
    law.write_text("Қазақстан Республикасының Заңы 2020 жылғы 1 наурыздағы № 1-VI ҚРЗ.\n"
                   " Келісім ратификациялансын.\n Қазақстан Республикасының Президенті\n", encoding="utf-8")
    prose = tmp_path / "notes.txt"
    prose.write_text("Бүгін ауа райы жақсы. Ертең жаңбыр жауады.\n", encoding="utf-8")
    good = SOURCES / "004_82e8707b595709b3.txt"
    res = run_kg("extract", "--json", str(empty), str(binary), str(latin), str(law), str(prose), str(good))
    assert res.returncode != 0
    err = res.stderr
    assert f"{empty}: the file is empty" in err
    assert f"{binary}: binary file" in err
    assert f"{latin}: unknown text encoding" in err
    assert f"{law}: a ratifying or approving act with no treaty text" in err
    assert f"{prose}: not a treaty" in err
    records = json.loads(res.stdout)
    assert [r["source"] for r in records] == [str(good)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1251"])
def test_other_encodings_give_the_same_record(tmp_path, extracted, encoding):
    from kg.extract.record import extract_file

    src = SOURCES / "000_12ecf27d1504b882.txt"
    text = src.read_text(encoding="utf-8")
    # cp1251 has no Kazakh letters; a Russian-letter text shows the decoder, not the extractor
    if encoding == "cp1251":
        need_shared(ESPI)
        text = (ESPI / "0414-ob-utverzhdenii-soglasheniia-mezhdu-pravitelstvom-respubliki-kaz-3216" / "rus.md").read_text(encoding="utf-8")
        src_copy = tmp_path / "rus.md"
        src_copy.write_text(text, encoding="cp1251")
        rec = extract_file(str(src_copy))
        assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "SI", "body": "government"}]
        return
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_text(text, encoding=encoding)
    rec = extract_file(str(copy))
    base = extracted[src.name]
    for key in ("title", "parties", "signed", "ratification", "entry_into_force", "references"):
        strip = lambda v: [{k: x for k, x in r.items() if k != "span"} for r in v] if key == "references" else v
        assert strip(rec[key]) == strip(base[key])


FINLAND = "1030-o-ratifikatsii-soglasheniia-mezhdu-pravitelstvom-respubliki-kaza-104107"
PALESTINE = "0320-ob-utverzhdenii-soglasheniia-mezhdu-pravitelstvom-respubliki-kaz-3203"


def espi_gold(folder: str) -> dict:
    need_shared(ESPI, CORPUS_GOLD)
    return json.loads((CORPUS_GOLD / f"{folder}.json").read_text(encoding="utf-8"))


def test_mirror_markdown_in_kazakh_and_russian_with_meta_yaml(tmp_path):
    from kg.extract.record import extract_file

    need_shared(ESPI)
    folder = tmp_path / "finland"
    shutil.copytree(ESPI / FINLAND, folder)
    kk = extract_file(str(folder / "kaz.md"))
    ru = extract_file(str(folder / "rus.md"))
    for rec in (kk, ru):  # the law's number and date come from meta.yaml
        assert rec["ratification"] == {"act": "law", "number": "179", "date": "1997-10-30"}
    assert kk["language"] == "kk" and ru["language"] == "ru"
    assert ru["title"]["ru"].startswith("Соглашение между Правительством Республики Казахстан")
    # a folder given as the path reads its Kazakh text
    assert extract_file(str(folder))["language"] == "kk"
    # without the sidecar, the number and date are null, never guessed
    (folder / "meta.yaml").unlink()
    assert extract_file(str(folder / "rus.md"))["ratification"]["number"] is None


@corpus_bar
def test_a_mirror_act_in_kazakh_equals_its_gold_and_the_russian_states_the_same_facts():
    from kg.extract.record import extract_file
    from kg.extract.score import agreement, score

    gold = espi_gold(FINLAND)
    kk = extract_file(str(ESPI / FINLAND / "kaz.md"))
    ru = extract_file(str(ESPI / FINLAND / "rus.md"))
    s = score(kk, gold)
    assert s["mismatches"] == {} and s["references"] == 1.0, (s["mismatches"], s["references_missing"])
    assert agreement(kk, ru) == []


def test_a_protocol_printed_after_the_treaty_is_a_part_of_its_own(tmp_path):
    from kg.extract.record import extract_file

    text = (SOURCES / "004_82e8707b595709b3.txt").read_text(encoding="utf-8")
    text += ("\n\nҚазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі арасындағы ақпарат алмасу "
             "тәртібі туралы ХАТТАМА\n\n1-бап\n\n Тараптар ақпарат алмасады.\n\n2-бап\n\n"
             " Осы Хаттама қол қойылған күнінен бастап күшіне енеді.\n")
    path = tmp_path / "with-protocol.txt"
    path.write_text(text, encoding="utf-8")
    rec = extract_file(str(path))
    assert rec["article_count"] == 10
    assert [a["article"] for a in rec["articles"]] == list(range(1, 11))
    assert len(rec["parts"]) == 1
    part = rec["parts"][0]
    assert part["kind"] == "protocol" and part["article_count"] == 2
    assert text[part["span"][0]:part["span"][1]].lstrip().startswith("Қазақстан Республикасының Үкіметі мен Түрікменстан")


def test_one_sentence_with_an_entry_into_force_delay_and_a_termination_notice():
    from kg.extract.record import extract_file
    from kg.extract.score import AGREEMENT_FACTS, fact

    gold = espi_gold(PALESTINE)
    rec = extract_file(str(ESPI / PALESTINE / "rus.md"))
    # "вступит в силу через 60 дней после того, как ... уведомят друг друга о завершении ...
    #  действие Соглашения прекращается через 6 месяцев после даты уведомления"
    assert rec["entry_into_force"] == {"date": "1996-11-25", "condition": "last_notification", "delay_days": 60}
    assert rec["termination_notice"] == {"amount": 6, "unit": "month"}
    assert rec["duration"] == "indefinite"
    # and every other fact the Kazakh gold states; only rus.md has the note with the date
    expected = {**gold, "entry_into_force": {**gold["entry_into_force"], "date": "1996-11-25"}}
    assert {f: fact(rec, f) for f in AGREEMENT_FACTS} == {f: fact(expected, f) for f in AGREEMENT_FACTS}
