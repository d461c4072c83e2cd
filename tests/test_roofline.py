"""Roofline bounds on hand-checked numbers."""

from __future__ import annotations

import pytest

from bookkit.methods import roofline


def test_decode_bound_counts_bytes_per_token():
    shape = roofline.ModelShape(params=3e9)           # unknown architecture: every weight read
    # 3e9 weights at 4 bits = 1.5 GB per token; 51.2 GB/s / 1.5 GB = 34.13 tokens/s
    assert roofline.decode_tokens_per_s(shape, 4, 51.2) == pytest.approx(51.2 / 1.5)
    assert roofline.decode_tokens_per_s(shape, 32, 12.0) == pytest.approx(1.0)


def test_tied_and_untied_heads():
    tied = roofline.ModelShape(params=135e6, embedding=28e6, tied=True)
    untied = roofline.ModelShape(params=163e6, embedding=28e6, tied=False)
    assert tied.decode_params == 135e6                 # table read as the head
    assert untied.decode_params == 135e6               # 163 - 28 (lookup only) = layers + head
    assert tied.prefill_params == untied.prefill_params == 107e6


def test_prefill_flops_and_seconds():
    shape = roofline.ModelShape(params=1e9)
    assert roofline.prefill_flops(shape, 1000) == pytest.approx(2e12)
    assert roofline.prefill_seconds(shape, 1000, 1e12) == pytest.approx(2.0)
    with_attn = roofline.ModelShape(params=1e9, layers=10, hidden=1000)
    assert roofline.prefill_flops(with_attn, 1000) == pytest.approx(2e12 + 2 * 10 * 1000 ** 2 * 1000)
    assert roofline.required_flops_per_s(shape, 1000, 0.6) == pytest.approx(2e12 / 0.6)


def test_the_kv_cache_is_read_with_the_weights():
    """At 1,000 tokens of context a 1B llama reads 0.16 GB of keys and values per token on
    top of 4 GB of fp32 weights: the bound without them was too high."""
    shape = roofline.ModelShape(params=1e9, layers=20, hidden=2048, kv_dim=8 * 64 * 2)
    assert roofline.kv_cache_bytes(shape, 1000) == pytest.approx(2 * 20 * 1024 * 1000 * 4)
    with_kv = roofline.decode_tokens_per_s(shape, 32, 40.0, context=1000)
    assert with_kv == pytest.approx(40e9 / (4e9 + 2 * 20 * 1024 * 1000 * 4))
    assert with_kv < roofline.decode_tokens_per_s(shape, 32, 40.0)


def test_shapes_from_a_config_know_their_kv_width():
    from types import SimpleNamespace

    config = SimpleNamespace(vocab_size=1000, hidden_size=2048, num_hidden_layers=20, num_attention_heads=32,
                             num_key_value_heads=8, tie_word_embeddings=False)
    assert roofline.ModelShape.from_config(config, 1e9).kv_dim == 8 * 64


@pytest.mark.parametrize("bandwidth_gbs, expected", [(51.2, "holds with a caveat"), (20.0, "wrong")])
def test_apples_30_tokens_a_second_are_judged_against_a_bound_with_the_kv_cache(scratch_output, bandwidth_gbs,
                                                                                 expected):
    """The verdict follows the bound the weights and the KV cache allow at the stated
    bandwidth, and its wording says how much of that bandwidth the claim needs."""
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import ondevice as page
    from conftest import registry

    apple = pd.DataFrame({"value": {"afm-params-b": 3, "afm-bits-per-weight": 3.7, "afm-bits-per-weight-blog": 3.5,
                                    "afm-layers": 26, "afm-kv-heads": 8, "afm-head-dim": 128,
                                    "iphone15pro-ttft-ms-per-token": 0.6, "iphone15pro-decode-tps": 30,
                                    "a17pro-npu-tops": 35, "a17pro-memory-bandwidth-gbs": bandwidth_gbs}})
    stated = pd.Series({"apple-prompt-tokens": 1000, "apple-decode-tps": 30, "apple-ttft-s": 0.6,
                        "apple-ondevice-params-b": 3})
    printed = {"apple-30-tps-under-decode-bound": "30 tokens/s", "apple-ttft-0-6-s-for-1000-tokens": "0.6",
               "apple-prefill-within-npu-peak": "x", "apple-3b-params": "report: 3B; Apple: 3B"}
    ledger = claims.Ledger("test-ondevice", registry("test-ondevice", printed))
    out = page.check_apple(ledger, apple, stated)
    claim = next(c for c in ledger.claims if c.claim_id == "apple-30-tps-under-decode-bound")
    assert claim.verdict == expected
    assert "KV cache" in claim.computed and f"{out['needed_gbs']:.1f} GB/s" in claim.computed
    weights_only = roofline.decode_tokens_per_s(page.phone_shape(apple), 3.7, bandwidth_gbs)
    assert out["main_bound"] < weights_only  # the cache's bytes lower the bound


def test_preferred_means_more_wins_than_losses_against_every_named_model(scratch_output):
    """The report's Figure 5 claim, read in Apple's chart: one named model with more losses
    than wins makes it wrong; a named model missing from the chart stops the chapter."""
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import ondevice as page
    from conftest import registry

    def chart(lose_b):
        return pd.DataFrame({"apple_model": "AFM-on-device", "opponent": ["A", "B", "C"], "win_pct": [60.0, 45.0, 20.0],
                             "tie_pct": [20.0, 20.0, 30.0], "lose_pct": [20.0, lose_b, 50.0],
                             "chart_version": pd.Timestamp("2024-07-29")})

    book = claims.Ledger("test-chapter", registry("test-chapter", {"p": "A, B", "q": "A, B", "r": "A, D"}))
    got = page.check_human_preference(book, chart(35.0), claim_id="p")
    assert (got["named_least"], got["named_most"], got["worst"]) == (10.0, 40.0, -30.0)
    page.check_human_preference(book, chart(50.0), claim_id="q")
    verdicts = {c.claim_id: c for c in book.claims}
    assert verdicts["p"].verdict == "holds with a caveat" and "under half the prompts against B" in verdicts["p"].evidence
    assert "behind C (-30.0)" in verdicts["p"].evidence
    assert verdicts["q"].verdict == "wrong"
    with pytest.raises(ValueError, match="no pairing"):
        page.check_human_preference(book, chart(35.0), claim_id="r")

    # the headline reads every pairing: ahead of A and B of three is most, holds with a caveat
    # naming C; ahead of A alone is wrong
    head = claims.Ledger("test-chapter", registry("test-chapter", {"h": "x", "w": "x"}))
    got = page.check_headline_preference(head, chart(35.0), claim_id="h")
    assert (got["ahead"], got["pairings"], got["behind"]) == (2, 3, "C")
    page.check_headline_preference(head, chart(50.0), claim_id="w")
    verdicts = {c.claim_id: c for c in head.claims}
    assert verdicts["h"].verdict == "holds with a caveat" and "behind in AFM-on-device vs C (-30.0)" in verdicts["h"].evidence
    assert verdicts["w"].verdict == "wrong"
