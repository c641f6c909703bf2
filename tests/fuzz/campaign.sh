#!/usr/bin/env bash
# Fuzzes each target for SECONDS on a scratch copy of its corpus (the checked-in
# seeds stay as they are), then prints one line per target: executions,
# exec/s, seconds, crashes. A crash input is kept under BUILD/fuzz-TARGET/.
#   tests/fuzz/campaign.sh [BUILD_DIR] [SECONDS] [TARGET...]
# Targets: request decap config domain datapath control (default: all).
# datapath and control start an EAL: on a shared machine run under the DPDK
# lock (flock /work/dpdk.lock make fuzz).
set -u
cd "$(dirname "$0")/../.."
build=${1:-build-clang}
seconds=${2:-60}
shift 2 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(request decap config domain datapath control)
failed=0

corpus_of() {
	case $1 in
	request) echo tests/fuzz/corpus ;;
	*) echo "tests/fuzz/$1_corpus" ;;
	esac
}

for t in "${targets[@]}"; do
	bin=$build/fuzz_$t
	work=$build/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "fuzz_$t: $bin missing (a clang build: make build-clang)"
		failed=1
		continue
	fi
	rm -rf "$work" && mkdir -p "$work" && cp -r "$(corpus_of "$t")" "$work/corpus"
	start=$(date +%s)
	(cd "$work" && exec nice -n 19 "$OLDPWD/$bin" -max_total_time="$seconds" \
		-print_final_stats=1 -rss_limit_mb=4096 corpus >log 2>&1) &
	pid=$!
	wait $pid
	rc=$?
	rm -rf "/var/run/dpdk/fuzz_${t}_$pid"
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
	crashes=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' \
		-o -maxdepth 1 -name 'timeout-*' | wc -l)
	echo "fuzz_$t: ${runs:-?} executions, ${rate:-?} exec/s, $(($(date +%s) - start)) s," \
		"$crashes crashes (exit $rc; log $work/log)"
	[ $rc -eq 0 ] || failed=1
done
exit $failed
