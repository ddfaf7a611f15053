# Readers need two commands (README.md); contributors a third (CONTRIBUTING.md):
#   make book    set up, fetch MNIST, build the site of both editions
#                -> _build/html, and where Chromium is, the PDFs -> _build/pdf
#   make test    set up and run every check (CI runs it: .ci/run)
#   make check   the one-minute loop: linter, unit and structure tests
# Neither needs root. Installing system packages (Chromium, CJK fonts) is
# one target, `make system-deps`, which the others call only when they run
# as root on Debian and something is missing.

# As many jobs as the machine has cores, unless `make -jN` says otherwise.
MAKEFLAGS += -j$(shell nproc 2> /dev/null || echo 1) --output-sync=target
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Chromium prints the PDFs and runs the browser test. Another Chromium or
# Chrome: `make book CHROMIUM=/path/to/chrome`.
export CHROMIUM ?= /usr/bin/chromium
# The TrueType CJK font the Chinese PDF is printed with (Debian's
# fonts-wqy-microhei), so that its text can be searched and copied.
export CJK_FONT ?= /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
SYSTEM_PACKAGES := $(if $(wildcard $(CHROMIUM)),,chromium) \
	fonts-wqy-microhei fonts-noto-cjk
# Quiet TensorFlow's C++ start-up messages in every command below.
export TF_CPP_MIN_LOG_LEVEL := 2

# What the PDFs and the browser test need, and where it comes from: here
# already; `make system-deps` (as root on Debian); or nowhere (a reader's
# account: `make book` then builds the site without the PDFs).
HAVE_BROWSER := $(and $(wildcard $(CHROMIUM)),$(wildcard $(CJK_FONT)))
CAN_INSTALL := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null \
	&& echo yes)
WITH_PDF := $(or $(HAVE_BROWSER),$(CAN_INSTALL))
BROWSER_DEPS := $(if $(HAVE_BROWSER),,$(if $(CAN_INSTALL),system-deps,\
	no-browser))
NO_PDF := No PDF: it needs Chromium ($(CHROMIUM)) and the font $(CJK_FONT); \
	install both (Debian, Ubuntu: sudo make system-deps) or name yours: \
	make book CHROMIUM=/path/to/chromium CJK_FONT=/path/to/font

