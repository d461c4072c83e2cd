"""Every chapter notebook is clean, parameterised and executes in quick mode."""

from __future__ import annotations

import nbformat
import pytest

from bookkit import build, paths, pipeline

NOTEBOOKS = build.chapter_notebooks()


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_clean_with_parameters(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit without outputs"
    assert any("parameters" in c.metadata.get("tags", []) for c in code), "needs a parameters cell"
    assert "quick" in next(c.source for c in code if "parameters" in c.metadata.get("tags", []))
    assert nb.metadata["kernelspec"]["name"] == "python3" and "language_info" in nb.metadata


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executes_in_quick_mode(nb_path, tmp_path, scratch_output):
    out = pipeline.execute(nb_path, parameters={"quick": True}, output=tmp_path / nb_path.name,
                           record=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
    assert not warnings, f"warnings shown in the book: {warnings}"
    if "claims.Ledger(" in nb_path.read_text(encoding="utf-8"):
        assert (scratch_output / "_build" / "claims" / f"{nb_path.stem}.json").exists()
    assert paths.ROOT not in (scratch_output.parents)  # wrote to the scratch folder only
