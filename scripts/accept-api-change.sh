#!/usr/bin/env bash
# Records channels-core's public API as it is now as the baseline that the build's API check
# (japicmp, at `mvn verify`) compares against. Run it only for a deliberate change of the API,
# after `mvn -B -ntp verify` failed on that change alone, and commit the new baseline with it:
# users' code compiled against the old API may no longer link or compile.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -ntp -q -DskipTests -Djapicmp.skip=true -pl channels-core -am package
jar="$(ls channels-core/target/channels-core-*.jar | grep -v -e '-sources.jar$' -e '-javadoc.jar$')"
cp "$jar" channels-core/api/channels-core-baseline.jar
echo "baseline updated from $jar: channels-core/api/channels-core-baseline.jar (commit it with the change)"
