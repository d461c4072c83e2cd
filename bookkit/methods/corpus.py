"""The speech corpus of chapter 3.1: real recordings of real people, from Debian packages.

    python -m bookkit.methods.corpus          # fetch (apt-get download), unpack, write the manifest

Nothing is downloaded from the web: the audio comes from Debian's package archive, through
apt-get, into a git-ignored cache (`_build/corpus/`). Downloading happens at install time
only (`make fetch`, part of `make book`, runs `bookkit.build.fetch`); a chapter that executes
reads the cache and never touches the network. The step is idempotent: packages already
unpacked are not fetched again. It writes `_build/corpus/manifest.csv` (speaker,
language, file, duration, license, package and version) and prints whether the files match
the checksums committed in `data/speech/corpus_checksums.csv`. Where the packages cannot be
had (a reader not on Debian), it says so and the chapter falls back to the committed
embeddings.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import paths

CACHE = paths.BUILD / "corpus"
DEBS = CACHE / "debs"
ROOTFS = CACHE / "root"
MANIFEST = CACHE / "manifest.csv"
CHECKSUMS = paths.DATA / "speech" / "corpus_checksums.csv"
SAMPLE_RATE = 16000
MIN_CLIP_S = 3.5
GAP_S = 0.15


@dataclass(frozen=True)
class Voice:
    speaker: str        # one id per person
    language: str
    package: str
    folder: str         # inside the unpacked package
    pattern: str        # file glob inside the folder
    license: str
    person: str         # as the package's copyright file names them
    note: str = ""


ASTERISK = "usr/share/asterisk/sounds"
KTUBERLING = "usr/share/ktuberling/sounds"
KLETTRES = "usr/share/klettres"
VOICES = [
    Voice("allison", "en", "asterisk-core-sounds-en-wav", f"{ASTERISK}/en_US_f_Allison", "**/*.wav", "CC-BY-SA-3.0", "Allison Smith"),
    Voice("allison", "es", "asterisk-core-sounds-es-wav", f"{ASTERISK}/es_MX_f_Allison", "**/*.wav", "CC-BY-SA-3.0", "Allison Smith",
          "the same speaker in a second language (control)"),
    Voice("june", "fr", "asterisk-core-sounds-fr-wav", f"{ASTERISK}/fr_CA_f_June", "**/*.wav", "CC-BY-SA-3.0", "June Wallack"),
    Voice("carlo", "it", "asterisk-core-sounds-it-wav", f"{ASTERISK}/it_IT_m_Carlo", "**/*.wav", "CC-BY-SA-3.0", "Carlo Flora"),
    Voice("maxim", "ru", "asterisk-core-sounds-ru-wav", f"{ASTERISK}/ru_RU_f_IvrvoiceRU", "**/*.wav", "CC-BY-SA-3.0", "Maxim Topal",
          "the folder is named ru_RU_f_IvrvoiceRU; the copyright file names Maxim Topal"),
    Voice("paola", "it", "asterisk-prompt-it-menardi-wav", f"{ASTERISK}/it_IT_f_Menardi", "**/*.wav", "CC-BY-SA-3.0", "Paola Dal Zot",
          "the copyright file gives Paola Dal Zot as the voice, with a question mark"),
    Voice("es-co", "es", "asterisk-prompt-es-co", f"{ASTERISK}/es", "**/*.gsm", "GPL-2", "unnamed (asterisk-prompt-es-co)"),
    Voice("armelle", "fr", "asterisk-prompt-fr-armelle", f"{ASTERISK}/fr", "**/*.gsm", "GPL-2+", "Armelle Desjardins"),
] + [
    Voice(f"ktuberling-{lang}", lang, "ktuberling-data", f"{KTUBERLING}/{lang}", "*.ogg", "GPL-2+", f"ktuberling {lang} voice",
          "single words joined into clips; speaker and language coincide")
    for lang in ["ca", "da", "de", "el", "en", "gl", "lt", "ru", "sl", "uk", "wa"]
] + [
    Voice(f"klettres-{lang}", lang, "klettres-data", f"{KLETTRES}/{lang}", "**/*.ogg", "GPL-2+", f"klettres {lang} voice",
          "letters and syllables joined into clips; speaker and language coincide")
    for lang in ["ar", "cs", "he", "hu", "ml", "nb", "pt_BR", "tn", "nds", "nl"]
]
PACKAGES = sorted({v.package for v in VOICES})


class CorpusUnavailable(RuntimeError):
    pass


def _run(cmd, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def fetch(echo=print, download: bool = False) -> dict[str, str]:
    """Unpack every package of the cache and return {package: version}. With download=True
    (install time only) apt-get downloads the packages not yet in the cache first; without
    it a missing package makes the corpus unavailable."""
    if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
        raise CorpusUnavailable("apt-get and dpkg are needed to fetch the speech corpus (Debian packages); "
                                "the chapter will use the committed embeddings instead")
    if shutil.which("sox") is None:
        raise CorpusUnavailable("sox is needed to decode two of the voices (apt-get install sox)")
    DEBS.mkdir(parents=True, exist_ok=True)
    have = {p.name.split("_")[0]: p for p in DEBS.glob("*.deb")}
    missing = [p for p in PACKAGES if p not in have]
    if missing and not download:
        raise CorpusUnavailable(f"{len(missing)} speech packages are not in {paths.relative_to_root(DEBS)}: they are "
                                "fetched at install time (`make fetch`, part of `make book`), never while a chapter runs")
    if missing:
        echo(f"fetching {len(missing)} Debian packages: {' '.join(missing)}")
        got = _run(["apt-get", "download", *missing], cwd=DEBS)
        if got.returncode:
            _run(["apt-get", "update"])  # package lists may be missing on a fresh machine
            got = _run(["apt-get", "download", *missing], cwd=DEBS)
        if got.returncode:
            raise CorpusUnavailable(f"apt-get download failed: {got.stderr.strip()[-500:]}")
    versions = {}
    for deb in sorted(DEBS.glob("*.deb")):
        name = deb.name.split("_")[0]
        version = _run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()
        versions[name] = version
        stamp = ROOTFS / ".unpacked" / f"{name}_{version}"
        if not stamp.exists():
            unpack = _run(["dpkg-deb", "-x", str(deb), str(ROOTFS)])
            if unpack.returncode:
                raise CorpusUnavailable(f"dpkg-deb -x {deb.name} failed: {unpack.stderr.strip()}")
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
    return versions


def voice_files(voice: Voice) -> list[Path]:
    """The voice's audio files, sorted, with byte-identical duplicates dropped."""
    files, seen = [], set()
    for f in sorted((ROOTFS / voice.folder).glob(voice.pattern)):
        digest = sha256(f)
        if digest not in seen:
            seen.add(digest)
            files.append(f)
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_audio(path: Path):
    """Mono float32 audio at SAMPLE_RATE. GSM files are decoded with sox."""
    import numpy as np
    import soundfile as sf
    import soxr

    path = Path(path)
    if path.suffix == ".gsm":
        if shutil.which("sox") is None:
            raise CorpusUnavailable("sox is needed to decode the GSM prompts (apt-get install sox)")
        proc = subprocess.run(["sox", "-t", "gsm", "-r", "8000", "-c", "1", str(path), "-t", "wav", "-b", "16", "-"],
                              capture_output=True)
        if proc.returncode:
            raise CorpusUnavailable(f"sox could not decode {path.name}: {proc.stderr.decode(errors='replace').strip()}")
        audio, sr = sf.read(io.BytesIO(proc.stdout), dtype="float32")
    else:
        audio, sr = sf.read(path, dtype="float32")
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    if sr != SAMPLE_RATE:
        audio = soxr.resample(audio, sr, SAMPLE_RATE)
    return np.asarray(audio, dtype="float32")


