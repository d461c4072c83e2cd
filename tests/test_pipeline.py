"""Re-execute or skip: a chapter runs again exactly when its notebook, the data it read,
the package or the pinned environment changed; failures name the notebook and cell."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from bookkit import paths
from bookkit.build import pipeline


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def sandbox(tmp_path, monkeypatch, scratch_output):
    """A chapter that reads one of two data tables, executed into a temp EXECUTED folder."""
    monkeypatch.setattr(paths, "EXECUTED", tmp_path / "executed")
    src = tmp_path / "data"
    src.mkdir()
    for name in ("read", "unread"):
        (src / f"{name}.csv").write_text("source_id,title,url\nx,T,https://example.org\n")
    # A chapter that logs a read the way bookkit.data does.
    nb = _notebook(tmp_path / "chap.ipynb", "n = 1",
                   "from bookkit import data\n"
                   f"data.record_read(__import__('pathlib').Path({str(src / 'read.csv')!r}))\n"
                   "print(n)")
    return nb, src


def test_first_run_then_skip(sandbox):
    nb, _ = sandbox
    assert pipeline.decide(nb).reason == "never executed"
    pipeline.execute(nb)
    assert pipeline.decide(nb).execute is False
    record = json.loads(pipeline.record_path(nb).read_text())
    assert any(r.endswith("read.csv") for r in record["reads"])


def test_data_edit_reexecutes_only_the_reader(sandbox):
    nb, src = sandbox
    pipeline.execute(nb)
    (src / "unread.csv").write_text("changed\n")
    assert pipeline.decide(nb).execute is False
    (src / "read.csv").write_text("changed\n")
    assert pipeline.decide(nb).reason == "inputs changed"


def test_notebook_or_package_edit_reexecutes(sandbox, monkeypatch, tmp_path):
    nb, _ = sandbox
    pipeline.execute(nb)
    _notebook(nb, "n = 2", "print(n)")
    assert pipeline.decide(nb).reason == "inputs changed"
    pipeline.execute(nb)
    extra = tmp_path / "extra_module.py"
    extra.write_text("x = 1\n")
    monkeypatch.setattr(pipeline, "package_files", lambda: [extra])
    assert pipeline.decide(nb).execute is True  # package set differs from the recorded one


def test_unreadable_record_reexecutes(sandbox):
    nb, _ = sandbox
    pipeline.execute(nb)
    pipeline.record_path(nb).write_text("{not json")
    assert pipeline.decide(nb).reason == "input record unreadable"


def test_parameters_reach_the_notebook(sandbox):
    nb, _ = sandbox
    out = pipeline.execute(nb, parameters={"n": 41})
    text = out.read_text()
    assert "41" in text


def test_failure_names_notebook_and_cell_and_keeps_last_good(sandbox):
    nb, _ = sandbox
    good = pipeline.execute(nb)
    good_bytes = good.read_bytes()
    _notebook(nb, "n = 1", "x = 1", "1 / 0")
    with pytest.raises(pipeline.ChapterFailed) as info:
        pipeline.execute(nb)
    message = str(info.value)
    assert "chap.ipynb" in message and "cell 2" in message and "ZeroDivisionError" in message
    assert good.read_bytes() == good_bytes
    assert pipeline.decide(nb).execute is True


def test_run_collects_failures(sandbox):
    nb, _ = sandbox
    _notebook(nb, "n = 1", "raise RuntimeError('boom')")
    with pytest.raises(pipeline.ChapterFailed, match="boom"):
        pipeline.run([nb], echo=lambda *_: None)


def _instant(notebook):
    """Stands in for a chapter that runs at once (module level: the pool pickles it)."""
    return notebook, None, 0.0


def test_exclusive_chapters_run_after_the_others(sandbox, tmp_path, monkeypatch):
    nb, _ = sandbox
    alone = _notebook(tmp_path / "alone.ipynb", "n = 1", "print(n)")
    raw = nbformat.read(alone, as_version=4)
    raw.metadata["bookkit"] = {"exclusive": True}
    nbformat.write(raw, alone)
    lines = []
    monkeypatch.setattr(pipeline, "_execute_one", _instant)
    pipeline.run([alone, nb], jobs=1, echo=lines.append)
    assert pipeline.exclusive(alone) and not pipeline.exclusive(nb)
    finished = [line.split()[1] for line in lines if line.lstrip().startswith("[")]
    assert finished == [nb.stem, alone.stem]


def test_prose_edits_do_not_reexecute_but_reach_the_book(sandbox):
    nb, _ = sandbox
    raw = nbformat.read(nb, as_version=4)
    raw.cells.insert(0, nbformat.v4.new_markdown_cell("Old text."))
    nbformat.write(raw, nb)
    out = pipeline.execute(nb)
    raw.cells[0].source = "New text."
    nbformat.write(raw, nb)
    assert pipeline.decide(nb).execute is False
    assert "New text." in pipeline.with_current_prose(nb, out) and "Old text." not in pipeline.with_current_prose(nb, out)
    raw.cells.append(nbformat.v4.new_markdown_cell("An added cell."))
    nbformat.write(raw, nb)
    assert pipeline.decide(nb).execute is True  # a new cell changes the layout: execute again


def test_a_killed_run_leaves_the_last_good_copy_and_the_next_run_resumes(sandbox, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    nb, _ = sandbox
    good = pipeline.execute(nb)
    before = good.read_bytes()
    _notebook(nb, "n = 3", "import time; time.sleep(60)", "print(n)")
    code = ("import sys; from pathlib import Path; from bookkit import paths, pipeline; "
            f"paths.EXECUTED = Path({str(paths.EXECUTED)!r}); pipeline.execute(Path({str(nb)!r}))")
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    time.sleep(8)  # kernel started, the long cell running
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert good.read_bytes() == before              # the interrupted run replaced nothing
    assert pipeline.decide(nb).execute is True        # and is known not to have finished
    _notebook(nb, "n = 3", "print(n)")
    pipeline.execute(nb)
    assert pipeline.decide(nb).execute is False


TEXT_NOTEBOOK = """---
jupytext:
  text_representation: {{extension: .md, format_name: myst}}
