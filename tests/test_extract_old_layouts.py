"""The layouts of the 1990s and the odd file of the database: a gazette line or a one-line
approval stamp above the heading, page numbers between paragraphs, a heading with a spaced
word, a Kazakh resolution that carries the treaty in Russian. Each is a whole act, extracted as
a user would, and the record says what a reader of the file sees."""

from kg.extract.record import extract_file

BG = """# Қазақстан Республикасы мен Болгария Республикасы арасындағы достық қатынастар туралы шартты ратификациялау туралы

Қазақстан Республикасының Жоғарғы Кеңесі қаулы етеді:

1. 1993 жылғы 12 қазанда София қаласында қол қойылған Қазақстан Республикасы мен Болгария Республикасы арасындағы достық қатынастар туралы шарт ратификациялансын.

**Қазақстан Республикасы Жоғарғы Кеңесінің Төрағасы**

Алматы, 1994 жылғы 9 маусым

N 95-ХІІІ

ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ЖОҒАРҒЫ КЕҢЕСІНІҢ ЖАРШЫСЫ, 1994 ж., N 8

## Қазақстан Республикасы мен Болгария Республикасы арасындағы достық қатынастар туралы ШАРТ

Бұдан әрі Уағдаласушы Тараптар деп аталатын Қазақстан Республикасы мен Болгария Республикасы,

1975 жылғы 1 тамыздағы Еуропадағы қауіпсіздік және ынтымақтастық жөніндегі кеңестің Хельсинки Қорытынды актісінің және 1990 жылғы 21 қарашадағы Жаңа Еуропа үшін Париж хартиясының ережелерін басшылыққа ала отырып,

мына төмендегілер туралы келісті:

**1-бап**

Уағдаласушы Тараптар достық қатынастарды дамытады.

112

**2-бап**

Осы Шарт ратификациялануға жатады және ратификациялық грамоталармен алмасқан күні күшіне енеді.

Осы Шарт 1993 жылғы 12 қазанда София қаласында екі данада, қазақ, болгар және орыс тілдерінде жасалды, әрі барлық мәтіндердің күші бірдей.
"""

EG = """# Қазақстан Республикасының Үкіметі мен Мысыр Араб Республикасының Үкіметі арасындағы туризм саласындағы ынтымақтастық туралы келісімді бекіту туралы

Қазақстан Республикасының Үкіметі қаулы етеді:

1. 1999 жылғы 2 наурызда Каирде жасалған Қазақстан Республикасының Үкіметі мен Мысыр Араб Республикасының Үкіметі арасындағы туризм саласындағы ынтымақтастық туралы келісім бекітілсін.

**Қазақстан Республикасының Премьер-Министрі**

> *Қазақстан Республикасы Үкіметінің 1999 жылғы 23 шілдедегі N 1043 қаулысымен бекітілген*

## Қазақстан Республикасының Үкiметi м е н Мысыр Араб Республикасының Үкiметi арасындағы туризм саласындағы ынтымақтастық туралы КЕЛІСІМ

Бұдан әрі "Тараптар" деп аталатын Қазақстан Республикасының Үкіметі мен Мысыр Араб Республикасының Үкіметі,

төмендегілер туралы келісті:

### 1-бап

Тараптар туризм саласындағы ынтымақтастықты дамытады.

### 2-бап

Осы Келісім қол қойылған күнінен бастап күшіне енеді. Тараптардың әрқайсысы екінші Тарапқа жазбаша хабарлама жіберу арқылы осы Келісімнің қолданылуын тоқтата алады. Бұл жағдайда Келісім осындай хабарлама алынған күннен бастап үш ай өткен соң өз күшін жояды.

Каир қаласында 1999 жылғы 2 наурызда екі данада жасалды.
"""

ID = """# Қазақстан Республикасының Үкіметі мен Индонезия Республикасының Үкіметі арасындағы пошта байланысы саласындағы ынтымақтастық туралы келісімді бекіту туралы

Қазақстан Республикасының Үкіметі қаулы етеді:

1. 1995 жылғы 19 шілдеде Джакартада қол қойылған Қазақстан Республикасының Кабинеті мен Индонезия Республикасының Үкіметі арасындағы келісім бекітілсін.

**Қазақстан Республикасының Премьер-Министрі**

(Келісімнің мәтіні орыс тілінде беріліп отыр)

## СОГЛАШЕНИЕ между Кабинетом Министров Республики Казахстан и Правительством Республики Индонезия о сотрудничестве в области почтовой связи

Кабинет Министров Республики Казахстан и Правительство Республики Индонезия, именуемые в дальнейшем Сторонами,

принимая во внимание положения Всемирной почтовой конвенции, а также соглашений между администрациями связи двух стран,

согласились о нижеследующем:

### Статья 1

Стороны развивают сотрудничество в области почтовой связи и обмениваются опытом работы почтовых служб двух стран.

### Статья 2

Настоящее Соглашение вступает в силу с даты последнего из уведомлений о выполнении Сторонами внутригосударственных процедур.

Совершено в г. Джакарте 19 июля 1995 года в двух экземплярах на казахском, индонезийском, русском и английском языках.
"""


