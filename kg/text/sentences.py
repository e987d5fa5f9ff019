"""Sentences of a clean text region: the unit a modality, a clause cue or a topic is read from."""

from __future__ import annotations

import re
from functools import lru_cache


# The stop comes first and the look-behinds after it: a pattern led by its characters is
# scanned for them fast, one led by a look-behind is tried at every position.
_SENTENCE_END = re.compile(r"[.!?](?<!\d[.!?])(?<![ .][а-яa-z][.!?])(?=\s|$)|;(?=\s*\n[ ]?(?![\d]+\)))")


_TWELVE_LETTERS = re.compile(r"(?:[^\W\d_][\W\d_]*){12}")


def sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Sentences of text[start:end], as (start, end) offsets; the same region asked for again
    (the final clauses are read for each of their fields) is split once."""
    return _sentences(text, start, end)


@lru_cache(maxsize=1024)
def _sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Sentences of an article body. List items (`1) ...;`) stay inside the sentence that
    introduces them, so "Тараптар ... алмаса алады: 1) тегі; 2) ..." is one permission."""
    out = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        e = m.end()
        if _TWELVE_LETTERS.search(text, s, e):
            out.append((s, e))
            s = e
    if _TWELVE_LETTERS.search(text, s, end):
        out.append((s, end))
    elif out:
        out[-1] = (out[-1][0], end)
    # trim whitespace and list/paragraph numbering at the edges
    trimmed = []
    for s, e in out:
        while s < e and text[s] in " \n":
            s += 1
        m = re.match(r"\d+\.\s+", text[s:e])
        if m:
            s += m.end()
        while e > s and text[e - 1] in " \n":
            e -= 1
        trimmed.append((s, e))
    return tuple(trimmed)
