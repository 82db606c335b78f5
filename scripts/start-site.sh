#!/usr/bin/env bash
# A whole Hotline site on one machine (docs/scale-out.md): a standalone Twilio sandbox, N server
# processes sharing one MariaDB and one Redis, and nginx in front (deploy/nginx/hotline.conf).
#   N=3 DATABASE_URL=mariadb://root@127.0.0.1:3306/hotline REDIS_URL=redis://127.0.0.1:6379 scripts/start-site.sh
# MariaDB and Redis must be up (the database must exist). Ctrl-C stops everything it started.
# N is 1–3 (the nginx configuration lists ports 3001–3003; add lines there for more).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3}
SITE_URL=${SITE_URL:-http://127.0.0.1:8080}
SANDBOX_PORT=${SANDBOX_PORT:-3100}
: "${DATABASE_URL:?set DATABASE_URL (several processes need MySQL/MariaDB, not SQLite)}"
: "${REDIS_URL:?set REDIS_URL}"
command -v nginx >/dev/null || { echo "start-site: nginx is not installed (apt-get install nginx-light)" >&2; exit 1; }

[ -f dist/src/main.js ] && [ -f dist/scripts/sandbox-server.js ] || { npx nest build && node web/build.mjs; }

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop EXIT INT TERM

SANDBOX_PORT=$SANDBOX_PORT SITE_URL=$SITE_URL node dist/scripts/sandbox-server.js &
pids+=($!)

start_process() { # port
  PORT=$1 HOST=127.0.0.1 PUBLIC_BASE_URL=$SITE_URL TELEPHONY=sandbox TWILIO_SANDBOX_URL=http://127.0.0.1:$SANDBOX_PORT \
    DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL node dist/src/main.js &
  pids+=($!)
}
wait_ready() { # port
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "start-site: the process on port $1 did not become ready" >&2; return 1
}
# The first process migrates the database; the others start once it is ready.
start_process 3001
wait_ready 3001
for i in $(seq 2 "$N"); do start_process $((3000 + i)); done
for i in $(seq 2 "$N"); do wait_ready $((3000 + i)); done

mkdir -p deploy/nginx/tmp
nginx -p "$PWD/deploy/nginx" -c hotline.conf &
pids+=($!)
echo "start-site: $N processes behind $SITE_URL; /health of each names its routing role:"
for i in $(seq 1 "$N"); do echo "  :$((3000 + i)) $(curl -fs "http://127.0.0.1:$((3000 + i))/health")"; done
wait
