"""Shared code of the GTJA AI-report companion book.

Notebooks import from here; anything that deserves a test lives here, not in a cell.
Modules: paths (where things are), data (load and validate CSVs), style (the plot
look), figures (export and cite a figure), claims (verdicts on the report's numbers),
valuation (chapter 4 arithmetic), pipeline (execute chapters), build (the book).
"""

__all__ = ["paths", "data", "style", "figures", "claims"]
