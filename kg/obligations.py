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

import re._parser as _sre  # the standard library's own regex parser, to find a cue's needles


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


_LEADING_RUN = re.compile(r"^(\[[^\]]+\])\+")


def _word_start(pattern: str) -> str:
    """A cue that opens with a run of letters (`[а-я]+ма йтын`) may only start where that run
    starts: the same matches for a yes/no search, without retrying from every letter of
    every word."""
    m = _LEADING_RUN.match(pattern)
    return f"(?<!{m.group(1)}){pattern}" if m else pattern


def _literal_runs(items) -> list[str]:
    runs, cur = [], []
    for op, av in items:
        if op is _sre.LITERAL:
            cur.append(chr(av))
            continue
        if cur:
            runs.append("".join(cur))
        cur = []
    if cur:
        runs.append("".join(cur))
    return runs


def needles(pattern: str) -> tuple[str, ...] | None:
    """Lowercase strings one of which any match of `pattern` contains, or None if the pattern
    promises none. A plain substring test on them skips most cues in most sentences, which
    costs far less than letting the regex engine try every position."""
    try:
        parsed = list(_sre.parse(pattern, re.I))
    except Exception:  # an unparsable cue fails loudly at compile time instead
        return None
    runs = _literal_runs(parsed)
    best = max(runs, key=len, default="")
    if len(best) >= 3:
        return (best.lower(),)
    for op, av in parsed:
        if op is _sre.BRANCH:
            options = [max(_literal_runs(list(b)), key=len, default="") for b in av[1]]
            if all(len(o) >= 2 for o in options):
                return tuple(o.lower() for o in options)
    return (best.lower(),) if len(best) >= 2 else None


def _gate(groups: list[tuple[str, ...] | None]) -> re.Pattern | None:
    """One search for all the needles of several cues; None when some cue has none."""
    if any(g is None for g in groups):
        return None
    words = sorted({n for g in groups for n in g}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    gate: re.Pattern | None  # searched in the lowercased text before the cue itself

    def search(self, text: str, low: str):
        if self.gate is not None and self.gate.search(low) is None:
            return None
        return self.pattern.search(text)


@lru_cache(maxsize=None)
def _modality_patterns():
    t = lexicon.load("modality")
    out = []
    for m in t["order"]:
        found = [needles(p) for p in t["cues"][m]]
        cues = [Cue(re.compile(_word_start(p), re.I), _gate([n])) for p, n in zip(t["cues"][m], found)]
        out.append((m, _gate(found), cues))
    return out, t["default"]


@dataclass(frozen=True)
class TopicCue:
    pattern: re.Pattern
    # A plain stem can only match at a word start, so an article none of whose words opens
    # like one of the topic's stems (its first letters, up to six) is skipped without a regex search.
    openings: frozenset[str] | None  # None: some cue is a regex that may match anywhere
    needles: tuple[str, ...] = ()  # and a regex cue's needles, looked for as substrings

    def may_match(self, low: str, openings: set[str]) -> bool:
        if self.openings is None:
            return True
        return not self.openings.isdisjoint(openings) or any(n in low for n in self.needles)


_TOKEN = re.compile(r"[\w-]+")


_OPENING = 6  # letters of a stem that must open some word of the text


def word_openings(low: str) -> set[str]:
    return {tok[:k] for tok in set(_TOKEN.findall(low)) for k in range(3, _OPENING + 1)}


@lru_cache(maxsize=None)
def _topic_patterns():
    t = lexicon.load("topics")
    pats = {}
    for topic, cues in t["cues"].items():
        # Runs of plain stems share one word-start test in front of their alternation, so the
        # engine rejects a mid-word position once instead of once per stem.
        alts, run = [], []
        for c in cues + ["re:"]:
            if not c.startswith("re:"):
                run.append(re.escape(c))
                continue
            if run:
                alts.append(rf"(?<![\w-])(?:{'|'.join(run)})")
                run = []
            if c[3:]:
                alts.append(c[3:])
        stems = [c.lower() for c in cues if not c.startswith("re:")]
        regex_needles = [needles(c[3:]) for c in cues if c.startswith("re:")]
        opens = [re.match(rf"\w{{0,{_OPENING}}}", st).group() for st in stems]
        gated = all(len(o) >= 3 for o in opens) and None not in regex_needles
        pats[topic] = TopicCue(re.compile("|".join(f"(?:{a})" for a in alts), re.I),
                               frozenset(opens) if gated else None,
                               tuple(n for group in regex_needles if group for n in group))
    return pats, frozenset(t["procedural"]), t["ratio"]


# The stop comes first and the look-behinds after it: a pattern led by its characters is
# scanned for them fast, one led by a look-behind is tried at every position.
_SENTENCE_END = re.compile(r"[.!?](?<!\d[.!?])(?<![ .][а-яa-z][.!?])(?=\s|$)|;(?=\s*\n[ ]?(?![\d]+\)))")


_TWELVE_LETTERS = re.compile(r"(?:[^\W\d_][\W\d_]*){12}")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
    return trimmed


def modality(sentence: str) -> str:
    pats, default = _modality_patterns()
    flat = " ".join(sentence.split())
    low = flat.lower()
    for name, gate, cues in pats:
        if (gate is None or gate.search(low)) and any(c.search(flat, low) for c in cues):
            return name
    return default


def topics(text: str) -> tuple[str, ...]:
    pats, procedural, ratio = _topic_patterns()
    flat = " ".join(text.split()).lower()
    # distinct cues, not occurrences: an article that says "көші-қон" nine times is no more
    # about migration than one that says it once beside "ақпарат" and "мәліметтер"
    openings = word_openings(flat)
    scores = {t: len({m.group().lower() for m in cue.pattern.finditer(flat)})
              for t, cue in pats.items() if cue.may_match(flat, openings)}
    chosen = {t for t, n in scores.items() if n and t in procedural}
    substantive = {t: n for t, n in scores.items() if n and t not in procedural}
    if substantive:
        best = max(substantive.values())
        # Beside a procedural topic a substantive one needs two cues. The bar is set before the
        # loop: the first substantive topic taken must not raise it for the others (which one
        # comes first in the table is no reason).
        floor = 2 if chosen else 1
        for t, n in substantive.items():
            if n >= max(floor, best * ratio):
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
