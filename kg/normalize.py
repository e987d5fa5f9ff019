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
from typing import Callable, Iterable

from kg import lexicon as tables  # noqa: the language data lives in kg/tables/*.json

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
        chunk = self.offsets[start:end]
        return min(chunk), max(chunk) + 1

    def quote(self, start: int, end: int) -> str:
        return fold(self.text[start:end])


def fold(s: str) -> str:
    """Whitespace folded to single spaces: the form titles and quotes are given in."""
    return " ".join(s.split())


# ---------------------------------------------------------------- the pass machinery

def _identity(raw: str) -> tuple[str, list[int]]:
    return raw, list(range(len(raw))) + [len(raw)]


def _rewrite(text: str, offs: list[int], pattern: re.Pattern, repl: Callable[[re.Match, list[int]], Iterable[Piece]]):
    out: list[str] = []
    out_offs: list[int] = []
    last = 0
    for m in pattern.finditer(text):
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
_MD_EMPH = re.compile(r"\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def strip_markdown(text: str, offs: list[int]):
    """Drop the mirror's markup (headings, quotes, anchors, emphasis, table tags), keep words."""
    text, offs = _rewrite(text, offs, _MD_TAG, lambda m, o: [lit(" ", o[m.start()])])
    text, offs = _rewrite(text, offs, _MD_LINE, lambda m, o: [])
    text, offs = _rewrite(text, offs, _MD_EMPH, lambda m, o: [])
    return text, offs


_INVISIBLE = {"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\r": "",
              "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}


def unicode_nfc(text: str, offs: list[int]):
    """NFC (never NFKC: it turns № into No), invisible characters dropped, odd spaces folded."""
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
    chars = list(text)
    for m in _WORD.finditer(text):
        word = m.group()
        has_cyr = bool(_CYR.search(word))
        has_lat = bool(_LAT.search(word))
        if _is_roman(word, text, m.start(), m.end(), to_latin):
            for k, ch in enumerate(word):
                chars[m.start() + k] = to_latin.get(ch, ch)
        elif has_cyr and has_lat:
            for k, ch in enumerate(word):
                chars[m.start() + k] = to_cyr.get(ch, ch)
    return "".join(chars), offs


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


_SPACED = re.compile(r"(?<![^\s(«\"])(?:\S {1,2}){3,}\S(?![^\s,.;:!?)»\"])")


def letter_spacing(text: str, offs: list[int]):
    """`м е н  Ә з е р б а й ж а н` → `мен Әзербайжан`: one space inside a word, two between."""

    def repl(m: re.Match, o: list[int]):
        run = m.group()
        if not re.fullmatch(r"(?:\S {1,2})+\S", run):
            return [keep(m, o)]
        letters = run.replace(" ", "")
        if sum(c.isalpha() for c in letters) < 3:
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
            # a double space is a word boundary; a space before punctuation is spacing noise
            if j - i >= 2 and nxt not in ",.;:!?)»":
                pieces.append((" ", [o[base + i]]))
            i = j
        return pieces

    return _rewrite(text, offs, _SPACED, repl)


_GLUED = re.compile(r"(?<=[а-яәғқңөұүһі]{4})(?=[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі])")


def missing_spaces(text: str, offs: list[int]):
    """`РеспубликасыныңҮкіметі` → `Республикасының Үкіметі`: a capital inside a lowercase run
    starts a new word (abbreviations such as `ДоДиС` have no four-letter lowercase run)."""
    return _rewrite(text, offs, _GLUED, lambda m, o: [lit(" ", o[m.start()])])


_PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n){3,}")


def page_breaks(text: str, offs: list[int]):
    """Runs of three or more blank lines are page breaks; they can cut a sentence, so they go."""
    return _rewrite(text, offs, _PAGE_BREAK, lambda m, o: [lit("\n", o[m.start()])])


_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-[ \t]*\n[ \t]*([^\W\d_]+)")


def hyphenation(text: str, offs: list[int]):
    """`мемлекет-⏎тер` → `мемлекеттер`, but `қарым-⏎қатынас` keeps its hyphen (a real compound).

    A compound is recognised from the compound table or from the document itself: the same
    pair written with a hyphen inside a line elsewhere."""
    inline = {w.lower() for w in re.findall(r"[^\W\d_]+-[^\W\d_]+", text)}
    solid = {w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)}
    compounds = tables.compounds()

    def repl(m: re.Match, o: list[int]):
        left, right = m.group(1), m.group(2)
        joined = f"{left}-{right}".lower()
        keep_hyphen = (
            joined in inline
            or _is_compound(left, right, compounds)
            or (right[:1].isupper() and left[:1].isupper())
        )
        if (left + right).lower() in solid and joined not in inline:
            keep_hyphen = False
        hyphen_at = m.start(1) + len(left)
        pieces = [keep(m, o, 1)]
        if keep_hyphen:
            pieces.append(("-", [o[hyphen_at]]))
        pieces.append(keep(m, o, 2))
        return pieces

    return _rewrite(text, offs, _HYPHEN_BREAK, repl)


