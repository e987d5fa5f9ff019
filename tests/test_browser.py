"""The pages in a real browser: headless Chromium (Debian's package) driven by Playwright, on a
running `kg serve`. Every page loads with no console error and no request leaving 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from test_serve_support import Served, built_corpus

TREATY = "treaty/kz-kg/2024-04-19"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@pytest.fixture(scope="module")
def server():
    s = Served("--data", str(built_corpus()), workers=1)
    yield s.base
    s.stop()


@pytest.fixture(scope="module")
def browser():
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium here (scripts/setup.sh installs Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed: run scripts/setup.sh (it is in the test extra)")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=binary, headless=True,
                                                   args=FLAGS, viewport={"width": 1400, "height": 900})
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


class Watched:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, ctx, base):
        self.base = base
        self.page = ctx.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))

    def check(self):
        assert not self.errors, self.errors
        outside = [u for u in self.requests if not u.startswith(self.base) and not u.startswith(("data:", "blob:"))]
        assert not outside, outside
        self.page.close()


def test_home_shows_what_is_in_the_graph(browser, server):
    w = Watched(browser, server)
    w.page.goto(server + "/")
    assert w.page.locator("#counts li").count() >= 10
    assert w.page.locator("#instruments tbody tr").count() >= 11
    w.page.select_option("select[name=pair]", "KZ-KG")
    w.page.click("form.filters button[type=submit]")
    w.page.wait_for_url("**pair=KZ-KG**")
    rows = w.page.locator("#instruments tbody tr")
    assert rows.count() >= 5 and all("KZ–KG" in rows.nth(i).inner_text() for i in range(rows.count()))
    w.page.click("header .langs a[data-lang=kk]")
    assert "Графта не бар" in w.page.locator("h1").inner_text()
    w.check()


def test_instrument_page_a_fact_scrolls_to_its_words(browser, server):
    w = Watched(browser, server)
    w.page.goto(f"{server}/instrument/{TREATY}")
    assert "одақтастық" in w.page.locator("#title").inner_text()
    assert w.page.locator("#articles > li").count() == 22
    fact = w.page.locator("#articles li .obligations .fact").nth(12)
    fact.scroll_into_view_if_needed()
    fact.click()
    marked = w.page.locator(".source.on .hl")
    assert marked.count() >= 1
    # the marked words are the obligation's wording, and they are in view inside the text pane
    wording = fact.locator("span[lang]").inner_text().split()[:3]
    assert " ".join(wording) in " ".join(marked.all_inner_texts()).replace("\n", " ").split("  ")[0] or \
        wording[0] in marked.first.inner_text()
    pane = w.page.locator(".source.on").bounding_box()
    box = marked.first.bounding_box()
    assert pane["y"] <= box["y"] <= pane["y"] + pane["height"], (pane, box)
    assert "on" in fact.get_attribute("class")
    # a relation is a link to the other instrument's page
    w.page.click("#relations a[href*='1997-04-08']")
    w.page.wait_for_url("**/instrument/treaty/kz-kg/1997-04-08**")
    w.check()


def test_lineage_explorer(browser, server):
    w = Watched(browser, server)
    p = w.page
    p.goto(server + "/lineage")
    p.wait_for_function("document.getElementById('cy').dataset.ready > 0")
    nodes = p.evaluate("kgCy.nodes().length")
    assert nodes >= 10
    visible = "kgCy.edges().filter(e => e.style('display') !== 'none').length"
    before = p.evaluate(visible)
    p.uncheck("#relations input[value=ratifies]")
    after = p.evaluate(visible)
    assert 0 < after < before
    p.check("#relations input[value=ratifies]")
    assert p.evaluate(visible) == before
    # by pair: the KZ–KG timeline
    p.select_option("#pair", "KZ-KG")
    p.wait_for_function("document.getElementById('cy').dataset.ready > 0 && kgCy.getElementById('https://w3id.org/bilateral-kg/id/treaty/kz-az/2005-05-24').length === 0")
    assert p.evaluate("kgCy.getElementById('https://w3id.org/bilateral-kg/id/%s').length" % TREATY) == 1
    # click a node: its details, with a link to its page
    pos = p.evaluate("""(() => { const n = kgCy.getElementById('https://w3id.org/bilateral-kg/id/%s');
        const r = document.getElementById('cy').getBoundingClientRect(); const q = n.renderedPosition();
        return {x: r.left + q.x, y: r.top + q.y}; })()""" % TREATY)
    p.mouse.click(pos["x"], pos["y"])
    p.wait_for_selector("#detail-title")
    assert "2024-04-19" in p.locator("#details").inner_text()
    p.click("#detail-link")
    p.wait_for_url(f"**/instrument/{TREATY}**")
    w.check()


def test_sparql_editor_runs_an_example(browser, server):
    w = Watched(browser, server)
    p = w.page
    p.goto(server + "/query")
    p.wait_for_selector(".yasqe .CodeMirror")
    p.click("button.example[data-name=cq08_timeline]")
    p.wait_for_selector(".yasr table.dataTable tbody tr")
    text = p.locator(".yasr").inner_text()
    assert "2024-04-19" in text and "guided_by" in text
    assert all(u.startswith(server) for u in w.requests if "/sparql" in u)
    w.check()


def test_api_docs_are_served_from_here(browser, server):
    w = Watched(browser, server)
    w.page.goto(server + "/api/docs")
    w.page.wait_for_selector(".opblock-summary-path")
    assert w.page.locator(".opblock").count() >= 8
    w.check()
