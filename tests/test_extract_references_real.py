"""References as the real database words them, in Kazakh and in Russian.

Each test puts sentences of the development acts (or real-sounding variants of them) into a
treaty of the database's shape, extracts it as a user would (`kg extract`), and reads the
references: which instruments, dated how, with which parties and relation. The last tests
read the real acts in ../shared/corpus.
"""

import os

import pytest

from conftest import SHARED
from kg.extract.record import extract_file

CORPUS = SHARED / "corpus"
ESPI = SHARED / "examples" / "espi"

_KK = """Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі арасындағы {title}

      Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі, бұдан әрі Тараптар деп аталатын,
{preamble}
      төмендегілер туралы келісті:

1-бап
{article}

2-бап
      Осы Келісім қол қойылған күнінен бастап күшіне енеді.
      Анкара қаласында 2001 жылғы 24 наурызда қазақ, түрік және орыс тілдерінде екі данада жасалды.
"""

_RU = """{title}

      Правительство Республики Казахстан и Правительство Турецкой Республики, именуемые в дальнейшем Сторонами,
{preamble}
      согласились о нижеследующем:

Статья 1
{article}

Статья 2
      Настоящее Соглашение вступает в силу с даты его подписания.
      Совершено в городе Анкаре 24 марта 2001 года в двух экземплярах на казахском, турецком и русском языках.
"""

KK_TITLE = "Әскери-техникалық ынтымақтастық туралы келісім"
RU_TITLE = ("Соглашение между Правительством Республики Казахстан и Правительством Турецкой Республики "
            "о военно-техническом сотрудничестве")


def refs(tmp_path, lang, preamble="", article=None, title=None):
    if lang == "kk":
        text = _KK.format(title=title or KK_TITLE, preamble=preamble or "      ынтымақтастықты дамыта отырып,",
                          article=article or "      Тараптар ынтымақтасады.")
    else:
        text = _RU.format(title=title or RU_TITLE, preamble=preamble or "      желая развивать сотрудничество,",
                          article=article or "      Стороны сотрудничают.")
    path = tmp_path / f"{lang}.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(str(path))["references"]


def facts(found):
    return [(r["target"], r["date"], r["parties"], r["relation"]) for r in found]


def in_both(tmp_path, expected, kk, ru, where="article"):
    """The Kazakh and the Russian wording give the same facts; the Kazakh references back."""
    found = refs(tmp_path, "kk", **{where: kk})
    assert facts(found) == facts(refs(tmp_path, "ru", **{where: ru})) == expected
    return found


def dates_and_relations(found):
    return sorted((r["date"] or "", r["relation"]) for r in found)


# ---------------------------------------------------------------- dates inside and before the name

KK_04 = ("      Қазақстан Республикасының Қорғаныс министрлігі мен Түрік Республикасының Бас штабы арасындағы "
         "1993 жылғы 23 ақпандағы Әскери білім саласындағы ынтымақтастық туралы келісімді, Қазақстан "
         "Республикасының Қорғаныс министрлігі мен Түрік Республикасының Бас штабы арасындағы 1994 жылғы "
         "8 тамыздағы Әскери ғылым, техника және білім саласындағы ынтымақтастық туралы келісімді басшылыққа ала отырып,")
RU_04 = ("      руководствуясь Соглашением между Правительством Республики Казахстан и Правительством Турецкой "
         "Республики о сотрудничестве в области военного образования от 23 февраля 1993 года, Соглашением о "
         "сотрудничестве между Правительством Республики Казахстан и Правительством Турецкой Республики в "
         "области военной науки, техники и образования от 8 августа 1994 года,")


def test_a_date_inside_the_span_dates_the_reference_and_stays_in_its_title(tmp_path):
    found = refs(tmp_path, "kk", KK_04)
    assert facts(found) == [("treaty", "1993-02-23", ["KZ", "TR"], "guided_by"),
                            ("treaty", "1994-08-08", ["KZ", "TR"], "guided_by")]
    assert found[1]["title"].startswith("Қазақстан Республикасының Қорғаныс министрлігі мен Түрік Республикасының "
                                        "Бас штабы арасындағы 1994 жылғы 8 тамыздағы Әскери ғылым, техника")


def test_the_russian_names_run_to_their_date_across_a_comma(tmp_path):
    found = refs(tmp_path, "ru", RU_04)
    assert facts(found) == [("treaty", "1993-02-23", ["KZ", "TR"], "guided_by"),
                            ("treaty", "1994-08-08", ["KZ", "TR"], "guided_by")]
    assert found[1]["title"].endswith("в области военной науки, техники и образования")
    assert dates_and_relations(found) == dates_and_relations(refs(tmp_path, "kk", KK_04))


def test_a_date_and_signing_place_before_the_name_date_it_and_leave_the_title(tmp_path):
    found = refs(tmp_path, "kk", "      Қазақстан Республикасы мен Түркия Республикасы 1944 жылғы 7 желтоқсанда Чикагода "
                                 "қол қою үшін ашылған Халықаралық азаматтық авиация туралы Конвенцияның "
                                 "қатысушылары болып табылатындығын ескере отырып,")
    assert facts(found) == [("treaty", "1944-12-07", [], "cites")]
    assert found[0]["title"].startswith("Халықаралық азаматтық авиация туралы")
    ru = refs(tmp_path, "ru", "      принимая во внимание то, что Турецкая Республика и Республика Казахстан являются "
                              "участниками Конвенции о международной гражданской авиации, открытой для подписания "
                              "в Чикаго 7 декабря 1944 года,")
    assert facts(ru) == [("treaty", "1944-12-07", [], "cites")]
    assert "Чикаго" not in ru[0]["title"]


def test_a_year_alone_gives_no_date(tmp_path):
    kk = refs(tmp_path, "kk", article="      3. Уағдаласушы Жақтар төрелік соттың шешімін мойындайды және оны шетелдік "
                                      "төрелік шешімдерді мойындау және орындау туралы 1958 жылы Нью-Йоркте "
                                      "қабылданған Конвенцияға сәйкес орындайды.")
    assert facts(kk) == [("treaty", None, [], "cites")]
    assert kk[0]["title"].startswith("шетелдік төрелік шешімдерді")
    road = refs(tmp_path, "kk", article="      1. Жүргізушінің ұлттық немесе халықаралық жүргізуші куәлігі болуы тиіс және "
                                        "Жол қозғалысы туралы ООН/ЕЭК Конвенциясына (1968 ж.) сай болуы тиіс.")
    assert facts(road) == [("treaty", None, [], "cites")]
    assert road[0]["title"].startswith("Жол қозғалысы туралы ООН/ЕЭК")


def test_the_day_after_the_month_is_a_full_date_in_both_languages(tmp_path):
    kk = in_both(tmp_path, [("treaty", "1965-03-18", [], "cites")],
                 "      а) егер екі Жақ 1965 жылғы наурыз айының 18-інде Вашингтонда жасалған мемлекеттердің және "
                 "басқа мемлекеттер азаматтарының арасындағы инвестициялар саласында дауларды реттеу туралы "
                 "Конвенцияның қатысушылары болса.",
                 "      а) принимая во внимание положения заключенной в Вашингтоне 18 марта 1965 года Конвенции об "
                 "урегулировании споров в области инвестиций между государствами и гражданами других государств "
                 "(Конвенция IСSID).")
    assert kk[0]["title"].startswith("мемлекеттердің және басқа")


