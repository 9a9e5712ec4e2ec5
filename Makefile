# hbt_qa: `make run` starts the web app on the bundled corpus, `make test` runs the checks.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hbt_qa-installed
LOCK := requirements.lock
LOCK_TOOLS := .cache/pip-tools
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export PYTHONUNBUFFERED := 1

.PHONY: setup run test test-quick lint format lock bench clean-index screenshots

# Exactly the locked set, every file checked against its hash (torch is the CPU wheel that pip
# finds on this kind of machine), then the project itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/hbt-qa serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest

# Everything but the tests that load the real model or drive Chromium (a minute, not many).
test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

# Re-pin requirements.lock from pyproject.toml with pip-tools (in its own venv, so the app's
# venv keeps the locked versions); `make lock LOCK_ARGS=--upgrade` moves every pin to the
# newest release within pyproject's bounds.
lock:
	test -x $(LOCK_TOOLS)/bin/python || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install -q 'pip-tools>=7.4,<8'
	$(LOCK_TOOLS)/bin/pip-compile --quiet --extra test --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file $(LOCK) pyproject.toml

# Browser tests again, writing the README screenshots (needs Debian's chromium).
screenshots: $(STAMP)
	HBT_QA_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

clean-index:
	rm -f index/hbt_qa.db index/hbt_qa.db-wal index/hbt_qa.db-shm

# Benchmark of issue 6 at 1k and 10k passages (bench/README.md); prints a table, writes bench/out/.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py --sizes 1k,10k --out bench/out/ --threads 1 --embed-sample 500
