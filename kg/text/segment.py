"""Segmentation of a treaty as the database publishes it.

Ratifying act on top, title, editorial notes, preamble, articles (`N-бап`, `Статья N`),
final clauses ("done at"), signature block, then annexes or protocols printed after the
main instrument as parts of their own. All offsets are into the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

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


@lru_cache(maxsize=None)
def _heading_pattern() -> re.Pattern:
    """`1-бап`, `1-ші Бап`, `I Бап`, `ХХII Бап`, `Статья 1`, `СТАТЬЯ XII` at a line start."""
    c = _cues()
    roman = "[" + "".join(c["roman_letters"]) + "]{1,7}"
    words = "|".join(sorted({w for table in c["ordinal_words"].values() for w in table}, key=len, reverse=True))
    tens = "|".join(sorted(c["tens_words"], key=len, reverse=True))
    spelled = rf"(?i:(?:(?:{tens})[ ])?(?:{words}))"
    return re.compile(
        rf"^[ ]?(?:(?:(?P<kk>\d{{1,3}})[ ]?-?[ ]?(?:(?:{c['ordinal_suffix']})[ ]?)?|(?P<kkr>{roman})[ ]?-?[ ]?"
        rf"|(?P<kkw>{spelled})[ ])"
        rf"(?:{c['article_word_after']})(?![а-яәғқңөұүһіА-Я])\.?"
        rf"|(?:{c['article_word_before']})[ ]+(?:(?P<ru>\d{{1,3}})|(?P<rur>{roman})|(?P<ruw>{spelled}))(?![\w-])\.?)"
        r"(?P<title>[^\n]{0,200})$",
        re.M,
    )


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral written in Latin letters or Cyrillic look-alikes (`ХХІІ`)."""
    letters = _cues()["roman_letters"]
    values = [letters.get(ch) for ch in numeral]
    if not values or None in values:
        return None
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total or None


def spelled_value(phrase: str) -> int | None:
    """`Жиырма екінші` → 22, `первая` → 1: a tens word and a units ordinal from the tables."""
    c = _cues()
    ordinals = {w: v for table in c["ordinal_words"].values() for w, v in table.items()}
    total = 0
    for w in phrase.lower().split():
        total += c["tens_words"].get(w, 0) or ordinals.get(w, 0)
    return total or None


@lru_cache(maxsize=None)
def _heading_word() -> re.Pattern:
    c = _cues()
    # the table lists each word's cases: a case-blind scan of Cyrillic is slower (measured)
    return re.compile(f"(?:{c['article_word_after']}|{c['article_word_before']})")


def _heading_matches(text: str):
    """Heading matches, tried only at the start of a line that holds an article word rather
    than the full pattern at every line start."""
    pattern = _heading_pattern()
    last = -1
    for w in _heading_word().finditer(text):
        ls = text.rfind("\n", 0, w.start()) + 1
        if ls == last:
            continue
        last = ls
        m = pattern.match(text, ls)
        if m:
            yield m


def headings(text: str) -> list[tuple[int, int, int, str]]:
    out = []
    for m in _heading_matches(text):
        digits = m.group("kk") or m.group("ru")
        spelled = m.group("kkw") or m.group("ruw")
        num = int(digits) if digits else (spelled_value(spelled) if spelled else roman_value(m.group("kkr") or m.group("rur")))
        if not num:
            continue
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


@lru_cache(maxsize=None)
def _cues():
    c = dict(lexicon.load("structure"))
    c["title_stop"] = c["title_stop"].format(signer_name=c["signer_name"])
    return c


def _first(pattern: str, text: str, start: int = 0, end: int | None = None, flags=re.I | re.M):
    return re.compile(pattern, flags).search(text, start, len(text) if end is None else end)


