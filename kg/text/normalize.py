"""Normalisation with an offset map back to the raw file.

Every pass rewrites the text and carries, for each output character, the index of the raw
character it came from, so any span found in the clean text maps back to the words a reader
sees in the original file (`raw[start:end]`). The passes are the repairs the field guide
measured on real texts: markup of the mirror, Unicode NFC, Latin look-alikes inside Cyrillic
words, letter-spaced words, hyphenated line breaks, page breaks, displaced words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterable

from kg.text import lexicon as tables  # noqa: the language data lives in kg/tables/*.json

Piece = tuple[str, list[int]]  # replacement characters with their raw offsets


@dataclass(frozen=True)
class Text:
    """Clean text with `offsets[i]` = raw index of `text[i]`; `offsets[len(text)]` = len(raw)."""

    raw: str
    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) covering clean characters [start, end)."""
        if end <= start:
            pos = self.offsets[min(start, len(self.text))]
            return pos, pos
        if self._rising and end <= len(self.offsets):
            return self.offsets[start], self.offsets[end - 1] + 1
        chunk = self.offsets[start:end]
        return min(chunk), max(chunk) + 1

    @cached_property
    def _rising(self) -> bool:
        """Whether the offsets never go back (no pass moved a word backwards): then a span's
        first and last characters hold its raw ends, with no scan of the article between."""
        return self.offsets == tuple(sorted(self.offsets))

    def quote(self, start: int, end: int) -> str:
        return fold(self.text[start:end])


def fold(s: str) -> str:
    """Whitespace folded to single spaces: the form titles and quotes are given in."""
    return " ".join(s.split())


# ---------------------------------------------------------------- the pass machinery

def _identity(raw: str) -> tuple[str, list[int]]:
    return raw, list(range(len(raw) + 1))


def _rewrite(text: str, offs: list[int], pattern: re.Pattern, repl: Callable[[re.Match, list[int]], Iterable[Piece]]):
    matches = list(pattern.finditer(text))
    if not matches:  # most passes find nothing in most texts: skip copying the offset map
        return text, offs
    out: list[str] = []
    out_offs: list[int] = []
    last = 0
    for m in matches:
        out.append(text[last:m.start()])
        out_offs.extend(offs[last:m.start()])
        for chars, positions in repl(m, offs):
            out.append(chars)
            out_offs.extend(positions)
        last = m.end()
    out.append(text[last:])
    out_offs.extend(offs[last:])
    return "".join(out), out_offs


def keep(m: re.Match, offs: list[int], group: int | str = 0) -> Piece:
    s, e = m.span(group)
    return m.string[s:e], offs[s:e]


def lit(chars: str, at: int) -> Piece:
    """New characters (a space, a moved hyphen) attributed to one raw position."""
    return chars, [at] * len(chars)


# ---------------------------------------------------------------- passes

_MD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)", re.M)
_MD_TAG = re.compile(r"<a\s[^>]*>\s*</a>|</?(?:table|tr|td|th|tbody|thead|strong|b|i|em|br|p|span|sup|sub)\b[^>]*>", re.I)
# "**", or a star that opens (after no word character) or closes (after a non-space) emphasis;
# led by the star, so the engine skips ahead to the next one
_MD_EMPH = re.compile(r"\*(?:\*|(?<![\w*]\*)(?=\S)|(?<=\S\*)(?![\w*]))")


def strip_markdown(text: str, offs: list[int]):
    """Drop the mirror's markup (headings, quotes, anchors, emphasis, table tags), keep words."""
    text, offs = _rewrite(text, offs, _MD_TAG, lambda m, o: [lit(" ", o[m.start()])])
    if "#" in text or ">" in text:  # a line pattern is tried at every line start
        text, offs = _rewrite(text, offs, _MD_LINE, lambda m, o: [])
    text, offs = _rewrite(text, offs, _MD_EMPH, lambda m, o: [])
    return text, offs


