"""Sanity checks for the language data tables in kg/tables/."""
import json
import re
from collections import Counter
from pathlib import Path

import pytest

TABLES = Path(__file__).resolve().parent.parent / "kg" / "tables"
LATIN = re.compile(r"[A-Za-z]")

# ISO 3166-1 alpha-2 codes of the 193 UN member states.
UN_MEMBERS = set("""
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG
BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG
SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID
IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW
MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO
OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG
SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA
AE GB US UY UZ VU VE VN YE ZM ZW
""".split())


def load(name):
    with open(TABLES / name, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def countries():
    return load("countries.json")


@pytest.fixture(scope="module")
def languages():
    return load("languages.json")


@pytest.fixture(scope="module")
def cities():
    return load("cities.json")


def assert_cyrillic(strings, where):
    for s in strings:
        assert isinstance(s, str) and s.strip() == s and s, f"{where}: bad string {s!r}"
        assert not LATIN.search(s), f"{where}: Latin letter in {s!r}"


def test_the_countries_are_the_un_members_and_the_named_others(countries):
    # observers, states partly recognised and the former states that old treaties name
    assert {c["iso2"] for c in countries} - UN_MEMBERS == {"PS", "VA", "XK", "TW", "SU", "YU", "CS"}
    assert len(countries) == len(UN_MEMBERS) + 7 == 200


@pytest.mark.parametrize("name", ["countries.json", "languages.json", "cities.json"])
def test_valid_json_array(name):
    data = load(name)
    assert isinstance(data, list) and data
    assert all(isinstance(x, dict) for x in data)


def test_countries_unique_and_complete(countries):
    codes = [c["iso2"] for c in countries]
    dupes = [k for k, v in Counter(codes).items() if v > 1]
    assert not dupes, f"duplicate iso2: {dupes}"
    missing = UN_MEMBERS - set(codes)
    assert not missing, f"missing UN members: {sorted(missing)}"
    for extra in ("PS", "VA", "XK", "TW", "SU"):
        assert extra in codes
    iso3 = [c["iso3"] for c in countries]
    assert len(iso3) == len(set(iso3))
    qids = [c["wikidata"] for c in countries if c["wikidata"]]
    assert len(qids) == len(set(qids))


def test_country_fields(countries):
    for c in countries:
        where = c["iso2"]
        assert re.fullmatch(r"[A-Z]{2}", c["iso2"])
        assert re.fullmatch(r"[A-Z]{3}", c["iso3"])
        assert c["wikidata"] is None or re.fullmatch(r"Q[1-9]\d*", c["wikidata"]), where
        assert c["en"] and c["en_official"], where
        assert c["kk"] and c["ru"], f"{where}: needs at least one kk and one ru name"
        assert_cyrillic(c["kk"], where + " kk")
        assert_cyrillic(c["ru"], where + " ru")
        assert len(c["kk"]) == len(set(c["kk"])) and len(c["ru"]) == len(set(c["ru"])), where
        for key in ("kk_ethnonym", "ru_ethnonym"):
            val = c[key]
            if val is not None:
                assert_cyrillic([val], f"{where} {key}")
                assert val == val.lower(), f"{where} {key} must be lowercase"
        for key in ("kk_ethnonym_alt", "ru_ethnonym_alt"):
            assert_cyrillic(c.get(key, []), f"{where} {key}")


def test_country_names_not_shared(countries):
    owner = {}
    for c in countries:
        for lang in ("kk", "ru"):
            for n in c[lang]:
                assert owner.setdefault((lang, n), c["iso2"]) == c["iso2"], \
                    f"{n!r} used by {owner[(lang, n)]} and {c['iso2']}"


def test_kazakh_and_anchor_names(countries):
    by = {c["iso2"]: c for c in countries}
    assert "Қазақстан Республикасы" in by["KZ"]["kk"]
    assert "Республика Казахстан" in by["KZ"]["ru"]
    assert "Қырғыз Республикасы" in by["KG"]["kk"]
    assert "Кыргызская Республика" in by["KG"]["ru"]
    assert "Соединённые Штаты Америки" in by["US"]["ru"]
    assert "Соединенные Штаты Америки" in by["US"]["ru"]
    assert by["KZ"]["wikidata"] == "Q232" and by["KG"]["wikidata"] == "Q813"


def test_languages(languages):
    codes = [l["iso639_1"] for l in languages]
    assert len(codes) == len(set(codes))
    for l in languages:
        # ISO 639-1 where the language has a code there; Montenegrin has none and takes its 639-3
        # code (cnr), so that a text done in it keeps the language in its record
        assert re.fullmatch(r"[a-z]{2}", l["iso639_1"]) or l["iso639_1"] == "cnr", l
        assert l["en"] and l["kk"] and l["ru"], l
        assert_cyrillic(l["kk"], l["iso639_1"] + " kk")
        assert_cyrillic(l["ru"], l["iso639_1"] + " ru")
        assert all(s == s.lower() for s in l["kk"] + l["ru"]), l
    for code in ("kk", "ru", "en", "ky", "tg", "tk", "uz", "az", "zh", "de", "fr"):
        assert code in codes


def test_cities(cities, countries):
    iso2 = {c["iso2"] for c in countries}
    names = Counter(c["en"] for c in cities)
    assert not [n for n, v in names.items() if v > 1]
    for c in cities:
        for key in ("en", "country", "kk", "ru"):
            assert c.get(key), f"city {c.get('en')!r} lacks {key}"
        assert c["country"] in iso2, c["en"]
        assert_cyrillic(c["kk"], c["en"] + " kk")
        assert_cyrillic(c["ru"], c["en"] + " ru")
        assert_cyrillic(c.get("ru_forms", []), c["en"] + " ru_forms")
        assert isinstance(c.get("ambiguous", False), bool)
    # every UN member state has at least one city (its capital)
    assert UN_MEMBERS <= {c["country"] for c in cities}
    by = {c["en"]: c for c in cities}
    assert "Алма-Ата" in by["Almaty"]["ru"] and "Алма-Ате" in by["Almaty"]["ru_forms"]
    assert "Ақмола" in by["Astana"]["kk"]
    assert by["Kazan"].get("ambiguous") is True
