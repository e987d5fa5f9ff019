"""Numbers written as digits or as words (`он екі ай`, `шести месяцев`)."""

from __future__ import annotations

import re

from kg.text import lexicon


def parse_number(phrase: str) -> int | None:
    """The number a short phrase ends with: `12`, `он екі`, `тридцати`; None if there is none."""
    phrase = phrase.strip().lower()
    digits = re.findall(r"\d+", phrase)
    if digits:
        return int(digits[-1])
    t = lexicon.load("numbers")
    words = re.findall(r"[^\W\d_]+", phrase)
    total, seen = 0, False
    # Number words compose additively left to right (`он екі` = 10 + 2, `жүз сексен` = 100 + 80).
    for w in words:
        value = (t["kk"].get(w) or t["ru"].get(w) or t["en"].get(w) or t["ru_ordinal"].get(w)
                 or t["kk_ordinal"].get(w))
        if value is None:
            if seen:
                break
            continue
        if w == "жүз" and seen and total < 10:
            total *= 100
        else:
            total += value
        seen = True
    return total if seen else None