_INVISIBLE = {"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\r": "",
              "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}


_INVISIBLE_RUN = re.compile("[" + "".join(_INVISIBLE) + "]")
_AFTER_INVISIBLE = re.compile("[" + "".join(_INVISIBLE) + "]+(.)", re.S)


def unicode_nfc(text: str, offs: list[int]):
    """NFC (never NFKC: it turns № into No), invisible characters dropped, odd spaces folded."""
    if not any(ch in text for ch in _INVISIBLE):  # a few substring tests, not a scan char by char
        if unicodedata.is_normalized("NFC", text):
            return text, offs
    composable = not unicodedata.is_normalized("NFC", text) or any(
        unicodedata.combining(m.group(1)) for m in _AFTER_INVISIBLE.finditer(text))
    if not composable:
        # Nothing to compose, even once the invisible characters are gone: a plain rewrite.
        return _rewrite(text, offs, _INVISIBLE_RUN,
                        lambda m, o: [lit(_INVISIBLE[m.group()], o[m.start()])] if _INVISIBLE[m.group()] else [])
    out: list[str] = []
    out_offs: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            rep = _INVISIBLE[ch]
            if rep:
                out.append(rep)
                out_offs.append(offs[i])
            continue
        if unicodedata.combining(ch) and out:
            composed = unicodedata.normalize("NFC", out[-1] + ch)
            if len(composed) == 1:
                out[-1] = composed
                continue
        out.append(ch)
        out_offs.append(offs[i])
    out_offs.append(offs[len(text)])
    return "".join(out), out_offs


_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")


def homoglyphs(text: str, offs: list[int]):
    """Latin look-alikes inside Cyrillic words become Cyrillic (Latin i is Kazakh і, Y is Ү).

    Words wholly in Latin are real Latin (an English abstract, COVID-19) and stay; Roman
    numerals written with Cyrillic look-alikes (`VІ`, `ХХI`) become Latin numerals."""
    glyphs = tables.homoglyphs()
    to_latin = glyphs["cyrillic_to_latin_roman"]
    to_cyr = glyphs["latin_to_cyrillic"]
    chars = None
    # Only a word holding a Latin letter or a numeral look-alike can change; finding those by
    # their letters and widening to the word skips the Python loop over every other word.
    seeds = _seed_pattern(tuple(sorted(to_latin)))
    seen_end = -1
    for seed in seeds.finditer(text):
        if seed.start() < seen_end:
            continue
        m = _WORD.match(text, _word_start(text, seed.start()))
        seen_end = m.end()
        word = m.group()
        roman = word.isupper() and _is_roman(word, text, m.start(), m.end(), to_latin)
        if not roman and (word.isascii() or not _LAT.search(word) or not _CYR.search(word)):
            continue
        if chars is None:
            chars = list(text)
        table = to_latin if roman else to_cyr
        for k, ch in enumerate(word):
            chars[m.start() + k] = table.get(ch, ch)
    # A one-letter word in a look-alike (the prepositions "с", "о", "в") is Cyrillic where the
    # word after it is: only what follows decides, so that an excerpt normalised alone (the
    # check of an evidence quote) reads as the whole text does. Not a capital that is a Roman
    # numeral ("Статья V"), nor a list's letter ("h)", "i)" of a list in Latin letters).
    for m in _single_pattern(tuple(sorted(to_cyr))).finditer(text):
        after = _FIRST_LETTER.search(text, m.end(), m.end() + 40)
        if after and _CYR.match(after.group()) and not text.startswith(")", m.end()):
            if chars is None:
                chars = list(text)
            chars[m.start()] = to_cyr[m.group()]
    return ("".join(chars) if chars is not None else text), offs


_FIRST_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=None)
def _single_pattern(lookalikes: tuple[str, ...]) -> re.Pattern:
    letters = re.escape("".join(ch for ch in lookalikes if ch.isascii() and ch.isalpha() and ch not in "IVXLCDM"))
    # led by the letter, the look-behind after it: the engine skips ahead to the letters
    return re.compile(rf"[{letters}](?<![^\W_][{letters}])(?![^\W_])")


@lru_cache(maxsize=None)
def _seed_pattern(lookalikes: tuple[str, ...]) -> re.Pattern:
    # A word changes if it holds a Latin letter, or if it is a numeral written in look-alikes
    # only: then the look-alikes are the whole word. A look-alike capital that opens a word
    # ("Стороны", "Министрлігі") is no seed: a seed costs a Python step, and such capitals
    # open a word in every sentence of a Russian text.
    # Led by one set of letters, so the engine skips ahead to the next of them.
    alike = re.escape("".join(lookalikes))
    return re.compile(rf"[A-Za-z{alike}](?:(?<=[A-Za-z])[A-Za-z]*|[{alike}]*(?![^\W\d_]))")


