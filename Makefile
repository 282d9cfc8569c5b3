# Everything a newcomer needs: `make run` for the demo, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
DEMO_ENV := DJANGO_DEBUG=1

.PHONY: install run test test-postgres lint format bench lock clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py seed_demo --if-empty
	@echo
	@echo "Waymark is starting on http://127.0.0.1:8000 - sign in as 'officer' (policy officer),"
	@echo "'leader' (leadership), 'staff' or 'admin' with the demo password shown above."
	@echo "Ctrl-C stops the web server and the background workers."
	$(DEMO_ENV) bin/serve

test: install
	$(PY) -m pytest

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# BENCH="pages --scale 100 --db sqlite" runs a part (python -m benchmarks pages --help).
bench: install
	$(PY) -m benchmarks $(BENCH)

lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var/static
