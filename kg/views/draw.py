"""Pictures of a lineage view: a timeline a person can read.

Signing date runs across; each lane holds one pair of countries (overview, supersession) or one
kind of document (timeline, lineage); the relations are drawn in the style the legend gives.
Everything is laid out in points (1/72 in) before anything is drawn: the labels are measured
with the renderer, then each label takes the first row above or below its lane's markers where
it overlaps no other label, and the lane grows to hold the rows it used. So no two labels
overlap by construction, on any corpus, and `overlapping_texts` checks the rendered result.

matplotlib is used without pyplot (no global state, no display); DejaVu Sans, which matplotlib
ships, renders Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass

import networkx as nx

from kg.views.lineage import word

FONT = "DejaVu Sans"
LABEL_SIZE = 8.0
LANE_SIZE = 9.0
TITLE_SIZE = 13.0
WRAP = 28  # characters per label line
MAX_LINES = 3

# Relation styles (colour, dash, width). The same choice as the DOT output.
EDGE_STYLE = {
    "supersedes": ("#c0392b", "-", 2.4),
    "amends": ("#d35400", "--", 1.6),
    "implements": ("#16a085", "--", 1.4),
    "cites": ("#7f8c8d", "-", 1.1),
    "guided_by": ("#2471a3", "-", 1.6),
    "reaffirms": ("#7d3c98", (0, (1.5, 1.5)), 1.8),
    "ratifies": ("#1e8449", "-", 1.2),
    "discusses": ("#b2babb", (0, (1, 2.5)), 1.0),
}
MARKER = {"instrument": "o", "ratifying_act": "s", "research_work": "D"}
STATUS_FACE = {True: "#2e86c1", False: "#ffffff", None: "#d5d8dc"}
CLASS_FACE = {"ratifying_act": "#a9dfbf", "research_work": "#f5cba7"}
LANE_SHADE = ("#f8f9f9", "#ffffff")


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, o: "Box", pad: float = 0.0) -> bool:
        return not (self.x1 + pad <= o.x0 or o.x1 + pad <= self.x0 or self.y1 + pad <= o.y0 or o.y1 + pad <= self.y0)


@dataclass(frozen=True)
class Placed:
    node: str
    x: float
    y: float  # marker centre
    text: str
    box: Box  # the label's box


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    y0: float
    y1: float


# ---------------------------------------------------------------------------------------------
# Lanes and x positions (pure)


def _fraction_year(d: str | None) -> float | None:
    if not d:
        return None
    try:
        day = dt.date.fromisoformat(d[:10])
    except ValueError:
        return float(d[:4]) + 0.5 if d[:4].isdigit() else None
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def lanes_by(G: nx.MultiDiGraph) -> str:
    return "pair" if G.graph.get("view") in ("overview", "supersession") else "kind"


def lane_of(G: nx.MultiDiGraph, n: str, lang: str) -> tuple[str, str]:
    """(key, label) of the lane of node n."""
    d = G.nodes[n]
    cls = d.get("class")
    if cls == "research_work":
        return "~research", word("words", "research", lang)
    if lanes_by(G) == "kind":
        if cls == "ratifying_act":
            return "~act", word("classes", "ratifying_act", lang)
        lab = d.get("kind_label") or d.get("kind") or ""
        return "kind:" + str(d.get("kind")), lab[:1].upper() + lab[1:]
    pair = d.get("parties") or []
    if cls == "ratifying_act":  # beside the instrument it ratifies
        for _, t, e in G.out_edges(n, data=True):
            if e.get("relation") == "ratifies" and len(G.nodes[t].get("parties") or []) == 2:
                pair = G.nodes[t]["parties"]
                break
    if len(pair) == 2:
        names = G.graph.get("country_names") or {}
        return "pair:" + "-".join(pair), " – ".join(names.get(c, c) for c in pair)
    return "~other", word("words", "other", lang)


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(text, WRAP, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines


def label_text(d: dict) -> str:
    lines = _wrap(d.get("caption") or d.get("label") or "")
    if d.get("date"):
        lines.append(str(d["date"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Layout


def bulge(dist: float, k: int = 0) -> float:
    """How far an edge between two nodes of one lane bends below them (points): longer edges
    bend further, so that two edges from one node to two others part, within a bound the lane
    reserves room for."""
    return min(8 + 0.035 * dist + 7 * k, 34)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    plot_x0: float
    plot_x1: float
    undated_x0: float | None  # start of the "date not given" column
    year0: int
    year1: int
    lanes: tuple[Lane, ...]
    placed: tuple[Placed, ...]
    axis_y: float
    legend_y: float  # top of the legend area

    def x_of_year(self, y: float) -> float:
        span = (self.undated_x0 or self.plot_x1) - self.plot_x0 - 20
        return self.plot_x0 + 10 + (y - self.year0) / max(self.year1 - self.year0, 1) * span


def layout(G: nx.MultiDiGraph, measure, lang: str, width: float = 1000.0, legend_height: float = 80.0) -> Layout:
    """Positions of everything, in points, from the text sizes `measure(text, size) -> (w, h)`."""
    nodes = sorted(G.nodes, key=lambda n: (G.nodes[n].get("date") or "9999", n))
    lane_keys: dict[str, str] = {}
    member: dict[str, str] = {}
    for n in nodes:
        k, lab = lane_of(G, n, lang)
        lane_keys.setdefault(k, lab)
        member[n] = k
    # lanes top to bottom: by their first date; other, acts and research last
    first = {}
    for n in nodes:
        first.setdefault(member[n], G.nodes[n].get("date") or "9999")
    order = sorted(lane_keys, key=lambda k: (k.startswith("~"), k if k.startswith("~") else first[k], k))

    lane_w = max([measure(lane_keys[k], LANE_SIZE)[0] for k in order] + [60]) + 24
    lane_w = min(lane_w, 190)
    texts = {n: label_text(G.nodes[n]) for n in nodes}
    sizes = {n: measure(texts[n], LABEL_SIZE) for n in nodes}
    years = [_fraction_year(G.nodes[n].get("date")) for n in nodes]
    dated = [y for y in years if y is not None]
    undated = any(y is None for y in years)
    year0 = math.floor(min(dated)) - 1 if dated else 2000
    year1 = math.ceil(max(dated)) + 1 if dated else 2001
    plot_x0 = 16 + lane_w
    # undated nodes of one lane stand side by side in the last column, 44 pt apart
    spread: dict[str, list[str]] = {}
    for n, y in zip(nodes, years):
        if y is None:
            spread.setdefault(member[n], []).append(n)
    undated_w = max([max(sizes[n][0] for n in ns_) + 44 * (len(ns_) - 1) + 30 for ns_ in spread.values()] + [0])
    # wide enough that the years are not crammed: at least ~22 pt a year, and room for labels
    width = max(width, plot_x0 + (year1 - year0) * 22 + undated_w + 20)
    plot_x1 = width - 16
    undated_x0 = plot_x1 - undated_w if undated else None
    proto = Layout(width, 0, plot_x0, plot_x1, undated_x0, year0, year1, (), (), 0, 0)

    def x_of(n, y):
        if y is None:
            group = spread[member[n]]
            return (undated_x0 + plot_x1) / 2 + 44 * (group.index(n) - (len(group) - 1) / 2)
        return proto.x_of_year(y)

    xs = {n: x_of(n, y) for n, y in zip(nodes, years)}
    marker_band, gap, pad = 16.0, 3.0, 6.0
    # rows per lane, bottom-up coordinates are computed after heights are known
    lane_rows: dict[str, list[tuple[str, int]]] = {}
    lane_dims: dict[str, tuple[int, int, float]] = {}
    for k in order:
        members = [n for n in nodes if member[n] == k]
        members.sort(key=lambda n: (xs[n], n))
        row_h = max(sizes[n][1] for n in members) + gap
        # the edges that join two nodes of this lane bend below it; their labels then all go
        # above, so that no label hides an edge
        pairs: dict[tuple, int] = {}
        for u, v in G.edges():
            if member.get(u) == k and member.get(v) == k and u != v:
                pairs[tuple(sorted((u, v)))] = pairs.get(tuple(sorted((u, v))), 0) + 1
        arcs = max([bulge(abs(xs[a] - xs[b]), c - 1) for (a, b), c in pairs.items()] + [0])
        step = 2 if pairs else 1
        rows: dict[int, list[tuple[float, float]]] = {}
        assigned = []
        for n in members:
            w = sizes[n][0]
            cx = min(max(xs[n], plot_x0 + w / 2 + 2), plot_x1 - w / 2 - 2)
            iv = (cx - w / 2, cx + w / 2)
            slot = 0
            while any(not (iv[1] + pad <= a or b + pad <= iv[0]) for a, b in rows.get(slot, [])):
                slot += step
            rows.setdefault(slot, []).append(iv)
            assigned.append((n, slot))
        above = max([s // 2 + 1 for _, s in assigned if s % 2 == 0] + [0])
        below = max([s // 2 + 1 for _, s in assigned if s % 2 == 1] + [0])
        lane_rows[k] = assigned
        lane_dims[k] = (above, below, row_h, max(arcs + 6 - below * row_h, 0))

    title_h = 52.0
    axis_h = 34.0
    heights = {k: (lane_dims[k][0] + lane_dims[k][1]) * lane_dims[k][2] + lane_dims[k][3] + marker_band + 12
               for k in order}
    height = title_h + sum(heights.values()) + axis_h + legend_height
    lanes, placed = [], []
    top = height - title_h
    for k in order:
        above, below, row_h, room = lane_dims[k]
        y1, y0 = top, top - heights[k]
        my = y0 + 6 + below * row_h + room + marker_band / 2
        lanes.append(Lane(k, lane_keys[k][:1].upper() + lane_keys[k][1:], y0, y1))
        for n, slot in lane_rows[k]:
            w, h = sizes[n]
            cx = min(max(xs[n], plot_x0 + w / 2 + 2), plot_x1 - w / 2 - 2)
            r = slot // 2
            if slot % 2 == 0:
                b0 = my + marker_band / 2 + r * row_h
            else:
                b0 = my - marker_band / 2 - (r + 1) * row_h + gap
            placed.append(Placed(n, xs[n], my, texts[n], Box(cx - w / 2, b0, cx + w / 2, b0 + h)))
        top = y0
    return Layout(width, height, plot_x0, plot_x1, undated_x0, year0, year1, tuple(lanes), tuple(placed),
                  top, top - axis_h)


# ---------------------------------------------------------------------------------------------
# Drawing


def _measurer(fig):
    renderer = fig.canvas.get_renderer()
    cache = {}

    def measure(text: str, size: float) -> tuple[float, float]:
        if (text, size) not in cache:
            t = fig.text(0, 0, text, fontsize=size, family=FONT, linespacing=1.15)
            bb = t.get_window_extent(renderer)
            t.remove()
            cache[(text, size)] = (bb.width * 72 / fig.dpi + 4, bb.height * 72 / fig.dpi + 2)
        return cache[(text, size)]
    return measure


def _tick_step(span_pt_per_year: float) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if step * span_pt_per_year >= 34:
            return step
    return 100


def figure(G: nx.MultiDiGraph, lang: str | None = None):
    """The picture of a view as a matplotlib Figure (sized in points, drawn in data = points)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Rectangle

    lang = lang or G.graph.get("lang") or "en"
    scratch = Figure(dpi=72)
    FigureCanvasAgg(scratch)
    measure = _measurer(scratch)

    relations = [r for r in EDGE_STYLE if any(d.get("relation") == r for _, _, d in G.edges(data=True))]
    classes = [c for c in MARKER if any(d.get("class") == c for _, d in G.nodes(data=True))]
    statuses = sorted({d.get("in_force") for _, d in G.nodes(data=True) if d.get("class") == "instrument"},
                      key=lambda s: {True: 0, False: 1, None: 2}[s])
    ref_only = any(d.get("reference_only") for _, d in G.nodes(data=True))
    entries = len(relations) + len(classes) + len(statuses) + int(ref_only)
    heading, notes = _notes(G, lang)
    legend_rows = math.ceil(entries / 4)
    legend_h = 24 + legend_rows * 16 + (20 + 13 * len(notes) if notes else 0)

    L = layout(G, measure, lang, legend_height=legend_h)
    fig = Figure(figsize=(L.width / 72, L.height / 72), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, L.width)
    ax.set_ylim(0, L.height)
    ax.axis("off")
    txt = dict(family=FONT)

    # title and what the status colours refer to
    ax.text(16, L.height - 14, G.graph.get("title") or "", fontsize=TITLE_SIZE, weight="bold", va="top", **txt)
    sub = word("words", "status_on", lang).format(date=G.graph.get("on") or "")
    ax.text(16, L.height - 36, sub, fontsize=9, color="#555555", va="top", **txt)

    # lanes, with their names in the left column
    for i, lane in enumerate(L.lanes):
        ax.add_patch(Rectangle((8, lane.y0), L.width - 16, lane.y1 - lane.y0, color=LANE_SHADE[i % 2], zorder=0, lw=0))
        ax.plot([8, L.width - 8], [lane.y0, lane.y0], color="#d5d8dc", lw=0.6, zorder=0.5)
        name = "\n".join(textwrap.wrap(lane.label, 24))
        ax.text(16, (lane.y0 + lane.y1) / 2, name, fontsize=LANE_SIZE, weight="bold", va="center",
                color="#2c3e50", **txt)
    top = L.lanes[0].y1 if L.lanes else L.axis_y
    # the years across, with light lines through the lanes
    per_year = L.x_of_year(L.year0 + 1) - L.x_of_year(L.year0)
    step = _tick_step(per_year)
    first = math.ceil(L.year0 / step) * step
    for y in range(first, L.year1 + 1, step):
        x = L.x_of_year(y)
        ax.plot([x, x], [L.axis_y, top], color="#e5e8e8", lw=0.6, zorder=0.6)
        ax.text(x, L.axis_y - 4, str(y), fontsize=8, ha="center", va="top", color="#555555", **txt)
    ax.text((L.plot_x0 + (L.undated_x0 or L.plot_x1)) / 2, L.axis_y - 17, word("words", "signed", lang),
            fontsize=8.5, ha="center", va="top", color="#333333", **txt)
    if L.undated_x0 is not None:
        ax.plot([L.undated_x0, L.undated_x0], [L.axis_y, top], color="#aab7b8", lw=0.8, ls="--", zorder=0.6)
        ax.text((L.undated_x0 + L.plot_x1) / 2, L.axis_y - 4, word("words", "undated", lang), fontsize=8,
                ha="center", va="top", color="#555555", style="italic", **txt)

    pos = {p.node: (p.x, p.y) for p in L.placed}
    # edges under the labels; parallel edges between two nodes bend apart
    seen: dict[tuple, int] = {}
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        if u not in pos or v not in pos:
            continue
        color, ls, lw = EDGE_STYLE.get(d.get("relation"), ("#999999", "-", 1.0))
        k = seen.get(tuple(sorted((u, v))), 0)
        seen[tuple(sorted((u, v)))] = k + 1
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dist = math.hypot(x2 - x1, y2 - y1) or 1
        # arc3 bends by rad * dist / 2; the sign makes every arc bend below its nodes
        rad = min(0.6, 2 * bulge(dist, k) / dist) * (1 if x2 >= x1 else -1)
        ax.add_patch(FancyArrowPatch((x1, y1), (x2, y2), connectionstyle=f"arc3,rad={rad:.3f}",
                                     arrowstyle="-|>", mutation_scale=9, shrinkA=7, shrinkB=7, color=color,
                                     linestyle=ls, lw=lw, zorder=2, alpha=0.9))

    # markers and labels
    for p in L.placed:
        d = G.nodes[p.node]
        cls = d.get("class")
        face = STATUS_FACE[d.get("in_force")] if cls == "instrument" else CLASS_FACE.get(cls, "#ffffff")
        size = 9 + min(int(d.get("cited_by") or 0), 5) * 1.5 if cls == "instrument" else 8
        ax.plot([p.x], [p.y], marker=MARKER.get(cls, "o"), ms=size + (3 if d.get("focus") else 0),
                mfc=face, mec="#1b2631", mew=2.2 if d.get("focus") else 1.0, ls="none", zorder=4)
        if d.get("reference_only"):  # known only by reference: a dashed ring around it
            ax.add_patch(plt_circle(p.x, p.y, (size + 5) / 2))
        b = p.box
        if b.y0 > p.y + 8 or b.y1 < p.y - 8:  # a leader from a label in an outer row
            ly = b.y0 if b.y0 > p.y else b.y1
            ax.plot([p.x, min(max(p.x, b.x0 + 2), b.x1 - 2)], [p.y, ly], color="#aab7b8", lw=0.6, zorder=3)
        ax.add_patch(Rectangle((b.x0, b.y0), b.x1 - b.x0, b.y1 - b.y0, facecolor="white", edgecolor="#e5e8e8",
                               lw=0.5, alpha=0.92, zorder=5))
        ax.text((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, p.text, fontsize=LABEL_SIZE, ha="center", va="center",
                linespacing=1.15, zorder=6, color="#17202a", gid="label", **txt)

    # legend: relations, kinds of node, status
    handles = []
    for r in relations:
        color, ls, lw = EDGE_STYLE[r]
        handles.append(Line2D([], [], color=color, ls=ls, lw=lw + 0.4, label=word("relations", r, lang)))
    for c in classes:
        face = STATUS_FACE[None] if c == "instrument" else CLASS_FACE.get(c, "#ffffff")
        handles.append(Line2D([], [], marker=MARKER[c], ls="none", mfc=face, mec="#1b2631", ms=8,
                              label=word("classes", c, lang)))
    for s in statuses:
        key = {True: "in_force", False: "not_in_force", None: "unknown"}[s]
        handles.append(Line2D([], [], marker="o", ls="none", mfc=STATUS_FACE[s], mec="#1b2631", ms=8,
                              label=word("words", key, lang)))
    if ref_only:
        handles.append(Line2D([], [], marker="o", ls="none", mfc="none", mec="#7f8c8d", ms=12, mew=1,
                              label=word("words", "reference_only", lang)))
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(L.plot_x0 / L.width, (L.legend_y - 4) / L.height),
                   ncol=4, frameon=True, fontsize=8.5, prop={"family": FONT, "size": 8.5}, columnspacing=1.8,
                   handlelength=3.2, borderaxespad=0)
    if notes:
        y = L.legend_y - 24 - legend_rows * 16
        ax.text(L.plot_x0, y, heading + ":", fontsize=8.5, weight="bold", va="top", **txt)
        for i, line in enumerate(notes):
            ax.text(L.plot_x0 + 12, y - 14 - 13 * i, line, fontsize=8, va="top", **txt)
    return fig


