"""Serialisations of the graph: Turtle, TriG, N-Quads and JSON-LD, byte-stable across builds.

Turtle and TriG are written here rather than by a library because the point of them is to be
read and diffed: subjects in natural order (…/art/2 before …/art/10), `a` first, one predicate
per line, prefixes in the fixed order of kg.graph.namespaces, and resource IRIs relative to the
`@base` of the graph's own namespace (`<treaty/kz-kg/2024-04-19>`). rdflib's writer is
quadratic in its prefix look-up at scale and Oxigraph's escapes every '/' of a local name; terms
themselves are escaped by Oxigraph (its N-Triples form is valid Turtle), so only the layout is
ours. N-Quads and JSON-LD go through Oxigraph from sorted input.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Iterable, Iterator, TextIO

import pyoxigraph as ox

from kg.graph import namespaces as ns

FORMATS = ("turtle", "trig", "nquads", "jsonld")
MEDIA = {
    "turtle": "text/turtle",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
}

_RDF_TYPE = ns.RDF + "type"
_XSD_INTEGER = ns.XSD + "integer"
_XSD_BOOLEAN = ns.XSD + "boolean"
_XSD_STRING = ns.XSD + "string"
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_RELATIVE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
_INT = re.compile(r"^[+-]?[0-9]+$")
_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 20)
def natural_key(text: str) -> tuple:
    """'art/10' after 'art/2'. re.split with a group alternates text and digits, so the tuple
    always compares str with str and int with int."""
    parts = _DIGITS.split(text)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


# Subjects are written by section so that a reader meets the instruments first and the
# evidence and the ontology last; within a section, in natural order.
_SECTIONS = ("treaty", "instrument", "law", "resolution", "decree", "work", "other", "event",
             "person", "country", "place", "source", "decision", "evidence")


def subject_key(term) -> tuple:
    if isinstance(term, ox.NamedNode) and term.value.startswith(ns.ID):
        first = term.value[len(ns.ID):].split("/", 1)[0]
        rank = _SECTIONS.index(first) if first in _SECTIONS else len(_SECTIONS)
        return (0, rank, term_key(term))
    return (1, 0, term_key(term))


@lru_cache(maxsize=1 << 20)
def term_key(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return (0, natural_key(term.value), "")
    if isinstance(term, ox.BlankNode):
        return (1, natural_key(term.value), "")
    if isinstance(term, ox.Literal):
        extra = term.language or term.datatype.value
        return (2, natural_key(term.value), extra)
    return (3, natural_key(str(term)), "")


class TermWriter:
    def __init__(self, base: str | None = ns.ID, prefixes=ns.PREFIXES):
        self.base = base
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[1]))  # longest namespace first
        self._cache: dict = {}

    def term(self, term) -> str:
        out = self._cache.get(term)
        if out is None:
            out = self._cache[term] = self._term(term)
        return out

    def iri(self, value: str) -> str:
        if self.base and value.startswith(self.base):
            rest = value[len(self.base):]
            if rest and _RELATIVE.match(rest) and not any(s in (".", "..") for s in rest.split("/")):
                return f"<{rest}>"
        for prefix, space in self.prefixes:
            if value.startswith(space):
                local = value[len(space):]
                if local and _LOCAL.match(local):
                    return f"{prefix}:{local}"
        return str(ox.NamedNode(value))

    def _term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            quoted = str(ox.Literal(term.value))  # Oxigraph's escaping of the lexical form
            if term.language:
                return f"{quoted}@{term.language}"
            dt = term.datatype.value
            if dt == _XSD_STRING:
                return quoted
            if dt == _XSD_INTEGER and _INT.match(term.value):
                return term.value
            if dt == _XSD_BOOLEAN and term.value in ("true", "false"):
                return term.value
            return f"{quoted}^^{self.iri(dt)}"
        return str(term)

    def header(self) -> str:
        lines = []
        if self.base:
            lines.append(f"@base <{self.base}> .")
        lines += [f"@prefix {p}: <{space}> ." for p, space in ns.PREFIXES]
        return "\n".join(lines) + "\n"


def _blocks(triples: Iterable[tuple], tw: TermWriter, indent: str = "") -> Iterable[str]:
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(o)
    for s in sorted(by_subject, key=subject_key):
        preds = by_subject[s]
        lines = [indent + tw.term(s)]
        order = sorted(preds, key=lambda p: (p.value != _RDF_TYPE, natural_key(p.value)))
        for i, p in enumerate(order):
            objs = [tw.term(o) for o in sorted(preds[p], key=term_key)]
            pred = "a" if p.value == _RDF_TYPE else tw.term(p)
            end = " ." if i == len(order) - 1 else " ;"
            joined = ", ".join(objs)
            if len(objs) > 1 and len(joined) + len(pred) > 90:
                joined = (",\n" + indent + " " * (5 + len(pred))).join(objs)
            lines.append(f"{indent}    {pred} {joined}{end}")
        yield "\n".join(lines) + "\n"


def _turtle_chunks(triples, tw: TermWriter) -> Iterator[str]:
    yield tw.header()
    for block in _blocks(triples, tw):
        yield "\n"
        yield block


def _trig_chunks(graphs: dict, tw: TermWriter) -> Iterator[str]:
    yield tw.header()
    for g in sorted(graphs, key=natural_key):
        yield f"\n{tw.iri(g)} {{\n"
        first = True
        for block in _blocks(graphs[g], tw, indent="    "):
            if not first:
                yield "\n"
            yield block
            first = False
        yield "}\n"


def write_turtle(triples: Iterable[tuple], out: TextIO) -> None:
    for chunk in _turtle_chunks(set(triples), TermWriter()):
        out.write(chunk)


def write_trig(graphs: dict, out: TextIO) -> None:
    """graphs: graph IRI -> iterable of (s, p, o)."""
    for chunk in _trig_chunks(graphs, TermWriter()):
        out.write(chunk)


def sorted_quads(graphs: dict) -> list:
    quads = []
    for g, triples in graphs.items():
        G = ox.NamedNode(g)
        quads.extend(ox.Quad(s, p, o, G) for s, p, o in triples)
    quads.sort(key=lambda q: (natural_key(q.graph_name.value), term_key(q.subject), term_key(q.predicate), term_key(q.object)))
    return quads


# Bytes handed on at once by stream(): large enough that a write costs little, small enough
# that a client reads the first of a 1 GB export while the rest is written.
CHUNK_BYTES = 1 << 20
NQUADS_PER_CHUNK = 20_000


def _bytes(chunks: Iterable[str]) -> Iterator[bytes]:
    buf: list[str] = []
    size = 0
    for c in chunks:
        buf.append(c)
        size += len(c)
        if size >= CHUNK_BYTES:
            yield "".join(buf).encode("utf-8")
            buf, size = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def stream(graphs: dict, fmt: str) -> Iterator[bytes]:
    """The serialisation in chunks, as a response or a file is written: the same bytes as
    serialize(), never the whole text in memory (JSON-LD excepted: it is one JSON document,
    reindented as a whole)."""
    if fmt == "turtle":
        union = set()
        for triples in graphs.values():
            union.update(triples)
        return _bytes(_turtle_chunks(union, TermWriter()))
    if fmt == "trig":
        return _bytes(_trig_chunks(graphs, TermWriter()))
    if fmt == "nquads":
        quads = sorted_quads(graphs)
        return (ox.serialize(quads[i:i + NQUADS_PER_CHUNK], format=ox.RdfFormat.N_QUADS)
                for i in range(0, len(quads), NQUADS_PER_CHUNK))
    if fmt == "jsonld":
        raw = ox.serialize(sorted_quads(graphs), format=ox.RdfFormat.JSON_LD)
        return iter([(json.dumps(json.loads(raw), ensure_ascii=False, indent=1) + "\n").encode("utf-8")])
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


def serialize(graphs: dict, fmt: str) -> bytes:
    """graphs: graph IRI -> set of (s, p, o). Turtle is the union of the graphs."""
    return b"".join(stream(graphs, fmt))


def parse(data: bytes, fmt: str) -> set:
    """Quads of a serialisation as (s, p, o, g) with g None for the default graph."""
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    out = set()
    for q in ox.parse(data, format=rdf_format):
        if isinstance(q, ox.Triple):
            out.add((q.subject, q.predicate, q.object, None))
        else:
            g = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            out.add((q.subject, q.predicate, q.object, g))
    return out