def _extract(tmp_path, text, name="kaz.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_file(str(path))


def test_a_gazette_line_above_the_heading_is_not_the_title_nor_a_party(tmp_path):
    rec = _extract(tmp_path, BG)
    assert rec["title"] == {"kk": "Қазақстан Республикасы мен Болгария Республикасы арасындағы достық қатынастар туралы ШАРТ"}
    assert rec["parties"] == [{"country": "KZ", "body": "state"}, {"country": "BG", "body": "state"}]
    assert rec["ratification"] == {"act": "resolution", "number": "95-XIII", "date": "1994-06-09"}
    assert rec["article_count"] == 2
    # the CSCE's Final Act named with its conference, and the Charter of Paris, both dated
    assert [(r["target"], r["date"], r["relation"]) for r in rec["references"]] == [
        ("helsinki_final_act", "1975-08-01", "guided_by"), ("other", "1990-11-21", "guided_by")]


def test_a_one_line_approval_stamp_and_a_spaced_word_in_the_heading(tmp_path):
    rec = _extract(tmp_path, EG)
    assert rec["title"] == {"kk": "Қазақстан Республикасының Үкіметі мен Мысыр Араб Республикасының Үкіметі арасындағы "
                                  "туризм саласындағы ынтымақтастық туралы КЕЛІСІМ"}
    assert rec["entry_into_force"]["condition"] == "signature"
    assert rec["termination_notice"] == {"amount": 3, "unit": "month"}


def test_a_kazakh_resolution_carrying_the_russian_text_gives_a_russian_record(tmp_path):
    rec = _extract(tmp_path, ID)
    assert rec["language"] == "ru"
    assert rec["title"] == {"ru": "СОГЛАШЕНИЕ между Кабинетом Министров Республики Казахстан и Правительством Республики "
                                  "Индонезия о сотрудничестве в области почтовой связи"}
    assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "ID", "body": "government"}]
    # an adjective-named convention is a reference; agreements in the plural are a kind, not one
    assert [(r["title"], r["parties"]) for r in rec["references"]] == [("Всемирной почтовой конвенции", [])]
    assert rec["signed"] == {"date": "1995-07-19", "place": "Jakarta"}


def test_a_mirror_folder_whose_two_texts_are_both_russian_builds_one_instrument(tmp_path):
    from graph_support import kg_run, rows
    from kg.pipeline.publish import open_store

    folder = tmp_path / "acts" / "id-posts"
    folder.mkdir(parents=True)
    (folder / "kaz.md").write_text(ID, encoding="utf-8")
    (folder / "rus.md").write_text(ID[ID.index("## СОГЛАШЕНИЕ"):], encoding="utf-8")
    (folder / "meta.yaml").write_text("requisite: Постановление Правительства Республики Казахстан от 4 ноября 1996 года № 1339\n",
                                      encoding="utf-8")
    data = tmp_path / "data"
    proc = kg_run("build", str(tmp_path / "acts"), "--data", str(data))
    assert proc.returncode == 0, proc.stderr  # neither text held back for want of its own title
    q = """PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?i ?f WHERE { ?i bkg:instrumentText ?s . ?s dcterms:identifier ?f } ORDER BY ?f"""
    found = [(r["i"].rsplit("/id/", 1)[1], r["f"]) for r in rows(open_store(data), q)]
    assert found == [("treaty/kz-id/1995-07-19", "id-posts/kaz.md"), ("treaty/kz-id/1995-07-19", "id-posts/rus.md")]


def test_a_mirror_text_saved_as_txt_is_one_of_its_folders_texts(tmp_path):
    from kg.pipeline.inputs import walk

    folder = tmp_path / "be-emergency"
    folder.mkdir()
    (folder / "kaz.txt").write_text(EG, encoding="utf-8")
    (folder / "rus.md").write_text(ID, encoding="utf-8")
    assert walk(tmp_path) == [folder / "kaz.txt", folder / "rus.md"]
    # a user's folder that merely holds a kaz.txt among other texts is no mirror folder
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("kaz.txt", "notes.txt", "treaty.txt"):
        (mine / name).write_text(EG, encoding="utf-8")
    assert walk(mine) == [mine / "kaz.txt", mine / "notes.txt", mine / "treaty.txt"]