# ---------------------------------------------------------------- the relation from the verb

def test_reaffirming_in_both_languages(tmp_path):
    kk = refs(tmp_path, "kk", "      1992 жылғы 9 қазанда Бішкек қаласында қол қойылған, ТМД-ға мүше мемлекеттердің ақпарат "
                              "саласындағы ынтымақтастығы туралы келісімнің ережелеріне өздерінің адалдығын қуаттай отырып,")
    ru = refs(tmp_path, "ru", "      подтверждая свою приверженность положениям Соглашения о сотрудничестве в области "
                              "информации государств-членов СНГ, подписанного 9 октября 1992 года в городе Бишкеке,")
    assert facts(kk) == facts(ru) == [("treaty", "1992-10-09", [], "reaffirms")]
    assert kk[0]["title"].startswith("ТМД-ға мүше")


def test_the_un_charter_reaffirmed(tmp_path):
    kk = refs(tmp_path, "kk", "      Біріккен Ұлттар Ұйымы Жарғысының мақсаттары мен қағидаттарына өзінің бейілділігін тағы да растай отырып,")
    ru = refs(tmp_path, "ru", "      подтверждая приверженность целям и принципам Устава Организации Объединенных Наций,")
    assert facts(kk) == facts(ru) == [("un_charter", None, [], "reaffirms")]


def test_superseding_in_an_article(tmp_path):
    kk = refs(tmp_path, "kk", article="      Осы Келісім күшіне енген күннен бастап Қазақстан Республикасының Үкіметі мен Түркия "
                                      "Республикасының Үкіметі арасындағы 1995 жылғы 8 сәуірдегі Әскери-техникалық "
                                      "ынтымақтастық туралы келісім өзінің күшін жояды.")
    ru = refs(tmp_path, "ru", article="      С даты вступления в силу настоящего Соглашения утрачивает силу Соглашение между "
                                      "Правительством Республики Казахстан и Правительством Турецкой Республики о "
                                      "военно-техническом сотрудничестве от 8 апреля 1995 года.")
    # the old treaty bears the new one's name: its date says it is another instrument
    assert facts(kk) == facts(ru) == [("treaty", "1995-04-08", ["KZ", "TR"], "supersedes")]


def test_an_amending_protocol_amends_the_instrument_its_title_names(tmp_path):
    kk = refs(tmp_path, "kk", article="      Келісімнің 5-бабы мынадай редакцияда жазылсын.",
              title="1995 жылғы 8 сәуірдегі Сауда туралы келісімге өзгерістер мен толықтырулар енгізу туралы хаттама")
    ru = refs(tmp_path, "ru", article="      Статью 5 Соглашения изложить в следующей редакции.",
              title="Протокол о внесении изменений и дополнений в Соглашение между Правительством Республики "
                    "Казахстан и Правительством Турецкой Республики о торговле от 8 апреля 1995 года")
    assert facts(kk) == [("treaty", "1995-04-08", ["KZ", "TR"], "amends")]
    assert facts(ru) == [("treaty", "1995-04-08", ["KZ", "TR"], "amends")]


def test_an_amending_protocol_whose_title_is_in_capitals_amends_what_it_names(tmp_path):
    # the database prints many headings in capitals: the readers' small words (между, от, туралы)
    # are read in them too, and the title is quoted as printed
    kk = refs(tmp_path, "kk", article="      Келісімнің 5-бабы мынадай редакцияда жазылсын.",
              title="1995 ЖЫЛҒЫ 8 СӘУІРДЕГІ ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ҮКІМЕТІ МЕН ТҮРКИЯ РЕСПУБЛИКАСЫНЫҢ ҮКІМЕТІ "
                    "АРАСЫНДАҒЫ САУДА ТУРАЛЫ КЕЛІСІМГЕ ӨЗГЕРІСТЕР ЕНГІЗУ ТУРАЛЫ ХАТТАМА")
    ru = refs(tmp_path, "ru", article="      Статью 5 Соглашения изложить в следующей редакции.",
              title="ПРОТОКОЛ О ВНЕСЕНИИ ИЗМЕНЕНИЙ В СОГЛАШЕНИЕ МЕЖДУ ПРАВИТЕЛЬСТВОМ РЕСПУБЛИКИ КАЗАХСТАН И "
                    "ПРАВИТЕЛЬСТВОМ ТУРЕЦКОЙ РЕСПУБЛИКИ О ТОРГОВЛЕ ОТ 8 АПРЕЛЯ 1995 ГОДА")
    assert facts(kk) == facts(ru) == [("treaty", "1995-04-08", ["KZ", "TR"], "amends")]
    assert ru[0]["title"].startswith("СОГЛАШЕНИЕ МЕЖДУ ПРАВИТЕЛЬСТВОМ")


def test_a_party_whose_name_holds_and_is_one_party(tmp_path):
    # "Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі": its "және" does not part two states
    kk = refs(tmp_path, "kk", preamble="      1996 жылғы 13 тамыздағы Қазақстан Республикасы мен Ұлыбритания және "
                                       "Солтүстік Ирландия Құрама Корольдігі арасындағы достық және ынтымақтастық "
                                       "туралы шартты басшылыққа ала отырып,")
    assert facts(kk) == [("treaty", "1996-08-13", ["KZ", "GB"], "guided_by")]


def test_the_title_of_an_instrument_an_article_ends_is_not_the_articles_topic(tmp_path):
    kk = "      Осы Келісім күшіне енген күннен бастап 1995 жылғы 17 желтоқсандағы Қазақстан Республикасының " \
         "Үкіметі мен Түркия Республикасының Үкіметі арасындағы денсаулық сақтау және медицина ғылымы " \
         "саласындағы ынтымақтастық туралы келісімнің күші жойылады."
    ru = "      С даты вступления в силу настоящего Соглашения прекращает свое действие Соглашение между " \
         "Правительством Республики Казахстан и Правительством Турецкой Республики о сотрудничестве в " \
         "области здравоохранения и медицинской науки от 17 декабря 1995 года."
    for lang, article in (("kk", kk), ("ru", ru)):
        text = (_KK if lang == "kk" else _RU).format(title=KK_TITLE if lang == "kk" else RU_TITLE,
                                                     preamble="", article=article)
        path = tmp_path / f"{lang}.txt"
        path.write_text(text, encoding="utf-8")
        rec = extract_file(str(path))
        assert [r["relation"] for r in rec["references"]] == ["supersedes"], lang
        assert rec["articles"][0]["topics"] == ["supersession"], lang


