"""Countries (ISO 3166-1 alpha-2, Wikidata entity, names) and authentic-text languages, as the
graph needs them: read from the same tables the extractor matches names with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.text import lexicon


@dataclass(frozen=True)
class Country:
    code: str
    wikidata: str | None  # "Q232"
    names: tuple[tuple[str, str], ...]  # (lang, label): the short name in each language


@lru_cache(maxsize=1)
def table() -> dict[str, Country]:
    out = {}
    for c in lexicon.load("countries"):
        names = {"en": c["en"]}
        for lang in ("kk", "ru"):
            if c.get(lang):
                names[lang] = c[lang][0]  # the table lists the usual name first: not "КазССР", "КНР"
        out[c["iso2"]] = Country(c["iso2"], c.get("wikidata"), tuple(sorted(names.items())))
    return out


def country(code: str) -> Country:
    return table().get(code.upper()) or Country(code.upper(), None, ())


@lru_cache(maxsize=1)
def _eu_codes() -> dict[str, str]:
    return {lang["iso639_1"]: lang["eu"] for lang in lexicon.load("languages") if lang.get("eu")}


def eu_language_code(code: str) -> str:
    """The EU Publications Office language code (what ELI's eli:language expects), or the given
    code upper-cased, which the shapes then reject as unknown."""
    return _eu_codes().get(code.lower(), code.upper())
