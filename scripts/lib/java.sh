# Sourced by ./semaphore and scripts/*: sets JAVA_HOME and JAVA to a JDK 21 or newer, or fails saying what to install.
find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*)
  local jv
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    jv=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$jv" ] && [ "${jv%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      JAVA="$home/bin/java"
      return 0
    fi
  done
  if command -v java >/dev/null 2>&1; then
    jv=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${jv%%.*}" -ge 21 ] 2>/dev/null; then
      JAVA=$(command -v java)
      export JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
      return 0
    fi
  fi
  echo "Semaphore for Java needs a JDK 21 or newer (25 recommended). Install one (e.g. Temurin 25) or set JAVA_HOME." >&2
  return 1
}
