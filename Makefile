# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test processes (pytest-xdist); CI machines have two cores.
PYTEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run test install e2e-tools migrate demo serve lint format check-migrations pytest clean \
	elasticsearch elasticsearch-stop test-es

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# axe-core for the accessibility checks in tests/e2e (an npm package, no browser download).
AXE := var/node/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then \
		mkdir -p var/node && cp tests/e2e/package.json tests/e2e/package-lock.json var/node/ && \
		npm ci --prefix var/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm 未安装：无障碍检查（axe-core）将被跳过 / npm missing: axe checks skipped"; fi

e2e-tools: $(AXE)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py setup_demo

serve: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "门户地址 / Portal: http://127.0.0.1:$(PORT)/  http://[::1]:$(PORT)/   后台 / Admin: http://127.0.0.1:$(PORT)/admin/"
	GUNICORN_BIND="127.0.0.1:$(PORT) [::1]:$(PORT)" $(BIN)/gunicorn -c gunicorn.conf.py \
		portal.wsgi:application --env DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE)

run: demo serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install e2e-tools
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: install lint check-migrations pytest

# A real single-node Elasticsearch 8 on 127.0.0.1:$(ELASTICSEARCH_PORT), assembled by Maven from
# Maven Central (elasticsearch-node/), data under var/elasticsearch/; then the live suite against it.
ELASTICSEARCH_PORT ?= 9200
export ELASTICSEARCH_PORT

elasticsearch:
	elasticsearch-node/start.sh

elasticsearch-stop:
	elasticsearch-node/stop.sh

# The live suite against the node `make elasticsearch` started. ELASTICSEARCH_REQUIRED turns the
# tests' "no node" skip into a failure; ELASTICSEARCH_NODE_DIR lets one test stop and restart the
# node. (Against another cluster: ELASTICSEARCH_URL=... pytest -m live_es tests/search.)
test-es: install
	ELASTICSEARCH_URL=http://127.0.0.1:$(ELASTICSEARCH_PORT) ELASTICSEARCH_REQUIRED=1 \
	ELASTICSEARCH_NODE_DIR=elasticsearch-node DJANGO_SETTINGS_MODULE=portal.settings.test \
		$(BIN)/pytest -m live_es tests/search $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
