# The HOPE workbook's set-up and jobs. Two commands do everything on a fresh machine:
#   make export   create .venv, install the project, run the main job on the embedded default
#   make test     the same .venv plus test tools and Debian packages, then lint, types, tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
DATA   ?= data

.DEFAULT_GOAL := help
.PHONY: help export test lint lab system-deps schema clean i18n

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
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
	$(BIN)/mypy hopelib

test: $(VENV)/.installed-test system-deps lint  ## lint, types and the whole test suite
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

lab: $(VENV)/.installed  ## JupyterLab in notebooks/
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:  ## remove the virtual environment and caches (keeps data/ and var/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .cache
