"""Whether a figure reads at the size it is exported: no two pieces of text overlap, and no
text is smaller than MIN_FONT_PT. Checked from the bounding boxes of the texts the figure
actually draws (`figures.save` records the result in the figure's JSON; a test reads it)."""

from __future__ import annotations

from contextlib import contextmanager

MIN_FONT_PT = 8.0


@contextmanager
def _recording_drawn_texts(found: list):
    """Collect every Text artist drawn while inside (tick labels outside the view and
    texts clipped away are never drawn, so they are never counted)."""
    from matplotlib.text import Text

    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and renderer is not None:
            found.append((self, self.get_window_extent(renderer)))

    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def drawn_texts(fig) -> list:
    """[(Text, its bounding box in pixels), ...] for every text the figure draws."""
    drawn: list = []
    with _recording_drawn_texts(drawn):
        fig.canvas.draw()
    return drawn


def check(fig, tolerance_px: float = 1.0, drawn: list | None = None) -> dict:
    """{"overlaps": [[text a, text b], ...], "small": [[text, size], ...], "smallest_pt": size} for a figure
    (or for the texts `drawn_texts` already found in it)."""
    drawn = drawn_texts(fig) if drawn is None else drawn
    overlaps = []
    for i, (ta, a) in enumerate(drawn):
        for tb, b in drawn[i + 1:]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tolerance_px and h > tolerance_px:
                overlaps.append([ta.get_text()[:40], tb.get_text()[:40]])
    small = [[t.get_text()[:40], round(t.get_fontsize(), 1)] for t, _ in drawn if t.get_fontsize() < MIN_FONT_PT - 1e-9]
    smallest = min((t.get_fontsize() for t, _ in drawn), default=None)
    return {"overlaps": overlaps, "small": small, "smallest_pt": smallest}
