"""One source file in, one extraction record out (the JSON of spec/extraction-record.md).

The stages run in order: load (decode) → normalise (with the offset map) → decide what the
document is → segment → find facts → records with spans into the raw file.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.text import lexicon
from kg.extract import obligations
from kg.extract import references
from kg.extract import treaty
from kg.errors import SourceError
from kg.text.normalize import Text, normalize
from kg.text.segment import Layout, segment
from kg.text.sources import Source, detect_language, load


def extract_file(path: str | Path) -> dict:
    src = load(path)
    return extract_source(src)


def extract_source(src: Source) -> dict:
    text = normalize(src.raw, src.format)
    layout = segment(text.text)
    if document_kind(src, text, layout) == "treaty":
        return extract_treaty(src, text, layout)
    from kg.extract import research as article

    return article.extract_article(src, text)


_ARTICLE_MARKERS = re.compile(r"Түйін\s+сөздер|Түйінді\s+сөздер|Ключевые\s+слова|Key\s*words|Аннотация|Abstract", re.I)


def document_kind(src: Source, text: Text, layout: Layout) -> str:
    if layout.articles:
        return "treaty"
    if _ARTICLE_MARKERS.search(text.text):
        return "article"
    # An amending instrument or a protocol of numbered points has no articles but is a treaty
    # text all the same: its own heading after the act and its closing formula say so.
    if layout.title is not None and layout.final is not None:
        return "treaty"
    # An act published without the treaty's text still says which instrument it approves,
    # when and where it was signed and by which act: a record of those facts, not a refusal.
    if layout.act is not None and treaty.act_title(text.text, layout, src.language_hint or detect_language(text.text)):
        return "treaty"
    if layout.act is not None or re.search(lexicon.load("structure")["act_verb"], text.text, re.I):
        raise SourceError(src.path, "a ratifying or approving act with no treaty text in it, and no treaty named in it")
    raise SourceError(src.path, "not a treaty (no articles such as `1-бап` or `Статья 1`) and not a research article")


def treaty_language(src: Source, t: str, layout: Layout) -> str:
    """The language the treaty is written in: the file's (kaz.md, front matter), unless the
    treaty's own text says otherwise (a Kazakh resolution that carries the Russian text)."""
    hint = src.language_hint or detect_language(t)
    start = next((b.start for b in (layout.title, layout.preamble) if b), None)
    end = layout.articles[-1].end if layout.articles else None
    if start is None or end is None or end - start < 500:
        return hint
    return detect_language(t[start:min(end, start + 3000)])  # its opening says it


def _ev(text: Text, start: int, end: int) -> dict:
    s, e = text.span(start, end)
    return {"span": [s, e], "quote": text.quote(start, end)}


def extract_treaty(src: Source, text: Text, layout: Layout) -> dict:
    t = text.text
    language = treaty_language(src, t, layout)
    evidence: dict[str, dict] = {}

    title = None
    title_block = layout.title
    if title_block:
        title = treaty.clean_title(t[title_block.start:title_block.end])
        evidence["title"] = _ev(text, title_block.start, title_block.end)
    elif named := treaty.act_title(t, layout, language):
        title = named.value
        evidence["title"] = {**_ev(text, named.start, named.end), "from": "approving act"}
    found_parties = treaty.party_region_parties(t, layout, language)
    parties = [{"country": p.country, "body": p.body} for p in found_parties]
    if found_parties:
        evidence["parties"] = _ev(text, min(p.start for p in found_parties), max(p.end for p in found_parties))

    rat = treaty.ratification(t, layout, src.meta)
    if rat:
        evidence["ratification"] = _ev(text, rat.start, rat.end) if rat.end > rat.start else {"span": None, "quote": src.meta.get("requisite")}

    signing = treaty.signed(t, layout, rat.value["date"] if rat else None)
    sdate, splace = signing.date, signing.place
    for key, found, candidates in (("signed.date", sdate, signing.date_candidates),
                                   ("signed.place", splace, signing.place_candidates)):
        if found:
            evidence[key] = _ev(text, found.start, found.end)
        if candidates:
            # readings that disagree: the reader sees every one beside the one taken
            evidence.setdefault(key, {"span": None, "quote": None})["candidates"] = [
                {**_ev(text, c.start, c.end), "value": c.value} for c in candidates]

    eif, eif_date, eif_cond = treaty.entry_into_force(t, layout)
    if eif_date:
        evidence["entry_into_force.date"] = _ev(text, eif_date.start, eif_date.end)
    if eif_cond:
        evidence["entry_into_force.condition"] = _ev(text, eif_cond.start, eif_cond.end)
    prov = treaty.provisional_application(t, layout)

    dur = treaty.duration(t, layout)
    term = treaty.termination_notice(t, layout)
    langs, prevailing = treaty.languages(t, layout)
    un = treaty.un_registration(t, layout)
    for key, found in (("duration", dur), ("termination_notice", term), ("languages", langs),
                       ("prevailing_languages", prevailing), ("un_registration", un)):
        if found:
            evidence[key] = _ev(text, found.start, found.end)
            if getattr(found, "candidates", ()):  # two readings: the value is null, both spans kept
                evidence[key]["candidates"] = [_ev(text, s, e) for s, e in found.candidates]

    refs = []
    mentions = references.find_mentions(t, layout, language)
    for r in references.one_per_instrument(mentions):
        s, e = text.span(r.start, r.end)
        refs.append({
            "target": r.target, "date": r.date, "parties": list(r.parties), "relation": r.relation,
            "title": r.title, "span": [s, e], "quote": text.quote(r.start, r.end),
            "id": references.identity_key("treaty", r.parties, r.date) if r.target == "treaty" else r.target,
        })

    articles = []
    named = references.naming_words(t, mentions)
    field = obligations.field_of(title)
    for a in layout.articles:
        facts = obligations.article_facts(t, a, named, field)
        s, e = text.span(a.start, a.end)
        articles.append({
            "article": a.number, "modalities": list(facts.modalities), "topics": list(facts.topics),
            "obligations": [
                {"modality": o.modality, "text": text.quote(o.start, o.end), "span": list(text.span(o.start, o.end))}
                for o in facts.obligations
            ],
            "span": [s, e],
            **({"heading": a.heading} if a.heading else {}),
        })

    parts = []
    for p in layout.parts:
        s, e = text.span(p.start, p.end)
        parts.append({"kind": p.kind, "title": p.title, "span": [s, e], "article_count": len(p.articles)})

    codes = [p["country"] for p in parties]
    record = {
        "source": src.path,
        "kind": "treaty",
        "title": {language: title} if title else {},
        "instrument_type": (treaty.instrument_type(title, language) if title else None) or treaty.instrument_type_of_act(t, layout),
        "level": treaty.level([p["body"] for p in parties]),
        "parties": parties,
        "signed": {"date": sdate.value if sdate else None, "place": splace.value if splace else None},
        "ratification": rat.value if rat else None,
        "entry_into_force": eif,
        "duration": dur.value if dur else None,
        "termination_notice": term.value if term else None,
        "languages": langs.value if langs else [],
        "prevailing_languages": prevailing.value if prevailing else [],
        "un_registration": bool(un),
        "article_count": len(layout.articles),
        "references": refs,
        "articles": articles,
        # extensions beyond the spec's keys: identity, provenance and evidence
        "id": references.identity_key("treaty", codes, sdate.value if sdate else None),
        "language": language,
        "format": src.format,
        "source_sha256": src.sha256,
        "provisional_application": prov.value if prov else None,
        # False for an approving act published without the treaty's text: the record holds what
        # the act says of the treaty, and its article_count 0 counts no text, not no articles
        "treaty_text": bool(title_block or layout.articles or layout.final),
        "parts": parts,
        "evidence": evidence,
    }
    if src.meta.get("source"):
        record["origin"] = src.meta["source"].get(language) if isinstance(src.meta["source"], dict) else src.meta["source"]
    return record