def _name(d: dict, n: str) -> str:
    name = d.get("label") or n
    if d.get("date") and str(d["date"]) not in name:
        name += f", {d['date']}"
    return name


def _notes(G: nx.MultiDiGraph, lang: str) -> tuple[str, list[str]]:
    """Lines under the legend: the most cited (overview), or why each instrument is or is not
    in force on the date (supersession)."""
    view = G.graph.get("view")
    if view == "overview":
        most = [m for m in G.graph.get("most_cited") or [] if m in G]
        return word("words", "most_cited", lang), [
            f"{i + 1}. {_name(G.nodes[m], m)} — " + word("words", "cited_times", lang).format(n=G.nodes[m].get("cited_by"))
            for i, m in enumerate(most)]
    if view == "supersession":
        lines = []
        for n in sorted(G, key=lambda n: (G.nodes[n].get("date") or "9999", n)):
            d = G.nodes[n]
            if d.get("class") != "instrument":
                continue
            key = {True: "in_force", False: "not_in_force", None: "unknown"}[d.get("in_force")]
            lines.append(f"{_name(d, n)}: {word('words', key, lang)} — {d.get('in_force_reason') or ''}")
        return word("words", "status_on", lang).format(date=G.graph.get("on") or ""), lines
    return "", []


def plt_circle(x, y, r):
    from matplotlib.patches import Circle

    return Circle((x, y), r, fill=False, ls=(0, (2, 1.5)), ec="#7f8c8d", lw=0.9, zorder=4.5)


def render(G: nx.MultiDiGraph, fmt: str = "png", lang: str | None = None, dpi: int = 150) -> bytes:
    if fmt not in ("png", "svg"):
        raise ValueError(f"picture format {fmt!r}: png or svg")
    fig = figure(G, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Software": None} if fmt == "png" else {"Date": None})
    return buf.getvalue()


def text_boxes(fig) -> list[tuple[str, Box]]:
    """Every visible text of the figure (axes texts and legend) with its rendered box, in pixels."""
    from matplotlib.text import Text

    fig.draw_without_rendering()  # places the legend's texts
    renderer = fig.canvas.get_renderer()
    out, seen = [], set()
    for t in fig.findobj(Text):
        if id(t) in seen or not t.get_visible() or not str(t.get_text()).strip():
            continue
        seen.add(id(t))
        bb = t.get_window_extent(renderer)
        out.append((t.get_text(), Box(bb.x0, bb.y0, bb.x1, bb.y1)))
    return out


def overlapping_texts(fig) -> list[tuple[str, str]]:
    boxes = text_boxes(fig)
    bad = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if ba.overlaps(bb, pad=-0.5):
                bad.append((a, b))
    return bad
