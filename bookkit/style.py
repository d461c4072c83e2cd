"""The one plot style of the book (seaborn's theme with the book's palette and sizes), and
helpers for axes and labels. `use()` is called by every chapter before plotting."""

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
    "axes.labelsize": 10,       # seaborn's context would enlarge these; the book keeps 10 pt
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
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
    """Apply the book's style: seaborn's theme with the book's palette and settings."""
    import seaborn as sns

    sns.set_theme(style="ticks", palette=PALETTE, rc=RC)


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


def date_axis(axis) -> None:
    """Dates on an axis as short unrotated labels ("Jul", "2024"), the year shown once."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()
    axis.set_major_locator(locator)
    axis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def label_points(ax, xs, ys, labels, colors=None, fontsize: float = 8, **kwargs) -> list:
    """Label points so no two labels overlap each other or the points (adjustText moves
    them, with a thin line back to the point when moved). The placement is deterministic:
    adjustText's shifts are seeded, and it stops after a fixed number of iterations, never
    after a time limit (its default), which would depend on the machine's speed."""
    from adjustText import adjust_text

    colors = colors if colors is not None else ["black"] * len(labels)
    texts = [ax.text(x, y, str(label), fontsize=fontsize, color=c) for x, y, label, c in zip(xs, ys, labels, colors)]
    if texts:
        settings = {"expand": (1.2, 1.6), "force_text": (0.3, 0.6), "max_move": (20, 20), "iter_lim": 400,
                    "time_lim": None, **kwargs}
        adjust_text(texts, ax=ax, arrowprops=dict(arrowstyle="-", color="grey", lw=0.5), **settings)
        _separate(texts, ax)
    return texts


def _separate(texts, ax) -> None:
    """Where adjustText left two labels overlapping (crowded corners), step the later one
    vertically, away from the axes' nearer edge, by its own height until it overlaps none."""
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    placed = []
    for t in texts:
        box = t.get_window_extent(renderer)
        mid = ax.get_window_extent(renderer)
        step = box.height * (-1 if box.y0 > (mid.y0 + mid.y1) / 2 else 1)
        for _ in range(20):
            if not any(box.overlaps(p) for p in placed):
                break
            _, y_disp = ax.transData.transform((0, t.get_position()[1]))
            t.set_y(to_data.transform((0, y_disp + step))[1])
            box = t.get_window_extent(renderer)
        placed.append(box)
