"""How much of each chapter a reader reads as prose and how much is code.

    python -m bookkit.build.readability        # non-blank code and prose lines per chapter

Code lines are the non-blank lines of code cells as the text notebook writes them, a cell's
options (`:tags: [...]`) included; prose lines are the non-blank lines of Markdown cells (MyST
targets such as `(label)=` and the front matter left out). The book's rule, which a test enforces: no chapter has more code than prose.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import notebooks

_TARGET = re.compile(r"^\(\S+\)=$")


def line_counts(notebook: Path) -> tuple[int, int]:
    """(code lines, prose lines) of one chapter."""
    code = prose = 0
    for cell in notebooks.read(notebook)["cells"]:
        lines = [ln for ln in notebooks.cell_text(cell).splitlines() if ln.strip()]
        if cell["cell_type"] == "code":
            code += len(lines) + (1 if cell.get("metadata", {}).get("tags") else 0)  # the `:tags:` line
        elif cell["cell_type"] == "markdown":
            prose += sum(1 for ln in lines if not _TARGET.match(ln.strip()))
    return code, prose


def main() -> int:
    from .book import chapter_notebooks

    print(f"{'chapter':<16} {'code':>5} {'prose':>5}  code <= prose")
    worst = 0
    for nb in chapter_notebooks():
        code, prose = line_counts(nb)
        worst = max(worst, code - prose)
        print(f"{nb.stem:<16} {code:>5} {prose:>5}  {'yes' if code <= prose else 'NO'}")
    return 0 if worst <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
