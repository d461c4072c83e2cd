"""Latent-token arithmetic on configurations with known answers."""

from __future__ import annotations

import math

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


def test_speed_per_megapixel_frame_levels_frame_rate_and_resolution():
    # 6 s at 8 fps, 480p against 6 s at 24 fps, 720p in the same time: equal per second of video,
    # 8.9 times apart per megapixel-frame
    slow_small = video.compute_per_megapixel_frame(90, 48, video.pixels("720x480"))
    fast_large = video.compute_per_megapixel_frame(90, 144, video.pixels("1280x720"))
    assert slow_small / fast_large == pytest.approx(144 * 921600 / (48 * 345600))
    assert video.pixels("1080p") is None and video.pixels(None) is None
    assert math.isnan(video.compute_per_megapixel_frame(30, float("nan"), video.pixels("1440x960")))


def test_the_speed_table_normalises_only_what_a_source_states():
    from bookkit import data
    from bookkit.chapters import video as page

    statements = data.load("report/statements").set_index("statement_id")
    speed = page.speed_table(statements["value"], data.load("video/products")).set_index("product")
    assert math.isnan(speed.loc["Qingying (report)", "compute_per_mp_frame"])       # no frame rate
    assert math.isnan(speed.loc["Luma Dream Machine (report)", "compute_per_mp_frame"])  # no resolution
    cog = speed.loc["CogVideoX-2B (README)"]
    assert cog["frames"] == 49 and cog["compute_per_mp_frame"] == pytest.approx(90 / (49 * 720 * 480 / 1e6))


def _products(rows):
    import pandas as pd

    df = pd.DataFrame(rows, columns=["product_id", "product", "release_date", "max_clip_s", "open_weights",
                                     "source_id"])
    df["release_date"] = pd.to_datetime(df["release_date"])
    return df


def test_eras_and_the_delivery_verdict(scratch_output):
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import video as page
    from conftest import registry

    products = _products([
        ("old", "Old", "2023-06-01", 4, False, "s1"),
        ("sora-preview", "Sora", "2024-02-15", 60, False, "s2"),
        ("mid", "Mid", "2024-06-01", 10, True, "s3"),
        ("sora-turbo", "Sora public", "2024-12-09", 20, False, "s4"),
        ("late", "Late", "2025-10-06", 12, False, "s5"),
    ])
    plot = page.with_era(products)
    assert plot.set_index("product_id")["era"].to_dict() == {
        "old": "before Sora", "sora-preview": "Sora to the report", "mid": "Sora to the report",
        "sora-turbo": "after the report", "late": "after the report"}
    prices = pd.DataFrame({"model_as_priced": ["m"], "effective_date": pd.to_datetime(["2025-10-06"]),
                           "usd_per_video_s": [0.1], "resolution": ["720p"], "confidence": ["high"],
                           "source_id": ["s6"]})
    ledger = claims.Ledger("test-video", registry("test-video", {"video-delivery-accelerates": "x"}))
    page.check_delivery(ledger, plot, products, prices)
    assert ledger.verdict("video-delivery-accelerates") == "holds with a caveat"
    # no dated per-second price: the capability has not reached a price list, so the forecast fails
    ledger2 = claims.Ledger("test-video-2", registry("test-video-2", {"video-delivery-accelerates": "x"}))
    page.check_delivery(ledger2, plot, products, prices.assign(effective_date=pd.NaT))
    assert ledger2.verdict("video-delivery-accelerates") == "wrong"


def test_a_speed_claim_holds_unless_a_stated_time_is_slower():
    assert video.speed_claim(60, 90, [60, 90]) == (True, "")
    holds, note = video.speed_claim(60, 90, [45, 90])  # Gen-3: 45 s for 5 s, 90 s for 10 s
    assert holds and "understates" in note
    holds, note = video.speed_claim(30, 30, [45])
    assert not holds and "slower" in note
    with pytest.raises(ValueError):
        video.speed_claim(30, 30, [])


def test_the_price_floor_keeps_only_new_cheapest_dated_prices():
    import pandas as pd

    from bookkit.chapters import video as page

    prices = pd.DataFrame({"effective_date": pd.to_datetime(["2025-07-17", "2025-08-01", "2025-09-09", None]),
                           "model_as_priced": ["a", "b", "c", "d"], "resolution": "720p",
                           "usd_per_video_s": [0.75, 0.80, 0.40, 0.01], "confidence": "high"})
    floor = page.price_floor(prices)
    assert floor["model_as_priced"].tolist() == ["a", "c"]  # b is dearer; d has no date
    assert "2 times lower" in page.price_fall_sentence(floor)
    assert "cannot be measured" in page.price_fall_sentence(floor.head(1))


