"""Validation: SHACL shapes per source graph, cross-node rules on the merged graph, evidence spans.

Three passes, split the way they scale (shared/notes/rdf-stack-measurements.md):
1. SHACL Core (shapes/bilateral.ttl) with pyshacl over each source's named graph on its own, as
   a plain in-memory rdflib graph (never an Oxigraph-backed one: 20x slower). The shapes are
   node-local, so a source graph is complete for them. Then the same shapes once more over the
   *cross-document part*: every triple, from any graph, about a node that more than one graph
   describes. That is where two sources disagree (two signing dates for one treaty).
2. The SHACL-SPARQL rules of shapes/cross-node.ttl, each run as one query over the merged graph
   in Oxigraph (`$this` is an ordinary SPARQL variable, so one query finds every focus node).
3. Evidence spans against the source texts: inside the file (violation), quote matching the
   words at the span (warning), which no shape can check.
The ontology graph is checked against shapes/ontology.ttl.

Every finding carries the node, the rule, the value and the source spans behind the node, so
the report says what to fix and where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg import namespaces as ns
from kg.export import TermWriter
from kg.store import with_merge

REPO = Path(__file__).resolve().parent.parent
SHAPES_DIR = REPO / "shapes"


# ---------------------------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class Where:
    file: str
    start: int
    end: int
    line: int | None = None
    col: int | None = None
    quote: str | None = None

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        q = f' "{_clip(self.quote)}"' if self.quote else ""
        return f"{loc} (chars {self.start}-{self.end}){q}"


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation | Warning | Info
    rule: str
    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    graphs: tuple[str, ...] = ()
    where: tuple[Where, ...] = ()

    def key(self):
        return (self.severity, self.rule, self.focus, self.path, self.value, self.message)


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...] = ()

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity != "Violation")

    @property
    def conforms(self) -> bool:
        return not self.violations

    def rules(self) -> set[str]:
        return {f.rule for f in self.violations}

    def text(self, include_warnings: bool = True) -> str:
        tw = TermWriter(base=None)
        shown = list(self.violations) + (list(self.warnings) if include_warnings else [])
        if not shown:
            return "The graph conforms to the shapes.\n"
        lines = [f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)."]
        for i, f in enumerate(shown, 1):
            lines.append("")
            lines.append(f"{i}. {f.severity.upper()}: {f.message}")
            lines.append(f"   rule:   {f.rule}")
            lines.append(f"   node:   <{f.focus}>")
            if f.path:
                lines.append(f"   path:   {tw.iri(f.path)}")
            if f.value:
                lines.append(f"   value:  {f.value}")
            if f.graphs:
                lines.append(f"   graph:  {', '.join(_graph_label(g) for g in f.graphs)}")
            for w in f.where[:4]:
                lines.append(f"   source: {w}")
            if not f.where:
                lines.append("   source: (no span recorded for this node)")
        return "\n".join(lines) + "\n"


def _clip(text: str | None, n: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _graph_label(g: str) -> str:
    return g[len(ns.ID + "graph/"):] if g.startswith(ns.ID + "graph/") else g


# ---------------------------------------------------------------------------------------------
# Shapes


@lru_cache(maxsize=None)
def load_shapes(name: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(SHAPES_DIR / name, format="turtle")
    return g


def _short(g: rdflib.Graph, term) -> str:
    if isinstance(term, rdflib.BNode):
        return "_"
    try:
        return g.namespace_manager.normalizeUri(term)
    except Exception:  # pragma: no cover - odd IRIs
        return str(term)


def _rule_name(shapes: rdflib.Graph, shape, component, path) -> str:
    """`bkgsh:InstrumentShape eli:date_document maxCount` for a property shape in a node shape."""
    owner = shape
    if isinstance(shape, rdflib.BNode):
        for s in shapes.subjects(SH.property, shape):
            owner = s
            break
    parts = [_short(shapes, owner)]
    if path is not None and not isinstance(path, rdflib.BNode):
        parts.append(_short(shapes, path))
    if component is not None:
        parts.append(str(component).rsplit("#", 1)[-1].replace("ConstraintComponent", ""))
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Term conversion (pyoxigraph -> rdflib) for pyshacl


_XSD_STRING = ns.XSD + "string"


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # rdflib tells "a"^^xsd:string from "a"; RDF 1.1 does not
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_rdflib(triples: Iterable[tuple]) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o in triples:
        g.add((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)))
    return g


def _render(term) -> str | None:
    if term is None:
        return None
    tw = TermWriter(base=None)
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        lit = (ox.Literal(str(term), language=term.language) if term.language else
               ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or ns.XSD + "string"))))
        return tw.term(lit)
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return tw.term(term) if isinstance(term, ox.Literal) else f"<{term.value}>"
    return str(term)


# ---------------------------------------------------------------------------------------------
# Evidence index: what the report shows under "source:"


@dataclass
class EvidenceIndex:
    by_subject: dict = field(default_factory=dict)  # subject IRI -> [(predicate IRI, object, Where)]
    by_object: dict = field(default_factory=dict)  # object IRI -> [(subject IRI, predicate IRI, Where)]
    positions: list = field(default_factory=list)  # (graph, evidence IRI, source sid, Where)

    def lookup(self, focus: str, path: str | None) -> tuple[Where, ...]:
        own = self.by_subject.get(focus, [])
        exact = [w for p, _, w in own if path and p == path]
        if exact:
            return tuple(sorted(set(exact), key=_where_key))
        if own:
            return tuple(sorted({w for _, _, w in own}, key=_where_key))
        return tuple(sorted({w for _, _, w in self.by_object.get(focus, [])}, key=_where_key))


def _where_key(w: Where):
    return (w.file, w.start, w.end)


def _line_col(text: str | None, offset: int) -> tuple[int | None, int | None]:
    if text is None or offset > len(text):
        return None, None
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


R = ns.RDF
OA = ns.OA


def evidence_index(graphs: Mapping[str, Iterable[tuple]], texts: Mapping[str, str]) -> EvidenceIndex:
    """texts: source IRI -> decoded text (for line and column)."""
    idx = EvidenceIndex()
    for g, triples in graphs.items():
        props: dict = {}
        files: dict = {}
        for s, p, o in triples:
            props.setdefault(s, {}).setdefault(p.value, []).append(o)
            if p.value == ns.DCTERMS + "identifier" and isinstance(s, ox.NamedNode) and s.value.startswith(ns.ID + "source/"):
                files[s.value] = o.value
        for e, pr in props.items():
            if ox.NamedNode(ns.BKG + "Evidence") not in pr.get(R + "type", []):
                continue
            try:
                subj = pr[R + "subject"][0]
                pred = pr[R + "predicate"][0]
                obj = pr[R + "object"][0]
                target = pr[OA + "hasTarget"][0]
            except (KeyError, IndexError):
                continue
            tp = props.get(target, {})
            src = tp.get(OA + "hasSource", [None])[0]
            start = end = None
            quote = None
            for sel in tp.get(OA + "hasSelector", []):
                sp = props.get(sel, {})
                if OA + "start" in sp:
                    try:
                        start, end = int(sp[OA + "start"][0].value), int(sp[OA + "end"][0].value)
                    except (KeyError, ValueError, IndexError):
                        pass
                if OA + "exact" in sp:
                    quote = sp[OA + "exact"][0].value
            if src is None or start is None:
                continue
            text = texts.get(src.value)
            line, col = _line_col(text, start)
            w = Where(files.get(src.value, src.value), start, end, line, col, quote)
            idx.by_subject.setdefault(subj.value, []).append((pred.value, obj, w))
            if isinstance(obj, ox.NamedNode):
                idx.by_object.setdefault(obj.value, []).append((subj.value, pred.value, w))
            idx.positions.append((g, e.value, src.value, w))
    return idx


# ---------------------------------------------------------------------------------------------
# Pass 1: SHACL Core with pyshacl


def _pyshacl(data: rdflib.Graph, shapes: rdflib.Graph, graphs: tuple[str, ...], idx: EvidenceIndex) -> list[Finding]:
    from pyshacl import validate as shacl_validate  # imported here: slow to import

    _, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True, advanced=False, meta_shacl=False, debug=False,
    )
    out = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        shape = results.value(r, SH.sourceShape)
        component = results.value(r, SH.sourceConstraintComponent)
        severity = str(results.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        message = str(results.value(r, SH.resultMessage) or "")
        out.append(Finding(
            severity=severity,
            rule=_rule_name(shapes, shape, component, path),
            focus=str(focus),
            message=message,
            path=str(path) if isinstance(path, rdflib.URIRef) else None,
            value=_render(value),
            graphs=graphs,
            where=idx.lookup(str(focus), str(path) if path is not None else None),
        ))
    return out


def cross_document_part(graphs: Mapping[str, Iterable[tuple]]) -> tuple[set, dict]:
    """Every triple about a node that more than one graph describes, and where each node is."""
    where: dict = {}
    for g, triples in graphs.items():
        if g == ns.ONTOLOGY_GRAPH:
            continue
        for s, _, _ in triples:
            where.setdefault(s, set()).add(g)
    shared = {s for s, gs in where.items() if len(gs) > 1}
    part = set()
    for g, triples in graphs.items():
        if g == ns.ONTOLOGY_GRAPH:
            continue
        part.update(t for t in triples if t[0] in shared)
    return part, where


# ---------------------------------------------------------------------------------------------
# Pass 2: SHACL-SPARQL rules over the merged graph


def _sparql_rules(store: ox.Store, shapes: rdflib.Graph, where: dict, idx: EvidenceIndex) -> list[Finding]:
    out = []
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        targets = _targets(store, shapes, shape)
        severity_node = shapes.value(shape, SH.severity)
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select))
            prologue = ""
            for pfx in shapes.objects(constraint, SH.prefixes):
                for decl in shapes.objects(pfx, SH.declare):
                    prologue += f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>\n"
            message = str(shapes.value(constraint, SH.message) or shapes.value(shape, rdflib.RDFS.label) or "")
            path = shapes.value(constraint, SH.path)
            severity = str(shapes.value(constraint, SH.severity) or severity_node or SH.Violation).rsplit("#", 1)[-1]
            result = store.query(prologue + select)
            names = [v.value for v in result.variables]
            for row in result:
                focus = row["this"]
                if focus is None or (targets is not None and focus not in targets):
                    continue
                binding = {n: row[n] for n in names if row[n] is not None}
                text = _fill(message, binding)
                value = binding.get("value")
                out.append(Finding(
                    severity=severity,
                    rule=_short(shapes, shape),
                    focus=focus.value,
                    message=text,
                    path=str(path) if path is not None else None,
                    value=_render(value),
                    graphs=tuple(sorted(where.get(focus, ()))),
                    where=idx.lookup(focus.value, str(path) if path is not None else None),
                ))
    return out


def _targets(store: ox.Store, shapes: rdflib.Graph, shape) -> set | None:
    patterns = []
    for c in shapes.objects(shape, SH.targetClass):
        patterns.append(f"{{ ?x a <{c}> }}")
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"{{ ?x <{p}> ?o }}")
    for p in shapes.objects(shape, SH.targetObjectsOf):
        patterns.append(f"{{ ?o <{p}> ?x }}")
    for n in shapes.objects(shape, SH.targetNode):
        patterns.append(f"{{ BIND(<{n}> AS ?x) }}")
    if not patterns:
        return None
    q = "SELECT DISTINCT ?x WHERE { " + " UNION ".join(patterns) + " }"
    return {row["x"] for row in store.query(q)}


_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(message: str, binding: dict) -> str:
    tw = TermWriter()

    def sub(m):
        term = binding.get(m.group(1))
        if term is None:
            return m.group(0)
        if isinstance(term, ox.Literal):
            return term.value
        return tw.term(term)

    return _PLACEHOLDER.sub(sub, message)


# ---------------------------------------------------------------------------------------------
# Pass 3: evidence against the texts

def _same_words(quote: str, raw_excerpt: str, fmt: str) -> bool:
    """A quote is the normalised form of its raw excerpt: the extractor's own normaliser
    decides, so a repair it makes (a displaced word put back) is no mismatch."""
    from kg.normalize import fold, normalize

    return fold(quote) == fold(normalize(raw_excerpt, fmt).text)


def _evidence_checks(idx: EvidenceIndex, texts: Mapping[str, str]) -> list[Finding]:
    out = []
    seen = set()
    for g, e, src, w in sorted(idx.positions, key=lambda x: (x[2], x[3].start, x[3].end, x[1])):
        text = texts.get(src)
        if text is None or (src, w.start, w.end, w.quote) in seen:
            continue  # one finding per span and quote, however many statements it supports
        seen.add((src, w.start, w.end, w.quote))
        if w.end > len(text) or w.start < 0 or w.start >= w.end:
            out.append(Finding("Violation", "bkgsh:EvidenceSpanInText", e,
                               f"The span {w.start}-{w.end} is not inside {w.file} ({len(text)} characters): "
                               "the offsets do not count into this file's decoded text.",
                               graphs=(g,), where=(w,)))
        elif w.quote and not _same_words(w.quote, text[w.start:w.end], "md" if str(src).endswith(".md") else "txt"):
            out.append(Finding("Warning", "bkgsh:EvidenceQuoteMatchesText", e,
                               f"The quote does not match the words at {w.start}-{w.end}: the text there reads "
                               f'"{_clip(text[w.start:w.end], 80)}".', graphs=(g,), where=(w,)))
    return out


# ---------------------------------------------------------------------------------------------
# Entry points


def _merge(findings: list[Finding]) -> tuple[Finding, ...]:
    merged: dict = {}
    for f in findings:
        k = f.key()
        if k in merged:
            old = merged[k]
            merged[k] = Finding(old.severity, old.rule, old.focus, old.message, old.path, old.value,
                                tuple(sorted(set(old.graphs) | set(f.graphs))),
                                tuple(sorted(set(old.where) | set(f.where), key=_where_key)))
        else:
            merged[k] = f
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return tuple(sorted(merged.values(), key=lambda f: (order.get(f.severity, 3), f.rule, f.focus, f.path or "", f.value or "")))


def _batch_findings(graphs, idx, core, batch) -> list[Finding]:
    triples = set().union(*(graphs[g] for g in batch))
    return _pyshacl(to_rdflib(triples), core, tuple(batch), idx)


_FORKED: tuple | None = None  # (graphs, idx, core): inherited by forked workers, never pickled


def _forked_batch(batch) -> list[Finding]:
    graphs, idx, core = _FORKED
    return _batch_findings(graphs, idx, core, batch)


def _parallel_batches(graphs, idx, core, batches, workers) -> list[Finding]:
    """The per-source SHACL pass across processes. Forked workers share the graphs read-only
    (copy on write); only the batches' graph names go out and the findings come back."""
    import multiprocessing as mp

    global _FORKED
    if "fork" not in mp.get_all_start_methods():
        return [f for b in batches for f in _batch_findings(graphs, idx, core, b)]
    _FORKED = (graphs, idx, core)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            return [f for part in pool.imap(_forked_batch, batches) for f in part]
    finally:
        _FORKED = None


