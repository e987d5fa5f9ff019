"""Who the parties are, when and where the treaty was signed, which act approved it, and what
kind of instrument it is: read from real acts of the database in Kazakh and in Russian, and
from short sentences worded as the database words them."""

import os

import pytest

from conftest import SHARED
from kg.extract import treaty
from kg.extract.record import extract_file
from kg.text.segment import segment

CORPUS = SHARED / "corpus"
ESPI = SHARED / "examples" / "espi"
OWN = ("instrument_type", "level", "parties", "signed", "ratification")


def _folder(name: str):
    for root in (CORPUS, ESPI):
        hits = sorted(root.glob(name + "*")) if root.exists() else []
        if hits:
            return hits[0]
    if os.environ.get("CI"):
        pytest.fail(f"../shared is not beside the repository: no {name} in {CORPUS} or {ESPI}")
    pytest.skip("../shared is not beside the repository")


def _both(name: str) -> tuple[dict, dict]:
    folder = _folder(name)
    return extract_file(str(folder / "kaz.md")), extract_file(str(folder / "rus.md"))


# ------------------------------------------------------------------ real acts, both languages

def test_a_general_staff_is_a_party_and_makes_the_protocol_interagency():
    kk, ru = _both("04_")
    for rec in (kk, ru):
        assert rec["parties"] == [{"country": "KZ", "body": "Ministry of Defence"}, {"country": "TR", "body": "General Staff"}]
        assert rec["level"] == "interagency"
        assert rec["instrument_type"] == "protocol"
        assert rec["signed"] == {"date": "2001-03-24", "place": "Astana"}
        assert rec["ratification"] == {"act": "resolution", "number": "586", "date": "2001-05-02"}


def test_the_second_government_is_found_in_the_genitive():
    # "... мен Мажар Республикасы Үкіметінің арасындағы": the country in a rarely used name,
    # the body after it in the genitive
    kk, ru = _both("07_")
    for rec in (kk, ru):
        assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "HU", "body": "government"}]
        assert rec["level"] == "intergovernmental"
        assert rec["signed"] == {"date": "1996-10-07", "place": "Budapest"}


def test_an_editorial_note_in_the_act_is_not_the_approving_act():
    kk, ru = _both("05_")
    # kaz.md's act carries "Ескерту. ҚР Үкіметінің 2000 жылғы 4 қазандағы N 1499 қаулысын қараңыз."
    assert "1499" in open(_folder("05_") / "kaz.md", encoding="utf-8").read()
    for rec in (kk, ru):
        assert rec["ratification"] == {"act": "resolution", "number": "43", "date": "2001-01-13"}


def test_an_impossible_closing_date_gives_way_to_the_approving_act():
    # the Kazakh closing says 1998, after the April 1998 resolution; the Russian closing is blank
    kk, ru = _both("02_")
    for rec in (kk, ru):
        assert rec["signed"] == {"date": "1996-05-03", "place": "Almaty"}
        assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "TH", "body": "government"}]


def test_a_city_in_the_locative_with_a_closing_split_across_paragraphs():
    kk, ru = _both("0320")
    for rec in (kk, ru):
        assert rec["signed"] == {"date": "1995-12-27", "place": "Gaza"}


def test_an_implementing_ministry_in_the_act_is_not_a_party():
    # "2. Қазақстан Республикасының Сыртқы істер министрлігі тәжік тарабын ... хабардар етсін"
    kk, ru = _both("09_")
    for rec in (kk, ru):
        assert rec["parties"] == [{"country": "KZ", "body": "government"}, {"country": "TJ", "body": "government"}]
        assert rec["level"] == "intergovernmental"
        assert rec["instrument_type"] == "agreement"


def test_the_requisite_gives_the_number_the_law_lacks_and_a_law_without_heading_has_its_kind():
    kk, ru = _both("01_")
    for rec in (kk, ru):
        assert rec["ratification"] == {"act": "law", "number": "155", "date": "2006-07-04"}
        assert rec["instrument_type"] == "convention"
        assert rec["signed"] == {"date": "1997-11-27", "place": "Warsaw"}


