"""The benchmark harness, on a tiny random model: the shape of its results, never a speed."""

from __future__ import annotations

import pytest

from bookkit.methods import measure, roofline

torch = pytest.importorskip("torch")
TINY = measure.LlamaShape("tiny", hidden=64, layers=2, heads=4, kv_heads=2, intermediate=128, vocab=512)


def test_random_llama_has_the_shape_asked_for():
    model = measure.random_llama(TINY, seed=1)
    assert model.config.hidden_size == 64 and model.config.num_hidden_layers == 2
    shape = roofline.ModelShape.from_config(model.config, measure.n_params(model))
    assert shape.embedding == 512 * 64 and shape.tied
    assert shape.decode_params == measure.n_params(model)


def test_random_weights_are_seeded():
    a = measure.random_llama(TINY, seed=3).model.embed_tokens.weight
    b = measure.random_llama(TINY, seed=3).model.embed_tokens.weight
    assert torch.equal(a, b)


def test_time_generation_reports_every_run():
    runs = measure.time_generation(measure.random_llama(TINY), prompt_tokens=16, decode_tokens=3, runs=3,
                                   warmup=1, threads=1)
    assert list(runs["run"]) == [1, 2, 3]
    assert (runs[["ttft_s", "decode_tokens_per_s", "wall_s", "cpu_s"]] > 0).all().all()
    assert set(runs["prompt_tokens"]) == {16} and set(runs["threads"]) == {1}
    summary = measure.summarize(runs)
    assert summary["runs"] == 3 and summary["ttft_best_s"] <= summary["ttft_median_s"]
    spread = runs["decode_tokens_per_s"].quantile(0.75) - runs["decode_tokens_per_s"].quantile(0.25)
    assert summary["decode_iqr_tps"] == pytest.approx(spread) and summary["ttft_iqr_s"] >= 0


def test_machine_measurements_have_their_fields():
    bw = measure.memory_bandwidth(n_bytes=8_000_000, repeats=2, threads=1)
    rates = {"sum_gbs", "triad_gbs", "torch_sum_gbs", "torch_triad_gbs"}
    assert set(bw) == rates | {"bound_gbs", "threads", "array_mb"} and bw["threads"] == 1
    # the bound is the fastest reading, so no reading taken the same way can exceed it
    assert bw["bound_gbs"] == max(bw[r] for r in rates) > 0
    assert measure.matmul_flops(n=128, repeats=2, threads=1) > 0
    assert {"python", "machine", "cores"} <= set(measure.machine())


def test_smollm2_ships_in_its_package():
    assert (measure.smollm2_dir() / measure.SMOLLM2_GGUF).stat().st_size > 50_000_000


def test_decode_steps_are_timed_one_by_one_and_pinning_is_undone():
    import os

    before = os.sched_getaffinity(0)
    runs = measure.time_generation(measure.random_llama(TINY), prompt_tokens=8, decode_tokens=4, runs=3, warmup=0,
                                   threads=1)
    assert os.sched_getaffinity(0) == before                     # the test process is not left on one CPU
    steps = measure.decode_steps_ms(runs)
    assert len(steps) == 12 and (steps > 0).all()
    # the steps of a run add up to (a little less than) its decode time
    first = measure.decode_steps_ms(runs.iloc[[0]]).sum() / 1000
    assert first <= 4 / runs["decode_tokens_per_s"].iloc[0] + 1e-6
    summary = measure.summarize(runs)
    assert summary["decode_steps"] == 12 and summary["decode_step_iqr_ms"] >= 0
    assert len(runs["cpus"].iloc[0].split()) == 1 and summary["steal_share"] >= 0