def test_implementing(tmp_path):
    kk = refs(tmp_path, "kk", "      1992 жылғы 18 шілдедегі Қазақстан Республикасы мен Түркия Республикасы арасындағы "
                              "Достық және ынтымақтастық туралы шартты іске асыру мақсатында,")
    ru = refs(tmp_path, "ru", "      в целях реализации Договора о дружбе и сотрудничестве между Республикой Казахстан "
                              "и Турецкой Республикой от 18 июля 1992 года,")
    assert facts(kk) == facts(ru) == [("treaty", "1992-07-18", ["KZ", "TR"], "implements")]


def test_the_two_states_agreement_in_a_preamble_is_implemented_with_this_treatys_parties(tmp_path):
    kk = refs(tmp_path, "kk", "      екі ел мемлекеті арасындағы Келісімге сәйкес және ынтымақтастықты ескере отырып;")
    ru = refs(tmp_path, "ru", "      в рамках Соглашения между Правительствами обоих государств,")
    assert facts(kk) == facts(ru) == [("treaty", None, ["KZ", "TR"], "implements")]


def test_in_accordance_with_in_an_article_only_cites(tmp_path):
    kk = refs(tmp_path, "kk", article="      Тараптар Сауда және кедендік тарифтер туралы жалпы шартқа (GAAT) сәйкес әрекет етеді.")
    assert facts(kk) == [("treaty", None, [], "cites")]


# ---------------------------------------------------------------- false friends and generic mentions

def test_false_friends_give_no_reference(tmp_path):
    kk = refs(tmp_path, "kk", "      екі мемлекет арасындағы қатынастарды дамыту тілегін басшылыққа ала отырып,",
              "      Айтылғандарды растай отырып, Тараптар осы Келісімге қол қойды. Түсіндіруде алшақтық туындаған "
              "жағдайда Тараптар орыс тіліндегі мәтінді басшылыққа алады. Осы Келісім Тараптардың басқа халықаралық "
              "шарттардан туындайтын құқықтары мен міндеттеріне әсерін тигізбейді.")
    ru = refs(tmp_path, "ru", "      руководствуясь стремлением к развитию сотрудничества,",
              "      Настоящее Соглашение не затрагивает прав и обязательств Сторон, вытекающих из других "
              "международных договоров. В случае разногласий Стороны будут руководствоваться текстом на русском языке.")
    assert kk == [] and ru == []


def test_stating_in_an_article_that_obligations_stand_is_not_reaffirming(tmp_path):
    kk = in_both(tmp_path, [("treaty", "1963-09-14", [], "cites")],
                 "      Тараптар бір-біріне қатысты міндеттемелерінің осы Келісімнің ажырамас бөлігі болып табылатынын "
                 "растайды және 1963 жылғы 14 қыркүйекте Токиода қол қойылған әуе кемесінің бортында жасалатын "
                 "қылмыстар туралы Конвенцияның қағидаларына сәйкес әрекет етеді.",
                 "      Договаривающиеся Стороны подтверждают, что взятые ими обязательства составляют неотъемлемую "
                 "часть настоящего Соглашения, и действуют в соответствии с положениями Конвенции о преступлениях на "
                 "борту воздушных судов, подписанной в Токио 14 сентября 1963 года.")
    assert kk[0]["title"].startswith("әуе кемесінің бортында")


def test_a_kind_of_agreement_is_not_an_instrument(tmp_path):
    kk = refs(tmp_path, "kk", article="      Осы Келісімнің ережелері кедендік одақ немесе еркін сауда аймағы туралы қазіргі бар "
                                      "және болашақтағы келісімге, екі жақтан салық салудан босату туралы келісімге қолданылмайды.")
    ru = refs(tmp_path, "ru", article="      Положения настоящего Соглашения не распространяются на соглашения об устранении "
                                      "двойного налогообложения.")
    assert kk == [] and ru == []


def test_the_same_instrument_named_twice_is_one_reference_and_the_treaty_never_cites_itself(tmp_path):
    kk = refs(tmp_path, "kk", "      1963 жылғы 24 сәуірдегі Венада қол қойылған Консулдық қатынастар жөніндегі Вена "
                              "конвенциясының ережелері қолданылатынын растай отырып,",
              "      Тараптар Консулдық қатынастар туралы Вена конвенциясының 3-бөлімі ережелерін қолданады. "
              "Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі арасындағы Әскери-техникалық "
              "ынтымақтастық туралы келісім Тараптарды міндеттейді.")
    assert facts(kk) == [("treaty", "1963-04-24", [], "reaffirms")]


# ---------------------------------------------------------------- the real acts

def _shared(path):
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: ../shared must be beside the repository in CI")
        pytest.skip("../shared is not beside the repository")
    return str(path)


def test_the_thai_air_services_agreement_cites_four_dated_conventions():
    rec = extract_file(_shared(CORPUS / "02_kz-th-air-services-1996" / "kaz.md"))
    assert dates_and_relations(rec["references"]) == [("1944-12-07", "cites"), ("1963-09-14", "cites"),
                                                      ("1970-12-16", "cites"), ("1971-09-23", "cites")]


@pytest.mark.parametrize("folder", [CORPUS / "02_kz-th-air-services-1996", CORPUS / "04_kz-tr-military-technical-protocol-2001",
                                    CORPUS / "07_kz-hu-international-road-transport-1996",
                                    ESPI / "1030-o-ratifikatsii-soglasheniia-mezhdu-pravitelstvom-respubliki-kaza-104107"],
                         ids=lambda p: p.name[:4])
def test_the_kazakh_and_the_russian_text_give_the_same_references(folder):
    kk = extract_file(_shared(folder / "kaz.md"))["references"]
    ru = extract_file(_shared(folder / "rus.md"))["references"]
    assert kk and dates_and_relations(kk) == dates_and_relations(ru)


def test_a_treaty_does_not_reference_itself():
    rec = extract_file(_shared(CORPUS / "09_kz-tj-economic-cooperation-1995" / "kaz.md"))
    assert facts(rec["references"]) == [("treaty", "1993-01-13", ["KZ", "TJ"], "guided_by")]


def test_a_charter_is_named_not_described_and_accordance_with_the_un_charter_is_no_implementation(tmp_path):
    kk = refs(tmp_path, "kk", "      Тәуелсіз Мемлекеттер Достастығының Жарғысын басшылыққа ала отырып,\n"
                              "      Біріккен Ұлттар Ұйымының Жарғысына сәйкес,")
    ru = refs(tmp_path, "ru", "      руководствуясь Уставом Содружества Независимых Государств,\n"
                              "      в соответствии с Уставом ООН,")
    assert facts(kk) == facts(ru) == [("treaty", None, [], "guided_by"), ("un_charter", None, [], "cites")]


def test_an_organisations_convention_dated_before_the_kazakh_name_and_after_the_russian(tmp_path):
    in_both(tmp_path, [("treaty", "1982-12-10", [], "cites")],
            "      1982 жылғы 10 желтоқсандағы Біріккен Ұлттар Ұйымының Теңіз құқығы жөніндегі Конвенциясын назарға ала отырып,",
            "      принимая во внимание Конвенцию Организации Объединенных Наций по морскому праву от 10 декабря 1982 года,",
            where="preamble")


