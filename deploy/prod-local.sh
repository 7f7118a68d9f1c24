#!/usr/bin/env bash
# Production as it runs, on this machine: two gunicorn app servers, the
# django-tasks worker and Varnish in front, with the production settings,
# PostgreSQL and Redis.
#
#   deploy/prod-local.sh start   (make prod-local)
#   deploy/prod-local.sh stop    (make prod-local-stop)
#   deploy/prod-local.sh run COMMAND...   (with the same settings, e.g.
#       deploy/prod-local.sh run .venv/bin/python manage.py createsuperuser)
#
# The database (compendium_prod_local) is created, migrated and given the demo
# data on the first start, and migrated at each start. Logs and process ids go
# to var/prod-local/. Every name below can be changed from the environment
# (tests/production/ runs a second copy on other ports and another database).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

RUN_DIR="${PROD_LOCAL_DIR:-$ROOT/var/prod-local}"
APP_PORTS="${PROD_LOCAL_APP_PORTS:-8001 8002}"
VARNISH_PORT="${PROD_LOCAL_VARNISH_PORT:-6081}"
DATABASE_NAME="${PROD_LOCAL_DATABASE:-compendium_prod_local}"
PG="${PROD_LOCAL_PG:-postgres://postgres@127.0.0.1:5432}"
SEED="${PROD_LOCAL_SEED:-1}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

say() { printf '==> %s\n' "$*"; }

environment() {
    mkdir -p "$RUN_DIR"
    if [ ! -s "$RUN_DIR/secret_key" ]; then
        "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$RUN_DIR/secret_key"
    fi
    export DJANGO_SETTINGS_MODULE=compendium.settings.production
    SECRET_KEY="$(cat "$RUN_DIR/secret_key")"
    export SECRET_KEY
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
    export DATABASE_URL="$PG/$DATABASE_NAME"
    export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
    export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
    export CACHE_KEY_PREFIX="${CACHE_KEY_PREFIX:-$DATABASE_NAME}"
    export SITE_URL="${SITE_URL:-http://127.0.0.1:$VARNISH_PORT}"
    export FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:$VARNISH_PORT"
    # Varnish, on this machine, is the only proxy: visitors are told apart by
    # the address it forwards.
    export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1,::1}"
    # Plain HTTP on this machine: no redirect to HTTPS, no HSTS, cookies
    # sent without TLS.
    export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
    export STATIC_ROOT="$RUN_DIR/static"
    export MEDIA_ROOT="$RUN_DIR/media"
    export PRIVATE_MEDIA_ROOT="$RUN_DIR/private-media"
    export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
    export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
}

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_varnish() {
    if command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ]; then
        return
    fi
    say "Installing Varnish (Debian package varnish)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null
}

ensure_redis() {
    local host_port="${REDIS_URL#redis://}"
    host_port="${host_port%%/*}"
    if ! redis-cli -h "${host_port%%:*}" -p "${host_port##*:}" ping >/dev/null 2>&1; then
        say "Starting Redis on $host_port"
        redis-server --bind "${host_port%%:*}" --port "${host_port##*:}" --daemonize yes \
            --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --save ''
    fi
}

ensure_database() {
    if ! psql "$PG/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE_NAME'" | grep -q 1; then
        say "Creating the PostgreSQL database $DATABASE_NAME"
        psql "$PG/postgres" -qc "CREATE DATABASE \"$DATABASE_NAME\""
        rm -f "$RUN_DIR/seeded"
    fi
    say "Migrating $DATABASE_NAME"
    "$PYTHON" manage.py migrate --no-input -v0
    if [ "$SEED" = 1 ] && [ ! -e "$RUN_DIR/seeded" ]; then
        say "Loading the demo data (first start)"
        "$PYTHON" manage.py seed_demo >"$RUN_DIR/seed.log" 2>&1
        touch "$RUN_DIR/seeded"
    fi
    say "Collecting the static files into $STATIC_ROOT"
    "$PYTHON" manage.py collectstatic --no-input -v0
}

vcl() {
    # The repository's VCL, with the ports chosen here.
    local ports=($APP_PORTS)
    sed -e "s/\"8001\"/\"${ports[0]}\"/" -e "s/\"8002\"/\"${ports[1]}\"/" \
        "$ROOT/deploy/varnish/default.vcl" >"$RUN_DIR/default.vcl"
}

start() {
    environment
    ensure_varnish
    ensure_redis
    ensure_database
    for port in $APP_PORTS; do
        if running "$RUN_DIR/app-$port.pid"; then
            say "App server on $port already running"
            continue
        fi
        say "Starting the app server on 127.0.0.1:$port"
        PORT=$port "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py --daemon \
            --pid "$RUN_DIR/app-$port.pid" \
            --access-logfile "$RUN_DIR/app-$port.access.log" \
            --error-logfile "$RUN_DIR/app-$port.log"
    done
    if running "$RUN_DIR/worker.pid"; then
        say "Worker already running"
    else
        say "Starting the worker"
        nohup "$PYTHON" manage.py run_worker >>"$RUN_DIR/worker.log" 2>&1 &
        echo $! >"$RUN_DIR/worker.pid"
    fi
    if running "$RUN_DIR/varnish.pid"; then
        say "Varnish already running"
    else
        say "Starting Varnish on 127.0.0.1:$VARNISH_PORT"
        vcl
        "$(command -v varnishd || echo /usr/sbin/varnishd)" \
            -a "127.0.0.1:$VARNISH_PORT" -f "$RUN_DIR/default.vcl" \
            -n "$RUN_DIR/varnish" -P "$RUN_DIR/varnish.pid" -T 127.0.0.1:0 \
            -s malloc,128m >>"$RUN_DIR/varnish.log" 2>&1
    fi
    say "Waiting for http://127.0.0.1:$VARNISH_PORT/health/ready"
    for _ in $(seq 1 60); do
        if curl -fsS "http://127.0.0.1:$VARNISH_PORT/health/ready" >/dev/null 2>&1; then
            say "Serving http://127.0.0.1:$VARNISH_PORT/ (Varnish; app servers on $APP_PORTS)"
            say "Logs and pids in $RUN_DIR; stop with: make prod-local-stop"
            return 0
        fi
        sleep 1
    done
    curl -sS "http://127.0.0.1:$VARNISH_PORT/health/ready" || true
    echo
    say "Not ready after 60 s: see the logs in $RUN_DIR" >&2
    return 1
}

stop_one() {
    local name="$1" pidfile="$2"
    if running "$pidfile"; then
        local pid
        pid="$(cat "$pidfile")"
        say "Stopping $name ($pid)"
        kill "$pid"
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

stop() {
    stop_one Varnish "$RUN_DIR/varnish.pid"
    stop_one worker "$RUN_DIR/worker.pid"
    for port in $APP_PORTS; do
        stop_one "app server $port" "$RUN_DIR/app-$port.pid"
    done
    # Only a Redis this script started.
    stop_one Redis "$RUN_DIR/redis.pid"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    run)
        environment
        shift
        exec "$@"
        ;;
    *) echo "usage: $0 start|stop|run COMMAND..." >&2; exit 2 ;;
esac
