"""Executing a chapter needs no network: everything downloaded is fetched at install time
(`make fetch`). The speech chapter, the one that uses downloads, runs in a network namespace
with only loopback (the kernel talks to papermill over it) and writes the published outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from bookkit import paths
from bookkit.build import variant

OFFLINE = ["unshare", "--map-root-user", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]


def _offline_available() -> bool:
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    return subprocess.run([*OFFLINE, "true"], capture_output=True).returncode == 0


def test_the_speech_chapter_runs_offline_and_writes_the_published_outputs():
    if not (paths.HTML / "index.html").exists():
        pytest.skip("the book is not built")
    if not any((paths.BUILD / "corpus" / "debs").glob("*.deb")):
        pytest.skip("the speech corpus was not fetched (no apt-get here): the chapter uses committed embeddings")
    if not _offline_available():
        pytest.skip("no network namespaces here (unshare and ip are needed)")
    blocked = subprocess.run([*OFFLINE, sys.executable, "-c",
                              "import socket; socket.create_connection(('pypi.org', 443), timeout=5)"],
                             capture_output=True, text=True)
    assert blocked.returncode != 0, "the namespace still reaches the network"
    proc = subprocess.run([*OFFLINE, sys.executable, "-m", "bookkit.build.variant", "speech"], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = variant.variant_dir("speech", {})
    executed = (out / "speech.ipynb").read_text(encoding="utf-8")
    assert "committed (data/speech/embeddings.csv)" not in executed, "the chapter fell back to committed embeddings"
    assert "committed (data/speech/tts_panel.csv)" not in executed, "the TTS panel fell back to its committed clips"
    published = sorted((paths.figures_dir() / "speech").rglob("*.csv"))
    assert published
    differing = [p.name for p in published
                 if p.read_bytes() != (out / "figures" / "speech" / p.relative_to(paths.figures_dir() / "speech")).read_bytes()]
    assert not differing, f"offline outputs differ from the published ones: {differing}"
