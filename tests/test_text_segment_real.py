"""Reading and segmentation on real acts of the database (the dev set in ../shared/corpus and
../shared/examples), in Kazakh and in Russian, as markdown mirror and as plain text: what a
person sees in the file is what the layout and the record say."""

import hashlib
import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from kg.extract.record import extract_file
from kg.text.normalize import normalize
from kg.text.segment import segment
from kg.text.sources import load

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ESPI = SHARED / "examples" / "espi"
SEEDS = ROOT / "sources"

if not CORPUS.exists():
    if os.environ.get("CI"):
        raise RuntimeError("../shared/corpus is not beside the repository: the segmentation tests need it")
    pytestmark = pytest.mark.skip(reason="../shared/corpus is not beside the repository")


def act(prefix: str, lang: str = "kaz") -> Path:
    folder = next(p for p in list(CORPUS.glob(prefix + "*")) + list(ESPI.glob(prefix + "*")) if p.is_dir())
    return folder / f"{lang}.md"


def layout_of(path: Path):
    src = load(path)
    text = normalize(src.raw, src.format).text
    return text, segment(text)


def words(text: str, block) -> str:
    return " ".join(text[block.start:block.end].split())


# ---------------------------------------------------------------- articles

@pytest.mark.parametrize("lang, first, twelfth", [("kaz", "I Бап", "ХII Бап"), ("rus", "СТАТЬЯ I", "СТАТЬЯ XII")])
def test_articles_numbered_in_roman_numerals_with_cyrillic_lookalikes(lang, first, twelfth):
    # 08: `### I Бап` ... `### ХХII Бап` (Cyrillic Х from IX on), `### СТАТЬЯ XXII` in Russian
    raw = act("08", lang).read_text(encoding="utf-8")
    assert first in raw and twelfth in raw
    rec = extract_file(str(act("08", lang)))
    assert rec["kind"] == "treaty"
    assert rec["article_count"] == 22
    assert [a["article"] for a in rec["articles"]] == list(range(1, 23))


def test_articles_with_an_ordinal_suffix_are_articles():
    # 03: `### 1-шi Бап`, `### 6-шы Бап` - it was refused as "an act with no treaty text"
    rec = extract_file(str(act("03")))
    assert rec["article_count"] == 16
    assert rec["title"]["kk"].endswith("білім саласындағы ынтымақтастық туралы КЕЛІСІМ")
    assert extract_file(str(act("03", "rus")))["article_count"] == 16


def test_the_approving_acts_numbered_points_and_an_annexed_protocols_points_are_not_articles():
    # 09's resolution has points 1-3 before the treaty; 07's executive protocol has points 1-5
    for prefix, count in (("09", 14), ("07", 17)):
        for lang in ("kaz", "rus"):
            rec = extract_file(str(act(prefix, lang)))
            assert rec["article_count"] == count, (prefix, lang)


# ---------------------------------------------------------------- notes and titles

def test_the_approval_stamp_above_the_treaty_is_a_note_not_the_title():
    # 06: "Қазақстан Республикасы / Үкіметінің / 2016 жылғы 15 қаңтардағы / № 16 қаулысымен / бекітілген"
    text, lay = layout_of(act("06"))
    title = words(text, lay.title)
    assert "бекітілген" not in title and "қаулысымен" not in title
    assert title.startswith("Қазақстан Республикасының Үкіметі мен Тәжікстан")
    notes = [words(text, n) for n in lay.notes]
    assert any(n.endswith("№ 16 қаулысымен бекітілген") for n in notes)
    assert any(n.startswith("Ескерту. Нормативтік құқықтық актіге") for n in notes)
    text, lay = layout_of(act("06", "rus"))
    assert words(text, lay.title).startswith("СОГЛАШЕНИЕ между Правительством Республики Казахстан")
    assert any(words(text, n).startswith("Утверждено постановлением Правительства") for n in lay.notes)