def summary(record: dict) -> str:
    """A readable account of a record for a person at a terminal."""
    lines = [f"{record['source']}  ({record['kind']})"]
    title = next(iter(record.get("title", {}).values()), None)
    lines.append(f"  title: {title or '—'}")
    if record["kind"] == "treaty":
        parties = ", ".join(f"{p['country']} ({p['body']})" for p in record["parties"]) or "—"
        s = record["signed"]
        lines += [
            f"  type: {record['instrument_type'] or '—'}, {record['level'] or '—'}; parties: {parties}",
            f"  signed: {s['date'] or '—'} at {s['place'] or '—'}",
            f"  ratified by: {_fmt_rat(record['ratification'])}",
            f"  in force: {_fmt_eif(record['entry_into_force'])}; duration: {record['duration'] or '—'}; "
            f"notice: {_fmt_notice(record['termination_notice'])}",
            f"  languages: {', '.join(record['languages']) or '—'} (prevails: {', '.join(record['prevailing_languages']) or 'none'}); "
            f"UN registration: {'yes' if record['un_registration'] else 'no'}",
            f"  articles: {record['article_count']}" if record.get("treaty_text", True) else
            "  articles: — (this file holds the approving act only, not the treaty's text)",
        ]
        for r in record["references"]:
            lines.append(f"  → {r['relation']}: {r['title']} ({r['date'] or 'undated'})")
        for a in record["articles"]:
            lines.append(f"    art. {a['article']}: {', '.join(a['modalities'])} | {', '.join(a['topics'])}")
    else:
        lines.append(f"  authors: {', '.join(record.get('authors') or []) or '—'}; year: {record.get('year') or '—'}")
        for c in record.get("citations", []):
            who = c.get("author") or c.get("abbreviation")
            lines.append(f"  cites: {who}, {c.get('year') or 'n.d.'}" + (f" → {c['resolves_to']}" if c.get("resolves_to") else ""))
        for tm in record.get("treaties_mentioned", []):
            lines.append(f"  treaty: {tm['date']} {tm['title']} ({', '.join(tm['parties'])})")
    return "\n".join(lines)


def _fmt_rat(r):
    if not r:
        return "—"
    return f"{r['act']} {r['number'] or '(no number)'} of {r['date'] or '(undated)'}"


def _fmt_eif(e):
    parts = [e.get("date") or "date not stated"]
    if e.get("condition"):
        parts.append(f"on {e['condition'].replace('_', ' ')}" + (f" + {e['delay_days']} days" if e.get("delay_days") else ""))
    return ", ".join(parts)


def _fmt_notice(n):
    return f"{n['amount']} {n['unit']}(s)" if n else "—"


__all__ = ["extract_file", "extract_source", "summary"]
