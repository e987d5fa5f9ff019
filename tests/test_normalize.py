"""The repairs the field guide measured, each with its offsets back into the raw text."""

from kg.text.dates import find_dates
from kg.text.normalize import normalize


def test_latin_lookalikes_inside_cyrillic_words_become_cyrillic():
    t = normalize("Мәртебелi Тараптар YШIН, Tapaп; COVID-19 and the English abstract; № 220-VІ ҚРЗ; ХХI ғасырда")
    assert "Мәртебелі" in t.text and "ҮШІН" in t.text and "Тарап" in t.text
    assert "COVID-19 and the English abstract" in t.text
    assert "220-VI" in t.text and "XXI ғасырда" in t.text
    assert "№" in t.text  # NFC, never NFKC


def test_letter_spaced_words_are_joined_and_spans_still_point_at_the_raw_letters():
    raw = "Қазақстан Республикасы\nм е н  Ә з е р б а й ж а н  Р е с п у б л и к а с ы ,  \n"
    t = normalize(raw)
    assert "мен Әзербайжан Республикасы," in t.text
    i = t.text.index("Әзербайжан")
    s, e = t.span(i, i + len("Әзербайжан"))
    assert raw[s:e] == "Ә з е р б а й ж а н"


def test_a_spaced_word_beside_a_number_keeps_the_number_apart_and_its_date_reads():
    # a spaced month between a day and a law number, one space each side (seen at 10,000
    # generated documents: the law's date was lost and two laws merged)
    t = normalize("Заңы 2005 жылғы 9 м а у с ы м д а ғ ы № 218-III ҚРЗ.")
    assert "2005 жылғы 9 маусымдағы № 218-III" in t.text
    assert [d.iso for d in find_dates(t.text)] == ["2005-06-09"]


def test_hyphenated_line_breaks_keep_real_compounds_only():
    t = normalize("екі мемлекет-\nтер арасындағы қарым-\nқатынас және сауда-\nэкономикалық")
    assert "мемлекеттер" in t.text
    assert "қарым-қатынас" in t.text
    assert "сауда-экономикалық" in t.text


def test_displaced_words_go_back_where_they_belong():
    t = normalize("кеңейту туралы \n\n ратификациялансын.шарт\n")
    assert "туралы шарт ратификациялансын." in t.text
    t = normalize("осы Келісімнің 17-\n\n көзделген тәртіппен ресімделеді.бабында\n")
    assert "17-бабында көзделген тәртіппен ресімделеді." in " ".join(t.text.split())


def test_page_breaks_do_not_cut_sentences():
    t = normalize("қарсы агрессияға немесе \n\n\n\nдайындалу немесе")
    assert t.text == "қарсы агрессияға немесе\nдайындалу немесе"


# Every date with a month in the seeds, read off the texts: (date, the words that say it).
SEED_DATES = {
    "000": [("2025-07-21", "2025 жылғы 21 шілдедегі"), ("2024-04-19", "2024 жылғы 19 сәуірде"),
            ("1997-04-08", "1997 жылғы 8 сәуірдегі"), ("2003-12-25", "2003 жылғы 25 желтоқсандағы"),
            ("2024-04-19", '2024 жылғы "19" сәуірде')],
    "001": [("1992-10-15", "1992 жылдың 15 қазанында"), ("1991-02-18", "1991 жылғы 18 ақпанда"),
            ("1991-02-18", "18 февраля 1991 г"), ("1998-11-09", "1998 жылғы 9 қараша"),
            ("2019-11-27", "2019 жылғы 27 қарашада"), ("1998-12", "1998 жылғы желтоқсандағы"),
            ("1994-08", "1994 жылдың тамызынан"), ("1997-04-08", "1997 жылы 8 сәуірде"),
            ("1997-04-08", "8 сәуір 1997 жыл"), ("2021-09", "2021 жылдың қыркүйек"),
            ("2001-12-15", "2001 жылы 15 желтоқсанда"), ("2022-05", "2022 жылдың мамыр"),
            ("2018-10-03", "2018 жылғы 3 қазанда")],
    "002": [("2005-05-24", "2005 жылғы 24 мамырда"), ("1996-09-16", "1996 жылғы 16 қыркүйектегі"),
            ("2005-05-24", "2005 жылғы 24 мамырда")],
    "003": [("2019-01-25", "2019 жылғы 25 қаңтардағы"), ("2018-03-14", "2018 жылғы 14 наурызда"),
            ("2019-02-22", "2019 жылғы 22 ақпанда"), ("2018-03-14", "2018 жылғы 14 наурызда")],
    "004": [("2025-11-27", "2025 жылғы 27 қарашадағы"), ("2024-10-10", "2024 жылғы 10 қазанда"),
            ("2024-10-10", "2024 жылғы 10 қазанда")],
}


def test_all_dates_with_a_month_in_the_seeds_and_no_false_ones():
    from conftest import SOURCES

    for p in sorted(SOURCES.glob("*.txt")):
        t = normalize(p.read_text(encoding="utf-8")).text
        found = [(d.iso, " ".join(t[d.start:d.end].split())) for d in find_dates(t)]
        assert found == SEED_DATES[p.name[:3]], p.name
    assert find_dates("Қазан қаласында қазір бір қазан ас") == []
    assert [d.iso for d in find_dates("8 сәуір 1997 жыл; 18 февраля 1991 г; 2024 жылғы \"19\" сәуірде")] == [
        "1997-04-08", "1991-02-18", "2024-04-19"]


def test_the_fast_paths_repair_what_the_slow_ones_did():
    # decomposed letters compose, also across an invisible soft hyphen; CRLF and odd spaces fold
    t = normalize("Қазақстан мен Қыргызстан\r\nжи\u0306ын и\u00ad\u0306\u00a0бар")
    assert t.text == "Қазақстан мен Қыргызстан\nжйын й бар"
    # a dash at a line end is not a broken word, and a second break in a row is mended too
    t = normalize("шарт —\nкелісім; мемле-\nкет-\nтер")
    assert t.text == "шарт —\nкелісім; мемлекеттер"
    # a word glued after a verb goes back before it
    assert "туралы шарт бекітілсін." in " ".join(normalize("туралы \n бекітілсін.шарт\n").text.split())


def test_offsets_still_point_at_the_raw_letters_after_every_repair():
    raw = "Мәртебелi мемле-\nкеттер\u00a0ынтымақтасады.\r\nХХI ғасыр"
    t = normalize(raw)
    for word in ("Мәртебелі", "мемлекеттер", "ынтымақтасады", "XXI"):
        i = t.text.index(word)
        s, e = t.span(i, i + len(word))
        assert raw[s:e].replace("-\n", "").replace("i", "і").replace("ХХI", "XXI") == word


def test_a_three_letter_spaced_word_is_joined_only_when_it_is_a_word():
    t = normalize("Қазақстан Республикасының Үкіметі м е н Мысыр Араб Республикасының Үкіметі арасындағы")
    assert "Үкіметі мен Мысыр" in t.text
    # three letters of a list stay three letters
    assert "а б в" in normalize("тармақтар: а б в").text


def test_a_page_number_on_a_line_of_its_own_is_furniture():
    raw = "Тараптар ынтымақтасады.\n\n112\n\n- 2 -\n\n3-бап\n\nТараптар 2 жыл бойы ...\n"
    t = normalize(raw)
    assert "112" not in t.text and "- 2 -" not in t.text
    assert "3-бап" in t.text and "2 жыл" in t.text
