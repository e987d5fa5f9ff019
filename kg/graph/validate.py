"""Validation: SHACL shapes per source graph, cross-node rules on the merged graph, evidence spans.

Three passes, split the way they scale (shared/notes/rdf-stack-measurements.md):
1. SHACL Core (shapes/bilateral.ttl) over each source's named graph on its own, with the
   compiled checker of kg/graph/shacl.py (pyshacl gives the same results 50-100x slower; KG_SHACL=pyshacl
   or engine="pyshacl" runs it instead, for cross-checking). The shapes are node-local, so a
   source graph is complete for them, and its results depend on its triples only: they are
   cached by the graph's digest (sorted N-Triples) and the shapes' digest. Then the same shapes
   once more over the *cross-document part*: every triple, from any graph, about a node that more
   than one graph describes. That is where two sources disagree (two signing dates for one
   treaty). tests/test_shacl_compiled.py shows the split finds what one pass over the whole
   dataset finds.
2. The SHACL-SPARQL rules of shapes/cross-node.ttl, each run as one query over the merged graph
   in Oxigraph (`$this` is an ordinary SPARQL variable, so one query finds every focus node).
3. Evidence spans against the source texts: inside the file (violation), quote matching the
   words at the span (warning), which no shape can check.
The ontology graph is checked against shapes/ontology.ttl.

Every finding carries the node, the rule, the value and the source spans behind the node, so
the report says what to fix and where to look.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg.graph import namespaces as ns
from kg.graph.export import TermWriter
from kg.graph.shacl import Compiled, compile_shapes, index_by_subject
from kg.graph.shacl import to_rdflib as _to_rdflib  # one term converter for both engines
from kg.graph.shacl import rule_name as _rule_name
from kg.graph.shacl import short as _short
from kg.graph.report import (Finding, Report, Where, _clip, _finding_from_json, _finding_json, _line_col, _merge,
                             _where_key)
from kg.graph.store import with_merge

REPO = Path(__file__).resolve().parents[2]
SHAPES_DIR = REPO / "shapes"


# ---------------------------------------------------------------------------------------------
# Shapes


@lru_cache(maxsize=None)
def load_shapes(name: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(SHAPES_DIR / name, format="turtle")
    return g


@lru_cache(maxsize=None)
def compiled_shapes(name: str) -> Compiled:
    return compile_shapes(load_shapes(name), (SHAPES_DIR / name).read_bytes())


# ---------------------------------------------------------------------------------------------
# Term conversion (pyoxigraph -> rdflib) for pyshacl




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
    by_subject: dict = field(default_factory=dict)  # subject IRI -> [(predicate IRI, Where)]
    by_object: dict = field(default_factory=dict)  # object IRI -> [(subject IRI, predicate IRI, Where)]
    positions: list = field(default_factory=list)  # (graph, evidence IRI, source sid, Where)

    def add(self, g: str, entries: Iterable[tuple]) -> None:
        """entries: (evidence IRI, subject IRI, predicate IRI, object IRI or None, source IRI, Where)."""
        for e, subj, pred, obj, src, w in entries:
            self.by_subject.setdefault(subj, []).append((pred, w))
            if obj is not None:
                self.by_object.setdefault(obj, []).append((subj, pred, w))
            self.positions.append((g, e, src, w))

    def lookup(self, focus: str, path: str | None) -> tuple[Where, ...]:
        own = self.by_subject.get(focus, [])
        exact = [w for p, w in own if path and p == path]
        if exact:
            return tuple(sorted(set(exact), key=_where_key))
        if own:
            return tuple(sorted({w for _, w in own}, key=_where_key))
        return tuple(sorted({w for _, _, w in self.by_object.get(focus, [])}, key=_where_key))


R = ns.RDF
OA = ns.OA


_EVIDENCE_PREDICATES = {p: ox.NamedNode(p) for p in (
    R + "type", R + "subject", R + "predicate", R + "object", OA + "hasTarget", OA + "hasSource",
    OA + "hasSelector", OA + "start", OA + "end", OA + "exact", ns.DCTERMS + "identifier")}
_EVIDENCE = ox.NamedNode(ns.BKG + "Evidence")


def evidence_index(graphs: Mapping[str, Iterable[tuple]], texts: Mapping[str, str]) -> EvidenceIndex:
    """texts: source IRI -> decoded text (for line and column)."""
    idx = EvidenceIndex()
    for g, triples in graphs.items():
        idx.add(g, graph_evidence(triples, texts))
    return idx


_EVIDENCE_WANTED = frozenset(_EVIDENCE_PREDICATES.values())


def graph_evidence(triples: Iterable[tuple], texts: Mapping[str, str], props: dict | None = None) -> list[tuple]:
    """The evidence of one graph: (evidence, subject, predicate, object IRI or None, source, Where).
    `props`: the graph's index_by_subject, when the caller has one holding _EVIDENCE_WANTED."""
    P = _EVIDENCE_PREDICATES
    TYPE, SUBJ, PRED, OBJ = P[R + "type"], P[R + "subject"], P[R + "predicate"], P[R + "object"]
    TARGET, SOURCE, SELECTOR = P[OA + "hasTarget"], P[OA + "hasSource"], P[OA + "hasSelector"]
    START, END, EXACT, IDENT = P[OA + "start"], P[OA + "end"], P[OA + "exact"], P[ns.DCTERMS + "identifier"]
    out = []
    if props is None:
        props = index_by_subject(triples, _EVIDENCE_WANTED)  # keyed by term: no .value strings per triple
    files = {s.value: d[IDENT][0].value for s, d in props.items()
             if IDENT in d and isinstance(s, ox.NamedNode) and s.value.startswith(ns.ID + "source/")}
    for e, pr in props.items():
        if _EVIDENCE not in pr.get(TYPE, ()):
            continue
        try:
            subj = pr[SUBJ][0]
            pred = pr[PRED][0]
            obj = pr[OBJ][0]
            target = pr[TARGET][0]
        except (KeyError, IndexError):
            continue
        tp = props.get(target, {})
        src = tp.get(SOURCE, [None])[0]
        start = end = None
        quote = None
        for sel in tp.get(SELECTOR, []):
            sp = props.get(sel, {})
            if START in sp:
                try:
                    start, end = int(sp[START][0].value), int(sp[END][0].value)
                except (KeyError, ValueError, IndexError):
                    pass
            if EXACT in sp:
                quote = sp[EXACT][0].value
        if src is None or start is None:
            continue
        text = texts.get(src.value)
        line, col = _line_col(text, start)
        w = Where(files.get(src.value, src.value), start, end, line, col, quote)
        out.append((e.value, subj.value, pred.value, obj.value if isinstance(obj, ox.NamedNode) else None,
                    src.value, w))
    return out


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


