#!/usr/bin/env bash
# The layers as the README draws them, checked: the decision rules (domain)
# do no I/O, and the pages (app) reach the database only through the use
# cases (core): app has no storage dependency and calls no storage method.
# They may hand a use case the services' database handle; they never ask
# it anything themselves. Run by `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0

if grep -q 'reachguard-storage' app/Cargo.toml; then
  echo "app/Cargo.toml names reachguard-storage: the pages go through reachguard-core" >&2
  failed=1
fi

# `db.method(` and `.db` chains as rustfmt writes them, over line breaks.
if ! perl -0777 -ne '
    while (/\bdb\s*\.\s*([a-z_][a-z0-9_]*)\s*\(/g) {
      my ($method, $at) = ($1, pos($_));
      my $line = 1 + (() = substr($_, 0, $at) =~ /\n/g);
      print STDERR "$ARGV:$line: a storage call (db.$method) in the pages: add a use case to core\n";
      $found = 1;
    }
    END { exit($found ? 1 : 0) }' $(find app/src -name '*.rs'); then
  failed=1
fi

for io in tokio sqlx axum; do
  if cargo tree -q -p reachguard-domain -e normal --prefix none | grep -q "^$io v"; then
    echo "reachguard-domain depends on $io: the decision rules do no I/O" >&2
    failed=1
  fi
done

exit "$failed"
