# Quick start: `make run` serves the product on http://127.0.0.1:8000, `make test` runs the suite.
# Both create .venv on first use with the first Python 3.12+ they find (override with PYTHON=...).

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true

# Try each candidate by running it: a pyenv shim can exist on the PATH and still fail.
PY_CANDIDATES := $(PYTHON) python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3)
find_python = $(firstword $(foreach py,$(PY_CANDIDATES),$(shell $(py) -c 'import sys; print(sys.executable if sys.version_info >= (3, 12) else "")' 2>/dev/null)))

# `make run` serves the ASGI application (as production does, so live screens are pushed) and
# restarts on a change to the project's Python files.
RELOAD_DIRS := $(foreach dir,accounts config interviews observability outbox questionbank,--reload-dir $(dir))

# The locked packages go in with uv (pinned, itself installed by pip): seconds, where pip alone
# takes half a minute. Compiled at once, as pip does: where PYTHONDONTWRITEBYTECODE is set, every
# process (each test worker, server and Celery worker) would compile them again.
UV_VERSION := 0.13.8

.PHONY: run test setup worker beat lint bench clean prod backup restore

$(BIN)/.installed: pyproject.toml requirements.lock
	@py="$(call find_python)"; \
	if [ -z "$$py" ]; then echo "Python 3.12 or newer is needed: install it (or run make PYTHON=/path/to/python3.12)." >&2; exit 1; fi; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	@touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_bank questionbank/banks/serverless.yaml
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py check
	@echo "Serving on http://$(HOST):$(PORT)/ — sign in with a demo login above."
	TEMPLATES_FROM_DISK=true $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off --reload $(RELOAD_DIRS)

# The suite in two parts: most tests spread over TEST_WORKERS processes (pytest-xdist; each has a
# database and a Redis database of its own; a module runs on one of them), then
# the serial ones (tests/conftest.py says which) in one process. Exit status 5 is "nothing
# selected", e.g. PYTEST_ARGS="-k" matching one part. One worker more than cores: a worker
# waiting on a browser, a server it started or an outage it stages leaves its core to the others.
TEST_WORKERS ?= $(shell $(BIN)/python -c 'import os; cores = getattr(os, "sched_getaffinity", None); print((len(cores(0)) if cores else os.cpu_count() or 1) + 1)')
test: setup
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope -m "not serial" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -p no:xdist -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The production shape without docker: what docker-compose.yml runs, in the foreground.
# Needs DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS; Ctrl-C stops everything.
prod: setup
	@PATH="$(abspath $(BIN)):$$PATH" DEBUG=false exec bin/prod

# A pg_dump custom-format file of DATABASE_URL (PostgreSQL): BACKUP_FILE, or a new file under
# backups/. A restore goes only into a new, empty database (README "Backups and restores").
backup: setup
	$(BIN)/python manage.py backup_database $(if $(BACKUP_FILE),--output "$(BACKUP_FILE)")

restore: setup
	@if [ -z "$(BACKUP_FILE)" ]; then echo "Name the dump to restore: make restore BACKUP_FILE=backups/....dump" >&2; exit 2; fi
	$(BIN)/python manage.py restore_database "$(BACKUP_FILE)"

worker: setup
	$(BIN)/celery -A config worker --beat --loglevel=info

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

bench: setup
	$(BIN)/python bench/autosave.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/report_list.py
	@if [ -n "$$REDIS_URL" ]; then $(BIN)/python bench/live.py; \
	else echo "bench/live.py skipped: it needs REDIS_URL (and a PostgreSQL DATABASE_URL)"; fi

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
