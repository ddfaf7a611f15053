# Two commands do all set-up on a fresh machine (see README.md):
#   make book   set up, fetch MNIST, build the course site  -> _build/html
#               (the Chinese edition, book/zh/           -> _build/html/zh)
#               and the course as one PDF per edition    -> _build/pdf
#   make test   set up, fetch MNIST, run every test (unit, Colab-like,
#               notebooks, PDF, site, browser)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian's Chromium prints the PDF (`make pdf`) and runs the browser test
# (`make browser`); `make book` and `make test` install it with apt
# (Playwright's own browser download does not work offline). Another
# Chromium or Chrome: `make book CHROMIUM=/path/to/chrome`.
export CHROMIUM ?= /usr/bin/chromium
# The PDF of the whole course; _config.yml (`course_pdf`) names it too, so
# that the site build copies it into the site and links it.
PDF := _build/pdf/neural-networks-from-scratch.pdf
# The Chinese edition (book/zh/, its own _config.yml and _toc.yml) is built
# apart, under _build/zh/, then copied into the site as _build/html/zh/.
# Its PDF: book/zh/_config.yml (`course_pdf`) names it too.
ZH := _build/zh
ZH_PDF := _build/pdf/neural-networks-from-scratch.zh.pdf
# Debian's CJK fonts, for the Chinese pages in Chromium (browser test, PDF).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Quiet TensorFlow's C++ start-up messages in every command below.
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: setup data book test unit colab unit-and-colab notebooks \
	notebooks-default notebooks-onednn-off notebooks-variations \
	notebooks-one-thread notebooks-old-cpu site site-en site-zh pdf pdf-en \
	pdf-zh browser lab execute compat compat-oldest compat-py312 \
	compat-py313 clean

setup: $(VENV)/installed data

$(CHROMIUM) $(CJK_FONT):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		chromium fonts-noto-cjk

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Fetch MNIST into the local cache and verify it (offline after this).
data: $(VENV)/installed
	$(BIN)/python -m scratchnet fetch

# The main job: build the course site from the notebooks, with the PDF of
# the whole course in it (the PDF first: the site build links it).
book: setup pdf site
	@echo "The course is built: open _build/html/index.html (PDF: $(PDF))"

# A clean build, so that no page left over from an earlier build is served.
# It keeps _build/pdf: when the PDFs are there, the site copies and links
# them. Both editions build with -W -n; neither executes a notebook (they
# show the stored outputs, which `make notebooks` checks).
# The two builds run side by side (-j2): each is one Python process.
site: $(VENV)/installed
	rm -rf _build/html _build/.doctrees _build/jupyter_execute \
		$(ZH)/_build/html $(ZH)/_build/.doctrees $(ZH)/_build/jupyter_execute
	$(MAKE) --no-print-directory -j2 --output-sync=target site-en site-zh
	cp -r $(ZH)/_build/html _build/html/zh

site-en: $(VENV)/installed
	$(BIN)/jupyter-book build . -W -n --keep-going

site-zh: $(VENV)/installed
	$(BIN)/jupyter-book build book/zh -W -n --keep-going --path-output $(ZH)

# The whole course as one PDF per edition, offline: the book as one page
# (singlehtml), printed by Chromium (see tools/make_pdf.py).
# The two editions side by side (-j2), as for the site.
pdf: $(VENV)/installed $(CHROMIUM) $(CJK_FONT)
	rm -rf _build/singlehtml _build/pdf $(ZH)/_build/singlehtml
	$(MAKE) --no-print-directory -j2 --output-sync=target pdf-en pdf-zh

pdf-en: $(VENV)/installed $(CHROMIUM)
	$(BIN)/jupyter-book build . --builder singlehtml -W -n --keep-going --quiet
	$(BIN)/python tools/make_pdf.py --root-doc book/index --output $(PDF)

