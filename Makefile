# The documented commands. Each target says what it does before doing it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): 0, the default, runs the suite in this process;
# `auto` as many as the machine has cores. `--dist load` hands out tests in
# pytest-django's order, so each process runs those that empty its database
# (transactional ones) after the others; by file (loadfile) it would not. One
# process by default: under two on two cores, the portal form's browser test
# lost a typed value about one run in six (README, Tests).
TEST_WORKERS ?= 0

.PHONY: help run test e2e lint bench bench-load messages messages-update world-map prod-local prod-local-stop

help:
	@echo "make run   - set up, migrate, load demo data and serve http://127.0.0.1:$(PORT)/ (SQLite)"
	@echo "make test  - install test tools and run the whole suite (DATABASE_URL picks the database)"
	@echo "make e2e   - only the browser tests (Chromium + axe-core)"
	@echo "make lint  - ruff, Django's system checks and the migrations check"
	@echo "make world-map - project Natural Earth's boundaries (npm world-atlas) into compendium/data/world_map.json, the paths the world map draws"
	@echo "make prod-local      - production on this machine: two gunicorn app servers (8001, 8002), the worker and Varnish on http://127.0.0.1:6081/, PostgreSQL (compendium_prod_local) and Redis"
	@echo "make prod-local-stop - stop what make prod-local started"
	@echo "make bench - benchmarks: entry save with versioning vs without (target <= 1.5x); review queue over 10,000 entries (target: median < 100 ms); public site at 10,000 and 100,000 entries: release, search, pages (BENCH_PUBLIC_SIZES=10000 for the smaller only); spreadsheet import of 10,000 and 100,000 rows; the PDF of an edition of about 500 pages beside WeasyPrint on a lorem document of as many pages (<= 40 ms/page, 500 pages < 25 s, < 500 MB); staff export of 100,000 entries (BENCH_EXPORT_SIZE=10000 for a quick run): CSV and JSON at least 20,000 rows/s, flat memory; and make bench-load"
	@echo "make bench-load - load on a prod-local copy of its own at 10,000 entries (PostgreSQL, Redis, Varnish): 200 public clients for 60 s through Varnish, 20 contributors saving, 5 reviewers commenting; 0 errors, 0 lost saves, p50/p95/p99 and requests/s per kind beside a static file through Varnish and from the app servers (BENCH_LOAD_SECONDS, BENCH_LOAD_CLIENTS for a quick run)"

$(BIN)/python:
	@echo "==> Creating the virtual environment in $(VENV)"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	@echo "==> Installing the application's dependencies"
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "==> Installing the test and development tools"
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

# axe-core for the browser tests; without npm they are skipped with a message.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "==> Installing axe-core for the browser tests"; \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "==> npm not found: browser tests will be skipped"; \
	fi

# The interface's translations: gettext catalogues (locale/*/LC_MESSAGES/django.po)
# compiled to the .mo files Django reads; the compiled files are not committed.
messages: $(VENV)/.runtime
	@echo "==> Compiling the translations in locale/ (needs gettext's msgfmt)"
	$(BIN)/python manage.py compilemessages --ignore='.venv' --ignore='node_modules' -v0

# After adding or changing interface strings: gather them into every catalogue,
# then translate the new messages (tests/test_translations.py checks).
messages-update: $(VENV)/.runtime
	$(BIN)/python manage.py makemessages --all --add-location=file --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' -v0

# The world map's country shapes, projected once from Natural Earth (npm
# world-atlas) and committed: only after updating world-atlas.
world-map: $(VENV)/.runtime node_modules/.installed
	@echo "==> Projecting Natural Earth's boundaries into compendium/data/world_map.json"
	$(BIN)/python manage.py build_world_map

