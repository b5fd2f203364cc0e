#!/bin/sh
# Starts the local PostgreSQL cluster Debian's `postgresql` package installed and makes sure the
# role and database the store tests use exist (idempotent). Run as root or as a sudoer.
# Prints the URL to export as WEFT_TEST_POSTGRES_URL:
#   export WEFT_TEST_POSTGRES_URL=$(sh scripts/start-postgres.sh)
# Role `weft` (password `weft`, CREATEDB: each test creates and drops its own database), database `weft`.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
role=weft
password=weft
database=weft

# The newest installed server version and its first cluster (created when there is none).
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
[ -n "$version" ] || { echo "start-postgres: no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')
if [ -z "$cluster" ]; then
  cluster=main
  $SUDO pg_createcluster "$version" "$cluster" >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')

if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }' | grep -q online; then
  $SUDO pg_ctlcluster "$version" "$cluster" start >&2
fi
tries=0
until pg_isready -q -h 127.0.0.1 -p "$port"; do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "start-postgres: server on port $port is not ready after 30 s" >&2; exit 1; }
  sleep 1
done

as_postgres() { $SUDO runuser -u postgres -- "$@"; }
psql_admin() { as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" >&2
else
  psql_admin -c "ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  as_postgres createdb -p "$port" -O "$role" "$database" >&2
fi
echo "postgres://$role:$password@127.0.0.1:$port/$database"