def test_the_entry_into_force_note_on_the_heading_line_is_a_note_and_gives_the_date():
    # 09: "## ... туралы Келісім (2009 жылғы 1 қазанда күшіне енді - ... Бюллетені, 2009 ж., № 5, 34-құжат)"
    rec = extract_file(str(act("09")))
    assert rec["title"]["kk"].endswith("тереңдету туралы Келісім")
    assert rec["entry_into_force"]["date"] == "2009-10-01"
    text, lay = layout_of(act("09"))
    assert any(words(text, n).startswith("(2009 жылғы 1 қазанда күшіне енді") for n in lay.notes)
    assert not text[lay.preamble.start:lay.preamble.end].lstrip().startswith("(")


def test_editorial_lines_after_the_signatures_and_before_the_act_are_notes():
    # 05: "Ескерту. ҚР Үкіметінің ... N 1499 қаулысын қараңыз." and "Мамандар: Багарова Ж.А. ..."
    text, lay = layout_of(act("05"))
    notes = [words(text, n) for n in lay.notes]
    assert "Мамандар: Багарова Ж.А. Қасымбеков Б.А." in notes
    assert any(n.endswith("N 1499 қаулысын қараңыз.") for n in notes)
    assert "Мамандар" not in text[lay.preamble.start:lay.preamble.end]
    # the Russian note in brackets that the preamble's first words follow on the same line
    text, lay = layout_of(act("05", "rus"))
    assert any(words(text, n).startswith("(Вступило в силу 12 февраля 2001 года") for n in lay.notes)
    assert text[lay.preamble.start:lay.preamble.end].lstrip().startswith("Правительство Республики Казахстан")


@pytest.mark.parametrize("prefix, title", [
    # a heading with an adjective between the connector and the noun, in capitals
    ("01", "Қазақстан Республикасы мен Поляк Республикасы арасындағы КОНСУЛДЫҚ КОНВЕНЦИЯ"),
    # four plain paragraphs joined, the locative "арасында" kept
    ("0320", "Қазақстан Республикасының Үкіметі мен Палестина Мемлекетінің Үкіметі арасында Экономика және "
             "өндіріс саласындағы ынтымақтастық туралы КЕЛІСІМ"),
    # footnote star dropped ("КЕЛIСIМ *"), Latin look-alikes mapped
    ("1030", "Қазақстан Республикасының Үкіметі мен Финляндия Республикасының Үкіметі арасындағы "
             "Инвестицияларды ынталандыру және өзара қорғау туралы КЕЛІСІМ"),
    # "Yкiметi" with a Latin Y, "Келісім*"
    ("05", "Қазақстан Республикасының Үкіметі мен Беларусь Республикасының Үкіметі арасында баспасөз және "
           "ақпарат саласындағы ынтымақтастық туралы Келісім"),
])
def test_the_title_is_the_treatys_heading_as_written(prefix, title):
    rec = extract_file(str(act(prefix)))
    assert rec["title"] == {"kk": title}
    assert "бекіт" not in rec["title"]["kk"] and not re.search(r"[A-Za-z*]", rec["title"]["kk"])
    ev = rec["evidence"]["title"]
    raw = act(prefix).read_text(encoding="utf-8")
    # the span points at the heading in the file, not at the approving act's naming of it
    assert ev["span"][0] > raw.index("\n")


def test_a_russian_translation_printed_from_its_first_section_is_read_not_refused():
    # 01 rus.md starts at "Раздел I": the heading stands only in the appended exchange of notes
    rec = extract_file(str(act("01", "rus")))
    assert rec["kind"] == "treaty" and rec["article_count"] == 52
    assert rec["title"] == {"ru": "КОНСУЛЬСКАЯ КОНВЕНЦИЯ между Республикой Казахстан и Республикой Польша"}
    assert [p["country"] for p in rec["parties"]] == ["KZ", "PL"]
    assert [p["kind"] for p in rec["parts"]] == ["exchange_of_notes"]


# ---------------------------------------------------------------- appended parts

