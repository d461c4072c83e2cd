"""Two executions of a chapter write byte-identical figures and data. The on-device chapter
is left out: it measures this machine, so its timings differ by design."""

from __future__ import annotations

import pytest

from bookkit.build import book, pipeline

MEASURING = {"ondevice"}
CHAPTERS = [nb for nb in book.chapter_notebooks() if nb.stem not in MEASURING and pipeline.run_order(nb) == 0]


def _outputs(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "figures").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.stem)
def test_reruns_write_identical_bytes(nb_path, tmp_path, monkeypatch):
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        monkeypatch.setenv("BOOKKIT_OUTPUT", str(out))
        pipeline.execute(nb_path, parameters={"quick": True}, output=tmp_path / f"{run}.ipynb", record=False)
        outputs.append(_outputs(out))
    assert outputs[0], "the chapter saved no figures"
    assert outputs[0].keys() == outputs[1].keys()
    differing = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert not differing, f"files that differ between runs: {differing}"
