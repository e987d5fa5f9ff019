"""The SPARQL 1.1 Protocol at /sparql: query by GET, by POST form and by POST sparql-query;
update by POST (only with the update token); the service description on a bare GET.

The request goes: read the operation and the dataset (`default-graph-uri`, `named-graph-uri`)
→ refuse what an open endpoint must not run (updates without the token, SERVICE to another host,
oversized requests) → choose the result format (Accept, or `format` for browsers) → run the
query in a worker thread with a deadline, keeping at most `max_results` rows or triples
→ serialise. Errors are plain text: 400 with the parser's message, 403 for a refused update,
406 for an unacceptable Accept, 413 for a request too large, 415 for an unknown body type,
503 for a query that ran out of time.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import re
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
import time
import urllib.parse
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.graph import namespaces as ns

XSD_STRING = ns.XSD + "string"

# -- formats ----------------------------------------------------------------------------------
# name -> media type; RESULT_* for SELECT/ASK, GRAPH_* for CONSTRUCT/DESCRIBE.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
}
GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
}
# media types a client may ask for -> format name, for each kind of result
RESULT_ACCEPT = {v: k for k, v in RESULT_MEDIA.items()} | {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml",
    "text/plain": "tsv", "application/csv": "csv",
}
GRAPH_ACCEPT = {v: k for k, v in GRAPH_MEDIA.items()} | {
    "application/x-turtle": "turtle", "text/n3": "turtle", "text/rdf+n3": "turtle",
    "text/plain": "ntriples", "application/json": "jsonld", "application/xml": "rdfxml",
    "text/xml": "rdfxml", "application/x-trig": "trig",
}
# the `format` parameter (what SPARQLWrapper and browsers send) -> format name
RESULT_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"}
GRAPH_PARAM = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples",
               "ntriples": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "jsonld": "jsonld",
               "json": "jsonld", "xml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml", "rdfxml": "rdfxml",
               "trig": "trig"}
DEFAULT_RESULT, DEFAULT_GRAPH = "json", "turtle"
PREFIXES = dict(ns.PREFIXES)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges by preference (q descending, order of appearance kept)."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        fields = part.strip().split(";")
        media = fields[0].strip().lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        out.append((media, q, -i))
    out.sort(key=lambda t: (t[1], t[2]), reverse=True)
    return [(m, q) for m, q, _ in out if q > 0]


def negotiate(accept: str | None, table: dict, default: str) -> str | None:
    """The format name the Accept header prefers among `table`, or None (→ 406)."""
    for media, _q in parse_accept(accept):
        if media in table:
            return table[media]
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            major = media[:-1]
            names = [name for m, name in table.items() if m.startswith(major)]
            if names:
                return default if default in names else names[0]
    return None


def choose_format(kind: str, fmt_param: str | None, accept: str | None) -> str:
    """kind: 'results' (SELECT/ASK) or 'graph' (CONSTRUCT/DESCRIBE)."""
    media, accept_table, param_table, default = (
        (RESULT_MEDIA, RESULT_ACCEPT, RESULT_PARAM, DEFAULT_RESULT) if kind == "results"
        else (GRAPH_MEDIA, GRAPH_ACCEPT, GRAPH_PARAM, DEFAULT_GRAPH))
    if fmt_param:
        f = fmt_param.strip().lower()
        name = param_table.get(f) or accept_table.get(f)
        if name is None:
            raise ProtocolError(406, f"format={fmt_param!r} is not available for this query "
                                     f"(one of {', '.join(sorted(media))})")
        return name
    name = negotiate(accept, accept_table, default)
    if name is None:
        raise ProtocolError(406, f"none of the media types in Accept: {accept} is available for this "
                                 f"query (one of {', '.join(media.values())})")
    return name


# -- SERVICE ----------------------------------------------------------------------------------
_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_][\w\-.]*:?[\w\-.]*|\?\w+|\$\w+)
""", re.S | re.X)


def service_targets(query: str) -> list[str]:
    """The targets of SERVICE clauses (IRI values, `?var` for a variable), read past comments,
    strings and IRIs. Empty for almost every query: a plain substring test comes first."""
    if "service" not in query.lower():
        return []
    out, prefixes, toks = [], {}, []
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup
        if kind in ("comment", "string"):
            continue
        toks.append((kind, m.group()))
    for i, (kind, text) in enumerate(toks):
        if kind == "word" and text.upper() == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        if kind == "word" and text.upper() == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j][1].upper() == "SILENT":
                j += 1
            if j >= len(toks):
                continue
            tkind, target = toks[j]
            if tkind == "iri":
                out.append(target[1:-1])
            elif target.startswith(("?", "$")):
                out.append(target)
            elif ":" in target:
                p, _, local = target.partition(":")
                out.append(prefixes.get(p, "") + local)
            else:
                out.append(target)
    return out


