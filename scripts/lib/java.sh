# Sourced by ./semaphore, scripts/test and bench/*: finds a JDK 21 or newer.
# find_java sets JAVA_HOME_FOUND, JAVA_MAJOR, JAVA_BUILD, exports JAVA_HOME and sets JAVA; returns 1 when none.
# The version comes from the JDK's "release" file (no "java -version", which costs ~100 ms).
JAVA_HOME_FOUND=""
JAVA_MAJOR=0
JAVA_BUILD=""   # e.g. 25.0.3+9-LTS: part of the AOT cache stamp (a JDK update in place invalidates the cache)

try_home() { # <java_home>: accept it when it has bin/java and is >= 21
    local home="${1%/}" line v="" build=""
    [[ -n "$home" && -x "$home/bin/java" ]] || return 1
    if [[ -r "$home/release" ]]; then
        while IFS= read -r line || [[ -n "$line" ]]; do
            case "$line" in
                JAVA_VERSION=*) v="${line#*=}"; v="${v//\"/}" ;;
                JAVA_RUNTIME_VERSION=*) build="${line#*=}"; build="${build//\"/}" ;;
            esac
        done <"$home/release"
    fi
    if [[ -z "$v" ]]; then
        v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
    fi
    v="${v#1.}"        # 1.8.0 -> 8.0
    v="${v%%[.+-]*}"   # 25.0.3 -> 25
    [[ "$v" =~ ^[0-9]+$ && "$v" -ge 21 ]] || return 1
    JAVA_HOME_FOUND="$home"
    JAVA_MAJOR="$v"
    JAVA_BUILD="${build:-$v}"
}

find_java() {
    try_home "${JAVA_HOME:-}" && return 0
    try_home /usr/lib/jvm/temurin-25-jdk-amd64 && return 0
    local d j
    for d in /usr/lib/jvm/*25*/ /usr/lib/jvm/*21*/; do
        [[ -d "$d" ]] && try_home "$d" && return 0
    done
    if j="$(command -v java)"; then
        j="$(readlink -f "$j")"
        try_home "${j%/bin/java}" && return 0
    fi
    return 1
}

# Wrapped so every caller gets JAVA and JAVA_HOME set the same way.
eval "$(declare -f find_java | sed '1s/find_java/find_java_home/')"
find_java() {
    find_java_home || return 1
    export JAVA_HOME="$JAVA_HOME_FOUND"
    JAVA="$JAVA_HOME_FOUND/bin/java"
}

