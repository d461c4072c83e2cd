"""Every chapter is a MyST text notebook: parameterised, its code folded, and it executes in
quick mode."""

from __future__ import annotations

import nbformat
import pytest

from bookkit.build import book, notebooks, pipeline
from bookkit import paths

NOTEBOOKS = book.chapter_notebooks()


def test_there_are_chapters():
    assert NOTEBOOKS


def test_chapters_are_text_notebooks_with_no_ipynb_beside_them():
    assert all(nb.suffix == ".md" for nb in NOTEBOOKS), [nb.name for nb in NOTEBOOKS if nb.suffix != ".md"]
    assert not list(paths.CHAPTERS.glob("*.ipynb"))


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_and_every_other_code_cell_folded(nb_path):
    nb = notebooks.read(nb_path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and "quick" in notebooks.cell_text(params[0]), "needs one parameters cell with `quick`"
    visible = [notebooks.cell_text(c)[:60] for c in code
               if c not in params and "hide-input" not in c["metadata"].get("tags", [])]
    assert not visible, f"code cells shown without a click: {visible}"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_same_text_gives_the_same_notebook(nb_path, tmp_path):
    a = notebooks.write_ipynb(nb_path, tmp_path / "a.ipynb").read_bytes()
    b = notebooks.write_ipynb(nb_path, tmp_path / "b.ipynb").read_bytes()
    assert a == b


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executes_in_quick_mode(nb_path, tmp_path, scratch_output):
    out = pipeline.execute(nb_path, parameters={"quick": True}, output=tmp_path / f"{nb_path.stem}.ipynb",
                           record=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
    assert not warnings, f"warnings shown in the book: {warnings}"
    if "claims.Ledger(" in nb_path.read_text(encoding="utf-8"):
        assert (scratch_output / "_build" / "claims" / f"{nb_path.stem}.json").exists()
    assert paths.ROOT not in (scratch_output.parents)  # wrote to the scratch folder only