def is_loopback_url(url: str) -> bool:
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_service(query: str) -> None:
    for target in service_targets(query):
        if not is_loopback_url(target):
            raise ProtocolError(400, f"SERVICE {target}: federated queries to other hosts are refused "
                                     "by this endpoint (only loopback services are allowed)")


# -- results ----------------------------------------------------------------------------------
def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    return {"type": "literal", "value": str(t)}


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
                f"</predicate><object>{_xml_term(t.object)}</object></triple>")
    return f"<literal>{escape(str(t))}</literal>"


def _csv_value(t) -> str:
    if t is None:
        return ""
    v = t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else ("_:" + t.value if isinstance(t, ox.BlankNode) else str(t))
    if any(c in v for c in ',"\r\n'):
        v = '"' + v.replace('"', '""') + '"'
    return v


def _tsv_value(t) -> str:
    if t is None:
        return ""
    s = str(t)  # N-Triples syntax: what SPARQL TSV asks for
    return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_select(variables: list[str], rows: list, fmt: str) -> bytes:
    if fmt == "json":
        bindings = []
        for row in rows:
            b = {}
            for v, t in zip(variables, row):
                if t is not None:
                    b[v] = _json_term(t)
            bindings.append(b)
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_value(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)] + ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def serialize_ask(value: bool, fmt: str) -> bytes:
    v = "true" if value else "false"
    if fmt == "json":
        return b'{"head":{},"boolean":' + v.encode() + b"}"
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{v}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{v}\r\n".encode()
    return f"?_askResult\n{v}\n".encode()


def serialize_triples(triples: list, fmt: str) -> bytes:
    prefixes = PREFIXES if fmt in ("turtle", "trig", "rdfxml") else None
    return ox.serialize(triples, format=GRAPH_OX[fmt], prefixes=prefixes)


# -- running a query --------------------------------------------------------------------------
@dataclass
class Outcome:
    kind: str                 # "select" | "ask" | "graph"
    variables: list | None = None
    rows: list | None = None  # SELECT: tuples of terms; graph: triples
    boolean: bool = False
    truncated: bool = False


class QueryTimeout(Exception):
    pass