def _word_start(text: str, i: int) -> int:
    """Where the `_WORD` holding the letter at `i` starts: back over letters, and over a
    hyphen or apostrophe that has letters on both sides."""
    while i > 0:
        prev = text[i - 1]
        if _is_letter(prev) or (prev in "-'" and i >= 2 and _is_letter(text[i - 2])):
            i -= 1
        else:
            break
    return i


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def _is_roman(word: str, text: str, start: int, end: int, to_latin: dict) -> bool:
    latin = "".join(to_latin.get(ch, ch) for ch in word)
    if not latin or not _ROMAN.match(latin) or not word.isupper():
        return False
    if _LAT.search(word) and _CYR.search(word):
        return True
    # All-Cyrillic look-alikes only count in a numeral's places: a law number (`220-VІ`)
    # or a century (`ХХІ ғасыр`, `XXI век`); otherwise `С` is an initial, not 100.
    before = text[max(0, start - 2):start]
    after = text[end:end + 8].lower()
    return bool(re.search(r"\d-$", before)) or after.lstrip().startswith(("ғасыр", "век", "ғ."))


_SPACED = re.compile(r"(?<![^\s(«\"])(?:\S {1,2}){2,}\S(?![^\s,.;:!?)»\"])")
# A spaced run's second letter stands between spaces: found from there, led by a space (a
# literal the engine skips ahead to), the run is tried only where it may start, one character
# before; `_SPACED` itself, led by its look-behind, is tried at every position of the text.
_SPACED_HINT = re.compile(r" {1,2}\S {1,2}\S")


class _FromHint:
    """`rx.finditer(text)` for a pattern each of whose matches starts `back` characters before
    a match of `hint`: the same matches, the pattern tried only there."""

    def __init__(self, rx: re.Pattern, hint: re.Pattern, back: int):
        self.rx, self.hint, self.back = rx, hint, back

    def finditer(self, text: str):
        pos = 0
        while (h := self.hint.search(text, pos + self.back)) is not None:
            m = self.rx.match(text, h.start() - self.back)
            if m is None:
                pos = h.start() - self.back + 1
                continue
            yield m
            pos = m.end()


@lru_cache(maxsize=None)
def _short_spaced() -> frozenset[str]:
    return frozenset(tables.load("text")["spaced_short_words"])


def letter_spacing(text: str, offs: list[int]):
    """`м е н  Ә з е р б а й ж а н` → `мен Әзербайжан`: one space inside a word, two between."""

    def repl(m: re.Match, o: list[int]):
        run = m.group()
        if not re.fullmatch(r"(?:\S {1,2})+\S", run):
            return [keep(m, o)]
        letters = run.replace(" ", "")
        if sum(c.isalpha() for c in letters) < 3:
            return [keep(m, o)]
        # three letters apart are a spaced word only when they are one of the short words a
        # heading spaces out (`м е н`); `а в с` in a list is three letters
        if len(letters) == 3 and letters.lower() not in _short_spaced():
            return [keep(m, o)]
        pieces: list[Piece] = []
        base = m.start()
        i = 0
        while i < len(run):
            ch = run[i]
            if ch != " ":
                pieces.append((ch, [o[base + i]]))
                i += 1
                continue
            j = i
            while j < len(run) and run[j] == " ":
                j += 1
            nxt = run[j] if j < len(run) else ""
            prev = run[i - 1] if i else ""
            # a double space is a word boundary; a space before punctuation is spacing noise; a
            # single space beside a number or its sign ends a spaced word (`9 м а у с ы м № 218`)
            if (j - i >= 2 and nxt not in ",.;:!?)»") or \
                    (j - i == 1 and any(c.isdigit() or c == "№" for c in prev + nxt)):
                pieces.append((" ", [o[base + i]]))
            i = j
        return pieces

    return _rewrite(text, offs, _FromHint(_SPACED, _SPACED_HINT, 1), repl)


