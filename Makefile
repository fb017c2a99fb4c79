# kgraph: two commands on a fresh machine (each sets up .venv on first run):
#   make demo   build the bundled corpus into ./store and regenerate ./exports
#   make test   run the whole test suite
#   make bench  run the benchmarks and write bench/RESULTS.md (SIZE=smoke|standard|full)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

demo: $(VENV)/.installed
	$(BIN)/kgraph demo --corpus corpus --store store --exports exports

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kgraph tests bench

SIZE ?= standard
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench --size $(SIZE)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

clean:
	rm -rf store .pytest_cache .ruff_cache