def collect(result, max_results: int, deadline: float) -> Outcome:
    """Materialise a pyoxigraph result, keeping at most max_results, stopping at the deadline."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("ask", boolean=bool(result))
    if isinstance(result, bool):
        return Outcome("ask", boolean=result)
    rows, truncated, clock = [], False, time.monotonic
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        for i, sol in enumerate(result):
            if i >= max_results:
                truncated = True
                break
            if not i & 255 and clock() > deadline:
                raise QueryTimeout()
            rows.append(tuple(sol))
        return Outcome("select", variables=names, rows=rows, truncated=truncated)
    for i, t in enumerate(result):  # QueryTriples, or a list of triples from a remote server
        if i >= max_results:
            truncated = True
            break
        if not i & 255 and clock() > deadline:
            raise QueryTimeout()
        rows.append(t)
    return Outcome("graph", rows=rows, truncated=truncated)


@dataclass
class Operation:
    query: str | None = None
    update: str | None = None
    default_graphs: tuple = ()
    named_graphs: tuple = ()
    fmt: str | None = None


async def read_operation(request: Request, max_bytes: int) -> Operation:
    """The operation of a protocol request (GET or POST), or a ProtocolError."""
    params = request.query_params
    if request.method == "GET":
        raw_qs = request.scope.get("query_string", b"")
        if len(raw_qs) > max_bytes:
            raise ProtocolError(413, f"the request is larger than this endpoint accepts ({max_bytes} bytes)")
        if "update" in params:
            raise ProtocolError(400, "an update must be sent by POST")
        return Operation(query=params.get("query"), default_graphs=tuple(params.getlist("default-graph-uri")),
                         named_graphs=tuple(params.getlist("named-graph-uri")), fmt=params.get("format"))
    if request.method != "POST":
        raise ProtocolError(405, "use GET or POST")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_bytes:
        raise ProtocolError(413, f"the request body is larger than this endpoint accepts ({max_bytes} bytes)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise ProtocolError(413, f"the request body is larger than this endpoint accepts ({max_bytes} bytes)")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        form: dict[str, list[str]] = {}
        for k, v in urllib.parse.parse_qsl(text, keep_blank_values=True):
            form.setdefault(k, []).append(v)
        if "query" in form and "update" in form:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        one = lambda k: (form.get(k) or [None])[0]  # noqa: E731
        return Operation(query=one("query"), update=one("update"),
                         default_graphs=tuple(form.get("default-graph-uri", []) + form.get("using-graph-uri", [])),
                         named_graphs=tuple(form.get("named-graph-uri", []) + form.get("using-named-graph-uri", [])),
                         fmt=one("format") or params.get("format"))
    if ctype == "application/sparql-query":
        return Operation(query=text, default_graphs=tuple(params.getlist("default-graph-uri")),
                         named_graphs=tuple(params.getlist("named-graph-uri")), fmt=params.get("format"))
    if ctype == "application/sparql-update":
        return Operation(update=text, default_graphs=tuple(params.getlist("using-graph-uri")),
                         named_graphs=tuple(params.getlist("using-named-graph-uri")))
    raise ProtocolError(415, f"POST a form (application/x-www-form-urlencoded), application/sparql-query "
                             f"or application/sparql-update, not {ctype or 'an untyped body'}")


class SparqlEndpoint:
    """The /sparql handler. `engine` runs queries (api.engines)."""

    CACHE_BODY = 1 << 20  # answers larger than this are not kept

    def __init__(self, engine, settings, service_description):
        self.engine = engine
        self.settings = settings
        self.sd = service_description  # (format name, endpoint URL) -> (bytes, media type), cached
        # At most max_concurrent queries evaluate at once in this process; more wait their turn
        # (within their deadline). A query past its deadline is answered 503 at once, but
        # Oxigraph cannot cancel an evaluation: its thread finishes it (a SELECT stops at the
        # next row), so the pool bounds how much such work there can be.
        self.pool = ThreadPoolExecutor(max_workers=settings.max_concurrent, thread_name_prefix="sparql")
        # Answers by (query, dataset, format), most recent last: the served store does not change
        # (an update clears it); not for a remote store, which others may change.
        self.cache = OrderedDict() if settings.cache_entries > 0 and getattr(engine, "cacheable", False) else None

    async def __call__(self, request: Request) -> Response:
        try:
            return await self.handle(request)
        except ProtocolError as e:
            return Response(e.message + "\n", status_code=e.status, media_type="text/plain; charset=utf-8")

    async def handle(self, request: Request) -> Response:
        s = self.settings
        op = await read_operation(request, s.max_request_bytes)
        if op.update is not None:
            return await self.run_update(request, op)
        if op.query is None:
            return self.service_description(request, op.fmt)
        if not op.query.strip():
            raise ProtocolError(400, "the query is empty")
        check_service(op.query)
        kind = query_kind(op.query)
        fmt = choose_format("graph" if kind == "graph" else "results", op.fmt, request.headers.get("accept"))
        key = (op.query, op.default_graphs, op.named_graphs, fmt)
        cache = self.cache if self.cache is not None and not _VOLATILE.search(op.query) else None
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            cache.move_to_end(key)
            body, media, headers = hit
            return Response(body, media_type=media, headers=headers)
        outcome = await self.evaluate(op)
        if outcome.kind == "select":
            body, media = serialize_select(outcome.variables, outcome.rows, fmt), RESULT_MEDIA[fmt]
        elif outcome.kind == "ask":
            body, media = serialize_ask(outcome.boolean, fmt), RESULT_MEDIA[fmt]
        else:
            if fmt not in GRAPH_MEDIA:  # the engine learnt the form only when it ran the query
                fmt = choose_format("graph", op.fmt, request.headers.get("accept"))
            body, media = serialize_triples(outcome.rows, fmt), GRAPH_MEDIA[fmt]
        if fmt in ("csv", "tsv", "turtle"):
            media += "; charset=utf-8"
        headers = {"Vary": "Accept"}
        if outcome.truncated:
            headers["X-Results-Truncated"] = "true"
            headers["X-Results-Limit"] = str(s.max_results)
        if cache is not None and len(body) <= self.CACHE_BODY:
            cache[key] = (body, media, headers)
            while len(cache) > s.cache_entries:
                cache.popitem(last=False)
        return Response(body, media_type=media, headers=headers)

    async def evaluate(self, op: Operation) -> Outcome:
        s = self.settings
        deadline = time.monotonic() + s.timeout

        def work():
            # A pyoxigraph result may only be dropped on the thread that made it: no frame that
            # holds it may leave this function inside an exception's traceback.
            res = self.engine.run(op.query, op.default_graphs, op.named_graphs, s.timeout)
            try:
                return collect(res, s.max_results, deadline)
            except Exception as e:
                e.__traceback__ = None
                raise
            finally:
                res = None

        fut = asyncio.get_running_loop().run_in_executor(self.pool, work)
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout=max(0.001, deadline - time.monotonic()))
        except (asyncio.TimeoutError, QueryTimeout):
            fut.add_done_callback(_quiet)  # it finishes in the background; nobody waits for it
            raise ProtocolError(503, f"the query ran out of time ({s.timeout:g} s); this endpoint stops "
                                     "queries after that (kg serve --timeout)")
        except SyntaxError as e:
            raise ProtocolError(400, f"query: {e}")
        except ProtocolError:
            raise
        except (OSError, RuntimeError, ValueError) as e:
            raise ProtocolError(400 if "SERVICE" in str(e).upper() or "HTTP" in str(e).upper() else 500, f"query: {e}")

    async def run_update(self, request: Request, op: Operation) -> Response:
        token = self.settings.update_token
        if not token:
            raise ProtocolError(403, "updates are disabled on this endpoint (kg serve --update-token TOKEN enables them)")
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise ProtocolError(403, "updates need the update token: Authorization: Bearer TOKEN")
        check_service(op.update)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self.engine.update, op.update)
        except SyntaxError as e:
            raise ProtocolError(400, f"update: {e}")
        except OSError as e:
            raise ProtocolError(500, f"update failed: {e}")
        return Response(status_code=204)

    def service_description(self, request: Request, fmt_param: str | None) -> Response:
        fmt = choose_format("graph", fmt_param, request.headers.get("accept"))
        body, media = self.sd(fmt, str(request.base_url).rstrip("/") + self.settings.endpoint_path)
        return Response(body, media_type=media)


# answers that differ from one run to the next (or come from elsewhere) are not cached
_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE|SERVICE)\b", re.I)


def _quiet(fut) -> None:
    if not fut.cancelled():
        fut.exception()  # retrieved, so asyncio does not log it


_FORM = re.compile(r"(?P<skip>\#[^\n]*|<[^<>\s]*>|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")|(?P<word>[A-Za-z]+)")


def query_kind(query: str) -> str:
    """'graph' for CONSTRUCT/DESCRIBE, 'results' for SELECT/ASK (and for what does not parse:
    the parser will say why), read past the prologue without running anything."""
    for m in _FORM.finditer(query):
        w = m.group("word")
        if w is None:
            continue
        u = w.upper()
        if u in ("BASE", "PREFIX"):
            continue
        if u in ("CONSTRUCT", "DESCRIBE"):
            return "graph"
        if u in ("SELECT", "ASK"):
            return "results"
    return "results"


SD_TEMPLATE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dcterms:title "bilateral-kg: Kazakhstan's bilateral treaties as a knowledge graph"@en ;
    sd:supportedLanguage sd:SPARQL11Query{update} ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ;
        {named}
    ] .
"""

