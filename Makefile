# Two commands: `make run` (set up and serve) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
PYTEST_ARGS ?= -n auto
VENDOR := static/vendor
NPM_DIR := build/npm

.PHONY: run test install install-test assets lint typecheck bench migration-refresh clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Third-party front-end code comes from the npm registry, never from the repo; pages work without it.
assets:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(NPM_DIR) $(VENDOR)/leaflet $(VENDOR)/markercluster $(VENDOR)/axe-core && \
	  npm install --silent --no-audit --no-fund --prefix $(NPM_DIR) leaflet@1.9.4 \
	    leaflet.markercluster@1.5.3 axe-core@4 >/dev/null && \
	  cp -r $(NPM_DIR)/node_modules/leaflet/dist/. $(VENDOR)/leaflet/ && \
	  cp $(NPM_DIR)/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	    $(NPM_DIR)/node_modules/leaflet.markercluster/dist/MarkerCluster.css $(VENDOR)/markercluster/ && \
	  cp $(NPM_DIR)/node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/ && \
	  echo "Front-end assets installed in $(VENDOR)."; \
	else echo "npm not found: the map and accessibility checks are skipped (pages still work)."; fi

run: $(VENV)/.installed
	-@$(MAKE) --no-print-directory assets
	$(BIN)/commonground init-db
	$(BIN)/commonground seed
	$(BIN)/commonground run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	-@$(MAKE) --no-print-directory assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy core directory matcher seeds wsgi.py bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# Pre-release only: rewrite the initial migration from the models.
migration-refresh: $(VENV)/.installed
	$(BIN)/python migrations/refresh_initial.py

clean:
	rm -rf $(VENV) build $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
