# Sourced by ./examples and ./stress: finds a JDK >= 21 on this machine, as Maven's toolchain
# discovery does for the build, so that nothing has to be set up by hand.
#
#   java_bin="$(find_java)"   # empty if there is none

# Prints the major version of the java binary $1 (8 for 1.8), or nothing.
java_major() {
    local v
    v=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1) || return 0
    case "$v" in
        1.*) v="${v#1.}" ;;
    esac
    echo "${v%%[.+-]*}"
}

# Finds a java >= 21: JAVA_HOME, then the PATH, then the newest in the usual install places.
find_java() {
    local candidates=() c best="" best_major=0 major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for c in "${candidates[@]}"; do
        major=$(java_major "$c")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$c"
            return 0
        fi
    done
    shopt -s nullglob
    for c in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java \
             /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
             "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java; do
        [ -x "$c" ] || continue
        major=$(java_major "$c")
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$c"
            best_major="$major"
        fi
    done
    shopt -u nullglob
    [ -n "$best" ] && echo "$best"
}
