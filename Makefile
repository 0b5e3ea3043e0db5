# Cambodia counter-trafficking data site. `make` lists the targets.
# Every target sets up the virtual environment it needs from the hashed lock file.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# The data folder to validate, build or preview: another country's, or a copy to try an edit on.
DATA ?= data
# Test processes (pytest-xdist): one per core by default; WORKERS=0 runs the suite in this process.
WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help serve build validate test audit bench lint typecheck lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $(STAMP)

serve: $(STAMP) ## Build the site and serve a live preview on http://127.0.0.1:$(PORT)/ that rebuilds when data/ (or DATA=dir) changes
	$(PY) -m scripts.serve --data $(DATA) --port $(PORT)

build: $(STAMP) ## Validate data/ (or DATA=dir) and build the site into site/ (BUILD_ARGS=--verbose for the translation table)
	$(PY) -m scripts.build --data $(DATA) $(BUILD_ARGS)

validate: $(STAMP) ## Check data/ (or DATA=dir) only, fast, and list every problem
	$(PY) -m scripts.build --check --data $(DATA)

test: $(STAMP) lint typecheck ## Lint, type-check, then run every test on every core: units, golden pages, validation fixtures, browser tests
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)."
	@command -v java >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v java >/dev/null 2>&1 || echo "Java is not installed: the Nu HTML Checker test will be skipped (apt-get install default-jre-headless)."
	$(PY) -m pytest -n $(WORKERS) --dist loadfile

audit: build ## Audit the built site in Chromium, the Nu checker, lychee and Lighthouse: each goal met or not, with figures (tests/output/audit/)
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v npm >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	$(PY) -m tests.siteaudit --site site $(AUDIT_ARGS)

bench: $(STAMP) ## Measure the build: default site cold and warm against MkDocs, a one-value rebuild, 1k/10k/100k generated figures, page weight (bench/results/)
	$(PY) -m tests.bench

lint: $(STAMP) ## Lint and check the formatting of scripts/ and tests/ (ruff)
	@$(VENV)/bin/ruff check scripts tests || \
	  { echo "ruff found the problems above: fix them, many with $(VENV)/bin/ruff check --fix scripts tests"; exit 1; }
	@$(VENV)/bin/ruff format --check scripts tests || \
	  { echo "ruff would reformat the files above: run $(VENV)/bin/ruff format scripts tests"; exit 1; }

typecheck: $(STAMP) ## Type-check scripts/ with mypy --strict (settings in pyproject.toml)
	@$(VENV)/bin/mypy || { echo "mypy found the type errors above in scripts/: annotate them, see [tool.mypy] in pyproject.toml"; exit 1; }

# uv writes LOCK_COMMAND into the lock's header, so whoever re-pins (this target, a maintainer by
# hand, a bot that reads the header) runs the same command; tests/test_workflows.py checks the two
# agree. uv keeps the lock's existing pins unless requirements.in asks for other versions, and is
# itself pinned: another release may write the same pins differently.
UV_VERSION := 0.13.9
LOCK_COMMAND := uv pip compile requirements.in --generate-hashes --python-version 3.11 --universal -o requirements.txt

lock: ## Re-pin requirements.in into the hashed requirements.txt (needs PyPI)
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv==$(UV_VERSION)
	.lock-venv/bin/$(LOCK_COMMAND) --quiet
	rm -rf .lock-venv

clean: ## Remove the built site, caches and the virtual environment
	rm -rf site .site-releases .build-* .cache $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis tests/output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
