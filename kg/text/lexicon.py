"""Loaders for the language tables in `kg/tables/`: data that is language lives in data."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TABLES = Path(__file__).resolve().parents[1] / "tables"


@lru_cache(maxsize=None)
def load(name: str):
    with open(TABLES / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def homoglyphs() -> dict:
    return load("text")["homoglyphs"]


@lru_cache(maxsize=None)
def compounds() -> dict:
    data = load("text")["compounds"]
    return {"left": frozenset(data["left"]), "pairs": tuple(tuple(p) for p in data["pairs"])}


@lru_cache(maxsize=None)
def displaced_words() -> frozenset:
    return frozenset(load("text")["displaced_words"])
