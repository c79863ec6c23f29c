# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py
TRANSLATIONS := abcd/translations

.PHONY: run test lint bench loadtest translations i18n-extract i18n-update clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-runtime

# Browser libraries (package.json, locked): installed here, served by the app, never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

translations: $(VENV)/.stamp-runtime
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

## make run: install, compile translations, migrate, load geography and demo data if empty, serve.
run: $(VENV)/.stamp-runtime translations node_modules/.package-lock.json
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask abcd bootstrap
	$(BIN)/flask abcd graph refresh --if-stale
	$(BIN)/flask abcd mail
	$(BIN)/flask abcd jobs status
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# Test processes for everything but the browser suite (pytest-xdist; each worker has its own database,
# Redis and ports). The browser suite then runs once, in one process: it shares one live server and one
# Chromium, and starting those per worker would cost more than it saves. BROWSER_TESTS=no leaves it out
# (.ci/run's PostgreSQL pass). A PYTEST_ARGS that picks no test from one of the two steps (a single file,
# say) is not an error there; without PYTEST_ARGS it is.
TEST_WORKERS ?= auto
BROWSER_TESTS ?= yes
NO_TESTS_OK = $(if $(strip $(PYTEST_ARGS)),|| [ $$? -eq 5 ])

## make test: install everything and run the whole suite (TEST_DATABASE_URL picks PostgreSQL).
test: $(VENV)/.stamp-dev translations node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS) $(NO_TESTS_OK)
ifeq ($(BROWSER_TESTS),yes)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS) $(NO_TESTS_OK)
endif

## make bench: every benchmark in bench/ (maps at 1k/10k/50k assets, search at 50k beside LIKE, network at the design scale) on temporary databases.
bench: $(VENV)/.stamp-dev translations node_modules/.package-lock.json
	$(BIN)/python -m bench $(BENCH_ARGS)

## make loadtest: mixed load and faults against real servers on 127.0.0.1 (throwaway PostgreSQL and Redis, gunicorn).
loadtest: $(VENV)/.stamp-dev translations node_modules/.package-lock.json
	$(BIN)/python -m bench.load $(LOADTEST_ARGS)

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check abcd tests
	$(BIN)/mypy
	$(BIN)/lint-imports

i18n-extract: $(VENV)/.stamp-runtime
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* __pycache__" -o $(TRANSLATIONS)/messages.pot --no-location --sort-output .

i18n-update: i18n-extract
	$(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance node_modules .pytest_cache .mypy_cache .ruff_cache
