# The HOPE workbook's set-up and jobs. Two commands do everything on a fresh machine:
#   make export   create .venv, install the locked runtime, run the main job on the embedded default
#   make test     the same .venv plus the locked test tools and Debian packages, then lint, types, tests
# Both install exactly the versions in requirements/*.txt (the lock, with hashes); `make lock`
# regenerates it from pyproject.toml, `make test-latest` tries the newest versions the ranges allow.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
DATA   ?= data

LOCK_RUNTIME := requirements/runtime.txt
LOCK_TEST    := requirements/test.txt
# pip never reaches for the newest release, nor fills a missing package in: every file named by
# the lock, checked against its hash; then hopelib itself, built with the locked setuptools
# (setuptools' note that an editable install is one is silenced; its deprecations are not).
PIP_LOCKED   := -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
PIP_SELF     := -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
QUIET_NOTE   := PYTHONWARNINGS='ignore:Editable installation'

.DEFAULT_GOAL := help
.PHONY: help export test test-latest lock lint lab system-deps schema clean i18n plotly

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(LOCK_RUNTIME) pyproject.toml | $(PY)
	$(PY) $(PIP_LOCKED) -r $(LOCK_RUNTIME)
	$(QUIET_NOTE) $(PY) $(PIP_SELF)
	$(PY) -m pip check --quiet >/dev/null
	@touch $@

$(VENV)/.installed-test: $(LOCK_TEST) $(VENV)/.installed
	$(PY) $(PIP_LOCKED) -r $(LOCK_TEST)
	$(PY) -m pip check --quiet >/dev/null
	@touch $@

# The Node tools of the tests (axe-core, the W3C Nu HTML checker) and of the reports' plotly.js
# build (tools/build-plotly.sh): exactly package-lock.json, no install scripts run.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

SESSION ?= demo-1

export: $(VENV)/.installed  ## validate data/, load archived records, export $(SESSION)'s partner reports
	$(BIN)/hope validate --data $(DATA)
	$(BIN)/hope summary --data $(DATA)
	@for records in $(DATA)/sessions/*/records; do \
	    [ -d "$$records" ] || continue; \
	    $(BIN)/hope session load "$$records" --data $(DATA) || exit 1; \
	done
	$(BIN)/hope export $(SESSION) --data $(DATA) --progress

system-deps:  ## Debian packages the tests need (installed when root and missing)
	@sh tools/system-deps.sh

lint: $(VENV)/.installed-test  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy hopelib tools

test: $(VENV)/.installed-test node_modules/.installed system-deps lint  ## lint, types and the whole test suite
	$(BIN)/pytest

schema: $(VENV)/.installed  ## write the JSON Schemas of the data files to data/schemas/
	$(BIN)/hope schema --out $(DATA)/schemas

POT := hopelib/locales/hopelib.pot

i18n: $(VENV)/.installed  ## extract _() strings, update the en/fi/sl .po files, compile them
	$(BIN)/pybabel extract -F babel.cfg -k _ -k ngettext:1,2 --no-location --sort-output \
	    --project hopelib --copyright-holder "HOPE partnership" -o $(POT) hopelib
	@for lang in en fi sl; do \
	    if [ -f hopelib/locales/$$lang/LC_MESSAGES/hopelib.po ]; then \
	        $(BIN)/pybabel update -i $(POT) -d hopelib/locales -D hopelib -l $$lang --no-fuzzy-matching --ignore-obsolete; \
	    else \
	        $(BIN)/pybabel init -i $(POT) -d hopelib/locales -D hopelib -l $$lang; \
	    fi; \
	done
	$(BIN)/pybabel compile -d hopelib/locales -D hopelib --use-fuzzy

# The lock: uv's resolver (pinned here, installed in a venv of its own) writes one set of
# exact versions with hashes for every Python from 3.11 and every platform (--universal).
# Existing pins are kept unless pyproject.toml asks otherwise; `make lock UPGRADE=1` moves
# every package to its newest allowed release.
UV_VERSION := 0.13.9
UV_VENV    := .venv-lock
UV         := $(UV_VENV)/bin/uv
UV_COMPILE := $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
              --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)

$(UV):
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

lock: $(UV)  ## regenerate requirements/*.txt from pyproject.toml (UPGRADE=1: newest allowed)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o $(LOCK_RUNTIME)
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra test -c $(LOCK_RUNTIME) -o $(LOCK_TEST)

# The newest releases pyproject.toml's ranges allow, in a venv of their own: drift shows here
# before a lock update brings it to everyone. Not part of `make test`.
LATEST := .venv-latest

test-latest: system-deps node_modules/.installed  ## the test suite on the newest versions the ranges allow (own venv)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e '.[test]'
	@$(LATEST)/bin/python -m pip list --format=freeze --disable-pip-version-check \
	    | grep -iE '^(babel|pandas|plotly|jupyterlab|nbconvert)==' | sed 's/^/newest: /'
	$(LATEST)/bin/pytest

plotly: $(VENV)/.installed  ## rebuild hopelib/assets/plotly-hope.min.js (the reports' plotly.js)
	PYTHON=$(PY) sh tools/build-plotly.sh

lab: $(VENV)/.installed  ## JupyterLab on the project (exports/ browsable), opening notebooks/
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean:  ## remove the virtual environments and caches (keeps data/ and var/)
	rm -rf $(VENV) $(LATEST) $(UV_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .cache
