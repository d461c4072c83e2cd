"""The one plot style of the book. `use()` is called by every chapter before plotting."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # figures are files first; the book shows the saved PNG
import matplotlib.pyplot as plt  # noqa: E402

# Colour-blind-safe palette (Okabe & Ito, 2008), in a fixed order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# Meaning-bearing colours used across chapters.
VERDICT_COLOURS = {
    "holds": "#009E73",
    "holds with a caveat": "#56B4E9",
    "wrong": "#D55E00",
    "inconsistent": "#E69F00",
    "unverifiable": "#999999",
}

RC = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 220,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",  # ships with matplotlib: same glyphs on every machine
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "gtja-companion",  # fixed ids inside SVGs: reruns write identical bytes
    "svg.fonttype": "path",
}


def use() -> None:
    """Apply the book's style to matplotlib."""
    matplotlib.rcParams.update(RC)


def new_figure(ncols: int = 1, nrows: int = 1, **kwargs):
    """A figure and axes in the book's style."""
    use()
    return plt.subplots(nrows=nrows, ncols=ncols, **kwargs)


def plain_log_ticks(axis, ticks) -> None:
    """Label a log axis with plain numbers at the given ticks (not 10^x)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    axis.set_major_locator(FixedLocator(ticks))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