def test_in_accordance_with_implements_only_the_instrument_it_governs(tmp_path):
    kk = refs(tmp_path, "kk", "      1944 жылғы 7 желтоқсанда Чикагода қол қойылған Халықаралық азаматтық авиация туралы "
                              "Конвенцияны ескере отырып және халықаралық құқықтың жалпыға бірдей танылған нормаларына сәйкес,")
    assert facts(kk) == [("treaty", "1944-12-07", [], "cites")]


def test_an_organisation_named_after_a_treaty_is_not_that_treaty_its_charter_is_the_reference(tmp_path):
    kk = refs(tmp_path, "kk", "      2002 жылғы 7 қазандағы Ұжымдық қауіпсіздік туралы шарт ұйымының Жарғысын ескере отырып,")
    ru = refs(tmp_path, "ru", "      принимая во внимание Устав Организации Договора о коллективной безопасности от 7 октября 2002 года,")
    # one instrument in each language: the Charter, not the Collective Security Treaty in its name
    assert facts(kk) == facts(ru) == [("treaty", "2002-10-07", [], "cites")]
    assert kk[0]["title"] == "Ұжымдық қауіпсіздік туралы шарт ұйымының Жарғысы"
    assert ru[0]["title"] == "Устав Организации Договора о коллективной безопасности"


@pytest.mark.parametrize("lang, preamble, title, date, relation", [
    # the charter of an organisation, named by the organisation in the genitive (not by a subject)
    ("kk", "      1946 жылғы 22 шілдеде Нью-Йоркте қабылданған Дүниежүзілік денсаулық сақтау ұйымы Жарғысының "
           "қағидаттарына адалдығын растай отырып,",
     "Дүниежүзілік денсаулық сақтау ұйымы Жарғысы", "1946-07-22", "reaffirms"),
    ("ru", "      подтверждая свою приверженность принципам Устава Всемирной организации здравоохранения, "
           "принятого в Нью-Йорке 22 июля 1946 года,",
     "Устава Всемирной организации здравоохранения", "1946-07-22", "reaffirms"),
    # a subject with "against", an organisation's convention
    ("kk", "      2000 жылғы 15 қарашада Нью-Йоркте қабылданған Біріккен Ұлттар Ұйымының Трансұлттық ұйымдасқан "
           "қылмысқа қарсы конвенциясының ережелерін басшылыққа ала отырып,",
     "Біріккен Ұлттар Ұйымының Трансұлттық ұйымдасқан қылмысқа қарсы конвенциясы", "2000-11-15", "guided_by"),
    ("ru", "      руководствуясь положениями Конвенции Организации Объединенных Наций против транснациональной "
           "организованной преступности, принятой в Нью-Йорке 15 ноября 2000 года,",
     "Конвенции Организации Объединенных Наций против транснациональной организованной преступности", "2000-11-15", "guided_by"),
    # the subject head before an organisation's genitive: the name runs from the subject
    ("kk", "      1988 жылғы 20 желтоқсандағы Есірткі құралдары мен психотроптық заттардың заңсыз айналымына қарсы "
           "күрес туралы Біріккен Ұлттар Ұйымының Конвенциясын ескере отырып,",
     "Есірткі құралдары мен психотроптық заттардың заңсыз айналымына қарсы күрес туралы Біріккен Ұлттар Ұйымының "
     "Конвенциясы", "1988-12-20", "cites"),
    # an establishing participle after the noun; a capitalised adjective is a name, not "international treaties"
    ("ru", "      учитывая положения Конвенции, учреждающей Всемирную организацию интеллектуальной собственности, "
           "подписанной в Стокгольме 14 июля 1967 года,",
     "Конвенции, учреждающей Всемирную организацию интеллектуальной собственности", "1967-07-14", "cites"),
    ("ru", "      подтверждая свою приверженность принципам Международной конвенции об упрощении и гармонизации "
           "таможенных процедур, совершенной в Киото 18 мая 1973 года,",
     "Международной конвенции об упрощении и гармонизации таможенных процедур", "1973-05-18", "reaffirms"),
])
def test_charters_conventions_of_organisations_and_their_subjects(tmp_path, lang, preamble, title, date, relation):
    found = refs(tmp_path, lang, preamble)
    assert [(r["title"], r["date"], r["relation"]) for r in found] == [(title, date, relation)]


@pytest.mark.parametrize("lang, preamble, title, date", [
    # an instrument named by the city it was made in, or by its adjectives alone
    ("kk", "      2015 жылғы 12 желтоқсандағы Париж келісімінің мақсаттарына қол жеткізуге ұмтыла отырып,",
     "Париж келісімі", "2015-12-12"),
    ("ru", "      стремясь содействовать достижению целей Парижского соглашения от 12 декабря 2015 года,",
     "Парижского соглашения", "2015-12-12"),
    # a capitalised word right after a signing phrase names it, city or not
    ("kk", "      1875 жылғы 20 мамырда Парижде қол қойылған Метр конвенциясының ережелерін ескере отырып,",
     "Метр конвенциясы", "1875-05-20"),
    ("ru", "      принимая во внимание положения Всемирной почтовой конвенции,", "Всемирной почтовой конвенции", None),
    ("kk", "      1947 жылғы 11 қазандағы Дүниежүзілік метеорологиялық ұйымның Конвенциясының ережелерін басшылыққа ала отырып,",
     "Дүниежүзілік метеорологиялық ұйымның Конвенциясы", "1947-10-11"),
    ("ru", "      руководствуясь положениями Конвенции Всемирной метеорологической организации от 11 октября 1947 года,",
     "Конвенции Всемирной метеорологической организации", "1947-10-11"),
    ("ru", "      руководствуясь принципами Рио-де-Жанейрской декларации по окружающей среде и развитию,",
     "Рио-де-Жанейрской декларации по окружающей среде и развитию", None),
    # a name that starts with a capital right after its date runs whole to its head
    ("kk", "      1986 жылғы 26 қыркүйектегі Ядролық авария немесе радиациялық авариялық жағдай кезінде көмек көрсету "
           "туралы конвенцияны ескере отырып,",
     "Ядролық авария немесе радиациялық авариялық жағдай кезінде көмек көрсету туралы конвенция", "1986-09-26"),
])
def test_names_without_a_subject_head(tmp_path, lang, preamble, title, date):
    found = refs(tmp_path, lang, preamble)
    assert [(r["title"], r["date"]) for r in found] == [(title, date)]


@pytest.mark.parametrize("lang, preamble", [
    ("ru", "      принимая во внимание практику соглашений между администрациями связи двух стран,"),
    # this instrument itself, under its capitalised adjective
    ("ru", "      учитывая, что в настоящее Дополнительное соглашение могут вноситься изменения,"),
])
def test_a_kind_of_instrument_or_this_one_is_no_reference(tmp_path, lang, preamble):
    assert refs(tmp_path, lang, preamble) == []


def test_a_body_named_by_its_countrys_adjective_is_a_party(tmp_path):
    found = refs(tmp_path, "ru", "      принимая во внимание Меморандум о взаимопонимании между Министерством энергетики "
                                 "Республики Казахстан и Турецким агентством по энергетике, подписанный 15 октября 2019 года,")
    assert facts(found) == [("treaty", "2019-10-15", ["KZ", "TR"], "cites")]


