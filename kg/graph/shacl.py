"""A compiled checker for the SHACL Core subset the project's node-level shapes use.

pyshacl walks the shapes graph for every focus node through rdflib (measured: 26.6 s for 200
documents, 965 s for 1,000). The shapes of shapes/bilateral.ttl are node-local and simple, so
they are compiled once into a table of Python closures and run over a graph given as a set of
pyoxigraph (s, p, o) terms, with the indexes built once per graph.

The semantics are pyshacl's as kg/graph/validate.py runs it (inference="none", advanced=False, no
ontology graph): a class target also reaches instances of rdfs:subClassOf* subclasses stated in
the data graph; a datatype is checked the way rdflib types the literal (ill-typed lexical forms
fail); value comparisons use rdflib's literal order. Where the results depend on rdflib's view of
a literal, the literal is converted with rdflib once and the answer memoised, so the exact
behaviour is kept at the cost of one conversion per distinct literal.

A shapes feature outside the subset fails at compile time (`UnsupportedShape`), so a new shape
can never be silently skipped. tests/test_shacl_compiled.py checks the results against pyshacl.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Iterable

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS
from rdflib.namespace import SH, XSD

from kg.graph.export import TermWriter


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this checker does not implement."""


# One result, before kg/graph/validate.py adds graphs and source spans: plain strings, so results
# travel between processes and into the cache as they are.
Result = tuple  # (severity, rule, focus, message, path | None, value | None)


# ---------------------------------------------------------------------------------------------
# Names, the way kg/graph/validate.py has always named pyshacl's results


def short(g: rdflib.Graph, term) -> str:
    if isinstance(term, rdflib.BNode):
        return "_"
    try:
        return g.namespace_manager.normalizeUri(term)
    except Exception:  # pragma: no cover - odd IRIs
        return str(term)


def rule_name(shapes: rdflib.Graph, shape, component, path) -> str:
    """`bkgsh:InstrumentShape eli:date_document maxCount` for a property shape in a node shape."""
    owner = shape
    if isinstance(shape, rdflib.BNode):
        for s in shapes.subjects(SH.property, shape):
            owner = s
            break
    parts = [short(shapes, owner)]
    if path is not None and not isinstance(path, rdflib.BNode):
        parts.append(short(shapes, path))
    if component is not None:
        parts.append(str(component).rsplit("#", 1)[-1].replace("ConstraintComponent", ""))
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Terms: pyoxigraph -> rdflib where rdflib's view decides (memoised per distinct term)


_XSD_STRING = str(XSD.string)
_LANGSTRING = str(RDF.langString)
_RDFS_LITERAL = RDFS.Literal
_RDFS_DATATYPE = RDFS.Datatype


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # rdflib tells "a"^^xsd:string from "a"; RDF 1.1 does not
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


class _Memo(dict):
    """term -> f(term), computed once per distinct term."""

    def __init__(self, f: Callable):
        super().__init__()
        self.f = f

    def __missing__(self, key):
        out = self[key] = self.f(key)
        return out


_RDFLIB = _Memo(to_rdflib)


def _string_of(v) -> str | None:
    """SPARQL str() as pyshacl computes it (rdflib may normalise a typed lexical form)."""
    if isinstance(v, ox.BlankNode):
        return None
    if isinstance(v, ox.NamedNode):
        return v.value
    if v.language or v.datatype.value == _XSD_STRING:
        return v.value
    return str(_RDFLIB[v])


_TW = TermWriter(base=None)


def render(v) -> str | None:
    """The value as the report shows it (kg/graph/validate.py `_render` of pyshacl's value)."""
    if v is None:
        return None
    if isinstance(v, ox.NamedNode):
        return f"<{v.value}>"
    if isinstance(v, ox.BlankNode):
        return v.value
    if not v.language and v.datatype.value != _XSD_STRING:
        v = ox.Literal(str(_RDFLIB[v]), datatype=v.datatype)  # rdflib's lexical form, as pyshacl reports it
    return _TW.term(v)


def _to_ox(term):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise UnsupportedShape(f"blank node {term} as a value in the shapes")


# ---------------------------------------------------------------------------------------------
# Value tests: ox term -> bool, one per constraint parameter (pyshacl's component semantics)


def _actual_kinds() -> dict:
    import datetime
    from decimal import Decimal

    return {str(XSD.string): (str, bytes), _LANGSTRING: (str, bytes), str(XSD.integer): int,
            str(XSD.float): float, str(XSD.decimal): Decimal, str(XSD.boolean): bool,
            str(XSD.date): datetime.date, str(XSD.time): datetime.time, str(XSD.dateTime): datetime.datetime}