@dataclass(frozen=True)
class GraphsOf:
    """Which graphs describe each subject: the first graph of every subject, and the set of
    graphs of the few that several graphs describe (a set per subject was 1 GB at 10,000
    documents; a reference to the first graph's name is a tenth of that)."""
    first: dict  # subject -> graph IRI
    shared: dict  # subject -> {graph IRI, ...}, the subjects of more than one graph

    def get(self, s, default=()):
        if s in self.shared:
            return self.shared[s]
        g = self.first.get(s)
        return default if g is None else {g}

    def items(self):
        for s, g in self.first.items():
            yield s, self.shared.get(s) or {g}


def cross_document_part(graphs: Mapping[str, Iterable[tuple]]) -> tuple[set, GraphsOf]:
    """Every triple about a node that more than one graph describes, and where each node is."""
    first: dict = {}
    shared: dict = {}
    for g, triples in graphs.items():
        if g == ns.ONTOLOGY_GRAPH:
            continue
        for s in {t[0] for t in triples}:
            other = first.setdefault(s, g)
            if other != g:
                shared.setdefault(s, {other}).add(g)
    part = set()
    for g, triples in graphs.items():
        if g == ns.ONTOLOGY_GRAPH:
            continue
        part.update(t for t in triples if t[0] in shared)
    return part, GraphsOf(first, shared)


# ---------------------------------------------------------------------------------------------
# Pass 2: SHACL-SPARQL rules over the merged graph


def _sparql_rules(store: ox.Store, shapes: rdflib.Graph, where: GraphsOf, idx: EvidenceIndex) -> list[Finding]:
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
    from kg.text.normalize import fold, normalize

    # the raw words themselves (most quotes: undamaged text) need no normalising to compare
    return fold(quote) == fold(raw_excerpt) or fold(quote) == fold(normalize(raw_excerpt, fmt).text)


