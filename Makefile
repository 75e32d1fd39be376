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
MODEL_VERSION ?= 2026.12-outlets-2

.PHONY: run test lint bench model eval-outlets eval-labels clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reliability run data/sample --out $(OUT)

test: $(STAMP)
	$(BIN)/ruff check scoring flows tests benchmarks docs
	$(BIN)/python -m pytest

# Refit the shipped model (scoring/weights.toml and its model card) on the outlets of
# ../shared/data/allsides-dev and their expert ratings (Lin et al. 2023 pc1), then measure it
# once on the held-out sets (buzzfeed-webis outlets, horne2017 real vs fake) and write those
# figures into the card. Needs ../shared. About 15 minutes on a fresh cache (the analyses are
# kept in .cache/analyses), under a minute after that.
model: $(STAMP)
	$(BIN)/reliability train $(SHARED)/allsides-dev/outlets.csv $(SHARED)/allsides-dev/articles \
	  --rating lin_pc1 --threshold 0.6 --repeats 10 --out scoring --version $(MODEL_VERSION)
	$(BIN)/python -m benchmarks.held_out --shared $(SHARED) --model scoring

# The outlet-level evaluation of the shipped model, cross-validated on allsides-dev (with the
# TF-IDF reference on the same folds) and on the held-out buzzfeed-webis outlets.
eval-outlets: $(STAMP)
	$(BIN)/reliability eval outlets $(SHARED)/allsides-dev/outlets.csv \
	  $(SHARED)/allsides-dev/articles --cross-validate --repeats 10
	$(BIN)/reliability eval outlets $(SHARED)/buzzfeed-webis/outlets.csv \
	  $(SHARED)/buzzfeed-webis/articles

# The shipped model on each labelled dataset, and the model cross-validated on each of the two
# larger ones alone (the extraction benchmark's 10 unreliable articles are too few to fit on).
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
