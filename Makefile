# The README's two commands: `make demo` and `make test`. Both work from nothing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: all test demo lint bench screenshots translations system-deps clean

all: test

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "certhelper needs Python >= 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]'
	@touch $@

venv: $(STAMP)

translations: $(STAMP)
	$(PY) -m certhelper.gui.i18n_build

test: system-deps $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

demo: system-deps $(STAMP) translations
	$(PY) -m certhelper.demo.run

lint: $(STAMP)
	$(VENV)/bin/ruff check certhelper tests benchmarks
	$(VENV)/bin/ruff format --check certhelper tests benchmarks
	$(VENV)/bin/mypy certhelper/core

bench: system-deps $(STAMP)
	$(PY) benchmarks/run.py

screenshots: system-deps $(STAMP) translations
	xvfb-run -a -s "-screen 0 1400x1000x24" $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
