#!/bin/sh
# Builds what the browser downloads into target/site, as `cargo leptos build
# --release` would, with cargo, wasm-bindgen and wasm-opt alone: the
# cargo-leptos install took 16 of a new machine's first minutes, and its
# build compiled the server a second time in release for one size test.
#
#   target/site/pkg/reachguard.{js,wasm}        the borrowers' islands
#   target/site/pkg/reachguard-staff.{js,wasm}  the staff pages' islands
#   target/site/pkg/reachguard.css              style/main.css
#   target/site/*                               public/
#
# The wasm is always the size-optimised release build (the `wasm-release`
# profile, then wasm-opt): it is what a bank serves, what the size budget
# measures and what the browser tests drive, and it compiles in about the
# same time as a debug wasm here. The server is built by the Makefile, debug
# or release; either serves this site. `cargo leptos watch` still works for
# those who have cargo-leptos: it writes the same files.
set -eu
cd "$(dirname "$0")/.."
front=target/front
pkg=target/site/pkg
mkdir -p "$pkg"

# One target folder for both bundles: they share every dependency, and only
# the app crate is built twice (with and without the staff islands).
bundle() { # crate, output name
  cargo build -p "$1" --lib --target wasm32-unknown-unknown \
    --target-dir "$front" --no-default-features --profile wasm-release
  wasm-bindgen --target=web --no-typescript --out-name="$2" --out-dir="$pkg" \
    "$front/wasm32-unknown-unknown/wasm-release/$(echo "$1" | tr - _).wasm"
  # Leptos asks for <output name>.wasm (LEPTOS_OUTPUT_NAME is set at compile
  # time, in .cargo/config.toml), as cargo-leptos names it.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/$2_bg.wasm" -o "$pkg/$2.wasm"
  rm "$pkg/$2_bg.wasm"
}
bundle reachguard-frontend reachguard
bundle reachguard-frontend-staff reachguard-staff

cp style/main.css "$pkg/reachguard.css"
cp -R public/. target/site/
echo "built target/site: $(du -sh target/site | cut -f1)"
