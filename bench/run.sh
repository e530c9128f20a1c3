#!/usr/bin/env bash
# The filesys benchmarks in one command: builds the service jars and the harness, installs nginx, wrk, rclone
# and curl from Debian when missing, runs every section and writes bench/results/<date>.md and .csv (and latest.md).
#   bench/run.sh [--quick] [--runs N] [--duration SECONDS] [--only large,small,balancer,sessions,memory]
#                [--work DIR] [--keep-work] [--jfr] [--compare-jar JAR | --compare-rev REV] [--no-build] [--help]
# --compare-rev REV builds the file-service jar of commit REV (e.g. main) into /tmp/filesys-bench-compare and passes
# it as --compare-jar: the small-file section then measures it next to the working tree's, in the same runs.
# (each option's value may also be joined to it with '=': --runs=3). See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
compare_rev=""
args=()
expect_rev=0
for arg in "$@"; do
  if ((expect_rev)); then compare_rev=$arg; expect_rev=0
  elif [[ $arg == --no-build ]]; then build=0
  elif [[ $arg == --compare-rev ]]; then expect_rev=1
  elif [[ $arg == --compare-rev=* ]]; then compare_rev=${arg#--compare-rev=}
  else args+=("$arg"); fi
done
if ((expect_rev)) || [[ -n $compare_rev && $compare_rev == -* ]]; then
  echo "bench: --compare-rev needs a commit (e.g. --compare-rev main)" >&2; exit 2
fi
commit=""
if [[ -n $compare_rev ]]; then
  commit=$(git rev-parse --short=12 --verify --quiet "$compare_rev^{commit}") \
    || { echo "bench: --compare-rev: no commit '$compare_rev' in this repository" >&2; exit 2; }
fi
jar=bench/target/bench-0.1.0-SNAPSHOT-exec.jar

# a JDK 21 or newer (the services are built for 21; the harness uses the attach API, so a JDK, not a JRE)
java_ok() { [[ -x $1/bin/java && -x $1/bin/javac ]] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [[ -z ${JAVA_HOME:-} ]] || ! java_ok "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if java_ok "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
fi
java_ok "${JAVA_HOME:-}" || { echo "bench: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}

# the harness prints its own help and version: once built, nothing needs installing or building for that
for arg in "${args[@]}"; do
  if [[ $arg == -h || $arg == --help || $arg == -V || $arg == --version ]] && [[ -f $jar ]]; then
    exec java -jar "$jar" "${args[@]}"
  fi
done

missing=()
for tool in nginx wrk rclone curl openssl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]} from Debian" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ((build)); then
  echo "bench: building the service jars and the harness" >&2
  ./mvnw -B -ntp -q -Pbench -pl balancer-service,file-service,bench -am package -DskipTests
fi

# the file-service of another commit, built once per commit from a clean export of it (not the working tree)
if [[ -n $commit ]]; then
  compare_jar=/tmp/filesys-bench-compare/file-service-$commit.jar
  if [[ ! -f $compare_jar ]]; then
    echo "bench: building the file-service of $compare_rev ($commit) for --compare-rev" >&2
    src=$(mktemp -d /tmp/filesys-bench-rev.XXXXXX)
    trap 'rm -rf "$src"' EXIT
    git archive "$commit" | tar -x -C "$src"
    (cd "$src" && ./mvnw -B -ntp -q -pl file-service -am package -DskipTests -Djacoco.skip=true)
    mkdir -p /tmp/filesys-bench-compare
    cp "$src"/file-service/target/file-service-*-exec.jar "$compare_jar.partial"
    mv "$compare_jar.partial" "$compare_jar"
    rm -rf "$src"
    trap - EXIT
  fi
  args+=("--compare-jar=$compare_jar")
fi

export BENCH_COMMAND="bench/run.sh ${*}"
exec java -jar "$jar" "${args[@]}"