def segment(text: str) -> Layout:
    cues = _cues()
    heads = headings(text)
    chains = _chains(heads)
    first_head = chains[0][0][1] if chains else len(text)

    act = _find_act(text, first_head, cues)
    editorial = _editorial_notes(text, cues)
    title = _find_title(text, act.end if act else 0, first_head, cues, editorial)
    after_title = title.end if title else (act.end if act else 0)
    bracketed = [
        Block("note", m.start(), m.end())
        for m in re.finditer(r"(?:^[ ]?|(?<=[^\n(]))\([^()\n]*(?:\n[^()\n]*){0,3}\)(?:[ ]*$|(?=[ ]))", text[:first_head], re.M)
        if (m.start() >= after_title - 1 and _bracket_after(text, after_title, m.start()))
        or _first(cues["note_cue"], m.group())
    ]
    notes = tuple(sorted(set(editorial) | {Block("note", n.start + _lead(text, n), n.end) for n in bracketed},
                         key=lambda n: n.start))
    # the preamble opens after the title and the notes that stand between it and the text
    pre_start = after_title
    for n in notes:
        if pre_start - 1 <= n.start < first_head and not text[pre_start:n.start].strip():
            pre_start = n.end
    if not chains:
        # An instrument that amends another by numbered points has no articles: its body
        # runs from its title to its closing formula, and it is still a treaty text.
        if title is None or (act is not None and title.end <= act.end):
            return Layout(act, title, notes, None, (), None, None, (), len(text))
        final, signatures, parts, body_end = _closing(text, pre_start, len(text), [], cues, notes)
        point = _first(cues["numbered_point"], text, pre_start, final.start if final else body_end)
        preamble = Block("preamble", pre_start, point.start() if point else (final.start if final else body_end))
        return Layout(act, title, notes, preamble, (), final, signatures, tuple(parts), body_end)
    preamble = Block("preamble", pre_start, first_head)

    main = chains[0]
    # Where the main instrument ends: a later chain that restarts at 1 is an annex, a protocol
    # or another language version, introduced by its own heading block.
    later = chains[1:]
    chain_end = _part_start(text, main[-1][2], later[0][0][1], cues) if later else len(text)
    final, signatures, parts, body_end = _closing(text, main[-1][2], chain_end, later, cues, notes)
    articles = _articles(main, final.start if final else body_end)
    for i, chain in enumerate(later):
        start = _part_start(text, (later[i - 1][-1][2] if i else main[-1][2]), chain[0][1], cues)
        stop = _part_start(text, chain[-1][2], later[i + 1][0][1], cues) if i + 1 < len(later) else len(text)
        head = text[start:chain[0][1]]
        parts.append(Part(_part_kind(head, cues), " ".join(head.split())[:300], start, stop, _articles(chain, stop)))
    if title is None:
        # A translation printed from its first section carries the treaty's heading only where
        # an appended note quotes it (a correction by exchange of notes): that is its heading.
        title = _title_in_appendix(text, parts, cues, notes)
    return Layout(act, title, notes, preamble, articles, final, signatures, tuple(parts), body_end)


def _title_in_appendix(text: str, parts, cues, notes) -> Block | None:
    for part in parts:
        if part.kind in ("exchange_of_notes", "other"):
            found = _find_title(text, part.start, part.end, cues, notes, reach=part.end - part.start)
            if found:
                return found
    return None


def _lead(text: str, block: Block) -> int:
    return len(text[block.start:block.end]) - len(text[block.start:block.end].lstrip())


def _bracket_after(text: str, after_title: int, start: int) -> bool:
    """A bracket counts as a note where only notes stand between it and the title."""
    return not re.sub(r"\([^()]*\)", "", text[after_title:start]).strip()


_LINE = re.compile(r"^[^\n]*$", re.M)
_CLOSED = ".!?)"  # a line ending so closes the note's sentence


def _editorial_notes(text: str, cues) -> list[Block]:
    """What the database adds around the treaty: a note (`Ескерту. ...`, `Мамандар: ...`,
    `Неофициальный перевод`) and the approval stamp above an annexed text (`... № 16
    қаулысымен бекітілген`, `Утверждено постановлением ...`).

    Line by line, since the plain text has no blank lines between paragraphs: a note runs to
    the end of its sentence (a new indented paragraph ends it too); a stamp is the run of
    short lines that ends with the approving verb, or follows `Утверждено`."""
    out = []
    for m in _note_starts(cues).finditer(text):
        first = _line_at(text, m.start())
        line = text[first[0]:first[1]]
        run = [first]
        if len(line.strip()) >= 60 or line.rstrip()[-1:] in _CLOSED:
            while len(run) <= 8 and run[-1][1] < len(text):
                nxt = _line_at(text, run[-1][1] + 1)
                if not (_continues(text, nxt) and _wrapped(text, run + [nxt])):
                    break
                run.append(nxt)
        out.append(Block("note", first[0] + len(line) - len(line.lstrip()), run[-1][1]))
    for m in _compiled(cues["approval_note_end"], re.M).finditer(text):
        last = _line_at(text, m.start())
        if last[1] - last[0] > 60 and not _one_line_stamp(text[last[0]:last[1]]):
            continue
        start = last[0]
        for _ in range(6):
            if start == 0:
                break
            prev = _line_at(text, start - 1)
            if not _stamp_line(text, prev):
                break
            start = prev[0]
        out.append(Block("note", start + len(text[start:last[1]]) - len(text[start:last[1]].lstrip()), last[1]))
    for m in _compiled(cues["approval_note_start"], re.M).finditer(text):
        first = _line_at(text, m.start())
        if first[1] - first[0] > 60:
            continue
        end = first
        for _ in range(5):
            if re.search(r"(?:№|N)\s*\d", text[end[0]:end[1]]) or end[1] >= len(text):
                break
            nxt = _line_at(text, end[1] + 1)
            if not _stamp_line(text, nxt):
                break
            end = nxt
        out.append(Block("note", first[0] + len(text[first[0]:first[1]]) - len(text[first[0]:first[1]].lstrip()), end[1]))
    out += _gazette_lines(text, cues)
    # a stamp's inner line may end with a verb too (`№ 16 қаулысымен`): the widest block stands
    return sorted((n for n in set(out) if not any(o != n and o.start <= n.start and n.end <= o.end for o in out)),
                  key=lambda n: n.start)