# Led by the capital (a look-behind-led pattern is tried at every position); the match is the
# capital itself, kept, with a space put before it.
_GLUED = re.compile(r"[А-ЯӘҒҚҢӨҰҮҺІ](?<=[а-яәғқңөұүһі]{4}[А-ЯӘҒҚҢӨҰҮҺІ])(?=[а-яәғқңөұүһі])")


def missing_spaces(text: str, offs: list[int]):
    """`РеспубликасыныңҮкіметі` → `Республикасының Үкіметі`: a capital inside a lowercase run
    starts a new word (abbreviations such as `ДоДиС` have no four-letter lowercase run)."""
    return _rewrite(text, offs, _GLUED, lambda m, o: [lit(" ", o[m.start()]), keep(m, o)])


# a page's number on a line of its own between paragraphs ("112", "- 2 -"): furniture
# (led by the blank line before it, a literal: the engine skips ahead fast)
_PAGE_NUMBER = re.compile(r"\n\n[ \t]*(?:[-–—][ \t]*)?\d{1,4}(?:[ \t]*[-–—])?[ \t]*(?=\n[ \t]*\n)")


def page_numbers(text: str, offs: list[int]):
    return _rewrite(text, offs, _PAGE_NUMBER, lambda m, o: [(m.group()[:1], o[m.start():m.start() + 1])])


_PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n){3,}")


def page_breaks(text: str, offs: list[int]):
    """Runs of three or more blank lines are page breaks; they can cut a sentence, so they go."""
    return _rewrite(text, offs, _PAGE_BREAK, lambda m, o: [lit("\n", o[m.start()])])


_HYPHEN_BREAK = re.compile(r"-[ \t]*\n[ \t]*")  # led by a literal: the engine skips ahead fast


def hyphenation(text: str, offs: list[int]):
    """`мемлекет-⏎тер` → `мемлекеттер`, but `қарым-⏎қатынас` keeps its hyphen (a real compound).

    A compound is recognised from the compound table or from the document itself: the same
    pair written with a hyphen inside a line elsewhere."""
    if not _HYPHEN_BREAK.search(text):
        return text, offs
    low = text.lower()
    compounds = tables.compounds()

    def written(word: str) -> bool:
        """`word` stands whole somewhere in the document (a substring search, not a word list:
        a few words are looked up, and listing every word of a long text costs more)."""
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _is_letter(low[at - 1])) and (end == len(low) or not _is_letter(low[end])):
                return True
            at = low.find(word, at + 1)
        return False

    def repl(m: re.Match, o: list[int]):
        a, b = m.start(), m.end()
        if not (a > 0 and b < len(text) and _is_letter(text[a - 1]) and _is_letter(text[b])):
            return [keep(m, o)]  # a dash at a line end, not a word broken in two
        ls = a
        while ls > 0 and _is_letter(text[ls - 1]):
            ls -= 1
        re_ = b
        while re_ < len(text) and _is_letter(text[re_]):
            re_ += 1
        left, right = text[ls:a], text[b:re_]
        joined = f"{left}-{right}".lower()
        inline = written(joined)
        keep_hyphen = (
            inline
            or _is_compound(left, right, compounds)
            or (right[:1].isupper() and left[:1].isupper())
        )
        if len(left) + len(right) >= 4 and not inline and written((left + right).lower()):
            keep_hyphen = False
        return [("-", [o[a]])] if keep_hyphen else []

    return _rewrite(text, offs, _HYPHEN_BREAK, repl)


def _is_letter(ch: str) -> bool:
    return ch.isalnum() and not ch.isdecimal()  # what [^\W\d_] matches


def _is_compound(left: str, right: str, compounds: dict) -> bool:
    low_l, low_r = left.lower(), right.lower()
    if low_l in compounds["left"]:
        return True
    return any(low_l.startswith(a) and low_r.startswith(b) for a, b in compounds["pairs"])


_GLUED_AFTER_DOT = re.compile(r"\.([а-яәғқңөұүһі]{3,})(?=\s|$)")  # led by the dot: fast to find


@dataclass(frozen=True)
class _Glue:
    verb_start: int
    word_start: int
    word_end: int
    word: str


