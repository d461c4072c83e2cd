"""Rules of the repository itself."""

from __future__ import annotations

import subprocess

from bookkit import paths

MAX_BYTES = 5 * 1024 * 1024


def test_no_committed_file_over_5_mb():
    files = subprocess.run(["git", "ls-files", "-z"], cwd=paths.ROOT, capture_output=True, check=True).stdout
    big = [f for f in files.decode().split("\0") if f and (paths.ROOT / f).is_file()
           and (paths.ROOT / f).stat().st_size > MAX_BYTES]
    assert not big, f"files over 5 MB: {big}"
