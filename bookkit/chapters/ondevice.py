"""On-device models (report section 1.3): this machine's roofline, a real model measured
against it, and Apple's figures through the same arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods import measure, reported, roofline
from .. import style

SIZES_B = [0.1, 0.135, 0.36, 0.5, 1, 1.7, 3, 7, 8]
APPLE_SOURCES = "apple-fm-blog; apple-afm-report; a17-lpddr5-leak"


def machine() -> dict:
    """The CPU, core count and Python of this run."""
    return measure.machine()


def run_settings(info: dict, **settings) -> pd.DataFrame:
    """What this run measured on, and with which settings (shown at the top of the chapter)."""
    shown = {"CPU": info.get("cpu", "unknown"), "cores": info["cores"], "Python": info["python"],
             "torch threads": settings["threads"], "timed runs": settings["runs"], "warm-up runs": settings["warmup"],
             "prompt tokens (SmolLM2)": settings["prompt_tokens"],
             "prompt tokens (random models)": settings["random_prompt_tokens"], "generated tokens": settings["decode_tokens"]}
    return pd.Series(shown).to_frame("this run")


def measure_host(quick: bool, threads: int) -> tuple[dict, float]:
    """Memory bandwidth (numpy sum and triad) and fp32 matmul FLOP/s at the chapter's threads,
    pinned to the same CPUs as the timed models, so the bound is measured the way they run."""
    with measure.pinned(threads):
        bw = measure.memory_bandwidth(n_bytes=100_000_000 if quick else 400_000_000, threads=threads)
        return bw, measure.matmul_flops(n=1024 if quick else 2048, threads=threads)


def bounds_by_size(bandwidth: float, gemm: float, prompt_tokens: int) -> pd.DataFrame:
    """Decode and prefill bounds on this machine for generic models of SIZES_B, every format."""
    rows = []
    for p in SIZES_B:
        shape = roofline.ModelShape(params=p * 1e9)  # generic: every weight counted
        for fmt, bits in roofline.BITS.items():
            rows.append({"params_b": p, "format": fmt, "bits": bits,
                         "decode_bound_tps": roofline.decode_tokens_per_s(shape, bits, bandwidth),
                         "prefill_bound_s": roofline.prefill_seconds(shape, prompt_tokens, gemm, attention=False)})
    return pd.DataFrame(rows)


def figure_roofline(bounds: pd.DataFrame, bandwidth: float, gemm: float, prompt_tokens: int) -> dict:
    fig, (ax1, ax2) = style.new_figure(ncols=2, figsize=(10, 4))
    for fmt, g in bounds.groupby("format", sort=False):
        ax1.plot(g["params_b"], g["decode_bound_tps"], marker="o", ms=3, label=fmt)
    g = bounds[bounds["format"] == "fp32"]
    ax2.plot(g["params_b"], g["prefill_bound_s"], marker="o", ms=3, color="black", label="any format (fp32 math)")
    for ax in (ax1, ax2):
        ax.set_xscale("log")
        ax.set_yscale("log")
        style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 8])
        ax.set_xlabel("parameters (billions, log)")
    ax1.set_ylabel("decode bound (tokens/s, log)")
    ax1.set_title(f"Decode: {bandwidth:.1f} GB/s ÷ bytes per token")
    ax2.set_ylabel(f"prefill bound for {prompt_tokens} tokens (s, log)")
    ax2.set_title(f"Prefill: 2 × params × tokens ÷ {gemm / 1e9:.0f} GFLOP/s")
    ax1.legend(fontsize=8)
    return dict(
        fig=fig,
        data=bounds.assign(bandwidth_gbs=bandwidth, gemm_gflops=gemm / 1e9),
        sources=["gtja2024"],
        title="Roofline bounds for LLM inference on the machine that built this book",
        caption=(
            f"Upper bounds on decode speed (measured memory bandwidth {bandwidth:.1f} GB/s ÷ weight bytes "
            f"per token) and lower bounds on prefill time ({prompt_tokens} tokens at a measured fp32 GEMM "
            f"rate of {gemm / 1e9:.0f} GFLOP/s) for models of 0.1 to 8 billion parameters. Measured when "
            "this page was built."
        ),
    )


def model_configs(quick: bool) -> list:
    """The random llama configurations timed beside the real model."""
    if quick:
        return [measure.LlamaShape("random tiny", hidden=128, layers=2, heads=4, kv_heads=2, intermediate=256)]
    return [
        measure.LlamaShape("random ~0.5B", hidden=1280, layers=24, heads=20, kv_heads=5, intermediate=3584),
        measure.LlamaShape("random ~1B", hidden=2048, layers=20, heads=32, kv_heads=8, intermediate=5632),
    ]


def time_models(
    configs,
    bandwidth: float,
    gemm: float,
    prompt_tokens: int,
    decode_tokens: int,
    runs: int,
    warmup: int,
    threads: int,
    seed: int,
    random_prompt_tokens: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Time SmolLM2-135M with `prompt_tokens` and each random configuration with
    `random_prompt_tokens` (a time budget: their prefill dominates the chapter's run time, and
    a share of the bound is per token); returns (every run, one row per model with its bounds
    and the share of each bound reached)."""
    from .. import progress

    loaders = [("SmolLM2-135M (real weights)", measure.load_smollm2, prompt_tokens)]
    loaders += [(c.name, (lambda c=c: measure.random_llama(c, seed=seed)), random_prompt_tokens or prompt_tokens)
                for c in configs]
    all_runs, summary = [], []
    for k, (name, load, prompt) in enumerate(loaders):
        progress.report("timing models", k, len(loaders), f"models (now {name}, {prompt}-token prompts)")
        model = load()
        n = measure.n_params(model)
        shape = roofline.ModelShape.from_config(model.config, n)
        runs_df = measure.time_generation(
            model, prompt, decode_tokens, runs=runs, warmup=warmup, threads=threads, seed=seed
        )
        # the bound counts the KV cache read per token, at the mean context of the generated tokens
        decode_bound = roofline.decode_tokens_per_s(shape, 32, bandwidth, context=prompt + decode_tokens / 2)
        all_runs.append(runs_df.assign(model=name, params=n, decode_bound_tps=decode_bound))
        s = measure.summarize(runs_df)
        prefill_bound = roofline.prefill_seconds(shape, prompt, gemm)
        summary.append(
            {
                "model": name,
                "params_m": n / 1e6,
                "prompt_tokens": prompt,
                "tied_head": shape.tied,
                **s,
                "decode_bound_tps": decode_bound,
                "decode_share_of_bound": s["decode_median_tps"] / decode_bound,
                "prefill_bound_s": prefill_bound,
                "prefill_share_of_bound": prefill_bound / s["ttft_median_s"],
            }
        )
        del model
    return pd.concat(all_runs, ignore_index=True), pd.DataFrame(summary)


