#!/usr/bin/env bash
# A Spark standalone cluster on this machine, on the loopback interface: one master and one worker,
# started from the Spark jars of ntklab-sweep's class path (Maven Central, no Spark download).
#
#   scripts/spark-standalone.sh start     # master spark://127.0.0.1:7077, a worker with every core
#   ./ntklab sweep sweeps/quick.yaml --master spark://127.0.0.1:7077
#   scripts/spark-standalone.sh status
#   scripts/spark-standalone.sh stop
#
# Executors are started by the worker and run ntklab's classes from the driver's class path (same
# machine), so the sweep's output root is shared by construction. Logs, pid files and the worker's
# directory are in $NTKLAB_SPARK_DIR.
#
# Environment:
#   SPARK_MASTER_PORT     master port (default 7077)
#   SPARK_WORKER_CORES    cores the worker offers (default: all)
#   SPARK_WORKER_MEMORY   memory the worker offers (default 4g)
#   NTKLAB_SPARK_DIR      state directory (default target/spark-standalone of this checkout)
#   NTKLAB_SPARK_CLASSPATH  class path to run the daemons with (default: ntklab-sweep's, built by ./ntklab)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="${NTKLAB_SPARK_DIR:-$root/target/spark-standalone}"
port="${SPARK_MASTER_PORT:-7077}"
cores="${SPARK_WORKER_CORES:-$(nproc)}"
memory="${SPARK_WORKER_MEMORY:-4g}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Spark on Java 17 (its launcher's JavaModuleOptions; the same list as in ./ntklab)
opts=(-Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandles=false -Dio.netty.tryReflectionSetAccessible=true
  "-Dlog4j2.configurationFile=$dir/log4j2.properties")

alive() {
  [[ -f "$dir/$1.pid" ]] && kill -0 "$(< "$dir/$1.pid")" 2> /dev/null
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@"; then return 0; fi
    sleep 0.2
  done
  echo "spark-standalone: $what did not happen within $seconds s; see $dir/*.log" >&2
  return 1
}

port_open() {
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null
}

start() {
  if alive master || alive worker; then
    echo "spark-standalone: already running (scripts/spark-standalone.sh stop first)" >&2
    exit 1
  fi
  if port_open; then
    echo "spark-standalone: port $port is in use by another program" >&2
    exit 1
  fi
  local classpath="${NTKLAB_SPARK_CLASSPATH:-}"
  if [[ -z "$classpath" ]]; then
    "$root/ntklab" sweep --version > /dev/null # builds the project when sources changed
    classpath="$root/ntklab-sweep/target/classes:$(< "$root/ntklab-sweep/target/classpath.txt")"
  fi
  mkdir -p "$dir/work" "$dir/home/jars"
  # the worker starts executors as a Spark distribution would: java -cp "$SPARK_HOME/jars/*" plus
  # spark.executor.extraClassPath; this directory is that distribution, made of the module's jars
  touch "$dir/home/RELEASE"
  rm -f "$dir/home/jars/"*.jar
  local entry
  local -a entries
  IFS=: read -ra entries <<< "$classpath"
  for entry in "${entries[@]}"; do
    if [[ "$entry" == *.jar ]]; then ln -sf "$entry" "$dir/home/jars/"; fi
  done
  # the daemons log at INFO to their files (registration lines are what 'start' waits for)
  cat > "$dir/log4j2.properties" << 'PROPERTIES'
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
PROPERTIES

  SPARK_LOCAL_IP=127.0.0.1 nohup "$java" "${opts[@]}" -cp "$classpath" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > "$dir/master.log" 2>&1 &
  echo $! > "$dir/master.pid"
  wait_for 60 "the master listening on 127.0.0.1:$port" port_open

  SPARK_HOME="$dir/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1 \
    nohup "$java" "${opts[@]}" -cp "$classpath" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$dir/work" --webui-port 0 \
    "spark://127.0.0.1:$port" > "$dir/worker.log" 2>&1 &
  echo $! > "$dir/worker.pid"
  wait_for 60 "the worker registering with the master" grep -q "Registering worker" "$dir/master.log"
  echo "spark-standalone: master spark://127.0.0.1:$port, worker with $cores cores and $memory (logs in $dir)"
}

stop() {
  local daemon
  for daemon in worker master; do
    if alive "$daemon"; then
      kill "$(< "$dir/$daemon.pid")"
      wait_for 30 "the $daemon stopping" bash -c "! kill -0 $(< "$dir/$daemon.pid") 2> /dev/null"
    fi
    rm -f "$dir/$daemon.pid"
  done
  echo "spark-standalone: stopped"
}

status() {
  local daemon
  for daemon in master worker; do
    if alive "$daemon"; then
      echo "$daemon: running (pid $(< "$dir/$daemon.pid"))"
    else
      echo "$daemon: not running"
    fi
  done
  alive master && alive worker
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: scripts/spark-standalone.sh start|stop|status" >&2
    exit 2
    ;;
esac
