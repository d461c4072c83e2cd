"""Each chapter's own code: its checks and one function per figure, in a module named after
the chapter's notebook (`open-vs-closed.md` -> `open_vs_closed.py`). A chapter cell calls
these and shows what they return; the arithmetic they share lives one level up."""
