"""Build the book: execute what changed, stage the sources, run a strict Sphinx build,
and replace `_build/html` only when everything succeeded.

    python -m bookkit.build              # the whole book
    python -m bookkit.build --force      # re-execute every chapter
    python -m bookkit.build --only valuation   # execute one chapter (and build)
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import notebooks, pipeline
from .. import paths, slides

BOOK_FILES = ("_config.yml", "_toc.yml", "CITATION.cff")
JB_OUTPUT = paths.BUILD / "jb"  # jupyter-book's own output (kept for incremental builds)


class BuildFailed(RuntimeError):
    pass


def toc_files(toc: Path = paths.ROOT / "_toc.yml") -> list[str]:
    """Every document the table of contents names, in order, without suffix."""
    spec = yaml.safe_load(toc.read_text(encoding="utf-8"))
    found = [spec["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in spec.items() if k != "root"})
    return found


def chapter_notebooks() -> list[Path]:
    """The executable pages of the table of contents, in order (text notebooks or .ipynb)."""
    found = (notebooks.chapter_source(paths.ROOT, f) for f in toc_files())
    return [nb for nb in found if nb is not None]


def chapter_notebooks_by_name() -> dict[str, Path]:
    return {nb.stem: nb for nb in chapter_notebooks()}


DOWNLOAD_DIR = "sources"  # the stage's folder of chapter sources offered for download


def _download_row(notebook: Path, doc: str) -> str:
    """A line under a chapter's title: its executed notebook and its text source."""
    name = Path(doc).name
    links = [f"{{download}}`executed notebook (.ipynb) <{name}.ipynb>`"]
    if notebook.suffix == ".md":
        links.append(f"{{download}}`source (MyST Markdown, .md) <{DOWNLOAD_DIR}/{name}.md>`")
    row = "*Rerun this chapter:* " + " · ".join(links)
    deck = slides.chapter_deck(notebook.stem)
    if deck.exists():
        row += f" · *Its figures as slides:* {{download}}`PowerPoint (.pptx) <../figures/{notebook.stem}/{deck.name}>`"
        zh = slides.chapter_deck(notebook.stem, "zh")
        if zh.exists():
            row += f" · {{download}}`中文 (.pptx) <../figures/{notebook.stem}/{zh.name}>`"
    return row


def _with_download_row(text: str, row: str) -> str:
    """Insert the download row after the first heading of the executed notebook."""
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = notebooks.cell_text(cell)
            lines = src.splitlines()
            for i, line in enumerate(lines):
                if line.startswith("# "):
                    lines[i + 1:i + 1] = ["", row]
                    cell["source"] = "\n".join(lines) + ("\n" if src.endswith("\n") else "")
                    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    return text


def _sync(src: Path, dst: Path) -> None:
    """Copy if different, keeping mtimes, so Sphinx rereads only what changed."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
        shutil.copy2(src, dst)


def _sync_text(text: str, dst: Path) -> None:
    """Write text only if it differs, so an unchanged page keeps its mtime."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists() or dst.read_text(encoding="utf-8") != text:
        dst.write_text(text, encoding="utf-8")


def _link(target: Path, link: Path) -> None:
    if link.is_symlink() or link.exists():
        if link.is_symlink() and Path(os.readlink(link)) == target:
            return
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        else:
            link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=True)


