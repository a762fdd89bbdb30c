#!/usr/bin/env bash
# Stops the node that start.sh started (`make elasticsearch-stop`): SIGTERM, then SIGKILL after 60 s.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PIDFILE=$ROOT/var/elasticsearch/elasticsearch.pid

if [ ! -f "$PIDFILE" ] || ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "Elasticsearch is not running."
  rm -f "$PIDFILE"
  exit 0
fi
pid=$(cat "$PIDFILE")
kill -TERM "$pid"
for _ in $(seq 1 60); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PIDFILE"
    echo "Elasticsearch (pid $pid) stopped."
    exit 0
  fi
  sleep 1
done
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
echo "Elasticsearch (pid $pid) did not stop within 60 s and was killed."
