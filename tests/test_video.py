"""Latent-token arithmetic on configurations with known answers."""

from __future__ import annotations

import pytest

from bookkit.methods import video

COGVIDEOX = video.VideoVAE("CogVideoX", 4, 8, 16, patch_t=1, patch_hw=2, causal_first_frame=True)


def test_cogvideox_49_frames_480x720_is_13x60x90():
    assert video.latent_shape(49, 480, 720, COGVIDEOX) == (13, 60, 90)


def test_six_seconds_at_8_fps_is_49_frames_and_17550_tokens():
    assert video.frame_count(6, 8, COGVIDEOX) == 49
    assert video.tokens(6, 480, 720, 8, COGVIDEOX) == 13 * 30 * 45


def test_frame_counts_round_up_to_what_the_vae_takes():
    assert video.frame_count(5, 16, COGVIDEOX) == 81      # Wan: 81 frames for 5 s at 16 fps
    plain = video.VideoVAE("plain", 4, 8, 16, causal_first_frame=False)
    assert video.frame_count(1, 6, plain) == 8


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError):
        video.latent_shape(48, 480, 720, COGVIDEOX)
    with pytest.raises(ValueError):
        video.latent_shape(49, 481, 720, COGVIDEOX)


def test_kept_fraction_is_two_percent_in_values():
    assert video.kept_fraction(COGVIDEOX) == pytest.approx(16 / 768)
    assert video.kept_fraction_bytes(COGVIDEOX, latent_bytes=2) == pytest.approx(2 * 16 / 768)


def test_speed_and_extensions():
    assert video.compute_per_video_second(6, 30) == 5
    assert video.extensions_needed(180, 5, 4.5) == 39     # 5 + 39 x 4.5 = 180.5
    assert video.extensions_needed(120, 10, 4.5) == 25    # 10 + 25 x 4.5 = 122.5
    assert video.extensions_needed(5, 10, 4.5) == 0
