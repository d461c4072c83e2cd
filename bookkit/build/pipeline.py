"""Execute chapter notebooks with papermill, only when their inputs changed.

A chapter's inputs are the notebook, the package's code, the pinned requirements and
every data file the chapter read on its last run (the data loader logs each file it
opens). Their hash is kept beside the executed notebook in `<name>.inputs.json`; a
chapter whose recorded hash equals the current one is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import notebooks
from .. import paths

# Files outside data/ whose change re-executes every chapter.
SHARED_INPUTS = ("requirements.txt", "constraints.txt", "CITATION.cff")


class ChapterFailed(RuntimeError):
    """A chapter notebook raised: names the notebook and the cell."""


@dataclass(frozen=True)
class Decision:
    notebook: Path
    execute: bool
    reason: str


def package_files() -> list[Path]:
    """The package's code and the Chinese strings of its figures (bookkit/zh/strings/)."""
    return sorted([*paths.PACKAGE.rglob("*.py"), *paths.PACKAGE.rglob("*.yaml")])


def _digest(files, root: Path = paths.ROOT) -> str:
    h = hashlib.sha256()
    for f in sorted({Path(f) for f in files}, key=lambda p: p.as_posix()):
        h.update(paths.relative_to_root(f).encode())
        h.update(b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest() if f.exists() else b"<missing>")
    return h.hexdigest()


def code_signature(notebook: Path) -> str:
    """What of a notebook decides its outputs: the code cells, the order and kind of all
    cells, and the kernel and bookkit metadata. Markdown text is left out: editing prose
    does not re-execute a chapter (the stage copies the new text into the executed copy)."""
    nb = notebooks.read(notebook)
    sig = {"cells": [(c["cell_type"], notebooks.cell_text(c) if c["cell_type"] == "code" else None)
                     for c in nb["cells"]],
           "kernel": nb.get("metadata", {}).get("kernelspec", {}).get("name"),
           "bookkit": nb.get("metadata", {}).get("bookkit", {})}
    return hashlib.sha256(json.dumps(sig, sort_keys=True).encode()).hexdigest()


def input_hash(notebook: Path, reads) -> str:
    """Hash of everything a chapter's output depends on."""
    shared = [paths.ROOT / s for s in SHARED_INPUTS]
    files = _digest([*package_files(), *shared, *(paths.ROOT / r for r in reads)])
    return hashlib.sha256((code_signature(notebook) + files).encode()).hexdigest()


