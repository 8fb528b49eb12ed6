# actorgraph: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench bench-quick vocab clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements-extract.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-extract.txt
	$(BIN)/python -m pip install --quiet -e '.[extract]'
	touch $@

$(TSTAMP): pyproject.toml requirements-extract.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-extract.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

## demo: build the Libya 2019 graph, validate it, answer questions, write out/
demo: $(STAMP)
	$(BIN)/python -m actorgraph demo --out out

## test: the whole suite (unit, doctests, browser, live SPARQL server, notebook)
test: $(TSTAMP)
	$(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/python tools/gen_vocab.py --check

## bench: benchmarks (not tests); writes bench/results/*.json
bench: $(TSTAMP)
	$(BIN)/python -m bench

bench-quick: $(TSTAMP)
	$(BIN)/python -m bench --quick

## vocab: regenerate src/actorgraph/_vocab.py from ontology/actorgraph.ttl
vocab: $(STAMP)
	$(BIN)/python tools/gen_vocab.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache
