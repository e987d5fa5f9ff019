"""A load of concurrent SPARQL queries on a `kg serve` endpoint, from other processes.

    run_load(url, queries=None, clients=8, seconds=10) -> {"qps", "p50", "p99", "errors", ...}

Each client is a process with one keep-alive HTTP connection (http.client) that sends the
queries round-robin as GET /sparql?query=… for `seconds`, or until `max_requests` in all; the
latencies (ms) of every answered request are pooled. Loopback only: the URL must name
127.0.0.0/8, ::1 or localhost, so the load never leaves the machine.

    python -m kg.bench.load http://127.0.0.1:8000/sparql [--clients 8] [--seconds 10]
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import multiprocessing as mp
import sys
import time
import urllib.parse

SMALL_QUERIES = (
    "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>\n"
    "SELECT ?i WHERE { ?i a bkg:Instrument } LIMIT 10",
    "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>\n"
    "SELECT ?c ?code WHERE { ?c a bkg:Country ; bkg:isoCode ?code }",
    "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    "SELECT ?t ?d WHERE { ?t eli:date_document ?d } ORDER BY ?d LIMIT 5",
    "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>\n"
    "ASK { ?a bkg:ratifies ?t }",
)
# One instrument's title by its IRI, the lookup a page makes: of an instrument of the graph
# served, which `node_queries` asks it for (a fixed IRI would ask a seed's node of any graph).
NODE_QUERY = "PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?t WHERE {{ <{iri}> dcterms:title ?t }}"
_FIRST_INSTRUMENT = "SELECT ?i WHERE { ?i a <https://w3id.org/bilateral-kg/ontology#Instrument> } ORDER BY ?i LIMIT 1"
MAX_SECONDS = 120.0        # a run never lasts longer than this
MAX_REQUESTS = 1_000_000   # nor sends more than this in all


def _check_loopback(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"{url}: an http:// URL is needed")
    host = parts.hostname
    if host != "localhost":
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"{url}: the load is only sent to loopback addresses (127.0.0.1, ::1, localhost)")
    return parts


def _client(args) -> dict:
    url, queries, stop_at, budget, accept = args
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/sparql"
    paths = [f"{path}?{urllib.parse.urlencode({'query': q})}" for q in queries]
    headers = {"Accept": accept, "Connection": "keep-alive"}
    lat, errors, sent, i, kinds = [], 0, 0, 0, {}
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    clock = time.perf_counter
    while sent < budget and time.time() < stop_at:
        p = paths[i % len(paths)]
        i += 1
        t0 = clock()
        try:
            conn.request("GET", p, headers=headers)
            resp = conn.getresponse()
            resp.read()
            sent += 1
            if resp.status == 200:
                lat.append((clock() - t0) * 1000.0)
            else:
                errors += 1
                kinds[f"HTTP {resp.status}"] = kinds.get(f"HTTP {resp.status}", 0) + 1
            if resp.will_close:
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
        except (OSError, http.client.HTTPException) as e:
            sent += 1
            errors += 1
            kinds[type(e).__name__] = kinds.get(type(e).__name__, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    conn.close()
    return {"lat": lat, "errors": errors, "sent": sent, "kinds": kinds}


def _percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def node_queries(url: str) -> list[str]:
    """SMALL_QUERIES and the title lookup of the first instrument of the graph `url` serves."""
    _check_loopback(url)
    import urllib.request

    req = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': _FIRST_INSTRUMENT})}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        rows = json.loads(resp.read())["results"]["bindings"]
    return list(SMALL_QUERIES) + [NODE_QUERY.format(iri=r["i"]["value"]) for r in rows]


def run_load(url: str, queries=None, clients: int = 8, seconds: float = 10, *,
             warmup: float = 1.0, max_requests: int = MAX_REQUESTS,
             accept: str = "application/sparql-results+json") -> dict:
    """Send `queries` from `clients` processes for `seconds`; return throughput and latency.

    qps counts answered (200) requests per second of the measured window; p50/p99 are in ms;
    errors counts non-200 answers and failed requests. A short warm-up (not counted) first.
    """
    _check_loopback(url)
    queries = list(queries) if queries else node_queries(url)
    clients = max(1, min(int(clients), 64))
    seconds = max(0.1, min(float(seconds), MAX_SECONDS))
    budget = max(1, min(int(max_requests), MAX_REQUESTS) // clients)
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ctx.Pool(clients) as pool:
        if warmup > 0:
            stop = time.time() + min(warmup, 10.0)
            pool.map(_client, [(url, queries, stop, budget, accept)] * clients)
        start = time.time()
        stop = start + seconds
        results = pool.map(_client, [(url, queries, stop, budget, accept)] * clients)
        elapsed = max(time.time() - start, 1e-9)
    lat = sorted(x for r in results for x in r["lat"])
    errors = sum(r["errors"] for r in results)
    kinds: dict[str, int] = {}
    for r in results:
        for k, n in r["kinds"].items():
            kinds[k] = kinds.get(k, 0) + n
    return {"url": url, "clients": clients, "seconds": round(elapsed, 3), "requests": len(lat) + errors,
            "ok": len(lat), "errors": errors, "qps": round(len(lat) / elapsed, 1),
            "p50": round(_percentile(lat, 50), 2), "p90": round(_percentile(lat, 90), 2),
            "p99": round(_percentile(lat, 99), 2), "max": round(lat[-1], 2) if lat else float("nan"),
            "error_kinds": kinds}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kg.bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("url", help="the SPARQL endpoint, e.g. http://127.0.0.1:8000/sparql (loopback only)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--query", action="append", default=None, metavar="TEXT", help="a query (repeatable; default: small SELECTs)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    try:
        r = run_load(args.url, args.query, clients=args.clients, seconds=args.seconds)
    except (ValueError, OSError) as e:  # not loopback, or no answer to the instrument lookup
        print(f"load: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(r))
    else:
        print(f"{r['ok']} queries in {r['seconds']} s from {r['clients']} clients: {r['qps']} q/s, "
              f"p50 {r['p50']} ms, p99 {r['p99']} ms, {r['errors']} errors"
              + (f" ({', '.join(f'{k}: {n}' for k, n in sorted(r['error_kinds'].items()))})" if r["errors"] else ""))
    return 0 if r["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
