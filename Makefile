# Two commands: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/conflictmap assets static
	$(BIN)/conflictmap demo --if-empty
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --browser.gatherUsageStats false

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/concurrency.py
	$(BIN)/python bench/geocode.py

clean:
	rm -rf $(VENV) static/vendor data/cache .pytest_cache

# Extraction quality against the hand-annotated events in tests/eval/ (reads ../shared).
.PHONY: eval
eval: setup
	$(BIN)/python -m conflictmap.evaluate
