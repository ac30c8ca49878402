#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (when it is installed and not running), makes the test role
# and database, and prints the address for TMV_TEST_POSTGRES. Needs root (as in CI and a fresh
# Debian machine set up by scripts/setup.sh); prints nothing when PostgreSQL is not there.
# Usage: eval "$(bash scripts/postgres-for-tests.sh start)"; ...; bash scripts/postgres-for-tests.sh stop
set -euo pipefail
action=${1:-start}
command -v pg_lsclusters >/dev/null || exit 0
[ "$(id -u)" -eq 0 ] || exit 0
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
[ -n "$cluster" ] || exit 0
# shellcheck disable=SC2086
set -- $cluster
version=$1 name=$2
if [ "$action" = stop ]; then
  if [ -f /tmp/tmv-postgres-started-by-tests ]; then
    pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    rm -f /tmp/tmv-postgres-started-by-tests
  fi
  exit 0
fi
if ! pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
  pg_ctlcluster "$version" "$name" start >&2
  touch /tmp/tmv-postgres-started-by-tests
fi
port=$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'tmv'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE ROLE tmv LOGIN PASSWORD 'tmv'\"" >&2
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname = 'tmv_test'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c 'CREATE DATABASE tmv_test OWNER tmv'" >&2
echo "export TMV_TEST_POSTGRES=postgres://tmv:tmv@127.0.0.1:$port/tmv_test"
