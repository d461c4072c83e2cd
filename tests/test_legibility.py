"""The legibility check finds overlapping and small text, and label placement avoids both."""

from __future__ import annotations

import numpy as np

from bookkit import legibility, style


def test_overlapping_labels_and_small_text_are_found():
    fig, ax = style.new_figure()
    ax.text(0.5, 0.5, "first label", fontsize=10)
    ax.text(0.5, 0.5, "second label", fontsize=10)
    ax.text(0.1, 0.9, "tiny", fontsize=6)
    found = legibility.check(fig)
    assert ["first label", "second label"] in found["overlaps"]
    assert ["tiny", 6.0] in found["small"]
    assert found["smallest_pt"] == 6.0  # what the slide check scales to 1280x720


def test_labels_placed_by_label_points_do_not_overlap():
    fig, ax = style.new_figure()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=12) * 0.1, rng.normal(size=12) * 0.1  # a crowded cluster
    ax.scatter(x, y)
    style.label_points(ax, x, y, [f"model-{i:02d}" for i in range(12)])
    found = legibility.check(fig)
    assert (found["overlaps"], found["small"]) == ([], [])


def test_label_placement_is_the_same_every_time():
    def place():
        fig, ax = style.new_figure()
        x = np.linspace(0, 1, 8)
        texts = style.label_points(ax, x, x ** 2, [f"p{i}" for i in range(8)])
        return [t.get_position() for t in texts]

    assert place() == place()