pdf-zh: $(VENV)/installed $(CHROMIUM) $(CJK_FONT)
	$(BIN)/jupyter-book build book/zh --builder singlehtml -W -n \
		--keep-going --quiet --path-output $(ZH)
	$(BIN)/python tools/make_pdf.py --singlehtml $(ZH)/_build/singlehtml \
		--root-doc index --output $(ZH_PDF)

# Every test: unit tests with coverage, chapters where Colab would run them,
# every notebook under nbval, the PDF and the site build (zero warnings),
# the site and the PDF in a real browser.
test: setup $(CHROMIUM) $(CJK_FONT) unit-and-colab notebooks pdf site browser

# The unit tests and the Colab-like run side by side (-j2): on a fresh
# clone, most of `make colab` is downloading and unpacking Colab's packages,
# which leaves a core free for the unit tests.
unit-and-colab: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target unit colab

# The linter first (settings in pyproject.toml), then the unit tests.
unit: $(VENV)/installed
	$(BIN)/ruff check src tests tools benchmarks tests_site
	$(BIN)/python -m pytest tests --cov=scratchnet --cov-report=term \
		--cov-fail-under=90

# Every chapter under nbval, strict, twice: as this machine computes, and
# with TensorFlow's oneDNN kernels off (TF_ENABLE_ONEDNN_OPTS=0), the other
# numeric back end a reader's machine may use. An output that holds only on
# one of them fails here, not on a reader's machine. The two passes run side
# by side (-j2): most of a chapter's time is Python, not arithmetic.
# The English chapters only: the Chinese ones (book/zh/) have the same code
# and stored outputs (tests/test_translation.py), so this run vouches for
# them; running them too would double the time.
NBVAL := $(BIN)/python -m pytest -p no:cacheprovider --nbval \
	--nbval-current-env \
	--nbval-sanitize-with book/nbval_sanitize.cfg --ignore=book/zh
notebooks: $(VENV)/installed
	$(MAKE) --no-print-directory -j2 --output-sync=target \
		notebooks-default notebooks-onednn-off

notebooks-default: $(VENV)/installed
	$(NBVAL) book

notebooks-onednn-off: $(VENV)/installed
	TF_ENABLE_ONEDNN_OPTS=0 $(NBVAL) book

# Not part of `make test`: two more variations of a reader's machine, each a
# full nbval pass (README.md, "When a chapter fails on your machine").
notebooks-variations: notebooks-one-thread notebooks-old-cpu

notebooks-one-thread: $(VENV)/installed
	TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 $(NBVAL) book

notebooks-old-cpu: $(VENV)/installed
	ONEDNN_MAX_CPU_ISA=SSE41 $(NBVAL) book

# Play Colab, offline: these chapters in a fresh environment with only what
# Colab provides (no scratchnet), where their install cell must fetch the
# library from this checkout (tools/play_colab.py explains how). The first
# run downloads the packages and builds .venv/colab/base, once.
COLAB_CHAPTERS := book/01_keras_in_ten_lines.ipynb book/03_dense_layer.ipynb
colab: setup
	$(BIN)/python tools/play_colab.py $(COLAB_CHAPTERS)

# The built site in Chromium, offline: every page, link, image, formula,
# console message; the search; screenshots into artifacts/screenshots/.
# Every page audited with axe-core in light and dark mode; the keyboard;
# the PDF (pages, text, no request left the machine). Both editions: the
# Chinese pages also for their CJK font, search and language links.
# Two processes (pytest-xdist), each with its own Chromium: one alone leaves
# about a third of two cores idle while pages load and render.
# BROWSER_PROCESSES=0 runs every test in this one process.
BROWSER_PROCESSES ?= 2
browser: pdf site $(CHROMIUM) $(CJK_FONT)
	$(BIN)/python -m pytest tests_site -v -n $(BROWSER_PROCESSES)

# After editing a chapter: re-run it and store its outputs (all chapters, or
# CHAPTERS="book/03_dense_layer.ipynb ..."), then commit it with its outputs.
# The data step first: an empty MNIST cache is filled before any chapter runs.
execute: $(VENV)/installed data
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