# The two editions: the English one (_config.yml at the top) and the
# Chinese one (book/zh/), each built apart, then served as one site with
# the Chinese pages under zh/.
EDITIONS := en zh
BOOK_en := .
BOOK_zh := book/zh
OUT_en := .
OUT_zh := _build/zh
ROOT_DOC_en := book/index
ROOT_DOC_zh := index
# Each edition's _config.yml names its PDF too (`course_pdf`), so that the
# site build copies and links it.
PDF_en := _build/pdf/neural-networks-from-scratch.pdf
PDF_zh := _build/pdf/neural-networks-from-scratch.zh.pdf
PDFS := $(PDF_en) $(PDF_zh)
# What the site and the PDFs are made from.
BOOK_SOURCES := $(wildcard _config.yml _toc.yml book/*.md book/*.ipynb \
	book/_static/* book/_templates/* book/zh/* tools/make_pdf.py \
	tools/offline_chromium.py tools/sphinx_*.py tools/jieba_terms.txt)

.PHONY: setup data book test check unit colab notebooks notebooks-variations \
	site pdf browser lab execute compat system-deps no-browser clean

setup: $(VENV)/installed data

define PYTHON_CHECK
import sys
if not (3, 11) <= sys.version_info[:2] <= (3, 13):
    sys.exit("make: the course needs Python 3.11, 3.12 or 3.13, and "
             "$(PYTHON) is %d.%d: name another, e.g. make book "
             "PYTHON=python3.12" % sys.version_info[:2])
endef
export PYTHON_CHECK

# The Python version first, before pip says anything.
$(VENV)/installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) > /dev/null || { echo "make: no $(PYTHON): install\
	 Python 3.11, 3.12 or 3.13, or name one: make book PYTHON=python3.12" >&2;\
	 exit 1; }
	@$(PYTHON) -c "$$PYTHON_CHECK"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Fetch MNIST into the local cache and verify it (offline after this).
data: $(VENV)/installed
	$(BIN)/python -m scratchnet fetch

# Chromium and the CJK fonts, from Debian (run as root, or with sudo).
system-deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y $(SYSTEM_PACKAGES)

no-browser:
	@echo "make: $(NO_PDF)" >&2; exit 1

# The reader's command: the site, with the PDFs in it where they can be
# printed here (the site links them; see the site and PDF rules below).
book: setup site
	@echo "The course is built: open _build/html/index.html"
	@echo "$(if $(WITH_PDF),The PDFs: $(PDFS),$(NO_PDF))"

# Every check: the linter and the unit and structure tests (with line
# coverage), chapters where Colab would run them, every chapter under
# nbval on two numeric back ends, both PDFs and sites built with zero
# warnings, and the site and the PDFs in a browser. The longest first.
test: notebooks browser unit colab

# Before every commit (CONTRIBUTING.md): the same tests as `make unit`,
# one process per core, without coverage; nothing runs a chapter.
LINT := $(BIN)/ruff check src tests tools benchmarks
check: $(VENV)/installed data
	$(LINT)
	$(BIN)/python -m pytest -q -n auto

unit: $(VENV)/installed data
	$(LINT)
	$(BIN)/python -m pytest -q --cov=scratchnet --cov-report=term \
		--cov-fail-under=90

# Every chapter under nbval, strict, in passes that differ in how floats
# are added up (CONTRIBUTING.md, "When a chapter fails on your machine").
# `make test` runs two: as this machine computes, and with TensorFlow's
# oneDNN kernels off. `make notebooks-variations` runs two more. Only the
# English chapters: the Chinese ones have the same code and outputs
# (tests/book/test_translation.py).
NBVAL := $(BIN)/python -m pytest -p no:cacheprovider --nbval \
	--nbval-current-env --nbval-sanitize-with book/nbval_sanitize.cfg \
	--ignore=book/zh
NBVAL_PASSES := default onednn-off one-thread old-cpu
NBVAL_ENV_default :=
NBVAL_ENV_onednn-off := TF_ENABLE_ONEDNN_OPTS=0
NBVAL_ENV_one-thread := TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
NBVAL_ENV_old-cpu := ONEDNN_MAX_CPU_ISA=SSE41
notebooks: notebooks-default notebooks-onednn-off
notebooks-variations: notebooks-one-thread notebooks-old-cpu
.PHONY: $(NBVAL_PASSES:%=notebooks-%)
# NumPy's OpenBLAS gets one thread: the passes run side by side on the
# machine's cores, and its threads, spinning while they wait for a core,
# made chapter 13's NumPy epoch up to 20 times slower (results equal).
$(NBVAL_PASSES:%=notebooks-%): notebooks-%: $(VENV)/installed data
	OPENBLAS_NUM_THREADS=1 $(NBVAL_ENV_$*) $(NBVAL) book

# Colab, played offline: a chapter in a fresh environment with only what
# Colab provides, where its install cell must fetch the library from this
# checkout (tools/play_colab.py).
COLAB_CHAPTERS := book/03_dense_layer.ipynb
colab: $(VENV)/installed data
	$(BIN)/python tools/play_colab.py $(COLAB_CHAPTERS)

# Each edition's site and PDF. The site is built clean, so that no page
# left over from an earlier build is served, without executing a notebook
# (it shows the stored outputs that `make notebooks` checks), and with -W:
# a warning fails it. The PDF is the book as one page (singlehtml), printed
# by Chromium (tools/make_pdf.py); it comes first, as the site links it.
# $(1): the edition.
define EDITION_RULES
.PHONY: site-$(1)
site-$(1): $(VENV)/installed $(if $(WITH_PDF),$(PDF_$(1)))
	rm -rf $(OUT_$(1))/_build/html $(OUT_$(1))/_build/.doctrees \
		$(OUT_$(1))/_build/jupyter_execute
	$(BIN)/jupyter-book build $(BOOK_$(1)) -W -n --keep-going \
		--path-output $(OUT_$(1))

$(PDF_$(1)): $(BOOK_SOURCES) $(VENV)/installed | $(BROWSER_DEPS)
	rm -rf $(OUT_$(1))/_build/singlehtml
	$(BIN)/jupyter-book build $(BOOK_$(1)) --builder singlehtml -W -n \
		--keep-going --quiet --path-output $(OUT_$(1))
	$(BIN)/python tools/make_pdf.py --singlehtml $(OUT_$(1))/_build/singlehtml \
		--root-doc $(ROOT_DOC_$(1)) --output $$@
endef
$(foreach edition,$(EDITIONS),$(eval $(call EDITION_RULES,$(edition))))

site: $(EDITIONS:%=site-%)
	cp -r $(OUT_zh)/_build/html _build/html/zh

pdf: $(PDFS)

# The built site and the PDFs in Chromium, offline: every page, link,
# image, formula and console message, the search, an accessibility audit
# in light and dark mode, the keyboard, the PDFs read back. In one process
# per core (pytest-xdist; each page's checks in one process);
# BROWSER_PROCESSES=0 runs it in this one. Screenshots of every page, light
# and dark, only on request: SCREENSHOT_DIR=artifacts/screenshots
BROWSER_PROCESSES ?= $(shell nproc 2> /dev/null || echo 1)
browser: site $(PDFS) | $(BROWSER_DEPS)
	$(BIN)/python -m pytest tests/site -q -n $(BROWSER_PROCESSES) \
		--dist loadscope

# After editing a chapter: re-run it and store its outputs (all chapters, or
# CHAPTERS="book/03_dense_layer.ipynb ..."), then commit it with its outputs.
execute: $(VENV)/installed data
	$(BIN)/python tools/execute_notebooks.py $(CHAPTERS)

# Open the chapters in JupyterLab.
lab: setup
	$(BIN)/jupyter lab book

# Supported versions (CONTRIBUTING.md): the unit tests in environments of
# their own, under .venv/compat. Not part of `make test`; `make -k compat`
# runs all even if one fails. The interpreters are variables; with pyenv:
#   make compat PYTHON310=$$(PYENV_VERSION=3.10.13 pyenv which python)
# - oldest: the oldest supported versions (requirements-oldest.txt) on the
#   oldest supported Python;
# - py311: the pinned set on the system's Python 3.11 (3.11.2 on Debian
#   12, the oldest 3.11 a reader is likely to have);
# - py312, py313: the pinned set on newer Pythons.
PYTHON310 ?= python3.10
PYTHON311 ?= /usr/bin/python3
PYTHON312 ?= python3.12
PYTHON313 ?= python3.13
COMPAT_NAMES := oldest py311 py312 py313
COMPAT_oldest := $(PYTHON310) requirements-oldest.txt
COMPAT_py311 := $(PYTHON311) requirements.txt
COMPAT_py312 := $(PYTHON312) requirements.txt
COMPAT_py313 := $(PYTHON313) requirements.txt
compat: $(COMPAT_NAMES:%=compat-%)
.PHONY: $(COMPAT_NAMES:%=compat-%)
$(COMPAT_NAMES:%=compat-%): compat-%:
	tools/compat.sh $* $(COMPAT_$*)

clean:
	rm -rf _build
