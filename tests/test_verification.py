"""Equal error rates, trial types and the speaker bootstrap, on hand-made scores."""

from __future__ import annotations

import numpy as np
import pytest

from bookkit.methods import speech, verification


def test_equal_error_rate_of_known_scores():
    assert verification.equal_error_rate([0.9, 0.8, 0.1, 0.2], [True, True, False, False]) == 0.0
    # one target of three below one impostor of three: a third of each side in error
    assert verification.equal_error_rate([0.9, 0.8, 0.4, 0.7, 0.3, 0.2],
                                         [True, True, True, False, False, False]) == pytest.approx(1 / 3)
    same = np.random.default_rng(0).normal(size=4000)
    labels = np.r_[np.ones(2000, bool), np.zeros(2000, bool)]
    assert verification.equal_error_rate(same, labels) == pytest.approx(0.5, abs=0.03)
    assert np.isnan(verification.equal_error_rate([0.5, 0.4], [True, True]))


def test_a_weight_counts_a_trial_that_many_times():
    scores, target = [0.9, 0.6, 0.7, 0.3, 0.5], [True, True, False, False, False]
    weighted = verification.equal_error_rate(scores, target, weights=[1, 2, 1, 1, 1])
    assert weighted == verification.equal_error_rate([0.9, 0.6, 0.6, 0.7, 0.3, 0.5], [True, True, True, False, False,
                                                                                      False])


def _clips():
    """Three speakers with two real and two resynthesized clips each; a and b share a collection
    and a pitch, c is alone in both."""
    rng = np.random.default_rng(1)
    centres = {"a": [1, 0, 0, 0], "b": [0, 1, 0, 0], "c": [0, 0, 1, 0]}
    speakers, kinds, x = [], [], []
    for s, centre in centres.items():
        for kind in ["real", "real", "synthesized", "synthesized"]:
            speakers.append(s)
            kinds.append(kind)
            x.append(np.array(centre, float) + 0.1 * rng.normal(size=4))
    return np.array(x), speakers, kinds, {"a": "k", "b": "k", "c": "x"}, {"a": 200.0, "b": 215.0, "c": 110.0}


def test_trials_keep_types_apart_and_mark_hard_impostors():
    t = verification.trials(*_clips())
    rr, sr = t[t["condition"] == "real-real"], t[t["condition"] == "synthesized-real"]
    assert len(rr) == 15 and rr["target"].sum() == 3          # 6 real clips: 15 pairs, 3 of one speaker
    assert len(sr) == 36 and sr["target"].sum() == 12          # 6 resyntheses x 6 real clips
    impostors = t[~t["target"]]
    hard = impostors[impostors["same_collection"]]
    assert set(map(frozenset, zip(hard["speaker_a"], hard["speaker_b"]))) == {frozenset("ab")}
    assert (impostors["similar_pitch"] == impostors["same_collection"]).all()  # 200 and 215 Hz: within 20 %


def test_the_interval_resamples_speakers():
    t = verification.trials(*_clips())
    table = verification.eer_table(t, n_boot=200, seed=0).set_index(["condition", "impostors"])
    row = table.loc[("synthesized-real", "all other speakers")]
    assert row["ci_low"] <= row["eer"] <= row["ci_high"]
    assert table.loc[("real-real", "same collection"), "impostor_speaker_pairs"] == 1
    again = verification.eer_table(t, n_boot=200, seed=0)
    assert again.equals(table.reset_index()[again.columns])  # seeded


def test_channel_perturbations_keep_length_and_loudness():
    sr = speech.SAMPLE_RATE
    x = (0.1 * np.sin(2 * np.pi * 220 * np.arange(sr) / sr)).astype(np.float32)
    eq = speech.tilt_eq(x)
    assert len(eq) == len(x) and np.sqrt(np.mean(eq ** 2)) == pytest.approx(np.sqrt(np.mean(x ** 2)), rel=1e-3)
    coded = speech.telephone_codec(x, sr)
    assert len(coded) == len(x)
    assert np.corrcoef(coded, x)[0, 1] > 0.95          # the same tone through the phone line
    spectrum = np.abs(np.fft.rfft(speech.telephone_codec(np.random.default_rng(0).normal(size=sr).astype(np.float32),
                                                         sr)))
    freqs = np.fft.rfftfreq(sr, 1 / sr)
    assert spectrum[freqs > 4500].mean() < 0.05 * spectrum[freqs < 3500].mean()  # nothing above 4 kHz
