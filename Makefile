# Cambodia counter-trafficking data site. `make` lists the targets.
# Every target sets up the virtual environment it needs from the hashed lock file.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help serve build validate test bench lint lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

serve: $(STAMP) ## Build the site and serve a live preview on http://127.0.0.1:$(PORT)/ that rebuilds when data/ changes
	$(PY) -m scripts.serve --port $(PORT)

build: $(STAMP) ## Validate data/ and build the site into site/
	$(PY) -m scripts.build

validate: $(STAMP) ## Check data/ only, fast, and list every problem
	$(PY) -m scripts.build --check

test: $(STAMP) ## Run every test: pipeline units, golden pages, validation fixtures, browser tests
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)."
	$(PY) -m pytest

bench: $(STAMP) ## Measure build time: each stage, on the default data and on a large synthetic dataset
	$(PY) -m tests.bench

lint: $(STAMP) ## Lint and check formatting of the build scripts
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/ruff format --check scripts tests

lock: ## Re-pin requirements.in into the hashed requirements.lock (needs PyPI)
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv
	.lock-venv/bin/uv pip compile requirements.in --generate-hashes --python-version 3.11 --universal --no-header --quiet -o requirements.lock
	rm -rf .lock-venv

clean: ## Remove the built site, caches and the virtual environment
	rm -rf site .build-* $(VENV) .pytest_cache .ruff_cache .hypothesis tests/output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
