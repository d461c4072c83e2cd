"""The build: strict (a warning fails it) and atomic (a failure keeps the last good site)."""

from __future__ import annotations

import pytest

from bookkit import build, paths


@pytest.fixture
def build_dirs(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(paths, "HTML", tmp_path / "_build" / "html")
    monkeypatch.setattr(build, "JB_OUTPUT", tmp_path / "_build" / "jb")
    return tmp_path


def _site(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text)
    return folder


def test_publish_replaces_the_site(build_dirs):
    _site(paths.HTML, "old")
    build.publish(_site(build_dirs / "new", "new"))
    assert (paths.HTML / "index.html").read_text() == "new"
    assert not (paths.BUILD / "html.old").exists()


def test_failed_build_keeps_the_last_good_site(build_dirs, monkeypatch):
    _site(paths.HTML, "last good")

    def fail(_stage):
        raise build.BuildFailed("a warning")

    monkeypatch.setattr(build, "chapter_notebooks", lambda: [])
    monkeypatch.setattr(build, "check_vendor", lambda: None)
    monkeypatch.setattr(build, "stage", lambda: build_dirs)
    monkeypatch.setattr(build, "sphinx_build", fail)
    assert build.main([]) == 1
    assert (paths.HTML / "index.html").read_text() == "last good"


def test_a_sphinx_warning_fails_the_build(build_dirs):
    book = build_dirs / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (book / "intro.md").write_text("# Intro\n\nSee {ref}`no-such-label`.\n")
    with pytest.raises(build.BuildFailed, match="no-such-label"):
        build.sphinx_build(book)
    (book / "intro.md").write_text("# Intro\n\nFine.\n")
    assert (build.sphinx_build(book) / "intro.html").exists()


def test_toc_lists_root_and_chapters():
    files = build.toc_files()
    assert files[0] == "chapters/intro" and "chapters/valuation" in files
