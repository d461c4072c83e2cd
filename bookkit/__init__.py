"""Shared code of the GTJA AI-report companion book.

Chapters import from here; anything that deserves a test lives here, not in a cell. The
folders say what each part is for:

- `bookkit/` itself, the core every chapter uses: paths (where things are), data (load and
  validate CSVs, record what a chapter read), claims (verdicts on the report's statements,
  keyed to the statement registry), findings (what a chapter finds, glued into its opening
  section), figures (export and cite a figure), legibility (text that reads at export size),
  tables (long tables trimmed), style (the plot look), citation.
- `bookkit.methods`: the analyses the chapters run: gap (open-closed lag), benchmarks,
  prices, roofline, measure (timings on the reader's machine), video, corpus, arctic and
  speech (the speaker-embedding chapter), valuation, reported (the report's printed cells).
- `bookkit.chapters`: each chapter's checks and one function per figure, named after the
  chapter's notebook.
- `bookkit.build`: the machinery: notebooks (read a MyST text notebook), pipeline (execute
  chapters when their inputs change), book (stage and build the site; `python -m
  bookkit.build`), printing (the PDF), sphinx_offline (no CDN scripts), readability (code
  and prose lines per chapter).
"""

__all__ = ["paths", "data", "style", "figures", "claims"]
