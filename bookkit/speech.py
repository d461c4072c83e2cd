"""Speaker embeddings, WORLD resynthesis and clustering metrics (report section 3.1).

The encoder is resemblyzer's GE2E d-vector model, whose weights ship inside its wheel; the
vocoder is WORLD (pyworld). Nothing is fetched from a hub.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

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
    """A 256-d, L2-normalised speaker embedding of one utterance."""
    from resemblyzer import preprocess_wav

    wav = preprocess_wav(np.asarray(audio, dtype=np.float32), source_sr=sr)
    return encoder().embed_utterance(wav)


# --- WORLD --------------------------------------------------------------------------

def analyze(audio: np.ndarray, sr: int = SAMPLE_RATE, f0_method: str = "dio", frame_ms: float = 5.0):
    """WORLD analysis: F0 (dio + stonemask, or harvest), spectral envelope, aperiodicity."""
    import pyworld

    x = np.asarray(audio, dtype=np.float64)
    if f0_method == "dio":
        f0, t = pyworld.dio(x, sr, frame_period=frame_ms)
        f0 = pyworld.stonemask(x, f0, t, sr)
    elif f0_method == "harvest":
        f0, t = pyworld.harvest(x, sr, frame_period=frame_ms)
    else:
        raise ValueError(f"unknown F0 method {f0_method!r}")
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


def vectors(frame) -> np.ndarray:
    """The matrix of an embeddings table's `vector` column."""
    return np.stack([np.array(s.split(), dtype=float) for s in frame["vector"]])


WARPS = (1.12, 1.25)


def embedding_table(audio: dict, voices, control, n_ref: int, n_synth: int, n_warp: int, seed: int,
                    manifest_hash: str, sr: int = SAMPLE_RATE):
    """Embed each voice's first n_ref clips as they are, resynthesize its next n_synth clips
    with seeded new prosody (and the first n_warp of them also with warped formants), and
    embed the control voice's first n_ref clips. Returns (table, timing)."""
    import time

    import pandas as pd

    rows = []
    clock = {"embed": 0.0, "audio": 0.0, "analysis": 0.0, "analysed_audio": 0.0}

    def add(v, kind, i, wav, **prosody):
        t = time.perf_counter()
        vec = embed(wav, sr)
        clock["embed"] += time.perf_counter() - t
        clock["audio"] += len(wav) / sr
        warp = prosody.get("warp")
        rows.append({"utterance_id": f"{v.speaker}-{v.language}-{kind}-{i}" + (f"-w{warp:g}" if warp else ""),
                     "speaker": v.speaker, "language": v.language, "kind": kind, "clip": i,
                     "seconds": round(len(wav) / sr, 3), "pitch": prosody.get("pitch"),
                     "intonation": prosody.get("intonation"), "tempo": prosody.get("tempo"), "warp": warp,
                     "vector": vector_text(vec), "manifest_hash": manifest_hash,
                     "source_id": "book-speech-embeddings", "notes": ""})

    embed(audio[(voices[0].speaker, voices[0].language)][0]["audio"], sr)  # load the encoder once
    for s_i, v in enumerate(voices):
        clips_ = audio[(v.speaker, v.language)]
        plan = prosody_plan(n_synth, seed + s_i)
        for i in range(n_ref):
            add(v, "real", i, clips_[i]["audio"])
        for j in range(n_synth):
            t = time.perf_counter()
            f0, sp, ap = analyze(clips_[n_ref + j]["audio"], sr)
            clock["analysis"] += time.perf_counter() - t
            clock["analysed_audio"] += len(clips_[n_ref + j]["audio"]) / sr
            add(v, "synthesized", n_ref + j, resynthesize(f0, sp, ap, sr, **plan[j]), **plan[j])
            if j < n_warp:
                for alpha in WARPS:
                    add(v, "warped", n_ref + j, resynthesize(f0, sp, ap, sr, warp=alpha, **plan[j]), warp=alpha, **plan[j])
    for i, c in enumerate(audio[(control.speaker, control.language)][:n_ref]):
        add(control, "second-language", i, c["audio"])
    timing = {"embedding_real_time_factor": clock["audio"] / max(clock["embed"], 1e-9),
              "world_analysis_s_per_audio_s": clock["analysis"] / max(clock["analysed_audio"], 1e-9)}
    return pd.DataFrame(rows), timing
