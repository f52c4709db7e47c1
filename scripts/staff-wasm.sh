#!/bin/sh
# Builds the staff pages' wasm and JS into target/site/pkg as
# reachguard-staff.{js,wasm}, beside the borrowers' reachguard.{js,wasm} that
# cargo-leptos builds. cargo-leptos builds one bundle a project; a second
# project would rebuild the server for each, so this does cargo-leptos's
# front steps (cargo, wasm-bindgen, and wasm-opt for release) for the second
# bundle, in a target folder of its own.
#
#   scripts/staff-wasm.sh           debug, as `cargo leptos build`
#   scripts/staff-wasm.sh release   as `cargo leptos build --release`
set -eu
cd "$(dirname "$0")/.."
mode=${1:-debug}
target=target/front-staff
if [ "$mode" = release ]; then
  cargo build -p reachguard-frontend-staff --lib --target wasm32-unknown-unknown \
    --target-dir "$target" --no-default-features --profile wasm-release
  built="$target/wasm32-unknown-unknown/wasm-release/reachguard_frontend_staff.wasm"
else
  cargo build -p reachguard-frontend-staff --lib --target wasm32-unknown-unknown \
    --target-dir "$target" --no-default-features
  built="$target/wasm32-unknown-unknown/debug/reachguard_frontend_staff.wasm"
fi
mkdir -p target/site/pkg
wasm-bindgen --target=web --no-typescript --out-name=reachguard-staff --out-dir=target/site/pkg "$built"
mv target/site/pkg/reachguard-staff_bg.wasm target/site/pkg/reachguard-staff.wasm
if [ "$mode" = release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    target/site/pkg/reachguard-staff.wasm -o target/site/pkg/reachguard-staff.wasm
fi
echo "built target/site/pkg/reachguard-staff.{js,wasm} ($mode)"
