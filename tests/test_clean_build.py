"""Two clean builds write byte-identical figures, data and verdicts: every PNG, SVG, CSV and
JSON under figures/, and the claims each chapter recorded. The second build runs in a copy of
this checkout, from nothing but the sources: no executed notebooks, no cached embeddings.
Two things are carried over on purpose: the downloaded speech corpus (an acquisition cache
of Debian packages, checked by checksums) and the on-device chapter (executed copy, figures
and verdicts), whose outputs are timings of this machine and differ by design."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from bookkit import paths

MEASURING = "ondevice"


def _source_files() -> list[str]:
    """Tracked files and new files not ignored: the checkout as a fresh clone would have it."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (paths.ROOT / f).is_file()]


def _outputs(root):
    """Figures with their data, and every chapter's recorded verdicts."""
    files = [*(root / "figures").rglob("*"), *(root / "_build" / "claims").glob("*.json")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(files) if p.is_file() and p.name != "README.md"}


@pytest.fixture(scope="module")
def second_build(tmp_path_factory):
    if not (paths.HTML / "index.html").exists():
        pytest.skip("build the book first (make test does)")
    clone = tmp_path_factory.mktemp("clean") / "book"
    for f in _source_files():
        (clone / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.ROOT / f, clone / f)
    build = clone / "_build"
    (build / "executed").mkdir(parents=True)
    if (paths.BUILD / "corpus").exists():
        (build / "corpus").symlink_to(paths.BUILD / "corpus", target_is_directory=True)
    for suffix in (".ipynb", ".inputs.json"):
        shutil.copy2(paths.EXECUTED / f"{MEASURING}{suffix}", build / "executed" / f"{MEASURING}{suffix}")
    shutil.copytree(paths.figures_dir() / MEASURING, clone / "figures" / MEASURING)
    (build / "claims").mkdir()
    shutil.copy2(paths.claims_dir() / f"{MEASURING}.json", build / "claims" / f"{MEASURING}.json")
    env = {**os.environ, "PYTHONPATH": str(clone)}
    env.pop("BOOKKIT_OUTPUT", None)
    proc = subprocess.run([sys.executable, "-m", "bookkit.build", "--no-html"], cwd=clone,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert re.search(rf"skip\s+chapters/{MEASURING}\.md", proc.stdout), "the measuring chapter was re-executed"
    return clone


def test_two_clean_builds_write_identical_figures_data_and_verdicts(second_build):
    first, second = _outputs(paths.ROOT), _outputs(second_build)
    assert first.keys() == second.keys(), sorted(first.keys() ^ second.keys())
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files that differ between two clean builds: {differing}"
