"""The machinery that turns the chapters into the book: read the text notebooks
(`notebooks`), execute the chapters whose inputs changed (`pipeline`), stage and build the
site (`book`, run as `python -m bookkit.build`), print it (`printing`), keep CDN scripts off
the pages (`sphinx_offline`) and count prose against code (`readability`)."""
