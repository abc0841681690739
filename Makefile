# The README's two commands: `make demo` and `make test`. Both work from nothing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: all test demo lint bench screenshots translations compile-translations system-deps clean mutate bundle bundle-test

all: test

system-deps:
	@bash scripts/system-deps.sh

# The stamp is written last, so an interrupted install leaves none and the next run starts .venv/ over.
# A stamped .venv/ is still checked (interpreter gone, a package removed): if it cannot import what
# we run, the stamp goes and .venv/ is rebuilt.
VENV_CHECK := $(PY) -I -c 'import certhelper, PySide6, pkcs11'
ifneq ($(wildcard $(STAMP)),)
ifneq ($(shell $(VENV_CHECK) >/dev/null 2>&1 && echo ok),ok)
$(info make: $(VENV)/ no longer works (cannot import certhelper, PySide6, pkcs11): rebuilding it)
$(shell rm -f $(STAMP))
endif
endif

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "certhelper needs Python >= 3.11" >&2; exit 1; }
	@if [ -e $(VENV) ] && [ ! -f $@ ]; then echo "make: $(VENV)/ is incomplete (an interrupted install?): rebuilding it" >&2; rm -rf $(VENV); fi
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "make: python3 -m venv failed; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]'
	@$(VENV_CHECK)
	@touch $@

venv: $(STAMP)

# `make translations`: refresh the Qt sources from the code (new texts appear as unfinished in
# certhelper_fr.ts; English keeps only plural forms), then compile. test/demo only compile.
LUPDATE_SOURCES := certhelper/gui/*.py ui/*.ui
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $(LUPDATE_SOURCES) -ts resources/i18n/certhelper_fr.ts -no-obsolete -silent
	$(VENV)/bin/pyside6-lupdate $(LUPDATE_SOURCES) -ts resources/i18n/certhelper_en.ts -no-obsolete -pluralonly -silent
	$(MAKE) --no-print-directory compile-translations

# Qt .ts -> .qm (pyside6-lrelease) and the command line's .po -> .mo (Babel); the wheel build does the same.
compile-translations: $(STAMP)
	$(PY) -m certhelper.gui.i18n_build
	$(PY) -m certhelper.i18n_build

# Bytecode first, as an installed wheel has it (pip compiles at install): the workers and the child
# processes they start then do not each compile the same modules (quick when nothing changed).
test: system-deps $(STAMP) compile-translations
	@$(PY) -m compileall -q -j 0 certhelper tests
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

demo: system-deps $(STAMP) compile-translations
	$(PY) -m certhelper.demo.run

# ruff (lint and format), mypy over the whole package (strict on certhelper.core: [tool.mypy] overrides)
# for Linux, Windows and macOS, and the layers as import contracts ([tool.importlinter]).
lint: $(STAMP)
	$(VENV)/bin/ruff check certhelper tests benchmarks scripts
	$(VENV)/bin/ruff format --check certhelper tests benchmarks scripts
	$(VENV)/bin/mypy certhelper
	$(VENV)/bin/mypy --platform win32 certhelper
	$(VENV)/bin/mypy --platform darwin certhelper
	$(VENV)/bin/lint-imports

# Mutation testing of the modules that decide (config: [tool.mutmut] in pyproject.toml). Minutes, not
# in CI (about 5 to 10 minutes on two shared cores). Scores per module: printed, and mutants/scores.json.
mutate: $(STAMP)
	rm -rf mutants
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut export-cicd-stats
	$(PY) scripts/mutation_scores.py

# A one-folder app for people without Python (PyInstaller, packaging/certhelper.spec): dist/certhelper/.
# Minutes on two cores, so not part of `make test`; `make bundle-test` runs the bundled binary.
bundle: $(STAMP) compile-translations
	@$(VENV)/bin/pyinstaller --version >/dev/null 2>&1 || $(PY) -m pip install -q -e '.[bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/certhelper.spec

bundle-test: system-deps $(STAMP)
	@test -x dist/certhelper/certhelper && [ -z "$$(find certhelper packaging resources ui -newer dist/certhelper/certhelper -type f ! -name '*.pyc' ! -name '*.qm' ! -name '*.mo' -print -quit)" ] || $(MAKE) bundle
	CERTHELPER_BUNDLE_REQUIRED=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider -n 0 tests/test_bundle.py

bench: system-deps $(STAMP)
	$(PY) benchmarks/run.py

screenshots: system-deps $(STAMP) compile-translations
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache mutants