@pytest.mark.parametrize("name", ["01_", "02_", "04_", "05_", "06_", "07_", "09_", "0119", "0320", "0414", "1030"])
def test_kazakh_and_russian_texts_of_one_instrument_agree(name):
    kk, ru = _both(name)
    assert {f: kk[f] for f in OWN} == {f: ru[f] for f in OWN}


# ------------------------------------------------------------------ parties from sentences

@pytest.mark.parametrize("text, language, expected", [
    ("Қазақстан Республикасының Үкіметі мен Қырғыз Республикасының Министрлер Кабинеті арасындағы келісім", "kk",
     [("KZ", "government"), ("KG", "government")]),
    ("Соглашение между Правительством Республики Казахстан и Кабинетом Министров Кыргызской Республики", "ru",
     [("KZ", "government"), ("KG", "government")]),
    ("Ұлыбритания және Солтүстік Ирландия Құрама Корольдігінің Үкіметі мен Қазақстан Республикасының Үкіметі арасындағы", "kk",
     [("KZ", "government"), ("GB", "government")]),
    ("Договор между Республикой Казахстан и Российской Федерацией о добрососедстве", "ru",
     [("KZ", "state"), ("RU", "state")]),
    ("Қазақстан Республикасы мен Ресей Федерациясы арасындағы тату көршілік туралы шарт", "kk",
     [("KZ", "state"), ("RU", "state")]),
    ("Қазақстан Республикасының Ұлттық Банкі мен Ресей Федерациясының Орталық банкі арасындағы келісім", "kk",
     [("KZ", "National Bank"), ("RU", "Central Bank")]),
    ("Соглашение между Национальным Банком Республики Казахстан и Центральным банком Российской Федерации", "ru",
     [("KZ", "National Bank"), ("RU", "Central Bank")]),
    ("Қазақстан Республикасы Ұлттық қауіпсіздік комитетінің және Қытай Халық Республикасы Қоғамдық қауіпсіздік министрлігінің арасындағы", "kk",
     [("KZ", "National Security Committee"), ("CN", "Ministry of Public Security")]),
    ("между Министерством труда и социальной защиты населения Республики Казахстан и Министерством внутренних дел Республики Узбекистан", "ru",
     [("KZ", "Ministry of Labour and Social Protection of the Population"), ("UZ", "Ministry of Internal Affairs")]),
    ("Қазақстан Республикасының Білім, мәдениет және денсаулық сақтау министрлігі мен Грузияның Білім министрлігі арасындағы", "kk",
     [("KZ", "Ministry of Education, Culture and Health"), ("GE", "Ministry of Education")]),
    ("Министерством образования, культуры и здравоохранения Республики Казахстан и Министерством образования Грузии", "ru",
     [("KZ", "Ministry of Education, Culture and Health"), ("GE", "Ministry of Education")]),
    # the head of the name is the last noun in Kazakh and the first in Russian, a parent body aside
    ("Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті мен Қырғыз Республикасының Мемлекеттік салық қызметі арасындағы", "kk",
     [("KZ", "State Revenue Committee"), ("KG", "State Tax Service")]),
    ("между Комитетом государственных доходов Министерства финансов Республики Казахстан и Государственной налоговой службой Кыргызской Республики", "ru",
     [("KZ", "State Revenue Committee"), ("KG", "State Tax Service")]),
    # a state form with adjectives before it, and a name whose adjective stays in the nominative
    ("между Министерством обороны Республики Казахстан и Министерством обороны Восточной Республики Уругвай", "ru",
     [("KZ", "Ministry of Defence"), ("UY", "Ministry of Defence")]),
    ("Соглашение между Правительством Республики Казахстан и Правительством Республики Южный Судан", "ru",
     [("KZ", "government"), ("SS", "government")]),
    ("между Правительством Республики Казахстан и Правительством Мальтийской Республики", "ru",
     [("KZ", "government"), ("MT", "government")]),
    ("Қазақстан Республикасының Үкіметі мен Иордан Хашимит Корольдігінің Үкіметі арасындағы", "kk",
     [("KZ", "government"), ("JO", "government")]),
    # the national party comes first whatever order the heading gives
    ("Соглашение между Правительством Турецкой Республики и Правительством Республики Казахстан", "ru",
     [("KZ", "government"), ("TR", "government")]),
    # a secretariat (the Mexican ministries) and an agency of a two-word field
    ("Қазақстан Республикасының Ауыл шаруашылығы министрлігі мен Мексика Құрама Штаттарының Ауыл шаруашылығы және "
     "ауылдық аумақтарды дамыту хатшылығы арасындағы", "kk",
     [("KZ", "Ministry of Agriculture"), ("MX", "Secretariat of Agriculture and Rural Development")]),
    ("между Министерством сельского хозяйства Республики Казахстан и Секретариатом сельского хозяйства и развития "
     "сельских территорий Мексиканских Соединенных Штатов", "ru",
     [("KZ", "Ministry of Agriculture"), ("MX", "Secretariat of Agriculture and Rural Development")]),
    ("Қазақстан Республикасының Кедендік бақылау агенттігі мен Корея Республикасының Кеден қызметі арасындағы", "kk",
     [("KZ", "Customs Control Agency"), ("KR", "Customs Service")]),
    ("между Агентством таможенного контроля Республики Казахстан и Таможенной службой Республики Корея", "ru",
     [("KZ", "Customs Control Agency"), ("KR", "Customs Service")]),
    # ministries of many fields, in the official English a reader searches for
    ("Қазақстан Республикасының Экология және биоресурстар министрлігі мен Нидерланд Корольдігінің Тұрғын үй, "
     "кеңістікті жоспарлау және қоршаған орта министрлігі арасындағы", "kk",
     [("KZ", "Ministry of Ecology and Bioresources"), ("NL", "Ministry of Housing, Spatial Planning and the Environment")]),
    ("между Министерством образования и науки Республики Казахстан и Министерством образования, молодежи и спорта "
     "Чешской Республики", "ru",
     [("KZ", "Ministry of Education and Science"), ("CZ", "Ministry of Education, Youth and Sports")]),
    # a country named by its adjective, its body after it; the Swiss Federal Council is a government
    ("Соглашение между Правительством Республики Казахстан и Швейцарским Федеральным Советом о реадмиссии", "ru",
     [("KZ", "government"), ("CH", "government")]),
    ("Қазақстан Республикасының Үкіметі мен Швейцария Конфедерациясының Федералдық Кеңесі арасындағы", "kk",
     [("KZ", "government"), ("CH", "government")]),
    ("Қазақстан Республикасының Энергетика министрлігі мен Алжир Халықтық Демократиялық Республикасының Энергетика "
     "және тау-кен министрлігі арасындағы", "kk", [("KZ", "Ministry of Energy"), ("DZ", "Ministry of Energy and Mines")]),
    ("Қазақстан Республикасының Қауіпсіздік министрлігі мен Тәжікстан Республикасының Қауіпсіздік министрлігі арасындағы",
     "kk", [("KZ", "Ministry of Security"), ("TJ", "Ministry of Security")]),
    ("Қазақстан Республикасының Өнеркәсіп және құрылыс министрлігі мен Америка Құрама Штаттарының Мемлекеттік "
     "департаменті арасындағы", "kk", [("KZ", "Ministry of Industry and Construction"), ("US", "Department of State")]),
    ("Қазақстан Республикасының Білім және ғылым министрлігі мен Ауғанстан Ислам Республикасының Жоғары білім "
     "министрлігі арасындағы", "kk", [("KZ", "Ministry of Education and Science"), ("AF", "Ministry of Higher Education")]),
    ("между Министерством энергетики Республики Казахстан и Национальной комиссией по атомной энергии Аргентинской "
     "Республики", "ru", [("KZ", "Ministry of Energy"), ("AR", "National Atomic Energy Commission")]),
    # a Council of Ministers is a government, as a Cabinet of Ministers is (Bosnia and Herzegovina,
    # Albania); a ministry of primary resources (Brunei) in the English a reader searches for
    ("Қазақстан Республикасының Үкіметі мен Босния және Герцеговина Министрлер Кеңесі арасындағы", "kk",
     [("KZ", "government"), ("BA", "government")]),
    ("между Правительством Республики Казахстан и Советом министров Боснии и Герцеговины", "ru",
     [("KZ", "government"), ("BA", "government")]),
    ("Қазақстан Республикасының Ауыл шаруашылығы министрлігі мен Бруней Даруссалам Мемлекетінің Бастапқы ресурстар "
     "және туризм министрлігі арасындағы", "kk",
     [("KZ", "Ministry of Agriculture"), ("BN", "Ministry of Primary Resources and Tourism")]),
    ("между Министерством сельского хозяйства Республики Казахстан и Министерством первичных ресурсов и туризма "
     "Государства Бруней-Даруссалам", "ru",
     [("KZ", "Ministry of Agriculture"), ("BN", "Ministry of Primary Resources and Tourism")]),
    # a body under another is the body itself
    ("Қазақстан Республикасы Үкіметінің жанындағы Бас архив басқармасы мен Беларусь Республикасының Архивтер және іс "
     "жүргізу жөніндегі комитеті арасындағы", "kk",
     [("KZ", "Бас архив басқармасы"), ("BY", "Архивтер және іс жүргізу жөніндегі комитеті")]),
    # a Russian body whose field follows its country; the previous party's field is not the next one's
    ("между Агентством Республики Казахстан по делам государственной службы и Министерством внутренних дел "
     "Республики Молдова", "ru", [("KZ", "Civil Service Affairs Agency"), ("MD", "Ministry of Internal Affairs")]),
    ("между Главным архивным управлением при Правительстве Республики Казахстан и Комитетом по архивам и "
     "делопроизводству при Совете Министров Республики Беларусь", "ru",
     [("KZ", "Главным архивным управлением"), ("BY", "Комитетом по архивам и делопроизводству")]),
])
def test_parties_and_their_bodies_in_any_case_ending(text, language, expected):
    assert [(p.country, p.body) for p in treaty.parties(text, 0, len(text), language)] == expected


