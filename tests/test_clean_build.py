"""Two clean builds write byte-identical figures, data and verdicts: every PNG, SVG, CSV and
JSON under figures/, and the claims each chapter recorded. The second build runs in a copy of
this checkout, from nothing but the sources and what the benchmark allows: the downloaded
speech corpus (Debian packages and source distributions, checked by their digests). No
executed notebook, embedding cache or figure is carried. Every chapter executes, and every
output is compared except the on-device chapter's figures, which are measurements of this
machine (bandwidth, FLOP/s, timed runs) and differ by design, and the book's slide decks
(English and Chinese), which show them; its verdicts, and the slides of every other
chapter, are compared."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from bookkit import paths

# Measurements of this machine, which differ from run to run by design: the on-device
# chapter's figures, and the book's decks (book-slides.pptx, book-slides.zh.pptx), which
# show them among the others.
MEASURED = ("figures/ondevice/", "figures/book-slides.")


def _source_files() -> list[str]:
    """Tracked files and new files not ignored: the checkout as a fresh clone would have it."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (paths.ROOT / f).is_file()]


def _outputs(root):
    """Figures with their data, and every chapter's recorded verdicts."""
    files = [*(root / "figures").rglob("*"), *(root / "_build" / "claims").glob("*.json")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(files)
            if p.is_file() and p.name != "README.md" and not p.relative_to(root).as_posix().startswith(MEASURED)}


@pytest.fixture(scope="module")
def second_build(tmp_path_factory):
    if not (paths.HTML / "index.html").exists():
        pytest.skip("build the book first (make test does)")
    clone = tmp_path_factory.mktemp("clean") / "book"
    for f in _source_files():
        (clone / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.ROOT / f, clone / f)
    build = clone / "_build"
    build.mkdir(parents=True)
    for archives in ("debs", "arctic/sdists"):  # downloads, carried as the benchmark carries them
        if (paths.BUILD / "corpus" / archives).exists():
            (build / "corpus" / archives).parent.mkdir(parents=True, exist_ok=True)
            (build / "corpus" / archives).symlink_to(paths.BUILD / "corpus" / archives, target_is_directory=True)
    env = {**os.environ, "PYTHONPATH": str(clone)}
    env.pop("BOOKKIT_OUTPUT", None)
    fetched = subprocess.run([sys.executable, "-m", "bookkit.build.fetch"], cwd=clone, capture_output=True,
                             text=True, env=env)  # unpacks and checks; downloads nothing already carried
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    proc = subprocess.run([sys.executable, "-m", "bookkit.build", "--no-html"], cwd=clone,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not re.search(r"skip\s+chapters/", proc.stdout), "a chapter was not executed from scratch"
    # staging writes the slides and decks from the figures, as the first build's staging did
    staged = subprocess.run([sys.executable, "-c", "from bookkit.build import book; book.stage()"], cwd=clone,
                            capture_output=True, text=True, env=env)
    assert staged.returncode == 0, staged.stderr[-3000:]
    return clone


def test_two_clean_builds_write_identical_figures_data_and_verdicts(second_build):
    first, second = _outputs(paths.ROOT), _outputs(second_build)
    assert first.keys() == second.keys(), sorted(first.keys() ^ second.keys())
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files that differ between two clean builds: {differing}"
