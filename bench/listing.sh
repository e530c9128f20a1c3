#!/usr/bin/env bash
# Listing 100,000 files in one folder page by page: packages the file-service, starts it in its own JVM with
# -Xmx256m against the test database, loads 100,000 files into one user's root folder by SQL, pages through them over
# HTTP (limit=1000, then limit=100; each after a warm-up pass) and prints ms per page (p50, p99, max) and the service's
# heap (peak while paging, and after). The report is also in file-service/target/big-listing/report.txt.
#   bench/listing.sh [FILES]        (default 100000; see docs/benchmarks.md)
# Needs PostgreSQL as the tests do: FILESYS_TEST_DATABASE_URL (default: the local one, user postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}
export FILESYS_TEST_DATABASE_URL=${FILESYS_TEST_DATABASE_URL:-'jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres'}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -ntp -q -pl file-service -am verify -Pbig -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ListingBigIT -Dfailsafe.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dfilesys.bench.listing.files="$files"
cat file-service/target/big-listing/report.txt
