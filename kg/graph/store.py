"""Where the graph lives: a persistent Oxigraph store in a data dir, or any SPARQL 1.1 server.

Both give the same three operations to the commands: `graphs()` (every quad, by named graph),
`query(text, fmt)` (SPARQL results as bytes in csv/tsv/json) and, for servers, `publish()`.

Queries see the RDF merge of the named graphs as their default graph, so the same .rq file
answers the same on both. The merge is stored, not computed per query: Oxigraph's union default
graph yields a triple once per named graph that holds it, and the facts every source repeats
(Kazakhstan's ISO code, a treaty's type) would multiply a join by the number of sources. So a
build writes every fact once more into the store's default graph (locally) or into the
MERGED_GRAPH (on a server), where the store itself keeps it once.

A source's evidence (every node under `ids.evidence_prefix(sid)`: annotations, targets,
selectors; three quarters of the triples) is stored in the merge only. No other source can
state those triples, so a second copy in the source's named graph bought nothing but load time:
a quad in a named graph is written to six indexes, one in the default graph to three, and the
load of 10,000 documents took half as long without it (measured). `graphs()` hands each source's
evidence back to its graph, so exports and checks see the same dataset as before.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from kg.graph import ids
from kg.graph import namespaces as ns
from kg.errors import KgError

RESULT_FORMATS = {
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
}


class StoreError(KgError):
    """The store cannot be opened, read or written."""


MERGED_GRAPH = ns.ID + "dataset/merged"  # on a server: the merge of the project's graphs
EVIDENCE_NS = ns.ID + "evidence/"


def is_evidence(term) -> bool:
    """Whether `term` is a source's own evidence node, stored in the merge only."""
    return isinstance(term, ox.NamedNode) and term.value.startswith(EVIDENCE_NS)


def evidence_graph(term) -> str | None:
    """The named graph a stored evidence triple belongs to (by its subject), or None."""
    sid = ids.evidence_sid(term.value) if isinstance(term, ox.NamedNode) else None
    return ids.graph_iri(sid) if sid else None


def with_merge(quads, merged: ox.DefaultGraph | ox.NamedNode | None = None):
    """The quads as the store holds them: in their named graphs, evidence left out, then each
    one's triple in the merge graph (the default graph by default)."""
    merged = merged if merged is not None else ox.DefaultGraph()
    quads = list(quads)
    yield from (q for q in quads if not is_evidence(q.subject))
    for q in quads:
        yield ox.Quad(q.subject, q.predicate, q.object, merged)


def _graph_dict(quads) -> dict:
    """{graph IRI: triples} of the named graphs, each source's evidence given back to its
    graph from the merge (the default graph), where alone it is stored."""
    graphs: dict[str, set] = {}
    evidence: list = []
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            if is_evidence(q.subject):
                evidence.append(q)
            continue  # the rest of the merge is the named graphs' triples again
        graphs.setdefault(q.graph_name.value, set()).add((q.subject, q.predicate, q.object))
    for q in evidence:
        g = evidence_graph(q.subject)
        if g in graphs:  # a source's evidence without its graph is no source's: left out
            graphs[g].add((q.subject, q.predicate, q.object))
    return graphs