def with_current_prose(notebook: Path, executed: Path) -> str:
    """The executed notebook's JSON with each markdown cell's text, and every cell's tags,
    taken from the source notebook, so prose and folding edits reach the book without
    re-execution. Cells are matched by position among the source's cells: an up-to-date
    executed copy has the same layout (the code signature includes it); a cell papermill
    injected (its parameters) has no counterpart and is folded."""
    source = notebooks.read(notebook)["cells"]
    done = json.loads(Path(executed).read_text(encoding="utf-8"))
    cells = [c for c in done["cells"] if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell, src in zip(cells, source):
        if cell["cell_type"] != src["cell_type"]:
            break
        if cell["cell_type"] == "markdown":
            cell["source"] = src["source"]
        tags = src.get("metadata", {}).get("tags")
        if tags is not None:
            cell.setdefault("metadata", {})["tags"] = tags
    for cell in done["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "hide-input" not in tags:
            tags.append("hide-input")
    return json.dumps(done, indent=1, ensure_ascii=False) + "\n"


def executed_path(notebook: Path) -> Path:
    """`_build/executed/<name>.ipynb`, whatever the source's format."""
    return paths.EXECUTED / f"{Path(notebook).stem}.ipynb"


def record_path(notebook: Path) -> Path:
    return executed_path(notebook).with_suffix(".inputs.json")


def decide(notebook: Path, force: bool = False) -> Decision:
    """Execute or skip, and why."""
    notebook = Path(notebook)
    if force:
        return Decision(notebook, True, "forced")
    out, rec = executed_path(notebook), record_path(notebook)
    if not out.exists() or not rec.exists():
        return Decision(notebook, True, "never executed")
    try:
        record = json.loads(rec.read_text(encoding="utf-8"))
        recorded, reads = record["hash"], record["reads"]
    except (ValueError, KeyError, TypeError):
        return Decision(notebook, True, "input record unreadable")
    if input_hash(notebook, reads) != recorded:
        return Decision(notebook, True, "inputs changed")
    return Decision(notebook, False, "up to date")


def _failure_message(notebook: Path, exc: Exception) -> str:
    where = paths.relative_to_root(notebook)
    cell = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    if cell is not None:
        return f"{where} failed in cell {cell} (execution count {count}): {ename}: {evalue}"
    return f"{where} failed: {ename}: {evalue}"


def execute(notebook: Path, parameters: dict | None = None, output: Path | None = None,
            record: bool = True) -> Path:
    """Run one chapter with papermill into `output` (default: the executed copy).

    The executed copy and its input record are replaced only after a successful run, so
    an interrupted or failed run leaves the last good one in place.
    """
    import papermill  # imported here: a planning-only caller need not load it

    notebook = Path(notebook).resolve()
    output = Path(output) if output else executed_path(notebook)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bookkit-") as tmp:
        log = Path(tmp) / "reads.log"
        log.touch()
        partial = Path(tmp) / f"{notebook.stem}.ipynb"
        runnable = notebooks.write_ipynb(notebook, Path(tmp) / f"{notebook.stem}.source.ipynb")
        # The kernel must import this checkout's package, whatever else is installed.
        saved = {k: os.environ.get(k) for k in ("BOOKKIT_READS_LOG", "PYTHONPATH")}
        os.environ["BOOKKIT_READS_LOG"] = str(log)
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(paths.ROOT), saved["PYTHONPATH"]) if p)
        try:
            papermill.execute_notebook(
                str(runnable), str(partial), parameters=parameters or {},
                kernel_name="python3", cwd=str(notebook.parent),
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
        except Exception as exc:  # papermill raises its own error type per failing cell
            raise ChapterFailed(_failure_message(notebook, exc)) from None
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        reads = sorted(set(log.read_text(encoding="utf-8").split()))
        shutil.move(str(partial), str(output))
    if record:
        rec = {"notebook": paths.relative_to_root(notebook), "reads": reads,
               "hash": input_hash(notebook, reads), "parameters": parameters or {}}
        tmp_rec = record_path(notebook).with_suffix(".tmp")
        tmp_rec.write_text(json.dumps(rec, indent=1) + "\n", encoding="utf-8")
        tmp_rec.replace(record_path(notebook))
    return output


def log_path(notebook: Path) -> Path:
    """`_build/logs/<name>.log`: what the chapter's kernel printed outside its cells."""
    return paths.BUILD / "logs" / f"{Path(notebook).stem}.log"


@contextmanager
def output_to(log: Path):
    """Send this process's stdout and stderr, and so a kernel it starts (which inherits
    them), to a log file: the kernel's transport warnings and shutdown noise stay out of
    the terminal."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "wb") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def progress_path(notebook: Path) -> Path:
    """`_build/logs/<name>.progress`: the latest progress line of a running chapter."""
    return paths.BUILD / "logs" / f"{Path(notebook).stem}.progress"


def clear_figures(notebook: Path) -> None:
    """Remove what the chapter wrote to figures/<chapter>/ last time, so a figure it no longer
    makes does not linger into the gallery and the slide deck."""
    shutil.rmtree(paths.figures_dir() / Path(notebook).stem, ignore_errors=True)


def _execute_one(notebook: str) -> tuple[str, str | None, float]:
    """Run one chapter; returns (notebook, failure message or None, seconds)."""
    sys.stdout.write(f"  start {Path(notebook).stem}\n")  # one write: workers print side by side
    sys.stdout.flush()
    start = time.perf_counter()
    progress = progress_path(Path(notebook))
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.unlink(missing_ok=True)
    os.environ["BOOKKIT_PROGRESS"] = str(progress)  # the kernel inherits it (bookkit.progress)
    clear_figures(Path(notebook))
    try:
        with output_to(log_path(Path(notebook))):
            execute(Path(notebook))
        return notebook, None, time.perf_counter() - start
    except ChapterFailed as exc:
        return notebook, str(exc), time.perf_counter() - start
    finally:
        os.environ.pop("BOOKKIT_PROGRESS", None)
        progress.unlink(missing_ok=True)


PROGRESS_EVERY_S = 20


def _execute_all(notebooks: list[str], workers: int, done, echo) -> None:
    """Run chapters in a pool of `workers` processes; while they run, print each running
    chapter's latest progress line (when it changed) every PROGRESS_EVERY_S seconds."""
    if not notebooks:
        return
    started = time.perf_counter()
    shown: dict[str, str] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(_execute_one, nb): nb for nb in notebooks}
        while pending:
            finished, _ = wait(pending, timeout=PROGRESS_EVERY_S, return_when=FIRST_COMPLETED)
            for future in finished:
                pending.pop(future)
                done(future.result())
            for nb in pending.values():
                f = progress_path(Path(nb))
                line = f.read_text(encoding="utf-8").strip() if f.exists() else ""
                if line and shown.get(nb) != line:
                    shown[nb] = line
                    echo(f"    {Path(nb).stem}: {line} ({time.perf_counter() - started:.0f} s)")


