"""Video generation arithmetic: latent tokens of a DiT video model, VAE compression,
seconds of compute per second of video and per megapixel-frame, and clip extensions (report
section 2)."""

from __future__ import annotations

import math
from dataclasses import dataclass

RGB_CHANNELS = 3


@dataclass(frozen=True)
class VideoVAE:
    """A video VAE and the DiT patching on top of it."""
    name: str
    temporal_factor: int
    spatial_factor: int
    latent_channels: int
    patch_t: int = 1
    patch_hw: int = 2
    causal_first_frame: bool = True  # first frame encoded alone: frames = k * t + 1

    @classmethod
    def from_row(cls, row) -> "VideoVAE":
        return cls(row.model, int(row.temporal_factor), int(row.spatial_factor), int(row.latent_channels),
                   int(row.patch_t), int(row.patch_hw), bool(row.causal_first_frame))


def frame_count(seconds: float, fps: float, vae: VideoVAE) -> int:
    """Frames a clip needs, rounded up to what the VAE accepts (k * t, or k * t + 1 if causal)."""
    raw = math.ceil(seconds * fps - 1e-9)
    t = vae.temporal_factor
    if vae.causal_first_frame:
        return max(1, math.ceil(max(raw - 1, 0) / t) * t + 1)
    return max(t, math.ceil(raw / t) * t)


def latent_shape(frames: int, height: int, width: int, vae: VideoVAE) -> tuple[int, int, int]:
    """(latent frames, latent height, latent width)."""
    t, s = vae.temporal_factor, vae.spatial_factor
    if height % s or width % s:
        raise ValueError(f"{height}x{width} is not a multiple of the spatial factor {s}")
    if vae.causal_first_frame:
        if (frames - 1) % t:
            raise ValueError(f"{frames} frames: a causal VAE with factor {t} takes {t}k+1 frames")
        lat_t = (frames - 1) // t + 1
    else:
        if frames % t:
            raise ValueError(f"{frames} frames is not a multiple of {t}")
        lat_t = frames // t
    return lat_t, height // s, width // s


def tokens(seconds: float, height: int, width: int, fps: float, vae: VideoVAE) -> int:
    """DiT tokens for a clip: latent frames / patch_t x (latent H / p) x (latent W / p)."""
    lat_t, lat_h, lat_w = latent_shape(frame_count(seconds, fps, vae), height, width, vae)
    p = vae.patch_hw
    return math.ceil(lat_t / vae.patch_t) * math.ceil(lat_h / p) * math.ceil(lat_w / p)


def kept_fraction(vae: VideoVAE) -> float:
    """Latent values per input value: C / (3 x t x s x s)."""
    return vae.latent_channels / (RGB_CHANNELS * vae.temporal_factor * vae.spatial_factor ** 2)


def kept_fraction_bytes(vae: VideoVAE, latent_bytes: int = 2, pixel_bytes: int = 1) -> float:
    """The same share in bytes: latents stored at latent_bytes per value against 8-bit pixels."""
    return kept_fraction(vae) * latent_bytes / pixel_bytes


def compute_per_video_second(video_seconds: float, compute_seconds: float) -> float:
    """Seconds of generation per second of video (1 = real time)."""
    if video_seconds <= 0:
        raise ValueError("video length must be positive")
    return compute_seconds / video_seconds


def pixels(resolution) -> int | None:
    """Pixels per frame of a "WIDTHxHEIGHT" resolution; None for anything else ("1080p" does
    not say its aspect ratio)."""
    if not isinstance(resolution, str):
        return None
    parts = resolution.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    return int(parts[0]) * int(parts[1])


def compute_per_megapixel_frame(compute_seconds: float, frames: float, pixels_per_frame: float) -> float:
    """Seconds of generation per million pixels of output (frames x pixels per frame): a
    speed that does not favour a clip for being short, slow (8 fps) or small (480p)."""
    if not frames > 0 or not pixels_per_frame > 0:
        return math.nan
    return compute_seconds / (frames * pixels_per_frame / 1e6)


def extensions_needed(target_s: float, first_clip_s: float, step_s: float) -> int:
    """Extensions of step_s each to grow a first clip of first_clip_s to at least target_s."""
    if step_s <= 0:
        raise ValueError("extension step must be positive")
    return max(0, math.ceil((target_s - first_clip_s) / step_s - 1e-9))


def speed_claim(low_s: float, high_s: float, stated_s) -> tuple[bool, str]:
    """A claim that an output is made "in low_s to high_s seconds" against the times its
    maker stated for the same output: it holds when no stated time is slower than high_s
    (the claim promises at most that); the note says where a stated time falls outside the
    range. Returns (holds, note)."""
    stated = [float(s) for s in stated_s]
    if not stated:
        raise ValueError("no stated time to check against")
    if low_s > high_s:
        raise ValueError("low_s must not exceed high_s")
    slower = [s for s in stated if s > high_s]
    faster = [s for s in stated if s < low_s]
    if slower:
        return False, f"stated {', '.join(f'{s:g}' for s in slower)} s, slower than the claimed {high_s:g} s"
    if faster:
        return True, (f"stated {', '.join(f'{s:g}' for s in faster)} s, faster than the claimed range's "
                      f"{low_s:g} s: the claim understates the speed")
    return True, ""
