# Everything a newcomer needs: `make run` for the demo, `make test` for the suite, `make run-prod`
# for the production server on this machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
DEMO_ENV := DJANGO_DEBUG=1
ADDRESS := $(or $(WAYMARK_ADDRESS),127.0.0.1:8000)

.PHONY: install install-prod run run-prod createsuperuser test test-prod test-postgres lint format bench lock clean screenshots

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# requirements.lock: everything, for development and CI (dev and prod extras).
# requirements-prod.lock: only what a server runs (prod extra), at the same versions.
$(VENV)/.installed: requirements.lock | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-prod: requirements-prod.lock | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements-prod.lock
	touch $@

install: $(VENV)/.installed

install-prod: $(VENV)/.installed-prod

run: install
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py seed_demo --if-empty
	@echo
	@echo "Waymark is starting on http://$(ADDRESS) - sign in as 'officer' (policy officer),"
	@echo "'leader' (leadership), 'staff' or 'admin' with the demo password shown above."
	@echo "Ctrl-C stops the web server and the background workers."
	$(DEMO_ENV) bin/serve

run-prod: install-prod
	bin/serve-prod

# The first administrator for `make run-prod` (same database and secret key).
createsuperuser: install-prod
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY_FILE=$${DJANGO_SECRET_KEY_FILE:-$${WAYMARK_VAR_DIR:-var}/secret_key} $(PY) manage.py createsuperuser

test: install
	$(PY) -m pytest

# The production smoke test alone: collectstatic, gunicorn and the workers with DJANGO_DEBUG=0.
test-prod: install
	$(PY) -m pytest -m production

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest

# docs/screenshots: a throwaway demo database, a local server on a free port, Playwright.
screenshots: install
	$(PY) bin/screenshots

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# BENCH="pages --scale 100 --db sqlite" runs a part (python -m benchmarks pages --help).
bench: install
	$(PY) -m benchmarks $(BENCH)

lock: $(VENV)/bin/uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra prod --python-version 3.11 --generate-hashes -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra prod --python-version 3.11 --generate-hashes --constraints requirements.lock -o requirements-prod.lock

clean:
	rm -rf $(VENV) var/static
