# Two commands for a fresh machine:
#   make serve   start the service on the seeded data (installs what it needs)
#   make test    run the whole test suite against a throw-away Neo4j
# Everything else here is what those two call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
WEB    := web

.PHONY: serve test install install-test assets browser lint bench clean

serve: install assets
	$(VENV)/bin/referral-graph serve

test: install-test assets browser
	$(VENV)/bin/ruff check referral_graph tests bench
	$(PY) -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet -e '.[test]'
	$(VENV)/bin/referral-graph neo4j install
	touch $(STAMP)

install: $(STAMP)

install-test: $(STAMP)

# Front-end packages come from the npm registry at setup and are bundled into the Python
# package's static folder: nothing is loaded from a CDN at run time.
VENDOR := referral_graph/web/static/vendor/.built
assets: $(VENDOR)

$(VENDOR): $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs $(wildcard $(WEB)/src/*)
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	cd $(WEB) && node build.mjs
	touch $@

# Debian's Chromium drives the browser tests; no browser is downloaded by a test tool.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null; }

lint: install-test
	$(VENV)/bin/ruff check referral_graph tests bench

bench: install
	$(PY) bench/referral.py
	$(PY) bench/gaps.py
	$(PY) bench/api.py

clean:
	rm -rf $(VENV) $(WEB)/node_modules referral_graph/web/static/vendor .pytest_cache
