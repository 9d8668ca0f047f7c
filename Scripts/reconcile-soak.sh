#!/usr/bin/env bash
# Soak benchmark: N reconcile cycles against a local repository; prints RSS, threads and child
# processes after the first run, after 20 runs (warm) and at the end.
# Usage: Scripts/reconcile-soak.sh [path-to-gantry] [cycles]
set -euo pipefail
GANTRY=${1:-.build/debug/gantry}
CYCLES=${2:-1000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/repo/infra" "$WORK/state"
cp "$ROOT/Examples/quickstart/gantry.yaml" "$WORK/repo/infra/"
git -C "$WORK/repo" init -q -b main
git -C "$WORK/repo" add -A
git -C "$WORK/repo" -c user.name=soak -c user.email=soak@example.com commit -q -m soak
"$GANTRY" reconcile --repo "file://$WORK/repo" --path infra -C "$WORK/state" \
    --interval 5ms --jitter 0 --log-format json 2> "$WORK/log" &
PID=$!
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
threads() { ls /proc/$PID/task | wc -l; }
children() { pgrep -P $PID | wc -l || true; }
count() { awk '/"msg":"run finished"/ {n++} END {print n+0}' "$WORK/log" 2>/dev/null || echo 0; }
sample() { echo "after $(count) runs: RSS $(rss) kB, threads $(threads), child processes $(children)"; }
until [ "$(count)" -ge 1 ]; do sleep 0.05; done
sample
until [ "$(count)" -ge 20 ]; do sleep 0.2; done
sample
until [ "$(count)" -ge "$CYCLES" ]; do sleep 0.5; done
sample
if grep -q '"level":"error"' "$WORK/log"; then echo "runs failed:"; grep '"level":"error"' "$WORK/log" | head -3; fi
