# shellcheck shell=bash
# Throwaway PostgreSQL server for the test suite. Meant to be *sourced* (also under `set -euo pipefail`):
#
#     source .ci/postgres.sh        # installs PostgreSQL if needed, starts a private server
#     trap ri_pg_stop EXIT          # stops it and deletes its temporary directory
#
# Afterwards RANDOM_INSPECTION_PG_URL is exported, e.g.
#     postgresql+psycopg://ri_pg@127.0.0.1:55432/random_inspection_test
# (SQLAlchemy URL, psycopg 3 driver; drop "+psycopg" for psql/libpq).
#
# The server runs as an unprivileged system user (RI_PG_USER, default ri_pg, created if absent) because initdb
# refuses to run as root; its data directory lives in a fresh `mktemp -d` directory, it listens on 127.0.0.1 only
# (port RI_PG_PORT, default 55432, or any free port if that one is busy) and trusts every connection from
# 127.0.0.1 and from its own Unix socket (which is inside the temporary directory). fsync is off: the data is
# disposable. Every step that fails prints a message to stderr and makes the `source` fail (non-zero).
# The script does not change the caller's shell options.

_ri_pg_say() { printf 'postgres.sh: %s\n' "$*" >&2; }

# Newest /usr/lib/postgresql/<ver>/bin that has the server programs (Debian's layout; /usr/local/bin/pg_ctl, if
# any, is not trusted to match). Prints nothing and fails when there is none.
_ri_pg_find_bindir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      best="$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n 1)"
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

_ri_pg_apt_install() {
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
}

# A TCP port on 127.0.0.1 that nobody listens on: the preferred one if it is free, else one the kernel picks.
_ri_pg_free_port() {
  python3 - "$1" <<'PY'
import socket, sys

def try_bind(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the postmaster does
    try:
        s.bind(("127.0.0.1", port))
        return s.getsockname()[1]
    except OSError:
        return None
    finally:
        s.close()

port = try_bind(int(sys.argv[1])) or try_bind(0)
if not port:
    sys.exit("no free TCP port on 127.0.0.1")
print(port)
PY
}

# Run a command as the server's user, from a directory that user can read (initdb and postgres complain when the
# current directory is not accessible, e.g. /root/...).
_ri_pg_as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$RI_PG_TMP" && runuser -u "$RI_PG_USER" -- "$@")
  else
    (cd "$RI_PG_TMP" && "$@")
  fi
}

# Stop the server and delete its temporary directory. Safe to call more than once, and when nothing was started;
# always returns 0, so it can serve as an EXIT trap without changing the exit status.
ri_pg_stop() {
  if [ -n "${RI_PG_TMP:-}" ] && [ -d "${RI_PG_TMP}" ]; then
    if [ -n "${RI_PG_BINDIR:-}" ] && [ -f "$RI_PG_TMP/data/postmaster.pid" ]; then
      _ri_pg_as_user "$RI_PG_BINDIR/pg_ctl" -D "$RI_PG_TMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
        || _ri_pg_say "warning: pg_ctl stop failed (log: $RI_PG_TMP/server.log)"
    fi
    rm -rf -- "$RI_PG_TMP" || _ri_pg_say "warning: could not remove $RI_PG_TMP"
  fi
  RI_PG_TMP=""
  unset RANDOM_INSPECTION_PG_URL
  return 0
}