def test_a_body_of_an_unknown_field_keeps_its_name_and_is_an_agency():
    text = "Қазақстан Республикасының Үкіметі мен Моңғолияның Бал ара шаруашылығы министрлігі арасындағы"
    found = treaty.parties(text, 0, len(text), "kk")
    assert found[1].country == "MN" and "министрлігі" in found[1].body
    assert treaty.level([p.body for p in found]) == "interagency"


@pytest.mark.parametrize("bodies, expected", [
    (["state", "state"], "interstate"),
    (["government", "government"], "intergovernmental"),
    (["government", "General Staff"], "interagency"),
    ([], None),
])
def test_level_follows_who_the_parties_are(bodies, expected):
    assert treaty.level(bodies) == expected


# ------------------------------------------------------------------ signing from short acts

KK_ACT = """Қазақстан Республикасы мен Ресей Федерациясы арасындағы достық туралы шартты ратификациялау туралы

{act}

Қазақстан Республикасының Президенті

Қазақстан Республикасы мен Ресей Федерациясы арасындағы ДОСТЫҚ ТУРАЛЫ ШАРТ

Қазақстан Республикасы мен Ресей Федерациясы, бұдан әрі Тараптар деп аталатын,

төмендегілер туралы келісті:

1-бап

Тараптар ынтымақтасады.

2-бап

Осы Шарт бекіту грамоталарымен алмасқан күннен бастап күшіне енеді.

{closing}
"""

