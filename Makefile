# Two commands for a fresh machine:
#   make serve   start the service on the seeded data (installs what it needs)
#   make test    run the whole test suite against a throw-away Neo4j
# Everything else here is what those two call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
WEB    := web

.PHONY: serve test install install-test assets browser lint bench bench-peer bench-algorithms clean

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

# The service at each scale (seeds, 10k, 100k organizations) and the peer side by side:
# prints a table per scale and writes bench/results/DATE.json. Takes about half an hour.
APOC_VERSION := 5.26.19
APOC := $(HOME)/.cache/referral-graph/apoc/$(APOC_VERSION)
PEER := bench/peer/node_modules/.installed

bench: install bench-peer
	REFERRAL_GRAPH_NEO4J_PLUGINS=$(APOC) $(PY) bench/scale.py

# The peer: @neo4j/graphql on @apollo/server from npm, and the APOC core plugin it calls.
bench-peer: $(PEER) $(APOC)/.complete

$(PEER): bench/peer/package.json bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(APOC)/.complete: bench/peer/pom.xml
	mvn -B -q -f bench/peer/pom.xml dependency:copy-dependencies -DoutputDirectory=$(APOC) \
	  -DincludeScope=runtime -Dapoc.version=$(APOC_VERSION)
	touch $@

# The algorithms alone, on in-memory synthetic networks.
bench-algorithms: install
	$(PY) bench/referral.py
	$(PY) bench/gaps.py

clean:
	rm -rf $(VENV) $(WEB)/node_modules referral_graph/web/static/vendor .pytest_cache
