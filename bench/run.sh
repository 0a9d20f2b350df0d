#!/usr/bin/env bash
# Entry point of the bench harness. Builds bench/ (and Caravan's jar when missing), then runs
#   bench/run.sh bench  [--quick] [options]   throughput: ceiling, Postfix, Caravan
#   bench/run.sh field  [--quick] [--modes reused,new]  the same with Postfix's smtp-source and smtp-sink
#   bench/run.sh faults [--quick] [--scenario kill9|sink-down|abuse|broker-stop|disk-full|all] [--target postfix,caravan] [--disk-left MiB]
#   bench/run.sh idle   [--connections 1000] [--hold 10]   memory with idle SMTP connections: Caravan, Postfix
#   bench/run.sh latency [--quick] [--rate-fraction 0.5]   p50/p99 acceptance latency at half the maximum rate
#   bench/run.sh soak   [--quick] [--minutes 10]          Caravan's memory under steady load over time
#   bench/run.sh floor  [--quick] [--rates 250,500,1000]  the embedded broker alone: confirmation latency, CPU/msg
#   bench/run.sh lanes  [--quick]                         egress scheduling: stores per delivery, release rate, idle cost
# Everything listens on 127.0.0.1. No process started here outlives the script: the trap stops the harness JVM,
# the private Postfix instance and any Caravan it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
cd "$ROOT"

if [ $# -lt 1 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
CMD="$1"; shift

HARNESS_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$HARNESS_PID" ] && kill -0 "$HARNESS_PID" 2>/dev/null; then
    kill "$HARNESS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$HARNESS_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$HARNESS_PID" 2>/dev/null || true
  fi
  # the private Postfix instance, if the harness left it running
  if [ -f "$WORK/postfix/etc/main.cf" ] && [ -f "$WORK/postfix/queue/pid/master.pid" ]; then
    /usr/sbin/postfix -c "$WORK/postfix/etc" stop >/dev/null 2>&1 || true
    local mp; mp="$(tr -d ' ' < "$WORK/postfix/queue/pid/master.pid" 2>/dev/null || true)"
    if [ -n "$mp" ] && kill -0 "$mp" 2>/dev/null; then sleep 2; kill -9 "$mp" 2>/dev/null || true; fi
  fi
  # a Caravan the harness started (its data dir is under our work dir: caravan/data or caravan-disk/data), and
  # the external broker of the broker-stop scenario (its data dir is caravan-broker), and the broker alone of
  # the floor run (floor/data), and the smtp-sink of the field run (its pid in field/smtp-sink.pid)
  for p in $(pgrep -f -- "--data $WORK/caravan" 2>/dev/null || true) \
           $(pgrep -f -- "$WORK/caravan-broker/data" 2>/dev/null || true) \
           $(pgrep -f -- "$WORK/floor/data" 2>/dev/null || true) \
           $(cat "$WORK/field/smtp-sink.pid" 2>/dev/null || true); do
    kill "$p" 2>/dev/null || true
  done
  # the size-limited filesystem of the disk-full scenario
  if mountpoint -q "$WORK/caravan-disk" 2>/dev/null; then
    sleep 2; umount "$WORK/caravan-disk" 2>/dev/null || umount -l "$WORK/caravan-disk" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case "$CMD" in
  bench|field|faults|idle|latency|soak|floor|lanes) ;;
  *) echo "unknown subcommand: $CMD (bench, field, faults, idle, latency, soak, floor, lanes)" >&2; exit 2 ;;
esac

# one socket per idle client in the harness, and one per connection in Caravan and Postfix, which inherit this
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)" >&2

"$BENCH/setup.sh"
mvn -B -q -o -f "$BENCH/pom.xml" -DskipTests package 2>/dev/null || mvn -B -q -f "$BENCH/pom.xml" -DskipTests package
if [ ! -f "$ROOT/target/caravan.jar" ]; then
  echo "building Caravan (target/caravan.jar)" >&2
  mvn -B -q -o -DskipTests package || echo "Caravan did not build; it will be reported as not measured" >&2
fi

mkdir -p "$WORK" "$BENCH/results"
java -Xmx1g -jar "$BENCH/target/caravan-bench.jar" "$CMD" --work "$WORK" --results "$BENCH/results" "$@" &
HARNESS_PID=$!
wait "$HARNESS_PID"
