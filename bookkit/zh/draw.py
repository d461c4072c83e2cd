"""Redraw a finished matplotlib figure in Chinese: every text through the chapter's catalog,
every text in Noto Sans SC (DejaVu Sans behind it for the few symbols it lacks)."""

from __future__ import annotations

from functools import cache

from matplotlib import font_manager
from matplotlib.ticker import Formatter

from .catalog import CJK, Catalog

FONT = "Noto Sans SC"
FAMILIES = [FONT, "DejaVu Sans"]
# The wheel has the regular weight only: bold texts (titles) are drawn regular rather than
# leaving matplotlib to warn and fall back.
RC = {"font.family": FAMILIES, "axes.titleweight": "normal", "figure.titleweight": "normal"}


@cache
def register() -> str:
    """Make Noto Sans SC known to matplotlib (from the pylopdf-fonts-zh-cn wheel, SIL OFL)."""
    import pylopdf_fonts_zh_cn

    path = pylopdf_fonts_zh_cn.sans_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    if name != FONT:
        raise RuntimeError(f"{path} is {name!r}, not {FONT!r}")
    return name


class Translating(Formatter):
    """Tick labels are made anew at every draw: translate what the axis' formatter makes."""

    def __init__(self, inner: Formatter, catalog: Catalog):
        self.inner, self.catalog = inner, catalog

    def set_axis(self, axis):
        self.axis = axis  # the inner formatter keeps its own axis

    def __call__(self, x, pos=None):
        return self.catalog.translate(self.inner(x, pos))

    def format_ticks(self, values):
        return [self.catalog.translate(s) for s in self.inner.format_ticks(values)]

    def get_offset(self):
        return self.catalog.translate(self.inner.get_offset())

    def set_locs(self, locs):
        self.inner.set_locs(locs)


def redraw(fig, catalog: Catalog) -> None:
    """Turn `fig` into its Chinese version, in place."""
    from matplotlib.text import Text

    register()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for major in (True, False):
                get = axis.get_major_formatter if major else axis.get_minor_formatter
                put = axis.set_major_formatter if major else axis.set_minor_formatter
                if not isinstance(get(), Translating):
                    put(Translating(get(), catalog))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    _in_chinese_font(label)
    for text in fig.findobj(Text):
        text.set_text(catalog.translate(text.get_text()))
        _in_chinese_font(text)


def _in_chinese_font(text) -> None:
    text.set_fontweight("normal")
    if "monospace" in text.get_fontfamily() and not CJK.search(text.get_text()):
        return  # a key set in columns keeps its fixed-width font
    text.set_fontfamily(FAMILIES)