def figure_measured_vs_bound(
    summary: pd.DataFrame, all_runs: pd.DataFrame, decode_tokens: int, threads: int, runs: int
) -> dict:
    fig, ax = style.new_figure(figsize=(7, 4))
    x = np.arange(len(summary))
    ax.bar(x - 0.2, summary["decode_share_of_bound"], 0.4, label="decode: measured ÷ bandwidth bound")
    ax.bar(x + 0.2, summary["prefill_share_of_bound"], 0.4, label="prefill: compute bound ÷ measured")
    ax.axhline(1, color="grey", lw=0.8)
    ax.set_xticks(x, [f"{m.replace(' (real weights)', '')}\n{p:.0f}M params\n{t}-token prompt"
                      for m, p, t in zip(summary["model"], summary["params_m"], summary["prompt_tokens"])], fontsize=8)
    ax.set_ylabel("share of the roofline reached")
    ax.set_ylim(0, max(1.1, float(summary[["decode_share_of_bound", "prefill_share_of_bound"]].max().max()) * 1.1))
    ax.set_title("How close this CPU gets to its own roofline (median of runs)")
    ax.legend(fontsize=8)
    over = summary[summary["decode_share_of_bound"] > 1]["model"].tolist()
    note = (
        f" Above 1 ({', '.join(over)}): the run beat a bound measured with fewer threads or a smaller working "
        "set than the model's, so that bound is not a ceiling for it."
        if over
        else ""
    )
    return dict(
        fig=fig,
        data=all_runs,
        sources=["gtja2024"],
        title="Measured LLM speed against the roofline of this machine",
        caption=(
            f"Median decode speed as a share of the bandwidth bound, and the compute bound on time to "
            f"first token as a share of the measured time, for the prompt length under each model and "
            f"{decode_tokens} generated tokens, fp32, {threads} threads, {runs} runs after warm-up. The CSV "
            "has every run with its load average, CPU time, hypervisor steal time and the time of each decode step; the "
            "table above gives each model's spread (interquartile range of the runs and of the steps). Random-weight "
            "models are timing only, with "
            "shorter prompts to keep the chapter's run time in budget." + note
        ),
    )


PHONE_KV_BITS = 16  # assumed: Apple states a KV-cache optimisation but not the cache's precision