@pytest.mark.parametrize("prefix, lang, kind, heading", [
    ("02", "kaz", "annex", "Қосымша"),
    ("02", "rus", "annex", "ПРИЛОЖЕНИЕ"),
    ("07", "kaz", "protocol", "Қазақстан Республикасының Үкіметі мен Мажар"),
    ("07", "rus", "protocol", "ИСПОЛНИТЕЛЬНЫЙ ПРОТОКОЛ"),
    ("01", "kaz", "exchange_of_notes", "Осымен 2004 жылғы 14 маусымдағы"),
])
def test_a_part_appended_after_the_signatures_is_a_part_not_the_signature_block(prefix, lang, kind, heading):
    text, lay = layout_of(act(prefix, lang))
    assert [p.kind for p in lay.parts] == [kind]
    part = lay.parts[0]
    assert part.title.startswith(heading)
    assert lay.signatures.end <= part.start and lay.body_end == part.start
    assert lay.articles[-1].end <= lay.final.start < lay.signatures.start
    rec = extract_file(str(act(prefix, lang)))
    assert rec["parts"][0]["kind"] == kind and rec["parts"][0]["article_count"] == 0


def _graph_report(paths):
    from kg.graph import ids
    from kg.graph.resolve import SourceRecord
    from kg.graph.validate import validate_graphs
    from kg.pipeline.build import make_graph

    sources = []
    for p in paths:
        rec = extract_file(str(p))
        raw = p.read_bytes()
        sources.append(SourceRecord(ids.source_id(str(p)), p.name, rec, hashlib.sha256(raw).hexdigest(),
                                    raw.decode("utf-8"), rec["language"], str(p)))
    graph = make_graph(sources)
    return graph, validate_graphs(graph.dataset.graphs, graph.texts())


def test_acts_with_an_annex_a_protocol_and_an_exchange_of_notes_build_a_graph_the_shapes_accept():
    graph, report = _graph_report([act("02"), act("07", "rus"), act("01", "rus")])
    text = report.text()
    assert "partKind" not in text and "PartShape" not in text, text
    # the part nodes are there, each with the kind the segmenter gave it
    found = {t[2].value for g in graph.dataset.graphs.values() for t in g if t[1].value.endswith("partKind")}
    assert found == {"annex", "protocol", "exchange_of_notes"}
    # and the quotes of the parts' evidence are the mirror's words without its markup
    assert "EvidenceQuoteMatchesText" not in text, text


# ---------------------------------------------------------------- instruments without articles

AMENDING_KK = """ Қазақстан Республикасының Заңы 2020 жылғы 10 маусымдағы № 340-VI ҚРЗ.
      2019 жылғы 5 қарашада Ташкентте жасалған Қазақстан Республикасының Үкіметі мен Өзбекстан Республикасының
Үкіметі арасындағы Халықаралық автомобиль қатынасы туралы келісімге өзгерістер енгізу туралы хаттама ратификациялансын.
      Қазақстан Республикасының
Президенті Қ. ТОҚАЕВ

Қазақстан Республикасының Үкіметі мен Өзбекстан Республикасының Үкіметі арасындағы 1998 жылғы 20 мамырдағы
Халықаралық автомобиль қатынасы туралы келісімге
өзгерістер енгізу туралы ХАТТАМА

      Бұдан әрі Тараптар деп аталатын Қазақстан Республикасының Үкіметі мен Өзбекстан Республикасының Үкіметі
      Келісімге мынадай өзгерістер енгізуге уағдаласты:
      1. Келісімнің 5-бабы мынадай редакцияда жазылсын:
      "5-бап
      Тасымалдар рұқсат бойынша жүзеге асырылады.".
      2. Келісімнің 12-бабының 2-тармағы алып тасталсын.
      3. Осы Хаттама Тараптардың соңғы жазбаша хабарламасын алған күнінен бастап күшіне енеді.
      2019 жылғы 5 қарашада Ташкент қаласында екі түпнұсқа данада, әрқайсысы қазақ, өзбек және орыс тілдерінде
жасалды, әрі барлық мәтіндердің күші бірдей.
      Қазақстан Республикасының Үкіметі үшін              Өзбекстан Республикасының Үкіметі үшін
"""