def validate_graphs(graphs: Mapping[str, Iterable[tuple]], texts: Mapping[str, str] | None = None,
                    chunk: int = 1, workers: int | None = None) -> Report:
    """Validate a dataset given as {graph IRI: set of (s, p, o) pyoxigraph terms}.

    texts maps source IRIs to their decoded text, for line numbers and the span checks.
    chunk > 1 validates that many source graphs per pyshacl call (the shapes are node-local,
    so the results are the same; fewer calls are faster on many small sources).
    """
    texts = texts or {}
    graphs = {g: set(t) for g, t in graphs.items()}
    idx = evidence_index(graphs, texts)
    core = load_shapes("bilateral.ttl")
    findings: list[Finding] = []

    data_graphs = sorted(g for g in graphs if g != ns.ONTOLOGY_GRAPH)
    batches = [data_graphs[i:i + max(1, chunk)] for i in range(0, len(data_graphs), max(1, chunk))]
    workers = min(workers or 1, len(batches))
    if workers > 1:
        findings += _parallel_batches(graphs, idx, core, batches, workers)
    else:
        for batch in batches:
            findings += _batch_findings(graphs, idx, core, batch)
    if chunk > 1:  # attribute each finding to the graphs that describe its node
        where_all: dict = {}
        for g in data_graphs:
            for s, _, _ in graphs[g]:
                where_all.setdefault(s.value, set()).add(g)
        findings = [Finding(f.severity, f.rule, f.focus, f.message, f.path, f.value,
                            tuple(sorted(where_all.get(f.focus, f.graphs))), f.where) for f in findings]

    part, where = cross_document_part(graphs)
    if part:
        shared_findings = _pyshacl(to_rdflib(part), core, (), idx)
        findings += [Finding(f.severity, f.rule, f.focus, f.message, f.path, f.value,
                             tuple(sorted(where.get(ox.NamedNode(f.focus), ()))), f.where)
                     for f in shared_findings]

    store = ox.Store()
    # every triple once in the default graph too: the rules see the merge, each fact once
    store.bulk_extend(with_merge(ox.Quad(s, p, o, ox.NamedNode(g)) for g in data_graphs for s, p, o in graphs[g]))
    findings += _sparql_rules(store, load_shapes("cross-node.ttl"), where, idx)

    if ns.ONTOLOGY_GRAPH in graphs:
        findings += _pyshacl(to_rdflib(graphs[ns.ONTOLOGY_GRAPH]), load_shapes("ontology.ttl"),
                             (ns.ONTOLOGY_GRAPH,), idx)

    findings += _evidence_checks(idx, texts)
    return Report(_merge(findings))
