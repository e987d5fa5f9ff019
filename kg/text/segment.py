"""Segmentation of a treaty as the database publishes it.

Ratifying act on top, title, editorial notes, preamble, articles (`N-бап`, `Статья N`),
final clauses ("done at"), signature block, then annexes or protocols printed after the
main instrument as parts of their own. All offsets are into the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text import lexicon


@dataclass(frozen=True)
class Block:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleSeg:
    number: int
    start: int  # heading start
    body_start: int
    end: int
    heading: str | None = None  # the heading's own title, if printed on the heading line


@dataclass(frozen=True)
class Part:
    kind: str  # annex | protocol | other
    title: str
    start: int
    end: int
    articles: tuple[ArticleSeg, ...] = ()


@dataclass(frozen=True)
class Layout:
    act: Block | None
    title: Block | None
    notes: tuple[Block, ...]
    preamble: Block | None
    articles: tuple[ArticleSeg, ...]
    final: Block | None
    signatures: Block | None
    parts: tuple[Part, ...] = field(default=())
    body_end: int = 0


_HEADING = re.compile(
    r"^[ ]?(?:(?P<kk>\d{1,3})[ ]?-?[ ]?(?:бап|БАП|Бап)(?![а-яәғқңөұүһіА-Я])\.?"
    r"|(?:Статья|СТАТЬЯ|Article|ARTICLE)[ ]+(?P<ru>\d{1,3})\.?)"
    r"(?P<title>[^\n]{0,200})$",
    re.M,
)


def headings(text: str) -> list[tuple[int, int, int, str]]:
    out = []
    for m in _HEADING.finditer(text):
        num = int(m.group("kk") or m.group("ru"))
        title = m.group("title").strip(" .:")
        # a heading's own title is short and never a running sentence ending in a verb phrase
        if len(title) > 150:
            continue
        out.append((num, m.start(), m.end(), title or None))
    return out


def _chains(heads):
    """Consecutive runs 1, 2, 3 ... in text order: each is one instrument's body."""
    chains: list[list] = []
    for h in heads:
        num = h[0]
        if chains and chains[-1][-1][0] + 1 == num:
            chains[-1].append(h)
        elif num == 1:
            chains.append([h])
        # a stray number (a cross-reference at a line start) joins no chain
    return chains


def _articles(chain, end: int) -> tuple[ArticleSeg, ...]:
    arts = []
    for i, (num, s, e, title) in enumerate(chain):
        stop = chain[i + 1][1] if i + 1 < len(chain) else end
        arts.append(ArticleSeg(num, s, e, stop, title))
    return tuple(arts)


def _cues():
    return lexicon.load("structure")


def _first(pattern: str, text: str, start: int = 0, end: int | None = None, flags=re.I | re.M):
    return re.compile(pattern, flags).search(text, start, len(text) if end is None else end)


def segment(text: str) -> Layout:
    cues = _cues()
    heads = headings(text)
    chains = _chains(heads)
    first_head = chains[0][0][1] if chains else len(text)

    act = _find_act(text, first_head, cues)
    title = _find_title(text, act.end if act else 0, first_head, cues)
    after_title = title.end if title else (act.end if act else 0)
    notes = tuple(
        Block("note", m.start(), m.end())
        for m in re.finditer(r"^[ ]?\([^()\n]*(?:\n[^()\n]*){0,3}\)[ ]*$", text[:first_head], re.M)
        if m.start() >= after_title - 1 or _first(cues["note_cue"], m.group())
    )
    pre_start = max([after_title] + [n.end for n in notes if n.start >= after_title - 1])
    preamble = Block("preamble", pre_start, first_head) if chains else None

    if not chains:
        return Layout(act, title, notes, preamble, (), None, None, (), len(text))

    main = chains[0]
    # Where the main instrument ends: a later chain that restarts at 1 is an annex, a protocol
    # or another language version, introduced by its own heading block.
    parts: list[Part] = []
    body_end = len(text)
    later = [c for c in chains[1:]]
    if later:
        body_end = _part_start(text, main[-1][2], later[0][0][1], cues)
    final = _find_final(text, main[-1][2], body_end, cues)
    art_end = final.start if final else body_end
    articles = _articles(main, art_end)
    signatures = None
    if final:
        sig = _first(cues["signature"], text, final.start, body_end)
        if sig:
            line_start = text.rfind("\n", 0, sig.start()) + 1
            signatures = Block("signatures", line_start, body_end)
            final = Block("final", final.start, line_start)
    for i, chain in enumerate(later):
        start = _part_start(text, (later[i - 1][-1][2] if i else main[-1][2]), chain[0][1], cues)
        stop = _part_start(text, chain[-1][2], later[i + 1][0][1], cues) if i + 1 < len(later) else len(text)
        head = text[start:chain[0][1]]
        kind = "other"
        for k, pat in cues["part_kinds"].items():
            if re.search(pat, head, re.I):
                kind = k
                break
        parts.append(Part(kind, " ".join(head.split())[:300], start, stop, _articles(chain, stop)))
    return Layout(act, title, notes, preamble, articles, final, signatures, tuple(parts), body_end)


