# Tallyhour: `make run` opens the app, `make test` runs every test headless.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run demo test lint test-full crash-full bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/tallyhour

demo: setup
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

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m app.ui.screenshots docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