AMENDING_RU = """# О ратификации Протокола о внесении изменений в Соглашение между Правительством Республики Казахстан и Правительством Республики Узбекистан о международном автомобильном сообщении

Ратифицировать Протокол о внесении изменений в Соглашение между Правительством Республики Казахстан и Правительством Республики Узбекистан о международном автомобильном сообщении, совершенный в Ташкенте 5 ноября 2019 года.

**Президент Республики Казахстан**

## ПРОТОКОЛ о внесении изменений в Соглашение между Правительством Республики Казахстан и Правительством Республики Узбекистан о международном автомобильном сообщении от 20 мая 1998 года

Правительство Республики Казахстан и Правительство Республики Узбекистан, далее именуемые Сторонами,

договорились внести в Соглашение следующие изменения:

1. Статью 5 Соглашения изложить в следующей редакции:

"Статья 5

Перевозки осуществляются на основе разрешений.".

2. Пункт 2 статьи 12 Соглашения исключить.

Совершено в городе Ташкенте 5 ноября 2019 года в двух подлинных экземплярах, каждый на казахском, узбекском и русском языках.

**За Правительство Республики Казахстан**

**За Правительство Республики Узбекистан**
"""


@pytest.mark.parametrize("name, body, lang", [("amend.txt", AMENDING_KK, "kk"), ("rus.md", AMENDING_RU, "ru")])
def test_an_amending_protocol_of_numbered_points_is_a_record_with_no_articles(tmp_path, name, body, lang):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    rec = extract_file(str(path))
    assert rec["kind"] == "treaty"
    assert rec["article_count"] == 0 and rec["articles"] == []
    title = rec["title"][lang]
    if lang == "kk":
        assert title == ("Қазақстан Республикасының Үкіметі мен Өзбекстан Республикасының Үкіметі арасындағы "
                         "1998 жылғы 20 мамырдағы Халықаралық автомобиль қатынасы туралы келісімге өзгерістер "
                         "енгізу туралы ХАТТАМА")
    else:
        assert title.startswith("ПРОТОКОЛ о внесении изменений в Соглашение между Правительством")
    text, lay = layout_of(path)
    # its preamble (where the amended instrument is named) ends at the first point
    assert re.search("уағдаласты|договорились", text[lay.preamble.start:lay.preamble.end])
    assert not re.search(r"^\s*1\.", text[lay.preamble.start:lay.preamble.end], re.M)
    assert lay.final is not None and lay.signatures is not None


# ---------------------------------------------------------------- formats by content

def test_mirror_markdown_saved_as_txt_is_read_as_markdown(tmp_path):
    copy = tmp_path / "treaty.txt"
    shutil.copy(act("05"), copy)
    rec, base = extract_file(str(copy)), extract_file(str(act("05")))
    assert rec["format"] == "md"
    for key in ("title", "parties", "signed", "article_count", "entry_into_force"):
        assert rec[key] == base[key], key


def test_yaml_front_matter_on_top_is_metadata_not_text(tmp_path):
    raw = act("04").read_text(encoding="utf-8")
    front = "---\nid: kz-tr-2001\nlanguage: kk\nrequisite: \"ҚР Үкіметінің 2001 жылғы 4 шілдедегі N 920 қаулысы\"\n---\n"
    path = tmp_path / "protocol.md"
    path.write_text(front + raw, encoding="utf-8")
    src = load(path)
    assert src.format == "md" and src.meta["id"] == "kz-tr-2001" and src.language_hint == "kk"
    rec, base = extract_file(str(path)), extract_file(str(act("04")))
    assert rec["title"] == base["title"] and rec["article_count"] == base["article_count"] == 8
    assert rec["ratification"]["number"] == "920"
    # spans still point into the file as written, front matter included
    s, e = rec["evidence"]["title"]["span"]
    assert s > len(front) and normalize(path.read_text(encoding="utf-8")[s:e], "md").text.split()[0] == "Қазақстан"


def test_a_database_text_saved_as_md_is_read_as_plain_text(tmp_path):
    seed = SEEDS / "000_12ecf27d1504b882.txt"
    path = tmp_path / "kaz.md"
    shutil.copy(seed, path)
    rec, base = extract_file(str(path)), extract_file(str(seed))
    assert rec["format"] == "txt"
    for key in ("title", "parties", "signed", "ratification", "article_count", "references"):
        strip = (lambda v: [{k: x for k, x in r.items() if k != "span"} for r in v]) if key == "references" else (lambda v: v)
        assert strip(rec[key]) == strip(base[key]), key


