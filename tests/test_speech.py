"""Speech metrics on synthetic embeddings with known structure, and WORLD resynthesis."""

from __future__ import annotations

import numpy as np
import pytest

from bookkit.methods import speech

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


def _table(x, labels, kinds, column="vector"):
    import pandas as pd

    return pd.DataFrame({"speaker": labels, "kind": kinds, "clip": range(len(labels)), "warp": [None] * len(labels),
                         column: [speech.vector_text(v) for v in x]})


def test_encoder_metrics_on_known_structure():
    x, labels = _clusters(per=6)
    kinds = np.tile(["real", "real", "real", "synthesized", "synthesized", "synthesized"], 4)
    got = speech.encoder_metrics(_table(x, labels, kinds, "vector_vfl"), "vector_vfl")
    assert got["nn_accuracy_synth_to_real"] == 1.0 and got["centroid_accuracy_synth_to_real"] == 1.0
    assert got["silhouette_cosine"] > 0.8
    # resynthesized clips that land on another speaker are counted as misses
    moved = x.copy()
    moved[3:6] = x[9]  # speaker s0's resyntheses sit on speaker s1
    got = speech.encoder_metrics(_table(moved, labels, kinds), "vector")
    assert got["nn_accuracy_synth_to_real"] == 0.75


@pytest.mark.parametrize("column", list(speech.ENCODERS))
def test_each_encoder_gives_a_unit_vector_that_tells_voices_apart(column):
    _, fn = speech.ENCODERS[column]
    sr = speech.SAMPLE_RATE
    t = np.arange(3 * sr) / sr
    rng = np.random.default_rng(0)

    def voice(f0, formant):  # a buzz through one resonance: crude, but two of them differ
        buzz = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 30))
        spec = np.fft.rfft(buzz)
        freqs = np.fft.rfftfreq(len(buzz), 1 / sr)
        spec *= np.exp(-((freqs - formant) / 300) ** 2) + 0.05
        return (np.fft.irfft(spec, len(buzz)) * 0.3 + 0.001 * rng.normal(size=len(buzz))).astype(np.float32)

    a1, a2, b = fn(voice(110, 700), sr), fn(voice(112, 700), sr), fn(voice(220, 2200), sr)
    assert a1.shape == (256,) and abs(np.linalg.norm(a1) - 1) < 1e-4
    assert a1 @ a2 > a1 @ b


def test_similarity_to_references_names_its_columns():
    import pandas as pd

    refs = pd.DataFrame({"vector": [speech.vector_text([1, 0]), speech.vector_text([0, 1])]}, index=["a", "b"])
    query = pd.DataFrame({"vector": [speech.vector_text([2, 0.1])]})
    sims = speech.similarity_to_references(query, refs)
    assert list(sims.columns) == ["a", "b"] and sims.iloc[0].idxmax() == "a"


def test_pairs_are_typed_by_speaker_and_by_how_many_are_synthesized():
    import numpy as np

    from bookkit.methods import speech

    x = np.eye(4) + 0.1
    pairs = speech.pairs_by_type(x, ["a", "a", "a", "b"], ["real", "real", "synthesized", "real"])
    assert sorted(pairs["pair"].value_counts().items()) == [
        ("different speakers", 3), ("same speaker, real-real", 1), ("same speaker, synthesized-real", 2)]
    assert np.allclose(pairs["cosine"], pairs["cosine"].iloc[0])


def test_each_sub_cluster_is_labelled_on_one_of_its_own_clips():
    """A speaker whose real and resynthesized clips sit apart gets a label on each, not one
    midway between them, where no clip is."""
    import pandas as pd

    from bookkit.chapters import speech as page

    mapped = pd.DataFrame({
        "speaker": ["a"] * 6,
        "kind": ["real"] * 3 + ["synthesized"] * 3,
        "x": [0.0, 1.0, 0.5, 10.0, 11.0, 10.4],
        "y": [0.0, 0.0, 0.2, 5.0, 5.0, 5.3],
    })
    anchors = page.cluster_anchors(mapped).set_index("kind")
    assert anchors.loc["real", ["x", "y"]].tolist() == [0.5, 0.2]
    assert anchors.loc["synthesized", ["x", "y"]].tolist() == [10.4, 5.3]


def test_leave_one_out_and_synthetic_cohesion():
    x = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [0.2, 0.95], [0.25, 0.9]], dtype=float)
    speakers = ["a", "a", "b", "b", "b", "b"]
    assert speech.leave_one_out_accuracy(x, speakers) == 1.0
    synthetic = [False, False, False, False, True, True]
    # the two resyntheses of b are each other's nearest clip
    assert speech.nearest_is_synthetic(x, synthetic) == 1.0
    assert speech.nearest_is_synthetic(x[:5], synthetic[:5]) == 0.0


def test_seed_tts_similarity_pairs_each_set_with_its_own_real_speech():
    import pandas as pd

    from bookkit.chapters.speech import seed_tts_similarity

    tts = pd.DataFrame({"value": [0.7, 0.6, 0.8, 0.9]},
                       index=["seed-tts-sim-en", "seed-tts-sim-en-human", "seed-tts-sim-zh", "seed-tts-sim-zh-human"])
    sim = seed_tts_similarity(tts).set_index("set")
    assert sim.loc["English (Common Voice)"].tolist() == [0.7, 0.6]
    assert sim.loc["Mandarin (DiDiSpeech-2)"].tolist() == [0.8, 0.9]
    # the verdict's rule: every set must have synthesized at least as close as real speech
    assert not (sim["synthesized"] >= sim["real"]).all()
