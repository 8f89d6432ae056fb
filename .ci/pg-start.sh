#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests on 127.0.0.1 and prints its URL
# (postgresql://zkml:zkml@127.0.0.1:PORT/zkml) on stdout; everything else goes to stderr. Installs Debian's
# postgresql where it is missing. Exits non-zero, saying why, when it cannot: the PostgreSQL tests then skip.
# Use: if url=$(.ci/pg-start.sh); then export ZKML_TEST_PG_URL="$url"; fi
set -uo pipefail
say() { echo "pg-start: $*" >&2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  say "installing Debian's postgresql"
  { apt-get update && apt-get install -y --no-install-recommends postgresql; } >&2 || { say "cannot install postgresql"; exit 1; }
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
[ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] || { say "no initdb/pg_ctl found under /usr/lib/postgresql"; exit 1; }

# postgres refuses to run as root: run it as the postgres user then
as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { say "running as root and there is no postgres user"; exit 1; }
  as=(runuser -u postgres --)
fi

port=""
for p in $(seq 55432 55532); do
  if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { say "no free port in 55432..55532"; exit 1; }

dir=$(mktemp -d /tmp/zkml-pg.XXXXXX)
chmod 755 "$dir"
[ ${#as[@]} -eq 0 ] || chown postgres "$dir"
"${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { say "initdb failed:"; tail -5 "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start </dev/null >/dev/null 2>&1 \
  || { say "the server did not start:"; tail -5 "$dir/server.log" >&2; exit 1; }
psql=("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
"${psql[@]}" -c "CREATE USER zkml PASSWORD 'zkml'" -c "CREATE DATABASE zkml OWNER zkml" postgres >&2 \
  || { say "cannot create the zkml user and database"; exit 1; }
say "PostgreSQL running on 127.0.0.1:$port (cluster in $dir; stop: ${as[*]} $bindir/pg_ctl -D $dir/data stop)"
echo "postgresql://zkml:zkml@127.0.0.1:$port/zkml"