RU_ACT = """Об утверждении Соглашения между Правительством Республики Казахстан и Правительством Республики Корея

Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:

{act}

Премьер-Министр Республики Казахстан

Соглашение между Правительством Республики Казахстан и Правительством Республики Корея

Статья 1

Стороны сотрудничают.

Статья 2

Настоящее Соглашение вступает в силу с даты получения последнего письменного уведомления.

{closing}
"""


def _signed(template, act, closing, approved_on=None):
    text = template.format(act=act, closing=closing)
    return treaty.signed(text, segment(text), approved_on), text


@pytest.mark.parametrize("template, act, closing, date, place", [
    (KK_ACT, "Мәскеуде 1998 жылғы 6 шілдеде қол қойылған шарт ратификациялансын.",
     "Мәскеу қаласында 1998 жылғы 6 шілдеде екі данада, қазақ және орыс тілдерінде жасалды.", "1998-07-06", "Moscow"),
    # the date without its locative ending, the place after it
    (KK_ACT, "Шарт ратификациялансын.", "Осы Шарт 1994 жылы 18 қаңтар Алматы қаласында екі данада жасалды.", "1994-01-18", "Almaty"),
    (RU_ACT, "Утвердить Соглашение, подписанное в Сеуле 12 мая 2010 года.",
     "Совершено в г. Сеуле 12 мая 2010 года в двух экземплярах.", "2010-05-12", "Seoul"),
    # a blank closing: the approving act's reading stands alone
    (RU_ACT, "Утвердить Соглашение, подписанное в городе Алматы 3 мая 1996 года.",
     "Совершено в городе в двух экземплярах на казахском, корейском и русском языках.", "1996-05-03", "Almaty"),
    (RU_ACT, "Утвердить прилагаемое Соглашение.", "СОВЕРШЕНО в г. Акмоле 20 марта 1998 года.", "1998-03-20", "Astana"),
    # only the approving act names the place: before the date, in the locative or with "қаласында"
    (KK_ACT, "Мәскеуде 1998 жылғы 6 шілдеде қол қойылған шарт ратификациялансын.",
     "Екі данада, қазақ және орыс тілдерінде жасалды.", "1998-07-06", "Moscow"),
    (KK_ACT, "Мәскеу қаласында 1998 жылғы 6 шілдеде қол қойылған шарт ратификациялансын.",
     "Екі данада, қазақ және орыс тілдерінде жасалды.", "1998-07-06", "Moscow"),
    # ... but not a city of another phrase before the date
    (KK_ACT, "Алматыда жасалған шартқа 1998 жылғы 6 шілдеде қол қойылған хаттама ратификациялансын.",
     "Екі данада, қазақ және орыс тілдерінде жасалды.", "1998-07-06", None),
    # a name that is a state and a city, in the locative before the Kazakh participle; after the
    # date in Russian; never a month after a day's number ("8 қазанда": 8 October)
    (KK_ACT, "2012 жылғы 8 қаңтарда Монакода жасалған шарт ратификациялансын.",
     "Екі данада жасалды.", "2012-01-08", "Monaco"),
    (KK_ACT, "2012 жылғы 8 қазанда қол қойылған шарт ратификациялансын.", "Екі данада жасалды.", "2012-10-08", None),
    (RU_ACT, "Утвердить Соглашение, подписанное 8 января 2012 года в Монако.",
     "Совершено в двух экземплярах.", "2012-01-08", "Monaco"),
    # a city-state's name is a place where the participle puts it; the closing names none
    (RU_ACT, "Утвердить Соглашение, подписанное в Монако 26 сентября 1996 года.",
     "Совершено в двух экземплярах на казахском и русском языках.", "1996-09-26", "Monaco"),
    # only the closing formula names them
    (RU_ACT, "Утвердить прилагаемое Соглашение.", "Совершено в городе Будапеште 7 октября 1996 года, в двух экземплярах.", "1996-10-07", "Budapest"),
    # the Kazakh names of cities, as the English name a reader looks for
    (KK_ACT, "Шарт бекітілсін.", "Бонн қаласында 1996 жылғы 23 қыркүйекте екі түпнұсқа данада жасалды.", "1996-09-23", "Bonn"),
    (KK_ACT, "Шарт ратификациялансын.", "Әбу-Даби қаласында 2018 жылғы 20 наурызда екі данада жасалды.", "2018-03-20", "Abu Dhabi"),
    (KK_ACT, "Келісім бекітілсін.", "Вашингтонда 2016 жылғы 31 наурызда екі данада жасалды.", "2016-03-31", "Washington"),
])
def test_signing_date_and_place(template, act, closing, date, place):
    s, _ = _signed(template, act, closing)
    assert (s.date and s.date.value, s.place and s.place.value) == (date, place)


