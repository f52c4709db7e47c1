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

# 0.3.11 needs a newer rustc than this machine's.
CARGO_LEPTOS_VERSION := 0.3.10
# cargo-leptos runs the wasm-bindgen on PATH, which must match Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
# wasm-opt for release builds, which cargo-leptos would otherwise download.
BINARYEN_VERSION := 132.0.0

CHROMIUM := /usr/bin/chromium

.PHONY: help run build test lint bench fuzz tools wasm-opt browser e2e-deps py-tools site clean

help:
	@echo "make run    build, load demo data and serve at http://127.0.0.1:3000 on ./reachguard.db"
	@echo "make test   install what the tests need, then unit, API (SQLite, PostgreSQL when"
	@echo "            REACHGUARD_TEST_POSTGRES_URL is set) and browser tests"
	@echo "make build  release build: target/release/reachguard and target/site"
	@echo "make lint   rustfmt check and clippy with -D warnings"
	@echo "make bench  seed 100,000 customers (SCALE=1000000: a million) and measure the release server"
	@echo "make fuzz   schemathesis against the API for FUZZ_SECONDS (default 300)"

## The build tools ----------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@if [ "$$("$(CARGO_BIN)/cargo-leptos" --version 2>/dev/null)" != "cargo-leptos $(CARGO_LEPTOS_VERSION)" ]; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 16 minutes on 2 cores)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; \
	fi
	@# --locked fails for wasm-bindgen-cli here on a yanked dependency.
	@if [ "$$("$(CARGO_BIN)/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) to match Cargo.lock"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

wasm-opt:
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

# The server (debug) and the hydrating wasm, JS and CSS under target/site.
site: tools
	cargo leptos build
	scripts/staff-wasm.sh

# Demo data goes into a new ./reachguard.db only (the demo refuses a
# database with customers); later runs serve what it holds. Delete the file
# to start again: the staff passwords are printed at the first run only.
run: site
	@if [ ! -e reachguard.db ]; then ./target/debug/reachguard demo; fi
	./target/debug/reachguard serve

build: tools wasm-opt
	cargo leptos build --release
	scripts/staff-wasm.sh release
	@echo "built target/release/reachguard; run it from here to serve target/site"

## Checks ---------------------------------------------------------------------

# The release build comes first, for the one test that measures what a phone
# downloads; then the debug build that every other test runs against (both
# write target/site, so the order matters).
test: tools wasm-opt e2e-deps py-tools
	cargo leptos build --release
	cd end2end && REACHGUARD_RELEASE_BIN="$(CURDIR)/target/release/reachguard" npm run test:size
	cargo leptos build
	scripts/staff-wasm.sh
	cargo test
	scripts/api-check.sh
	cd end2end && npm test

# schemathesis against the debug server's API document, every operation.
FUZZ_SECONDS ?= 300
fuzz: site py-tools
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

lint: tools
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p reachguard-bench --all-targets -- -D warnings
	cargo clippy -p reachguard-frontend --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p reachguard-frontend-staff --target wasm32-unknown-unknown -- -D warnings

# Seeds 100,000 customers and 1,000,000 attempts, starts the release server
# and prints the figures (also in target/bench/results.md).
bench: build
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
	  else echo "make bench needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }
	cargo run --release -p reachguard-bench -- target/release/reachguard

clean:
	cargo clean
	rm -rf "$(TOOLS_DIR)" end2end/node_modules
