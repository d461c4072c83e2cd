"""Long tables shown trimmed, with the whole table one click away as CSV.

    tables.show(frame, chapter="lightweight", slug="priced-models")

A table of more than MAX_ROWS rows shows its first MAX_ROWS, then a line saying how many
there are with a download link to all of them, written to figures/<chapter>/tables/.
"""

from __future__ import annotations

import pandas as pd

from . import paths

MAX_ROWS = 15


def show(frame: pd.DataFrame, *, chapter: str, slug: str, max_rows: int = MAX_ROWS) -> None:
    from IPython.display import Markdown, display

    if len(frame) <= max_rows:
        display(frame)
        return
    out = paths.figures_dir() / chapter / "tables" / f"{slug}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, lineterminator="\n")
    display(frame.head(max_rows))
    display(Markdown(f"The first {max_rows} of {len(frame)} rows; "
                     f"{{download}}`all {len(frame)} rows (CSV) <../figures/{chapter}/tables/{slug}.csv>`."))
