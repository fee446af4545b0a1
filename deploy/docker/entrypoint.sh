#!/usr/bin/env bash
# Entrypoint of the container image. It takes the environment of Semaphore UI's official image, so its compose
# files work with the image name changed:
#   SEMAPHORE_DB_DIALECT (sqlite when unset), SEMAPHORE_DB_HOST, SEMAPHORE_DB_PORT, SEMAPHORE_DB_USER,
#   SEMAPHORE_DB_PASS, SEMAPHORE_DB, SEMAPHORE_DB_PATH (the data folder, default SEMAPHORE_DATA_DIR, which the
#   image sets to /var/lib/semaphore),
#   SEMAPHORE_CONFIG_PATH (the config folder, default /etc/semaphore), SEMAPHORE_TMP_PATH (default /tmp/semaphore),
#   SEMAPHORE_ADMIN, SEMAPHORE_ADMIN_PASSWORD, SEMAPHORE_ADMIN_NAME, SEMAPHORE_ADMIN_EMAIL,
#   SEMAPHORE_ACCESS_KEY_ENCRYPTION, SEMAPHORE_WEB_ROOT, SEMAPHORE_LDAP_* and X_FILE variants of the secrets;
# every other SEMAPHORE_* variable goes to the server as it is. Then:
#   1. makes the config, data and tmp folders;
#   2. creates config.json in the config folder when missing (the server adds generated secrets to it once);
#   3. waits up to SEMAPHORE_DB_WAIT_SEC (30) seconds for a PostgreSQL/MySQL server to accept connections;
#   4. installs $SEMAPHORE_CONFIG_PATH/requirements.txt into the Python environment when there is one;
#   5. runs `semaphore server`, which applies migrations and creates the admin (SEMAPHORE_ADMIN with
#      SEMAPHORE_ADMIN_PASSWORD) when that user does not exist yet. With no password, an admin with a generated
#      password is created on an empty database and the password printed once (docker logs).
# Any other command given to the container runs instead of step 5 (e.g. `bash`, `semaphore user list`).
set -euo pipefail

