# caselaw — two commands on a fresh machine: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test test-fast lint format bench-ingest bench-search bench-alerts bench-fidelity bench-broker clean-var

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "caselaw needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## make run: embedded PostgreSQL + file broker, demo case loaded, web + worker + beat.
run: $(VENV)/.installed
	$(BIN)/python -m caselaw.run --port $(PORT)

## make test: the whole suite. Uses DATABASE_URL / CELERY_BROKER_URL when set, else embedded.
test: $(VENV)/.installed-dev
	CASELAW_VAR_DIR=$${CASELAW_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/pytest $(PYTEST_ARGS)

## make test-fast: everything but the real-browser and `make run` tests.
test-fast: $(VENV)/.installed-dev
	CASELAW_VAR_DIR=$${CASELAW_VAR_DIR:-$(CURDIR)/var/test} $(BIN)/pytest -m "not browser and not embedded" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench-ingest: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/ingest.py $(BENCH_ARGS)

bench-search: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/search.py $(BENCH_ARGS)

bench-alerts: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/alerts.py $(BENCH_ARGS)

bench-broker: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/broker.py $(BENCH_ARGS)

bench-fidelity: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/fidelity.py $(BENCH_ARGS)

## Forget all local data (embedded database, broker queue, uploaded files).
clean-var:
	rm -rf var