@pytest.mark.parametrize("title, lang", [
    ("Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі арасындағы Сауда кеме қатынасы туралы "
     "келісімге Қосымша келісім", "kk"),
    ("Дополнительное соглашение к Соглашению между Правительством Республики Казахстан и Правительством Турецкой "
     "Республики о торговом мореплавании", "ru"),
])
def test_a_supplementary_agreement_amends_the_one_it_supplements(tmp_path, title, lang):
    found = refs(tmp_path, lang, title=title)
    assert [(r["relation"], r["parties"]) for r in found] == [("amends", ["KZ", "TR"])]


@pytest.mark.parametrize("article, relation", [
    # the parties carry this treaty out in accordance with the other: it implements that one
    ("      Стороны осуществляют реализацию настоящего Соглашения в соответствии с Соглашением между Правительством "
     "Республики Казахстан и Правительством Турецкой Республики об экономическом сотрудничестве от 27 мая 1996 года.",
     "implements"),
    ("      Тараптар осы Келісімді Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі арасындағы "
     "1996 жылғы 27 мамырдағы Экономикалық ынтымақтастық туралы келісімге сәйкес іске асырады.", "implements"),
    # questions arising in carrying it out are settled under the other: it only cites that one
    ("      Вопросы, возникающие при реализации настоящего Соглашения, решаются в соответствии с Соглашением между "
     "Правительством Республики Казахстан и Правительством Турецкой Республики об экономическом сотрудничестве "
     "от 27 мая 1996 года.", "cites"),
])
def test_implementing_in_accordance_with_an_article_sentence(tmp_path, article, relation):
    lang = "ru" if "Стороны" in article or "Вопросы" in article else "kk"
    found = refs(tmp_path, lang, article=article)
    assert [(r["date"], r["relation"]) for r in found] == [("1996-05-27", relation)]


def test_the_un_charter_is_one_reference_not_also_a_charter_of_an_organisation(tmp_path):
    found = refs(tmp_path, "kk", "      Біріккен Ұлттар Ұйымының Жарғысын басшылыққа ала отырып,")
    assert facts(found) == [("un_charter", None, [], "guided_by")]


@pytest.mark.parametrize("article, title", [
    # a year after a Russian name and an abbreviation in brackets are not part of it
    ("      Стороны сотрудничают в соответствии с Единой конвенцией о наркотических средствах 1961 года и "
     "Конвенцией о психотропных веществах 1971 года.",
     ["Единой конвенцией о наркотических средствах", "Конвенцией о психотропных веществах"]),
    ("      Перевозки опасных грузов осуществляются в соответствии с Европейским соглашением о международной "
     "дорожной перевозке опасных грузов (ДОПОГ) от 30 сентября 1957 года.",
     ["Европейским соглашением о международной дорожной перевозке опасных грузов"]),
])
def test_what_follows_a_russian_name_is_not_part_of_it(tmp_path, article, title):
    assert [r["title"] for r in refs(tmp_path, "ru", article=article)] == title


def test_in_accordance_with_an_article_of_an_earlier_treaty_in_the_preamble_implements_it(tmp_path):
    ru = refs(tmp_path, "ru", "      в соответствии со статьей 9 Договора между Республикой Казахстан и Турецкой Республикой "
                              "о военном сотрудничестве от 28 марта 1994 года,")
    kk = refs(tmp_path, "kk", "      Қазақстан Республикасы мен Түркия Республикасы арасындағы 1994 жылғы 28 наурыздағы Әскери "
                              "ынтымақтастық туралы шарттың 9-бабына сәйкес,")
    assert facts(ru) == facts(kk) == [("treaty", "1994-03-28", ["KZ", "TR"], "implements")]


def test_a_dated_name_whose_party_phrase_follows_the_date_keeps_both_parties(tmp_path):
    """"1992 жылғы 7 наурыздағы Қазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі
    арасындағы ... туралы келісімге": the name starts at the party phrase, not at the capital of
    the second party."""
    article = ("      1992 жылғы 7 наурыздағы Қазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі "
               "арасындағы халықаралық автомобиль қатынасы туралы келісімге мынадай өзгерістер енгізілсін:")
    [found] = refs(tmp_path, "kk", article=article)
    assert (found["date"], found["parties"], found["relation"]) == ("1992-03-07", ["KZ", "TM"], "amends")
    assert found["title"].startswith("Қазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі арасындағы")


def test_an_annexed_protocol_naming_the_agreement_with_a_blank_place_names_the_treaty_itself(tmp_path):
    """A protocol appended to the agreement cites "the Agreement ... signed at ____ on 199_":
    the treaty itself, whose signing words are no part of its name."""
    article = ("      Қазақстан Республикасының Үкіметі мен Түркия Республикасының Үкіметі арасындағы 199 \"___\" "
               "____________ қаласында қол қойылған Әскери-техникалық ынтымақтастық туралы Келісімнің 1-бабына сәйкес")
    assert refs(tmp_path, "kk", article=article) == []


AMENDING_PROTOCOL_WITH_ANNEX = """## ПРОТОКОЛ о внесении изменений в Соглашение между Правительством Республики Казахстан и Правительством Кыргызской Республики о порядке пересечения государственной границы жителями приграничных районов от 17 февраля 2009 года

Правительство Республики Казахстан и Правительство Кыргызской Республики, далее именуемые Сторонами,

согласились о нижеследующем:

1. Статью 3 Соглашения изложить в следующей редакции: «Жители приграничных районов пересекают границу по паспорту.»

2. Приложение 2 к Соглашению изложить в редакции согласно приложению к настоящему Протоколу.

3. Настоящий Протокол вступает в силу с даты получения последнего письменного уведомления о выполнении Сторонами внутригосударственных процедур.

Совершено в городе Бишкеке 28 мая 2014 года в двух экземплярах, каждый на казахском, кыргызском и русском языках, причем все тексты имеют одинаковую силу.

**За Правительство Республики Казахстан**

**За Правительство Кыргызской Республики**

> *Приложение*  
> *к Протоколу о внесении изменений в Соглашение между Правительством Республики Казахстан и Правительством Кыргызской Республики о порядке пересечения государственной границы жителями приграничных районов от 17 февраля 2009 года*

**Перечень пунктов пропуска**

1. Карасу — Карасу.
"""


def test_an_annex_attached_to_the_protocol_names_the_protocol_not_another_instrument(tmp_path):
    path = tmp_path / "rus.md"
    path.write_text(AMENDING_PROTOCOL_WITH_ANNEX, encoding="utf-8")
    rec = extract_file(str(path))
    assert [p["kind"] for p in rec["parts"]] == ["annex"] and rec["article_count"] == 0
    # "Приложение / к Протоколу о внесении изменений в Соглашение ..." attaches the annex: one
    # reference, the amended agreement
    assert [(r["relation"], r["date"]) for r in rec["references"]] == [("amends", "2009-02-17")]