def _one_line_stamp(line: str) -> bool:
    """The stamp written on one line: "Қазақстан Республикасы Үкіметінің 1999 жылғы 23 шілдедегі
    N 1043 қаулысымен бекітілген" (an issuer, a date, a number, the verb; no sentence)."""
    return len(line) <= 200 and bool(re.search(r"(?:№|N)\s*\d", line)) and bool(re.search(r"\d{4}", line)) \
        and not re.search(r"[.;:!?]\s+\S", line.strip())


@lru_cache(maxsize=None)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)


def _note_starts(cues) -> re.Pattern:
    # note_paragraph is anchored with `^`: at a line start under re.M
    return _compiled(cues["note_paragraph"], re.M)


def _gazette_lines(text: str, cues) -> list[Block]:
    """The gazette's line (`... ЖАРШЫСЫ, 1994 ж., N 8`): looked for only where a gazette is named."""
    if not any(g in text for g in cues["note_gazette_names"]):
        return []
    return [Block("note", m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
            for m in _compiled(cues["note_gazette"], re.M).finditer(text)]


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding `pos`, without its newline."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _wrapped(text: str, run: list[tuple[int, int]]) -> bool:
    """The plain text wrapped the last-but-one line of `run` mid-sentence: it does not close
    a sentence, and the next line's first word would not have fitted on it (the wrapping
    width: the run's longest line, 80 at least). A whole paragraph on one line is not wrapped."""
    lens = [len(text[s:e].rstrip()) for s, e in run[:-1]]
    body = text[run[-2][0]:run[-2][1]].rstrip()
    nxt = text[run[-1][0]:run[-1][1]].split()
    width = max(lens + [80])
    return bool(nxt) and len(body) <= 100 and body[-1:] not in _CLOSED and len(body) + 1 + len(nxt[0]) > width


def _continues(text: str, line: tuple[int, int]) -> bool:
    """The next line goes on with the same paragraph: not blank, not indented anew."""
    body = text[line[0]:line[1]]
    return bool(body.strip()) and not body.startswith(" ")


def _stamp_line(text: str, line: tuple[int, int]) -> bool:
    body = text[line[0]:line[1]].strip()
    return bool(body) and len(body) <= 60 and body[-1] not in ".;:,"


def _part_kind(head: str, cues) -> str:
    for k, pat in cues["part_kinds"].items():
        if re.search(pat, head, re.I):
            return k
    return "other"


def _closing(text: str, start: int, end: int, later, cues, notes):
    """Final clauses, the signature block and the parts appended after it, in [start, end).

    Anything of substance after the signatures (a part heading, or a running paragraph
    that is not an editorial note) starts an appended part: an annex, a protocol, an
    exchange of notes."""
    final = _find_final(text, start, end, cues)
    signatures = None
    parts: list[Part] = []
    body_end = end
    if final:
        sig = _first(cues["signature"], text, final.start, end)
        if sig:
            line_start = text.rfind("\n", 0, sig.start()) + 1
            appended = _appended_start(text, sig.end(), end, cues, notes)
            if appended is not None:
                nl = text.find("\n", appended, end)
                head = text[appended:nl if nl >= 0 else end]
                parts.append(Part(_part_kind(head[:400], cues), " ".join(head.split())[:300], appended, end))
                body_end = appended
            signatures = Block("signatures", line_start, body_end)
            final = Block("final", final.start, line_start)
    return final, signatures, parts, body_end


def _appended_start(text: str, start: int, end: int, cues, notes) -> int | None:
    heading = re.compile(cues["part_heading_after_signatures"])
    nl = text.find("\n", start, end)
    for line in _LINE.finditer(text, nl + 1 if nl >= 0 else end, end):
        ln = line.group().strip(" `")
        if not ln or any(n.start <= line.start() < n.end for n in notes):
            continue
        if heading.match(ln) or len(ln) >= 150:
            return line.start() + len(line.group()) - len(line.group().lstrip())
    return None


def _find_act(text: str, limit: int, cues) -> Block | None:
    m = _first(cues["act_verb"], text, 0, limit)
    if not m:
        return None
    # The act runs to the end of its sentence and the signer's line(s) that follow it.
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    # the signer's line closes the act, after its last numbered point
    signer = _first(r"^[ ]?[^\n]{0,80}(?:" + cues["act_signer"] + r")[^\n]{0,40}$", text, end, min(limit, end + 1500))
    if signer:
        end = text.find("\n", signer.end())
        end = limit if end < 0 else end
        # the signer's name may stand on the next line (`Президенті Қ. ТОҚАЕВ` or `Н. НАЗАРБАЕВ`)
        nxt = re.match(r"\n\n?[ ]?" + cues["signer_name"] + r"[ ]*(?=\n)", text[end:limit])
        if nxt:
            end += nxt.end()
    start = 0
    return Block("act", start, end)


@lru_cache(maxsize=None)
def _title_kk_end() -> str:
    c = _cues()
    return c["title_kk_end"].format(connector=c["title_kk_connector"], nouns=c["title_nouns"])


def _find_title(text: str, start: int, limit: int, cues, notes=(), reach: int = 1500) -> Block | None:
    region_end = min(limit, start + reach)
    # A note is never the title: the search skips them (an approval stamp names the treaty).
    m = r = None
    pos = start
    while pos < region_end:
        m = _first(_title_kk_end(), text, pos, region_end)
        if not m or not _in_note(m.start(), notes):
            break
        pos, m = _note_end(m.start(), notes), None
    pos = start
    while pos < region_end:
        r = _first(cues["title_ru_start"], text, pos, region_end)
        if not r or not _in_note(r.start(), notes):
            break
        pos, r = _note_end(r.start(), notes), None
    # Kazakh titles end with the instrument noun; Russian ones start with it.
    if r and (not m or r.start() < m.start()):
        end = text.find("\n\n", r.start())
        while 0 < end < region_end and _title_goes_on(text, r.start(), end, region_end, cues):
            nxt = text.find("\n\n", end + 2)
            end = nxt if nxt > 0 else region_end
        note = _first(r"^[ ]?\(|[ ]\((?=[^()\n]*(?:" + cues["note_cue"] + "))", text, r.start(), region_end)
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
        m2 = _first(_title_kk_end(), text, m.end(), region_end)
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
        if not line or line[-1] in ".!?:;*»\"" or re.match(cues["title_stop"], line, re.I) \
                or _in_note(prev_start, notes) or len(text[prev_start:m.end()]) > 500:
            break
        s = prev_start
    while s < m.start() and text[s] in " \n":
        s += 1
    return Block("title", s, m.end())


def _title_goes_on(text: str, start: int, end: int, limit: int, cues) -> bool:
    """Whether a Russian heading cut by a blank line at `end` goes on in the next paragraph: after
    a conjunction or a preposition, where the next one opens in lowercase ("Соглашение⏎⏎между
    Правительством ..."), or where the parties are named and the subject ("о ...") is still to
    come in a short next paragraph."""
    stop = text.find("\n\n", end + 2)
    nxt = text[end:stop if stop > 0 else limit].strip()
    cur = text[start:end]
    if not nxt or nxt[0] in "(#*<[" or cur.rstrip()[-1:] in ".;:!?»\"" or len(nxt) > 200:
        return False
    if re.search(cues["title_ru_open_end"], cur) or nxt[0].islower():
        return True
    return bool(re.search(r"\sмежду\s", cur) and not re.search(r"\s(?:о|об|по)\s", cur.split("между", 1)[1])
                and re.search(r"\s(?:о|об|по)\s", nxt) and not re.match(cues["title_ru_stop"], nxt, re.I))


def _in_note(pos: int, notes) -> bool:
    return any(n.start <= pos < n.end for n in notes)


def _note_end(pos: int, notes) -> int:
    return max(n.end for n in notes if n.start <= pos < n.end)


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
