#!/usr/bin/env bash
# The OpenAPI document as bank integrators use it: served by the real
# binary, validated by openapi-spec-validator, a Python client generated
# from it by openapi-python-client, and that client making a decision,
# recording an attempt and writing preferences with If-Match.
set -euo pipefail
source "$(dirname "$0")/api-server.sh"
py="$root/.tools/py/bin"
curl -fs "$BASE/api/v1/openapi.json" -o "$work/openapi.json"
"$py/openapi-spec-validator" "$work/openapi.json"
echo "API check passed: the served document is valid OpenAPI"
# (It skips PUT /national-dnc, whose body is text/csv, which it cannot
# generate; ruff, which it would format with, is not needed.)
"$py/openapi-python-client" generate --path "$work/openapi.json" \
  --output-path "$work/client" --meta none >/dev/null 2>&1 \
  || { echo "openapi-python-client could not generate a client" >&2; exit 1; }
PYTHONPATH="$work/client/.." REACHGUARD_BASE="$BASE/api/v1" REACHGUARD_KEY="$KEY" \
  CLIENT_PACKAGE="$(basename "$work/client")" "$py/python" "$root/end2end/api/client_test.py"