SEMAPHORE_HOME="${SEMAPHORE_HOME:-/opt/semaphore}"
say() { printf 'entrypoint: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

# Docker secrets: VAR_FILE names a file that holds VAR's value (a trailing newline is dropped).
file_env() {
    local var="$1" file_var="${1}_FILE"
    local val="${!var:-}" file="${!file_var:-}"
    if [[ -n "$val" && -n "$file" ]]; then
        fail "both $var and $file_var are set; set only one"
    fi
    if [[ -n "$file" ]]; then
        [[ -r "$file" ]] || fail "$file_var=$file: the file cannot be read"
        val="$(<"$file")"
        export "$var=$val"
    fi
    unset "$file_var"
}
for v in SEMAPHORE_DB_USER SEMAPHORE_DB_PASS SEMAPHORE_ADMIN SEMAPHORE_ADMIN_PASSWORD SEMAPHORE_ACCESS_KEY_ENCRYPTION \
    SEMAPHORE_COOKIE_HASH SEMAPHORE_COOKIE_ENCRYPTION SEMAPHORE_LDAP_PASSWORD SEMAPHORE_LDAP_BIND_PASSWORD \
    SEMAPHORE_EMAIL_PASSWORD SEMAPHORE_RUNNER_REGISTRATION_TOKEN; do
    file_env "$v"
done

# Semaphore's image passes its LDAP settings under these names (to `semaphore setup`); the config's own
# variables win when both are set.
alias_env() { # <config variable> <image variable>
    if [[ -z "${!1:-}" && -n "${!2:-}" ]]; then export "$1=${!2}"; fi
}
if [[ -z "${SEMAPHORE_LDAP_SERVER:-}" && -n "${SEMAPHORE_LDAP_HOST:-}" ]]; then
    export SEMAPHORE_LDAP_SERVER="${SEMAPHORE_LDAP_HOST}${SEMAPHORE_LDAP_PORT:+:$SEMAPHORE_LDAP_PORT}"
fi
alias_env SEMAPHORE_LDAP_BIND_DN SEMAPHORE_LDAP_DN_BIND
alias_env SEMAPHORE_LDAP_BIND_PASSWORD SEMAPHORE_LDAP_PASSWORD
alias_env SEMAPHORE_LDAP_SEARCH_DN SEMAPHORE_LDAP_DN_SEARCH
alias_env SEMAPHORE_LDAP_MAPPING_UID SEMAPHORE_LDAP_MAPPING_USERNAME
alias_env SEMAPHORE_LDAP_MAPPING_CN SEMAPHORE_LDAP_MAPPING_FULLNAME
alias_env SEMAPHORE_LDAP_MAPPING_MAIL SEMAPHORE_LDAP_MAPPING_EMAIL

# 1. Folders. SEMAPHORE_CONFIG_PATH may also name the file itself.
config_path="${SEMAPHORE_CONFIG_PATH:-/etc/semaphore}"
if [[ "$config_path" == *.json ]]; then
    config_file="$config_path"
    config_dir="$(dirname "$config_path")"
else
    config_dir="$config_path"
    config_file="$config_dir/config.json"
fi
export SEMAPHORE_DB_PATH="${SEMAPHORE_DB_PATH:-${SEMAPHORE_DATA_DIR:-/var/lib/semaphore}}"
export SEMAPHORE_DATA_DIR="${SEMAPHORE_DATA_DIR:-$SEMAPHORE_DB_PATH}"
export SEMAPHORE_TMP_PATH="${SEMAPHORE_TMP_PATH:-/tmp/semaphore}"
for d in "$config_dir" "$SEMAPHORE_DB_PATH" "$SEMAPHORE_TMP_PATH"; do
    if ! mkdir -p "$d" 2>/dev/null || [[ ! -w "$d" ]]; then
        fail "cannot create or write to $d as user $(id -u); mount a volume there that this user can write to"
    fi
done

# 2. config.json. Kept on the config volume, so the generated secrets (cookie keys, access_key_encryption) survive
# a new container; the database settings come from the environment at every start.
if [[ ! -f "$config_file" ]]; then
    say "creating $config_file (the server adds generated secrets to it)"
    (umask 077 && printf '{}\n' >"$config_file")
fi

# 3. Wait for a database server (compose starts the containers together).
dialect="${SEMAPHORE_DB_DIALECT:-}"
if [[ ("$dialect" == postgres* || "$dialect" == mysql || "$dialect" == mariadb) && -n "${SEMAPHORE_DB_HOST:-}" ]]; then
    host="$SEMAPHORE_DB_HOST"
    port="${SEMAPHORE_DB_PORT:-}"
    if [[ "$host" == *:* ]]; then
        port="${host##*:}"
        host="${host%:*}"
    fi
    if [[ -z "$port" ]]; then
        if [[ "$dialect" == postgres* ]]; then port=5432; else port=3306; fi
    fi
    wait_sec="${SEMAPHORE_DB_WAIT_SEC:-30}"
    deadline=$((SECONDS + wait_sec))
    until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            fail "the $dialect database at $host:$port did not accept connections within $wait_sec s" \
                "(SEMAPHORE_DB_HOST / SEMAPHORE_DB_PORT; raise SEMAPHORE_DB_WAIT_SEC to wait longer)"
        fi
        sleep 1
    done
fi

# 4. Extra Python packages for playbooks (into the image's Python environment, which the service user owns).
if [[ -f "$config_dir/requirements.txt" ]]; then
    say "installing $config_dir/requirements.txt"
    pip3 install --no-cache-dir --upgrade -r "$config_dir/requirements.txt"
fi

# 5. Run.
if [[ $# -eq 0 || "$1" == server || "$1" == service ]]; then
    [[ $# -eq 0 ]] || shift
    exec "$SEMAPHORE_HOME/semaphore" server --config "$config_file" "$@"
fi
exec "$@"