kernelspec: {{display_name: Python 3, language: python, name: python3}}
---

# A chapter

{prose}

```{{code-cell}}
:tags: [parameters]

n = 1
```

```{{code-cell}}
:tags: [hide-input]

print(n * {factor})
```
"""


def test_a_text_notebook_runs_and_only_its_code_decides(tmp_path, monkeypatch, scratch_output):
    monkeypatch.setattr(paths, "EXECUTED", tmp_path / "executed")
    md = tmp_path / "chap.md"
    md.write_text(TEXT_NOTEBOOK.format(prose="Old text.", factor=2), encoding="utf-8")
    out = pipeline.execute(md)
    assert out.name == "chap.ipynb" and '"2\\n"' in out.read_text()
    md.write_text(TEXT_NOTEBOOK.format(prose="New text.", factor=2), encoding="utf-8")
    assert pipeline.decide(md).execute is False
    staged = pipeline.with_current_prose(md, out)
    assert "New text." in staged and "Old text." not in staged and "hide-input" in staged
    md.write_text(TEXT_NOTEBOOK.format(prose="New text.", factor=3), encoding="utf-8")
    assert pipeline.decide(md).reason == "inputs changed"


def test_the_terminal_shows_each_chapter_not_its_kernel(sandbox, tmp_path, monkeypatch, capfd):
    """A line when a chapter starts and one with its seconds when it ends; what the kernel
    prints outside its cells (transport warnings, shutdown noise) goes to its log file."""
    nb, _ = sandbox
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    lines, timings = [], {}
    pipeline.run([nb], jobs=1, echo=lines.append, timings=timings)
    out, err = capfd.readouterr()
    assert "start chap" in out and "Kernel" not in out + err
    assert lines[-1].startswith("  [1/1] chap ") and lines[-1].endswith(" s")
    assert set(timings) == {"chap"} and timings["chap"] > 0
    assert pipeline.log_path(nb).exists()


def _slow_chapter(notebook):
    """Stands in for a chapter: reports progress twice, then finishes."""
    import time as _time

    from bookkit import progress

    os.environ["BOOKKIT_PROGRESS"] = str(pipeline.progress_path(Path(notebook)))
    pipeline.progress_path(Path(notebook)).parent.mkdir(parents=True, exist_ok=True)
    for k in range(2):
        progress.report("step", k + 1, 2, "parts")
        _time.sleep(0.6)
    return notebook, None, 1.2


def test_a_long_chapter_prints_its_progress_while_it_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(pipeline, "_execute_one", _slow_chapter)
    monkeypatch.setattr(pipeline, "PROGRESS_EVERY_S", 0.2)
    lines, finished = [], []
    pipeline._execute_all(["chapters/slow.md"], 1, finished.append, lines.append)
    assert finished == [("chapters/slow.md", None, 1.2)]
    assert any(line.strip().startswith("slow: step: 1/2 parts") for line in lines), lines


def test_a_chapter_starts_with_an_empty_figure_folder(scratch_output):
    stale = paths.figures_dir() / "demo" / "old-figure.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x")
    other = paths.figures_dir() / "other" / "kept.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"x")
    pipeline.clear_figures(paths.CHAPTERS / "demo.md")
    assert not stale.parent.exists() and other.exists()  # only the chapter's own folder goes
