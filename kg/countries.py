"""Countries (ISO 3166-1 alpha-2, Wikidata entity, names) and authentic-text languages.

The countries table `kg/tables/countries.json` is written by the extraction side; this module
only reads it, whatever its exact shape (a mapping keyed by code or a list of objects), and
falls back to the five countries of the seed corpus when it is missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).parent / "tables" / "countries.json"


@dataclass(frozen=True)
class Country:
    code: str
    wikidata: str | None  # "Q232"
    names: tuple[tuple[str, str], ...]  # (lang, name)


_FALLBACK = {
    "KZ": ("Q232", {"en": "Kazakhstan", "kk": "Қазақстан", "ru": "Казахстан"}),
    "KG": ("Q813", {"en": "Kyrgyzstan", "kk": "Қырғызстан", "ru": "Кыргызстан"}),
    "AZ": ("Q227", {"en": "Azerbaijan", "kk": "Әзербайжан", "ru": "Азербайджан"}),
    "TJ": ("Q863", {"en": "Tajikistan", "kk": "Тәжікстан", "ru": "Таджикистан"}),
    "TM": ("Q874", {"en": "Turkmenistan", "kk": "Түрікменстан", "ru": "Туркменистан"}),
}

_CODE_KEYS = ("alpha2", "alpha_2", "iso2", "iso", "code", "country", "id")
_NAME_KEYS = {"en": ("en", "name_en", "english"), "kk": ("kk", "name_kk", "kazakh"),
              "ru": ("ru", "name_ru", "russian")}


def _entry(code: str, obj) -> Country | None:
    if not isinstance(obj, dict):
        return None
    wd = obj.get("wikidata") or obj.get("wikidata_id") or obj.get("qid")
    if isinstance(wd, str):
        wd = wd.rsplit("/", 1)[-1] or None
    names: dict[str, str] = {}
    pool = dict(obj)
    for k in ("names", "name", "labels"):
        if isinstance(obj.get(k), dict):
            pool.update(obj[k])
    for lang, keys in _NAME_KEYS.items():
        for k in keys:
            v = pool.get(k)
            if isinstance(v, list) and v and isinstance(v[0], str):
                v = v[0]  # a list of names: the first is the short name
            if isinstance(v, str) and v:
                names[lang] = v
                break
    if "en" not in names and isinstance(obj.get("name"), str):
        names["en"] = obj["name"]
    return Country(code.upper(), wd, tuple(sorted(names.items())))


@lru_cache(maxsize=1)
def table() -> dict[str, Country]:
    out = {code: Country(code, wd, tuple(sorted(n.items()))) for code, (wd, n) in _FALLBACK.items()}
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return out
    items = []
    if isinstance(data, dict):
        inner = data.get("countries", data)
        if isinstance(inner, dict):
            items = [(str(k), v) for k, v in inner.items()]
        elif isinstance(inner, list):
            data = inner
    if isinstance(data, list):
        for obj in data:
            if isinstance(obj, dict):
                code = next((obj[k] for k in _CODE_KEYS if isinstance(obj.get(k), str) and len(obj[k]) == 2), None)
                if code:
                    items.append((code, obj))
    for code, obj in items:
        if len(code) != 2:
            continue
        c = _entry(code, obj)
        if c is None:
            continue
        base = out.get(c.code)
        if base is not None:  # keep fallback names/ids where the table lacks them
            names = dict(base.names)
            names.update(dict(c.names))
            c = Country(c.code, c.wikidata or base.wikidata, tuple(sorted(names.items())))
        out[c.code] = c
    return out


def country(code: str) -> Country:
    return table().get(code.upper()) or Country(code.upper(), None, ())


# ISO 639-1 -> the EU Publications Office language authority (what ELI's eli:language expects).
EU_LANGUAGE = {
    "kk": "KAZ", "ru": "RUS", "ky": "KIR", "az": "AZE", "tg": "TGK", "tk": "TUK", "uz": "UZB",
    "en": "ENG", "zh": "ZHO", "tr": "TUR", "de": "DEU", "fr": "FRA", "ar": "ARA", "fa": "FAS",
    "mn": "MON", "ka": "KAT", "hy": "HYE", "be": "BEL", "uk": "UKR", "es": "SPA", "it": "ITA",
    "ja": "JPN", "ko": "KOR", "pl": "POL", "hi": "HIN", "ur": "URD", "ps": "PUS", "hu": "HUN",
    "cs": "CES", "sk": "SLK", "bg": "BUL", "ro": "RON", "sr": "SRP", "hr": "HRV", "lt": "LIT",
    "lv": "LAV", "et": "EST", "fi": "FIN", "sv": "SWE", "nl": "NLD", "pt": "POR", "el": "ELL",
    "he": "HEB", "id": "IND", "ms": "MSA", "vi": "VIE", "th": "THA", "bn": "BEN", "ug": "UIG",
    "aa": "AAR", "af": "AFR", "am": "AMH", "ay": "AYM", "ba": "BAK", "bi": "BIS", "bs": "BOS",
    "ca": "CAT", "cy": "CYM", "da": "DAN", "dv": "DIV", "dz": "DZO", "eu": "EUS", "fj": "FIJ",
    "ga": "GLE", "gn": "GRN", "ho": "HMO", "ht": "HAT", "is": "ISL", "km": "KHM", "ku": "KUR",
    "la": "LAT", "lb": "LTZ", "lo": "LAO", "mg": "MLG", "mh": "MAH", "mi": "MRI", "mk": "MKD",
    "mt": "MLT", "my": "MYA", "na": "NAU", "nd": "NDE", "ne": "NEP", "no": "NOR", "nr": "NBL",
    "ny": "NYA", "om": "ORM", "qu": "QUE", "rm": "ROH", "rn": "RUN", "rw": "KIN", "sg": "SAG",
    "si": "SIN", "sl": "SLV", "sm": "SMO", "sn": "SNA", "so": "SOM", "sq": "SQI", "ss": "SSW",
    "st": "SOT", "sw": "SWA", "ta": "TAM", "ti": "TIR", "tl": "TGL", "tn": "TSN", "to": "TON",
    "ts": "TSO", "tt": "TAT", "ve": "VEN", "xh": "XHO", "zu": "ZUL",
}


def eu_language_code(code: str) -> str:
    """The EU code, or the given code upper-cased (which the shapes then reject as unknown)."""
    return EU_LANGUAGE.get(code.lower(), code.upper())
