"""Scoring records against gold records: document fields, references and their relations,
article modalities and topics, citations. Used by the test suite and by `kg evaluate`, so that
a curator measures the extractor on their own gold.

Definitions (the README's "Accuracy" section says the same):
- fields: share of the document-level fields equal to the gold (spans and quotes ignored;
  titles compared after folding Latin look-alikes, whitespace and case).
- references F1: a predicted and a gold reference are the same when target, date, parties (as a
  set), relation and title agree, the title compared modulo normalisation (`title_words`).
- relation accuracy: the references paired by instrument alone (target, date, parties, title),
  and of those pairs the share whose relation agrees. A wrong relation thus lowers references
  F1 and relation accuracy, but the reference still counts as found for the latter.
- modality F1, topic F1: over (article, label) pairs, where the gold lists articles.
- citations F1: over (author or abbreviation, year) for research articles.
Totals pool the counts of all documents (micro averages), they do not average the shares.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kg.text import lexicon
from kg.text.dates import find_dates
from kg.text.normalize import homoglyphs

DOC_FIELDS_TREATY = ["kind", "title", "instrument_type", "level", "parties", "signed", "ratification",
                     "entry_into_force", "duration", "termination_notice", "languages", "prevailing_languages",
                     "un_registration", "article_count"]
DOC_FIELDS_ARTICLE = ["kind", "title", "authors", "year", "keywords", "laws_mentioned", "events"]
F1_METRICS = ("references", "modality", "topics", "citations", "treaties")

# The facts a Kazakh text and its Russian twin must share: none of them depends on the language.
AGREEMENT_FACTS = ["parties", "signed.date", "signed.place", "ratification", "entry_into_force", "duration",
                   "termination_notice", "languages", "prevailing_languages", "article_count", "references"]


def f1(pred, gold) -> float:
    """F1 of two sets or multisets (Counters); 1.0 when both are empty."""
    return f1_of(*_counts(Counter(pred), Counter(gold)))


def f1_of(tp: int, fp: int, fn: int) -> float:
    if not tp and not fp and not fn:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def _counts(pred: Counter, gold: Counter) -> tuple[int, int, int]:
    tp = sum((pred & gold).values())
    return tp, sum(pred.values()) - tp, sum(gold.values()) - tp


def _strip(v, keys=("span", "spans", "quote", "id")):
    if isinstance(v, dict):
        return {k: _strip(x, keys) for k, x in v.items() if k not in keys}
    if isinstance(v, list):
        return [_strip(x, keys) for x in v]
    return v


# ---------------------------------------------------------------------------------- titles

def to_cyrillic(s: str) -> str:
    return homoglyphs(s, [])[0]


def fold_title(title):
    """A document title as compared: look-alikes to Cyrillic, whitespace folded, case folded.

    Case is folded because the two gold sets disagree: the seed gold lowercases a heading's
    `ШАРТ` / `КЕЛІСІМ` (seeds 002, 004), the corpus gold keeps `КЕЛІСІМ` as printed."""
    if isinstance(title, dict):
        return {k: fold_title(v) for k, v in title.items()}
    if isinstance(title, str):
        return " ".join(to_cyrillic(title).split()).casefold()
    return title


@lru_cache(maxsize=None)
def _forms():
    t = lexicon.load("title_forms")
    endings = sorted({e for lang in t["endings"].values() for e in lang}, key=len, reverse=True)
    lead = "|".join(re.escape(w) for w in t["date_lead"])
    return (endings, t["min_stem"], re.compile(rf"\b(?:{lead})\s*$", re.I),
            [re.compile(p, re.I) for p in t["signing_place_before_name"]])


_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def stem(word: str) -> str:
    endings, min_stem, _, _ = _forms()
    changed = True
    while changed:
        changed = False
        for e in endings:
            if word.endswith(e) and len(word.rstrip("-")) - len(e) >= min_stem:
                word = word[: -len(e)].rstrip("-")
                changed = True
                break
    return word


@lru_cache(maxsize=4096)
def title_words(title: str | None) -> tuple[str, ...]:
    """A reference title as compared: look-alikes folded, dates (and the `от` before one) and a
    signing place before the name dropped, case folded, each word cut to its stem."""
    if not title:
        return ()
    _, _, lead, places = _forms()
    s = to_cyrillic(" ".join(title.split()))
    for d in reversed(find_dates(s, year_only=True)):
        s = lead.sub("", s[: d.start], count=1) + " " + s[d.end:]
    s = " ".join(s.split())
    for p in places:
        s = p.sub("", s, count=1)
    # (compared on a stem's first letters: the longest-first stripping may take a letter of the
    # stem with an ending in one form and not in another, "шартының" → "шар", "шарт" → "шарт")
    return tuple(stem(w)[:_forms()[1]] for w in _TOKEN.findall(s.casefold().replace("ё", "е")))


# ------------------------------------------------------------------------------ references

def instrument_key(r: dict) -> tuple:
    title = r.get("title")
    return (r.get("target"), r.get("date"), tuple(sorted(r.get("parties") or ())),
            title_words(title) if title is None or isinstance(title, str) else (repr(title),))


def reference_key(r: dict) -> tuple:
    return instrument_key(r) + (r.get("relation"),)


def match_references(pred: list[dict], gold: list[dict]) -> dict:
    """References F1 counts (key with relation) and the pairs by instrument (key without)."""
    tp, fp, fn = _counts(Counter(map(reference_key, pred)), Counter(map(reference_key, gold)))
    left = list(pred)
    pairs, missing = [], []
    # exact matches first, so that a wrong relation pairs only with what is left
    for exact in (True, False):
        rest = []
        for g in (gold if exact else missing):
            key = reference_key if exact else instrument_key
            hit = next((p for p in left if key(p) == key(g)), None)
            if hit is None:
                rest.append(g)
            else:
                left.remove(hit)
                pairs.append((hit, g))
        missing = rest
    wrong = [{"title": g.get("title"), "predicted": p.get("relation"), "gold": g.get("relation")}
             for p, g in pairs if p.get("relation") != g.get("relation")]
    return {"counts": (tp, fp, fn), "matched": len(pairs), "right": len(pairs) - len(wrong),
            "relation_errors": wrong, "missing": [_strip(g) for g in missing], "extra": [_strip(p) for p in left]}


# -------------------------------------------------------------------------------- a record

def _labels(articles: list[dict], which: str) -> Counter:
    return Counter((a.get("article"), x) for a in articles for x in a.get(which) or ())


def score(pred: dict, gold: dict) -> dict:
    """One record against its gold. `counts` holds (tp, fp, fn) per F1 metric the gold allows."""
    fields = DOC_FIELDS_TREATY if gold.get("kind") == "treaty" else DOC_FIELDS_ARTICLE
    same = lambda f: (fold_title(pred.get(f)) == fold_title(gold.get(f)) if f == "title"  # noqa: E731
                      else _strip(pred.get(f)) == gold.get(f))
    mismatches = {f: (_strip(pred.get(f)), gold.get(f)) for f in fields if not same(f)}
    out = {"fields": 1 - len(mismatches) / len(fields), "fields_right": len(fields) - len(mismatches),
           "fields_total": len(fields), "mismatches": mismatches, "counts": {}}
    if gold.get("kind") == "treaty":
        m = match_references(pred.get("references") or [], gold.get("references") or [])
        out["counts"]["references"] = m["counts"]
        out["relations"] = {"matched": m["matched"], "right": m["right"],
                            "accuracy": m["right"] / m["matched"] if m["matched"] else None}
        out.update(relation_errors=m["relation_errors"], references_missing=m["missing"],
                   references_extra=m["extra"])
        if "articles" in gold:
            for which, name in (("modalities", "modality"), ("topics", "topics")):
                p, g = _labels(pred.get("articles") or [], which), _labels(gold["articles"], which)
                out["counts"][name] = _counts(p, g)
                out[f"{name}_errors"] = sorted((p - g) + (g - p))
    else:
        ckey = lambda c: (c.get("author") or c.get("abbreviation"), c.get("year"))  # noqa: E731
        tkey = lambda t: (t.get("date"), t.get("place"), tuple(sorted(t.get("parties") or ())),  # noqa: E731
                          title_words(t.get("title")))
        for name, key, which in (("citations", ckey, "citations"), ("treaties", tkey, "treaties_mentioned")):
            out["counts"][name] = _counts(Counter(map(key, pred.get(which) or [])),
                                          Counter(map(key, gold.get(which) or [])))
    for name, c in out["counts"].items():
        out[name] = f1_of(*c)
    return out


def score_missing(gold: dict, error: str) -> dict:
    """A gold record whose source gave no prediction: every field wrong, every gold item missed."""
    out = score({}, gold)
    fields = DOC_FIELDS_TREATY if gold.get("kind") == "treaty" else DOC_FIELDS_ARTICLE
    out.update(fields=0.0, fields_right=0, mismatches={f: (None, gold.get(f)) for f in fields}, error=error)
    for name, (tp, fp, fn) in out["counts"].items():
        out["counts"][name] = (0, 0, tp + fn)
        out[name] = 0.0
    return out


def total(scores: list[dict]) -> dict:
    """The pooled figures of many scored documents."""
    out = {"documents": len(scores), "failed": sum(1 for s in scores if s.get("error"))}
    right, n = sum(s["fields_right"] for s in scores), sum(s["fields_total"] for s in scores)
    out["fields"] = right / n if n else None
    for name in F1_METRICS:
        cs = [s["counts"][name] for s in scores if name in s["counts"]]
        out[name] = f1_of(*map(sum, zip(*cs))) if cs else None
    matched = sum(s["relations"]["matched"] for s in scores if "relations" in s)
    ok = sum(s["relations"]["right"] for s in scores if "relations" in s)
    out["relations"] = ok / matched if matched else None
    return out


# ---------------------------------------------------------------- Kazakh against Russian

def fact(rec: dict, name: str):
    if name == "references":
        return sorted(((r.get("date") or ""), r.get("relation") or "") for r in rec.get("references") or [])
    head, _, tail = name.partition(".")
    v = _strip(rec.get(head))
    return (v or {}).get(tail) if tail else v


def agreement(kk: dict, ru: dict) -> list[tuple[str, object, object]]:
    """The language-independent facts on which a Kazakh record and its Russian twin differ."""
    return [(f, fact(kk, f), fact(ru, f)) for f in AGREEMENT_FACTS if fact(kk, f) != fact(ru, f)]
