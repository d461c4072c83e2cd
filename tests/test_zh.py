"""Every figure also in Chinese: the catalog's lookup, its rule for what still reads as
English, the redrawn files, and a build that stops on a glyph no font has."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bookkit import figures, style
from bookkit.zh import catalog, draw


@pytest.fixture
def strings():
    c = catalog.Catalog(names={"Sora"})
    for english, chinese in {"open weights": "开源", "cheapest price at MMLU ≥ {level}": "MMLU ≥ {level} 的最低价格",
                             "{model} ({n} wins)": "{model}（{n} 项第一）", "random {size}": "随机权重 {size}"}.items():
        c.add(english, chinese)
    return c


def test_exact_and_template_lookups(strings):
    assert strings.translate("open weights") == "开源"
    assert strings.translate("cheapest price at MMLU ≥ 86") == "MMLU ≥ 86 的最低价格"
    assert strings.translate("random ~1B (3 wins)") == "随机权重 ~1B（3 项第一）"  # carried values translated too
    assert strings.translate("something else") == "something else"


def test_what_still_reads_as_english(strings):
    assert strings.needs_translation("cheapest price")
    assert strings.needs_translation("Closed")  # a capitalised word is not a name by itself
    assert strings.needs_translation("开源 (high confidence)")  # English carried along by a template
    for kept in ("GPT-4o", "gpt-4o-mini", "MMLU 0-shot CoT", "Sora", "开源", "$\\mathdefault{10^{3}}$", "42", "Sora 的最低价格"):
        assert not strings.needs_translation(kept), kept


def test_a_template_needs_fixed_text():
    with pytest.raises(ValueError):
        catalog.Catalog().add("{a}{b}", "{a}{b}")


def test_every_catalog_loads_and_is_chinese():
    for path in sorted(catalog.STRINGS.glob("*.yaml")):
        loaded = catalog.load(path.stem)
        assert loaded.exact or loaded.templates, path.name
        for chinese in [*loaded.exact.values(), *(t for _, t in loaded.templates)]:
            assert chinese.strip(), path.name


def _figure(text: str = "open weights"):
    fig, ax = style.new_figure()
    ax.plot([1, 2, 3], [3, 1, 2], label=text)
    ax.legend()
    ax.set_xlabel("release date")
    return fig


def test_save_writes_the_chinese_drawing_and_what_it_left_in_english(scratch_output):
    saved = figures.save(_figure(), chapter="lightweight", slug="a-figure", data=pd.DataFrame({"x": [1]}),
                         title="Price cuts of the same model", caption="Three points.", sources=["gtja2024"])
    meta = json.loads(saved.file("json").read_text(encoding="utf-8"))["zh"]
    assert meta["files"] == ["a-figure.zh.png", "a-figure.zh.svg"]
    assert all(saved.file(f, "zh").stat().st_size > 0 for f in ("png", "svg"))
    assert meta["title"] == "同一模型的降价"
    assert meta["untranslated"] == ["Three points.", "release date"]
    assert meta["drawn_cjk"] >= 1  # the legend's 开源
    svg = saved.file("svg", "zh").read_text(encoding="utf-8")
    assert "<text" not in svg  # drawn as paths: renders without the font


def test_a_glyph_no_font_has_stops_the_build(scratch_output):
    with pytest.raises(ValueError, match="missing from font"):
        figures.save(_figure("\U00013000"), chapter="demo", slug="no-glyph", data=pd.DataFrame({"x": [1]}),
                     title="t", caption="c", sources=["gtja2024"])


def test_the_font_comes_from_the_wheel():
    assert draw.register() == draw.FONT