def phone_shape(apple: pd.DataFrame) -> roofline.ModelShape:
    """AFM-on-device as the roofline sees it: Apple's ~3B parameters, its layers and its
    grouped-query key/value width."""
    return roofline.ModelShape(params=apple.loc["afm-params-b", "value"] * 1e9,
                               layers=int(apple.loc["afm-layers", "value"]),
                               kv_dim=int(apple.loc["afm-kv-heads", "value"] * apple.loc["afm-head-dim", "value"]))


def check_apple(ledger, apple: pd.DataFrame, stated: pd.Series) -> dict:
    """Apple's 30 tokens/s, 0.6 s to first token and ~3B parameters, through the roofline
    with a labelled bandwidth estimate and the KV cache at the report's prompt length.
    Returns the numbers the chapter reports."""
    P = apple.loc["afm-params-b", "value"] * 1e9
    phone_bw = apple.loc["a17pro-memory-bandwidth-gbs", "value"]
    npu = apple.loc["a17pro-npu-tops", "value"] * 1e12
    bpw = apple.loc["afm-bits-per-weight", "value"]
    phone = phone_shape(apple)
    context = stated["apple-prompt-tokens"]
    tps = stated["apple-decode-tps"]
    rows = []
    for fid in ["afm-bits-per-weight", "afm-bits-per-weight-blog"]:
        for kv_context in [0, context]:
            for bw_gbs in [phone_bw * 0.75, phone_bw, phone_bw * 1.5]:
                bound = roofline.decode_tokens_per_s(phone, apple.loc[fid, "value"], bw_gbs, context=kv_context,
                                                     kv_bits=PHONE_KV_BITS)
                rows.append({"bits_per_weight": apple.loc[fid, "value"], "kv_cache_tokens": kv_context,
                             "bandwidth_gbs": bw_gbs, "decode_bound_tps": bound,
                             "claim_share_of_bound": apple.loc["iphone15pro-decode-tps", "value"] / bound})
    bytes_per_token = P * bpw / 8 + roofline.kv_cache_bytes(phone, context, PHONE_KV_BITS)
    weights_only = roofline.decode_tokens_per_s(phone, bpw, phone_bw)
    main_bound = roofline.decode_tokens_per_s(phone, bpw, phone_bw, context=context, kv_bits=PHONE_KV_BITS)
    needed_gbs = tps * bytes_per_token / 1e9
    low_bound = roofline.decode_tokens_per_s(phone, bpw, phone_bw * 0.75, context=context, kv_bits=PHONE_KV_BITS)
    ledger.check(
        "apple-30-tps-under-decode-bound",
        holds=bool(tps <= main_bound),
        reported=f"{tps:g} tokens/s",
        computed=(f"bound {main_bound:.1f} tokens/s with a {context:,.0f}-token KV cache ({weights_only:.1f} with "
                  f"weights alone); the claim needs {needed_gbs:.1f} GB/s sustained, {tps / main_bound:.0%} of the "
                  f"estimated {phone_bw:g} GB/s"),
        caveat=(f"the {phone_bw:g} GB/s is an estimated peak (Apple publishes none) and sustained reads fall short "
                f"of a peak: at {phone_bw * 0.75:g} GB/s the bound is {low_bound:.1f} tokens/s, below the claim; "
                f"the KV cache is taken at {PHONE_KV_BITS} bits, its precision unpublished"),
        evidence=(f"{P / 1e9:g}B weights x {bpw:g} bits plus keys and values of {phone.layers} layers x "
                  f"{phone.kv_dim} at {context:,.0f} tokens, read per token"),
        source=APPLE_SOURCES + "; destiner-afm-on-device",
    )
    ms_per_token = apple.loc["iphone15pro-ttft-ms-per-token", "value"]
    ledger.compare(
        "apple-ttft-0-6-s-for-1000-tokens",
        reported=stated["apple-ttft-s"],
        computed=ms_per_token * stated["apple-prompt-tokens"] / 1000,
        tolerance=0.005,
        caveat=(
            f"Apple states {ms_per_token:g} ms per prompt token; the report's '0.6 s for a 1,000-token "
            "prompt' is that rate times 1,000, not a separate measurement"
        ),
        evidence=f"{ms_per_token:g} ms/token x 1000 tokens",
        source="apple-fm-blog",
    )
    need = roofline.required_flops_per_s(phone, int(stated["apple-prompt-tokens"]), stated["apple-ttft-s"])
    ledger.check(
        "apple-prefill-within-npu-peak",
        holds=bool(need <= npu),
        computed=f"needs {need / 1e12:.1f} TFLOP/s sustained = {need / npu:.0%} of the Neural Engine's {npu / 1e12:g} TOPS",
        caveat="the 35 TOPS have no stated precision and attention FLOPs are left out (architecture unpublished)",
        evidence="2 x 3e9 x 1000 FLOPs / 0.6 s against Apple's Neural Engine peak",
        source="apple-fm-blog; apple-a17-pro-newsroom",
    )
    ledger.consistency(
        "apple-3b-params",
        values={
            "report": f"{stated['apple-ondevice-params-b']:g}B",
            "Apple": f"{apple.loc['afm-params-b', 'value']:g}B",
        },
        evidence="Apple's foundation-model report",
        source="apple-afm-report",
    )
    return {
        "table": pd.DataFrame(rows),
        "phone_bw": phone_bw,
        "main_bound": main_bound,
        "claim_share": tps / main_bound,
        "needed_gbs": needed_gbs,
        "npu_share": need / npu,
    }


