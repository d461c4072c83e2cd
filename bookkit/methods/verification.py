"""Speaker-verification trials (report section 3.1): equal error rates by trial type, with
impostors as hard as the corpus allows and intervals from resampling speakers.

A trial compares two clips: a target trial two of one speaker, an impostor trial two of
different speakers. The equal error rate is where the share of impostors accepted equals the
share of targets rejected. Clips of one speaker are not independent, so the interval
resamples speakers (with replacement), never clips or pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CONDITIONS = ("real-real", "synthesized-real")
IMPOSTOR_SETS = ("all other speakers", "same collection", "similar pitch")
PITCH_TOLERANCE = 0.20  # "similar pitch": speakers' median F0 within 20 % of each other


def equal_error_rate(scores, is_target, weights=None) -> float:
    """The equal error rate of scores where higher means "same speaker": the point on the
    curve of accepted impostors against rejected targets where the two shares are closest,
    as their mean. `weights` counts each trial that many times (a speaker drawn twice)."""
    s = np.asarray(scores, dtype=float)
    t = np.asarray(is_target, dtype=bool)
    w = np.ones_like(s) if weights is None else np.asarray(weights, dtype=float)
    tw, iw = np.where(t, w, 0.0), np.where(t, 0.0, w)
    if tw.sum() <= 0 or iw.sum() <= 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")
    s, tw, iw = s[order], tw[order], iw[order]
    accepted_impostors = np.cumsum(iw) / iw.sum()
    rejected_targets = 1 - np.cumsum(tw) / tw.sum()
    last_of_tie = np.r_[s[1:] != s[:-1], True]  # a threshold accepts every trial of equal score
    far = np.r_[0.0, accepted_impostors[last_of_tie]]
    frr = np.r_[1.0, rejected_targets[last_of_tie]]
    k = int(np.argmin(np.abs(far - frr)))
    return float((far[k] + frr[k]) / 2)


def trials(x, speakers, kinds, collection: dict, pitch_hz: dict, tolerance: float = PITCH_TOLERANCE) -> pd.DataFrame:
    """Every trial of the two conditions: pairs of real clips (real-real), and each
    resynthesized clip against each real clip (synthesized-real). Each row has its cosine,
    whether it is a target, and for impostors whether the two speakers share a collection
    (recording set) and have similar pitch."""
    x = np.asarray(x, dtype=float)
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    speakers, real = np.asarray(speakers), np.asarray(kinds) == "real"
    r = np.flatnonzero(real)
    q = np.flatnonzero(np.asarray(kinds) == "synthesized")
    i_rr, j_rr = np.triu_indices(len(r), k=1)
    i = np.r_[r[i_rr], np.repeat(q, len(r))]
    j = np.r_[r[j_rr], np.tile(r, len(q))]
    a, b = speakers[i], speakers[j]
    coll = pd.Series(collection)
    f0 = pd.Series(pitch_hz, dtype=float)
    ratio = np.abs(np.log(f0.reindex(a).to_numpy() / f0.reindex(b).to_numpy()))
    return pd.DataFrame({
        "condition": np.r_[np.full(len(i_rr), CONDITIONS[0]), np.full(len(q) * len(r), CONDITIONS[1])],
        "speaker_a": a, "speaker_b": b,
        "cosine": np.einsum("ij,ij->i", x[i], x[j]),
        "target": a == b,
        "same_collection": coll.reindex(a).to_numpy() == coll.reindex(b).to_numpy(),
        "similar_pitch": ratio <= np.log1p(tolerance),
    })


def _impostors(t: pd.DataFrame, impostor_set: str) -> np.ndarray:
    keep = ~t["target"].to_numpy()
    if impostor_set == "same collection":
        keep &= t["same_collection"].to_numpy()
    elif impostor_set == "similar pitch":
        keep &= t["similar_pitch"].to_numpy()
    elif impostor_set != "all other speakers":
        raise ValueError(f"unknown impostor set {impostor_set!r}")
    return keep


def eer_table(t: pd.DataFrame, n_boot: int, seed: int, level: float = 0.95) -> pd.DataFrame:
    """EER per condition and impostor set, with a percentile interval over n_boot draws of
    speakers with replacement: a target trial of speaker s counts as often as s was drawn,
    an impostor trial of s and u as the product of their draws."""
    speakers = np.array(sorted(set(t["speaker_a"]) | set(t["speaker_b"])))
    index = {s: k for k, s in enumerate(speakers)}
    draws = np.random.default_rng(seed).multinomial(len(speakers), np.full(len(speakers), 1 / len(speakers)), n_boot)
    rows = []
    for condition in CONDITIONS:
        c = t[t["condition"] == condition]
        a = c["speaker_a"].map(index).to_numpy()
        b = c["speaker_b"].map(index).to_numpy()
        target = c["target"].to_numpy()
        for impostor_set in IMPOSTOR_SETS:
            keep = target | _impostors(c, impostor_set)
            s, tg, ka, kb = c["cosine"].to_numpy()[keep], target[keep], a[keep], b[keep]
            boot = [equal_error_rate(s, tg, np.where(tg, d[ka], d[ka] * d[kb])) for d in draws]
            lo, hi = np.nanpercentile(boot, [50 * (1 - level), 50 * (1 + level)])
            rows.append({"condition": condition, "impostors": impostor_set, "eer": equal_error_rate(s, tg),
                         "ci_low": lo, "ci_high": hi, "targets": int(tg.sum()), "impostor_trials": int((~tg).sum()),
                         "impostor_speaker_pairs": int(len({(x, y) for x, y in zip(ka[~tg], kb[~tg])}))})
    return pd.DataFrame(rows)