class LocalStore:
    """The Oxigraph store of a published build (`DIR/current/store`)."""

    def __init__(self, path: Path, read_only: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_dir():
            raise StoreError(f"{self.path}: no store here (run `kg build --data DIR` first)")
        try:
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from e

    def load(self, quads) -> None:
        self.store.bulk_extend(with_merge(quads))
        self.store.flush()

    @property
    def union(self) -> bool:
        """Query the union of the named graphs instead of the stored merge: for a store written
        before the merge was stored, and for a writable one, whose updates the merge misses."""
        if not hasattr(self, "_union"):
            self._union = not self.read_only or next(
                iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
        return self._union

    def graphs(self) -> dict:
        return _graph_dict(self.store.quads_for_pattern(None, None, None, None))

    # Neighbourhood reads for the lineage views, which fetch the triples of a few hundred nodes.
    # One SELECT iterated raw, with only the predicates the caller reads: 16 ms for the 164
    # nodes of a busy pair on 100,000 treaties, where reading the index quad by quad took 33
    # and the same SELECT through select()'s row dicts more (measured).
    def _read_graph(self):
        return None if self.union else ox.DefaultGraph()

    def outgoing(self, subjects, predicates=None) -> dict[str, set]:
        """{subject IRI: {(predicate IRI, object term)}} over the queried default graph, of the
        given predicates only when `predicates` is given."""
        out: dict[str, set] = {s: set() for s in subjects}
        if not out:
            return out
        values = " ".join(f"<{s}>" for s in sorted(out))
        only = f"FILTER (?p IN ({', '.join(f'<{p}>' for p in sorted(predicates))}))" if predicates else ""
        for s, p, o in self.raw_query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o {only} }}"):
            out[s.value].add((p.value, o))
        return out

    def incoming(self, objects, predicates) -> set[tuple[str, str, str]]:
        """{(subject IRI, predicate IRI, object IRI)} for the objects, by those predicates."""
        g, out = self._read_graph(), set()
        preds = [ox.NamedNode(p) for p in predicates]
        for o in objects:
            O = ox.NamedNode(o)
            for P in preds:
                for q in self.store.quads_for_pattern(None, P, O, g):
                    if isinstance(q.subject, ox.NamedNode):
                        out.add((q.subject.value, P.value, o))
        return out

    def raw_query(self, text: str, **kw):
        """pyoxigraph's result for `text` over the merged default graph (or given graphs)."""
        if "default_graph" not in kw and "named_graphs" not in kw and self.union:  # no dataset named
            kw["use_default_graph_as_union"] = True
        return self.store.query(text, **kw)

    def query(self, text: str, fmt: str = "json") -> bytes:
        try:
            result = self.raw_query(text)
        except SyntaxError as e:
            raise StoreError(f"query: {e}") from e
        return _serialize_result(result, fmt)

    def select(self, text: str) -> list[dict]:
        """Rows as {variable: term} for code (tests, validation)."""
        result = self.raw_query(text)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]


