# Reachguard's two commands are `make run` and `make test`; everything they
# need is installed here, so that a fresh clone on a fresh machine works.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Tools go where cargo puts them, which may be an empty CARGO_HOME; they are
# looked for there only, so that nothing installed elsewhere by hand is used.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TOOLS_DIR := $(CURDIR)/.tools
export PATH := $(CARGO_BIN):$(TOOLS_DIR)/node_modules/.bin:$(PATH)

# The site is built by scripts/site.sh with cargo, wasm-bindgen and wasm-opt
# alone; cargo-leptos (16 minutes to install) is not needed, though
# `cargo leptos watch` works for those who have it.
# wasm-bindgen must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
# wasm-opt, which cargo-leptos would download, from npm.
BINARYEN_VERSION := 132.0.0

# Each step of `make test` is timed into a table printed at its end.
STEP := scripts/step

CHROMIUM := /usr/bin/chromium

.PHONY: help run build test lint bench fuzz tools browser e2e-deps py-tools site server clean

help:
	@echo "make run    build, load demo data and serve at http://127.0.0.1:3000 on ./reachguard.db"
	@echo "make test   install what the tests need, then unit, API (SQLite, PostgreSQL when"
	@echo "            REACHGUARD_TEST_POSTGRES_URL is set) and browser tests, and a table of times"
	@echo "make build  release build: target/release/reachguard and target/site"
	@echo "make lint   rustfmt check, the layers (scripts/layers.sh) and clippy with -D warnings"
	@echo "make bench  seed 100,000 customers (SCALE=1000000: a million) and measure the release server"
	@echo "make fuzz   schemathesis against the API for FUZZ_SECONDS (default 300)"

## The build tools ----------------------------------------------------------

# The wasm target, wasm-bindgen (about 2.5 minutes to install) and wasm-opt.
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@# --locked fails for wasm-bindgen-cli here on a yanked dependency.
	@if [ "$$("$(CARGO_BIN)/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) to match Cargo.lock"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi
	@if [ "$$(wasm-opt --version 2>/dev/null | awk '{print $$3}')" != "$(firstword $(subst ., ,$(BINARYEN_VERSION)))" ]; then \
	  echo "installing wasm-opt (npm binaryen@$(BINARYEN_VERSION)) into .tools"; \
	  npm install --prefix "$(TOOLS_DIR)" --no-save --no-audit --no-fund binaryen@$(BINARYEN_VERSION); \
	fi

# Chromium for the browser tests, and CJK fonts so that screenshots of the
# Chinese pages show characters rather than boxes.
browser:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM) and CJK fonts: sudo apt-get install chromium fonts-noto-cjk" >&2; \
	    exit 1; \
	  fi; \
	fi

e2e-deps: browser
	@command -v npm >/dev/null || { echo "The browser tests need Node.js and npm: apt-get install nodejs npm" >&2; exit 1; }
	@if [ ! -d end2end/node_modules/playwright-core ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then \
	  cd end2end && npm ci --no-audit --no-fund; \
	fi

# The OpenAPI checks' Python tools (pinned in end2end/api/requirements.txt)
# in a virtual environment under .tools.
PY_TOOLS := $(TOOLS_DIR)/py
py-tools:
	@if [ ! -f "$(PY_TOOLS)/installed" ] || [ end2end/api/requirements.txt -nt "$(PY_TOOLS)/installed" ]; then \
	  echo "installing openapi-spec-validator, openapi-python-client and schemathesis into .tools/py"; \
	  python3 -m venv "$(PY_TOOLS)" && "$(PY_TOOLS)/bin/pip" install -q -r end2end/api/requirements.txt \
	  && touch "$(PY_TOOLS)/installed"; \
	fi

## Build and run -------------------------------------------------------------

# The wasm, JS, CSS and assets under target/site (release wasm, always).
site: tools
	scripts/site.sh

# The server, debug: quick to build; it serves target/site.
server:
	cargo build -p reachguard-server

# Demo data goes into a new ./reachguard.db only (the demo refuses a
# database with customers); later runs serve what it holds. Delete the file
# to start again: the staff passwords are printed at the first run only.
run: site server
	@if [ ! -e reachguard.db ]; then ./target/debug/reachguard demo; fi
	./target/debug/reachguard serve

build: site
	cargo build --release -p reachguard-server
	@echo "built target/release/reachguard; run it from here to serve target/site"

## Checks ---------------------------------------------------------------------

# One compile of the workspace: `cargo test` builds the debug server binary
# (the integration tests run it) that the API and browser tests use too; the
# browser tests' size budget measures the release wasm that site.sh builds.
# Each step is timed; the table is printed at the end (and on a failure).
test:
	@if [ -z "$${REACHGUARD_STEPS:-}" ]; then rm -f target/steps.tsv; fi
	@$(STEP) "install: tools, browser, npm, Python" -- $(MAKE) --no-print-directory tools e2e-deps py-tools
	@$(STEP) "build: site (wasm, JS, CSS)" -- scripts/site.sh
	@$(STEP) "build: server and Rust tests" -- cargo test --no-run
	@$(STEP) --count rust "test: Rust (unit, storage, API)" -- cargo test
	@$(STEP) --count api "test: API document and client" -- scripts/api-check.sh
	@$(STEP) --count browser "test: browser" -- bash -c 'cd end2end && npm test'
	@$(STEP) --table

# schemathesis against the debug server's API document, every operation.
FUZZ_SECONDS ?= 300
fuzz: server py-tools
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

lint: tools
	cargo fmt --all -- --check
	scripts/layers.sh
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p reachguard-bench --all-targets -- -D warnings
	cargo clippy -p reachguard-frontend --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p reachguard-frontend-staff --target wasm32-unknown-unknown -- -D warnings

# Seeds 100,000 customers and 1,000,000 attempts, starts the release server
# and prints the figures (also in target/bench/results.md).
bench: build e2e-deps
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
	  else echo "make bench needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }
	cargo run --release -p reachguard-bench -- target/release/reachguard

clean:
	cargo clean
	rm -rf "$(TOOLS_DIR)" end2end/node_modules
