"""Text formats of a lineage view: node-link JSON, GraphML, GEXF and DOT.

GraphML and GEXF (Gephi, yEd, Cytoscape) hold scalar attributes only, so None becomes "" and
lists are joined with ","; the node-link JSON keeps them as they are. DOT is written here rather
than through pydot/pygraphviz, which are not dependencies: Graphviz reads it, and so does a
person.
"""

from __future__ import annotations

import io
import json

import networkx as nx

from kg.views.lineage import node_link

# Line styles of the relations in DOT; kg.views.draw has the same choice for pictures.
DOT_STYLE = {
    "supersedes": 'style=bold color="#c0392b"',
    "amends": 'style=dashed color="#d35400"',
    "implements": 'style=dashed color="#16a085"',
    "cites": 'color="#7f8c8d"',
    "guided_by": 'color="#2471a3"',
    "reaffirms": 'style=dotted color="#7d3c98"',
    "ratifies": 'color="#1e8449" arrowhead=empty',
    "discusses": 'style=dotted color="#95a5a6" arrowhead=open',
}
DOT_SHAPE = {"instrument": "ellipse", "ratifying_act": "box", "research_work": "note"}


def _scalar(v):
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return ",".join(str(x) for x in v)
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def _column_types(items) -> dict[str, bool]:
    """Attribute name -> whether it must be written as a string: GraphML and GEXF declare one
    type per attribute, so an attribute that is sometimes None (unknown) or of mixed types is
    written as text ("" for unknown, "true"/"false"), never as a false or a zero."""
    types: dict[str, set] = {}
    for d in items:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    return {k: len(t) > 1 or not t <= {bool, int, float} for k, t in types.items()}


def _row(d: dict, as_text: dict[str, bool]) -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            continue
        if as_text.get(k) and isinstance(v, bool):
            v = "true" if v else "false"
        out[k] = str(_scalar(v)) if as_text.get(k) else _scalar(v)
    return out


def scalar_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update(_row(G.graph, _column_types([G.graph])))
    node_text = _column_types([d for _, d in G.nodes(data=True)])
    edge_text = _column_types([d for _, _, d in G.edges(data=True)])
    for n, d in G.nodes(data=True):
        H.add_node(n, **_row(d, node_text))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **_row(d, edge_text))
    return H


def to_json(G) -> str:
    return json.dumps(node_link(G), ensure_ascii=False, indent=1) + "\n"


def to_graphml(G) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(scalar_copy(G), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(G) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(scalar_copy(G), buf, encoding="utf-8")
    return buf.getvalue()


def _q(text) -> str:
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def to_dot(G) -> str:
    lines = [f"digraph {_q(G.graph.get('view', 'lineage'))} {{",
             f"  label={_q(G.graph.get('title', ''))}; labelloc=t; rankdir=LR;",
             '  node [fontname="DejaVu Sans"]; edge [fontname="DejaVu Sans", fontsize=9];']
    for n, d in G.nodes(data=True):
        label = d.get("caption") or d.get("label") or n
        if d.get("date") and str(d["date"]) not in label:
            label += f"\n{d['date']}"
        style = "dashed" if d.get("reference_only") else "solid"
        lines.append(f"  {_q(n)} [label={_q(label)} shape={DOT_SHAPE.get(d.get('class'), 'ellipse')} "
                     f"style={style} kind={_q(d.get('kind') or '')} date={_q(d.get('date') or '')} "
                     f"in_force={_q('' if d.get('in_force') is None else str(d['in_force']).lower())}];")
    for u, v, d in G.edges(data=True):
        rel = d.get("relation", "")
        lines.append(f"  {_q(u)} -> {_q(v)} [label={_q(d.get('relation_label', rel))} "
                     f"relation={_q(rel)} {DOT_STYLE.get(rel, '')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