def figure_table2_bounds(
    t2: pd.DataFrame, bandwidth: float, phone_bits: float, phone_bw: float, claim_tps: float
) -> dict:
    """Decode bounds for every printed size of Table 2, here and on the phone."""
    rows = []
    for r in t2.itertuples():
        for p in reported.sizes_b(r.params_reported):
            shape = roofline.ModelShape(params=p * 1e9)
            rows.append(
                {
                    "model": r.model,
                    "params_b": p,
                    "this_machine_fp32_tps": roofline.decode_tokens_per_s(shape, 32, bandwidth),
                    "this_machine_int4_tps": roofline.decode_tokens_per_s(shape, 4, bandwidth),
                    "phone_3_7_bit_tps": roofline.decode_tokens_per_s(shape, phone_bits, phone_bw),
                }
            )
    sizes = pd.DataFrame(rows).sort_values("params_b")
    fig, ax = style.new_figure(figsize=(7.5, 4))
    for col, label in [
        ("this_machine_fp32_tps", "this machine, fp32"),
        ("this_machine_int4_tps", "this machine, int4"),
        ("phone_3_7_bit_tps", f"iPhone 15 Pro (estimate), {phone_bits:g} bit"),
    ]:
        ax.plot(sizes["params_b"], sizes[col], marker="o", ms=3, label=label)
    ax.axhline(claim_tps, color="grey", ls=":", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    style.plain_log_ticks(ax.xaxis, [0.1, 0.3, 1, 3, 8])
    ax.set_xlabel("parameters (billions, log)")
    ax.set_ylabel("decode bound (tokens/s, log)")
    ax.set_title("Lightweight models of Table 2: decode speed limits")
    ax.legend(fontsize=8)
    return dict(
        fig=fig,
        data=sizes,
        sources=["gtja2024", "apple-afm-report", "a17-lpddr5-leak"],
        title="Decode-speed bounds for the sizes in the report's Table 2",
        caption=(
            f"Bandwidth bound on decode speed for each printed size, on this machine ({bandwidth:.1f} GB/s) "
            f"at fp32 and int4, and on an iPhone 15 Pro at {phone_bits:g} bits per weight with an estimated "
            f"{phone_bw:g} GB/s. The dotted line is the {claim_tps:g} tokens/s Apple reports."
        ),
    )


def check_human_preference(ledger, evals: pd.DataFrame, claim_id: str = "apple-preferred-over-rivals") -> dict:
    """The report's "Apple's model is preferred by human graders over Gemma-2B, Mistral-7B,
    Phi-3-mini and Gemma-7B", read in Apple's own side-by-side chart: preferred means more wins
    than losses against each model the report names. Apple gives no count of prompts, so the
    shares carry no interval. Returns the chart's on-device rows with wins minus losses, and the
    smallest and largest margin over the named models and the smallest over all."""
    named = [n.strip() for n in ledger.statement(claim_id)["printed"].split(",")]
    on_device = evals[evals["apple_model"] == "AFM-on-device"].set_index("opponent")
    missing = sorted(set(named) - set(on_device.index))
    if missing:
        raise ValueError(f"{claim_id}: Apple's chart has no pairing with {missing}")
    margin = (on_device["win_pct"] - on_device["lose_pct"]).round(1)
    under_half = [n for n in named if on_device.loc[n, "win_pct"] < 50]
    others_behind = [f"{o} ({m:+.1f})" for o, m in margin.items() if o not in named and m <= 0]
    caveat = ("Apple's own evaluation, with no count of prompts, read in its chart as revised on "
              f"{on_device['chart_version'].max():%Y-%m-%d}" + (
                  f"; the model wins under half the prompts against {' and '.join(under_half)}, the rest being ties"
                  if under_half else ""))
    ledger.check(claim_id, holds=bool((margin[named] > 0).all()),
                 computed="; ".join(f"{n}: {margin[n]:+.1f} (win {on_device.loc[n, 'win_pct']:.1f} %, "
                                    f"lose {on_device.loc[n, 'lose_pct']:.1f} %)" for n in named),
                 caveat=caveat,
                 evidence="wins minus losses, in percentage points of prompts, in Apple's side-by-side human "
                          "evaluation (data/ondevice/apple_human_eval.csv)" + (
                              f"; in the same chart the model is behind {', '.join(others_behind)}, which the "
                              "report does not name" if others_behind else ""),
                 source="apple-fm-blog")
    table = on_device.assign(win_minus_lose=margin).reset_index()[
        ["opponent", "win_pct", "tie_pct", "lose_pct", "win_minus_lose"]]
    return {"table": table, "named_least": margin[named].min(), "named_most": margin[named].max(),
            "worst": margin.min()}


def check_headline_preference(ledger, evals: pd.DataFrame,
                              claim_id: str = "apple-preferred-over-same-size-and-larger") -> dict:
    """The report's headline "human evaluation shows Apple Intelligence beats models of its
    size and larger ones", read over every pairing in Apple's chart, on-device and server
    model alike: Apple's model is ahead where wins exceed losses. Holds when ahead in every
    pairing, holds with a caveat naming the others when ahead in most, wrong otherwise.
    Returns the number of pairings, of those ahead, and the models it trails."""
    rows = evals.assign(margin=(evals["win_pct"] - evals["lose_pct"]).round(1))
    behind = rows[rows["margin"] <= 0]
    n, ahead = len(rows), int((rows["margin"] > 0).sum())
    trails = ", ".join(f"{r.apple_model} vs {r.opponent} ({r.margin:+.1f})" for r in behind.itertuples())
    ledger.check(claim_id, holds=ahead > n / 2,
                 computed=f"ahead in {ahead} of {n} pairings" + (f"; behind in {trails}" if trails else ""),
                 caveat=(f"not against every model: behind in {trails}" if trails else None),
                 evidence="wins minus losses, in percentage points of prompts, in every pairing of Apple's side-by-side "
                          "human evaluation, both of its models (data/ondevice/apple_human_eval.csv); Apple's own "
                          "evaluation, with no count of prompts",
                 source="apple-fm-blog")
    names = list(behind["opponent"])
    return {"pairings": n, "ahead": ahead, "behind": " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)}


def figure_human_preference(evals: pd.DataFrame) -> dict:
    """Apple's side-by-side human evaluation as stacked bars: win, tie and lose per pairing."""
    fig, axes = style.new_figure(nrows=2, figsize=(8, 4.6), sharex=True)
    colours = {"win_pct": "#2f6f9f", "tie_pct": "#b8b8b8", "lose_pct": "#c0504d"}
    for ax, (model, rows) in zip(axes, evals.groupby("apple_model", sort=True)):
        rows = rows.sort_values("win_pct")
        left = np.zeros(len(rows))
        for col, colour in colours.items():
            ax.barh(rows["opponent"], rows[col], left=left, color=colour, label=col.removesuffix("_pct"))
            for y, (x0, w) in enumerate(zip(left, rows[col])):
                ax.text(x0 + w / 2, y, f"{w:.0f}", ha="center", va="center", fontsize=9,
                        color="white" if col != "tie_pct" else "black")
            left += rows[col].to_numpy()
        ax.axvline(50, color="black", lw=0.6, ls=":")
        ax.set_title(f"{model} against comparable models", fontsize=10, loc="left")
    axes[-1].set_xlabel("share of prompts (%)")
    axes[-1].set_xlim(0, 100)
    fig.suptitle("Apple's human evaluation: which answer graders preferred", fontsize=11)
    fig.legend(*axes[0].get_legend_handles_labels(), ncol=3, fontsize=9, loc="lower center", frameon=False)
    fig.subplots_adjust(bottom=0.17, hspace=0.3)
    return dict(
        fig=fig,
        data=evals[["apple_model", "opponent", "win_pct", "tie_pct", "lose_pct", "chart_version"]],
        sources=["apple-fm-blog", "gtja2024"],
        title="Apple's side-by-side human evaluation of its foundation models",
        caption=("Share of prompts on which graders preferred Apple's model (win), saw no difference (tie) or "
                 "preferred the other model (lose), from Apple's chart as revised on 2024-07-29. The report's "
                 "Figure 5 reprints Apple's chart. Apple gives no count of prompts, so the shares carry no interval."),
    )
