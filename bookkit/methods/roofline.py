"""Roofline arithmetic for LLM inference (report section 1.3).

Decode is bound by memory: every weight is read once per generated token. Prefill is bound
by compute: about 2 FLOPs per weight per prompt token, plus attention. These give upper
bounds on speed from a machine's measured bandwidth and FLOP/s."""

from __future__ import annotations

from dataclasses import dataclass

BITS = {"fp32": 32, "fp16": 16, "int8": 8, "int4": 4}


@dataclass(frozen=True)
class ModelShape:
    """What the bounds need to know of a model. `embedding` is the vocab x hidden table;
    `tied` says whether the output head reuses it. Unknown architectures pass embedding=0,
    which counts every parameter in both decode bytes and prefill FLOPs."""
    params: float
    embedding: float = 0.0
    tied: bool = True
    layers: int = 0
    hidden: int = 0
    kv_dim: int = 0  # key (= value) width per layer: kv heads x head dim; 0 when unknown

    @property
    def decode_params(self) -> float:
        """Weights read per generated token: every layer plus the output head. With a tied
        head the embedding table is read as the head; untied, the table itself is only
        looked up (one row) and the separate head is read."""
        return self.params if self.tied else self.params - self.embedding

    @property
    def prefill_params(self) -> float:
        """Weights multiplied per prompt token: the layers, without the embedding table
        (and without the head, which only the last prompt token needs)."""
        head = 0.0 if self.tied else self.embedding
        return self.params - self.embedding - head

    @classmethod
    def from_config(cls, config, params: float) -> "ModelShape":
        emb = float(config.vocab_size * config.hidden_size)
        heads = int(config.num_attention_heads)
        kv_heads = int(getattr(config, "num_key_value_heads", None) or heads)
        head_dim = int(getattr(config, "head_dim", None) or config.hidden_size // heads)
        return cls(float(params), emb, bool(getattr(config, "tie_word_embeddings", False)),
                   int(config.num_hidden_layers), int(config.hidden_size), kv_heads * head_dim)


def kv_cache_bytes(shape: ModelShape, context: float, bits: float = 32) -> float:
    """Bytes of keys and values read per generated token at a context of `context` tokens."""
    return 2.0 * shape.layers * shape.kv_dim * context * bits / 8


def decode_tokens_per_s(shape: ModelShape, bits_per_weight: float, bandwidth_gbs: float, context: float = 0,
                        kv_bits: float = 32) -> float:
    """Upper bound on decode speed: bandwidth / bytes read per token, the weights plus the
    KV cache at `context` tokens (0: weights only, as when the cache's shape is unknown)."""
    weights = shape.decode_params * bits_per_weight / 8
    return bandwidth_gbs * 1e9 / (weights + kv_cache_bytes(shape, context, kv_bits))


def prefill_flops(shape: ModelShape, prompt_tokens: int, attention: bool = True) -> float:
    """FLOPs of a prefill: 2 per weight per token, plus causal attention (2 T^2 d per layer
    for scores and values) when the shape's layers and hidden size are known."""
    flops = 2.0 * shape.prefill_params * prompt_tokens
    if attention and shape.layers and shape.hidden:
        flops += 2.0 * shape.layers * prompt_tokens ** 2 * shape.hidden
    return flops


def prefill_seconds(shape: ModelShape, prompt_tokens: int, flops_per_s: float, attention: bool = True) -> float:
    """Lower bound on time to first token at a sustained FLOP rate."""
    return prefill_flops(shape, prompt_tokens, attention) / flops_per_s


def required_flops_per_s(shape: ModelShape, prompt_tokens: int, seconds: float, attention: bool = False) -> float:
    """The sustained compute a prefill of `prompt_tokens` in `seconds` needs."""
    return prefill_flops(shape, prompt_tokens, attention) / seconds
