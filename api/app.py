"""The web app of `kg serve`: the SPARQL endpoint, the JSON API and the pages.

    create_app(store, settings) -> FastAPI

`store` is a kg.graph.store LocalStore (a build's Oxigraph store) or RemoteStore (any SPARQL 1.1
server). Everything the pages load comes from this app: no CDN, no request leaves the host.
For `uvicorn --workers N` the app is made in each worker by `app_from_env()` from the settings
`kg serve` puts in the environment.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from api import sparql
from api.data import GraphView, SourceTexts, router
from api.engines import engine_for

ENV = "KG_SERVE_SETTINGS"


@dataclass
class Settings:
    timeout: float = 10.0              # seconds a query may run
    max_results: int = 10000           # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most
    max_request_bytes: int = 256 * 1024  # a query (GET query string or POST body) at most
    max_concurrent: int = 8            # queries evaluated at once per worker process
    cache_entries: int = 512           # answers kept per worker (local store only; 0: none)
    cors: list[str] = field(default_factory=list)  # allowed origins ("*" for any); none by default
    update_token: str | None = None    # SPARQL Update is refused unless this is set and presented
    data_dir: str | None = None        # the data dir served (for the source texts of evidence)
    store_url: str | None = None       # or the SPARQL server served
    endpoint_path: str = "/sparql"

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, text: str) -> "Settings":
        return cls(**json.loads(text))


def create_app(store, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine_for(store)
    texts = SourceTexts(Path(settings.data_dir) if settings.data_dir else None, engine)
    view = GraphView(engine, store, texts)

    app = FastAPI(
        title="bilateral-kg",
        summary="Kazakhstan's bilateral treaties and the research about them, as a knowledge graph",
        description=("The JSON API of the graph. The SPARQL 1.1 Protocol endpoint is at "
                     "[/sparql](/sparql) (GET ?query=, POST form or application/sparql-query; a GET "
                     "without a query returns the service description); the pages are at [/](/)."),
        version="0.1.0",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )

    @app.get("/api/docs", include_in_schema=False)
    def docs():  # Swagger UI from /static (FastAPI's default page loads it from a CDN)
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="bilateral-kg API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg",
                                   swagger_ui_parameters={"validatorUrl": None})
    app.state.settings = settings
    app.state.view = view
    app.state.engine = engine

    sd_cache: dict[str, tuple[bytes, str]] = {}

    def service_description(fmt: str, endpoint_url: str) -> tuple[bytes, str]:
        key = (fmt, endpoint_url)
        if key not in sd_cache:
            import pyoxigraph as ox

            rows = engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            ttl = sparql.service_description_turtle(endpoint_url, engine.graph_sizes(), bool(settings.update_token),
                                                    int(rows[0]["n"].value) if rows else 0)
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)]
            body = ttl.encode("utf-8") if fmt == "turtle" else sparql.serialize_triples(triples, fmt)
            if len(sd_cache) > 64:
                sd_cache.clear()
            sd_cache[key] = (body, sparql.GRAPH_MEDIA[fmt])
        return sd_cache[key]

    endpoint = sparql.SparqlEndpoint(engine, settings, service_description)

    if settings.update_token:
        inner = endpoint.run_update

        async def run_update(request, op):  # an update changes what the pages have cached
            response = await inner(request, op)
            view.reset()
            sd_cache.clear()
            if endpoint.cache is not None:
                endpoint.cache.clear()
            return response
        endpoint.run_update = run_update

    app.router.routes.append(Route(settings.endpoint_path, endpoint.__call__, methods=["GET", "POST"], name="sparql"))
    app.include_router(router(view))
    from api import build_state

    app.include_router(build_state.router(view, settings))

    from api import pages

    pages.mount(app, view, settings)

    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept", "Authorization"],
                           expose_headers=["X-Results-Truncated", "X-Results-Limit"], max_age=600)
    return app


def open_target(settings: Settings):
    """The store the settings name: a data dir's published build, or a SPARQL server."""
    from kg.pipeline.publish import open_store
    from kg.graph.store import LocalStore, RemoteStore
    from kg.pipeline.publish import current_build

    if settings.store_url:
        return RemoteStore(settings.store_url, timeout=max(settings.timeout, 1.0))
    data = Path(settings.data_dir or "build")
    if settings.update_token:  # updates write to the store: open it read-write
        cur = current_build(data)
        if cur is not None:
            return LocalStore(cur / "store", read_only=False)
    return open_store(data)


# What the indexes of a build are made by: another version of these makes them anew.
_INDEX_CODE = ("data.py", "build_state.py")


def warm(view: GraphView, build_dir: Path | None) -> None:
    """Make the indexes of the whole graph (GraphView.warm, and the unresolved queue), or read
    them from where the first worker to serve this build kept them (DIR/cache/pages/): at
    10,000 documents they take 5-10 s to make and a few milliseconds to read."""
    from api import build_state
    from kg import cachefile

    path = None
    if build_dir is not None:
        code = hashlib.sha256(b"".join((Path(__file__).parent / f).read_bytes() for f in _INDEX_CODE)).hexdigest()[:12]
        path = build_dir.parent.parent / "cache" / "pages" / f"{build_dir.name}-{code}.pickle"
        kept = cachefile.read(path, dict, None)
        if kept is not None:
            view.restore(kept)
            return
    view.warm()
    build_state.unresolved_queue(view)
    if path is not None:
        try:
            for old in path.parent.glob("*.pickle"):  # another build's, or older code's
                old.unlink(missing_ok=True)
            cachefile.write(path, view.indexes())
        except OSError:  # a data dir that cannot be written is only slower to serve
            pass


def app_from_env() -> FastAPI:
    """The app of one uvicorn worker (`kg serve --workers N`)."""
    settings = Settings.from_env(os.environ[ENV])
    app = create_app(open_target(settings), settings)
    if app.state.engine.cacheable:  # the build served does not change: its indexes are made once, now
        warm(app.state.view, app.state.engine.build_dir())
        # What is made now lives as long as the worker: out of the collector's sight, a
        # collection no longer walks a million objects of the indexes (an export allocates
        # millions more, each young generation's collection would).
        gc.collect()
        gc.freeze()
    return app
