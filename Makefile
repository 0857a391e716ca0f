# Two commands run everything: `make run` (the site with demo content on SQLite)
# and `make test` (the whole test suite). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser lint format migrations-check lighthouse restore-drill clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Tests run with DEBUG off, like production; the key below is for tests only.
test: $(STAMP)
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-not-secret} $(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: $(STAMP)
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-not-secret} $(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# Optional, not part of `make test`: Lighthouse (mobile) scores of the demo's main
# pages, at least 98 in each category (tools/lighthouse.py). Needs Node.js and Chromium.
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --prefix .lighthouse --no-audit --no-fund --silent lighthouse@13.5.0

lighthouse: $(STAMP) $(LIGHTHOUSE)
	$(BIN)/python tools/lighthouse.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Dump the database (DATABASE_URL, PostgreSQL), restore it into a scratch database and
# compare them; fails on any difference (docs/operations.md).
restore-drill: $(STAMP)
	$(BIN)/python manage.py restore_drill

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .lighthouse
