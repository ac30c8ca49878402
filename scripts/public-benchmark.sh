#!/usr/bin/env bash
# Throughput of the public directory: wrk on loopback against a release-built `tmv serve` on a
# fresh embedded database (the sample municipality), 2 threads and 50 connections for 20 s per
# address, after a warm-up. Prints wrk's figures (requests per second, latency percentiles).
#   bash scripts/public-benchmark.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
command -v wrk > /dev/null || { echo "public-benchmark.sh: install Debian's wrk (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product tmv-web > /dev/null
data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.build/release/tmv-web serve --data "$data" --port "$port" --show-fictional > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/" > /dev/null && break
  sleep 0.2
done
head -1 "$data/serve.log"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)"
for path in /sv/kommun/0000 /ar/kommun/0000 /sv/ /api/v1/helplines; do
  url="http://127.0.0.1:$port$path"
  bytes=$(curl -s "$url" | wc -c)
  wrk -t2 -c50 -d3s "$url" > /dev/null
  echo
  echo "== $path ($bytes bytes)"
  wrk -t2 -c50 -d"${seconds}s" --latency "$url" | grep -E "Requests/sec|Latency  |50%|90%|99%|requests in|Non-2xx|Socket errors"
done
echo
echo "server memory (RSS): $(ps -o rss= -p $server | awk '{printf "%.0f MB", $1/1024}')"
