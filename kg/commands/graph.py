"""The graph commands: `kg build`, `kg query`, `kg validate`, `kg export`.

Every command that reads the graph takes `--data DIR` (a data dir written by `kg build`,
default ./build) or `--store URL` (any SPARQL 1.1 server). Errors name the file and the problem
on stderr and exit non-zero: 1 when the graph does not validate (for `kg build`: when nothing
could be published), 2 for everything else. `kg build` exits 3 when it published the graph but
held some sources back (listed on stderr and in DATA/held-back.json).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg.errors import KgError

DEFAULT_DATA = "build"
QUERIES_DIR = Path(__file__).resolve().parent.parent.parent / "ontology" / "queries"


def _add_target(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--data", metavar="DIR", default=None,
                   help=f"the data dir written by `kg build` (default ./{DEFAULT_DATA})")
    g.add_argument("--store", metavar="URL", default=None,
                   help="a SPARQL 1.1 server: its query endpoint (…/query, …/sparql) or its root")


def register(sub) -> None:
    p = sub.add_parser("build", help="extract, resolve, validate and publish the graph",
                       description="Build the graph of SOURCES (files and folders; default: every file of "
                                   "sources/catalog.yaml) into a data dir and publish it. A source that cannot be "
                                   "read or whose graph violates the shapes is held back, the others are published "
                                   "(exit 3); --strict publishes all or nothing.")
    p.add_argument("sources", nargs="*", metavar="SOURCES",
                   help="source files and folders: .txt files, mirror folders (kaz.md, rus.md, meta.yaml), "
                        "markdown; a folder is walked (default: the catalog)")
    p.add_argument("--strict", action="store_true",
                   help="publish nothing unless every source is read and the whole graph validates")
    p.add_argument("--data", metavar="DIR", default=DEFAULT_DATA, help=f"data dir (default ./{DEFAULT_DATA})")
    p.add_argument("--store", metavar="URL", default=None,
                   help="also load the validated graph into this SPARQL 1.1 server (SPARQL Update)")
    p.add_argument("--catalog", metavar="FILE", default=None, help="catalog of sources (default sources/catalog.yaml)")
    p.add_argument("--records", metavar="DIR", default=None,
                   help="use ready extraction records DIR/<stem>.json instead of extracting those sources")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("query", help="run a SPARQL query on the graph",
                       description="Run a SPARQL SELECT/ASK/CONSTRUCT. QUERY is a .rq file, the name of a "
                                   "competency query (cq01 … cq08), or the query text.")
    p.add_argument("query", metavar="FILE|TEXT")
    _add_target(p)
    p.add_argument("--format", choices=("csv", "tsv", "json"), default="csv",
                   help="result format (json = SPARQL 1.1 JSON results; default csv)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("validate", help="validate the published graph against the shapes")
    _add_target(p)
    p.add_argument("--no-warnings", action="store_true", help="report violations only")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the graph as Turtle, TriG, N-Quads or JSON-LD")
    _add_target(p)
    p.add_argument("--format", choices=("turtle", "trig", "nquads", "jsonld"), default="turtle")
    p.add_argument("--out", metavar="FILE", default=None, help="output file (default stdout)")
    p.add_argument("--graph", metavar="NAME", default=None,
                   help="one named graph only: its IRI or a source id (000_12ecf27d1504b882), resolution, ontology")
    p.set_defaults(func=cmd_export)


# ---------------------------------------------------------------------------------------------


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


def _reader(args):
    from kg.pipeline.publish import open_store
    from kg.graph.store import RemoteStore

    if getattr(args, "store", None):
        return RemoteStore(args.store)
    return open_store(Path(args.data or DEFAULT_DATA))


def _guard(fn):
    def run(args) -> int:
        try:
            return fn(args)
        except KgError as e:
            _err(str(e))
            return 2
        except BrokenPipeError:  # pragma: no cover - `kg export | head`
            return 0
    run.__name__ = fn.__name__
    return run


@_guard
def cmd_build(args) -> int:
    from kg.pipeline.build import build
    from kg.pipeline.held import held_text

    log = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    result = build(
        [Path(s) for s in args.sources] or None, Path(args.data),
        records_dir=Path(args.records) if args.records else None,
        catalog_path=Path(args.catalog) if args.catalog else None,
        store_url=args.store, log=log, strict=args.strict,
    )
    held = held_text(result.held_back)
    if not result.ok:
        if not result.report.conforms:
            print(result.report.text(), file=sys.stderr, end="")
        print(held, file=sys.stderr, end="")
        kept = f"the last good build is kept ({result.build_dir})" if result.build_dir else "nothing was published"
        why = "the graph does not validate" if not result.report.conforms else "every source was held back"
        _err(f"{why}; {kept}. The report is in {result.data_dir / 'last-failed-report.txt'}")
        return 1
    if not args.quiet:
        warnings = len(result.report.warnings)
        if warnings:
            print(result.report.text(), file=sys.stderr, end="")
        for sid, fields in sorted(result.unknown_evidence_fields.items()):
            log(f"note: {sid}: evidence for fields the graph has no statement for: {', '.join(fields)}")
        state = "published" if result.changed else "unchanged"
        times = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
        log(f"{state}: {result.build_dir} ({result.triples} triples, {warnings} warning(s); {times})")
    if result.held_back:
        print(held, file=sys.stderr, end="")
        _err(f"published without {len(result.held_back)} source(s) held back; "
             f"the list is in {result.data_dir / 'held-back.json'}")
        return 3
    return 0


def _query_text(arg: str) -> str:
    p = Path(arg)
    if p.is_file():
        return p.read_text(encoding="utf-8")
    if len(arg) <= 40 and "\n" not in arg and " " not in arg.strip():
        matches = sorted(QUERIES_DIR.glob(f"{arg.removesuffix('.rq')}*.rq"))
        if len(matches) == 1:
            return matches[0].read_text(encoding="utf-8")
        if arg.endswith(".rq"):
            raise KgError(f"{arg}: no such query file")
    return arg


@_guard
def cmd_query(args) -> int:
    text = _query_text(args.query)
    out = _reader(args).query(text, args.format)
    sys.stdout.buffer.write(out)
    if out and not out.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


@_guard
def cmd_validate(args) -> int:
    from kg.pipeline.held import held_text, read_held
    from kg.pipeline.mirror import texts_disagree
    from kg.pipeline.publish import read_manifest, source_texts
    from kg.graph.validate import validate_graphs

    reader = _reader(args)
    manifest = read_manifest(Path(args.data or DEFAULT_DATA)) if not args.store else {}
    report = validate_graphs(reader.graphs(), source_texts(manifest))
    report = texts_disagree(report, {s["graph"]: s["file"] for s in manifest.get("sources", [])})
    sys.stdout.write(report.text(include_warnings=not args.no_warnings))
    if not args.store:  # the published graph conforms or not; what the build left out is said too
        sys.stdout.write(held_text(read_held(Path(args.data or DEFAULT_DATA))))
    return 0 if report.conforms else 1


@_guard
def cmd_export(args) -> int:
    from kg.graph import ids
    from kg.graph import namespaces as ns
    from kg.graph.export import graph_parts, stream_parts
    from kg.pipeline.publish import current_build, published_parts

    # A data dir's build is written from the files it was loaded from, the store left unread.
    build = None if args.store else current_build(Path(args.data or DEFAULT_DATA))
    published = published_parts(build, args.format) if build is not None else None
    if published is None:
        published = graph_parts(_reader(args).graphs())
    names = [part[0] for part in published]
    if args.graph:
        name = args.graph
        iri = name if name.startswith("http") else ids.graph_iri(name)
        if iri not in names:
            raise KgError(f"--graph {name}: no such named graph (have: "
                          f"{', '.join(g[len(ns.ID + 'graph/'):] for g in sorted(names))})")
        published = [part for part in published if part[0] == iri]
    chunks = stream_parts(published, args.format, workers=os.cpu_count() or 1)  # written as made
    if args.out:
        tmp = Path(args.out).with_name(Path(args.out).name + ".tmp")
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
        tmp.replace(args.out)
    else:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
    return 0