@pytest.mark.parametrize("lang, text, where, expected", [
    # one date for two names joined by a conjunction
    ("kk", "      1966 жылғы 16 желтоқсандағы Экономикалық, әлеуметтік және мәдени құқықтар туралы халықаралық пакт пен "
           "Азаматтық және саяси құқықтар туралы халықаралық пактінің ережелерін ескере отырып,", "preamble",
     [("1966-12-16", "cites"), ("1966-12-16", "cites")]),
    ("ru", "      учитывая положения Международного пакта об экономических, социальных и культурных правах и "
           "Международного пакта о гражданских и политических правах от 16 декабря 1966 года,", "preamble",
     [("1966-12-16", "cites"), ("1966-12-16", "cites")]),
    # a place and date in brackets after the name
    ("kk", "      Тараптар Ұжымдық қауіпсіздік туралы шарт ұйымына мүше мемлекеттер арасындағы әскери-техникалық "
           "ынтымақтастықтың негізгі қағидаттары туралы келісімге (Мәскеу, 2000 жылғы 20 маусым) сәйкес әрекет етеді.",
     "article", [("2000-06-20", "cites")]),
    ("ru", "      Стороны действуют в соответствии с Соглашением об основных принципах военно-технического сотрудничества "
           "между государствами - членами Организации Договора о коллективной безопасности (Москва, 20 июня 2000 года).",
     "article", [("2000-06-20", "cites")]),
    # "г." is no end of the clause; a long participle phrase still gives the date
    ("ru", "      Стороны сотрудничают в целях реализации статьи 7 Соглашения о торгово-экономическом сотрудничестве между "
           "Республикой Казахстан и Турецкой Республикой, подписанного в г. Анкаре 24 февраля 1992 года.", "article",
     [("1992-02-24", "implements")]),
    ("ru", "      руководствуясь положениями Международной конвенции по защите растений, принятой в рамках "
           "Продовольственной и сельскохозяйственной организации Объединенных Наций в Риме 6 декабря 1951 года,",
     "preamble", [("1951-12-06", "guided_by")]),
    # an "от" that no date follows is inside the name
    ("ru", "      Вопросы налогообложения регулируются Соглашением между Правительством Республики Казахстан и "
           "Правительством Турецкой Республики об избежании двойного налогообложения и предотвращении уклонения от "
           "уплаты налогов от 19 сентября 2006 года.", "article", [("2006-09-19", "cites")]),
    # "within the framework" before the name belongs to another phrase; results achieved under it cite it
    ("kk", "      ТМД шеңберінде жасалған Тәуелсіз Мемлекеттер Достастығына қатысушы мемлекеттердің терроризммен "
           "күрестегі ынтымақтастығы туралы 1999 жылғы 4 маусымдағы шарттың ережелерін ескере отырып,", "preamble",
     [("1999-06-04", "cites")]),
    ("ru", "      высоко оценивая результаты, достигнутые в рамках Соглашения между Министерством обороны Республики "
           "Казахстан и Министерством обороны Турецкой Республики о военном сотрудничестве от 5 сентября 1997 года,",
     "preamble", [("1997-09-05", "cites")]),
    # the old convention's provisions cease to apply: superseded
    ("ru", "      Положения Конвенции между Турецкой Республикой и Республикой Казахстан об избежании двойного "
           "налогообложения, подписанной в Анкаре 18 января 1996 года, прекращают применяться с даты вступления в силу "
           "настоящей Конвенции.", "article", [("1996-01-18", "supersedes")]),
])
def test_dates_and_relations_of_the_third_written_set(tmp_path, lang, text, where, expected):
    found = refs(tmp_path, lang, text) if where == "preamble" else refs(tmp_path, lang, article=text)
    assert [(r["date"], r["relation"]) for r in found] == expected


def test_a_name_led_by_its_organisations_genitive_starts_with_the_organisation(tmp_path):
    found = refs(tmp_path, "kk", "      Дүниежүзілік сауда ұйымының Саудадағы техникалық кедергілер туралы келісімінің "
                                 "қағидаттарын басшылыққа ала отырып,")
    assert [r["title"] for r in found] == ["Дүниежүзілік сауда ұйымының Саудадағы техникалық кедергілер туралы келісімі"]


def test_what_an_organisation_set_is_no_name_of_an_instrument(tmp_path):
    found = refs(tmp_path, "kk", article="      Тараптар Халықаралық азаматтық авиация ұйымы белгілеген және Конвенцияға "
                                         "қосымшалар ретінде ресімделген стандарттарға сәйкес әрекет етеді.")
    assert found == []


def test_an_instrument_of_more_than_two_states_has_no_bilateral_parties(tmp_path):
    kk = refs(tmp_path, "kk", article="      Тараптар Қазақстан Республикасының Үкіметі, Қырғыз Республикасының Үкіметі, Тәжікстан "
              "Республикасының Үкіметі және Өзбекстан Республикасының Үкіметі мен Америка Құрама Штаттарының Үкіметі "
              "арасындағы 2004 жылғы 1 маусымдағы Сауда және инвестициялар туралы негіздемелік келісімге сәйкес әрекет етеді.")
    ru = refs(tmp_path, "ru", article="      Стороны действуют в соответствии с Рамочным соглашением о торговле и инвестициях "
              "между Правительством Республики Казахстан, Правительством Кыргызской Республики, Правительством Республики "
              "Таджикистан, Правительством Республики Узбекистан и Правительством Соединенных Штатов Америки от 1 июня 2004 года.")
    assert facts(kk) == facts(ru) == [("treaty", "2004-06-01", [], "cites")]


def test_a_joint_communique_is_a_reference_and_a_contractual_basis_is_none(tmp_path):
    ru = refs(tmp_path, "ru", "      руководствуясь Совместным коммюнике об установлении дипломатических отношений между "
                              "Республикой Казахстан и Турецкой Республикой от 24 февраля 1993 года,")
    assert facts(ru) == [("other", "1993-02-24", ["KZ", "TR"], "guided_by")]
    assert refs(tmp_path, "kk", "      екі мемлекет арасындағы консулдық қатынастардың шарттық-құқықтық негізін нығайтуды "
                                "қалай отырып,") == []


