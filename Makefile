# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Two processes for the unit tests (the CI machine has two cores); PYTEST_WORKERS= runs them in one.
PYTEST_WORKERS ?= -n 2

.PHONY: run prod test setup install migrate demo lint format clean mutation

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

setup: demo

run: setup
	@echo ""
	@echo "  The memorial archive is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Development logins are listed above (password shown once there)."
	@echo "  Background tasks (public copies of recordings, e-mail, daily refreshes) run in a worker beside it."
	@echo ""
	@$(PY) manage.py run_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production settings on this machine, served by gunicorn (memorial/gunicorn_conf.py). Without a
# SECRET_KEY in the environment a throwaway one is generated once into var/secret_key (git-ignored).
# Plain HTTP here: SECURE_SSL_REDIRECT and BEHIND_PROXY are off unless set.
SECRET_FILE := var/secret_key
PROD_ENV = DJANGO_SETTINGS_MODULE=memorial.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" BEHIND_PROXY="$${BEHIND_PROXY:-false}"
prod: setup
	@mkdir -p var
	@if [ -z "$$SECRET_KEY" ] && [ ! -s $(SECRET_FILE) ]; then \
		umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > $(SECRET_FILE); \
		echo "  No SECRET_KEY set: generated a throwaway one in $(SECRET_FILE) (sessions end if it is deleted)."; \
	fi
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  The memorial archive (production settings, gunicorn) is at http://$(HOST):$(PORT)/"
	@echo "  with the task worker beside it."
	@echo ""
	@export $(PROD_ENV); \
	$(PY) manage.py run_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c memorial/gunicorn_conf.py

# Browser tests run on their own: they share one live server and a database that is
# emptied after each of them. Exit status 5 means a filtered run selected none of them.
test: setup
	$(PY) manage.py check
	$(PY) -m pytest -m "not browser" $(PYTEST_WORKERS) $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Mutation testing of the rule-bearing modules, each against its own tests, in a copy of the tree
# (an hour or more: not part of `make test` or CI). MODULES="gate consent" runs only those.
$(VENV)/.mutation: $(VENV)/.installed requirements-mutation.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	touch $@

mutation: $(VENV)/.mutation
	$(PY) tests/mutation/run.py $(MODULES)

lint: install
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
