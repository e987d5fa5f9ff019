"""What runs the queries of the app: the local Oxigraph store of a build, or a remote SPARQL
1.1 server (`kg serve --store URL`). Both give the same small surface:

    run(query, default_graphs, named_graphs, timeout) -> a pyoxigraph result (solutions,
        boolean) or an iterable of triples
    select(query) -> [{var: term}]        (the JSON API and the pages)
    update(text)                          (only when the app enables updates)
    graph_sizes() -> {graph IRI: triples}
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from kg.graph.store import LocalStore, RemoteStore, StoreError


class LocalEngine:
    cacheable = True  # the served build does not change under the app

    def __init__(self, store: LocalStore):
        self.local = store
        self.store = store.store
        if not store.read_only:
            # Updates enabled: queries see the union of the named graphs, which updates reach.
            # The merge the build stored would neither follow them nor leave the union unique.
            self.store.clear_graph(ox.DefaultGraph())

    def run(self, query, default_graphs=(), named_graphs=(), timeout=None):
        kw = {}
        try:
            if default_graphs or named_graphs:  # the protocol's dataset: exactly what is named
                kw["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
                kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        except ValueError as e:
            raise SyntaxError(f"default-graph-uri/named-graph-uri: not an IRI: {e}") from e
        # otherwise the default graph: the merge of the named graphs the build stored there
        return self.local.raw_query(query, **kw)

    def select(self, query: str) -> list[dict]:
        return self.local.select(query)

    def update(self, text: str) -> None:
        self.store.update(text)

    def manifest(self) -> dict:
        """The manifest of the build whose store this is (DIR/builds/<id>/manifest.json), or {}."""
        if not hasattr(self, "_manifest"):
            from kg.pipeline.publish import read_manifest_at

            try:
                self._manifest = read_manifest_at(self.local.path.parent) if self.local.read_only else {}
            except Exception:  # a store outside a data dir: counted by queries
                self._manifest = {}
        return self._manifest

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph as stored (a source's evidence is in the merge only). Read
        from the build's manifest where it says them: counted by a query, that was 7.5 s at
        10,000 documents."""
        m = self.manifest()
        if "graph_evidence" in m and m.get("graphs"):
            ev = m["graph_evidence"]
            return {g: n - ev.get(g, 0) for g, n in m["graphs"].items()}
        rows = self.store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"].value: int(r["n"].value) for r in rows}

    def build_dir(self) -> "Path | None":
        """DIR/builds/<id> of the build served (read-only stores of a data dir only)."""
        if not self.local.read_only or not (self.local.path.parent / "manifest.json").is_file():
            return None
        return self.local.path.parent

    def export_parts(self, fmt: str | None = None):
        """(graph, reader of its N-Triples, where its part in `fmt` is kept) of every graph, from
        the unit files of the build served, or None."""
        if not self.local.read_only:  # updates may have changed the store since its build
            return None
        from kg.pipeline.publish import published_parts

        return published_parts(self.local.path.parent, fmt)

    def evidence_triples(self) -> int | None:
        """The sources' own evidence triples, from the manifest (None: not said there)."""
        m = self.manifest()
        return sum(m["graph_evidence"].values()) if "graph_evidence" in m else None

    def graphs(self) -> dict:
        return self.local.graphs()


class RemoteEngine:
    """Queries go to the server with this project's graphs as the default graph (as `kg query
    --store` does), unless the request names its own dataset."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
    cacheable = False
    GRAPHS_TTL = 30.0

    def __init__(self, store: RemoteStore):
        self.remote = store
        self._graphs: tuple[float, list[str]] | None = None
        self._defaults: tuple[float, list[str]] | None = None
        self._lock = threading.Lock()

    def project_graphs(self) -> list[str]:
        with self._lock:
            if self._graphs is None or time.monotonic() - self._graphs[0] > self.GRAPHS_TTL:
                self._graphs = (time.monotonic(), self.remote._project_graphs())
            return self._graphs[1]

    def _post(self, url, params, accept, timeout):
        body = urllib.parse.urlencode(params).encode("utf-8")
        req = urllib.request.Request(url, data=body, method="POST")
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
        req.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.remote.timeout) as resp:
                return resp.headers.get("content-type", ""), resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:1000].strip()
            if e.code == 400:
                raise SyntaxError(detail) from e
            raise OSError(f"{url}: HTTP {e.code}: {detail}") from e
        except (urllib.error.URLError, OSError) as e:
            raise OSError(f"{url}: cannot reach the SPARQL server: {e}") from e

    def default_graphs(self) -> list[str]:
        """The merge graph the build loaded (else every graph of the project), refreshed now
        and then since a build may replace the server's graphs under the app."""
        with self._lock:
            if self._defaults is None or time.monotonic() - self._defaults[0] > self.GRAPHS_TTL:
                self.remote._defaults = None
                self._defaults = (time.monotonic(), self.remote.default_graphs())
            return self._defaults[1]

    def run(self, query, default_graphs=(), named_graphs=(), timeout=None):
        if not default_graphs and not named_graphs:
            default_graphs = self.default_graphs()
        params = [("query", query)] + [("default-graph-uri", g) for g in default_graphs] + \
                 [("named-graph-uri", g) for g in named_graphs]
        ctype, raw = self._post(self.remote.query_url, params, self.ACCEPT, timeout)
        ctype = ctype.split(";")[0].strip().lower()
        if ctype in ("application/n-triples", "text/plain"):
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
        if ctype in ("text/turtle",):
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(raw, format=ox.RdfFormat.TURTLE)]
        return ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)

    def select(self, query: str) -> list[dict]:
        result = self.run(query)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def update(self, text: str) -> None:
        self.remote._post(self.remote.update_url, [("update", text)])

    def graph_sizes(self) -> dict[str, int]:
        graphs = self.project_graphs()
        if not graphs:
            return {}
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self.run(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
                        default_graphs=(), named_graphs=graphs)
        return {r["g"].value: int(r["n"].value) for r in rows}

    def graphs(self) -> dict:
        return self.remote.graphs()

    def evidence_triples(self) -> int | None:
        return None

    def export_parts(self, fmt: str | None = None):
        return None


def engine_for(store):
    if isinstance(store, LocalStore):
        return LocalEngine(store)
    if isinstance(store, RemoteStore):
        return RemoteEngine(store)
    raise StoreError(f"cannot serve {store!r}")