def test_a_blank_place_is_null():
    s, _ = _signed(KK_ACT, "Шарт ратификациялансын.", "1997 жылғы 27 қарашада ______ қаласында екі данада жасалды.")
    assert s.date.value == "1997-11-27" and s.place is None


def test_the_closing_formula_wins_over_the_approving_act_and_both_readings_are_kept():
    s, text = _signed(KK_ACT, "1997 жылғы 1 қарашада Алматы қаласында қол қойылған шарт ратификациялансын.",
                      "Осы Шарт 1997 жылы 11 қарашада Алматы қаласында екі дана болып жасалды.", "1998-09-16")
    assert s.date.value == "1997-11-11" and s.place.value == "Almaty"
    assert sorted(c.value for c in s.date_candidates) == ["1997-11-01", "1997-11-11"]
    assert {text[c.start:c.end] for c in s.date_candidates} == {"1997 жылғы 1 қарашада", "1997 жылы 11 қарашада"}


def test_a_reading_later_than_the_approving_act_is_impossible():
    s, _ = _signed(KK_ACT, "1996 жылғы 3 мамырда Алматы қаласында қол қойылған шарт ратификациялансын.",
                   "Шарт Алматы қаласында 1998 жылғы 3 мамыр күні екі түпнұсқа дана болып жасалды.", "1998-04-16")
    assert s.date.value == "1996-05-03" and not s.date_candidates


