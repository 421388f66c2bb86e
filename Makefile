# Everything a new machine needs comes from here: `make run`, `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean messages

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m app

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# After changing a user-facing string: the catalog template and every .po file (app/locales/).
messages: $(STAMP)
	$(PY) -m app.i18n.extract

bench: $(STAMP)
	$(PY) bench/load_test.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
