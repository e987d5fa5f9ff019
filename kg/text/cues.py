"""Cue search shared by every extractor: a cue's needles (literal strings any match contains) gate
the regex, so most cues are skipped in most sentences by a substring test; the modality and topic
cues of `kg/tables/modality.json` and `topics.json` compiled once."""

from __future__ import annotations

import re
import re._casefix as _casefix  # the letters a case-insensitive regex takes for one another
import re._parser as _sre  # the standard library's own regex parser, to find a cue's needles
import sys
from dataclasses import dataclass
from functools import lru_cache

from kg.text import lexicon


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


# Letters a case-insensitive regex takes for a needle's letter although lowercasing does not
# turn them into it (`ᲀ` for `в`, `ı` for `i`, `ſ` for `s`, and the Greek ones), with their
# capitals, `İ` (it lowercases to two characters) and `Σ` (to `σ` or `ς` by context). In a
# text that holds one, a needle test on the lowercased text could miss a match: it is not made.
_ODD = "".join(sorted({ch for k, vs in _casefix._EXTRA_CASES.items() for c in (k, *vs) for ch in (chr(c), chr(c).upper())
                       if len(ch) == 1 and not (ch.isascii() or "\u0400" <= ch <= "\u04ff")} | {"\u0130", "\u03a3"}))
_ODD_RX = re.compile("[" + re.escape(_ODD) + "]")


@lru_cache(maxsize=256)
def lowered(text: str) -> str | None:
    """`text` lowercased for needle tests, None when a needle test on it would not be exact."""
    return None if _ODD_RX.search(text) else text.lower()


