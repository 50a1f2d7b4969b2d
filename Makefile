# labctl developer entry points. `make test` is what CI runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LAB    ?= phase1
PYTEST_ARGS ?=

.PHONY: setup engine compose-v2 base-image browser test test-variants unit integration lint demo bench schema clean

$(BIN)/labctl: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/labctl ## venv + editable install with dev deps

engine: ## start a Docker engine if none answers (installs one as root on Debian)
	bash src/labctl/resources/ensure-docker.sh

compose-v2: ## Compose v2 as a Docker CLI plugin if missing (Debian trixie's package, checksum-pinned)
	bash src/labctl/resources/ensure-compose-v2.sh

base-image: setup engine ## the offline debian:bookworm-slim base every lab image derives from
	$(BIN)/labctl images bootstrap

browser: ## Debian's chromium for the browser tests of `labctl serve` (driven by Playwright; nothing downloaded)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "install chromium (Debian: apt-get install chromium) for tests/web" >&2; exit 1; fi; }

test: setup engine compose-v2 base-image browser lint ## everything CI runs
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

test-variants: setup engine compose-v2 base-image ## every lab proven with ALL its variants (`make test` runs a 2-round sample; over an hour on 2 cores)
	LABCTL_TEST_VARIANTS=all $(BIN)/pytest -p no:cacheprovider tests/labs $(PYTEST_ARGS)

unit: setup ## unit tests only (no Docker)
	$(BIN)/pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

integration: setup engine compose-v2 base-image
	$(BIN)/pytest -p no:cacheprovider tests/integration $(PYTEST_ARGS)

lint: setup ## ruff + mypy (strict on src/)
	$(BIN)/ruff check src tests bench labs
	$(BIN)/mypy

demo: setup engine compose-v2 base-image ## the README's main job: provision and grade a lab
	$(BIN)/labctl up $(LAB)
	$(BIN)/labctl grade $(LAB) || true
	@echo
	@echo "Next: $(BIN)/labctl show $(LAB)   # tasks"
	@echo "      $(BIN)/labctl shell $(LAB)  # get in and work"
	@echo "      $(BIN)/labctl grade $(LAB)  # check your work"
	@echo "      $(BIN)/labctl down $(LAB)   # remove everything"

schema: setup ## regenerate the committed JSON schemas (lab.yaml, roadmap files)
	$(BIN)/labctl schema --out docs/lab.schema.json
	$(BIN)/labctl roadmap schema --out docs/roadmap.schema.json

bench: setup engine compose-v2 base-image
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
