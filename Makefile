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

REFRESH_ARGS ?=

.PHONY: install demo build refresh rollback test lint pytest bench-causal bench-cate bench-campaigns bench-rollout bench-media bench-panel serve docs report clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Test and benchmark peers (pyfixest), installed for `pytest` and `bench-panel` only.
$(VENV)/.peers-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,peers]"
	touch $@

demo: install
	$(BIN)/impactlytics simulate --seed $(SEED) --scale $(SCALE)
	$(MAKE) --no-print-directory build
	$(BIN)/impactlytics summary

build: install
	mkdir -p $(dir $(IMPACTLYTICS_DB_PATH))
	$(BIN)/dbt build

# --static also writes static_index.html, which embeds the manifest and catalog and so opens
# from disk; `make report` copies the docs into reports/docs/ and links them.
docs: install
	$(BIN)/dbt docs generate --static

report: docs
	$(BIN)/impactlytics report

# Build into a new file and publish it atomically only when every model and test passed;
# REFRESH_ARGS pass through (e.g. REFRESH_ARGS="--select +fct_treatment_effects").
refresh: install
	mkdir -p $(dir $(IMPACTLYTICS_DB_PATH))
	$(BIN)/impactlytics refresh $(REFRESH_ARGS)

rollback: install
	$(BIN)/impactlytics rollback

test: install lint pytest

lint: install
	$(BIN)/ruff check impactlytics python_models bench
	$(BIN)/ruff format --check impactlytics python_models bench
	rm -rf build/lint && mkdir -p build/lint
	$(BIN)/impactlytics --log-level WARNING simulate --seed 1 --scale small --data-dir build/lint/data
	$(LINT_ENV) $(BIN)/dbt --quiet run --select path:models/staging
	$(LINT_ENV) $(BIN)/sqlfluff lint models

pytest: install $(VENV)/.peers-installed
	$(BIN)/pytest impactlytics --durations=30

bench-causal: install
	$(BIN)/python bench/bench_causal.py --replications 200

bench-cate: install
	$(BIN)/python bench/bench_cate.py --ihdp-seeds 20 --replications 100

# The campaign predictor's API and planner page on the published warehouse (read-only).
serve: install
	$(BIN)/impactlytics serve

bench-campaigns: install
	$(BIN)/python bench/bench_campaigns.py

bench-panel: install $(VENV)/.peers-installed
	nice -n 10 $(BIN)/python bench/bench_ad_panel.py --replications 100

bench-rollout: install
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_rollout.py --replications 1000

# Creates build/pymc-venv (Python 3.12, pymc-marketing) on first use for the daily comparison.
bench-media: install
	nice -n 10 $(BIN)/python bench/bench_media.py --replications 50

clean:
	rm -rf build target logs reports
