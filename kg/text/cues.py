"""Cue search shared by every extractor: a cue's needles (literal strings any match contains) gate
the regex, so most cues are skipped in most sentences by a substring test; the modality and topic
cues of `kg/tables/modality.json` and `topics.json` compiled once."""

from __future__ import annotations

import re
import re._parser as _sre  # the standard library's own regex parser, to find a cue's needles
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
def topic_patterns():
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
                # longest first: the distinct cues an article shows are counted by the text
                # matched, so "өңіраралық" must not be taken for its prefix "өңір"
                alts.append(rf"(?<![\w-])(?:{'|'.join(sorted(run, key=len, reverse=True))})")
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


@lru_cache(maxsize=None)
def field_phrases() -> re.Pattern:
    """The phrases that name an article's field (`fields` of topics.json), as one pattern."""
    return re.compile("|".join(f"(?:{f})" for f in lexicon.load("topics")["fields"]), re.I)