FORMAT_IRIS = ("<http://www.w3.org/ns/formats/SPARQL_Results_JSON>", "<http://www.w3.org/ns/formats/SPARQL_Results_XML>",
               "<http://www.w3.org/ns/formats/SPARQL_Results_CSV>", "<http://www.w3.org/ns/formats/SPARQL_Results_TSV>",
               "<http://www.w3.org/ns/formats/Turtle>", "<http://www.w3.org/ns/formats/N-Triples>",
               "<http://www.w3.org/ns/formats/JSON-LD>", "<http://www.w3.org/ns/formats/RDF_XML>",
               "<http://www.w3.org/ns/formats/TriG>")


def service_description_turtle(endpoint: str, graphs: dict[str, int], update: bool, default_triples: int) -> str:
    """The default graph is the stored merge: the named graphs' facts, once each, and the
    sources' evidence, which it alone holds (kg.graph.store), so not sd:UnionDefaultGraph."""
    named = " ;\n        ".join(
        f"sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ; sd:graph [ a sd:Graph ; void:triples {n} ] ]"
        for g, n in sorted(graphs.items()))
    return SD_TEMPLATE.format(endpoint=endpoint, update=", sd:SPARQL11Update" if update else "",
                              formats=", ".join(FORMAT_IRIS), triples=default_triples,
                              named=named + " ;" if named else "")