# Everything below is checked explicitly: this runs in an `if`, where `set -e` does not apply.
_ri_pg_start() {
  local bindir port cfg attempt i started db="random_inspection_test"
  RI_PG_USER="${RI_PG_USER:-ri_pg}"

  # 1. Server binaries (install them with apt if missing; retry apt once).
  if ! bindir="$(_ri_pg_find_bindir)"; then
    if [ "$(id -u)" -ne 0 ]; then
      _ri_pg_say "no PostgreSQL server under /usr/lib/postgresql/*/bin and not root, so cannot apt-get install it"
      return 1
    fi
    _ri_pg_say "installing PostgreSQL with apt-get (this takes a minute)"
    if ! _ri_pg_apt_install >&2; then
      _ri_pg_say "apt-get failed; retrying once in 5 s"
      sleep 5
      _ri_pg_apt_install >&2 || { _ri_pg_say "apt-get install postgresql failed twice"; return 1; }
    fi
    bindir="$(_ri_pg_find_bindir)" \
      || { _ri_pg_say "postgresql is installed but no /usr/lib/postgresql/*/bin/{initdb,pg_ctl,postgres}"; return 1; }
  fi
  for i in initdb pg_ctl pg_isready createdb; do
    [ -x "$bindir/$i" ] || { _ri_pg_say "missing $bindir/$i"; return 1; }
  done
  RI_PG_BINDIR="$bindir"

  # 2. An unprivileged user to own the cluster (initdb will not run as root).
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u "$RI_PG_USER" >/dev/null 2>&1; then
      useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        "$RI_PG_USER" || { _ri_pg_say "useradd $RI_PG_USER failed"; return 1; }
    fi
  else
    RI_PG_USER="$(id -un)" || return 1
  fi

  # 3. A fresh data directory.
  RI_PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ri_pg.XXXXXX")" || { _ri_pg_say "mktemp -d failed"; return 1; }
  chmod 0700 "$RI_PG_TMP" && chown "$RI_PG_USER": "$RI_PG_TMP" \
    || { _ri_pg_say "cannot give $RI_PG_TMP to $RI_PG_USER"; return 1; }
  # --locale=C: the C locale always exists, whatever LANG says (a missing one makes initdb fail or fall back to
  # SQL_ASCII); the encoding is still UTF8.
  if ! _ri_pg_as_user "$bindir/initdb" -D "$RI_PG_TMP/data" -U "$RI_PG_USER" --auth=trust \
      --encoding=UTF8 --locale=C --no-sync >"$RI_PG_TMP/initdb.log" 2>&1; then
    cat "$RI_PG_TMP/initdb.log" >&2
    _ri_pg_say "initdb failed"
    return 1
  fi
  # Trust only the private Unix socket and 127.0.0.1 (initdb --auth=trust would also trust ::1, replication...).
  printf '%s\n' \
    'local all all              trust' \
    'host  all all 127.0.0.1/32 trust' >"$RI_PG_TMP/data/pg_hba.conf" \
    || { _ri_pg_say "cannot write pg_hba.conf"; return 1; }

  # 4. Start it on a free port (pick again if someone grabbed the port in between).
  started=""
  for attempt in 1 2 3; do
    if [ "$attempt" -eq 1 ]; then
      port="$(_ri_pg_free_port "${RI_PG_PORT:-55432}")" || { _ri_pg_say "cannot find a free port"; return 1; }
    else
      port="$(_ri_pg_free_port 0)" || { _ri_pg_say "cannot find a free port"; return 1; }
    fi
    cfg="$RI_PG_TMP/data/postgresql.auto.conf"
    printf '%s\n' \
      "# written by .ci/postgres.sh" \
      "listen_addresses = '127.0.0.1'" \
      "port = $port" \
      "unix_socket_directories = '$RI_PG_TMP'" \
      "max_connections = 100" \
      "fsync = off" \
      "synchronous_commit = off" \
      "full_page_writes = off" \
      "logging_collector = off" >"$cfg" || { _ri_pg_say "cannot write $cfg"; return 1; }
    chown "$RI_PG_USER": "$cfg" || return 1
    : >"$RI_PG_TMP/server.log" && chown "$RI_PG_USER": "$RI_PG_TMP/server.log" || return 1
    if _ri_pg_as_user "$bindir/pg_ctl" -D "$RI_PG_TMP/data" -l "$RI_PG_TMP/server.log" -w -t 30 start \
        >/dev/null 2>&1; then
      started=1
      break
    fi
    if grep -q -e 'could not bind' -e 'could not create any TCP/IP sockets' "$RI_PG_TMP/server.log"; then
      _ri_pg_say "port $port was taken, trying another one"
      _ri_pg_as_user "$bindir/pg_ctl" -D "$RI_PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
      continue
    fi
    break
  done
  if [ -z "$started" ]; then
    cat "$RI_PG_TMP/server.log" >&2
    _ri_pg_say "the PostgreSQL server did not start (see the log above)"
    return 1
  fi

  # 5. Wait (up to ~30 s) until it accepts TCP connections, then create the test database.
  for i in $(seq 1 60); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$RI_PG_USER" -d postgres && break
    if [ "$i" -eq 60 ]; then
      cat "$RI_PG_TMP/server.log" >&2
      _ri_pg_say "the server on 127.0.0.1:$port did not accept connections within 30 s"
      return 1
    fi
    sleep 0.5
  done
  if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$RI_PG_USER" "$db"; then
    _ri_pg_say "createdb $db failed"
    return 1
  fi

  RI_PG_PORT="$port"
  export RANDOM_INSPECTION_PG_URL="postgresql+psycopg://$RI_PG_USER@127.0.0.1:$port/$db"
  printf 'RANDOM_INSPECTION_PG_URL=%s\n' "$RANDOM_INSPECTION_PG_URL"
}

# Sourced again in the same shell while our server still runs: keep it.
if [ -n "${RI_PG_TMP:-}" ] && [ -n "${RANDOM_INSPECTION_PG_URL:-}" ] && [ -n "${RI_PG_BINDIR:-}" ] \
    && "$RI_PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "${RI_PG_PORT:-0}" 2>/dev/null; then
  printf 'RANDOM_INSPECTION_PG_URL=%s\n' "$RANDOM_INSPECTION_PG_URL"
elif ! _ri_pg_start; then
  ri_pg_stop
  _ri_pg_say "could not start a throwaway PostgreSQL server"
  # `return` when sourced; `exit` if somebody ran the file as a script.
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
