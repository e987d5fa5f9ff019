"""Cue search shared by every extractor: a cue's needles (literal strings any match contains) gate
the regex, so most cues are skipped in most sentences by a substring test; the modality and topic
cues of `kg/tables/modality.json` and `topics.json` compiled once."""

from __future__ import annotations

import re
import re._casefix as _casefix  # the letters a case-insensitive regex takes for one another
import re._parser as _sre  # the standard library's own regex parser, to find a cue's needles
import sys
from functools import cached_property, lru_cache

import ahocorasick_rs

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


# Letters a case-insensitive regex takes for a needle's letter although lowercasing does not
# turn them into it (`ᲀ` for `в`, `ı` for `i`, `ſ` for `s`, and the Greek ones), with their
# capitals, `İ` (it lowercases to two characters) and `Σ` (to `σ` or `ς` by context). In a
# text that holds one, a needle test on the lowercased text could miss a match: it is not made.
_ODD = "".join(sorted({ch for k, vs in _casefix._EXTRA_CASES.items() for c in (k, *vs) for ch in (chr(c), chr(c).upper())
                       if len(ch) == 1 and not (ch.isascii() or "\u0400" <= ch <= "\u04ff")} | {"\u0130", "\u03a3"}))
_ODD_RX = re.compile("[" + re.escape(_ODD) + "]")


def plain(text: str) -> bool:
    """Whether `text` has none of the letters of `_ODD`."""
    return _ODD_RX.search(text) is None


@lru_cache(maxsize=16)
def plain_text(text: str) -> bool:
    """`plain` of a whole text, asked for each of its articles: read once."""
    return plain(text)


@lru_cache(maxsize=256)
def lowered(text: str) -> str | None:
    """`text` lowercased for needle tests, None when a needle test on it would not be exact."""
    return text.lower() if plain(text) else None