def test_the_date_of_the_amended_instrument_is_not_the_signing_date():
    s, _ = _signed(RU_ACT, "Утвердить Протокол о внесении изменений в Соглашение от 1 февраля 2010 года, подписанный в Астане 5 мая 2015 года.",
                   "Совершено в городе в двух экземплярах.")
    assert s.date.value == "2015-05-05" and s.place.value == "Astana"


# ------------------------------------------------------------------ the approving act

def _rat(text, meta=None):
    return treaty.ratification(text, segment(text), meta or {}).value


def test_a_law_number_with_a_cyrillic_roman_suffix_comes_out_whole_in_latin_letters():
    text = KK_ACT.format(act="Қазақстан Республикасының Заңы 2019 жылғы 25 қаңтардағы № 220-VІ ҚРЗ.\n\nШарт ратификациялансын.",
                         closing="")
    assert "VІ" in text and "\u0406" in text
    assert _rat(text) == {"act": "law", "number": "220-VI", "date": "2019-01-25"}
    assert treaty.act_number("155-ІІ") == "155-II" and treaty.act_number("216-VIII") == "216-VIII"
    # the Kazakh order: the kind of act after its number
    text = KK_ACT.format(act="Қазақстан Республикасының 2016 жылғы 21 қарашадағы № 25-VІ Заңы\n\nШарт ратификациялансын.",
                         closing="")
    assert _rat(text) == {"act": "law", "number": "25-VI", "date": "2016-11-21"}


def test_the_requisite_fills_what_the_body_lacks_and_a_note_is_never_the_act():
    act = "Ескерту. ҚР Үкіметінің 2000 жылғы 4 қазандағы N 1499 қаулысын қараңыз.\n\nҚазақстан Республикасының Үкіметі қаулы етеді:\n\nКелісім бекітілсін."
    text = KK_ACT.format(act=act, closing="")
    assert _rat(text) == {"act": "resolution", "number": None, "date": None}
    meta = {"requisite": "Постановление Правительства Республики Казахстан от 13 января 2001 года № 43"}
    assert _rat(text, meta) == {"act": "resolution", "number": "43", "date": "2001-01-13"}


