"""Serialisations of the graph: Turtle, TriG, N-Quads and JSON-LD, byte-stable across builds.

All four are written here, graph by graph, from each graph's sorted N-Triples lines: a
published build's unit files as they are, or the lines of graphs read from a store. Nothing is
held but one graph, and the bytes are the same for the same dataset.

Turtle and TriG are meant to be read and diffed: graphs in natural order, each graph's subjects
in natural order (…/art/2 before …/art/10) with its evidence after them, `a` first, one
predicate per line, prefixes in the fixed order of kg.graph.namespaces, and resource IRIs
relative to the `@base` of the graph's own namespace (`<treaty/kz-kg/2024-04-19>`). rdflib's
writer is quadratic in its prefix look-up at scale and Oxigraph's escapes every '/' of a local
name; terms themselves are escaped as Oxigraph writes N-Triples (valid Turtle), so only the
layout is ours. JSON-LD is expanded (whole IRIs, no context), a node a line.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
import re
import zlib
from functools import lru_cache
from typing import Callable, Iterable, Iterator

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
            if rest and _RELATIVE.match(rest):
                padded = f"/{rest}/"
                if "/./" not in padded and "/../" not in padded:  # no dot segment to resolve away
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


# ---------------------------------------------------------------------------------------------
# Every format is written from each graph's N-Triples lines, in the layout of a build's unit
# files (kg/graph/units.py): sorted, the source's own evidence after the rest. A published build
# hands its unit files over as they are (no store read: Oxigraph decodes 70,000 quads a second
# from a store of 10,000 documents, where these lines are read at the speed of zlib); graphs read
# from a store or a server are put in the same lines first, so both give the same bytes.

_EVIDENCE_LINE = "<" + ns.ID + "evidence/"


def graph_lines(triples: Iterable[tuple]) -> bytes:
    """A graph's N-Triples as a unit file holds it: the lines sorted, evidence nodes last."""
    lines = sorted(f"{s} {p} {o} .\n" for s, p, o in triples)
    lo = bisect.bisect_left(lines, _EVIDENCE_LINE)
    hi = bisect.bisect_left(lines, _EVIDENCE_LINE[:-1] + chr(ord(_EVIDENCE_LINE[-1]) + 1))
    return "".join(lines[:lo] + lines[hi:] + lines[lo:hi]).encode("utf-8")


def graph_parts(graphs: dict) -> list[tuple[str, Callable[[], bytes]]]:
    """(graph IRI, what makes its lines) in the order the exports write graphs."""
    return [(g, functools.partial(graph_lines, graphs[g])) for g in sorted(graphs, key=natural_key)]


def _iri_key(value: str) -> tuple:
    if value.startswith(ns.ID):
        first = value[len(ns.ID):].split("/", 1)[0]
        rank = _SECTIONS.index(first) if first in _SECTIONS else len(_SECTIONS)
        return (0, rank, natural_key(value))
    return (1, 0, natural_key(value))


_TYPE_TOKEN = f"<{_RDF_TYPE}>"


def _triples(data: bytes) -> Iterator[list[str]]:
    """[subject, predicate, object] tokens of N-Triples lines (Oxigraph's: one space apart)."""
    return (line.split(" ", 2) for line in data.decode("utf-8").split(" .\n") if line)


class _LineTerms:
    """Turtle forms of N-Triples tokens, remembered within one graph (a bound on the memory of
    an export of millions of distinct evidence nodes)."""

    def __init__(self, tw: TermWriter):
        self.tw = tw
        self.cache: dict[str, str] = {}
        self.base = f"<{tw.base}" if tw.base else None

    def __call__(self, token: str) -> str:
        out = self.cache.get(token)
        if out is None:
            out = self.cache[token] = self._turtle(token)
        return out

    def _turtle(self, token: str) -> str:
        if token[0] == "<":
            base = self.base
            if base and token.startswith(base):
                # the common case first (most IRIs of an export are the project's, without a dot):
                # relative as TermWriter.iri would make it, none of its checks needed
                rest = token[len(base):-1]
                if rest and "." not in rest and _RELATIVE.match(rest):
                    return f"<{rest}>"
            return self.tw.iri(token[1:-1])
        if token[0] == '"' and token[-1] == ">":
            quoted, dt = token.rsplit('"^^<', 1)
            quoted += '"'
            dt = dt[:-1]
            if dt == _XSD_INTEGER and _INT.match(quoted[1:-1]):
                return quoted[1:-1]
            if dt == _XSD_BOOLEAN and quoted[1:-1] in ("true", "false"):
                return quoted[1:-1]
            if dt == _XSD_STRING:
                return quoted
            return f"{quoted}^^{self.tw.iri(dt)}"
        return token  # a plain or language-tagged literal, a blank node: the same in Turtle


