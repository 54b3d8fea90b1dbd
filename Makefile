# Two commands for a fresh machine:
#   make serve   start the service on the seeded data (installs what it needs)
#   make test    run the whole test suite against a throw-away Neo4j
# Everything else here is what those two call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
WEB    := web

LOCK   := requirements.lock
UV     := uv==0.13.8

.PHONY: serve test install install-test assets audits browser lint typecheck snapshots lock bench bench-peer bench-algorithms clean

serve: install assets
	$(VENV)/bin/referral-graph serve

test: install-test assets browser audits
	$(VENV)/bin/ruff check referral_graph tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -p randomly

# Python packages come from the lock file, each checked against its hash; then the package
# itself without dependencies. `pip check` fails when pyproject.toml asks for something the
# lock lacks (a dependency added without `make lock`).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "$(LOCK) does not match pyproject.toml: run 'make lock' and commit $(LOCK)"; exit 1; }
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

# The graphql-http project's GraphQL over HTTP audits, run by tests/http/ against the service.
AUDITS := tests/http/node_modules/.installed
audits: $(AUDITS)

$(AUDITS): tests/http/package.json tests/http/package-lock.json
	cd tests/http && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests; no browser is downloaded by a test tool.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null; }

lint: install-test
	$(VENV)/bin/ruff check referral_graph tests bench

typecheck: install-test
	$(VENV)/bin/mypy

# After an intended change of a README query's answer: store the new answers, then commit
# tests/snapshots/readme/ (the snapshot test says when to).
snapshots: install-test
	REFERRAL_GRAPH_BLESS=1 $(PY) -m pytest tests/snapshots -q

# After adding or changing a dependency in pyproject.toml: `make lock`, then commit
# requirements.lock with it. The lock holds exact versions and hashes for every platform
# (runtime and test dependencies); nothing else needs editing.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(UV)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command "make lock" --quiet -o $(LOCK)

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
