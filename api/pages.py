"""The pages: home, an instrument, a research work, the lineage explorer and the SPARQL editor.

Server-rendered (Jinja2) from the same GraphView as the JSON API; the lineage explorer and the
editor are the vendored Cytoscape.js and YASGUI in /static. Labels are the graph's own in the
language of `?lang=` (en, kk, ru) where it has them.
"""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.data import LANGS, GraphView, NotFound, pick, rel
from kg.graph import namespaces as ns
from kg.views.lineage import RELATION_NAMES
from kg.views.lineage import word as lineage_word

HERE = Path(__file__).resolve().parent
HOME_ROWS = 200  # instruments on one page of the home page's list
QUERIES = HERE.parent / "ontology" / "queries"

# The pages' words are data (api/tables/ui.json); relation names are the lineage table's.
_WORDS = json.loads((HERE / "tables" / "ui.json").read_text(encoding="utf-8"))
UI: dict[str, dict[str, str]] = _WORDS["ui"]
COUNT_LABELS: dict[str, dict[str, str]] = _WORDS["counts"]
INVERSE_WORDS: dict[str, dict[str, str]] = _WORDS["inverse"]
RELATION_WORDS: dict[str, dict[str, str]] = {
    r: {lang: lineage_word("relations", r, lang) for lang in LANGS} for r in RELATION_NAMES}


def _word(table: dict, key: str, lang: str) -> str:
    words = table.get(key)
    return (words.get(lang) or words["en"]) if words else key


def highlight(text: str, spans: list[tuple[int, int]], long_span: int = 1000) -> str:
    """The text as HTML, cut at every span boundary; each piece lists the spans (START-END)
    covering it in data-k, and pieces under a short span are marked."""
    n = len(text)
    spans = sorted({(max(0, s), min(n, e)) for s, e in spans if 0 <= s < e})
    cuts = sorted({0, n} | {s for s, _ in spans} | {e for _, e in spans})
    out = []
    active: list[tuple[int, int]] = []
    starts: dict[int, list] = {}
    for s, e in spans:
        starts.setdefault(s, []).append((s, e))
    for a, b in zip(cuts, cuts[1:]):
        active = [sp for sp in active if sp[1] > a] + starts.get(a, [])
        piece = html.escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        keys = " ".join(f"{s}-{e}" for s, e in active)
        cls = "ev" if any(e - s <= long_span for s, e in active) else "ev-long"
        out.append(f'<span class="{cls}" data-k="{keys}">{piece}</span>')
    return "".join(out)