def _is_compound(left: str, right: str, compounds: dict) -> bool:
    low_l, low_r = left.lower(), right.lower()
    if low_l in compounds["left"]:
        return True
    return any(low_l.startswith(a) and low_r.startswith(b) for a, b in compounds["pairs"])


_DISPLACED = re.compile(r"(?P<verb>[^\W\d_]{4,})\.(?P<word>[а-яәғқңөұүһі]{3,})(?=\s|$)")


def displaced_words(text: str, offs: list[int]):
    """PDF extraction glues a word after the sentence it belongs in: `ратификациялансын.шарт`.

    The word goes back where it belongs: onto a dangling `17-` in the same sentence
    (`17-бабында`), else just before the verb that took its place."""
    # Done in two steps because the word moves backwards past text already emitted.
    out = text
    out_offs = list(offs)
    while True:
        m = _DISPLACED.search(out)
        if not m:
            break
        word = m.group("word")
        if word.lower() not in tables.displaced_words():
            # Not a word we know PDF extraction displaces: leave the glue, add a space.
            out, out_offs = _splice(out, out_offs, m.start("word"), m.start("word"), " ", [out_offs[m.start("word")]])
            continue
        word_offs = out_offs[m.start("word"):m.end("word")]
        # remove the word from its place after the verb
        out, out_offs = _splice(out, out_offs, m.start("word"), m.end("word"), "", [])
        sentence_start = max(out.rfind(".", 0, m.start("verb")), out.rfind(":", 0, m.start("verb")), 0)
        dangling = None
        for d in re.finditer(r"\d+-(?=\s)", out[sentence_start:m.start("verb")]):
            dangling = sentence_start + d.end()
        if dangling is not None and not word.startswith(("шарт", "келісім", "хаттама", "конвенция")):
            out, out_offs = _splice(out, out_offs, dangling, dangling, word, word_offs)
        else:
            at = m.start("verb")
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


_SPACES = re.compile(r"[ ]{2,}")
_TRAILING = re.compile(r"[ ]+(?=\n)|[ ]+\Z")


def spaces(text: str, offs: list[int]):
    """Runs of spaces become one space; spaces before a line end go. Leading indentation is
    kept as one space: it is how the database marks the start of a paragraph."""
    text, offs = _rewrite(text, offs, _TRAILING, lambda m, o: [])
    return _rewrite(text, offs, _SPACES, lambda m, o: [lit(" ", o[m.start()])])


def normalize(raw: str, fmt: str = "txt") -> Text:
    text, offs = _identity(raw)
    if fmt == "md":
        text, offs = strip_markdown(text, offs)
    for step in (unicode_nfc, letter_spacing, homoglyphs, missing_spaces, page_breaks, hyphenation,
                 displaced_words, spaces):
        text, offs = step(text, offs)
    assert len(offs) == len(text) + 1
    return Text(raw, text, tuple(offs))


def normalize_fragment(raw: str) -> str:
    """The normalised, folded form of a raw excerpt: what a quote of that excerpt must equal."""
    return fold(normalize(raw).text)
