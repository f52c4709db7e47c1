#!/usr/bin/env bash
# schemathesis against the served OpenAPI document, every operation, with a
# key that holds every scope, for FUZZ_SECONDS (default 300): it fails on a
# server error, a status or content type the document does not list, or a
# body that breaks its schema.
set -euo pipefail
source "$(dirname "$0")/api-server.sh"
# end2end/api/fuzz_hooks.py teaches it NDJSON (the decision stream).
# One worker: with two, hypothesis's threads parse lambdas' source at once,
# and CPython 3.11's AST builder is not safe for that ("AST constructor
# recursion depth mismatch", a SystemError that failed a CI run with every
# case passing).
PYTHONPATH="$root/end2end/api" SCHEMATHESIS_HOOKS=fuzz_hooks \
  "$root/.tools/py/bin/schemathesis" run "$BASE/api/v1/openapi.json" \
  --url "$BASE/api/v1" \
  --header "Authorization: Bearer $KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-time "${FUZZ_SECONDS:-300}" \
  --workers 1 \
  --report junit --report-dir "$root/target/fuzz"
