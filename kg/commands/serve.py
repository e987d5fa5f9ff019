"""`kg serve`: the SPARQL endpoint, the JSON API and the web pages of the built graph.

uvicorn runs the FastAPI app of api/ on the published build of a data dir (or on any SPARQL
1.1 server with --store URL), on 127.0.0.1:8000 by default. Open endpoints are safe by default:
read-only unless --update-token is given, no SERVICE to other hosts, a query timeout and a
result cap.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kg.commands.graph import DEFAULT_DATA, _add_target, _err, _guard


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the graph: SPARQL endpoint, JSON API and web pages",
                       description="Serve the graph over HTTP: the SPARQL 1.1 Protocol at /sparql, the JSON API "
                                   "at /api (documented at /api/docs), the pages at /.")
    _add_target(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: the number of cores; 1 with --update-token)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default 10)")
    p.add_argument("--max-results", type=int, default=10000,
                   help="rows or triples a query returns at most; more are cut and the response says so (default 10000)")
    p.add_argument("--max-request", type=int, default=256 * 1024, metavar="BYTES",
                   help="largest query or request body accepted (default 262144)")
    p.add_argument("--cache", type=int, default=512, metavar="N",
                   help="answers kept in memory per worker, by query and format (local store only; 0: none; default 512)")
    p.add_argument("--cors", metavar="ORIGINS", default=None,
                   help="comma-separated origins allowed to query from a browser ('*' for any; default none)")
    p.add_argument("--update-token", metavar="TOKEN", default=os.environ.get("KG_UPDATE_TOKEN"),
                   help="enable SPARQL Update for requests with 'Authorization: Bearer TOKEN' "
                        "(default: updates refused; also read from $KG_UPDATE_TOKEN)")
    p.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=cmd_serve)


@_guard
def cmd_serve(args) -> int:
    import uvicorn

    from api.app import ENV, Settings, open_target

    settings = Settings(
        timeout=args.timeout, max_results=args.max_results, max_request_bytes=args.max_request,
        cors=[o.strip() for o in (args.cors or "").split(",") if o.strip()],
        update_token=args.update_token or None, cache_entries=max(0, args.cache),
        data_dir=None if args.store else (args.data or DEFAULT_DATA),
        store_url=args.store,
    )
    if settings.timeout <= 0 or settings.max_results <= 0 or settings.max_request_bytes <= 0:
        _err("--timeout, --max-results and --max-request must be positive")
        return 2
    # fail here, with the command's message, if there is nothing to serve (a writable store is
    # opened by the worker only: Oxigraph lets one handle hold it)
    if settings.update_token and not settings.store_url:
        from kg.errors import BuildError
        from kg.pipeline.publish import current_build

        if current_build(Path(settings.data_dir)) is None:
            raise BuildError(f"{settings.data_dir}: no published build here (run `kg build --data {settings.data_dir}`)")
    else:
        target = open_target(settings)
        if settings.store_url:
            target._project_graphs()  # reachable, and a SPARQL server (a StoreError says why not)
    workers = args.workers or (os.cpu_count() or 1)
    if settings.update_token and workers > 1:
        if args.workers:
            print("kg serve: --update-token writes to the store, which one process holds: using 1 worker",
                  file=sys.stderr)
        workers = 1
    os.environ[ENV] = settings.to_env()
    kind = settings.store_url or f"{settings.data_dir} (build)"
    print(f"kg serve: http://{args.host}:{args.port}/  (graph: {kind}; SPARQL at /sparql; "
          f"{workers} worker(s); updates {'enabled' if settings.update_token else 'refused'})", file=sys.stderr)
    extra = {}
    try:
        import uvloop  # noqa: F401

        extra["loop"] = "uvloop"
    except ImportError:
        pass
    try:
        import httptools  # noqa: F401

        extra["http"] = "httptools"
    except ImportError:
        pass
    uvicorn.run("api.app:app_from_env", factory=True, host=args.host, port=args.port, workers=workers,
                log_level=args.log_level, access_log=False, server_header=False, **extra)
    return 0
