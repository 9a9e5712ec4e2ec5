# hbt_qa: `make run` starts the web app on the bundled corpus, `make test` runs the checks.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hbt_qa-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export PYTHONUNBUFFERED := 1

.PHONY: setup run test lint bench clean-index screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned: pip then takes the CPU wheel instead of a multi-GB CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/hbt-qa serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Browser tests again, writing the README screenshots (needs Debian's chromium).
screenshots: $(STAMP)
	HBT_QA_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

clean-index:
	rm -f index/hbt_qa.db index/hbt_qa.db-wal index/hbt_qa.db-shm

# Benchmark of issue 6 at 1k and 10k passages (bench/README.md); prints a table, writes bench/out/.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py --sizes 1k,10k --out bench/out/ --threads 1 --embed-sample 500
