# The README's commands. Each creates .venv and installs what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz crash check bench clean schema

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/workbench demo

# The fuzz, crash-injection and concurrency tests run in `test` at their small default sizes;
# `fuzz` and `crash` run theirs at length. One worker per core (pytest-xdist); a test file stays
# on one worker so that its module-scoped fixtures are built once.
test: $(STAMP)
	$(BIN)/pytest -q -n auto --dist loadfile

fuzz: $(STAMP)
	WORKBENCH_FUZZ_EXAMPLES=3000 $(BIN)/pytest -q tests/test_fuzz_importers.py tests/test_codebook_yaml_writer.py tests/test_bounded_inputs.py

crash: $(STAMP)
	WORKBENCH_CRASH_RUNS=200 WORKBENCH_CONCURRENCY_CODINGS=250 \
	  $(BIN)/pytest -q tests/test_crash_injection.py tests/test_concurrency.py

check: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks scripts
	$(BIN)/ruff format --check workbench tests benchmarks scripts
	$(BIN)/mypy workbench
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks

schema: $(STAMP)
	$(BIN)/python -m workbench.store.schema_sql > schema/schema.sql

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