_XSD_INTEGER = str(XSD.integer)
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")  # a lexical form rdflib reads as an int, whatever its value


def _make_datatype(dt: rdflib.URIRef) -> Callable:
    dts = str(dt)
    kind = _actual_kinds().get(dts)
    any_literal = dt == _RDFS_LITERAL
    any_typed = dt == _RDFS_DATATYPE

    def typed(v) -> bool:  # pyshacl: not ill-typed, and rdflib's value is of the datatype's Python type
        if dts == _XSD_INTEGER and _INTEGER.match(v.value):
            return True  # the common case, without an rdflib literal per distinct number
        lit = _RDFLIB[v]
        if getattr(lit, "ill_typed", None) is True:
            return False
        return kind is None or isinstance(lit.value, kind)

    typed_memo = _Memo(typed)

    def test(v) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if any_literal:
            return True
        if v.language:
            return dts == _LANGSTRING
        vdt = v.datatype.value
        if vdt == _XSD_STRING:
            return dts == _XSD_STRING
        if vdt == dts:
            return typed_memo[v]
        return any_typed
    return test


_NODE_KINDS = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode), SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}


def _make_node_kind(kind) -> Callable:
    if kind not in _NODE_KINDS:
        raise UnsupportedShape(f"sh:nodeKind {kind}")
    kinds = _NODE_KINDS[kind]
    return lambda v: isinstance(v, kinds)


def _make_pattern(pattern: rdflib.Literal, flags) -> Callable:
    re_flags = 0
    if flags is not None:
        f = str(flags).lower()
        re_flags |= (re.I if "i" in f else 0) | (re.M if "m" in f else 0)
    rx = re.compile(str(pattern), re_flags)

    def test(v) -> bool:
        s = _string_of(v)
        return s is not None and rx.search(s) is not None
    return _Memo(test).__getitem__


def _make_min_length(n: rdflib.Literal) -> Callable:
    n = int(n)

    def test(v) -> bool:
        if n == 0:
            return True
        s = _string_of(v)
        return s is not None and len(s) >= n
    return test


def _make_in(shapes: rdflib.Graph, lst) -> Callable:
    members = list(shapes.items(lst))
    for m in members:
        if isinstance(m, rdflib.Literal) and (m.language is None and m.datatype not in (None, XSD.string)):
            # rdflib compares typed literals by its normalised form, which term equality here does not
            raise UnsupportedShape(f"sh:in with the typed literal {m!r}")
    allowed = frozenset(_to_ox(m) for m in members)
    return lambda v: v in allowed


def _make_language_in(shapes: rdflib.Graph, lst) -> Callable:
    langs = {str(x).lower() for x in shapes.items(lst)}

    def test(v) -> bool:
        if not isinstance(v, ox.Literal) or not v.language:
            return False
        if "*" in langs:
            return True
        low = v.language.lower()
        return low in langs or low.split("-")[0] in langs
    return test


def _compare_literal(l1: rdflib.Literal, l2: rdflib.Literal) -> int:
    """pyshacl.rdfutil.compare.compare_literal (not imported: pyshacl takes 0.3 s to import)."""
    import datetime

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime.datetime, datetime.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _make_min_inclusive(m_val: rdflib.Literal) -> Callable:
    min_is_string = isinstance(m_val.value, str)
    int_min = m_val.value if m_val.datatype == XSD.integer and isinstance(m_val.value, int) else None

    def test(v) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if int_min is not None and not v.language and v.datatype.value == _XSD_INTEGER and _INTEGER.match(v.value):
            return int(v.value) >= int_min  # integer against integer: rdflib compares the ints too
        lit = _RDFLIB[v]
        v_is_string = isinstance(lit.value, str)
        if min_is_string != v_is_string:
            return False
        try:
            return _compare_literal(lit, m_val) >= 0
        except (TypeError, NotImplementedError):
            return False
    return _Memo(test).__getitem__


_XSD_DATE = ox.NamedNode(str(XSD.date))
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_XSD_INTEGERS = frozenset(ox.NamedNode(str(XSD[t])) for t in ("integer", "nonNegativeInteger", "int", "long"))
_DIGITS = re.compile(r"\d{1,15}\Z")


