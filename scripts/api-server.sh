# Sourced by the API scripts: starts target/debug/reachguard on a fresh
# SQLite file at a free port with a key that holds every scope, and stops
# it on exit. Sets BASE (the server's address) and KEY.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${REACHGUARD_BIN:-$root/target/debug/reachguard}"
work="$(mktemp -d)"
url="sqlite://$work/reachguard.db"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$port"
KEY="$("$bin" api-key create --name api-check \
  --scopes decisions,contacts.write,customers.write,preferences.read,preferences.write,changes.read,dnc.write,inbound.write,links.write,protection.write \
  --database-url "$url" | tail -n 1)"
# No rate limits: the tools are one client at hundreds a second.
REACHGUARD_LOG=warn REACHGUARD_SECRET_KEY_FILE="$work/reachguard.key" "$bin" serve --addr "127.0.0.1:$port" --database-url "$url" \
  --rate-limit-per-key 0 --rate-limit-per-address 0 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$BASE/healthz" >/dev/null
export BASE KEY work
