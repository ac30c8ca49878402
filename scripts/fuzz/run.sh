#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: bash scripts/fuzz/run.sh hours|phone [SECONDS]
# (default 60). Builds it first if needed (build.sh), starts from the seed corpus in
# scripts/fuzz/corpus/TARGET/ plus what earlier runs found (.build-fuzz/corpus/TARGET/, not
# committed), and prints libFuzzer's final stats. The full log is .build-fuzz/TARGET.log; a
# crashing input is saved under .build-fuzz/artifacts/TARGET/ and the script exits with 1.
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=2, -only_ascii=1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${1:-}
case "$target" in
    hours | phone) ;;
    *) echo "usage: bash scripts/fuzz/run.sh hours|phone [SECONDS] [libFuzzer options...]" >&2; exit 2 ;;
esac
seconds=${2:-60}
shift $(($# >= 2 ? 2 : 1))

bash "$here/build.sh" "$target"
out="$root/.build-fuzz"
corpus="$out/corpus/$target"
artifacts="$out/artifacts/$target"
log="$out/$target.log"
mkdir -p "$corpus" "$artifacts"
options=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/")
[ -f "$here/$target.dict" ] && options+=(-dict="$here/$target.dict")

echo "==> Fuzzing $target for $seconds s (log: $log)"
status=0
# Swift's own backtracer trips over ASan; libFuzzer's handler prints the stack instead.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no} \
    nice -n 19 "$out/$target" "${options[@]}" "$@" "$corpus" "$here/corpus/$target" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "==> $target found a problem (exit $status):"
    sed -n '/Fatal error\|ERROR: /,/^SUMMARY/p' "$log" | grep -v "^NOTE\|Combine libFuzzer\|^ *$" || true
    grep -E "Test unit written|^Base64" "$log" || tail -n 40 "$log"
    echo "==> Minimise it: SWIFT_BACKTRACE=enable=no $out/$target -minimize_crash=1 -runs=100000 ARTIFACT"
    exit 1
fi
grep -E "^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$log"
echo "==> No crash; corpus $corpus: $(ls "$corpus" | wc -l) inputs"
