"""The built book in a real browser: every page answers, every image loads, the console
stays clean, and nothing is requested from outside this machine.

Drives Debian's Chromium (/usr/bin/chromium) with Playwright over the site served on
127.0.0.1. Screenshots of every page go to _build/screenshots/ as a build artifact.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bookkit import paths

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = paths.BUILD / "screenshots"
pytestmark = [
    pytest.mark.skipif(not (paths.HTML / "index.html").exists(), reason="no built site: run `make book`"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make installs it as root)"),
]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    handler = functools.partial(_Quiet, directory=str(paths.HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


PAGES = sorted(p.relative_to(paths.HTML).as_posix() for p in paths.HTML.rglob("*.html")
               if p.relative_to(paths.HTML).parts[0] not in ("_static", "_sources", "_images", "_downloads")
               ) if paths.HTML.exists() else []


@pytest.mark.parametrize("page", PAGES)
def test_page_in_a_browser(site, browser, page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors, outside, missing = [], [], []
    tab.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    tab.route("**/*", route)
    response = tab.goto(f"{site}/{page}", wait_until="load")
    assert response is not None and response.status == 200, page
    tab.wait_for_load_state("networkidle")
    broken = tab.eval_on_selector_all("img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / (page.replace("/", "__") + ".png")), full_page=True)
    context.close()
    assert not broken, f"images that did not load: {broken}"
    assert not outside, f"requests that left this machine: {outside}"
    assert not missing, f"requests that failed: {missing}"
    assert not errors, f"console errors: {errors}"


REPORT_CHAPTERS = ["open-vs-closed", "lightweight", "ondevice", "video", "speech", "valuation"]


@pytest.mark.parametrize("chapter", REPORT_CHAPTERS)
def test_a_chapter_reads_findings_first_with_its_code_folded(site, browser, chapter):
    """What a reader sees without a click: the findings before the first figure, no code
    but the parameters cell, every figure and the verdict table; and the tally's links land
    on rows of the ledger."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site}/chapters/{chapter}.html", wait_until="load")
    order = tab.evaluate("""() => {
        const h = [...document.querySelectorAll('h2')].find(e => e.textContent.includes('What this chapter finds'));
        const fig = document.querySelector('figure, div.figure');
        return h && fig ? h.compareDocumentPosition(fig) & Node.DOCUMENT_POSITION_FOLLOWING : -1;
    }""")
    assert order > 0, "'What this chapter finds' must come before the first figure"
    # Playwright's visibility: the content of a closed <details> (a folded cell) is not visible.
    inputs = tab.locator("div.cell:not(.tag_parameters) div.cell_input")
    assert inputs.count() > 0
    visible_code = sum(inputs.nth(i).is_visible() for i in range(inputs.count()))
    assert visible_code == 0, f"{visible_code} code cells shown without a click"
    figures_ = tab.locator("figure img")
    assert figures_.count() > 0
    hidden_figures = sum(not figures_.nth(i).is_visible() for i in range(figures_.count()))
    assert hidden_figures == 0, f"{hidden_figures} figures hidden"
    assert tab.locator("div.cell.tag_parameters div.cell_input").first.is_visible()
    links = tab.eval_on_selector_all("a[href*='ledger.html#v-']", "as => as.map(a => a.getAttribute('href'))")
    assert links, "the verdict tally links to no ledger rows"
    context.close()
    ledger = (paths.HTML / "chapters" / "ledger.html").read_text(encoding="utf-8")
    for href in links:
        assert f'id="{href.split("#")[1]}"' in ledger, f"{href} lands on no row of the ledger"


def test_the_gallery_finds_every_figure_with_every_download_answering(site, browser):
    """The Figures page in the browser: every figure's heading and all its downloads
    (image, vector, data and slide in English; image, vector and slide in Chinese), each
    link answering 200."""
    import json

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    assert tab.goto(f"{site}/chapters/gallery.html", wait_until="load").status == 200
    hrefs = tab.eval_on_selector_all("a.download", "as => as.map(a => a.href)")
    headings = [h.replace("\u2019", "'") for h in  # Sphinx's smart quotes
                tab.eval_on_selector_all("h3", "hs => hs.map(h => h.textContent)")]
    failed = [f"{r.status} {h}" for h in sorted(set(hrefs)) if (r := tab.request.get(h)).status != 200]
    context.close()
    assert not failed, failed
    names = {h.rsplit("/", 1)[1] for h in hrefs}
    for meta_path in sorted(paths.figures_dir().glob("*/*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        assert any(meta["title"] in h for h in headings), meta["title"]
        for ext in ("png", "svg", "csv", "pptx", "zh.png", "zh.svg", "zh.pptx"):
            assert f"{meta['slug']}.{ext}" in names, (meta["slug"], ext)