def _find_glue(text: str) -> _Glue | None:
    """The first `verb.word` with a verb of four letters or more and a lowercase word."""
    pos = 0
    while (m := _GLUED_AFTER_DOT.search(text, pos)) is not None:
        v = m.start()
        while v > 0 and _is_letter(text[v - 1]):
            v -= 1
        if m.start() - v >= 4:
            return _Glue(v, m.start(1), m.end(1), m.group(1))
        pos = m.start() + 1
    return None


def displaced_words(text: str, offs: list[int]):
    """PDF extraction glues a word after the sentence it belongs in: `ратификациялансын.шарт`.

    The word goes back where it belongs: onto a dangling `17-` in the same sentence
    (`17-бабында`), else just before the verb that took its place."""
    # Done in two steps because the word moves backwards past text already emitted.
    out = text
    out_offs = list(offs)
    while (m := _find_glue(out)) is not None:
        word = m.word
        if word.lower() not in tables.displaced_words():
            # Not a word we know PDF extraction displaces: leave the glue, add a space.
            out, out_offs = _splice(out, out_offs, m.word_start, m.word_start, " ", [out_offs[m.word_start]])
            continue
        word_offs = out_offs[m.word_start:m.word_end]
        # remove the word from its place after the verb
        out, out_offs = _splice(out, out_offs, m.word_start, m.word_end, "", [])
        sentence_start = max(out.rfind(".", 0, m.verb_start), out.rfind(":", 0, m.verb_start), 0)
        dangling = None
        for d in re.finditer(r"\d+-(?=\s)", out[sentence_start:m.verb_start]):
            dangling = sentence_start + d.end()
        if dangling is not None and not word.startswith(tuple(tables.load("text")["displaced_names"])):
            out, out_offs = _splice(out, out_offs, dangling, dangling, word, word_offs)
        else:
            at = m.verb_start
            # strip the blank gap the word left before the verb so it reads "туралы шарт ратифик..."
            gap_start = at
            while gap_start > 0 and out[gap_start - 1].isspace():
                gap_start -= 1
            gap_offs = [out_offs[gap_start]]
            out, out_offs = _splice(out, out_offs, gap_start, at, " " + word + " ", gap_offs + word_offs + [out_offs[at]])
    return out, out_offs


def _splice(text: str, offs: list[int], start: int, end: int, chars: str, positions: list[int]):
    assert len(chars) == len(positions)
    return text[:start] + chars + text[end:], offs[:start] + positions + offs[end:]


_SPACES = re.compile(r"  +")  # led by its two spaces, a literal
_TRAILING = re.compile(r"[ ]++(?=\n|\Z)")


def spaces(text: str, offs: list[int]):
    """Runs of spaces become one space; spaces before a line end go. Leading indentation is
    kept as one space: it is how the database marks the start of a paragraph."""
    if " \n" in text or text.endswith(" "):  # else no space ends a line, and none is looked for
        text, offs = _rewrite(text, offs, _TRAILING, lambda m, o: [])
    return _rewrite(text, offs, _SPACES, lambda m, o: [lit(" ", o[m.start()])])


FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def front_matter(text: str, offs: list[int]):
    """YAML front matter on top of a file (`---` ... `---`) is metadata, not text: it goes."""
    m = FRONT_MATTER.match(text)
    return (text[m.end():], offs[m.end():]) if m else (text, offs)


def normalize(raw: str, fmt: str = "txt") -> Text:
    text, offs = front_matter(*_identity(raw))
    # odd spaces first: a mirror's "###\u00a0Статья 5" is a heading like "### Статья 5"
    text, offs = unicode_nfc(text, offs)
    if fmt == "md":
        text, offs = strip_markdown(text, offs)
    for step in (letter_spacing, homoglyphs, missing_spaces, page_numbers, page_breaks, hyphenation,
                 displaced_words, spaces):
        text, offs = step(text, offs)
    assert len(offs) == len(text) + 1
    return Text(raw, text, tuple(offs))


def normalize_fragment(raw: str, fmt: str = "txt") -> str:
    """The normalised, folded form of a raw excerpt: what a quote of that excerpt must equal
    (`fmt` is the whole file's format: an excerpt of the mirror sheds its markup)."""
    return fold(normalize(raw, fmt).text)