def _block(indent: str, subject: str, preds: list) -> str:
    pad = indent + "    "
    lines = []
    for pred, forms in preds:
        if len(forms) == 1:  # most predicates: one object
            lines.append(f"{pad}{pred} {forms[0]}")
            continue
        joined = ", ".join(forms)
        if len(joined) + len(pred) > 90:
            joined = (",\n" + indent + " " * (5 + len(pred))).join(forms)
        lines.append(f"{pad}{pred} {joined}")
    return f"{indent}{subject}\n" + " ;\n".join(lines) + " .\n"


def _blocks(data: bytes, tw: TermWriter, indent: str = "") -> list[str]:
    """One graph's subjects as Turtle blocks: its facts in natural order of the subject
    (…/art/2 before …/art/10), its evidence after them as stored, `a` first. One pass over the
    lines, each turned to Turtle once per graph: every triple of an export goes through here."""
    term = _LineTerms(tw)
    get = term.cache.get
    facts: list = []
    evidence: list = []
    subject = last_p = None
    preds: list = []
    forms: list = []
    for line in data.decode("utf-8").split(" .\n"):
        if not line:
            continue
        s_, p_, o_ = line.split(" ", 2)
        if s_ != subject:
            if subject is not None:
                (evidence if subject.startswith(_EVIDENCE_LINE) else facts).append((subject, preds))
            subject, last_p, preds = s_, None, []
        if p_ != last_p:
            last_p, forms = p_, []
            if p_ == _TYPE_TOKEN:
                preds.insert(0, ("a", forms))
            else:
                preds.append((get(p_) or term(p_), forms))
        if o_[-1] == '"' or (o_[0] == '"' and o_[-1] != ">"):
            forms.append(o_)  # a plain or language-tagged literal is written as it is (most are once)
        else:
            forms.append(get(o_) or term(o_))
    if subject is not None:
        (evidence if subject.startswith(_EVIDENCE_LINE) else facts).append((subject, preds))
    facts.sort(key=lambda b: _iri_key(b[0][1:-1]) if b[0][0] == "<" else (2, 0, natural_key(b[0])))
    return [_block(indent, get(s_) or term(s_), preds) for s_, preds in facts + evidence]


def _turtle_graph(g: str, data: bytes, tw: TermWriter) -> str:
    """One graph's part of the Turtle union: its subjects under a comment naming it. A subject
    two graphs describe is written under both (Turtle allows it; the graph read back is the same
    set): merging them would hold every graph in memory at once."""
    return f"\n# {tw.iri(g)}\n\n" + "\n".join(_blocks(data, tw))


def _nquads_graph(g: str, data: bytes) -> bytes:
    # A raw line break ends every N-Triples line and nothing else (literals escape theirs), so
    # " .\n" is each line's end.
    return data.replace(b" .\n", f" {ox.NamedNode(g)} .\n".encode("utf-8"))


def _json_value(token: str) -> str:
    """The JSON-LD value object of an N-Triples token, as JSON text. Oxigraph's N-Triples
    escapes of a literal (\\", \\\\, \\n, \\t, \\uXXXX) are JSON's, so its quoted form is copied;
    another escape is read by Oxigraph and written by json."""
    if token[0] == "<":
        return f'{{"@id": "{token[1:-1]}"}}'
    if token[0] == "_":
        return f'{{"@id": "{token}"}}'
    if "\\U" in token or "\\'" in token:
        lit = next(iter(ox.parse(f"<x:s> <x:p> {token} .", format=ox.RdfFormat.N_TRIPLES))).object
        quoted = json.dumps(lit.value, ensure_ascii=False)
        token = quoted + (f"@{lit.language}" if lit.language else
                          "" if lit.datatype.value == _XSD_STRING else f"^^<{lit.datatype.value}>")
    if token[-1] == '"':
        return f'{{"@value": {token}}}'
    if token[-1] == ">":
        quoted, dt = token.rsplit('"^^<', 1)
        return f'{{"@value": {quoted}", "@type": "{dt[:-1]}"}}'
    quoted, lang = token.rsplit('"@', 1)
    return f'{{"@value": {quoted}", "@language": "{lang}"}}'


