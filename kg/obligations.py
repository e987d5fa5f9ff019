"""What each article obliges: its sentences with a modality, and the topics it deals with.

A sentence takes the first modality whose cue it carries, in the order prohibition,
permission, declaration; a sentence with none of them is an obligation (treaty prose states
duties in the plain present: "Тараптар ... ынтымақтасады"). Topics come from cue stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon
from kg.segment import ArticleSeg


@dataclass(frozen=True)
class Obligation:
    modality: str
    start: int  # clean-text offsets of the sentence
    end: int


@dataclass(frozen=True)
class ArticleFacts:
    number: int
    start: int
    end: int
    modalities: tuple[str, ...]
    topics: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    sentence_topics: tuple[tuple[str, ...], ...] = ()


@lru_cache(maxsize=None)
def _modality_patterns():
    t = lexicon.load("modality")
    return [(m, re.compile("|".join(f"(?:{p})" for p in t["cues"][m]), re.I)) for m in t["order"]], t["default"]


@lru_cache(maxsize=None)
def _topic_patterns():
    t = lexicon.load("topics")
    pats = {}
    for topic, cues in t["cues"].items():
        alts = [c[3:] if c.startswith("re:") else rf"(?<![\w-]){re.escape(c)}" for c in cues]
        pats[topic] = re.compile("|".join(f"(?:{a})" for a in alts), re.I)
    return pats, frozenset(t["procedural"]), t["ratio"]


_SENTENCE_END = re.compile(r"(?<!\d)(?<![ .][а-яa-z])[.!?](?=\s|$)|;(?=\s*\n[ ]?(?![\d]+\)))")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of an article body. List items (`1) ...;`) stay inside the sentence that
    introduces them, so "Тараптар ... алмаса алады: 1) тегі; 2) ..." is one permission."""
    out = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        e = m.end()
        chunk = text[s:e]
        if sum(c.isalpha() for c in chunk) >= 12:
            out.append((s, e))
            s = e
    if sum(c.isalpha() for c in text[s:end]) >= 12:
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
    return trimmed


def modality(sentence: str) -> str:
    pats, default = _modality_patterns()
    flat = " ".join(sentence.split())
    for name, pat in pats:
        if pat.search(flat):
            return name
    return default


def topics(text: str) -> tuple[str, ...]:
    pats, procedural, ratio = _topic_patterns()
    flat = " ".join(text.split()).lower()
    # distinct cues, not occurrences: an article that says "көші-қон" nine times is no more
    # about migration than one that says it once beside "ақпарат" and "мәліметтер"
    scores = {t: len({m.group().lower() for m in p.finditer(flat)}) for t, p in pats.items()}
    chosen = {t for t, n in scores.items() if n and t in procedural}
    substantive = {t: n for t, n in scores.items() if n and t not in procedural}
    if substantive:
        best = max(substantive.values())
        for t, n in substantive.items():
            if n >= max(1, best * ratio) and (not chosen or n >= 2):
                chosen.add(t)
    return tuple(sorted(chosen))


def article_facts(text: str, art: ArticleSeg) -> ArticleFacts:
    obligations = []
    for s, e in sentences(text, art.body_start, art.end):
        obligations.append(Obligation(modality(text[s:e]), s, e))
    mods = tuple(sorted({o.modality for o in obligations}))
    body = text[art.body_start:art.end]
    if art.heading:
        body = art.heading + ". " + body
    return ArticleFacts(art.number, art.start, art.end, mods, topics(body), tuple(obligations))
