"""Every path the book uses, in one place.

Outputs that a chapter writes (figures, claims, the log of data files read) can be
redirected with BOOKKIT_OUTPUT so tests never touch the working tree.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bookkit"
DATA = ROOT / "data"
CHAPTERS = ROOT / "chapters"
SOURCES_CSV = DATA / "sources.csv"
CITATION = ROOT / "CITATION.cff"
BUILD = ROOT / "_build"
EXECUTED = BUILD / "executed"  # papermill output, one notebook + input hash per chapter
STAGE = BUILD / "stage"  # the book source as Sphinx sees it: executed notebooks in place
HTML = BUILD / "html"  # the last good build
VENDOR = BUILD / "vendor"  # static assets fetched at install time (MathJax)


def output_root() -> Path:
    """Where chapters write what they produce; the repository unless redirected."""
    return Path(os.environ.get("BOOKKIT_OUTPUT", ROOT))


def figures_dir() -> Path:
    return output_root() / "figures"


def claims_dir() -> Path:
    return output_root() / "_build" / "claims"


def relative_to_root(path: Path) -> str:
    """A repository-relative POSIX path for messages and manifests."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
