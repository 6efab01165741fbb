# Two commands: `make run` and `make test`. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DEV_ENV := DEBUG=$${DEBUG:-true}
# Address `make run` serves on, e.g. `make run BIND=0.0.0.0:8000` (see README).
BIND ?= $(or $(PORT_BIND),127.0.0.1:8000)

.PHONY: run test lint format install system-packages migrate seed bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

system-packages:
	bin/install-system-packages

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo --if-empty

run: system-packages seed
	$(DEV_ENV) BIND=$(BIND) bin/serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: system-packages install lint
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-auto}

clean:
	rm -rf var/test var/static
