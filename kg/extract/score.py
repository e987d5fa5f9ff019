"""Scoring records against gold records: document fields, references, article modalities
and topics. Used by the test suite and by `kg evaluate` for a person tuning the tables."""

from __future__ import annotations

DOC_FIELDS_TREATY = ["kind", "title", "instrument_type", "level", "parties", "signed", "ratification",
                     "entry_into_force", "duration", "termination_notice", "languages", "prevailing_languages",
                     "un_registration", "article_count"]
DOC_FIELDS_ARTICLE = ["kind", "title", "authors", "year", "keywords", "laws_mentioned", "events"]


def f1(pred: set, gold: set) -> float:
    if not pred and not gold:
        return 1.0
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return 0.0 if tp == 0 else 2 * p * r / (p + r)


def _ref_key(r: dict) -> tuple:
    return (r["target"], r.get("date"), tuple(r.get("parties") or ()), r["relation"], r.get("title"))


def _strip(v, keys=("span", "spans", "quote", "id")):
    if isinstance(v, dict):
        return {k: _strip(x, keys) for k, x in v.items() if k not in keys}
    if isinstance(v, list):
        return [_strip(x, keys) for x in v]
    return v


def score(pred: dict, gold: dict) -> dict:
    fields = DOC_FIELDS_TREATY if gold["kind"] == "treaty" else DOC_FIELDS_ARTICLE
    mismatches = {f: (pred.get(f), gold.get(f)) for f in fields if _strip(pred.get(f)) != gold.get(f)}
    out = {"fields": 1 - len(mismatches) / len(fields), "mismatches": mismatches}
    if gold["kind"] == "treaty":
        out["references"] = f1({_ref_key(r) for r in pred.get("references", [])},
                               {_ref_key(r) for r in gold.get("references", [])})
        pm = {(a["article"], m) for a in pred.get("articles", []) for m in a["modalities"]}
        gm = {(a["article"], m) for a in gold.get("articles", []) for m in a["modalities"]}
        pt = {(a["article"], t) for a in pred.get("articles", []) for t in a["topics"]}
        gt = {(a["article"], t) for a in gold.get("articles", []) for t in a["topics"]}
        out["modality"] = f1(pm, gm)
        out["topics"] = f1(pt, gt)
        out["modality_errors"] = sorted((pm ^ gm))
        out["topic_errors"] = sorted((pt ^ gt))
    else:
        def ckey(c):
            return (c.get("author") or c.get("abbreviation"), c.get("year"))
        out["citations"] = f1({ckey(c) for c in pred.get("citations", [])}, {ckey(c) for c in gold.get("citations", [])})
        tkey = lambda t: (t.get("date"), t.get("place"), tuple(t.get("parties") or ()), t.get("title"))
        out["treaties"] = f1({tkey(t) for t in pred.get("treaties_mentioned", [])},
                             {tkey(t) for t in gold.get("treaties_mentioned", [])})
    return out
