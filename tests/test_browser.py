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
