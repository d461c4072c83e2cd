"""The build: strict (a warning fails it) and atomic (a failure keeps the last good site)."""

from __future__ import annotations

import pytest

from bookkit.build import book
from bookkit import paths


@pytest.fixture
def build_dirs(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(paths, "HTML", tmp_path / "_build" / "html")
    monkeypatch.setattr(book, "JB_OUTPUT", tmp_path / "_build" / "jb")
    return tmp_path


def _site(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text)
    return folder


def test_publish_replaces_the_site(build_dirs):
    _site(paths.HTML, "old")
    book.publish(_site(build_dirs / "new", "new"))
    assert (paths.HTML / "index.html").read_text() == "new"
    assert not (paths.BUILD / "html.old").exists()


def test_failed_build_keeps_the_last_good_site(build_dirs, monkeypatch):
    _site(paths.HTML, "last good")

    def fail(_stage):
        raise book.BuildFailed("a warning")

    monkeypatch.setattr(book, "chapter_notebooks", lambda: [])
    monkeypatch.setattr(book, "check_vendor", lambda: None)
    monkeypatch.setattr(book, "stage", lambda: build_dirs)
    monkeypatch.setattr(book, "sphinx_build", fail)
    assert book.main([]) == 1
    assert (paths.HTML / "index.html").read_text() == "last good"


def test_a_sphinx_warning_fails_the_build(build_dirs):
    source = build_dirs / "book"
    source.mkdir()
    (source / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (source / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (source / "intro.md").write_text("# Intro\n\nSee {ref}`no-such-label`.\n")
    with pytest.raises(book.BuildFailed, match="no-such-label"):
        book.sphinx_build(source)
    (source / "intro.md").write_text("# Intro\n\nFine.\n")
    assert (book.sphinx_build(source) / "intro.html").exists()


def test_toc_lists_root_and_chapters():
    files = book.toc_files()
    assert files[0] == "chapters/intro" and "chapters/valuation" in files


def test_the_pages_workflow_builds_where_the_book_is_tested():
    """Debian 12 with Python 3.11, and the make targets CI runs, so Pages publishes what the tests checked."""
    import yaml

    workflow = yaml.safe_load((paths.ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["build"]
    assert job["container"]["image"].startswith("python:3.11-bookworm")
    runs = [step.get("run", "") for step in job["steps"]]
    assert "make test" in runs and "make system-packages" in runs
    assert "make test" in (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert not any("setup-python" in step.get("uses", "") for step in job["steps"])


def test_the_committed_benchmark_is_honest_and_in_budget():
    """The About page's benchmark: an install row, and a clean build from an empty _build/
    that took at most 360 s where it ran on two cores."""
    from bookkit import data

    bench = data.load("build/benchmark").set_index("scenario")
    install = [s for s in bench.index if s.startswith("install")]
    clean = [s for s in bench.index if s.startswith("clean build")]
    assert install and clean, "make benchmark times the install and the clean build"
    row = bench.loc[clean[0]]
    assert "empty _build" in clean[0] and row["as_expected"]
    if row["cores"] == 2:
        assert row["wall_s"] <= 360, f"clean build {row['wall_s']} s on 2 cores"
