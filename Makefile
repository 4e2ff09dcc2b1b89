# Kring: `make run` to try it, `make test` to check it. Both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := KRING_ENV=development $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run worker serve production-env test test-fast test-browser install pdf-libs catalogs migrate demo extract update-catalogs bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Kring needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) pdf-libs

## WeasyPrint (the plan as a PDF) needs Pango and HarfBuzz from Debian: installed when missing (as root).
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' \
	   || ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing the Debian libraries WeasyPrint needs: $(PDF_LIBS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null; \
	  else echo "The plan's PDF needs these Debian packages: sudo apt-get install $(PDF_LIBS)"; fi; fi

## Compile the translation catalogs (.po -> .mo); .mo files are never committed.
catalogs: install
	$(BIN)/pybabel compile -d translations

migrate: catalogs
	$(FLASK) db upgrade heads

demo: migrate
	$(FLASK) demo

## The web server and, beside it, the worker that delivers mail and runs the reminders (stopped
## with the server). Without MAIL_SERVER the mail lands in instance/outbox/.
run: demo
	@$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(FLASK) run --port $(PORT)

## The worker alone (production runs it beside gunicorn: see the README, "Mail and the worker").
worker: catalogs
	$(FLASK) worker

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

## The suite runs on every core (pytest-xdist), a file per worker at a time: a file's tests share
## the world they read (see `world_ro` in tests/conftest.py).
PARALLEL ?= -n auto --dist loadfile
# Bytecode (and pytest's rewritten test modules) is cached even where the environment says not to
# write it: every worker and every app process of the suite would otherwise compile it all again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: catalogs
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: Chromium found, they run."; \
	else echo "Browser tests: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)."; fi
	$(PYTEST) -q $(PARALLEL) $(PYTEST_ARGS)

## Without the browser tests, for a quick round while working.
test-fast: catalogs
	$(PYTEST) -q -m "not browser" $(PARALLEL) $(PYTEST_ARGS)

test-browser: catalogs
	$(PYTEST) -q -m browser $(PARALLEL) $(PYTEST_ARGS)

extract: install
	# Without source locations: a catalog then changes only when its words do (and merges cleanly).
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .

## After changing strings: refresh both catalogs from the sources.
update-catalogs: extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

bench: catalogs
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