def _less_than(v, c) -> bool:
    """pyshacl LessThanConstraintComponent._compare_lt for one pair."""
    if isinstance(v, ox.BlankNode) or isinstance(c, ox.BlankNode):
        raise UnsupportedShape("sh:lessThan on a blank node")  # pyshacl raises too
    if isinstance(v, ox.Literal) and isinstance(c, ox.Literal) and v.datatype == c.datatype == _XSD_DATE \
            and _PLAIN_DATE.match(v.value) and _PLAIN_DATE.match(c.value):
        # two plain xsd:dates (the usual pair) compare as dates, which is what rdflib's values
        # do, without making them; anything else goes the long way
        try:
            return dt.date.fromisoformat(v.value) < dt.date.fromisoformat(c.value)
        except ValueError:
            pass
    if isinstance(v, ox.Literal) and isinstance(c, ox.Literal) and v.datatype == c.datatype \
            and v.datatype in _XSD_INTEGERS and _DIGITS.match(v.value) and _DIGITS.match(c.value):
        return int(v.value) < int(c.value)  # character offsets: rdflib's values are these ints
    return _less_than_rdflib(v, c)


def _less_than_rdflib(v, c) -> bool:
    """The comparison through rdflib's values, as pyshacl makes it."""

    def side(t):
        if isinstance(t, ox.NamedNode):
            return t.value, True
        lit = _RDFLIB[t]
        return (lit.value, True) if isinstance(lit.value, str) else (lit, False)
    a, a_str = side(v)
    b, b_str = side(c)
    if a_str != b_str:
        return False
    return bool(a < b)  # a TypeError propagates, as in pyshacl


_LESS_THAN = _Memo(lambda pair: _less_than(*pair))


# ---------------------------------------------------------------------------------------------
# Compilation


_NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property,
                    RDFS.label, RDFS.comment}
_VALUE_KEYS = {SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"], SH.languageIn, SH.minLength,
               SH.minInclusive, SH["or"]}
_PROPERTY_KEYS = _VALUE_KEYS | {SH.path, SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan,
                                SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                                SH.severity, SH.message, SH.name, SH.description, RDF.type}


def _one(shapes: rdflib.Graph, node, pred):
    vals = list(shapes.objects(node, pred))
    if len(vals) > 1:
        raise UnsupportedShape(f"{short(shapes, node)} has {len(vals)} values of {short(shapes, pred)}")
    return vals[0] if vals else None


def _value_tests(shapes: rdflib.Graph, node) -> list[tuple[str, Callable]]:
    """(component, test) for each value-node constraint of a shape node (its other keys are
    checked by the caller)."""
    tests = []
    dt = _one(shapes, node, SH.datatype)
    if dt is not None:
        tests.append(("Datatype", _make_datatype(dt)))
    kind = _one(shapes, node, SH.nodeKind)
    if kind is not None:
        tests.append(("NodeKind", _make_node_kind(kind)))
    flags = _one(shapes, node, SH.flags)
    for pat in shapes.objects(node, SH.pattern):
        tests.append(("Pattern", _make_pattern(pat, flags)))
    lst = _one(shapes, node, SH["in"])
    if lst is not None:
        tests.append(("In", _make_in(shapes, lst)))
    lst = _one(shapes, node, SH.languageIn)
    if lst is not None:
        tests.append(("LanguageIn", _make_language_in(shapes, lst)))
    n = _one(shapes, node, SH.minLength)
    if n is not None:
        tests.append(("MinLength", _make_min_length(n)))
    for m in shapes.objects(node, SH.minInclusive):
        tests.append(("MinInclusive", _make_min_inclusive(m)))
    for lst in shapes.objects(node, SH["or"]):
        members = [[t for _, t in _value_tests(shapes, _value_shape(shapes, m, "sh:or member"))]
                   for m in shapes.items(lst)]
        tests.append(("Or", lambda v, ms=members: any(all(t(v) for t in m) for m in ms)))
    return tests


def _value_shape(shapes: rdflib.Graph, node, what: str):
    """A nested shape (sh:or member, qualified value shape): value constraints only."""
    extra = set(shapes.predicates(node)) - _VALUE_KEYS - {RDF.type}
    if extra:
        raise UnsupportedShape(f"{what} {node}: {sorted(short(shapes, p) for p in extra)} not supported by kg/graph/shacl.py")
    return node


@dataclass(frozen=True)
class PropertyCheck:
    """One property shape, compiled: the rule names are computed here, once."""
    severity: str
    message: str
    path: object  # ox.NamedNode
    rules: dict  # component -> rule name
    min_count: int | None
    max_count: int | None
    unique_lang: bool
    less_than: tuple  # ox.NamedNode, ...
    value_tests: tuple  # (component, test), ...
    qualified: tuple | None  # (tests, min, max)


@dataclass(frozen=True)
class NodeCheck:
    classes: tuple  # ox.NamedNode
    subjects_of: tuple
    objects_of: tuple
    properties: tuple  # PropertyCheck