def clips(voice: Voice, n: int) -> list[dict]:
    """Up to n clips of at least MIN_CLIP_S seconds: consecutive files joined with short gaps."""
    import numpy as np

    out, parts, members = [], [], []
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), dtype="float32")
    for f in voice_files(voice):
        audio = read_audio(f)
        if len(audio) < 0.2 * SAMPLE_RATE:
            continue
        parts += [audio, gap]
        members.append(f)
        if sum(len(p) for p in parts) >= MIN_CLIP_S * SAMPLE_RATE:
            out.append({"audio": np.concatenate(parts), "files": members})
            parts, members = [], []
            if len(out) == n:
                break
    return out


def manifest_rows(selected: dict, versions: dict[str, str]) -> list[dict]:
    """One row per file used: {(voice): clips} -> speaker, language, clip, file, license,
    person, package, version and checksum."""
    rows = []
    for v, clip_list in selected.items():
        for i, clip in enumerate(clip_list):
            for f in clip["files"]:
                rows.append({"speaker": v.speaker, "language": v.language, "clip": i,
                             "file": f.relative_to(ROOTFS).as_posix(),
                             "clip_seconds": round(len(clip["audio"]) / SAMPLE_RATE, 3),
                             "license": v.license, "person": v.person, "package": v.package,
                             "version": versions.get(v.package, ""), "sha256": sha256(f)})
    return rows


def write_manifest(rows: list[dict], path: Path = MANIFEST) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def check_against_committed(rows: list[dict]) -> list[str]:
    """Files whose checksum differs from, or is missing in, data/speech/corpus_checksums.csv."""
    if not CHECKSUMS.exists():
        return [r["file"] for r in rows]
    committed = {(r["package"], r["file"]): r["sha256"] for r in csv.DictReader(open(CHECKSUMS, encoding="utf-8"))}
    return [r["file"] for r in rows if committed.get((r["package"], r["file"])) != r["sha256"]]


def verify_committed() -> tuple[int, list[str]]:
    """(files checked, files missing or differing) for every file in the committed checksums."""
    committed = list(csv.DictReader(open(CHECKSUMS, encoding="utf-8")))
    bad = [r["file"] for r in committed
           if not (ROOTFS / r["file"]).is_file() or sha256(ROOTFS / r["file"]) != r["sha256"]]
    return len(committed), bad


def main(argv=None) -> int:
    n = int((argv or sys.argv[1:] or ["12"])[0])
    try:
        versions = fetch(download=True)
        rows = manifest_rows({v: clips(v, n) for v in VOICES}, versions)
        write_manifest(rows)
    except CorpusUnavailable as exc:
        print(f"speech corpus unavailable: {exc}", file=sys.stderr)
        return 0  # not fatal: the chapter uses the committed embeddings
    bad = check_against_committed(rows)
    print(f"speech corpus: {len({(r['speaker'], r['language']) for r in rows})} voices, {len(rows)} files; "
          + ("checksums match the committed ones" if not bad else f"{len(bad)} files differ from the committed checksums"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
