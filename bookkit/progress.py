"""A progress line for a chapter's long steps, shown in the build's terminal.

    progress.report("embeddings", 8, 25, "voices")

The pipeline gives each executing chapter a file (BOOKKIT_PROGRESS) and prints its latest
line while the chapter runs; outside a build (a reader's own kernel) nothing is written.
"""

from __future__ import annotations

import os


def report(step: str, done: int, total: int, unit: str = "") -> None:
    """Record that `done` of `total` units of a step are finished."""
    target = os.environ.get("BOOKKIT_PROGRESS")
    if not target:
        return
    line = f"{step}: {done}/{total}{' ' + unit if unit else ''}"
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(line + "\n")