def stage() -> Path:
    """Lay out the book source for Sphinx: pages, executed notebooks, assets."""
    stage_dir = paths.STAGE
    wanted: set[Path] = set()
    for name in BOOK_FILES:
        _sync(paths.ROOT / name, stage_dir / name)
        wanted.add(stage_dir / name)
    docs = toc_files()
    # the figures' slides and decks, numbered as the book numbers its figures
    slides.build_all({nb.stem: pipeline.executed_path(nb) for nb in chapter_notebooks()})
    for doc in docs:
        md, nb = paths.ROOT / f"{doc}.md", notebooks.chapter_source(paths.ROOT, doc)
        if nb is not None:
            dst = stage_dir / f"{doc}.ipynb"
            text = pipeline.with_current_prose(nb, pipeline.executed_path(nb))
            if doc != docs[0]:  # the front page is no chapter to rerun
                text = _with_download_row(text, _download_row(nb, doc))
            _sync_text(text, dst)
            if nb.suffix == ".md":
                src = dst.parent / DOWNLOAD_DIR / nb.name
                _sync(nb, src)
                wanted.add(src)
        elif md.exists():
            dst = stage_dir / f"{doc}.md"
            _sync(md, dst)
        else:
            raise BuildFailed(f"_toc.yml names '{doc}' but neither {doc}.md nor {doc}.ipynb exists")
        wanted.add(dst)
    for static in sorted((paths.ROOT / "_static").rglob("*")):
        if static.is_file():
            dst = stage_dir / static.relative_to(paths.ROOT)
            _sync(static, dst)
            wanted.add(dst)
    links = {"figures": paths.figures_dir(), "data": paths.DATA,
             "_static/mathjax": paths.VENDOR / "mathjax"}
    for name, target in links.items():
        _link(target, stage_dir / name)
    # drop pages that left the table of contents (os.walk does not enter the links)
    for dirpath, _, filenames in os.walk(stage_dir):
        for name in filenames:
            f = Path(dirpath) / name
            if f not in wanted and not f.is_symlink():
                f.unlink()
    return stage_dir


def sphinx_build(stage_dir: Path, builder: str = "html", output: Path | None = None) -> Path:
    """Strict jupyter-book build of the staged book into `output` (default JB_OUTPUT);
    returns the builder's output folder."""
    output = output or JB_OUTPUT
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage_dir),
           "--path-output", str(output), "--builder", builder,
           "--warningiserror", "--nitpick", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
        raise BuildFailed(f"jupyter-book {builder} build failed (the last good output is kept):\n{tail}")
    return output / "_build" / builder


def publish(html: Path) -> None:
    """Swap the new site in place of the old in two renames."""
    new = paths.BUILD / "html.new"
    old = paths.BUILD / "html.old"
    for d in (new, old):
        if d.exists():
            shutil.rmtree(d)
    shutil.copytree(html, new, symlinks=False)
    # every figure's files at a stable address, <site>/figures/<chapter>/<slug>.<ext>, which
    # citations and slides name (Sphinx's _downloads/<hash>/ paths are not promised to stay)
    shutil.copytree(paths.figures_dir(), new / "figures", ignore=shutil.ignore_patterns("README.md"))
    if paths.HTML.exists():
        paths.HTML.rename(old)
    new.rename(paths.HTML)
    if old.exists():
        shutil.rmtree(old)


def check_vendor() -> None:
    if not (paths.VENDOR / "mathjax" / "tex-chtml.js").exists():
        raise BuildFailed("MathJax is missing from _build/vendor/mathjax: run `make vendor` "
                          "(the book serves MathJax itself instead of loading it from a CDN)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="re-execute every chapter")
    ap.add_argument("--only", help="execute only this chapter (notebook stem)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: cores)")
    ap.add_argument("--no-html", action="store_true", help="execute chapters, skip Sphinx")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    notebooks = chapter_notebooks()
    if args.only:
        notebooks = [nb for nb in notebooks if nb.stem == args.only]
        if not notebooks:
            print(f"no chapter named {args.only!r}", file=sys.stderr)
            return 2
    timings: dict[str, float] = {}
    try:
        print("Executing chapters (what each kernel prints outside its cells: _build/logs/<chapter>.log):", flush=True)
        pipeline.run(notebooks, force=args.force, jobs=args.jobs, timings=timings,
                     echo=lambda line: print(line, flush=True))
        if timings:
            print("Chapter times:\n" + "\n".join(f"  {name:<16} {secs:7.1f} s"
                                                  for name, secs in sorted(timings.items(), key=lambda kv: -kv[1])))
        if not args.no_html:
            check_vendor()
            print("Building HTML (strict)...")
            publish(sphinx_build(stage()))
    except (pipeline.ChapterFailed, BuildFailed) as exc:
        print(f"\nBUILD FAILED\n{exc}", file=sys.stderr)
        return 1
    done = "chapters executed, HTML not built" if args.no_html else f"{paths.relative_to_root(paths.HTML)}/index.html"
    print(f"Done in {time.perf_counter() - start:.1f} s: {done}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