def as_database_text(mirror: str) -> str:
    """The mirror's words laid out as the database's plain text: no markup, no blank lines,
    each paragraph indented, headings flush left."""
    out = []
    for line in mirror.splitlines():
        if not line.strip() or line.startswith("<a ") or line.startswith("```"):
            continue
        heading = line.startswith("#")
        line = re.sub(r"^#+\s*|^>\s?|\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", line).rstrip()
        if heading or len(line) < 60:
            out.append(line)
        else:  # wrapped as the database wraps: near 80 characters, the first line indented
            wrapped = textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False)
            out += ["      " + wrapped[0]] + wrapped[1:]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("prefix", ["06", "1030", "05"])
def test_notes_and_title_of_the_same_act_laid_out_as_the_databases_plain_text(tmp_path, prefix):
    # without blank lines a note must end with its sentence, and the stamp with its verb
    path = tmp_path / "act.txt"
    path.write_text(as_database_text(act(prefix).read_text(encoding="utf-8")), encoding="utf-8")
    rec, base = extract_file(str(path)), extract_file(str(act(prefix)))
    assert rec["format"] == "txt"
    for key in ("title", "article_count", "parties"):
        assert rec[key] == base[key], key
    text, lay = layout_of(path)
    assert not any(lay.title.start <= n.start < lay.title.end or n.start <= lay.title.start < n.end for n in lay.notes)
    notes = [words(text, n) for n in lay.notes]
    assert any(n.startswith("Ескерту.") for n in notes)


KK_ORDINALS = ["Бірінші", "Екінші", "Үшінші", "Төртінші", "Бесінші", "Алтыншы", "Жетінші", "Сегізінші",
               "Тоғызыншы", "Оныншы", "Он бірінші", "Он екінші"]
RU_ORDINALS = ["первая", "вторая", "третья", "четвертая", "пятая", "шестая", "седьмая", "восьмая", "девятая",
               "десятая", "одиннадцатая", "двенадцатая"]


@pytest.mark.parametrize("lang, pattern, spell", [
    ("kaz", r"^### (\d+)-бап", lambda n: f"### {KK_ORDINALS[n - 1]} бап"),
    ("rus", r"^### Статья (\d+)", lambda n: f"### Статья {RU_ORDINALS[n - 1]}"),
])
def test_article_numbers_spelled_as_ordinal_words(tmp_path, lang, pattern, spell):
    # 05 with its headings written as words ("Он екінші бап", "Статья двенадцатая")
    raw = act("05", lang).read_text(encoding="utf-8")
    spelled = re.sub(pattern, lambda m: spell(int(m.group(1))), raw, flags=re.M)
    assert spelled != raw and not re.search(pattern, spelled, re.M)
    path = tmp_path / f"{lang}.md"
    path.write_text(spelled, encoding="utf-8")
    rec = extract_file(str(path))
    assert rec["article_count"] == 12
    assert [a["article"] for a in rec["articles"]] == list(range(1, 13))


@pytest.mark.parametrize("heading", [
    # a heading cut by blank lines: its noun alone, its parties over two paragraphs, its subject last
    "Соглашение\n\nмежду Правительством Республики Казахстан и Правительством\n\nИсламской Республики Иран о "
    "международном автомобильном\n\nсообщении",
    # cut after a conjunction
    "Соглашение между Правительством Республики Казахстан и\n\nПравительством Исламской Республики Иран о "
    "международном автомобильном сообщении",
])
def test_a_russian_heading_cut_by_blank_lines_is_one_title(tmp_path, heading):
    path = tmp_path / "rus.md"
    path.write_text(heading + "\n\n(Вступило в силу 6 марта 1997 года)\n\nПравительство Республики Казахстан и "
                    "Правительство Исламской Республики Иран, именуемые в дальнейшем Сторонами,\n\nсогласились о "
                    "нижеследующем:\n\nСтатья 1\n\nСтороны сотрудничают.\n\nСтатья 2\n\nНастоящее Соглашение вступает "
                    "в силу с даты подписания.\n", encoding="utf-8")
    rec = extract_file(str(path))
    assert rec["title"] == {"ru": "Соглашение между Правительством Республики Казахстан и Правительством Исламской "
                                  "Республики Иран о международном автомобильном сообщении"}
    assert rec["entry_into_force"]["date"] == "1997-03-06" and rec["article_count"] == 2
    assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "IR", "body": "government"}]
