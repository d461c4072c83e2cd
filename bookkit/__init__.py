"""Shared code of the GTJA AI-report companion book.

Chapters import from here; anything that deserves a test lives here, not in a cell.

- The core: paths (where things are), data (load and validate CSVs, record what a chapter
  read), style (the plot look), figures (export and cite a figure), tables (long tables
  trimmed), claims (verdicts on the report's statements), findings (what a chapter finds,
  glued into its opening section), citation, reported (read the report's printed cells).
- The arithmetic the chapters share: gap, benchmarks, prices, roofline, measure, video,
  corpus, arctic, speech, valuation.
- `bookkit.chapters`: each chapter's checks and one function per figure, named after the
  chapter's notebook.
- The machinery: notebooks (read a MyST text notebook), pipeline (execute chapters), build
  (the book), printing (the PDF), sphinx_offline (no CDN scripts), readability (code and
  prose lines per chapter).
"""

__all__ = ["paths", "data", "style", "figures", "claims"]
