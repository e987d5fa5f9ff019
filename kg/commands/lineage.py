"""`kg lineage`: which instruments supersede, amend, implement, cite or ratify which.

Views (kg.views.lineage) in the formats people open them with: node-link JSON for the web page,
GraphML and GEXF for Gephi, yEd and Cytoscape, DOT for Graphviz, SVG and PNG pictures
(kg.views.draw). `--check` lists where the data contradicts itself and exits 1 if it does.
Errors name the problem and exit 2, as the other graph commands do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.commands.graph import _add_target, _guard, _reader
from kg.errors import KgError

FORMATS = ("json", "graphml", "gexf", "dot", "svg", "png")
BINARY = ("png",)


def register(sub) -> None:
    from kg.views.lineage import LANGS, VIEWS

    p = sub.add_parser(
        "lineage", help="lineage views of the graph: JSON, GraphML, GEXF, DOT, SVG or PNG",
        description="Which instruments supersede, amend, implement, cite or ratify which. INSTRUMENT is an "
                    "IRI, an identity key (treaty:KZ-KG:2024-04-19) or the tail of an IRI (kz-kg/2024-04-19).")
    p.add_argument("instrument", nargs="?", metavar="INSTRUMENT", help="the instrument (lineage view; optional otherwise)")
    p.add_argument("--view", choices=VIEWS, default=None,
                   help="lineage (of INSTRUMENT, the default with one), supersession, timeline (of --pair), "
                        "overview (the default without INSTRUMENT)")
    p.add_argument("--pair", metavar="A,B", default=None, help="two ISO 3166-1 alpha-2 codes for the timeline, e.g. KZ,KG")
    p.add_argument("--on", metavar="DATE", default=None, help="the date in-force status refers to (default today)")
    p.add_argument("--depth", type=int, default=2, metavar="N", help="how many steps of ancestors and descendants (default 2)")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the labels (default en)")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="output file (default stdout; a PNG on a terminal goes to ./lineage-VIEW.png instead)")
    p.add_argument("--check", action="store_true",
                   help="list the contradictions in the data (a supersession cycle, superseded before signed, …); "
                        "exit 1 if there are any")
    _add_target(p)
    p.set_defaults(func=cmd_lineage)


def _write(data: bytes, out: str | None) -> None:
    if out:
        path = Path(out)
        tmp = path.with_name(path.name + ".tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as e:
            raise KgError(f"{out}: cannot write: {e.strerror or e}") from e
    else:
        sys.stdout.buffer.write(data)


@_guard
def cmd_lineage(args) -> int:
    from kg.views import lineage

    store = _reader(args)
    if args.check:
        found = lineage.checks(store)
        for c in found:
            print(f"{c.kind}: {c.message}")
        if not found:
            print("no contradictions found", file=sys.stderr)
        return 1 if found else 0

    name = args.view or ("lineage" if args.instrument else "overview")
    G = lineage.view(store, name, args.instrument, pair=args.pair, on=args.on, depth=args.depth, lang=args.lang)
    data = _encode(G, args.format, args.lang)
    out = args.out
    if out is None and args.format in BINARY and sys.stdout.isatty():
        out = f"lineage-{name}.{args.format}"  # binary on a terminal helps no one; a pipe or file takes it
    _write(data, out)
    if out and args.out is None:
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _encode(G, fmt: str, lang: str) -> bytes:
    from kg.views import formats as lf

    if fmt == "json":
        return lf.to_json(G).encode("utf-8")
    if fmt == "graphml":
        return lf.to_graphml(G)
    if fmt == "gexf":
        return lf.to_gexf(G)
    if fmt == "dot":
        return lf.to_dot(G).encode("utf-8")
    from kg.views import draw

    return draw.render(G, fmt, lang)
