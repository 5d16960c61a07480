# Quick start: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve bench test venv migrate load lint format superuser validate clean

# Django 6.1 needs Python >= 3.12. The plain python3 may be older, and pyenv
# shims exist but fail for inactive versions, so run each candidate to check it.
$(STAMP): requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ]; then \
	  PY=""; \
	  for c in python3.13 python3.12 python3 $$(ls -d "$$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	    "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { PY=$$c; break; }; \
	  done; \
	  [ -n "$$PY" ] || { echo "error: Python >= 3.12 is required (Django 6.1); install python3.12 or newer." >&2; exit 1; }; \
	  echo "Creating $(VENV) with $$("$$PY" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
	  "$$PY" -m venv $(VENV); \
	fi
	@# xstatic-bootstrap builds from source with pkg_resources, which setuptools 81 dropped.
	@echo 'setuptools<81' > $(VENV)/build-constraints.txt
	PIP_CONSTRAINT=$(VENV)/build-constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

# Forces a refresh from fixtures/: overwrites admin edits to the shipped rows.
load: migrate
	$(PY) manage.py load_catalogue

# Loads the catalogue only into an empty database, so curators' edits survive.
run: migrate
	$(PY) manage.py load_catalogue --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

# A local rehearsal of production: gunicorn workers, DEBUG off, static files
# collected and served by WhiteNoise. SECRET_KEY and ALLOWED_HOSTS come from the
# environment; without SECRET_KEY a throwaway key is kept in .venv. It serves
# plain HTTP on loopback, so the HTTPS-only settings default to off here (and the
# cookies keep their plain names); in a real deployment TLS is terminated in front
# and they stay on (README, Deploying). Mail (sign-up links, password resets) is
# printed to the terminal unless EMAIL_URL names a server.
WEB_CONCURRENCY ?= 3
SERVE_KEY := $(VENV)/serve-secret-key
# The loopback switches (DEBUG off, HTTPS-only settings off) come from config/loopback.py,
# which make bench and the load tests use too.
SERVE_ENV = $$($(PY) -m config.loopback) \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SERVE_KEY))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" \
	EMAIL_URL="$${EMAIL_URL:-consolemail://}"

serve: $(STAMP)
	@[ -n "$${SECRET_KEY:-}" ] || [ -s $(SERVE_KEY) ] || \
	  $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SERVE_KEY)
	env $(SERVE_ENV) $(PY) -m config.loopback collectstatic
	env $(SERVE_ENV) $(PY) manage.py migrate --noinput
	env $(SERVE_ENV) $(PY) manage.py createcachetable
	env $(SERVE_ENV) $(PY) manage.py load_catalogue --if-empty
	env $(SERVE_ENV) $(VENV)/bin/gunicorn config.wsgi:application \
	  --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --threads 2 --no-control-socket \
	  --access-logfile - --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'

# Speed benchmark (issue 5): gunicorn with production settings on a throwaway
# SQLite database, wrk on loopback, alternating rounds; prints the table, writes
# docs/benchmarks.md and fails unless every target is met. Needs wrk (apt).
bench: $(STAMP)
	$(PY) -m bench.run

test: $(STAMP)
	bash scripts/install-system-deps.sh
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: load
	$(PY) manage.py validate_catalogue

superuser: migrate
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles test-artifacts