def _json_node(subject: str, fields: dict) -> str:
    head = f'"@id": "{subject[1:-1] if subject[0] == "<" else subject}"'
    return "{" + ", ".join([head] + [f"{k}: [{', '.join(vs)}]" for k, vs in fields.items()]) + "}"


def _jsonld_graph(g: str, data: bytes) -> str:
    """One named graph of the expanded JSON-LD (no context: every IRI whole), a node a line."""
    cache: dict[str, str] = {}
    get = cache.get
    nodes = []
    subject = None
    fields: dict = {}
    for s_, p_, o_ in _triples(data):
        if s_ != subject:
            if subject is not None:
                nodes.append(_json_node(subject, fields))
            subject, fields = s_, {}
        if p_ == _TYPE_TOKEN and o_[0] == "<":
            fields.setdefault('"@type"', []).append(f'"{o_[1:-1]}"')
            continue
        j = get(o_)
        if j is None:
            j = cache[o_] = _json_value(o_)
        fields.setdefault(f'"{p_[1:-1]}"', []).append(j)
    if subject is not None:
        nodes.append(_json_node(subject, fields))
    return f'{{"@id": {json.dumps(g)}, "@graph": [\n' + ",\n".join(nodes) + "\n]}"


# Bytes handed on at once by stream(): large enough that a write costs little, small enough
# that a client reads the first of a 1 GB export while the rest is written.
CHUNK_BYTES = 1 << 20


def _bytes(chunks: Iterable[bytes]) -> Iterator[bytes]:
    buf: list[bytes] = []
    size = 0
    for c in chunks:
        buf.append(c)
        size += len(c)
        if size >= CHUNK_BYTES:
            yield b"".join(buf)
            buf, size = [], 0
    if buf:
        yield b"".join(buf)


_WRITER: list[TermWriter] = []


def format_graph(fmt: str, g: str, data: bytes | Callable[[], bytes], keep: str | None = None) -> bytes:
    """One graph's part of the serialisation in `fmt`; `data`: its N-Triples lines in the unit
    layout, or what reads them (in a worker process, the file is read there). With `keep` (a
    file named by what the part is made of), the part is read from there when it was made
    before, and kept there when it is made: formatting is Python, inflating is not. TriG
    is the Turtle part with its lines indented: one formatting and one kept part for both."""
    if fmt == "trig":
        return trig_of_turtle(format_graph("turtle", g, data, keep))
    if keep is not None:
        try:
            with open(keep, "rb") as f:
                return zlib.decompress(f.read())
        except (OSError, zlib.error):
            pass
    if callable(data):
        data = data()
    if fmt == "nquads":
        out = _nquads_graph(g, data)
    elif fmt == "jsonld":
        out = _jsonld_graph(g, data).encode("utf-8")
    else:
        if not _WRITER:
            _WRITER.append(TermWriter())
        out = _turtle_graph(g, data, _WRITER[0]).encode("utf-8")
    if keep is not None:
        try:
            os.makedirs(os.path.dirname(keep), exist_ok=True)
            tmp = f"{keep}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                f.write(zlib.compress(out, 1))
            os.replace(tmp, keep)
        except OSError:  # a cache that cannot be written is only slower
            pass
    return out


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What the layout of an export depends on: this module and the prefixes."""
    h = hashlib.sha256()
    for mod in (__file__, ns.__file__):
        with open(mod, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def trig_of_turtle(part: bytes) -> bytes:
    """A graph's TriG part from its Turtle part (_turtle_graph): "\n# G\n\n" + blocks becomes
    "\nG {\n" + the blocks with each line indented + "}\n" (_blocks with an indent). A line
    break in a part only ends a line (literals escape theirs)."""
    head = part.index(b"\n\n", 1)
    name, body = part[3:head], part[head + 2:]
    if body:
        body = (b"    " + body.replace(b"\n", b"\n    ")).replace(b"\n    \n", b"\n\n")[:-4]
    return b"\n" + name + b" {\n" + body + b"}\n"


# Formats whose parts are kept, made as the build makes each graph (keep_parts): TriG is made
# from the Turtle part and N-Quads from the lines at the speed of a copy. Formatting is Python,
# 2 to 4 microseconds a triple: done once per graph and build, where the graph is made, an
# export (and every export after it) only reads the parts.
KEPT = ("turtle", "jsonld")


def part_file(data_dir, fmt: str, graph: str, digest: str) -> str | None:
    """Where the part of `graph` (by its digest) in `fmt` is kept under a data dir; None for
    N-Quads. The graph's IRI is in its part (a comment, a TriG name, an @id), not only its
    triples, and the layout of this module is in the folder's name."""
    kept = "turtle" if fmt == "trig" else fmt
    if kept not in KEPT:
        return None
    name = hashlib.sha256(graph.encode("utf-8")).hexdigest()[:12]
    return f"{data_dir}/cache/exports/{code_digest()}/{kept}/{digest[:2]}/{name}-{digest}.z"