def mount(app, view: GraphView, settings) -> None:
    from api import build_state

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["rel"] = rel
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang", "en")
        return lang if lang in LANGS else "en"

    def page(request: Request, name: str, lang: str, status_code: int = 200, **ctx) -> HTMLResponse:
        ctx.update(request=request, lang=lang, t=UI[lang], langs=LANGS, path=request.url.path,
                   query=dict(request.query_params))
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        lang = lang_of(request)
        qp = request.query_params
        filters = {k: (qp.get(k) or None) for k in ("party", "pair", "from", "to", "type", "q")}
        error = None
        try:
            items = view.instruments(filters["party"], filters["pair"], filters["from"], filters["to"],
                                     filters["type"], filters["q"], lang)
            number = int(qp.get("page") or 1)
            if number < 1:
                raise ValueError
        except ValueError as e:
            items, error, number = [], str(e) or f"page={qp.get('page')!r}: a page number, 1 or more", 1
        # A page of the list, not all of it: 7,720 rows at 10,000 documents were 3 MB of HTML.
        total = len(items)
        pages = max(1, -(-total // HOME_ROWS))
        number = min(number, pages)
        items = items[(number - 1) * HOME_ROWS:number * HOME_ROWS]
        def page_link(n: int) -> str:
            keep = {k: v for k, v in qp.items() if k != "page" and v}
            return "/?" + urlencode({**keep, "page": n})
        stats = view.stats()
        counts = [(_word(COUNT_LABELS, k, lang), stats["counts"].get(k, 0)) for k in COUNT_LABELS]
        types = sorted({d["type"] for d in view.instrument_index().values() if d["type"]})
        parties = sorted({c for d in view.instrument_index().values() for c in d["parties"]},
                         key=lambda c: (c != "KZ", c))
        country_names = {c: pick(view.labels().get(f"https://w3id.org/bilateral-kg/id/country/{c.lower()}", {}), lang) or c
                         for c in parties}
        return page(request, "home.html", lang, items=items, counts=counts, stats=stats, filters=filters,
                    types=types, parties=parties, country_names=country_names, pairs=view.pairs(),
                    total=total, page_number=number, pages=pages, page_link=page_link,
                    first_row=(number - 1) * HOME_ROWS + 1 if total else 0, last_row=(number - 1) * HOME_ROWS + len(items),
                    works=view.works(lang), error=error, held=build_state.held_back(settings.data_dir),
                    queue=build_state.unresolved_queue(view, lang), status_code=422 if error else 200)

    @app.get("/instrument/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def instrument(request: Request, key: str):
        lang = lang_of(request)
        try:
            rec = view.instrument(key, lang)
        except NotFound as e:
            return page(request, "notfound.html", lang, status_code=404, message=str(e))
        return page(request, "instrument.html", lang, **_instrument_context(view, rec, lang))

    @app.get("/work/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def work(request: Request, key: str):
        lang = lang_of(request)
        try:
            w = view.work(key, lang)
        except NotFound as e:
            return page(request, "notfound.html", lang, status_code=404, message=str(e))
        return page(request, "work.html", lang, w=w)

    @app.get("/lineage", response_class=HTMLResponse, include_in_schema=False)
    def lineage(request: Request):
        lang = lang_of(request)
        pairs = ["-".join(p) for p in view.pairs()]
        relations = {k: _word(RELATION_WORDS, k, lang) for k in RELATION_WORDS}
        return page(request, "lineage.html", lang, pairs=pairs, relations=relations,
                    config=json.dumps({"lang": lang, "pair": request.query_params.get("pair") or "",
                                       "instrument": request.query_params.get("instrument") or "",
                                       "relations": relations, "ui": UI[lang]}, ensure_ascii=False).replace("</", "<\\/"))

    @app.get("/query", response_class=HTMLResponse, include_in_schema=False)
    def query(request: Request):
        lang = lang_of(request)
        examples = []
        for p in sorted(QUERIES.glob("cq*.rq")):
            text = p.read_text(encoding="utf-8")
            first = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), p.stem)
            examples.append({"name": p.stem, "title": first, "query": text})
        return page(request, "query.html", lang, examples=examples,
                    config=json.dumps({"endpoint": settings.endpoint_path, "examples": examples},
                                      ensure_ascii=False).replace("</", "<\\/"))


def _instrument_context(view: GraphView, rec: dict, lang: str) -> dict:
    """The record with each fact tied to its evidence spans, and the source texts marked up."""
    rec = copy.deepcopy(rec)  # the view's answer is shared (cached); the page adds to its copy
    evidence = rec["evidence"]
    sources: dict[str, dict] = {}
    for e in evidence:
        s = sources.setdefault(e["source"], {"iri": e["source"], "name": e["source_name"], "spans": set()})
        s["spans"].add((e["start"], e["end"]))
    ordered = sorted(sources.values(), key=lambda s: (s["name"] not in rec["texts"], s["name"]))
    for i, s in enumerate(ordered):
        s["id"] = f"src{i}"
        text = view.source_text(s["iri"])
        s["html"] = highlight(text, list(s["spans"])) if text is not None else None
    src_id = {s["iri"]: s["id"] for s in ordered}

    def refs(match) -> str:
        """data-ev for the facts whose evidence satisfies match(e): 'src0:27-71 src0:80-90'."""
        keys = []
        for e in evidence:
            if match(e):
                k = f"{src_id[e['source']]}:{e['start']}-{e['end']}"
                if k not in keys:
                    keys.append(k)
        return " ".join(keys)

    iri = rec["iri"]
    shown_above = {ns.ELI + "date_document": "signed_ev", ns.ELI + "type_document": "type_ev", ns.DCTERMS + "identifier": None}
    head = {}
    for m in rec["metadata"]:
        key = shown_above.get(m["property"])
        if key:
            head[key] = refs(lambda e, m=m: e["subject"] == iri and e["predicate"] == m["property"] and e["object"] == m["value"])
    rec = {**rec, "metadata": [m for m in rec["metadata"] if m["property"] not in shown_above]}
    for m in rec["metadata"]:
        m["ev"] = refs(lambda e, m=m: e["subject"] == iri and e["predicate"] == m["property"] and e["object"] == m["value"])
    for p in rec["parties_detail"]:
        code = p["country"].lower()
        p["ev"] = refs(lambda e, code=code: e["subject"] == iri and e["predicate"].endswith(("#party", "#partyCountry"))
                       and e["object"].rstrip("/").split("/country/")[-1].split("/")[0] == code)
    for r in rec["relations"]:
        if r["direction"] == "out":
            r["ev"] = refs(lambda e, r=r: e["subject"] == iri and e["object"] == r["iri"])
        else:
            r["ev"] = refs(lambda e, r=r: e["subject"] == r["iri"] and e["object"] == iri)
        r["word"] = _word(RELATION_WORDS if r["direction"] == "out" else INVERSE_WORDS, r["relation"], lang)
    for a in rec["articles"]:
        a["ev"] = refs(lambda e, a=a: e["subject"] == a["iri"])
        for ob in a["obligations"]:
            ob["ev"] = refs(lambda e, ob=ob: e["subject"] == ob["iri"])
    facts = []
    for e in evidence:
        facts.append({**e, "ev": f"{src_id[e['source']]}:{e['start']}-{e['end']}",
                      "predicate_label": view.label(e["predicate"], lang),
                      "subject_label": "" if e["subject"] == iri else _short_subject(e["subject"], iri, view, lang),
                      "object_label": view.label(e["object"], lang) if e["object_is_iri"] else e["object"]})
    return {"rec": rec, "sources": ordered, "facts": facts, "head": head}


def _short_subject(subject: str, iri: str, view: GraphView, lang: str) -> str:
    if subject.startswith(iri + "/"):
        return subject[len(iri) + 1:]
    return view.label(subject, lang)