@pytest.mark.parametrize("lang, preamble, expected", [
    # a plural inside a name does not start another ("о праве международных договоров")
    ("ru", "      принимая во внимание статью 39 Венской конвенции о праве международных договоров от 23 мая 1969 года,",
     [("Венской конвенции о праве международных договоров", "1969-05-23", "cites")]),
    # a date inside a Russian name, its subject after it
    ("ru", "      учитывая положения Монреальской конвенции от 23 сентября 1971 года о борьбе с незаконными актами, "
           "направленными против безопасности гражданской авиации,",
     [("Монреальской конвенции от 23 сентября 1971 года о борьбе с незаконными актами, направленными против "
       "безопасности гражданской авиации", "1971-09-23", "cites")]),
    # a participle after a comma goes on with the name; "и не ..." goes on with the sentence
    ("ru", "      учитывая положения Конвенции о международной торговле видами дикой фауны и флоры, находящимися под "
           "угрозой исчезновения,",
     [("Конвенции о международной торговле видами дикой фауны и флоры, находящимися под угрозой исчезновения", None, "cites")]),
    # a name attached to another's is the other's; a date after the second of two kinds is the second's
    ("ru", "      руководствуясь положениями Договора к Энергетической хартии от 17 декабря 1994 года,",
     [("Договора к Энергетической хартии", "1994-12-17", "guided_by")]),
    ("ru", "      подтверждая приверженность обязательствам, вытекающим из Рамочной конвенции Организации Объединенных "
           "Наций об изменении климата и Киотского протокола от 11 декабря 1997 года,",
     [("Рамочной конвенции Организации Объединенных Наций об изменении климата", None, "reaffirms"),
      ("Киотского протокола", "1997-12-11", "reaffirms")]),
    ("kk", "      1994 жылғы 17 желтоқсандағы Энергетикалық хартияға қатысты шарттың ережелерін басшылыққа ала отырып,",
     [("Энергетикалық хартияға қатысты шарт", "1994-12-17", "guided_by")]),
    ("kk", "      Климаттың өзгеруі туралы Біріккен Ұлттар Ұйымының негіздемелік конвенциясынан және 1997 жылғы "
           "11 желтоқсандағы Киото хаттaмасынан туындайтын міндеттемелеріне адалдығын растай отырып,",
     [("Климаттың өзгеруі туралы Біріккен Ұлттар Ұйымының негіздемелік конвенциясы", None, "reaffirms"),
      ("Киото хаттамасы", "1997-12-11", "reaffirms")]),
    # a comma between parallel forms does not part a Kazakh name
    ("kk", "      Мәдени құндылықтарды заңсыз әкелуге, әкетуге және меншік құқығын беруге тыйым салу шаралары туралы "
           "конвенцияның ережелерін ескере отырып,",
     [("Мәдени құндылықтарды заңсыз әкелуге, әкетуге және меншік құқығын беруге тыйым салу шаралары туралы конвенция",
       None, "cites")]),
    # a name led by its organisation, or by its subject clause, across its date
    ("kk", "      Біріккен Ұлттар Ұйымының 2003 жылғы 31 қазандағы Сыбайлас жемқорлыққа қарсы конвенциясын ескере отырып,",
     [("Біріккен Ұлттар Ұйымының 2003 жылғы 31 қазандағы Сыбайлас жемқорлыққа қарсы конвенциясы", "2003-10-31", "cites")]),
    ("kk", "      Халықаралық еңбек ұйымының 1952 жылғы 28 маусымдағы Әлеуметтік қамсыздандырудың ең төменгі нормалары "
           "туралы конвенциясын назарға ала отырып,",
     [("Халықаралық еңбек ұйымының 1952 жылғы 28 маусымдағы Әлеуметтік қамсыздандырудың ең төменгі нормалары туралы "
       "конвенциясы", "1952-06-28", "cites")]),
    ("kk", "      Шетелдік ресми құжаттарды заңдастыру талабын жоятын 1961 жылғы 5 қазандағы Гаага конвенциясын "
           "назарға ала отырып,",
     [("Шетелдік ресми құжаттарды заңдастыру талабын жоятын 1961 жылғы 5 қазандағы Гаага конвенциясы", "1961-10-05", "cites")]),
    # an organisation's abbreviation owns its charter
    ("kk", "      МАГАТЭ Жарғысының ережелерін назарға ала отырып,", [("МАГАТЭ Жарғысы", None, "cites")]),
    ("ru", "      принимая во внимание положения Устава МАГАТЭ,", [("Устава МАГАТЭ", None, "cites")]),
    # a name that opens with its sides
    ("kk", "      1995 жылғы 23 қаңтарда Брюссельде қол қойылған Бір тараптан Еуропалық қоғамдастықтар мен олардың "
           "мүше мемлекеттері және екінші тараптан Қазақстан Республикасы арасындағы әріптестік және ынтымақтастық "
           "туралы келісімнің маңызын назарға ала отырып,",
     [("Бір тараптан Еуропалық қоғамдастықтар мен олардың мүше мемлекеттері және екінші тараптан Қазақстан "
       "Республикасы арасындағы әріптестік және ынтымақтастық туралы келісім", "1995-01-23", "cites")]),
])
def test_names_of_round_six(tmp_path, lang, preamble, expected):
    found = refs(tmp_path, lang, preamble)
    assert [(r["title"], r["date"], r["relation"]) for r in found] == expected


def test_a_named_instrument_keeps_its_words_and_its_own_date(tmp_path):
    """The Helsinki Final Act as the text names it, in the nominative; the Charter undated where
    the date after it is the next name's."""
    kk = refs(tmp_path, "kk", "      Еуропадағы қауіпсіздік және ынтымақтастық жөніндегі кеңестің Хельсинки Қорытынды "
                               "актісінің ережелеріне адалдығын растай отырып,")
    assert [(r["target"], r["title"]) for r in kk] == [
        ("helsinki_final_act", "Еуропадағы қауіпсіздік және ынтымақтастық жөніндегі кеңестің Хельсинки Қорытынды актісі")]
    ru = refs(tmp_path, "ru", "      подтверждая свою приверженность целям и принципам Устава Организации Объединенных "
                               "Наций, Хельсинкского Заключительного акта от 1 августа 1975 года,")
    assert [(r["target"], r["date"]) for r in ru] == [("un_charter", None), ("helsinki_final_act", "1975-08-01")]


# ---------------------------------------------------------------- round eleven

_PROTOCOL_KK = "Үкіметаралық комиссия құру туралы хаттама"
_PROTOCOL_RU = ("Протокол между Правительством Республики Казахстан и Правительством Турецкой Республики "
                "о создании межправительственной комиссии")


def test_a_name_the_treaty_gives_an_instrument_carries_what_its_articles_do_to_it(tmp_path):
    """"(бұдан әрі – Келісім)", "(далее – Соглашение)": an article that changes the words of "the
    Agreement" amends that instrument; one that ties its own life to it does not end it."""
    kk_pre = ("      2006 жылғы 20 қарашада Анкарада қол қойылған Қазақстан Республикасының Үкіметі мен Түркия "
              "Республикасының Үкіметі арасындағы экономикалық ынтымақтастық туралы келісімнің (бұдан әрі – Келісім) "
              "ережелерін дамыта отырып,")
    ru_pre = ("      развивая положения Соглашения между Правительством Республики Казахстан и Правительством Турецкой "
              "Республики об экономическом сотрудничестве, подписанного в Анкаре 20 ноября 2006 года (далее – Соглашение),")
    for kk_art, ru_art, rel in (
            ("      Келісімнің 9-бабындағы «Бірлескен комитет» деген сөздер «Үкіметаралық комиссия» деген сөздермен ауыстырылсын.",
             "      В статье 9 Соглашения слова «Совместный комитет» заменить словами «Межправительственная комиссия».",
             "amends"),
            ("      Келісімнің қолданылуы тоқтатылған жағдайда осы Хаттаманың қолданылуы да тоқтатылады.",
             "      В случае прекращения действия Соглашения прекращается действие настоящего Протокола.",
             "cites")):
        kk = refs(tmp_path, "kk", kk_pre, kk_art, _PROTOCOL_KK)
        ru = refs(tmp_path, "ru", ru_pre, ru_art, _PROTOCOL_RU)
        assert facts(kk) == facts(ru) == [("treaty", "2006-11-20", ["KZ", "TR"], rel)], (kk_art, facts(kk), facts(ru))


