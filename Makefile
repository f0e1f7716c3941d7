# Two commands set everything up on a fresh machine:
#   make run   installs into .venv if needed and opens the app on your copy of a bundled example
#              (kept between runs; `make run FRESH=--fresh` starts it again)
#   make test  installs the test extras if needed, runs the checks (make lint), then the suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
EXAMPLE ?= fraud-scorer
FRESH ?=

.PHONY: run test test-browser lint bench mutation clean

run: $(VENV)/.installed
	$(VENV)/bin/mlprofile --example $(EXAMPLE) $(FRESH)

test: lint
	TZ=UTC LC_ALL=C.UTF-8 $(PY) -m pytest

# `mlprofile serve` in a real browser: Debian's chromium (apt-get install -y chromium) driven by
# playwright through its executable path; playwright never downloads a browser. Not in `make test`.
test-browser: $(VENV)/.installed-browser
	TZ=UTC LC_ALL=C.UTF-8 $(PY) -m pytest -m browser tests/browser

$(VENV)/.installed-browser: pyproject.toml $(VENV)/.installed-test
	$(PY) -m pip install -q -e '.[test,browser]'
	touch $@

# The same checks as .pre-commit-config.yaml: style, types (core, aws), layers (DESIGN.md §5).
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/ruff format --check src tests bench tools
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed-test
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist .pytest_cache

# Mutation score of the core, per module against its own fast tests (tools/mutation.py).
# Slow (minutes per module, one worker): never part of `make test`. MODULES="units scoring".
mutation: $(VENV)/.installed-test
	TZ=UTC LC_ALL=C.UTF-8 $(PY) tools/mutation.py $(MODULES)