def _find_act(text: str, limit: int, cues) -> Block | None:
    m = _first(cues["act_verb"], text, 0, limit)
    if not m:
        return None
    # The act runs to the end of its sentence and the signer's line(s) that follow it.
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    signer = _first(cues["act_signer"], text, end, min(limit, end + 200))
    if signer:
        end = text.find("\n", signer.end())
        end = limit if end < 0 else end
        # the signer's name may stand on the next line (`Президенті Қ. ТОҚАЕВ` or `Н. НАЗАРБАЕВ`)
        nxt = re.match(r"\n[ ]?(?:[А-ЯӘҒҚҢӨҰҮҺІ]\.[ ]?)+[ ]?[А-ЯӘҒҚҢӨҰҮҺІ-]{3,}[ ]*(?=\n)", text[end:limit])
        if nxt:
            end += nxt.end()
    start = 0
    return Block("act", start, end)


def _find_title(text: str, start: int, limit: int, cues) -> Block | None:
    region_end = min(limit, start + 1500)
    # Kazakh titles end with the instrument noun; Russian ones start with it.
    m = _first(cues["title_kk_end"], text, start, region_end)
    r = _first(cues["title_ru_start"], text, start, region_end)
    if r and (not m or r.start() < m.start()):
        end = text.find("\n\n", r.start())
        note = _first(r"^[ ]?\(", text, r.start(), region_end)
        # the preamble opens with the parties in the nominative ("Республика Казахстан и ...,
        # в дальнейшем именуемые"): where a page break took the blank line after the title
        first_nl = text.find("\n", r.start(), region_end)
        pre = _first(cues["title_ru_stop"], text, first_nl, region_end) if first_nl > 0 else None
        stops = [x for x in (end, note.start() if note else -1, pre.start() - 1 if pre else -1) if x > 0]
        stop = min(stops) if stops else region_end
        return Block("title", r.start(), min(stop, region_end))
    if not m:
        return None
    # A noun in the dative at a line end ("... туралы келісімге⏎өзгерістер енгізу туралы
    # хаттама") is not the title's end: an amending instrument's title names the amended one
    # first. Continue to the next title end in the same paragraph.
    while re.search(cues["title_kk_dative_end"], m.group(), re.I):
        m2 = _first(cues["title_kk_end"], text, m.end(), region_end)
        if not m2 or "\n\n" in text[m.end():m2.start()] or "." in text[m.end():m2.start()]:
            break
        m = m2
    # Walk back line by line from the instrument noun: the title is the run of lines that
    # do not close a sentence (mirror titles may be cut by blank lines).
    s = text.rfind("\n", start, m.start()) + 1
    while s > start:
        prev_end = s - 1
        while prev_end > start and text[prev_end - 1] == "\n":
            prev_end -= 1
        prev_start = max(text.rfind("\n", start, prev_end) + 1, start)
        line = text[prev_start:prev_end].strip()
        if not line or line[-1] in ".!?:;*»\"" or re.match(cues["title_stop"], line, re.I) or len(text[prev_start:m.end()]) > 500:
            break
        s = prev_start
    while s < m.start() and text[s] in " \n":
        s += 1
    return Block("title", s, m.end())


def _part_start(text: str, after: int, head: int, cues) -> int:
    """Start of the heading block of a part: the last part-heading line before its article 1."""
    m = None
    for m2 in re.finditer(cues["part_heading"], text[after:head], re.I | re.M):
        m = m2
    if m:
        return after + m.start()
    # no recognisable heading: the part starts at the paragraph before its first article
    para = text.rfind("\n\n", after, head)
    return para + 1 if para > after else head


def _find_final(text: str, start: int, end: int, cues) -> Block | None:
    m = None
    for m2 in re.finditer(cues["done_at"], text[start:end], re.I | re.M):
        m = m2
        break
    if not m:
        return None
    # the "done at" clause begins at its sentence start
    s = start + m.start()
    sent = max(text.rfind(". ", start, s) + 2, text.rfind(".\n", start, s) + 2, text.rfind("\n ", start, s) + 1,
               text.rfind("\n\n", start, s) + 2)
    s0 = max(sent, start)
    while s0 < end and text[s0] == " ":
        s0 += 1
    return Block("final", s0, end)
