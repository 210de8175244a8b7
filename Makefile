# Two commands do all the set-up on a fresh machine:
#   make demo   installs cposim into .venv and runs the main job on the built-in default scenario
#   make test   installs cposim with its test extras into .venv (and headless Chromium for the report's
#               browser test, scripts/ensure_chromium.sh) and runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/cposim report --out out/

test: install
	scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -n 2 -q

bench: install
	$(BIN)/python benchmarks/link_engine_throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
