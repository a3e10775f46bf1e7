# Tandem: `make demo` runs the platform on SQLite with synthetic data;
# `make prodlike` runs it as production does, on one machine (ADR 0046);
# `make test` runs every test. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
FRONTEND := var/frontend

.PHONY: demo prodlike prodlike-packages test install lint typecheck check clean bench lock messages

demo: install
	$(PY) -m tandem.demo

# PostgreSQL on 127.0.0.1:5432 (database tandem_prodlike, created if missing),
# Redis on 127.0.0.1:6379, two app nodes behind nginx, two task workers,
# coturn and the fake Notify, with production settings; Ctrl-C stops it all.
prodlike: install prodlike-packages
	$(PY) -m tandem.demo.prodlike

# nginx (the reverse proxy) and coturn (the media relay) from Debian, as
# .ci/run installs them; both are run as this user with their own configuration.
prodlike-packages:
	@command -v nginx >/dev/null && command -v turnserver >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx coturn; }

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed $(FRONTEND)/.built

# Exactly what was tested: every package pinned, with its hashes, in
# requirements.lock (pip refuses anything else); then Tandem itself, whose own
# dependencies are already there.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# After changing dependencies in pyproject.toml: `make lock`, then `make install`.
lock: $(VENV)/.installed
	$(VENV)/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

# After marking or changing wording: gather the marked strings into the
# template, carry them into each language's catalogue (a changed string turns
# 'fuzzy' and reads English until a translator confirms it), then compile the
# .mo files, which are committed (ADR 0061).
LOCALES = cy ar
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k gettext_lazy -k pgettext_lazy:1c,2 \
		-k ngettext_lazy:1,2 --sort-by-file --omit-header -o tandem/locale/django.pot .
	for l in $(LOCALES); do \
		$(VENV)/bin/pybabel update -D django -i tandem/locale/django.pot -d tandem/locale -l $$l \
			--ignore-obsolete || exit 1; \
	done
	$(VENV)/bin/pybabel compile -D django -d tandem/locale --statistics

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The NHS frontend's CSS refers to /assets/images/...; copy what the pages use
# so it is served from /assets/ alongside Tandem's own files.
# Pages load nothing from another origin (the Content-Security-Policy says
# font-src 'self'), but the CSS's @font-face rules fetch Frutiger from the NHS's
# font host, and the npm package does not ship the font files (they are
# licensed). So the rules are dropped here and the CSS's own font stack falls
# back to Arial; the build fails if the CSS still points anywhere else.
# (Makefile is a prerequisite so a change to this recipe rebuilds the files.)
$(FRONTEND)/.built: node_modules/.installed Makefile
	mkdir -p $(FRONTEND)/images var/static
	sed -E 's/@font-face\{[^}]*\}//g' $(NHSUK)/nhsuk-frontend.min.css > $(FRONTEND)/nhsuk-frontend.min.css
	! grep -Eq 'url\(.?(https?:)?//' $(FRONTEND)/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map $(FRONTEND)/
	cp -r $(NHSUK)/assets/images/. $(FRONTEND)/images/
	cp $(NHSUK)/assets/manifest.json $(FRONTEND)/
	cp node_modules/htmx.org/dist/htmx.min.js $(FRONTEND)/
	# Group video calls talk to Janus with its own client (ADR 0054).
	cp node_modules/janus-gateway/npm/src/janus.js node_modules/webrtc-adapter/out/adapter.js $(FRONTEND)/
	touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	TANDEM_TESTING=1 $(VENV)/bin/mypy tandem

check: lint typecheck test

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules var