@pytest.mark.parametrize("requisite, act", [
    ("Закон Республики Казахстан от 4 июля 2006 года № 155", "law"),
    ("Указ Президента Республики Казахстан, имеющий силу Закона, от 5 мая 1995 года № 2260", "decree"),
    ("Постановление Кабинета Министров Республики Казахстан от 7 июня 1994 года № 547", "resolution"),
])
def test_the_kind_of_act_from_the_requisite(requisite, act):
    text = RU_ACT.format(act="Утвердить Соглашение.", closing="")
    assert _rat(text, {"requisite": requisite})["act"] == act


def test_a_ratifying_law_without_number_is_still_a_law():
    text = KK_ACT.format(act="Мәскеуде 1998 жылғы 6 шілдеде қол қойылған шарт ратификациялансын.", closing="")
    assert _rat(text) == {"act": "law", "number": None, "date": None}


# ------------------------------------------------------------------ instrument type

@pytest.mark.parametrize("title, language, expected", [
    ("Қазақстан Республикасы мен Поляк Республикасы арасындағы КОНСУЛДЫҚ КОНВЕНЦИЯ", "kk", "convention"),
    ("Қазақстан Республикасы мен Ресей Федерациясы арасындағы достық туралы ШАРТ", "kk", "treaty"),
    ("... туралы Келісімге өзгерістер енгізу туралы хаттама", "kk", "protocol"),
    ("... ынтымақтастық туралы өзара түсіністік меморандумы", "kk", "memorandum"),
    ("Келісім *", "kk", "agreement"),
    ("СОГЛАШЕНИЕ между Правительством Республики Казахстан и Правительством Королевства Таиланд", "ru", "agreement"),
    ("Консульская конвенция между Республикой Казахстан и Республикой Польша", "ru", "convention"),
    ("Договор о вечной дружбе", "ru", "treaty"),
    ("ПРОТОКОЛ о внесении изменений в Соглашение", "ru", "protocol"),
])
def test_instrument_type_from_the_head_noun(title, language, expected):
    assert treaty.instrument_type(title, language) == expected


@pytest.mark.parametrize("heading, expected", [
    ("Қазақстан Республикасы мен Польша Республикасы арасындағы Консулдық конвенцияны ратификациялау туралы", "convention"),
    ("О ратификации Консульской конвенции между Республикой Казахстан и Республикой Польша", "convention"),
    ("Об утверждении Протокола между Министерством обороны Республики Казахстан и Генеральным штабом", "protocol"),
])
def test_instrument_type_from_the_approving_act_when_the_heading_is_missing(heading, expected):
    body = KK_ACT.format(act="Шарт ратификациялансын.", closing="")
    text = heading + body[body.index("\n"):]
    layout = segment(text)
    assert layout.act is not None
    assert treaty.instrument_type_of_act(text, layout) == expected


def test_a_law_cited_by_a_resolution_is_not_its_header():
    text = RU_ACT.format(act="В соответствии с Законом Республики Казахстан от 30 мая 2005 года № 54 «О международных договорах» "
                             "утвердить Соглашение.", closing="")
    assert _rat(text) == {"act": "resolution", "number": None, "date": None}


def test_a_decree_the_resolution_follows_does_not_make_it_a_decree():
    act = ("Қазақстан Республикасы Президентінің 2000 жылғы 5 мамырдағы Жарлығына сәйкес Қазақстан Республикасының Үкіметі "
           "қаулы етеді:\n\nКелісім бекітілсін.")
    assert _rat(KK_ACT.format(act=act, closing=""))["act"] == "resolution"


def test_parties_after_a_bracketed_note_when_the_heading_is_missing():
    text = """Об утверждении Соглашения

Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:

Утвердить Соглашение.

Премьер-Министр Республики Казахстан

(Вступило в силу 12 февраля 2001 года - Бюллетень международных договоров РК, 2002 г., № 1, ст. 7) Правительство Республики Казахстан и Правительство Республики Беларусь (далее - Стороны),

согласились о нижеследующем:

Статья 1

Стороны сотрудничают.
"""
    layout = segment(text)
    assert layout.title is None
    found = treaty.party_region_parties(text, layout, "ru")
    assert [(p.country, p.body) for p in found] == [("KZ", "government"), ("BY", "government")]