class Gated:
    """A case-insensitive pattern searched only where the text holds one of its needles, and
    compiled when a text first does: most rows of a table are of the other language or of a
    wording the text does not use, and a row that holds a table of number words takes 9 ms to
    compile (measured) and as long to run over a sentence. `needles_of` is the pattern whose
    literals every match shows (the row before a placeholder is expanded)."""

    __slots__ = ("source", "needles", "_rx")

    def __init__(self, source: str, needles_of: str | None = None):
        self.source = source
        self.needles = needles(source if needles_of is None else needles_of)
        self._rx: re.Pattern | None = None

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:
            self._rx = re.compile(self.source, re.I)
        return self._rx

    def admits(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False only when no match can be in text[pos:endpos] (a match consumes its needles)."""
        if self.needles is None:
            return True
        low = lowered(text)
        if low is None:
            return True
        end = len(low) if endpos is None else endpos
        return any(low.find(n, pos, end) >= 0 for n in self.needles)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return self.rx.search(text, pos, endpos) if self.admits(text, pos, endpos) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return self.rx.finditer(text, pos, endpos) if self.admits(text, pos, endpos) else iter(())

    def fullmatch(self, text: str):
        return self.rx.fullmatch(text) if self.admits(text) else None


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    gate: re.Pattern | None  # searched in the lowercased text before the cue itself

    def search(self, text: str, low: str):
        if self.gate is not None and self.gate.search(low) is None:
            return None
        return self.pattern.search(text)


@lru_cache(maxsize=None)
def modality_patterns():
    t = lexicon.load("modality")
    out = []
    for m in t["order"]:
        found = [needles(p) for p in t["cues"][m]]
        cues = [Cue(re.compile(_word_start(p), re.I), _gate([n])) for p, n in zip(t["cues"][m], found)]
        out.append((m, _gate(found), cues))
    return out, t["default"]


@dataclass(frozen=True)
class TopicCue:
    pattern: re.Pattern  # every cue of the topic: for short texts (a title, a field phrase)
    # The cues a word's opening cannot show (regexes, stems of several words), searched only
    # when the text holds one of their needles (None: always).
    rest: re.Pattern | None
    needles: tuple[str, ...] | None = ()

    def rest_matches(self, low: str) -> set[str]:
        if self.rest is None or (self.needles is not None and not any(n in low for n in self.needles)):
            return set()
        return {m.group() for m in self.rest.finditer(low)}


_TOKEN = re.compile(r"[\w-]+")


def _alternation(cues: list[str]) -> str:
    # Runs of plain stems share one word-start test in front of their alternation, so the
    # engine rejects a mid-word position once instead of once per stem; longest first: the
    # distinct cues an article shows are counted by the text matched, so "өңіраралық" must
    # not be taken for its prefix "өңір".
    alts, run = [], []
    for c in cues + ["re:"]:
        if not c.startswith("re:"):
            run.append(re.escape(c))
            continue
        if run:
            alts.append(rf"(?<![\w-])(?:{'|'.join(sorted(run, key=len, reverse=True))})")
            run = []
        if c[3:]:
            alts.append(c[3:])
    return "|".join(f"(?:{a})" for a in alts)


@lru_cache(maxsize=None)
def topic_patterns():
    t = lexicon.load("topics")
    pats = {}
    for topic, cues in t["cues"].items():
        rest = [c for c in cues if c.startswith("re:") or not _TOKEN.fullmatch(c)]
        found = [needles(c[3:]) if c.startswith("re:") else (c.lower(),) for c in rest]
        pats[topic] = TopicCue(re.compile(_alternation(cues), re.I),
                               re.compile(_alternation(rest), re.I) if rest else None,
                               None if None in found else tuple(n for g in found for n in g))
    return pats, frozenset(t["procedural"]), t["ratio"]


@lru_cache(maxsize=None)
def _stem_index() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, tuple[int, ...]]]:
    """The one-word stems of every topic by their text, and by their first three letters the
    lengths of the stems that open so: a word matches a stem it opens with."""
    index: dict[str, list] = {}
    for topic, cues in lexicon.load("topics")["cues"].items():
        for c in cues:
            if not c.startswith("re:") and _TOKEN.fullmatch(c):
                index.setdefault(c.lower(), []).append((topic, c.lower()))
    lengths: dict[str, set] = {}
    for k in index:
        lengths.setdefault(k[:3], set()).add(len(k))
    return ({k: tuple(v) for k, v in index.items()},
            {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()})


def stem_hits(low: str) -> dict[str, set[str]]:
    """The one-word stems each topic shows in a lowercased text: per word, the longest stem of
    each topic it opens with (what the regex alternation, longest first, would match), found
    by looking its openings up instead of running thirty regexes over the text."""
    index, lengths = _stem_index()
    out: dict[str, set[str]] = {}
    for tok in set(_TOKEN.findall(low)):
        taken = set()
        for k in lengths.get(tok[:3], ()):
            for topic, stem in index.get(tok[:k], ()) if k <= len(tok) else ():
                if topic not in taken:
                    taken.add(topic)
                    out.setdefault(topic, set()).add(stem)
    return out


@lru_cache(maxsize=None)
def decisive_patterns() -> dict[str, re.Pattern]:
    """Per topic, the wordings that make a text about it beside any field (`decisive`)."""
    return {t: re.compile("|".join(f"(?:{p})" for p in ps), re.I)
            for t, ps in lexicon.load("topics").get("decisive", {}).items()}


@lru_cache(maxsize=None)
def _fields():
    f = lexicon.load("topics")["fields"]
    return re.compile(f["after"], re.I), f["before"], f["words_before"]


def named_fields(low: str) -> str:
    """The phrases of a lowercased text that name its field (`fields` of topics.json), joined:
    "в области X" by a regex, "X саласында" by the words before each "салас" (a regex that
    ends on the stem would be tried at every word of the text)."""
    after, before, n = _fields()
    parts = [m.group(1) for m in after.finditer(low)] if "в " in low or "по " in low else []
    i = low.find(before)
    while i > 0:
        parts.append(" ".join(low[max(0, i - 120):i].split()[-n:]))
        i = low.find(before, i + 1)
    return " ; ".join(parts)
