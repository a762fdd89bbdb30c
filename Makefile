# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run test install e2e-tools migrate demo serve lint format check-migrations pytest clean

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
	$(BIN)/gunicorn portal.wsgi:application --env DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) \
		--bind 127.0.0.1:$(PORT) --bind [::1]:$(PORT) --workers 2 --access-logfile -

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
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest $(PYTEST_ARGS)

test: install lint check-migrations pytest

clean:
	rm -rf $(VENV) var
