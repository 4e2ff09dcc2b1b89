# Kring: `make run` to try it, `make test` to check it. Both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := KRING_ENV=development $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run serve production-env test test-fast test-browser install catalogs migrate demo extract update-catalogs bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Kring needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Compile the translation catalogs (.po -> .mo); .mo files are never committed.
catalogs: install
	$(BIN)/pybabel compile -d translations

migrate: catalogs
	$(FLASK) db upgrade heads

demo: migrate
	$(FLASK) demo

run: demo
	$(FLASK) run --port $(PORT)

## Production: migrations, then gunicorn (settings in gunicorn.conf.py) against PostgreSQL and
## Redis. See the README, "Running in production".
PRODUCTION_NEEDS := SECRET_KEY DATABASE_URL RATELIMIT_STORAGE_URI
serve: production-env catalogs
	KRING_ENV=production $(BIN)/flask --app wsgi db upgrade heads
	KRING_ENV=production exec $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

production-env:
	@missing=""; for name in $(PRODUCTION_NEEDS); do \
	  [ -n "$$(printenv $$name)" ] || missing="$$missing $$name"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make serve needs these environment variables:$$missing"; \
	  echo "  SECRET_KEY: a long random string, the same on every app server"; \
	  echo "  DATABASE_URL: postgresql://user:password@host/kring"; \
	  echo "  RATELIMIT_STORAGE_URI: redis://host:6379 (shared by every worker and server)"; \
	  exit 1; fi

test: catalogs
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: Chromium found, they run."; \
	else echo "Browser tests: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)."; fi
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## Without the browser tests, for a quick round while working.
test-fast: catalogs
	$(BIN)/python -m pytest -q -m "not browser" $(PYTEST_ARGS)

test-browser: catalogs
	$(BIN)/python -m pytest -q -m browser $(PYTEST_ARGS)

extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file -o translations/messages.pot .

## After changing strings: refresh both catalogs from the sources.
update-catalogs: extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

bench: catalogs
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