def _span_problems(positions: Iterable[tuple], texts: Mapping[str, str]) -> list[tuple]:
    """(span key, Finding) for each span that is outside its text or whose quote does not match."""
    out = []
    seen = set()
    fmts: dict = {}
    for g, e, src, w in sorted(positions, key=lambda x: (x[2], x[3].start, x[3].end, x[1])):
        text = texts.get(src)
        key = (src, w.start, w.end, w.quote)
        if text is None or key in seen:
            continue  # one finding per span and quote, however many statements it supports
        seen.add(key)
        if w.end > len(text) or w.start < 0 or w.start >= w.end:
            out.append((key, Finding("Violation", "bkgsh:EvidenceSpanInText", e,
                                     f"The span {w.start}-{w.end} is not inside {w.file} ({len(text)} characters): "
                                     "the offsets do not count into this file's decoded text.",
                                     graphs=(g,), where=(w,))))
        elif w.quote and not _same_words(w.quote, text[w.start:w.end], _format_of(src, text, fmts)):
            out.append((key, Finding("Warning", "bkgsh:EvidenceQuoteMatchesText", e,
                                     f"The quote does not match the words at {w.start}-{w.end}: the text there reads "
                                     f'"{_clip(text[w.start:w.end], 80)}".', graphs=(g,), where=(w,))))
    return out


def _format_of(src, text: str, fmts: dict) -> str:
    """A text's format by what it holds, as the reader decided it (once per text)."""
    if src not in fmts:
        from kg.text.sources import sniff_format

        fmts[src] = sniff_format(text)
    return fmts[src]


def _one_per_span(problems: Iterable[tuple]) -> list[Finding]:
    """Graph by graph, then one finding per span over all graphs: the one of the first
    evidence node, as one pass over every position in order gives."""
    best: dict = {}
    for key, f in problems:
        if key not in best or f.focus < best[key].focus:
            best[key] = f
    return list(best.values())


# ---------------------------------------------------------------------------------------------
# Entry points


def _batch_findings(graphs, idx, core, batch) -> list[Finding]:
    triples = set().union(*(graphs[g] for g in batch))
    return _pyshacl(to_rdflib(triples), core, tuple(batch), idx)


_FORKED: tuple | None = None  # what forked workers inherit (copy on write), never pickled


def _forked(args) -> list:
    fn, items = args
    return fn(_FORKED, items)


def _in_forked_workers(shared, fn, parts: list, workers: int, meanwhile: Callable | None = None) -> list:
    """fn(shared, part) for each part across forked processes: the workers inherit `shared`
    read-only, only the parts' names go out and plain results (strings) come back.
    `meanwhile()` runs in this process while the workers do (or after, without workers); with
    it, even a single part goes to a worker, so the two run on two cores."""
    import multiprocessing as mp

    global _FORKED
    if (workers <= 1 or not parts or (len(parts) == 1 and meanwhile is None)
            or "fork" not in mp.get_all_start_methods()):
        out = [fn(shared, p) for p in parts]
        if meanwhile is not None:
            meanwhile()
        return out
    _FORKED = shared
    gc.collect()
    gc.freeze()  # what the workers inherit stays out of their collections: fewer pages copied
    try:
        from kg.orphans import die_with_parent  # workers die with the build

        with mp.get_context("fork").Pool(min(workers, len(parts)), initializer=die_with_parent,
                                         initargs=(os.getpid(),)) as pool:
            pending = pool.map_async(_forked, [(fn, p) for p in parts])
            if meanwhile is not None:
                meanwhile()
            return pending.get()
    finally:
        _FORKED = None
        gc.unfreeze()


def _pyshacl_part(shared, batch) -> list[Finding]:
    return _batch_findings(*shared, batch)


def _parallel_batches(graphs, idx, core, batches, workers) -> list[Finding]:
    parts = _in_forked_workers((graphs, idx, core), _pyshacl_part, batches, workers)
    return [f for part in parts for f in part]


# ---------------------------------------------------------------------------------------------
# Pass 1 with the compiled checker, cached per source graph


def nt_lines(triples: Iterable[tuple]) -> list[str]:
    """A graph's N-Triples lines, sorted: what its digest hashes and its unit file holds."""
    return sorted(f"{s} {p} {o} .\n" for s, p, o in triples)


