"""The generated pages in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium).

Set KGRAPH_SCREENSHOTS=DIR to also write the README screenshots there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.build import build
from kgraph.store import GraphStore
from kgraph.viz import write_html, write_timeline

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
REPO = Path(__file__).resolve().parents[1]
# no full stop inside the payload, so it stays in the sentence of the statement that quotes it
HOSTILE = ('مستەفا کازمی گوتی: "<script>self[\'__pwned\']=1</script> <img src=x onerror=\'self[`__pwned`]=2\'> '
           'حکومەت پشتیوانی لە کۆمیسیۆنی باڵای سەربەخۆی هەڵبژاردنەکان دەکات".')

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pages")
    corpus = root / "corpus"
    corpus.mkdir()
    for doc in (REPO / "corpus").glob("*"):
        shutil.copy(doc, corpus / doc.name)
    (corpus / "hostile.ckb.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "hostile.ckb.meta.yaml").write_text('lang: ckb\npublished: "2021-08-01"\n', encoding="utf-8")
    with GraphStore(root / "store") as store:
        build([corpus], store)
    with GraphStore(root / "store", read_only=True) as store:
        write_html(store, root / "graph.html")
        write_timeline(store, root / "timeline.html")
    return {"graph": root / "graph.html", "timeline": root / "timeline.html"}


def _open(browser, path: Path, errors: list[str], requests: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    return page


def test_graph_page_stabilises_with_actors_and_no_errors(browser, pages) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page = _open(browser, pages["graph"], errors, requests)
    page.wait_for_selector("body[data-stable='true']", state="attached", timeout=30000)
    labels = page.evaluate("window.kgraphNetwork.body.data.nodes.get().map(n => n.label)")
    assert any("Iraq" in label and "عێراق" in label for label in labels)
    assert any("United States" in label for label in labels)
    assert errors == [] and requests == []  # no console errors, nothing fetched from the network
    if os.environ.get("KGRAPH_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["KGRAPH_SCREENSHOTS"]) / "graph.png"))
    page.close()


def test_time_filter_narrows_the_statements(browser, pages) -> None:
    page = _open(browser, pages["graph"], [], [])
    page.wait_for_selector("body[data-stable='true']", state="attached", timeout=30000)
    everything = page.evaluate("window.kgraphSetRange(0, 10000)")
    first_day_only = page.evaluate("window.kgraphSetRange(0, 0)")
    assert 0 < first_day_only < everything
    page.close()


def test_hostile_text_is_shown_not_run(browser, pages) -> None:
    """A <script> and an onerror handler inside a document appear as text in tooltips; neither runs."""
    errors: list[str] = []
    page = _open(browser, pages["graph"], errors, [])
    page.wait_for_selector("body[data-stable='true']", state="attached", timeout=30000)
    titles = page.evaluate("window.kgraphNetwork.body.data.nodes.get().map(n => n.title || '')")
    hostile = [t for t in titles if "<script>" in t]
    assert hostile, "the hostile sentence should be in a tooltip"
    node_id = page.evaluate("""() => { const n = window.kgraphNetwork.body.data.nodes.get()
        .find(n => (n.title || '').includes('<script>')); return n.id; }""")
    point = page.evaluate("""(id) => { const net = window.kgraphNetwork; net.focus(id, {scale: 1.5});
        const p = net.getPositions([id])[id]; return net.canvasToDOM(p); }""", node_id)
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tooltip = page.locator("div.vis-tooltip")
    assert "<script>" in tooltip.inner_text()
    assert tooltip.locator("script, img").count() == 0
    assert page.evaluate("typeof self.__pwned") == "undefined"
    assert errors == []
    page.close()


def test_timeline_page_shows_deadlines_ledger_and_escapes_text(browser, pages) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page = _open(browser, pages["timeline"], errors, requests)
    assert page.locator("svg#timeline rect.deadline").count() >= 1
    ledger = page.locator("table#ledger").inner_text()
    assert "withdraw" in ledger and "hold-election" in ledger
    content = page.content()
    assert "&lt;script&gt;" in content and page.evaluate("typeof self.__pwned") == "undefined"
    assert errors == [] and requests == []
    if os.environ.get("KGRAPH_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["KGRAPH_SCREENSHOTS"]) / "timeline.png"), full_page=True)
    page.close()
