# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed serve static bench check messages clean mutate

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --next-programme

## make run: set up everything and serve the portal with demo data on http://$(HOST):$(PORT),
## with a Celery worker and its embedded beat (deadline reminders) in the background, stopped
## with the server. No Redis needed (a broker in files under var/); REDIS_URL switches to Redis.
## Static files are collected first and served under hashed names, cached a year, as in
## production; links in e-mail point at this host and port unless SITE_URL says otherwise.
## The worker (its own process group: pool and embedded beat) stops within 3 s of the server;
## a task cut short is delivered again (acks late).
run: seed static
	@mkdir -p var/broker var/broker-processed var/broker-control
	@echo "Celery worker + beat running in the background; log in var/celery.log"
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	setsid $(VENV)/bin/celery -A config worker -B -s var/celerybeat-schedule --loglevel=INFO --concurrency=2 \
	  >>var/celery.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; kill -- -$$worker 2>/dev/null; for _ in 1 2 3; do kill -0 $$worker 2>/dev/null || break; sleep 1; done; \
	  kill -KILL -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make static: the static files under hashed names in var/staticfiles (what runserver and gunicorn serve)
static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

## make test: the whole suite (SQLite unless DATABASE_URL points elsewhere)
test: install
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

## make bench: benchmarks that print figures (never asserted in tests)
bench: install
	@mkdir -p var
	$(PY) -m bench $(BENCH)

## make mutate: mutation testing of the core modules (not in CI; hours for all of them on two cores).
## make mutate MODULES=reporting/permissions.py for one module; the scores are in the README.
mutate: install
	@mkdir -p var
	$(PY) -m tools.mutate $(MODULES)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## make messages: refresh the translation catalogues after changing UI strings (needs gettext)
messages: install
	$(PY) manage.py makemessages -l vi -l en --no-location --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/*.sqlite3* var/broker var/test-media .pytest_cache mutants
