"""Speech metrics on synthetic embeddings with known structure, and WORLD resynthesis."""

from __future__ import annotations

import numpy as np
import pytest

from bookkit import speech

pytest.importorskip("pyworld")


def _clusters(n_speakers=4, per=5, spread=0.05, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_speakers, 16))
    x = np.concatenate([c + spread * rng.normal(size=(per, 16)) for c in centres])
    labels = np.repeat([f"s{i}" for i in range(n_speakers)], per)
    return x, labels


def test_separated_speakers_score_high_and_shuffled_labels_score_low():
    x, labels = _clusters()
    assert speech.silhouette_cosine(x, labels) > 0.8
    shuffled = np.random.default_rng(1).permutation(labels)
    assert speech.silhouette_cosine(x, shuffled) < 0.2
    assert speech.nearest_neighbour_accuracy(x[1::5], labels[1::5], x[::5], labels[::5]) == 1.0
    assert speech.centroid_accuracy(x, labels, x, labels) == 1.0


def test_nearest_neighbour_accuracy_counts_mistakes():
    ref = np.array([[1.0, 0.0], [0.0, 1.0]])
    query = np.array([[0.9, 0.1], [0.8, 0.2]])
    assert speech.nearest_neighbour_accuracy(query, ["a", "b"], ref, ["a", "b"]) == 0.5


def test_pair_similarities_split_pairs():
    x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    same, diff = speech.pair_similarities(x, ["a", "a", "b"])
    assert same.tolist() == [1.0] and sorted(diff.tolist()) == [0.0, 0.0]


def test_knn_purity_of_a_clean_map():
    pts = np.array([[0, 0], [0, 1], [10, 10], [10, 11]], dtype=float)
    assert speech.knn_purity_2d(pts, ["a", "a", "b", "b"], k=1) == 1.0


def test_world_keeps_sample_rate_and_intended_duration():
    sr = speech.SAMPLE_RATE
    t = np.arange(int(1.0 * sr)) / sr
    tone = (0.3 * np.sin(2 * np.pi * 140 * t) * (1 + 0.2 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    f0, sp, ap = speech.analyze(tone, sr)
    same = speech.resynthesize(f0, sp, ap, sr)
    assert abs(len(same) - len(tone)) <= 0.01 * sr
    faster = speech.resynthesize(f0, sp, ap, sr, tempo=1.25)
    assert abs(len(faster) / sr - 1.0 / 1.25) < 0.02
    higher = speech.resynthesize(f0, sp, ap, sr, pitch=1.1, warp=1.12)
    assert higher.dtype == np.float32 and np.isfinite(higher).all()


def test_prosody_plan_is_seeded_and_in_range():
    a, b = speech.prosody_plan(5, seed=3), speech.prosody_plan(5, seed=3)
    assert a == b
    assert all(0.9 <= p["pitch"] <= 1.1 and 0.85 <= p["tempo"] <= 1.2 for p in a)
