# Two commands do all set-up on a fresh machine (see README.md):
#   make book   set up, fetch MNIST, build the course site  -> _build/html
#   make test   set up, fetch MNIST, run every test (unit, Colab-like,
#               notebooks, site, browser)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian's Chromium, for the browser test of the site (`make browser`);
# `make test` installs it with apt (Playwright's own browser download does
# not work offline). `make book` does not need it.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Quiet TensorFlow's C++ start-up messages in every command below.
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: setup data book test unit colab notebooks site browser lab execute \
	compat compat-oldest compat-py312 compat-py313 clean

setup: $(VENV)/installed data

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Fetch MNIST into the local cache and verify it (offline after this).
data: $(VENV)/installed
	$(BIN)/python -m scratchnet fetch

# The main job: build the course site from the notebooks.
book: setup site
	@echo "The course is built: open _build/html/index.html"

# A clean build, so that no page left over from an earlier build is served.
site: $(VENV)/installed
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going

# Every test: unit tests with coverage, chapters where Colab would run them,
# every notebook under nbval, the site build (zero warnings) and the site in
# a real browser.
test: setup $(CHROMIUM) unit colab notebooks site browser

unit: $(VENV)/installed
	$(BIN)/python -m pytest tests --cov=scratchnet --cov-report=term \
		--cov-fail-under=90

notebooks: $(VENV)/installed
	$(BIN)/python -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with book/nbval_sanitize.cfg book

# Play Colab, offline: these chapters in a fresh environment with only what
# Colab provides (no scratchnet), where their install cell must fetch the
# library from this checkout (tools/play_colab.py explains how). The first
# run downloads the packages and builds .venv/colab/base, once.
COLAB_CHAPTERS := book/01_keras_in_ten_lines.ipynb book/03_dense_layer.ipynb
colab: setup
	$(BIN)/python tools/play_colab.py $(COLAB_CHAPTERS)

# The built site in Chromium, offline: every page, link, image, formula,
# console message; the search; screenshots into artifacts/screenshots/.
browser: site $(CHROMIUM)
	$(BIN)/python -m pytest tests_site -v

# After editing a chapter: re-run it and store its outputs (all chapters, or
# CHAPTERS="book/03_dense_layer.ipynb ..."), then commit it with its outputs.
execute: $(VENV)/installed
	$(BIN)/python tools/execute_notebooks.py $(CHAPTERS)

# Open the chapters in JupyterLab.
lab: setup
	$(BIN)/jupyter lab book

# Supported versions (README.md): the unit tests in environments of their
# own, under .venv/compat. Not part of `make test`. `make -k compat` runs all
# three even if one fails. The interpreters are variables; with pyenv, e.g.
#   make compat PYTHON310=$$(PYENV_VERSION=3.10.13 pyenv which python)
# - oldest: the oldest supported TensorFlow, Keras, NumPy, Matplotlib
#   (requirements-oldest.txt) on the oldest supported Python;
# - py312, py313: the pinned set (requirements.txt) on newer Pythons.
PYTHON310 ?= python3.10
PYTHON312 ?= python3.12
PYTHON313 ?= python3.13
compat: compat-oldest compat-py312 compat-py313

compat-oldest:
	tools/compat.sh oldest $(PYTHON310) requirements-oldest.txt

compat-py312:
	tools/compat.sh py312 $(PYTHON312) requirements.txt

compat-py313:
	tools/compat.sh py313 $(PYTHON313) requirements.txt

clean:
	rm -rf _build
