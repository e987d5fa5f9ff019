"""What the last build left to do, for the home page and `/api`: the sources it held back (with
their reasons, from DATA/held-back.json) and the queue of unresolved references, the instruments
the texts name that are not in the corpus, with their candidate nodes and the words that name
them (from the graph)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from api.data import GraphView, pick, rel
from kg.graph import namespaces as ns

# The words that name each node are read by the node afterwards (GraphView.spans): joined in
# here, the evidence was matched for every evidence node of the store (154 s at 10,000 documents).
_QUEUE = """
SELECT ?x ?title ?unresolved ?cand WHERE {
  ?x bkg:referenceOnly true .
  OPTIONAL { ?x dcterms:title ?title }
  OPTIONAL { ?x bkg:unresolved ?unresolved }
  OPTIONAL { ?x bkg:candidate ?cand }
}"""


def held_back(data_dir: str | None) -> list[dict]:
    """The sources the last build held back: file, reason, report, and whether its last good
    graph stays published."""
    if not data_dir:
        return []
    from kg.pipeline.held import read_held

    return [{k: h.get(k) for k in ("file", "reason", "report", "kept")} for h in read_held(Path(data_dir))]


def unresolved_queue(view: GraphView, lang: str = "en") -> list[dict]:
    """The instruments named but not in the corpus, those that could not be resolved to one node
    first: each with its title, its candidate nodes and the words (file, quote) that name it."""
    def load():
        nodes: dict[str, dict] = {}
        for r in view.select(_QUEUE):
            x = r["x"].value
            n = nodes.setdefault(x, {"iri": x, "key": rel(x), "titles": {}, "unresolved": False,
                                     "candidates": set(), "named_by": set()})
            if r.get("title") is not None:
                n["titles"].setdefault(getattr(r["title"], "language", None) or "", r["title"].value)
            if r.get("unresolved") is not None and r["unresolved"].value == "true":
                n["unresolved"] = True
            if r.get("cand") is not None:
                n["candidates"].add(r["cand"].value)
        for x, n in nodes.items():
            for span in view.spans(view.subjects(ns.RDF + "object", [x])):
                if span["object"] == x and span["quote"]:
                    n["named_by"].add((span["source_name"], span["quote"]))
        return nodes
    out = []
    for n in view._cached("unresolved_queue", load).values():
        out.append({"iri": n["iri"], "key": n["key"], "title": pick(n["titles"], lang) or n["key"],
                    "unresolved": n["unresolved"],
                    "candidates": [{"iri": c, "key": rel(c)} for c in sorted(n["candidates"])],
                    "named_by": [{"file": f, "words": q} for f, q in sorted(n["named_by"])]})
    return sorted(out, key=lambda n: (not n["unresolved"], n["key"]))


def router(view: GraphView, settings) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["build"])

    @r.get("", summary="What the API has, and what the last build left to do")
    def index():
        return {"endpoints": ["/api/stats", "/api/instruments", "/api/lineage", "/api/works", "/api/held-back",
                              "/api/unresolved", "/api/export/{fmt}", "/api/openapi.json", "/api/docs"],
                "held_back": held_back(settings.data_dir), "unresolved": unresolved_queue(view)}

    @r.get("/held-back", summary="The sources the last build held back, with their reasons")
    def held():
        items = held_back(settings.data_dir)
        return {"count": len(items), "held_back": items}

    @r.get("/unresolved", summary="References to instruments not in the corpus, with candidates and words")
    def unresolved(lang: str = "en"):
        items = unresolved_queue(view, lang)
        return {"count": len(items), "unresolved": items}

    return r
