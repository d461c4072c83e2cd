"""The analyses the chapters run, one subject per module (the lag between open and closed
models, price frontiers, rooflines and timings, video latents, speaker embeddings and
verification trials, valuation arithmetic, the report's printed cells). Each is tested on its own in tests/."""