def test_the_ministries_agreement_named_in_the_governments_one_is_another_instrument(tmp_path):
    """Same parties, nearly the same subject, no date: the ministries' agreement is not the
    treaty itself, and its subject's list ("білім, мәдениет және ғылым") is one name."""
    found = refs(tmp_path, "kk", "      Қазақстан Республикасының Білім және ғылым министрлігі мен Түркия Республикасының "
                                 "Ұлттық білім министрлігі арасындағы білім, мәдениет және ғылым саласындағы ынтымақтастық "
                                 "туралы келісімнің ережелерін басшылыққа ала отырып,",
                 title="Білім және ғылым саласындағы ынтымақтастық туралы келісім")
    assert facts(found) == [("treaty", None, ["KZ", "TR"], "guided_by")]
    assert found[0]["title"].startswith("Қазақстан Республикасының Білім және ғылым министрлігі мен")


def test_a_noun_after_a_name_s_o_is_its_subject(tmp_path):
    found = refs(tmp_path, "ru", article="      Каждая перевозка сопровождается накладной, оформленной в соответствии с "
                                         "Конвенцией о договоре международной дорожной перевозки грузов от 19 мая 1956 года.")
    assert [(r["title"], r["date"], r["relation"]) for r in found] == [
        ("Конвенцией о договоре международной дорожной перевозки грузов", "1956-05-19", "cites")]


def test_names_of_round_twelve(tmp_path):
    """Round 12's wordings: a name after "Осы Келісім" and a state's genitive that owns the
    sentence's obligations; a headless name right after its date, but not one inside a longer
    name; a recommendation and a protocol whose names the grammar does not read; a code an
    organisation adopted; a Russian name after an article's number, and one whose parties come
    before its date and its subject."""
    kk = refs(tmp_path, "kk", article=(
        "      Осы Келісім Исландияның Еуропалық экономикалық аймақ туралы келісімнен (Порту, 1992 жылғы 2 мамыр) "
        "туындайтын міндеттемелерін қозғамайды. Осы Келісім Гана Республикасының Африка континенттік еркін сауда "
        "аймағын құру туралы келісімге қатысуынан туындайтын міндеттемелерін қозғамайды. Босния және Герцеговина "
        "үшін - 2006 жылғы 19 желтоқсандағы Орталық Еуропа еркін сауда келісімінен туындайтын артықшылықтар "
        "қолданылмайды. Тараптар Кеден ынтымақтастығы кеңесінің 1953 жылғы 5 желтоқсандағы Өзара әкімшілік көмек "
        "туралы ұсынымын ескереді. Тараптар Біріккен Ұлттар Ұйымының Азық-түлік және ауыл шаруашылығы ұйымы "
        "қабылдаған Жауапты балық аулау кодексінің қағидаттарына сүйене отырып тәжірибе алмасады."))
    assert [(r["title"], r["date"], r["relation"]) for r in kk] == [
        ("Еуропалық экономикалық аймақ туралы келісім", "1992-05-02", "cites"),
        ("Африка континенттік еркін сауда аймағын құру туралы келісім", None, "cites"),
        ("Орталық Еуропа еркін сауда келісімі", "2006-12-19", "cites"),
        ("Кеден ынтымақтастығы кеңесінің 1953 жылғы 5 желтоқсандағы Өзара әкімшілік көмек туралы ұсынымы", "1953-12-05", "cites"),
        ("Жауапты балық аулау кодексі", None, "guided_by"),
    ], kk
    assert [r["target"] for r in kk] == ["treaty", "treaty", "treaty", "other", "other"]
    # the date of a name inside a longer one is the longer one's
    inner = refs(tmp_path, "kk", article=(
        "      Персоналдың мәртебесі 1995 жылғы 19 маусымдағы Солтүстік Атлантика шартына қатысушы мемлекеттер "
        "мен басқа мемлекеттер арасындағы олардың күштерінің мәртебесі туралы келісіммен айқындалады."))
    assert [(r["title"], r["date"]) for r in inner] == [
        ("Солтүстік Атлантика шартына қатысушы мемлекеттер мен басқа мемлекеттер арасындағы олардың күштерінің "
         "мәртебесі туралы келісім", "1995-06-19")], inner
    ru = refs(tmp_path, "ru", preamble=(
        "      руководствуясь положениями Протокола о предупреждении и пресечении торговли людьми, особенно "
        "женщинами и детьми, и наказании за нее,"), article=(
        "      Преступления, указанные в статье 2 Международной конвенции о борьбе с финансированием терроризма "
        "(Нью-Йорк, 9 декабря 1999 года), не рассматриваются как политические. Настоящее Соглашение не затрагивает "
        "обязательств, вытекающих из Соглашения между Правительством Республики Казахстан и Правительством "
        "Турецкой Республики от 10 июня 2014 года о сотрудничестве в борьбе с терроризмом. Стороны, опираясь на "
        "принципы Кодекса ведения ответственного рыболовства, принятого Продовольственной и сельскохозяйственной "
        "организацией Объединенных Наций, обмениваются опытом."))
    assert [(r["title"], r["date"], r["parties"], r["relation"]) for r in ru] == [
        ("Протокола о предупреждении и пресечении торговли людьми, особенно женщинами и детьми, и наказании за нее",
         None, [], "guided_by"),
        ("Международной конвенции о борьбе с финансированием терроризма", "1999-12-09", [], "cites"),
        ("Соглашения между Правительством Республики Казахстан и Правительством Турецкой Республики от 10 июня "
         "2014 года о сотрудничестве в борьбе с терроризмом", "2014-06-10", ["KZ", "TR"], "cites"),
        ("Кодекса ведения ответственного рыболовства", None, [], "guided_by"),
    ], ru


def test_a_name_framed_by_two_dates_starts_at_its_first_word(tmp_path):
    """The signing phrase's date, then the name's own: each date ends the frame from where the
    dates were looked for, so the name starts at its capital, not inside a word of it."""
    found = refs(tmp_path, "kk", article=(
        "      Тараптар 2016 жылғы 22 қарашада Астанада қол қойылған 2007 жылғы 15 мамырдағы Ұйымдасқан қылмысқа, "
        "терроризмге және есірткінің заңсыз айналымына қарсы күрестегі ынтымақтастық туралы келісімнің ережелерін "
        "қолданады."))
    assert [(r["title"], r["date"]) for r in found] == [
        ("Ұйымдасқан қылмысқа, терроризмге және есірткінің заңсыз айналымына қарсы күрестегі ынтымақтастық туралы "
         "келісім", "2007-05-15")]