def _sequence_needles(items) -> tuple[str, ...] | None:
    """`needles` of a parsed sequence, looking into its groups and alternatives too: the
    longest literal run, else the group (or alternation) whose shortest needle is longest."""
    runs = _literal_runs(items)
    best = max(runs, key=len, default="")
    if len(best) >= 3:
        return (best.lower(),)
    found = [(best.lower(),)] if len(best) >= 2 else []
    for op, av in items:
        got = None
        if op is _sre.BRANCH:
            options = [_sequence_needles(list(b)) for b in av[1]]
            got = None if None in options else tuple(n for o in options for n in o)
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            got = _sequence_needles(list(av[3]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            got = _sequence_needles(list(av[2]))
        if got:
            found.append(got)
    return max(found, key=lambda g: min(map(len, g)), default=None)


@lru_cache(maxsize=1024)
def _parsed(pattern: str, flags: int):
    """A row's parse, read by `deep_needles` and `casefree_ok` alike (parsing is most of what a
    fresh process spends on a row). Read only."""
    return _sre.parse(pattern, flags)


def deep_needles(pattern: str) -> tuple[str, ...] | None:
    """Lowercase strings one of which the lowercased text of any match of `pattern` holds
    (`needles`, through groups: `(?:БҰҰ|ООН)` gives бұұ, оон); None if the pattern promises none,
    or a needle has a letter that a case-insensitive match may take otherwise (`_ODD`)."""
    try:
        found = _sequence_needles(list(_parsed(pattern, re.I)))
    except re.error:
        return None
    if found is None or any(len(c.lower()) != 1 or c in _ODD for n in found for c in n):
        return None
    return tuple(dict.fromkeys(n.lower() for n in found))


def _stable(c: int) -> bool:
    return chr(c).lower() == chr(c)


def _closed(members) -> bool:
    """Whether a parsed character set holds the lowercase of each letter it holds: then on a
    lowercased text it takes what it takes case-insensitively (`[а-яА-Я]`, `[^\\W\\d]`)."""
    literals = {a for o, a in members if o is _sre.LITERAL}
    ranges = [a for o, a in members if o is _sre.RANGE]
    if any(hi - lo >= 4096 for lo, hi in ranges):
        return False

    def holds(c: int) -> bool:
        return c in literals or any(lo <= c <= hi for lo, hi in ranges)

    letters = [*literals, *(c for lo, hi in ranges for c in range(lo, hi + 1))]
    return all(o in (_sre.LITERAL, _sre.RANGE, _sre.NEGATE, _sre.CATEGORY) for o, _ in members) and all(
        _stable(c) or (len(chr(c).lower()) == 1 and holds(ord(chr(c).lower()))) for c in letters)


def _casefree_ok(items) -> bool:
    """Whether every letter a parsed pattern names is lowercase (a set may hold capitals beside
    their lowercase), and nothing in it (a scoped flag, a back reference) reads case otherwise."""
    for op, av in items:
        if op is _sre.LITERAL or op is _sre.NOT_LITERAL:
            ok = _stable(av)
        elif op is _sre.IN:
            ok = _closed(av)
        elif op is _sre.BRANCH:
            ok = all(_casefree_ok(b) for b in av[1])
        elif op is _sre.SUBPATTERN:
            ok = not av[1] and not av[2] and _casefree_ok(av[3])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            ok = _casefree_ok(av[2])
        elif op is _sre.ASSERT or op is _sre.ASSERT_NOT:
            ok = _casefree_ok(av[1])
        elif op is _sre.ATOMIC_GROUP:
            ok = _casefree_ok(av)
        else:
            ok = op in (_sre.ANY, _sre.AT, _sre.CATEGORY)
        if not ok:
            return False
    return True


@lru_cache(maxsize=None)
def casefree_ok(pattern: str, flags: int = re.I) -> bool:
    """Whether `casefree` compiles `pattern`. The test holds for a pattern made of parts if it
    holds for each (a row and the placeholders it is expanded with: those are parsed once)."""
    try:
        return _casefree_ok(_parsed(pattern, flags))
    except re.error:
        return False


def casefree(pattern: str, flags: int = re.I, ok: bool | None = None) -> re.Pattern | None:
    """`pattern` compiled without re.I, for lowercased text, where that finds what the
    case-insensitive pattern finds in it: every letter of the pattern lowercase, and the text
    without the letters of `_ODD` (`lowered`). A case-insensitive match tests each letter
    through its lowercase and the engine cannot skip ahead to a first letter: the same topic
    cues ran 1.3 to 5 times slower over the same articles (measured). None where it would not;
    `ok` is `casefree_ok(pattern)` where the caller knows it."""
    if ok is None:
        try:
            ok = _casefree_ok(_sre.parse(pattern, flags))
        except re.error:
            return None
    return re.compile(pattern, flags & ~re.I) if ok else None


@lru_cache(maxsize=None)
def _twin(rx: re.Pattern) -> re.Pattern | None:
    if not rx.flags & re.I or _sre.parse(rx.pattern, rx.flags).getwidth()[0] == 0:
        return None  # a pattern that may match nothing: finditer's rule for empty matches differs
    return casefree(rx.pattern, rx.flags)


def finditer(rx: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize):
    """`rx.finditer(text, pos, endpos)` of a case-insensitive pattern, the matches found by its
    casefree twin over the text lowercased where the text is plain, each then taken by `rx`
    itself at its start: the same matches, with the text's own case in their groups."""
    twin = _twin(rx)
    low = lowered(text) if twin is not None else None
    if low is None:
        return rx.finditer(text, pos, endpos)
    return (rx.match(text, m.start(), endpos) for m in twin.finditer(low, pos, endpos))


_UNSET = object()


class Gated:
    """A case-insensitive pattern searched only where the text holds one of its needles, and
    compiled when a text first does: most rows of a table are of the other language or of a
    wording the text does not use, and a row that holds a table of number words takes 9 ms to
    compile (measured) and as long to run over a sentence. `needles_of` is the pattern whose
    literals every match shows (the row before a placeholder is expanded). In a plain text
    the pattern runs `casefree` over the text lowercased: a match's spans are the text's, the
    text of its groups is lowercased."""

    __slots__ = ("source", "needles", "free_ok", "_gate", "_rx", "_free")

    def __init__(self, source: str, needles_of: str | None = None, free_ok: bool | None = None):
        self.source, self.free_ok = source, free_ok  # free_ok: casefree_ok(source), if known
        self.needles = deep_needles(source if needles_of is None else needles_of)
        # one search for all the needles (led by literals: the engine skips ahead to them)
        self._gate = None if self.needles is None else re.compile(
            "|".join(re.escape(n) for n in sorted(self.needles, key=len, reverse=True)))
        self._rx: re.Pattern | None = None
        self._free = _UNSET

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:
            self._rx = re.compile(self.source, re.I)
        return self._rx

    def _subject(self, text: str, pos: int, endpos: int) -> tuple[re.Pattern, str] | None:
        """The pattern to run and the text to run it on; None when no match can be in
        text[pos:endpos] (a match consumes its needles)."""
        low = lowered(text)
        if low is None:
            return self.rx, text
        if self._gate is not None and self._gate.search(low, pos, endpos) is None:
            return None
        if self._free is _UNSET:
            self._free = casefree(self.source, ok=self.free_ok)
        return (self._free, low) if self._free is not None else (self.rx, text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        got = self._subject(text, pos, endpos)
        return got and got[0].search(got[1], pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        got = self._subject(text, pos, endpos)
        return got[0].finditer(got[1], pos, endpos) if got else iter(())

    def fullmatch(self, text: str):
        got = self._subject(text, 0, len(text))
        return got and got[0].fullmatch(got[1])


class Cue:
    """A modality cue, compiled when first needed: `needles`, one of which the lowercased text
    of any match holds (None: the pattern promises none), spare a sentence that lacks them
    the search; `free` is its casefree form, `pattern` the case-insensitive one."""

    def __init__(self, source: str, needles: frozenset[str] | None):
        self.source, self.needles = source, needles

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(self.source, re.I)

    @cached_property
    def free(self) -> re.Pattern | None:
        return casefree(self.source)

    def search(self, text: str, low: str, is_plain: bool = False):
        """A match in `text` (`low` is it lowercased, `is_plain` whether `plain(low)`)."""
        if is_plain and self.free is not None:
            return self.free.search(low)
        return self.pattern.search(text)


@lru_cache(maxsize=None)
def modality_patterns():
    """[(modality, its cues)] in the order they are tried, the default modality, and for each
    needle of any cue the (rank of the modality, cue) pairs it opens, with the pairs of the
    cues that have none (a sentence's needles are looked up once for all the cues)."""
    t = lexicon.load("modality")
    out = []
    labels = t.get("labels", {})
    for m in t["order"]:
        cues = []
        for p in t["cues"][m]:
            n = needles(p)
            cues.append(Cue(_word_start(p), None if n is None else frozenset(n)))
        out.append((labels.get(m, m), tuple(cues)))
    by_needle: dict[str, list] = {}
    always = []
    for rank, (_, cues) in enumerate(out):
        for c in cues:
            for n in c.needles or ():
                by_needle.setdefault(n, []).append((rank, c))
            if c.needles is None:
                always.append((rank, c))
    return out, t["default"], {n: tuple(v) for n, v in sorted(by_needle.items())}, tuple(always)


@lru_cache(maxsize=None)
def modality_masks() -> tuple[re.Pattern | None, tuple[str, ...]]:
    """The wordings that look like a modality's cue and are not one, as one pattern, and the
    needles one of which a text must hold for it to match."""
    masks = lexicon.load("modality").get("masks", [])
    if not masks:
        return None, ()
    found = [needles(m) for m in masks]
    gate = ("",) if None in found else tuple(n for g in found for n in g)  # "" is in every text
    return re.compile("|".join(f"(?:{_word_start(m)})" for m in masks), re.I), gate


class TopicCue:
    """The cues of a topic, compiled when first needed: `pattern` has every cue (for short
    texts: a title, a field phrase), `rows` the cues a word's opening cannot show (regexes,
    stems of several words), each searched only when the text holds one of its needles (None:
    always; `needles`, all of them, tell whether any row may run); the `_free` forms are
    casefree. A fresh process compiled all of them for every topic before its first document
    (40 ms, measured); most are never used."""

    def __init__(self, cues: list[str], rest: list[str], needles: tuple[str, ...] | None = (),
                 row_needles: tuple[tuple[str, ...] | None, ...] = ()):
        self.every, self.others, self.needles = _alternation(cues), bool(rest), needles
        # the same alternations led by letters (`_led_by_letter`), for the casefree forms
        self.every_led = _alternation(cues, led=True)
        self._rest_rows, self._row_needles = tuple(rest), tuple(row_needles) or (None,) * len(rest)

    @cached_property
    def rows(self) -> tuple[tuple[re.Pattern, re.Pattern | None, tuple[str, ...] | None], ...]:
        """Each cue of the rest on its own, with its needles: a row runs only where the text holds
        one of them, not wherever any row of the topic might (one common needle ran them all)."""
        return tuple((re.compile(_alternation([r]), re.I), casefree(_alternation([r], led=True)), n)
                     for r, n in zip(self._rest_rows, self._row_needles))

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(self.every, re.I)

    @cached_property
    def pattern_free(self) -> re.Pattern | None:
        return casefree(self.every_led)

    def rest_matches(self, low: str, is_plain: bool, present: frozenset[str]) -> set[str]:
        """The distinct texts the rest of the cues match in a lowercased text (`is_plain`:
        `plain(low)`; `present`: the needles the text holds, looked up once by `rest_hits`)."""
        if not self.others:
            return set()
        out: set[str] = set()
        for rx, free, needles_ in self.rows:
            if needles_ is not None and present.isdisjoint(needles_):
                continue
            out.update(m.group() for m in (free if is_plain and free is not None else rx).finditer(low))
        return out

    def search(self, low: str, is_plain: bool = False):
        """Any cue of the topic in a lowercased text."""
        rx = self.pattern_free if is_plain and self.pattern_free is not None else self.pattern
        return rx.search(low)


_TOKEN = re.compile(r"[\w-]+")


def _alternation(cues: list[str], led: bool = False) -> str:
    # Runs of plain stems share one word-start test in front of their alternation, so the
    # engine rejects a mid-word position once instead of once per stem; longest first: the
    # distinct cues an article shows are counted by the text matched, so "өңіраралық" must
    # not be taken for its prefix "өңір".
    alts, run = [], []
    for c in cues + ["re:"]:
        if not c.startswith("re:"):
            run.append(c)
            continue
        if run:
            ordered = sorted(run, key=lambda c: len(re.escape(c)), reverse=True)
            alts.append(_led_by_letter(ordered) if led else rf"(?<![\w-])(?:{'|'.join(map(_stem, ordered))})")
            run = []
        if c[3:]:
            alts.append(c[3:])
    return "|".join(f"(?:{a})" for a in alts)


def _led_by_letter(stems: list[str]) -> str:
    r"""`(?<![\w-])(?:s1|s2|...)` written as `а(?<![\w-]а)(?:...)|б(?<![\w-]б)(?:...)`, the stems
    of each first letter in their order: the same matches (stems of other first letters cannot
    match where one of them does), and a pattern led by letters, which the engine skips ahead
    to instead of testing the look-behind at every position of the text."""
    by: dict[str, list[str]] = {}
    for st in stems:
        by.setdefault(st[0], []).append(st[1:])
    return "|".join(rf"{re.escape(ch)}(?<![\w-]{re.escape(ch)})(?:{'|'.join(map(_stem, rests))})"
                    for ch, rests in by.items())


def _stem(cue: str) -> str:
    """A stem of several words is a stem per word: "правов помощ" reads "правовой помощи"."""
    return r"\w*\s+".join(map(re.escape, cue.split(" ")))


@lru_cache(maxsize=None)
def topic_patterns():
    t = lexicon.load("topics")
    pats = {}
    for topic, cues in t["cues"].items():
        rest = [c for c in cues if c.startswith("re:") or not _TOKEN.fullmatch(c)]
        # (a stem of several words holds each: its longest is the rarest, "прав человека" → "человека")
        found = [needles(c[3:]) if c.startswith("re:") else (max(c.lower().split(), key=len),) for c in rest]
        pats[topic] = TopicCue(cues, rest, None if None in found else tuple(n for g in found for n in g), tuple(found))
    return pats, frozenset(t["procedural"]), t["ratio"]


@lru_cache(maxsize=None)
def _rest_needles() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """(needle, the topics whose rest holds it) for every needle, and the topics whose rest
    has none (searched always)."""
    by: dict[str, list[str]] = {}
    always = []
    for topic, cue in topic_patterns()[0].items():
        if not cue.others:
            continue
        if cue.needles is None:
            always.append(topic)
        for n in cue.needles or ():
            by.setdefault(n, []).append(topic)
    return tuple((n, tuple(ts)) for n, ts in by.items()), tuple(always)


def rest_hits(low: str, is_plain: bool = False,
              index: tuple[tuple[str, tuple[str, ...]], ...] | None = None) -> dict[str, set[str]]:
    """`rest_matches` of every topic whose needles the lowercased text holds: the needles
    looked up once for all the topics, not once per topic (`index`: only those of
    `text_needles`, for a part of that text)."""
    pats = topic_patterns()[0]
    every, always = _rest_needles()
    index = every if index is None else index
    todo = set(always)
    present = set()
    for n, topics in index:
        if n in low:
            present.add(n)
            todo.update(topics)
    held = frozenset(present)
    return {t: pats[t].rest_matches(low, is_plain, held) for t in todo}


# What reading a part of a text may add to its words: spaces where names are blanked, the
# ". " after an article's heading. A needle without them that a part shows, the whole shows.
_ADDED = re.compile(r"[\s.]")


class Needles:
    """Which of many needles a text holds, found in one pass over it (an Aho-Corasick
    automaton) instead of one substring search per needle: 250 needles over a treaty took
    0.76 ms by substring tests and 0.08 ms so (measured)."""

    def __init__(self, needles):
        self.needles = tuple(dict.fromkeys(n for n in needles if n))
        self._automaton = ahocorasick_rs.AhoCorasick(list(self.needles), store_patterns=True) if self.needles else None

    def held(self, text: str) -> frozenset[str]:
        """The needles that occur in `text`, overlapping ones included."""
        if self._automaton is None:
            return frozenset()
        return frozenset(self._automaton.find_matches_as_strings(text, overlapping=True))


@lru_cache(maxsize=None)
def _article_needles() -> Needles:
    return Needles([n for n, _ in _rest_needles()[0]] + list(modality_patterns()[2]))


@lru_cache(maxsize=16)
def text_needles(text: str) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """The needles of the topics' rest cues (as `rest_hits` indexes them) and of the modality
    cues that any part of a text may hold: those the whole text holds, and those a part may
    show that the whole does not (`_ADDED`). Looked up once for the text, not once for each
    of its articles: most needles are in no article of it."""
    held = _article_needles().held(" ".join(text.split()).lower())
    keep = lambda n: n in held or _ADDED.search(n) is not None  # noqa: E731
    return (tuple((n, ts) for n, ts in _rest_needles()[0] if keep(n)),
            tuple(n for n in modality_patterns()[2] if keep(n)))


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
    out: dict[str, set[str]] = {}
    for tok in set(_TOKEN.findall(low)):
        for topic, stem in _word_stems(tok):
            out.setdefault(topic, set()).add(stem)
    return out


@lru_cache(maxsize=65536)
def _word_stems(tok: str) -> tuple[tuple[str, str], ...]:
    """(topic, the longest stem of the topic the word opens with) for one word: the words of
    the texts repeat, from article to article and document to document."""
    index, lengths = _stem_index()
    found, taken = [], set()
    for k in lengths.get(tok[:3], ()):
        for topic, stem in index.get(tok[:k], ()) if k <= len(tok) else ():
            if topic not in taken:
                taken.add(topic)
                found.append((topic, stem))
    return tuple(found)


@lru_cache(maxsize=None)
def decisive_patterns(is_plain: bool = False) -> dict[str, re.Pattern]:
    """Per topic, the wordings that make a text about it beside any field (`decisive`); with
    `is_plain`, for a lowercased plain text (`casefree`)."""
    rows = {t: "|".join(f"(?:{p})" for p in ps) for t, ps in lexicon.load("topics").get("decisive", {}).items()}
    return {t: (is_plain and casefree(p)) or re.compile(p, re.I) for t, p in rows.items()}


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
