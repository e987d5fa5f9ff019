"""The pictures of the lineage views: what a reader sees, checked on the rendered figure."""

import xml.etree.ElementTree as ET

import pytest
from graph_support import CATALOG

from kg.views import draw
from kg.views import lineage
from kg.pipeline.build import build
from kg.pipeline.publish import open_store

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("draw-data")
    assert build(None, d, catalog_path=CATALOG).ok
    return open_store(d)


VIEWS = [("timeline", None, {"pair": "KZ,KG"}), ("overview", None, {}),
         ("lineage", "treaty:KZ-KG:2024-04-19", {}), ("supersession", None, {"on": "2010-01-01"})]


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("name, inst, kw", VIEWS, ids=[v[0] for v in VIEWS])
def test_no_two_texts_overlap(store, name, inst, kw, lang):
    fig = draw.figure(lineage.view(store, name, inst, lang=lang, **kw))
    boxes = draw.text_boxes(fig)
    assert len(boxes) > 10
    assert draw.overlapping_texts(fig) == []


def test_the_timeline_has_lanes_a_date_axis_and_a_legend(store):
    G = lineage.view(store, "timeline", pair="KZ,KG", lang="en")
    texts = [t for t, _ in draw.text_boxes(draw.figure(G))]
    assert G.graph["title"] in texts
    assert {"Treaty", "Ratifying act", "Research"} <= set(texts)  # lanes by kind
    assert {"1990", "2000", "2010", "2020"} <= set(texts) and "date of signature" in texts
    assert {"guided by", "reaffirms", "ratifies", "discusses"} <= set(texts)  # the legend
    assert any("1997-04-08" in t for t in texts) and "date not given" in texts


def test_the_overview_has_one_lane_per_pair_and_the_most_cited(store):
    G = lineage.view(store, "overview", lang="en")
    texts = [t for t, _ in draw.text_boxes(draw.figure(G))]
    assert {"Kazakhstan – Kyrgyzstan", "Kazakhstan – Azerbaijan"} <= set(texts)
    assert "most cited:" in texts and any(t.startswith("1. Treaty KZ–KG, 1997-04-08") for t in texts)


def test_kazakh_labels_are_drawn_with_a_font_that_has_the_letters(store):
    from matplotlib import font_manager

    G = lineage.view(store, "timeline", pair="KZ,KG", lang="kk")
    fig = draw.figure(G)
    text = "".join(t for t, _ in draw.text_boxes(fig))
    assert set(KAZAKH_LETTERS) - {"һ"} <= set(text.lower())
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont(draw.FONT, fallback_to_default=False))
    charmap = font.get_charmap()
    assert all(ord(c) in charmap for c in KAZAKH_LETTERS + KAZAKH_LETTERS.upper())


def test_png_and_svg(store):
    G = lineage.view(store, "supersession", on="2010-01-01", lang="ru")
    png = draw.render(G, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    svg = draw.render(G, "svg")
    assert ET.fromstring(svg).tag.endswith("svg")
    with pytest.raises(ValueError):
        draw.render(G, "jpg")


def test_the_layout_never_puts_two_labels_on_each_other():
    """Many instruments of one pair within days of each other: rows stack, nothing overlaps."""
    import networkx as nx

    G = nx.MultiDiGraph(view="timeline", lang="en", on="2024-01-01", title="crowded")
    for i in range(12):
        G.add_node(f"n{i}", caption=f"Agreement number {i} on something", date=f"2020-01-{i + 1:02d}",
                   **{"class": "instrument"}, kind="agreement", kind_label="agreement", in_force=None,
                   parties=["KZ", "KG"])
    for i in range(11):
        G.add_edge(f"n{i + 1}", f"n{i}", relation="amends")
    fig = draw.figure(G)
    assert draw.overlapping_texts(fig) == []


def test_the_overlap_checker_finds_two_labels_on_each_other(store):
    """The check the tests above rely on, shown failing: a label drawn over another is caught,
    one moved clear of it is not."""
    fig = draw.figure(lineage.view(store, "timeline", pair="KZ,KG", lang="en"))
    assert draw.overlapping_texts(fig) == []
    ax = fig.axes[0]
    text, box = next((t, b) for t, b in draw.text_boxes(fig) if t == "date of signature")
    x, y = ax.transData.inverted().transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
    ax.text(x, y, "an intruder over the axis label", ha="center", va="center",
            transform=ax.transData, fontsize=9, clip_on=False)
    assert ("date of signature", "an intruder over the axis label") in draw.overlapping_texts(fig) or \
        ("an intruder over the axis label", "date of signature") in draw.overlapping_texts(fig)