# Links made outside a request (e-mails, the PDF) use the address served here,
# unless SITE_URL says otherwise.
run: export SITE_URL := $(or $(SITE_URL),http://127.0.0.1:$(PORT))
run: $(VENV)/.runtime messages
	@echo "==> Migrating the SQLite database (db.sqlite3)"
	$(BIN)/python manage.py migrate --no-input
	@echo "==> Loading the demo data (links in e-mails and PDFs: $(SITE_URL))"
	$(BIN)/python manage.py seed_demo
	@echo "==> Making the PDF of every released edition that has none (needs Pango; see README)"
	-$(BIN)/python manage.py render_edition_pdf --missing
	@echo "==> Serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev node_modules/.installed messages
	@echo "==> Running the test suite on $${DATABASE_URL:-SQLite}, $(TEST_WORKERS) workers"
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

e2e: $(VENV)/.dev node_modules/.installed messages
	@echo "==> Running the browser tests; screenshots go to tests/e2e/screenshots/"
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: $(VENV)/.dev
	@echo "==> ruff"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "==> Django system checks and migrations"
	DJANGO_SETTINGS_MODULE=compendium.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=compendium.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Benchmarks are not tests: `make test` never collects tests/benchmarks/bench_*.py.
bench: $(VENV)/.dev
	@echo "==> Benchmarking on $${DATABASE_URL:-SQLite}: an entry save with versioning against the same save without (target: ratio of medians <= 1.5); the review queue over 10,000 synthetic entries, each filter beside a bare admin page (target: median < 100 ms); the public site at $${BENCH_PUBLIC_SIZES:-10000,100000} entries: release (< 30 s at 10,000), search beside the raw full-text query (p95 <= 50 ms at 10,000, 150 ms at 100,000, <= 3x raw), pages beside the About page (<= 8 queries, as fast) and cached pages beside a static file (>= 0.7x); the browse page made anew with browse_html beside plain templates (templates slower by >= 20% keeps browse_html); importing 10,000 rows beside a raw bulk_create (>= 5,000 rows/s, >= 0.3x, <= 0.05 queries/row) and 100,000 rows (< 60 s, < 300 MB); the PDF of an edition of 500 entries (about 520 pages) beside a lorem document of as many pages (target: <= 40 ms per page, 500 pages in < 25 s, child's peak < 500 MB); the staff export at $${BENCH_EXPORT_SIZE:-100000} entries beside a raw values_list read (CSV and JSON >= 20,000 rows/s, memory flat); then the load on a prod-local copy (make bench-load)"
	$(BIN)/pytest tests/benchmarks/bench_entry_versioning.py tests/benchmarks/bench_review_queue.py tests/benchmarks/bench_public.py tests/benchmarks/bench_browse_html.py tests/benchmarks/bench_import.py tests/benchmarks/bench_pdf.py tests/benchmarks/bench_export.py -o python_files='bench_*.py' -p no:cacheprovider --tb=short $(PYTEST_ARGS)
	$(MAKE) bench-load

# Load on the production stack: a prod-local copy of its own (ports of its own,
# the database compendium_bench_load, kept between runs), whatever DATABASE_URL
# says. Results in var/bench-load/.
bench-load: $(VENV)/.dev messages
	@echo "==> Load through Varnish on a prod-local copy at $${BENCH_LOAD_ENTRIES:-10000} entries (seeded on the first run, about 2 minutes): $${BENCH_LOAD_CLIENTS:-200} public clients for $${BENCH_LOAD_SECONDS:-60} s (cached pages, distinct searches, downloads, API), 20 contributors saving, 5 reviewers commenting; target: 0 errors, 0 lost saves; p50/p95/p99 and requests/s per kind beside a static file through the same Varnish and from the same app servers"
	$(BIN)/pytest tests/benchmarks/bench_load.py -o python_files='bench_*.py' -p no:cacheprovider --tb=short $(PYTEST_ARGS)

# Production as it runs, on this machine (deploy/prod-local.sh): logs and pids in
# var/prod-local/.
prod-local: $(VENV)/.runtime messages
	@echo "==> Starting two app servers, the worker and Varnish with the production settings"
	deploy/prod-local.sh start

prod-local-stop:
	@echo "==> Stopping what make prod-local started"
	deploy/prod-local.sh stop
