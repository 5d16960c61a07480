# Quick start: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv migrate load lint format superuser validate clean

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

load: migrate
	$(PY) manage.py load_catalogue

run: load
	$(PY) manage.py runserver $(HOST):$(PORT)

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