def _serialize_result(result, fmt: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    if fmt not in RESULT_FORMATS:
        raise StoreError(f"unknown result format {fmt!r} (one of csv, tsv, json)")
    return result.serialize(format=RESULT_FORMATS[fmt][0])


class RemoteStore:
    """A SPARQL 1.1 server. URL is the query endpoint or the service root.

    Endpoints: if URL ends in /query or /sparql it is the query endpoint and the update
    endpoint is its sibling /update; otherwise URL/query and URL/update (Oxigraph's and
    Fuseki's layout). `update_url` overrides.
    """

    def __init__(self, url: str, update_url: str | None = None, timeout: float = 600.0,
                 store_url: str | None = None):
        url = url.rstrip("/")
        if url.endswith("/query") or url.endswith("/sparql"):
            self.query_url = url
            root = url.rsplit("/", 1)[0]
        else:
            self.query_url = url + "/query"
            root = url
        self.update_url = update_url or root + "/update"
        self.store_url = store_url or root + "/store"  # Graph Store Protocol (Oxigraph's path)
        self.timeout = timeout

    # -- HTTP ---------------------------------------------------------------------------------
    def _post(self, url: str, data: list[tuple[str, str]], accept: str | None = None) -> bytes:
        body = urllib.parse.urlencode(data).encode("utf-8")
        req = urllib.request.Request(url, data=body, method="POST")
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
        if accept:
            req.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"{url}: HTTP {e.code}: {detail}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {e}") from e

    def _project_graphs(self) -> list[str]:
        q = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
             f'FILTER(STRSTARTS(STR(?g), "{ns.ID}graph/")) }}')
        raw = self._post(self.query_url, [("query", q)], "application/sparql-results+json")
        rows = json.loads(raw)["results"]["bindings"]
        return sorted(r["g"]["value"] for r in rows)

    def default_graphs(self) -> list[str]:
        """The merge graph when the server holds one; else every graph of the project."""
        if getattr(self, "_defaults", None) is None:
            raw = self._post(self.query_url, [("query", f"ASK {{ GRAPH <{MERGED_GRAPH}> {{ ?s ?p ?o }} }}")],
                             "application/sparql-results+json")
            self._defaults = [MERGED_GRAPH] if json.loads(raw).get("boolean") else self._project_graphs()
        return self._defaults

    # -- API ----------------------------------------------------------------------------------
    def query(self, text: str, fmt: str = "json") -> bytes:
        if fmt not in RESULT_FORMATS:
            raise StoreError(f"unknown result format {fmt!r} (one of csv, tsv, json)")
        params = [("query", text)] + [("default-graph-uri", g) for g in self.default_graphs()]
        return self._post(self.query_url, params, RESULT_FORMATS[fmt][1] + ", application/n-triples;q=0.5")

    def select(self, text: str) -> list[dict]:
        data = json.loads(self.query(text, "json"))
        out = []
        for b in data["results"]["bindings"]:
            row = {}
            for k, v in b.items():
                if v["type"] == "uri":
                    row[k] = ox.NamedNode(v["value"])
                elif v["type"] == "literal":
                    if "xml:lang" in v:
                        row[k] = ox.Literal(v["value"], language=v["xml:lang"])
                    elif "datatype" in v:
                        row[k] = ox.Literal(v["value"], datatype=ox.NamedNode(v["datatype"]))
                    else:
                        row[k] = ox.Literal(v["value"])
                else:
                    row[k] = ox.BlankNode(v["value"])
            out.append(row)
        return out

    def _construct(self, where: str) -> list:
        raw = self._post(self.query_url, [("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")],
                         "application/n-triples")
        return [(t.subject, t.predicate, t.object) for t in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]

    def graphs(self) -> dict:
        """As LocalStore.graphs(): each source's evidence given back to its graph from the merge."""
        graphs: dict[str, set] = {g: set(self._construct(f"GRAPH <{g}> {{ ?s ?p ?o }}")) for g in self._project_graphs()}
        if MERGED_GRAPH in self.default_graphs():
            for t in self._construct(f'GRAPH <{MERGED_GRAPH}> {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{EVIDENCE_NS}")) }}'):
                g = evidence_graph(t[0])
                if g in graphs:
                    graphs[g].add(t)
        return graphs

    # Quads per Graph Store Protocol request: large enough that HTTP costs little, small
    # enough that neither side holds more than a few tens of MB of N-Quads at once.
    BULK_QUADS = 200_000

    def _send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"{url}: HTTP {e.code}: {detail}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {e}") from e

    def bulk_publish(self, graphs: dict) -> dict:
        """Replace this project's graphs over the Graph Store Protocol: drop them (one SPARQL
        Update), then POST the quads (evidence in the merge graph only, as locally), as N-Quads in chunks of
        BULK_QUADS. Not one transaction: a reader may see a partial graph while it loads;
        `publish` is the all-at-once form for small graphs. Returns counts and times."""
        t0 = time.perf_counter()
        drop = [f"DROP SILENT GRAPH <{g}>" for g in sorted(set(self._project_graphs()) | set(graphs) | {MERGED_GRAPH})]
        self._post(self.update_url, [("update", " ;\n".join(drop))])
        t1 = time.perf_counter()
        merged_node = ox.NamedNode(MERGED_GRAPH)

        def quads():
            seen = set()
            for g in sorted(graphs):
                G = ox.NamedNode(g)
                for t in graphs[g]:
                    if is_evidence(t[0]):  # the source's own: in the merge only, and once
                        yield ox.Quad(t[0], t[1], t[2], merged_node)
                        continue
                    yield ox.Quad(t[0], t[1], t[2], G)
                    if t not in seen:
                        seen.add(t)
                        yield ox.Quad(t[0], t[1], t[2], merged_node)

        sent = requests = 0
        batch: list = []
        for q in quads():
            batch.append(q)
            if len(batch) >= self.BULK_QUADS:
                self._send("POST", self.store_url, ox.serialize(batch, format=ox.RdfFormat.N_QUADS), "application/n-quads")
                sent, requests, batch = sent + len(batch), requests + 1, []
        if batch:
            self._send("POST", self.store_url, ox.serialize(batch, format=ox.RdfFormat.N_QUADS), "application/n-quads")
            sent, requests = sent + len(batch), requests + 1
        self._defaults = None
        return {"quads": sent, "requests": requests, "drop_s": t1 - t0, "load_s": time.perf_counter() - t1}

    def publish(self, graphs: dict) -> None:
        """Replace this project's graphs on the server in one SPARQL Update request.

        One request, so a server that runs an update as one transaction (Oxigraph does) never
        shows half a build; graphs of sources that were removed are dropped too.
        """
        parts = [f"DROP SILENT GRAPH <{g}>" for g in sorted(set(self._project_graphs()) | set(graphs) | {MERGED_GRAPH})]
        for g in sorted(graphs):
            lines = "\n".join(f"{t[0]} {t[1]} {t[2]} ." for t in graphs[g] if not is_evidence(t[0]))
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{lines}\n}} }}")
        merged = set().union(*graphs.values()) if graphs else set()
        lines = "\n".join(f"{t[0]} {t[1]} {t[2]} ." for t in merged)
        parts.append(f"INSERT DATA {{ GRAPH <{MERGED_GRAPH}> {{\n{lines}\n}} }}")
        self._post(self.update_url, [("update", " ;\n".join(parts))])
        self._defaults = None