@dataclass(frozen=True)
class Compiled:
    nodes: tuple  # NodeCheck
    digest: str  # of the shapes' source: part of every cache key
    relevant: frozenset  # the predicates the shapes read: the index holds only these

    def check(self, triples: Iterable[tuple], by_s: dict | None = None) -> list[Result]:
        return check(self, triples, by_s)


def _int(x) -> int | None:
    return None if x is None else int(x)


def compile_shapes(shapes: rdflib.Graph, source: bytes = b"") -> Compiled:
    """Compile the node shapes of `shapes`; raises UnsupportedShape on anything else."""
    if any(True for _ in shapes.subjects(SH.sparql, None)) or any(True for _ in shapes.subjects(SH.targetNode, None)):
        raise UnsupportedShape("sh:sparql / sh:targetNode: not in the compiled subset")
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
        node_shapes |= set(shapes.subjects(p, None))
    for s in shapes.subjects(RDF.type, SH.PropertyShape):
        if not any(True for _ in shapes.subjects(SH.property, s)):
            raise UnsupportedShape(f"{short(shapes, s)}: a property shape outside sh:property")
    for s in node_shapes:
        if {RDFS.Class, rdflib.OWL.Class} & set(shapes.objects(s, RDF.type)):
            raise UnsupportedShape(f"{short(shapes, s)}: implicit class targets are not supported")
    nodes = []
    for ns_ in sorted(node_shapes, key=str):
        extra = set(shapes.predicates(ns_)) - _NODE_SHAPE_KEYS
        if extra:
            raise UnsupportedShape(f"{short(shapes, ns_)}: {sorted(short(shapes, p) for p in extra)} "
                                   "not supported on node shapes by kg/graph/shacl.py")
        props = []
        for ps in shapes.objects(ns_, SH.property):
            extra = set(shapes.predicates(ps)) - _PROPERTY_KEYS
            if extra:
                raise UnsupportedShape(f"{short(shapes, ns_)}: {sorted(short(shapes, p) for p in extra)} "
                                       "not supported on property shapes by kg/graph/shacl.py")
            path = _one(shapes, ps, SH.path)
            if not isinstance(path, rdflib.URIRef):
                raise UnsupportedShape(f"{short(shapes, ns_)}: only predicate paths are supported (got {path})")
            messages = list(shapes.objects(ps, SH.message))
            if len(messages) != 1:
                raise UnsupportedShape(f"{short(shapes, ns_)} {short(shapes, path)}: exactly one sh:message expected")
            if _one(shapes, ps, SH.qualifiedValueShapesDisjoint) is not None:
                raise UnsupportedShape("sh:qualifiedValueShapesDisjoint")
            severity = str(_one(shapes, ps, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
            qvs = _one(shapes, ps, SH.qualifiedValueShape)
            qualified = None
            if qvs is not None:
                qualified = (tuple(t for _, t in _value_tests(shapes, _value_shape(shapes, qvs, "qualified shape"))),
                             _int(_one(shapes, ps, SH.qualifiedMinCount)), _int(_one(shapes, ps, SH.qualifiedMaxCount)))
            uniq = _one(shapes, ps, SH.uniqueLang)
            components = ["MinCount", "MaxCount", "UniqueLang", "LessThan", "QualifiedMinCount", "QualifiedMaxCount",
                          "Datatype", "NodeKind", "Pattern", "In", "LanguageIn", "MinLength", "MinInclusive", "Or"]
            props.append(PropertyCheck(
                severity=severity, message=str(messages[0]), path=ox.NamedNode(str(path)),
                rules={c: rule_name(shapes, ps, f"{SH}{c}ConstraintComponent", path) for c in components},
                min_count=_int(_one(shapes, ps, SH.minCount)), max_count=_int(_one(shapes, ps, SH.maxCount)),
                unique_lang=bool(uniq is not None and uniq.toPython() is True),
                less_than=tuple(ox.NamedNode(str(x)) for x in shapes.objects(ps, SH.lessThan)),
                value_tests=tuple(_value_tests(shapes, ps)),
                qualified=qualified,
            ))
        nodes.append(NodeCheck(
            classes=tuple(ox.NamedNode(str(c)) for c in shapes.objects(ns_, SH.targetClass)),
            subjects_of=tuple(ox.NamedNode(str(c)) for c in shapes.objects(ns_, SH.targetSubjectsOf)),
            objects_of=tuple(ox.NamedNode(str(c)) for c in shapes.objects(ns_, SH.targetObjectsOf)),
            properties=tuple(props),
        ))
    digest = hashlib.sha256(b"kg/graph/shacl.py 1\n" + source).hexdigest()
    return Compiled(tuple(nodes), digest, _relevant(nodes))


# ---------------------------------------------------------------------------------------------
# Checking


_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))