def keep_parts(data_dir, graph: str, digest: str, data: bytes) -> None:
    """Format and keep a graph's parts (its N-Triples lines in the unit layout), once."""
    for fmt in KEPT:
        path = part_file(data_dir, fmt, graph, digest)
        if not os.path.isfile(path):
            format_graph(fmt, graph, data, path)


_FRAME = {  # what comes before the graphs, between two, and after them
    "turtle": (None, b"", b""), "trig": (None, b"", b""), "nquads": (b"", b"", b""),
    "jsonld": (b'{"@graph": [\n', b",\n", b"\n]}\n"),
}
# Below this many graphs a pool of processes costs more than it saves (it starts in ~0.3 s).
PARALLEL_MIN_GRAPHS = 64


def _in_order(fmt: str, parts: list, workers: int) -> Iterator[bytes]:
    """format_graph of each part, in the order of `parts`: in this process, or across `workers`
    processes with a few graphs in flight each (so a slow client holds back a few graphs'
    text, not the export's). A pool that cannot start (a script run without a main guard)
    leaves the work to this process."""
    if workers <= 1 or len(parts) < PARALLEL_MIN_GRAPHS:
        for part in parts:
            yield format_graph(fmt, *part)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: a served app's worker has threads, which a fork would copy mid-lock
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
    done = 0
    try:
        pending: deque = deque()
        for part in parts:
            pending.append(pool.submit(format_graph, fmt, *part))
            if len(pending) >= 4 * workers:
                yield pending.popleft().result()
                done += 1
        while pending:
            yield pending.popleft().result()
            done += 1
    except BrokenProcessPool:
        for part in parts[done:]:
            yield format_graph(fmt, *part)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def stream_parts(parts: Iterable[tuple], fmt: str, workers: int = 1) -> Iterator[bytes]:
    """The serialisation of graphs given as (graph IRI, N-Triples lines in the unit layout, or
    what reads them[, the file its formatted part is kept in]: format_graph), in the order given, in chunks of about a megabyte: never the whole text
    in memory. `workers` processes format the graphs side by side (formatting is Python, a
    few microseconds a triple; the N-Quads are a byte replace and need none)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    head, sep, tail = _FRAME[fmt]
    parts = list(parts)

    def chunks() -> Iterator[bytes]:
        yield head if head is not None else TermWriter().header().encode("utf-8")
        for i, chunk in enumerate(_in_order(fmt, parts, 1 if fmt == "nquads" else workers)):
            if i and sep:
                yield sep
            yield chunk
        yield tail
    return _bytes(chunks())


def stream(graphs: dict, fmt: str) -> Iterator[bytes]:
    """graphs: graph IRI -> set of (s, p, o). Turtle is the union of the graphs."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return stream_parts(graph_parts(graphs), fmt)


def serialize(graphs: dict, fmt: str) -> bytes:
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
