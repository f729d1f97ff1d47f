# Tallyhour: `make run` installs and opens the app, `make test` adds the test tools and runs
# every test headless.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-stamp
STAMP := $(VENV)/.installed-stamp

.PHONY: install setup run demo test lint test-full crash-full bench bench-tools screenshots clean

# The app alone (what `make run` needs), then the test and lint tools on top of it.
$(APP_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(APP_STAMP)

setup: $(STAMP)

# Byte-compiling what changed first lets the window start fast even where Python is told
# not to cache bytecode itself (PYTHONDONTWRITEBYTECODE).
run: install
	$(PY) -m compileall -q app
	$(VENV)/bin/tallyhour

demo: install
	$(PY) -m compileall -q app
	$(VENV)/bin/tallyhour --demo

lint: setup
	$(VENV)/bin/ruff check app tests bench
	$(VENV)/bin/ruff format --check app tests bench
	$(VENV)/bin/mypy

test: setup lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The long crash loop (200+ SIGKILLs); `make test` runs a quick version of it.
crash-full: setup
	TALLYHOUR_CRASH_RUNS=200 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/reliability -k crash

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run

# Watson (PyPI's td-watson) as a bench anchor, in its own environment, never in the app's.
# Timewarrior, the other anchor, comes from the system: apt-get install timewarrior.
bench-tools:
	test -x bench/cache/watson-venv/bin/watson || \
		($(PYTHON) -m venv bench/cache/watson-venv && bench/cache/watson-venv/bin/pip install --quiet td-watson)

screenshots: install
	QT_QPA_PLATFORM=offscreen $(PY) -m app.ui.screenshots docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
