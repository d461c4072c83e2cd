"""Figure export: every format, enough resolution, a caption with sources, identical reruns."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from PIL import Image

from bookkit import figures, style


def _plot():
    fig, ax = style.new_figure()
    ax.plot([1, 2, 3], [3, 1, 2], label="line")
    ax.set_title("test")
    return fig, pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})


def _save(**kw):
    fig, frame = _plot()
    args = dict(chapter="test-chapter", slug="a-figure", data=frame, title="A figure",
                caption="Three points.", sources=["gtja2024"])
    args.update(kw)
    return figures.save(fig, **args)


def test_writes_png_svg_csv_and_metadata(scratch_output):
    saved = _save()
    folder = scratch_output / "figures" / "test-chapter"
    assert sorted(p.name for p in folder.iterdir()) == [
        "a-figure.csv", "a-figure.json", "a-figure.png", "a-figure.svg", "a-figure.zh.png", "a-figure.zh.svg"]
    assert pd.read_csv(folder / "a-figure.csv")["y"].tolist() == [3, 1, 2]
    meta = json.loads((folder / "a-figure.json").read_text())
    assert meta["sources"] == ["gtja2024"] and meta["label"] == saved.label


def test_png_has_at_least_200_dpi(scratch_output):
    saved = _save()
    with Image.open(saved.file("png")) as image:
        dpi = image.info["dpi"]
    assert min(dpi) >= 199.5


def test_rerun_writes_identical_bytes(scratch_output):
    files = lambda saved: [saved.file(f).read_bytes() for f in ("png", "svg", "csv")] + [  # noqa: E731
        saved.file(f, "zh").read_bytes() for f in ("png", "svg")]
    first, second = files(_save()), files(_save())
    assert first == second
    assert b"<dc:date>" not in first[1]


def test_markdown_has_caption_sources_downloads_and_citation(scratch_output):
    md = _save().markdown()
    assert "```{figure} ../figures/test-chapter/a-figure.png" in md
    assert ":name: fig-test-chapter-a-figure" in md
    caption, rest = md.split("*Sources (1) below the figure.*")
    assert "GTJA" not in caption  # the caption counts its sources; the list is one click away
    assert "```{admonition} Sources (1)" in rest and "(`gtja2024`)" in rest
    for fmt in ("PNG", "SVG", "CSV"):
        assert f"{{download}}`{fmt} <../figures/test-chapter/a-figure.{fmt.lower()}>`" in md
    assert "APA:" in md and "@misc{" in md


@pytest.mark.parametrize("bad", [
    dict(slug="Bad Slug"), dict(sources=[]), dict(sources=["no-such-source"]),
    dict(data=pd.DataFrame()), dict(dpi=100),
])
def test_rejects_incomplete_figures(scratch_output, bad):
    with pytest.raises(ValueError):
        _save(**bad)
