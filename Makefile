# Impactlytics: `make demo` builds the demo warehouse, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SEED ?= 42
SCALE ?= default

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export IMPACTLYTICS_DB_PATH ?= warehouse/impactlytics.duckdb
export IMPACTLYTICS_DATA_DIR ?= data

# sqlfluff compiles the models with dbt, which inspects the study inputs: lint against a small
# simulated data set and a scratch warehouse holding the staging views.
LINT_ENV := IMPACTLYTICS_DATA_DIR=build/lint/data IMPACTLYTICS_DB_PATH=build/lint/lint.duckdb

.PHONY: install demo build test lint pytest bench-causal docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

demo: install
	$(BIN)/impactlytics simulate --seed $(SEED) --scale $(SCALE)
	$(MAKE) --no-print-directory build
	$(BIN)/impactlytics summary

build: install
	mkdir -p $(dir $(IMPACTLYTICS_DB_PATH))
	$(BIN)/dbt build

docs: install
	$(BIN)/dbt docs generate

test: install lint pytest

lint: install
	$(BIN)/ruff check impactlytics python_models bench
	$(BIN)/ruff format --check impactlytics python_models bench
	rm -rf build/lint && mkdir -p build/lint
	$(BIN)/impactlytics --log-level WARNING simulate --seed 1 --scale small --data-dir build/lint/data
	$(LINT_ENV) $(BIN)/dbt --quiet run --select path:models/staging
	$(LINT_ENV) $(BIN)/sqlfluff lint models

pytest: install
	$(BIN)/pytest impactlytics

bench-causal: install
	$(BIN)/python bench/bench_causal.py --replications 200

clean:
	rm -rf build target logs
