# The two commands a new user needs: `make run` and `make test`.
# Both create .venv if it is missing and install the exactly pinned dependencies once.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= reports

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

SHARED ?= ../shared/data
MODEL_VERSION ?= 2026.11-fitted-1

.PHONY: run test lint bench model eval-labels clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reliability run data/sample --out $(OUT)

test: $(STAMP)
	$(BIN)/ruff check scoring flows tests benchmarks
	$(BIN)/python -m pytest

# Refit the shipped model (scoring/weights.toml and its model card) on the public labelled data
# in ../shared/data; needs that folder. About 2 minutes.
model: $(STAMP)
	$(BIN)/python -m benchmarks.make_labels --shared $(SHARED) --out build/labels
	$(BIN)/reliability train build/labels/all.csv --out scoring --version $(MODEL_VERSION)

# The shipped model on each labelled dataset (in-sample: it was fitted on all three), and the
# model cross-validated on each of the two larger ones alone (the extraction benchmark's 10
# unreliable articles are too few to fit on alone).
eval-labels: $(STAMP)
	$(BIN)/python -m benchmarks.make_labels --shared $(SHARED) --out build/labels
	for set in horne2017 polnear extraction; do \
	  $(BIN)/reliability eval labels build/labels/$$set.csv || exit 1; \
	done
	for set in horne2017 polnear; do \
	  $(BIN)/reliability eval labels build/labels/$$set.csv --cross-validate || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_run.py

clean:
	rm -rf $(VENV) .prefect