def _relevant(nodes) -> frozenset:
    preds = {_TYPE, _SUBCLASS}
    for n in nodes:
        preds.update(n.subjects_of)
        preds.update(n.objects_of)
        for p in n.properties:
            preds.add(p.path)
            preds.update(p.less_than)
    return frozenset(preds)


def check(compiled: Compiled, triples: Iterable[tuple], by_s: dict | None = None) -> list[Result]:
    """Every result of the compiled shapes on one graph (a set of (s, p, o) pyoxigraph terms).
    `by_s`: the graph's index_by_subject when the caller has one holding at least
    `compiled.relevant` (kg.graph.validate builds one index for the shapes and the evidence)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()  # the index is many small containers: the collector would rescan the graph (measured 5x)
    try:
        return _check(compiled, triples, by_s)
    finally:
        if enabled:
            gc.enable()


def index_by_subject(triples: Iterable[tuple], predicates) -> dict:
    """s -> {p: [o]} for the triples whose predicate is in `predicates`."""
    by_s: dict = {}
    for s, p, o in triples:
        if p in predicates:
            d = by_s.get(s)
            if d is None:
                d = by_s[s] = {}
            vs = d.get(p)
            if vs is None:
                d[p] = [o]
            else:
                vs.append(o)
    return by_s


def _check(compiled: Compiled, triples: Iterable[tuple], by_s: dict | None = None) -> list[Result]:
    if by_s is None:
        if not isinstance(triples, (set, frozenset)):  # the values of a path are a set
            triples = set(triples)
        by_s = index_by_subject(triples, compiled.relevant)  # only the predicates the shapes look at

    superclasses: dict = {}  # rdfs:subClassOf in the data graph, as pyshacl follows it
    instances: dict = {}  # class -> {subjects typed with it or a subclass}
    for s, d in by_s.items():
        if _SUBCLASS in d:
            superclasses[s] = d[_SUBCLASS]
    for s, d in by_s.items():
        for c in d.get(_TYPE, ()):
            if not superclasses:
                instances.setdefault(c, set()).add(s)
                continue
            todo, seen = [c], set()
            while todo:
                x = todo.pop()
                if x not in seen:
                    seen.add(x)
                    instances.setdefault(x, set()).add(s)
                    todo.extend(superclasses.get(x, ()))

    out: list = []
    empty: dict = {}
    for node in compiled.nodes:
        focus: set = set()
        for c in node.classes:
            focus |= instances.get(c, set())
        if node.subjects_of or node.objects_of:
            for s, d in by_s.items():
                for p in node.subjects_of:
                    if p in d:
                        focus.add(s)
                for p in node.objects_of:
                    focus.update(d.get(p, ()))
        for f in focus:
            d = by_s.get(f, empty)
            for pc in node.properties:
                _check_property(pc, f, d, out)
    return out


def _check_property(pc: PropertyCheck, f, d: dict, out: list) -> None:
    values = d.get(pc.path, ())
    n = len(values)
    if not n and pc.min_count is None and pc.qualified is None:
        return  # the common case: an optional property the node does not have
    fv = f.value
    path = pc.path.value
    if pc.min_count is not None and n < pc.min_count:
        out.append((pc.severity, pc.rules["MinCount"], fv, pc.message, path, None))
    if pc.max_count is not None and n > pc.max_count:
        out.append((pc.severity, pc.rules["MaxCount"], fv, pc.message, path, None))
    if pc.qualified is not None:
        tests, qmin, qmax = pc.qualified
        k = sum(1 for v in values if all(t(v) for t in tests))
        if qmin is not None and k < qmin:
            out.append((pc.severity, pc.rules["QualifiedMinCount"], fv, pc.message, path, None))
        if qmax is not None and k > qmax:
            out.append((pc.severity, pc.rules["QualifiedMaxCount"], fv, pc.message, path, None))
    if not values:
        return
    for component, test in pc.value_tests:
        for v in values:
            if not test(v):
                out.append((pc.severity, pc.rules[component], fv, pc.message, path, render(v)))
    if pc.unique_lang:
        seen: set = set()
        for v in values:
            if isinstance(v, ox.Literal) and v.language:
                low = v.language.lower()
                if low in seen:
                    out.append((pc.severity, pc.rules["UniqueLang"], fv, pc.message, path, None))
                seen.add(low)
    for other in pc.less_than:
        for c in d.get(other, ()):
            for v in values:
                if not _LESS_THAN[(v, c)]:
                    out.append((pc.severity, pc.rules["LessThan"], fv, pc.message, path, render(v)))