def graph_digest(triples: Iterable[tuple]) -> str:
    """sha256 of a graph's sorted N-Triples lines (kg/graph/units.py gives the same for a build)."""
    return hashlib.sha256("".join(nt_lines(triples)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourcePass:
    """What one source graph gives on its own: its SHACL results, its span problems, and the
    nodes its evidence is about (so the report's source spans of a finding are looked up in the
    few graphs that have any, instead of indexing the evidence of every graph: at 10,000
    documents that index is a million spans). It depends on the graph, the shapes and the texts
    the evidence points into only, so it is computed once per graph and cached."""
    shacl: tuple  # kg/graph/shacl.py result tuples
    spans: tuple  # (span key, Finding) of _span_problems
    evidence_nodes: tuple  # IRIs that are the rdf:subject or rdf:object of an evidence node
    texts: tuple  # (source IRI, sha256 of its text or None): what the pass read

    def to_json(self) -> list:
        return [list(self.shacl), [[list(k), _finding_json(f)] for k, f in self.spans],
                list(self.evidence_nodes), [list(t) for t in self.texts]]

    @staticmethod
    def from_json(data: list) -> "SourcePass":
        shacl, spans, nodes, texts = data
        return SourcePass(tuple(tuple(r) for r in shacl), tuple((tuple(k), _finding_from_json(f)) for k, f in spans),
                          tuple(nodes), tuple(tuple(t) for t in texts))


def _text_digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_pass(g: str, triples: set, shapes: Compiled, texts: Mapping[str, str]) -> SourcePass:
    by_s = index_by_subject(triples, shapes.relevant | _EVIDENCE_WANTED)  # one index for both
    evidence = graph_evidence(triples, texts, by_s)
    positions = [(g, e, src, w) for e, _, _, _, src, w in evidence]
    srcs = sorted({src for *_, src, _ in evidence})
    nodes = {subj for _, subj, _, _, _, _ in evidence} | {obj for _, _, _, obj, _, _ in evidence if obj}
    return SourcePass(tuple(shapes.check(triples, by_s)), tuple(_span_problems(positions, texts)), tuple(sorted(nodes)),
                      tuple((src, _text_digest(texts.get(src))) for src in srcs))


@dataclass(frozen=True)
class PassCache:
    """Source passes by graph digest, one JSON file per shapes digest (one read and one write
    per build, however many sources: 10,000 small files would cost more than the checks they
    save). The file keeps the digests of the last build only, so it does not grow."""
    path: Path

    @staticmethod
    def at(cache_dir: Path | str, shapes: Compiled) -> "PassCache":
        return PassCache(Path(cache_dir) / f"source-pass-{_pass_code_digest(shapes.digest)[:16]}.json")

    def load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: SourcePass.from_json(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def save(self, passes: Mapping[str, SourcePass]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        data = {k: v.to_json() for k, v in sorted(passes.items())}
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.path)


@lru_cache(maxsize=None)
def _pass_code_digest(shapes_digest: str) -> str:
    """The shapes and the code a source pass runs: a change to either is a new cache."""
    h = hashlib.sha256(shapes_digest.encode())
    for name in ("graph/shacl.py", "graph/validate.py", "text/normalize.py"):
        h.update((REPO / "kg" / name).read_bytes())
    return h.hexdigest()


def _pass_part(shared, names) -> list:
    graphs, shapes, texts = shared
    return [source_pass(g, graphs[g], shapes, texts) for g in names]


# Below this many triples to check, one process is faster than forking two (measured).
PARALLEL_MIN_TRIPLES = 2_000_000


def source_passes(graphs: Mapping[str, set], names: list[str], shapes: Compiled, texts: Mapping[str, str], *,
                  digests: Mapping[str, str] | None = None, cache_dir=None, workers: int = 1,
                  meanwhile: Callable | None = None) -> dict[str, SourcePass]:
    """{graph: SourcePass} for the source graphs, from the cache where the graph and the texts it
    points into are unchanged. `meanwhile()` runs while forked workers check (see
    _in_forked_workers)."""
    cache = PassCache.at(cache_dir, shapes) if cache_dir is not None else None
    cached = cache.load() if cache else {}
    keys = {g: (digests or {}).get(g) or graph_digest(graphs[g]) for g in names} if cache else {}
    text_digests: dict = {}

    def fresh(sp: SourcePass) -> bool:
        for src, d in sp.texts:
            if src not in text_digests:
                text_digests[src] = _text_digest(texts.get(src))
            if text_digests[src] != d:
                return False
        return True
    out = {g: cached[keys[g]] for g in names if cache and keys[g] in cached and fresh(cached[keys[g]])}
    todo = [g for g in names if g not in out]
    size = sum(len(graphs[g]) for g in todo)
    workers = workers if size >= PARALLEL_MIN_TRIPLES else 1
    parts = [todo[i::workers] for i in range(workers)] if todo else []
    for part, results in zip(parts, _in_forked_workers((graphs, shapes, texts), _pass_part, parts, workers, meanwhile)):
        out.update(zip(part, results))
    if not parts and meanwhile is not None:
        meanwhile()
    if cache and (todo or set(cached) != set(keys.values())):
        cache.save({keys[g]: out[g] for g in names})
    return out


def _findings(results: Iterable[tuple], graphs: tuple[str, ...], idx: EvidenceIndex) -> list[Finding]:
    return [Finding(sev, rule, focus, msg, path, value, graphs, idx.lookup(focus, path))
            for sev, rule, focus, msg, path, value in results]


def shacl_engine(engine: str | None = None) -> str:
    engine = engine or os.environ.get("KG_SHACL") or "compiled"
    if engine not in ("compiled", "pyshacl"):
        raise ValueError(f"KG_SHACL={engine!r}: compiled or pyshacl")
    return engine


def validate_graphs(graphs: Mapping[str, Iterable[tuple]], texts: Mapping[str, str] | None = None,
                    chunk: int = 1, workers: int | None = None, *, engine: str | None = None,
                    cache_dir: Path | str | None = None, digests: Mapping[str, str] | None = None) -> Report:
    """Validate a dataset given as {graph IRI: set of (s, p, o) pyoxigraph terms}.

    texts maps source IRIs to their decoded text, for line numbers and the span checks.
    engine: "compiled" (default; kg/graph/shacl.py) or "pyshacl" (also KG_SHACL=pyshacl), for cross-checks.
    cache_dir: where per-source results are kept by graph digest (compiled engine only);
    digests: {graph: graph_digest(...)} when the caller has them already (kg/pipeline/build.py does).
    workers: processes for the per-source checks (used only when there is enough to check).
    chunk > 1 (pyshacl only) validates that many source graphs per pyshacl call.
    """
    enabled = gc.isenabled()
    gc.disable()  # millions of small index objects, no cycles: the collector only rescans the dataset
    try:
        return _validate_graphs(graphs, texts, chunk, workers, engine, cache_dir, digests)
    finally:
        if enabled:
            gc.enable()


def _validate_graphs(graphs, texts, chunk, workers, engine, cache_dir, digests) -> Report:
    texts = texts or {}
    engine = shacl_engine(engine)
    graphs = {g: t if isinstance(t, (set, frozenset)) else set(t) for g, t in graphs.items()}
    findings: list[Finding] = []

    data_graphs = sorted(g for g in graphs if g != ns.ONTOLOGY_GRAPH)
    cross: dict = {}

    def cross_parts():  # the parts that span documents, made while the workers check sources
        cross["part"] = cross_document_part(graphs)
        cross["store"] = cross_node_store(graphs, data_graphs)

    if engine == "compiled":
        passes = source_passes(graphs, data_graphs, compiled_shapes("bilateral.ttl"), texts, digests=digests,
                               cache_dir=cache_dir, workers=max(1, workers or 1), meanwhile=cross_parts)
        if not cross:
            cross_parts()
        part, where = cross["part"]
        return assemble_report(passes, data_graphs, cross_findings(part), where, rule_findings(cross.pop("store")),
                               graphs.get(ns.ONTOLOGY_GRAPH), texts, graphs, _about_from_passes(passes))

    idx = evidence_index(graphs, texts)
    findings += _pyshacl_per_source(graphs, data_graphs, idx, chunk, workers)
    span_problems = _span_problems(idx.positions, texts)
    cross_parts()
    part, where = cross["part"]
    if part:
        findings += _with_graphs(_pyshacl(to_rdflib(part), load_shapes("bilateral.ttl"), (), idx), where)
    findings += _sparql_rules(cross.pop("store"), load_shapes("cross-node.ttl"), where, idx)
    if ns.ONTOLOGY_GRAPH in graphs:
        findings += _pyshacl(to_rdflib(graphs[ns.ONTOLOGY_GRAPH]), load_shapes("ontology.ttl"), (ns.ONTOLOGY_GRAPH,), idx)
    findings += _one_per_span(span_problems)
    return Report(_merge(findings))


def _with_graphs(findings: list[Finding], where) -> list[Finding]:
    """Findings attributed to the graphs that describe their node (a node that is no IRI keeps
    the graphs it has)."""
    out = []
    for f in findings:
        try:
            node = ox.NamedNode(f.focus)
        except ValueError:
            out.append(f)
            continue
        out.append(Finding(f.severity, f.rule, f.focus, f.message, f.path, f.value,
                           tuple(sorted(g for g in where.get(node, ()))), f.where))
    return out


def cross_findings(part: set) -> list[Finding]:
    """The shapes over the cross-document part, its findings not yet given their graphs
    (assemble_report does that, from `where`)."""
    return _findings(compiled_shapes("bilateral.ttl").check(part), (), EvidenceIndex()) if part else []


def rule_findings(store: ox.Store) -> list[Finding]:
    """The SPARQL rules of shapes/cross-node.ttl over `store` (the merge of the data graphs),
    their findings not yet given their graphs (assemble_report does that, as for cross_findings)."""
    return _sparql_rules(store, load_shapes("cross-node.ttl"), {}, EvidenceIndex())


def assemble_report(passes: Mapping[str, SourcePass], data_graphs: Iterable[str], cross: list[Finding], where,
                    rules: list[Finding], ontology: set | None, texts: Mapping[str, str],
                    graphs: Mapping[str, set], about: Callable[[set], Iterable[str]]) -> Report:
    """The compiled engine's report from its parts, however they were made (all graphs in
    memory here, or one source at a time by kg/graph/units.py): the source passes, the findings on
    the cross-document part (cross_findings) and of the SPARQL rules (rule_findings), with
    `where` their nodes are, the ontology graph. `graphs[g]` is read only for the few
    graphs `about(nodes)` names, those whose evidence is about a node with a finding (for the
    report's source spans)."""
    idx = EvidenceIndex()  # empty: the spans are looked up at the end, for the findings only
    findings: list[Finding] = []
    span_problems = []
    for g in data_graphs:
        findings += _findings(passes[g].shacl, (g,), idx)
        span_problems += passes[g].spans
    # Both named with the graphs that describe their node now: findings a rebuild reused from
    # the last build (kg/graph/units.py) were named with the graphs of then.
    findings += _with_graphs(cross + rules, where)
    if ontology is not None:
        findings += _findings(compiled_shapes("ontology.ttl").check(ontology), (ns.ONTOLOGY_GRAPH,), idx)
        span_problems += _span_problems([(ns.ONTOLOGY_GRAPH, e, src, w)
                                         for e, _, _, _, src, w in graph_evidence(ontology, texts)], texts)
    findings = _with_spans(findings, graphs, about, texts, ontology)
    findings += _one_per_span(span_problems)
    return Report(_merge(findings))


def _about_from_passes(passes: Mapping[str, SourcePass]) -> Callable[[set], list[str]]:
    def about(nodes: set) -> list[str]:
        return sorted(g for g, p in passes.items() if not nodes.isdisjoint(p.evidence_nodes))
    return about


def _with_spans(findings: list[Finding], graphs: Mapping[str, set], about: Callable[[set], Iterable[str]],
                texts: Mapping[str, str], ontology: set | None) -> list[Finding]:
    """The findings with the source spans behind their nodes, from the evidence of just the
    graphs whose evidence is about one of those nodes."""
    if not findings:
        return findings
    idx = EvidenceIndex()
    for g in about({f.focus for f in findings}):
        idx.add(g, graph_evidence(graphs[g], texts))
    if ontology is not None:
        idx.add(ns.ONTOLOGY_GRAPH, graph_evidence(ontology, texts))
    return [Finding(f.severity, f.rule, f.focus, f.message, f.path, f.value, f.graphs, idx.lookup(f.focus, f.path))
            for f in findings]


def cross_node_store(graphs: Mapping[str, set], data_graphs: list[str]) -> ox.Store:
    """The merge of the source graphs in an Oxigraph store's default graph, which the rules of
    cross-node.ttl query. Only the triples that can match a rule's pattern go in: a predicate the
    rules name, and of the rdf:type triples those of a class they name (their predicates and
    classes are constants). That is a thirtieth of the dataset: at 1,000 documents the store is
    built in 0.3 s instead of 2.8 s (measured). The store dedups a triple several graphs hold."""
    wanted = rule_triples()
    store = ox.Store()
    if wanted is None:  # a rule with a variable predicate, class or a GRAPH clause: everything, as before
        store.bulk_extend(with_merge(ox.Quad(s, p, o, ox.NamedNode(g)) for g in data_graphs for s, p, o in graphs[g]))
        return store
    store.bulk_extend(ox.Quad(s, p, o) for g in data_graphs for s, p, o in graphs[g] if wanted(p, o))
    return store


def rule_triples() -> Callable | None:
    """wanted(p, o): whether a triple can match a pattern of the rules of cross-node.ttl (a
    predicate they name; of the rdf:type triples, those of a class they name), or None when a
    rule could match any triple."""
    named = _rule_iris(load_shapes("cross-node.ttl"))
    if named is None:
        return None
    wanted = frozenset(ox.NamedNode(p) for p in named)
    rdf_type = ox.NamedNode(ns.RDF + "type")
    return lambda p, o: p in wanted and (p != rdf_type or o in wanted)


_PREFIXED = re.compile(r"(?<![\w<?$])([A-Za-z][\w-]*)?:([\w-]+)")
# a triple pattern whose predicate is a variable: `{ ?s ?p ?o }`, `. <x> ?p ?o`, `; ?p ?o`
_VARIABLE_PREDICATE = re.compile(r"(?:[{.]\s*[^\s{}().;]+\s+|;\s*)[?$]\w+\s+[^\s)]")
# rdf:type with a variable class, or inside a property path (rdf:type/rdfs:subClassOf*)
_OPEN_TYPE = re.compile(r"(?:\ba|rdf:type|#type>)\s*(?:[?$]|[/|*+^])|[/|^]\s*(?:a\b|rdf:type)")


@lru_cache(maxsize=None)
def _rule_iris_cached(shapes_id: int, shapes: rdflib.Graph) -> frozenset | None:
    iris = {ns.RDF + "type"}
    for shape in set(shapes.subjects(SH.sparql, None)):
        for p in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetClass):
            iris.update(str(x) for x in shapes.objects(shape, p))
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select))
            body = select[select.find("{"):]
            if re.search(r"\bGRAPH\b", body, re.I) or _VARIABLE_PREDICATE.search(body) or _OPEN_TYPE.search(body):
                return None
            decls = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                     for pfx in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(pfx, SH.declare)}
            iris.update(re.findall(r"<([^>\s]+)>", body))
            for prefix, local in _PREFIXED.findall(body):
                if prefix in decls:
                    iris.add(decls[prefix] + local)
    return frozenset(iris)


def _rule_iris(shapes: rdflib.Graph) -> frozenset | None:
    """Every IRI the SPARQL rules name or target (a superset of their predicates and classes),
    or None when a rule could match any predicate or class."""
    return _rule_iris_cached(id(shapes), shapes)


def _pyshacl_per_source(graphs, data_graphs, idx, chunk, workers) -> list[Finding]:
    core = load_shapes("bilateral.ttl")
    batches = [data_graphs[i:i + max(1, chunk)] for i in range(0, len(data_graphs), max(1, chunk))]
    workers = min(workers or 1, len(batches))
    if workers > 1:
        findings = _parallel_batches(graphs, idx, core, batches, workers)
    else:
        findings = [f for batch in batches for f in _batch_findings(graphs, idx, core, batch)]
    if chunk > 1:  # attribute each finding to the graphs that describe its node
        where_all: dict = {}
        for g in data_graphs:
            for s, _, _ in graphs[g]:
                where_all.setdefault(s.value, set()).add(g)
        findings = [Finding(f.severity, f.rule, f.focus, f.message, f.path, f.value,
                            tuple(sorted(where_all.get(f.focus, f.graphs))), f.where) for f in findings]
    return findings