def _meta(notebook: Path) -> dict:
    return notebooks.read(notebook).get("metadata", {}).get("bookkit", {})


def exclusive(notebook: Path) -> bool:
    """A chapter that measures speed asks (metadata bookkit.exclusive) to run alone."""
    return bool(_meta(notebook).get("exclusive", False))


def run_order(notebook: Path) -> int:
    """When a page runs: 0 with the chapters; 1 after them for a page that collects what
    they produced (metadata `after_chapters`), so it sees their fresh outputs; or the
    `order` its metadata sets (the front page, 2, collects from the ledger too)."""
    meta = _meta(notebook)
    return int(meta.get("order", 1 if meta.get("after_chapters") else 0))


def _run_batch(notebooks, force, jobs, echo, timings: dict) -> list[Decision]:
    decisions = [decide(nb, force) for nb in notebooks]
    for d in decisions:
        alone = " alone" if d.execute and exclusive(d.notebook) else ""
        echo(f"  {'run ' if d.execute else 'skip'} {paths.relative_to_root(d.notebook)} ({d.reason}){alone}")
    todo = [str(d.notebook) for d in decisions if d.execute]
    shared = [nb for nb in todo if not exclusive(Path(nb))]
    alone = [nb for nb in todo if exclusive(Path(nb))]
    results = []

    def done(result):
        notebook, failure, seconds = result
        results.append(result)
        timings[Path(notebook).stem] = seconds
        echo(f"  [{len(results)}/{len(todo)}] {Path(notebook).stem} {seconds:.0f} s{' FAILED' if failure else ''}")

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(shared) or 1))
    _execute_all(shared, jobs, done, echo)
    for nb in alone:
        _execute_all([nb], 1, done, echo)
    failures = [msg for _, msg, _ in results if msg]
    if failures:
        raise ChapterFailed("\n".join(failures))
    return decisions


def run(notebooks, force: bool = False, jobs: int | None = None, echo=print,
        timings: dict | None = None) -> list[Decision]:
    """Execute the chapters that need it — in parallel, then the exclusive ones one at a
    time on an otherwise idle machine, then the pages that collect from the chapters, in
    their run order; raise if any failed. Each chapter's seconds go into `timings`; what
    its kernel printed outside its cells goes to `_build/logs/<name>.log`."""
    notebooks = [Path(nb) for nb in notebooks]
    order = {nb: run_order(nb) for nb in notebooks}
    timings = {} if timings is None else timings
    decisions = []
    for level in sorted(set(order.values())):
        decisions += _run_batch([nb for nb in notebooks if order[nb] == level], force, jobs, echo, timings)
    return decisions
