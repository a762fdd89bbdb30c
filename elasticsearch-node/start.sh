#!/usr/bin/env bash
# Starts a single-node Elasticsearch 8 on 127.0.0.1 (`make elasticsearch`), built by Maven from
# Maven Central artifacts (pom.xml), and waits until the cluster is green.
#
#   ELASTICSEARCH_PORT  HTTP port (default 9200)
#   ELASTICSEARCH_HEAP  JVM heap, -Xms and -Xmx (default 1g: enough for the 58,513-article bench
#                       index, and leaves most of a 2-core, 24 GiB CI machine to the test suite)
#   JAVA_HOME           a JDK 17 or newer (default: the `java` on PATH)
#
# Data, logs and the pid file live under var/elasticsearch/; `make elasticsearch-stop` stops it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PORT=${ELASTICSEARCH_PORT:-9200}
HEAP=${ELASTICSEARCH_HEAP:-1g}
VAR=$ROOT/var/elasticsearch
ES_HOME=$HERE/target/home
PIDFILE=$VAR/elasticsearch.pid
URL="http://127.0.0.1:$PORT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "Elasticsearch is already running (pid $(cat "$PIDFILE")) at $URL; stop it with: make elasticsearch-stop"
  exit 0
fi
if curl -s -o /dev/null "$URL"; then
  echo "Port $PORT is taken by another process; choose another with ELASTICSEARCH_PORT=..." >&2
  exit 1
fi

java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 17 ]; then
  echo "Elasticsearch 8 needs a JDK 17 or newer (found: ${java_major:-none}); set JAVA_HOME" >&2
  exit 1
fi

# Assemble target/home with Maven when the pom or the launcher's sources changed.
mkdir -p "$VAR/config" "$VAR/data" "$VAR/logs" "$VAR/tmp"
stamp=$ES_HOME/.assembled
if [ ! -f "$stamp" ] || [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$stamp" -print -quit)" ]; then
  echo "Assembling Elasticsearch from Maven Central (mvn package in elasticsearch-node/)..."
  rm -rf "$ES_HOME"
  if ! (cd "$HERE" && mvn -B -Dstyle.color=never package >"$VAR/logs/maven.log" 2>&1); then
    tail -n 40 "$VAR/logs/maven.log" >&2
    echo "Maven could not assemble Elasticsearch; full log: var/elasticsearch/logs/maven.log" >&2
    exit 1
  fi
  mkdir -p "$ES_HOME/plugins"
  touch "$stamp"
fi

cp "$HERE/config/elasticsearch.yml" "$HERE/config/log4j2.properties" "$VAR/config/"
"$JAVA" -cp "$ES_HOME/lib/*:$ES_HOME/lib/entitlement-agent/*" portal.elasticsearch.ServerArgsWriter \
  "$VAR/server-args.bin" "$VAR/config" "$VAR/logs" \
  "path.home=$ES_HOME" "path.data=$VAR/data" "path.logs=$VAR/logs" "http.port=$PORT"

# Elasticsearch refuses to run as root, and CI and these machines run as root. Inside a user
# namespace the node's uid is 1000 while the kernel still checks files as the real root, so the
# checkout may sit in a private folder (CI clones under /root) and every file stays root's. Where
# user namespaces are unavailable, fall back to a system user owning var/elasticsearch/.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
    chown -R 0:0 "$VAR"  # files a fallback run left to the system user
    as_user=(unshare --user --map-user=1000 --map-group=1000)
  else
    id -u elasticsearch >/dev/null 2>&1 ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        elasticsearch
    chown -R elasticsearch:elasticsearch "$VAR/config" "$VAR/data" "$VAR/logs" "$VAR/tmp"
    as_user=(setpriv --reuid=elasticsearch --regid=elasticsearch --init-groups)
  fi
fi

# The JVM options of the official launcher (server-cli's SystemJvmOptions) that apply here.
jvm_options=(
  "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -Xss1m -XX:-OmitStackTraceInFastThrow
  -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError "-XX:HeapDumpPath=$VAR/logs"
  "-XX:ErrorFile=$VAR/logs/hs_err_pid%p.log"
  "-Djava.io.tmpdir=$VAR/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true
  -Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
  -Dio.netty.recycler.maxCapacityPerThread=0
  -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true
  -Djava.locale.providers=CLDR "-Des.path.home=$ES_HOME" "-Des.path.conf=$VAR/config"
  -Des.distribution.type=tar
  # Entitlements (Elasticsearch's replacement for the security manager): the bridge is patched
  # into java.base and the agent is attached by the server itself.
  -Djdk.attach.allowAttachSelf=true
  "--patch-module=java.base=$(ls "$ES_HOME"/lib/entitlement-bridge/*.jar)"
  --add-exports=java.base/org.elasticsearch.entitlement.bridge=org.elasticsearch.entitlement,java.logging,java.net.http,java.naming,jdk.net
)
if [ "${java_major%%.*}" -ge 21 ]; then
  jvm_options+=(-XX:+EnableDynamicAgentLoading
    --enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core)
fi

# Daemonized: the server reads its arguments from stdin once, then closes its output streams.
LIBFFI_TMPDIR="$VAR/tmp" setsid "${as_user[@]}" "$JAVA" "${jvm_options[@]}" \
  --module-path "$ES_HOME/lib" --add-modules=jdk.net --add-modules=ALL-MODULE-PATH \
  -m org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch \
  <"$VAR/server-args.bin" >"$VAR/logs/console.log" 2>&1 &
pid=$!
echo "$pid" >"$PIDFILE"

echo -n "Starting Elasticsearch on $URL (pid $pid)"
for _ in $(seq 1 180); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo
    echo "Elasticsearch exited during start-up; the end of its output:" >&2
    tail -n 40 "$VAR/logs/console.log" >&2
    rm -f "$PIDFILE"
    exit 1
  fi
  status=$(curl -s "$URL/_cluster/health?wait_for_status=green&timeout=1s" 2>/dev/null |
    sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true)
  if [ "$status" = green ]; then
    echo
    version=$(curl -s "$URL" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p')
    echo "Elasticsearch $version is green at $URL (data in var/elasticsearch/data)."
    echo "Use it with:  export ELASTICSEARCH_URL=$URL"
    echo "Stop it with: make elasticsearch-stop   (or: kill $pid)"
    exit 0
  fi
  echo -n "."
  sleep 1
done
echo
echo "Elasticsearch did not turn green within 180 s; log: var/elasticsearch/logs/" >&2
exit 1
