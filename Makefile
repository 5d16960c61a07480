# Quick start: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test venv migrate load lint format superuser validate clean

# Django 6.1 needs Python >= 3.12; the plain python3 may be older, so try each candidate.
$(PY): requirements.txt requirements-dev.txt
	@PY=""; for c in python3.13 python3.12 python3 $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3; do \
	  "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { PY=$$c; break; }; \
	done; \
	[ -n "$$PY" ] || { echo "error: Python >= 3.12 is required (Django 6.1); install python3.12 or newer" >&2; exit 1; }; \
	[ -x $(PY) ] || "$$PY" -m venv $(VENV)
	echo 'setuptools<81' > $(VENV)/build-constraints.txt
	PIP_CONSTRAINT=$(VENV)/build-constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(PY)

venv: $(PY)

migrate: $(PY)
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_catalogue

run: load
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(PY)
	bash scripts/install-system-deps.sh
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(PY)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(PY)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: load
	$(PY) manage.py validate_catalogue

superuser: migrate
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles test-artifacts
