# Start a local PostgreSQL server from Debian's packages and create a test database.
# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && start_postgres`).
# Sets POSTGRES_URL.

start_postgres() {
    local version port=5432
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -q "^$version main$"; then
        pg_createcluster "$version" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 1
    done
    su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor'\"" | grep -q 1 \
        || su postgres -c "psql -q -p $port -c \"CREATE ROLE watchfloor LOGIN PASSWORD 'watchfloor' CREATEDB\""
    su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'watchfloor_test'\"" | grep -q 1 \
        || su postgres -c "createdb -p $port -O watchfloor watchfloor_test"
    export POSTGRES_URL="postgresql://watchfloor:watchfloor@127.0.0.1:$port/watchfloor_test"
}
