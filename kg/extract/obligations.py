"""What each article obliges: its sentences with a modality, and the topics it deals with.

A sentence takes the first modality whose cue it carries, in the order of modality.json (a
definition, which states no norm and has none; what the treaty does not apply to; prohibition,
permission, declaration); a sentence with none of them is an obligation (treaty prose states
duties in the plain present: "Тараптар ... ынтымақтасады"). Topics come from cue stems.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.text import lexicon
from kg.text.cues import (decisive_patterns, modality_masks, modality_patterns, named_fields, plain, plain_text,
                          rest_hits, stem_hits, text_needles, topic_patterns)
from kg.text.segment import ArticleSeg
from kg.text.sentences import sentences


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


def modality(sentence: str, is_plain: bool | None = None, held: tuple[str, ...] | None = None) -> str:
    """`is_plain`: whether the sentence is `plain` (known when the whole text is); `held`: the
    cue needles the text around the sentence holds (`held_needles`), the only ones it can."""
    pats, default, by_needle, always = modality_patterns()
    flat = " ".join(sentence.split())
    low = flat.lower()
    masks, mask_needles = modality_masks()
    if masks is not None and any(n in low for n in mask_needles):
        flat = masks.sub(lambda m: " " * len(m.group(0)), flat)
        low = flat.lower()
    if is_plain is None:
        is_plain = plain(low)
    # the cues whose needles the sentence holds, by the rank of their modality: the first
    # modality with a cue that matches is the sentence's
    ranked: dict[int, list] = {}
    for rank, c in always:
        ranked.setdefault(rank, []).append(c)
    for n in [n for n in (by_needle if held is None else held) if n in low]:
        for rank, c in by_needle[n]:
            ranked.setdefault(rank, []).append(c)
    for rank in sorted(ranked):
        if any(c.search(flat, low, is_plain) for c in dict.fromkeys(ranked[rank])):
            return pats[rank][0]
    return default


def held_needles(text: str, among: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The modality cues' needles a text holds: looked up once for an article, then only these
    in each of its sentences (a sentence holds no needle its article lacks); `among`: the
    needles the whole text may hold (`text_needles`), when the text is one of its articles."""
    low = " ".join(text.split()).lower()
    return tuple(n for n in (modality_patterns()[2] if among is None else among) if n in low)


_NONE: frozenset[str] = frozenset()
NONE = "none"  # the modality of a sentence that states no norm (modality.json)


def field_of(title: str | None) -> frozenset[str]:
    """The substantive topics the treaty's title names: the field every article of it serves."""
    if not title:
        return _NONE
    procedural = topic_patterns()[1]
    return frozenset(t for t in topics(title) if t not in procedural)


def topics(text: str, field: frozenset[str] = frozenset(),
           index: tuple[tuple[str, tuple[str, ...]], ...] | None = None) -> tuple[str, ...]:
    """`field`: the substantive topics of the treaty's title (`field_of`); `index`: the rest
    cues' needles of the whole text when `text` is one of its articles (`text_needles`)."""
    pats, procedural, ratio = topic_patterns()
    list_fields = lexicon.load("topics")["list_fields"]
    flat = " ".join(text.split()).lower()
    # distinct cues, not occurrences: an article that says "көші-қон" nine times is no more
    # about migration than one that says it once beside "ақпарат" and "мәліметтер"
    stems = stem_hits(flat)
    is_plain = plain(flat)
    rest = rest_hits(flat, is_plain, index)
    scores = {t: len(stems.get(t, _NONE) | rest.get(t, _NONE)) for t in pats if t in stems or t in rest}
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
        # "в области транспорта и связи": a field the article names is its topic, however many
        # more words the other field of the phrase happens to have in the article
        named = named_fields(flat)
        chosen |= {t for t in substantive if named and pats[t].search(named, is_plain)}
        chosen |= {t for t, p in decisive_patterns(is_plain).items() if t in substantive and p.search(flat)}
        # An article naming many fields lists what a cooperation may cover ("in the following
        # forms: ... training, exchange of experts, joint research"): it is about the field the
        # treaty's title names, where that field is among them.
        subs = chosen - procedural
        if field and len(subs) >= list_fields and subs & field:
            chosen = (chosen & procedural) | (subs & field)
    return tuple(sorted(chosen))


def article_facts(text: str, art: ArticleSeg, named: list[tuple[int, int]] = (),
                  field: frozenset[str] = frozenset()) -> ArticleFacts:
    """`named`: the spans of the words that name the instruments the text mentions; their
    titles are not the article's topics ("... денсаулық сақтау саласындағы ынтымақтастық
    туралы келісімнің күші жойылады" ends an agreement, it is not about health). `field`: the
    topics of the treaty's title (`field_of`)."""
    obligations = []
    whole_plain = plain_text(text) or None  # a plain text's sentences are plain; else each is asked
    spans = sentences(text, art.body_start, art.end)
    index, among = text_needles(text)
    held = held_needles(text[spans[0][0]:spans[-1][1]], among) if len(spans) > 1 else among
    for s, e in spans:
        m = modality(text[s:e], whole_plain, held)
        if m != NONE:  # a definition states no norm
            obligations.append(Obligation(m, s, e))
    mods = tuple(sorted({o.modality for o in obligations}))
    body = text[art.body_start:art.end]
    for s, e in named:
        if art.body_start <= s and e <= art.end:
            s, e = s - art.body_start, e - art.body_start
            body = body[:s] + " " * (e - s) + body[e:]
    if art.heading:
        body = art.heading + ". " + body
    return ArticleFacts(art.number, art.start, art.end, mods, topics(body, field, index), tuple(obligations))
