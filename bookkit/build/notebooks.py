"""Chapters are MyST Markdown text notebooks (jupytext's `md:myst`): prose and code diff as
text. This module reads one, in either form, as the notebook papermill executes.

A text notebook has no cell ids, so each cell gets `cell-NN` by position: the same text
always gives the same notebook, byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FORMAT = "md:myst"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def is_text_notebook(path: Path) -> bool:
    """A `.md` file whose front matter names a kernel: a notebook, not a prose page."""
    path = Path(path)
    if path.suffix != ".md" or not path.exists():
        return False
    m = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return bool(m and re.search(r"^kernelspec:", m.group(1), re.M))


def read(path: Path) -> dict:
    """The notebook as a dict in nbformat 4's layout (a text notebook converted, with ids by
    position; an `.ipynb` as stored)."""
    path = Path(path)
    if path.suffix == ".ipynb":
        return json.loads(path.read_text(encoding="utf-8"))
    import jupytext
    import nbformat

    nb = jupytext.read(path, fmt=FORMAT)
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("language_info", {"name": "python"})
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return json.loads(nbformat.writes(nb))


def write_ipynb(source: Path, target: Path) -> Path:
    """Write `source` (text notebook or `.ipynb`) to `target` as an `.ipynb` for papermill."""
    target.write_text(json.dumps(read(source), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def chapter_source(root: Path, doc: str) -> Path | None:
    """The executable source of a table-of-contents entry: `<doc>.md` if it is a text
    notebook, else `<doc>.ipynb` if there is one, else None (a prose page)."""
    md, nb = Path(root) / f"{doc}.md", Path(root) / f"{doc}.ipynb"
    if is_text_notebook(md):
        return md
    return nb if nb.exists() else None


def parameters(path: Path) -> dict:
    """The defaults of a chapter's `parameters` cell, {name: value} (literal assignments)."""
    import ast

    for cell in read(path)["cells"]:
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            found = {}
            for node in ast.parse(cell_text(cell)).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    found[node.targets[0].id] = ast.literal_eval(node.value)
            return found
    raise ValueError(f"{path}: no cell tagged 'parameters'")