@pytest.mark.parametrize("pika_s, gen2_extended_s, expected", [
    (3, 18, {"pre-sora-clips-3-4-s": "holds", "pre-sora-limit-s": "wrong"}),   # Gen-2 reached 18 s by extension
    (5, 16, {"pre-sora-clips-3-4-s": "wrong", "pre-sora-limit-s": "holds"}),   # one pre-Sora product made 5 s
])
def test_pre_sora_clips_are_checked_on_every_sourced_product(scratch_output, pika_s, gen2_extended_s, expected):
    """'3-4 s before Sora' must hold on every pre-Sora product with a sourced length (Pika 1.0
    as well as Gen-2), and the '15-16 s' ceiling on every sourced length after extensions."""
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import video as page
    from conftest import registry

    products = _products([
        ("runway-gen-2", "Runway Gen-2", "2023-06-01", 4, False, "s1"),
        ("pika-1-0", "Pika 1.0", "2023-11-28", pika_s, False, "s2"),
        ("sora-preview", "Sora", "2024-02-15", 60, False, "s3"),
    ]).assign(max_extended_s=[gen2_extended_s, None, None], citation="c")
    stated = pd.Series({"pre-sora-typical-clip-s": 4, "pre-sora-limit-s": 16, "sora-max-clip-s": 60})
    ids = ["pre-sora-clips-3-4-s", "pre-sora-limit-s", "sora-60-s", "sora-launch-longest-59-s"]
    ledger = claims.Ledger("test-video", registry("test-video", {i: "60" if i == "sora-60-s" else "x" for i in ids}))
    page.check_sora_era(ledger, page.with_era(products), products, stated)
    assert {i: ledger.verdict(i) for i in expected} == expected
    assert "Pika 1.0" in next(c.computed for c in ledger.claims if c.claim_id == "pre-sora-clips-3-4-s")


@pytest.mark.parametrize("files, verdict", [(48, "holds with a caveat"), (47, "wrong")])
def test_sora_launch_count_counts_distinct_files(scratch_output, files, verdict):
    """The report's 48 launch videos against the distinct files of the copied list: a
    repeated file does not count twice, and a list one short makes the 48 wrong."""
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import video as page
    from conftest import registry

    names = [f"clip-{i}.mp4" for i in range(files)] + ["clip-0.mp4"]
    clips = pd.DataFrame({"file": names, "source_id": "s1"})
    ledger = claims.Ledger("test-video", registry("test-video", {"sora-launch-48-videos": "48"}))
    assert page.check_sora_launch_count(ledger, clips, pd.Series({"sora-demo-count": 48})) == files
    assert ledger.verdict("sora-launch-48-videos") == verdict


def test_the_june_july_wave_and_the_pace_of_updates(scratch_output):
    import pandas as pd

    from bookkit import claims
    from bookkit.chapters import video as page
    from conftest import registry

    days = {"kling": "2024-06-06", "qingying": "2024-07-26", "runway-gen-3-alpha": "2024-06-17",
            "luma-dream-machine": "2024-06-12", "vidu-2024-07": "2024-07-30"}
    products = _products([(k, k.title(), d, 5, False, "s1") for k, d in days.items()])
    events = pd.DataFrame({"event_id": ["pixverse-v2-launch", "voice"], "subject": ["PixVerse V2", "Voice"],
                           "date": pd.to_datetime(["2024-07-24", "2024-07-30"]), "field": ["video", "speech"],
                           "source_id": ["s2", "s3"]})
    ids = list(page.WAVE_NAMED) + ["stmt-video-audio-updates-since-june"]
    ledger = claims.Ledger("test-video", registry("test-video", {k: "x" for k in ids}))
    wave = page.check_june_july_wave(ledger, products, events, "2024-02-15")
    assert ledger.verdict("stmt-june-july-video-teams") == "holds"
    # Kling and Luma came before 2024-06-15, four months after the preview: a caveat
    assert ledger.verdict("stmt-sora-wave-after-4-months") == "holds with a caveat"
    assert wave["months_after_sora"].min() == 3.7
    got = page.check_updates_since_june(ledger, products, events)
    assert got["n_days"] == 6 and ledger.verdict("stmt-video-audio-updates-since-june") == "wrong"  # 6 days in 9.6 weeks
    # a named product out of June-July makes the claim wrong
    late = claims.Ledger("test-video-2", registry("test-video-2", {k: "x" for k in ids}))
    page.check_june_july_wave(late, products.assign(release_date=products["release_date"].where(
        products["product_id"] != "kling", pd.Timestamp("2024-05-20"))), events, "2024-02-15")
    assert late.verdict("stmt-june-july-video-teams") == "wrong"
